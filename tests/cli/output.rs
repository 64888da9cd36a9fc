//! Where output goes: reports written to a file never replace the data file or its
//! companions, devices and `-` are written straight, a closed pipe is not an error, and an
//! output that cannot be written is one clear error.

use crate::harness::{Env, okr};
use similar_asserts::assert_eq;
use std::fs;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::process::Stdio;

#[test]
fn a_report_never_replaces_the_data_file_or_its_companions() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1200"]);
    fs::write(env.dir.path().join("okrs.json.v1.bak"), "old").unwrap();
    symlink("okrs.json", env.dir.path().join("link.md")).unwrap();
    let dir = env.dir.path().display().to_string();
    let cases = [
        (
            vec!["report", "-o", "okrs.json", "--format", "json"],
            "`okrs.json` is the data file",
        ),
        (
            vec!["report", "-o", "link.md"],
            "`link.md` is the data file `okrs.json`",
        ),
        (
            vec!["report", "-o", "./sub/../okrs.json", "--format", "json"],
            "`./sub/../okrs.json` is the data file `okrs.json`",
        ),
        (
            vec!["report", "-o", ".okrs.json.lock", "--format", "csv"],
            "`.okrs.json.lock` is the lock of the data file `okrs.json`",
        ),
        (
            vec!["report", "-o", "okrs.json.v1.bak", "--format", "csv"],
            "`okrs.json.v1.bak` is a backup of the data file `okrs.json`",
        ),
    ];
    fs::create_dir(env.dir.path().join("sub")).unwrap();
    for (args, message) in cases {
        assert_eq!(
            env.fail(&args),
            format!(
                "{message}; write the report to another file, or to standard output with `-o -`"
            ),
            "{args:?}"
        );
    }
    assert_eq!(
        fs::read(env.dir.path().join("okrs.json.v1.bak")).unwrap(),
        b"old"
    );
    // Through an absolute path too.
    let absolute = format!("{dir}/okrs.json");
    assert!(
        env.fail(&["report", "-o", &absolute, "--format", "json"])
            .contains("is the data file")
    );
}

#[test]
fn reports_to_devices_are_written_straight_and_dash_is_standard_output() {
    let env = Env::cascade();
    let table = env.ok(&["report"]);
    assert_eq!(env.ok(&["report", "-o", "-"]), table);
    assert_eq!(
        env.ok(&["report", "-o", "-", "--format", "csv"]),
        env.ok(&["report", "--format", "csv"])
    );
    env.ok(&["report", "-o", "/dev/null"]);
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device(),
        "/dev/null is still a device"
    );
    assert_eq!(
        env.fail(&["report", "-o", "/dev/full"]),
        "cannot write `/dev/full`: No space left on device (os error 28)"
    );
    // `-o /dev/stdout` into a pipe that closes early is fine, like any other output.
    let output = into_closed_pipe(&env, &["report", "-o", "/dev/stdout", "--format", "html"]);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(output.status.code(), Some(0));
    let names: Vec<String> = fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(names, Vec::<String>::new());
}

/// Runs `okr ARGS` with standard output a pipe whose reading end is closed before okr
/// writes anything.
fn into_closed_pipe(env: &Env, args: &[&str]) -> std::process::Output {
    let mut child = okr()
        .current_dir(env.dir.path())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_is_not_an_error_for_any_output() {
    let env = Env::example();
    for args in [
        &["--json", "list"][..],
        &["--json", "status", "--period", "2026-Q4"],
        &["--json", "tree", "--period", "2026-Q4"],
        &["list"],
        &["status", "--period", "2026-Q4"],
        &["tree", "--period", "2026-Q4"],
        &["report", "--period", "2026-Q4", "--format", "html"],
        &["history", "kr1"],
        &["schema"],
        &["man"],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["templates"],
        &["changes"],
        &["teams"],
        &["settings"],
        &["--help"],
    ] {
        let output = into_closed_pipe(&env, args);
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn an_output_that_cannot_be_written_is_one_clear_error() {
    let env = Env::example();
    let full = || {
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for args in [
        &["--json", "status", "--period", "2026-Q4"][..],
        &["status", "--period", "2026-Q4"],
        &["report", "--period", "2026-Q4", "--format", "html"],
        &["schema"],
        &["man"],
        &["completions", "bash"],
        &["changes"],
    ] {
        let output = okr()
            .current_dir(env.dir.path())
            .args(args)
            .stdout(full())
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "error: cannot write the output: No space left on device (os error 28)\n",
            "{args:?}"
        );
        assert_eq!(output.status.code(), Some(1), "{args:?}");
    }
}

#[test]
fn leftover_report_temp_files_are_removed_by_the_next_report() {
    let env = Env::cascade();
    let orphan = env.dir.path().join(".q4.html.abcdefgh.tmp");
    fs::write(&orphan, "half a report").unwrap();
    env.ok(&["report", "-o", "q4.html"]);
    assert!(
        !orphan.exists(),
        "a killed writer's temp file is cleaned up"
    );
    assert!(
        fs::read_to_string(env.dir.path().join("q4.html"))
            .unwrap()
            .contains("<html")
    );
}
