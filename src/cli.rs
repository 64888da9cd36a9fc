//! Command-line types (clap derive). No logic here: doc comments are the `--help` text.
//!
//! Periods, dates, numbers and targets are parsed here, once, by the model's own parsers,
//! before any command runs; a value they refuse is reported as a one-line error with exit
//! code 1 (see `app::report_usage_error`), not as a usage error.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::input::{self, Target};
use crate::model::{ModelError, Period};

/// A value for the setting `key`, checked as `okr settings set` checks it (the settings
/// table says what each takes).
fn setting(key: &'static str) -> impl Fn(&str) -> Result<String, ModelError> + Clone + Send + Sync {
    move |text| {
        crate::model::Settings::default().assign(key, text)?;
        Ok(text.to_string())
    }
}

/// A number as typed, read in the file's number format.
pub type Number = input::Typed<f64>;

/// A parser for a number given as `what` (`value`, `--start`), for `value_parser`: kept as
/// typed, and read once the data file says how its team writes numbers.
fn number(what: &'static str) -> impl Fn(&str) -> Result<Number, ModelError> + Clone + Send + Sync {
    input::Typed::parser(what, input::number_in)
}

/// A measured value as typed (`1,200`, `12.5%`, `€300`).
fn measure(text: &str) -> Result<input::Typed<input::Measure>, ModelError> {
    input::Typed::parser("value", |t, _, f| input::measure_in(t, f))(text)
}

/// A start value as typed: a number, or one with `%` or a currency sign that must fit the
/// key result's unit.
fn start_measure(text: &str) -> Result<input::Typed<input::Measure>, ModelError> {
    input::Typed::parser("--start", input::measure_as)(text)
}

/// A target as typed.
fn milestone(text: &str) -> Result<Milestone, ModelError> {
    input::Typed::parser("--milestone", input::milestone_in)(text)
}

/// A milestone as typed: its value is read in the file's number format.
pub type Milestone = input::Typed<(NaiveDate, input::Measure)>;

fn target(text: &str) -> Result<input::Typed<Target>, ModelError> {
    input::Typed::parser("--target", input::target_in)(text)
}

/// A status as typed for `--status`: a status set by hand, or `auto` (`None`) to let okr
/// judge again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusArg(pub Option<crate::model::Status>);

fn status(text: &str) -> Result<StatusArg, ModelError> {
    crate::model::status::manual(text).map(StatusArg)
}

/// A period as typed: one period, or `this` / `next` for the quarter containing today and
/// the one after, resolved once today is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodArg {
    /// `this`: the current quarter.
    This,
    /// `next`: the next quarter.
    Next,
    /// A period written out.
    Given(Period),
}

fn period(text: &str) -> Result<PeriodArg, ModelError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "this" => Ok(PeriodArg::This),
        "next" => Ok(PeriodArg::Next),
        _ => text.parse().map(PeriodArg::Given),
    }
}

/// Track objectives and key results (OKRs) in a JSON file kept next to your work.
#[derive(Debug, Parser)]
#[command(name = "okr", version = env!("OKR_VERSION"), propagate_version = true, max_term_width = 100)]
#[command(
    after_help = "Exit codes: 0 ok, 1 failed check or bad input, 2 usage error, \
75 data file locked by another okr for longer than --wait.\n\
Environment: OKR_FILE (data file), OKR_TODAY=YYYY-MM-DD (replaces the clock), NO_COLOR."
)]
pub struct Cli {
    /// Data file [default: okrs.json here or above]
    #[arg(
        long,
        long_help = "Data file to use [default: the nearest okrs.json in this directory or its \
                     parents; env: OKR_FILE]",
        global = true,
        help_heading = "Global options",
        env = "OKR_FILE",
        hide_env = true,
        value_name = "PATH"
    )]
    pub file: Option<PathBuf>,

    /// Print machine-readable JSON instead of tables
    #[arg(long, global = true, help_heading = "Global options")]
    pub json: bool,

    /// When to colour: auto, always, never [default: auto]
    #[arg(long, long_help = "When to colour output: `auto` on a terminal unless NO_COLOR is set or \
                            TERM is dumb, `always`, or `never` [default: auto]", global = true, help_heading = "Global options", value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", hide_possible_values = true, hide_default_value = true)]
    pub color: ColorChoice,

    /// Show what a writing command would do; save nothing
    #[arg(long, global = true, help_heading = "Global options")]
    pub dry_run: bool,

    /// Every column and whole titles, whatever the width
    #[arg(long, global = true, help_heading = "Global options")]
    pub wide: bool,

    /// Read the data file as it was at a git revision (commands that only read)
    #[arg(
        long,
        long_help = "Read the data file as it was at a git revision (a commit, branch or \
                            tag: HEAD~3, origin/main, v2026-q3) and judge it as of that commit's \
                            date unless OKR_TODAY is set; only commands that read take it",
        global = true,
        help_heading = "Global options",
        value_name = "REV"
    )]
    pub at: Option<String>,

    /// Seconds to wait for a locked file [default: 30]
    #[arg(long, long_help = "Seconds to wait for another okr command to release the data file, \
                            then exit 75 [default: 30]", global = true, help_heading = "Global options", default_value_t = 30.0, value_name = "SECONDS", value_parser = seconds, hide_default_value = true)]
    pub wait: f64,

    #[command(subcommand)]
    pub command: Command,
}

