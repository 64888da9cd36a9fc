//! Commands for scripts and CI: KPIs, imports, the schema, completions and the man page.

use super::*;

use clap::CommandFactory;

use crate::cli::{ImportArgs, KpiCommand};
use crate::import::{self, ImportFormat};
use crate::model::kpi::Imported;

/// `--json` view of a KPI.
#[derive(Debug, Serialize)]
struct KpiView<'a> {
    name: &'a str,
    unit: Option<&'a str>,
    description: Option<&'a str>,
    /// The latest value and its date, `null` with none.
    latest: Option<&'a crate::model::KpiRecord>,
    /// Every value, oldest first.
    records: &'a [crate::model::KpiRecord],
    /// Key results measured by this KPI.
    key_results: Vec<String>,
}

fn kpi_view<'a>(okrs: &'a Okrs, kpi: &'a crate::model::Kpi) -> KpiView<'a> {
    KpiView {
        name: &kpi.name,
        unit: kpi.unit.as_deref(),
        description: kpi.description.as_deref(),
        latest: kpi.records.last(),
        records: &kpi.records,
        key_results: okrs
            .objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .filter(|kr| kr.kpi.as_deref() == Some(kpi.name.as_str()))
            .map(|kr| kr.id.clone())
            .collect(),
    }
}

pub(super) fn kpi(cx: &mut Context, command: KpiCommand) -> Result<Outcome> {
    match command {
        KpiCommand::Add(args) => {
            let name = args.name.clone();
            cx.update(|okrs| Ok(okrs.add_kpi(&name, args.unit, args.description)?))?;
            cx.emit(&json!({ "name": name }), &format!("{name}\n"))?;
        }
        KpiCommand::Record(args) => {
            let record = crate::model::KpiRecord {
                date: match &args.date {
                    Some(text) => input::date(text)?,
                    None => cx.today,
                },
                value: input::number(&args.value, "value")?,
                id: None,
            };
            let today = cx.today;
            let recorded = cx.update(|okrs| Ok(okrs.record_kpi(&args.name, record, today)?))?;
            let mut text = if recorded.added {
                format!("recorded {} = {}\n", args.name, args.value)
            } else {
                format!(
                    "{} already has that value on that day; nothing changed\n",
                    args.name
                )
            };
            if !recorded.fed.is_empty() {
                text.push_str(&format!("checked in: {}\n", recorded.fed.join(", ")));
            }
            if !recorded.skipped.is_empty() {
                text.push_str(&format!(
                    "not checked in (date outside their period, or period closed): {}\n",
                    recorded.skipped.join(", ")
                ));
            }
            cx.emit(
                &json!({"added": recorded.added, "fed": recorded.fed, "skipped": recorded.skipped}),
                &text,
            )?;
        }
        KpiCommand::List => {
            let okrs = cx.load()?;
            let views: Vec<KpiView> = okrs.kpis.iter().map(|k| kpi_view(&okrs, k)).collect();
            cx.emit_with(&json!({ "kpis": views }), || text::kpis(&okrs))?;
        }
        KpiCommand::Show(args) => {
            let okrs = cx.load()?;
            let kpi = okrs
                .kpi(&args.name)
                .ok_or_else(|| ModelError::UnknownKpi(args.name.clone()))?;
            let view = kpi_view(&okrs, kpi);
            let text = text::kpi(kpi, &view.key_results);
            cx.emit(&view, &text)?;
        }
    }
    Ok(Outcome::Success)
}

pub(super) fn import(cx: &mut Context, args: &ImportArgs) -> Result<Outcome> {
    let stdin = args.source.as_os_str() == "-";
    let format = match args.format {
        Some(format) => format,
        None if stdin => bail!("reading standard input needs `--format csv` or `--format jsonl`"),
        None => ImportFormat::from_extension(&args.source).ok_or_else(|| {
            anyhow!(
                "cannot tell the format of `{}`; name it .csv or .jsonl, or pass `--format`",
                args.source.display()
            )
        })?,
    };
    let bytes = if stdin {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)?;
        bytes
    } else {
        std::fs::read(&args.source)
            .map_err(|e| anyhow!("cannot read `{}`: {e}", args.source.display()))?
    };
    let name = args.source.display().to_string();
    let bad_rows = |mut errors: Vec<(usize, String)>| {
        errors.sort_by_key(|(line, _)| *line);
        for (line, message) in &errors {
            eprintln!("error: {name}:{line}: {}", input::escaped(message));
        }
        anyhow!(
            "{} bad row{} in `{name}`; nothing was imported",
            errors.len(),
            plural(errors.len())
        )
    };
    let busy = super::busy::Busy::start(&format!("importing {name}"));
    let rows = import::parse(&bytes, format, cx.today);
    let today = cx.today;
    let imported: Imported = cx.update(|okrs| {
        // Rows that parsed are checked against the data even when others did not, so that
        // one run reports every bad row; nothing is saved unless all of them are good.
        let mut errors = rows.errors;
        match okrs.import(rows.entries, today) {
            Ok(imported) if errors.is_empty() => Ok(imported),
            Ok(_) => Err(bad_rows(errors)),
            Err(refused) => {
                errors.extend(refused.into_iter().map(|(line, e)| (line, e.to_string())));
                Err(bad_rows(errors))
            }
        }
    })?;
    drop(busy);
    let verb = if cx.write.dry_run {
        "would import"
    } else {
        "imported"
    };
    let text = format!(
        "{verb} {} check-in{} and {} KPI value{} ({} check-in{} from KPIs); {} row{} already present\n",
        imported.checkins,
        plural(imported.checkins),
        imported.kpi_records,
        plural(imported.kpi_records),
        imported.fed,
        plural(imported.fed),
        imported.skipped,
        plural(imported.skipped),
    );
    cx.emit(
        &json!({
            "dry_run": cx.write.dry_run,
            "checkins": imported.checkins,
            "kpi_records": imported.kpi_records,
            "fed": imported.fed,
            "skipped": imported.skipped,
        }),
        &text,
    )?;
    Ok(Outcome::Success)
}

pub(super) fn schema(cx: &mut Context) -> Result<Outcome> {
    let schema = schemars::schema_for!(Okrs);
    let mut text = serde_json::to_string_pretty(&schema)?;
    text.push('\n');
    cx.out.write_all(text.as_bytes())?;
    Ok(Outcome::Success)
}

pub(super) fn completions(cx: &mut Context, shell: clap_complete::Shell) -> Result<Outcome> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "okr", &mut cx.out);
    Ok(Outcome::Success)
}

pub(super) fn man(cx: &mut Context) -> Result<Outcome> {
    clap_mangen::Man::new(Cli::command()).render(&mut cx.out)?;
    Ok(Outcome::Success)
}

pub(super) fn templates(cx: &mut Context) -> Result<Outcome> {
    let views: Vec<serde_json::Value> = templates::TEMPLATES
        .iter()
        .map(|t| {
            json!({
                "name": t.name,
                "about": t.about,
                "objective": t.objective,
                "key_results": t.key_results.iter().map(|kr| json!({
                    "title": kr.title,
                    "unit": kr.unit,
                    "direction": kr.direction(),
                    "target": kr.target,
                })).collect::<Vec<_>>(),
                "kpis": t.kpis,
            })
        })
        .collect();
    cx.emit_with(&json!({ "templates": views }), text::templates)?;
    Ok(Outcome::Success)
}
