//! Numbers as people type them, and the values that look like typos.

use crate::harness::Env;
use similar_asserts::assert_eq;

#[test]
fn numbers_are_read_as_people_write_them() {
    let env = Env::cascade();
    for (typed, stored) in [("1,200", 1200.0), ("1 300", 1300.0), ("1400.5", 1400.5)] {
        env.ok(&["progress", "kr1", typed, "--replace"]);
        assert_eq!(
            env.json()["objectives"][0]["key_results"][0]["checkins"][0]["value"],
            stored,
            "{typed}"
        );
    }
    // A single point is the decimal point: 12.345 is twelve and a bit.
    env.ok(&[
        "add", "kr", "o1", "Margin", "--target", "12.345", "--unit", "%", "--id", "kr7",
    ]);
    assert_eq!(
        env.json()["objectives"][0]["key_results"][2]["target"],
        12.345
    );
    // A percentage fits a key result measured in %, and nothing else.
    assert_eq!(
        env.ok(&["progress", "kr2", "65.5%"]),
        "kr2  Cart abandonment: 65.5% / 60% (0% -> 45%, on-track)\n"
    );
    assert_eq!(
        env.fail(&["progress", "kr1", "12.5%"]),
        "`12.5%` is a percentage, but key result `kr1` (Organic visitors) is measured in no unit; type the number alone, `12.5`, if that is what you mean"
    );
    // A comma that groups nothing is refused with the ways to type it.
    assert_eq!(
        env.fail(&["add", "kr", "o1", "Margin", "--target", "1,5"]),
        "--target `1,5` can be read two ways; okr reads `.` as the decimal point and `,` between thousands; type 1.5 for the decimal, or 15 for the whole number; a team that writes 1.234,5 says so with `okr settings set number_format 1.234,5`"
    );
    assert_eq!(
        env.fail(&["progress", "kr1", "1600", "--confidence", "7.5"]),
        "confidence `7.5` is not a whole number; use a whole number from 0 to 10, e.g. 7"
    );
}

