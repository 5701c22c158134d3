//! Transient HTTP failures (connection errors, timeouts, 5xx, 429) are
//! retried with exponential backoff or as `Retry-After` asks; other failures
//! are final at once; and a run ends in bounded time whatever the server does.

use std::time::{Duration, Instant};

use predicates::prelude::*;
use predicates::str::contains;

use crate::common::env::{DAILY, Env};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, rates_checksum};
use crate::unattended::{LATEST_DAY_STORED, Run, message, raw, runs, unavailable};

#[test]
fn two_503s_are_retried_with_exponential_backoff_and_the_fetch_succeeds() {
    let env = Env::with_schema();
    env.http.route_sequence(
        DAILY,
        vec![
            Reply::status(503),
            Reply::status(503),
            Reply::file("ecb/eurofxref-daily.xml"),
        ],
    );
    env.requested();

    let started = Instant::now();
    env.fxrates()
        .arg("fetch")
        .env("FXRATES_HTTP_RETRIES", "3")
        .assert()
        .success()
        .stdout(LATEST_DAY_STORED)
        .stderr(contains("HTTP 503 Service Unavailable; retry 1 of 3 in 1s"))
        .stderr(contains("HTTP 503 Service Unavailable; retry 2 of 3 in 2s"));

    // 1 s before the second attempt, 2 s before the third.
    assert!(started.elapsed() >= Duration::from_secs(3), "no backoff");
    assert_eq!(env.requested(), [DAILY, DAILY, DAILY]);
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "ecb"), 30);
    assert_eq!(runs(&mut client), [Run::fetched(1, 30, 0, 0)]);
}

#[test]
fn a_429_waits_as_long_as_retry_after_asks_and_then_succeeds() {
    let env = Env::with_schema();
    env.http.route_sequence(
        DAILY,
        vec![
            raw("429 Too Many Requests", &[("Retry-After", "1")]),
            Reply::file("ecb/eurofxref-daily.xml"),
        ],
    );
    env.requested();

    let started = Instant::now();
    env.fxrates()
        .arg("fetch")
        .env("FXRATES_HTTP_RETRIES", "3")
        .assert()
        .success()
        .stdout(LATEST_DAY_STORED)
        .stderr(contains("HTTP 429 Too Many Requests; retry 1 of 3 in 1s"));

    assert!(started.elapsed() >= Duration::from_secs(1), "no pause");
    assert_eq!(env.requested(), [DAILY, DAILY]);
    assert_eq!(count_rates(&mut env.client(), "ecb"), 30);
}

#[test]
fn a_503_that_never_heals_fails_after_the_last_attempt_and_stores_nothing() {
    let env = Env::with_schema();
    // Retry-After: 0 keeps this test fast and shows the header wins over the
    // backoff, which would pause 1 + 2 + 4 s.
    env.http.route(DAILY, unavailable(0));
    env.requested();

    let started = Instant::now();
    let assert = env
        .fxrates()
        .args(["fetch", "--quiet"])
        .env("FXRATES_HTTP_RETRIES", "3")
        .assert()
        .code(3)
        .stdout("")
        .stderr(format!(
            "error: fetching ecb rates: {}: HTTP 503 Service Unavailable (after 4 attempts)\n",
            env.http.url(DAILY)
        ));

    assert!(
        started.elapsed() < Duration::from_secs(5),
        "Retry-After: 0 was not honoured ({:?})",
        started.elapsed()
    );
    assert_eq!(env.requested(), [DAILY, DAILY, DAILY, DAILY]);
    let mut client = env.client();
    assert_eq!(rates_checksum(&mut client), "0:");
    assert_eq!(
        runs(&mut client),
        [Run::failed("fetch", message(&assert.get_output().stderr))]
    );
}

#[test]
fn without_retries_a_failure_does_not_claim_after_1_attempts() {
    let env = Env::with_schema();
    env.http.route(DAILY, Reply::status(503));

    env.fxrates()
        .args(["fetch", "--quiet"])
        .assert()
        .code(3)
        .stderr(format!(
            "error: fetching ecb rates: {}: HTTP 503 Service Unavailable\n",
            env.http.url(DAILY)
        ));
}

#[test]
fn a_404_is_not_retried() {
    let env = Env::with_schema();
    env.http.route(DAILY, Reply::status(404));
    env.requested();

    env.fxrates()
        .args(["fetch", "--quiet"])
        .env("FXRATES_HTTP_RETRIES", "3")
        .assert()
        .code(3)
        .stderr(format!(
            "error: fetching ecb rates: {}: HTTP 404 Not Found\n",
            env.http.url(DAILY)
        ));

    assert_eq!(env.requested(), [DAILY]);
    assert_eq!(rates_checksum(&mut env.client()), "0:");
}

#[test]
fn an_html_page_served_with_200_is_invalid_data_and_not_retried() {
    let env = Env::with_schema();
    env.http.route(DAILY, Reply::html_200());
    env.requested();

    env.fxrates()
        .arg("fetch")
        .env("FXRATES_HTTP_RETRIES", "3")
        .assert()
        .code(4)
        .stderr(contains(env.http.url(DAILY)))
        .stderr(contains("the root element is <html>"))
        .stderr(contains("retry").not());

    assert_eq!(env.requested(), [DAILY]);
    assert_eq!(rates_checksum(&mut env.client()), "0:");
}

#[test]
fn a_hanging_server_is_given_up_on_in_bounded_time() {
    let env = Env::with_schema();
    env.http.route(DAILY, Reply::Hang);
    env.requested();

    let started = Instant::now();
    env.fxrates()
        .args(["fetch", "--quiet"])
        .env("FXRATES_HTTP_TIMEOUT", "1s")
        .env("FXRATES_HTTP_RETRIES", "1")
        .assert()
        .code(3)
        .stderr(format!(
            "error: fetching ecb rates: {}: timed out (after 2 attempts)\n",
            env.http.url(DAILY)
        ));
    let elapsed = started.elapsed();

    // Two attempts of at most 1 s each and a 1 s pause between them, plus
    // room for starting the process and connecting to the database.
    let (attempts, timeout, backoff, margin) = (2, 1, 1, 3);
    assert!(
        elapsed < Duration::from_secs(attempts * timeout + backoff + margin),
        "took {elapsed:?}"
    );
    assert!(
        elapsed >= Duration::from_millis(2500),
        "took only {elapsed:?}"
    );
    assert_eq!(env.requested(), [DAILY, DAILY]);
    assert_eq!(rates_checksum(&mut env.client()), "0:");
}
