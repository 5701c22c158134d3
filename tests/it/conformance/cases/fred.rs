//! FRED: one request per H.10 series, the API key in the query, each
//! series stored in its own direction as printed (`1 USD = 157.48 JPY`,
//! `1 EUR = 1.169 USD`), `"."` no value that day. The recorded March
//! answers of DEXJPUS and DEXUSEU; every other series answers `"."`. A day
//! on which every series says `"."`, or no series has an observation, is
//! nothing published.

use fxrates::providers::fred::{self, SERIES};

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, today};

/// The sentinel API key: it goes in every request's query, and must show
/// nowhere. A macro, so that the query below can be built from it.
macro_rules! fred_api_key {
    () => {
        "SENTINEL-fred-api-key-7c4a"
    };
}

/// The API key every run is given.
pub const API_KEY: &str = fred_api_key!();

/// The observations of one series.
pub const OBSERVATIONS: &str = "/series/observations";

/// The request of `series` from `from` to `to`, key included.
pub fn target_of(series: &str, from: &str, to: &str) -> String {
    format!(
        "{OBSERVATIONS}?series_id={series}&observation_start={from}&observation_end={to}\
         &file_type=json&api_key={API_KEY}"
    )
}

/// The request of every series, in the order asked, from `from` to `to`.
pub fn every_series(from: &str, to: &str) -> Vec<String> {
    SERIES
        .iter()
        .map(|(series, ..)| target_of(series, from, to))
        .collect()
}

/// The recorded March answers of DEXJPUS and DEXUSEU at their request
/// from `from` to 2026-03-16, every other series answering `"."`.
pub fn march_from(from: &str) -> Vec<crate::conformance::case::Route> {
    let mut routes = vec![at(OBSERVATIONS, Reply::file("fred/no-values-2026-03.json"))];
    for series in ["DEXJPUS", "DEXUSEU"] {
        routes.push(at(
            target_of(series, from, "2026-03-16"),
            Reply::file(&format!("fred/{series}-2026-03.json")),
        ));
    }
    routes
}

pub const MARCH: &[&str] = &["--from", "2026-03-01", "--to", "2026-03-16"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let monday = |value: &str| Reply::ok_json(answer(&observation("2026-03-16", value)));
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: march_from("2026-03-01"),
            args: MARCH,
            days: "10 days (2026-03-02..2026-03-13)",
            count: 20,
            requests: every_series("2026-03-01", "2026-03-16"),
            // DEXJPUS is yen per dollar, DEXUSEU dollars per euro: neither inverted.
            shape: &["1 USD X mid: 10", "1 X USD mid: 10"],
            currencies: "EUR,JPY",
            rows: &[
                ("2026-03-02", "mid", "1 EUR USD 1.169"),
                ("2026-03-02", "mid", "1 USD JPY 157.48"),
                ("2026-03-10", "mid", "1 EUR USD 1.1648"),
                ("2026-03-10", "mid", "1 USD JPY 157.6"),
                ("2026-03-13", "mid", "1 EUR USD 1.1444"),
                ("2026-03-13", "mid", "1 USD JPY 159.54"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: MARCH,
            // The next Monday, as written by hand in FRED's shape.
            routes: vec![
                at(OBSERVATIONS, Reply::ok_json(answer(""))),
                at(
                    target_of("DEXJPUS", "2026-03-14", "2026-03-16"),
                    monday("159.07"),
                ),
                at(
                    target_of("DEXUSEU", "2026-03-14", "2026-03-16"),
                    monday("1.1471"),
                ),
            ],
            today: "2026-03-16",
            args: &[],
            summary: "1 day (2026-03-16), 2 rates: 2 inserted, 0 revised, 0 unchanged",
            requests: every_series("2026-03-14", "2026-03-16"),
            total: 22,
            rows: &[
                ("2026-03-16", "mid", "1 USD JPY 159.07"),
                ("2026-03-16", "mid", "1 EUR USD 1.1471"),
            ],
            references: "NULL",
        },
        nothing: vec![
            // Martin Luther King Day: every series says ".".
            Nothing {
                routes: vec![at(OBSERVATIONS, Reply::file("fred/holiday-2026-01-19.json"))],
                args: &["--from", "2026-01-19", "--to", "2026-01-19"],
                at: None,
                says: "no rates published from 2026-01-19 to 2026-01-19; nothing stored",
                requests: every_series("2026-01-19", "2026-01-19"),
            },
            Nothing {
                routes: vec![at(OBSERVATIONS, Reply::ok_json(answer("")))],
                args: &["--from", "2024-06-24", "--to", "2024-06-28"],
                at: None,
                says: "no rates published from 2024-06-24 to 2024-06-28; nothing stored",
                requests: every_series("2024-06-24", "2024-06-28"),
            },
        ],
        symbols: Symbols {
            // Only the series of the currencies asked for are asked for.
            args: &["--from", "2026-03-01", "--to", "2026-03-16", "--symbols", "jpy"],
            days: "10 days (2026-03-02..2026-03-13)",
            count: 10,
            currencies: "JPY",
            requests: vec![target_of("DEXJPUS", "2026-03-01", "2026-03-16")],
        },
    }
}