/// Examples at the end of each command's long help (`okr COMMAND --help`), and so of its
/// man page: what people type most.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "init",
        "okr init\n  okr init --file team/okrs.json --max-objectives 3",
    ),
    (
        "add",
        "okr add objective \"Be the coffee brand baristas recommend\" --team content\n  okr add kr o1 \"Monthly organic visitors\" --start 40000 --target 60000 --unit visitors\n  okr add kr o1 \"Cart abandonment\" --start 72 --target 62 --unit %\n  okr add            (a guided wizard, on a terminal)",
    ),
    (
        "progress",
        "okr progress kr1 50600 --confidence 7 --note \"Two guides on page one\"\n  okr progress kr5 12.5% --date 2026-11-20\n  okr progress kr1 51000 --if-current 50600   (compare-and-set, for scripts)",
    ),
    (
        "status",
        "okr status\n  okr status --team content\n  okr status --period 2026-Q3 --json",
    ),
    (
        "list",
        "okr list\n  okr list --person maya --period 2026-Q4",
    ),
    ("show", "okr show o1\n  okr show kr1 --json"),
    (
        "tree",
        "okr tree\n  okr tree --team growth --period 2026-Q4",
    ),
    (
        "edit",
        "okr edit kr1 --target 65000\n  okr edit o2 --committed --title \"Turn visits into repeat orders\"\n  okr edit kr3 --owner maya",
    ),
    ("rm", "okr rm kr4\n  okr rm o3 --force"),
    ("align", "okr align o3 kr1"),
    ("unalign", "okr unalign o3 kr1"),
    (
        "check",
        "okr check\n  okr check --strict --format github   (in CI)\n  okr check --base origin/main --format github   (in a pull request)",
    ),
    (
        "log",
        "okr log\n  okr log kr1\n  okr status --at HEAD~5   (any reading command, as the file was then)",
    ),
    ("history", "okr history kr1\n  okr history kr1 --chart"),
    ("close", "okr close 2026-Q4\n  okr close 2026-Q4 --reopen"),
    (
        "review",
        "okr review\n  okr review --since 2026-Q1 --team content --format markdown",
    ),
    (
        "retro",
        "okr retro o1 \"The launch slipped to week 9; set milestones next time\" --score 0.5",
    ),
    (
        "carry",
        "okr carry --all 2026-Q4 --to 2027-Q1\n  okr carry o2 o5 --to 2027-Q1",
    ),
    (
        "report",
        "okr report\n  okr report --format markdown --team growth\n  okr report --output q4.html",
    ),
    (
        "templates",
        "okr templates\n  okr add objective \"Grow the newsletter\" --template newsletter",
    ),
    (
        "kpi",
        "okr kpi add visits --unit visitors\n  okr kpi record visits 50600 --date 2026-11-20\n  okr kpi show visits",
    ),
    (
        "import",
        "okr import checkins.csv\n  okr import - --format jsonl < values.jsonl\n  okr import form.csv --map kr=\"Key result\" --map by=\"Email Address\"",
    ),
    (
        "changes",
        "okr changes\n  okr changes --days 14 --team content --format markdown",
    ),
    (
        "due",
        "okr due\n  okr due --team growth --format markdown   (exit 1 when any is due)",
    ),
    ("checkin", "okr checkin\n  okr checkin --person maya --all"),
    (
        "digest",
        "okr digest\n  okr digest --team content --format markdown",
    ),
    (
        "settings",
        "okr settings\n  okr settings set checkin_days 14",
    ),
    ("undo", "okr undo\n  okr undo --dry-run"),
    (
        "teams",
        "okr teams\n  okr teams rename Growth growth-marketing",
    ),
    (
        "merge",
        "(run by git once `okr setup-git` has registered it)\n  okr merge base.json okrs.json theirs.json --path okrs.json",
    ),
    ("resolve", "okr resolve kr1\n  okr resolve kr1 --theirs"),
    ("setup-git", "okr setup-git"),
    (
        "diff",
        "okr diff HEAD~1\n  okr diff old.json okrs.json --json",
    ),
    ("schema", "okr schema > okrs.schema.json"),
    (
        "completions",
        "okr completions bash > ~/.local/share/bash-completion/completions/okr\n  okr completions zsh > ~/.zfunc/_okr",
    ),
    ("man", "okr man > okr.1\n  okr man --dir man/"),
];

