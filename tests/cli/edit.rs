//! `edit`, `rm`, `align` and `unalign`.

use serde_json::json;

use crate::harness::Env;
use similar_asserts::assert_eq;

#[test]
fn edit_a_key_result() {
    let env = Env::cascade();
    assert_eq!(
        env.ok(&[
            "edit",
            "kr1",
            "--title",
            "Organic sessions",
            "--target",
            "3000",
            "--start",
            "500",
            "--unit",
            "sessions",
            "--weight",
            "2"
        ]),
        "updated kr1\n"
    );
    assert_eq!(
        env.json()["objectives"][0]["key_results"][0],
        json!({"id": "kr1", "title": "Organic sessions", "start": 500, "target": 3000,
               "unit": "sessions", "weight": 2})
    );
    env.ok(&["edit", "kr1", "--unit", ""]);
    assert_eq!(
        env.json()["objectives"][0]["key_results"][0].get("unit"),
        None
    );
}

#[test]
fn edit_an_objective() {
    let env = Env::cascade();
    assert_eq!(
        env.ok(&[
            "edit",
            "o1",
            "--title",
            "Be loved for great coffee",
            "--committed",
            "--description",
            "Why it matters"
        ]),
        "updated o1\n"
    );
    let o1 = &env.json()["objectives"][0];
    assert_eq!(o1["title"], "Be loved for great coffee");
    assert_eq!(o1["kind"], "committed");
    assert_eq!(o1["description"], "Why it matters");
    env.ok(&["edit", "o1", "--aspirational", "--description", ""]);
    let o1 = &env.json()["objectives"][0];
    assert_eq!(o1["kind"], "aspirational");
    assert_eq!(o1.get("description"), None);
    // Moving the person's objective to another person keeps its alignment valid.
    env.ok(&["edit", "o3", "--person", "bo", "--team", "growth"]);
    assert_eq!(env.json()["objectives"][2]["person"], "bo");
}

#[test]
fn edit_json_shows_the_changed_item() {
    let env = Env::cascade();
    let view: serde_json::Value =
        serde_json::from_str(&env.ok(&["edit", "kr3", "--target", "20", "--json"])).unwrap();
    assert_eq!(view["id"], "kr3");
    assert_eq!(view["target"], 20.0);
    assert_eq!(view["aligned"], json!(["o3"]));
}

#[test]
fn edits_that_break_rules_are_refused() {
    let env = Env::cascade();
    env.objective(&["Second", "--team", "growth", "--id", "o4"]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["edit", "kr1", "--target", "1000"],
            "key result `kr1` (Organic visitors) would have target equal to start (1000); a key result must measure a change",
        ),
        (
            &["edit", "kr1", "--weight", "-2"],
            "weight `-2` is negative; use 0 or more (1 is the default)",
        ),
        (
            &["edit", "kr1", "--period", "2027-Q1"],
            "`--period` does not apply to key result `kr1`",
        ),
        (
            &["edit", "o1", "--target", "5"],
            "`--target` does not apply to objective `o1`",
        ),
        (
            &["edit", "o1"],
            "nothing to change for `o1`; give at least one option, see `okr edit --help`",
        ),
        (
            &["edit", "o1", "--title", " "],
            "the title is empty; give a short outcome, e.g. \"Grow newsletter sign-ups\"",
        ),
        (
            &["edit", "nope", "--title", "x"],
            "no objective or key result has id `nope`; run `okr list` to see the ids",
        ),
        (
            &["edit", "o1", "--period", "2026-Q9"],
            "invalid period `2026-Q9`; use a quarter (2026-Q4), half (2026-H2), year (2026), month (2026-11) or ISO week (2026-W47)",
        ),
        (
            &["edit", "o4", "--team", "growth", "--person", "ana"],
            "person `ana` already has 2 objectives in 2026-Q4 (limit 2); remove one or raise `max_objectives`",
        ),
        // Moving o1 to next quarter would leave o2's alignment to kr1 outside its period.
        (
            &["edit", "o1", "--period", "2027-Q1"],
            "objective `o2` cannot align to `kr1`: its period 2026-Q4 does not overlap 2027-Q1 of `o1`; align within the same time frame",
        ),
        (
            &["edit", "o2", "--company"],
            "objective `o2` cannot align to `kr1`: company objectives are the top of the cascade and align to nothing",
        ),
    ];
    env.objective(&["Ana's second", "--person", "ana"]);
    for (args, message) in cases {
        assert_eq!(env.fail(args), *message, "for {args:?}");
    }
}

