//! Banco de México: the FIX and the Bank's EUR, GBP, JPY and CAD quotes,
//! MXN per 1 unit, every series in one request per calendar year, the
//! token in the `Bmx-Token` header. The recorded answer of 2–4 March 2026
//! (the series in the service's own order); the answers of 5 March 2026
//! and of June 2024, the holiday and the weekend are written by hand in the
//! recorded format, the holiday's values `N/E` and the weekend's series
//! without observations; they are illustrative, not recorded.

use fxrates::providers::banxico::{self, SERIES};

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The sentinel token: it goes in every request's `Bmx-Token` header, and
/// must show nowhere.
pub const TOKEN: &str = "SENTINEL-banxico-token-5e1f";

/// Every series, as requests name them.
pub const EVERY_SERIES: &str = "SF43718,SF46410,SF46407,SF46406,SF60632";

/// The request of `series` from `from` to `to`.
pub fn datos_of(series: &str, from: &str, to: &str) -> String {
    format!("/series/{series}/datos/{from}/{to}")
}

/// The request of every series from `from` to `to`.
pub fn datos(from: &str, to: &str) -> String {
    datos_of(EVERY_SERIES, from, to)
}

pub const WINDOW: &[&str] = &["--from", "2026-03-02", "--to", "2026-03-04"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: vec![
                at(
                    datos("2026-03-02", "2026-03-04"),
                    Reply::file("banxico/2026-03-02..2026-03-04.json"),
                ),
                // The same answer cut to the two series `--symbols` asks for.
                at(
                    datos_of("SF43718,SF46406", "2026-03-02", "2026-03-04"),
                    Reply::file("banxico/2026-03-02..2026-03-04-usd-jpy.json"),
                ),
            ],
            args: WINDOW,
            days: "3 days (2026-03-02..2026-03-04)",
            count: 15,
            requests: vec![datos("2026-03-02", "2026-03-04")],
            // Every row is `1 foreign = figure MXN`, as the series print it.
            shape: &["1 X MXN mid: 15"],
            currencies: "CAD,EUR,GBP,JPY,USD",
            rows: &[
                ("2026-03-02", "mid", "1 USD MXN 17.3485"),
                ("2026-03-02", "mid", "1 JPY MXN 0.1105"),
                ("2026-03-03", "mid", "1 EUR MXN 20.5505"),
                ("2026-03-03", "mid", "1 GBP MXN 23.5580"),
                ("2026-03-04", "mid", "1 CAD MXN 12.8601"),
                // Never inverted.
                ("2026-03-02", "mid", "MXN USD NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                datos("2026-03-05", "2026-03-05"),
                Reply::file("banxico/2026-03-05.json"),
            )],
            today: "2026-03-05",
            args: &[],
            summary: "1 day (2026-03-05), 5 rates: 5 inserted, 0 revised, 0 unchanged",
            requests: vec![datos("2026-03-05", "2026-03-05")],
            total: 20,
            rows: &[("2026-03-05", "mid", "1 USD MXN 17.6090")],
            references: "NULL",
        },
        nothing: vec![
            // A weekend: the series without observations.
            Nothing {
                routes: vec![at(
                    datos("2026-03-07", "2026-03-08"),
                    Reply::file("banxico/none-2026-03-07..2026-03-08.json"),
                )],
                args: &["--from", "2026-03-07", "--to", "2026-03-08"],
                at: None,
                says: "no rates published from 2026-03-07 to 2026-03-08; nothing stored",
                requests: vec![datos("2026-03-07", "2026-03-08")],
            },
            // Benito Juárez's day: every value N/E.
            Nothing {
                routes: vec![at(
                    datos("2026-03-16", "2026-03-16"),
                    Reply::file("banxico/holiday-2026-03-16.json"),
                )],
                args: &["--from", "2026-03-16", "--to", "2026-03-16"],
                at: None,
                says: "no rates published from 2026-03-16 to 2026-03-16; nothing stored",
                requests: vec![datos("2026-03-16", "2026-03-16")],
            },
        ],
        symbols: Symbols {
            // Only the series of the currencies asked for are asked for.
            args: &["--from", "2026-03-02", "--to", "2026-03-04", "--symbols", "jpy,usd"],
            days: "3 days (2026-03-02..2026-03-04)",
            count: 6,
            currencies: "JPY,USD",
            requests: vec![datos_of("SF43718,SF46406", "2026-03-02", "2026-03-04")],
        },
    }
}

