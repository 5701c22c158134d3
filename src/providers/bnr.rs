//! Banca Națională a României (National Bank of Romania): the reference
//! rates of the leu, one XML file per calendar year.
//!
//! `GET {base}/files/xml/years/nbrfxrates{YYYY}.xml` answers every fixing of
//! the year so far, oldest first, in the namespace `https://www.bnr.ro/xsd`:
//! `<DataSet><Header>…</Header><Body><Subject>Reference rates</Subject>
//! <OrigCurrency>RON</OrigCurrency><Cube date="2026-01-05"><Rate
//! currency="AED">1.1859</Rate>…<Rate currency="HUF" multiplier="100">
//! 1.3247</Rate>…</Cube>…</Body></DataSet>`. A rate reads `multiplier code =
//! figure RON` (the multiplier absent = 1; 100 for HUF, IDR, ISK, JPY,
//! KRW), 4 decimals, stored as printed; the SDR (`XDR`) is a currency like
//! any other. Gold (`XAU`) is priced **per gram**, not per troy ounce (the
//! ISO unit): it is stored as printed under [`Series::PerGram`], unit 1,
//! never as a mid rate, so no currency cross reaches it.
//!
//! A range is asked one request per calendar year; the days of a year
//! outside the range are dropped, and a day of another year refuses the
//! file. The fixing is published on Romanian business days at about 13:00
//! Bucharest time, dated that day; a day without a fixing has no `<Cube>`.
//! A year not published yet has no file: HTTP 404, nothing published (not
//! recorded), as is a file without any `<Cube>`. The files start with 2005.
//! The latest is the newest day of the last week's files.

use chrono::{Datelike as _, NaiveDate};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

use super::endpoint::endpoint;
use super::xml::{self, attribute, element_name};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, year_spans,
};
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{
    CurrencyCode, DayRates, Published, Rate, Series, Unit, check_published_day, parse_date,
};

/// The Romanian leu: the quote of every rate.
const RON: CurrencyCode = CurrencyCode::from_static(b"RON");

/// The National Bank of Romania's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "bnr",
    publisher: "Banca Națională a României (National Bank of Romania)",
    default_url: "https://curs.bnr.ro",
    home: Home::Fixed(RON),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 3,
    figures: Figures::Official,
    about: "reference rates, RON per 1 or 100 units; gold per gram",
    first_day: date(2005, 1, 3),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.bnr.ro",
    described: Described {
        printed: "`100 HUF = 1.3247 RON` (units 1, 100); gold `XAU` per gram (`per-gram`)",
        history: "the yearly files, from 2005",
        published: "about 11:00 (13:00 Bucharest)",
        per_request: "a calendar year",
        used_for: "Romanian accounting and tax: the BNR's [reference rate of the leu](https://curs.bnr.ro)",
        requests: "`/files/xml/years/nbrfxrates{YYYY}.xml`, one per calendar year; latest: the files of the last 7 days",
        nothing_published: "a year file without a `<Cube>`, or HTTP 404",
        cron: Some(CronLine {
            schedule: "15 13 * * 1-5",
            why: "National Bank of Romania: the reference rates are out about 13:00 Bucharest time",
        }),
    },
    build: |setup| {
        Box::new(Bnr {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The namespace of every element of the file.
const BNR_NS: &[u8] = b"https://www.bnr.ro/xsd";

/// How many days before today the latest fixing is looked for.
const LATEST_DAYS: u64 = 7;

/// The BNR provider below one base URL.
#[derive(Debug)]
pub struct Bnr<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Bnr<'_> {
    /// The fixings of `from..=to`, one request per calendar year.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = (from.max(INFO.first_day), to.min(self.today));
        let mut kept = Vec::new();
        for (from, to) in year_spans(from, to) {
            kept.extend(self.year(from, to)?);
        }
        Ok(kept)
    }

    /// The fixings of `from..=to`, within one year, from that year's file:
    /// none on a 404.
    fn year(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let year = from.year();
        let path = format!("files/xml/years/nbrfxrates{year}.xml");
        let url = endpoint(&self.base_url, &path, "");
        let get = Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: None,
        };
        let Some(body) = self.http.get_unless(&get, 404)? else {
            log::info!("{url}: 404, no file for {year}");
            return Ok(Vec::new());
        };
        let parsed = parse(&body, self.today).and_then(|days| within(days, year, from, to));
        let days = self.selection.keep(&url, parsed)?;
        log::info!("{url}: {} days", days.len());
        Ok(days)
    }
}

