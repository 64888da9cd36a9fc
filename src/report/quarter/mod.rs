//! `okr report`: the end-of-period report. One view, built here, carries every fact; each
//! format renders the same view, so they cannot disagree.

pub mod csv;
pub mod html;
pub mod markdown;
pub mod svg;
pub mod table;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::views::{CheckInView, Filter, ObjectiveView, OwnerScore};
use crate::model::calibration::{self, OwnerCalibration};
use crate::model::{Grade, Level, Okrs, Period, Status, status};

/// Version of the JSON report structure; bumped only for changes that break readers.
pub const REPORT_VERSION: u32 = 1;

/// The whole report, as `okr report --format json` prints it (see `docs/json.md`).
#[derive(Debug, Serialize)]
pub struct ReportView {
    /// The file's settings, for the formulas the renderers draw (the expected pace).
    #[serde(skip)]
    pub policy: crate::model::Settings,
    pub report_version: u32,
    pub period: Period,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub as_of: NaiveDate,
    /// Share of the period passed by `as_of`.
    pub elapsed: f64,
    /// Whether the period is over (grades instead of statuses).
    pub ended: bool,
    /// The team filter, `null` for everyone.
    pub team: Option<String>,
    pub summary: Summary,
    pub objectives: Vec<ReportObjective>,
    /// For each company key result, what aligns to it, level by level.
    pub cascade: Vec<CascadeEntry>,
    /// Team and individual objectives that align to nothing.
    pub unaligned: Vec<String>,
    /// Key results that need a look, with the reasons.
    pub attention: Vec<Attention>,
    /// Once the period is over: each owner's Brier score of the confidence they gave
    /// (`brier`, with the `checkins` it rests on); empty while it runs.
    pub calibration: Vec<OwnerCalibration>,
}

/// Counts and scores over the objectives in the report.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub objectives: usize,
    pub key_results: usize,
    /// Mean score of the company objectives, `null` when none are in the report.
    pub company_score: Option<f64>,
    /// Each team's mean score over its team objectives.
    pub teams: Vec<TeamScore>,
    /// Each person's mean score over their objectives.
    pub people: Vec<PersonScore>,
    /// Objectives per status (while the period runs).
    pub statuses: StatusCounts,
    /// Objectives per grade (once the period is over; all 0 before).
    pub grades: GradeCounts,
    /// Committed objectives graded `missed`.
    pub committed_missed: Vec<String>,
    /// Aspirational objectives whose every key result reached 100%.
    pub stretch_too_low: Vec<String>,
    /// Key results past their target, with how far they went.
    pub beaten: Vec<Beaten>,
}

/// A key result past its target.
#[derive(Debug, Serialize)]
pub struct Beaten {
    pub key_result: String,
    pub title: String,
    /// How far it went: 1.5 is half as far again past the target.
    pub reached: f64,
}

#[derive(Debug, Serialize)]
pub struct TeamScore {
    pub team: String,
    pub objectives: usize,
    pub score: f64,
}

#[derive(Debug, Serialize)]
pub struct PersonScore {
    pub person: String,
    pub objectives: usize,
    pub score: f64,
}

#[derive(Debug, Default, Serialize)]
pub struct StatusCounts {
    pub not_started: usize,
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
    pub done: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct GradeCounts {
    pub green: usize,
    pub yellow: usize,
    pub red: usize,
    pub achieved: usize,
    pub missed: usize,
}

impl GradeCounts {
    /// Counts one more objective of `grade`.
    pub fn add(&mut self, grade: Grade) {
        match grade {
            Grade::Green => self.green += 1,
            Grade::Yellow => self.yellow += 1,
            Grade::Red => self.red += 1,
            Grade::Achieved => self.achieved += 1,
            Grade::Missed => self.missed += 1,
        }
    }

    /// The grades counted, best first: `[("green", 1), ("missed", 2)]`.
    pub fn counted(&self) -> Vec<(&'static str, usize)> {
        [
            (Grade::Green, self.green),
            (Grade::Yellow, self.yellow),
            (Grade::Red, self.red),
            (Grade::Achieved, self.achieved),
            (Grade::Missed, self.missed),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(grade, n)| (grade.as_str(), n))
        .collect()
    }
}

/// An objective with its key results and their check-ins.
#[derive(Debug, Serialize)]
pub struct ReportObjective {
    #[serde(flatten)]
    pub objective: ObjectiveView,
    /// For each key result (same order as `key_results`), its check-ins, oldest first.
    pub checkins: Vec<Vec<CheckInView>>,
    /// Aspirational, and every key result reached 100% (see `Objective::stretch_too_low`).
    #[serde(skip)]
    pub stretch_too_low: bool,
}

/// One company key result and the objectives below it.
#[derive(Debug, Serialize)]
pub struct CascadeEntry {
    pub key_result: String,
    pub title: String,
    pub objective: String,
    pub score: f64,
    /// Team objectives aligned to it, each with the individual objectives aligned below.
    pub aligned: Vec<CascadeObjective>,
}

#[derive(Debug, Serialize)]
pub struct CascadeObjective {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub score: f64,
    pub below: Vec<CascadeObjective>,
}

/// One line of the cascade as text formats print it.
pub struct CascadeRow<'a> {
    /// 0 for a company key result, 1 for a team objective, 2 for a person's.
    pub depth: usize,
    pub id: &'a str,
    pub title: &'a str,
    /// The company objective of a key result, or the owner of an objective (`team growth`).
    pub context: String,
    pub score: f64,
}

