//! The Narodowy Bank Polski: table A's mid rates, PLN per one unit, one
//! request per range; the recorded tables 041–044/A/NBP/2026
//! (2026-03-02..05) stored with their numbers. HTTP 404 for a range is
//! nothing published.

use fxrates::providers::nbp;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The path of the range `from..=to` of table A.
pub fn range(from: &str, to: &str) -> String {
    format!("/exchangerates/tables/A/{from}/{to}/")
}

/// The request of the range `from..=to`.
pub fn asked_for(from: &str, to: &str) -> String {
    format!("{}?format=json", range(from, to))
}

const WINDOW: &[&str] = &["--from", "2026-03-01", "--to", "2026-03-05"];

const TABLES: &str = "2026-03-02 041/A/NBP/2026, 2026-03-03 042/A/NBP/2026, \
                      2026-03-04 043/A/NBP/2026, 2026-03-05 044/A/NBP/2026";

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(
                range("2026-03-01", "2026-03-05"),
                Reply::file("nbp/2026-03-01..2026-03-05.json"),
            )],
            args: WINDOW,
            days: "4 days (2026-03-02..2026-03-05)",
            count: 128,
            requests: vec![asked_for("2026-03-01", "2026-03-05")],
            // Every row is `1 foreign = rate PLN`, as table A prints it.
            shape: &["1 X PLN mid: 128"],
            currencies: "AUD,BRL,CAD,CHF,CLP,CNY,CZK,DKK,EUR,GBP,HKD,HUF,IDR,ILS,INR,ISK,\
                         JPY,KRW,MXN,MYR,NOK,NZD,PHP,RON,SEK,SGD,THB,TRY,UAH,USD,XDR,ZAR",
            rows: &[
                ("2026-03-02", "mid", "1 USD PLN 3.6056"),
                ("2026-03-02", "mid", "1 CAD PLN 2.6410"),
                ("2026-03-02", "mid", "1 RON PLN 0.8300"),
                ("2026-03-02", "mid", "1 HUF PLN 0.011155"),
                ("2026-03-02", "mid", "1 XDR PLN 4.9266"),
                ("2026-03-05", "mid", "1 EUR PLN 4.2739"),
                ("2026-03-05", "mid", "1 JPY PLN 0.023397"),
            ],
            references: TABLES,
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                range("2026-03-06", "2026-03-09"),
                Reply::file("nbp/2026-03-06..2026-03-09.json"),
            )],
            today: "2026-03-09",
            args: &[],
            summary: "2 days (2026-03-06..2026-03-09), 6 rates: 6 inserted, 0 revised, 0 unchanged",
            requests: vec![asked_for("2026-03-06", "2026-03-09")],
            total: 128 + 6,
            rows: &[("2026-03-09", "mid", "1 XDR PLN 5.0098")],
            references: "2026-03-02 041/A/NBP/2026, 2026-03-03 042/A/NBP/2026, \
                         2026-03-04 043/A/NBP/2026, 2026-03-05 044/A/NBP/2026, \
                         2026-03-06 045/A/NBP/2026, 2026-03-09 046/A/NBP/2026",
        },
        // Easter Saturday to Easter Monday 2026: no table.
        nothing: vec![Nothing {
            routes: vec![at(
                range("2026-04-04", "2026-04-06"),
                Reply::Body {
                    status: 404,
                    content_type: "text/plain; charset=utf-8",
                    body: b"404 NotFound - Not Found - Brak danych".to_vec(),
                },
            )],
            args: &["--from", "2026-04-04", "--to", "2026-04-06"],
            at: None,
            says: "no rates published from 2026-04-04 to 2026-04-06; nothing stored",
            requests: vec![asked_for("2026-04-04", "2026-04-06")],
        }],
        symbols: Symbols {
            args: &["--from", "2026-03-01", "--to", "2026-03-05", "--symbols", "USD,XDR"],
            days: "4 days (2026-03-02..2026-03-05)",
            count: 8,
            currencies: "USD,XDR",
            requests: vec![asked_for("2026-03-01", "2026-03-05")],
        },
    }
}

/// The fault table's week: one range request of table A.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "nbp",
    path: "/exchangerates/tables/A/2024-06-24/2024-06-28/",
    query: "?format=json",
    fixture: "nbp/2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
    nothing_published: NothingIs::Http404,
};

/// An answer holding one table `table` of `date` with the rows `rows`.
pub fn one_table(table: &str, date: &str, rows: &str) -> String {
    format!(
        r#"[{{"table":"{table}","no":"124/A/NBP/2024","effectiveDate":"{date}","rates":[{{"currency":"jen (Japonia)","code":"JPY","mid":0.025108}},{rows}]}}]"#
    )
}

// The cases in the NBP's JSON: "no day" is an empty array (the NBP says
// "none" with a 404, never so), "unknown root" a table outside an array,
// "missing attribute" a row without `mid`.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |mid: &str| format!(r#"{{"currency":"dolar amerykański","code":"USD","mid":{mid}}}"#);
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => {
            let array = one_table("A", "2024-06-27", &usd("4.0311"));
            array[1..array.len() - 1].to_owned()
        }
        BadDocument::MissingAttribute => one_table(
            "A",
            "2024-06-27",
            r#"{"currency":"dolar amerykański","code":"USD"}"#,
        ),
        BadDocument::Rate(rate) => one_table("A", "2024-06-27", &usd(&json_rate(rate))),
        BadDocument::FutureDate => one_table("A", "2999-01-04", &usd("4.0311")),
        BadDocument::RepeatedCurrency => one_table(
            "A",
            "2024-06-27",
            &format!("{},{}", usd("4.0311"), usd("4.0312")),
        ),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "the answer holds no table of rates".to_owned(),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a sequence".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `mid`".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "USD", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "nbp/2026-03-01..2026-03-05.json",
        "nbp/2026-03-06..2026-03-09.json",
        "nbp/2024-06-24..2024-06-28.json",
    ],
    fuzz_target: "nbp_json",
};

/// The table parser, for a range and for the latest: at least one table.
fn check(bytes: &[u8]) {
    for asked in [Some(asked()), None] {
        if let Ok(days) = nbp::parse(bytes, today(), asked) {
            assert!(!days.is_empty(), "accepted an answer without a table");
            check_days(&days, asked);
        }
    }
}
