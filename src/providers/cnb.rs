//! Česká národní banka (Czech National Bank): the daily exchange rate
//! fixing of the Czech koruna, through the CNB's JSON API.
//!
//! Requests, below the base URL (`https://api.cnb.cz/cnbapi`):
//! - `/exrates/daily?lang=EN`: the latest fixing (`Latest`);
//! - `/exrates/daily?date=YYYY-MM-DD&lang=EN`: the fixing valid on a day
//!   (`Day`). For a day without a fixing (a weekend, a holiday) the CNB
//!   answers with the fixing of the business day before, under that day's
//!   `validFor`: that means nothing was published on the day asked for;
//! - `/exrates/daily-year?year=YYYY&lang=EN`: every fixing of a calendar year
//!   (`Range`), one year per request; the days of the year outside the
//!   range asked for are dropped, a day outside the year refuses the answer.
//!
//! The answer is `{"rates":[{"validFor","currencyCode","amount","rate",…}]}`,
//! one row per currency and day, grouped by day, oldest first. A row reads
//! `amount code = rate CZK`: the base is the foreign currency, the quote CZK,
//! the unit `amount` (1, 100 for HUF, JPY, …, 1000 for IDR), all as printed;
//! `rate` is read from its JSON text (`24.170` keeps its trailing zero).
//! Every code of the fixing is an ISO 4217 code, `XDR` (the IMF's SDR)
//! included, and all are kept: the fixing holds no index or other
//! non-currency series to skip.
//!
//! "Nothing published" is `{"rates":[]}` (a year without a fixing yet, a
//! day before the first one): that and only that is an empty answer.
//!
//! The fixing is declared on Czech business days shortly after 14:30 Prague
//! time (13:30 UTC in winter, 12:30 UTC in summer). The CNB's series starts
//! in 1991; fxrates asks for nothing before 1999-01-04.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json::{self, Raw};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, year_spans,
};
use crate::error::Error;
use crate::http::{Explain, Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Unit, check_published_day, parse_date};

/// The Czech koruna: the quote of every row of the fixing.
const CZK: CurrencyCode = CurrencyCode::from_static(b"CZK");

/// The Česká národní banka's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "cnb",
    publisher: "Česká národní banka (Czech National Bank)",
    default_url: "https://api.cnb.cz/cnbapi",
    home: Home::Fixed(CZK),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 3,
    figures: Figures::Official,
    about: "daily fixing, CZK per 1, 100 or 1000 units of foreign currency",
    first_day: date(1991, 1, 1),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.cnb.cz/en/terms-of-use/",
    described: Described {
        printed: "`100 HUF = 6.304 CZK` (units 1, 100, 1000)",
        history: "",
        published: "after 13:30 (14:30 Prague)",
        per_request: "a calendar year",
        used_for: "Czech accounting and tax: the CNB fixing",
        requests: "`/exrates/daily-year?year=YYYY&lang=EN`; one day `/exrates/daily?date=D&lang=EN`; latest `/exrates/daily?lang=EN`",
        nothing_published: r#"`{"rates":[]}`; for one day, an answer for an earlier day"#,
        cron: Some(CronLine {
            schedule: "45 14 * * 1-5",
            why: "CNB fixing, after 14:30 Prague time",
        }),
    },
    build: |setup| {
        Box::new(Cnb::new(
            setup.http,
            setup.url,
            setup.selection,
            setup.today,
        ))
    },
};

/// `{"rates":[…]}`
#[derive(Debug, Deserialize)]
struct Answer {
    rates: Vec<Row>,
}

/// `{"validFor":"2026-01-02","order":1,"country":"Hungary","currency":"forint",
/// "amount":100,"currencyCode":"HUF","rate":6.304}`; only these four are needed.
#[derive(Debug, Deserialize)]
struct Row {
    #[serde(rename = "validFor")]
    valid_for: String,
    #[serde(rename = "currencyCode")]
    currency_code: String,
    amount: Raw,
    rate: Raw,
}

/// The CNB's JSON error body: `{"description":"…","errorCode":"…",…}`.
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    description: String,
}

