//! საქართველოს ეროვნული ბანკი (National Bank of Georgia): the official
//! exchange rates of the lari, GEL per 1 to 10000 units of each foreign
//! currency, from the Bank's JSON service.
//!
//! `GET {base}/gw/api/ct/monetarypolicy/currencies/?date=YYYY-MM-DD`
//! answers a JSON array holding the one list in force on the day asked:
//! `[{"date":"2026-02-28T00:00:00.000Z","currencies":[{"code":"AMD",
//! "quantity":1000,"rateFormated":"7.0960","diffFormated":"0.0083",
//! "rate":7.0960,"name":"…","diff":0.0083,"date":"2026-02-27T17:01:00.093Z",
//! "validFromDate":"2026-02-28T00:00:00.000Z"}…]}]`. An entry reads
//! `quantity code = rateFormated GEL`: stored as base `code`, quote GEL,
//! unit `quantity`, the figure the text `rateFormated` (4 decimals, as
//! printed). The number `rate`, the differences and the Georgian names are
//! not read, nor the array's own `date`: the list is dated by its entries'
//! `validFromDate`, which must all agree.
//!
//! The Bank sets the rate each business day at about 17:00 Tbilisi time and
//! it takes effect the next day, so a list is dated Tuesday to Saturday
//! (Friday's is Saturday's, in force until Tuesday's; after a holiday the
//! list set before it stays in force). Asked for a day, the service answers
//! the list in force on it, often dated before it: asked for Monday
//! 2026-03-02 it answered the list of Saturday 2026-02-28. fxrates asks one
//! request per calendar day and stores each list once, under its own
//! `validFromDate`, when that day is among the days asked; a list dated
//! before them (the list still in force on the first day asked) stores
//! nothing, and one dated after the day asked is refused. The latest list
//! is the one in force tomorrow (or, if that is not answered, today).
//!
//! Nothing published: `[]`. The Bank prints no metals; a metal code in the
//! list would be left out, never stored as a per-ounce ISO unit.

use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json::{self, Raw};
use super::oxr::each_day;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week,
};
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, Unit, check_published_day};

/// The Georgian lari: the quote of every rate.
const GEL: CurrencyCode = CurrencyCode::from_static(b"GEL");

/// The National Bank of Georgia's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "nbg",
    publisher: "საქართველოს ეროვნული ბანკი (National Bank of Georgia)",
    default_url: "https://nbg.gov.ge",
    home: Home::Fixed(GEL),
    settings: &[],
    release: Release::Daily,
    week: Week::TuesdayToSaturday,
    closure: 3,
    figures: Figures::Official,
    about: "official exchange rates, GEL per 1 to 10000 units, dated by the day they take effect",
    first_day: date(1995, 9, 25),
    dated_ahead: 1,
    sparse: false,
    terms: "https://nbg.gov.ge/en/monetary-policy/currency",
    described: Described {
        printed: "`1000 AMD = 7.0960 GEL` (units 1 to 10000)",
        history: "from the lari's introduction; the Bank documents no depth",
        published: "about 13:00 (17:00 Tbilisi), the next day's rates",
        per_request: "one day (the list in force on it)",
        used_for: "Georgian accounting, tax and customs: the [official exchange rate of the lari](https://nbg.gov.ge/en/monetary-policy/currency)",
        requests: "`/gw/api/ct/monetarypolicy/currencies/?date=YYYY-MM-DD`, one per calendar day; latest: the list in force tomorrow",
        nothing_published: "`[]`",
        cron: Some(CronLine {
            schedule: "30 15 * * 1-5",
            why: "National Bank of Georgia: the next day's rates are set about 17:00 Tbilisi time (Friday's dated Saturday)",
        }),
    },
    build: |setup| {
        Box::new(Nbg {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
            progress: setup.progress,
        })
    },
};

/// The service's path below the base URL.
const PATH: &str = "gw/api/ct/monetarypolicy/currencies/";

/// One list of the answer; its own `date` is not read.
#[derive(Debug, Deserialize)]
struct List {
    currencies: Vec<Entry>,
}

/// One currency of a list; the number `rate`, the differences and the
/// name are not read.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    code: String,
    quantity: Raw,
    #[serde(rename = "rateFormated")]
    rate_formatted: String,
    valid_from_date: String,
}

/// The NBG provider below one base URL.
#[derive(Debug)]
pub struct Nbg<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
    progress: bool,
}

