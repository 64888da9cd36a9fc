//! The rules from the OKR method: how many objectives and key results, and how they cascade.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::{KeyResult, Level, ModelError, Objective, Okrs, Owner, Period};

/// Default limit of objectives per owner and period.
pub const MAX_OBJECTIVES: u32 = 2;
/// Default least number of key results per objective.
pub const MIN_KRS: u32 = 2;
/// Default most key results per objective.
pub const MAX_KRS: u32 = 4;

/// The limits a data file enforces; each file carries its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Most objectives one owner (the company, a team, a person) may have in one period.
    pub max_objectives: u32,
    /// Fewest key results an objective should have (reported by `check`).
    pub min_krs: u32,
    /// Most key results an objective may have (refused by `add kr`).
    pub max_krs: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_objectives: MAX_OBJECTIVES,
            min_krs: MIN_KRS,
            max_krs: MAX_KRS,
        }
    }
}

impl Settings {
    /// Refuses limits that contradict each other or leave no room at all.
    pub fn validate(&self) -> Result<(), ModelError> {
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
        }
    }
}

/// Key results past this many draw the `many-krs` warning: focus beats coverage.
pub const ADVISED_KRS: usize = 3;

/// Verbs that open a task rather than an outcome ("Host a webinar", "Hire two testers").
pub const ACTIVITY_VERBS: [&str; 32] = [
    "host",
    "attend",
    "send",
    "write",
    "launch",
    "hire",
    "create",
    "implement",
    "publish",
    "run",
    "hold",
    "build",
    "develop",
    "organise",
    "organize",
    "conduct",
    "offer",
    "provide",
    "require",
    "interview",
    "post",
    "boost",
    "follow",
    "secure",
    "produce",
    "design",
    "set",
    "start",
    "complete",
    "finish",
    "introduce",
    "deliver",
];

/// Counts up to this many from 0 are outputs of work ("Write 4 blogs"), not outcomes.
pub const TASK_COUNT: f64 = 12.0;

/// Why a key result reads like a task, if it does: its title opens with an activity verb and
/// it is a yes/no key result (0 → 1) or a small count of outputs from 0.
pub fn task_like(kr: &KeyResult) -> Option<String> {
    if kr.outcome_ok {
        return None;
    }
    let first = kr
        .title
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())?
        .to_lowercase();
    if !ACTIVITY_VERBS.contains(&first.as_str()) {
        return None;
    }
    let yes_no = kr.start == 0.0 && kr.target == 1.0;
    let small_count = kr.start == 0.0 && kr.target > 1.0 && kr.target <= TASK_COUNT;
    if !(yes_no || small_count) {
        return None;
    }
    Some(format!(
        "reads like a task (\"{}\" starts with `{first}` and {}); measure the result of the activity instead, e.g. the sign-ups, sales or reach it should bring",
        kr.title,
        if yes_no {
            "is done or not"
        } else {
            "counts outputs"
        },
    ))
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

/// Whether a key result from `start` to `target` measures a change at all.
pub fn measures_change(start: f64, target: f64) -> bool {
    start != target
}

