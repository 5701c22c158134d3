//! Danmarks Nationalbank's rates through Statbank: every request a POST
//! to `/v1/data` whose JSON body selects table `DNVALD`, the currencies
//! and the days; the recorded week of 2025-03-03..07 (30 currencies, rows
//! not sorted by date), DKK per 100 units stored as printed. The header
//! without rows is nothing published. The catch-up's days and the fault
//! week are the recording redated, a figure changed and the lev's `..`
//! (no value, as from 2026) added: illustrative.

use fxrates::providers::dnb;

use crate::common::http::{Reply, Request};
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The data call.
pub const DATA: &str = "/v1/data";

/// A request as the lists read it: its `Tid` selection and currencies,
/// `>=2025M03D03<=2025M03D07 EUR,USD`, after checking the rest of the body.
pub fn call(request: &Request) -> String {
    let body: serde_json::Value =
        serde_json::from_slice(&request.body).unwrap_or_else(|err| panic!("not JSON: {err}"));
    assert_eq!(body["table"], "DNVALD", "{body}");
    assert_eq!(body["format"], "BULK", "{body}");
    assert_eq!(body["valuePresentation"], "Code", "{body}");
    assert_eq!(
        request.header("content-type"),
        Some("application/json"),
        "{body}"
    );
    let values = |code: &str| {
        let variable = body["variables"]
            .as_array()
            .and_then(|all| all.iter().find(|v| v["code"] == code))
            .unwrap_or_else(|| panic!("no {code} in {body}"));
        let values: Vec<&str> = variable["values"]
            .as_array()
            .map(|values| values.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        values.join(",")
    };
    assert_eq!(values("KURTYP"), "KBH", "{body}");
    format!("{} {}", values("Tid"), values("VALUTA"))
}

/// The request of every currency of the list from `from` to `to`
/// (`2025M03D03`).
fn all(from: &str, to: &str) -> String {
    format!(">={from}<={to} {}", dnb::CURRENCIES.join(","))
}

pub const WEEK: &[&str] = &["--from", "2025-03-03", "--to", "2025-03-07"];

/// The answer of a selection without a published day.
pub fn header_only() -> Reply {
    Reply::file("dnb/empty.csv")
}

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: call,
        method: "POST",
        accept: "text/csv",
        window: Window {
            routes: vec![at(DATA, Reply::file("dnb/2025-03-03-2025-03-07.csv"))],
            args: WEEK,
            days: "5 days (2025-03-03..2025-03-07)",
            count: 150,
            requests: vec![all("2025M03D03", "2025M03D07")],
            shape: &["100 X DKK mid: 150"],
            currencies: "AUD,BGN,BRL,CAD,CHF,CNY,CZK,EUR,GBP,HKD,HUF,IDR,ILS,INR,ISK,JPY,KRW,\
                         MXN,MYR,NOK,NZD,PHP,PLN,RON,SEK,SGD,THB,TRY,USD,ZAR",
            rows: &[
                ("2025-03-07", "mid", "100 EUR DKK 745.8900"),
                ("2025-03-07", "mid", "100 USD DKK 687.0100"),
                ("2025-03-07", "mid", "100 HUF DKK 1.8680"),
                ("2025-03-07", "mid", "100 IDR DKK 0.0422"),
                ("2025-03-07", "mid", "100 JPY DKK 4.6516"),
                ("2025-03-05", "mid", "100 ZAR DKK 37.8200"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WEEK,
            routes: vec![at(DATA, Reply::file("dnb/2025-03-10-2025-03-11.csv"))],
            today: "2025-03-11",
            args: &[],
            summary: "2 days (2025-03-10..2025-03-11), 59 rates: 59 inserted, 0 revised, 0 unchanged",
            requests: vec![all("2025M03D08", "2025M03D11")],
            total: 150 + 59,
            rows: &[
                ("2025-03-11", "mid", "100 EUR DKK 745.9100"),
                ("2025-03-10", "mid", "100 BGN DKK 381.3900"),
                ("2025-03-11", "mid", "BGN DKK NULL"),
            ],
            references: "NULL",
        },
        nothing: vec![Nothing {
            routes: vec![at(DATA, header_only())],
            args: &["--from", "2025-03-08", "--to", "2025-03-09"],
            at: None,
            says: "no rates published from 2025-03-08 to 2025-03-09; nothing stored",
            requests: vec![all("2025M03D08", "2025M03D09")],
        }],
        symbols: Symbols {
            // Only the currencies asked for are selected.
            args: &["--from", "2025-03-03", "--to", "2025-03-07", "--symbols", "USD,JPY"],
            days: "5 days (2025-03-03..2025-03-07)",
            count: 10,
            currencies: "JPY,USD",
            requests: vec![">=2025M03D03<=2025M03D07 USD,JPY".to_owned()],
        },
    }
}

/// The fault table's week: one POST.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "dnb",
    path: DATA,
    query: "",
    fixture: "dnb/2024-06-24-2024-06-28.csv",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not CSV: an HTML or XML page (<html>",
    content_type: "text/csv; charset=utf-8",
    nothing_published: NothingIs::NoDay,
};

/// An answer of `rows` (each ending in CRLF) after the header.
pub fn answer(rows: &str) -> String {
    format!("VALUTA;KURTYP;TID;INDHOLD\r\n{rows}")
}

/// The row of `code` on 2024-06-27 reading `value`.
pub fn row(code: &str, value: &str) -> String {
    format!("{code};KBH;2024M06D27;{value}\r\n")
}

// The cases in Statbank's CSV: "no day" is the header alone (nothing
// published), "unknown root" a JSON error document, "missing attribute" a
// row without its value.
fn document(bad: BadDocument) -> Vec<u8> {
    let eur = row("EUR", "745.8300");
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => answer(""),
        BadDocument::UnknownRoot => {
            r#"{"errorTypeCode":"EXTRACT-NOTFOUND","message":"Table DNVALD was not found"}"#
                .to_owned()
        }
        BadDocument::MissingAttribute => answer(&format!("{eur}USD;KBH;2024M06D27\r\n")),
        BadDocument::Rate(rate) => answer(&format!("{eur}{}", row("USD", rate))),
        BadDocument::FutureDate => answer("USD;KBH;2999M01D04;687.0100\r\n"),
        BadDocument::RepeatedCurrency => answer(&format!(
            "{eur}{}{}",
            row("USD", "687.0100"),
            row("USD", "687.0200")
        )),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("the header alone is nothing published"),
        BadDocument::UnknownRoot => {
            "Statbank answered an error: Table DNVALD was not found (EXTRACT-NOTFOUND)".to_owned()
        }
        BadDocument::MissingAttribute => "line 3 has 3 fields, the header 4".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "dnb/2025-03-03-2025-03-07.csv",
        "dnb/2025-03-10-2025-03-11.csv",
        "dnb/2024-06-24-2024-06-28.csv",
        "dnb/empty.csv",
    ],
    fuzz_target: "dnb_csv",
};

/// The answer parser, over the days of every recording.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    if let Ok(days) = dnb::parse(bytes, today(), from, to) {
        check_days(&days, Some((from, to)));
    }
}
