//! The South African Reserve Bank's daily exchange rates of the rand: the
//! weighted average of the banks' rates at about 10:30 Johannesburg time,
//! one web-indicator series per currency.
//!
//! `GET {base}/GetTimeseriesObservations/{code}/{from}T00:00:00/{to}T00:00:00`
//! answers one series as a JSON array, newest first:
//! `[{"Period":"2026-03-27T00:00:00","Timeseries":"Japan: Yen per Rand",
//! "Description":…,"Value":9.3324,"FormatNumber":"0.0000",…}]`. `Value`
//! is a JSON number that keeps its trailing zeros (`9.4160`): it is read
//! as its raw text, never through binary floating point. A day without a
//! rate is absent; a window with nothing published is `[]`.
//!
//! The direction depends on the series. [`SERIES`] is the fixed table of
//! the daily series, each with its currency and direction: three print
//! rand per unit of the currency (`EXCX135D` "Rand per US Dollar": `1 USD
//! = 16.9333 ZAR`), the other twenty units of the currency per rand
//! (`EXCB120D` "Japan: Yen per Rand": `1 ZAR = 9.3324 JPY`). Each figure
//! is stored in its own direction, as printed, never inverted. The
//! direction is never guessed: every answer's `Timeseries` text must
//! read the way the table says (`Rand per …` against `… per Rand`), or
//! the answer is refused.
//!
//! The table holds the codes whose figures were checked against the
//! US-dollar cross of a recorded day (2026-03-24): to add a currency, add
//! its code, currency and direction here, check one day's figure against
//! the cross the same way, and extend the table's test.
//!
//! The Zambian kwacha series (`EXCB071D`) prints old kwacha before the
//! 2013 rebasing under the same code (612.3404 per rand on 2012-12-31,
//! 0.6188 on 2013-01-02): its figures are stored as ZMW from 2013-01-01
//! only, the earlier ones are left out rather than mislabelled.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked,
};
use crate::error::Error;
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, check_published_day};

/// The rand: one side of every rate.
const ZAR: CurrencyCode = CurrencyCode::from_static(b"ZAR");

/// The South African Reserve Bank's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "sarb",
    publisher: "South African Reserve Bank",
    default_url: "https://custom.resbank.co.za/SarbWebApi/WebIndicators/Shared",
    home: Home::Fixed(ZAR),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 3,
    figures: Figures::Official,
    about: "daily rates of 23 currencies, ZAR per 1 USD, GBP, EUR and units per 1 ZAR for the rest",
    first_day: date(1980, 1, 2),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.resbank.co.za/en/home/terms-and-conditions",
    described: Described {
        printed: "`1 USD = 16.9333 ZAR` (USD, GBP, EUR); `1 ZAR = 9.3324 JPY` (the other 20)",
        history: "from 1980 for the oldest series (not stated by the Bank); some start later",
        published: "each South African business day, the banks' weighted average at about 10:30 Johannesburg time (08:30 UTC)",
        per_request: "one series, any range",
        used_for: "the Bank's reference for the rand's exchange rate in its statistics: [current market rates](https://www.resbank.co.za/en/home/what-we-do/statistics/key-statistics/current-market-rates)",
        requests: "`/GetTimeseriesObservations/{code}/{from}T00:00:00/{to}T00:00:00`, one per series; latest: the last 14 days",
        nothing_published: "`[]`",
        cron: Some(CronLine {
            schedule: "30 14 * * 1-5",
            why: "SARB rates, the 10:30 Johannesburg average, on the Bank's site by the afternoon",
        }),
    },
    build: |setup| {
        Box::new(Sarb {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The endpoint of a series' observations, below the base URL.
pub const OBSERVATIONS: &str = "GetTimeseriesObservations";

/// Which way a series prices its currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Rand per 1 unit of the currency: "Rand per US Dollar".
    RandPerUnit,
    /// Units of the currency per 1 rand: "Japan: Yen per Rand".
    PerRand,
}

impl Direction {
    /// Whether a series' `Timeseries` text reads this way.
    fn reads(self, text: &str) -> bool {
        let rand_per = text.starts_with("Rand per ");
        let per_rand = text.ends_with(" per Rand");
        match self {
            Direction::RandPerUnit => rand_per && !per_rand,
            Direction::PerRand => per_rand && !rand_per,
        }
    }

    /// How the table says the series reads.
    fn described(self) -> &'static str {
        match self {
            Direction::RandPerUnit => "\"Rand per …\"",
            Direction::PerRand => "\"… per Rand\"",
        }
    }
}

/// A daily series: its code, its currency, its direction.
pub type Series = (&'static str, CurrencyCode, Direction);

/// The daily series. Requests go in this order, and a day's rates are
/// kept in it.
pub const SERIES: [Series; 23] = {
    use Direction::{PerRand, RandPerUnit};
    let code = CurrencyCode::from_static;
    [
        ("EXCX135D", CurrencyCode::USD, RandPerUnit),
        ("EXCZ001D", code(b"GBP"), RandPerUnit),
        ("EXCZ002D", CurrencyCode::EUR, RandPerUnit),
        ("EXCB080D", code(b"AUD"), PerRand),
        ("EXCB051D", code(b"BWP"), PerRand),
        ("EXCB036D", code(b"BRL"), PerRand),
        ("EXCB031D", code(b"CAD"), PerRand),
        ("EXCB121D", code(b"CNY"), PerRand),
        ("EXCB003D", code(b"DKK"), PerRand),
        ("EXCB122D", code(b"HKD"), PerRand),
        ("EXCB123D", code(b"INR"), PerRand),
        ("EXCB094D", code(b"ILS"), PerRand),
        ("EXCB120D", code(b"JPY"), PerRand),
        ("EXCB059D", code(b"KES"), PerRand),
        ("EXCB063D", code(b"MWK"), PerRand),
        ("EXCB081D", code(b"NZD"), PerRand),
        ("EXCB013D", code(b"NOK"), PerRand),
        ("EXCB015D", code(b"SEK"), PerRand),
        ("EXCB016D", code(b"CHF"), PerRand),
        ("EXCB126D", code(b"TWD"), PerRand),
        ("EXCB115D", code(b"THB"), PerRand),
        ("EXCB071D", code(b"ZMW"), PerRand),
        ("EXCB118D", code(b"KRW"), PerRand),
    ]
};

/// The Zambian kwacha, rebased on 2013-01-01 (1 ZMW = 1000 ZMK).
const ZMW: CurrencyCode = CurrencyCode::from_static(b"ZMW");

/// The first day of the rebased kwacha: [`ZMW`]'s figures before it are
/// old kwacha, left out.
const ZMW_FROM: NaiveDate = date(2013, 1, 1);

/// How many days back the latest day is looked for: a long weekend and
/// the Easter or Christmas holidays fit.
const LATEST_DAYS: u64 = 14;

/// The SARB provider below one base URL.
#[derive(Debug)]
pub struct Sarb<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

/// `{"Period":"2026-03-27T00:00:00","Timeseries":"Japan: Yen per Rand","Value":9.3324,…}`
#[derive(Debug, Deserialize)]
struct Observation {
    #[serde(rename = "Period")]
    period: String,
    #[serde(rename = "Timeseries")]
    timeseries: String,
    #[serde(rename = "Value")]
    value: json::Raw,
}

impl Sarb<'_> {
    /// The series `--symbols` asks for (all without it), or the usage error
    /// naming a currency the Bank has no series of.
    fn series(&self) -> Result<Vec<Series>, Error> {
        self.selection
            .of_table(&SERIES, |(_, code, _)| *code, "the SARB")
    }

    /// Every day from `from` to `to` on which a series asked for has a
    /// value, oldest first, each reduced to the selection.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let mut days: BTreeMap<NaiveDate, Vec<Published>> = BTreeMap::new();
        for entry in self.series()? {
            let (series, currency, direction) = entry;
            let url = endpoint(&self.base_url, &path(series, from, to), "");
            let body = self.http.get_with(&Get {
                url: &url,
                accept: "application/json",
                headers: &[],
                explain: None,
            })?;
            let values = parse(&body, &entry, self.today, from, to).map_err(|reason| {
                Error::InvalidData {
                    url: url.clone(),
                    reason: format!("{series}: {reason}"),
                }
            })?;
            log::info!("{url}: {} values", values.len());
            for (date, rate) in values {
                if currency == ZMW && date < ZMW_FROM {
                    continue;
                }
                let published = match direction {
                    Direction::RandPerUnit => Published::new(currency, ZAR, rate),
                    Direction::PerRand => Published::new(ZAR, currency, rate),
                };
                days.entry(date).or_default().push(published);
            }
        }
        let asked = endpoint(&self.base_url, OBSERVATIONS, "");
        let days = days
            .into_iter()
            .map(|(date, rates)| DayRates::new(date, ZAR, rates))
            .collect();
        Ok(self.selection.keep(&asked, days)?)
    }
}

