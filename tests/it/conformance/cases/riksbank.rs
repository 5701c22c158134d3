//! The Sveriges Riksbank's SWEA API: group 130, one request per range,
//! `SEK{ISO}PMI` stored as `1 ISO = value SEK`, `SEKETT` (the krona
//! against itself) skipped; `204 No Content` is nothing published.

use fxrates::providers::riksbank;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The request of a range of group 130.
pub fn range(from: &str, to: &str) -> String {
    format!("/Observations/ByGroup/130/{from}/{to}")
}

const WINDOW: &[&str] = &["--from", "2026-03-24", "--to", "2026-03-28"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let window = range("2026-03-24", "2026-03-28");
    let later = range("2026-03-28", "2026-03-31");
    let weekend = range("2026-03-28", "2026-03-29");
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(&window, Reply::file("riksbank/2026-03-24-2026-03-28.json"))],
            args: WINDOW,
            days: "4 days (2026-03-24..2026-03-27)",
            count: 116,
            requests: vec![window.clone()],
            // 120 rows: 29 currencies and SEKETT (not a rate) on each of 4 days.
            shape: &["1 X SEK mid: 116"],
            currencies: "AUD,BRL,CAD,CHF,CNY,CZK,DKK,EUR,GBP,HKD,HUF,IDR,ILS,INR,ISK,JPY,\
                         KRW,MXN,MYR,NOK,NZD,PHP,PLN,RON,SGD,THB,TRY,USD,ZAR",
            rows: &[
                ("2026-03-24", "mid", "1 AUD SEK 6.5"),
                ("2026-03-24", "mid", "1 USD SEK 9.35344"),
                ("2026-03-24", "mid", "1 IDR SEK 0.00055"),
                ("2026-03-24", "mid", "1 JPY SEK 0.05885"),
                ("2026-03-24", "mid", "1 EUR SEK 10.8238"),
                ("2026-03-27", "mid", "1 AUD SEK 6.5017"),
                ("2026-03-24", "mid", "ETT SEK NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(&later, Reply::file("riksbank/2026-03-30-2026-03-31.json"))],
            today: "2026-03-31",
            args: &[],
            summary: "2 days (2026-03-30..2026-03-31), 6 rates: 6 inserted, 0 revised, 0 unchanged",
            requests: vec![later],
            total: 116 + 6,
            rows: &[("2026-03-31", "mid", "1 JPY SEK 0.0589")],
            references: "NULL",
        },
        // A window without a fixing is answered 204, or 200 with `[]`.
        nothing: [Vec::new(), b"[]".to_vec()]
            .into_iter()
            .map(|body| Nothing {
                routes: vec![at(
                    &weekend,
                    Reply::Body {
                        status: if body.is_empty() { 204 } else { 200 },
                        content_type: "application/json",
                        body,
                    },
                )],
                args: &["--from", "2026-03-28", "--to", "2026-03-29"],
                at: None,
                says: "no rates published from 2026-03-28 to 2026-03-29; nothing stored",
                requests: vec![weekend.clone()],
            })
            .collect(),
        symbols: Symbols {
            args: &["--from", "2026-03-24", "--to", "2026-03-28", "--symbols", "USD,EUR"],
            days: "4 days (2026-03-24..2026-03-27)",
            count: 8,
            currencies: "EUR,USD",
            requests: vec![window],
        },
    }
}

/// The fault table's week: one request, the dates in the path. A 200
/// answer without a rate (`[]`) is the "document without a day": nothing
/// published, as a 204 is.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "riksbank",
    path: "/Observations/ByGroup/130/2024-06-24/2024-06-28",
    query: "",
    fixture: "riksbank/2024-06-24-2024-06-28.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
    nothing_published: NothingIs::NoDay,
};

/// One row of the answer.
fn row(series: &str, date: &str, value: &str) -> String {
    format!(r#"{{"seriesId":"{series}","date":"{date}","value":{value}}}"#)
}

// The cases in SWEA's shape: "unknown root" is one row as an object instead
// of an array, "missing attribute" a row without its value.
fn document(bad: BadDocument) -> Vec<u8> {
    let day = |date: &str, usd: &[&str]| {
        let mut rows = vec![row("SEKJPYPMI", date, "0.06588")];
        rows.extend(usd.iter().map(|value| row("SEKUSDPMI", date, value)));
        format!("[{}]", rows.join(","))
    };
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => row("SEKUSDPMI", "2024-06-27", "10.5913"),
        BadDocument::MissingAttribute => {
            r#"[{"seriesId":"SEKUSDPMI","date":"2024-06-27"}]"#.to_owned()
        }
        BadDocument::Rate(rate) => day("2024-06-27", &[&json_rate(rate)]),
        BadDocument::FutureDate => day("2999-01-04", &["10.5913"]),
        BadDocument::RepeatedCurrency => day("2024-06-27", &["10.5913", "10.5914"]),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an answer without a rate means nothing published"),
        BadDocument::UnknownRoot => "not the expected JSON document: invalid type: map".to_owned(),
        BadDocument::MissingAttribute => "an observation lacks value".to_owned(),
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "USD", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "riksbank/2026-03-24-2026-03-28.json",
        "riksbank/2026-03-30-2026-03-31.json",
        "riksbank/2024-06-24-2024-06-28.json",
    ],
    fuzz_target: "riksbank_json",
};

/// The observations parser, for a range and for the latest.
fn check(bytes: &[u8]) {
    for asked in [Some(asked()), None] {
        if let Ok(days) = riksbank::parse(bytes, today(), asked) {
            check_days(&days, asked);
        }
    }
}