/// The fault table's week: one request per series, all on one path; the
/// faults are set up on the path, so the first request (`DEXUSAL`) meets
/// them. The week's fixture, written by hand in FRED's shape, answers
/// every series where a case heals.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "fred",
    path: OBSERVATIONS,
    query: concat!(
        "?series_id=DEXUSAL&observation_start=2024-06-24&observation_end=2024-06-28",
        "&file_type=json&api_key=",
        fred_api_key!()
    ),
    fixture: "fred/2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[("FXRATES_FRED_API_KEY", fred_api_key!())],
    document,
    refusal,
    html_refusal: "DEXUSAL: not JSON: expected value at line 1 column 1",
    content_type: "application/json; charset=UTF-8",
    nothing_published: NothingIs::NoDay,
};

/// One observation: `value` is text in FRED's answers, a number or `"."`.
pub fn observation(date: &str, value: &str) -> String {
    format!(
        r#"{{"realtime_start":"2024-07-01","realtime_end":"2024-07-01","date":"{date}","value":"{value}"}}"#
    )
}

/// An answer of one series holding `observations`.
pub fn answer(observations: &str) -> String {
    format!(
        r#"{{"realtime_start":"2024-07-01","realtime_end":"2024-07-01","observation_start":"2024-06-24","observation_end":"2024-06-28","units":"lin","output_type":1,"file_type":"json","order_by":"observation_date","sort_order":"asc","offset":0,"limit":100000,"observations":[{observations}]}}"#
    )
}

// The cases in FRED's JSON, on Thursday: "no day" an answer without an
// observation (nothing published), "unknown root" the observations
// without their object, "missing attribute" an observation without
// `value`, "currency repeated" the day listed twice (an answer is one
// series, so one currency). Every value is text, whatever it reads as.
fn document(bad: BadDocument) -> Vec<u8> {
    let thursday = |value: &str| observation("2024-06-27", value);
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => answer(""),
        BadDocument::UnknownRoot => format!("[{}]", thursday("0.6640")),
        BadDocument::MissingAttribute => {
            answer(&thursday("0.6640").replace(r#","value":"0.6640""#, ""))
        }
        BadDocument::Rate(rate) => answer(&thursday(rate)),
        BadDocument::FutureDate => answer(&observation("2999-01-04", "0.6640")),
        BadDocument::RepeatedCurrency => {
            answer(&format!("{},{}", thursday("0.6640"), thursday("0.6641")))
        }
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    let refusal = match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an answer without an observation is no fault for FRED"),
        // serde reads a struct from an array too: its first element is
        // taken for `units`, and an observation is not a text.
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a string".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `value`".to_owned()
        }
        // A value is text, read as a decimal: no JSON number to misread.
        BadDocument::Rate(rate) => format!("day 2024-06-27: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27 is repeated or out of order".to_owned(),
    };
    format!("DEXUSAL: {refusal}")
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "fred/DEXJPUS-2026-03.json",
        "fred/DEXUSEU-2026-03.json",
        "fred/api-key-not-registered.json",
        "fred/2024-06-24..2024-06-28.json",
    ],
    fuzz_target: "fred_json",
};

/// The series parser: the days it accepts are in order and in the range.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    if let Ok(values) = fred::parse(bytes, today(), from, to) {
        assert!(
            values.windows(2).all(|pair| pair[0].0 < pair[1].0),
            "days not strictly increasing"
        );
        let latest = today().succ_opt().expect("a date");
        assert!(
            values.iter().all(|(day, _)| (from..=to.min(latest)).contains(day)),
            "a day outside the days asked for, or after today + 1"
        );
    }
}
