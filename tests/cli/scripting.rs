//! Scripts and CI: KPIs, imports, compare-and-set, annotations, locks, dry runs, schema,
//! completions, man page and format upgrades.

use std::fs;

use serde_json::{Value, json};

use crate::harness::Env;
use similar_asserts::assert_eq;

fn checkins(env: &Env, objective: usize, kr: usize) -> Value {
    env.json()["objectives"][objective]["key_results"][kr]["checkins"].clone()
}

#[test]
fn kpi_values_become_checkins_of_the_key_results_they_measure() {
    let env = Env::cascade();
    assert_eq!(
        env.ok(&[
            "kpi",
            "add",
            "visitors",
            "--unit",
            "visitors",
            "--description",
            "From the analytics export"
        ]),
        "visitors\n"
    );
    env.ok(&["edit", "kr1", "--kpi", "visitors"]);
    env.ok(&[
        "add",
        "kr",
        "o2",
        "Visitors from guides",
        "--target",
        "900",
        "--kpi",
        "visitors",
        "--id",
        "kr7",
    ]);
    env.objective(&[
        "Next year",
        "--team",
        "social",
        "--period",
        "2027-Q1",
        "--id",
        "o4",
    ]);
    env.ok(&[
        "add",
        "kr",
        "o4",
        "Visitors next year",
        "--target",
        "5000",
        "--kpi",
        "visitors",
        "--id",
        "kr8",
    ]);
    assert_eq!(
        env.ok(&["kpi", "record", "visitors", "1450", "--date", "2026-11-20"]),
        "recorded visitors = 1450\nchecked in: kr1, kr7\nnot checked in (date outside their period, or period closed): kr8\n"
    );
    assert_eq!(
        checkins(&env, 0, 0),
        json!([{"date": "2026-11-20", "value": 1450, "note": "from KPI `visitors`"}])
    );
    // The same value again changes nothing.
    let before = env.bytes();
    assert_eq!(
        env.ok(&["kpi", "record", "visitors", "1450", "--date", "2026-11-20"]),
        "visitors already has that value on that day; nothing changed\n"
    );
    assert_eq!(env.bytes(), before);
    assert_eq!(
        env.ok(&["kpi", "list"]),
        "KPI               LATEST  ON          KEY RESULTS\nvisitors  1,450 visitors  2026-11-20  kr1, kr7, kr8\n"
    );
    assert_eq!(
        env.ok(&["kpi", "show", "visitors"]),
        "visitors\nFrom the analytics export\nmeasures: kr1, kr7, kr8\n\nDATE                 VALUE\n2026-11-20  1,450 visitors\n"
    );
    let view: Value =
        serde_json::from_str(&env.ok(&["kpi", "show", "visitors", "--json"])).unwrap();
    assert_eq!(
        view,
        json!({"name": "visitors", "unit": "visitors", "description": "From the analytics export",
               "latest": {"date": "2026-11-20", "value": 1450}, "records": [{"date": "2026-11-20", "value": 1450}],
               "key_results": ["kr1", "kr7", "kr8"]})
    );
    assert!(
        env.ok(&["show", "kr1"])
            .contains("\nmeasured by  KPI visitors\n")
    );
    env.ok(&["edit", "kr7", "--kpi", ""]);
    assert_eq!(
        env.json()["objectives"][1]["key_results"][2].get("kpi"),
        None
    );
}

#[test]
fn bad_kpi_input_is_refused() {
    let env = Env::cascade();
    env.ok(&["kpi", "add", "visitors"]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["kpi", "add", "visitors"],
            "KPI `visitors` already exists; record values with `okr kpi record visitors VALUE`",
        ),
        (
            &["kpi", "add", "web visitors"],
            "invalid KPI name `web visitors`; use 1 to 64 letters, digits, `-`, `_` or `.`, e.g. organic-visitors",
        ),
        (
            &["kpi", "record", "followers", "3"],
            "no KPI is named `followers`; run `okr kpi list`, or add it with `okr kpi add followers`",
        ),
        (
            &["kpi", "record", "visitors", "lots"],
            "value `lots` is not a number; give a finite number such as 1200 or 12.5",
        ),
        (
            &["kpi", "record", "visitors", "3", "--date", "2026-12-01"],
            "date `2026-12-01` is in the future (today is 2026-11-23); record check-ins on or before today",
        ),
        (
            &["edit", "kr1", "--kpi", "followers"],
            "no KPI is named `followers`; run `okr kpi list`, or add it with `okr kpi add followers`",
        ),
        (
            &["edit", "o1", "--kpi", "visitors"],
            "`--kpi` does not apply to objective `o1`",
        ),
        (
            &["kpi", "show", "nope"],
            "no KPI is named `nope`; run `okr kpi list`, or add it with `okr kpi add nope`",
        ),
    ];
    for (args, message) in cases {
        assert_eq!(env.fail(args), *message, "for {args:?}");
    }
}

