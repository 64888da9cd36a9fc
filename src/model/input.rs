//! Parsing of the values users type: numbers, dates, ids, confidence and weights.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serializer};

use super::{ModelError, rules};

/// The largest magnitude of any number okr keeps (values, starts, targets, weights). Every
/// whole number up to it is exact in a 64-bit float, and no sum, difference, product with a
/// score or mean of such numbers can overflow, so every score and mean stays finite.
pub const MAX_VALUE: f64 = 1e15;

/// Whether `value` is a number okr may keep: finite and within ±[`MAX_VALUE`].
pub fn in_range(value: f64) -> bool {
    value.is_finite() && value.abs() <= MAX_VALUE
}

/// Parses a finite number within ±[`MAX_VALUE`]; `what` names the input in the error
/// (`value`, `--target`, ...).
///
/// Numbers are read as people write them: `1,200` and `1 200` group thousands, and a currency
/// sign (`€1,200`, `1200 $`) is dropped. A form that reads two ways is refused with the ways
/// to type it: `12.600` (12.6, or 12,600 written the European way?) and `1,5`.
pub fn number(text: &str, what: &str) -> Result<f64, ModelError> {
    let plain = plain_number(text).map_err(|hint| ModelError::AmbiguousNumber {
        what: what.to_string(),
        value: text.to_string(),
        hint,
    })?;
    let trimmed = plain.as_str();
    // Rust's float parser accepts `inf`, `NaN` and `infinity`: none of them is a measurement.
    match trimmed.parse::<f64>() {
        Ok(n) if n.is_finite() && trimmed.bytes().any(|b| b.is_ascii_digit()) => {
            if !in_range(n) {
                return Err(ModelError::OutOfRange {
                    what: what.to_string(),
                    value: text.to_string(),
                });
            }
            Ok(if n == 0.0 { 0.0 } else { n })
        }
        _ => Err(ModelError::InvalidNumber {
            what: what.to_string(),
            value: text.to_string(),
        }),
    }
}

/// `text` without currency signs and thousands separators; `Err` with the ways to type it
/// when the separators can be read two ways.
fn plain_number(text: &str) -> Result<String, String> {
    let t = text
        .trim()
        .trim_start_matches(['€', '$', '£'])
        .trim_end_matches(['€', '$', '£'])
        .trim();
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t),
    };
    let (whole, fraction) = match body.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    // Groups of three after a first group of one to three digits: 1,200 / 12 600 / 1 200 000.
    let grouped = |separator: char| {
        let mut groups = whole.split(separator);
        let first = groups.next().unwrap_or_default();
        let rest: Vec<&str> = groups.collect();
        !rest.is_empty()
            && (1..=3).contains(&first.len())
            && first.bytes().all(|b| b.is_ascii_digit())
            && rest
                .iter()
                .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
    };
    for separator in [',', ' ', '\u{a0}', '\u{202f}'] {
        if whole.contains(separator) {
            if grouped(separator) {
                let digits: String = whole.chars().filter(|&c| c != separator).collect();
                return Ok(match fraction {
                    Some(f) => format!("{sign}{digits}.{f}"),
                    None => format!("{sign}{digits}"),
                });
            }
            if separator == ',' {
                let dotted = t.replacen(',', ".", 1);
                return Err(format!(
                    "okr reads `.` as the decimal point and `,` between thousands; type {dotted} or the whole number without separators"
                ));
            }
        }
    }
    // 12.600: a European 12,600, or 12.6 with a trailing zero? Only a leading 0 settles it.
    if let Some(f) = fraction
        && f.len() == 3
        && (1..=3).contains(&whole.len())
        && !whole.starts_with('0')
        && whole.bytes().all(|b| b.is_ascii_digit())
        && f.bytes().all(|b| b.is_ascii_digit())
    {
        let decimal = format!("{sign}{whole}.{}", f.trim_end_matches('0'));
        let decimal = decimal.trim_end_matches('.');
        return Err(format!(
            "type {sign}{whole}{f} for {sign}{whole},{f}, or {decimal} for the decimal"
        ));
    }
    Ok(t.to_string())
}

