//! Banco de México: the FIX, the peso's reference rate against the US
//! dollar, and its quotes of the euro, the pound, the yen and the Canadian
//! dollar, read from the Bank's economic information system (SIE API).
//!
//! `GET {base}/series/SF43718,SF46410,SF46407,SF46406,SF60632/datos/{from}/{to}`
//! with the token in the `Bmx-Token` header answers
//! `{"bmx":{"series":[{"idSerie","titulo","datos":[{"fecha":"02/03/2026","dato":"17.3485"}]}]}}`,
//! the series in the service's own order, not the order asked. [`SERIES`]
//! is the fixed table of the series read: each is MXN per 1 unit of its
//! currency (`1 USD = 17.3485 MXN`, `1 JPY = 0.1105 MXN`), and its Spanish
//! title must name that currency, or the answer is refused. A `dato` is
//! text with four decimals, trailing zeros kept, thousands commas dropped
//! (`17,123.45` is `17123.45`); `N/E` marks a day without a value. The FIX
//! (SF43718) is dated by the day it is determined, at 12:00 Mexico City
//! time, and published in the Diario Oficial the next business day.
//!
//! One request per calendar year of the days asked for, every series (or
//! those of `--symbols`) at once. A window with nothing published answers
//! the series without observations (no `datos`, or an empty one). A missing
//! or wrong token is HTTP 400 `{"error":{"mensaje":"Token inválido",…}}`.
//! The token is a secret: it travels in a header to the service's own
//! origin only, and is hidden wherever text leaves the program
//! ([`crate::secrets`]).

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
use crate::http::{Explain, Get, HttpClient, Sent};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, Unit, check_published_day};

/// The Mexican peso: the quote of every figure.
const MXN: CurrencyCode = CurrencyCode::from_static(b"MXN");

/// The Banco de México's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "banxico",
    publisher: "Banco de México, SIE API",
    default_url: "https://www.banxico.org.mx/SieAPIRest/service/v1",
    home: Home::Fixed(MXN),
    settings: &[TOKEN],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 0,
    figures: Figures::Official,
    about: "the FIX (pesos per US dollar) and the Bank's EUR, GBP, JPY and CAD quotes, MXN per 1 unit; needs a free token",
    first_day: date(1991, 11, 12),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.banxico.org.mx/footer-en/legal-disclaimer.html",
    described: Described {
        printed: "`1 USD = 17.3485 MXN` (the FIX); `1 JPY = 0.1105 MXN`",
        history: "the FIX from 1991-11-12; the other series start later",
        published: "~18:00 (12:00 Mexico City), the day's FIX; in the Diario Oficial the next business day",
        per_request: "up to 20 series, any range (asked a year at a time)",
        used_for: "obligations in foreign currency payable in Mexico and Mexican tax (Código Fiscal de la Federación, Art. 20): the [FIX](https://www.banxico.org.mx/tipcamb/main.do?page=tip&idioma=en) as the Diario Oficial publishes it",
        requests: "`/series/SF43718,SF46410,SF46407,SF46406,SF60632/datos/{from}/{to}` with the token in `Bmx-Token`; latest: the last 10 days",
        nothing_published: "the series without observations (no `datos`, or `[]`)",
        cron: Some(CronLine {
            schedule: "30 20 * * 1-5",
            why: "Banco de México FIX, determined at 12:00 Mexico City time (UTC-6 all year); needs FXRATES_BANXICO_TOKEN",
        }),
    },
    build: |setup| {
        Box::new(Banxico {
            http: setup.http,
            base_url: setup.url.to_owned(),
            token: setup.secret(&TOKEN),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The SIE token: a secret, required, sent in the `Bmx-Token` header.
const TOKEN: Setting = Setting {
    flag: "banxico-token",
    env: "FXRATES_BANXICO_TOKEN",
    what: "a token",
    help: "",
    value_name: "SECRET",
    kind: SettingKind::Secret,
    sent: Sent::Header("Bmx-Token"),
    check: Setting::any,
};

/// The series read: id, currency, and the words its title must hold (the
/// currency as the Spanish title names it). Each is MXN per 1 unit of the
/// currency; requests ask for them in this order.
pub const SERIES: [(&str, CurrencyCode, &str); 5] = [
    ("SF43718", CurrencyCode::USD, "Pesos por dólar E.U.A."),
    (
        "SF46410",
        CurrencyCode::EUR,
        "Respecto al peso mexicano Euro",
    ),
    (
        "SF46407",
        CurrencyCode::from_static(b"GBP"),
        "Respecto al peso mexicano Libra esterlina",
    ),
    (
        "SF46406",
        CurrencyCode::from_static(b"JPY"),
        "Respecto al peso mexicano Yen japonés",
    ),
    (
        "SF60632",
        CurrencyCode::from_static(b"CAD"),
        "Respecto al peso mexicano Dólar Canadiense",
    ),
];

/// The most days one request asks for: a calendar year.
const MAX_SPAN_DAYS: u64 = 366;

/// How many days back the latest day is looked for: beside a weekend, the
/// Mexican holidays around Easter and Christmas.
const LATEST_DAYS: u64 = 10;

/// `{"bmx":{"series":[…]}}`
#[derive(Debug, Deserialize)]
struct Answer {
    bmx: Bmx,
}

#[derive(Debug, Deserialize)]
struct Bmx {
    series: Vec<Series>,
}

/// One series of the answer; `datos` is absent when it has no value in the
/// window.
#[derive(Debug, Deserialize)]
struct Series {
    #[serde(rename = "idSerie")]
    id: String,
    titulo: String,
    #[serde(default)]
    datos: Option<Vec<Dato>>,
}

#[derive(Debug, Deserialize)]
struct Dato {
    fecha: String,
    dato: String,
}

/// `{"error":{"mensaje":"Token inválido","detalle":…}}`
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    error: ErrorBody,
}

#[derive(Debug, Deserialize)]
struct ErrorBody {
    mensaje: String,
    #[serde(default)]
    detalle: Option<String>,
}

/// The Banco de México provider below one base URL.
#[derive(Debug)]
pub struct Banxico<'a> {
    http: &'a HttpClient,
    base_url: String,
    token: Secret,
    selection: Selection,
    today: NaiveDate,
}

impl Banxico<'_> {
    /// The series `--symbols` asks for (all without it), or the usage error
    /// naming a currency the table lacks.
    fn series(&self) -> Result<Vec<(&'static str, CurrencyCode, &'static str)>, Error> {
        self.selection
            .of_table(&SERIES, |(_, code, _)| *code, "banxico")
    }

    /// The days from `from` to `to`, a calendar year per request.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let series = self.series()?;
        let ids: Vec<&str> = series.iter().map(|(id, ..)| *id).collect();
        let mut days = Vec::new();
        for (from, to) in spans(from.max(INFO.first_day), to.min(self.today), MAX_SPAN_DAYS) {
            let url = endpoint(
                &self.base_url,
                &format!("series/{}/datos/{from}/{to}", ids.join(",")),
                "",
            );
            let body = self.http.get_with(&Get {
                url: &url,
                accept: "application/json",
                headers: &[(TOKEN.sent.name(), self.token.expose())],
                explain: Some(Explain::Says(explain)),
            })?;
            let span = self
                .selection
                .keep(&url, parse(&body, &series, self.today, from, to))?;
            log::info!("{url}: {} days", span.len());
            days.extend(span);
        }
        Ok(days)
    }
}

