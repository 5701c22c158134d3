//! `boc` against a loopback mirror of its API: the Valet's daily group,
//! one request per range, `1 ISO = v CAD` stored as printed.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, rates_checksum, row_versions, stored};

const GROUP: &str = "/boc/observations/group/FX_RATES_DAILY/json";

/// The target (path and query) of a request for `query`.
fn target(query: &str) -> String {
    format!("{GROUP}?{query}")
}

/// An environment with the schema and the recorded week answering its range.
fn env() -> Env {
    Env::with_schema_answering(
        &target("start_date=2026-03-12&end_date=2026-03-18"),
        "boc/2026-03-12-2026-03-18.json",
    )
}

const WINDOW: [&str; 4] = ["--from", "2026-03-12", "--to", "2026-03-18"];

#[test]
fn the_recorded_week_is_stored_exactly_as_printed() {
    let env = env();
    env.fetch("boc")
        .args(WINDOW)
        .assert()
        .success()
        .stdout("boc: 5 days (2026-03-12..2026-03-18), 115 rates: 115 inserted, 0 updated, 0 unchanged\n")
        .stderr("");

    let request = env.http.recorded().pop().expect("a request");
    assert_eq!(
        request.target,
        target("start_date=2026-03-12&end_date=2026-03-18")
    );
    assert_eq!(request.header("accept"), Some("*/*"));
    assert_eq!(env.requested(), [GROUP]);

    // 5 observations of 23 series each; FXMYRCAD, FXTHBCAD and FXVNDCAD are
    // listed in seriesDetail without a value in the week.
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "boc"), 115);
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE quote <> 'CAD' OR unit <> 1 \
             OR base IN ('MYR', 'THB', 'VND')"
        ),
        "0"
    );
    for (day, base, expected) in [
        ("2026-03-12", "USD", "1 USD CAD 1.3617"),
        ("2026-03-12", "JPY", "1 JPY CAD 0.008550"),
        ("2026-03-12", "IDR", "1 IDR CAD 0.000081"),
        ("2026-03-13", "HKD", "1 HKD CAD 0.1752"),
        ("2026-03-16", "TRY", "1 TRY CAD 0.03100"),
        ("2026-03-18", "USD", "1 USD CAD 1.3706"),
        ("2026-03-18", "GBP", "1 GBP CAD 1.8258"),
    ] {
        assert_eq!(
            stored(&mut client, "boc", day, base, "CAD"),
            expected,
            "{day} {base}"
        );
    }
}

#[test]
fn a_rerun_rewrites_nothing() {
    let env = env();
    env.fetch("boc").args(WINDOW).assert().success();
    let mut client = env.client();
    let before = row_versions(&mut client, "boc", None);
    let checksum = rates_checksum(&mut client);
    env.fetch("boc").args(WINDOW).assert().success().stdout(
        "boc: 5 days (2026-03-12..2026-03-18), 115 rates: 0 inserted, 0 updated, 115 unchanged\n",
    );
    assert_eq!(
        row_versions(&mut client, "boc", None),
        before,
        "a row was rewritten"
    );
    assert_eq!(rates_checksum(&mut client), checksum);
}

#[test]
fn a_catch_up_asks_only_for_the_days_after_the_newest_stored_one() {
    let env = env();
    env.fetch("boc").args(WINDOW).assert().success();
    let later = target("start_date=2026-03-19&end_date=2026-03-20");
    env.http
        .route_target(&later, Reply::file("boc/2026-03-19-2026-03-20.json"));
    env.http.take_requests();

    let out = env
        .run_at("2026-03-20", &["fetch", "--provider", "boc"])
        .expect("catch-up");
    assert_eq!(
        out,
        "boc: 2 days (2026-03-19..2026-03-20), 6 rates: 6 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(env.http.targets().last(), Some(&later));
    assert_eq!(count_rates(&mut env.client(), "boc"), 121);
    assert_eq!(
        stored(&mut env.client(), "boc", "2026-03-20", "JPY", "CAD"),
        "1 JPY CAD 0.008610"
    );
}

#[test]
fn the_first_run_takes_the_latest_day() {
    let env = Env::with_schema();
    let latest = target("recent=1");
    env.http.route_target(
        &latest,
        Reply::ok_json(
            r#"{"groupDetail":{"label":"Daily exchange rates"},"seriesDetail":{"FXUSDCAD":{"label":"USD/CAD"}},"observations":[{"d":"2026-03-18","FXUSDCAD":{"v":"1.3706"}}]}"#,
        ),
    );
    env.fetch("boc")
        .assert()
        .success()
        .stdout("boc: 1 day (2026-03-18), 1 rate: 1 inserted, 0 updated, 0 unchanged\n");
    assert_eq!(env.http.targets(), [latest]);
}

#[test]
fn an_empty_observations_array_is_nothing_published() {
    let env = Env::with_schema();
    let weekend = target("start_date=2026-03-14&end_date=2026-03-15");
    env.http
        .route_target(&weekend, Reply::file("boc/no-observations.json"));
    env.fetch("boc")
        .args(["--from", "2026-03-14", "--to", "2026-03-15"])
        .assert()
        .success()
        .stdout("boc: no rates published from 2026-03-14 to 2026-03-15; nothing stored\n")
        .stderr("");
    assert_eq!(env.http.targets(), [weekend]);
    assert_eq!(count_rates(&mut env.client(), "boc"), 0);
}

#[test]
fn symbols_keep_only_the_currencies_asked_for() {
    let env = env();
    env.fetch("boc")
        .args(WINDOW)
        .args(["--symbols", "USD,JPY"])
        .assert()
        .success()
        .stdout(
            "boc: 5 days (2026-03-12..2026-03-18), 10 rates: 10 inserted, 0 updated, 0 unchanged\n",
        );
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(DISTINCT base, ',' ORDER BY base) FROM rates"
        ),
        "JPY,USD"
    );
}
