//! A CLI that explains itself: help that fits the terminal, the global options once under
//! their own heading, examples at the end of each command's long help, and a man page per
//! command.

use std::fs;

use crate::harness::{Env, okr};
use similar_asserts::assert_eq;

/// Every command's name, as `okr help` lists them (`kpi add` for a nested one).
fn commands() -> Vec<Vec<String>> {
    let top = help(&["--help"]);
    let mut all = Vec::new();
    for line in top
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
    {
        let name = line.split_whitespace().next().unwrap();
        if line.starts_with("  ") && !line.starts_with("   ") && name != "help" {
            all.push(vec![name.to_string()]);
        }
    }
    for parent in ["add", "kpi", "settings", "teams"] {
        let text = help(&[parent, "--help"]);
        for line in text
            .lines()
            .skip_while(|l| *l != "Commands:")
            .skip(1)
            .take_while(|l| !l.is_empty())
        {
            let name = line.split_whitespace().next().unwrap();
            if line.starts_with("  ") && !line.starts_with("   ") && name != "help" {
                all.push(vec![parent.to_string(), name.to_string()]);
            }
        }
    }
    all
}

fn help(args: &[&str]) -> String {
    let out = okr().args(args).env("COLUMNS", "80").output().unwrap();
    assert!(out.status.success(), "okr {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_help_fits_80_columns_and_long_help_ends_with_examples() {
    let commands = commands();
    assert!(commands.len() > 30, "{commands:?}");
    for text in [help(&["--help"]), help(&["-h"])] {
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    }
    for command in &commands {
        let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
        args.push("--help");
        let long = help(&args);
        assert!(
            long.lines().all(|l| l.chars().count() <= 80),
            "okr {args:?} is wider than 80:\n{long}"
        );
        // Each command has examples; a group's members (`okr kpi add`) share the group's.
        if command.len() == 1 {
            let examples = long.rsplit("Examples:\n").next().unwrap();
            assert!(
                long.contains("\nExamples:\n") && examples.lines().all(|l| l.starts_with("  ")),
                "okr {args:?} ends with examples:\n{long}"
            );
        }
        args.pop();
        args.push("-h");
        let short = help(&args);
        assert!(short.lines().all(|l| l.chars().count() <= 80), "{short}");
        // The global options are listed once, under their own heading.
        assert_eq!(short.matches("--file <PATH>").count(), 1, "{short}");
        assert!(short.contains("\nGlobal options:\n"), "{short}");
    }
    let show = help(&["show", "-h"]);
    assert!(show.lines().count() <= 20, "{show}");
}

#[test]
fn man_writes_the_top_page_and_one_per_command() {
    let env = Env::empty();
    let top = env.ok(&["man"]);
    assert!(
        top.starts_with(".ie \\n(.g .ds Aq \\(aq") || top.contains(".TH okr"),
        "{top}"
    );
    let dir = env.dir.path().join("man");
    let said = env.ok(&["man", "--dir", "man"]);
    let mut written: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert!(
        said.starts_with(&format!(
            "wrote {} man pages into man: okr.1, ",
            written.len()
        )),
        "{said}"
    );
    // The top page names each command's page, and each named page exists.
    let page = fs::read_to_string(dir.join("okr.1")).unwrap();
    for command in commands().iter().filter(|c| c.len() == 1) {
        let name = format!("okr-{}.1", command[0]);
        assert!(written.contains(&name), "{name} in {written:?}");
        assert!(
            page.contains(&format!("okr\\-{}(1)", command[0].replace('-', "\\-"))),
            "okr-{}(1) named",
            command[0]
        );
    }
    assert!(
        written.contains(&"okr-kpi-add.1".to_string()),
        "{written:?}"
    );
    let show = fs::read_to_string(dir.join("okr-show.1")).unwrap();
    assert!(show.contains("Examples:"), "{show}");
    // A folder that cannot be made is one clear error.
    fs::write(env.dir.path().join("file"), "").unwrap();
    let message = env.fail(&["man", "--dir", "file/man"]);
    assert!(
        message.starts_with("cannot write the man pages into `file/man`: ")
            && message.ends_with("; give a folder you can write to"),
        "{message}"
    );
}
