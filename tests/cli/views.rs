//! The reading commands on the bundled example, against golden files in `snapshots/`.

use crate::harness::{Env, key_result};
use insta::assert_snapshot;
use serde_json::Value;
use similar_asserts::assert_eq;

#[test]
fn status_of_the_example() {
    let env = Env::example();
    assert_snapshot!("status", env.ok(&["status"]));
    assert_eq!(
        env.ok(&["status", "--period", "2026-Q4"]),
        env.ok(&["status"])
    );
}

#[test]
fn status_json_of_the_example() {
    let env = Env::example();
    assert_snapshot!("status_json", env.ok(&["status", "--json"]));
}

#[test]
fn status_filters_by_team_and_person() {
    let env = Env::example();
    assert_snapshot!(
        "status_team_growth",
        env.ok(&["status", "--team", "growth"])
    );
    assert_snapshot!(
        "status_person_maya",
        env.ok(&["status", "--person", "maya"])
    );
}

#[test]
fn status_of_an_empty_period() {
    let env = Env::example();
    assert_eq!(
        env.ok(&["status", "--period", "2027-Q1"]),
        "2027-Q1 (2027-01-01 to 2027-03-31), as of 2026-11-23: 0% of the period elapsed\n\
         no objectives here yet; add one with `okr add objective TITLE`\n"
    );
}

#[test]
fn status_computes_scores_from_the_formulas() {
    let env = Env::cascade();
    env.ok(&[
        "add", "kr", "o1", "Heavy", "--target", "10", "--weight", "3", "--id", "kr7",
    ]);
    env.ok(&["progress", "kr1", "1500"]); // 50%
    env.ok(&["progress", "kr2", "60"]); // 100%
    env.ok(&["progress", "kr7", "10"]); // 100%, weight 3
    let view: serde_json::Value = serde_json::from_str(&env.ok(&["status", "--json"])).unwrap();
    let o1 = &view["objectives"][0];
    // (0.5·1 + 1·1 + 1·3) / 5
    assert_eq!(o1["score"], 0.9);
    assert_eq!(o1["key_results"][0]["score"], 0.5);
    assert_eq!(view["owners"][0]["score"], 0.9);
    // Team growth: one objective with no progress.
    assert_eq!(
        view["owners"][1],
        serde_json::json!({"level": "team", "owner": "growth", "objectives": 1, "score": 0.0})
    );
}

#[test]
fn list_of_the_example() {
    let env = Env::example();
    assert_snapshot!("list", env.ok(&["list"]));
    assert_eq!(
        env.ok(&["list", "--period", "2027"]),
        "no objectives here yet; add one with `okr add objective TITLE`\n"
    );
}

#[test]
fn show_an_objective_and_a_key_result() {
    let env = Env::example();
    assert_snapshot!("show_objective", env.ok(&["show", "o1"]));
    assert_snapshot!("show_kr", env.ok(&["show", "kr5"]));
    assert_snapshot!("show_kr_json", env.ok(&["show", "kr5", "--json"]));
    assert_snapshot!("show_objective_json", env.ok(&["show", "o4", "--json"]));
    assert_eq!(
        env.fail(&["show", "o99"]),
        "no objective or key result has id `o99`; run `okr list` to see the ids"
    );
}

#[test]
fn tree_of_the_example() {
    let env = Env::example();
    assert_snapshot!("tree", env.ok(&["tree"]));
    assert_snapshot!("tree_json", env.ok(&["tree", "--json"]));
}

