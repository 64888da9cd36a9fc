//! The quarter's life cycle: closing a period (freezing it, grading what it held) and
//! reopening it. Carrying its unfinished objectives on is `carry.rs`.

use chrono::NaiveDate;

use crate::model::{FinalResult, Grade, Item, ModelError, Okrs, Period, Retro, status};

/// One objective's result at closing.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    /// The objective.
    pub id: String,
    /// Its final score.
    pub score: f64,
    /// Its grade.
    pub grade: Grade,
}

/// Whether `inner` lies entirely within `outer`.
pub(in crate::model) fn within(inner: &Period, outer: &Period) -> bool {
    outer.start() <= inner.start() && inner.end() <= outer.end()
}

impl Okrs {
    /// The closed period that freezes `period`, if any: one that contains it.
    pub fn closed_period_of(&self, period: &Period) -> Option<Period> {
        self.closed_periods
            .iter()
            .copied()
            .find(|c| within(period, c))
    }

    /// Refuses a change to anything in a closed period; `what` names what would change.
    pub(in crate::model) fn ensure_open(
        &self,
        period: &Period,
        what: &str,
    ) -> Result<(), ModelError> {
        match self.closed_period_of(period) {
            Some(closed) => Err(ModelError::Closed {
                what: what.to_string(),
                period: closed.to_string(),
            }),
            None => Ok(()),
        }
    }

    /// Records what was learned from objective or key result `id` once its period has ended
    /// (closed or not: the one change a closed period takes), with the owner's own score if
    /// given; a second retrospective replaces the first.
    pub fn retro(
        &mut self,
        id: &str,
        note: &str,
        score: Option<f64>,
        today: NaiveDate,
    ) -> Result<(), ModelError> {
        let note = super::add::text("the retrospective", note)?;
        if let Some(score) = score.filter(|s| !(0.0..=1.0).contains(s)) {
            return Err(ModelError::InvalidOwnScore(score.to_string()));
        }
        let period = match self.item(id)? {
            Item::Objective(o) | Item::KeyResult(o, _) => o.period,
        };
        if today <= period.end() {
            return Err(ModelError::RetroTooEarly {
                id: id.to_string(),
                period,
                end: period.end(),
            });
        }
        let retro = Some(Retro { note, score });
        match self.item(id)? {
            Item::Objective(_) => self.objective_mut(id)?.retro = retro,
            Item::KeyResult(..) => {
                let (o, index) = self.key_result_mut(id)?;
                o.key_results[index].retro = retro;
            }
        }
        self.settle(id, &["retro"]);
        Ok(())
    }

    /// Refuses a change to the objective `id` names, or to the objective of the key result it
    /// names, when that objective lies in a closed period.
    pub(in crate::model) fn ensure_open_item(&self, id: &str) -> Result<(), ModelError> {
        match self.find(id) {
            Some(Item::Objective(o)) | Some(Item::KeyResult(o, _)) => {
                self.ensure_open(&o.period, &format!("`{id}`"))
            }
            None => Ok(()),
        }
    }

    /// Closes `period`: records each objective's final score and grade and freezes
    /// everything within the period. Returns the results, in file order.
    ///
    /// A period that has not ended yet is closed only when `early`: grading at a third of the
    /// quarter is a mistake more often than a plan. A period with no objectives is refused.
    pub fn close(
        &mut self,
        period: Period,
        today: NaiveDate,
        early: bool,
    ) -> Result<Vec<Graded>, ModelError> {
        if let Some(closed) = self.closed_period_of(&period) {
            return Err(ModelError::AlreadyClosed {
                period: period.to_string(),
                by: closed.to_string(),
            });
        }
        if today <= period.end() && !early {
            return Err(ModelError::StillRunning {
                period: period.to_string(),
                end: period.end().to_string(),
            });
        }
        if !self.objectives.iter().any(|o| within(&o.period, &period)) {
            return Err(ModelError::NothingToClose(period.to_string()));
        }
        let mut results = Vec::new();
        let policy = self.settings.clone();
        for o in self
            .objectives
            .iter_mut()
            .filter(|o| within(&o.period, &period))
        {
            let score = o.score_on(today);
            let grade = status::grade(score, o.kind, &policy);
            o.final_result = Some(FinalResult {
                on: today,
                score,
                grade,
            });
            results.push(Graded {
                id: o.id.clone(),
                score,
                grade,
            });
        }
        self.closed_periods.push(period);
        Ok(results)
    }

    /// Reopens a closed period: its objectives can change again and lose their recorded
    /// result. Returns the ids reopened.
    pub fn reopen(&mut self, period: Period) -> Result<Vec<String>, ModelError> {
        let before = self.closed_periods.len();
        self.closed_periods.retain(|c| *c != period);
        if self.closed_periods.len() == before {
            return Err(ModelError::NotClosed(period.to_string()));
        }
        let still_closed = self.closed_periods.clone();
        let mut reopened = Vec::new();
        for o in &mut self.objectives {
            if within(&o.period, &period) && !still_closed.iter().any(|c| within(&o.period, c)) {
                o.final_result = None;
                reopened.push(o.id.clone());
            }
        }
        Ok(reopened)
    }

    /// The unfinished objectives (score below 1) whose period is exactly `period`.
    pub fn unfinished(&self, period: &Period) -> Vec<String> {
        self.objectives
            .iter()
            .filter(|o| o.period == *period && o.score() < 1.0)
            .map(|o| o.id.clone())
            .collect()
    }
}
