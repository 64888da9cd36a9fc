//! The report as CSV: one row per key result, the objective's columns repeated.

use super::ReportView;
use crate::model::pace;
use crate::report::views::{KeyResultView, MilestoneView, ObjectiveView};

const HEADER: [&str; 36] = [
    "period",
    "objective_id",
    "objective",
    "level",
    "owner",
    "team",
    "person",
    "kind",
    "objective_score",
    "objective_status",
    "grade",
    "kr_id",
    "key_result",
    "start",
    "current",
    "target",
    "unit",
    "weight",
    "score",
    "status",
    "confidence",
    "confidence_drop",
    "last_checkin",
    "stale",
    "note",
    "keep",
    "forecast_value",
    "forecast_score",
    "forecast_needed_per_week",
    "objective_forecast_score",
    "objective_forecast_grade",
    "objective_retro",
    "objective_own_score",
    "retro",
    "own_score",
    "kr_grade",
];

/// The key result's columns: from `kr_id` to `forecast_needed_per_week`.
const KEY_RESULT_COLUMNS: usize = 18;

/// Text cells starting with one of these are read as formulas by spreadsheets.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Neutralises a text cell against spreadsheet formula injection by prefixing a quote.
/// Numbers are written by `okr` itself and never pass through here.
fn text(cell: &str) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A number as a spreadsheet should read it: at most ten decimals, so that the noise of
/// binary fractions (`0.7999999999999998`) reads as the decimal it stands for (`0.8`).
fn decimal(value: f64) -> String {
    let text = format!("{value:.10}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

fn row(report: &ReportView, o: &ObjectiveView, kr: Option<&KeyResultView>) -> Vec<String> {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let mut cells = vec![
        report.period.to_string(),
        text(&o.id),
        text(&o.title),
        o.level.to_string(),
        text(o.owner.name()),
        text(&opt(o.team.clone())),
        text(&opt(o.person.clone())),
        o.kind.to_string(),
        decimal(o.score),
        o.status.as_str().to_string(),
        opt(o.grade.map(|g| g.as_str().to_string())),
    ];
    match kr {
        Some(kr) => cells.extend([
            text(&kr.id),
            text(&kr.title),
            decimal(kr.start),
            decimal(kr.current),
            decimal(kr.target),
            text(&opt(kr.unit.clone())),
            decimal(kr.weight),
            decimal(kr.score),
            kr.status.as_str().to_string(),
            opt(kr.confidence.map(|c| c.to_string())),
            opt(kr.confidence_drop.map(|c| c.to_string())),
            opt(kr.last_checkin.map(|d| d.to_string())),
            kr.stale.to_string(),
            text(&opt(kr.note.clone())),
            match kr.keep {
                Some(crate::model::Keep::Above) => "above".to_string(),
                Some(crate::model::Keep::Below) => "below".to_string(),
                None => String::new(),
            },
            opt(kr.forecast.map(|f| decimal(f.value))),
            opt(kr.forecast.map(|f| decimal(f.score))),
            opt(kr.forecast.and_then(|f| f.needed_per_week).map(decimal)),
        ]),
        None => cells.extend(std::iter::repeat_n(String::new(), KEY_RESULT_COLUMNS)),
    }
    cells.push(opt(o.forecast.map(|f| decimal(f.score))));
    cells.push(opt(o.forecast.map(|f| f.grade.as_str().to_string())));
    let retro = |r: Option<&crate::model::Retro>| {
        [
            text(&opt(r.map(|r| r.note.clone()))),
            opt(r.and_then(|r| r.score).map(decimal)),
        ]
    };
    cells.extend(retro(o.retro.as_ref()));
    cells.extend(retro(kr.and_then(|kr| kr.retro.as_ref())));
    cells.push(opt(kr
        .and_then(|kr| kr.grade)
        .map(|g| g.as_str().to_string())));
    cells
}

/// Renders the report; an objective without key results still gets one row.
pub fn render_report(report: &ReportView) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADER)?;
    for o in &report.objectives {
        let v = &o.objective;
        if v.key_results.is_empty() {
            writer.write_record(row(report, v, None))?;
        }
        for kr in &v.key_results {
            writer.write_record(row(report, v, Some(kr)))?;
        }
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The columns of `--series`.
const SERIES_HEADER: [&str; 9] = [
    "period",
    "objective_id",
    "kr_id",
    "key_result",
    "unit",
    "date",
    "value",
    "score",
    "expected",
];

/// `okr report --format csv --series`: one row per key result and day with check-ins in the
/// period (the day's latest), up to the report's day: the value, the score it gave and the
/// score expected on that day by the objective's kind, for a spreadsheet's chart.
pub fn render_series(report: &ReportView) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(SERIES_HEADER)?;
    for o in &report.objectives {
        let v = &o.objective;
        for (kr, checkins) in v.key_results.iter().zip(&o.checkins) {
            let days = checkins
                .iter()
                .enumerate()
                .filter(|(i, c)| checkins.get(i + 1).is_none_or(|next| next.date != c.date))
                .map(|(_, c)| c)
                .filter(|c| c.date >= report.start && c.date <= report.end.min(report.as_of));
            for c in days {
                let elapsed = crate::model::status::elapsed(&v.period, c.date);
                let points = MilestoneView::points(&kr.milestones, &v.period);
                let expected = pace::expected_at(v.kind, &points, elapsed, &report.policy);
                writer.write_record([
                    report.period.to_string(),
                    text(&v.id),
                    text(&kr.id),
                    text(&kr.title),
                    text(kr.unit.as_deref().unwrap_or("")),
                    c.date.to_string(),
                    decimal(c.value),
                    decimal(c.score),
                    decimal(expected),
                ])?;
            }
        }
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn formula_starts_are_neutralised() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("+1"), "'+1");
        assert_eq!(text("-2"), "'-2");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("Grow sign-ups"), "Grow sign-ups");
    }
}
