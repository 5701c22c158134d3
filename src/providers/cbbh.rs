//! Centralna banka Bosne i Hercegovine (Central Bank of Bosnia and
//! Herzegovina): its daily exchange rate list of the convertible mark
//! (BAM), through the list's JSON export.
//!
//! `GET {base}/CurrencyExchange/GetJsonForPeriod?dateFrom=YYYY-MM-DD&dateTo=YYYY-MM-DD`
//! answers a JSON array of the lists dated in the window, both days
//! included, oldest first:
//! `{"CurrencyExchangeItems":[{"Country":"EMU","NumCode":"978","AlphaCode":"EUR",
//! "Units":"1","Buy":"1.95583","Middle":"1.95583","Sell":"1.95583","Star":null}…],
//! "Date":"2026-09-24T00:00:00","Comments":[],"Number":188}`. An item reads
//! `Units code = figure BAM`: the base is the foreign currency, the quote
//! BAM, the unit as printed (1, 100 for HUF, JPY and RSD). Each of the
//! three figures is stored as a series of its own (`Middle` the mid, `Buy`
//! buying, `Sell` selling), never averaged; an empty figure (the SDR's
//! buying and selling, every figure of KWD in 1998) is one not printed and
//! stores nothing. The figures are stored as this export prints them, which
//! drops trailing zeros (`1.95583`) where the one-day export `GetJson` pads
//! them to six decimals (`1.955830`): fxrates reads only the period export,
//! Latest included, so one list is always stored with the same digits. The
//! codes are stored as published, the lists of 1998 included (`ESB` then
//! `ESP` for the peseta, `XBA` then `XEU` for the ECU, `DEM` at its peg).
//! The list number, which restarts each year, is kept as the day's
//! reference with the year of its date (`188/2026`); `Country`, `NumCode`,
//! `Star` and `Comments` are not read.
//!
//! The list is set on working days at about 16:00 Sarajevo time and dated
//! the next day, so lists are dated Tuesday to Saturday and a run may store
//! tomorrow's. A window without a list is answered HTTP 404 with the JSON
//! string `"Problem with export"`: nothing published, and the only such
//! answer; any other 404, and a `200` holding no list, is an error. The
//! series starts with the list of 1998-01-06.

use chrono::{Datelike as _, Days, NaiveDate};
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, spans,
};
use crate::http::{Explain, Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, Series, Unit, check_published_day};

/// The convertible mark: the quote of every figure of the list.
const BAM: CurrencyCode = CurrencyCode::from_static(b"BAM");

/// The Central Bank of Bosnia and Herzegovina's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "cbbh",
    publisher: "Centralna banka Bosne i Hercegovine (Central Bank of Bosnia and Herzegovina)",
    default_url: "https://www.cbbh.ba",
    home: Home::Fixed(BAM),
    settings: &[],
    release: Release::Daily,
    week: Week::TuesdayToSaturday,
    closure: 3,
    figures: Figures::Official,
    about: "daily list, BAM per 1 or 100 units of foreign currency: buying, middle and selling, dated the day after it is set",
    first_day: date(1998, 1, 6),
    dated_ahead: 1,
    sparse: false,
    terms: "https://www.cbbh.ba/CurrencyExchange/?lang=en",
    described: Described {
        printed: "`1 USD = 1.690871 BAM` (units 1, 100); buying, middle (mid) and selling",
        history: "from the first list of the convertible mark; the 1998 codes (ESB, XBA, XEU) as published",
        published: "about 15:00 (16:00 Sarajevo), the next day's list",
        per_request: "92 days (no documented limit)",
        used_for: "accounting and customs in Bosnia and Herzegovina: the CBBH's [exchange rate list](https://www.cbbh.ba/CurrencyExchange/?lang=en), by number and date",
        requests: "`/CurrencyExchange/GetJsonForPeriod?dateFrom=YYYY-MM-DD&dateTo=YYYY-MM-DD`; latest: the last 7 days to tomorrow",
        nothing_published: r#"HTTP 404 with `"Problem with export"`"#,
        cron: Some(CronLine {
            schedule: "30 16 * * 1-5",
            why: "CBBH list, after 16:00 Sarajevo time, dated the next day (Tuesday to Saturday)",
        }),
    },
    build: |setup| {
        Box::new(Cbbh {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The most days one request asks for: the export documents no limit, and
/// a quarter keeps an answer near 300 KB.
const MAX_SPAN_DAYS: u64 = 92;

/// How many days before tomorrow the latest list is looked for: beside
/// Sunday and Monday, a holiday or two.
const LATEST_DAYS: u64 = 7;

/// The 404 body that means "no list in the window".
pub const NOTHING_PUBLISHED: &str = "Problem with export";

/// One list of the answer.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct List {
    currency_exchange_items: Vec<Item>,
    date: String,
    number: u32,
}

/// One currency of a list; its country and numeric code are not needed.
/// A figure is a string, empty when not printed.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Item {
    alpha_code: String,
    units: String,
    buy: String,
    middle: String,
    sell: String,
}

/// The CBBH provider below one base URL.
#[derive(Debug)]
pub struct Cbbh<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Cbbh<'_> {
    /// The newest day a list may be dated by today: tomorrow.
    fn last_day(&self) -> NaiveDate {
        self.today + Days::new(INFO.dated_ahead)
    }

    /// The lists dated `from` to `to`, one request per span, within the
    /// days the export may have.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = (from.max(INFO.first_day), to.min(self.last_day()));
        let mut kept = Vec::new();
        for (from, to) in spans(from, to, MAX_SPAN_DAYS) {
            kept.extend(self.period(from, to)?);
        }
        Ok(kept)
    }

    /// The lists of one window; none on the export's "nothing" 404.
    fn period(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(
            &self.base_url,
            "CurrencyExchange/GetJsonForPeriod",
            &format!("dateFrom={from}&dateTo={to}"),
        );
        let get = Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: Some(Explain::Says(explain)),
        };
        let Some(body) = self.http.get_unless_says(&get, 404, is_nothing_published)? else {
            log::info!("{url}: no list published");
            return Ok(Vec::new());
        };
        let days = self
            .selection
            .keep(&url, parse(&body, self.today, from, to))?;
        log::info!("{url}: {} lists", days.len());
        Ok(days)
    }
}

