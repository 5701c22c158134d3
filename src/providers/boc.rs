//! Bank of Canada: the daily average exchange rates of its Valet API, CAD
//! per 1 unit of each foreign currency.
//!
//! One request answers any range: `GET
//! {base}/observations/group/FX_RATES_DAILY/json?start_date=…&end_date=…`,
//! and `?recent=1` for the latest day. The answer is
//! `{"terms","groupDetail","seriesDetail","observations"}`; each
//! observation is `{"d":"2026-03-12","FXUSDCAD":{"v":"1.3617"},…}`, the
//! value a string of the printed digits (`"0.008550"` keeps its zeros).
//! The series `FX{ISO}CAD` is `1 ISO = v CAD`: stored as base ISO, quote
//! CAD, unit 1, as printed.
//!
//! Every key of an observation is `d` or an `FX???CAD` series listed in
//! `seriesDetail`; anything else means the format changed, and the whole
//! document is refused. A series listed in `seriesDetail` may have no
//! observation in the window (the Bank lists retired and new currencies
//! alike). An empty `observations` array is the Valet's answer for a
//! window without publication (a weekend, a holiday): nothing published.
//!
//! The group starts on 2017-01-03, when the daily average rates replaced
//! the noon rates; the Bank publishes each business day by 16:30 Eastern
//! time (20:30 UTC in summer, 21:30 UTC in winter).

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::endpoint::endpoint;
use super::json::{self, Entries, Raw};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked,
};
use crate::error::Error;
use crate::http::{Explain, Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, check_published_day, parse_date};

/// The Bank of Canada's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "boc",
    publisher: "Bank of Canada",
    default_url: "https://www.bankofcanada.ca/valet",
    home: Home::Fixed(CAD),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 2,
    figures: Figures::Official,
    about: "daily average rates, CAD per 1 unit of foreign currency",
    first_day: date(2017, 1, 3),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.bankofcanada.ca/terms/",
    described: Described {
        printed: "`1 USD = 1.3617 CAD`",
        history: "the Valet series FX_RATES_DAILY",
        published: "by 21:30 (16:30 Toronto)",
        per_request: "any range",
        used_for: "Canadian tax and accounting: the Bank's daily average rate",
        requests: "`/observations/group/FX_RATES_DAILY/json?start_date=…&end_date=…`; latest `?recent=1`",
        nothing_published: r#"`"observations": []`"#,
        cron: Some(CronLine {
            schedule: "45 22 * * 1-5",
            why: "Bank of Canada, by 16:30 Toronto time (22:30 here)",
        }),
    },
    build: |setup| {
        Box::new(Boc {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

const CAD: CurrencyCode = CurrencyCode::from_static(b"CAD");

/// The group of the daily rates, below the base URL.
const GROUP_PATH: &str = "observations/group/FX_RATES_DAILY/json";

/// The Bank of Canada provider below one base URL.
#[derive(Debug)]
pub struct Boc<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

/// The Valet's `{"message":"…","docs":"…"}` error body.
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    message: String,
}

impl Boc<'_> {
    /// The days of one request with `query`, each validated, checked to lie
    /// within `asked` (when a range was asked for) and reduced to the
    /// selection.
    fn download(
        &self,
        query: &str,
        asked: Option<(NaiveDate, NaiveDate)>,
    ) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(&self.base_url, GROUP_PATH, query);
        let body = self.http.get_with(&Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: Some(Explain::Says(explain)),
        })?;
        let days = self.selection.keep(&url, parse(&body, self.today, asked))?;
        log::info!("{url}: {} days", days.len());
        Ok(days)
    }
}

impl Provider for Boc<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        match request {
            DayRequest::Latest => {
                let mut days = self.download("recent=1", None)?;
                // There is always a latest day: none is a broken answer.
                let newest = days.pop().ok_or_else(|| Error::InvalidData {
                    url: endpoint(&self.base_url, GROUP_PATH, "recent=1"),
                    reason: "the answer holds no day of rates".to_owned(),
                })?;
                Ok(vec![newest])
            }
            DayRequest::Day(day) => self.download(
                &format!("start_date={day}&end_date={day}"),
                Some((day, day)),
            ),
            DayRequest::Range { from, to } if from > to => Ok(Vec::new()),
            DayRequest::Range { from, to } => self.download(
                &format!("start_date={from}&end_date={to}"),
                Some((from, to)),
            ),
        }
    }
}

