//! The Central Bank of Armenia: its exchange rates of the dram, from the
//! Bank's SOAP 1.1 service.
//!
//! Every request is `POST {base}/exchangerates.asmx` calling
//! `ExchangeRatesByDateRangeByISO` (`SOAPAction:
//! "http://www.cba.am/ExchangeRatesByDateRangeByISO"`) with the comma list
//! `ISOCodes` (the 30 codes of [`CURRENCIES`], or those `--symbols` names)
//! and `DateFrom`, `DateTo` as `YYYY-MM-DD`. The result is a .NET DataSet
//! written inside the result element: an inline `xs:schema`, then a
//! `diffgr:diffgram` whose `DocumentElement` holds one
//! `<ExchangeRatesByRange>` per currency and day: `Rate`, `Amount`, `ISO`,
//! `Diff` and `RateDate` (`2026-03-02T00:00:00+04:00`, the date taken as
//! printed). `Amount ISO = Rate AMD` (10 JPY, 100 IRR), stored with the
//! digits the Bank writes (`480.2`, `0.028677`, `60871`); `Diff` is not
//! read. `XAU` and `XAG` are AMD per gram of gold and silver, stored in the
//! series `per-gram` (ISO's `XAU` is a troy ounce). An empty diffgram is
//! nothing published (not recorded: the shape a DataSet without rows
//! takes).
//!
//! The Bank sets its rates on Armenian business days; a range is asked
//! for in spans of [`MAX_SPAN_DAYS`].

use std::collections::BTreeMap;

use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::endpoint::endpoint;
use super::soap;
use super::xml::{self, element_name};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, spans,
};
use crate::http::{Explain, Get, HttpClient, Payload};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, Series, Unit, check_published_day};

/// The Armenian dram: the quote of every rate.
const AMD: CurrencyCode = CurrencyCode::from_static(b"AMD");

