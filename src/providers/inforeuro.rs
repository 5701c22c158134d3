//! The European Commission's InforEuro: the monthly accounting rates of
//! the euro, which the EU budget, its grants and its contracts convert by.
//!
//! One request per calendar month, below the base URL
//! (`https://ec.europa.eu`):
//! `/budg/inforeuro/api/public/monthly-rates?year=YYYY&month=M&lang=en`
//! (`M` not padded). A range asks for every month it touches, one at a
//! time; a day asks for its month; the latest is the current month, or
//! the month before when the current one is not published.
//!
//! The answer is a JSON array of `{"country","currency","isoA3Code",
//! "isoA2Code","value","comment"}`: `value` units of `isoA3Code` per 1 EUR,
//! a JSON number read from its text (`24.167`, `1578300.018`), stored as
//! `1 EUR = value XXX`. The body carries no date: the month is the one
//! asked for, stored as one day dated the 1st and stated valid to the
//! month's last day. The euro's own entry (`"value":1`, with a long
//! comment) is dropped, and refused at any other value; an entry with
//! `"value":null` (March 1994 has four) is no rate and is skipped. A code
//! listed twice at the same value is kept once; at different values the
//! month is refused.
//!
//! Before January 1999 the rates are per ECU, not per euro, and the list
//! has no EUR entry. fxrates does not fetch those months: every rate of a
//! day must be against its home currency, and the store reads every day of
//! a source with a fixed home (`fx_sources`) around that one currency, so
//! a month priced in ECU (`XEU`) under the euro's home would read as no
//! rate at all. The history therefore starts with January 1999, and a
//! `--date` or `--from` before it is a usage error.
//!
//! "Nothing published" is an empty array `[]` or HTTP 404 for a month not
//! published yet (or never): both and only these are an empty answer.
//!
//! The Commission publishes a month's rates near the end of the month
//! before, about its penultimate working day, so a catch-up reaches into
//! the next month; the current month is read again, since a published
//! month may still be corrected.

use chrono::{Datelike, Days, NaiveDate};
use serde::Deserialize;

use super::dates::{first_of_month, last_of_month, months};
use super::endpoint::endpoint;
use super::json::{self, Raw};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week,
};
use crate::http::{Explain, Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Rate, check_published_day};

/// The euro: the base of every rate of the list.
const EUR: CurrencyCode = CurrencyCode::EUR;

/// The path of the monthly list below the base URL.
const PATH: &str = "budg/inforeuro/api/public/monthly-rates";

/// InforEuro's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "inforeuro",
    publisher: "European Commission (InforEuro)",
    default_url: "https://ec.europa.eu",
    home: Home::Fixed(EUR),
    settings: &[],
    release: Release::Monthly,
    week: Week::EveryDay,
    closure: 0,
    figures: Figures::Official,
    about: "monthly accounting rates of the EU, units of currency per 1 EUR",
    first_day: date(1999, 1, 1),
    dated_ahead: 31,
    sparse: false,
    terms: "https://commission.europa.eu/legal-notice_en",
    described: Described {
        printed: "`1 EUR = 24.167 CZK`, for a whole month (dated the 1st)",
        history: "the months of 1994 to 1998, per ECU, are not fetched",
        published: "near the end of the month before (about its penultimate working day)",
        per_request: "a calendar month",
        used_for: "EU budget, grants and contracts: the Commission's monthly accounting rate ([InforEuro](https://commission.europa.eu/funding-tenders/procedures-guidelines-tenders/information-contractors-and-beneficiaries/exchange-rate-inforeuro_en))",
        requests: "`/budg/inforeuro/api/public/monthly-rates?year=YYYY&month=M&lang=en`",
        nothing_published: "`[]` or HTTP 404 for a month",
        cron: Some(CronLine {
            schedule: "0 12 * * *",
            why: "InforEuro, next month's rates near the end of the month; daily also picks up a correction",
        }),
    },
    build: |setup| {
        Box::new(InforEuro::new(
            setup.http,
            setup.url,
            setup.selection,
            setup.today,
        ))
    },
};

/// `{"country":"Czechia","currency":"Czech koruna","isoA3Code":"CZK",
/// "isoA2Code":"CZ","value":24.167,"comment":null}`; only the code and the
/// value are needed.
#[derive(Debug, Deserialize)]
struct Row {
    #[serde(rename = "isoA3Code")]
    code: String,
    value: Raw,
}

/// A JSON error body, Spring's `{"status":404,"error":"Not Found",
/// "message":"…"}` or the like: its `message`, else its `error`.
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    message: Option<String>,
    error: Option<String>,
}

