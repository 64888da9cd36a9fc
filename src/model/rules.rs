//! The rules from the OKR method: how many objectives and key results, and how they cascade.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::input::NumberFormat;
use super::{Level, ModelError, Objective, Period};

mod check;

pub use check::{ACTIVITY_VERBS, ADVISED_KRS, TASK_COUNT, check, task_like};

/// Default limit of objectives per owner and period.
pub const MAX_OBJECTIVES: u32 = 2;
/// Default least number of key results per objective.
pub const MIN_KRS: u32 = 2;
/// Default most key results per objective.
pub const MAX_KRS: u32 = 4;

/// The limits and the scoring policy a data file follows; each file carries its own. The
/// policy settings are written only when they differ from their defaults, so a file that
/// keeps the defaults reads as it always did. docs/scoring.md describes each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Most objectives one owner (the company, a team, a person) may have in one period.
    pub max_objectives: u32,
    /// Fewest key results an objective should have (reported by `check`).
    pub min_krs: u32,
    /// Most key results an objective may have (refused by `add kr`).
    pub max_krs: u32,
    /// Share of the elapsed time an aspirational OKR is expected to have reached (0.7).
    #[serde(
        default = "defaults::aspirational_pace",
        skip_serializing_if = "defaults::is_aspirational_pace"
    )]
    pub aspirational_pace: f64,
    /// How far behind the expected score a key result may be and still be on track (0.10).
    #[serde(
        default = "defaults::on_track_gap",
        skip_serializing_if = "defaults::is_on_track_gap"
    )]
    pub on_track_gap: f64,
    /// How far behind it may be and be at risk rather than off track (0.25).
    #[serde(
        default = "defaults::at_risk_gap",
        skip_serializing_if = "defaults::is_at_risk_gap"
    )]
    pub at_risk_gap: f64,
    /// Share of the period after which a score of 0 is off track whatever the gap (0.8).
    #[serde(
        default = "defaults::zero_off_track_after",
        skip_serializing_if = "defaults::is_zero_off_track_after"
    )]
    pub zero_off_track_after: f64,
    /// Final score from which an aspirational objective is graded green (0.7).
    #[serde(
        default = "defaults::green_from",
        skip_serializing_if = "defaults::is_green_from"
    )]
    pub green_from: f64,
    /// Final score from which it is graded yellow, below green (0.4).
    #[serde(
        default = "defaults::yellow_from",
        skip_serializing_if = "defaults::is_yellow_from"
    )]
    pub yellow_from: f64,
    /// Days without a check-in after which a key result is stale (14).
    #[serde(
        default = "defaults::stale_days",
        skip_serializing_if = "defaults::is_stale_days"
    )]
    pub stale_days: u32,
    /// A fall in confidence of at least this much is flagged (3).
    #[serde(
        default = "defaults::confidence_drop",
        skip_serializing_if = "defaults::is_confidence_drop"
    )]
    pub confidence_drop: u8,
    /// How an objective's status is found: from its weighted score, or its weakest key result.
    #[serde(default, skip_serializing_if = "ObjectiveStatus::is_default")]
    pub objective_status: ObjectiveStatus,
    /// How the team writes numbers on the command line and in imports: `1,234.5` (a point
    /// before the decimals) or `1.234,5` (a comma).
    #[serde(default, skip_serializing_if = "NumberFormat::is_default")]
    pub number_format: NumberFormat,
}

/// How an objective's status is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ObjectiveStatus {
    /// From its weighted score, like a key result's.
    #[default]
    Score,
    /// The status of its weakest key result.
    Weakest,
}

impl ObjectiveStatus {
    fn is_default(&self) -> bool {
        *self == ObjectiveStatus::Score
    }
}

