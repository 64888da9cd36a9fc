//! Reading import files: CSV or JSON Lines rows of check-ins (`kr`, `value`, `date`, `note`,
//! `confidence`, `by`, `id`) or KPI values (`kpi`, `value`, `date`, `id`). Every row is checked
//! before anything is applied, and every bad row is reported with its line number.

use chrono::NaiveDate;

use crate::model::import::Entry;
use crate::model::input::{Measure, NumberFormat};
use crate::model::{CheckIn, KpiRecord, ModelError, input};

/// The formats `okr import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row
    Csv,
    /// One JSON object per line
    Jsonl,
}

impl Format {
    /// The format a file name asks for by its extension.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

/// The columns (CSV) or keys (JSON Lines) a row may have.
const COLUMNS: [&str; 8] = [
    "kr",
    "kpi",
    "value",
    "date",
    "note",
    "confidence",
    "by",
    "id",
];

/// How a file other than okr's own names its columns: `--map FIELD=COLUMN` and
/// `--date-format`. The default is none: the columns are [`COLUMNS`], the dates YYYY-MM-DD.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// (field, column as named in the file's header), each field once.
    pub columns: Vec<(&'static str, String)>,
    /// The strftime form of the dates.
    pub date_format: Option<String>,
}

impl Mapping {
    /// Reads `--map FIELD=COLUMN` options; an unknown field, or a field given twice, is an
    /// error naming it.
    pub fn new(maps: &[String], date_format: Option<String>) -> Result<Mapping, String> {
        let mut columns: Vec<(&'static str, String)> = Vec::new();
        for map in maps {
            let (field, column) = map.split_once('=').ok_or_else(|| {
                format!(
                    "`--map {map}` is not FIELD=COLUMN; write e.g. `--map by=\"Email Address\"`"
                )
            })?;
            let field = COLUMNS
                .iter()
                .find(|c| c.eq_ignore_ascii_case(field.trim()))
                .ok_or_else(|| {
                    format!(
                        "`--map {map}` names no field okr imports; map {}",
                        COLUMNS.join(", ")
                    )
                })?;
            if columns.iter().any(|(f, _)| f == field) {
                return Err(format!("`--map` gives the field `{field}` twice; keep one"));
            }
            columns.push((field, column.trim().to_string()));
        }
        Ok(Mapping {
            columns,
            date_format,
        })
    }

    /// The place in [`COLUMNS`] of the column named `name` in the file, if it is read.
    fn place(&self, name: &str) -> Result<Option<usize>, String> {
        if self.columns.is_empty() {
            return column(name).map(Some);
        }
        Ok(self
            .columns
            .iter()
            .find(|(_, c)| c.eq_ignore_ascii_case(name.trim()))
            .and_then(|(field, _)| COLUMNS.iter().position(|c| c == field)))
    }

    /// The mapped columns that `header` does not have: a file that cannot be read as asked.
    fn missing(&self, header: &[String]) -> Option<String> {
        let absent: Vec<&str> = self
            .columns
            .iter()
            .filter(|(_, c)| !header.iter().any(|h| h.trim().eq_ignore_ascii_case(c)))
            .map(|(_, c)| c.as_str())
            .collect();
        (!absent.is_empty()).then(|| {
            format!(
                "the header has no column {}; it has {}",
                absent
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                header
                    .iter()
                    .map(|h| format!("`{h}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    }

    /// The day `text` says, in the mapping's date form (a date and time counts for its day).
    fn date(&self, text: &str) -> Result<NaiveDate, String> {
        let Some(format) = &self.date_format else {
            return input::date(text).map_err(|e| e.to_string());
        };
        chrono::NaiveDateTime::parse_from_str(text.trim(), format)
            .map(|t| t.date())
            .or_else(|_| NaiveDate::parse_from_str(text.trim(), format))
            .map_err(|_| format!("date `{text}` does not read as `{format}` (`--date-format`)"))
    }
}

/// A bad row: its line number and what is wrong.
pub type RowError = (usize, String);

/// Rows read from an import: the good ones as entries and every bad one, each with its line
/// number. Both may be non-empty: the caller checks the good rows against the data too, so
/// that one run reports every problem.
#[derive(Debug, Default)]
pub struct Rows {
    /// The rows that parsed, with their line numbers.
    pub entries: Vec<(usize, Entry)>,
    /// The rows that did not, with their line numbers.
    pub errors: Vec<RowError>,
    /// Why the file as a whole cannot be read as asked (a mapped column not in its header).
    pub unreadable: Option<String>,
}

/// Reads `bytes` into entries with their line numbers; dates default to `today`, numbers
/// typed as text are read in `numbers` (the file's `number_format`).
pub fn parse(
    bytes: &[u8],
    format: Format,
    today: NaiveDate,
    numbers: NumberFormat,
    mapping: &Mapping,
) -> Rows {
    let mut rows = Rows::default();
    let mut fatal = None;
    let mut push = |line: usize, fields: Result<Fields, String>| match fields
        .and_then(|fields| entry(&fields, today, numbers, mapping))
    {
        Ok(entry) => rows.entries.push((line, entry)),
        Err(message) => rows.errors.push((line, message)),
    };
    match format {
        Format::Csv => fatal = csv_rows(bytes, mapping, &mut push),
        Format::Jsonl => jsonl_rows(bytes, mapping, &mut push),
    }
    rows.unreadable = fatal;
    rows
}

/// A row's non-empty fields, by their place in [`COLUMNS`].
type Fields = [Option<Cell>; COLUMNS.len()];

/// One field of a row: text (every CSV cell, a JSON string), or a JSON number, which is a
/// number and never read again as text (`12.345` in JSON is twelve and a bit, whatever the
/// file's number format).
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Number(serde_json::Number),
}

impl Cell {
    fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Text(text) => text.into(),
            Cell::Number(n) => n.to_string().into(),
        }
    }
}

fn column(name: &str) -> Result<usize, String> {
    COLUMNS.iter().position(|c| *c == name).ok_or_else(|| {
        format!(
            "unknown column `{name}`; use {}",
            COLUMNS.map(|c| format!("`{c}`")).join(", ")
        )
    })
}

fn csv_rows(
    bytes: &[u8],
    mapping: &Mapping,
    push: &mut impl FnMut(usize, Result<Fields, String>),
) -> Option<String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header = match reader.headers() {
        Ok(header) => header.clone(),
        Err(e) => {
            push(1, Err(format!("cannot read the header row: {e}")));
            return None;
        }
    };
    let names: Vec<String> = header
        .iter()
        .map(|n| n.trim_start_matches('\u{feff}').to_string())
        .collect();
    if let Some(missing) = mapping.missing(&names) {
        return Some(missing);
    }
    // The place of each column in the row, `None` for a column that is not read.
    let mut places: Vec<Option<usize>> = Vec::new();
    for name in &names {
        let name = name.to_ascii_lowercase();
        match mapping.place(&name) {
            Ok(Some(place)) if places.contains(&Some(place)) => {
                push(1, Err(format!("column `{name}` appears twice; keep one")));
                return None;
            }
            Ok(place) => places.push(place),
            Err(message) => {
                push(1, Err(message));
                return None;
            }
        }
    }
    let mut record = csv::StringRecord::new();
    // Lines are counted here from each record's byte offset: the csv reader's own count is
    // one short in a file that ends its lines with CR LF, as spreadsheets export them.
    let mut counted = (0usize, 1usize);
    let mut line_at = |byte: usize| {
        let (from, line) = counted;
        let mut byte = byte.clamp(from, bytes.len());
        // A record of a CR LF file starts at the LF that ended the line before.
        while bytes.get(byte).is_some_and(|b| matches!(b, b'\n' | b'\r')) {
            byte += 1;
        }
        let line = line + bytes[from..byte].iter().filter(|&&b| b == b'\n').count();
        counted = (byte, line);
        line
    };
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| line_at(p.byte() as usize));
                let mut fields = Fields::default();
                for (place, value) in places.iter().zip(record.iter()) {
                    if let Some(place) = place
                        && !value.is_empty()
                    {
                        fields[*place] = Some(Cell::Text(value.to_string()));
                    }
                }
                push(line, Ok(fields));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte() as usize));
                push(line, Err(format!("not valid CSV: {e}")));
                if !matches!(
                    e.kind(),
                    csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }
                ) {
                    break;
                }
            }
        }
    }
    None
}

