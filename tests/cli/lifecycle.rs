//! Time-aware status, grades, `history`, `close` and `carry`.

use crate::harness::Env;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

/// Asserts a JSON number equals `expected` up to rounding in the last bits.
fn approx(actual: &Value, expected: f64) {
    let value = actual
        .as_f64()
        .unwrap_or_else(|| panic!("{actual} is not a number"));
    assert!((value - expected).abs() < 1e-12, "{value} != {expected}");
}

fn status_json(env: &Env, args: &[&str]) -> Value {
    let mut full = vec!["status", "--json"];
    full.extend_from_slice(args);
    serde_json::from_str(&env.ok(&full)).unwrap()
}

#[test]
fn status_is_judged_against_the_expected_pace() {
    let env = Env::cascade();
    env.ok(&["edit", "o2", "--committed"]);
    env.ok(&["progress", "kr1", "1410"]); // 41%: aspirational pace 0.41 by 2026-11-23
    env.ok(&["progress", "kr3", "4"]); // 40%: committed pace 0.587
    let view = status_json(&env, &[]);
    let kr = |o: usize, k: usize| view["objectives"][o]["key_results"][k].clone();
    approx(&view["objectives"][0]["elapsed"], 54.0 / 92.0);
    approx(&view["objectives"][0]["expected"], 0.7 * 54.0 / 92.0);
    approx(&view["objectives"][1]["expected"], 54.0 / 92.0);
    assert_eq!(kr(0, 0)["status"], "on-track");
    assert_eq!(kr(1, 0)["status"], "at-risk");
    assert_eq!(kr(1, 1)["status"], "off-track");
}

#[test]
fn status_before_during_and_after_the_period() {
    let env = Env::cascade();
    let at = |today: &str| {
        let out = env
            .cmd(&["status", "--json", "--period", "2026-Q4"])
            .env("OKR_TODAY", today)
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["objectives"][0].clone()
    };
    assert_eq!(at("2026-09-30")["status"], "not-started");
    assert_eq!(at("2026-09-30")["elapsed"], 0.0);
    assert_eq!(at("2026-10-01")["elapsed"], 1.0 / 92.0);
    assert_eq!(at("2026-10-01")["status"], "on-track");
    assert_eq!(at("2026-12-31")["elapsed"], 1.0);
    assert_eq!(at("2026-12-31")["grade"], Value::Null);
    assert_eq!(at("2027-01-01")["grade"], "red");
    // Zero progress after 80% of the period is off track.
    assert_eq!(at("2026-12-14")["status"], "off-track");
}

#[test]
fn grades_after_the_period() {
    let env = Env::cascade();
    env.ok(&["edit", "o2", "--committed"]);
    env.ok(&["progress", "kr1", "1800"]); // o1: (0.8 + 0.3) / 2 = 0.55
    env.ok(&["progress", "kr2", "67"]);
    env.ok(&["progress", "kr3", "10"]); // o2 committed: (1 + 1) / 2 = 1
    env.ok(&["progress", "kr4", "50"]);
    let out = env
        .cmd(&["status", "--period", "2026-Q4"])
        .env("OKR_TODAY", "2027-01-10")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "\
2026-Q4 (2026-10-01 to 2026-12-31), as of 2027-01-10: 100% of the period elapsed

ID   OBJECTIVE / KEY RESULT          PROGRESS  SCORE  7D  CONF  STATUS

company
o1   Be known for great coffee                   55%            grade yellow
kr1    Organic visitors         1,800 / 2,000    80%            grade green
kr2    Cart abandonment             67% / 60%    30%            grade red

team growth
o2   Win search                                 100%            grade achieved
kr3    Guides in the top 3            10 / 10   100%            grade achieved
kr4    Backlinks                      50 / 50   100%            grade achieved

ana (growth)
o3   Write guides people share                    0%            grade red
kr5    Shares per guide                0 / 40     0%            grade red
kr6    Partner retailer signed          0 / 1     0%            grade red

OWNER    LEVEL       OBJECTIVES  SCORE
company  company              1    55%
growth   team                 1   100%
ana      individual           1     0%
"
    );
}

