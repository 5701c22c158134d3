//! Національний банк України (National Bank of Ukraine): the official
//! exchange rates of the hryvnia, UAH per 1, 10, 100 or 1000 units of
//! each foreign currency.
//!
//! `GET {base}/NBU_Exchange/exchange_site?start=YYYYMMDD&end=YYYYMMDD&sort=exchangedate&order=asc&json`
//! answers a JSON array, one row per currency and day, oldest day first:
//! `{"exchangedate":"01.03.2026","r030":764,"cc":"THB","txt":"Бат",
//! "enname":"Baht","rate":13.9116,"units":10,"rate_per_unit":1.39116,
//! "group":"1","calcdate":"26.02.2026","special":null}`. A row reads
//! `units cc = rate UAH`: stored as base `cc`, quote UAH, unit `units`,
//! `rate` read from its JSON text. `rate` is the figure the NBU sets and
//! prints in its official table, per `units` units (10 THB, 100 HUF, 1000
//! IDR); `rate_per_unit` is derived from it (`rate / units`, so `1.39116`
//! THB per one) and is not stored. The JSON drops trailing zeros: the
//! NBU's `15,0930` TND arrives as `15.093` and is stored so (the same
//! value; there is no field stating the printed decimals to restore).
//!
//! The NBU dates a rate by the day it takes effect (`exchangedate`), not by
//! the day it was set (`calcdate`, a business day before): a rate set on
//! a business day takes effect the next day, and every calendar day has
//! rows, weekends and holidays included (they carry the rate set on the
//! last business day before them, so Friday's, Saturday's and Sunday's
//! rows are alike). fxrates stores each row under its `exchangedate`. The
//! NBU publishes by 16:00 Kyiv time (14:00 UTC in winter) the rates of the
//! next day, so the latest day is usually tomorrow: the latest is the
//! newest day from [`LATEST_DAYS`] days back to tomorrow, the last day any
//! provider may date a rate.
//!
//! The bank metals (`XAU`, `XAG`, `XPT`, `XPD`, priced per troy ounce) are
//! not exchange rates and are skipped; `XDR` (the SDR) is kept. The API
//! documents no limit on a range; fxrates asks for at most
//! [`MAX_SPAN_DAYS`] days at a time (45 rows a day: about a megabyte).
//!
//! Nothing published: `[]`, the answer for a range without any rate. For
//! the latest day it is refused: the NBU has rates for every day.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::dates::NumericDate;
use super::endpoint::endpoint;
use super::json::{self, Raw};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, spans,
};
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Unit, check_published_day};

/// The hryvnia: the quote of every rate.
const UAH: CurrencyCode = CurrencyCode::from_static(b"UAH");

