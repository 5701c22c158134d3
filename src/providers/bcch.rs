//! Banco Central de Chile: the *dólar observado*, the peso's official rate
//! against the US dollar, and the Bank's quotes of seven other currencies,
//! read from its statistical database's web service (BDE, SieteRestWS).
//!
//! `GET {base}?firstdate={from}&function=GetSeries&lastdate={to}&pass=…&timeseries={id}&user=…`
//! (the base is the service itself, `SieteRestWS.ashx`; the pairs in the
//! order the Bank's own requests send them) answers one series:
//! `{"Codigo":0,"Descripcion":"Success","Series":{"seriesId":"F073.TCO.PRE.Z.D",
//! "Obs":[{"indexDateString":"02-03-2026","value":"871.41","statusCode":"OK"}]}}`.
//! [`SERIES`] is the fixed table of the series read, each CLP per 1 unit
//! of its currency (`1 USD = 871.41 CLP`, `1 JPY = 5.59 CLP`); an answer
//! must name the series asked for. A `value` is text with its trailing
//! zeros dropped (`"1069.2"`), stored as printed; a `statusCode` other
//! than `OK` (`"NaN"` with `ND` on a weekend) is no value, and a window
//! with nothing published has no observations (`Obs` empty or null).
//!
//! Errors come with HTTP 200: a `Codigo` other than 0 is the Bank's
//! refusal (`-5`, "Invalid username or password"), reported in one line
//! quoting its `Descripcion`, never retried. The user and the password are
//! secrets: they travel in the query, as the service wants them, and are
//! hidden wherever text leaves the program ([`crate::secrets`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::dates::NumericDate;
use super::endpoint::endpoint;
use super::json;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Secret,
    Selection, Setting, SettingKind, Week, check_asked, spans,
};
use crate::error::Error;
use crate::http::{Get, HttpClient, Sent};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, Unit, check_published_day};

/// The Chilean peso: the quote of every figure.
const CLP: CurrencyCode = CurrencyCode::from_static(b"CLP");

