//! The scoring policy as settings of the file: each one changes what `status`, `check` and
//! the report say, as docs/scoring.md describes.

use serde_json::{Value, json};
use similar_asserts::assert_eq;

use crate::harness::{Env, key_result};

fn kr_status(env: &Env, kr: &str, field: &str) -> Value {
    let view: Value = serde_json::from_str(&env.ok(&["status", "--json"])).unwrap();
    key_result(&view, kr)[field].clone()
}

#[test]
fn settings_lists_every_setting_and_set_changes_one() {
    let env = Env::new();
    assert_eq!(
        env.ok(&["settings"]),
        "\
SETTING               VALUE    DEFAULT
max_objectives        2
min_krs               2
max_krs               4
aspirational_pace     0.7
on_track_gap          0.1
at_risk_gap           0.25
zero_off_track_after  0.8
green_from            0.7
yellow_from           0.4
stale_days            14
checkin_days          7
confidence_drop       3
objective_status      score
number_format         1,234.5
"
    );
    let before = env.bytes();
    env.ok(&["settings", "set", "stale_days", "21"]);
    let file = env.json();
    assert_eq!(file["settings"]["stale_days"], 21);
    assert_eq!(
        file["settings"].get("aspirational_pace"),
        None,
        "defaults stay out of the file"
    );
    let json: Value = serde_json::from_str(&env.ok(&["settings", "--json"])).unwrap();
    assert_eq!(json["stale_days"], 21);
    assert_eq!(json["objective_status"], "score");
    assert!(
        env.ok(&["settings"])
            .contains("stale_days            21       14\n")
    );
    env.ok(&["undo"]);
    assert_eq!(env.bytes(), before);
}

#[test]
fn settings_that_make_no_sense_are_refused_and_change_nothing() {
    let env = Env::new();
    for (key, value, message) in [
        (
            "aspirational_pace",
            "1.5",
            "setting `aspirational_pace` cannot be `1.5`; give a fraction from 0 to 1, e.g. 0.7",
        ),
        (
            "yellow_from",
            "0.8",
            "invalid limits: `yellow_from` (0.8) is above `green_from` (0.7); yellow starts below green",
        ),
        (
            "stale_days",
            "-3",
            "setting `stale_days` cannot be `-3`; give a whole number from 1 to 3660",
        ),
        (
            "objective_status",
            "average",
            "setting `objective_status` cannot be `average`; give `score` or `weakest`",
        ),
        (
            "pace",
            "0.5",
            "there is no setting `pace`; run `okr settings` to see them",
        ),
    ] {
        assert_eq!(env.fail(&["settings", "set", key, value]), message, "{key}");
    }
    let fresh = Env::empty();
    fresh.ok(&[
        "init",
        "--aspirational-pace",
        "0.6",
        "--objective-status",
        "weakest",
    ]);
    assert_eq!(
        fresh.json()["settings"],
        json!({"max_objectives": 2, "min_krs": 2, "max_krs": 4, "aspirational_pace": 0.6, "objective_status": "weakest"})
    );
    assert_eq!(
        Env::empty().fail(&["init", "--green-from", "0.3"]),
        "invalid limits: `yellow_from` (0.4) is above `green_from` (0.3); yellow starts below green"
    );
}

#[test]
fn each_setting_changes_what_status_check_and_the_report_say() {
    let env = Env::cascade();
    // kr1: 20% on 2026-11-23 (59% elapsed): aspirational, expected 0.41, gap 0.21: at risk.
    env.ok(&[
        "progress",
        "kr1",
        "1200",
        "--confidence",
        "8",
        "--date",
        "2026-11-01",
    ]);
    env.ok(&[
        "progress",
        "kr1",
        "1200",
        "--confidence",
        "4",
        "--date",
        "2026-11-02",
    ]);
    assert_eq!(kr_status(&env, "kr1", "status"), "at-risk");
    env.ok(&["settings", "set", "aspirational_pace", "0.5"]);
    assert_eq!(
        kr_status(&env, "kr1", "status"),
        "on-track",
        "expected 0.30, gap 0.10"
    );
    env.ok(&["settings", "set", "on_track_gap", "0.05"]);
    assert_eq!(kr_status(&env, "kr1", "status"), "at-risk");
    env.ok(&["settings", "set", "at_risk_gap", "0.05"]);
    assert_eq!(kr_status(&env, "kr1", "status"), "off-track");
    // kr2 has no check-in: 0 at 59% elapsed is off track once zero_off_track_after is passed.
    env.ok(&["settings", "set", "at_risk_gap", "0.9"]);
    assert_eq!(kr_status(&env, "kr2", "status"), "at-risk");
    env.ok(&["settings", "set", "zero_off_track_after", "0.5"]);
    assert_eq!(kr_status(&env, "kr2", "status"), "off-track");
    // Stale after 14 days by default (kr1's last check-in was 21 days ago), 30 here.
    assert_eq!(kr_status(&env, "kr1", "stale"), true);
    env.ok(&["settings", "set", "stale_days", "30"]);
    assert_eq!(kr_status(&env, "kr1", "stale"), false);
    env.ok(&["settings", "set", "stale_days", "7"]);
    let report = env.ok(&["report", "--format", "markdown"]);
    assert!(report.contains("no check-in for 7 days"), "{report}");
    // A fall of 4 points of confidence is flagged at 3, not at 5.
    assert_eq!(kr_status(&env, "kr1", "confidence_drop"), 4);
    env.ok(&["settings", "set", "confidence_drop", "5"]);
    assert_eq!(kr_status(&env, "kr1", "confidence_drop"), Value::Null);
    // An objective's status: from its score, or its weakest key result.
    let objective = |env: &Env| {
        let view: Value = serde_json::from_str(&env.ok(&["status", "--json"])).unwrap();
        view["objectives"][0]["status"].clone()
    };
    env.ok(&["progress", "kr2", "60"]);
    assert_eq!(objective(&env), "on-track");
    env.ok(&["settings", "set", "objective_status", "weakest"]);
    assert_eq!(objective(&env), "at-risk", "kr1 is at risk");
    // Grades at closing follow green_from and yellow_from: o1 scores 0.6.
    env.ok(&["settings", "set", "green_from", "0.6"]);
    let closed = env.ok(&["close", "2026-Q4", "--early"]);
    assert!(closed.contains("o1  60%  green\n"), "{closed}");
    env.ok(&["close", "2026-Q4", "--reopen"]);
    env.ok(&["settings", "set", "green_from", "0.9"]);
    env.ok(&["settings", "set", "yellow_from", "0.7"]);
    let closed = env.ok(&["close", "2026-Q4", "--early"]);
    assert!(closed.contains("o1  60%  red\n"), "{closed}");
}

