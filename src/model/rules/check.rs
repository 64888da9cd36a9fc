//! `okr check`: every rule applied to a whole file, and the advice that goes with them
//! (task-like key results, too many key results, thin alignment).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::{Problem, Rule, Settings, alignment_error, measures_change};
use crate::model::{KeyResult, Level, Objective, Okrs, Owner, Period};

/// Key results past this many draw the `many-krs` warning: focus beats coverage.
pub const ADVISED_KRS: usize = 3;

/// Verbs that open a task rather than an outcome ("Host a webinar", "Hire two testers").
pub const ACTIVITY_VERBS: [&str; 35] = [
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
    "highlight",
    "promote",
    "mention",
];

/// Activities whose count is always of one's own doing, however large ("Follow 300 new
/// accounts", "Send 10,000 emails"): the result is who follows back, not who was followed.
pub const ALWAYS_ACTIVITY: [&str; 5] = ["follow", "send", "highlight", "promote", "mention"];

/// Words that make a key result a measure of spending, an input: "the ad budget", "spend".
const SPENDING: [&str; 4] = ["budget", "budgets", "spend", "spending"];

/// Counts up to this many from 0 are outputs of work ("Write 4 blogs"), not outcomes.
pub const TASK_COUNT: f64 = 12.0;

/// Why a key result reads like a task, if it does: its title opens with an activity verb and
/// it is a yes/no key result (0 → 1) or a small count of outputs from 0, or a count of an
/// activity that is always one's own doing ([`ALWAYS_ACTIVITY`]); or it measures spending
/// (a budget or a spend, unless per something: cost per order is an outcome).
pub fn task_like(kr: &KeyResult) -> Option<String> {
    if kr.outcome_ok {
        return None;
    }
    task_like_parts(&kr.title, kr.start, kr.target, kr.unit.as_deref())
}

/// [`task_like`] of a key result not made yet (the wizard asks as it is typed).
pub fn task_like_parts(title: &str, start: f64, target: f64, unit: Option<&str>) -> Option<String> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let has = |word: &str| words.iter().any(|w| w == word);
    if let Some(spent) = SPENDING.iter().find(|w| has(w))
        && !has("per")
    {
        return Some(format!(
            "reads like a task (\"{}\" measures the {spent}, an input); measure what the money should bring instead, e.g. the sign-ups, sales or reach",
            title
        ));
    }
    let first = words.first()?.as_str();
    if !ACTIVITY_VERBS.contains(&first) {
        return None;
    }
    let yes_no = start == 0.0 && target == 1.0;
    let small_count = start == 0.0 && target > 1.0 && target <= TASK_COUNT;
    // A rate (`%`) of it is a result: how many of those mailed opened.
    let own_doing = ALWAYS_ACTIVITY.contains(&first) && unit != Some("%");
    if !(yes_no || small_count || own_doing) {
        return None;
    }
    Some(format!(
        "reads like a task (\"{}\" starts with `{first}` and {}); measure the result of the activity instead, e.g. the sign-ups, sales or reach it should bring",
        title,
        if yes_no {
            "is done or not"
        } else if small_count {
            "counts outputs"
        } else {
            "counts what you do, not what it brings"
        },
    ))
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
        if super::check_weights(
            &objective.id,
            objective.key_results.iter().map(|kr| kr.weight),
        )
        .is_err()
        {
            problems.push(Problem::error(
                Rule::ZeroWeight,
                &objective.id,
                "every key result weighs 0, so the objective scores 0 whatever they do".into(),
            ));
        }
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
    // A merge conflict is a problem wherever it is: a conflicted file must not pass CI.
    for conflict in &okrs.conflicts {
        problems.push(Problem::error(
            Rule::MergeConflict,
            &conflict.id,
            conflict.describe(),
        ));
    }
    let per_owner = per_owner(&in_scope);
    thin_alignment(&per_owner, &mut problems);
    crowded_owners(&in_scope, okrs.settings.max_objectives, &mut problems);
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
    if kr.keep.is_none() && !measures_change(kr.start, kr.target) {
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
) -> HashMap<((Level, String), Period), Vec<&'a Objective>> {
    let mut groups: HashMap<_, Vec<&Objective>> = HashMap::new();
    for o in objectives {
        groups.entry((o.owner.key(), o.period)).or_default().push(o);
    }
    groups
}

/// Owners whose objectives outnumber the distinct key results they align to.
fn thin_alignment(
    per_owner: &HashMap<((Level, String), Period), Vec<&Objective>>,
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

/// Owners with more objectives active on one day than the limit: a yearly objective counts
/// in every quarter it overlaps. Each crowded set of objectives is reported once, at the
/// first objective past the limit (in file order).
fn crowded_owners(objectives: &[&Objective], limit: u32, problems: &mut Vec<Problem>) {
    let mut owners: Vec<(Level, String)> = Vec::new();
    let mut by_owner: HashMap<(Level, String), Vec<(usize, &Objective)>> = HashMap::new();
    for (position, o) in objectives.iter().enumerate() {
        let key = o.owner.key();
        let group = by_owner.entry(key.clone()).or_default();
        if group.is_empty() {
            owners.push(key);
        }
        group.push((position, o));
    }
    let mut crowded: Vec<Vec<(usize, &Objective)>> = Vec::new();
    for key in owners {
        let group = &by_owner[&key];
        if group.len() <= limit as usize {
            continue;
        }
        // The set active on each day a period starts: the days the count can rise. Periods
        // are intervals, so the set at one start day holds the set at an earlier one only
        // if it is the very next start day and nobody's period ended in between: a set is
        // reported unless every one of it is still active at the next start day. That is
        // one pass per start day, never a comparison of sets.
        let mut starts: Vec<NaiveDate> = group.iter().map(|(_, o)| o.period.start()).collect();
        starts.sort_unstable();
        starts.dedup();
        for (i, &day) in starts.iter().enumerate() {
            let active: Vec<(usize, &Objective)> = group
                .iter()
                .filter(|(_, o)| o.period.contains(day))
                .copied()
                .collect();
            let next = starts.get(i + 1);
            let largest =
                next.is_none_or(|&next| active.iter().any(|(_, o)| o.period.end() < next));
            if active.len() > limit as usize && largest {
                crowded.push(active);
            }
        }
    }
    crowded.sort_by_key(|set| set[0].0);
    for set in crowded {
        let ids: Vec<&str> = set.iter().map(|(_, o)| o.id.as_str()).collect();
        let first = set[0].1;
        let when = if set.iter().all(|(_, o)| o.period == first.period) {
            format!("in {}", first.period)
        } else {
            let from = set
                .iter()
                .map(|(_, o)| o.period.start())
                .max()
                .unwrap_or_default();
            format!("active at once from {from}")
        };
        problems.push(Problem::error(
            Rule::MaxObjectives,
            ids[limit as usize],
            format!(
                "{} has {} objectives {when} ({}; limit {limit}); remove one or raise `max_objectives`",
                first.owner.label(),
                ids.len(),
                ids.join(", "),
            ),
        ));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
