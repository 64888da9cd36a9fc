//! `okr diff`: what changed between two versions of the data file, the way a marketer reads
//! it, not as lines of JSON.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use serde_json::Value;

use super::{percent, value};
use crate::model::fields;
use crate::model::{CheckIn, KeyResult, Kpi, ModelError, Objective, Okrs, Period};

/// One change.
#[derive(Debug, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    /// A new objective.
    ObjectiveAdded {
        id: String,
        title: String,
        owner: String,
        period: Period,
    },
    /// An objective that is gone, with its key results.
    ObjectiveRemoved { id: String, title: String },
    /// A field of an objective: `title` (renamed), `owner`, `period`, `kind`, ...
    ObjectiveChanged {
        id: String,
        field: &'static str,
        from: String,
        to: String,
    },
    /// A new key result.
    KeyResultAdded {
        id: String,
        objective: String,
        title: String,
        start: f64,
        target: f64,
        unit: Option<String>,
    },
    /// A key result that is gone.
    KeyResultRemoved { id: String, title: String },
    /// A field of a key result: `title` (renamed), `start`, `target`, `unit`, `weight`, `kpi`.
    KeyResultChanged {
        id: String,
        field: &'static str,
        from: String,
        to: String,
    },
    /// A new check-in, and the score it moved the key result from and to.
    CheckinAdded {
        key_result: String,
        date: NaiveDate,
        value: f64,
        unit: Option<String>,
        score_before: f64,
        score_after: f64,
    },
    /// A check-in that is gone.
    CheckinRemoved {
        key_result: String,
        date: NaiveDate,
        value: f64,
    },
    /// An objective that now aligns to a key result.
    Aligned {
        objective: String,
        key_result: String,
    },
    /// An alignment that is gone.
    Unaligned {
        objective: String,
        key_result: String,
    },
    /// A new KPI.
    KpiAdded { name: String },
    /// A KPI that is gone.
    KpiRemoved { name: String },
    /// A field of a KPI: `unit`, `description`.
    KpiChanged {
        name: String,
        field: &'static str,
        from: String,
        to: String,
    },
    /// A new KPI value.
    KpiRecorded {
        name: String,
        date: NaiveDate,
        value: f64,
    },
    /// A period closed.
    PeriodClosed { period: Period },
    /// A period reopened.
    PeriodReopened { period: Period },
    /// A limit of the file.
    SettingChanged {
        field: &'static str,
        from: u32,
        to: u32,
    },
    /// A merge conflict left in the file.
    ConflictAdded { id: String, field: String },
    /// A merge conflict settled.
    ConflictResolved { id: String, field: String },
}

impl Change {
    /// The objective or key result the change is about; `None` for the file's own changes
    /// (KPIs, settings, periods).
    pub fn subject(&self) -> Option<&str> {
        match self {
            Change::ObjectiveAdded { id, .. }
            | Change::ObjectiveRemoved { id, .. }
            | Change::ObjectiveChanged { id, .. }
            | Change::KeyResultAdded { id, .. }
            | Change::KeyResultRemoved { id, .. }
            | Change::KeyResultChanged { id, .. }
            | Change::ConflictAdded { id, .. }
            | Change::ConflictResolved { id, .. } => Some(id),
            Change::CheckinAdded { key_result, .. } | Change::CheckinRemoved { key_result, .. } => {
                Some(key_result)
            }
            Change::Aligned { objective, .. } | Change::Unaligned { objective, .. } => {
                Some(objective)
            }
            Change::KpiAdded { .. }
            | Change::KpiRemoved { .. }
            | Change::KpiChanged { .. }
            | Change::KpiRecorded { .. }
            | Change::PeriodClosed { .. }
            | Change::PeriodReopened { .. }
            | Change::SettingChanged { .. } => None,
        }
    }
}

/// `okr diff --json`.
#[derive(Debug, Serialize)]
pub struct DiffView {
    pub changes: Vec<Change>,
}

