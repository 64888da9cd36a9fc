//! Commands that read: listings, details, checks and the report.

use std::io::IsTerminal;
use std::path::Path;

use super::busy::Busy;
use super::{Context, Error, Outcome, Result};
use crate::cli::{
    ChangesArgs, ChangesFormat, CheckArgs, CheckFormat, DigestArgs, DigestFormat, DueArgs,
    FilterArgs, ReportArgs, ReviewArgs, TreeArgs,
};
use crate::model::{Okrs, Period, rules};
use crate::report::changes::WeekView;
use crate::report::check::CheckView;
use crate::report::digest::DigestView;
use crate::report::due::DueView;
use crate::report::quarter::{self, Format, ReportView};
use crate::report::review::ReviewView;
use crate::report::views::{Detail, Filter, HistoryView, StatusView};
use crate::report::{Style, show, status, tree};
use crate::store;

/// The filter `args` ask for; with no `--period`, this quarter when `this_quarter`.
fn filter(cx: &Context, args: FilterArgs, this_quarter: bool) -> Result<Filter> {
    let period = match (args.period, this_quarter) {
        (Some(period), _) => Some(cx.period(period)?),
        (None, true) => Some(Period::quarter_of(cx.today)?),
        (None, false) => None,
    };
    Ok(Filter {
        period,
        team: args.team,
        person: args.person,
    })
}

pub(super) fn status(cx: &mut Context, args: FilterArgs) -> Result<Outcome> {
    listing(cx, args, true, status::status)
}

pub(super) fn list(cx: &mut Context, args: FilterArgs) -> Result<Outcome> {
    listing(cx, args, false, status::list)
}

/// `status` and `list`: the objectives `args` select (this quarter's by default when
/// `this_quarter`), rendered by `render`.
fn listing(
    cx: &mut Context,
    args: FilterArgs,
    this_quarter: bool,
    render: fn(&StatusView, Style) -> String,
) -> Result<Outcome> {
    let filter = filter(cx, args, this_quarter)?;
    let okrs = cx.load()?;
    filter.check_names(&okrs)?;
    let view = StatusView::new(&okrs, &filter, cx.today);
    let style = cx.style;
    cx.emit_with(&view, || render(&view, style))?;
    Ok(Outcome::Success)
}

pub(super) fn show(cx: &mut Context, id: &str) -> Result<Outcome> {
    let okrs = cx.load()?;
    let item = okrs.item(&okrs.expand_id(id)?)?;
    let (today, style) = (cx.today, cx.style);
    cx.emit_with(&Detail::new(&okrs, item, today), || {
        show::show(&okrs, item, today, style)
    })?;
    Ok(Outcome::Success)
}

pub(super) fn tree(cx: &mut Context, args: TreeArgs) -> Result<Outcome> {
    let period = cx.period_or_this_quarter(args.period.period)?;
    let okrs = cx.load()?;
    let filter = Filter {
        period: None,
        team: args.team,
        person: args.person,
    };
    filter.check_names(&okrs)?;
    let view = tree::build(&okrs, period, &filter, cx.today);
    let limit = cx.style.limit();
    cx.emit_with(&view, || tree::render(&view, limit))?;
    Ok(Outcome::Success)
}

