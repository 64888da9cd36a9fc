//! Human-readable renderings of the views: the tables people see at a terminal.

use std::collections::HashMap;

use comfy_table::{Cell, CellAlignment, Table};

use super::views::{CheckInView, KeyResultView, ObjectiveView, StatusView};
use super::{
    Style, cell, change, confidence, kr_standing, objective_standing, owner_text, percent,
    progress, render, table, value,
};
use crate::model::rules::Severity;
use crate::model::{Item, KeyResult, Okrs, Period, Problem};

fn align_right(table: &mut Table, columns: &[usize]) {
    for &index in columns {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

fn kr_row(kr: &KeyResultView, style: Style) -> Vec<Cell> {
    vec![
        cell(&kr.id),
        cell(format!("  {}", kr.title)),
        cell(""),
        cell(progress(kr.current, kr.target, kr.unit.as_deref())),
        cell(percent(kr.score)),
        cell(change(kr.change_7d)),
        cell(confidence(kr)),
        cell(kr_standing(kr, style)),
    ]
}

/// Header line naming a period, its dates and how far it has run.
pub fn period_line(period: &Period, view: &StatusView) -> String {
    let elapsed = crate::model::status::elapsed(period, view.as_of);
    format!(
        "{period} ({} to {}), as of {}: {} of the period elapsed\n",
        period.start(),
        period.end(),
        view.as_of,
        percent(elapsed)
    )
}

/// `okr status`: objectives with their key results, then each owner's score.
pub fn status(view: &StatusView, period: Option<&Period>, style: Style) -> String {
    let mut out = String::new();
    if let Some(period) = period {
        out.push_str(&period_line(period, view));
    }
    if view.objectives.is_empty() {
        out.push_str("no objectives here yet; add one with `okr add objective TITLE`\n");
        return out;
    }
    out.push('\n');
    let mut t = table(&[
        "ID",
        "OBJECTIVE / KEY RESULT",
        "OWNER",
        "PROGRESS",
        "SCORE",
        "7D",
        "CONF",
        "STATUS",
    ]);
    for o in &view.objectives {
        t.add_row(vec![
            cell(&o.id),
            cell(&o.title),
            cell(owner_text(o)),
            cell(""),
            cell(percent(o.score)),
            cell(change(o.change_7d)),
            cell(""),
            cell(objective_standing(o, style)),
        ]);
        for kr in &o.key_results {
            t.add_row(kr_row(kr, style));
        }
    }
    align_right(&mut t, &[3, 4, 5]);
    style.fit(&mut t);
    out.push_str(&render(&mut t));
    out.push('\n');
    let mut owners = table(&["OWNER", "LEVEL", "OBJECTIVES", "SCORE"]);
    for s in &view.owners {
        owners.add_row(vec![
            cell(&s.owner),
            cell(s.level),
            cell(s.objectives),
            cell(percent(s.score)),
        ]);
    }
    align_right(&mut owners, &[2, 3]);
    out.push_str(&render(&mut owners));
    out
}

/// `okr list`: every objective and key result with its id, period and owner.
pub fn list(view: &StatusView, style: Style) -> String {
    if view.objectives.is_empty() {
        return "no objectives here yet; add one with `okr add objective TITLE`\n".into();
    }
    let mut t = table(&["ID", "PERIOD", "OWNER", "KIND", "TITLE"]);
    for o in &view.objectives {
        t.add_row(vec![
            cell(&o.id),
            cell(&o.period),
            cell(owner_text(o)),
            cell(o.kind),
            cell(&o.title),
        ]);
        for kr in &o.key_results {
            t.add_row(vec![
                cell(&kr.id),
                cell(""),
                cell(""),
                cell(""),
                cell(format!("  {}", kr.title)),
            ]);
        }
    }
    style.fit(&mut t);
    render(&mut t)
}

fn fields(rows: &[(&str, String)]) -> String {
    let mut t = table(&[]);
    for (name, text) in rows {
        t.add_row(vec![cell(name), cell(text)]);
    }
    render(&mut t)
}

fn aligned_lines(okrs: &Okrs, ids: &[String], today: chrono::NaiveDate) -> String {
    ids.iter()
        .filter_map(|id| okrs.objective(id))
        .map(|o| {
            format!(
                "  {}  {} ({}, {})\n",
                o.id,
                o.title,
                o.owner_label(),
                percent(o.score_on(today))
            )
        })
        .collect()
}

/// A key result's check-ins, oldest first: `show KR` and `history`.
pub fn checkins(kr: &KeyResult) -> String {
    let views = CheckInView::all(kr);
    if views.is_empty() {
        return format!(
            "no check-ins yet; record one with `okr progress {} VALUE`\n",
            kr.id
        );
    }
    let unit = kr.unit.as_deref();
    let mut t = table(&["DATE", "VALUE", "SCORE", "CONFIDENCE", "NOTE"]);
    for c in &views {
        t.add_row(vec![
            cell(c.date),
            cell(value(c.value, unit)),
            cell(percent(c.score)),
            cell(c.confidence.map_or(String::new(), |c| format!("{c}/10"))),
            cell(c.note.as_deref().unwrap_or("")),
        ]);
    }
    align_right(&mut t, &[1, 2, 3]);
    render(&mut t)
}

/// `okr show ID`: everything about one objective or key result.
pub fn show(okrs: &Okrs, item: Item<'_>, today: chrono::NaiveDate, style: Style) -> String {
    match item {
        Item::Objective(o) => {
            let view = ObjectiveView::new(o, today);
            let aligns = o
                .aligns
                .iter()
                .map(|id| match okrs.find(id) {
                    Some(Item::KeyResult(parent, kr)) => {
                        format!("{id} {} (of {})", kr.title, parent.id)
                    }
                    _ => format!("{id} (missing)"),
                })
                .collect::<Vec<_>>()
                .join("; ");
            let mut rows = vec![
                ("level", view.level.to_string()),
                ("owner", owner_text(&view)),
                (
                    "period",
                    format!("{} ({} to {})", o.period, o.period.start(), o.period.end()),
                ),
                ("kind", view.kind.to_string()),
                ("score", percent(view.score)),
                ("status", objective_standing(&view, style)),
                (
                    "aligns to",
                    if aligns.is_empty() {
                        "-".into()
                    } else {
                        aligns
                    },
                ),
            ];
            if let Some(text) = &view.description {
                rows.push(("description", text.clone()));
            }
            let mut out = format!("{}  {}\n", view.id, view.title);
            out.push_str(&fields(&rows));
            if !view.key_results.is_empty() {
                out.push('\n');
                let mut t = table(&[
                    "ID",
                    "KEY RESULT",
                    "WEIGHT",
                    "PROGRESS",
                    "SCORE",
                    "7D",
                    "CONF",
                    "STATUS",
                ]);
                for kr in &view.key_results {
                    let mut row = kr_row(kr, style);
                    row[1] = cell(&kr.title);
                    row[2] = cell(super::number(kr.weight));
                    t.add_row(row);
                }
                align_right(&mut t, &[2, 3, 4, 5]);
                style.fit(&mut t);
                out.push_str(&render(&mut t));
            }
            let ids: Vec<&str> = o.key_results.iter().map(|kr| kr.id.as_str()).collect();
            let aligned = super::views::aligned_ids(okrs, &ids);
            if !aligned.is_empty() {
                out.push_str("\naligned to its key results:\n");
                out.push_str(&aligned_lines(okrs, &aligned, today));
            }
            out
        }
        Item::KeyResult(o, kr) => {
            let view = KeyResultView::new(o, kr, today);
            let unit = view.unit.as_deref();
            let mut rows = vec![
                ("objective", format!("{} {}", o.id, o.title)),
                ("start", value(view.start, unit)),
                (
                    "target",
                    match &view.relative_target {
                        Some(change) => format!("{} ({change})", value(view.target, unit)),
                        None => value(view.target, unit),
                    },
                ),
                ("current", value(view.current, unit)),
                ("weight", super::number(view.weight)),
                ("score", percent(view.score)),
                ("last 7 days", {
                    let delta = change(view.change_7d);
                    if delta.is_empty() {
                        "no change".into()
                    } else {
                        delta
                    }
                }),
                ("status", kr_standing(&view, style)),
            ];
            if view.confidence.is_some() {
                rows.push(("confidence", confidence(&view)));
            }
            if let Some(kpi) = &view.kpi {
                rows.push(("measured by", format!("KPI {kpi}")));
            }
            let mut out = format!("{}  {}\n", view.id, view.title);
            out.push_str(&fields(&rows));
            out.push('\n');
            out.push_str(&checkins(kr));
            let aligned = super::views::aligned_ids(okrs, &[&kr.id]);
            if let Some(mean) = super::views::rollup(okrs, &kr.id, today) {
                out.push_str(&format!(
                    "\naligned to it (mean score {}):\n",
                    percent(mean)
                ));
                out.push_str(&aligned_lines(okrs, &aligned, today));
            }
            out
        }
    }
}

/// `okr progress KR VALUE`: the key result's new standing, one line.
pub fn checked_in(kr: &KeyResultView, previous_score: f64) -> String {
    let unit = kr.unit.as_deref();
    format!(
        "{}  {}: {} ({} -> {}, {})\n",
        kr.id,
        kr.title,
        progress(kr.current, kr.target, unit),
        percent(previous_score),
        percent(kr.score),
        kr.status.as_str()
    )
}

/// `okr check`: one line per problem.
pub fn problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| {
            let warning = if p.severity == Severity::Warning {
                "warning: "
            } else {
                ""
            };
            format!("{warning}{}: {} [{}]\n", p.id, p.message, rule_name(p))
        })
        .collect()
}

