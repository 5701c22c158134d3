//! The Magyar Nemzeti Bank's SOAP service: every call a POST to
//! `/arfolyamok.asmx` told apart by its `SOAPAction`, `GetCurrencies` for
//! the list a run asks `GetExchangeRates` for (or `--symbols` alone), rates
//! stored as printed (HUF per 1 or 100 units), the decimal comma a point;
//! `<MNBExchangeRates />` is nothing published. The `GetCurrencies` answer
//! is written by hand in the service's shape; the weeks of March 2025 are
//! recorded answers.

use fxrates::providers::mnb;

use crate::common::http::{Reply, Request};
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The service.
pub const SERVICE: &str = "/arfolyamok.asmx";

/// The route of one operation of the service.
pub fn operation(name: &str) -> String {
    format!("{SERVICE}#{name}")
}

/// Every currency of the list but the forint, in its order: what a run
/// without `--symbols` asks `GetExchangeRates` for.
const LISTED: &str = "EUR,AUD,BGN,BRL,CAD,CHF,CNY,CZK,DKK,GBP,HKD,HRK,IDR,ILS,INR,ISK,JPY,\
KRW,MXN,MYR,NOK,NZD,PHP,PLN,RON,RSD,RUB,SEK,SGD,THB,TRY,UAH,USD,ZAR,ATS,AUP,BEF,BGL,CSD,CSK,\
DDM,DEM,EEK,EGP,ESP,FIM,FRF,GHP,GRD,IEP,ITL,KPW,KWD,LBP,LTL,LUF,LVL,MNT,NLG,OAL,OBL,OFR,ORB,\
PKR,PTE,ROL,SDP,SIT,SKK,SUR,VND,XEU,XTR,YUD";

/// The value of the parameter `name` in a SOAP call's body.
pub fn parameter(request: &Request, name: &str) -> String {
    let body = request.body_text();
    let open = format!("<web:{name}>");
    let start = body.find(&open).map(|at| at + open.len());
    let end = body.find(&format!("</web:{name}>"));
    match (start, end) {
        (Some(start), Some(end)) => body[start..end].to_owned(),
        _ => panic!("no {name} in {body}"),
    }
}

/// A call as the lists read it: `GetCurrencies`, or `GetExchangeRates
/// 2025-03-24..2025-03-28 USD,JPY`.
pub fn call(request: &Request) -> String {
    match request.soap_operation() {
        Some("GetExchangeRates") => format!(
            "GetExchangeRates {}..{} {}",
            parameter(request, "startDate"),
            parameter(request, "endDate"),
            parameter(request, "currencyNames"),
        ),
        Some(operation) => operation.to_owned(),
        None => format!("{} {}", request.method, request.target),
    }
}

/// A `GetExchangeRates` call of every listed currency from `from` to `to`.
fn rates_of_all(from: &str, to: &str) -> String {
    format!("GetExchangeRates {from}..{to} {LISTED}")
}

/// A SOAP answer of `operation` whose result is `inner`, escaped as the
/// service escapes it.
pub fn envelope(operation: &str, inner: &str) -> String {
    let escaped = inner
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>\
         <{operation}Response xmlns=\"http://www.mnb.hu/webservices/\">\
         <{operation}Result>{escaped}</{operation}Result>\
         </{operation}Response></s:Body></s:Envelope>"
    )
}

/// The `GetExchangeRates` answer of days without a fixing.
pub fn no_day() -> Reply {
    Reply::ok_xml(envelope("GetExchangeRates", "<MNBExchangeRates />"))
}

