//! The Banco Central de Chile: one request per series to the service
//! itself, user and password in the query in the Bank's order, each
//! series CLP per 1 unit as printed (`1 USD = 871.41 CLP`). The recorded
//! answer of the dólar observado for 1–15 March 2026, its weekend `NaN`
//! (`ND`); every other series answers without observations. The
//! catch-up's figures, the fault table's week and the holiday answering
//! `Obs: null` are written by hand in the recorded format; they are
//! illustrative, not recorded.

use fxrates::providers::bcch::{self, SERIES};

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Route, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, today};

/// The sentinel user and password: they go in every request's query, and
/// must show nowhere. Macros, so that the fault table's targets can be
/// built from them.
macro_rules! bcch_user {
    () => {
        "SENTINEL-bcch-user-41d0"
    };
}
macro_rules! bcch_password {
    () => {
        "SENTINEL-bcch-password-9b2e"
    };
}

pub const USER: &str = bcch_user!();
pub const PASSWORD: &str = bcch_password!();

/// The dólar observado's series.
pub const USD: &str = "F073.TCO.PRE.Z.D";

/// The request of `series` from `from` to `to`, user and password included.
pub fn target_of(series: &str, from: &str, to: &str) -> String {
    format!(
        "?firstdate={from}&function=GetSeries&lastdate={to}&pass={PASSWORD}\
         &timeseries={series}&user={USER}"
    )
}

/// The request of every series, in the table's order, from `from` to `to`.
pub fn every_series(from: &str, to: &str) -> Vec<String> {
    SERIES
        .iter()
        .map(|(series, _)| target_of(series, from, to))
        .collect()
}

/// The fixture of `series` without observations.
fn none(series: &str) -> Reply {
    Reply::file(&format!("bcch/none-{series}.json"))
}

/// Every series from `from` to `to` answering without observations, but
/// those of `answers`.
pub fn routes(from: &str, to: &str, answers: Vec<(&str, Reply)>) -> Vec<Route> {
    SERIES
        .iter()
        .map(|(series, _)| {
            let reply = answers
                .iter()
                .find(|(answered, _)| answered == series)
                .map_or_else(|| none(series), |(_, reply)| reply.clone());
            at(target_of(series, from, to), reply)
        })
        .collect()
}

pub const WINDOW: &[&str] = &["--from", "2026-03-01", "--to", "2026-03-15"];

/// An answer of `series` holding `obs` (a JSON array's contents).
pub fn answer(series: &str, obs: &str) -> String {
    format!(
        r#"{{"Codigo":0,"Descripcion":"Success","Series":{{"descripEsp":"","descripIng":"","seriesId":"{series}","Obs":[{obs}]}},"SeriesInfos":[]}}"#
    )
}

/// One observation with a value.
pub fn observation(date: &str, value: &str) -> String {
    format!(r#"{{"indexDateString":"{date}","value":"{value}","statusCode":"OK"}}"#)
}

/// The recorded window of the dólar observado, the rest empty.
pub fn window_routes() -> Vec<Route> {
    routes(
        "2026-03-01",
        "2026-03-15",
        vec![(
            USD,
            Reply::file("bcch/F073.TCO.PRE.Z.D-2026-03-01-2026-03-15.json"),
        )],
    )
}

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let monday = |series: &str, value: &str| {
        Reply::ok_json(answer(series, &observation("16-03-2026", value)))
    };
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: window_routes(),
            args: WINDOW,
            days: "10 days (2026-03-02..2026-03-13)",
            count: 10,
            requests: every_series("2026-03-01", "2026-03-15"),
            // Pesos per US dollar, as printed, never inverted.
            shape: &["1 X CLP mid: 10"],
            currencies: "USD",
            rows: &[
                ("2026-03-02", "mid", "1 USD CLP 871.41"),
                ("2026-03-06", "mid", "1 USD CLP 907.66"),
                ("2026-03-13", "mid", "1 USD CLP 909.94"),
                // The weekend's NaN.
                ("2026-03-07", "mid", "USD CLP NULL"),
                ("2026-03-02", "mid", "CLP USD NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: routes(
                "2026-03-14",
                "2026-03-16",
                vec![
                    (USD, monday(USD, "911.2")),
                    ("F072.CLP.JPY.N.O.D", monday("F072.CLP.JPY.N.O.D", "5.59")),
                ],
            ),
            today: "2026-03-16",
            args: &[],
            summary: "1 day (2026-03-16), 2 rates: 2 inserted, 0 revised, 0 unchanged",
            requests: every_series("2026-03-14", "2026-03-16"),
            total: 12,
            rows: &[
                ("2026-03-16", "mid", "1 USD CLP 911.2"),
                ("2026-03-16", "mid", "1 JPY CLP 5.59"),
            ],
            references: "NULL",
        },
        nothing: vec![
            // A weekend: the observado's NaN (ND), the others without
            // observations.
            Nothing {
                routes: routes(
                    "2026-03-07",
                    "2026-03-08",
                    vec![(
                        USD,
                        Reply::file("bcch/weekend-F073.TCO.PRE.Z.D-2026-03-07-2026-03-08.json"),
                    )],
                ),
                args: &["--from", "2026-03-07", "--to", "2026-03-08"],
                at: None,
                says: "no rates published from 2026-03-07 to 2026-03-08; nothing stored",
                requests: every_series("2026-03-07", "2026-03-08"),
            },
            // A holiday answered with `Obs: null` (not recorded).
            Nothing {
                routes: routes(
                    "2026-05-21",
                    "2026-05-21",
                    vec![(USD, Reply::file("bcch/null-F073.TCO.PRE.Z.D.json"))],
                ),
                args: &["--from", "2026-05-21", "--to", "2026-05-21"],
                at: None,
                says: "no rates published from 2026-05-21 to 2026-05-21; nothing stored",
                requests: every_series("2026-05-21", "2026-05-21"),
            },
        ],
        symbols: Symbols {
            // Only the series of the currencies asked for are asked for.
            args: &["--from", "2026-03-01", "--to", "2026-03-15", "--symbols", "usd"],
            days: "10 days (2026-03-02..2026-03-13)",
            count: 10,
            currencies: "USD",
            requests: vec![target_of(USD, "2026-03-01", "2026-03-15")],
        },
    }
}

