//! The pure OKR domain: objectives, key results, periods, rules and scores.
//!
//! No I/O, no clock, no printing: `today` is always a parameter. The structs here are also the
//! data file's format (see `store`), so every change to them is a change to the file.

mod edit;
mod error;
pub mod input;
pub mod kpi;
mod lifecycle;
mod ops;
pub mod period;
pub mod rules;
pub mod score;
pub mod status;
pub mod templates;
pub mod trend;

use std::collections::HashSet;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use error::ModelError;
pub use kpi::{Kpi, KpiRecord};
pub use ops::{KeyResultEdit, NewKeyResult, NewObjective, ObjectiveEdit, Owner};
pub use period::Period;
pub use rules::{Problem, Settings};
pub use status::{Grade, Status};

/// The version of the data file this build writes. Version 1 files are read and upgraded on
/// the next write (see `store`).
pub const VERSION: u32 = 2;

/// A whole data file: its settings, its id counters and every objective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Okrs {
    /// Format version of the file; see [`VERSION`].
    pub version: u32,
    /// The limits this file enforces.
    pub settings: Settings,
    /// Counters for generated ids; they only grow, so an id is never handed out twice.
    #[serde(default)]
    pub next_id: Counters,
    /// Periods closed with `okr close`: what lies within them can no longer change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed: Vec<Period>,
    /// The measurements that feed key results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Kpi>,
    /// Every objective of every period, in the order they were added.
    #[serde(default)]
    pub objectives: Vec<Objective>,
}

/// The numbers behind generated ids `o1`, `o2`, ... and `kr1`, `kr2`, ...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Counters {
    /// The number the next generated objective id will try.
    pub objective: u64,
    /// The number the next generated key result id will try.
    pub key_result: u64,
}

impl Counters {
    /// The next generated id (`o7`, `kr12`), counted up. Counters are kept above every
    /// numbered id in the file (see [`Okrs::cover_ids`]), so the id is free without a search.
    pub fn claim(&mut self, objective: bool) -> Result<String, ModelError> {
        let (prefix, counter) = if objective {
            ("o", &mut self.objective)
        } else {
            ("kr", &mut self.key_result)
        };
        let next = counter.checked_add(1).ok_or(ModelError::OutOfIds)?;
        let id = format!("{prefix}{counter}");
        *counter = next;
        Ok(id)
    }

    /// Moves the counters past `id` if it is a numbered id of their form (`o7`, `kr12`).
    pub fn cover(&mut self, id: &str) {
        for (prefix, counter) in [("kr", &mut self.key_result), ("o", &mut self.objective)] {
            if let Some(number) = id
                .strip_prefix(prefix)
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|n| n.parse::<u64>().ok())
            {
                *counter = (*counter).max(number.saturating_add(1));
            }
        }
    }
}

impl Default for Counters {
    fn default() -> Self {
        Counters {
            objective: 1,
            key_result: 1,
        }
    }
}

/// The three levels of the cascade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Company-wide objectives: the top of the cascade.
    Company,
    /// A team's objectives, aligned to company key results.
    Team,
    /// A person's objectives, aligned to team key results.
    Individual,
}

impl Level {
    /// The lowercase name used in output and the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Company => "company",
            Level::Team => "team",
            Level::Individual => "individual",
        }
    }
}

/// Aspirational OKRs are stretch goals (0.7 is a success); committed ones must reach 1.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A stretch goal: the default.
    #[default]
    Aspirational,
    /// A promise: anything below 1.0 is missed.
    Committed,
}

impl Kind {
    /// The lowercase name used in output and the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Aspirational => "aspirational",
            Kind::Committed => "committed",
        }
    }
}

/// An ambitious outcome for one owner and period, measured by its key results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Stable id, unique across objectives and key results.
    pub id: String,
    /// The outcome, in a few words.
    pub title: String,
    /// Company, team or individual.
    pub level: Level,
    /// The team: the owner of a team objective, or the team a person belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// The person owning an individual objective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// The period the objective runs for.
    pub period: Period,
    /// Aspirational or committed.
    #[serde(default)]
    pub kind: Kind,
    /// Ids of the key results one level up that this objective helps to move.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aligns: Vec<String>,
    /// Optional longer text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The objective this one was carried over from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
    /// The result recorded when its period was closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Closing>,
    /// The measurable results, in the order they were added.
    #[serde(default)]
    pub key_results: Vec<KeyResult>,
}

/// An objective's result, frozen when its period was closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    /// The day the period was closed.
    pub on: NaiveDate,
    /// The score then.
    pub score: f64,
    /// The grade that score earned.
    pub grade: Grade,
}

impl Objective {
    /// A key that is equal for objectives of the same owner: the unit of the objective limit.
    pub fn owner_key(&self) -> String {
        match self.level {
            Level::Company => "company".into(),
            Level::Team => format!("team:{}", self.team.as_deref().unwrap_or_default()),
            Level::Individual => format!("person:{}", self.person.as_deref().unwrap_or_default()),
        }
    }

