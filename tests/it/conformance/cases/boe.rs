//! The Bank of England's IADB: one CSV download per range, one column per
//! series (26 currencies per one pound), an empty cell a currency without
//! a value that day; the header alone is nothing published.

use fxrates::providers::boe;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The IADB's CSV download.
pub const IADB: &str = "/_iadb-fromshowcolumns.asp";

/// Every series fxrates asks for, in the order it asks.
const SERIES_CODES: &str = "XUDLUSS,XUDLERS,XUDLJYS,XUDLCDS,XUDLSFS,XUDLADS,XUDLNDS,XUDLNKS,\
XUDLSKS,XUDLDKS,XUDLHDS,XUDLSGS,XUDLSRS,XUDLZRS,XUDLTWS,XUDLBK25,XUDLBK33,XUDLBK47,XUDLBK78,\
XUDLBK83,XUDLBK87,XUDLBK89,XUDLBK93,XUDLBK95,XUDLBK97,XUDLZOS4";

/// The request of the days `from` to `to` (`17/Mar/2026`).
pub fn range(from: &str, to: &str) -> String {
    format!(
        "{IADB}?csv.x=yes&Datefrom={from}&Dateto={to}&SeriesCodes={SERIES_CODES}&CSVF=TN&UsingCodes=Y"
    )
}

const WINDOW: &[&str] = &["--from", "2026-03-17", "--to", "2026-03-20"];

/// The header alone, the IADB's answer for days without a value.
fn header_only() -> Reply {
    Reply::Body {
        status: 200,
        content_type: "application/csv",
        body: b"DATE,XUDLUSS,XUDLERS,XUDLJYS\r\n".to_vec(),
    }
}

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let window = range("17/Mar/2026", "20/Mar/2026");
    let next = range("21/Mar/2026", "24/Mar/2026");
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(
                &window,
                Reply::file("boe/iadb-2026-03-17-2026-03-20.csv"),
            )],
            args: WINDOW,
            days: "4 days (2026-03-17..2026-03-20)",
            count: 104,
            requests: vec![window.clone()],
            // 26 series on 4 days, every cell of the answer.
            shape: &["1 GBP X mid: 104"],
            currencies: "AUD,CAD,CHF,CNY,CZK,DKK,EUR,HKD,HUF,ILS,INR,JPY,KRW,MYR,NOK,NZD,\
                         PLN,RON,SAR,SEK,SGD,THB,TRY,TWD,USD,ZAR",
            rows: &[
                ("2026-03-17", "mid", "1 GBP USD 1.3343"),
                ("2026-03-17", "mid", "1 GBP CAD 1.829"),
                ("2026-03-18", "mid", "1 GBP KRW 1998.788"),
                ("2026-03-19", "mid", "1 GBP JPY 211.3327"),
                ("2026-03-20", "mid", "1 GBP EUR 1.1523"),
                ("2026-03-20", "mid", "1 GBP RON 5.8721"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(&next, Reply::file("boe/iadb-2026-03-21-2026-03-24.csv"))],
            today: "2026-03-24",
            args: &[],
            summary: "2 days (2026-03-23..2026-03-24), 9 rates: 9 inserted, 0 revised, 0 unchanged",
            requests: vec![next],
            total: 104 + 9,
            rows: &[
                ("2026-03-24", "mid", "1 GBP INR 125.121"),
                // INR has no value on 23 March: its cell is empty.
                ("2026-03-23", "mid", "GBP INR NULL"),
            ],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(range("21/Mar/2026", "22/Mar/2026"), header_only())],
                args: &["--from", "2026-03-21", "--to", "2026-03-22"],
                at: None,
                says: "no rates published from 2026-03-21 to 2026-03-22; nothing stored",
                requests: vec![range("21/Mar/2026", "22/Mar/2026")],
            },
            Nothing {
                routes: vec![at(range("21/Mar/2026", "21/Mar/2026"), header_only())],
                args: &["--date", "2026-03-21"],
                at: None,
                says: "no rates published for 2026-03-21 (a Saturday); nothing stored",
                requests: vec![range("21/Mar/2026", "21/Mar/2026")],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-03-17", "--to", "2026-03-20", "--symbols", "USD,JPY"],
            days: "4 days (2026-03-17..2026-03-20)",
            count: 8,
            currencies: "JPY,USD",
            requests: vec![window],
        },
    }
}

/// The fault table's week: one CSV answer.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "boe",
    path: IADB,
    query: "?csv.x=yes&Datefrom=24/Jun/2024&Dateto=28/Jun/2024\
            &SeriesCodes=XUDLUSS,XUDLERS,XUDLJYS,XUDLCDS,XUDLSFS,XUDLADS,XUDLNDS,XUDLNKS,XUDLSKS,\
            XUDLDKS,XUDLHDS,XUDLSGS,XUDLSRS,XUDLZRS,XUDLTWS,XUDLBK25,XUDLBK33,XUDLBK47,XUDLBK78,\
            XUDLBK83,XUDLBK87,XUDLBK89,XUDLBK93,XUDLBK95,XUDLBK97,XUDLZOS4&CSVF=TN&UsingCodes=Y",
    fixture: "boe/iadb-2024-06-24-2024-06-28.csv",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not CSV: an HTML or XML page (<html>",
    content_type: "application/csv",
    nothing_published: NothingIs::NoDay,
};

/// An answer with the columns `header` (after `DATE`) and the lines `lines`.
pub fn answer(header: &str, lines: &str) -> String {
    format!("DATE,{header}\r\n{lines}")
}

// The cases in the IADB's CSV: "no day" the header alone (nothing
// published), "unknown root" a table of another shape, "missing
// attribute" a line lacking a cell, "currency repeated" a series listed
// twice in the header.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => answer("XUDLUSS,XUDLERS", ""),
        BadDocument::UnknownRoot => {
            "SERIES,DATE,VALUE\r\nXUDLUSS,27 Jun 2024,1.2634\r\n".to_owned()
        }
        BadDocument::MissingAttribute => answer("XUDLERS,XUDLUSS", "27 Jun 2024,1.1805\r\n"),
        BadDocument::Rate(rate) => {
            answer("XUDLERS,XUDLUSS", &format!("27 Jun 2024,1.1805,{rate}\r\n"))
        }
        BadDocument::FutureDate => answer("XUDLUSS", "04 Jan 2999,1.2634\r\n"),
        BadDocument::RepeatedCurrency => answer("XUDLUSS,XUDLUSS", "27 Jun 2024,1.2634,1.2635\r\n"),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early, inside line 5 (truncated?)".to_owned(),
        BadDocument::NoDay => unreachable!("the header alone means nothing published"),
        BadDocument::UnknownRoot => {
            "not the expected CSV: the first column is \"SERIES\", not DATE".to_owned()
        }
        BadDocument::MissingAttribute => "line 2 has 2 fields, the header 3".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "the header names the column XUDLUSS twice".to_owned(),
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "boe/iadb-2026-03-17-2026-03-20.csv",
        "boe/iadb-2026-03-21-2026-03-24.csv",
        "boe/iadb-2024-06-24-2024-06-28.csv",
    ],
    fuzz_target: "boe_csv",
};

/// The CSV parser, for the range of every recording.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    if let Ok(days) = boe::parse(bytes, today(), from, to) {
        check_days(&days, Some((from, to)));
    }
}
