//! What a writing command did, as a view: `--json` prints the view, the text method the line
//! people read.
//!
//! The fields of these views are in alphabetical order, the order their JSON has always had.

use std::path::PathBuf;

use serde::Serialize;

use super::{percent, plural};
use crate::model::calibration::{Calibration, OwnerCalibration};
use crate::model::import::Imported;
use crate::model::kpi::Recorded;
use crate::model::{Carry, Grade, Graded, Period, Removed, Settings, input};

/// `okr init`.
#[derive(Debug, Serialize)]
pub struct Created {
    pub file: PathBuf,
    pub settings: Settings,
}

impl Created {
    pub fn text(&self) -> String {
        format!(
            "created {} (at most {} objectives per owner and period, {} to {} key results each)\n",
            super::shown(&self.file),
            self.settings.max_objectives,
            self.settings.min_krs,
            self.settings.max_krs
        )
    }
}

/// `okr add objective`, `okr add kr`: the new id.
#[derive(Debug, Serialize)]
pub struct Added {
    pub id: String,
}

impl Added {
    pub fn text(&self) -> String {
        format!("{}\n", self.id)
    }
}

/// `okr rm`.
#[derive(Debug, Serialize)]
pub struct RemovedView {
    /// The ids removed: the item, and an objective's key results.
    pub removed: Vec<String>,
    /// Objectives whose alignment to a removed key result was dropped (`--force`).
    pub unaligned: Vec<String>,
}

impl From<Removed> for RemovedView {
    fn from(removed: Removed) -> Self {
        RemovedView {
            removed: removed.ids,
            unaligned: removed.unaligned,
        }
    }
}

impl RemovedView {
    pub fn text(&self) -> String {
        let mut text = format!("removed {}\n", self.removed.join(", "));
        if !self.unaligned.is_empty() {
            text.push_str(&format!(
                "no longer aligned: {}\n",
                self.unaligned.join(", ")
            ));
        }
        text
    }
}

/// `okr align`, `okr unalign`.
#[derive(Debug, Serialize)]
pub struct Alignment {
    /// Whether the file changed (false: `align` found it already aligned).
    pub changed: bool,
    pub kr: String,
    pub objective: String,
    #[serde(skip)]
    pub aligned: bool,
}

impl Alignment {
    pub fn text(&self) -> String {
        let (objective, kr) = (&self.objective, &self.kr);
        match (self.aligned, self.changed) {
            (true, true) => format!("{objective} now aligns to {kr}\n"),
            (true, false) => format!("{objective} already aligns to {kr}\n"),
            (false, _) => format!("{objective} no longer aligns to {kr}\n"),
        }
    }
}

/// One objective's result in `okr close`.
#[derive(Debug, Serialize)]
pub struct GradedView {
    pub grade: Grade,
    pub id: String,
    pub score: f64,
}

/// `okr close PERIOD`.
#[derive(Debug, Serialize)]
pub struct PeriodClosed {
    pub closed: Vec<GradedView>,
    pub period: Period,
    /// Each owner's Brier score of the confidence they gave, with the check-ins it rests on.
    pub calibration: Vec<OwnerCalibration>,
}

impl PeriodClosed {
    pub fn new(
        period: Period,
        results: Vec<Graded>,
        calibration: Vec<OwnerCalibration>,
    ) -> PeriodClosed {
        let closed = results
            .into_iter()
            .map(|r| GradedView {
                grade: r.grade,
                id: r.id,
                score: r.score,
            })
            .collect();
        PeriodClosed {
            closed,
            period,
            calibration,
        }
    }

    pub fn text(&self) -> String {
        let count = self.closed.len();
        let mut text = format!(
            "closed {}: {count} objective{} frozen\n",
            self.period,
            plural(count)
        );
        for r in &self.closed {
            text.push_str(&format!(
                "{}  {}  {}\n",
                r.id,
                percent(r.score),
                r.grade.as_str()
            ));
        }
        text.push_str(&calibration_text(&self.calibration));
        text
    }
}

/// Each owner's calibration, a line each under a heading that says how to read it; nothing
/// when no confidence was given.
pub fn calibration_text(calibration: &[OwnerCalibration]) -> String {
    if calibration.is_empty() {
        return String::new();
    }
    let mut text = format!("calibration ({CALIBRATION_LEGEND}):\n");
    for line in calibration_lines(calibration) {
        text.push_str(&format!("  {line}\n"));
    }
    text
}

/// How to read a Brier score.
pub const CALIBRATION_LEGEND: &str =
    "Brier score of the confidence given: 0 is perfect, 0.25 a coin toss";

/// `team growth  0.28 from 8 check-ins`, names lined up.
pub fn calibration_lines(calibration: &[OwnerCalibration]) -> Vec<String> {
    let width = calibration
        .iter()
        .map(|c| crate::report::layout::width(&calibration_owner(c)))
        .max()
        .unwrap_or(0);
    calibration
        .iter()
        .map(|c| {
            let label = calibration_owner(c);
            let pad = " ".repeat(width - crate::report::layout::width(&label));
            format!("{label}{pad}  {}", calibration_figure(&c.calibration))
        })
        .collect()
}

