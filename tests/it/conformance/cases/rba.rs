//! The Reserve Bank of Australia: one CSV file (table F11.1) holding every
//! day since 2023, of which a fetch keeps the days asked for; each column
//! mapped by its series id, stored as `1 AUD = value currency` with the
//! printed digits, the index (TWI) skipped. A range the file holds no day
//! of, or a file of its header alone, is nothing published.

use fxrates::providers::rba;

use crate::common::env::fixture;
use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, check_days, today};

/// The file.
pub const FILE: &str = "/statistics/tables/csv/f11.1-data.csv";

/// The recorded file's notes and header, without a day.
pub fn header_only() -> Reply {
    let header: String = fixture("rba/f11.1-data.csv")
        .lines()
        .take(11)
        .map(|line| format!("{line}\n"))
        .collect();
    Reply::Body {
        status: 200,
        content_type: "application/octet-stream",
        body: header.into_bytes(),
    }
}

pub const WEEK: &[&str] = &["--from", "2026-03-16", "--to", "2026-03-20"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            // The recorded file, 2023-01-03 to 2026-03-20.
            routes: vec![at(FILE, Reply::file("rba/f11.1-data.csv"))],
            args: WEEK,
            days: "5 days (2026-03-16..2026-03-20)",
            count: 100,
            requests: vec![FILE.to_owned()],
            // 20 currencies a day: the index (TWI) is skipped, AED and ZAR are empty.
            shape: &["1 AUD X mid: 100"],
            currencies: "CAD,CHF,CNY,EUR,GBP,HKD,IDR,INR,JPY,KRW,MYR,NZD,PGK,PHP,SGD,THB,\
                         TWD,USD,VND,XDR",
            rows: &[
                ("2026-03-16", "mid", "1 AUD USD 0.7007"),
                ("2026-03-17", "mid", "1 AUD JPY 112.65"),
                ("2026-03-18", "mid", "1 AUD IDR 12085"),
                ("2026-03-19", "mid", "1 AUD XDR 0.5167"),
                ("2026-03-20", "mid", "1 AUD KRW 1061.60"),
                ("2026-03-20", "mid", "1 AUD MYR 2.7900"),
                ("2026-03-20", "mid", "1 AUD PGK 3.0565"),
                ("2026-03-20", "mid", "AUD AED NULL"),
                ("2026-03-20", "mid", "AUD TWI NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: &["--from", "2026-03-16", "--to", "2026-03-18"],
            // The whole file again, of which the new days are kept.
            routes: vec![],
            today: "2026-03-23",
            args: &[],
            summary: "2 days (2026-03-19..2026-03-20), 40 rates: 40 inserted, 0 revised, 0 unchanged",
            requests: vec![FILE.to_owned()],
            total: 100,
            rows: &[("2026-03-20", "mid", "1 AUD KRW 1061.60")],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![],
                args: &["--date", "2026-03-21"],
                at: None,
                says: "no rates published for 2026-03-21 (a Saturday); nothing stored",
                requests: vec![FILE.to_owned()],
            },
            // The days after the file's newest.
            Nothing {
                routes: vec![],
                args: &["--from", "2026-03-23", "--to", "2026-03-24"],
                at: None,
                says: "no rates published from 2026-03-23 to 2026-03-24; nothing stored",
                requests: vec![FILE.to_owned()],
            },
            Nothing {
                routes: vec![at(FILE, header_only())],
                args: WEEK,
                at: None,
                says: "no rates published from 2026-03-16 to 2026-03-20; nothing stored",
                requests: vec![FILE.to_owned()],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-03-16", "--to", "2026-03-20", "--symbols", "USD,XDR"],
            days: "5 days (2026-03-16..2026-03-20)",
            count: 10,
            currencies: "USD,XDR",
            requests: vec![FILE.to_owned()],
        },
    }
}

/// The fault table's week: the whole file, of which the week's days are
/// kept.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "rba",
    path: FILE,
    query: "",
    fixture: "rba/f11.1-2024-06-24-2024-06-28.csv",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not CSV: an HTML or XML page (<html>",
    content_type: "application/octet-stream",
    nothing_published: NothingIs::NoDay,
};

/// A file of the series `ids` (after `Series ID`), titled as the RBA
/// titles them, with the day lines `lines`.
pub fn table(ids: &str, lines: &str) -> String {
    let titles: Vec<&str> = ids
        .split(',')
        .map(|id| match id {
            "FXRUSD" => "A$1=USD",
            "FXREUR" => "A$1=EUR",
            _ => "Trade-weighted Index May 1970 = 100",
        })
        .collect();
    format!(
        "\u{feff}F11.1  EXCHANGE RATES\nTitle,{}\n\n\nSeries ID,{ids}\n{lines}\n\n\n",
        titles.join(",")
    )
}

// The cases in the RBA's CSV: "no day" the notes and header alone
// (nothing published), "unknown root" a table without its line of series
// ids, "missing attribute" a line lacking a cell, "currency repeated" a
// series listed twice in the header.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => table("FXRUSD,FXRTWI,FXREUR", ""),
        BadDocument::UnknownRoot => "DATE,USD\n27-Jun-2024,0.6666\n".to_owned(),
        BadDocument::MissingAttribute => table("FXRUSD,FXRTWI,FXREUR", "27-Jun-2024,0.6666,63.80"),
        BadDocument::Rate(rate) => table("FXREUR,FXRUSD", &format!("27-Jun-2024,0.6232,{rate}")),
        BadDocument::FutureDate => table("FXRUSD", "04-Jan-2999,0.6666"),
        BadDocument::RepeatedCurrency => table("FXRUSD,FXRUSD", "27-Jun-2024,0.6666,0.6667"),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early, inside line 11 (truncated?)".to_owned(),
        BadDocument::NoDay => unreachable!("a file without the week means nothing published"),
        BadDocument::UnknownRoot => "not the expected CSV: no line opens with Series ID".to_owned(),
        BadDocument::MissingAttribute => "line 6 has 3 fields, the header 4".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "the header names the column FXRUSD twice".to_owned(),
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &["rba/f11.1-data.csv", "rba/f11.1-2024-06-24-2024-06-28.csv"],
    fuzz_target: "rba_csv",
};

/// The file parser: every day it holds.
fn check(bytes: &[u8]) {
    if let Ok(days) = rba::parse(bytes, today()) {
        check_days(&days, None);
    }
}
