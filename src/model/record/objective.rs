//! Objectives, their owners and key results, and the check-ins that measure them: the
//! records of the data file.

use std::fmt;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::rules::ObjectiveStatus;
use crate::model::{Grade, ModelError, Period, Settings, Status, input, score, status};

/// The three levels of the cascade, top first: `Company < Team < Individual`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
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

    /// The level whose key results objectives of this level align to; `None` for the top.
    pub fn above(self) -> Option<Level> {
        match self {
            Level::Company => None,
            Level::Team => Some(Level::Company),
            Level::Individual => Some(Level::Team),
        }
    }

    /// The level whose objectives align to key results of this one; `None` for the bottom.
    pub fn below(self) -> Option<Level> {
        match self {
            Level::Company => Some(Level::Team),
            Level::Team => Some(Level::Individual),
            Level::Individual => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who owns an objective: its level and the names that go with it, in one value that cannot
/// contradict itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Owner {
    /// The company as a whole.
    Company,
    /// A team.
    Team(String),
    /// A person, optionally with the team they belong to.
    Person {
        /// The person's name.
        person: String,
        /// Their team, if given.
        team: Option<String>,
    },
}

impl Owner {
    /// The level of the cascade this owner's objectives sit at.
    pub fn level(&self) -> Level {
        match self {
            Owner::Company => Level::Company,
            Owner::Team(_) => Level::Team,
            Owner::Person { .. } => Level::Individual,
        }
    }

    /// The team: the owning team, or the team a person belongs to.
    pub fn team(&self) -> Option<&str> {
        match self {
            Owner::Company => None,
            Owner::Team(team) => Some(team),
            Owner::Person { team, .. } => team.as_deref(),
        }
    }

    /// The owning person of an individual objective.
    pub fn person(&self) -> Option<&str> {
        match self {
            Owner::Person { person, .. } => Some(person),
            _ => None,
        }
    }

    /// The owner's name: `company`, the team, or the person.
    pub fn name(&self) -> &str {
        match self {
            Owner::Company => "company",
            Owner::Team(team) => team,
            Owner::Person { person, .. } => person,
        }
    }

    /// What makes two owners the same for the objective limit: the level and the name (a
    /// person counts alone, whichever team they are named with).
    ///
    /// Names are compared as people mean them: `Content` and ` content ` are one team.
    pub fn key(&self) -> (Level, String) {
        (self.level(), crate::model::names::folded(self.name()))
    }

    /// The owner in prose, for messages: ``the company``, ``team `growth` ``, ``person `ana` ``.
    pub fn label(&self) -> String {
        match self {
            Owner::Company => "the company".into(),
            Owner::Team(team) => format!("team `{team}`"),
            Owner::Person { person, .. } => format!("person `{person}`"),
        }
    }
}

/// In a merge conflict an owner is recorded as `[level, team, person]`.
impl Serialize for Owner {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let team = match self {
            Owner::Team(team) => Some(team.as_str()),
            Owner::Person { team, .. } => team.as_deref(),
            Owner::Company => None,
        };
        (self.level(), team, self.person()).serialize(serializer)
    }
}

impl Owner {
    /// The owner a level and names describe, if they agree: a company objective has no team
    /// or person, a team objective a team, an individual one a person (and maybe a team).
    pub fn from_parts(level: Level, team: Option<String>, person: Option<String>) -> Option<Owner> {
        Some(match (level, team, person) {
            (Level::Company, None, None) => Owner::Company,
            (Level::Team, Some(team), None) => Owner::Team(team),
            (Level::Individual, team, Some(person)) => Owner::Person { person, team },
            _ => return None,
        })
    }
}

/// Read as it is written: `[level, team, person]` (a merge conflict records an owner so).
impl<'de> Deserialize<'de> for Owner {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (level, team, person) =
            <(Level, Option<String>, Option<String>)>::deserialize(deserializer)?;
        Owner::from_parts(level, team, person)
            .ok_or_else(|| serde::de::Error::custom("a level and names that do not go together"))
    }
}

/// The owner as every view writes it: `company`, `team growth`, `ana (growth)`.
impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Company => f.write_str("company"),
            Owner::Team(team) => write!(f, "team {team}"),
            Owner::Person {
                person,
                team: Some(team),
            } => write!(f, "{person} ({team})"),
            Owner::Person { person, .. } => f.write_str(person),
        }
    }
}

