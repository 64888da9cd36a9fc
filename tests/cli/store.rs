//! The data file's safety: locking, atomic replacement, symlinks, permissions.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::thread;

use crate::harness::Env;

#[test]
fn concurrent_writers_lose_nothing() {
    let env = Env::cascade();
    let (writers, each) = (6, 8);
    thread::scope(|scope| {
        for w in 0..writers {
            let env = &env;
            scope.spawn(move || {
                for i in 0..each {
                    let value = (1000 + w * 100 + i).to_string();
                    env.ok(&["progress", "kr1", &value, "--note", &format!("writer {w}")]);
                }
            });
        }
    });
    let file = env.json();
    let checkins = file["objectives"][0]["key_results"][0]["checkins"]
        .as_array()
        .unwrap();
    let mut values: Vec<i64> = checkins
        .iter()
        .map(|c| c["value"].as_i64().unwrap())
        .collect();
    values.sort_unstable();
    let mut expected: Vec<i64> = (0..writers)
        .flat_map(|w| (0..each).map(move |i| 1000 + w * 100 + i))
        .collect();
    expected.sort_unstable();
    assert_eq!(values, expected);
}

fn leftovers(env: &Env) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn saves_leave_only_the_file_and_its_lock() {
    let env = Env::cascade();
    env.fail(&["progress", "kr1", "oops"]);
    env.fail(&["add", "kr", "o1", "Fifth", "--target", "0", "--start", "0"]);
    assert_eq!(leftovers(&env), [".okrs.json.lock", "okrs.json"]);
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
