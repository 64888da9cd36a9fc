//! Three-way merge of two versions of a file that share a base, by id: what git needs to
//! merge `okrs.json` from several branches (see `okr merge`).
//!
//! Objectives, key results and KPIs are matched by id (KPIs by name). A field changed on one
//! side takes that side; changed the same way on both is fine; changed differently on both
//! is a [`Conflict`], recorded in the file with the three values while the file keeps ours.
//! Sets (alignments, check-ins, KPI values, closed periods) are merged as sets: what either
//! side added is kept, what either side removed is gone. Something deleted on one side and
//! changed on the other is kept, with a conflict: nothing is lost silently. The OKR rules are
//! not enforced here (two branches may each add a team's second objective): `okr check`
//! reports what the merged file breaks.

mod resolve;

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::fields::{self, Field, whole};
use super::{CheckIn, KeyResult, Kpi, KpiRecord, ModelError, Objective, Okrs, Settings};

/// A field that two branches changed in different ways, kept in the file until resolved
/// (`okr resolve`, or setting the field again with `okr edit`). The file holds `ours` until
/// then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// What kind of thing the conflict is about: ids, KPI names and the settings are
    /// different names, and a KPI may be named like a key result. Files written before it
    /// was recorded have it worked out when they are read (see [`Okrs::infer_conflicts`]).
    #[serde(default, skip_serializing_if = "Subject::is_unstated")]
    pub of: Subject,
    /// The objective's or key result's id, the KPI's name, or `settings`.
    pub id: String,
    /// The field: `title`, `target`, ...; `deleted` when one side deleted what the other
    /// changed (its values say which side deleted it).
    pub field: String,
    /// The value both sides started from (`null` when there was none).
    pub base: Value,
    /// Our value, the one the file holds.
    pub ours: Value,
    /// Their value.
    pub theirs: Value,
}

/// What a conflict is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    /// An objective, by id.
    Objective,
    /// A key result, by id.
    KeyResult,
    /// A KPI, by name.
    Kpi,
    /// The file's settings (the id is `settings`).
    Settings,
    /// Not recorded (a file written before it was): worked out when the file is read.
    #[default]
    Unstated,
}

impl Subject {
    fn is_unstated(&self) -> bool {
        *self == Subject::Unstated
    }

    /// Whether this is an objective or a key result: something with an id.
    pub fn is_item(self) -> bool {
        matches!(self, Subject::Objective | Subject::KeyResult)
    }
}

impl Okrs {
    /// Works out what each conflict recorded without its kind is about: the settings when
    /// its id is `settings` and its field a setting, else the objective or key result of that
    /// id, else the KPI of that name.
    pub fn infer_conflicts(&mut self) {
        if self.conflicts.iter().all(|c| c.of != Subject::Unstated) {
            return;
        }
        let kinds: Vec<Subject> = self
            .conflicts
            .iter()
            .map(|c| {
                if c.of != Subject::Unstated {
                    return c.of;
                }
                // No objective or key result field is named like a setting; a KPI named like
                // a key result is the one case an old record cannot tell, and is read as
                // the key result's.
                if c.id == "settings" && crate::model::rules::settings::setting(&c.field).is_some()
                {
                    return Subject::Settings;
                }
                match self.find(&c.id) {
                    Some(super::Item::Objective(_)) => Subject::Objective,
                    Some(super::Item::KeyResult(..)) => Subject::KeyResult,
                    None if self.kpis.iter().any(|k| k.name == c.id) => Subject::Kpi,
                    None => Subject::Unstated,
                }
            })
            .collect();
        for (c, kind) in self.conflicts.iter_mut().zip(kinds) {
            c.of = kind;
        }
    }

