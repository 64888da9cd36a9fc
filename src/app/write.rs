//! Commands that change objectives and key results.

use super::*;

pub(super) fn init(cx: &mut Context, args: InitArgs) -> Result<Outcome> {
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
    if cx.write.dry_run {
        if path.exists() {
            return Err(StoreError::Exists(path).into());
        }
        eprintln!("dry run: {} was not created", path.display());
    } else {
        store::create(&path, &okrs)?;
    }
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

/// The key results of a template, each starting from its baseline: from `--baseline I=VALUE`,
/// else asked for on a terminal, else refused with what is missing.
fn template_krs(template: &Template, given: &[String]) -> Result<Vec<NewKeyResult>> {
    let count = template.key_results.len();
    let mut baselines: Vec<Option<f64>> = vec![None; count];
    for text in given {
        let (index, value) = text.split_once('=').ok_or_else(|| {
            anyhow!("`--baseline {text}` is not I=VALUE; write e.g. `--baseline 1=12400`")
        })?;
        let slot = index
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|i| (1..=count).contains(i))
            .ok_or_else(|| {
                anyhow!(
                    "template `{}` has key results 1 to {count}; `--baseline {text}` names none of them",
                    template.name
                )
            })?;
        baselines[slot - 1] = Some(input::number(value, "baseline")?);
    }
    let missing: Vec<usize> = (0..count).filter(|&i| baselines[i].is_none()).collect();
    if !missing.is_empty() {
        if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
            for &i in &missing {
                baselines[i] = Some(wizard::ask_number(
                    &format!(
                        "Baseline of {} (today's value)",
                        template.key_results[i].title
                    ),
                    None,
                )?);
            }
        } else {
            let names: Vec<String> = missing
                .iter()
                .map(|&i| format!("{} ({})", i + 1, template.key_results[i].title))
                .collect();
            bail!(
                "template `{}` needs today's value of each key result; missing {}; pass `--baseline {}=VALUE` for each",
                template.name,
                names.join(", "),
                missing[0] + 1
            );
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
        })
        .collect())
}

pub(super) fn add_objective(cx: &mut Context, args: AddObjectiveArgs) -> Result<Outcome> {
    let template = match args.template.as_deref() {
        Some(name) => Some(templates::template(name).ok_or_else(|| {
            anyhow!("no template is named `{name}`; run `okr templates` to see them")
        })?),
        None => None,
    };
    let krs = match template {
        Some(t) => template_krs(t, &args.baselines)?,
        None => Vec::new(),
    };
    let title = args
        .title
        .or_else(|| template.map(|t| t.objective.to_string()))
        .unwrap_or_default();
    let new = NewObjective {
        title,
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
    create_objective(cx, new, krs)
}

/// Adds an objective and its key results in one save, and prints the objective's id.
pub(super) fn create_objective(
    cx: &mut Context,
    new: NewObjective,
    krs: Vec<NewKeyResult>,
) -> Result<Outcome> {
    let id = cx.update(|okrs| -> Result<String> {
        let id = okrs.add_objective(new)?;
        for kr in krs {
            okrs.add_key_result(&id, kr)?;
        }
        Ok(id)
    })?;
    cx.emit(&json!({ "id": id }), &format!("{id}\n"))?;
    Ok(Outcome::Success)
}

pub(super) fn add_kr(cx: &mut Context, args: AddKrArgs) -> Result<Outcome> {
    let new = NewKeyResult {
        title: args.title,
        start: optional_number(args.start.as_deref(), "--start")?.unwrap_or(0.0),
        target: input::target(&args.target)?,
        unit: args.unit,
        weight: args
            .weight
            .as_deref()
            .map(input::weight)
            .transpose()?
            .unwrap_or(1.0),
        id: args.id,
    };
    let id = cx.update(|okrs| -> Result<String> {
        let id = okrs.add_key_result(&args.objective, new)?;
        if let Some(kpi) = &args.kpi {
            okrs.link_kpi(&id, Some(kpi))?;
        }
        Ok(id)
    })?;
    cx.emit(&json!({ "id": id }), &format!("{id}\n"))?;
    Ok(Outcome::Success)
}

pub(super) fn progress(cx: &mut Context, args: ProgressArgs) -> Result<Outcome> {
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
        id: None,
    };
    let today = cx.today;
    let if_current = optional_number(args.if_current.as_deref(), "--if-current")?;
    let (before, view) = cx.update(|okrs| -> Result<(f64, KeyResultView)> {
        let before = match okrs.find(&kr) {
            Some(Item::KeyResult(_, k)) => k.score(),
            _ => 0.0,
        };
        if let Some(expected) = if_current {
            okrs.expect_current(&kr, expected)?;
        }
        okrs.check_in(&kr, checkin, today)?;
        match okrs.find(&kr) {
            Some(Item::KeyResult(o, k)) => Ok((before, KeyResultView::new(o, k, today))),
            _ => Err(ModelError::UnknownId(kr.clone()).into()),
        }
    })?;
    cx.emit(&view, &text::checked_in(&view, before))?;
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
        target: args.target.as_deref().map(input::target).transpose()?,
        unit: args.unit,
        weight: args.weight.as_deref().map(input::weight).transpose()?,
        outcome_ok: args.outcome_ok.then_some(true),
    };
    let id = args.id;
    let today = cx.today;
    let view = cx.update(|okrs| -> Result<Detail> {
        match okrs.find(&id) {
            None => return Err(ModelError::UnknownId(id.clone()).into()),
            Some(Item::Objective(_)) => {
                refuse_options(&id, "objective", &kr_options)?;
                okrs.edit_objective(&id, objective_edit)?;
            }
            Some(Item::KeyResult(..)) => {
                refuse_options(&id, "key result", &objective_options)?;
                okrs.edit_key_result(&id, kr_edit)?;
                if let Some(kpi) = &args.kpi {
                    okrs.link_kpi(&id, Some(kpi.trim()).filter(|k| !k.is_empty()))?;
                }
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

pub(super) fn rm(cx: &mut Context, args: &RmArgs) -> Result<Outcome> {
    let removed = cx.update(|okrs| -> Result<_> { Ok(okrs.remove(&args.id, args.force)?) })?;
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

pub(super) fn align(cx: &mut Context, args: &AlignArgs) -> Result<Outcome> {
    let changed =
        cx.update(|okrs| -> Result<bool> { Ok(okrs.align(&args.objective, &args.kr)?) })?;
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

pub(super) fn unalign(cx: &mut Context, args: &AlignArgs) -> Result<Outcome> {
    cx.update(|okrs| -> Result<()> { Ok(okrs.unalign(&args.objective, &args.kr)?) })?;
    cx.emit(
        &json!({"objective": args.objective, "kr": args.kr, "changed": true}),
        &format!("{} no longer aligns to {}\n", args.objective, args.kr),
    )?;
    Ok(Outcome::Success)
}
