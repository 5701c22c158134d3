//! The `<ValCurs>` daily list: the Bank of Russia's format, which the
//! National Bank of Moldova's list copies. One parser and one provider for
//! both, each publisher described by its [`Spec`].
//!
//! A list is `<ValCurs Date="DD.MM.YYYY" name="…">` holding one
//! `<Valute ID="…">` per currency with the children `NumCode`, `CharCode`,
//! `Nominal`, `Name` and `Value` (and those a [`Format`] names beside):
//! `Nominal` units of `CharCode` = `Value` of the home currency, stored as
//! printed. The document is read in the encoding its XML declaration names
//! (the Bank of Russia's is windows-1251), UTF-8 without one.
//!
//! The provider asks for one calendar day a request ([`each_day`]). The
//! publishers date a list by the day it is in force and answer, for a day
//! without a list of its own, the list still in force: a list is taken for
//! the day asked only when it is dated that day; one dated earlier stores
//! nothing for it (it is stored under its own day), one dated later is
//! refused. Nothing published: the root with its `Date` and no `Valute`, or
//! HTTP 404. The latest list is the first found going back from the last
//! day a list may be dated.

use std::borrow::Cow;

use chrono::{Days, NaiveDate};
use encoding_rs::{Encoding, UTF_8};
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::dates::NumericDate;
use super::endpoint::endpoint;
use super::mnb::comma_rate;
use super::oxr::each_day;
use super::xml::{self, attribute, element_name};
use super::{DayRequest, Provider, Selection};
use crate::http::{Get, HttpClient};
use crate::model::{CurrencyCode, DayRates, Published, Rate, Unit, check_published_day};

/// How one publisher prints its list.
#[derive(Debug)]
pub struct Format {
    /// What a list is called in errors: `not an NBM rate list`.
    pub label: &'static str,
    /// The currency every `Value` is in.
    pub home: CurrencyCode,
    /// The oldest day a list may be dated.
    pub first_day: NaiveDate,
    /// Whether `Value` has a decimal comma (`57,0006`) rather than a point.
    pub decimal_comma: bool,
    /// Children of `<Valute>` printed beside the five, not read.
    pub unread: &'static [&'static str],
}

/// How one publisher is asked for its list of a day.
#[derive(Debug)]
pub struct Spec {
    /// The provider's name (its `source`).
    pub name: &'static str,
    /// The page of a day's list below the base URL.
    pub page: &'static str,
    /// The query asking for the list of a day.
    pub query: fn(NaiveDate) -> String,
    /// How many days a list may be dated after today.
    pub dated_ahead: u64,
    /// How many days back from the last day the latest list is looked for.
    pub latest_days: u64,
    /// How the list is printed.
    pub format: Format,
}

/// A provider asking a publisher of `<ValCurs>` lists one day a request.
#[derive(Debug)]
pub struct Daily<'a> {
    pub(super) http: &'a HttpClient,
    pub(super) base_url: String,
    pub(super) selection: Selection,
    pub(super) today: NaiveDate,
    pub(super) progress: bool,
    pub(super) spec: &'static Spec,
}

impl Daily<'_> {
    /// The list answered for `day`, reduced to the selection: the day's
    /// list, or nothing (a 404, a list without rates, or one dated
    /// earlier). With `latest`, a list dated earlier is taken too: the
    /// newest there is.
    fn day(&self, day: NaiveDate, latest: bool) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(&self.base_url, self.spec.page, &(self.spec.query)(day));
        let get = Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: None,
        };
        let Some(body) = self.http.get_unless(&get, 404)? else {
            log::info!("{url}: 404, no rates published");
            return Ok(Vec::new());
        };
        let parsed = parse(&self.spec.format, &body, self.today).and_then(|list| match list.day {
            _ if list.date > day => {
                Err(format!("asked for {day}, the list is dated {}", list.date))
            }
            Some(rates) if list.date == day || latest => Ok(vec![rates]),
            Some(_) => {
                log::info!("{url}: the list of {} is still in force", list.date);
                Ok(Vec::new())
            }
            None => Ok(Vec::new()),
        });
        let days = self.selection.keep(&url, parsed)?;
        log::info!(
            "{url}: {} rates",
            days.first().map_or(0, |d| d.rates().len())
        );
        Ok(days)
    }

    /// The last day a list may be dated by today.
    fn last_day(&self) -> NaiveDate {
        self.today + Days::new(self.spec.dated_ahead)
    }

    /// The newest list, going back from the last day.
    fn latest(&self) -> anyhow::Result<Vec<DayRates>> {
        for back in 0..=self.spec.latest_days {
            let days = self.day(self.last_day() - Days::new(back), true)?;
            if !days.is_empty() {
                return Ok(days);
            }
        }
        Ok(Vec::new())
    }
}

