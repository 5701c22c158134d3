//! The US Treasury's Reporting Rates of Exchange, through the Fiscal Data
//! API: the rates federal agencies report foreign-currency amounts at.
//!
//! Requests, below the base URL (`https://api.fiscaldata.treasury.gov`):
//! `/services/api/fiscal_service/v1/accounting/od/rates_of_exchange` with
//! `fields=record_date,effective_date,country_currency_desc,exchange_rate`,
//! a `filter` on `record_date`, a `sort`, `page[size]=10000` and
//! `page[number]=N`, every page of `meta.total-pages` read (at most
//! [`MAX_PAGES`]).
//!
//! The rates are quarterly: `record_date` is a quarter's end, and its rows
//! are in force for the quarter after it. A rate changed during that
//! quarter is an amendment, a further row under the same `record_date`
//! with a later `effective_date`, in force from that day. So a day here is
//! an effective date holding the rows effective on it, in force until the
//! end of the quarter after their record date ([`DayRates::valid_until`]);
//! the amended currencies' newer day takes over from its own date.
//!
//! A row reads `1 USD = exchange_rate XXX`, the figure a string printed as
//! the Treasury gives it (`"1420.0"` keeps its `.0`). The currency is a
//! `Country-Currency` label, not a code: [`labels`] is the one table of
//! them. Several labels of one currency on one day (the CFA francs, the
//! East Caribbean dollar, the euro under its members' names) are one rate
//! when their figures agree and refused when not; the countries using the
//! dollar, listed at `1.0`, are no rate and skipped; an unknown label is
//! refused.
//!
//! A range reads from the latest quarter end on or before its first day,
//! so that a catch-up reads the quarter in force again with its
//! amendments, and keeps the days whose period overlaps it. The latest
//! quarter is the newest record date of the last [`LATEST_LOOKBACK`] days.
//! "Nothing published" is `"data":[]`.

mod labels;

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Deserialize;

use self::labels::Resolved;
use super::endpoint::endpoint;
use super::json;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week,
};
use crate::error::Error;
use crate::http::{Explain, Get, HttpClient};
use crate::model::{CurrencyCode, DayRates, Rate, check_published_day, date, parse_date};

/// The dataset's path below the base URL.
const PATH: &str = "services/api/fiscal_service/v1/accounting/od/rates_of_exchange";

/// The fields asked for.
const FIELDS: &str = "record_date,effective_date,country_currency_desc,exchange_rate";

/// Rows per page: the API's largest.
const PAGE_SIZE: u32 = 10_000;

/// The most pages one request may take: the whole history since 2001 is
/// three.
pub const MAX_PAGES: u32 = 20;

/// How far back the latest quarter is looked for: two quarters and more.
pub const LATEST_LOOKBACK: u64 = 200;

/// The US Treasury's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "ust",
    publisher: "US Treasury, Bureau of the Fiscal Service",
    default_url: "https://api.fiscaldata.treasury.gov",
    home: Home::Fixed(CurrencyCode::USD),
    settings: &[],
    release: Release::Quarterly,
    week: Week::EveryDay,
    // A quarter's rates come in the days after its end, which its
    // predecessor's period has reached: the lag `status` allows for.
    closure: 14,
    figures: Figures::Official,
    about: "quarterly reporting rates with amendments, units of currency per 1 USD",
    first_day: date(2001, 3, 31),
    dated_ahead: 0,
    sparse: true,
    terms: "https://fiscaldata.treasury.gov/about-us/",
    described: Described {
        printed: "`1 USD = 0.877 EUR`, by `Country-Currency` label",
        history: "quarterly; amendments in force from their effective date",
        published: "after each quarter's end, amendments any day",
        per_request: "any range, 10000 rows a page",
        used_for: "US federal agencies' reporting of foreign-currency amounts ([the Treasury's page](https://fiscaldata.treasury.gov/datasets/treasury-reporting-rates-exchange/treasury-reporting-rates-of-exchange))",
        requests: "`/services/api/fiscal_service/v1/accounting/od/rates_of_exchange?fields=…&filter=record_date:gte:Q,record_date:lte:D&sort=…&page[size]=10000&page[number]=N`",
        nothing_published: r#"`{"data":[],"meta":{"count":0,…}}`"#,
        cron: Some(CronLine {
            schedule: "30 16 * * *",
            why: "US Treasury, quarterly with amendments on any day",
        }),
    },
    build: |setup| {
        Box::new(Ust::new(
            setup.http,
            setup.url,
            setup.selection,
            setup.today,
        ))
    },
};

/// `{"data":[…],"meta":{…},"links":{…}}`; of `meta` only the page count.
#[derive(Debug, Deserialize)]
struct Answer {
    data: Vec<Row>,
    meta: Meta,
}

#[derive(Debug, Deserialize)]
struct Meta {
    #[serde(rename = "total-pages")]
    total_pages: u32,
}

/// `{"record_date":"2026-03-31","effective_date":"2026-03-31",
/// "country_currency_desc":"Euro Zone-Euro","exchange_rate":"0.87"}`.
#[derive(Debug, Deserialize)]
struct Row {
    record_date: String,
    effective_date: String,
    country_currency_desc: String,
    exchange_rate: Option<String>,
}