/// Refuses a key result (`id`, or a description of a new one) whose target equals its start.
pub fn check_span(id: &str, start: f64, target: f64) -> Result<(), ModelError> {
    if measures_change(start, target) {
        Ok(())
    } else {
        Err(ModelError::TargetEqualsStart {
            id: id.to_string(),
            value: start.to_string(),
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

/// Checks every objective (in `period`, when given: those overlapping it) against the rules,
/// with scores as of the end of `today`.
pub fn check(okrs: &Okrs, period: Option<&Period>, today: NaiveDate) -> Vec<Problem> {
    let in_scope: Vec<&Objective> = okrs
        .objectives
        .iter()
        .filter(|o| period.is_none_or(|p| o.period.overlaps(p)))
        .collect();
    let parents: HashMap<&str, &Objective> = okrs
        .objectives
        .iter()
        .flat_map(|o| o.key_results.iter().map(move |kr| (kr.id.as_str(), o)))
        .collect();
    let kpis: HashSet<&str> = okrs.kpis.iter().map(|k| k.name.as_str()).collect();
    let mut problems = Vec::new();
    for objective in &in_scope {
        key_result_count(objective, &okrs.settings, &mut problems);
        for kr in &objective.key_results {
            key_result_rules(kr, &kpis, &mut problems);
        }
        if objective.stretch_too_low(today) {
            problems.push(Problem::warning(
                Rule::StretchTooLow,
                &objective.id,
                "every key result reached 100%; an aspirational objective that is fully met was probably not ambitious enough, so stretch further next period".into(),
            ));
        }
        for kr in &objective.key_results {
            if let Some(message) = task_like(kr) {
                problems.push(Problem::warning(Rule::TaskLike, &kr.id, message));
            }
        }
        let count = objective.key_results.len();
        if count > ADVISED_KRS && count <= okrs.settings.max_krs as usize {
            problems.push(Problem::warning(
                Rule::ManyKrs,
                &objective.id,
                format!(
                    "has {count} key results; {ADVISED_KRS} are usually enough to focus on, so consider dropping the weakest"
                ),
            ));
        }
        alignment_rules(objective, &parents, &mut problems);
    }
    let per_owner = per_owner(&in_scope);
    thin_alignment(&per_owner, &mut problems);
    crowded_owners(per_owner, okrs.settings.max_objectives, &mut problems);
    problems
}

/// Too few or too many key results.
fn key_result_count(objective: &Objective, settings: &Settings, problems: &mut Vec<Problem>) {
    let count = objective.key_results.len();
    if count < settings.min_krs as usize {
        problems.push(Problem::error(
            Rule::MinKrs,
            &objective.id,
            format!(
                "has {count} key result{} (at least {})",
                plural(count),
                settings.min_krs
            ),
        ));
    }
    if count > settings.max_krs as usize {
        problems.push(Problem::error(
            Rule::MaxKrs,
            &objective.id,
            format!(
                "has {count} key results (limit {}); remove one or raise `max_krs`",
                settings.max_krs
            ),
        ));
    }
}

/// A key result measured by a missing KPI, or measuring no change.
fn key_result_rules(kr: &KeyResult, kpis: &HashSet<&str>, problems: &mut Vec<Problem>) {
    if let Some(kpi) = &kr.kpi
        && !kpis.contains(kpi.as_str())
    {
        problems.push(
            Problem::error(
                Rule::UnknownKpi,
                &kr.id,
                format!("is measured by KPI `{kpi}`, which does not exist"),
            )
            .about(kpi),
        );
    }
    if !measures_change(kr.start, kr.target) {
        problems.push(Problem::error(
            Rule::TargetEqualsStart,
            &kr.id,
            format!("target equals start ({})", kr.start),
        ));
    }
}

/// A team or individual objective aligned to nothing, to a missing key result, or across the
/// cascade.
fn alignment_rules(
    objective: &Objective,
    parents: &HashMap<&str, &Objective>,
    problems: &mut Vec<Problem>,
) {
    if objective.level() != Level::Company && objective.aligns.is_empty() {
        problems.push(Problem::error(
            Rule::Unaligned,
            &objective.id,
            format!("{} aligns to no key result", objective.owner.label()),
        ));
    }
    for kr in &objective.aligns {
        match parents.get(kr.as_str()) {
            None => problems.push(
                Problem::error(
                    Rule::DanglingAlignment,
                    &objective.id,
                    format!("aligns to `{kr}`, which does not exist"),
                )
                .about(kr),
            ),
            Some(parent) => {
                if let Some(reason) = alignment_error(objective, parent) {
                    problems.push(Problem::error(
                        Rule::Cascade,
                        &objective.id,
                        format!("aligns to `{kr}`, but {reason}"),
                    ));
                }
            }
        }
    }
}

/// The objectives in scope grouped by owner and period, each group in file order.
fn per_owner<'a>(
    objectives: &[&'a Objective],
) -> HashMap<((Level, &'a str), Period), Vec<&'a Objective>> {
    let mut groups: HashMap<_, Vec<&Objective>> = HashMap::new();
    for o in objectives {
        groups.entry((o.owner.key(), o.period)).or_default().push(o);
    }
    groups
}

/// Owners whose objectives outnumber the distinct key results they align to.
fn thin_alignment(
    per_owner: &HashMap<((Level, &str), Period), Vec<&Objective>>,
    problems: &mut Vec<Problem>,
) {
    let mut thin: Vec<(&Objective, Period, usize, usize)> = Vec::new();
    for ((_, period), group) in per_owner {
        if group[0].owner == Owner::Company {
            continue;
        }
        let mut aligned: Vec<&str> = group
            .iter()
            .flat_map(|o| o.aligns.iter().map(String::as_str))
            .collect();
        aligned.sort_unstable();
        aligned.dedup();
        if !aligned.is_empty() && group.len() > aligned.len() {
            thin.push((group[0], *period, group.len(), aligned.len()));
        }
    }
    thin.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    for (first, period, objectives, aligned) in thin {
        problems.push(Problem::warning(
            Rule::ThinAlignment,
            &first.id,
            format!(
                "{} has {objectives} objectives in {period} but they align to only {aligned} key result{}; each objective should move its own part of the level above",
                first.owner.label(),
                plural(aligned)
            ),
        ));
    }
}

/// Owners with more objectives in one period than the limit.
fn crowded_owners(
    per_owner: HashMap<((Level, &str), Period), Vec<&Objective>>,
    limit: u32,
    problems: &mut Vec<Problem>,
) {
    let mut crowded: Vec<_> = per_owner
        .into_iter()
        .filter(|(_, group)| group.len() > limit as usize)
        .collect();
    crowded.sort_by(|a, b| a.1[0].id.cmp(&b.1[0].id));
    for ((_, period), group) in crowded {
        let ids: Vec<&str> = group.iter().map(|o| o.id.as_str()).collect();
        problems.push(Problem::error(
            Rule::MaxObjectives,
            ids[limit as usize],
            format!(
                "{} has {} objectives in {period} ({}; limit {limit}); remove one or raise `max_objectives`",
                group[0].owner.label(),
                ids.len(),
                ids.join(", "),
            ),
        ));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
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
        ];
        for rule in rules {
            assert_eq!(
                serde_json::to_value(rule).unwrap(),
                serde_json::Value::from(rule.as_str())
            );
        }
    }
}
