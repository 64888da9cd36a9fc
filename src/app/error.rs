//! The one error type of the application: every failure a command can end with, its exit
//! code, and the how-to that follows the message.
//!
//! The model's errors speak the domain (`no objective or key result has id `o9``); this is
//! where the command to type is added (`run `okr list` to see the ids`).

use std::fmt;
use std::io;
use std::process::ExitCode;

use crate::model::{ModelError, input};
use crate::store::StoreError;

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// The model refused the change or the value (boxed: its messages carry several names).
    Model(Box<ModelError>),
    /// The data file could not be found, read or written.
    Store(StoreError),
    /// Input the model does not know about (an option's form, a file to import), already
    /// phrased with what to do.
    Input(String),
    /// Writing the output failed.
    Io(io::Error),
    /// Writing JSON output failed.
    Json(serde_json::Error),
    /// Options that do not go together, found after parsing (exit 2, as clap's).
    Usage(String),
}

/// Shorthand for a command's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error about the user's input, phrased with what to do.
    pub fn input(message: impl Into<String>) -> Error {
        Error::Input(message.into())
    }

    /// The process exit code: 75 (`EX_TEMPFAIL`) when the data file stayed locked, so that a
    /// script may simply retry; 0 when the reader of the output went away
    /// (`okr list | head`); 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            _ if self.is_broken_pipe() => 0,
            Error::Store(StoreError::Locked { .. }) => 75,
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// What to type next, where the message alone does not say.
    pub fn suggestion(&self) -> Option<String> {
        match self {
            Error::Model(error) => how_to(error),
            _ => None,
        }
    }

    /// Whether this is a write to a reader that went away.
    fn is_broken_pipe(&self) -> bool {
        let kind = match self {
            Error::Io(error) | Error::Store(StoreError::Io { source: error, .. }) => {
                Some(error.kind())
            }
            Error::Json(error) => error.io_error_kind(),
            _ => None,
        };
        kind == Some(io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Model(error) => write!(f, "{error}")?,
            Error::Store(error) => write!(f, "{error}")?,
            Error::Input(message) | Error::Usage(message) => f.write_str(message)?,
            Error::Io(error) => write!(f, "cannot write the output: {error}")?,
            Error::Json(error) => write!(f, "cannot write the output: {error}")?,
        }
        match self.suggestion() {
            Some(how) => write!(f, "; {how}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Error {}

impl From<ModelError> for Error {
    fn from(error: ModelError) -> Self {
        Error::Model(Box::new(error))
    }
}

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Self {
        Error::Store(error)
    }
}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Error::Io(error)
    }
}

impl From<serde_json::Error> for Error {
    fn from(error: serde_json::Error) -> Self {
        Error::Json(error)
    }
}

/// The command that gets past a model refusal, if one does.
fn how_to(error: &ModelError) -> Option<String> {
    use ModelError as E;
    Some(match error {
        E::DuplicateId(_) => "choose another or leave out `--id`".into(),
        E::UnknownId(_) => "run `okr list` to see the ids".into(),
        E::UnknownIdNear { near, .. } => format!("did you mean `{near}`?"),
        E::UnknownTeam {
            suggestion: Some(near),
            ..
        }
        | E::UnknownPerson {
            suggestion: Some(near),
            ..
        } => format!("did you mean `{near}`?"),
        E::UnknownTeam { .. } => "run `okr teams` to see the teams".into(),
        E::UnknownPerson { .. } => "run `okr teams` to see who owns objectives".into(),
        E::TeamExists(name) => format!(
            "pick another name, or move objectives to `{name}` with `okr edit ID --team {name}`"
        ),
        E::AmbiguousId { .. } => "run `okr list` to see the ids".into(),
        E::NotAnObjective(_) => "run `okr list` to see objective ids".into(),
        E::NotAKeyResult(id) => format!("run `okr show {id}` to see its key results"),
        E::NotAligned { objective, .. } => {
            format!("run `okr show {objective}` to see its alignments")
        }
        E::HasDependents { .. } => "unalign them first or use `--force`".into(),
        E::Closed { period, .. } => format!("reopen it with `okr close {period} --reopen` first"),
        E::AlreadyClosed { by, .. } => format!("reopen it with `okr close {by} --reopen`"),
        E::NotClosed(period) => format!("`okr close {period}` closes it"),
        E::StillRunning { .. } => "close it now anyway with `--early`".into(),
        E::NothingToClose(period) => format!("see what it holds with `okr list --period {period}`"),
        E::PeriodOver { .. } => "carry into a period that has not ended, e.g. `--to next`".into(),
        E::NoCheckIn { kr, .. } => format!("see its check-ins with `okr history {kr}`"),
        E::UnknownSetting(_) => "run `okr settings` to see them".into(),
        E::NoConflict(_) => "`okr check` lists the conflicts left".into(),
        E::DuplicateKpi(name) => format!("record values with `okr kpi record {name} VALUE`"),
        E::UnknownKpi(name) => format!("run `okr kpi list`, or add it with `okr kpi add {name}`"),
        E::AlignToObjective { kr, .. } => {
            format!("align to one of its key results (see `okr show {kr}`)")
        }
        E::PercentOfZero { .. } => {
            "give the target as a value (`--target 500`) or a start (`--start 400`)".into()
        }
        E::IdClash(_) => "rename it on one side with `--id` and merge again".into(),
        E::AmbiguousNumber {
            format: crate::model::input::NumberFormat::Point,
            ..
        } => "a team that writes 1.234,5 says so with `okr settings set number_format 1.234,5`"
            .into(),
        E::FieldUnfit { .. } => "set it with `okr edit` instead".into(),
        _ => return None,
    })
}

