//! The Bank of Israel's representative exchange rates, from its SDMX REST
//! service.
//!
//! `GET {base}/data/dataflow/BOI.STATISTICS/EXR/1.0/?c%5BDATA_TYPE%5D=OF00&startperiod=…&endperiod=…&format=csv`
//! answers the representative rates (data type `OF00`) of the `EXR`
//! dataflow in SDMX-CSV ([`super::sdmx`]), one observation per line, series
//! after series: `SERIES_CODE,FREQ,BASE_CURRENCY,COUNTER_CURRENCY,…,
//! UNIT_MULT,COMMENTS,TIME_PERIOD,OBS_VALUE,RELEASE_STATUS`. No key; a range
//! is asked for at most [`MAX_SPAN_DAYS`] days at a time, and the latest
//! day is the newest of the last [`LATEST_DAYS`] days.
//!
//! A line reads: 10^`UNIT_MULT` units of `BASE_CURRENCY` cost `OBS_VALUE`
//! ILS (`RER_JPY_ILS,D,JPY,ILS,…,2,,2026-03-02,1.971,YP`: 100 JPY = 1.971
//! ILS; the Lebanese pound is priced per 10). The service drops trailing
//! zeros and, unlike Norges Bank's, states no number of decimals, while
//! they differ by currency: USD's values come with three (`3.073`), EUR's
//! with four (`3.5601`), or three when the fourth was a zero (`3.544`). So
//! the value is stored as the service gives it: the Bank's number, never a
//! digit fxrates cannot know, though it may print a zero fewer than the
//! Bank's pages, which show four decimals throughout.
//!
//! Nothing published: SDMX REST answers a query without observations with
//! HTTP 404 ("No Results Found"), and a CSV of its header alone says the
//! same; those two answers, and only they, are "nothing published". The
//! Bank publishes on Israel's foreign-exchange business days at about
//! 15:30 Jerusalem time (13:30 UTC in winter).

use chrono::NaiveDate;

use super::endpoint::endpoint;
use super::sdmx::{Csv, RateObservation, rate_days};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, spans,
};
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates};

/// The new Israeli shekel: the quote of every rate.
const ILS: CurrencyCode = CurrencyCode::from_static(b"ILS");

