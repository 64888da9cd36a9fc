//! Bad and hostile input: broken, foreign, special and hostile data files, values that would
//! not stay finite, control characters that would reach a terminal, bad values from the
//! environment. Each is one clear error, and the file stays as it was.

use crate::harness::Env;
use similar_asserts::assert_eq;
use std::fs;
use std::path::Path;
use std::process::Command;

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

const RANGE: &str = "is out of range; okr keeps numbers from -1e15 to 1e15 (1,000,000,000,000,000)";

#[test]
fn numbers_that_would_not_stay_finite_are_refused() {
    let env = Env::cascade();
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "add", "kr", "o1", "K", "--start", "1e308", "--target", "+100%",
            ],
            "--start `1e308`",
        ),
        (
            &["add", "kr", "o1", "K", "--target", "+2e302"],
            "--target `+2e302`",
        ),
        (
            &[
                "add", "kr", "o1", "K", "--start", "9e14", "--target", "+100%",
            ],
            "target `+100%` of a start of 900000000000000, that is `1.8e15`",
        ),
        (&["edit", "kr1", "--target", "+1e308"], "--target `+1e308`"),
        (&["edit", "kr1", "--weight", "1e308"], "weight `1e308`"),
        (&["progress", "kr1", "-1e16"], "value `-1e16`"),
    ];
    for (args, what) in cases {
        assert_eq!(env.fail(args), format!("{what} {RANGE}"), "{args:?}");
    }
    let message = env.fail(&[
        "add",
        "objective",
        "--template",
        "social-media",
        "--team",
        "social",
        "--baseline",
        "1=1e308",
        "--baseline",
        "2=1",
        "--baseline",
        "3=1",
        "--aligns",
        "kr1",
    ]);
    assert_eq!(message, format!("baseline `1e308` {RANGE}"));
    // At the limit everything still computes and prints as digits, never `inf` or `NaN`.
    env.kr(
        "o1",
        "Big",
        &[
            "--start", "-1e15", "--target", "1e15", "--weight", "1e15", "--id", "kr7",
        ],
    );
    env.ok(&["progress", "kr7", "1e15"]);
    env.ok(&["edit", "kr1", "--weight", "1e15"]);
    for args in [
        &["status"][..],
        &["report"],
        &["report", "--format", "csv"],
        &["show", "kr7"],
    ] {
        let out = env.ok(args);
        assert!(!out.contains("inf") && !out.contains("NaN"), "{out}");
    }
    assert!(env.ok(&["show", "kr7"]).contains("1,000,000,000,000,000"));
    env.ok(&["close", "2026-Q4", "--early"]);
    env.ok(&["status"]);
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let env = Env::cascade();
    for args in [
        &["show", "\u{1b}[2Jx"][..],
        &["status", "--period", "\u{1b}[2J"],
        &["progress", "kr1", "\u{1b}[2J"],
        &["add", "objective", "Fine", "--team", "a\u{1b}[31mb"],
        &["kpi", "add", "x\u{7}y"],
    ] {
        let (code, stdout, stderr) = env.run(args);
        assert_eq!(code, Some(1), "{args:?}");
        assert_eq!(stdout, "");
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
            "{stderr:?}"
        );
        // Shown as an escape, or named by its code point.
        assert!(
            ["\\u{1b}", "\\u{7}", "U+001B"]
                .iter()
                .any(|shown| stderr.contains(shown)),
            "{stderr:?}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    }
    // A usage error quoting an argument does not pass its escapes through either.
    let (code, _, stderr) = env.run(&["--color", "\u{1b}[2J", "status"]);
    assert_eq!(code, Some(2));
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    // Nor does an imported cell, in the file or in the message.
    fs::write(
        env.dir.path().join("rows.csv"),
        "kr,value,id,note\nkr1,1200,\u{1b}[2J,\nkr9\u{1b}[2J,5,,\nkr1,3,,a\u{1b}]0;title\u{7}\n",
    )
    .unwrap();
    let before = env.bytes();
    let (code, _, stderr) = env.run(&["import", "rows.csv"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "\
error: rows.csv:2: the id contains the control character U+001B; remove it
error: rows.csv:3: no objective or key result has id `kr9\\u{1b}[2J`; run `okr list` to see the ids
error: rows.csv:4: the note contains the control character U+001B; remove it
error: 3 bad rows in `rows.csv`; nothing was imported
"
    );
    assert_eq!(env.bytes(), before);
}

#[test]
fn hostile_fields_in_the_file_are_refused_on_load() {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    let cases = [
        (
            "control_in_aligns.json",
            "the alignment of `o2` is `kr1\\n::error::forged`, not an id; use letters, digits, `-`, `_` or `.`",
        ),
        (
            "control_in_carried_from.json",
            "the origin of `o2` is `o1\\u{1b}[2J`, not an id; use letters, digits, `-`, `_` or `.`",
        ),
        (
            "control_in_kpi_name.json",
            "a KPI's name is `visits\\u{1b}[2J`, not an id; use letters, digits, `-`, `_` or `.`",
        ),
        (
            "control_in_kpi_link.json",
            "the KPI of `kr1` is `visits\\u{1b}[2J`, not an id; use letters, digits, `-`, `_` or `.`",
        ),
        (
            "control_in_relative_target.json",
            "the relative target of `kr1` is `+10\\u{1b}[2J`; use a form like `+25%` or `+300`, or remove `relative_target`",
        ),
        (
            "control_in_checkin_id.json",
            "the check-in id of `kr1` contains the control character U+001B; remove it (line breaks are allowed in descriptions only)",
        ),
        (
            "control_in_checkin_author.json",
            "the check-in author of `kr1` contains the control character U+001B; remove it (line breaks are allowed in descriptions only)",
        ),
        (
            "invisible_in_kr_owner.json",
            "the owner of `kr2` contains the invisible character U+200B (a bidi control or a zero-width character), which makes it look like another name; remove it",
        ),
        (
            "control_in_kpi_record_id.json",
            "the record id of `visits` contains the control character U+001B; remove it (line breaks are allowed in descriptions only)",
        ),
        (
            "huge_value.json",
            "the start of `kr1` is 1e300, out of range; okr keeps numbers from -1e15 to 1e15",
        ),
        (
            "huge_weight.json",
            "the weight of `kr1` is 1e308, out of range; okr keeps numbers from -1e15 to 1e15",
        ),
        (
            "bad_closed_score.json",
            "objective `o1` was closed with score 7; a score is from 0 to 1",
        ),
    ];
    for (name, detail) in cases {
        let env = Env::with_file(&fs::read_to_string(format!("{corpus}/{name}")).unwrap());
        let expected = format!(
            "`okrs.json` is not a valid okr data file: {detail}; fix it or restore it from version control"
        );
        for args in [
            &["status"][..],
            &["check"],
            &["check", "--format", "github"],
            &["progress", "kr1", "5"],
        ] {
            assert_eq!(env.fail(args), expected, "{name} {args:?}");
        }
    }
}

#[test]
fn special_and_huge_files_are_refused_without_reading_them() {
    let env = Env::empty();
    let fifo = env.dir.path().join("fifo.json");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    assert_eq!(
        env.fail(&["--file", "fifo.json", "status"]),
        "`fifo.json` is a FIFO, not a regular file; point `--file` at an okrs.json file"
    );
    assert_eq!(
        env.fail(&["--file", "fifo.json", "progress", "kr1", "3"]),
        "`fifo.json` is a FIFO, not a regular file; point `--file` at an okrs.json file"
    );
    assert_eq!(
        env.fail(&["--file", "/dev/zero", "status"]),
        "`/dev/zero` is a device, not a regular file; point `--file` at an okrs.json file"
    );
    let sparse = fs::File::create(env.dir.path().join("big.json")).unwrap();
    sparse.set_len(2 << 30).unwrap();
    assert_eq!(
        env.fail(&["--file", "big.json", "status"]),
        "`big.json` is larger than 1024 MiB, the most okr reads; split it by period or check that it is the right file"
    );
}

/// Version 2 files counted ids in `next_id`, which every write bumped; those counters are
/// read, ignored (even at their limit) and dropped on the next write.
#[test]
fn old_id_counters_are_read_and_dropped() {
    let env = Env::cascade();
    env.edit_file(|file| {
        file["version"] = serde_json::json!(2);
        file["next_id"] = serde_json::json!({"objective": u64::MAX, "key_result": 3});
    });
    let id = env.kr("o1", "Third", &["--target", "5"]);
    assert!(crate::add::generated(&id, "kr"), "{id}");
    let file = env.json();
    assert_eq!(file["version"], 3);
    assert_eq!(file.get("next_id"), None);
}

#[test]
fn paths_okr_prints_show_their_control_characters_as_escapes() {
    let env = Env::cascade();
    let dir = env.dir.path();
    let odd = "odd\u{1b}[31m.json";
    fs::copy(env.path(), dir.join(odd)).unwrap();
    // The dry-run note, the check summary and the merge driver's lines (git's `%P`).
    let (_, _, dry) = env.run(&["--file", odd, "--dry-run", "progress", "kr1", "1500"]);
    assert_eq!(dry, "dry run: odd\\u{1b}[31m.json was not changed\n");
    // An objective with no key results: check fails and sums up, naming the file.
    let (_, _, _) = env.run(&["--file", odd, "add", "objective", "Second", "--id", "o4"]);
    let (code, _, summary) = env.run(&["--file", odd, "check"]);
    assert_eq!(code, Some(1));
    assert!(summary.contains("odd\\u{1b}[31m.json"), "{summary:?}");
    assert!(!summary.contains('\u{1b}'), "{summary:?}");
    let mut ours: serde_json::Value = serde_json::from_slice(&env.bytes()).unwrap();
    ours["objectives"][0]["title"] = "Ours".into();
    fs::write(dir.join("ours.json"), ours.to_string()).unwrap();
    let mut theirs: serde_json::Value = serde_json::from_slice(&env.bytes()).unwrap();
    theirs["objectives"][0]["title"] = "Theirs".into();
    fs::write(dir.join("theirs.json"), theirs.to_string()).unwrap();
    fs::copy(env.path(), dir.join("base.json")).unwrap();
    let (code, _, merged) = env.run(&[
        "merge",
        "base.json",
        "ours.json",
        "theirs.json",
        "--path",
        odd,
    ]);
    assert_eq!(code, Some(1));
    assert!(
        merged.starts_with("okr merge: odd\\u{1b}[31m.json: o1: "),
        "{merged:?}"
    );
    assert!(!merged.contains('\u{1b}'), "{merged:?}");
    let (_, diff, _) = env.run(&["diff", "base.json", odd]);
    assert!(diff.starts_with("odd\\u{1b}[31m.json: "), "{diff:?}");
}

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");

fn corpus_env(content: &[u8]) -> Env {
    let env = Env::empty();
    fs::write(env.path(), content).unwrap();
    env
}

#[test]
fn hostile_files_give_a_clear_error_and_stay_untouched() {
    let invalid = "`okrs.json` is not a valid okr data file: ";
    let fix = "; fix it or restore it from version control";
    let cases = [
        (
            "truncated.json",
            "EOF while parsing a value at line 22 column 8",
        ),
        ("empty.json", "EOF while parsing a value at line 1 column 0"),
        (
            "whitespace.json",
            "EOF while parsing a value at line 3 column 0",
        ),
        (
            "wrong_types.json",
            "invalid type: string \"zero\", expected f64 at line 23 column 25",
        ),
        (
            "duplicate_ids.json",
            "id `kr1` is used twice; rename one of them",
        ),
        (
            "number_too_big.json",
            "number out of range at line 24 column 25",
        ),
        ("nan_literal.json", "expected value at line 24 column 21"),
        (
            "invalid_utf8.json",
            "invalid unicode code point at line 22 column 22",
        ),
        ("null_fields.json", "expected value at line 18 column 15"),
        (
            "foreign.json",
            "it has no `version` field, so it was not written by okr",
        ),
        (
            "control_chars.json",
            "the title of `kr1` contains the control character U+0000; remove it (line breaks are allowed in descriptions only)",
        ),
        (
            "invisible_in_team.json",
            "the team of `o2` contains the invisible character U+200B (a bidi control or a zero-width character), which makes it look like another name; remove it",
        ),
        (
            "setting_out_of_range.json",
            "setting `max_objectives` cannot be `5000`; give a whole number from 1 to 1000",
        ),
    ];
    for (name, detail) in cases {
        let env = corpus_env(&fs::read(Path::new(CORPUS).join(name)).unwrap());
        assert_eq!(
            env.fail(&["status"]),
            format!("{invalid}{detail}{fix}"),
            "{name}"
        );
        assert_eq!(
            env.fail(&["progress", "kr1", "5"]),
            format!("{invalid}{detail}{fix}"),
            "{name}"
        );
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let env = corpus_env(deep.as_bytes());
    assert_eq!(
        env.fail(&["status"]),
        format!(
            "{invalid}the top level is not an object with `version`, `settings` and `objectives`{fix}"
        )
    );
    let env = corpus_env(
        format!(
            "{{\"version\": 2, \"settings\": {}}}",
            "{\"a\":".repeat(10_000)
        )
        .as_bytes(),
    );
    // Deep nesting stops at the first field okr does not know, without exhausting the stack.
    assert_eq!(
        env.fail(&["status"]),
        format!(
            "{invalid}unknown field `a`, expected one of `max_objectives`, `min_krs`, `max_krs`, `aspirational_pace`, `on_track_gap`, `at_risk_gap`, `zero_off_track_after`, `green_from`, `yellow_from`, `stale_days`, `checkin_days`, `confidence_drop`, `objective_status`, `number_format` at line 1 column 31{fix}"
        )
    );
}

#[test]
fn odd_but_valid_files_load_and_save() {
    for name in [
        "bom.json",
        "crlf.json",
        "negative_zero.json",
        "alignment_cycle.json",
    ] {
        let env = corpus_env(&fs::read(Path::new(CORPUS).join(name)).unwrap());
        env.ok(&["status"]);
        env.ok(&["tree"]);
        env.ok(&["report", "--format", "html"]);
        env.ok(&["progress", "kr1", "6"]);
        let saved = String::from_utf8(env.bytes()).unwrap();
        assert!(
            !saved.starts_with('\u{feff}') && !saved.contains('\r'),
            "{name} is saved clean"
        );
    }
    // A cycle between two team objectives is reported, never followed.
    let env = corpus_env(&fs::read(Path::new(CORPUS).join("alignment_cycle.json")).unwrap());
    let (code, stdout, _) = env.run(&["check"]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout.matches("[cascade]").count(), 2, "{stdout}");
    // A five-megabyte title is just a long title.
    let huge = fs::read_to_string(Path::new(CORPUS).join("crlf.json"))
        .unwrap()
        .replace(
            "\"title\": \"A\"",
            &format!("\"title\": \"{}\"", "x".repeat(5_000_000)),
        );
    let env = corpus_env(huge.as_bytes());
    // Tables clip it (wrapping megabytes would take minutes); JSON keeps it whole.
    let list = env.ok(&["list"]);
    // The title is shortened with an ellipsis to fit the 200 columns the tests use.
    assert!(
        list.len() < 2_000 && list.lines().all(|l| l.chars().count() <= 200) && list.contains("x…"),
        "{list}"
    );
    // Without a width, a cell still shows at most 300 characters.
    let wide = env.ok(&["list", "--wide"]);
    assert_eq!(wide.matches('x').count(), 297, "{wide}");
    let status = env.ok(&["status"]);
    assert!(
        status.len() < 3_000 && status.lines().all(|l| l.chars().count() <= 200),
        "{status}"
    );
    env.ok(&["report"]);
    assert!(env.ok(&["list", "--json"]).len() > 5_000_000);
}

#[test]
fn milestones_and_retros_written_by_hand_load_safely_or_are_refused_in_one_line() {
    let with = |edit: &dyn Fn(&mut serde_json::Value)| {
        let env = crate::harness::Env::example();
        env.edit_file(|file| edit(file));
        env
    };
    // Out of the period, or all on one day's share: every view still works.
    let odd = with(&|file| {
        file["objectives"][0]["key_results"][0]["milestones"] = serde_json::json!([
            {"date": "2026-01-05", "value": 45000},
            {"date": "2027-06-01", "value": 70000}
        ]);
    });
    for args in [
        vec!["status", "--wide"],
        vec!["show", "kr1"],
        vec!["history", "kr1", "--chart"],
        vec!["report", "--format", "html"],
        vec!["report", "--format", "csv", "--series"],
    ] {
        odd.ok(&args);
    }
    // Out of order, a bad score, a control character: refused at load, one line each.
    for (edit, wanted) in [
        (
            serde_json::json!({"milestones": [{"date": "2026-12-01", "value": 5}, {"date": "2026-11-01", "value": 4}]}),
            "not in date order",
        ),
        (
            serde_json::json!({"retro": {"note": "fine", "score": 3}}),
            "own score as 3",
        ),
        (
            serde_json::json!({"retro": {"note": "line\u{1b}[2J"}}),
            "U+001B",
        ),
    ] {
        let bad = with(&|file| {
            let kr = &mut file["objectives"][0]["key_results"][0];
            for (key, value) in edit.as_object().unwrap() {
                kr[key] = value.clone();
            }
        });
        let line = bad.fail(&["status"]);
        assert!(line.contains(wanted), "{line}");
    }
}
