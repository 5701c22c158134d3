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

use std::fmt::Write as _;
use std::io::Read as _;
use std::net::TcpListener;
use std::os::unix::fs::OpenOptionsExt as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use postgres::config::Host;
use postgres::{Client, Config, NoTls};

/// The table that [`rates_checksum`] and [`count_rates`] look at.
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

    /// A TCP connection string for this database as `postgres`, e.g.
    /// `host=localhost port=40213 user=postgres dbname=t_4242_1`, to which a
    /// test appends `sslmode=…`. Only for a database from [`local_test_db`].
    pub fn tcp_url(&self, host: &str) -> String {
        self.tcp_url_as(host, "postgres")
    }

    /// [`TestDb::tcp_url`] as another role, e.g. [`TLS_ONLY_USER`].
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
    /// Only for a database from [`local_test_db`] or [`private_test_db`].
    pub fn password_url(&self) -> String {
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
    /// [`private_test_db`].
    pub fn ca_file(&self) -> PathBuf {
        self.tcp_access().ca_file.clone()
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
        let mut cmd = pg_command(&control.bindir, "pg_ctl", control.as_postgres, &control.dir);
        // Run in the private directory, where `postgres.log` is.
        cmd.arg("-D").arg(control.dir.join("data")).args(args);
        run(&mut cmd);
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
/// server: for tests that must know the server's certificate.
pub fn local_test_db() -> TestDb {
    create_db(local_server())
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
    local_server()
        .tcp
        .as_ref()
        .expect("a cluster we started listens on TCP")
        .ca_file
        .clone()
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
/// `fetched_at` included), for asserting that a command left the data unchanged.
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
    let sql = format!(
        "select count(*)::text || ':' || coalesce(md5(string_agg(
             concat_ws('|', source::text, rate_date::text, base::text, quote::text,
                       rate::text, fetched_at::text),
             ',' order by source::text, rate_date, base::text, quote::text)), '')
         from {RATES_TABLE}"
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
    /// The PEM file of the CA that signed its certificate.
    ca_file: PathBuf,
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

#[expect(
    clippy::zombie_processes,
    reason = "the guard must outlive this process, so nothing here waits for it"
)]
fn start_cluster() -> Server {
    let bindir = find_bindir().unwrap_or_else(|| {
        panic!(
            "PostgreSQL server binaries (initdb, pg_ctl) not found: run scripts/test.sh, \
             which installs them (apt-get install -y postgresql), \
             or set FXRATES_TEST_DATABASE_URL"
        )
    });
    let as_postgres = is_root();

    let dir = tempfile::Builder::new()
        .prefix("fxrates-test-pg-")
        .tempdir()
        .expect("create a private directory for the test cluster")
        .keep();
    let data = dir.join("data");
    let socket = dir.join("sock");
    let log = dir.join("postgres.log");
    std::fs::create_dir(&socket).expect("create the socket directory");
    if as_postgres {
        run(Command::new("chown").arg("-R").arg("postgres:").arg(&dir));
    }

    // Spawned before anything can fail, so the directory goes away in every case.
    let guard = spawn_guard(&dir, &bindir, as_postgres);

    let ca_file = write_certificates(&dir);
    if as_postgres {
        run(Command::new("chown")
            .arg("postgres:")
            .args(["server.key", "server.crt", "ca.crt"])
            .current_dir(&dir));
    }

    let mut initdb = pg_command(&bindir, "initdb", as_postgres, &dir);
    initdb
        .args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
            "-D",
        ])
        .arg(&data);
    run(&mut initdb);
    require_tls_for(&data, TLS_ONLY_USER);
    require_password_for(&data, PASSWORD_USER);

    let mut last_log = String::new();
    for _attempt in 0..5 {
        let port = free_port();
        write_settings(&data, &dir, port);
        let mut start = pg_command(&bindir, "pg_ctl", as_postgres, &dir);
        start
            .args(["-w", "-t", "60", "-l"])
            .arg(&log)
            .arg("-D")
            .arg(&data)
            .arg("start");
        let output = start.output().expect("run pg_ctl start");
        if output.status.success() {
            let base = format!(
                "host={} port={port} user=postgres",
                conninfo_value(&socket.to_string_lossy())
            );
            let admin_url = format!("{base} dbname=postgres");
            // Not a superuser: a test makes it the owner of its database.
            connect(&admin_url)
                .batch_execute(&format!(
                    "create role {} login; create role {} login password '{PASSWORD_USER_PASSWORD}'",
                    quote_ident(TLS_ONLY_USER),
                    quote_ident(PASSWORD_USER)
                ))
                .expect("create the TLS-only and password roles");
            return Server {
                admin_url,
                base_conninfo: base,
                tcp: Some(TcpAccess { port, ca_file }),
                guard: Some(guard),
                control: Some(Control {
                    bindir,
                    dir,
                    as_postgres,
                }),
            };
        }
        last_log = log_tail(&log);
        // Another process may have taken the port between our probe and the bind.
        if !last_log.contains("could not bind") && !last_log.contains("already in use") {
            panic!(
                "pg_ctl start failed ({}): {}\n--- {} (tail) ---\n{last_log}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim(),
                log.display()
            );
        }
    }
    panic!("pg_ctl start failed: no free port\n--- postgres log (tail) ---\n{last_log}");
}