/// An ambitious outcome for one owner and period, measured by its key results.
///
/// In the file the owner is written as `level`, `team` and `person` (see [`ObjectiveRecord`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "ObjectiveRecord")]
pub struct Objective {
    /// Stable id, unique across objectives and key results.
    pub id: String,
    /// The outcome, in a few words.
    pub title: String,
    /// Company, a team or a person.
    pub owner: Owner,
    /// The period the objective runs for.
    pub period: Period,
    /// Aspirational or committed.
    pub kind: Kind,
    /// Ids of the key results one level up that this objective helps to move.
    pub aligns: Vec<String>,
    /// Optional longer text.
    pub description: Option<String>,
    /// The objective this one was carried over from, if any.
    pub carried_from: Option<String>,
    /// The result recorded when its period was closed.
    pub final_result: Option<FinalResult>,
    /// A status its owner set by hand; `None`: computed.
    pub status: Option<Status>,
    /// What was learned once its period ended (`okr retro`).
    pub retro: Option<Retro>,
    /// The measurable results, in the order they were added.
    pub key_results: Vec<KeyResult>,
}

/// What was learned from an objective or key result once its period ended, and, if wished,
/// the owner's own score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Retro {
    /// What the quarter taught.
    pub note: String,
    /// The owner's own score, 0 to 1, beside the computed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// An objective as the data file holds it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveRecord {
    /// Stable id, unique across objectives and key results.
    id: String,
    /// The outcome, in a few words.
    title: String,
    /// Company, team or individual.
    level: Level,
    /// The team: the owner of a team objective, or the team a person belongs to.
    #[serde(default)]
    team: Option<String>,
    /// The person owning an individual objective.
    #[serde(default)]
    person: Option<String>,
    /// The period the objective runs for.
    period: Period,
    /// Aspirational or committed.
    #[serde(default)]
    kind: Kind,
    /// Ids of the key results one level up that this objective helps to move.
    #[serde(default)]
    aligns: Vec<String>,
    /// Optional longer text.
    #[serde(default)]
    description: Option<String>,
    /// The objective this one was carried over from, if any.
    #[serde(default)]
    carried_from: Option<String>,
    /// The result recorded when its period was closed.
    #[serde(default)]
    closed: Option<FinalResult>,
    /// A status its owner set by hand.
    #[serde(default)]
    status: Option<Status>,
    /// What was learned once its period ended.
    #[serde(default)]
    retro: Option<Retro>,
    /// The measurable results, in the order they were added.
    #[serde(default)]
    key_results: Vec<KeyResult>,
}

impl TryFrom<ObjectiveRecord> for Objective {
    type Error = ModelError;

    fn try_from(o: ObjectiveRecord) -> Result<Objective, ModelError> {
        // The names are kept for the message, should they not go together.
        let (level, team, person) = (o.level, o.team.clone(), o.person.clone());
        let Some(owner) = Owner::from_parts(o.level, o.team, o.person) else {
            return Err(ModelError::Corrupt(format!(
                "objective `{}` is at level `{level}` but names {}; a company objective has no team or person, a team objective a team, an individual one a person",
                o.id,
                match (team, person) {
                    (None, None) => "no owner".to_string(),
                    (Some(t), None) => format!("team `{t}`"),
                    (None, Some(p)) => format!("person `{p}`"),
                    (Some(t), Some(p)) => format!("team `{t}` and person `{p}`"),
                }
            )));
        };
        Ok(Objective {
            id: o.id,
            title: o.title,
            owner,
            period: o.period,
            kind: o.kind,
            aligns: o.aligns,
            description: o.description,
            carried_from: o.carried_from,
            final_result: o.closed,
            status: o.status,
            retro: o.retro,
            key_results: o.key_results,
        })
    }
}

/// Written field by field, borrowing: saving a large file copies nothing.
impl Serialize for Objective {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Record<'a> {
            id: &'a str,
            title: &'a str,
            level: Level,
            #[serde(skip_serializing_if = "Option::is_none")]
            team: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            person: Option<&'a str>,
            period: Period,
            kind: Kind,
            #[serde(skip_serializing_if = "<[String]>::is_empty")]
            aligns: &'a [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            description: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            carried_from: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            closed: Option<&'a FinalResult>,
            #[serde(skip_serializing_if = "Option::is_none")]
            status: Option<Status>,
            #[serde(skip_serializing_if = "Option::is_none")]
            retro: Option<&'a Retro>,
            key_results: &'a [KeyResult],
        }
        Record {
            id: &self.id,
            title: &self.title,
            level: self.owner.level(),
            team: self.owner.team(),
            person: self.owner.person(),
            period: self.period,
            kind: self.kind,
            aligns: &self.aligns,
            description: self.description.as_deref(),
            carried_from: self.carried_from.as_deref(),
            closed: self.final_result.as_ref(),
            status: self.status,
            retro: self.retro.as_ref(),
            key_results: &self.key_results,
        }
        .serialize(serializer)
    }
}