/// A measured value as typed: a number, possibly with a `%` sign, which is only right for
/// a key result measured in `%`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// The number.
    pub value: f64,
    /// Whether it was typed with `%`.
    pub percent: bool,
}

/// Parses a measured value: a number (see [`number`]) or a percentage, `12.5%`.
pub fn measure(text: &str) -> Result<Measure, ModelError> {
    let t = text.trim();
    match t.strip_suffix('%') {
        Some(body) => number(body, "value")
            .map(|value| Measure {
                value,
                percent: true,
            })
            .map_err(|e| {
                out_of_range_or(e, text, || ModelError::InvalidNumber {
                    what: "value".into(),
                    value: text.to_string(),
                })
            }),
        None => number(t, "value").map(|value| Measure {
            value,
            percent: false,
        }),
    }
}

impl Measure {
    /// The value for a key result measured in `unit`: a percentage only fits `%`.
    pub fn for_unit(self, kr: &str, title: &str, unit: Option<&str>) -> Result<f64, ModelError> {
        if self.percent && unit != Some("%") {
            return Err(ModelError::PercentForUnit {
                kr: kr.to_string(),
                title: title.to_string(),
                value: self.value.to_string(),
                unit: unit.unwrap_or("no unit").to_string(),
            });
        }
        Ok(self.value)
    }
}

/// A target as typed: an absolute value, a percentage change or an amount added to the start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// `50000`: the value to reach.
    Absolute(f64),
    /// `+25%`, `-15%`: relative to the start.
    Percent(f64),
    /// `+300`: the start plus this much.
    Add(f64),
}

impl Target {
    /// The absolute target for a key result starting at `start`; refused when it lands
    /// beyond ±[`MAX_VALUE`].
    pub fn resolve(self, start: f64) -> Result<f64, ModelError> {
        let value = match self {
            Target::Absolute(value) => value,
            Target::Percent(percent) => start * (1.0 + percent / 100.0),
            Target::Add(amount) => start + amount,
        };
        // 12400 × 1.15 is 14260.000000000002 in binary; keep what a person would write.
        // (Rounding is skipped where it cannot matter and `value × 1e6` could overflow.)
        let value = if value.abs() < MAX_VALUE {
            (value * 1e6).round() / 1e6
        } else {
            value
        };
        if in_range(value) {
            Ok(value)
        } else {
            Err(ModelError::OutOfRange {
                what: match self.relative_form() {
                    Some(form) => format!("target `{form}` of a start of {start}, that is"),
                    None => "target".into(),
                },
                value: format!("{value:e}"),
            })
        }
    }

    /// The form to remember for display (`+25%`, `+300`), `None` for an absolute target.
    pub fn relative_form(self) -> Option<String> {
        match self {
            Target::Absolute(_) => None,
            Target::Percent(percent) => Some(format!("{percent:+}%")),
            Target::Add(amount) => Some(format!("{amount:+}")),
        }
    }
}

/// Parses a target: `50000`, `-3` (absolute), `+300` (added to the start), `+25%` or `-15%`
/// (relative to the start).
pub fn target(text: &str) -> Result<Target, ModelError> {
    target_named(text, "target")
}

/// Like [`target`], naming the input `what` in errors (`--target`).
pub fn target_named(text: &str, what: &str) -> Result<Target, ModelError> {
    let t = text.trim();
    let invalid = || ModelError::InvalidTarget(text.to_string());
    if let Some(body) = t.strip_suffix('%') {
        let (sign, digits) = match body.as_bytes().first() {
            Some(b'+') => (1.0, &body[1..]),
            Some(b'-') => (-1.0, &body[1..]),
            _ => return Err(invalid()),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return Err(invalid());
        }
        return number(digits, what)
            .map(|p| Target::Percent(sign * p))
            .map_err(|e| out_of_range_or(e, text, invalid));
    }
    if let Some(amount) = t.strip_prefix('+') {
        if amount.starts_with(['+', '-']) {
            return Err(invalid());
        }
        return number(amount, what)
            .map(Target::Add)
            .map_err(|e| out_of_range_or(e, text, invalid));
    }
    number(t, what).map(Target::Absolute)
}

