//! `okr add` on a terminal: one objective and its key results, step by step. The rules are
//! checked as the answers come (a third objective for an owner is stopped before any typing),
//! a preview is shown, and nothing is saved before the last confirmation.

use std::io::IsTerminal;

use dialoguer::MultiSelect;

use super::prompt::{ask_measure, ask_text, choose, confirm, prompt_error, theme, wrapped};
use super::write::create_objective;
use super::{Context, Outcome, Result};
use crate::model::input::{self, Target};
use chrono::NaiveDate;

use crate::model::{Keep, Kind, NewKeyResult, NewObjective, Okrs, Owner, Period, Settings, rules};

/// Runs the wizard, or prints the usage (exit 2) where there is no terminal to ask on.
pub(super) fn run(cx: &mut Context, _forced: bool) -> Result<Outcome> {
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !terminal {
        eprintln!(
            "error: `okr add` needs `objective` or `kr`, or a terminal for the guided wizard\n\n\
             Usage: okr add objective TITLE [--team T] [--person P] [--period P] [OPTIONS]\n       \
             okr add kr OBJECTIVE_ID TITLE --target N [OPTIONS]\n       \
             okr add --interactive    (on a terminal)\n\n\
             For more information, try 'okr add --help'."
        );
        return Ok(Outcome::Usage);
    }
    let okrs = cx.load()?;
    let settings = okrs.settings.clone();
    // On an empty file the cascade starts at the top: the company's objectives first.
    let owner = ask_owner(if okrs.objectives.is_empty() { 0 } else { 1 })?;
    let period = ask_period(cx.today)?;
    // Stop a third objective for the owner now, before any more typing.
    okrs.can_add_objective(&owner, &period, None)?;
    let kind = ask_kind()?;
    let title = ask_text("Objective (an outcome, not a task)", None, false)?;
    let mut krs: Vec<NewKeyResult> = Vec::new();
    while krs.len() < settings.max_krs as usize {
        eprintln!(
            "Key result {} (a number that shows progress)",
            krs.len() + 1
        );
        krs.push(ask_key_result(&settings)?);
        let enough = krs.len() >= settings.min_krs as usize;
        if enough && !confirm("Add another key result?", false)? {
            break;
        }
    }
    let aligns = ask_alignments(&okrs, &owner, &period)?;
    eprintln!(
        "{}",
        wrapped(&preview(&title, &owner, &period, kind, &krs, &aligns))
    );
    if aligns.is_empty()
        && let Some(above) = owner.level().above()
    {
        eprintln!(
            "{}",
            wrapped(&format!(
                "warning: this {} objective aligns to no {} key result, which `okr check` calls an error [cascade]; align it later with `okr align ID KR_ID`",
                owner.level().as_str(),
                above.as_str()
            ))
        );
    }
    if !confirm("Save it?", true)? {
        eprintln!("nothing was saved");
        return Ok(Outcome::Failed);
    }
    let new = NewObjective {
        title,
        owner,
        period,
        kind,
        aligns,
        id: None,
        description: None,
    };
    create_objective(cx, new, krs)
}

fn ask_owner(default: usize) -> Result<Owner> {
    let level = choose(
        "What level is this objective for?",
        &["company", "team", "individual"],
        default,
    )?;
    Ok(match level {
        0 => Owner::Company,
        1 => Owner::Team(ask_text("Team name", None, false)?),
        _ => {
            let person = ask_text("Person's name", None, false)?;
            let team = ask_text("Their team (blank for none)", None, true)?;
            Owner::Person {
                person,
                team: (!team.is_empty()).then_some(team),
            }
        }
    })
}

/// The period, asked again until it reads; this quarter by default.
fn ask_period(today: NaiveDate) -> Result<Period> {
    let this_quarter = Period::quarter_of(today)?.to_string();
    loop {
        let text = ask_text("Period", Some(&this_quarter), false)?;
        match text.parse() {
            Ok(period) => return Ok(period),
            Err(error) => eprintln!("{error}"),
        }
    }
}

fn ask_kind() -> Result<Kind> {
    let kind = choose(
        "Kind (aspirational: 70% is a success; committed: must reach 100%)",
        &["aspirational", "committed"],
        0,
    )?;
    Ok(if kind == 0 {
        Kind::Aspirational
    } else {
        Kind::Committed
    })
}