    /// Forgets the conflicts of what is no longer in the file (an objective or key result
    /// removed, a KPI dropped): a conflict disappears with its object.
    pub fn forget_conflicts_of_the_gone(&mut self) {
        if self.conflicts.is_empty() {
            return;
        }
        let ids: HashSet<&str> = self
            .objectives
            .iter()
            .flat_map(|o| std::iter::once(&o.id).chain(o.key_results.iter().map(|k| &k.id)))
            .map(String::as_str)
            .collect();
        let kpis: HashSet<&str> = self.kpis.iter().map(|k| k.name.as_str()).collect();
        let keep: Vec<bool> = self
            .conflicts
            .iter()
            .map(|c| match c.of {
                Subject::Objective | Subject::KeyResult => ids.contains(c.id.as_str()),
                Subject::Kpi => kpis.contains(c.id.as_str()),
                Subject::Settings | Subject::Unstated => true,
            })
            .collect();
        let mut keep = keep.into_iter();
        self.conflicts.retain(|_| keep.next().unwrap_or(true));
    }
}

impl Conflict {
    /// Whether this conflict is about whether the object exists at all.
    pub fn is_deletion(&self) -> bool {
        self.field == DELETED
    }

    /// The conflict in words, without the id: ``merge conflict in `target`: base 100, ours
    /// 120, theirs 150``.
    pub fn describe(&self) -> String {
        if self.is_deletion() {
            let (deleted, changed) = if self.ours == Value::Bool(true) {
                ("ours", "theirs")
            } else {
                ("theirs", "ours")
            };
            return format!(
                "merge conflict: deleted on {deleted}, changed on {changed}; the changed version is kept"
            );
        }
        let show = |v: &Value| match v {
            Value::Null => "none".to_string(),
            Value::String(s) => format!("\"{s}\""),
            other => other.to_string(),
        };
        format!(
            "merge conflict in `{}`: base {}, ours {}, theirs {}",
            self.field,
            show(&self.base),
            show(&self.ours),
            show(&self.theirs)
        )
    }
}

/// The field of a conflict between a deletion and a change.
pub const DELETED: &str = "deleted";

/// Two objects, one on each side, that may not both be kept: the same id given to an
/// objective on one side and a key result on the other.
fn clash(id: &str) -> ModelError {
    ModelError::IdClash(id.to_string())
}

/// The conflicts found while merging, in the order found.
#[derive(Default)]
struct Found(Vec<Conflict>);

impl Found {
    /// The merged value of field `name` of object `id`: see the module's rules. `base` is
    /// `None` when the object did not exist in the base.
    fn field(
        &mut self,
        (of, id): (Subject, &str),
        name: &str,
        base: Option<&Value>,
        ours: &Value,
        theirs: &Value,
    ) -> Value {
        if ours == theirs || base == Some(theirs) {
            return ours.clone();
        }
        if base == Some(ours) {
            return theirs.clone();
        }
        self.0.push(Conflict {
            of,
            id: id.to_string(),
            field: name.to_string(),
            base: base.cloned().map_or(Value::Null, whole),
            ours: whole(ours.clone()),
            theirs: whole(theirs.clone()),
        });
        ours.clone()
    }

    /// A conflict between a deletion on one side and a change on the other.
    fn deleted(&mut self, (of, id): (Subject, &str), ours_deleted: bool) {
        self.0.push(Conflict {
            of,
            id: id.to_string(),
            field: DELETED.to_string(),
            base: Value::Bool(false),
            ours: Value::Bool(ours_deleted),
            theirs: Value::Bool(!ours_deleted),
        });
    }
}

/// A three-way merge of sets, in order: ours, then what only theirs added; without what
/// either side removed from the base.
fn merge_set<T: Clone + Eq + Hash>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let base: HashSet<&T> = base.iter().collect();
    let in_ours: HashSet<&T> = ours.iter().collect();
    let in_theirs: HashSet<&T> = theirs.iter().collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for item in ours.iter().chain(theirs) {
        // Kept when it is on both sides, or new on the side that has it.
        let kept = (in_ours.contains(item) && in_theirs.contains(item)) || !base.contains(item);
        if kept && seen.insert(item) {
            out.push(item.clone());
        }
    }
    out
}

