//! The Central Bank of Armenia's SOAP service: every request a POST to
//! `/exchangerates.asmx` calling `ExchangeRatesByDateRangeByISO` with the
//! 30 codes the Bank lists (or `--symbols` alone) and the days; the
//! recorded answer of 2–3 March 2026, a .NET DataSet (schema, then
//! diffgram), `Amount` units = `Rate` AMD as written, gold and silver per
//! gram in the series `per-gram`. An empty diffgram is nothing published
//! (not recorded). The catch-up's days and the fault week are the
//! recording's first day redated, its last digits changed: illustrative.

use fxrates::providers::cba;

use crate::common::http::{Reply, Request};
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at};
use crate::conformance::cases::mnb::parameter;
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The service.
pub const SERVICE: &str = "/exchangerates.asmx";

/// A call as the lists read it: `2026-03-02..2026-03-03 USD,JPY`.
pub fn call(request: &Request) -> String {
    assert_eq!(
        request.soap_operation(),
        Some(cba::OPERATION),
        "{}",
        request.body_text()
    );
    format!(
        "{}..{} {}",
        parameter(request, "DateFrom"),
        parameter(request, "DateTo"),
        parameter(request, "ISOCodes")
    )
}

/// The call for every listed code from `from` to `to`.
pub fn all(from: &str, to: &str) -> String {
    format!("{from}..{to} {}", cba::CURRENCIES.join(","))
}

/// The answer of a range without rates: an empty diffgram.
pub fn empty() -> Reply {
    Reply::file("cba/empty.xml")
}

const WINDOW: &[&str] = &["--from", "2026-03-02", "--to", "2026-03-03"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: call,
        method: "POST",
        accept: "*/*",
        window: Window {
            routes: vec![at(SERVICE, Reply::file("cba/2026-03-02..2026-03-03.xml"))],
            args: WINDOW,
            days: "2 days (2026-03-02..2026-03-03)",
            count: 60,
            requests: vec![all("2026-03-02", "2026-03-03")],
            shape: &[
                "1 X AMD mid: 48",
                "1 X AMD per-gram: 4",
                "10 X AMD mid: 6",
                "100 X AMD mid: 2",
            ],
            currencies: "AED,AUD,BRL,BYN,CAD,CHF,CNY,CZK,EUR,GBP,GEL,HKD,INR,IRR,JPY,KGS,KZT,\
                         NOK,NZD,PLN,RUB,SEK,SGD,TJS,UAH,USD,UZS,XAG,XAU,XDR",
            rows: &[
                ("2026-03-02", "mid", "1 USD AMD 376.88"),
                ("2026-03-02", "mid", "100 IRR AMD 0.028685"),
                ("2026-03-02", "mid", "10 JPY AMD 24.02"),
                ("2026-03-02", "mid", "1 NZD AMD 224.7"),
                ("2026-03-02", "per-gram", "1 XAU AMD 63278"),
                ("2026-03-03", "per-gram", "1 XAG AMD 1146.8"),
                // A price per gram is never a troy ounce of ISO's XAU.
                ("2026-03-02", "mid", "XAU AMD NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(SERVICE, Reply::file("cba/2026-03-04..2026-03-05.xml"))],
            today: "2026-03-05",
            args: &[],
            summary: "2 days (2026-03-04..2026-03-05), 60 rates: 60 inserted, 0 revised, 0 unchanged",
            requests: vec![all("2026-03-04", "2026-03-05")],
            total: 120,
            rows: &[
                ("2026-03-04", "mid", "1 USD AMD 376.89"),
                ("2026-03-05", "per-gram", "1 XAU AMD 63271"),
            ],
            references: "NULL",
        },
        nothing: vec![Nothing {
            routes: vec![at(SERVICE, empty())],
            args: &["--from", "2026-03-07", "--to", "2026-03-08"],
            at: None,
            says: "no rates published from 2026-03-07 to 2026-03-08; nothing stored",
            requests: vec![all("2026-03-07", "2026-03-08")],
        }],
        symbols: Symbols {
            // Only the codes asked for are sent.
            args: &["--from", "2026-03-02", "--to", "2026-03-03", "--symbols", "USD,JPY"],
            days: "2 days (2026-03-02..2026-03-03)",
            count: 4,
            currencies: "JPY,USD",
            requests: vec!["2026-03-02..2026-03-03 USD,JPY".to_owned()],
        },
    }
}

/// The fault table's week: one call.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "cba",
    path: SERVICE,
    query: "",
    fixture: "cba/2024-06-24..2024-06-28.xml",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "ExchangeRatesByDateRangeByISO 2024-06-24..2024-06-28: not a SOAP answer: the root element is <html>",
    content_type: "text/xml; charset=utf-8",
    nothing_published: NothingIs::NoDay,
};

