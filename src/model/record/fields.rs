//! One table of fields per record: each row names a field once, with how to read it (as
//! JSON, which is how merges compare it and conflicts record it), how to set it back (what
//! `okr resolve` does with a side's value) and how to say it in words (what `okr diff`
//! prints). Merge, resolve and diff all walk these tables, so a field that one of them knows
//! and another does not cannot exist: adding a field to a record is a row here.
//!
//! Collections are not fields: alignments, check-ins, key results and KPI values are merged
//! as sets and diffed one by one (see `merge` and `report::diff`).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::model::input::{shown_number, shown_percent, shown_value};
use crate::model::{CheckIn, Keep, KeyResult, Kpi, ModelError, Objective, Retro};

/// One field of a record `R`.
pub struct Field<R> {
    /// Its name in conflicts, in `okr diff` and in `okr resolve`'s report: `title`, `target`.
    pub name: &'static str,
    /// Its value, as JSON.
    pub get: fn(&R) -> Result<Value, ModelError>,
    /// Sets it from a JSON value (a side of a conflict).
    pub set: fn(&mut R, Value) -> Result<(), ModelError>,
    /// Its value in words, as a marketer reads it: `set by hand: at-risk`.
    pub show: fn(&R) -> String,
}

/// `value` as JSON, whole numbers without a fraction (`2000`, not `2000.0`), as the file
/// writes them.
pub fn json<T: Serialize>(value: &T) -> Result<Value, ModelError> {
    serde_json::to_value(value)
        .map(whole)
        .map_err(|e| ModelError::Corrupt(format!("a field cannot be written as JSON ({e})")))
}

/// `value` read back from JSON as the field's type.
pub fn from_json<T: DeserializeOwned>(name: &str, value: Value) -> Result<T, ModelError> {
    serde_json::from_value(value).map_err(|e| ModelError::FieldUnfit {
        field: name.to_string(),
        detail: e.to_string(),
    })
}

/// Whole numbers written without a fraction, inside arrays too.
pub fn whole(value: Value) -> Value {
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(whole).collect()),
        other => other,
    }
}

/// A row for the plain field `$field` of `$record`, named `$name`, shown by `$show`.
macro_rules! field {
    ($record:ty, $name:literal, $field:ident, $show:expr) => {
        Field::<$record> {
            name: $name,
            get: |r| json(&r.$field),
            set: |r, v| {
                r.$field = from_json($name, v)?;
                Ok(())
            },
            show: $show,
        }
    };
}

fn or_none(text: &Option<String>) -> String {
    text.clone().unwrap_or_else(|| "none".into())
}

fn status_words(status: Option<crate::model::Status>) -> String {
    match status {
        Some(status) => format!("set by hand: {}", status.as_str()),
        None => "computed".into(),
    }
}

/// A retrospective in words: `learned: "Launch later" (own score 60%)`, or `none`.
pub fn retro_words(retro: &Option<Retro>) -> String {
    match retro {
        Some(Retro { note, score }) => match score {
            Some(score) => format!("learned: \"{note}\" (own score {})", shown_percent(*score)),
            None => format!("learned: \"{note}\""),
        },
        None => "none".into(),
    }
}

