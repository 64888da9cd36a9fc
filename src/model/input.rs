//! Parsing of the values users type: numbers, dates, ids, confidence and weights.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{ModelError, rules};

/// The largest magnitude of any number okr keeps (values, starts, targets, weights). Every
/// whole number up to it is exact in a 64-bit float, and no sum, difference, product with a
/// score or mean of such numbers can overflow, so every score and mean stays finite.
pub const MAX_VALUE: f64 = 1e15;

/// Whether `value` is a number okr may keep: finite and within ±[`MAX_VALUE`].
pub fn in_range(value: f64) -> bool {
    value.is_finite() && value.abs() <= MAX_VALUE
}

/// How a team writes numbers (the setting `number_format`): which of `.` and `,` is the
/// decimal mark. The other one, and a space, group thousands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub enum NumberFormat {
    /// `1,234.5`: a point before the decimals (the default).
    #[default]
    #[serde(rename = "1,234.5")]
    Point,
    /// `1.234,5`: a comma before the decimals.
    #[serde(rename = "1.234,5")]
    Comma,
}

impl NumberFormat {
    /// The setting's value as written: `1,234.5` or `1.234,5`.
    pub fn as_str(self) -> &'static str {
        match self {
            NumberFormat::Point => "1,234.5",
            NumberFormat::Comma => "1.234,5",
        }
    }

    /// The format `text` names, if any.
    pub fn parse(text: &str) -> Option<NumberFormat> {
        [NumberFormat::Point, NumberFormat::Comma]
            .into_iter()
            .find(|f| f.as_str() == text.trim())
    }

    fn decimal(self) -> char {
        match self {
            NumberFormat::Point => '.',
            NumberFormat::Comma => ',',
        }
    }

    fn other(self) -> char {
        match self {
            NumberFormat::Point => ',',
            NumberFormat::Comma => '.',
        }
    }

    /// Whether this is the default format (not written in the file).
    pub fn is_default(&self) -> bool {
        *self == NumberFormat::Point
    }
}

/// Parses a finite number within ±[`MAX_VALUE`] written the default way (`1,234.5`); `what`
/// names the input in the error (`value`, `--target`, ...). See [`number_in`].
pub fn number(text: &str, what: &str) -> Result<f64, ModelError> {
    number_in(text, what, NumberFormat::Point)
}