/// A row of `iso` on `date` (`YYYY-MM-DD`): `amount` units = `rate` AMD.
pub fn row(iso: &str, amount: &str, rate: &str, date: &str) -> String {
    format!(
        "<ExchangeRatesByRange diffgr:id=\"ExchangeRatesByRange1\" msdata:rowOrder=\"0\">\
         <Rate>{rate}</Rate><Amount>{amount}</Amount><ISO>{iso}</ISO><Diff>0.1</Diff>\
         <RateDate>{date}T00:00:00+04:00</RateDate></ExchangeRatesByRange>"
    )
}

/// An answer whose result is `result` (the schema and diffgram, as
/// written).
pub fn envelope(result: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope \
         xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
         <ExchangeRatesByDateRangeByISOResponse xmlns=\"http://www.cba.am/\">\
         <ExchangeRatesByDateRangeByISOResult>{result}</ExchangeRatesByDateRangeByISOResult>\
         </ExchangeRatesByDateRangeByISOResponse></soap:Body></soap:Envelope>"
    )
}

/// An answer of the EUR row of 27 June 2024, then `rows`.
pub fn answer(rows: &str) -> String {
    envelope(&format!(
        "<diffgr:diffgram xmlns:msdata=\"urn:schemas-microsoft-com:xml-msdata\" \
         xmlns:diffgr=\"urn:schemas-microsoft-com:xml-diffgram-v1\"><DocumentElement xmlns=\"\">\
         {}{rows}</DocumentElement></diffgr:diffgram>",
        row("EUR", "1", "415.99", "2024-06-27")
    ))
}

// The cases in the service's DataSet, Thursday 27 June: "no day" an empty
// diffgram (its "nothing published"), "unknown root" another DataSet's
// element, "missing attribute" a row without its `<Rate>`.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |rate: &str| row("USD", "1", rate, "2024-06-27");
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => envelope("<diffgr:diffgram xmlns:diffgr=\"urn:schemas-microsoft-com:xml-diffgram-v1\" />"),
        BadDocument::UnknownRoot => envelope("<NewDataSet><Table/></NewDataSet>"),
        BadDocument::MissingAttribute => answer(&usd("1").replace("<Rate>1</Rate>", "")),
        BadDocument::Rate(rate) => answer(&usd(rate)),
        BadDocument::FutureDate => answer(&row("USD", "1", "387.5", "2999-01-04")),
        BadDocument::RepeatedCurrency => answer(&format!("{}{}", usd("387.5"), usd("387.6"))),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    let call = "ExchangeRatesByDateRangeByISO 2024-06-24..2024-06-28";
    match bad {
        BadDocument::Truncated => format!("{call}: the document ends early"),
        BadDocument::NoDay => unreachable!("an empty diffgram is nothing published"),
        BadDocument::UnknownRoot => format!("{call}: unexpected <NewDataSet> in the result"),
        BadDocument::MissingAttribute => format!("{call}: day 2024-06-27, USD: no <Rate>"),
        BadDocument::Rate(rate) => format!("{call}: day 2024-06-27, USD: invalid rate {rate:?}"),
        BadDocument::FutureDate => format!("{call}: day 2999-01-04 is in the future"),
        BadDocument::RepeatedCurrency => {
            format!("{call}: day 2024-06-27: currency USD appears twice")
        }
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "cba/2026-03-02..2026-03-03.xml",
        "cba/2026-03-04..2026-03-05.xml",
        "cba/2024-06-24..2024-06-28.xml",
        "cba/empty.xml",
    ],
    fuzz_target: "cba_soap",
};

/// The answer parser, over the days of every recording.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    if let Ok(days) = cba::parse(bytes, today(), from, to) {
        check_days(&days, Some((from, to)));
    }
}
