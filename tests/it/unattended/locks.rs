//! Overlapping runs: eight at once store each day once, without a race in
//! any stderr, and a run that waits longer than `FXRATES_LOCK_TIMEOUT` for
//! another's lock gives up with exit 6 and changes nothing.

use std::time::{Duration, Instant};

use crate::common::env::{Env, scalar};
use crate::common::pg::{count_rates, rates_checksum};
use crate::unattended::{
    LATEST_DAY_STORED, LOCK_FETCH, LOCK_MAINTENANCE, Run, assert_all_succeeded, message,
    run_together, runs, stdout, wait_for_lock_waiters,
};

#[test]
fn eight_overlapping_catch_ups_store_the_latest_day_once() {
    let env = Env::with_schema();
    let mut holder = env.client();
    // Hold the lock until all eight wait for it, so that they really overlap.
    holder
        .execute(LOCK_FETCH, &[])
        .expect("take the fetch lock");
    let fetch: &[&str] = &["fetch"];
    let outputs = std::thread::scope(|scope| {
        let runs = scope.spawn(|| run_together(&env, &[fetch; 8], &[]));
        wait_for_lock_waiters(&mut holder, 8);
        holder
            .batch_execute("SELECT pg_advisory_unlock_all()")
            .expect("release the fetch lock");
        runs.join().expect("the runs")
    });

    assert_all_succeeded(&outputs);
    let printed: Vec<String> = outputs.iter().map(stdout).collect();
    let storing: Vec<&String> = printed
        .iter()
        .filter(|out| out.contains("30 inserted"))
        .collect();
    assert_eq!(storing, [LATEST_DAY_STORED], "{printed:#?}");
    for out in &printed {
        assert!(
            out == LATEST_DAY_STORED
                || out == "ecb: up to date, nothing published after 2024-06-28\n"
                || out.contains(": 0 inserted,"),
            "{out}"
        );
    }
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "ecb"), 30);
    assert_eq!(
        scalar(&mut client, "SELECT count(DISTINCT rate_date) FROM rates"),
        "1"
    );
    let runs = runs(&mut client);
    assert_eq!(runs.len(), 8);
    assert!(runs.iter().all(|run| run.ok), "{runs:#?}");
    assert_eq!(runs.iter().map(|run| run.inserted).sum::<i64>(), 30);
}

#[test]
fn eight_overlapping_backfills_store_each_day_once() {
    let env = Env::with_schema();
    let backfill: &[&str] = &["fetch", "--from", "2024-04-15", "--to", "2024-06-28"];

    let outputs = run_together(&env, &[backfill; 8], &[]);

    assert_all_succeeded(&outputs);
    let printed: Vec<String> = outputs.iter().map(stdout).collect();
    let span = "ecb: 54 days (2024-04-15..2024-06-28), 216 rates: ";
    let first = format!("{span}216 inserted, 0 revised, 0 unchanged\n");
    let again = format!("{span}0 inserted, 0 revised, 216 unchanged\n");
    assert_eq!(
        printed.iter().filter(|out| **out == first).count(),
        1,
        "{printed:#?}"
    );
    assert_eq!(
        printed.iter().filter(|out| **out == again).count(),
        7,
        "{printed:#?}"
    );
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "ecb"), 216);
    assert_eq!(
        scalar(&mut client, "SELECT count(DISTINCT rate_date) FROM rates"),
        "54"
    );
    let runs = runs(&mut client);
    assert_eq!(runs.len(), 8);
    assert_eq!(runs.iter().map(|run| run.inserted).sum::<i64>(), 216);
    assert_eq!(runs.iter().map(|run| run.unchanged).sum::<i64>(), 7 * 216);
}

