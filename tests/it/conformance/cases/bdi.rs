//! Banca d'Italia's daily rates ("terze valute"): one CSV list per
//! calendar day, foreign currency per 1 EUR as printed; the recorded list
//! of 2026-02-09 (171 lines, 154 codes, 4 of them `N.A.`). The list of
//! 2026-02-10 and the June 2024 lists are written by hand in the recorded
//! format; their figures are illustrative, not recorded. A day without a
//! list was not recorded: the header without lines, or HTTP 404, is
//! nothing published.

use fxrates::providers::bdi;

use crate::common::env::fixture;
use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, today};

/// The service's path.
pub const DAILY: &str = "/terzevalute-wf-web/rest/v1.0/dailyRates";

/// The request of the list of `day`.
pub fn daily(day: &str) -> String {
    format!("{DAILY}?referenceDate={day}&currencyIsoCode=EUR&lang=en")
}

/// The header, as every list opens.
pub const HEADER: &str =
    "Country,Currency,ISO Code,UIC Code,Rate,Rate convention,Reference date (CET)\n";

/// The service's answer for a day without a list, as expected.
pub fn no_list() -> Reply {
    Reply::Body {
        status: 200,
        content_type: "text/csv",
        body: HEADER.as_bytes().to_vec(),
    }
}

const WINDOW: &[&str] = &["--date", "2026-02-09"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(daily("2026-02-09"), Reply::file("bdi/2026-02-09.csv"))],
            args: WINDOW,
            days: "1 day (2026-02-09)",
            count: 150,
            requests: vec![daily("2026-02-09")],
            // Every row is `1 EUR = rate foreign`, as the list prints it.
            shape: &["1 EUR X mid: 150"],
            currencies: CURRENCIES,
            rows: &[
                ("2026-02-09", "mid", "1 EUR ALL 96.74"),
                ("2026-02-09", "mid", "1 EUR BBD 2.377200"),
                ("2026-02-09", "mid", "1 EUR JPY 185.6500"),
                ("2026-02-09", "mid", "1 EUR USD 1.1886"),
                ("2026-02-09", "mid", "1 EUR XOF 655.957"),
                ("2026-02-09", "mid", "1 EUR XDR 0.863189"),
                ("2026-02-09", "mid", "1 EUR XCG 2.1276"),
                // `N.A.` that day: nothing stored.
                ("2026-02-09", "mid", "EUR RUB NULL"),
                ("2026-02-09", "mid", "EUR BYN NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(daily("2026-02-10"), Reply::file("bdi/2026-02-10.csv"))],
            today: "2026-02-10",
            args: &[],
            summary: "1 day (2026-02-10), 150 rates: 150 inserted, 0 revised, 0 unchanged",
            requests: vec![daily("2026-02-10")],
            total: 300,
            rows: &[("2026-02-10", "mid", "1 EUR USD 1.1901")],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(daily("2026-02-07"), no_list())],
                args: &["--date", "2026-02-07"],
                at: None,
                says: "no rates published for 2026-02-07 (a Saturday); nothing stored",
                requests: vec![daily("2026-02-07")],
            },
            Nothing {
                routes: vec![at(daily("2026-02-08"), Reply::status(404))],
                args: &["--date", "2026-02-08"],
                at: None,
                says: "no rates published for 2026-02-08 (a Sunday); nothing stored",
                requests: vec![daily("2026-02-08")],
            },
        ],
        symbols: Symbols {
            args: &["--date", "2026-02-09", "--symbols", "USD,XOF"],
            days: "1 day (2026-02-09)",
            count: 2,
            currencies: "USD,XOF",
            requests: vec![daily("2026-02-09")],
        },
    }
}

/// Every code of the recorded list with a figure, alphabetical.
const CURRENCIES: &str = "AED,AFN,ALL,AMD,AOA,ARS,AUD,AWG,AZN,BAM,BBD,BDT,BHD,BIF,BMD,BND,BOB,BRL,BSD,BTN,\
BWP,BZD,CAD,CDF,CHF,CLP,CNY,COP,CRC,CUP,CVE,CZK,DJF,DKK,DOP,DZD,EGP,ERN,ETB,FJD,\
FKP,GBP,GEL,GHS,GIP,GMD,GNF,GTQ,GYD,HKD,HNL,HTG,HUF,IDR,ILS,INR,IQD,ISK,JMD,JOD,\
JPY,KES,KGS,KHR,KMF,KRW,KWD,KYD,KZT,LAK,LBP,LKR,LRD,LSL,LYD,MAD,MDL,MGA,MKD,MMK,\
MNT,MOP,MRU,MUR,MVR,MWK,MXN,MYR,MZN,NAD,NGN,NIO,NOK,NPR,NZD,OMR,PAB,PEN,PGK,PHP,\
PKR,PLN,PYG,QAR,RON,RSD,RWF,SAR,SBD,SCR,SDG,SEK,SGD,SHP,SLE,SOS,SRD,SSP,STN,SVC,\
SYP,SZL,THB,TJS,TMT,TND,TOP,TRY,TTD,TWD,TZS,UAH,UGX,USD,UYU,UZS,VES,VND,VUV,WST,\
XAF,XCD,XCG,XDR,XOF,XPF,YER,ZAR,ZMW,ZWG";