const GOOD_CSV: &str = "\
kr,kpi,value,date,note,confidence,id
kr1,,1300,2026-11-10,Guide went live,7,
kr2,,66,2026-11-12,,,
,visitors,1400,2026-11-20,,,nightly-2026-11-20
";

#[test]
fn import_applies_every_row_once() {
    let env = Env::cascade();
    env.ok(&["kpi", "add", "visitors"]);
    env.ok(&["edit", "kr3", "--kpi", "visitors"]);
    fs::write(env.dir.path().join("rows.csv"), GOOD_CSV).unwrap();
    assert_eq!(
        env.ok(&["import", "rows.csv"]),
        "imported 2 check-ins and 1 KPI value (1 check-in from KPIs); 0 rows already present\n"
    );
    assert_eq!(
        checkins(&env, 0, 0),
        json!([{"date": "2026-11-10", "value": 1300, "note": "Guide went live", "confidence": 7}])
    );
    assert_eq!(
        checkins(&env, 1, 0),
        json!([{"date": "2026-11-20", "value": 1400, "note": "from KPI `visitors`"}])
    );
    // A retried nightly job must not double-count.
    let before = env.bytes();
    assert_eq!(
        env.ok(&["import", "rows.csv"]),
        "imported 0 check-ins and 0 KPI values (0 check-ins from KPIs); 3 rows already present\n"
    );
    assert_eq!(env.bytes(), before);
}

#[test]
fn import_reads_json_lines_and_standard_input() {
    let env = Env::cascade();
    let rows = "{\"kr\": \"kr1\", \"value\": 1300, \"date\": \"2026-11-10\", \"id\": \"a\"}\n\n{\"kr\": \"kr2\", \"value\": \"66\"}\n";
    fs::write(env.dir.path().join("rows.jsonl"), rows).unwrap();
    let out: Value = serde_json::from_str(&env.ok(&["import", "rows.jsonl", "--json"])).unwrap();
    assert_eq!(
        out,
        json!({"dry_run": false, "checkins": 2, "kpi_records": 0, "fed": 0, "skipped": 0})
    );
    assert_eq!(
        checkins(&env, 0, 1),
        json!([{"date": "2026-11-23", "value": 66}])
    );
    // The caller's key decides: the same id with another value is the same row.
    let again = "{\"kr\": \"kr1\", \"value\": 1350, \"date\": \"2026-11-10\", \"id\": \"a\"}\n";
    let out = env
        .cmd(&["import", "-", "--format", "jsonl"])
        .write_stdin(again)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "imported 0 check-ins and 0 KPI values (0 check-ins from KPIs); 1 row already present\n"
    );
    assert_eq!(
        env.fail(&["import", "-"]),
        "reading standard input needs `--format csv` or `--format jsonl`"
    );
}

