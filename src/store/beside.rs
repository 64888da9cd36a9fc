//! Files beside the data file (its lock, undo journal, backups, git's `.gitattributes` and
//! `.gitignore`) are untrusted input: a clone can bring any of them committed, as a link, a
//! FIFO or a truncated file. Everything okr reads or writes there goes through here:
//! regular files only, opened without blocking, of bounded size, never through a link okr
//! did not make, and created with no more permission than the data file has.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;

use super::{StoreError, io_error, parent_dir, sync_dir};

/// Whether a path may be a symbolic link to the file meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Yes: the data file and the files people name (a symlinked okrs.json is theirs).
    Follow,
    /// No: a file okr keeps for itself, where a link can only be someone else's doing.
    Refuse,
}

/// What a path that is not a regular file is, in prose.
pub fn kind(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if meta.file_type().is_symlink() {
        "a symbolic link"
    } else if meta.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// The error for something other than a regular file at `shown`: the data file's own
/// message, or for a file okr keeps beside it, that it is not one okr made.
fn not_regular(shown: &Path, meta: &Metadata, links: Links) -> StoreError {
    let (path, kind) = (shown.to_path_buf(), kind(meta));
    match links {
        Links::Follow => StoreError::NotRegular { path, kind },
        Links::Refuse => StoreError::Untrusted { path, kind },
    }
}

/// Opens `path` for reading if it is a regular file. A FIFO or a device never blocks the
/// open (it is refused once open), and with [`Links::Refuse`] a symbolic link is refused,
/// not followed. Messages name `shown`.
pub fn open_regular(
    path: &Path,
    links: Links,
    shown: &Path,
) -> Result<(File, Metadata), StoreError> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if links == Links::Refuse {
            libc::O_NOFOLLOW
        } else {
            0
        };
        options.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    let file = options.open(path).map_err(|error| {
        // O_NOFOLLOW on a link fails with ELOOP: name what is there instead.
        match fs::symlink_metadata(path) {
            Ok(meta) if links == Links::Refuse && meta.file_type().is_symlink() => {
                not_regular(shown, &meta, links)
            }
            _ => io_error("read", shown)(error),
        }
    })?;
    let meta = file.metadata().map_err(io_error("read", shown))?;
    if !meta.is_file() {
        return Err(not_regular(shown, &meta, links));
    }
    Ok((file, meta))
}

/// The whole of the regular file `path`, refused past `limit` bytes (the size on disk may be
/// wrong for a file still growing: never read past the limit).
pub fn read_regular(
    path: &Path,
    links: Links,
    shown: &Path,
    limit: u64,
    too_large: impl FnOnce() -> StoreError,
) -> Result<Vec<u8>, StoreError> {
    let (file, meta) = open_regular(path, links, shown)?;
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error("read", shown))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The permission bits of the data file `real`, which every file okr creates beside it
/// keeps: a private okrs.json gets a private journal.
pub fn mode_of(real: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(real).map_or(0o644, |m| m.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = real;
        0o644
    }
}

/// A directory's mode for files of `mode`: searchable by whoever may read them.
pub fn dir_mode(mode: u32) -> u32 {
    mode | ((mode & 0o444) >> 2) | 0o700
}

/// Makes sure `dir` is a directory of okr's own beside the data file: created with
/// `mode` when missing, refused when it is a link or anything but a directory, and made no
/// more open than `mode` when an older okr created it looser.
pub fn ensure_dir(dir: &Path, mode: u32) -> Result<(), StoreError> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let current = meta.permissions().mode() & 0o777;
                if current & !mode != 0 {
                    fs::set_permissions(dir, fs::Permissions::from_mode(current & mode))
                        .map_err(io_error("write", dir))?;
                }
            }
            Ok(())
        }
        Ok(meta) => Err(not_regular(dir, &meta, Links::Refuse)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            let mut builder = fs::DirBuilder::new();
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt;
                builder.mode(mode);
            }
            builder.create(dir).map_err(io_error("write", dir))
        }
        Err(error) => Err(io_error("write", dir)(error)),
    }
}

/// Replaces (or creates) the regular file `path` with `bytes`, all or nothing, with the
/// permission bits `mode`. Whatever stands at `path` must be a regular file: a link is
/// refused, never written through, and the rename that puts the new file in place replaces
/// a name, so a link swapped in meanwhile is replaced, not followed.
pub fn write_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), StoreError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_file() => return Err(not_regular(path, &meta, Links::Refuse)),
        Ok(_) => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(io_error("write", path)(error)),
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(parent_dir(path))
        .map_err(|e| io_error("write", path)(io::Error::new(e.kind(), e.to_string())))?;
    // Private (0600) from creation on, then the mode asked: never more open in between.
    set_mode(temp.as_file(), mode).map_err(io_error("write", path))?;
    temp.as_file_mut()
        .write_all(bytes)
        .map_err(io_error("write", path))?;
    temp.as_file().sync_all().map_err(io_error("write", path))?;
    temp.persist(path)
        .map_err(|e| io_error("write", path)(e.error))?;
    sync_dir(path);
    Ok(())
}

/// Gives the open file the permission bits `mode` (where the platform has them).
pub fn set_mode(file: &File, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (file, mode);
        Ok(())
    }
}

/// Opens (creating with `mode`) the lock file `path` for writing, never through a link and
/// never blocking on a FIFO; anything but a regular file there is refused.
pub fn open_lock(path: &Path, mode: u32, shown: &Path) -> Result<File, StoreError> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(mode)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let file = options
        .open(path)
        .map_err(|error| match fs::symlink_metadata(path) {
            Ok(meta) if !meta.is_file() => not_regular(shown, &meta, Links::Refuse),
            _ => io_error("lock", shown)(error),
        })?;
    let meta = file.metadata().map_err(io_error("lock", shown))?;
    if !meta.is_file() {
        return Err(not_regular(shown, &meta, Links::Refuse));
    }
    Ok(file)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    #[test]
    fn links_fifos_and_devices_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        fs::write(&target, "secret").unwrap();
        let link = dir.path().join("link");
        symlink(&target, &link).unwrap();
        let refused = open_regular(&link, Links::Refuse, &link).unwrap_err();
        assert_eq!(
            refused.to_string(),
            format!(
                "`{}` is a symbolic link, and okr keeps only regular files beside the data file; remove it, or replace it with a regular file",
                link.display()
            )
        );
        assert!(open_regular(&link, Links::Follow, &link).is_ok());
        let zero = Path::new("/dev/zero");
        assert!(matches!(
            open_regular(zero, Links::Follow, zero),
            Err(StoreError::NotRegular {
                kind: "a device",
                ..
            })
        ));
        assert!(matches!(
            open_regular(zero, Links::Refuse, zero),
            Err(StoreError::Untrusted {
                kind: "a device",
                ..
            })
        ));
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(
                open_regular(&fifo, Links::Refuse, &fifo),
                Err(StoreError::Untrusted { kind: "a FIFO", .. })
            ));
        }
    }

    #[test]
    fn writes_never_go_through_a_link_and_keep_the_mode() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "mine").unwrap();
        let link = dir.path().join("link");
        symlink(&victim, &link).unwrap();
        assert!(write_file(&link, b"theirs", 0o600).is_err());
        assert_eq!(fs::read(&victim).unwrap(), b"mine");
        let file = dir.path().join("file");
        write_file(&file, b"new", 0o600).unwrap();
        assert_eq!(
            fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(dir_mode(0o600), 0o700);
        assert_eq!(dir_mode(0o644), 0o755);
        assert_eq!(dir_mode(0o640), 0o750);
    }
}
