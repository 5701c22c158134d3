//! The Reserve Bank of Australia's daily exchange rates: statistical table
//! F11.1, foreign currency per 1 AUD.
//!
//! `GET {base}/statistics/tables/csv/f11.1-data.csv` answers one CSV file
//! holding every day from 3 January 2023 to the latest: a byte-order mark,
//! lines of notes (`Title`, `Description`, `Units`, `Source`, …), the line
//! of series ids (`Series ID,FXRUSD,FXRTWI,…`) as the header, one line per
//! day (`03-Jan-2023`), oldest first, then blank lines. The file cannot be
//! asked for days: every request downloads it whole (about 120 kB) and
//! keeps the days asked for. The RBA's history before 2023 is in other
//! files (spreadsheets), which fxrates does not read.
//!
//! Columns are mapped by their series id ([`SERIES`]), never by position.
//! Each is `1 AUD = value currency`, as its `Title` note says (`A$1=USD`):
//! stored as base AUD, quote the series' currency, unit 1, the text of the
//! cell as printed (the RBA prints a fixed number of decimals per column:
//! `0.6828` USD, `88.48` JPY, `10635` IDR). A column's `Title` must read so,
//! or the file is refused: a series id reused for another currency or
//! direction is never stored under the old one. `FXRTWI`, the trade-weighted
//! index, is not a currency and is skipped ([`NOT_RATES`]); `FXRSDR`, the
//! SDR, is kept as `XDR`, its ISO 4217 code. A series id fxrates does not
//! know refuses the file, as any changed column does; a known one missing
//! is a currency the RBA no longer lists. An empty cell is a currency
//! without a rate that day (some columns are empty for months, or
//! throughout).
//!
//! The file is checked whole, not only the days asked for: any line that is
//! not a valid day refuses it. A file holding none of the days asked for
//! (a weekend, a Sydney holiday, a day before 2023) is "nothing published";
//! a file without the line of series ids, or holding no known series, is
//! not the table and is refused.
//!
//! The rates are indicative rates observed at 4.00 pm Sydney time on
//! Australian business days, published the same afternoon (about 05:00 UTC
//! in the northern winter, 06:00 in the northern summer).

use chrono::NaiveDate;

use super::endpoint::endpoint;
use super::sdmx::Csv;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, parse_day_month_year,
};
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, check_published_day};

/// The Australian dollar: the base of every rate.
const AUD: CurrencyCode = CurrencyCode::from_static(b"AUD");

