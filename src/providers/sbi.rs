//! Seðlabanki Íslands (Central Bank of Iceland): the official reference
//! exchange rate of the króna, from the Bank's XML time series.
//!
//! `GET {base}/xmltimeseries/Default.aspx?DagsFra=YYYY-MM-DD&DagsTil=YYYY-MM-DD&GroupID=9&Type=xml`
//! answers one `<Group ID="9">` of `<TimeSeries ID="4055">` elements, each
//! with a `Name` and a `Description` in Icelandic (CDATA) and its
//! `<TimeSeriesData>` of `<Entry><Date>3/24/2026 12:00:00 AM</Date>
//! <Value>124.440000</Value></Entry>`: ISK per 1 unit, six decimals,
//! stored with every printed digit; the date is the month, day and year
//! before a time that is always midnight.
//!
//! Only group 9 is read: it is the official reference rate the Act on the
//! Central Bank of Iceland (No. 92/2019, Art. 29) has the Bank fix, ten
//! currencies and the SDR. Group 7's 22 currencies are middle rates the
//! Bank lists beside it and says are not official reference rates.
//!
//! The answer names no currency by code: the series ID does. Each currency
//! has three consecutive series, buying (`kaupgengi`), middle
//! (`miðgengi`) and selling (`sölugengi`); [`MIDDLE`] maps the middle
//! series to its code, the buying one is the ID before, the selling one
//! the ID after, and each series' description is checked against the rate
//! it is taken for. Since April 2020 only the middle series carry values;
//! a buying or selling figure is stored as its own series when printed,
//! never averaged. The currencies the euro replaced stay listed, and are
//! stored under their former ISO codes when a series carries values;
//! a series without entries (`<TimeSeriesData />`) is skipped, and a
//! window with every series empty is nothing published.
//!
//! The rate is fixed at about 14:15 CET on Icelandic business days and
//! published about 16:00 Reykjavík time (UTC); before 31 August 2020 at
//! 11:00.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::endpoint::endpoint;
use super::xml::{self, attribute, element_name};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, year_spans,
};
use crate::http::HttpClient;
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, Series, Unit, check_published_day};

/// The Icelandic króna: the quote of every rate.
const ISK: CurrencyCode = CurrencyCode::from_static(b"ISK");

/// Seðlabanki Íslands's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "sbi",
    publisher: "Seðlabanki Íslands (Central Bank of Iceland)",
    default_url: "https://sedlabanki.is",
    home: Home::Fixed(ISK),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 3,
    figures: Figures::Official,
    about: "official reference rate, ISK per 1 unit of ten currencies and the SDR",
    first_day: date(1981, 1, 1),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.cb.is/statistics/",
    described: Described {
        printed: "`1 USD = 124.440000 ISK` (unit 1); middle (mid), buying and selling when printed",
        history: "from the new króna of 1981; how far back the service answers was not checked",
        published: "about 16:00 Reykjavík time (UTC), fixed at 14:15 CET",
        per_request: "a calendar year (no documented limit)",
        used_for: "official agreements, court cases and contracts naming no other rate (Act No. 92/2019, Art. 29): the Bank's [official exchange rate](https://www.cb.is/statistics/official-exchange-rate/)",
        requests: "`/xmltimeseries/Default.aspx?DagsFra=YYYY-MM-DD&DagsTil=YYYY-MM-DD&GroupID=9&Type=xml`; latest: the last 14 days",
        nothing_published: "every series without entries (`<TimeSeriesData />`)",
        cron: Some(CronLine {
            schedule: "30 18 * * 1-5",
            why: "Central Bank of Iceland: published about 16:00 Reykjavík time (UTC)",
        }),
    },
    build: |setup| {
        Box::new(Sbi {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The time series page below the base URL.
const PAGE: &str = "xmltimeseries/Default.aspx";

/// The group of the official reference rate.
pub const GROUP: &str = "9";

/// How many days back the latest day is looked for: two weeks cover
/// Christmas to the new year.
const LATEST_DAYS: u64 = 14;

/// The middle series of group 9 and the currency each is the rate of: the
/// ten currencies and the SDR of the official reference rate, then the
/// currencies the euro replaced (their former ISO codes), which the group
/// still lists.
pub const MIDDLE: [(u32, CurrencyCode); 21] = [
    (4055, CurrencyCode::from_static(b"USD")),
    (4061, CurrencyCode::from_static(b"DKK")),
    (4064, CurrencyCode::from_static(b"EUR")),
    (4085, CurrencyCode::from_static(b"JPY")),
    (4088, CurrencyCode::from_static(b"CAD")),
    (4091, CurrencyCode::from_static(b"NOK")),
    (4097, CurrencyCode::from_static(b"XDR")),
    (4103, CurrencyCode::from_static(b"GBP")),
    (4106, CurrencyCode::from_static(b"CHF")),
    (4109, CurrencyCode::from_static(b"SEK")),
    (4052, CurrencyCode::from_static(b"ATS")),
    (4058, CurrencyCode::from_static(b"BEF")),
    (4067, CurrencyCode::from_static(b"FIM")),
    (4070, CurrencyCode::from_static(b"FRF")),
    (4073, CurrencyCode::from_static(b"GRD")),
    (4076, CurrencyCode::from_static(b"NLG")),
    (4079, CurrencyCode::from_static(b"IEP")),
    (4082, CurrencyCode::from_static(b"ITL")),
    (4094, CurrencyCode::from_static(b"PTE")),
    (4100, CurrencyCode::from_static(b"ESP")),
    (4112, CurrencyCode::from_static(b"DEM")),
];

/// The rate a series of `id` is, and of which currency: the middle series
/// of [`MIDDLE`], or the buying one before it or the selling one after it.
pub fn series_of(id: u32) -> Option<(CurrencyCode, Series)> {
    let code = |middle: u32| {
        MIDDLE
            .iter()
            .find(|(known, _)| *known == middle)
            .map(|(_, code)| *code)
    };
    code(id)
        .map(|code| (code, Series::Mid))
        .or_else(|| code(id + 1).map(|code| (code, Series::Buying)))
        .or_else(|| code(id.checked_sub(1)?).map(|code| (code, Series::Selling)))
}

/// The word of a series' description naming its rate.
fn described_as(series: Series) -> &'static str {
    match series {
        Series::Buying => "kaupgengi",
        Series::Selling => "sölugengi",
        _ => "miðgengi",
    }
}

/// The Bank's provider below one base URL.
#[derive(Debug)]
pub struct Sbi<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Sbi<'_> {
    /// The days from `from` to `to`, a calendar year per request.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let mut days = Vec::new();
        for (from, to) in year_spans(from.max(INFO.first_day), to.min(self.today)) {
            let url = endpoint(&self.base_url, PAGE, &query(from, to));
            let body = self.http.get(&url, "application/xml")?;
            let span = self
                .selection
                .keep(&url, parse(&body, self.today, from, to))?;
            log::info!("{url}: {} days", span.len());
            days.extend(span);
        }
        Ok(days)
    }
}

