//! Scripts and CI: KPIs, imports, compare-and-set, annotations, locks, dry runs, schema,
//! completions, man page and format upgrades.

use crate::harness::Env;
use serde_json::Value;
use similar_asserts::assert_eq;
use std::fs;

#[test]
fn dry_runs_change_nothing() {
    let env = Env::cascade();
    fs::write(env.dir.path().join("rows.csv"), "kr,value\nkr1,1300\n").unwrap();
    let before = env.bytes();
    let (code, stdout, stderr) = env.run(&["import", "rows.csv", "--dry-run"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        "would import 1 check-in and 0 KPI values (0 check-ins from KPIs); 0 rows already present\n"
    );
    assert_eq!(stderr, "dry run: okrs.json was not changed\n");
    let (_, stdout, stderr) =
        env.run(&["add", "objective", "Maybe", "--team", "social", "--dry-run"]);
    let id = stdout.trim_end();
    assert!(crate::add::generated(id, "o"), "{stdout}");
    assert_eq!(
        stderr,
        format!("dry run: okrs.json was not changed\n{id}: team social, 2026-Q4\n")
    );
    for args in [
        &["progress", "kr1", "1900", "--dry-run"][..],
        &["edit", "o1", "--title", "New", "--dry-run"],
        &["rm", "o3", "--dry-run"],
        &["close", "2026-Q4", "--early", "--dry-run"],
        &["carry", "o1", "--to", "2027-Q1", "--dry-run"],
        &["kpi", "add", "x", "--dry-run"],
        &["report", "-o", "r.html", "--dry-run"],
    ] {
        let (code, _, stderr) = env.run(args);
        assert_eq!(code, Some(0), "{args:?}");
        assert!(stderr.starts_with("dry run: "), "{args:?}: {stderr}");
    }
    assert_eq!(env.bytes(), before);
    assert!(!env.dir.path().join("r.html").exists());
    let fresh = Env::empty();
    let (_, _, stderr) = fresh.run(&["init", "--dry-run"]);
    assert_eq!(stderr, "dry run: okrs.json was not created\n");
    assert!(!fresh.path().exists());
}

#[test]
fn if_current_refuses_a_stale_update() {
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1300"]);
    assert_eq!(
        env.fail(&["progress", "kr1", "1500", "--if-current", "1200"]),
        "key result `kr1` is at 1300, not 1200; someone else updated it, so re-read and retry"
    );
    env.ok(&["progress", "kr1", "1500", "--if-current", "1300"]);
    assert_eq!(
        env.json()["objectives"][0]["key_results"][0]["checkins"][1]["value"],
        1500
    );
    // Without check-ins the current value is the start.
    env.ok(&["progress", "kr2", "65", "--if-current", "70"]);
}

#[test]
fn check_prints_github_annotations() {
    let env = Env::cascade();
    env.objective(&["Loose", "--team", "social", "--id", "o4"]);
    let (code, stdout, _) = env.run(&["check", "--format", "github"]);
    assert_eq!(code, Some(1));
    let line = |id: &str| {
        let needle = format!("\"id\": \"{id}\"");
        String::from_utf8(env.bytes())
            .unwrap()
            .lines()
            .position(|l| l.contains(&needle))
            .unwrap()
            + 1
    };
    assert_eq!(
        stdout,
        format!(
            "::error file=okrs.json,line={},title=okr min-krs%3A o4::o4: has 0 key results (at least 2); add one with `okr add kr o4` [see]\n\
             ::error file=okrs.json,line={},title=okr unaligned%3A o4::o4: team `social` aligns to no key result; link it with `okr align o4 KR_ID`\n",
            line("o4"),
            line("o4")
        )
        .replace(" [see]", "")
    );
    let (_, json, _) = env.run(&["check", "--format", "json"]);
    assert_eq!(serde_json::from_str::<Value>(&json).unwrap()["ok"], false);
}

#[test]
#[cfg(not(feature = "contracts"))]
#[ignore = "needs the JSON Schema validator: `cargo test --features contracts`, which .ci/run runs"]
fn the_schema_accepts_the_example_and_rejects_a_broken_file() {}

#[test]
#[cfg(feature = "contracts")]
fn the_schema_accepts_the_example_and_rejects_a_broken_file() {
    use serde_json::json;

    let env = Env::example();
    let schema: Value = serde_json::from_str(&env.ok(&["schema"])).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(
        validator.is_valid(&env.json()),
        "the example follows the schema"
    );
    let mut broken = env.json();
    broken["objectives"][0]["level"] = json!("department");
    assert!(!validator.is_valid(&broken));
    let mut extra = env.json();
    extra["objectives"][0]["owner"] = json!("someone");
    assert!(
        !validator.is_valid(&extra),
        "unknown fields are refused, as by okr"
    );
    let mut period = env.json();
    period["objectives"][0]["period"] = json!("Q4 2026");
    assert!(!validator.is_valid(&period));
}

#[test]
fn completions_and_man_page() {
    let env = Env::empty();
    for (shell, marker) in [
        ("bash", "_okr()"),
        ("zsh", "#compdef okr"),
        ("fish", "complete -c okr"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = env.ok(&["completions", shell]);
        assert!(out.contains(marker), "{shell}");
        assert!(out.contains("carry"), "{shell} completes subcommands");
    }
    let man = env.ok(&["man"]);
    assert!(man.starts_with(".ie \\n(.g .ds Aq \\(aq"), "{}", &man[..60]);
    assert!(man.contains(".TH okr 1"));
    assert!(man.contains("Exit codes: 0 ok"));
}

/// Completions offer the file's ids, periods, teams and people, not only commands and
/// options: the bash script is sourced into the real bash and asked, as bash asks it.
#[test]
fn completions_offer_ids_periods_and_names_from_the_file() {
    let env = Env::example();
    let script = env.dir.path().join("okr.bash");
    fs::write(&script, env.ok(&["completions", "bash"])).unwrap();
    let binary = assert_cmd::cargo::cargo_bin("okr");
    let ask = |words: &[&str]| -> String {
        let line = words.join(" ");
        let program = format!(
            "source {}; COMP_WORDS=({line}); COMP_CWORD={}; _okr_values okr '{}' '{}'; echo \"${{COMPREPLY[*]}}\"",
            script.display(),
            words.len() - 1,
            words[words.len() - 1],
            words[words.len() - 2],
        );
        let mut bash = std::process::Command::new("bash");
        crate::harness::isolate(&mut bash);
        let out = bash
            .args(["--norc", "-c", &program])
            .current_dir(env.dir.path())
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", binary.parent().unwrap().display()),
            )
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    assert_eq!(
        ask(&["okr", "show", "kr1"]),
        "kr1 kr10 kr11 kr12 kr13 kr14 kr15 kr16 kr17 kr18"
    );
    assert_eq!(ask(&["okr", "progress", "o"]), "o1 o2 o3 o4 o5 o6 o7 o8");
    assert_eq!(ask(&["okr", "status", "--team", "g"]), "growth");
    assert_eq!(ask(&["okr", "list", "--person", "\"\""]), "maya tom");
    assert_eq!(ask(&["okr", "report", "--period", "2026"]), "2026-Q4");
    // Commands and options still come from clap's part of the script.
    assert_eq!(ask(&["okr", "car"]), "carry");
    // zsh and fish ask the same `okr __complete`.
    let zsh = env.ok(&["completions", "zsh"]);
    assert!(zsh.contains(":id -- Id of an objective or key result:_okr_ids'"));
    assert!(zsh.contains("_okr_teams() {"));
    let fish = env.ok(&["completions", "fish"]);
    assert!(fish.contains("-l team -f -r -a \"(okr __complete teams 2>/dev/null)\""));
    // Outside any data file, nothing is offered and nothing is printed.
    let empty = Env::empty();
    assert_eq!(empty.ok(&["__complete", "ids"]), "");
}
