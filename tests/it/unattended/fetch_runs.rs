//! The `fetch_runs` audit trail: one row per `fetch` and `clean`, failures
//! with their one-line error, dry runs not at all; `clean` prunes it.
use crate::common::env::{DAILY, Env, HISTORY, day};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, rates_checksum};
use crate::unattended::{Run, message, runs, store_rate};

#[test]
fn successful_fetches_are_recorded_with_their_figures() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    env.fxrates()
        .args(["fetch", "--from", "2024-06-24", "--to", "2024-06-28"])
        .assert()
        .success()
        .stdout(
            "ecb: 5 days (2024-06-24..2024-06-28), 20 rates: 16 inserted, 0 revised, 4 unchanged\n",
        );
    env.fxrates()
        .args(["fetch", "--date", "2024-06-29"])
        .assert()
        .success();

    assert_eq!(
        runs(&mut env.client()),
        [
            Run::fetched(1, 30, 0, 0),
            Run::fetched(5, 16, 0, 4),
            // A day without publication is a success that stored nothing.
            Run::fetched(0, 0, 0, 0),
        ]
    );
}

#[test]
fn a_failed_fetch_is_recorded_with_its_error_and_changes_no_rate() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    let mut client = env.client();
    let before = rates_checksum(&mut client);
    env.http.route(HISTORY, Reply::status(500));

    let assert = env
        .fxrates()
        .args(["fetch", "--date", "2024-06-27"])
        .assert()
        .code(3)
        .stderr(format!(
            "error: fetching ecb rates: {}: HTTP 500 Internal Server Error\n",
            env.http.url(HISTORY)
        ));

    assert_eq!(rates_checksum(&mut client), before);
    assert_eq!(
        runs(&mut client),
        [
            Run::fetched(1, 30, 0, 0),
            Run::failed("fetch", message(&assert.get_output().stderr)),
        ]
    );
}

#[test]
fn dry_runs_are_not_recorded() {
    let env = Env::with_schema();
    env.fxrates()
        .args(["fetch", "--dry-run"])
        .assert()
        .success();
    env.fxrates()
        .args(["clean", "--older-than", "1d", "--dry-run"])
        .assert()
        .success();
    env.http.route(DAILY, Reply::status(500));
    env.fxrates().args(["fetch", "--dry-run"]).assert().code(3);

    assert_eq!(runs(&mut env.client()), []);
}

#[test]
fn clean_records_what_it_deleted_and_prunes_runs_as_old_as_the_rates() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    let mut client = env.client();
    store_rate(&mut client, day("2024-07-01"));
    client
        .batch_execute(
            "INSERT INTO fetch_runs (command, provider, started_at, finished_at, ok, error)
             VALUES ('fetch', 'ecb', '2000-01-03 16:30Z', '2000-01-03 16:30Z', false, 'long ago')",
        )
        .expect("insert an old run");

    let summary = env
        .run_at("2024-07-01", &["clean", "--older-than", "1d"])
        .expect("clean");
    assert_eq!(
        summary,
        "deleted 30 rates dated before 2024-06-30 (older than 1d) and 1 fetch_runs row"
    );

    assert_eq!(count_rates(&mut client, "ecb"), 1);
    assert_eq!(
        runs(&mut client),
        [Run::fetched(1, 30, 0, 0), Run::cleaned(30)]
    );
}