/// The Fiscal Data API's error body: `{"error":"…","message":"…"}`.
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    message: String,
}

/// One rate of a page, its label resolved: `1 USD = rate code`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// The quarter's end it was published under.
    pub record: NaiveDate,
    /// The day it takes effect: the record date, or an amendment's later day.
    pub effective: NaiveDate,
    /// The Treasury's `Country-Currency` label.
    pub label: String,
    /// The currency the label stands for on the effective date.
    pub code: CurrencyCode,
    /// Units of `code` per US dollar, as printed.
    pub rate: Rate,
}

/// One page of an answer: its quotes and how many pages there are.
#[derive(Debug)]
pub struct Page {
    /// The rates of the page, in document order.
    pub quotes: Vec<Quote>,
    /// `meta.total-pages`: how many pages the whole answer has.
    pub total_pages: u32,
}

/// The US Treasury provider below one base URL.
#[derive(Debug)]
pub struct Ust<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl<'a> Ust<'a> {
    /// A provider reading `{base_url}/services/…/rates_of_exchange` for a
    /// run on `today` (UTC), keeping what `selection` asks for.
    pub fn new(
        http: &'a HttpClient,
        base_url: &str,
        selection: Selection,
        today: NaiveDate,
    ) -> Self {
        Ust {
            http,
            base_url: base_url.to_owned(),
            selection,
            today,
        }
    }

    /// Every quote of the rows `filter` matches, reading every page, and
    /// the URL of the first.
    fn quotes(&self, filter: &str) -> anyhow::Result<(String, Vec<Quote>)> {
        let mut quotes = Vec::new();
        let mut first_url = None;
        let mut number = 1;
        loop {
            let query = format!(
                "fields={FIELDS}&filter={filter}&sort=record_date,effective_date,country_currency_desc\
                 &page%5Bsize%5D={PAGE_SIZE}&page%5Bnumber%5D={number}"
            );
            let url = endpoint(&self.base_url, PATH, &query);
            let body = self.http.get_with(&Get {
                url: &url,
                accept: "application/json",
                headers: &[],
                explain: Some(Explain::Says(explain)),
            })?;
            let page = parse_page(&body, self.today).map_err(|reason| Error::InvalidData {
                url: url.clone(),
                reason,
            })?;
            log::info!("{url}: {} rates", page.quotes.len());
            quotes.extend(page.quotes);
            first_url.get_or_insert(url.clone());
            if number >= page.total_pages {
                break;
            }
            if number >= MAX_PAGES {
                return Err(Error::InvalidData {
                    url,
                    reason: format!(
                        "the answer has {} pages, more than the {MAX_PAGES} fxrates reads",
                        page.total_pages
                    ),
                }
                .into());
            }
            number += 1;
        }
        Ok((first_url.unwrap_or_default(), quotes))
    }

    /// The days of the rows `filter` matches, each kept by `keep`, as the
    /// selection has them.
    fn days(
        &self,
        filter: &str,
        keep: impl Fn(&DayRates) -> bool,
    ) -> anyhow::Result<Vec<DayRates>> {
        let (url, quotes) = self.quotes(filter)?;
        let mut days = days(quotes).map_err(|reason| Error::InvalidData {
            url: url.clone(),
            reason,
        })?;
        days.retain(keep);
        Ok(self.selection.keep(&url, Ok(days))?)
    }

    /// The days in force on some day of `from..=to`.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let from = from.max(INFO.first_day);
        if to < from {
            return Ok(Vec::new());
        }
        let filter = format!(
            "record_date:gte:{},record_date:lte:{to}",
            quarter_end_on_or_before(from)
        );
        self.days(&filter, |day| overlaps(day, from, to))
    }

    /// The newest quarter's days: its record date's and its amendments.
    fn latest(&self) -> anyhow::Result<Vec<DayRates>> {
        let since = self.today - Days::new(LATEST_LOOKBACK);
        let (url, mut quotes) = self.quotes(&format!("record_date:gte:{since}"))?;
        if let Some(newest) = quotes.iter().map(|quote| quote.record).max() {
            quotes.retain(|quote| quote.record == newest);
        }
        let days = days(quotes).map_err(|reason| Error::InvalidData {
            url: url.clone(),
            reason,
        })?;
        Ok(self.selection.keep(&url, Ok(days))?)
    }
}

impl Provider for Ust<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        match request {
            DayRequest::Latest => self.latest(),
            DayRequest::Day(day) => self.range(day, day),
            DayRequest::Range { from, to } => self.range(from, to),
        }
    }

    /// Amendments come under the quarter in force: a catch-up reads it again.
    fn revises_newest_day(&self) -> bool {
        true
    }
}

/// Whether `day`'s period (its date to its last day) meets `from..=to`.
fn overlaps(day: &DayRates, from: NaiveDate, to: NaiveDate) -> bool {
    day.date() <= to && day.last_day() >= from
}

