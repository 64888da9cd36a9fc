//! One function per subcommand: open the store, call the model, render, save.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;

use crate::cli::{
    AddCommand, AddKrArgs, AddObjectiveArgs, AlignArgs, CarryArgs, CheckArgs, Cli, CloseArgs,
    ColorChoice, Command, EditArgs, FilterArgs, InitArgs, PeriodArgs, ProgressArgs, ReportArgs,
    RmArgs,
};
use crate::model::rules::Severity;
use crate::model::{
    CheckIn, Item, KeyResultEdit, Kind, ModelError, NewKeyResult, NewObjective, ObjectiveEdit,
    Okrs, Owner, Period, Settings, input, rules,
};
use crate::report::full::{self, Format, ReportView};
use crate::report::views::{
    CheckInView, CheckView, Detail, Filter, HistoryView, KeyResultView, StatusView, detail,
};
use crate::report::{Style, percent, text, tree};
use crate::store::{self, StoreError};

/// Whether the command did what was asked (exit 0) or found a broken rule (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// All good.
    Success,
    /// A check failed; its findings are already printed.
    Failed,
}

struct Context<'a> {
    file: Option<PathBuf>,
    json: bool,
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

    /// Prints `value` as JSON with `--json`, else the human `text`.
    fn emit(&mut self, value: &impl Serialize, text: &str) -> Result<()> {
        if self.json {
            let mut bytes = serde_json::to_vec_pretty(value)?;
            bytes.push(b'\n');
            self.out.write_all(&bytes)?;
        } else {
            self.out.write_all(text.as_bytes())?;
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
        style: Style { color },
        today: today()?,
        out,
    };
    match cli.command {
        Command::Init(args) => init(&mut cx, args),
        Command::Add(AddCommand::Objective(args)) => add_objective(&mut cx, args),
        Command::Add(AddCommand::Kr(args)) => add_kr(&mut cx, args),
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

fn init(cx: &mut Context, args: InitArgs) -> Result<Outcome> {
    let path = cx
        .file
        .clone()
        .unwrap_or_else(|| PathBuf::from(store::FILE_NAME));
    let settings = Settings {
        max_objectives: args.max_objectives,
        min_krs: args.min_krs,
        max_krs: args.max_krs,
    };
    let okrs = Okrs::new(settings.clone())?;
    store::create(&path, &okrs)?;
    let text = format!(
        "created {} (at most {} objectives per owner and period, {} to {} key results each)\n",
        path.display(),
        settings.max_objectives,
        settings.min_krs,
        settings.max_krs
    );
    cx.emit(&json!({"file": path, "settings": settings}), &text)?;
    Ok(Outcome::Success)
}

fn add_objective(cx: &mut Context, args: AddObjectiveArgs) -> Result<Outcome> {
    let new = NewObjective {
        title: args.title,
        owner: Owner::from_names(args.owner.team.as_deref(), args.owner.person.as_deref())?,
        period: cx.period_or_this_quarter(args.period.as_deref())?,
        kind: if args.committed {
            Kind::Committed
        } else {
            Kind::Aspirational
        },
        aligns: args.aligns,
        id: args.id,
        description: args.description,
    };
    let path = cx.path()?;
    let id = store::update(&path, |okrs| -> Result<String> {
        Ok(okrs.add_objective(new)?)
    })?;
    cx.emit(&json!({ "id": id }), &format!("{id}\n"))?;
    Ok(Outcome::Success)
}

fn add_kr(cx: &mut Context, args: AddKrArgs) -> Result<Outcome> {
    let new = NewKeyResult {
        title: args.title,
        start: optional_number(args.start.as_deref(), "--start")?.unwrap_or(0.0),
        target: input::number(&args.target, "--target")?,
        unit: args.unit,
        weight: args
            .weight
            .as_deref()
            .map(input::weight)
            .transpose()?
            .unwrap_or(1.0),
        id: args.id,
    };
    let path = cx.path()?;
    let id = store::update(&path, |okrs| -> Result<String> {
        Ok(okrs.add_key_result(&args.objective, new)?)
    })?;
    cx.emit(&json!({ "id": id }), &format!("{id}\n"))?;
    Ok(Outcome::Success)
}

fn progress(cx: &mut Context, args: ProgressArgs) -> Result<Outcome> {
    let (Some(kr), Some(value)) = (args.kr, args.value) else {
        return status(cx, &args.filter);
    };
    let checkin = CheckIn {
        date: match &args.date {
            Some(text) => input::date(text)?,
            None => cx.today,
        },
        value: input::number(&value, "value")?,
        note: args.note.as_deref().and_then(input::trimmed),
        confidence: args
            .confidence
            .as_deref()
            .map(input::confidence)
            .transpose()?,
    };
    let today = cx.today;
    let path = cx.path()?;
    let (before, view) = store::update(&path, |okrs| -> Result<(f64, KeyResultView)> {
        let before = match okrs.find(&kr) {
            Some(Item::KeyResult(_, k)) => k.score(),
            _ => 0.0,
        };
        okrs.check_in(&kr, checkin, today)?;
        match okrs.find(&kr) {
            Some(Item::KeyResult(o, k)) => Ok((before, KeyResultView::new(o, k, today))),
            _ => Err(ModelError::UnknownId(kr.clone()).into()),
        }
    })?;
    cx.emit(&view, &text::checked_in(&view, before))?;
    Ok(Outcome::Success)
}

fn filter(cx: &Context, args: &FilterArgs, default_period: bool) -> Result<Filter> {
    let period = match (&args.period, default_period) {
        (Some(text), _) => Some(text.parse()?),
        (None, true) => Some(Period::quarter_of(cx.today)?),
        (None, false) => None,
    };
    Ok(Filter {
        period,
        team: args.team.clone(),
        person: args.person.clone(),
    })
}

fn status(cx: &mut Context, args: &FilterArgs) -> Result<Outcome> {
    let filter = filter(cx, args, true)?;
    let okrs = cx.load()?;
    let view = StatusView::new(&okrs, &filter, cx.today);
    let text = text::status(&view, filter.period.as_ref(), cx.style);
    cx.emit(&view, &text)?;
    Ok(Outcome::Success)
}

fn list(cx: &mut Context, args: &FilterArgs) -> Result<Outcome> {
    let filter = filter(cx, args, false)?;
    let okrs = cx.load()?;
    let view = StatusView::new(&okrs, &filter, cx.today);
    let text = text::list(&view);
    cx.emit(&view, &text)?;
    Ok(Outcome::Success)
}

fn show(cx: &mut Context, id: &str) -> Result<Outcome> {
    let okrs = cx.load()?;
    let item = okrs
        .find(id)
        .ok_or_else(|| ModelError::UnknownId(id.to_string()))?;
    let text = text::show(&okrs, item, cx.today, cx.style);
    cx.emit(&detail(&okrs, item, cx.today), &text)?;
    Ok(Outcome::Success)
}

fn show_tree(cx: &mut Context, args: &PeriodArgs) -> Result<Outcome> {
    let period = cx.period_or_this_quarter(args.period.as_deref())?;
    let okrs = cx.load()?;
    let view = tree::build(&okrs, &period, cx.today);
    let text = tree::render(&view, &period);
    cx.emit(&view, &text)?;
    Ok(Outcome::Success)
}

/// Refuses options given for the other kind of item.
fn refuse_options(
    id: &str,
    what: &'static str,
    given: &[(&'static str, bool)],
) -> Result<(), ModelError> {
    match given.iter().find(|(_, present)| *present) {
        Some((option, _)) => Err(ModelError::NotApplicable {
            option,
            what,
            id: id.to_string(),
        }),
        None => Ok(()),
    }
}

fn edit(cx: &mut Context, args: EditArgs) -> Result<Outcome> {
    let objective_options = [
        ("--description", args.description.is_some()),
        ("--period", args.period.is_some()),
        ("--committed", args.committed),
        ("--aspirational", args.aspirational),
        ("--team", args.owner.team.is_some()),
        ("--person", args.owner.person.is_some()),
        ("--company", args.company),
    ];
    let kr_options = [
        ("--target", args.target.is_some()),
        ("--start", args.start.is_some()),
        ("--unit", args.unit.is_some()),
        ("--weight", args.weight.is_some()),
    ];
    if args.title.is_none()
        && objective_options
            .iter()
            .chain(&kr_options)
            .all(|(_, given)| !given)
    {
        return Err(ModelError::NothingToEdit(args.id).into());
    }
    let owner = if args.company {
        Some(Owner::Company)
    } else if args.owner.team.is_some() || args.owner.person.is_some() {
        Some(Owner::from_names(
            args.owner.team.as_deref(),
            args.owner.person.as_deref(),
        )?)
    } else {
        None
    };
    let objective_edit = ObjectiveEdit {
        title: args.title.clone(),
        description: args.description,
        period: args.period.as_deref().map(str::parse).transpose()?,
        kind: match (args.committed, args.aspirational) {
            (true, _) => Some(Kind::Committed),
            (_, true) => Some(Kind::Aspirational),
            _ => None,
        },
        owner,
    };
    let kr_edit = KeyResultEdit {
        title: args.title,
        start: optional_number(args.start.as_deref(), "--start")?,
        target: optional_number(args.target.as_deref(), "--target")?,
        unit: args.unit,
        weight: args.weight.as_deref().map(input::weight).transpose()?,
    };
    let id = args.id;
    let today = cx.today;
    let path = cx.path()?;
    let view = store::update(&path, |okrs| -> Result<Detail> {
        match okrs.find(&id) {
            None => return Err(ModelError::UnknownId(id.clone()).into()),
            Some(Item::Objective(_)) => {
                refuse_options(&id, "objective", &kr_options)?;
                okrs.edit_objective(&id, objective_edit)?;
            }
            Some(Item::KeyResult(..)) => {
                refuse_options(&id, "key result", &objective_options)?;
                okrs.edit_key_result(&id, kr_edit)?;
            }
        }
        let item = okrs
            .find(&id)
            .ok_or_else(|| ModelError::UnknownId(id.clone()))?;
        Ok(detail(okrs, item, today))
    })?;
    cx.emit(&view, &format!("updated {id}\n"))?;
    Ok(Outcome::Success)
}

fn rm(cx: &mut Context, args: &RmArgs) -> Result<Outcome> {
    let path = cx.path()?;
    let removed = store::update(&path, |okrs| -> Result<_> {
        Ok(okrs.remove(&args.id, args.force)?)
    })?;
    let mut text = format!("removed {}\n", removed.ids.join(", "));
    if !removed.unaligned.is_empty() {
        text.push_str(&format!(
            "no longer aligned: {}\n",
            removed.unaligned.join(", ")
        ));
    }
    cx.emit(
        &json!({"removed": removed.ids, "unaligned": removed.unaligned}),
        &text,
    )?;
    Ok(Outcome::Success)
}

fn align(cx: &mut Context, args: &AlignArgs) -> Result<Outcome> {
    let path = cx.path()?;
    let changed = store::update(&path, |okrs| -> Result<bool> {
        Ok(okrs.align(&args.objective, &args.kr)?)
    })?;
    let text = if changed {
        format!("{} now aligns to {}\n", args.objective, args.kr)
    } else {
        format!("{} already aligns to {}\n", args.objective, args.kr)
    };
    cx.emit(
        &json!({"objective": args.objective, "kr": args.kr, "changed": changed}),
        &text,
    )?;
    Ok(Outcome::Success)
}

fn unalign(cx: &mut Context, args: &AlignArgs) -> Result<Outcome> {
    let path = cx.path()?;
    store::update(&path, |okrs| -> Result<()> {
        Ok(okrs.unalign(&args.objective, &args.kr)?)
    })?;
    cx.emit(
        &json!({"objective": args.objective, "kr": args.kr, "changed": true}),
        &format!("{} no longer aligns to {}\n", args.objective, args.kr),
    )?;
    Ok(Outcome::Success)
}

fn check(cx: &mut Context, args: &CheckArgs) -> Result<Outcome> {
    let period: Option<Period> = args.period.as_deref().map(str::parse).transpose()?;
    let path = cx.path()?;
    let okrs = store::read(&path)?;
    let problems = rules::check(&okrs, period.as_ref());
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    let ok = errors == 0 && (warnings == 0 || !args.strict);
    let text = if problems.is_empty() {
        format!("{}: no problems\n", display(&path))
    } else {
        text::problems(&problems)
    };
    cx.emit(
        &CheckView {
            ok,
            problems: &problems,
        },
        &text,
    )?;
    if !problems.is_empty() && !cx.json {
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let summary = match (errors, warnings) {
            (e, 0) => count(e, "problem"),
            (0, w) => count(w, "warning"),
            (e, w) => format!("{} and {}", count(e, "problem"), count(w, "warning")),
        };
        eprintln!("{summary} in {}", display(&path));
    }
    Ok(if ok {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}

fn history(cx: &mut Context, id: &str) -> Result<Outcome> {
    let okrs = cx.load()?;
    let kr = match okrs.find(id) {
        Some(Item::KeyResult(_, kr)) => kr,
        Some(Item::Objective(_)) => return Err(ModelError::NotAKeyResult(id.into()).into()),
        None => return Err(ModelError::UnknownId(id.into()).into()),
    };
    let view = HistoryView {
        id: kr.id.clone(),
        title: kr.title.clone(),
        unit: kr.unit.clone(),
        checkins: CheckInView::all(kr),
    };
    let text = format!("{}  {}\n{}", kr.id, kr.title, text::checkins(kr));
    cx.emit(&view, &text)?;
    Ok(Outcome::Success)
}

fn close(cx: &mut Context, args: &CloseArgs) -> Result<Outcome> {
    let period: Period = args.period.parse()?;
    let today = cx.today;
    let path = cx.path()?;
    if args.reopen {
        let reopened = store::update(&path, |okrs| -> Result<_> { Ok(okrs.reopen(period)?) })?;
        let text = format!(
            "reopened {period}: {} objective{} can change again\n",
            reopened.len(),
            if reopened.len() == 1 { "" } else { "s" }
        );
        cx.emit(&json!({"period": period, "reopened": reopened}), &text)?;
        return Ok(Outcome::Success);
    }
    let results = store::update(&path, |okrs| -> Result<_> {
        Ok(okrs.close(period, today)?)
    })?;
    let mut text = format!(
        "closed {period}: {} objective{} frozen\n",
        results.len(),
        if results.len() == 1 { "" } else { "s" }
    );
    for r in &results {
        text.push_str(&format!(
            "{}  {}  {}\n",
            r.id,
            percent(r.score),
            r.grade.as_str()
        ));
    }
    let closed: Vec<_> = results
        .iter()
        .map(|r| json!({"id": r.id, "score": r.score, "grade": r.grade}))
        .collect();
    cx.emit(&json!({"period": period, "closed": closed}), &text)?;
    Ok(Outcome::Success)
}

fn carry(cx: &mut Context, args: &CarryArgs) -> Result<Outcome> {
    let to: Period = args.to.parse()?;
    let from: Option<Period> = args.all.as_deref().map(str::parse).transpose()?;
    let path = cx.path()?;
    let carried = store::update(&path, |okrs| -> Result<_> {
        let ids = match &from {
            Some(period) => okrs.unfinished(period),
            None => args.objectives.clone(),
        };
        Ok(okrs.carry(&ids, to)?)
    })?;
    let mut text = String::new();
    if carried.is_empty() {
        text.push_str("nothing to carry: every objective of that period is finished\n");
    }
    for c in &carried {
        text.push_str(&format!("{} -> {} in {to}", c.from, c.to));
        if !c.done.is_empty() {
            text.push_str(&format!("; done, left behind: {}", c.done.join(", ")));
        }
        if !c.dropped.is_empty() {
            text.push_str(&format!("; alignment dropped: {}", c.dropped.join(", ")));
        }
        text.push('\n');
    }
    let view: Vec<_> = carried
        .iter()
        .map(|c| json!({"from": c.from, "to": c.to, "done": c.done, "dropped": c.dropped}))
        .collect();
    cx.emit(&json!({"to": to, "carried": view}), &text)?;
    Ok(Outcome::Success)
}

fn report(cx: &mut Context, args: &ReportArgs) -> Result<Outcome> {
    let period = cx.period_or_this_quarter(args.period.as_deref())?;
    let format = match (args.format, &args.output) {
        (Some(format), _) => format,
        (None, Some(path)) => Format::from_extension(path).ok_or_else(|| {
            anyhow!(
                "cannot tell the report format from `{}`; name it .txt, .md, .csv, .json or .html, or pass `--format`",
                path.display()
            )
        })?,
        (None, None) => Format::Table,
    };
    if cx.json && format != Format::Json {
        bail!("`--json` asks for the JSON report; leave it out or use `--format json`");
    }
    let okrs = cx.load()?;
    let view = ReportView::new(&okrs, period, args.team.clone(), cx.today);
    let text = match format {
        Format::Table => {
            // Fit the terminal when printing to one; 80 columns everywhere else.
            let terminal = args.output.is_none() && std::io::stdout().is_terminal();
            let width = if terminal {
                comfy_table::Table::new().width().unwrap_or(80)
            } else {
                80
            };
            let style = Style {
                color: cx.style.color && args.output.is_none(),
            };
            full::table::render_report(&view, width, style)
        }
        Format::Markdown => full::markdown::render_report(&view),
        Format::Csv => full::csv::render_report(&view)?,
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&view)?;
            text.push('\n');
            text
        }
        Format::Html => full::html::render_report(&view),
    };
    match &args.output {
        Some(path) => {
            store::write_atomically(path, text.as_bytes())?;
        }
        None => cx.out.write_all(text.as_bytes())?,
    }
    Ok(Outcome::Success)
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
