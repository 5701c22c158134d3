//! Database faults: the server down at the start, stopped or the run killed
//! in the middle of a backfill, the schema missing or newer than the binary,
//! a statement timeout. None stores a partial backfill, and after each a
//! plain re-run completes the range.
//!
//! The interruptions are deterministic: the test holds a `SHARE` lock on
//! `rates` (reads pass, writes wait), waits until `pg_stat_activity` shows
//! the run's write waiting for it, with its rows loaded and not committed,
//! and only then stops the server or kills the run.

use std::net::TcpListener;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use postgres::Client;

use crate::common::http::Reply;
use crate::common::pg::{PASSWORD_USER, private_test_db};
use crate::faults::{World, check_failure, check_no_secret, checksum, runs, sentinel_secrets};

/// A backfill of three weeks from the history file.
const BACKFILL: &[&str] = &[
    "fetch",
    "--quiet",
    "--from",
    "2024-06-10",
    "--to",
    "2024-06-28",
];

/// What a re-run of the backfill prints: every day stored, the two seeded
/// rates corrected.
const BACKFILLED: &str =
    "ecb: 15 days (2024-06-10..2024-06-28), 60 rates: 58 inserted, 2 revised, 0 unchanged\n";

/// Takes a lock on `rates` that lets reads through and makes writes wait,
/// in a transaction left open on `client`.
fn block_writes(client: &mut Client) {
    client
        .batch_execute("BEGIN; LOCK TABLE rates IN SHARE MODE")
        .expect("lock rates");
}