/// `okr tree --team T` (and `--person P`) shows that team's objectives and its people's,
/// under the objectives above them that they align to, like the other views' `--team`.
#[test]
fn tree_of_a_team_or_a_person_keeps_what_they_align_to() {
    let env = Env::example();
    let growth = env.ok(&["tree", "--team", "Growth"]);
    assert_snapshot!("tree_team_growth", growth);
    let ids = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| {
                let l = l.trim_start_matches(['│', '├', '└', '─', ' ']);
                l.starts_with('o')
                    .then(|| l.split_whitespace().next().unwrap().to_string())
            })
            .collect()
    };
    let mut shown = ids(&growth);
    shown.sort();
    shown.dedup();
    // growth's o4 and o5, tom's o8, and the company objectives they align to.
    assert_eq!(shown, ["o1", "o2", "o4", "o5", "o8"]);
    let tom = ids(&env.ok(&["tree", "--person", "tom"]));
    // o4 aligns to two of o2's key results: expanded under the first, named under the next.
    assert_eq!(tom, ["o2", "o4", "o8", "o4"]);
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["tree", "--team", "growth", "--json"])).unwrap();
    assert_eq!(json["unaligned"], serde_json::json!([]));
    assert_eq!(
        env.fail(&["tree", "--team", "grwoth"]),
        "no team is named `grwoth`; did you mean `growth`?"
    );
}

#[test]
fn tree_lists_objectives_outside_the_cascade() {
    let env = Env::cascade();
    env.objective(&["Loose", "--team", "social", "--id", "o4"]);
    env.ok(&["unalign", "o2", "kr1"]);
    assert_snapshot!("tree_unaligned", env.ok(&["tree"]));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = Env::example();
    let mut child = crate::harness::okr()
        .current_dir(env.dir.path())
        .args(["status", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before okr writes
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let env = Env::example();
    let plain = env.ok(&["status"]);
    assert!(!plain.contains('\u{1b}'));
    let coloured = env.ok(&["status", "--color", "always"]);
    let line = |id: &str| {
        coloured
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap()
            .to_string()
    };
    assert!(
        line("o1 ").ends_with("  \u{1b}[32mon-track\u{1b}[0m"),
        "{coloured}"
    );
    assert!(
        line("o2 ").ends_with("  \u{1b}[31moff-track\u{1b}[0m"),
        "{coloured}"
    );
    assert!(
        line("kr5 ").ends_with("  \u{1b}[33mat-risk\u{1b}[0m"),
        "{coloured}"
    );
    let stripped: String = coloured
        .split('\u{1b}')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('m').map_or(part, |(_, rest)| rest)
            }
        })
        .collect::<String>()
        .lines()
        .map(|line| format!("{}\n", line.trim_end()))
        .collect();
    assert_eq!(stripped, plain);
    // NO_COLOR is honoured on a terminal; off a terminal there is no colour anyway.
    let out = env.cmd(&["status"]).env("NO_COLOR", "1").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), plain);
    assert_eq!(env.ok(&["status", "--color", "never"]), plain);
}

#[test]
fn coloured_tables_wrap_like_plain_ones() {
    // Regression: escape codes were counted as text and split when a narrow table wrapped.
    let env = Env::example();
    let plain = env
        .cmd(&["status", "--team", "growth"])
        .env("COLUMNS", "90")
        .output()
        .unwrap();
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(plain.lines().all(|l| l.chars().count() <= 90), "{plain}");
    assert!(
        plain.contains("\nkr12    Retail partner live in Benelux (yes/no)  "),
        "titles are whole at 90 columns, where compact progress makes room: {plain}"
    );
    let coloured = env
        .cmd(&["status", "--team", "growth", "--color", "always"])
        .env("COLUMNS", "90")
        .output()
        .unwrap();
    let coloured = String::from_utf8(coloured.stdout).unwrap();
    let mut stripped = String::new();
    let mut chars = coloured.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().take_while(|&c| c != 'm').for_each(drop);
        } else {
            stripped.push(c);
        }
    }
    let trimmed: String = stripped
        .lines()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect();
    assert_eq!(trimmed, plain);
}

#[test]
fn changes_shows_the_week_objective_by_objective() {
    let env = Env::example();
    let at = |args: &[&str]| env.ok_on("2026-11-20", args);
    assert_snapshot!("changes", at(&["changes"]));
    assert_snapshot!(
        "changes_markdown",
        at(&[
            "changes", "--team", "growth", "--days", "14", "--format", "markdown"
        ])
    );
    let json: serde_json::Value =
        serde_json::from_str(&at(&["changes", "--since", "2026-11-19", "--json"])).unwrap();
    assert_eq!(json["since"], "2026-11-19");
    assert_eq!(json["edits"], serde_json::Value::Null, "not in git");
    assert_eq!(json["objectives"][0]["checkins"][0]["key_result"], "kr1");
    assert_eq!(json["objectives"][0]["checkins"][0]["score_after"], 0.53);
    assert!(
        at(&["changes"]).lines().all(|l| l.chars().count() <= 80),
        "80 columns"
    );
}