impl DiffView {
    /// The changes from `old` to `new`, in the order of the new file: every field of the
    /// record tables (see `model::fields`), so diff shows whatever a merge may conflict on.
    pub fn new(old: &Okrs, new: &Okrs, _today: NaiveDate) -> Result<DiffView, ModelError> {
        let mut changes = Vec::new();
        settings(old, new, &mut changes);
        periods(old, new, &mut changes);
        kpis(old, new, &mut changes)?;
        objectives(old, new, &mut changes)?;
        conflicts(old, new, &mut changes);
        Ok(DiffView { changes })
    }

    /// One line per change, after a line naming `file`.
    pub fn text(&self, file: &str) -> String {
        if self.changes.is_empty() {
            return format!("{file}: no changes\n");
        }
        let mut out = format!(
            "{file}: {} change{}\n",
            self.changes.len(),
            super::plural(self.changes.len())
        );
        for change in &self.changes {
            out.push_str(&line(change));
            out.push('\n');
        }
        out
    }
}

/// One change in words, as `okr diff` prints it.
pub fn line(change: &Change) -> String {
    match change {
        Change::ObjectiveAdded {
            id,
            title,
            owner,
            period,
        } => format!("+ objective {id} \"{title}\" ({owner}, {period})"),
        Change::ObjectiveRemoved { id, title } => format!("- objective {id} \"{title}\""),
        Change::ObjectiveChanged {
            id,
            field: "title",
            from,
            to,
        } => format!("~ {id} renamed: \"{from}\" -> \"{to}\""),
        Change::ObjectiveChanged {
            id,
            field,
            from,
            to,
        }
        | Change::KeyResultChanged {
            id,
            field,
            from,
            to,
        } => {
            format!("~ {id} {field}: {from} -> {to}")
        }
        Change::KeyResultAdded {
            id,
            objective,
            title,
            start,
            target,
            unit,
        } => format!(
            "+ key result {id} \"{title}\" in {objective}: {} -> {}",
            value(*start, unit.as_deref()),
            value(*target, unit.as_deref())
        ),
        Change::KeyResultRemoved { id, title } => format!("- key result {id} \"{title}\""),
        Change::CheckinAdded {
            key_result,
            date,
            value: v,
            unit,
            score_before,
            score_after,
        } => format!(
            "+ check-in {key_result} {date}: {} ({} -> {})",
            value(*v, unit.as_deref()),
            percent(*score_before),
            percent(*score_after)
        ),
        Change::CheckinRemoved {
            key_result,
            date,
            value: v,
        } => format!("- check-in {key_result} {date}: {}", super::number(*v)),
        Change::Aligned {
            objective,
            key_result,
        } => format!("+ {objective} aligns to {key_result}"),
        Change::Unaligned {
            objective,
            key_result,
        } => format!("- {objective} no longer aligns to {key_result}"),
        Change::KpiAdded { name } => format!("+ KPI {name}"),
        Change::KpiRemoved { name } => format!("- KPI {name}"),
        Change::KpiChanged {
            name,
            field,
            from,
            to,
        } => format!("~ KPI {name} {field}: {from} -> {to}"),
        Change::KpiRecorded { name, date, value } => {
            format!("+ KPI {name} {date}: {}", super::number(*value))
        }
        Change::PeriodClosed { period } => format!("~ closed {period}"),
        Change::PeriodReopened { period } => format!("~ reopened {period}"),
        Change::SettingChanged { field, from, to } => format!("~ settings {field}: {from} -> {to}"),
        Change::ConflictAdded { id, field } => format!("! merge conflict in {id} {field}"),
        Change::ConflictResolved { id, field } => {
            format!("~ merge conflict in {id} {field} resolved")
        }
    }
}

