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
use okr::report::kpi::KpiList;
use okr::report::quarter::{self, ReportView};
use okr::report::views::{Filter, StatusView};
use okr::report::{Style, show, status, tree};
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
    let _ = status::status(&status, style);
    let _ = status::list(&status, style);
    let report = ReportView::new(okrs, q4, None, today);
    let _ = quarter::table::render_report(&report, 80);
    let _ = quarter::markdown::render_report(&report);
    let _ = quarter::csv::render_report(&report);
    let _ = quarter::html::render_report(&report);
    let _ = serde_json::to_string(&report).expect("the report serialises");
    let all = okr::report::views::Filter::default();
    let _ = tree::render(&tree::build(okrs, q4, &all, today), Some(80));
    for o in &okrs.objectives {
        if let Some(item) = okrs.find(&o.id) {
            let _ = show::show(okrs, item, today, style);
        }
        for kr in &o.key_results {
            let _ = show::history(kr, style);
        }
    }
    let _ = KpiList::new(okrs).text();
    store::to_bytes(okrs).expect("serialises");
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
                // An author on some check-ins, in a spelling of its own.
                by: confidence
                    .filter(|c| c % 2 == 0)
                    .map(|_| "Ana Lima".to_string()),
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
                owner: (weight > 5.0).then(|| "tom".to_string()),
                status: None,
                keep: None,
                milestones: Vec::new(),
                retro: None,
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
                status: None,
                retro: None,
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
        let bytes = store::to_bytes(&okrs).expect("serialises");
        let loaded = store::parse(Path::new("f"), &bytes);
        prop_assert!(loaded.is_ok(), "{:?}", loaded.err().map(|e| e.to_string()));
        let loaded = loaded.expect("checked above");
        prop_assert_eq!(&loaded.objectives, &okrs.objectives);
        prop_assert_eq!(store::to_bytes(&loaded).expect("serialises"), bytes);
        exercise(&loaded);
    }
}

#[test]
fn the_example_itself_loads() {
    let okrs = store::parse(Path::new("f"), EXAMPLE).expect("example loads");
    assert_eq!(okrs.objectives.len(), 8);
    exercise(&okrs);
}

/// One change a person makes on their branch, with indexes into what exists (taken modulo).
#[derive(Debug, Clone)]
enum Op {
    AddObjective(u8),
    AddKr(usize, i32),
    CheckIn(usize, u16, i32),
    Retitle(usize, u8),
    Retarget(usize, i32),
    RemoveKr(usize),
    RemoveObjective(usize),
    Align(usize, usize),
    RecordKpi(u16, i32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<u8>().prop_map(Op::AddObjective),
        (any::<usize>(), 1..500i32).prop_map(|(o, t)| Op::AddKr(o, t)),
        (any::<usize>(), 0..60u16, -100..600i32).prop_map(|(k, d, v)| Op::CheckIn(k, d, v)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, t)| Op::Retitle(i, t)),
        (any::<usize>(), 1..500i32).prop_map(|(k, t)| Op::Retarget(k, t)),
        any::<usize>().prop_map(Op::RemoveKr),
        any::<usize>().prop_map(Op::RemoveObjective),
        (any::<usize>(), any::<usize>()).prop_map(|(o, k)| Op::Align(o, k)),
        (0..60u16, 0..900i32).prop_map(|(d, v)| Op::RecordKpi(d, v)),
    ]
}

fn key_result_ids(okrs: &Okrs) -> Vec<String> {
    okrs.objectives
        .iter()
        .flat_map(|o| o.key_results.iter().map(|kr| kr.id.clone()))
        .collect()
}

