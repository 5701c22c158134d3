//! One test's world: a fresh database, a loopback server with the ECB
//! fixtures routed (and Frankfurter and OXR below `/frankfurter` and `/oxr`,
//! routed by each test), and two ways to run fxrates against them: the built
//! binary (what users run) and the library with a fixed `today`.

use assert_cmd::Command;
use chrono::NaiveDate;
use clap::Parser;
use postgres::Client;

use super::http::{HttpServer, Reply};
use super::pg::{TestDb, test_db};

/// The ECB files, as served by default.
pub const DAILY: &str = "/eurofxref-daily.xml";
pub const LAST_90_DAYS: &str = "/eurofxref-hist-90d.xml";
pub const HISTORY: &str = "/eurofxref-hist.xml";

/// Where the mirror serves Frankfurter and Open Exchange Rates; every other
/// provider but the ECB is served below `/<name>` too (see [`mirror_path`]).
pub const FRANKFURTER: &str = "/frankfurter";
pub const OXR: &str = "/oxr";

/// Where the mirror serves `provider`'s API: the ECB's files at the root,
/// any other provider below `/<name>`.
pub fn mirror_path(provider: fxrates::providers::ProviderName) -> String {
    match provider.as_str() {
        "ecb" => String::new(),
        name => format!("/{name}"),
    }
}

/// A database and a provider mirror for one test.
pub struct Env {
    pub db: TestDb,
    pub http: HttpServer,
}

impl Env {
    /// A fresh database without the schema, and the three ECB fixture files.
    pub fn new() -> Env {
        Env::on(test_db())
    }

    /// [`Env::new`] on a given database, e.g. one from
    /// [`local_test_db`](super::pg::local_test_db).
    pub fn on(db: TestDb) -> Env {
        let http = HttpServer::start();
        http.route(DAILY, Reply::file("ecb/eurofxref-daily.xml"));
        http.route(LAST_90_DAYS, Reply::file("ecb/eurofxref-hist-90d.xml"));
        http.route(HISTORY, Reply::file("ecb/eurofxref-hist.xml"));
        Env { db, http }
    }

    /// [`Env::new`] with `fxrates init-db` already run.
    pub fn with_schema() -> Env {
        let env = Env::new();
        env.fxrates().arg("init-db").assert().success();
        env
    }

    /// [`Env::with_schema`] whose mirror answers a request for exactly
    /// `target` (path and query) with `tests/fixtures/<fixture>`: a
    /// provider's answer at the very request it answers.
    pub fn with_schema_answering(target: &str, fixture: &str) -> Env {
        let env = Env::with_schema();
        env.http.route_target(target, Reply::file(fixture));
        env
    }

    /// The built binary, configured by environment for this database and
    /// mirror, with nothing inherited that could point it elsewhere.
    pub fn fxrates(&self) -> Command {
        Command::from_std(self.command())
    }

    /// [`Env::fxrates`] running `fetch --provider <provider>`, to which a
    /// test adds its dates and options: the usual run of a provider's tests.
    pub fn fetch(&self, provider: &str) -> Command {
        let mut cmd = self.fxrates();
        cmd.args(["fetch", "--provider", provider]);
        cmd
    }

    /// [`Env::fxrates`] as a plain `std::process::Command`, for tests that
    /// spawn several runs at once.
    pub fn command(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_fxrates"));
        for (name, _) in std::env::vars() {
            // libpq's variables too, which fill in what a URL leaves out.
            if name.starts_with("FXRATES_")
                || name.starts_with("PG")
                || name == "DATABASE_URL"
                || name == "RUST_LOG"
            {
                cmd.env_remove(name);
            }
        }
        cmd.env("FXRATES_DATABASE_URL", &self.db.url);
        for provider in fxrates::providers::ProviderName::all() {
            cmd.env(provider.url_env(), self.http.url(&mirror_path(provider)));
        }
        cmd.env("FXRATES_HTTP_TIMEOUT", "5s")
            // Most tests want a failure at once; the retry tests ask for retries.
            .env("FXRATES_HTTP_RETRIES", "0");
        cmd
    }

    /// Runs fxrates in this process as if at noon (UTC) on `today`, for what
    /// depends on the date: catch-up spans, the choice of ECB file, retention
    /// cutoffs, the ages `status` reports.
    pub fn run_at(&self, today: &str, args: &[&str]) -> anyhow::Result<String> {
        let mut argv: Vec<String> = vec![
            "fxrates".into(),
            "--database-url".into(),
            self.db.url.clone(),
        ];
        let (command, rest) = args.split_first().expect("a command");
        argv.push(command.to_string());
        if *command == "fetch" {
            argv.extend(["--http-retries".into(), "0".into()]);
            for provider in fxrates::providers::ProviderName::all() {
                argv.push(format!("--{}", provider.url_flag()));
                argv.push(self.http.url(&mirror_path(provider)));
            }
        }
        argv.extend(rest.iter().map(|arg| arg.to_string()));
        let cli = fxrates::cli::Cli::try_parse_from(argv)?;
        let mut out = Vec::new();
        fxrates::run(&cli, None, noon(today), &mut out)?;
        let out = String::from_utf8(out)?;
        Ok(out.strip_suffix('\n').unwrap_or(&out).to_owned())
    }

    /// A client on this test's database.
    pub fn client(&self) -> Client {
        self.db.client()
    }

    /// The requests the mirror received, as paths, and forget them.
    pub fn requested(&self) -> Vec<String> {
        self.http.take_requests()
    }
}

/// Parses a `YYYY-MM-DD` test date.
pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a test date")
}

/// Noon (UTC) of the `YYYY-MM-DD` test date: the time [`Env::run_at`] runs at.
pub fn noon(s: &str) -> chrono::DateTime<chrono::Utc> {
    day(s).and_hms_opt(12, 0, 0).expect("noon exists").and_utc()
}

/// The text of `tests/fixtures/<path>`.
pub fn fixture(path: &str) -> String {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|err| panic!("{}: {err}", full.display()))
}

/// Runs a query whose single row has a single column and returns it as text.
pub fn scalar(client: &mut Client, sql: &str) -> String {
    let row = client
        .query_one(&format!("SELECT ({sql})::text"), &[])
        .expect(sql);
    row.get::<_, Option<String>>(0)
        .unwrap_or_else(|| "NULL".to_owned())
}
