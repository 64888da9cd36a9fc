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
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), shown);
}

/// Every place the docs name as proof (`src/x.rs`, `tests/cli/x.rs: test_name`, or
/// `name_*` for a family) exists: moving a file or renaming a test breaks this first.
#[test]
fn the_files_and_tests_the_docs_cite_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cited = 0;
    for doc in [
        "README.md",
        "docs/scoring.md",
        "docs/json.md",
        "docs/performance.md",
    ] {
        let text = fs::read_to_string(root.join(doc)).unwrap();
        for (at, _) in text
            .match_indices("src/")
            .chain(text.match_indices("tests/cli/"))
        {
            if at > 0 && text.as_bytes()[at - 1].is_ascii_alphanumeric()
                || text[..at].ends_with('/')
            {
                continue;
            }
            let rest = &text[at..];
            let Some(end) = rest.find(".rs") else {
                continue;
            };
            let path = &rest[..end + 3];
            if path.contains(char::is_whitespace) || path.contains('`') {
                continue;
            }
            let source = fs::read_to_string(root.join(path))
                .unwrap_or_else(|_| panic!("{doc} cites {path}, which does not exist"));
            cited += 1;
            if let Some(test) = rest[end + 3..].strip_prefix(": ") {
                let name: String = test
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '*')
                    .collect();
                let prefix = name.trim_end_matches('*');
                let exact = !name.ends_with('*');
                let found = source.lines().any(|line| {
                    let line = line.trim_start();
                    line.strip_prefix("fn ")
                        .or_else(|| line.strip_prefix("pub fn "))
                        .is_some_and(|f| {
                            let f: String = f
                                .chars()
                                .take_while(|c| c.is_alphanumeric() || *c == '_')
                                .collect();
                            if exact {
                                f == prefix
                            } else {
                                f.starts_with(prefix)
                            }
                        })
                });
                assert!(found, "{doc} cites {path}: {name}, which is not there");
            }
        }
    }
    assert!(cited > 10, "the docs cite {cited} files");
}