/// Check-ins and KPI values compared as whole measurements: their JSON text, which holds
/// every field in a fixed order (and finite numbers exactly).
#[derive(Clone, PartialEq, Eq, Hash)]
struct Measurement(String);

fn measurements<T: Serialize>(items: &[T]) -> Result<Vec<Measurement>, ModelError> {
    items
        .iter()
        .map(|item| {
            serde_json::to_string(item)
                .map(Measurement)
                .map_err(unreadable)
        })
        .collect()
}

/// A measurement that does not go through JSON: never expected, and never dropped silently.
fn unreadable(e: serde_json::Error) -> ModelError {
    ModelError::Corrupt(format!("a measurement cannot be merged ({e})"))
}

/// The check-ins (or KPI values) of both sides as a set, oldest first.
fn merge_measurements<T>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    date: impl Fn(&T) -> chrono::NaiveDate,
) -> Result<Vec<T>, ModelError>
where
    T: Serialize + Clone + PartialEq + for<'de> Deserialize<'de>,
{
    if ours == theirs || base == theirs {
        return Ok(ours.to_vec());
    }
    if base == ours {
        return Ok(theirs.to_vec());
    }
    let merged = merge_set(
        &measurements(base)?,
        &measurements(ours)?,
        &measurements(theirs)?,
    );
    let mut out: Vec<T> = merged
        .into_iter()
        .map(|m| serde_json::from_str(&m.0).map_err(unreadable))
        .collect::<Result<_, _>>()?;
    // Stable: a day's measurements keep their order.
    out.sort_by_key(|item| date(item));
    Ok(out)
}

/// What a merge made: the merged file and the conflicts it holds (those of this merge and
/// any the sides already had).
#[derive(Debug)]
pub struct Merged {
    /// The merged file.
    pub okrs: Okrs,
    /// The conflicts this merge found.
    pub conflicts: usize,
}

/// Merges `ours` and `theirs`, two versions of `base`.
pub fn merge(base: &Okrs, ours: &Okrs, theirs: &Okrs) -> Result<Merged, ModelError> {
    let mut found = Found::default();
    let settings = merge_settings(&mut found, &base.settings, &ours.settings, &theirs.settings)?;
    let closed_periods = merge_set(
        &base.closed_periods,
        &ours.closed_periods,
        &theirs.closed_periods,
    );
    let kpis = merge_keyed(
        &mut found,
        Subject::Kpi,
        &base.kpis,
        &ours.kpis,
        &theirs.kpis,
        |k| &k.name,
        merge_kpi,
    )?;
    let objectives = merge_keyed(
        &mut found,
        Subject::Objective,
        &base.objectives,
        &ours.objectives,
        &theirs.objectives,
        |o| &o.id,
        merge_objective,
    )?;
    let conflicts_found = found.0.len();
    let mut conflicts = merge_set(
        &conflict_keys(&base.conflicts),
        &conflict_keys(&ours.conflicts),
        &conflict_keys(&theirs.conflicts),
    )
    .into_iter()
    .map(|key| key.0)
    .collect::<Vec<_>>();
    // One conflict per field: merging a conflicted file again finds its conflicts anew, and
    // the new finding replaces the old (the found ones come last, for the merge's report).
    let again: HashSet<(Subject, &str, &str)> = found
        .0
        .iter()
        .map(|c| (c.of, c.id.as_str(), c.field.as_str()))
        .collect();
    conflicts.retain(|c| !again.contains(&(c.of, c.id.as_str(), c.field.as_str())));
    conflicts.extend(found.0);
    let okrs = Okrs {
        version: super::VERSION,
        settings,
        legacy_counters: None,
        closed_periods,
        kpis,
        objectives,
        conflicts,
        ids: ours.ids.clone(),
    };
    // The same id on both sides for different things cannot be kept; say so.
    let mut seen = HashSet::new();
    for o in &okrs.objectives {
        for id in std::iter::once(&o.id).chain(o.key_results.iter().map(|kr| &kr.id)) {
            if !seen.insert(id.as_str()) {
                return Err(clash(id));
            }
        }
    }
    Ok(Merged {
        okrs,
        conflicts: conflicts_found,
    })
}

