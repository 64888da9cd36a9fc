//! Nothing okr keeps beside the data file can be turned against it. The undo journal, the
//! lock and the backups arrive in a fresh clone however someone committed them (links,
//! FIFOs, truncated or forged files): okr reads them as regular files only, without
//! blocking, checks them before it uses them, never writes through a link, and keeps them
//! no more open than the data file.

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::time::Duration;

use similar_asserts::assert_eq;

use crate::harness::Env;

/// The journal directory of the test's data file, as okr names it in messages.
fn journal(env: &Env) -> PathBuf {
    env.dir
        .path()
        .canonicalize()
        .unwrap()
        .join(".okrs.json.undo")
}

/// The journal's step files, by number.
fn steps(env: &Env) -> Vec<u64> {
    let mut steps: Vec<u64> = fs::read_dir(journal(env))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".step")?.parse().ok()
        })
        .collect();
    steps.sort_unstable();
    steps
}

fn newest_step(env: &Env) -> PathBuf {
    journal(env).join(format!("{}.step", steps(env).last().unwrap()))
}

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

/// Everything in the journal directory, name and bytes.
fn journal_contents(env: &Env) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<_> = fs::read_dir(journal(env))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().into_string().unwrap(),
                fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn a_report_is_never_written_into_the_undo_journal() {
    let env = Env::cascade();
    let before = journal_contents(&env);
    let first = format!(".okrs.json.undo/{}.step", steps(&env)[0]);
    for target in [first.as_str(), ".okrs.json.undo/99.step", ".okrs.json.undo"] {
        assert_eq!(
            env.fail(&["report", "-o", target, "--format", "csv"]),
            format!(
                "`{target}` is in the undo journal of the data file `okrs.json`; write the report to another file, or to standard output with `-o -`"
            )
        );
    }
    assert_eq!(journal_contents(&env), before);
    // Five undos later the file is still an okr file.
    for _ in 0..5 {
        env.ok(&["undo"]);
    }
    env.ok(&["status"]);
}

/// The undo message for a step that cannot be trusted.
fn broken(step: &Path, why: &str) -> String {
    format!(
        "cannot undo from `{}`: {why}; nothing was changed (remove the journal directory to start a fresh one)",
        step.display()
    )
}

#[test]
fn undo_refuses_a_step_it_cannot_trust_and_changes_nothing() {
    let env = Env::cascade();
    // A change that keeps bytes of the old file in its step: the old title.
    env.ok(&["edit", "kr1", "--title", "Visitors from search"]);
    let step = newest_step(&env);
    let good = fs::read(&step).unwrap();

    fs::write(&step, &good[..good.len() - 1]).unwrap();
    assert_eq!(
        env.fail(&["undo"]),
        broken(&step, "it is truncated or altered")
    );

    let mut altered = good.clone();
    let last = altered.len() - 1;
    altered[last] ^= 0x20;
    fs::write(&step, &altered).unwrap();
    assert_eq!(
        env.fail(&["undo"]),
        broken(&step, "what it keeps does not rebuild the earlier file")
    );

    fs::write(&step, b"not a step").unwrap();
    assert_eq!(env.fail(&["undo"]), broken(&step, "it has no header"));

    // A forged step whose fingerprints are right but whose file is not an okr file.
    let current = env.bytes();
    let forged = b"{\"secret\": 1}\n";
    let header = serde_json::json!({
        "command": "okr forged",
        "at": "2026-11-23 09:00:00",
        "before_len": forged.len(),
        "before_hash": okr::store::journal::fingerprint(forged),
        "after_len": current.len(),
        "after_hash": okr::store::journal::fingerprint(&current),
        "prefix": 0,
        "suffix": 0,
    });
    let mut bytes = serde_json::to_vec(&header).unwrap();
    bytes.push(b'\n');
    bytes.extend_from_slice(forged);
    fs::write(&step, &bytes).unwrap();
    assert_eq!(
        env.fail(&["undo"]),
        broken(
            &step,
            "the earlier file it rebuilds does not load (it has no `version` field, so it was not written by okr)"
        )
    );

    // The good step still undoes.
    fs::write(&step, &good).unwrap();
    env.ok(&["undo"]);
    assert_eq!(
        env.json()["objectives"][0]["key_results"][0]["title"],
        "Organic visitors"
    );
}

#[test]
fn undo_never_follows_a_link_or_blocks_on_a_fifo_in_the_journal() {
    let env = Env::cascade();
    let elsewhere = tempfile::tempdir().unwrap();
    // A valid data file somewhere else (say, another team's): never copied into okrs.json.
    let secret = elsewhere.path().join("secret.json");
    fs::write(&secret, env.bytes()).unwrap();
    env.ok(&["progress", "kr1", "1500"]);
    let step = newest_step(&env);
    let link_message = format!(
        "`{}` is a symbolic link, and okr keeps only regular files beside the data file; remove it, or replace it with a regular file",
        step.display()
    );
    for target in [secret.as_path(), Path::new("/dev/zero")] {
        fs::remove_file(&step).unwrap();
        symlink(target, &step).unwrap();
        assert_eq!(env.fail(&["undo"]), link_message);
    }
    fs::remove_file(&step).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&step).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let before = env.bytes();
    let output = env
        .cmd(&["undo"])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error: `{}` is a FIFO, and okr keeps only regular files beside the data file; remove it, or replace it with a regular file\n",
            step.display()
        )
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(env.bytes(), before);
    // Writes go on past it, and hold the lock only as long as they need.
    env.ok(&["progress", "kr1", "1600"]);
}

