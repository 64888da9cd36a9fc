use std::fs;

use crate::harness::Env;
use similar_asserts::assert_eq;

#[test]
fn init_creates_an_empty_file_with_default_limits() {
    let env = Env::empty();
    assert_eq!(
        env.ok(&["init"]),
        "created okrs.json (at most 2 objectives per owner and period, 2 to 4 key results each)\n"
    );
    assert_eq!(
        String::from_utf8(env.bytes()).unwrap(),
        r#"{
  "version": 3,
  "settings": {
    "max_objectives": 2,
    "min_krs": 2,
    "max_krs": 4
  },
  "objectives": []
}
"#
    );
}

#[test]
fn init_takes_limits_and_json() {
    let env = Env::empty();
    let out = env.ok(&[
        "init",
        "--max-objectives",
        "3",
        "--min-krs",
        "1",
        "--max-krs",
        "5",
        "--json",
    ]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap(),
        serde_json::json!({"file": "okrs.json", "settings": {"max_objectives": 3, "min_krs": 1, "max_krs": 5}})
    );
    assert_eq!(env.json()["settings"]["max_krs"], 5);
}

#[test]
fn init_refuses_to_overwrite() {
    let env = Env::new();
    env.objective(&["Keep me"]);
    assert_eq!(
        env.fail(&["init"]),
        "`okrs.json` already exists; edit it with `okr add`, or remove it first to start over"
    );
}

#[test]
fn init_refuses_contradicting_limits() {
    let env = Env::empty();
    assert_eq!(
        env.fail(&["init", "--min-krs", "5", "--max-krs", "4"]),
        "invalid limits: `min_krs` (5) is above `max_krs` (4); lower the minimum or raise the maximum"
    );
    assert_eq!(
        env.fail(&["init", "--max-objectives", "0"]),
        "invalid limits: `max_objectives` is 0; allow at least 1"
    );
    assert!(!env.path().exists());
}

#[test]
fn a_missing_file_says_to_run_init() {
    let env = Env::empty();
    let message = env.fail(&["status"]);
    let dir = env.dir.path().display().to_string();
    assert_eq!(
        message.replace(&dir, "DIR"),
        "no `okrs.json` found in `DIR` or its parents; run `okr init` to create one, or pass `--file PATH`"
    );
    assert_eq!(
        env.fail(&["--file", "nope.json", "list"]),
        "`nope.json` does not exist; run `okr init --file nope.json` to create it, or check the path"
    );
}

#[test]
fn the_file_is_found_from_a_subdirectory_like_git() {
    let env = Env::new();
    env.objective(&["Found from below", "--id", "deep"]);
    let sub = env.dir.path().join("campaigns/2026");
    fs::create_dir_all(&sub).unwrap();
    let out = env.cmd(&["list"]).current_dir(&sub).output().unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("\ncompany\ndeep  2026-Q4  aspirational")
    );
}

#[test]
fn file_flag_and_okr_file_env_choose_the_file() {
    let env = Env::empty();
    env.ok(&["--file", "team.json", "init"]);
    env.ok(&["--file", "team.json", "add", "objective", "From the flag"]);
    let out = env
        .cmd(&["list", "--json"])
        .env("OKR_FILE", "team.json")
        .output()
        .unwrap();
    let view: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(view["objectives"][0]["title"], "From the flag");
    assert!(!env.path().exists(), "no okrs.json was created");
}

#[test]
fn init_checks_each_policy_option_as_settings_set_does_before_writing() {
    let env = Env::empty();
    for (option, value, why) in [
        ("--stale-days", "0", "give a whole number from 1 to 3660"),
        (
            "--aspirational-pace",
            "2",
            "give a fraction from 0 to 1, e.g. 0.7",
        ),
        (
            "--number-format",
            "1'234.5",
            "give `1,234.5` (a point before the decimals) or `1.234,5`",
        ),
    ] {
        let key = option.trim_start_matches("--").replace('-', "_");
        assert_eq!(
            env.fail(&["init", option, value]),
            format!("setting `{key}` cannot be `{value}`; {why}")
        );
        assert!(!env.path().exists());
    }
    env.ok(&["init", "--number-format", "1.234,5", "--stale-days", "21"]);
    assert_eq!(env.json()["settings"]["number_format"], "1.234,5");
}

/// With no data file up the tree, the error points at the one that may be meant: a file here
/// named like it, or an `okrs.json` one or two folders below (hidden folders are skipped);
/// otherwise it invites `okr init`. Nothing is created.
#[test]
fn a_missing_file_points_at_the_one_nearby() {
    let env = Env::empty();
    let root = env.dir.path();
    let message = |env: &Env| env.fail(&["status"]);
    assert!(
        message(&env)
            .ends_with("or its parents; run `okr init` to create one, or pass `--file PATH`")
    );
    fs::create_dir_all(root.join(".cache/x")).unwrap();
    fs::write(root.join(".cache/x/okrs.json"), "{}").unwrap();
    assert!(
        message(&env).contains("run `okr init`"),
        "hidden folders are not looked in"
    );
    fs::create_dir_all(root.join("marketing/2026")).unwrap();
    fs::write(root.join("marketing/2026/okrs.json"), "{}").unwrap();
    assert!(message(&env).ends_with(
        "or its parents, but there is `marketing/2026/okrs.json` below; pass `--file marketing/2026/okrs.json` or run okr from its folder"
    ));
    fs::write(root.join("OKR.json"), "{}").unwrap();
    assert!(message(&env).ends_with(
        "or its parents, but `OKR.json` here looks like one; pass `--file OKR.json` or rename it to `okrs.json`"
    ));
    assert!(!root.join("okrs.json").exists());
}
