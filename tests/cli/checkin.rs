//! The weekly check-in loop: who gives a check-in, and who answers for a key result.

use crate::harness::{Env, key_result};
use serde_json::{Value, json};
use similar_asserts::assert_eq;

fn authors(env: &Env, objective: usize, kr: usize) -> Vec<Value> {
    env.json()["objectives"][objective]["key_results"][kr]["checkins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.get("by").cloned().unwrap_or(Value::Null))
        .collect()
}

#[test]
fn a_checkin_has_an_author_from_by_okr_user_or_git() {
    let env = Env::cascade();
    env.ok(&[
        "progress",
        "kr1",
        "1100",
        "--by",
        "Ana",
        "--date",
        "2026-11-10",
    ]);
    let out = env
        .cmd(&["progress", "kr1", "1200", "--date", "2026-11-11"])
        .env("OKR_USER", "tom")
        .output()
        .unwrap();
    assert!(out.status.success());
    // Nobody said, and the file is in no git work tree: no author.
    env.ok(&["progress", "kr1", "1300", "--date", "2026-11-12"]);
    // In a work tree, git's user name.
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(env.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["config", "user.name", "Maya Git"]);
    let out = env
        .cmd(&["progress", "kr1", "1400", "--date", "2026-11-13"])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        authors(&env, 0, 0),
        [json!("Ana"), json!("tom"), Value::Null, json!("Maya Git")]
    );
    assert_eq!(
        env.ok(&["history", "kr1"]),
        "\
kr1  Organic visitors
DATE        VALUE  SCORE  CONFIDENCE  NOTE  BY
2026-11-10  1,100    10%                    Ana
2026-11-11  1,200    20%                    tom
2026-11-12  1,300    30%
2026-11-13  1,400    40%                    Maya Git
"
    );
    let history: Value = serde_json::from_str(&env.ok(&["history", "kr1", "--json"])).unwrap();
    assert_eq!(history["checkins"][0]["by"], "Ana");
    // Names follow the rules every name follows.
    assert_eq!(
        env.fail(&["progress", "kr1", "1500", "--by", "An\u{200b}a"]),
        "person name `An\\u{200b}a` contains the invisible character U+200B (a bidi control or a zero-width character), which makes it look like another name; remove it"
    );
}

#[test]
fn a_key_result_has_someone_who_answers_for_it() {
    let env = Env::cascade();
    env.kr(
        "o1",
        "Newsletter signups",
        &["--target", "500", "--owner", "maya", "--id", "kr7"],
    );
    let status: Value = serde_json::from_str(&env.ok(&["status", "--json"])).unwrap();
    let kr7 = key_result(&status, "kr7");
    assert_eq!(
        (&kr7["owner"], &kr7["answered_by"]),
        (&json!("maya"), &json!("maya"))
    );
    // Without one: the objective's person, else its team, else the company.
    for (kr, who) in [("kr1", "company"), ("kr3", "team growth"), ("kr5", "ana")] {
        assert_eq!(key_result(&status, kr)["answered_by"], who, "{kr}");
        assert_eq!(key_result(&status, kr)["owner"], Value::Null, "{kr}");
    }
    assert!(env.ok(&["show", "kr7"]).contains("\nanswered by  maya\n"));
    env.ok(&["edit", "kr3", "--owner", "Tom"]);
    env.ok(&["edit", "kr7", "--owner", "none"]);
    let file = env.json();
    assert_eq!(file["objectives"][1]["key_results"][0]["owner"], "Tom");
    assert_eq!(
        file["objectives"][0]["key_results"].as_array().unwrap()[2].get("owner"),
        None
    );
    assert_eq!(
        env.fail(&["edit", "o1", "--owner", "maya"]),
        "`--owner` does not apply to objective `o1`"
    );
}

