//! Banco Central de Reserva del Perú: the banking system's buying and
//! selling rates of the US dollar in soles (as the SBS, the banking
//! supervisor, reports them), from the Bank's BCRPData API. No key is
//! needed.
//!
//! One request per range, below the base URL
//! (`https://estadisticas.bcrp.gob.pe/estadisticas/series/api`):
//! `/PD04639PD-PD04640PD/json/{from}/{to}/ing`, dates `YYYY-MM-DD`; the
//! whole history fits one request. The latest is the newest day of the
//! last [`LATEST_DAYS`] days.
//!
//! The answer is JSON served as `text/html`: `{"config":{"title",
//! "series":[{"name":"… (S/ por US$) - Compra","dec":"3"},{"name":"… -
//! Venta",…}]},"periods":[{"name":"04.Set.26","values":["3.36","3.369"]}]}`.
//! `values` are positional, one per series of the path: `PD04639PD` the
//! buying rate, `PD04640PD` the selling rate, each `1 USD = value PEN`,
//! strings stored as printed (`dec` says 3 decimals, but trailing zeros
//! are dropped: `3.36`). Each is stored in its own series, `buying` and
//! `selling`; the Bank prints no mid, and none is made. `n.d.` is no value
//! (a holiday, a day not yet published): a day with neither is no day.
//!
//! A period is named `dd.Mon.yy`: with `/ing` the English abbreviations
//! except September, printed `Set`; the Spanish ones (`Ene`, `Abr`, `Ago`,
//! `Set`, `Dic`) without it. Both are read through one table, [`MONTHS`].
//! The two-digit year is 19yy from 91 on (the sol's first year, 1991) and
//! 20yy below it.
//!
//! A window with nothing published answers the `config` without `periods`
//! (or with none): no day. Nothing else is.

use chrono::NaiveDate;
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked,
};
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, Series, check_published_day};

/// The sol: the quote of every rate.
const PEN: CurrencyCode = CurrencyCode::from_static(b"PEN");

/// The US dollar: the base of every rate.
const USD: CurrencyCode = CurrencyCode::from_static(b"USD");

/// The path's series: the buying rate, then the selling rate.
const SERIES: &str = "PD04639PD-PD04640PD";

/// How many days back from today the latest day is looked for.
pub const LATEST_DAYS: u64 = 14;

/// The month abbreviations the Bank prints, by month: English (`/ing`,
/// with `Set` for September) and Spanish.
pub const MONTHS: [&[&str]; 12] = [
    &["Jan", "Ene"],
    &["Feb"],
    &["Mar"],
    &["Apr", "Abr"],
    &["May"],
    &["Jun"],
    &["Jul"],
    &["Aug", "Ago"],
    &["Set", "Sep"],
    &["Oct"],
    &["Nov"],
    &["Dec", "Dic"],
];