#[test]
fn confidence_drops_trend_and_stale_key_results_are_flagged() {
    let env = Env::cascade();
    env.ok(&[
        "progress",
        "kr1",
        "1200",
        "--date",
        "2026-11-01",
        "--confidence",
        "8",
    ]);
    env.ok(&[
        "progress",
        "kr1",
        "1500",
        "--date",
        "2026-11-20",
        "--confidence",
        "5",
    ]);
    env.ok(&[
        "progress",
        "kr2",
        "66",
        "--date",
        "2026-11-09",
        "--confidence",
        "6",
    ]);
    let view = status_json(&env, &[]);
    let kr1 = &view["objectives"][0]["key_results"][0];
    assert_eq!(kr1["confidence"], 5);
    assert_eq!(kr1["confidence_drop"], 3);
    approx(&kr1["change_7d"], 0.3); // 0.2 on 2026-11-16, 0.5 now
    assert_eq!(kr1["stale"], false);
    let kr2 = &view["objectives"][0]["key_results"][1];
    assert_eq!(kr2["confidence_drop"], Value::Null);
    assert_eq!(kr2["stale"], true); // last check-in 14 days ago
    approx(&view["objectives"][0]["change_7d"], 0.15);
    // A team with nothing in the period shows an empty listing.
    let text = env.ok(&["status", "--team", "growth", "--period", "2027-Q1"]);
    assert!(text.ends_with("no objectives here yet; add one with `okr add objective TITLE`\n"));
    let table = env.ok(&["show", "o1"]);
    assert_eq!(
        table
            .lines()
            .filter(|l| l.starts_with("kr"))
            .collect::<Vec<_>>(),
        [
            "kr1  Organic visitors       1  1,500 / 2,000    50%  +30%  5/10 ↓3  on-track",
            "kr2  Cart abandonment       1      66% / 60%    40%        6/10     on-track, stale",
        ]
    );
}

#[test]
fn history_lists_every_checkin() {
    let env = Env::cascade();
    env.ok(&[
        "progress",
        "kr2",
        "68",
        "--date",
        "2026-10-15",
        "--confidence",
        "7",
    ]);
    env.ok(&[
        "progress",
        "kr2",
        "65",
        "--date",
        "2026-11-12",
        "--note",
        "Free shipping over 30 EUR",
    ]);
    assert_eq!(
        env.ok(&["history", "kr2"]),
        "\
kr2  Cart abandonment
DATE        VALUE  SCORE  CONFIDENCE  NOTE
2026-10-15    68%    20%        7/10
2026-11-12    65%    50%              Free shipping over 30 EUR
"
    );
    assert_eq!(
        serde_json::from_str::<Value>(&env.ok(&["history", "kr2", "--json"])).unwrap(),
        json!({"id": "kr2", "title": "Cart abandonment", "unit": "%", "checkins": [
            {"date": "2026-10-15", "value": 68.0, "score": 0.2, "note": null, "confidence": 7, "by": null},
            {"date": "2026-11-12", "value": 65.0, "score": 0.5, "note": "Free shipping over 30 EUR", "confidence": null, "by": null}
        ], "milestones": []})
    );
    assert_eq!(
        env.ok(&["history", "kr4"]),
        "kr4  Backlinks\nno check-ins yet; record one with `okr progress kr4 VALUE`\n"
    );
    assert_eq!(
        env.fail(&["history", "o1"]),
        "`o1` is an objective, not a key result; run `okr show o1` to see its key results"
    );
}

#[test]
fn rollup_shows_how_the_level_below_moves_a_key_result() {
    let env = Env::cascade();
    env.ok(&["progress", "kr3", "5"]); // o2: (0.5 + 0) / 2
    let shown = env.ok(&["show", "kr1"]);
    assert!(
        shown.ends_with(
            "\naligned to it (mean score 25%):\n  o2  Win search (team `growth`, 25%)\n"
        ),
        "{shown}"
    );
    let detail: Value = serde_json::from_str(&env.ok(&["show", "kr1", "--json"])).unwrap();
    assert_eq!(detail["rollup"], 0.25);
    assert_eq!(
        detail["score"], 0.0,
        "the key result's own score stays its own"
    );
    let tree: Value = serde_json::from_str(&env.ok(&["tree", "--json"])).unwrap();
    assert_eq!(tree["tree"][0]["children"][0]["rollup"], 0.25);
    assert_eq!(tree["tree"][0]["children"][1]["rollup"], Value::Null);
}

