//! The Bank of England's daily spot exchange rates, from its Interactive
//! Statistical Database (IADB).
//!
//! `GET {base}/_iadb-fromshowcolumns.asp?csv.x=yes&Datefrom=17/Mar/2026&Dateto=20/Mar/2026&SeriesCodes=XUDLUSS,…&CSVF=TN&UsingCodes=Y`
//! answers a CSV table (CRLF line ends): a `DATE` column (`17 Mar 2026`) and
//! one column per series asked for, one line per day, oldest first. Each
//! series is one currency per 1 GBP, observed by the Bank's foreign
//! exchange desk in the London market at about 16:00 London time: base GBP,
//! quote the series' currency, unit 1, stored as printed. [`SERIES`] is the
//! fixed table of series codes; a column not in it refuses the answer.
//! Most series reach back to at least 4 January 2000; some start later.
//!
//! Any range is one request. The latest day is the newest one of the last
//! [`LATEST_DAYS`] days. A day on which a series has no value leaves its
//! cell empty: that currency is skipped that day. A range without any
//! value is answered with the header alone, which is "nothing published";
//! the IADB answers errors (a bad series code or date) with an HTML page,
//! often with status 200, which is refused like any other broken answer.

use chrono::{Datelike, NaiveDate};

use super::endpoint::endpoint;
use super::sdmx::Csv;
use super::{
    CronLine, DayRequest, Described, Figures, Home, MONTHS, Provider, ProviderInfo, Release,
    Selection, Week, check_asked, parse_day_month_year,
};
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, check_published_day};

/// The pound sterling: the base of every rate.
const GBP: CurrencyCode = CurrencyCode::from_static(b"GBP");

/// The Bank of England's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "boe",
    publisher: "Bank of England",
    default_url: "https://www.bankofengland.co.uk/boeapps/database",
    home: Home::Fixed(GBP),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 2,
    figures: Figures::Official,
    about: "daily spot rates, foreign currency per 1 GBP",
    first_day: date(1975, 1, 2),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.bankofengland.co.uk/legal",
    described: Described {
        printed: "`1 GBP = 1.3343 USD`",
        history: "most series from 2000-01-04",
        published: "after 16:00 (London)",
        per_request: "any range",
        used_for: "UK accounting: the Bank's 4 pm spot rates",
        requests: "`/_iadb-fromshowcolumns.asp?csv.x=yes&Datefrom=DD/Mon/YYYY&Dateto=…&SeriesCodes=XUDLUSS,…&CSVF=TN&UsingCodes=Y`; latest: the last 14 days",
        nothing_published: "a CSV with its header only",
        cron: Some(CronLine {
            schedule: "30 17 * * 1-5",
            why: "Bank of England spot rates, after 16:00 London time (17:00 here)",
        }),
    },
    build: |setup| {
        Box::new(Boe {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The IADB series of the daily spot rates fxrates reads: each one
/// currency per 1 GBP. The query asks for exactly these.
pub const SERIES: [(&str, CurrencyCode); 26] = [
    ("XUDLUSS", CurrencyCode::USD),
    ("XUDLERS", CurrencyCode::EUR),
    ("XUDLJYS", CurrencyCode::from_static(b"JPY")),
    ("XUDLCDS", CurrencyCode::from_static(b"CAD")),
    ("XUDLSFS", CurrencyCode::from_static(b"CHF")),
    ("XUDLADS", CurrencyCode::from_static(b"AUD")),
    ("XUDLNDS", CurrencyCode::from_static(b"NZD")),
    ("XUDLNKS", CurrencyCode::from_static(b"NOK")),
    ("XUDLSKS", CurrencyCode::from_static(b"SEK")),
    ("XUDLDKS", CurrencyCode::from_static(b"DKK")),
    ("XUDLHDS", CurrencyCode::from_static(b"HKD")),
    ("XUDLSGS", CurrencyCode::from_static(b"SGD")),
    ("XUDLSRS", CurrencyCode::from_static(b"SAR")),
    ("XUDLZRS", CurrencyCode::from_static(b"ZAR")),
    ("XUDLTWS", CurrencyCode::from_static(b"TWD")),
    ("XUDLBK25", CurrencyCode::from_static(b"CZK")),
    ("XUDLBK33", CurrencyCode::from_static(b"HUF")),
    ("XUDLBK47", CurrencyCode::from_static(b"PLN")),
    ("XUDLBK78", CurrencyCode::from_static(b"ILS")),
    ("XUDLBK83", CurrencyCode::from_static(b"MYR")),
    ("XUDLBK87", CurrencyCode::from_static(b"THB")),
    ("XUDLBK89", CurrencyCode::from_static(b"CNY")),
    ("XUDLBK93", CurrencyCode::from_static(b"KRW")),
    ("XUDLBK95", CurrencyCode::from_static(b"TRY")),
    ("XUDLBK97", CurrencyCode::from_static(b"INR")),
    ("XUDLZOS4", CurrencyCode::from_static(b"RON")),
];

/// How many days back the latest day is looked for: two weeks cover the
/// longest closure (Christmas to the new year).
const LATEST_DAYS: u64 = 14;

/// The Bank of England provider below one base URL.
#[derive(Debug)]
pub struct Boe<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Boe<'_> {
    /// The URL of the days `from` to `to`, every series of [`SERIES`].
    fn url(&self, from: NaiveDate, to: NaiveDate) -> String {
        let codes: Vec<&str> = SERIES.iter().map(|(code, _)| *code).collect();
        let query = format!(
            "csv.x=yes&Datefrom={}&Dateto={}&SeriesCodes={}&CSVF=TN&UsingCodes=Y",
            query_date(from),
            query_date(to),
            codes.join(","),
        );
        endpoint(&self.base_url, "_iadb-fromshowcolumns.asp", &query)
    }

    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let url = self.url(from, to);
        let body = self.http.get_with(&Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: None,
        })?;
        let days = self
            .selection
            .keep(&url, parse(&body, self.today, from, to))?;
        log::info!("{url}: {} days", days.len());
        Ok(days)
    }
}