/// The CNB provider below one base URL.
#[derive(Debug)]
pub struct Cnb<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl<'a> Cnb<'a> {
    /// A provider reading `{base_url}/exrates/…` for a run on `today` (UTC),
    /// keeping what `selection` asks for.
    pub fn new(
        http: &'a HttpClient,
        base_url: &str,
        selection: Selection,
        today: NaiveDate,
    ) -> Self {
        Cnb {
            http,
            base_url: base_url.to_owned(),
            selection,
            today,
        }
    }

    /// The days the answer to `{base_url}/exrates/{path}?{query}` holds,
    /// each within `asked` when given, and the URL asked.
    fn days(
        &self,
        path: &str,
        query: &str,
        asked: Option<(NaiveDate, NaiveDate)>,
    ) -> anyhow::Result<(String, Vec<DayRates>)> {
        let url = endpoint(&self.base_url, &format!("exrates/{path}"), query);
        let body = self.http.get_with(&Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: Some(Explain::Says(explain)),
        })?;
        let days = parse(&body, self.today, asked).map_err(|reason| Error::InvalidData {
            url: url.clone(),
            reason,
        })?;
        log::info!("{url}: {} days", days.len());
        Ok((url, days))
    }

    /// The answer to a one-day request: no day, or exactly one.
    fn one_day(&self, path: &str, query: &str) -> anyhow::Result<(String, Option<DayRates>)> {
        let (url, mut days) = self.days(path, query, None)?;
        if days.len() > 1 {
            return Err(Error::InvalidData {
                url,
                reason: format!("the answer holds {} days, not one", days.len()),
            }
            .into());
        }
        Ok((url, days.pop()))
    }

    /// `days` reduced by the selection, refused as the answer of `url`.
    fn select(&self, url: &str, days: Vec<DayRates>) -> anyhow::Result<Vec<DayRates>> {
        Ok(self.selection.keep(url, Ok(days))?)
    }
}

impl Provider for Cnb<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        match request {
            DayRequest::Latest => {
                let (url, day) = self.one_day("daily", "lang=EN")?;
                let day = day.ok_or_else(|| Error::InvalidData {
                    url: url.clone(),
                    reason: "the latest fixing holds no rates".to_owned(),
                })?;
                self.select(&url, vec![day])
            }
            DayRequest::Day(day) if day < INFO.first_day => Ok(Vec::new()),
            DayRequest::Day(day) => {
                let (url, answer) = self.one_day("daily", &format!("date={day}&lang=EN"))?;
                match answer {
                    Some(answer) if answer.date() == day => self.select(&url, vec![answer]),
                    // The fixing of the business day before: none on `day`.
                    Some(answer) if answer.date() < day => Ok(Vec::new()),
                    Some(answer) => Err(Error::InvalidData {
                        url,
                        reason: format!("asked for {day}, the answer is for {}", answer.date()),
                    }
                    .into()),
                    None => Ok(Vec::new()),
                }
            }
            DayRequest::Range { from, to } => {
                let mut kept = Vec::new();
                for (from, to) in year_spans(from.max(INFO.first_day), to) {
                    let year = from.year();
                    let (url, mut days) = self.days(
                        "daily-year",
                        &format!("year={year}&lang=EN"),
                        Some(whole_year(year)),
                    )?;
                    days.retain(|day| (from..=to).contains(&day.date()));
                    kept.extend(self.select(&url, days)?);
                }
                Ok(kept)
            }
        }
    }
}

/// 1 January to 31 December of `year`.
fn whole_year(year: i32) -> (NaiveDate, NaiveDate) {
    let day = |month, day| NaiveDate::from_ymd_opt(year, month, day).unwrap_or(INFO.first_day);
    (day(1, 1), day(12, 31))
}

/// Parses an answer of the fixing endpoints for a run on `today`: its days,
/// oldest first, each row `amount code = rate CZK`, each day within `asked`
/// when given. `{"rates":[]}` is no day at all. Refuses rows of one day that
/// are not together, days out of order, and any row that is not valid.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    asked: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<DayRates>, String> {
    let answer: Answer = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let mut days: Vec<DayRates> = Vec::new();
    let mut current: Option<(NaiveDate, Vec<Published>)> = None;
    for row in &answer.rates {
        let date = check_published_day(parse_date(&row.valid_for)?, INFO.first_day, today)?;
        match &mut current {
            Some((day, rates)) if *day == date => rates.push(published(row, date)?),
            _ => {
                if let Some((day, rates)) = current.take() {
                    days.push(DayRates::new(day, CZK, rates)?);
                }
                if let Some(previous) = days.last().map(DayRates::date) {
                    if date <= previous {
                        return Err(format!(
                            "day {date} follows {previous}: repeated or out of order"
                        ));
                    }
                }
                if let Some((from, to)) = asked {
                    check_asked(date, from, to)?;
                }
                current = Some((date, vec![published(row, date)?]));
            }
        }
    }
    if let Some((day, rates)) = current {
        days.push(DayRates::new(day, CZK, rates)?);
    }
    Ok(days)
}

