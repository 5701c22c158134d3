//! The National Bank of Moldova's daily lists, one request per calendar
//! day: the recorded list of 2026-04-06 (40 currencies, MDL per 1, 10 or
//! 100 units, the SDR included), stored as printed. Nothing published is a
//! `<ValCurs>` with its date and no `<Valute>`, or a 404 (the mirror's for
//! a day it has no route for). The list of 2026-04-07 and the fault week's
//! are the recording redated, a figure or two changed: illustrative.

use fxrates::providers::nbm;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, check_days, today};

/// The page of a day's list.
pub const PAGE: &str = "/en/official_exchange_rates";

/// The target of the list of `ddmmyyyy`, e.g. `06.04.2026`.
pub fn day_target(ddmmyyyy: &str) -> String {
    format!("{PAGE}?date={ddmmyyyy}&get_xml=1")
}

/// The targets of the days `ddmmyyyy`.
pub fn targets(days: &[&str]) -> Vec<String> {
    days.iter().map(|day| day_target(day)).collect()
}

/// A Sunday without a route (the mirror's 404), then the recorded Monday.
pub const WINDOW: &[&str] = &["--from", "2026-04-05", "--to", "2026-04-06"];

/// The list of `ddmmyyyy` without a currency: nothing published.
pub fn empty(ddmmyyyy: &str) -> Reply {
    Reply::ok_xml(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ValCurs Date=\"{ddmmyyyy}\" name=\"Official exchange rate\">\n</ValCurs>\n"
    ))
}

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![at(day_target("06.04.2026"), Reply::file("nbm/06.04.2026.xml"))],
            args: WINDOW,
            days: "1 day (2026-04-06)",
            count: 40,
            requests: targets(&["05.04.2026", "06.04.2026"]),
            shape: &["1 X MDL mid: 28", "10 X MDL mid: 7", "100 X MDL mid: 5"],
            currencies: "AED,ALL,AMD,AUD,AZN,BYN,CAD,CHF,CNY,CZK,DKK,EUR,GBP,GEL,HKD,HUF,ILS,\
                         INR,ISK,JPY,KGS,KRW,KWD,KZT,MKD,MYR,NOK,NZD,PLN,RON,RSD,RUB,SEK,TJS,\
                         TMT,TRY,UAH,USD,UZS,XDR",
            rows: &[
                ("2026-04-06", "mid", "1 EUR MDL 20.2754"),
                ("2026-04-06", "mid", "1 USD MDL 17.6124"),
                ("2026-04-06", "mid", "1 UAH MDL 0.4022"),
                ("2026-04-06", "mid", "100 JPY MDL 11.0318"),
                ("2026-04-06", "mid", "10 ALL MDL 2.1172"),
                ("2026-04-06", "mid", "100 UZS MDL 0.1442"),
                ("2026-04-06", "mid", "1 XDR MDL 23.9652"),
                ("2026-04-06", "mid", "XAU MDL NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(day_target("07.04.2026"), Reply::file("nbm/07.04.2026.xml"))],
            // The next day's list is out the day before: the run asks up
            // to tomorrow, which has none yet (404).
            today: "2026-04-07",
            args: &[],
            summary: "1 day (2026-04-07), 40 rates: 40 inserted, 0 revised, 0 unchanged",
            requests: targets(&["07.04.2026", "08.04.2026"]),
            total: 80,
            rows: &[("2026-04-07", "mid", "1 EUR MDL 20.2931")],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(day_target("04.04.2026"), empty("04.04.2026"))],
                args: &["--date", "2026-04-04"],
                at: None,
                says: "no rates published for 2026-04-04 (a Saturday: an unscheduled closing?); nothing stored",
                requests: targets(&["04.04.2026"]),
            },
            Nothing {
                routes: vec![],
                args: &["--from", "2026-04-02", "--to", "2026-04-03"],
                at: None,
                says: "no rates published from 2026-04-02 to 2026-04-03; nothing stored",
                requests: targets(&["02.04.2026", "03.04.2026"]),
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-04-05", "--to", "2026-04-06", "--symbols", "USD,XDR"],
            days: "1 day (2026-04-06)",
            count: 2,
            currencies: "USD,XDR",
            requests: targets(&["05.04.2026", "06.04.2026"]),
        },
    }
}

/// The fault table's week: one request per day to the one page, so the
/// faults, set up on the page, meet the first (2024-06-24); the other days
/// are answered with the same list, dated before them: the list still in
/// force, which stores nothing for them.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "nbm",
    path: PAGE,
    query: "?date=24.06.2024&get_xml=1",
    fixture: "nbm/24.06.2024.xml",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not an NBM rate list: the root element is <html>, not <ValCurs>",
    content_type: "text/xml; charset=utf-8",
    nothing_published: NothingIs::Http404OrNoDay,
};

/// A list of `ddmmyyyy` holding `valutes`.
pub fn list(ddmmyyyy: &str, valutes: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ValCurs Date=\"{ddmmyyyy}\" name=\"Official exchange rate\">\n{valutes}</ValCurs>\n"
    )
}

/// A `<Valute>` of `code`: `nominal` units = `value` MDL.
pub fn valute(code: &str, nominal: &str, value: &str) -> String {
    format!(
        "  <Valute ID=\"44\">\n    <NumCode>840</NumCode>\n    <CharCode>{code}</CharCode>\n    \
         <Nominal>{nominal}</Nominal>\n    <Name>X</Name>\n    <Value>{value}</Value>\n  </Valute>\n"
    )
}

// The cases in the Bank's XML, dated the first day asked: "no day" is the
// list without a currency, "unknown root" the metals page's,
// "missing attribute" a currency without its `<Value>`.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |value: &str| valute("USD", "1", value);
    let first = |valutes: &str| list("24.06.2024", &format!("{}{valutes}", valute("JPY", "100", "11.3120")));
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => list("24.06.2024", ""),
        BadDocument::UnknownRoot => "<?xml version=\"1.0\"?><MetalPrice Date=\"24.06.2024\" \
             name=\"The price of precious metals\"><Metal ID=\"\"><CharCode>XAU</CharCode>\
             </Metal></MetalPrice>"
            .to_owned(),
        BadDocument::MissingAttribute => first(&usd("17.8890").replace("    <Value>17.8890</Value>\n", "")),
        BadDocument::Rate(rate) => first(&usd(rate)),
        BadDocument::FutureDate => list("04.01.2999", &usd("17.8890")),
        BadDocument::RepeatedCurrency => first(&format!("{}{}", usd("17.8890"), usd("17.8891"))),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("a list without a currency is nothing published"),
        BadDocument::UnknownRoot => {
            "not an NBM rate list: the root element is <MetalPrice>, not <ValCurs>".to_owned()
        }
        BadDocument::MissingAttribute => "day 2024-06-24, USD: no <Value>".to_owned(),
        BadDocument::Rate(rate) => format!("day 2024-06-24, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-24: currency USD appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &["nbm/06.04.2026.xml", "nbm/07.04.2026.xml", "nbm/24.06.2024.xml"],
    fuzz_target: "nbm_xml",
};

/// The list parser: one day, or none.
fn check(bytes: &[u8]) {
    if let Ok(list) = nbm::parse(bytes, today()) {
        if let Some(day) = list.day {
            assert_eq!(day.date(), list.date, "a day under another date");
            check_days(&[day], None);
        }
    }
}