/// Calls `done` every 20 ms until it says yes; panics with `never` after 30 s.
fn wait_until(never: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "{never}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// How many connections of fxrates to `database` match `condition`.
fn fxrates_connections(client: &mut Client, database: &str, condition: &str) -> i64 {
    client
        .query_one(
            &format!(
                "SELECT count(*) FROM pg_stat_activity
                  WHERE datname = $1 AND application_name = 'fxrates' AND {condition}"
            ),
            &[&database],
        )
        .expect("read pg_stat_activity")
        .get(0)
}

/// A backfill caught in the act: its rows loaded, its write into `rates`
/// waiting for the lock that `holder` keeps, nothing committed.
struct BlockedBackfill {
    /// Holds the lock; `ROLLBACK` on it lets the write go.
    holder: Client,
    /// Outside any transaction, so `pg_stat_activity` stays current for it.
    observer: Client,
    child: Child,
}

impl BlockedBackfill {
    /// Starts the backfill against a table whose writes `holder` blocks, and
    /// waits until it waits. `output` is where its stdout and stderr go.
    fn start(world: &World, output: fn() -> Stdio) -> Self {
        let mut holder = world.env.client();
        block_writes(&mut holder);
        let mut observer = world.env.client();
        let mut child = world
            .command()
            .args(BACKFILL)
            .stdin(Stdio::null())
            .stdout(output())
            .stderr(output())
            .spawn()
            .expect("spawn fxrates");
        let database = &world.env.db.name;
        wait_until("fxrates never came to write", || {
            if let Some(status) = child.try_wait().expect("poll fxrates") {
                panic!("fxrates ended ({status}) before it came to write");
            }
            let condition = "wait_event_type = 'Lock' AND query LIKE '%INSERT INTO rates%'";
            fxrates_connections(&mut observer, database, condition) == 1
        });
        Self {
            holder,
            observer,
            child,
        }
    }
}

/// A plain re-run completes the range.
fn rerun_completes(world: &World) {
    world
        .fxrates()
        .args(BACKFILL.iter().filter(|arg| **arg != "--quiet"))
        .assert()
        .success()
        .stdout(BACKFILLED);
}

#[test]
fn the_server_down_at_the_start() {
    let world = World::new();
    let closed = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = closed.local_addr().expect("its address").port();
    drop(closed);
    let url = format!(
        "postgres://{PASSWORD_USER}:{}@127.0.0.1:{port}/fxrates",
        crate::common::pg::PASSWORD_USER_PASSWORD
    );

    let started = Instant::now();
    let output = world
        .fxrates()
        .args(BACKFILL)
        .arg("--database-url")
        .arg(&url)
        .output()
        .expect("run fxrates");

    assert!(started.elapsed() < Duration::from_secs(10));
    check_failure(
        &world,
        &output,
        5,
        &format!(
            "error: cannot connect to the database (host=127.0.0.1 port={port} \
             user={PASSWORD_USER} dbname=fxrates): "
        ),
        &["Connection refused".to_owned()],
    );
    assert!(
        world.env.http.requests().is_empty(),
        "fetched without a database"
    );
    check_no_secret(&world, &output, &sentinel_secrets(&[]));
}

#[test]
fn the_server_stopped_in_the_middle_of_a_backfill() {
    let world = World::on(private_test_db());
    world.seed("ecb", "EUR");
    let before = checksum(&world);
    let blocked = BlockedBackfill::start(&world, Stdio::piped);

    world.env.db.stop_server();
    let output = blocked.child.wait_with_output().expect("wait for fxrates");

    check_failure(&world, &output, 5, "error: storing rates: ", &[]);
    world.env.db.start_server();
    assert_eq!(checksum(&world), before, "a partial backfill was stored");
    // The run could not record itself: the server was gone.
    assert_eq!(runs(&mut world.env.client()), []);
    check_no_secret(&world, &output, &sentinel_secrets(&[]));

    rerun_completes(&world);
}

#[test]
fn fxrates_killed_in_the_middle_of_a_backfill() {
    let world = World::new();
    world.seed("ecb", "EUR");
    let before = checksum(&world);
    let BlockedBackfill {
        mut holder,
        mut observer,
        mut child,
    } = BlockedBackfill::start(&world, Stdio::null);

    child.kill().expect("SIGKILL fxrates");
    child.wait().expect("reap fxrates");
    // Let the write go: the server finds its client gone and rolls back.
    holder.batch_execute("ROLLBACK").expect("unlock rates");
    wait_until("fxrates's connection lingers", || {
        fxrates_connections(&mut observer, &world.env.db.name, "true") == 0
    });

    assert_eq!(checksum(&world), before, "a partial backfill was stored");
    assert_eq!(runs(&mut holder), []);
    rerun_completes(&world);
}

/// Regression: a connection lost while a first load streamed its rows by
/// `COPY` exited 1 ("unexpected error"), because the error came wrapped in
/// the writer's I/O error. The server is held in the middle of the `COPY`
/// (a trigger waits for an advisory lock the test holds) with more rows
/// sent than the socket takes, so fxrates is still writing when the
/// backend is terminated.
#[test]
fn the_connection_lost_in_the_middle_of_a_copy() {
    let world = World::new();
    world
        .env
        .http
        .route(HISTORY_PATH, Reply::ok_xml(long_history()));
    let mut holder = world.env.client();
    holder
        .batch_execute(
            "CREATE FUNCTION stall() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 IF NEW.rate_date = '2000-01-03' AND NEW.quote = 'USD' THEN
                     PERFORM pg_advisory_lock(4242);
                 END IF;
                 RETURN NEW;
             END $$;
             CREATE TRIGGER stall BEFORE INSERT ON rates FOR EACH ROW EXECUTE FUNCTION stall();
             SELECT pg_advisory_lock(4242);",
        )
        .expect("a trigger that waits for the test");
    let mut observer = world.env.client();
    let child = world
        .command()
        .args([
            "fetch",
            "--quiet",
            "--from",
            "1999-01-04",
            "--to",
            "2022-12-30",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn fxrates");
    let database = world.env.db.name.clone();
    let copying = "wait_event_type = 'Lock' AND query LIKE 'COPY rates%'";
    wait_until("fxrates never came to copy", || {
        fxrates_connections(&mut observer, &database, copying) == 1
    });
    // Let it fill the socket while the server reads nothing.
    std::thread::sleep(Duration::from_millis(500));
    observer
        .batch_execute(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = '{database}' AND application_name = 'fxrates'"
        ))
        .expect("terminate fxrates's backend");
    let output = child.wait_with_output().expect("wait for fxrates");

    check_failure(&world, &output, 5, "error: copying rates into rates: ", &[]);
    holder
        .batch_execute("SELECT pg_advisory_unlock(4242); DROP TRIGGER stall ON rates")
        .expect("let go");
    let stored: i64 = holder
        .query_one("SELECT count(*) FROM rates", &[])
        .expect("count rates")
        .get(0);
    assert_eq!(stored, 0, "a partial load was stored");
    // The run could not record itself: its connection was gone.
    assert_eq!(runs(&mut holder), []);
}

/// Where the ECB's full history is served.
const HISTORY_PATH: &str = crate::common::env::HISTORY;

/// A history of every weekday from 1999-01-04 to 2022-12-30 with 30
/// currencies: about 188,000 rates, far more than a socket holds.
fn long_history() -> String {
    use std::fmt::Write as _;
    let mut cubes = String::new();
    let mut day = chrono::NaiveDate::from_ymd_opt(1999, 1, 4).expect("a day");
    let last = chrono::NaiveDate::from_ymd_opt(2022, 12, 30).expect("a day");
    let codes = [
        "USD", "JPY", "BGN", "CZK", "DKK", "GBP", "HUF", "PLN", "RON", "SEK", "CHF", "ISK", "NOK",
        "TRY", "AUD", "BRL", "CAD", "CNY", "HKD", "IDR", "ILS", "INR", "KRW", "MXN", "MYR", "NZD",
        "PHP", "SGD", "THB", "ZAR",
    ];
    while day <= last {
        if chrono::Datelike::weekday(&day).number_from_monday() <= 5 {
            let _ = write!(cubes, "<Cube time='{day}'>");
            for (i, code) in codes.iter().enumerate() {
                let _ = write!(
                    cubes,
                    "<Cube currency='{code}' rate='{}.{:04}'/>",
                    i + 1,
                    i * 7
                );
            }
            cubes.push_str("</Cube>");
        }
        day = day.succ_opt().expect("a next day");
    }
    crate::conformance::cases::ecb::envelope(&cubes)
}

#[test]
fn a_statement_timeout() {
    let world = World::new();
    world.seed("ecb", "EUR");
    let before = checksum(&world);
    let mut client = world.env.client();
    client
        .batch_execute(&format!(
            "ALTER DATABASE \"{}\" SET statement_timeout = '500ms'",
            world.env.db.name
        ))
        .expect("set a statement timeout");
    block_writes(&mut client);

    let output = world
        .fxrates()
        .args(BACKFILL)
        .output()
        .expect("run fxrates");
    client.batch_execute("ROLLBACK").expect("unlock rates");

    let message = check_failure(
        &world,
        &output,
        5,
        "error: storing rates: ",
        &["canceling statement due to statement timeout".to_owned()],
    );
    assert_eq!(checksum(&world), before, "the table changed");
    assert_eq!(runs(&mut client), [(false, Some(message))]);
    check_no_secret(&world, &output, &sentinel_secrets(&[]));
}

#[test]
fn the_schema_missing() {
    let world = World::new();
    let mut client = world.env.client();
    client
        .batch_execute("DROP TABLE rates, fetch_runs, schema_migrations CASCADE")
        .expect("drop the schema");

    let output = world
        .fxrates()
        .args(BACKFILL)
        .output()
        .expect("run fxrates");

    check_failure(
        &world,
        &output,
        5,
        "error: the database has no fxrates schema: run `fxrates init-db` first",
        &[],
    );
    let body = world.smtp.mails()[0].body();
    assert!(body.contains("\nHint: run `fxrates init-db`"), "{body}");
    assert!(world.env.http.requests().is_empty());
    assert_eq!(checksum(&world), "absent");
    check_no_secret(&world, &output, &sentinel_secrets(&[]));
}

#[test]
fn a_schema_newer_than_the_binary() {
    let world = World::new();
    world.seed("ecb", "EUR");
    let before = checksum(&world);
    let mut client = world.env.client();
    client
        .batch_execute(
            "INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')",
        )
        .expect("record a future migration");

    let output = world
        .fxrates()
        .args(BACKFILL)
        .output()
        .expect("run fxrates");

    check_failure(
        &world,
        &output,
        5,
        "error: the database schema is at version 99, newer than this fxrates knows \
         (version 9): upgrade fxrates before writing to it",
        &[],
    );
    assert!(world.env.http.requests().is_empty());
    assert_eq!(checksum(&world), before);
    assert_eq!(runs(&mut client), [], "wrote to a schema it does not know");
    check_no_secret(&world, &output, &sentinel_secrets(&[]));
}
