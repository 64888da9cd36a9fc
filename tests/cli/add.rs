use crate::harness::Env;
use serde_json::{Value, json};
use similar_asserts::assert_eq;

/// Whether `id` is a generated id: `prefix` and base-32 characters (no i, l, o, u).
pub fn generated(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|rest| {
        rest.len() >= 4
            && rest
                .bytes()
                .all(|b| b"0123456789abcdefghjkmnpqrstvwxyz".contains(&b))
    })
}

#[test]
fn add_objective_prints_the_new_id() {
    let env = Env::new();
    let first = env.ok(&["add", "objective", "Be known for great coffee"]);
    let first = first.trim_end();
    assert!(generated(first, "o"), "{first}");
    let json: serde_json::Value = serde_json::from_str(&env.ok(&[
        "add",
        "objective",
        "Win search",
        "--team",
        "growth",
        "--json",
    ]))
    .unwrap();
    let second = json["id"].as_str().unwrap();
    assert!(generated(second, "o") && second != first, "{second}");
    let file = env.json();
    assert_eq!(
        file["objectives"][0],
        json!({"id": first, "title": "Be known for great coffee", "level": "company",
               "period": "2026-Q4", "kind": "aspirational", "key_results": []})
    );
    assert_eq!(
        file["objectives"][1],
        json!({"id": second, "title": "Win search", "level": "team", "team": "growth",
               "period": "2026-Q4", "kind": "aspirational", "key_results": []})
    );
}

#[test]
fn add_objective_takes_owner_period_kind_id_and_description() {
    let env = Env::new();
    let id = env.objective(&[
        "Grow my newsletter",
        "--person",
        "ana",
        "--team",
        "content",
        "--period",
        "2027-h1",
        "--committed",
        "--id",
        "ana-1",
        "--description",
        "  Weekly issues  ",
    ]);
    assert_eq!(id, "ana-1");
    assert_eq!(
        env.json()["objectives"][0],
        json!({"id": "ana-1", "title": "Grow my newsletter", "level": "individual",
               "team": "content", "person": "ana", "period": "2027-H1", "kind": "committed",
               "description": "Weekly issues", "key_results": []})
    );
}

