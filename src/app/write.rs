//! Commands that add and change objectives and key results.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::{Context, Error, Outcome, Result, prompt, read};
use crate::cli::{
    AddKrArgs, AddObjectiveArgs, AlignArgs, EditArgs, InitArgs, OwnerArgs, ProgressArgs, RmArgs,
    SettingsArgs, SettingsCommand, StatusArg, TeamsArgs, TeamsCommand,
};
use crate::model::input::Target;
use crate::model::templates::{self, Template};
use crate::model::{
    CheckIn, Item, Keep, KeyResultEdit, Kind, MilestoneEdit, ModelError, NewKeyResult,
    NewObjective, ObjectiveEdit, Okrs, Owner, Settings, input,
};
use crate::report::show;
use crate::report::teams::{SettingsView, TeamsView};
use crate::report::views::{Detail, KeyResultView};
use crate::report::written::{
    Added, Alignment, CheckinsRemoved, Created, RemovedView, TeamRenamed, Undone,
};
use crate::store::{self, StoreError};

pub(super) fn init(cx: &mut Context, args: InitArgs) -> Result<Outcome> {
    let path = cx
        .file
        .clone()
        .unwrap_or_else(|| PathBuf::from(store::FILE_NAME));
    let mut settings = Settings {
        max_objectives: args.max_objectives,
        min_krs: args.min_krs,
        max_krs: args.max_krs,
        ..Settings::default()
    };
    for (key, value) in args.policy() {
        settings.set(key, value)?;
    }
    let okrs = Okrs::new(settings.clone())?;
    if cx.write.dry_run {
        if path.exists() {
            return Err(StoreError::Exists(path).into());
        }
        eprintln!("dry run: {} was not created", crate::report::shown(&path));
    } else {
        store::create(&path, &okrs)?;
    }
    let view = Created {
        file: path,
        settings,
    };
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}

/// The owner `--team` and `--person` name (both: a person in that team; none: `None`).
fn owner(args: &OwnerArgs) -> Result<Option<Owner>> {
    let name = |option: &str, text: &Option<String>| -> Result<Option<String>> {
        text.as_deref()
            .map(|t| {
                input::trimmed(t)
                    .ok_or_else(|| Error::input(format!("`{option}` is empty; give a name")))
            })
            .transpose()
    };
    let team = name("--team", &args.team)?;
    let person = name("--person", &args.person)?;
    Ok(match (team, person) {
        (team, Some(person)) => Some(Owner::Person { person, team }),
        (Some(team), None) => Some(Owner::Team(team)),
        (None, None) => None,
    })
}

/// The key results of a template, each starting from its baseline: from `--baseline I=VALUE`,
/// else asked for on a terminal, else refused with what is missing.
fn template_krs(
    template: &Template,
    given: &[String],
    format: input::NumberFormat,
) -> Result<Vec<NewKeyResult>> {
    let count = template.key_results.len();
    let mut baselines: Vec<Option<f64>> = vec![None; count];
    for text in given {
        let (index, value) = text.split_once('=').ok_or_else(|| {
            Error::input(format!(
                "`--baseline {text}` is not I=VALUE; write e.g. `--baseline 1=12400`"
            ))
        })?;
        let slot = index
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|i| (1..=count).contains(i))
            .ok_or_else(|| {
                Error::input(format!(
                    "template `{}` has key results 1 to {count}; `--baseline {text}` names none of them",
                    template.name
                ))
            })?;
        let kr = &template.key_results[slot - 1];
        let thing = || format!("the baseline of `{}`", kr.title);
        let measure = input::measure_as(value, "baseline", format)?;
        baselines[slot - 1] = Some(measure.for_unit(thing, Some(kr.unit))?);
    }
    let missing: Vec<usize> = (0..count).filter(|&i| baselines[i].is_none()).collect();
    if !missing.is_empty() {
        if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
            for &i in &missing {
                baselines[i] = Some(prompt::ask_number(
                    &format!(
                        "Baseline of {} (today's value)",
                        template.key_results[i].title
                    ),
                    None,
                    format,
                )?);
            }
        } else {
            let names: Vec<String> = missing
                .iter()
                .map(|&i| format!("{} ({})", i + 1, template.key_results[i].title))
                .collect();
            return Err(Error::input(format!(
                "template `{}` needs today's value of each key result; missing {}; pass `--baseline {}=VALUE` for each",
                template.name,
                names.join(", "),
                missing[0] + 1
            )));
        }
    }
    Ok(template
        .key_results
        .iter()
        .zip(baselines)
        .map(|(kr, baseline)| NewKeyResult {
            title: kr.title.to_string(),
            start: baseline.unwrap_or_default(),
            target: kr.target(),
            unit: Some(kr.unit.to_string()),
            weight: 1.0,
            id: None,
            keep: None,
            owner: None,
        })
        .collect())
}

