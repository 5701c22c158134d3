//! The US Treasury: the recorded quarters 2026-03-31 and 2026-06-30 of
//! five currencies with their amendments (six effective dates), in force
//! from their effective date to the end of the quarter after their record
//! date; `"data":[]` is nothing published. The fault table's quarter
//! (2024-03-31, with one amendment) is written in the recorded layout.

use fxrates::providers::ust;

use crate::common::env::fixture;
use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The dataset, below the base URL.
pub const PATH: &str = "/services/api/fiscal_service/v1/accounting/od/rates_of_exchange";

/// The recording.
pub const RECORDED: &str = "ust/rates_of_exchange-5-currencies-2026.json";

/// The query of page `page` of the record dates `from` to `to`.
pub fn query(from: &str, to: &str, page: u32) -> String {
    format!(
        "?fields=record_date,effective_date,country_currency_desc,exchange_rate\
         &filter=record_date:gte:{from},record_date:lte:{to}\
         &sort=record_date,effective_date,country_currency_desc\
         &page%5Bsize%5D=10000&page%5Bnumber%5D={page}"
    )
}

/// The request of page `page` of the record dates `from` to `to`.
pub fn request(from: &str, to: &str, page: u32) -> String {
    format!("{PATH}{}", query(from, to, page))
}

/// The recorded quarters' days, as asked for: the third quarter of 2026.
pub const WINDOW: &[&str] = &["--from", "2026-04-01", "--to", "2026-09-30"];

/// A row as the Treasury writes it.
pub fn row(record: &str, effective: &str, label: &str, rate: &str) -> String {
    format!(
        r#"{{"record_date":"{record}","effective_date":"{effective}","country_currency_desc":"{label}","exchange_rate":"{rate}"}}"#
    )
}

/// Page `page` of `pages` holding `rows`.
pub fn page(rows: &[String], page: u32, pages: u32) -> String {
    let (data, count) = (rows.join(","), rows.len());
    let next = if page < pages {
        format!(r#""&page%5Bnumber%5D={}&page%5Bsize%5D=10000""#, page + 1)
    } else {
        "null".to_owned()
    };
    format!(
        r#"{{"data":[{data}],"meta":{{"count":{count},"total-count":{count},"total-pages":{pages}}},"links":{{"next":{next}}}}}"#
    )
}

/// The rows of the recording whose record date is `record`.
pub fn recorded_rows(record: &str) -> Vec<String> {
    let answer: serde_json::Value =
        serde_json::from_str(&fixture(RECORDED)).expect("the recording is JSON");
    answer["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter(|row| row["record_date"] == record)
        .map(|row| row.to_string())
        .collect()
}

/// The quarter 2026-09-30 and an amendment of it, as written for the
/// catch-up: after the recorded quarter 2026-06-30 as recorded.
pub fn third_quarter() -> Reply {
    let mut rows = recorded_rows("2026-06-30");
    for (effective, label, rate) in [
        ("2026-09-30", "Euro Zone-Euro", "0.862"),
        ("2026-09-30", "Israel-Shekel", "3.02"),
        ("2026-09-30", "Japan-Yen", "148.9"),
        ("2026-09-30", "Russia-Ruble", "83.0"),
        ("2026-09-30", "Venezuela-Bolivar Soberano", "790.121"),
        ("2026-11-13", "Russia-Ruble", "80.25"),
    ] {
        rows.push(row("2026-09-30", effective, label, rate));
    }
    Reply::ok_json(page(&rows, 1, 1))
}

/// No row: nothing published.
pub const EMPTY: &str = r#"{"data":[],"meta":{"count":0,"total-count":0,"total-pages":0},"links":{"self":"&page%5Bnumber%5D=1&page%5Bsize%5D=10000","first":"&page%5Bnumber%5D=1&page%5Bsize%5D=10000","prev":null,"next":null,"last":"&page%5Bnumber%5D=0&page%5Bsize%5D=10000"}}"#;

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: vec![at(PATH, Reply::file(RECORDED))],
            args: WINDOW,
            days: "6 days (2026-03-31..2026-08-31)",
            count: 15,
            // The range reads from the quarter end before it, 2026-03-31.
            requests: vec![request("2026-03-31", "2026-09-30", 1)],
            shape: &["1 USD X mid: 15"],
            currencies: "EUR,ILS,JPY,RUB,VES",
            rows: &[
                ("2026-03-31", "mid", "1 USD EUR 0.87"),
                ("2026-03-31", "mid", "1 USD ILS 3.165"),
                ("2026-03-31", "mid", "1 USD JPY 159.41"),
                ("2026-03-31", "mid", "1 USD VES 472.686"),
                // The amendments, each under its effective date alone.
                ("2026-04-30", "mid", "1 USD RUB 73.2"),
                ("2026-04-30", "mid", "USD EUR NULL"),
                ("2026-05-29", "mid", "1 USD ILS 2.807"),
                ("2026-05-29", "mid", "1 USD VES 547.998"),
                ("2026-06-30", "mid", "1 USD EUR 0.877"),
                ("2026-06-30", "mid", "1 USD RUB 78.5"),
                ("2026-07-15", "mid", "1 USD VES 723.933"),
                ("2026-08-31", "mid", "1 USD RUB 86.6"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(PATH, third_quarter())],
            today: "2026-12-06",
            args: &[],
            // The quarter in force again (2026-06-30, its amendments
            // unchanged), then the next one and its amendment.
            summary: "5 days (2026-06-30..2026-11-13), 13 rates: 6 inserted, 0 revised, 7 unchanged",
            requests: vec![request("2026-06-30", "2026-12-06", 1)],
            total: 15 + 6,
            rows: &[
                ("2026-09-30", "mid", "1 USD EUR 0.862"),
                ("2026-09-30", "mid", "1 USD RUB 83.0"),
                ("2026-11-13", "mid", "1 USD RUB 80.25"),
                ("2026-11-13", "mid", "USD JPY NULL"),
            ],
            references: "NULL",
        },
        nothing: vec![Nothing {
            routes: vec![at(PATH, Reply::ok_json(EMPTY))],
            args: &["--from", "2024-06-24", "--to", "2024-06-28"],
            at: None,
            says: "no rates published from 2024-06-24 to 2024-06-28; nothing stored",
            requests: vec![request("2024-03-31", "2024-06-28", 1)],
        }],
        symbols: Symbols {
            args: &["--from", "2026-04-01", "--to", "2026-09-30", "--symbols", "JPY,RUB"],
            // The amendments of other currencies hold none of these.
            days: "4 days (2026-03-31..2026-08-31)",
            count: 6,
            currencies: "JPY,RUB",
            requests: vec![request("2026-03-31", "2026-09-30", 1)],
        },
    }
}

