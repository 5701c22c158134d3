//! The Bank of Canada's Valet: the daily group, one request per range,
//! `1 ISO = v CAD` stored as printed (the values are strings, zeros
//! kept); an empty `observations` array is nothing published.

use fxrates::providers::boc;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The daily group's observations.
pub const GROUP: &str = "/observations/group/FX_RATES_DAILY/json";

/// The target of a request for `query`.
pub fn group(query: &str) -> String {
    format!("{GROUP}?{query}")
}

const WINDOW: &[&str] = &["--from", "2026-03-12", "--to", "2026-03-18"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let week = group("start_date=2026-03-12&end_date=2026-03-18");
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(&week, Reply::file("boc/2026-03-12-2026-03-18.json"))],
            args: WINDOW,
            days: "5 days (2026-03-12..2026-03-18)",
            count: 115,
            requests: vec![week.clone()],
            // 5 observations of 23 series each.
            shape: &["1 X CAD mid: 115"],
            currencies: "AUD,BRL,CHF,CNY,EUR,GBP,HKD,IDR,INR,JPY,KRW,MXN,NOK,NZD,PEN,RUB,\
                         SAR,SEK,SGD,TRY,TWD,USD,ZAR",
            rows: &[
                ("2026-03-12", "mid", "1 USD CAD 1.3617"),
                ("2026-03-12", "mid", "1 JPY CAD 0.008550"),
                ("2026-03-12", "mid", "1 IDR CAD 0.000081"),
                ("2026-03-13", "mid", "1 HKD CAD 0.1752"),
                ("2026-03-16", "mid", "1 TRY CAD 0.03100"),
                ("2026-03-18", "mid", "1 USD CAD 1.3706"),
                ("2026-03-18", "mid", "1 GBP CAD 1.8258"),
                // Listed in seriesDetail without a value in the week.
                ("2026-03-12", "mid", "MYR CAD NULL"),
                ("2026-03-12", "mid", "THB CAD NULL"),
                ("2026-03-12", "mid", "VND CAD NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                group("start_date=2026-03-19&end_date=2026-03-20"),
                Reply::file("boc/2026-03-19-2026-03-20.json"),
            )],
            today: "2026-03-20",
            args: &[],
            summary: "2 days (2026-03-19..2026-03-20), 6 rates: 6 inserted, 0 revised, 0 unchanged",
            requests: vec![group("start_date=2026-03-19&end_date=2026-03-20")],
            total: 121,
            rows: &[("2026-03-20", "mid", "1 JPY CAD 0.008610")],
            references: "NULL",
        },
        nothing: vec![Nothing {
            routes: vec![at(
                group("start_date=2026-03-14&end_date=2026-03-15"),
                Reply::file("boc/no-observations.json"),
            )],
            args: &["--from", "2026-03-14", "--to", "2026-03-15"],
            at: None,
            says: "no rates published from 2026-03-14 to 2026-03-15; nothing stored",
            requests: vec![group("start_date=2026-03-14&end_date=2026-03-15")],
        }],
        symbols: Symbols {
            args: &["--from", "2026-03-12", "--to", "2026-03-18", "--symbols", "USD,JPY"],
            days: "5 days (2026-03-12..2026-03-18)",
            count: 10,
            currencies: "JPY,USD",
            requests: vec![week],
        },
    }
}

/// The fault table's week: one request, the dates in the query.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "boc",
    path: GROUP,
    query: "?start_date=2024-06-24&end_date=2024-06-28",
    fixture: "boc/2024-06-24-2024-06-28.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
    nothing_published: NothingIs::NoDay,
};

/// A group answer of the real shape holding `observations`.
fn answer(observations: &str) -> String {
    format!(
        r#"{{"terms":{{"url":"https://www.bankofcanada.ca/terms/"}},"groupDetail":{{"label":"Daily exchange rates","description":"Daily average exchange rates","link":null}},"seriesDetail":{{"FXUSDCAD":{{"label":"USD/CAD","description":"US dollar to Canadian dollar daily exchange rate","dimension":{{"key":"d","name":"Date"}}}},"FXJPYCAD":{{"label":"JPY/CAD","description":"Japanese yen to Canadian dollar daily exchange rate","dimension":{{"key":"d","name":"Date"}}}}}},"observations":[{observations}]}}"#
    )
}

// The cases in the Valet's shape: "no day" is an empty `observations`
// (nothing published), "unknown root" a bare array of observations,
// "missing attribute" a value without its `v`; every value is a string,
// so each bad rate is quoted as it stood.
fn document(bad: BadDocument) -> Vec<u8> {
    let day = |date: &str, usd: &str| {
        answer(&format!(
            r#"{{"d":"{date}","FXJPYCAD":{{"v":"0.008540"}},{usd}}}"#
        ))
    };
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => answer(""),
        BadDocument::UnknownRoot => r#"[{"d":"2024-06-27","FXUSDCAD":{"v":"1.3700"}}]"#.to_owned(),
        BadDocument::MissingAttribute => day("2024-06-27", r#""FXUSDCAD":{"value":"1.3700"}"#),
        BadDocument::Rate(rate) => day("2024-06-27", &format!(r#""FXUSDCAD":{{"v":"{rate}"}}"#)),
        BadDocument::FutureDate => day("2999-01-04", r#""FXUSDCAD":{"v":"1.3700"}"#),
        BadDocument::RepeatedCurrency => day(
            "2024-06-27",
            r#""FXUSDCAD":{"v":"1.3700"},"FXUSDCAD":{"v":"1.3701"}"#,
        ),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty observations array is nothing published"),
        BadDocument::UnknownRoot => "not the expected JSON document: invalid type".to_owned(),
        BadDocument::MissingAttribute => {
            r#"day 2024-06-27, USD: invalid value {"value":"1.3700"}"#.to_owned()
        }
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "boc/2026-03-12-2026-03-18.json",
        "boc/2026-03-19-2026-03-20.json",
        "boc/2024-06-24-2024-06-28.json",
        "boc/no-observations.json",
    ],
    fuzz_target: "boc_json",
};

/// The group parser, for a range and for the latest.
fn check(bytes: &[u8]) {
    for asked in [Some(asked()), None] {
        if let Ok(days) = boc::parse(bytes, today(), asked) {
            check_days(&days, asked);
        }
    }
}
