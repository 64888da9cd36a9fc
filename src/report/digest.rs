//! `okr digest`: the week in one message a team reads. Owner scores and how they moved, the
//! key results that moved (one line each, however many check-ins a KPI fed), what needs
//! attention, confidence that fell, and who owes a check-in; as text (80 columns), Markdown
//! or JSON (everything the text shows).

use chrono::NaiveDate;
use serde::Serialize;

use super::due::DueView;
use super::layout::{shorten, width};
use super::percent;
use super::views::KeyResultView;
use crate::model::{Objective, Okrs, Period, Status};

/// One owner's objectives: their mean score now and at the start of the window.
#[derive(Debug, Serialize)]
pub struct OwnerMove {
    pub owner: String,
    pub objectives: usize,
    pub score: f64,
    pub change: f64,
}

/// A key result that moved in the window.
#[derive(Debug, Serialize)]
pub struct Moved {
    pub id: String,
    pub title: String,
    pub objective: String,
    pub unit: Option<String>,
    pub value_before: f64,
    pub value_after: f64,
    pub score_before: f64,
    pub score_after: f64,
    /// Check-ins in the window (a KPI fed daily counts each).
    pub checkins: usize,
    /// Who gave them, each once; empty when only a KPI did.
    pub by: Vec<String>,
}

/// A key result off track or at risk today.
#[derive(Debug, Serialize)]
pub struct Attention {
    pub id: String,
    pub title: String,
    pub status: Status,
    /// Where it is heading at this pace (as on a key result's view), `null` for none.
    pub forecast: Option<crate::model::forecast::Forecast>,
    /// Whether its period still runs, so that the forecast is worth saying.
    #[serde(skip)]
    pub running: bool,
}

impl Attention {
    /// Where it is heading after `lead` (`, heading for 70%`), while its period runs.
    fn heading(&self, lead: &str) -> String {
        match self.forecast.filter(|_| self.running) {
            Some(f) => format!("{lead}{}", percent(f.score)),
            None => String::new(),
        }
    }
}

/// A confidence that fell in the window.
#[derive(Debug, Serialize)]
pub struct ConfidenceDrop {
    pub id: String,
    pub title: String,
    pub confidence: u8,
    pub drop: u8,
}

/// `okr digest --json`.
#[derive(Debug, Serialize)]
pub struct DigestView {
    pub period: Period,
    pub since: NaiveDate,
    pub as_of: NaiveDate,
    /// Share of the period elapsed.
    pub elapsed: f64,
    pub owners: Vec<OwnerMove>,
    pub moved: Vec<Moved>,
    pub attention: Vec<Attention>,
    pub confidence_drops: Vec<ConfidenceDrop>,
    pub due: DueView,
}

fn mean(scores: &[f64]) -> f64 {
    if scores.is_empty() {
        0.0
    } else {
        scores.iter().sum::<f64>() / scores.len() as f64
    }
}

