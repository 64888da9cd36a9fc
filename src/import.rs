//! Reading import files: CSV or JSON Lines rows of check-ins (`kr`, `value`, `date`, `note`,
//! `confidence`, `id`) or KPI values (`kpi`, `value`, `date`, `id`). Every row is checked
//! before anything is applied, and every bad row is reported with its line number.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::kpi::Entry;
use crate::model::{CheckIn, KpiRecord, input};

/// The formats `okr import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// Comma-separated values with a header row
    Csv,
    /// One JSON object per line
    Jsonl,
}

impl ImportFormat {
    /// The format a file name asks for by its extension.
    pub fn from_extension(path: &std::path::Path) -> Option<ImportFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(ImportFormat::Csv),
            "jsonl" | "ndjson" => Some(ImportFormat::Jsonl),
            _ => None,
        }
    }
}

/// The columns (CSV) or keys (JSON Lines) a row may have.
const COLUMNS: [&str; 7] = ["kr", "kpi", "value", "date", "note", "confidence", "id"];

/// A bad row: its line number and what is wrong.
pub type RowError = (usize, String);

/// Reads `bytes` into entries with their line numbers; dates default to `today`.
pub fn parse(
    bytes: &[u8],
    format: ImportFormat,
    today: NaiveDate,
) -> Result<Vec<(usize, Entry)>, Vec<RowError>> {
    let rows = match format {
        ImportFormat::Csv => csv_rows(bytes)?,
        ImportFormat::Jsonl => jsonl_rows(bytes)?,
    };
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (line, fields) in rows {
        match entry(&fields, today) {
            Ok(entry) => entries.push((line, entry)),
            Err(message) => errors.push((line, message)),
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

type Fields = BTreeMap<String, String>;

fn unknown(name: &str) -> String {
    format!(
        "unknown column `{name}`; use {}",
        COLUMNS.map(|c| format!("`{c}`")).join(", ")
    )
}

fn csv_rows(bytes: &[u8]) -> Result<Vec<(usize, Fields)>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| vec![(1, format!("cannot read the header row: {e}"))])?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    if let Some(bad) = header.iter().find(|h| !COLUMNS.contains(&h.as_str())) {
        return Err(vec![(1, unknown(bad))]);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                let fields = header
                    .iter()
                    .cloned()
                    .zip(record.iter().map(str::to_string))
                    .filter(|(_, v)| !v.is_empty())
                    .collect();
                rows.push((line, fields));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push((line, format!("not valid CSV: {e}")));
            }
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn jsonl_rows(bytes: &[u8]) -> Result<Vec<(usize, Fields)>, Vec<RowError>> {
    let text = String::from_utf8_lossy(bytes);
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let raw = raw.trim().trim_start_matches('\u{feff}');
        if raw.is_empty() {
            continue;
        }
        let object = match serde_json::from_str::<serde_json::Value>(raw) {
            Ok(serde_json::Value::Object(object)) => object,
            Ok(_) => {
                errors.push((line, "not a JSON object".to_string()));
                continue;
            }
            Err(e) => {
                errors.push((line, format!("not valid JSON: {e}")));
                continue;
            }
        };
        let mut fields = Fields::new();
        for (key, value) in object {
            if !COLUMNS.contains(&key.as_str()) {
                errors.push((line, unknown(&key)));
                continue;
            }
            let text = match value {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            fields.insert(key, text);
        }
        rows.push((line, fields));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn entry(fields: &Fields, today: NaiveDate) -> Result<Entry, String> {
    let get = |key: &str| fields.get(key).map(String::as_str);
    let value = get("value").ok_or("no `value`; every row needs one")?;
    let value = input::number(value, "value").map_err(|e| e.to_string())?;
    let date = match get("date") {
        Some(text) => input::date(text).map_err(|e| e.to_string())?,
        None => today,
    };
    let id = get("id").map(str::to_string);
    match (get("kr"), get("kpi")) {
        (Some(kr), None) => Ok(Entry::CheckIn {
            kr: kr.to_string(),
            checkin: CheckIn {
                date,
                value,
                note: get("note").and_then(input::trimmed),
                confidence: get("confidence")
                    .map(input::confidence)
                    .transpose()
                    .map_err(|e| e.to_string())?,
                id,
            },
        }),
        (None, Some(kpi)) => {
            if get("note").is_some() || get("confidence").is_some() {
                return Err("a KPI row takes `kpi`, `value`, `date` and `id` only".into());
            }
            Ok(Entry::Kpi {
                name: kpi.to_string(),
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

    #[test]
    fn csv_and_jsonl_give_the_same_entries() {
        let csv = "kr,value,date,note,confidence\nkr1,1200,2026-11-20,\"Guide, live\",7\n";
        let jsonl = "{\"kr\": \"kr1\", \"value\": 1200, \"date\": \"2026-11-20\", \"note\": \"Guide, live\", \"confidence\": 7}\n";
        let a = parse(csv.as_bytes(), ImportFormat::Csv, today()).unwrap();
        let b = parse(jsonl.as_bytes(), ImportFormat::Jsonl, today()).unwrap();
        assert_eq!(a[0].1, b[0].1);
        assert_eq!((a[0].0, b[0].0), (2, 1), "CSV counts the header line");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let csv = "kr,kpi,value,date\nkr1,,x,\n,visitors,10,2026-02-30\nkr1,visitors,1,\n,,3,\n";
        let errors = parse(csv.as_bytes(), ImportFormat::Csv, today()).unwrap_err();
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
            let _ = parse(csv.as_bytes(), ImportFormat::Csv, today());
            let _ = parse(text.as_bytes(), ImportFormat::Jsonl, today());
        }
    }

    #[test]
    fn unknown_columns_are_refused() {
        let errors = parse(b"kr,vlaue\nkr1,3\n", ImportFormat::Csv, today()).unwrap_err();
        assert_eq!(
            errors,
            [(
                1,
                "unknown column `vlaue`; use `kr`, `kpi`, `value`, `date`, `note`, `confidence`, `id`".to_string()
            )]
        );
    }
}