/// A number too large stays that error, naming the whole `text`; anything else is `other`.
fn out_of_range_or(
    error: ModelError,
    text: &str,
    other: impl FnOnce() -> ModelError,
) -> ModelError {
    match error {
        ModelError::OutOfRange { what, .. } => ModelError::OutOfRange {
            what,
            value: text.to_string(),
        },
        _ => other(),
    }
}

/// Parses a weight: a finite number, 0 or more.
pub fn weight(text: &str) -> Result<f64, ModelError> {
    let w = number(text, "weight")?;
    if !rules::valid_weight(w) {
        return Err(ModelError::NegativeWeight(text.to_string()));
    }
    Ok(w)
}

/// Parses a confidence: a whole number from 0 to 10.
pub fn confidence(text: &str) -> Result<u8, ModelError> {
    let t = text.trim();
    match t.parse::<u8>() {
        Ok(c) if rules::valid_confidence(c) => Ok(c),
        _ if t
            .parse::<f64>()
            .is_ok_and(|c| c.fract() != 0.0 && (0.0..=10.0).contains(&c)) =>
        {
            Err(ModelError::FractionalConfidence(text.to_string()))
        }
        _ => Err(ModelError::InvalidConfidence(text.to_string())),
    }
}

/// Parses a calendar date written `YYYY-MM-DD`.
pub fn date(text: &str) -> Result<NaiveDate, ModelError> {
    let t = text.trim();
    let well_formed = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(ModelError::InvalidDate(text.to_string()));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| ModelError::InvalidDate(text.to_string()))
}

/// Reads a `YYYY-MM-DD` date from the data file with the same message as typed dates.
pub fn deserialize_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(deserializer)?;
    date(&text).map_err(serde::de::Error::custom)
}

/// Finds a control character (a terminal escape, a NUL, a line break where none belongs) in
/// user text; `newlines` allows line breaks and tabs, as in descriptions.
pub fn check_text(text: &str, newlines: bool) -> Result<(), char> {
    match text
        .chars()
        .find(|&c| c.is_control() && !(newlines && matches!(c, '\n' | '\t')))
    {
        Some(c) => Err(c),
        None => Ok(()),
    }
}

/// `text` with every control character written as an escape (`\u{1b}`, `\n`), so that text
/// from a file, an argument or an imported cell can be shown without acting on a terminal.
pub fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Checks that an id is 1 to 64 ASCII letters, digits, `-`, `_` or `.`.
pub fn check_id(id: &str) -> Result<(), ModelError> {
    let ok = (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(ModelError::InvalidId(id.to_string()))
    }
}

