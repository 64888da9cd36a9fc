//! The undo journal: before okr changes the data file, it notes how to turn the new file
//! back into the old one, so that `okr undo` can put it back, one command at a time.
//!
//! The journal lives beside the file, in `.NAME.undo/`, one file per change, `N.step`: a
//! header line (the command, when, the length and fingerprint of the file before and after
//! it) and then the bytes of the old file that the new one does not share with it at its
//! start and end. A change okr makes touches a few lines of a file that it writes in a
//! stable order, so a step costs a few hundred bytes, not a copy of the file.
//!
//! Undo puts back the newest step only if the file is still what that command left (a
//! `git pull` or a hand edit since means the journal no longer describes the file), and only
//! once what it rebuilt has the old fingerprint and loads as a data file. The journal is
//! untrusted input like anything beside the file (see [`super::beside`]): a clone may bring
//! it committed, as links, FIFOs or truncated files, and none of them can make undo hang,
//! read a file elsewhere, or write a file that does not load.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::beside::{self, Links};
use super::{MAX_FILE_BYTES, StoreError, file_name, io_error, parse, save};

/// How many changes the journal keeps at most: the oldest go first.
pub const STEPS: usize = 20;

/// The most the journal keeps on disk, as a multiple of the data file (or [`MIN_BUDGET`]
/// for a small file): older steps go first, the newest is always kept.
pub const BUDGET_FACTOR: u64 = 2;

/// The journal's budget for a small data file.
pub const MIN_BUDGET: u64 = 1 << 20;

/// The largest header line a step may have.
const MAX_HEADER: usize = 64 * 1024;

/// One change in the journal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The command that made it, as typed.
    pub command: String,
    /// When, in local time.
    pub at: String,
    /// The file before the change: its length and fingerprint.
    before_len: u64,
    before_hash: String,
    /// The file the change left.
    after_len: u64,
    after_hash: String,
    /// How many bytes the two files share at their start and at their end.
    prefix: u64,
    suffix: u64,
}

/// A file's length and fingerprint (xxh3, 64 bits: stable across builds and machines). It
/// tells "the file okr left" from "a file someone changed since", not an adversary's
/// forgery: what undo rebuilds is also loaded and checked before it is written.
pub fn fingerprint(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

impl Entry {
    fn left(&self, current: &[u8], hash: &str) -> bool {
        self.after_len == current.len() as u64 && self.after_hash == hash
    }

    fn found(&self, current: &[u8], hash: &str) -> bool {
        self.before_len == current.len() as u64 && self.before_hash == hash
    }
}

/// The journal directory of the data file `real`.
pub fn dir(real: &Path) -> PathBuf {
    real.with_file_name(format!(".{}.undo", file_name(real)))
}

/// The name of step `n`.
fn step_name(n: u64) -> String {
    format!("{n}.step")
}

/// What is in the journal directory: the steps by number (oldest first), and the names of
/// whatever else okr left there (temporary files of a killed write, an older okr's
/// `N.before` and `N.json`), to be cleaned.
fn listing(dir: &Path) -> (Vec<u64>, Vec<PathBuf>) {
    let mut steps = Vec::new();
    let mut litter = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let number = |suffix: &str| name.strip_suffix(suffix)?.parse::<u64>().ok();
        if let Some(n) = number(".step") {
            steps.push(n);
        } else if number(".before").is_some()
            || number(".json").is_some()
            || (name.starts_with('.') && name.ends_with(".tmp"))
        {
            litter.push(entry.path());
        }
    }
    steps.sort_unstable();
    (steps, litter)
}

