//! The quarter's life cycle: closing a period (freezing it) and carrying unfinished
//! objectives into the next one.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::rules::{alignment_error, most_active_at_once};
use crate::model::{
    FinalResult, Grade, Item, KeyResult, ModelError, Objective, Okrs, Period, status,
};

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

/// What `carry` did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Carry {
    /// The objectives copied, in the order copied.
    pub carried: Vec<Carried>,
    /// Objectives asked for but not copied because they are done.
    pub skipped: Vec<String>,
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

    /// Copies objectives, with their unfinished key results, into `to`. A copied key result
    /// starts from the value its original reached. Alignment follows a parent carried in the
    /// same call; an alignment whose key result still fits the new period is kept; others
    /// are dropped. The rules are checked in `to`. All or nothing.
    ///
    /// Every lookup goes through indexes built once, so carrying all of a period's objectives
    /// costs time in proportion to the file, not its square.
    ///
    /// Objectives that are done are skipped (and named in the result); a target period that
    /// has ended, and a carry whose copies would break a rule in `to`, are refused.
    pub fn carry(
        &mut self,
        ids: &[String],
        to: Period,
        today: NaiveDate,
    ) -> Result<Carry, ModelError> {
        self.ensure_open(&to, "the target period")?;
        if to.end() < today {
            return Err(ModelError::PeriodOver {
                period: to.to_string(),
                end: to.end().to_string(),
            });
        }
        let index = self.id_index();
        let already: HashMap<&str, &str> = self
            .objectives
            .iter()
            .filter(|o| o.period == to)
            .filter_map(|o| Some((o.carried_from.as_deref()?, o.id.as_str())))
            .collect();
        let mut sources: Vec<&Objective> = Vec::new();
        let mut skipped = Vec::new();
        let mut chosen = std::collections::HashSet::new();
        for id in ids {
            let source = match index.get(id.as_str()) {
                Some(&(i, None)) => &self.objectives[i],
                Some(&(_, Some(_))) => return Err(ModelError::NotAnObjective(id.clone())),
                None => return Err(ModelError::UnknownId(id.clone())),
            };
            if source.period == to {
                return Err(ModelError::AlreadyIn {
                    id: id.clone(),
                    period: to.to_string(),
                });
            }
            if let Some(copy) = already.get(id.as_str()) {
                return Err(ModelError::AlreadyCarried {
                    id: id.clone(),
                    period: to.to_string(),
                    copy: copy.to_string(),
                });
            }
            if source.score() >= 1.0 {
                skipped.push(source.id.clone());
                continue;
            }
            if chosen.insert(source.id.as_str()) {
                sources.push(source);
            }
        }
        // Parents first, so that their new key result ids are known to their children.
        sources.sort_by_key(|o| o.level());

        // The periods of each owner's objectives running during `to`, for the limit.
        let mut owners: HashMap<(crate::model::Level, String), Vec<Period>> = HashMap::new();
        for o in self.objectives.iter().filter(|o| o.period.overlaps(&to)) {
            owners.entry(o.owner.key()).or_default().push(o.period);
        }
        let mut ids = self.ids.clone();
        let mut taken: std::collections::HashSet<String> =
            index.keys().map(|id| id.to_string()).collect();
        let mut claim = |prefix: &str| {
            let id = ids.fresh(prefix, taken.len(), |id| taken.contains(id));
            taken.insert(id.clone());
            id
        };
        let mut kr_map: HashMap<String, String> = HashMap::new();
        let mut copies: Vec<Objective> = Vec::new();
        let mut carried = Vec::new();
        for source in sources {
            let mut copy = Objective {
                id: claim("o"),
                period: to,
                aligns: Vec::new(),
                carried_from: Some(source.id.clone()),
                final_result: None,
                status: None,
                key_results: Vec::new(),
                ..source.clone()
            };
            let running = owners.entry(source.owner.key()).or_default();
            self.objective_limit(&copy.owner, &to, most_active_at_once(running, &to))?;
            running.push(to);
            let mut dropped = Vec::new();
            for kr in &source.aligns {
                if let Some(new_id) = kr_map.get(kr) {
                    copy.aligns.push(new_id.clone());
                    continue;
                }
                let fits = match index.get(kr.as_str()) {
                    Some(&(i, Some(_))) => alignment_error(&copy, &self.objectives[i]).is_none(),
                    _ => false,
                };
                if fits {
                    copy.aligns.push(kr.clone());
                } else {
                    dropped.push(kr.clone());
                }
            }
            let mut done = Vec::new();
            for kr in &source.key_results {
                // A line to keep is never done: it is kept again in the next period.
                if kr.keep.is_none() && (kr.score() >= 1.0 || kr.current() == kr.target) {
                    done.push(kr.id.clone());
                    continue;
                }
                let new_id = claim("kr");
                kr_map.insert(kr.id.clone(), new_id.clone());
                copy.key_results.push(KeyResult {
                    id: new_id,
                    start: kr.current(),
                    relative_target: None,
                    status: None,
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
            copies.push(copy);
        }
        // A carried alignment must still follow the cascade in the new period: an alignment to
        // a carried parent's new key result is checked against that copy.
        let parents: HashMap<&str, &Objective> = copies
            .iter()
            .flat_map(|o| o.key_results.iter().map(move |kr| (kr.id.as_str(), o)))
            .collect();
        for copy in &copies {
            for kr in &copy.aligns {
                if let Some(parent) = parents.get(kr.as_str())
                    && let Some(reason) = alignment_error(copy, parent)
                {
                    return Err(ModelError::BadAlignment {
                        objective: copy.carried_from.clone().unwrap_or_default(),
                        kr: kr.clone(),
                        reason,
                    });
                }
            }
        }
        // The copies must not break a rule where they land: checked on the file with them.
        let new_ids: HashMap<String, String> = copies
            .iter()
            .flat_map(|o| {
                let from = o.carried_from.clone().unwrap_or_default();
                std::iter::once((o.id.clone(), from.clone())).chain(
                    o.key_results
                        .iter()
                        .map(move |kr| (kr.id.clone(), from.clone())),
                )
            })
            .collect();
        let before = self.objectives.len();
        self.objectives.extend(copies);
        let broken = crate::model::rules::check(self, Some(&to), today)
            .into_iter()
            .find(|p| {
                p.severity == crate::model::rules::Severity::Error && new_ids.contains_key(&p.id)
            });
        if let Some(problem) = broken {
            self.objectives.truncate(before);
            return Err(ModelError::CarryBreaksRule {
                id: new_ids[&problem.id].clone(),
                period: to.to_string(),
                problem: format!("{} [{}]", problem.message, problem.rule.as_str()),
            });
        }
        self.ids = ids;
        Ok(Carry { carried, skipped })
    }
}
