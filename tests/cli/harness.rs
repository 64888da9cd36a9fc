//! A small harness: a temporary directory, the real `okr` binary, today fixed, colour off.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use similar_asserts::assert_eq;
use tempfile::TempDir;

/// The day every test runs on: a Monday in the second half of 2026-Q4.
pub const TODAY: &str = "2026-11-23";

/// The environment variables okr (or the git it runs) reads: cleared for every test, so that a
/// developer's own `OKR_FILE` or `GIT_DIR` can never make a test pass against another file.
const READ_BY_OKR: [&str; 9] = [
    "OKR_FILE",
    "OKR_TODAY",
    "OKR_ID_SEED",
    "OKR_USER",
    "COLUMNS",
    "CLICOLOR_FORCE",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
];

/// The real `okr` binary with the environment okr reads cleared, then today fixed and
/// colour off. Every test runs okr through this (or [`Env::cmd`], which uses it).
pub fn okr() -> std::process::Command {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("okr"));
    isolate(&mut command);
    command
}

/// Clears the environment okr reads on `command` (which may run okr through another
/// program, such as `setpriv`), then fixes today and turns colour off.
pub fn isolate(command: &mut std::process::Command) {
    for name in READ_BY_OKR {
        command.env_remove(name);
    }
    command.env("OKR_TODAY", TODAY).env("NO_COLOR", "1");
}

/// A scratch directory with an optional `okrs.json`.
pub struct Env {
    pub dir: TempDir,
}

impl Env {
    /// An empty directory.
    pub fn empty() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A directory after `okr init`.
    pub fn new() -> Env {
        let env = Env::empty();
        env.ok(&["init"]);
        env
    }

    /// A directory holding the bundled example as `okrs.json`.
    pub fn example() -> Env {
        let env = Env::empty();
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/marketing.json");
        fs::copy(example, env.path()).expect("copy example");
        env
    }

    /// A directory whose `okrs.json` holds exactly `content`.
    pub fn with_file(content: &str) -> Env {
        let env = Env::empty();
        fs::write(env.path(), content).expect("write file");
        env
    }

