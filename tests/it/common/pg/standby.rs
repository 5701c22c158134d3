//! A primary streaming to a hot standby, two clusters of their own that no
//! other test shares, for the high-availability tests: the standby is made
//! by `pg_basebackup -R`, serves reads, refuses writes, and takes them once
//! promoted ([`Standby::promote`]).
//!
//! Both clusters are stopped and removed when the [`Standby`] is dropped,
//! unless the test is panicking: then they are kept, and their logs shown,
//! until the test process ends (with `FXRATES_TEST_KEEP=1`, after it too).

use std::process::Child;
use std::time::{Duration, Instant};

use postgres::Client;

use super::cluster::{keep_cluster, log_tail, pg_ctl, start_primary, start_standby};
use super::{Server, TestDb, connect, conninfo_value, create_db, push_kv};

/// How long the standby may take to replay what the primary wrote.
const REPLAY_TIMEOUT: Duration = Duration::from_secs(15);

/// Starts a primary and a hot standby of it, and creates a fresh database on
/// the primary, which the standby replicates. The [`TestDb`] is the primary's.
pub fn standby_pair() -> (TestDb, Standby) {
    let mut primary = start_primary();
    let mut standby = start_standby(&primary);
    let guards = [primary.guard.take(), standby.guard.take()]
        .into_iter()
        .flatten()
        .collect();
    let primary: &'static Server = Box::leak(Box::new(primary));
    let standby: &'static Server = Box::leak(Box::new(standby));
    let db = create_db(primary);
    let name = db.name.clone();
    let pair = Standby {
        name,
        primary,
        standby,
        guards,
    };
    (db, pair)
}

/// The standby of [`standby_pair`], and what the tests do to both servers.
#[derive(Debug)]
pub struct Standby {
    /// The database of the pair's [`TestDb`].
    name: String,
    primary: &'static Server,
    standby: &'static Server,
    /// The guards of both clusters. Closing their stdin stops the servers
    /// and removes their directories.
    guards: Vec<Child>,
}

impl Standby {
    /// A connection string for the database on the standby alone, by its
    /// socket.
    pub fn url(&self) -> String {
        format!(
            "{} dbname={}",
            self.standby.base_conninfo,
            conninfo_value(&self.name)
        )
    }

    /// One connection string naming both servers, the primary first, as an
    /// operator writes it: over TCP to `localhost` with TLS verified
    /// against the test CA (both servers present the same certificate), and
    /// `target_session_attrs=read-write`.
    pub fn both_url(&self) -> String {
        self.hosts_url(self.primary, self.standby)
    }

    /// [`Standby::both_url`] with the standby named first.
    pub fn both_url_standby_first(&self) -> String {
        self.hosts_url(self.standby, self.primary)
    }

    fn hosts_url(&self, first: &Server, second: &Server) -> String {
        let mut url = String::new();
        push_kv(&mut url, "host", &format!("{0},{0}", super::CERT_HOST));
        push_kv(
            &mut url,
            "port",
            &format!("{},{}", tcp(first).port, tcp(second).port),
        );
        push_kv(&mut url, "user", "postgres");
        push_kv(&mut url, "dbname", &self.name);
        push_kv(&mut url, "sslmode", "verify-full");
        push_kv(
            &mut url,
            "sslrootcert",
            &tcp(self.standby)
                .ca_file
                .as_ref()
                .expect("the standby pair needs server binaries with SSL (see FXRATES_TEST_PG_BIN)")
                .to_string_lossy(),
        );
        push_kv(&mut url, "target_session_attrs", "read-write");
        url
    }

    /// A connection to the database on the standby.
    pub fn client(&self) -> Client {
        connect(&self.url())
    }

    /// Waits until the standby has replayed all the primary has written so
    /// far; panics after [`REPLAY_TIMEOUT`].
    pub fn wait_for_replay(&self) {
        let written: String = connect(&self.primary.admin_url)
            .query_one("SELECT pg_current_wal_lsn()::text", &[])
            .expect("read the primary's WAL position")
            .get(0);
        let mut standby = connect(&self.standby.admin_url);
        let deadline = Instant::now() + REPLAY_TIMEOUT;
        loop {
            let replayed: bool = standby
                .query_one(
                    "SELECT coalesce(pg_last_wal_replay_lsn() >= $1::text::pg_lsn, false)",
                    &[&written],
                )
                .expect("read the standby's replay position")
                .get(0);
            if replayed {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the standby did not replay up to {written} within {REPLAY_TIMEOUT:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the primary as an operator would before a failover
    /// (`pg_ctl stop -m fast`).
    pub fn stop_primary(&self) {
        pg_ctl(control(self.primary), &["stop", "-m", "fast", "-w"]);
    }

    /// Promotes the standby to primary, and waits until it takes writes
    /// (`pg_ctl promote -w`).
    pub fn promote(&self) {
        pg_ctl(control(self.standby), &["promote", "-w", "-t", "60"]);
    }
}

impl Drop for Standby {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let dirs: Vec<String> = [self.primary, self.standby]
                .iter()
                .filter_map(|server| server.control.as_ref())
                .map(|control| control.dir.display().to_string())
                .collect();
            let logs: Vec<String> = [("primary", self.primary), ("standby", self.standby)]
                .iter()
                .filter_map(|(role, server)| Some((role, server.control.as_ref()?)))
                .map(|(role, control)| {
                    let tail = log_tail(&control.dir.join("postgres.log"));
                    format!("--- {role} log (tail) ---\n{tail}")
                })
                .collect();
            let until = if keep_cluster() {
                "kept after the tests end (FXRATES_TEST_KEEP=1)"
            } else {
                "removed when the tests end: set FXRATES_TEST_KEEP=1 to keep them"
            };
            eprintln!(
                "keeping the primary and the standby ({}) for inspection, {until}\n{}",
                dirs.join(", "),
                logs.join("\n")
            );
            // Their stdin stays open, so the guards wait for the process to end.
            std::mem::forget(std::mem::take(&mut self.guards));
            return;
        }
        for mut guard in self.guards.drain(..) {
            drop(guard.stdin.take());
            let _ = guard.wait();
        }
    }
}

fn tcp(server: &Server) -> &super::TcpAccess {
    server
        .tcp
        .as_ref()
        .expect("a cluster we started listens on TCP")
}

fn control(server: &Server) -> &super::Control {
    server
        .control
        .as_ref()
        .expect("the pair's clusters are ours to control")
}
