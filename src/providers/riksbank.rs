//! Sveriges Riksbank: the daily fixing rates of its SWEA API, SEK per 1
//! unit of each foreign currency.
//!
//! `GET {base}/Observations/ByGroup/130/{from}/{to}` answers a range of
//! group 130 (the exchange rates), at most one year per request (the API's
//! documented limit), so a range is asked for in spans of at most 365 days;
//! the group endpoints allow five calls a minute, so a long backfill waits
//! before a sixth call within a minute. `GET
//! {base}/Observations/Latest/ByGroup/130` answers the latest observation
//! of every series of the group: closed series (ATS, BEF, …) come with
//! their last, years-old date, so only the newest day is kept.
//!
//! The answer is a JSON array of `{"seriesId","date","value"}`, `value` a
//! JSON number read from its text (`6.5` stays `6.5`). `SEK{ISO}PMI` is
//! `1 ISO = value SEK`: stored as base ISO, quote SEK, unit 1 (the
//! Riksbank's web pages price some currencies per 100; this API does not).
//! A series not named `SEK???PMI` is not a currency rate (`SEKETT`, the
//! krona against itself at 1) and is skipped by that rule.
//!
//! A window without publication (a weekend, a morning before the fixing)
//! is answered `204 No Content`, as the API's OpenAPI description documents
//! for every observations endpoint, or `200` with an empty array `[]`, as
//! the API also answers: both are "nothing published". Any other 200 answer
//! must hold currency rates, and the latest answer always must.
//!
//! Most series start on 1993-01-04; fxrates asks from 1999-01-04. Nasdaq
//! Stockholm fixes the rates at 10:05 Stockholm time and the Riksbank
//! publishes them at about 12:10 (10:10 UTC in summer, 11:10 in winter)
//! each Swedish banking day.

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json::{self, Entries, Raw};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, spans,
};
use crate::error::Error;
use crate::http::{Explain, Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, check_published_day, parse_date};

/// The Sveriges Riksbank's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "riksbank",
    publisher: "Sveriges Riksbank",
    default_url: "https://api.riksbank.se/swea/v1",
    home: Home::Fixed(SEK),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 3,
    figures: Figures::Official,
    about: "daily fixing rates, SEK per 1 unit of foreign currency",
    first_day: date(1993, 1, 4),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.riksbank.se/en-gb/statistics/",
    described: Described {
        printed: "`1 USD = 9.35344 SEK`",
        history: "",
        published: "~11:10 (12:10 Stockholm)",
        per_request: "a year (365 days), 5 a minute",
        used_for: "Swedish accounting and tax: the Riksbank's daily rate",
        requests: "`/Observations/ByGroup/130/{from}/{to}`; latest `/Observations/Latest/ByGroup/130`",
        nothing_published: "HTTP 204, or `[]`, for a range",
        cron: Some(CronLine {
            schedule: "0 13 * * 1-5",
            why: "Riksbank, around 12:10 Stockholm time",
        }),
    },
    build: |setup| {
        Box::new(Riksbank {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

const SEK: CurrencyCode = CurrencyCode::from_static(b"SEK");

/// The exchange-rate group.
const GROUP: u32 = 130;

/// The most days one request may span: the API returns at most a year.
const MAX_SPAN_DAYS: u64 = 365;

/// The calls the group endpoints allow per minute.
const CALLS_PER_MINUTE: usize = 5;

/// The Riksbank provider below one base URL.
#[derive(Debug)]
pub struct Riksbank<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

/// An error body: ASP.NET's problem details, or the gateway's
/// `{"statusCode":429,"message":"Try again in 37 seconds."}`.
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    title: Option<String>,
    detail: Option<String>,
    message: Option<String>,
}

impl Riksbank<'_> {
    /// The days of one request for `path`, validated, within `asked` when a
    /// range was asked for, and reduced to the selection.
    fn download(
        &self,
        path: &str,
        asked: Option<(NaiveDate, NaiveDate)>,
    ) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(&self.base_url, path, "");
        let get = Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: Some(Explain::Says(explain)),
        };
        let Some(body) = self.http.get_unless(&get, 204)? else {
            log::info!("{url}: nothing published");
            return Ok(Vec::new());
        };
        let days = self.selection.keep(&url, parse(&body, self.today, asked))?;
        log::info!("{url}: {} days", days.len());
        Ok(days)
    }
}

