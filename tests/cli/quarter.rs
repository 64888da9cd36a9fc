//! What a quarter taught: retrospectives, the final standing after the period, calibrated
//! confidence and the review across quarters.

use crate::harness::Env;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

/// The first day after 2026-Q4.
const AFTER: &str = "2027-01-04";

#[test]
fn a_retro_waits_for_the_period_to_end_and_is_the_one_change_a_closed_period_takes() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1800"]);
    assert_eq!(
        env.fail(&["retro", "o1", "Guides worked"]),
        "2026-Q4 of `o1` runs until 2026-12-31; write its retrospective once the period has ended"
    );
    env.ok_on(AFTER, &["close", "2026-Q4"]);
    assert_eq!(
        env.ok_on(
            AFTER,
            &[
                "retro",
                "o1",
                "Guides worked; ads did not",
                "--score",
                "0.6"
            ]
        ),
        "retrospective of o1 recorded\n"
    );
    env.ok_on(AFTER, &["retro", "kr1", "Two guides did most of it"]);
    // A second one replaces the first.
    env.ok_on(
        AFTER,
        &[
            "retro",
            "kr1",
            "Two guides did most of the work",
            "--score",
            "70%",
        ],
    );
    let file = env.json();
    assert_eq!(
        file["objectives"][0]["retro"],
        json!({"note": "Guides worked; ads did not", "score": 0.6})
    );
    assert_eq!(
        file["objectives"][0]["key_results"][0]["retro"],
        json!({"note": "Two guides did most of the work", "score": 0.7})
    );
    // Everything else stays frozen.
    assert!(
        env.fail(&["progress", "kr1", "1900"])
            .contains("closed period `2026-Q4`")
    );
    let view: Value = serde_json::from_str(&env.ok_on(AFTER, &["show", "o1", "--json"])).unwrap();
    assert_eq!(
        view["retro"],
        json!({"note": "Guides worked; ads did not", "score": 0.6})
    );
    assert_eq!(view["key_results"][1]["retro"], Value::Null);
    let show = env.ok_on(AFTER, &["show", "o1"]);
    assert!(
        show.contains("retro      \u{201c}Guides worked; ads did not\u{201d} (own score 60%)\n"),
        "{show}"
    );
    for format in ["table", "markdown", "html", "csv", "json"] {
        let report = env.ok_on(
            AFTER,
            &["report", "--period", "2026-Q4", "--format", format],
        );
        // The table wraps its cells: read it as words.
        let report = report.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            report.contains("Guides worked; ads did not"),
            "{format}: {report}"
        );
        assert!(
            report.contains("Two guides did most of the work"),
            "{format}"
        );
    }
    let csv = env.ok_on(AFTER, &["report", "--period", "2026-Q4", "--format", "csv"]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let column = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(column("objective_own_score"), "0.6");
    assert_eq!(column("own_score"), "0.7");
}