/// Reads step `n`: its header and the bytes it keeps. Only a regular file, never through a
/// link, without blocking, of bounded size, whose header and length agree.
fn read_step(dir: &Path, n: u64) -> Result<(Entry, Vec<u8>), StoreError> {
    let path = dir.join(step_name(n));
    let broken = |why: &str| StoreError::BrokenJournal {
        path: path.clone(),
        why: why.to_string(),
    };
    let bytes = beside::read_regular(
        &path,
        Links::Refuse,
        &path,
        MAX_FILE_BYTES + MAX_HEADER as u64,
        || broken("it is larger than any step okr writes"),
    )?;
    let end = bytes
        .iter()
        .take(MAX_HEADER)
        .position(|&b| b == b'\n')
        .ok_or_else(|| broken("it has no header"))?;
    let entry: Entry =
        serde_json::from_slice(&bytes[..end]).map_err(|_| broken("its header does not read"))?;
    let kept = bytes[end + 1..].to_vec();
    let shared = entry.prefix.checked_add(entry.suffix);
    let agree = shared.and_then(|s| s.checked_add(kept.len() as u64)) == Some(entry.before_len)
        && shared.is_some_and(|s| s <= entry.after_len);
    if !agree {
        return Err(broken("it is truncated or altered"));
    }
    Ok((entry, kept))
}

/// How many bytes `a` and `b` share at their start.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 64;
    let max = a.len().min(b.len());
    let mut n = 0;
    while n + CHUNK <= max && a[n..n + CHUNK] == b[n..n + CHUNK] {
        n += CHUNK;
    }
    n + a[n..max]
        .iter()
        .zip(&b[n..max])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes `a` and `b` share at their end.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 64;
    let max = a.len().min(b.len());
    let (a_end, b_end) = (a.len(), b.len());
    let mut n = 0;
    while n + CHUNK <= max && a[a_end - n - CHUNK..a_end - n] == b[b_end - n - CHUNK..b_end - n] {
        n += CHUNK;
    }
    n + a[..a_end - n]
        .iter()
        .rev()
        .zip(b[..b_end - n].iter().rev())
        .take(max - n)
        .take_while(|(x, y)| x == y)
        .count()
}

/// Records that `command` is about to turn the file `before` into `after`. Called under the
/// data file's lock, before the file is replaced: a write killed after this leaves a step
/// whose `before` is still the file, which undo passes over (see [`newest`]).
pub fn record(
    real: &Path,
    command: &str,
    at: &str,
    before: &[u8],
    after: &[u8],
) -> Result<(), StoreError> {
    let dir = dir(real);
    let mode = beside::mode_of(real);
    beside::ensure_dir(&dir, beside::dir_mode(mode))?;
    let (mut steps, litter) = listing(&dir);
    // Under the lock nobody else writes here: what is not a step is a killed write's.
    for path in litter {
        // Best effort: litter that stays is harmless (it is no step) and goes next time.
        fs::remove_file(path).ok();
    }
    let before_hash = fingerprint(before);
    // Steps of writes that were killed before they saved: the file is still their `before`.
    while let Some(&n) = steps.last() {
        match read_step(&dir, n) {
            Ok((entry, _)) if entry.found(before, &before_hash) => {
                remove(&dir, n)?;
                steps.pop();
            }
            _ => break,
        }
    }
    let prefix = common_prefix(before, after);
    let suffix = common_suffix(&before[prefix..], &after[prefix..]);
    let entry = Entry {
        command: command.to_string(),
        at: at.to_string(),
        before_len: before.len() as u64,
        before_hash,
        after_len: after.len() as u64,
        after_hash: fingerprint(after),
        prefix: prefix as u64,
        suffix: suffix as u64,
    };
    let mut bytes = serde_json::to_vec(&entry).map_err(|e| StoreError::Serialize(e.to_string()))?;
    bytes.push(b'\n');
    bytes.extend_from_slice(&before[prefix..before.len() - suffix]);
    let next = steps.last().map_or(1, |n| n + 1);
    beside::write_file(&dir.join(step_name(next)), &bytes, mode)?;
    prune(&dir, &steps, bytes.len() as u64, after.len() as u64)
}

/// Keeps the newest steps within [`STEPS`] and the budget; `older` are the steps before the
/// one just written, of `newest` bytes.
fn prune(dir: &Path, older: &[u64], newest: u64, file_len: u64) -> Result<(), StoreError> {
    let budget = (file_len * BUDGET_FACTOR).max(MIN_BUDGET);
    let mut used = newest;
    let mut kept = 1;
    for &n in older.iter().rev() {
        let size = fs::symlink_metadata(dir.join(step_name(n))).map_or(0, |m| m.len());
        if kept < STEPS && used + size <= budget {
            used += size;
            kept += 1;
        } else {
            remove(dir, n)?;
        }
    }
    Ok(())
}