/// Parses a finite number within ±[`MAX_VALUE`] written in `format`.
///
/// Numbers are read as people write them: `1,200` and `1 200` group thousands, a single
/// point is the decimal point (`12.345` is twelve and a bit), and a currency sign (`€1,200`,
/// `1200 $`) is dropped here (see [`Measure`] for whether it fits the unit). With the format
/// `1.234,5` the point and the comma trade places. A separator that groups nothing (`1,5`
/// in the default format) is refused with the ways to type it, each a form okr accepts.
pub fn number_in(text: &str, what: &str, format: NumberFormat) -> Result<f64, ModelError> {
    let plain = plain_number(text, format).map_err(|hint| ModelError::AmbiguousNumber {
        what: what.to_string(),
        value: text.to_string(),
        hint,
        format,
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

/// The currency signs a number may carry.
const CURRENCIES: [char; 3] = ['€', '$', '£'];

/// `text` without a currency sign, and the sign.
fn without_currency(text: &str) -> (&str, Option<char>) {
    let t = text.trim();
    for sign in CURRENCIES {
        if let Some(rest) = t.strip_prefix(sign).or_else(|| t.strip_suffix(sign)) {
            return (rest.trim(), Some(sign));
        }
    }
    (t, None)
}

/// `text` as Rust reads numbers (no currency sign, no group separators, `.` before the
/// decimals); `Err` with the ways to type it when a separator groups nothing.
fn plain_number(text: &str, format: NumberFormat) -> Result<String, String> {
    let (t, _) = without_currency(text);
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t),
    };
    let (whole, fraction) = match body.split_once(format.decimal()) {
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
    for separator in [format.other(), ' ', '\u{a0}', '\u{202f}'] {
        if whole.contains(separator) {
            if grouped(separator) {
                let digits: String = whole.chars().filter(|&c| c != separator).collect();
                return Ok(match fraction {
                    Some(f) => format!("{sign}{digits}.{f}"),
                    None => format!("{sign}{digits}"),
                });
            }
            if separator == format.other() {
                return Err(misread(t, format));
            }
        }
    }
    Ok(match fraction {
        Some(f) => format!("{sign}{whole}.{f}"),
        None => format!("{sign}{whole}"),
    })
}

/// How to type `t`, whose `,` (or `.` in the format `1.234,5`) groups nothing: each way a
/// form okr accepts.
fn misread(t: &str, format: NumberFormat) -> String {
    let (decimal, other) = (format.decimal(), format.other());
    let digits: String = t.chars().filter(|&c| c != other).collect();
    let as_decimal = (t.matches(other).count() == 1 && !t.contains(decimal))
        .then(|| t.replacen(other, &decimal.to_string(), 1));
    let ways = match as_decimal {
        Some(decimal) => {
            format!("type {decimal} for the decimal, or {digits} for the whole number")
        }
        None => format!("type the whole number without separators, {digits}"),
    };
    match format {
        NumberFormat::Point => {
            format!("okr reads `.` as the decimal point and `,` between thousands; {ways}")
        }
        NumberFormat::Comma => format!(
            "this file reads `,` as the decimal mark and `.` between thousands (`number_format` 1.234,5); {ways}"
        ),
    }
}

/// A measured value as typed: a number, possibly with a `%` sign or a currency sign, which
/// are only right for a key result measured in that unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// The number.
    pub value: f64,
    /// Whether it was typed with `%`.
    pub percent: bool,
    /// The currency sign it was typed with (`€`, `$`, `£`).
    pub currency: Option<char>,
}

impl Measure {
    /// A plain number, with no sign to check against a unit (a JSON number, say).
    pub fn plain(value: f64) -> Measure {
        Measure {
            value,
            percent: false,
            currency: None,
        }
    }
}

/// Parses a measured value written the default way (see [`measure_in`]).
pub fn measure(text: &str) -> Result<Measure, ModelError> {
    measure_in(text, NumberFormat::Point)
}

/// Parses a measured value in `format`: a number (see [`number_in`]), a percentage
/// (`12.5%`) or an amount of money (`€1,200`, `1200 $`).
pub fn measure_in(text: &str, format: NumberFormat) -> Result<Measure, ModelError> {
    measure_as(text, "value", format)
}

/// [`measure_in`] for the value named `what` in messages (`--start`, `baseline`).
pub fn measure_as(text: &str, what: &str, format: NumberFormat) -> Result<Measure, ModelError> {
    let t = text.trim();
    match t.strip_suffix('%') {
        Some(body) => number_in(body, what, format)
            .map(|value| Measure {
                value,
                percent: true,
                currency: None,
            })
            .map_err(|e| {
                out_of_range_or(e, text, || ModelError::InvalidNumber {
                    what: what.into(),
                    value: text.to_string(),
                })
            }),
        None => number_in(t, what, format).map(|value| Measure {
            value,
            percent: false,
            currency: without_currency(t).1,
        }),
    }
}

/// The units that mean the currency `sign`, in lower case.
fn currency_units(sign: char) -> &'static [&'static str] {
    match sign {
        '€' => &["€", "eur", "euro", "euros"],
        '$' => &["$", "usd", "dollar", "dollars"],
        '£' => &["£", "gbp", "pound", "pounds"],
        _ => &[],
    }
}

impl Measure {
    /// The value for a key result (or KPI) measured in `unit`: a percentage only fits `%`, an
    /// amount of money only its own currency. `thing` names it in the error (``key result
    /// `kr1` (Visitors)``).
    pub fn for_unit(
        self,
        thing: impl FnOnce() -> String,
        unit: Option<&str>,
    ) -> Result<f64, ModelError> {
        let unit_name = || unit.unwrap_or("no unit").to_string();
        if self.percent && unit != Some("%") {
            return Err(ModelError::PercentForUnit {
                thing: thing(),
                value: self.value.to_string(),
                unit: unit_name(),
            });
        }
        if let Some(sign) = self.currency {
            let unit_text = unit.map(|u| u.trim().to_lowercase());
            let fits = unit_text.is_some_and(|u| currency_units(sign).contains(&u.as_str()));
            if !fits {
                return Err(ModelError::CurrencyForUnit {
                    thing: thing(),
                    sign,
                    value: self.value.to_string(),
                    unit: unit_name(),
                });
            }
        }
        Ok(self.value)
    }
}