fn settings(old: &Okrs, new: &Okrs, changes: &mut Vec<Change>) {
    let (a, b) = (&old.settings, &new.settings);
    for (field, from, to) in [
        ("max_objectives", a.max_objectives, b.max_objectives),
        ("min_krs", a.min_krs, b.min_krs),
        ("max_krs", a.max_krs, b.max_krs),
    ] {
        if from != to {
            changes.push(Change::SettingChanged { field, from, to });
        }
    }
}

fn periods(old: &Okrs, new: &Okrs, changes: &mut Vec<Change>) {
    for p in &new.closed_periods {
        if !old.closed_periods.contains(p) {
            changes.push(Change::PeriodClosed { period: *p });
        }
    }
    for p in &old.closed_periods {
        if !new.closed_periods.contains(p) {
            changes.push(Change::PeriodReopened { period: *p });
        }
    }
}

fn kpis(old: &Okrs, new: &Okrs, changes: &mut Vec<Change>) -> Result<(), ModelError> {
    let before: HashMap<&str, &Kpi> = old.kpis.iter().map(|k| (k.name.as_str(), k)).collect();
    for kpi in &new.kpis {
        let known: HashSet<(NaiveDate, u64)> = match before.get(kpi.name.as_str()) {
            Some(k) => {
                for (field, from, to) in fields::changed(fields::KPI, k, kpi)? {
                    changes.push(Change::KpiChanged {
                        name: kpi.name.clone(),
                        field,
                        from,
                        to,
                    });
                }
                k.records
                    .iter()
                    .map(|r| (r.date, r.value.to_bits()))
                    .collect()
            }
            None => {
                changes.push(Change::KpiAdded {
                    name: kpi.name.clone(),
                });
                HashSet::new()
            }
        };
        for r in &kpi.records {
            if !known.contains(&(r.date, r.value.to_bits())) {
                changes.push(Change::KpiRecorded {
                    name: kpi.name.clone(),
                    date: r.date,
                    value: r.value,
                });
            }
        }
    }
    let now: HashSet<&str> = new.kpis.iter().map(|k| k.name.as_str()).collect();
    for kpi in &old.kpis {
        if !now.contains(kpi.name.as_str()) {
            changes.push(Change::KpiRemoved {
                name: kpi.name.clone(),
            });
        }
    }
    Ok(())
}

fn objectives(old: &Okrs, new: &Okrs, changes: &mut Vec<Change>) -> Result<(), ModelError> {
    let before: HashMap<&str, &Objective> =
        old.objectives.iter().map(|o| (o.id.as_str(), o)).collect();
    let old_krs: HashMap<&str, &KeyResult> = old
        .objectives
        .iter()
        .flat_map(|o| o.key_results.iter().map(|kr| (kr.id.as_str(), kr)))
        .collect();
    for o in &new.objectives {
        match before.get(o.id.as_str()) {
            // Unchanged, key results and all: nothing to say (most of a large file, most of
            // the time, so `okr log` over many commits stays quick).
            Some(was) if *was == o => continue,
            None => changes.push(Change::ObjectiveAdded {
                id: o.id.clone(),
                title: o.title.clone(),
                owner: o.owner.to_string(),
                period: o.period,
            }),
            Some(was) => objective_fields(was, o, changes)?,
        }
        let was_aligned: &[String] = before.get(o.id.as_str()).map_or(&[], |w| &w.aligns);
        for kr in &o.aligns {
            if !was_aligned.contains(kr) {
                changes.push(Change::Aligned {
                    objective: o.id.clone(),
                    key_result: kr.clone(),
                });
            }
        }
        for kr in was_aligned {
            if !o.aligns.contains(kr) {
                changes.push(Change::Unaligned {
                    objective: o.id.clone(),
                    key_result: kr.clone(),
                });
            }
        }
        for kr in &o.key_results {
            match old_krs.get(kr.id.as_str()) {
                None => {
                    changes.push(Change::KeyResultAdded {
                        id: kr.id.clone(),
                        objective: o.id.clone(),
                        title: kr.title.clone(),
                        start: kr.start,
                        target: kr.target,
                        unit: kr.unit.clone(),
                    });
                    checkins(&[], kr, changes)?;
                }
                Some(was) if *was == kr => {}
                Some(was) => {
                    key_result_fields(was, kr, changes)?;
                    checkins(&was.checkins, kr, changes)?;
                }
            }
        }
    }
    let now: HashSet<&str> = new
        .objectives
        .iter()
        .flat_map(|o| std::iter::once(&o.id).chain(o.key_results.iter().map(|kr| &kr.id)))
        .map(String::as_str)
        .collect();
    for o in &old.objectives {
        if !now.contains(o.id.as_str()) {
            changes.push(Change::ObjectiveRemoved {
                id: o.id.clone(),
                title: o.title.clone(),
            });
            continue;
        }
        for kr in &o.key_results {
            if !now.contains(kr.id.as_str()) {
                changes.push(Change::KeyResultRemoved {
                    id: kr.id.clone(),
                    title: kr.title.clone(),
                });
            }
        }
    }
    Ok(())
}