/// The Central Bank of Armenia's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "cba",
    publisher: "Հայաստանի Հանրապետության կենտրոնական բանկ (Central Bank of Armenia)",
    default_url: "https://api.cba.am",
    home: Home::Fixed(AMD),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 4,
    figures: Figures::Official,
    about: "exchange rates, AMD per 1, 10 or 100 units; gold and silver AMD per gram",
    first_day: date(1993, 11, 22),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.cba.am/en/SitePages/Default.aspx",
    described: Described {
        printed: "`1 USD = 376.88 AMD` (units 1, 10, 100), decimals as written; `XAU`, `XAG` per gram",
        history: "from the dram's introduction; how far back the service answers was not checked",
        published: "each Armenian business day (the hour is not documented)",
        per_request: "92 days (no documented limit)",
        used_for: "Armenian accounting and tax: the Central Bank's [exchange rates](https://www.cba.am/en/SitePages/ExchangeArchive.aspx)",
        requests: "`POST /exchangerates.asmx`, SOAP `ExchangeRatesByDateRangeByISO` (`ISOCodes`, `DateFrom`, `DateTo`); latest: the last 14 days",
        nothing_published: "an empty `diffgr:diffgram` (not recorded)",
        cron: Some(CronLine {
            schedule: "30 16 * * 1-5",
            why: "Central Bank of Armenia: the day's rates (the hour is not documented)",
        }),
    },
    build: |setup| {
        Box::new(Cba {
            http: setup.http,
            url: endpoint(setup.url, SERVICE, ""),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The service below the base URL.
const SERVICE: &str = "exchangerates.asmx";

/// The namespace of the service's operations.
const CBA_NS: &str = "http://www.cba.am/";

/// The operation asked.
pub const OPERATION: &str = "ExchangeRatesByDateRangeByISO";

/// The codes the Bank lists, as the recorded request sent them: what a run
/// without `--symbols` asks for.
pub const CURRENCIES: [&str; 30] = [
    "USD", "GBP", "AUD", "EUR", "XDR", "IRR", "PLN", "CAD", "INR", "NOK", "JPY", "SEK", "CHF",
    "CZK", "CNY", "SGD", "BRL", "AED", "KGS", "KZT", "RUB", "UAH", "UZS", "BYN", "TJS", "GEL",
    "HKD", "XAU", "XAG", "NZD",
];

/// The most days one request asks for: the service documents no limit,
/// and a quarter of 30 codes is about 600 kB.
const MAX_SPAN_DAYS: u64 = 92;

/// How many days back the latest day is looked for: two weeks cover the
/// new year's holidays.
const LATEST_DAYS: u64 = 14;

/// The Bank's provider at one service URL.
#[derive(Debug)]
pub struct Cba<'a> {
    http: &'a HttpClient,
    /// `{base}/exchangerates.asmx`.
    url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Cba<'_> {
    /// The days from `from` to `to`, in spans of [`MAX_SPAN_DAYS`].
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let codes = self.codes();
        let action = format!("\"{CBA_NS}{OPERATION}\"");
        let mut days = Vec::new();
        for (from, to) in spans(from.max(INFO.first_day), to.min(self.today), MAX_SPAN_DAYS) {
            let envelope = soap::call(CBA_NS, OPERATION, &parameters(&codes, from, to));
            let body = self.http.post_with(
                &Get {
                    url: &self.url,
                    accept: "*/*",
                    headers: &[("SOAPAction", &action)],
                    explain: Some(Explain::Refusal(soap::fault)),
                },
                &Payload {
                    content_type: "text/xml; charset=utf-8",
                    body: envelope.as_bytes(),
                },
            )?;
            let parsed = parse(&body, self.today, from, to)
                .map_err(|reason| format!("{OPERATION} {from}..{to}: {reason}"));
            let span = self.selection.keep(&self.url, parsed)?;
            log::info!("{} {OPERATION} {from}..{to}: {} days", self.url, span.len());
            days.extend(span);
        }
        Ok(days)
    }

    /// The codes to ask for: `--symbols`, or [`CURRENCIES`].
    fn codes(&self) -> String {
        if self.selection.symbols.is_empty() {
            CURRENCIES.join(",")
        } else {
            let codes: Vec<&str> = self.selection.symbols.iter().map(|c| c.as_str()).collect();
            codes.join(",")
        }
    }
}

impl Provider for Cba<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// The parameters of a call for `codes` (a comma list) from `from` to `to`.
pub fn parameters(codes: &str, from: NaiveDate, to: NaiveDate) -> String {
    format!(
        "<web:ISOCodes>{codes}</web:ISOCodes><web:DateFrom>{from}</web:DateFrom>\
         <web:DateTo>{to}</web:DateTo>"
    )
}

/// One `<ExchangeRatesByRange>` row as read so far.
#[derive(Debug, Default)]
struct Row {
    rate: Option<String>,
    amount: Option<String>,
    iso: Option<String>,
    date: Option<String>,
}

/// Parses an answer for the days `from` to `to`, asked on `today`: its
/// days, oldest first, each row `Amount ISO = Rate AMD` as written, a
/// metal's price per gram in the series `per-gram`. An empty diffgram is
/// no day at all.
///
/// Refuses what is not a SOAP answer of the operation (an HTML page, a
/// fault, a truncated body), a result without its diffgram, an unknown
/// element or stray text, a row lacking `Rate`, `Amount`, `ISO` or
/// `RateDate` or holding one twice, an amount that is not a power of ten
/// (or not 1 for a metal), a value that is not a positive decimal, a date
/// outside the days asked for or the window of [`check_published_day`],
/// and a code twice on one day.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    let markup = soap::result_markup(body, CBA_NS, OPERATION)?;
    let mut days: BTreeMap<NaiveDate, Vec<Published>> = BTreeMap::new();
    for row in rows(&markup)? {
        let (day, rate) = published(row, today)?;
        check_asked(day, from, to)?;
        days.entry(day).or_default().push(rate);
    }
    days.into_iter()
        .map(|(day, rates)| DayRates::new(day, AMD, rates))
        .collect()
}

