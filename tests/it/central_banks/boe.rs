//! `boe` against a loopback mirror of the Bank of England's IADB.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, row_versions, stored};

/// Where the mirror serves the IADB's CSV download.
const IADB: &str = "/boe/_iadb-fromshowcolumns.asp";

/// Every series fxrates asks for, in the order it asks.
const SERIES_CODES: &str = "XUDLUSS,XUDLERS,XUDLJYS,XUDLCDS,XUDLSFS,XUDLADS,XUDLNDS,XUDLNKS,\
XUDLSKS,XUDLDKS,XUDLHDS,XUDLSGS,XUDLSRS,XUDLZRS,XUDLTWS,XUDLBK25,XUDLBK33,XUDLBK47,XUDLBK78,\
XUDLBK83,XUDLBK87,XUDLBK89,XUDLBK93,XUDLBK95,XUDLBK97,XUDLZOS4";

/// The request target of the days `from` to `to` (`17/Mar/2026`).
fn range(from: &str, to: &str) -> String {
    format!(
        "{IADB}?csv.x=yes&Datefrom={from}&Dateto={to}&SeriesCodes={SERIES_CODES}&CSVF=TN&UsingCodes=Y"
    )
}

/// An environment with the schema and the recorded window
/// 2026-03-17..2026-03-20 routed at its exact request.
fn env() -> Env {
    Env::with_schema_answering(
        &range("17/Mar/2026", "20/Mar/2026"),
        "boe/iadb-2026-03-17-2026-03-20.csv",
    )
}

/// The recorded window.
const WINDOW: [&str; 4] = ["--from", "2026-03-17", "--to", "2026-03-20"];

#[test]
fn the_recorded_window_is_stored_exactly() {
    let env = env();
    env.fetch("boe")
        .args(WINDOW)
        .assert()
        .success()
        .stdout("boe: 4 days (2026-03-17..2026-03-20), 104 rates: 104 inserted, 0 updated, 0 unchanged\n")
        .stderr("");

    let request = env.http.recorded().pop().expect("a request");
    assert_eq!(request.target, range("17/Mar/2026", "20/Mar/2026"));
    assert_eq!(request.header("accept"), Some("*/*"));
    assert_eq!(env.http.targets().len(), 1);

    let mut client = env.client();
    // 26 series on 4 days, every cell of the answer.
    assert_eq!(count_rates(&mut client, "boe"), 104);
    for (date, quote, expected) in [
        ("2026-03-17", "USD", "1 GBP USD 1.3343"),
        ("2026-03-17", "CAD", "1 GBP CAD 1.829"),
        ("2026-03-18", "KRW", "1 GBP KRW 1998.788"),
        ("2026-03-19", "JPY", "1 GBP JPY 211.3327"),
        ("2026-03-20", "EUR", "1 GBP EUR 1.1523"),
        ("2026-03-20", "RON", "1 GBP RON 5.8721"),
    ] {
        assert_eq!(
            stored(&mut client, "boe", date, "GBP", quote),
            expected,
            "{quote} on {date}"
        );
    }
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE base <> 'GBP' OR unit <> 1"
        ),
        "0"
    );
}

#[test]
fn a_rerun_rewrites_no_row() {
    let env = env();
    env.fetch("boe").args(WINDOW).assert().success();
    let mut client = env.client();
    let before = row_versions(&mut client, "boe", None);

    env.fetch("boe").args(WINDOW).assert().success().stdout(
        "boe: 4 days (2026-03-17..2026-03-20), 104 rates: 0 inserted, 0 updated, 104 unchanged\n",
    );
    assert_eq!(
        row_versions(&mut client, "boe", None),
        before,
        "a row was rewritten"
    );
}

#[test]
fn catch_up_asks_only_for_the_days_after_the_newest_stored_one() {
    let env = env();
    env.fetch("boe").args(WINDOW).assert().success();
    let next = range("21/Mar/2026", "24/Mar/2026");
    // INR has no value on 23 March: its cell is empty.
    env.http
        .route_target(&next, Reply::file("boe/iadb-2026-03-21-2026-03-24.csv"));
    env.requested();

    let out = env
        .run_at("2026-03-24", &["fetch", "--provider", "boe"])
        .expect("catch-up");
    assert_eq!(
        out,
        "boe: 2 days (2026-03-23..2026-03-24), 9 rates: 9 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(env.http.targets().last(), Some(&next));
    assert_eq!(env.requested().len(), 1);
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "boe"), 104 + 9);
    assert_eq!(
        stored(&mut client, "boe", "2026-03-24", "GBP", "INR"),
        "1 GBP INR 125.121"
    );
    assert_eq!(
        stored(&mut client, "boe", "2026-03-23", "GBP", "INR"),
        "NULL"
    );
}

#[test]
fn the_header_alone_means_nothing_published() {
    let env = env();
    let header = "DATE,XUDLUSS,XUDLERS,XUDLJYS\r\n";
    for target in [
        range("21/Mar/2026", "22/Mar/2026"),
        range("21/Mar/2026", "21/Mar/2026"),
    ] {
        env.http.route_target(
            &target,
            Reply::Body {
                status: 200,
                content_type: "application/csv",
                body: header.as_bytes().to_vec(),
            },
        );
    }
    env.fetch("boe")
        .args(["--from", "2026-03-21", "--to", "2026-03-22"])
        .assert()
        .success()
        .stdout("boe: no rates published from 2026-03-21 to 2026-03-22; nothing stored\n")
        .stderr("");
    env.fetch("boe")
        .args(["--date", "2026-03-21"])
        .assert()
        .success();
    assert_eq!(count_rates(&mut env.client(), "boe"), 0);
}

#[test]
fn an_html_page_is_a_failure_not_an_empty_answer() {
    let env = Env::with_schema();
    env.http.route(IADB, Reply::html_200());
    env.fetch("boe")
        .args(["--date", "2026-03-21"])
        .assert()
        .code(4)
        .stderr(predicates::str::contains(
            "not CSV: an HTML or XML page (<html>",
        ));
    assert_eq!(count_rates(&mut env.client(), "boe"), 0);
}

#[test]
fn symbols_keep_only_the_currencies_asked_for() {
    let env = env();
    env.fetch("boe")
        .args(WINDOW)
        .args(["--symbols", "USD,JPY"])
        .assert()
        .success()
        .stdout(
            "boe: 4 days (2026-03-17..2026-03-20), 8 rates: 8 inserted, 0 updated, 0 unchanged\n",
        );
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(DISTINCT quote, ',') FROM rates"
        ),
        "JPY,USD"
    );
}

#[test]
fn the_first_fetch_stores_the_newest_day_of_the_last_two_weeks() {
    let env = Env::with_schema_answering(
        &range("10/Mar/2026", "24/Mar/2026"),
        "boe/iadb-2026-03-21-2026-03-24.csv",
    );
    let out = env
        .run_at("2026-03-24", &["fetch", "--provider", "boe"])
        .expect("latest");
    assert_eq!(
        out,
        "boe: 1 day (2026-03-24), 5 rates: 5 inserted, 0 updated, 0 unchanged"
    );
}