/// The Banco Central de Chile's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "bcch",
    publisher: "Banco Central de Chile, BDE web service",
    default_url: "https://si3.bcentral.cl/SieteRestWS/SieteRestWS.ashx",
    home: Home::Fixed(CLP),
    settings: &[USER, PASSWORD],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 0,
    figures: Figures::Official,
    about: "the dólar observado (pesos per US dollar) and the Bank's EUR, GBP, JPY, CAD, AUD, CNY and BRL quotes, CLP per 1 unit; needs a free user and password",
    first_day: date(1984, 1, 2),
    dated_ahead: 0,
    sparse: false,
    terms: "https://si3.bcentral.cl/estadisticas/Principal1/Web_Services/index_EN.htm",
    described: Described {
        printed: "`1 USD = 871.41 CLP` (the dólar observado); `1 JPY = 5.59 CLP`",
        history: "the dólar observado from 1984 (not stated by the Bank); the other series start later",
        published: "each Chilean bank business day, the dólar observado of the day computed from the previous business day's trades; in the BDE by ~14:00",
        per_request: "one series, any range (asked a year at a time)",
        used_for: "an indexation the Bank allows for peso credit operations, published daily under the Compendium of International Exchange Regulations (ch. I no. 6): the [dólar observado](https://si3.bcentral.cl/graficoshchplus/?codGrafico=GRAF_EC_DOLAR&idioma=en-US), also in the Diario Oficial",
        requests: "`?firstdate={from}&function=GetSeries&lastdate={to}&pass=…&timeseries={id}&user=…`, one per series; latest: the last 10 days",
        nothing_published: "`Codigo` 0 without observations (`Obs` `[]` or null), or every value `NaN` (`statusCode` `ND`)",
        cron: Some(CronLine {
            schedule: "0 15 * * 1-5",
            why: "Banco Central de Chile dólar observado, in the BDE by the early afternoon in Santiago; needs FXRATES_BCCH_USER and FXRATES_BCCH_PASSWORD",
        }),
    },
    build: |setup| {
        Box::new(Bcch {
            http: setup.http,
            base_url: setup.url.to_owned(),
            user: setup.secret(&USER),
            password: setup.secret(&PASSWORD),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The BDE user (the e-mail address registered): a secret, required, sent
/// in the query as `user`.
const USER: Setting = Setting {
    flag: "bcch-user",
    env: "FXRATES_BCCH_USER",
    what: "a user name",
    help: "",
    value_name: "SECRET",
    kind: SettingKind::Secret,
    sent: Sent::Query("user"),
    check: Setting::any,
};

/// The BDE password: a secret, required, sent in the query as `pass`.
const PASSWORD: Setting = Setting {
    flag: "bcch-password",
    env: "FXRATES_BCCH_PASSWORD",
    what: "a password",
    sent: Sent::Query("pass"),
    ..USER
};

/// The series read: id and currency, each CLP per 1 unit of the currency.
/// Requests go in this order, and a day's rates are kept in it.
pub const SERIES: [(&str, CurrencyCode); 8] = {
    let code = CurrencyCode::from_static;
    [
        ("F073.TCO.PRE.Z.D", CurrencyCode::USD),
        ("F072.CLP.EUR.N.O.D", CurrencyCode::EUR),
        ("F072.CLP.GBP.N.O.D", code(b"GBP")),
        ("F072.CLP.JPY.N.O.D", code(b"JPY")),
        ("F072.CLP.CAD.N.O.D", code(b"CAD")),
        ("F072.CLP.AUD.N.O.D", code(b"AUD")),
        ("F072.CLP.CNY.N.O.D", code(b"CNY")),
        ("F072.CLP.BRL.N.O.D", code(b"BRL")),
    ]
};

/// The most days one request asks for: a calendar year.
const MAX_SPAN_DAYS: u64 = 366;

/// How many days back the latest day is looked for: beside a weekend, the
/// Chilean holidays of September and of the turn of the year.
const LATEST_DAYS: u64 = 10;

/// What every answer starts with: `{"Codigo":0,"Descripcion":"Success",…}`.
#[derive(Debug, Deserialize)]
struct Status {
    #[serde(rename = "Codigo")]
    codigo: i64,
    #[serde(rename = "Descripcion", default)]
    descripcion: Option<String>,
}

/// A successful answer: its one series.
#[derive(Debug, Deserialize)]
struct Answer {
    #[serde(rename = "Series")]
    series: Series,
}

#[derive(Debug, Deserialize)]
struct Series {
    #[serde(rename = "seriesId", default)]
    id: Option<String>,
    #[serde(rename = "Obs", default)]
    obs: Option<Vec<Obs>>,
}

#[derive(Debug, Deserialize)]
struct Obs {
    #[serde(rename = "indexDateString")]
    date: String,
    value: String,
    #[serde(rename = "statusCode")]
    status: String,
}

/// Why an answer gives no values: the Bank refused the request, or the
/// document is not what it should be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// A `Codigo` other than 0, with its `Descripcion`: `the Bank refused
    /// the request: Invalid username or password (Codigo -5)`.
    Refused(String),
    /// Anything else wrong with the document.
    Invalid(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Refused(reason) | Failure::Invalid(reason) => f.write_str(reason),
        }
    }
}

/// The Banco Central de Chile provider below one base URL.
#[derive(Debug)]
pub struct Bcch<'a> {
    http: &'a HttpClient,
    base_url: String,
    user: Secret,
    password: Secret,
    selection: Selection,
    today: NaiveDate,
}

