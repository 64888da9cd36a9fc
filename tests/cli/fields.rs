//! One table of fields per record: merge, diff and resolve each handle every row of every
//! table. A field added to a table without a sample here fails this test, and so does one
//! that merge, diff or resolve passes over.

use std::path::Path;

use okr::model::Okrs;
use okr::model::fields::{self, Field};
use okr::model::merge::{Conflict, Subject, merge};
use okr::report::diff::{Change, DiffView};
use serde_json::{Value, json};

/// The bundled example, with a KPI of its own.
fn store_example() -> Okrs {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/marketing.json");
    let mut okrs = okr::store::read(&path).expect("the example loads");
    okrs.add_kpi("regional-visitors", Some("visitors".into()), None)
        .expect("a KPI");
    okrs
}

/// A value for field `name` that the example's record does not have.
fn sample(record: &str, name: &str) -> Value {
    match (record, name) {
        (_, "title") => json!("Renamed on their side"),
        ("objective", "owner") => json!(["team", "brand", null]),
        ("objective", "period") => json!("2026-H2"),
        ("objective", "kind") => json!("committed"),
        (_, "description") => json!("Said differently"),
        ("objective", "carried_from") => json!("o99"),
        ("objective", "closed") => json!({"on": "2026-12-31", "score": 0.62, "grade": "yellow"}),
        (_, "status") => json!("at-risk"),
        ("key result", "start") => json!(123),
        ("key result", "target") => json!(98765),
        (_, "unit") => json!("leads"),
        ("key result", "weight") => json!(3),
        ("key result", "outcome_ok") => json!(true),
        ("key result", "kpi") => json!("newsletter-signups"),
        ("key result", "keep") => json!("above"),
        ("key result", "owner") => json!("maya"),
        (_, "retro") => json!({"note": "Launch later next time", "score": 0.5}),
        ("key result", "milestones") => json!([{"date": "2026-11-15", "value": 45000}]),
        ("check-in", "by") => json!("Tom"),
        ("check-in", "date") => json!("2026-11-02"),
        ("check-in", "value") => json!(4242),
        ("check-in", "note") => json!("Counted twice"),
        ("check-in", "confidence") => json!(2),
        ("check-in", "id") => json!("row-17"),
        _ => panic!("no sample for the {record} field `{name}`: add one to tests/cli/fields.rs"),
    }
}

/// Checks one row: setting it on theirs only, the merge takes it; diff names it; a conflict
/// on it resolved with theirs sets it back.
fn check<R>(
    record: &str,
    row: &Field<R>,
    of: Subject,
    id: &str,
    find: impl Fn(&mut Okrs) -> &mut R,
    diff_names: impl Fn(&Change) -> Option<&str>,
) {
    let base = store_example();
    let value = sample(record, row.name);
    let mut theirs = base.clone();
    (row.set)(find(&mut theirs), value.clone()).unwrap();
    assert_ne!(
        (row.get)(find(&mut base.clone())).unwrap(),
        value,
        "the sample for {record} `{}` is what the example has",
        row.name
    );
    // Merge: ours left it alone, theirs changed it.
    let mut merged = merge(&base, &base, &theirs).unwrap().okrs;
    assert_eq!(
        (row.get)(find(&mut merged)).unwrap(),
        fields::whole(value.clone()),
        "merge of {record} `{}`",
        row.name
    );
    // Diff: the change is named, in words.
    let diff = DiffView::new(&base, &theirs, "2026-11-23".parse().unwrap()).unwrap();
    assert!(
        diff.changes.iter().any(|c| diff_names(c) == Some(row.name)),
        "diff of {record} `{}`: {:?}",
        row.name,
        diff.changes
    );
    // Resolve: a conflict on it, settled with theirs.
    let mut conflicted = base.clone();
    let ours = (row.get)(find(&mut conflicted)).unwrap();
    conflicted.conflicts.push(Conflict {
        of,
        id: id.to_string(),
        field: row.name.to_string(),
        base: ours.clone(),
        ours,
        theirs: value.clone(),
    });
    conflicted.resolve(id, true).unwrap();
    assert_eq!(
        (row.get)(find(&mut conflicted)).unwrap(),
        fields::whole(value),
        "resolve of {record} `{}`",
        row.name
    );
}

#[test]
fn merge_diff_and_resolve_handle_every_field_of_every_record() {
    for row in fields::OBJECTIVE {
        check(
            "objective",
            row,
            Subject::Objective,
            "o1",
            |okrs| &mut okrs.objectives[0],
            |c| match c {
                Change::ObjectiveChanged { field, .. } => Some(field),
                _ => None,
            },
        );
    }
    for row in fields::KEY_RESULT {
        check(
            "key result",
            row,
            Subject::KeyResult,
            "kr1",
            |okrs| &mut okrs.objectives[0].key_results[0],
            |c| match c {
                Change::KeyResultChanged { field, .. } => Some(field),
                _ => None,
            },
        );
    }
    for row in fields::KPI {
        check(
            "kpi",
            row,
            Subject::Kpi,
            "regional-visitors",
            |okrs| &mut okrs.kpis[0],
            |c| match c {
                Change::KpiChanged { field, .. } => Some(field),
                _ => None,
            },
        );
    }
}

#[test]
fn a_check_in_is_the_same_one_when_every_field_of_its_table_is() {
    let okrs = store_example();
    let checkin = &okrs.objectives[0].key_results[0].checkins[0];
    let same = fields::identity(checkin).unwrap();
    for row in fields::CHECK_IN {
        let mut other = checkin.clone();
        (row.set)(&mut other, sample("check-in", row.name)).unwrap();
        assert_ne!(
            fields::identity(&other).unwrap(),
            same,
            "check-in `{}` is part of what makes it the same one",
            row.name
        );
    }
}

#[test]
fn diff_shows_every_field_a_merge_can_conflict_on_in_words() {
    let env = crate::harness::Env::example();
    let dir = env.dir.path();
    std::fs::copy(env.path(), dir.join("old.json")).unwrap();
    env.run(&["progress", "kr1", "50700", "--status", "at-risk"]);
    env.ok(&["edit", "kr4", "--outcome-ok"]);
    env.ok(&["edit", "o1", "--status", "off-track"]);
    env.ok(&[
        "add",
        "kr",
        "o2",
        "Uptime",
        "--keep-above",
        "99.5",
        "--unit",
        "%",
        "--id",
        "kr99",
    ]);
    std::fs::copy(env.path(), dir.join("kept.json")).unwrap();
    env.ok(&["edit", "kr99", "--target", "99.9"]);
    assert_eq!(
        env.ok(&["diff", "old.json", "okrs.json"]),
        "okrs.json: 5 changes
~ o1 status: computed -> set by hand: off-track
~ kr1 status: computed -> set by hand: at-risk
+ check-in kr1 2026-11-23: 50,700 visitors (53% -> 54%)
~ kr4 outcome_ok: not marked as an outcome -> outcome accepted
+ key result kr99 \"Uptime\" in o2: 99.5% -> 99.9%
"
    );
    assert_eq!(
        env.ok(&["diff", "kept.json", "okrs.json"]),
        "okrs.json: 1 change\n~ kr99 target: 99.5% -> 99.9%\n"
    );
    std::fs::copy(env.path(), dir.join("open.json")).unwrap();
    env.ok(&["close", "2026-Q4", "--early"]);
    let closed = env.ok(&["diff", "open.json", "okrs.json"]);
    assert!(
        closed.contains("\n~ o1 closed: open -> closed with 47%, yellow\n"),
        "{closed}"
    );
}