    /// The data file.
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("okrs.json")
    }

    /// The data file's bytes (empty when it does not exist).
    pub fn bytes(&self) -> Vec<u8> {
        fs::read(self.path()).unwrap_or_default()
    }

    /// The data file as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes()).expect("data file is JSON")
    }

    /// Rewrites the data file by hand (as a person with an editor would), through its JSON.
    pub fn edit_file(&self, edit: impl FnOnce(&mut serde_json::Value)) {
        let mut file = self.json();
        edit(&mut file);
        let text = serde_json::to_string_pretty(&file).expect("JSON");
        fs::write(self.path(), text).expect("write file");
    }

    /// `okr ARGS` in the directory, with today fixed and colour off.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut std = okr();
        std.current_dir(self.dir.path())
            // Generated ids are random; the same every run, for exact assertions.
            .env("OKR_ID_SEED", "1")
            .env("COLUMNS", "200")
            .args(args);
        Command::from_std(std)
    }

    /// Runs `okr ARGS` as if today were `day`, asserts exit 0, returns stdout.
    pub fn ok_on(&self, day: &str, args: &[&str]) -> String {
        let out = self
            .cmd(args)
            .env("OKR_TODAY", day)
            .output()
            .expect("run okr");
        assert!(
            out.status.success(),
            "okr {args:?} on {day}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs `okr ARGS`, asserts exit 0 and a quiet stderr, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.cmd(args).output().expect("run okr");
        let stdout = String::from_utf8(output.stdout).expect("utf-8 stdout");
        let stderr = String::from_utf8(output.stderr).expect("utf-8 stderr");
        assert!(
            output.status.success(),
            "okr {args:?} failed with {:?}\nstderr: {stderr}\nstdout: {stdout}",
            output.status.code()
        );
        // `add objective` says whose objective it added and for when, on stderr.
        let adds_objective = args.windows(2).any(|w| w == ["add", "objective"]);
        let note = if adds_objective {
            stderr.lines().count() <= 1 && stderr.lines().all(|l| l.contains(": "))
        } else {
            stderr.is_empty()
        };
        assert!(note, "okr {args:?} wrote to stderr: {stderr}");
        stdout
    }

    /// Runs `okr ARGS`, asserts exit 1, nothing on stdout, one line on stderr and the data
    /// file byte-for-byte unchanged; returns that line without `error: ` and the newline.
    pub fn fail(&self, args: &[&str]) -> String {
        let before = self.bytes();
        let output = self.cmd(args).output().expect("run okr");
        let stdout = String::from_utf8(output.stdout).expect("utf-8 stdout");
        let stderr = String::from_utf8(output.stderr).expect("utf-8 stderr");
        assert_eq!(
            output.status.code(),
            Some(1),
            "okr {args:?} should fail with 1\nstderr: {stderr}\nstdout: {stdout}"
        );
        assert_eq!(stdout, "", "okr {args:?} wrote to stdout on failure");
        assert_eq!(stderr.lines().count(), 1, "not one line: {stderr:?}");
        assert_eq!(self.bytes(), before, "okr {args:?} changed the data file");
        stderr
            .strip_prefix("error: ")
            .unwrap_or_else(|| panic!("no `error: ` prefix: {stderr:?}"))
            .trim_end_matches('\n')
            .to_string()
    }

    /// Runs `okr ARGS` and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let output = self.cmd(args).output().expect("run okr");
        (
            output.status.code(),
            String::from_utf8(output.stdout).expect("utf-8 stdout"),
            String::from_utf8(output.stderr).expect("utf-8 stderr"),
        )
    }

    /// Adds an objective and returns its id.
    pub fn objective(&self, args: &[&str]) -> String {
        let mut full = vec!["add", "objective"];
        full.extend_from_slice(args);
        self.ok(&full).trim_end().to_string()
    }

    /// Adds a key result and returns its id.
    pub fn kr(&self, objective: &str, title: &str, args: &[&str]) -> String {
        let mut full = vec!["add", "kr", objective, title];
        full.extend_from_slice(args);
        self.ok(&full).trim_end().to_string()
    }

    /// A company objective `o1` (kr1, kr2), a growth team objective `o2` aligned to kr1
    /// (kr3, kr4) and an individual objective `o3` of ana in growth aligned to kr3 (kr5, kr6).
    pub fn cascade() -> Env {
        let env = Env::new();
        env.objective(&["Be known for great coffee", "--id", "o1"]);
        env.kr(
            "o1",
            "Organic visitors",
            &["--start", "1000", "--target", "2000", "--id", "kr1"],
        );
        env.kr(
            "o1",
            "Cart abandonment",
            &[
                "--start", "70", "--target", "60", "--unit", "%", "--id", "kr2",
            ],
        );
        env.objective(&[
            "Win search",
            "--team",
            "growth",
            "--aligns",
            "kr1",
            "--id",
            "o2",
        ]);
        env.kr(
            "o2",
            "Guides in the top 3",
            &["--target", "10", "--id", "kr3"],
        );
        env.kr("o2", "Backlinks", &["--target", "50", "--id", "kr4"]);
        env.objective(&[
            "Write guides people share",
            "--person",
            "ana",
            "--team",
            "growth",
            "--aligns",
            "kr3",
            "--id",
            "o3",
        ]);
        env.kr("o3", "Shares per guide", &["--target", "40", "--id", "kr5"]);
        env.kr(
            "o3",
            "Partner retailer signed",
            &["--target", "1", "--id", "kr6"],
        );
        env
    }
}

/// The key result `id` of a `status --json` (or report) view.
pub fn key_result(view: &serde_json::Value, id: &str) -> serde_json::Value {
    view["objectives"]
        .as_array()
        .expect("objectives")
        .iter()
        .flat_map(|o| o["key_results"].as_array().expect("key results"))
        .find(|k| k["id"] == id)
        .unwrap_or_else(|| panic!("no key result {id}"))
        .clone()
}
