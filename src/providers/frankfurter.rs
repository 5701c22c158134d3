//! Frankfurter: the ECB reference rates as JSON, against any base, no key.
//!
//! `GET {base}/latest`, `{base}/YYYY-MM-DD` and `{base}/FROM..TO` (a time
//! series), with `base=` and `symbols=` in the query. A day without
//! publication is answered with the previous business day, under that day's
//! date: the days returned carry the date the answer names, never the one
//! asked for. Ranges are asked for in chunks of at most a year, so that no
//! answer grows without bound.

use chrono::{Months, NaiveDate};
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json::{self, Entries, Raw};
use super::{
    DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection, Week,
};
use crate::error::Error;
use crate::http::{Explain, Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, check_published_day, parse_date};

/// Frankfurter's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "frankfurter",
    publisher: "Frankfurter (the ECB's rates, v1 API)",
    default_url: "https://api.frankfurter.dev/v1",
    home: Home::AnyBase(CurrencyCode::EUR),
    settings: &[],
    release: Release::Daily,
    week: Week::Target,
    closure: 0,
    figures: Figures::Official,
    about: "the ECB's reference rates as JSON, against any base (cross rates)",
    first_day: date(1999, 1, 4),
    dated_ahead: 0,
    sparse: false,
    terms: "https://frankfurter.dev",
    described: Described {
        printed: "`1 EUR = 1.0705 USD`",
        history: "",
        published: "after the ECB",
        per_request: "a calendar year",
        used_for: "the ECB's rates against any base; a fallback for `ecb`",
        requests: "`/latest`, `/YYYY-MM-DD`, `/FROM..TO`",
        nothing_published: "never (a day without publication is answered with the one before, stored under its own date)",
        cron: None,
    },
    build: |setup| {
        Box::new(Frankfurter::new(
            setup.http,
            setup.url,
            setup.selection,
            setup.today,
        ))
    },
};

const ACCEPT: &str = "application/json";

/// The Frankfurter provider below one base URL.
#[derive(Debug)]
pub struct Frankfurter<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

/// `{"amount":1.0,"base":"EUR","date":"2024-07-26","rates":{…}}`
#[derive(Debug, Deserialize)]
struct DayAnswer {
    amount: Raw,
    base: String,
    date: String,
    rates: Entries<Raw>,
}

/// `{"amount":1.0,"base":"EUR","start_date":…,"end_date":…,"rates":{"YYYY-MM-DD":{…},…}}`
#[derive(Debug, Deserialize)]
struct SeriesAnswer {
    amount: Raw,
    base: String,
    rates: Entries<Entries<Raw>>,
}

/// `{"message":"not found"}`
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    message: String,
}

impl<'a> Frankfurter<'a> {
    /// A provider reading `{base_url}/…` for a run on `today` (UTC), keeping
    /// what `selection` asks for.
    pub fn new(
        http: &'a HttpClient,
        base_url: &str,
        selection: Selection,
        today: NaiveDate,
    ) -> Self {
        Frankfurter {
            http,
            base_url: base_url.to_owned(),
            selection,
            today,
        }
    }

    fn url(&self, path: &str) -> String {
        let mut query = Vec::new();
        if let Some(base) = self.selection.base {
            query.push(format!("base={base}"));
        }
        query.extend(self.selection.symbols_query());
        endpoint(&self.base_url, path, &query.join("&"))
    }

    fn download(&self, path: &str) -> anyhow::Result<(String, Vec<u8>)> {
        let url = self.url(path);
        let body = self.http.get_with(&Get {
            url: &url,
            accept: ACCEPT,
            headers: &[],
            explain: Some(Explain::Says(explain)),
        })?;
        Ok((url, body))
    }

    /// One day: `latest` or a date.
    fn day(&self, path: &str) -> anyhow::Result<DayRates> {
        let (url, body) = self.download(path)?;
        let invalid = |reason: String| Error::InvalidData {
            url: url.clone(),
            reason,
        };
        let day = parse_day(&body, self.today).map_err(invalid)?;
        let day = self.selection.apply(day).map_err(invalid)?;
        log::info!("{url}: {}, {} rates", day.date(), day.rates().len());
        Ok(day)
    }

    /// Every day from `from` to `to` in one time series.
    fn series(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let (url, body) = self.download(&format!("{from}..{to}"))?;
        let mut days = self.selection.keep(&url, parse_series(&body, self.today))?;
        log::info!("{url}: {} days", days.len());
        // A range starting on a day without publication also brings the
        // business day before it: not asked for, and in the previous chunk.
        days.retain(|day| (from..=to).contains(&day.date()));
        Ok(days)
    }
}

impl Provider for Frankfurter<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        match request {
            DayRequest::Latest => Ok(vec![self.day("latest")?]),
            DayRequest::Day(day) if day < INFO.first_day => Ok(Vec::new()),
            DayRequest::Day(day) => {
                let answer = self.day(&day.to_string())?;
                if answer.date() > day {
                    return Err(Error::InvalidData {
                        url: self.url(&day.to_string()),
                        reason: format!("asked for {day}, the answer is for {}", answer.date()),
                    }
                    .into());
                }
                Ok(vec![answer])
            }
            DayRequest::Range { from, to } => {
                let mut days = Vec::new();
                for (from, to) in chunks(from.max(INFO.first_day), to) {
                    days.extend(self.series(from, to)?);
                }
                Ok(days)
            }
        }
    }
}

