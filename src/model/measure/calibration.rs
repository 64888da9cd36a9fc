//! Whether confidence meant anything: each owner's Brier score over a closed period
//! (docs/scoring.md, "Calibrated confidence").

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{Kind, Level, Objective, Owner, Period, Settings};

/// How well an owner's confidence foretold the outcome over a period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Calibration {
    /// The mean of (confidence/10 − outcome)²: 0 is perfect, 0.25 what a coin toss earns.
    pub brier: f64,
    /// How many check-ins with a confidence it rests on.
    pub checkins: usize,
}

/// An owner's calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerCalibration {
    pub level: Level,
    /// `company`, the team's or the person's name.
    pub owner: String,
    #[serde(flatten)]
    pub calibration: Calibration,
    /// The owner itself, for grouping.
    #[serde(skip)]
    pub key: Owner,
}

/// The score a key result of an objective of `kind` must end at to count as a success:
/// 1 for a committed objective's, `green_from` for an aspirational one's.
pub fn success(kind: Kind, policy: &Settings) -> f64 {
    match kind {
        Kind::Committed => 1.0,
        Kind::Aspirational => policy.green_from,
    }
}

/// Each owner's calibration over the objectives within `period` (in the order of their
/// first objective): every check-in in an objective's period that gave a confidence c, against o = 1 when its
/// key result's final score reached success and 0 otherwise. Owners without such a
/// check-in are left out.
pub fn calibration<'a>(
    objectives: impl IntoIterator<Item = &'a Objective>,
    period: &Period,
    policy: &Settings,
) -> Vec<OwnerCalibration> {
    let mut index: HashMap<(Level, String), usize> = HashMap::new();
    let mut owners: Vec<(Owner, f64, usize)> = Vec::new();
    let within =
        |o: &&Objective| period.start() <= o.period.start() && o.period.end() <= period.end();
    for o in objectives.into_iter().filter(within) {
        let bar = success(o.kind, policy);
        let mut at = None;
        for kr in &o.key_results {
            let outcome = f64::from(u8::from(kr.score_on(o.period.end()) >= bar));
            let given = kr
                .checkins
                .iter()
                .filter(|c| o.period.contains(c.date))
                .filter_map(|c| c.confidence);
            for c in given {
                let at = *at.get_or_insert_with(|| {
                    *index.entry(o.owner.key()).or_insert_with(|| {
                        owners.push((o.owner.clone(), 0.0, 0));
                        owners.len() - 1
                    })
                });
                owners[at].1 += (f64::from(c) / 10.0 - outcome).powi(2);
                owners[at].2 += 1;
            }
        }
    }
    owners
        .into_iter()
        .map(|(owner, sum, checkins)| OwnerCalibration {
            level: owner.level(),
            owner: owner.name().to_string(),
            calibration: Calibration {
                brier: sum / checkins as f64,
                checkins,
            },
            key: owner,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KeyResult;

    fn kr(score_at_end: f64, confidences: &[u8]) -> KeyResult {
        let days = ["2026-10-05", "2026-10-06", "2026-10-07"];
        let checkins: Vec<(&str, f64, Option<u8>)> = confidences
            .iter()
            .zip(days)
            .map(|(&c, day)| (day, score_at_end * 10.0, Some(c)))
            .collect();
        KeyResult::sample(0.0, 10.0, &checkins)
    }

    #[test]
    fn a_coin_toss_earns_a_quarter_and_a_sure_right_call_nothing() {
        let period: Period = "2026-Q4".parse().unwrap();
        let policy = Settings::default();
        let mut o: Objective = serde_json::from_value(serde_json::json!({
            "id": "o1", "title": "T", "level": "company", "period": "2026-Q4",
            "kind": "aspirational"
        }))
        .unwrap();
        // Reached 0.8 (a success, from 0.7) with confidence 5 twice: (0.5 − 1)² each.
        o.key_results = vec![kr(0.8, &[5, 5])];
        let c = calibration([&o], &period, &policy);
        assert_eq!(
            c[0].calibration,
            Calibration {
                brier: 0.25,
                checkins: 2
            }
        );
        // Sure and right, sure and wrong.
        o.key_results = vec![kr(0.8, &[10]), kr(0.2, &[0])];
        assert_eq!(
            calibration([&o], &period, &policy)[0].calibration.brier,
            0.0
        );
        o.key_results = vec![kr(0.2, &[10])];
        assert_eq!(
            calibration([&o], &period, &policy)[0].calibration.brier,
            1.0
        );
        // A committed objective's key results succeed only at 1.
        o.kind = Kind::Committed;
        o.key_results = vec![kr(0.8, &[8])];
        let brier = calibration([&o], &period, &policy)[0].calibration.brier;
        assert!((brier - 0.64).abs() < 1e-12, "{brier}");
        // No confidence given: no calibration.
        o.key_results = vec![kr(0.8, &[])];
        assert!(calibration([&o], &period, &policy).is_empty());
    }
}
