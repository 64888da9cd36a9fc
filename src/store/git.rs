//! The data file in git: an earlier version of it (`okr diff REV`), and what `okr setup-git`
//! registers (the merge driver and diff in `.gitattributes` and the repository's config).
//! Runs the real `git`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::beside;
use super::{StoreError, io_error};

/// Runs `git ARGS` in `dir`; its standard output, or the first line it printed on error.
fn git(dir: &Path, args: &[&str]) -> Result<String, StoreError> {
    let failed = |detail: String| StoreError::Git {
        command: format!("git {}", args.join(" ")),
        detail,
    };
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| {
            failed(format!(
                "cannot run git ({e}); install git or put it on PATH"
            ))
        })?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let line = stderr.lines().next().unwrap_or("failed").trim();
        Err(failed(line.trim_start_matches("fatal: ").to_string()))
    }
}

/// The directory `path` is in, for running git there.
fn dir_of(path: &Path) -> PathBuf {
    let dir = super::parent_dir(path);
    fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// The top of the git work tree holding `path`, and `path` relative to it (with `/`).
fn in_work_tree(path: &Path) -> Result<(PathBuf, String), StoreError> {
    let dir = dir_of(path);
    let top = git(&dir, &["rev-parse", "--show-toplevel"]).map_err(|_| StoreError::NotInGit {
        path: path.to_path_buf(),
    })?;
    let top = PathBuf::from(top.trim_end_matches(['\n', '\r']));
    let top = fs::canonicalize(&top).unwrap_or(top);
    let name = path.file_name().map(Path::new).unwrap_or(path);
    let full = dir.join(name);
    let relative = full
        .strip_prefix(&top)
        .map_err(|_| StoreError::NotInGit {
            path: path.to_path_buf(),
        })?
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    Ok((top, relative))
}

/// The bytes of the data file `path` as it was at git revision `rev`.
pub fn show(path: &Path, rev: &str) -> Result<Vec<u8>, StoreError> {
    let (top, relative) = in_work_tree(path)?;
    let output = Command::new("git")
        .args(["show", &format!("{rev}:{relative}")])
        .current_dir(&top)
        .output()
        .map_err(|e| StoreError::Git {
            command: format!("git show {rev}:{relative}"),
            detail: format!("cannot run git ({e}); install git or put it on PATH"),
        })?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(StoreError::Git {
            command: format!("git show {rev}:{relative}"),
            detail: stderr
                .lines()
                .next()
                .unwrap_or("failed")
                .trim_start_matches("fatal: ")
                .to_string(),
        })
    }
}

/// The bytes of the data file `path` as the last commit before `day` left it; `None` when
/// the file is not in git or no commit is that old.
pub fn before_day(path: &Path, day: chrono::NaiveDate) -> Option<Vec<u8>> {
    let (top, _) = in_work_tree(path).ok()?;
    let commit = git(
        &top,
        &["rev-list", "-1", &format!("--before={day} 00:00"), "HEAD"],
    )
    .ok()?;
    let commit = commit.trim();
    if commit.is_empty() {
        return None;
    }
    show(path, commit).ok()
}

/// What `setup` did, each a line for people.
#[derive(Debug, Default)]
pub struct Setup {
    /// The work tree.
    pub top: PathBuf,
    /// The data file, relative to it.
    pub pattern: String,
    /// Whether the `.gitattributes` line was added (false: it was there).
    pub attributes_added: bool,
    /// The lines added to `.gitignore` (the lock and the undo journal).
    pub ignored: Vec<String>,
    /// The git config entries set, as `key = value`.
    pub config: Vec<(String, String)>,
}

/// Registers okr for the data file `path` in its git work tree: a line in the top-level
/// `.gitattributes` (once) and the merge driver and diff command in the repository's
/// config, running `exe`.
pub fn setup(path: &Path, exe: &str) -> Result<Setup, StoreError> {
    let (top, pattern) = in_work_tree(path)?;
    let attributes = top.join(".gitattributes");
    let text = match fs::read_to_string(&attributes) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io_error("read", &attributes)(e)),
    };
    let line = format!("{pattern} merge=okr diff=okr");
    let present = text.lines().any(|l| {
        let mut words = l.split_whitespace();
        words.next() == Some(pattern.as_str()) && words.any(|w| w == "merge=okr")
    });
    if !present {
        let mut new = text.clone();
        if !new.is_empty() && !new.ends_with('\n') {
            new.push('\n');
        }
        new.push_str(&line);
        new.push('\n');
        beside::write_file(&attributes, new.as_bytes(), mode_or_new(&attributes))?;
    }
    // The lock and the undo journal belong to one clone: never commit them.
    let ignore = top.join(".gitignore");
    let ignored_text = match fs::read_to_string(&ignore) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io_error("read", &ignore)(e)),
    };
    let (dir, name) = match pattern.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name.to_string()),
        None => (String::new(), pattern.clone()),
    };
    let wanted = [format!("{dir}.{name}.lock"), format!("{dir}.{name}.undo/")];
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|w| !ignored_text.lines().any(|l| l.trim() == w.as_str()))
        .collect();
    let mut ignored = Vec::new();
    if !missing.is_empty() {
        let mut new = ignored_text.clone();
        if !new.is_empty() && !new.ends_with('\n') {
            new.push('\n');
        }
        for line in &missing {
            new.push_str(line);
            new.push('\n');
            ignored.push((*line).clone());
        }
        beside::write_file(&ignore, new.as_bytes(), mode_or_new(&ignore))?;
    }
    let quoted = shell_quote(exe);
    let config = vec![
        (
            "merge.okr.name".to_string(),
            "okr: merge OKR files by id".to_string(),
        ),
        (
            "merge.okr.driver".to_string(),
            format!("{quoted} merge %O %A %B --path %P"),
        ),
        ("diff.okr.command".to_string(), format!("{quoted} diff")),
    ];
    for (key, value) in &config {
        git(&top, &["config", "--local", key, value])?;
    }
    Ok(Setup {
        top,
        pattern,
        attributes_added: !present,
        ignored,
        config,
    })
}

/// The mode a rewritten `path` keeps: its own, or an ordinary file's when it is new.
fn mode_or_new(path: &Path) -> u32 {
    if path.symlink_metadata().is_ok() {
        beside::mode_of(path)
    } else {
        super::NEW_FILE_MODE
    }
}

/// `text` quoted for the shell git runs drivers with, when it needs quoting.
fn shell_quote(text: &str) -> String {
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+".contains(&b));
    if plain && !text.is_empty() {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
