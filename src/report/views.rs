//! The `--json` views: documented structures for scripts, separate from the file format.
//!
//! Field names here are a contract (see `docs/json.md`); add fields, never rename them.
//! Scores, `expected` and `elapsed` are unrounded fractions from 0 to 1.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::forecast::{Forecast, ObjectiveForecast};
use crate::model::names::{closest, folded};
use crate::model::{
    Grade, Item, Keep, KeyResult, Kind, Level, ModelError, Objective, Okrs, Owner, Period, Retro,
    Settings, Status, score, status, trend,
};

/// An objective with its scores and key results.
#[derive(Debug, Serialize)]
pub struct ObjectiveView {
    pub id: String,
    pub title: String,
    /// `company`, `team` or `individual`.
    pub level: Level,
    /// `company`, the team's name or the person's name.
    #[serde(serialize_with = "owner_name")]
    pub owner: Owner,
    pub team: Option<String>,
    pub person: Option<String>,
    pub period: Period,
    /// `aspirational` or `committed`.
    pub kind: Kind,
    pub score: f64,
    pub status: Status,
    /// Whether `status` was set by hand (`okr edit ID --status`) rather than judged.
    pub status_manual: bool,
    pub expected: f64,
    pub elapsed: f64,
    /// Change in score over the last 7 days, as a fraction (0.12 is +12 points).
    pub change_7d: f64,
    /// The final grade once the period is over (recorded at `okr close`), else `null`.
    pub grade: Option<Grade>,
    /// Whether its period has been closed with `okr close`.
    pub closed: bool,
    /// The objective this one was carried over from.
    pub carried_from: Option<String>,
    /// Where it is heading at this pace (`score`, and the `grade` that would get at close),
    /// from its key results' forecasts; `null` when none of them has one.
    pub forecast: Option<ObjectiveForecast>,
    /// What its period taught (`okr retro`): `{"note", "score"}`, the owner's own score
    /// `null` when not given; `null` for none.
    #[serde(serialize_with = "retro_json")]
    pub retro: Option<Retro>,
    /// Ids of the key results this objective aligns to.
    pub aligns: Vec<String>,
    pub description: Option<String>,
    /// Fields left in conflict by `okr merge` (see `okr resolve`); empty when none.
    pub conflicts: Vec<String>,
    pub key_results: Vec<KeyResultView>,
}

/// A key result with its current value and score.
#[derive(Debug, Serialize)]
pub struct KeyResultView {
    pub id: String,
    /// The objective it belongs to.
    pub objective: String,
    pub title: String,
    pub start: f64,
    pub target: f64,
    /// The target as given relative to the start (`+25%`, `+300`), `null` when absolute.
    pub relative_target: Option<String>,
    pub current: f64,
    pub unit: Option<String>,
    pub weight: f64,
    pub score: f64,
    pub status: Status,
    /// Whether `status` was set by hand (`okr progress --status`) until the next check-in.
    pub status_manual: bool,
    /// Once the period is over (or closed), the grade its final score earns by its
    /// objective's kind; `null` while it runs. Views show it instead of a pace status.
    pub grade: Option<Grade>,
    /// The score expected by today (the objective's kind and period; through the
    /// milestones, when it has any).
    pub expected: f64,
    /// Phased targets, earliest first: each `date`, the `value` expected by then and the
    /// `score` that value earns. The expected pace runs through them.
    pub milestones: Vec<MilestoneView>,
    /// Share of the period passed by today.
    pub elapsed: f64,
    /// Date of the latest check-in, `null` with none.
    pub last_checkin: Option<NaiveDate>,
    /// The latest confidence a person gave, `null` when none was.
    pub confidence: Option<u8>,
    /// The day it was given.
    pub confidence_on: Option<NaiveDate>,
    /// How far confidence fell at the latest check-in, when by 3 or more; else `null`.
    pub confidence_drop: Option<u8>,
    /// Change in score over the last 7 days, as a fraction.
    pub change_7d: f64,
    /// No check-in for `stale_days` (14) days or more while the period runs.
    pub stale: bool,
    /// How far the current value has gone towards the target, uncapped: 1.5 is half as far
    /// again past it (the score stays 1).
    pub reached: f64,
    /// Past the target: `reached` above 1.
    pub beaten: bool,
    /// Where it is heading at this pace: the `value` a least-squares line through the
    /// period's check-ins reaches on its last day, the `score` that earns and the change
    /// `needed_per_week` from today to reach the target (`null` when done or out of days);
    /// `null` for a key result that keeps a line or has no check-in in the period yet.
    pub forecast: Option<Forecast>,
    /// What its period taught, as for objectives.
    #[serde(serialize_with = "retro_json")]
    pub retro: Option<Retro>,
    /// For a health metric: `above` or `below`, the side of the target its value is kept
    /// on; `null` for a key result that moves towards its target.
    pub keep: Option<Keep>,
    /// The latest note a person wrote (not a KPI's), `null` when none was.
    pub note: Option<String>,
    /// The day it was written.
    pub note_on: Option<NaiveDate>,
    /// The KPI that feeds its check-ins, `null` for none.
    pub kpi: Option<String>,
    /// The person who answers for it, `null` when the objective's owner does.
    pub owner: Option<String>,
    /// Who answers for its check-ins: its owner, else the objective's person, team or the
    /// company (`team growth`, `company`).
    pub answered_by: String,
    /// Fields left in conflict by `okr merge` (see `okr resolve`); empty when none.
    pub conflicts: Vec<String>,
}

