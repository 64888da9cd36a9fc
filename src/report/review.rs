//! `okr review`: quarter over quarter, for each owner and each closed period, how the
//! objectives ended, how well confidence foretold it, and what Google's guidance warns of.

use std::collections::HashMap;

use serde::Serialize;

use super::layout;
use super::percent;
use super::quarter::GradeCounts;
use super::views::Filter;
use super::written::calibration_figure;
use crate::model::calibration::{self, Calibration, OwnerCalibration};
use crate::model::{Grade, Kind, Level, Objective, Okrs, Owner, Period, Retro, score};

/// `okr review --json`.
#[derive(Debug, Serialize)]
pub struct ReviewView {
    /// The first period reviewed (`--since`), `null` for every closed period.
    pub since: Option<Period>,
    /// The team filter, `null` for everyone.
    pub team: Option<String>,
    /// The closed periods reviewed, earliest first.
    pub periods: Vec<Period>,
    /// Each owner (in the order of their first objective) and their closed periods.
    pub owners: Vec<OwnerReview>,
    /// What the guidance warns of: `always-at-100`, `missed-without-retro`.
    pub warnings: Vec<Warning>,
}

/// One owner across the closed periods.
#[derive(Debug, Serialize)]
pub struct OwnerReview {
    pub level: Level,
    /// `company`, the team's or the person's name.
    pub owner: String,
    pub periods: Vec<PeriodReview>,
    #[serde(skip)]
    key: Owner,
}

/// One owner in one closed period.
#[derive(Debug, Serialize)]
pub struct PeriodReview {
    pub period: Period,
    pub objectives: Vec<ReviewedObjective>,
    /// The mean of the objectives' final scores.
    pub mean_score: f64,
    /// Objectives per grade.
    pub grades: GradeCounts,
    pub committed_achieved: usize,
    pub committed_missed: usize,
    /// The Brier score of the confidence the owner gave, `null` when none was given.
    pub calibration: Option<Calibration>,
}

/// An objective as it ended.
#[derive(Debug, Serialize)]
pub struct ReviewedObjective {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    /// The final score recorded at `okr close`.
    pub score: f64,
    pub grade: Grade,
    #[serde(serialize_with = "super::views::retro_json")]
    pub retro: Option<Retro>,
}

/// A warning of the review.
#[derive(Debug, Serialize)]
pub struct Warning {
    /// `always-at-100` or `missed-without-retro`.
    pub kind: &'static str,
    pub level: Level,
    pub owner: String,
    /// The periods it concerns.
    pub periods: Vec<Period>,
    /// The objective it concerns (`missed-without-retro`), else `null`.
    pub objective: Option<String>,
    /// What it means and what to do, in words.
    pub message: String,
}

impl ReviewView {
    /// The review of the closed periods of `okrs` from `since` on, for the objectives `filter`
    /// passes.
    pub fn new(okrs: &Okrs, since: Option<Period>, filter: &Filter) -> ReviewView {
        let mut periods: Vec<Period> = okrs
            .closed_periods
            .iter()
            .copied()
            .filter(|p| since.is_none_or(|s| p.start() >= s.start()))
            .collect();
        periods.sort_by_key(|p| (p.start(), p.end()));
        periods.dedup();
        let policy = &okrs.settings;
        let mut index: HashMap<(Level, String), usize> = HashMap::new();
        let mut owners: Vec<OwnerReview> = Vec::new();
        for &period in &periods {
            let within = |o: &&Objective| {
                filter.matches(o)
                    && o.final_result.is_some()
                    && period.start() <= o.period.start()
                    && o.period.end() <= period.end()
            };
            let calibrations: HashMap<(Level, String), OwnerCalibration> =
                calibration::calibration(okrs.objectives.iter().filter(within), &period, policy)
                    .into_iter()
                    .map(|c| (c.key.key(), c))
                    .collect();
            let mut seen: Vec<usize> = Vec::new();
            for o in okrs.objectives.iter().filter(within) {
                let at = *index.entry(o.owner.key()).or_insert_with(|| {
                    owners.push(OwnerReview {
                        level: o.level(),
                        owner: o.owner.name().to_string(),
                        periods: Vec::new(),
                        key: o.owner.clone(),
                    });
                    owners.len() - 1
                });
                if !seen.contains(&at) {
                    seen.push(at);
                    owners[at].periods.push(PeriodReview {
                        period,
                        objectives: Vec::new(),
                        mean_score: 0.0,
                        grades: GradeCounts::default(),
                        committed_achieved: 0,
                        committed_missed: 0,
                        calibration: calibrations.get(&o.owner.key()).map(|c| c.calibration),
                    });
                }
                let Some(result) = &o.final_result else {
                    continue;
                };
                let review = owners[at].periods.last_mut().expect("pushed above");
                review.objectives.push(ReviewedObjective {
                    id: o.id.clone(),
                    title: o.title.clone(),
                    kind: o.kind,
                    score: result.score,
                    grade: result.grade,
                    retro: o.retro.clone(),
                });
            }
        }
        for owner in &mut owners {
            for review in &mut owner.periods {
                review.mean_score =
                    score::mean(review.objectives.iter().map(|o| o.score)).unwrap_or(0.0);
                for o in &review.objectives {
                    review.grades.add(o.grade);
                }
                review.committed_achieved = review.grades.achieved;
                review.committed_missed = review.grades.missed;
            }
        }
        let warnings = warnings(&owners);
        ReviewView {
            since,
            team: filter.team.clone(),
            periods,
            owners,
            warnings,
        }
    }
}

