use crate::harness::Env;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

#[test]
fn the_example_passes() {
    let env = Env::example();
    assert_eq!(env.ok(&["check"]), "okrs.json: no problems\n");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&env.ok(&["check", "--json"])).unwrap(),
        json!({"ok": true, "problems": []})
    );
}

/// A file breaking every rule `check` knows, written by hand as a user might.
const BROKEN: &str = r#"{
  "version": 1,
  "settings": {"max_objectives": 1, "min_krs": 2, "max_krs": 2},
  "next_id": {"objective": 9, "key_result": 9},
  "objectives": [
    {"id": "o1", "title": "Company", "level": "company", "period": "2026-Q4",
     "key_results": [
       {"id": "kr1", "title": "A", "start": 0, "target": 10},
       {"id": "kr2", "title": "B", "start": 5, "target": 5},
       {"id": "kr3", "title": "C", "start": 0, "target": 1}
     ]},
    {"id": "o2", "title": "Also company", "level": "company", "period": "2026-Q4",
     "key_results": [{"id": "kr4", "title": "D", "start": 0, "target": 1},
                     {"id": "kr5", "title": "E", "start": 0, "target": 1}]},
    {"id": "o3", "title": "Team", "level": "team", "team": "growth", "period": "2026-Q4",
     "aligns": ["kr1", "kr9"],
     "key_results": [{"id": "kr6", "title": "F", "start": 0, "target": 1}]},
    {"id": "o4", "title": "Loose", "level": "team", "team": "social", "period": "2026-Q4",
     "key_results": [{"id": "kr7", "title": "G", "start": 0, "target": 1},
                     {"id": "kr8", "title": "H", "start": 0, "target": 1}]},
    {"id": "o5", "title": "Person", "level": "individual", "person": "ana", "period": "2027-Q1",
     "aligns": ["kr1", "kr6"],
     "key_results": [{"id": "kr10", "title": "I", "start": 0, "target": 1},
                     {"id": "kr11", "title": "J", "start": 0, "target": 1}]}
  ]
}
"#;

#[test]
fn every_broken_rule_is_reported_on_its_own_line() {
    let env = Env::with_file(BROKEN);
    let (code, stdout, stderr) = env.run(&["check"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stdout,
        "\
error: o1: has 3 key results (limit 2); remove one or raise `max_krs` [max-krs]
error: kr2: target equals start (5); set a target with `okr edit kr2 --target N` [target-equals-start]
error: o3: has 1 key result (at least 2); add one with `okr add kr o3` [min-krs]
error: o3: aligns to `kr9`, which does not exist; run `okr unalign o3 kr9` [dangling-alignment]
error: o4: team `social` aligns to no key result; link it with `okr align o4 KR_ID` [unaligned]
error: o5: aligns to `kr1`, but an individual objective aligns to key results of team objectives, and `o1` is a company objective [cascade]
error: o5: aligns to `kr6`, but its period 2027-Q1 does not overlap 2026-Q4 of `o3`; align within the same time frame [cascade]
error: o2: the company has 2 objectives in 2026-Q4 (o1, o2; limit 1); remove one or raise `max_objectives` [max-objectives]
"
    );
    assert_eq!(stderr, "8 problems in okrs.json\n");
}

#[test]
fn check_json_lists_rule_id_and_message() {
    let env = Env::with_file(BROKEN);
    let (code, stdout, stderr) = env.run(&["check", "--json"]);
    assert_eq!(code, Some(1));
    assert_eq!(stderr, "");
    let view: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(view["ok"], false);
    assert_eq!(view["problems"].as_array().unwrap().len(), 8);
    assert_eq!(
        view["problems"][0],
        json!({"rule": "max-krs", "severity": "error", "id": "o1", "message": "has 3 key results (limit 2); remove one or raise `max_krs`"})
    );
}

#[test]
fn check_can_be_limited_to_a_period() {
    let env = Env::with_file(BROKEN);
    let (code, stdout, _) = env.run(&["check", "--period", "2027-Q1"]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout.lines().count(), 2);
    assert!(
        stdout.lines().all(|l| l.starts_with("error: o5: ")),
        "{stdout}"
    );
    let (code, stdout, _) = env.run(&["check", "--period", "2025"]);
    assert_eq!(code, Some(0));
    assert!(stdout.ends_with(": no problems\n"));
}

#[test]
fn a_fresh_objective_is_reported_until_it_has_two_krs() {
    let env = Env::new();
    env.objective(&["Lonely", "--id", "o1"]);
    let (code, stdout, _) = env.run(&["check"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stdout,
        "error: o1: has 0 key results (at least 2); add one with `okr add kr o1` [min-krs]\n"
    );
    env.kr("o1", "One", &["--target", "1"]);
    env.kr("o1", "Two", &["--target", "1"]);
    assert_eq!(env.run(&["check"]).0, Some(0));
}

#[test]
fn the_limit_counts_objectives_active_on_the_same_day() {
    let env = Env::cascade();
    env.objective(&[
        "Second growth goal",
        "--team",
        "growth",
        "--aligns",
        "kr2",
        "--id",
        "o4",
    ]);
    for period in ["2026", "2026-H2", "2026-10", "2026-W47"] {
        assert_eq!(
            env.fail(&[
                "add",
                "objective",
                "Third",
                "--team",
                "growth",
                "--period",
                period,
                "--aligns",
                "kr1"
            ]),
            format!(
                "team `growth` already has 2 objectives in {period} (limit 2); remove one or raise `max_objectives`"
            ),
            "--period {period}"
        );
    }
    // A period that runs at another time has room; so does the first half of the year.
    env.objective(&["Next quarter", "--team", "growth", "--period", "2027-Q1"]);
    env.objective(&["Spring", "--team", "growth", "--period", "2026-H1"]);
    // A yearly objective counts in every quarter it overlaps: moving one into 2026 is
    // refused, because the year also covers 2026-Q4.
    let spring = env.json()["objectives"][5]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        env.fail(&["edit", &spring, "--period", "2026"]),
        "team `growth` already has 2 objectives in 2026 (limit 2); remove one or raise `max_objectives`"
    );
}

#[test]
fn check_finds_objectives_that_run_at_once_beyond_the_limit() {
    let env = Env::cascade();
    env.edit_file(|file| {
        let mut yearly = file["objectives"][1].clone();
        yearly["id"] = "o9".into();
        yearly["period"] = "2026".into();
        yearly["key_results"] = Value::Array(Vec::new());
        let mut monthly = yearly.clone();
        monthly["id"] = "o8".into();
        monthly["period"] = "2026-11".into();
        let list = file["objectives"].as_array_mut().unwrap();
        list.push(yearly);
        list.push(monthly);
    });
    let (code, stdout, _) = env.run(&["check"]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("o8: team `growth` has 3 objectives active at once from 2026-11-01 (o2, o9, o8; limit 2); remove one or raise `max_objectives` [max-objectives]"),
        "{stdout}"
    );
}
