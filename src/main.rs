//! `okr`: objectives and key results at the command line.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::FromArgMatches;

use okr::app;
use okr::cli::Cli;

fn main() -> ExitCode {
    let cli = match okr::cli::command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(error) => return app::report_usage_error(&error),
    };
    let mut stdout = io::stdout().lock();
    let outcome = app::run(cli, &mut stdout).and_then(|outcome| {
        stdout.flush()?;
        Ok(outcome)
    });
    match outcome {
        Ok(outcome) => outcome.exit_code(),
        Err(error) => app::report_error(&error),
    }
}
