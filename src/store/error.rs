//! Everything that can go wrong with the data file, each message naming it.

use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::FILE_NAME;
use crate::model::{ModelError, VERSION};

/// A failure to find, read or write the data file. Every message names the file.
#[derive(Debug, Error)]
pub enum StoreError {
    /// No `--file`, no `OKR_FILE`, and no `okrs.json` up the directory tree.
    #[error(
        "no `{FILE_NAME}` found in `{0}` or its parents; run `okr init` to create one, or pass `--file PATH`"
    )]
    NotFound(PathBuf),
    /// No data file up the tree, but one a level or two below.
    #[error(
        "no `{FILE_NAME}` found in `{dir}` or its parents, but there is `{}` below; pass `--file {}` or run okr from its folder",
        crate::report::shown(found),
        crate::report::shown(found)
    )]
    Below {
        /// Where okr looked from.
        dir: PathBuf,
        /// The file found below, relative to `dir`.
        found: PathBuf,
    },
    /// No data file up the tree, but a file here named like one.
    #[error(
        "no `{FILE_NAME}` found in `{dir}` or its parents, but `{}` here looks like one; pass `--file {}` or rename it to `{FILE_NAME}`",
        crate::report::shown(found),
        crate::report::shown(found)
    )]
    Like {
        /// Where okr looked from.
        dir: PathBuf,
        /// The file named like a data file.
        found: PathBuf,
    },
    /// The file named by `--file` or `OKR_FILE` is missing.
    #[error("`{0}` does not exist; run `okr init --file {0}` to create it, or check the path")]
    Missing(PathBuf),
    /// `init` on a path that already has a file.
    #[error("`{0}` already exists; edit it with `okr add`, or remove it first to start over")]
    Exists(PathBuf),
    /// An operating-system error.
    #[error("cannot {action} `{path}`: {source}")]
    Io {
        /// What was being done: `read`, `write`, `lock`.
        action: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// A change that would leave the file unloadable.
    #[error("{0}")]
    Invalid(ModelError),
    /// A data file the user may not write.
    #[error("`{0}` is read-only; make it writable (chmod u+w) to change it")]
    ReadOnly(PathBuf),
    /// Content that is not an okr data file.
    #[error(
        "`{path}` is not a valid okr data file: {detail}; fix it or restore it from version control"
    )]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong, with line and column where known.
        detail: String,
    },
    /// Another `okr` kept the file locked for longer than `--wait`.
    #[error(
        "`{path}` is locked by another okr command and stayed locked for {seconds} s; try again, or raise `--wait`"
    )]
    Locked {
        /// The file.
        path: PathBuf,
        /// How long this command waited.
        seconds: f64,
    },
    /// Something other than a regular file where the data file should be.
    #[error("`{path}` is {kind}, not a regular file; point `--file` at an okrs.json file")]
    NotRegular {
        /// The path given.
        path: PathBuf,
        /// What it is: `a directory`, `a FIFO`, ...
        kind: &'static str,
    },
    /// Something other than a regular file where okr keeps a file of its own beside the data
    /// file (lock, journal, backup, `.gitignore`): a clone may bring one as a link.
    #[error(
        "`{path}` is {kind}, and okr keeps only regular files beside the data file; remove it, or replace it with a regular file"
    )]
    Untrusted {
        /// The path.
        path: PathBuf,
        /// What it is: `a symbolic link`, `a FIFO`, ...
        kind: &'static str,
    },
    /// A data file larger than okr reads.
    #[error(
        "`{path}` is larger than {limit} MiB, the most okr reads; split it by period or check that it is the right file"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit in MiB.
        limit: u64,
    },
    /// A report that would replace the data file or one of its companions.
    #[error(
        "`{output}` is {what}; write the report to another file, or to standard output with `-o -`"
    )]
    WouldOverwrite {
        /// The output path given.
        output: PathBuf,
        /// What it is: ``the data file `okrs.json` ``, ...
        what: String,
    },
    /// `undo` with no change in the journal.
    #[error("there is nothing to undo in `{0}`: no okr command has changed it here yet")]
    NothingToUndo(PathBuf),
    /// `undo` after something else changed the file.
    #[error(
        "`{path}` was changed by something else (a git pull, an editor) after `{command}`, so okr cannot undo it; use git to go back instead"
    )]
    ChangedSince {
        /// The data file.
        path: PathBuf,
        /// The newest command in the journal.
        command: String,
    },
    /// An undo step that cannot be trusted to put back what it says.
    #[error(
        "cannot undo from `{path}`: {why}; nothing was changed (remove the journal directory to start a fresh one)"
    )]
    BrokenJournal {
        /// The step.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// The data could not be turned into JSON (never expected; nothing was written).
    #[error("cannot write the data as JSON: {0}; nothing was changed")]
    Serialize(String),
    /// A git command that failed.
    #[error("`{command}` failed: {detail}")]
    Git {
        /// The command run.
        command: String,
        /// What git said, or why it could not run.
        detail: String,
    },
    /// A revision that looks like an option (or is empty): never handed to git.
    #[error(
        "`{0}` is not a git revision; name a commit, a branch or a tag (e.g. HEAD~1 or origin/main)"
    )]
    NotARevision(String),
    /// A revision git does not know.
    #[error(
        "git knows no commit `{0}`; check the name with `git log --oneline`, or fetch it first"
    )]
    UnknownRevision(String),
    /// A revision a shallow clone does not hold.
    #[error("git knows no commit `{rev}` in this shallow clone; bring it in with `{fetch}`")]
    ShallowRevision {
        /// The revision given.
        rev: String,
        /// The command that fetches it.
        fetch: String,
    },
    /// A data file that does not exist at a revision.
    #[error(
        "`{path}` does not exist at `{rev}`; name a revision that has it (`git log --oneline -- {path}`)"
    )]
    NotAtRevision {
        /// The data file, relative to the top of the work tree.
        path: String,
        /// The revision given.
        rev: String,
    },
    /// A data file path that no `.gitattributes` or `.gitignore` pattern can name.
    #[error(
        "cannot register `{0}` with git: its path has a control character that no .gitattributes pattern can match; rename the file or its folder"
    )]
    Unmatchable(String),
    /// A data file outside any git work tree, where git was needed.
    #[error(
        "`{path}` is not in a git work tree; run this inside the repository that holds it (`git init` makes one)"
    )]
    NotInGit {
        /// The data file.
        path: PathBuf,
    },
    /// A file written by a newer `okr`.
    #[error(
        "`{path}` has format version {found}, newer than this okr understands ({VERSION}); upgrade okr"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: u64,
    },
}

pub(super) fn io_error<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}