impl Provider for Boe<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// `17/Mar/2026`, as the query takes a date.
fn query_date(day: NaiveDate) -> String {
    let month = MONTHS[day.month0() as usize];
    format!("{:02}/{month}/{}", day.day(), day.year())
}

/// Parses an IADB CSV answer for the days `from` to `to`, asked on
/// `today`: its days, oldest first, each currency per 1 GBP as printed;
/// a day's empty cells are skipped, and a day with only empty cells too.
/// The header alone (nothing published) is an empty list.
///
/// Refuses the whole document when it is not CSV (an HTML error page),
/// its first column is not `DATE`, a column is not a series of [`SERIES`],
/// a line has more or fewer cells than the header, a date is malformed,
/// outside `from..=to` or the window of [`check_published_day`], repeated
/// or out of order, or a value is not a positive plain decimal.
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    let csv = Csv::parse(body)?;
    let (first, series) = csv.header().split_first().ok_or("the header is empty")?;
    if first != "DATE" {
        return Err(format!(
            "not the expected CSV: the first column is {first:?}, not DATE"
        ));
    }
    let currencies: Vec<CurrencyCode> = series
        .iter()
        .map(|column| {
            SERIES
                .iter()
                .find(|(code, _)| code == column)
                .map(|(_, currency)| *currency)
                .ok_or_else(|| format!("not the expected CSV: unknown column {column:?}"))
        })
        .collect::<Result<_, _>>()?;
    let mut days: Vec<DayRates> = Vec::new();
    let mut previous: Option<NaiveDate> = None;
    for (line, fields) in csv.lines() {
        let (date, cells) = fields.split_first().ok_or("an empty line")?;
        let date = parse_day_month_year(date, ' ').map_err(|err| format!("line {line}: {err}"))?;
        let date = check_published_day(date, INFO.first_day, today)?;
        check_asked(date, from, to)?;
        if let Some(previous) = previous.filter(|previous| date <= *previous) {
            return Err(format!(
                "day {date} follows {previous}: repeated or out of order"
            ));
        }
        previous = Some(date);
        let mut rates = Vec::with_capacity(cells.len());
        for (cell, quote) in cells.iter().zip(&currencies) {
            if cell.is_empty() {
                continue;
            }
            let rate: Rate = cell
                .parse()
                .map_err(|err| format!("day {date}, {quote}: {err}"))?;
            rates.push(Published::new(GBP, *quote, rate));
        }
        if !rates.is_empty() {
            days.push(DayRates::new(date, GBP, rates)?);
        }
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

    const SAMPLE: &str = include_str!("../../tests/fixtures/boe/iadb-2026-03-17-2026-03-20.csv");

    fn parse_week(text: &str) -> Result<Vec<DayRates>, String> {
        parse(
            text.as_bytes(),
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        )
    }

    fn rejected(text: &str) -> String {
        parse_week(text).expect_err("document accepted")
    }

    /// `1 GBP = rate quote` of `quote` on the day.
    fn rate_of(day: &DayRates, quote: &str) -> String {
        let published = day
            .rates()
            .iter()
            .find(|r| r.quote.as_str() == quote)
            .unwrap_or_else(|| panic!("{quote} on {}", day.date()));
        assert_eq!((published.base, published.unit.count()), (GBP, 1));
        published.rate.to_string()
    }

    #[test]
    fn the_recorded_window_parses_to_the_printed_digits() {
        let days = parse(
            SAMPLE.as_bytes(),
            day("2026-03-20"),
            day("2026-03-17"),
            day("2026-03-20"),
        )
        .expect("valid");
        let dates: Vec<String> = days.iter().map(|d| d.date().to_string()).collect();
        assert_eq!(
            dates,
            ["2026-03-17", "2026-03-18", "2026-03-19", "2026-03-20"]
        );
        assert!(
            days.iter()
                .all(|d| d.rates().len() == 26 && d.home() == GBP)
        );
        assert_eq!(rate_of(&days[0], "USD"), "1.3343");
        assert_eq!(rate_of(&days[0], "CAD"), "1.829");
        assert_eq!(rate_of(&days[1], "KRW"), "1998.788");
        assert_eq!(rate_of(&days[2], "JPY"), "211.3327");
        assert_eq!(rate_of(&days[3], "RON"), "5.8721");
        assert_eq!(rate_of(&days[3], "EUR"), "1.1523");
    }

    #[test]
    fn the_series_table_builds_the_query_and_names_each_currency_once() {
        for (i, (code, currency)) in SERIES.iter().enumerate() {
            assert!(code.starts_with("XUDL"), "{code}");
            assert!(SERIES[..i].iter().all(|(c, q)| c != code && q != currency));
        }
        assert_eq!(query_date(day("2026-03-07")), "07/Mar/2026");
    }

    #[test]
    fn empty_cells_are_skipped_and_the_header_alone_is_nothing_published() {
        let days = parse_week(
            "DATE,XUDLUSS,XUDLERS\r\n24 Jun 2024,1.2683,\r\n25 Jun 2024,,\r\n26 Jun 2024,1.2645,1.1843\r\n",
        )
        .expect("valid");
        let dates: Vec<String> = days.iter().map(|d| d.date().to_string()).collect();
        assert_eq!(dates, ["2024-06-24", "2024-06-26"]);
        assert_eq!(days[0].rates().len(), 1);
        assert_eq!(parse_week("DATE,XUDLUSS,XUDLERS\r\n"), Ok(vec![]));
    }

    #[test]
    fn a_changed_format_is_refused() {
        let cases = [
            ("DATE,XUDLUSS,XUDLXXX\r\n", "unknown column \"XUDLXXX\""),
            (
                "SERIES,DATE,VALUE\r\n",
                "the first column is \"SERIES\", not DATE",
            ),
            (
                "DATE,XUDLUSS\r\n24 Jun 2024\r\n",
                "line 2 has 1 fields, the header 2",
            ),
            (
                "DATE,XUDLUSS,XUDLUSS\r\n",
                "the header names the column XUDLUSS twice",
            ),
            (
                "DATE,XUDLUSS\r\n24 Jun 2024,1.2683",
                "the document ends early",
            ),
            (
                "<html><head><title>Error</title></head></html>\r\n",
                "not CSV: an HTML or XML page",
            ),
        ];
        for (text, expected) in cases {
            let err = rejected(text);
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }

    #[test]
    fn bad_values_are_refused_with_their_day_and_currency() {
        for (value, expected) in [
            ("-1", "day 2024-06-27, USD: invalid rate \"-1\""),
            (
                "0",
                "day 2024-06-27, USD: invalid rate \"0\" (a rate must be greater than zero)",
            ),
            ("NaN", "day 2024-06-27, USD: invalid rate \"NaN\""),
            ("1e3", "day 2024-06-27, USD: invalid rate \"1e3\""),
            ("..", "day 2024-06-27, USD: invalid rate \"..\""),
        ] {
            let err = rejected(&format!("DATE,XUDLUSS\r\n27 Jun 2024,{value}\r\n"));
            assert!(err.starts_with(expected), "{value:?}: {err}");
        }
    }

    #[test]
    fn bad_days_are_refused() {
        let cases = [
            (
                "21 Jun 2024",
                "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
            ),
            ("04 Jan 2999", "day 2999-01-04 is in the future"),
            ("2024-06-27", "line 2: invalid date \"2024-06-27\""),
            ("27 June 2024", "line 2: invalid date \"27 June 2024\""),
            ("31 Jun 2024", "line 2: invalid date \"31 Jun 2024\""),
        ];
        for (date, expected) in cases {
            let err = rejected(&format!("DATE,XUDLUSS\r\n{date},1.27\r\n"));
            assert_eq!(
                err.split(" (expected").next(),
                expected.split(" (expected").next(),
                "{date}"
            );
        }
        let err = rejected("DATE,XUDLUSS\r\n27 Jun 2024,1.27\r\n26 Jun 2024,1.26\r\n");
        assert_eq!(
            err,
            "day 2024-06-26 follows 2024-06-27: repeated or out of order"
        );
        let err = rejected("DATE,XUDLUSS\r\n27 Jun 2024,1.27\r\n27 Jun 2024,1.27\r\n");
        assert!(err.contains("repeated or out of order"), "{err}");
        assert_eq!(
            parse_day_month_year("7 Mar 2026", ' '),
            Ok(day("2026-03-07"))
        );
    }
}
