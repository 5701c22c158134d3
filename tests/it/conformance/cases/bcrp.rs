//! The Central Reserve Bank of Peru's buying and selling rates of the US
//! dollar (the SBS's), one request per range: the recording of 2026-09-04
//! to 2026-09-08 (JSON served as `text/html`, `Set` for September, the
//! last day `n.d.`), PEN per 1 USD as printed, each rate in its series.
//! The catch-up's answer and the fault week's are written by hand in the
//! recorded shape: their figures are illustrative, not recorded. A window
//! with nothing published, the `config` without `periods`, is the note's
//! description, not a recording.

use fxrates::providers::bcrp;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The recorded answer.
pub const RECORDED: &str = "bcrp/PD04639PD-PD04640PD-2026-09-04-2026-09-08.json";

/// The path of the days `from` to `to` (YYYY-MM-DD).
pub fn range(from: &str, to: &str) -> String {
    format!("/PD04639PD-PD04640PD/json/{from}/{to}/ing")
}

/// The answer for a window with nothing published: the `config` alone.
pub const CONFIG_ONLY: &str = r#"{"config":{"title":"Tipo de cambio","series":[{"name":"Tipo de cambio - TC Sistema bancario SBS (S/ por US$) - Compra","dec":"3"},{"name":"Tipo de cambio - TC Sistema bancario SBS (S/ por US$) - Venta","dec":"3"}]}}"#;

/// The Bank's answer, served as it is: JSON as `text/html`.
pub fn html(body: impl Into<Vec<u8>>) -> Reply {
    Reply::Body {
        status: 200,
        content_type: "text/html; charset=UTF-8",
        body: body.into(),
    }
}

/// A file of the fixtures served as the Bank serves it.
pub fn html_file(name: &str) -> Reply {
    html(crate::common::env::fixture(name))
}

const WINDOW: &[&str] = &["--from", "2026-09-04", "--to", "2026-09-08"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/json, text/html",
        window: Window {
            routes: vec![at(range("2026-09-04", "2026-09-08"), html_file(RECORDED))],
            args: WINDOW,
            days: "2 days (2026-09-04..2026-09-07)",
            count: 4,
            requests: vec![range("2026-09-04", "2026-09-08")],
            // `1 USD = rate PEN`, buying and selling; no mid.
            shape: &["1 X PEN buying: 2", "1 X PEN selling: 2"],
            currencies: "USD",
            rows: &[
                ("2026-09-04", "buying", "1 USD PEN 3.36"),
                ("2026-09-04", "selling", "1 USD PEN 3.369"),
                ("2026-09-07", "buying", "1 USD PEN 3.351"),
                ("2026-09-07", "selling", "1 USD PEN 3.372"),
                ("2026-09-04", "mid", "USD PEN NULL"),
                // `n.d.` that day.
                ("2026-09-08", "buying", "USD PEN NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                range("2026-09-08", "2026-09-09"),
                html_file("bcrp/PD04639PD-PD04640PD-2026-09-08-2026-09-09.json"),
            )],
            today: "2026-09-09",
            args: &[],
            summary: "2 days (2026-09-08..2026-09-09), 4 rates: 4 inserted, 0 revised, 0 unchanged",
            requests: vec![range("2026-09-08", "2026-09-09")],
            total: 8,
            rows: &[
                ("2026-09-08", "buying", "1 USD PEN 3.355"),
                ("2026-09-09", "selling", "1 USD PEN 3.356"),
            ],
            references: "NULL",
        },
        nothing: vec![Nothing {
            routes: vec![at(range("2026-09-12", "2026-09-13"), html(CONFIG_ONLY))],
            args: &["--from", "2026-09-12", "--to", "2026-09-13"],
            at: None,
            says: "no rates published from 2026-09-12 to 2026-09-13; nothing stored",
            requests: vec![range("2026-09-12", "2026-09-13")],
        }],
        symbols: Symbols {
            args: &["--from", "2026-09-04", "--to", "2026-09-08", "--symbols", "USD"],
            days: "2 days (2026-09-04..2026-09-07)",
            count: 4,
            currencies: "USD",
            requests: vec![range("2026-09-04", "2026-09-08")],
        },
    }
}

/// The fault table's week, one request.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "bcrp",
    path: "/PD04639PD-PD04640PD/json/2024-06-24/2024-06-28/ing",
    query: "",
    fixture: "bcrp/PD04639PD-PD04640PD-2024-06-24-2024-06-28.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "text/html; charset=UTF-8",
    nothing_published: NothingIs::NoDay,
};

/// An answer of the two series holding `periods` (name, buying, selling).
pub fn answer(periods: &[(&str, &str)]) -> String {
    let periods: Vec<String> = periods
        .iter()
        .map(|(name, buying)| format!(r#"{{"name":"{name}","values":["{buying}","3.794"]}}"#))
        .collect();
    CONFIG_ONLY.replace("}]}}", &format!("}}]}},\"periods\":[{}]}}", periods.join(",")))
}

// The cases in the Bank's JSON, the week of 2024-06-24: "no day" is the
// `config` alone (its "nothing published"), "unknown root" an error
// object, "missing attribute" a period without `values`; a bad rate is the
// buying rate (the quote is USD's, buying).
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => CONFIG_ONLY.to_owned(),
        BadDocument::UnknownRoot => r#"{"error":"not found"}"#.to_owned(),
        BadDocument::MissingAttribute => answer(&[("24.Jun.24", "3.789")])
            .replace(r#","values":["3.789","3.794"]"#, ""),
        BadDocument::Rate(rate) => answer(&[("24.Jun.24", "3.789"), ("27.Jun.24", rate)]),
        BadDocument::FutureDate => answer(&[("04.Ene.89", "3.789")]),
        BadDocument::RepeatedCurrency => answer(&[("27.Jun.24", "3.789"), ("27.Jun.24", "3.79")]),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "nothing published".to_owned(),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: missing field `config`".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `values`".to_owned()
        }
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD buying: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2089-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => {
            "day 2024-06-27 follows 2024-06-27: out of order or twice".to_owned()
        }
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        RECORDED,
        "bcrp/PD04639PD-PD04640PD-2026-09-08-2026-09-09.json",
        "bcrp/PD04639PD-PD04640PD-2024-06-24-2024-06-28.json",
    ],
    fuzz_target: "bcrp_json",
};

/// The range parser, over the days of every recording.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    if let Ok(days) = bcrp::parse(bytes, today(), from, to) {
        check_days(&days, Some((from, to)));
    }
}
