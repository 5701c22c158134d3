//! The Bank of Japan: the Tokyo market's 17:00 rates of two series,
//! `FXERD04` (`1 USD = v JPY`) and `FXERD34` (`1 EUR = v USD`), each in
//! the direction its `UNIT` prints; one request per year of months. The
//! euro's series of March 2026 is recorded (`boj/FXERD34-2026-03.json`);
//! the answers served here (`boj/FM08-*.json`) hold it with the yen's
//! series written by hand in the recorded layout, as are the other months
//! (April 2026, June 2024): their yen figures, and April's and June's
//! euro figures, are illustrative, not recorded. Nothing published is
//! `M181030I`, or a month whose days asked for are all `null`.

use fxrates::providers::boj;

use crate::common::env::fixture;
use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The API's path.
pub const PATH: &str = "/getDataCode";

/// The request of the months `from` to `to` (`YYYYMM`).
pub fn months(from: &str, to: &str) -> String {
    format!(
        "{PATH}?format=json&lang=en&db=FM08&code=FXERD04,FXERD34&startDate={from}&endDate={to}"
    )
}

/// The API's "no data" answer.
pub const NO_DATA: &str = r#"{
"STATUS":200,
"MESSAGEID":"M181030I",
"MESSAGE":"There is no data.",
"DATE":"2026-04-01T04:23:52.923+09:00",
"NEXTPOSITION":null,
"RESULTSET":[]
}"#;

/// A reply of `body` as the API sends it.
pub fn reply(body: impl Into<Vec<u8>>) -> Reply {
    Reply::Body {
        status: 200,
        content_type: "application/json; charset=utf-8",
        body: body.into(),
    }
}

/// March and April 2026 in one answer, as a request for both months
/// brings them: each series' days and values of April after March's.
pub fn march_and_april() -> Reply {
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&fixture(name)).expect("a fixture of JSON")
    };
    let mut answer = read("boj/FM08-2026-03.json");
    let april = read("boj/FM08-2026-04.json");
    for (series, more) in answer["RESULTSET"]
        .as_array_mut()
        .expect("series")
        .iter_mut()
        .zip(april["RESULTSET"].as_array().expect("series"))
    {
        for key in ["SURVEY_DATES", "VALUES"] {
            let extra = more["VALUES"][key].as_array().expect("a list").clone();
            series["VALUES"][key]
                .as_array_mut()
                .expect("a list")
                .extend(extra);
        }
    }
    reply(answer.to_string())
}

const WINDOW: &[&str] = &["--from", "2026-03-02", "--to", "2026-03-06"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: vec![at(months("202603", "202603"), Reply::file("boj/FM08-2026-03.json"))],
            args: WINDOW,
            days: "5 days (2026-03-02..2026-03-06)",
            count: 10,
            requests: vec![months("202603", "202603")],
            // Each series in the direction its UNIT prints, never inverted.
            shape: &["1 USD X mid: 5", "1 X USD mid: 5"],
            currencies: "EUR,JPY",
            rows: &[
                ("2026-03-02", "mid", "1 USD JPY 156.92"),
                ("2026-03-02", "mid", "1 EUR USD 1.1716"),
                ("2026-03-05", "mid", "1 USD JPY 158.8"),
                ("2026-03-06", "mid", "1 EUR USD 1.1615"),
                ("2026-03-02", "mid", "USD EUR NULL"),
                ("2026-03-02", "mid", "JPY USD NULL"),
                ("2026-03-01", "mid", "USD JPY NULL"),
            ],
            references: "NULL",
        },
        // Run on Friday 3 April: the rest of March and April so far, in one
        // request of both months.
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(months("202603", "202604"), march_and_april())],
            today: "2026-04-03",
            args: &[],
            summary: "17 days (2026-03-09..2026-04-03), 34 rates: 34 inserted, 0 revised, 0 unchanged",
            requests: vec![months("202603", "202604")],
            total: 44,
            rows: &[
                ("2026-03-10", "mid", "1 EUR USD 1.166"),
                ("2026-04-03", "mid", "1 USD JPY 158.12"),
                ("2026-04-03", "mid", "1 EUR USD 1.1549"),
            ],
            references: "NULL",
        },
        nothing: vec![
            // A weekend: both days null in the month's answer.
            Nothing {
                routes: vec![at(months("202603", "202603"), Reply::file("boj/FM08-2026-03.json"))],
                args: &["--from", "2026-03-07", "--to", "2026-03-08"],
                at: None,
                says: "no rates published from 2026-03-07 to 2026-03-08; nothing stored",
                requests: vec![months("202603", "202603")],
            },
            Nothing {
                routes: vec![at(months("202603", "202603"), reply(NO_DATA))],
                args: &["--date", "2026-03-08"],
                at: None,
                says: "no rates published for 2026-03-08 (a Sunday); nothing stored",
                requests: vec![months("202603", "202603")],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-03-02", "--to", "2026-03-06", "--symbols", "JPY"],
            days: "5 days (2026-03-02..2026-03-06)",
            count: 5,
            currencies: "JPY",
            requests: vec![months("202603", "202603")],
        },
    }
}

