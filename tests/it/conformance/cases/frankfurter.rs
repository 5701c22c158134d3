//! Frankfurter (v1): the ECB's reference rates relayed, a range one time
//! series request, `1 EUR = rate quote`. It has no "nothing published": a
//! day without publication is answered with the one before, stored under
//! its own date (`tests/it/frankfurter.rs`).

use fxrates::providers::frankfurter;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, check_days, today};

/// The week, one time series.
const WEEK: &str = "/2024-06-24..2024-06-28";

const WINDOW: &[&str] = &["--from", "2024-06-24", "--to", "2024-06-28"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: vec![
                at(WEEK, Reply::file("frankfurter/2024-06-24..2024-06-28.json")),
                // The Friday before, stored first by the catch-up.
                at(
                    "/2024-06-21",
                    Reply::ok_json(
                        r#"{"amount":1.0,"base":"EUR","date":"2024-06-21","rates":{"USD":1.0692}}"#,
                    ),
                ),
            ],
            args: WINDOW,
            days: "5 days (2024-06-24..2024-06-28)",
            count: 20,
            requests: vec![WEEK.to_owned()],
            shape: &["1 EUR X mid: 20"],
            currencies: "CHF,GBP,JPY,USD",
            rows: &[
                ("2024-06-25", "mid", "1 EUR GBP 0.84443"),
                ("2024-06-28", "mid", "1 EUR USD 1.0705"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: &["--date", "2024-06-21"],
            // Starting on a Saturday, the answer also holds the Friday before.
            routes: vec![at(
                "/2024-06-22..2024-06-30",
                Reply::file("frankfurter/2024-06-22..2024-06-30.json"),
            )],
            today: "2024-06-30",
            args: &[],
            summary: "5 days (2024-06-24..2024-06-28), 20 rates: 20 inserted, 0 revised, 0 unchanged",
            requests: vec!["/2024-06-22..2024-06-30".to_owned()],
            total: 1 + 20,
            rows: &[("2024-06-21", "mid", "1 EUR USD 1.0692")],
            references: "NULL",
        },
        nothing: vec![],
        symbols: Symbols {
            args: &["--from", "2024-06-24", "--to", "2024-06-28", "--symbols", "USD,GBP"],
            days: "5 days (2024-06-24..2024-06-28)",
            count: 10,
            currencies: "GBP,USD",
            requests: vec![format!("{WEEK}?symbols=USD,GBP")],
        },
    }
}

/// The fault table's week: one time series.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "frankfurter",
    path: WEEK,
    query: "",
    fixture: "frankfurter/2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
    nothing_published: NothingIs::Neither,
};

/// A time series of the week holding `days`.
fn series(days: &str) -> String {
    format!(
        r#"{{"amount":1.0,"base":"EUR","start_date":"2024-06-24","end_date":"2024-06-28","rates":{{{days}}}}}"#
    )
}

// The cases in JSON: "no day" is a series whose `rates` is empty, "unknown
// root" a top-level array instead of an object, "missing attribute" a rate
// given as `null`.
fn document(bad: BadDocument) -> Vec<u8> {
    let day = |date: &str, rates: &str| series(&format!(r#""{date}":{{"JPY":171.20,{rates}}}"#));
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => series(""),
        BadDocument::UnknownRoot => r#"[{"date":"2024-06-27","rates":{"USD":1.0714}}]"#.to_owned(),
        BadDocument::MissingAttribute => day("2024-06-27", r#""USD":null"#),
        BadDocument::Rate(rate) => day("2024-06-27", &format!(r#""USD":{}"#, json_rate(rate))),
        BadDocument::FutureDate => day("2999-01-04", r#""USD":1.0714"#),
        BadDocument::RepeatedCurrency => day("2024-06-27", r#""USD":1.0714,"USD":1.0715"#),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "the answer holds no day of rates".to_owned(),
        BadDocument::UnknownRoot => "not the expected JSON document: invalid".to_owned(),
        BadDocument::MissingAttribute => {
            "day 2024-06-27, USD: invalid rate null (expected a number)".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "USD", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "frankfurter/latest.json",
        "frankfurter/2024-06-28.json",
        "frankfurter/2024-06-24..2024-06-28.json",
    ],
    fuzz_target: "frankfurter_json",
};

/// Both parsers: one day (a day after [`today`] allowed, a publisher a
/// timezone ahead answering for tomorrow), and a time series.
pub fn check(bytes: &[u8]) {
    if let Ok(day) = frankfurter::parse_day(bytes, today()) {
        check_days(std::slice::from_ref(&day), None);
        assert!(
            day.rates().iter().all(|rate| rate.base == day.home()),
            "a rate not against the stated base"
        );
    }
    if let Ok(days) = frankfurter::parse_series(bytes, today()) {
        assert!(!days.is_empty(), "accepted a series without a day");
        check_days(&days, None);
        let home = days[0].home();
        assert!(
            days.iter()
                .all(|day| day.home() == home && day.rates().iter().all(|rate| rate.base == home)),
            "a rate not against the stated base"
        );
    }
}