/// A milestone of a key result, with the score its value earns.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneView {
    pub date: NaiveDate,
    pub value: f64,
    pub score: f64,
}

impl MilestoneView {
    /// The milestones of `kr`; none for a key result that keeps a line (it has no pace).
    pub fn all(kr: &KeyResult) -> Vec<MilestoneView> {
        if kr.keep.is_some() {
            return Vec::new();
        }
        kr.milestones
            .iter()
            .map(|m| MilestoneView {
                date: m.date,
                value: m.value,
                score: kr.score_of(m.value),
            })
            .collect()
    }

    /// `views` as the points of the pace through them: (share of `period` elapsed by the
    /// day, score).
    pub fn points(views: &[MilestoneView], period: &Period) -> Vec<(f64, f64)> {
        views
            .iter()
            .map(|m| (status::elapsed(period, m.date), m.score))
            .collect()
    }
}

/// One check-in, with the score it gave.
#[derive(Debug, Serialize)]
pub struct CheckInView {
    pub date: NaiveDate,
    pub value: f64,
    pub score: f64,
    pub note: Option<String>,
    pub confidence: Option<u8>,
    /// Who gave it, `null` when not known.
    pub by: Option<String>,
}

/// The mean score of one owner's objectives.
#[derive(Debug, Serialize)]
pub struct OwnerScore {
    pub level: Level,
    pub owner: String,
    pub objectives: usize,
    pub score: f64,
}

impl OwnerScore {
    /// The mean score of each owner of `objectives`, in order of first appearance.
    ///
    /// One pass over the views, indexed by owner: linear in the file, and each objective's
    /// score is computed once.
    pub fn of<'a>(objectives: impl IntoIterator<Item = &'a ObjectiveView>) -> Vec<OwnerScore> {
        let mut index: HashMap<(Level, String), usize> = HashMap::new();
        let mut groups: Vec<(Level, &str, Vec<f64>)> = Vec::new();
        for o in objectives {
            let at = *index.entry(o.owner.key()).or_insert_with(|| {
                groups.push((o.level, o.owner.name(), Vec::new()));
                groups.len() - 1
            });
            groups[at].2.push(o.score);
        }
        groups
            .into_iter()
            .map(|(level, name, scores)| OwnerScore {
                level,
                owner: name.to_string(),
                objectives: scores.len(),
                score: score::mean(scores).unwrap_or(0.0),
            })
            .collect()
    }
}

/// `okr status --json` and `okr list --json`.
#[derive(Debug, Serialize)]
pub struct StatusView {
    /// The day the statuses are computed for.
    pub as_of: NaiveDate,
    /// The period filter, `null` for every period.
    pub period: Option<Period>,
    pub objectives: Vec<ObjectiveView>,
    /// The mean score of each owner's objectives among those shown.
    pub owners: Vec<OwnerScore>,
    /// When no objective is shown: the quarter before `period`, when it has objectives,
    /// has ended and is not closed (close it, then carry what is unfinished); else `null`.
    pub unclosed_before: Option<Period>,
}

/// `okr show ID --json` for a key result.
#[derive(Debug, Serialize)]
pub struct KeyResultDetail {
    #[serde(flatten)]
    pub key_result: KeyResultView,
    pub checkins: Vec<CheckInView>,
    /// Objectives aligned to this key result.
    pub aligned: Vec<String>,
    /// Mean score of the objectives aligned to it; `null` with none.
    pub rollup: Option<f64>,
}

