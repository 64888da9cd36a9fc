//! Broken, foreign and hostile data files, and bad values from the environment.

use crate::harness::Env;
use similar_asserts::assert_eq;

fn load_error(content: &str) -> String {
    let env = Env::with_file(content);
    let message = env.fail(&["status"]);
    // Writing commands refuse the same file, untouched.
    env.fail(&["add", "objective", "Anything"]);
    message
}

#[test]
fn broken_json_names_the_place() {
    assert_eq!(
        load_error("{\"version\": 1, \"settings\": "),
        "`okrs.json` is not a valid okr data file: EOF while parsing a value at line 1 column 27; fix it or restore it from version control"
    );
    assert_eq!(
        load_error(""),
        "`okrs.json` is not a valid okr data file: EOF while parsing a value at line 1 column 0; fix it or restore it from version control"
    );
}

#[test]
fn foreign_json_is_refused() {
    assert_eq!(
        load_error("{\"name\": \"my-app\", \"dependencies\": {}}"),
        "`okrs.json` is not a valid okr data file: it has no `version` field, so it was not written by okr; fix it or restore it from version control"
    );
    assert_eq!(
        load_error("{\"name\": \"my-app\", \"version\": \"1.0.0\"}"),
        "`okrs.json` is not a valid okr data file: unknown field `name`, expected one of `version`, `settings`, `next_id`, `closed`, `kpis`, `objectives`, `conflicts` at line 1 column 7; fix it or restore it from version control"
    );
    assert_eq!(
        load_error("[1, 2, 3]"),
        "`okrs.json` is not a valid okr data file: the top level is an array, not an object with `version`, `settings` and `objectives`; fix it or restore it from version control"
    );
    assert_eq!(
        load_error("null"),
        "`okrs.json` is not a valid okr data file: the top level is null, not an object with `version`, `settings` and `objectives`; fix it or restore it from version control"
    );
}

#[test]
fn a_newer_version_is_refused_not_rewritten() {
    assert_eq!(
        load_error(
            "{\"version\": 4, \"settings\": {\"max_objectives\": 2, \"min_krs\": 2, \"max_krs\": 4}, \"objectives\": [], \"future\": true}"
        ),
        "`okrs.json` has format version 4, newer than this okr understands (3); upgrade okr"
    );
    assert_eq!(
        load_error(
            "{\"version\": 7, \"settings\": {\"max_objectives\": 2, \"min_krs\": 2, \"max_krs\": 4}}"
        ),
        "`okrs.json` has format version 7, newer than this okr understands (3); upgrade okr"
    );
}

#[test]
fn content_that_breaks_invariants_is_refused() {
    let file = |objectives: &str| {
        format!(
            "{{\"version\": 1, \"settings\": {{\"max_objectives\": 2, \"min_krs\": 2, \"max_krs\": 4}}, \"objectives\": [{objectives}]}}"
        )
    };
    let suffix = "; fix it or restore it from version control";
    let cases = [
        (
            r#"{"id": "o1", "title": "A", "level": "company", "period": "2026-Q4"}, {"id": "o1", "title": "B", "level": "company", "period": "2026-Q4"}"#,
            "id `o1` is used twice; rename one of them",
        ),
        (
            r#"{"id": "o1", "title": "A", "level": "team", "period": "2026-Q4"}"#,
            "objective `o1` is at level `team` but names no owner; a company objective has no team or person, a team objective a team, an individual one a person at line 1 column 158",
        ),
        (
            r#"{"id": "o1", "title": "A", "level": "company", "period": "2026-Q5"}"#,
            "invalid period `2026-Q5`; use a quarter (2026-Q4), half (2026-H2), year (2026), month (2026-11) or ISO week (2026-W47) at line 1 column 160",
        ),
        (
            r#"{"id": "o1", "title": "A", "level": "company", "period": "2026-Q4", "key_results": [{"id": "kr1", "title": "K", "start": 0, "target": 1e309}]}"#,
            "number out of range at line 1 column 232",
        ),
        (
            r#"{"id": "o1", "title": "A", "level": "company", "period": "2026-Q4", "key_results": [{"id": "kr1", "title": "K", "start": 0, "target": 1, "weight": -1}]}"#,
            "key result `kr1` has a negative weight (-1); use 0 or more",
        ),
        (
            r#"{"id": "o1", "title": "A", "level": "company", "period": "2026-Q4", "key_results": [{"id": "kr1", "title": "K", "start": 0, "target": 1, "checkins": [{"date": "2026-11-02", "value": 1, "confidence": 12}]}]}"#,
            "key result `kr1` has a check-in with confidence 12; use 0 to 10",
        ),
        (
            r#"{"id": "o1", "title": "A", "level": "company", "period": "2026-Q4", "key_results": [{"id": "kr1", "title": "K", "start": 0, "target": 1, "checkins": [{"date": "2026-11-31", "value": 1}]}]}"#,
            "invalid date `2026-11-31`; use YYYY-MM-DD, e.g. 2026-11-23 at line 1 column 264",
        ),
        (
            r#"{"id": "a b", "title": "A", "level": "company", "period": "2026-Q4"}"#,
            "invalid id `a b`; use 1 to 64 letters, digits, `-`, `_` or `.`",
        ),
    ];
    for (objectives, detail) in cases {
        assert_eq!(
            load_error(&file(objectives)),
            format!("`okrs.json` is not a valid okr data file: {detail}{suffix}"),
            "for {objectives}"
        );
    }
}

