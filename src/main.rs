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
    let cli = cli::Cli::parse();
    let mut stdout = io::stdout().lock();
    let result = app::run(cli, &mut stdout).and_then(|outcome| Ok((outcome, stdout.flush()?)));
    match result {
        Ok((app::Outcome::Success, ())) => ExitCode::SUCCESS,
        Ok((app::Outcome::Failed, ())) => ExitCode::FAILURE,
        // A reader that stops early (`okr list | head`) is not an error.
        Err(e)
            if e.downcast_ref::<io::Error>().map(io::Error::kind)
                == Some(io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
