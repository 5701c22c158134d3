//! Hrvatska narodna banka (Croatian National Bank): its exchange rate list
//! for the CNB's clients, the euro against 13 currencies since Croatia
//! adopted the euro, through the HNB's public API.
//!
//! `GET {base}/tecajn-eur/v3?datum-primjene-od=YYYY-MM-DD&datum-primjene-do=YYYY-MM-DD`
//! answers a JSON array of the entries of the lists dated in the window,
//! both days included, oldest first, one object per currency and list:
//! `{"broj_tecajnice":"1","datum_primjene":"2023-01-02","drzava":"Australija",
//! "drzava_iso":"AUS","kupovni_tecaj":"1,571700","prodajni_tecaj":"1,566900",
//! "sifra_valute":"036","srednji_tecaj":"1,569300","valuta":"AUD"}`. An entry
//! reads `1 EUR = figure valuta`: the base is the euro, the quote the
//! currency, the unit 1. The figures are strings with a decimal comma and
//! six decimals, stored with a point and every printed digit; each of the
//! three is a series of its own (`srednji_tecaj` the mid, `kupovni_tecaj`
//! buying, `prodajni_tecaj` selling), never averaged. The middle rates of
//! the currencies the ECB fixes are the ECB's reference rates. The list
//! number (`broj_tecajnice`), which restarts each year, is kept as the
//! day's reference with the year of its date (`1/2023`); the country and
//! numeric code are not read.
//!
//! A list is set on each TARGET business day after the ECB's fixing and
//! dated the next TARGET business day, on which it applies (`datum
//! primjene`): Friday's list is Monday's, and a run may store tomorrow's.
//! A window without a list is answered `[]`: nothing published.
//!
//! Only the euro lists are served, from 1 January 2023. The kuna lists
//! before them (`/tecajn/v2`, `jedinica` units = figure HRK) are priced in
//! another home currency, which a source's one home currency in the
//! registry cannot express; they are not read.

use chrono::{Datelike as _, Days, NaiveDate};
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json;
use super::mnb::comma_rate;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, spans,
};
use crate::http::HttpClient;
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Series, Unit, check_published_day};

/// The euro: the base of every figure of the list.
const EUR: CurrencyCode = CurrencyCode::EUR;

/// The Croatian National Bank's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "hnb",
    publisher: "Hrvatska narodna banka (Croatian National Bank)",
    default_url: "https://api.hnb.hr",
    home: Home::Fixed(EUR),
    settings: &[],
    release: Release::Daily,
    week: Week::Target,
    closure: 0,
    figures: Figures::Official,
    about: "list for the CNB's clients, units of 13 currencies per 1 EUR: buying, middle (the ECB's) and selling, dated the business day it applies",
    first_day: date(2023, 1, 1),
    dated_ahead: 1,
    sparse: false,
    terms: "https://api.hnb.hr/en/web/guest/statistics/statistical-data/financial-sector/central-bank-cnb/exchange-rates/exchange-rate-list-for-cnb-clients",
    described: Described {
        printed: "`1 EUR = 1.066600 USD`; buying, middle (mid) and selling",
        history: "the euro lists only; the kuna lists before 2023 (HRK) are not served",
        published: "about 15:00 (after the ECB's fixing), the next business day's list",
        per_request: "92 days (no documented limit)",
        used_for: "contracts referring to the HNB's midpoint rate made before the euro (Act on the Introduction of the Euro, Art. 17(2)): the HNB's [exchange rate list](https://api.hnb.hr/en/web/guest/statistics/statistical-data/financial-sector/central-bank-cnb/exchange-rates/exchange-rate-list-for-cnb-clients), by number and date",
        requests: "`/tecajn-eur/v3?datum-primjene-od=YYYY-MM-DD&datum-primjene-do=YYYY-MM-DD`; latest: the last 7 days to tomorrow",
        nothing_published: "`[]`",
        cron: Some(CronLine {
            schedule: "30 16 * * 1-5",
            why: "HNB list, after the ECB's 16:00 fixing, dated the next business day",
        }),
    },
    build: |setup| {
        Box::new(Hnb {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The most days one request asks for: the API documents no limit, and a
/// quarter keeps an answer near 200 KB.
const MAX_SPAN_DAYS: u64 = 92;

/// How many days before tomorrow the latest list is looked for: beside a
/// weekend, the TARGET holidays of Easter and Christmas.
const LATEST_DAYS: u64 = 7;

/// One entry of the answer: one currency of one list. Figures are strings
/// with a decimal comma.
#[derive(Debug, Deserialize)]
struct Entry {
    broj_tecajnice: String,
    datum_primjene: String,
    valuta: String,
    srednji_tecaj: String,
    kupovni_tecaj: String,
    prodajni_tecaj: String,
}

/// The HNB provider below one base URL.
#[derive(Debug)]
pub struct Hnb<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Hnb<'_> {
    /// The newest day a list may be dated by today: tomorrow.
    fn last_day(&self) -> NaiveDate {
        self.today + Days::new(INFO.dated_ahead)
    }

    /// The lists dated `from` to `to`, one request per span, within the
    /// days the API may have.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = (from.max(INFO.first_day), to.min(self.last_day()));
        let mut kept = Vec::new();
        for (from, to) in spans(from, to, MAX_SPAN_DAYS) {
            kept.extend(self.period(from, to)?);
        }
        Ok(kept)
    }

    /// The lists of one window; none on `[]`.
    fn period(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(
            &self.base_url,
            "tecajn-eur/v3",
            &format!("datum-primjene-od={from}&datum-primjene-do={to}"),
        );
        let body = self.http.get(&url, "application/json")?;
        let days = self
            .selection
            .keep(&url, parse(&body, self.today, from, to))?;
        log::info!("{url}: {} lists", days.len());
        Ok(days)
    }
}

impl Provider for Hnb<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.last_day(), LATEST_DAYS, |from, to| {
            self.range(from, to)
        })
    }
}