/// okr's command line: the derived parser, with each command's examples at the end of its
/// long help. `main`, the man pages and the completions all use this one.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().mut_subcommands(|sub| {
        match EXAMPLES.iter().find(|(name, _)| *name == sub.get_name()) {
            Some((_, examples)) => sub.after_long_help(format!("Examples:\n  {examples}")),
            None => sub,
        }
    })
}

/// A number of seconds: finite and not negative.
fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s.is_finite() && (0.0..=86_400.0).contains(&s) => Ok(s),
        _ => Err(format!(
            "`{text}` is not a number of seconds from 0 to 86400"
        )),
    }
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

impl Command {
    /// Whether the command only reads the data file, so that `--at REV` can read it as it
    /// was at a commit instead.
    pub fn only_reads(&self) -> bool {
        matches!(
            self,
            Command::Status(_)
                | Command::List(_)
                | Command::Show(_)
                | Command::Tree(_)
                | Command::History(_)
                | Command::Report(_)
                | Command::Check(_)
                | Command::Changes(_)
                | Command::Due(_)
                | Command::Digest(_)
                | Command::Review(_)
                | Command::Log(_)
                | Command::Diff(_)
        )
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an okrs.json in the current directory (or at --file)
    Init(InitArgs),
    /// Add an objective or a key result; with no arguments on a terminal, a guided wizard
    Add(AddArgs),
    /// Record a check-in for a key result; with no arguments, show progress like `status`
    Progress(ProgressArgs),
    /// Show objectives and key results with scores and status (this quarter unless --period)
    Status(FilterArgs),
    /// List objectives and key results with their ids (all periods unless --period)
    List(FilterArgs),
    /// Show one objective or key result in detail
    Show(ShowArgs),
    /// Show the cascade: company objectives, then team and individual ones aligned below
    Tree(TreeArgs),
    /// Change an objective or a key result
    Edit(EditArgs),
    /// Remove an objective (with its key results) or a key result
    Rm(RmArgs),
    /// Make an objective contribute to a key result one level up
    Align(AlignArgs),
    /// Remove an objective's alignment to a key result
    Unalign(AlignArgs),
    /// Check the whole file against the OKR rules (exit 1 when a rule is broken)
    Check(CheckArgs),
    /// Show every check-in of a key result with the score it gave
    History(HistoryArgs),
    /// Close a period: record final scores and grades and freeze it (--reopen undoes)
    Close(CloseArgs),
    /// Copy unfinished objectives and key results into another period
    Carry(CarryArgs),
    /// Record what a period taught about an objective or key result, once it has ended
    Retro(RetroArgs),
    /// Quarter over quarter: each owner's closed periods, final scores, grades,
    /// calibration, and what to watch for
    Review(ReviewArgs),
    /// The end-of-period report: table, Markdown, CSV, JSON or a self-contained HTML page
    Report(ReportArgs),
    /// List the OKR templates for marketing teams (use with `okr add objective --template`)
    Templates,
    /// Track KPIs, the measurements that feed key results
    #[command(subcommand)]
    Kpi(KpiCommand),
    /// Import check-ins and KPI values from CSV or JSON Lines: all or nothing, idempotent
    Import(ImportArgs),
    /// What happened in the last days (default: 7): check-ins and the scores they moved,
    /// confidence drops, key results gone stale, closed periods, edits (from git)
    Changes(ChangesArgs),
    /// List the key results due for a check-in, by who answers for them; exit 1 when any is
    Due(DueArgs),
    /// A guided check-in on a terminal: each key result you answer for that is due, its
    /// numbers, then the new value, confidence and note; saved in one write
    Checkin(CheckinArgs),
    /// The week in one message: scores and how they moved, what moved, what needs
    /// attention, confidence that fell, and who owes a check-in
    Digest(DigestArgs),
    /// Show the file's limits and scoring policy; `okr settings set KEY VALUE` changes one
    Settings(SettingsArgs),
    /// Undo the last change an okr command made to the data file (again: the one before)
    Undo,
    /// List the teams and people that own objectives, with their objectives per period;
    /// `okr teams rename OLD NEW` renames a team everywhere
    Teams(TeamsArgs),
    /// Merge two versions of the data file by id, for git (see `okr setup-git`); exit 1 when
    /// conflicts remain
    Merge(MergeArgs),
    /// Settle the merge conflicts of an objective or key result: keep ours (the value the
    /// file shows) or take theirs
    Resolve(ResolveArgs),
    /// Register okr with git for the data file: its merge driver and its diff
    SetupGit,
    /// Show what changed between two versions of the data file: `okr diff OLD NEW`, or
    /// `okr diff REV` for the file at a git revision against the working file
    Diff(DiffArgs),
    /// The commits that changed the data file, or one objective or key result, with what
    /// each changed in okr's words
    Log(LogArgs),
    /// Print the JSON Schema of the data file
    Schema,
    /// Print shell completions, e.g. `okr completions bash > /etc/bash_completion.d/okr`
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `okr man > okr.1`; `--dir DIR` writes one per command
    Man(ManArgs),
    /// The values the shell completions offer, a line each: `okr __complete ids`
    #[command(name = "__complete", hide = true)]
    Complete(CompleteArgs),
}

#[derive(Debug, Args)]
pub struct CompleteArgs {
    /// What to list
    #[arg(value_enum)]
    pub what: CompleteWhat,
}

/// What `okr __complete` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompleteWhat {
    /// Objectives' and key results' ids, each with its title after a tab
    Ids,
    /// The periods of the file's objectives, this quarter and the next
    Periods,
    /// Team names
    Teams,
    /// People's names
    People,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write okr.1 and a page per command (okr-init.1, okr-kpi-add.1, ...) into this folder
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum KpiCommand {
    /// Add a KPI
    Add(KpiAddArgs),
    /// Record a KPI value; every key result it measures gets the same check-in
    Record(KpiRecordArgs),
    /// List the KPIs with their latest values
    List,
    /// Show one KPI, its values and the key results it measures
    Show(KpiShowArgs),
}

#[derive(Debug, Args)]
pub struct KpiAddArgs {
    /// Name, e.g. organic-visitors (letters, digits, `-`, `_`, `.`)
    pub name: String,
    /// Unit of the values
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// What is measured and where the numbers come from
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
}

#[derive(Debug, Args)]
pub struct KpiRecordArgs {
    /// The KPI
    pub name: String,
    /// The measured value
    #[arg(allow_hyphen_values = true, value_parser = measure)]
    pub value: input::Typed<input::Measure>,
    /// The day measured, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = input::date)]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct KpiShowArgs {
    /// The KPI
    pub name: String,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A .csv or .jsonl file, or - for standard input (with --format)
    #[arg(value_name = "FILE")]
    pub source: PathBuf,
    /// The file's format [default: from its extension]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ImportFormat>,
    /// Read FIELD (kr, kpi, value, date, note, confidence, by, id) from the column COLUMN,
    /// e.g. `--map by="Email Address"`; repeatable. With it, other columns are ignored
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub maps: Vec<String>,
    /// How the dates are written (strftime), e.g. `%m/%d/%Y %H:%M:%S`; a date and time
    /// counts for its day [default: YYYY-MM-DD]
    #[arg(long, value_name = "FMT")]
    pub date_format: Option<String>,
}

#[derive(Debug, Args)]
pub struct ChangesArgs {
    /// Show what happened since this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = input::date, conflicts_with = "days")]
    pub since: Option<NaiveDate>,
    /// Show the last N days, today included [default: 7]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: Option<u32>,
    /// Only this team's objectives and those of its people
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// How to print it
    #[arg(long, value_enum, default_value_t = ChangesFormat::Text, value_name = "FORMAT")]
    pub format: ChangesFormat,
    /// Every check-in on a line of its own, not one line per key result
    #[arg(long)]
    pub each: bool,
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// Whose key results [default: OKR_USER, else git's user.name]
    #[arg(long, value_name = "NAME", conflicts_with = "team")]
    pub person: Option<String>,
    /// The key results a team answers for
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// Every key result of theirs in a running period, not only those due
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct DigestArgs {
    /// Only this team's objectives and those of its people
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// The last N days, today included [default: 7]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: Option<u32>,
    /// How to print it
    #[arg(long, value_enum, default_value_t = DigestFormat::Text, value_name = "FORMAT")]
    pub format: DigestFormat,
}

/// How `okr digest` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DigestFormat {
    /// Plain text, within the terminal's width
    Text,
    /// Markdown, for a team's channel
    Markdown,
    /// JSON, everything the text shows
    Json,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// Only this team's key results and those of its people
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// Only this person's objectives
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
    /// Due after N days without a check-in [default: the setting `checkin_days`, 7]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: Option<u32>,
    /// How to print it (`--json` for scripts)
    #[arg(long, value_enum, default_value_t = ChangesFormat::Text, value_name = "FORMAT")]
    pub format: ChangesFormat,
}

/// How `okr changes` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChangesFormat {
    /// Plain text, grouped by objective
    Text,
    /// Markdown, for a team's channel
    Markdown,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TeamsArgs {
    #[command(subcommand)]
    pub command: Option<TeamsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum TeamsCommand {
    /// Rename a team everywhere: the objectives it owns and its people's
    Rename(RenameArgs),
}

#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The team's name now (any case)
    pub old: String,
    /// Its new name
    pub new: String,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The common ancestor (git's %O)
    pub base: PathBuf,
    /// Our version, replaced by the result (git's %A)
    pub ours: PathBuf,
    /// Their version (git's %B)
    pub theirs: PathBuf,
    /// The file's name in the repository, for messages (git's %P)
    #[arg(long, value_name = "NAME")]
    pub path: Option<String>,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The objective or key result in conflict (a KPI's name, or `settings`)
    pub id: String,
    /// Keep our values, the ones the file shows [the default]
    #[arg(long, conflicts_with = "theirs")]
    pub ours: bool,
    /// Take their values
    #[arg(long)]
    pub theirs: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// OLD NEW (two files), or REV (the data file at a git revision against the working
    /// file); git's seven arguments when it runs okr as its diff driver
    #[arg(required = true, num_args = 1..=7, value_name = "FILE_OR_REV")]
    pub args: Vec<String>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// An objective or key result [default: every commit that touched the data file]
    pub id: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The period to report on [default: this quarter]
    #[arg(long, value_name = "PERIOD", value_parser = period)]
    pub period: Option<PeriodArg>,
    /// Only this team's objectives and those of its people
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// Output format [default: from --output's extension, else table]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ReportFormat>,
    /// Write the report to this file (atomically) instead of standard output; `-` is standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With the CSV format: a row per key result and check-in day (date, value, score,
    /// expected), for a spreadsheet's chart
    #[arg(long)]
    pub series: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Only objectives overlapping this period
    #[arg(long, value_name = "PERIOD", value_parser = period)]
    pub period: Option<PeriodArg>,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    pub strict: bool,
    /// Also compare with the data file at this git revision (in a pull request:
    /// origin/main): targets moved mid-period, check-ins back-dated or rewritten, history
    /// removed, closed periods changed
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// How to print problems
    #[arg(long, value_enum, default_value_t = CheckFormat::Text, value_name = "FORMAT")]
    pub format: CheckFormat,
}

/// How `okr check` prints problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// One line per problem
    Text,
    /// The same as --json
    Json,
    /// GitHub Actions annotations (::error / ::warning)
    Github,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Id of the key result
    pub kr: String,
    /// Also draw the values over the period against the expected pace (text only)
    #[arg(long)]
    pub chart: bool,
}

#[derive(Debug, Args)]
pub struct CloseArgs {
    /// The period to close, e.g. 2026-Q4 (everything within it is frozen)
    #[arg(value_parser = period)]
    pub period: PeriodArg,
    /// Close a period that has not ended yet (grades it as it stands today)
    #[arg(long, conflicts_with = "reopen")]
    pub early: bool,
    /// Reopen the period instead, dropping the recorded final results
    #[arg(long)]
    pub reopen: bool,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Only closed periods starting on or after this one's start, e.g. 2026-Q1
    #[arg(long, value_name = "PERIOD", value_parser = period)]
    pub since: Option<PeriodArg>,
    /// Only this team's objectives and those of its people
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// How to print it
    #[arg(long, value_enum, default_value_t = DigestFormat::Text, value_name = "FORMAT")]
    pub format: DigestFormat,
}

#[derive(Debug, Args)]
pub struct RetroArgs {
    /// The objective or key result
    pub id: String,
    /// What was learned, in a sentence or two
    pub text: String,
    /// The owner's own score beside the computed one, 0 to 1 or a percentage (0.6, 60%)
    #[arg(long, value_name = "S", value_parser = input::own_score)]
    pub score: Option<f64>,
}

#[derive(Debug, Args)]
pub struct CarryArgs {
    /// Objectives to carry
    #[arg(
        required_unless_present = "all",
        conflicts_with = "all",
        value_name = "OBJECTIVE_ID"
    )]
    pub objectives: Vec<String>,
    /// Carry every unfinished objective (score below 100%) of this period
    #[arg(long, value_name = "PERIOD", value_parser = period)]
    pub all: Option<PeriodArg>,
    /// The period to carry them into
    #[arg(long, value_name = "PERIOD", value_parser = period)]
    pub to: PeriodArg,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Most objectives per owner (company, team, person) and period
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub max_objectives: u32,
    /// Fewest key results per objective
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub min_krs: u32,
    /// Most key results per objective
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub max_krs: u32,
    /// Share of the elapsed time an aspirational OKR is expected to reach [default: 0.7]
    #[arg(long, value_name = "FRACTION", value_parser = setting("aspirational_pace"))]
    pub aspirational_pace: Option<String>,
    /// Gap below the expected score that is still on track [default: 0.10]
    #[arg(long, value_name = "FRACTION", value_parser = setting("on_track_gap"))]
    pub on_track_gap: Option<String>,
    /// Gap below the expected score that is at risk rather than off track [default: 0.25]
    #[arg(long, value_name = "FRACTION", value_parser = setting("at_risk_gap"))]
    pub at_risk_gap: Option<String>,
    /// Share of the period after which a score of 0 is off track [default: 0.8]
    #[arg(long, value_name = "FRACTION", value_parser = setting("zero_off_track_after"))]
    pub zero_off_track_after: Option<String>,
    /// Final score graded green (aspirational) [default: 0.7]
    #[arg(long, value_name = "FRACTION", value_parser = setting("green_from"))]
    pub green_from: Option<String>,
    /// Final score graded yellow (aspirational) [default: 0.4]
    #[arg(long, value_name = "FRACTION", value_parser = setting("yellow_from"))]
    pub yellow_from: Option<String>,
    /// Days without a check-in before a key result is stale [default: 14]
    #[arg(long, value_name = "DAYS", allow_hyphen_values = true, value_parser = setting("stale_days"))]
    pub stale_days: Option<String>,
    /// Fall in confidence that is flagged [default: 3]
    #[arg(long, value_name = "N", value_parser = setting("confidence_drop"))]
    pub confidence_drop: Option<String>,
    /// How an objective's status is found: score or weakest [default: score]
    #[arg(long, value_name = "HOW", value_parser = setting("objective_status"))]
    pub objective_status: Option<String>,
    /// How the team writes numbers: `1,234.5` (a point before the decimals) or `1.234,5`
    #[arg(long, value_name = "FORMAT", value_parser = setting("number_format"))]
    pub number_format: Option<String>,
}