pub(super) fn add_objective(cx: &mut Context, args: AddObjectiveArgs) -> Result<Outcome> {
    let template = match args.template.as_deref() {
        Some(name) => Some(templates::template(name).ok_or_else(|| {
            Error::input(format!(
                "no template is named `{name}`; run `okr templates` to see them"
            ))
        })?),
        None => None,
    };
    let owner = owner(&args.owner)?.unwrap_or(Owner::Company);
    let krs = match template {
        // Baselines are typed (or asked for) before the file's lock is taken: the file is read
        // once more for how its team writes numbers.
        Some(t) => template_krs(t, &args.baselines, cx.load()?.settings.number_format)?,
        None => Vec::new(),
    };
    let title = args
        .title
        .or_else(|| template.map(|t| t.objective.to_string()))
        .unwrap_or_default();
    let new = NewObjective {
        title,
        owner,
        period: cx.period_or_this_quarter(args.period)?,
        kind: if args.committed {
            Kind::Committed
        } else {
            Kind::Aspirational
        },
        aligns: args.aligns,
        id: args.id,
        description: args.description,
    };
    create_objective(cx, new, krs)
}

/// Adds an objective and its key results in one save, and prints the objective's id.
pub(super) fn create_objective(
    cx: &mut Context,
    new: NewObjective,
    krs: Vec<NewKeyResult>,
) -> Result<Outcome> {
    let (id, used) = cx.update(|okrs| -> Result<(String, String)> {
        let mut new = new;
        new.aligns = new
            .aligns
            .iter()
            .map(|kr| okrs.expand_id(kr))
            .collect::<Result<_, _>>()?;
        let id = okrs.add_objective(new)?;
        for kr in krs {
            okrs.add_key_result(&id, kr)?;
        }
        let added = okrs
            .objective(&id)
            .ok_or_else(|| ModelError::UnknownId(id.clone()))?;
        let used = format!("{}, {}", added.owner, added.period);
        Ok((id, used))
    })?;
    // The id alone goes to stdout for scripts; people see whose it is and when it runs, as
    // the file spells them, since either may have come from a default.
    eprintln!("{id}: {used}");
    let view = Added { id };
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}

pub(super) fn add_kr(cx: &mut Context, args: AddKrArgs) -> Result<Outcome> {
    // Numbers are read as the file's team writes them (`number_format`).
    let new = |format| -> Result<NewKeyResult> {
        let read = |n: &Option<crate::cli::Number>| n.as_ref().map(|t| t.read(format)).transpose();
        // A health metric keeps a line; its value starts on the line unless told otherwise.
        let (target, keep) = match (read(&args.keep_above)?, read(&args.keep_below)?) {
            (Some(line), _) => (Target::Absolute(line), Some(Keep::Above)),
            (_, Some(line)) => (Target::Absolute(line), Some(Keep::Below)),
            (None, None) => match &args.target {
                Some(target) => (target.read(format)?, None),
                None => {
                    return Err(Error::input(
                        "give `--target`, `--keep-above` or `--keep-below`",
                    ));
                }
            },
        };
        let thing = || format!("the start of `{}`", args.title);
        let start = args
            .start
            .as_ref()
            .map(|m| m.read(format)?.for_unit(thing, args.unit.as_deref()))
            .transpose()?;
        let start = match (start, keep, target) {
            (Some(start), _, _) => start,
            (None, Some(_), Target::Absolute(line)) => line,
            (None, _, _) => 0.0,
        };
        Ok(NewKeyResult {
            title: args.title.clone(),
            start,
            target,
            unit: args.unit.clone(),
            weight: args.weight.unwrap_or(1.0),
            id: args.id.clone(),
            keep,
            owner: args.owner.clone(),
        })
    };
    let id = cx.update(|okrs| -> Result<String> {
        let new = new(okrs.settings.number_format)?;
        let objective = okrs.expand_id(&args.objective)?;
        let id = okrs.add_key_result(&objective, new)?;
        if let Some(milestones) = milestones(&args.milestone, false, okrs.settings.number_format)? {
            let edit = KeyResultEdit {
                milestones: Some(milestones),
                ..KeyResultEdit::default()
            };
            okrs.edit_key_result(&id, edit)?;
        }
        if let Some(kpi) = &args.kpi {
            okrs.link_kpi(&id, Some(kpi))?;
        }
        Ok(id)
    })?;
    let view = Added { id };
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}

/// The milestones typed (`--milestone`, `--no-milestones`) as an edit, read in `format`;
/// `None` when neither was given.
fn milestones(
    typed: &[crate::cli::Milestone],
    clear: bool,
    format: input::NumberFormat,
) -> Result<Option<MilestoneEdit>> {
    if typed.is_empty() && !clear {
        return Ok(None);
    }
    let set = typed
        .iter()
        .map(|m| m.read(format))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(MilestoneEdit { clear, set }))
}

