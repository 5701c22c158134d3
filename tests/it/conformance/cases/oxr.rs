//! Open Exchange Rates: one request per day, the app id in the query,
//! `1 USD = rate quote`, the base's own rate of 1 dropped. Every day has
//! rates, so it has no "nothing published"; the newest stored day is
//! fetched again by a catch-up, since a day's snapshot becomes its
//! closing rate later (`tests/it/oxr.rs`).

use fxrates::providers::oxr;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Route, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, check_days, today};

/// The sentinel app id: it goes in every request's query, and must show
/// nowhere. A macro, so that the query below can be built from it.
macro_rules! oxr_app_id {
    () => {
        "SENTINEL-oxr-app-id-93b1"
    };
}

/// The request of the day `day`, app id and `query` included.
fn historical(day: &str, query: &str) -> String {
    format!("/historical/{day}.json?app_id={}{query}", oxr_app_id!())
}

/// The recorded days.
const DAYS: [&str; 8] = [
    "2024-06-24",
    "2024-06-25",
    "2024-06-26",
    "2024-06-27",
    "2024-06-28",
    "2024-06-29",
    "2024-06-30",
    "2024-07-01",
];

const WINDOW: &[&str] = &["--from", "2024-06-28", "--to", "2024-07-01"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let routes: Vec<Route> = DAYS
        .iter()
        .map(|day| {
            at(
                format!("/historical/{day}.json"),
                Reply::file(&format!("oxr/historical/{day}.json")),
            )
        })
        .collect();
    let window = |query: &str| -> Vec<String> {
        DAYS[4..].iter().map(|day| historical(day, query)).collect()
    };
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes,
            args: WINDOW,
            days: "4 days (2024-06-28..2024-07-01)",
            count: 36,
            requests: window(""),
            shape: &["1 USD X mid: 36"],
            currencies: "AUD,CAD,CHF,CNY,EUR,GBP,JPY,NOK,SEK",
            rows: &[
                ("2024-06-29", "mid", "1 USD EUR 0.934345"),
                ("2024-07-01", "mid", "1 USD EUR 0.936212"),
                ("2024-07-01", "mid", "USD USD NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: &["--from", "2024-06-28", "--to", "2024-06-29"],
            routes: vec![],
            today: "2024-07-01",
            args: &[],
            summary: "3 days (2024-06-29..2024-07-01), 27 rates: 18 inserted, 0 revised, 9 unchanged",
            // The newest stored day again, then the new days.
            requests: DAYS[5..].iter().map(|day| historical(day, "")).collect(),
            total: 36,
            rows: &[("2024-07-01", "mid", "1 USD EUR 0.936212")],
            references: "NULL",
        },
        nothing: vec![],
        symbols: Symbols {
            args: &["--from", "2024-06-28", "--to", "2024-07-01", "--symbols", "EUR,GBP"],
            days: "4 days (2024-06-28..2024-07-01)",
            count: 8,
            currencies: "EUR,GBP",
            requests: window("&symbols=EUR,GBP"),
        },
    }
}

/// The fault table's week: one request per day, the faults set up on the
/// first; the other days are served for the cases that heal.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "oxr",
    path: "/historical/2024-06-24.json",
    query: concat!("?app_id=", oxr_app_id!()),
    fixture: "oxr/historical/2024-06-24.json",
    rest: &[
        (
            "/historical/2024-06-25.json",
            "oxr/historical/2024-06-25.json",
        ),
        (
            "/historical/2024-06-26.json",
            "oxr/historical/2024-06-26.json",
        ),
        (
            "/historical/2024-06-27.json",
            "oxr/historical/2024-06-27.json",
        ),
        (
            "/historical/2024-06-28.json",
            "oxr/historical/2024-06-28.json",
        ),
    ],
    secrets: &[("FXRATES_OXR_APP_ID", oxr_app_id!())],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
    nothing_published: NothingIs::Neither,
};

/// 2024-06-24 23:59:59 UTC: an OXR answer has no date, only this.
const MONDAY: i64 = 1_719_273_599;

/// An OXR answer at `timestamp` quoting `rates` against the dollar.
fn answer(timestamp: i64, rates: &str) -> String {
    format!(
        r#"{{"disclaimer":"Usage subject to terms","license":"https://openexchangerates.org/license","timestamp":{timestamp},"base":"USD","rates":{{{rates}}}}}"#
    )
}

// The cases as for Frankfurter, on the day asked for first (2024-06-24), and
// on EUR: the base, USD, is dropped at 1 and refused at any other rate.
fn document(bad: BadDocument) -> Vec<u8> {
    let day = |rates: &str| answer(MONDAY, &format!(r#""JPY":160.21,{rates}"#));
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => answer(MONDAY, ""),
        BadDocument::UnknownRoot => {
            r#"[{"timestamp":1719273599,"rates":{"EUR":0.9342}}]"#.to_owned()
        }
        BadDocument::MissingAttribute => day(r#""EUR":null"#),
        BadDocument::Rate(rate) => day(&format!(r#""EUR":{}"#, json_rate(rate))),
        // 2999-01-04 12:00 UTC.
        BadDocument::FutureDate => answer(32_472_446_400, r#""EUR":0.9342"#),
        BadDocument::RepeatedCurrency => day(r#""EUR":0.9342,"EUR":0.9343"#),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "day 2024-06-24 has no rates".to_owned(),
        BadDocument::UnknownRoot => "not the expected JSON document: invalid".to_owned(),
        BadDocument::MissingAttribute => {
            "day 2024-06-24, EUR: invalid rate null (expected a number)".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-24", "EUR", rate),
        BadDocument::FutureDate => {
            "timestamp 32472446400: day 2999-01-04 is in the future".to_owned()
        }
        BadDocument::RepeatedCurrency => "day 2024-06-24: currency EUR appears twice".to_owned(),
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "oxr/latest.json",
        "oxr/historical/2024-06-28.json",
        "oxr/errors/invalid_app_id.json",
    ],
    fuzz_target: "oxr_json",
};

/// The answer parser: a day it accepts is the day asked for when one was.
pub fn check(bytes: &[u8]) {
    if let Ok(day) = oxr::parse(bytes, today(), None) {
        check_days(std::slice::from_ref(&day), None);
        assert!(
            day.rates().iter().all(|rate| rate.base == day.home()),
            "a rate not against the stated base"
        );
        let again = oxr::parse(bytes, today(), Some(day.date()));
        assert_eq!(again.map(|again| again.date()), Ok(day.date()));
    }
}