/// The defaults of the policy settings, and whether a value is one.
mod defaults {
    macro_rules! default {
        ($name:ident, $is:ident, $type:ty, $value:expr) => {
            pub fn $name() -> $type {
                $value
            }
            #[allow(clippy::trivially_copy_pass_by_ref, clippy::float_cmp)]
            pub fn $is(value: &$type) -> bool {
                *value == $value
            }
        };
    }
    default!(aspirational_pace, is_aspirational_pace, f64, 0.7);
    default!(on_track_gap, is_on_track_gap, f64, 0.10);
    default!(at_risk_gap, is_at_risk_gap, f64, 0.25);
    default!(zero_off_track_after, is_zero_off_track_after, f64, 0.8);
    default!(green_from, is_green_from, f64, 0.7);
    default!(yellow_from, is_yellow_from, f64, 0.4);
    default!(stale_days, is_stale_days, u32, 14);
    default!(confidence_drop, is_confidence_drop, u8, 3);
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_objectives: MAX_OBJECTIVES,
            min_krs: MIN_KRS,
            max_krs: MAX_KRS,
            aspirational_pace: defaults::aspirational_pace(),
            on_track_gap: defaults::on_track_gap(),
            at_risk_gap: defaults::at_risk_gap(),
            zero_off_track_after: defaults::zero_off_track_after(),
            green_from: defaults::green_from(),
            yellow_from: defaults::yellow_from(),
            stale_days: defaults::stale_days(),
            confidence_drop: defaults::confidence_drop(),
            objective_status: ObjectiveStatus::Score,
            number_format: NumberFormat::Point,
        }
    }
}

/// Every setting's name, in the order `okr settings` lists them.
pub const SETTING_KEYS: [&str; 13] = [
    "max_objectives",
    "min_krs",
    "max_krs",
    "aspirational_pace",
    "on_track_gap",
    "at_risk_gap",
    "zero_off_track_after",
    "green_from",
    "yellow_from",
    "stale_days",
    "confidence_drop",
    "objective_status",
    "number_format",
];

impl Settings {
    /// Sets the setting `key` from its text, then checks the whole: refused values leave
    /// the settings as they were.
    pub fn set(&mut self, key: &str, text: &str) -> Result<(), ModelError> {
        let mut changed = self.clone();
        changed.assign(key, text)?;
        changed.validate()?;
        *self = changed;
        Ok(())
    }

    /// Sets the setting `key` from its text, checking the value alone, not how it sits with
    /// the others (see [`Settings::set`]).
    pub fn assign(&mut self, key: &str, text: &str) -> Result<(), ModelError> {
        let bad = |why: &str| ModelError::InvalidSetting {
            key: key.to_string(),
            value: text.to_string(),
            why: why.to_string(),
        };
        let fraction = || -> Result<f64, ModelError> {
            match text.trim().parse::<f64>() {
                Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
                _ => Err(bad("give a fraction from 0 to 1, e.g. 0.7")),
            }
        };
        let whole = |max: u32| -> Result<u32, ModelError> {
            match text.trim().parse::<u32>() {
                Ok(v) if (1..=max).contains(&v) => Ok(v),
                _ => Err(bad(&format!("give a whole number from 1 to {max}"))),
            }
        };
        match key {
            "max_objectives" => self.max_objectives = whole(1000)?,
            "min_krs" => {
                self.min_krs = match text.trim().parse::<u32>() {
                    Ok(v) if v <= 1000 => v,
                    _ => return Err(bad("give a whole number from 0 to 1000")),
                }
            }
            "max_krs" => self.max_krs = whole(1000)?,
            "aspirational_pace" => self.aspirational_pace = fraction()?,
            "on_track_gap" => self.on_track_gap = fraction()?,
            "at_risk_gap" => self.at_risk_gap = fraction()?,
            "zero_off_track_after" => self.zero_off_track_after = fraction()?,
            "green_from" => self.green_from = fraction()?,
            "yellow_from" => self.yellow_from = fraction()?,
            "stale_days" => self.stale_days = whole(3660)?,
            "confidence_drop" => self.confidence_drop = whole(10)? as u8,
            "objective_status" => {
                self.objective_status = match text.trim() {
                    "score" => ObjectiveStatus::Score,
                    "weakest" => ObjectiveStatus::Weakest,
                    _ => return Err(bad("give `score` or `weakest`")),
                }
            }
            "number_format" => {
                self.number_format = NumberFormat::parse(text).ok_or_else(|| {
                    bad("give `1,234.5` (a point before the decimals) or `1.234,5`")
                })?
            }
            _ => return Err(ModelError::UnknownSetting(key.to_string())),
        }
        Ok(())
    }