pub(super) fn progress(cx: &mut Context, args: ProgressArgs) -> Result<Outcome> {
    let (Some(kr), Some(value)) = (args.kr, args.value) else {
        return read::status(cx, args.filter);
    };
    let today = cx.today;
    let mut checkin = CheckIn {
        date: args.date.unwrap_or(today),
        value: 0.0,
        note: args.note.as_deref().and_then(input::trimmed),
        confidence: args.confidence,
        by: cx.author(args.by.as_deref())?,
        id: None,
    };
    let (before, previous, added, view, measured) =
        cx.update(|okrs| -> Result<(f64, f64, bool, KeyResultView, f64)> {
            let format = okrs.settings.number_format;
            let kr = okrs.expand_id(&kr)?;
            let (_, k) = okrs.key_result(&kr)?;
            let thing = || input::key_result_named(&kr, &k.title);
            checkin.value = value.read(format)?.for_unit(thing, k.unit.as_deref())?;
            let before = k.score();
            let previous = k.value_on(checkin.date);
            if let Some(expected) = &args.if_current {
                okrs.expect_current(&kr, expected.read(format)?)?;
            }
            if args.replace {
                // The day's check-ins give way to this one; a day without any just gets it.
                match okrs.remove_checkins(&kr, checkin.date) {
                    Ok(_) | Err(ModelError::NoCheckIn { .. }) => {}
                    Err(error) => return Err(error.into()),
                }
            }
            let measured = checkin.value;
            let added = okrs.check_in(&kr, checkin, today)?;
            if let Some(StatusArg(status)) = args.status {
                okrs.set_status(&kr, status)?;
            }
            let (o, k) = okrs.key_result(&kr)?;
            Ok((
                before,
                previous,
                added,
                KeyResultView::new(o, k, today, &okrs.settings),
                measured,
            ))
        })?;
    match (added, args.status) {
        (false, None) => eprintln!("{} already has this check-in; nothing changed", view.id),
        (false, Some(StatusArg(status))) => eprintln!(
            "{} already has this check-in; only its status was set ({})",
            view.id,
            status.map_or("computed again", |s| s.as_str())
        ),
        (true, _) => {}
    }
    if let Some(warning) = show::implausible(&view, measured, previous, before) {
        eprintln!("warning: {warning}");
    }
    cx.emit(&view, &show::checked_in(&view, before))?;
    Ok(Outcome::Success)
}

/// Refuses options given for the other kind of item.
fn refuse_options(id: &str, what: &str, given: &[(&str, bool)]) -> Result<()> {
    match given.iter().find(|(_, present)| *present) {
        Some((option, _)) => Err(Error::input(format!(
            "`{option}` does not apply to {what} `{id}`"
        ))),
        None => Ok(()),
    }
}

pub(super) fn edit(cx: &mut Context, args: EditArgs) -> Result<Outcome> {
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
        ("--kpi", args.kpi.is_some()),
        ("--outcome-ok", args.outcome_ok),
        ("--owner", args.kr_owner.is_some()),
        ("--milestone", !args.milestone.is_empty()),
        ("--no-milestones", args.no_milestones),
    ];
    if args.title.is_none()
        && args.status.is_none()
        && objective_options
            .iter()
            .chain(&kr_options)
            .all(|(_, given)| !given)
    {
        return Err(Error::input(format!(
            "nothing to change for `{}`; give at least one option, see `okr edit --help`",
            args.id
        )));
    }
    let owner = if args.company {
        Some(Owner::Company)
    } else {
        owner(&args.owner)?
    };
    let objective_edit = ObjectiveEdit {
        title: args.title.clone(),
        description: args.description,
        period: args.period.map(|p| cx.period(p)).transpose()?,
        kind: match (args.committed, args.aspirational) {
            (true, _) => Some(Kind::Committed),
            (_, true) => Some(Kind::Aspirational),
            _ => None,
        },
        owner,
    };
    // A start of 2.5% fits a key result in %, as when it was added.
    let kr_edit = |format, id: &str, unit: Option<&str>| -> Result<KeyResultEdit> {
        let thing = || format!("the start of `{id}`");
        let start = args
            .start
            .as_ref()
            .map(|m| m.read(format)?.for_unit(thing, unit))
            .transpose()?;
        Ok(KeyResultEdit {
            title: args.title.clone(),
            start,
            target: args.target.as_ref().map(|t| t.read(format)).transpose()?,
            unit: args.unit.clone(),
            weight: args.weight,
            outcome_ok: args.outcome_ok.then_some(true),
            owner: args.kr_owner.as_deref().map(|o| {
                let o = o.trim();
                (!o.eq_ignore_ascii_case("none")).then(|| o.to_string())
            }),
            milestones: milestones(&args.milestone, args.no_milestones, format)?,
        })
    };
    let today = cx.today;
    let (id, view) = cx.update(|okrs| -> Result<(String, Detail)> {
        let id = okrs.expand_id(&args.id)?;
        match okrs.item(&id)? {
            Item::Objective(_) => {
                refuse_options(&id, "objective", &kr_options)?;
                okrs.edit_objective(&id, objective_edit)?;
            }
            Item::KeyResult(_, kr) => {
                refuse_options(&id, "key result", &objective_options)?;
                // The unit the start is read in: the new one, if given.
                let unit = match &args.unit {
                    Some(unit) => input::trimmed(unit),
                    None => kr.unit.clone(),
                };
                let kr_edit = kr_edit(okrs.settings.number_format, &id, unit.as_deref())?;
                okrs.edit_key_result(&id, kr_edit)?;
                if let Some(kpi) = &args.kpi {
                    okrs.link_kpi(&id, Some(kpi.trim()).filter(|k| !k.is_empty()))?;
                }
            }
        }
        if let Some(StatusArg(status)) = args.status {
            okrs.set_status(&id, status)?;
        }
        let view = Detail::new(okrs, okrs.item(&id)?, today);
        Ok((id, view))
    })?;
    cx.emit(&view, &format!("updated {id}\n"))?;
    Ok(Outcome::Success)
}

