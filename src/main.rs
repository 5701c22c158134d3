//! The `fxrates` binary: parse the command line, run, print the summary or
//! the error once, and exit with the code documented in `--help`.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use fxrates::cli::Cli;
use fxrates::error::{exit_code, one_line};

fn main() -> ExitCode {
    let cli = Cli::parse();
    fxrates::init_logging(cli.global.quiet, cli.global.verbose);
    let today = chrono::Utc::now().date_naive();
    match fxrates::run(&cli, std::env::var("DATABASE_URL").ok(), today) {
        Ok(summary) => {
            if !cli.global.quiet {
                // A closed pipe (`fxrates fetch | head -1`) is not a failure of the job.
                let _ = writeln!(std::io::stdout().lock(), "{summary}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {}", one_line(&err));
            exit_code(&err).into()
        }
    }
}
