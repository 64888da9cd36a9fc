//! Periods an objective runs for: years, halves, quarters, months and ISO weeks.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::ModelError;

/// The granularity of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    /// A calendar year: `2026`.
    Year,
    /// A half year: `2026-H2`.
    Half,
    /// A quarter: `2026-Q4`.
    Quarter,
    /// A calendar month: `2026-11`.
    Month,
    /// An ISO 8601 week: `2026-W47`.
    Week,
}

/// A named span of days with an inclusive start and end date.
///
/// Built only through [`FromStr`] or [`Period::quarter_of`], so its dates are always valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    kind: PeriodKind,
    year: i32,
    number: u32,
    start: NaiveDate,
    end: NaiveDate,
}

/// The years a period may name; far enough for any plan, near enough for every date to exist.
const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

impl Period {
    fn build(kind: PeriodKind, year: i32, number: u32) -> Option<Period> {
        if !YEARS.contains(&year) {
            return None;
        }
        let ymd = NaiveDate::from_ymd_opt;
        let (start, end) = match kind {
            PeriodKind::Year => (ymd(year, 1, 1)?, ymd(year, 12, 31)?),
            PeriodKind::Half => match number {
                1 => (ymd(year, 1, 1)?, ymd(year, 6, 30)?),
                2 => (ymd(year, 7, 1)?, ymd(year, 12, 31)?),
                _ => return None,
            },
            PeriodKind::Quarter => {
                if !(1..=4).contains(&number) {
                    return None;
                }
                let first = 3 * number - 2;
                (ymd(year, first, 1)?, last_of_month(year, first + 2)?)
            }
            PeriodKind::Month => (ymd(year, number, 1)?, last_of_month(year, number)?),
            PeriodKind::Week => (
                NaiveDate::from_isoywd_opt(year, number, Weekday::Mon)?,
                NaiveDate::from_isoywd_opt(year, number, Weekday::Sun)?,
            ),
        };
        Some(Period {
            kind,
            year,
            number,
            start,
            end,
        })
    }

    /// The quarter that contains `date` (the default period of a new objective).
    pub fn quarter_of(date: NaiveDate) -> Result<Period, ModelError> {
        let quarter = date.month0() / 3 + 1;
        Period::build(PeriodKind::Quarter, date.year(), quarter)
            .ok_or_else(|| ModelError::BeyondYears(format!("the day {date}")))
    }

    /// The quarter after the one that contains `date` (`--period next`).
    pub fn next_quarter_of(date: NaiveDate) -> Result<Period, ModelError> {
        let this = Period::quarter_of(date)?;
        this.end
            .checked_add_days(chrono::Days::new(1))
            .and_then(|day| Period::quarter_of(day).ok())
            .ok_or_else(|| ModelError::BeyondYears(format!("the quarter after {this}")))
    }

    /// Whether `date` lies within the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The first day of the period.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day of the period (inclusive).
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// How many days the period has, counting both ends.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// Whether the two periods share at least one day.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Year => write!(f, "{}", self.year),
            PeriodKind::Half => write!(f, "{}-H{}", self.year, self.number),
            PeriodKind::Quarter => write!(f, "{}-Q{}", self.year, self.number),
            PeriodKind::Month => write!(f, "{}-{:02}", self.year, self.number),
            PeriodKind::Week => write!(f, "{}-W{:02}", self.year, self.number),
        }
    }
}

impl FromStr for Period {
    type Err = ModelError;

