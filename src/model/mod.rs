//! The pure OKR domain: objectives, key results, periods, rules and scores.
//!
//! No I/O, no clock, no printing: `today` is always a parameter. The structs here are also the
//! data file's format (see `store`), so every change to them is a change to the file.

mod edit;
mod error;
pub mod input;
mod measure;
pub mod merge;
mod record;
pub mod rules;

pub use edit::{import, templates};
pub use measure::{calibration, due, forecast, pace, period, score, status, trend};
pub use record::{fields, ids, kpi, names};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub use edit::add::{NewKeyResult, NewObjective};
pub use edit::carry::{Carried, CarriedKeyResult, Carry};
pub use edit::change::{KeyResultEdit, MilestoneEdit, ObjectiveEdit, Removed};
pub use edit::lifecycle::Graded;
pub use error::ModelError;
pub use kpi::{Kpi, KpiRecord};
pub use period::Period;
pub use record::objective::{
    CheckIn, FinalResult, Keep, KeyResult, Kind, Level, Milestone, Objective, ObjectiveRecord,
    Owner, Retro,
};
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

    /// The objective with this id, to change; refuses a key result's id or an unknown one.
    pub(crate) fn objective_mut(&mut self, id: &str) -> Result<&mut Objective, ModelError> {
        match self.find(id) {
            Some(Item::Objective(_)) => {}
            Some(Item::KeyResult(..)) => return Err(ModelError::NotAnObjective(id.into())),
            None => return Err(ModelError::UnknownId(id.into())),
        }
        self.objectives
            .iter_mut()
            .find(|o| o.id == id)
            .ok_or_else(|| ModelError::UnknownId(id.into()))
    }

    pub(crate) fn key_result_mut(
        &mut self,
        id: &str,
    ) -> Result<(&mut Objective, usize), ModelError> {
        match self.find(id) {
            Some(Item::KeyResult(..)) => {}
            Some(Item::Objective(_)) => return Err(ModelError::NotAKeyResult(id.into())),
            None => return Err(ModelError::UnknownId(id.into())),
        }
        self.objectives
            .iter_mut()
            .find_map(|o| {
                let index = o.key_results.iter().position(|kr| kr.id == id)?;
                Some((o, index))
            })
            .ok_or_else(|| ModelError::UnknownId(id.into()))
    }

    /// Every objective's and key result's id, with where it is: the objective's index, and
    /// the key result's index within it.
    pub(crate) fn id_index(&self) -> HashMap<&str, (usize, Option<usize>)> {
        let mut index = HashMap::new();
        for (i, o) in self.objectives.iter().enumerate() {
            index.insert(o.id.as_str(), (i, None));
            for (j, kr) in o.key_results.iter().enumerate() {
                index.insert(kr.id.as_str(), (i, Some(j)));
            }
        }
        index
    }

    /// The key results measured by the KPI `name`, in file order.
    pub fn measured_by<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a KeyResult> + 'a {
        self.objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .filter(move |kr| kr.kpi.as_deref() == Some(name))
    }
}