impl PeriodReview {
    /// Whether the owner had aspirational objectives in this period and every one scored 1.
    fn all_at_100(&self) -> bool {
        let mut aspirational = self
            .objectives
            .iter()
            .filter(|o| o.kind == Kind::Aspirational)
            .peekable();
        aspirational.peek().is_some() && aspirational.all(|o| o.score >= 1.0)
    }
}

/// The warnings Google's guidance names, owner by owner: every aspirational objective at 1
/// in two closed periods in a row (not ambitious enough), and a committed objective missed
/// with nothing said about why.
fn warnings(owners: &[OwnerReview]) -> Vec<Warning> {
    let mut out = Vec::new();
    for owner in owners {
        let name = match owner.key {
            Owner::Company => "the company".to_string(),
            _ => owner.key.to_string(),
        };
        // Their periods with aspirational objectives, in order.
        let stretched: Vec<&PeriodReview> = owner
            .periods
            .iter()
            .filter(|r| r.objectives.iter().any(|o| o.kind == Kind::Aspirational))
            .collect();
        for pair in stretched.windows(2) {
            if pair[0].all_at_100() && pair[1].all_at_100() {
                out.push(Warning {
                    kind: "always-at-100",
                    level: owner.level,
                    owner: owner.owner.clone(),
                    periods: vec![pair[0].period, pair[1].period],
                    objective: None,
                    message: format!(
                        "every aspirational objective of {name} scored 100% in {} and {}: set targets that stretch",
                        pair[0].period, pair[1].period
                    ),
                });
            }
        }
        for review in &owner.periods {
            for o in &review.objectives {
                if o.grade == Grade::Missed && o.retro.is_none() {
                    out.push(Warning {
                        kind: "missed-without-retro",
                        level: owner.level,
                        owner: owner.owner.clone(),
                        periods: vec![review.period],
                        objective: Some(o.id.clone()),
                        message: format!(
                            "{name}'s committed objective `{}` was missed in {} with no retrospective: say why with `okr retro {} TEXT`",
                            o.id, review.period, o.id
                        ),
                    });
                }
            }
        }
    }
    out
}

impl ReviewView {
    fn header(&self) -> String {
        let since = match self.since {
            Some(period) => format!(" since {period}"),
            None => String::new(),
        };
        let team = match &self.team {
            Some(team) => format!(", team {team} and its people"),
            None => String::new(),
        };
        format!("closed periods{since}{team}")
    }

    /// One owner's period in a line: `2026-Q4  2 objectives, mean 64%: 1 green, 1 missed;
    /// committed 0 achieved, 1 missed; calibration 0.21 from 12 check-ins`.
    fn period_line(review: &PeriodReview) -> String {
        let count = review.objectives.len();
        let grades: Vec<String> = (review.grades.counted().iter())
            .map(|(g, n)| format!("{n} {g}"))
            .collect();
        let mut line = format!(
            "{}  {count} objective{}, mean {}: {}",
            review.period,
            super::plural(count),
            percent(review.mean_score),
            grades.join(", ")
        );
        if review.committed_achieved + review.committed_missed > 0 {
            line.push_str(&format!(
                "; committed {} achieved, {} missed",
                review.committed_achieved, review.committed_missed
            ));
        }
        if let Some(c) = &review.calibration {
            line.push_str(&format!("; calibration {}", calibration_figure(c)));
        }
        line
    }

    /// The review as text within `width` columns.
    pub fn text(&self, width: usize) -> String {
        let mut out = format!("okr review: {}\n", self.header());
        if self.owners.is_empty() {
            out.push_str(
                "no closed periods yet; close one with `okr close PERIOD` once it has ended\n",
            );
            return out;
        }
        for owner in &self.owners {
            out.push_str(&format!("\n{}\n", owner.key));
            for review in &owner.periods {
                let line = format!("  {}", Self::period_line(review));
                out.push_str(&layout::wrap(&line, width, "           "));
                out.push('\n');
                for o in &review.objectives {
                    let line = format!(
                        "    {}  {}  {}  {}",
                        o.id,
                        o.title,
                        percent(o.score),
                        o.grade.as_str()
                    );
                    out.push_str(&layout::wrap(&line, width, "        "));
                    out.push('\n');
                    if let Some(retro) = &o.retro {
                        let line = format!("      retro {}", super::retro_text(retro));
                        out.push_str(&layout::wrap(&line, width, "        "));
                        out.push('\n');
                    }
                }
            }
        }
        if !self.warnings.is_empty() {
            out.push_str("\nWARNINGS\n");
            for w in &self.warnings {
                let line = format!("  {}: {}", w.kind, w.message);
                out.push_str(&layout::wrap(&line, width, "    "));
                out.push('\n');
            }
        }
        out
    }

    /// The review as Markdown, for a wiki page or a retrospective's notes.
    pub fn markdown(&self) -> String {
        let mut out = format!("# OKR review: {}\n", self.header());
        if self.owners.is_empty() {
            out.push_str("\nNo closed periods yet.\n");
            return out;
        }
        for owner in &self.owners {
            out.push_str(&format!("\n## {}\n\n", owner.key));
            for review in &owner.periods {
                out.push_str(&format!("- **{}**\n", Self::period_line(review)));
                for o in &review.objectives {
                    out.push_str(&format!(
                        "  - `{}` {}: {}, {}",
                        o.id,
                        o.title,
                        percent(o.score),
                        o.grade.as_str()
                    ));
                    if let Some(retro) = &o.retro {
                        out.push_str(&format!("; retro {}", super::retro_text(retro)));
                    }
                    out.push('\n');
                }
            }
        }
        if !self.warnings.is_empty() {
            out.push_str("\n## Warnings\n\n");
            for w in &self.warnings {
                out.push_str(&format!("- `{}`: {}\n", w.kind, w.message));
            }
        }
        out
    }
}