/// The National Bank of Ukraine's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "nbu",
    publisher: "Національний банк України (National Bank of Ukraine)",
    default_url: "https://bank.gov.ua",
    home: Home::Fixed(UAH),
    settings: &[],
    release: Release::Daily,
    week: Week::EveryDay,
    closure: 0,
    figures: Figures::Official,
    about: "official rates, UAH per 1 to 1000 units, dated by the day they take effect",
    first_day: date(1999, 1, 4),
    dated_ahead: 1,
    sparse: false,
    terms: "https://bank.gov.ua/en/open-data/api-dev",
    described: Described {
        printed: "`10 THB = 13.9116 UAH` (units 1, 10, 100, 1000)",
        history: "not documented; fxrates asks from here",
        published: "by 14:00 (16:00 Kyiv), the next day's rates",
        per_request: "92 days (no documented limit)",
        used_for: "Ukrainian accounting and tax: the official rate in force on the day",
        requests: "`/NBU_Exchange/exchange_site?start=YYYYMMDD&end=YYYYMMDD&sort=exchangedate&order=asc&json`; latest: the last 7 days to tomorrow",
        nothing_published: "`[]`",
        cron: Some(CronLine {
            schedule: "30 6 * * *",
            why: "National Bank of Ukraine: a day's rates are out by 16:00 Kyiv time the day before; it dates weekends too, so every morning",
        }),
    },
    build: |setup| {
        Box::new(Nbu {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The most days one request asks for: the API documents no limit, and a
/// quarter keeps an answer near a megabyte.
const MAX_SPAN_DAYS: u64 = 92;

/// How many days before today the latest day is looked for: every day has
/// rates, so a week is ample.
const LATEST_DAYS: u64 = 7;

/// One row of the answer; the names and the numeric code are not needed.
#[derive(Debug, Deserialize)]
struct Row {
    exchangedate: String,
    cc: String,
    rate: Raw,
    units: Raw,
}

/// The NBU provider below one base URL.
#[derive(Debug)]
pub struct Nbu<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Nbu<'_> {
    /// The answer for the days `from` to `to`, parsed, and its URL.
    fn download(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> anyhow::Result<(String, Result<Vec<DayRates>, String>)> {
        let query = format!(
            "start={}&end={}&sort=exchangedate&order=asc&json",
            from.format("%Y%m%d"),
            to.format("%Y%m%d"),
        );
        let url = endpoint(&self.base_url, "NBU_Exchange/exchange_site", &query);
        let body = self.http.get_with(&Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: None,
        })?;
        let days = parse(&body, self.today, from, to);
        if let Ok(days) = &days {
            log::info!("{url}: {} days", days.len());
        }
        Ok((url, days))
    }
}

impl Provider for Nbu<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let tomorrow = self.today + Days::new(1);
        let (from, to) = match request {
            DayRequest::Latest => {
                let from = self.today - Days::new(LATEST_DAYS);
                let (url, days) = self.download(from, tomorrow)?;
                let newest = days.and_then(|mut days| {
                    let newest = days.pop().ok_or("the answer holds no day of rates")?;
                    Ok(vec![newest])
                });
                return Ok(self.selection.keep(&url, newest)?);
            }
            DayRequest::Day(day) => (day, day),
            DayRequest::Range { from, to } => (from, to),
        };
        let mut kept = Vec::new();
        for (from, to) in spans(from, to.min(tomorrow), MAX_SPAN_DAYS) {
            let (url, days) = self.download(from, to)?;
            kept.extend(self.selection.keep(&url, days)?);
        }
        Ok(kept)
    }
}