#[test]
fn close_freezes_the_period_and_records_grades() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1800"]);
    assert_eq!(
        env.ok(&["close", "2026-Q4", "--early"]),
        "closed 2026-Q4: 3 objectives frozen\no1  40%  yellow\no2  0%  red\no3  0%  red\n"
    );
    let file = env.json();
    assert_eq!(file["closed"], json!(["2026-Q4"]));
    assert_eq!(
        file["objectives"][0]["closed"],
        json!({"on": "2026-11-23", "score": 0.4, "grade": "yellow"})
    );
    let closed =
        "is in the closed period `2026-Q4`; reopen it with `okr close 2026-Q4 --reopen` first";
    let cases: &[(&[&str], String)] = &[
        (&["progress", "kr1", "1900"], format!("`kr1` {closed}")),
        (&["add", "objective", "Late", "--team", "social"], format!("a new objective {closed}")),
        (&["add", "kr", "o1", "Late", "--target", "1"], format!("`o1` {closed}")),
        (&["edit", "kr1", "--target", "3000"], format!("`kr1` {closed}")),
        (&["edit", "o1", "--title", "Renamed"], format!("`o1` {closed}")),
        (&["unalign", "o2", "kr1"], format!("`o2` {closed}")),
        (&["rm", "kr2"], format!("`kr2` {closed}")),
        (&["close", "2026-11"], "period `2026-11` is already closed (by `2026-Q4`); reopen it with `okr close 2026-Q4 --reopen`".into()),
    ];
    for (args, message) in cases {
        assert_eq!(&env.fail(args), message, "for {args:?}");
    }
    // Moving an open objective into the closed period is refused too.
    env.objective(&[
        "Next year",
        "--period",
        "2027-Q1",
        "--team",
        "social",
        "--id",
        "o4",
    ]);
    assert_eq!(
        env.fail(&["edit", "o4", "--period", "2026-Q4"]),
        format!("`o4` moved to 2026-Q4 {closed}")
    );
    // The grade shows in status.
    let status = env.ok(&["status"]);
    let o1 = status.lines().find(|l| l.starts_with("o1 ")).unwrap();
    assert!(o1.ends_with("40%  +40%        grade yellow"), "{status}");
    assert_eq!(status_json(&env, &[])["objectives"][0]["closed"], true);
}

#[test]
fn reopen_undoes_close() {
    let env = Env::cascade();
    let before = env.bytes();
    env.ok(&["close", "2026-Q4", "--early", "--json"]);
    assert_eq!(
        serde_json::from_str::<Value>(&env.ok(&["close", "2026-Q4", "--reopen", "--json"]))
            .unwrap(),
        json!({"period": "2026-Q4", "reopened": ["o1", "o2", "o3"]})
    );
    assert_eq!(
        env.bytes(),
        before,
        "closing then reopening restores the file"
    );
    env.ok(&["progress", "kr1", "1900"]);
    assert_eq!(
        env.fail(&["close", "2026-Q3", "--reopen"]),
        "period `2026-Q3` is not closed; `okr close 2026-Q3` closes it"
    );
}

#[test]
fn close_only_freezes_what_lies_within_the_period() {
    let env = Env::cascade();
    env.objective(&[
        "November push",
        "--team",
        "social",
        "--period",
        "2026-11",
        "--id",
        "o4",
    ]);
    env.objective(&[
        "All year", "--team", "social", "--period", "2026", "--id", "o5",
    ]);
    assert_eq!(
        env.ok(&["close", "2026-11", "--early"]),
        "closed 2026-11: 1 objective frozen\no4  0%  red\n"
    );
    env.ok(&["progress", "kr1", "1500"]);
    env.ok(&["add", "kr", "o5", "Still open", "--target", "3"]);
    assert_eq!(
        env.fail(&["add", "kr", "o4", "Frozen", "--target", "3"]),
        "`o4` is in the closed period `2026-11`; reopen it with `okr close 2026-11 --reopen` first"
    );
}

