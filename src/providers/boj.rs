//! The Bank of Japan: the Tokyo market's 17:00 dollar rates, from the
//! Bank's time-series data search API (database `FM08`). No key is needed.
//!
//! One request per calendar year of the days asked for (at most twelve
//! months), below the base URL
//! (`https://www.stat-search.boj.or.jp/api/v1`):
//! `/getDataCode?format=json&lang=en&db=FM08&code=FXERD04,FXERD34&startDate=YYYYMM&endDate=YYYYMM`.
//! The Bank asks for a second between requests: a backfill of several
//! years waits [`PAUSE`] before each request after the first. The latest
//! is the newest day of the [`LATEST_DAYS`] days to today.
//!
//! The answer is `{"STATUS":200,"MESSAGEID":"M181000I",…,"NEXTPOSITION":
//! null,"RESULTSET":[{"SERIES_CODE","UNIT","VALUES":{"SURVEY_DATES":
//! [20260301,…],"VALUES":[null,1.1716,…]}}]}`: every calendar day of the
//! months asked, `null` where there is no value (weekends, holidays, days
//! not yet published). The pair is in `UNIT` and must be the one its series
//! states: `FXERD04` "Yen per U.S. Dollar" is stored `1 USD = v JPY`,
//! `FXERD34` "U.S. Dollar per Euro" `1 EUR = v USD`, each in the direction
//! printed, the figure the text of its JSON number (trailing zeros dropped
//! by the Bank: `158.8`). Both involve the dollar, the source's home.
//!
//! `"MESSAGEID":"M181030I"` (no data) is nothing published. A `STATUS`
//! other than 200 (400 with an `…E` message id for bad parameters) is the
//! Bank's refusal, quoted with its id, whether sent with HTTP 200 or 400.
//! A `NEXTPOSITION` (more data than one answer holds) is refused: a year
//! of two series is far below the API's limits.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::dates::{first_of_month, last_of_month};
use super::endpoint::endpoint;
use super::json::{self, Raw};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, year_spans,
};
use crate::http::{Explain, Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, check_published_day};

/// The US dollar: the home of the source, in both series.
const USD: CurrencyCode = CurrencyCode::USD;

/// The yen.
const JPY: CurrencyCode = CurrencyCode::from_static(b"JPY");

/// The series read, each with the `UNIT` the Bank writes and the pair it
/// prints (`1 base = v quote`).
const SERIES: [(&str, &str, CurrencyCode, CurrencyCode); 2] = [
    ("FXERD04", "Yen per U.S. Dollar", USD, JPY),
    ("FXERD34", "U.S. Dollar per Euro", CurrencyCode::EUR, USD),
];

/// The API's message id for "no data".
const NO_DATA: &str = "M181030I";

/// The wait before each request after the first, as the Bank asks.
pub const PAUSE: Duration = Duration::from_secs(1);

/// How many days back from today the latest rates are looked for: beside
/// a weekend, the holidays of the New Year and Golden Week.
pub const LATEST_DAYS: u64 = 7;

/// The Bank of Japan's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "boj",
    publisher: "Bank of Japan",
    default_url: "https://www.stat-search.boj.or.jp/api/v1",
    home: Home::Fixed(USD),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 3,
    figures: Figures::Official,
    about: "Tokyo market rates at 17:00 JST: JPY per 1 USD and USD per 1 EUR",
    first_day: date(1998, 1, 1),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.boj.or.jp/en/about/services/kiyaku.htm",
    described: Described {
        printed: "`1 USD = 158.8 JPY`, `1 EUR = 1.1716 USD`, trailing zeros dropped",
        history: "from 1998 (the euro from 1999); how far back the service answers was not checked",
        published: "the 17:00 Tokyo rate (08:00 UTC) of each Tokyo business day; the hour it reaches the database is not documented",
        per_request: "a calendar year (months `YYYYMM`), a second between requests",
        used_for: "a reference for the yen against the dollar and the euro: the Bank's [time-series data](https://www.stat-search.boj.or.jp/index_en.html) of the Tokyo market",
        requests: "`/getDataCode?format=json&lang=en&db=FM08&code=FXERD04,FXERD34&startDate=YYYYMM&endDate=YYYYMM`; latest: the last 7 days",
        nothing_published: "`\"MESSAGEID\":\"M181030I\"` (no data), or every value `null`",
        cron: Some(CronLine {
            schedule: "0 12 * * 1-5",
            why: "Bank of Japan, the 17:00 Tokyo rates of the day",
        }),
    },
    build: |setup| {
        Box::new(Boj {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The API's answer; the header fields not listed are not read.
#[derive(Debug, Deserialize)]
struct Answer {
    #[serde(rename = "STATUS")]
    status: u16,
    #[serde(rename = "MESSAGEID")]
    message_id: String,
    #[serde(rename = "MESSAGE", default)]
    message: String,
    #[serde(rename = "NEXTPOSITION", default)]
    next: Option<serde_json::Value>,
    #[serde(rename = "RESULTSET", default)]
    results: Vec<SeriesAnswer>,
}

/// One series of the answer.
#[derive(Debug, Deserialize)]
struct SeriesAnswer {
    #[serde(rename = "SERIES_CODE")]
    code: String,
    #[serde(rename = "UNIT")]
    unit: String,
    #[serde(rename = "VALUES")]
    values: Observations,
}

/// A series' days and values, position by position.
#[derive(Debug, Deserialize)]
struct Observations {
    #[serde(rename = "SURVEY_DATES")]
    dates: Vec<u32>,
    #[serde(rename = "VALUES")]
    values: Vec<Raw>,
}

/// An error answer: its message and message id.
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    #[serde(rename = "MESSAGEID")]
    message_id: String,
    #[serde(rename = "MESSAGE", default)]
    message: String,
}

/// The Bank of Japan's provider below one base URL.
#[derive(Debug)]
pub struct Boj<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Boj<'_> {
    /// The days `from` to `to`, one request per calendar year, a pause
    /// before each after the first.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = (from.max(INFO.first_day), to.min(self.today));
        let mut kept = Vec::new();
        for (index, (from, to)) in year_spans(from, to).into_iter().enumerate() {
            if index > 0 {
                std::thread::sleep(PAUSE);
            }
            kept.extend(self.months(from, to)?);
        }
        Ok(kept)
    }

    /// The days `from` to `to` of one request for their months.
    fn months(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(&self.base_url, "getDataCode", &query(from, to));
        let get = Get {
            url: &url,
            accept: "application/json",
            headers: &[],
            explain: Some(Explain::Refusal(explain)),
        };
        let body = self.http.get_with(&get)?;
        let days = self
            .selection
            .keep(&url, parse(&body, self.today, from, to))?;
        log::info!("{url}: {} days", days.len());
        Ok(days)
    }
}