/// The Central Reserve Bank of Peru's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "bcrp",
    publisher: "Banco Central de Reserva del Perú",
    default_url: "https://estadisticas.bcrp.gob.pe/estadisticas/series/api",
    home: Home::Fixed(PEN),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 5,
    figures: Figures::Official,
    about: "the banking system's buying and selling rates, PEN per 1 USD",
    first_day: date(1991, 7, 1),
    dated_ahead: 0,
    sparse: false,
    terms: "https://estadisticas.bcrp.gob.pe/estadisticas/series/ayuda/api",
    described: Described {
        printed: "`1 USD = 3.369 PEN` buying and selling, trailing zeros dropped (`3.36`); no mid",
        history: "from the sol's introduction; how far back the series go was not checked",
        published: "the evening of each Lima business day (UTC−5), about 22:00 UTC",
        per_request: "any range",
        used_for: "Peruvian tax and accounting: the SBS rate the tax authority names for converting foreign currency ([series](https://estadisticas.bcrp.gob.pe/estadisticas/series/diarias/tipo-de-cambio))",
        requests: "`/PD04639PD-PD04640PD/json/{from}/{to}/ing`; latest: the last 14 days",
        nothing_published: "the `config` without `periods`",
        cron: Some(CronLine {
            schedule: "30 23 * * 1-5",
            why: "BCRP, the day's SBS rates in the Lima evening",
        }),
    },
    build: |setup| {
        Box::new(Bcrp {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The answer: the series it holds and its periods.
#[derive(Debug, Deserialize)]
struct Answer {
    config: Config,
    #[serde(default)]
    periods: Vec<Period>,
}

/// `{"title":"Tipo de cambio","series":[{"name":…,"dec":"3"},…]}`.
#[derive(Debug, Deserialize)]
struct Config {
    series: Vec<SeriesName>,
}

/// `{"name":"… - Compra","dec":"3"}`; `dec` is not read.
#[derive(Debug, Deserialize)]
struct SeriesName {
    name: String,
}

/// `{"name":"04.Set.26","values":["3.36","3.369"]}`.
#[derive(Debug, Deserialize)]
struct Period {
    name: String,
    values: Vec<String>,
}

/// The BCRP provider below one base URL.
#[derive(Debug)]
pub struct Bcrp<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Bcrp<'_> {
    /// The days from `from` to `to`, one request.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = (from.max(INFO.first_day), to.min(self.today));
        if from > to {
            return Ok(Vec::new());
        }
        let url = endpoint(
            &self.base_url,
            &format!("{SERIES}/json/{from}/{to}/ing"),
            "",
        );
        let get = Get {
            url: &url,
            accept: "application/json, text/html",
            headers: &[],
            explain: None,
        };
        let body = self.http.get_with(&get)?;
        let days = self
            .selection
            .keep(&url, parse(&body, self.today, from, to))?;
        log::info!("{url}: {} days", days.len());
        Ok(days)
    }
}

impl Provider for Bcrp<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// Parses an answer for the days `from` to `to`, asked on `today`: its
/// days, oldest first, each `1 USD = value PEN` buying and selling, the
/// values not published (`n.d.`) left out and a day with neither dropped.
/// No `periods` is no day.
///
/// Refuses series other than buying then selling, a period whose values
/// do not match them, a name not `dd.Mon.yy`, a day outside the days asked
/// for or [`check_published_day`], a day listed twice or out of order, and
/// a value that is not a positive decimal.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    let answer: Answer = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    check_series(&answer.config.series)?;
    let mut days: Vec<DayRates> = Vec::with_capacity(answer.periods.len());
    for period in &answer.periods {
        let day = period_day(&period.name)?;
        let day = check_published_day(day, INFO.first_day, today)?;
        check_asked(day, from, to)?;
        if let Some(last) = days.last().map(DayRates::date) {
            if day <= last {
                return Err(format!("day {day} follows {last}: out of order or twice"));
            }
        }
        if let Some(rates) = day_rates(day, period)? {
            days.push(rates);
        }
    }
    Ok(days)
}

/// Checks that the series are the path's: buying (`… - Compra`), then
/// selling (`… - Venta`).
fn check_series(series: &[SeriesName]) -> Result<(), String> {
    let names: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    match names.as_slice() {
        [buying, selling] if buying.ends_with("- Compra") && selling.ends_with("- Venta") => Ok(()),
        _ => Err(format!(
            "expected the series buying (… - Compra) and selling (… - Venta), found {names:?}"
        )),
    }
}

/// The rates of `day`: buying and selling as printed, each left out when
/// `n.d.`; none when both are.
fn day_rates(day: NaiveDate, period: &Period) -> Result<Option<DayRates>, String> {
    let [buying, selling] = period.values.as_slice() else {
        return Err(format!(
            "day {day}: {} values, expected 2 (buying, selling)",
            period.values.len()
        ));
    };
    let mut rates = Vec::with_capacity(2);
    for (value, series) in [(buying, Series::Buying), (selling, Series::Selling)] {
        if value == "n.d." {
            continue;
        }
        let rate: Rate = value
            .parse()
            .map_err(|err| format!("day {day}, USD {}: {err}", series.as_str()))?;
        rates.push(Published::new(USD, PEN, rate).of(series));
    }
    if rates.is_empty() {
        return Ok(None);
    }
    DayRates::new(day, PEN, rates).map(Some)
}

