//! The rules from the OKR method: how many objectives and key results, and how they cascade.

use serde::Serialize;

use chrono::NaiveDate;

use super::{Level, ModelError, Objective, Period};

mod base;
mod check;
pub mod settings;

pub use base::against_base;
pub use check::{ACTIVITY_VERBS, ADVISED_KRS, TASK_COUNT, check, task_like, task_like_parts};

pub use settings::{ObjectiveStatus, Settings};

/// Default limit of objectives per owner and period.
pub const MAX_OBJECTIVES: u32 = 2;
/// Default least number of key results per objective.
pub const MIN_KRS: u32 = 2;
/// Default most key results per objective.
pub const MAX_KRS: u32 = 4;

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
    /// Against a base (`okr check --base`): a running key result's target, start or
    /// milestones changed (a warning).
    TargetChanged,
    /// Against a base: an objective changed from committed to aspirational (a warning).
    CommittedRelaxed,
    /// Against a base: a check-in added with a date well before today (a warning).
    BackdatedCheckin,
    /// Against a base: a check-in removed, or its value or date changed (a warning).
    CheckinRewritten,
    /// Against a base: an objective or key result with check-ins removed (a warning).
    RemovedWithHistory,
    /// Against a base: a change inside a closed period, other than a retrospective.
    ClosedChanged,
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
            Rule::TargetChanged => "target-changed",
            Rule::CommittedRelaxed => "committed-relaxed",
            Rule::BackdatedCheckin => "backdated-checkin",
            Rule::CheckinRewritten => "checkin-rewritten",
            Rule::RemovedWithHistory => "removed-with-history",
            Rule::ClosedChanged => "closed-changed",
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
    pub(crate) fn error(rule: Rule, id: &str, message: String) -> Problem {
        Problem {
            rule,
            severity: Severity::Error,
            id: id.to_string(),
            message,
            subject: None,
        }
    }

    pub(crate) fn warning(rule: Rule, id: &str, message: String) -> Problem {
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
            Rule::TargetChanged,
            Rule::CommittedRelaxed,
            Rule::BackdatedCheckin,
            Rule::CheckinRewritten,
            Rule::RemovedWithHistory,
            Rule::ClosedChanged,
        ];
        for rule in rules {
            assert_eq!(
                serde_json::to_value(rule).unwrap(),
                serde_json::Value::from(rule.as_str())
            );
        }
    }
}
