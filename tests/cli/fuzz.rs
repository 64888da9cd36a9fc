//! Property tests of the loader and every view, through the library: random bytes, mutated
//! copies of the example, and whole files generated field by field (which always load, so
//! every view runs on every case). 1,000 cases each; `OKR_FUZZ_CASES` for a long run.

use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;

use okr::model::{
    CheckIn, FinalResult, Grade, KeyResult, Kind, Kpi, KpiRecord, Objective, Okrs, Owner, Period,
    Settings, rules,
};
use okr::report::check::CheckView;
use okr::report::full::{self, ReportView};
use okr::report::kpi::KpiList;
use okr::report::views::{Filter, StatusView};
use okr::report::{Style, detail, text, tree};
use okr::store;
use similar_asserts::assert_eq;

const EXAMPLE: &[u8] = include_bytes!("../../examples/marketing.json");

fn config() -> ProptestConfig {
    let cases = std::env::var("OKR_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

/// Everything a command does with a loaded file, so that a file that loads cannot make any
/// of it panic.
fn exercise(okrs: &Okrs) {
    let today = day("2026-11-23");
    let q4: Period = "2026-Q4".parse().expect("period");
    let style = Style::PLAIN;
    let problems = rules::check(okrs, None, today);
    let check = CheckView::new(&problems, true);
    let _ = check.text("f");
    let _ = check.github("f", &Default::default());
    let status = StatusView::new(okrs, &Filter::default(), today);
    let _ = text::status(&status, style);
    let _ = text::list(&status, style);
    let report = ReportView::new(okrs, q4, None, today);
    let _ = full::table::render_report(&report, 80, style);
    let _ = full::markdown::render_report(&report);
    let _ = full::csv::render_report(&report);
    let _ = full::html::render_report(&report);
    let _ = serde_json::to_string(&report).expect("the report serialises");
    let _ = tree::render(&tree::build(okrs, &q4, today));
    for o in &okrs.objectives {
        if let Some(item) = okrs.find(&o.id) {
            let _ = detail::show(okrs, item, today, style);
        }
        for kr in &o.key_results {
            let _ = detail::history(kr);
        }
    }
    let _ = KpiList::new(okrs).text();
    let _ = store::to_bytes(okrs);
}

fn period() -> impl Strategy<Value = Period> {
    (2025i32..2028, 0u8..5, 1u8..53).prop_map(|(year, kind, n)| {
        let text = match kind {
            0 => format!("{year}"),
            1 => format!("{year}-H{}", n % 2 + 1),
            2 => format!("{year}-Q{}", n % 4 + 1),
            3 => format!("{year}-{:02}", n % 12 + 1),
            _ => format!("{year}-W{:02}", n % 52 + 1),
        };
        text.parse().expect("a generated period parses")
    })
}

/// A number as people and imports give them: small, fractional, negative, at the edges.
fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-1000i64..1000).prop_map(|v| v as f64),
        -1e6..1e6f64,
        Just(0.0),
        Just(1e15),
        Just(-1e15),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("growth".to_string()),
        Just("content".to_string()),
        Just("ana".to_string()),
        "[a-zé ]{1,12}".prop_map(|s| format!("x{s}")),
    ]
}

fn owner() -> impl Strategy<Value = Owner> {
    prop_oneof![
        Just(Owner::Company),
        name().prop_map(Owner::Team),
        (name(), proptest::option::of(name()))
            .prop_map(|(person, team)| Owner::Person { person, team }),
    ]
}

fn checkins() -> impl Strategy<Value = Vec<CheckIn>> {
    proptest::collection::vec(
        (
            0u64..800,
            value(),
            proptest::option::of(0u8..=10),
            proptest::option::of("[a-z ]{0,20}"),
        ),
        0..6,
    )
    .prop_map(|list| {
        let mut checkins: Vec<CheckIn> = list
            .into_iter()
            .map(|(days, value, confidence, note)| CheckIn {
                date: day("2025-06-01") + chrono::Days::new(days),
                value,
                note,
                confidence,
                id: None,
            })
            .collect();
        checkins.sort_by_key(|c| c.date);
        checkins
    })
}

