//! `okr changes`: what happened in the last days, objective by objective, for a team's
//! weekly meeting or channel.

use chrono::NaiveDate;
use serde::Serialize;

use super::diff::Change;
use super::views::Filter;
use super::{percent, value};
use crate::model::{Okrs, Status};

/// A check-in of the period shown, with the score it moved and the status it left.
#[derive(Debug, Serialize)]
pub struct CheckinMoved {
    pub key_result: String,
    pub title: String,
    pub date: NaiveDate,
    pub value: f64,
    /// The value before it (the start, without an earlier one).
    pub value_before: f64,
    pub unit: Option<String>,
    pub score_before: f64,
    pub score_after: f64,
    /// The key result's status as of that day.
    pub status: Status,
    pub confidence: Option<u8>,
    pub note: Option<String>,
    /// Who gave it, `null` when not known.
    pub by: Option<String>,
}

/// A key result's check-ins of the days shown, taken together: the default of `okr changes`.
#[derive(Debug, Serialize)]
pub struct KeyResultWeek {
    pub key_result: String,
    pub title: String,
    pub unit: Option<String>,
    /// The value before the first check-in shown, and after the last.
    pub value_before: f64,
    pub value_after: f64,
    pub score_before: f64,
    pub score_after: f64,
    /// Its status after the last check-in shown.
    pub status: Status,
    pub checkins: usize,
    /// Who gave them, each once.
    pub by: Vec<String>,
}

/// A confidence that fell by `trend::CONFIDENCE_DROP` or more at a check-in shown.
#[derive(Debug, Serialize)]
pub struct ConfidenceDrop {
    pub key_result: String,
    pub date: NaiveDate,
    pub from: u8,
    pub to: u8,
}

/// What happened to one objective.
#[derive(Debug, Serialize)]
pub struct ObjectiveWeek {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub checkins: Vec<CheckinMoved>,
    /// The same check-ins, one entry per key result.
    pub key_results: Vec<KeyResultWeek>,
    pub confidence_drops: Vec<ConfidenceDrop>,
    /// Key results that went `trend::STALE_DAYS` without a check-in during the days shown.
    pub became_stale: Vec<String>,
    /// The grade recorded when its period was closed during the days shown.
    pub closed: Option<crate::model::Grade>,
}

/// `okr changes --json`.
#[derive(Debug, Serialize)]
pub struct WeekView {
    /// The first day shown.
    pub since: NaiveDate,
    /// The last day shown (today).
    pub until: NaiveDate,
    pub team: Option<String>,
    /// Objectives with something to show, in file order.
    pub objectives: Vec<ObjectiveWeek>,
    /// Objectives and key results added, removed or changed since, from git's history of
    /// the file; `null` when the file is not in git.
    pub edits: Option<Vec<Change>>,
    /// The file's `stale_days`, for saying what stale means.
    #[serde(skip)]
    pub stale_days: u32,
    /// Print every check-in (`--each`), not one line per key result.
    #[serde(skip)]
    pub each: bool,
}

