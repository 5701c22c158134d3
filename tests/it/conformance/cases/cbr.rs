//! The Bank of Russia's daily lists, one request per calendar day: the
//! recorded list of Saturday 2026-04-25 (windows-1251, decimal commas, 54
//! currencies, RUB per 1 to 1000000 units, the SDR included), stored as
//! printed. Asked for Sunday or Monday, the service answers that Saturday
//! list, still in force: nothing for the day asked. Nothing published is
//! also a `<ValCurs>` with its date and no `<Valute>`, or a 404 (neither
//! recorded). The list of 2026-04-28 is the recording redated, two figures
//! changed; the fault week's is the recording redated with its (Cyrillic)
//! names emptied, as the fault harness reads fixtures as text: illustrative.

use fxrates::providers::cbr;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, check_days, today};

/// The page of a day's list.
pub const PAGE: &str = "/scripts/XML_daily.asp";

/// The target of the list asked for `ddmmyyyy`, e.g. `25/04/2026`.
pub fn day_target(ddmmyyyy: &str) -> String {
    format!("{PAGE}?date_req={ddmmyyyy}")
}

/// The targets of the days `ddmmyyyy`.
pub fn targets(days: &[&str]) -> Vec<String> {
    days.iter().map(|day| day_target(day)).collect()
}

/// The recorded Saturday, then the Sunday, answered the same list.
pub const WINDOW: &[&str] = &["--from", "2026-04-25", "--to", "2026-04-26"];

/// The recorded list of Saturday 2026-04-25, in force to Monday.
pub const SATURDAY: &str = "cbr/25.04.2026.xml";

/// The list of `ddmmyyyy` (dotted) without a currency: nothing published.
pub fn empty(ddmmyyyy: &str) -> Reply {
    Reply::ok_xml(format!(
        "<?xml version=\"1.0\" encoding=\"windows-1251\"?><ValCurs Date=\"{ddmmyyyy}\" \
         name=\"Foreign Currency Market\"></ValCurs>"
    ))
}

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: vec![
                at(day_target("25/04/2026"), Reply::file(SATURDAY)),
                at(day_target("26/04/2026"), Reply::file(SATURDAY)),
            ],
            args: WINDOW,
            days: "1 day (2026-04-25)",
            count: 54,
            requests: targets(&["25/04/2026", "26/04/2026"]),
            shape: &[
                "1 X RUB mid: 24",
                "10 X RUB mid: 12",
                "100 X RUB mid: 10",
                "1000 X RUB mid: 4",
                "10000 X RUB mid: 3",
                "1000000 X RUB mid: 1",
            ],
            currencies: "AED,AMD,AUD,AZN,BDT,BHD,BOB,BRL,BYN,CAD,CHF,CNY,CUP,CZK,DKK,DZD,EGP,\
                         ETB,EUR,GBP,GEL,HKD,HUF,IDR,INR,IRR,JPY,KGS,KRW,KZT,MDL,MMK,MNT,NGN,\
                         NOK,NZD,OMR,PLN,QAR,RON,RSD,SAR,SEK,SGD,THB,TJS,TMT,TRY,UAH,USD,UZS,\
                         VND,XDR,ZAR",
            rows: &[
                ("2026-04-25", "mid", "1 USD RUB 75.5273"),
                ("2026-04-25", "mid", "1 EUR RUB 88.2826"),
                ("2026-04-25", "mid", "1 BYN RUB 26.7960"),
                ("2026-04-25", "mid", "100 JPY RUB 47.2636"),
                ("2026-04-25", "mid", "10000 VND RUB 30.0750"),
                ("2026-04-25", "mid", "1000 KRW RUB 51.0113"),
                ("2026-04-25", "mid", "1 XDR RUB 103.3893"),
                ("2026-04-25", "mid", "XAU RUB NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![
                at(day_target("27/04/2026"), Reply::file(SATURDAY)),
                at(day_target("28/04/2026"), Reply::file("cbr/28.04.2026.xml")),
            ],
            // Tuesday's list was set on Monday; Wednesday's is not out yet
            // (the mirror's 404).
            today: "2026-04-28",
            args: &[],
            summary: "1 day (2026-04-28), 54 rates: 54 inserted, 0 revised, 0 unchanged",
            requests: targets(&["26/04/2026", "27/04/2026", "28/04/2026", "29/04/2026"]),
            total: 108,
            rows: &[
                ("2026-04-28", "mid", "1 USD RUB 75.6120"),
                ("2026-04-28", "mid", "1 EUR RUB 88.4105"),
            ],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(day_target("27/04/2026"), Reply::file(SATURDAY))],
                args: &["--date", "2026-04-27"],
                at: None,
                // A Monday is a day the bank's week never dates.
                says: "no rates published for 2026-04-27 (a Monday); nothing stored",
                requests: targets(&["27/04/2026"]),
            },
            Nothing {
                routes: vec![at(day_target("24/04/2026"), empty("24.04.2026"))],
                args: &["--date", "2026-04-24"],
                at: None,
                says: "no rates published for 2026-04-24 (a Friday: an unscheduled closing?); nothing stored",
                requests: targets(&["24/04/2026"]),
            },
            Nothing {
                routes: vec![],
                args: &["--from", "2026-04-22", "--to", "2026-04-23"],
                at: None,
                says: "no rates published from 2026-04-22 to 2026-04-23; nothing stored",
                requests: targets(&["22/04/2026", "23/04/2026"]),
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-04-25", "--to", "2026-04-26", "--symbols", "USD,XDR"],
            days: "1 day (2026-04-25)",
            count: 2,
            currencies: "USD,XDR",
            requests: targets(&["25/04/2026", "26/04/2026"]),
        },
    }
}

