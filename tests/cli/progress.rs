use crate::harness::Env;
use serde_json::json;
use similar_asserts::assert_eq;

#[test]
fn progress_records_a_checkin_and_prints_the_new_score() {
    let env = Env::cascade();
    assert_eq!(
        env.ok(&[
            "progress",
            "kr1",
            "1400",
            "--note",
            "Guide went live",
            "--confidence",
            "7"
        ]),
        "kr1  Organic visitors: 1,400 / 2,000 (0% -> 40%, on-track)\n"
    );
    assert_eq!(
        env.ok(&["progress", "kr1", "1650"]),
        "kr1  Organic visitors: 1,650 / 2,000 (40% -> 65%, on-track)\n"
    );
    assert_eq!(
        env.json()["objectives"][0]["key_results"][0]["checkins"],
        json!([
            {"date": "2026-11-23", "value": 1400, "note": "Guide went live", "confidence": 7},
            {"date": "2026-11-23", "value": 1650}
        ])
    );
}

#[test]
fn decreasing_key_results_score_as_they_fall() {
    let env = Env::cascade();
    assert_eq!(
        env.ok(&["progress", "kr2", "65"]),
        "kr2  Cart abandonment: 65% / 60% (0% -> 50%, on-track)\n"
    );
    assert_eq!(
        env.ok(&["progress", "kr2", "74"]),
        "kr2  Cart abandonment: 74% / 60% (50% -> 0%, off-track)\n"
    );
    assert_eq!(
        env.ok(&["progress", "kr2", "55"]),
        "kr2  Cart abandonment: 55% / 60% (0% -> 100%, done)\n"
    );
}

#[test]
fn progress_json_is_the_key_result_view() {
    let env = Env::cascade();
    let out = env.ok(&["progress", "kr2", "67.5", "--confidence", "4", "--json"]);
    let mut view = serde_json::from_str::<serde_json::Value>(&out).unwrap();
    // From 70 on day 0 to 67.5 on day 53, the line reaches 70 − 2.5 · 91/53 on day 91; 7.5 to
    // go in the 38 days after today.
    let forecast = view.as_object_mut().unwrap().remove("forecast").unwrap();
    let close = |field: &str, wanted: f64| {
        let got = forecast[field].as_f64().unwrap();
        assert!(
            (got - wanted).abs() < 1e-9,
            "{field}: {got} against {wanted}"
        );
    };
    close("value", 70.0 - 2.5 * 91.0 / 53.0);
    close("score", 0.25 * 91.0 / 53.0);
    close("needed_per_week", -7.5 / (38.0 / 7.0));
    assert_eq!(
        view,
        json!({"id": "kr2", "objective": "o1", "title": "Cart abandonment", "start": 70.0, "relative_target": null,
               "target": 60.0, "current": 67.5, "unit": "%", "weight": 1.0, "score": 0.25,
               "status": "at-risk", "expected": 0.7 * (54.0 / 92.0), "elapsed": 54.0 / 92.0,
               "last_checkin": "2026-11-23", "confidence": 4, "confidence_on": "2026-11-23", "note_on": null,
               "confidence_drop": null, "change_7d": 0.25, "stale": false, "reached": 0.25, "beaten": false, "milestones": [],
               "status_manual": false, "keep": null, "grade": null, "retro": null,
               "note": null, "kpi": null, "owner": null, "answered_by": "company",
               "conflicts": []})
    );
}

#[test]
fn back_dated_checkins_keep_date_order() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1500", "--date", "2026-11-10"]);
    // An older measurement arriving late does not become the current value.
    assert_eq!(
        env.ok(&["progress", "kr1", "1200", "--date", "2026-10-20"]),
        "kr1  Organic visitors: 1,500 / 2,000 (50% -> 50%, on-track)\n"
    );
    let dates: Vec<_> = env.json()["objectives"][0]["key_results"][0]["checkins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["date"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(dates, ["2026-10-20", "2026-11-10"]);
}

#[test]
fn a_yes_no_key_result_is_done_at_one() {
    let env = Env::cascade();
    assert_eq!(
        env.ok(&["progress", "kr6", "1", "--note", "Signed with Bean & Co"]),
        "kr6  Partner retailer signed: 1 / 1 (0% -> 100%, done)\n"
    );
}

#[test]
fn bad_checkins_are_refused() {
    let env = Env::cascade();
    let cases: &[(&[&str], &str)] = &[
        (
            &["progress", "kr1", "many"],
            "value `many` is not a number; give a finite number such as 1200 or 12.5",
        ),
        (
            &["progress", "kr1", "NaN"],
            "value `NaN` is not a number; give a finite number such as 1200 or 12.5",
        ),
        (
            &["progress", "kr1", "-inf"],
            "value `-inf` is not a number; give a finite number such as 1200 or 12.5",
        ),
        (
            &["progress", "kr1", "10", "--confidence", "11"],
            "confidence `11` is out of range; use a whole number from 0 to 10",
        ),
        (
            &["progress", "kr1", "10", "--confidence", "-1"],
            "confidence `-1` is out of range; use a whole number from 0 to 10",
        ),
        (
            &["progress", "kr1", "10", "--date", "2026-02-30"],
            "invalid date `2026-02-30`; use YYYY-MM-DD, e.g. 2026-11-23",
        ),
        (
            &["progress", "kr1", "10", "--date", "23/11/2026"],
            "invalid date `23/11/2026`; use YYYY-MM-DD, e.g. 2026-11-23",
        ),
        (
            &["progress", "kr1", "10", "--date", "2026-11-24"],
            "date `2026-11-24` is in the future (today is 2026-11-23); record check-ins on or before today",
        ),
        (
            &["progress", "kr9", "10"],
            "no objective or key result has id `kr9`; run `okr list` to see the ids",
        ),
        (
            &["progress", "o1", "10"],
            "`o1` is an objective, not a key result; run `okr show o1` to see its key results",
        ),
    ];
    for (args, message) in cases {
        assert_eq!(env.fail(args), *message, "for {args:?}");
    }
}

