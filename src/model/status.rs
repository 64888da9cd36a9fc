//! Whether a score is where it should be by now, given how much of the period has passed.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Kind, Period};

/// How far behind the expected pace a score may be and still count as on track.
pub const ON_TRACK_SLACK: f64 = 0.10;
/// How far behind the expected pace a score may be before it is off track.
pub const AT_RISK_SLACK: f64 = 0.25;
/// Share of the period after which a score of 0 is off track whatever the slack.
pub const LATE: f64 = 0.8;
/// Share of the expected pace an aspirational OKR is held to (ending near 0.7 is a success).
pub const ASPIRATIONAL_PACE: f64 = 0.7;

/// Where an objective or key result stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

impl Status {
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

/// The score one would expect by now: `elapsed` for committed OKRs, 0.7 × `elapsed` for
/// aspirational ones.
pub fn expected(kind: Kind, elapsed: f64) -> f64 {
    match kind {
        Kind::Committed => elapsed,
        Kind::Aspirational => ASPIRATIONAL_PACE * elapsed,
    }
}

/// The status of a score given the period's progress; see the module constants.
pub fn status(score: f64, kind: Kind, period: &Period, today: NaiveDate) -> Status {
    if score >= 1.0 {
        return Status::Done;
    }
    if today < period.start() {
        return Status::NotStarted;
    }
    let elapsed = elapsed(period, today);
    let gap = expected(kind, elapsed) - score;
    if score <= 0.0 && elapsed >= LATE {
        Status::OffTrack
    } else if gap <= ON_TRACK_SLACK {
        Status::OnTrack
    } else if gap <= AT_RISK_SLACK {
        Status::AtRisk
    } else {
        Status::OffTrack
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q4() -> Period {
        "2026-Q4".parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
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
        let s = |score, kind| status(score, kind, &q4(), mid);
        assert_eq!(s(0.35, Kind::Aspirational), Status::OnTrack); // expected 0.35
        assert_eq!(s(0.25, Kind::Aspirational), Status::OnTrack); // gap 0.10
        assert_eq!(s(0.20, Kind::Aspirational), Status::AtRisk);
        assert_eq!(s(0.05, Kind::Aspirational), Status::OffTrack);
        assert_eq!(s(0.45, Kind::Committed), Status::OnTrack);
        assert_eq!(s(0.30, Kind::Committed), Status::AtRisk);
        assert_eq!(s(1.0, Kind::Committed), Status::Done);
        assert_eq!(
            status(0.0, Kind::Committed, &q4(), day("2026-09-01")),
            Status::NotStarted
        );
    }

    #[test]
    fn zero_late_in_the_period_is_off_track() {
        // 80% of Q4 has passed on 2026-12-13 (74 of 92 days).
        let late = day("2026-12-14");
        assert!(elapsed(&q4(), late) >= LATE);
        assert_eq!(
            status(0.0, Kind::Aspirational, &q4(), late),
            Status::OffTrack
        );
    }
}
