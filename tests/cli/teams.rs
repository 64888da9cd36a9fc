//! Teams are named once: names match whatever their case and spaces, `okr teams` lists who
//! owns what, `okr teams rename` renames everywhere, and a name or id that matches nothing
//! gets a suggestion.

use serde_json::{Value, json};
use similar_asserts::assert_eq;

use crate::harness::Env;

#[test]
fn a_team_typed_in_another_case_is_the_same_team() {
    let env = Env::cascade();
    let (code, stdout, stderr) = env.run(&[
        "add",
        "objective",
        "Rank for every brew method",
        "--team",
        " GROWTH ",
        "--aligns",
        "kr2",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stderr,
        format!("{}: team growth, 2026-Q4\n", stdout.trim_end())
    );
    assert_eq!(
        env.json()["objectives"][3]["team"],
        "growth",
        "the first spelling is kept"
    );
    // So the limit holds across spellings.
    assert_eq!(
        env.fail(&["add", "objective", "Third", "--team", "Growth"]),
        "team `growth` already has 2 objectives in 2026-Q4 (limit 2); remove one or raise `max_objectives`"
    );
    // And filters match any spelling.
    let status: Value =
        serde_json::from_str(&env.ok(&["status", "--team", "GROWTH", "--json"])).unwrap();
    assert_eq!(
        status["objectives"].as_array().unwrap().len(),
        3,
        "two team objectives and ana's"
    );
    let person: Value =
        serde_json::from_str(&env.ok(&["list", "--person", "Ana", "--json"])).unwrap();
    assert_eq!(person["objectives"][0]["id"], "o3");
}

#[test]
fn teams_lists_teams_and_people_with_their_objectives_per_period() {
    let env = Env::cascade();
    env.objective(&["Next year", "--team", "growth", "--period", "2027"]);
    env.objective(&["Community", "--team", "social", "--aligns", "kr1"]);
    assert_eq!(
        env.ok(&["teams"]),
        "\
TEAM    OBJECTIVES           PEOPLE
growth  2026-Q4: 1, 2027: 1  ana
social  2026-Q4: 1

PERSON  TEAM    OBJECTIVES
ana     growth  2026-Q4: 1
"
    );
    let view: Value = serde_json::from_str(&env.ok(&["teams", "--json"])).unwrap();
    assert_eq!(
        view["teams"][0],
        json!({"name": "growth", "objectives": [{"period": "2026-Q4", "objectives": 1}, {"period": "2027", "objectives": 1}], "people": ["ana"]})
    );
    assert_eq!(
        view["people"],
        json!([{"name": "ana", "team": "growth", "objectives": [{"period": "2026-Q4", "objectives": 1}]}])
    );
}

#[test]
fn teams_rename_renames_everywhere() {
    let env = Env::cascade();
    assert_eq!(
        env.ok(&["teams", "rename", "Growth", "Growth & SEO"]),
        "renamed team `growth` to `Growth & SEO` (2 objectives)\n"
    );
    let file = env.json();
    assert_eq!(file["objectives"][1]["team"], "Growth & SEO");
    assert_eq!(
        file["objectives"][2]["team"], "Growth & SEO",
        "ana's team too"
    );
    env.objective(&["Community", "--team", "social", "--aligns", "kr1"]);
    assert_eq!(
        env.fail(&["teams", "rename", "growth & seo", "SOCIAL"]),
        "team `social` already exists; pick another name, or move objectives to `social` with `okr edit ID --team social`"
    );
    assert_eq!(
        env.fail(&["teams", "rename", "growht & seo", "x"]),
        "no team is named `growht & seo`; did you mean `Growth & SEO`?"
    );
}

#[test]
fn names_and_ids_that_match_nothing_get_a_suggestion() {
    let env = Env::cascade();
    assert_eq!(
        env.fail(&["status", "--team", "grwoth"]),
        "no team is named `grwoth`; did you mean `growth`?"
    );
    assert_eq!(
        env.fail(&["report", "--team", "nobody-at-all"]),
        "no team is named `nobody-at-all`; run `okr teams` to see the teams"
    );
    assert_eq!(
        env.fail(&["list", "--person", "anna"]),
        "nobody is named `anna`; did you mean `ana`?"
    );
    assert_eq!(
        env.fail(&["show", "kr33"]),
        "no objective or key result has id `kr33`; did you mean `kr3`?"
    );
    assert_eq!(
        env.fail(&["progress", "zzz", "5"]),
        "no objective or key result has id `zzz`; run `okr list` to see the ids"
    );
}

#[test]
fn teams_rename_leaves_closed_periods_as_they_were_graded() {
    let env = Env::new();
    env.objective(&["Be known", "--period", "2026-Q3", "--id", "o1"]);
    env.kr("o1", "Visitors", &["--target", "10", "--id", "kr1"]);
    env.kr("o1", "Orders", &["--target", "10", "--id", "kr2"]);
    let q3 = ["--team", "growth", "--period", "2026-Q3", "--aligns", "kr1"];
    env.objective(&[&["Win search", "--id", "o2"][..], &q3[..]].concat());
    env.kr("o2", "Guides", &["--target", "10", "--id", "kr3"]);
    env.kr("o2", "Links", &["--target", "10", "--id", "kr4"]);
    env.ok(&["close", "2026-Q3"]);
    // Every objective of the team is closed: nothing to rename, and nothing written.
    assert_eq!(
        env.fail(&["teams", "rename", "growth", "other"]),
        "every objective of team `growth` is in the closed period `2026-Q3`; reopen it with `okr close 2026-Q3 --reopen` first"
    );
    assert_eq!(
        env.fail(&["edit", "o2", "--team", "other"]),
        "`o2` is in the closed period `2026-Q3`; reopen it with `okr close 2026-Q3 --reopen` first"
    );
    env.objective(&["Win search again", "--team", "growth", "--id", "o3"]);
    assert_eq!(
        env.ok(&["teams", "rename", "growth", "other"]),
        "renamed team `growth` to `other` (1 objective)\nkept `growth` on o2 (in a closed period)\n"
    );
    let file = env.json();
    assert_eq!(file["objectives"][1]["team"], "growth");
    assert_eq!(file["objectives"][2]["team"], "other");
}

#[test]
fn look_alike_names_never_pass_the_objective_limit() {
    let env = Env::cascade();
    env.objective(&["Second", "--team", "growth", "--id", "o4"]);
    // Invisible characters are refused wherever a name comes in, and shown as escapes.
    assert_eq!(
        env.fail(&["add", "objective", "Third", "--team", "gro\u{200b}wth"]),
        "team name `gro\\u{200b}wth` contains the invisible character U+200B (a bidi control or a zero-width character), which makes it look like another name; remove it"
    );
    assert_eq!(
        env.fail(&[
            "add",
            "objective",
            "Mine",
            "--person",
            "an\u{202e}a",
            "--team",
            "growth"
        ]),
        "person name `an\\u{202e}a` contains the invisible character U+202E (a bidi control or a zero-width character), which makes it look like another name; remove it"
    );
    assert_eq!(
        env.fail(&["teams", "rename", "growth", "grow\u{2066}th"]),
        "team name `grow\\u{2066}th` contains the invisible character U+2066 (a bidi control or a zero-width character), which makes it look like another name; remove it"
    );
    assert_eq!(
        env.fail(&["edit", "o2", "--team", "\u{feff}growth"]),
        "team name `\\u{feff}growth` contains the invisible character U+FEFF (a bidi control or a zero-width character), which makes it look like another name; remove it"
    );
    // Full-width letters are the same letters: the same team, and its limit holds.
    assert_eq!(
        env.fail(&["add", "objective", "Third", "--team", "ＧＲＯＷＴＨ"]),
        "team `growth` already has 2 objectives in 2026-Q4 (limit 2); remove one or raise `max_objectives`"
    );
    // A file that already holds one is refused as it is read, naming the objective.
    env.edit_file(|file| file["objectives"][1]["team"] = "gro\u{200d}wth".into());
    assert_eq!(
        env.fail(&["status"]),
        "`okrs.json` is not a valid okr data file: the team of `o2` contains the invisible character U+200D (a bidi control or a zero-width character), which makes it look like another name; remove it; fix it or restore it from version control"
    );
}