fn objective_fields(
    was: &Objective,
    o: &Objective,
    changes: &mut Vec<Change>,
) -> Result<(), ModelError> {
    for (field, from, to) in fields::changed(fields::OBJECTIVE, was, o)? {
        changes.push(Change::ObjectiveChanged {
            id: o.id.clone(),
            field,
            from,
            to,
        });
    }
    Ok(())
}

fn key_result_fields(
    was: &KeyResult,
    kr: &KeyResult,
    changes: &mut Vec<Change>,
) -> Result<(), ModelError> {
    for (field, from, to) in fields::changed(fields::KEY_RESULT, was, kr)? {
        changes.push(Change::KeyResultChanged {
            id: kr.id.clone(),
            field,
            from,
            to,
        });
    }
    Ok(())
}

/// The check-ins of `kr` that `before` did not have, each with the score it moved the key
/// result from (the value before it, else the start) and to; and those it lost.
fn checkins(
    before: &[CheckIn],
    kr: &KeyResult,
    changes: &mut Vec<Change>,
) -> Result<(), ModelError> {
    // A check-in is the same one when every field of the check-in table is.
    let key = |c: &CheckIn| fields::identity(c).map(|values| Value::Array(values).to_string());
    let old: HashSet<String> = before.iter().map(key).collect::<Result<_, _>>()?;
    let now: HashSet<String> = kr.checkins.iter().map(key).collect::<Result<_, _>>()?;
    let mut previous = kr.start;
    for c in &kr.checkins {
        if !old.contains(&key(c)?) {
            changes.push(Change::CheckinAdded {
                key_result: kr.id.clone(),
                date: c.date,
                value: c.value,
                unit: kr.unit.clone(),
                score_before: kr.score_of(previous),
                score_after: kr.score_of(c.value),
            });
        }
        previous = c.value;
    }
    for c in before {
        if !now.contains(&key(c)?) {
            changes.push(Change::CheckinRemoved {
                key_result: kr.id.clone(),
                date: c.date,
                value: c.value,
            });
        }
    }
    Ok(())
}

fn conflicts(old: &Okrs, new: &Okrs, changes: &mut Vec<Change>) {
    let key = |c: &crate::model::merge::Conflict| (c.of, c.id.clone(), c.field.clone());
    let before: HashSet<_> = old.conflicts.iter().map(key).collect();
    let after: HashSet<_> = new.conflicts.iter().map(key).collect();
    for c in &new.conflicts {
        if !before.contains(&key(c)) {
            let (id, field) = (c.id.clone(), c.field.clone());
            changes.push(Change::ConflictAdded { id, field });
        }
    }
    for c in &old.conflicts {
        if !after.contains(&key(c)) {
            let (id, field) = (c.id.clone(), c.field.clone());
            changes.push(Change::ConflictResolved { id, field });
        }
    }
}
