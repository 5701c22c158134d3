//! HM Revenue & Customs' monthly rates: one CSV file per month, each one
//! day dated the 1st and in force for the month; the recorded August 2026
//! file (163 lines, 141 codes: a code of several countries is one rate).
//! The September 2026 and June 2024 files are written by hand in the
//! recorded format; their figures are illustrative, not recorded. A month
//! not published is a `404` with the service's `not found` body: nothing
//! published. A bare `404` (the fault table's) is an error.

use chrono::Datelike as _;
use fxrates::providers::hmrc;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, check_days, today};

/// The path of the file of `year`-`month` (`2026`, `8`).
pub fn file(year: i32, month: u32) -> String {
    format!("/uk/api/exchange_rates/files/monthly_csv_{year}-{month}.csv")
}

/// The service's answer for a month not (yet) published.
pub fn not_found() -> Reply {
    Reply::Body {
        status: 404,
        content_type: "application/json; charset=utf-8",
        body: br#"{"errors":[{"detail":"not found"}]}"#.to_vec(),
    }
}

/// The file's header.
pub const HEADER: &str =
    "Country/Territories,Currency,Currency Code,Currency Units per £1,Start date,End date\n";

const WINDOW: &[&str] = &["--from", "2026-08-01", "--to", "2026-08-31"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(
                file(2026, 8),
                Reply::file("hmrc/monthly_csv_2026-8.csv"),
            )],
            args: WINDOW,
            days: "1 day (2026-08-01)",
            count: 141,
            requests: vec![file(2026, 8)],
            // Every row is `1 GBP = rate foreign`, as the file prints it.
            shape: &["1 GBP X mid: 141"],
            currencies: "AED,ALL,AMD,AOA,ARS,AUD,AWG,AZN,BAM,BBD,BDT,BHD,BIF,BMD,BND,BOB,\
                         BRL,BSD,BTN,BWP,BYN,BZD,CAD,CDF,CHF,CLP,CNY,COP,CRC,CUP,CVE,CZK,\
                         DJF,DKK,DOP,DZD,EGP,ERN,ETB,EUR,FJD,GEL,GHS,GMD,GNF,GTQ,GYD,HKD,\
                         HNL,HTG,HUF,IDR,ILS,INR,IQD,ISK,JMD,JOD,JPY,KES,KGS,KHR,KMF,KRW,\
                         KWD,KYD,KZT,LAK,LBP,LKR,LRD,LSL,LYD,MAD,MDL,MGA,MKD,MMK,MNT,MOP,\
                         MRU,MUR,MVR,MWK,MXN,MYR,MZN,NGN,NIO,NOK,NPR,NZD,OMR,PAB,PEN,PGK,\
                         PHP,PKR,PLN,PYG,QAR,RON,RSD,RUB,RWF,SAR,SBD,SCR,SDG,SEK,SGD,SLE,\
                         SOS,SRD,SVC,SZL,THB,TMT,TND,TOP,TRY,TTD,TWD,TZS,UAH,UGX,USD,UYU,\
                         UZS,VES,VND,VUV,WST,XAF,XCD,XOF,XPF,YER,ZAR,ZMW,ZWG",
            rows: &[
                ("2026-08-01", "mid", "1 GBP USD 1.3367"),
                ("2026-08-01", "mid", "1 GBP EUR 1.1719"),
                ("2026-08-01", "mid", "1 GBP JPY 217.9907"),
                ("2026-08-01", "mid", "1 GBP AED 4.9091"),
                ("2026-08-01", "mid", "1 GBP XOF 768.7193"),
                ("2026-08-01", "mid", "1 GBP BHD 0.5026"),
                ("2026-08-01", "mid", "1 GBP ZWG 35.8198"),
                // Stored once, under the month's first day only.
                ("2026-08-17", "mid", "GBP USD NULL"),
                ("2026-08-01", "mid", "GBP GBP NULL"),
            ],
            references: "NULL",
        },
        // A monthly source: the catch-up reads the newest stored month
        // again (it may be amended) and asks for the next one, out before
        // it starts.
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(file(2026, 9), Reply::file("hmrc/monthly_csv_2026-9.csv"))],
            today: "2026-08-25",
            args: &[],
            summary: "2 days (2026-08-01..2026-09-01), 147 rates: 6 inserted, 0 revised, 141 unchanged",
            requests: vec![file(2026, 8), file(2026, 9)],
            total: 141 + 6,
            rows: &[
                ("2026-09-01", "mid", "1 GBP USD 1.3405"),
                ("2026-09-01", "mid", "1 GBP XOF 769.3310"),
                ("2026-08-01", "mid", "1 GBP USD 1.3367"),
            ],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(file(2026, 9), not_found())],
                args: &["--from", "2026-09-01", "--to", "2026-09-30"],
                at: None,
                says: "no rates published from 2026-09-01 to 2026-09-30; nothing stored",
                requests: vec![file(2026, 9)],
            },
            // Asked on 11 September 2026, as recorded: October's file was
            // not out yet.
            Nothing {
                routes: vec![at(file(2026, 10), not_found())],
                args: &["--from", "2026-10-01"],
                at: Some("2026-09-11"),
                says: "no rates published from 2026-10-01 to 2026-10-12; nothing stored",
                requests: vec![file(2026, 10)],
            },
            // A first run with neither next month's nor this month's file.
            Nothing {
                routes: vec![
                    at(file(2026, 10), not_found()),
                    at(file(2026, 9), not_found()),
                ],
                args: &[],
                at: Some("2026-09-11"),
                says: "no rates published recently, so no latest day; nothing stored",
                requests: vec![file(2026, 10), file(2026, 9)],
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-08-01", "--to", "2026-08-31", "--symbols", "USD,XOF"],
            days: "1 day (2026-08-01)",
            count: 2,
            currencies: "USD,XOF",
            requests: vec![file(2026, 8)],
        },
    }
}

