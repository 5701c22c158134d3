//! Norges Bank's SDMX REST service: the `EXR` dataflow in SDMX-CSV, NOK
//! per 1 or 100 units with the published decimals restored, the indices
//! I44 and TWI skipped; HTTP 404 (SDMX's "No Results Found") is nothing
//! published.

use fxrates::providers::norgesbank;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The `EXR` series.
pub const SERIES: &str = "/data/EXR/B..NOK.SP";

/// The request of the days `from` to `to`.
pub fn range(from: &str, to: &str) -> String {
    format!("{SERIES}?format=csvdata&startPeriod={from}&endPeriod={to}")
}

const WINDOW: &[&str] = &["--from", "2026-03-16", "--to", "2026-03-24"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let window = range("2026-03-16", "2026-03-24");
    let next = range("2026-03-25", "2026-03-27");
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(
                &window,
                Reply::file("norgesbank/EXR-2026-03-16-2026-03-24.csv"),
            )],
            args: WINDOW,
            days: "7 days (2026-03-16..2026-03-24)",
            count: 252,
            requests: vec![window.clone()],
            // 36 currencies on 7 days: every line of the answer but I44's and TWI's.
            shape: &["1 X NOK mid: 105", "100 X NOK mid: 147"],
            currencies: "AUD,BDT,BRL,BYN,CAD,CHF,CNY,CZK,DKK,EUR,GBP,HKD,HUF,IDR,ILS,INR,\
                         ISK,JPY,KRW,MMK,MXN,MYR,NZD,PHP,PKR,PLN,RON,SEK,SGD,THB,TRY,TWD,USD,\
                         VND,XDR,ZAR",
            rows: &[
                ("2026-03-16", "mid", "100 HUF NOK 2.8570"),
                ("2026-03-17", "mid", "100 DKK NOK 148.20"),
                ("2026-03-18", "mid", "1 USD NOK 9.5830"),
                ("2026-03-16", "mid", "1 EUR NOK 11.1490"),
                ("2026-03-19", "mid", "1 XDR NOK 13.00820"),
                ("2026-03-16", "mid", "100 IDR NOK 0.057256"),
                ("2026-03-24", "mid", "100 ISK NOK 7.80"),
                ("2026-03-16", "mid", "I44 NOK NULL"),
                ("2026-03-16", "mid", "TWI NOK NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                &next,
                Reply::file("norgesbank/EXR-2026-03-25-2026-03-27.csv"),
            )],
            today: "2026-03-27",
            args: &[],
            summary: "2 days (2026-03-25..2026-03-26), 6 rates: 6 inserted, 0 revised, 0 unchanged",
            requests: vec![next],
            total: 252 + 6,
            rows: &[
                ("2026-03-25", "mid", "1 EUR NOK 11.2150"),
                ("2026-03-26", "mid", "100 HUF NOK 2.8791"),
            ],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(
                    range("2026-03-21", "2026-03-22"),
                    Reply::Body {
                        status: 404,
                        content_type: "text/plain; charset=utf-8",
                        body: b"NoResultsFound".to_vec(),
                    },
                )],
                args: &["--from", "2026-03-21", "--to", "2026-03-22"],
                at: None,
                says: "no rates published from 2026-03-21 to 2026-03-22; nothing stored",
                requests: vec![range("2026-03-21", "2026-03-22")],
            },
            // Nothing routed: the mirror's own 404.
            Nothing {
                routes: vec![],
                args: &["--date", "2026-03-21"],
                at: None,
                says: "no rates published for 2026-03-21 (a Saturday); nothing stored",
                requests: vec![range("2026-03-21", "2026-03-21")],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-03-16", "--to", "2026-03-24", "--symbols", "USD,XDR"],
            days: "7 days (2026-03-16..2026-03-24)",
            count: 14,
            currencies: "USD,XDR",
            requests: vec![window],
        },
    }
}

/// The fault table's week: one SDMX-CSV answer.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "norgesbank",
    path: SERIES,
    query: "?format=csvdata&startPeriod=2024-06-24&endPeriod=2024-06-28",
    fixture: "norgesbank/EXR-2024-06-24-2024-06-28.csv",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not CSV: an HTML or XML page (<html>",
    content_type: "text/csv",
    nothing_published: NothingIs::Http404,
};

const HEADER: &str = "FREQ,BASE_CUR,QUOTE_CUR,TENOR,DECIMALS,CALCULATED,UNIT_MULT,COLLECTION,TIME_PERIOD,OBS_VALUE\n";

/// An answer holding the EUR rate of 2024-06-27, then `lines`.
pub fn answer(lines: &str) -> String {
    format!("{HEADER}B,EUR,NOK,SP,4,false,0,C,2024-06-27,11.416\n{lines}")
}

/// The USD line of `date` with `value`.
pub fn usd(date: &str, value: &str) -> String {
    format!("B,USD,NOK,SP,4,false,0,C,{date},{value}\n")
}

// The cases in SDMX-CSV: "no day" is the header alone, "unknown root" an
// SDMX-JSON answer, "missing attribute" a line with an empty OBS_VALUE.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => HEADER.to_owned(),
        BadDocument::UnknownRoot => {
            "{\"meta\":{\"id\":\"IREF1\"},\"data\":{\"dataSets\":[]}}\n".to_owned()
        }
        BadDocument::MissingAttribute => answer(&usd("2024-06-27", "")),
        BadDocument::Rate(rate) => answer(&usd("2024-06-27", rate)),
        BadDocument::FutureDate => answer(&usd("2999-01-04", "10.6465")),
        BadDocument::RepeatedCurrency => answer(&format!(
            "{}{}",
            usd("2024-06-27", "10.671"),
            usd("2024-06-27", "10.6712")
        )),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early, inside line 14 (truncated?)".to_owned(),
        BadDocument::NoDay => "the answer holds no observation".to_owned(),
        BadDocument::UnknownRoot => "not CSV: a JSON document".to_owned(),
        BadDocument::MissingAttribute => "day 2024-06-27, USD: no OBS_VALUE".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "norgesbank/EXR-2026-03-16-2026-03-24.csv",
        "norgesbank/EXR-2026-03-25-2026-03-27.csv",
        "norgesbank/EXR-latest.csv",
        "norgesbank/EXR-2024-06-24-2024-06-28.csv",
    ],
    fuzz_target: "norgesbank_csv",
};

/// The SDMX-CSV parser, for a range and for the latest.
fn check(bytes: &[u8]) {
    for asked in [Some(asked()), None] {
        if let Ok(days) = norgesbank::parse(bytes, today(), asked) {
            check_days(&days, asked);
        }
    }
}
