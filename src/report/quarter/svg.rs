//! The HTML report's charts, as inline SVG: no script, nothing fetched. Each chart has a
//! `<title>` saying in words what it shows, and every line is told apart by its dash and a
//! label as well as its colour, so that the page reads in greyscale and to a screen reader.

use chrono::NaiveDate;
use maud::{Markup, html};

use super::{ReportObjective, ReportView};
use crate::model::{pace, status};
use crate::report::chart;
use crate::report::percent;
use crate::report::views::{CheckInView, KeyResultView, MilestoneView};

/// A key result's score on `day`: its latest check-in's by then; before the first, none made
/// yet (0), or for a line to keep, the first check-in's.
fn kr_score_on(kr: &KeyResultView, checkins: &[CheckInView], day: NaiveDate) -> f64 {
    match checkins.partition_point(|c| c.date <= day) {
        0 if kr.keep.is_some() => checkins.first().map_or(kr.score, |c| c.score),
        0 => 0.0,
        known => checkins[known - 1].score,
    }
}

/// An objective's score on `day`, from its key results' check-ins then.
pub fn objective_score_on(o: &ReportObjective, day: NaiveDate) -> f64 {
    let pairs = o
        .objective
        .key_results
        .iter()
        .zip(&o.checkins)
        .map(|(kr, checkins)| (kr_score_on(kr, checkins, day), kr.weight));
    crate::model::score::weighted_mean(pairs)
}

/// The place of a chart: its size, the margins for labels, and the days it spans.
struct Frame {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    start: NaiveDate,
    end: NaiveDate,
}

impl Frame {
    fn x(&self, day: NaiveDate) -> f64 {
        let days = (self.end - self.start).num_days().max(1) as f64;
        let share = ((day - self.start).num_days() as f64 / days).clamp(0.0, 1.0);
        self.left + share * (self.width - self.left - self.right)
    }

    fn y(&self, score: f64) -> f64 {
        let plot = self.height - self.top - self.bottom;
        self.top + (1.0 - score.clamp(0.0, 1.0)) * plot
    }

    fn view_box(&self) -> String {
        format!("0 0 {} {}", self.width, self.height)
    }

    /// Gridlines at 0, 50 and 100%, labelled on the left; the period's first and last days
    /// below.
    fn axes(&self) -> Markup {
        let (x0, x1) = (self.left, self.width - self.right);
        html! {
            @for score in [0.0, 0.5, 1.0] {
                line.grid x1=(n(x0)) x2=(n(x1)) y1=(n(self.y(score))) y2=(n(self.y(score))) {}
                text.axis x=(n(x0 - 4.0)) y=(n(self.y(score) + 4.0)) text-anchor="end" {
                    (percent(score))
                }
            }
            text.axis x=(n(x0)) y=(n(self.height - 3.0)) { (self.start) }
            text.axis x=(n(x1)) y=(n(self.height - 3.0)) text-anchor="end" { (self.end) }
        }
    }

    /// A vertical line at `today` while the period runs, labelled where there is room.
    fn today(&self, today: NaiveDate, label: bool) -> Markup {
        if today < self.start || today > self.end {
            return html! {};
        }
        let x = n(self.x(today));
        html! {
            line.today x1=(x) x2=(x) y1=(n(self.top)) y2=(n(self.y(0.0))) {}
            @if label {
                text.axis x=(x) y=(n(self.top - 2.0)) text-anchor="middle" { "today" }
            }
        }
    }
}

/// Two labels' baselines `a` and `b` moved apart to at least `gap`, around their middle.
fn labels_apart(a: f64, b: f64, gap: f64) -> (f64, f64) {
    if (a - b).abs() >= gap {
        return (a, b);
    }
    let middle = (a + b) / 2.0;
    if a <= b {
        (middle - gap / 2.0, middle + gap / 2.0)
    } else {
        (middle + gap / 2.0, middle - gap / 2.0)
    }
}

/// A coordinate, to a tenth.
fn n(value: f64) -> String {
    format!("{value:.1}")
}

