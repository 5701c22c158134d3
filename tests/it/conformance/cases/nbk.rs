//! The National Bank of Kazakhstan's lists, one per calendar day: the
//! recorded list of 2026-04-01 (39 currencies, KZT per 1, 10, 100 or 1000
//! units, decimals not padded). The header without items and HTTP 404 for
//! a day are nothing published (neither was recorded). The fault table's
//! list of 2024-06-24 is six items of the recording, and the catch-up's
//! list of 2026-04-02 the recording with USD changed: their figures are
//! illustrative, not recorded.

use fxrates::providers::nbk;

use crate::common::env::fixture;
use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, check_days, today};

/// The target of the list of `day` (DD.MM.YYYY).
pub fn day_file(day: &str) -> String {
    format!("/rss/get_rates.cfm?fdate={day}")
}

/// The recorded day.
pub const WINDOW: &[&str] = &["--from", "2026-04-01", "--to", "2026-04-01"];

/// Every currency of the recorded list.
pub const CURRENCIES: &str = "AED,AMD,AUD,AZN,BRL,BYN,CAD,CHF,CNY,CZK,DKK,EUR,GBP,GEL,HKD,HUF,\
     INR,IRR,JPY,KGS,KRW,KWD,MDL,MXN,MYR,NOK,PLN,RUB,SAR,SEK,SGD,THB,TJS,TRY,UAH,USD,UZS,XDR,ZAR";

/// The targets of the days `days`.
fn files(days: &[&str]) -> Vec<String> {
    days.iter().map(|day| day_file(day)).collect()
}

/// The list of 2026-04-02: the recording, redated, with USD changed.
pub fn next_day() -> String {
    fixture("nbk/get_rates-2026-04-01.xml")
        .replace("<date>01.04.2026</date>", "<date>02.04.2026</date>")
        .replace("<description>478.77</description>", "<description>476.12</description>")
}

/// The header of the list of `date` (DD.MM.YYYY), without items.
pub fn header(date: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rates>\n\
         \t<generator>Alternate RSS Builder</generator>\n\
         \t<title>Official exchange rates of National Bank of Republic Kazakhstan</title>\n\
         \t<link>www.nationalbank.kz</link>\n\
         \t<description>Official exchange rates of National Bank of Republic Kazakhstan</description>\n\
         \t<copyright>www.nationalbank.kz</copyright>\n\t<date>{date}</date>\n"
    )
}

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(
                day_file("01.04.2026"),
                Reply::file("nbk/get_rates-2026-04-01.xml"),
            )],
            args: WINDOW,
            days: "1 day (2026-04-01)",
            count: 39,
            requests: files(&["01.04.2026"]),
            // KZT is the quote of every row, per 10 AMD and HUF, 100 KRW
            // and UZS, 1000 IRR.
            shape: &[
                "1 X KZT mid: 34",
                "10 X KZT mid: 2",
                "100 X KZT mid: 2",
                "1000 X KZT mid: 1",
            ],
            currencies: CURRENCIES,
            rows: &[
                ("2026-04-01", "mid", "1 USD KZT 478.77"),
                ("2026-04-01", "mid", "1 EUR KZT 548.62"),
                ("2026-04-01", "mid", "10 AMD KZT 12.72"),
                ("2026-04-01", "mid", "1 GEL KZT 179.5"),
                ("2026-04-01", "mid", "1 UAH KZT 10.9"),
                ("2026-04-01", "mid", "1 JPY KZT 3"),
                ("2026-04-01", "mid", "100 UZS KZT 3.93"),
                ("2026-04-01", "mid", "1000 IRR KZT 0.4"),
                ("2026-04-01", "mid", "1 XDR KZT 650.07"),
                ("2026-04-01", "buying", "USD KZT NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(day_file("02.04.2026"), Reply::ok_xml(next_day()))],
            today: "2026-04-02",
            args: &[],
            summary: "1 day (2026-04-02), 39 rates: 39 inserted, 0 revised, 0 unchanged",
            // Up to tomorrow, not published yet (404).
            requests: files(&["02.04.2026", "03.04.2026"]),
            total: 39 * 2,
            rows: &[
                ("2026-04-02", "mid", "1 USD KZT 476.12"),
                ("2026-04-02", "mid", "1 GEL KZT 179.5"),
                ("2026-04-01", "mid", "1 USD KZT 478.77"),
            ],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(
                    day_file("04.04.2026"),
                    Reply::ok_xml(format!("{}</rates>\n", header("04.04.2026"))),
                )],
                args: &["--date", "2026-04-04"],
                at: None,
                says: "no rates published for 2026-04-04 (a Saturday); nothing stored",
                requests: files(&["04.04.2026"]),
            },
            Nothing {
                routes: vec![],
                args: &["--from", "2024-06-24", "--to", "2024-06-26"],
                at: None,
                says: "no rates published from 2024-06-24 to 2024-06-26; nothing stored",
                requests: files(&["24.06.2024", "25.06.2024", "26.06.2024"]),
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-04-01", "--to", "2026-04-01", "--symbols", "USD,XDR"],
            days: "1 day (2026-04-01)",
            count: 2,
            currencies: "USD,XDR",
            requests: files(&["01.04.2026"]),
        },
    }
}