#[test]
fn overlapping_init_db_fetch_and_clean_runs_all_succeed() {
    let env = Env::with_schema();
    let version = "SELECT max(version) FROM schema_migrations";
    let schema_version = scalar(&mut env.client(), version);
    let mut holder = env.client();
    holder
        .batch_execute(&format!("{LOCK_FETCH}; {LOCK_MAINTENANCE}"))
        .expect("take both locks");
    let (init_db, fetch, clean): (&[&str], &[&str], &[&str]) =
        (&["init-db"], &["fetch"], &["clean", "--older-than", "100y"]);
    let mix = [init_db, fetch, clean, init_db, fetch, clean, init_db, fetch];

    let outputs = std::thread::scope(|scope| {
        let runs = scope.spawn(|| run_together(&env, &mix, &[]));
        wait_for_lock_waiters(&mut holder, 8);
        holder
            .batch_execute("SELECT pg_advisory_unlock_all()")
            .expect("release both locks");
        runs.join().expect("the runs")
    });

    assert_all_succeeded(&outputs);
    for (args, output) in mix.iter().zip(&outputs) {
        if args[0] == "init-db" {
            assert_eq!(
                stdout(output),
                format!(
                    "schema version {schema_version}: already up to date; \
                     fx_rate reads ecb when a call names no source\n"
                )
            );
        }
    }
    let mut client = env.client();
    assert_eq!(scalar(&mut client, version), schema_version);
    assert_eq!(count_rates(&mut client, "ecb"), 30);
    let runs = runs(&mut client);
    let fetches: Vec<&Run> = runs.iter().filter(|run| run.command == "fetch").collect();
    let cleans: Vec<&Run> = runs.iter().filter(|run| run.command == "clean").collect();
    assert_eq!((fetches.len(), cleans.len()), (3, 2), "{runs:#?}");
    assert!(runs.iter().all(|run| run.ok), "{runs:#?}");
    assert_eq!(fetches.iter().map(|run| run.inserted).sum::<i64>(), 30);
}

#[test]
fn a_fetch_gives_up_with_exit_6_when_another_run_holds_the_fetch_lock() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    let mut client = env.client();
    let before = rates_checksum(&mut client);
    let mut holder = env.client();
    holder
        .execute(LOCK_FETCH, &[])
        .expect("take the fetch lock");
    env.requested();

    let started = Instant::now();
    let assert = env
        .fxrates()
        .args(["fetch", "--date", "2024-06-27"])
        .env("FXRATES_LOCK_TIMEOUT", "1s")
        .assert()
        .code(6)
        .stdout("")
        .stderr(
            "error: another fxrates run holds the fetch ecb lock; gave up after waiting 1s \
             (FXRATES_LOCK_TIMEOUT)\n",
        );

    assert!(started.elapsed() >= Duration::from_secs(1), "did not wait");
    assert!(env.requested().is_empty(), "downloaded without the lock");
    assert_eq!(rates_checksum(&mut client), before);
    let recorded = runs(&mut client);
    assert_eq!(
        recorded.last(),
        Some(&Run::failed("fetch", message(&assert.get_output().stderr)))
    );

    // The same run goes through once the lock is free.
    holder
        .batch_execute("SELECT pg_advisory_unlock_all()")
        .expect("release the fetch lock");
    env.fxrates()
        .args(["fetch", "--date", "2024-06-27"])
        .env("FXRATES_LOCK_TIMEOUT", "1s")
        .assert()
        .success()
        .stdout("ecb: 1 day (2024-06-27), 4 rates: 4 inserted, 0 revised, 0 unchanged\n");
}

#[test]
fn clean_and_init_db_give_up_with_exit_6_when_another_run_holds_the_maintenance_lock() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    let mut client = env.client();
    let before = rates_checksum(&mut client);
    let mut holder = env.client();
    holder
        .execute(LOCK_MAINTENANCE, &[])
        .expect("take the maintenance lock");
    let gave_up = "error: another fxrates run holds the maintenance lock; gave up after \
                   waiting 1s (FXRATES_LOCK_TIMEOUT)\n";

    let assert = env
        .fxrates()
        .args(["clean", "--older-than", "1d"])
        .env("FXRATES_LOCK_TIMEOUT", "1s")
        .assert()
        .code(6)
        .stdout("")
        .stderr(gave_up);
    env.fxrates()
        .arg("init-db")
        .env("FXRATES_LOCK_TIMEOUT", "1s")
        .assert()
        .code(6)
        .stdout("")
        .stderr(gave_up);

    assert_eq!(rates_checksum(&mut client), before);
    let recorded = runs(&mut client);
    assert_eq!(
        recorded.last(),
        Some(&Run::failed("clean", message(&assert.get_output().stderr)))
    );
    assert_eq!(recorded.len(), 2, "init-db is not recorded: {recorded:#?}");
}