pub const WEEK: &[&str] = &["--from", "2025-03-24", "--to", "2025-03-28"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: call,
        method: "POST",
        accept: "*/*",
        window: Window {
            routes: vec![
                at(operation("GetCurrencies"), Reply::file("mnb/GetCurrencies.xml")),
                at(
                    operation("GetExchangeRates"),
                    Reply::file("mnb/GetExchangeRates-2025-03-24-2025-03-28.xml"),
                ),
            ],
            args: WEEK,
            days: "5 days (2025-03-24..2025-03-28)",
            count: 160,
            requests: vec![
                "GetCurrencies".to_owned(),
                rates_of_all("2025-03-24", "2025-03-28"),
            ],
            shape: &["1 X HUF mid: 145", "100 X HUF mid: 15"],
            currencies: "AUD,BRL,CAD,CHF,CNY,CZK,DKK,EUR,GBP,HKD,IDR,ILS,INR,ISK,JPY,KRW,\
                         MXN,MYR,NOK,NZD,PHP,PLN,RON,RSD,RUB,SEK,SGD,THB,TRY,UAH,USD,ZAR",
            rows: &[
                ("2025-03-28", "mid", "1 EUR HUF 402.61"),
                ("2025-03-28", "mid", "1 GBP HUF 484.00"),
                ("2025-03-28", "mid", "1 THB HUF 11.00"),
                ("2025-03-28", "mid", "100 JPY HUF 248.17"),
                ("2025-03-28", "mid", "100 IDR HUF 2.26"),
                ("2025-03-27", "mid", "1 EUR HUF 400.47"),
                ("2025-03-24", "mid", "1 USD HUF 367.60"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WEEK,
            routes: vec![at(
                operation("GetExchangeRates"),
                Reply::file("mnb/GetExchangeRates-2025-03-31-2025-04-01.xml"),
            )],
            today: "2025-04-01",
            args: &[],
            summary: "2 days (2025-03-31..2025-04-01), 6 rates: 6 inserted, 0 revised, 0 unchanged",
            requests: vec![
                "GetCurrencies".to_owned(),
                rates_of_all("2025-03-29", "2025-04-01"),
            ],
            total: 160 + 6,
            rows: &[("2025-04-01", "mid", "100 JPY HUF 248.35")],
            references: "NULL",
        },
        nothing: vec![Nothing {
            routes: vec![at(operation("GetExchangeRates"), no_day())],
            args: &["--from", "2025-03-29", "--to", "2025-03-30"],
            at: None,
            says: "no rates published from 2025-03-29 to 2025-03-30; nothing stored",
            requests: vec![
                "GetCurrencies".to_owned(),
                rates_of_all("2025-03-29", "2025-03-30"),
            ],
        }],
        symbols: Symbols {
            // The currencies asked for, without the list.
            args: &["--from", "2025-03-24", "--to", "2025-03-28", "--symbols", "USD,JPY"],
            days: "5 days (2025-03-24..2025-03-28)",
            count: 10,
            currencies: "JPY,USD",
            requests: vec!["GetExchangeRates 2025-03-24..2025-03-28 USD,JPY".to_owned()],
        },
    }
}

/// The fault table's week: one `GetExchangeRates` call after the
/// currency list, which has a route of its own, so the faults reach the
/// rates.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "mnb",
    path: SERVICE,
    query: "",
    fixture: "mnb/GetExchangeRates-2024-06-24-2024-06-28.xml",
    rest: &[("/arfolyamok.asmx#GetCurrencies", "mnb/GetCurrencies.xml")],
    secrets: &[],
    document,
    refusal,
    html_refusal: "GetExchangeRates 2024-06-24..2024-06-28: not a SOAP answer: the root element is <html>",
    content_type: "text/xml; charset=utf-8",
    nothing_published: NothingIs::NoDay,
};

/// A result holding the EUR rate of `date`, then `rates` on that day.
pub fn day(date: &str, rates: &str) -> String {
    envelope(
        "GetExchangeRates",
        &format!(
            "<MNBExchangeRates><Day date=\"{date}\"><Rate unit=\"1\" curr=\"EUR\">395,48</Rate>{rates}</Day></MNBExchangeRates>"
        ),
    )
}

/// The USD rate, `value` written as the service writes it (a comma).
pub fn usd(value: &str) -> String {
    format!("<Rate unit=\"1\" curr=\"USD\">{value}</Rate>")
}

// The cases in the MNB's shape: "no day" is `<MNBExchangeRates />`
// (nothing published), "unknown root" the result of another operation,
// "missing attribute" a rate without its unit.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => envelope("GetExchangeRates", "<MNBExchangeRates />"),
        BadDocument::UnknownRoot => envelope(
            "GetExchangeRates",
            "<MNBCurrentExchangeRates><Day date=\"2024-06-27\"/></MNBCurrentExchangeRates>",
        ),
        BadDocument::MissingAttribute => day("2024-06-27", "<Rate curr=\"USD\">369,69</Rate>"),
        BadDocument::Rate(rate) => day("2024-06-27", &usd(&rate.replace('.', ","))),
        BadDocument::FutureDate => day("2999-01-04", &usd("369,69")),
        BadDocument::RepeatedCurrency => {
            day("2024-06-27", &format!("{}{}", usd("369,69"), usd("369,70")))
        }
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => {
            "GetExchangeRates 2024-06-24..2024-06-28: the document ends early".to_owned()
        }
        BadDocument::NoDay => unreachable!("a result without a day is nothing published"),
        BadDocument::UnknownRoot => {
            "the root element is <MNBCurrentExchangeRates>, not <MNBExchangeRates>".to_owned()
        }
        BadDocument::MissingAttribute => "<Rate> lacks the unit attribute".to_owned(),
        BadDocument::Rate(rate) => format!(
            "day 2024-06-27, USD: invalid rate {:?}",
            rate.replace('.', ",")
        ),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "mnb/GetExchangeRates-2025-03-24-2025-03-28.xml",
        "mnb/GetExchangeRates-2025-03-31-2025-04-01.xml",
        "mnb/GetExchangeRates-2024-06-24-2024-06-28.xml",
        "mnb/GetCurrencies.xml",
    ],
    fuzz_target: "mnb_xml",
};

/// Both result parsers, on the bytes as text (they read the result the
/// SOAP envelope carries) and on the result a recorded envelope escapes.
fn check(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let unescaped = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let (from, to) = asked();
    for text in [text.as_ref(), unescaped.as_str()] {
        if let Ok(days) = mnb::parse_rates(text, today(), from, to) {
            check_days(&days, Some((from, to)));
        }
        if let Ok(codes) = mnb::parse_currencies(text) {
            assert!(!codes.is_empty(), "a list without a currency");
            assert!(codes.iter().all(|code| code.as_str() != "HUF"), "the forint listed");
        }
    }
}
