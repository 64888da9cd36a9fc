//! `okr import`: check-ins and KPI values from CSV or JSON Lines, all or nothing.

use super::busy::Busy;
use super::{Context, Error, Outcome, Result};
use crate::cli::ImportArgs;
use crate::import::{self, Format};
use crate::model::input;
use crate::report::plural;
use crate::report::written::ImportView;

/// The most one import reads: 256 MiB, about three million rows. A larger export is refused
/// before it fills the memory; split it (by month, say) and import each part.
pub const MAX_IMPORT_BYTES: u64 = 256 << 20;

/// The whole of the rows to import, from a file or a pipe (`-`, or `<(export)`), never read
/// past [`MAX_IMPORT_BYTES`].
fn read_source(source: &std::path::Path, stdin: bool, name: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    let cannot = |e: std::io::Error| Error::input(format!("cannot read `{name}`: {e}"));
    let reader: Box<dyn Read> = if stdin {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(source).map_err(cannot)?)
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(Error::input(format!(
            "`{name}` is larger than {} MiB, the most okr imports at once; split it (by month, say) and import each part",
            MAX_IMPORT_BYTES >> 20
        )));
    }
    Ok(bytes)
}

pub(super) fn import(cx: &mut Context, args: &ImportArgs) -> Result<Outcome> {
    let stdin = args.source.as_os_str() == "-";
    let format = match args.format {
        Some(format) => Format::from(format),
        None if stdin => {
            return Err(Error::input(
                "reading standard input needs `--format csv` or `--format jsonl`",
            ));
        }
        None => Format::from_extension(&args.source).ok_or_else(|| {
            Error::input(format!(
                "cannot tell the format of `{}`; name it .csv or .jsonl, or pass `--format`",
                args.source.display()
            ))
        })?,
    };
    let mapping =
        import::Mapping::new(&args.maps, args.date_format.clone()).map_err(Error::input)?;
    let name = crate::report::shown(&args.source);
    let bytes = read_source(&args.source, stdin, &name)?;
    let bad_rows = |mut errors: Vec<(usize, String)>| {
        errors.sort_by_key(|(line, _)| *line);
        for (line, message) in &errors {
            eprintln!("error: {name}:{line}: {}", input::escaped(message));
        }
        Error::input(format!(
            "{} bad row{} in `{name}`; nothing was imported",
            errors.len(),
            plural(errors.len())
        ))
    };
    let busy = Busy::start(&format!("importing {name}"));
    let today = cx.today;
    let imported = cx.update(|okrs| {
        // Numbers typed as text are read as the file's team writes them.
        let rows = import::parse(&bytes, format, today, okrs.settings.number_format, &mapping);
        if let Some(why) = rows.unreadable {
            return Err(Error::input(format!(
                "cannot import `{name}` as mapped: {why}; nothing was imported"
            )));
        }
        // Rows that parsed are checked against the data even when others did not, so that
        // one run reports every bad row; nothing is saved unless all of them are good.
        let mut errors = rows.errors;
        match okrs.import(rows.entries, today) {
            Ok(imported) if errors.is_empty() => Ok(imported),
            Ok(_) => Err(bad_rows(errors)),
            Err(refused) => {
                errors.extend(
                    refused
                        .into_iter()
                        .map(|(line, e)| (line, Error::from(e).to_string())),
                );
                Err(bad_rows(errors))
            }
        }
    })?;
    drop(busy);
    let view = ImportView::new(&imported, cx.write.dry_run);
    cx.emit(&view, &view.text())?;
    Ok(Outcome::Success)
}
