//! Frankfurter's v2 API: rates that Frankfurter blends from the reference
//! rates of a hundred-odd central banks and official sources, 219
//! currencies, rebased to any base. Not an official figure of anyone's:
//! the registry marks them [`Figures::Blended`], and `show` says so.
//!
//! `GET {base}/rates?from=…&to=…&base=…&quotes=…[&providers=…]` answers a
//! range, `GET {base}/rates?base=…` the latest rates, as NDJSON (`Accept:
//! application/x-ndjson`): one `{"date","base","quote","rate"}` object a
//! line, read line by line, each rate from the text of its JSON number. A
//! day holds only the quotes Frankfurter has a new figure for on it, so a
//! day may lack a currency of `--symbols` (see [`Provider::sparse_days`]).
//! The answer lists the base against itself at 1, which is no rate and is
//! dropped; at any other rate it is refused. A range starting on a day
//! without figures also brings the figures in force on it, dated earlier:
//! those are not asked for and are dropped. The latest answer is the
//! figures in force now, each under its own date.
//!
//! `--frankfurter2-providers` passes `providers=` on, which pins the blend
//! to those of Frankfurter's upstream publishers (`ecb`, `nbp,cnb`): their
//! figures, still relayed and rebased by Frankfurter. Ranges are asked for a
//! calendar year at a time, so that no answer grows without bound.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json::{self, Raw};
use super::{
    DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection, Setting,
    SettingKind, Week, check_asked, year_spans,
};
use crate::error::Error;
use crate::http::{Explain, Get, HttpClient, Sent};
use crate::model::date;
use crate::model::parse_date;
use crate::model::{CurrencyCode, DayRates, Rate, check_published_day};

/// Frankfurter v2's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "frankfurter2",
    publisher: "Frankfurter, v2 API (its blend of many central banks' rates)",
    default_url: "https://api.frankfurter.dev/v2",
    home: Home::AnyBase(CurrencyCode::EUR),
    settings: &[PROVIDERS],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 0,
    figures: Figures::Blended,
    about: "219 currencies blended from many central banks, against any base; not an official rate",
    first_day: date(1948, 1, 1),
    dated_ahead: 0,
    sparse: true,
    terms: "https://frankfurter.dev",
    described: Described {
        printed: "`1 EUR = 1.0705 USD`",
        history: "for some currencies; most start later",
        published: "through the day, as its publishers publish",
        per_request: "a calendar year, NDJSON",
        used_for: "219 currencies in one table; **not an official rate** (`--frankfurter2-providers` pins it to chosen publishers)",
        requests: "`/rates?from=…&to=…&base=…[&quotes=…][&providers=…]`; latest `/rates?base=…[&…]`; `Accept: application/x-ndjson`",
        nothing_published: "an answer without a figure of the days asked for (only those in force before them, or no line)",
        cron: None,
    },
    build: |setup| {
        Box::new(Frankfurter2 {
            http: setup.http,
            base_url: setup.url.to_owned(),
            providers: setup.plain(&PROVIDERS).map(str::to_owned),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// `providers=`: the upstream publishers the blend is pinned to.
const PROVIDERS: Setting = Setting {
    flag: "frankfurter2-providers",
    env: "FXRATES_FRANKFURTER2_PROVIDERS",
    what: "the upstream publishers",
    help: "Pin the frankfurter2 blend to these of Frankfurter's upstream publishers \
           (its `providers=`), e.g. ecb or nbp,cnb [default: all of them, blended]",
    value_name: "NAME[,NAME…]",
    kind: SettingKind::Plain,
    sent: Sent::Query("providers"),
    check: publisher_names,
};

const ACCEPT: &str = "application/x-ndjson";

/// The Frankfurter v2 provider below one base URL.
#[derive(Debug)]
pub struct Frankfurter2<'a> {
    http: &'a HttpClient,
    base_url: String,
    /// `providers=`, checked, when given.
    providers: Option<String>,
    selection: Selection,
    today: NaiveDate,
}

/// One line: `{"date":"2026-03-13","base":"EUR","quote":"USD","rate":1.1456}`.
#[derive(Debug, Deserialize)]
struct Line {
    date: String,
    base: String,
    quote: String,
    rate: Raw,
}

/// `{"status":422,"message":"invalid currency: XYZ"}`
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    message: String,
}

impl Frankfurter2<'_> {
    /// The base every rate is asked against.
    fn base(&self) -> CurrencyCode {
        self.selection.base.unwrap_or(CurrencyCode::EUR)
    }

    /// `{base}/rates?` with `days` (`from=…&to=…`, or none for the latest)
    /// and the base, quotes and upstream publishers asked for.
    fn url(&self, days: Option<(NaiveDate, NaiveDate)>) -> String {
        let mut query = Vec::new();
        if let Some((from, to)) = days {
            query.push(format!("from={from}"));
            query.push(format!("to={to}"));
        }
        query.push(format!("base={}", self.base()));
        if !self.selection.symbols.is_empty() {
            let codes: Vec<&str> = self
                .selection
                .symbols
                .iter()
                .map(CurrencyCode::as_str)
                .collect();
            query.push(format!("quotes={}", codes.join(",")));
        }
        if let Some(providers) = &self.providers {
            // Checked names and commas, which go as they are, as in `quotes=`.
            query.push(format!("{}={providers}", PROVIDERS.sent.name()));
        }
        endpoint(&self.base_url, "rates", &query.join("&"))
    }

    /// The days of one answer, `days` the range asked for (none for the
    /// latest), each checked against the base asked for.
    fn download(&self, days: Option<(NaiveDate, NaiveDate)>) -> anyhow::Result<Vec<DayRates>> {
        let url = self.url(days);
        let body = self.http.get_with(&Get {
            url: &url,
            accept: ACCEPT,
            headers: &[],
            explain: Some(Explain::Says(explain)),
        })?;
        let parsed = parse(&body, self.today, self.base(), days);
        let days = self.selection.keep(&url, parsed)?;
        log::info!("{url}: {} days", days.len());
        Ok(days)
    }
}

