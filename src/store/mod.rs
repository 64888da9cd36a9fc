//! The only code that touches the data file: finding it, locking, reading, atomic saving.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::model::{ModelError, Okrs, VERSION};

pub mod beside;
mod error;
pub mod git;
pub mod journal;
mod output;

use beside::Links;
pub use error::StoreError;
use error::io_error;
pub use output::{is_special, write_output};

/// The file name `okr` looks for in the current directory and its parents.
pub const FILE_NAME: &str = "okrs.json";

/// The data file to use: `explicit` (from `--file` or `OKR_FILE`) if given, else the nearest
/// `okrs.json` in `cwd` (returned relative to `cwd`, which must be the process's working
/// directory) or its parents (returned absolute).
pub fn locate(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf, StoreError> {
    if let Some(path) = explicit {
        return if path.exists() {
            Ok(path.to_path_buf())
        } else {
            Err(StoreError::Missing(path.to_path_buf()))
        };
    }
    let here = Path::new(FILE_NAME);
    if cwd.join(here).is_file() {
        // Relative, so that messages read `okrs.json`, not a long absolute path.
        return Ok(here.to_path_buf());
    }
    cwd.ancestors()
        .skip(1)
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| not_found(cwd))
}

/// Why no data file was found from `cwd`, pointing at one that may be meant: a file here
/// named like it (`okr.json`, `OKRs.json`), or an `okrs.json` one or two folders below.
fn not_found(cwd: &Path) -> StoreError {
    let dir = cwd.to_path_buf();
    let entries = |dir: &Path| -> Vec<fs::DirEntry> {
        let mut entries: Vec<fs::DirEntry> = fs::read_dir(dir)
            .map(|d| d.filter_map(Result::ok).take(MAX_LOOKED_AT).collect())
            .unwrap_or_default();
        entries.sort_by_key(|e| e.file_name());
        entries
    };
    let here = entries(cwd);
    let like = here.iter().map(|e| e.file_name()).find(|name| {
        let name = name.to_string_lossy().to_lowercase();
        matches!(
            name.as_str(),
            "okrs.json" | "okr.json" | "okrs.jsonc" | "okr-data.json"
        )
    });
    if let Some(name) = like {
        return StoreError::Like {
            dir,
            found: PathBuf::from(name),
        };
    }
    // Folders only, not hidden ones (`.git`) nor build output; two levels at most.
    let folders = |entries: Vec<fs::DirEntry>| {
        entries.into_iter().filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            !name.starts_with('.')
                && !matches!(name.as_str(), "target" | "node_modules")
                && e.file_type().is_ok_and(|t| t.is_dir())
        })
    };
    for first in folders(here) {
        let one = first.path().join(FILE_NAME);
        if one.is_file() {
            return StoreError::Below {
                dir,
                found: PathBuf::from(first.file_name()).join(FILE_NAME),
            };
        }
    }
    for first in folders(entries(cwd)) {
        for second in folders(entries(&first.path())) {
            if second.path().join(FILE_NAME).is_file() {
                return StoreError::Below {
                    dir,
                    found: PathBuf::from(first.file_name())
                        .join(second.file_name())
                        .join(FILE_NAME),
                };
            }
        }
    }
    StoreError::NotFound(dir)
}

/// The most entries of one folder looked at for a data file below (a home folder may hold
/// thousands).
const MAX_LOOKED_AT: usize = 2_000;

/// The largest data file okr reads: 1 GiB, about 350,000 objectives with their history.
/// A bigger file is refused before it is read, not after it has filled the memory.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Reads and checks the whole file.
pub fn read(path: &Path) -> Result<Okrs, StoreError> {
    parse(path, &read_bytes(path, path)?)
}

/// Reads and checks the whole file, where an empty file stands for one with nothing in it
/// (git's merge base when both sides created the file). Only a regular file is empty: a
/// FIFO or a device is refused like anywhere else.
pub fn read_or_empty(path: &Path) -> Result<Okrs, StoreError> {
    let bytes = read_bytes(path, path)?;
    if bytes.is_empty() {
        return Okrs::new(Default::default()).map_err(StoreError::Invalid);
    }
    parse(path, &bytes)
}

