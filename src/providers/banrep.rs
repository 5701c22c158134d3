//! Banco de la República (Colombia): the TRM (*tasa de cambio
//! representativa del mercado*), the peso's official rate against the US
//! dollar, certified by the Superintendencia Financiera and published by
//! the Bank as the dataset `32sa-8pi3` on datos.gov.co. No key is needed.
//!
//! One Socrata (SODA) request per span of at most [`MAX_SPAN_DAYS`] days,
//! below the base URL (`https://www.datos.gov.co`):
//! `/resource/32sa-8pi3.json?$limit=1000&$order=vigenciadesde%20ASC&$where=
//! vigenciadesde>='FROM' AND vigenciadesde<='TO'` (SoQL, encoded). A span
//! holds at most 366 records, so one page of [`PAGE_LIMIT`] always
//! suffices and no `$offset` is sent; a full page is refused, never cut.
//! The latest is the newest record of the [`LATEST_DAYS`] days to
//! tomorrow.
//!
//! The answer is a JSON array, oldest first, of
//! `{"valor":"3704.87","unidad":"COP","vigenciadesde":"2026-03-21T00:00:00.000",
//! "vigenciahasta":"2026-03-24T00:00:00.000"}`: `1 USD = valor COP`, the
//! figure a string stored as printed (trailing zeros dropped by the
//! publisher: `3691.9`). Each TRM states its own validity, both days
//! included: the day is `vigenciadesde`, and a TRM that runs past it (set
//! on Friday for Saturday to Monday, or to Tuesday over a holiday Monday)
//! is stored with that period ([`DayRates::valid_until`]). A day asked for
//! inside such a period but after its first day (a Monday) is asked by
//! `vigenciadesde` and so finds none. `unidad` must be `COP`; the
//! timestamps carry no zone and must be midnight.
//!
//! Nothing published in the days asked for is `[]`; a malformed query is
//! HTTP 400 with a JSON error whose `message` is shown.

use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, spans,
};
use crate::http::{Explain, Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, check_published_day};

/// The Colombian peso: the quote of every TRM.
const COP: CurrencyCode = CurrencyCode::from_static(b"COP");

/// The dataset below the base URL.
const PATH: &str = "resource/32sa-8pi3.json";

/// The `$limit` of every request: more records than a span can hold.
pub const PAGE_LIMIT: usize = 1000;

/// The most days one request asks for: a year, at most 366 records.
pub const MAX_SPAN_DAYS: u64 = 366;

/// How many days back from tomorrow the latest TRM is looked for: beside
/// a weekend, the holidays of Holy Week.
pub const LATEST_DAYS: u64 = 7;

/// The Banco de la República's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "banrep",
    publisher: "Banco de la República (Colombia)",
    default_url: "https://www.datos.gov.co",
    home: Home::Fixed(COP),
    settings: &[],
    release: Release::Daily,
    week: Week::TuesdayToSaturday,
    closure: 4,
    figures: Figures::Official,
    about: "TRM, COP per 1 USD, each in force for its stated days",
    first_day: date(1991, 11, 27),
    dated_ahead: 1,
    sparse: false,
    terms: "https://www.datos.gov.co/d/32sa-8pi3",
    described: Described {
        printed: "`1 USD = 3704.87 COP`, trailing zeros dropped (`3691.9`), with its validity (`vigenciadesde`..`vigenciahasta`)",
        history: "from 27 November 1991, the first TRM",
        published: "each business afternoon in Bogotá (about 21:00 UTC), the TRM in force from the next day",
        per_request: "366 days (one page of 1000 records)",
        used_for: "the peso's official rate against the dollar in Colombia, by which obligations in dollars are paid in pesos and accounts, customs and taxes convert: the [TRM](https://www.banrep.gov.co/es/estadisticas/trm)",
        requests: "`/resource/32sa-8pi3.json?$limit=1000&$order=vigenciadesde ASC&$where=vigenciadesde>='FROM' AND vigenciadesde<='TO'`; latest: the last 7 days to tomorrow",
        nothing_published: "`[]`",
        cron: Some(CronLine {
            schedule: "0 23 * * 1-5",
            why: "Banco de la República, the next day's TRM certified in the Bogotá afternoon",
        }),
    },
    build: |setup| {
        Box::new(Banrep {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// One record of the dataset: one TRM with its validity.
#[derive(Debug, Deserialize)]
struct Record {
    valor: String,
    unidad: String,
    vigenciadesde: String,
    vigenciahasta: String,
}

/// Socrata's error body, `{"code":…,"error":true,"message":"…"}`.
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    message: Option<String>,
}

/// The Banco de la República's provider below one base URL.
#[derive(Debug)]
pub struct Banrep<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Banrep<'_> {
    /// The newest day a TRM may start by today: tomorrow.
    fn last_day(&self) -> NaiveDate {
        self.today + Days::new(INFO.dated_ahead)
    }

    /// The TRMs starting `from` to `to`, one request per span.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = (from.max(INFO.first_day), to.min(self.last_day()));
        let mut kept = Vec::new();
        for (from, to) in spans(from, to, MAX_SPAN_DAYS) {
            kept.extend(self.period(from, to)?);
        }
        Ok(kept)
    }

    /// The TRMs of one span; none on `[]`.
    fn period(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(&self.base_url, PATH, &query(from, to));
        let get = Get {
            url: &url,
            accept: "application/json",
            headers: &[],
            explain: Some(Explain::Says(explain)),
        };
        let body = self.http.get_with(&get)?;
        let days = self
            .selection
            .keep(&url, parse(&body, self.today, from, to))?;
        log::info!("{url}: {} days", days.len());
        Ok(days)
    }
}

