//! Long outputs held to snapshot files in `tests/snapshots/`, so that a
//! change to them is reviewed, not missed: the `--help` of fxrates and of
//! each command, `status`'s text for a stale source, a `show` table of
//! several days, and the failure email. A test fails with a diff;
//! `FXRATES_BLESS=1 cargo test --locked --test it snapshots` rewrites the
//! files, to be reviewed in the commit. (The docs' examples are snapshots
//! of their own: `doc_examples`.)

use std::time::Duration;

use clap::{CommandFactory as _, Parser as _};

use crate::common::env::{Env, noon};
use crate::common::regions::snapshots;
use crate::common::smtp::SmtpServer;

/// The built binary with nothing of this machine's configuration: no
/// `FXRATES_*` or libpq variable, whose values `--help` would show, and a
/// fixed width to wrap the help to.
fn bare() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_fxrates"));
    for (name, _) in std::env::vars() {
        if name.starts_with("FXRATES_") || name.starts_with("PG") || name == "DATABASE_URL" {
            cmd.env_remove(name);
        }
    }
    cmd.env("COLUMNS", "100");
    cmd
}

/// What `fxrates <args>` prints on stdout, which must succeed quietly.
fn stdout(mut cmd: std::process::Command, args: &[&str]) -> String {
    let output = cmd.args(args).output().expect("run fxrates");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "{args:?}: {stderr}"
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn the_help_of_fxrates_and_of_each_command_is_its_snapshot() {
    let mut texts = vec![("help/fxrates".to_owned(), stdout(bare(), &["--help"]))];
    for command in fxrates::cli::Cli::command().get_subcommands() {
        let name = command.get_name();
        texts.push((format!("help/{name}"), stdout(bare(), &[name, "--help"])));
    }
    snapshots("snapshots::the_help", &texts);
}

/// Runs fxrates in this process at noon (UTC) on `today`, as
/// [`Env::run_at`] does, and returns what it printed whether it succeeded
/// or not, with its error.
fn printed_at(env: &Env, today: &str, args: &[&str]) -> (String, Option<String>) {
    let mut argv = vec!["fxrates", "--database-url", env.db.url.as_str()];
    argv.extend(args);
    let cli = fxrates::cli::Cli::try_parse_from(argv).expect("a command line");
    let mut out = Vec::new();
    let result = fxrates::run(&cli, None, noon(today), &mut out);
    let error = result.err().map(|err| format!("{err:#}"));
    (String::from_utf8(out).expect("UTF-8"), error)
}

/// A month of the ECB stored on 2024-06-27 and a clean at night, both at
/// the times they show; `status` two weeks later, and `show`.
fn env_with_a_month() -> Env {
    let env = Env::with_schema();
    env.run_at(
        "2024-06-27",
        &["fetch", "--from", "2024-05-27", "--to", "2024-06-27"],
    )
    .expect("a month");
    env.run_at("2024-06-28", &["clean", "--older-than", "1m"])
        .expect("clean");
    env.client()
        .batch_execute(
            "WITH runs AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM fetch_runs)
             UPDATE fetch_runs f
                SET started_at = t.started::timestamptz, finished_at = t.finished::timestamptz
               FROM runs
               JOIN (VALUES (1, '2024-06-27 14:30:00Z', '2024-06-27 14:30:03Z'),
                            (2, '2024-06-28 01:15:00Z', '2024-06-28 01:15:00Z'))
                    AS t (n, started, finished) ON t.n = runs.n
              WHERE f.id = runs.id",
        )
        .expect("date the runs");
    env
}

#[test]
fn the_status_of_a_stale_source_and_a_show_table_are_their_snapshots() {
    let env = env_with_a_month();
    let (status, error) = printed_at(&env, "2024-07-10", &["status"]);
    let status = format!("{status}error: {}\n", error.expect("stale"));
    let show = stdout(
        env_command(&env),
        &["show", "USD", "--from", "2024-06-20", "--to", "2024-06-27"],
    );
    snapshots(
        "snapshots::the_status",
        &[
            ("status/stale".to_owned(), status),
            ("show/table".to_owned(), show),
        ],
    );
}

/// [`Env::command`] at a fixed width.
fn env_command(env: &Env) -> std::process::Command {
    let mut cmd = env.command();
    cmd.env("COLUMNS", "80");
    cmd
}

#[test]
fn the_failure_email_is_its_snapshot() {
    let env = Env::new();
    let smtp = SmtpServer::start();
    let status = env
        .command()
        .arg("fetch")
        .env("FXRATES_SMTP_URL", smtp.url())
        .env("FXRATES_MAIL_TO", "ops@example.com")
        .env("FXRATES_MAIL_FROM", "fxrates@example.com")
        .output()
        .expect("run fxrates")
        .status;
    assert_eq!(status.code(), Some(5));
    let mail = smtp
        .wait_for_mail(Duration::from_secs(10))
        .expect("a failure email");
    let host = String::from_utf8(
        std::process::Command::new("uname")
            .arg("-n")
            .output()
            .expect("uname -n")
            .stdout,
    )
    .expect("a host name");
    let host = host.trim();
    let mut text = String::new();
    for header in ["From", "To", "Subject", "Auto-Submitted", "Content-Type"] {
        let value = mail.header(header).unwrap_or_default();
        text.push_str(&format!("{header}: {value}\n"));
    }
    text.push('\n');
    for line in mail.body().lines() {
        let line = if line.starts_with("Command:   ") {
            "Command:   fxrates fetch".to_owned()
        } else if line.starts_with("Time:      ") {
            "Time:      (the time of the run)".to_owned()
        } else {
            line.to_owned()
        };
        text.push_str(&line);
        text.push('\n');
    }
    // Only where the email names the host: a short host name may be a
    // word of the text too.
    let text = text
        .replace(&format!("failed on {host}:"), "failed on HOST:")
        .replace(&format!("failed on {host}."), "failed on HOST.");
    snapshots(
        "snapshots::the_failure_email",
        &[("email/fetch".to_owned(), text)],
    );
}