impl ReportView {
    /// The cascade flattened into rows, level by level, for the text formats.
    pub fn cascade_rows(&self) -> Vec<CascadeRow<'_>> {
        let mut rows = Vec::new();
        for entry in &self.cascade {
            rows.push(CascadeRow {
                depth: 0,
                id: &entry.key_result,
                title: &entry.title,
                context: entry.objective.clone(),
                score: entry.score,
            });
            for team in &entry.aligned {
                rows.push(CascadeRow {
                    depth: 1,
                    id: &team.id,
                    title: &team.title,
                    context: format!("team {}", team.owner),
                    score: team.score,
                });
                rows.extend(team.below.iter().map(|person| CascadeRow {
                    depth: 2,
                    id: &person.id,
                    title: &person.title,
                    context: person.owner.clone(),
                    score: person.score,
                }));
            }
        }
        rows
    }
}

/// A key result that needs a look.
#[derive(Debug, Serialize)]
pub struct Attention {
    pub key_result: String,
    pub title: String,
    pub objective: String,
    pub reasons: Vec<Reason>,
    /// The file's `stale_days`, for saying what `stale` means.
    #[serde(skip)]
    pub stale_days: u32,
}

/// Why a key result needs a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// Its status is off track.
    OffTrack,
    /// No check-in for `trend::STALE_DAYS` days while the period runs.
    Stale,
    /// Confidence fell by `trend::CONFIDENCE_DROP` or more at the latest check-in.
    ConfidenceDrop,
}

impl Reason {
    /// The reason in words.
    pub fn text(self, stale_days: u32) -> String {
        match self {
            Reason::OffTrack => "off track".into(),
            Reason::Stale => format!("no check-in for {stale_days} days"),
            Reason::ConfidenceDrop => "confidence dropped".into(),
        }
    }
}

impl ReportView {
    /// The report on `period` (objectives overlapping it) for `team` (and its people), as of
    /// `today`.
    pub fn new(okrs: &Okrs, period: Period, team: Option<String>, today: NaiveDate) -> Self {
        let filter = Filter {
            period: Some(period),
            team: team.clone(),
            person: None,
        };
        let ended = today > period.end();
        let objectives: Vec<ReportObjective> = okrs
            .objectives
            .iter()
            .filter(|o| filter.matches(o))
            .map(|objective| ReportObjective {
                checkins: objective
                    .key_results
                    .iter()
                    .map(|kr| {
                        CheckInView::all(kr)
                            .into_iter()
                            .filter(|c| c.date <= today)
                            .collect()
                    })
                    .collect(),
                stretch_too_low: objective.stretch_too_low(today),
                objective: {
                    let mut view = ObjectiveView::new(objective, today, &okrs.settings);
                    view.mark_conflicts(okrs);
                    view
                },
            })
            .collect();
        let owners = OwnerScore::of(objectives.iter().map(|o| &o.objective));
        let summary = summarise(&objectives, &owners);
        let (cascade, unaligned) = cascade(&objectives);
        let attention = attention(&objectives, okrs.settings.stale_days);
        let calibration = if ended || okrs.closed_period_of(&period).is_some() {
            let shown = okrs.objectives.iter().filter(|o| filter.matches(o));
            calibration::calibration(shown, &period, &okrs.settings)
        } else {
            Vec::new()
        };
        ReportView {
            policy: okrs.settings.clone(),
            report_version: REPORT_VERSION,
            period,
            start: period.start(),
            end: period.end(),
            as_of: today,
            elapsed: status::elapsed(&period, today),
            ended,
            team,
            summary,
            objectives,
            cascade,
            unaligned,
            attention,
            calibration,
        }
    }
}