/// `okr history KR --json`.
#[derive(Debug, Serialize)]
pub struct HistoryView {
    pub id: String,
    pub title: String,
    pub unit: Option<String>,
    pub checkins: Vec<CheckInView>,
    /// Its milestones, as on the key result's view.
    pub milestones: Vec<MilestoneView>,
}

/// `okr show ID --json` for an objective.
#[derive(Debug, Serialize)]
pub struct ObjectiveDetail {
    #[serde(flatten)]
    pub objective: ObjectiveView,
    /// Objectives aligned to any of this objective's key results.
    pub aligned: Vec<String>,
}

/// A node of `okr tree --json`: an objective, its key results and what aligns to each.
#[derive(Debug, Serialize)]
pub struct TreeNode {
    #[serde(flatten)]
    pub objective: ObjectiveView,
    /// For each key result (same order as `key_results`), the objectives aligned to it;
    /// empty when `shown_above`.
    pub children: Vec<TreeBranch>,
    /// True where this objective was already expanded under an earlier key result.
    pub shown_above: bool,
}

/// The objectives aligned to one key result.
#[derive(Debug, Serialize)]
pub struct TreeBranch {
    pub key_result: String,
    pub aligned: Vec<TreeNode>,
    /// Mean score of the objectives aligned to the key result; `null` with none. The key
    /// result's own score still comes from its own check-ins.
    pub rollup: Option<f64>,
}

/// `okr tree --json`.
#[derive(Debug, Serialize)]
pub struct TreeView {
    pub as_of: NaiveDate,
    pub period: Period,
    /// Company objectives with everything aligned below them.
    pub tree: Vec<TreeNode>,
    /// Team and individual objectives that reach no company objective through alignment.
    pub unaligned: Vec<ObjectiveView>,
}

/// A retrospective as `{"note", "score"}`, `score` `null` when the owner gave none (the data
/// file leaves it out).
pub fn retro_json<S: serde::Serializer>(
    retro: &Option<Retro>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct View<'a> {
        note: &'a str,
        score: Option<f64>,
    }
    retro
        .as_ref()
        .map(|r| View {
            note: &r.note,
            score: r.score,
        })
        .serialize(serializer)
}

fn owner_name<S: serde::Serializer>(owner: &Owner, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(owner.name())
}

impl KeyResultView {
    /// The forecast while the period runs; once it is over (from its last day) the score
    /// is final, and views show that instead.
    pub fn running_forecast(&self) -> Option<Forecast> {
        self.forecast.filter(|_| self.elapsed < 1.0)
    }

    /// When the latest note was written, where that is not the day of the latest check-in
    /// (a later check-in, a KPI's value say, carried none): ` (2026-11-06)`, else nothing.
    pub fn note_day(&self) -> String {
        match self.note_on {
            Some(day) if Some(day) != self.last_checkin => format!(" ({day})"),
            _ => String::new(),
        }
    }

    /// The view of `kr`, a key result of `objective`, on `today`.
    pub fn new(objective: &Objective, kr: &KeyResult, today: NaiveDate, policy: &Settings) -> Self {
        // Everything is as of `today`: with OKR_TODAY in the past, later check-ins are ignored.
        let score = kr.score_on(today);
        let elapsed = status::elapsed(&objective.period, today);
        // How far it went, uncapped; for a line kept, whether it holds (the score).
        let reached = match kr.keep {
            Some(_) => score,
            None => score::reach(kr.start, kr.target, kr.value_on(today)),
        };
        let confidence = kr.latest_confidence(today);
        let note = kr.latest_note(today);
        KeyResultView {
            id: kr.id.clone(),
            objective: objective.id.clone(),
            title: kr.title.clone(),
            start: kr.start,
            target: kr.target,
            relative_target: kr.relative_target.clone(),
            current: kr.value_on(today),
            unit: kr.unit.clone(),
            weight: kr.weight,
            score,
            status: kr.status_with(score, objective.kind, &objective.period, today, policy),
            status_manual: kr.status.is_some(),
            grade: (objective.final_result.is_some() || today > objective.period.end())
                .then(|| status::grade(score, objective.kind, policy)),
            expected: kr.expected_on(objective.kind, &objective.period, today, policy),
            milestones: MilestoneView::all(kr),
            elapsed,
            last_checkin: kr.known_on(today).last().map(|c| c.date),
            confidence: confidence.map(|(_, c)| c),
            confidence_on: confidence.map(|(day, _)| day),
            confidence_drop: kr.confidence_drop(today, policy.confidence_drop),
            change_7d: score - kr.score_on(trend::week_ago(today)),
            stale: kr.is_stale(&objective.period, today, policy.stale_days),
            reached,
            beaten: kr.keep.is_none() && reached > 1.0,
            // A closed objective's scores are final: nothing left to forecast.
            forecast: objective
                .final_result
                .is_none()
                .then(|| kr.forecast(&objective.period, today))
                .flatten(),
            retro: kr.retro.clone(),
            keep: kr.keep,
            note_on: note.map(|(day, _)| day),
            note: note.map(|(_, n)| n.to_string()),
            kpi: kr.kpi.clone(),
            owner: kr.owner.clone(),
            answered_by: kr.answered_by(objective),
            conflicts: Vec::new(),
        }
    }
}