/// The InforEuro provider below one base URL.
#[derive(Debug)]
pub struct InforEuro<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl<'a> InforEuro<'a> {
    /// A provider reading `{base_url}/budg/inforeuro/…` for a run on
    /// `today` (UTC), keeping what `selection` asks for.
    pub fn new(
        http: &'a HttpClient,
        base_url: &str,
        selection: Selection,
        today: NaiveDate,
    ) -> Self {
        InforEuro {
            http,
            base_url: base_url.to_owned(),
            selection,
            today,
        }
    }

    /// The rates of the month that starts on `month`, or none when it is
    /// not published (`[]` or HTTP 404).
    fn month(&self, month: NaiveDate) -> anyhow::Result<Option<DayRates>> {
        let query = format!("year={}&month={}&lang=en", month.year(), month.month());
        let url = endpoint(&self.base_url, PATH, &query);
        let get = Get {
            url: &url,
            accept: "application/json",
            headers: &[],
            explain: Some(Explain::Says(explain)),
        };
        let Some(body) = self.http.get_unless(&get, 404)? else {
            log::info!("{url}: 404, no rates published");
            return Ok(None);
        };
        let parsed = parse(&body, month, self.today).map(|day| day.into_iter().collect());
        let day = self.selection.keep(&url, parsed)?.pop();
        match &day {
            Some(day) => log::info!("{url}: {} rates", day.rates().len()),
            None => log::info!("{url}: [], no rates published"),
        }
        Ok(day)
    }

    /// The published months of those that start on `firsts`, oldest first.
    fn months(&self, firsts: Vec<NaiveDate>) -> anyhow::Result<Vec<DayRates>> {
        let mut days = Vec::with_capacity(firsts.len());
        for first in firsts {
            days.extend(self.month(first)?);
        }
        Ok(days)
    }
}

impl Provider for InforEuro<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = match request {
            DayRequest::Latest => {
                let current = first_of_month(self.today);
                if let Some(day) = self.month(current)? {
                    return Ok(vec![day]);
                }
                let previous = first_of_month(current - Days::new(1));
                return Ok(self.month(previous)?.into_iter().collect());
            }
            DayRequest::Day(day) => (day, day),
            DayRequest::Range { from, to } => (from, to),
        };
        self.months(months(from.max(INFO.first_day), to))
    }

    /// A published month may be corrected while it is current.
    fn revises_newest_day(&self) -> bool {
        true
    }
}

/// Parses the list of the month that starts on `month`, for a run on
/// `today`: `None` for `[]` (nothing published), else one day dated the
/// 1st and valid to the month's end, each entry `1 EUR = value code`.
/// Refuses a month before the history or after the next one, a EUR entry
/// other than 1, a code listed twice at different values, and any entry
/// that is not valid.
pub fn parse(body: &[u8], month: NaiveDate, today: NaiveDate) -> Result<Option<DayRates>, String> {
    let rows: Vec<Row> = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let month = first_of_month(month);
    check_published_day(month, INFO.first_day, today + Days::new(INFO.dated_ahead))?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut rates: Vec<(CurrencyCode, Rate)> = Vec::with_capacity(rows.len());
    for row in &rows {
        let code: CurrencyCode = row
            .code
            .parse()
            .map_err(|err| format!("day {month}: {err}"))?;
        // No rate that month (KGS, MDL, MKD and TMM in March 1994).
        if row.value.get() == "null" {
            continue;
        }
        let rate = json::rate(&row.value).map_err(|err| format!("day {month}, {code}: {err}"))?;
        if code == EUR {
            if rate.value() == rust_decimal::Decimal::ONE {
                continue;
            }
            return Err(format!("day {month}: the euro is listed at {rate}, not 1"));
        }
        match rates.iter().find(|(earlier, _)| *earlier == code) {
            Some((_, earlier)) if *earlier == rate => continue,
            Some((_, earlier)) => {
                return Err(format!(
                    "day {month}: currency {code} appears twice, at {earlier} and {rate}"
                ));
            }
            None => rates.push((code, rate)),
        }
    }
    let day = DayRates::against(month, EUR, rates)?.valid_until(last_of_month(month))?;
    Ok(Some(day))
}

