//! `rba` against a loopback mirror of the Reserve Bank of Australia: one
//! CSV file (table F11.1) holding every day since 2023, of which a fetch
//! keeps the days asked for; each column mapped by its series id, stored
//! as `1 AUD = value currency` with the printed digits.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, row_versions, stored};

/// Where the mirror serves the file.
const FILE: &str = "/rba/statistics/tables/csv/f11.1-data.csv";

/// An environment with the schema and the recorded file (2023-01-03 to
/// 2026-03-20).
fn env() -> Env {
    let env = Env::with_schema();
    env.http.route(FILE, Reply::file("rba/f11.1-data.csv"));
    env
}

const WEEK: [&str; 4] = ["--from", "2026-03-16", "--to", "2026-03-20"];

#[test]
fn the_week_asked_for_is_stored_exactly_from_the_whole_file() {
    let env = env();
    env.fetch("rba")
        .args(WEEK)
        .assert()
        .success()
        .stdout("rba: 5 days (2026-03-16..2026-03-20), 100 rates: 100 inserted, 0 updated, 0 unchanged\n")
        .stderr("");

    let request = env.http.recorded().pop().expect("a request");
    assert_eq!(request.target, FILE);
    assert_eq!(request.header("accept"), Some("*/*"));
    assert_eq!(env.requested(), [FILE]);

    let mut client = env.client();
    // 20 currencies a day: the index (TWI) is skipped, AED and ZAR are empty.
    assert_eq!(count_rates(&mut client, "rba"), 100);
    for (date, quote, expected) in [
        ("2026-03-16", "USD", "1 AUD USD 0.7007"),
        ("2026-03-17", "JPY", "1 AUD JPY 112.65"),
        ("2026-03-18", "IDR", "1 AUD IDR 12085"),
        ("2026-03-19", "XDR", "1 AUD XDR 0.5167"),
        ("2026-03-20", "KRW", "1 AUD KRW 1061.60"),
        ("2026-03-20", "MYR", "1 AUD MYR 2.7900"),
        ("2026-03-20", "PGK", "1 AUD PGK 3.0565"),
        ("2026-03-20", "AED", "NULL"),
    ] {
        assert_eq!(
            stored(&mut client, "rba", date, "AUD", quote),
            expected,
            "{quote} on {date}"
        );
    }
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE base <> 'AUD' OR unit <> 1 OR quote = 'TWI'"
        ),
        "0"
    );
}

#[test]
fn a_rerun_rewrites_no_row() {
    let env = env();
    env.fetch("rba").args(WEEK).assert().success();
    let mut client = env.client();
    let before = row_versions(&mut client, "rba", None);
    env.fetch("rba").args(WEEK).assert().success().stdout(
        "rba: 5 days (2026-03-16..2026-03-20), 100 rates: 0 inserted, 0 updated, 100 unchanged\n",
    );
    assert_eq!(
        row_versions(&mut client, "rba", None),
        before,
        "a row was rewritten"
    );
}

#[test]
fn catch_up_stores_only_the_days_after_the_newest_stored_one() {
    let env = env();
    env.fetch("rba")
        .args(["--from", "2026-03-16", "--to", "2026-03-18"])
        .assert()
        .success();
    env.requested();
    let out = env
        .run_at("2026-03-23", &["fetch", "--provider", "rba"])
        .expect("catch-up");
    assert_eq!(
        out,
        "rba: 2 days (2026-03-19..2026-03-20), 40 rates: 40 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(env.requested(), [FILE]);
    assert_eq!(count_rates(&mut env.client(), "rba"), 100);
}

#[test]
fn the_first_fetch_stores_the_newest_day_of_the_file() {
    let env = env();
    let out = env
        .run_at("2026-03-21", &["fetch", "--provider", "rba"])
        .expect("latest");
    assert_eq!(
        out,
        "rba: 1 day (2026-03-20), 20 rates: 20 inserted, 0 updated, 0 unchanged"
    );
}

#[test]
fn a_backfill_of_the_whole_file_is_one_request() {
    let env = env();
    env.fetch("rba")
        .args(["--from", "2023-01-03", "--to", "2026-03-20"])
        .assert()
        .success()
        .stdout("rba: 808 days (2023-01-03..2026-03-20), 14896 rates: 14896 inserted, 0 updated, 0 unchanged\n");
    assert_eq!(env.requested(), [FILE]);
}

/// A file holding none of the days asked for (a weekend, the days after its
/// newest) is "nothing published"; the file's header alone is too. The days
/// before the file are before the provider's first day: a usage error.
#[test]
fn days_the_file_does_not_hold_are_nothing_published() {
    let env = env();
    env.fetch("rba")
        .args(["--date", "2026-03-21"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with(
            "rba: no rates published for 2026-03-21 (a Saturday",
        ))
        .stderr("");
    env.fetch("rba")
        .args(["--from", "2026-03-23", "--to", "2026-03-24"])
        .assert()
        .success()
        .stdout("rba: no rates published from 2026-03-23 to 2026-03-24; nothing stored\n");
    env.fetch("rba")
        .args(["--from", "2021-01-01", "--to", "2022-12-31"])
        .assert()
        .code(2)
        .stderr("error: --from 2021-01-01 is before 2023-01-03, the first day of rba's rates\n");
    let header_only = crate::common::env::fixture("rba/f11.1-data.csv")
        .lines()
        .take(11)
        .map(|line| format!("{line}\n"))
        .collect::<String>();
    env.http.route(
        FILE,
        Reply::Body {
            status: 200,
            content_type: "application/octet-stream",
            body: header_only.into_bytes(),
        },
    );
    env.fetch("rba")
        .args(WEEK)
        .assert()
        .success()
        .stdout("rba: no rates published from 2026-03-16 to 2026-03-20; nothing stored\n");
    // The latest day of a file without any is not "nothing": it is refused.
    env.fetch("rba")
        .assert()
        .code(4)
        .stderr(predicates::str::contains("the file holds no day of rates"));
    assert_eq!(count_rates(&mut env.client(), "rba"), 0);
}

#[test]
fn symbols_keep_only_the_currencies_asked_for() {
    let env = env();
    env.fetch("rba")
        .args(WEEK)
        .args(["--symbols", "USD,XDR"])
        .assert()
        .success()
        .stdout(
            "rba: 5 days (2026-03-16..2026-03-20), 10 rates: 10 inserted, 0 updated, 0 unchanged\n",
        );
    // CAD has no value in the first days of 2023, and none is stored.
    env.fetch("rba")
        .args(["--symbols", "CAD", "--date", "2023-01-03"])
        .assert()
        .code(2)
        .stderr(
            "error: rba published no CAD rate for 2023-01-03 and none is stored: \
             drop it from --symbols (FXRATES_SYMBOLS)\n",
        );
}