#[test]
fn every_period_form_is_accepted() {
    let env = Env::new();
    env.ok(&["init", "--file", "many.json", "--max-objectives", "9"]);
    for (given, stored) in [
        ("2026", "2026"),
        ("2026-H2", "2026-H2"),
        ("2026-Q4", "2026-Q4"),
        ("2026-11", "2026-11"),
        ("2026-W47", "2026-W47"),
        ("2026-w1", "2026-W01"),
    ] {
        env.ok(&[
            "--file",
            "many.json",
            "add",
            "objective",
            given,
            "--period",
            given,
        ]);
        let file: serde_json::Value =
            serde_json::from_slice(&std::fs::read(env.dir.path().join("many.json")).unwrap())
                .unwrap();
        let last = file["objectives"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(last["period"], stored, "for {given}");
    }
}

#[test]
fn a_third_objective_for_the_same_owner_and_period_is_refused() {
    let env = Env::new();
    env.objective(&["One", "--team", "growth"]);
    env.objective(&["Two", "--team", "growth"]);
    assert_eq!(
        env.fail(&["add", "objective", "Three", "--team", "growth"]),
        "team `growth` already has 2 objectives in 2026-Q4 (limit 2); remove one or raise `max_objectives`"
    );
    // Another owner, or another period, still has room.
    env.objective(&["Three", "--team", "social"]);
    env.objective(&["Three", "--team", "growth", "--period", "2027-Q1"]);
    env.objective(&["One", "--person", "ana", "--team", "growth"]);
    env.objective(&["A", "--period", "2026-Q4"]);
    env.objective(&["B"]);
    assert_eq!(
        env.fail(&["add", "objective", "C"]),
        "the company already has 2 objectives in 2026-Q4 (limit 2); remove one or raise `max_objectives`"
    );
}

#[test]
fn the_objective_limit_comes_from_the_file() {
    let env = Env::empty();
    env.ok(&["init", "--max-objectives", "1"]);
    env.objective(&["Only one"]);
    assert_eq!(
        env.fail(&["add", "objective", "Another"]),
        "the company already has 1 objectives in 2026-Q4 (limit 1); remove one or raise `max_objectives`"
    );
}

#[test]
fn ids_are_checked_and_never_reused() {
    let env = Env::empty();
    env.ok(&["init", "--max-objectives", "99"]);
    env.objective(&["First", "--id", "brand"]);
    assert_eq!(
        env.fail(&["add", "objective", "Again", "--id", "brand"]),
        "id `brand` is already used; choose another or leave out `--id`"
    );
    assert_eq!(
        env.fail(&["add", "objective", "Bad", "--id", "a b"]),
        "invalid id `a b`; use 1 to 64 letters, digits, `-`, `_` or `.`"
    );
    // Generated ids are all different, and so are those of another run with another seed.
    let mut ids = std::collections::HashSet::new();
    for n in 0..30 {
        let id = env.objective(&[&format!("Objective {n}")]);
        assert!(generated(&id, "o"), "{id}");
        assert!(ids.insert(id));
    }
    // A refused add names no id that never came to exist.
    assert_eq!(
        env.fail(&[
            "add",
            "objective",
            "Refused",
            "--team",
            "z",
            "--aligns",
            "brand"
        ]),
        "the new objective cannot align to `brand`: `brand` is an objective; align to one of its key results (see `okr show brand`)"
    );
    assert_eq!(env.json()["objectives"].as_array().unwrap().len(), 31);
}

#[test]
fn add_kr_prints_the_new_id_and_stores_defaults() {
    let env = Env::new();
    let o = env.objective(&["Be known"]);
    let kr = env.ok(&["add", "kr", &o, "Organic visitors", "--target", "50000"]);
    let kr = kr.trim_end();
    assert!(generated(kr, "kr"), "{kr}");
    assert_eq!(
        env.ok(&[
            "add",
            "kr",
            &o,
            "Cart abandonment",
            "--start",
            "70",
            "--target",
            "60.5",
            "--unit",
            "%",
            "--weight",
            "2",
            "--id",
            "cart",
            "--json"
        ]),
        "{\n  \"id\": \"cart\"\n}\n"
    );
    assert_eq!(
        env.json()["objectives"][0]["key_results"],
        json!([
            {"id": kr, "title": "Organic visitors", "start": 0, "target": 50000, "weight": 1},
            {"id": "cart", "title": "Cart abandonment", "start": 70, "target": 60.5, "unit": "%", "weight": 2}
        ])
    );
}

#[test]
fn a_fifth_kr_is_refused() {
    let env = Env::new();
    env.objective(&["Be known", "--id", "o1"]);
    for n in 1..=4 {
        env.kr("o1", &format!("KR {n}"), &["--target", "10"]);
    }
    assert_eq!(
        env.fail(&["add", "kr", "o1", "KR 5", "--target", "10"]),
        "objective `o1` already has 4 key results (limit 4); focus on fewer or raise `max_krs`"
    );
}

#[test]
fn bad_key_results_are_refused() {
    let env = Env::new();
    env.objective(&["Be known", "--id", "o1"]);
    env.kr("o1", "Visitors", &["--target", "10", "--id", "kr1"]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["add", "kr", "o1", "Flat", "--start", "5", "--target", "5"],
            "new key result `Flat` would have target equal to start (5); a key result must measure a change",
        ),
        (
            &[
                "add", "kr", "o1", "Heavy", "--target", "5", "--weight", "-1",
            ],
            "weight `-1` is negative; use 0 or more (1 is the default)",
        ),
        (
            &["add", "kr", "o1", "Words", "--target", "lots"],
            "--target `lots` is not a number; give a finite number such as 1200 or 12.5",
        ),
        (
            &["add", "kr", "o1", "Nan", "--target", "NaN"],
            "--target `NaN` is not a number; give a finite number such as 1200 or 12.5",
        ),
        (
            &["add", "kr", "o1", "Huge", "--target", "1e309"],
            "--target `1e309` is not a number; give a finite number such as 1200 or 12.5",
        ),
        (
            &[
                "add", "kr", "o1", "Start", "--start", "inf", "--target", "1",
            ],
            "--start `inf` is not a number; give a finite number such as 1200 or 12.5",
        ),
        (
            &["add", "kr", "o9", "Orphan", "--target", "1"],
            "no objective or key result has id `o9`; run `okr list` to see the ids",
        ),
        (
            &["add", "kr", "kr1", "On a KR", "--target", "1"],
            "`kr1` is a key result, not an objective; run `okr list` to see objective ids",
        ),
        (
            &["add", "kr", "o1", "   ", "--target", "1"],
            "the title is empty; give a short outcome, e.g. \"Grow newsletter sign-ups\"",
        ),
    ];
    for (args, message) in cases {
        assert_eq!(env.fail(args), *message, "for {args:?}");
    }
}

