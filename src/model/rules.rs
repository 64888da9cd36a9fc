//! The rules from the OKR method: how many objectives and key results, and how they cascade.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{KeyResult, Kind, Level, ModelError, Objective, Okrs, Period};

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
        "reads like a task (\"{}\" starts with `{first}` and {}); measure the result of the activity instead, e.g. the sign-ups, sales or reach it should bring, or silence this with `okr edit {} --outcome-ok`",
        kr.title,
        if yes_no {
            "is done or not"
        } else {
            "counts outputs"
        },
        kr.id
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// The rule broken.
    pub rule: Rule,
    /// Error or warning.
    pub severity: Severity,
    /// The objective or key result at fault.
    pub id: String,
    /// What is wrong and what to do, one line.
    pub message: String,
}

/// Why `child` may not align to a key result of `parent`, if it may not.
///
/// A team objective aligns to company key results, an individual's to team key results, and
/// the two periods must overlap. Company objectives align to nothing.
pub fn alignment_error(child: &Objective, parent: &Objective) -> Option<String> {
    let wanted = match child.level {
        Level::Company => {
            return Some(
                "company objectives are the top of the cascade and align to nothing".into(),
            );
        }
        Level::Team => Level::Company,
        Level::Individual => Level::Team,
    };
    if parent.level != wanted {
        return Some(format!(
            "{} objective aligns to key results of {} objectives, and `{}` is a {} objective",
            match child.level {
                Level::Individual => "an individual",
                _ => "a team",
            },
            wanted.as_str(),
            parent.id,
            parent.level.as_str()
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

/// Checks every objective (in `period`, when given: those overlapping it) against the rules.
pub fn check(okrs: &Okrs, period: Option<&Period>) -> Vec<Problem> {
    let settings = &okrs.settings;
    let in_scope = |o: &&Objective| period.is_none_or(|p| o.period.overlaps(p));
    let parents: HashMap<&str, &Objective> = okrs
        .objectives
        .iter()
        .flat_map(|o| o.key_results.iter().map(move |kr| (kr.id.as_str(), o)))
        .collect();
    let kpis: std::collections::HashSet<&str> = okrs.kpis.iter().map(|k| k.name.as_str()).collect();
    // Objectives by owner and period, kept as references: no lookups by id later.
    let mut per_owner: HashMap<(String, Period), Vec<&Objective>> = HashMap::new();
    let mut problems = Vec::new();

    for objective in okrs.objectives.iter().filter(in_scope) {
        per_owner
            .entry((objective.owner_key(), objective.period))
            .or_default()
            .push(objective);

        let count = objective.key_results.len();
        if count < settings.min_krs as usize {
            problems.push(Problem {
                severity: Severity::Error,
                rule: Rule::MinKrs,
                id: objective.id.clone(),
                message: format!(
                    "has {count} key result{} (at least {}); add one with `okr add kr {}`",
                    plural(count),
                    settings.min_krs,
                    objective.id
                ),
            });
        }
        if count > settings.max_krs as usize {
            problems.push(Problem {
                severity: Severity::Error,
                rule: Rule::MaxKrs,
                id: objective.id.clone(),
                message: format!(
                    "has {count} key results (limit {}); remove one or raise `max_krs`",
                    settings.max_krs
                ),
            });
        }
        for kr in &objective.key_results {
            if let Some(kpi) = &kr.kpi
                && !kpis.contains(kpi.as_str())
            {
                problems.push(Problem {
                    severity: Severity::Error,
                    rule: Rule::UnknownKpi,
                    id: kr.id.clone(),
                    message: format!(
                        "is measured by KPI `{kpi}`, which does not exist; add it with `okr kpi add {kpi}` or unlink it with `okr edit {} --kpi ''`",
                        kr.id
                    ),
                });
            }
            if kr.start == kr.target {
                problems.push(Problem {
                    severity: Severity::Error,
                    rule: Rule::TargetEqualsStart,
                    id: kr.id.clone(),
                    message: format!(
                        "target equals start ({}); set a target with `okr edit {} --target N`",
                        kr.start, kr.id
                    ),
                });
            }
        }
        if objective.kind == Kind::Aspirational
            && !objective.key_results.is_empty()
            && objective.key_results.iter().all(|kr| kr.score() >= 1.0)
        {
            problems.push(Problem {
                rule: Rule::StretchTooLow,
                severity: Severity::Warning,
                id: objective.id.clone(),
                message: "every key result reached 100%; an aspirational objective that is fully met was probably not ambitious enough, so stretch further next period".into(),
            });
        }
        for kr in &objective.key_results {
            if let Some(message) = task_like(kr) {
                problems.push(Problem {
                    rule: Rule::TaskLike,
                    severity: Severity::Warning,
                    id: kr.id.clone(),
                    message,
                });
            }
        }
        if count > ADVISED_KRS && count <= settings.max_krs as usize {
            problems.push(Problem {
                rule: Rule::ManyKrs,
                severity: Severity::Warning,
                id: objective.id.clone(),
                message: format!(
                    "has {count} key results; {ADVISED_KRS} are usually enough to focus on, so consider dropping the weakest"
                ),
            });
        }
        if objective.level != Level::Company && objective.aligns.is_empty() {
            problems.push(Problem {
                severity: Severity::Error,
                rule: Rule::Unaligned,
                id: objective.id.clone(),
                message: format!(
                    "{} aligns to no key result; link it with `okr align {} KR_ID`",
                    objective.owner_label(),
                    objective.id
                ),
            });
        }
        for kr in &objective.aligns {
            match parents.get(kr.as_str()) {
                None => problems.push(Problem {
                    severity: Severity::Error,
                    rule: Rule::DanglingAlignment,
                    id: objective.id.clone(),
                    message: format!(
                        "aligns to `{kr}`, which does not exist; run `okr unalign {} {kr}`",
                        objective.id
                    ),
                }),
                Some(parent) => {
                    if let Some(reason) = alignment_error(objective, parent) {
                        problems.push(Problem {
                            severity: Severity::Error,
                            rule: Rule::Cascade,
                            id: objective.id.clone(),
                            message: format!("aligns to `{kr}`, but {reason}"),
                        });
                    }
                }
            }
        }
    }

    // Owners whose objectives outnumber the distinct key results they align to.
    let mut thin: Vec<(&Objective, String, usize, usize)> = Vec::new();
    for ((owner, period), group) in &per_owner {
        if owner == "company" {
            continue;
        }
        let mut aligned: Vec<&str> = group
            .iter()
            .flat_map(|o| o.aligns.iter().map(String::as_str))
            .collect();
        aligned.sort_unstable();
        aligned.dedup();
        if !aligned.is_empty() && group.len() > aligned.len() {
            thin.push((group[0], period.to_string(), group.len(), aligned.len()));
        }
    }
    thin.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    for (first, period, objectives, aligned) in thin {
        let owner = first.owner_label();
        problems.push(Problem {
            rule: Rule::ThinAlignment,
            severity: Severity::Warning,
            id: first.id.clone(),
            message: format!(
                "{owner} has {objectives} objectives in {period} but they align to only {aligned} key result{}; each objective should move its own part of the level above",
                plural(aligned)
            ),
        });
    }

    let mut crowded: Vec<_> = per_owner
        .into_iter()
        .filter(|(_, group)| group.len() > settings.max_objectives as usize)
        .collect();
    crowded.sort_by(|a, b| a.1[0].id.cmp(&b.1[0].id));
    for ((_, period), group) in crowded {
        let ids: Vec<&str> = group.iter().map(|o| o.id.as_str()).collect();
        problems.push(Problem {
            severity: Severity::Error,
            rule: Rule::MaxObjectives,
            id: ids[settings.max_objectives as usize].to_string(),
            message: format!(
                "{} has {} objectives in {period} ({}; limit {}); remove one or raise `max_objectives`",
                group[0].owner_label(),
                ids.len(),
                ids.join(", "),
                settings.max_objectives
            ),
        });
    }
    problems
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