impl Provider for Riksbank<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = match request {
            DayRequest::Latest => {
                let path = format!("Observations/Latest/ByGroup/{GROUP}");
                let days = self.download(&path, None)?;
                if days.is_empty() {
                    return Err(Error::InvalidData {
                        url: endpoint(&self.base_url, &path, ""),
                        reason: "the answer holds no day of rates".to_owned(),
                    }
                    .into());
                }
                return Ok(days);
            }
            DayRequest::Day(day) => (day, day),
            DayRequest::Range { from, to } => (from, to),
        };
        // The API has days from 1993; fxrates stores none before its first.
        let from = from.max(INFO.first_day);
        let mut days = Vec::new();
        let mut sent = VecDeque::with_capacity(CALLS_PER_MINUTE);
        for (from, to) in spans(from, to, MAX_SPAN_DAYS) {
            pace(&mut sent);
            let path = format!("Observations/ByGroup/{GROUP}/{from}/{to}");
            days.extend(self.download(&path, Some((from, to)))?);
        }
        Ok(days)
    }
}

/// Waits, when the last [`CALLS_PER_MINUTE`] calls all fell within a
/// minute, until the oldest of them is a minute old; then notes this call.
fn pace(sent: &mut VecDeque<Instant>) {
    const MINUTE: Duration = Duration::from_secs(60);
    if sent.len() == CALLS_PER_MINUTE {
        if let Some(oldest) = sent.pop_front() {
            let wait = MINUTE.saturating_sub(oldest.elapsed());
            if !wait.is_zero() {
                log::info!(
                    "the Riksbank allows {CALLS_PER_MINUTE} calls a minute: waiting {}s",
                    wait.as_secs()
                );
                std::thread::sleep(wait);
            }
        }
    }
    sent.push_back(Instant::now());
}

/// Parses an observations answer for a run on `today`. With `asked` (a
/// range), every day must lie within it and all are returned, oldest
/// first, none for an empty array (nothing published); without (the
/// latest answer), only the newest day is kept.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    asked: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<DayRates>, String> {
    let rows: Vec<Entries<Raw>> =
        serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    if rows.is_empty() && asked.is_some() {
        return Ok(Vec::new());
    }
    let mut days: BTreeMap<NaiveDate, Vec<Published>> = BTreeMap::new();
    for row in &rows {
        let [series, date, value] = fields(row, ["seriesId", "date", "value"])?;
        let series: String = serde_json::from_str(series.get())
            .map_err(|_| format!("invalid seriesId {} (expected a string)", series.get()))?;
        let date: String = serde_json::from_str(date.get())
            .map_err(|_| format!("{series}: invalid date {} (expected a string)", date.get()))?;
        let date = parse_date(&date).map_err(|err| format!("{series}: {err}"))?;
        // Only SEK???PMI series are rates; the rest of the group is not.
        let Some(currency) = series_currency(&series) else {
            continue;
        };
        if let Some((from, to)) = asked {
            check_published_day(date, INFO.first_day, today)?;
            check_asked(date, from, to)?;
        }
        let rate = json::rate(value).map_err(|err| format!("day {date}, {currency}: {err}"))?;
        days.entry(date)
            .or_default()
            .push(Published::new(currency, SEK, rate));
    }
    if asked.is_none() {
        // The latest answer dates each series by its own last observation:
        // closed series come with old dates, dropped here unchecked.
        let newest = days.pop_last();
        days.clear();
        days.extend(newest);
        if let Some(date) = days.keys().next() {
            check_published_day(*date, INFO.first_day, today)?;
        }
    }
    if days.is_empty() {
        return Err("the answer holds no currency rate".to_owned());
    }
    days.into_iter()
        .map(|(date, rates)| DayRates::new(date, SEK, rates))
        .collect()
}

/// The values of the keys `names` of one row, each present once, and no
/// other key: a changed row is a changed format.
fn fields<'a, const N: usize>(
    row: &'a Entries<Raw>,
    names: [&str; N],
) -> Result<[&'a Raw; N], String> {
    let mut values: [Option<&Raw>; N] = [None; N];
    for (key, raw) in &row.0 {
        let Some(i) = names.iter().position(|name| *name == key.as_str()) else {
            return Err(format!("unexpected key {key:?} in an observation"));
        };
        if values[i].replace(raw).is_some() {
            return Err(format!("an observation holds {key} twice"));
        }
    }
    let mut out = Vec::with_capacity(N);
    for (name, value) in names.iter().zip(values) {
        out.push(value.ok_or_else(|| format!("an observation lacks {name}"))?);
    }
    out.try_into()
        .map_err(|_| "an observation lacks a field".to_owned())
}

/// The currency of a series id `SEK{ISO}PMI`, if `series` is one.
fn series_currency(series: &str) -> Option<CurrencyCode> {
    series
        .strip_prefix("SEK")?
        .strip_suffix("PMI")?
        .parse()
        .ok()
}