impl WeekView {
    /// What happened from `since` to `until` in the objectives `filter` selects. `before` is
    /// the file as it was at the start, when git knows it.
    pub fn new(
        okrs: &Okrs,
        before: Option<&Okrs>,
        filter: &Filter,
        since: NaiveDate,
        until: NaiveDate,
    ) -> Result<WeekView, crate::model::ModelError> {
        let shown = |date: NaiveDate| since <= date && date <= until;
        let mut objectives = Vec::new();
        for o in okrs.objectives.iter().filter(|o| filter.matches(o)) {
            let mut week = ObjectiveWeek {
                id: o.id.clone(),
                title: o.title.clone(),
                owner: o.owner.to_string(),
                checkins: Vec::new(),
                key_results: Vec::new(),
                confidence_drops: Vec::new(),
                became_stale: Vec::new(),
                closed: o
                    .final_result
                    .as_ref()
                    .filter(|r| shown(r.on))
                    .map(|r| r.grade),
            };
            for kr in &o.key_results {
                let mut previous = kr.start;
                let mut confidence: Option<u8> = None;
                for c in &kr.checkins {
                    if shown(c.date) {
                        let after = kr.score_of(c.value);
                        week.checkins.push(CheckinMoved {
                            key_result: kr.id.clone(),
                            title: kr.title.clone(),
                            date: c.date,
                            value: c.value,
                            value_before: previous,
                            unit: kr.unit.clone(),
                            score_before: kr.score_of(previous),
                            score_after: after,
                            status: kr.status_with(
                                after,
                                o.kind,
                                &o.period,
                                c.date,
                                &okrs.settings,
                            ),
                            confidence: c.confidence,
                            note: c.note.clone(),
                            by: c.by.clone(),
                        });
                        if let (Some(from), Some(to)) = (confidence, c.confidence)
                            && from >= to + okrs.settings.confidence_drop
                        {
                            week.confidence_drops.push(ConfidenceDrop {
                                key_result: kr.id.clone(),
                                date: c.date,
                                from,
                                to,
                            });
                        }
                    }
                    previous = c.value;
                    confidence = c.confidence.or(confidence);
                }
                // Stale now, and not yet when the days shown began.
                let before_start = since.pred_opt().unwrap_or(since);
                let days = okrs.settings.stale_days;
                if kr.is_stale(&o.period, until, days)
                    && !kr.is_stale(&o.period, before_start, days)
                {
                    week.became_stale.push(kr.id.clone());
                }
            }
            // Gathered key result by key result, in file order: taken together before the
            // check-ins are put in date order.
            week.key_results = by_key_result(&week.checkins);
            week.checkins.sort_by_key(|c| c.date);
            let nothing =
                week.checkins.is_empty() && week.became_stale.is_empty() && week.closed.is_none();
            if !nothing {
                objectives.push(week);
            }
        }
        let edits = match before {
            Some(old) => Some(super::diff::DiffView::new(old, okrs, until)?),
            None => None,
        };
        // With a team or a person, only the edits of the objectives it selects (as they are
        // now, or were before: a removed one too), and of their key results.
        let filtered = filter.team.is_some() || filter.person.is_some();
        let selected: std::collections::HashSet<&str> = okrs
            .objectives
            .iter()
            .chain(before.into_iter().flat_map(|old| old.objectives.iter()))
            .filter(|o| filter.matches(o))
            .flat_map(|o| std::iter::once(&o.id).chain(o.key_results.iter().map(|kr| &kr.id)))
            .map(String::as_str)
            .collect();
        let edits = edits.map(|diff| {
            diff.changes
                .into_iter()
                .filter(|c| {
                    !matches!(
                        c,
                        Change::CheckinAdded { .. }
                            | Change::KpiRecorded { .. }
                            | Change::PeriodClosed { .. }
                    )
                })
                .filter(|c| !filtered || c.subject().is_some_and(|id| selected.contains(id)))
                .collect()
        });
        Ok(WeekView {
            stale_days: okrs.settings.stale_days,
            since,
            until,
            team: filter.team.clone(),
            objectives,
            edits,
            each: false,
        })
    }

    /// Plain text, a line per event, short enough for 80 columns.
    pub fn text(&self) -> String {
        self.render(false)
    }

    /// Markdown for a team's channel.
    pub fn markdown(&self) -> String {
        self.render(true)
    }