fn rule_name(problem: &Problem) -> String {
    serde_json::to_value(problem.rule)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// `okr kpi list`: each KPI with its latest value.
pub fn kpis(okrs: &Okrs) -> String {
    if okrs.kpis.is_empty() {
        return "no KPIs yet; add one with `okr kpi add NAME`\n".into();
    }
    let mut t = table(&["KPI", "LATEST", "ON", "KEY RESULTS"]);
    for kpi in &okrs.kpis {
        let measured: Vec<&str> = okrs
            .objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .filter(|kr| kr.kpi.as_deref() == Some(kpi.name.as_str()))
            .map(|kr| kr.id.as_str())
            .collect();
        let latest = kpi.records.last();
        t.add_row(vec![
            cell(&kpi.name),
            cell(latest.map_or(String::new(), |r| value(r.value, kpi.unit.as_deref()))),
            cell(latest.map_or(String::new(), |r| r.date.to_string())),
            cell(measured.join(", ")),
        ]);
    }
    align_right(&mut t, &[1]);
    render(&mut t)
}

/// `okr kpi show NAME`: a KPI's values and the key results it measures.
pub fn kpi(kpi: &crate::model::Kpi, key_results: &[String]) -> String {
    let mut out = format!("{}\n", kpi.name);
    if let Some(text) = &kpi.description {
        out.push_str(&format!("{text}\n"));
    }
    out.push_str(&format!(
        "measures: {}\n\n",
        if key_results.is_empty() {
            "no key result yet; link one with `okr edit KR_ID --kpi NAME`".to_string()
        } else {
            key_results.join(", ")
        }
    ));
    if kpi.records.is_empty() {
        out.push_str(&format!(
            "no values yet; record one with `okr kpi record {} VALUE`\n",
            kpi.name
        ));
        return out;
    }
    let mut t = table(&["DATE", "VALUE"]);
    for r in &kpi.records {
        t.add_row(vec![
            cell(r.date),
            cell(value(r.value, kpi.unit.as_deref())),
        ]);
    }
    align_right(&mut t, &[1]);
    out.push_str(&render(&mut t));
    out
}

/// Escapes text for a GitHub Actions workflow command (`%`, CR and LF; `:` and `,` too in
/// properties).
fn github_escape(text: &str, property: bool) -> String {
    let mut out = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// `okr check --format github`: one annotation per problem, on the line of the file where the
/// objective or key result is defined, so that it shows in the pull request's diff.
///
/// The lines are found in one pass over the file, however many problems there are.
pub fn github_annotations(problems: &[Problem], file: &str, content: &str) -> String {
    let mut lines: HashMap<&str, usize> = HashMap::new();
    for (i, line) in content.lines().enumerate() {
        if let Some(id) = line
            .trim_start()
            .strip_prefix("\"id\": \"")
            .and_then(|rest| rest.split('"').next())
        {
            lines.entry(id).or_insert(i + 1);
        }
    }
    problems
        .iter()
        .map(|p| {
            let level = if p.severity == Severity::Warning {
                "warning"
            } else {
                "error"
            };
            let line = lines
                .get(p.id.as_str())
                .map(|n| format!(",line={n}"))
                .unwrap_or_default();
            format!(
                "::{level} file={}{line},title={}::{}\n",
                github_escape(file, true),
                github_escape(&format!("okr {}: {}", rule_name(p), p.id), true),
                github_escape(&format!("{}: {}", p.id, p.message), false)
            )
        })
        .collect()
}

/// `okr templates`: each template with its key results and KPIs.
pub fn templates() -> String {
    let mut out = String::new();
    for t in crate::model::templates::TEMPLATES {
        out.push_str(&format!(
            "{}: {}\n  objective: {}\n",
            t.name, t.about, t.objective
        ));
        for (i, kr) in t.key_results.iter().enumerate() {
            let unit = if kr.unit.is_empty() {
                String::new()
            } else {
                format!(" ({})", kr.unit)
            };
            out.push_str(&format!(
                "  {}. {}{unit}: {} from the baseline\n",
                i + 1,
                kr.title,
                kr.target
            ));
        }
        out.push_str(&format!("  KPIs: {}\n\n", t.kpis.join(", ")));
    }
    out.push_str("Use one with: okr add objective --template NAME --baseline 1=VALUE ...\n");
    out
}