#[test]
fn carry_copies_unfinished_work_into_the_next_period() {
    let env = Env::cascade();
    env.kr(
        "o1",
        "Newsletter subscribers",
        &["--target", "300", "--id", "kr7"],
    );
    env.ok(&["progress", "kr1", "2000"]); // done
    env.ok(&["progress", "kr2", "65"]);
    let carried = env.ok(&["carry", "o1", "--to", "2027-Q1"]);
    let o4 = env.json()["objectives"][3].clone();
    let id = o4["id"].as_str().unwrap();
    let krs: Vec<&str> = o4["key_results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|kr| kr["id"].as_str().unwrap())
        .collect();
    assert!(crate::add::generated(id, "o"));
    assert!(krs.iter().all(|kr| crate::add::generated(kr, "kr")));
    assert_eq!(
        carried,
        format!(
            "o1 -> {id} in 2027-Q1; done, left behind: kr1\n  \
             kr2 -> {} starts at 65%, the value it reached; target 60% kept\n  \
             kr7 -> {} starts at 0, the value it reached; target 300 kept\n\
             next: `okr check --period 2027-Q1`, then `okr close 2026-Q4`\n",
            krs[0], krs[1]
        )
    );
    assert_eq!(
        o4,
        json!({"id": id, "title": "Be known for great coffee", "level": "company", "period": "2027-Q1",
               "kind": "aspirational", "carried_from": "o1",
               "key_results": [
                 {"id": krs[0], "title": "Cart abandonment", "start": 65, "target": 60, "unit": "%", "weight": 1},
                 {"id": krs[1], "title": "Newsletter subscribers", "start": 0, "target": 300, "weight": 1}]})
    );
    // o2 aligned to kr1, which was finished and stays in 2026-Q4: its copy is carried all
    // the same, aligned to nothing, and the output says what to do.
    let (_, dry, _) = env.run(&["carry", "o2", "--to", "2027-Q1", "--dry-run"]);
    let out = env.ok(&["carry", "o2", "--to", "2027-Q1"]);
    assert_eq!(dry, out, "a dry run shows the ids the real run gives");
    let o2 = env.json()["objectives"][4].clone();
    let copy = o2["id"].as_str().unwrap();
    assert_eq!(o2["aligns"], json!(null));
    assert!(
        out.starts_with(&format!(
            "o2 -> {copy} in 2027-Q1; alignment dropped: kr1\n"
        )),
        "{out}"
    );
    assert!(out.contains(&format!(
        "  kr1 stayed behind, so {copy} aligns to nothing yet: `okr align {copy} KR`\n"
    )));
    assert!(out.ends_with(&format!(
        "next: `okr align {copy} KR`, then `okr check --period 2027-Q1`, then `okr close 2026-Q4`\n"
    )));
    let (code, check, _) = env.run(&["check", "--period", "2027-Q1"]);
    assert_eq!(code, Some(1));
    assert!(
        check.contains(copy) && check.contains("unaligned"),
        "{check}"
    );
    assert_eq!(
        env.fail(&["carry", "o1", "--to", "2027-Q1"]),
        format!("objective `o1` was already carried to 2027-Q1 as `{id}`; edit `{id}` instead")
    );
    assert_eq!(
        env.fail(&["carry", "o1", "--to", "2026-Q4"]),
        "objective `o1` is already in 2026-Q4; carry it to a later period"
    );
    assert_eq!(
        env.fail(&["carry", "kr2", "--to", "2027-Q1"]),
        "`kr2` is a key result, not an objective; run `okr list` to see objective ids"
    );
}

#[test]
fn carry_all_keeps_alignment_between_carried_objectives() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1500"]);
    let mut out: Value =
        serde_json::from_str(&env.ok(&["carry", "--all", "2026-Q4", "--to", "2027-Q1", "--json"]))
            .unwrap();
    let file = env.json();
    let copy = |i: usize| file["objectives"][i].clone();
    // Each copy names its key results' copies, from the value reached to the same target.
    let krs = |i: usize| copy(i)["key_results"].as_array().unwrap().clone();
    assert_eq!(
        out["carried"][0]["key_results"][0],
        json!({"from": "kr1", "to": krs(3)[0]["id"], "start": 1500.0, "target": 2000.0, "unit": null})
    );
    assert_eq!(
        out["next"],
        json!(["okr check --period 2027-Q1", "okr close 2026-Q4"])
    );
    out.as_object_mut().unwrap().remove("next");
    for carried in out["carried"].as_array_mut().unwrap() {
        carried.as_object_mut().unwrap().remove("key_results");
    }
    assert_eq!(
        out,
        json!({"to": "2027-Q1", "skipped": [], "carried": [
            {"from": "o1", "to": copy(3)["id"], "done": [], "dropped": []},
            {"from": "o2", "to": copy(4)["id"], "done": [], "dropped": []},
            {"from": "o3", "to": copy(5)["id"], "done": [], "dropped": []}
        ]})
    );
    assert_eq!(copy(3)["key_results"][0]["start"], 1500);
    assert_eq!(
        copy(4)["aligns"],
        json!([copy(3)["key_results"][0]["id"]]),
        "o2's copy follows o1's copy of kr1"
    );
    assert_eq!(
        copy(5)["aligns"],
        json!([copy(4)["key_results"][0]["id"]]),
        "o3's copy follows o2's copy of kr3"
    );
    let (code, stdout, _) = env.run(&["check", "--period", "2027-Q1"]);
    assert_eq!(
        (code, stdout.as_str()),
        (Some(0), "okrs.json: no problems\n")
    );
}