#[test]
fn rm_removes_and_refuses_while_others_align() {
    let env = Env::cascade();
    assert_eq!(
        env.fail(&["rm", "o1"]),
        "`o1` has objectives aligned to it (o2); unalign them first or use `--force`"
    );
    assert_eq!(
        env.fail(&["rm", "kr3"]),
        "`kr3` has objectives aligned to it (o3); unalign them first or use `--force`"
    );
    assert_eq!(env.ok(&["rm", "kr4"]), "removed kr4\n");
    assert_eq!(env.ok(&["rm", "o3"]), "removed o3, kr5, kr6\n");
    assert_eq!(
        env.ok(&["rm", "o1", "--force"]),
        "removed o1, kr1, kr2\nno longer aligned: o2\n"
    );
    let file = env.json();
    assert_eq!(file["objectives"].as_array().unwrap().len(), 1);
    assert_eq!(file["objectives"][0].get("aligns"), None);
    assert_eq!(
        env.fail(&["rm", "o1"]),
        "no objective or key result has id `o1`; run `okr list` to see the ids"
    );
}

#[test]
fn rm_json() {
    let env = Env::cascade();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&env.ok(&["rm", "kr3", "--force", "--json"]))
            .unwrap(),
        json!({"removed": ["kr3"], "unaligned": ["o3"]})
    );
}

#[test]
fn align_and_unalign() {
    let env = Env::cascade();
    assert_eq!(env.ok(&["align", "o2", "kr2"]), "o2 now aligns to kr2\n");
    assert_eq!(
        env.ok(&["align", "o2", "kr2"]),
        "o2 already aligns to kr2\n"
    );
    assert_eq!(env.json()["objectives"][1]["aligns"], json!(["kr1", "kr2"]));
    assert_eq!(
        env.ok(&["unalign", "o2", "kr1"]),
        "o2 no longer aligns to kr1\n"
    );
    assert_eq!(env.json()["objectives"][1]["aligns"], json!(["kr2"]));
    assert_eq!(
        env.fail(&["unalign", "o2", "kr1"]),
        "objective `o2` does not align to `kr1`; run `okr show o2` to see its alignments"
    );
    assert_eq!(
        env.fail(&["align", "o3", "kr1"]),
        "objective `o3` cannot align to `kr1`: an individual objective aligns to key results of team objectives, and `o1` is a company objective"
    );
    assert_eq!(
        env.fail(&["align", "kr1", "kr2"]),
        "`kr1` is a key result, not an objective; run `okr list` to see objective ids"
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&env.ok(&["align", "o2", "kr1", "--json"]))
            .unwrap(),
        json!({"objective": "o2", "kr": "kr1", "changed": true})
    );
}

#[test]
fn edit_takes_a_start_as_add_kr_does() {
    let env = crate::harness::Env::cascade();
    // kr2 is in %: 2.5% reads as 2.5; a percentage for a key result in another unit does not.
    env.ok(&["edit", "kr2", "--start", "72.5%"]);
    assert_eq!(env.json()["objectives"][0]["key_results"][1]["start"], 72.5);
    let line = env.fail(&["edit", "kr1", "--start", "2.5%"]);
    assert!(
        line.starts_with("`2.5%` is a percentage, but the start of `kr1`"),
        "{line}"
    );
    // With a new unit of %, the percentage fits.
    env.ok(&[
        "edit", "kr1", "--unit", "%", "--start", "2.5%", "--target", "5",
    ]);
    assert_eq!(env.json()["objectives"][0]["key_results"][0]["start"], 2.5);
}
