//! Frankfurter v2: NDJSON read line by line, `1 EUR = rate quote`, the
//! base's identity row dropped, a day holding only the currencies with a
//! new figure; the newest stored day fetched again by a catch-up, since
//! the blend may change. An answer without a figure of the days asked for
//! is nothing published. The answers are written by hand in the shape of
//! the API's OpenAPI description.

use fxrates::model::CurrencyCode;
use fxrates::providers::frankfurter2;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The rates.
const RATES: &str = "/rates";

/// The request with `query`.
fn rates(query: &str) -> String {
    format!("{RATES}?{query}")
}

const WINDOW: &[&str] = &["--from", "2024-06-24", "--to", "2024-06-28"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let week = rates("from=2024-06-24&to=2024-06-28&base=EUR");
    let later = rates("from=2024-06-28&to=2024-07-01&base=EUR");
    let weekend = rates("from=2024-06-29&to=2024-06-30&base=EUR");
    Case {
        request: target,
        method: "GET",
        accept: "application/x-ndjson",
        window: Window {
            routes: vec![
                at(&week, Reply::file("frankfurter2/2024-06-24..2024-06-28.ndjson")),
                // Any other query gets the week too, more than it asks for.
                at(RATES, Reply::file("frankfurter2/2024-06-24..2024-06-28.ndjson")),
            ],
            args: WINDOW,
            days: "5 days (2024-06-24..2024-06-28)",
            count: 22,
            requests: vec![week.clone()],
            shape: &["1 EUR X mid: 22"],
            currencies: "CHF,GBP,ISK,JPY,USD",
            rows: &[
                // Trailing zeros kept; ISK only on the days the blend has it.
                ("2024-06-26", "mid", "1 EUR USD 1.06940"),
                ("2024-06-24", "mid", "1 EUR ISK 149.1"),
                ("2024-06-25", "mid", "EUR ISK NULL"),
                ("2024-06-26", "mid", "EUR ISK NULL"),
                ("2024-06-27", "mid", "1 EUR ISK 149.3"),
                ("2024-06-28", "mid", "EUR ISK NULL"),
                ("2024-06-24", "mid", "EUR EUR NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                &later,
                Reply::file("frankfurter2/2024-06-28..2024-07-01.ndjson"),
            )],
            today: "2024-07-01",
            args: &[],
            summary: "2 days (2024-06-28..2024-07-01), 8 rates: 4 inserted, 1 revised, 3 unchanged",
            // The newest stored day again, then the new days.
            requests: vec![later],
            total: 22 + 4,
            rows: &[("2024-06-28", "mid", "1 EUR USD 1.07052")],
            references: "NULL",
        },
        // Only the figures in force before the days asked for.
        nothing: vec![Nothing {
            routes: vec![at(
                &weekend,
                Reply::file("frankfurter2/2024-06-29..2024-06-30.ndjson"),
            )],
            args: &["--from", "2024-06-29", "--to", "2024-06-30"],
            at: None,
            says: "no rates published from 2024-06-29 to 2024-06-30; nothing stored",
            requests: vec![weekend],
        }],
        symbols: Symbols {
            args: &["--from", "2024-06-24", "--to", "2024-06-28", "--symbols", "USD,GBP"],
            days: "5 days (2024-06-24..2024-06-28)",
            count: 10,
            currencies: "GBP,USD",
            requests: vec![rates("from=2024-06-24&to=2024-06-28&base=EUR&quotes=USD,GBP")],
        },
    }
}

/// The fault table's week: one NDJSON request, the days and the base in
/// the query.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "frankfurter2",
    path: RATES,
    query: "?from=2024-06-24&to=2024-06-28&base=EUR",
    fixture: "frankfurter2/2024-06-24..2024-06-28.ndjson",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "line 1: not JSON: expected value at line 1 column 1",
    content_type: "application/x-ndjson",
    nothing_published: NothingIs::NoDay,
};

/// One line of the answer, against the euro.
fn line(date: &str, quote: &str, rate: &str) -> String {
    format!(r#"{{"date":"{date}","base":"EUR","quote":"{quote}","rate":{rate}}}"#)
}

// The cases as NDJSON: "no day" is only the figures in force before the
// week (nothing published), "unknown root" the lines as one JSON array,
// "missing attribute" a line without its rate; each bad line is the second.
fn document(bad: BadDocument) -> Vec<u8> {
    let day = |date: &str, usd: &[&str]| {
        let mut lines = vec![line(date, "JPY", "171.20")];
        lines.extend(usd.iter().map(|rate| line(date, "USD", rate)));
        lines.join("\n") + "\n"
    };
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        // The figures in force on the first day: the Friday before.
        BadDocument::NoDay => [
            line("2024-06-21", "EUR", "1.0"),
            line("2024-06-21", "USD", "1.0692"),
        ]
        .join("\n"),
        BadDocument::UnknownRoot => format!("[{}]\n", line("2024-06-27", "USD", "1.0714")),
        BadDocument::MissingAttribute => day("2024-06-27", &[]).replace(
            "\n",
            "\n{\"date\":\"2024-06-27\",\"base\":\"EUR\",\"quote\":\"USD\"}\n",
        ),
        BadDocument::Rate(rate) => day("2024-06-27", &[&json_rate(rate)]),
        BadDocument::FutureDate => day("2999-01-04", &["1.0714"]),
        BadDocument::RepeatedCurrency => day("2024-06-27", &["1.0714", "1.0715"]),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "line 19: the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty answer is nothing published"),
        BadDocument::UnknownRoot => "line 1: not the expected JSON document: invalid".to_owned(),
        BadDocument::MissingAttribute => {
            "line 2: not the expected JSON document: missing field `rate`".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "USD", rate),
        BadDocument::FutureDate => "line 1: day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "frankfurter2/latest.ndjson",
        "frankfurter2/2024-06-24..2024-06-28.ndjson",
        "frankfurter2/invalid-currency.json",
    ],
    fuzz_target: "frankfurter2_ndjson",
};

/// The NDJSON parser, for a range and for the latest: no identity row.
fn check(bytes: &[u8]) {
    for asked in [Some(asked()), None] {
        if let Ok(days) = frankfurter2::parse(bytes, today(), CurrencyCode::EUR, asked) {
            check_days(&days, asked);
            assert!(
                days.iter().all(|day| day.home() == CurrencyCode::EUR
                    && day.rates().iter().all(|rate| rate.base == CurrencyCode::EUR)),
                "a rate not against the base asked for"
            );
        }
    }
}