/// How errors name a key result: ``key result `kr1` (Visitors)``.
pub fn key_result_named(id: &str, title: &str) -> String {
    format!("key result `{id}` ({title})")
}

/// A milestone as typed: `2026-11-15=45000`, `2026-12-01=2.8%`; the value is read in
/// `format` like any measured value.
pub fn milestone_in(
    text: &str,
    _what: &'static str,
    format: NumberFormat,
) -> Result<(NaiveDate, Measure), ModelError> {
    let (day, value) = text
        .split_once('=')
        .ok_or_else(|| ModelError::InvalidMilestone(escaped(text).into_owned()))?;
    let day = date(day)?;
    let value = measure_as(value, "the milestone's value", format)?;
    Ok((day, value))
}

/// A number as typed on the command line, read once the data file says how its team writes
/// numbers (`number_format`). Text that reads as a number in no format is refused at once,
/// like any other bad argument.
#[derive(Debug, Clone)]
pub struct Typed<T> {
    text: String,
    what: &'static str,
    read: fn(&str, &'static str, NumberFormat) -> Result<T, ModelError>,
}

impl<T: Clone + Send + Sync + 'static> Typed<T> {
    /// A `value_parser` for clap: keeps the text, refusing what no format reads.
    pub fn parser(
        what: &'static str,
        read: fn(&str, &'static str, NumberFormat) -> Result<T, ModelError>,
    ) -> impl Fn(&str) -> Result<Typed<T>, ModelError> + Clone + Send + Sync + 'static {
        move |text| match read(text, what, NumberFormat::Point) {
            Err(error) if read(text, what, NumberFormat::Comma).is_err() => Err(error),
            _ => Ok(Typed {
                text: text.to_string(),
                what,
                read,
            }),
        }
    }

