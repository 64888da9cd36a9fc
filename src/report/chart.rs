//! Charts in the terminal, in Unicode and readable without colour: a one-line trend of a
//! score over its period (`okr show`), and a key result's values against the expected pace
//! (`okr history --chart`).

use chrono::{Days, NaiveDate};

use super::{layout, percent, value};
use crate::model::{KeyResult, Kind, Period, Settings, status};

/// The eight heights of a trend, lowest first.
pub const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The most weeks a trend shows; a longer period is sampled evenly.
pub const MAX_TREND: usize = 26;

/// The days a trend samples: the end of each week of `period` up to `today` (today last, the
/// period's end once it is over), at most `max` of them, evenly spread. None before the
/// period starts.
pub fn samples(period: &Period, today: NaiveDate, max: usize) -> Vec<NaiveDate> {
    let (start, end) = (period.start(), period.end().min(today));
    if today < start {
        return Vec::new();
    }
    let mut days: Vec<NaiveDate> = Vec::new();
    let mut day = start.checked_add_days(Days::new(6)).unwrap_or(end);
    while day < end {
        days.push(day);
        day = match day.checked_add_days(Days::new(7)) {
            Some(next) => next,
            None => break,
        };
    }
    days.push(end);
    if days.len() > max && max > 1 {
        let last = days.len() - 1;
        days = (0..max).map(|i| days[i * last / (max - 1)]).collect();
    }
    days
}

/// Scores from 0 to 1 as blocks, one a score: 0 the lowest block, 1 the highest.
pub fn sparkline(scores: &[f64]) -> String {
    scores
        .iter()
        .map(|s| {
            let level = (s.clamp(0.0, 1.0) * 7.0).round() as usize;
            BLOCKS[level.min(7)]
        })
        .collect()
}

/// The trend line `okr show` prints: a block a week, then the score now beside the score
/// expected by today (`▁▂▂▃▄▅  53% now, 41% expected`).
pub fn trend(
    period: &Period,
    today: NaiveDate,
    score_on: impl Fn(NaiveDate) -> f64,
    expected: f64,
) -> Option<String> {
    let days = samples(period, today, MAX_TREND);
    let last = *days.last()?;
    let scores: Vec<f64> = days.iter().map(|&d| score_on(d)).collect();
    Some(format!(
        "{}  {} now, {} expected by {}",
        sparkline(&scores),
        percent(score_on(last)),
        percent(expected),
        if last == today { "today" } else { "the end" }
    ))
}

/// How tall `okr history --chart` draws.
pub const CHART_ROWS: usize = 8;

/// A key result's values over its objective's period (`●`), against the value expected on
/// each day (`·`, the pace its kind is judged by), within `width` columns (60 at most for
/// the plot), with the values at the top and bottom and the period's first day, today and
/// last day below.
pub fn history_chart(
    kr: &KeyResult,
    period: &Period,
    kind: Kind,
    policy: &Settings,
    today: NaiveDate,
    width: Option<usize>,
) -> String {
    let unit = kr.unit.as_deref();
    let (start, end) = (period.start(), period.end());
    let span = (end - start).num_days().max(0) as usize;
    let expected_on = |day: NaiveDate| {
        let share = kr.expected_on(kind, period, day, policy);
        kr.start + (kr.target - kr.start) * share
    };
    let values: Vec<f64> = kr
        .checkins
        .iter()
        .filter(|c| c.date >= start && c.date <= end)
        .map(|c| c.value)
        .chain([kr.start, kr.target])
        .collect();
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let top = value(high, unit);
    let bottom = value(low, unit);
    let label_w = layout::width(&top).max(layout::width(&bottom));
    let room = width.unwrap_or(usize::MAX).saturating_sub(label_w + 2);
    let columns = room.min(60).min(span + 1).max(2);
    let day_of = |c: usize| {
        let offset = c * span / (columns - 1);
        start
            .checked_add_days(Days::new(offset as u64))
            .unwrap_or(end)
    };
    let row_of = |v: f64| {
        if high > low {
            (((v - low) / (high - low)) * (CHART_ROWS - 1) as f64).round() as usize
        } else {
            0
        }
    };
    let mut grid = vec![vec![' '; columns]; CHART_ROWS];
    let mut today_column = None;
    let days: Vec<NaiveDate> = (0..columns).map(day_of).collect();
    for (c, &day) in days.iter().enumerate() {
        grid[row_of(expected_on(day))][c] = '·';
        if day <= today {
            grid[row_of(kr.value_on(day))][c] = '●';
            today_column = Some(c);
        }
    }
    let mut out = String::new();
    for (r, row) in grid.iter().enumerate().rev() {
        let label = match r {
            _ if r == CHART_ROWS - 1 => &top,
            0 => &bottom,
            _ => "",
        };
        let axis = if label.is_empty() { '│' } else { '┤' };
        let line: String = row.iter().collect();
        out.push_str(&format!("{label:>label_w$} {axis}{}\n", line.trim_end()));
    }
    let mut axis: Vec<char> = vec!['─'; columns];
    if let Some(c) = today_column.filter(|_| today < end) {
        axis[c] = '┬';
    }
    out.push_str(&format!(
        "{:label_w$} └{}\n",
        "",
        axis.iter().collect::<String>()
    ));
    let first = start.to_string();
    let last = end.to_string();
    let gap = columns.saturating_sub(first.len() + last.len()).max(2);
    out.push_str(&format!(
        "{:label_w$}  {first}{}{last}\n",
        "",
        " ".repeat(gap)
    ));
    if let Some(c) = today_column.filter(|_| today < end) {
        let mark = format!("today {today}");
        let at = (c + 1).saturating_sub(mark.len() / 2);
        out.push_str(&format!("{:label_w$}  {}{mark}\n", "", " ".repeat(at)));
    }
    out.push_str(&format!(
        "● value  · expected pace ({kind}: {} by the end)\n",
        percent(status::expected(kind, 1.0, policy))
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_become_blocks() {
        assert_eq!(sparkline(&[0.0, 0.25, 0.5, 0.75, 1.0, 1.4]), "▁▃▅▆██");
    }

    #[test]
    fn a_quarter_is_sampled_a_week_at_a_time_up_to_today() {
        let q4: Period = "2026-Q4".parse().unwrap();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let days = samples(&q4, day("2026-10-20"), MAX_TREND);
        assert_eq!(
            days,
            [day("2026-10-07"), day("2026-10-14"), day("2026-10-20")]
        );
        assert_eq!(samples(&q4, day("2026-09-30"), MAX_TREND), []);
        // After the period: every week, the last day last (13 weeks and a bit).
        let all = samples(&q4, day("2027-02-01"), MAX_TREND);
        assert_eq!(all.len(), 14);
        assert_eq!(all.last(), Some(&day("2026-12-31")));
        let year: Period = "2026".parse().unwrap();
        assert_eq!(
            samples(&year, day("2026-12-31"), MAX_TREND).len(),
            MAX_TREND
        );
    }
}
