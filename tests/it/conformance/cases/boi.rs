//! The Bank of Israel's SDMX REST service: the representative rates of the
//! `EXR` dataflow in SDMX-CSV, each value stored as the service gives it
//! (ILS per 1, 10 or 100 units); HTTP 404 (SDMX's "No Results Found") or a
//! bare header is nothing published.

use fxrates::providers::boi;

use crate::common::env::fixture;
use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The dataflow.
pub const DATAFLOW: &str = "/data/dataflow/BOI.STATISTICS/EXR/1.0/";

/// The request of the days `from` to `to`.
pub fn range(from: &str, to: &str) -> String {
    format!("{DATAFLOW}?c%5BDATA_TYPE%5D=OF00&startperiod={from}&endperiod={to}&format=csv")
}

const WINDOW: &[&str] = &["--from", "2026-03-01", "--to", "2026-03-20"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let window = range("2026-03-01", "2026-03-20");
    let next = range("2026-03-07", "2026-03-24");
    let header = fixture("boi/EXR-OF00-2026-03-01-2026-03-20.csv");
    let header = header.lines().next().expect("a header");
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(
                &window,
                Reply::file("boi/EXR-OF00-2026-03-01-2026-03-20.csv"),
            )],
            args: WINDOW,
            days: "3 days (2026-03-02..2026-03-06)",
            count: 28,
            requests: vec![window.clone()],
            shape: &["1 X ILS mid: 22", "10 X ILS mid: 3", "100 X ILS mid: 3"],
            currencies: "AUD,CAD,CHF,DKK,EGP,EUR,GBP,JOD,JPY,LBP,NOK,SEK,USD,ZAR",
            rows: &[
                ("2026-03-02", "mid", "1 USD ILS 3.073"),
                ("2026-03-02", "mid", "1 EUR ILS 3.5601"),
                ("2026-03-05", "mid", "1 EUR ILS 3.544"),
                ("2026-03-06", "mid", "100 JPY ILS 1.966"),
                ("2026-03-02", "mid", "10 LBP ILS 0.0003"),
                ("2026-03-02", "mid", "1 ZAR ILS 0.1813"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            // The newest day stored is the 6th.
            routes: vec![at(
                &next,
                Reply::file("boi/EXR-OF00-2026-03-07-2026-03-24.csv"),
            )],
            today: "2026-03-24",
            args: &[],
            summary: "2 days (2026-03-23..2026-03-24), 6 rates: 6 inserted, 0 revised, 0 unchanged",
            requests: vec![next],
            total: 28 + 6,
            rows: &[("2026-03-24", "mid", "1 EUR ILS 3.589")],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(
                    range("2026-03-07", "2026-03-08"),
                    Reply::Body {
                        status: 404,
                        content_type: "text/plain; charset=utf-8",
                        body: b"NoResultsFound".to_vec(),
                    },
                )],
                args: &["--from", "2026-03-07", "--to", "2026-03-08"],
                at: None,
                says: "no rates published from 2026-03-07 to 2026-03-08; nothing stored",
                requests: vec![range("2026-03-07", "2026-03-08")],
            },
            Nothing {
                routes: vec![at(
                    range("2026-03-14", "2026-03-15"),
                    Reply::Body {
                        status: 200,
                        content_type: "text/csv; charset=utf-8",
                        body: format!("{header}\n").into_bytes(),
                    },
                )],
                args: &["--from", "2026-03-14", "--to", "2026-03-15"],
                at: None,
                says: "no rates published from 2026-03-14 to 2026-03-15; nothing stored",
                requests: vec![range("2026-03-14", "2026-03-15")],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-03-01", "--to", "2026-03-20", "--symbols", "USD,JPY"],
            days: "3 days (2026-03-02..2026-03-06)",
            count: 6,
            currencies: "JPY,USD",
            requests: vec![window],
        },
    }
}

/// The fault table's week: one SDMX-CSV answer.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "boi",
    path: DATAFLOW,
    query: "?c%5BDATA_TYPE%5D=OF00&startperiod=2024-06-24&endperiod=2024-06-28&format=csv",
    fixture: "boi/EXR-OF00-2024-06-24-2024-06-28.csv",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not CSV: an HTML or XML page (<html>",
    content_type: "text/csv; charset=utf-8",
    nothing_published: NothingIs::Http404OrNoDay,
};

const HEADER: &str = "SERIES_CODE,FREQ,BASE_CURRENCY,COUNTER_CURRENCY,UNIT_MEASURE,DATA_TYPE,DATA_SOURCE,TIME_COLLECT,CONF_STATUS,PUB_WEBSITE,UNIT_MULT,COMMENTS,TIME_PERIOD,OBS_VALUE,RELEASE_STATUS\n";

/// The line of `currency` on `date` with `value`.
pub fn line(currency: &str, date: &str, value: &str) -> String {
    format!("RER_{currency}_ILS,D,{currency},ILS,ILS,OF00,BOI_MRKT,V,F,Y,0,,{date},{value},YP\n")
}

/// An answer holding the EUR rate of 2024-06-27, then `lines`.
pub fn answer(lines: &str) -> String {
    format!("{HEADER}{}{lines}", line("EUR", "2024-06-27", "4.0311"))
}

// The cases in SDMX-CSV: "no day" is the header alone (nothing published),
// "unknown root" an SDMX-JSON answer, "missing attribute" a line with an
// empty OBS_VALUE.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => HEADER.to_owned(),
        BadDocument::UnknownRoot => {
            "{\"meta\":{\"id\":\"IREF1\"},\"data\":{\"dataSets\":[]}}\n".to_owned()
        }
        BadDocument::MissingAttribute => answer(&line("USD", "2024-06-27", "")),
        BadDocument::Rate(rate) => answer(&line("USD", "2024-06-27", rate)),
        BadDocument::FutureDate => answer(&line("USD", "2999-01-04", "3.769")),
        BadDocument::RepeatedCurrency => answer(&format!(
            "{}{}",
            line("USD", "2024-06-27", "3.769"),
            line("USD", "2024-06-27", "3.77")
        )),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early, inside line 11 (truncated?)".to_owned(),
        BadDocument::NoDay => unreachable!("the header alone means nothing published"),
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
        "boi/EXR-OF00-2026-03-01-2026-03-20.csv",
        "boi/EXR-OF00-2026-03-07-2026-03-24.csv",
        "boi/EXR-OF00-2024-06-24-2024-06-28.csv",
    ],
    fuzz_target: "boi_csv",
};

/// The SDMX-CSV parser, for the range of every recording.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    if let Ok(days) = boi::parse(bytes, today(), from, to) {
        check_days(&days, Some((from, to)));
    }
}