/// A title or name with surrounding space removed; `None` when nothing is left.
pub fn trimmed(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Writes whole numbers without a fractional part (`50000`, not `50000.0`), so the data file
/// reads the way people typed it.
pub fn serialize_number<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every whole number below is exact
    if value.fract() == 0.0 && value.abs() < EXACT {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

/// How many cases the fuzzing property tests run: 1,000 by default, `OKR_FUZZ_CASES` for a
/// long run (`OKR_FUZZ_CASES=200000 cargo test fuzz`).
#[cfg(test)]
pub fn fuzz_config() -> proptest::prelude::ProptestConfig {
    let cases = std::env::var("OKR_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    proptest::prelude::ProptestConfig {
        cases,
        ..proptest::prelude::ProptestConfig::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number("1200", "value"), Ok(1200.0));
        assert_eq!(number(" -12.5 ", "value"), Ok(-12.5));
        assert_eq!(number("1e3", "value"), Ok(1000.0));
        assert_eq!(number("-0", "value"), Ok(0.0));
        // As people write them: thousands grouped, a currency sign.
        assert_eq!(number("1,200", "value"), Ok(1200.0));
        assert_eq!(number("1 200 000", "value"), Ok(1_200_000.0));
        assert_eq!(number("€1,200.50", "value"), Ok(1200.5));
        assert_eq!(number("-12,600", "value"), Ok(-12600.0));
        assert_eq!(number("0.125", "value"), Ok(0.125));
        assert!(number("-0", "value").unwrap().is_sign_positive());
        for bad in [
            "",
            "abc",
            "NaN",
            "inf",
            "-infinity",
            "1e309",
            "12%",
            "12.600",
            "1,5",
            "1,20",
            ".",
        ] {
            assert!(number(bad, "value").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn targets_absolute_and_relative() {
        let t = |s: &str| target(s).unwrap();
        assert_eq!(t("50000"), Target::Absolute(50000.0));
        assert_eq!(t("-3"), Target::Absolute(-3.0));
        assert_eq!(t("+25%"), Target::Percent(25.0));
        assert_eq!(t("-15%"), Target::Percent(-15.0));
        assert_eq!(t("+300"), Target::Add(300.0));
        assert_eq!(t("+25%").resolve(40000.0).unwrap(), 50000.0);
        assert_eq!(t("-15%").resolve(70.0).unwrap(), 59.5);
        assert_eq!(t("+15%").resolve(12400.0).unwrap(), 14260.0);
        assert_eq!(t("+300").resolve(1000.0).unwrap(), 1300.0);
        assert_eq!(t("+12.5%").relative_form().as_deref(), Some("+12.5%"));
        assert_eq!(t("-15%").relative_form().as_deref(), Some("-15%"));
        assert_eq!(t("+300").relative_form().as_deref(), Some("+300"));
        assert_eq!(t("7").relative_form(), None);
        for bad in [
            "+%", "25%%", "+25%%", "%", "25%", "+-3", "++3", "+", "+x%", "-%", "+1e3%", "+inf",
            "abc",
        ] {
            assert!(target(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn weights_and_confidence() {
        assert_eq!(weight("2"), Ok(2.0));
        assert_eq!(weight("0"), Ok(0.0));
        assert_eq!(weight("-1"), Err(ModelError::NegativeWeight("-1".into())));
        assert_eq!(confidence("10"), Ok(10));
        for bad in ["11", "-1", "7.5", "x", "256"] {
            assert!(confidence(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(date("2024-02-29").unwrap().to_string(), "2024-02-29");
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "26-11-01",
            "2026-11-1",
            "+2026-11-01",
            "today",
        ] {
            assert!(date(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(escaped("plain café"), "plain café");
        assert_eq!(escaped("a\u{1b}[2Jb\nc\u{7}"), "a\\u{1b}[2Jb\\nc\\u{7}");
    }

    #[test]
    fn numbers_beyond_the_range_are_refused() {
        assert_eq!(number("1e15", "value"), Ok(1e15));
        assert_eq!(number("-1e15", "value"), Ok(-1e15));
        for big in ["1e16", "-2e15", "1e308"] {
            assert!(
                matches!(number(big, "value"), Err(ModelError::OutOfRange { .. })),
                "{big}"
            );
        }
        assert!(target("+100%").unwrap().resolve(1e15).is_err());
        assert!(target("+2e14").unwrap().resolve(9e14).is_err());
        assert_eq!(target("+100%").unwrap().resolve(4e14), Ok(8e14));
    }

    #[test]
    fn ids() {
        for good in ["o1", "kr-2", "Q4_growth.1", &"x".repeat(64)] {
            assert!(check_id(good).is_ok(), "{good:?}");
        }
        for bad in ["", "a b", "é", "a/b", &"x".repeat(65)] {
            assert!(check_id(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn whole_numbers_are_written_without_fraction() {
        let json = |v: f64| {
            let mut out = Vec::new();
            serialize_number(&v, &mut serde_json::Serializer::new(&mut out)).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(json(50000.0), "50000");
        assert_eq!(json(-3.0), "-3");
        assert_eq!(json(12.5), "12.5");
        assert_eq!(json(1e300), "1e+300");
    }
}
