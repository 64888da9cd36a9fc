//! One function per subcommand: open the store, call the model, render, save.
//!
//! Arguments arrive typed (see `cli`); each command returns a view from `report`, printed as
//! text or JSON by [`Context::emit`]. Failures are [`Error`]s, which carry their exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::{AddArgs, AddCommand, Cli, ColorChoice, Command, PeriodArg};
use crate::model::{Okrs, Period, input};
use crate::report::Style;
use crate::store::{self, StoreError};

mod busy;
mod checkin;
mod error;
mod git;
mod import;
mod kpi;
mod lifecycle;
mod meta;
mod prompt;
mod read;
mod wizard;
mod write;

pub use error::{Error, Result, report_error, report_usage_error};

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

impl Outcome {
    /// The process exit code: 0, 1, or 2 for usage.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Failed => ExitCode::FAILURE,
            Outcome::Usage => ExitCode::from(2),
        }
    }
}

/// What every command gets: the global options, resolved, and where to write.
struct Context<'a> {
    file: Option<PathBuf>,
    json: bool,
    write: store::WriteMode<'a>,
    style: Style,
    today: NaiveDate,
    /// `OKR_ID_SEED`: generated ids the same every run (tests, demos, examples).
    id_seed: Option<u64>,
    /// `--at REV`: the data file as it was at a commit, read instead of the working file.
    at: Option<(Vec<u8>, store::git::Revision)>,
    out: &'a mut dyn Write,
}

impl Context<'_> {
    fn path(&self) -> Result<PathBuf, StoreError> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        store::locate(self.file.as_deref(), &cwd)
    }

    fn load(&self) -> Result<Okrs> {
        let path = self.path()?;
        match &self.at {
            Some((bytes, rev)) => Ok(store::parse(&at_name(&path, rev), bytes)?),
            None => Ok(store::read(&path)?),
        }
    }

    /// Like `load`, with the line of each id in the file (for annotations).
    fn load_with_lines(&self) -> Result<(Okrs, std::collections::HashMap<String, usize>)> {
        let path = self.path()?;
        match &self.at {
            Some((bytes, rev)) => Ok(store::parse_with_lines(&at_name(&path, rev), bytes)?),
            None => Ok(store::read_with_lines(&path)?),
        }
    }

    /// Read–modify–write of the data file (see `store::update`); says so on stderr when
    /// `--dry-run` kept a change from being saved.
    fn update<T>(&self, change: impl FnOnce(&mut Okrs) -> Result<T>) -> Result<T> {
        let path = self.path()?;
        let seed = self.id_seed;
        let (result, saved) = store::update(&path, self.write, |okrs| {
            if let Some(seed) = seed {
                // Mixed with the file's size, so that each command draws new ids.
                let count = okrs.id_count() as u64;
                okrs.seed_ids(seed ^ count.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            }
            change(okrs)
        })?;
        match saved {
            store::Saved::WouldChange => {
                eprintln!("dry run: {} was not changed", crate::report::shown(&path))
            }
            store::Saved::WrittenWithoutUndo(why) => eprintln!(
                "warning: {}; the change is saved, but `okr undo` cannot take it back",
                input::escaped(&why)
            ),
            store::Saved::Written | store::Saved::Unchanged => {}
        }
        Ok(result)
    }

    /// Who gives a check-in: `--by`, else `OKR_USER`, else git's `user.name` when the data
    /// file is in a git work tree, else nobody; checked and spelled like every name.
    fn author(&self, by: Option<&str>) -> Result<Option<String>> {
        let named = match by {
            Some(by) => Some(by.to_string()),
            None => match std::env::var("OKR_USER") {
                Ok(user) if !user.trim().is_empty() => Some(user),
                _ => self
                    .path()
                    .ok()
                    .and_then(|path| store::git::user_name(&path)),
            },
        };
        match named {
            Some(name) => {
                crate::model::names::checked("person", &name)?;
                Ok(input::trimmed(&name))
            }
            None => Ok(None),
        }
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
            // The text names the commit it was read at.
            if let Some((_, rev)) = &self.at {
                writeln!(self.out, "at {}", rev.label())?;
            }
            self.out.write_all(text().as_bytes())?;
        }
        Ok(())
    }

    /// The period typed: `this` and `next` are quarters counted from today.
    fn period(&self, period: PeriodArg) -> Result<Period> {
        Ok(match period {
            PeriodArg::Given(period) => period,
            PeriodArg::This => Period::quarter_of(self.today)?,
            PeriodArg::Next => Period::next_quarter_of(self.today)?,
        })
    }

    /// The period given, or the quarter `today` is in.
    fn period_or_this_quarter(&self, period: Option<PeriodArg>) -> Result<Period> {
        self.period(period.unwrap_or(PeriodArg::This))
    }
}

/// Runs the parsed command, writing data to `out`.
/// The width of the terminal on standard output, if it is one.
fn terminal_width() -> Option<u16> {
    dialoguer::console::Term::stdout()
        .size_checked()
        .map(|(_, width)| width)
}

