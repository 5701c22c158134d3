//! Bank of Thailand: the "Rates of Exchange of Commercial Banks in Bangkok
//! Metropolis", the daily averages of the commercial banks' rates of 19
//! currencies in baht, from the Bank's API gateway. An API key is needed.
//!
//! One request per span of at most 31 days (the API's limit), below the
//! base URL (`https://gateway.api.bot.or.th/Stat-ExchangeRate/v2`):
//! `/DAILY_AVG_EXG_RATE/?start_period=YYYY-MM-DD&end_period=YYYY-MM-DD`,
//! the key in the `Authorization` header (the key itself, no scheme). A
//! missing or wrong key answers HTTP 401. The latest is the newest day of
//! the last [`LATEST_DAYS`] days.
//!
//! The answer is `{"result":{"timestamp","api","data":{"data_header":{…},
//! "data_detail":[{"period":"2026-04-03","currency_id":"JPY",
//! "currency_name_eng":"JAPAN : YEN (100 YEN) (JPY) ","buying_sight":
//! "20.1080000","buying_transfer":"20.1923000","selling":"20.7740000",
//! "mid_rate":"20.4832000"}]}}}`: THB per unit, four figures per currency
//! and day, each stored in its own series as printed (strings padded to 7
//! decimals): `mid_rate` as `mid`, `selling`, `buying_transfer` as
//! `buying` and `buying_sight` as `buying-sight`. An empty figure is no
//! value. Despite the header's "Baht / 1 Unit", the unit is written only in
//! `currency_name_eng`: `(100 YEN)`, `(1,000 RUPIAH)` (thousands commas);
//! a name without such a count is per 1 unit. The `api` field's title
//! ("… Interbank Exchange Rate - THB / USD") is not what the data is, and is
//! not read.
//!
//! A period with nothing published answers `data_detail` holding one
//! record whose fields are all empty strings (an empty `data_detail` reads
//! alike): no day. Nothing else is.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Secret,
    Selection, Setting, SettingKind, Week, check_asked, spans,
};
use crate::http::{Explain, Get, HttpClient, Sent};
use crate::model::{CurrencyCode, DayRates, Published, Rate, Series, Unit, check_published_day};
use crate::model::{date, parse_date};

/// The baht: the quote of every rate.
const THB: CurrencyCode = CurrencyCode::from_static(b"THB");

/// The call below the base URL, its trailing slash as documented.
const DAILY: &str = "DAILY_AVG_EXG_RATE/";

/// The most days one request may span.
pub const SPAN_DAYS: u64 = 31;

/// How many days back from today the latest day is looked for: Songkran
/// and the New Year with the weekends around them.
pub const LATEST_DAYS: u64 = 14;

/// The API key: a secret, required, sent as the `Authorization` header.
const API_KEY: Setting = Setting {
    flag: "bot-api-key",
    env: "FXRATES_BOT_API_KEY",
    what: "an API key",
    help: "",
    value_name: "SECRET",
    kind: SettingKind::Secret,
    sent: Sent::Header("Authorization"),
    check: Setting::any,
};

/// The Bank of Thailand's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "bot",
    publisher: "ธนาคารแห่งประเทศไทย (Bank of Thailand)",
    default_url: "https://gateway.api.bot.or.th/Stat-ExchangeRate/v2",
    home: Home::Fixed(THB),
    settings: &[API_KEY],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 5,
    figures: Figures::Official,
    about: "commercial banks' average rates, THB per 1, 100 or 1000 units, four series",
    first_day: date(2002, 1, 2),
    dated_ahead: 0,
    sparse: false,
    terms: "https://portal.api.bot.or.th/",
    described: Described {
        printed: "`100 JPY = 20.4832000 THB` (units 1, 100, 1000), strings padded to 7 decimals; mid, selling, buying (transfer) and buying-sight",
        history: "from 2002, as the report's title says; how far back the API answers was not checked",
        published: "the evening of each Thai business day (UTC+7; the hour is not documented)",
        per_request: "31 days",
        used_for: "Thai tax and accounting: the Revenue Department converts foreign currency at these average buying and selling rates ([exchange rates](https://www.bot.or.th/en/statistics/exchange-rate.html))",
        requests: "`/DAILY_AVG_EXG_RATE/?start_period=YYYY-MM-DD&end_period=YYYY-MM-DD`, the key in the `Authorization` header; latest: the last 14 days",
        nothing_published: "`data_detail` holding one record of empty strings (or none)",
        cron: Some(CronLine {
            schedule: "0 15 * * 1-5",
            why: "Bank of Thailand, the day's average rates in the Bangkok evening; needs FXRATES_BOT_API_KEY",
        }),
    },
    build: |setup| {
        Box::new(Bot {
            http: setup.http,
            base_url: setup.url.to_owned(),
            api_key: setup.secret(&API_KEY),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// `{"result":{"timestamp":…,"api":…,"data":{…}}}`.
#[derive(Debug, Deserialize)]
struct Answer {
    result: Body,
}

/// The `result`: only its `data` is read.
#[derive(Debug, Deserialize)]
struct Body {
    data: Data,
}

/// The `data`: its `data_header` is not read.
#[derive(Debug, Deserialize)]
struct Data {
    data_detail: Vec<Record>,
}

/// One currency on one day, every field a string (`""` when empty);
/// `currency_name_th` is not read.
#[derive(Debug, Deserialize)]
struct Record {
    period: String,
    currency_id: String,
    currency_name_eng: String,
    buying_sight: String,
    buying_transfer: String,
    selling: String,
    mid_rate: String,
}

impl Record {
    /// Whether every field read is empty: the record of a period with
    /// nothing published.
    fn is_blank(&self) -> bool {
        [
            &self.period,
            &self.currency_id,
            &self.currency_name_eng,
            &self.buying_sight,
            &self.buying_transfer,
            &self.selling,
            &self.mid_rate,
        ]
        .iter()
        .all(|field| field.trim().is_empty())
    }

    /// Each figure with the series it is stored in.
    fn figures(&self) -> [(&str, Series); 4] {
        [
            (&self.mid_rate, Series::Mid),
            (&self.selling, Series::Selling),
            (&self.buying_transfer, Series::Buying),
            (&self.buying_sight, Series::BuyingSight),
        ]
    }
}

/// The Bank of Thailand provider below one base URL.
#[derive(Debug)]
pub struct Bot<'a> {
    http: &'a HttpClient,
    base_url: String,
    api_key: Secret,
    selection: Selection,
    today: NaiveDate,
}

impl Bot<'_> {
    /// The days from `from` to `to`, 31 days per request.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let mut days = Vec::new();
        for (from, to) in spans(from.max(INFO.first_day), to.min(self.today), SPAN_DAYS) {
            let query = format!("start_period={from}&end_period={to}");
            let url = endpoint(&self.base_url, DAILY, &query);
            let get = Get {
                url: &url,
                accept: "application/json",
                headers: &[(API_KEY.sent.name(), self.api_key.expose())],
                explain: Some(Explain::Says(explain)),
            };
            let body = self.http.get_with(&get)?;
            let span = self
                .selection
                .keep(&url, parse(&body, self.today, from, to))?;
            log::info!("{url}: {} days", span.len());
            days.extend(span);
        }
        Ok(days)
    }
}

