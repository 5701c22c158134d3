//! Oʻzbekiston Respublikasi Markaziy banki (Central Bank of the Republic of
//! Uzbekistan): the official rates of the soum, from the JSON archive of
//! its web site. No key is needed.
//!
//! One request per calendar day, below the base URL (`https://cbu.uz`):
//! `/en/arkhiv-kursov-valyut/json/all/YYYY-MM-DD/`. A range asks for each
//! of its days, one at a time, weekends included; the latest is the newest
//! list of the [`LATEST_DAYS`] days up to tomorrow.
//!
//! The answer is a JSON array, one object per currency, every value a
//! string: `{"id":69,"Code":"840","Ccy":"USD",…,"Nominal":"1",
//! "Rate":"12194.21","Diff":"-16.5","Date":"01.04.2026"}`. An entry reads
//! `Nominal Ccy = Rate UZS`: the base is the foreign currency, the quote
//! UZS, the unit as printed (1; 10 for IDR, IRR and VND), the figure as
//! printed (`12142.10` keeps its zero). The names (`CcyNm_*`, with `\u`
//! escapes), the numeric code and the change (`Diff`) are not read. The
//! list holds 75 currencies, `XDR` (the SDR) among them, and no metal.
//!
//! A list is dated by its `Date` (DD.MM.YYYY), the day it takes effect:
//! every entry must carry the same one, and it must be the day asked for.
//! The Bank sets the rates after the close of the exchange's session and
//! they take effect the next day (Friday's on Monday), so the list of
//! tomorrow may already be there; fxrates asks up to tomorrow
//! (`dated_ahead` 1) and so reads Monday's list from Sunday on. An answer
//! dated before the day asked is the list still in force, not one of that
//! day: nothing published on it ([`super::day_list::of_day`]); one dated after it is refused.
//!
//! "Nothing published" for a day (a weekend, a holiday, a day not yet
//! set) was not recorded: `[]` is taken as such, and so is HTTP 404, the
//! error a missing page of the site would plausibly be; nothing else is.

use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::dates::NumericDate;
use super::day_list::{day_list, lists_between};
use super::endpoint::endpoint;
use super::json;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week,
};
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, Unit, check_published_day};

/// The soum: the quote of every entry of the list.
const UZS: CurrencyCode = CurrencyCode::from_static(b"UZS");

/// How many days back from tomorrow the latest list is looked for: a
/// weekend and the longest holidays.
pub const LATEST_DAYS: u64 = 7;

/// The Central Bank of Uzbekistan's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "cbu",
    publisher: "Oʻzbekiston Respublikasi Markaziy banki (Central Bank of the Republic of Uzbekistan)",
    default_url: "https://cbu.uz",
    home: Home::Fixed(UZS),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 5,
    figures: Figures::Official,
    about: "official rates, UZS per 1 or 10 units of foreign currency",
    first_day: date(1994, 7, 1),
    dated_ahead: 1,
    sparse: false,
    terms: "https://cbu.uz/en/arkhiv-kursov-valyut/veb-masteram/",
    described: Described {
        printed: "`1 USD = 12194.21 UZS` (units 1, 10), dated the day it takes effect",
        history: "from the soum's introduction; how far back the archive answers was not checked",
        published: "the afternoon before the day it takes effect, after the exchange's session (Tashkent, UTC+5)",
        per_request: "one day",
        used_for: "Uzbek accounting, statistics, customs and other mandatory payments: the CBU's official rate ([rates](https://cbu.uz/en/arkhiv-kursov-valyut/))",
        requests: "`/en/arkhiv-kursov-valyut/json/all/YYYY-MM-DD/`, one per calendar day; latest: the newest of the last 7 days to tomorrow",
        nothing_published: "`[]` or HTTP 404 for a day (not recorded); for one day, a list dated earlier",
        cron: Some(CronLine {
            schedule: "0 15 * * 1-5",
            why: "CBU, the next day's rates in the Tashkent afternoon",
        }),
    },
    build: |setup| {
        Box::new(Cbu {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
            progress: setup.progress,
        })
    },
};

