//! Numbers as people type them, and the values that look like typos.

use similar_asserts::assert_eq;

use crate::harness::Env;

#[test]
fn numbers_are_read_as_people_write_them() {
    let env = Env::cascade();
    for (typed, stored) in [
        ("1,200", 1200.0),
        ("1 300", 1300.0),
        ("€1,400", 1400.0),
        ("1500 $", 1500.0),
    ] {
        env.ok(&["progress", "kr1", typed, "--replace"]);
        assert_eq!(
            env.json()["objectives"][0]["key_results"][0]["checkins"][0]["value"],
            stored,
            "{typed}"
        );
    }
    // A percentage fits a key result measured in %, and nothing else.
    assert_eq!(
        env.ok(&["progress", "kr2", "65.5%"]),
        "kr2  Cart abandonment: 65.5% / 60% (0% -> 45%, on-track)\n"
    );
    assert_eq!(
        env.fail(&["progress", "kr1", "12.5%"]),
        "`12.5%` is a percentage, but key result `kr1` (Organic visitors) is measured in no unit; type the number alone, `12.5`, if that is what you mean"
    );
    // The forms that read two ways are refused with the ways to type them.
    assert_eq!(
        env.fail(&["progress", "kr1", "12.600"]),
        "value `12.600` can be read two ways; type 12600 for 12,600, or 12.6 for the decimal"
    );
    assert_eq!(
        env.fail(&["add", "kr", "o1", "Margin", "--target", "1,5"]),
        "--target `1,5` can be read two ways; okr reads `.` as the decimal point and `,` between thousands; type 1.5 or the whole number without separators"
    );
    assert_eq!(
        env.fail(&["progress", "kr1", "1600", "--confidence", "7.5"]),
        "confidence `7.5` is not a whole number; use a whole number from 0 to 10, e.g. 7"
    );
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