/// `company`, `team growth`, `maya`.
pub fn calibration_owner(c: &OwnerCalibration) -> String {
    match c.level {
        crate::model::Level::Team => format!("team {}", c.owner),
        _ => c.owner.clone(),
    }
}

/// `0.28 from 8 check-ins`.
pub fn calibration_figure(c: &Calibration) -> String {
    format!(
        "{:.2} from {} check-in{}",
        c.brier,
        c.checkins,
        plural(c.checkins)
    )
}

/// `okr close PERIOD --reopen`.
#[derive(Debug, Serialize)]
pub struct PeriodReopened {
    pub period: Period,
    pub reopened: Vec<String>,
}

impl PeriodReopened {
    pub fn text(&self) -> String {
        let count = self.reopened.len();
        format!(
            "reopened {}: {count} objective{} can change again\n",
            self.period,
            plural(count)
        )
    }
}

/// One objective copied by `okr carry`.
#[derive(Debug, Serialize)]
pub struct CarriedView {
    /// Key results left behind because they were done.
    pub done: Vec<String>,
    /// Alignments dropped because they do not fit the new period.
    pub dropped: Vec<String>,
    pub from: String,
    pub to: String,
    /// The key results copied: `from`, `to`, the `start` (the value the original reached)
    /// and the `target`, kept.
    pub key_results: Vec<CarriedKeyResultView>,
}

/// A key result carried.
#[derive(Debug, Serialize)]
pub struct CarriedKeyResultView {
    pub from: String,
    pub to: String,
    pub start: f64,
    pub target: f64,
    pub unit: Option<String>,
}

/// `okr carry`.
#[derive(Debug, Serialize)]
pub struct CarryView {
    pub carried: Vec<CarriedView>,
    /// Objectives asked for that are done, so not carried.
    pub skipped: Vec<String>,
    pub to: Period,
    /// What to do next, each a command.
    pub next: Vec<String>,
}

impl CarryView {
    pub fn new(to: Period, carry: Carry) -> CarryView {
        let mut next = Vec::new();
        for c in carry.carried.iter().filter(|c| !c.dropped.is_empty()) {
            next.push(format!("okr align {} KR", c.to));
        }
        if !carry.carried.is_empty() {
            next.push(format!("okr check --period {to}"));
        }
        let mut open: Vec<Period> = carry
            .carried
            .iter()
            .filter(|c| !c.from_closed)
            .map(|c| c.from_period)
            .collect();
        open.sort_by_key(|p| (p.start(), p.end()));
        open.dedup();
        next.extend(open.iter().map(|p| format!("okr close {p}")));
        let carried = carry
            .carried
            .into_iter()
            .map(|c| CarriedView {
                done: c.done,
                dropped: c.dropped,
                from: c.from,
                to: c.to,
                key_results: c
                    .key_results
                    .into_iter()
                    .map(|k| CarriedKeyResultView {
                        from: k.from,
                        to: k.to,
                        start: k.start,
                        target: k.target,
                        unit: k.unit,
                    })
                    .collect(),
            })
            .collect();
        CarryView {
            carried,
            skipped: carry.skipped,
            to,
            next,
        }
    }

    pub fn text(&self) -> String {
        let mut text = String::new();
        for id in &self.skipped {
            text.push_str(&format!("{id} is done; not carried\n"));
        }
        if self.carried.is_empty() && self.skipped.is_empty() {
            text.push_str("nothing to carry: every objective of that period is finished\n");
        }
        for c in &self.carried {
            text.push_str(&format!("{} -> {} in {}", c.from, c.to, self.to));
            if !c.done.is_empty() {
                text.push_str(&format!("; done, left behind: {}", c.done.join(", ")));
            }
            if !c.dropped.is_empty() {
                text.push_str(&format!("; alignment dropped: {}", c.dropped.join(", ")));
            }
            text.push('\n');
            for k in &c.key_results {
                let unit = k.unit.as_deref();
                text.push_str(&format!(
                    "  {} -> {} starts at {}, the value it reached; target {} kept\n",
                    k.from,
                    k.to,
                    input::shown_value(k.start, unit),
                    input::shown_value(k.target, unit)
                ));
            }
            if !c.dropped.is_empty() {
                text.push_str(&format!(
                    "  {} stayed behind, so {} aligns to nothing yet: `okr align {} KR`\n",
                    c.dropped.join(", "),
                    c.to,
                    c.to
                ));
            }
        }
        if !self.next.is_empty() {
            let commands: Vec<String> = self.next.iter().map(|c| format!("`{c}`")).collect();
            text.push_str(&format!("next: {}\n", commands.join(", then ")));
        }
        text
    }
}