/// The last day of the quarter holding `day`.
fn quarter_end(day: NaiveDate) -> NaiveDate {
    let first_month = (day.month0() / 3) * 3 + 1;
    let first = NaiveDate::from_ymd_opt(day.year(), first_month, 1).unwrap_or(day);
    (first + Months::new(3)).pred_opt().unwrap_or(day)
}

/// The latest quarter end on or before `day`.
pub fn quarter_end_on_or_before(day: NaiveDate) -> NaiveDate {
    let end = quarter_end(day);
    if end == day {
        return day;
    }
    let first_month = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), first_month, 1)
        .and_then(|first| first.pred_opt())
        .unwrap_or(day)
}

/// The last day a record date's rates are in force: the end of the
/// quarter after the one it closes.
pub fn in_force_until(record: NaiveDate) -> NaiveDate {
    quarter_end(quarter_end(record).succ_opt().unwrap_or(record))
}

/// Parses one page of an answer for a run on `today`: its quotes, the
/// dollar's own labels left out, and its page count. `"data":[]` is no
/// quote at all.
pub fn parse_page(body: &[u8], today: NaiveDate) -> Result<Page, String> {
    let answer: Answer = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let mut quotes = Vec::with_capacity(answer.data.len());
    for row in &answer.data {
        if let Some(quote) = quote(row, today)? {
            quotes.push(quote);
        }
    }
    Ok(Page {
        quotes,
        total_pages: answer.meta.total_pages,
    })
}

/// One row as a quote, or `None` for a label of the dollar itself at 1
/// or of a currency no longer its own.
fn quote(row: &Row, today: NaiveDate) -> Result<Option<Quote>, String> {
    let record = check_published_day(parse_date(&row.record_date)?, INFO.first_day, today)?;
    let effective = check_published_day(parse_date(&row.effective_date)?, INFO.first_day, today)?;
    let label = row.country_currency_desc.as_str();
    let meaning = labels::meaning(label).ok_or_else(|| {
        format!(
            "day {effective}: unknown currency label {label:?} (not in fxrates' table of the Treasury's labels)"
        )
    })?;
    let text = row
        .exchange_rate
        .as_deref()
        .ok_or_else(|| format!("day {effective}, {label}: no rate"))?;
    let rate: Rate = text
        .parse()
        .map_err(|err| format!("day {effective}, {label}: {err}"))?;
    match meaning.on(effective) {
        Resolved::Currency(code) => Ok(Some(Quote {
            record,
            effective,
            label: label.to_owned(),
            code,
            rate,
        })),
        Resolved::Dollar if rate.value() == rust_decimal::Decimal::ONE => Ok(None),
        Resolved::Dollar => Err(format!(
            "day {effective}: {label} is the US dollar, listed at {rate} instead of 1"
        )),
        Resolved::Retired => Ok(None),
    }
}

/// The days of `quotes`, one per effective date, oldest first: each holds
/// the quotes effective that day, all of one record date, and is in force
/// until [`in_force_until`] it. Labels of one currency on one day are one
/// rate when their figures agree, and refused when they differ.
pub fn days(quotes: Vec<Quote>) -> Result<Vec<DayRates>, String> {
    let mut by_day: BTreeMap<NaiveDate, Vec<Quote>> = BTreeMap::new();
    for quote in quotes {
        by_day.entry(quote.effective).or_default().push(quote);
    }
    let mut days = Vec::with_capacity(by_day.len());
    for (effective, quotes) in by_day {
        let record = quotes[0].record;
        if let Some(other) = quotes.iter().find(|quote| quote.record != record) {
            return Err(format!(
                "day {effective}: rows of the record dates {record} and {} take effect on it; \
                 which quarter's period it starts is unclear",
                other.record
            ));
        }
        let mut rates: Vec<(CurrencyCode, Rate)> = Vec::with_capacity(quotes.len());
        for (i, quote) in quotes.iter().enumerate() {
            match quotes[..i]
                .iter()
                .find(|earlier| earlier.code == quote.code)
            {
                None => rates.push((quote.code, quote.rate)),
                Some(earlier) if earlier.rate == quote.rate => {}
                Some(earlier) => {
                    return Err(format!(
                        "day {effective}: {} is {} under {:?} and {} under {:?}",
                        quote.code, earlier.rate, earlier.label, quote.rate, quote.label
                    ));
                }
            }
        }
        days.push(
            DayRates::against(effective, CurrencyCode::USD, rates)?
                .valid_until(in_force_until(record))?,
        );
    }
    Ok(days)
}

/// Parses a one-page answer for a run on `today` into its days, each in
/// force on some day of `asked` when given: what a request makes of it.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    asked: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<DayRates>, String> {
    let mut days = days(parse_page(body, today)?.quotes)?;
    if let Some((from, to)) = asked {
        days.retain(|day| overlaps(day, from, to));
    }
    Ok(days)
}

/// The Fiscal Data API's JSON error body's `message`, if that is what it is.
fn explain(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<ErrorAnswer>(body)
        .ok()
        .map(|answer| answer.message)
}

#[cfg(test)]
mod tests;
