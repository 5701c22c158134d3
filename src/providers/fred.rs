//! The Federal Reserve Board's H.10 exchange rates, read from FRED, the
//! St. Louis Fed's data API: the noon buying rates in New York, one series
//! per currency.
//!
//! `GET {base}/series/observations?series_id=DEXJPUS&observation_start=…&observation_end=…&file_type=json&api_key=…`
//! answers one series: `{"observations":[{"date","value"}…]}`, `value` the
//! figure as text, `"."` on a day without one. [`SERIES`] is the fixed
//! table of the H.10's daily series, each with its currency and direction:
//! most price one US dollar in the foreign currency (`DEXJPUS`: `1 USD =
//! 157.48 JPY`), four price the foreign currency in dollars (`DEXUSEU`:
//! `1 EUR = 1.169 USD`; `DEXUSUK`, `DEXUSAL`, `DEXUSNZ`). Each is stored in
//! its own direction, as printed, against the home currency USD.
//!
//! One request per series asked for (every series, or those of
//! `--symbols`), each for the whole range. A day on which every series
//! says `"."` (a US holiday) is nothing published. The latest day is the
//! newest day with a value in the last [`LATEST_DAYS`] days.
//!
//! The Board releases the H.10 weekly, on Mondays, with the days of the
//! week before; FRED has them the same afternoon. The API key is a secret:
//! it travels in the query, and is hidden wherever text leaves the program
//! ([`crate::secrets`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Secret, Selection,
    Setting, SettingKind,
};
use super::{Release, Week, check_asked};
use crate::error::Error;
use crate::http::{Explain, Get, HttpClient, Sent};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate};
use crate::model::{check_published_day, parse_date};

/// FRED's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "fred",
    publisher: "Federal Reserve Board, H.10 (through FRED, St. Louis Fed)",
    default_url: "https://api.stlouisfed.org/fred",
    home: Home::Fixed(CurrencyCode::USD),
    settings: &[API_KEY],
    release: Release::Weekly(chrono::Weekday::Mon),
    week: Week::Weekdays,
    closure: 0,
    figures: Figures::Official,
    about: "noon buying rates in New York, against USD, released weekly; needs a free API key",
    first_day: date(1971, 1, 4),
    dated_ahead: 0,
    sparse: false,
    terms: "https://fred.stlouisfed.org/docs/api/terms_of_use.html",
    described: Described {
        printed: "`1 USD = 157.48 JPY`; `1 EUR = 1.169 USD` (AUD, EUR, GBP, NZD)",
        history: "most series; some start later",
        published: "weekly: Mondays ~21:15 (16:15 New York), the week before",
        per_request: "one series, any range",
        used_for: "US accounting and customs: the Fed's noon buying rates in New York",
        requests: "`/series/observations?series_id=DEXJPUS&observation_start=…&observation_end=…&file_type=json&api_key=…`, one per series; latest: the last 28 days",
        nothing_published: r#"every value `"."`, or no observation"#,
        cron: Some(CronLine {
            schedule: "45 22 * * 1",
            why: "Fed H.10 through FRED, released on Mondays at 16:15 New York time (22:15 here) with the week before; needs FXRATES_FRED_API_KEY",
        }),
    },
    build: |setup| {
        Box::new(Fred {
            http: setup.http,
            base_url: setup.url.to_owned(),
            api_key: setup.secret(&API_KEY),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The API key: a secret, required.
const API_KEY: Setting = Setting {
    flag: "fred-api-key",
    env: "FXRATES_FRED_API_KEY",
    what: "an API key",
    help: "",
    value_name: "SECRET",
    kind: SettingKind::Secret,
    sent: Sent::Query("api_key"),
    check: Setting::any,
};

/// The endpoint of a series' observations, below the base URL.
const OBSERVATIONS: &str = "series/observations";

/// Which way a series prices its currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `1 USD = value` of the currency (`DEXJPUS`).
    PerDollar,
    /// `1` of the currency `= value USD` (`DEXUSEU`).
    InDollars,
}

/// The H.10's daily series: id, currency, direction. Requests go in this
/// order, and a day's rates are kept in it.
pub const SERIES: [(&str, CurrencyCode, Direction); 22] = {
    use Direction::{InDollars, PerDollar};
    let code = CurrencyCode::from_static;
    [
        ("DEXUSAL", code(b"AUD"), InDollars),
        ("DEXBZUS", code(b"BRL"), PerDollar),
        ("DEXCAUS", code(b"CAD"), PerDollar),
        ("DEXCHUS", code(b"CNY"), PerDollar),
        ("DEXDNUS", code(b"DKK"), PerDollar),
        ("DEXUSEU", CurrencyCode::EUR, InDollars),
        ("DEXHKUS", code(b"HKD"), PerDollar),
        ("DEXINUS", code(b"INR"), PerDollar),
        ("DEXJPUS", code(b"JPY"), PerDollar),
        ("DEXKOUS", code(b"KRW"), PerDollar),
        ("DEXMAUS", code(b"MYR"), PerDollar),
        ("DEXMXUS", code(b"MXN"), PerDollar),
        ("DEXUSNZ", code(b"NZD"), InDollars),
        ("DEXNOUS", code(b"NOK"), PerDollar),
        ("DEXSIUS", code(b"SGD"), PerDollar),
        ("DEXSFUS", code(b"ZAR"), PerDollar),
        ("DEXSLUS", code(b"LKR"), PerDollar),
        ("DEXSDUS", code(b"SEK"), PerDollar),
        ("DEXSZUS", code(b"CHF"), PerDollar),
        ("DEXTAUS", code(b"TWD"), PerDollar),
        ("DEXTHUS", code(b"THB"), PerDollar),
        ("DEXUSUK", code(b"GBP"), InDollars),
    ]
};

/// How many days back the latest day is looked for: a weekly release
/// leaves the newest day up to ten days old, a holiday a few more.
const LATEST_DAYS: u64 = 28;

/// The FRED provider below one base URL.
#[derive(Debug)]
pub struct Fred<'a> {
    http: &'a HttpClient,
    base_url: String,
    api_key: Secret,
    selection: Selection,
    today: NaiveDate,
}

/// `{"units":"lin",…,"observations":[{"date":"2026-03-02","value":"157.48"},…]}`
#[derive(Debug, Deserialize)]
struct Answer {
    units: Option<String>,
    observations: Vec<Observation>,
}

#[derive(Debug, Deserialize)]
struct Observation {
    date: String,
    value: String,
}

/// `{"error_code":400,"error_message":"Bad Request.  …"}`
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    error_message: String,
}

