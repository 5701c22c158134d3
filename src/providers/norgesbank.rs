//! Norges Bank's daily exchange rates, from its SDMX REST API.
//!
//! `GET {base}/data/EXR/B..NOK.SP?format=csvdata&startPeriod=…&endPeriod=…`
//! answers every business-day series of the `EXR` dataflow in SDMX-CSV
//! ([`super::sdmx`]), one observation per line, series after series; the
//! latest day is `…?format=csvdata&lastNObservations=1`. No key; no
//! documented limit on a range, which is asked for at most 366 days at a
//! time so that no answer grows without bound (a year is ~10,000 lines).
//!
//! A line reads: 10^`UNIT_MULT` units of `BASE_CUR` cost `OBS_VALUE` NOK
//! (`B,HUF,NOK,SP,4,false,2,C,2026-03-16,2.857`: 100 HUF = 2.8570 NOK). The
//! service drops trailing zeros from `OBS_VALUE` and states the published
//! number of decimals in `DECIMALS`; the rate is stored with them restored,
//! as the Bank prints it, and a value with more decimals than `DECIMALS` is
//! refused. `XDR` (the IMF's SDR, an ISO 4217 code) is kept; `I44` and `TWI`
//! are trade-weighted indices of the krone, not currencies, and are skipped.
//!
//! Nothing published: SDMX REST answers a query whose result is empty with
//! HTTP 404 ("No Results Found", SDMX error 100), and so does the Bank for a
//! weekend or a holiday; that answer, and only it, is "nothing published".
//! A 200 without any observation is refused. The Bank publishes at about
//! 16:00 Oslo time (14:00 UTC in summer, 15:00 UTC in winter).

use chrono::NaiveDate;

use super::endpoint::endpoint;
use super::sdmx::{Csv, RateObservation, rate_days};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, spans,
};
use crate::error::Error;
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates};

/// The Norwegian krone: the quote of every rate.
const NOK: CurrencyCode = CurrencyCode::from_static(b"NOK");

/// Norges Bank's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "norgesbank",
    publisher: "Norges Bank",
    default_url: "https://data.norges-bank.no/api",
    home: Home::Fixed(NOK),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 3,
    figures: Figures::Official,
    about: "daily exchange rates, NOK per 1 or 100 units of foreign currency",
    first_day: date(1999, 1, 4),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.norges-bank.no/en/topics/Statistics/open-data/",
    described: Described {
        printed: "`100 SEK = 103.53 NOK` (units 1, 100)",
        history: "the daily series reach back further; fxrates asks from here",
        published: "~15:00 (16:00 Oslo)",
        per_request: "a year (366 days)",
        used_for: "Norwegian accounting and tax",
        requests: "`/data/EXR/B..NOK.SP?format=csvdata&startPeriod=…&endPeriod=…`; latest `&lastNObservations=1`",
        nothing_published: r#"HTTP 404 (SDMX "no results")"#,
        cron: Some(CronLine {
            schedule: "45 16 * * 1-5",
            why: "Norges Bank, around 16:00 Oslo time",
        }),
    },
    build: |setup| {
        Box::new(NorgesBank {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The series of all business-day spot rates against the krone.
const SERIES: &str = "data/EXR/B..NOK.SP";

/// The longest span one request asks for, in days.
const MAX_SPAN_DAYS: u64 = 366;

/// Series of the dataflow that are indices of the krone, not currencies:
/// `I44` (the import-weighted index) and `TWI` (the trade-weighted index).
const INDICES: [&str; 2] = ["I44", "TWI"];

/// The columns read, by name.
const COLUMNS: [&str; 8] = [
    "FREQ",
    "BASE_CUR",
    "QUOTE_CUR",
    "TENOR",
    "DECIMALS",
    "UNIT_MULT",
    "TIME_PERIOD",
    "OBS_VALUE",
];

/// The Norges Bank provider below one base URL.
#[derive(Debug)]
pub struct NorgesBank<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl NorgesBank<'_> {
    /// The days of `query`; `None` when the service answers that nothing
    /// matches (HTTP 404), which `latest` must not.
    fn download(
        &self,
        query: &str,
        asked: Option<(NaiveDate, NaiveDate)>,
    ) -> anyhow::Result<Option<Vec<DayRates>>> {
        let url = endpoint(&self.base_url, SERIES, &format!("format=csvdata&{query}"));
        let get = Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: None,
        };
        let body = if asked.is_some() {
            match self.http.get_unless(&get, 404)? {
                Some(body) => body,
                None => return Ok(None),
            }
        } else {
            self.http.get_with(&get)?
        };
        let invalid = |reason: String| Error::InvalidData {
            url: url.clone(),
            reason,
        };
        let mut days = parse(&body, self.today, asked).map_err(invalid)?;
        if asked.is_none() {
            // A discontinued series' last observation is years old: the
            // latest day is the newest one in the answer.
            days = days.pop().into_iter().collect();
        }
        let days = self.selection.keep(&url, Ok(days))?;
        log::info!("{url}: {} days", days.len());
        Ok(Some(days))
    }

    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let mut days = Vec::new();
        for (from, to) in spans(from, to, MAX_SPAN_DAYS) {
            let query = format!("startPeriod={from}&endPeriod={to}");
            days.extend(self.download(&query, Some((from, to)))?.unwrap_or_default());
        }
        Ok(days)
    }
}

