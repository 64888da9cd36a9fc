//! The report as one self-contained HTML page: no network, no JavaScript. Every piece of
//! user text goes through maud, which escapes it.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::{ReportObjective, ReportView, reasons_text};
use crate::report::views::{CheckInView, KeyResultView, ObjectiveView};
use crate::report::{Style, confidence, objective_standing, percent};

const STYLE: &str = r#"
:root { --ink: #1d2430; --muted: #5b6575; --line: #d9dee7; --paper: #ffffff; --wash: #f4f6f9;
  --green: #1e7b46; --amber: #9a6200; --red: #b42318; --blue: #1d5fa8; --grey: #6b7280; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--wash); }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 12px; }
h3 { font-size: 16px; margin: 0; }
.sub, .meta { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 22px; font-weight: 650; }
.objective { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 16px; margin-bottom: 14px; break-inside: avoid; }
.objective header { display: flex; gap: 12px; align-items: baseline; justify-content: space-between; flex-wrap: wrap; }
.bar { height: 8px; background: var(--line); border-radius: 4px; overflow: hidden; min-width: 80px; }
.bar span { display: block; height: 100%; background: var(--blue); }
.bar span.on-track { background: var(--green); }
.bar span.at-risk { background: var(--amber); }
.bar span.off-track { background: var(--red); }
.bar span.done { background: var(--blue); }
.bar span.not-started { background: var(--grey); }
.badge.on-track { background: #e7f4ec; } .badge.at-risk { background: #fbf1dc; }
.badge.off-track { background: #fbe7e5; } .badge.done { background: #e4eefa; }
.objective > .bar { margin: 10px 0 12px; }
table { width: 100%; border-collapse: collapse; font-size: 14px; table-layout: fixed; }
th:nth-child(1) { width: 25%; } th:nth-child(2) { width: 19%; } th:nth-child(3) { width: 6%; }
th:nth-child(4) { width: 11%; } th:nth-child(5) { width: 9%; } th:nth-child(6) { width: 11%; }
th:nth-child(7) { width: 19%; }
td { overflow-wrap: anywhere; }
th, td { text-align: left; padding: 6px 8px; border-top: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; }
td.num { text-align: right; white-space: nowrap; }
.note { color: var(--muted); font-size: 13px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
  font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.on-track, .green, .achieved { color: var(--green); }
.at-risk, .yellow { color: var(--amber); }
.off-track, .red, .missed { color: var(--red); }
.done { color: var(--blue); }
.not-started { color: var(--grey); }
svg.chart { display: block; max-width: 100%; height: auto; overflow: visible; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
svg.chart .axis { fill: var(--muted); font-size: 10px; }
svg.chart .pace { stroke: #4b5563; stroke-width: 1.5; stroke-dasharray: 6 4; fill: none; }
svg.chart .pace-label { fill: #4b5563; font-size: 11px; }
svg.chart .score-label { fill: var(--blue); font-size: 11px; font-weight: 600; }
svg.chart .today { stroke: var(--amber); stroke-width: 1; stroke-dasharray: 2 2; }
svg.chart .line { stroke: var(--blue); fill: none; stroke-width: 2; }
svg.chart .forecast { stroke: var(--blue); fill: none; stroke-width: 1.5; stroke-dasharray: 2 3; }
svg.chart .forecast-label { fill: var(--blue); font-size: 11px; }
svg.chart circle { fill: var(--blue); }
.objective-chart { margin: 4px 0 10px; }
section.owners { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 12px; }
figure.owner { margin: 0; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
figure.owner figcaption { margin-bottom: 4px; }
ul.cascade, ul.cascade ul { list-style: none; padding-left: 18px; }
ul.cascade { padding-left: 0; }
footer { color: var(--muted); font-size: 12px; margin-top: 32px; }
@media print {
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  .card, .objective { border-color: #999; }
  h2 { break-after: avoid; }
  .badge { border-width: 1px; }
}
"#;

/// Renders the whole page.
pub fn render_report(report: &ReportView) -> String {
    let title = match &report.team {
        Some(team) => format!("OKR report {}, team {team}", report.period),
        None => format!("OKR report {}", report.period),
    };
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main {
                    h1 { (title) }
                    p.sub {
                        (report.start) " to " (report.end) ", as of " (report.as_of) ": "
                        (percent(report.elapsed)) " of the period elapsed"
                        @if report.ended { ", period over" }
                    }
                    (summary(report))
                    h2 { "Objectives" }
                    @if report.objectives.is_empty() {
                        p { "No objectives in this period." }
                    }
                    @for o in &report.objectives {
                        (objective(o, report))
                    }
                    h2 { "Scores over time" }
                    (super::svg::owners_chart(report))
                    (cascade(report))
                    (attention(report))
                    (calibration(report))
                    footer { "Made with okr " (env!("CARGO_PKG_VERSION")) "." }
                }
            }
        }
    };
    let mut out = page.into_string();
    out.push('\n');
    out
}

fn card(label: &str, value: Markup) -> Markup {
    html! { div.card { div.label { (label) } div.value { (value) } } }
}

fn summary(report: &ReportView) -> Markup {
    let s = &report.summary;
    let list = |ids: &[String]| {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        }
    };
    html! {
        h2 { "Summary" }
        section.cards {
            (card("Objectives", html! { (s.objectives) }))
            (card("Key results", html! { (s.key_results) }))
            @if let Some(company) = s.company_score {
                (card("Company score", html! { (percent(company)) }))
            }
            @for team in &s.teams {
                (card(&format!("Team {}", team.team), html! { (percent(team.score)) }))
            }
            @for person in &s.people {
                (card(&person.person, html! { (percent(person.score)) }))
            }
            @if report.ended {
                (card("Green / yellow / red", html! {
                    (s.grades.green) " / " (s.grades.yellow) " / " (s.grades.red)
                }))
                (card("Committed achieved / missed", html! {
                    (s.grades.achieved) " / " (s.grades.missed)
                }))
            } @else {
                (card("On track", html! { span.on-track { (s.statuses.on_track) } }))
                (card("At risk", html! { span.at-risk { (s.statuses.at_risk) } }))
                (card("Off track", html! { span.off-track { (s.statuses.off_track) } }))
            }
            (card("Committed missed", html! { (list(&s.committed_missed)) }))
            (card("At 100% (stretch too low)", html! { (list(&s.stretch_too_low)) }))
            @if !s.beaten.is_empty() {
                (card("Past their target", html! {
                    @for (i, b) in s.beaten.iter().enumerate() {
                        @if i > 0 { ", " }
                        (b.key_result) " (" (crate::report::reached(b.reached)) ")"
                    }
                }))
            }
        }
    }
}

/// A key result's start and target in short, under its chart: `40k \u{2192} 60k visitors`.
fn start_to_target(kr: &KeyResultView) -> String {
    let short = crate::model::input::shown_compact;
    match kr.unit.as_deref() {
        Some("%") => format!("{}% \u{2192} {}%", short(kr.start), short(kr.target)),
        Some(unit) => format!("{} \u{2192} {} {unit}", short(kr.start), short(kr.target)),
        None => format!("{} \u{2192} {}", short(kr.start), short(kr.target)),
    }
}

/// A progress bar coloured by status; its value and status are also in its label.
fn bar(score: f64, status: &str) -> Markup {
    let width = format!("width: {:.1}%", score.clamp(0.0, 1.0) * 100.0);
    html! {
        div.bar role="progressbar" aria-valuemin="0" aria-valuemax="100"
            aria-valuenow=(format!("{:.0}", score * 100.0))
            aria-label=(format!("{}, {status}", percent(score))) {
            span class=(status) style=(width) {}
        }
    }
}

fn badge(class: &str, text: &str) -> Markup {
    html! { span class=(format!("badge {class}")) { (text) } }
}

fn objective_badge(o: &ObjectiveView) -> Markup {
    match o.grade {
        Some(grade) => badge(grade.as_str(), &objective_standing(o, Style::PLAIN)),
        None => badge(o.status.as_str(), o.status.as_str()),
    }
}

fn objective(o: &ReportObjective, report: &ReportView) -> Markup {
    let v = &o.objective;
    let owner = v.owner.to_string();
    html! {
        article.objective id=(v.id) {
            header {
                h3 { (v.id) " " (v.title) }
                div { strong { (percent(v.score)) } " " (objective_badge(v)) }
            }
            p.meta {
                (owner) ", " (v.kind)
                @if let Some(forecast) = crate::report::objective_forecast(v) {
                    "; forecast " (forecast)
                }
            }
            @if let Some(retro) = &v.retro {
                p.retro { strong { "Retro: " } (crate::report::retro_text(retro)) }
            }
            (bar(v.score, v.status.as_str()))
            (super::svg::objective_chart(o, report))
            @if v.key_results.is_empty() {
                p { "No key results yet." }
            } @else {
                table {
                    thead { tr {
                        th { "Key result" } th { "Progress" } th { "Score" } th { "Status" }
                        th { "Confidence" } th { "Last check-in" } th { "Trend" }
                    } }
                    tbody {
                        @for (kr, checkins) in v.key_results.iter().zip(&o.checkins) {
                            (kr_row(kr, checkins, v, report))
                        }
                    }
                }
            }
        }
    }
}

fn kr_row(
    kr: &KeyResultView,
    checkins: &[CheckInView],
    o: &ObjectiveView,
    report: &ReportView,
) -> Markup {
    let unit = kr.unit.as_deref();
    html! {
        tr {
            td {
                (kr.id) " " (kr.title)
                br;
                span.note { "from " (crate::report::value(kr.start, unit)) }
                @if let Some(note) = &kr.note {
                    br;
                    span.note { "\u{201c}" (note) "\u{201d}" (kr.note_day()) }
                }
                @if let Some(retro) = &kr.retro {
                    br;
                    span.note { "retro: " (crate::report::retro_text(retro)) }
                }
            }
            td.num { (crate::report::kr_progress(kr)) (bar(kr.score, kr.status.as_str())) }
            td.num {
                (percent(kr.score))
                @if let Some(f) = kr.running_forecast() {
                    br;
                    span.note title="forecast: the score at the period's end at this pace" {
                        "\u{2192} " (percent(f.score))
                    }
                }
            }
            td {
                // After the period, the grade its final score earns, not a pace.
                @if let Some(grade) = kr.grade {
                    (badge(grade.as_str(), &format!("grade {}", grade.as_str())))
                } @else {
                    (badge(kr.status.as_str(), kr.status.as_str()))
                }
                @if kr.stale { " " (badge("not-started", "stale")) }
            }
            td { (confidence(kr)) }
            td { @if let Some(date) = kr.last_checkin { (date) } }
            td {
                (super::svg::kr_chart(kr, checkins, report, o.kind))
                span.note { (start_to_target(kr)) }
            }
        }
    }
}

fn cascade(report: &ReportView) -> Markup {
    html! {
        h2 { "Cascade" }
        @if report.cascade.is_empty() {
            p { "No company key results in this report." }
        } @else {
            ul.cascade {
                @for entry in &report.cascade {
                    li {
                        strong { (entry.key_result) " " (entry.title) }
                        " (" (entry.objective) ", " (percent(entry.score)) ")"
                        @if !entry.aligned.is_empty() {
                            ul { @for team in &entry.aligned {
                                li {
                                    a href=(format!("#{}", team.id)) { (team.id) } " " (team.title)
                                    " (team " (team.owner) ", " (percent(team.score)) ")"
                                    @if !team.below.is_empty() {
                                        ul { @for person in &team.below {
                                            li {
                                                a href=(format!("#{}", person.id)) { (person.id) }
                                                " " (person.title) " (" (person.owner) ", "
                                                (percent(person.score)) ")"
                                            }
                                        } }
                                    }
                                }
                            } }
                        }
                    }
                }
            }
        }
        @if !report.unaligned.is_empty() {
            p { "Aligned to nothing: " (report.unaligned.join(", ")) }
        }
    }
}

fn calibration(report: &ReportView) -> Markup {
    use crate::report::written::{CALIBRATION_LEGEND, calibration_figure, calibration_owner};
    if report.calibration.is_empty() {
        return html! {};
    }
    html! {
        h2 { "Calibration" }
        p.meta { (CALIBRATION_LEGEND) "." }
        ul { @for c in &report.calibration {
            li { strong { (calibration_owner(c)) } ": " (calibration_figure(&c.calibration)) }
        } }
    }
}

fn attention(report: &ReportView) -> Markup {
    html! {
        h2 { "Attention" }
        @if report.attention.is_empty() {
            p { "Nothing stale, dropping or off track." }
        } @else {
            ul { @for a in &report.attention {
                li { (a.key_result) " " (a.title) " (" (a.objective) "): " (reasons_text(a)) }
            } }
        }
    }
}