#[test]
fn carry_checks_the_rules_in_the_target_period() {
    let env = Env::cascade();
    env.objective(&["Growth one", "--team", "growth", "--period", "2027-Q1"]);
    env.objective(&["Growth two", "--team", "growth", "--period", "2027-Q1"]);
    assert_eq!(
        env.fail(&["carry", "--all", "2026-Q4", "--to", "2027-Q1"]),
        "team `growth` already has 2 objectives in 2027-Q1 (limit 2); remove one or raise `max_objectives`"
    );
    env.objective(&["Later", "--team", "social", "--period", "2027-Q2"]);
    env.ok(&["close", "2027-Q2", "--early"]);
    assert_eq!(
        env.fail(&["carry", "o1", "--to", "2027-Q2"]),
        "the target period is in the closed period `2027-Q2`; reopen it with `okr close 2027-Q2 --reopen` first"
    );
}

#[test]
fn carry_needs_objectives_or_all() {
    let env = Env::cascade();
    let (code, _, stderr) = env.run(&["carry", "--to", "2027-Q1"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with(
            "error: the following required arguments were not provided:\n  <OBJECTIVE_ID>..."
        ),
        "{stderr}"
    );
    assert_eq!(
        env.ok(&["carry", "--all", "2025-Q4", "--to", "2027-Q1"]),
        "nothing to carry: every objective of that period is finished\n"
    );
}

#[test]
fn a_fully_met_aspirational_objective_is_a_warning() {
    let env = Env::cascade();
    for (kr, value) in [("kr1", "2000"), ("kr2", "60"), ("kr3", "10"), ("kr4", "50")] {
        env.ok(&["progress", kr, value]);
    }
    env.ok(&["edit", "o2", "--committed"]);
    let (code, stdout, stderr) = env.run(&["check"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "warning: o1: every key result reached 100%; an aspirational objective that is fully met was probably not ambitious enough, so stretch further next period [stretch-too-low]\n"
    );
    assert_eq!(stderr, "1 warning in okrs.json\n");
    let (code, _, _) = env.run(&["check", "--strict"]);
    assert_eq!(code, Some(1));
    let (code, stdout, _) = env.run(&["check", "--json"]);
    assert_eq!(code, Some(0));
    let view: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(view["ok"], true);
    assert_eq!(view["problems"][0]["severity"], "warning");
    let (code, stdout, _) = env.run(&["check", "--json", "--strict"]);
    assert_eq!(code, Some(1));
    assert_eq!(serde_json::from_str::<Value>(&stdout).unwrap()["ok"], false);
}

#[test]
fn status_as_of_an_earlier_day_ignores_later_checkins() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1200", "--date", "2026-10-20"]);
    env.ok(&["progress", "kr1", "1800", "--date", "2026-11-20"]);
    let out = env
        .cmd(&["status", "--json"])
        .env("OKR_TODAY", "2026-11-01")
        .output()
        .unwrap();
    let view: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(view["objectives"][0]["key_results"][0]["current"], 1200.0);
    approx(&view["objectives"][0]["key_results"][0]["score"], 0.2);
    approx(&view["owners"][0]["score"], 0.1);
    assert_eq!(
        status_json(&env, &[])["objectives"][0]["key_results"][0]["current"],
        1800.0
    );
}

/// `check` and the report once judged "stretch too low" on different days (the latest score
/// and the score as of today); both now judge the score as of `OKR_TODAY`.
#[test]
fn check_and_report_agree_on_stretch_too_low_as_of_a_past_day() {
    let env = Env::cascade();
    for (kr, value) in [("kr1", "2000"), ("kr2", "60")] {
        env.ok(&["progress", kr, value, "--date", "2026-11-20"]);
    }
    let as_of = |day: &str, args: &[&str]| {
        let out = env.cmd(args).env("OKR_TODAY", day).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let warned = |day: &str| as_of(day, &["check"]).contains("o1: every key result reached 100%");
    let reported = |day: &str| {
        let report: Value =
            serde_json::from_str(&as_of(day, &["report", "--format", "json"])).unwrap();
        report["summary"]["stretch_too_low"] == json!(["o1"])
    };
    assert!(warned("2026-11-23") && reported("2026-11-23"));
    // Before the check-ins that met the targets, neither says so.
    assert!(!warned("2026-11-19"), "check as of 2026-11-19");
    assert!(!reported("2026-11-19"), "report as of 2026-11-19");
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