fn jsonl_rows(
    bytes: &[u8],
    mapping: &Mapping,
    push: &mut impl FnMut(usize, Result<Fields, String>),
) {
    for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = index + 1;
        let Ok(raw) = std::str::from_utf8(raw) else {
            push(line, Err("not valid UTF-8; save the file as UTF-8".into()));
            continue;
        };
        let raw = raw.trim().trim_start_matches('\u{feff}');
        if raw.is_empty() {
            continue;
        }
        push(line, json_fields(raw, mapping));
    }
}

/// One JSON Lines row: an object whose keys are columns, each at most once.
fn json_fields(raw: &str, mapping: &Mapping) -> Result<Fields, String> {
    let Object(pairs) = match serde_json::from_str::<Object>(raw) {
        Ok(object) => object,
        Err(e) if e.is_data() => return Err("not a JSON object".into()),
        Err(e) => return Err(format!("not valid JSON: {e}")),
    };
    let mut fields = Fields::default();
    let mut seen = [false; COLUMNS.len()];
    for (key, value) in pairs {
        let Some(place) = mapping.place(&key)? else {
            continue;
        };
        if std::mem::replace(&mut seen[place], true) {
            return Err(format!("key `{key}` appears twice; keep one"));
        }
        fields[place] = match value {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(Cell::Text(s)),
            serde_json::Value::Number(n) => Some(Cell::Number(n)),
            other => Some(Cell::Text(other.to_string())),
        };
    }
    Ok(fields)
}

