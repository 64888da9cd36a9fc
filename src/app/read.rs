//! Commands that read: listings, details, checks and the report.

use super::*;

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

pub(super) fn status(cx: &mut Context, args: &FilterArgs) -> Result<Outcome> {
    let filter = filter(cx, args, true)?;
    let okrs = cx.load()?;
    let view = StatusView::new(&okrs, &filter, cx.today);
    let style = cx.style;
    cx.emit_with(&view, || text::status(&view, filter.period.as_ref(), style))?;
    Ok(Outcome::Success)
}

pub(super) fn list(cx: &mut Context, args: &FilterArgs) -> Result<Outcome> {
    let filter = filter(cx, args, false)?;
    let okrs = cx.load()?;
    let view = StatusView::new(&okrs, &filter, cx.today);
    let style = cx.style;
    cx.emit_with(&view, || text::list(&view, style))?;
    Ok(Outcome::Success)
}

pub(super) fn show(cx: &mut Context, id: &str) -> Result<Outcome> {
    let okrs = cx.load()?;
    let item = okrs
        .find(id)
        .ok_or_else(|| ModelError::UnknownId(id.to_string()))?;
    let (today, style) = (cx.today, cx.style);
    cx.emit_with(&detail(&okrs, item, today), || {
        text::show(&okrs, item, today, style)
    })?;
    Ok(Outcome::Success)
}

pub(super) fn show_tree(cx: &mut Context, args: &PeriodArgs) -> Result<Outcome> {
    let period = cx.period_or_this_quarter(args.period.as_deref())?;
    let okrs = cx.load()?;
    let view = tree::build(&okrs, &period, cx.today);
    cx.emit_with(&view, || tree::render(&view, &period))?;
    Ok(Outcome::Success)
}

pub(super) fn check(cx: &mut Context, args: &CheckArgs) -> Result<Outcome> {
    let period: Option<Period> = args.period.as_deref().map(str::parse).transpose()?;
    let path = cx.path()?;
    let (okrs, content) = store::read_with_text(&path)?;
    let problems = rules::check(&okrs, period.as_ref());
    let json = cx.json || args.format == CheckFormat::Json;
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    let ok = errors == 0 && (warnings == 0 || !args.strict);
    let text = if args.format == CheckFormat::Github {
        // Annotations point at the line where the objective or key result is defined.
        text::github_annotations(&problems, &display(&path), &content)
    } else if problems.is_empty() {
        format!("{}: no problems\n", display(&path))
    } else {
        text::problems(&problems)
    };
    cx.json = json;
    cx.emit(
        &CheckView {
            ok,
            problems: &problems,
        },
        &text,
    )?;
    if !problems.is_empty() && !json {
        let count = |n: usize, what: &str| format!("{n} {what}{}", plural(n));
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

pub(super) fn history(cx: &mut Context, id: &str) -> Result<Outcome> {
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

pub(super) fn report(cx: &mut Context, args: &ReportArgs) -> Result<Outcome> {
    let period = cx.period_or_this_quarter(args.period.as_deref())?;
    // `-o -` is standard output, as if `-o` were not given.
    let output = args
        .output
        .as_deref()
        .filter(|path| path.as_os_str() != "-");
    let format = match (args.format, output) {
        (Some(format), _) => format,
        // A device or FIFO (`/dev/stdout`) has no extension to go by: print the table.
        (None, Some(path)) if store::is_special(path) => Format::Table,
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
    let busy = super::busy::Busy::start(&format!("writing the {period} report"));
    let okrs = cx.load()?;
    let view = ReportView::new(&okrs, period, args.team.clone(), cx.today);
    let text = match format {
        Format::Table => {
            // Fit the terminal when printing to one; 80 columns everywhere else.
            let terminal = output.is_none() && std::io::stdout().is_terminal();
            let width = if terminal {
                comfy_table::Table::new().width().unwrap_or(80)
            } else {
                80
            };
            let style = Style {
                color: cx.style.color && output.is_none(),
                width: None,
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
    drop(busy);
    match output {
        Some(path) => {
            if cx.write.dry_run {
                eprintln!("dry run: {} was not written", path.display());
            } else {
                store::write_output(path, text.as_bytes(), &cx.path()?)?;
            }
        }
        None => cx.out.write_all(text.as_bytes())?,
    }
    Ok(Outcome::Success)
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
