//! `boi` against a loopback mirror of its SDMX REST service: the
//! representative rates of the `EXR` dataflow in SDMX-CSV, at most 366
//! days per request, each value stored as the service gives it, and HTTP
//! 404 or a bare header for a window without publication.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, row_versions, stored};

/// Where the mirror serves the dataflow.
const DATAFLOW: &str = "/boi/data/dataflow/BOI.STATISTICS/EXR/1.0/";

/// The request target of the days `from` to `to`.
fn range(from: &str, to: &str) -> String {
    format!("{DATAFLOW}?c%5BDATA_TYPE%5D=OF00&startperiod={from}&endperiod={to}&format=csv")
}

/// An environment with the schema and the recorded window
/// 2026-03-01..2026-03-20 routed at its exact request.
fn env() -> Env {
    Env::with_schema_answering(
        &range("2026-03-01", "2026-03-20"),
        "boi/EXR-OF00-2026-03-01-2026-03-20.csv",
    )
}

const WINDOW: [&str; 4] = ["--from", "2026-03-01", "--to", "2026-03-20"];

#[test]
fn the_recorded_window_is_stored_exactly_as_given() {
    let env = env();
    env.fetch("boi")
        .args(WINDOW)
        .assert()
        .success()
        .stdout(
            "boi: 3 days (2026-03-02..2026-03-06), 28 rates: 28 inserted, 0 updated, 0 unchanged\n",
        )
        .stderr("");

    let request = env.http.recorded().pop().expect("a request");
    assert_eq!(request.target, range("2026-03-01", "2026-03-20"));
    assert_eq!(request.method, "GET");
    assert_eq!(request.header("accept"), Some("*/*"));
    assert_eq!(env.http.targets().len(), 1);

    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "boi"), 28);
    for (date, base, expected) in [
        ("2026-03-02", "USD", "1 USD ILS 3.073"),
        ("2026-03-02", "EUR", "1 EUR ILS 3.5601"),
        ("2026-03-05", "EUR", "1 EUR ILS 3.544"),
        ("2026-03-06", "JPY", "100 JPY ILS 1.966"),
        ("2026-03-02", "LBP", "10 LBP ILS 0.0003"),
        ("2026-03-02", "ZAR", "1 ZAR ILS 0.1813"),
    ] {
        assert_eq!(
            stored(&mut client, "boi", date, base, "ILS"),
            expected,
            "{base} on {date}"
        );
    }
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE quote <> 'ILS'"
        ),
        "0"
    );
}

#[test]
fn a_rerun_rewrites_no_row() {
    let env = env();
    env.fetch("boi").args(WINDOW).assert().success();
    let mut client = env.client();
    let before = row_versions(&mut client, "boi", None);
    env.fetch("boi").args(WINDOW).assert().success().stdout(
        "boi: 3 days (2026-03-02..2026-03-06), 28 rates: 0 inserted, 0 updated, 28 unchanged\n",
    );
    assert_eq!(
        row_versions(&mut client, "boi", None),
        before,
        "a row was rewritten"
    );
}

#[test]
fn catch_up_asks_only_for_the_days_after_the_newest_stored_one() {
    let env = env();
    env.fetch("boi").args(WINDOW).assert().success();
    // The newest day stored is the 6th.
    let next = range("2026-03-07", "2026-03-24");
    env.http
        .route_target(&next, Reply::file("boi/EXR-OF00-2026-03-07-2026-03-24.csv"));
    env.requested();

    let out = env
        .run_at("2026-03-24", &["fetch", "--provider", "boi"])
        .expect("catch-up");
    assert_eq!(
        out,
        "boi: 2 days (2026-03-23..2026-03-24), 6 rates: 6 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(env.http.targets().last(), Some(&next));
    assert_eq!(env.requested().len(), 1);
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "boi"), 28 + 6);
    assert_eq!(
        stored(&mut client, "boi", "2026-03-24", "EUR", "ILS"),
        "1 EUR ILS 3.589"
    );
}

#[test]
fn no_results_and_a_bare_header_are_nothing_published() {
    let env = env();
    env.http.route_target(
        &range("2026-03-07", "2026-03-08"),
        Reply::Body {
            status: 404,
            content_type: "text/plain; charset=utf-8",
            body: b"NoResultsFound".to_vec(),
        },
    );
    let header = crate::common::env::fixture("boi/EXR-OF00-2026-03-01-2026-03-20.csv");
    let header = header.lines().next().expect("a header");
    env.http.route_target(
        &range("2026-03-14", "2026-03-15"),
        Reply::Body {
            status: 200,
            content_type: "text/csv; charset=utf-8",
            body: format!("{header}\n").into_bytes(),
        },
    );
    for (from, to) in [("2026-03-07", "2026-03-08"), ("2026-03-14", "2026-03-15")] {
        env.fetch("boi")
            .args(["--from", from, "--to", to])
            .assert()
            .success()
            .stdout(format!(
                "boi: no rates published from {from} to {to}; nothing stored\n"
            ))
            .stderr("");
    }
    assert_eq!(
        env.http.targets(),
        [
            range("2026-03-07", "2026-03-08"),
            range("2026-03-14", "2026-03-15")
        ]
    );
    assert_eq!(count_rates(&mut env.client(), "boi"), 0);
}

#[test]
fn symbols_keep_only_the_currencies_asked_for() {
    let env = env();
    env.fetch("boi")
        .args(WINDOW)
        .args(["--symbols", "USD,JPY"])
        .assert()
        .success()
        .stdout(
            "boi: 3 days (2026-03-02..2026-03-06), 6 rates: 6 inserted, 0 updated, 0 unchanged\n",
        );
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(DISTINCT base, ',') FROM rates"
        ),
        "JPY,USD"
    );
}

#[test]
fn the_first_fetch_stores_the_newest_day_of_the_last_two_weeks() {
    let env = Env::with_schema_answering(
        &range("2026-02-24", "2026-03-10"),
        "boi/EXR-OF00-2026-03-01-2026-03-20.csv",
    );
    let out = env
        .run_at("2026-03-10", &["fetch", "--provider", "boi"])
        .expect("latest");
    assert_eq!(
        out,
        "boi: 1 day (2026-03-06), 7 rates: 7 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(
        stored(&mut env.client(), "boi", "2026-03-06", "USD", "ILS"),
        "1 USD ILS 3.077"
    );
}

#[test]
fn long_ranges_are_asked_for_at_most_366_days_at_a_time() {
    let env = Env::with_schema();
    // Nothing routed: every span answers 404, nothing published.
    env.fetch("boi")
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
