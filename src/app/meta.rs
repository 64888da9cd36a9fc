//! Commands about okr itself: the templates, the file's JSON Schema, shell completions and the
//! man page.

use clap::CommandFactory;

use super::{Context, Outcome, Result};
use crate::cli::Cli;
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
    let mut command = Cli::command();
    // clap_complete panics when its writer fails (a closed pipe, a full disk): it writes into
    // memory, and the write to the output reports its errors like every other command's.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "okr", &mut script);
    cx.out.write_all(&script)?;
    Ok(Outcome::Success)
}

pub(super) fn man(cx: &mut Context) -> Result<Outcome> {
    clap_mangen::Man::new(Cli::command()).render(&mut cx.out)?;
    Ok(Outcome::Success)
}
