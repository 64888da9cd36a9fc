//! The rules without loopholes (issue: a marketer's week): the objective limit counts what
//! runs on the same day, closing and carrying check what they do, check-ins stay within their
//! period, done is never stale, and `this` / `next` name quarters.

use serde_json::Value;
use similar_asserts::assert_eq;

use crate::harness::{Env, key_result};

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

#[test]
fn carry_counts_what_runs_in_the_target_period() {
    let env = Env::cascade();
    env.objective(&["All next year", "--team", "growth", "--period", "2027"]);
    env.objective(&["Next quarter", "--team", "growth", "--period", "2027-Q1"]);
    assert_eq!(
        env.fail(&["carry", "o2", "--to", "2027-Q1"]),
        "team `growth` already has 2 objectives in 2027-Q1 (limit 2); remove one or raise `max_objectives`"
    );
}

#[test]
fn close_refuses_a_running_or_empty_period_unless_early() {
    let env = Env::cascade();
    assert_eq!(
        env.fail(&["close", "2026-Q4"]),
        "period `2026-Q4` runs until 2026-12-31; close it now anyway with `--early`"
    );
    assert_eq!(
        env.fail(&["close", "2027-Q1", "--early"]),
        "no objective lies within `2027-Q1`, so there is nothing to close; see what it holds with `okr list --period 2027-Q1`"
    );
    assert_eq!(
        env.fail(&["close", "2026-Q3"]),
        "no objective lies within `2026-Q3`, so there is nothing to close; see what it holds with `okr list --period 2026-Q3`"
    );
    assert!(
        env.ok(&["close", "2026-Q4", "--early"])
            .starts_with("closed 2026-Q4: 3 objectives frozen\n")
    );
    // Once over, no `--early` is needed.
    env.ok_on("2027-01-04", &["close", "2026-Q4", "--reopen"]);
    env.ok_on("2027-01-04", &["close", "2026-Q4"]);
}

#[test]
fn carry_skips_done_objectives_and_refuses_a_past_period() {
    let env = Env::cascade();
    for (kr, value) in [("kr3", "10"), ("kr4", "50")] {
        env.ok(&["progress", kr, value]);
    }
    assert_eq!(
        env.ok(&["carry", "o2", "--to", "next"]),
        "o2 is done; not carried\n"
    );
    assert_eq!(env.json()["objectives"].as_array().unwrap().len(), 3);
    assert_eq!(
        env.fail(&["carry", "o1", "--to", "2026-Q3"]),
        "period `2026-Q3` ended on 2026-09-30; carry into a period that has not ended, e.g. `--to next`"
    );
    // Without key results left, a copy would break the rule of at least two.
    env.ok(&["progress", "kr1", "2000"]);
    assert_eq!(
        env.fail(&["carry", "o1", "--to", "next"]),
        "carrying `o1` into 2027-Q1 would break a rule: has 1 key result (at least 2) [min-krs]"
    );
}

#[test]
fn check_ins_outside_the_period_of_their_key_result_are_refused() {
    let env = Env::cascade();
    assert_eq!(
        env.fail(&["progress", "kr1", "1500", "--date", "2025-10-05"]),
        "date `2025-10-05` is outside 2026-Q4 (2026-10-01 to 2026-12-31), the period of key result `kr1`; record it within the period"
    );
    std::fs::write(
        env.dir.path().join("rows.csv"),
        "kr,value,date\nkr1,1500,2026-09-30\nkr2,65,2026-11-20\n",
    )
    .unwrap();
    let (code, _, stderr) = env.run(&["import", "rows.csv"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "error: rows.csv:2: date `2026-09-30` is outside 2026-Q4 (2026-10-01 to 2026-12-31), the period of key result `kr1`; record it within the period\nerror: 1 bad row in `rows.csv`; nothing was imported\n"
    );
}

#[test]
fn a_key_result_that_is_done_is_never_stale() {
    let env = Env::cascade();
    env.ok(&["progress", "kr4", "50", "--date", "2026-10-02"]);
    let status: Value = serde_json::from_str(&env.ok(&["status", "--json"])).unwrap();
    let kr = |id: &str| key_result(&status, id);
    assert_eq!(
        (kr("kr4")["status"].clone(), kr("kr4")["stale"].clone()),
        ("done".into(), false.into())
    );
    assert_eq!(
        kr("kr3")["stale"],
        true,
        "a key result with no check-in for weeks is"
    );
    let report: Value = serde_json::from_str(&env.ok(&["report", "--format", "json"])).unwrap();
    let attention: Vec<&str> = report["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["key_result"].as_str().unwrap())
        .collect();
    assert!(!attention.contains(&"kr4"), "{attention:?}");
    assert!(attention.contains(&"kr3"), "{attention:?}");
}

#[test]
fn this_and_next_name_quarters_and_add_says_whose_objective_it_is() {
    let env = Env::cascade();
    let (code, stdout, stderr) = env.run(&[
        "add",
        "objective",
        "Plan ahead",
        "--team",
        "content",
        "--period",
        "next",
    ]);
    assert_eq!(code, Some(0));
    let id = stdout.trim_end();
    assert_eq!(stderr, format!("{id}: team content, 2027-Q1\n"));
    assert_eq!(env.json()["objectives"][3]["period"], "2027-Q1");
    let this: Value =
        serde_json::from_str(&env.ok(&["status", "--period", "this", "--json"])).unwrap();
    assert_eq!(this["period"], "2026-Q4");
    let next: Value =
        serde_json::from_str(&env.ok(&["list", "--period", "NEXT", "--json"])).unwrap();
    assert_eq!(next["objectives"].as_array().unwrap().len(), 1);
}