    /// The value of setting `key` as text, `None` for an unknown key.
    pub fn get(&self, key: &str) -> Option<String> {
        Some(match key {
            "max_objectives" => self.max_objectives.to_string(),
            "min_krs" => self.min_krs.to_string(),
            "max_krs" => self.max_krs.to_string(),
            "aspirational_pace" => self.aspirational_pace.to_string(),
            "on_track_gap" => self.on_track_gap.to_string(),
            "at_risk_gap" => self.at_risk_gap.to_string(),
            "zero_off_track_after" => self.zero_off_track_after.to_string(),
            "green_from" => self.green_from.to_string(),
            "yellow_from" => self.yellow_from.to_string(),
            "stale_days" => self.stale_days.to_string(),
            "confidence_drop" => self.confidence_drop.to_string(),
            "objective_status" => match self.objective_status {
                ObjectiveStatus::Score => "score".to_string(),
                ObjectiveStatus::Weakest => "weakest".to_string(),
            },
            "number_format" => self.number_format.as_str().to_string(),
            _ => return None,
        })
    }

    /// Refuses limits that contradict each other or leave no room at all.
    pub fn validate(&self) -> Result<(), ModelError> {
        let fraction = |key: &str, v: f64| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(ModelError::InvalidSettings(format!(
                    "`{key}` is {v}; use a fraction from 0 to 1"
                )))
            }
        };
        for (key, v) in [
            ("aspirational_pace", self.aspirational_pace),
            ("on_track_gap", self.on_track_gap),
            ("at_risk_gap", self.at_risk_gap),
            ("zero_off_track_after", self.zero_off_track_after),
            ("green_from", self.green_from),
            ("yellow_from", self.yellow_from),
        ] {
            fraction(key, v)?;
        }
        if self.aspirational_pace == 0.0 {
            return Err(ModelError::InvalidSettings(
                "`aspirational_pace` is 0, so every score would be on track; use more than 0"
                    .into(),
            ));
        }
        if self.yellow_from > self.green_from {
            return Err(ModelError::InvalidSettings(format!(
                "`yellow_from` ({}) is above `green_from` ({}); yellow starts below green",
                self.yellow_from, self.green_from
            )));
        }
        if self.on_track_gap > self.at_risk_gap {
            return Err(ModelError::InvalidSettings(format!(
                "`on_track_gap` ({}) is above `at_risk_gap` ({}); at risk lies beyond on track",
                self.on_track_gap, self.at_risk_gap
            )));
        }
        if self.stale_days == 0 {
            return Err(ModelError::InvalidSettings(
                "`stale_days` is 0; use 1 or more".into(),
            ));
        }
        if !(1..=10).contains(&self.confidence_drop) {
            return Err(ModelError::InvalidSettings(format!(
                "`confidence_drop` is {}; use 1 to 10",
                self.confidence_drop
            )));
        }
        if self.max_objectives == 0 {
            return Err(ModelError::InvalidSettings(
                "`max_objectives` is 0; allow at least 1".into(),
            ));
        }
        if self.max_krs == 0 {
            return Err(ModelError::InvalidSettings(
                "`max_krs` is 0; allow at least 1".into(),
            ));
        }
        if self.min_krs > self.max_krs {
            return Err(ModelError::InvalidSettings(format!(
                "`min_krs` ({}) is above `max_krs` ({}); lower the minimum or raise the maximum",
                self.min_krs, self.max_krs
            )));
        }
        // Every value within the range `settings set` allows: one parser says what a setting
        // takes, whether it comes from the command line, a merge or the file.
        for key in SETTING_KEYS {
            if let Some(text) = self.get(key) {
                self.clone().assign(key, &text)?;
            }
        }
        Ok(())
    }
}

