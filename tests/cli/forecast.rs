//! Where a key result will land: forecasts in JSON and every view, as docs/scoring.md
//! defines them.

use crate::harness::Env;
use serde_json::Value;
use similar_asserts::assert_eq;

fn doc(name: &str) -> String {
    std::fs::read_to_string(format!("{}/docs/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// `12345.6` as the docs write it, with `decimals` after the point: `12,345.6`.
fn grouped(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let (whole, fraction) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match fraction {
        Some(f) => format!("{out}.{f}"),
        None => out,
    }
}

#[test]
fn the_worked_example_in_the_docs_is_what_okr_computes() {
    let env = Env::example();
    let kr: Value = serde_json::from_str(&env.ok(&["show", "kr1", "--json"])).unwrap();
    let o1: Value = serde_json::from_str(&env.ok(&["show", "o1", "--json"])).unwrap();
    let f = &kr["forecast"];
    let scoring = doc("scoring.md");
    for figure in [
        format!("**{}**", grouped(f["value"].as_f64().unwrap(), 0)),
        format!("**{:.3}**", f["score"].as_f64().unwrap()),
        format!("**{}**", grouped(f["needed_per_week"].as_f64().unwrap(), 1)),
        format!("**{:.3}**", o1["forecast"]["score"].as_f64().unwrap()),
        format!("`{}`", o1["forecast"]["grade"].as_str().unwrap()),
    ] {
        assert!(scoring.contains(&figure), "docs/scoring.md lacks {figure}");
    }
    let projected: Vec<String> = o1["key_results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| format!("{:.3}", k["forecast"]["score"].as_f64().unwrap()))
        .collect();
    assert_eq!(projected, ["0.975", "0.676", "1.000"]);
}

#[test]
fn a_key_result_without_a_check_in_in_the_period_or_keeping_a_line_has_no_forecast() {
    let env = Env::new();
    env.objective(&["Be known for great coffee", "--id", "o1"]);
    env.kr("o1", "Visitors", &["--target", "100", "--id", "kr1"]);
    env.kr("o1", "Uptime", &["--keep-above", "99.5", "--id", "kr2"]);
    env.ok(&["progress", "kr2", "99.7"]);
    let view: Value = serde_json::from_str(&env.ok(&["status", "--json"])).unwrap();
    let o1 = &view["objectives"][0];
    assert_eq!(o1["key_results"][0]["forecast"], Value::Null);
    assert_eq!(o1["key_results"][1]["forecast"], Value::Null);
    assert_eq!(o1["forecast"], Value::Null);
}

#[test]
fn an_objective_forecast_counts_current_scores_where_a_key_result_has_none() {
    let env = Env::new();
    env.objective(&["Be known for great coffee", "--id", "o1", "--committed"]);
    env.kr("o1", "Visitors", &["--target", "92", "--id", "kr1"]);
    env.kr(
        "o1",
        "Partners",
        &["--target", "4", "--id", "kr2", "--weight", "3"],
    );
    // 1 a day from 0 on 1 October: 91 on the last day, 91/92 of the target.
    env.ok(&["progress", "kr1", "53", "--date", "2026-11-23"]);
    let view: Value = serde_json::from_str(&env.ok(&["show", "o1", "--json"])).unwrap();
    let kr1 = &view["key_results"][0]["forecast"];
    assert!(
        (kr1["value"].as_f64().unwrap() - 91.0).abs() < 1e-9,
        "{kr1}"
    );
    // (91/92 · 1 + 0 · 3) / 4
    let score = view["forecast"]["score"].as_f64().unwrap();
    assert!((score - 91.0 / 92.0 / 4.0).abs() < 1e-9, "{score}");
    assert_eq!(view["forecast"]["grade"], "missed");
    // 39 to go in the 38 days after today.
    let needed = kr1["needed_per_week"].as_f64().unwrap();
    assert!((needed - 39.0 / (38.0 / 7.0)).abs() < 1e-9, "{needed}");
}

#[test]
fn views_show_the_forecast_while_the_period_runs() {
    let env = Env::example();
    let wide = env.ok(&["status", "--wide"]);
    let header = wide.lines().find(|l| l.starts_with("ID ")).unwrap();
    assert!(header.contains("FORECAST"), "{header}");
    let kr1 = wide.lines().find(|l| l.starts_with("kr1 ")).unwrap();
    assert!(kr1.contains(" 98%  on-track"), "{kr1}");
    // At 80 columns the titles keep the room.
    let narrow = env.cmd(&["status"]).env("COLUMNS", "80").output().unwrap();
    assert!(
        !String::from_utf8(narrow.stdout)
            .unwrap()
            .contains("FORECAST")
    );
    let show = env.ok(&["show", "kr1"]);
    assert!(
        show.contains(
            "forecast     98% at the end (59,508 visitors), needs +1,732 visitors a week\n"
        ),
        "{show}"
    );
    assert!(
        env.ok(&["show", "o1"])
            .contains("forecast     88% at the end, green\n")
    );
    let md = env.ok(&["report", "--format", "markdown"]);
    assert!(
        md.contains("**on-track** · forecast 88% at the end, green"),
        "{md}"
    );
    let digest = env.ok(&["digest"]);
    assert!(digest.contains("off-track → 32%"), "{digest}");
    // Once the period is over the score is final: no forecast in the views.
    let after = env.ok_on("2027-01-05", &["show", "kr1"]);
    assert!(!after.contains("forecast"), "{after}");
    let status = env.ok_on("2027-01-05", &["status", "--wide", "--period", "2026-Q4"]);
    assert!(!status.contains("FORECAST"), "{status}");
}

#[test]
fn a_closed_objective_has_no_forecast() {
    let env = Env::example();
    env.ok_on("2027-01-05", &["close", "2026-Q4"]);
    let view: Value = serde_json::from_str(&env.ok(&["show", "o1", "--json"])).unwrap();
    assert_eq!(view["forecast"], Value::Null);
    assert_eq!(view["key_results"][0]["forecast"], Value::Null);
}

/// A file with holiday orders from 0 to 1,000 in 2026-Q4 and milestones of 200 on 30 November
/// and 900 on 20 December; `kind` is the objective's.
fn holiday(kind: &str) -> Env {
    let env = Env::new();
    let mut args = vec!["Win the holiday season", "--id", "o1"];
    if kind == "--committed" {
        args.push(kind);
    }
    env.objective(&args);
    env.kr(
        "o1",
        "Holiday orders",
        &[
            "--target",
            "1000",
            "--id",
            "kr1",
            "--milestone",
            "2026-12-20=900",
            "--milestone",
            "2026-11-30=200",
        ],
    );
    env
}

fn expected_on(env: &Env, day: &str) -> f64 {
    let view: Value = serde_json::from_str(&env.ok_on(day, &["show", "kr1", "--json"])).unwrap();
    view["expected"].as_f64().unwrap()
}

#[test]
fn the_milestones_worked_example_in_the_docs_is_what_okr_computes() {
    let committed = holiday("--committed");
    let aspirational = holiday("--aspirational");
    let scoring = doc("scoring.md");
    for (env, day, wanted) in [
        (&committed, "2026-11-23", 0.2 * 54.0 / 61.0),
        (&aspirational, "2026-11-23", 0.7 * 0.2 * 54.0 / 61.0),
        (&committed, "2026-12-10", 0.55),
    ] {
        let expected = expected_on(env, day);
        assert!(
            (expected - wanted).abs() < 1e-9,
            "{day}: {expected} against {wanted}"
        );
        let figure = format!("**{expected:.3}**");
        assert!(scoring.contains(&figure), "docs/scoring.md lacks {figure}");
    }
    // Past the last milestone the line runs on to the target on the last day.
    let late = expected_on(&committed, "2026-12-26");
    assert!((late - (0.9 + 0.1 * 6.0 / 11.0)).abs() < 1e-9, "{late}");
}

#[test]
fn milestones_change_the_status_and_every_view_lists_them() {
    let env = holiday("--committed");
    env.ok(&["progress", "kr1", "150"]);
    // On the straight line 15% on 23 November is far behind; on the phased one, on track.
    let view: Value = serde_json::from_str(&env.ok(&["show", "kr1", "--json"])).unwrap();
    assert_eq!(view["status"], "on-track");
    assert_eq!(
        view["milestones"],
        serde_json::json!([
            {"date": "2026-11-30", "value": 200.0, "score": 0.2},
            {"date": "2026-12-20", "value": 900.0, "score": 0.9}
        ])
    );
    let objective: Value = serde_json::from_str(&env.ok(&["show", "o1", "--json"])).unwrap();
    assert_eq!(objective["status"], "on-track");
    assert!(
        env.ok(&["show", "kr1"])
            .contains("milestones   2026-11-30: 200 (20%); 2026-12-20: 900 (90%)\n")
    );
    assert!(
        env.ok(&["history", "kr1"])
            .ends_with("\nmilestones:\n  2026-11-30  200 (20%)\n  2026-12-20  900 (90%)\n")
    );
    env.ok(&["edit", "kr1", "--no-milestones"]);
    let view: Value = serde_json::from_str(&env.ok(&["show", "kr1", "--json"])).unwrap();
    assert_eq!(view["status"], "off-track");
    assert_eq!(view["milestones"], serde_json::json!([]));
    assert!(!env.ok(&["show", "kr1"]).contains("milestones"));
}

#[test]
fn edit_adds_a_milestone_or_replaces_the_one_on_its_day() {
    let env = holiday("--committed");
    env.ok(&[
        "edit",
        "kr1",
        "--milestone",
        "2026-11-30=300",
        "--milestone",
        "2026-10-31=50",
    ]);
    let dates = |env: &Env| -> Vec<(String, f64)> {
        env.json()["objectives"][0]["key_results"][0]["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["date"].as_str().unwrap().to_string(),
                    m["value"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        dates(&env),
        [
            ("2026-10-31".to_string(), 50.0),
            ("2026-11-30".to_string(), 300.0),
            ("2026-12-20".to_string(), 900.0)
        ]
    );
    // --no-milestones with --milestone: only the new ones stay.
    env.ok(&[
        "edit",
        "kr1",
        "--no-milestones",
        "--milestone",
        "2026-12-01=400",
    ]);
    assert_eq!(dates(&env), [("2026-12-01".to_string(), 400.0)]);
}

#[test]
fn a_bad_milestone_is_refused_with_one_line_and_nothing_saved() {
    let env = holiday("--committed");
    env.kr("o1", "Uptime", &["--keep-above", "99.5", "--id", "kr2"]);
    env.kr(
        "o1",
        "Share of orders",
        &["--target", "40", "--unit", "%", "--id", "kr3"],
    );
    for (args, wanted) in [
        (
            vec!["edit", "kr1", "--milestone", "2027-01-05=950"],
            "milestone `2027-01-05` is outside 2026-Q4 (2026-10-01 to 2026-12-31), the period of key result `kr1`; date it within the period",
        ),
        (
            vec!["edit", "kr1", "--milestone", "2026-12-05"],
            "milestone `2026-12-05` is not DATE=VALUE; write it like 2026-11-15=45000",
        ),
        (
            vec!["edit", "kr1", "--milestone", "2026-12-05=lots"],
            "the milestone's value `lots` is not a number; give a finite number such as 1200 or 12.5",
        ),
        (
            vec!["edit", "kr1", "--milestone", "2026-13-05=5"],
            "invalid date `2026-13-05`; use YYYY-MM-DD, e.g. 2026-11-23",
        ),
        (
            vec!["edit", "kr2", "--milestone", "2026-12-05=99.9"],
            "key result `kr2` keeps a line, so it has no pace for milestones to shape; give milestones to a key result that moves toward a target",
        ),
        (
            vec!["edit", "o1", "--period", "2027-Q1"],
            "key result `kr1` has a milestone on 2026-11-30, outside 2027-Q1; remove its milestones first",
        ),
        (
            vec![
                "add",
                "kr",
                "o1",
                "Gift cards",
                "--target",
                "50",
                "--milestone",
                "2027-02-01=10",
            ],
            "milestone `2027-02-01` is outside 2026-Q4 (2026-10-01 to 2026-12-31), the period of key result `krtn4a`; date it within the period",
        ),
    ] {
        let line = env.fail(&args);
        if args[0] == "add" {
            assert!(
                line.starts_with("milestone `2027-02-01` is outside 2026-Q4"),
                "{line}"
            );
        } else {
            assert_eq!(line, wanted, "{args:?}");
        }
    }
    let line = env.fail(&["edit", "kr1", "--milestone", "2026-12-05=5%"]);
    assert!(line.contains("`5%` is a percentage"), "{line}");
    // A percent key result takes 12%.
    env.ok(&["edit", "kr3", "--milestone", "2026-12-05=12%"]);
    assert_eq!(
        env.json()["objectives"][0]["key_results"][2]["milestones"][0]["value"],
        12
    );
}