impl Provider for Boj<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// The query of the months of `from` to `to`, as sent.
pub fn query(from: NaiveDate, to: NaiveDate) -> String {
    let codes: Vec<&str> = SERIES.iter().map(|(code, ..)| *code).collect();
    format!(
        "format=json&lang=en&db=FM08&code={}&startDate={:04}{:02}&endDate={:04}{:02}",
        codes.join(","),
        from.year(),
        from.month(),
        to.year(),
        to.month()
    )
}

/// Parses an answer for the days `from` to `to`, asked on `today`: a day
/// per date with a value in either series, oldest first, each figure in
/// the direction its `UNIT` prints; the days of the months asked outside
/// `from..=to` are left out. `M181030I` is nothing published.
///
/// Refuses an answer that is not the expected JSON, a `STATUS` other than
/// 200 (quoting the Bank's message and id), a `NEXTPOSITION`, a series
/// unknown, repeated, missing or of another `UNIT`, dates and values of
/// different counts, a date that is malformed, out of order, outside the
/// months asked or the window of [`check_published_day`], and a value
/// that is not a positive number.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    let answer: Answer = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    if answer.status != 200 {
        return Err(refusal(&answer.message, &answer.message_id));
    }
    if answer.message_id == NO_DATA {
        return Ok(Vec::new());
    }
    if let Some(next) = answer.next.filter(|next| !next.is_null()) {
        return Err(format!(
            "the answer continues at NEXTPOSITION {next}: not read"
        ));
    }
    let mut days: BTreeMap<NaiveDate, Vec<Published>> = BTreeMap::new();
    for (code, unit, base, quote) in SERIES {
        let mut found = answer.results.iter().filter(|series| series.code == code);
        let series = found
            .next()
            .ok_or_else(|| format!("series {code} is missing from the answer"))?;
        if found.next().is_some() {
            return Err(format!("series {code} appears twice"));
        }
        if series.unit != unit {
            return Err(format!(
                "series {code}: unit {:?}, expected {unit:?}",
                series.unit
            ));
        }
        for (day, figure) in observations(series, today, from, to)? {
            days.entry(day)
                .or_default()
                .push(Published::new(base, quote, figure));
        }
    }
    if let Some(other) = answer
        .results
        .iter()
        .find(|series| !SERIES.iter().any(|(code, ..)| *code == series.code))
    {
        return Err(format!("unknown series {:?}", other.code));
    }
    days.into_iter()
        .map(|(day, rates)| DayRates::new(day, USD, rates))
        .collect()
}

/// The values of one series within `from..=to`, by day, nulls left out.
fn observations(
    series: &SeriesAnswer,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, crate::model::Rate)>, String> {
    let code = &series.code;
    let Observations { dates, values } = &series.values;
    if dates.len() != values.len() {
        return Err(format!(
            "series {code}: {} dates and {} values",
            dates.len(),
            values.len()
        ));
    }
    let mut kept = Vec::new();
    let mut previous: Option<NaiveDate> = None;
    for (number, value) in dates.iter().zip(values) {
        let day = survey_date(*number)
            .ok_or_else(|| format!("series {code}: invalid date {number} (expected YYYYMMDD)"))?;
        if previous.is_some_and(|previous| day <= previous) {
            return Err(format!("series {code}: day {day} repeated or out of order"));
        }
        previous = Some(day);
        // A day not yet published is listed, null: only a value is dated.
        if value.get() != "null" {
            check_published_day(day, INFO.first_day, today)?;
        }
        check_asked(day, first_of_month(from), last_of_month(to))?;
        if value.get() == "null" || day < from || day > to {
            continue;
        }
        let figure = json::rate(value).map_err(|err| format!("day {day}, {code}: {err}"))?;
        kept.push((day, figure));
    }
    Ok(kept)
}

/// A survey date, `20260302`, as its day.
fn survey_date(number: u32) -> Option<NaiveDate> {
    if !(10_000_000..=99_999_999).contains(&number) {
        return None;
    }
    NaiveDate::from_ymd_opt((number / 10_000) as i32, number / 100 % 100, number % 100)
}

/// The Bank's refusal of a request, in one line.
fn refusal(message: &str, id: &str) -> String {
    format!("the Bank refused the request: {} ({id})", message.trim())
}

/// The Bank's message and id, if the body is its JSON error answer.
fn explain(body: &[u8]) -> Option<String> {
    let answer: ErrorAnswer = serde_json::from_slice(body).ok()?;
    Some(format!("{} ({})", answer.message.trim(), answer.message_id))
}

#[cfg(test)]
mod tests;