impl Provider for Banxico<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// Parses an answer for `series` (as [`SERIES`] lists them) from `from` to
/// `to`, asked on `today`: its days, oldest first, each holding the
/// figures of the series with a value that day (`1 CUR = dato MXN`).
/// `N/E` is no value; a series without observations has none in the
/// window.
///
/// Refuses the whole answer when it is not the expected JSON, a series is
/// not one asked for, is listed twice or is missing, its title does not
/// name its currency, a date is malformed, out of order, outside `from..=to`
/// or the window of [`check_published_day`], or a figure is not a positive
/// decimal.
pub fn parse(
    body: &[u8],
    series: &[(&str, CurrencyCode, &str)],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    let answer: Answer = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let mut days: BTreeMap<NaiveDate, Vec<Published>> = BTreeMap::new();
    let mut seen: Vec<&str> = Vec::new();
    for answered in &answer.bmx.series {
        let Some(&(id, code, named)) = series.iter().find(|(id, ..)| *id == answered.id) else {
            return Err(format!("series {:?} was not asked for", answered.id));
        };
        if seen.contains(&id) {
            return Err(format!("series {id} is listed twice"));
        }
        seen.push(id);
        if !answered.titulo.contains(named) {
            return Err(format!(
                "{id}: the title {:?} does not name {named:?}: the series changed",
                squeezed(&answered.titulo)
            ));
        }
        let values = values(
            answered.datos.as_deref().unwrap_or_default(),
            today,
            from,
            to,
        )
        .map_err(|reason| format!("{id}: {reason}"))?;
        for (date, rate) in values {
            days.entry(date)
                .or_default()
                .push(Published::per(Unit::ONE, code, MXN, rate));
        }
    }
    if let Some((missing, ..)) = series.iter().find(|(id, ..)| !seen.contains(id)) {
        return Err(format!("series {missing} is missing from the answer"));
    }
    days.into_iter()
        .map(|(date, rates)| DayRates::new(date, MXN, rates))
        .collect()
}

/// The observations of one series with a value, oldest first.
fn values(
    datos: &[Dato],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, Rate)>, String> {
    let mut values = Vec::with_capacity(datos.len());
    let mut previous: Option<NaiveDate> = None;
    for dato in datos {
        let date = NumericDate::SLASHES.parse_in(&dato.fecha, "fecha")?;
        let date = check_published_day(date, INFO.first_day, today)?;
        check_asked(date, from, to)?;
        if previous.is_some_and(|previous| date <= previous) {
            return Err(format!("day {date} is repeated or out of order"));
        }
        previous = Some(date);
        if dato.dato == "N/E" {
            continue;
        }
        let rate = Rate::from_grouped(&dato.dato).map_err(|err| format!("day {date}: {err}"))?;
        values.push((date, rate));
    }
    Ok(values)
}

/// A title with its runs of spaces made one, as a message quotes it.
fn squeezed(title: &str) -> String {
    title.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The SIE's `{"error":{"mensaje":"…","detalle":"…"}}`, if that is what the
/// body is.
fn explain(body: &[u8]) -> Option<String> {
    let ErrorBody { mensaje, detalle } = serde_json::from_slice::<ErrorAnswer>(body).ok()?.error;
    Some(
        match detalle.filter(|detalle| !detalle.is_empty() && *detalle != mensaje) {
            Some(detalle) => format!("{mensaje} ({detalle})"),
            None => mensaje,
        },
    )
}

#[cfg(test)]
mod tests;
