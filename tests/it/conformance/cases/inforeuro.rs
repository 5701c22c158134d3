//! The European Commission's InforEuro: the recorded list of August 2026
//! (151 currencies per 1 EUR, the euro's own entry dropped), stored as one
//! day dated 2026-08-01; one request per month. `[]` and HTTP 404 for a
//! month are nothing published. The list of the fault table's month (June
//! 2024) is ten entries of the recording, and September 2026's, in the
//! catch-up, the recording with USD changed: their figures are
//! illustrative, not recorded (the body carries no date, so the shape is
//! what counts).

use chrono::Datelike;
use fxrates::providers::inforeuro;

use crate::common::env::fixture;
use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The path of every request, below the base URL.
pub const PATH: &str = "/budg/inforeuro/api/public/monthly-rates";

/// The request of the month `month` (not padded) of `year`.
pub fn month(year: u32, month: u32) -> String {
    format!("{PATH}?year={year}&month={month}&lang=en")
}

/// The recorded month, asked for by its days.
pub const WINDOW: &[&str] = &["--from", "2026-08-01", "--to", "2026-08-31"];

/// Every currency of the recorded month besides the euro.
pub const CURRENCIES: &str = "AED,AFN,ALL,AMD,AOA,ARS,AUD,AWG,AZN,BAM,BBD,BDT,BHD,BIF,BMD,BND,BOB,\
     BRL,BSD,BTN,BWP,BYN,BZD,CAD,CDF,CHF,CLP,CNY,COP,CRC,CUP,CVE,CZK,DJF,DKK,DOP,DZD,EGP,ERN,ETB,\
     FJD,FKP,GBP,GEL,GHS,GIP,GMD,GNF,GTQ,GYD,HKD,HNL,HTG,HUF,IDR,ILS,INR,IQD,IRR,ISK,JMD,JOD,JPY,\
     KES,KGS,KHR,KMF,KRW,KWD,KYD,KZT,LAK,LBP,LKR,LRD,LSL,LYD,MAD,MDL,MGA,MKD,MMK,MNT,MOP,MRU,MUR,\
     MVR,MWK,MXN,MYR,MZN,NAD,NGN,NIO,NOK,NPR,NZD,OMR,PAB,PEN,PGK,PHP,PKR,PLN,PYG,QAR,RON,RSD,RUB,\
     RWF,SAR,SBD,SCR,SDG,SEK,SGD,SHP,SLE,SOS,SRD,SSP,STN,SYP,SZL,THB,TJS,TMT,TND,TOP,TRY,TTD,TWD,\
     TZS,UAH,UGX,USD,UYU,UZS,VES,VND,VUV,WST,XAF,XCD,XCG,XOF,XPF,YER,ZAR,ZIG,ZMW";

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let september = fixture("inforeuro/monthly-rates-2026-08.json")
        .replace(
            r#""isoA3Code":"USD","isoA2Code":"US","value":1.1476,"#,
            r#""isoA3Code":"USD","isoA2Code":"US","value":1.1502,"#,
        );
    Case {
        request: target,
        method: "GET",
        accept: "application/json",
        window: Window {
            routes: vec![at(
                month(2026, 8),
                Reply::file("inforeuro/monthly-rates-2026-08.json"),
            )],
            args: WINDOW,
            days: "1 day (2026-08-01)",
            count: 151,
            requests: vec![month(2026, 8)],
            // Every row is `1 EUR = value X`, as the list prints it.
            shape: &["1 EUR X mid: 151"],
            currencies: CURRENCIES,
            rows: &[
                ("2026-08-01", "mid", "1 EUR CZK 24.167"),
                ("2026-08-01", "mid", "1 EUR USD 1.1476"),
                ("2026-08-01", "mid", "1 EUR GBP 0.85715"),
                ("2026-08-01", "mid", "1 EUR IDR 20746.89"),
                ("2026-08-01", "mid", "1 EUR IRR 1578300.018"),
                ("2026-08-01", "mid", "1 EUR VES 854.62352"),
                ("2026-08-01", "mid", "1 EUR XOF 655.957"),
                ("2026-08-01", "mid", "EUR EUR NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(month(2026, 9), Reply::ok_json(september))],
            // Near the end of August: September's list is out.
            today: "2026-08-28",
            args: &[],
            summary: "2 days (2026-08-01..2026-09-01), 302 rates: \
                      151 inserted, 0 revised, 151 unchanged",
            // August again (it may have been corrected), then September.
            requests: vec![month(2026, 8), month(2026, 9)],
            total: 151 * 2,
            rows: &[
                ("2026-09-01", "mid", "1 EUR USD 1.1502"),
                ("2026-09-01", "mid", "1 EUR CZK 24.167"),
                ("2026-08-01", "mid", "1 EUR USD 1.1476"),
            ],
            references: "NULL",
        },
        nothing: vec![
            // Mid-August, September's list is not out yet: `[]`.
            Nothing {
                routes: vec![at(month(2026, 9), Reply::ok_json("[]"))],
                args: &["--from", "2026-09-01", "--to", "2026-09-19"],
                at: Some("2026-08-19"),
                says: "no rates published from 2026-09-01 to 2026-09-19; nothing stored",
                requests: vec![month(2026, 9)],
            },
            // A month the service has no list for: HTTP 404.
            Nothing {
                routes: vec![at(month(2026, 7), Reply::status(404))],
                args: &["--from", "2026-07-01", "--to", "2026-07-31"],
                at: None,
                says: "no rates published from 2026-07-01 to 2026-07-31; nothing stored",
                requests: vec![month(2026, 7)],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-08-01", "--to", "2026-08-31", "--symbols", "USD,GBP"],
            days: "1 day (2026-08-01)",
            count: 2,
            currencies: "GBP,USD",
            requests: vec![month(2026, 8)],
        },
    }
}

/// The fault table's week: one request, of June 2024.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "inforeuro",
    path: PATH,
    query: "?year=2024&month=6&lang=en",
    fixture: "inforeuro/monthly-rates-2024-06.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json;charset=UTF-8",
    nothing_published: NothingIs::Http404OrNoDay,
};

/// One entry of the list: `value` units of `code` per 1 EUR.
pub fn entry(code: &str, value: &str) -> String {
    format!(
        r#"{{"country":"X","currency":"X","isoA3Code":"{code}","isoA2Code":"XX","value":{value},"comment":null}}"#
    )
}

/// A list of the euro's own entry, JPY, then `rows`.
pub fn list(rows: &str) -> String {
    format!(
        "[{},{},{rows}]",
        entry("EUR", "1"),
        entry("JPY", "170.15")
    )
}

// The cases in InforEuro's JSON, for June 2024: "no day" is an empty list
// (InforEuro's "nothing published"), "unknown root" an entry outside a
// list, "missing attribute" an entry without `value`. Its lists carry no
// date ([`crate::conformance::faults::UNDATED`]): the "future" one is the
// month's list itself.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |value: &str| entry("USD", value);
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => "[]".to_owned(),
        BadDocument::UnknownRoot => usd("1.0765"),
        BadDocument::MissingAttribute => {
            list(r#"{"country":"X","currency":"X","isoA3Code":"USD","isoA2Code":"XX"}"#)
        }
        BadDocument::Rate(rate) => list(&usd(&json_rate(rate))),
        BadDocument::FutureDate => fixture(FAULTS.fixture),
        BadDocument::RepeatedCurrency => list(&format!("{},{}", usd("1.0765"), usd("1.0766"))),
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
            "not the expected JSON document: missing field `value`".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-01", "USD", rate),
        BadDocument::FutureDate => "no date in the document".to_owned(),
        BadDocument::RepeatedCurrency => {
            "day 2024-06-01: currency USD appears twice, at 1.0765 and 1.0766".to_owned()
        }
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "inforeuro/monthly-rates-2026-08.json",
        "inforeuro/monthly-rates-2024-06.json",
    ],
    fuzz_target: "inforeuro_json",
};

/// The list parser, for a month of the days asked for: nothing, or that
/// month alone, dated its 1st and valid to its last day.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    for first in [from, to.with_day(1).expect("a date")] {
        if let Ok(Some(day)) = inforeuro::parse(bytes, first, today()) {
            assert_eq!(day.date(), first, "another month than the one asked for");
            assert!(day.period_end().is_some_and(|end| end.month() == first.month()));
            check_days(&[day], Some((from, to)));
        }
    }
}