fn polyline(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An objective's score over its period, a point for each day a check-in moved it, against
/// the expected pace of its kind (a dashed, labelled line), with today marked.
pub fn objective_chart(o: &ReportObjective, report: &ReportView) -> Markup {
    let v = &o.objective;
    let frame = Frame {
        width: 620.0,
        height: 150.0,
        left: 40.0,
        right: 110.0,
        top: 14.0,
        bottom: 18.0,
        start: report.start,
        end: report.end,
    };
    let last = report.as_of.min(report.end);
    let mut days: Vec<NaiveDate> = o
        .checkins
        .iter()
        .flatten()
        .map(|c| c.date)
        .filter(|d| *d >= report.start && *d <= last)
        .collect();
    days.push(report.start);
    days.sort();
    days.dedup();
    let points: Vec<(f64, f64)> = days
        .iter()
        .map(|&d| (frame.x(d), frame.y(objective_score_on(o, d))))
        .collect();
    // The score holds from the last check-in until today.
    let mut line = points.clone();
    if let Some(&(_, y)) = points.last() {
        line.push((frame.x(last), y));
    }
    // The expected pace: straight, or bending at each key result's milestones.
    let period = &v.period;
    let milestones: Vec<(Vec<(f64, f64)>, f64)> = v
        .key_results
        .iter()
        .map(|kr| (MilestoneView::points(&kr.milestones, period), kr.weight))
        .collect();
    let expected_at = |elapsed: f64| {
        let key_results = milestones.iter().map(|(p, w)| (p.as_slice(), *w));
        pace::objective_expected_at(v.kind, key_results, elapsed, &report.policy)
    };
    let pace_end = expected_at(1.0);
    let mut bends: Vec<NaiveDate> = v
        .key_results
        .iter()
        .flat_map(|kr| kr.milestones.iter().map(|m| m.date))
        .collect();
    bends.sort();
    bends.dedup();
    let pace: Vec<(f64, f64)> = std::iter::once((frame.x(report.start), frame.y(0.0)))
        .chain(bends.iter().map(|&d| {
            let share = status::elapsed(period, d);
            (frame.x(d), frame.y(expected_at(share)))
        }))
        .chain([(frame.x(report.end), frame.y(pace_end))])
        .collect();
    let pace_last = pace[pace.len() - 1];
    // Where it is heading: dotted from today's score to the forecast on the last day.
    let forecast = v.running_forecast().map(|f| {
        let from = line
            .last()
            .copied()
            .unwrap_or((frame.x(last), frame.y(v.score)));
        (from, (frame.x(report.end), frame.y(f.score)), f.score)
    });
    let mut title = format!(
        "Score of {} over {}: {} on {}, {} expected by then; the pace reaches {} at the end",
        v.id,
        report.period,
        percent(v.score),
        last,
        percent(v.expected),
        percent(pace_end)
    );
    if let Some((_, _, score)) = forecast {
        title.push_str(&format!(", the forecast {}", percent(score)));
    }
    // The two labels at the end keep apart.
    let (pace_y, forecast_y) = match forecast {
        Some((_, (_, y), _)) => labels_apart(pace_last.1 + 4.0, y + 4.0, 12.0),
        None => (pace_last.1 + 4.0, 0.0),
    };
    html! {
        svg.chart.objective-chart xmlns="http://www.w3.org/2000/svg" width=(frame.width)
            height=(frame.height) viewBox=(frame.view_box()) role="img" {
            title { (title) }
            (frame.axes())
            polyline.pace points=(polyline(&pace)) {}
            text.pace-label x=(n(pace_last.0 + 4.0)) y=(n(pace_y)) {
                "expected " (percent(pace_end))
            }
            (frame.today(report.as_of, true))
            polyline.line points=(polyline(&line)) {}
            @if let Some((from, to, score)) = forecast {
                polyline.forecast points=(polyline(&[from, to])) {}
                text.forecast-label x=(n(to.0 + 4.0)) y=(n(forecast_y)) {
                    "forecast " (percent(score))
                }
            }
            @for (x, y) in &points {
                circle cx=(n(*x)) cy=(n(*y)) r="3" {}
            }
            @if let Some(&(x, y)) = line.last() {
                text.score-label x=(n(x + 6.0)) y=(n(y + 4.0)) { "score " (percent(v.score)) }
            }
        }
    }
}

/// A key result's scores at its check-ins over the period, 160×40, against the expected
/// pace; its start and target are named beside it (see the report's table).
pub fn kr_chart(
    kr: &KeyResultView,
    checkins: &[CheckInView],
    report: &ReportView,
    kind: crate::model::Kind,
) -> Markup {
    let frame = Frame {
        width: 160.0,
        height: 40.0,
        left: 2.0,
        right: 2.0,
        top: 3.0,
        bottom: 3.0,
        start: report.start,
        end: report.end,
    };
    let bends = MilestoneView::points(&kr.milestones, &report.period);
    let pace_end = pace::expected_at(kind, &bends, 1.0, &report.policy);
    let pace: Vec<(f64, f64)> = std::iter::once((frame.x(report.start), frame.y(0.0)))
        .chain(kr.milestones.iter().zip(&bends).map(|(m, &(share, _))| {
            let expected = pace::expected_at(kind, &bends, share, &report.policy);
            (frame.x(m.date), frame.y(expected))
        }))
        .chain([(frame.x(report.end), frame.y(pace_end))])
        .collect();
    let points: Vec<(f64, f64)> = checkins
        .iter()
        .filter(|c| c.date >= report.start && c.date <= report.end)
        .map(|c| (frame.x(c.date), frame.y(c.score)))
        .collect();
    let unit = kr.unit.as_deref();
    let title = format!(
        "{}: from {} to {}; {} check-ins, score {} (expected {})",
        kr.id,
        crate::report::value(kr.start, unit),
        crate::report::value(kr.target, unit),
        points.len(),
        percent(kr.score),
        percent(kr.expected)
    );
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" width=(frame.width) height=(frame.height)
            viewBox=(frame.view_box()) role="img" {
            title { (title) }
            line.grid x1=(n(frame.left)) x2=(n(frame.width - frame.right))
                y1=(n(frame.y(0.0))) y2=(n(frame.y(0.0))) {}
            polyline.pace points=(polyline(&pace)) {}
            (frame.today(report.as_of, false))
            @if points.len() > 1 {
                polyline.line points=(polyline(&points)) {}
            }
            @if let Some(f) = kr.running_forecast() {
                polyline.forecast points=(polyline(&[
                    (frame.x(report.as_of.max(report.start)), frame.y(kr.score)),
                    (frame.x(report.end), frame.y(f.score)),
                ])) {}
            }
            @for (x, y) in &points {
                circle cx=(n(*x)) cy=(n(*y)) r="2.5" {}
            }
        }
    }
}