impl Provider for Sarb<'_> {
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
        let (from, to) = (from.max(INFO.first_day), to.min(self.today));
        if from > to {
            return Ok(Vec::new());
        }
        self.range(from, to)
    }
}

/// The path of `series` from `from` to `to`, below the base URL.
pub fn path(series: &str, from: NaiveDate, to: NaiveDate) -> String {
    format!("{OBSERVATIONS}/{series}/{from}T00:00:00/{to}T00:00:00")
}

/// A `Period`: `2026-03-27T00:00:00`, midnight only.
fn period(text: &str) -> Result<NaiveDate, String> {
    text.strip_suffix("T00:00:00")
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
        .ok_or_else(|| format!("invalid period {text:?} (expected e.g. 2026-03-27T00:00:00)"))
}

/// Parses the answer of the table's `series`, which reads its direction,
/// for the days `from` to `to`, on `today`: its values, oldest first, as
/// printed. `[]` is nothing published.
///
/// Refuses the whole answer when it is not a JSON array of observations,
/// a `Timeseries` text does not read the way `direction` says or differs
/// from the first one, a period is not a midnight date, lies outside the
/// days asked for or in the future, repeats or is out of (newest first)
/// order, or a value is not a positive JSON number.
pub fn parse(
    body: &[u8],
    series: &Series,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, Rate)>, String> {
    let (code, currency, direction) = *series;
    let observations: Vec<Observation> =
        serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let mut values: Vec<(NaiveDate, Rate)> = Vec::with_capacity(observations.len());
    for observation in &observations {
        let text = &observation.timeseries;
        if !direction.reads(text) {
            return Err(format!(
                "the series is printed as {text:?}, not {} as the table has {code}",
                direction.described()
            ));
        }
        if *text != observations[0].timeseries {
            return Err(format!(
                "the series is printed as {:?} and as {text:?}",
                observations[0].timeseries
            ));
        }
        let date = check_published_day(period(&observation.period)?, INFO.first_day, today)?;
        check_asked(date, from, to)?;
        if values.last().is_some_and(|(later, _)| date >= *later) {
            return Err(format!("day {date} is repeated or out of order"));
        }
        let rate = json::rate(&observation.value)
            .map_err(|err| format!("day {date}, {currency}: {err}"))?;
        values.push((date, rate));
    }
    values.reverse();
    Ok(values)
}

#[cfg(test)]
mod tests;
