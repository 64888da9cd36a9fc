//! Where a key result is heading: a least-squares line through the period's check-ins,
//! read at the period's last day (docs/scoring.md, "Forecast", has a worked example).

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Grade, KeyResult, Kind, Period, Settings, score, status};

/// Where a key result that moves toward its target will land at this pace.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Forecast {
    /// The line's value on the period's last day.
    pub value: f64,
    /// The score that value earns (0..1, like any score).
    pub score: f64,
    /// How much the value must move each week from today to reach the target; `None` when
    /// the key result is done or no day of the period is left.
    pub needed_per_week: Option<f64>,
}

/// Where an objective will land: the weighted mean of its key results' projected scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ObjectiveForecast {
    /// The projected score.
    pub score: f64,
    /// The grade that score would get at close.
    pub grade: Grade,
}

/// The points the line goes through: `(day, value)`, the day counted from the period's first
/// (0). The first day holds the start value unless a check-in that day takes its place; then
/// each day of the period up to `today` with check-ins, at that day's latest value.
pub fn points(kr: &KeyResult, period: &Period, today: NaiveDate) -> Vec<(f64, f64)> {
    let last = today.min(period.end());
    let mut points = vec![(0.0, kr.start)];
    for c in kr.known_on(last) {
        if c.date < period.start() {
            continue;
        }
        let day = (c.date - period.start()).num_days() as f64;
        match points.last_mut() {
            // Check-ins are in date order: a second one on a day replaces the first.
            Some(point) if point.0 == day => point.1 = c.value,
            _ => points.push((day, c.value)),
        }
    }
    points
}

/// The ordinary least-squares line through `points` as `(intercept, slope)`; `None` with
/// fewer than two different days.
pub fn least_squares(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    if points.len() < 2 || sxx == 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let intercept = mean_y - slope * mean_x;
    (slope.is_finite() && intercept.is_finite()).then_some((intercept, slope))
}

impl KeyResult {
    /// Where this key result, of an objective in `period`, is heading as of `today`; `None`
    /// for one that keeps a line, or without a check-in in the period yet.
    pub fn forecast(&self, period: &Period, today: NaiveDate) -> Option<Forecast> {
        if self.keep.is_some() {
            return None;
        }
        let (intercept, slope) = least_squares(&points(self, period, today))?;
        let value = intercept + slope * (period.days() - 1) as f64;
        if !value.is_finite() {
            return None;
        }
        let current = self.value_on(today);
        let days_left = (period.end() - today).num_days().min(period.days());
        let done = self.score_of(current) >= 1.0;
        let needed_per_week = (!done && days_left > 0)
            .then(|| (self.target - current) / (days_left as f64 / 7.0))
            .filter(|n| n.is_finite());
        Some(Forecast {
            value: value + 0.0,
            score: score::kr_score(self.start, self.target, value),
            needed_per_week: needed_per_week.map(|n| n + 0.0),
        })
    }
}

impl ObjectiveForecast {
    /// Where an objective of `kind` is heading, from each of its key results' forecast,
    /// score today and weight: the weighted mean of the projected scores (the score today
    /// where a key result has none) and the grade it would get; `None` when none of them has
    /// a forecast. The caller has the key results' forecasts already (see
    /// [`KeyResult::forecast`]), so that none is computed twice.
    pub fn of(
        kind: Kind,
        key_results: impl Iterator<Item = (Option<Forecast>, f64, f64)> + Clone,
        policy: &Settings,
    ) -> Option<ObjectiveForecast> {
        if key_results.clone().all(|(forecast, ..)| forecast.is_none()) {
            return None;
        }
        let score = score::weighted_mean(
            key_results.map(|(forecast, now, weight)| (forecast.map_or(now, |f| f.score), weight)),
        );
        Some(ObjectiveForecast {
            score,
            grade: status::grade(score, kind, policy),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn q4() -> Period {
        "2026-Q4".parse().unwrap()
    }

    fn kr(start: f64, target: f64, checkins: &[(&str, f64)]) -> KeyResult {
        let checkins: Vec<(&str, f64, Option<u8>)> = checkins
            .iter()
            .map(|&(day, value)| (day, value, None))
            .collect();
        KeyResult::sample(start, target, &checkins)
    }

    #[test]
    fn a_straight_pace_lands_where_the_line_ends() {
        // 0 on day 0, 10 on day 10: 1 a day, so 91 on the 92nd day (offset 91).
        let kr = kr(0.0, 100.0, &[("2026-10-11", 10.0)]);
        let f = kr.forecast(&q4(), day("2026-10-11")).unwrap();
        assert!((f.value - 91.0).abs() < 1e-9, "{f:?}");
        assert!((f.score - 0.91).abs() < 1e-9);
        // 90 to go in 81 days left after today.
        let needed = f.needed_per_week.unwrap();
        assert!((needed - 90.0 / (81.0 / 7.0)).abs() < 1e-9);
    }

    #[test]
    fn the_first_point_alone_gives_no_forecast() {
        assert_eq!(kr(0.0, 100.0, &[]).forecast(&q4(), day("2026-11-01")), None);
        // A check-in on the first day takes the start's place: still one point.
        let first = kr(0.0, 100.0, &[("2026-10-01", 5.0)]);
        assert_eq!(first.forecast(&q4(), day("2026-11-01")), None);
        // Check-ins before the period or after today do not count.
        let outside = kr(0.0, 100.0, &[("2026-09-20", 5.0), ("2026-11-10", 50.0)]);
        assert_eq!(outside.forecast(&q4(), day("2026-11-01")), None);
    }

    #[test]
    fn the_latest_check_in_of_a_day_counts() {
        let points = points(
            &kr(
                0.0,
                100.0,
                &[
                    ("2026-10-01", 3.0),
                    ("2026-10-05", 1.0),
                    ("2026-10-05", 2.0),
                ],
            ),
            &q4(),
            day("2026-12-01"),
        );
        assert_eq!(points, [(0.0, 3.0), (4.0, 2.0)]);
    }

    #[test]
    fn scores_clamp_and_the_need_goes_when_done_or_out_of_days() {
        let fast = kr(0.0, 10.0, &[("2026-10-11", 20.0)]);
        let f = fast.forecast(&q4(), day("2026-10-11")).unwrap();
        assert_eq!(f.score, 1.0);
        assert_eq!(f.needed_per_week, None);
        let slow = kr(0.0, 100.0, &[("2026-10-11", 1.0)]);
        let last_day = slow.forecast(&q4(), day("2026-12-31")).unwrap();
        assert_eq!(last_day.needed_per_week, None);
        // A key result going down: the line heads down too.
        let down = kr(70.0, 60.0, &[("2026-10-11", 69.0)]);
        let f = down.forecast(&q4(), day("2026-10-11")).unwrap();
        assert!((f.value - 60.9).abs() < 1e-9, "{f:?}");
        assert!(f.needed_per_week.unwrap() < 0.0);
    }

    #[test]
    fn a_line_kept_has_no_forecast() {
        let mut kept = kr(99.0, 99.5, &[("2026-10-11", 99.7)]);
        kept.keep = Some(crate::model::Keep::Above);
        assert_eq!(kept.forecast(&q4(), day("2026-11-01")), None);
    }
}