impl InitArgs {
    /// The policy settings given, as (key, text).
    pub fn policy(&self) -> Vec<(&'static str, &str)> {
        [
            ("aspirational_pace", &self.aspirational_pace),
            ("on_track_gap", &self.on_track_gap),
            ("at_risk_gap", &self.at_risk_gap),
            ("zero_off_track_after", &self.zero_off_track_after),
            ("green_from", &self.green_from),
            ("yellow_from", &self.yellow_from),
            ("stale_days", &self.stale_days),
            ("confidence_drop", &self.confidence_drop),
            ("objective_status", &self.objective_status),
            ("number_format", &self.number_format),
        ]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value.as_deref()?)))
        .collect()
    }
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SettingsArgs {
    #[command(subcommand)]
    pub command: Option<SettingsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Change one setting (checked; a refused value changes nothing)
    Set(SetArgs),
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The setting, e.g. aspirational_pace (see `okr settings`)
    pub key: String,
    /// Its new value
    #[arg(allow_hyphen_values = true)]
    pub value: String,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AddArgs {
    #[command(subcommand)]
    pub command: Option<AddCommand>,
    /// Be guided step by step through one objective and its key results
    #[arg(long, short)]
    pub interactive: bool,
}

#[derive(Debug, Subcommand)]
pub enum AddCommand {
    /// Add an objective; prints its id
    Objective(AddObjectiveArgs),
    /// Add a key result to an objective; prints its id
    Kr(AddKrArgs),
}

#[derive(Debug, Args)]
pub struct AddObjectiveArgs {
    /// The outcome you want, e.g. "Become the go-to brand for home baristas" [default with
    /// --template: the template's]
    #[arg(required_unless_present = "template")]
    pub title: Option<String>,
    /// Start from a template (see `okr templates`): its key results are added too
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// The baseline (start value) of the template's key result number I (from 1)
    #[arg(
        long = "baseline",
        value_name = "I=VALUE",
        requires = "template",
        allow_hyphen_values = true
    )]
    pub baselines: Vec<String>,
    #[command(flatten)]
    pub owner: OwnerArgs,
    /// Period: 2026-Q4, 2026-H2, 2026, 2026-11, 2026-W47, or `this` / `next` quarter [default: this]
    #[arg(long, value_name = "PERIOD", value_parser = period)]
    pub period: Option<PeriodArg>,
    /// A committed objective (must reach 100%) rather than an aspirational one
    #[arg(long)]
    pub committed: bool,
    /// Id of a key result one level up that this objective helps to move (repeatable)
    #[arg(long = "aligns", value_name = "KR_ID")]
    pub aligns: Vec<String>,
    /// Choose the id instead of a generated one (letters, digits, `-`, `_`, `.`)
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Longer description
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
}

