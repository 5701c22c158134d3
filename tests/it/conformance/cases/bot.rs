//! The Bank of Thailand's average rates of the commercial banks in
//! Bangkok, the API key in the `Authorization` header, 31 days per
//! request: the recorded day of 2026-04-03 (19 currencies, four series
//! each, THB per 1, 100 or 1000 units as the English name says, strings
//! padded to 7 decimals stored as printed). The catch-up's day and the
//! fault week are written by hand in the recorded shape: their figures are
//! illustrative, not recorded. Nothing published is the note's blank
//! record (and an empty `data_detail`), written by hand.

use fxrates::providers::bot;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The sentinel API key: it goes in every request's header, and must show
/// nowhere. A macro, so that the fault table can be built from it.
macro_rules! bot_api_key {
    () => {
        "SENTINEL-bot-api-key-51d0"
    };
}

/// The API key every run is given.
pub const API_KEY: &str = bot_api_key!();

/// The recorded answer.
pub const RECORDED: &str = "bot/DAILY_AVG_EXG_RATE-2026-04-03.json";

/// The call below the base URL.
pub const DAILY: &str = "/DAILY_AVG_EXG_RATE/";

/// The request of the days `from` to `to` (YYYY-MM-DD).
pub fn range(from: &str, to: &str) -> String {
    format!("{DAILY}?start_period={from}&end_period={to}")
}

/// The answer of a period with nothing published: one blank record.
pub fn blank() -> Reply {
    Reply::file("bot/nothing-published.json")
}

/// An answer holding `records` (JSON objects, joined).
pub fn answer(records: &[String]) -> String {
    format!(
        r#"{{"result":{{"timestamp":"2024-06-29 09:00:00","api":"Daily Weighted-average Interbank Exchange Rate - THB / USD","data":{{"data_header":{{"report_uoq_name_eng":"(Unit: Baht / 1 Unit of Foreign Currency)"}},"data_detail":[{}]}}}}}}"#,
        records.join(",")
    )
}

/// A USD record of `period`: buying sight, buying transfer, selling, mid.
pub fn usd(period: &str, figures: [&str; 4]) -> String {
    let [sight, transfer, selling, mid] = figures;
    format!(
        r#"{{"period":"{period}","currency_id":"USD","currency_name_th":"สหรัฐอเมริกา : ดอลลาร์ (USD)","currency_name_eng":"USA : DOLLAR (USD) ","buying_sight":"{sight}","buying_transfer":"{transfer}","selling":"{selling}","mid_rate":"{mid}"}}"#
    )
}

