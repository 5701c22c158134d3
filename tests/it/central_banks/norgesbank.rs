//! `norgesbank` against a loopback mirror of its API.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, row_versions, stored};

/// Where the mirror serves the `EXR` series.
const SERIES: &str = "/norgesbank/data/EXR/B..NOK.SP";

/// The request target of the days `from` to `to`.
fn range(from: &str, to: &str) -> String {
    format!("{SERIES}?format=csvdata&startPeriod={from}&endPeriod={to}")
}

/// An environment with the schema and the recorded window
/// 2026-03-16..2026-03-24 routed at its exact request.
fn env() -> Env {
    Env::with_schema_answering(
        &range("2026-03-16", "2026-03-24"),
        "norgesbank/EXR-2026-03-16-2026-03-24.csv",
    )
}

/// The recorded window.
const WINDOW: [&str; 4] = ["--from", "2026-03-16", "--to", "2026-03-24"];

#[test]
fn the_recorded_window_is_stored_exactly_without_the_indices() {
    let env = env();
    env.fetch("norgesbank")
        .args(WINDOW)
        .assert()
        .success()
        .stdout("norgesbank: 7 days (2026-03-16..2026-03-24), 252 rates: 252 inserted, 0 updated, 0 unchanged\n")
        .stderr("");

    let request = env.http.recorded().pop().expect("a request");
    assert_eq!(request.target, range("2026-03-16", "2026-03-24"));
    assert_eq!(request.header("accept"), Some("*/*"));
    assert_eq!(env.http.targets().len(), 1);

    let mut client = env.client();
    // 36 currencies on 7 days: every line of the answer but I44's and TWI's.
    assert_eq!(count_rates(&mut client, "norgesbank"), 252);
    for (date, base, expected) in [
        ("2026-03-16", "HUF", "100 HUF NOK 2.8570"),
        ("2026-03-17", "DKK", "100 DKK NOK 148.20"),
        ("2026-03-18", "USD", "1 USD NOK 9.5830"),
        ("2026-03-16", "EUR", "1 EUR NOK 11.1490"),
        ("2026-03-19", "XDR", "1 XDR NOK 13.00820"),
        ("2026-03-16", "IDR", "100 IDR NOK 0.057256"),
        ("2026-03-24", "ISK", "100 ISK NOK 7.80"),
    ] {
        assert_eq!(
            stored(&mut client, "norgesbank", date, base, "NOK"),
            expected,
            "{base} on {date}"
        );
    }
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE base IN ('I44', 'TWI') OR quote <> 'NOK'"
        ),
        "0"
    );
}

#[test]
fn a_rerun_rewrites_no_row() {
    let env = env();
    env.fetch("norgesbank").args(WINDOW).assert().success();
    let mut client = env.client();
    let before = row_versions(&mut client, "norgesbank", None);

    env.fetch("norgesbank")
        .args(WINDOW)
        .assert()
        .success()
        .stdout("norgesbank: 7 days (2026-03-16..2026-03-24), 252 rates: 0 inserted, 0 updated, 252 unchanged\n");
    assert_eq!(
        row_versions(&mut client, "norgesbank", None),
        before,
        "a row was rewritten"
    );
}

#[test]
fn catch_up_asks_only_for_the_days_after_the_newest_stored_one() {
    let env = env();
    env.fetch("norgesbank").args(WINDOW).assert().success();
    let next = range("2026-03-25", "2026-03-27");
    env.http.route_target(
        &next,
        Reply::file("norgesbank/EXR-2026-03-25-2026-03-27.csv"),
    );
    env.requested();

    let out = env
        .run_at("2026-03-27", &["fetch", "--provider", "norgesbank"])
        .expect("catch-up");
    assert_eq!(
        out,
        "norgesbank: 2 days (2026-03-25..2026-03-26), 6 rates: 6 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(env.http.targets().last(), Some(&next));
    assert_eq!(env.requested().len(), 1);
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "norgesbank"), 252 + 6);
    assert_eq!(
        stored(&mut client, "norgesbank", "2026-03-25", "EUR", "NOK"),
        "1 EUR NOK 11.2150"
    );
    assert_eq!(
        stored(&mut client, "norgesbank", "2026-03-26", "HUF", "NOK"),
        "100 HUF NOK 2.8791"
    );
}

#[test]
fn the_no_results_answer_of_a_weekend_stores_nothing_and_succeeds() {
    let env = env();
    // SDMX REST answers a query without observations with 404.
    env.http.route_target(
        &range("2026-03-21", "2026-03-22"),
        Reply::Body {
            status: 404,
            content_type: "text/plain; charset=utf-8",
            body: b"NoResultsFound".to_vec(),
        },
    );
    env.fetch("norgesbank")
        .args(["--from", "2026-03-21", "--to", "2026-03-22"])
        .assert()
        .success()
        .stdout("norgesbank: no rates published from 2026-03-21 to 2026-03-22; nothing stored\n")
        .stderr("");
    env.fetch("norgesbank")
        .args(["--date", "2026-03-21"])
        .assert()
        .success();
    assert_eq!(
        env.http.targets(),
        [
            range("2026-03-21", "2026-03-22"),
            range("2026-03-21", "2026-03-21")
        ]
    );
    assert_eq!(count_rates(&mut env.client(), "norgesbank"), 0);
}

#[test]
fn symbols_keep_only_the_currencies_asked_for() {
    let env = env();
    env.fetch("norgesbank")
        .args(WINDOW)
        .args(["--symbols", "USD,XDR"])
        .assert()
        .success()
        .stdout("norgesbank: 7 days (2026-03-16..2026-03-24), 14 rates: 14 inserted, 0 updated, 0 unchanged\n");
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(DISTINCT base, ',') FROM rates"
        ),
        "USD,XDR"
    );
}

#[test]
fn the_first_fetch_stores_the_newest_day_of_the_latest_answer() {
    let env = Env::with_schema_answering(
        &format!("{SERIES}?format=csvdata&lastNObservations=1"),
        "norgesbank/EXR-latest.csv",
    );
    let out = env
        .run_at("2026-03-24", &["fetch", "--provider", "norgesbank"])
        .expect("latest");
    // RUB's last observation, from 2022, is not the latest day.
    assert_eq!(
        out,
        "norgesbank: 1 day (2026-03-24), 4 rates: 4 inserted, 0 updated, 0 unchanged"
    );
    let mut client = env.client();
    assert_eq!(
        stored(&mut client, "norgesbank", "2026-03-24", "XDR", "NOK"),
        "1 XDR NOK 13.22710"
    );
    assert_eq!(count_rates(&mut client, "norgesbank"), 4);
}

#[test]
fn long_ranges_are_asked_for_at_most_366_days_at_a_time() {
    let env = Env::with_schema();
    // Nothing routed: every span answers 404, nothing published.
    env.fetch("norgesbank")
        .args(["--from", "2024-01-01", "--to", "2025-03-31"])
        .assert()
        .success();
    assert_eq!(
        env.http.targets(),
        [
            range("2024-01-01", "2024-12-31"),
            range("2025-01-01", "2025-03-31")
        ]
    );
}
