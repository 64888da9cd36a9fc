//! The data file's safety: locking, atomic replacement, symlinks, permissions.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};

use crate::harness::Env;
use similar_asserts::assert_eq;

fn leftovers(env: &Env) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn saves_leave_only_the_file_its_lock_and_the_undo_journal() {
    let env = Env::cascade();
    env.fail(&["progress", "kr1", "oops"]);
    env.fail(&["add", "kr", "o1", "Fifth", "--target", "0", "--start", "0"]);
    assert_eq!(
        leftovers(&env),
        [".okrs.json.lock", ".okrs.json.undo", "okrs.json"]
    );
}

#[test]
fn a_command_that_changes_nothing_does_not_rewrite_the_file() {
    let env = Env::cascade();
    let before = fs::metadata(env.path()).unwrap().ino();
    env.ok(&["align", "o2", "kr1"]);
    env.ok(&["status"]);
    assert_eq!(fs::metadata(env.path()).unwrap().ino(), before);
    env.ok(&["align", "o2", "kr2"]);
    assert_ne!(
        fs::metadata(env.path()).unwrap().ino(),
        before,
        "a change replaces the file"
    );
}

#[test]
fn a_symlinked_file_stays_a_symlink_and_keeps_its_permissions() {
    let env = Env::empty();
    let real = env.dir.path().join("shared");
    fs::create_dir(&real).unwrap();
    env.ok(&["init", "--file", "shared/team.json"]);
    let target = real.join("team.json");
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    symlink(&target, env.path()).unwrap();
    env.objective(&["Through the link"]);
    let link = fs::symlink_metadata(env.path()).unwrap();
    assert!(link.file_type().is_symlink());
    let meta = fs::metadata(&target).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    let content: serde_json::Value = serde_json::from_slice(&fs::read(&target).unwrap()).unwrap();
    assert_eq!(content["objectives"][0]["title"], "Through the link");
}

#[test]
fn a_directory_in_place_of_the_file_is_a_clear_error() {
    let env = Env::empty();
    fs::create_dir(env.dir.path().join("okrs.json")).unwrap();
    let message = env.fail(&["--file", "okrs.json", "status"]);
    assert_eq!(
        message,
        "`okrs.json` is a directory, not a regular file; point `--file` at an okrs.json file"
    );
}

#[test]
fn a_value_is_written_back_digit_for_digit() {
    // The release binary once read the last digit of such values wrong, and so changed a
    // check-in on every unrelated write (the parser's exact mode came from a test-only crate).
    let env = Env::example();
    let values = [
        "-945093.2362029041",
        "0.30000000000000004",
        "123456.78901234567",
    ];
    env.edit_file(|file| {
        for (i, v) in values.iter().enumerate() {
            file["objectives"][0]["key_results"][0]["checkins"][i]["value"] =
                serde_json::from_str(v).unwrap();
        }
    });
    env.ok(&["edit", "kr2", "--title", "Net promoter score (survey)"]);
    let text = String::from_utf8(env.bytes()).unwrap();
    for v in values {
        assert!(
            text.contains(&format!("\"value\": {v}")),
            "{v} changed: {text}"
        );
    }
}
