//! The HKMA: the Monthly Statistical Bulletin's daily rates, HKD per 1 unit
//! of 17 currencies and the SDR, in pages of 100 records newest first. The
//! window is recorded (`hkma/er-eeri-daily-2026-02-27..2026-02-28.json`:
//! Friday 27 and Saturday 28 February 2026, the Saturday's dollar with
//! the publisher's binary-float noise, its SDR null). The catch-up's March
//! and the fault table's week are written by hand in the recorded layout:
//! their figures are illustrative, not recorded. Nothing published is
//! `datasize` 0 with `records` `[]`.

use fxrates::providers::hkma;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The dataset's path.
pub const PATH: &str = "/er-eeri-daily";

/// The request of the page at `offset` of the days `from` to `to`.
pub fn page(from: &str, to: &str, offset: usize) -> String {
    format!(
        "{PATH}?choose=end_of_day&from={from}&to={to}&sortby=end_of_day&sortorder=desc\
         &pagesize=100&offset={offset}"
    )
}

/// An answer of `records`, `datasize` their count.
pub fn answer(records: &[String]) -> String {
    format!(
        r#"{{"header":{{"success":true,"err_code":"0000","err_msg":"No error found"}},"result":{{"datasize":{},"records":[{}]}}}}"#,
        records.len(),
        records.join(",")
    )
}

/// A record of `day` with the dollar at `usd` and the rest null, in the
/// recorded layout (the legacy currencies and the indices included).
pub fn record(day: &str, usd: &str) -> String {
    format!(
        r#"{{"end_of_day":"{day}","usd":{usd},"gbp":null,"jpy":null,"cad":null,"aud":null,"sgd":null,"twd":null,"chf":null,"cny":null,"krw":null,"thb":null,"myr":null,"dem":null,"nlg":null,"bef":null,"frf":null,"itl":null,"eur":null,"php":null,"inr":null,"idr":null,"zar":null,"special_drawing_rights":null,"neeri_2020_trade_wgt":101.1,"neeri_2020_import_wgt":101.7,"neeri_2020_export_wgt":100.4}}"#
    )
}

/// The recorded window.
const RECORDED: &str = "hkma/er-eeri-daily-2026-02-27..2026-02-28.json";

/// Nothing published.
pub const NONE: &str = "hkma/none.json";

const WINDOW: &[&str] = &["--from", "2026-02-27", "--to", "2026-02-28"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let window = page("2026-02-27", "2026-02-28", 0);
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: vec![at(window.clone(), Reply::file(RECORDED))],
            args: WINDOW,
            days: "2 days (2026-02-27..2026-02-28)",
            count: 35,
            requests: vec![window.clone()],
            shape: &["1 X HKD mid: 35"],
            currencies: "AUD,CAD,CHF,CNY,EUR,GBP,IDR,INR,JPY,KRW,MYR,PHP,SGD,THB,TWD,USD,XDR,ZAR",
            rows: &[
                // The token as sent, binary-float noise and all.
                ("2026-02-28", "mid", "1 USD HKD 7.8245000000000005"),
                ("2026-02-27", "mid", "1 USD HKD 7.825"),
                ("2026-02-27", "mid", "1 IDR HKD 0.0004666"),
                ("2026-02-27", "mid", "1 XDR HKD 10.75757525"),
                ("2026-02-28", "mid", "1 JPY HKD 0.05012"),
                // A null SDR, the null legacy currencies: no rows.
                ("2026-02-28", "mid", "XDR HKD NULL"),
                ("2026-02-27", "mid", "DEM HKD NULL"),
                ("2026-02-27", "mid", "HKD USD NULL"),
            ],
            references: "NULL",
        },
        // Run on 15 April: March's figures, in one short page.
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                page("2026-03-01", "2026-04-15", 0),
                Reply::file("hkma/er-eeri-daily-2026-03.json"),
            )],
            today: "2026-04-15",
            args: &[],
            summary: "3 days (2026-03-02..2026-03-31), 53 rates: 53 inserted, 0 revised, 0 unchanged",
            requests: vec![page("2026-03-01", "2026-04-15", 0)],
            total: 88,
            rows: &[
                ("2026-03-03", "mid", "1 USD HKD 7.8195000000000001"),
                ("2026-03-31", "mid", "1 XDR HKD 10.6843917"),
                ("2026-03-02", "mid", "XDR HKD NULL"),
            ],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(page("2026-03-07", "2026-03-08", 0), Reply::file(NONE))],
                args: &["--from", "2026-03-07", "--to", "2026-03-08"],
                at: None,
                says: "no rates published from 2026-03-07 to 2026-03-08; nothing stored",
                requests: vec![page("2026-03-07", "2026-03-08", 0)],
            },
            Nothing {
                routes: vec![at(page("2026-03-08", "2026-03-08", 0), Reply::file(NONE))],
                args: &["--date", "2026-03-08"],
                at: None,
                says: "no rates published for 2026-03-08 (a Sunday); nothing stored",
                requests: vec![page("2026-03-08", "2026-03-08", 0)],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-02-27", "--to", "2026-02-28", "--symbols", "USD,EUR"],
            days: "2 days (2026-02-27..2026-02-28)",
            count: 4,
            currencies: "EUR,USD",
            requests: vec![window],
        },
    }
}

/// The fault table's week: one page.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "hkma",
    path: PATH,
    query: "?choose=end_of_day&from=2024-06-24&to=2024-06-28&sortby=end_of_day&sortorder=desc&pagesize=100&offset=0",
    fixture: "hkma/er-eeri-daily-2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
    // An empty page is the service's "nothing published"; a 404 is an error.
    nothing_published: NothingIs::NoDay,
};

// The cases in the API's JSON, around Thursday 27 June: "no day" the empty
// page, "unknown root" the answer wrapped in another object, "missing
// attribute" a record without its `end_of_day`, "currency repeated" the
// dollar twice in a record.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => answer(&[]),
        BadDocument::UnknownRoot => {
            format!(r#"{{"data":{}}}"#, answer(&[record("2024-06-27", "7.8095")]))
        }
        BadDocument::MissingAttribute => {
            answer(&[record("2024-06-27", "7.8095").replace(r#""end_of_day":"2024-06-27","#, "")])
        }
        BadDocument::Rate(rate) => answer(&[record("2024-06-27", &json_rate(rate))]),
        BadDocument::FutureDate => answer(&[record("2999-01-04", "7.8095")]),
        BadDocument::RepeatedCurrency => answer(&[record("2024-06-27", "7.8095")
            .replace(r#""gbp":null"#, r#""usd":7.8096"#)]),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty page is nothing published"),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: missing field `header`".to_owned()
        }
        BadDocument::MissingAttribute => "a record has no end_of_day".to_owned(),
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "USD", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        RECORDED,
        "hkma/er-eeri-daily-2026-03.json",
        "hkma/er-eeri-daily-2024-06-24..2024-06-28.json",
        NONE,
    ],
    fuzz_target: "hkma_json",
};

/// The parser, asked for every recording's days and for the first days of
/// the history.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    let first = hkma::INFO.first_day;
    for (from, to) in [(from, to), (first, first + chrono::Days::new(30))] {
        if let Ok(page) = hkma::parse(bytes, today(), from, to) {
            check_days(&page.days, Some((from, to)));
        }
    }
}