impl Provider for Sbi<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// The query asking group 9 for the days `from` to `to`.
pub fn query(from: NaiveDate, to: NaiveDate) -> String {
    format!("DagsFra={from}&DagsTil={to}&GroupID={GROUP}&Type=xml")
}

/// `3/24/2026 12:00:00 AM`: a day as the series date it, at midnight.
fn parse_entry_date(text: &str) -> Result<NaiveDate, String> {
    let invalid = || format!("invalid date {text:?} (expected e.g. 3/24/2026 12:00:00 AM)");
    let (day, time) = text.split_once(' ').ok_or_else(invalid)?;
    if time != "12:00:00 AM" {
        return Err(invalid());
    }
    let mut parts = day.split('/');
    let mut number = |most: usize| {
        let part = parts.next().filter(|part| {
            (1..=most).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
        });
        part.and_then(|part| part.parse::<u32>().ok())
            .ok_or_else(invalid)
    };
    let (month, day, year) = (number(2)?, number(2)?, number(4)?);
    if parts.next().is_some() || year < 1000 {
        return Err(invalid());
    }
    let year = i32::try_from(year).map_err(|_| invalid())?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(invalid)
}

/// One `<TimeSeries>` as read so far.
#[derive(Debug, Default)]
struct TimeSeries {
    id: String,
    description: String,
    entries: Vec<Entry>,
}

/// One `<Entry>` as read so far: the text of its `Date` and `Value`.
#[derive(Debug, Default)]
struct Entry {
    date: Option<String>,
    value: Option<String>,
}

/// What a parse collects: each day's figures.
type ByDay = BTreeMap<NaiveDate, Vec<Published>>;

/// The window an answer is checked against.
#[derive(Clone, Copy)]
struct Window {
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
}

/// Parses an answer of group 9 for the days `from` to `to`, asked on
/// `today`: its days, oldest first, each figure printed `1 code = value
/// ISK` in the series its ID names. Every series empty is no day at all.
///
/// Refuses another root or group, an unknown element or stray text, a
/// series carrying entries that [`MIDDLE`] does not name or whose
/// description does not say the rate it is taken for, an entry lacking
/// its date or value, a date not written `M/D/YYYY 12:00:00 AM` or outside
/// the days asked for or the window of [`check_published_day`], a value
/// that is not a positive decimal, and a day twice in one series.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    let window = Window { today, from, to };
    let mut reader = Reader::from_reader(body);
    reader.config_mut().trim_text(true);
    let mut open: Vec<String> = Vec::new();
    let mut group = false;
    let mut series: Option<TimeSeries> = None;
    let mut days = ByDay::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|err| xml::read_error(&reader, body.len(), err))?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let name = element_name(element);
                open_element(element, &name, &open, &mut group, &mut series)?;
                if matches!(event, Event::Start(_)) {
                    open.push(name);
                } else {
                    close_element(&name, &mut series, &mut days, window)?;
                }
            }
            Event::End(_) => {
                let name = open.pop().unwrap_or_default();
                close_element(&name, &mut series, &mut days, window)?;
            }
            Event::Text(text) => {
                let text = text.decode().map_err(|err| format!("bad text: {err}"))?;
                entry_text(&open, series.as_mut(), text.into_owned())?;
            }
            Event::CData(text) => {
                let text = String::from_utf8_lossy(&text).into_owned();
                match (open.last().map(String::as_str), series.as_mut()) {
                    (Some("Description"), Some(series)) => series.description = text,
                    (Some("Name" | "FameName"), _) => {}
                    _ => return Err(format!("unexpected CDATA in <{}>", open.join("><"))),
                }
            }
            Event::GeneralRef(_) => {
                return Err(format!("unexpected markup in <{}>", open.join("><")));
            }
            Event::Eof => {
                if let Some(element) = open.last() {
                    return Err(xml::ends_inside(element));
                }
                break;
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if !group {
        return Err("not a Seðlabanki time series: no <Group> element".to_owned());
    }
    days.into_iter()
        .map(|(day, rates)| DayRates::new(day, ISK, rates))
        .collect()
}