/// Reads and checks the whole file, and finds the line (from 1) where each objective and key
/// result is defined, for messages that point at it. One pass over the file, however many
/// ids it holds.
pub fn read_with_lines(path: &Path) -> Result<(Okrs, HashMap<String, usize>), StoreError> {
    let bytes = read_bytes(path, path)?;
    let okrs = parse(path, &bytes)?;
    Ok((okrs, id_lines(&bytes)))
}

/// [`parse`] with the line of each id, for bytes read elsewhere (the file at a revision).
pub fn parse_with_lines(
    name: &Path,
    bytes: &[u8],
) -> Result<(Okrs, HashMap<String, usize>), StoreError> {
    Ok((parse(name, bytes)?, id_lines(bytes)))
}

/// The line of each `"id": "..."` in a file written by okr (one key per line), first one
/// wins.
fn id_lines(bytes: &[u8]) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    for (i, line) in String::from_utf8_lossy(bytes).lines().enumerate() {
        if let Some(id) = line
            .trim_start()
            .strip_prefix("\"id\": \"")
            .and_then(|rest| rest.split('"').next())
        {
            lines.entry(id.to_string()).or_insert(i + 1);
        }
    }
    lines
}

/// The whole data file, refusing anything but a regular file of at most [`MAX_FILE_BYTES`]:
/// a FIFO would block forever, `/dev/zero` would never end, a sparse file of gigabytes would
/// fill the memory before the parser could say it is not an okr file. Messages name `shown`.
fn read_bytes(real: &Path, shown: &Path) -> Result<Vec<u8>, StoreError> {
    beside::read_regular(real, Links::Follow, shown, MAX_FILE_BYTES, || {
        StoreError::TooLarge {
            path: shown.to_path_buf(),
            limit: MAX_FILE_BYTES >> 20,
        }
    })
}

/// Parses and checks the bytes of a data file; `path` names it in messages. (What `read`
/// does after reading.)
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Okrs, StoreError> {
    // Some editors start UTF-8 files with a byte order mark; JSON has no use for it.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let parse_error = |detail: String| StoreError::Parse {
        path: path.to_path_buf(),
        detail,
    };
    let mut okrs: Okrs = match serde_json::from_slice(bytes) {
        Ok(okrs) => okrs,
        Err(error) => {
            // Tell "written by a newer okr" and "not an okr file at all" apart from "broken".
            let value = serde_json::from_slice::<serde_json::Value>(bytes).ok();
            let object = value.as_ref().and_then(serde_json::Value::as_object);
            if let Some(found) = object
                .and_then(|o| o.get("version"))
                .and_then(serde_json::Value::as_u64)
                .filter(|&v| v > u64::from(VERSION))
            {
                return Err(StoreError::TooNew {
                    path: path.to_path_buf(),
                    found,
                });
            }
            let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
            if value.is_none() && first.is_some_and(|&b| b != b'{') {
                return Err(parse_error(
                    "the top level is not an object with `version`, `settings` and `objectives`"
                        .into(),
                ));
            }
            return Err(parse_error(match (&value, object) {
                (Some(other), None) => format!(
                    "the top level is {}, not an object with `version`, `settings` and `objectives`",
                    kind_of(other)
                ),
                (Some(_), Some(o)) if !o.contains_key("version") => {
                    "it has no `version` field, so it was not written by okr".into()
                }
                _ => error.to_string(),
            }));
        }
    };
    if okrs.version > VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: u64::from(okrs.version),
        });
    }
    if okrs.version == 0 {
        return Err(parse_error("format version 0 does not exist".into()));
    }
    okrs.check_invariants()
        .map_err(|error: ModelError| parse_error(error.to_string()))?;
    okrs.infer_conflicts();
    Ok(okrs)
}

fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The file's bytes as `okr` writes them: pretty, stable key order, trailing newline.
pub fn to_bytes(okrs: &Okrs) -> Result<Vec<u8>, StoreError> {
    // Never an empty file in place of the data: a failure here is an error, not a default.
    let mut bytes =
        serde_json::to_vec_pretty(okrs).map_err(|e| StoreError::Serialize(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Creates a new data file at `path`; refuses to replace an existing one.
pub fn create(path: &Path, okrs: &Okrs) -> Result<(), StoreError> {
    if path.symlink_metadata().is_ok() {
        return Err(StoreError::Exists(path.to_path_buf()));
    }
    let temp = write_temp(path, path, &to_bytes(okrs)?, NEW_FILE_MODE)?;
    temp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == io::ErrorKind::AlreadyExists {
            StoreError::Exists(path.to_path_buf())
        } else {
            io_error("write", path)(e.error)
        }
    })?;
    sync_dir(path);
    Ok(())
}

/// How a writing command treats the file.
#[derive(Debug, Clone, Copy)]
pub struct WriteMode<'a> {
    /// Do everything but save.
    pub dry_run: bool,
    /// How long to wait for another `okr` to release the file.
    pub wait: Duration,
    /// The command and the time, for the undo journal; `None` keeps no journal.
    pub journal: Option<(&'a str, &'a str)>,
}

/// What `update` did to the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// The file was replaced, but its undo step could not be kept (why, in words): the
    /// change stands, `okr undo` cannot take it back.
    WrittenWithoutUndo(String),
    /// The content did not change, so the file was left alone.
    Unchanged,
    /// The file was replaced.
    Written,
    /// The file would have changed, but this was a dry run.
    WouldChange,
}

/// Read–modify–write under the file's lock. `change` works on the loaded data; the file is
/// rewritten only if `change` succeeds and the content differs, atomically. A file of an
/// older format version is upgraded, and its original kept beside it as `NAME.vN.bak`.
pub fn update<T, E>(
    path: &Path,
    how: WriteMode,
    change: impl FnOnce(&mut Okrs) -> Result<T, E>,
) -> Result<(T, Saved), E>
where
    E: From<StoreError>,
{
    // Lock, temporary files and backups belong to the file itself, not to the name typed:
    // writers that reach one file through different symlinks must share one lock.
    let real = real_path(path)?;
    let _lock = lock(&real, path, how.wait)?;
    remove_orphans(&real);
    let bytes = read_bytes(&real, path)?;
    let mut okrs = parse(path, &bytes)?;
    let old_version = okrs.version;
    okrs.version = VERSION;
    let result = change(&mut okrs)?;
    // Whatever the command removed takes its merge conflicts with it.
    okrs.forget_conflicts_of_the_gone();
    // Whatever the command did, the file it leaves must load again.
    okrs.check_invariants().map_err(StoreError::Invalid)?;
    let new_bytes = to_bytes(&okrs)?;
    if new_bytes == bytes {
        return Ok((result, Saved::Unchanged));
    }
    if how.dry_run {
        return Ok((result, Saved::WouldChange));
    }
    if old_version < VERSION {
        let backup = backup_path(&real, old_version);
        if backup.symlink_metadata().is_err() {
            beside::write_file(&backup, &bytes, beside::mode_of(&real))?;
        }
    }
    check_writable(&real, path)?;
    // The undo step is kept first, so that a change okr made can always be taken back (a
    // step whose save then fails or is killed is passed over by undo: the file is still its
    // `before`); a journal that cannot be written (a directory owned by someone else, a
    // link a clone brought) costs the undo, not the change.
    let journal = match how.journal {
        Some((command, at)) => journal::record(&real, command, at, &bytes, &new_bytes),
        None => Ok(()),
    };
    save(&real, path, &new_bytes)?;
    match journal {
        Err(why) => Ok((result, Saved::WrittenWithoutUndo(why.to_string()))),
        Ok(()) => Ok((result, Saved::Written)),
    }
}

