//! Financial Benchmarks India's reference rates, one request per calendar
//! year of the range: the recorded day of 2026-03-20 (six currencies, INR
//! per 1, 100 or 10000 units, JSON numbers padded to six decimals, stored
//! as printed). The catch-up's days and the fault week are written by hand
//! in the recorded shape, newest first: their figures are illustrative, not
//! recorded. A window with nothing published answers `[]`, as the note
//! describes it.

use fxrates::providers::fbil;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The recorded answer.
pub const RECORDED: &str = "fbil/refrates-2026-03-20.json";

/// The call below the base URL.
pub const FETCH: &str = "/refrates/fetchfiltered";

/// The request of the days `from` to `to` (YYYY-MM-DD).
pub fn range(from: &str, to: &str) -> String {
    format!("{FETCH}?fromDate={from}&toDate={to}&authenticated=false")
}

/// The answer for a window with nothing published.
pub fn nothing() -> Reply {
    Reply::ok_json("[]")
}

const WINDOW: &[&str] = &["--from", "2026-03-20", "--to", "2026-03-20"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: vec![at(range("2026-03-20", "2026-03-20"), Reply::file(RECORDED))],
            args: WINDOW,
            days: "1 day (2026-03-20)",
            count: 6,
            requests: vec![range("2026-03-20", "2026-03-20")],
            shape: &["1 X INR mid: 4", "100 X INR mid: 1", "10000 X INR mid: 1"],
            currencies: "AED,EUR,GBP,IDR,JPY,USD",
            rows: &[
                ("2026-03-20", "mid", "1 USD INR 93.348300"),
                ("2026-03-20", "mid", "1 GBP INR 125.156400"),
                ("2026-03-20", "mid", "1 EUR INR 107.943600"),
                ("2026-03-20", "mid", "100 JPY INR 58.940000"),
                ("2026-03-20", "mid", "1 AED INR 25.413500"),
                ("2026-03-20", "mid", "10000 IDR INR 55.107900"),
                // A holiday in Mumbai: absent from the answer.
                ("2026-03-19", "mid", "USD INR NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                range("2026-03-21", "2026-03-24"),
                Reply::file("fbil/refrates-2026-03-21-2026-03-24.json"),
            )],
            today: "2026-03-24",
            args: &[],
            summary: "2 days (2026-03-23..2026-03-24), 12 rates: 12 inserted, 0 revised, 0 unchanged",
            requests: vec![range("2026-03-21", "2026-03-24")],
            total: 18,
            rows: &[
                ("2026-03-23", "mid", "1 USD INR 93.401700"),
                ("2026-03-24", "mid", "100 JPY INR 59.020000"),
            ],
            references: "NULL",
        },
        nothing: vec![Nothing {
            routes: vec![at(range("2026-03-28", "2026-03-29"), nothing())],
            args: &["--from", "2026-03-28", "--to", "2026-03-29"],
            at: None,
            says: "no rates published from 2026-03-28 to 2026-03-29; nothing stored",
            requests: vec![range("2026-03-28", "2026-03-29")],
        }],
        symbols: Symbols {
            args: &["--from", "2026-03-20", "--to", "2026-03-20", "--symbols", "USD,JPY"],
            days: "1 day (2026-03-20)",
            count: 2,
            currencies: "JPY,USD",
            requests: vec![range("2026-03-20", "2026-03-20")],
        },
    }
}

/// The fault table's week, one request.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "fbil",
    path: FETCH,
    query: "?fromDate=2024-06-24&toDate=2024-06-28&authenticated=false",
    fixture: "fbil/refrates-2024-06-24-2024-06-28.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
    nothing_published: NothingIs::NoDay,
};

/// A row of `date`: `product` (`INR / 100 JPY`) at `rate`, a JSON token as
/// written.
pub fn row(date: &str, product: &str, rate: &str) -> String {
    format!(
        r#"{{"processRunDate":"{date} 00:00:00","subProdName":"{product}","displayTime":"{date} 13:00:00","rate":{rate},"comments":""}}"#
    )
}

/// An answer holding the yen of 2024-06-27, then `rows`.
pub fn answer(rows: &[String]) -> String {
    let jpy = row("2024-06-27", "INR / 100 JPY", "52.120000");
    let rows: Vec<&str> = std::iter::once(jpy.as_str())
        .chain(rows.iter().map(String::as_str))
        .collect();
    format!("[{}]", rows.join(","))
}

// The cases in FBIL's JSON, the week of 2024-06-24: "no day" is `[]` (its
// "nothing published"), "unknown root" an error object, "missing
// attribute" a row without `rate`.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |rate: &str| row("2024-06-27", "INR / 1 USD", rate);
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => r#"{"status":404,"error":"Not Found"}"#.to_owned(),
        BadDocument::MissingAttribute => {
            answer(&[usd("83.5").replace(r#","rate":83.5"#, "")])
        }
        BadDocument::Rate(rate) => answer(&[usd(&json_rate(rate))]),
        BadDocument::FutureDate => answer(&[usd("83.5").replace("2024-06-27", "2999-01-04")]),
        BadDocument::RepeatedCurrency => answer(&[usd("83.5"), usd("83.6")]),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "nothing published".to_owned(),
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

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        RECORDED,
        "fbil/refrates-2026-03-21-2026-03-24.json",
        "fbil/refrates-2024-06-24-2024-06-28.json",
    ],
    fuzz_target: "fbil_json",
};

/// The range parser, over the days of every recording.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    if let Ok(days) = fbil::parse(bytes, today(), from, to) {
        check_days(&days, Some((from, to)));
    }
}
