//! Financial Benchmarks India: the rupee's reference rates (USD, GBP, EUR,
//! JPY, AED, IDR), which FBIL computes and publishes since it took them
//! over from the Reserve Bank of India on 2018-07-10. No key is needed.
//!
//! One request per calendar year of a range, below the base URL
//! (`https://www.fbil.org.in/wasdm`):
//! `/refrates/fetchfiltered?fromDate=YYYY-MM-DD&toDate=YYYY-MM-DD&authenticated=false`.
//! The latest is the newest day of the last [`LATEST_DAYS`] days.
//!
//! The answer is a JSON array, newest first, one row per currency and day:
//! `{"processRunDate":"2026-03-20 00:00:00","subProdName":"INR / 100 JPY",
//! "displayTime":"2026-03-20 13:00:00","rate":58.940000,"comments":""}`.
//! The currency and its unit are written only in `subProdName`: `INR / 100
//! JPY` reads `100 JPY = rate INR`. `rate` is a JSON number padded to six
//! decimals (`58.940000`), stored as the raw text of the token, never
//! through binary floating point. A day is dated by `processRunDate`;
//! `displayTime` (when it was shown) and `comments` are not read.
//!
//! Indian holidays are absent from the array; a window with nothing
//! published answers `[]`: no day. Nothing else is.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json::{self, Raw};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, year_spans,
};
use crate::http::{Get, HttpClient};
use crate::model::{CurrencyCode, DayRates, Published, Unit, check_published_day};
use crate::model::{date, parse_date};

/// The rupee: the quote of every rate.
const INR: CurrencyCode = CurrencyCode::from_static(b"INR");

/// The call below the base URL.
const FETCH: &str = "refrates/fetchfiltered";

/// How many days back from today the latest day is looked for: a long
/// weekend with holidays around it (Diwali).
pub const LATEST_DAYS: u64 = 14;

