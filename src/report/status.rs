//! The listings people read at a terminal: `okr status` and `okr list`.

use comfy_table::{Cell, CellAlignment, Table};

use super::layout::{self, Column, GiveWay};
use super::views::{KeyResultView, StatusView};
use super::{Style, cell, change, confidence, kr_standing, objective_standing, percent};
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
    kr_cells(kr, style).into_iter().map(cell).collect()
}

/// The cells of a key result's row: id, title, owner (none), progress, score, 7D, confidence
/// and standing.
fn kr_cells(kr: &KeyResultView, style: Style) -> Vec<String> {
    vec![
        kr.id.clone(),
        format!("  {}", kr.title),
        String::new(),
        crate::report::kr_progress(kr),
        percent(kr.score),
        change(kr.score, kr.change_7d),
        confidence(kr),
        kr_standing(kr, style),
    ]
}

/// Header line naming a period, its dates and how far it has run; shorter when `limit`
/// is too narrow for the whole sentence.
pub fn period_line(period: &Period, view: &StatusView, limit: Option<usize>) -> String {
    let elapsed = percent(crate::model::status::elapsed(period, view.as_of));
    let long = format!(
        "{period} ({} to {}), as of {}: {elapsed} of the period elapsed\n",
        period.start(),
        period.end(),
        view.as_of,
    );
    if limit.is_none_or(|limit| layout::width(long.trim_end()) <= limit) {
        return long;
    }
    format!(
        "{period} ({} to {}), {}: {elapsed} elapsed\n",
        period.start(),
        period.end(),
        view.as_of,
    )
}

/// `okr status`: objectives with their key results, then each owner's score.
pub fn status(view: &StatusView, style: Style) -> String {
    let mut out = String::new();
    if let Some(period) = &view.period {
        out.push_str(&period_line(period, view, style.limit()));
    }
    if view.objectives.is_empty() {
        out.push_str("no objectives here yet; add one with `okr add objective TITLE`\n");
        return out;
    }
    out.push('\n');
    let columns = [
        Column::text("ID"),
        Column::text("OBJECTIVE / KEY RESULT").or("TITLE"),
        Column::text("OWNER"),
        Column::number("PROGRESS"),
        Column::number("SCORE"),
        Column::number("7D"),
        Column::text("CONF"),
        Column::text("STATUS"),
    ];
    let mut rows = Vec::new();
    for o in &view.objectives {
        rows.push(vec![
            o.id.clone(),
            o.title.clone(),
            o.owner.to_string(),
            String::new(),
            percent(o.score),
            change(o.score, o.change_7d),
            String::new(),
            objective_standing(o, style),
        ]);
        rows.extend(o.key_results.iter().map(|kr| kr_cells(kr, style)));
    }
    out.push_str(&layout::render(
        &columns,
        &rows,
        style.limit(),
        &STATUS_GIVES_WAY,
    ));
    out.push('\n');
    let columns = [
        Column::text("OWNER"),
        Column::text("LEVEL"),
        Column::number("OBJECTIVES").or("OBJ"),
        Column::number("SCORE"),
    ];
    let rows: Vec<Vec<String>> = view
        .owners
        .iter()
        .map(|s| {
            vec![
                s.owner.clone(),
                s.level.to_string(),
                s.objectives.to_string(),
                percent(s.score),
            ]
        })
        .collect();
    out.push_str(&layout::render(
        &columns,
        &rows,
        style.limit(),
        &[GiveWay::Shorten(0, 8)],
    ));
    out
}

/// How `okr status` gives way on a narrow terminal: titles shorten first (to 24 columns),
/// then owners (to 12); then the confidence column goes, then the 7-day change; then
/// titles and owners shorten further (titles to 16, owners to 8, titles to 12), and last
/// the owner column goes. Ids, progress, score and status always show.
pub const STATUS_GIVES_WAY: [GiveWay; 8] = [
    GiveWay::Shorten(1, 24),
    GiveWay::Shorten(2, 12),
    GiveWay::Hide(6),
    GiveWay::Hide(5),
    GiveWay::Shorten(1, 16),
    GiveWay::Shorten(2, 8),
    GiveWay::Shorten(1, 12),
    GiveWay::Hide(2),
];

/// How `okr list` gives way: titles shorten (to 24), owners (to 12), the kind goes, then
/// titles and owners shorten further.
pub const LIST_GIVES_WAY: [GiveWay; 5] = [
    GiveWay::Shorten(4, 24),
    GiveWay::Shorten(2, 12),
    GiveWay::Hide(3),
    GiveWay::Shorten(4, 12),
    GiveWay::Shorten(2, 6),
];

/// `okr list`: every objective and key result with its id, period and owner.
pub fn list(view: &StatusView, style: Style) -> String {
    if view.objectives.is_empty() {
        return "no objectives here yet; add one with `okr add objective TITLE`\n".into();
    }
    let columns = [
        Column::text("ID"),
        Column::text("PERIOD"),
        Column::text("OWNER"),
        Column::text("KIND"),
        Column::text("TITLE"),
    ];
    let mut rows = Vec::new();
    for o in &view.objectives {
        rows.push(vec![
            o.id.clone(),
            o.period.to_string(),
            o.owner.to_string(),
            o.kind.to_string(),
            o.title.clone(),
        ]);
        for kr in &o.key_results {
            rows.push(vec![
                kr.id.clone(),
                String::new(),
                String::new(),
                String::new(),
                format!("  {}", kr.title),
            ]);
        }
    }
    layout::render(&columns, &rows, style.limit(), &LIST_GIVES_WAY)
}