/// Parses a group answer for a run on `today`: its days oldest first, each
/// within `asked` when given. An empty `observations` array, the Valet's
/// answer for a window without publication, is an empty list.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    asked: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<DayRates>, String> {
    // Read as entries rather than a struct, which serde would also fill
    // from an array: only an object is an answer.
    let answer: Entries<Raw> = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let field = |name: &str| {
        let raw = answer
            .0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, raw)| raw.get())
            .ok_or_else(|| format!("not a Valet group answer: it lacks {name}"))?;
        Ok::<_, String>(raw)
    };
    field("groupDetail")?;
    let series: Entries<IgnoredAny> = serde_json::from_str(field("seriesDetail")?)
        .map_err(|err| format!("seriesDetail: {}", json::describe(&err)))?;
    let observations: Vec<Entries<Raw>> = serde_json::from_str(field("observations")?)
        .map_err(|err| format!("observations: {}", json::describe(&err)))?;
    let listed: HashSet<&str> = series.0.iter().map(|(id, _)| id.as_str()).collect();
    let mut days: Vec<DayRates> = Vec::with_capacity(observations.len());
    for observation in &observations {
        let date = observation_day(observation, today)?;
        if let Some((from, to)) = asked {
            check_asked(date, from, to)?;
        }
        if let Some(previous) = days.last().map(DayRates::date) {
            if date <= previous {
                return Err(format!(
                    "day {date} follows {previous}: repeated or out of order"
                ));
            }
        }
        let mut rates = Vec::with_capacity(observation.0.len());
        for (key, raw) in &observation.0 {
            if key == "d" {
                continue;
            }
            let Some(currency) = series_currency(key) else {
                return Err(format!(
                    "day {date}: unexpected key {key:?} (expected d or an FX???CAD series)"
                ));
            };
            if !listed.contains(key.as_str()) {
                return Err(format!("day {date}: series {key} is not in seriesDetail"));
            }
            let rate = value(raw).map_err(|err| format!("day {date}, {currency}: {err}"))?;
            rates.push(Published::new(currency, CAD, rate));
        }
        days.push(DayRates::new(date, CAD, rates)?);
    }
    Ok(days)
}

/// The day of an observation: its one `d` key, a date within the window
/// every provider shares.
fn observation_day(observation: &Entries<Raw>, today: NaiveDate) -> Result<NaiveDate, String> {
    let mut days = observation.0.iter().filter(|(key, _)| key == "d");
    let (Some((_, raw)), None) = (days.next(), days.next()) else {
        return Err("an observation without exactly one d (its day)".to_owned());
    };
    let text: String = serde_json::from_str(raw.get())
        .map_err(|_| format!("invalid day {} (expected a date string)", raw.get()))?;
    check_published_day(parse_date(&text)?, INFO.first_day, today)
}

/// The currency of a series id `FX{ISO}CAD`, if `key` is one: the only
/// keys besides `d` an observation of this group may hold.
fn series_currency(key: &str) -> Option<CurrencyCode> {
    key.strip_prefix("FX")?.strip_suffix("CAD")?.parse().ok()
}

/// A `{"v":"1.3617"}` value: the printed digits, a positive plain decimal.
fn value(raw: &Raw) -> Result<Rate, String> {
    let invalid = || {
        format!(
            "invalid value {} (expected {{\"v\":\"digits\"}})",
            raw.get()
        )
    };
    let entries: Entries<Raw> = serde_json::from_str(raw.get()).map_err(|_| invalid())?;
    let [(key, text)] = entries.0.as_slice() else {
        return Err(invalid());
    };
    if key != "v" {
        return Err(invalid());
    }
    let text: String = serde_json::from_str(text.get()).map_err(|_| invalid())?;
    text.parse()
}