/// Puts the data file back as it was before the last change an `okr` command made to it
/// (see [`journal`]); returns that change.
pub fn undo(path: &Path, how: WriteMode) -> Result<journal::Entry, StoreError> {
    let real = real_path(path)?;
    let _lock = lock(&real, path, how.wait)?;
    let current = read_bytes(&real, path)?;
    if how.dry_run {
        return journal::peek(&real, path, &current);
    }
    journal::undo(&real, path, &current)
}

/// Writes `okrs` over the file at `path`, which is not the data file: the copy of our
/// version that git hands `okr merge` for its result. Git owns that file and reads it back
/// once the driver exits (a driver that fails leaves the merge failed), so it needs neither
/// a lock nor the data file's synced, atomic save.
pub fn write_merged(path: &Path, okrs: &Okrs) -> Result<(), StoreError> {
    okrs.check_invariants().map_err(StoreError::Invalid)?;
    fs::write(path, to_bytes(okrs)?).map_err(io_error("write", path))
}

/// The file a path names, through any symlinks; messages still name the path as typed.
fn real_path(path: &Path) -> Result<PathBuf, StoreError> {
    fs::canonicalize(path).map_err(io_error("read", path))
}

/// Where the original of an upgraded file is kept: `okrs.json.v1.bak`.
pub fn backup_path(path: &Path, version: u32) -> PathBuf {
    path.with_file_name(format!("{}.v{version}.bak", file_name(path)))
}

/// A path's last part as text (`okrs.json` when it has none), for the names of the files
/// okr keeps beside it.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| FILE_NAME.into())
}

/// Holds an exclusive lock on the sidecar `.NAME.lock` beside the file until dropped,
/// waiting up to `wait` for another `okr` to let go.
/// The data file itself cannot carry the lock: each save replaces it with a new inode.
fn lock(real: &Path, path: &Path, wait: Duration) -> Result<File, StoreError> {
    // Messages name the lock as the user would find it: beside the path typed, unless that
    // is a symlink and the lock lives beside its target.
    let typed_is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let shown = lock_path(if typed_is_link { real } else { path });
    // The data file's bits, and writable by its owner even when the data file is not: the
    // lock is opened for writing.
    let mode = beside::mode_of(real) | 0o200;
    let file = beside::open_lock(&lock_path(real), mode, &shown)?;
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::Locked {
                    path: path.to_path_buf(),
                    seconds: wait.as_secs_f64(),
                });
            }
            Err(TryLockError::Error(error)) => return Err(io_error("lock", &shown)(error)),
        }
    }
}

/// The sidecar lock of a data file: `.NAME.lock` beside it.
fn lock_path(path: &Path) -> PathBuf {
    path.with_file_name(format!(".{}.lock", file_name(path)))
}

/// The mode of a new data file or report: an ordinary file.
const NEW_FILE_MODE: u32 = 0o644;

/// Random characters in a temporary file's name.
const TEMP_RANDOM: usize = 8;

/// Temporary files for `path` are named `.NAME.XXXXXXXX.tmp` beside it.
fn temp_prefix(path: &Path) -> String {
    format!(".{}.", file_name(path))
}

/// Removes temporary files that a killed `okr` left beside `real`. Every writer holds a lock
/// on its own temporary file for as long as the file exists under that name, so one whose
/// lock can be taken belongs to nobody. (Reports have no data-file lock to rely on.)
fn remove_orphans(real: &Path) {
    let prefix = temp_prefix(real);
    let Ok(entries) = fs::read_dir(parent_dir(real)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let temporary = name.len() == prefix.len() + TEMP_RANDOM + 4
            && name.starts_with(&prefix)
            && name.ends_with(".tmp");
        if temporary
            && let Ok(file) = File::open(entry.path())
            && file.try_lock().is_ok()
        {
            // Best effort: an orphan left here is removed by a later write.
            fs::remove_file(entry.path()).ok();
        }
    }
}