impl ObjectiveView {
    /// The forecast while the period runs (see [`KeyResultView::running_forecast`]).
    pub fn running_forecast(&self) -> Option<ObjectiveForecast> {
        self.forecast.filter(|_| self.elapsed < 1.0)
    }

    /// The view of `o` on `today`.
    pub fn new(o: &Objective, today: NaiveDate, policy: &Settings) -> Self {
        let elapsed = status::elapsed(&o.period, today);
        let score = o.score_on(today);
        let key_results: Vec<KeyResultView> = o
            .key_results
            .iter()
            .map(|kr| KeyResultView::new(o, kr, today, policy))
            .collect();
        // From its key results' forecasts (none once it is closed), each computed once.
        let forecast = ObjectiveForecast::of(
            o.kind,
            key_results.iter().map(|k| (k.forecast, k.score, k.weight)),
            policy,
        );
        ObjectiveView {
            id: o.id.clone(),
            title: o.title.clone(),
            level: o.level(),
            owner: o.owner.clone(),
            team: o.owner.team().map(str::to_string),
            person: o.owner.person().map(str::to_string),
            period: o.period,
            kind: o.kind,
            score,
            status: o.status(score, today, policy),
            status_manual: o.status.is_some(),
            expected: o.expected_on(today, policy),
            elapsed,
            change_7d: score - o.score_on(trend::week_ago(today)),
            grade: o.grade(score, today, policy),
            closed: o.final_result.is_some(),
            carried_from: o.carried_from.clone(),
            forecast,
            retro: o.retro.clone(),
            aligns: o.aligns.clone(),
            description: o.description.clone(),
            conflicts: Vec::new(),
            key_results,
        }
    }
}

impl ObjectiveView {
    /// Marks the fields of this objective and its key results that `okrs` holds in
    /// conflict.
    pub fn mark_conflicts(&mut self, okrs: &Okrs) {
        for c in okrs.conflicts.iter().filter(|c| c.of.is_item()) {
            if c.id == self.id {
                self.conflicts.push(c.field.clone());
            }
            for kr in self.key_results.iter_mut().filter(|kr| kr.id == c.id) {
                kr.conflicts.push(c.field.clone());
            }
        }
    }
}

impl CheckInView {
    /// Each check-in of `kr` with the score it gave.
    pub fn all(kr: &KeyResult) -> Vec<CheckInView> {
        kr.checkins
            .iter()
            .map(|c| CheckInView {
                date: c.date,
                value: c.value,
                score: kr.score_of(c.value),
                note: c.note.clone(),
                confidence: c.confidence,
                by: c.by.clone(),
            })
            .collect()
    }
}

/// Which objectives a listing shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Objectives overlapping this period.
    pub period: Option<Period>,
    /// Objectives of this team, and of people in it.
    pub team: Option<String>,
    /// Objectives of this person.
    pub person: Option<String>,
}

impl Filter {
    /// Whether `o` passes the filter.
    ///
    /// Names match as people mean them: `--team Content` is team `content`.
    pub fn matches(&self, o: &Objective) -> bool {
        let same = |wanted: &Option<String>, name: Option<&str>| {
            wanted
                .as_deref()
                .is_none_or(|w| name.is_some_and(|n| folded(n) == folded(w)))
        };
        self.period.is_none_or(|p| o.period.overlaps(&p))
            && same(&self.team, o.owner.team())
            && same(&self.person, o.owner.person())
    }

