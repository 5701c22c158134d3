//! The Croatian National Bank: its list for the CNB's clients, 1 EUR =
//! figure of 13 currencies, each printed figure a row of its series
//! (middle as mid, buying, selling), the list number kept with its year;
//! one request per range. The recorded lists 1 and 2 of 2023 (2 and 3
//! January). The lists of 4–5 January 2023 and of June 2024 are written by
//! hand in the recorded format (list 2's figures, USD changed in January,
//! five currencies in June); they are illustrative, not recorded. A range
//! without a list is answered `[]`: nothing published.

use fxrates::providers::hnb;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The API's path.
pub const LISTS: &str = "/tecajn-eur/v3";

/// The request of the lists dated `from` to `to`.
pub fn lists(from: &str, to: &str) -> String {
    format!("{LISTS}?datum-primjene-od={from}&datum-primjene-do={to}")
}

/// The API's answer for a window without a list.
pub fn no_list() -> Reply {
    Reply::Body {
        status: 200,
        content_type: "application/json;charset=UTF-8",
        body: b"[]".to_vec(),
    }
}

const WINDOW: &[&str] = &["--from", "2023-01-02", "--to", "2023-01-03"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: vec![at(
                lists("2023-01-02", "2023-01-03"),
                Reply::file("hnb/2023-01-02..2023-01-03.json"),
            )],
            args: WINDOW,
            days: "2 days (2023-01-02..2023-01-03)",
            count: 78,
            requests: vec![lists("2023-01-02", "2023-01-03")],
            // Every row is `1 EUR = figure foreign`, as the list prints it.
            shape: &["1 EUR X buying: 26", "1 EUR X mid: 26", "1 EUR X selling: 26"],
            currencies: "AUD,BAM,CAD,CHF,CZK,DKK,GBP,HUF,JPY,NOK,PLN,SEK,USD",
            rows: &[
                ("2023-01-02", "mid", "1 EUR USD 1.066600"),
                ("2023-01-02", "buying", "1 EUR USD 1.068200"),
                ("2023-01-02", "selling", "1 EUR USD 1.065000"),
                ("2023-01-02", "mid", "1 EUR AUD 1.569300"),
                ("2023-01-02", "mid", "1 EUR HUF 400.870000"),
                ("2023-01-02", "mid", "1 EUR JPY 140.660000"),
                ("2023-01-02", "mid", "1 EUR CHF 0.984700"),
                ("2023-01-03", "mid", "1 EUR BAM 1.955830"),
                ("2023-01-03", "selling", "1 EUR GBP 0.884970"),
                // The kuna is no currency of the euro lists.
                ("2023-01-02", "mid", "EUR HRK NULL"),
            ],
            references: "2023-01-02 1/2023, 2023-01-03 2/2023",
        },
        // Run on Wednesday the 4th after the ECB's fixing: Thursday's list
        // is out, dated ahead.
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                lists("2023-01-04", "2023-01-05"),
                Reply::file("hnb/2023-01-04..2023-01-05.json"),
            )],
            today: "2023-01-04",
            args: &[],
            summary: "2 days (2023-01-04..2023-01-05), 78 rates: 78 inserted, 0 revised, 0 unchanged",
            requests: vec![lists("2023-01-04", "2023-01-05")],
            total: 78 * 2,
            rows: &[
                ("2023-01-04", "mid", "1 EUR USD 1.059500"),
                ("2023-01-05", "buying", "1 EUR USD 1.062000"),
            ],
            references: "2023-01-02 1/2023, 2023-01-03 2/2023, 2023-01-04 3/2023, 2023-01-05 4/2023",
        },
        nothing: vec![
            // A weekend: no list is dated on either day.
            Nothing {
                routes: vec![at(lists("2023-01-07", "2023-01-08"), no_list())],
                args: &["--from", "2023-01-07", "--to", "2023-01-08"],
                at: None,
                says: "no rates published from 2023-01-07 to 2023-01-08; nothing stored",
                requests: vec![lists("2023-01-07", "2023-01-08")],
            },
            Nothing {
                routes: vec![at(lists("2023-01-08", "2023-01-08"), no_list())],
                args: &["--date", "2023-01-08"],
                at: None,
                says: "no rates published for 2023-01-08 (a Sunday); nothing stored",
                requests: vec![lists("2023-01-08", "2023-01-08")],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2023-01-02", "--to", "2023-01-03", "--symbols", "USD,JPY"],
            days: "2 days (2023-01-02..2023-01-03)",
            count: 12,
            currencies: "JPY,USD",
            requests: vec![lists("2023-01-02", "2023-01-03")],
        },
    }
}

/// The fault table's week: one request; lists of Monday to Friday.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "hnb",
    path: LISTS,
    query: "?datum-primjene-od=2024-06-24&datum-primjene-do=2024-06-28",
    fixture: "hnb/2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json;charset=UTF-8",
    // `[]` is the API's "no list in the window"; a 404 is an error.
    nothing_published: NothingIs::NoDay,
};

/// An entry of `code` of the list of `date` printing `middle` between its
/// buying and selling.
pub fn entry(date: &str, code: &str, middle: &str) -> String {
    format!(
        r#"{{"broj_tecajnice":"124","datum_primjene":"{date}","drzava":"X","drzava_iso":"XXX","kupovni_tecaj":"1,070800","prodajni_tecaj":"1,067600","sifra_valute":"000","srednji_tecaj":"{middle}","valuta":"{code}"}}"#
    )
}

/// An answer of the list of `date` (`YYYY-MM-DD`) holding GBP, then
/// `entries`.
pub fn one_list(date: &str, entries: &str) -> String {
    format!("[{},{entries}]", entry(date, "GBP", "0,845800"))
}

// The cases in the API's JSON, one list of Thursday 27 June: "no day" an
// empty array (its "nothing published"), "unknown root" an entry outside
// an array, "missing attribute" an entry without `srednji_tecaj`,
// "currency repeated" USD twice.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => entry("2024-06-27", "USD", "1,069200"),
        BadDocument::MissingAttribute => one_list(
            "2024-06-27",
            &entry("2024-06-27", "USD", "1,069200").replace(r#""srednji_tecaj":"1,069200","#, ""),
        ),
        BadDocument::Rate(rate) => one_list("2024-06-27", &entry("2024-06-27", "USD", rate)),
        BadDocument::FutureDate => {
            format!("[{}]", entry("2999-01-04", "USD", "1,069200"))
        }
        BadDocument::RepeatedCurrency => one_list(
            "2024-06-27",
            &format!(
                "{},{}",
                entry("2024-06-27", "USD", "1,069200"),
                entry("2024-06-27", "USD", "1,069300")
            ),
        ),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty array is nothing published"),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a sequence".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `srednji_tecaj`".to_owned()
        }
        BadDocument::Rate(rate) => {
            format!("day 2024-06-27, USD srednji_tecaj: invalid rate {rate:?}")
        }
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "hnb/2023-01-02..2023-01-03.json",
        "hnb/2023-01-04..2023-01-05.json",
        "hnb/2024-06-24..2024-06-28.json",
    ],
    fuzz_target: "hnb_json",
};

/// The list parser, asked for every recording's days and for the first
/// days of the euro lists.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    let first = hnb::INFO.first_day;
    for (from, to) in [(from, to), (first, first + chrono::Days::new(7))] {
        if let Ok(days) = hnb::parse(bytes, today(), from, to) {
            check_days(&days, Some((from, to)));
        }
    }
}