impl Provider for Bnr<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// The days of the file of `year` within `from..=to`: the others dropped,
/// a day of another year refusing the file.
pub fn within(
    days: Vec<DayRates>,
    year: i32,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    if let Some(day) = days.iter().find(|day| day.date().year() != year) {
        return Err(format!(
            "day {} is in the file of {year}, not its own year",
            day.date()
        ));
    }
    Ok(days
        .into_iter()
        .filter(|day| (from..=to).contains(&day.date()))
        .collect())
}

/// A `<Rate>` as read so far.
#[derive(Debug)]
struct Pending {
    code: CurrencyCode,
    multiplier: Option<String>,
    value: Option<String>,
}

/// A file as read so far.
#[derive(Debug, Default)]
struct Reading {
    /// The local names of the open elements.
    open: Vec<String>,
    /// Whether the root has been read.
    saw_root: bool,
    /// The day of the open `<Cube>` and its rates so far.
    day: Option<(NaiveDate, Vec<Published>)>,
    /// The `<Rate>` open.
    rate: Option<Pending>,
    /// The days read, oldest first.
    days: Vec<DayRates>,
}

/// Parses a year file for a run on `today`: every `<Cube>` as a day, oldest
/// first, each rate `multiplier code = figure RON` (gold and any metal per
/// gram). Refuses another root, namespace or element, an `OrigCurrency`
/// other than RON, a `<Cube>` without its date or dated outside
/// [`check_published_day`], days repeated or out of order, a `<Rate>`
/// without its currency or value, a multiplier that is not a power of ten,
/// a figure that is not a positive plain decimal, and a code twice a day.
pub fn parse(body: &[u8], today: NaiveDate) -> Result<Vec<DayRates>, String> {
    let mut reader = NsReader::from_reader(body);
    reader.config_mut().trim_text(true);
    let mut reading = Reading::default();
    loop {
        let (ours, event) = reader
            .read_resolved_event()
            .map(|(resolved, event)| (is_ours(&resolved), event))
            .map_err(|err| xml::read_error(&reader, body.len(), err))?;
        match event {
            Event::Start(ref element) => reading.open(element, ours, today)?,
            Event::Empty(ref element) => {
                reading.open(element, ours, today)?;
                reading.close()?;
            }
            Event::End(_) => reading.close()?,
            Event::Text(text) => {
                let text = text.decode().map_err(|err| format!("bad text: {err}"))?;
                reading.text(&text)?;
            }
            Event::GeneralRef(_) | Event::CData(_) => {
                return Err(format!(
                    "unexpected markup in <{}>",
                    reading.open.join("><")
                ));
            }
            Event::Eof => {
                if let Some(element) = reading.open.last() {
                    return Err(xml::ends_inside(element));
                }
                break;
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if !reading.saw_root {
        return Err("not a BNR rate file: no <DataSet> element".to_owned());
    }
    Ok(reading.days)
}

/// Whether an element is in the file's namespace.
fn is_ours(resolved: &ResolveResult<'_>) -> bool {
    matches!(resolved, ResolveResult::Bound(Namespace(ns)) if *ns == BNR_NS)
}

impl Reading {
    /// Opens `element`, in the file's namespace when `ours`.
    fn open(
        &mut self,
        element: &BytesStart<'_>,
        ours: bool,
        today: NaiveDate,
    ) -> Result<(), String> {
        let local = String::from_utf8_lossy(element.local_name().as_ref()).into_owned();
        let parent = self.open.last().map(String::as_str);
        match (parent, local.as_str()) {
            (None, _) if self.saw_root => {
                return Err(format!("<{}> after the file's end", element_name(element)));
            }
            (None, "DataSet") if ours => self.saw_root = true,
            (None, _) => {
                return Err(format!(
                    "not a BNR rate file: the root element is <{}>, not <DataSet>",
                    element_name(element)
                ));
            }
            (Some("DataSet"), "Header" | "Body")
            | (Some("Header"), "Publisher" | "PublishingDate" | "MessageType")
            | (Some("Body"), "Subject" | "OrigCurrency")
                if ours => {}
            (Some("Body"), "Cube") if ours => self.cube(element, today)?,
            (Some("Cube"), "Rate") if ours => self.rate(element)?,
            _ => {
                return Err(format!(
                    "unexpected <{}> in <{}>",
                    element_name(element),
                    self.open.join("><")
                ));
            }
        }
        self.open.push(local);
        Ok(())
    }

    /// A `<Cube date="…">` opening: its day, after the days before it.
    fn cube(&mut self, element: &BytesStart<'_>, today: NaiveDate) -> Result<(), String> {
        let text = attribute(element, "date")?;
        let date = check_published_day(parse_date(&text)?, INFO.first_day, today)?;
        if let Some(previous) = self.days.last().map(DayRates::date) {
            if date <= previous {
                return Err(format!(
                    "day {date} follows {previous}: repeated or out of order"
                ));
            }
        }
        self.day = Some((date, Vec::new()));
        Ok(())
    }

    /// A `<Rate currency="…" multiplier="…">` opening.
    fn rate(&mut self, element: &BytesStart<'_>) -> Result<(), String> {
        let date = self.day.as_ref().map(|(date, _)| *date);
        let at = |err: String| match date {
            Some(date) => format!("day {date}: {err}"),
            None => err,
        };
        let code: CurrencyCode = attribute(element, "currency")
            .map_err(at)?
            .parse()
            .map_err(at)?;
        let multiplier = match attribute(element, "multiplier") {
            Ok(multiplier) => Some(multiplier.into_owned()),
            Err(_) => None,
        };
        self.rate = Some(Pending {
            code,
            multiplier,
            value: None,
        });
        Ok(())
    }

    /// Text inside the innermost open element.
    fn text(&mut self, text: &str) -> Result<(), String> {
        match (self.open.last().map(String::as_str), self.rate.as_mut()) {
            (Some("Rate"), Some(rate)) => {
                if rate.value.replace(text.to_owned()).is_some() {
                    return Err(format!("the value of {} is split", rate.code));
                }
            }
            (Some("OrigCurrency"), _) if text == RON.as_str() => {}
            (Some("OrigCurrency"), _) => {
                return Err(format!("the rates are in {text:?}, not in RON"));
            }
            (Some("Publisher" | "PublishingDate" | "MessageType" | "Subject"), _) => {}
            _ => {
                return Err(format!(
                    "unexpected text {text:?} in <{}>",
                    self.open.join("><")
                ));
            }
        }
        Ok(())
    }

    /// Closes the innermost open element: a `<Rate>` becomes a rate of its
    /// day, a `<Cube>` a day.
    fn close(&mut self) -> Result<(), String> {
        match self.open.pop().as_deref() {
            Some("Rate") => {
                let (Some(rate), Some((date, rates))) = (self.rate.take(), self.day.as_mut())
                else {
                    return Ok(());
                };
                let at = |err: String| format!("day {date}, {}: {err}", rate.code);
                let value = rate.value.ok_or_else(|| at("no value".to_owned()))?;
                let unit =
                    Unit::from_count(rate.multiplier.as_deref().unwrap_or("1")).map_err(at)?;
                let figure: Rate = value.parse().map_err(at)?;
                let published = Published::per(unit, rate.code, RON, figure);
                rates.push(if rate.code.is_metal() {
                    published.of(Series::PerGram)
                } else {
                    published
                });
            }
            Some("Cube") => {
                if let Some((date, rates)) = self.day.take() {
                    self.days.push(DayRates::new(date, RON, rates)?);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