    /// The owner in prose: ``the company``, ``team `growth` ``, ``person `ana` ``.
    pub fn owner_label(&self) -> String {
        match self.level {
            Level::Company => "the company".into(),
            Level::Team => format!("team `{}`", self.team.as_deref().unwrap_or_default()),
            Level::Individual => {
                format!("person `{}`", self.person.as_deref().unwrap_or_default())
            }
        }
    }

    /// The owner's name: `company`, the team, or the person.
    pub fn owner_name(&self) -> &str {
        match self.level {
            Level::Company => "company",
            Level::Team => self.team.as_deref().unwrap_or_default(),
            Level::Individual => self.person.as_deref().unwrap_or_default(),
        }
    }

    /// The weight-averaged score of the key results (0 with none).
    pub fn score(&self) -> f64 {
        score::weighted_mean(self.key_results.iter().map(|kr| (kr.score(), kr.weight)))
    }

    /// The objective's status on `today`, given its `score` then (see `score_on`).
    pub fn status(&self, score: f64, today: NaiveDate) -> Status {
        status::status(score, self.kind, &self.period, today)
    }

    /// The final grade: the one recorded at closing, else the one `score` (its score on
    /// `today`) earns once the period is over; `None` while it runs.
    pub fn grade(&self, score: f64, today: NaiveDate) -> Option<Grade> {
        match &self.closed {
            Some(closing) => Some(closing.grade),
            None if today > self.period.end() => Some(status::grade(score, self.kind)),
            None => None,
        }
    }
}

/// A measurable result: a number that moves from `start` towards `target`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyResult {
    /// Stable id, unique across objectives and key results.
    pub id: String,
    /// What is measured.
    pub title: String,
    /// The value at the start (the baseline).
    #[serde(serialize_with = "input::serialize_number")]
    pub start: f64,
    /// The value to reach; below `start` for key results that go down.
    #[serde(serialize_with = "input::serialize_number")]
    pub target: f64,
    /// The target as it was given when relative to the start (`+25%`, `+300`), for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative_target: Option<String>,
    /// Unit of the values, e.g. `%`, `visitors`, `EUR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Share of the objective's score, relative to the other key results.
    #[serde(default = "one", serialize_with = "input::serialize_number")]
    pub weight: f64,
    /// Set with `okr edit KR --outcome-ok`: the task-like lint is silenced for this one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub outcome_ok: bool,
    /// The KPI whose records become this key result's check-ins, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kpi: Option<String>,
    /// Measurements, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checkins: Vec<CheckIn>,
}

fn one() -> f64 {
    1.0
}

impl KeyResult {
    /// The latest check-in's value, or the start value when there is none.
    pub fn current(&self) -> f64 {
        self.checkins.last().map_or(self.start, |c| c.value)
    }

    /// The score: see [`score::kr_score`].
    pub fn score(&self) -> f64 {
        score::kr_score(self.start, self.target, self.current())
    }
}