impl JsonSchema for Objective {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Objective".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ObjectiveRecord::json_schema(generator)
    }
}

/// An objective's result, frozen when its period was closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FinalResult {
    /// The day the period was closed.
    pub on: NaiveDate,
    /// The score then.
    pub score: f64,
    /// The grade that score earned.
    pub grade: Grade,
}

impl Objective {
    /// The objective's level in the cascade.
    pub fn level(&self) -> Level {
        self.owner.level()
    }

    /// The weight-averaged score of the latest values of the key results (0 with none).
    pub fn score(&self) -> f64 {
        score::weighted_mean(self.key_results.iter().map(|kr| (kr.score(), kr.weight)))
    }

    /// The objective's status on `today`, given its `score` then (see `score_on`): from the
    /// score, or, with `objective_status = weakest`, the status of its weakest key result.
    pub fn status(&self, score: f64, today: NaiveDate, policy: &Settings) -> Status {
        if let Some(manual) = self.status {
            return manual;
        }
        let of = |score| {
            let expected = self.expected_on(today, policy);
            status::judge(score, expected, &self.period, today, policy)
        };
        if policy.objective_status == ObjectiveStatus::Weakest && !self.key_results.is_empty() {
            return self
                .key_results
                .iter()
                .map(|kr| {
                    kr.status_with(kr.score_on(today), self.kind, &self.period, today, policy)
                })
                .min_by_key(|s| s.strength())
                .unwrap_or(Status::NotStarted);
        }
        of(score)
    }

    /// The final grade: the one recorded at closing, else the one `score` (its score on
    /// `today`) earns once the period is over; `None` while it runs.
    pub fn grade(&self, score: f64, today: NaiveDate, policy: &Settings) -> Option<Grade> {
        match &self.final_result {
            Some(result) => Some(result.grade),
            None if today > self.period.end() => Some(status::grade(score, self.kind, policy)),
            None => None,
        }
    }

    /// Whether this is an aspirational objective whose every key result had reached its
    /// target by the end of `date`: fully met, so probably not ambitious enough.
    pub fn stretch_too_low(&self, date: NaiveDate) -> bool {
        self.kind == Kind::Aspirational
            && !self.key_results.is_empty()
            && self.key_results.iter().all(|kr| kr.score_on(date) >= 1.0)
    }
}

impl CheckIn {
    /// Whether a KPI's value made this check-in (see `okr kpi`): the number is the KPI's, and
    /// nobody gave a confidence or a note of their own.
    pub fn from_kpi(&self) -> bool {
        self.by.is_none()
            && self.confidence.is_none()
            && self
                .note
                .as_deref()
                .is_some_and(|n| n.starts_with("from KPI `") && n.ends_with('`'))
    }
}

impl KeyResult {
    /// Who answers for this key result's check-ins: its own owner, else the objective's
    /// person, else its team, else the company.
    pub fn answered_by(&self, objective: &Objective) -> String {
        match (&self.owner, &objective.owner) {
            (Some(owner), _) => owner.clone(),
            (None, Owner::Person { person, .. }) => person.clone(),
            (None, Owner::Team(team)) => format!("team {team}"),
            (None, Owner::Company) => "company".into(),
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
    /// Set when the owner says the key result is an outcome: the task-like lint is silenced.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub outcome_ok: bool,
    /// The KPI whose records become this key result's check-ins, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kpi: Option<String>,
    /// The person who answers for its check-ins; without one, the objective's owner does
    /// (see [`KeyResult::answered_by`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// A status its owner set by hand, until the next check-in; `None`: computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// For a health metric: the line to keep the value above or below (the target), rather
    /// than a change to make.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep: Option<Keep>,
    /// Phased targets, earliest first: the expected pace runs through them instead of a
    /// straight line (see [`KeyResult::expected_on`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// What was learned once its period ended (`okr retro`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retro: Option<Retro>,
    /// Measurements, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checkins: Vec<CheckIn>,
}

/// A phased target: the value a key result should have reached by a day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// The day.
    #[serde(deserialize_with = "input::deserialize_date")]
    pub date: NaiveDate,
    /// The value expected by the end of that day.
    #[serde(serialize_with = "input::serialize_number")]
    pub value: f64,
}

fn one() -> f64 {
    1.0
}

/// Which side of its target a health-metric key result keeps its value on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Keep {
    /// At or above the target: uptime above 99.5%.
    Above,
    /// At or below the target: cost per lead below 40.
    Below,
}

