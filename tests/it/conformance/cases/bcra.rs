//! The Central Bank of Argentina's daily quotations, one request per
//! calendar day: the recorded list of 2026-03-19 (39 rows, 35 of them
//! currencies in pesos: `ARS`, `REF`, `XAU` and `XAG` are left out), ARS
//! per 1 or 1000 units, figures as JSON numbers padded to 8 decimals,
//! stored as printed. A day without quotes answers `fecha` null and no
//! rows, as the Bank's notes show (the body was not recorded as a file).
//! The catch-up's list of 2026-03-20 is the recording redated with USD
//! changed, and the fault week's list of 2024-06-24 seven rows in the
//! recorded shape: illustrative figures, not recorded.

use fxrates::providers::bcra;

use crate::common::env::fixture;
use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, check_days, today};

/// The path of the daily lists.
pub const PATH: &str = "/Cotizaciones";

/// The recorded list of 2026-03-19.
pub const RECORDED: &str = "bcra/Cotizaciones-2026-03-19.json";

/// The Bank's answer for a day without quotes.
pub const NO_QUOTES: &str = r#"{"status":200,"results":{"fecha":null,"detalle":[]}}"#;

/// The target of the list of `day` (YYYY-MM-DD).
pub fn day_target(day: &str) -> String {
    format!("{PATH}?fecha={day}")
}

/// The targets of the days `days`.
pub fn targets(days: &[&str]) -> Vec<String> {
    days.iter().map(|day| day_target(day)).collect()
}

/// The recorded day.
pub const WINDOW: &[&str] = &["--from", "2026-03-19", "--to", "2026-03-19"];

/// The list of 2026-03-20: the recording, redated, with USD changed.
pub fn next_day() -> String {
    fixture(RECORDED)
        .replace(r#""fecha":"2026-03-19""#, r#""fecha":"2026-03-20""#)
        .replace(
            r#""tipoCotizacion":1394.50000000"#,
            r#""tipoCotizacion":1401.25000000"#,
        )
}

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: vec![at(day_target("2026-03-19"), Reply::file(RECORDED))],
            args: WINDOW,
            days: "1 day (2026-03-19)",
            count: 35,
            requests: targets(&["2026-03-19"]),
            // ARS is the quote of every row, per 1000 for VND.
            shape: &["1 X ARS mid: 34", "1000 X ARS mid: 1"],
            currencies: "AUD,AWG,BOB,BRL,CAD,CHF,CLP,CNH,CNY,COP,CZK,DKK,EUR,GBP,HKD,ILS,INR,\
                         JPY,MXP,NIO,NOK,NZD,PEN,PYG,RSD,RUB,SEK,SGD,TRY,USD,UYU,VEB,VND,XDR,ZAR",
            rows: &[
                ("2026-03-19", "mid", "1 AUD ARS 983.81975000"),
                ("2026-03-19", "mid", "1 USD ARS 1394.50000000"),
                ("2026-03-19", "mid", "1 EUR ARS 1612.04200000"),
                ("2026-03-19", "mid", "1000 VND ARS 53.04096500"),
                ("2026-03-19", "mid", "1 MXP ARS 78.43832100"),
                ("2026-03-19", "mid", "1 VEB ARS 3.13045430"),
                ("2026-03-19", "mid", "1 CNH ARS 202.43003100"),
                ("2026-03-19", "mid", "1 XDR ARS 1894.56770000"),
                // Left out: no rates of a currency in pesos.
                ("2026-03-19", "mid", "REF ARS NULL"),
                ("2026-03-19", "mid", "XAU ARS NULL"),
                ("2026-03-19", "mid", "XAG ARS NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(day_target("2026-03-20"), Reply::ok_json(next_day()))],
            today: "2026-03-20",
            args: &[],
            summary: "1 day (2026-03-20), 35 rates: 35 inserted, 0 revised, 0 unchanged",
            requests: targets(&["2026-03-20"]),
            total: 35 * 2,
            rows: &[
                ("2026-03-20", "mid", "1 USD ARS 1401.25000000"),
                ("2026-03-20", "mid", "1 EUR ARS 1612.04200000"),
                ("2026-03-19", "mid", "1 USD ARS 1394.50000000"),
            ],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(day_target("2026-03-21"), Reply::ok_json(NO_QUOTES))],
                args: &["--date", "2026-03-21"],
                at: None,
                says: "no rates published for 2026-03-21 (a Saturday); nothing stored",
                requests: targets(&["2026-03-21"]),
            },
            Nothing {
                routes: vec![
                    at(day_target("2026-03-23"), Reply::ok_json(NO_QUOTES)),
                    at(day_target("2026-03-24"), Reply::ok_json(NO_QUOTES)),
                ],
                args: &["--from", "2026-03-23", "--to", "2026-03-24"],
                at: None,
                says: "no rates published from 2026-03-23 to 2026-03-24; nothing stored",
                requests: targets(&["2026-03-23", "2026-03-24"]),
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-03-19", "--to", "2026-03-19", "--symbols", "USD,MXP"],
            days: "1 day (2026-03-19)",
            count: 2,
            currencies: "MXP,USD",
            requests: targets(&["2026-03-19"]),
        },
    }
}