/// The directory a file is in (`.` for a bare name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A new temporary file beside `real` holding `bytes`, synced, locked by this process until
/// it is renamed or dropped. Messages name `shown`, the path as the user typed it.
fn write_temp(
    real: &Path,
    shown: &Path,
    bytes: &[u8],
    mode: u32,
) -> Result<tempfile::NamedTempFile, StoreError> {
    let path = shown;
    let mut temp = loop {
        let temp = tempfile::Builder::new()
            .prefix(&temp_prefix(real))
            .rand_bytes(TEMP_RANDOM)
            .suffix(".tmp")
            .tempfile_in(parent_dir(real))
            .map_err(|e| io_error("write", path)(io::Error::new(e.kind(), without_path(&e))))?;
        temp.as_file().lock().map_err(io_error("write", path))?;
        // Another okr cleaning up may have taken the lock between creation and ours and
        // removed the file as an orphan; then it is gone, and a fresh one is needed.
        if !unlinked(temp.as_file()) {
            break temp;
        }
    };
    // A temporary file is private (0600) from its creation; it takes the mode of the file
    // it will become before it holds anything, so the data is never more open than that.
    beside::set_mode(temp.as_file(), mode).map_err(io_error("write", path))?;
    // Through the plain file: the temporary file's own errors would name its random path.
    temp.as_file_mut()
        .write_all(bytes)
        .map_err(io_error("write", path))?;
    temp.as_file().sync_all().map_err(io_error("write", path))?;
    Ok(temp)
}

/// An I/O error's message without the ` at path "…"` that `tempfile` adds.
fn without_path(error: &io::Error) -> String {
    let text = error.to_string();
    match text.split_once(" at path ") {
        Some((message, _)) => message.to_string(),
        None => text,
    }
}

/// Whether an open file no longer has a name.
fn unlinked(file: &File) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        file.metadata().is_ok_and(|meta| meta.nlink() == 0)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        false
    }
}

/// Replaces the file `real` (the resolved `shown`) atomically: temp file in the same
/// directory, fsync, rename, fsync dir. A symlinked data file stays a symlink (its target is
/// replaced) and keeps its permissions.
/// Refuses a read-only data file: renaming over it would succeed, but read-only means "do
/// not change".
fn check_writable(real: &Path, shown: &Path) -> Result<(), StoreError> {
    match OpenOptions::new().write(true).open(real) {
        Err(error) if error.kind() == io::ErrorKind::PermissionDenied => {
            Err(StoreError::ReadOnly(shown.to_path_buf()))
        }
        _ => Ok(()),
    }
}

fn save(real: &Path, shown: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    check_writable(real, shown)?;
    let temp = write_temp(real, shown, bytes, beside::mode_of(real))?;
    temp.persist(real)
        .map_err(|e| io_error("write", shown)(e.error))?;
    sync_dir(real);
    Ok(())
}

/// Makes the rename durable. Best effort: not every platform can open a directory.
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(handle) = File::open(dir)
    {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Settings;

    #[test]
    fn saves_are_stable_and_end_with_a_newline() {
        let okrs = Okrs::new(Settings::default()).unwrap();
        let bytes = to_bytes(&okrs).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "{\n  \"version\": 3,\n  \"settings\": {\n    \"max_objectives\": 2,\n    \"min_krs\": 2,\n    \"max_krs\": 4\n  },\n  \"objectives\": []\n}\n"
        );
    }

    #[test]
    fn locate_walks_up_to_the_nearest_file() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        fs::create_dir_all(&nested).unwrap();
        assert!(matches!(
            locate(None, &nested),
            Err(StoreError::NotFound(_))
        ));
        fs::write(dir.path().join(FILE_NAME), "{}").unwrap();
        assert_eq!(locate(None, &nested).unwrap(), dir.path().join(FILE_NAME));
        // In `cwd` itself the answer is relative to it, for short messages.
        fs::write(nested.join(FILE_NAME), "{}").unwrap();
        assert_eq!(locate(None, &nested).unwrap(), PathBuf::from(FILE_NAME));
    }
}