fn key_result() -> impl Strategy<Value = KeyResult> {
    (
        value(),
        value(),
        prop_oneof![Just(1.0), Just(0.0), 0.0..10.0f64],
        proptest::option::of(prop_oneof![Just("%".to_string()), Just("EUR".to_string())]),
        any::<bool>(),
        checkins(),
        prop_oneof![
            Just("Visitors"),
            Just("Host a webinar"),
            Just("Write 4 posts")
        ],
    )
        .prop_map(
            |(start, target, weight, unit, measured, checkins, title)| KeyResult {
                id: String::new(),
                title: title.to_string(),
                start,
                target,
                relative_target: None,
                unit,
                weight,
                outcome_ok: false,
                kpi: measured.then(|| "visitors".to_string()),
                checkins,
            },
        )
}

fn objective() -> impl Strategy<Value = Objective> {
    (
        owner(),
        period(),
        any::<bool>(),
        proptest::collection::vec(key_result(), 0..5),
        proptest::collection::vec(0usize..40, 0..3),
        proptest::option::of(0.0..=1.0f64),
    )
        .prop_map(
            |(owner, period, committed, key_results, aligns, closed)| Objective {
                id: String::new(),
                title: "Be known for good coffee".into(),
                owner,
                period,
                kind: if committed {
                    Kind::Committed
                } else {
                    Kind::Aspirational
                },
                // Indexes into the key results, made into ids once they are numbered.
                aligns: aligns.into_iter().map(|i| format!("kr{i}")).collect(),
                description: None,
                carried_from: None,
                final_result: closed.map(|score| FinalResult {
                    on: day("2027-01-02"),
                    score,
                    grade: Grade::Green,
                }),
                key_results,
            },
        )
}

/// A whole file, valid by construction: unique ids, sorted check-ins, numbers in range.
fn file() -> impl Strategy<Value = Okrs> {
    (
        proptest::collection::vec(objective(), 0..8),
        proptest::collection::vec((0u64..800, value()), 0..5),
        proptest::collection::vec(period(), 0..2),
    )
        .prop_map(|(mut objectives, records, closed)| {
            let mut next = 1;
            for (i, o) in objectives.iter_mut().enumerate() {
                o.id = format!("o{}", i + 1);
                for kr in &mut o.key_results {
                    kr.id = format!("kr{next}");
                    next += 1;
                }
            }
            let mut records: Vec<KpiRecord> = records
                .into_iter()
                .map(|(days, value)| KpiRecord {
                    date: day("2025-06-01") + chrono::Days::new(days),
                    value,
                    id: None,
                })
                .collect();
            records.sort_by_key(|r| r.date);
            let mut okrs = Okrs::new(Settings::default()).expect("default settings");
            okrs.kpis.push(Kpi {
                name: "visitors".into(),
                unit: None,
                description: None,
                records,
            });
            okrs.closed_periods = closed;
            okrs.objectives = objectives;
            okrs
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(okrs) = store::parse(Path::new("f"), &bytes) {
            exercise(&okrs);
        }
    }

    #[test]
    fn mutated_example_files_never_panic(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 1..6)
    ) {
        let mut bytes = EXAMPLE.to_vec();
        for (at, byte, how) in edits {
            let at = at % bytes.len().max(1);
            match how {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ => { bytes.remove(at); }
            }
        }
        if let Ok(okrs) = store::parse(Path::new("f"), &bytes) {
            exercise(&okrs);
        }
    }

    #[test]
    fn generated_files_load_as_saved_and_every_view_runs(okrs in file()) {
        let bytes = store::to_bytes(&okrs);
        let loaded = store::parse(Path::new("f"), &bytes);
        prop_assert!(loaded.is_ok(), "{:?}", loaded.err().map(|e| e.to_string()));
        let loaded = loaded.expect("checked above");
        prop_assert_eq!(&loaded.objectives, &okrs.objectives);
        prop_assert_eq!(store::to_bytes(&loaded), bytes);
        exercise(&loaded);
    }
}

#[test]
fn the_example_itself_loads() {
    let okrs = store::parse(Path::new("f"), EXAMPLE).expect("example loads");
    assert_eq!(okrs.objectives.len(), 8);
    exercise(&okrs);
}
