//! The data file in git: an earlier version of it (`okr diff REV`), and what `okr setup-git`
//! registers (the merge driver and diff in `.gitattributes` and the repository's config).
//! Runs the real `git`.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::StoreError;
use super::beside;
use crate::model::Okrs;

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
    let top = git(&dir, &["rev-parse", "--show-toplevel"]).map_err(|error| match error {
        // Git itself is missing: say that, not that the file is outside a repository.
        StoreError::Git { ref detail, .. } if detail.starts_with("cannot run git") => error,
        _ => StoreError::NotInGit {
            path: path.to_path_buf(),
        },
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

/// A revision the data file was read at: what was typed, the commit and its date.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// The revision as typed: `HEAD~1`, `origin/main`.
    pub name: String,
    /// The full commit hash.
    pub commit: String,
    /// The commit's date (the committer's), which the file is judged as of.
    pub date: chrono::NaiveDate,
}

impl Revision {
    /// `HEAD~1 (3f2a9c1, 2026-11-20)`.
    pub fn label(&self) -> String {
        format!(
            "{} ({}, {})",
            self.name,
            &self.commit[..7.min(self.commit.len())],
            self.date
        )
    }
}

/// The bytes of the data file `path` at git revision `rev`, and the revision: the commit
/// and its date. A file missing at `rev` is refused naming `rev`; in a shallow clone, a
/// revision it does not hold is refused with the `git fetch` that brings it.
pub fn at(path: &Path, rev: &str) -> Result<(Vec<u8>, Revision), StoreError> {
    let (top, relative) = in_work_tree(path)?;
    let commit = match commit_of(&top, rev) {
        Err(StoreError::UnknownRevision(_)) if is_shallow(&top) => {
            return Err(StoreError::ShallowRevision {
                rev: rev.to_string(),
                fetch: fetch_for(&top, rev),
            });
        }
        other => other?,
    };
    let spec = format!("{commit}:{relative}");
    if git(&top, &["cat-file", "-e", &spec]).is_err() {
        return Err(StoreError::NotAtRevision {
            path: relative,
            rev: rev.to_string(),
        });
    }
    let date = git(&top, &["show", "-s", "--format=%cs", &commit])?;
    let date = crate::model::input::date(date.trim()).map_err(|_| StoreError::Git {
        command: format!("git show -s --format=%cs {commit}"),
        detail: format!("the commit's date reads `{}`", date.trim()),
    })?;
    let bytes = blob_at(&top, &relative, &commit, rev)?;
    Ok((
        bytes,
        Revision {
            name: rev.to_string(),
            commit,
            date,
        },
    ))
}

/// Whether the repository at `top` is a shallow clone.
fn is_shallow(top: &Path) -> bool {
    git(top, &["rev-parse", "--is-shallow-repository"]).is_ok_and(|out| out.trim() == "true")
}

/// The `git fetch` that brings `rev` into a shallow clone: a remote's branch by itself, else
/// the rest of the history.
fn fetch_for(top: &Path, rev: &str) -> String {
    let remotes = git(top, &["remote"]).unwrap_or_default();
    for remote in remotes.lines().map(str::trim).filter(|r| !r.is_empty()) {
        if let Some(branch) = rev.strip_prefix(&format!("{remote}/"))
            && !branch.is_empty()
        {
            return format!(
                "git fetch --no-tags --depth=1 {remote} {branch}:refs/remotes/{remote}/{branch}"
            );
        }
    }
    "git fetch --unshallow".to_string()
}

/// One commit that changed the data file: its hash, date, author and subject, and the
/// file's blobs before and after (`None` where it did not exist).
#[derive(Debug, Clone)]
pub struct FileCommit {
    pub commit: String,
    pub date: chrono::NaiveDate,
    pub author: String,
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The commits that changed the data file `path` up to `until` (a commit; `HEAD` when
/// `None`), merges left out (their changes are their parents'), newest first, with the blobs
/// of each side.
pub fn file_log(path: &Path, until: Option<&str>) -> Result<Vec<FileCommit>, StoreError> {
    let (top, relative) = in_work_tree(path)?;
    let until = match until {
        Some(rev) => commit_of(&top, rev)?,
        None => "HEAD".to_string(),
    };
    let out = git(
        &top,
        &[
            "log",
            &until,
            "--no-merges",
            "--no-renames",
            "--raw",
            "--no-abbrev",
            "--format=%x01%H%x00%cs%x00%an%x00%s",
            "--",
            &relative,
        ],
    )?;
    let mut commits = Vec::new();
    for record in out.split('\u{1}').filter(|r| !r.trim().is_empty()) {
        let mut lines = record.lines();
        let head = lines.next().unwrap_or_default();
        let fields: Vec<&str> = head.split('\0').collect();
        let [commit, date, author, subject] = fields[..] else {
            continue;
        };
        let Ok(date) = crate::model::input::date(date) else {
            continue;
        };
        // `:100644 100644 OLD NEW M\tpath`
        let raw = lines.find(|l| l.starts_with(':')).unwrap_or_default();
        let parts: Vec<&str> = raw.split_whitespace().collect();
        let blob = |i: usize| {
            parts
                .get(i)
                .filter(|b| !b.bytes().all(|c| c == b'0'))
                .map(|b| b.to_string())
        };
        commits.push(FileCommit {
            commit: commit.to_string(),
            date,
            author: author.to_string(),
            subject: subject.to_string(),
            before: blob(2),
            after: blob(3),
        });
    }
    Ok(commits)
}

/// Each version of the data file by blob id: the file read, or why it could not be.
pub type Versions = HashMap<String, Result<Okrs, String>>;

/// Every version of the data file `path` that `commits` name before or after, fetched by
/// one `git cat-file --batch` and each parsed once, on as many threads as there are cores.
pub fn versions(path: &Path, commits: &[FileCommit]) -> Result<Versions, StoreError> {
    let mut wanted: Vec<String> = commits
        .iter()
        .flat_map(|c| c.before.iter().chain(&c.after))
        .cloned()
        .collect();
    wanted.sort();
    wanted.dedup();
    let bytes = blobs(path, &wanted)?;
    let parsed = parse_all(path, &wanted, &bytes);
    Ok(wanted.into_iter().zip(parsed).collect())
}

/// Each blob parsed (or why not), split over the machine's cores.
fn parse_all(
    path: &std::path::Path,
    names: &[String],
    bytes: &[Vec<u8>],
) -> Vec<Result<Okrs, String>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .max(1);
    let chunk = bytes.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = bytes
            .chunks(chunk)
            .zip(names.chunks(chunk))
            .map(|(bytes, names)| {
                let count = bytes.len();
                let handle = scope.spawn(move || {
                    bytes
                        .iter()
                        .zip(names)
                        .map(|(b, name)| {
                            let shown = PathBuf::from(format!("{name}:{}", path.display()));
                            super::parse(&shown, b).map_err(|e| e.to_string())
                        })
                        .collect::<Vec<_>>()
                });
                (handle, count)
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(h, count)| {
                h.join()
                    .unwrap_or_else(|_| vec![Err("reading it failed".to_string()); count])
            })
            .collect()
    })
}

/// The contents of the blobs `ids`, read by one `git cat-file --batch`, in the same order.
fn blobs(path: &Path, ids: &[String]) -> Result<Vec<Vec<u8>>, StoreError> {
    use std::io::{Read, Write};
    let (top, _) = in_work_tree(path)?;
    let failed = |detail: String| StoreError::Git {
        command: "git cat-file --batch".into(),
        detail,
    };
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .current_dir(&top)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| {
            failed(format!(
                "cannot run git ({e}); install git or put it on PATH"
            ))
        })?;
    let mut input = child
        .stdin
        .take()
        .ok_or_else(|| failed("no input".into()))?;
    let list: String = ids.iter().map(|id| format!("{id}\n")).collect();
    let writer = std::thread::spawn(move || input.write_all(list.as_bytes()));
    let mut output = Vec::new();
    child
        .stdout
        .take()
        .ok_or_else(|| failed("no output".into()))?
        .read_to_end(&mut output)
        .map_err(|e| failed(e.to_string()))?;
    writer
        .join()
        .map_err(|_| failed("writing to git failed".into()))?
        .map_err(|e| failed(e.to_string()))?;
    child.wait().map_err(|e| failed(e.to_string()))?;
    // Each: `<id> blob <size>\n<bytes>\n`.
    let mut blobs = Vec::new();
    let mut rest = &output[..];
    for id in ids {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| failed(format!("no header for {id}")))?;
        let header = String::from_utf8_lossy(&rest[..end]).into_owned();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| failed(format!("`{header}` for {id}")))?;
        let body = rest
            .get(end + 1..end + 1 + size)
            .ok_or_else(|| failed(format!("{id} cut short")))?;
        blobs.push(body.to_vec());
        rest = rest.get(end + 2 + size..).unwrap_or_default();
    }
    Ok(blobs)
}

/// The bytes of the data file `path` as it was at git revision `rev`.
pub fn show(path: &Path, rev: &str) -> Result<Vec<u8>, StoreError> {
    let (top, relative) = in_work_tree(path)?;
    let commit = commit_of(&top, rev)?;
    blob_at(&top, &relative, &commit, rev)
}

/// The bytes of `relative` (from the top of the work tree `top`) at `commit`, which `rev`
/// named (for messages).
fn blob_at(top: &Path, relative: &str, commit: &str, rev: &str) -> Result<Vec<u8>, StoreError> {
    let spec = format!("{commit}:{relative}");
    let output = Command::new("git")
        .args(["show", &spec])
        .current_dir(top)
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

/// The bytes of the data file `path` as the last commit before `day` left it, among the
/// ancestors of `until` (a commit; `HEAD` when `None`); `None` when the file is not in git or
/// no commit is that old.
pub fn before_day(path: &Path, day: chrono::NaiveDate, until: Option<&str>) -> Option<Vec<u8>> {
    let (top, _) = in_work_tree(path).ok()?;
    let commit = git(
        &top,
        &[
            "rev-list",
            "-1",
            &format!("--before={day} 00:00"),
            until.unwrap_or("HEAD"),
        ],
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