/// Which rule a problem breaks; the name is part of `okr check --json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// More objectives for one owner and period than `max_objectives`.
    MaxObjectives,
    /// Fewer key results than `min_krs`.
    MinKrs,
    /// More key results than `max_krs`.
    MaxKrs,
    /// A team or individual objective that aligns to nothing.
    Unaligned,
    /// An alignment to a key result that does not exist.
    DanglingAlignment,
    /// An alignment that skips or reverses a level, or misses the period.
    Cascade,
    /// A key result whose target equals its start.
    TargetEqualsStart,
    /// An aspirational objective whose every key result reached 1.0 (a warning).
    StretchTooLow,
    /// A key result that reads like a task rather than an outcome (a warning).
    TaskLike,
    /// More key results than the advice of 3 (a warning; the hard limit is `max_krs`).
    ManyKrs,
    /// An owner with more objectives than key results they align to (a warning).
    ThinAlignment,
    /// A key result measured by a KPI that does not exist.
    UnknownKpi,
    /// A field two branches changed differently, left by `okr merge` until resolved.
    MergeConflict,
    /// An objective whose key results all weigh 0, so that it scores 0 whatever they do.
    ZeroWeight,
}

impl Rule {
    /// The rule's name in `okr check` output: `max-objectives`, `task-like`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::MaxObjectives => "max-objectives",
            Rule::MinKrs => "min-krs",
            Rule::MaxKrs => "max-krs",
            Rule::Unaligned => "unaligned",
            Rule::DanglingAlignment => "dangling-alignment",
            Rule::Cascade => "cascade",
            Rule::TargetEqualsStart => "target-equals-start",
            Rule::StretchTooLow => "stretch-too-low",
            Rule::TaskLike => "task-like",
            Rule::ManyKrs => "many-krs",
            Rule::ThinAlignment => "thin-alignment",
            Rule::UnknownKpi => "unknown-kpi",
            Rule::MergeConflict => "merge-conflict",
            Rule::ZeroWeight => "zero-weight",
        }
    }
}

/// How serious a problem is: errors fail `okr check`, warnings only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// A broken rule.
    Error,
    /// Advice: probably worth a look, not a broken rule.
    Warning,
}

/// One broken rule, naming the objective or key result at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The rule broken.
    pub rule: Rule,
    /// Error or warning.
    pub severity: Severity,
    /// The objective or key result at fault.
    pub id: String,
    /// What is wrong, one line, in the domain's words (the report adds what to type).
    pub message: String,
    /// What else the problem names, where a fix needs it: the missing KPI of `unknown-kpi`,
    /// the missing key result of `dangling-alignment`.
    pub subject: Option<String>,
}

impl Problem {
    fn error(rule: Rule, id: &str, message: String) -> Problem {
        Problem {
            rule,
            severity: Severity::Error,
            id: id.to_string(),
            message,
            subject: None,
        }
    }

    fn warning(rule: Rule, id: &str, message: String) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(rule, id, message)
        }
    }

    fn about(mut self, subject: &str) -> Problem {
        self.subject = Some(subject.to_string());
        self
    }
}

/// The most confidence a check-in can state: confidence runs from 0 to this.
pub const MAX_CONFIDENCE: u8 = 10;

/// Whether `confidence` is on the 0–[`MAX_CONFIDENCE`] scale.
pub fn valid_confidence(confidence: u8) -> bool {
    confidence <= MAX_CONFIDENCE
}

/// Whether `weight` can weigh a key result: 0 (counts for nothing) or more.
pub fn valid_weight(weight: f64) -> bool {
    weight >= 0.0
}

/// Refuses a negative weight.
pub fn check_weight(weight: f64) -> Result<(), ModelError> {
    if valid_weight(weight) {
        Ok(())
    } else {
        Err(ModelError::NegativeWeight(weight.to_string()))
    }
}

/// Refuses key results of an objective (`id`) that weigh 0 together: its score would be 0
/// whatever they do.
pub fn check_weights(id: &str, weights: impl IntoIterator<Item = f64>) -> Result<(), ModelError> {
    let mut any = false;
    let total: f64 = weights.into_iter().inspect(|_| any = true).sum();
    if any && total <= 0.0 {
        return Err(ModelError::ZeroWeight(id.to_string()));
    }
    Ok(())
}