/// One row of `date`: `amount code = rate CZK`.
fn published(row: &Row, date: NaiveDate) -> Result<Published, String> {
    let base: CurrencyCode = row
        .currency_code
        .parse()
        .map_err(|err| format!("day {date}: {err}"))?;
    let unit =
        Unit::from_count(row.amount.get()).map_err(|err| format!("day {date}, {base}: {err}"))?;
    let rate = json::rate(&row.rate).map_err(|err| format!("day {date}, {base}: {err}"))?;
    Ok(Published::per(unit, base, CZK, rate))
}

/// The CNB's JSON error body's `description`, if that is what it is.
fn explain(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<ErrorAnswer>(body)
        .ok()
        .map(|answer| answer.description)
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEAR: &[u8] = include_bytes!("../../tests/fixtures/cnb/daily-year-2026.json");
    const DAILY: &[u8] = include_bytes!("../../tests/fixtures/cnb/daily-2026-01-02.json");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-04-02")
    }

    /// An answer opening with the EUR row of `date`, then `rows` (if any).
    fn answer(date: &str, rows: &str) -> String {
        let comma = if rows.is_empty() { "" } else { "," };
        format!(
            r#"{{"rates":[{{"currencyCode":"EUR","amount":1,"validFor":"{date}","rate":25.020}}{comma}{rows}]}}"#
        )
    }

    fn row(code: &str, amount: &str, rate: &str) -> String {
        format!(
            r#"{{"currencyCode":"{code}","amount":{amount},"validFor":"2024-06-27","rate":{rate}}}"#
        )
    }

    fn refusal(body: &str) -> String {
        parse(body.as_bytes(), today(), None).expect_err(body)
    }

    fn shown(day: &DayRates, code: &str) -> String {
        let rate = day
            .rates()
            .iter()
            .find(|rate| rate.base.as_str() == code)
            .unwrap_or_else(|| panic!("{code} on {}", day.date()));
        rate.to_string()
    }

    #[test]
    fn the_recorded_year_parses_to_every_printed_digit_and_unit() {
        let days = parse(YEAR, today(), Some(whole_year(2026))).expect("the sample parses");
        assert_eq!(days.len(), 65);
        assert_eq!(days[0].date(), day("2026-01-02"));
        assert_eq!(days[64].date(), day("2026-04-02"));
        assert!(days.iter().all(|day| day.rates().len() == 30));
        let first = &days[0];
        assert_eq!(shown(first, "HUF"), "100 HUF = 6.304 CZK");
        assert_eq!(shown(first, "IDR"), "1000 IDR = 1.233 CZK");
        assert_eq!(shown(first, "JPY"), "100 JPY = 13.141 CZK");
        assert_eq!(shown(first, "EUR"), "1 EUR = 24.170 CZK");
        assert_eq!(shown(first, "USD"), "1 USD = 20.611 CZK");
        assert_eq!(shown(first, "XDR"), "1 XDR = 28.227 CZK");
        assert_eq!(shown(&days[64], "USD"), "1 USD = 21.291 CZK");
        assert_eq!(first.reference(), None);
    }

    #[test]
    fn one_recorded_day_parses_alone() {
        let days = parse(DAILY, today(), None).expect("the day parses");
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].date(), day("2026-01-02"));
        assert_eq!(shown(&days[0], "PLN"), "1 PLN = 5.739 CZK");
    }

    #[test]
    fn an_empty_list_is_nothing_published() {
        assert_eq!(parse(br#"{"rates":[]}"#, today(), None), Ok(Vec::new()));
    }

    #[test]
    fn a_day_outside_the_year_asked_for_is_refused() {
        let err = parse(YEAR, today(), Some(whole_year(2025))).expect_err("2026 in 2025");
        assert_eq!(
            err,
            "day 2026-01-02 is outside the days asked for (2025-01-01..2025-12-31)"
        );
    }

    #[test]
    fn broken_documents_are_refused() {
        let whole = std::str::from_utf8(YEAR).expect("UTF-8");
        assert!(refusal(&whole[..whole.len() * 2 / 3]).starts_with("the JSON document ends early"));
        assert!(refusal("<html><body>Request Rejected</body></html>").starts_with("not JSON"));
        assert!(refusal("{}").contains("missing field `rates`"));
        assert!(refusal(r#"[{"rates":[]}]"#).starts_with("not the expected JSON document"));
        let renamed = answer(
            "2024-06-27",
            r#"{"currencyCode":"USD","amount":1,"validFor":"2024-06-27","kurz":23.375}"#,
        );
        assert!(
            refusal(&renamed).contains("missing field `rate`"),
            "{renamed}"
        );
    }

    #[test]
    fn bad_rates_units_and_codes_are_refused_naming_the_day_and_currency() {
        for (amount, rate, expected) in [
            (
                "1",
                "-1",
                "day 2024-06-27, USD: invalid rate -1 (a rate must be greater than zero)",
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
                "\"23.3\"",
                "day 2024-06-27, USD: invalid rate \"23.3\" (expected a number)",
            ),
            (
                "1",
                "1e999",
                "day 2024-06-27, USD: invalid rate 1e999 (expected a positive decimal number)",
            ),
            (
                "50",
                "23.3",
                "day 2024-06-27, USD: invalid unit \"50\" (expected 1, 10, 100, … 1000000)",
            ),
            ("0", "23.3", "day 2024-06-27, USD: invalid unit \"0\""),
            (
                "\"1\"",
                "23.3",
                "day 2024-06-27, USD: invalid unit \"\\\"1\\\"\"",
            ),
        ] {
            let body = answer("2024-06-27", &row("USD", amount, rate));
            let err = refusal(&body);
            assert!(err.starts_with(expected), "{amount} {rate}: {err}");
        }
        assert!(refusal(&answer("2024-06-27", &row("USD", "1", "NaN"))).starts_with("not JSON"));
        let lower = answer("2024-06-27", &row("usd", "1", "23.3"));
        assert!(refusal(&lower).contains("invalid currency code \"usd\""));
        let twice = answer(
            "2024-06-27",
            &format!("{},{}", row("USD", "1", "23.3"), row("USD", "1", "23.4")),
        );
        assert_eq!(
            refusal(&twice),
            "day 2024-06-27: currency USD appears twice"
        );
        let home = answer("2024-06-27", &row("CZK", "1", "1"));
        assert_eq!(
            refusal(&home),
            "day 2024-06-27: CZK is quoted against itself"
        );
    }

    #[test]
    fn days_out_of_the_window_out_of_order_or_apart_are_refused() {
        assert_eq!(
            refusal(&answer("2999-01-04", "")),
            "day 2999-01-04 is in the future"
        );
        let usd = |date: &str| {
            format!(r#"{{"currencyCode":"USD","amount":1,"validFor":"{date}","rate":23.3}}"#)
        };
        let backwards = format!(
            r#"{{"rates":[{},{}]}}"#,
            usd("2024-06-27"),
            usd("2024-06-26")
        );
        assert_eq!(
            refusal(&backwards),
            "day 2024-06-26 follows 2024-06-27: repeated or out of order"
        );
        // EUR of 2024-06-27, USD of 2024-06-28, then USD of 2024-06-27 again.
        let apart = answer(
            "2024-06-27",
            &format!("{},{}", usd("2024-06-28"), usd("2024-06-27")),
        );
        assert_eq!(
            refusal(&apart),
            "day 2024-06-27 follows 2024-06-28: repeated or out of order"
        );
    }

    #[test]
    fn error_bodies_give_their_description() {
        let body = br#"{"description":"Date is in the future","errorCode":"VALIDATION_ERROR"}"#;
        assert_eq!(explain(body).as_deref(), Some("Date is in the future"));
        assert_eq!(explain(b"<html>502</html>"), None);
    }
}