/// The fault table's week: one request for the quarter in force,
/// 2024-03-31, and the record dates up to the week's end.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "ust",
    path: PATH,
    query: "?fields=record_date,effective_date,country_currency_desc,exchange_rate\
            &filter=record_date:gte:2024-03-31,record_date:lte:2024-06-28\
            &sort=record_date,effective_date,country_currency_desc\
            &page%5Bsize%5D=10000&page%5Bnumber%5D=1",
    fixture: "ust/rates_of_exchange-2024-03-31.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
    nothing_published: NothingIs::NoDay,
};

/// The quarter 2024-03-31's Euro Zone row at `rate`, alone.
fn euro(rate: &str) -> String {
    row("2024-03-31", "2024-03-31", "Euro Zone-Euro", rate)
}

// The cases in the Treasury's JSON: "no day" is the empty list (nothing
// published), "unknown root" the rows without their object, "missing
// attribute" a row without `exchange_rate`, a rate a string as the
// Treasury writes it, the repeated currency the euro twice with two
// figures.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => EMPTY.to_owned(),
        BadDocument::UnknownRoot => format!("[{}]", euro("0.924")),
        BadDocument::MissingAttribute => page(
            &[r#"{"record_date":"2024-03-31","effective_date":"2024-03-31","country_currency_desc":"Euro Zone-Euro"}"#.to_owned()],
            1,
            1,
        ),
        BadDocument::Rate(rate) => page(&[euro(rate)], 1, 1),
        BadDocument::FutureDate => {
            page(&[row("2999-03-31", "2999-03-31", "Euro Zone-Euro", "0.924")], 1, 1)
        }
        BadDocument::RepeatedCurrency => page(&[euro("0.924"), euro("0.925")], 1, 1),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty list is no fault for the Treasury"),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a sequence".to_owned()
        }
        BadDocument::MissingAttribute => "day 2024-03-31, Euro Zone-Euro: no rate".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-03-31, Euro Zone-Euro: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-03-31 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => {
            r#"day 2024-03-31: EUR is 0.924 under "Euro Zone-Euro" and 0.925 under "Euro Zone-Euro""#
                .to_owned()
        }
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[RECORDED, "ust/rates_of_exchange-2024-03-31.json"],
    fuzz_target: "ust_json",
};

/// A page as a range and as the latest quarter read it.
fn check(bytes: &[u8]) {
    for asked in [Some(asked()), None] {
        if let Ok(days) = ust::parse(bytes, today(), asked) {
            check_days(&days, asked);
        }
    }
}
