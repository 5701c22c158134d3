//! The National Bank of Georgia's lists, asked one calendar day a request,
//! each answer the list in force on the day asked: the recording asked for
//! Monday 2026-03-02 answered the list of Saturday 2026-02-28 (42
//! currencies, GEL per 1 to 10000 units), served here for every day of the
//! window and stored once, under its own date. `[]` is nothing published.
//! The list of 2026-03-03 is the recording redated, EUR and USD changed,
//! and the fault week's list five entries of the recording, redated: both
//! illustrative.

use fxrates::providers::nbg;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, check_days, today};

/// The service's path: every day's request asks it, with `?date=`.
pub const PATH: &str = "/gw/api/ct/monetarypolicy/currencies/";

/// The target of the list in force on `day` (YYYY-MM-DD).
pub fn day_target(day: &str) -> String {
    format!("{PATH}?date={day}")
}

/// The targets of the days `days`.
pub fn targets(days: &[&str]) -> Vec<String> {
    days.iter().map(|day| day_target(day)).collect()
}

/// Saturday to Monday: one list, in force on all three.
pub const WINDOW: &[&str] = &["--from", "2026-02-28", "--to", "2026-03-02"];

/// The answer for a day without a list.
pub fn empty() -> Reply {
    Reply::ok_json("[]")
}

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            // Every day's target, whatever its date, answers the recording.
            routes: vec![at(PATH, Reply::file("nbg/2026-02-28.json"))],
            args: WINDOW,
            days: "1 day (2026-02-28)",
            count: 42,
            requests: targets(&["2026-02-28", "2026-03-01", "2026-03-02"]),
            shape: &[
                "1 X GEL mid: 13",
                "10 X GEL mid: 17",
                "100 X GEL mid: 8",
                "1000 X GEL mid: 3",
                "10000 X GEL mid: 1",
            ],
            currencies: "AED,AMD,AUD,AZN,BRL,BYN,CAD,CHF,CNY,CZK,DKK,EGP,EUR,GBP,HKD,HUF,ILS,\
                         INR,IRR,ISK,JPY,KGS,KRW,KWD,KZT,MDL,NOK,NZD,PLN,QAR,RON,RSD,RUB,SEK,\
                         SGD,TJS,TMT,TRY,UAH,USD,UZS,ZAR",
            rows: &[
                ("2026-02-28", "mid", "1 USD GEL 2.6759"),
                ("2026-02-28", "mid", "1 EUR GEL 3.1581"),
                ("2026-02-28", "mid", "1000 AMD GEL 7.0960"),
                ("2026-02-28", "mid", "10000 IRR GEL 0.0204"),
                ("2026-02-28", "mid", "1000 UZS GEL 0.2200"),
                ("2026-02-28", "mid", "1 TRY GEL 0.0609"),
                ("2026-03-01", "mid", "USD GEL NULL"),
                ("2026-03-02", "mid", "USD GEL NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            // 3 March, a holiday, and 4 March answered the same list.
            routes: vec![
                at(day_target("2026-03-03"), Reply::file("nbg/2026-03-03.json")),
                at(day_target("2026-03-04"), Reply::file("nbg/2026-03-03.json")),
            ],
            today: "2026-03-03",
            args: &[],
            summary: "1 day (2026-03-03), 42 rates: 42 inserted, 0 revised, 0 unchanged",
            requests: targets(&["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"]),
            total: 84,
            rows: &[
                ("2026-03-03", "mid", "1 USD GEL 2.6771"),
                ("2026-03-03", "mid", "1 EUR GEL 3.1604"),
            ],
            references: "NULL",
        },
        nothing: vec![Nothing {
            routes: vec![at(day_target("2026-02-27"), empty())],
            args: &["--date", "2026-02-27"],
            at: None,
            says: "no rates published for 2026-02-27 (a Friday: an unscheduled closing?); nothing stored",
            requests: targets(&["2026-02-27"]),
        }],
        symbols: Symbols {
            args: &["--from", "2026-02-28", "--to", "2026-03-02", "--symbols", "USD,IRR"],
            days: "1 day (2026-02-28)",
            count: 2,
            currencies: "IRR,USD",
            requests: targets(&["2026-02-28", "2026-03-01", "2026-03-02"]),
        },
    }
}

/// The fault table's week: one request per day to the one path, so the
/// faults, set up on the path, meet the first (2024-06-24); the other days
/// are answered with the same list, the one still in force, stored once.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "nbg",
    path: PATH,
    query: "?date=2024-06-24",
    fixture: "nbg/2024-06-24.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json; charset=utf-8",
    nothing_published: NothingIs::NoDay,
};

/// An answer holding the one list of `day` (YYYY-MM-DD) with `entries`.
pub fn list(day: &str, entries: &[String]) -> String {
    format!(
        r#"[{{"date":"{day}T00:00:00.000Z","currencies":[{}]}}]"#,
        entries.join(",")
    )
}

/// An entry of the list of `day`: `quantity code = rate GEL` (without the
/// number `rate` and the `diff`, which fxrates does not read).
pub fn entry(day: &str, code: &str, quantity: &str, rate: &str) -> String {
    format!(
        r#"{{"code":"{code}","quantity":{quantity},"rateFormated":"{rate}","diffFormated":"0.0018","name":"x","date":"2024-06-21T17:01:00.093Z","validFromDate":"{day}T00:00:00.000Z"}}"#
    )
}

// The cases in the Bank's JSON, dated the first day asked: "no day" is
// `[]`, "unknown root" an object, "missing attribute" an entry without its
// `rateFormated`.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |rate: &str| entry("2024-06-24", "USD", "1", rate);
    let first = |more: String| list("2024-06-24", &[entry("2024-06-24", "JPY", "100", "1.7157"), more]);
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => r#"{"date":"2024-06-24T00:00:00.000Z","currencies":[]}"#.to_owned(),
        BadDocument::MissingAttribute => first(usd("2.6759").replace(r#""rateFormated":"2.6759","#, "")),
        BadDocument::Rate(rate) => first(usd(rate)),
        BadDocument::FutureDate => list("2999-01-04", &[entry("2999-01-04", "USD", "1", "2.6759")]),
        BadDocument::RepeatedCurrency => list("2024-06-24", &[usd("2.6759"), usd("2.6760")]),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("[] is nothing published"),
        BadDocument::UnknownRoot => "not the expected JSON document: invalid type: map, expected a sequence".to_owned(),
        BadDocument::MissingAttribute => "missing field `rateFormated`".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-24, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-24: currency USD appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &["nbg/2026-02-28.json", "nbg/2026-03-03.json", "nbg/2024-06-24.json"],
    fuzz_target: "nbg_json",
};

/// The list parser: one day, or none.
fn check(bytes: &[u8]) {
    if let Ok(Some(day)) = nbg::parse(bytes, today()) {
        check_days(&[day], None);
    }
}