/// Who owns an objective: neither option means the company.
#[derive(Debug, Args)]
pub struct OwnerArgs {
    /// Owning team (with --person: the team the person belongs to)
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// Owning person (an individual objective)
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
}

#[derive(Debug, Args)]
pub struct AddKrArgs {
    /// The objective this key result measures
    pub objective: String,
    /// What is measured, e.g. "Monthly organic visitors"
    pub title: String,
    /// The value to reach (below --start for one that goes down), +N to add to the start, or
    /// +N% / -N% of the start
    #[arg(
        long,
        allow_hyphen_values = true,
        value_name = "N",
        value_parser = target,
        required_unless_present_any = ["keep_above", "keep_below"],
        conflicts_with_all = ["keep_above", "keep_below"]
    )]
    pub target: Option<input::Typed<Target>>,
    /// A health metric: keep the value at or above N (scores 1 while it holds, 0 when broken)
    #[arg(long, allow_hyphen_values = true, value_name = "N", value_parser = number("--keep-above"), conflicts_with = "keep_below")]
    pub keep_above: Option<Number>,
    /// A health metric: keep the value at or below N
    #[arg(long, allow_hyphen_values = true, value_name = "N", value_parser = number("--keep-below"))]
    pub keep_below: Option<Number>,
    /// The value at the start, 40000 or 2.5% [default: 0; for --keep-above/--keep-below, the
    /// line itself]
    #[arg(long, allow_hyphen_values = true, value_name = "N", value_parser = start_measure)]
    pub start: Option<input::Typed<input::Measure>>,
    /// Unit of the values, e.g. %, visitors, EUR
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// Weight in the objective's score [default: 1]
    #[arg(long, allow_hyphen_values = true, value_name = "W", value_parser = input::weight)]
    pub weight: Option<f64>,
    /// Choose the id instead of a generated one (letters, digits, `-`, `_`, `.`)
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The KPI whose values become this key result's check-ins
    #[arg(long, value_name = "NAME")]
    pub kpi: Option<String>,
    /// The person who answers for its check-ins [default: the objective's owner]
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// A phased target: the value expected by a day of the period, 2026-11-15=45000
    /// (repeatable; the expected pace runs through them)
    #[arg(long, value_name = "DATE=VALUE", value_parser = milestone, conflicts_with_all = ["keep_above", "keep_below"])]
    pub milestone: Vec<Milestone>,
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// The key result measured
    #[arg(requires = "value")]
    pub kr: Option<String>,
    /// The measured value: 1200, 1,200, 12.5% (for a key result in %)
    #[arg(allow_hyphen_values = true, value_parser = measure)]
    pub value: Option<input::Typed<input::Measure>>,
    /// A note on the check-in
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Who gives the check-in [default: OKR_USER, else git's user.name in a work tree]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// The day measured, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = input::date)]
    pub date: Option<NaiveDate>,
    /// How sure you are to reach the target, 0 to 10
    #[arg(long, allow_hyphen_values = true, value_name = "0-10", value_parser = input::confidence)]
    pub confidence: Option<u8>,
    /// Refuse (exit 1) unless the key result's current value is this one (compare-and-set)
    #[arg(long, allow_hyphen_values = true, value_name = "VALUE", value_parser = number("--if-current"))]
    pub if_current: Option<Number>,
    /// Replace the key result's check-ins of that day (`--date`, default today) with this one
    #[arg(long, requires = "value")]
    pub replace: bool,
    /// Set the status by hand until the next check-in: on-track, at-risk, off-track, done
    #[arg(long, requires = "value", value_name = "STATUS", value_parser = status)]
    pub status: Option<StatusArg>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only objectives overlapping this period
    #[arg(long, value_name = "PERIOD", value_parser = period)]
    pub period: Option<PeriodArg>,
    /// Only this team's objectives and those of its people
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// Only this person's objectives
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
}

