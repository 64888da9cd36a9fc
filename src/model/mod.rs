//! The pure OKR domain: objectives, key results, periods, rules and scores.
//!
//! No I/O, no clock, no printing: `today` is always a parameter. The structs here are also the
//! data file's format (see `store`), so every change to them is a change to the file.

mod add;
mod change;
pub mod due;
mod error;
pub mod fields;
pub mod ids;
pub mod import;
pub mod input;
pub mod kpi;
mod lifecycle;
pub mod merge;
pub mod names;
mod objective;
pub mod period;
mod resolve;
pub mod rules;
pub mod score;
pub mod settings;
pub mod status;
pub mod templates;
pub mod trend;
mod validate;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use add::{KeyResultEdit, NewKeyResult, NewObjective, ObjectiveEdit, Removed};
pub use error::ModelError;
pub use kpi::{Kpi, KpiRecord};
pub use lifecycle::{Carried, Carry, Graded};
pub use objective::{
    CheckIn, FinalResult, Keep, KeyResult, Kind, Level, Objective, ObjectiveRecord, Owner,
};
pub use period::Period;
pub use rules::{Problem, Settings};
pub use status::{Grade, Status};

/// The version of the data file this build writes. Older files are read and upgraded on the
/// next write (see `store`). Version 3 dropped the id counters (`next_id`): ids are random
/// (see [`ids`]), so that branches never hand out the same one.
pub const VERSION: u32 = 3;

/// A whole data file: its settings, its id counters and every objective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Okrs {
    /// Format version of the file; see [`VERSION`].
    pub version: u32,
    /// The limits this file enforces.
    pub settings: Settings,
    /// The id counters of version 2 files, read and dropped: ids are random now.
    #[serde(default, rename = "next_id", skip_serializing)]
    #[schemars(skip)]
    pub legacy_counters: Option<serde::de::IgnoredAny>,
    /// Periods closed with `okr close`: what lies within them can no longer change.
    #[serde(default, rename = "closed", skip_serializing_if = "Vec::is_empty")]
    pub closed_periods: Vec<Period>,
    /// The measurements that feed key results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Kpi>,
    /// Every objective of every period, in the order they were added.
    #[serde(default)]
    pub objectives: Vec<Objective>,
    /// Fields two branches changed differently, left by `okr merge` until resolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<merge::Conflict>,
    /// Where generated ids come from (not part of the file).
    #[serde(skip)]
    #[schemars(skip)]
    pub ids: ids::IdSource,
}

/// What an id names.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    /// An objective.
    Objective(&'a Objective),
    /// A key result and the objective it belongs to.
    KeyResult(&'a Objective, &'a KeyResult),
}

impl Okrs {
    /// An empty file with the given limits.
    pub fn new(settings: Settings) -> Result<Okrs, ModelError> {
        settings.validate()?;
        Ok(Okrs {
            version: VERSION,
            settings,
            legacy_counters: None,
            closed_periods: Vec::new(),
            kpis: Vec::new(),
            objectives: Vec::new(),
            conflicts: Vec::new(),
            ids: ids::IdSource::default(),
        })
    }

    /// The objective with this id.
    pub fn objective(&self, id: &str) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.id == id)
    }

    /// The objective or key result with this id.
    pub fn find(&self, id: &str) -> Option<Item<'_>> {
        self.objectives.iter().find_map(|o| {
            if o.id == id {
                Some(Item::Objective(o))
            } else {
                o.key_results
                    .iter()
                    .find(|kr| kr.id == id)
                    .map(|kr| Item::KeyResult(o, kr))
            }
        })
    }

    /// The key result with this id and its objective; refuses an objective's id or an
    /// unknown one.
    pub fn key_result(&self, id: &str) -> Result<(&Objective, &KeyResult), ModelError> {
        match self.find(id) {
            Some(Item::KeyResult(o, kr)) => Ok((o, kr)),
            Some(Item::Objective(_)) => Err(ModelError::NotAKeyResult(id.into())),
            None => Err(ModelError::UnknownId(id.into())),
        }
    }

    /// The objective or key result with this id; refuses an unknown one.
    pub fn item(&self, id: &str) -> Result<Item<'_>, ModelError> {
        self.find(id)
            .ok_or_else(|| ModelError::UnknownId(id.into()))
    }

    /// The key results measured by the KPI `name`, in file order.
    pub fn measured_by<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a KeyResult> + 'a {
        self.objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .filter(move |kr| kr.kpi.as_deref() == Some(name))
    }
}