impl Bcch<'_> {
    /// The series `--symbols` asks for (all without it), or the usage error
    /// naming a currency the table lacks.
    fn series(&self) -> Result<Vec<(&'static str, CurrencyCode)>, Error> {
        self.selection.of_table(&SERIES, |(_, code)| *code, "bcch")
    }

    /// The URL of `series` from `from` to `to`, user and password included.
    fn url(&self, series: &str, from: NaiveDate, to: NaiveDate) -> String {
        let pass = PASSWORD.sent.query_pair(self.password.expose());
        let user = USER.sent.query_pair(self.user.expose());
        let (from, to) = (from.format("%Y-%m-%d"), to.format("%Y-%m-%d"));
        let query = format!(
            "firstdate={from}&function=GetSeries&lastdate={to}&{pass}&timeseries={series}&{user}"
        );
        endpoint(&self.base_url, "", &query)
    }

    /// Every day from `from` to `to` on which a series asked for has a
    /// value, oldest first, a calendar year per request and series, each
    /// reduced to the selection.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let series = self.series()?;
        let mut days = Vec::new();
        for (from, to) in spans(from.max(INFO.first_day), to.min(self.today), MAX_SPAN_DAYS) {
            let mut span: BTreeMap<NaiveDate, Vec<Published>> = BTreeMap::new();
            for &(id, currency) in &series {
                let url = self.url(id, from, to);
                let body = self.http.get_with(&Get {
                    url: &url,
                    accept: "application/json",
                    headers: &[],
                    explain: None,
                })?;
                let values = parse(&body, id, self.today, from, to).map_err(|failure| {
                    let reason = format!("{id}: {failure}");
                    match failure {
                        Failure::Refused(_) => Error::Http {
                            url: url.clone(),
                            reason,
                        },
                        Failure::Invalid(_) => Error::InvalidData {
                            url: url.clone(),
                            reason,
                        },
                    }
                })?;
                log::info!("{url}: {} values", values.len());
                for (date, rate) in values {
                    let published = Published::per(Unit::ONE, currency, CLP, rate);
                    span.entry(date).or_default().push(published);
                }
            }
            let span = span
                .into_iter()
                .map(|(date, rates)| DayRates::new(date, CLP, rates))
                .collect();
            days.extend(self.selection.keep(&self.base_url, span)?);
        }
        Ok(days)
    }
}

impl Provider for Bcch<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// Parses the answer for `series` from `from` to `to`, asked on `today`:
/// its values, oldest first, as printed (`1 CUR = value CLP`). A
/// `statusCode` other than `OK` is no value; no observations (`Obs` empty
/// or null) is nothing published.
///
/// A `Codigo` other than 0 is [`Failure::Refused`], quoting the Bank's
/// `Descripcion`. [`Failure::Invalid`] refuses the whole answer when it is
/// not the expected JSON, names another series, a date is malformed,
/// repeated, out of order, outside `from..=to` or the window of
/// [`check_published_day`], or a value marked `OK` is not a positive
/// decimal.
pub fn parse(
    body: &[u8],
    series: &str,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, Rate)>, Failure> {
    let invalid = |err: serde_json::Error| Failure::Invalid(json::describe(&err));
    let status: Status = serde_json::from_slice(body).map_err(invalid)?;
    if status.codigo != 0 {
        let says = status.descripcion.unwrap_or_default();
        return Err(Failure::Refused(format!(
            "the Bank refused the request: {} (Codigo {})",
            says.trim(),
            status.codigo
        )));
    }
    let answer: Answer = serde_json::from_slice(body).map_err(invalid)?;
    let obs = answer.series.obs.unwrap_or_default();
    match answer.series.id.as_deref() {
        Some(id) if id == series => {}
        None if obs.is_empty() => {}
        other => {
            return Err(Failure::Invalid(format!(
                "the answer is of series {:?}, not the one asked for",
                other.unwrap_or_default()
            )));
        }
    }
    values(&obs, today, from, to).map_err(Failure::Invalid)
}

/// The observations with a value, oldest first.
fn values(
    obs: &[Obs],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, Rate)>, String> {
    let mut values = Vec::with_capacity(obs.len());
    let mut previous: Option<NaiveDate> = None;
    for observation in obs {
        let date = NumericDate::DASHES.parse_in(&observation.date, "indexDateString")?;
        let date = check_published_day(date, INFO.first_day, today)?;
        check_asked(date, from, to)?;
        if previous.is_some_and(|previous| date <= previous) {
            return Err(format!("day {date} is repeated or out of order"));
        }
        previous = Some(date);
        if observation.status != "OK" {
            continue;
        }
        let rate: Rate = observation
            .value
            .parse()
            .map_err(|err| format!("day {date}: {err}"))?;
        values.push((date, rate));
    }
    Ok(values)
}

#[cfg(test)]
mod tests;