#[derive(Debug, Args)]
pub struct PeriodArgs {
    /// Only objectives overlapping this period [default: this quarter]
    #[arg(long, value_name = "PERIOD", value_parser = period)]
    pub period: Option<PeriodArg>,
}

#[derive(Debug, Args)]
pub struct TreeArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Only this team's objectives and those of its people, under what they align to
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// Only this person's objectives, under what they align to
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Id of an objective or key result
    pub id: String,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Id of the objective or key result to change
    pub id: String,
    /// New title
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// New description (objectives; "" removes it)
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// New period (objectives)
    #[arg(long, value_name = "PERIOD", value_parser = period)]
    pub period: Option<PeriodArg>,
    /// Make the objective committed
    #[arg(long, conflicts_with = "aspirational")]
    pub committed: bool,
    /// Make the objective aspirational
    #[arg(long)]
    pub aspirational: bool,
    #[command(flatten)]
    pub owner: OwnerArgs,
    /// Make it a company objective (objectives)
    #[arg(long, conflicts_with_all = ["team", "person"])]
    pub company: bool,
    /// New target (key results): a value, +N to add to the start, or +N% / -N% of the start
    #[arg(long, allow_hyphen_values = true, value_name = "N", value_parser = target)]
    pub target: Option<input::Typed<Target>>,
    /// New start value (key results), 40000 or 2.5%
    #[arg(long, allow_hyphen_values = true, value_name = "N", value_parser = start_measure)]
    pub start: Option<input::Typed<input::Measure>>,
    /// New unit (key results; "" removes it)
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// New weight (key results)
    #[arg(long, allow_hyphen_values = true, value_name = "W", value_parser = input::weight)]
    pub weight: Option<f64>,
    /// The KPI that measures it (key results; "" for none)
    #[arg(long, value_name = "NAME")]
    pub kpi: Option<String>,
    /// The person who answers for it (key results; `none`: the objective's owner again)
    #[arg(long = "owner", value_name = "NAME")]
    pub kr_owner: Option<String>,
    /// It is an outcome: silence the task-like warning of `check` (key results)
    #[arg(long)]
    pub outcome_ok: bool,
    /// Add a milestone, or replace the one on that day (key results; repeatable):
    /// 2026-11-15=45000
    #[arg(long, value_name = "DATE=VALUE", value_parser = milestone)]
    pub milestone: Vec<Milestone>,
    /// Remove the key result's milestones (with --milestone: before adding those)
    #[arg(long)]
    pub no_milestones: bool,
    /// Set the status by hand (on-track, at-risk, off-track, done), or `auto` to let okr
    /// judge again
    #[arg(long, value_name = "STATUS", value_parser = status)]
    pub status: Option<StatusArg>,
}