/// One key result: what is measured, whether it moves towards a target or keeps a line, its
/// unit, today's value, then the target (or the line). Values may be typed with their unit
/// (`12%`); the task lint runs on it as soon as it is typed.
fn ask_key_result(settings: &Settings) -> Result<NewKeyResult> {
    let format = settings.number_format;
    let title = ask_text("  What is measured", None, false)?;
    let shape = choose(
        "  Kind of key result",
        &[
            "reach a target",
            "keep above a line (a health metric)",
            "keep below a line (a health metric)",
        ],
        0,
    )?;
    let unit = ask_text("  Unit (e.g. %, visitors, EUR; blank for none)", None, true)?;
    let unit = (!unit.is_empty()).then_some(unit);
    let start = ask_measure("  Value today", Some(0.0), unit.as_deref(), format)?;
    let (target, keep) = match shape {
        0 => (ask_target(start, unit.as_deref(), format)?, None),
        _ => {
            let line = ask_measure("  The line to keep", None, unit.as_deref(), format)?;
            let keep = if shape == 1 { Keep::Above } else { Keep::Below };
            (Target::Absolute(line), Some(keep))
        }
    };
    if keep.is_none() {
        let value = target.absolute(start).unwrap_or(start);
        if let Some(why) = rules::task_like_parts(&title, start, value, unit.as_deref()) {
            eprintln!("{}", wrapped(&format!("  warning: {why} [task-like]")));
        }
    }
    Ok(NewKeyResult {
        title,
        start,
        target,
        unit,
        weight: 1.0,
        id: None,
        keep,
        owner: None,
    })
}

/// A target that changes today's value: a value (with its unit, `4%`), +N, or ±N% of today's.
fn ask_target(start: f64, unit: Option<&str>, format: input::NumberFormat) -> Result<Target> {
    loop {
        let text = ask_text(
            "  Target (a value, +N, or +N% / -N% of today's)",
            None,
            false,
        )?;
        // An absolute value typed with the unit's sign: `4%` for a key result in %.
        let absolute = || {
            input::measure_in(&text, format)
                .and_then(|m| m.for_unit(|| "this key result".into(), unit))
                .map(Target::Absolute)
        };
        let target = match input::target_in(&text, "target", format) {
            Err(_) if !text.trim_start().starts_with(['+', '-']) => absolute(),
            other => other,
        };
        match target.and_then(|t| Ok((t, t.absolute(start)?))) {
            Ok((target, value)) if rules::measures_change(start, value) => return Ok(target),
            Ok(_) => eprintln!("the target equals today's value; aim for a change"),
            Err(error) => eprintln!("{error}"),
        }
    }
}

/// The key results of the level above, in an overlapping period, that the objective moves.
fn ask_alignments(okrs: &Okrs, owner: &Owner, period: &Period) -> Result<Vec<String>> {
    let Some(above) = owner.level().above() else {
        return Ok(Vec::new());
    };
    let candidates: Vec<(String, String)> = okrs
        .objectives
        .iter()
        .filter(|o| o.level() == above && o.period.overlaps(period))
        .flat_map(|o| {
            o.key_results.iter().map(move |kr| {
                (
                    kr.id.clone(),
                    format!("{}  {} ({}, {})", kr.id, kr.title, o.id, o.owner.label()),
                )
            })
        })
        .collect();
    if candidates.is_empty() {
        eprintln!(
            "No {} key results in {period} to align to yet; align later with `okr align`.",
            above.as_str()
        );
        return Ok(Vec::new());
    }
    let labels: Vec<&str> = candidates.iter().map(|(_, l)| l.as_str()).collect();
    let picked = MultiSelect::with_theme(&theme())
        .with_prompt(format!(
            "Which {} key results does it move? (space to pick, enter to go on)",
            above.as_str()
        ))
        .items(&labels)
        .interact()
        .map_err(prompt_error)?;
    Ok(picked
        .into_iter()
        .map(|i| candidates[i].0.clone())
        .collect())
}

/// What is about to be saved, as the last question shows it.
fn preview(
    title: &str,
    owner: &Owner,
    period: &Period,
    kind: Kind,
    krs: &[NewKeyResult],
    aligns: &[String],
) -> String {
    let mut preview = format!("\n{title}\n{owner} objective, {period}, {kind}\n");
    for kr in krs {
        let unit = kr.unit.as_deref();
        preview.push_str(&format!(
            "  - {}: {} -> {}{}\n",
            kr.title,
            crate::report::value(kr.start, unit),
            // Each target was resolved when it was typed.
            crate::report::value(kr.target.absolute(kr.start).unwrap_or(kr.start), unit),
            kr.target
                .relative_form()
                .map(|f| format!(" ({f})"))
                .unwrap_or_default()
        ));
    }
    if !aligns.is_empty() {
        preview.push_str(&format!("  aligns to {}\n", aligns.join(", ")));
    }
    preview
}