#[test]
fn alignment_follows_the_cascade() {
    let env = Env::cascade();
    let file = env.json();
    assert_eq!(file["objectives"][1]["aligns"], json!(["kr1"]));
    assert_eq!(file["objectives"][2]["aligns"], json!(["kr3"]));
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "add",
                "objective",
                "Skip a level",
                "--person",
                "bo",
                "--aligns",
                "kr1",
            ],
            "the new objective cannot align to `kr1`: an individual objective aligns to key results of team objectives, and `o1` is a company objective",
        ),
        (
            &[
                "add",
                "objective",
                "Sideways",
                "--team",
                "social",
                "--aligns",
                "kr3",
            ],
            "the new objective cannot align to `kr3`: a team objective aligns to key results of company objectives, and `o2` is a team objective",
        ),
        (
            &["add", "objective", "Top", "--aligns", "kr1"],
            "the new objective cannot align to `kr1`: company objectives are the top of the cascade and align to nothing",
        ),
        (
            &[
                "add",
                "objective",
                "Later",
                "--team",
                "social",
                "--period",
                "2027-Q1",
                "--aligns",
                "kr1",
            ],
            "the new objective cannot align to `kr1`: its period 2027-Q1 does not overlap 2026-Q4 of `o1`; align within the same time frame",
        ),
        (
            &[
                "add",
                "objective",
                "To an objective",
                "--team",
                "social",
                "--aligns",
                "o1",
            ],
            "the new objective cannot align to `o1`: `o1` is an objective; align to one of its key results (see `okr show o1`)",
        ),
        (
            &[
                "add",
                "objective",
                "Nowhere",
                "--team",
                "social",
                "--aligns",
                "kr99",
            ],
            "no objective or key result has id `kr99`; run `okr list` to see the ids",
        ),
    ];
    for (args, message) in cases {
        assert_eq!(env.fail(args), *message, "for {args:?}");
    }
    // A yearly team objective may align to a quarterly company KR: the periods overlap.
    env.objective(&[
        "All year", "--team", "social", "--period", "2026", "--aligns", "kr1", "--aligns", "kr2",
    ]);
}

#[test]
fn a_unique_start_of_an_id_names_it() {
    let env = Env::cascade();
    env.kr("o1", "Third", &["--target", "5", "--id", "krx7q2"]);
    assert_eq!(
        env.ok(&["progress", "krx7", "2"]),
        "krx7q2  Third: 2 / 5 (0% -> 40%, on-track)\n"
    );
    // An exact id wins over longer ids it starts.
    env.kr("o2", "Fourth", &["--target", "5", "--id", "kr10"]);
    assert!(
        env.ok(&["show", "kr1"])
            .starts_with("kr1  Organic visitors\n")
    );
    assert_eq!(
        env.fail(&["show", "kr"]),
        "`kr` is the start of 8 ids (kr1, kr10, kr2, kr3, kr4, …); type more of the one you mean; run `okr list` to see the ids"
    );
    assert_eq!(
        env.fail(&["show", "krz"]),
        "no objective or key result has id `krz`; run `okr list` to see the ids"
    );
    // Every command takes a start: align, unalign, edit, history, carry, rm.
    env.ok(&["unalign", "o2", "kr1"]);
    env.ok(&["align", "o2", "krx7"]);
    assert_eq!(env.json()["objectives"][1]["aligns"], json!(["krx7q2"]));
    env.ok(&["edit", "krx7", "--title", "Renamed"]);
    assert!(
        env.ok(&["history", "krx7"])
            .starts_with("krx7q2  Renamed\n")
    );
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
