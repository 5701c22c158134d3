//! Danmarks Nationalbank's exchange rates, from Statistics Denmark's
//! Statbank, which serves them as its table `DNVALD`.
//!
//! Every request is `POST {base}/v1/data` with a JSON body naming the
//! table and the selection: `{"table":"DNVALD","format":"BULK","lang":"en",
//! "valuePresentation":"Code","variables":[{"code":"VALUTA","values":[…]},
//! {"code":"KURTYP","values":["KBH"]},{"code":"Tid","values":
//! [">=2025M03D03<=2025M03D07"]}]}`. `KURTYP` `KBH` is the Nationalbank's
//! central rate; the currencies are [`CURRENCIES`] (the 30 it quotes now),
//! or those `--symbols` names, which may reach the table's older ones
//! (`DEM` before the euro). A range is asked for a calendar year at a
//! time; the latest day is the newest of the last [`LATEST_DAYS`] days.
//!
//! The answer is `;`-separated CSV with CRLF line ends: the header
//! `VALUTA;KURTYP;TID;INDHOLD`, then one row per currency and day, **not
//! sorted by date**, `TID` written `2025M03D07`. `INDHOLD` is DKK per 100
//! units of `VALUTA`, always 4 decimals (`745.8900`): stored `100 EUR =
//! 745.8900 DKK`, as printed. `..` is no value (the lev from 2026-01-02,
//! replaced by the euro): that currency is left out of that day, and a day
//! of only `..` is no day. The header without rows is "nothing published"
//! (a selection matching no published day; not recorded); the service's
//! errors come as JSON, `{"errorTypeCode":…,"message":…}`, whose message
//! the error quotes.
//!
//! The Nationalbank sets its rates on Danish banking days; Statbank's
//! table is updated with a day's rates the next banking day.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::endpoint::endpoint;
use super::sdmx::Csv;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, year_spans,
};
use crate::http::{Explain, Get, HttpClient, Payload};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, Unit, check_published_day};

/// The Danish krone: the quote of every rate.
const DKK: CurrencyCode = CurrencyCode::from_static(b"DKK");