/// The Reserve Bank of Australia's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "rba",
    publisher: "Reserve Bank of Australia",
    default_url: "https://www.rba.gov.au",
    home: Home::Fixed(AUD),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 2,
    figures: Figures::Official,
    about: "table F11.1, 4 pm Sydney indicative rates, foreign currency per 1 AUD",
    first_day: date(2023, 1, 3),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.rba.gov.au/copyright/",
    described: Described {
        printed: "`1 AUD = 0.7088 USD`",
        history: "this file; older years are other files",
        published: "after 05:00 (16:00 Sydney; 06:00 UTC in the northern summer)",
        per_request: "one file, all of it",
        used_for: "Australian accounting and tax: the RBA's 4 pm rates",
        requests: "`/statistics/tables/csv/f11.1-data.csv`, always the whole file; latest: its newest day",
        nothing_published: "a range the file holds no day of",
        cron: Some(CronLine {
            schedule: "30 8 * * 1-5",
            why: "Reserve Bank of Australia, 16:00 Sydney time (06:00 here in winter, 08:00 in summer)",
        }),
    },
    build: |setup| {
        Box::new(Rba {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The file below the base URL.
const FILE: &str = "statistics/tables/csv/f11.1-data.csv";

/// The series of F11.1 that are exchange rates: the series id, the
/// currency as its `Title` names it (`A$1=USD`), and its ISO 4217 code.
pub const SERIES: [(&str, &str, CurrencyCode); 22] = [
    ("FXRUSD", "USD", CurrencyCode::USD),
    ("FXRCR", "CNY", CurrencyCode::from_static(b"CNY")),
    ("FXRJY", "JPY", CurrencyCode::from_static(b"JPY")),
    ("FXREUR", "EUR", CurrencyCode::EUR),
    ("FXRSKW", "KRW", CurrencyCode::from_static(b"KRW")),
    ("FXRUKPS", "GBP", CurrencyCode::from_static(b"GBP")),
    ("FXRSD", "SGD", CurrencyCode::from_static(b"SGD")),
    ("FXRIRE", "INR", CurrencyCode::from_static(b"INR")),
    ("FXRTB", "THB", CurrencyCode::from_static(b"THB")),
    ("FXRNZD", "NZD", CurrencyCode::from_static(b"NZD")),
    ("FXRNTD", "TWD", CurrencyCode::from_static(b"TWD")),
    ("FXRMR", "MYR", CurrencyCode::from_static(b"MYR")),
    ("FXRIR", "IDR", CurrencyCode::from_static(b"IDR")),
    ("FXRVD", "VND", CurrencyCode::from_static(b"VND")),
    ("FXRUAED", "AED", CurrencyCode::from_static(b"AED")),
    ("FXRPNGK", "PGK", CurrencyCode::from_static(b"PGK")),
    ("FXRHKD", "HKD", CurrencyCode::from_static(b"HKD")),
    ("FXRCD", "CAD", CurrencyCode::from_static(b"CAD")),
    ("FXRSARD", "ZAR", CurrencyCode::from_static(b"ZAR")),
    ("FXRSF", "CHF", CurrencyCode::from_static(b"CHF")),
    ("FXRPHP", "PHP", CurrencyCode::from_static(b"PHP")),
    ("FXRSDR", "SDR", CurrencyCode::from_static(b"XDR")),
];

/// The series of F11.1 that are not exchange rates: the trade-weighted
/// index of the Australian dollar.
pub const NOT_RATES: [&str; 1] = ["FXRTWI"];

/// The first field of the line of series ids, the header of the table.
const HEADER: &str = "Series ID";

/// The Reserve Bank of Australia provider below one base URL.
#[derive(Debug)]
pub struct Rba<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Provider for Rba<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(&self.base_url, FILE, "");
        let body = self.http.get_with(&Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: None,
        })?;
        let days = parse(&body, self.today).and_then(|days| {
            log::info!("{url}: {} days in the file", days.len());
            answer(days, request)
        });
        Ok(self.selection.keep(&url, days)?)
    }
}

/// The days of the file that answer `request`: its newest day for the
/// latest (a file without any day is refused), else the days asked for,
/// none if it holds none of them.
fn answer(mut days: Vec<DayRates>, request: DayRequest) -> Result<Vec<DayRates>, String> {
    match request {
        DayRequest::Latest => {
            let newest = days.pop().ok_or("the file holds no day of rates")?;
            return Ok(vec![newest]);
        }
        DayRequest::Day(day) => days.retain(|kept| kept.date() == day),
        DayRequest::Range { from, to } => days.retain(|kept| (from..=to).contains(&kept.date())),
    }
    Ok(days)
}

/// What one column of the table holds.
#[derive(Clone, Copy, Debug)]
enum Column {
    /// `1 AUD = value` of this currency.
    Rate(CurrencyCode),
    /// Not an exchange rate: skipped.
    Skipped,
}

/// The column of the series `id`, whose `Title` note is `title`.
fn column(id: &str, title: Option<&str>) -> Result<Column, String> {
    if NOT_RATES.contains(&id) {
        return Ok(Column::Skipped);
    }
    let (_, printed, code) = SERIES
        .iter()
        .find(|(series, _, _)| *series == id)
        .ok_or_else(|| format!("not the expected CSV: unknown series {id:?}"))?;
    let expected = format!("A$1={printed}");
    match title {
        Some(title) if title == expected => Ok(Column::Rate(*code)),
        Some(title) => Err(format!(
            "series {id}: the title is {title:?}, not {expected:?}"
        )),
        None => Err(format!("series {id}: no title")),
    }
}

