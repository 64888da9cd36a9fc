//! How a key result is moving: its score a week ago, confidence drops, stale check-ins.

use chrono::{Days, NaiveDate};

use crate::model::{CheckIn, KeyResult, Objective, Period, score};

/// Days back `status` looks for the change in score.
pub const TREND_DAYS: u64 = 7;

/// The day `TREND_DAYS` before `today`.
pub fn week_ago(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_days(Days::new(TREND_DAYS))
        .unwrap_or(today)
}

impl KeyResult {
    /// The check-ins dated on or before `date`, oldest first: what was known by then.
    pub fn known_on(&self, date: NaiveDate) -> &[CheckIn] {
        &self.checkins[..self.checkins.partition_point(|c| c.date <= date)]
    }

    /// The value as of the end of `date`: the latest check-in on or before it, else the start.
    pub fn value_on(&self, date: NaiveDate) -> f64 {
        self.known_on(date).last().map_or(self.start, |c| c.value)
    }

    /// The score as of the end of `date`.
    pub fn score_on(&self, date: NaiveDate) -> f64 {
        self.score_of(self.value_on(date))
    }

    /// How far confidence fell at the latest check-in by `date`, compared with the most
    /// recent earlier check-in that gave one; `Some` only for a drop of at least `flagged`
    /// (the file's `confidence_drop`).
    pub fn confidence_drop(&self, date: NaiveDate, flagged: u8) -> Option<u8> {
        // The latest two confidences given: a check-in without one (a KPI's value, a number
        // alone) neither hides a fall nor makes one.
        let mut given = self
            .known_on(date)
            .iter()
            .rev()
            .filter_map(|c| c.confidence);
        let now = given.next()?;
        let before = given.next()?;
        let drop = before.checked_sub(now)?;
        (drop >= flagged).then_some(drop)
    }

    /// The latest confidence a person gave, up to the end of `date`, and its day: a later
    /// check-in without one (a KPI's value) does not take it away.
    pub fn latest_confidence(&self, date: NaiveDate) -> Option<(NaiveDate, u8)> {
        self.known_on(date)
            .iter()
            .rev()
            .find_map(|c| c.confidence.map(|v| (c.date, v)))
    }

    /// The latest note a person wrote (not one a KPI's value carries), and its day.
    pub fn latest_note(&self, date: NaiveDate) -> Option<(NaiveDate, &str)> {
        self.known_on(date)
            .iter()
            .rev()
            .filter(|c| !c.from_kpi())
            .find_map(|c| c.note.as_deref().map(|n| (c.date, n)))
    }

    /// Whether the key result has gone `days` (the file's `stale_days`) without a check-in
    /// while its period runs (counting from the period's start when it has none). A key
    /// result that is done is never stale: there is nothing left to report.
    pub fn is_stale(&self, period: &Period, today: NaiveDate, days: u32) -> bool {
        if today < period.start() || today > period.end() || self.score_on(today) >= 1.0 {
            return false;
        }
        let last = self
            .known_on(today)
            .last()
            .map_or(period.start(), |c| c.date.max(period.start()));
        (today - last).num_days() >= i64::from(days)
    }
}

impl Objective {
    /// The objective's score as of the end of `date`, from its key results' check-ins then.
    pub fn score_on(&self, date: NaiveDate) -> f64 {
        score::weighted_mean(
            self.key_results
                .iter()
                .map(|kr| (kr.score_on(date), kr.weight)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn kr(checkins: &[(&str, f64, Option<u8>)]) -> KeyResult {
        KeyResult::sample(100.0, 200.0, checkins)
    }

    #[test]
    fn value_and_score_on_a_date() {
        let kr = kr(&[("2026-11-02", 120.0, None), ("2026-11-16", 150.0, None)]);
        assert_eq!(kr.value_on(day("2026-11-01")), 100.0);
        assert_eq!(kr.value_on(day("2026-11-02")), 120.0);
        assert_eq!(kr.value_on(day("2026-11-15")), 120.0);
        assert_eq!(kr.score_on(day("2026-11-23")), 0.5);
        assert_eq!(kr.score_on(week_ago(day("2026-11-23"))), 0.5);
        assert_eq!(kr.score_on(week_ago(day("2026-11-22"))), 0.2);
    }

    #[test]
    fn confidence_drops_of_three_or_more_are_flagged() {
        let c = |list: &[(&str, f64, Option<u8>)]| kr(list).confidence_drop(day("2026-11-30"), 3);
        assert_eq!(
            c(&[("2026-11-01", 1.0, Some(8)), ("2026-11-08", 1.0, Some(5))]),
            Some(3)
        );
        assert_eq!(
            c(&[("2026-11-01", 1.0, Some(8)), ("2026-11-08", 1.0, Some(6))]),
            None
        );
        assert_eq!(
            c(&[("2026-11-01", 1.0, Some(5)), ("2026-11-08", 1.0, Some(9))]),
            None
        );
        // The comparison skips check-ins that gave no confidence.
        assert_eq!(
            c(&[
                ("2026-11-01", 1.0, Some(9)),
                ("2026-11-05", 1.0, None),
                ("2026-11-08", 1.0, Some(2))
            ]),
            Some(7)
        );
        assert_eq!(
            c(&[("2026-11-01", 1.0, Some(9)), ("2026-11-08", 1.0, None)]),
            None
        );
        assert_eq!(c(&[("2026-11-08", 1.0, Some(1))]), None);
        // As of an earlier day, later check-ins do not count.
        let k = kr(&[("2026-11-01", 1.0, Some(8)), ("2026-11-08", 1.0, Some(2))]);
        assert_eq!(k.confidence_drop(day("2026-11-07"), 3), None);
    }

    #[test]
    fn stale_after_fourteen_days_in_a_running_period() {
        let q4: Period = "2026-Q4".parse().unwrap();
        let none = kr(&[]);
        assert!(!none.is_stale(&q4, day("2026-10-14"), 14));
        assert!(none.is_stale(&q4, day("2026-10-15"), 14));
        let recent = kr(&[("2026-11-10", 1.0, None)]);
        assert!(!recent.is_stale(&q4, day("2026-11-23"), 14));
        assert!(recent.is_stale(&q4, day("2026-11-24"), 14));
        // Not before the period starts, nor after it ends.
        assert!(!none.is_stale(&q4, day("2026-09-01"), 14));
        assert!(!none.is_stale(&q4, day("2027-01-01"), 14));
    }
}
