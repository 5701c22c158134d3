//! The Central Bank of Uzbekistan's lists, one per calendar day: the
//! recorded list of 2026-04-01 (75 currencies, UZS per 1 or 10 units,
//! every value a string). `[]` and HTTP 404 for a day are nothing
//! published (neither was recorded). The fault table's list of 2024-06-24
//! is six entries of the recording, and the catch-up's list of 2026-04-02
//! the recording with USD changed: their figures are illustrative, not
//! recorded.

use fxrates::providers::cbu;

use crate::common::env::fixture;
use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, check_days, today};

/// The path of the list of `day` (YYYY-MM-DD).
pub fn day_file(day: &str) -> String {
    format!("/en/arkhiv-kursov-valyut/json/all/{day}/")
}

/// The recorded day.
pub const WINDOW: &[&str] = &["--from", "2026-04-01", "--to", "2026-04-01"];

/// Every currency of the recorded list.
pub const CURRENCIES: &str = "AED,AFN,AMD,ARS,AUD,AZN,BDT,BGN,BHD,BND,BRL,BYN,CAD,CHF,CNY,CUP,\
     CZK,DKK,DZD,EGP,EUR,GBP,GEL,HKD,HUF,IDR,ILS,INR,IQD,IRR,ISK,JOD,JPY,KGS,KHR,KRW,KWD,KZT,LAK,\
     LBP,LYD,MAD,MDL,MMK,MNT,MXN,MYR,NOK,NZD,OMR,PHP,PKR,PLN,QAR,RON,RSD,RUB,SAR,SDG,SEK,SGD,SYP,\
     THB,TJS,TMT,TND,TRY,UAH,USD,UYU,VES,VND,XDR,YER,ZAR";

/// The paths of the days `days`.
fn files(days: &[&str]) -> Vec<String> {
    days.iter().map(|day| day_file(day)).collect()
}

/// The list of 2026-04-02: the recording, redated, with USD changed.
pub fn next_day() -> String {
    fixture("cbu/json-all-2026-04-01.json")
        .replace("01.04.2026", "02.04.2026")
        .replace(r#""Rate":"12194.21""#, r#""Rate":"12201.55""#)
}

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: vec![at(
                day_file("2026-04-01"),
                Reply::file("cbu/json-all-2026-04-01.json"),
            )],
            args: WINDOW,
            days: "1 day (2026-04-01)",
            count: 75,
            requests: files(&["2026-04-01"]),
            // UZS is the quote of every row, per 10 for IDR, IRR and VND.
            shape: &["1 X UZS mid: 72", "10 X UZS mid: 3"],
            currencies: CURRENCIES,
            rows: &[
                ("2026-04-01", "mid", "1 USD UZS 12194.21"),
                ("2026-04-01", "mid", "1 EUR UZS 13984.32"),
                ("2026-04-01", "mid", "1 HUF UZS 36.20"),
                ("2026-04-01", "mid", "1 KGS UZS 139.40"),
                ("2026-04-01", "mid", "10 IDR UZS 7.18"),
                ("2026-04-01", "mid", "10 IRR UZS 0.09"),
                ("2026-04-01", "mid", "10 VND UZS 4.63"),
                ("2026-04-01", "mid", "1 XDR UZS 16557.42"),
                ("2026-04-01", "mid", "1 LAK UZS 0.55"),
                ("2026-04-01", "buying", "USD UZS NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(day_file("2026-04-02"), Reply::ok_json(next_day()))],
            today: "2026-04-02",
            args: &[],
            summary: "1 day (2026-04-02), 75 rates: 75 inserted, 0 revised, 0 unchanged",
            // Up to tomorrow, whose list is not set yet (404).
            requests: files(&["2026-04-02", "2026-04-03"]),
            total: 75 * 2,
            rows: &[
                ("2026-04-02", "mid", "1 USD UZS 12201.55"),
                ("2026-04-02", "mid", "1 EUR UZS 13984.32"),
                ("2026-04-01", "mid", "1 USD UZS 12194.21"),
            ],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(day_file("2026-04-04"), Reply::ok_json("[]"))],
                args: &["--date", "2026-04-04"],
                at: None,
                says: "no rates published for 2026-04-04 (a Saturday); nothing stored",
                requests: files(&["2026-04-04"]),
            },
            Nothing {
                routes: vec![],
                args: &["--from", "2024-06-24", "--to", "2024-06-26"],
                at: None,
                says: "no rates published from 2024-06-24 to 2024-06-26; nothing stored",
                requests: files(&["2024-06-24", "2024-06-25", "2024-06-26"]),
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-04-01", "--to", "2026-04-01", "--symbols", "USD,XDR"],
            days: "1 day (2026-04-01)",
            count: 2,
            currencies: "USD,XDR",
            requests: files(&["2026-04-01"]),
        },
    }
}

/// The fault table's week: one request per day, the faults set up on its
/// first (2024-06-24), the only day served; the others are the mirror's
/// 404, nothing published.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "cbu",
    path: "/en/arkhiv-kursov-valyut/json/all/2024-06-24/",
    query: "",
    fixture: "cbu/json-all-2024-06-24.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
    nothing_published: NothingIs::Http404OrNoDay,
};

/// One entry of a list of 24.06.2024, every value a string.
pub fn entry(code: &str, nominal: &str, rate: &str) -> String {
    format!(
        r#"{{"id":1,"Code":"000","Ccy":"{code}","CcyNm_RU":"X","CcyNm_UZ":"X","CcyNm_UZC":"X","CcyNm_EN":"X","Nominal":"{nominal}","Rate":"{rate}","Diff":"0","Date":"24.06.2024"}}"#
    )
}

/// A list of JPY, then `entries`.
pub fn list(entries: &str) -> String {
    format!("[{},{entries}]", entry("JPY", "1", "79.44"))
}

// The cases in the CBU's JSON, on 2024-06-24: "no day" is `[]` (its
// "nothing published"), "unknown root" an object, "missing attribute" an
// entry without `Rate`.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |rate: &str| entry("USD", "1", rate);
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => r#"{"error":"not found"}"#.to_owned(),
        BadDocument::MissingAttribute => list(&usd("12596.25").replace(r#""Rate":"12596.25","#, "")),
        BadDocument::Rate(rate) => list(&usd(rate)),
        BadDocument::FutureDate => list(&usd("12596.25")).replace("24.06.2024", "04.01.2999"),
        BadDocument::RepeatedCurrency => {
            list(&format!("{},{}", usd("12596.25"), usd("12596.26")))
        }
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
            "not the expected JSON document: missing field `Rate`".to_owned()
        }
        BadDocument::Rate(rate) => format!("day 2024-06-24, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-24: currency USD appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &["cbu/json-all-2026-04-01.json", "cbu/json-all-2024-06-24.json"],
    fuzz_target: "cbu_json",
};

/// The list parser: nothing, or one day.
fn check(bytes: &[u8]) {
    if let Ok(Some(day)) = cbu::parse(bytes, today()) {
        check_days(&[day], None);
    }
}