/// Parses the F11.1 file for a run on `today`: every day it holds, oldest
/// first, each `1 AUD = value currency` as printed; empty cells are
/// skipped, and a day with only empty cells too. A file with the header and
/// no day is an empty list.
///
/// Refuses the whole file when it is not CSV (an HTML error page), has no
/// line of series ids, no `Title` line, a series fxrates does not know, a
/// series whose title is not `A$1=` its currency, no known currency series,
/// a line with more or fewer cells than the header, a date that is
/// malformed, outside the window of [`check_published_day`], repeated or
/// out of order, or a value that is not a positive plain decimal.
pub fn parse(body: &[u8], today: NaiveDate) -> Result<Vec<DayRates>, String> {
    let csv = Csv::parse_below_notes(body, HEADER)?;
    let titles = csv
        .note("Title")
        .ok_or("not the expected CSV: no Title line")?;
    let columns: Vec<Column> = csv.header()[1..]
        .iter()
        .enumerate()
        .map(|(i, id)| column(id, titles.get(i + 1).map(String::as_str)))
        .collect::<Result<_, _>>()?;
    if !columns
        .iter()
        .any(|column| matches!(column, Column::Rate(_)))
    {
        return Err("not the expected CSV: no exchange-rate series".to_owned());
    }
    let mut days: Vec<DayRates> = Vec::new();
    let mut previous: Option<NaiveDate> = None;
    for (line, fields) in csv.lines() {
        let (date, cells) = fields.split_first().ok_or("an empty line")?;
        let date = parse_day_month_year(date, '-').map_err(|err| format!("line {line}: {err}"))?;
        let date = check_published_day(date, INFO.first_day, today)?;
        if let Some(previous) = previous.filter(|previous| date <= *previous) {
            return Err(format!(
                "day {date} follows {previous}: repeated or out of order"
            ));
        }
        previous = Some(date);
        let mut rates = Vec::with_capacity(cells.len());
        for (cell, column) in cells.iter().zip(&columns) {
            let Column::Rate(quote) = *column else {
                continue;
            };
            if cell.is_empty() {
                continue;
            }
            let rate: Rate = cell
                .parse()
                .map_err(|err| format!("day {date}, {quote}: {err}"))?;
            rates.push(Published::new(AUD, quote, rate));
        }
        if !rates.is_empty() {
            days.push(DayRates::new(date, AUD, rates)?);
        }
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    /// The recorded file as the HTTP client hands it over: without the
    /// byte-order mark the RBA puts before it.
    fn file_2023_on() -> Vec<u8> {
        let recorded = include_bytes!("../../tests/fixtures/rba/f11.1-data.csv");
        crate::http::without_bom(recorded.to_vec())
    }

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-03-23")
    }

    /// A file of the series `ids` (after `Series ID`), titled as the RBA
    /// titles them, with the day lines `lines`.
    fn table(ids: &str, lines: &str) -> String {
        let titles: Vec<String> = ids
            .split(',')
            .map(
                |id| match SERIES.iter().find(|(series, _, _)| *series == id) {
                    Some((_, printed, _)) => format!("A$1={printed}"),
                    None => "Trade-weighted Index May 1970 = 100".to_owned(),
                },
            )
            .collect();
        format!(
            "F11.1  EXCHANGE RATES\nTitle,{}\nUnits,{ids}\n\n\nSeries ID,{ids}\n{lines}\n\n",
            titles.join(",")
        )
    }

    fn refusal(text: &str) -> String {
        parse(text.as_bytes(), today()).expect_err(text)
    }

    /// `1 AUD = rate quote` of `quote` on the day.
    fn shown(day: &DayRates, quote: &str) -> Option<String> {
        day.rates()
            .iter()
            .find(|rate| rate.quote.as_str() == quote)
            .map(ToString::to_string)
    }

    #[test]
    fn the_recorded_file_parses_to_every_printed_digit() {
        let days = parse(&file_2023_on(), today()).expect("the recorded file parses");
        assert_eq!(days.len(), 808);
        assert_eq!(days[0].date(), day("2023-01-03"));
        assert_eq!(days[807].date(), day("2026-03-20"));
        let cells: usize = days.iter().map(|day| day.rates().len()).sum();
        assert_eq!(cells, 14896, "every non-empty cell of a currency series");
        assert!(days.iter().all(|day| day.home() == AUD));
        assert!(
            days.iter()
                .flat_map(DayRates::rates)
                .all(|rate| rate.base == AUD)
        );

        let first = &days[0];
        assert_eq!(first.rates().len(), 18, "AED, PGK, CAD and ZAR are empty");
        assert_eq!(shown(first, "USD").as_deref(), Some("1 AUD = 0.6828 USD"));
        assert_eq!(shown(first, "JPY").as_deref(), Some("1 AUD = 88.48 JPY"));
        assert_eq!(shown(first, "EUR").as_deref(), Some("1 AUD = 0.6400 EUR"));
        assert_eq!(shown(first, "IDR").as_deref(), Some("1 AUD = 10635 IDR"));
        assert_eq!(shown(first, "XDR").as_deref(), Some("1 AUD = 0.5131 XDR"));
        assert_eq!(shown(first, "CAD"), None);
        assert_eq!(shown(first, "AED"), None);
        let june = days
            .iter()
            .find(|d| d.date() == day("2024-06-21"))
            .expect("day");
        assert_eq!(shown(june, "HKD").as_deref(), Some("1 AUD = 5.2000 HKD"));
        assert_eq!(shown(june, "CHF"), None);
        let last = &days[807];
        assert_eq!(shown(last, "PGK").as_deref(), Some("1 AUD = 3.0565 PGK"));
        assert_eq!(shown(last, "KRW").as_deref(), Some("1 AUD = 1061.60 KRW"));
        assert_eq!(shown(last, "MYR").as_deref(), Some("1 AUD = 2.7900 MYR"));
    }

    #[test]
    fn a_request_keeps_its_days_of_the_file() {
        let days = || parse(&file_2023_on(), today()).expect("parses");
        let dates = |days: Vec<DayRates>| -> Vec<String> {
            days.iter().map(|d| d.date().to_string()).collect()
        };
        let latest = answer(days(), DayRequest::Latest).expect("latest");
        assert_eq!(dates(latest), ["2026-03-20"]);
        let week = DayRequest::Range {
            from: day("2024-06-22"),
            to: day("2024-06-30"),
        };
        assert_eq!(
            dates(answer(days(), week).expect("week")),
            [
                "2024-06-24",
                "2024-06-25",
                "2024-06-26",
                "2024-06-27",
                "2024-06-28"
            ]
        );
        // A Saturday, and a day before the file: nothing published.
        for nothing in ["2024-06-22", "2022-12-30"] {
            let asked = DayRequest::Day(day(nothing));
            assert_eq!(answer(days(), asked), Ok(Vec::new()), "{nothing}");
        }
        assert_eq!(
            answer(Vec::new(), DayRequest::Latest),
            Err("the file holds no day of rates".to_owned())
        );
    }

    #[test]
    fn the_header_without_days_is_no_day_and_empty_cells_are_skipped() {
        assert_eq!(
            parse(table("FXRUSD,FXRTWI", "").as_bytes(), today()),
            Ok(vec![])
        );
        let text = table(
            "FXRUSD,FXRTWI,FXREUR",
            "24-Jun-2024,0.6641,63.40,\n25-Jun-2024,,63.60,\n26-Jun-2024,0.6686,,0.6247",
        );
        let days = parse(text.as_bytes(), today()).expect("valid");
        let dates: Vec<String> = days.iter().map(|d| d.date().to_string()).collect();
        assert_eq!(dates, ["2024-06-24", "2024-06-26"]);
        assert_eq!(days[0].rates().len(), 1);
        assert_eq!(
            shown(&days[1], "EUR").as_deref(),
            Some("1 AUD = 0.6247 EUR")
        );
    }

    #[test]
    fn a_changed_table_is_refused() {
        let retitled = table("FXRUSD,FXREUR", "").replace("A$1=EUR", "EUR/A$1");
        let cases = [
            (
                "Title,A$1=USD\n03-Jan-2023,0.6828\n".to_owned(),
                "not the expected CSV: no line opens with Series ID",
            ),
            (
                table("FXRUSD,FXRXXX", ""),
                "not the expected CSV: unknown series \"FXRXXX\"",
            ),
            (
                retitled,
                "series FXREUR: the title is \"EUR/A$1\", not \"A$1=EUR\"",
            ),
            (
                "Series ID,FXRUSD\n03-Jan-2023,0.6828\n".to_owned(),
                "not the expected CSV: no Title line",
            ),
            (
                table("FXRTWI", "03-Jan-2023,61.40"),
                "not the expected CSV: no exchange-rate series",
            ),
            (
                table("FXRUSD,FXRUSD", ""),
                "the header names the column FXRUSD twice",
            ),
            (
                table("FXRUSD,FXREUR", "03-Jan-2023,0.6828"),
                "line 7 has 2 fields, the header 3",
            ),
            (
                "<!DOCTYPE html>\n<html><title>Page not found</title></html>\n".to_owned(),
                "not CSV: an HTML or XML page",
            ),
        ];
        for (text, expected) in cases {
            let err = refusal(&text);
            assert!(err.contains(expected), "{text:?}: {err}");
        }
        let file = file_2023_on();
        let whole = std::str::from_utf8(&file).expect("UTF-8");
        let cut = &whole[..whole.len() / 2];
        assert!(refusal(cut).starts_with("the document ends early"));
    }

    #[test]
    fn bad_values_are_refused_with_their_day_and_currency() {
        for (value, expected) in [
            ("-0.6828", "day 2024-06-27, USD: invalid rate \"-0.6828\""),
            (
                "0.0000",
                "day 2024-06-27, USD: invalid rate \"0.0000\" (a rate must be greater than zero)",
            ),
            ("NaN", "day 2024-06-27, USD: invalid rate \"NaN\""),
            ("6.8e-1", "day 2024-06-27, USD: invalid rate \"6.8e-1\""),
            ("0.68 ", "day 2024-06-27, USD: invalid rate \"0.68 \""),
            ("CLOSED", "day 2024-06-27, USD: invalid rate \"CLOSED\""),
        ] {
            let err = refusal(&table("FXRUSD", &format!("27-Jun-2024,{value}")));
            assert!(err.starts_with(expected), "{value:?}: {err}");
        }
        // A bad index value is no rate: it is not read.
        let index = table("FXRUSD,FXRTWI", "27-Jun-2024,0.6666,n/a");
        assert!(parse(index.as_bytes(), today()).is_ok());
    }

    #[test]
    fn bad_days_are_refused_anywhere_in_the_file() {
        for (date, expected) in [
            ("04-Jan-2999", "day 2999-01-04 is in the future"),
            (
                "31-Dec-1998",
                "day 1998-12-31 is before the first reference rates",
            ),
            ("2024-06-27", "line 7: invalid date \"2024-06-27\""),
            ("27 Jun 2024", "line 7: invalid date \"27 Jun 2024\""),
            ("31-Jun-2024", "line 7: invalid date \"31-Jun-2024\""),
        ] {
            let err = refusal(&table("FXRUSD", &format!("{date},0.6666")));
            assert!(err.starts_with(expected), "{date}: {err}");
        }
        for (lines, expected) in [
            (
                "27-Jun-2024,0.6666\n26-Jun-2024,0.6686",
                "day 2024-06-26 follows 2024-06-27: repeated or out of order",
            ),
            (
                "27-Jun-2024,0.6666\n27-Jun-2024,0.6666",
                "day 2024-06-27 follows 2024-06-27: repeated or out of order",
            ),
        ] {
            assert_eq!(refusal(&table("FXRUSD", lines)), expected);
        }
    }

    #[test]
    fn the_series_table_names_each_series_and_currency_once() {
        for (i, (id, printed, code)) in SERIES.iter().enumerate() {
            assert!(id.starts_with("FXR") && !NOT_RATES.contains(id), "{id}");
            assert!(SERIES[..i].iter().all(|(s, _, c)| s != id && c != code));
            // The RBA names every currency by its ISO code but the SDR.
            let iso = if *printed == "SDR" { "XDR" } else { printed };
            assert_eq!(code.as_str(), iso, "{id}");
        }
    }
}