impl Provider for Cbbh<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.last_day(), LATEST_DAYS, |from, to| {
            self.range(from, to)
        })
    }
}

/// Whether an error body is the export's documented "nothing published":
/// the JSON string `"Problem with export"`.
pub fn is_nothing_published(body: &[u8]) -> bool {
    serde_json::from_slice::<String>(body).is_ok_and(|text| text == NOTHING_PUBLISHED)
}

/// The export's error body, a JSON string, if that is what it is.
fn explain(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<String>(body)
        .ok()
        .filter(|text| !text.trim().is_empty())
}

/// `2026-09-24T00:00:00`, as a list is dated.
pub(super) fn parse_day(text: &str) -> Result<NaiveDate, String> {
    text.strip_suffix("T00:00:00")
        .and_then(|day| crate::model::parse_date(day).ok())
        .ok_or_else(|| format!("invalid date {text:?} (expected YYYY-MM-DDT00:00:00)"))
}

/// Parses an answer of the period export for the days `from` to `to`,
/// asked on `today`: its lists, oldest first, each figure printed a rate of
/// its series (`Units code = figure BAM`), the list number and year as the
/// day's reference.
///
/// Refuses the whole answer when it is not the expected JSON array (an HTML
/// page, a changed shape, an item lacking a field), holds no list, a date
/// is malformed, outside `from..=to` or the window of
/// [`check_published_day`], lists are repeated or out of order, a list has
/// number 0 or no figure, a code is not three uppercase letters, a unit is
/// not a power of ten, a figure is not a positive plain decimal, or a list
/// prints a currency twice.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    let lists: Vec<List> = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    // "No list" is the 404, never an empty 200.
    if lists.is_empty() {
        return Err("the answer holds no list".to_owned());
    }
    let mut days: Vec<DayRates> = Vec::with_capacity(lists.len());
    for list in &lists {
        let date = check_published_day(parse_day(&list.date)?, INFO.first_day, today)?;
        check_asked(date, from, to)?;
        if let Some(previous) = days.last().map(DayRates::date) {
            if date <= previous {
                return Err(format!(
                    "day {date} follows {previous}: repeated or out of order"
                ));
            }
        }
        if list.number == 0 {
            return Err(format!("day {date}: the list is numbered 0"));
        }
        let mut rates = Vec::with_capacity(3 * list.currency_exchange_items.len());
        for item in &list.currency_exchange_items {
            rates.extend(figures(item, date)?);
        }
        let reference = format!("{}/{}", list.number, date.year());
        days.push(DayRates::new(date, BAM, rates)?.with_reference(reference));
    }
    Ok(days)
}

/// The printed figures of one item of the list of `date`: its middle,
/// buying and selling rates, each `Units code = figure BAM`.
fn figures(item: &Item, date: NaiveDate) -> Result<Vec<Published>, String> {
    let code: CurrencyCode = item
        .alpha_code
        .parse()
        .map_err(|err| format!("day {date}: {err}"))?;
    let printed: Vec<(Series, &str, &str)> = [
        (Series::Mid, "Middle", &item.middle),
        (Series::Buying, "Buy", &item.buy),
        (Series::Selling, "Sell", &item.sell),
    ]
    .into_iter()
    .filter_map(|(series, name, figure)| {
        (!figure.is_empty()).then_some((series, name, figure.as_str()))
    })
    .collect();
    if printed.is_empty() {
        return Ok(Vec::new());
    }
    let unit = Unit::from_count(&item.units).map_err(|err| format!("day {date}, {code}: {err}"))?;
    printed
        .into_iter()
        .map(|(series, name, figure)| {
            let rate: Rate = figure
                .parse()
                .map_err(|err| format!("day {date}, {code} {name}: {err}"))?;
            Ok(Published::per(unit, code, BAM, rate).of(series))
        })
        .collect()
}

#[cfg(test)]
mod tests;
