//! Never lose data: concurrent writers, writers killed mid-save, file-system faults and a
//! corpus of hostile files.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

use crate::harness::{Env, TODAY, isolate, okr};
use similar_asserts::assert_eq;

fn kr1_values(env: &Env) -> Vec<i64> {
    let file = env.json();
    let mut values: Vec<i64> = file["objectives"][0]["key_results"][0]["checkins"]
        .as_array()
        .map(|c| c.iter().map(|c| c["value"].as_i64().unwrap()).collect())
        .unwrap_or_default();
    values.sort_unstable();
    values
}

/// A file big enough that saving it takes a few milliseconds, so kills land mid-write.
fn busy_env() -> Env {
    let env = Env::cascade();
    let mut rows = String::from("kr,value,date,note\n");
    for i in 0..4000 {
        rows.push_str(&format!(
            "kr3,{},2026-10-{:02},padding note number {i}\n",
            i % 10,
            i % 28 + 1
        ));
    }
    fs::write(env.dir.path().join("rows.csv"), rows).unwrap();
    env.ok(&["import", "rows.csv"]);
    env
}

#[test]
fn writers_killed_at_random_moments_leave_the_old_or_the_new_file() {
    let env = busy_env();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut random = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // Kill anywhere from the start to a little past the end of a typical save. The window
    // adapts as runs go, so that a busy or idle machine still sees both outcomes often.
    let started = std::time::Instant::now();
    env.ok(&["progress", "kr2", "66"]);
    let mut window = (started.elapsed().as_micros() as u64 * 3 / 2).max(1_000);
    let mut expected = kr1_values(&env);
    let initial = expected.len();
    let (mut completed, mut killed) = (0, 0);
    let runs: i64 = std::env::var("OKR_CRASH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    for run in 0..runs {
        let value = 1_000_000 + run;
        let mut child = okr()
            .current_dir(env.dir.path())
            .args([
                "progress",
                "kr1",
                &value.to_string(),
                "--date",
                "2026-11-02",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        thread::sleep(Duration::from_micros(random() % window));
        let _ = child.kill(); // SIGKILL: no destructor runs, no clean-up
        let status = child.wait().unwrap();
        let now = kr1_values(&env); // panics if the file does not parse
        if now.contains(&value) {
            expected.push(value);
            expected.sort_unstable();
        }
        assert_eq!(
            now, expected,
            "run {run}: neither the old nor the new state"
        );
        if status.success() {
            completed += 1;
            window = (window * 19 / 20).max(200);
        } else {
            killed += 1;
            window = window * 21 / 20 + 1;
        }
    }
    // How many kills landed mid-write depends on the machine: it is told, not asserted.
    eprintln!("{killed} killed, {completed} completed");
    // Whatever the kills left in the journal, undo takes back saved changes only, newest
    // first, and never blames "something else" for okr's own writes.
    let saved = kr1_values(&env).len() - initial;
    for step in 0..saved.min(10) {
        let before = kr1_values(&env);
        let (code, _, stderr) = env.run(&["undo"]);
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "undo {step}");
        let after = kr1_values(&env);
        assert!(
            after.len() + 1 == before.len() && after.iter().all(|v| before.contains(v)),
            "undo {step} took back exactly one saved check-in: {before:?} -> {after:?}"
        );
    }
    // The next write removes what killed writers left behind.
    env.ok(&["progress", "kr2", "65"]);
    let names = |dir: &Path| -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let orphans: Vec<_> = names(env.dir.path())
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(orphans, Vec::<String>::new());
    // The journal holds its steps and nothing else, within its bound.
    let journal = env.dir.path().join(".okrs.json.undo");
    let litter: Vec<_> = names(&journal)
        .into_iter()
        .filter(|n| !n.ends_with(".step"))
        .collect();
    assert_eq!(litter, Vec::<String>::new());
    let size: u64 = fs::read_dir(&journal)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    assert!(
        size <= (2 * env.bytes().len() as u64).max(1 << 20),
        "journal of {size} bytes"
    );
}

/// Runs `okr ARGS` as the unprivileged user `nobody` when the tests run as root (root ignores
/// file permissions); `None` where that is not possible here.
fn as_nobody(env: &Env, args: &[&str]) -> Option<(Option<i32>, String)> {
    let root = Command::new("id").arg("-u").output().ok()?.stdout == b"0\n";
    let mut command = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        c.arg(assert_cmd::cargo::cargo_bin("okr"));
        isolate(&mut c);
        c
    } else {
        okr()
    };
    let output = command
        .current_dir(env.dir.path())
        .args(args)
        .output()
        .ok()?;
    if root && output.status.code() == Some(127) {
        return None;
    }
    Some((
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ))
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
#[ignore = "needs `setpriv` to drop root's privileges; .ci/run runs it where that works"]
fn a_read_only_directory_or_file_is_a_clear_error() {
    let env = Env::cascade();
    fs::remove_file(env.dir.path().join(".okrs.json.lock")).ok();
    let before = env.bytes();
    chmod(env.dir.path(), 0o555);
    let (code, stderr) = as_nobody(&env, &["progress", "kr1", "1500"])
        .expect("cannot drop privileges here: run this test only where `setpriv` works");
    chmod(env.dir.path(), 0o777);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        format!(
            "error: cannot lock `{}`: Permission denied (os error 13)\n",
            env.dir.path().join(".okrs.json.lock").display()
        )
        .replace(&format!("{}/", env.dir.path().display()), "")
    );
    assert_eq!(env.bytes(), before);
    // A writable directory but a read-only file: refused, not renamed over.
    chmod(&env.path(), 0o444);
    let (code, stderr) = as_nobody(&env, &["progress", "kr1", "1500"]).unwrap();
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "error: `okrs.json` is read-only; make it writable (chmod u+w) to change it\n"
    );
    assert_eq!(env.bytes(), before);
    // Reading still works.
    let (code, _) = as_nobody(&env, &["status"]).unwrap();
    assert_eq!(code, Some(0));
    // A writable file whose undo journal belongs to someone else: the change is saved, and
    // the warning says it cannot be undone.
    chmod(&env.path(), 0o666);
    let (code, stderr) = as_nobody(&env, &["progress", "kr1", "1500"]).unwrap();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.starts_with("warning: cannot write `")
            && stderr.ends_with("the change is saved, but `okr undo` cannot take it back\n"),
        "{stderr}"
    );
    assert_ne!(env.bytes(), before);
}

