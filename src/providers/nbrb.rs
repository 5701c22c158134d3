//! Нацыянальны банк Рэспублікі Беларусь (National Bank of the Republic of
//! Belarus): the official exchange rates of the Belarusian rouble, from the
//! Bank's JSON API. No key is needed.
//!
//! One request per calendar day, below the base URL
//! (`https://api.nbrb.by`): `/exrates/rates?periodicity=0&ondate=YYYY-MM-DD`,
//! the daily list (`periodicity=0`; the currencies set monthly are not in
//! it). The answer is a JSON array, one object per currency:
//! `{"Cur_ID":440,"Date":"2026-03-17T00:00:00","Cur_Abbreviation":"AUD",
//! "Cur_Scale":1,"Cur_Name":"Австралийский доллар","Cur_OfficialRate":2.0700}`.
//! An entry reads `Cur_Scale Cur_Abbreviation = Cur_OfficialRate BYN`: the
//! unit as printed (1 to 100000), the rate a JSON number read from its text,
//! never through binary floating point, so its four decimals and trailing
//! zeros are stored as printed (`2.0700`). The name and the Bank's own
//! currency id (`Cur_ID`) are not read. 30 currencies in 2026, the SDR
//! (`XDR`) among them; metals are priced on another endpoint, not asked
//! for.
//!
//! A list is dated by its `Date`, the day the rates are in force: every
//! entry must carry the same one, and it must be the day asked for. The
//! Bank sets the rates on a working day for the next day (Friday's for the
//! weekend and Monday too), and dates a list for every calendar day, so a
//! run fetches up to tomorrow. An answer dated before the day asked is the
//! list still in force, nothing of that day; one dated after is refused.
//!
//! Why a request per day: the API also answers a range, but one currency a
//! request (`/exrates/rates/dynamics/{Cur_ID}?startDate=…&endDate=…`, every
//! calendar day, with neither code nor scale), keyed by the Bank's
//! `Cur_ID`, which must be mapped through a daily list and which changed at
//! the 2016 redenomination. The daily list names its codes and scales; a
//! daily run asks two or three days.
//!
//! History starts on 2016-07-01, the first day of the new rouble (BYN): the
//! Bank serves lists before it, but in the old rouble (BYR, 10000 BYR = 1
//! BYN) under other `Cur_ID`s, another home currency, which fxrates does
//! not store under BYN.
//!
//! "Nothing published" for a day was not recorded: `[]`, the API's answer
//! for a window without rates, is taken as such, and so is HTTP 404; nothing
//! else is.

use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::cbbh::parse_day;
use super::day_list::{day_list, lists_between};
use super::endpoint::endpoint;
use super::json::{self, Raw};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week,
};
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Unit, check_published_day};

/// The Belarusian rouble: the quote of every entry of the list.
const BYN: CurrencyCode = CurrencyCode::from_static(b"BYN");

/// How many days back from tomorrow the latest list is looked for.
pub const LATEST_DAYS: u64 = 7;

/// The National Bank of the Republic of Belarus's entry in the provider
/// registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "nbrb",
    publisher: "Нацыянальны банк Рэспублікі Беларусь (National Bank of the Republic of Belarus)",
    default_url: "https://api.nbrb.by",
    home: Home::Fixed(BYN),
    settings: &[],
    release: Release::Daily,
    week: Week::EveryDay,
    closure: 3,
    figures: Figures::Official,
    about: "official exchange rates, BYN per 1 to 100000 units, dated every calendar day",
    first_day: date(2016, 7, 1),
    dated_ahead: 1,
    sparse: false,
    terms: "https://www.nbrb.by/engl/apihelp/exrates",
    described: Described {
        printed: "`100 JPY = 1.8494 BYN` (units 1 to 100000), a JSON number with 4 decimals (`2.0700`)",
        history: "from 2016-07-01, the new rouble's first day (the BYR lists before are left out)",
        published: "the working day before the day it is dated (Friday's for the weekend and Monday); the hour is not documented",
        per_request: "one day",
        used_for: "Belarusian accounting, tax and customs: the [official exchange rate](https://www.nbrb.by/engl/statistics/rates/ratesdaily.asp) of the Belarusian rouble",
        requests: "`/exrates/rates?periodicity=0&ondate=YYYY-MM-DD`, one per calendar day; latest: the newest of the last 7 days to tomorrow",
        nothing_published: "`[]` or HTTP 404 for a day (not recorded); for one day, a list dated earlier",
        cron: Some(CronLine {
            schedule: "0 14 * * 1-5",
            why: "NBRB, the next day's rates (Friday's up to Monday's) are set on the working day before",
        }),
    },
    build: |setup| {
        Box::new(Nbrb {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
            progress: setup.progress,
        })
    },
};