#[test]
fn a_bad_retro_is_refused_with_one_line() {
    let env = Env::cascade();
    for (args, wanted) in [
        (
            vec!["retro", "o1", "x", "--score", "1.5"],
            "own score `1.5` is not from 0 to 1; give one such as 0.7 or 70%",
        ),
        (
            vec!["retro", "o1", "   "],
            "the retrospective is empty; write a few words",
        ),
        (
            vec!["retro", "o9", "Nothing"],
            "no objective or key result has id `o9`; run `okr list` to see the ids",
        ),
    ] {
        let out = env.cmd(&args).env("OKR_TODAY", AFTER).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with(&format!("error: {wanted}")),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn after_the_period_key_results_show_their_grade_not_a_pace() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1800"]);
    let status = env.ok_on(AFTER, &["status", "--period", "2026-Q4"]);
    let kr1 = status.lines().find(|l| l.starts_with("kr1 ")).unwrap();
    assert!(kr1.ends_with("grade green"), "{kr1}");
    assert!(!status.contains("on-track"), "{status}");
    let view: Value = serde_json::from_str(&env.ok_on(AFTER, &["show", "kr1", "--json"])).unwrap();
    assert_eq!(view["grade"], "green");
    let running: Value = serde_json::from_str(&env.ok(&["show", "kr1", "--json"])).unwrap();
    assert_eq!(running["grade"], Value::Null);
    // The report too: grades in every format, and nothing left to catch up on.
    let report = |format: &str| {
        env.ok_on(
            AFTER,
            &["report", "--period", "2026-Q4", "--format", format],
        )
    };
    let html = report("html");
    assert!(
        html.contains(">grade green</span>") && !html.contains(">off-track</span>"),
        "{html}"
    );
    let md = report("markdown");
    assert!(
        md.contains("| grade red |") && md.contains("Nothing stale, dropping or off track."),
        "{md}"
    );
    let json: Value = serde_json::from_str(&report("json")).unwrap();
    assert_eq!(json["attention"], json!([]));
    let csv = report("csv");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let at = header.iter().position(|h| *h == "kr_grade").unwrap();
    let kr1 = csv.lines().find(|l| l.contains(",kr1,")).unwrap();
    assert_eq!(kr1.split(',').nth(at), Some("green"));
}

#[test]
fn the_calibration_worked_example_in_the_docs_is_what_okr_computes() {
    let env = Env::new();
    env.objective(&["Win search", "--team", "growth", "--id", "o1"]);
    env.kr(
        "o1",
        "Guides in the top 3",
        &["--target", "10", "--id", "kr1"],
    );
    env.kr("o1", "Backlinks", &["--target", "10", "--id", "kr2"]);
    env.ok(&[
        "progress",
        "kr1",
        "5",
        "--confidence",
        "7",
        "--date",
        "2026-11-02",
    ]);
    env.ok(&[
        "progress",
        "kr1",
        "8",
        "--confidence",
        "9",
        "--date",
        "2026-11-20",
    ]);
    env.ok(&[
        "progress",
        "kr2",
        "3",
        "--confidence",
        "6",
        "--date",
        "2026-11-10",
    ]);
    // A check-in without a confidence (a KPI's value) does not count.
    env.ok(&["progress", "kr2", "3", "--date", "2026-11-21"]);
    let closed = env.ok_on(AFTER, &["close", "2026-Q4"]);
    assert!(
        closed.ends_with(
            "calibration (Brier score of the confidence given: 0 is perfect, 0.25 a coin toss):\n  team growth  0.15 from 3 check-ins\n"
        ),
        "{closed}"
    );
    let view: Value =
        serde_json::from_str(&env.ok_on(AFTER, &["close", "2026-Q4", "--reopen", "--json"]))
            .unwrap();
    assert!(view.is_object());
    let json: Value =
        serde_json::from_str(&env.ok_on(AFTER, &["close", "2026-Q4", "--json"])).unwrap();
    let brier = json["calibration"][0]["brier"].as_f64().unwrap();
    assert!((brier - 0.46 / 3.0).abs() < 1e-12, "{brier}");
    assert_eq!(json["calibration"][0]["checkins"], 3);
    assert_eq!(json["calibration"][0]["owner"], "growth");
    let scoring =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scoring.md")).unwrap();
    assert!(
        scoring.contains(&format!("**{brier:.3}**")),
        "docs/scoring.md lacks {brier:.3}"
    );
    let report: Value = serde_json::from_str(&env.ok_on(
        AFTER,
        &["report", "--period", "2026-Q4", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(report["calibration"], json["calibration"]);
    // While the period runs (and is open), the report has none.
    env.ok_on(AFTER, &["close", "2026-Q4", "--reopen"]);
    let running: Value = serde_json::from_str(&env.ok(&["report", "--format", "json"])).unwrap();
    assert_eq!(running["calibration"], json!([]));
}

/// Two closed quarters: team social hits every aspirational target in both, the company
/// misses a committed objective in 2026-Q4 (without a retrospective) and team content ends
/// 2026-Q3 at 40%.
fn two_quarters() -> Env {
    let env = Env::new();
    for (quarter, day) in [("2026-Q3", "2026-09-10"), ("2026-Q4", "2026-11-10")] {
        let social = format!("s{}", &quarter[6..]);
        env.objective(&[
            "Grow the community",
            "--team",
            "social",
            "--period",
            quarter,
            "--id",
            &social,
        ]);
        let kr = format!("{social}k");
        env.kr(&social, "Followers", &["--target", "10", "--id", &kr]);
        env.ok(&["progress", &kr, "10", "--date", day, "--confidence", "9"]);
    }
    env.objective(&[
        "Be known for guides",
        "--team",
        "content",
        "--period",
        "2026-Q3",
        "--id",
        "c3",
    ]);
    env.kr("c3", "Guides", &["--target", "10", "--id", "c3k"]);
    env.ok(&[
        "progress",
        "c3k",
        "4",
        "--date",
        "2026-09-01",
        "--confidence",
        "8",
    ]);
    env.objective(&[
        "Sell online",
        "--period",
        "2026-Q4",
        "--committed",
        "--id",
        "o4",
    ]);
    env.kr("o4", "Orders", &["--target", "100", "--id", "o4k"]);
    env.ok(&["progress", "o4k", "50", "--date", "2026-11-10"]);
    env.ok(&["close", "2026-Q3"]);
    env.ok_on(AFTER, &["close", "2026-Q4"]);
    env
}

#[test]
fn review_shows_each_owner_across_closed_periods_with_the_warnings() {
    let env = two_quarters();
    let text = env.ok_on(AFTER, &["review"]);
    assert_eq!(
        text,
        "\
okr review: closed periods

team social
  2026-Q3  1 objective, mean 100%: 1 green; calibration 0.01 from 1 check-in
    s3  Grow the community  100%  green
  2026-Q4  1 objective, mean 100%: 1 green; calibration 0.01 from 1 check-in
    s4  Grow the community  100%  green

team content
  2026-Q3  1 objective, mean 40%: 1 yellow; calibration 0.64 from 1 check-in
    c3  Be known for guides  40%  yellow

company
  2026-Q4  1 objective, mean 50%: 1 missed; committed 0 achieved, 1 missed
    o4  Sell online  50%  missed

WARNINGS
  always-at-100: every aspirational objective of team social scored 100% in 2026-Q3 and 2026-Q4: set targets that stretch
  missed-without-retro: the company's committed objective `o4` was missed in 2026-Q4 with no retrospective: say why with `okr retro o4 TEXT`
"
    );
    let json: Value =
        serde_json::from_str(&env.ok_on(AFTER, &["review", "--format", "json"])).unwrap();
    assert_eq!(json["periods"], json!(["2026-Q3", "2026-Q4"]));
    let kinds: Vec<&str> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["always-at-100", "missed-without-retro"]);
    let q3 = &json["owners"][1]["periods"][0];
    assert_eq!(q3["mean_score"], 0.4);
    assert_eq!(q3["grades"]["yellow"], 1);
    assert_eq!(
        q3["calibration"],
        json!({"brier": 0.6400000000000001, "checkins": 1})
    );
    // A retrospective answers the second warning.
    env.ok_on(AFTER, &["retro", "o4", "The shop opened six weeks late"]);
    let json: Value = serde_json::from_str(&env.ok_on(AFTER, &["review", "--json"])).unwrap();
    assert_eq!(json["warnings"].as_array().unwrap().len(), 1);
    // Markdown for a wiki page.
    let md = env.ok_on(AFTER, &["review", "--format", "markdown"]);
    assert!(
        md.starts_with("# OKR review: closed periods\n\n## team social\n"),
        "{md}"
    );
    assert!(
        md.contains("retro \u{201c}The shop opened six weeks late\u{201d}"),
        "{md}"
    );
}

#[test]
fn review_takes_since_and_team() {
    let env = two_quarters();
    let since = env.ok_on(AFTER, &["review", "--since", "2026-Q4"]);
    assert!(
        since.starts_with("okr review: closed periods since 2026-Q4\n"),
        "{since}"
    );
    assert!(!since.contains("2026-Q3"), "{since}");
    // One period alone cannot be two in a row.
    assert!(!since.contains("always-at-100"), "{since}");
    let team = env.ok_on(AFTER, &["review", "--team", "content"]);
    assert_eq!(
        team,
        "\
okr review: closed periods, team content and its people

team content
  2026-Q3  1 objective, mean 40%: 1 yellow; calibration 0.64 from 1 check-in
    c3  Be known for guides  40%  yellow
"
    );
    assert_eq!(
        env.fail(&["review", "--team", "contnet"]),
        "no team is named `contnet`; did you mean `content`?"
    );
    let empty = Env::cascade();
    assert_eq!(
        empty.ok(&["review"]),
        "okr review: closed periods\nno closed periods yet; close one with `okr close PERIOD` once it has ended\n"
    );
}

#[test]
fn carry_takes_what_can_be_carried_and_a_dry_run_shows_the_ids_it_will_use() {
    let env = Env::example();
    let run = |args: &[&str]| {
        let out = env
            .cmd(args)
            .env_remove("OKR_ID_SEED")
            .env("OKR_TODAY", AFTER)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // A team objective without its company parent: carried, its alignments dropped.
    let args = ["carry", "o3", "o7", "--to", "2027-Q1"];
    let dry = run(&[&args[..], &["--dry-run"]].concat());
    let before = env.bytes();
    assert_eq!(
        run(&[&args[..], &["--dry-run"]].concat()),
        dry,
        "the same every time"
    );
    assert_eq!(env.bytes(), before, "a dry run writes nothing");
    let real = run(&args);
    assert_eq!(real, dry, "the real run uses the ids the dry run showed");
    let first = real.lines().next().unwrap();
    assert!(
        first.starts_with("o3 -> o") && first.ends_with(" in 2027-Q1; alignment dropped: kr1, kr3"),
        "{first}"
    );
    assert!(
        real.contains("starts at 15 guides, the value it reached; target 20 guides kept\n"),
        "{real}"
    );
    let (code, check, _) = env.run(&["check", "--period", "2027-Q1"]);
    assert_eq!(code, Some(1), "{check}");
    let copy = first.split(' ').nth(2).unwrap();
    assert!(
        check.contains(copy),
        "okr check names the copy to align: {check}"
    );
}

#[test]
fn on_the_first_day_of_an_empty_quarter_status_says_to_close_and_carry_the_last() {
    let env = Env::example();
    assert_eq!(
        env.ok_on("2027-01-01", &["status"]),
        "\
2027-Q1 (2027-01-01 to 2027-03-31), as of 2027-01-01: 1% of the period elapsed
2026-Q4 ended on 2026-12-31 and is not closed; close it and carry what is unfinished:
  okr close 2026-Q4
  okr carry --all 2026-Q4 --to 2027-Q1
"
    );
    let json: Value =
        serde_json::from_str(&env.ok_on("2027-01-01", &["status", "--json"])).unwrap();
    assert_eq!(json["unclosed_before"], "2026-Q4");
    // Once it is closed, the usual line.
    env.ok_on("2027-01-01", &["close", "2026-Q4"]);
    assert!(
        env.ok_on("2027-01-01", &["status"])
            .ends_with("no objectives here yet; add one with `okr add objective TITLE`\n")
    );
}

#[test]
fn a_retro_without_an_own_score_shows_it_as_null() {
    let env = Env::cascade();
    env.ok_on(AFTER, &["retro", "o2", "Search took longer than a quarter"]);
    let view: Value = serde_json::from_str(&env.ok_on(AFTER, &["show", "o2", "--json"])).unwrap();
    assert_eq!(
        view["retro"],
        json!({"note": "Search took longer than a quarter", "score": null})
    );
    // The file leaves the missing score out.
    assert_eq!(
        env.json()["objectives"][1]["retro"],
        json!({"note": "Search took longer than a quarter"})
    );
}
