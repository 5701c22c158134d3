//! fxrates keeps a PostgreSQL table of daily foreign-exchange reference rates
//! up to date. It is a one-shot command for cron: each run does one job and
//! exits, and re-running any job is safe.
//!
//! The binary is a thin wrapper around [`run`]; the modules are here so that
//! tests can drive each layer: [`providers`] turn HTTP documents into
//! validated [`model`] values, [`store`] writes them to PostgreSQL,
//! [`commands`] put the two together, and [`notify`] emails a failure.

pub mod calendar;
pub mod cli;
pub mod commands;
pub mod config;
pub mod cross;
pub mod error;
pub mod http;
pub mod model;
pub mod notify;
pub mod providers;
pub mod render;
pub mod store;

use std::fmt::Display;
use std::io::Write;

use anyhow::Context;
use chrono::NaiveDate;

use crate::cli::{Cli, Command};
use crate::commands::convert::ConvertOptions;
use crate::commands::show::ShowOptions;
use crate::config::{CleanOptions, Config, FetchOptions, StatusOptions};

/// Runs the command `cli` names on `today` (UTC), writing what it reports to
/// `out` (nothing with `--quiet`). `database_url_fallback` is the value of
/// `DATABASE_URL`. `status` writes its report and then fails when stale.
/// What `show` and `convert` print is their answer, not a report: `--quiet`
/// does not silence it.
pub fn run(
    cli: &Cli,
    database_url_fallback: Option<String>,
    today: NaiveDate,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let config = Config::new(&cli.global, database_url_fallback, today)?;
    let mut report = |summary: &dyn Display| {
        if !cli.global.quiet {
            // A closed pipe (`fxrates status | head -1`) is not a failure of the job.
            let _ = writeln!(out, "{summary}");
        }
    };
    match &cli.command {
        Command::InitDb => report(&commands::init_db::run(&config)?),
        Command::Fetch(args) => {
            let options = FetchOptions::new(args, today)?;
            report(&commands::fetch::run(&config, &options)?);
        }
        Command::Clean(args) => {
            let options = CleanOptions::new(args, today)?;
            report(&commands::clean::run(&config, &options)?);
        }
        Command::Status(args) => {
            let options = StatusOptions::new(args, today)?;
            let status = commands::status::run(&config, &options)?;
            report(&status);
            status.verdict()?;
        }
        Command::Show(args) => {
            let options = ShowOptions::new(args, today, render::terminal_width)?;
            let shown = commands::show::run(&config, &options)?;
            answer(out, &format!("{shown}\n"))?;
        }
        Command::Convert(args) => {
            let options = ConvertOptions::new(args, today)?;
            let conversion = commands::convert::run(&config, &options)?;
            answer(out, &format!("{conversion}\n"))?;
        }
    }
    Ok(())
}

/// Writes what a reading command answers. A closed pipe (`| head -1`) is not
/// a failure; any other write error is, so that a script never takes a
/// truncated answer for a whole one.
fn answer(out: &mut dyn Write, text: &str) -> anyhow::Result<()> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(err).context("writing to stdout")
        }
        _ => Ok(()),
    }
}

/// Sends log records to stderr: warnings by default, errors only with
/// `quiet`, more with each `verbose`. `RUST_LOG`, when set, decides instead.
pub fn init_logging(quiet: bool, verbose: u8) {
    let level = match (quiet, verbose) {
        (_, 2..) => "debug",
        (_, 1) => "info",
        (true, 0) => "error",
        (false, 0) => "warn",
    };
    let filter = format!(
        "fxrates={level},{}",
        if verbose >= 2 { "info" } else { "warn" }
    );
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(filter))
        .format_target(false)
        .init();
}
