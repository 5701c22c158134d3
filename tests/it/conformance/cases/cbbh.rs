//! The Central Bank of Bosnia and Herzegovina: its daily list, BAM per 1
//! or 100 units, each printed figure a row of its series (middle as mid,
//! buying, selling), the list number kept with its year; one request per
//! range of the period export. The recorded list 188 of 2026-09-24 (the
//! SDR prints only its middle). The lists of 25–26 September 2026 and of
//! June 2024 are written by hand in the recorded format (the recorded
//! list's figures, USD changed); they are illustrative, not recorded. A
//! range without a list is a 404 with the export's `"Problem with export"`:
//! nothing published. A bare 404 (the fault table's) is an error.

use fxrates::providers::cbbh;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The export's path.
pub const PERIOD: &str = "/CurrencyExchange/GetJsonForPeriod";

/// The request of the lists dated `from` to `to`.
pub fn period(from: &str, to: &str) -> String {
    format!("{PERIOD}?dateFrom={from}&dateTo={to}")
}

/// The export's answer for a window without a list.
pub fn no_list() -> Reply {
    Reply::Body {
        status: 404,
        content_type: "application/json; charset=utf-8",
        body: br#""Problem with export""#.to_vec(),
    }
}

const WINDOW: &[&str] = &["--from", "2026-09-24", "--to", "2026-09-24"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(
                period("2026-09-24", "2026-09-24"),
                Reply::file("cbbh/2026-09-24..2026-09-24.json"),
            )],
            args: WINDOW,
            days: "1 day (2026-09-24)",
            count: 49,
            requests: vec![period("2026-09-24", "2026-09-24")],
            // Sixteen currencies print three figures, the SDR its middle
            // only; per 100 for HUF, JPY and RSD.
            shape: &[
                "1 X BAM buying: 13",
                "1 X BAM mid: 14",
                "1 X BAM selling: 13",
                "100 X BAM buying: 3",
                "100 X BAM mid: 3",
                "100 X BAM selling: 3",
            ],
            currencies: "AUD,CAD,CHF,CNY,CZK,DKK,EUR,GBP,HUF,JPY,NOK,RSD,RUB,SEK,TRY,USD,XDR",
            rows: &[
                ("2026-09-24", "mid", "1 EUR BAM 1.95583"),
                ("2026-09-24", "buying", "1 EUR BAM 1.95583"),
                ("2026-09-24", "mid", "1 USD BAM 1.713987"),
                ("2026-09-24", "buying", "1 USD BAM 1.709702"),
                ("2026-09-24", "selling", "1 USD BAM 1.718272"),
                ("2026-09-24", "mid", "1 AUD BAM 1.21134"),
                ("2026-09-24", "selling", "100 HUF BAM 0.53823"),
                ("2026-09-24", "mid", "100 JPY BAM 1.085366"),
                ("2026-09-24", "mid", "1 XDR BAM 2.328279"),
                ("2026-09-24", "buying", "XDR BAM NULL"),
                ("2026-09-24", "selling", "XDR BAM NULL"),
            ],
            references: "2026-09-24 188/2026",
        },
        // Run on Friday the 25th after 16:00 Sarajevo time: Saturday's list
        // is out, dated ahead.
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                period("2026-09-25", "2026-09-26"),
                Reply::file("cbbh/2026-09-25..2026-09-26.json"),
            )],
            today: "2026-09-25",
            args: &[],
            summary: "2 days (2026-09-25..2026-09-26), 98 rates: 98 inserted, 0 revised, 0 unchanged",
            requests: vec![period("2026-09-25", "2026-09-26")],
            total: 49 * 3,
            rows: &[
                ("2026-09-25", "mid", "1 USD BAM 1.7157"),
                ("2026-09-26", "selling", "1 USD BAM 1.714387"),
            ],
            references: "2026-09-24 188/2026, 2026-09-25 189/2026, 2026-09-26 190/2026",
        },
        nothing: vec![
            // Sunday and Monday: no list is dated either.
            Nothing {
                routes: vec![at(period("2026-09-27", "2026-09-28"), no_list())],
                args: &["--from", "2026-09-27", "--to", "2026-09-28"],
                at: None,
                says: "no rates published from 2026-09-27 to 2026-09-28; nothing stored",
                requests: vec![period("2026-09-27", "2026-09-28")],
            },
            Nothing {
                routes: vec![at(period("2026-09-27", "2026-09-27"), no_list())],
                args: &["--date", "2026-09-27"],
                at: None,
                says: "no rates published for 2026-09-27 (a Sunday); nothing stored",
                requests: vec![period("2026-09-27", "2026-09-27")],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-09-24", "--to", "2026-09-24", "--symbols", "USD,XDR"],
            days: "1 day (2026-09-24)",
            count: 4,
            currencies: "USD,XDR",
            requests: vec![period("2026-09-24", "2026-09-24")],
        },
    }
}

