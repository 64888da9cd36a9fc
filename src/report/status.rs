//! The listings people read at a terminal: `okr status` and `okr list`.

use super::layout::{self, Column, GiveWay};
use super::views::{KeyResultView, ObjectiveView, StatusView};
use super::{MAX_CELL, Style, change, confidence, kr_standing, objective_standing, percent};
use crate::model::Period;

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
        if let (Some(before), Some(period)) = (view.unclosed_before, view.period) {
            out.push_str(&format!(
                "{before} ended on {} and is not closed; close it and carry what is unfinished:\n  okr close {before}\n  okr carry --all {before} --to {period}\n",
                before.end()
            ));
            return out;
        }
        out.push_str("no objectives here yet; add one with `okr add objective TITLE`\n");
        return out;
    }
    out.push('\n');
    out.push_str(&objectives_table(&view.objectives, style));
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

/// How `okr list` gives way: titles shorten (to 40), the kind goes, then titles shorten
/// further.
pub const LIST_GIVES_WAY: [GiveWay; 3] = [
    GiveWay::Shorten(3, OBJECTIVE_TITLE_FLOOR),
    GiveWay::Hide(2),
    GiveWay::Shorten(3, 12),
];

/// `okr list`: every objective and key result with its id, period and kind, under a heading
/// per owner as `okr status` has them.
pub fn list(view: &StatusView, style: Style) -> String {
    if view.objectives.is_empty() {
        return "no objectives here yet; add one with `okr add objective TITLE`\n".into();
    }
    let columns = [
        Column::text("ID"),
        Column::text("PERIOD"),
        Column::text("KIND"),
        Column::text("TITLE"),
    ];
    let groups = by_owner(&view.objectives);
    let mut rows = Vec::new();
    for o in groups.iter().flat_map(|(_, group)| group) {
        rows.push(vec![
            o.id.clone(),
            o.period.to_string(),
            o.kind.to_string(),
            o.title.clone(),
        ]);
        for kr in &o.key_results {
            rows.push(vec![
                kr.id.clone(),
                String::new(),
                String::new(),
                format!("  {}", kr.title),
            ]);
        }
    }
    let table = layout::render(&columns, &rows, style.limit(), &LIST_GIVES_WAY);
    let mut lines = table.lines();
    let mut out = format!("{}\n", lines.next().unwrap_or_default());
    for (owner, group) in &groups {
        out.push('\n');
        out.push_str(&heading(
            &layout::shorten(owner, style.limit().unwrap_or(usize::MAX)),
            style,
        ));
        out.push('\n');
        for line in lines
            .by_ref()
            .take(group.iter().map(|o| 1 + o.key_results.len()).sum())
        {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// From this width on, `okr status` also shows the 7-day change and the confidence.
pub const WIDE_ENOUGH_FOR_TRENDS: usize = 100;

/// The shortest a key result's title is cut to (an objective's gets at least
/// [`OBJECTIVE_TITLE_FLOOR`]), before progress gives up its unit or its long numbers.
pub const KEY_RESULT_TITLE_FLOOR: usize = 30;

/// See [`KEY_RESULT_TITLE_FLOOR`].
pub const OBJECTIVE_TITLE_FLOOR: usize = 40;

/// One line of the objectives table.
struct Line {
    id: String,
    title: String,
    /// A key result's progress, richest form first (see `kr_progress_forms`); none for an
    /// objective, whose title runs on over the progress column.
    progress: Option<[String; 4]>,
    score: String,
    change: String,
    confidence: String,
    forecast: String,
    standing: String,
}

/// `okr status`'s objectives, under a heading per owner (in the order of their first
/// objective), each with its key results. Within `style.limit()` columns: titles keep at
/// least their first 30 (key results) or 40 (objectives) characters; progress is written
/// compactly where it would take that room; the 7-day change and the confidence show from
/// 100 columns. Score and status always show.
fn objectives_table(objectives: &[ObjectiveView], style: Style) -> String {
    let groups = by_owner(objectives);
    let lines: Vec<Line> = groups
        .iter()
        .flat_map(|(_, group)| group.iter())
        .flat_map(|o| {
            std::iter::once(objective_line(o, style))
                .chain(o.key_results.iter().map(|kr| kr_line(kr, style)))
        })
        .collect();
    let limit = style.limit();
    let trends = limit.is_none_or(|l| l >= WIDE_ENOUGH_FOR_TRENDS);
    let widest = |header: &str, cell: fn(&Line) -> &str| {
        lines
            .iter()
            .map(|l| layout::width(cell(l)))
            .chain([layout::width(header)])
            .max()
            .unwrap_or(0)
    };
    let id_w = widest("ID", |l| &l.id);
    let score_w = widest("SCORE", |l| &l.score);
    let change_w = widest("7D", |l| &l.change);
    let conf_w = widest("CONF", |l| &l.confidence);
    let forecast_w = widest("FORECAST", |l| &l.forecast);
    let status_w = widest("STATUS", |l| &l.standing);
    let mut fixed = id_w + 2 + 2 + score_w + 2 + status_w;
    if trends {
        fixed += 2 + change_w + 2 + conf_w;
    }
    // The title column holds a key result's title indented by two.
    let kr_natural = lines
        .iter()
        .filter(|l| l.progress.is_some())
        .map(|l| layout::width(&l.title).min(MAX_CELL) + 2)
        .max()
        .unwrap_or(0);
    let objective_natural = lines
        .iter()
        .filter(|l| l.progress.is_none())
        .map(|l| layout::width(&l.title).min(MAX_CELL))
        .max()
        .unwrap_or(0);
    // Where each is heading shows with the trends when the whole table still fits with
    // every title and progress whole (and always with `--wide`), while a period runs.
    let full_progress = lines
        .iter()
        .filter_map(|l| l.progress.as_ref().map(|f| layout::width(&f[0])))
        .chain([layout::width("PROGRESS")])
        .max()
        .unwrap_or(0);
    let natural = fixed
        + 2
        + forecast_w
        + 2
        + full_progress
        + 2
        + kr_natural.max(objective_natural.saturating_sub(full_progress + 2));
    let forecasts = trends
        && limit.is_none_or(|l| natural <= l)
        && lines.iter().any(|l| !l.forecast.is_empty());
    if forecasts {
        fixed += 2 + forecast_w;
    }
    let forms = |l: &Line, budget: usize| -> String {
        let Some(forms) = &l.progress else {
            return String::new();
        };
        forms
            .iter()
            .find(|f| layout::width(f) <= budget)
            .unwrap_or(&forms[3])
            .clone()
    };
    let (progress, progress_w, title_w) = match limit {
        None => {
            let progress: Vec<String> = lines.iter().map(|l| forms(l, usize::MAX)).collect();
            let progress_w = progress.iter().map(|p| layout::width(p)).max().unwrap_or(0);
            let progress_w = progress_w.max(layout::width("PROGRESS"));
            let title_w = kr_natural
                .max(objective_natural.saturating_sub(progress_w + 2))
                .max(layout::width("OBJECTIVE / KEY RESULT"));
            (progress, progress_w, title_w)
        }
        Some(limit) => {
            let room = limit.saturating_sub(fixed);
            // Whole titles where compact progress makes the room for them (each row keeps
            // as much of its unit and digits as still fits); else titles down to their floor.
            let whole = room.saturating_sub(2 + kr_natural);
            let fits_whole = lines.iter().all(|l| {
                l.progress
                    .as_ref()
                    .is_none_or(|f| layout::width(&f[3]) <= whole)
            });
            // Indented by two, and a shortened title ends in `…`.
            let kr_floor = kr_natural.min(2 + KEY_RESULT_TITLE_FLOOR + 1);
            let budget = if fits_whole {
                whole
            } else {
                room.saturating_sub(2 + kr_floor)
            };
            let progress: Vec<String> = lines.iter().map(|l| forms(l, budget)).collect();
            let progress_w = progress.iter().map(|p| layout::width(p)).max().unwrap_or(0);
            let progress_w = progress_w.max(layout::width("PROGRESS"));
            let wanted = kr_natural
                .max(objective_natural.saturating_sub(progress_w + 2))
                .max(layout::width("TITLE"));
            let title_w = room.saturating_sub(2 + progress_w).min(wanted);
            (progress, progress_w, title_w)
        }
    };
    let title_header = if title_w >= layout::width("OBJECTIVE / KEY RESULT") {
        "OBJECTIVE / KEY RESULT"
    } else {
        "TITLE"
    };
    let row = |id: &str, title: &str, progress: Option<&str>, l: &Line| -> String {
        let mut out = pad(id, id_w, false);
        out.push_str("  ");
        match progress {
            Some(progress) => {
                out.push_str(&pad(&layout::shorten(title, title_w), title_w, false));
                out.push_str("  ");
                out.push_str(&pad(progress, progress_w, true));
            }
            None => {
                let span = title_w + 2 + progress_w;
                out.push_str(&pad(&layout::shorten(title, span), span, false));
            }
        }
        out.push_str("  ");
        out.push_str(&pad(&l.score, score_w, true));
        if trends {
            out.push_str("  ");
            out.push_str(&pad(&l.change, change_w, true));
            out.push_str("  ");
            out.push_str(&pad(&l.confidence, conf_w, false));
        }
        if forecasts {
            out.push_str("  ");
            out.push_str(&pad(&l.forecast, forecast_w, true));
        }
        out.push_str("  ");
        out.push_str(&l.standing);
        out.trim_end().to_string() + "\n"
    };
    let header = Line {
        id: "ID".into(),
        title: String::new(),
        progress: None,
        score: "SCORE".into(),
        change: "7D".into(),
        confidence: "CONF".into(),
        forecast: "FORECAST".into(),
        standing: "STATUS".into(),
    };
    let mut out = row("ID", title_header, Some("PROGRESS"), &header);
    let mut next = lines.iter().zip(&progress);
    for (owner, group) in &groups {
        out.push('\n');
        out.push_str(&heading(
            &layout::shorten(owner, limit.unwrap_or(usize::MAX)),
            style,
        ));
        out.push('\n');
        for o in group {
            for _ in 0..=o.key_results.len() {
                let Some((line, progress)) = next.next() else {
                    break;
                };
                let progress = line.progress.as_ref().map(|_| progress.as_str());
                let title = if progress.is_some() {
                    format!("  {}", line.title)
                } else {
                    line.title.clone()
                };
                out.push_str(&row(&line.id, &title, progress, line));
            }
        }
    }
    out
}

/// The objectives grouped by owner, owners in the order of their first objective.
fn by_owner(objectives: &[ObjectiveView]) -> Vec<(String, Vec<&ObjectiveView>)> {
    super::grouped(objectives, |o| o.owner.to_string())
}

fn objective_line(o: &ObjectiveView, style: Style) -> Line {
    Line {
        id: o.id.clone(),
        title: o.title.clone(),
        progress: None,
        score: percent(o.score),
        change: change(o.score, o.change_7d),
        confidence: String::new(),
        forecast: o
            .running_forecast()
            .map_or(String::new(), |f| percent(f.score)),
        standing: objective_standing(o, style),
    }
}

fn kr_line(kr: &KeyResultView, style: Style) -> Line {
    Line {
        id: kr.id.clone(),
        title: kr.title.clone(),
        progress: Some(crate::report::kr_progress_forms(kr)),
        score: percent(kr.score),
        change: change(kr.score, kr.change_7d),
        confidence: confidence(kr),
        forecast: kr
            .running_forecast()
            .map_or(String::new(), |f| percent(f.score)),
        standing: kr_standing(kr, style),
    }
}

/// `text` padded with spaces to `width` columns, on the left for numbers (`right`).
fn pad(text: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(layout::width(text)));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

/// An owner's heading above their objectives: bold when colour is on.
fn heading(owner: &str, style: Style) -> String {
    if style.color {
        let bold = anstyle::Style::new().bold();
        format!("{bold}{owner}{bold:#}")
    } else {
        owner.to_string()
    }
}