/// `{"Ccy":"USD","Nominal":"1","Rate":"12194.21","Date":"01.04.2026",…}`;
/// only these four are read, each a string.
#[derive(Debug, Deserialize)]
struct Entry {
    #[serde(rename = "Ccy")]
    code: String,
    #[serde(rename = "Nominal")]
    nominal: String,
    #[serde(rename = "Rate")]
    rate: String,
    #[serde(rename = "Date")]
    date: String,
}

/// The CBU provider below one base URL.
#[derive(Debug)]
pub struct Cbu<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
    progress: bool,
}

impl Cbu<'_> {
    /// The list of `day`, reduced to the selection: none when nothing was
    /// published on it.
    fn list(&self, day: NaiveDate) -> anyhow::Result<Option<DayRates>> {
        let path = format!("en/arkhiv-kursov-valyut/json/all/{day}/");
        let url = endpoint(&self.base_url, &path, "");
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

impl Provider for Cbu<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let last = self.today + Days::new(INFO.dated_ahead);
        request.by_ranges(last, LATEST_DAYS, |from, to| self.days(from, to))
    }
}

/// Parses the list of one day for a run on `today`: `None` for `[]`
/// (nothing published), else each entry `Nominal Ccy = Rate UZS`, the day
/// its `Date`. Refuses entries of different dates, a day outside
/// [`check_published_day`] (which allows tomorrow), a code listed
/// twice and any entry that is not valid.
pub fn parse(body: &[u8], today: NaiveDate) -> Result<Option<DayRates>, String> {
    let entries: Vec<Entry> = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let Some(first) = entries.first() else {
        return Ok(None);
    };
    let date = NumericDate::DOTS.parse_in(&first.date, "Date")?;
    let date = check_published_day(date, INFO.first_day, today)?;
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
        let unit =
            Unit::from_count(&entry.nominal).map_err(|err| format!("day {date}, {code}: {err}"))?;
        let rate: Rate = entry
            .rate
            .parse()
            .map_err(|err| format!("day {date}, {code}: {err}"))?;
        rates.push(Published::per(unit, code, UZS, rate));
    }
    DayRates::new(date, UZS, rates).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;
    use crate::providers::day_list::of_day;

    const LIST: &[u8] = include_bytes!("../../tests/fixtures/cbu/json-all-2026-04-01.json");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-04-02")
    }

    /// A list of 01.04.2026 holding `entries`.
    fn entry(code: &str, nominal: &str, rate: &str) -> String {
        format!(
            r#"{{"id":1,"Code":"840","Ccy":"{code}","CcyNm_EN":"X","Nominal":"{nominal}","Rate":"{rate}","Diff":"-1","Date":"01.04.2026"}}"#
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
        assert_eq!(list.date(), day("2026-04-01"));
        assert_eq!(list.home(), UZS);
        assert_eq!(list.rates().len(), 75);
        assert_eq!(shown(&list, "USD"), "1 USD = 12194.21 UZS");
        assert_eq!(shown(&list, "HUF"), "1 HUF = 36.20 UZS");
        assert_eq!(shown(&list, "IDR"), "10 IDR = 7.18 UZS");
        assert_eq!(shown(&list, "IRR"), "10 IRR = 0.09 UZS");
        assert_eq!(shown(&list, "VND"), "10 VND = 4.63 UZS");
        assert_eq!(shown(&list, "XDR"), "1 XDR = 16557.42 UZS");
        assert_eq!(list.reference(), None);
    }

    #[test]
    fn an_empty_array_is_nothing_published() {
        assert_eq!(parse(b"[]", today()), Ok(None));
        assert_eq!(parse(b" [ ]\n", today()), Ok(None));
    }

    #[test]
    fn a_list_answers_its_own_day_an_earlier_one_none_a_later_one_is_refused() {
        let list = || parse(LIST, today()).expect("parses");
        assert!(of_day(day("2026-04-01"), list()).expect("ok").is_some());
        assert_eq!(of_day(day("2026-04-04"), list()), Ok(None));
        assert_eq!(of_day(day("2026-04-04"), None), Ok(None));
        assert_eq!(
            of_day(day("2026-03-31"), list()),
            Err("asked for 2026-03-31, the list is dated 2026-04-01".to_owned())
        );
    }

    #[test]
    fn broken_documents_are_refused() {
        let whole = std::str::from_utf8(LIST).expect("UTF-8");
        assert!(refusal(&whole[..whole.len() * 2 / 3]).starts_with("the JSON document ends early"));
        assert!(refusal("<html><body>Not Found</body></html>").starts_with("not JSON"));
        assert!(refusal("{}").starts_with("not the expected JSON document"));
        let numeric = list(&[entry("USD", "1", "1").replace(r#""Rate":"1""#, r#""Rate":1.5"#)]);
        assert!(refusal(&numeric).starts_with("not the expected JSON document"));
        let without = list(&[entry("USD", "1", "1").replace(r#""Rate":"1","#, "")]);
        assert!(refusal(&without).contains("missing field `Rate`"));
    }

    #[test]
    fn bad_rates_units_codes_and_dates_are_refused_naming_the_day_and_currency() {
        for (rate, expected) in [
            ("-1.5", "day 2026-04-01, USD: invalid rate \"-1.5\""),
            (
                "0.00",
                "day 2026-04-01, USD: invalid rate \"0.00\" (a rate must be greater than zero)",
            ),
            (
                "12 194,21",
                "day 2026-04-01, USD: invalid rate \"12 194,21\"",
            ),
            ("", "day 2026-04-01, USD: invalid rate \"\""),
        ] {
            let err = refusal(&list(&[entry("USD", "1", rate)]));
            assert!(err.starts_with(expected), "{rate}: {err}");
        }
        assert_eq!(
            refusal(&list(&[entry("IDR", "5", "7.18")])),
            "day 2026-04-01, IDR: invalid unit \"5\" (expected 1, 10, 100, … 1000000)"
        );
        assert!(
            refusal(&list(&[entry("usd", "1", "1")])).contains("invalid currency code \"usd\"")
        );
        let twice = list(&[entry("USD", "1", "1.5"), entry("USD", "1", "1.6")]);
        assert_eq!(
            refusal(&twice),
            "day 2026-04-01: currency USD appears twice"
        );
        let home = list(&[entry("UZS", "1", "1")]);
        assert_eq!(
            refusal(&home),
            "day 2026-04-01: UZS is quoted against itself"
        );
        let mixed = list(&[
            entry("USD", "1", "1.5"),
            entry("EUR", "1", "1.6").replace("01.04.2026", "02.04.2026"),
        ]);
        assert_eq!(
            refusal(&mixed),
            "the list mixes dates: 01.04.2026 (USD) and 02.04.2026 (EUR)"
        );
        let dated = |date: &str| list(&[entry("USD", "1", "1.5").replace("01.04.2026", date)]);
        assert_eq!(
            refusal(&dated("2026-04-01")),
            "invalid date \"2026-04-01\" in Date (expected DD.MM.YYYY)"
        );
        assert_eq!(
            refusal(&dated("31.04.2026")),
            "invalid date \"31.04.2026\" in Date (no such day)"
        );
        assert_eq!(
            refusal(&dated("04.01.2999")),
            "day 2999-01-04 is in the future"
        );
        // Tomorrow's list is out the afternoon before; the next one is not.
        assert!(parse(dated("03.04.2026").as_bytes(), today()).is_ok());
        assert_eq!(
            refusal(&dated("04.04.2026")),
            "day 2026-04-04 is in the future"
        );
    }
}