pub(super) fn check(cx: &mut Context, args: &CheckArgs) -> Result<Outcome> {
    let path = cx.path()?;
    let github = args.format == CheckFormat::Github;
    // GitHub's annotations escape the raw path in their own way; text shows it escaped.
    let file = if github {
        path.display().to_string()
    } else {
        crate::report::shown(&path)
    };
    // The base is read from git and parsed while the file itself is.
    let (loaded, base) = std::thread::scope(|scope| {
        let base = args.base.as_deref().map(|rev| {
            let path = &path;
            scope.spawn(move || -> Result<Okrs> {
                let (bytes, revision) = store::git::at(path, rev)?;
                Ok(store::parse(&super::at_name(path, &revision), &bytes)?)
            })
        });
        // Annotations point at the line where the objective or key result is defined.
        let loaded = if github {
            cx.load_with_lines()
        } else {
            cx.load().map(|okrs| (okrs, Default::default()))
        };
        let base = base.map(|handle| {
            handle
                .join()
                .unwrap_or_else(|_| Err(Error::input("reading the base failed")))
        });
        (loaded, base)
    });
    let (okrs, lines) = loaded?;
    let period = args.period.map(|p| cx.period(p)).transpose()?;
    let mut problems = rules::check(&okrs, period.as_ref(), cx.today);
    if let Some(base) = base {
        problems.extend(rules::against_base(&base?, &okrs, cx.today));
    }
    let view = CheckView::new(&problems, args.strict);
    cx.json = cx.json || args.format == CheckFormat::Json;
    let text = if github {
        view.github(&file, &lines)
    } else {
        view.text(&file)
    };
    cx.emit(&view, &text)?;
    if !cx.json
        && let Some(summary) = view.summary(&file)
    {
        eprintln!("{summary}");
    }
    Ok(if view.ok {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}

pub(super) fn digest(cx: &mut Context, args: &DigestArgs) -> Result<Outcome> {
    let okrs = cx.load()?;
    let filter = Filter {
        team: args.team.clone(),
        ..Filter::default()
    };
    filter.check_names(&okrs)?;
    let days = u64::from(args.days.unwrap_or(7));
    let since = cx
        .today
        .checked_sub_days(chrono::Days::new(days - 1))
        .unwrap_or(cx.today);
    let period = Period::quarter_of(cx.today)?;
    let selected = okrs.objectives.iter().filter(|o| filter.matches(o));
    let view = DigestView::new(
        &okrs,
        selected,
        period,
        since,
        cx.today,
        okrs.settings.checkin_days,
    );
    emit_message(
        cx,
        &view,
        args.format,
        |width| view.text(width),
        || view.markdown(),
    )
}

pub(super) fn review(cx: &mut Context, args: &ReviewArgs) -> Result<Outcome> {
    let okrs = cx.load()?;
    let filter = Filter {
        team: args.team.clone(),
        ..Filter::default()
    };
    filter.check_names(&okrs)?;
    let since = args.since.map(|p| cx.period(p)).transpose()?;
    let view = ReviewView::new(&okrs, since, &filter);
    emit_message(
        cx,
        &view,
        args.format,
        |width| view.text(width),
        || view.markdown(),
    )
}

pub(super) fn due(cx: &mut Context, args: &DueArgs) -> Result<Outcome> {
    let okrs = cx.load()?;
    let filter = Filter {
        team: args.team.clone(),
        person: args.person.clone(),
        ..Filter::default()
    };
    filter.check_names(&okrs)?;
    let days = args.days.unwrap_or(okrs.settings.checkin_days);
    let selected = okrs.objectives.iter().filter(|o| filter.matches(o));
    let due = okrs.due(selected, cx.today, days);
    let view = DueView::new(&due, cx.today, days);
    emit_text_or_markdown(cx, &view, args.format, || view.text(), || view.markdown())?;
    // A weekly job acts on the exit code: 1 when someone owes a check-in.
    Ok(if view.any() {
        Outcome::Failed
    } else {
        Outcome::Success
    })
}

pub(super) fn changes(cx: &mut Context, args: &ChangesArgs) -> Result<Outcome> {
    let days = u64::from(args.days.unwrap_or(7));
    let since = match args.since {
        Some(day) if day > cx.today => {
            return Err(Error::input(format!(
                "`--since {day}` is after today ({}); give a day on or before today",
                cx.today
            )));
        }
        Some(day) => day,
        None => cx
            .today
            .checked_sub_days(chrono::Days::new(days - 1))
            .unwrap_or(cx.today),
    };
    let path = cx.path()?;
    let okrs = cx.load()?;
    let filter = Filter {
        team: args.team.clone(),
        ..Filter::default()
    };
    filter.check_names(&okrs)?;
    // What the file was at the start of the days shown, when git remembers it (before the
    // commit of `--at`, if given).
    let until = cx.at.as_ref().map(|(_, rev)| rev.commit.as_str());
    let before = store::git::before_day(&path, since, until)
        .and_then(|bytes| store::parse(&path, &bytes).ok());
    let mut view = WeekView::new(&okrs, before.as_ref(), &filter, since, cx.today)?;
    view.each = args.each;
    emit_text_or_markdown(cx, &view, args.format, || view.text(), || view.markdown())?;
    Ok(Outcome::Success)
}

/// A message as text within the width (80 off a terminal), Markdown, or JSON (`--format json`
/// or `--json`): the digest and the review.
fn emit_message(
    cx: &mut Context,
    view: &impl serde::Serialize,
    format: DigestFormat,
    text: impl FnOnce(usize) -> String,
    markdown: impl FnOnce() -> String,
) -> Result<Outcome> {
    cx.json = cx.json || format == DigestFormat::Json;
    let width = cx.style.width.map_or(80, usize::from);
    cx.emit_with(view, || match format {
        DigestFormat::Markdown => markdown(),
        _ => text(width),
    })?;
    Ok(Outcome::Success)
}

/// Prints `view` as JSON with `--json`, else as text or Markdown (`--format`).
fn emit_text_or_markdown(
    cx: &mut Context,
    view: &impl serde::Serialize,
    format: ChangesFormat,
    text: impl FnOnce() -> String,
    markdown: impl FnOnce() -> String,
) -> Result<()> {
    cx.emit_with(view, || match format {
        ChangesFormat::Markdown => markdown(),
        ChangesFormat::Text => text(),
    })
}

pub(super) fn history(cx: &mut Context, id: &str, chart: bool) -> Result<Outcome> {
    let okrs = cx.load()?;
    let (o, kr) = okrs.key_result(&okrs.expand_id(id)?)?;
    let (today, style) = (cx.today, cx.style);
    cx.emit_with(&HistoryView::new(kr), || {
        let mut text = show::history(kr, style);
        if chart {
            text.push('\n');
            text.push_str(&crate::report::chart::history_chart(
                kr,
                &o.period,
                o.kind,
                &okrs.settings,
                today,
                style.limit(),
            ));
        }
        text
    })?;
    Ok(Outcome::Success)
}

/// The format `report` writes: `--format`, else `--output`'s extension, else the table.
fn report_format(args: &ReportArgs, output: Option<&Path>) -> Result<Format> {
    Ok(match (args.format, output) {
        (Some(format), _) => format.into(),
        // A device or FIFO (`/dev/stdout`) has no extension to go by: print the table.
        (None, Some(path)) if store::is_special(path) => Format::Table,
        (None, Some(path)) => Format::from_extension(path).ok_or_else(|| {
            Error::input(format!(
                "cannot tell the report format from `{}`; name it .txt, .md, .csv, .json or .html, or pass `--format`",
                path.display()
            ))
        })?,
        (None, None) => Format::Table,
    })
}

pub(super) fn report(cx: &mut Context, args: &ReportArgs) -> Result<Outcome> {
    let period = cx.period_or_this_quarter(args.period)?;
    // `-o -` is standard output, as if `-o` were not given.
    let output = args
        .output
        .as_deref()
        .filter(|path| path.as_os_str() != "-");
    let format = report_format(args, output)?;
    if args.series && format != Format::Csv {
        return Err(Error::input(
            "`--series` is a CSV of check-ins; add `--format csv` (or an `--output` ending in .csv)",
        ));
    }
    if cx.json && format != Format::Json {
        return Err(Error::input(
            "`--json` asks for the JSON report; leave it out or use `--format json`",
        ));
    }
    let busy = Busy::start(&format!("writing the {period} report"));
    let okrs = cx.load()?;
    let team = Filter {
        team: args.team.clone(),
        ..Filter::default()
    };
    team.check_names(&okrs)?;
    let view = ReportView::new(&okrs, period, args.team.clone(), cx.today);
    let text = match format {
        Format::Table => {
            // Fit the terminal when printing to one; 80 columns everywhere else.
            let terminal = output.is_none() && std::io::stdout().is_terminal();
            let width = if terminal {
                super::terminal_width().unwrap_or(80)
            } else {
                80
            };
            quarter::table::render_report(&view, width)
        }
        Format::Markdown => quarter::markdown::render_report(&view),
        Format::Csv if args.series => {
            quarter::csv::render_series(&view).map_err(std::io::Error::from)?
        }
        Format::Csv => quarter::csv::render_report(&view).map_err(std::io::Error::from)?,
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&view)?;
            text.push('\n');
            text
        }
        Format::Html => quarter::html::render_report(&view),
    };
    // The text formats name the commit the file was read at.
    let text = match (&cx.at, format) {
        (Some((_, rev)), Format::Table) => format!("at {}\n{text}", rev.label()),
        (Some((_, rev)), Format::Markdown) => format!("_at {}_\n\n{text}", rev.label()),
        _ => text,
    };
    drop(busy);
    match output {
        Some(path) => {
            if cx.write.dry_run {
                eprintln!("dry run: {} was not written", crate::report::shown(path));
            } else {
                store::write_output(path, text.as_bytes(), &cx.path()?)?;
            }
        }
        None => cx.out.write_all(text.as_bytes())?,
    }
    Ok(Outcome::Success)
}