/// At 80, 100 and 120 columns, status, list and tree print one line per objective and key result,
/// no line wider than the terminal, titles shortened with `…`.
#[test]
fn listings_fit_80_100_and_120_columns_a_line_per_item() {
    let env = Env::example();
    for width in ["80", "100", "120"] {
        for command in ["status", "list", "tree"] {
            let out = env.cmd(&[command]).env("COLUMNS", width).output().unwrap();
            assert!(out.status.success());
            let text = String::from_utf8(out.stdout).unwrap();
            let limit: usize = width.parse().unwrap();
            assert!(
                text.lines().all(|l| l.chars().count() <= limit),
                "{command} at {width}:\n{text}"
            );
            // Every objective and key result of the example on one line of its own.
            for id in (1..=8)
                .map(|n| format!("o{n}"))
                .chain((1..=18).map(|n| format!("kr{n}")))
            {
                let lines = text
                    .lines()
                    .filter(|l| {
                        l.trim_start_matches(['│', '├', '└', '─', ' '])
                            .starts_with(&format!("{id} "))
                    })
                    .count();
                // The tree shows an objective under each key result it aligns to.
                let expected = if command == "tree" { lines.max(1) } else { 1 };
                assert_eq!(lines, expected, "{id} in {command} at {width}:\n{text}");
            }
            // Nothing wraps: as many lines as with everything shown.
            let wide = env.cmd(&[command, "--wide"]).output().unwrap();
            assert_eq!(
                text.lines().count(),
                String::from_utf8(wide.stdout).unwrap().lines().count(),
                "{command} at {width}"
            );
            assert_snapshot!(format!("{command}_{width}"), text);
        }
    }
    // --wide shows everything, whatever COLUMNS says.
    let wide = env
        .cmd(&["status", "--wide"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let wide = String::from_utf8(wide.stdout).unwrap();
    assert!(wide.contains("Become the coffee brand home baristas recommend"));
    assert!(wide.lines().any(|l| l.chars().count() > 80));
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

/// Whatever the titles, names and numbers, `okr status` at 80 columns shows each objective's
/// first 40 characters and each key result's first 30 (all of a shorter one), every owner
/// above their objectives, and every score and status; from 100 columns the 7-day change and
/// the confidence too. `okr list` keeps the same 40 characters and owners.
#[test]
fn status_and_list_keep_titles_owners_score_and_status_readable_at_80_columns() {
    let env = Env::new();
    let long = "Make every first-time visitor a regular who tells their friends about us";
    let o1 = env.objective(&[long, "--team", "Customer Experience and Loyalty"]);
    env.kr(
        &o1,
        "Customers who order a second time within ninety days of their first order",
        &[
            "--start",
            "1234567",
            "--target",
            "9876543",
            "--unit",
            "returning customers",
        ],
    );
    env.kr(&o1, "NPS", &["--target", "60"]);
    let o2 = env.objective(&["Short one", "--person", "Alexandra Konstantinopoulou"]);
    env.kr(
        &o2,
        "Webinar sign-ups from partner newsletters",
        &["--start", "12", "--target", "4500", "--unit", "sign-ups"],
    );
    env.kr(
        &o2,
        "Churn",
        &["--start", "8", "--target", "4", "--unit", "%"],
    );
    env.ok(&[
        "progress",
        &env_kr(&env, 0, 0),
        "2345678",
        "--confidence",
        "6",
    ]);
    let json = env.json();
    for (width, trends) in [(80, false), (100, true), (120, true)] {
        let out = env
            .cmd(&["status"])
            .env("COLUMNS", width.to_string())
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.lines().all(|l| l.chars().count() <= width),
            "at {width}:\n{text}"
        );
        let header = text.lines().find(|l| l.starts_with("ID ")).unwrap();
        assert_eq!(
            header.contains("7D") && header.contains("CONF"),
            trends,
            "{header}"
        );
        for o in json["objectives"].as_array().unwrap() {
            let id = o["id"].as_str().unwrap();
            let title = o["title"].as_str().unwrap();
            let line = text
                .lines()
                .find(|l| l.starts_with(&format!("{id} ")))
                .unwrap_or_else(|| panic!("{id} at {width}:\n{text}"));
            let shown: String = title.chars().take(40).collect();
            assert!(line.contains(&shown), "{id} at {width}: {line}");
            assert!(line.contains('%') && line.contains("track"), "{line}");
            // The owner's heading is above the objective.
            let owner = if o["team"].is_string() {
                format!("team {}", o["team"].as_str().unwrap())
            } else {
                o["person"].as_str().unwrap().to_string()
            };
            let at = text.find(&format!("\n{id} ")).unwrap();
            let heading = text[..at].rfind("\n\n").unwrap();
            assert!(
                text[heading..at].trim_start().starts_with(&owner),
                "owner of {id} at {width}:\n{text}"
            );
            for kr in o["key_results"].as_array().unwrap() {
                let id = kr["id"].as_str().unwrap();
                let line = text
                    .lines()
                    .find(|l| l.starts_with(&format!("{id} ")))
                    .unwrap();
                let shown: String = kr["title"].as_str().unwrap().chars().take(30).collect();
                assert!(line.contains(&shown), "{id} at {width}: {line}");
                assert!(line.contains('%') && line.contains("track"), "{line}");
            }
        }
    }
    let list = env.cmd(&["list"]).env("COLUMNS", "80").output().unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(list.lines().all(|l| l.chars().count() <= 80), "{list}");
    assert!(list.contains(&long[..40]), "{list}");
    assert!(
        list.contains("\nteam Customer Experience and Loyalty\n"),
        "{list}"
    );
    assert!(list.contains("\nAlexandra Konstantinopoulou\n"), "{list}");
}

/// The id of key result `kr` of objective `o`, in file order.
fn env_kr(env: &Env, o: usize, kr: usize) -> String {
    env.json()["objectives"][o]["key_results"][kr]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// `okr show` and `okr history` fit the terminal as the listings do: no line wider than it,
/// and a long title or description wraps between words, never inside one.
#[test]
fn show_and_history_fit_the_width_and_never_break_a_word() {
    let env = Env::example();
    env.ok(&[
        "edit",
        "o1",
        "--description",
        "Word of mouth is our cheapest channel: every barista who recommends us brings a dozen regulars, so we earn it guide by guide",
    ]);
    let words: std::collections::HashSet<String> = env.json()["objectives"][0]["description"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .map(String::from)
        .collect();
    for width in [80, 100, 120] {
        for id in ["o1", "kr1"] {
            let out = env
                .cmd(&["show", id])
                .env("COLUMNS", width.to_string())
                .output()
                .unwrap();
            assert_snapshot!(
                format!("show_{id}_{width}"),
                String::from_utf8(out.stdout).unwrap()
            );
        }
    }
    for width in [60, 80] {
        for args in [["show", "o1"], ["show", "kr1"], ["history", "kr1"]] {
            let out = env
                .cmd(&args)
                .env("COLUMNS", width.to_string())
                .output()
                .unwrap();
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(
                text.lines().all(|l| l.chars().count() <= width),
                "{args:?} at {width}:\n{text}"
            );
            if args[1] == "o1" {
                // Every word of the description is on a line whole.
                let shown: std::collections::HashSet<String> = text
                    .lines()
                    .skip_while(|l| !l.starts_with("description"))
                    .take_while(|l| !l.is_empty())
                    .flat_map(|l| l.split_whitespace().map(String::from))
                    .collect();
                assert!(words.is_subset(&shown), "{args:?} at {width}:\n{text}");
            }
        }
    }
}

/// On a terminal, statuses are coloured, unless `NO_COLOR` is set or the terminal says it
/// cannot show colour (`TERM=dumb`).
#[test]
fn a_dumb_terminal_gets_no_colour() {
    let env = Env::example();
    let on_terminal = |term: &str, no_color: bool| -> String {
        let mut command = crate::harness::okr();
        command
            .current_dir(env.dir.path())
            .env("TERM", term)
            .env("COLUMNS", "120")
            .arg("status");
        if !no_color {
            command.env_remove("NO_COLOR");
        }
        let mut p = rexpect::session::spawn_command(command, Some(20_000)).unwrap();
        let text = p.exp_eof().unwrap();
        assert!(text.contains("o8"), "{text}");
        text
    };
    assert!(on_terminal("xterm-256color", false).contains('\u{1b}'));
    assert!(!on_terminal("dumb", false).contains('\u{1b}'));
    assert!(!on_terminal("xterm-256color", true).contains('\u{1b}'));
}

/// `okr --version` names the commit it was built from, in a git checkout such as this one.
#[test]
fn the_version_names_the_commit() {
    let out = crate::harness::okr().arg("--version").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=7", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let head = String::from_utf8(head.stdout).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let expected = if head.trim().is_empty() {
        // Not a checkout (a source tarball): the version alone.
        format!("okr {version}\n")
    } else {
        format!("okr {version} ({})\n", head.trim())
    };
    assert_eq!(text, expected);
}

/// `okr show` draws the score's trend, a block a week, beside the score expected by today;
/// `okr history --chart` draws the values against the expected pace within the terminal's
/// width; `--json` is the same with or without the chart.
#[test]
fn show_and_history_draw_the_trend_and_the_pace() {
    let env = Env::example();
    for id in ["kr1", "o1"] {
        let text = env.ok(&["show", id]);
        let view: serde_json::Value =
            serde_json::from_str(&env.ok(&["show", id, "--json"])).unwrap();
        let expected = (view["expected"].as_f64().unwrap() * 100.0).round();
        let score = (view["score"].as_f64().unwrap() * 100.0).round();
        let trend = text
            .lines()
            .find(|l| l.starts_with("trend"))
            .unwrap_or_else(|| panic!("{text}"));
        // 2026-10-01 to 2026-11-23: seven whole weeks and today.
        let blocks: String = trend.chars().filter(|c| ('▁'..='█').contains(c)).collect();
        assert_eq!(blocks.chars().count(), 8, "{trend}");
        assert!(
            trend.ends_with(&format!("  {score}% now, {expected}% expected by today")),
            "{trend}"
        );
        // Scores only grow in the example: so do the blocks.
        let levels: Vec<char> = blocks.chars().collect();
        assert!(levels.windows(2).all(|w| w[0] <= w[1]), "{trend}");
    }
    let chart = env
        .cmd(&["history", "kr1", "--chart"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let chart = String::from_utf8(chart.stdout).unwrap();
    assert_snapshot!("history_chart_80", chart);
    assert!(chart.lines().all(|l| l.chars().count() <= 80), "{chart}");
    let plot: Vec<&str> = chart
        .lines()
        .filter(|l| l.contains('┤') || l.contains('│'))
        .collect();
    assert_eq!(plot.len(), 8, "{chart}");
    assert!(
        plot[0].starts_with("60,000 visitors ┤"),
        "the target on top: {chart}"
    );
    assert!(
        plot[7].starts_with("40,000 visitors ┤●"),
        "the start at the bottom, first: {chart}"
    );
    assert!(chart.contains("today 2026-11-23"), "{chart}");
    assert!(chart.ends_with("● value  · expected pace (aspirational: 70% by the end)\n"));
    assert!(chart.contains('·'));
    assert_eq!(
        env.ok(&["history", "kr1", "--chart", "--json"]),
        env.ok(&["history", "kr1", "--json"])
    );
    // A chart of a key result with no check-ins yet: the start and the pace.
    let fresh = Env::cascade();
    let text = fresh.ok(&["history", "kr2", "--chart"]);
    assert!(text.contains('●') && text.contains('·'), "{text}");
}