/// The Valet's error message, if the body is one.
fn explain(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<ErrorAnswer>(body)
        .ok()
        .map(|answer| answer.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../tests/fixtures/boc/2026-03-12-2026-03-18.json");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn window() -> Option<(NaiveDate, NaiveDate)> {
        Some((day("2026-03-12"), day("2026-03-18")))
    }

    /// A group answer of the real shape holding `observations`.
    fn answer(observations: &str) -> String {
        format!(
            r#"{{"terms":{{"url":"https://www.bankofcanada.ca/terms/"}},"groupDetail":{{"label":"Daily exchange rates","description":"Daily average exchange rates","link":null}},"seriesDetail":{{"FXUSDCAD":{{"label":"USD/CAD","description":"US dollar to Canadian dollar daily exchange rate","dimension":{{"key":"d","name":"Date"}}}},"FXJPYCAD":{{"label":"JPY/CAD","description":"Japanese yen to Canadian dollar daily exchange rate","dimension":{{"key":"d","name":"Date"}}}}}},"observations":[{observations}]}}"#
        )
    }

    fn parse_str(text: &str) -> Result<Vec<DayRates>, String> {
        parse(text.as_bytes(), day("2026-03-19"), window())
    }

    fn rejected(observations: &str) -> String {
        parse_str(&answer(observations)).expect_err("document accepted")
    }

    fn shown(day: &DayRates) -> Vec<String> {
        day.rates().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_recorded_week_parses_to_the_printed_digits() {
        let days = parse_str(SAMPLE).expect("valid");
        let dates: Vec<String> = days.iter().map(|d| d.date().to_string()).collect();
        assert_eq!(
            dates,
            [
                "2026-03-12",
                "2026-03-13",
                "2026-03-16",
                "2026-03-17",
                "2026-03-18"
            ]
        );
        assert!(
            days.iter()
                .all(|d| d.rates().len() == 23 && d.home() == CAD)
        );
        let first = shown(&days[0]);
        for expected in [
            "1 USD = 1.3617 CAD",
            "1 JPY = 0.008550 CAD",
            "1 IDR = 0.000081 CAD",
            "1 HKD = 0.1740 CAD",
            "1 TRY = 0.03090 CAD",
            "1 EUR = 1.5693 CAD",
        ] {
            assert!(
                first.contains(&expected.to_owned()),
                "{expected}: {first:?}"
            );
        }
        assert_eq!(
            shown(&days[4]).last().map(String::as_str),
            Some("1 USD = 1.3706 CAD")
        );
        // Listed in seriesDetail, never observed in the week.
        assert!(days[0].rates().iter().all(|r| r.base.as_str() != "VND"));
    }

    #[test]
    fn an_empty_observations_array_is_nothing_published() {
        assert_eq!(parse_str(&answer("")), Ok(Vec::new()));
    }

    #[test]
    fn truncated_html_and_reshaped_documents_are_refused() {
        let cut = &SAMPLE[..SAMPLE.len() * 2 / 3];
        assert!(parse_str(cut).expect_err("cut").contains("ends early"));
        assert!(parse_str("").is_err());
        let html = parse_str("<html><body>Request Rejected</body></html>").expect_err("html");
        assert!(html.starts_with("not JSON"), "{html}");
        for (text, expected) in [
            (r#"[{"d":"2026-03-12"}]"#, "not the expected JSON document"),
            // Serde fills a struct from an array too: three of them would
            // otherwise pass for an empty answer.
            (r#"[{}, {}, []]"#, "not the expected JSON document"),
            (
                r#"{"groupDetail":{},"seriesDetail":[],"observations":[]}"#,
                "seriesDetail: not the expected JSON document",
            ),
            (
                r#"{"groupDetail":{},"seriesDetail":{},"observations":{}}"#,
                "observations: not the expected JSON document",
            ),
            (
                r#"{"seriesDetail":{},"observations":[]}"#,
                "it lacks groupDetail",
            ),
            (
                r#"{"groupDetail":{},"seriesDetail":{}}"#,
                "it lacks observations",
            ),
        ] {
            let err = parse_str(text).expect_err(text);
            assert!(err.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn bad_observations_are_refused_naming_the_day_and_currency() {
        let cases = [
            (
                r#"{"d":"2026-03-12","FXUSDCAD":{"v":"-1"}}"#,
                "day 2026-03-12, USD: invalid rate \"-1\"",
            ),
            (
                r#"{"d":"2026-03-12","FXUSDCAD":{"v":"0"}}"#,
                "USD: invalid rate \"0\" (a rate must be greater than zero)",
            ),
            (
                r#"{"d":"2026-03-12","FXUSDCAD":{"v":"NaN"}}"#,
                "USD: invalid rate \"NaN\"",
            ),
            (
                r#"{"d":"2026-03-12","FXUSDCAD":{"v":"1e3"}}"#,
                "USD: invalid rate \"1e3\"",
            ),
            (
                r#"{"d":"2026-03-12","FXUSDCAD":{"v":""}}"#,
                "USD: invalid rate \"\"",
            ),
            (
                r#"{"d":"2026-03-12","FXUSDCAD":{"v":1.3617}}"#,
                "USD: invalid value {\"v\":1.3617}",
            ),
            (
                r#"{"d":"2026-03-12","FXUSDCAD":"1.3617"}"#,
                "USD: invalid value \"1.3617\"",
            ),
            (
                r#"{"d":"2026-03-12","FXUSDCAD":["1.3617"]}"#,
                "USD: invalid value [\"1.3617\"]",
            ),
            (
                r#"{"d":"2026-03-12","FXUSDCAD":{"v":"1.3617","x":1}}"#,
                "USD: invalid value",
            ),
            (
                r#"{"d":"2026-03-12","FXUSDCAD":{}}"#,
                "USD: invalid value {}",
            ),
            (
                r#"{"d":"2026-03-12","FXUSDCAD":{"v":"1.36"},"FXUSDCAD":{"v":"1.37"}}"#,
                "day 2026-03-12: currency USD appears twice",
            ),
            (
                r#"{"d":"2026-03-12","USDCAD":{"v":"1.36"}}"#,
                "day 2026-03-12: unexpected key \"USDCAD\"",
            ),
            (
                r#"{"d":"2026-03-12","FXUSDCAD":{"v":"1.36"},"note":"x"}"#,
                "unexpected key \"note\"",
            ),
            (
                r#"{"d":"2026-03-12","FXCHFCAD":{"v":"1.7"}}"#,
                "series FXCHFCAD is not in seriesDetail",
            ),
            (r#"{"d":"2026-03-12"}"#, "day 2026-03-12 has no rates"),
            (r#"{"FXUSDCAD":{"v":"1.36"}}"#, "without exactly one d"),
            (
                r#"{"d":"12/03/2026","FXUSDCAD":{"v":"1.36"}}"#,
                "invalid date \"12/03/2026\"",
            ),
            (
                r#"{"d":"2026-03-21","FXUSDCAD":{"v":"1.36"}}"#,
                "day 2026-03-21 is in the future",
            ),
            (
                r#"{"d":"2026-03-11","FXUSDCAD":{"v":"1.36"}}"#,
                "day 2026-03-11 is outside the days asked for (2026-03-12..2026-03-18)",
            ),
            (
                r#"{"d":"2026-03-13","FXUSDCAD":{"v":"1.36"}},{"d":"2026-03-13","FXUSDCAD":{"v":"1.37"}}"#,
                "day 2026-03-13 follows 2026-03-13: repeated or out of order",
            ),
            (
                r#"{"d":"2026-03-13","FXUSDCAD":{"v":"1.36"}},{"d":"2026-03-12","FXUSDCAD":{"v":"1.37"}}"#,
                "day 2026-03-12 follows 2026-03-13",
            ),
        ];
        for (observations, expected) in cases {
            let err = rejected(observations);
            assert!(err.contains(expected), "{observations}: {err}");
        }
    }

    #[test]
    fn the_latest_answer_is_not_held_to_a_window() {
        let latest = answer(r#"{"d":"2026-03-18","FXUSDCAD":{"v":"1.3706"}}"#);
        let days = parse(latest.as_bytes(), day("2026-03-19"), None).expect("valid");
        assert_eq!(shown(&days[0]), ["1 USD = 1.3706 CAD"]);
    }

    #[test]
    fn only_fx_iso_cad_keys_are_series() {
        assert_eq!(
            series_currency("FXUSDCAD").map(|c| c.to_string()),
            Some("USD".into())
        );
        for other in [
            "FXUSDCADX",
            "FXusdCAD",
            "FXUSCAD",
            "USDCAD",
            "FXUSDEUR",
            "d",
        ] {
            assert_eq!(series_currency(other), None, "{other}");
        }
    }

    #[test]
    fn error_bodies_give_their_message() {
        let body = br#"{"message":"Series FXXYZCAD not found.","docs":"https://www.bankofcanada.ca/valet/docs"}"#;
        assert_eq!(explain(body).as_deref(), Some("Series FXXYZCAD not found."));
        assert_eq!(explain(b"<html>502</html>"), None);
    }
}
