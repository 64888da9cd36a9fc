//! The report as GitHub-flavoured Markdown, ready for a wiki page or a pull request.

use super::table::{header, summary_lines};
use super::{ReportView, reasons_text};
use crate::report::written::{CALIBRATION_LEGEND, calibration_figure, calibration_owner};
use crate::report::{Style, confidence, kr_standing, objective_standing, percent, value};

/// Escapes text for a Markdown table cell or list item: pipes, markup characters, newlines.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Renders the whole report.
pub fn render_report(report: &ReportView) -> String {
    let title = header(report);
    let mut lines = title.lines();
    let mut out = format!("# {}\n\n", md(lines.next().unwrap_or_default()));
    for line in lines {
        out.push_str(&format!("_{}_\n\n", md(line)));
    }
    out.push_str("## Summary\n\n");
    for line in summary_lines(report) {
        out.push_str(&format!("- {}\n", md(&line)));
    }

    out.push_str("\n## Objectives\n");
    if report.objectives.is_empty() {
        out.push_str("\nNo objectives in this period.\n");
    }
    for o in &report.objectives {
        let v = &o.objective;
        let forecast = crate::report::objective_forecast(v)
            .map_or(String::new(), |f| format!(" · forecast {f}"));
        out.push_str(&format!(
            "\n### {} {}\n\n{} · {} · {} · **{}**{}\n",
            md(&v.id),
            md(&v.title),
            md(&v.owner.to_string()),
            v.kind,
            percent(v.score),
            objective_standing(v, Style::PLAIN),
            md(&forecast)
        ));
        if let Some(retro) = &v.retro {
            out.push_str(&format!(
                "\n**Retro**: {}\n",
                md(&crate::report::retro_text(retro))
            ));
        }
        if v.key_results.is_empty() {
            out.push_str("\nNo key results yet.\n");
            continue;
        }
        out.push_str("\n| ID | Key result | Start | Current | Target | Score | Forecast | Status | Confidence | Last check-in | Note |\n");
        out.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |\n");
        for kr in &v.key_results {
            let unit = kr.unit.as_deref();
            let status = kr_standing(kr, Style::PLAIN);
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                md(&kr.id),
                md(&kr.title),
                md(&value(kr.start, unit)),
                md(&value(kr.current, unit)),
                md(&match kr.keep {
                    Some(crate::model::Keep::Above) => format!("≥ {}", value(kr.target, unit)),
                    Some(crate::model::Keep::Below) => format!("≤ {}", value(kr.target, unit)),
                    None => value(kr.target, unit),
                }),
                percent(kr.score),
                kr.running_forecast()
                    .map_or(String::new(), |f| percent(f.score)),
                status,
                confidence(kr),
                kr.last_checkin.map(|d| d.to_string()).unwrap_or_default(),
                [
                    kr.note
                        .as_deref()
                        .map(|n| format!("{}{}", md(n), kr.note_day())),
                    kr.retro
                        .as_ref()
                        .map(|r| format!("retro: {}", md(&crate::report::retro_text(r)))),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ")
            ));
        }
    }

    out.push_str("\n## Cascade\n\n");
    if report.cascade.is_empty() {
        out.push_str("No company key results in this report.\n");
    }
    for row in report.cascade_rows() {
        let (id, title) = (md(row.id), md(row.title));
        let item = if row.depth == 0 {
            format!("**{id} {title}**")
        } else {
            format!("{id} {title}")
        };
        out.push_str(&format!(
            "{}- {item} ({}, {})\n",
            "  ".repeat(row.depth),
            md(&row.context),
            percent(row.score)
        ));
    }
    if !report.unaligned.is_empty() {
        out.push_str(&format!(
            "\nAligned to nothing: {}\n",
            md(&report.unaligned.join(", "))
        ));
    }

    out.push_str("\n## Attention\n\n");
    if report.attention.is_empty() {
        out.push_str("Nothing stale, dropping or off track.\n");
    }
    for a in &report.attention {
        out.push_str(&format!(
            "- {} {} ({}): {}\n",
            md(&a.key_result),
            md(&a.title),
            md(&a.objective),
            reasons_text(a)
        ));
    }
    if !report.calibration.is_empty() {
        out.push_str(&format!("\n## Calibration\n\n{CALIBRATION_LEGEND}.\n\n"));
        for c in &report.calibration {
            out.push_str(&format!(
                "- {}: {}\n",
                md(&calibration_owner(c)),
                calibration_figure(&c.calibration)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn markdown_specials_are_escaped() {
        assert_eq!(md("a | b"), "a \\| b");
        assert_eq!(md("*bold* <script>"), "\\*bold\\* \\<script\\>");
        assert_eq!(md("two\nlines"), "two lines");
    }
}
