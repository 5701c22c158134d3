//! The Hong Kong Monetary Authority: the daily exchange rates of the
//! Hong Kong dollar in its Monthly Statistical Bulletin, from the HKMA's
//! open API. No key is needed.
//!
//! Pages of [`PAGE_SIZE`] records below the base URL
//! (`https://api.hkma.gov.hk/public/market-data-and-statistics/monthly-statistical-bulletin/er-ir`):
//! `/er-eeri-daily?choose=end_of_day&from=FROM&to=TO&sortby=end_of_day&sortorder=desc&pagesize=100&offset=N`,
//! newest first, the next page asked for until a short one. `from` and `to`
//! filter only together with `choose=end_of_day`. Each record is a distinct
//! day of the days asked, so `days / PAGE_SIZE + 1` pages hold them all: a
//! service whose pages stay full beyond that (one that ignores `offset`) is
//! refused rather than asked forever.
//!
//! The answer is `{"header":{"success":true,"err_code":"0000","err_msg":
//! "No error found"},"result":{"datasize":2,"records":[{"end_of_day":
//! "2026-02-28","usd":7.8245000000000005,"gbp":10.549,…}]}}`, `datasize`
//! the records of this page. Every figure is HKD per 1 unit of the currency
//! of its lower-case ISO key ([`CURRENCIES`], a fixed table), stored
//! `1 CUR = v HKD`. The figure is the text of its JSON number as sent: some
//! carry binary-float noise from the publisher's own systems
//! (`7.8245000000000005` for 7.8245) and trailing zeros are dropped
//! (`0.0502`); what the Bulletin printed cannot be told from the noise
//! (no rounding rule is stated), so the token is stored unchanged.
//!
//! `special_drawing_rights` (HKD per SDR) is stored as XDR where not null.
//! The legacy currencies `dem`, `nlg`, `bef`, `frf` and `itl` are null since
//! the euro; a figure of theirs (in the old history) is stored under its
//! former ISO code (DEM, NLG, BEF, FRF, ITL). The `neeri_*` fields are
//! effective exchange rate indices, not currencies: never read. A null
//! figure is no rate. A field not known here with a value is refused
//! rather than guessed at; an unknown field that is null is no rate.
//!
//! `header.success` false or an `err_code` other than `0000` is the
//! service's refusal, quoted with its `err_msg`. Nothing published is
//! `datasize` 0 with `records` `[]`.
//!
//! The Bulletin comes monthly, about a month behind: the latest day is
//! the newest of the [`LATEST_DAYS`] days to today.

use chrono::NaiveDate;
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json::{self, Entries, Raw};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked,
};
use crate::error::Error;
use crate::http::{Explain, Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, check_published_day};

/// The Hong Kong dollar: the quote of every rate.
const HKD: CurrencyCode = CurrencyCode::from_static(b"HKD");

/// The dataset below the base URL.
pub const PATH: &str = "er-eeri-daily";

/// The records asked for per page: the API's default, and the most one
/// answer holds by its documentation (one version of which says 1000).
pub const PAGE_SIZE: usize = 100;

/// How many days back from today the latest day is looked for. A month's
/// figures come with the Bulletin about a month after it ends: on the eve
/// of an issue the newest day is the last of the month before the one
/// past, up to some 60 days back; ten more allow for a late issue.
pub const LATEST_DAYS: u64 = 70;

/// The field of a record's day.
const DAY: &str = "end_of_day";

/// The prefix of the effective exchange rate indices' fields.
const INDEX_PREFIX: &str = "neeri_";

/// The currency fields read, each with the code its figures are stored
/// under, in the document's order: HKD per 1 unit of each.
pub const CURRENCIES: [(&str, CurrencyCode); 23] = {
    let code = CurrencyCode::from_static;
    [
        ("usd", CurrencyCode::USD),
        ("gbp", code(b"GBP")),
        ("jpy", code(b"JPY")),
        ("cad", code(b"CAD")),
        ("aud", code(b"AUD")),
        ("sgd", code(b"SGD")),
        ("twd", code(b"TWD")),
        ("chf", code(b"CHF")),
        ("cny", code(b"CNY")),
        ("krw", code(b"KRW")),
        ("thb", code(b"THB")),
        ("myr", code(b"MYR")),
        // The currencies the euro replaced: null since, stored under their
        // former ISO codes where the old history has a figure.
        ("dem", code(b"DEM")),
        ("nlg", code(b"NLG")),
        ("bef", code(b"BEF")),
        ("frf", code(b"FRF")),
        ("itl", code(b"ITL")),
        ("eur", CurrencyCode::EUR),
        ("php", code(b"PHP")),
        ("inr", code(b"INR")),
        ("idr", code(b"IDR")),
        ("zar", code(b"ZAR")),
        ("special_drawing_rights", code(b"XDR")),
    ]
};