/// `pg_config --bindir` if it holds the server binaries, else the newest
/// `/usr/lib/postgresql/*/bin` that does.
fn find_bindir() -> Option<PathBuf> {
    let has_server = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && has_server(&dir) {
            return Some(dir);
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            has_server(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn keep_cluster() -> bool {
    std::env::var("FXRATES_TEST_KEEP").is_ok_and(|v| v == "1")
}

fn is_root() -> bool {
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(line) = status.lines().find(|l| l.starts_with("Uid:")) {
            // Uid: real effective saved filesystem
            return line.split_whitespace().nth(2) == Some("0");
        }
    }
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// A command for one of the server binaries, run as `postgres` when we are root.
/// The working directory is the private directory, which that user can read.
fn pg_command(bindir: &Path, program: &str, as_postgres: bool, cwd: &Path) -> Command {
    let program = bindir.join(program);
    let mut cmd = if as_postgres {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    };
    cmd.current_dir(cwd).stdin(Stdio::null());
    cmd
}

fn run(cmd: &mut Command) -> Output {
    let output = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|err| panic!("cannot run {cmd:?}: {err}"));
    assert!(
        output.status.success(),
        "{cmd:?} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("find a free TCP port")
        .port()
}

/// Makes a test CA and a server certificate for [`CERT_HOST`] signed by it,
/// writes `ca.crt`, `server.crt` and `server.key` (mode 0600) into `dir`,
/// and returns the path of `ca.crt`.
fn write_certificates(dir: &Path) -> PathBuf {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
        KeyPair, KeyUsagePurpose,
    };

    let ca_key = KeyPair::generate().expect("generate the test CA key");
    let mut ca = CertificateParams::new(Vec::new()).expect("CA parameters");
    ca.distinguished_name
        .push(DnType::CommonName, "fxrates test CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_cert = ca.self_signed(&ca_key).expect("sign the test CA");
    let issuer = Issuer::new(ca, ca_key);

    let server_key = KeyPair::generate().expect("generate the server key");
    let mut server = CertificateParams::new(vec![CERT_HOST.to_owned()]).expect("server parameters");
    server
        .distinguished_name
        .push(DnType::CommonName, CERT_HOST);
    server.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    server.use_authority_key_identifier_extension = true;
    let server_cert = server
        .signed_by(&server_key, &issuer)
        .expect("sign the server certificate");

    let write = |name: &str, text: &str, mode: u32| {
        use std::io::Write as _;
        let path = dir.join(name);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&path)
            .and_then(|mut file| file.write_all(text.as_bytes()))
            .unwrap_or_else(|err| panic!("write {}: {err}", path.display()));
        path
    };
    // PostgreSQL refuses a key file that others can read.
    write("server.key", &server_key.serialize_pem(), 0o600);
    write("server.crt", &server_cert.pem(), 0o644);
    write("ca.crt", &ca_cert.pem(), 0o644)
}

/// Puts a line refusing `user` over TCP without TLS before the trust lines
/// that `initdb -A trust` wrote.
fn require_tls_for(data: &Path, user: &str) {
    let hba = data.join("pg_hba.conf");
    let rest = std::fs::read_to_string(&hba).expect("read pg_hba.conf");
    let text = format!("# fxrates test cluster\nhostnossl all {user} all reject\n\n{rest}");
    // Rewriting in place keeps the file's owner.
    std::fs::write(&hba, text).expect("write pg_hba.conf");
}

/// Puts a line asking `user` for its password over TCP before the trust
/// lines that `initdb -A trust` wrote.
fn require_password_for(data: &Path, user: &str) {
    let hba = data.join("pg_hba.conf");
    let rest = std::fs::read_to_string(&hba).expect("read pg_hba.conf");
    let text = format!("host all {user} all scram-sha-256\n{rest}");
    std::fs::write(&hba, text).expect("write pg_hba.conf");
}

/// Appends the test settings; later lines win, so a retry with another port
/// only needs another append.
fn write_settings(data: &Path, dir: &Path, port: u16) {
    use std::io::Write as _;
    let quoted = |name: &str| dir.join(name).to_string_lossy().replace('\'', "''");
    let (socket, cert, key) = (quoted("sock"), quoted("server.crt"), quoted("server.key"));
    let settings = format!(
        "\n# fxrates test cluster\n\
         listen_addresses = '127.0.0.1'\n\
         port = {port}\n\
         unix_socket_directories = '{socket}'\n\
         ssl = on\n\
         ssl_cert_file = '{cert}'\n\
         ssl_key_file = '{key}'\n\
         fsync = off\n\
         synchronous_commit = off\n\
         full_page_writes = off\n"
    );
    std::fs::OpenOptions::new()
        .append(true)
        .open(data.join("postgresql.conf"))
        .and_then(|mut file| file.write_all(settings.as_bytes()))
        .expect("write the test cluster settings");
}

fn log_tail(log: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut file) = std::fs::File::open(log) {
        let _ = file.read_to_string(&mut text);
    }
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// Starts the process that stops the cluster and removes `dir` once our end of
/// its stdin closes, which happens however this process ends.
fn spawn_guard(dir: &Path, bindir: &Path, as_postgres: bool) -> Child {
    const SCRIPT: &str = r#"
        trap '' HUP INT TERM
        dir=$1 pg_ctl=$2 as_postgres=$3 keep=$4
        cat >/dev/null
        # A kept cluster is shut down cleanly: with synchronous_commit off, an
        # immediate stop may lose the last commits, the evidence.
        mode=immediate; [ "$keep" = 1 ] && mode=fast
        if [ -f "$dir/data/postmaster.pid" ]; then
            if [ "$as_postgres" = 1 ]; then
                runuser -u postgres -- "$pg_ctl" stop -D "$dir/data" -m $mode -w >/dev/null 2>&1
            else
                "$pg_ctl" stop -D "$dir/data" -m $mode -w >/dev/null 2>&1
            fi
        fi
        if [ "$keep" = 1 ]; then
            as=; [ "$as_postgres" = 1 ] && as="runuser -u postgres -- "
            echo "FXRATES_TEST_KEEP=1: test cluster kept in $dir (log: $dir/postgres.log;" \
                 "start it with: $as$pg_ctl -D $dir/data -l $dir/postgres.log start)" >&2
        else
            rm -rf "$dir"
        fi
    "#;
    let keep = keep_cluster();
    let mut guard = Command::new("sh");
    guard
        .arg("-c")
        .arg(SCRIPT)
        .arg("fxrates-test-pg-guard")
        .arg(dir)
        .arg(bindir.join("pg_ctl"))
        .arg(if as_postgres { "1" } else { "0" })
        .arg(if keep { "1" } else { "0" })
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        // Only the kept-cluster message is worth showing; otherwise nothing may
        // hold the test's stderr open after the test process is gone.
        .stderr(if keep {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        // Its own process group: Ctrl-C on the tests must not kill the guard.
        .process_group(0);
    guard.spawn().expect("spawn the test cluster guard")
}