fn remove(dir: &Path, n: u64) -> Result<(), StoreError> {
    let path = dir.join(step_name(n));
    match fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error("write", &path)(e)),
        _ => Ok(()),
    }
}

/// Forgets the newest step: its change did not happen after all (the save failed).
pub fn forget_newest(real: &Path) -> Result<(), StoreError> {
    let dir = dir(real);
    match listing(&dir).0.last() {
        Some(&n) => remove(&dir, n),
        None => Ok(()),
    }
}

/// The step undo would take back, and the file as it was before it. Steps whose change
/// never reached the file (a write killed between its step and its save, an undo killed
/// after its save) are passed over; `drop_stale` removes them as it goes.
fn newest(
    real: &Path,
    shown: &Path,
    current: &[u8],
    drop_stale: bool,
) -> Result<(u64, Entry, Vec<u8>), StoreError> {
    let dir = dir(real);
    match fs::symlink_metadata(&dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(StoreError::Untrusted {
                path: dir,
                kind: beside::kind(&meta),
            });
        }
        _ => {}
    }
    let hash = fingerprint(current);
    let mut steps = listing(&dir).0;
    while let Some(n) = steps.pop() {
        let (entry, kept) = read_step(&dir, n)?;
        if entry.left(current, &hash) {
            let (prefix, suffix) = (entry.prefix as usize, entry.suffix as usize);
            let mut before = Vec::with_capacity(entry.before_len as usize);
            before.extend_from_slice(&current[..prefix]);
            before.extend_from_slice(&kept);
            before.extend_from_slice(&current[current.len() - suffix..]);
            let path = dir.join(step_name(n));
            if fingerprint(&before) != entry.before_hash {
                return Err(StoreError::BrokenJournal {
                    path,
                    why: "what it keeps does not rebuild the earlier file".into(),
                });
            }
            // Never put back a file that okr could not load.
            parse(&path, &before).map_err(|e| StoreError::BrokenJournal {
                path: path.clone(),
                why: match e {
                    StoreError::Parse { detail, .. } => {
                        format!("the earlier file it rebuilds does not load ({detail})")
                    }
                    other => other.to_string(),
                },
            })?;
            return Ok((n, entry, before));
        }
        if !entry.found(current, &hash) {
            return Err(StoreError::ChangedSince {
                path: shown.to_path_buf(),
                command: entry.command,
            });
        }
        if drop_stale {
            remove(&dir, n)?;
        }
    }
    Err(StoreError::NothingToUndo(shown.to_path_buf()))
}

/// The change `undo` would undo, without undoing it.
pub fn peek(real: &Path, shown: &Path, current: &[u8]) -> Result<Entry, StoreError> {
    Ok(newest(real, shown, current, false)?.1)
}

/// Puts back the file as it was before the newest change in the journal, if the file is
/// still what that change left; returns the change undone. Called under the lock.
pub fn undo(real: &Path, shown: &Path, current: &[u8]) -> Result<Entry, StoreError> {
    let (n, entry, before) = newest(real, shown, current, true)?;
    save(real, shown, &before)?;
    // Killed here, the step stays, and the file is its `before`: the next undo passes it.
    remove(&dir(real), n)?;
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_ends_never_overlap() {
        let cases: [(&[u8], &[u8], usize, usize); 5] = [
            (b"abcdef", b"abcXef", 3, 2),
            (b"aaaa", b"aaaaaa", 4, 0),
            (b"", b"xyz", 0, 0),
            (b"same", b"same", 4, 0),
            (b"abXcd", b"abcd", 2, 2),
        ];
        for (a, b, prefix, suffix) in cases {
            let p = common_prefix(a, b);
            let s = common_suffix(&a[p..], &b[p..]);
            assert_eq!((p, s), (prefix, suffix), "{a:?} {b:?}");
        }
        let long: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
        let mut changed = long.clone();
        changed[500] = 255;
        let p = common_prefix(&long, &changed);
        assert_eq!((p, common_suffix(&long[p..], &changed[p..])), (500, 499));
    }
}