#[test]
fn a_file_with_bad_rows_imports_nothing_and_names_every_bad_row() {
    let env = Env::cascade();
    let rows = "kr,value,date,confidence\nkr1,1300,,\nkr9,5,,\nkr2,many,,\nkr2,61,2026-13-01,\nkr2,61,,12\n";
    fs::write(env.dir.path().join("rows.csv"), rows).unwrap();
    let before = env.bytes();
    let (code, stdout, stderr) = env.run(&["import", "rows.csv"]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "\
error: rows.csv:3: no objective or key result has id `kr9`; run `okr list` to see the ids
error: rows.csv:4: value `many` is not a number; give a finite number such as 1200 or 12.5
error: rows.csv:5: invalid date `2026-13-01`; use YYYY-MM-DD, e.g. 2026-11-23
error: rows.csv:6: confidence `12` is out of range; use a whole number from 0 to 10
error: 4 bad rows in `rows.csv`; nothing was imported
"
    );
    // Rows that parse but name unknown key results are found when applied.
    fs::write(
        env.dir.path().join("rows.csv"),
        "kr,value\nkr1,1300\nkr9,5\no1,3\n",
    )
    .unwrap();
    let (code, _, stderr) = env.run(&["import", "rows.csv"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "\
error: rows.csv:3: no objective or key result has id `kr9`; run `okr list` to see the ids
error: rows.csv:4: `o1` is an objective, not a key result; run `okr show o1` to see its key results
error: 2 bad rows in `rows.csv`; nothing was imported
"
    );
    assert_eq!(env.bytes(), before);
    assert_eq!(
        env.fail(&["import", "rows.txt"]),
        "cannot tell the format of `rows.txt`; name it .csv or .jsonl, or pass `--format`"
    );
}

#[test]
fn dry_runs_change_nothing() {
    let env = Env::cascade();
    fs::write(env.dir.path().join("rows.csv"), "kr,value\nkr1,1300\n").unwrap();
    let before = env.bytes();
    let (code, stdout, stderr) = env.run(&["import", "rows.csv", "--dry-run"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "would import 1 check-in and 0 KPI values (0 check-ins from KPIs); 0 rows already present\n"
    );
    assert_eq!(stderr, "dry run: okrs.json was not changed\n");
    let (_, stdout, stderr) =
        env.run(&["add", "objective", "Maybe", "--team", "social", "--dry-run"]);
    let id = stdout.trim_end();
    assert!(crate::add::generated(id, "o"), "{stdout}");
    assert_eq!(
        stderr,
        format!("dry run: okrs.json was not changed\n{id}: team social, 2026-Q4\n")
    );
    for args in [
        &["progress", "kr1", "1900", "--dry-run"][..],
        &["edit", "o1", "--title", "New", "--dry-run"],
        &["rm", "o3", "--dry-run"],
        &["close", "2026-Q4", "--early", "--dry-run"],
        &["carry", "o1", "--to", "2027-Q1", "--dry-run"],
        &["kpi", "add", "x", "--dry-run"],
        &["report", "-o", "r.html", "--dry-run"],
    ] {
        let (code, _, stderr) = env.run(args);
        assert_eq!(code, Some(0), "{args:?}");
        assert!(stderr.starts_with("dry run: "), "{args:?}: {stderr}");
    }
    assert_eq!(env.bytes(), before);
    assert!(!env.dir.path().join("r.html").exists());
    let fresh = Env::empty();
    let (_, _, stderr) = fresh.run(&["init", "--dry-run"]);
    assert_eq!(stderr, "dry run: okrs.json was not created\n");
    assert!(!fresh.path().exists());
}

#[test]
fn if_current_refuses_a_stale_update() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1300"]);
    assert_eq!(
        env.fail(&["progress", "kr1", "1500", "--if-current", "1200"]),
        "key result `kr1` is at 1300, not 1200; someone else updated it, so re-read and retry"
    );
    env.ok(&["progress", "kr1", "1500", "--if-current", "1300"]);
    assert_eq!(
        env.json()["objectives"][0]["key_results"][0]["checkins"][1]["value"],
        1500
    );
    // Without check-ins the current value is the start.
    env.ok(&["progress", "kr2", "65", "--if-current", "70"]);
}

#[test]
fn check_prints_github_annotations() {
    let env = Env::cascade();
    env.objective(&["Loose", "--team", "social", "--id", "o4"]);
    let (code, stdout, _) = env.run(&["check", "--format", "github"]);
    assert_eq!(code, Some(1));
    let line = |id: &str| {
        let needle = format!("\"id\": \"{id}\"");
        String::from_utf8(env.bytes())
            .unwrap()
            .lines()
            .position(|l| l.contains(&needle))
            .unwrap()
            + 1
    };
    assert_eq!(
        stdout,
        format!(
            "::error file=okrs.json,line={},title=okr min-krs%3A o4::o4: has 0 key results (at least 2); add one with `okr add kr o4` [see]\n\
             ::error file=okrs.json,line={},title=okr unaligned%3A o4::o4: team `social` aligns to no key result; link it with `okr align o4 KR_ID`\n",
            line("o4"),
            line("o4")
        )
        .replace(" [see]", "")
    );
    let (_, json, _) = env.run(&["check", "--format", "json"]);
    assert_eq!(serde_json::from_str::<Value>(&json).unwrap()["ok"], false);
}

#[test]
fn a_locked_file_exits_75_after_wait() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1100"]); // creates the lock file
    let lock = fs::File::options()
        .write(true)
        .open(env.dir.path().join(".okrs.json.lock"))
        .unwrap();
    lock.lock().unwrap();
    let before = env.bytes();
    let (code, stdout, stderr) = env.run(&["--wait", "0.2", "progress", "kr1", "1200"]);
    assert_eq!(code, Some(75));
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "error: `okrs.json` is locked by another okr command and stayed locked for 0.2 s; try again, or raise `--wait`\n"
    );
    assert_eq!(env.bytes(), before);
    // Readers do not wait for writers: saves are atomic renames.
    env.ok(&["status"]);
    lock.unlock().unwrap();
    env.ok(&["--wait", "0.2", "progress", "kr1", "1200"]);
}