/// The fault table's week: one request per day, the faults set up on its
/// first (2024-06-24); the other days' requests by their targets.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "bdi",
    path: DAILY,
    query: "?referenceDate=2024-06-24&currencyIsoCode=EUR&lang=en",
    fixture: "bdi/2024-06-24.csv",
    rest: &[
        (
            "/terzevalute-wf-web/rest/v1.0/dailyRates?referenceDate=2024-06-25&currencyIsoCode=EUR&lang=en",
            "bdi/2024-06-25.csv",
        ),
        (
            "/terzevalute-wf-web/rest/v1.0/dailyRates?referenceDate=2024-06-26&currencyIsoCode=EUR&lang=en",
            "bdi/2024-06-26.csv",
        ),
        (
            "/terzevalute-wf-web/rest/v1.0/dailyRates?referenceDate=2024-06-27&currencyIsoCode=EUR&lang=en",
            "bdi/2024-06-27.csv",
        ),
        (
            "/terzevalute-wf-web/rest/v1.0/dailyRates?referenceDate=2024-06-28&currencyIsoCode=EUR&lang=en",
            "bdi/2024-06-28.csv",
        ),
    ],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not CSV: an HTML or XML page (<html>",
    content_type: "text/csv",
    nothing_published: NothingIs::Http404OrNoDay,
};

/// A line of the list of 2024-06-24.
pub fn line(country: &str, code: &str, figure: &str) -> String {
    format!("{country},X,{code},000,{figure},{},2024-06-24\n", bdi::PER_EURO)
}

// The cases in the list's CSV, on the day the faults are set up on (the
// fault table's "2024-06-27" is the one day a single request answers):
// "no day" the header alone (nothing published), "unknown root" another
// header, "missing attribute" a line without its figure, "currency
// repeated" a code printed with two figures.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => HEADER.to_owned(),
        BadDocument::UnknownRoot => "Country,Code,Rate,Date\nUSA,USD,1.0723,2024-06-24\n".to_owned(),
        BadDocument::MissingAttribute => format!(
            "{HEADER}UNITED STATES,U.S. Dollar,USD,001,{},2024-06-24\n",
            bdi::PER_EURO
        ),
        BadDocument::Rate(rate) => format!(
            "{HEADER}{}{}",
            line("JAPAN", "JPY", "171.5"),
            line("UNITED STATES", "USD", rate)
        ),
        BadDocument::FutureDate => fixture(FAULTS.fixture).replace("2024-06-24", "2999-01-04"),
        BadDocument::RepeatedCurrency => format!(
            "{HEADER}{}{}",
            line("UNITED STATES", "USD", "1.0723"),
            line("ECUADOR", "USD", "1.0724")
        ),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early".to_owned(),
        BadDocument::NoDay => "nothing published".to_owned(),
        BadDocument::UnknownRoot => {
            "not the expected CSV: the header is \"Country,Code,Rate,Date\"".to_owned()
        }
        BadDocument::MissingAttribute => "line 2 has 6 fields, the header 7".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-24, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => {
            "conflicting figures for USD on 2024-06-24: 1.0723 (line 2) and 1.0724 (line 3)"
                .to_owned()
        }
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "bdi/2026-02-09.csv",
        "bdi/2026-02-10.csv",
        "bdi/2024-06-24.csv",
        "bdi/2024-06-28.csv",
    ],
    fuzz_target: "bdi_csv",
};

/// The list parser, asked for the day of each recording: at most one day,
/// dated the day asked for.
fn check(bytes: &[u8]) {
    let day = |year, month, day| chrono::NaiveDate::from_ymd_opt(year, month, day).expect("a date");
    for asked in [day(2026, 2, 9), day(2026, 2, 10), day(2024, 6, 24), day(2024, 6, 28)] {
        if let Ok(Some(list)) = bdi::parse(bytes, today(), asked) {
            assert_eq!(list.date(), asked, "dated another day than asked for");
            crate::conformance::parsers::check_days(&[list], Some((asked, asked)));
        }
    }
}