/// Applies `ops` as a person would through okr's commands; refused ones change nothing.
fn apply(okrs: &mut Okrs, ops: &[Op]) {
    use okr::model::{KeyResultEdit, NewKeyResult, NewObjective, ObjectiveEdit, input::Target};
    let today = day("2026-11-23");
    for op in ops {
        let objectives: Vec<String> = okrs.objectives.iter().map(|o| o.id.clone()).collect();
        let krs = key_result_ids(okrs);
        let pick =
            |list: &[String], i: usize| (!list.is_empty()).then(|| list[i % list.len()].clone());
        let _ = match op {
            Op::AddObjective(n) => okrs
                .add_objective(NewObjective {
                    title: format!("Objective {n}"),
                    owner: match n % 3 {
                        0 => Owner::Company,
                        1 => Owner::Team(format!("team{}", n % 5)),
                        _ => Owner::Person {
                            person: format!("p{}", n % 4),
                            team: None,
                        },
                    },
                    period: "2026-Q4".parse().expect("period"),
                    kind: Kind::Aspirational,
                    aligns: Vec::new(),
                    id: None,
                    description: None,
                })
                .map(|_| ()),
            Op::AddKr(o, target) => match pick(&objectives, *o) {
                Some(o) => okrs
                    .add_key_result(
                        &o,
                        NewKeyResult {
                            title: format!("Key result {target}"),
                            start: 0.0,
                            target: Target::Absolute(f64::from(*target)),
                            unit: None,
                            weight: 1.0,
                            id: None,
                            keep: None,
                            owner: None,
                        },
                    )
                    .and_then(|id| okrs.link_kpi(&id, (target % 2 == 0).then_some("visitors"))),
                None => Ok(()),
            },
            Op::CheckIn(k, d, v) => match pick(&krs, *k) {
                Some(kr) => okrs
                    .check_in(
                        &kr,
                        CheckIn {
                            date: day("2026-10-01") + chrono::Days::new(u64::from(*d)),
                            value: f64::from(*v),
                            note: None,
                            confidence: None,
                            by: None,
                            id: None,
                        },
                        today,
                    )
                    .map(|_| ()),
                None => Ok(()),
            },
            Op::Retitle(i, t) => match pick(&objectives, *i) {
                Some(o) => okrs.edit_objective(
                    &o,
                    ObjectiveEdit {
                        title: Some(format!("Title {t}")),
                        ..ObjectiveEdit::default()
                    },
                ),
                None => Ok(()),
            },
            Op::Retarget(k, t) => match pick(&krs, *k) {
                Some(kr) => okrs.edit_key_result(
                    &kr,
                    KeyResultEdit {
                        target: Some(Target::Absolute(f64::from(*t))),
                        ..KeyResultEdit::default()
                    },
                ),
                None => Ok(()),
            },
            Op::RemoveKr(k) => match pick(&krs, *k) {
                Some(kr) => okrs.remove(&kr, true).map(|_| ()),
                None => Ok(()),
            },
            Op::RemoveObjective(i) => match pick(&objectives, *i) {
                Some(o) => okrs.remove(&o, true).map(|_| ()),
                None => Ok(()),
            },
            Op::Align(o, k) => match (pick(&objectives, *o), pick(&krs, *k)) {
                (Some(o), Some(kr)) => okrs.align(&o, &kr).map(|_| ()),
                _ => Ok(()),
            },
            Op::RecordKpi(d, v) => okrs
                .record_kpi(
                    "visitors",
                    KpiRecord {
                        date: day("2026-10-01") + chrono::Days::new(u64::from(*d)),
                        value: f64::from(*v),
                        id: None,
                    },
                    today,
                )
                .map(|_| ()),
        };
    }
}

/// What a merge must keep whichever side is ours: every id, every check-in (as key result,
/// day and value) and every conflict's id and field, sorted.
type Contents = (
    Vec<String>,
    Vec<(String, NaiveDate, u64)>,
    Vec<(String, String)>,
);

fn contents(okrs: &Okrs) -> Contents {
    let mut ids: Vec<String> = okrs
        .objectives
        .iter()
        .flat_map(|o| {
            std::iter::once(o.id.clone()).chain(o.key_results.iter().map(|kr| kr.id.clone()))
        })
        .collect();
    ids.sort();
    let mut checkins: Vec<_> = okrs
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .flat_map(|kr| {
            kr.checkins
                .iter()
                .map(|c| (kr.id.clone(), c.date, c.value.to_bits()))
        })
        .collect();
    checkins.sort();
    let mut conflicts: Vec<_> = okrs
        .conflicts
        .iter()
        .map(|c| (c.id.clone(), c.field.clone()))
        .collect();
    conflicts.sort();
    (ids, checkins, conflicts)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: config().cases / 4, ..config() })]

    /// Two branches from one base, each with its own run of changes, always merge into a
    /// file that loads, keeps every objective, key result and check-in either side added,
    /// and holds the same things whichever side is ours.
    #[test]
    fn any_two_branches_merge_into_a_file_that_keeps_what_they_added(
        base_ops in proptest::collection::vec(op(), 0..25),
        ours_ops in proptest::collection::vec(op(), 0..15),
        theirs_ops in proptest::collection::vec(op(), 0..15),
    ) {
        let mut base = Okrs::new(Settings { max_objectives: 9, ..Settings::default() }).expect("settings");
        base.kpis.push(Kpi { name: "visitors".into(), unit: None, description: None, records: Vec::new() });
        base.seed_ids(0);
        apply(&mut base, &base_ops);
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.seed_ids(1);
        theirs.seed_ids(2);
        apply(&mut ours, &ours_ops);
        apply(&mut theirs, &theirs_ops);
        let one = okr::model::merge::merge(&base, &ours, &theirs).expect("merges");
        let other = okr::model::merge::merge(&base, &theirs, &ours).expect("merges");
        for merged in [&one.okrs, &other.okrs] {
            let bytes = store::to_bytes(merged).expect("serialises");
            let loaded = store::parse(Path::new("merged"), &bytes);
            prop_assert!(loaded.is_ok(), "{:?}", loaded.err().map(|e| e.to_string()));
        }
        let (ids, checkins, conflicts) = contents(&one.okrs);
        prop_assert_eq!(&contents(&other.okrs), &(ids.clone(), checkins.clone(), conflicts));
        let (base_ids, base_checkins, _) = contents(&base);
        for side in [&ours, &theirs] {
            let (side_ids, side_checkins, _) = contents(side);
            for id in side_ids.iter().filter(|id| !base_ids.contains(id)) {
                prop_assert!(ids.contains(id), "{} was added and lost", id);
            }
            for c in side_checkins.iter().filter(|c| !base_checkins.contains(c)) {
                prop_assert!(checkins.contains(c), "check-in {:?} was added and lost", c);
            }
        }
    }
}