/// `okr kpi add`.
#[derive(Debug, Serialize)]
pub struct KpiAdded {
    pub name: String,
}

impl KpiAdded {
    pub fn text(&self) -> String {
        format!("{}\n", self.name)
    }
}

/// `okr kpi record`.
#[derive(Debug, Serialize)]
pub struct KpiRecorded {
    /// False when the same value was already recorded (nothing changed).
    pub added: bool,
    /// Key results that got a check-in.
    pub fed: Vec<String>,
    /// Key results measured by the KPI whose period does not contain the date, or is closed.
    pub skipped: Vec<String>,
    #[serde(skip)]
    pub name: String,
    #[serde(skip)]
    pub value: f64,
}

impl KpiRecorded {
    pub fn new(name: &str, value: f64, recorded: Recorded) -> KpiRecorded {
        KpiRecorded {
            added: recorded.added,
            fed: recorded.fed,
            skipped: recorded.skipped,
            name: name.to_string(),
            value,
        }
    }

    pub fn text(&self) -> String {
        let mut text = if self.added {
            format!("recorded {} = {}\n", self.name, self.value)
        } else {
            format!(
                "{} already has that value on that day; nothing changed\n",
                self.name
            )
        };
        if !self.fed.is_empty() {
            text.push_str(&format!("checked in: {}\n", self.fed.join(", ")));
        }
        if !self.skipped.is_empty() {
            text.push_str(&format!(
                "not checked in (date outside their period, or period closed): {}\n",
                self.skipped.join(", ")
            ));
        }
        text
    }
}

/// `okr import`.
#[derive(Debug, Serialize)]
pub struct ImportView {
    /// Check-ins added from check-in rows.
    pub checkins: usize,
    /// Whether this was `--dry-run` (nothing saved).
    pub dry_run: bool,
    /// Check-ins added to key results from KPI values.
    pub fed: usize,
    /// KPI values added.
    pub kpi_records: usize,
    /// Rows already present.
    pub skipped: usize,
}

impl ImportView {
    pub fn new(imported: &Imported, dry_run: bool) -> ImportView {
        ImportView {
            checkins: imported.checkins,
            dry_run,
            fed: imported.fed,
            kpi_records: imported.kpi_records,
            skipped: imported.skipped,
        }
    }

    pub fn text(&self) -> String {
        let verb = if self.dry_run {
            "would import"
        } else {
            "imported"
        };
        format!(
            "{verb} {} check-in{} and {} KPI value{} ({} check-in{} from KPIs); {} row{} already present\n",
            self.checkins,
            plural(self.checkins),
            self.kpi_records,
            plural(self.kpi_records),
            self.fed,
            plural(self.fed),
            self.skipped,
            plural(self.skipped),
        )
    }
}

/// `okr teams rename`.
#[derive(Debug, Serialize)]
pub struct TeamRenamed {
    /// The new name.
    pub new: String,
    /// The objectives whose team changed name.
    pub objectives: Vec<String>,
    /// The objectives in closed periods: graded under the old name, they keep it.
    pub closed: Vec<String>,
    /// The name it had, as the file wrote it.
    pub old: String,
}

impl TeamRenamed {
    pub fn text(&self) -> String {
        let n = self.objectives.len();
        let mut out = format!(
            "renamed team `{}` to `{}` ({n} objective{})\n",
            self.old,
            self.new,
            plural(n)
        );
        if !self.closed.is_empty() {
            out.push_str(&format!(
                "kept `{}` on {} (in a closed period)\n",
                self.old,
                self.closed.join(", ")
            ));
        }
        out
    }
}

/// `okr undo`.
#[derive(Debug, Serialize)]
pub struct Undone {
    /// When the change undone was made (local time).
    pub at: String,
    /// The command that made it, as typed.
    pub command: String,
    /// Whether this was `--dry-run` (nothing undone).
    pub dry_run: bool,
}

impl Undone {
    pub fn text(&self) -> String {
        let verb = if self.dry_run { "would undo" } else { "undid" };
        format!("{verb} `{}`\n", input::escaped(&self.command))
    }
}

/// `okr rm KR --checkin DATE`.
#[derive(Debug, Serialize)]
pub struct CheckinsRemoved {
    pub date: chrono::NaiveDate,
    pub key_result: String,
    /// The values of the check-ins removed.
    pub removed: Vec<f64>,
}

impl CheckinsRemoved {
    pub fn new(
        key_result: String,
        date: chrono::NaiveDate,
        removed: &[crate::model::CheckIn],
    ) -> Self {
        CheckinsRemoved {
            date,
            key_result,
            removed: removed.iter().map(|c| c.value).collect(),
        }
    }

    pub fn text(&self) -> String {
        let n = self.removed.len();
        let values: Vec<String> = self.removed.iter().map(|v| super::number(*v)).collect();
        format!(
            "removed {n} check-in{} of {} on {}: {}\n",
            plural(n),
            self.key_result,
            self.date,
            values.join(", ")
        )
    }
}
