//! Files people ask okr to write besides the data file: reports (`report -o`).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{
    NEW_FILE_MODE, StoreError, beside, file_name, io_error, journal, lock_path, parent_dir,
    remove_orphans, save, sync_dir, temp_prefix, write_temp,
};

/// Writes a report all or nothing, replacing one that exists (through a link the user
/// named: the report goes where the link points).
fn write_report(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    match fs::canonicalize(path) {
        Ok(real) => save(&real, path, bytes),
        Err(_) => {
            let temp = write_temp(path, path, bytes, NEW_FILE_MODE)?;
            temp.persist(path)
                .map_err(|e| io_error("write", path)(e.error))?;
            sync_dir(path);
            Ok(())
        }
    }
}

/// Writes a report to `output`. A regular file (or a new path) is replaced all or nothing,
/// like the data file; anything else (`/dev/null`, `/dev/stdout`, a FIFO) is written
/// straight, since renaming over it would replace the device. The data file `data` and its
/// companions (lock, undo journal and all in it, backups, temporary files) are refused.
pub fn write_output(output: &Path, bytes: &[u8], data: &Path) -> Result<(), StoreError> {
    if let Some(what) = companion_of(output, data) {
        return Err(StoreError::WouldOverwrite {
            output: output.to_path_buf(),
            what,
        });
    }
    match fs::metadata(output) {
        Ok(meta) if meta.is_dir() => Err(StoreError::NotRegular {
            path: output.to_path_buf(),
            kind: beside::kind(&meta),
        }),
        Ok(meta) if !meta.is_file() => {
            let mut file = OpenOptions::new()
                .write(true)
                .open(output)
                .map_err(io_error("write", output))?;
            file.write_all(bytes).map_err(io_error("write", output))
        }
        _ => {
            if let Some(real) = real_path_new(output) {
                remove_orphans(&real);
            }
            write_report(output, bytes)
        }
    }
}

/// The file `path` names through any symlinks, or for a path that does not exist yet, where
/// it would be created.
fn real_path_new(path: &Path) -> Option<PathBuf> {
    fs::canonicalize(path).ok().or_else(|| {
        let name = path.file_name()?;
        Some(fs::canonicalize(parent_dir(path)).ok()?.join(name))
    })
}

/// Whether `path` exists and is neither a regular file nor a directory (a device, a FIFO).
pub fn is_special(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir())
}

/// What `output` is to the data file `data`, if it is the file itself or one of the files
/// okr keeps beside it. Paths are compared as resolved, so no symlink or `..` gets round it.
fn companion_of(output: &Path, data: &Path) -> Option<String> {
    let real = fs::canonicalize(data).ok()?;
    let out = real_path_new(output)?;
    if out == real {
        return Some(if output == data {
            "the data file".to_string()
        } else {
            format!("the data file `{}`", data.display())
        });
    }
    if out == lock_path(&real) {
        return Some(format!("the lock of the data file `{}`", data.display()));
    }
    if out.starts_with(journal::dir(&real)) {
        return Some(format!(
            "in the undo journal of the data file `{}`",
            data.display()
        ));
    }
    let (name, data_name) = (file_name(&out), file_name(&real));
    let same_dir = out.parent() == real.parent();
    let backup = name
        .strip_prefix(&format!("{data_name}.v"))
        .and_then(|rest| rest.strip_suffix(".bak"))
        .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()));
    if same_dir && backup {
        return Some(format!("a backup of the data file `{}`", data.display()));
    }
    if same_dir && name.starts_with(&temp_prefix(&real)) {
        return Some(format!(
            "a temporary file of the data file `{}`",
            data.display()
        ));
    }
    None
}
