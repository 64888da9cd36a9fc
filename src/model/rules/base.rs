//! What a change does to the numbers, against the file at a base (`okr check --base REV`):
//! a target moved mid-period, a commitment relaxed, a check-in back-dated or rewritten,
//! history removed, a closed period touched.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Problem, Rule};
use crate::model::fields::milestone_words;
use crate::model::input::shown_value;
use crate::model::{CheckIn, KeyResult, Kind, Objective, Okrs};

/// The problems of `new` against `base` (the same file before the change), as of `today`.
pub fn against_base(base: &Okrs, new: &Okrs, today: NaiveDate) -> Vec<Problem> {
    let mut problems = Vec::new();
    let old: HashMap<&str, &Objective> =
        base.objectives.iter().map(|o| (o.id.as_str(), o)).collect();
    let now: HashMap<&str, &Objective> =
        new.objectives.iter().map(|o| (o.id.as_str(), o)).collect();
    let old_krs = key_results(&base.objectives);
    let new_krs = key_results(&new.objectives);
    for o in &new.objectives {
        let closed = base.closed_period_of(&o.period);
        match old.get(o.id.as_str()) {
            None => {
                if let Some(period) = closed {
                    problems.push(closed_changed(&o.id, period, "added"));
                }
            }
            Some(was) => {
                if let Some(period) = base.closed_period_of(&was.period).or(closed)
                    && !same_but_retros(was, o)
                {
                    problems.push(closed_changed(&o.id, period, "changed"));
                }
                if was.kind == Kind::Committed && o.kind == Kind::Aspirational {
                    problems.push(Problem::warning(
                        Rule::CommittedRelaxed,
                        &o.id,
                        format!("`{}` changed from committed to aspirational", o.id),
                    ));
                }
            }
        }
        for kr in &o.key_results {
            let Some(&(was_objective, was)) = old_krs.get(kr.id.as_str()) else {
                for c in &kr.checkins {
                    backdated(&mut problems, kr, c, today, new.settings.checkin_days);
                }
                continue;
            };
            if o.period.contains(today) && was_objective.period == o.period {
                target_changed(&mut problems, was, kr, &o.period.to_string());
            }
            checkins(&mut problems, was, kr, today, new.settings.checkin_days);
        }
    }
    for was in &base.objectives {
        if let Some(period) = base.closed_period_of(&was.period)
            && !now.contains_key(was.id.as_str())
        {
            problems.push(closed_changed(&was.id, period, "removed"));
        }
        let gone = !now.contains_key(was.id.as_str());
        if gone && was.key_results.iter().any(|kr| !kr.checkins.is_empty()) {
            let count: usize = was.key_results.iter().map(|kr| kr.checkins.len()).sum();
            problems.push(Problem::warning(
                Rule::RemovedWithHistory,
                &was.id,
                format!(
                    "objective `{}` \"{}\" was removed with {count} check-in{} of its key results",
                    was.id,
                    was.title,
                    if count == 1 { "" } else { "s" }
                ),
            ));
            continue;
        }
        for kr in &was.key_results {
            if !gone && !new_krs.contains_key(kr.id.as_str()) && !kr.checkins.is_empty() {
                problems.push(Problem::warning(
                    Rule::RemovedWithHistory,
                    &kr.id,
                    format!(
                        "key result `{}` \"{}\" was removed with {} check-in{}",
                        kr.id,
                        kr.title,
                        kr.checkins.len(),
                        if kr.checkins.len() == 1 { "" } else { "s" }
                    ),
                ));
            }
        }
    }
    problems
}

/// Each key result by id, with its objective.
fn key_results(objectives: &[Objective]) -> HashMap<&str, (&Objective, &KeyResult)> {
    objectives
        .iter()
        .flat_map(|o| {
            o.key_results
                .iter()
                .map(move |kr| (kr.id.as_str(), (o, kr)))
        })
        .collect()
}

