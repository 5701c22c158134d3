//! Running unattended, from cron or a timer: transient HTTP failures are
//! retried and permanent ones are not, overlapping runs store each day once
//! or give up after `FXRATES_LOCK_TIMEOUT` (exit 6), every `fetch` and
//! `clean` leaves a row in `fetch_runs`, and `fxrates status` turns all of it
//! into an exit code a monitor can act on (7 when stale) and into metrics.
//!
//! The tests live in `tests/it/unattended/`, grouped by topic,
//! and share the helpers below.

mod fetch_runs;
mod locks;
mod metrics;
mod retries;
pub(crate) mod status;

use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::env::Env;
use crate::common::http::Reply;
use chrono::NaiveDate;
use postgres::Client;

/// Locks the fetch lock of the ECB source, as a running `fetch` does.
const LOCK_FETCH: &str = "SELECT pg_advisory_lock(x'66787274'::int, hashtext('fetch ecb'))";

/// Locks the lock `init-db` and `clean` take.
const LOCK_MAINTENANCE: &str = "SELECT pg_advisory_lock(x'66787274'::int, hashtext('maintenance'))";

/// What a fetch of the daily file prints on an empty table.
const LATEST_DAY_STORED: &str =
    "ecb: 1 day (2024-06-28), 30 rates: 30 inserted, 0 revised, 0 unchanged\n";

/// A response with `status` and `headers` written byte for byte, no body.
fn raw(status: &str, headers: &[(&str, &str)]) -> Reply {
    let mut text = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("Content-Length: 0\r\nConnection: close\r\n\r\n");
    Reply::Raw(text.into_bytes())
}

/// A 503 that asks the client to come back after `seconds`.
fn unavailable(seconds: u32) -> Reply {
    raw(
        "503 Service Unavailable",
        &[("Retry-After", &seconds.to_string())],
    )
}

/// Stdout of a finished process, as text.
fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Stderr of a finished process, as text.
fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The one-line message of a failed run as `fetch_runs` stores it: the
/// stderr line without its `error: ` prefix.
fn message(stderr_line: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr_line);
    let line = text.lines().last().unwrap_or_default();
    line.strip_prefix("error: ")
        .unwrap_or_else(|| panic!("not an error line: {text:?}"))
        .to_owned()
}

/// One `fetch_runs` row, without its timestamps.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    command: String,
    provider: Option<String>,
    ok: bool,
    days: i32,
    inserted: i64,
    updated: i64,
    unchanged: i64,
    deleted: i64,
    error: Option<String>,
}

impl Run {
    /// A successful fetch of the ECB with these figures.
    fn fetched(days: i32, inserted: i64, updated: i64, unchanged: i64) -> Run {
        Run {
            command: "fetch".to_owned(),
            provider: Some("ecb".to_owned()),
            ok: true,
            days,
            inserted,
            updated,
            unchanged,
            deleted: 0,
            error: None,
        }
    }

    /// A failed run of `command` (`fetch` of the ECB, or `clean`).
    fn failed(command: &str, error: String) -> Run {
        Run {
            command: command.to_owned(),
            provider: (command == "fetch").then(|| "ecb".to_owned()),
            ok: false,
            days: 0,
            inserted: 0,
            updated: 0,
            unchanged: 0,
            deleted: 0,
            error: Some(error),
        }
    }

    /// A successful `clean` that deleted `deleted` rates.
    fn cleaned(deleted: i64) -> Run {
        Run {
            command: "clean".to_owned(),
            provider: None,
            ok: true,
            days: 0,
            inserted: 0,
            updated: 0,
            unchanged: 0,
            deleted,
            error: None,
        }
    }
}

/// Every `fetch_runs` row, oldest first, after checking that each one's
/// timestamps are in order and recent.
fn runs(client: &mut Client) -> Vec<Run> {
    let rows = client
        .query(
            "SELECT command, provider, ok, days, inserted, updated, unchanged, deleted, error,
                    started_at <= finished_at AND finished_at <= now()
                      AND finished_at > now() - interval '10 minutes'
               FROM fetch_runs ORDER BY id",
            &[],
        )
        .expect("read fetch_runs");
    rows.iter()
        .map(|row| {
            let run = Run {
                command: row.get(0),
                provider: row.get(1),
                ok: row.get(2),
                days: row.get(3),
                inserted: row.get(4),
                updated: row.get(5),
                unchanged: row.get(6),
                deleted: row.get(7),
                error: row.get(8),
            };
            assert!(row.get::<_, bool>(9), "odd timestamps in {run:?}");
            run
        })
        .collect()
}

/// Starts every run of `runs` at once, each with `env`'s configuration and
/// `extra` environment, and waits for all of them.
fn run_together(env: &Env, runs: &[&[&str]], extra: &[(&str, &str)]) -> Vec<Output> {
    let children: Vec<_> = runs
        .iter()
        .map(|args| {
            let mut cmd = env.command();
            cmd.args(*args)
                .envs(extra.iter().copied())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            cmd.spawn().expect("spawn fxrates")
        })
        .collect();
    children
        .into_iter()
        .map(|child| child.wait_with_output().expect("wait for fxrates"))
        .collect()
}

/// Waits until `count` connections to this test's database wait for an
/// advisory lock, so that releasing it lets them all go at the same moment.
fn wait_for_lock_waiters(client: &mut Client, count: i64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let waiting: i64 = client
            .query_one(
                "SELECT count(*) FROM pg_locks
                  WHERE locktype = 'advisory' AND NOT granted
                    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                &[],
            )
            .expect("read pg_locks")
            .get(0);
        if waiting == count {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "only {waiting} of {count} runs came to wait for the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Checks that every run succeeded without a trace of a race in its stderr.
fn assert_all_succeeded(outputs: &[Output]) {
    for output in outputs {
        let err = stderr(output);
        assert!(
            output.status.success(),
            "a run failed ({}): {err}",
            output.status
        );
        for race in ["duplicate key", "deadlock", "could not serialize"] {
            assert!(!err.contains(race), "{race} in: {err}");
        }
    }
}

/// Stores one USD rate dated `day`, as if a fetch had stored it.
fn store_rate(client: &mut Client, day: NaiveDate) {
    client
        .execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate) VALUES ('ecb', $1, 'EUR', 'USD', 1.07)",
            &[&day],
        )
        .expect("insert a rate");
}