#[test]
#[ignore = "needs a private mount namespace (`unshare -rm`); .ci/run runs it where that works"]
fn a_full_disk_leaves_the_original_intact() {
    let env = busy_env();
    let okr = assert_cmd::cargo::cargo_bin("okr");
    let original = env.path();
    // A private 64 KiB tmpfs, filled so that the new file cannot be written.
    let script = format!(
        "set -e; mkdir -p mnt; mount -t tmpfs -o size=1m tmpfs mnt; cp '{file}' mnt/okrs.json; \
         dd if=/dev/zero of=mnt/filler bs=4k 2>/dev/null || true; \
         code=0; OKR_TODAY={TODAY} '{okr}' --file mnt/okrs.json progress kr1 1500 2>err.txt || code=$?; echo $code > code.txt; \
         cmp -s '{file}' mnt/okrs.json && echo same > cmp.txt; ls -a mnt > files.txt",
        file = original.display(),
        okr = okr.display()
    );
    let mut unshare = Command::new("unshare");
    isolate(&mut unshare);
    let status = unshare
        .args(["-rm", "sh", "-c", &script])
        .current_dir(env.dir.path())
        .status();
    assert!(
        matches!(status, Ok(s) if s.success()),
        "no private mount namespace here: run this test only where `unshare -rm` works"
    );
    let read = |name: &str| fs::read_to_string(env.dir.path().join(name)).unwrap_or_default();
    assert_eq!(read("code.txt"), "1\n");
    assert_eq!(
        read("err.txt"),
        "error: cannot write `mnt/okrs.json`: No space left on device (os error 28)\n"
    );
    assert_eq!(
        read("cmp.txt"),
        "same\n",
        "the original is byte-for-byte intact"
    );
    assert!(
        !read("files.txt").contains(".tmp"),
        "no temporary file left: {}",
        read("files.txt")
    );
}

#[test]
fn a_dangling_symlink_is_a_clear_error() {
    let env = Env::empty();
    std::os::unix::fs::symlink("gone.json", env.path()).unwrap();
    assert_eq!(
        env.fail(&["--file", "okrs.json", "status"]),
        "`okrs.json` does not exist; run `okr init --file okrs.json` to create it, or check the path"
    );
    assert_eq!(
        env.fail(&["status"]).split(" found in ").next().unwrap(),
        "no `okrs.json`"
    );
}

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");

fn corpus_env(content: &[u8]) -> Env {
    let env = Env::empty();
    fs::write(env.path(), content).unwrap();
    env
}