/// A JSON error body's `message` (else its `error`), if that is what it is.
fn explain(body: &[u8]) -> Option<String> {
    let answer: ErrorAnswer = serde_json::from_slice(body).ok()?;
    answer
        .message
        .filter(|message| !message.trim().is_empty())
        .or(answer.error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    const AUGUST: &[u8] =
        include_bytes!("../../tests/fixtures/inforeuro/monthly-rates-2026-08.json");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-08-19")
    }

    fn refusal(body: &str) -> String {
        parse(body.as_bytes(), day("2026-08-01"), today()).expect_err(body)
    }

    fn shown(day: &DayRates, code: &str) -> String {
        let rate = day
            .rates()
            .iter()
            .find(|rate| rate.quote.as_str() == code)
            .unwrap_or_else(|| panic!("{code} on {}", day.date()));
        rate.to_string()
    }

    #[test]
    fn the_recorded_month_parses_to_every_printed_digit() {
        let august = parse(AUGUST, day("2026-08-01"), today())
            .expect("the sample parses")
            .expect("a month");
        assert_eq!(august.date(), day("2026-08-01"));
        assert_eq!(august.period_end(), Some(day("2026-08-31")));
        assert_eq!(august.home(), EUR);
        assert_eq!(august.rates().len(), 151);
        assert_eq!(shown(&august, "CZK"), "1 EUR = 24.167 CZK");
        assert_eq!(shown(&august, "USD"), "1 EUR = 1.1476 USD");
        assert_eq!(shown(&august, "GBP"), "1 EUR = 0.85715 GBP");
        assert_eq!(shown(&august, "IRR"), "1 EUR = 1578300.018 IRR");
        assert!(august.rates().iter().all(|rate| rate.quote != EUR));
    }

    #[test]
    fn the_month_comes_from_the_request_any_day_of_it() {
        let august = parse(AUGUST, day("2026-08-19"), today())
            .expect("parses")
            .expect("a month");
        assert_eq!(august.date(), day("2026-08-01"));
        // Next month's list, published before the month starts.
        let september = parse(AUGUST, day("2026-09-01"), day("2026-08-28")).expect("next month");
        assert_eq!(september.map(|day| day.last_day()), Some(day("2026-09-30")));
    }

    #[test]
    fn an_empty_list_is_nothing_published() {
        assert_eq!(parse(b"[]", day("2026-09-01"), today()), Ok(None));
    }

    #[test]
    fn months_outside_the_history_are_refused() {
        assert_eq!(
            parse(b"[]", day("1998-12-01"), today()),
            Err("day 1998-12-01 is before the first reference rates (1999-01-01)".to_owned())
        );
        assert_eq!(
            parse(b"[]", day("2026-10-01"), today()),
            Err("day 2026-10-01 is in the future".to_owned())
        );
    }

    #[test]
    fn a_code_twice_is_kept_once_at_one_value_and_refused_at_two() {
        let entry =
            |code: &str, value: &str| format!(r#"{{"isoA3Code":"{code}","value":{value}}}"#);
        let body = format!(
            "[{},{},{},{}]",
            entry("XOF", "655.957"),
            entry("KGS", "null"),
            entry("XOF", "655.9570"),
            entry("KGS", "null")
        );
        let month = parse(body.as_bytes(), day("2026-08-01"), today())
            .expect("parses")
            .expect("a month");
        assert_eq!(month.rates().len(), 1);
        assert_eq!(shown(&month, "XOF"), "1 EUR = 655.957 XOF");
        let twice = format!("[{},{}]", entry("XOF", "655.957"), entry("XOF", "655.958"));
        assert_eq!(
            refusal(&twice),
            "day 2026-08-01: currency XOF appears twice, at 655.957 and 655.958"
        );
        let euro = format!("[{},{}]", entry("EUR", "1.00"), entry("XOF", "655.957"));
        assert!(parse(euro.as_bytes(), day("2026-08-01"), today()).is_ok());
        let euro = format!("[{},{}]", entry("EUR", "0.9999"), entry("XOF", "655.957"));
        assert_eq!(
            refusal(&euro),
            "day 2026-08-01: the euro is listed at 0.9999, not 1"
        );
    }

    #[test]
    fn error_bodies_give_their_message() {
        let body = br#"{"status":400,"error":"Bad Request","message":"month must be 1-12"}"#;
        assert_eq!(explain(body).as_deref(), Some("month must be 1-12"));
        let bare = br#"{"status":404,"error":"Not Found","message":""}"#;
        assert_eq!(explain(bare).as_deref(), Some("Not Found"));
        assert_eq!(explain(b"<html>502</html>"), None);
    }

    #[test]
    fn broken_documents_are_refused() {
        let whole = std::str::from_utf8(AUGUST).expect("UTF-8");
        assert!(refusal(&whole[..whole.len() / 2]).starts_with("the JSON document ends early"));
        assert!(refusal("<html></html>").starts_with("not JSON"));
        assert!(refusal("{}").starts_with("not the expected JSON document"));
        assert!(refusal(r#"[{"isoA3Code":"USD"}]"#).contains("missing field `value`"));
        assert!(refusal(r#"[{"value":1.1}]"#).contains("missing field `isoA3Code`"));
        assert!(
            refusal(r#"[{"isoA3Code":"usd","value":1.1}]"#)
                .contains("invalid currency code \"usd\"")
        );
        assert_eq!(
            refusal(r#"[{"isoA3Code":"EUR","value":1}]"#),
            "day 2026-08-01 has no rates"
        );
    }
}
