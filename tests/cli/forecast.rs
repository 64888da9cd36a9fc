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