/// One measurement of a key result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    /// The day the value was measured.
    #[serde(deserialize_with = "input::deserialize_date")]
    pub date: NaiveDate,
    /// The measured value.
    #[serde(serialize_with = "input::serialize_number")]
    pub value: f64,
    /// Optional context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How sure the owner is to reach the target, 0–10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<u8>,
    /// A caller-chosen key (the `id` column of an import): a row with a known key is skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
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
            next_id: Counters::default(),
            closed: Vec::new(),
            kpis: Vec::new(),
            objectives: Vec::new(),
        })
    }

    /// Moves the id counters past every numbered id in the file, so that a generated id is
    /// free without searching for it (a file without `next_id`, or edited by hand, would
    /// otherwise cost a search of the whole file per id). Called once when a file is read.
    pub fn cover_ids(&mut self) {
        let Okrs {
            next_id,
            objectives,
            ..
        } = self;
        for o in objectives.iter() {
            next_id.cover(&o.id);
            for kr in &o.key_results {
                next_id.cover(&kr.id);
            }
        }
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

    /// Checks the invariants a loaded file must hold for commands to work on it: unique,
    /// well-formed ids, owners that match levels, sane numbers and limits. The OKR rules
    /// themselves are `rules::check`'s job, so a file that breaks them still loads.
    pub fn validate(&self) -> Result<(), ModelError> {
        self.settings.validate()?;
        let mut seen = HashSet::new();
        let mut unique = |id: &str| -> Result<(), ModelError> {
            input::check_id(id)?;
            if seen.insert(id.to_string()) {
                Ok(())
            } else {
                Err(ModelError::Corrupt(format!(
                    "id `{id}` is used twice; rename one of them"
                )))
            }
        };
        let text = |what: &str, id: &str, value: Option<&str>, newlines: bool| {
            input::check_text(value.unwrap_or_default(), newlines).map_err(|c| {
                ModelError::ControlCharacter {
                    what: format!("the {what} of `{id}`"),
                    code: format!("U+{:04X}", u32::from(c)),
                }
            })
        };
        let id = |what: &str, owner: &str, value: &str| {
            input::check_id(value).map_err(|_| {
                let what = if owner.is_empty() {
                    what.to_string()
                } else {
                    format!("the {what} of `{owner}`")
                };
                ModelError::Corrupt(format!(
                    "{what} is `{}`, not an id; use letters, digits, `-`, `_` or `.`",
                    input::escaped(value)
                ))
            })
        };
        let number = |what: &str, owner: &str, value: f64| {
            if input::in_range(value) {
                Ok(())
            } else {
                Err(ModelError::Corrupt(format!(
                    "the {what} of `{owner}` is {value:e}, out of range; okr keeps numbers from -1e15 to 1e15"
                )))
            }
        };
        let mut kpi_names = HashSet::new();
        for kpi in &self.kpis {
            id("a KPI's name", "", &kpi.name)?;
            if !kpi_names.insert(kpi.name.as_str()) {
                return Err(ModelError::Corrupt(format!(
                    "KPI `{}` is defined twice; merge or rename one of them",
                    kpi.name
                )));
            }
            text("unit", &kpi.name, kpi.unit.as_deref(), false)?;
            text("description", &kpi.name, kpi.description.as_deref(), true)?;
            for record in &kpi.records {
                number("recorded value", &kpi.name, record.value)?;
                text("record id", &kpi.name, record.id.as_deref(), false)?;
            }
        }
        for o in &self.objectives {
            unique(&o.id)?;
            text("title", &o.id, Some(&o.title), false)?;
            text("team", &o.id, o.team.as_deref(), false)?;
            text("person", &o.id, o.person.as_deref(), false)?;
            text("description", &o.id, o.description.as_deref(), true)?;
            for aligned in &o.aligns {
                id("alignment", &o.id, aligned)?;
            }
            if let Some(from) = &o.carried_from {
                id("origin", &o.id, from)?;
            }
            if let Some(closing) = &o.closed
                && !(0.0..=1.0).contains(&closing.score)
            {
                return Err(ModelError::Corrupt(format!(
                    "objective `{}` was closed with score {}; a score is from 0 to 1",
                    o.id, closing.score
                )));
            }
            let owner_ok = match o.level {
                Level::Company => o.team.is_none() && o.person.is_none(),
                Level::Team => o.team.is_some() && o.person.is_none(),
                Level::Individual => o.person.is_some(),
            };
            if !owner_ok {
                return Err(ModelError::Corrupt(format!(
                    "objective `{}` is at level `{}` but names {}; a company objective has no team or person, a team objective a team, an individual one a person",
                    o.id,
                    o.level.as_str(),
                    match (&o.team, &o.person) {
                        (None, None) => "no owner".to_string(),
                        (Some(t), None) => format!("team `{t}`"),
                        (None, Some(p)) => format!("person `{p}`"),
                        (Some(t), Some(p)) => format!("team `{t}` and person `{p}`"),
                    }
                )));
            }
            for kr in &o.key_results {
                unique(&kr.id)?;
                text("title", &kr.id, Some(&kr.title), false)?;
                text("unit", &kr.id, kr.unit.as_deref(), false)?;
                if let Some(kpi) = &kr.kpi {
                    id("KPI", &kr.id, kpi)?;
                }
                if let Some(form) = &kr.relative_target
                    && input::target(form).is_err()
                {
                    return Err(ModelError::Corrupt(format!(
                        "the relative target of `{}` is `{}`; use a form like `+25%` or `+300`, or remove `relative_target`",
                        kr.id,
                        input::escaped(form)
                    )));
                }
                number("start", &kr.id, kr.start)?;
                number("target", &kr.id, kr.target)?;
                number("weight", &kr.id, kr.weight)?;
                for c in &kr.checkins {
                    text("check-in note", &kr.id, c.note.as_deref(), false)?;
                    text("check-in id", &kr.id, c.id.as_deref(), false)?;
                    number("check-in value", &kr.id, c.value)?;
                }
                if kr.weight < 0.0 {
                    return Err(ModelError::Corrupt(format!(
                        "key result `{}` has a negative weight ({}); use 0 or more",
                        kr.id, kr.weight
                    )));
                }
                if let Some(c) = kr
                    .checkins
                    .iter()
                    .find_map(|c| c.confidence.filter(|&c| c > 10))
                {
                    return Err(ModelError::Corrupt(format!(
                        "key result `{}` has a check-in with confidence {c}; use 0 to 10",
                        kr.id
                    )));
                }
                if kr.checkins.windows(2).any(|w| w[0].date > w[1].date) {
                    return Err(ModelError::Corrupt(format!(
                        "the check-ins of key result `{}` are not in date order; sort them oldest first",
                        kr.id
                    )));
                }
            }
        }
        Ok(())
    }
}