fn closed_changed(id: &str, period: crate::model::Period, what: &str) -> Problem {
    Problem::error(
        Rule::ClosedChanged,
        id,
        format!(
            "`{id}` was {what} inside the closed period {period}; only a retrospective may change there (reopen it with `okr close {period} --reopen` if this is meant)"
        ),
    )
}

/// Whether two versions of an objective differ in nothing but their retrospectives.
fn same_but_retros(was: &Objective, now: &Objective) -> bool {
    let strip = |o: &Objective| {
        let mut o = o.clone();
        o.retro = None;
        for kr in &mut o.key_results {
            kr.retro = None;
        }
        o
    };
    strip(was) == strip(now)
}

/// A running key result's target, start or milestones changed.
fn target_changed(problems: &mut Vec<Problem>, was: &KeyResult, kr: &KeyResult, period: &str) {
    let unit = kr.unit.as_deref();
    let mut changes = Vec::new();
    if was.target != kr.target {
        changes.push(format!(
            "target from {} to {}",
            shown_value(was.target, unit),
            shown_value(kr.target, unit)
        ));
    }
    if was.start != kr.start {
        changes.push(format!(
            "start from {} to {}",
            shown_value(was.start, unit),
            shown_value(kr.start, unit)
        ));
    }
    if was.milestones != kr.milestones {
        changes.push(format!(
            "milestones from {} to {}",
            milestone_words(was),
            milestone_words(kr)
        ));
    }
    if !changes.is_empty() {
        problems.push(Problem::warning(
            Rule::TargetChanged,
            &kr.id,
            format!(
                "`{}` changed its {} while {period} runs",
                kr.id,
                changes.join(", ")
            ),
        ));
    }
}

/// A check-in the change adds dated more than `days` before `today`.
fn backdated(
    problems: &mut Vec<Problem>,
    kr: &KeyResult,
    c: &CheckIn,
    today: NaiveDate,
    days: u32,
) {
    let age = (today - c.date).num_days();
    if age > i64::from(days) {
        problems.push(Problem::warning(
            Rule::BackdatedCheckin,
            &kr.id,
            format!(
                "a check-in of `{}` was added dated {} ({}), {age} days before today (more than {days})",
                kr.id,
                c.date,
                shown_value(c.value, kr.unit.as_deref())
            ),
        ));
    }
}

/// The check-ins of `these` that `those` does not hold, each counted (two alike at the base
/// and one after: one is missing). A check-in is its day and value: a note added to one is
/// not a rewrite.
fn missing_from<'a>(these: &'a [CheckIn], those: &[CheckIn]) -> Vec<&'a CheckIn> {
    let key = |c: &CheckIn| (c.date, c.value.to_bits());
    let mut left: HashMap<(NaiveDate, u64), usize> = HashMap::new();
    for c in those {
        *left.entry(key(c)).or_default() += 1;
    }
    these
        .iter()
        .filter(|c| match left.get_mut(&key(c)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// Check-ins added (back-dated ones flagged) and those present at the base that the change
/// removed or whose value or date it changed.
fn checkins(
    problems: &mut Vec<Problem>,
    was: &KeyResult,
    kr: &KeyResult,
    today: NaiveDate,
    days: u32,
) {
    let gone = missing_from(&was.checkins, &kr.checkins);
    let mut added = missing_from(&kr.checkins, &was.checkins);
    let unit = kr.unit.as_deref();
    for old in gone {
        // The same day in the new file with another value: a rewrite; else a removal (or a
        // move to another day).
        let now = added.iter().position(|c| c.date == old.date);
        let change = match now {
            Some(i) => {
                let c = added.remove(i);
                format!(
                    "its value changed from {} to {}",
                    shown_value(old.value, unit),
                    shown_value(c.value, unit)
                )
            }
            None => "it was removed or moved to another day".to_string(),
        };
        problems.push(Problem::warning(
            Rule::CheckinRewritten,
            &kr.id,
            format!(
                "the check-in of `{}` on {} ({}) was rewritten: {change}",
                kr.id,
                old.date,
                shown_value(old.value, unit)
            ),
        ));
    }
    for c in added {
        backdated(problems, kr, c, today, days);
    }
}
