//! The SARB: one request per series, the series code and the days in the
//! path, each series stored in its own direction as printed (`1 USD =
//! 17.1150 ZAR`, `1 ZAR = 9.3324 JPY`). The recorded week of EXCB120D
//! (Japan: Yen per Rand), every other series answering `[]`; 2026-03-23,
//! the Human Rights Day holiday, is absent from it. The catch-up's
//! figures and the fault table's week are written by hand in the recorded
//! format; they are illustrative, not recorded. Nothing published is `[]`
//! from every series.

use fxrates::providers::sarb::{self, SERIES};

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Route, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, asked, today};

/// The fixture of a series with nothing in the days asked.
const NONE: &str = "sarb/none.json";

/// The request of `series` from `from` to `to`.
pub fn target_of(series: &str, from: &str, to: &str) -> String {
    format!("/GetTimeseriesObservations/{series}/{from}T00:00:00/{to}T00:00:00")
}

/// The request of every series, in the table's order, from `from` to `to`.
pub fn every_series(from: &str, to: &str) -> Vec<String> {
    SERIES
        .iter()
        .map(|(series, ..)| target_of(series, from, to))
        .collect()
}

/// Every series from `from` to `to` answering `[]`, but those of `answers`.
pub fn routes(from: &str, to: &str, answers: Vec<(&str, Reply)>) -> Vec<Route> {
    SERIES
        .iter()
        .map(|(series, ..)| {
            let reply = answers
                .iter()
                .find(|(answered, _)| answered == series)
                .map_or_else(|| Reply::file(NONE), |(_, reply)| reply.clone());
            at(target_of(series, from, to), reply)
        })
        .collect()
}

pub const WEEK: &[&str] = &["--from", "2026-03-23", "--to", "2026-03-27"];

/// One observation of a series printed as `text`.
pub fn observation(period: &str, text: &str, value: &str) -> String {
    format!(
        r#"{{"Period":"{period}T00:00:00","Timeseries":"{text}","Description":"Weighted average of the banks daily rates at approximately 10:30 am. Weights are based on the banks foreign exchange transactions.","Value":{value},"FormatNumber":"0.0000","FormatDate":"yyyy-MM-dd"}}"#
    )
}

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let monday = |text: &str, value: &str| {
        Reply::ok_json(format!("[{}]", observation("2026-03-30", text, value)))
    };
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: routes(
                "2026-03-23",
                "2026-03-27",
                vec![(
                    "EXCB120D",
                    Reply::file("sarb/EXCB120D-2026-03-23-2026-03-27.json"),
                )],
            ),
            args: WEEK,
            days: "4 days (2026-03-24..2026-03-27)",
            count: 4,
            requests: every_series("2026-03-23", "2026-03-27"),
            // "Japan: Yen per Rand": yen per rand, not inverted.
            shape: &["1 ZAR X mid: 4"],
            currencies: "JPY",
            rows: &[
                ("2026-03-24", "mid", "1 ZAR JPY 9.3617"),
                ("2026-03-25", "mid", "1 ZAR JPY 9.4160"),
                ("2026-03-27", "mid", "1 ZAR JPY 9.3324"),
                ("2026-03-23", "mid", "ZAR JPY NULL"),
                ("2026-03-24", "mid", "JPY ZAR NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WEEK,
            routes: routes(
                "2026-03-28",
                "2026-03-30",
                vec![
                    ("EXCX135D", monday("Rand per US Dollar", "17.1150")),
                    ("EXCB120D", monday("Japan: Yen per Rand", "9.3410")),
                ],
            ),
            today: "2026-03-30",
            args: &[],
            summary: "1 day (2026-03-30), 2 rates: 2 inserted, 0 revised, 0 unchanged",
            requests: every_series("2026-03-28", "2026-03-30"),
            total: 6,
            rows: &[
                ("2026-03-30", "mid", "1 USD ZAR 17.1150"),
                ("2026-03-30", "mid", "1 ZAR JPY 9.3410"),
            ],
            references: "NULL",
        },
        nothing: vec![Nothing {
            // Human Rights Day (Saturday the 21st), observed on Monday.
            routes: routes("2026-03-23", "2026-03-23", Vec::new()),
            args: &["--from", "2026-03-23", "--to", "2026-03-23"],
            at: None,
            says: "no rates published from 2026-03-23 to 2026-03-23; nothing stored",
            requests: every_series("2026-03-23", "2026-03-23"),
        }],
        symbols: Symbols {
            // Only the series of the currencies asked for are asked for.
            args: &["--from", "2026-03-23", "--to", "2026-03-27", "--symbols", "jpy"],
            days: "4 days (2026-03-24..2026-03-27)",
            count: 4,
            currencies: "JPY",
            requests: vec![target_of("EXCB120D", "2026-03-23", "2026-03-27")],
        },
    }
}

/// The fault table's week: one path per series, EXCX135D (rand per US
/// dollar) first, where the faults are set up; every other series
/// answers `[]` where a case heals.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "sarb",
    path: "/GetTimeseriesObservations/EXCX135D/2024-06-24T00:00:00/2024-06-28T00:00:00",
    query: "",
    fixture: "sarb/EXCX135D-2024-06-24-2024-06-28.json",
    rest: REST,
    secrets: &[],
    document,
    refusal,
    html_refusal: "EXCX135D: not JSON: expected value at line 1 column 1",
    content_type: "application/json; charset=utf-8",
    nothing_published: NothingIs::NoDay,
};

/// The week's other series, each answering `[]`.
const REST: &[(&str, &str)] = &[
    ("/GetTimeseriesObservations/EXCZ001D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCZ002D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB080D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB051D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB036D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB031D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB121D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB003D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB122D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB123D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB094D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB120D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB059D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB063D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB081D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB013D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB015D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB016D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB126D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB115D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB071D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
    ("/GetTimeseriesObservations/EXCB118D/2024-06-24T00:00:00/2024-06-28T00:00:00", NONE),
];

// The cases in the SARB's JSON, on Thursday: "no day" `[]` (nothing
// published), "unknown root" an object, "missing attribute" an
// observation without `Value`, "currency repeated" the day listed twice
// (an answer is one series, so one currency).
fn document(bad: BadDocument) -> Vec<u8> {
    let thursday = |value: &str| observation("2024-06-27", "Rand per US Dollar", value);
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => r#"{"Message":"An error has occurred."}"#.to_owned(),
        BadDocument::MissingAttribute => {
            format!("[{}]", thursday("18.2520").replace(r#","Value":18.2520"#, ""))
        }
        BadDocument::Rate(rate) => format!("[{}]", thursday(&json_rate(rate))),
        BadDocument::FutureDate => format!(
            "[{}]",
            observation("2999-01-04", "Rand per US Dollar", "18.2520")
        ),
        BadDocument::RepeatedCurrency => {
            format!("[{},{}]", thursday("18.2520"), thursday("18.2521"))
        }
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    let refusal = match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("[] is nothing published for the SARB"),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a sequence".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `Value`".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "USD", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27 is repeated or out of order".to_owned(),
    };
    format!("EXCX135D: {refusal}")
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "sarb/EXCB120D-2026-03-23-2026-03-27.json",
        "sarb/EXCX135D-2024-06-24-2024-06-28.json",
        "sarb/none.json",
    ],
    fuzz_target: "sarb_json",
};

/// The series parser: the days it accepts are in order and in the range.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    for series in [&SERIES[0], &SERIES[12]] {
        if let Ok(values) = sarb::parse(bytes, series, today(), from, to) {
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
}