impl Provider for Bot<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// Parses an answer for the days `from` to `to`, asked on `today`: its
/// days, oldest first, each figure `unit currency_id = figure THB` in its
/// series, empty figures left out; blank records (nothing published) and
/// an empty `data_detail` are no day.
///
/// Refuses what is not the expected document, a record with some fields
/// blank but not its currency or period, a period outside the days asked
/// for or [`check_published_day`], a count in the name it cannot read, a
/// figure that is not a positive decimal, and a currency's series twice on
/// one day.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    let answer: Answer = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let mut days: BTreeMap<NaiveDate, Vec<Published>> = BTreeMap::new();
    for record in answer.result.data.data_detail.iter() {
        if record.is_blank() {
            continue;
        }
        let day = parse_date(&record.period).map_err(|err| format!("{err} in period"))?;
        let day = check_published_day(day, INFO.first_day, today)?;
        check_asked(day, from, to)?;
        days.entry(day).or_default().extend(published(record, day)?);
    }
    days.into_iter()
        .filter(|(_, rates)| !rates.is_empty())
        .map(|(day, rates)| DayRates::new(day, THB, rates))
        .collect()
}

/// The figures of one record of `day`, each in its series, empty ones left
/// out.
fn published(record: &Record, day: NaiveDate) -> Result<Vec<Published>, String> {
    let code: CurrencyCode = record
        .currency_id
        .parse()
        .map_err(|err| format!("day {day}: {err}"))?;
    let unit =
        unit(&record.currency_name_eng).map_err(|err| format!("day {day}, {code}: {err}"))?;
    let mut rates = Vec::with_capacity(4);
    for (text, series) in record.figures() {
        if text.is_empty() {
            continue;
        }
        let rate: Rate = text
            .parse()
            .map_err(|err| format!("day {day}, {code} {series}: {err}"))?;
        rates.push(Published::per(unit, code, THB, rate).of(series));
    }
    Ok(rates)
}

/// The unit a currency's English name states: `JAPAN : YEN (100 YEN)
/// (JPY)` is 100, `(1,000 RUPIAH)` 1000 (thousands commas); a name
/// without a parenthesis opening on a digit is 1.
fn unit(name: &str) -> Result<Unit, String> {
    let Some(count) = name
        .split('(')
        .skip(1)
        .find(|part| part.starts_with(|c: char| c.is_ascii_digit()))
    else {
        return Ok(Unit::ONE);
    };
    let (count, _) = count
        .split_once(' ')
        .ok_or_else(|| format!("unreadable unit in {name:?} (expected e.g. \"(1,000 RUPIAH)\")"))?;
    Unit::from_grouped(count, ',').map_err(|err| format!("{err} in {name:?}"))
}

/// The gateway's error body (not recorded): `{"message":"…"}` or
/// `{"httpMessage":"…","moreInformation":"…"}`, if that is what it is.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorAnswer {
    message: Option<String>,
    http_message: Option<String>,
    more_information: Option<String>,
}

/// What an error body says, if it is the gateway's JSON.
fn explain(body: &[u8]) -> Option<String> {
    let answer: ErrorAnswer = serde_json::from_slice(body).ok()?;
    [answer.more_information, answer.message, answer.http_message]
        .into_iter()
        .flatten()
        .map(|said| said.trim().to_owned())
        .find(|said| !said.is_empty())
}

#[cfg(test)]
mod tests;
