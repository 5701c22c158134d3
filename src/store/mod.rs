//! The PostgreSQL side: connecting, the schema, and every query fxrates runs.
//!
//! Writes are all-or-nothing, one transaction per fetch, and in bulk: days
//! none of which is stored yet go straight into `rates` by binary COPY; any
//! other days are sent as arrays, 20,000 rows per statement, and one
//! statement per chunk inserts the missing rows and updates only the rows
//! whose rate changed, so an unchanged row is never rewritten. The store
//! knows nothing of HTTP or of providers.

mod conninfo;
mod copy;
mod migrations;
mod read;
mod retention;
mod tls;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use postgres::config::Host;
use postgres::error::SqlState;
use postgres::types::Type;
use postgres::{Client, NoTls, Transaction};
use rust_decimal::Decimal;

use conninfo::{ConnInfo, TlsMode};
use copy::copy_rows;
pub use migrations::{LATEST_VERSION, MigrationReport};
pub use read::{FigureInForce, InForce, PrintedDay, StoredRate};
pub use retention::Pruned;

use crate::error::Error;
use crate::model::{CurrencyCode, DayRates};

/// How to reach the database.
#[derive(Clone, Debug, Default)]
pub struct DatabaseConfig {
    /// A libpq connection string or `postgres://` URL; `None` when neither
    /// `FXRATES_DATABASE_URL` nor `DATABASE_URL` is set.
    pub url: Option<String>,
    /// A PEM file of CA certificates to trust beside the system's.
    pub ca_file: Option<PathBuf>,
}

/// What the SQL functions read of one provider besides its rates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceReads<'a> {
    /// Its `source` name.
    pub source: &'a str,
    /// The currency on one side of every rate it prints; `None` for one
    /// that prices in any base.
    pub home: Option<CurrencyCode>,
    /// Whether its days hold only the figures that changed on them.
    pub sparse: bool,
}

/// How many rows an upsert inserted, rewrote with a new rate, or left alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UpsertCounts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// The advisory locks that make concurrent runs behave as if run one after
/// another. Session locks: they last until the run disconnects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lock<'a> {
    /// Held by a `fetch` of one source, from reading the newest stored day to
    /// the commit, so that overlapping catch-ups store each day once.
    Fetch(&'a str),
    /// Held by `init-db` and `clean`.
    Maintenance,
}

impl Lock<'_> {
    fn name(self) -> String {
        match self {
            Lock::Fetch(source) => format!("fetch {source}"),
            Lock::Maintenance => "maintenance".to_owned(),
        }
    }
}

/// The first key of every fxrates advisory lock ("fxrt"); the second is a
/// hash of the lock's name.
const LOCK_CLASS: i32 = 0x6678_7274;

/// One finished `fetch` or `clean`, for the `fetch_runs` audit trail.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunRecord {
    /// Its `fetch_runs.id`, when reserved before the run
    /// ([`Store::reserve_run_id`]) so that the revisions it stores name it.
    pub id: Option<i64>,
    /// `fetch` or `clean`.
    pub command: &'static str,
    /// The source fetched; `None` for `clean`.
    pub provider: Option<String>,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub ok: bool,
    pub days: u64,
    pub counts: UpsertCounts,
    pub deleted: u64,
    /// The one-line error of a failed run.
    pub error: Option<String>,
    /// The run gave up waiting for another run that held its lock (exit 6):
    /// no failure of the source, which that other run fetched.
    pub gave_way: bool,
    /// What a successful run has to say: a currency the publisher stopped.
    pub warning: Option<String>,
}

/// What is stored for one source, for `status`: what index probes can
/// tell, so that `status` costs the same on a long history as on a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceStatus {
    pub source: String,
    pub newest_day: Option<NaiveDate>,
    /// The newest `fetch` of this source.
    pub last_fetch: Option<RunRecord>,
    /// When the newest successful `fetch` of this source started.
    pub last_success: Option<DateTime<Utc>>,
    /// The last day the newest day's figures are in force, when its
    /// publisher states a period (HMRC's month).
    pub valid_until: Option<NaiveDate>,
    /// How many of its figures were revised since the time asked about.
    pub revised: u64,
    /// The newest revision of one of its figures, if any is kept.
    pub last_revision: Option<Revision>,
}