/// The query of `series` over the fault table's week, as sent.
macro_rules! week_query {
    ($series:literal) => {
        concat!(
            "?firstdate=2024-06-24&function=GetSeries&lastdate=2024-06-28&pass=",
            bcch_password!(),
            "&timeseries=",
            $series,
            "&user=",
            bcch_user!()
        )
    };
}

/// The route of `series` over the fault table's week, without observations.
macro_rules! week_none {
    ($series:literal) => {
        (
            concat!("/", week_query!($series)),
            concat!("bcch/none-", $series, ".json"),
        )
    };
}

/// The fault table's week: one request per series to the service itself,
/// the dólar observado first, where the faults are set up (every request
/// to the path); the other series answer without observations, each at
/// its own target.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "bcch",
    path: "/",
    query: week_query!("F073.TCO.PRE.Z.D"),
    fixture: "bcch/F073.TCO.PRE.Z.D-2024-06-24-2024-06-28.json",
    rest: &[
        week_none!("F072.CLP.EUR.N.O.D"),
        week_none!("F072.CLP.GBP.N.O.D"),
        week_none!("F072.CLP.JPY.N.O.D"),
        week_none!("F072.CLP.CAD.N.O.D"),
        week_none!("F072.CLP.AUD.N.O.D"),
        week_none!("F072.CLP.CNY.N.O.D"),
        week_none!("F072.CLP.BRL.N.O.D"),
    ],
    secrets: &[
        ("FXRATES_BCCH_USER", bcch_user!()),
        ("FXRATES_BCCH_PASSWORD", bcch_password!()),
    ],
    document,
    refusal,
    html_refusal: "F073.TCO.PRE.Z.D: not JSON: expected value at line 1 column 1",
    content_type: "application/json; charset=UTF-8",
    // No observation is its "nothing published"; a 404 is an error.
    nothing_published: NothingIs::NoDay,
};

// The cases in the BDE's JSON, on Thursday: "no day" the series without
// observations (nothing published), "unknown root" an object without
// `Codigo`, "missing attribute" an observation without `value`, "currency
// repeated" the day listed twice (an answer is one series, so one
// currency).
fn document(bad: BadDocument) -> Vec<u8> {
    let thursday = |value: &str| observation("27-06-2024", value);
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        // Served to every series of the week: without a `seriesId`, which
        // an answer without observations need not name.
        BadDocument::NoDay => r#"{"Codigo":0,"Descripcion":"Success","Series":{"descripEsp":null,"descripIng":null,"seriesId":null,"Obs":[]},"SeriesInfos":[]}"#.to_owned(),
        BadDocument::UnknownRoot => format!(r#"{{"Obs":[{}]}}"#, thursday("944.87")),
        BadDocument::MissingAttribute => {
            answer(USD, &thursday("944.87").replace(r#""value":"944.87","#, ""))
        }
        BadDocument::Rate(rate) => answer(USD, &thursday(rate)),
        BadDocument::FutureDate => answer(USD, &observation("04-01-2999", "944.87")),
        BadDocument::RepeatedCurrency => answer(
            USD,
            &format!("{},{}", thursday("944.87"), thursday("944.88")),
        ),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    let refusal = match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("no observation is nothing published"),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: missing field `Codigo`".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `value`".to_owned()
        }
        BadDocument::Rate(rate) => format!("day 2024-06-27: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27 is repeated or out of order".to_owned(),
    };
    format!("{USD}: {refusal}")
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "bcch/F073.TCO.PRE.Z.D-2026-03-01-2026-03-15.json",
        "bcch/F073.TCO.PRE.Z.D-2024-06-24-2024-06-28.json",
        "bcch/weekend-F073.TCO.PRE.Z.D-2026-03-07-2026-03-08.json",
        "bcch/null-F073.TCO.PRE.Z.D.json",
        "bcch/refused.json",
    ],
    fuzz_target: "bcch_json",
};

/// The series parser: the days it accepts are in order and in the range.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    if let Ok(values) = bcch::parse(bytes, USD, today(), from, to) {
        assert!(
            values.windows(2).all(|pair| pair[0].0 < pair[1].0),
            "days not strictly increasing"
        );
        let latest = today().succ_opt().expect("a date");
        assert!(
            values
                .iter()
                .all(|(day, _)| (from..=to.min(latest)).contains(day)),
            "a day outside the days asked for, or after today + 1"
        );
    }
}