/// A conflict compared as a whole, for merging the conflicts both sides already had.
#[derive(Clone, PartialEq)]
struct ConflictKey(Conflict);

impl Eq for ConflictKey {}

impl Hash for ConflictKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.of.hash(state);
        self.0.id.hash(state);
        self.0.field.hash(state);
        self.0.theirs.to_string().hash(state);
    }
}

fn conflict_keys(conflicts: &[Conflict]) -> Vec<ConflictKey> {
    conflicts.iter().cloned().map(ConflictKey).collect()
}

/// Each setting merged as a field of its own.
fn merge_settings(
    found: &mut Found,
    base: &Settings,
    ours: &Settings,
    theirs: &Settings,
) -> Result<Settings, ModelError> {
    let full = |s: &Settings| {
        let mut map = serde_json::Map::new();
        for key in crate::model::rules::settings::keys() {
            let value = s.get(key).unwrap_or_default();
            map.insert(key.to_string(), Value::String(value));
        }
        map
    };
    let (b, o, t) = (full(base), full(ours), full(theirs));
    let mut merged = ours.clone();
    for key in crate::model::rules::settings::keys() {
        let value = found.field(
            (Subject::Settings, "settings"),
            key,
            b.get(key),
            &o[key],
            &t[key],
        );
        if let Value::String(text) = value {
            // Each value was valid on its side (loading checks every setting); how they sit
            // together is checked with the merged file, before it is written.
            merged.assign(key, &text)?;
        }
    }
    Ok(merged)
}

/// Merges lists of things with a key: each thing on both sides merged by `merge_one`, each
/// on one side kept or deleted by the rules of the module, in ours' order, then theirs'.
fn merge_keyed<T: Clone + PartialEq>(
    found: &mut Found,
    of: Subject,
    base: &[T],
    ours: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> &String,
    merge_one: impl Fn(&mut Found, Option<&T>, &T, &T) -> Result<T, ModelError>,
) -> Result<Vec<T>, ModelError> {
    if ours == theirs {
        return Ok(ours.to_vec());
    }
    let base_by: HashMap<&str, &T> = base.iter().map(|t| (key(t).as_str(), t)).collect();
    let ours_by: HashMap<&str, &T> = ours.iter().map(|t| (key(t).as_str(), t)).collect();
    let theirs_by: HashMap<&str, &T> = theirs.iter().map(|t| (key(t).as_str(), t)).collect();
    let mut out = Vec::with_capacity(ours.len().max(theirs.len()));
    for o in ours {
        let id = key(o).as_str();
        let b = base_by.get(id).copied();
        match (b, theirs_by.get(id).copied()) {
            (b, Some(t)) => {
                if o == t || b == Some(t) {
                    out.push(o.clone());
                } else if b == Some(o) {
                    out.push(t.clone());
                } else {
                    out.push(merge_one(found, b, o, t)?);
                }
            }
            // Theirs deleted it: gone if ours left it alone, else kept with a conflict.
            (Some(b), None) if b == o => {}
            (Some(_), None) => {
                found.deleted((of, id), false);
                out.push(o.clone());
            }
            (None, None) => out.push(o.clone()),
        }
    }
    for t in theirs {
        let id = key(t).as_str();
        if ours_by.contains_key(id) {
            continue;
        }
        match base_by.get(id).copied() {
            None => out.push(t.clone()),
            Some(b) if b == t => {}
            Some(_) => {
                found.deleted((of, id), true);
                out.push(t.clone());
            }
        }
    }
    Ok(out)
}

