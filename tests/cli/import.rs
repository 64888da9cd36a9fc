//! Imports and KPIs: rows from CSV, JSON Lines and form exports applied all or nothing and
//! once each, and KPI values that become check-ins of the key results they measure.

use crate::harness::{Env, key_result};
use serde_json::{Value, json};
use similar_asserts::assert_eq;
use std::fs;
use std::io::Read;

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
fn an_import_larger_than_okr_reads_is_refused_before_it_fills_the_memory() {
    let env = Env::cascade();
    assert_eq!(
        env.fail(&["import", "/dev/zero", "--format", "csv"]),
        "`/dev/zero` is larger than 256 MiB, the most okr imports at once; split it (by month, say) and import each part"
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
fn a_json_number_in_an_import_is_never_read_again_as_text() {
    let env = Env::cascade();
    std::fs::write(
        env.dir.path().join("rows.jsonl"),
        "{\"kr\": \"kr1\", \"value\": 12.345, \"date\": \"2026-11-20\"}\n{\"kr\": \"kr1\", \"value\": 1e3, \"date\": \"2026-11-21\"}\n",
    )
    .unwrap();
    env.ok(&["import", "rows.jsonl"]);
    let values: Vec<f64> = env.json()["objectives"][0]["key_results"][0]["checkins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, [12.345, 1000.0]);
}

#[test]
fn a_kpi_feed_keeps_the_confidence_and_the_note_a_person_gave() {
    let env = Env::cascade();
    env.ok(&["kpi", "add", "visitors"]);
    env.ok(&["edit", "kr1", "--kpi", "visitors"]);
    env.ok(&[
        "progress",
        "kr1",
        "1100",
        "--date",
        "2026-11-16",
        "--confidence",
        "7",
        "--note",
        "Guide went live",
        "--by",
        "Ana",
    ]);
    env.ok(&[
        "progress",
        "kr1",
        "1200",
        "--date",
        "2026-11-18",
        "--confidence",
        "3",
    ]);
    env.ok(&["kpi", "record", "visitors", "1300", "--date", "2026-11-20"]);
    let status: Value = serde_json::from_str(&env.ok(&["status", "--json"])).unwrap();
    let kr1 = key_result(&status, "kr1");
    assert_eq!(
        (
            &kr1["last_checkin"],
            &kr1["confidence"],
            &kr1["confidence_on"],
            &kr1["confidence_drop"],
            &kr1["note"],
            &kr1["note_on"]
        ),
        (
            &json!("2026-11-20"),
            &json!(3),
            &json!("2026-11-18"),
            &json!(4),
            &json!("Guide went live"),
            &json!("2026-11-16")
        )
    );
    let report = env.ok(&["report", "--format", "markdown"]);
    assert!(
        report.contains("| 3/10 ↓4 | 2026-11-20 | Guide went live (2026-11-16) |"),
        "{report}"
    );
}

/// A form's export, as a spreadsheet of a form's responses writes it.
const FORM: &str = "Timestamp,Email Address,Key result,Value,Confidence,Note\r
11/20/2026 9:15:02,ana@example.com,kr1,\"1,250\",7,Guide went live\r
11/21/2026 17:40:55,tom@example.com,kr3,3,,\r
";

fn form_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "import",
        "form.csv",
        "--map",
        "date=Timestamp",
        "--map",
        "by=email address",
        "--map",
        "kr=Key result",
        "--map",
        "value=Value",
        "--map",
        "confidence=Confidence",
        "--map",
        "note=Note",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn a_form_export_is_imported_with_map_and_date_format() {
    let env = Env::cascade();
    std::fs::write(env.dir.path().join("form.csv"), FORM).unwrap();
    env.ok(&form_args(&["--date-format", "%m/%d/%Y %H:%M:%S"]));
    let file = env.json();
    assert_eq!(
        file["objectives"][0]["key_results"][0]["checkins"],
        json!([{"date": "2026-11-20", "value": 1250, "note": "Guide went live", "confidence": 7, "by": "ana@example.com"}])
    );
    assert_eq!(
        file["objectives"][1]["key_results"][0]["checkins"],
        json!([{"date": "2026-11-21", "value": 3, "by": "tom@example.com"}])
    );
}

#[test]
fn a_mapping_that_does_not_fit_the_file_imports_nothing() {
    let env = Env::cascade();
    std::fs::write(env.dir.path().join("form.csv"), FORM).unwrap();
    assert_eq!(
        env.fail(&["import", "form.csv", "--map", "who=Email Address"]),
        "`--map who=Email Address` names no field okr imports; map kr, kpi, value, date, note, confidence, by, id"
    );
    assert_eq!(
        env.fail(&form_args(&["--map", "id=Response ID"])),
        "cannot import `form.csv` as mapped: the header has no column `Response ID`; it has `Timestamp`, `Email Address`, `Key result`, `Value`, `Confidence`, `Note`; nothing was imported"
    );
    // A date form that does not read the rows: each is named with its line.
    let before = env.bytes();
    let (code, _, stderr) = env.run(&form_args(&["--date-format", "%Y-%m-%d"]));
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "error: form.csv:2: date `11/20/2026 9:15:02` does not read as `%Y-%m-%d` (`--date-format`)
error: form.csv:3: date `11/21/2026 17:40:55` does not read as `%Y-%m-%d` (`--date-format`)
error: 2 bad rows in `form.csv`; nothing was imported
"
    );
    assert_eq!(env.bytes(), before);
}
