//! The promises no command may break: finite numbers, one lock per real file, reports that
//! never replace the data file or a device, no control character on a terminal, closed
//! pipes, special files, imports that name every bad row, ids that do not wrap.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::process::{Command, Stdio};
use std::thread;

use crate::harness::{Env, okr};
use similar_asserts::assert_eq;

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
fn writers_through_symlinks_share_one_lock_and_lose_nothing() {
    let env = Env::cascade();
    let other = env.dir.path().join("other");
    fs::create_dir(&other).unwrap();
    symlink(env.path(), env.dir.path().join("link.json")).unwrap();
    symlink(env.path(), other.join("okrs.json")).unwrap();
    let (writers, each) = (16i64, 50i64);
    thread::scope(|scope| {
        for w in 0..writers {
            let env = &env;
            let file = ["okrs.json", "link.json", "other/okrs.json"][w as usize % 3];
            scope.spawn(move || {
                for i in 0..each {
                    let value = (10_000 + w * 1000 + i).to_string();
                    // Values this far from the target draw a warning on stderr; only the
                    // exit code matters here.
                    let (code, _, stderr) = env.run(&[
                        "--file",
                        file,
                        "--wait",
                        "120",
                        "progress",
                        "kr1",
                        &value,
                        "--date",
                        "2026-11-01",
                    ]);
                    assert_eq!(code, Some(0), "{stderr}");
                }
            });
        }
    });
    let file = env.json();
    let mut values: Vec<i64> = file["objectives"][0]["key_results"][0]["checkins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_i64().unwrap())
        .collect();
    values.sort_unstable();
    let expected: Vec<i64> = (0..writers)
        .flat_map(|w| (0..each).map(move |i| 10_000 + w * 1000 + i))
        .collect();
    assert_eq!(values, expected, "all 800 check-ins, each once");
    assert!(
        fs::symlink_metadata(env.dir.path().join("link.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // One lock, beside the real file; none beside the links.
    assert!(!other.join(".okrs.json.lock").exists());
    assert!(!env.dir.path().join(".link.json.lock").exists());
}

#[test]
fn a_report_never_replaces_the_data_file_or_its_companions() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1200"]);
    fs::write(env.dir.path().join("okrs.json.v1.bak"), "old").unwrap();
    symlink("okrs.json", env.dir.path().join("link.md")).unwrap();
    let dir = env.dir.path().display().to_string();
    let cases = [
        (
            vec!["report", "-o", "okrs.json", "--format", "json"],
            "`okrs.json` is the data file",
        ),
        (
            vec!["report", "-o", "link.md"],
            "`link.md` is the data file `okrs.json`",
        ),
        (
            vec!["report", "-o", "./sub/../okrs.json", "--format", "json"],
            "`./sub/../okrs.json` is the data file `okrs.json`",
        ),
        (
            vec!["report", "-o", ".okrs.json.lock", "--format", "csv"],
            "`.okrs.json.lock` is the lock of the data file `okrs.json`",
        ),
        (
            vec!["report", "-o", "okrs.json.v1.bak", "--format", "csv"],
            "`okrs.json.v1.bak` is a backup of the data file `okrs.json`",
        ),
    ];
    fs::create_dir(env.dir.path().join("sub")).unwrap();
    for (args, message) in cases {
        assert_eq!(
            env.fail(&args),
            format!(
                "{message}; write the report to another file, or to standard output with `-o -`"
            ),
            "{args:?}"
        );
    }
    assert_eq!(
        fs::read(env.dir.path().join("okrs.json.v1.bak")).unwrap(),
        b"old"
    );
    // Through an absolute path too.
    let absolute = format!("{dir}/okrs.json");
    assert!(
        env.fail(&["report", "-o", &absolute, "--format", "json"])
            .contains("is the data file")
    );
}

#[test]
fn reports_to_devices_are_written_straight_and_dash_is_standard_output() {
    let env = Env::cascade();
    let table = env.ok(&["report"]);
    assert_eq!(env.ok(&["report", "-o", "-"]), table);
    assert_eq!(
        env.ok(&["report", "-o", "-", "--format", "csv"]),
        env.ok(&["report", "--format", "csv"])
    );
    env.ok(&["report", "-o", "/dev/null"]);
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device(),
        "/dev/null is still a device"
    );
    assert_eq!(
        env.fail(&["report", "-o", "/dev/full"]),
        "cannot write `/dev/full`: No space left on device (os error 28)"
    );
    // `-o /dev/stdout` into a pipe that closes early is fine, like any other output.
    let output = into_closed_pipe(&env, &["report", "-o", "/dev/stdout", "--format", "html"]);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(output.status.code(), Some(0));
    let names: Vec<String> = fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(names, Vec::<String>::new());
}

/// Runs `okr ARGS` with standard output a pipe whose reading end is closed before okr
/// writes anything.
fn into_closed_pipe(env: &Env, args: &[&str]) -> std::process::Output {
    let mut child = okr()
        .current_dir(env.dir.path())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_is_not_an_error_for_any_output() {
    let env = Env::example();
    for args in [
        &["--json", "list"][..],
        &["--json", "status", "--period", "2026-Q4"],
        &["--json", "tree", "--period", "2026-Q4"],
        &["list"],
        &["status", "--period", "2026-Q4"],
        &["tree", "--period", "2026-Q4"],
        &["report", "--period", "2026-Q4", "--format", "html"],
        &["history", "kr1"],
        &["schema"],
        &["man"],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["templates"],
        &["changes"],
        &["teams"],
        &["settings"],
        &["--help"],
    ] {
        let output = into_closed_pipe(&env, args);
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn an_output_that_cannot_be_written_is_one_clear_error() {
    let env = Env::example();
    let full = || {
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for args in [
        &["--json", "status", "--period", "2026-Q4"][..],
        &["status", "--period", "2026-Q4"],
        &["report", "--period", "2026-Q4", "--format", "html"],
        &["schema"],
        &["man"],
        &["completions", "bash"],
        &["changes"],
    ] {
        let output = okr()
            .current_dir(env.dir.path())
            .args(args)
            .stdout(full())
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "error: cannot write the output: No space left on device (os error 28)\n",
            "{args:?}"
        );
        assert_eq!(output.status.code(), Some(1), "{args:?}");
    }
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

#[test]
fn an_import_names_every_bad_row_in_one_run() {
    let env = Env::cascade();
    fs::write(
        env.dir.path().join("rows.jsonl"),
        b"{\"kr\": \"kr1\", \"value\": 1}\n{\"kr\": \"kr1\", \"value\": \"\xff\"}\n{\"kr\": \"kr1\", \"value\": 2, \"value\": 3}\n{\"kr\": \"kr9\", \"value\": 4}\n{\"kr\": \"kr1\", \"value\": 5, \"date\": \"2099-01-01\"}\nnot json\n",
    )
    .unwrap();
    let before = env.bytes();
    let (code, stdout, stderr) = env.run(&["import", "rows.jsonl"]);
    assert_eq!((code, stdout.as_str()), (Some(1), ""));
    assert_eq!(
        stderr,
        "\
error: rows.jsonl:2: not valid UTF-8; save the file as UTF-8
error: rows.jsonl:3: key `value` appears twice; keep one
error: rows.jsonl:4: no objective or key result has id `kr9`; run `okr list` to see the ids
error: rows.jsonl:5: date `2099-01-01` is in the future (today is 2026-11-23); record check-ins on or before today
error: rows.jsonl:6: not valid JSON: expected ident at line 1 column 2
error: 5 bad rows in `rows.jsonl`; nothing was imported
"
    );
    assert_eq!(env.bytes(), before);
    fs::write(env.dir.path().join("rows.csv"), "kr,value,KR\nkr1,1,kr2\n").unwrap();
    let (code, _, stderr) = env.run(&["import", "rows.csv"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "error: rows.csv:1: column `kr` appears twice; keep one\nerror: 1 bad row in `rows.csv`; nothing was imported\n"
    );
}

#[test]
fn a_large_import_into_one_key_result_keeps_every_row_in_order() {
    let env = Env::cascade();
    let mut rows = String::from("kr,value,date,id\n");
    for i in 0..20_000 {
        rows.push_str(&format!(
            "kr1,{},2026-11-{:02},row-{i}\n",
            i % 97,
            20 - i % 20
        ));
    }
    fs::write(env.dir.path().join("rows.csv"), &rows).unwrap();
    assert_eq!(
        env.ok(&["import", "rows.csv"]),
        "imported 20000 check-ins and 0 KPI values (0 check-ins from KPIs); 0 rows already present\n"
    );
    assert_eq!(
        env.ok(&["import", "rows.csv"]),
        "imported 0 check-ins and 0 KPI values (0 check-ins from KPIs); 20000 rows already present\n"
    );
    let file = env.json();
    let checkins = file["objectives"][0]["key_results"][0]["checkins"]
        .as_array()
        .unwrap();
    assert_eq!(checkins.len(), 20_000);
    let dates: Vec<&str> = checkins
        .iter()
        .map(|c| c["date"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    // Within a day, rows keep the order they were given in.
    let first_day: Vec<&str> = checkins
        .iter()
        .filter(|c| c["date"] == "2026-11-01")
        .map(|c| c["id"].as_str().unwrap())
        .take(3)
        .collect();
    assert_eq!(first_day, ["row-19", "row-39", "row-59"]);
}

#[test]
fn leftover_report_temp_files_are_removed_by_the_next_report() {
    let env = Env::cascade();
    let orphan = env.dir.path().join(".q4.html.abcdefgh.tmp");
    fs::write(&orphan, "half a report").unwrap();
    env.ok(&["report", "-o", "q4.html"]);
    assert!(
        !orphan.exists(),
        "a killed writer's temp file is cleaned up"
    );
    assert!(
        fs::read_to_string(env.dir.path().join("q4.html"))
            .unwrap()
            .contains("<html")
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
fn a_key_result_linked_to_a_missing_kpi_fails_check() {
    let env = Env::cascade();
    env.edit_file(|file| {
        file["objectives"][0]["key_results"][0]["kpi"] = serde_json::json!("visitors");
    });
    let (code, stdout, _) = env.run(&["check"]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains(
            "kr1: is measured by KPI `visitors`, which does not exist; add it with `okr kpi add visitors` or unlink it with `okr edit kr1 --kpi ''`"
        ),
        "{stdout}"
    );
    let json: serde_json::Value = serde_json::from_str(&env.run(&["check", "--json"]).1).unwrap();
    assert!(
        json["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["rule"] == "unknown-kpi")
    );
    let mut content = String::new();
    fs::File::open(env.path())
        .unwrap()
        .read_to_string(&mut content)
        .unwrap();
    assert!(
        content.contains("\"kpi\": \"visitors\""),
        "check changes nothing"
    );
}

#[test]
fn a_merge_base_that_is_not_a_file_is_refused_and_a_bad_setting_is_never_dropped() {
    let env = Env::cascade();
    let dir = env.dir.path();
    fs::write(dir.join("theirs.json"), env.bytes()).unwrap();
    let fifo = dir.join("base.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for (base, kind) in [("base.fifo", "a FIFO"), ("/dev/zero", "a device")] {
        assert_eq!(
            env.fail(&[
                "merge",
                base,
                "okrs.json",
                "theirs.json",
                "--path",
                "okrs.json"
            ]),
            format!(
                "cannot merge `okrs.json`: the base version cannot be used: `{base}` is {kind}, not a regular file; point `--file` at an okrs.json file"
            )
        );
    }
    // An empty regular file is the base of a file both sides created.
    fs::write(dir.join("empty.json"), "").unwrap();
    env.ok(&[
        "merge",
        "empty.json",
        "okrs.json",
        "theirs.json",
        "--path",
        "okrs.json",
    ]);
    // A setting out of range on one side is an error, not a value quietly dropped.
    let mut theirs: serde_json::Value = serde_json::from_slice(&env.bytes()).unwrap();
    theirs["settings"]["max_objectives"] = 5000.into();
    fs::write(dir.join("theirs.json"), theirs.to_string()).unwrap();
    fs::copy(env.path(), dir.join("base.json")).unwrap();
    assert_eq!(
        env.fail(&[
            "merge",
            "base.json",
            "okrs.json",
            "theirs.json",
            "--path",
            "okrs.json"
        ]),
        "cannot merge `okrs.json`: their version cannot be used: `theirs.json` is not a valid okr data file: setting `max_objectives` cannot be `5000`; give a whole number from 1 to 1000; fix it or restore it from version control"
    );
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
