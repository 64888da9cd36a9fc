//! The scoring formulas. Every score is a fraction from 0 to 1.

/// Score of a key result: how far `current` has moved from `start` towards `target`.
///
/// `(current − start) / (target − start)`, clamped to 0..=1. Works for key results that go
/// down (start 70, target 60) because numerator and denominator change sign together.
/// A key result whose target equals its start measures nothing and scores 0 (`okr check`
/// reports it).
pub fn kr_score(start: f64, target: f64, current: f64) -> f64 {
    let span = target - start;
    if span == 0.0 || !span.is_finite() {
        return 0.0;
    }
    let score = (current - start) / span;
    if score.is_nan() {
        0.0
    } else {
        // `+ 0.0` turns the -0 of a decreasing KR that has not moved into 0.
        score.clamp(0.0, 1.0) + 0.0
    }
}

/// How far `current` has gone from `start` towards `target`, without the cap at 1: 1.5 is
/// half as far again past the target. 0 for a key result that measures no change.
pub fn reach(start: f64, target: f64, current: f64) -> f64 {
    let span = target - start;
    if span == 0.0 || !span.is_finite() {
        return 0.0;
    }
    let reach = (current - start) / span;
    if reach.is_finite() { reach + 0.0 } else { 0.0 }
}

/// Weighted mean of `(score, weight)` pairs: `Σ wᵢ·sᵢ / Σ wᵢ`.
///
/// This is an objective's score over its key results. With no pairs, or only zero weights,
/// the mean is 0: an objective without measured key results has made no progress.
pub fn weighted_mean(pairs: impl IntoIterator<Item = (f64, f64)>) -> f64 {
    let (sum, weights) = pairs
        .into_iter()
        .fold((0.0, 0.0), |(sum, weights), (score, weight)| {
            (sum + score * weight, weights + weight)
        });
    if weights > 0.0 { sum / weights } else { 0.0 }
}

/// Plain mean of scores: a company's, team's or person's score over its objectives.
/// `None` when there is nothing to average.
pub fn mean(scores: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, count) = scores
        .into_iter()
        .fold((0.0, 0usize), |(sum, count), s| (sum + s, count + 1));
    (count > 0).then(|| sum / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn worked_examples() {
        assert_eq!(kr_score(0.0, 100.0, 40.0), 0.4);
        assert_eq!(kr_score(70.0, 60.0, 65.0), 0.5);
        assert_eq!(kr_score(70.0, 60.0, 75.0), 0.0);
        assert_eq!(kr_score(70.0, 60.0, 50.0), 1.0);
        assert_eq!(kr_score(0.0, 1.0, 1.0), 1.0);
        assert_eq!(kr_score(5.0, 5.0, 9.0), 0.0);
        assert!(kr_score(70.0, 60.0, 70.0).is_sign_positive());
        assert_eq!(weighted_mean([(1.0, 3.0), (0.0, 1.0)]), 0.75);
        assert_eq!(weighted_mean([(1.0, 0.0)]), 0.0);
        assert_eq!(weighted_mean([]), 0.0);
        assert_eq!(mean([0.5, 1.0]), Some(0.75));
        assert_eq!(mean([]), None);
    }

    fn finite() -> impl Strategy<Value = f64> {
        -1e9..1e9f64
    }

    proptest! {
        #[test]
        fn score_is_always_within_bounds(s in finite(), t in finite(), c in finite()) {
            let score = kr_score(s, t, c);
            prop_assert!((0.0..=1.0).contains(&score));
        }

        #[test]
        fn reaching_the_target_scores_one_and_standing_still_zero(s in finite(), t in finite()) {
            prop_assume!(s != t);
            prop_assert_eq!(kr_score(s, t, t), 1.0);
            prop_assert_eq!(kr_score(s, t, s), 0.0);
        }

        #[test]
        fn moving_towards_the_target_never_lowers_the_score(
            s in finite(), t in finite(), a in finite(), b in finite()
        ) {
            prop_assume!(s != t);
            // `closer` is the value nearer the target along the KR's direction.
            let (further, closer) = if (b - a) * (t - s) >= 0.0 { (a, b) } else { (b, a) };
            prop_assert!(kr_score(s, t, closer) >= kr_score(s, t, further));
        }

        #[test]
        fn decreasing_krs_mirror_increasing_ones(s in finite(), t in finite(), c in finite()) {
            prop_assume!(s != t);
            let up = kr_score(s, t, c);
            let down = kr_score(-s, -t, -c);
            prop_assert!((up - down).abs() < 1e-9);
        }

        #[test]
        fn weighted_mean_lies_between_min_and_max(
            pairs in proptest::collection::vec((0.0..=1.0f64, 0.0..10.0f64), 1..8)
        ) {
            prop_assume!(pairs.iter().any(|&(_, w)| w > 0.0));
            let m = weighted_mean(pairs.iter().copied());
            let counted = pairs.iter().filter(|&&(_, w)| w > 0.0).map(|&(s, _)| s);
            let lo = counted.clone().fold(f64::INFINITY, f64::min);
            let hi = counted.fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(m >= lo - 1e-12 && m <= hi + 1e-12);
        }

        #[test]
        fn equal_weights_give_the_plain_mean(scores in proptest::collection::vec(0.0..=1.0f64, 1..8)) {
            let weighted = weighted_mean(scores.iter().map(|&s| (s, 2.0)));
            let plain = mean(scores.iter().copied()).unwrap();
            prop_assert!((weighted - plain).abs() < 1e-12);
        }
    }
}