#[test]
fn negative_values_are_values_not_flags() {
    let env = Env::new();
    env.objective(&["Margin", "--id", "o1"]);
    env.kr(
        "o1",
        "Monthly result",
        &[
            "--start", "-500", "--target", "1500", "--unit", "EUR", "--id", "kr1",
        ],
    );
    assert_eq!(
        env.ok(&["progress", "kr1", "-100"]),
        "kr1  Monthly result: -100 / 1,500 EUR (0% -> 20%, at-risk)\n"
    );
}

#[test]
fn progress_without_arguments_is_status() {
    let env = Env::example();
    assert_eq!(env.ok(&["progress"]), env.ok(&["status"]));
    assert_eq!(
        env.ok(&["progress", "--team", "growth"]),
        env.ok(&["status", "--team", "growth"])
    );
}

#[test]
fn a_kr_without_a_value_is_a_usage_error() {
    let env = Env::cascade();
    let (code, stdout, stderr) = env.run(&["progress", "kr1"]);
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("error: the following required arguments were not provided:\n  <VALUE>"),
        "{stderr}"
    );
}

/// The same check-in twice is one measurement, as it is for KPI values and imports: the
/// second changes nothing and says so.
#[test]
fn the_same_checkin_twice_is_kept_once() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1500", "--note", "launch week"]);
    let before = env.bytes();
    let (code, stdout, stderr) = env.run(&["progress", "kr1", "1500", "--note", "launch week"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "kr1  Organic visitors: 1,500 / 2,000 (50% -> 50%, on-track)\n"
    );
    assert_eq!(stderr, "kr1 already has this check-in; nothing changed\n");
    assert_eq!(env.bytes(), before, "the file is untouched");
    // Another value, note or day is another measurement.
    env.ok(&["progress", "kr1", "1500", "--note", "after the launch"]);
    let history: serde_json::Value =
        serde_json::from_str(&env.ok(&["history", "kr1", "--json"])).unwrap();
    assert_eq!(history["checkins"].as_array().unwrap().len(), 2);
}

#[test]
fn a_checkin_already_there_changes_nothing_but_what_is_asked() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1200", "--date", "2026-11-20"]);
    env.ok(&["edit", "kr1", "--status", "at-risk"]);
    let before = env.bytes();
    // The same check-in again: the hand-set status stands, and the file is not written.
    let (code, _, stderr) = env.run(&["progress", "kr1", "1200", "--date", "2026-11-20"]);
    assert_eq!(
        (code, stderr.as_str()),
        (Some(0), "kr1 already has this check-in; nothing changed\n")
    );
    assert_eq!(env.bytes(), before);
    // With --status, the status is what changed, and the message says so.
    let (code, _, stderr) = env.run(&[
        "progress",
        "kr1",
        "1200",
        "--date",
        "2026-11-20",
        "--status",
        "not-started",
    ]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            Some(0),
            "kr1 already has this check-in; only its status was set (not-started)\n"
        )
    );
    assert_eq!(
        env.json()["objectives"][0]["key_results"][0]["status"],
        "not-started"
    );
}

#[test]
fn check_ins_outside_the_period_of_their_key_result_are_refused() {
    let env = Env::cascade();
    assert_eq!(
        env.fail(&["progress", "kr1", "1500", "--date", "2025-10-05"]),
        "date `2025-10-05` is outside 2026-Q4 (2026-10-01 to 2026-12-31), the period of key result `kr1`; record it within the period"
    );
    std::fs::write(
        env.dir.path().join("rows.csv"),
        "kr,value,date\nkr1,1500,2026-09-30\nkr2,65,2026-11-20\n",
    )
    .unwrap();
    let (code, _, stderr) = env.run(&["import", "rows.csv"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "error: rows.csv:2: date `2026-09-30` is outside 2026-Q4 (2026-10-01 to 2026-12-31), the period of key result `kr1`; record it within the period\nerror: 1 bad row in `rows.csv`; nothing was imported\n"
    );
}

/// The value typed before the key result is the classic slip: okr names the right order and
/// changes nothing.
#[test]
fn a_value_before_the_key_result_says_the_order_to_type() {
    let env = Env::example();
    let before = env.bytes();
    assert_eq!(
        env.fail(&["progress", "50600", "kr1"]),
        "`kr1` is not a number, but `50600` is; did you mean `okr progress kr1 50600`?"
    );
    assert_eq!(
        env.fail(&["progress", "12.5%", "kr5", "--note", "after the fix"]),
        "`kr5` is not a number, but `12.5%` is; did you mean `okr progress kr5 12.5%`?"
    );
    // A value that is no number at all is still just that.
    assert_eq!(
        env.fail(&["progress", "kr1", "lots"]),
        "value `lots` is not a number; give a finite number such as 1200 or 12.5"
    );
    assert_eq!(env.bytes(), before);
}