/// `{"Cur_ID":440,"Date":"2026-03-17T00:00:00","Cur_Abbreviation":"AUD",
/// "Cur_Scale":1,"Cur_Name":"…","Cur_OfficialRate":2.0700}`; the id and the
/// name are not read, the scale and the rate kept as their JSON text.
#[derive(Debug, Deserialize)]
struct Entry {
    #[serde(rename = "Date")]
    date: String,
    #[serde(rename = "Cur_Abbreviation")]
    code: String,
    #[serde(rename = "Cur_Scale")]
    scale: Raw,
    #[serde(rename = "Cur_OfficialRate")]
    rate: Raw,
}

/// The NBRB provider below one base URL.
#[derive(Debug)]
pub struct Nbrb<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
    progress: bool,
}

impl Nbrb<'_> {
    /// The list of `day`, reduced to the selection: none when nothing was
    /// published on it.
    fn list(&self, day: NaiveDate) -> anyhow::Result<Option<DayRates>> {
        let query = format!("periodicity=0&ondate={day}");
        let url = endpoint(&self.base_url, "exrates/rates", &query);
        let get = Get {
            url: &url,
            accept: "application/json",
            headers: &[],
            explain: None,
        };
        day_list(self.http, &self.selection, &get, day, |body| {
            parse(body, self.today)
        })
    }

    /// The published lists of `from..=to`, oldest first, one request per
    /// calendar day.
    fn days(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        lists_between(&INFO, self.today, self.progress, (from, to), |day| {
            self.list(day)
        })
    }
}

impl Provider for Nbrb<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let last = self.today + Days::new(INFO.dated_ahead);
        request.by_ranges(last, LATEST_DAYS, |from, to| self.days(from, to))
    }
}

