//! Guided authoring: relative targets, templates, the task-like lint and the wizard.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::Env;
use similar_asserts::assert_eq;

#[test]
fn relative_targets_up_down_and_added() {
    let env = Env::new();
    env.objective(&["Be known", "--id", "o1"]);
    env.kr(
        "o1",
        "Visitors",
        &[
            "--start", "40000", "--target", "+25%", "--unit", "visitors", "--id", "kr1",
        ],
    );
    env.kr(
        "o1",
        "Cart abandonment",
        &[
            "--start", "70", "--target", "-15%", "--unit", "%", "--id", "kr2",
        ],
    );
    env.kr(
        "o1",
        "Partners",
        &["--start", "4", "--target", "+3", "--id", "kr3"],
    );
    let krs = &env.json()["objectives"][0]["key_results"];
    assert_eq!(krs[0]["target"], 50000);
    assert_eq!(krs[0]["relative_target"], "+25%");
    assert_eq!(krs[1]["target"], 59.5);
    assert_eq!(krs[1]["relative_target"], "-15%");
    assert_eq!(krs[2]["target"], 7);
    assert_eq!(krs[2]["relative_target"], "+3");
    assert!(
        env.ok(&["show", "kr1"])
            .contains("\ntarget       50,000 visitors (+25%)\n")
    );
    // Edit: relative to the (new) start; an absolute target or a new start forgets the form.
    env.ok(&["edit", "kr1", "--start", "48000", "--target", "+10%"]);
    let kr1 = &env.json()["objectives"][0]["key_results"][0];
    assert_eq!(
        (kr1["target"].clone(), kr1["relative_target"].clone()),
        (json!(52800), json!("+10%"))
    );
    env.ok(&["edit", "kr1", "--start", "50000"]);
    assert_eq!(
        env.json()["objectives"][0]["key_results"][0].get("relative_target"),
        None
    );
    env.ok(&["edit", "kr3", "--target", "9"]);
    assert_eq!(
        env.json()["objectives"][0]["key_results"][2].get("relative_target"),
        None
    );
}

#[test]
fn bad_relative_targets_are_refused() {
    let env = Env::new();
    env.objective(&["Be known", "--id", "o1"]);
    let message = |t: &str| {
        format!(
            "invalid target `{t}`; give a value (50000), an amount to add (+300) or a change in percent (+25%, -15%)"
        )
    };
    for bad in ["+%", "25%%", "+25%%", "25%", "++3", "+x"] {
        assert_eq!(
            env.fail(&["add", "kr", "o1", "K", "--start", "10", "--target", bad]),
            message(bad),
            "{bad}"
        );
    }
    assert_eq!(
        env.fail(&["add", "kr", "o1", "K", "--target", "+25%"]),
        "the target `+25%` of new key result `K` is a change in percent of its start, which is 0, so it stays 0; give the target as a value (`--target 500`) or a start (`--start 400`)"
    );
}

#[test]
fn every_template_makes_an_objective_that_passes_check() {
    let list: Value = serde_json::from_str(&Env::empty().ok(&["templates", "--json"])).unwrap();
    let templates = list["templates"].as_array().unwrap();
    assert_eq!(templates.len(), 12);
    for t in templates {
        let name = t["name"].as_str().unwrap();
        let env = Env::new();
        let count = t["key_results"].as_array().unwrap().len();
        let mut args = vec![
            "add".to_string(),
            "objective".into(),
            "--template".into(),
            name.into(),
        ];
        for i in 1..=count {
            args.push("--baseline".into());
            args.push(format!("{i}={}", 100 * i));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let id = env.ok(&args);
        let o1 = &env.json()["objectives"][0];
        assert_eq!(o1["id"], id.trim_end(), "{name}");
        assert_eq!(o1["title"], t["objective"], "{name}");
        assert_eq!(o1["key_results"].as_array().unwrap().len(), count, "{name}");
        assert_eq!(o1["key_results"][0]["start"], 100, "{name}");
        let (code, stdout, _) = env.run(&["check", "--strict"]);
        assert_eq!(
            (code, stdout.as_str()),
            (Some(0), "okrs.json: no problems\n"),
            "{name}"
        );
    }
}

#[test]
fn a_template_without_baselines_and_without_a_terminal_is_refused() {
    let env = Env::new();
    assert_eq!(
        env.fail(&[
            "add",
            "objective",
            "--template",
            "conversion-rate",
            "--baseline",
            "2=12"
        ]),
        "template `conversion-rate` needs today's value of each key result; missing 1 (Website conversion rate), 3 (Cart abandonment rate); pass `--baseline 1=VALUE` for each"
    );
    assert_eq!(
        env.fail(&["add", "objective", "--template", "nope"]),
        "no template is named `nope`; run `okr templates` to see them"
    );
    assert_eq!(
        env.fail(&[
            "add",
            "objective",
            "--template",
            "content",
            "--baseline",
            "4=1"
        ]),
        "template `content` has key results 1 to 3; `--baseline 4=1` names none of them"
    );
    env.ok(&[
        "add",
        "objective",
        "My own title",
        "--template",
        "content",
        "--baseline",
        "1=900",
        "--baseline",
        "2=150",
        "--baseline",
        "3=2",
    ]);
    assert_eq!(env.json()["objectives"][0]["title"], "My own title");
}

#[test]
fn add_without_arguments_and_without_a_terminal_is_a_usage_error() {
    let env = Env::new();
    for args in [&["add"][..], &["add", "--interactive"]] {
        let out = env
            .cmd(args)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("error: `okr add` needs `objective` or `kr`, or a terminal for the guided wizard\n\nUsage: okr add objective TITLE"), "{stderr}");
    }
}