impl Provider for NorgesBank<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        match request {
            DayRequest::Latest => Ok(self
                .download("lastNObservations=1", None)?
                .unwrap_or_default()),
            DayRequest::Day(day) => self.range(day, day),
            DayRequest::Range { from, to } => self.range(from, to),
        }
    }
}

/// Parses an SDMX-CSV answer of the `EXR` dataflow for a run on `today`:
/// its days, oldest first, each rate as published (NOK per 10^`UNIT_MULT`
/// units, the `DECIMALS` restored), the indices [`INDICES`] left out.
/// With `asked`, a day outside it refuses the document.
///
/// Refuses the whole document when it is not SDMX-CSV with the columns
/// read, holds no observation, a series that is not a business-day spot
/// rate in NOK, or an observation [`rate_days`] refuses (a bad day, value,
/// unit or currency, a currency twice on one day).
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    asked: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<DayRates>, String> {
    let csv = Csv::parse(body)?;
    let rows = csv.rows(COLUMNS)?;
    if rows.is_empty() {
        return Err("the answer holds no observation".to_owned());
    }
    let observations = rows.into_iter().filter_map(|row| {
        let [freq, base, quote, tenor, decimals, unit_mult, period, value] = row.values;
        if freq != "B" || quote != "NOK" || tenor != "SP" {
            return Some(Err(format!(
                "line {}: series {freq}.{base}.{quote}.{tenor} is not a business-day spot rate in NOK",
                row.line
            )));
        }
        (!INDICES.contains(&base)).then_some(Ok(RateObservation {
            line: row.line,
            base,
            period,
            unit_mult,
            value,
            decimals: Some(decimals),
        }))
    });
    let days = rate_days(observations, NOK, INFO.first_day, today, asked)?;
    if days.is_empty() {
        return Err("the answer holds only indices, no currency".to_owned());
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    const SAMPLE: &str =
        include_str!("../../tests/fixtures/norgesbank/EXR-2026-03-16-2026-03-24.csv");
    const HEADER: &str = "FREQ,BASE_CUR,QUOTE_CUR,TENOR,DECIMALS,CALCULATED,UNIT_MULT,COLLECTION,TIME_PERIOD,OBS_VALUE\n";

    fn window() -> Option<(NaiveDate, NaiveDate)> {
        Some((day("2024-06-24"), day("2024-06-28")))
    }

    fn parse_lines(lines: &str) -> Result<Vec<DayRates>, String> {
        parse(
            format!("{HEADER}{lines}").as_bytes(),
            day("2024-07-01"),
            window(),
        )
    }

    fn rejected(lines: &str) -> String {
        parse_lines(lines).expect_err("document accepted")
    }

    /// `unit BASE = rate NOK` of `currency` on `date`.
    fn rate_of(days: &[DayRates], date: &str, currency: &str) -> String {
        let day = days
            .iter()
            .find(|d| d.date() == self::day(date))
            .expect("the day");
        let published = day
            .rates()
            .iter()
            .find(|r| r.base.as_str() == currency)
            .unwrap_or_else(|| panic!("{currency} on {date}"));
        published.to_string()
    }

    #[test]
    fn the_recorded_window_parses_to_the_printed_digits() {
        let asked = Some((day("2026-03-16"), day("2026-03-24")));
        let days = parse(SAMPLE.as_bytes(), day("2026-03-24"), asked).expect("valid");
        let dates: Vec<String> = days.iter().map(|d| d.date().to_string()).collect();
        assert_eq!(
            dates,
            [
                "2026-03-16",
                "2026-03-17",
                "2026-03-18",
                "2026-03-19",
                "2026-03-20",
                "2026-03-23",
                "2026-03-24"
            ]
        );
        // 38 series, less the two indices.
        assert!(
            days.iter()
                .all(|d| d.rates().len() == 36 && d.home() == NOK)
        );
        for (date, currency, printed) in [
            ("2026-03-16", "HUF", "100 HUF = 2.8570 NOK"),
            ("2026-03-17", "DKK", "100 DKK = 148.20 NOK"),
            ("2026-03-18", "USD", "1 USD = 9.5830 NOK"),
            ("2026-03-16", "EUR", "1 EUR = 11.1490 NOK"),
            ("2026-03-19", "XDR", "1 XDR = 13.00820 NOK"),
            ("2026-03-16", "IDR", "100 IDR = 0.057256 NOK"),
            ("2026-03-24", "ISK", "100 ISK = 7.80 NOK"),
        ] {
            assert_eq!(rate_of(&days, date, currency), printed);
        }
        let skipped = days
            .iter()
            .flat_map(DayRates::rates)
            .filter(|r| INDICES.contains(&r.base.as_str()))
            .count();
        assert_eq!(skipped, 0, "an index was kept");
    }

    #[test]
    fn the_indices_are_skipped_by_name_and_nothing_else_is() {
        let days = parse_lines(
            "B,TWI,NOK,SP,2,true,0,C,2024-06-27,127.35\n\
             B,I44,NOK,SP,2,true,0,C,2024-06-27,114.11\n\
             B,XDR,NOK,SP,5,true,0,C,2024-06-27,14.0\n",
        )
        .expect("valid");
        assert_eq!(rate_of(&days, "2024-06-27", "XDR"), "1 XDR = 14.00000 NOK");
        assert_eq!(days[0].rates().len(), 1);
        let only_indices = rejected("B,TWI,NOK,SP,2,true,0,C,2024-06-27,127.35\n");
        assert_eq!(only_indices, "the answer holds only indices, no currency");
    }

    #[test]
    fn decimals_are_restored_and_never_cut() {
        let days = parse_lines("B,DKK,NOK,SP,2,false,2,C,2024-06-27,148\n").expect("valid");
        assert_eq!(rate_of(&days, "2024-06-27", "DKK"), "100 DKK = 148.00 NOK");
        let err = rejected("B,USD,NOK,SP,4,false,0,C,2024-06-27,10.71405\n");
        assert_eq!(
            err,
            "day 2024-06-27, USD: invalid rate \"10.71405\" (more decimals than the 4 published)"
        );
        assert!(
            rejected("B,USD,NOK,SP,x,false,0,C,2024-06-27,10.7\n")
                .contains("invalid DECIMALS \"x\"")
        );
    }

    #[test]
    fn bad_values_are_refused_with_their_day_and_currency() {
        let cases = [
            ("-1", "day 2024-06-27, USD: invalid rate \"-1\""),
            (
                "0",
                "day 2024-06-27, USD: invalid rate \"0\" (a rate must be greater than zero)",
            ),
            ("NaN", "day 2024-06-27, USD: invalid rate \"NaN\""),
            ("1e3", "day 2024-06-27, USD: invalid rate \"1e3\""),
            ("", "day 2024-06-27, USD: no OBS_VALUE"),
        ];
        for (value, expected) in cases {
            let err = rejected(&format!("B,USD,NOK,SP,4,false,0,C,2024-06-27,{value}\n"));
            assert!(err.starts_with(expected), "{value:?}: {err}");
        }
        let err = rejected("B,USD,NOK,SP,4,false,7,C,2024-06-27,10.7\n");
        assert!(err.contains("invalid unit multiplier 7"), "{err}");
        let err = rejected("B,usd,NOK,SP,4,false,0,C,2024-06-27,10.7\n");
        assert!(
            err.contains("line 2: invalid currency code \"usd\""),
            "{err}"
        );
    }

    #[test]
    fn days_outside_the_window_asked_or_in_the_future_are_refused() {
        let err = rejected("B,USD,NOK,SP,4,false,0,C,2024-06-21,10.7\n");
        assert_eq!(
            err,
            "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)"
        );
        let err = rejected("B,USD,NOK,SP,4,false,0,C,2999-01-04,10.7\n");
        assert_eq!(err, "day 2999-01-04 is in the future");
        assert!(rejected("B,USD,NOK,SP,4,false,0,C,27.06.2024,10.7\n").contains("invalid date"));
    }

    #[test]
    fn a_currency_twice_on_a_day_is_refused() {
        let err = rejected(
            "B,USD,NOK,SP,4,false,0,C,2024-06-27,10.7\n\
             B,USD,NOK,SP,4,false,0,C,2024-06-27,10.8\n",
        );
        assert_eq!(err, "day 2024-06-27: currency USD appears twice");
    }

    #[test]
    fn a_changed_format_is_refused() {
        let err = parse(
            b"FREQ,BASE_CUR,QUOTE_CUR,TENOR,TIME_PERIOD,OBS_VALUE\n",
            day("2024-07-01"),
            None,
        )
        .expect_err("no DECIMALS");
        assert!(
            err.starts_with("not the expected CSV: no column DECIMALS"),
            "{err}"
        );
        let err = rejected("M,USD,NOK,SP,4,false,0,C,2024-06,10.7\n");
        assert!(
            err.contains("series M.USD.NOK.SP is not a business-day spot rate"),
            "{err}"
        );
        assert_eq!(rejected(""), "the answer holds no observation");
    }

    #[test]
    fn html_and_truncated_documents_are_refused() {
        let err = parse(
            b"<html><body>Maintenance</body></html>",
            day("2026-03-24"),
            None,
        )
        .expect_err("html");
        assert!(
            err.starts_with("not CSV: an HTML or XML page (<html>"),
            "{err}"
        );
        let cut = &SAMPLE[..SAMPLE.len() - 3];
        let err = parse(cut.as_bytes(), day("2026-03-24"), None).expect_err("truncated");
        assert!(err.starts_with("the document ends early"), "{err}");
    }

    #[test]
    fn the_latest_answer_may_hold_older_days_of_discontinued_series() {
        let body = format!(
            "{HEADER}B,RUB,NOK,SP,4,false,2,C,2022-02-28,10.5\nB,USD,NOK,SP,4,false,0,C,2024-06-28,10.65\n"
        );
        let days = parse(body.as_bytes(), day("2024-07-01"), None).expect("valid");
        assert_eq!(days.last().map(DayRates::date), Some(day("2024-06-28")));
    }
}