impl Provider for Banrep<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.last_day(), LATEST_DAYS, |from, to| {
            self.range(from, to)
        })
    }
}

/// The SoQL query of the TRMs starting `from` to `to`, as sent.
pub fn query(from: NaiveDate, to: NaiveDate) -> String {
    format!(
        "$limit={PAGE_LIMIT}&$order=vigenciadesde%20ASC\
         &$where=vigenciadesde%3E=%27{from}T00:00:00.000%27\
         %20AND%20vigenciadesde%3C=%27{to}T00:00:00.000%27"
    )
}

/// Parses an answer for the TRMs starting `from` to `to`, asked on
/// `today`: one day per record, oldest first, `1 USD = valor COP`, stated
/// valid to `vigenciahasta` when that is after its first day. `[]` is
/// nothing published.
///
/// Refuses the whole answer when it is not the expected JSON array, holds
/// a full page ([`PAGE_LIMIT`] records: more may be missing), a record
/// lacks a field, `unidad` is not `COP`, a timestamp is not
/// a midnight `YYYY-MM-DDT00:00:00.000`, a TRM starts outside `from..=to`
/// or the window of [`check_published_day`], ends before it starts, starts
/// within the period of the one before (repeated or out of order), or its
/// figure is not a positive plain decimal.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    let records: Vec<Record> = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    if records.len() >= PAGE_LIMIT {
        return Err(format!(
            "{} records, a full page of {PAGE_LIMIT}: the answer may be cut",
            records.len()
        ));
    }
    let mut days: Vec<DayRates> = Vec::with_capacity(records.len());
    for record in &records {
        let day = record_day(record, today, from, to)?;
        if let Some(previous) = days.last() {
            if day.date() <= previous.last_day() {
                return Err(format!(
                    "day {} starts within the TRM of {} (to {}): repeated or out of order",
                    day.date(),
                    previous.date(),
                    previous.last_day()
                ));
            }
        }
        days.push(day);
    }
    Ok(days)
}

/// One record as its day.
fn record_day(
    record: &Record,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<DayRates, String> {
    let start = timestamp(&record.vigenciadesde)?;
    let start = check_published_day(start, INFO.first_day, today)?;
    check_asked(start, from, to)?;
    let end = timestamp(&record.vigenciahasta)?;
    if record.unidad != "COP" {
        return Err(format!(
            "day {start}: unidad {:?}, expected \"COP\"",
            record.unidad
        ));
    }
    let rate: Rate = record
        .valor
        .parse()
        .map_err(|err| format!("day {start}, USD: {err}"))?;
    let day = DayRates::new(
        start,
        COP,
        vec![Published::new(CurrencyCode::USD, COP, rate)],
    )?;
    if end == start {
        return Ok(day);
    }
    day.valid_until(end)
}

/// A validity timestamp, `2026-03-21T00:00:00.000`, as its day.
fn timestamp(text: &str) -> Result<NaiveDate, String> {
    text.strip_suffix("T00:00:00.000")
        .and_then(|day| crate::model::parse_date(day).ok())
        .ok_or_else(|| format!("invalid timestamp {text:?} (expected YYYY-MM-DDT00:00:00.000)"))
}

/// Socrata's error `message`, if the body is its JSON error object.
fn explain(body: &[u8]) -> Option<String> {
    let answer: ErrorAnswer = serde_json::from_slice(body).ok()?;
    answer.message.filter(|message| !message.trim().is_empty())
}

#[cfg(test)]
mod tests;