/// One change to a stored figure, as `rate_revisions` keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    pub rate_date: NaiveDate,
    pub base: String,
    pub quote: String,
    pub series: String,
    /// `unit base = rate quote`, before and after.
    pub old: (i32, Decimal),
    pub new: (i32, Decimal),
    pub seen_at: DateTime<Utc>,
}

/// `2026-05-29 1 USD = 2.807 → 2.81 ILS`: the one wording of a revision.
impl std::fmt::Display for Revision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ((old_unit, old), (unit, new)) = (self.old, self.new);
        let (base, quote) = (&self.base, &self.quote);
        write!(f, "{} {old_unit} {base} = {old}", self.rate_date)?;
        if old_unit == unit {
            write!(f, " → {new} {quote}")?;
        } else {
            write!(f, " {quote} → {unit} {base} = {new} {quote}")?;
        }
        if self.series != "mid" {
            write!(f, " ({})", self.series)?;
        }
        Ok(())
    }
}

/// An open connection to the fxrates database.
pub struct Store {
    client: Client,
    /// Where the connection went, as [`describe`] says it.
    target: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

/// Connects, without checking the schema, reading the connection string
/// as libpq does ([`conninfo`]): the `PG*` variables and the password file
/// fill what it leaves out. A connection that may use TLS (a TCP host,
/// `sslmode` not `disable`) does whenever the server offers it, verifying
/// the server's certificate, and its host name unless `sslmode=verify-ca`;
/// a Unix socket connects in the clear.
pub fn connect(config: &DatabaseConfig) -> anyhow::Result<Store> {
    let env = |name: &str| std::env::var(name).ok();
    let text = match config.url.as_deref() {
        Some(url) => url,
        None if conninfo::environment_names_a_database(&env) => "",
        None => {
            return Err(Error::Usage(
                "no database given: set FXRATES_DATABASE_URL (or DATABASE_URL, or libpq's PGHOST and PGDATABASE), or pass --database-url"
                    .to_owned(),
            )
            .into());
        }
    };
    let ConnInfo { pg, tls, root_cert } = conninfo::resolve(text, &env)?;
    let target = describe(&pg);
    log::debug!("connecting to {target}");
    let over_tcp = !pg.get_hostaddrs().is_empty()
        || pg
            .get_hosts()
            .iter()
            .any(|host| matches!(host, Host::Tcp(_)));
    let connected = if tls != TlsMode::Disable && over_tcp {
        let verify_host = tls != TlsMode::VerifyCa;
        pg.connect(tls::connector(
            config.ca_file.as_deref(),
            &root_cert,
            verify_host,
        )?)
    } else {
        pg.connect(NoTls)
    };
    let client = connected.map_err(|err| Error::Connect {
        target: target.clone(),
        source: match tls::explain_untrusted(&err).or_else(|| explain_read_only(&err)) {
            Some(explained) => explained.into(),
            None => Box::new(err),
        },
    })?;
    Ok(Store { client, target })
}

/// The reason, with the fix, for a connection refused because
/// `target_session_attrs=read-write` found no server that takes writes:
/// the driver says only "database does not allow writes", and only of the
/// last server it tried.
fn explain_read_only(err: &postgres::Error) -> Option<String> {
    let refusal = std::error::Error::source(err)?.downcast_ref::<std::io::Error>()?;
    (refusal.kind() == std::io::ErrorKind::PermissionDenied
        && refusal.to_string() == "database does not allow writes")
        .then(|| {
            "no server takes writes (target_session_attrs=read-write): the last one tried is \
             read-only, a standby in recovery or a server with default_transaction_read_only on; \
             bring the primary back or promote a standby"
                .to_owned()
        })
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

/// The rows of one chunk, as one array per column: `$2` days, `$3` bases,
/// `$4` quotes, `$5` rates, `$8` units, `$9` series, `$10` ends of stated
/// periods; `$1` is the source, `$6` and `$7` the chunk's first and last
/// day, which let the join read only those days of `rates`. A row differs
/// when its rate's value, its unit or its period does: the same value
/// printed with fewer trailing zeros (the ECB's history file drops them)
/// leaves the stored row as it was.
const INCOMING: &str = "
    incoming AS (
        SELECT * FROM unnest($2::date[], $3::bpchar[], $4::bpchar[], $5::numeric[], $8::int4[],
                             $9::text[], $10::date[])
                   AS i (rate_date, base, quote, rate, unit, series, valid_until)
    ), differing AS (
        SELECT i.rate_date, i.base, i.quote, i.rate, i.unit, i.series, i.valid_until,
               r.rate AS stored
          FROM incoming i
          LEFT JOIN rates r
            ON (r.source, r.rate_date, r.base, r.quote, r.series)
               = ($1, i.rate_date, i.base, i.quote, i.series)
           AND r.rate_date BETWEEN $6 AND $7
         WHERE r.rate IS DISTINCT FROM i.rate OR r.unit <> i.unit
            OR r.valid_until IS DISTINCT FROM i.valid_until
    )";

/// Counts how the upsert would change `rates` for one chunk, without
/// changing it: missing rows, rows whose rate changed, all rows.
const PREVIEW: &str = "
    SELECT count(*) FILTER (WHERE stored IS NULL) AS inserted,
           count(*) FILTER (WHERE stored IS NOT NULL) AS updated,
           (SELECT count(*) FROM incoming) AS total
      FROM differing";

/// Moves what differs in one chunk into `rates`: a row whose rate is
/// unchanged is only read, never rewritten or locked (no new tuple,
/// `fetched_at` kept); a missing row is inserted; a row whose figure
/// changed is updated, and a trigger keeps the old figure in
/// `rate_revisions`. The caller holds the source's fetch lock, so no other fxrates
/// run inserts these keys meanwhile; a foreign writer that does makes the
/// insert fail with a unique violation and the whole fetch roll back.
const UPSERT: &str = "
    , inserted AS (
        INSERT INTO rates (source, rate_date, base, quote, series, unit, rate, valid_until)
        SELECT $1, rate_date, base, quote, series, unit, rate, valid_until
          FROM differing
         WHERE stored IS NULL
        RETURNING 1
    ), updated AS (
        UPDATE rates AS r
           SET rate = d.rate, unit = d.unit, valid_until = d.valid_until, fetched_at = now()
          FROM differing d
         WHERE d.stored IS NOT NULL
           AND (r.source, r.rate_date, r.base, r.quote, r.series)
               = ($1, d.rate_date, d.base, d.quote, d.series)
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM inserted) AS inserted,
           (SELECT count(*) FROM updated) AS updated,
           (SELECT count(*) FROM incoming) AS total";

/// How many rows one comparing statement takes: enough that a history is a
/// handful of round trips, few enough that the arrays stay small.
const CHUNK_ROWS: usize = 20_000;

/// Whether `rates` holds no row of the source (`$1`) from `$2` to `$3`: then
/// every incoming row is new and goes straight into `rates` by COPY.
const NONE_STORED: &str = "
    SELECT NOT EXISTS (SELECT 1 FROM rates WHERE source = $1 AND rate_date BETWEEN $2 AND $3)";

impl Store {
    /// Takes `lock`, waiting at most `timeout` for another run to release it.
    pub fn lock(&mut self, lock: Lock<'_>, timeout: Duration) -> anyhow::Result<()> {
        let name = lock.name();
        log::debug!("taking the {name} lock");
        // lock_timeout bounds the wait of pg_advisory_lock like any other
        // lock; SET LOCAL ends with the transaction, while the lock, taken
        // for the session, outlives it.
        let millis = timeout.as_millis().clamp(1, i32::MAX as u128);
        let mut tx = self
            .client
            .transaction()
            .context("starting a transaction")?;
        tx.batch_execute(&format!("SET LOCAL lock_timeout = {millis}"))
            .context("setting lock_timeout")?;
        let taken = tx.query_typed(
            "SELECT pg_advisory_lock($1, hashtext($2))",
            &[(&LOCK_CLASS, Type::INT4), (&name, Type::TEXT)],
        );
        match taken {
            Ok(_) => tx
                .commit()
                .with_context(|| format!("taking the {name} lock")),
            Err(err) if err.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => Err(Error::Locked {
                lock: name,
                waited: format!("{}s", timeout.as_secs_f32()),
            }
            .into()),
            Err(err) => Err(err).with_context(|| format!("taking the {name} lock")),
        }
    }

    /// Releases `lock`, taken by [`Store::lock`] on this connection.
    pub fn unlock(&mut self, lock: Lock<'_>) -> anyhow::Result<()> {
        let name = lock.name();
        self.client
            .execute(
                "SELECT pg_advisory_unlock($1, hashtext($2))",
                &[&LOCK_CLASS, &name],
            )
            .with_context(|| format!("releasing the {name} lock"))?;
        Ok(())
    }

    /// Applies every pending migration under the maintenance lock; see
    /// [`migrations`].
    pub fn migrate(&mut self, lock_timeout: Duration) -> anyhow::Result<MigrationReport> {
        self.lock(Lock::Maintenance, lock_timeout)?;
        migrations::migrate(&mut self.client)
    }

    /// Records what the SQL functions read besides the rates, of each
    /// provider fxrates knows: its home currency (`fx_sources`, kept in
    /// step with `sources`; `None` for a provider that prices in any base,
    /// whose row is removed), whether its days are sparse
    /// (`fx_sparse_sources`) and, when `order` is given or none is recorded
    /// yet, the sources read when a call names none (`fx_source_order`;
    /// `ecb` by default). A trigger works out again the days in `fx_days`
    /// of a source whose record changed. Returns the order now recorded.
    /// The caller holds the maintenance lock.
    pub fn configure_reads(
        &mut self,
        sources: &[SourceReads<'_>],
        order: Option<&[&str]>,
    ) -> anyhow::Result<Vec<String>> {
        let mut tx = self
            .client
            .transaction()
            .context("starting a transaction")?;
        let (fixed, currencies): (Vec<&str>, Vec<CurrencyCode>) = sources
            .iter()
            .filter_map(|reads| Some((reads.source, reads.home?)))
            .unzip();
        let any_base: Vec<&str> = sources
            .iter()
            .filter_map(|reads| reads.home.is_none().then_some(reads.source))
            .collect();
        tx.query_typed(
            "INSERT INTO fx_sources (source, home)
             SELECT * FROM unnest($1::text[], $2::bpchar[])
             ON CONFLICT (source) DO UPDATE SET home = EXCLUDED.home
              WHERE fx_sources.home IS DISTINCT FROM EXCLUDED.home",
            &[
                (&fixed, Type::TEXT_ARRAY),
                (&currencies, Type::BPCHAR_ARRAY),
            ],
        )
        .context("recording each provider's home currency")?;
        tx.query_typed(
            "DELETE FROM fx_sources WHERE source = ANY ($1::text[])",
            &[(&any_base, Type::TEXT_ARRAY)],
        )
        .context("removing the home of each provider that prices in any base")?;
        let (sparse, whole): (Vec<&SourceReads<'_>>, Vec<&SourceReads<'_>>) =
            sources.iter().partition(|reads| reads.sparse);
        let sparse: Vec<&str> = sparse.iter().map(|reads| reads.source).collect();
        let whole: Vec<&str> = whole.iter().map(|reads| reads.source).collect();
        tx.query_typed(
            "INSERT INTO fx_sparse_sources (source) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
            &[(&sparse, Type::TEXT_ARRAY)],
        )
        .context("recording the providers whose days are sparse")?;
        tx.query_typed(
            "DELETE FROM fx_sparse_sources WHERE source = ANY ($1::text[])",
            &[(&whole, Type::TEXT_ARRAY)],
        )
        .context("recording the providers whose days are whole")?;
        let recorded: i64 = tx
            .query_typed_one("SELECT count(*) FROM fx_source_order", &[])
            .context("reading fx_source_order")?
            .try_get(0)?;
        let order = order.or((recorded == 0).then_some(&["ecb"][..]));
        if let Some(order) = order {
            tx.batch_execute("DELETE FROM fx_source_order")
                .context("replacing fx_source_order")?;
            tx.query_typed(
                "INSERT INTO fx_source_order (position, source)
                 SELECT n, s FROM unnest($1::text[]) WITH ORDINALITY AS u (s, n)",
                &[(&order, Type::TEXT_ARRAY)],
            )
            .context("recording fx_source_order")?;
        }
        let rows = tx
            .query_typed("SELECT source FROM fx_source_order ORDER BY position", &[])
            .context("reading fx_source_order")?;
        let order = rows
            .iter()
            .map(|row| row.try_get(0))
            .collect::<Result<Vec<String>, _>>()?;
        tx.commit().context("committing the read settings")?;
        Ok(order)
    }

    /// Fails unless the server takes writes: not a hot standby (in
    /// recovery), nor a server whose sessions are read-only. The commands
    /// that write ask first, so that a run pointed at a standby fails at
    /// once, in words, before it asks any provider.
    pub fn check_writable(&mut self) -> anyhow::Result<()> {
        let row = self
            .client
            .query_typed_one(
                "SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'",
                &[],
            )
            .context("asking whether the database server takes writes")?;
        let target = self.target.clone();
        match (row.try_get(0)?, row.try_get(1)?) {
            (true, _) => Err(Error::Standby { target }.into()),
            (false, true) => Err(Error::ReadOnly { target }.into()),
            (false, false) => Ok(()),
        }
    }

    /// Fails unless the schema is exactly the version this binary writes.
    pub fn check_schema(&mut self) -> anyhow::Result<()> {
        migrations::check(&mut self.client)
    }

    /// The newest day `source` stored rates of, if any: where a catch-up
    /// resumes. With `base`, only days of rates against that base count
    /// (a source that quotes against any base, asked for one).
    pub fn newest_day(
        &mut self,
        source: &str,
        base: Option<CurrencyCode>,
    ) -> anyhow::Result<Option<NaiveDate>> {
        let row = self
            .client
            .query_typed_one(
                "SELECT max(rate_date) FROM rates
                  WHERE source = $1 AND ($2::bpchar IS NULL OR base = $2)",
                &[(&source, Type::TEXT), (&base, Type::BPCHAR)],
            )
            .context("reading the newest stored day")?;
        Ok(row.try_get(0)?)
    }

    /// For each of `currencies`, the newest day `source` stored its rate
    /// against `home`: either way round, or with `home` as the base only
    /// when `home_is_base` (a source that quotes against any base).
    pub fn newest_day_of_each(
        &mut self,
        source: &str,
        home: CurrencyCode,
        home_is_base: bool,
        currencies: &[CurrencyCode],
    ) -> anyhow::Result<Vec<(CurrencyCode, Option<NaiveDate>)>> {
        let mut newest = Vec::with_capacity(currencies.len());
        for &currency in currencies {
            let row = self
                .client
                .query_typed_one(
                    "SELECT max(rate_date) FROM rates
                      WHERE source = $1
                        AND ((base = $2 AND quote = $3)
                          OR (NOT $4 AND base = $3 AND quote = $2))",
                    &[
                        (&source, Type::TEXT),
                        (&home, Type::BPCHAR),
                        (&currency, Type::BPCHAR),
                        (&home_is_base, Type::BOOL),
                    ],
                )
                .with_context(|| format!("reading the newest stored {currency} day"))?;
            newest.push((currency, row.try_get(0)?));
        }
        Ok(newest)
    }

    /// A `fetch_runs.id` for a run about to start, which [`Store::upsert`]
    /// names in the revisions it stores and [`Store::record_run`] records
    /// the run under.
    pub fn reserve_run_id(&mut self) -> anyhow::Result<i64> {
        let row = self
            .client
            .query_typed_one(
                "SELECT nextval(pg_get_serial_sequence('fetch_runs', 'id'))",
                &[],
            )
            .context("reserving a fetch_runs id")?;
        Ok(row.try_get(0)?)
    }

    /// Stores `days` under `source` in one transaction. A stored figure that
    /// changes is kept in `rate_revisions` (by a trigger, whoever writes),
    /// naming `run`, the `fetch_runs.id` reserved for this run.
    pub fn upsert(
        &mut self,
        source: &str,
        days: &[DayRates],
        run: Option<i64>,
    ) -> anyhow::Result<UpsertCounts> {
        let mut tx = self
            .client
            .transaction()
            .context("starting a transaction")?;
        if let Some(run) = run {
            tx.query_typed(
                "SELECT set_config('fxrates.run', $1, true)",
                &[(&run.to_string(), Type::TEXT)],
            )
            .context("naming the run in the transaction")?;
        }
        let (Some(first), Some(last)) = (
            days.iter().map(DayRates::date).min(),
            days.iter().map(DayRates::date).max(),
        ) else {
            return Ok(UpsertCounts::default());
        };
        let none_stored: bool = tx
            .query_typed_one(
                NONE_STORED,
                &[
                    (&source, Type::TEXT),
                    (&first, Type::DATE),
                    (&last, Type::DATE),
                ],
            )
            .context("looking for stored rates")?
            .get(0);
        let counts = if none_stored {
            // A first load or a new day: COPY straight into rates, the
            // fastest way in. The fetch lock keeps other runs of this source
            // out; a row inserted meanwhile by anything else fails the COPY.
            let sink = tx
                .copy_in(
                    "COPY rates (source, rate_date, base, quote, series, unit, rate, valid_until) FROM STDIN (FORMAT binary)",
                )
                .context("starting COPY into rates")?;
            let rows = copy_rows(sink, source, days).context("copying rates into rates")?;
            UpsertCounts {
                inserted: rows,
                ..UpsertCounts::default()
            }
        } else {
            // Compared first: a run that changes nothing writes no statement,
            // so the triggers that keep fx_days never fire (a statement
            // fires them even when it writes no row).
            let preview = format!("WITH {INCOMING} {PREVIEW}");
            let counts = in_chunks(&mut tx, &preview, source, days).context("comparing rates")?;
            if counts.inserted + counts.updated == 0 {
                counts
            } else {
                let sql = format!("WITH {INCOMING} {UPSERT}");
                in_chunks(&mut tx, &sql, source, days).context("storing rates")?
            }
        };
        store_references(&mut tx, source, days).context("storing publication references")?;
        tx.commit().context("committing the rates")?;
        Ok(counts)
    }

    /// What [`Store::upsert`] would do with `days`, leaving the database as it was.
    pub fn preview(&mut self, source: &str, days: &[DayRates]) -> anyhow::Result<UpsertCounts> {
        let mut tx = self
            .client
            .transaction()
            .context("starting a transaction")?;
        let sql = format!("WITH {INCOMING} {PREVIEW}");
        let counts = in_chunks(&mut tx, &sql, source, days).context("comparing rates")?;
        // Dropping the transaction rolls it back.
        Ok(counts)
    }

    /// Appends `run` to the `fetch_runs` audit trail, in a transaction of its own.
    pub fn record_run(&mut self, run: &RunRecord) -> anyhow::Result<()> {
        let int = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        let days = i32::try_from(run.days).unwrap_or(i32::MAX);
        let (inserted, updated) = (int(run.counts.inserted), int(run.counts.updated));
        let (unchanged, deleted) = (int(run.counts.unchanged), int(run.deleted));
        self.client
            .query_typed(
                "INSERT INTO fetch_runs (id, command, provider, started_at, finished_at, ok, days,
                                         inserted, updated, unchanged, deleted, error, gave_way,
                                         warning)
                 OVERRIDING SYSTEM VALUE
                 VALUES (coalesce($14, nextval(pg_get_serial_sequence('fetch_runs', 'id'))),
                         $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                &[
                    (&run.command, Type::TEXT),
                    (&run.provider, Type::TEXT),
                    (&run.started_at, Type::TIMESTAMPTZ),
                    (&run.finished_at, Type::TIMESTAMPTZ),
                    (&run.ok, Type::BOOL),
                    (&days, Type::INT4),
                    (&inserted, Type::INT8),
                    (&updated, Type::INT8),
                    (&unchanged, Type::INT8),
                    (&deleted, Type::INT8),
                    (&run.error, Type::TEXT),
                    (&run.gave_way, Type::BOOL),
                    (&run.warning, Type::TEXT),
                    (&run.id, Type::INT8),
                ],
            )
            .context("recording the run in fetch_runs")?;
        Ok(())
    }

    /// Per source (stored rates or fetched ones): newest day, counts, the
    /// last fetch, and the figures revised since `revised_since`.
    pub fn source_statuses(
        &mut self,
        revised_since: DateTime<Utc>,
    ) -> anyhow::Result<Vec<SourceStatus>> {
        let rows = self
            .client
            .query(
                "WITH stored AS (
                     SELECT source, newest FROM fx_stored_sources()
                 ), fetched AS (
                     -- The run that finished last, of those that did not
                     -- give way to another run holding the lock.
                     SELECT DISTINCT ON (provider) *
                       FROM fetch_runs
                      WHERE command = 'fetch' AND provider IS NOT NULL AND NOT gave_way
                      ORDER BY provider, finished_at DESC, id DESC
                 ), succeeded AS (
                     SELECT provider, max(started_at) AS at
                       FROM fetch_runs WHERE command = 'fetch' AND ok AND provider IS NOT NULL
                      GROUP BY provider
                 )
                 SELECT coalesce(s.source, f.provider) AS source, s.newest,
                        f.id IS NOT NULL AS fetched, f.command, f.provider, f.started_at,
                        f.finished_at, f.ok, f.days, f.inserted, f.updated, f.unchanged,
                        f.deleted, f.error, f.gave_way, f.warning, ok.at AS last_success,
                        (SELECT max(r.valid_until) FROM rates r
                          WHERE r.source = s.source AND r.rate_date = s.newest) AS valid_until,
                        (SELECT count(*) FROM rate_revisions v
                          WHERE v.source = coalesce(s.source, f.provider)
                            AND v.seen_at >= $1) AS revised,
                        v.rate_date AS revised_day, v.base AS revised_base,
                        v.quote AS revised_quote, v.series AS revised_series,
                        v.old_unit, v.old_rate, v.unit AS new_unit, v.rate AS new_rate, v.seen_at
                   FROM stored s FULL JOIN fetched f ON f.provider = s.source
                   LEFT JOIN succeeded ok ON ok.provider = coalesce(s.source, f.provider)
                   LEFT JOIN LATERAL (
                        SELECT * FROM rate_revisions v
                         WHERE v.source = coalesce(s.source, f.provider)
                         ORDER BY v.seen_at DESC, v.id DESC LIMIT 1) AS v ON true
                  ORDER BY 1",
                &[&revised_since],
            )
            .context("reading the status of each source")?;
        rows.iter()
            .map(|row| {
                Ok(SourceStatus {
                    source: row.try_get("source")?,
                    newest_day: row.try_get("newest")?,
                    last_fetch: if row.try_get("fetched")? {
                        Some(run_record(row)?)
                    } else {
                        None
                    },
                    last_success: row.try_get("last_success")?,
                    valid_until: row.try_get("valid_until")?,
                    revised: count(row, "revised")?,
                    last_revision: match row.try_get("revised_day")? {
                        Some(rate_date) => Some(Revision {
                            rate_date,
                            base: row.try_get::<_, String>("revised_base")?,
                            quote: row.try_get::<_, String>("revised_quote")?,
                            series: row.try_get("revised_series")?,
                            old: (row.try_get("old_unit")?, row.try_get("old_rate")?),
                            new: (row.try_get("new_unit")?, row.try_get("new_rate")?),
                            seen_at: row.try_get("seen_at")?,
                        }),
                        None => None,
                    },
                })
            })
            .collect()
    }

    /// The newest `clean` run, if any.
    pub fn last_clean(&mut self) -> anyhow::Result<Option<RunRecord>> {
        let row = self
            .client
            .query_opt(
                "SELECT command, provider, started_at, finished_at, ok, days, inserted, updated,
                        unchanged, deleted, error, gave_way, warning
                   FROM fetch_runs WHERE command = 'clean' ORDER BY started_at DESC, id DESC LIMIT 1",
                &[],
            )
            .context("reading the last clean run")?;
        row.as_ref().map(run_record).transpose()
    }
}

/// The `fetch_runs` columns of `row`, read by name.
fn run_record(row: &postgres::Row) -> anyhow::Result<RunRecord> {
    let command: String = row.try_get("command")?;
    let days: i32 = row.try_get("days")?;
    Ok(RunRecord {
        id: None,
        command: if command == "clean" { "clean" } else { "fetch" },
        provider: row.try_get("provider")?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
        ok: row.try_get("ok")?,
        days: u64::from(days.unsigned_abs()),
        counts: UpsertCounts {
            inserted: count(row, "inserted")?,
            updated: count(row, "updated")?,
            unchanged: count(row, "unchanged")?,
        },
        deleted: count(row, "deleted")?,
        error: row.try_get("error")?,
        gave_way: row.try_get("gave_way")?,
        warning: row.try_get("warning")?,
    })
}

/// A count column of `fetch_runs` or of an upsert's answer.
fn count(row: &postgres::Row, column: &str) -> anyhow::Result<u64> {
    Ok(row.try_get::<_, i64>(column)?.unsigned_abs())
}

/// Runs `sql` (see [`INCOMING`]) over `days` in chunks of [`CHUNK_ROWS`]
/// rows, and adds up the counts each chunk returns.
fn in_chunks(
    tx: &mut Transaction<'_>,
    sql: &str,
    source: &str,
    days: &[DayRates],
) -> anyhow::Result<UpsertCounts> {
    let rows = days.iter().map(|day| day.rates().len()).sum::<usize>();
    let capacity = rows.min(CHUNK_ROWS);
    let mut dates: Vec<NaiveDate> = Vec::with_capacity(capacity);
    let mut bases: Vec<CurrencyCode> = Vec::with_capacity(capacity);
    let mut quotes: Vec<CurrencyCode> = Vec::with_capacity(capacity);
    let mut rates: Vec<Decimal> = Vec::with_capacity(capacity);
    let mut units: Vec<i32> = Vec::with_capacity(capacity);
    let mut series: Vec<&str> = Vec::with_capacity(capacity);
    let mut periods: Vec<Option<NaiveDate>> = Vec::with_capacity(capacity);
    let mut total = UpsertCounts::default();
    let all = days
        .iter()
        .flat_map(|day| day.rates().iter().map(move |rate| (day, rate)));
    let mut all = all.peekable();
    while all.peek().is_some() {
        for (day, published) in all.by_ref().take(CHUNK_ROWS) {
            dates.push(day.date());
            periods.push(day.period_end());
            bases.push(published.base);
            quotes.push(published.quote);
            rates.push(published.rate.value());
            units.push(copy::unit(published.unit));
            series.push(published.series.as_str());
        }
        let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
            break;
        };
        let row = tx.query_typed_one(
            sql,
            &[
                (&source, Type::TEXT),
                (&dates, Type::DATE_ARRAY),
                (&bases, Type::BPCHAR_ARRAY),
                (&quotes, Type::BPCHAR_ARRAY),
                (&rates, Type::NUMERIC_ARRAY),
                (first, Type::DATE),
                (last, Type::DATE),
                (&units, Type::INT4_ARRAY),
                (&series, Type::TEXT_ARRAY),
                (&periods, Type::DATE_ARRAY),
            ],
        )?;
        let chunk = counts(&row)?;
        total.inserted += chunk.inserted;
        total.updated += chunk.updated;
        total.unchanged += chunk.unchanged;
        dates.clear();
        bases.clear();
        quotes.clear();
        rates.clear();
        units.clear();
        series.clear();
        periods.clear();
    }
    Ok(total)
}

/// Stores the publisher's reference of each day of `days` that has one,
/// rewriting a stored one only when it changed.
fn store_references(
    tx: &mut Transaction<'_>,
    source: &str,
    days: &[DayRates],
) -> anyhow::Result<()> {
    let (dates, references): (Vec<NaiveDate>, Vec<&str>) = days
        .iter()
        .filter_map(|day| Some((day.date(), day.reference()?)))
        .unzip();
    if dates.is_empty() {
        return Ok(());
    }
    tx.query_typed(
        "INSERT INTO publications (source, rate_date, reference)
         SELECT $1, d, r FROM unnest($2::date[], $3::text[]) AS u (d, r)
         ON CONFLICT (source, rate_date) DO UPDATE
            SET reference = EXCLUDED.reference, fetched_at = now()
          WHERE publications.reference IS DISTINCT FROM EXCLUDED.reference",
        &[
            (&source, Type::TEXT),
            (&dates, Type::DATE_ARRAY),
            (&references, Type::TEXT_ARRAY),
        ],
    )?;
    Ok(())
}

/// The `inserted, updated, total` of a chunk's statement.
fn counts(row: &postgres::Row) -> anyhow::Result<UpsertCounts> {
    let (inserted, updated) = (count(row, "inserted")?, count(row, "updated")?);
    Ok(UpsertCounts {
        inserted,
        updated,
        unchanged: count(row, "total")?.saturating_sub(inserted + updated),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revision_reads_as_the_figure_before_and_after() {
        let at = "2026-12-01T10:00:00Z".parse().expect("a time");
        let day = crate::model::parse_date("2026-05-29").expect("a day");
        let dec = |s: &str| s.parse::<Decimal>().expect("a decimal");
        let revision = Revision {
            rate_date: day,
            base: "USD".to_owned(),
            quote: "ILS".to_owned(),
            series: "mid".to_owned(),
            old: (1, dec("2.807")),
            new: (1, dec("2.81")),
            seen_at: at,
        };
        assert_eq!(revision.to_string(), "2026-05-29 1 USD = 2.807 → 2.81 ILS");
        let rescaled = Revision {
            base: "HUF".to_owned(),
            quote: "CZK".to_owned(),
            series: "selling".to_owned(),
            old: (1, dec("0.06304")),
            new: (100, dec("6.304")),
            ..revision
        };
        assert_eq!(
            rescaled.to_string(),
            "2026-05-29 1 HUF = 0.06304 CZK → 100 HUF = 6.304 CZK (selling)"
        );
    }
}
