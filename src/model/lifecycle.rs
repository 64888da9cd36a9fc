//! The quarter's life cycle: closing a period (freezing it) and carrying unfinished
//! objectives into the next one.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::rules::alignment_error;
use super::{Closing, Grade, Item, KeyResult, Level, ModelError, Objective, Okrs, Period, status};

/// One objective's result at closing.
#[derive(Debug, Clone, PartialEq)]
pub struct Closed {
    /// The objective.
    pub id: String,
    /// Its final score.
    pub score: f64,
    /// Its grade.
    pub grade: Grade,
}

/// One objective copied into a new period.
#[derive(Debug, Clone, PartialEq)]
pub struct Carried {
    /// The objective carried.
    pub from: String,
    /// Its copy in the new period.
    pub to: String,
    /// Key results left behind because they were done.
    pub done: Vec<String>,
    /// Alignments dropped because their key result was not carried and does not fit the new
    /// period.
    pub dropped: Vec<String>,
}

/// Whether `inner` lies entirely within `outer`.
pub(super) fn within(inner: &Period, outer: &Period) -> bool {
    outer.start() <= inner.start() && inner.end() <= outer.end()
}

impl Okrs {
    /// The closed period that freezes `period`, if any: one that contains it.
    pub fn closed_period_of(&self, period: &Period) -> Option<Period> {
        self.closed.iter().copied().find(|c| within(period, c))
    }

    /// Refuses a change to anything in a closed period; `what` names what would change.
    pub(super) fn ensure_open(&self, period: &Period, what: &str) -> Result<(), ModelError> {
        match self.closed_period_of(period) {
            Some(closed) => Err(ModelError::Closed {
                what: what.to_string(),
                period: closed.to_string(),
            }),
            None => Ok(()),
        }
    }

    /// Refuses a change to the objective `id` names, or to the objective of the key result it
    /// names, when that objective lies in a closed period.
    pub(super) fn ensure_open_item(&self, id: &str) -> Result<(), ModelError> {
        match self.find(id) {
            Some(Item::Objective(o)) | Some(Item::KeyResult(o, _)) => {
                self.ensure_open(&o.period, &format!("`{id}`"))
            }
            None => Ok(()),
        }
    }

    /// Closes `period`: records each objective's final score and grade and freezes
    /// everything within the period. Returns the results, in file order.
    pub fn close(&mut self, period: Period, today: NaiveDate) -> Result<Vec<Closed>, ModelError> {
        if let Some(closed) = self.closed_period_of(&period) {
            return Err(ModelError::AlreadyClosed {
                period: period.to_string(),
                by: closed.to_string(),
            });
        }
        let mut results = Vec::new();
        for o in self
            .objectives
            .iter_mut()
            .filter(|o| within(&o.period, &period))
        {
            let score = o.score_on(today);
            let grade = status::grade(score, o.kind);
            o.closed = Some(Closing {
                on: today,
                score,
                grade,
            });
            results.push(Closed {
                id: o.id.clone(),
                score,
                grade,
            });
        }
        self.closed.push(period);
        Ok(results)
    }

    /// Reopens a closed period: its objectives can change again and lose their recorded
    /// result. Returns the ids reopened.
    pub fn reopen(&mut self, period: Period) -> Result<Vec<String>, ModelError> {
        let before = self.closed.len();
        self.closed.retain(|c| *c != period);
        if self.closed.len() == before {
            return Err(ModelError::NotClosed(period.to_string()));
        }
        let still_closed = self.closed.clone();
        let mut reopened = Vec::new();
        for o in &mut self.objectives {
            if within(&o.period, &period) && !still_closed.iter().any(|c| within(&o.period, c)) {
                o.closed = None;
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

    /// Copies objectives, with their unfinished key results, into `to`. A copied key result
    /// starts from the value its original reached. Alignment follows a parent carried in the
    /// same call; an alignment whose key result still fits the new period is kept; others
    /// are dropped. The rules are checked in `to`. All or nothing.
    pub fn carry(&mut self, ids: &[String], to: Period) -> Result<Vec<Carried>, ModelError> {
        self.ensure_open(&to, "the target period")?;
        let mut sources: Vec<Objective> = Vec::new();
        for id in ids {
            let source = match self.find(id) {
                Some(Item::Objective(o)) => o.clone(),
                Some(Item::KeyResult(..)) => return Err(ModelError::NotAnObjective(id.clone())),
                None => return Err(ModelError::UnknownId(id.clone())),
            };
            if source.period == to {
                return Err(ModelError::AlreadyIn {
                    id: id.clone(),
                    period: to.to_string(),
                });
            }
            if let Some(copy) = self
                .objectives
                .iter()
                .find(|o| o.period == to && o.carried_from.as_deref() == Some(id.as_str()))
            {
                return Err(ModelError::AlreadyCarried {
                    id: id.clone(),
                    period: to.to_string(),
                    copy: copy.id.clone(),
                });
            }
            if !sources.iter().any(|s| s.id == source.id) {
                sources.push(source);
            }
        }
        // Parents first, so that their new key result ids are known to their children.
        sources.sort_by_key(|o| match o.level {
            Level::Company => 0,
            Level::Team => 1,
            Level::Individual => 2,
        });

        let mut next = self.clone();
        let mut kr_map: HashMap<String, String> = HashMap::new();
        let mut carried = Vec::new();
        for source in sources {
            let mut copy = Objective {
                id: next.claim_id(None, true)?,
                period: to,
                aligns: Vec::new(),
                carried_from: Some(source.id.clone()),
                closed: None,
                key_results: Vec::new(),
                ..source.clone()
            };
            next.check_objective_limit(&copy, None)?;
            let mut dropped = Vec::new();
            for kr in &source.aligns {
                if let Some(new_id) = kr_map.get(kr) {
                    copy.aligns.push(new_id.clone());
                } else if next.check_alignment(&copy, kr).is_ok() {
                    copy.aligns.push(kr.clone());
                } else {
                    dropped.push(kr.clone());
                }
            }
            let mut done = Vec::new();
            for kr in &source.key_results {
                if kr.score() >= 1.0 || kr.current() == kr.target {
                    done.push(kr.id.clone());
                    continue;
                }
                let new_id = next.claim_id(None, false)?;
                kr_map.insert(kr.id.clone(), new_id.clone());
                copy.key_results.push(KeyResult {
                    id: new_id,
                    start: kr.current(),
                    relative_target: None,
                    checkins: Vec::new(),
                    ..kr.clone()
                });
            }
            carried.push(Carried {
                from: source.id.clone(),
                to: copy.id.clone(),
                done,
                dropped,
            });
            next.objectives.push(copy);
        }
        // A carried alignment must still follow the cascade in the new period.
        for c in &carried {
            if let Some(copy) = next.objective(&c.to) {
                for kr in &copy.aligns {
                    if let Some(Item::KeyResult(parent, _)) = next.find(kr)
                        && let Some(reason) = alignment_error(copy, parent)
                    {
                        return Err(ModelError::BadAlignment {
                            objective: copy.id.clone(),
                            kr: kr.clone(),
                            reason,
                        });
                    }
                }
            }
        }
        *self = next;
        Ok(carried)
    }
}
