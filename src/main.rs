//! `okr`: objectives and key results at the command line.

mod app;
mod cli;
mod import;
mod model;
mod report;
mod store;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return app::report_usage_error(&error),
    };
    let mut stdout = io::stdout().lock();
    match app::run(cli, &mut stdout).and_then(|outcome| Ok((outcome, stdout.flush()?))) {
        Ok((outcome, ())) => outcome.exit_code(),
        Err(error) => app::report_error(&error),
    }
}
