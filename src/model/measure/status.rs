//! Whether a score is where it should be by now, given how much of the period has passed.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Kind, ModelError, Period, Settings};

/// The final grade of an objective once its period is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    /// Aspirational, final score ≥ 0.7: a success.
    Green,
    /// Aspirational, final score from 0.4 to below 0.7: progress, short of the stretch.
    Yellow,
    /// Aspirational, final score below 0.4.
    Red,
    /// Committed and fully delivered (score 1).
    Achieved,
    /// Committed and not fully delivered.
    Missed,
}

impl Grade {
    /// The name used in tables and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Green => "green",
            Grade::Yellow => "yellow",
            Grade::Red => "red",
            Grade::Achieved => "achieved",
            Grade::Missed => "missed",
        }
    }
}

/// The grade a final `score` earns: aspirational OKRs are judged against the stretch
/// (`green_from`, `yellow_from`), committed ones only count when delivered in full.
pub fn grade(score: f64, kind: Kind, policy: &Settings) -> Grade {
    match kind {
        Kind::Aspirational if score >= policy.green_from => Grade::Green,
        Kind::Aspirational if score >= policy.yellow_from => Grade::Yellow,
        Kind::Aspirational => Grade::Red,
        Kind::Committed if score >= 1.0 => Grade::Achieved,
        Kind::Committed => Grade::Missed,
    }
}

/// Where an objective or key result stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The period has not begun.
    NotStarted,
    /// At or near the expected pace.
    OnTrack,
    /// Somewhat behind the expected pace.
    AtRisk,
    /// Well behind the expected pace, or still at 0 late in the period.
    OffTrack,
    /// The score has reached 1.
    Done,
}

/// Parses a status by its name (`at-risk`); `auto` is `None`: the status is computed again.
pub fn manual(text: &str) -> Result<Option<Status>, ModelError> {
    Ok(Some(match text.trim() {
        "auto" => return Ok(None),
        "not-started" => Status::NotStarted,
        "on-track" => Status::OnTrack,
        "at-risk" => Status::AtRisk,
        "off-track" => Status::OffTrack,
        "done" => Status::Done,
        _ => return Err(ModelError::InvalidStatus(text.to_string())),
    }))
}

impl Status {
    /// How well it goes, for finding the weakest: off track is weakest, done strongest.
    pub fn strength(self) -> u8 {
        match self {
            Status::OffTrack => 0,
            Status::AtRisk => 1,
            Status::NotStarted => 2,
            Status::OnTrack => 3,
            Status::Done => 4,
        }
    }

    /// The name used in tables and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not-started",
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::OffTrack => "off-track",
            Status::Done => "done",
        }
    }
}

/// Share of the period's days that have passed by the end of `today`: 0 before the period,
/// 1 from its last day on.
pub fn elapsed(period: &Period, today: NaiveDate) -> f64 {
    if today < period.start() {
        0.0
    } else if today >= period.end() {
        1.0
    } else {
        ((today - period.start()).num_days() + 1) as f64 / period.days() as f64
    }
}

/// The score one would expect by now: `elapsed` for committed OKRs, `aspirational_pace` ×
/// `elapsed` for aspirational ones.
pub fn expected(kind: Kind, elapsed: f64, policy: &Settings) -> f64 {
    match kind {
        Kind::Committed => elapsed,
        Kind::Aspirational => policy.aspirational_pace * elapsed,
    }
}

/// The status of a score given the period's progress and the file's policy
/// (`on_track_gap`, `at_risk_gap`, `zero_off_track_after`).
pub fn status(
    score: f64,
    kind: Kind,
    period: &Period,
    today: NaiveDate,
    policy: &Settings,
) -> Status {
    let elapsed = elapsed(period, today);
    judge(
        score,
        expected(kind, elapsed, policy),
        period,
        today,
        policy,
    )
}