/// Each team's and each person's score over the period, a week at a time: the mean of their
/// objectives' scores, as the summary's cards give it today.
pub fn owners_chart(report: &ReportView) -> Markup {
    let days = chart::samples(&report.period, report.as_of, chart::MAX_TREND);
    let owners = crate::report::grouped(&report.objectives, |o| {
        let v = &o.objective;
        match (&v.person, &v.team) {
            (Some(person), _) => person.clone(),
            (None, Some(team)) => format!("team {team}"),
            (None, None) => "company".to_string(),
        }
    });
    if days.is_empty() || owners.is_empty() {
        return html! { p { "No scores over time yet: the period has not started." } };
    }
    html! {
        section.owners {
            @for (name, objectives) in &owners {
                (owner_chart(name, objectives, &days, report))
            }
        }
    }
}

fn owner_chart(
    name: &str,
    objectives: &[&ReportObjective],
    days: &[NaiveDate],
    report: &ReportView,
) -> Markup {
    let frame = Frame {
        width: 320.0,
        height: 110.0,
        left: 38.0,
        right: 12.0,
        top: 14.0,
        bottom: 18.0,
        start: report.start,
        end: report.end,
    };
    let scores: Vec<f64> = days
        .iter()
        .map(|&d| {
            crate::model::score::mean(objectives.iter().map(|o| objective_score_on(o, d)))
                .unwrap_or(0.0)
        })
        .collect();
    let points: Vec<(f64, f64)> = days
        .iter()
        .zip(&scores)
        .map(|(&d, &s)| (frame.x(d), frame.y(s)))
        .collect();
    let latest = scores.last().copied().unwrap_or(0.0);
    let title = format!(
        "{name}: mean score of {} objective{} a week at a time, {} on {}",
        objectives.len(),
        crate::report::plural(objectives.len()),
        percent(latest),
        days.last().copied().unwrap_or(report.as_of)
    );
    html! {
        figure.owner {
            figcaption { strong { (name) } " " (percent(latest)) }
            svg.chart xmlns="http://www.w3.org/2000/svg" width=(frame.width)
                height=(frame.height) viewBox=(frame.view_box()) role="img" {
                title { (title) }
                (frame.axes())
                (frame.today(report.as_of, true))
                polyline.line points=(polyline(&points)) {}
                @for (x, y) in &points {
                    circle cx=(n(*x)) cy=(n(*y)) r="2.5" {}
                }
            }
        }
    }
}
