//! Everything the model can refuse, each with a message that names the value and what to do.

use thiserror::Error;

/// A refusal from the model. Messages are one line, lowercase, and say how to fix the input.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum ModelError {
    /// A period that is not one of the accepted forms.
    #[error(
        "invalid period `{0}`; use a quarter (2026-Q4), half (2026-H2), year (2026), month (2026-11) or ISO week (2026-W47)"
    )]
    InvalidPeriod(String),

    /// A date that is not `YYYY-MM-DD` or is out of range.
    #[error("invalid date `{0}`; use YYYY-MM-DD, e.g. 2026-11-23")]
    InvalidDate(String),

    /// A day outside the years okr plans in (1000 to 9999).
    #[error("{0} is outside the years 1000 to 9999 that okr plans in; use a day within them")]
    BeyondYears(String),

    /// A check-in dated after today.
    #[error(
        "date `{date}` is in the future (today is {today}); record check-ins on or before today"
    )]
    FutureDate {
        /// The date given.
        date: String,
        /// Today's date.
        today: String,
    },

    /// A check-in dated outside the period of its key result.
    #[error(
        "date `{date}` is outside {period} ({start} to {end}), the period of key result `{kr}`; record it within the period"
    )]
    OutsidePeriod {
        /// The key result.
        kr: String,
        /// The date given.
        date: String,
        /// The key result's period.
        period: String,
        /// Its first day.
        start: String,
        /// Its last day.
        end: String,
    },

    /// A milestone dated outside the period of its key result.
    #[error(
        "milestone `{date}` is outside {period} ({} to {}), the period of key result `{kr}`; date it within the period",
        .period.start(),
        .period.end()
    )]
    MilestoneOutsidePeriod {
        /// The key result.
        kr: String,
        /// The date given.
        date: chrono::NaiveDate,
        /// The key result's period.
        period: crate::model::Period,
    },

    /// A milestone for a key result that keeps a line: there is no pace to phase.
    #[error(
        "key result `{0}` keeps a line, so it has no pace for milestones to shape; give milestones to a key result that moves toward a target"
    )]
    MilestoneOnLine(String),

    /// An objective moved to a period its key results' milestones fall outside.
    #[error(
        "key result `{kr}` has a milestone on {date}, outside {period}; remove its milestones first"
    )]
    MilestonesOutside {
        /// The key result.
        kr: String,
        /// The milestone's date.
        date: String,
        /// The new period.
        period: String,
    },

    /// A retrospective before the period has ended.
    #[error(
        "{period} of `{id}` runs until {end}; write its retrospective once the period has ended"
    )]
    RetroTooEarly {
        /// The objective or key result.
        id: String,
        /// Its period.
        period: crate::model::Period,
        /// The period's last day.
        end: chrono::NaiveDate,
    },

    /// An own score outside 0..1.
    #[error("own score `{0}` is not from 0 to 1; give one such as 0.7 or 70%")]
    InvalidOwnScore(String),

    /// Text that is empty once trimmed.
    #[error("{0} is empty; write a few words")]
    EmptyText(String),

    /// A milestone not written `DATE=VALUE`.
    #[error("milestone `{0}` is not DATE=VALUE; write it like 2026-11-15=45000")]
    InvalidMilestone(String),

    /// A value that is not a finite number.
    #[error("{what} `{value}` is not a number; give a finite number such as 1200 or 12.5")]
    InvalidNumber {
        /// Which input it was (`value`, `--target`, ...).
        what: String,
        /// The text given.
        value: String,
    },

    /// A number beyond what okr keeps (see `input::MAX_VALUE`).
    #[error(
        "{what} `{value}` is out of range; okr keeps numbers from -1e15 to 1e15 (1,000,000,000,000,000)"
    )]
    OutOfRange {
        /// Which input it was (`value`, `--target`, ...).
        what: String,
        /// The text given, or the value it led to.
        value: String,
    },

    /// A number whose separators read two ways.
    #[error("{what} `{value}` can be read two ways; {hint}")]
    AmbiguousNumber {
        /// Which input it was.
        what: String,
        /// The text given.
        value: String,
        /// How to type it.
        hint: String,
        /// How it was read: a team writing the other way can say so.
        format: super::input::NumberFormat,
    },

    /// A percentage for a key result (or KPI) not measured in `%`.
    #[error(
        "`{value}%` is a percentage, but {thing} is measured in {unit}; type the number alone, `{value}`, if that is what you mean"
    )]
    PercentForUnit {
        /// What it was for: ``key result `kr1` (Visitors)``, ``KPI `visits` ``.
        thing: String,
        /// The number typed before `%`.
        value: String,
        /// Its unit.
        unit: String,
    },

    /// An amount of money for a key result (or KPI) not measured in that currency.
    #[error(
        "`{sign}{value}` is an amount in {sign}, but {thing} is measured in {unit}; type the number alone, `{value}`, if that is what you mean"
    )]
    CurrencyForUnit {
        /// What it was for.
        thing: String,
        /// The currency sign typed.
        sign: char,
        /// The number typed.
        value: String,
        /// Its unit.
        unit: String,
    },

    /// A status name that is none of them.
    #[error(
        "status `{0}` is not one okr knows; use on-track, at-risk, off-track, done, not-started, or auto to let okr judge again"
    )]
    InvalidStatus(String),

    /// A confidence with a fraction.
    #[error("confidence `{0}` is not a whole number; use a whole number from 0 to 10, e.g. 7")]
    FractionalConfidence(String),

    /// A target in none of the accepted forms.
    #[error(
        "invalid target `{0}`; give a value (50000), an amount to add (+300) or a change in percent (+25%, -15%)"
    )]
    InvalidTarget(String),

    /// A negative weight.
    #[error("weight `{0}` is negative; use 0 or more (1 is the default)")]
    NegativeWeight(String),

    /// Key results that weigh 0 together.
    #[error(
        "the key results of objective `{0}` would weigh 0 together, so it would score 0 whatever they do; give one of them a weight above 0"
    )]
    ZeroWeight(String),

    /// A confidence outside 0–10.
    #[error("confidence `{0}` is out of range; use a whole number from 0 to 10")]
    InvalidConfidence(String),

    /// A key result whose target equals its start, so progress cannot be measured.
    #[error(
        "{name} would have target equal to start ({value}); a key result must measure a change"
    )]
    TargetEqualsStart {
        /// The key result in words: ``key result `kr1` (Visitors)``.
        name: String,
        /// The shared value.
        value: String,
    },

    /// The same id on two sides of a merge, for different kinds of thing.
    #[error("both sides use the id `{0}`, for different kinds of thing")]
    IdClash(String),

    /// A value recorded for a field (in a merge conflict) that does not fit it.
    #[error("the value recorded for `{field}` does not fit it ({detail})")]
    FieldUnfit {
        /// The field.
        field: String,
        /// Why.
        detail: String,
    },

    /// A target in percent of a start of 0, which stays 0.
    #[error(
        "the target `{form}` of new key result `{title}` is a change in percent of its start, which is 0, so it stays 0"
    )]
    PercentOfZero {
        /// The key result's title.
        title: String,
        /// The target as typed.
        form: String,
    },

    /// A title that is empty after trimming.
    #[error("the title is empty; give a short outcome, e.g. \"Grow newsletter sign-ups\"")]
    EmptyTitle,

    /// An id with characters outside letters, digits, `-`, `_`, `.`.
    #[error("invalid id `{0}`; use 1 to 64 letters, digits, `-`, `_` or `.`")]
    InvalidId(String),

    /// An id that already names an objective or key result.
    #[error("id `{0}` is already used")]
    DuplicateId(String),

    /// An id that names nothing.
    #[error("no objective or key result has id `{0}`")]
    UnknownId(String),

    /// An id that names a key result where an objective was expected.
    #[error("`{0}` is a key result, not an objective")]
    NotAnObjective(String),

    /// An id that names nothing, with one close to it.
    #[error("no objective or key result has id `{id}`")]
    UnknownIdNear {
        /// The id given.
        id: String,
        /// The closest id there is.
        near: String,
    },

    /// A team name that names no team.
    #[error("no team is named `{name}`")]
    UnknownTeam {
        /// The name given.
        name: String,
        /// The closest team name, if one is close.
        suggestion: Option<String>,
    },

    /// A person's name that names nobody.
    #[error("nobody is named `{name}`")]
    UnknownPerson {
        /// The name given.
        name: String,
        /// The closest name, if one is close.
        suggestion: Option<String>,
    },

    /// Renaming a team to the name of another.
    #[error("team `{0}` already exists")]
    TeamExists(String),

    /// A name given empty.
    #[error("the {0} name is empty; give a name")]
    EmptyName(&'static str),

    /// A prefix shared by several ids.
    #[error("`{text}` is the start of {matches} ids ({examples}); type more of the one you mean")]
    AmbiguousId {
        /// What was typed.
        text: String,
        /// How many ids start with it.
        matches: usize,
        /// A few of them.
        examples: String,
    },

    /// An id that names an objective where a key result was expected.
    #[error("`{0}` is an objective, not a key result")]
    NotAKeyResult(String),

    /// Too many objectives for one owner in one period.
    #[error(
        "{owner} already has {count} objectives in {period} (limit {limit}); remove one or raise `max_objectives`"
    )]
    TooManyObjectives {
        /// The owner, e.g. ``team `growth` ``.
        owner: String,
        /// The period.
        period: String,
        /// How many it has now.
        count: usize,
        /// The limit in force.
        limit: u32,
    },

    /// Too many key results on one objective.
    #[error(
        "objective `{id}` already has {count} key results (limit {limit}); focus on fewer or raise `max_krs`"
    )]
    TooManyKeyResults {
        /// The objective.
        id: String,
        /// How many it has now.
        count: usize,
        /// The limit in force.
        limit: u32,
    },

    /// An alignment that breaks the cascade.
    #[error("{} cannot align to `{kr}`: {reason}", objective_named(.objective))]
    BadAlignment {
        /// The objective that would align; empty for one not added yet.
        objective: String,
        /// The key result it names.
        kr: String,
        /// Why not, and what to do.
        reason: String,
    },

    /// An alignment to an objective rather than to one of its key results.
    #[error("{} cannot align to `{kr}`: `{kr}` is an objective", objective_named(.objective))]
    AlignToObjective {
        /// The objective that would align; empty for one not added yet.
        objective: String,
        /// The objective it names.
        kr: String,
    },

    /// An alignment that is not there to remove.
    #[error("objective `{objective}` does not align to `{kr}`")]
    NotAligned {
        /// The objective.
        objective: String,
        /// The key result.
        kr: String,
    },

    /// Removing something others align to.
    #[error("`{id}` has objectives aligned to it ({dependents})")]
    HasDependents {
        /// The item to remove.
        id: String,
        /// The ids aligned to it, comma separated.
        dependents: String,
    },

    /// A change to something in a closed period.
    #[error("{what} is in the closed period `{period}`")]
    Closed {
        /// What would change, e.g. `` `o3` `` or `a new objective`.
        what: String,
        /// The closed period.
        period: String,
    },

    /// Closing a period that is already closed.
    #[error("period `{period}` is already closed (by `{by}`)")]
    AlreadyClosed {
        /// The period to close.
        period: String,
        /// The closed period containing it.
        by: String,
    },

    /// Closing a period before its end without saying so.
    #[error("period `{period}` runs until {end}")]
    StillRunning {
        /// The period.
        period: String,
        /// Its last day.
        end: String,
    },

    /// Closing a period that holds no objective.
    #[error("no objective lies within `{0}`, so there is nothing to close")]
    NothingToClose(String),

    /// Carrying into a period that is over.
    #[error("period `{period}` ended on {end}")]
    PeriodOver {
        /// The target period.
        period: String,
        /// Its last day.
        end: String,
    },

    /// A carry whose copies would break a rule in the target period.
    #[error("carrying `{id}` into {period} would break a rule: {problem}")]
    CarryBreaksRule {
        /// The objective carried.
        id: String,
        /// The target period.
        period: String,
        /// The rule broken, as `okr check` says it.
        problem: String,
    },

    /// Reopening a period that is not closed.
    #[error("period `{0}` is not closed")]
    NotClosed(String),

    /// Carrying an objective into its own period.
    #[error("objective `{id}` is already in {period}; carry it to a later period")]
    AlreadyIn {
        /// The objective.
        id: String,
        /// Its period.
        period: String,
    },

    /// Carrying an objective a second time into the same period.
    #[error("objective `{id}` was already carried to {period} as `{copy}`; edit `{copy}` instead")]
    AlreadyCarried {
        /// The objective.
        id: String,
        /// The target period.
        period: String,
        /// The existing copy.
        copy: String,
    },

    /// A KPI name with characters outside letters, digits, `-`, `_`, `.`.
    #[error(
        "invalid KPI name `{0}`; use 1 to 64 letters, digits, `-`, `_` or `.`, e.g. organic-visitors"
    )]
    InvalidKpiName(String),

    /// A KPI name already taken.
    #[error("KPI `{0}` already exists")]
    DuplicateKpi(String),

    /// A KPI name that names nothing.
    #[error("no KPI is named `{0}`")]
    UnknownKpi(String),

    /// `resolve` on something without a conflict.
    #[error("`{0}` has no merge conflict")]
    NoConflict(String),

    /// Removing check-ins of a day that has none.
    #[error("key result `{kr}` has no check-in on {date}")]
    NoCheckIn {
        /// The key result.
        kr: String,
        /// The day given.
        date: String,
    },

    /// A compare-and-set that found another value.
    #[error(
        "key result `{kr}` is at {current}, not {expected}; someone else updated it, so re-read and retry"
    )]
    NotCurrent {
        /// The key result.
        kr: String,
        /// The value expected by the caller.
        expected: String,
        /// The value found.
        current: String,
    },

    /// Text with a control character, which would garble tables or the terminal.
    #[error(
        "{what} contains the control character {code}; remove it (line breaks are allowed in descriptions only)"
    )]
    ControlCharacter {
        /// Which text, e.g. ``the title of `kr1` ``.
        what: String,
        /// The character, e.g. `U+001B`.
        code: String,
    },

    /// An invisible character (a bidi control, a zero-width space) in a name.
    #[error(
        "{what} contains the invisible character {code} (a bidi control or a zero-width character), which makes it look like another name; remove it"
    )]
    InvisibleCharacter {
        /// Which name, e.g. ``the team of `o3` ``.
        what: String,
        /// The character, e.g. `U+200B`.
        code: String,
    },

    /// A setting given a value it cannot take.
    #[error("setting `{key}` cannot be `{value}`; {why}")]
    InvalidSetting {
        /// The setting.
        key: String,
        /// The text given.
        value: String,
        /// What it takes.
        why: String,
    },

    /// A setting that does not exist.
    #[error("there is no setting `{0}`")]
    UnknownSetting(String),

    /// Limits that contradict each other or are zero.
    #[error("invalid limits: {0}")]
    InvalidSettings(String),

    /// A data file whose content breaks the model's invariants.
    #[error("{0}")]
    Corrupt(String),
}

/// ``objective `o2` ``, or `the new objective` for one that has no id yet.
fn objective_named(id: &str) -> String {
    if id.is_empty() {
        "the new objective".into()
    } else {
        format!("objective `{id}`")
    }
}
