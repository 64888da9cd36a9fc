//! The README's examples are run, so that they stay true.

use std::fs;
use std::path::Path;

use crate::harness::Env;
use similar_asserts::assert_eq;

fn readme() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The text of the first fenced block opened by `fence` after `heading`.
fn block_after(text: &str, heading: &str, fence: &str) -> String {
    let from = text
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?}"));
    let rest = &text[from..];
    let start = rest.find(fence).unwrap() + fence.len() + 1;
    let end = rest[start..].find("```").unwrap();
    rest[start..start + end].to_string()
}

#[test]
fn the_quick_start_session_runs_as_shown() {
    let session = block_after(&readme(), "## Quick start", "```console");
    let env = Env::empty();
    let mut steps = 0;
    for step in session.split("$ ").skip(1) {
        let (command, expected) = step.split_once('\n').unwrap();
        let words = shell_words::split(command).unwrap();
        assert_eq!(words[0], "okr", "{command}");
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        assert_eq!(env.ok(&args), expected, "output of `{command}`");
        steps += 1;
    }
    assert_eq!(steps, 13, "every command of the session was run");
}

#[test]
fn the_mid_quarter_table_is_the_example_on_that_day() {
    let shown = block_after(&readme(), "At mid-quarter", "```text");
    let env = Env::example();
    let out = env
        .cmd(&["status"])
        .env("OKR_TODAY", "2026-11-15")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), shown);
}