#[test]
fn an_objective_whose_key_results_all_weigh_nothing_is_refused_and_reported() {
    let env = Env::cascade();
    env.ok(&["edit", "kr1", "--weight", "0"]);
    assert_eq!(
        env.fail(&["edit", "kr2", "--weight", "0"]),
        "the key results of objective `o1` would weigh 0 together, so it would score 0 whatever they do; give one of them a weight above 0"
    );
    env.edit_file(|file| file["objectives"][0]["key_results"][1]["weight"] = json!(0));
    let (code, stdout, _) = env.run(&["check"]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("error: o1: every key result weighs 0, so the objective scores 0 whatever they do; give one a weight with `okr edit KR_ID --weight 1` (see `okr show o1`) [zero-weight]"),
        "{stdout}"
    );
}

#[test]
fn a_key_result_past_its_target_scores_one_and_shows_how_far_it_went() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "2500"]);
    assert_eq!(
        env.ok(&["progress", "kr3", "15"]),
        "kr3  Guides in the top 3: 15 / 10 (0% -> 100%, done)\n"
    );
    assert_eq!(kr_status(&env, "kr1", "score"), 1.0);
    assert_eq!(kr_status(&env, "kr1", "reached"), 1.5);
    assert_eq!(kr_status(&env, "kr1", "beaten"), true);
    assert_eq!(kr_status(&env, "kr2", "beaten"), false);
    let status = env.ok(&["status"]);
    let line = status.lines().find(|l| l.starts_with("kr1 ")).unwrap();
    assert!(line.ends_with("done, beaten"), "{line}");
    assert!(line.contains("2,500 / 2,000"), "{line}");
    assert!(
        env.ok(&["show", "kr1"])
            .contains("reached      150% of the way: past the target\n")
    );
    let report: Value = serde_json::from_str(&env.ok(&["report", "--format", "json"])).unwrap();
    assert_eq!(
        report["summary"]["beaten"],
        json!([
            {"key_result": "kr1", "title": "Organic visitors", "reached": 1.5},
            {"key_result": "kr3", "title": "Guides in the top 3", "reached": 1.5}
        ])
    );
    let text = env.ok(&["report"]);
    assert!(
        text.contains(
            "key results past their target: kr1 (150% of the way), kr3 (150% of the way)"
        ),
        "{text}"
    );
}

#[test]
fn a_status_set_by_hand_holds_until_the_next_check_in() {
    let env = Env::cascade();
    assert_eq!(
        env.ok(&["progress", "kr1", "1100", "--status", "at-risk"]),
        "kr1  Organic visitors: 1,100 / 2,000 (0% -> 10%, at-risk)\n"
    );
    assert_eq!(kr_status(&env, "kr1", "status"), "at-risk");
    assert_eq!(kr_status(&env, "kr1", "status_manual"), true);
    assert!(
        env.ok(&["status"])
            .lines()
            .any(|l| l.starts_with("kr1 ") && l.ends_with("at-risk (set by hand)"))
    );
    assert_eq!(
        env.json()["objectives"][0]["key_results"][0]["status"],
        "at-risk"
    );
    // The next check-in without --status lets okr judge again.
    env.ok(&["progress", "kr1", "1200"]);
    assert_eq!(kr_status(&env, "kr1", "status_manual"), false);
    // Objectives too, through edit; auto clears it.
    env.ok(&["edit", "o1", "--status", "on-track"]);
    let view: Value = serde_json::from_str(&env.ok(&["show", "o1", "--json"])).unwrap();
    assert_eq!(
        (view["status"].clone(), view["status_manual"].clone()),
        (json!("on-track"), json!(true))
    );
    env.ok(&["edit", "o1", "--status", "auto"]);
    let view: Value = serde_json::from_str(&env.ok(&["show", "o1", "--json"])).unwrap();
    assert_eq!(view["status_manual"], false);
    assert_eq!(
        env.fail(&["edit", "o1", "--status", "great"]),
        "status `great` is not one okr knows; use on-track, at-risk, off-track, done, not-started, or auto to let okr judge again"
    );
}

