//! The National Bank of the Republic of Belarus's daily lists, one
//! request per calendar day: the recorded list of 2026-03-17 (30
//! currencies, BYN per 1 to 100000 units, rates as JSON numbers with their
//! trailing zeros), stored as printed. `[]` and HTTP 404 for a day are
//! nothing published (neither was recorded). The catch-up's list of
//! 2026-03-18 is the recording redated with USD and EUR changed, and the
//! fault week's the recording redated: illustrative, not recorded.

use fxrates::providers::nbrb;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, check_days, today};

/// The path of the daily lists.
pub const PATH: &str = "/exrates/rates";

/// The target of the list of `day` (YYYY-MM-DD).
pub fn day_target(day: &str) -> String {
    format!("{PATH}?periodicity=0&ondate={day}")
}

/// The targets of the days `days`.
pub fn targets(days: &[&str]) -> Vec<String> {
    days.iter().map(|day| day_target(day)).collect()
}

/// The recorded day.
pub const WINDOW: &[&str] = &["--from", "2026-03-17", "--to", "2026-03-17"];

/// The recorded list of 2026-03-17.
pub const RECORDED: &str = "nbrb/rates-2026-03-17.json";

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: vec![at(day_target("2026-03-17"), Reply::file(RECORDED))],
            args: WINDOW,
            days: "1 day (2026-03-17)",
            count: 30,
            requests: targets(&["2026-03-17"]),
            shape: &[
                "1 X BYN mid: 10",
                "10 X BYN mid: 9",
                "100 X BYN mid: 7",
                "1000 X BYN mid: 2",
                "100000 X BYN mid: 2",
            ],
            currencies: "AED,AMD,AUD,BRL,CAD,CHF,CNY,CZK,DKK,EUR,GBP,INR,IRR,ISK,JPY,KGS,KWD,\
                         KZT,MDL,NOK,NZD,PLN,RUB,SEK,SGD,TRY,UAH,USD,VND,XDR",
            rows: &[
                ("2026-03-17", "mid", "1 AUD BYN 2.0700"),
                ("2026-03-17", "mid", "1 USD BYN 2.9463"),
                ("2026-03-17", "mid", "1 EUR BYN 3.3741"),
                ("2026-03-17", "mid", "100 JPY BYN 1.8494"),
                ("2026-03-17", "mid", "100 RUB BYN 3.6709"),
                ("2026-03-17", "mid", "100000 IRR BYN 0.2229"),
                ("2026-03-17", "mid", "1000 AMD BYN 7.8014"),
                ("2026-03-17", "mid", "1 XDR BYN 4.0009"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                day_target("2026-03-18"),
                Reply::file("nbrb/rates-2026-03-18.json"),
            )],
            today: "2026-03-18",
            args: &[],
            summary: "1 day (2026-03-18), 30 rates: 30 inserted, 0 revised, 0 unchanged",
            // Up to tomorrow, whose list is not set yet (404).
            requests: targets(&["2026-03-18", "2026-03-19"]),
            total: 60,
            rows: &[
                ("2026-03-18", "mid", "1 USD BYN 2.9510"),
                ("2026-03-18", "mid", "1 EUR BYN 3.3802"),
                ("2026-03-17", "mid", "1 USD BYN 2.9463"),
            ],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(day_target("2026-03-14"), Reply::ok_json("[]"))],
                args: &["--date", "2026-03-14"],
                at: None,
                says: "no rates published for 2026-03-14 (a Saturday: an unscheduled closing?); nothing stored",
                requests: targets(&["2026-03-14"]),
            },
            Nothing {
                routes: vec![],
                args: &["--from", "2026-03-10", "--to", "2026-03-11"],
                at: None,
                says: "no rates published from 2026-03-10 to 2026-03-11; nothing stored",
                requests: targets(&["2026-03-10", "2026-03-11"]),
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-03-17", "--to", "2026-03-17", "--symbols", "USD,XDR"],
            days: "1 day (2026-03-17)",
            count: 2,
            currencies: "USD,XDR",
            requests: targets(&["2026-03-17"]),
        },
    }
}

/// The fault table's week: one request per day, every one answered by the
/// route of the path (any query), so the list of 2024-06-24 answers the
/// whole week and counts for its own day only (an earlier list is none of
/// the day asked); the faults are set up on that path.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "nbrb",
    path: PATH,
    query: "?periodicity=0&ondate=2024-06-24",
    fixture: "nbrb/rates-2024-06-24.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json; charset=utf-8",
    nothing_published: NothingIs::Http404OrNoDay,
};

/// One entry of the list of 2024-06-24: `scale code = rate BYN`, the rate
/// a JSON token as written.
pub fn entry(code: &str, scale: &str, rate: &str) -> String {
    format!(
        r#"{{"Cur_ID":431,"Date":"2024-06-24T00:00:00","Cur_Abbreviation":"{code}","Cur_Scale":{scale},"Cur_Name":"X","Cur_OfficialRate":{rate}}}"#
    )
}

/// A list of JPY, then `entries`.
pub fn list(entries: &str) -> String {
    format!("[{},{entries}]", entry("JPY", "100", "2.0412"))
}

// The cases in the Bank's JSON, on 2024-06-24: "no day" is `[]` (its
// "nothing published"), "unknown root" the API's error object, "missing
// attribute" an entry without `Cur_OfficialRate`.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |rate: &str| entry("USD", "1", rate);
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => r#"{"Message":"An error has occurred."}"#.to_owned(),
        BadDocument::MissingAttribute => {
            list(&usd("3.2158").replace(r#","Cur_OfficialRate":3.2158"#, ""))
        }
        BadDocument::Rate(rate) => list(&usd(&json_rate(rate))),
        BadDocument::FutureDate => list(&usd("3.2158")).replace("2024-06-24", "2999-01-04"),
        BadDocument::RepeatedCurrency => list(&format!("{},{}", usd("3.2158"), usd("3.2159"))),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "nothing published".to_owned(),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a sequence".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `Cur_OfficialRate`".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-24", "USD", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-24: currency USD appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "nbrb/rates-2026-03-17.json",
        "nbrb/rates-2026-03-18.json",
        "nbrb/rates-2024-06-24.json",
    ],
    fuzz_target: "nbrb_json",
};

/// The list parser: nothing, or one day.
fn check(bytes: &[u8]) {
    if let Ok(Some(day)) = nbrb::parse(bytes, today()) {
        check_days(&[day], None);
    }
}
