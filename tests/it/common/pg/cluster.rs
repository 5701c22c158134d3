//! Starting a private cluster: `initdb` as the right user, settings, the test
//! CA and server certificate, the `pg_hba.conf` rules the TLS and password
//! tests rely on, and the guard process that stops the cluster however the
//! test process ends; and a primary with a hot standby made from it by
//! `pg_basebackup -R`. See the parent module's docs.

use std::io::Read as _;
use std::net::TcpListener;
use std::os::unix::fs::OpenOptionsExt as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use super::{
    CERT_HOST, Control, PASSWORD_USER, PASSWORD_USER_PASSWORD, Server, TLS_ONLY_USER, TcpAccess,
    connect, conninfo_value, quote_ident,
};

/// The settings a primary needs to stream its WAL to a standby, and, unlike
/// the shared cluster, commits that are flushed before they return, as on a
/// production primary.
const PRIMARY_SETTINGS: &str = "\
wal_level = replica
max_wal_senders = 4
hot_standby = on
synchronous_commit = on
";

/// Lets a standby of the same machine take a base backup and stream WAL, by
/// the socket or by loopback, whatever the `initdb` version put there.
const REPLICATION_HBA: &str = "\
local replication all trust
host replication all 127.0.0.1/32 trust
";

/// Starts a cluster of its own, as every test cluster is made.
pub(super) fn start_cluster() -> Server {
    start_cluster_with("", "")
}

/// Starts a cluster that a standby can replicate: see [`start_standby`].
pub(super) fn start_primary() -> Server {
    start_cluster_with(PRIMARY_SETTINGS, REPLICATION_HBA)
}

/// Starts a cluster whose settings end with `settings` and whose
/// `pg_hba.conf` starts with `hba`.
fn start_cluster_with(settings: &str, hba: &str) -> Server {
    let private = Private::new();
    let ca_file = write_certificates(&private.dir);
    private.hand_over(&["server.key", "server.crt", "ca.crt"]);

    let data = private.dir.join("data");
    let mut initdb = private.command("initdb");
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
    if !hba.is_empty() {
        prepend_hba(&data, hba);
    }

    let (port, tls) = private.start(settings);
    let server = private.into_server(port, tls.then_some(ca_file));
    // Not a superuser: a test makes it the owner of its database.
    connect(&server.admin_url)
        .batch_execute(&format!(
            "create role {} login; create role {} login password '{PASSWORD_USER_PASSWORD}'",
            quote_ident(TLS_ONLY_USER),
            quote_ident(PASSWORD_USER)
        ))
        .expect("create the TLS-only and password roles");
    server
}

/// Starts a hot standby of `primary` (from [`start_primary`]): a base backup
/// taken with `pg_basebackup -R`, which makes it a standby that streams from
/// the primary's socket, started on a port of its own. It presents the
/// primary's certificate, so that one name and one CA reach either server.
pub(super) fn start_standby(primary: &Server) -> Server {
    let source = primary
        .control
        .as_ref()
        .expect("a standby replicates a cluster we started");
    let private = Private::new();
    let certificates = ["server.key", "server.crt", "ca.crt"];
    for name in certificates {
        let to = private.dir.join(name);
        std::fs::copy(source.dir.join(name), &to)
            .unwrap_or_else(|err| panic!("copy {name} to {}: {err}", to.display()));
    }
    private.hand_over(&certificates);

    let mut backup = private.command("pg_basebackup");
    backup
        .arg("-D")
        .arg(private.dir.join("data"))
        .args(["-R", "-X", "stream", "-c", "fast", "--no-sync", "-d"])
        .arg(&primary.admin_url);
    run(&mut backup);

    let (port, tls) = private.start("");
    let ca_file = private.dir.join("ca.crt");
    private.into_server(port, tls.then_some(ca_file))
}

/// The private directory of one cluster (`data/`, `sock/`, `postgres.log`),
/// owned by the user the server runs as, and the guard that stops the
/// server and removes the directory.
struct Private {
    bindir: PathBuf,
    as_postgres: bool,
    dir: PathBuf,
    guard: Child,
}

impl Private {
    fn new() -> Private {
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
        std::fs::create_dir(dir.join("sock")).expect("create the socket directory");
        if as_postgres {
            run(Command::new("chown").arg("-R").arg("postgres:").arg(&dir));
        }
        // Spawned before anything can fail, so the directory goes away in every case.
        let guard = spawn_guard(&dir, &bindir, as_postgres);
        Private {
            bindir,
            as_postgres,
            dir,
            guard,
        }
    }

    /// One of the server binaries, run in the private directory.
    fn command(&self, program: &str) -> Command {
        pg_command(&self.bindir, program, self.as_postgres, &self.dir)
    }

    /// Gives the files `names` of the private directory to the user the
    /// server runs as.
    fn hand_over(&self, names: &[&str]) {
        if self.as_postgres {
            run(Command::new("chown")
                .arg("postgres:")
                .args(names)
                .current_dir(&self.dir));
        }
    }

