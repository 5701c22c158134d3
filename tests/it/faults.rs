//! Faults, each run through the built binary as cron runs it (`--quiet`, a
//! failure email configured) with sentinel secrets in the database password
//! and the SMTP password: the run exits with the code of the fault and one
//! line naming what failed, leaves `rates` exactly as it was, records the
//! failure in `fetch_runs` where the database can still take it, sends one
//! email, and shows no secret anywhere (stdout, stderr, the email,
//! `fetch_runs.error`).
//!
//! The provider faults are a table of cases run for every provider by the
//! conformance suite (`tests/it/conformance/faults.rs`, the tests
//! `conformance::<name>::faults::*`), `tests/it/faults/database.rs` holds
//! the database faults. Both share the [`World`] and the checks below.
//! `tests/it/faults/provider_urls.rs` checks the HTTPS rule for provider URLs.

mod database;
mod provider_urls;

use std::process::Output;
use std::time::Duration;

use crate::common::env::Env;
use crate::common::pg::{PASSWORD_USER_PASSWORD, TestDb, local_test_db, rates_checksum};
use crate::common::smtp::SmtpServer;
use assert_cmd::Command;
use postgres::Client;

/// The SMTP password of every run: a sentinel no output may contain.
const SMTP_PASSWORD: &str = "SENTINEL-smtp-password-41d7";

/// The hook for secrets: every secret a run is given, which must show
/// nowhere. The database and SMTP passwords are always there; a provider
/// adds its own (an API key) through `ProviderFaults::secrets`.
pub(crate) fn sentinel_secrets(extra: &[(&'static str, &'static str)]) -> Vec<&'static str> {
    let mut secrets = vec![PASSWORD_USER_PASSWORD, SMTP_PASSWORD];
    secrets.extend(extra.iter().map(|(_, value)| *value));
    secrets
}

