//! Turns model data into views and renders them for people (tables, trees) and scripts (JSON).

pub mod changes;
pub mod chart;
pub mod check;
pub mod diff;
pub mod digest;
pub mod due;
pub mod git;
pub mod kpi;
pub mod layout;
pub mod quarter;
pub mod review;
pub mod show;
pub mod status;
pub mod teams;
pub mod tree;
pub mod views;
pub mod written;

use anstyle::AnsiColor;
use comfy_table::{Cell, Table, presets};

use crate::model::{Grade, Status};
use views::{KeyResultView, ObjectiveView};

/// How human output is dressed.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Whether to colour statuses.
    pub color: bool,
    /// The width to fit tables to (`COLUMNS`); `None`: the terminal's, or no limit off one.
    pub width: Option<u16>,
}

impl Style {
    /// Plain text with no width limit.
    pub const PLAIN: Style = Style {
        color: false,
        width: None,
    };

    /// The width listings fit in: `COLUMNS`, else the terminal's; `None` for no limit.
    pub fn limit(self) -> Option<usize> {
        self.width.map(usize::from)
    }
}

/// The plural ending for `n` things: `""` for one, `"s"` otherwise.
/// A path as okr prints it in text: its control characters shown as escapes, as every
/// error message shows them (a file or a `--path` from git may be named with any bytes).
pub fn shown(path: &std::path::Path) -> String {
    crate::model::input::escaped(&path.display().to_string()).into_owned()
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub use crate::model::input::{shown_number as number, shown_value as value};

/// A value's move, `before ARROW after unit`: the unit written once (`900 -> 1,200
/// visitors`), a `%` on both sides (`24% -> 25%`).
pub fn moved(before: f64, after: f64, unit: Option<&str>, arrow: &str) -> String {
    match unit {
        Some("%") => format!("{}% {arrow} {}%", number(before), number(after)),
        _ => format!("{} {arrow} {}", number(before), value(after, unit)),
    }
}

/// `current / target unit`, the progress column of tables.
pub fn progress(current: f64, target: f64, unit: Option<&str>) -> String {
    match unit {
        Some("%") => format!("{}% / {}%", number(current), number(target)),
        _ => format!("{} / {}", number(current), value(target, unit)),
    }
}

/// The progress column of a key result: `current / target unit`, or for one that keeps a
/// line, `current / ≥ line` (`99.7% / ≥ 99.5%`, `38 / ≤ 40`).
pub fn kr_progress(kr: &views::KeyResultView) -> String {
    progress_as(kr, number, true)
}

/// The progress column written shorter and shorter, for a narrow terminal: compact numbers
/// with the unit (`50.6k / 60k visitors`), then without a unit other than `%` (`50.6k /
/// 60k`), then with two significant digits (`1.2M / 9.9M`).
pub fn kr_progress_forms(kr: &views::KeyResultView) -> [String; 4] {
    let compact = crate::model::input::shown_compact;
    let two = |v| crate::model::input::shown_compact_to(v, 2);
    [
        kr_progress(kr),
        progress_as(kr, compact, true),
        progress_as(kr, compact, false),
        progress_as(kr, two, false),
    ]
}

fn progress_as(
    kr: &views::KeyResultView,
    number: impl Fn(f64) -> String,
    with_unit: bool,
) -> String {
    let sign = match kr.keep {
        Some(crate::model::Keep::Above) => "≥ ",
        Some(crate::model::Keep::Below) => "≤ ",
        None => "",
    };
    let (current, target) = (number(kr.current), number(kr.target));
    match kr.unit.as_deref() {
        Some("%") => format!("{current}% / {sign}{target}%"),
        Some(unit) if with_unit => format!("{current} / {sign}{target} {unit}"),
        _ => format!("{current} / {sign}{target}"),
    }
}

pub use crate::model::input::{shown_percent as percent, shown_points as points};

fn painted(text: &str, color: AnsiColor, style: Style) -> String {
    if !style.color {
        return text.to_string();
    }
    let paint = anstyle::Style::new().fg_color(Some(color.into()));
    format!("{paint}{text}{paint:#}")
}

fn status_color(status: Status) -> AnsiColor {
    match status {
        Status::NotStarted => AnsiColor::BrightBlack,
        Status::OnTrack => AnsiColor::Green,
        Status::AtRisk => AnsiColor::Yellow,
        Status::OffTrack => AnsiColor::Red,
        Status::Done => AnsiColor::Cyan,
    }
}

/// A status word, coloured when the style allows it.
///
/// Colour is written here rather than by comfy-table, so that `--color always` wins over
/// `NO_COLOR` and the codes are whole. Statuses stand in a table's last column, where the
/// escape codes' width only adds trailing padding.
pub fn status_text(status: Status, style: Style) -> String {
    painted(status.as_str(), status_color(status), style)
}

/// A key result's standing: its status, and `stale` when check-ins have stopped; once the
/// period is over, the grade its final score earns (a pace means nothing then).
pub fn kr_standing(kr: &KeyResultView, style: Style) -> String {
    let mut text = match kr.grade {
        Some(grade) => grade_text(grade, style),
        None => status_text(kr.status, style),
    };
    if kr.stale {
        text.push_str(", stale");
    }
    if kr.beaten {
        text.push_str(", beaten");
    }
    if kr.status_manual {
        text.push_str(" (set by hand)");
    }
    if !kr.conflicts.is_empty() {
        text.push_str(", conflict");
    }
    text
}

/// `grade green`, coloured when colour is on.
fn grade_text(grade: Grade, style: Style) -> String {
    let color = match grade {
        Grade::Green => AnsiColor::Green,
        Grade::Yellow => AnsiColor::Yellow,
        Grade::Red | Grade::Missed => AnsiColor::Red,
        Grade::Achieved => AnsiColor::Cyan,
    };
    format!("grade {}", painted(grade.as_str(), color, style))
}

/// An objective's standing: its final grade once the period is over, else its status.
pub fn objective_standing(o: &ObjectiveView, style: Style) -> String {
    let text = match o.grade {
        Some(grade) => grade_text(grade, style),
        None if o.status_manual => format!("{} (set by hand)", status_text(o.status, style)),
        None => status_text(o.status, style),
    };
    if o.conflicts.is_empty() {
        text
    } else {
        format!("{text}, conflict")
    }
}

/// Where a key result is heading while its period runs, in words: `98% at the end
/// (59,508 visitors), needs +1,731.58 visitors a week`; `None` without a forecast, or once
/// the period is over and the score is final.
pub fn kr_forecast(kr: &KeyResultView) -> Option<String> {
    let f = kr.running_forecast()?;
    let unit = kr.unit.as_deref();
    // As precise as the key result's own numbers: 59,508 visitors, not 59,508.01.
    let decimals = [kr.start, kr.target, kr.current]
        .into_iter()
        .map(decimals)
        .max()
        .unwrap_or(0);
    // A value short of the target never reads as the target itself.
    let mut places = decimals;
    while places < 2 && f.score < 1.0 && round_to(f.value, places) == round_to(kr.target, places) {
        places += 1;
    }
    let projected = value(round_to(f.value, places), unit);
    let mut text = format!("{} at the end ({projected})", percent(f.score));
    if let Some(needed) = f.needed_per_week {
        // At least two significant digits, so a small pace never reads as 0.
        let mut places = decimals;
        while places < 2 && needed.abs() < 10f64.powi(1 - places) {
            places += 1;
        }
        let sign = if needed > 0.0 { "+" } else { "" };
        let needed = value(round_to(needed, places), unit);
        text.push_str(&format!(", needs {sign}{needed} a week"));
    }
    Some(text)
}

/// How many decimals `value` is written with (up to 2, as numbers are shown).
fn decimals(value: f64) -> i32 {
    (0..2)
        .find(|&d| round_to(value, d) == round_to(value, 2))
        .unwrap_or(2)
}

/// `value` rounded to `places` decimals.
fn round_to(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

/// `items` grouped by the name `owner` gives each, the groups in the order of their first item
/// (a hash index keeps it linear in the number of items).
pub fn grouped<T>(items: &[T], owner: impl Fn(&T) -> String) -> Vec<(String, Vec<&T>)> {
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut groups: Vec<(String, Vec<&T>)> = Vec::new();
    for item in items {
        let name = owner(item);
        match index.get(&name) {
            Some(&at) => groups[at].1.push(item),
            None => {
                index.insert(name.clone(), groups.len());
                groups.push((name, vec![item]));
            }
        }
    }
    groups
}

/// A retrospective beside the computed grade: `"Launch later" (own score 60%)`.
pub fn retro_text(retro: &crate::model::Retro) -> String {
    match retro.score {
        Some(score) => format!(
            "\u{201c}{}\u{201d} (own score {})",
            retro.note,
            percent(score)
        ),
        None => format!("\u{201c}{}\u{201d}", retro.note),
    }
}

/// Where an objective is heading while its period runs: `88% at the end, green`.
pub fn objective_forecast(o: &ObjectiveView) -> Option<String> {
    let f = o.running_forecast()?;
    Some(format!(
        "{} at the end, {}",
        percent(f.score),
        f.grade.as_str()
    ))
}

/// How far a key result went, as a percentage of the way, uncapped: `150%`.
pub fn reached(reach: f64) -> String {
    format!("{:.0}%", (reach * 100.0).round())
}

/// The change of a score now at `score` by `delta` over the week, as signed percentage
/// points (`+12%`): the difference of the two scores as shown, so that the column always
/// adds up (a key result at 99% never shows `+100%`). Blank when nothing shows a change.
pub fn change(score: f64, delta: f64) -> String {
    let moved = moved_points(score, delta);
    if moved == 0 {
        String::new()
    } else {
        format!("{moved:+}%")
    }
}

/// How many points a score moved by `delta`, as the scores show it: the difference of the
/// percentages printed, so `35%` from `25%` is always `+10`.
pub fn moved_points(score: f64, delta: f64) -> i64 {
    points(score) - points(score - delta)
}

/// The latest confidence (`7/10`), with a marked drop (`4/10 ↓3`).
pub fn confidence(kr: &KeyResultView) -> String {
    match (kr.confidence, kr.confidence_drop) {
        (Some(c), Some(drop)) => format!("{c}/10 ↓{drop}"),
        (Some(c), None) => format!("{c}/10"),
        (None, _) => String::new(),
    }
}

/// Longest text a table cell shows; longer text ends in `…` (JSON keeps it whole).
pub const MAX_CELL: usize = 300;

/// A table cell, clipped to [`MAX_CELL`] characters: wrapping megabytes of text in a
/// hand-edited file would take minutes, and nobody reads such a cell anyway.
pub fn cell(content: impl ToString) -> Cell {
    let text = content.to_string();
    match text.char_indices().nth(MAX_CELL - 1) {
        Some((end, _)) => Cell::new(format!("{}…", &text[..end])),
        None => Cell::new(text),
    }
}

/// A borderless table with an upper-case header, in the shape every listing uses.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::NOTHING)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    if !header.is_empty() {
        table.set_header(header.iter().map(Cell::new));
    }
    table
}