#[test]
fn no_write_goes_through_a_link_beside_the_data_file() {
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("victim");
    fs::write(&victim, "precious\n").unwrap();

    // A step committed as a link to the victim: the next steps are written beside it.
    let env = Env::cascade();
    let next = steps(&env).last().unwrap() + 1;
    symlink(&victim, journal(&env).join(format!("{next}.step"))).unwrap();
    env.ok(&["progress", "kr1", "1500"]);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");

    // The journal directory as a link: the change is kept, the undo is not.
    let env = Env::new();
    let target_dir = elsewhere.path().join("dir");
    fs::create_dir(&target_dir).unwrap();
    symlink(&target_dir, journal(&env)).unwrap();
    let (code, _, stderr) = env.run(&["add", "objective", "Be known", "--id", "o1"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stderr,
        format!(
            "warning: `{}` is a symbolic link, and okr keeps only regular files beside the data file; remove it, or replace it with a regular file; the change is saved, but `okr undo` cannot take it back\no1: company, 2026-Q4\n",
            journal(&env).display()
        )
    );
    assert_eq!(fs::read_dir(&target_dir).unwrap().count(), 0);

    // The lock as a link: refused, its target never created.
    let env = Env::new();
    let lock = env.dir.path().join(".okrs.json.lock");
    fs::remove_file(&lock).ok(); // init takes no lock
    let target = elsewhere.path().join("created-by-okr");
    symlink(&target, &lock).unwrap();
    assert_eq!(
        env.fail(&["add", "objective", "Be known"]),
        "`.okrs.json.lock` is a symbolic link, and okr keeps only regular files beside the data file; remove it, or replace it with a regular file"
    );
    assert!(!target.exists());
}

#[test]
fn files_beside_a_private_data_file_are_just_as_private() {
    let env = Env::empty();
    let version2 = r#"{"version": 2, "settings": {"max_objectives": 2, "min_krs": 2, "max_krs": 4}, "objectives": []}"#;
    fs::write(env.path(), version2).unwrap();
    fs::set_permissions(env.path(), fs::Permissions::from_mode(0o600)).unwrap();
    env.ok(&["add", "objective", "Be known", "--id", "o1"]);
    let dir = env.dir.path();
    assert_eq!(mode(&env.path()), 0o600);
    assert_eq!(mode(&dir.join(".okrs.json.lock")), 0o600);
    assert_eq!(mode(&dir.join("okrs.json.v2.bak")), 0o600);
    assert_eq!(mode(&journal(&env)), 0o700);
    assert_eq!(mode(&newest_step(&env)), 0o600);
    // A journal an older okr left open is closed down to the file's mode.
    fs::set_permissions(journal(&env), fs::Permissions::from_mode(0o755)).unwrap();
    env.ok(&["edit", "o1", "--title", "Be known for coffee"]);
    assert_eq!(mode(&journal(&env)), 0o700);
    assert_eq!(mode(&newest_step(&env)), 0o600);
}

#[test]
fn a_step_whose_change_never_reached_the_file_is_passed_over() {
    // A write killed after its step was kept but before the file was replaced.
    let env = Env::cascade();
    let before = env.bytes();
    env.ok(&["progress", "kr1", "1500"]);
    fs::write(env.path(), &before).unwrap();
    assert_eq!(
        env.ok(&["undo"]),
        "undid `okr add kr o3 \"Partner retailer signed\" --target 1 --id kr6`\n"
    );

    // An undo killed after it put the file back but before it forgot its step.
    let env = Env::cascade();
    env.ok(&["progress", "kr1", "1500"]);
    let step = newest_step(&env);
    let kept = fs::read(&step).unwrap();
    env.ok(&["undo"]);
    fs::write(&step, kept).unwrap();
    assert_eq!(
        env.run(&["undo", "--dry-run"]).1,
        "would undo `okr add kr o3 \"Partner retailer signed\" --target 1 --id kr6`\n"
    );
    assert_eq!(
        env.ok(&["undo"]),
        "undid `okr add kr o3 \"Partner retailer signed\" --target 1 --id kr6`\n"
    );
    // The next write forgets such a step for good.
    let env = Env::cascade();
    let before = env.bytes();
    env.ok(&["progress", "kr1", "1500"]);
    let count = steps(&env).len();
    fs::write(env.path(), &before).unwrap();
    env.ok(&["progress", "kr1", "1400"]);
    assert_eq!(steps(&env).len(), count);
}

#[test]
fn what_killed_commands_leave_in_the_journal_is_cleaned() {
    let env = Env::cascade();
    let dir = journal(&env);
    for litter in [".7.step.abcdef.tmp", "3.before", "3.json"] {
        fs::write(dir.join(litter), "left by a killed okr").unwrap();
    }
    fs::write(dir.join("notes.txt"), "someone's own").unwrap();
    env.ok(&["progress", "kr1", "1500"]);
    let names: Vec<String> = journal_contents(&env)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| !name.ends_with(".step"))
        .collect();
    assert_eq!(names, ["notes.txt"]);
}

#[test]
fn the_journal_keeps_twenty_steps_at_a_fraction_of_the_file() {
    let env = Env::example();
    let start = env.bytes();
    for day in 1..=30 {
        env.ok(&[
            "progress",
            "kr1",
            &format!("{}", 48_000 + day),
            "--date",
            "2026-11-16",
        ]);
    }
    assert_eq!(steps(&env).len(), 20);
    let size: usize = journal_contents(&env).iter().map(|(_, b)| b.len()).sum();
    assert!(
        size * 2 < start.len(),
        "20 steps take {size} bytes for a file of {}",
        start.len()
    );
    for _ in 0..20 {
        env.ok(&["undo"]);
    }
    assert_eq!(
        env.fail(&["undo"]),
        "there is nothing to undo in `okrs.json`: no okr command has changed it here yet"
    );
}