pub(super) fn teams(cx: &mut Context, args: TeamsArgs) -> Result<Outcome> {
    match args.command {
        None => {
            let okrs = cx.load()?;
            let view = TeamsView::new(&okrs);
            cx.emit_with(&view, || view.text())?;
        }
        Some(TeamsCommand::Rename(args)) => {
            let renamed = cx.update(|okrs| Ok(okrs.rename_team(&args.old, &args.new)?))?;
            let view = TeamRenamed {
                new: args.new.trim().to_string(),
                objectives: renamed.changed,
                closed: renamed.closed,
                old: renamed.old,
            };
            cx.emit(&view, &view.text())?;
        }
    }
    Ok(Outcome::Success)
}

pub(super) fn settings(cx: &mut Context, args: SettingsArgs) -> Result<Outcome> {
    if let Some(SettingsCommand::Set(set)) = args.command {
        cx.update(|okrs| Ok(okrs.set_setting(&set.key, &set.value)?))?;
    }
    let okrs = cx.load()?;
    let view = SettingsView::new(&okrs.settings);
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}

pub(super) fn undo(cx: &mut Context) -> Result<Outcome> {
    let path = cx.path()?;
    let entry = store::undo(&path, cx.write)?;
    if cx.write.dry_run {
        eprintln!("dry run: {} was not changed", crate::report::shown(&path));
    }
    let view = Undone {
        at: entry.at,
        command: entry.command,
        dry_run: cx.write.dry_run,
    };
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}

pub(super) fn rm(cx: &mut Context, args: &RmArgs) -> Result<Outcome> {
    if let Some(date) = args.checkin {
        let (kr, removed) = cx.update(|okrs| {
            let kr = okrs.expand_id(&args.id)?;
            let removed = okrs.remove_checkins(&kr, date)?;
            Ok((kr, removed))
        })?;
        let view = CheckinsRemoved::new(kr, date, &removed);
        cx.emit(&view, &view.text())?;
        return Ok(Outcome::Success);
    }
    let removed = cx.update(|okrs| {
        let id = okrs.expand_id(&args.id)?;
        Ok(okrs.remove(&id, args.force)?)
    })?;
    let view = RemovedView::from(removed);
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}

pub(super) fn align(cx: &mut Context, args: &AlignArgs) -> Result<Outcome> {
    let (objective, kr, changed) = cx.update(|okrs| {
        let (objective, kr) = (okrs.expand_id(&args.objective)?, okrs.expand_id(&args.kr)?);
        let changed = okrs.align(&objective, &kr)?;
        Ok((objective, kr, changed))
    })?;
    let view = Alignment {
        changed,
        kr,
        objective,
        aligned: true,
    };
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}

pub(super) fn unalign(cx: &mut Context, args: &AlignArgs) -> Result<Outcome> {
    let (objective, kr) = cx.update(|okrs| {
        let objective = okrs.expand_id(&args.objective)?;
        // An alignment to a key result that no longer exists can still be dropped.
        let kr = okrs.expand_id(&args.kr).unwrap_or_else(|_| args.kr.clone());
        okrs.unalign(&objective, &kr)?;
        Ok((objective, kr))
    })?;
    let view = Alignment {
        changed: true,
        kr,
        objective,
        aligned: false,
    };
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}