impl Provider for Daily<'_> {
    fn source(&self) -> &'static str {
        self.spec.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = match request {
            DayRequest::Latest => return self.latest(),
            DayRequest::Day(day) => (day, day),
            DayRequest::Range { from, to } => (from, to.min(self.last_day())),
        };
        let from = from.max(self.spec.format.first_day);
        each_day(self.spec.name, self.progress, from, to, |day| {
            self.day(day, false)
        })
    }
}

/// A list as the publisher answers it: the day it is dated, and its rates,
/// `None` for a list without any (nothing published).
#[derive(Debug, PartialEq)]
pub struct List {
    /// The root's `Date`.
    pub date: NaiveDate,
    /// The day's rates, as printed.
    pub day: Option<DayRates>,
}

/// One `<Valute>` as read so far: its `ID`, and the text of its children.
#[derive(Debug, Default)]
struct Valute {
    id: String,
    code: Option<String>,
    nominal: Option<String>,
    value: Option<String>,
}

/// The document as text, in the encoding its declaration names (UTF-8
/// without one). Refuses an encoding that is unknown or not a superset of
/// ASCII, and bytes that are not valid in it.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, String> {
    let mut reader = Reader::from_reader(bytes);
    let label = match reader.read_event() {
        Ok(Event::Decl(decl)) => decl
            .encoding()
            .and_then(Result::ok)
            .map(|label| label.into_owned()),
        _ => None,
    };
    let encoding = match label {
        None => UTF_8,
        Some(label) => Encoding::for_label(&label)
            .filter(|encoding| encoding.is_ascii_compatible())
            .ok_or_else(|| {
                format!(
                    "unsupported encoding {:?} in the XML declaration",
                    String::from_utf8_lossy(&label)
                )
            })?,
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| format!("the document is not valid {}", encoding.name()))
}