    /// Refuses a team or person that `okrs` does not know, suggesting a close name.
    pub fn check_names(&self, okrs: &Okrs) -> Result<(), ModelError> {
        if let Some(team) = &self.team
            && okrs.team_named(team).is_none()
        {
            return Err(ModelError::UnknownTeam {
                name: team.clone(),
                suggestion: closest(team, okrs.teams()).map(str::to_string),
            });
        }
        if let Some(person) = &self.person
            && okrs.person_named(person).is_none()
        {
            return Err(ModelError::UnknownPerson {
                name: person.clone(),
                suggestion: closest(person, okrs.people()).map(str::to_string),
            });
        }
        Ok(())
    }
}

impl StatusView {
    /// The objectives passing `filter`, with each owner's mean score.
    pub fn new(okrs: &Okrs, filter: &Filter, today: NaiveDate) -> Self {
        let mut objectives: Vec<ObjectiveView> = okrs
            .objectives
            .iter()
            .filter(|o| filter.matches(o))
            .map(|o| ObjectiveView::new(o, today, &okrs.settings))
            .collect();
        if !okrs.conflicts.is_empty() {
            for o in &mut objectives {
                o.mark_conflicts(okrs);
            }
        }
        let owners = OwnerScore::of(&objectives);
        let unclosed_before = match filter.period {
            Some(period) if objectives.is_empty() => unclosed_before(okrs, filter, period, today),
            _ => None,
        };
        StatusView {
            as_of: today,
            period: filter.period,
            objectives,
            owners,
            unclosed_before,
        }
    }
}

/// The quarter before `period` when it has objectives `filter` passes, has ended by `today`
/// and is not closed.
fn unclosed_before(
    okrs: &Okrs,
    filter: &Filter,
    period: Period,
    today: NaiveDate,
) -> Option<Period> {
    let previous = Period::quarter_of(period.start().pred_opt()?).ok()?;
    let before = Filter {
        period: Some(previous),
        ..filter.clone()
    };
    let has_objectives = okrs
        .objectives
        .iter()
        .any(|o| o.period == previous && before.matches(o));
    (has_objectives && today > previous.end() && okrs.closed_period_of(&previous).is_none())
        .then_some(previous)
}

/// Ids of the objectives aligned to any of `ids`.
pub fn aligned_ids(okrs: &Okrs, ids: &[&str]) -> Vec<String> {
    okrs.objectives
        .iter()
        .filter(|o| o.aligns.iter().any(|a| ids.contains(&a.as_str())))
        .map(|o| o.id.clone())
        .collect()
}

/// Mean score on `today` of the objectives aligned to key result `kr`, `None` with none.
pub fn rollup(okrs: &Okrs, kr: &str, today: NaiveDate) -> Option<f64> {
    score::mean(
        okrs.objectives
            .iter()
            .filter(|o| o.aligns.iter().any(|a| a == kr))
            .map(|o| o.score_on(today)),
    )
}

/// `okr show ID --json` and `okr edit --json`: the detail of whatever the id names.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Detail {
    /// An objective.
    Objective(ObjectiveDetail),
    /// A key result.
    KeyResult(KeyResultDetail),
}

impl Detail {
    /// The detail view of whatever `item` is.
    pub fn new(okrs: &Okrs, item: Item<'_>, today: NaiveDate) -> Detail {
        match item {
            Item::Objective(o) => {
                let ids: Vec<&str> = o.key_results.iter().map(|kr| kr.id.as_str()).collect();
                let mut objective = ObjectiveView::new(o, today, &okrs.settings);
                objective.mark_conflicts(okrs);
                Detail::Objective(ObjectiveDetail {
                    objective,
                    aligned: aligned_ids(okrs, &ids),
                })
            }
            Item::KeyResult(o, kr) => Detail::KeyResult(KeyResultDetail {
                key_result: KeyResultView {
                    conflicts: okrs.conflicts_of(&kr.id).map(|c| c.field.clone()).collect(),
                    ..KeyResultView::new(o, kr, today, &okrs.settings)
                },
                checkins: CheckInView::all(kr),
                aligned: aligned_ids(okrs, &[&kr.id]),
                rollup: rollup(okrs, &kr.id, today),
            }),
        }
    }
}