impl Provider for Frankfurter2<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = match request {
            DayRequest::Latest => {
                let days = self.download(None)?;
                if days.is_empty() {
                    return Err(Error::InvalidData {
                        url: self.url(None),
                        reason: "the answer holds no rate".to_owned(),
                    }
                    .into());
                }
                return Ok(days);
            }
            DayRequest::Day(day) => (day, day),
            DayRequest::Range { from, to } => (from, to),
        };
        let mut days = Vec::new();
        for span in year_spans(from.max(INFO.first_day), to) {
            days.extend(self.download(Some(span))?);
        }
        Ok(days)
    }

    /// Frankfurter blends the figures of the day as its publishers come
    /// in: the newest day may still change.
    fn revises_newest_day(&self) -> bool {
        true
    }
}

/// Parses an NDJSON answer against `base` for a run on `today`, line by
/// line: the days it holds, oldest first, every quote kept. With `asked`
/// (a range), a day after it is refused and one before it (the figures in
/// force on a first day without any) left out. Blank lines are skipped; an
/// answer without any line is no day at all.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    base: CurrencyCode,
    asked: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<DayRates>, String> {
    let mut days: BTreeMap<NaiveDate, Vec<(CurrencyCode, Rate)>> = BTreeMap::new();
    for (number, line) in body.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let at = |reason: String| format!("line {}: {reason}", number + 1);
        let line: Line = serde_json::from_slice(line).map_err(|err| at(json::describe(&err)))?;
        let date = parse_date(&line.date)
            .and_then(|date| check_published_day(date, INFO.first_day, today));
        let date = date.map_err(at)?;
        let stated: CurrencyCode = line
            .base
            .parse()
            .map_err(|err| at(format!("base: {err}")))?;
        if stated != base {
            return Err(at(format!("rates are against {stated}, not {base}")));
        }
        let quote: CurrencyCode = line
            .quote
            .parse()
            .map_err(|err| format!("day {date}: {err}"))?;
        let rate = json::rate(&line.rate).map_err(|err| format!("day {date}, {quote}: {err}"))?;
        if quote == base {
            if rate.value() == rust_decimal::Decimal::ONE {
                continue;
            }
            return Err(format!(
                "day {date}: the base {base} is quoted against itself at {rate}"
            ));
        }
        if let Some((from, to)) = asked {
            if date < from {
                continue;
            }
            check_asked(date, from, to)?;
        }
        days.entry(date).or_default().push((quote, rate));
    }
    days.into_iter()
        .map(|(date, rates)| DayRates::against(date, base, rates))
        .collect()
}

/// `--frankfurter2-providers`: comma-separated names of Frankfurter's
/// upstream publishers (`ecb`, `nbp.b`), in any case, as the query takes
/// them: lower case, without spaces.
fn publisher_names(value: &str) -> Result<String, String> {
    let names: Vec<String> = value
        .split(',')
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    let valid = |name: &String| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.')
    };
    if let Some(bad) = names.iter().find(|name| !valid(name)) {
        return Err(format!(
            "{bad:?} is not a publisher's name (expected names such as ecb or nbp.b, comma-separated)"
        ));
    }
    Ok(names.join(","))
}