/// Prints a failed command's error on stderr and returns its exit code (see
/// [`Error::exit_code`]).
pub fn report_error(error: &Error) -> ExitCode {
    let code = error.exit_code();
    if code != 0 {
        // Messages quote arguments, file contents and imported cells: show their control
        // characters as escapes rather than let them act on the terminal.
        eprintln!("error: {}", input::escaped(&error.to_string()));
    }
    ExitCode::from(code)
}

/// Prints a command-line usage error (clap's) with any control characters in the arguments
/// it quotes shown as escapes, and returns its exit code: 2; 0 for `--help` and
/// `--version`; 1 for a value the model refused (a bad period, date or number), which gets
/// the same one-line message as any other bad input.
pub fn report_usage_error(error: &clap::Error) -> ExitCode {
    if !error.use_stderr() {
        // `--help` and `--version` are output, and may be piped and cut short like any other.
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    if let Some(refused) =
        std::error::Error::source(error).and_then(|source| source.downcast_ref::<ModelError>())
    {
        if let Some(hint) = swapped_progress(std::env::args().skip(1)) {
            eprintln!("error: {hint}");
            return ExitCode::FAILURE;
        }
        return report_error(&Error::from(refused.clone()));
    }
    let text = error.render().to_string();
    let lines: Vec<_> = text.lines().map(input::escaped).collect();
    eprintln!("{}", lines.join("\n"));
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}

/// For `okr progress 50600 kr1`, the value typed before the key result: the line that says
/// so and what to type instead.
fn swapped_progress(args: impl Iterator<Item = String>) -> Option<String> {
    let args: Vec<String> = args.collect();
    let at = args.iter().position(|a| a == "progress")?;
    let positional: Vec<&String> = args[at + 1..]
        .iter()
        .filter(|a| !a.starts_with("--"))
        .take(2)
        .collect();
    let [value, kr] = positional[..] else {
        return None;
    };
    let number = |text: &str| {
        [input::NumberFormat::Point, input::NumberFormat::Comma]
            .into_iter()
            .any(|format| input::measure_in(text, format).is_ok())
    };
    (number(value) && !number(kr)).then(|| {
        format!(
            "`{}` is not a number, but `{}` is; did you mean `okr progress {} {}`?",
            input::escaped(kr),
            input::escaped(value),
            input::escaped(kr),
            input::escaped(value)
        )
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{Error, StoreError};
    use crate::model::ModelError;

    #[test]
    fn each_error_has_its_exit_code_and_how_to() {
        let locked = Error::Store(StoreError::Locked {
            path: PathBuf::from("okrs.json"),
            seconds: 1.0,
        });
        assert_eq!(locked.exit_code(), 75);
        let pipe = Error::Io(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert_eq!(pipe.exit_code(), 0);
        let unknown = Error::from(ModelError::UnknownId("o9".into()));
        assert_eq!(unknown.exit_code(), 1);
        assert_eq!(
            unknown.to_string(),
            "no objective or key result has id `o9`; run `okr list` to see the ids"
        );
        assert_eq!(Error::input("plain").suggestion(), None);
    }
}