impl Fred<'_> {
    /// The series `--symbols` asks for (all without it), or the usage error
    /// naming a currency the H.10 does not have.
    fn series(&self) -> Result<Vec<(&'static str, CurrencyCode, Direction)>, Error> {
        self.selection
            .of_table(&SERIES, |(_, code, _)| *code, "the H.10")
    }

    /// The URL of `series` from `from` to `to`.
    fn url(&self, series: &str, from: NaiveDate, to: NaiveDate) -> String {
        let key = API_KEY.sent.query_pair(self.api_key.expose());
        let query = format!(
            "series_id={series}&observation_start={from}&observation_end={to}&file_type=json&{key}"
        );
        endpoint(&self.base_url, OBSERVATIONS, &query)
    }

    /// Every day from `from` to `to` on which a series asked for has a
    /// value, oldest first, each reduced to the selection.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let mut days: BTreeMap<NaiveDate, Vec<Published>> = BTreeMap::new();
        for (series, currency, direction) in self.series()? {
            let url = self.url(series, from, to);
            let body = self.http.get_with(&Get {
                url: &url,
                accept: "application/json",
                headers: &[],
                explain: Some(Explain::Says(explain)),
            })?;
            let observations =
                parse(&body, self.today, from, to).map_err(|reason| Error::InvalidData {
                    url: url.clone(),
                    reason: format!("{series}: {reason}"),
                })?;
            log::info!("{url}: {} values", observations.len());
            for (date, rate) in observations {
                let published = match direction {
                    Direction::PerDollar => Published::new(CurrencyCode::USD, currency, rate),
                    Direction::InDollars => Published::new(currency, CurrencyCode::USD, rate),
                };
                days.entry(date).or_default().push(published);
            }
        }
        let asked = endpoint(&self.base_url, OBSERVATIONS, "");
        let days = days
            .into_iter()
            .map(|(date, rates)| DayRates::new(date, CurrencyCode::USD, rates))
            .collect();
        Ok(self.selection.keep(&asked, days)?)
    }
}

impl Provider for Fred<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = match request {
            DayRequest::Latest => {
                return request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to));
            }
            DayRequest::Day(day) => (day, day),
            DayRequest::Range { from, to } => (from, to),
        };
        let from = from.max(INFO.first_day);
        if from > to {
            return Ok(Vec::new());
        }
        self.range(from, to)
    }
}

/// Parses one series' answer for the days `from` to `to`, on `today`: the
/// days with a value, oldest first. `"."` is no value that day; any other
/// value must be a plain positive decimal, every day within the days asked
/// for and listed once.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, Rate)>, String> {
    let answer: Answer = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    if let Some(units) = answer.units.filter(|units| units != "lin") {
        return Err(format!(
            "units are {units:?}, not \"lin\" (the levels as published)"
        ));
    }
    let mut values: Vec<(NaiveDate, Rate)> = Vec::with_capacity(answer.observations.len());
    let mut previous: Option<NaiveDate> = None;
    for observation in &answer.observations {
        let date = check_published_day(parse_date(&observation.date)?, INFO.first_day, today)?;
        check_asked(date, from, to)?;
        if previous.is_some_and(|previous| date <= previous) {
            return Err(format!("day {date} is repeated or out of order"));
        }
        previous = Some(date);
        if observation.value == "." {
            continue;
        }
        let rate = observation
            .value
            .parse()
            .map_err(|err| format!("day {date}: {err}"))?;
        values.push((date, rate));
    }
    Ok(values)
}