impl DigestView {
    /// The digest of `objectives` (those running on `today`) for the days from `since` to
    /// `today`; `due_days` says when a key result is due for a check-in.
    pub fn new<'a>(
        okrs: &'a Okrs,
        objectives: impl IntoIterator<Item = &'a Objective>,
        period: Period,
        since: NaiveDate,
        today: NaiveDate,
        due_days: u32,
    ) -> DigestView {
        let running: Vec<&Objective> = objectives
            .into_iter()
            .filter(|o| o.period.contains(today))
            .collect();
        let before = since.pred_opt().unwrap_or(since);
        let mut owners: Vec<(String, Vec<f64>, Vec<f64>)> = Vec::new();
        let (mut moved, mut attention, mut confidence_drops) = (Vec::new(), Vec::new(), Vec::new());
        for o in &running {
            let owner = o.owner.to_string();
            let at = match owners.iter().position(|(name, _, _)| *name == owner) {
                Some(at) => at,
                None => {
                    owners.push((owner, Vec::new(), Vec::new()));
                    owners.len() - 1
                }
            };
            owners[at].1.push(o.score_on(today));
            owners[at].2.push(o.score_on(before));
            for kr in &o.key_results {
                let window: Vec<_> = kr
                    .known_on(today)
                    .iter()
                    .filter(|c| c.date >= since)
                    .collect();
                if !window.is_empty() {
                    let mut by: Vec<String> = Vec::new();
                    for name in window.iter().filter_map(|c| c.by.clone()) {
                        if !by.contains(&name) {
                            by.push(name);
                        }
                    }
                    moved.push(Moved {
                        id: kr.id.clone(),
                        title: kr.title.clone(),
                        objective: o.id.clone(),
                        unit: kr.unit.clone(),
                        value_before: kr.value_on(before),
                        value_after: kr.value_on(today),
                        score_before: kr.score_on(before),
                        score_after: kr.score_on(today),
                        checkins: window.len(),
                        by,
                    });
                }
                let view = KeyResultView::new(o, kr, today, &okrs.settings);
                if matches!(view.status, Status::OffTrack | Status::AtRisk) {
                    attention.push(Attention {
                        id: kr.id.clone(),
                        title: kr.title.clone(),
                        status: view.status,
                        forecast: view.forecast,
                        running: view.running_forecast().is_some(),
                    });
                }
                if let (Some(drop), Some(confidence), Some(on)) =
                    (view.confidence_drop, view.confidence, view.confidence_on)
                    && on >= since
                {
                    confidence_drops.push(ConfidenceDrop {
                        id: kr.id.clone(),
                        title: kr.title.clone(),
                        confidence,
                        drop,
                    });
                }
            }
        }
        let due = okrs.due(running.iter().copied(), today, due_days);
        DigestView {
            period,
            since,
            as_of: today,
            elapsed: crate::model::status::elapsed(&period, today),
            owners: owners
                .into_iter()
                .map(|(owner, now, then)| OwnerMove {
                    owner,
                    objectives: now.len(),
                    score: mean(&now),
                    change: mean(&now) - mean(&then),
                })
                .collect(),
            moved,
            attention,
            confidence_drops,
            due: DueView::new(&due, today, due_days),
        }
    }

    fn header(&self) -> String {
        format!(
            "{} to {} · {}, {} elapsed",
            self.since,
            self.as_of,
            self.period,
            percent(self.elapsed)
        )
    }

    /// `value → value unit`, the value written once with its unit.
    fn values(m: &Moved) -> String {
        super::moved(m.value_before, m.value_after, m.unit.as_deref(), "→")
    }

    /// The owner's move in points, as the scores show it (see `report::moved_points`).
    fn points(o: &OwnerMove) -> String {
        match super::moved_points(o.score, o.change) {
            0 => String::new(),
            p => format!("{p:+}"),
        }
    }

    /// Who owes how many check-ins: `company 4 · team growth 2`.
    fn due_line(&self, separator: &str) -> String {
        self.due
            .due
            .iter()
            .map(|g| format!("{} {}", g.who, g.key_results.len()))
            .collect::<Vec<_>>()
            .join(separator)
    }

    /// Lines of `(id, title, tail)` in aligned columns within `columns`: titles shortened
    /// to what room the widest tail leaves.
    fn lines(rows: &[(String, String, String)], columns: usize) -> String {
        let id_width = rows.iter().map(|r| width(&r.0)).max().unwrap_or(0);
        let tail_width = rows.iter().map(|r| width(&r.2)).max().unwrap_or(0);
        let room = columns
            .saturating_sub(2 + id_width + 2 + 2 + tail_width)
            .max(10);
        let titles: Vec<String> = rows.iter().map(|r| shorten(&r.1, room)).collect();
        let title_width = titles.iter().map(|t| width(t)).max().unwrap_or(0);
        let mut out = String::new();
        for (row, title) in rows.iter().zip(&titles) {
            let pad = " ".repeat(title_width - width(title));
            out.push_str(&format!(
                "  {:<id_width$}  {title}{pad}  {}\n",
                row.0, row.2
            ));
        }
        out
    }

    /// The digest as text, no line wider than `columns`.
    pub fn text(&self, columns: usize) -> String {
        let mut out = format!("okr digest, {}\n", self.header());
        out.push_str("\nSCORES\n");
        let name_width = self
            .owners
            .iter()
            .map(|o| width(&o.owner))
            .max()
            .unwrap_or(0);
        for o in &self.owners {
            let owner = shorten(&o.owner, columns.saturating_sub(14).max(8));
            let line = format!(
                "  {owner:<name_width$}  {:>4}  {}",
                percent(o.score),
                Self::points(o)
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
        if !self.moved.is_empty() {
            out.push_str(&format!("\nMOVED ({})\n", self.moved.len()));
            let values: Vec<String> = self.moved.iter().map(Self::values).collect();
            let values_width = values.iter().map(|v| width(v)).max().unwrap_or(0);
            let rows: Vec<_> = self
                .moved
                .iter()
                .zip(&values)
                .map(|(m, v)| {
                    let scores =
                        format!("{} → {}", percent(m.score_before), percent(m.score_after));
                    let pad = " ".repeat(values_width - width(v));
                    (m.id.clone(), m.title.clone(), format!("{v}{pad}  {scores}"))
                })
                .collect();
            out.push_str(&Self::lines(&rows, columns));
        }
        if !self.attention.is_empty() {
            out.push_str("\nNEEDS ATTENTION\n");
            let rows: Vec<_> = self
                .attention
                .iter()
                .map(|a| {
                    let status = format!("{}{}", a.status.as_str(), a.heading(" → "));
                    (a.id.clone(), a.title.clone(), status)
                })
                .collect();
            out.push_str(&Self::lines(&rows, columns));
        }
        if !self.confidence_drops.is_empty() {
            out.push_str("\nCONFIDENCE FELL\n");
            let rows: Vec<_> = self
                .confidence_drops
                .iter()
                .map(|d| {
                    (
                        d.id.clone(),
                        d.title.clone(),
                        format!("{}/10 ↓{}", d.confidence, d.drop),
                    )
                })
                .collect();
            out.push_str(&Self::lines(&rows, columns));
        }
        out.push_str("\nDUE FOR A CHECK-IN\n");
        if self.due.any() {
            out.push_str(&format!("  {}\n", self.due_line(" · ")));
        } else {
            out.push_str("  nobody\n");
        }
        out
    }

    /// The digest as a Markdown message for a team's channel.
    pub fn markdown(&self) -> String {
        let mut out = format!("**OKR digest**, {}\n\n", self.header());
        let scores: Vec<String> = self
            .owners
            .iter()
            .map(|o| match Self::points(o).as_str() {
                "" => format!("{} {}", o.owner, percent(o.score)),
                change => format!("{} {} ({change})", o.owner, percent(o.score)),
            })
            .collect();
        out.push_str(&format!("**Scores**: {}\n", scores.join(", ")));
        if !self.moved.is_empty() {
            out.push_str("\n**Moved**\n");
            for m in &self.moved {
                out.push_str(&format!(
                    "- `{}` {}: {} ({} → {})\n",
                    m.id,
                    m.title,
                    Self::values(m),
                    percent(m.score_before),
                    percent(m.score_after)
                ));
            }
        }
        if !self.attention.is_empty() {
            let items: Vec<String> = self
                .attention
                .iter()
                .map(|a| {
                    format!(
                        "`{}` {} ({}{})",
                        a.id,
                        a.title,
                        a.status.as_str(),
                        a.heading(", heading for ")
                    )
                })
                .collect();
            out.push_str(&format!("\n**Needs attention**: {}\n", items.join(", ")));
        }
        if !self.confidence_drops.is_empty() {
            let items: Vec<String> = self
                .confidence_drops
                .iter()
                .map(|d| format!("`{}` {} ({}/10, ↓{})", d.id, d.title, d.confidence, d.drop))
                .collect();
            out.push_str(&format!("\n**Confidence fell**: {}\n", items.join(", ")));
        }
        if self.due.any() {
            out.push_str(&format!(
                "\n**Due for a check-in**: {}\n",
                self.due_line(", ")
            ));
        }
        out
    }
}