/// What an error body says, if it is one of the API's.
fn explain(body: &[u8]) -> Option<String> {
    let answer: ErrorAnswer = serde_json::from_slice(body).ok()?;
    let said: Vec<String> = [answer.title, answer.detail, answer.message]
        .into_iter()
        .flatten()
        .filter(|text| !text.trim().is_empty())
        .collect();
    (!said.is_empty()).then(|| said.join(": "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../tests/fixtures/riksbank/2026-03-24-2026-03-28.json");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn parse_str(text: &str) -> Result<Vec<DayRates>, String> {
        parse(
            text.as_bytes(),
            day("2026-03-29"),
            Some((day("2026-03-24"), day("2026-03-28"))),
        )
    }

    fn rejected(rows: &str) -> String {
        parse_str(&format!("[{rows}]")).expect_err("document accepted")
    }

    fn shown(day: &DayRates) -> Vec<String> {
        day.rates().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_recorded_week_parses_to_the_printed_digits() {
        let days = parse_str(SAMPLE).expect("valid");
        let dates: Vec<String> = days.iter().map(|d| d.date().to_string()).collect();
        assert_eq!(
            dates,
            ["2026-03-24", "2026-03-25", "2026-03-26", "2026-03-27"]
        );
        // 30 series a day, SEKETT not a currency.
        assert!(
            days.iter()
                .all(|d| d.rates().len() == 29 && d.home() == SEK)
        );
        let first = shown(&days[0]);
        for expected in [
            "1 AUD = 6.5 SEK",
            "1 USD = 9.35344 SEK",
            "1 EUR = 10.8238 SEK",
            "1 IDR = 0.00055 SEK",
            "1 JPY = 0.05885 SEK",
            "1 SGD = 7.304 SEK",
        ] {
            assert!(
                first.contains(&expected.to_owned()),
                "{expected}: {first:?}"
            );
        }
        assert!(days[0].rates().iter().all(|r| r.base.as_str() != "ETT"));
        assert!(shown(&days[3]).contains(&"1 AUD = 6.5017 SEK".to_owned()));
    }

    /// Regression: a weekend's `200 []` was refused as invalid data, so
    /// that every weekend run failed.
    #[test]
    fn an_empty_array_for_a_range_is_nothing_published() {
        assert_eq!(parse_str("[]"), Ok(Vec::new()));
        assert_eq!(parse_str(" [ ]\n"), Ok(Vec::new()));
    }

    #[test]
    fn an_empty_body_an_empty_latest_answer_and_no_currency_are_refused() {
        assert!(parse_str("").is_err());
        assert_eq!(
            parse(b"[]", day("2026-03-29"), None),
            Err("the answer holds no currency rate".to_owned())
        );
        let only_ett = r#"{"seriesId":"SEKETT","date":"2026-03-24","value":1}"#;
        assert_eq!(rejected(only_ett), "the answer holds no currency rate");
    }

    #[test]
    fn the_latest_answer_keeps_the_newest_day_only() {
        let latest = r#"[
            {"seriesId":"SEKATSPMI","date":"1998-12-30","value":0.6741},
            {"seriesId":"SEKEURPMI","date":"2026-03-27","value":10.8315},
            {"seriesId":"SEKETT","date":"2026-03-27","value":1},
            {"seriesId":"SEKRUBPMI","date":"2022-02-25","value":0.1136},
            {"seriesId":"SEKUSDPMI","date":"2026-03-27","value":9.40210}
        ]"#;
        let days = parse(latest.as_bytes(), day("2026-03-27"), None).expect("valid");
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].date(), day("2026-03-27"));
        assert_eq!(
            shown(&days[0]),
            ["1 EUR = 10.8315 SEK", "1 USD = 9.40210 SEK"]
        );
        let future = r#"[{"seriesId":"SEKUSDPMI","date":"2026-03-30","value":9.4}]"#;
        let err = parse(future.as_bytes(), day("2026-03-27"), None).expect_err("future");
        assert_eq!(err, "day 2026-03-30 is in the future");
    }

    #[test]
    fn truncated_html_and_reshaped_documents_are_refused() {
        let cut = &SAMPLE[..SAMPLE.len() * 2 / 3];
        assert!(parse_str(cut).expect_err("cut").contains("ends early"));
        let html = parse_str("<html><body>Request Rejected</body></html>").expect_err("html");
        assert!(html.starts_with("not JSON"), "{html}");
        for (text, expected) in [
            (
                r#"{"seriesId":"SEKUSDPMI"}"#,
                "not the expected JSON document",
            ),
            (
                r#"[["SEKUSDPMI","2026-03-24",9.35]]"#,
                "not the expected JSON document",
            ),
        ] {
            let err = parse_str(text).expect_err(text);
            assert!(err.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn bad_rows_are_refused_naming_the_day_and_currency() {
        let cases = [
            (
                r#"{"seriesId":"SEKUSDPMI","date":"2026-03-24","value":-1}"#,
                "day 2026-03-24, USD: invalid rate -1",
            ),
            (
                r#"{"seriesId":"SEKUSDPMI","date":"2026-03-24","value":0}"#,
                "USD: invalid rate \"0\" (a rate must be greater than zero)",
            ),
            (
                r#"{"seriesId":"SEKUSDPMI","date":"2026-03-24","value":NaN}"#,
                "not JSON",
            ),
            (
                r#"{"seriesId":"SEKUSDPMI","date":"2026-03-24","value":1e999}"#,
                "USD: invalid rate 1e999",
            ),
            (
                r#"{"seriesId":"SEKUSDPMI","date":"2026-03-24","value":"9.35"}"#,
                "USD: invalid rate \"9.35\" (expected a number)",
            ),
            (
                r#"{"seriesId":"SEKUSDPMI","date":"2026-03-24","value":null}"#,
                "USD: invalid rate null",
            ),
            (
                r#"{"seriesId":"SEKUSDPMI","date":"2026-03-24"}"#,
                "an observation lacks value",
            ),
            (
                r#"{"seriesId":"SEKUSDPMI","date":"2026-03-24","value":9.3,"unit":1}"#,
                "unexpected key \"unit\"",
            ),
            (
                r#"{"seriesId":"SEKUSDPMI","date":"2026-03-24","value":9.3,"value":9.4}"#,
                "holds value twice",
            ),
            (
                r#"{"seriesId":42,"date":"2026-03-24","value":9.3}"#,
                "invalid seriesId 42",
            ),
            (
                r#"{"seriesId":"SEKUSDPMI","date":"24.03.2026","value":9.3}"#,
                "SEKUSDPMI: invalid date \"24.03.2026\"",
            ),
            (
                r#"{"seriesId":"SEKUSDPMI","date":"2026-03-31","value":9.3}"#,
                "day 2026-03-31 is in the future",
            ),
            (
                r#"{"seriesId":"SEKUSDPMI","date":"2026-03-23","value":9.3}"#,
                "day 2026-03-23 is outside the days asked for (2026-03-24..2026-03-28)",
            ),
            (
                r#"{"seriesId":"SEKUSDPMI","date":"1992-12-30","value":9.3}"#,
                "before the first reference rates",
            ),
            (
                r#"{"seriesId":"SEKUSDPMI","date":"2026-03-24","value":9.3},{"seriesId":"SEKUSDPMI","date":"2026-03-24","value":9.4}"#,
                "day 2026-03-24: currency USD appears twice",
            ),
        ];
        for (rows, expected) in cases {
            let err = rejected(rows);
            assert!(err.contains(expected), "{rows}: {err}");
        }
    }

    #[test]
    fn only_sek_iso_pmi_series_are_rates() {
        assert_eq!(
            series_currency("SEKUSDPMI").map(|c| c.to_string()),
            Some("USD".into())
        );
        for other in [
            "SEKETT",
            "SEKSDR",
            "SEKKIX92",
            "SEKUSDFO3MFIX",
            "SEKusdPMI",
            "SECBREPOEFF",
        ] {
            assert_eq!(series_currency(other), None, "{other}");
        }
    }

    #[test]
    fn error_bodies_give_their_message() {
        let limited = br#"{"statusCode":429,"message":"Try again in 37 seconds."}"#;
        assert_eq!(
            explain(limited).as_deref(),
            Some("Try again in 37 seconds.")
        );
        let problem = br#"{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.1","title":"Bad Request","status":400,"detail":"Invalid date"}"#;
        assert_eq!(
            explain(problem).as_deref(),
            Some("Bad Request: Invalid date")
        );
        assert_eq!(explain(b"<html>502</html>"), None);
        assert_eq!(explain(b"{}"), None);
    }

    #[test]
    fn five_calls_go_at_once_and_a_minute_old_call_makes_room() {
        let mut sent = VecDeque::new();
        let started = Instant::now();
        for _ in 0..CALLS_PER_MINUTE {
            pace(&mut sent);
        }
        assert!(started.elapsed() < Duration::from_secs(1));
        assert_eq!(sent.len(), CALLS_PER_MINUTE);
        // A minute-old call makes room without waiting.
        if let Some(oldest) = sent.front_mut() {
            *oldest = Instant::now()
                .checked_sub(Duration::from_secs(61))
                .expect("a minute ago");
        }
        pace(&mut sent);
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