/// FRED's `{"error_message":"…"}`, if that is what the body is.
fn explain(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<ErrorAnswer>(body)
        .ok()
        .map(|answer| answer.error_message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEXJPUS: &str = include_str!("../../tests/fixtures/fred/DEXJPUS-2026-03.json");
    const DEXUSEU: &str = include_str!("../../tests/fixtures/fred/DEXUSEU-2026-03.json");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn march(body: &str) -> Result<Vec<(NaiveDate, Rate)>, String> {
        parse(
            body.as_bytes(),
            day("2026-03-16"),
            day("2026-03-01"),
            day("2026-03-16"),
        )
    }

    fn observations(values: &str) -> String {
        format!(r#"{{"units":"lin","observations":[{values}]}}"#)
    }

    #[test]
    fn the_recorded_series_keep_their_printed_digits() {
        let jpy = march(DEXJPUS).expect("valid");
        assert_eq!(jpy.len(), 10);
        assert_eq!(jpy[0], (day("2026-03-02"), "157.48".parse().expect("rate")));
        // FRED prints 157.6, not 157.60: stored as printed.
        assert_eq!(jpy[6].1.to_string(), "157.6");
        let eur = march(DEXUSEU).expect("valid");
        assert_eq!(eur[0].1.to_string(), "1.169");
        assert_eq!(eur[9], (day("2026-03-13"), "1.1444".parse().expect("rate")));
    }

    #[test]
    fn a_dot_is_no_value_that_day() {
        let body = observations(
            r#"{"date":"2026-03-02","value":"157.48"},{"date":"2026-03-03","value":"."}"#,
        );
        assert_eq!(march(&body).expect("valid").len(), 1);
        assert_eq!(march(&observations("")), Ok(Vec::new()));
    }

    #[test]
    fn bad_values_days_and_units_are_refused() {
        for (values, expected) in [
            (r#"{"date":"2026-03-02","value":"-1.5"}"#, "invalid rate"),
            (r#"{"date":"2026-03-02","value":""}"#, "invalid rate"),
            (r#"{"date":"2026-03-02","value":"NaN"}"#, "invalid rate"),
            (
                r#"{"date":"2026-03-02","value":157.48}"#,
                "expected a string",
            ),
            (
                r#"{"date":"2026-02-27","value":"1.5"}"#,
                "outside the days asked",
            ),
            (r#"{"date":"02/03/2026","value":"1.5"}"#, "invalid date"),
            (
                r#"{"date":"2026-03-03","value":"1.5"},{"date":"2026-03-03","value":"1.6"}"#,
                "day 2026-03-03 is repeated",
            ),
            (r#"{"date":"2026-03-02"}"#, "missing field `value`"),
        ] {
            let err = march(&observations(values)).expect_err(values);
            assert!(err.contains(expected), "{values}: {err}");
        }
        let pch = r#"{"units":"pch","observations":[]}"#;
        assert!(march(pch).expect_err("pch").contains("not \"lin\""));
        assert!(march("<html>").expect_err("html").starts_with("not JSON"));
    }

    #[test]
    fn the_h10_comes_weekly_on_mondays_and_is_official() {
        assert_eq!(INFO.release, Release::Weekly(chrono::Weekday::Mon));
        assert_eq!(INFO.figures, Figures::Official);
        assert_eq!(INFO.home, Home::Fixed(CurrencyCode::USD));
    }

    #[test]
    fn the_table_has_each_currency_once_and_four_in_dollars() {
        for (i, (id, code, _)) in SERIES.iter().enumerate() {
            assert!(id.starts_with("DEX"), "{id}");
            assert!(SERIES[..i].iter().all(|(_, earlier, _)| earlier != code));
        }
        let in_dollars: Vec<&str> = SERIES
            .iter()
            .filter(|(_, _, direction)| *direction == Direction::InDollars)
            .map(|(id, _, _)| *id)
            .collect();
        assert_eq!(in_dollars, ["DEXUSAL", "DEXUSEU", "DEXUSNZ", "DEXUSUK"]);
    }

    #[test]
    fn error_bodies_give_their_message() {
        let body = br#"{"error_code":400,"error_message":"Bad Request.  The value for variable api_key is not registered."}"#;
        assert_eq!(
            explain(body).as_deref(),
            Some("Bad Request.  The value for variable api_key is not registered.")
        );
        assert_eq!(explain(b"<html></html>"), None);
    }
}