/// Merges the fields of `table` of a record changed on both sides: from ours, each field
/// takes the side that changed it, or stays ours with a conflict when both did.
fn merge_fields<R: Clone>(
    found: &mut Found,
    id: (Subject, &str),
    table: &[Field<R>],
    base: Option<&R>,
    ours: &R,
    theirs: &R,
) -> Result<R, ModelError> {
    let mut merged = ours.clone();
    for f in table {
        let (o, t) = ((f.get)(ours)?, (f.get)(theirs)?);
        let b = base.map(|b| (f.get)(b)).transpose()?;
        let value = found.field(id, f.name, b.as_ref(), &o, &t);
        if value != o {
            (f.set)(&mut merged, value)?;
        }
    }
    Ok(merged)
}

fn merge_kpi(
    found: &mut Found,
    base: Option<&Kpi>,
    ours: &Kpi,
    theirs: &Kpi,
) -> Result<Kpi, ModelError> {
    let id = (Subject::Kpi, ours.name.as_str());
    let mut merged = merge_fields(found, id, fields::KPI, base, ours, theirs)?;
    let empty: &[KpiRecord] = &[];
    merged.records = merge_measurements(
        base.map_or(empty, |b| &b.records),
        &ours.records,
        &theirs.records,
        |r| r.date,
    )?;
    Ok(merged)
}

fn merge_objective(
    found: &mut Found,
    base: Option<&Objective>,
    ours: &Objective,
    theirs: &Objective,
) -> Result<Objective, ModelError> {
    let id = (Subject::Objective, ours.id.as_str());
    let mut merged = merge_fields(found, id, fields::OBJECTIVE, base, ours, theirs)?;
    let no_aligns: &[String] = &[];
    let no_krs: &[KeyResult] = &[];
    merged.aligns = merge_set(
        base.map_or(no_aligns, |b| &b.aligns),
        &ours.aligns,
        &theirs.aligns,
    );
    merged.key_results = merge_keyed(
        found,
        Subject::KeyResult,
        base.map_or(no_krs, |b| &b.key_results),
        &ours.key_results,
        &theirs.key_results,
        |kr| &kr.id,
        merge_key_result,
    )?;
    Ok(merged)
}