/// Parses an answer of the euro list API for the days `from` to `to`,
/// asked on `today`: its lists, oldest first, each figure printed a rate of
/// its series (`1 EUR = figure valuta`), the list number and year as the
/// day's reference. `[]` is no list: nothing published.
///
/// Refuses the whole answer when it is not the expected JSON array (an HTML
/// page, a changed shape, an entry lacking a field), a date is malformed,
/// outside `from..=to` or the window of [`check_published_day`], a list's
/// entries are split or out of order, a list number is not a positive
/// integer or differs within a list, a code is not three uppercase letters,
/// a figure is not a positive decimal with a comma, or a list prints a
/// currency twice.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    let entries: Vec<Entry> = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let mut days: Vec<DayRates> = Vec::new();
    let mut rest = entries.as_slice();
    while let Some(first) = rest.first() {
        let len = rest
            .iter()
            .take_while(|entry| entry.datum_primjene == first.datum_primjene)
            .count();
        let (list, after) = rest.split_at(len);
        rest = after;
        let day = list_day(list, today, from, to)?;
        if let Some(previous) = days.last().map(DayRates::date) {
            if day.date() <= previous {
                return Err(format!(
                    "day {} follows {previous}: repeated or out of order",
                    day.date()
                ));
            }
        }
        days.push(day);
    }
    Ok(days)
}

/// The entries of one list (one `datum_primjene`, never empty) as its day.
fn list_day(
    list: &[Entry],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<DayRates, String> {
    let head = &list[0];
    let date = crate::model::parse_date(&head.datum_primjene).map_err(|_| {
        format!(
            "invalid date {:?} (expected YYYY-MM-DD)",
            head.datum_primjene
        )
    })?;
    let date = check_published_day(date, INFO.first_day, today)?;
    check_asked(date, from, to)?;
    let number = list_number(&head.broj_tecajnice)
        .ok_or_else(|| format!("day {date}: invalid list number {:?}", head.broj_tecajnice))?;
    let mut rates = Vec::with_capacity(3 * list.len());
    for entry in list {
        if entry.broj_tecajnice != head.broj_tecajnice {
            return Err(format!(
                "day {date}: list numbers {:?} and {:?} in one list",
                head.broj_tecajnice, entry.broj_tecajnice
            ));
        }
        rates.extend(figures(entry, date)?);
    }
    let reference = format!("{number}/{}", date.year());
    Ok(DayRates::new(date, EUR, rates)?.with_reference(reference))
}

/// A list number: a positive integer in decimal digits.
fn list_number(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|&number| number > 0)
}

/// The three figures of one entry of the list of `date`, each
/// `1 EUR = figure valuta`.
fn figures(entry: &Entry, date: NaiveDate) -> Result<Vec<Published>, String> {
    let code: CurrencyCode = entry
        .valuta
        .parse()
        .map_err(|err| format!("day {date}: {err}"))?;
    [
        (Series::Mid, "srednji_tecaj", &entry.srednji_tecaj),
        (Series::Buying, "kupovni_tecaj", &entry.kupovni_tecaj),
        (Series::Selling, "prodajni_tecaj", &entry.prodajni_tecaj),
    ]
    .into_iter()
    .map(|(series, name, figure)| {
        let rate = comma_rate(figure).map_err(|err| format!("day {date}, {code} {name}: {err}"))?;
        Ok(Published::per(Unit::ONE, EUR, code, rate).of(series))
    })
    .collect()
}

#[cfg(test)]
mod tests;