/// Whether a key result from `start` to `target` measures a change at all.
pub fn measures_change(start: f64, target: f64) -> bool {
    start != target
}

/// Refuses a key result whose target equals its start; `id` is `None` for a new one.
pub fn check_span(
    id: Option<&str>,
    title: &str,
    start: f64,
    target: f64,
) -> Result<(), ModelError> {
    if measures_change(start, target) {
        return Ok(());
    }
    Err(ModelError::TargetEqualsStart {
        name: match id {
            Some(id) => format!("key result `{id}` ({title})"),
            None => format!("new key result `{title}`"),
        },
        value: start.to_string(),
    })
}

/// The most objectives active on any one day of `within`, among those running for `periods`:
/// how the objective limit counts (a yearly objective counts in every quarter it overlaps).
pub fn most_active_at_once(periods: &[Period], within: &Period) -> usize {
    // A sweep over the days periods start and end, clipped to `within`.
    let mut events: Vec<(NaiveDate, i32)> = Vec::new();
    for p in periods.iter().filter(|p| p.overlaps(within)) {
        events.push((p.start().max(within.start()), 1));
        let end = p.end().min(within.end());
        if let Some(after) = end.succ_opt() {
            events.push((after, -1));
        }
    }
    // Ends before starts on the same day: a period ending the day before another starts
    // never runs at once with it.
    events.sort_by_key(|&(day, change)| (day, change));
    let (mut now, mut most) = (0i32, 0i32);
    for (_, change) in events {
        now += change;
        most = most.max(now);
    }
    most.max(0) as usize
}

/// Refuses a measurement of key result `kr` dated outside `period`, the period it runs for.
pub fn check_within(kr: &str, date: NaiveDate, period: &Period) -> Result<(), ModelError> {
    if period.contains(date) {
        Ok(())
    } else {
        Err(ModelError::OutsidePeriod {
            kr: kr.to_string(),
            date: date.to_string(),
            period: period.to_string(),
            start: period.start().to_string(),
            end: period.end().to_string(),
        })
    }
}

/// Refuses a measurement dated after `today`: values are recorded, not forecast.
pub fn check_not_future(date: NaiveDate, today: NaiveDate) -> Result<(), ModelError> {
    if date > today {
        Err(ModelError::FutureDate {
            date: date.to_string(),
            today: today.to_string(),
        })
    } else {
        Ok(())
    }
}

/// Why `child` may not align to a key result of `parent`, if it may not.
///
/// A team objective aligns to company key results, an individual's to team key results, and
/// the two periods must overlap. Company objectives align to nothing.
pub fn alignment_error(child: &Objective, parent: &Objective) -> Option<String> {
    let Some(wanted) = child.level().above() else {
        return Some("company objectives are the top of the cascade and align to nothing".into());
    };
    if parent.level() != wanted {
        return Some(format!(
            "{} objective aligns to key results of {wanted} objectives, and `{}` is a {} objective",
            match child.level() {
                Level::Individual => "an individual",
                _ => "a team",
            },
            parent.id,
            parent.level()
        ));
    }
    if !child.period.overlaps(&parent.period) {
        return Some(format!(
            "its period {} does not overlap {} of `{}`; align within the same time frame",
            child.period, parent.period, parent.id
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn rule_names_are_their_json_names() {
        let rules = [
            Rule::MaxObjectives,
            Rule::MinKrs,
            Rule::MaxKrs,
            Rule::Unaligned,
            Rule::DanglingAlignment,
            Rule::Cascade,
            Rule::TargetEqualsStart,
            Rule::StretchTooLow,
            Rule::TaskLike,
            Rule::ManyKrs,
            Rule::ThinAlignment,
            Rule::UnknownKpi,
            Rule::MergeConflict,
            Rule::ZeroWeight,
        ];
        for rule in rules {
            assert_eq!(
                serde_json::to_value(rule).unwrap(),
                serde_json::Value::from(rule.as_str())
            );
        }
    }
}
