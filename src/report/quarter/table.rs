//! The report as terminal tables, wrapped to fit the width (80 columns off a terminal), in
//! plain text: the statuses are words, so colour adds nothing a reader needs.

use comfy_table::{CellAlignment, ColumnConstraint, Width};

use super::{ReportView, reasons_text};
use crate::report::written::{CALIBRATION_LEGEND, calibration_lines};
use crate::report::{Style, cell, change, confidence, objective_standing, percent, render, table};

/// Renders the report to fit `width` columns.
pub fn render_report(report: &ReportView, width: u16) -> String {
    let mut out = String::new();
    for line in header(report).lines() {
        out.push_str(&wrapped(line, width, "  "));
    }
    out.push_str("\nSUMMARY\n");
    for line in summary_lines(report) {
        out.push_str(&wrapped(&line, width, "  "));
    }

    if report.objectives.is_empty() {
        out.push_str("\nno objectives in this period\n");
        return out;
    }
    out.push_str("\nOBJECTIVES\n");
    for o in &report.objectives {
        let v = &o.objective;
        out.push('\n');
        out.push_str(&wrapped(&format!("{}  {}", v.id, v.title), width, "    "));
        let mut line = format!(
            "{}, {}: {}, {}",
            v.owner,
            v.kind,
            percent(v.score),
            objective_standing(v, Style::PLAIN)
        );
        if let Some(forecast) = crate::report::objective_forecast(v) {
            line.push_str(&format!("; forecast {forecast}"));
        }
        if let Some(retro) = &v.retro {
            line.push_str(&format!("; retro {}", crate::report::retro_text(retro)));
        }
        out.push_str(&wrapped(&line, width, "  "));
        if v.key_results.is_empty() {
            out.push_str("no key results yet\n");
            continue;
        }
        let mut t = table(&["ID", "KEY RESULT", "PROGRESS", "SCORE", "STATUS"]);
        t.set_width(width);
        for kr in &v.key_results {
            let mut text = kr.title.clone();
            let mut facts = Vec::new();
            if let Some(date) = kr.last_checkin {
                facts.push(date.to_string());
            }
            let conf = confidence(kr);
            if !conf.is_empty() {
                facts.push(format!("conf {conf}"));
            }
            let delta = change(kr.score, kr.change_7d);
            if !delta.is_empty() {
                facts.push(format!("7d {delta}"));
            }
            if !facts.is_empty() {
                text.push_str(&format!("\n{}", facts.join(" · ")));
            }
            if let Some(note) = &kr.note {
                text.push_str(&format!("\n\"{note}\"{}", kr.note_day()));
            }
            if let Some(retro) = &kr.retro {
                text.push_str(&format!("\nretro {}", crate::report::retro_text(retro)));
            }
            t.add_row(vec![
                cell(&kr.id),
                cell(text),
                cell(crate::report::kr_progress(kr)),
                // Where it is heading, under the score.
                cell(match kr.running_forecast() {
                    Some(f) => format!("{}\n→ {}", percent(kr.score), percent(f.score)),
                    None => percent(kr.score),
                }),
                cell(crate::report::kr_standing(kr, Style::PLAIN)),
            ]);
        }
        if let Some(column) = t.column_mut(2) {
            column.set_cell_alignment(CellAlignment::Right);
            column.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(20)));
        }
        if let Some(column) = t.column_mut(3) {
            column.set_cell_alignment(CellAlignment::Right);
        }
        out.push_str(&render(&mut t));
    }

    out.push_str("\nCASCADE\n");
    if report.cascade.is_empty() {
        out.push_str("no company key results in this report\n");
    }
    for row in report.cascade_rows() {
        let indent = "  ".repeat(row.depth);
        let line = format!(
            "{indent}{}  {} ({}, {})",
            row.id,
            row.title,
            row.context,
            percent(row.score)
        );
        out.push_str(&wrapped(&line, width, &format!("{indent}      ")));
    }
    if !report.unaligned.is_empty() {
        let line = format!("aligned to nothing: {}", report.unaligned.join(", "));
        out.push_str(&wrapped(&line, width, "  "));
    }

    out.push_str("\nATTENTION\n");
    if report.attention.is_empty() {
        out.push_str("nothing stale, dropping or off track\n");
    }
    for a in &report.attention {
        let line = format!(
            "{}  {} ({}): {}",
            a.key_result,
            a.title,
            a.objective,
            reasons_text(a)
        );
        out.push_str(&wrapped(&line, width, "      "));
    }
    if !report.calibration.is_empty() {
        out.push_str("\nCALIBRATION\n");
        out.push_str(&wrapped(CALIBRATION_LEGEND, width, "  "));
        for line in calibration_lines(&report.calibration) {
            out.push_str(&wrapped(&format!("  {line}"), width, "    "));
        }
    }
    out
}

/// One line of prose wrapped to `width`, continuation lines indented by `indent`.
fn wrapped(text: &str, width: u16, indent: &str) -> String {
    let mut out = crate::report::layout::wrap(text, usize::from(width), indent);
    out.push('\n');
    out
}

/// The title lines: period, dates, as-of day, elapsed share, filter.
pub fn header(report: &ReportView) -> String {
    let mut out = format!(
        "OKR report {} ({} to {}), as of {}: {} elapsed{}\n",
        report.period,
        report.start,
        report.end,
        report.as_of,
        percent(report.elapsed),
        if report.ended { ", period over" } else { "" }
    );
    if let Some(team) = &report.team {
        out.push_str(&format!("team {team} and its people\n"));
    }
    out
}

/// The summary as short lines of text (shared with Markdown as list items).
pub fn summary_lines(report: &ReportView) -> Vec<String> {
    let s = &report.summary;
    let mut lines = vec![format!(
        "{} objectives, {} key results",
        s.objectives, s.key_results
    )];
    let mut scores = Vec::new();
    if let Some(company) = s.company_score {
        scores.push(format!("company {}", percent(company)));
    }
    scores.extend(
        s.teams
            .iter()
            .map(|t| format!("team {} {}", t.team, percent(t.score))),
    );
    scores.extend(
        s.people
            .iter()
            .map(|p| format!("{} {}", p.person, percent(p.score))),
    );
    if !scores.is_empty() {
        lines.push(format!("scores: {}", scores.join(", ")));
    }
    if report.ended {
        let g = &s.grades;
        lines.push(format!(
            "grades: {} green, {} yellow, {} red, {} achieved, {} missed",
            g.green, g.yellow, g.red, g.achieved, g.missed
        ));
    } else {
        let c = &s.statuses;
        lines.push(format!(
            "status: {} on track, {} at risk, {} off track, {} done, {} not started",
            c.on_track, c.at_risk, c.off_track, c.done, c.not_started
        ));
    }
    let list = |ids: &[String]| {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        }
    };
    lines.push(format!(
        "committed objectives missed: {}",
        list(&s.committed_missed)
    ));
    lines.push(format!(
        "aspirational objectives at 100% (stretch too low): {}",
        list(&s.stretch_too_low)
    ));
    if !s.beaten.is_empty() {
        let beaten: Vec<String> = s
            .beaten
            .iter()
            .map(|b| {
                format!(
                    "{} ({} of the way)",
                    b.key_result,
                    crate::report::reached(b.reached)
                )
            })
            .collect();
        lines.push(format!(
            "key results past their target: {}",
            beaten.join(", ")
        ));
    }
    lines
}