#[test]
fn a_key_result_that_keeps_a_line_scores_one_while_it_holds() {
    let env = Env::cascade();
    env.kr(
        "o1",
        "Site uptime",
        &["--keep-above", "99.5", "--unit", "%", "--id", "up"],
    );
    env.kr(
        "o2",
        "Cost per lead",
        &["--keep-below", "40", "--unit", "EUR", "--id", "cpl"],
    );
    // No value yet: it starts on the line, which holds.
    assert_eq!(kr_status(&env, "up", "score"), 1.0);
    assert_eq!(
        env.ok(&["progress", "up", "99.7%"]),
        "up  Site uptime: 99.7% / ≥ 99.5% (100% -> 100%, on-track)\n"
    );
    let (_, stdout, _) = env.run(&["progress", "up", "99.1%"]);
    assert_eq!(
        stdout,
        "up  Site uptime: 99.1% / ≥ 99.5% (100% -> 0%, off-track)\n"
    );
    assert_eq!(kr_status(&env, "up", "keep"), "above");
    assert_eq!(kr_status(&env, "up", "beaten"), false);
    env.ok(&["progress", "cpl", "38"]);
    assert_eq!(kr_status(&env, "cpl", "status"), "on-track");
    let status = env.ok(&["status"]);
    assert!(status.contains("38 / ≤ 40 EUR"), "{status}");
    // Every report format shows the line.
    for format in ["table", "markdown", "html"] {
        let report = env.ok(&["report", "--format", format]);
        assert!(report.contains("≥ 99.5%"), "{format}");
    }
    let csv = env.ok(&["report", "--format", "csv"]);
    let keep = csv
        .lines()
        .next()
        .unwrap()
        .split(',')
        .position(|c| c == "keep");
    let up_row = csv.lines().find(|l| l.contains(",up,")).unwrap();
    assert_eq!(
        up_row.split(',').nth(keep.unwrap()),
        Some("above"),
        "{up_row}"
    );
    let json: Value = serde_json::from_str(&env.ok(&["report", "--format", "json"])).unwrap();
    let up = json["objectives"][0]["key_results"][2].clone();
    assert_eq!(
        (up["keep"].clone(), up["score"].clone()),
        (json!("above"), json!(0.0))
    );
    // Imports feed it like any other, and check has nothing against a line at its start.
    std::fs::write(
        env.dir.path().join("rows.csv"),
        "kr,value,date\nup,99.8,2026-11-23\n",
    )
    .unwrap();
    env.ok(&["import", "rows.csv"]);
    assert_eq!(kr_status(&env, "up", "status"), "on-track");
    let (_, check, _) = env.run(&["check"]);
    assert!(!check.contains("target-equals-start"), "{check}");
    // Closing grades it with the rest: a line kept scores 1.
    let closed = env.ok(&["close", "2026-Q4", "--early"]);
    assert!(
        closed.starts_with("closed 2026-Q4: 3 objectives frozen\n"),
        "{closed}"
    );
}

/// docs/scoring.md's table of settings, as `model::settings::TABLE` says it.
fn settings_table() -> String {
    use okr::model::rules::settings::TABLE;
    let defaults = okr::model::Settings::default();
    let mut out =
        String::from("| setting | default | what it does | allowed |\n| --- | --- | --- | --- |\n");
    for row in TABLE {
        let default = (row.get)(&defaults);
        let default = if default.parse::<f64>().is_ok() {
            default
        } else {
            format!("`{default}`")
        };
        out.push_str(&format!(
            "| `{}` | {default} | {} | {} |\n",
            row.key, row.meaning, row.allowed
        ));
    }
    out
}

#[test]
fn the_documented_settings_are_the_settings_table() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scoring.md")).unwrap();
    let table = settings_table();
    assert!(
        doc.contains(&table),
        "docs/scoring.md's table of settings differs from model::settings::TABLE; it should read:\n{table}"
    );
    // And every setting `okr settings` lists is in it, in its order.
    let env = Env::new();
    let listed: Vec<String> = env
        .ok(&["settings"])
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    let documented: Vec<String> = okr::model::rules::settings::keys()
        .map(String::from)
        .collect();
    assert_eq!(listed, documented);
}
