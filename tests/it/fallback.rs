//! Several providers: tried in order until one serves; the summary says who
//! served and why the others failed, every provider tried is recorded in
//! `fetch_runs`, `status` still reports the failed one, and when all fail
//! the one error line names each of them.

use crate::common::env::{DAILY, Env, FRANKFURTER, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, rates_checksum};

/// The mirror path of Frankfurter's latest day.
pub(crate) fn latest() -> String {
    format!("{FRANKFURTER}/latest")
}

/// An environment with the schema and Frankfurter's latest day routed.
pub(crate) fn env() -> Env {
    let env = Env::with_schema();
    env.http
        .route(&latest(), Reply::file("frankfurter/latest.json"));
    env.requested();
    env
}

#[test]
fn the_first_provider_that_serves_is_the_only_one_asked() {
    let env = env();
    env.fxrates()
        .args(["fetch", "--provider", "ecb,frankfurter"])
        .assert()
        .success()
        .stdout("ecb: 1 day (2024-06-28), 30 rates: 30 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(env.requested(), [DAILY]);
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(provider || ' ' || ok, ',' ORDER BY id) FROM fetch_runs"
        ),
        "ecb true"
    );
}

#[test]
fn when_the_first_provider_is_down_the_second_serves_and_says_why() {
    let env = env();
    env.http.route(DAILY, Reply::status(503));
    let daily = env.http.url(DAILY);
    env.fxrates()
        .args(["fetch", "--provider", "ecb,frankfurter"])
        .assert()
        .success()
        .stdout(format!(
            "frankfurter: 1 day (2024-06-28), 30 rates: 30 inserted, 0 revised, 0 unchanged \
             (ecb failed: {daily}: HTTP 503 Service Unavailable)\n"
        ))
        .stderr("");
    assert_eq!(env.requested(), [DAILY.to_owned(), latest()]);

    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "frankfurter"), 30);
    assert_eq!(count_rates(&mut client, "ecb"), 0);
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(provider || ' ' || ok || ' ' || days || ' ' || coalesce(error, '-'), ' | ' ORDER BY id) FROM fetch_runs"
        ),
        format!(
            "ecb false 0 fetching ecb rates: {daily}: HTTP 503 Service Unavailable | frankfurter true 1 -"
        )
    );

    // The source that failed still shows in status, which pages for it.
    env.fxrates()
        .args(["status", "--max-age", "100000d"])
        .assert()
        .code(7)
        .stderr(predicates::str::contains("ecb: last fetch failed at"))
        .stderr(predicates::str::contains(format!(
            "fetching ecb rates: {daily}: HTTP 503 Service Unavailable"
        )));
}

#[test]
fn fallback_is_logged_with_verbose() {
    let env = env();
    env.http.route(DAILY, Reply::html_200());
    let output = env
        .fxrates()
        .args(["-v", "fetch", "--provider", "ecb,frankfurter"])
        .output()
        .expect("fxrates runs");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ecb failed: ") && stderr.contains("frankfurter served after ecb: "),
        "{stderr}"
    );
}

#[test]
fn when_every_provider_fails_one_line_names_each_and_nothing_changes() {
    let env = env();
    env.fxrates().arg("fetch").assert().success();
    let mut client = env.client();
    let before = rates_checksum(&mut client);
    env.http.route(DAILY, Reply::html_200());
    env.http.route(&latest(), Reply::status(503));
    let latest_url = env.http.url(&latest());

    // Catch-up for frankfurter, whose table is empty, asks for its latest day;
    // the ECB's for the days after 2024-06-28, in its history file.
    let output = env
        .fxrates()
        .args(["fetch", "--provider", "frankfurter,ecb"])
        .env("FXRATES_ECB_URL", env.http.url("/down"))
        .output()
        .expect("fxrates runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(output.stdout.is_empty());
    let down = env.http.url("/down/eurofxref-hist.xml");
    assert_eq!(
        stderr,
        format!(
            "error: every provider failed: frankfurter: {latest_url}: HTTP 503 Service Unavailable; \
             ecb: {down}: HTTP 404 Not Found\n"
        )
    );
    assert_eq!(rates_checksum(&mut client), before, "the table changed");
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(provider || ' ' || ok, ',' ORDER BY id) FROM fetch_runs"
        ),
        "ecb true,frankfurter false,ecb false"
    );
}

#[test]
fn the_exit_code_is_that_of_the_last_provider_tried() {
    let env = env();
    env.http.route(DAILY, Reply::html_200());
    env.http.route(&latest(), Reply::status(503));
    let daily = env.http.url(DAILY);
    let latest_url = env.http.url(&latest());

    env.fxrates()
        .args(["fetch", "--provider", "ecb,frankfurter"])
        .assert()
        .code(3)
        .stderr(predicates::str::starts_with(format!(
            "error: every provider failed: ecb: {daily}: not an ECB reference-rate document"
        )))
        .stderr(predicates::str::ends_with(format!(
            "; frankfurter: {latest_url}: HTTP 503 Service Unavailable\n"
        )));
    env.fxrates()
        .args(["fetch", "--provider", "frankfurter,ecb"])
        .assert()
        .code(4)
        .stderr(predicates::str::starts_with(format!(
            "error: every provider failed: frankfurter: {latest_url}: HTTP 503 Service Unavailable; ecb: {daily}: "
        )));
    assert_eq!(count_rates(&mut env.client(), "ecb"), 0);
}

#[test]
fn a_dry_run_falls_back_too_and_records_nothing() {
    let env = env();
    env.http.route(DAILY, Reply::status(500));
    let output = env
        .fxrates()
        .args([
            "fetch",
            "--provider",
            "ecb,frankfurter",
            "--dry-run",
            "--symbols",
            "USD",
        ])
        .output()
        .expect("fxrates runs");
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout,
        format!(
            "frankfurter\t2024-06-28\tEUR\tUSD\t1\t1.0705\tmid\n\
             dry run: frankfurter: 1 day (2024-06-28), 1 rate: would insert 1, revise 0, leave 0 unchanged; nothing written \
             (ecb failed: {}: HTTP 500 Internal Server Error)\n",
            env.http.url(DAILY)
        )
    );
    let mut client = env.client();
    assert_eq!(scalar(&mut client, "SELECT count(*) FROM rates"), "0");
    assert_eq!(scalar(&mut client, "SELECT count(*) FROM fetch_runs"), "0");
}

#[test]
fn a_database_failure_does_not_fall_back() {
    let env = Env::new();
    env.http
        .route(&latest(), Reply::file("frankfurter/latest.json"));
    env.fxrates()
        .args(["fetch", "--provider", "ecb,frankfurter"])
        .assert()
        .code(5)
        .stderr("error: the database has no fxrates schema: run `fxrates init-db` first\n");
    assert!(env.requested().is_empty());
}