/// The fault table's week: one request for June 2024.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "boj",
    path: PATH,
    query: "?format=json&lang=en&db=FM08&code=FXERD04,FXERD34&startDate=202406&endDate=202406",
    fixture: "boj/FM08-2024-06.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json; charset=utf-8",
    // `M181030I` is the API's "no data"; a 404 is an error.
    nothing_published: NothingIs::NoDay,
};

/// A series of June 2024 holding `value` on Thursday the 27th alone.
pub fn thursday(code: &str, unit: &str, value: &str) -> String {
    format!(
        r#"{{"SERIES_CODE":"{code}","UNIT":"{unit}","VALUES":{{"SURVEY_DATES":[20240627],"VALUES":[{value}]}}}}"#
    )
}

/// An answer holding `series`.
pub fn answer(series: &[String]) -> String {
    format!(
        r#"{{"STATUS":200,"MESSAGEID":"M181000I","MESSAGE":"Successfully completed","NEXTPOSITION":null,"RESULTSET":[{}]}}"#,
        series.join(",")
    )
}

/// Thursday's yen figure `value` with the euro's 1.0703.
pub fn yen_and_euro(value: &str) -> String {
    answer(&[
        thursday("FXERD04", "Yen per U.S. Dollar", value),
        thursday("FXERD34", "U.S. Dollar per Euro", "1.0703"),
    ])
}

// The cases in the API's JSON, around Thursday 27 June: "no day" the
// "no data" answer (its "nothing published"), "unknown root" the answer wrapped in another object,
// "missing attribute" a series without `UNIT`, "currency repeated" the
// yen's series twice.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => NO_DATA.to_owned(),
        BadDocument::UnknownRoot => format!(r#"{{"DATA":{}}}"#, yen_and_euro("158.2")),
        BadDocument::MissingAttribute => {
            yen_and_euro("158.2").replacen(r#""UNIT":"Yen per U.S. Dollar","#, "", 1)
        }
        BadDocument::Rate(rate) => yen_and_euro(&json_rate(rate)),
        BadDocument::FutureDate => answer(&[
            thursday("FXERD04", "Yen per U.S. Dollar", "158.2").replace("20240627", "29990104"),
            thursday("FXERD34", "U.S. Dollar per Euro", "null").replace("20240627", "29990104"),
        ]),
        BadDocument::RepeatedCurrency => answer(&[
            thursday("FXERD04", "Yen per U.S. Dollar", "158.2"),
            thursday("FXERD04", "Yen per U.S. Dollar", "158.3"),
            thursday("FXERD34", "U.S. Dollar per Euro", "1.0703"),
        ]),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("no data is nothing published"),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: missing field `STATUS`".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `UNIT`".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "FXERD04", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "series FXERD04 appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "boj/FM08-2026-03.json",
        "boj/FM08-2026-04.json",
        "boj/FM08-2024-06.json",
        "boj/FXERD34-2026-03.json",
    ],
    fuzz_target: "boj_json",
};

/// The parser, asked for every recording's days and for the first days of
/// the history.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    let first = boj::INFO.first_day;
    for (from, to) in [(from, to), (first, first + chrono::Days::new(30))] {
        if let Ok(days) = boj::parse(bytes, today(), from, to) {
            check_days(&days, Some((from, to)));
        }
    }
}
