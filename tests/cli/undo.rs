//! Mistakes can be undone: `okr undo`, `okr rm KR --checkin DATE`, `okr progress --replace`.

use similar_asserts::assert_eq;

use crate::harness::Env;

#[test]
fn undo_takes_back_the_last_changes_one_at_a_time() {
    let env = Env::cascade();
    let start = env.bytes();
    env.run(&["progress", "kr1", "1260"]);
    let after_one = env.bytes();
    env.ok(&["edit", "kr2", "--title", "Cart abandoned"]);
    assert_eq!(
        env.ok(&["undo"]),
        "undid `okr edit kr2 --title \"Cart abandoned\"`\n"
    );
    assert_eq!(env.bytes(), after_one);
    assert_eq!(
        env.ok(&["undo", "--json"])
            .contains("\"command\": \"okr progress kr1 1260\""),
        true
    );
    assert_eq!(env.bytes(), start);
    // Further back: the commands that built the cascade.
    assert_eq!(
        env.ok(&["undo"]),
        "undid `okr add kr o3 \"Partner retailer signed\" --target 1 --id kr6`\n"
    );
    assert!(!env.json().to_string().contains("kr6"));
}

#[test]
fn undo_goes_back_at_least_ten_steps() {
    let env = Env::cascade();
    let start = env.bytes();
    for value in 1..=12 {
        env.ok(&["progress", "kr1", &format!("{}", 1000 + value)]);
    }
    for _ in 0..12 {
        env.ok(&["undo"]);
    }
    assert_eq!(env.bytes(), start);
}

#[test]
fn undo_refuses_when_something_else_changed_the_file() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1500"]);
    env.edit_file(|file| file["objectives"][0]["title"] = "Edited by hand".into());
    assert_eq!(
        env.fail(&["undo"]),
        "`okrs.json` was changed by something else (a git pull, an editor) after `okr progress kr1 1500`, so okr cannot undo it; use git to go back instead"
    );
    let fresh = Env::empty();
    fresh.ok(&["init"]);
    assert_eq!(
        fresh.fail(&["undo"]),
        "there is nothing to undo in `okrs.json`: no okr command has changed it here yet"
    );
    // A dry run says what it would undo and undoes nothing.
    let before = env.bytes();
    env.ok(&["progress", "kr2", "66"]);
    let (code, stdout, stderr) = env.run(&["undo", "--dry-run"]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            Some(0),
            "would undo `okr progress kr2 66`\n",
            "dry run: okrs.json was not changed\n"
        )
    );
    assert_ne!(env.bytes(), before);
}

#[test]
fn a_mistyped_checkin_is_removed_or_replaced() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1200", "--date", "2026-11-20"]);
    let (_, _, warning) = env.run(&["progress", "kr1", "12.6", "--date", "2026-11-21"]);
    assert_eq!(
        warning,
        "warning: 12.6 for `kr1` (Organic visitors) is more than 10 times away from its last value (1,200) and its target (2,000); if it is a typo, `okr undo` takes it back\n"
    );
    assert_eq!(
        env.ok(&["rm", "kr1", "--checkin", "2026-11-21"]),
        "removed 1 check-in of kr1 on 2026-11-21: 12.6\n"
    );
    assert_eq!(
        env.fail(&["rm", "kr1", "--checkin", "2026-11-21"]),
        "key result `kr1` has no check-in on 2026-11-21; see its check-ins with `okr history kr1`"
    );
    assert_eq!(
        env.ok(&[
            "progress",
            "kr1",
            "12600",
            "--date",
            "2026-11-20",
            "--replace"
        ]),
        "kr1  Organic visitors: 12,600 / 2,000 (20% -> 100%, done)\n"
    );
    let history: serde_json::Value =
        serde_json::from_str(&env.ok(&["history", "kr1", "--json"])).unwrap();
    let values: Vec<f64> = history["checkins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, [12600.0]);
    // --replace on a day without check-ins just adds one.
    env.ok(&["progress", "kr2", "65", "--date", "2026-11-22", "--replace"]);
    assert_eq!(
        env.json()["objectives"][0]["key_results"][1]["checkins"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