#[test]
fn hostile_files_give_a_clear_error_and_stay_untouched() {
    let invalid = "`okrs.json` is not a valid okr data file: ";
    let fix = "; fix it or restore it from version control";
    let cases = [
        (
            "truncated.json",
            "EOF while parsing a value at line 22 column 8",
        ),
        ("empty.json", "EOF while parsing a value at line 1 column 0"),
        (
            "whitespace.json",
            "EOF while parsing a value at line 3 column 0",
        ),
        (
            "wrong_types.json",
            "invalid type: string \"zero\", expected f64 at line 23 column 25",
        ),
        (
            "duplicate_ids.json",
            "id `kr1` is used twice; rename one of them",
        ),
        (
            "number_too_big.json",
            "number out of range at line 24 column 25",
        ),
        ("nan_literal.json", "expected value at line 24 column 21"),
        (
            "invalid_utf8.json",
            "invalid unicode code point at line 22 column 22",
        ),
        ("null_fields.json", "expected value at line 18 column 15"),
        (
            "foreign.json",
            "it has no `version` field, so it was not written by okr",
        ),
        (
            "control_chars.json",
            "the title of `kr1` contains the control character U+0000; remove it (line breaks are allowed in descriptions only)",
        ),
        (
            "invisible_in_team.json",
            "the team of `o2` contains the invisible character U+200B (a bidi control or a zero-width character), which makes it look like another name; remove it",
        ),
        (
            "setting_out_of_range.json",
            "setting `max_objectives` cannot be `5000`; give a whole number from 1 to 1000",
        ),
    ];
    for (name, detail) in cases {
        let env = corpus_env(&fs::read(Path::new(CORPUS).join(name)).unwrap());
        assert_eq!(
            env.fail(&["status"]),
            format!("{invalid}{detail}{fix}"),
            "{name}"
        );
        assert_eq!(
            env.fail(&["progress", "kr1", "5"]),
            format!("{invalid}{detail}{fix}"),
            "{name}"
        );
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let env = corpus_env(deep.as_bytes());
    assert_eq!(
        env.fail(&["status"]),
        format!(
            "{invalid}the top level is not an object with `version`, `settings` and `objectives`{fix}"
        )
    );
    let env = corpus_env(
        format!(
            "{{\"version\": 2, \"settings\": {}}}",
            "{\"a\":".repeat(10_000)
        )
        .as_bytes(),
    );
    // Deep nesting stops at the first field okr does not know, without exhausting the stack.
    assert_eq!(
        env.fail(&["status"]),
        format!(
            "{invalid}unknown field `a`, expected one of `max_objectives`, `min_krs`, `max_krs`, `aspirational_pace`, `on_track_gap`, `at_risk_gap`, `zero_off_track_after`, `green_from`, `yellow_from`, `stale_days`, `checkin_days`, `confidence_drop`, `objective_status`, `number_format` at line 1 column 31{fix}"
        )
    );
}

#[test]
fn odd_but_valid_files_load_and_save() {
    for name in [
        "bom.json",
        "crlf.json",
        "negative_zero.json",
        "alignment_cycle.json",
    ] {
        let env = corpus_env(&fs::read(Path::new(CORPUS).join(name)).unwrap());
        env.ok(&["status"]);
        env.ok(&["tree"]);
        env.ok(&["report", "--format", "html"]);
        env.ok(&["progress", "kr1", "6"]);
        let saved = String::from_utf8(env.bytes()).unwrap();
        assert!(
            !saved.starts_with('\u{feff}') && !saved.contains('\r'),
            "{name} is saved clean"
        );
    }
    // A cycle between two team objectives is reported, never followed.
    let env = corpus_env(&fs::read(Path::new(CORPUS).join("alignment_cycle.json")).unwrap());
    let (code, stdout, _) = env.run(&["check"]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout.matches("[cascade]").count(), 2, "{stdout}");
    // A five-megabyte title is just a long title.
    let huge = fs::read_to_string(Path::new(CORPUS).join("crlf.json"))
        .unwrap()
        .replace(
            "\"title\": \"A\"",
            &format!("\"title\": \"{}\"", "x".repeat(5_000_000)),
        );
    let env = corpus_env(huge.as_bytes());
    // Tables clip it (wrapping megabytes would take minutes); JSON keeps it whole.
    let list = env.ok(&["list"]);
    // The title is shortened with an ellipsis to fit the 200 columns the tests use.
    assert!(
        list.len() < 2_000 && list.lines().all(|l| l.chars().count() <= 200) && list.contains("x…"),
        "{list}"
    );
    // Without a width, a cell still shows at most 300 characters.
    let wide = env.ok(&["list", "--wide"]);
    assert_eq!(wide.matches('x').count(), 297, "{wide}");
    let status = env.ok(&["status"]);
    assert!(
        status.len() < 3_000 && status.lines().all(|l| l.chars().count() <= 200),
        "{status}"
    );
    env.ok(&["report"]);
    assert!(env.ok(&["list", "--json"]).len() > 5_000_000);
}