/// This machine's host name, as the failure email names it.
fn host_name() -> String {
    let output = std::process::Command::new("uname")
        .arg("-n")
        .output()
        .expect("run uname -n");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// A test's world for one fault run: a database with the schema, reached
/// over TLS as a role with a sentinel password, the mirror, and an SMTP
/// server for the failure email, reached with a sentinel password.
pub(crate) struct World {
    pub(crate) env: Env,
    pub(crate) smtp: SmtpServer,
    /// The database URL, with the sentinel password, given on the command line.
    database_url: String,
}

impl World {
    /// A world on the shared TLS cluster.
    pub(crate) fn new() -> World {
        World::on(local_test_db())
    }

    /// A world on `db`, e.g. from a private cluster the test may stop.
    pub(crate) fn on(db: TestDb) -> World {
        let env = Env::on(db);
        let database_url = env.db.password_url();
        let world = World {
            env,
            smtp: SmtpServer::start(),
            database_url,
        };
        world.fxrates().arg("init-db").assert().success();
        world
    }

    /// fxrates as cron runs it, over TLS as the password role, the failure
    /// email going to the loopback SMTP server with a password.
    pub(crate) fn fxrates(&self) -> assert_cmd::Command {
        Command::from_std(self.command())
    }

    /// [`World::fxrates`] as a plain `std::process::Command`, for a run the
    /// test interrupts.
    pub(crate) fn command(&self) -> std::process::Command {
        let mut cmd = self.env.command();
        cmd.arg("--database-url")
            .arg(&self.database_url)
            .env("FXRATES_DATABASE_CA_FILE", self.env.db.ca_file())
            .env(
                "FXRATES_SMTP_URL",
                self.smtp.url_with_login("mailer", SMTP_PASSWORD),
            )
            .env("FXRATES_MAIL_TO", "ops@example.com")
            .env("FXRATES_MAIL_FROM", "fxrates@example.com");
        cmd
    }

    /// Stores rates a fault must not touch, one of them on a day the
    /// backfill covers, with a rate no provider publishes (in USD, or in
    /// EUR for a USD base).
    pub(crate) fn seed(&self, source: &str, base: &str) {
        self.env
            .client()
            .execute(
                "INSERT INTO rates (source, rate_date, base, quote, rate)
                 VALUES ($1, '2024-06-20', $2, 'JPY', 170.1),
                        ($1, '2024-06-25', $2, CASE $2 WHEN 'USD' THEN 'EUR' ELSE 'USD' END, 1.5)",
                &[&source, &base],
            )
            .expect("store the seed rates");
    }
}

/// Every `fetch_runs` row, oldest first, as (ok, error).
pub(crate) fn runs(client: &mut Client) -> Vec<(bool, Option<String>)> {
    let exists: bool = client
        .query_one("SELECT to_regclass('fetch_runs') IS NOT NULL", &[])
        .expect("look for fetch_runs")
        .get(0);
    if !exists {
        return Vec::new();
    }
    client
        .query("SELECT ok, error FROM fetch_runs ORDER BY id", &[])
        .expect("read fetch_runs")
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect()
}

/// Checks a failed run: exit `code`, nothing on stdout, one line on stderr
/// that starts with `prefix` and holds each of `says`, and one email
/// saying the same with the exit code. Returns the message (the line
/// without `error: `).
pub(crate) fn check_failure(
    world: &World,
    output: &Output,
    code: i32,
    prefix: &str,
    says: &[String],
) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert_eq!(stdout, "", "--quiet printed on stdout");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    let line = stderr.trim_end();
    assert!(
        line.starts_with(prefix),
        "{line:?} does not start with {prefix:?}"
    );
    for part in says {
        assert!(line.contains(part.as_str()), "{part:?} not in: {line}");
    }
    let message = line.strip_prefix("error: ").unwrap_or(line).to_owned();

    let mails = world.smtp.wait_for_mails(1, Duration::from_secs(10));
    assert_eq!(mails.len(), 1, "{mails:#?}");
    // The subject is the line, cut to 160 characters; a cut one ends in an
    // encoded word for its last word and `…`, which the test server does
    // not decode. One not cut may carry a word that is not ASCII (`(<html>…)`)
    // as an encoded word: it is compared decoded.
    let subject = mails[0].header("Subject").unwrap_or_default();
    let whole = format!("[fxrates] fetch failed on {}: {message}", host_name());
    let shown = subject.split(" =?utf-8?").next().unwrap_or_default();
    // A cut one's shown part may be short when its last word is long (a URL,
    // as long as 300 characters for the Bank of England): it still names
    // the provider that failed.
    let cut = whole.chars().count() > 160 && subject.ends_with("?=");
    let provider = prefix.trim_start_matches("error: ").trim_end();
    assert!(
        mails[0].subject() == whole
            || shown == whole
            || (cut && whole.starts_with(shown) && shown.contains(provider)),
        "{subject:?} is not {whole:?}"
    );
    let body = mails[0].body();
    for part in says {
        assert!(body.contains(part.as_str()), "{part:?} not in: {body}");
    }
    assert!(body.contains(&format!("\nExit code: {code} (")), "{body}");
    assert!(
        body.contains(":***@"),
        "the password is not shown redacted: {body}"
    );
    message
}

/// Checks that none of `secrets` shows in the run's stdout or stderr, in
/// any email (raw and decoded), or in `fetch_runs.error`.
pub(crate) fn check_no_secret(world: &World, output: &Output, secrets: &[&str]) {
    let mails = world.smtp.mails();
    let mut shown: Vec<String> = vec![
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ];
    shown.extend(mails.iter().map(|mail| mail.data.clone()));
    shown.extend(mails.iter().map(crate::common::smtp::Mail::body));
    shown.extend(
        runs(&mut world.env.client())
            .into_iter()
            .filter_map(|(_, error)| error),
    );
    for secret in secrets {
        for text in &shown {
            assert!(!text.contains(secret), "{secret} shown in: {text}");
        }
    }
}

/// The rates checksum of `world`'s database.
pub(crate) fn checksum(world: &World) -> String {
    rates_checksum(&mut world.env.client())
}