/// A JSON object with its keys in order, duplicates kept (serde_json's map keeps the last).
struct Object(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Object {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Object;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Object, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Object(pairs))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// Text from a cell, refused when it holds a control character (`what` names the column).
fn text(value: &str, what: &str) -> Result<String, String> {
    input::check_text(value, false).map_err(|c| {
        format!(
            "the {what} contains the control character U+{:04X}; remove it",
            u32::from(c)
        )
    })?;
    Ok(value.to_string())
}

fn entry(
    fields: &Fields,
    today: NaiveDate,
    numbers: NumberFormat,
    mapping: &Mapping,
) -> Result<Entry, String> {
    let cell = |key: &str| {
        let place = COLUMNS.iter().position(|c| *c == key)?;
        fields[place].as_ref()
    };
    let texts: Vec<Option<std::borrow::Cow<'_, str>>> =
        fields.iter().map(|f| f.as_ref().map(Cell::text)).collect();
    let get = |key: &str| {
        let place = COLUMNS.iter().position(|c| *c == key)?;
        texts[place].as_deref()
    };
    // What `okr progress` accepts, a cell accepts: `12.5%`, `€1,200`, `1 200`.
    let measure = match cell("value").ok_or("no `value`; every row needs one")? {
        Cell::Number(n) => match n.as_f64().filter(|&v| input::in_range(v)) {
            Some(v) => Measure::plain(v),
            None => {
                return Err(ModelError::OutOfRange {
                    what: "value".into(),
                    value: n.to_string(),
                }
                .to_string());
            }
        },
        Cell::Text(text) => input::measure_in(text, numbers).map_err(|e| e.to_string())?,
    };
    let value = measure.value;
    let date = match get("date") {
        Some(text) => mapping.date(text)?,
        None => today,
    };
    let id = get("id").map(|id| text(id, "id")).transpose()?;
    match (get("kr"), get("kpi")) {
        (Some(kr), None) => Ok(Entry::CheckIn {
            kr: kr.to_string(),
            measure,
            checkin: CheckIn {
                date,
                value,
                note: get("note")
                    .and_then(input::trimmed)
                    .map(|note| text(&note, "note"))
                    .transpose()?,
                confidence: get("confidence")
                    .map(input::confidence)
                    .transpose()
                    .map_err(|e| e.to_string())?,
                by: get("by")
                    .and_then(input::trimmed)
                    .map(|by| {
                        crate::model::names::checked("person", &by)
                            .map(|()| by)
                            .map_err(|e| e.to_string())
                    })
                    .transpose()?,
                id,
            },
        }),
        (None, Some(kpi)) => {
            if get("note").is_some() || get("confidence").is_some() || get("by").is_some() {
                return Err("a KPI row takes `kpi`, `value`, `date` and `id` only".into());
            }
            Ok(Entry::Kpi {
                name: kpi.to_string(),
                measure,
                record: KpiRecord { date, value, id },
            })
        }
        (Some(_), Some(_)) => Err("both `kr` and `kpi`; a row is one or the other".into()),
        (None, None) => Err("neither `kr` nor `kpi`; name what the value measures".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        "2026-11-23".parse().unwrap()
    }

    /// The rows of `text` in `format`, read the default way.
    fn rows(text: &str, format: Format) -> Rows {
        parse(
            text.as_bytes(),
            format,
            today(),
            NumberFormat::Point,
            &Mapping::default(),
        )
    }

    #[test]
    fn csv_and_jsonl_give_the_same_entries() {
        let csv = "kr,value,date,note,confidence\nkr1,1200,2026-11-20,\"Guide, live\",7\n";
        let jsonl = "{\"kr\": \"kr1\", \"value\": 1200, \"date\": \"2026-11-20\", \"note\": \"Guide, live\", \"confidence\": 7}\n";
        let a = rows(csv, Format::Csv).entries;
        let b = rows(jsonl, Format::Jsonl).entries;
        assert_eq!(a[0].1, b[0].1);
        assert_eq!((a[0].0, b[0].0), (2, 1), "CSV counts the header line");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let csv = "kr,kpi,value,date\nkr1,,x,\n,visitors,10,2026-02-30\nkr1,visitors,1,\n,,3,\n";
        let errors = rows(csv, Format::Csv).errors;
        let lines: Vec<usize> = errors.iter().map(|e| e.0).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
        assert_eq!(
            errors[0].1,
            "value `x` is not a number; give a finite number such as 1200 or 12.5"
        );
    }

    proptest::proptest! {
        #![proptest_config(crate::model::input::fuzz_config())]

        #[test]
        fn any_text_is_rows_or_errors_never_a_panic(text in "[a-z0-9,\"{}:\n .\\-]{0,200}") {
            let csv = format!("kr,kpi,value,date,note,confidence,id\n{text}");
            let _ = rows(&csv, Format::Csv);
            let _ = rows(&text, Format::Jsonl);
        }
    }

    #[test]
    fn duplicated_columns_and_keys_are_refused() {
        let errors = parse(
            b"kr,value,Value\nkr1,3,4\n",
            Format::Csv,
            today(),
            NumberFormat::Point,
            &Mapping::default(),
        )
        .errors;
        assert_eq!(
            errors,
            [(1, "column `value` appears twice; keep one".to_string())]
        );
        let rows = parse(
            b"{\"kr\": \"kr1\", \"value\": 3, \"value\": 4}\n{\"kr\": \"kr1\", \"value\": 5}\n",
            Format::Jsonl,
            today(),
            NumberFormat::Point,
            &Mapping::default(),
        );
        assert_eq!(
            rows.errors,
            [(1, "key `value` appears twice; keep one".to_string())]
        );
        assert_eq!(rows.entries.len(), 1);
    }

    #[test]
    fn invalid_utf8_and_control_characters_are_bad_rows() {
        let jsonl = b"{\"kr\": \"kr1\", \"value\": 1}\n{\"kr\": \"kr1\", \"value\": 2, \"note\": \"\xff\"}\n{\"kr\": \"kr1\", \"value\": 3, \"id\": \"\\u001b[2J\"}\n";
        let rows = parse(
            jsonl,
            Format::Jsonl,
            today(),
            NumberFormat::Point,
            &Mapping::default(),
        );
        assert_eq!(
            rows.errors,
            [
                (2, "not valid UTF-8; save the file as UTF-8".to_string()),
                (
                    3,
                    "the id contains the control character U+001B; remove it".to_string()
                )
            ]
        );
        let csv = b"kr,value,note\nkr1,1,\xff\nkr1,2,\x1b[2J\nkr1,3,fine\n";
        let rows = parse(
            csv,
            Format::Csv,
            today(),
            NumberFormat::Point,
            &Mapping::default(),
        );
        let lines: Vec<usize> = rows.errors.iter().map(|e| e.0).collect();
        assert_eq!(lines, [2, 3]);
        assert_eq!(rows.entries.len(), 1);
    }

    #[test]
    fn bad_rows_are_named_by_their_line_whatever_ends_the_lines() {
        for csv in [
            "kr,value\nkr1,x\nkr1,y\n",
            "kr,value\r\nkr1,x\r\nkr1,y\r\n",
            "\u{feff}kr,value\r\nkr1,x\r\nkr1,y",
        ] {
            let errors = rows(csv, Format::Csv).errors;
            let lines: Vec<usize> = errors.iter().map(|e| e.0).collect();
            assert_eq!(lines, [2, 3], "{csv:?}");
        }
        let blank = "kr,value\r\n\r\nkr1,x\r\n";
        let errors = rows(blank, Format::Csv).errors;
        assert_eq!(errors.iter().map(|e| e.0).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn unknown_columns_are_refused() {
        let errors = parse(
            b"kr,vlaue\nkr1,3\n",
            Format::Csv,
            today(),
            NumberFormat::Point,
            &Mapping::default(),
        )
        .errors;
        assert_eq!(
            errors,
            [(
                1,
                "unknown column `vlaue`; use `kr`, `kpi`, `value`, `date`, `note`, `confidence`, `by`, `id`".to_string()
            )]
        );
    }
}