/// The fault table's week: one request per day, every one answered by the
/// route of the path (any query), so the list of 2024-06-24 answers the
/// whole week and counts for its own day only (an earlier list is none of
/// the day asked); the faults are set up on that path.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "bcra",
    path: PATH,
    query: "?fecha=2024-06-24",
    fixture: "bcra/Cotizaciones-2024-06-24.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json; charset=utf-8",
    nothing_published: NothingIs::NoDay,
};

/// One row of a list: `code = rate ARS`, the rate a JSON token as written.
pub fn row(code: &str, description: &str, rate: &str) -> String {
    format!(
        r#"{{"codigoMoneda":"{code}","descripcion":"{description}","tipoPase":0.5,"tipoCotizacion":{rate}}}"#
    )
}

/// The list of 2024-06-24 holding `rows`.
pub fn list(rows: &str) -> String {
    format!(r#"{{"status":200,"results":{{"fecha":"2024-06-24","detalle":[{rows}]}}}}"#)
}

/// The list of 2024-06-24 holding JPY, then `rows`.
fn with_jpy(rows: &str) -> String {
    list(&format!("{},{rows}", row("JPY", "YENS", "5.66185400")))
}

// The cases in the Bank's JSON, on 2024-06-24: "no day" is its answer for
// a day without quotes (its "nothing published"), "unknown root" an error
// object, "missing attribute" a row without `tipoCotizacion`. A bad USD
// rate stands beside the peso's zero row only: a zero row is left out, so
// a zero USD leaves the list without a rate.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |rate: &str| row("USD", "DOLAR E.E.U.U.", rate);
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => NO_QUOTES.to_owned(),
        BadDocument::UnknownRoot => r#"{"error":"not found"}"#.to_owned(),
        BadDocument::MissingAttribute => {
            with_jpy(&usd("904.5").replace(r#","tipoCotizacion":904.5"#, ""))
        }
        BadDocument::Rate(rate) => list(&format!(
            "{},{}",
            row("ARS", "PESO", "0.00000000"),
            usd(&json_rate(rate))
        )),
        BadDocument::FutureDate => with_jpy(&usd("904.5")).replace("2024-06-24", "2999-01-04"),
        BadDocument::RepeatedCurrency => {
            with_jpy(&format!("{},{}", usd("904.5"), usd("904.6")))
        }
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "nothing published".to_owned(),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: missing field `status`".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `tipoCotizacion`".to_owned()
        }
        BadDocument::Rate("0.0000") => {
            "day 2024-06-24: no currency quoted in pesos among its 2 rows".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-24", "USD", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-24: currency USD appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[RECORDED, "bcra/Cotizaciones-2024-06-24.json"],
    fuzz_target: "bcra_json",
};

/// The list parser: nothing, or one day.
fn check(bytes: &[u8]) {
    if let Ok(Some(day)) = bcra::parse(bytes, today()) {
        check_days(&[day], None);
    }
}