/// The fault table's week: one request for every series.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "banxico",
    path: "/series/SF43718,SF46410,SF46407,SF46406,SF60632/datos/2024-06-24/2024-06-28",
    query: "",
    fixture: "banxico/2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[("FXRATES_BANXICO_TOKEN", TOKEN)],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json;charset=UTF-8",
    // The series without observations are its "nothing published"; a 404
    // is an error.
    nothing_published: NothingIs::NoDay,
};

/// The series `id` with its recorded title and `datos` (a JSON array's
/// contents), or without observations when `datos` is empty.
pub fn series(id: &str, datos: &str) -> String {
    let (.., named) = SERIES
        .iter()
        .find(|(known, ..)| *known == id)
        .expect("a series of the table");
    let datos = if datos.is_empty() {
        String::new()
    } else {
        format!(r#","datos":[{datos}]"#)
    };
    format!(r#"{{"idSerie":"{id}","titulo":"Cotización {named}"{datos}}}"#)
}

/// An answer of every series, the FIX holding `fix` and the others no
/// observation.
pub fn answer(fix: &str) -> String {
    let others: Vec<String> = SERIES[1..]
        .iter()
        .map(|(id, ..)| series(id, ""))
        .collect();
    format!(
        r#"{{"bmx":{{"series":[{},{}]}}}}"#,
        series("SF43718", fix),
        others.join(",")
    )
}

/// One observation.
pub fn dato(fecha: &str, value: &str) -> String {
    format!(r#"{{"fecha":"{fecha}","dato":"{value}"}}"#)
}

// The cases in the SIE's JSON, on Thursday 27 June: "no day" every series
// without observations (its "nothing published"), "unknown root" the
// series without their `bmx`, "missing attribute" an observation without
// `dato`, "currency repeated" the FIX listed twice.
fn document(bad: BadDocument) -> Vec<u8> {
    let thursday = |value: &str| dato("27/06/2024", value);
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => answer(""),
        BadDocument::UnknownRoot => format!(
            r#"{{"series":[{}]}}"#,
            series("SF43718", &thursday("17.1640"))
        ),
        BadDocument::MissingAttribute => answer(r#"{"fecha":"27/06/2024"}"#),
        BadDocument::Rate(rate) => answer(&thursday(rate)),
        BadDocument::FutureDate => answer(&dato("04/01/2999", "17.1640")),
        BadDocument::RepeatedCurrency => answer(&format!(
            "{},{}",
            thursday("17.1640"),
            thursday("17.1641")
        )),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("series without observations are nothing published"),
        BadDocument::UnknownRoot => "not the expected JSON document: missing field `bmx`".to_owned(),
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `dato`".to_owned()
        }
        BadDocument::Rate(rate) => format!("SF43718: day 2024-06-27: invalid rate {rate:?}"),
        BadDocument::FutureDate => "SF43718: day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => {
            "SF43718: day 2024-06-27 is repeated or out of order".to_owned()
        }
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "banxico/2026-03-02..2026-03-04.json",
        "banxico/2026-03-05.json",
        "banxico/2024-06-24..2024-06-28.json",
        "banxico/holiday-2026-03-16.json",
    ],
    fuzz_target: "banxico_json",
};

/// The parser, asked for every series over the recordings' days.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    if let Ok(days) = banxico::parse(bytes, &SERIES, today(), from, to) {
        check_days(&days, Some((from, to)));
    }
}