    fn from_str(text: &str) -> Result<Period, ModelError> {
        let invalid = || ModelError::InvalidPeriod(text.to_string());
        let digits = |s: &str, max_len: usize| -> Option<u32> {
            if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        let (year_part, rest) = match text.split_once('-') {
            Some((year, rest)) => (year, Some(rest)),
            None => (text, None),
        };
        if year_part.len() != 4 {
            return Err(invalid());
        }
        let year = digits(year_part, 4).ok_or_else(invalid)? as i32;
        let (kind, number) = match rest {
            None => (PeriodKind::Year, 0),
            Some(rest) => {
                let upper = rest.to_ascii_uppercase();
                if let Some(n) = upper.strip_prefix('H') {
                    (PeriodKind::Half, digits(n, 1).ok_or_else(invalid)?)
                } else if let Some(n) = upper.strip_prefix('Q') {
                    (PeriodKind::Quarter, digits(n, 1).ok_or_else(invalid)?)
                } else if let Some(n) = upper.strip_prefix('W') {
                    (PeriodKind::Week, digits(n, 2).ok_or_else(invalid)?)
                } else {
                    (PeriodKind::Month, digits(&upper, 2).ok_or_else(invalid)?)
                }
            }
        };
        Period::build(kind, year, number).ok_or_else(invalid)
    }
}

impl schemars::JsonSchema for Period {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A year (2026), half (2026-H2), quarter (2026-Q4), month (2026-11) or ISO week (2026-W47)",
            "pattern": "^[0-9]{4}(-([Hh][12]|[Qq][1-4]|[0-9]{1,2}|[Ww][0-9]{1,2}))?$"
        })
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Period, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn span(p: &str) -> (String, String, i64) {
        let period: Period = p.parse().unwrap();
        (
            period.start().to_string(),
            period.end().to_string(),
            period.days(),
        )
    }

    #[test]
    fn every_kind_has_the_right_dates() {
        let s = |a: &str, b: &str, n| (a.to_string(), b.to_string(), n);
        assert_eq!(span("2026"), s("2026-01-01", "2026-12-31", 365));
        assert_eq!(span("2024"), s("2024-01-01", "2024-12-31", 366));
        assert_eq!(span("2026-H1"), s("2026-01-01", "2026-06-30", 181));
        assert_eq!(span("2026-H2"), s("2026-07-01", "2026-12-31", 184));
        assert_eq!(span("2026-Q1"), s("2026-01-01", "2026-03-31", 90));
        assert_eq!(span("2024-Q1"), s("2024-01-01", "2024-03-31", 91));
        assert_eq!(span("2026-Q4"), s("2026-10-01", "2026-12-31", 92));
        assert_eq!(span("2024-02"), s("2024-02-01", "2024-02-29", 29));
        assert_eq!(span("2026-11"), s("2026-11-01", "2026-11-30", 30));
        assert_eq!(span("2026-W47"), s("2026-11-16", "2026-11-22", 7));
        // ISO weeks cross year ends: week 1 of 2026 starts in 2025, 2026 has 53 weeks.
        assert_eq!(span("2026-W01"), s("2025-12-29", "2026-01-04", 7));
        assert_eq!(span("2026-W53"), s("2026-12-28", "2027-01-03", 7));
    }

    #[test]
    fn display_round_trips_and_normalises() {
        for text in ["2026", "2026-H2", "2026-Q4", "2026-01", "2026-W05"] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), text);
        }
        assert_eq!("2026-q4".parse::<Period>().unwrap().to_string(), "2026-Q4");
        assert_eq!("2026-1".parse::<Period>().unwrap().to_string(), "2026-01");
        assert_eq!("2026-w5".parse::<Period>().unwrap().to_string(), "2026-W05");
    }

    #[test]
    fn bad_periods_are_refused() {
        for text in [
            "",
            "2026-Q5",
            "2026-Q0",
            "2026-H3",
            "2026-13",
            "2026-00",
            "2025-W53",
            "2026-W54",
            "26-Q4",
            "2026-",
            "Q4",
            "2026-Q",
            "2026-Q44",
            "0999",
            "+202-Q1",
            "2026-11-01",
            "2026-W",
            "２０２６",
        ] {
            assert!(
                text.parse::<Period>().is_err(),
                "{text:?} should be refused"
            );
        }
    }

    #[test]
    fn quarter_of_a_date() {
        let q = |d| Period::quarter_of(date(d)).unwrap().to_string();
        assert_eq!(q("2026-01-01"), "2026-Q1");
        assert_eq!(q("2026-03-31"), "2026-Q1");
        assert_eq!(q("2026-04-01"), "2026-Q2");
        assert_eq!(q("2026-11-23"), "2026-Q4");
        assert!(Period::quarter_of(date("0500-01-01")).is_err());
    }

    #[test]
    fn overlap() {
        let q4: Period = "2026-Q4".parse().unwrap();
        let h2: Period = "2026-H2".parse().unwrap();
        let w53: Period = "2026-W53".parse().unwrap();
        let q1: Period = "2027-Q1".parse().unwrap();
        assert!(q4.overlaps(&h2) && h2.overlaps(&q4));
        assert!(w53.overlaps(&q4) && w53.overlaps(&q1));
        assert!(!q4.overlaps(&q1));
    }
}