/// The fault table's week: one request per day to the one page, so the
/// faults, set up on the page, meet the first (2024-06-24); the other days
/// are answered with the same list, dated before them: the list still in
/// force, which stores nothing for them.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "cbr",
    path: PAGE,
    query: "?date_req=24/06/2024",
    fixture: "cbr/24.06.2024.xml",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not a CBR rate list: the root element is <html>, not <ValCurs>",
    content_type: "text/xml; charset=windows-1251",
    nothing_published: NothingIs::Http404OrNoDay,
};

/// A list of `ddmmyyyy` (dotted) holding `valutes`.
pub fn list(ddmmyyyy: &str, valutes: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"windows-1251\"?><ValCurs Date=\"{ddmmyyyy}\" \
         name=\"Foreign Currency Market\">{valutes}</ValCurs>"
    )
}

/// A `<Valute>` of `code`: `nominal` units = `value` RUB.
pub fn valute(code: &str, nominal: &str, value: &str) -> String {
    format!(
        "<Valute ID=\"R01235\"><NumCode>840</NumCode><CharCode>{code}</CharCode>\
         <Nominal>{nominal}</Nominal><Name>X</Name><Value>{value}</Value>\
         <VunitRate>{value}</VunitRate></Valute>"
    )
}

// The cases in the Bank's XML, dated the first day asked: "no day" is the
// list without a currency, "unknown root" the metals page's, "missing
// attribute" a currency without its `<Value>`. A rate is written with the
// Bank's decimal comma.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |value: &str| valute("USD", "1", value);
    let first = |valutes: &str| {
        list(
            "24.06.2024",
            &format!("{}{valutes}", valute("JPY", "100", "96,8220")),
        )
    };
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => list("24.06.2024", ""),
        BadDocument::UnknownRoot => "<?xml version=\"1.0\" encoding=\"windows-1251\"?><Metall \
             FromDate=\"20240624\" ToDate=\"20240624\" name=\"Precious metals quotations\">\
             <Record Date=\"24.06.2024\" Code=\"1\"><Buy>7139,47</Buy><Sell>7139,47</Sell>\
             </Record></Metall>"
            .to_owned(),
        BadDocument::MissingAttribute => first(
            &usd("87,0000").replace("<Value>87,0000</Value>", ""),
        ),
        BadDocument::Rate(rate) => first(&usd(&rate.replace('.', ","))),
        BadDocument::FutureDate => list("04.01.2999", &usd("87,0000")),
        BadDocument::RepeatedCurrency => first(&format!("{}{}", usd("87,0000"), usd("87,0001"))),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("a list without a currency is nothing published"),
        BadDocument::UnknownRoot => {
            "not a CBR rate list: the root element is <Metall>, not <ValCurs>".to_owned()
        }
        BadDocument::MissingAttribute => "day 2024-06-24, USD: no <Value>".to_owned(),
        BadDocument::Rate(rate) => {
            format!("day 2024-06-24, USD: invalid rate {:?}", rate.replace('.', ","))
        }
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-24: currency USD appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &["cbr/25.04.2026.xml", "cbr/28.04.2026.xml", "cbr/24.06.2024.xml"],
    fuzz_target: "cbr_xml",
};

/// The list parser: one day, or none.
fn check(bytes: &[u8]) {
    if let Ok(list) = cbr::parse(bytes, today()) {
        if let Some(day) = list.day {
            assert_eq!(day.date(), list.date, "a day under another date");
            check_days(&[day], None);
        }
    }
}
