//! Open Exchange Rates: rates against the US dollar (any base on paid
//! plans), every day of the week, for an app id.
//!
//! `GET {base}/latest.json` and `{base}/historical/YYYY-MM-DD.json`, with
//! `app_id=`, `base=` and `symbols=` in the query. An answer has no date: the
//! rates are for the UTC date of its `timestamp`. A range costs one request
//! per day, with a progress bar when stderr is a terminal.
//!
//! The app id is a secret: it travels in the query, and is hidden wherever
//! text leaves the program ([`crate::secrets`]).

use chrono::{DateTime, NaiveDate};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json::{self, Entries, Raw};
use super::{
    DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Secret, Selection,
    Setting, SettingKind, Week,
};
use crate::error::Error;
use crate::http::{Explain, Get, HttpClient, Sent};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, check_published_day};

/// Open Exchange Rates' entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "oxr",
    publisher: "Open Exchange Rates",
    default_url: "https://openexchangerates.org/api",
    home: Home::AnyBase(CurrencyCode::USD),
    settings: &[APP_ID],
    release: Release::Daily,
    week: Week::EveryDay,
    closure: 0,
    figures: Figures::Blended,
    about: "a commercial blend, against USD (any base on paid plans); needs an app id",
    first_day: date(1999, 1, 1),
    dated_ahead: 0,
    sparse: false,
    terms: "https://openexchangerates.org/terms",
    described: Described {
        printed: "`1 USD = 0.93 EUR`",
        history: "",
        published: "hourly snapshots",
        per_request: "one day",
        used_for: "a commercial blend of ~170 currencies",
        requests: "`/latest.json`, `/historical/YYYY-MM-DD.json`",
        nothing_published: "never (every day has rates)",
        cron: None,
    },
    build: |setup| {
        Box::new(Oxr::new(
            setup.http,
            setup.url,
            setup.secret(&APP_ID),
            setup.selection,
            setup.today,
            setup.progress,
        ))
    },
};

/// The app id: a secret, required.
const APP_ID: Setting = Setting {
    flag: "oxr-app-id",
    env: "FXRATES_OXR_APP_ID",
    what: "an app id",
    help: "",
    value_name: "SECRET",
    kind: SettingKind::Secret,
    sent: Sent::Query("app_id"),
    check: Setting::any,
};

const ACCEPT: &str = "application/json";

/// An Open Exchange Rates app id.
pub type AppId = Secret;

/// The OXR provider below one base URL.
#[derive(Debug)]
pub struct Oxr<'a> {
    http: &'a HttpClient,
    base_url: String,
    app_id: AppId,
    selection: Selection,
    today: NaiveDate,
    progress: bool,
}

/// `{"disclaimer":…,"license":…,"timestamp":1522749600,"base":"USD","rates":{…}}`
#[derive(Debug, Deserialize)]
struct Answer {
    timestamp: i64,
    base: String,
    rates: Entries<Raw>,
}

/// `{"error":true,"status":401,"message":"invalid_app_id","description":"…"}`
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    message: String,
    description: Option<String>,
}

impl<'a> Oxr<'a> {
    /// A provider reading `{base_url}/…` with `app_id`, for a run on `today`
    /// (UTC), keeping what `selection` asks for. `progress` draws a bar over
    /// a range of days.
    pub fn new(
        http: &'a HttpClient,
        base_url: &str,
        app_id: AppId,
        selection: Selection,
        today: NaiveDate,
        progress: bool,
    ) -> Self {
        Oxr {
            http,
            base_url: base_url.to_owned(),
            app_id,
            selection,
            today,
            progress,
        }
    }

    /// The URL of `path` with the query.
    fn url(&self, path: &str) -> String {
        let mut rest = String::new();
        if let Some(base) = self.selection.base {
            rest.push_str(&format!("&base={base}"));
        }
        if let Some(symbols) = self.selection.symbols_query() {
            rest.push('&');
            rest.push_str(&symbols);
        }
        let app_id = APP_ID.sent.query_pair(self.app_id.expose());
        endpoint(&self.base_url, path, &format!("{app_id}{rest}"))
    }

    /// `error`, or the usage error it is when the answer refuses `--base`.
    fn refusing_base(&self, error: Error) -> Error {
        match (error, self.selection.base) {
            (Error::Http { url, reason }, Some(base))
                if reason.contains("access_restricted") || reason.contains("invalid_base") =>
            {
                Error::Usage(format!(
                    "oxr cannot quote against --base {base}: {url}: {reason}"
                ))
            }
            (error, _) => error,
        }
    }

    /// One answer: the day it holds, checked to be `expected` when given.
    fn day(&self, path: &str, expected: Option<NaiveDate>) -> Result<DayRates, Error> {
        let url = self.url(path);
        let body = self
            .http
            .get_with(&Get {
                url: &url,
                accept: ACCEPT,
                headers: &[],
                explain: Some(Explain::Says(explain)),
            })
            .map_err(|err| self.refusing_base(err))?;
        self.parse(&body, expected)
            .map_err(|reason| Error::InvalidData { url, reason })
    }

    fn parse(&self, body: &[u8], expected: Option<NaiveDate>) -> Result<DayRates, String> {
        self.selection.apply(parse(body, self.today, expected)?)
    }
}