#[test]
fn task_like_key_results_are_flagged_and_can_be_silenced() {
    let env = Env::new();
    env.objective(&["Expand our customer base", "--id", "o1"]);
    env.kr(
        "o1",
        "Attend three trade shows",
        &["--target", "3", "--id", "kr1"],
    );
    env.kr(
        "o1",
        "Hire two QA testers",
        &["--target", "1", "--id", "kr2"],
    );
    env.kr(
        "o1",
        "Qualified leads per month",
        &["--start", "40", "--target", "+50%", "--id", "kr3"],
    );
    env.kr(
        "o1",
        "Launch 40 landing pages that convert",
        &["--start", "0", "--target", "40", "--id", "kr4"],
    );
    let (code, stdout, stderr) = env.run(&["check"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "\
warning: kr1: reads like a task (\"Attend three trade shows\" starts with `attend` and counts outputs); measure the result of the activity instead, e.g. the sign-ups, sales or reach it should bring, or silence this with `okr edit kr1 --outcome-ok` [task-like]
warning: kr2: reads like a task (\"Hire two QA testers\" starts with `hire` and is done or not); measure the result of the activity instead, e.g. the sign-ups, sales or reach it should bring, or silence this with `okr edit kr2 --outcome-ok` [task-like]
warning: o1: has 4 key results; 3 are usually enough to focus on, so consider dropping the weakest [many-krs]
"
    );
    assert_eq!(stderr, "3 warnings in okrs.json\n");
    assert_eq!(env.run(&["check", "--strict"]).0, Some(1));
    env.ok(&["edit", "kr1", "--outcome-ok"]);
    env.ok(&["edit", "kr2", "--outcome-ok"]);
    env.ok(&["rm", "kr4"]);
    assert_eq!(env.run(&["check", "--strict"]).0, Some(0));
    assert_eq!(
        env.json()["objectives"][0]["key_results"][0]["outcome_ok"],
        true
    );
}

/// The source documents' own task-like examples are caught: an activity counted however
/// large, spend as a key result, a verb of doing; a rate or a cost per order is not.
#[test]
fn activity_and_spend_read_like_tasks_but_rates_and_costs_per_order_do_not() {
    let env = Env::new();
    env.objective(&["Be talked about", "--id", "o1"]);
    env.kr(
        "o1",
        "Follow 300 new accounts",
        &["--target", "300", "--id", "kr1"],
    );
    env.kr(
        "o1",
        "Increase the overall social ad budget by 40%",
        &["--start", "10000", "--target", "+40%", "--id", "kr2"],
    );
    env.kr(
        "o1",
        "Highlight earned media content",
        &["--target", "1", "--id", "kr3"],
    );
    env.kr(
        "o1",
        "Send newsletter open rate",
        &[
            "--start", "20", "--target", "30", "--unit", "%", "--id", "kr4",
        ],
    );
    env.objective(&["Sell well", "--id", "o2"]);
    env.kr(
        "o2",
        "Ad spend per order",
        &["--start", "12", "--target", "8", "--id", "kr5"],
    );
    env.kr(
        "o2",
        "Share of voice in coffee forums",
        &[
            "--start", "5", "--target", "15", "--unit", "%", "--id", "kr6",
        ],
    );
    let out: serde_json::Value = serde_json::from_str(&env.ok(&["check", "--json"])).unwrap();
    let flagged: Vec<&str> = out["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["rule"] == "task-like")
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["kr1", "kr2", "kr3"]);
    let (_, text, _) = env.run(&["check"]);
    assert!(text.contains(
        "warning: kr1: reads like a task (\"Follow 300 new accounts\" starts with `follow` and counts what you do, not what it brings);"
    ), "{text}");
    assert!(text.contains(
        "warning: kr2: reads like a task (\"Increase the overall social ad budget by 40%\" measures the budget, an input); measure what the money should bring instead"
    ), "{text}");
}

#[test]
fn objectives_that_outnumber_their_alignments_are_flagged() {
    let env = Env::cascade();
    env.objective(&[
        "Second growth objective",
        "--team",
        "growth",
        "--aligns",
        "kr1",
        "--id",
        "o4",
    ]);
    env.kr("o4", "A", &["--target", "10"]);
    env.kr("o4", "B", &["--target", "10"]);
    let (code, stdout, _) = env.run(&["check"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "warning: o2: team `growth` has 2 objectives in 2026-Q4 but they align to only 1 key result; each objective should move its own part of the level above [thin-alignment]\n"
    );
}

fn wizard(env: &Env) -> rexpect::session::PtySession {
    let mut command = crate::harness::okr();
    command
        .current_dir(env.dir.path())
        .env("TERM", "xterm")
        .arg("add");
    rexpect::session::spawn_command(command, Some(20_000)).unwrap()
}

#[test]
fn the_wizard_walks_through_one_objective_with_two_krs_and_an_alignment() {
    let env = Env::cascade();
    let mut p = wizard(&env);
    p.exp_string("What level is this objective for?").unwrap();
    p.send_line("").unwrap(); // team, the default
    p.exp_string("Team name").unwrap();
    p.send_line("social").unwrap();
    p.exp_string("Period").unwrap();
    p.send_line("").unwrap(); // this quarter
    p.exp_string("Kind").unwrap();
    p.send_line("").unwrap(); // aspirational
    p.exp_string("Objective (an outcome, not a task)").unwrap();
    p.send_line("Grow a community that talks about our coffee")
        .unwrap();
    for (title, start, target, unit) in [
        ("Instagram followers", "12400", "+15%", "followers"),
        ("User recipes shared per week", "30", "120", "shares"),
    ] {
        p.exp_string("What is measured").unwrap();
        p.send_line(title).unwrap();
        p.exp_string("Kind of key result").unwrap();
        p.send_line("").unwrap(); // reach a target
        p.exp_string("Unit").unwrap();
        p.send_line(unit).unwrap();
        p.exp_string("Value today").unwrap();
        p.send_line(start).unwrap();
        p.exp_string("Target").unwrap();
        p.send_line(target).unwrap();
    }
    p.exp_string("Add another key result?").unwrap();
    p.send_line("").unwrap(); // no
    p.exp_string("Which company key results does it move?")
        .unwrap();
    p.send("\x1b[B").unwrap(); // down to kr2
    p.send(" ").unwrap(); // pick it
    p.send_line("").unwrap();
    p.exp_string("Save it?").unwrap();
    p.send_line("").unwrap(); // yes
    p.exp_eof().unwrap();
    let mut o4 = env.json()["objectives"][3].clone();
    // Ids are generated; the rest is exactly what was typed.
    let id = o4["id"].as_str().unwrap().to_string();
    assert!(crate::add::generated(&id, "o"), "{id}");
    for kr in o4["key_results"].as_array_mut().unwrap() {
        assert!(crate::add::generated(kr["id"].as_str().unwrap(), "kr"));
        kr.as_object_mut().unwrap().remove("id");
    }
    assert_eq!(
        o4,
        json!({"id": id, "title": "Grow a community that talks about our coffee", "level": "team",
               "team": "social", "period": "2026-Q4", "kind": "aspirational", "aligns": ["kr2"],
               "key_results": [
                 {"title": "Instagram followers", "start": 12400, "target": 14260,
                  "relative_target": "+15%", "unit": "followers", "weight": 1},
                 {"title": "User recipes shared per week", "start": 30, "target": 120,
                  "unit": "shares", "weight": 1}]})
    );
}

#[test]
fn the_wizard_stops_a_third_objective_before_any_typing() {
    let env = Env::cascade();
    env.objective(&["Second", "--team", "growth", "--aligns", "kr2"]);
    let before = env.bytes();
    let mut p = wizard(&env);
    p.exp_string("What level is this objective for?").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Team name").unwrap();
    p.send_line("growth").unwrap();
    p.exp_string("Period").unwrap();
    p.send_line("").unwrap();
    p.exp_string("error: team `growth` already has 2 objectives in 2026-Q4 (limit 2); remove one or raise `max_objectives`").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(env.bytes(), before);
}

#[test]
fn the_wizard_saves_nothing_when_cancelled() {
    let env = Env::cascade();
    let before = env.bytes();
    let mut p = wizard(&env);
    p.exp_string("What level is this objective for?").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Team name").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    assert_eq!(env.bytes(), before);
}

/// The wizard as the rest of okr: on an empty file it starts at the company level; it asks
/// the unit before the values, so `2.5%` reads for a key result in %; it offers a line to
/// keep; it runs the task lint on each key result as it is typed; and it warns before saving
/// an objective aligned to nothing that `okr check` would call an error.
#[test]
fn the_wizard_asks_the_unit_first_offers_lines_to_keep_and_warns_as_check_would() {
    let env = Env::new();
    let mut p = wizard(&env);
    p.exp_string("What level is this objective for?").unwrap();
    p.send_line("").unwrap(); // company, the default on an empty file
    p.exp_string("Period").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Kind").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Objective (an outcome, not a task)").unwrap();
    p.send_line("Make checkout effortless").unwrap();
    p.exp_string("What is measured").unwrap();
    p.send_line("Checkout conversion").unwrap();
    p.exp_string("Kind of key result").unwrap();
    p.send_line("").unwrap(); // reach a target
    p.exp_string("Unit").unwrap();
    p.send_line("%").unwrap();
    p.exp_string("Value today").unwrap();
    p.send_line("2.5%").unwrap();
    p.exp_string("Target").unwrap();
    p.send_line("4%").unwrap();
    p.exp_string("What is measured").unwrap();
    p.send_line("Send 12 checkout surveys").unwrap();
    p.exp_string("Kind of key result").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Unit").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Value today").unwrap();
    p.send_line("0").unwrap();
    p.exp_string("Target").unwrap();
    p.send_line("12").unwrap();
    p.exp_string("warning: reads like a task").unwrap();
    p.exp_string("Add another key result?").unwrap();
    p.send_line("y").unwrap();
    p.exp_string("What is measured").unwrap();
    p.send_line("Checkout uptime").unwrap();
    p.exp_string("Kind of key result").unwrap();
    p.send("\x1b[B").unwrap(); // keep above a line
    p.send_line("").unwrap();
    p.exp_string("Unit").unwrap();
    p.send_line("%").unwrap();
    p.exp_string("Value today").unwrap();
    p.send_line("99.8%").unwrap();
    p.exp_string("The line to keep").unwrap();
    p.send_line("99.5%").unwrap();
    p.exp_string("Add another key result?").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Save it?").unwrap();
    p.send_line("").unwrap();
    p.exp_eof().unwrap();
    let o = env.json()["objectives"][0].clone();
    assert_eq!(o["level"], "company");
    let krs = o["key_results"].as_array().unwrap();
    assert_eq!(
        (krs[0]["start"].clone(), krs[0]["target"].clone()),
        (json!(2.5), json!(4))
    );
    assert_eq!(krs[2]["keep"], "above");
    assert_eq!(
        (krs[2]["start"].clone(), krs[2]["target"].clone()),
        (json!(99.8), json!(99.5))
    );

    // A team objective with nothing to align to: warned before the last question.
    let mut p = wizard(&env);
    p.exp_string("What level is this objective for?").unwrap();
    p.send_line("").unwrap(); // team, the default once the file has objectives
    p.exp_string("Team name").unwrap();
    p.send_line("growth").unwrap();
    p.exp_string("Period").unwrap();
    p.send_line("2027-Q1").unwrap();
    p.exp_string("Kind").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Objective (an outcome, not a task)").unwrap();
    p.send_line("Win the Benelux").unwrap();
    for title in ["Orders from the Benelux", "Benelux retail partners"] {
        p.exp_string("What is measured").unwrap();
        p.send_line(title).unwrap();
        p.exp_string("Kind of key result").unwrap();
        p.send_line("").unwrap();
        p.exp_string("Unit").unwrap();
        p.send_line("").unwrap();
        p.exp_string("Value today").unwrap();
        p.send_line("0").unwrap();
        p.exp_string("Target").unwrap();
        p.send_line("400").unwrap();
    }
    p.exp_string("Add another key result?").unwrap();
    p.send_line("").unwrap();
    p.exp_string("No company key results in 2027-Q1 to align to yet")
        .unwrap();
    p.exp_string("warning: this team objective aligns to no company key result")
        .unwrap();
    p.exp_string("Save it?").unwrap();
    p.send_line("n").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(env.json()["objectives"].as_array().unwrap().len(), 1);
}
