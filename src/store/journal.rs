//! The undo journal: before okr changes the data file, it keeps the file as it was, so that
//! `okr undo` can put it back, one command at a time.
//!
//! The journal lives beside the file, in `.NAME.undo/`: for each change, `N.before` (the
//! file before it) and `N.json` (the command, when, and a fingerprint of the file after it).
//! Undo puts back the newest `before` only if the file is still what that command left: a
//! `git pull` or a hand edit since means the journal no longer describes the file.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{StoreError, file_name, io_error, save, write_atomically};

/// How many changes the journal keeps: the oldest go first.
pub const STEPS: usize = 20;

/// One change in the journal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The command that made it, as typed.
    pub command: String,
    /// When, in local time.
    pub at: String,
    /// The length and fingerprint of the file it left.
    after_len: usize,
    after_hash: u64,
}

/// The journal directory of the data file `real`.
fn dir(real: &Path) -> PathBuf {
    real.with_file_name(format!(".{}.undo", file_name(real)))
}

/// A fingerprint of file contents (FNV-1a, 64 bits): stable across builds and machines,
/// unlike the standard library's hasher. It tells "the file okr left" from "a file someone
/// changed since", not an adversary's forgery.
fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The journal's entries by number, oldest first.
fn numbers(dir: &Path) -> Vec<u64> {
    let mut numbers: Vec<u64> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".json")?.parse().ok())
        .collect();
    numbers.sort_unstable();
    numbers
}

/// Records that `command` is about to turn the file `before` into `after`. Called under the
/// data file's lock, before the file is replaced.
pub fn record(
    real: &Path,
    command: &str,
    at: &str,
    before: &[u8],
    after: &[u8],
) -> Result<(), StoreError> {
    let dir = dir(real);
    fs::create_dir_all(&dir).map_err(io_error("write", &dir))?;
    let existing = numbers(&dir);
    let next = existing.last().map_or(1, |n| n + 1);
    let entry = Entry {
        command: command.to_string(),
        at: at.to_string(),
        after_len: after.len(),
        after_hash: fingerprint(after),
    };
    write_atomically(&dir.join(format!("{next}.before")), before)?;
    let json = serde_json::to_vec_pretty(&entry).unwrap_or_default();
    write_atomically(&dir.join(format!("{next}.json")), &json)?;
    // Only the newest steps are kept: each holds a whole earlier file.
    for old in existing
        .iter()
        .take((existing.len() + 1).saturating_sub(STEPS))
    {
        let _ = fs::remove_file(dir.join(format!("{old}.json")));
        let _ = fs::remove_file(dir.join(format!("{old}.before")));
    }
    Ok(())
}

/// Forgets the newest entry: its change did not happen after all (the save failed).
pub fn forget_newest(real: &Path) {
    let dir = dir(real);
    if let Some(n) = numbers(&dir).last() {
        let _ = fs::remove_file(dir.join(format!("{n}.json")));
        let _ = fs::remove_file(dir.join(format!("{n}.before")));
    }
}

/// The change `undo` would undo, without undoing it.
pub fn peek(real: &Path, shown: &Path, current: &[u8]) -> Result<Entry, StoreError> {
    let (_, entry) = newest(real, shown, current)?;
    Ok(entry)
}

/// The newest entry and its number, if the file is still what it left.
fn newest(real: &Path, shown: &Path, current: &[u8]) -> Result<(u64, Entry), StoreError> {
    let dir = dir(real);
    let Some(n) = numbers(&dir).last().copied() else {
        return Err(StoreError::NothingToUndo(shown.to_path_buf()));
    };
    let entry_path = dir.join(format!("{n}.json"));
    let text = fs::read(&entry_path).map_err(io_error("read", &entry_path))?;
    let entry: Entry = serde_json::from_slice(&text).map_err(|e| StoreError::Parse {
        path: entry_path.clone(),
        detail: e.to_string(),
    })?;
    if entry.after_len != current.len() || entry.after_hash != fingerprint(current) {
        return Err(StoreError::ChangedSince {
            path: shown.to_path_buf(),
            command: entry.command,
        });
    }
    Ok((n, entry))
}

/// Puts back the file as it was before the newest change in the journal, if the file is
/// still what that change left; returns the change undone. Called under the lock.
pub fn undo(real: &Path, shown: &Path, current: &[u8]) -> Result<Entry, StoreError> {
    let (n, entry) = newest(real, shown, current)?;
    let dir = dir(real);
    let entry_path = dir.join(format!("{n}.json"));
    let before_path = dir.join(format!("{n}.before"));
    let before = fs::read(&before_path).map_err(io_error("read", &before_path))?;
    save(real, shown, &before)?;
    let _ = fs::remove_file(&entry_path);
    let _ = fs::remove_file(&before_path);
    Ok(entry)
}
