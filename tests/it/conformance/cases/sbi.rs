//! Seðlabanki Íslands: the official reference rate, group 9 of the Bank's
//! XML time series, one request per calendar year of the range; the
//! recorded group of 24–25 March 2026 (the ten currencies and the SDR's
//! middle series carry values, the buying and selling series and the
//! currencies the euro replaced are listed empty), ISK per 1 unit stored
//! with its six printed decimals. Every series empty is nothing published.
//! The catch-up's days and the fault week are the recording redated with
//! its figures changed (written by hand: illustrative, not recorded).

use fxrates::providers::sbi;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, asked, check_days, today};

/// The time series page.
pub const PAGE: &str = "/xmltimeseries/Default.aspx";

/// The request of group 9 from `from` to `to` (`YYYY-MM-DD`).
pub fn series(from: &str, to: &str) -> String {
    format!("{PAGE}?DagsFra={from}&DagsTil={to}&GroupID=9&Type=xml")
}

/// The answer of a window without rates: every series empty.
pub fn empty() -> Reply {
    Reply::file("sbi/empty.xml")
}

const WINDOW: &[&str] = &["--from", "2026-03-24", "--to", "2026-03-25"];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    Case {
        request: target,
        method: "GET",
        accept: "application/xml",
        window: Window {
            routes: vec![at(
                series("2026-03-24", "2026-03-25"),
                Reply::file("sbi/2026-03-24..2026-03-25.xml"),
            )],
            args: WINDOW,
            days: "2 days (2026-03-24..2026-03-25)",
            count: 20,
            requests: vec![series("2026-03-24", "2026-03-25")],
            shape: &["1 X ISK mid: 20"],
            currencies: "CAD,CHF,DKK,EUR,GBP,JPY,NOK,SEK,USD,XDR",
            rows: &[
                ("2026-03-24", "mid", "1 USD ISK 124.440000"),
                ("2026-03-24", "mid", "1 EUR ISK 144.000000"),
                ("2026-03-24", "mid", "1 JPY ISK 0.783000"),
                ("2026-03-24", "mid", "1 XDR ISK 169.600000"),
                ("2026-03-25", "mid", "1 USD ISK 123.710000"),
                ("2026-03-25", "mid", "1 SEK ISK 13.313000"),
                // The buying and selling series are listed without values.
                ("2026-03-24", "buying", "USD ISK NULL"),
                // Group 7's middle rates are not the official reference rate.
                ("2026-03-24", "mid", "CNY ISK NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WINDOW,
            routes: vec![at(
                series("2026-03-26", "2026-03-27"),
                Reply::file("sbi/2026-03-26..2026-03-27.xml"),
            )],
            today: "2026-03-27",
            args: &[],
            summary: "2 days (2026-03-26..2026-03-27), 20 rates: 20 inserted, 0 revised, 0 unchanged",
            requests: vec![series("2026-03-26", "2026-03-27")],
            total: 40,
            rows: &[
                ("2026-03-26", "mid", "1 USD ISK 124.441000"),
                ("2026-03-27", "mid", "1 EUR ISK 144.002000"),
            ],
            references: "NULL",
        },
        nothing: vec![Nothing {
            routes: vec![at(series("2026-03-28", "2026-03-29"), empty())],
            args: &["--from", "2026-03-28", "--to", "2026-03-29"],
            at: None,
            says: "no rates published from 2026-03-28 to 2026-03-29; nothing stored",
            requests: vec![series("2026-03-28", "2026-03-29")],
        }],
        symbols: Symbols {
            args: &["--from", "2026-03-24", "--to", "2026-03-25", "--symbols", "USD,JPY"],
            days: "2 days (2026-03-24..2026-03-25)",
            count: 4,
            currencies: "JPY,USD",
            requests: vec![series("2026-03-24", "2026-03-25")],
        },
    }
}

/// The fault table's week: one request.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "sbi",
    path: PAGE,
    query: "?DagsFra=2024-06-24&DagsTil=2024-06-28&GroupID=9&Type=xml",
    fixture: "sbi/2024-06-24..2024-06-28.xml",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not a Seðlabanki time series: the root element is <html>, not <Group>",
    content_type: "application/xml",
    nothing_published: NothingIs::NoDay,
};

/// A series `id` described as `description`, holding `entries`.
pub fn time_series(id: u32, description: &str, entries: &str) -> String {
    format!(
        "<TimeSeries ID=\"{id}\"><FameName><![CDATA[]]></FameName><Name><![CDATA[X]]></Name>\
         <Description><![CDATA[{description}]]></Description>\
         <TimeSeriesData>{entries}</TimeSeriesData></TimeSeries>"
    )
}

/// An entry of `date` (`M/D/YYYY`) reading `value`.
pub fn entry(date: &str, value: &str) -> String {
    format!("<Entry><Date>{date} 12:00:00 AM</Date><Value>{value}</Value></Entry>")
}

/// A group 9 answer holding the euro's middle series of 27 June 2024, then
/// `series`.
pub fn group(series: &str) -> String {
    format!(
        "<?xml version=\"1.0\"  encoding=\"utf-8\"?><Group ID=\"9\"><Name><![CDATA[Opinbert \
         viðmiðunargengi SÍ]]></Name>{}{series}</Group>",
        time_series(4064, "Evra, skráð miðgengi.", &entry("6/27/2024", "149.100000"))
    )
}

/// The USD middle series holding `entries`.
pub fn usd(entries: &str) -> String {
    time_series(4055, "Bandaríkjadalur, skráð miðgengi.", entries)
}

// The cases in the Bank's XML, Thursday 27 June: "no day" every series
// empty (its "nothing published"), "missing attribute" an entry without
// its `<Value>`, "currency repeated" USD's day twice in its series.
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => group("").replace(
            &entry("6/27/2024", "149.100000"),
            "",
        ),
        BadDocument::UnknownRoot => "<TimeSeriesList><Group ID=\"9\"/></TimeSeriesList>".to_owned(),
        BadDocument::MissingAttribute => group(&usd(
            "<Entry><Date>6/27/2024 12:00:00 AM</Date></Entry>",
        )),
        BadDocument::Rate(rate) => group(&usd(&entry("6/27/2024", rate))),
        BadDocument::FutureDate => group(&usd(&entry("1/4/2999", "138.790000"))),
        BadDocument::RepeatedCurrency => group(&usd(&format!(
            "{}{}",
            entry("6/27/2024", "138.790000"),
            entry("6/27/2024", "138.800000")
        ))),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("every series empty is nothing published"),
        BadDocument::UnknownRoot => {
            "not a Seðlabanki time series: the root element is <TimeSeriesList>, not <Group>"
                .to_owned()
        }
        BadDocument::MissingAttribute => {
            "series 4055 (USD mid): an <Entry> lacks <Value>".to_owned()
        }
        BadDocument::Rate(rate) => format!("day 2024-06-27, USD mid: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27: currency USD appears twice".to_owned(),
    }
}

/// Its parser, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "sbi/2026-03-24..2026-03-25.xml",
        "sbi/2026-03-26..2026-03-27.xml",
        "sbi/2024-06-24..2024-06-28.xml",
        "sbi/empty.xml",
    ],
    fuzz_target: "sbi_xml",
};

/// The group parser, over the days of every recording.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    if let Ok(days) = sbi::parse(bytes, today(), from, to) {
        check_days(&days, Some((from, to)));
    }
}
