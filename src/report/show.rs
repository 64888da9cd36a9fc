//! One objective or key result in detail: `okr show`, `okr history` and the line
//! `okr progress` prints.

use chrono::NaiveDate;

use super::chart;
use super::layout::{self, Column, GiveWay};
use super::views::{
    CheckInView, HistoryView, KeyResultView, MilestoneView, ObjectiveView, aligned_ids, rollup,
};
use super::{
    MAX_CELL, Style, change, confidence, kr_standing, number, objective_standing, percent, value,
};
use crate::model::{Item, KeyResult, Objective, Okrs};

/// Named fields, one a line, values lined up; a long value wraps at words within `limit`.
fn fields(rows: &[(&str, String)], limit: Option<usize>) -> String {
    let name_w = rows
        .iter()
        .map(|(n, _)| layout::width(n))
        .max()
        .unwrap_or(0);
    let indent = " ".repeat(name_w + 2);
    let mut out = String::new();
    for (name, text) in rows {
        let pad = " ".repeat(name_w - layout::width(name));
        let line = format!("{name}{pad}  {}", layout::shorten(text, MAX_CELL));
        for line in layout::wrap(&line, limit.unwrap_or(usize::MAX / 2), &indent).lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

/// The objectives aligned to key results, one a line, wrapped at words within `limit`.
fn aligned_lines(okrs: &Okrs, ids: &[String], today: NaiveDate, limit: Option<usize>) -> String {
    ids.iter()
        .filter_map(|id| okrs.objective(id))
        .map(|o| {
            let line = format!(
                "  {}  {} ({}, {})",
                o.id,
                o.title,
                o.owner.label(),
                percent(o.score_on(today))
            );
            let indent = " ".repeat(layout::width(&o.id) + 4);
            layout::wrap(&line, limit.unwrap_or(usize::MAX / 2), &indent) + "\n"
        })
        .collect()
}

/// A key result's check-ins, oldest first: `show KR` and `history`, within `limit` columns.
pub fn checkins(kr: &KeyResult, limit: Option<usize>) -> String {
    let views = CheckInView::all(kr);
    if views.is_empty() {
        return format!(
            "no check-ins yet; record one with `okr progress {} VALUE`\n",
            kr.id
        );
    }
    let unit = kr.unit.as_deref();
    // Who gave each check-in, once anyone is known to have.
    let authors = views.iter().any(|c| c.by.is_some());
    let mut columns = vec![
        Column::text("DATE"),
        Column::number("VALUE"),
        Column::number("SCORE"),
        Column::number("CONFIDENCE").or("CONF"),
        Column::text("NOTE"),
    ];
    if authors {
        columns.push(Column::text("BY"));
    }
    let rows: Vec<Vec<String>> = views
        .iter()
        .map(|c| {
            let mut row = vec![
                c.date.to_string(),
                value(c.value, unit),
                percent(c.score),
                c.confidence.map_or(String::new(), |c| format!("{c}/10")),
                c.note.clone().unwrap_or_default(),
            ];
            if authors {
                row.push(c.by.clone().unwrap_or_default());
            }
            row
        })
        .collect();
    // Notes shorten first (to 24 columns), then names (to 10), then the confidence's header.
    let order = [
        GiveWay::Shorten(4, 24),
        GiveWay::Shorten(5, 10),
        GiveWay::Shorten(3, 4),
        GiveWay::Shorten(4, 12),
    ];
    layout::render(&columns, &rows, limit, &order)
}

/// `okr show ID`: everything about one objective or key result.
pub fn show(okrs: &Okrs, item: Item<'_>, today: NaiveDate, style: Style) -> String {
    match item {
        Item::Objective(o) => show_objective(okrs, o, today, style),
        Item::KeyResult(o, kr) => show_key_result(okrs, o, kr, today, style),
    }
}

fn show_objective(okrs: &Okrs, o: &Objective, today: NaiveDate, style: Style) -> String {
    let view = ObjectiveView::new(o, today, &okrs.settings);
    let mut out = format!("{}  {}\n", view.id, view.title);
    out.push_str(&fields(
        &objective_rows(okrs, o, &view, today, style),
        style.limit(),
    ));
    if !view.key_results.is_empty() {
        out.push('\n');
        out.push_str(&key_result_table(&view.key_results, style));
    }
    let ids: Vec<&str> = o.key_results.iter().map(|kr| kr.id.as_str()).collect();
    let aligned = aligned_ids(okrs, &ids);
    if !aligned.is_empty() {
        out.push_str("\naligned to its key results:\n");
        out.push_str(&aligned_lines(okrs, &aligned, today, style.limit()));
    }
    out
}

/// The objective's fields: level, owner, period, kind, score, status, what it aligns to.
fn objective_rows(
    okrs: &Okrs,
    o: &Objective,
    view: &ObjectiveView,
    today: NaiveDate,
    style: Style,
) -> Vec<(&'static str, String)> {
    let aligns = o
        .aligns
        .iter()
        .map(|id| match okrs.find(id) {
            Some(Item::KeyResult(parent, kr)) => format!("{id} {} (of {})", kr.title, parent.id),
            _ => format!("{id} (missing)"),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut rows = vec![
        ("level", view.level.to_string()),
        ("owner", view.owner.to_string()),
        (
            "period",
            format!("{} ({} to {})", o.period, o.period.start(), o.period.end()),
        ),
        ("kind", view.kind.to_string()),
        ("score", percent(view.score)),
        ("status", objective_standing(view, style)),
        (
            "aligns to",
            if aligns.is_empty() {
                "-".into()
            } else {
                aligns
            },
        ),
    ];
    if let Some(line) = chart::trend(&o.period, today, |d| o.score_on(d), view.expected) {
        rows.insert(5, ("trend", line));
    }
    if let Some(text) = super::objective_forecast(view) {
        rows.insert(rows.len() - 1, ("forecast", text));
    }
    if let Some(retro) = &view.retro {
        rows.push(("retro", super::retro_text(retro)));
    }
    if let Some(text) = &view.description {
        rows.push(("description", text.clone()));
    }
    rows
}

/// An objective's key results, a row each, within the width as `okr status` fits them:
/// titles shorten to 30, then the confidence, the 7-day change and the weight give way.
fn key_result_table(key_results: &[KeyResultView], style: Style) -> String {
    let columns = [
        Column::text("ID"),
        Column::text("KEY RESULT"),
        Column::number("WEIGHT"),
        Column::number("PROGRESS"),
        Column::number("SCORE"),
        Column::number("7D"),
        Column::text("CONF"),
        Column::text("STATUS"),
    ];
    let order = [
        GiveWay::Shorten(1, 30),
        GiveWay::Hide(6),
        GiveWay::Hide(5),
        GiveWay::Hide(2),
        GiveWay::Shorten(1, 16),
    ];
    // Progress is written shorter, form by form, while the table is too wide.
    let mut table = String::new();
    for form in 0..4 {
        let rows: Vec<Vec<String>> = key_results
            .iter()
            .map(|kr| {
                vec![
                    kr.id.clone(),
                    kr.title.clone(),
                    number(kr.weight),
                    crate::report::kr_progress_forms(kr)[form].clone(),
                    percent(kr.score),
                    change(kr.score, kr.change_7d),
                    confidence(kr),
                    kr_standing(kr, style),
                ]
            })
            .collect();
        table = layout::render(&columns, &rows, style.limit(), &order);
        let widest = table.lines().map(layout::width).max().unwrap_or(0);
        if style.limit().is_none_or(|limit| widest <= limit) {
            break;
        }
    }
    table
}

fn show_key_result(
    okrs: &Okrs,
    o: &Objective,
    kr: &KeyResult,
    today: NaiveDate,
    style: Style,
) -> String {
    let view = KeyResultView::new(o, kr, today, &okrs.settings);
    let mut out = format!("{}  {}\n", view.id, view.title);
    out.push_str(&fields(
        &key_result_rows(o, kr, &view, today, style),
        style.limit(),
    ));
    out.push('\n');
    out.push_str(&checkins(kr, style.limit()));
    let aligned = aligned_ids(okrs, &[&kr.id]);
    if let Some(mean) = rollup(okrs, &kr.id, today) {
        out.push_str(&format!(
            "\naligned to it (mean score {}):\n",
            percent(mean)
        ));
        out.push_str(&aligned_lines(okrs, &aligned, today, style.limit()));
    }
    out
}

/// The key result's fields: its objective, values, score, change, status, and what is
/// known of it besides (past the target, confidence, KPI, who answers for it).
fn key_result_rows(
    o: &Objective,
    kr: &KeyResult,
    view: &KeyResultView,
    today: NaiveDate,
    style: Style,
) -> Vec<(&'static str, String)> {
    let unit = view.unit.as_deref();
    let target = match &view.relative_target {
        Some(change) => format!("{} ({change})", value(view.target, unit)),
        None => value(view.target, unit),
    };
    let delta = change(view.score, view.change_7d);
    let mut rows = vec![
        ("objective", format!("{} {}", o.id, o.title)),
        ("start", value(view.start, unit)),
        ("target", target),
        ("current", value(view.current, unit)),
        ("weight", number(view.weight)),
        ("score", percent(view.score)),
        (
            "last 7 days",
            if delta.is_empty() {
                "no change".into()
            } else {
                delta
            },
        ),
        ("status", kr_standing(view, style)),
    ];
    if let Some(text) = super::kr_forecast(view) {
        rows.push(("forecast", text));
    }
    if !view.milestones.is_empty() {
        rows.push(("milestones", milestones(view)));
    }
    if let Some(retro) = &view.retro {
        rows.push(("retro", super::retro_text(retro)));
    }
    if kr.keep.is_none()
        && let Some(line) = chart::trend(&o.period, today, |d| kr.score_on(d), view.expected)
    {
        rows.insert(6, ("trend", line));
    }
    if view.beaten {
        let reached = super::reached(view.reached);
        rows.push(("reached", format!("{reached} of the way: past the target")));
    }
    if view.confidence.is_some() {
        rows.push(("confidence", confidence(view)));
    }
    if let Some(kpi) = &view.kpi {
        rows.push(("measured by", format!("KPI {kpi}")));
    }
    if view.owner.is_some() {
        rows.push(("answered by", view.answered_by.clone()));
    }
    rows
}

/// `okr progress KR VALUE`: the key result's new standing, one line.
pub fn checked_in(kr: &KeyResultView, previous_score: f64) -> String {
    format!(
        "{}  {}: {} ({} -> {}, {})\n",
        kr.id,
        kr.title,
        crate::report::kr_progress(kr),
        percent(previous_score),
        percent(kr.score),
        kr.status.as_str()
    )
}

impl HistoryView {
    /// Every check-in of `kr`.
    pub fn new(kr: &KeyResult) -> HistoryView {
        HistoryView {
            id: kr.id.clone(),
            title: kr.title.clone(),
            unit: kr.unit.clone(),
            checkins: CheckInView::all(kr),
            milestones: MilestoneView::all(kr),
        }
    }
}

/// A key result's milestones in a line: `2026-11-30: 200 (20%); 2026-12-20: 900 (90%)`.
fn milestones(view: &KeyResultView) -> String {
    view.milestones
        .iter()
        .map(|m| {
            let shown = value(m.value, view.unit.as_deref());
            format!("{}: {shown} ({})", m.date, percent(m.score))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `okr history KR`: the key result, its check-ins and its milestones.
pub fn history(kr: &KeyResult, style: Style) -> String {
    let mut out = format!("{}  {}\n{}", kr.id, kr.title, checkins(kr, style.limit()));
    let milestones = MilestoneView::all(kr);
    if !milestones.is_empty() {
        out.push_str("\nmilestones:\n");
        for m in &milestones {
            let shown = value(m.value, kr.unit.as_deref());
            out.push_str(&format!("  {}  {shown} ({})\n", m.date, percent(m.score)));
        }
    }
    out
}

/// Why `value`, just recorded for `kr`, looks like a typo, if it does: more than ten times
/// away from both the value before it and the target (`12.600` for 12,600), or a fall of the
/// score by more than half the way. The value is saved all the same.
pub fn implausible(
    kr: &KeyResultView,
    value: f64,
    previous: f64,
    score_before: f64,
) -> Option<String> {
    let away = |other: f64| {
        if other == 0.0 {
            value.abs() > 10.0
        } else {
            let ratio = value / other;
            !(0.1..=10.0).contains(&ratio)
        }
    };
    let unit = kr.unit.as_deref();
    let undo = "if it is a typo, `okr undo` takes it back";
    if away(previous) && away(kr.target) {
        return Some(format!(
            "{} for `{}` ({}) is more than 10 times away from its last value ({}) and its target ({}); {undo}",
            super::value(value, unit),
            kr.id,
            kr.title,
            super::value(previous, unit),
            super::value(kr.target, unit)
        ));
    }
    if score_before - kr.score > 0.5 {
        return Some(format!(
            "{} moves `{}` ({}) back from {} to {}; {undo}",
            super::value(value, unit),
            kr.id,
            kr.title,
            percent(score_before),
            percent(kr.score)
        ));
    }
    None
}