/// Checks an element opening inside `open`; a `<Group>` must be group 9,
/// a `<TimeSeries>` starts a series.
fn open_element(
    element: &BytesStart<'_>,
    name: &str,
    open: &[String],
    group: &mut bool,
    series: &mut Option<TimeSeries>,
) -> Result<(), String> {
    let parent = open.last().map(String::as_str);
    match (parent, name) {
        (None, _) if *group => return Err(format!("<{name}> after the group's end")),
        (None, "Group") => {
            let id = attribute(element, "ID")?;
            if id != GROUP {
                return Err(format!(
                    "group {id} answered, not the official reference rate's group {GROUP}"
                ));
            }
            *group = true;
        }
        (None, _) => {
            return Err(format!(
                "not a Seðlabanki time series: the root element is <{name}>, not <Group>"
            ));
        }
        (Some("Group"), "Name") => {}
        (Some("Group"), "TimeSeries") => {
            let id = attribute(element, "ID")?.into_owned();
            *series = Some(TimeSeries {
                id,
                ..TimeSeries::default()
            });
        }
        (Some("TimeSeries"), "FameName" | "Name" | "Description" | "TimeSeriesData") => {}
        (Some("TimeSeriesData"), "Entry") => {
            if let Some(series) = series.as_mut() {
                series.entries.push(Entry::default());
            }
        }
        (Some("Entry"), "Date" | "Value") => {}
        _ => return Err(format!("unexpected <{name}> in <{}>", open.join("><"))),
    }
    Ok(())
}

/// The text of a `<Date>` or `<Value>` of the entry being read.
fn entry_text(
    open: &[String],
    series: Option<&mut TimeSeries>,
    text: String,
) -> Result<(), String> {
    let entry = series.and_then(|series| series.entries.last_mut());
    let (slot, name) = match (open.last().map(String::as_str), entry) {
        (Some("Date"), Some(entry)) => (&mut entry.date, "Date"),
        (Some("Value"), Some(entry)) => (&mut entry.value, "Value"),
        _ => return Err(format!("unexpected text {text:?} in <{}>", open.join("><"))),
    };
    if slot.replace(text).is_some() {
        return Err(format!("<{name}> appears twice in an <Entry>"));
    }
    Ok(())
}

/// An element just closed: a `<TimeSeries>` adds its figures to `days`.
fn close_element(
    name: &str,
    series: &mut Option<TimeSeries>,
    days: &mut ByDay,
    window: Window,
) -> Result<(), String> {
    if name == "TimeSeries" {
        if let Some(series) = series.take() {
            add_series(series, days, window)?;
        }
    }
    Ok(())
}

/// The figures of one series, each under its day; an empty series adds
/// nothing.
fn add_series(series: TimeSeries, days: &mut ByDay, window: Window) -> Result<(), String> {
    if series.entries.is_empty() {
        return Ok(());
    }
    let known = series.id.parse().ok().and_then(series_of);
    let Some((code, kind)) = known else {
        return Err(format!(
            "series {} ({:?}) carries rates but is no series of group {GROUP} fxrates knows",
            series.id, series.description
        ));
    };
    let word = described_as(kind);
    if !series.description.contains(word) {
        return Err(format!(
            "series {} is described {:?}, not as the {code} {word} ({kind})",
            series.id, series.description
        ));
    }
    for entry in series.entries {
        let at = |what: &str| format!("series {} ({code} {kind}): {what}", series.id);
        let date = entry.date.ok_or_else(|| at("an <Entry> lacks <Date>"))?;
        let value = entry.value.ok_or_else(|| at("an <Entry> lacks <Value>"))?;
        let day = parse_entry_date(&date).map_err(|err| at(&err))?;
        let day = check_published_day(day, INFO.first_day, window.today)?;
        check_asked(day, window.from, window.to)?;
        let rate: Rate = value
            .parse()
            .map_err(|err| format!("day {day}, {code} {kind}: {err}"))?;
        let figure = Published::per(Unit::ONE, code, ISK, rate).of(kind);
        days.entry(day).or_default().push(figure);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
