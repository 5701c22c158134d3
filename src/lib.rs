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
pub mod error;
pub mod http;
pub mod model;
pub mod notify;
pub mod percent;
pub mod providers;
pub mod read;
pub mod render;
pub mod secrets;
pub mod store;

use std::fmt::Display;
use std::io::Write;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::CommandFactory;

use crate::cli::{Cli, Command, ManArgs};
use crate::commands::clean::CleanOptions;
use crate::commands::convert::ConvertOptions;
use crate::commands::fetch::FetchOptions;
use crate::commands::show::ShowOptions;
use crate::commands::status::StatusOptions;
use crate::error::Error;

/// The command line as a shell completes it: the hidden commands (`man`,
/// which packaging runs) left out, since a completion offers what a person
/// would type.
fn completed_command() -> clap::Command {
    let full = Cli::command();
    let mut shown = clap::Command::new("fxrates").version(env!("CARGO_PKG_VERSION"));
    for arg in full.get_arguments() {
        shown = shown.arg(arg.clone());
    }
    for command in full
        .get_subcommands()
        .filter(|command| !command.is_hide_set())
    {
        shown = shown.subcommand(command.clone());
    }
    shown
}

/// Runs the command `cli` names at `now`, whose UTC date is today, writing
/// what it reports to `out` (nothing with `--quiet`). `database_url_fallback`
/// is the value of `DATABASE_URL`. `status` writes its report (and its
/// metrics file) and then fails when stale.
/// What `show`, `convert`, `completions`, `man` and a dry run print is their
/// answer, not a report: `--quiet` does not silence it.
pub fn run(
    cli: &Cli,
    database_url_fallback: Option<String>,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let today = now.date_naive();
    // These need neither a database nor the rest of the configuration.
    match &cli.command {
        Command::Completions(args) => {
            let mut text = Vec::new();
            clap_complete::generate(args.shell, &mut completed_command(), "fxrates", &mut text);
            return answer(out, &String::from_utf8_lossy(&text));
        }
        Command::Man(args) => return answer(out, &man_page(args)?),
        _ => {}
    }
    let config = cli.global.config(database_url_fallback, today)?;
    let quiet = cli.global.quiet;
    // What a job reports, unless quiet. A closed pipe (`fxrates status |
    // head -1`) is not a failure of the job.
    let report = |out: &mut dyn Write, summary: &dyn Display| {
        if !quiet {
            let _ = writeln!(out, "{summary}");
        }
    };
    match &cli.command {
        Command::InitDb(args) => {
            let order = args
                .providers
                .as_deref()
                .map(commands::args::providers)
                .transpose()?;
            report(out, &commands::init_db::run(&config, order.as_deref())?);
        }
        Command::Fetch(args) => {
            let options = FetchOptions::from_args(args, today)?;
            commands::fetch::run(&config, &options, &mut |summary| {
                if options.dry_run {
                    answer(out, &format!("{summary}\n"))
                } else {
                    report(out, summary);
                    Ok(())
                }
            })?;
        }
        Command::Clean(args) => {
            let options = CleanOptions::from_args(args, today)?;
            let summary = commands::clean::run(&config, &options)?;
            if options.dry_run {
                answer(out, &format!("{summary}\n"))?;
            } else {
                report(out, &summary);
            }
        }
        Command::Status(args) => {
            let options = StatusOptions::from_args(args, now)?;
            let status = commands::status::run(&config, &options)?;
            report(out, &status);
            // Written whatever the verdict: stale data is when it matters.
            if let Some(path) = &options.metrics_file {
                commands::status::metrics_file::write(path, &status.metrics())?;
            }
            status.verdict()?;
        }
        Command::Show(args) => {
            let options = ShowOptions::from_args(args, today, render::terminal_width)?;
            let shown = commands::show::run(&config, &options)?;
            answer(out, &format!("{shown}\n"))?;
        }
        Command::Convert(args) => {
            let options = ConvertOptions::from_args(args, today)?;
            let conversion = commands::convert::run(&config, &options)?;
            answer(out, &format!("{conversion}\n"))?;
        }
        Command::Completions(_) | Command::Man(_) => {}
    }
    Ok(())
}

/// The roff of fxrates(1), of fxrates-COMMAND(1), or (`--list`) the
/// commands that have a page: every visible one, `help` included, since
/// fxrates(1) refers to each.
fn man_page(args: &ManArgs) -> anyhow::Result<String> {
    let mut cli = Cli::command();
    cli.build();
    let pages: Vec<String> = cli
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name().to_owned())
        .collect();
    if args.list {
        return Ok(pages.iter().map(|name| format!("{name}\n")).collect());
    }
    let page = match &args.command {
        None => cli,
        Some(name) => {
            let sub = cli
                .find_subcommand(name)
                .filter(|_| pages.contains(name))
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "no manual page for {name:?} (pages: {})",
                        pages.join(", ")
                    ))
                })?;
            let title = format!("fxrates-{name}");
            sub.clone()
                .name(title.clone())
                .display_name(title)
                .bin_name(format!("fxrates {name}"))
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut roff)
        .context("rendering the manual page")?;
    Ok(String::from_utf8_lossy(&roff).into_owned())
}

/// Emails the failure of a command line that did not parse (clap's `err`,
/// already printed as `summary`) where the mail options among its words, or
/// their variables, say: they are read again alone
/// ([`cli::MailArgs::of_unparsed`]), since the rest did not parse. `--help`
/// and `--version` send nothing.
pub fn mail_unparsed(err: &clap::Error, summary: &str) {
    if !err.use_stderr() {
        return;
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mail = cli::MailArgs::of_unparsed(&args)
        .map_err(|err| cli::usage_line(&err))
        .and_then(|mail| mail.config().map_err(|err| err.to_string()));
    match mail {
        Ok(Some(mail)) => {
            notify::command_line_failure(&mail, &Cli::command_name_of_unparsed(&args), summary, err)
        }
        Ok(None) => {}
        Err(why) => notify::cannot_send(&why),
    }
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
/// `quiet`, more with each `verbose`. `RUST_LOG`, when set, decides instead,
/// except that the HTTP client's debug lines (which quote secrets) stay off.
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
    let mut builder =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(filter));
    // The HTTP client's own debug lines quote whole request URLs, OXR's app
    // id included: they stay off whatever RUST_LOG asks for.
    for module in ["ureq", "ureq_proto"] {
        builder.filter_module(module, log::LevelFilter::Info);
    }
    // What a log line says leaves the program: its secrets hidden.
    builder
        .format(|buf, record| {
            use std::io::Write as _;
            let style = buf.default_level_style(record.level());
            writeln!(
                buf,
                "[{} {style}{}{style:#}] {}",
                buf.timestamp(),
                record.level(),
                crate::secrets::hide(&record.args().to_string())
            )
        })
        .init();
}
