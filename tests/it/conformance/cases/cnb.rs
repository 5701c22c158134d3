//! The Česká národní banka: the recorded fixings of 2026
//! (2026-01-02..2026-04-02, 30 currencies a day, CZK per 1, 100 or 1000
//! units) from the yearly file; `{"rates":[]}` for a year without a
//! fixing, and a weekend day answered with the Friday before, are nothing
//! published.

use fxrates::providers::cnb;

use crate::common::env::fixture;
use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The yearly file, of which a range keeps its days.
pub const DAILY_YEAR: &str = "/exrates/daily-year";

/// One day's fixing, or the latest.
pub const DAILY: &str = "/exrates/daily";

/// The request of the year `year`'s file.
pub fn year(year: u32) -> String {
    format!("{DAILY_YEAR}?year={year}&lang=EN")
}

/// The recorded year's days, as asked for.
pub const WINDOW: &[&str] = &["--from", "2026-01-01", "--to", "2026-04-02"];

/// The fixings of EUR and HUF on the two days after Easter, as `(date,
/// code, amount, rate)`.
pub const AFTER_EASTER: [(&str, &str, &str, &str); 4] = [
    ("2026-04-07", "EUR", "1", "24.310"),
    ("2026-04-07", "HUF", "100", "6.421"),
    ("2026-04-08", "EUR", "1", "24.295"),
    ("2026-04-08", "HUF", "100", "6.418"),
];

/// The recorded year with the fixings `later` appended, as `(date, code,
/// amount, rate)`: the year as answered some days later.
pub fn year_with(later: &[(&str, &str, &str, &str)]) -> Reply {
    let year = fixture("cnb/daily-year-2026.json");
    let later: Vec<String> = later
        .iter()
        .map(|(date, code, amount, rate)| row(code, amount, date, rate))
        .collect();
    Reply::ok_json(format!(
        "{},{}]}}",
        year.trim_end().strip_suffix("]}").expect("the year's end"),
        later.join(",")
    ))
}

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![
                at(DAILY_YEAR, Reply::file("cnb/daily-year-2026.json")),
                at(DAILY, Reply::file("cnb/daily-2026-01-02.json")),
            ],
            args: WINDOW,
            days: "65 days (2026-01-02..2026-04-02)",
            count: 1950,
            requests: vec![year(2026)],
            // Every row is `unit foreign = rate CZK`, as the fixing prints it.
            shape: &["1 X CZK mid: 1365", "100 X CZK mid: 520", "1000 X CZK mid: 65"],
            currencies: "AUD,BRL,CAD,CHF,CNY,DKK,EUR,GBP,HKD,HUF,IDR,ILS,INR,ISK,JPY,KRW,\
                         MXN,MYR,NOK,NZD,PHP,PLN,RON,SEK,SGD,THB,TRY,USD,XDR,ZAR",
            rows: &[
                ("2026-01-02", "mid", "100 HUF CZK 6.304"),
                ("2026-01-02", "mid", "1000 IDR CZK 1.233"),
                ("2026-01-02", "mid", "100 JPY CZK 13.141"),
                ("2026-01-02", "mid", "1 EUR CZK 24.170"),
                ("2026-01-02", "mid", "1 XDR CZK 28.227"),
                ("2026-04-02", "mid", "1 USD CZK 21.291"),
                ("2026-04-02", "mid", "100 TRY CZK 47.850"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            // The year as answered a few days later: two more fixings after Easter.
            routes: vec![at(DAILY_YEAR, year_with(&AFTER_EASTER))],
            today: "2026-04-08",
            args: &[],
            summary: "2 days (2026-04-07..2026-04-08), 4 rates: 4 inserted, 0 revised, 0 unchanged",
            requests: vec![year(2026)],
            total: 1950 + 4,
            rows: &[("2026-04-08", "mid", "100 HUF CZK 6.418")],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(DAILY_YEAR, Reply::ok_json(r#"{"rates":[]}"#))],
                args: &["--from", "2024-06-24", "--to", "2024-06-28"],
                at: None,
                says: "no rates published from 2024-06-24 to 2024-06-28; nothing stored",
                requests: vec![year(2024)],
            },
            // New Year's Day, before the year's first fixing.
            Nothing {
                routes: vec![at(DAILY_YEAR, Reply::ok_json(r#"{"rates":[]}"#))],
                args: &["--from", "2027-01-01", "--to", "2027-01-01"],
                at: Some("2027-01-01"),
                says: "no rates published from 2027-01-01 to 2027-01-01; nothing stored",
                requests: vec![year(2027)],
            },
            // One day: a weekend day is answered with the Friday before.
            Nothing {
                routes: vec![],
                args: &["--date", "2026-01-03"],
                at: None,
                says: "no rates published for 2026-01-03 (a Saturday); nothing stored",
                requests: vec![format!("{DAILY}?date=2026-01-03&lang=EN")],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-01-01", "--to", "2026-04-02", "--symbols", "HUF,IDR"],
            days: "65 days (2026-01-02..2026-04-02)",
            count: 130,
            currencies: "HUF,IDR",
            requests: vec![year(2026)],
        },
    }
}

/// The fault table's week: one request for the year 2024, its file cut
/// to the week.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "cnb",
    path: DAILY_YEAR,
    query: "?year=2024&lang=EN",
    fixture: "cnb/daily-year-2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
    nothing_published: NothingIs::NoDay,
};

/// A row of the fixing.
pub fn row(code: &str, amount: &str, date: &str, rate: &str) -> String {
    format!(r#"{{"currencyCode":"{code}","amount":{amount},"validFor":"{date}","rate":{rate}}}"#)
}

/// An answer holding the HUF row of `date`, then `rows`.
pub fn fixing(date: &str, rows: &str) -> String {
    format!(
        r#"{{"rates":[{},{rows}]}}"#,
        row("HUF", "100", date, "6.330")
    )
}

// The cases in the CNB's JSON: "no day" is the empty list (nothing
// published), "unknown root" the rows without their object, "missing
// attribute" a row without `rate`.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |rate: &str| row("USD", "1", "2024-06-27", rate);
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => r#"{"rates":[]}"#.to_owned(),
        BadDocument::UnknownRoot => format!("[{}]", usd("23.375")),
        BadDocument::MissingAttribute => fixing(
            "2024-06-27",
            r#"{"currencyCode":"USD","amount":1,"validFor":"2024-06-27"}"#,
        ),
        BadDocument::Rate(rate) => fixing("2024-06-27", &usd(&json_rate(rate))),
        BadDocument::FutureDate => fixing("2999-01-04", &row("USD", "1", "2999-01-04", "23.375")),
        BadDocument::RepeatedCurrency => fixing(
            "2024-06-27",
            &format!("{},{}", usd("23.375"), usd("23.376")),
        ),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty list is no fault for the CNB"),
        // serde reads a struct from an array too: its first element is
        // taken for `rates`, and a row is not a list.
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a sequence".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `rate`".to_owned()
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
        "cnb/daily-year-2026.json",
        "cnb/daily-2026-01-02.json",
        "cnb/daily-year-2024-06-24..2024-06-28.json",
    ],
    fuzz_target: "cnb_json",
};

/// The fixing parser, for a range and for one day or the latest.
fn check(bytes: &[u8]) {
    for asked in [Some(asked()), None] {
        if let Ok(days) = cnb::parse(bytes, today(), asked) {
            check_days(&days, asked);
        }
    }
}