/// Reads a period's name, `dd.Mon.yy` (`04.Set.26`), the month through
/// [`MONTHS`], the year 19yy from 91 on and 20yy below.
fn period_day(name: &str) -> Result<NaiveDate, String> {
    let invalid = || format!("invalid period {name:?} (expected e.g. 04.Set.26)");
    let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = name.split('.');
    let (Some(day), Some(month), Some(year), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    if !two_digits(day) || !two_digits(year) {
        return Err(invalid());
    }
    let month = MONTHS
        .iter()
        .position(|labels| labels.contains(&month))
        .ok_or_else(invalid)?;
    let year: i32 = year.parse().map_err(|_| invalid())?;
    let year = if year >= 91 { 1900 + year } else { 2000 + year };
    let day: u32 = day.parse().map_err(|_| invalid())?;
    NaiveDate::from_ymd_opt(year, month as u32 + 1, day)
        .ok_or_else(|| format!("invalid period {name:?} (no such day)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    const RECORDED: &[u8] =
        include_bytes!("../../tests/fixtures/bcrp/PD04639PD-PD04640PD-2026-09-04-2026-09-08.json");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn parsed(body: &str) -> Result<Vec<DayRates>, String> {
        parse(
            body.as_bytes(),
            day("2026-09-10"),
            day("2026-09-01"),
            day("2026-09-10"),
        )
    }

    /// An answer of the two series holding `periods`.
    fn answer(periods: &[(&str, &str, &str)]) -> String {
        let periods: Vec<String> = periods
            .iter()
            .map(|(name, buying, selling)| {
                format!(r#"{{"name":"{name}","values":["{buying}","{selling}"]}}"#)
            })
            .collect();
        format!(
            r#"{{"config":{{"title":"Tipo de cambio","series":[{{"name":"TC (S/ por US$) - Compra","dec":"3"}},{{"name":"TC (S/ por US$) - Venta","dec":"3"}}]}},"periods":[{}]}}"#,
            periods.join(",")
        )
    }

    fn shown(days: &[DayRates]) -> Vec<String> {
        days.iter()
            .flat_map(|d| d.rates().iter().map(move |r| format!("{} {r}", d.date())))
            .collect()
    }

    #[test]
    fn the_recording_parses_to_buying_and_selling_as_printed() {
        let days = parse(
            RECORDED,
            day("2026-09-08"),
            day("2026-09-04"),
            day("2026-09-08"),
        )
        .expect("parses");
        assert_eq!(
            shown(&days),
            [
                "2026-09-04 1 USD = 3.36 PEN (buying)",
                "2026-09-04 1 USD = 3.369 PEN (selling)",
                "2026-09-07 1 USD = 3.351 PEN (buying)",
                "2026-09-07 1 USD = 3.372 PEN (selling)",
            ]
        );
    }

    #[test]
    fn every_month_label_reads_in_english_and_spanish() {
        for (label, month) in [
            ("Jan", 1),
            ("Ene", 1),
            ("Feb", 2),
            ("Mar", 3),
            ("Apr", 4),
            ("Abr", 4),
            ("May", 5),
            ("Jun", 6),
            ("Jul", 7),
            ("Aug", 8),
            ("Ago", 8),
            ("Set", 9),
            ("Sep", 9),
            ("Oct", 10),
            ("Nov", 11),
            ("Dec", 12),
            ("Dic", 12),
        ] {
            let date = period_day(&format!("01.{label}.26")).expect(label);
            assert_eq!(
                date,
                NaiveDate::from_ymd_opt(2026, month, 1).expect("a date")
            );
        }
        assert_eq!(period_day("31.Dic.91"), Ok(day("1991-12-31")));
        assert_eq!(period_day("02.Ene.90"), Ok(day("2090-01-02")));
        for bad in [
            "4.Set.26",
            "04.set.26",
            "04.Sept.26",
            "04-Set-26",
            "04.Set.2026",
            "04.Set",
        ] {
            assert_eq!(
                period_day(bad),
                Err(format!("invalid period {bad:?} (expected e.g. 04.Set.26)"))
            );
        }
        assert_eq!(
            period_day("31.Set.26"),
            Err("invalid period \"31.Set.26\" (no such day)".to_owned())
        );
    }

    #[test]
    fn no_periods_is_no_day_and_a_day_without_values_is_none() {
        let config = r#"{"config":{"title":"Tipo de cambio","series":[{"name":"a - Compra","dec":"3"},{"name":"b - Venta","dec":"3"}]}}"#;
        assert_eq!(parsed(config), Ok(vec![]));
        assert_eq!(parsed(&answer(&[])), Ok(vec![]));
        assert_eq!(
            parsed(&answer(&[("08.Set.26", "n.d.", "n.d.")])),
            Ok(vec![])
        );
        let half = parsed(&answer(&[("08.Set.26", "n.d.", "3.372")])).expect("ok");
        assert_eq!(shown(&half), ["2026-09-08 1 USD = 3.372 PEN (selling)"]);
    }

    #[test]
    fn bad_documents_values_and_days_are_refused() {
        let whole = std::str::from_utf8(RECORDED).expect("UTF-8");
        assert!(
            parsed(&whole[..whole.len() * 2 / 3])
                .expect_err("cut")
                .starts_with("the JSON document ends early")
        );
        assert!(
            parsed("<html></html>")
                .expect_err("html")
                .starts_with("not JSON")
        );
        assert!(
            parsed("{}")
                .expect_err("{}")
                .contains("missing field `config`")
        );
        let swapped = answer(&[]).replace("- Compra", "- X");
        assert!(
            parsed(&swapped)
                .expect_err("series")
                .starts_with("expected the series buying")
        );
        for (value, expected) in [
            (
                "-3.36",
                "day 2026-09-04, USD buying: invalid rate \"-3.36\"",
            ),
            (
                "0.000",
                "day 2026-09-04, USD buying: invalid rate \"0.000\" (a rate must",
            ),
            ("3,36", "day 2026-09-04, USD buying: invalid rate \"3,36\""),
            ("", "day 2026-09-04, USD buying: invalid rate \"\""),
        ] {
            let err = parsed(&answer(&[("04.Set.26", value, "3.369")])).expect_err(value);
            assert!(err.starts_with(expected), "{value}: {err}");
        }
        let three = answer(&[]).replace(
            r#""periods":[]"#,
            r#""periods":[{"name":"04.Set.26","values":["1","2","3"]}]"#,
        );
        assert_eq!(
            parsed(&three),
            Err("day 2026-09-04: 3 values, expected 2 (buying, selling)".to_owned())
        );
        let twice = answer(&[
            ("04.Set.26", "3.36", "3.369"),
            ("04.Set.26", "3.36", "3.369"),
        ]);
        assert_eq!(
            parsed(&twice),
            Err("day 2026-09-04 follows 2026-09-04: out of order or twice".to_owned())
        );
        assert_eq!(
            parsed(&answer(&[("31.Ago.26", "3.36", "3.369")])),
            Err("day 2026-08-31 is outside the days asked for (2026-09-01..2026-09-10)".to_owned())
        );
        assert_eq!(
            parsed(&answer(&[("12.Set.26", "3.36", "3.369")])),
            Err("day 2026-09-12 is in the future".to_owned())
        );
    }
}