impl Provider for Oxr<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let historical = |day: NaiveDate| self.day(&format!("historical/{day}.json"), Some(day));
        let (from, to) = match request {
            DayRequest::Latest => return Ok(vec![self.day("latest.json", None)?]),
            DayRequest::Day(day) if day < INFO.first_day => return Ok(Vec::new()),
            DayRequest::Day(day) => return Ok(vec![historical(day)?]),
            DayRequest::Range { from, to } => (from.max(INFO.first_day), to),
        };
        let count = (to - from).num_days() + 1;
        let bar = progress_bar(INFO.name, self.progress, u64::try_from(count).unwrap_or(0));
        let mut days = Vec::new();
        for day in from.iter_days().take_while(|day| *day <= to) {
            bar.set_message(day.to_string());
            let fetched = historical(day);
            bar.inc(1);
            days.push(fetched.inspect_err(|_| bar.abandon())?);
        }
        bar.finish_and_clear();
        Ok(days)
    }

    fn revises_newest_day(&self) -> bool {
        true
    }
}

/// Parses an answer for a run on `today`: the day of its timestamp,
/// checked to be `expected` when given, validated, every quote kept. An
/// error object, even one sent with status 200, is refused with its message.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    expected: Option<NaiveDate>,
) -> Result<DayRates, String> {
    let answer: Answer = serde_json::from_slice(body).map_err(|err| {
        // An error object sent with status 200 is still an error.
        explain(body).unwrap_or_else(|| json::describe(&err))
    })?;
    let date = DateTime::from_timestamp(answer.timestamp, 0)
        .map(|at| at.date_naive())
        .ok_or_else(|| format!("timestamp {} is not a valid time", answer.timestamp))?;
    check_published_day(date, INFO.first_day, today)
        .map_err(|err| format!("timestamp {}: {err}", answer.timestamp))?;
    if let Some(expected) = expected.filter(|expected| *expected != date) {
        return Err(format!(
            "asked for {expected}, the answer is for {date} (timestamp {})",
            answer.timestamp
        ));
    }
    let base = answer.base.parse().map_err(|err| format!("base: {err}"))?;
    json::day_rates(date, base, &answer.rates)
}

/// Whether a backfill of `days` days draws a progress bar: only for more
/// than one day, when stderr is a terminal and the run is not `--quiet`.
pub fn shows_progress(stderr_is_terminal: bool, quiet: bool) -> bool {
    stderr_is_terminal && !quiet
}

/// The bar of a backfill of `days` days, one request each, from the
/// provider `name`; hidden unless `show` and more than one day.
pub(super) fn progress_bar(name: &'static str, show: bool, days: u64) -> ProgressBar {
    if !show || days < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(days).with_prefix(name);
    if let Ok(style) =
        ProgressStyle::with_template("{prefix}: [{bar:30}] {pos}/{len} days ({msg}), {eta} left")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// The days of `from..=to` fetched one request each, oldest first, by
/// `fetch` (none: nothing published that day), under the bar of
/// [`progress_bar`]: the loop of every provider asked for one day a
/// request.
pub(super) fn each_day<Days: IntoIterator<Item = DayRates>>(
    name: &'static str,
    show: bool,
    from: NaiveDate,
    to: NaiveDate,
    mut fetch: impl FnMut(NaiveDate) -> anyhow::Result<Days>,
) -> anyhow::Result<Vec<DayRates>> {
    let count = u64::try_from((to - from).num_days() + 1).unwrap_or(0);
    let bar = progress_bar(name, show, count);
    let mut days = Vec::new();
    for day in from.iter_days().take_while(|day| *day <= to) {
        bar.set_message(day.to_string());
        let fetched = fetch(day);
        bar.inc(1);
        days.extend(fetched.inspect_err(|_| bar.abandon())?);
    }
    bar.finish_and_clear();
    Ok(days)
}

/// OXR's error object as `invalid_app_id: Invalid App ID provided…`.
fn explain(body: &[u8]) -> Option<String> {
    let answer: ErrorAnswer = serde_json::from_slice(body).ok()?;
    Some(match answer.description {
        Some(description) if !description.is_empty() => {
            format!("{}: {description}", answer.message)
        }
        _ => answer.message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_is_drawn_only_on_a_terminal_and_never_when_quiet() {
        assert!(shows_progress(true, false));
        assert!(!shows_progress(false, false));
        assert!(!shows_progress(true, true));
        assert!(progress_bar("oxr", false, 30).is_hidden());
        assert!(progress_bar("oxr", true, 1).is_hidden());
    }

    #[test]
    fn an_app_id_never_shows_in_debug_output() {
        let id = AppId::new("sentinel-4f2a");
        assert_eq!(format!("{id:?}"), "Secret(***)");
        assert_eq!(id.expose(), "sentinel-4f2a");
    }

    #[test]
    fn error_objects_give_message_and_description() {
        let body = br#"{"error":true,"status":401,"message":"invalid_app_id","description":"Invalid App ID provided."}"#;
        assert_eq!(
            explain(body).as_deref(),
            Some("invalid_app_id: Invalid App ID provided.")
        );
        assert_eq!(explain(b"<html></html>"), None);
    }
}