/// The Hong Kong Monetary Authority's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "hkma",
    publisher: "Hong Kong Monetary Authority",
    default_url: "https://api.hkma.gov.hk/public/market-data-and-statistics/monthly-statistical-bulletin/er-ir",
    home: Home::Fixed(HKD),
    settings: &[],
    release: Release::Daily,
    // Saturdays appear now and then (28 February 2026, a month's last day)
    // but are no regular day of its week: a Saturday without figures is no
    // closing to wait for.
    week: Week::Weekdays,
    // About a month behind, monthly: up to some 45 weekdays.
    closure: 45,
    figures: Figures::Official,
    about: "Monthly Statistical Bulletin's daily rates, HKD per 1 unit of 17 currencies and the SDR, about a month behind",
    first_day: date(1981, 1, 1),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.hkma.gov.hk/eng/other-information/copyright-notice/",
    described: Described {
        printed: "`1 USD = 7.8245000000000005 HKD`: the JSON number as sent, binary-float noise included; trailing zeros dropped",
        history: "not checked how far back the API answers; DEM, NLG, BEF, FRF, ITL only before the euro",
        published: "monthly with the Monthly Statistical Bulletin, about a month behind; the hour is not stated",
        per_request: "pages of 100 records (`pagesize`, `offset`), any range",
        used_for: "the HKMA's statistics of the Hong Kong dollar's exchange rates: the [Monthly Statistical Bulletin](https://www.hkma.gov.hk/eng/data-publications-and-research/data-and-statistics/monthly-statistical-bulletin/)",
        requests: "`/er-eeri-daily?choose=end_of_day&from=FROM&to=TO&sortby=end_of_day&sortorder=desc&pagesize=100&offset=N` until a short page; latest: the last 70 days",
        nothing_published: "`\"datasize\":0` with `\"records\":[]`",
        cron: Some(CronLine {
            schedule: "0 12 * * 1-5",
            why: "HKMA, the Bulletin's daily rates (a new month comes on a day it does not state)",
        }),
    },
    build: |setup| {
        Box::new(Hkma {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The API's answer: its header and, on success, its result.
#[derive(Debug, Deserialize)]
struct Answer {
    header: Header,
    result: Option<Records>,
}

/// `{"success":true,"err_code":"0000","err_msg":"No error found"}`.
#[derive(Debug, Deserialize)]
struct Header {
    success: bool,
    err_code: String,
    #[serde(default)]
    err_msg: String,
}

/// One page of records, `datasize` of them.
#[derive(Debug, Deserialize)]
struct Records {
    datasize: usize,
    records: Vec<Entries<Raw>>,
}

/// An error body: only its header is read.
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    header: Header,
}

/// One page as parsed: how many records it held (a full page means more
/// may follow) and their days, oldest first.
#[derive(Debug)]
pub struct Page {
    /// The records of the page, rates or none.
    pub records: usize,
    /// The days with at least one rate, oldest first.
    pub days: Vec<DayRates>,
}

/// The HKMA's provider below one base URL.
#[derive(Debug)]
pub struct Hkma<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Hkma<'_> {
    /// The days `from` to `to`, page after page until a short one.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = (from.max(INFO.first_day), to.min(self.today));
        if from > to {
            return Ok(Vec::new());
        }
        let max_pages = max_pages(from, to);
        let mut newest_first: Vec<DayRates> = Vec::new();
        for number in 0.. {
            let url = endpoint(&self.base_url, PATH, &query(from, to, number * PAGE_SIZE));
            let page = self.page(&url, from, to)?;
            let full = page.records == PAGE_SIZE;
            if full && number + 1 >= max_pages {
                return Err(Error::InvalidData {
                    url,
                    reason: format!(
                        "page {} is full too, yet {max_pages} pages of {PAGE_SIZE} records \
                         hold every day from {from} to {to}: the pages never end",
                        number + 1
                    ),
                }
                .into());
            }
            for day in page.days.into_iter().rev() {
                if newest_first
                    .last()
                    .is_some_and(|newer| day.date() >= newer.date())
                {
                    return Err(Error::InvalidData {
                        url,
                        reason: format!(
                            "day {} is repeated or out of order across pages",
                            day.date()
                        ),
                    }
                    .into());
                }
                newest_first.push(day);
            }
            if !full {
                break;
            }
        }
        newest_first.reverse();
        Ok(newest_first)
    }

    /// One page of `url`, its days reduced to the selection.
    fn page(&self, url: &str, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Page> {
        let get = Get {
            url,
            accept: "application/json",
            headers: &[],
            explain: Some(Explain::Says(explain)),
        };
        let body = self.http.get_with(&get)?;
        let parsed = parse(&body, self.today, from, to);
        let records = parsed.as_ref().map_or(0, |page| page.records);
        let days = self.selection.keep(url, parsed.map(|page| page.days))?;
        log::info!("{url}: {records} records, {} days", days.len());
        Ok(Page { records, days })
    }
}

impl Provider for Hkma<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// The most pages the days `from` to `to` may fill: one record a day at
/// most, and a last page short (empty when the days fill whole pages).
pub fn max_pages(from: NaiveDate, to: NaiveDate) -> usize {
    let days = usize::try_from((to - from).num_days() + 1).unwrap_or(0);
    days / PAGE_SIZE + 1
}

/// The query of the page at `offset` of the days `from` to `to`, as sent.
pub fn query(from: NaiveDate, to: NaiveDate, offset: usize) -> String {
    format!(
        "choose={DAY}&from={from}&to={to}&sortby={DAY}&sortorder=desc\
         &pagesize={PAGE_SIZE}&offset={offset}"
    )
}

/// Parses one page of the days `from` to `to`, asked on `today`: its
/// records and their days, oldest first, each figure `1 CUR = v HKD` as
/// its JSON number's text. `datasize` 0 with no records is nothing
/// published.
///
/// Refuses the whole page when it is not the expected JSON, the header
/// says `success` false or an `err_code` other than `0000` (quoting
/// `err_msg`), the result is missing, `datasize` differs from the records
/// or exceeds [`PAGE_SIZE`], a record lacks `end_of_day` or has it twice,
/// a day is malformed, outside `from..=to` or the window of
/// [`check_published_day`], repeated or not newest first, a figure is not
/// a positive JSON number, or a field unknown here has a value.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Page, String> {
    let answer: Answer = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    check_header(&answer.header)?;
    let result = answer
        .result
        .ok_or("the answer has no result (success, yet no records)")?;
    if result.datasize != result.records.len() {
        return Err(format!(
            "datasize {} but {} records",
            result.datasize,
            result.records.len()
        ));
    }
    if result.datasize > PAGE_SIZE {
        return Err(format!(
            "{} records, more than the pagesize of {PAGE_SIZE}",
            result.datasize
        ));
    }
    let mut days: Vec<DayRates> = Vec::with_capacity(result.records.len());
    let mut previous: Option<NaiveDate> = None;
    for record in &result.records {
        let day = record_day(record)?;
        check_published_day(day, INFO.first_day, today)?;
        check_asked(day, from, to)?;
        if previous.is_some_and(|newer| day >= newer) {
            return Err(format!("day {day} is repeated or out of order"));
        }
        previous = Some(day);
        let rates = record_rates(day, record)?;
        if !rates.is_empty() {
            days.push(DayRates::new(day, HKD, rates)?);
        }
    }
    days.reverse();
    Ok(Page {
        records: result.records.len(),
        days,
    })
}

