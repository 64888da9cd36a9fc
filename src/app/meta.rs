//! Commands about okr itself: the templates, the file's JSON Schema, shell completions and the
//! man page.

use std::path::Path;

use super::{Context, Error, Outcome, Result};
use crate::model::Okrs;
use crate::report::kpi::TemplatesView;

pub(super) fn templates(cx: &mut Context) -> Result<Outcome> {
    let view = TemplatesView::default();
    cx.emit_with(&view, || view.text())?;
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
    let mut command = crate::cli::command();
    // clap_complete panics when its writer fails (a closed pipe, a full disk): it writes into
    // memory, and the write to the output reports its errors like every other command's.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "okr", &mut script);
    cx.out.write_all(&script)?;
    Ok(Outcome::Success)
}

pub(super) fn man(cx: &mut Context, dir: Option<&Path>) -> Result<Outcome> {
    let Some(dir) = dir else {
        clap_mangen::Man::new(crate::cli::command()).render(&mut cx.out)?;
        return Ok(Outcome::Success);
    };
    let fail = |e: std::io::Error| {
        Error::input(format!(
            "cannot write the man pages into `{}`: {e}; give a folder you can write to",
            crate::report::shown(dir)
        ))
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    clap_mangen::generate_to(crate::cli::command(), dir).map_err(fail)?;
    let pages = pages(&crate::cli::command(), "okr");
    let text = format!(
        "wrote {} man pages into {}: {}\n",
        pages.len(),
        crate::report::shown(dir),
        pages.join(", ")
    );
    cx.out.write_all(text.as_bytes())?;
    Ok(Outcome::Success)
}

/// The man page names of `command` and its subcommands, as clap_mangen names them
/// (`okr.1`, `okr-kpi-add.1`), the top page first.
fn pages(command: &clap::Command, name: &str) -> Vec<String> {
    let mut names = vec![format!("{name}.1")];
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        names.extend(pages(sub, &format!("{name}-{}", sub.get_name())));
    }
    names
}