    fn render(&self, markdown: bool) -> String {
        let mut out = if markdown {
            format!("## OKR changes, {} to {}\n", self.since, self.until)
        } else {
            format!("changes from {} to {}\n", self.since, self.until)
        };
        if self.objectives.is_empty() && self.edits.as_ref().is_none_or(Vec::is_empty) {
            out.push_str("\nnothing changed in these days\n");
            return out;
        }
        let item = if markdown { "- " } else { "  " };
        for o in &self.objectives {
            if markdown {
                out.push_str(&format!("\n### {} {} ({})\n\n", o.id, o.title, o.owner));
            } else {
                // Within 80 columns: a long title is shortened, the id and owner stay whole.
                let room = 80usize.saturating_sub(
                    super::layout::width(&o.id) + 5 + super::layout::width(&o.owner),
                );
                let title = super::layout::shorten(&o.title, room.max(20));
                out.push_str(&format!("\n{}  {title} ({})\n", o.id, o.owner));
            }
            if self.each {
                for c in &o.checkins {
                    out.push_str(&format!(
                        "{item}{} {}: {} ({} -> {}, {})\n",
                        c.date.format("%m-%d"),
                        c.key_result,
                        value(c.value, c.unit.as_deref()),
                        percent(c.score_before),
                        percent(c.score_after),
                        c.status.as_str()
                    ));
                }
            } else {
                for k in &o.key_results {
                    let who = match k.by.as_slice() {
                        [] => String::new(),
                        names => format!(", from {}", names.join(", ")),
                    };
                    let line = |who: &str| {
                        format!(
                            "{item}{}: {} ({} -> {}, {}; {} check-in{}{who})\n",
                            k.key_result,
                            super::moved(k.value_before, k.value_after, k.unit.as_deref(), "->"),
                            percent(k.score_before),
                            percent(k.score_after),
                            k.status.as_str(),
                            k.checkins,
                            super::plural(k.checkins)
                        )
                    };
                    // Within 80 columns: the names give way first (JSON keeps them).
                    let full = line(&who);
                    if super::layout::width(full.trim_end()) <= 80 {
                        out.push_str(&full);
                    } else {
                        out.push_str(&line(""));
                    }
                }
            }
            for d in &o.confidence_drops {
                out.push_str(&format!(
                    "{item}{} {}: confidence fell from {} to {}\n",
                    d.date.format("%m-%d"),
                    d.key_result,
                    d.from,
                    d.to
                ));
            }
            for kr in &o.became_stale {
                out.push_str(&format!(
                    "{item}{kr}: no check-in for {} days\n",
                    self.stale_days
                ));
            }
            if let Some(grade) = o.closed {
                out.push_str(&format!("{item}closed with grade {}\n", grade.as_str()));
            }
        }
        if let Some(edits) = self.edits.as_ref().filter(|e| !e.is_empty()) {
            if markdown {
                out.push_str("\n### Edits\n\n");
            } else {
                out.push_str("\nedits\n");
            }
            for change in edits {
                let line = format!("{item}{}", super::diff::line(change));
                if markdown {
                    out.push_str(&line);
                } else {
                    out.push_str(&super::layout::shorten(&line, 80));
                }
                out.push('\n');
            }
        }
        out
    }
}

/// `checkins` (in date order) taken together per key result, in the order first met.
fn by_key_result(checkins: &[CheckinMoved]) -> Vec<KeyResultWeek> {
    let mut out: Vec<KeyResultWeek> = Vec::new();
    for c in checkins {
        match out.iter_mut().find(|k| k.key_result == c.key_result) {
            Some(k) => {
                k.value_after = c.value;
                k.score_after = c.score_after;
                k.status = c.status;
                k.checkins += 1;
                if let Some(by) = c.by.as_ref().filter(|b| !k.by.contains(b)) {
                    k.by.push(by.clone());
                }
            }
            None => out.push(KeyResultWeek {
                key_result: c.key_result.clone(),
                title: c.title.clone(),
                unit: c.unit.clone(),
                // The value the first check-in moved from is the one its score was before.
                value_before: c.value_before,
                value_after: c.value,
                score_before: c.score_before,
                score_after: c.score_after,
                status: c.status,
                checkins: 1,
                by: c.by.iter().cloned().collect(),
            }),
        }
    }
    out
}