/// The fault table's week: one request; lists of Tuesday to Friday.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "cbbh",
    path: PERIOD,
    query: "?dateFrom=2024-06-24&dateTo=2024-06-28",
    fixture: "cbbh/2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json; charset=utf-8",
    // Only a 404 with the export's body is nothing published: the table's
    // bare 404 is an error, and so is an empty array.
    nothing_published: NothingIs::Neither,
};

/// An item of `code` printing `middle` between its buying and selling.
pub fn item(code: &str, middle: &str) -> String {
    format!(
        r#"{{"Country":"X","NumCode":"000","AlphaCode":"{code}","Units":"1","Buy":"1.822213","Middle":"{middle}","Sell":"1.831345","Star":null}}"#
    )
}

/// An answer of one list of `date` (`YYYY-MM-DD`) holding EUR, then `items`.
pub fn one_list(date: &str, items: &str) -> String {
    let eur = r#"{"Country":"EMU","NumCode":"978","AlphaCode":"EUR","Units":"1","Buy":"1.95583","Middle":"1.95583","Sell":"1.95583","Star":null}"#;
    format!(
        r#"[{{"CurrencyExchangeItems":[{eur},{items}],"Date":"{date}T00:00:00","Comments":[],"Number":123}}]"#
    )
}

// The cases in the export's JSON, one list of Thursday 27 June: "no day" an
// empty array (the export says "none" with its 404, never so), "unknown
// root" a list outside an array, "missing attribute" an item without
// `Middle`, "currency repeated" USD twice.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => {
            let array = one_list("2024-06-27", &item("USD", "1.83102"));
            array[1..array.len() - 1].to_owned()
        }
        BadDocument::MissingAttribute => one_list(
            "2024-06-27",
            &item("USD", "1.83102").replace(r#""Middle":"1.83102","#, ""),
        ),
        BadDocument::Rate(rate) => one_list("2024-06-27", &item("USD", rate)),
        BadDocument::FutureDate => one_list("2999-01-04", &item("USD", "1.83102")),
        BadDocument::RepeatedCurrency => one_list(
            "2024-06-27",
            &format!("{},{}", item("USD", "1.83102"), item("USD", "1.83103")),
        ),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "the answer holds no list".to_owned(),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a sequence".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `Middle`".to_owned()
        }
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD Middle: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "cbbh/2026-09-24..2026-09-24.json",
        "cbbh/2026-09-25..2026-09-26.json",
        "cbbh/2024-06-24..2024-06-28.json",
        "cbbh/1998-01-06..1998-01-06.json",
    ],
    fuzz_target: "cbbh_json",
};

/// The export parser, asked for every recording's days and for 1998: at
/// least one list.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    let first = cbbh::INFO.first_day;
    for (from, to) in [(from, to), (first, first)] {
        if let Ok(days) = cbbh::parse(bytes, today(), from, to) {
            assert!(!days.is_empty(), "accepted an answer without a list");
            check_days(&days, Some((from, to)));
        }
    }
}
