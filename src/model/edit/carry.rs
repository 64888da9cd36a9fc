//! Carrying unfinished objectives into the next period: `okr carry`.
//!
//! The steps, each a function: choose what is carried ([`Okrs::carry_sources`]), copy each
//! objective with its unfinished key results ([`Copier::copy`]), check the copies' cascade
//! among themselves ([`check_cascade`]), then check the rules on the file as it would be and
//! only then take it ([`Okrs::carry`]).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::model::ids::IdSource;
use crate::model::rules::{self, Severity, alignment_error, most_active_at_once};
use crate::model::{KeyResult, Level, ModelError, Objective, Okrs, Period};

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
    /// The key results copied, each from the value its original reached.
    pub key_results: Vec<CarriedKeyResult>,
    /// The period it was carried from, and whether that is closed.
    pub from_period: Period,
    /// Whether `from_period` is closed.
    pub from_closed: bool,
}

/// A key result copied into the new period.
#[derive(Debug, Clone, PartialEq)]
pub struct CarriedKeyResult {
    /// The key result carried.
    pub from: String,
    /// Its copy.
    pub to: String,
    /// Where the copy starts: the value the original reached.
    pub start: f64,
    /// The target, kept.
    pub target: f64,
    /// The unit of both.
    pub unit: Option<String>,
}

/// What `carry` did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Carry {
    /// The objectives copied, in the order copied.
    pub carried: Vec<Carried>,
    /// Objectives asked for but not copied because they are done.
    pub skipped: Vec<String>,
}

/// Where each id is: its objective's index, and the key result's index within it.
type IdIndex<'a> = HashMap<&'a str, (usize, Option<usize>)>;

impl Okrs {
    /// Copies objectives, with their unfinished key results, into `to`. A copied key result
    /// starts from the value its original reached. Alignment follows a parent carried in the
    /// same call; an alignment whose key result still fits the new period is kept; others
    /// are dropped. The rules are checked in `to`. All or nothing: the file is changed only
    /// once the whole carry is known to fit.
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
        let (sources, skipped) = self.carry_sources(ids, &to, &index)?;
        let mut copier = Copier::new(self, &index, to);
        // The same carry of the same file draws the same ids: `--dry-run` shows the ids the
        // real run then gives.
        if !copier.ids.is_seeded() {
            copier.ids = IdSource::seeded(carry_seed(&sources, &to, self.objectives.len()));
        }
        let mut copies = Vec::new();
        let mut carried = Vec::new();
        for source in sources {
            let (copy, record) = copier.copy(source)?;
            copies.push(copy);
            carried.push(record);
        }
        check_cascade(&copies)?;
        let ids = copier.ids;
        let new_ids = carried_ids(&copies);
        let mut next = self.clone();
        next.objectives.extend(copies);
        next.ids = ids;
        next.check_carried(&new_ids, &to, today)?;
        *self = next;
        Ok(Carry { carried, skipped })
    }

    /// The objectives `ids` names, parents first (so that their new key result ids are known
    /// to their children), each once; and those skipped because they are done. Refuses an
    /// unknown id, a key result's, one already in `to`, and one carried there before.
    fn carry_sources<'a>(
        &'a self,
        ids: &[String],
        to: &Period,
        index: &IdIndex<'_>,
    ) -> Result<(Vec<&'a Objective>, Vec<String>), ModelError> {
        let already: HashMap<&str, &str> = self
            .objectives
            .iter()
            .filter(|o| o.period == *to)
            .filter_map(|o| Some((o.carried_from.as_deref()?, o.id.as_str())))
            .collect();
        let mut sources: Vec<&Objective> = Vec::new();
        let mut skipped = Vec::new();
        let mut chosen = HashSet::new();
        for id in ids {
            let source = match index.get(id.as_str()) {
                Some(&(i, None)) => &self.objectives[i],
                Some(&(_, Some(_))) => return Err(ModelError::NotAnObjective(id.clone())),
                None => return Err(ModelError::UnknownId(id.clone())),
            };
            if source.period == *to {
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
            } else if chosen.insert(source.id.as_str()) {
                sources.push(source);
            }
        }
        sources.sort_by_key(|o| o.level());
        Ok((sources, skipped))
    }

    /// Refuses the file with the copies when it breaks a rule in `to` that names one of
    /// them (the rules of objectives already there are their own business). A copy left
    /// aligned to nothing is carried all the same: the alignment it lost is reported, and
    /// `okr check` names the objective to align.
    fn check_carried(
        &self,
        new_ids: &HashMap<String, String>,
        to: &Period,
        today: NaiveDate,
    ) -> Result<(), ModelError> {
        let broken = rules::check(self, Some(to), today).into_iter().find(|p| {
            p.severity == Severity::Error
                && p.rule != rules::Rule::Unaligned
                && new_ids.contains_key(&p.id)
        });
        match broken {
            Some(problem) => Err(ModelError::CarryBreaksRule {
                id: new_ids[&problem.id].clone(),
                period: to.to_string(),
                problem: format!("{} [{}]", problem.message, problem.rule.as_str()),
            }),
            None => Ok(()),
        }
    }
}

