//! High availability with a real streaming standby (`pg_basebackup -R`, then
//! `pg_ctl promote`): one connection string naming the primary and its
//! standby with `target_session_attrs=read-write` writes to the primary,
//! whichever is named first; `show`, `status`, `convert` and the SQL
//! functions read from the standby alone; the standby refuses `init-db`,
//! `fetch` and `clean` with exit 5 and one line saying it is a read-only
//! standby, before asking any provider and leaving the database as it was;
//! with the primary down and the standby not yet promoted, the string finds
//! no server that takes writes and says so; after the promotion the same
//! string writes to the promoted standby, which holds every row written
//! before.

use crate::common::env::{Env, scalar};
use crate::common::pg::standby::{Standby, standby_pair};
use crate::common::pg::{TestDb, count_rates, rates_checksum, stored, test_db};
use postgres::Client;

/// What fetching the ECB's daily file into an empty table prints.
const DAILY_STORED: &str =
    "ecb: 1 day (2024-06-28), 30 rates: 30 inserted, 0 revised, 0 unchanged\n";

/// The one line a standby's refusal prints.
fn standby_refusal(standby: &Standby) -> String {
    format!(
        "error: the database server ({}) is a read-only standby (in recovery): point \
         FXRATES_DATABASE_URL at the primary, or list the primary and its standbys with \
         target_session_attrs=read-write\n",
        describe(&standby.url())
    )
}

/// How fxrates names the server of `url` in a message: host, port, user and
/// database, in that order.
fn describe(url: &str) -> String {
    ["host", "port", "user", "dbname"]
        .iter()
        .filter_map(|key| {
            url.split_whitespace()
                .find(|pair| pair.starts_with(&format!("{key}=")))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The rates and the audit trail: what a refused command must leave as it was.
fn state(client: &mut Client) -> (String, String) {
    (
        rates_checksum(client),
        scalar(client, "SELECT count(*) FROM fetch_runs"),
    )
}

#[test]
fn a_standby_serves_reads_refuses_writes_and_takes_over_when_promoted() {
    let (db, standby) = standby_pair();
    let env = Env::on(db);
    let both = standby.both_url();
    let through_both = |args: &[&str]| {
        let mut cmd = env.fxrates();
        cmd.env("FXRATES_DATABASE_URL", &both).args(args);
        cmd
    };
    let on_standby = |args: &[&str]| {
        let mut cmd = env.fxrates();
        cmd.env("FXRATES_DATABASE_URL", standby.url()).args(args);
        cmd
    };

    // Both servers named, read-write asked for: the primary takes the writes.
    through_both(&["init-db"]).assert().success();
    through_both(&["fetch"])
        .assert()
        .success()
        .stdout(DAILY_STORED);
    assert_eq!(count_rates(&mut env.client(), "ecb"), 30);
    // Named first, the standby is passed over for the primary.
    env.fxrates()
        .env("FXRATES_DATABASE_URL", standby.both_url_standby_first())
        .args(["fetch", "--date", "2024-06-28"])
        .assert()
        .success()
        .stdout("ecb: 1 day (2024-06-28), 4 rates: 0 inserted, 0 revised, 4 unchanged\n");
    assert_eq!(
        scalar(&mut env.client(), "SELECT count(*) FROM fetch_runs"),
        "2"
    );
    standby.wait_for_replay();
    let mut replica = standby.client();
    let written = state(&mut env.client());
    assert_eq!(
        state(&mut replica),
        written,
        "the standby replays the fetch"
    );
    env.requested();

    // The standby alone serves reads.
    on_standby(&["show", "USD", "--format", "value", "--date", "2024-06-28"])
        .assert()
        .success()
        .stdout("1.0705\n")
        .stderr("");
    on_standby(&["status", "--max-age", "100000d"])
        .assert()
        .success()
        .stdout(predicates::str::contains("ecb: newest day 2024-06-28"))
        .stderr("");
    on_standby(&["convert", "100", "EUR", "USD", "--date", "2024-06-28"])
        .assert()
        .success()
        .stdout(predicates::str::contains("107.05"))
        .stderr("");
    assert_eq!(
        scalar(&mut replica, "SELECT fx_rate('EUR', 'USD', '2024-06-28')"),
        "1.0705",
        "the SQL interface reads on the standby"
    );
    // So do the runs that only compare.
    on_standby(&["fetch", "--dry-run"]).assert().success();
    on_standby(&["clean", "--older-than", "1d", "--dry-run"])
        .assert()
        .success();
    env.requested();

    // And refuses every write at once, in one line, changing nothing.
    for args in [
        &["init-db"][..],
        &["fetch"],
        &["fetch", "--date", "2024-06-28"],
        &["clean", "--older-than", "1d"],
    ] {
        on_standby(args)
            .assert()
            .code(5)
            .stdout("")
            .stderr(standby_refusal(&standby));
    }
    assert_eq!(
        env.requested(),
        Vec::<String>::new(),
        "a provider was asked"
    );
    assert_eq!(state(&mut replica), written, "the standby changed");
    assert_eq!(state(&mut env.client()), written, "the primary changed");
    drop(replica);

    // The primary down, the standby not yet promoted: no server takes writes.
    standby.stop_primary();
    let output = through_both(&["fetch"]).output().expect("run fxrates");
    assert_eq!(output.status.code(), Some(5));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr,
        format!(
            "error: cannot connect to the database ({}): no server takes writes \
             (target_session_attrs=read-write): the last one tried is read-only, a standby \
             in recovery or a server with default_transaction_read_only on; bring the \
             primary back or promote a standby\n",
            describe(&both)
        )
    );
    assert!(env.requested().is_empty(), "a provider was asked");

    // After the failover, the same string reaches the promoted standby.
    standby.promote();
    through_both(&["fetch", "--from", "2024-06-10", "--to", "2024-06-27"])
        .assert()
        .success()
        .stdout("ecb: 14 days (2024-06-10..2024-06-27), 56 rates: 56 inserted, 0 revised, 0 unchanged\n");
    let mut promoted = standby.client();
    assert_eq!(count_rates(&mut promoted, "ecb"), 30 + 56);
    assert_eq!(
        stored(&mut promoted, "ecb", "2024-06-28", "EUR", "USD"),
        "1 EUR USD 1.0705",
        "a row written before the failover"
    );
    through_both(&["status", "--max-age", "100000d"])
        .assert()
        .success();
}

/// A server that is no standby but whose sessions are read-only
/// (`default_transaction_read_only`) is named as such.
#[test]
fn a_read_only_primary_refuses_writes_naming_the_setting() {
    let env = Env::on(test_db());
    env.fxrates().arg("init-db").assert().success();
    read_only(&env.db);
    let before = state(&mut env.client());
    for args in [
        &["init-db"][..],
        &["fetch"],
        &["clean", "--older-than", "1d"],
    ] {
        env.fxrates()
            .args(args)
            .assert()
            .code(5)
            .stdout("")
            .stderr(format!(
                "error: the database server ({}) takes no writes: its sessions are read-only \
                 (default_transaction_read_only is on)\n",
                describe(&env.db.url)
            ));
    }
    assert!(env.requested().is_empty(), "a provider was asked");
    assert_eq!(state(&mut env.client()), before);
}

/// Makes the sessions of `db` read-only from now on.
fn read_only(db: &TestDb) {
    db.client()
        .batch_execute(&format!(
            "ALTER DATABASE \"{}\" SET default_transaction_read_only = on",
            db.name
        ))
        .expect("make the database read-only");
}