/// Financial Benchmarks India's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "fbil",
    publisher: "Financial Benchmarks India",
    default_url: "https://www.fbil.org.in/wasdm",
    home: Home::Fixed(INR),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 5,
    figures: Figures::Official,
    about: "the rupee's reference rates, INR per 1, 100 or 10000 units",
    first_day: date(2018, 7, 10),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.fbil.org.in/",
    described: Described {
        printed: "`100 JPY = 58.940000 INR` (units 1, 100, 10000), a JSON number padded to 6 decimals",
        history: "from FBIL's first reference rates (the RBI published them before); how far back the service answers was not checked",
        published: "by 13:30 Mumbai time (UTC+5:30), 08:00 UTC, each Mumbai business day",
        per_request: "a calendar year (no documented limit)",
        used_for: "India's benchmark rupee rates, which FBIL administers as the RBI's recognised benchmark administrator ([reference rates](https://www.fbil.org.in/))",
        requests: "`/refrates/fetchfiltered?fromDate=YYYY-MM-DD&toDate=YYYY-MM-DD&authenticated=false`; latest: the last 14 days",
        nothing_published: "`[]`",
        cron: Some(CronLine {
            schedule: "30 11 * * 1-5",
            why: "FBIL, the day's reference rates after 13:30 in Mumbai",
        }),
    },
    build: |setup| {
        Box::new(Fbil {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// `{"processRunDate":"2026-03-20 00:00:00","subProdName":"INR / 1 USD",
/// "rate":93.348300,…}`; `displayTime` and `comments` are not read.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Row {
    process_run_date: String,
    sub_prod_name: String,
    rate: Raw,
}

/// The FBIL provider below one base URL.
#[derive(Debug)]
pub struct Fbil<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Fbil<'_> {
    /// The days from `from` to `to`, a calendar year per request.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let mut days = Vec::new();
        for (from, to) in year_spans(from.max(INFO.first_day), to.min(self.today)) {
            let query = format!("fromDate={from}&toDate={to}&authenticated=false");
            let url = endpoint(&self.base_url, FETCH, &query);
            let get = Get {
                url: &url,
                accept: "application/json",
                headers: &[],
                explain: None,
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

impl Provider for Fbil<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// Parses an answer for the days `from` to `to`, asked on `today`: its
/// days, oldest first (the array lists them newest first), each row
/// `unit code = rate INR` as `subProdName` names it. `[]` is no day.
///
/// Refuses what is not an array of rows, a `subProdName` other than
/// `INR / {unit} {code}`, a day that is not `YYYY-MM-DD[ hh:mm:ss]` or lies
/// outside the days asked for or [`check_published_day`], a currency twice
/// on one day, and any figure that is not a positive JSON number.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    let rows: Vec<Row> = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let mut days: BTreeMap<NaiveDate, Vec<Published>> = BTreeMap::new();
    for row in &rows {
        let day = run_date(&row.process_run_date)?;
        let day = check_published_day(day, INFO.first_day, today)?;
        check_asked(day, from, to)?;
        let (unit, code) =
            product(&row.sub_prod_name).map_err(|err| format!("day {day}: {err}"))?;
        let rate = json::rate(&row.rate).map_err(|err| format!("day {day}, {code}: {err}"))?;
        days.entry(day)
            .or_default()
            .push(Published::per(unit, code, INR, rate));
    }
    days.into_iter()
        .map(|(day, rates)| DayRates::new(day, INR, rates))
        .collect()
}

/// `2026-03-20 00:00:00` (or the date alone) as a date.
fn run_date(text: &str) -> Result<NaiveDate, String> {
    let date = text.split_once(' ').map_or(text, |(date, _)| date);
    parse_date(date).map_err(|err| format!("{err} in processRunDate"))
}

/// The unit and currency a `subProdName` names: `INR / 100 JPY` is 100
/// JPY.
fn product(name: &str) -> Result<(Unit, CurrencyCode), String> {
    let invalid = || format!("unreadable subProdName {name:?} (expected e.g. \"INR / 100 JPY\")");
    let (count, code) = name
        .strip_prefix("INR / ")
        .and_then(|rest| rest.split_once(' '))
        .ok_or_else(invalid)?;
    let unit = Unit::from_count(count).map_err(|err| format!("{err} in {name:?}"))?;
    let code: CurrencyCode = code.parse().map_err(|err| format!("{err} in {name:?}"))?;
    Ok((unit, code))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORDED: &[u8] = include_bytes!("../../tests/fixtures/fbil/refrates-2026-03-20.json");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    /// A row of `date` for `product` at `rate` (a JSON token as written).
    fn row(date: &str, product: &str, rate: &str) -> String {
        format!(
            r#"{{"processRunDate":"{date} 00:00:00","subProdName":"{product}","displayTime":"{date} 13:00:00","rate":{rate},"comments":""}}"#
        )
    }

    /// An answer of `rows` for the window 2024-06-24..2024-06-28.
    fn answer(rows: &[String]) -> Result<Vec<DayRates>, String> {
        let body = format!("[{}]", rows.join(","));
        parse(
            body.as_bytes(),
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        )
    }

    fn refusal(rows: &[String]) -> String {
        answer(rows).expect_err("refused")
    }

    fn shown(day: &DayRates) -> Vec<String> {
        day.rates().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_recorded_day_parses_to_every_printed_digit_and_unit() {
        let days = parse(
            RECORDED,
            day("2026-03-20"),
            day("2026-03-20"),
            day("2026-03-20"),
        )
        .expect("valid");
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].date(), day("2026-03-20"));
        assert_eq!(days[0].home(), INR);
        assert_eq!(
            shown(&days[0]),
            [
                "1 USD = 93.348300 INR",
                "1 GBP = 125.156400 INR",
                "1 EUR = 107.943600 INR",
                "100 JPY = 58.940000 INR",
                "1 AED = 25.413500 INR",
                "10000 IDR = 55.107900 INR",
            ]
        );
    }

    #[test]
    fn days_listed_newest_first_come_out_oldest_first_and_empty_is_no_day() {
        let days = answer(&[
            row("2024-06-28", "INR / 1 USD", "83.388800"),
            row("2024-06-28", "INR / 1 EUR", "89.256400"),
            row("2024-06-27", "INR / 1 USD", "83.576300"),
        ])
        .expect("valid");
        let dates: Vec<String> = days.iter().map(|d| d.date().to_string()).collect();
        assert_eq!(dates, ["2024-06-27", "2024-06-28"]);
        assert_eq!(
            shown(&days[1]),
            ["1 USD = 83.388800 INR", "1 EUR = 89.256400 INR"]
        );
        assert_eq!(answer(&[]), Ok(Vec::new()));
    }

    #[test]
    fn the_unit_and_code_are_read_from_the_product_name() {
        for (name, unit, code) in [
            ("INR / 1 USD", 1, "USD"),
            ("INR / 100 JPY", 100, "JPY"),
            ("INR / 10000 IDR", 10_000, "IDR"),
        ] {
            let (read_unit, read_code) = product(name).expect(name);
            assert_eq!((read_unit.count(), read_code.as_str()), (unit, code));
        }
        for name in ["USD / 1 INR", "INR/1 USD", "INR / USD", "1 USD"] {
            assert!(
                product(name)
                    .expect_err(name)
                    .starts_with("unreadable subProdName"),
                "{name}"
            );
        }
        assert!(
            product("INR / 5 USD")
                .expect_err("5")
                .starts_with("invalid unit \"5\"")
        );
        assert!(
            product("INR / 1 usd")
                .expect_err("usd")
                .contains("invalid currency code")
        );
    }

    #[test]
    fn bad_rates_days_and_repeats_are_refused_naming_the_day_and_currency() {
        let usd = |rate: &str| vec![row("2024-06-27", "INR / 1 USD", rate)];
        assert!(refusal(&usd("-83.5")).starts_with("day 2024-06-27, USD: invalid rate -83.5"));
        assert!(
            refusal(&usd("\"83.5\""))
                .starts_with("day 2024-06-27, USD: invalid rate \"83.5\" (expected a number)")
        );
        assert!(refusal(&usd("null")).starts_with("day 2024-06-27, USD: invalid rate null"));
        let twice = [
            row("2024-06-27", "INR / 1 USD", "83.5"),
            row("2024-06-27", "INR / 1 USD", "83.6"),
        ];
        assert_eq!(
            refusal(&twice),
            "day 2024-06-27: currency USD appears twice"
        );
        assert_eq!(
            refusal(&[row("2024-07-05", "INR / 1 USD", "83.5")]),
            "day 2024-07-05 is in the future"
        );
        assert_eq!(
            refusal(&[row("2024-06-21", "INR / 1 USD", "83.5")]),
            "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)"
        );
        assert_eq!(
            refusal(&[row("27-06-2024", "INR / 1 USD", "83.5")]),
            "invalid date \"27-06-2024\" (expected YYYY-MM-DD) in processRunDate"
        );
        assert!(
            refusal(&[row("2024-06-27", "INR / 100 yen", "83.5")])
                .starts_with("day 2024-06-27: invalid currency code \"yen\"")
        );
    }

    #[test]
    fn broken_documents_are_refused() {
        let text = std::str::from_utf8(RECORDED).expect("UTF-8");
        let parse_text = |text: &str| {
            parse(
                text.as_bytes(),
                day("2026-03-20"),
                day("2026-03-20"),
                day("2026-03-20"),
            )
            .expect_err(text)
        };
        assert!(parse_text(&text[..text.len() / 2]).starts_with("the JSON document ends early"));
        assert!(parse_text("<html><body>Error</body></html>").starts_with("not JSON"));
        assert!(
            parse_text(r#"{"status":500,"error":"Internal Server Error"}"#)
                .starts_with("not the expected JSON document")
        );
        assert!(
            parse_text(r#"[{"processRunDate":"2026-03-20 00:00:00","rate":1}]"#)
                .contains("missing field `subProdName`")
        );
    }
}