/// Parses a day's list printed in `format` for a run on `today`: its date
/// and every currency but a metal as `Nominal CharCode = Value home`. A
/// root without `Valute` is a list without rates. Refuses an unsupported
/// encoding, another root, an unknown element, a `Valute` lacking its code,
/// nominal or value or holding one twice, a nominal that is not a power of
/// ten, a value that is not a positive decimal in the format's notation, a
/// currency twice, and a day outside [`check_published_day`].
pub fn parse(format: &Format, bytes: &[u8], today: NaiveDate) -> Result<List, String> {
    let text = decode(bytes)?;
    let mut reader = Reader::from_str(&text);
    reader.config_mut().trim_text(true);
    let mut open: Vec<String> = Vec::new();
    let mut date: Option<NaiveDate> = None;
    let mut valute: Option<Valute> = None;
    let mut rates: Vec<Published> = Vec::new();
    let label = format.label;
    loop {
        let event = reader
            .read_event()
            .map_err(|err| xml::read_error(&reader, text.len(), err))?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let name = element_name(element);
                match (open.len(), name.as_str()) {
                    (0, _) if date.is_some() => {
                        return Err(format!("<{name}> after the list's end"));
                    }
                    (0, "ValCurs") => date = Some(list_day(format, element, today)?),
                    (0, _) => {
                        return Err(format!(
                            "not {label}: the root element is <{name}>, not <ValCurs>"
                        ));
                    }
                    (1, "Valute") => {
                        let id =
                            attribute(element, "ID").map_or_else(|_| String::new(), Into::into);
                        valute = Some(Valute {
                            id,
                            ..Valute::default()
                        });
                    }
                    (2, "NumCode" | "CharCode" | "Nominal" | "Name" | "Value") => {}
                    (2, child) if format.unread.contains(&child) => {}
                    _ => return Err(format!("unexpected <{name}> in <{}>", open.join("><"))),
                }
                if matches!(event, Event::Start(_)) {
                    open.push(name);
                } else if name == "Valute" {
                    finish(format, date, valute.take(), &mut rates)?;
                }
            }
            Event::End(_) => {
                if open.pop().as_deref() == Some("Valute") {
                    finish(format, date, valute.take(), &mut rates)?;
                }
            }
            Event::Text(text) => {
                let text = text.decode().map_err(|err| format!("bad text: {err}"))?;
                read_text(format, &open, valute.as_mut(), text.into_owned())?;
            }
            Event::GeneralRef(_) | Event::CData(_) => {
                if open.last().map(String::as_str) != Some("Name") {
                    return Err(format!("unexpected markup in <{}>", open.join("><")));
                }
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
    let date = date.ok_or_else(|| format!("not {label}: no <ValCurs> element"))?;
    let day = if rates.is_empty() {
        None
    } else {
        Some(DayRates::new(date, format.home, rates)?)
    };
    Ok(List { date, day })
}

/// The text of the element `open` ends with, kept in `valute` if it is a
/// field read; refused outside a child of `<Valute>` and when repeated.
fn read_text(
    format: &Format,
    open: &[String],
    valute: Option<&mut Valute>,
    text: String,
) -> Result<(), String> {
    let field = match (open.last().map(String::as_str), valute) {
        (Some("CharCode"), Some(valute)) => Some((&mut valute.code, "CharCode")),
        (Some("Nominal"), Some(valute)) => Some((&mut valute.nominal, "Nominal")),
        (Some("Value"), Some(valute)) => Some((&mut valute.value, "Value")),
        (Some("Name" | "NumCode"), Some(_)) => None,
        (Some(child), Some(_)) if format.unread.contains(&child) => None,
        _ => return Err(format!("unexpected text {text:?} in <{}>", open.join("><"))),
    };
    if let Some((slot, name)) = field {
        if slot.replace(text).is_some() {
            return Err(format!("<{name}> appears twice in a <Valute>"));
        }
    }
    Ok(())
}

/// The day of the list, from the root's `Date`.
fn list_day(
    format: &Format,
    element: &BytesStart<'_>,
    today: NaiveDate,
) -> Result<NaiveDate, String> {
    let text = attribute(element, "Date")?;
    check_published_day(NumericDate::DOTS.parse(&text)?, format.first_day, today)
}

/// A `<Valute>` just closed, as a rate of `date` (a metal left out).
fn finish(
    format: &Format,
    date: Option<NaiveDate>,
    valute: Option<Valute>,
    rates: &mut Vec<Published>,
) -> Result<(), String> {
    let (Some(date), Some(valute)) = (date, valute) else {
        return Ok(());
    };
    let at = |what: &str| format!("day {date}, <Valute ID=\"{}\"> {what}", valute.id);
    let code = valute
        .code
        .as_deref()
        .ok_or_else(|| at("lacks <CharCode>"))?;
    let code: CurrencyCode = code.parse().map_err(|err| format!("day {date}: {err}"))?;
    let at = |err: String| format!("day {date}, {code}: {err}");
    let nominal = valute
        .nominal
        .ok_or_else(|| at("no <Nominal>".to_owned()))?;
    let value = valute.value.ok_or_else(|| at("no <Value>".to_owned()))?;
    if code.is_metal() {
        return Ok(());
    }
    let unit = Unit::from_count(&nominal).map_err(at)?;
    let rate: Rate = if format.decimal_comma {
        comma_rate(&value)
    } else {
        value.parse()
    }
    .map_err(at)?;
    rates.push(Published::per(unit, code, format.home, rate));
    Ok(())
}