/// The rows of the DataSet written in the result, the schema skipped.
fn rows(markup: &str) -> Result<Vec<Row>, String> {
    let mut reader = Reader::from_str(markup);
    reader.config_mut().trim_text(true);
    let mut open: Vec<String> = Vec::new();
    let mut diffgram = false;
    let mut rows: Vec<Row> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|err| xml::read_error(&reader, markup.len(), err))?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let name = element_name(element);
                match (open.last().map(String::as_str), name.as_str()) {
                    (None, "xs:schema") => {
                        if matches!(event, Event::Start(_)) {
                            reader
                                .read_to_end(element.name())
                                .map_err(|err| format!("the schema ends early: {err}"))?;
                        }
                        continue;
                    }
                    (None, "diffgr:diffgram") if !diffgram => diffgram = true,
                    (Some("diffgr:diffgram"), "DocumentElement") => {}
                    (Some("DocumentElement"), "ExchangeRatesByRange") => rows.push(Row::default()),
                    (
                        Some("ExchangeRatesByRange"),
                        "Rate" | "Amount" | "ISO" | "Diff" | "RateDate",
                    ) => {}
                    (parent, _) => {
                        let inside =
                            parent.map_or_else(|| "the result".to_owned(), |p| format!("<{p}>"));
                        return Err(format!("unexpected <{name}> in {inside}"));
                    }
                }
                if matches!(event, Event::Start(_)) {
                    open.push(name);
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Text(text) => {
                let text = text.decode().map_err(|err| format!("bad text: {err}"))?;
                row_text(&open, rows.last_mut(), text.into_owned())?;
            }
            Event::Eof => {
                if let Some(element) = open.last() {
                    return Err(xml::ends_inside(element));
                }
                break;
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::CData(_) | Event::GeneralRef(_) => {
                return Err(format!("unexpected markup in <{}>", open.join("><")));
            }
        }
    }
    if !diffgram {
        return Err("not the expected DataSet: no <diffgr:diffgram>".to_owned());
    }
    Ok(rows)
}

/// The text of a field of the row being read; `Diff` is not kept.
fn row_text(open: &[String], row: Option<&mut Row>, text: String) -> Result<(), String> {
    let field = open.last().map(String::as_str);
    let (slot, name) = match (field, row) {
        (Some("Rate"), Some(row)) => (&mut row.rate, "Rate"),
        (Some("Amount"), Some(row)) => (&mut row.amount, "Amount"),
        (Some("ISO"), Some(row)) => (&mut row.iso, "ISO"),
        (Some("RateDate"), Some(row)) => (&mut row.date, "RateDate"),
        (Some("Diff"), Some(_)) => return Ok(()),
        _ => return Err(format!("unexpected text {text:?} in <{}>", open.join("><"))),
    };
    if slot.replace(text).is_some() {
        return Err(format!("<{name}> appears twice in a row"));
    }
    Ok(())
}

/// A row as its day and its rate: `Amount ISO = Rate AMD`, a metal per
/// gram.
fn published(row: Row, today: NaiveDate) -> Result<(NaiveDate, Published), String> {
    let iso = row.iso.ok_or("a row lacks <ISO>")?;
    let code: CurrencyCode = iso.parse()?;
    let at = |err: String| format!("{code}: {err}");
    let date = row.date.ok_or_else(|| at("no <RateDate>".to_owned()))?;
    let day = rate_day(&date).map_err(at)?;
    let day = check_published_day(day, INFO.first_day, today)?;
    let at = |err: String| format!("day {day}, {code}: {err}");
    let amount = row.amount.ok_or_else(|| at("no <Amount>".to_owned()))?;
    let rate: Rate = row
        .rate
        .ok_or_else(|| at("no <Rate>".to_owned()))?
        .parse()
        .map_err(at)?;
    if code.is_metal() {
        if amount != "1" {
            return Err(at(format!("a price per gram for {amount:?} grams")));
        }
        return Ok((day, Published::new(code, AMD, rate).of(Series::PerGram)));
    }
    let unit = Unit::from_count(&amount).map_err(at)?;
    Ok((day, Published::per(unit, code, AMD, rate)))
}

/// The day of a `RateDate`, `2026-03-02T00:00:00+04:00`: its date part as
/// printed.
fn rate_day(text: &str) -> Result<NaiveDate, String> {
    let invalid = || format!("invalid date {text:?} (expected e.g. 2026-03-02T00:00:00+04:00)");
    let (date, time) = text.split_once('T').ok_or_else(invalid)?;
    let clock = time.get(..8).ok_or_else(invalid)?;
    let well_formed = clock.len() == 8
        && clock.bytes().enumerate().all(|(i, b)| match i {
            2 | 5 => b == b':',
            _ => b.is_ascii_digit(),
        });
    if !well_formed || date.len() != 10 {
        return Err(invalid());
    }
    crate::model::parse_date(date).map_err(|_| invalid())
}

#[cfg(test)]
mod tests;