/// Parses an answer for the days `from` to `to`, asked on `today`: its
/// days, oldest first, each row `units cc = rate UAH` as printed, the bank
/// metals skipped. `[]` is no day at all.
///
/// Refuses the whole answer when it is not the expected JSON array (an HTML
/// page, a changed shape, a row lacking a field), a date is malformed,
/// outside `from..=to` or the window of [`check_published_day`], a code is
/// not three uppercase letters, a unit is not a power of ten, a rate is not
/// a positive JSON number, or a day lists a currency twice.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    let rows: Vec<Row> = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let mut days: BTreeMap<NaiveDate, Vec<Published>> = BTreeMap::new();
    for row in &rows {
        let date = check_published_day(
            NumericDate::DOTS.parse(&row.exchangedate)?,
            INFO.first_day,
            today,
        )?;
        check_asked(date, from, to)?;
        let base: CurrencyCode = row.cc.parse().map_err(|err| format!("day {date}: {err}"))?;
        if base.is_metal() {
            continue;
        }
        let unit = Unit::from_count(row.units.get())
            .map_err(|err| format!("day {date}, {base}: {err}"))?;
        let rate = json::rate(&row.rate).map_err(|err| format!("day {date}, {base}: {err}"))?;
        days.entry(date)
            .or_default()
            .push(Published::per(unit, base, UAH, rate));
    }
    days.into_iter()
        .map(|(date, rates)| DayRates::new(date, UAH, rates))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    const SAMPLE: &[u8] =
        include_bytes!("../../tests/fixtures/nbu/exchange_site-2026-03-01-2026-03-16.json");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn parse_recorded(from: &str, to: &str) -> Result<Vec<DayRates>, String> {
        parse(SAMPLE, day("2026-03-16"), day(from), day(to))
    }

    /// One row of 27 June 2024 (unless `date` says otherwise).
    fn row(date: &str, cc: &str, units: &str, rate: &str) -> String {
        format!(
            r#"{{"exchangedate":"{date}","r030":840,"cc":"{cc}","txt":"x","enname":"x","rate":{rate},"units":{units},"rate_per_unit":{rate},"group":"1","calcdate":"26.06.2024","special":null}}"#
        )
    }

    fn refusal(rows: &[String]) -> String {
        let body = format!("[{}]", rows.join(","));
        parse(
            body.as_bytes(),
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        )
        .expect_err(&body)
    }

    fn shown(day: &DayRates, code: &str) -> Option<String> {
        day.rates()
            .iter()
            .find(|rate| rate.base.as_str() == code)
            .map(ToString::to_string)
    }

    #[test]
    fn the_recorded_answer_parses_to_every_printed_digit_and_unit() {
        let days = parse_recorded("2026-03-01", "2026-03-16").expect("the sample parses");
        let dates: Vec<NaiveDate> = days.iter().map(DayRates::date).collect();
        let every_day: Vec<NaiveDate> = day("2026-03-01").iter_days().take(16).collect();
        assert_eq!(dates, every_day, "every calendar day, weekends included");
        // 45 rows a day, of which 4 are bank metals.
        assert!(
            days.iter()
                .all(|day| day.rates().len() == 41 && day.home() == UAH)
        );
        let sunday = &days[0];
        assert_eq!(shown(sunday, "USD").as_deref(), Some("1 USD = 43.2081 UAH"));
        assert_eq!(
            shown(sunday, "THB").as_deref(),
            Some("10 THB = 13.9116 UAH")
        );
        assert_eq!(
            shown(sunday, "VND").as_deref(),
            Some("1000 VND = 1.6565 UAH")
        );
        assert_eq!(shown(sunday, "TND").as_deref(), Some("1 TND = 15.093 UAH"));
        assert_eq!(shown(sunday, "XDR").as_deref(), Some("1 XDR = 59.4533 UAH"));
        for metal in CurrencyCode::METALS {
            assert_eq!(shown(sunday, metal.as_str()), None, "{metal}");
        }
        let march = |d: usize| &days[d - 1];
        assert_eq!(
            shown(march(5), "HUF").as_deref(),
            Some("100 HUF = 13.1725 UAH")
        );
        assert_eq!(
            shown(march(9), "KRW").as_deref(),
            Some("100 KRW = 2.942 UAH")
        );
        assert_eq!(
            shown(march(16), "IDR").as_deref(),
            Some("1000 IDR = 2.6026 UAH")
        );
        // Set on Thursday 5 March, in force Friday to Sunday.
        assert_eq!(march(7).rates().len(), march(6).rates().len());
        for rate in march(6).rates() {
            let code = rate.base.as_str();
            assert_eq!(shown(march(7), code), Some(rate.to_string()));
            assert_eq!(shown(march(8), code), Some(rate.to_string()));
        }
    }

    #[test]
    fn an_empty_array_is_no_day_and_days_outside_the_request_are_refused() {
        assert_eq!(
            parse(
                b"[]",
                day("2026-03-16"),
                day("2026-03-01"),
                day("2026-03-16")
            ),
            Ok(vec![])
        );
        assert_eq!(
            parse_recorded("2026-03-02", "2026-03-16"),
            Err("day 2026-03-01 is outside the days asked for (2026-03-02..2026-03-16)".to_owned())
        );
        let tomorrow = parse(
            SAMPLE,
            day("2026-03-15"),
            day("2026-03-01"),
            day("2026-03-16"),
        );
        assert_eq!(
            tomorrow.map(|days| days.len()),
            Ok(16),
            "tomorrow may be dated"
        );
        assert_eq!(
            parse(
                SAMPLE,
                day("2026-03-14"),
                day("2026-03-01"),
                day("2026-03-16")
            ),
            Err("day 2026-03-16 is in the future".to_owned())
        );
    }

    #[test]
    fn broken_answers_are_refused() {
        let whole = std::str::from_utf8(SAMPLE).expect("UTF-8");
        let cut = &whole[..whole.len() * 2 / 3];
        let err = parse(
            cut.as_bytes(),
            day("2026-03-16"),
            day("2026-03-01"),
            day("2026-03-16"),
        )
        .expect_err("truncated");
        assert!(err.starts_with("the JSON document ends early"), "{err}");
        for (body, expected) in [
            ("<html><body>Request Rejected</body></html>", "not JSON"),
            (
                r#"{"error":"bad date"}"#,
                "not the expected JSON document: invalid type: map",
            ),
            (
                r#"[{"exchangedate":"27.06.2024","cc":"USD","units":1}]"#,
                "missing field `rate`",
            ),
            (
                r#"[{"exchangedate":"27.06.2024","cc":"USD","rate":40.5}]"#,
                "missing field `units`",
            ),
        ] {
            let err = parse(
                body.as_bytes(),
                day("2024-07-01"),
                day("2024-06-24"),
                day("2024-06-28"),
            )
            .expect_err(body);
            assert!(err.contains(expected), "{body}: {err}");
        }
    }

    #[test]
    fn bad_rates_units_codes_and_dates_are_refused_naming_the_day_and_currency() {
        for (units, rate, expected) in [
            (
                "1",
                "-40.5",
                "day 2024-06-27, USD: invalid rate -40.5 (a rate must be greater than zero)",
            ),
            (
                "1",
                "0",
                "day 2024-06-27, USD: invalid rate \"0\" (a rate must be greater than zero)",
            ),
            (
                "1",
                "null",
                "day 2024-06-27, USD: invalid rate null (expected a number)",
            ),
            (
                "1",
                "\"40.5\"",
                "day 2024-06-27, USD: invalid rate \"40.5\" (expected a number)",
            ),
            ("1", "1e999", "day 2024-06-27, USD: invalid rate 1e999"),
            ("50", "40.5", "day 2024-06-27, USD: invalid unit \"50\""),
            ("0", "40.5", "day 2024-06-27, USD: invalid unit \"0\""),
            ("1.0", "40.5", "day 2024-06-27, USD: invalid unit \"1.0\""),
            (
                "\"1\"",
                "40.5",
                "day 2024-06-27, USD: invalid unit \"\\\"1\\\"\"",
            ),
        ] {
            let err = refusal(&[row("27.06.2024", "USD", units, rate)]);
            assert!(err.starts_with(expected), "{units} {rate}: {err}");
        }
        for (cc, expected) in [
            ("usd", "day 2024-06-27: invalid currency code \"usd\""),
            ("", "day 2024-06-27: invalid currency code \"\""),
        ] {
            let err = refusal(&[row("27.06.2024", cc, "1", "40.5")]);
            assert!(err.starts_with(expected), "{cc:?}: {err}");
        }
        for (date, expected) in [
            (
                "2024-06-27",
                "invalid date \"2024-06-27\" (expected DD.MM.YYYY)",
            ),
            ("27.6.2024", "invalid date \"27.6.2024\""),
            ("31.06.2024", "invalid date \"31.06.2024\""),
            ("21.06.2024", "day 2024-06-21 is outside the days asked for"),
            ("04.01.2999", "day 2999-01-04 is in the future"),
        ] {
            let err = refusal(&[row(date, "USD", "1", "40.5")]);
            assert!(err.starts_with(expected), "{date}: {err}");
        }
        let twice = [
            row("27.06.2024", "USD", "1", "40.5"),
            row("27.06.2024", "EUR", "1", "43.4"),
            row("27.06.2024", "USD", "1", "40.6"),
        ];
        assert_eq!(
            refusal(&twice),
            "day 2024-06-27: currency USD appears twice"
        );
        let home = [row("27.06.2024", "UAH", "1", "1")];
        assert_eq!(
            refusal(&home),
            "day 2024-06-27: UAH is quoted against itself"
        );
    }

    #[test]
    fn metals_are_skipped_before_their_values_are_read() {
        let rows = format!(
            "[{},{}]",
            row("27.06.2024", "XAU", "1", "\"n/a\""),
            row("27.06.2024", "USD", "1", "40.5")
        );
        let days = parse(
            rows.as_bytes(),
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        )
        .expect("valid");
        assert_eq!(days.len(), 1);
        assert_eq!(shown(&days[0], "USD").as_deref(), Some("1 USD = 40.5 UAH"));
        assert_eq!(shown(&days[0], "XAU"), None);
    }
}