/// Makes the copies: fresh ids that clash with nothing in the file or in another copy, the
/// owners' limits counted as copies land, and each carried key result's new id.
struct Copier<'a> {
    okrs: &'a Okrs,
    index: &'a IdIndex<'a>,
    to: Period,
    ids: IdSource,
    taken: HashSet<String>,
    /// The periods of each owner's objectives running during `to`, for the limit.
    owners: HashMap<(Level, String), Vec<Period>>,
    /// The new id of each key result carried so far.
    kr_map: HashMap<String, String>,
}

impl<'a> Copier<'a> {
    fn new(okrs: &'a Okrs, index: &'a IdIndex<'a>, to: Period) -> Copier<'a> {
        let mut owners: HashMap<(Level, String), Vec<Period>> = HashMap::new();
        for o in okrs.objectives.iter().filter(|o| o.period.overlaps(&to)) {
            owners.entry(o.owner.key()).or_default().push(o.period);
        }
        Copier {
            okrs,
            index,
            to,
            ids: okrs.ids.clone(),
            taken: index.keys().map(|id| id.to_string()).collect(),
            owners,
            kr_map: HashMap::new(),
        }
    }

    fn claim(&mut self, prefix: &str) -> String {
        let taken = &self.taken;
        let id = self.ids.fresh(prefix, taken.len(), |id| taken.contains(id));
        self.taken.insert(id.clone());
        id
    }

    /// The copy of `source` in the new period, and what became of its key results and
    /// alignments.
    fn copy(&mut self, source: &Objective) -> Result<(Objective, Carried), ModelError> {
        let to = self.to;
        let mut copy = Objective {
            id: self.claim("o"),
            period: to,
            aligns: Vec::new(),
            carried_from: Some(source.id.clone()),
            final_result: None,
            status: None,
            retro: None,
            key_results: Vec::new(),
            ..source.clone()
        };
        let running = self.owners.entry(source.owner.key()).or_default();
        self.okrs
            .objective_limit(&copy.owner, &to, most_active_at_once(running, &to))?;
        running.push(to);
        let dropped = self.carry_alignments(source, &mut copy);
        let mut done = Vec::new();
        let mut key_results = Vec::new();
        for kr in &source.key_results {
            // A line to keep is never done: it is kept again in the next period.
            if kr.keep.is_none() && (kr.score() >= 1.0 || kr.current() == kr.target) {
                done.push(kr.id.clone());
                continue;
            }
            let new_id = self.claim("kr");
            self.kr_map.insert(kr.id.clone(), new_id.clone());
            key_results.push(CarriedKeyResult {
                from: kr.id.clone(),
                to: new_id.clone(),
                start: kr.current(),
                target: kr.target,
                unit: kr.unit.clone(),
            });
            copy.key_results.push(KeyResult {
                id: new_id,
                start: kr.current(),
                relative_target: None,
                status: None,
                // Milestones are days of the old period.
                milestones: Vec::new(),
                retro: None,
                checkins: Vec::new(),
                ..kr.clone()
            });
        }
        let record = Carried {
            from: source.id.clone(),
            to: copy.id.clone(),
            done,
            dropped,
            key_results,
            from_period: source.period,
            from_closed: self.okrs.closed_period_of(&source.period).is_some(),
        };
        Ok((copy, record))
    }

    /// Aligns `copy` as `source` was: to a carried parent's new key result, or to the same
    /// key result while it fits the new period. Returns the alignments dropped.
    fn carry_alignments(&self, source: &Objective, copy: &mut Objective) -> Vec<String> {
        let mut dropped = Vec::new();
        for kr in &source.aligns {
            if let Some(new_id) = self.kr_map.get(kr) {
                copy.aligns.push(new_id.clone());
                continue;
            }
            let fits = match self.index.get(kr.as_str()) {
                Some(&(i, Some(_))) => alignment_error(copy, &self.okrs.objectives[i]).is_none(),
                _ => false,
            };
            if fits {
                copy.aligns.push(kr.clone());
            } else {
                dropped.push(kr.clone());
            }
        }
        dropped
    }
}

/// A seed for the ids of a carry: the objectives carried, where to, and how large the file
/// is. SipHash with fixed keys, so that it is the same from one run to the next.
fn carry_seed(sources: &[&Objective], to: &Period, objectives: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    to.to_string().hash(&mut hasher);
    objectives.hash(&mut hasher);
    for source in sources {
        source.id.hash(&mut hasher);
    }
    hasher.finish()
}

/// Each copy's id and its key results' ids, with the id of the objective they were carried
/// from: what a problem found in the new period is reported by.
fn carried_ids(copies: &[Objective]) -> HashMap<String, String> {
    let mut ids = HashMap::new();
    for copy in copies {
        let from = copy.carried_from.clone().unwrap_or_default();
        for kr in &copy.key_results {
            ids.insert(kr.id.clone(), from.clone());
        }
        ids.insert(copy.id.clone(), from);
    }
    ids
}

/// A carried alignment must still follow the cascade in the new period: an alignment to a
/// carried parent's new key result is checked against that copy.
fn check_cascade(copies: &[Objective]) -> Result<(), ModelError> {
    let parents: HashMap<&str, &Objective> = copies
        .iter()
        .flat_map(|o| o.key_results.iter().map(move |kr| (kr.id.as_str(), o)))
        .collect();
    for copy in copies {
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
    Ok(())
}