impl Nbg<'_> {
    /// The newest day a list may be dated by today: tomorrow.
    fn last_day(&self) -> NaiveDate {
        self.today + Days::new(INFO.dated_ahead)
    }

    /// The list in force on `day`, reduced to the selection, under its own
    /// date: none for `[]`.
    fn in_force(&self, day: NaiveDate) -> anyhow::Result<Option<DayRates>> {
        let url = endpoint(&self.base_url, PATH, &format!("date={day}"));
        let body = self.http.get_with(&Get {
            url: &url,
            accept: "application/json",
            headers: &[],
            explain: None,
        })?;
        let parsed = parse(&body, self.today).and_then(|list| in_force_on(day, list));
        let list = self
            .selection
            .keep(&url, parsed.map(|list| list.into_iter().collect()))?
            .pop();
        match &list {
            Some(list) => log::info!("{url}: the list of {}", list.date()),
            None => log::info!("{url}: no list"),
        }
        Ok(list)
    }

    /// The lists dated `from` to `to`, each once, oldest first: one request
    /// per calendar day, a list taken when first met within the days.
    fn days(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = (from.max(INFO.first_day), to.min(self.last_day()));
        let mut newest: Option<NaiveDate> = None;
        each_day(INFO.name, self.progress, from, to, |day| {
            let list = self.in_force(day)?;
            Ok(list.filter(|list| {
                let date = list.date();
                let new = date >= from && newest.is_none_or(|newest| date > newest);
                if new {
                    newest = Some(date);
                } else {
                    log::info!("{day}: the list of {date} is still in force");
                }
                new
            }))
        })
    }

    /// The newest list: the one in force tomorrow, or else today.
    fn latest(&self) -> anyhow::Result<Vec<DayRates>> {
        for day in [self.last_day(), self.today] {
            if let Some(list) = self.in_force(day)? {
                return Ok(vec![list]);
            }
        }
        Ok(Vec::new())
    }
}

impl Provider for Nbg<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        match request {
            DayRequest::Latest => self.latest(),
            DayRequest::Day(day) => self.days(day, day),
            DayRequest::Range { from, to } => self.days(from, to),
        }
    }
}

/// The list answered for `asked`, the one in force on it: dated that day
/// or before; refused if dated after it.
pub fn in_force_on(asked: NaiveDate, list: Option<DayRates>) -> Result<Option<DayRates>, String> {
    match list {
        Some(list) if list.date() > asked => Err(format!(
            "asked for {asked}, the list in force is dated {}",
            list.date()
        )),
        list => Ok(list),
    }
}

/// `2026-02-28T00:00:00.000Z`, as a list is dated.
fn parse_day(text: &str) -> Result<NaiveDate, String> {
    text.strip_suffix("T00:00:00.000Z")
        .and_then(|day| crate::model::parse_date(day).ok())
        .ok_or_else(|| {
            format!("invalid validFromDate {text:?} (expected YYYY-MM-DDT00:00:00.000Z)")
        })
}

/// Parses an answer for a run on `today`: `None` for `[]` or a list
/// without currencies (nothing published), else every entry but a metal
/// as `quantity code = rateFormated GEL`, dated by the entries'
/// `validFromDate`. Refuses a document that is not the expected JSON
/// array, more than one list, entries of different dates, a day outside
/// [`check_published_day`], a quantity that is not a power of ten, a
/// figure that is not a positive plain decimal, and a code listed twice.
pub fn parse(body: &[u8], today: NaiveDate) -> Result<Option<DayRates>, String> {
    let lists: Vec<List> = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let list = match lists.as_slice() {
        [] => return Ok(None),
        [list] => list,
        _ => return Err(format!("the answer holds {} lists, not one", lists.len())),
    };
    let Some(first) = list.currencies.first() else {
        return Ok(None);
    };
    let date = check_published_day(parse_day(&first.valid_from_date)?, INFO.first_day, today)?;
    let mut rates = Vec::with_capacity(list.currencies.len());
    for entry in &list.currencies {
        if entry.valid_from_date != first.valid_from_date {
            return Err(format!(
                "the list mixes dates: {} ({}) and {} ({})",
                first.valid_from_date, first.code, entry.valid_from_date, entry.code
            ));
        }
        let code: CurrencyCode = entry
            .code
            .parse()
            .map_err(|err| format!("day {date}: {err}"))?;
        let at = |err: String| format!("day {date}, {code}: {err}");
        let unit = Unit::from_count(entry.quantity.get()).map_err(at)?;
        let rate: Rate = entry.rate_formatted.parse().map_err(at)?;
        if code.is_metal() {
            continue;
        }
        rates.push(Published::per(unit, code, GEL, rate));
    }
    DayRates::new(date, GEL, rates).map(Some)
}

#[cfg(test)]
mod tests;