/// Parses a one-day answer (`latest` or a date) for a run on `today`: the
/// day it holds, validated, every quote kept.
pub fn parse_day(body: &[u8], today: NaiveDate) -> Result<DayRates, String> {
    let answer: DayAnswer = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let base = check_header(&answer.amount, &answer.base)?;
    let date = check_date(&answer.date, today)?;
    json::day_rates(date, base, &answer.rates)
}

/// Parses a time series for a run on `today`: at least one day, in strictly
/// increasing order, each validated, every quote kept.
pub fn parse_series(body: &[u8], today: NaiveDate) -> Result<Vec<DayRates>, String> {
    let answer: SeriesAnswer = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let base = check_header(&answer.amount, &answer.base)?;
    // Frankfurter answers a range without publication with the business day
    // before it: an answer without any day is a broken one.
    if answer.rates.0.is_empty() {
        return Err("the answer holds no day of rates".to_owned());
    }
    let mut days: Vec<DayRates> = Vec::with_capacity(answer.rates.0.len());
    for (date, rates) in &answer.rates.0 {
        let date = check_date(date, today)?;
        if let Some(previous) = days.last().map(DayRates::date) {
            if date <= previous {
                return Err(format!(
                    "day {date} follows {previous}: repeated or out of order"
                ));
            }
        }
        days.push(json::day_rates(date, base, rates)?);
    }
    Ok(days)
}

/// A date an answer names: well formed, not before the first reference day,
/// not after the day after `today`.
fn check_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    check_published_day(parse_date(text)?, INFO.first_day, today)
}

/// Checks `amount` is 1 (other amounts scale every rate) and reads the base.
fn check_header(amount: &Raw, base: &str) -> Result<CurrencyCode, String> {
    let amount = json::rate(amount).map_err(|err| format!("amount: {err}"))?;
    if amount.value() != rust_decimal::Decimal::ONE {
        return Err(format!("amount is {amount}, not 1"));
    }
    base.parse().map_err(|err| format!("base: {err}"))
}

/// Frankfurter's `{"message":"…"}` error body, if that is what it is.
fn explain(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<ErrorAnswer>(body)
        .ok()
        .map(|answer| answer.message)
}

/// `from..=to` cut into consecutive spans of at most a calendar year (from
/// 1 January, the calendar years); none when `from` is after `to`.
fn chunks(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut spans = Vec::new();
    let mut start = from;
    while start <= to {
        let end = start
            .checked_add_months(Months::new(12))
            .and_then(|next| next.pred_opt())
            .map_or(to, |end| end.min(to));
        spans.push((start, end));
        match end.succ_opt() {
            Some(next) => start = next,
            None => break,
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    #[test]
    fn ranges_are_cut_into_spans_of_at_most_a_year() {
        assert_eq!(
            chunks(day("2024-01-01"), day("2024-03-31")),
            [(day("2024-01-01"), day("2024-03-31"))]
        );
        assert_eq!(
            chunks(day("2022-01-01"), day("2024-03-31")),
            [
                (day("2022-01-01"), day("2022-12-31")),
                (day("2023-01-01"), day("2023-12-31")),
                (day("2024-01-01"), day("2024-03-31")),
            ]
        );
        assert_eq!(
            chunks(day("2020-01-01"), day("2021-06-30")),
            [
                (day("2020-01-01"), day("2020-12-31")),
                (day("2021-01-01"), day("2021-06-30")),
            ]
        );
        assert_eq!(
            chunks(day("2023-03-15"), day("2024-03-15")),
            [
                (day("2023-03-15"), day("2024-03-14")),
                (day("2024-03-15"), day("2024-03-15")),
            ]
        );
        assert_eq!(chunks(day("2024-01-02"), day("2024-01-01")), []);
        let one = chunks(day("2024-07-26"), day("2024-07-26"));
        assert_eq!(one, [(day("2024-07-26"), day("2024-07-26"))]);
    }

    #[test]
    fn the_header_must_say_one_unit_of_a_valid_base() {
        assert!(check_header(&raw("1.0"), "EUR").is_ok());
        assert_eq!(
            check_header(&raw("100"), "EUR").expect_err("scaled"),
            "amount is 100, not 1"
        );
        assert!(check_header(&raw("1"), "eur").is_err());
    }

    fn raw(s: &str) -> Raw {
        serde_json::value::RawValue::from_string(s.to_owned()).expect("raw JSON")
    }

    #[test]
    fn error_bodies_give_their_message() {
        assert_eq!(
            explain(br#"{"message":"not found"}"#).as_deref(),
            Some("not found")
        );
        assert_eq!(explain(b"<html>502</html>"), None);
    }
}