/// Renders a table flush left, two spaces between columns, no trailing blanks.
pub fn render(table: &mut Table) -> String {
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    let mut out = String::new();
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(0.0), "0");
        assert_eq!(number(999.0), "999");
        assert_eq!(number(1000.0), "1,000");
        assert_eq!(number(1234567.891), "1,234,567.89");
        assert_eq!(number(-31200.5), "-31,200.5");
        assert_eq!(number(12.50), "12.5");
        assert_eq!(number(-0.001), "0");
    }

    #[test]
    fn values_and_progress() {
        assert_eq!(value(12.5, Some("%")), "12.5%");
        assert_eq!(value(4000.0, Some("EUR")), "4,000 EUR");
        assert_eq!(
            progress(31200.0, 50000.0, Some("visitors")),
            "31,200 / 50,000 visitors"
        );
        assert_eq!(progress(64.0, 60.0, Some("%")), "64% / 60%");
        assert_eq!(progress(0.0, 1.0, None), "0 / 1");
    }

    #[test]
    fn changes_are_signed_points() {
        assert_eq!(change(0.5, 0.12), "+12%");
        assert_eq!(change(0.5, -0.034), "-3%");
        assert_eq!(change(0.5, 0.004), "");
        assert_eq!(change(0.5, -0.004), "");
        // From 0 to 0.996: the score shows 99%, and so does the change.
        assert_eq!(change(0.996, 0.996), "+99%");
        assert_eq!(percent(0.996), "99%");
    }

    #[test]
    fn percentages_never_claim_done_early() {
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(0.57), "57%");
        assert_eq!(percent(0.996), "99%");
        assert_eq!(percent(1.0), "100%");
    }
}