#[derive(Debug, Args)]
pub struct RmArgs {
    /// Id of the objective or key result to remove
    pub id: String,
    /// Remove even if other objectives align to it (their alignments are dropped)
    #[arg(long)]
    pub force: bool,
    /// Remove the key result's check-ins of this day instead (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = input::date, conflicts_with = "force")]
    pub checkin: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The objective (team or individual)
    pub objective: String,
    /// The key result one level up
    pub kr: String,
}

/// The formats `okr import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// Comma-separated values with a header row
    Csv,
    /// One JSON object per line
    Jsonl,
}

impl From<ImportFormat> for crate::import::Format {
    fn from(format: ImportFormat) -> Self {
        match format {
            ImportFormat::Csv => crate::import::Format::Csv,
            ImportFormat::Jsonl => crate::import::Format::Jsonl,
        }
    }
}

/// The output formats of `okr report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Tables for a terminal (80 columns)
    Table,
    /// GitHub-flavoured Markdown
    Markdown,
    /// One row per key result (RFC 4180)
    Csv,
    /// The documented report structure
    Json,
    /// One self-contained HTML page
    Html,
}

impl From<ReportFormat> for crate::report::quarter::Format {
    fn from(format: ReportFormat) -> Self {
        use crate::report::quarter::Format;
        match format {
            ReportFormat::Table => Format::Table,
            ReportFormat::Markdown => Format::Markdown,
            ReportFormat::Csv => Format::Csv,
            ReportFormat::Json => Format::Json,
            ReportFormat::Html => Format::Html,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
