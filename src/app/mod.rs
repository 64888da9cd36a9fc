//! One function per subcommand: open the store, call the model, render, save.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;

use crate::cli::{
    AddArgs, AddCommand, AddKrArgs, AddObjectiveArgs, AlignArgs, CarryArgs, CheckArgs, CheckFormat,
    Cli, CloseArgs, ColorChoice, Command, EditArgs, FilterArgs, InitArgs, PeriodArgs, ProgressArgs,
    ReportArgs, RmArgs,
};
use crate::model::rules::Severity;
use crate::model::templates::{self, Template};
use crate::model::{
    CheckIn, Item, KeyResultEdit, Kind, ModelError, NewKeyResult, NewObjective, ObjectiveEdit,
    Okrs, Owner, Period, Settings, input, rules,
};
use crate::report::full::{self, Format, ReportView};
use crate::report::views::{
    CheckInView, CheckView, Detail, Filter, HistoryView, KeyResultView, StatusView, detail,
};
use crate::report::{Style, percent, plural, text, tree};
use crate::store::{self, StoreError};

mod busy;
mod lifecycle;
mod read;
mod scripting;
mod wizard;
mod write;

use lifecycle::*;
use read::*;
use scripting::*;
use write::*;

/// Whether the command did what was asked (exit 0) or found a broken rule (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// All good.
    Success,
    /// A check failed; its findings are already printed.
    Failed,
    /// The command line was incomplete; the usage is already printed.
    Usage,
}

struct Context<'a> {
    file: Option<PathBuf>,
    json: bool,
    write: store::WriteMode,
    style: Style,
    today: NaiveDate,
    out: &'a mut dyn Write,
}

impl Context<'_> {
    fn path(&self) -> Result<PathBuf, StoreError> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        store::locate(self.file.as_deref(), &cwd)
    }

    fn load(&self) -> Result<Okrs> {
        Ok(store::read(&self.path()?)?)
    }

    /// Read–modify–write of the data file (see `store::update`); says so on stderr when
    /// `--dry-run` kept a change from being saved.
    fn update<T>(&self, change: impl FnOnce(&mut Okrs) -> Result<T>) -> Result<T> {
        let path = self.path()?;
        let (result, saved) = store::update(&path, self.write, change)?;
        if saved == store::Saved::WouldChange {
            eprintln!("dry run: {} was not changed", path.display());
        }
        Ok(result)
    }

    /// Prints `value` as JSON with `--json`, else the human `text`.
    fn emit(&mut self, value: &impl Serialize, text: &str) -> Result<()> {
        self.emit_with(value, || text.to_string())
    }

    /// Like `emit`, building the text only when it is printed: large listings do not pay for
    /// the table they do not show. JSON is streamed, not built in memory first.
    fn emit_with(&mut self, value: &impl Serialize, text: impl FnOnce() -> String) -> Result<()> {
        if self.json {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut *self.out);
            serde_json::to_writer_pretty(&mut out, value)?;
            out.write_all(b"\n")?;
            out.flush()?;
        } else {
            self.out.write_all(text().as_bytes())?;
        }
        Ok(())
    }

    fn period_or_this_quarter(&self, period: Option<&str>) -> Result<Period> {
        match period {
            Some(text) => Ok(text.parse()?),
            None => Ok(Period::quarter_of(self.today)?),
        }
    }
}

impl Outcome {
    /// The process exit code: 0 or 1.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Failed => ExitCode::FAILURE,
            Outcome::Usage => ExitCode::from(2),
        }
    }
}

/// Prints a failed command's error on stderr and returns its exit code: 75 (`EX_TEMPFAIL`)
/// when the data file stayed locked, so that a script may simply retry; 1 otherwise. A reader
/// that went away (`okr list | head`) is no error at all.
pub fn report_error(error: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(error) {
        return ExitCode::SUCCESS;
    }
    // Messages quote arguments, file contents and imported cells: show their control
    // characters as escapes rather than let them act on the terminal.
    eprintln!("error: {}", input::escaped(&error.to_string()));
    match error.downcast_ref() {
        Some(StoreError::Locked { .. }) => ExitCode::from(75),
        _ => ExitCode::FAILURE,
    }
}

/// Whether the error, or anything that caused it, is a write to a reader that went away.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => Some(io.kind()),
            None => cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind),
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints a command-line usage error (clap's) with any control characters in the arguments
/// it quotes shown as escapes, and returns its exit code (2; 0 for `--help`, `--version`).
pub fn report_usage_error(error: &clap::Error) -> ExitCode {
    if !error.use_stderr() {
        // `--help` and `--version` are output, and may be piped and cut short like any other.
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    let text = error.render().to_string();
    let lines: Vec<_> = text.lines().map(input::escaped).collect();
    eprintln!("{}", lines.join("\n"));
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}

/// Runs the parsed command, writing data to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<Outcome> {
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let mut cx = Context {
        file: cli.file,
        json: cli.json,
        write: store::WriteMode {
            dry_run: cli.dry_run,
            wait: std::time::Duration::from_secs_f64(cli.wait),
        },
        style: Style {
            color,
            // Like ls, tables honour COLUMNS; otherwise they fit the terminal, if any.
            width: std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()),
        },
        today: today()?,
        out,
    };
    match cli.command {
        Command::Init(args) => init(&mut cx, args),
        Command::Add(AddArgs {
            command: Some(AddCommand::Objective(args)),
            ..
        }) => add_objective(&mut cx, args),
        Command::Add(AddArgs {
            command: Some(AddCommand::Kr(args)),
            ..
        }) => add_kr(&mut cx, args),
        Command::Add(AddArgs {
            command: None,
            interactive,
        }) => wizard::run(&mut cx, interactive),
        Command::Templates => templates(&mut cx),
        Command::Progress(args) => progress(&mut cx, args),
        Command::Status(args) => status(&mut cx, &args),
        Command::List(args) => list(&mut cx, &args),
        Command::Show(args) => show(&mut cx, &args.id),
        Command::Tree(args) => show_tree(&mut cx, &args),
        Command::Edit(args) => edit(&mut cx, args),
        Command::Rm(args) => rm(&mut cx, &args),
        Command::Align(args) => align(&mut cx, &args),
        Command::Unalign(args) => unalign(&mut cx, &args),
        Command::Check(args) => check(&mut cx, &args),
        Command::History(args) => history(&mut cx, &args.kr),
        Command::Close(args) => close(&mut cx, &args),
        Command::Carry(args) => carry(&mut cx, &args),
        Command::Report(args) => report(&mut cx, &args),
        Command::Kpi(command) => kpi(&mut cx, command),
        Command::Import(args) => import(&mut cx, &args),
        Command::Schema => schema(&mut cx),
        Command::Completions(args) => completions(&mut cx, args.shell),
        Command::Man => man(&mut cx),
    }
}

/// Today's date: `OKR_TODAY` when set (scripts, tests, back-dating), else the local clock.
fn today() -> Result<NaiveDate> {
    match std::env::var("OKR_TODAY") {
        Ok(text) => input::date(&text).map_err(|_| {
            anyhow!("invalid `OKR_TODAY` `{text}`; use YYYY-MM-DD, e.g. 2026-11-23, or unset it")
        }),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

fn optional_number(text: Option<&str>, what: &str) -> Result<Option<f64>, ModelError> {
    text.map(|t| input::number(t, what)).transpose()
}