/// The Nationalbank's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "dnb",
    publisher: "Danmarks Nationalbank (through Statistics Denmark)",
    default_url: "https://api.statbank.dk",
    home: Home::Fixed(DKK),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 4,
    figures: Figures::Official,
    about: "the Nationalbank's central rates, DKK per 100 units of foreign currency",
    first_day: date(1977, 1, 3),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.dst.dk/en/presse/kildeangivelse",
    described: Described {
        printed: "`100 EUR = 745.8900 DKK` (unit 100)",
        history: "Statbank's table `DNVALD`",
        published: "the next Danish banking day (Statbank's update; the hour is not documented)",
        per_request: "a calendar year (no documented limit)",
        used_for: "Danish accounting and tax: the Nationalbank's exchange rates ([Statbank table DNVALD](https://www.statbank.dk/DNVALD))",
        requests: "`POST /v1/data` with the JSON selection (`DNVALD`, `BULK`, `VALUTA`, `KURTYP` `KBH`, `Tid` `>=YYYYMmmDdd<=…`); latest: the last 14 days",
        nothing_published: "the header `VALUTA;KURTYP;TID;INDHOLD` without rows",
        cron: Some(CronLine {
            schedule: "30 10 * * 1-5",
            why: "Danmarks Nationalbank through Statbank: a day's rates are in the table the next banking day",
        }),
    },
    build: |setup| {
        Box::new(Dnb {
            http: setup.http,
            url: endpoint(setup.url, DATA, ""),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The data call below the base URL.
const DATA: &str = "v1/data";

/// The table and the rate type asked for.
const TABLE: &str = "DNVALD";
const RATE_TYPE: &str = "KBH";

/// The header of every answer, column for column.
pub const HEADER: [&str; 4] = ["VALUTA", "KURTYP", "TID", "INDHOLD"];

/// The currencies the Nationalbank quotes now, as the recorded request
/// asked for them: what a run without `--symbols` asks for.
pub const CURRENCIES: [&str; 30] = [
    "AUD", "BGN", "BRL", "CAD", "CHF", "CNY", "CZK", "EUR", "GBP", "HKD", "HUF", "IDR", "ILS",
    "INR", "ISK", "JPY", "KRW", "MXN", "MYR", "NOK", "NZD", "PHP", "PLN", "RON", "SEK", "SGD",
    "THB", "TRY", "USD", "ZAR",
];

/// How many days back the latest day is looked for: two weeks cover
/// Christmas to the new year.
const LATEST_DAYS: u64 = 14;

/// The Nationalbank's provider at one Statbank URL.
#[derive(Debug)]
pub struct Dnb<'a> {
    http: &'a HttpClient,
    /// `{base}/v1/data`.
    url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Dnb<'_> {
    /// The days from `from` to `to`, a calendar year per request.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let mut days = Vec::new();
        for (from, to) in year_spans(from.max(INFO.first_day), to.min(self.today)) {
            let body = selection(&self.currencies(), from, to);
            let answer = self.http.post_with(
                &Get {
                    url: &self.url,
                    accept: "text/csv",
                    headers: &[],
                    explain: Some(Explain::Says(statbank_error)),
                },
                &Payload {
                    content_type: "application/json",
                    body: body.as_bytes(),
                },
            )?;
            let parsed = parse(&answer, self.today, from, to)
                .map_err(|reason| format!("{TABLE} {from}..{to}: {reason}"));
            let span = self.selection.keep(&self.url, parsed)?;
            log::info!("{} {TABLE} {from}..{to}: {} days", self.url, span.len());
            days.extend(span);
        }
        Ok(days)
    }

    /// The codes to ask for: `--symbols`, or [`CURRENCIES`].
    fn currencies(&self) -> Vec<String> {
        if self.selection.symbols.is_empty() {
            CURRENCIES.iter().map(|code| (*code).to_owned()).collect()
        } else {
            let codes = self.selection.symbols.iter();
            codes.map(|code| code.as_str().to_owned()).collect()
        }
    }
}

impl Provider for Dnb<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// `2025M03D07`: a day as `Tid` codes it.
fn time_code(day: NaiveDate) -> String {
    format!("{:04}M{:02}D{:02}", day.year(), day.month(), day.day())
}

/// The JSON body asking for the central rates of `currencies` from `from`
/// to `to`.
pub fn selection(currencies: &[String], from: NaiveDate, to: NaiveDate) -> String {
    let time = format!(">={}<={}", time_code(from), time_code(to));
    serde_json::json!({
        "table": TABLE,
        "format": "BULK",
        "lang": "en",
        "valuePresentation": "Code",
        "variables": [
            {"code": "VALUTA", "values": currencies},
            {"code": "KURTYP", "values": [RATE_TYPE]},
            {"code": "Tid", "values": [time]},
        ],
    })
    .to_string()
}

/// Statbank's error document, `{"errorTypeCode":"…","message":"…"}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatbankError {
    error_type_code: Option<String>,
    message: String,
}

/// What an error document says: its message and its type.
fn statbank_error(body: &[u8]) -> Option<String> {
    let error: StatbankError = serde_json::from_slice(body).ok()?;
    Some(match error.error_type_code {
        Some(code) => format!("{} ({code})", error.message.trim()),
        None => error.message.trim().to_owned(),
    })
}

/// `2025M03D07` as a date.
fn parse_time(text: &str) -> Result<NaiveDate, String> {
    let invalid = || format!("invalid day {text:?} (expected e.g. 2025M03D07)");
    let bytes = text.as_bytes();
    let well_formed = bytes.len() == 10
        && bytes[4] == b'M'
        && bytes[7] == b'D'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| bytes[i].is_ascii_digit());
    if !well_formed {
        return Err(invalid());
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().map_err(|_| invalid());
    let year = i32::try_from(number(0..4)?).map_err(|_| invalid())?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?).ok_or_else(invalid)
}