#[test]
fn a_bad_today_is_refused() {
    let env = Env::example();
    let before = env.bytes();
    let out = env
        .cmd(&["status"])
        .env("OKR_TODAY", "tomorrow")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: invalid `OKR_TODAY` `tomorrow`; use YYYY-MM-DD, e.g. 2026-11-23, or unset it\n"
    );
    assert_eq!(env.bytes(), before);
}

#[test]
fn bad_periods_are_refused_everywhere() {
    let env = Env::example();
    let message = "invalid period `2026-Q5`; use a quarter (2026-Q4), half (2026-H2), year (2026), month (2026-11) or ISO week (2026-W47)";
    for args in [
        &["status", "--period", "2026-Q5"][..],
        &["list", "--period", "2026-Q5"],
        &["tree", "--period", "2026-Q5"],
        &["check", "--period", "2026-Q5"],
        &["add", "objective", "X", "--period", "2026-Q5"],
    ] {
        assert_eq!(env.fail(args), message, "for {args:?}");
    }
}

#[test]
fn empty_names_are_refused() {
    let env = Env::new();
    assert_eq!(
        env.fail(&["add", "objective", "X", "--team", " "]),
        "`--team` is empty; give a name"
    );
    assert_eq!(
        env.fail(&["add", "objective", ""]),
        "the title is empty; give a short outcome, e.g. \"Grow newsletter sign-ups\""
    );
}

#[test]
fn unicode_survives_a_round_trip() {
    let env = Env::new();
    env.objective(&["Café au lait für alle ☕", "--team", "Équipe"]);
    let file = env.json();
    assert_eq!(file["objectives"][0]["title"], "Café au lait für alle ☕");
    assert_eq!(file["objectives"][0]["team"], "Équipe");
}

#[test]
fn control_characters_are_refused_where_they_would_garble_a_terminal() {
    let env = Env::cascade();
    assert_eq!(
        env.fail(&["add", "objective", "Evil \u{1b}[31mred", "--team", "x"]),
        "the title contains the control character U+001B; remove it (line breaks are allowed in descriptions only)"
    );
    assert_eq!(
        env.fail(&["progress", "kr1", "5", "--note", "two\nlines"]),
        "the check-in note of `kr1` contains the control character U+000A; remove it (line breaks are allowed in descriptions only)"
    );
    env.ok(&["edit", "o1", "--description", "First line\nSecond line"]);
}

#[test]
fn days_past_the_calendar_or_after_today_are_one_clear_error() {
    let env = Env::example();
    let (code, stdout, stderr) = env
        .cmd(&["status", "--period", "next"])
        .env("OKR_TODAY", "9999-12-31")
        .output()
        .map(|o| {
            (
                o.status.code(),
                String::from_utf8(o.stdout).unwrap(),
                String::from_utf8(o.stderr).unwrap(),
            )
        })
        .unwrap();
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            Some(1),
            "",
            "error: the quarter after 9999-Q4 is outside the years 1000 to 9999 that okr plans in; use a day within them\n"
        )
    );
    assert_eq!(
        env.fail(&["changes", "--since", "2026-11-24"]),
        "`--since 2026-11-24` is after today (2026-11-23); give a day on or before today"
    );
}