/// The fault table's week: the June 2024 file.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "hmrc",
    path: "/uk/api/exchange_rates/files/monthly_csv_2024-6.csv",
    query: "",
    fixture: "hmrc/monthly_csv_2024-6.csv",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not CSV: an HTML or XML page (<html>",
    content_type: "text/csv",
    // Only a 404 with the service's `not found` body is nothing published:
    // the table's bare 404 is an error.
    nothing_published: NothingIs::Neither,
};

/// A file of `lines`, after the header.
pub fn answer(lines: &str) -> String {
    format!("{HEADER}{lines}")
}

/// A line of the June 2024 file.
pub fn june(country: &str, code: &str, figure: &str) -> String {
    format!("{country},Currency,{code},{figure},01/06/2024,30/06/2024\n")
}

// The cases in HMRC's CSV: "no day" the header alone, "unknown root"
// another header, "missing attribute" a line without its figure, "currency
// repeated" a code printed with two figures.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => answer(""),
        BadDocument::UnknownRoot => {
            "Country,Code,Rate,Date\nUSA,USD,1.2653,01/06/2024\n".to_owned()
        }
        BadDocument::MissingAttribute => {
            answer("USA,Dollar,USD,01/06/2024,30/06/2024\n")
        }
        BadDocument::Rate(rate) => answer(&format!(
            "{}{}",
            june("Eurozone", "EUR", "1.1757"),
            june("USA", "USD", rate)
        )),
        BadDocument::FutureDate => answer("USA,Dollar,USD,1.2653,04/01/2999,31/01/2999\n"),
        BadDocument::RepeatedCurrency => answer(&format!(
            "{}{}",
            june("USA", "USD", "1.2653"),
            june("Ecuador", "USD", "1.2654")
        )),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early, inside line 5 (truncated?)".to_owned(),
        BadDocument::NoDay => "the file holds no rate, only its header".to_owned(),
        BadDocument::UnknownRoot => "not the expected CSV: the header is \"Country,Code,Rate,Date\"".to_owned(),
        BadDocument::MissingAttribute => "line 2 has 5 fields, the header 6".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-01, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => {
            "conflicting figures for USD in one file: 1.2653 (line 2) and 1.2654 (line 3)"
                .to_owned()
        }
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "hmrc/monthly_csv_2026-8.csv",
        "hmrc/monthly_csv_2026-9.csv",
        "hmrc/monthly_csv_2024-6.csv",
        "hmrc/monthly_csv_2021-1.csv",
    ],
    fuzz_target: "hmrc_csv",
};

/// The file parser, asked for the month of each recording: at most one
/// day, dated that month's 1st and in force within it.
fn check(bytes: &[u8]) {
    let month = |year, month| chrono::NaiveDate::from_ymd_opt(year, month, 1).expect("a date");
    for asked in [month(2026, 8), month(2026, 9), month(2024, 6), month(2021, 1)] {
        if let Ok(day) = hmrc::parse(bytes, today(), asked) {
            assert_eq!(day.date(), asked, "dated another day than the month's 1st");
            let end = day.period_end().expect("a stated period");
            assert_eq!((end.year(), end.month()), (asked.year(), asked.month()));
            check_days(&[day], Some((asked, asked)));
        }
    }
}