impl KeyResult {
    /// The score `value` gives: the way from start to target, or for a key result that keeps
    /// a line, 1 while the value holds it and 0 once it breaks it.
    pub fn score_of(&self, value: f64) -> f64 {
        match self.keep {
            Some(Keep::Above) => f64::from(u8::from(value >= self.target)),
            Some(Keep::Below) => f64::from(u8::from(value <= self.target)),
            None => score::kr_score(self.start, self.target, value),
        }
    }

    /// The status of this key result, of an objective of `kind` in `period`, with `score`
    /// on `today`: a line kept is on track, a line broken off track.
    pub fn status_with(
        &self,
        score: f64,
        kind: crate::model::Kind,
        period: &Period,
        today: NaiveDate,
        policy: &Settings,
    ) -> Status {
        if let Some(manual) = self.status {
            return manual;
        }
        match self.keep {
            Some(_) if today < period.start() => Status::NotStarted,
            Some(_) if score >= 1.0 => Status::OnTrack,
            Some(_) => Status::OffTrack,
            None => {
                let expected = self.expected_on(kind, period, today, policy);
                status::judge(score, expected, period, today, policy)
            }
        }
    }

    /// The latest check-in's value, or the start value when there is none.
    pub fn current(&self) -> f64 {
        self.checkins.last().map_or(self.start, |c| c.value)
    }

    /// The score of the latest value: see [`score::kr_score`].
    pub fn score(&self) -> f64 {
        self.score_of(self.current())
    }
}

#[cfg(test)]
impl KeyResult {
    /// A key result `kr1` for unit tests, from `start` to `target`, with check-ins of
    /// (day, value, confidence), oldest first.
    pub(crate) fn sample(
        start: f64,
        target: f64,
        checkins: &[(&str, f64, Option<u8>)],
    ) -> KeyResult {
        KeyResult {
            id: "kr1".into(),
            title: "Visitors".into(),
            start,
            target,
            relative_target: None,
            unit: None,
            weight: 1.0,
            outcome_ok: false,
            kpi: None,
            owner: None,
            status: None,
            keep: None,
            milestones: Vec::new(),
            retro: None,
            checkins: checkins
                .iter()
                .map(|&(date, value, confidence)| CheckIn {
                    date: date.parse().expect("a test date"),
                    value,
                    note: None,
                    confidence,
                    by: None,
                    id: None,
                })
                .collect(),
        }
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
    /// Who gave it (`--by`, `OKR_USER`, or git's user name), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// A caller-chosen key (the `id` column of an import): a row with a known key is skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::{Level, Owner};

    #[test]
    fn levels_know_their_neighbours() {
        assert_eq!(Level::Company.above(), None);
        assert_eq!(Level::Team.above(), Some(Level::Company));
        assert_eq!(Level::Individual.above(), Some(Level::Team));
        assert_eq!(Level::Company.below(), Some(Level::Team));
        assert_eq!(Level::Individual.below(), None);
        assert!(Level::Company < Level::Team && Level::Team < Level::Individual);
    }

    #[test]
    fn an_owner_is_written_one_way() {
        let ana = Owner::Person {
            person: "ana".into(),
            team: Some("growth".into()),
        };
        assert_eq!(Owner::Company.to_string(), "company");
        assert_eq!(Owner::Team("growth".into()).to_string(), "team growth");
        assert_eq!(ana.to_string(), "ana (growth)");
        assert_eq!(ana.label(), "person `ana`");
        assert_eq!(ana.team(), Some("growth"));
        // A person counts as one owner whichever team they are named with.
        let alone = Owner::Person {
            person: "ana".into(),
            team: None,
        };
        assert_eq!(ana.key(), alone.key());
        assert_ne!(Owner::Team("ana".into()).key(), alone.key());
    }
}