/// The fault table's week: one request per day, every one answered by the
/// route of the path (any query), so the list of 2024-06-24 answers the
/// whole week and counts for its own day only (an earlier list is none of
/// the day asked); the faults are set up on that path.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "nbk",
    path: "/rss/get_rates.cfm",
    query: "?fdate=24.06.2024",
    fixture: "nbk/get_rates-2024-06-24.xml",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not an NBK rates document: the root element is <html>, not <rates>",
    content_type: "text/xml; charset=UTF-8",
    nothing_published: NothingIs::Http404OrNoDay,
};

/// One `<item>`: `quant code = rate KZT`.
pub fn item(code: &str, rate: &str, quant: &str) -> String {
    format!(
        "\t<item>\n\t\t<fullname>X</fullname>\n\t\t<title>{code}</title>\n\
         \t\t<description>{rate}</description>\n\t\t<quant>{quant}</quant>\n\
         \t\t<index>DOWN</index>\n\t\t<change>-0.02</change>\n\t</item>\n"
    )
}

/// A list of 24.06.2024 holding JPY, then `items`.
pub fn list(items: &str) -> String {
    format!("{}{}{items}</rates>\n", header("24.06.2024"), item("JPY", "2.82", "1"))
}

// The cases in the NBK's XML, on 2024-06-24: "no day" is the header
// without items (its "nothing published"), "unknown root" another root
// element, "missing attribute" an item without `<description>`.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |rate: &str| item("USD", rate, "1");
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => format!("{}</rates>\n", header("24.06.2024")),
        BadDocument::UnknownRoot => "<?xml version=\"1.0\"?><error>Not found</error>".to_owned(),
        BadDocument::MissingAttribute => {
            list(&usd("449.36").replace("\t\t<description>449.36</description>\n", ""))
        }
        BadDocument::Rate(rate) => list(&usd(rate)),
        BadDocument::FutureDate => list(&usd("449.36")).replace("24.06.2024", "04.01.2999"),
        BadDocument::RepeatedCurrency => list(&format!("{}{}", usd("449.36"), usd("449.37"))),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early".to_owned(),
        BadDocument::NoDay => "nothing published".to_owned(),
        BadDocument::UnknownRoot => {
            "not an NBK rates document: the root element is <error>, not <rates>".to_owned()
        }
        BadDocument::MissingAttribute => {
            "day 2024-06-24, USD: <item> lacks <description>".to_owned()
        }
        BadDocument::Rate(rate) => format!("day 2024-06-24, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-24: currency USD appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &["nbk/get_rates-2026-04-01.xml", "nbk/get_rates-2024-06-24.xml"],
    fuzz_target: "nbk_xml",
};

/// The list parser: nothing, or one day.
fn check(bytes: &[u8]) {
    if let Ok(Some(day)) = nbk::parse(bytes, today()) {
        check_days(&[day], None);
    }
}