/// Parses the list of one day for a run on `today`: `None` for `[]`
/// (nothing published), else each entry `Cur_Scale code = rate BYN`, the
/// day its `Date`. Refuses entries of different dates, a day outside
/// [`check_published_day`], a scale that is not a power of ten, a rate that
/// is not a positive JSON number, a code listed twice and any entry that
/// is not valid.
pub fn parse(body: &[u8], today: NaiveDate) -> Result<Option<DayRates>, String> {
    let entries: Vec<Entry> = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let Some(first) = entries.first() else {
        return Ok(None);
    };
    let date = check_published_day(parse_day(&first.date)?, INFO.first_day, today)?;
    let mut rates = Vec::with_capacity(entries.len());
    for entry in &entries {
        if entry.date != first.date {
            return Err(format!(
                "the list mixes dates: {} ({}) and {} ({})",
                first.date, first.code, entry.date, entry.code
            ));
        }
        let code: CurrencyCode = entry
            .code
            .parse()
            .map_err(|err| format!("day {date}: {err}"))?;
        let at = |err: String| format!("day {date}, {code}: {err}");
        let unit = Unit::from_count(entry.scale.get()).map_err(at)?;
        let rate = json::rate(&entry.rate).map_err(at)?;
        rates.push(Published::per(unit, code, BYN, rate));
    }
    DayRates::new(date, BYN, rates).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    const LIST: &[u8] = include_bytes!("../../tests/fixtures/nbrb/rates-2026-03-17.json");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-03-17")
    }

    /// An entry of 2026-03-17: `scale code = rate BYN`, the rate a JSON
    /// token as written.
    fn entry(code: &str, scale: &str, rate: &str) -> String {
        format!(
            r#"{{"Cur_ID":431,"Date":"2026-03-17T00:00:00","Cur_Abbreviation":"{code}","Cur_Scale":{scale},"Cur_Name":"X","Cur_OfficialRate":{rate}}}"#
        )
    }

    fn list(entries: &[String]) -> String {
        format!("[{}]", entries.join(","))
    }

    fn refusal(body: &str) -> String {
        parse(body.as_bytes(), today()).expect_err(body)
    }

    fn shown(list: &DayRates, code: &str) -> String {
        list.rates()
            .iter()
            .find(|rate| rate.base.as_str() == code)
            .unwrap_or_else(|| panic!("{code}"))
            .to_string()
    }

    #[test]
    fn the_recorded_list_parses_to_every_printed_digit_and_unit() {
        let list = parse(LIST, today()).expect("parses").expect("a list");
        assert_eq!(list.date(), day("2026-03-17"));
        assert_eq!(list.home(), BYN);
        assert_eq!(list.rates().len(), 30);
        assert_eq!(shown(&list, "AUD"), "1 AUD = 2.0700 BYN");
        assert_eq!(shown(&list, "USD"), "1 USD = 2.9463 BYN");
        assert_eq!(shown(&list, "JPY"), "100 JPY = 1.8494 BYN");
        assert_eq!(shown(&list, "IRR"), "100000 IRR = 0.2229 BYN");
        assert_eq!(shown(&list, "XDR"), "1 XDR = 4.0009 BYN");
    }

    #[test]
    fn an_empty_array_is_nothing_published() {
        assert_eq!(parse(b"[]", today()), Ok(None));
    }

    #[test]
    fn broken_documents_are_refused() {
        let whole = std::str::from_utf8(LIST).expect("UTF-8");
        assert!(refusal(&whole[..whole.len() * 2 / 3]).starts_with("the JSON document ends early"));
        assert!(refusal("<html><body>Not Found</body></html>").starts_with("not JSON"));
        assert!(refusal("{}").starts_with("not the expected JSON document"));
        let without =
            list(&[entry("USD", "1", "2.9463").replace(r#","Cur_OfficialRate":2.9463"#, "")]);
        assert!(refusal(&without).contains("missing field `Cur_OfficialRate`"));
    }

    #[test]
    fn bad_rates_scales_codes_and_dates_are_refused() {
        for (rate, expected) in [
            ("-2.9463", "day 2026-03-17, USD: invalid rate -2.9463"),
            ("0.0000", "(a rate must be greater than zero)"),
            (
                "\"2.9463\"",
                "day 2026-03-17, USD: invalid rate \"2.9463\" (expected a number)",
            ),
            (
                "null",
                "day 2026-03-17, USD: invalid rate null (expected a number)",
            ),
            ("1e999", "invalid rate"),
        ] {
            let err = refusal(&list(&[entry("USD", "1", rate)]));
            assert!(err.contains(expected), "{rate}: {err}");
        }
        assert!(
            refusal(&list(&[entry("JPY", "50", "1.8494")]))
                .starts_with("day 2026-03-17, JPY: invalid unit \"50\"")
        );
        let twice = list(&[entry("USD", "1", "2.9463"), entry("USD", "1", "2.9464")]);
        assert_eq!(
            refusal(&twice),
            "day 2026-03-17: currency USD appears twice"
        );
        assert_eq!(
            refusal(&list(&[entry("BYN", "1", "1")])),
            "day 2026-03-17: BYN is quoted against itself"
        );
        let mixed = list(&[
            entry("USD", "1", "2.9463"),
            entry("EUR", "1", "3.3741").replace("2026-03-17", "2026-03-18"),
        ]);
        assert_eq!(
            refusal(&mixed),
            "the list mixes dates: 2026-03-17T00:00:00 (USD) and 2026-03-18T00:00:00 (EUR)"
        );
        let dated =
            |date: &str| list(&[entry("USD", "1", "2.9463").replace("2026-03-17T00:00:00", date)]);
        assert!(refusal(&dated("17.03.2026")).starts_with("invalid date \"17.03.2026\""));
        assert_eq!(
            refusal(&dated("2999-01-04T00:00:00")),
            "day 2999-01-04 is in the future"
        );
        assert_eq!(
            refusal(&dated("2016-06-30T00:00:00")),
            "day 2016-06-30 is before the first reference rates (2016-07-01)"
        );
        // Tomorrow's list is out the day before.
        assert!(parse(dated("2026-03-18T00:00:00").as_bytes(), today()).is_ok());
    }
}