#[test]
fn money_is_accepted_in_its_own_currency_only() {
    let env = Env::cascade();
    env.ok(&[
        "add", "kr", "o1", "Revenue", "--target", "5000", "--unit", "EUR", "--id", "kr7",
    ]);
    for (typed, stored) in [("€1,400", 1400.0), ("1500 €", 1500.0)] {
        env.ok(&["progress", "kr7", typed, "--replace"]);
        assert_eq!(
            env.json()["objectives"][0]["key_results"][2]["checkins"][0]["value"],
            stored,
            "{typed}"
        );
    }
    assert_eq!(
        env.fail(&["progress", "kr7", "£1,600"]),
        "`£1600` is an amount in £, but key result `kr7` (Revenue) is measured in EUR; type the number alone, `1600`, if that is what you mean"
    );
    assert_eq!(
        env.fail(&["progress", "kr2", "$12"]),
        "`$12` is an amount in $, but key result `kr2` (Cart abandonment) is measured in %; type the number alone, `12`, if that is what you mean"
    );
    // Imports are held to the same: `12.5%` where it fits, money in its own currency.
    std::fs::write(
        env.dir.path().join("rows.csv"),
        "kr,value,date\nkr2,64.5%,2026-11-20\nkr7,\"€1,700\",2026-11-20\nkr1,$1200,2026-11-20\n",
    )
    .unwrap();
    let (code, _, stderr) = env.run(&["import", "rows.csv"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "error: rows.csv:4: `$1200` is an amount in $, but key result `kr1` (Organic visitors) is measured in no unit; type the number alone, `1200`, if that is what you mean
error: 1 bad row in `rows.csv`; nothing was imported
"
    );
    // Without the bad row, both others are imported: `64.5%` and `€1,700`.
    std::fs::write(
        env.dir.path().join("rows.csv"),
        "kr,value,date\nkr2,64.5%,2026-11-20\nkr7,\"€1,700\",2026-11-20\n",
    )
    .unwrap();
    env.ok(&["import", "rows.csv"]);
    let file = env.json();
    assert_eq!(
        file["objectives"][0]["key_results"][1]["checkins"][0]["value"],
        64.5
    );
    assert_eq!(
        file["objectives"][0]["key_results"][2]["checkins"][0]["value"],
        1700
    );
}

#[test]
fn a_team_that_writes_1_234_5_says_so_once() {
    let env = Env::cascade();
    env.ok(&["settings", "set", "number_format", "1.234,5"]);
    env.ok(&["progress", "kr1", "1.250", "--date", "2026-11-20"]);
    env.ok(&["progress", "kr2", "64,5%", "--date", "2026-11-20"]);
    env.ok(&["edit", "kr1", "--target", "2.500,5"]);
    let file = env.json();
    assert_eq!(
        file["objectives"][0]["key_results"][0]["checkins"][0]["value"],
        1250
    );
    assert_eq!(
        file["objectives"][0]["key_results"][1]["checkins"][0]["value"],
        64.5
    );
    assert_eq!(file["objectives"][0]["key_results"][0]["target"], 2500.5);
    // The reverse now holds, and the hint says how this file reads numbers.
    assert_eq!(
        env.fail(&["progress", "kr1", "1.5"]),
        "value `1.5` can be read two ways; this file reads `,` as the decimal mark and `.` between thousands (`number_format` 1.234,5); type 1,5 for the decimal, or 15 for the whole number"
    );
    // CSV text follows the setting; a JSON number is a number whatever it is.
    std::fs::write(
        env.dir.path().join("rows.csv"),
        "kr,value,date\nkr1,\"1.300,5\",2026-11-21\n",
    )
    .unwrap();
    std::fs::write(
        env.dir.path().join("rows.jsonl"),
        "{\"kr\": \"kr1\", \"value\": 1400.25, \"date\": \"2026-11-22\"}\n",
    )
    .unwrap();
    env.ok(&["import", "rows.csv"]);
    env.ok(&["import", "rows.jsonl"]);
    let values: Vec<f64> = env.json()["objectives"][0]["key_results"][0]["checkins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, [1250.0, 1300.5, 1400.25]);
}

#[test]
fn a_value_that_moves_the_score_back_by_half_is_saved_with_a_warning() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1900", "--date", "2026-11-20"]);
    let (code, _, stderr) = env.run(&["progress", "kr1", "1100"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stderr,
        "warning: 1,100 moves `kr1` (Organic visitors) back from 90% to 10%; if it is a typo, `okr undo` takes it back
"
    );
    assert_eq!(
        env.json()["objectives"][0]["key_results"][0]["checkins"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "saved all the same"
    );
}

/// `--start 2.5%` and a template's `--baseline 1=38%` read as `okr progress` reads `2.55%`:
/// the `%` fits a key result in %, and nothing else.
#[test]
fn a_start_or_baseline_typed_with_its_unit_is_read() {
    let env = Env::new();
    env.objective(&["Sell well", "--id", "o1"]);
    env.kr(
        "o1",
        "Checkout conversion",
        &[
            "--start", "2.5%", "--target", "4", "--unit", "%", "--id", "kr1",
        ],
    );
    assert_eq!(env.json()["objectives"][0]["key_results"][0]["start"], 2.5);
    let before = env.bytes();
    assert_eq!(
        env.fail(&[
            "add", "kr", "o1", "Visits", "--start", "2.5%", "--target", "9", "--unit", "visits"
        ]),
        "`2.5%` is a percentage, but the start of `Visits` is measured in visits; type the number alone, `2.5`, if that is what you mean"
    );
    assert_eq!(env.bytes(), before);
    env.ok(&[
        "add",
        "objective",
        "--template",
        "engagement",
        "--team",
        "social",
        "--baseline",
        "1=38%",
        "--baseline",
        "2=1200",
        "--baseline",
        "3=5",
        "--period",
        "2027-Q1",
    ]);
    let o = &env.json()["objectives"][1];
    assert_eq!(o["key_results"][0]["unit"], "%");
    assert_eq!(o["key_results"][0]["start"], 38);
}