/// Frankfurter's `{"message":"…"}` error body, if that is what it is.
fn explain(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<ErrorAnswer>(body)
        .ok()
        .map(|answer| answer.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn week(lines: &str) -> Result<Vec<DayRates>, String> {
        parse(
            lines.as_bytes(),
            day("2026-03-16"),
            CurrencyCode::EUR,
            Some((day("2026-03-09"), day("2026-03-13"))),
        )
    }

    fn shown(days: &[DayRates]) -> Vec<String> {
        days.iter()
            .flat_map(|day| {
                day.rates()
                    .iter()
                    .map(move |rate| format!("{} {rate}", day.date()))
            })
            .collect()
    }

    #[test]
    fn lines_group_into_days_keeping_every_digit() {
        let days = week(concat!(
            r#"{"date":"2026-03-09","base":"EUR","quote":"EUR","rate":1.0}"#,
            "\n",
            r#"{"date":"2026-03-09","base":"EUR","quote":"USD","rate":1.15920}"#,
            "\r\n",
            r#"{"date":"2026-03-10","base":"EUR","quote":"IDR","rate":1.9e4}"#,
            "\n",
            r#"{"date":"2026-03-09","base":"EUR","quote":"JPY","rate":183.2}"#,
            "\n\n",
        ))
        .expect("valid");
        assert_eq!(
            shown(&days),
            [
                "2026-03-09 1 EUR = 1.15920 USD",
                "2026-03-09 1 EUR = 183.2 JPY",
                "2026-03-10 1 EUR = 19000 IDR",
            ]
        );
        assert_eq!(week(""), Ok(Vec::new()));
    }

    #[test]
    fn figures_dated_before_the_range_are_left_out_and_after_it_refused() {
        let before = r#"{"date":"2026-03-06","base":"EUR","quote":"USD","rate":1.16}"#;
        assert_eq!(week(before), Ok(Vec::new()));
        let after = r#"{"date":"2026-03-14","base":"EUR","quote":"USD","rate":1.16}"#;
        assert!(
            week(after)
                .expect_err("after")
                .contains("outside the days asked for")
        );
    }

    #[test]
    fn broken_lines_are_refused_with_their_number() {
        for (lines, expected) in [
            (
                "{\"date\":\"2026-03-09\"",
                "line 1: the JSON document ends early",
            ),
            ("[]", "line 1: not the expected JSON document"),
            ("<html>", "line 1: not JSON"),
            (
                r#"{"date":"2026-03-09","base":"USD","quote":"JPY","rate":157.2}"#,
                "line 1: rates are against USD, not EUR",
            ),
            (
                r#"{"date":"2026-03-09","base":"EUR","quote":"EUR","rate":1.01}"#,
                "the base EUR is quoted against itself at 1.01",
            ),
            (
                r#"{"date":"2026-03-09","base":"EUR","quote":"USD","rate":"1.16"}"#,
                "day 2026-03-09, USD: invalid rate \"1.16\" (expected a number)",
            ),
            (
                r#"{"date":"2026-03-09","base":"EUR","quote":"usd","rate":1.16}"#,
                "invalid currency code \"usd\"",
            ),
            (
                r#"{"date":"2999-01-04","base":"EUR","quote":"USD","rate":1.16}"#,
                "line 1: day 2999-01-04 is in the future",
            ),
            (
                concat!(
                    r#"{"date":"2026-03-09","base":"EUR","quote":"USD","rate":1.16}"#,
                    "\n",
                    r#"{"date":"2026-03-09","base":"EUR","quote":"USD","rate":1.17}"#
                ),
                "day 2026-03-09: currency USD appears twice",
            ),
        ] {
            let err = week(lines).expect_err(lines);
            assert!(err.contains(expected), "{lines}: {err}");
        }
    }

    #[test]
    fn the_latest_answer_keeps_each_figure_under_its_own_date() {
        let days = parse(
            concat!(
                r#"{"date":"2026-03-13","base":"USD","quote":"EUR","rate":0.8738}"#,
                "\n",
                r#"{"date":"2026-03-12","base":"USD","quote":"ISK","rate":138.9}"#,
                "\n",
                r#"{"date":"2026-03-13","base":"USD","quote":"USD","rate":1.0}"#,
            )
            .as_bytes(),
            day("2026-03-13"),
            CurrencyCode::USD,
            None,
        )
        .expect("valid");
        assert_eq!(
            shown(&days),
            [
                "2026-03-12 1 USD = 138.9 ISK",
                "2026-03-13 1 USD = 0.8738 EUR"
            ]
        );
    }

    #[test]
    fn the_figures_are_a_blend_against_any_base() {
        assert_eq!(INFO.figures, Figures::Blended);
        assert_eq!(INFO.home, Home::AnyBase(CurrencyCode::EUR));
        assert_eq!(INFO.settings, [PROVIDERS]);
    }

    #[test]
    fn publisher_names_are_lower_case_without_spaces() {
        assert_eq!(publisher_names("ECB"), Ok("ecb".to_owned()));
        assert_eq!(publisher_names("nbp.b, CNB"), Ok("nbp.b,cnb".to_owned()));
        for bad in ["ecb,,nbp", "ecb;nbp", "e c b", "ecb&x=1"] {
            assert!(publisher_names(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn error_bodies_give_their_message() {
        assert_eq!(
            explain(br#"{"status":422,"message":"invalid currency: XYZ"}"#).as_deref(),
            Some("invalid currency: XYZ")
        );
        assert_eq!(explain(b"<html>502</html>"), None);
    }
}