/// The Bank of Israel's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "boi",
    publisher: "Bank of Israel",
    default_url: "https://edge.boi.gov.il/FusionEdgeServer/sdmx/v2",
    home: Home::Fixed(ILS),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 3,
    figures: Figures::Official,
    about: "representative exchange rates, ILS per 1, 10 or 100 units of foreign currency",
    first_day: date(1999, 1, 4),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.boi.org.il/en/terms-of-use/",
    described: Described {
        printed: "`1 USD = 3.073 ILS` (units 1, 10, 100)",
        history: "the daily series reach back further; fxrates asks from here",
        published: "~13:30 (15:30 Jerusalem)",
        per_request: "a year (366 days)",
        used_for: "Israeli accounting and tax: the representative rate",
        requests: "`/data/dataflow/BOI.STATISTICS/EXR/1.0/?c%5BDATA_TYPE%5D=OF00&startperiod=…&endperiod=…&format=csv`; latest: the last 14 days",
        nothing_published: r#"HTTP 404 (SDMX "no results"), or a CSV with its header only"#,
        cron: Some(CronLine {
            schedule: "0 15 * * 1-5",
            why: "Bank of Israel representative rates, about 15:30 Jerusalem time (14:30 here)",
        }),
    },
    build: |setup| {
        Box::new(Boi {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The dataflow of the exchange rates.
const DATAFLOW: &str = "data/dataflow/BOI.STATISTICS/EXR/1.0/";

/// The data type of the representative rates: `c[DATA_TYPE]=OF00`, its
/// brackets percent-encoded.
const REPRESENTATIVE: &str = "c%5BDATA_TYPE%5D=OF00";

/// The longest span one request asks for, in days.
const MAX_SPAN_DAYS: u64 = 366;

/// How many days back the latest day is looked for: two weeks cover the
/// longest closure (the autumn holidays).
const LATEST_DAYS: u64 = 14;

/// The columns read, by name.
const COLUMNS: [&str; 8] = [
    "SERIES_CODE",
    "FREQ",
    "BASE_CURRENCY",
    "COUNTER_CURRENCY",
    "DATA_TYPE",
    "UNIT_MULT",
    "TIME_PERIOD",
    "OBS_VALUE",
];

/// The Bank of Israel provider below one base URL.
#[derive(Debug)]
pub struct Boi<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Boi<'_> {
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let from = from.max(INFO.first_day);
        let mut days = Vec::new();
        for (from, to) in spans(from, to, MAX_SPAN_DAYS) {
            let query = format!("{REPRESENTATIVE}&startperiod={from}&endperiod={to}&format=csv");
            let url = endpoint(&self.base_url, DATAFLOW, &query);
            let get = Get {
                url: &url,
                accept: "*/*",
                headers: &[],
                explain: None,
            };
            let Some(body) = self.http.get_unless(&get, 404)? else {
                continue;
            };
            let span = self
                .selection
                .keep(&url, parse(&body, self.today, from, to))?;
            log::info!("{url}: {} days", span.len());
            days.extend(span);
        }
        Ok(days)
    }
}

impl Provider for Boi<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// Parses an SDMX-CSV answer of the representative rates for the days
/// `from` to `to`, asked on `today`: its days, oldest first, each rate as
/// the service gives it (ILS per 10^`UNIT_MULT` units). A header without
/// lines is no day.
///
/// Refuses the whole document when it is not SDMX-CSV with the columns
/// read, holds a series that is not a daily representative rate in ILS, or
/// an observation [`rate_days`] refuses (a bad day, value, unit or
/// currency, a day outside `from..=to`, a currency twice on one day).
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    let csv = Csv::parse(body)?;
    let rows = csv.rows(COLUMNS)?;
    let observations = rows.into_iter().map(|row| {
        let [series, freq, base, counter, data_type, unit_mult, period, value] = row.values;
        if freq != "D" || counter != "ILS" || data_type != "OF00" {
            return Err(format!(
                "line {}: series {series} ({freq}, {base} in {counter}, {data_type}) is not a daily representative rate in ILS",
                row.line
            ));
        }
        Ok(RateObservation {
            line: row.line,
            base,
            period,
            unit_mult,
            value,
            decimals: None,
        })
    });
    rate_days(observations, ILS, INFO.first_day, today, Some((from, to)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    const SAMPLE: &str =
        include_str!("../../tests/fixtures/boi/EXR-OF00-2026-03-01-2026-03-20.csv");
    const HEADER: &str = "SERIES_CODE,FREQ,BASE_CURRENCY,COUNTER_CURRENCY,UNIT_MEASURE,DATA_TYPE,DATA_SOURCE,TIME_COLLECT,CONF_STATUS,PUB_WEBSITE,UNIT_MULT,COMMENTS,TIME_PERIOD,OBS_VALUE,RELEASE_STATUS\n";

    /// A line of `currency`'s representative rate.
    fn line(currency: &str, unit_mult: &str, date: &str, value: &str) -> String {
        format!(
            "RER_{currency}_ILS,D,{currency},ILS,ILS,OF00,BOI_MRKT,V,F,Y,{unit_mult},,{date},{value},YP\n"
        )
    }

    fn parse_lines(lines: &str) -> Result<Vec<DayRates>, String> {
        parse(
            format!("{HEADER}{lines}").as_bytes(),
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        )
    }

    fn rejected(lines: &str) -> String {
        parse_lines(lines).expect_err("document accepted")
    }

    fn shown(day: &DayRates) -> Vec<String> {
        day.rates().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_recorded_window_parses_to_the_given_digits() {
        let days = parse(
            SAMPLE.as_bytes(),
            day("2026-03-20"),
            day("2026-03-01"),
            day("2026-03-20"),
        )
        .expect("valid");
        let dates: Vec<String> = days.iter().map(|d| d.date().to_string()).collect();
        assert_eq!(dates, ["2026-03-02", "2026-03-05", "2026-03-06"]);
        // Seven currencies every day, six more on the 2nd only.
        let counts: Vec<usize> = days.iter().map(|d| d.rates().len()).collect();
        assert_eq!(counts, [14, 7, 7]);
        assert!(days.iter().all(|d| d.home() == ILS));
        let second = shown(&days[0]);
        for printed in [
            "1 USD = 3.073 ILS",
            "1 EUR = 3.5601 ILS",
            "100 JPY = 1.971 ILS",
            "10 LBP = 0.0003 ILS",
            "1 EGP = 0.0589 ILS",
            "1 ZAR = 0.1813 ILS",
        ] {
            assert!(
                second.contains(&printed.to_owned()),
                "{printed}: {second:?}"
            );
        }
        // The service's 3.544, the Bank's 3.5440: stored as given.
        assert!(shown(&days[1]).contains(&"1 EUR = 3.544 ILS".to_owned()));
    }

    #[test]
    fn a_header_without_lines_is_no_day() {
        assert_eq!(parse_lines(""), Ok(Vec::new()));
    }

    #[test]
    fn only_daily_representative_rates_in_ils_are_read() {
        let err = rejected("RER_USD_ILS,M,USD,ILS,ILS,OF00,BOI_MRKT,V,F,Y,0,,2024-06,3.7,YP\n");
        assert_eq!(
            err,
            "line 2: series RER_USD_ILS (M, USD in ILS, OF00) is not a daily representative rate in ILS"
        );
        let err = rejected("X_USD_EUR,D,USD,EUR,EUR,OF00,BOI_MRKT,V,F,Y,0,,2024-06-27,0.93,YP\n");
        assert!(
            err.contains("(D, USD in EUR, OF00) is not a daily"),
            "{err}"
        );
        let err = rejected("RER_USD_ILS,D,USD,ILS,ILS,OF01,BOI_MRKT,V,F,Y,0,,2024-06-27,3.7,YP\n");
        assert!(
            err.contains("OF01) is not a daily representative rate"),
            "{err}"
        );
    }

    #[test]
    fn bad_values_days_and_repeats_are_refused() {
        let cases = [
            (
                line("USD", "0", "2024-06-27", "-1"),
                "day 2024-06-27, USD: invalid rate \"-1\"",
            ),
            (
                line("USD", "0", "2024-06-27", "0.0000"),
                "day 2024-06-27, USD: invalid rate \"0.0000\" (a rate must be greater than zero)",
            ),
            (
                line("USD", "0", "2024-06-27", ""),
                "day 2024-06-27, USD: no OBS_VALUE",
            ),
            (
                line("USD", "7", "2024-06-27", "3.7"),
                "day 2024-06-27, USD: invalid unit multiplier 7",
            ),
            (
                line("usd", "0", "2024-06-27", "3.7"),
                "line 2: invalid currency code \"usd\"",
            ),
            (
                line("USD", "0", "2024-06-21", "3.7"),
                "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
            ),
            (
                line("USD", "0", "2999-01-04", "3.7"),
                "day 2999-01-04 is in the future",
            ),
            (
                format!(
                    "{}{}",
                    line("USD", "0", "2024-06-27", "3.7"),
                    line("USD", "0", "2024-06-27", "3.71")
                ),
                "day 2024-06-27: currency USD appears twice",
            ),
        ];
        for (lines, expected) in cases {
            let err = rejected(&lines);
            assert!(err.starts_with(expected), "{lines:?}: {err}");
        }
    }

    #[test]
    fn a_changed_format_html_and_truncated_documents_are_refused() {
        let err = parse(
            b"SERIES_CODE,FREQ,BASE_CURRENCY,TIME_PERIOD,OBS_VALUE\n",
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        )
        .expect_err("no COUNTER_CURRENCY");
        assert!(
            err.starts_with("not the expected CSV: no column COUNTER_CURRENCY"),
            "{err}"
        );
        let err = parse(
            b"<html><body>Maintenance</body></html>",
            day("2026-03-20"),
            day("2026-03-01"),
            day("2026-03-20"),
        )
        .expect_err("html");
        assert!(
            err.starts_with("not CSV: an HTML or XML page (<html>"),
            "{err}"
        );
        let cut = &SAMPLE[..SAMPLE.len() - 3];
        let err = parse(
            cut.as_bytes(),
            day("2026-03-20"),
            day("2026-03-01"),
            day("2026-03-20"),
        )
        .expect_err("truncated");
        assert!(err.starts_with("the document ends early"), "{err}");
    }
}