    /// The value, read in `format`.
    pub fn read(&self, format: NumberFormat) -> Result<T, ModelError> {
        (self.read)(&self.text, self.what, format)
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
    pub fn absolute(self, start: f64) -> Result<f64, ModelError> {
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
    target_in(text, "target", NumberFormat::Point)
}

/// Like [`target`], naming the input `what` in errors (`--target`), in `format`.
pub fn target_in(text: &str, what: &str, format: NumberFormat) -> Result<Target, ModelError> {
    let t = text.trim();
    let invalid = || ModelError::InvalidTarget(text.to_string());
    if let Some(body) = t.strip_suffix('%') {
        let (sign, digits) = match body.as_bytes().first() {
            Some(b'+') => (1.0, &body[1..]),
            Some(b'-') => (-1.0, &body[1..]),
            _ => return Err(invalid()),
        };
        if digits.is_empty()
            || !digits
                .bytes()
                .all(|b| b.is_ascii_digit() || b == format.decimal() as u8)
        {
            return Err(invalid());
        }
        return number_in(digits, what, format)
            .map(|p| Target::Percent(sign * p))
            .map_err(|e| out_of_range_or(e, text, invalid));
    }
    if let Some(amount) = t.strip_prefix('+') {
        if amount.starts_with(['+', '-']) {
            return Err(invalid());
        }
        return number_in(amount, what, format)
            .map(Target::Add)
            .map_err(|e| out_of_range_or(e, text, invalid));
    }
    number_in(t, what, format).map(Target::Absolute)
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

/// Parses an owner's own score: a fraction from 0 to 1 (`0.7`) or a percentage (`70%`).
pub fn own_score(text: &str) -> Result<f64, ModelError> {
    let t = text.trim();
    let score = match t.strip_suffix('%') {
        Some(percent) => percent.trim().parse::<f64>().map(|p| p / 100.0),
        None => t.parse::<f64>(),
    };
    match score {
        Ok(score) if (0.0..=1.0).contains(&score) => Ok(score + 0.0),
        _ => Err(ModelError::InvalidOwnScore(escaped(text).into_owned())),
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

/// A number as people read it: thousands separated, at most two decimals, no trailing zeros.
pub fn shown_number(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{:.2}", rounded.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = fraction.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

/// A number written short for a narrow column: below 1,000 as [`shown_number`] writes it,
/// else in thousands, millions, billions or trillions with three significant digits at
/// most (`9.7k`, `50.6k`, `60k`, `1.23M`).
pub fn shown_compact(value: f64) -> String {
    shown_compact_to(value, 3)
}

/// [`shown_compact`] with `digits` significant digits at most (2 or 3): `1.2M`, `9.9M`.
pub fn shown_compact_to(value: f64, digits: i32) -> String {
    if value.abs() < 1000.0 {
        return shown_number(value);
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let mut magnitude = value.abs();
    let mut suffix = 0;
    const SUFFIXES: [&str; 5] = ["", "k", "M", "B", "T"];
    while magnitude >= 1000.0 && suffix < SUFFIXES.len() - 1 {
        magnitude /= 1000.0;
        suffix += 1;
    }
    // Three significant digits (1.23, 12.3, 123), or two (1.2, 12, 123); a rounding up to
    // 1,000 moves on a suffix.
    let decimals = if magnitude < 10.0 {
        digits - 1
    } else if magnitude < 100.0 {
        digits - 2
    } else {
        digits - 3
    }
    .max(0);
    let scale = 10f64.powi(decimals);
    let mut rounded = (magnitude * scale).round() / scale;
    if rounded >= 1000.0 && suffix < SUFFIXES.len() - 1 {
        rounded /= 1000.0;
        suffix += 1;
    }
    let text = format!("{rounded:.*}", decimals as usize);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    format!("{sign}{text}{}", SUFFIXES[suffix])
}

/// A score as a percentage. Only a score of 1 shows as `100%`: 0.996 is not done yet.
pub fn shown_percent(score: f64) -> String {
    format!("{}%", shown_points(score))
}

/// The whole percentage points a score shows as (see [`shown_percent`]).
pub fn shown_points(score: f64) -> i64 {
    let p = (score * 100.0).round();
    let p = if p >= 100.0 && score < 1.0 { 99.0 } else { p };
    p as i64
}

/// A value with its unit: `12.5%`, `31,200 visitors`, `4,000 EUR`.
pub fn shown_value(value: f64, unit: Option<&str>) -> String {
    match unit {
        None => shown_number(value),
        Some("%") => format!("{}%", shown_number(value)),
        Some(unit) => format!("{} {unit}", shown_number(value)),
    }
}

/// Whether `c` is an invisible format character (Unicode's category Cf: the bidi controls
/// that reverse how text shows, zero-width spaces and joiners): in a name it makes a
/// look-alike of another name.
pub fn is_invisible(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    c.general_category() == GeneralCategory::Format
}

/// Finds a character a name may not hold: a control character, or an invisible one (see
/// [`is_invisible`]).
pub fn check_name(text: &str) -> Result<(), char> {
    check_text(text, false)?;
    match text.chars().find(|&c| is_invisible(c)) {
        Some(c) => Err(c),
        None => Ok(()),
    }
}

/// `text` with every control character and invisible format character written as an escape
/// (`\u{1b}`, `\n`, `\u{202e}`), so that text from a file, an argument or an imported cell
/// can be shown without acting on a terminal or reversing the rest of the line.
pub fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() || is_invisible(c);
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
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
    fn compact_numbers_keep_three_digits() {
        let cases = [
            (0.0, "0"),
            (999.0, "999"),
            (12.5, "12.5"),
            (1000.0, "1k"),
            (1150.0, "1.15k"),
            (9700.0, "9.7k"),
            (50_600.0, "50.6k"),
            (60_000.0, "60k"),
            (123_456.0, "123k"),
            (999_999.0, "1M"),
            (1_234_567.0, "1.23M"),
            (-21_800.0, "-21.8k"),
            (2.5e12, "2.5T"),
            (9e15, "9000T"),
        ];
        for (value, shown) in cases {
            assert_eq!(shown_compact(value), shown, "{value}");
        }
        assert_eq!(shown_compact_to(1_234_567.0, 2), "1.2M");
        assert_eq!(shown_compact_to(9_876_543.0, 2), "9.9M");
        assert_eq!(shown_compact_to(99_600.0, 2), "100k");
        assert_eq!(shown_compact_to(12_345.0, 2), "12k");
    }

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
        // A single point is the decimal point: twelve and a bit, never 12,345.
        assert_eq!(number("12.345", "value"), Ok(12.345));
        assert_eq!(number("12.600", "value"), Ok(12.6));
        assert!(number("-0", "value").unwrap().is_sign_positive());
        for bad in [
            "",
            "abc",
            "NaN",
            "inf",
            "-infinity",
            "1e309",
            "12%",
            "1,5",
            "1,20",
            ".",
            "1.2.3",
        ] {
            assert!(number(bad, "value").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_team_that_writes_decimals_with_a_comma_says_so_once() {
        let comma = |text: &str| number_in(text, "value", NumberFormat::Comma);
        assert_eq!(comma("12.345"), Ok(12345.0));
        assert_eq!(comma("1.234,5"), Ok(1234.5));
        assert_eq!(comma("1,5"), Ok(1.5));
        assert_eq!(comma("€1.200,50"), Ok(1200.5));
        assert_eq!(comma("1 200,5"), Ok(1200.5));
        assert_eq!(comma("-0,25"), Ok(-0.25));
        for bad in ["1.5", "12.34", "1,2,3"] {
            assert!(comma(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            target_in("+12,5%", "--target", NumberFormat::Comma),
            Ok(Target::Percent(12.5))
        );
        assert_eq!(
            measure_in("12,5%", NumberFormat::Comma).map(|m| m.value),
            Ok(12.5)
        );
    }

    #[test]
    fn a_hint_only_suggests_forms_okr_accepts() {
        let cases = [
            (NumberFormat::Point, "1,5", ["1.5", "15"]),
            (NumberFormat::Point, "12,34", ["12.34", "1234"]),
            (NumberFormat::Comma, "1.5", ["1,5", "15"]),
            (NumberFormat::Comma, "12.34", ["12,34", "1234"]),
        ];
        for (format, typed, ways) in cases {
            let message = number_in(typed, "value", format).unwrap_err().to_string();
            for way in ways {
                assert!(
                    message.contains(&format!(" {way} ")),
                    "{typed}: {message} should suggest {way}"
                );
                assert!(
                    number_in(way, "value", format).is_ok(),
                    "{way} in {format:?}"
                );
            }
        }
        assert_eq!(
            number("1,5", "value").unwrap_err().to_string(),
            "value `1,5` can be read two ways; okr reads `.` as the decimal point and `,` between thousands; type 1.5 for the decimal, or 15 for the whole number"
        );
    }

    #[test]
    fn a_currency_or_percent_sign_must_fit_the_unit() {
        let thing = || "key result `kr1` (Revenue)".to_string();
        let euros = measure("€1,200").unwrap();
        assert_eq!(euros.for_unit(thing, Some("EUR")), Ok(1200.0));
        assert_eq!(euros.for_unit(thing, Some("€")), Ok(1200.0));
        assert_eq!(
            euros.for_unit(thing, Some("GBP")).unwrap_err().to_string(),
            "`€1200` is an amount in €, but key result `kr1` (Revenue) is measured in GBP; type the number alone, `1200`, if that is what you mean"
        );
        assert!(measure("$12").unwrap().for_unit(thing, Some("%")).is_err());
        assert!(measure("12 $").unwrap().for_unit(thing, None).is_err());
        assert_eq!(
            measure("12").unwrap().for_unit(thing, Some("EUR")),
            Ok(12.0)
        );
        assert_eq!(
            measure("12.5%").unwrap().for_unit(thing, Some("%")),
            Ok(12.5)
        );
    }

    #[test]
    fn targets_absolute_and_relative() {
        let t = |s: &str| target(s).unwrap();
        assert_eq!(t("50000"), Target::Absolute(50000.0));
        assert_eq!(t("-3"), Target::Absolute(-3.0));
        assert_eq!(t("+25%"), Target::Percent(25.0));
        assert_eq!(t("-15%"), Target::Percent(-15.0));
        assert_eq!(t("+300"), Target::Add(300.0));
        assert_eq!(t("+25%").absolute(40000.0).unwrap(), 50000.0);
        assert_eq!(t("-15%").absolute(70.0).unwrap(), 59.5);
        assert_eq!(t("+15%").absolute(12400.0).unwrap(), 14260.0);
        assert_eq!(t("+300").absolute(1000.0).unwrap(), 1300.0);
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
        assert!(target("+100%").unwrap().absolute(1e15).is_err());
        assert!(target("+2e14").unwrap().absolute(9e14).is_err());
        assert_eq!(target("+100%").unwrap().absolute(4e14), Ok(8e14));
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
