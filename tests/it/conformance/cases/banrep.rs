//! The Banco de la República: the TRM, `1 USD = valor COP`, one row per
//! TRM dated its first day of validity and stated valid to its last
//! (`vigenciahasta`) when it runs past it; one request per range. The
//! recorded TRMs of Friday 20 and Saturday 21 March 2026 (the latter in
//! force to Tuesday 24 over the holiday Monday). The TRMs of 25–26 March
//! 2026 and of the fault table's week (June 2024) are written by hand in
//! the recorded format; their figures are illustrative, not recorded. A
//! range without a TRM starting in it is answered `[]`: nothing published.

use fxrates::providers::banrep;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The dataset's path.
pub const PATH: &str = "/resource/32sa-8pi3.json";

/// The recording.
pub const RECORDED: &str = "banrep/trm-2026-03-20..2026-03-21.json";

/// The request of the TRMs starting `from` to `to` (`YYYY-MM-DD`).
pub fn trms(from: &str, to: &str) -> String {
    let day = |s: &str| s.parse().expect("a test date");
    format!("{PATH}?{}", banrep::query(day(from), day(to)))
}

/// The dataset's answer when no TRM starts in the days asked for.
pub fn none() -> Reply {
    Reply::Body {
        status: 200,
        content_type: "application/json;charset=utf-8",
        body: b"[]".to_vec(),
    }
}

/// A record of the TRM `valor` in force `from` to `to` (`YYYY-MM-DD`).
pub fn record(valor: &str, from: &str, to: &str) -> String {
    format!(
        r#"{{"valor":"{valor}","unidad":"COP","vigenciadesde":"{from}T00:00:00.000","vigenciahasta":"{to}T00:00:00.000"}}"#
    )
}

const WINDOW: &[&str] = &["--from", "2026-03-20", "--to", "2026-03-21"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: vec![at(trms("2026-03-20", "2026-03-21"), Reply::file(RECORDED))],
            args: WINDOW,
            days: "2 days (2026-03-20..2026-03-21)",
            count: 2,
            requests: vec![trms("2026-03-20", "2026-03-21")],
            // Every row is `1 USD = valor COP`, as the TRM is stated.
            shape: &["1 X COP mid: 2"],
            currencies: "USD",
            rows: &[
                ("2026-03-20", "mid", "1 USD COP 3692.48"),
                ("2026-03-21", "mid", "1 USD COP 3704.87"),
                // Saturday's TRM is in force to Tuesday, under its first day.
                ("2026-03-23", "mid", "USD COP NULL"),
                ("2026-03-24", "mid", "USD COP NULL"),
            ],
            references: "NULL",
        },
        // Run on Wednesday the 25th in the Bogotá afternoon: Thursday's TRM
        // is out, dated ahead.
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                trms("2026-03-22", "2026-03-26"),
                Reply::file("banrep/trm-2026-03-25..2026-03-26.json"),
            )],
            today: "2026-03-25",
            args: &[],
            summary: "2 days (2026-03-25..2026-03-26), 2 rates: 2 inserted, 0 revised, 0 unchanged",
            requests: vec![trms("2026-03-22", "2026-03-26")],
            total: 4,
            rows: &[
                ("2026-03-25", "mid", "1 USD COP 3711.05"),
                ("2026-03-26", "mid", "1 USD COP 3698.4"),
            ],
            references: "NULL",
        },
        nothing: vec![
            // Sunday and Monday: no TRM starts on either.
            Nothing {
                routes: vec![at(trms("2026-03-22", "2026-03-23"), none())],
                args: &["--from", "2026-03-22", "--to", "2026-03-23"],
                at: None,
                says: "no rates published from 2026-03-22 to 2026-03-23; nothing stored",
                requests: vec![trms("2026-03-22", "2026-03-23")],
            },
            Nothing {
                routes: vec![at(trms("2026-03-22", "2026-03-22"), none())],
                args: &["--date", "2026-03-22"],
                at: None,
                says: "no rates published for 2026-03-22 (a Sunday); nothing stored",
                requests: vec![trms("2026-03-22", "2026-03-22")],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-03-20", "--to", "2026-03-21", "--symbols", "USD"],
            days: "2 days (2026-03-20..2026-03-21)",
            count: 2,
            currencies: "USD",
            requests: vec![trms("2026-03-20", "2026-03-21")],
        },
    }
}

/// The fault table's week: one request; TRMs of Tuesday to Friday.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "banrep",
    path: PATH,
    query: "?$limit=1000&$order=vigenciadesde%20ASC&$where=vigenciadesde%3E=%272024-06-24T00:00:00.000%27%20AND%20vigenciadesde%3C=%272024-06-28T00:00:00.000%27",
    fixture: "banrep/trm-2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json;charset=utf-8",
    // `[]` is the dataset's "no TRM in the window"; a 404 is an error.
    nothing_published: NothingIs::NoDay,
};

/// An answer of Wednesday's TRM, then `records`.
pub fn after_wednesday(records: &str) -> String {
    format!(
        "[{}\n,{records}]",
        record("4118.9", "2024-06-26", "2024-06-26")
    )
}

// The cases in the dataset's JSON, around Thursday 27 June: "no day" an
// empty array (its "nothing published"), "unknown root" a record outside
// an array, "missing attribute" a record without `valor`, "currency
// repeated" Thursday's TRM twice.
fn document(bad: BadDocument) -> Vec<u8> {
    let thursday = |valor: &str| record(valor, "2024-06-27", "2024-06-27");
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => thursday("4110.62"),
        BadDocument::MissingAttribute => {
            after_wednesday(&thursday("4110.62").replace(r#""valor":"4110.62","#, ""))
        }
        BadDocument::Rate(rate) => after_wednesday(&thursday(rate)),
        BadDocument::FutureDate => format!("[{}]", record("4000", "2999-01-04", "2999-01-04")),
        BadDocument::RepeatedCurrency => {
            after_wednesday(&format!("{}\n,{}", thursday("4110.62"), thursday("4110.63")))
        }
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty array is nothing published"),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a sequence".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `valor`".to_owned()
        }
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => {
            "day 2024-06-27 starts within the TRM of 2024-06-27 (to 2024-06-27): repeated or out of order"
                .to_owned()
        }
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        RECORDED,
        "banrep/trm-2026-03-25..2026-03-26.json",
        "banrep/trm-2024-06-24..2024-06-28.json",
    ],
    fuzz_target: "banrep_json",
};

/// The TRM parser, asked for every recording's days and for the first
/// days of the history.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    let first = banrep::INFO.first_day;
    for (from, to) in [(from, to), (first, first + chrono::Days::new(7))] {
        if let Ok(days) = banrep::parse(bytes, today(), from, to) {
            check_days(&days, Some((from, to)));
        }
    }
}