    /// Whether the server binaries were built with SSL support, as the
    /// server itself says of `data/` (`postgres -C ssl_library`: `OpenSSL`,
    /// or empty without it). Debian's are; the PyPI wheels' builds of
    /// PostgreSQL 16 and 18 are not, and refuse to start with `ssl = on`.
    fn has_ssl(&self) -> bool {
        let mut cmd = self.command("postgres");
        cmd.arg("-D")
            .arg(self.dir.join("data"))
            .args(["-C", "ssl_library"]);
        !String::from_utf8_lossy(&run(&mut cmd).stdout)
            .trim()
            .is_empty()
    }

    /// Starts the server of `data/` on a free port, the test settings
    /// (TLS among them when the binaries have it) followed by `settings`,
    /// and returns the port and whether it speaks TLS.
    fn start(&self, settings: &str) -> (u16, bool) {
        let data = self.dir.join("data");
        let log = self.dir.join("postgres.log");
        let tls = self.has_ssl();
        let mut last_log = String::new();
        for _attempt in 0..5 {
            let port = free_port();
            write_settings(&data, &self.dir, port, tls, settings);
            let mut start = self.command("pg_ctl");
            start
                .args(["-w", "-t", "60", "-l"])
                .arg(&log)
                .arg("-D")
                .arg(&data)
                .arg("start");
            let output = start.output().expect("run pg_ctl start");
            if output.status.success() {
                return (port, tls);
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

    /// The started server, reached as `postgres` by its socket.
    fn into_server(self, port: u16, ca_file: Option<PathBuf>) -> Server {
        let base = format!(
            "host={} port={port} user=postgres",
            conninfo_value(&self.dir.join("sock").to_string_lossy())
        );
        Server {
            admin_url: format!("{base} dbname=postgres"),
            base_conninfo: base,
            tcp: Some(TcpAccess { port, ca_file }),
            guard: Some(self.guard),
            control: Some(Control {
                bindir: self.bindir,
                dir: self.dir,
                as_postgres: self.as_postgres,
            }),
        }
    }
}

/// `FXRATES_TEST_PG_BIN` when set (another PostgreSQL version, e.g. the
/// `pginstall/bin` of a PyPI wheel), else `pg_config --bindir` if it holds
/// the server binaries, else the newest `/usr/lib/postgresql/*/bin` that
/// does.
fn find_bindir() -> Option<PathBuf> {
    let has_server = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("FXRATES_TEST_PG_BIN").filter(|dir| !dir.is_empty()) {
        let dir = PathBuf::from(dir);
        return has_server(&dir).then_some(dir);
    }
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

pub(super) fn keep_cluster() -> bool {
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
pub(super) fn pg_command(bindir: &Path, program: &str, as_postgres: bool, cwd: &Path) -> Command {
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

/// Runs `pg_ctl` with `args` on the cluster of `control`, in its private
/// directory, where `postgres.log` is.
pub(super) fn pg_ctl(control: &Control, args: &[&str]) {
    let mut cmd = pg_command(&control.bindir, "pg_ctl", control.as_postgres, &control.dir);
    cmd.arg("-D").arg(control.dir.join("data")).args(args);
    run(&mut cmd);
}

pub(super) fn run(cmd: &mut Command) -> Output {
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

/// Puts `lines` first in `pg_hba.conf`, before the trust lines that
/// `initdb -A trust` wrote.
fn prepend_hba(data: &Path, lines: &str) {
    let hba = data.join("pg_hba.conf");
    let rest = std::fs::read_to_string(&hba).expect("read pg_hba.conf");
    std::fs::write(&hba, format!("{lines}{rest}")).expect("write pg_hba.conf");
}

/// Appends the test settings, TLS among them when the binaries have it,
/// then `extra`; later lines win, so a retry with another port only needs
/// another append.
fn write_settings(data: &Path, dir: &Path, port: u16, tls: bool, extra: &str) {
    use std::io::Write as _;
    let quoted = |name: &str| dir.join(name).to_string_lossy().replace('\'', "''");
    let (socket, cert, key) = (quoted("sock"), quoted("server.crt"), quoted("server.key"));
    let ssl = if tls {
        format!("ssl = on\nssl_cert_file = '{cert}'\nssl_key_file = '{key}'\n")
    } else {
        String::new()
    };
    let settings = format!(
        "\n# fxrates test cluster\n\
         listen_addresses = '127.0.0.1'\n\
         port = {port}\n\
         unix_socket_directories = '{socket}'\n\
         {ssl}\
         fsync = off\n\
         synchronous_commit = off\n\
         full_page_writes = off\n\
         {extra}"
    );
    std::fs::OpenOptions::new()
        .append(true)
        .open(data.join("postgresql.conf"))
        .and_then(|mut file| file.write_all(settings.as_bytes()))
        .expect("write the test cluster settings");
}

pub(super) fn log_tail(log: &Path) -> String {
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
