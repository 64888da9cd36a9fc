//! The data file in git: an earlier version of it (`okr diff REV`), and what `okr setup-git`
//! registers (the merge driver and diff in `.gitattributes` and the repository's config).
//! Runs the real `git`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::StoreError;
use super::beside;

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

/// The commit a revision names, as a full hash. A revision is never read as an option:
/// `--output=x` is refused here, and `--end-of-options` keeps git from reading one anyway.
fn commit_of(top: &Path, rev: &str) -> Result<String, StoreError> {
    if rev.starts_with('-') || rev.is_empty() || rev.chars().any(char::is_control) {
        return Err(StoreError::NotARevision(rev.to_string()));
    }
    let hash = git(
        top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| StoreError::UnknownRevision(rev.to_string()))?;
    let hash = hash.trim();
    if hash.is_empty() || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::UnknownRevision(rev.to_string()));
    }
    Ok(hash.to_string())
}

/// The bytes of the data file `path` as it was at git revision `rev`.
pub fn show(path: &Path, rev: &str) -> Result<Vec<u8>, StoreError> {
    let (top, relative) = in_work_tree(path)?;
    let commit = commit_of(&top, rev)?;
    let spec = format!("{commit}:{relative}");
    let output = Command::new("git")
        .args(["show", &spec])
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

/// git's `user.name` where the data file `path` is, when it lies in a work tree and git
/// knows one: who a check-in is from, when nobody said.
pub fn user_name(path: &Path) -> Option<String> {
    let (top, _) = in_work_tree(path).ok()?;
    let name = git(&top, &["config", "user.name"]).ok()?;
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_string())
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

/// `relative` as a pattern that matches exactly that path, for `.gitattributes` (quoted in C
/// style where it has to be) and for `.gitignore` (escaped with backslashes); an error for a
/// path no pattern can express.
fn patterns(relative: &str) -> Result<(String, String), StoreError> {
    if relative.chars().any(char::is_control) {
        return Err(StoreError::Unmatchable(relative.to_string()));
    }
    // What a glob would read as a wildcard is escaped, in both files.
    let mut glob = String::with_capacity(relative.len());
    for c in relative.chars() {
        if matches!(c, '\\' | '*' | '?' | '[') {
            glob.push('\\');
        }
        glob.push(c);
    }
    let plain = glob
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+".contains(&b));
    let attributes = if plain {
        glob.clone()
    } else {
        format!("\"{}\"", glob.replace('\\', "\\\\").replace('"', "\\\""))
    };
    let mut ignore = glob.replace(' ', "\\ ");
    if ignore.starts_with(['#', '!']) {
        ignore.insert(0, '\\');
    }
    Ok((attributes, ignore))
}

/// Registers okr for the data file `path` in its git work tree: a line in the top-level
/// `.gitattributes` (once) and the merge driver and diff command in the repository's
/// config, running `exe`. The config goes first, so that a repository git cannot write
/// (a read-only `.git`) fails before any file has changed.
pub fn setup(path: &Path, exe: &str) -> Result<Setup, StoreError> {
    let (top, relative) = in_work_tree(path)?;
    let (pattern, ignore_dir) = patterns(&relative)?;
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
    let attributes = top.join(".gitattributes");
    let text = read_text(&attributes)?;
    let line = format!("{pattern} merge=okr diff=okr");
    let present = text.lines().any(|l| {
        l.strip_prefix(pattern.as_str())
            .is_some_and(|rest| rest.split_whitespace().any(|w| w == "merge=okr"))
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
    let ignored_text = read_text(&ignore)?;
    let (dir, name) = match ignore_dir.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name.to_string()),
        None => (String::new(), ignore_dir.clone()),
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
    Ok(Setup {
        top,
        pattern,
        attributes_added: !present,
        ignored,
        config,
    })
}

/// A text file of the work tree (`.gitattributes`, `.gitignore`), empty when missing; like
/// every file beside the data file, only a regular one, never through a link.
fn read_text(path: &Path) -> Result<String, StoreError> {
    if fs::symlink_metadata(path).is_err() {
        return Ok(String::new());
    }
    let bytes = beside::read_regular(
        path,
        beside::Links::Refuse,
        path,
        super::MAX_FILE_BYTES,
        || StoreError::TooLarge {
            path: path.to_path_buf(),
            limit: super::MAX_FILE_BYTES >> 20,
        },
    )?;
    String::from_utf8(bytes).map_err(|_| StoreError::Parse {
        path: path.to_path_buf(),
        detail: "it is not UTF-8 text".into(),
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