#[test]
fn imported_checkins_carry_their_author() {
    let env = Env::cascade();
    std::fs::write(
        env.dir.path().join("form.csv"),
        "kr,value,date,by\nkr1,1100,2026-11-20,Ana\nkr1,1200,2026-11-21,\n",
    )
    .unwrap();
    env.ok(&["import", "form.csv"]);
    assert_eq!(authors(&env, 0, 0), [json!("Ana"), Value::Null]);
    std::fs::write(
        env.dir.path().join("bad.csv"),
        "kpi,value,by\nvisitors,3,Ana\n",
    )
    .unwrap();
    env.ok(&["kpi", "add", "visitors"]);
    let (code, _, stderr) = env.run(&["import", "bad.csv"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with(
            "error: bad.csv:2: a KPI row takes `kpi`, `value`, `date` and `id` only\n"
        ),
        "{stderr}"
    );
}

/// The cascade with a check-in from each person on some key results.
fn weekly() -> Env {
    let env = Env::cascade();
    env.ok(&[
        "progress",
        "kr1",
        "1100",
        "--date",
        "2026-11-20",
        "--by",
        "Ana",
    ]);
    env.ok(&[
        "progress",
        "kr3",
        "2",
        "--date",
        "2026-11-10",
        "--by",
        "Ana",
    ]);
    env.ok(&["progress", "kr5", "40", "--date", "2026-11-22"]);
    env
}

#[test]
fn due_lists_who_owes_a_check_in_and_exits_1() {
    let env = weekly();
    let (code, stdout, stderr) = env.run(&["due"]);
    assert_eq!((code, stderr.as_str()), (Some(1), ""));
    assert_eq!(
        stdout,
        "\
4 key results due for a check-in on 2026-11-23 (none in 7 days):
company
  kr2  Cart abandonment (o1): no check-in yet
team growth
  kr3  Guides in the top 3 (o2): last 2026-11-10, 13 days ago
  kr4  Backlinks (o2): no check-in yet
ana
  kr6  Partner retailer signed (o3): no check-in yet
"
    );
    let json: Value = serde_json::from_str(&env.run(&["due", "--json"]).1).unwrap();
    assert_eq!(
        json,
        json!({"as_of": "2026-11-23", "days": 7, "due": [
            {"who": "company", "key_results": [
                {"id": "kr2", "title": "Cart abandonment", "objective": "o1", "last_checkin": null, "days_since": 53}]},
            {"who": "team growth", "key_results": [
                {"id": "kr3", "title": "Guides in the top 3", "objective": "o2", "last_checkin": "2026-11-10", "days_since": 13},
                {"id": "kr4", "title": "Backlinks", "objective": "o2", "last_checkin": null, "days_since": 53}]},
            {"who": "ana", "key_results": [
                {"id": "kr6", "title": "Partner retailer signed", "objective": "o3", "last_checkin": null, "days_since": 53}]}
        ]})
    );
    assert_eq!(
        env.run(&["due", "--team", "growth", "--format", "markdown"])
            .1,
        "**Check-ins due, 2026-11-23** (none in 7 days):

- **team growth**: Guides in the top 3 `kr3` (13 days), Backlinks `kr4` (none yet)
- **ana**: Partner retailer signed `kr6` (none yet)

Check in with `okr checkin`, or `okr progress KR VALUE --confidence N`.
"
    );
    assert_eq!(
        env.run(&["due", "--person", "ana"]).1,
        "1 key result due for a check-in on 2026-11-23 (none in 7 days):\nana\n  kr6  Partner retailer signed (o3): no check-in yet\n"
    );
}

#[test]
fn due_respects_days_the_setting_done_closed_and_the_kpi_feed() {
    let env = weekly();
    // Nothing due: exit 0.
    let (code, stdout, _) = env.run(&["due", "--days", "60"]);
    assert_eq!(
        (code, stdout.as_str()),
        (
            Some(0),
            "nothing due on 2026-11-23: every running key result has a check-in from the last 60 days\n"
        )
    );
    env.ok(&["settings", "set", "checkin_days", "14"]);
    let ids = |env: &Env| -> Vec<String> {
        let json: Value = serde_json::from_str(&env.run(&["due", "--json"]).1).unwrap();
        json["due"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["key_results"].as_array().unwrap().clone())
            .map(|k| k["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&env), ["kr2", "kr4", "kr6"]);
    // A key result done is owed nothing.
    env.ok(&["progress", "kr6", "1", "--date", "2026-11-21"]);
    env.ok(&["edit", "kr4", "--status", "done"]);
    assert_eq!(ids(&env), ["kr2"]);
    // A KPI brings the number, not the judgement: its check-ins do not count.
    env.ok(&["kpi", "add", "abandonment", "--unit", "%"]);
    env.ok(&["edit", "kr2", "--kpi", "abandonment"]);
    env.ok(&["kpi", "record", "abandonment", "66", "--date", "2026-11-22"]);
    assert_eq!(ids(&env), ["kr2"]);
    env.ok(&[
        "progress",
        "kr2",
        "66",
        "--date",
        "2026-11-22",
        "--confidence",
        "6",
    ]);
    assert_eq!(ids(&env), Vec::<String>::new());
}

/// `okr ARGS` on the example at mid-quarter, 80 columns wide.
fn mid_quarter(env: &Env, args: &[&str]) -> String {
    let out = env
        .cmd(args)
        .env("OKR_TODAY", "2026-11-15")
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_digest_of_the_example_fits_40_lines_and_80_columns() {
    let env = Env::example();
    let text = mid_quarter(&env, &["digest"]);
    assert!(text.lines().count() <= 40, "{} lines", text.lines().count());
    for line in text.lines() {
        assert!(
            unicode_width(line) <= 80,
            "{line:?} is wider than 80 columns"
        );
    }
    insta::assert_snapshot!("digest", text);
    insta::assert_snapshot!(
        "digest_markdown",
        mid_quarter(&env, &["digest", "--format", "markdown"])
    );
    let json: Value =
        serde_json::from_str(&mid_quarter(&env, &["digest", "--format", "json"])).unwrap();
    assert_eq!(
        (&json["since"], &json["as_of"], &json["period"]),
        (
            &json!("2026-11-09"),
            &json!("2026-11-15"),
            &json!("2026-Q4")
        )
    );
    assert_eq!(json["moved"].as_array().unwrap().len(), 12);
    assert_eq!(json["owners"][0]["owner"], "company");
    assert_eq!(json["due"]["due"][0]["who"], "company");
    // --team keeps that team's objectives and its people's.
    let growth: Value = serde_json::from_str(&mid_quarter(
        &env,
        &["digest", "--team", "growth", "--json"],
    ))
    .unwrap();
    let owners: Vec<&str> = growth["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["owner"].as_str().unwrap())
        .collect();
    assert_eq!(owners, ["team growth", "tom (growth)"]);
}

fn unicode_width(line: &str) -> usize {
    line.chars().count()
}

#[test]
fn a_department_fed_daily_by_kpis_digests_in_one_line_a_key_result() {
    let env = Env::new();
    env.ok(&["settings", "set", "max_krs", "25"]);
    env.objective(&["Grow the whole funnel", "--id", "o1"]);
    let mut rows = String::from("kpi,value,date\n");
    for i in 1..=25 {
        let name = format!("metric-{i}");
        env.ok(&["kpi", "add", &name]);
        env.kr(
            "o1",
            &format!("Funnel metric number {i} of the department"),
            &[
                "--target",
                "1000",
                "--kpi",
                &name,
                "--id",
                &format!("kr{i}"),
            ],
        );
        for day in 17..=23 {
            rows.push_str(&format!("{name},{},2026-11-{day}\n", i * 10 + day));
        }
    }
    std::fs::write(env.dir.path().join("kpis.csv"), rows).unwrap();
    env.ok(&["import", "kpis.csv"]);
    let markdown = env.ok(&["digest", "--format", "markdown"]);
    assert!(markdown.len() < 4000, "{} characters", markdown.len());
    let moved: Vec<&str> = markdown
        .lines()
        .filter(|l| l.starts_with("- `kr"))
        .collect();
    assert_eq!(
        moved.len(),
        25,
        "one line a key result, however many values a KPI fed"
    );
    let json: Value = serde_json::from_str(&env.ok(&["digest", "--format", "json"])).unwrap();
    assert_eq!(json["moved"][0]["checkins"], 7);
}

/// `okr checkin ARGS` in a pseudo-terminal, as `OKR_USER=ana`.
fn guided(env: &Env, args: &[&str]) -> rexpect::session::PtySession {
    let mut command = crate::harness::okr();
    command
        .current_dir(env.dir.path())
        .env("TERM", "xterm")
        .env("OKR_USER", "ana")
        .arg("checkin")
        .args(args);
    rexpect::session::spawn_command(command, Some(20_000)).unwrap()
}

#[test]
fn a_guided_check_in_asks_for_each_due_key_result_and_saves_once() {
    let env = Env::cascade();
    env.ok(&[
        "progress",
        "kr5",
        "10",
        "--date",
        "2026-11-10",
        "--confidence",
        "6",
        "--by",
        "ana",
    ]);
    let before = env.bytes();
    let mut p = guided(&env, &[]);
    // kr5: where it stands, then the answers.
    p.exp_string("kr5  Shares per guide").unwrap();
    p.exp_string("last 10 on 2026-11-10; target 40").unwrap();
    p.exp_string("forecast 57% at the end (23), needs +5.5 a week")
        .unwrap();
    p.exp_string("confidence 6/10").unwrap();
    p.exp_string("New value (Enter skips it)").unwrap();
    p.send_line("22").unwrap();
    p.exp_string("Confidence 0-10 (Enter keeps 6)").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Note (Enter for none)").unwrap();
    p.send_line("Shared in the newsletter").unwrap();
    // kr6 has no check-in yet: skipped.
    p.exp_string("kr6  Partner retailer signed").unwrap();
    p.exp_string("New value (Enter skips it)").unwrap();
    p.send_line("").unwrap();
    p.exp_string("checked in 1 key result:").unwrap();
    p.exp_string("kr5  Shares per guide: 25% -> 55%").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(
        env.json()["objectives"][2]["key_results"][0]["checkins"][1],
        json!({"date": "2026-11-23", "value": 22, "note": "Shared in the newsletter", "confidence": 6, "by": "ana"})
    );
    // One write: one undo takes the whole check-in back.
    env.ok(&["undo"]);
    assert_eq!(env.bytes(), before);
}

#[test]
fn a_cancelled_check_in_saves_nothing_and_without_a_terminal_it_says_what_to_use() {
    let env = Env::cascade();
    let before = env.bytes();
    let mut p = guided(&env, &["--all"]);
    p.exp_string("New value (Enter skips it)").unwrap();
    p.send_line("22").unwrap();
    p.exp_string("Confidence").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    assert_eq!(env.bytes(), before);
    assert_eq!(
        env.fail(&["checkin"]),
        "`okr checkin` asks its questions on a terminal; in a script use `okr progress KR VALUE` or `okr import FILE`"
    );
}

#[test]
fn changes_lists_each_key_result_once_a_window_and_each_check_in_with_each() {
    let env = Env::cascade();
    env.ok(&[
        "progress",
        "kr1",
        "1100",
        "--date",
        "2026-11-18",
        "--by",
        "Ana",
    ]);
    env.ok(&[
        "progress",
        "kr1",
        "1250",
        "--date",
        "2026-11-20",
        "--by",
        "tom",
    ]);
    env.ok(&[
        "progress",
        "kr1",
        "1300",
        "--date",
        "2026-11-21",
        "--by",
        "Ana",
    ]);
    assert_eq!(
        env.ok(&["changes"]),
        "changes from 2026-11-17 to 2026-11-23

o1  Be known for great coffee (company)
  kr1: 1,000 -> 1,300 (0% -> 30%, on-track; 3 check-ins, from Ana, tom)
"
    );
    assert_eq!(
        env.ok(&["changes", "--each"]),
        "changes from 2026-11-17 to 2026-11-23

o1  Be known for great coffee (company)
  11-18 kr1: 1,100 (0% -> 10%, off-track)
  11-20 kr1: 1,250 (10% -> 25%, at-risk)
  11-21 kr1: 1,300 (25% -> 30%, on-track)
"
    );
    let json: Value = serde_json::from_str(&env.ok(&["changes", "--json"])).unwrap();
    let week = &json["objectives"][0];
    assert_eq!(week["checkins"].as_array().unwrap().len(), 3);
    assert_eq!(
        (
            &week["key_results"][0]["checkins"],
            &week["key_results"][0]["by"]
        ),
        (&json!(3), &json!(["Ana", "tom"]))
    );
}

#[test]
fn changes_never_prints_past_80_columns() {
    let env = Env::cascade();
    let long = "Be the coffee brand that every home barista in the country recommends to a friend";
    env.ok(&["edit", "o1", "--title", long]);
    env.ok(&[
        "edit",
        "o2",
        "--title",
        &format!("{long}, and then some more"),
    ]);
    env.ok(&[
        "progress",
        "kr1",
        "1100",
        "--date",
        "2026-11-20",
        "--by",
        "Ana Maria da Silva Pereira",
    ]);
    env.ok(&[
        "progress",
        "kr1",
        "1200",
        "--date",
        "2026-11-21",
        "--by",
        "Thomas Alexander Whitfield",
    ]);
    let text = env.ok(&["changes"]);
    for line in text.lines() {
        assert!(
            line.chars().count() <= 80,
            "{line:?} is {} columns",
            line.chars().count()
        );
    }
    assert!(
        text.contains(
            "\no1  Be the coffee brand that every home barista in the country recomm… (company)\n"
        ),
        "{text}"
    );
}