pub fn run(cli: Cli, out: &mut dyn Write) -> Result<Outcome> {
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                // A terminal that says it cannot show colour.
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    };
    // What the undo journal says of each change: the command as typed, and when.
    let command = typed_command();
    let at = chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string();
    let mut cx = Context {
        file: cli.file,
        json: cli.json,
        write: store::WriteMode {
            dry_run: cli.dry_run,
            wait: std::time::Duration::from_secs_f64(cli.wait),
            journal: Some((&command, &at)),
        },
        style: Style {
            color,
            // Like ls, listings honour COLUMNS; otherwise they fit the terminal, if any, and
            // show everything in a pipe. `--wide` shows everything anywhere.
            width: if cli.wide {
                None
            } else {
                std::env::var("COLUMNS")
                    .ok()
                    .and_then(|c| c.parse().ok())
                    .or_else(|| {
                        std::io::stdout()
                            .is_terminal()
                            .then(terminal_width)
                            .flatten()
                    })
            },
        },
        today: today()?,
        id_seed: id_seed()?,
        at: None,
        out,
    };
    if let Some(rev) = &cli.at {
        if !cli.command.only_reads() {
            return Err(Error::Usage(
                "`--at` reads the data file as it was at a git revision, so only commands that read it take it (status, list, show, tree, history, report, check, changes, due, digest, review, log, diff); leave it out".into(),
            ));
        }
        let (bytes, revision) = store::git::at(&cx.path()?, rev)?;
        // Judged as of the commit's day, unless OKR_TODAY says otherwise.
        if std::env::var_os("OKR_TODAY").is_none() {
            cx.today = revision.date;
        }
        cx.at = Some((bytes, revision));
    }
    let cx = &mut cx;
    match cli.command {
        Command::Init(args) => write::init(cx, args),
        Command::Add(AddArgs {
            command: Some(AddCommand::Objective(args)),
            ..
        }) => write::add_objective(cx, args),
        Command::Add(AddArgs {
            command: Some(AddCommand::Kr(args)),
            ..
        }) => write::add_kr(cx, args),
        Command::Add(AddArgs {
            command: None,
            interactive,
        }) => wizard::run(cx, interactive),
        Command::Templates => meta::templates(cx),
        Command::Progress(args) => write::progress(cx, args),
        Command::Status(args) => read::status(cx, args),
        Command::List(args) => read::list(cx, args),
        Command::Show(args) => read::show(cx, &args.id),
        Command::Tree(args) => read::tree(cx, args),
        Command::Edit(args) => write::edit(cx, args),
        Command::Rm(args) => write::rm(cx, &args),
        Command::Align(args) => write::align(cx, &args),
        Command::Unalign(args) => write::unalign(cx, &args),
        Command::Check(args) => read::check(cx, &args),
        Command::History(args) => read::history(cx, &args.kr, args.chart),
        Command::Close(args) => lifecycle::close(cx, &args),
        Command::Carry(args) => lifecycle::carry(cx, &args),
        Command::Retro(args) => lifecycle::retro(cx, &args),
        Command::Review(args) => read::review(cx, &args),
        Command::Report(args) => read::report(cx, &args),
        Command::Kpi(command) => kpi::kpi(cx, command),
        Command::Import(args) => import::import(cx, &args),
        Command::Teams(args) => write::teams(cx, args),
        Command::Undo => write::undo(cx),
        Command::Settings(args) => write::settings(cx, args),
        Command::Changes(args) => read::changes(cx, &args),
        Command::Due(args) => read::due(cx, &args),
        Command::Digest(args) => read::digest(cx, &args),
        Command::Checkin(args) => checkin::run(cx, &args),
        Command::Merge(args) => git::merge(cx, &args),
        Command::Resolve(args) => git::resolve(cx, &args),
        Command::SetupGit => git::setup_git(cx),
        Command::Diff(args) => git::diff(cx, &args),
        Command::Log(args) => git::log(cx, args.id.as_deref()),
        Command::Schema => meta::schema(cx),
        Command::Completions(args) => meta::completions(cx, args.shell),
        Command::Complete(args) => meta::complete(cx, args.what),
        Command::Man(args) => meta::man(cx, args.dir.as_deref()),
    }
}

/// How the data file at a revision is named in messages: `HEAD~1:okrs.json`.
fn at_name(path: &std::path::Path, rev: &store::git::Revision) -> PathBuf {
    PathBuf::from(format!("{}:{}", rev.name, path.display()))
}

/// The command line as typed, `okr progress kr1 "12 600"`, for the undo journal.
fn typed_command() -> String {
    let words: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|arg| {
            let arg = arg.to_string_lossy().into_owned();
            if arg.is_empty() || arg.contains(|c: char| c.is_whitespace() || "\"'\\$`".contains(c))
            {
                format!("\"{}\"", arg.replace('\\', "\\\\").replace('"', "\\\""))
            } else {
                arg
            }
        })
        .collect();
    format!("okr {}", words.join(" "))
}

/// Today's date: `OKR_TODAY` when set (scripts, tests, back-dating), else the local clock.
fn today() -> Result<NaiveDate> {
    match std::env::var("OKR_TODAY") {
        Ok(text) => input::date(&text).map_err(|_| {
            Error::input(format!(
                "invalid `OKR_TODAY` `{text}`; use YYYY-MM-DD, e.g. 2026-11-23, or unset it"
            ))
        }),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

/// `OKR_ID_SEED`, when set: a whole number that makes generated ids reproducible.
fn id_seed() -> Result<Option<u64>> {
    match std::env::var("OKR_ID_SEED") {
        Ok(text) => text.trim().parse().map(Some).map_err(|_| {
            Error::input(format!(
                "invalid `OKR_ID_SEED` `{text}`; use a whole number, e.g. 7, or unset it"
            ))
        }),
        Err(_) => Ok(None),
    }
}