fn summarise(objectives: &[ReportObjective], owners: &[OwnerScore]) -> Summary {
    let mut statuses = StatusCounts::default();
    let mut grades = GradeCounts::default();
    let mut committed_missed = Vec::new();
    let mut stretch_too_low = Vec::new();
    let beaten = objectives
        .iter()
        .flat_map(|o| &o.objective.key_results)
        .filter(|kr| kr.beaten)
        .map(|kr| Beaten {
            key_result: kr.id.clone(),
            title: kr.title.clone(),
            reached: kr.reached,
        })
        .collect();
    for report in objectives {
        let o = &report.objective;
        match o.grade {
            Some(grade) => {
                grades.add(grade);
                if grade == Grade::Missed {
                    committed_missed.push(o.id.clone());
                }
            }
            None => match o.status {
                Status::NotStarted => statuses.not_started += 1,
                Status::OnTrack => statuses.on_track += 1,
                Status::AtRisk => statuses.at_risk += 1,
                Status::OffTrack => statuses.off_track += 1,
                Status::Done => statuses.done += 1,
            },
        }
        if report.stretch_too_low {
            stretch_too_low.push(o.id.clone());
        }
    }
    let score_of = |level: Level| owners.iter().filter(move |s| s.level == level);
    Summary {
        objectives: objectives.len(),
        key_results: objectives
            .iter()
            .map(|o| o.objective.key_results.len())
            .sum(),
        company_score: score_of(Level::Company).next().map(|s| s.score),
        people: score_of(Level::Individual)
            .map(|s| PersonScore {
                person: s.owner.clone(),
                objectives: s.objectives,
                score: s.score,
            })
            .collect(),
        teams: score_of(Level::Team)
            .map(|s| TeamScore {
                team: s.owner.clone(),
                objectives: s.objectives,
                score: s.score,
            })
            .collect(),
        statuses,
        grades,
        committed_missed,
        stretch_too_low,
        beaten,
    }
}

fn cascade(objectives: &[ReportObjective]) -> (Vec<CascadeEntry>, Vec<String>) {
    let views: Vec<&ObjectiveView> = objectives.iter().map(|o| &o.objective).collect();
    let mut aligned_to: HashMap<&str, Vec<&ObjectiveView>> = HashMap::new();
    for o in &views {
        for kr in &o.aligns {
            aligned_to.entry(kr.as_str()).or_default().push(o);
        }
    }
    let below = |o: &ObjectiveView, level: Level| -> Vec<CascadeObjective> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for kr in &o.key_results {
            for child in aligned_to.get(kr.id.as_str()).into_iter().flatten() {
                if child.level == level && !seen.contains(&child.id.as_str()) {
                    seen.push(&child.id);
                    out.push(CascadeObjective {
                        id: child.id.clone(),
                        title: child.title.clone(),
                        owner: child.owner.name().to_string(),
                        score: child.score,
                        below: Vec::new(),
                    });
                }
            }
        }
        out
    };
    let mut entries = Vec::new();
    for company in views.iter().filter(|o| o.level == Level::Company) {
        for kr in &company.key_results {
            let aligned = aligned_to
                .get(kr.id.as_str())
                .into_iter()
                .flatten()
                .filter(|team| team.level == Level::Team)
                .map(|team| CascadeObjective {
                    id: team.id.clone(),
                    title: team.title.clone(),
                    owner: team.owner.name().to_string(),
                    score: team.score,
                    below: below(team, Level::Individual),
                })
                .collect();
            entries.push(CascadeEntry {
                key_result: kr.id.clone(),
                title: kr.title.clone(),
                objective: company.id.clone(),
                score: kr.score,
                aligned,
            });
        }
    }
    let unaligned = views
        .iter()
        .filter(|o| o.level != Level::Company && o.aligns.is_empty())
        .map(|o| o.id.clone())
        .collect();
    (entries, unaligned)
}

fn attention(objectives: &[ReportObjective], stale_days: u32) -> Vec<Attention> {
    objectives
        .iter()
        .flat_map(|o| o.objective.key_results.iter().map(move |kr| (o, kr)))
        // Once the period is over a key result has its grade: nothing is left to catch up.
        .filter(|(_, kr)| kr.grade.is_none())
        .filter_map(|(o, kr)| {
            let mut reasons = Vec::new();
            if kr.status == Status::OffTrack {
                reasons.push(Reason::OffTrack);
            }
            if kr.stale {
                reasons.push(Reason::Stale);
            }
            if kr.confidence_drop.is_some() {
                reasons.push(Reason::ConfidenceDrop);
            }
            (!reasons.is_empty()).then(|| Attention {
                key_result: kr.id.clone(),
                title: kr.title.clone(),
                objective: o.objective.id.clone(),
                reasons,
                stale_days,
            })
        })
        .collect()
}

/// The output formats of `okr report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tables for a terminal (80 columns wide).
    Table,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// One row per key result (RFC 4180).
    Csv,
    /// The documented report structure.
    Json,
    /// One self-contained HTML page.
    Html,
}

impl Format {
    /// The format a file name asks for by its extension.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" => Format::Table,
            "md" | "markdown" => Format::Markdown,
            "csv" => Format::Csv,
            "json" => Format::Json,
            "html" | "htm" => Format::Html,
            _ => return None,
        })
    }
}

/// The reasons of an attention entry in words.
pub fn reasons_text(a: &Attention) -> String {
    a.reasons
        .iter()
        .map(|r| r.text(a.stale_days))
        .collect::<Vec<_>>()
        .join(", ")
}