#[test]
#[cfg(not(feature = "contracts"))]
#[ignore = "needs the JSON Schema validator: `cargo test --features contracts`, which .ci/run runs"]
fn the_schema_accepts_the_example_and_rejects_a_broken_file() {}

#[test]
#[cfg(feature = "contracts")]
fn the_schema_accepts_the_example_and_rejects_a_broken_file() {
    let env = Env::example();
    let schema: Value = serde_json::from_str(&env.ok(&["schema"])).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(
        validator.is_valid(&env.json()),
        "the example follows the schema"
    );
    let mut broken = env.json();
    broken["objectives"][0]["level"] = json!("department");
    assert!(!validator.is_valid(&broken));
    let mut extra = env.json();
    extra["objectives"][0]["owner"] = json!("someone");
    assert!(
        !validator.is_valid(&extra),
        "unknown fields are refused, as by okr"
    );
    let mut period = env.json();
    period["objectives"][0]["period"] = json!("Q4 2026");
    assert!(!validator.is_valid(&period));
}

#[test]
fn completions_and_man_page() {
    let env = Env::empty();
    for (shell, marker) in [
        ("bash", "_okr()"),
        ("zsh", "#compdef okr"),
        ("fish", "complete -c okr"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = env.ok(&["completions", shell]);
        assert!(out.contains(marker), "{shell}");
        assert!(out.contains("carry"), "{shell} completes subcommands");
    }
    let man = env.ok(&["man"]);
    assert!(man.starts_with(".ie \\n(.g .ds Aq \\(aq"), "{}", &man[..60]);
    assert!(man.contains(".TH okr 1"));
    assert!(man.contains("Exit codes: 0 ok"));
}

const V1: &str = r#"{
  "version": 1,
  "settings": {"max_objectives": 2, "min_krs": 2, "max_krs": 4},
  "next_id": {"objective": 2, "key_result": 1},
  "objectives": [{"id": "o1", "title": "Old", "level": "company", "period": "2026-Q4", "kind": "aspirational"}]
}
"#;

#[test]
fn an_older_file_is_upgraded_on_the_next_write_with_a_backup() {
    let env = Env::with_file(V1);
    env.ok(&["status"]);
    assert_eq!(
        String::from_utf8(env.bytes()).unwrap(),
        V1,
        "reading never rewrites"
    );
    env.ok(&["add", "kr", "o1", "New", "--target", "3", "--id", "kr1"]);
    assert_eq!(env.json()["version"], 3);
    assert_eq!(env.json().get("next_id"), None, "counters are dropped");
    let backup = env.dir.path().join("okrs.json.v1.bak");
    assert_eq!(fs::read_to_string(&backup).unwrap(), V1);
    // A later write keeps the first backup.
    env.ok(&["progress", "kr1", "1"]);
    assert_eq!(fs::read_to_string(&backup).unwrap(), V1);
}

#[test]
fn an_import_larger_than_okr_reads_is_refused_before_it_fills_the_memory() {
    let env = Env::cascade();
    assert_eq!(
        env.fail(&["import", "/dev/zero", "--format", "csv"]),
        "`/dev/zero` is larger than 256 MiB, the most okr imports at once; split it (by month, say) and import each part"
    );
}