/// A key result's milestones in words: `2026-11-15: 45,000 visitors; 2026-12-15: 55,000
/// visitors`, or `none`.
pub fn milestone_words(kr: &KeyResult) -> String {
    if kr.milestones.is_empty() {
        return "none".into();
    }
    kr.milestones
        .iter()
        .map(|m| format!("{}: {}", m.date, shown_value(m.value, kr.unit.as_deref())))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The fields of an objective.
pub const OBJECTIVE: &[Field<Objective>] = &[
    field!(Objective, "title", title, |o| o.title.clone()),
    // Level, team and person change together: one field, so a merge cannot mix them.
    field!(Objective, "owner", owner, |o| o.owner.to_string()),
    field!(Objective, "period", period, |o| o.period.to_string()),
    field!(Objective, "kind", kind, |o| o.kind.to_string()),
    field!(Objective, "description", description, |o| or_none(
        &o.description
    )),
    field!(
        Objective,
        "carried_from",
        carried_from,
        |o| match &o.carried_from {
            Some(from) => format!("carried from {from}"),
            None => "not carried".into(),
        }
    ),
    field!(
        Objective,
        "closed",
        final_result,
        |o| match &o.final_result {
            Some(r) => format!(
                "closed with {}, {}",
                shown_percent(r.score),
                r.grade.as_str()
            ),
            None => "open".into(),
        }
    ),
    field!(Objective, "status", status, |o| status_words(o.status)),
    field!(Objective, "retro", retro, |o| retro_words(&o.retro)),
];

/// The fields of a key result.
pub const KEY_RESULT: &[Field<KeyResult>] = &[
    field!(KeyResult, "title", title, |k| k.title.clone()),
    field!(KeyResult, "start", start, |k| shown_value(
        k.start,
        k.unit.as_deref()
    )),
    // The target and the form it was typed in (`+25%`) go together: a side's target is set
    // as its plain value.
    Field {
        name: "target",
        get: |k| json(&k.target),
        set: |k, v| {
            k.target = from_json("target", v)?;
            k.relative_target = None;
            Ok(())
        },
        show: |k| match &k.relative_target {
            Some(form) => format!("{} ({form})", shown_value(k.target, k.unit.as_deref())),
            None => shown_value(k.target, k.unit.as_deref()),
        },
    },
    field!(KeyResult, "unit", unit, |k| or_none(&k.unit)),
    field!(KeyResult, "weight", weight, |k| shown_number(k.weight)),
    field!(KeyResult, "outcome_ok", outcome_ok, |k| if k.outcome_ok {
        "outcome accepted".into()
    } else {
        "not marked as an outcome".into()
    }),
    field!(KeyResult, "kpi", kpi, |k| match &k.kpi {
        Some(kpi) => format!("fed by KPI {kpi}"),
        None => "no KPI".into(),
    }),
    field!(KeyResult, "owner", owner, |k| match &k.owner {
        Some(owner) => format!("answered for by {owner}"),
        None => "answered for by its objective's owner".into(),
    }),
    field!(KeyResult, "status", status, |k| status_words(k.status)),
    field!(KeyResult, "milestones", milestones, |k| milestone_words(k)),
    field!(KeyResult, "retro", retro, |k| retro_words(&k.retro)),
    field!(KeyResult, "keep", keep, |k| {
        let line = shown_value(k.target, k.unit.as_deref());
        match k.keep {
            Some(Keep::Above) => format!("keeps the line ≥ {line}"),
            Some(Keep::Below) => format!("keeps the line ≤ {line}"),
            None => "moves toward its target".into(),
        }
    }),
];

/// The fields of a KPI.
pub const KPI: &[Field<Kpi>] = &[
    field!(Kpi, "unit", unit, |k| or_none(&k.unit)),
    field!(Kpi, "description", description, |k| or_none(&k.description)),
];

/// The fields of a check-in. A check-in is merged and diffed as a whole (the same
/// measurement twice is one), so these say what makes two check-ins the same one.
pub const CHECK_IN: &[Field<CheckIn>] = &[
    field!(CheckIn, "date", date, |c| c.date.to_string()),
    field!(CheckIn, "value", value, |c| shown_number(c.value)),
    field!(CheckIn, "note", note, |c| or_none(&c.note)),
    field!(CheckIn, "confidence", confidence, |c| match c.confidence {
        Some(c) => format!("{c}/10"),
        None => "none".into(),
    }),
    field!(CheckIn, "by", by, |c| or_none(&c.by)),
    field!(CheckIn, "id", id, |c| or_none(&c.id)),
];

/// The row of `table` named `name`.
pub fn named<'a, R>(table: &'a [Field<R>], name: &str) -> Option<&'a Field<R>> {
    table.iter().find(|f| f.name == name)
}

/// The fields of `table` whose value differs between `was` and `now`, with both in words.
pub fn changed<R>(
    table: &[Field<R>],
    was: &R,
    now: &R,
) -> Result<Vec<(&'static str, String, String)>, ModelError> {
    let mut out = Vec::new();
    for f in table {
        if (f.get)(was)? != (f.get)(now)? {
            out.push((f.name, (f.show)(was), (f.show)(now)));
        }
    }
    Ok(out)
}

/// A check-in as the duplicate rule and the diff compare it: every field of [`CHECK_IN`].
pub fn identity(checkin: &CheckIn) -> Result<Vec<Value>, ModelError> {
    CHECK_IN.iter().map(|f| (f.get)(checkin)).collect()
}