const WINDOW: &[&str] = &["--from", "2026-04-03", "--to", "2026-04-03"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: vec![at(range("2026-04-03", "2026-04-03"), Reply::file(RECORDED))],
            args: WINDOW,
            days: "1 day (2026-04-03)",
            count: 76,
            requests: vec![range("2026-04-03", "2026-04-03")],
            shape: &[
                "1 X THB buying: 17",
                "1 X THB buying-sight: 17",
                "1 X THB mid: 17",
                "1 X THB selling: 17",
                "100 X THB buying: 1",
                "100 X THB buying-sight: 1",
                "100 X THB mid: 1",
                "100 X THB selling: 1",
                "1000 X THB buying: 1",
                "1000 X THB buying-sight: 1",
                "1000 X THB mid: 1",
                "1000 X THB selling: 1",
            ],
            currencies: "AUD,BND,CAD,CHF,CNY,DKK,EUR,GBP,HKD,IDR,INR,JPY,MYR,NOK,NZD,PHP,SEK,SGD,USD",
            rows: &[
                ("2026-04-03", "mid", "1 USD THB 32.6448000"),
                ("2026-04-03", "selling", "1 USD THB 32.8039000"),
                ("2026-04-03", "buying", "1 USD THB 32.4857000"),
                ("2026-04-03", "buying-sight", "1 USD THB 32.4127000"),
                ("2026-04-03", "mid", "100 JPY THB 20.4832000"),
                ("2026-04-03", "buying-sight", "1000 IDR THB 1.7699000"),
                ("2026-04-03", "mid", "1 GBP THB 43.1528000"),
                ("2026-04-03", "mid", "1 PHP THB 0.5399000"),
                // No banknote rates in this report.
                ("2026-04-03", "banknote-buying", "USD THB NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                range("2026-04-04", "2026-04-07"),
                Reply::file("bot/DAILY_AVG_EXG_RATE-2026-04-04-2026-04-07.json"),
            )],
            today: "2026-04-07",
            args: &[],
            summary: "1 day (2026-04-07), 76 rates: 76 inserted, 0 revised, 0 unchanged",
            requests: vec![range("2026-04-04", "2026-04-07")],
            total: 152,
            rows: &[
                ("2026-04-07", "mid", "100 JPY THB 20.4833000"),
                ("2026-04-07", "buying-sight", "1 USD THB 32.4128000"),
                // Chakri Day, a holiday.
                ("2026-04-06", "mid", "USD THB NULL"),
            ],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(range("2026-04-04", "2026-04-05"), blank())],
                args: &["--from", "2026-04-04", "--to", "2026-04-05"],
                at: None,
                says: "no rates published from 2026-04-04 to 2026-04-05; nothing stored",
                requests: vec![range("2026-04-04", "2026-04-05")],
            },
            Nothing {
                routes: vec![at(
                    range("2026-04-11", "2026-04-12"),
                    Reply::ok_json(answer(&[])),
                )],
                args: &["--from", "2026-04-11", "--to", "2026-04-12"],
                at: None,
                says: "no rates published from 2026-04-11 to 2026-04-12; nothing stored",
                requests: vec![range("2026-04-11", "2026-04-12")],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-04-03", "--to", "2026-04-03", "--symbols", "USD,JPY"],
            days: "1 day (2026-04-03)",
            count: 8,
            currencies: "JPY,USD",
            requests: vec![range("2026-04-03", "2026-04-03")],
        },
    }
}

/// The fault table's week, one request, the key in the header.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "bot",
    path: DAILY,
    query: "?start_period=2024-06-24&end_period=2024-06-28",
    fixture: "bot/DAILY_AVG_EXG_RATE-2024-06-24-2024-06-28.json",
    rest: &[],
    secrets: &[("FXRATES_BOT_API_KEY", bot_api_key!())],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json; charset=utf-8",
    nothing_published: NothingIs::NoDay,
};

const FIGURES: [&str; 4] = ["36.7601000", "36.8209000", "37.1162000", "36.9686000"];

// The cases in the Bank's JSON, the week of 2024-06-24: "no day" is the
// blank record (its "nothing published"), "unknown root" an error object,
// "missing attribute" a record without `mid_rate`; a bad rate is USD's
// mid on 2024-06-27.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => crate::common::env::fixture("bot/nothing-published.json"),
        BadDocument::UnknownRoot => r#"{"message":"Not Found"}"#.to_owned(),
        BadDocument::MissingAttribute => {
            answer(&[usd("2024-06-27", FIGURES).replace(r#","mid_rate":"36.9686000""#, "")])
        }
        BadDocument::Rate(rate) => {
            let [sight, transfer, selling, _] = FIGURES;
            answer(&[usd("2024-06-27", [sight, transfer, selling, rate])])
        }
        BadDocument::FutureDate => answer(&[usd("2999-01-04", FIGURES)]),
        BadDocument::RepeatedCurrency => {
            answer(&[usd("2024-06-27", FIGURES), usd("2024-06-27", FIGURES)])
        }
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => "nothing published".to_owned(),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: missing field `result`".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `mid_rate`".to_owned()
        }
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD mid: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        RECORDED,
        "bot/DAILY_AVG_EXG_RATE-2026-04-04-2026-04-07.json",
        "bot/DAILY_AVG_EXG_RATE-2024-06-24-2024-06-28.json",
        "bot/nothing-published.json",
    ],
    fuzz_target: "bot_json",
};

/// The range parser, over the days of every recording.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    if let Ok(days) = bot::parse(bytes, today(), from, to) {
        check_days(&days, Some((from, to)));
    }
}
