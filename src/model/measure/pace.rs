//! The score expected by a day: a straight line over the period, or, for a key result with
//! milestones, a line through them (docs/scoring.md, "Milestones").

use chrono::NaiveDate;

use crate::model::{KeyResult, Kind, Objective, Period, Settings, score, status};

/// The score expected at `elapsed` (a share of the period) on the line through (0, 0), each
/// of `points` (share, score) in order, and (1, 1), interpolated linearly between them.
pub fn phased(points: &[(f64, f64)], elapsed: f64) -> f64 {
    let mut from = (0.0, 0.0);
    for &to in points.iter().chain([&(1.0, 1.0)]) {
        if elapsed <= to.0 {
            let span = to.0 - from.0;
            if span <= 0.0 {
                return to.1;
            }
            return from.1 + (to.1 - from.1) * (elapsed - from.0) / span;
        }
        from = to;
    }
    1.0
}

/// The score expected at `elapsed` of an objective of `kind` on the line through `points`
/// (see [`phased`]; the straight line without any).
pub fn expected_at(kind: Kind, points: &[(f64, f64)], elapsed: f64, policy: &Settings) -> f64 {
    status::expected(kind, phased(points, elapsed), policy)
}

/// The score expected at `elapsed` of an objective of `kind` whose key results have these
/// milestone `points` and weights: the straight pace while none has milestones (or no key
/// result weighs anything), else the weighted mean of what each is expected at.
pub fn objective_expected_at<'a>(
    kind: Kind,
    key_results: impl Iterator<Item = (&'a [(f64, f64)], f64)> + Clone,
    elapsed: f64,
    policy: &Settings,
) -> f64 {
    let phased = key_results.clone().any(|(points, _)| !points.is_empty());
    let weighs = key_results.clone().any(|(_, weight)| weight > 0.0);
    if !phased || !weighs {
        return status::expected(kind, elapsed, policy);
    }
    score::weighted_mean(
        key_results.map(|(points, weight)| (expected_at(kind, points, elapsed, policy), weight)),
    )
}

impl KeyResult {
    /// Its milestones as (share of `period` elapsed by the milestone's day, the score its
    /// value earns), earliest first.
    pub fn milestone_points(&self, period: &Period) -> Vec<(f64, f64)> {
        if self.keep.is_some() {
            return Vec::new();
        }
        self.milestones
            .iter()
            .map(|m| (status::elapsed(period, m.date), self.score_of(m.value)))
            .collect()
    }

    /// The score expected of this key result, of an objective of `kind` in `period`, by the
    /// end of `day`: the straight pace, or with milestones the line through them; for an
    /// aspirational objective `aspirational_pace` times it.
    pub fn expected_on(
        &self,
        kind: Kind,
        period: &Period,
        day: NaiveDate,
        policy: &Settings,
    ) -> f64 {
        let elapsed = status::elapsed(period, day);
        expected_at(kind, &self.milestone_points(period), elapsed, policy)
    }
}

impl Objective {
    /// The score expected of this objective by the end of `day`: the straight pace of its
    /// kind, or, once a key result has milestones, the weighted mean of what is expected of
    /// each key result.
    pub fn expected_on(&self, day: NaiveDate, policy: &Settings) -> f64 {
        let points: Vec<(Vec<(f64, f64)>, f64)> = self
            .key_results
            .iter()
            .map(|kr| (kr.milestone_points(&self.period), kr.weight))
            .collect();
        let elapsed = status::elapsed(&self.period, day);
        objective_expected_at(
            self.kind,
            points.iter().map(|(p, w)| (p.as_slice(), *w)),
            elapsed,
            policy,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_line_runs_through_each_milestone() {
        // Half the way by a fifth of the period, then the rest.
        let points = [(0.2, 0.5)];
        assert_eq!(phased(&points, 0.0), 0.0);
        assert!((phased(&points, 0.1) - 0.25).abs() < 1e-12);
        assert_eq!(phased(&points, 0.2), 0.5);
        assert!((phased(&points, 0.6) - 0.75).abs() < 1e-12);
        assert_eq!(phased(&points, 1.0), 1.0);
        // No milestones: the straight line.
        assert_eq!(phased(&[], 0.3), 0.3);
        // A milestone on the last day holds there.
        assert_eq!(phased(&[(1.0, 0.8)], 1.0), 0.8);
        // A flat stretch: nothing expected until the campaign.
        let campaign = [(0.6, 0.0), (0.8, 0.9)];
        assert_eq!(phased(&campaign, 0.5), 0.0);
        assert!((phased(&campaign, 0.7) - 0.45).abs() < 1e-12);
    }

    proptest! {
        #[test]
        fn the_phased_pace_stays_between_its_neighbouring_points(
            a in 0.01..0.98f64, gap in 0.01..0.5f64, s1 in 0.0..=1.0f64, s2 in 0.0..=1.0f64,
            x in 0.0..=1.0f64
        ) {
            let b = (a + gap).min(0.99);
            let points = [(a, s1), (b, s2)];
            let y = phased(&points, x);
            let all = [0.0, s1, s2, 1.0];
            let lo = all.iter().cloned().fold(f64::INFINITY, f64::min);
            let hi = all.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(y >= lo - 1e-12 && y <= hi + 1e-12);
        }
    }
}