/// Refuses a header that is no success.
fn check_header(header: &Header) -> Result<(), String> {
    if header.success && header.err_code == "0000" {
        return Ok(());
    }
    Err(refusal(header))
}

/// The service's refusal, in one line.
fn refusal(header: &Header) -> String {
    format!(
        "the HKMA refused the request: {} (err_code {})",
        header.err_msg.trim(),
        header.err_code
    )
}

/// A record's `end_of_day`, `2026-02-28`, exactly once.
fn record_day(record: &Entries<Raw>) -> Result<NaiveDate, String> {
    let mut found = record.0.iter().filter(|(key, _)| key == DAY);
    let (_, raw) = found
        .next()
        .ok_or_else(|| format!("a record has no {DAY}"))?;
    if found.next().is_some() {
        return Err(format!("a record has {DAY} twice"));
    }
    let text: String = serde_json::from_str(raw.get())
        .map_err(|_| format!("{DAY} {} is not a string", raw.get()))?;
    crate::model::parse_date(&text)
}

/// A record's rates, in the document's order: each currency of the table
/// with a figure, `1 CUR = v HKD`.
fn record_rates(day: NaiveDate, record: &Entries<Raw>) -> Result<Vec<Published>, String> {
    let mut rates = Vec::new();
    for (key, raw) in &record.0 {
        let null = raw.get() == "null";
        if key == DAY || key.starts_with(INDEX_PREFIX) {
            continue;
        }
        let Some((_, currency)) = CURRENCIES.iter().find(|(field, _)| field == key) else {
            if null {
                continue;
            }
            return Err(format!(
                "day {day}: unknown field {key:?} with the value {}: not read",
                raw.get()
            ));
        };
        if null {
            continue;
        }
        let rate = json::rate(raw).map_err(|err| format!("day {day}, {currency}: {err}"))?;
        rates.push(Published::new(*currency, HKD, rate));
    }
    Ok(rates)
}

/// The service's `err_msg`, if the body is its JSON answer.
fn explain(body: &[u8]) -> Option<String> {
    let answer: ErrorAnswer = serde_json::from_slice(body).ok()?;
    Some(refusal(&answer.header))
}

#[cfg(test)]
mod tests;
