//! Whole-command benchmarks: the real binary on synthetic files of 1,000 and 10,000
//! objectives (100,000 with `OKR_BENCH_LARGE=1`), next to the floor of parsing the same file
//! into a generic JSON value. `scripts/bench.sh` makes the files first; a missing size is
//! skipped with a note.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};

fn data_dir() -> PathBuf {
    std::env::var_os("OKR_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"))
}

fn okr(args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_okr"))
        .args(args)
        .env("OKR_TODAY", "2026-11-23")
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run okr");
    // `check` exits 1 on the warnings the generator leaves in; anything else is a failure.
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "okr {args:?}: {status}"
    );
}

fn commands(c: &mut Criterion) {
    let mut sizes = vec![1_000, 10_000];
    if std::env::var_os("OKR_BENCH_LARGE").is_some() {
        sizes.push(100_000);
    }
    let mut group = c.benchmark_group("okr");
    group.sample_size(10);
    for n in sizes {
        let file = data_dir().join(format!("o{n}.json"));
        if !file.exists() {
            eprintln!("skipping {n}: no {} (run scripts/bench.sh)", file.display());
            continue;
        }
        let path = file.to_string_lossy().into_owned();
        group.bench_function(format!("parse floor/{n}"), |b| {
            b.iter(|| {
                let bytes = std::fs::read(&file).expect("read");
                serde_json::from_slice::<serde_json::Value>(&bytes).expect("parse")
            })
        });
        for args in [
            &["status", "--json"][..],
            &["report", "--format", "json"],
            &["check"],
        ] {
            let mut full = vec!["--file", path.as_str()];
            full.extend_from_slice(args);
            group.bench_function(format!("{}/{n}", args.join(" ")), |b| b.iter(|| okr(&full)));
        }
        let copy = data_dir().join(format!("write-{n}.json"));
        std::fs::copy(&file, &copy).expect("copy");
        let copy = copy.to_string_lossy().into_owned();
        // A new value each time: the same check-in twice is kept once, and would not write.
        let mut value = 0u64;
        group.bench_function(format!("progress/{n}"), |b| {
            b.iter(|| {
                value += 1;
                okr(&[
                    "--file",
                    &copy,
                    "progress",
                    "kr1",
                    &value.to_string(),
                    "--date",
                    "2026-03-01",
                ])
            })
        });
        // A merge of two branches of the file: each side changed a little, as in a day's work.
        let side = |name: &str, args: &[&[&str]]| {
            let path = data_dir().join(format!("merge-{name}-{n}.json"));
            std::fs::copy(&file, &path).expect("copy");
            let p = path.to_string_lossy().into_owned();
            for change in args {
                let mut full = vec!["--file", p.as_str()];
                full.extend_from_slice(change);
                okr(&full);
            }
            p
        };
        let ours = side(
            "ours",
            &[
                &["progress", "kr1", "5", "--date", "2026-11-20"],
                &["add", "objective", "Ours", "--team", "zz"],
            ],
        );
        let theirs = side(
            "theirs",
            &[
                &["progress", "kr2", "7", "--date", "2026-11-21"],
                &["edit", "kr3", "--target", "77"],
            ],
        );
        let work = data_dir().join(format!("merge-work-{n}.json"));
        let work_path = work.to_string_lossy().into_owned();
        group.bench_function(format!("merge/{n}"), |b| {
            b.iter_batched(
                || std::fs::copy(&ours, &work).expect("copy"),
                |_| okr(&["merge", &path, &work_path, &theirs]),
                criterion::BatchSize::PerIteration,
            )
        });
    }
    group.bench_function("--version", |b| b.iter(|| okr(&["--version"])));
    group.finish();
}

/// The domain alone, through the library: the file is loaded once, then the rules, the
/// status view and the report are computed in-process, without starting a command.
fn library(c: &mut Criterion) {
    let file = data_dir().join("o10000.json");
    let Ok(okrs) = okr::store::read(&file) else {
        eprintln!(
            "skipping the library benchmarks: no {} (run scripts/bench.sh)",
            file.display()
        );
        return;
    };
    let today = "2026-11-23".parse().expect("date");
    let period: okr::model::Period = "2026-Q4".parse().expect("period");
    let mut group = c.benchmark_group("library");
    group.sample_size(10);
    group.bench_function("rules::check/10000", |b| {
        b.iter(|| okr::model::rules::check(&okrs, None, today))
    });
    group.bench_function("StatusView::new/10000", |b| {
        b.iter(|| {
            okr::report::views::StatusView::new(
                &okrs,
                &okr::report::views::Filter::default(),
                today,
            )
        })
    });
    group.bench_function("ReportView::new/10000", |b| {
        b.iter(|| okr::report::quarter::ReportView::new(&okrs, period, None, today))
    });
    group.finish();
}

criterion_group!(benches, commands, library);
criterion_main!(benches);
