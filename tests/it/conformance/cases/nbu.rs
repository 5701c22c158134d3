//! The National Bank of Ukraine's `exchange_site` API: every calendar day
//! stored under the day its rates take effect (weekends included), `units
//! cc = rate UAH` as printed, the bank metals skipped; `[]` for a range is
//! nothing published.

use fxrates::providers::nbu;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The API's path.
pub const EXCHANGE_SITE: &str = "/NBU_Exchange/exchange_site";

/// The request of the days `from` to `to` (`YYYYMMDD`).
pub fn range(from: &str, to: &str) -> String {
    format!("{EXCHANGE_SITE}?start={from}&end={to}&sort=exchangedate&order=asc&json")
}

/// An answer of USD and EUR rows, one pair per `(DD.MM.YYYY, usd, eur)`,
/// written by hand in the API's shape.
pub fn answer(days: &[(&str, &str, &str)]) -> Reply {
    let rows: Vec<String> = days
        .iter()
        .flat_map(|(date, usd, eur)| {
            [("USD", 840, usd), ("EUR", 978, eur)].map(|(cc, r030, rate)| {
                format!(
                    r#"{{"exchangedate":"{date}","r030":{r030},"cc":"{cc}","txt":"","enname":"","rate":{rate},"units":1,"rate_per_unit":{rate},"group":"1","calcdate":"","special":null}}"#
                )
            })
        })
        .collect();
    Reply::ok_json(format!("[{}]", rows.join(",")))
}

const WINDOW: &[&str] = &["--from", "2026-03-01", "--to", "2026-03-16"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let window = range("20260301", "20260316");
    // A catch-up runs to tomorrow: the NBU publishes a day's rates the day
    // before they take effect.
    let next = range("20260317", "20260319");
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(
                &window,
                Reply::file("nbu/exchange_site-2026-03-01-2026-03-16.json"),
            )],
            args: WINDOW,
            days: "16 days (2026-03-01..2026-03-16)",
            count: 656,
            requests: vec![window.clone()],
            // 45 rows a day on 16 days; XAU, XAG, XPT and XPD are not currencies.
            shape: &[
                "1 X UAH mid: 464",
                "10 X UAH mid: 96",
                "100 X UAH mid: 64",
                "1000 X UAH mid: 32",
            ],
            currencies: "AED,AUD,AZN,BDT,CAD,CHF,CNY,CZK,DKK,DZD,EGP,EUR,GBP,GEL,HKD,HUF,\
                         IDR,ILS,INR,JPY,KRW,KZT,LBP,MDL,MXN,MYR,NOK,NZD,PLN,RON,RSD,SAR,SEK,\
                         SGD,THB,TND,TRY,USD,VND,XDR,ZAR",
            rows: &[
                ("2026-03-01", "mid", "1 USD UAH 43.2081"),
                ("2026-03-01", "mid", "10 THB UAH 13.9116"),
                ("2026-03-01", "mid", "1000 VND UAH 1.6565"),
                ("2026-03-01", "mid", "1 TND UAH 15.093"),
                ("2026-03-05", "mid", "100 HUF UAH 13.1725"),
                ("2026-03-06", "mid", "10 JPY UAH 2.7825"),
                ("2026-03-09", "mid", "100 KRW UAH 2.942"),
                ("2026-03-16", "mid", "1 XDR UAH 59.9627"),
                ("2026-03-16", "mid", "XAU UAH NULL"),
                // Set on Thursday 5 March, in force from Friday to Sunday:
                // each of the three days is a day of its own.
                ("2026-03-06", "mid", "1 USD UAH 43.8069"),
                ("2026-03-07", "mid", "1 USD UAH 43.8069"),
                ("2026-03-08", "mid", "1 USD UAH 43.8069"),
                ("2026-03-09", "mid", "1 USD UAH 43.7292"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                &next,
                answer(&[
                    ("17.03.2026", "44.0718", "50.6311"),
                    ("18.03.2026", "44.1025", "50.5860"),
                ]),
            )],
            today: "2026-03-18",
            args: &[],
            summary: "2 days (2026-03-17..2026-03-18), 4 rates: 4 inserted, 0 revised, 0 unchanged",
            requests: vec![next],
            total: 656 + 4,
            rows: &[("2026-03-18", "mid", "1 EUR UAH 50.5860")],
            references: "NULL",
        },
        nothing: vec![Nothing {
            routes: vec![at(EXCHANGE_SITE, Reply::ok_json("[]"))],
            args: &["--from", "2026-03-01", "--to", "2026-03-02"],
            at: None,
            says: "no rates published from 2026-03-01 to 2026-03-02; nothing stored",
            requests: vec![range("20260301", "20260302")],
        }],
        symbols: Symbols {
            args: &["--from", "2026-03-01", "--to", "2026-03-16", "--symbols", "USD,JPY"],
            days: "16 days (2026-03-01..2026-03-16)",
            count: 32,
            currencies: "JPY,USD",
            requests: vec![window],
        },
    }
}

/// The fault table's week: one request, answered by hand in the API's
/// shape.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "nbu",
    path: EXCHANGE_SITE,
    query: "?start=20240624&end=20240628&sort=exchangedate&order=asc&json",
    fixture: "nbu/exchange_site-2024-06-24-2024-06-28.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json",
    nothing_published: NothingIs::NoDay,
};

/// A row of the answer.
pub fn row(date: &str, cc: &str, units: &str, rate: &str) -> String {
    format!(
        r#"{{"exchangedate":"{date}","r030":840,"cc":"{cc}","txt":"x","enname":"x","rate":{rate},"units":{units},"rate_per_unit":{rate},"group":"1","calcdate":"26.06.2024","special":null}}"#
    )
}

/// An answer holding the EUR row of `date`, then `rows`.
pub fn rows(date: &str, rows: &str) -> String {
    format!("[{},{rows}]", row(date, "EUR", "1", "43.5531"))
}

// The cases in the NBU's JSON: "no day" is the empty array (nothing
// published), "unknown root" a row without its array, "missing
// attribute" a row without `rate`.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |rate: &str| row("27.06.2024", "USD", "1", rate);
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => usd("40.6914"),
        BadDocument::MissingAttribute => rows(
            "27.06.2024",
            r#"{"exchangedate":"27.06.2024","r030":840,"cc":"USD","units":1}"#,
        ),
        BadDocument::Rate(rate) => rows("27.06.2024", &usd(&json_rate(rate))),
        BadDocument::FutureDate => rows("04.01.2999", &row("04.01.2999", "USD", "1", "40.6914")),
        BadDocument::RepeatedCurrency => rows(
            "27.06.2024",
            &format!("{},{}", usd("40.6914"), usd("40.6915")),
        ),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty array is no fault for the NBU"),
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a sequence".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `rate`".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-27", "USD", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "nbu/exchange_site-2026-03-01-2026-03-16.json",
        "nbu/exchange_site-2024-06-24-2024-06-28.json",
    ],
    fuzz_target: "nbu_json",
};

/// The answer parser, for the range of every recording.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    if let Ok(days) = nbu::parse(bytes, today(), from, to) {
        check_days(&days, Some((from, to)));
    }
}