fn merge_key_result(
    found: &mut Found,
    base: Option<&KeyResult>,
    ours: &KeyResult,
    theirs: &KeyResult,
) -> Result<KeyResult, ModelError> {
    let id = (Subject::KeyResult, ours.id.as_str());
    let mut merged = merge_fields(found, id, fields::KEY_RESULT, base, ours, theirs)?;
    // The target and the form it was typed in (`+25%`) go together: theirs, when their
    // target is the one kept.
    if merged.target != ours.target {
        merged.relative_target = theirs.relative_target.clone();
    }
    let no_checkins: &[CheckIn] = &[];
    merged.checkins = merge_measurements(
        base.map_or(no_checkins, |b| &b.checkins),
        &ours.checkins,
        &theirs.checkins,
        |c| c.date,
    )?;
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kpi(name: &str, unit: Option<&str>, values: &[(u32, f64)]) -> Kpi {
        Kpi {
            name: name.to_string(),
            unit: unit.map(str::to_string),
            description: None,
            records: values
                .iter()
                .map(|&(day, value)| KpiRecord {
                    date: chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
                    value,
                    id: None,
                })
                .collect(),
        }
    }

    #[test]
    fn a_field_takes_the_side_that_changed_it_or_conflicts() {
        let (a, b, c) = (json!(100), json!(120), json!(150));
        // (base, ours, theirs) -> (merged, conflict)
        let cases = [
            (Some(&a), &a, &a, &a, false),
            (Some(&a), &b, &a, &b, false),
            (Some(&a), &a, &c, &c, false),
            (Some(&a), &b, &b, &b, false),
            (Some(&a), &b, &c, &b, true),
            (None, &b, &b, &b, false),
            (None, &b, &c, &b, true),
        ];
        for (base, ours, theirs, merged, conflict) in cases {
            let mut found = Found::default();
            let got = found.field((Subject::KeyResult, "kr1"), "target", base, ours, theirs);
            assert_eq!(
                (&got, found.0.len()),
                (merged, usize::from(conflict)),
                "{base:?} {ours} {theirs}"
            );
            if conflict {
                let c = &found.0[0];
                assert_eq!(
                    (c.of, c.id.as_str(), c.field.as_str(), &c.ours, &c.theirs),
                    (Subject::KeyResult, "kr1", "target", ours, theirs)
                );
            }
        }
    }

    #[test]
    fn a_set_keeps_what_either_side_added_and_loses_what_either_removed() {
        let s = |items: &[&str]| items.iter().map(|i| i.to_string()).collect::<Vec<_>>();
        let cases = [
            (
                s(&["a", "b"]),
                s(&["a", "b", "c"]),
                s(&["a", "b"]),
                s(&["a", "b", "c"]),
            ),
            (
                s(&["a", "b"]),
                s(&["a", "b"]),
                s(&["b", "d"]),
                s(&["b", "d"]),
            ),
            (
                s(&["a", "b"]),
                s(&["a", "b", "c"]),
                s(&["b", "d"]),
                s(&["b", "c", "d"]),
            ),
            (s(&[]), s(&["x"]), s(&["x"]), s(&["x"])),
            (s(&["a"]), s(&[]), s(&[]), s(&[])),
        ];
        for (base, ours, theirs, merged) in cases {
            assert_eq!(
                merge_set(&base, &ours, &theirs),
                merged,
                "{base:?} {ours:?} {theirs:?}"
            );
        }
    }

    #[test]
    fn records_merge_by_key_and_a_deletion_against_a_change_keeps_the_change() {
        let base = [kpi("visits", Some("visits"), &[]), kpi("leads", None, &[])];
        // Theirs deleted `leads`, ours changed it: kept, with a deletion conflict.
        let ours = [
            kpi("visits", Some("visits"), &[]),
            kpi("leads", Some("leads"), &[]),
        ];
        let theirs = [kpi("visits", Some("visitors"), &[])];
        let mut found = Found::default();
        let merged = merge_keyed(
            &mut found,
            Subject::Kpi,
            &base,
            &ours,
            &theirs,
            |k| &k.name,
            merge_kpi,
        )
        .unwrap();
        assert_eq!(
            merged,
            [
                kpi("visits", Some("visitors"), &[]),
                kpi("leads", Some("leads"), &[])
            ]
        );
        assert_eq!(found.0.len(), 1);
        assert_eq!(
            (
                found.0[0].of,
                found.0[0].id.as_str(),
                found.0[0].field.as_str()
            ),
            (Subject::Kpi, "leads", DELETED)
        );
        // Deleted on one side and left alone on the other: gone, quietly.
        let mut found = Found::default();
        let merged = merge_keyed(
            &mut found,
            Subject::Kpi,
            &base,
            &base,
            &theirs,
            |k| &k.name,
            merge_kpi,
        )
        .unwrap();
        assert_eq!(merged, [kpi("visits", Some("visitors"), &[])]);
        assert!(found.0.is_empty());
    }

    #[test]
    fn measurements_are_a_set_of_both_sides_in_date_order() {
        let base = [kpi("visits", None, &[(1, 10.0)])];
        let ours = [kpi("visits", None, &[(1, 10.0), (5, 50.0)])];
        let theirs = [kpi("visits", None, &[(3, 30.0)])];
        let mut found = Found::default();
        let merged = merge_keyed(
            &mut found,
            Subject::Kpi,
            &base,
            &ours,
            &theirs,
            |k| &k.name,
            merge_kpi,
        )
        .unwrap();
        // Theirs dropped the 1st, ours added the 5th, theirs the 3rd.
        assert_eq!(merged, [kpi("visits", None, &[(3, 30.0), (5, 50.0)])]);
        assert!(found.0.is_empty());
    }
}