/// Parses an answer for the days `from` to `to`, asked on `today`: its
/// days, oldest first, each rate `100 VALUTA = INDHOLD DKK` as printed; a
/// `..` value is left out, a day of only `..` is no day, the header alone
/// no day at all.
///
/// Refuses an error document (quoting its message), what is not the
/// expected CSV (another header, a line cut short, an HTML page), a rate
/// type other than `KBH`, a day that is not a `Tid` code or lies outside
/// the days asked for or the window of [`check_published_day`], a value
/// that is not a positive decimal, and a currency twice on one day.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    if body.trim_ascii_start().starts_with(b"{") {
        let said = statbank_error(body).unwrap_or_else(|| "a JSON document".to_owned());
        return Err(format!("Statbank answered an error: {said}"));
    }
    let csv = Csv::parse_separated(body, ';')?;
    if csv.header() != HEADER {
        return Err(format!(
            "not the expected CSV: the header is {:?}, not {}",
            csv.header().join(";"),
            HEADER.join(";")
        ));
    }
    let hundred = Unit::from_count("100")?;
    let mut days: BTreeMap<NaiveDate, Vec<Published>> = BTreeMap::new();
    for row in csv.rows(HEADER)? {
        let [code, rate_type, time, value] = row.values;
        let line = row.line;
        let code: CurrencyCode = code.parse().map_err(|err| format!("line {line}: {err}"))?;
        if rate_type != RATE_TYPE {
            return Err(format!(
                "line {line}: rate type {rate_type:?}, not the central rate {RATE_TYPE}"
            ));
        }
        let day = parse_time(time).map_err(|err| format!("line {line}, {code}: {err}"))?;
        let day = check_published_day(day, INFO.first_day, today)?;
        check_asked(day, from, to)?;
        let rates = days.entry(day).or_default();
        if value == ".." {
            continue;
        }
        let rate: Rate = value
            .parse()
            .map_err(|err| format!("day {day}, {code}: {err}"))?;
        rates.push(Published::per(hundred, code, DKK, rate));
    }
    days.into_iter()
        .filter(|(_, rates)| !rates.is_empty())
        .map(|(day, rates)| DayRates::new(day, DKK, rates))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    const WEEK: &[u8] = include_bytes!("../../tests/fixtures/dnb/2025-03-03-2025-03-07.csv");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    /// An answer of `rows` for the window 2024-06-24..2024-06-28.
    fn answer(rows: &str) -> Result<Vec<DayRates>, String> {
        let body = format!("VALUTA;KURTYP;TID;INDHOLD\r\n{rows}");
        parse(
            body.as_bytes(),
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        )
    }

    fn refusal(rows: &str) -> String {
        answer(rows).expect_err(rows)
    }

    fn shown(day: &DayRates) -> Vec<String> {
        day.rates().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_recorded_week_parses_in_date_order_to_the_printed_digits() {
        let days = parse(
            WEEK,
            day("2025-03-10"),
            day("2025-03-03"),
            day("2025-03-07"),
        )
        .expect("valid");
        let dates: Vec<String> = days.iter().map(|d| d.date().to_string()).collect();
        assert_eq!(
            dates,
            [
                "2025-03-03",
                "2025-03-04",
                "2025-03-05",
                "2025-03-06",
                "2025-03-07"
            ]
        );
        assert!(
            days.iter()
                .all(|d| d.rates().len() == 30 && d.home() == DKK)
        );
        let newest = shown(&days[4]);
        for printed in [
            "100 EUR = 745.8900 DKK",
            "100 USD = 687.0100 DKK",
            "100 IDR = 0.0422 DKK",
            "100 JPY = 4.6516 DKK",
        ] {
            assert!(
                newest.contains(&printed.to_owned()),
                "{printed}: {newest:?}"
            );
        }
    }

    #[test]
    fn the_selection_asks_for_the_central_rates_of_the_days() {
        let body = selection(
            &["EUR".to_owned(), "USD".to_owned()],
            day("2025-03-03"),
            day("2025-03-07"),
        );
        assert_eq!(
            body,
            r#"{"format":"BULK","lang":"en","table":"DNVALD","valuePresentation":"Code","variables":[{"code":"VALUTA","values":["EUR","USD"]},{"code":"KURTYP","values":["KBH"]},{"code":"Tid","values":[">=2025M03D03<=2025M03D07"]}]}"#
        );
    }

    #[test]
    fn no_value_leaves_the_currency_out_and_the_header_alone_is_no_day() {
        let days = answer(
            "BGN;KBH;2024M06D27;..\r\nEUR;KBH;2024M06D27;745.8300\r\nBGN;KBH;2024M06D28;..\r\n",
        )
        .expect("valid");
        assert_eq!(days.len(), 1);
        assert_eq!(shown(&days[0]), ["100 EUR = 745.8300 DKK"]);
        assert_eq!(answer(""), Ok(Vec::new()));
        // Line ends without the carriage return read alike.
        let lf = parse(
            b"VALUTA;KURTYP;TID;INDHOLD\nEUR;KBH;2024M06D27;745.8300\n",
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        );
        assert_eq!(lf.map(|days| days.len()), Ok(1));
    }

    #[test]
    fn an_error_document_is_quoted() {
        let body =
            r#"{"errorTypeCode":"EXTRACT-NOTFOUND","message":"Værdien 'XYZ' blev ikke fundet"}"#
                .as_bytes();
        assert_eq!(
            statbank_error(body).as_deref(),
            Some("Værdien 'XYZ' blev ikke fundet (EXTRACT-NOTFOUND)")
        );
        let err = parse(
            body,
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        )
        .expect_err("an error");
        assert_eq!(
            err,
            "Statbank answered an error: Værdien 'XYZ' blev ikke fundet (EXTRACT-NOTFOUND)"
        );
        assert_eq!(statbank_error(b"<html>"), None);
    }

    #[test]
    fn another_shape_is_refused() {
        let err = parse(
            b"VALUTA,KURTYP,TID,INDHOLD\r\n",
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        )
        .expect_err("commas");
        assert!(
            err.starts_with("not the expected CSV: the header is"),
            "{err}"
        );
        assert_eq!(
            refusal("EUR;KBH;2024M06D27\r\n"),
            "line 2 has 3 fields, the header 4"
        );
        assert!(refusal("EUR;KBH;2024M06D27;745.83").contains("ends early"));
        assert_eq!(
            refusal("EUR;KBK;2024M06D27;745.8300\r\n"),
            "line 2: rate type \"KBK\", not the central rate KBH"
        );
        let html = parse(
            b"<html></html>\n",
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        );
        assert!(
            html.expect_err("html")
                .starts_with("not CSV: an HTML or XML page")
        );
    }

    #[test]
    fn bad_days_values_and_repeats_are_refused() {
        assert_eq!(
            refusal("EUR;KBH;2024-06-27;745.8300\r\n"),
            "line 2, EUR: invalid day \"2024-06-27\" (expected e.g. 2025M03D07)"
        );
        assert_eq!(
            refusal("EUR;KBH;2024M02D30;745.8300\r\n"),
            "line 2, EUR: invalid day \"2024M02D30\" (expected e.g. 2025M03D07)"
        );
        assert_eq!(
            refusal("EUR;KBH;2024M06D21;745.8300\r\n"),
            "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)"
        );
        for (value, expected) in [
            ("-745.83", "day 2024-06-27, EUR: invalid rate \"-745.83\""),
            ("0.0000", "(a rate must be greater than zero)"),
            ("745,83", "invalid rate \"745,83\""),
            ("NaN", "invalid rate \"NaN\""),
            ("", "invalid rate \"\""),
        ] {
            let err = refusal(&format!("EUR;KBH;2024M06D27;{value}\r\n"));
            assert!(err.contains(expected), "{value}: {err}");
        }
        assert_eq!(
            refusal("EUR;KBH;2024M06D27;745.83\r\nEUR;KBH;2024M06D27;745.84\r\n"),
            "day 2024-06-27: currency EUR appears twice"
        );
        assert!(refusal("eur;KBH;2024M06D27;745.83\r\n").contains("invalid currency code"));
    }
}