/// The status of a score against the score `expected` by `today` (the straight pace, or
/// one that runs through milestones).
pub fn judge(
    score: f64,
    expected: f64,
    period: &Period,
    today: NaiveDate,
    policy: &Settings,
) -> Status {
    if score >= 1.0 {
        return Status::Done;
    }
    if today < period.start() {
        return Status::NotStarted;
    }
    let elapsed = elapsed(period, today);
    let gap = expected - score;
    if score <= 0.0 && elapsed >= policy.zero_off_track_after {
        Status::OffTrack
    } else if gap <= policy.on_track_gap {
        Status::OnTrack
    } else if gap <= policy.at_risk_gap {
        Status::AtRisk
    } else {
        Status::OffTrack
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p() -> Settings {
        Settings::default()
    }

    fn rank(s: Status) -> u8 {
        match s {
            Status::OffTrack => 0,
            Status::AtRisk => 1,
            Status::OnTrack => 2,
            Status::Done => 3,
            Status::NotStarted => 4,
        }
    }

    fn kind() -> impl Strategy<Value = Kind> {
        prop_oneof![Just(Kind::Aspirational), Just(Kind::Committed)]
    }

    proptest! {
        #[test]
        fn meeting_the_expected_pace_is_always_on_track_or_done(
            day in 0i64..92, extra in 0.0..1.0f64, kind in kind()
        ) {
            let today = q4().start() + chrono::Days::new(day as u64);
            let expected = expected(kind, elapsed(&q4(), today), &p());
            let score = (expected + extra).min(1.0);
            let s = status(score, kind, &q4(), today, &p());
            prop_assert!(s == Status::OnTrack || s == Status::Done, "{s:?} at {score} vs {expected}");
        }

        #[test]
        fn a_higher_score_never_gets_a_worse_status(
            day in 0i64..92, a in 0.0..=1.0f64, b in 0.0..=1.0f64, kind in kind()
        ) {
            let today = q4().start() + chrono::Days::new(day as u64);
            let (low, high) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(rank(status(high, kind, &q4(), today, &p())) >= rank(status(low, kind, &q4(), today, &p())));
        }

        #[test]
        fn elapsed_grows_with_the_days_from_zero_to_one(a in -30i64..130, b in -30i64..130) {
            let day = |n: i64| q4().start() + chrono::Duration::days(n);
            let (early, late) = if a <= b { (a, b) } else { (b, a) };
            let (e1, e2) = (elapsed(&q4(), day(early)), elapsed(&q4(), day(late)));
            prop_assert!((0.0..=1.0).contains(&e1) && (0.0..=1.0).contains(&e2));
            prop_assert!(e1 <= e2);
        }

        #[test]
        fn aspirational_is_held_to_seventy_percent_of_committed(day in 0i64..92) {
            let today = q4().start() + chrono::Days::new(day as u64);
            let e = elapsed(&q4(), today);
            prop_assert!((expected(Kind::Aspirational, e, &p()) - 0.7 * expected(Kind::Committed, e, &p())).abs() < 1e-12);
        }
    }

    fn q4() -> Period {
        "2026-Q4".parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn elapsed_at_period_boundaries() {
        // Leap-year quarter: 91 days.
        let q1: Period = "2024-Q1".parse().unwrap();
        assert_eq!(elapsed(&q1, day("2024-02-29")), 60.0 / 91.0);
        // ISO week 53 of 2026 runs into 2027.
        let w53: Period = "2026-W53".parse().unwrap();
        assert_eq!(elapsed(&w53, day("2026-12-27")), 0.0);
        assert_eq!(elapsed(&w53, day("2026-12-28")), 1.0 / 7.0);
        assert_eq!(elapsed(&w53, day("2027-01-01")), 5.0 / 7.0);
        assert_eq!(elapsed(&w53, day("2027-01-03")), 1.0);
        // A month's last day completes it.
        let feb: Period = "2024-02".parse().unwrap();
        assert_eq!(elapsed(&feb, day("2024-02-28")), 28.0 / 29.0);
        assert_eq!(elapsed(&feb, day("2024-02-29")), 1.0);
    }

    #[test]
    fn elapsed_counts_today() {
        assert_eq!(elapsed(&q4(), day("2026-09-30")), 0.0);
        assert_eq!(elapsed(&q4(), day("2026-10-01")), 1.0 / 92.0);
        assert_eq!(elapsed(&q4(), day("2026-11-15")), 46.0 / 92.0);
        assert_eq!(elapsed(&q4(), day("2026-12-31")), 1.0);
        assert_eq!(elapsed(&q4(), day("2027-03-01")), 1.0);
    }

    #[test]
    fn statuses_at_mid_quarter() {
        let mid = day("2026-11-15"); // elapsed 0.5
        let s = |score, kind| status(score, kind, &q4(), mid, &p());
        assert_eq!(s(0.35, Kind::Aspirational), Status::OnTrack); // expected 0.35
        assert_eq!(s(0.25, Kind::Aspirational), Status::OnTrack); // gap 0.10
        assert_eq!(s(0.20, Kind::Aspirational), Status::AtRisk);
        assert_eq!(s(0.05, Kind::Aspirational), Status::OffTrack);
        assert_eq!(s(0.45, Kind::Committed), Status::OnTrack);
        assert_eq!(s(0.30, Kind::Committed), Status::AtRisk);
        assert_eq!(s(1.0, Kind::Committed), Status::Done);
        assert_eq!(
            status(0.0, Kind::Committed, &q4(), day("2026-09-01"), &p()),
            Status::NotStarted
        );
    }

    #[test]
    fn grades_follow_the_kind() {
        assert_eq!(grade(0.7, Kind::Aspirational, &p()), Grade::Green);
        assert_eq!(grade(0.69, Kind::Aspirational, &p()), Grade::Yellow);
        assert_eq!(grade(0.4, Kind::Aspirational, &p()), Grade::Yellow);
        assert_eq!(grade(0.39, Kind::Aspirational, &p()), Grade::Red);
        assert_eq!(grade(1.0, Kind::Committed, &p()), Grade::Achieved);
        assert_eq!(grade(0.99, Kind::Committed, &p()), Grade::Missed);
    }

    #[test]
    fn zero_late_in_the_period_is_off_track() {
        // 80% of Q4 has passed on 2026-12-13 (74 of 92 days).
        let late = day("2026-12-14");
        assert!(elapsed(&q4(), late) >= p().zero_off_track_after);
        assert_eq!(
            status(0.0, Kind::Aspirational, &q4(), late, &p()),
            Status::OffTrack
        );
    }
}
