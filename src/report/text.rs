//! The listings people read at a terminal: `okr status` and `okr list`.

use comfy_table::{Cell, CellAlignment, Table};

use super::views::{KeyResultView, StatusView};
use super::{
    Style, cell, change, confidence, kr_standing, objective_standing, percent, progress, render,
    table,
};
use crate::model::Period;

/// Aligns the given columns of `table` to the right (numbers).
pub fn align_right(table: &mut Table, columns: &[usize]) {
    for &index in columns {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// A key result's row in the status tables.
pub fn kr_row(kr: &KeyResultView, style: Style) -> Vec<Cell> {
    vec![
        cell(&kr.id),
        cell(format!("  {}", kr.title)),
        cell(""),
        cell(progress(kr.current, kr.target, kr.unit.as_deref())),
        cell(percent(kr.score)),
        cell(change(kr.score, kr.change_7d)),
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
pub fn status(view: &StatusView, style: Style) -> String {
    let mut out = String::new();
    if let Some(period) = &view.period {
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
            cell(&o.owner),
            cell(""),
            cell(percent(o.score)),
            cell(change(o.score, o.change_7d)),
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
            cell(o.period),
            cell(&o.owner),
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
