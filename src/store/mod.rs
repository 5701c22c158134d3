//! The PostgreSQL side: connecting, the schema, and every query fxrates runs.
//!
//! Writes are all-or-nothing: a fetch's days go into a temporary table by
//! binary COPY and reach `rates` in one `INSERT … ON CONFLICT` inside one
//! transaction, which rewrites only rows whose rate changed. The store knows
//! nothing of HTTP or of providers.

mod migrations;
mod tls;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use chrono::NaiveDate;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::config::{Host, SslMode};
use postgres::types::Type;
use postgres::{Client, NoTls, Transaction};

pub use migrations::{LATEST_VERSION, MigrationReport};

use crate::error::Error;
use crate::model::DayRates;

/// How to reach the database.
#[derive(Clone, Debug, Default)]
pub struct DatabaseConfig {
    /// A libpq connection string or `postgres://` URL; `None` when neither
    /// `FXRATES_DATABASE_URL` nor `DATABASE_URL` is set.
    pub url: Option<String>,
    /// A PEM file of CA certificates to trust beside the system's.
    pub ca_file: Option<PathBuf>,
}

/// How many rows an upsert inserted, rewrote with a new rate, or left alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UpsertCounts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// An open connection to the fxrates database.
pub struct Store {
    client: Client,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

/// Connects, without checking the schema. A connection that could use TLS
/// does, verifying the server's certificate; a Unix socket or
/// `sslmode=disable` connects in the clear.
pub fn connect(config: &DatabaseConfig) -> anyhow::Result<Store> {
    let url = config.url.as_deref().ok_or_else(|| {
        Error::Usage(
            "no database given: set FXRATES_DATABASE_URL (or DATABASE_URL), or pass --database-url"
                .to_owned(),
        )
    })?;
    let mut pg: postgres::Config = url
        .parse()
        .map_err(|err| Error::Usage(format!("invalid database URL: {err}")))?;
    if pg.get_connect_timeout().is_none() {
        pg.connect_timeout(Duration::from_secs(30));
    }
    if pg.get_application_name().is_none() {
        pg.application_name("fxrates");
    }
    let target = describe(&pg);
    log::debug!("connecting to {target}");
    let may_use_tls = pg.get_ssl_mode() != SslMode::Disable
        && pg
            .get_hosts()
            .iter()
            .any(|host| matches!(host, Host::Tcp(_)));
    let connected = if may_use_tls {
        pg.connect(tls::connector(config.ca_file.as_deref())?)
    } else {
        pg.connect(NoTls)
    };
    let client = connected.map_err(|err| Error::Connect {
        target,
        source: Box::new(err),
    })?;
    Ok(Store { client })
}

/// Where a connection goes, without its password: `host=… port=… dbname=…`.
fn describe(pg: &postgres::Config) -> String {
    let hosts: Vec<String> = pg
        .get_hosts()
        .iter()
        .map(|host| match host {
            Host::Tcp(name) => name.clone(),
            Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let mut parts = Vec::new();
    if !hosts.is_empty() {
        parts.push(format!("host={}", hosts.join(",")));
    }
    let ports: Vec<String> = pg.get_ports().iter().map(u16::to_string).collect();
    if !ports.is_empty() {
        parts.push(format!("port={}", ports.join(",")));
    }
    if let Some(user) = pg.get_user() {
        parts.push(format!("user={user}"));
    }
    if let Some(dbname) = pg.get_dbname() {
        parts.push(format!("dbname={dbname}"));
    }
    parts.join(" ")
}

/// Counts, inside the transaction that loaded `incoming_rates`, how the upsert
/// would change `rates`, without changing it.
const PREVIEW: &str = "
    SELECT count(*) FILTER (WHERE r.rate IS NULL),
           count(*) FILTER (WHERE r.rate <> i.rate),
           count(*)
      FROM incoming_rates i
      LEFT JOIN rates r
        ON (r.source, r.rate_date, r.base, r.quote) = ($1, i.rate_date, i.base, i.quote)";

/// Moves `incoming_rates` into `rates`. A row whose rate is unchanged is not
/// rewritten (no new tuple, `fetched_at` kept); the sorted input gives
/// concurrent runs the same lock order.
const UPSERT: &str = "
    WITH written AS (
        INSERT INTO rates AS r (source, rate_date, base, quote, rate)
        SELECT $1, rate_date, base, quote, rate
          FROM incoming_rates
         ORDER BY rate_date, base, quote
        ON CONFLICT (source, rate_date, base, quote) DO UPDATE
           SET rate = EXCLUDED.rate, fetched_at = now()
         WHERE r.rate IS DISTINCT FROM EXCLUDED.rate
        RETURNING xmax = 0 AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted),
           count(*) FILTER (WHERE NOT inserted),
           (SELECT count(*) FROM incoming_rates)
      FROM written";

impl Store {
    /// Applies every pending migration; see [`migrations`].
    pub fn migrate(&mut self) -> anyhow::Result<MigrationReport> {
        migrations::migrate(&mut self.client)
    }

    /// Fails unless the schema is exactly the version this binary writes.
    pub fn check_schema(&mut self) -> anyhow::Result<()> {
        migrations::check(&mut self.client)
    }

    /// The newest day stored for `source`, if any.
    pub fn newest_day(&mut self, source: &str) -> anyhow::Result<Option<NaiveDate>> {
        let row = self
            .client
            .query_one(
                "SELECT max(rate_date) FROM rates WHERE source = $1",
                &[&source],
            )
            .context("reading the newest stored day")?;
        Ok(row.get(0))
    }

    /// Stores `days` under `source` in one transaction.
    pub fn upsert(&mut self, source: &str, days: &[DayRates]) -> anyhow::Result<UpsertCounts> {
        let mut tx = self
            .client
            .transaction()
            .context("starting a transaction")?;
        load_incoming(&mut tx, days)?;
        let counts = counts(&tx.query_one(UPSERT, &[&source]).context("storing rates")?);
        tx.commit().context("committing the rates")?;
        Ok(counts)
    }

    /// What [`Store::upsert`] would do with `days`, leaving the database as it was.
    pub fn preview(&mut self, source: &str, days: &[DayRates]) -> anyhow::Result<UpsertCounts> {
        let mut tx = self
            .client
            .transaction()
            .context("starting a transaction")?;
        load_incoming(&mut tx, days)?;
        let counts = counts(
            &tx.query_one(PREVIEW, &[&source])
                .context("comparing rates")?,
        );
        // Dropping the transaction rolls it back, temporary table and all.
        Ok(counts)
    }

    /// How many rates, of any source, are dated before `cutoff`.
    pub fn count_before(&mut self, cutoff: NaiveDate) -> anyhow::Result<u64> {
        let row = self
            .client
            .query_one(
                "SELECT count(*) FROM rates WHERE rate_date < $1",
                &[&cutoff],
            )
            .context("counting old rates")?;
        Ok(row.get::<_, i64>(0).unsigned_abs())
    }

    /// Deletes every rate, of any source, dated before `cutoff`.
    pub fn delete_before(&mut self, cutoff: NaiveDate) -> anyhow::Result<u64> {
        self.client
            .execute("DELETE FROM rates WHERE rate_date < $1", &[&cutoff])
            .context("deleting old rates")
    }
}

/// Fills a fresh `incoming_rates` temporary table with `days` by binary COPY.
fn load_incoming(tx: &mut Transaction<'_>, days: &[DayRates]) -> anyhow::Result<()> {
    tx.batch_execute(
        "CREATE TEMPORARY TABLE incoming_rates (
             rate_date date NOT NULL,
             base char(3) NOT NULL,
             quote char(3) NOT NULL,
             rate numeric NOT NULL
         ) ON COMMIT DROP",
    )
    .context("creating the incoming_rates table")?;
    let sink = tx
        .copy_in("COPY incoming_rates (rate_date, base, quote, rate) FROM STDIN (FORMAT binary)")
        .context("starting COPY into incoming_rates")?;
    let mut writer = BinaryCopyInWriter::new(
        sink,
        &[Type::DATE, Type::BPCHAR, Type::BPCHAR, Type::NUMERIC],
    );
    for day in days {
        let date = day.date();
        let base = day.base();
        for (quote, rate) in day.rates() {
            writer
                .write(&[&date, &base.as_str(), &quote.as_str(), &rate.value()])
                .context("copying rates into incoming_rates")?;
        }
    }
    writer
        .finish()
        .context("finishing COPY into incoming_rates")?;
    Ok(())
}

fn counts(row: &postgres::Row) -> UpsertCounts {
    let count = |i: usize| row.get::<_, i64>(i).unsigned_abs();
    let (inserted, updated, total) = (count(0), count(1), count(2));
    UpsertCounts {
        inserted,
        updated,
        unchanged: total.saturating_sub(inserted + updated),
    }
}
