//! HM Revenue & Customs' monthly exchange rates, which UK VAT and customs
//! declarations in foreign currency are converted at, as the UK Trade
//! Tariff service serves them.
//!
//! `GET {base}/uk/api/exchange_rates/files/monthly_csv_{YYYY}-{M}.csv`
//! (the month not zero-padded: `monthly_csv_2026-8.csv`) answers one CSV
//! file per month:
//! `Country/Territories,Currency,Currency Code,Currency Units per £1,Start date,End date`,
//! then one line per country or territory:
//! `Abu Dhabi,Dirham,AED,4.9091,01/08/2026,31/08/2026`. Each figure is
//! units of the currency per one pound (base GBP), four decimals padded,
//! stored as printed, and in force from the start date to the end date
//! (`dd/mm/yyyy`, the calendar month). A file is one [`DayRates`] dated
//! its start date, with that period stated ([`DayRates::valid_until`]).
//!
//! One line per country means a code repeats (XOF under eight countries):
//! its lines are one rate when they print the same figure; two figures
//! for one code in one file refuse it, as do lines of another period than
//! the file's first, a period that is not the month asked for (a file
//! starting on its 1st and ending within it), another header, and any bad
//! cell. The codes are stored as printed, three letters each: the January
//! 2021 file lists Ecuador as `ECS` (at the dollar's figure) and still
//! carried HRK, BGN, SLL, STD and ZWL.
//!
//! HMRC publishes a month's file ahead of it (on the penultimate Thursday
//! of the month before), so a rate is dated up to a month after the day
//! it is fetched ([`INFO`]'s `dated_ahead`). A range is one request per
//! month it touches; the latest is next month's file if it is out, else
//! this month's. A month not (yet) published is answered `404` with
//! `{"errors":[{"detail":"not found"}]}`: nothing published. Any other
//! `404` is an error like any other.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Deserialize;

use super::dates::{NumericDate, first_of_month};
use super::endpoint::endpoint;
use super::sdmx::Csv;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week,
};
use crate::http::{Explain, Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, check_published_day};

/// The pound sterling: the base of every rate.
const GBP: CurrencyCode = CurrencyCode::from_static(b"GBP");

/// HM Revenue & Customs' entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "hmrc",
    publisher: "HM Revenue & Customs",
    default_url: "https://www.trade-tariff.service.gov.uk",
    home: Home::Fixed(GBP),
    settings: &[],
    release: Release::Monthly,
    week: Week::EveryDay,
    closure: 0,
    figures: Figures::Official,
    about: "monthly rates for UK VAT and customs, foreign currency per 1 GBP, each in force for a calendar month",
    first_day: date(2021, 1, 1),
    dated_ahead: 31,
    sparse: false,
    terms: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    described: Described {
        printed: "`1 GBP = 1.3367 USD`, in force for the month",
        history: "this service's files from January 2021",
        published: "the month before, on its penultimate Thursday",
        per_request: "one month",
        used_for: "UK VAT and customs declarations in foreign currency: [HMRC's monthly rates](https://www.gov.uk/government/collections/exchange-rates-for-customs-and-vat)",
        requests: "`/uk/api/exchange_rates/files/monthly_csv_YYYY-M.csv`, one per month; latest: next month's, else this month's",
        nothing_published: r#"HTTP 404 with `{"errors":[{"detail":"not found"}]}`"#,
        cron: Some(CronLine {
            schedule: "0 7 * * *",
            why: "HMRC monthly rates: next month's file comes out on the penultimate Thursday, and a month may be amended; a daily run re-reads this month and asks for the next",
        }),
    },
    build: |setup| {
        Box::new(Hmrc {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The header of every file, column for column.
pub const HEADER: [&str; 6] = [
    "Country/Territories",
    "Currency",
    "Currency Code",
    "Currency Units per £1",
    "Start date",
    "End date",
];

/// The HMRC provider below one base URL.
#[derive(Debug)]
pub struct Hmrc<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Hmrc<'_> {
    /// The file of the month starting on `month`: its one day, or none
    /// when the month is not (yet) published.
    fn month(&self, month: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(&self.base_url, &file_path(month), "");
        let get = Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: Some(Explain::Says(explain)),
        };
        let Some(body) = self.http.get_unless_says(&get, 404, is_not_found)? else {
            log::info!("{url}: not published");
            return Ok(Vec::new());
        };
        let day = parse(&body, self.today, month).map(|day| vec![day]);
        let days = self.selection.keep(&url, day)?;
        log::info!(
            "{url}: {} rates",
            days.iter().map(|d| d.rates().len()).sum::<usize>()
        );
        Ok(days)
    }

    /// Every month from `from`'s to `to`'s, one request each, within the
    /// months the service may have: from [`INFO`]'s first day to the last
    /// day a file may be dated by today.
    fn months(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let to = to.min(self.today + Days::new(INFO.dated_ahead));
        let mut month = first_of_month(from.max(INFO.first_day));
        let mut days = Vec::new();
        while month <= to {
            days.extend(self.month(month)?);
            month = month + Months::new(1);
        }
        Ok(days)
    }
}

impl Provider for Hmrc<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        match request {
            DayRequest::Latest => {
                let this = first_of_month(self.today);
                for month in [this + Months::new(1), this] {
                    let days = self.month(month)?;
                    if !days.is_empty() {
                        return Ok(days);
                    }
                }
                Ok(Vec::new())
            }
            DayRequest::Day(day) => self.months(day, day),
            DayRequest::Range { from, to } => self.months(from, to),
        }
    }

    /// A month's file may be amended while it is in force.
    fn revises_newest_day(&self) -> bool {
        true
    }
}

/// The path of the month starting on `month`: `…/monthly_csv_2026-8.csv`.
pub fn file_path(month: NaiveDate) -> String {
    format!(
        "uk/api/exchange_rates/files/monthly_csv_{}-{}.csv",
        month.year(),
        month.month()
    )
}

/// The service's error body: `{"errors":[{"detail":"not found"}]}`.
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    errors: Vec<ErrorDetail>,
}

#[derive(Debug, Deserialize)]
struct ErrorDetail {
    detail: String,
}

/// The details of the service's JSON error body, if that is what it is.
fn explain(body: &[u8]) -> Option<String> {
    let answer: ErrorAnswer = serde_json::from_slice(body).ok()?;
    let details: Vec<&str> = answer.errors.iter().map(|e| e.detail.as_str()).collect();
    (!details.is_empty()).then(|| details.join("; "))
}

/// Whether an error body is the service's documented "nothing published":
/// one error, `not found`.
pub fn is_not_found(body: &[u8]) -> bool {
    serde_json::from_slice::<ErrorAnswer>(body)
        .is_ok_and(|answer| matches!(&answer.errors[..], [only] if only.detail == "not found"))
}

/// Checks the period of a file asked for the month starting on `month`,
/// on `today`: it starts on that 1st, which is no later than a file may be
/// dated ahead, and ends within that month.
fn check_period(
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
    month: NaiveDate,
) -> Result<(), String> {
    check_published_day(start, INFO.first_day, today + Days::new(INFO.dated_ahead))?;
    if start != month {
        return Err(format!(
            "the file starts on {start}, not on {month}, the first day of the month asked for"
        ));
    }
    if end < start || first_of_month(end) != month {
        return Err(format!(
            "the file's period {start}..{end} does not end within the month asked for"
        ));
    }
    Ok(())
}

/// Parses the file asked for the month starting on `month`, on `today`:
/// one day, dated the file's start date and in force to its end date, one
/// rate per code (`1 GBP = rate code`, as printed), in the file's order.
///
/// Refuses the whole file when it is not CSV (an HTML page), its header is
/// not [`HEADER`], it holds no line, a date is malformed, a line's period
/// differs from the first line's, that period is not the month asked for
/// (see [`check_period`]), a code is not three uppercase letters, a figure
/// is not a positive plain decimal, or one code is printed with two
/// different figures.
pub fn parse(body: &[u8], today: NaiveDate, month: NaiveDate) -> Result<DayRates, String> {
    let csv = Csv::parse(body)?;
    if csv.header() != HEADER {
        return Err(format!(
            "not the expected CSV: the header is {:?}, not {:?}",
            csv.header().join(","),
            HEADER.join(",")
        ));
    }
    let mut period = None;
    // Each code with its figure as printed, its rate and its first line.
    let mut figures: Vec<(CurrencyCode, &str, Rate, usize)> = Vec::new();
    for (line, fields) in csv.lines() {
        // The CSV reader holds every line to the header's six fields.
        let [_, _, code, figure, start, end] = fields else {
            return Err(format!(
                "line {line} has {} fields, the header 6",
                fields.len()
            ));
        };
        let at_line = |err: String| format!("line {line}: {err}");
        let (start, end) = (
            NumericDate::SLASHES.parse(start).map_err(at_line)?,
            NumericDate::SLASHES.parse(end).map_err(at_line)?,
        );
        match period {
            None => {
                check_period(start, end, today, month)?;
                period = Some((start, end));
            }
            Some((first, last)) if (first, last) != (start, end) => {
                return Err(format!(
                    "line {line}: the period {start}..{end} differs from the file's {first}..{last}"
                ));
            }
            Some(_) => {}
        }
        let code: CurrencyCode = code.parse().map_err(at_line)?;
        let rate: Rate = figure
            .parse()
            .map_err(|err| format!("day {start}, {code}: {err}"))?;
        match figures.iter().find(|(known, ..)| *known == code) {
            // One currency of several countries: one rate.
            Some((_, printed, _, _)) if printed == figure => {}
            Some((_, printed, _, first)) => {
                return Err(format!(
                    "conflicting figures for {code} in one file: {printed} (line {first}) and {figure} (line {line})"
                ));
            }
            None => figures.push((code, figure, rate, line)),
        }
    }
    let Some((start, end)) = period else {
        return Err("the file holds no rate, only its header".to_owned());
    };
    let rates = figures
        .into_iter()
        .map(|(code, _, rate, _)| Published::new(GBP, code, rate))
        .collect();
    DayRates::new(start, GBP, rates)?.valid_until(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    const AUGUST: &[u8] = include_bytes!("../../tests/fixtures/hmrc/monthly_csv_2026-8.csv");
    const JANUARY_2021: &[u8] = include_bytes!("../../tests/fixtures/hmrc/monthly_csv_2021-1.csv");
    const HEAD: &str =
        "Country/Territories,Currency,Currency Code,Currency Units per £1,Start date,End date\n";

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    /// A June 2024 file of `lines`, asked for June on 1 July 2024.
    fn june(lines: &str) -> Result<DayRates, String> {
        parse(
            format!("{HEAD}{lines}").as_bytes(),
            day("2024-07-01"),
            day("2024-06-01"),
        )
    }

    fn rate_of(day: &DayRates, quote: &str) -> String {
        let published = day
            .rates()
            .iter()
            .find(|r| r.quote.as_str() == quote)
            .unwrap_or_else(|| panic!("{quote}"));
        assert_eq!((published.base, published.unit.count()), (GBP, 1));
        published.rate.to_string()
    }

    #[test]
    fn the_recorded_month_is_one_day_in_force_for_the_month() {
        // Fetched on 20 July, before August began: dated ahead.
        let august = parse(AUGUST, day("2026-07-20"), day("2026-08-01")).expect("valid");
        assert_eq!(august.date(), day("2026-08-01"));
        assert_eq!(august.period_end(), Some(day("2026-08-31")));
        assert_eq!(august.home(), GBP);
        // 163 lines, 141 codes: XOF ×8, XCD ×7, XAF ×6, XPF ×3, AED ×3.
        assert_eq!(august.rates().len(), 141);
        assert_eq!(rate_of(&august, "USD"), "1.3367");
        assert_eq!(rate_of(&august, "EUR"), "1.1719");
        assert_eq!(rate_of(&august, "XOF"), "768.7193");
        assert_eq!(rate_of(&august, "ZWG"), "35.8198");
        assert_eq!(rate_of(&august, "BHD"), "0.5026");
    }

    #[test]
    fn the_january_2021_quirks_are_stored_as_printed() {
        let january = parse(JANUARY_2021, day("2026-08-01"), day("2021-01-01")).expect("valid");
        let codes: Vec<&str> = january.rates().iter().map(|r| r.quote.as_str()).collect();
        assert_eq!(
            codes,
            ["BGN", "HRK", "ECS", "EUR", "STD", "SLL", "USD", "ZWL"]
        );
        assert_eq!(rate_of(&january, "ECS"), rate_of(&january, "USD"));
        assert_eq!(rate_of(&january, "STD"), "28195.3300");
    }

    #[test]
    fn a_code_of_several_countries_is_one_rate_unless_its_figures_differ() {
        let one = june(
            "Benin,CFA Franc,XOF,768.7193,01/06/2024,30/06/2024\n\
             USA,Dollar,USD,1.2653,01/06/2024,30/06/2024\n\
             Mali,CFA Franc,XOF,768.7193,01/06/2024,30/06/2024\n",
        )
        .expect("valid");
        assert_eq!(one.rates().len(), 2);
        // The same value printed otherwise is another figure.
        let err = june(
            "Benin,CFA Franc,XOF,768.7193,01/06/2024,30/06/2024\n\
             Mali,CFA Franc,XOF,768.71930,01/06/2024,30/06/2024\n",
        )
        .expect_err("two figures");
        assert_eq!(
            err,
            "conflicting figures for XOF in one file: 768.7193 (line 2) and 768.71930 (line 3)"
        );
    }

    #[test]
    fn the_period_must_be_the_month_asked_for_on_every_line() {
        let usd = |start: &str, end: &str| format!("USA,Dollar,USD,1.2653,{start},{end}\n");
        let cases = [
            (
                usd("01/05/2024", "31/05/2024"),
                "the file starts on 2024-05-01, not on 2024-06-01, the first day of the month asked for",
            ),
            (
                usd("15/06/2024", "30/06/2024"),
                "the file starts on 2024-06-15, not on 2024-06-01",
            ),
            (
                usd("01/06/2024", "01/07/2024"),
                "the file's period 2024-06-01..2024-07-01 does not end within the month asked for",
            ),
            (
                usd("01/06/2024", "31/05/2024"),
                "the file's period 2024-06-01..2024-05-31 does not end within",
            ),
            (
                usd("04/01/2999", "31/01/2999"),
                "day 2999-01-04 is in the future",
            ),
            (
                usd("01/12/2020", "31/12/2020"),
                "day 2020-12-01 is before the first reference rates (2021-01-01)",
            ),
            (
                usd("2024-06-01", "30/06/2024"),
                "line 2: invalid date \"2024-06-01\" (expected DD/MM/YYYY)",
            ),
            (
                usd("31/06/2024", "30/06/2024"),
                "line 2: invalid date \"31/06/2024\"",
            ),
            (
                format!(
                    "{}{}",
                    usd("01/06/2024", "30/06/2024"),
                    usd("01/06/2024", "29/06/2024")
                ),
                "line 3: the period 2024-06-01..2024-06-29 differs from the file's 2024-06-01..2024-06-30",
            ),
        ];
        for (lines, expected) in cases {
            let err = june(&lines).expect_err("refused");
            assert!(err.starts_with(expected), "{lines:?}: {err}");
        }
        // Next month's file, out before the month: dated ahead, accepted.
        let july = parse(
            format!("{HEAD}{}", usd("01/07/2024", "31/07/2024")).as_bytes(),
            day("2024-06-20"),
            day("2024-07-01"),
        );
        assert!(july.is_ok(), "{july:?}");
    }

    #[test]
    fn a_changed_format_or_a_bad_cell_is_refused() {
        let cases = [
            (
                "Country,Currency,Currency Code,Currency Units per £1,Start date,End date\n"
                    .to_owned(),
                "not the expected CSV: the header is \"Country,Currency,",
            ),
            (HEAD.to_owned(), "the file holds no rate, only its header"),
            (
                format!("{HEAD}USA,Dollar,USD,1.2653,01/06/2024\n"),
                "line 2 has 5 fields, the header 6",
            ),
            (
                format!("{HEAD}USA,Dollar,usd,1.2653,01/06/2024,30/06/2024\n"),
                "line 2: invalid currency code \"usd\"",
            ),
            (
                format!("{HEAD}USA,Dollar,USD,1.2653,01/06/2024,30/06/2024"),
                "the document ends early",
            ),
            (
                "<html><body>Service unavailable</body></html>\n".to_owned(),
                "not CSV: an HTML or XML page",
            ),
        ];
        for (text, expected) in cases {
            let err =
                parse(text.as_bytes(), day("2024-07-01"), day("2024-06-01")).expect_err("refused");
            assert!(err.starts_with(expected), "{text:?}: {err}");
        }
        for (figure, expected) in [
            ("-1", "day 2024-06-01, USD: invalid rate \"-1\""),
            (
                "0.0000",
                "day 2024-06-01, USD: invalid rate \"0.0000\" (a rate must be greater than zero)",
            ),
            ("", "day 2024-06-01, USD: invalid rate \"\""),
            ("1,2653", "line 2 has 7 fields"),
        ] {
            let err = june(&format!("USA,Dollar,USD,{figure},01/06/2024,30/06/2024\n"))
                .expect_err("refused");
            assert!(err.starts_with(expected), "{figure:?}: {err}");
        }
        let err = june("UK,Pound,GBP,1.0000,01/06/2024,30/06/2024\n").expect_err("refused");
        assert!(err.contains("GBP is quoted against itself"), "{err}");
    }

    #[test]
    fn only_the_documented_404_body_is_nothing_published() {
        assert!(is_not_found(br#"{"errors":[{"detail":"not found"}]}"#));
        for other in [
            &br#"{"errors":[{"detail":"forbidden"}]}"#[..],
            br#"{"errors":[]}"#,
            br#"{"errors":[{"detail":"not found"},{"detail":"not found"}]}"#,
            b"404 Not Found\n",
            b"<html>Not Found</html>",
            b"",
        ] {
            assert!(!is_not_found(other), "{}", String::from_utf8_lossy(other));
        }
        assert_eq!(
            explain(br#"{"errors":[{"detail":"forbidden"}]}"#).as_deref(),
            Some("forbidden")
        );
        assert_eq!(explain(b"404 Not Found\n"), None);
    }

    #[test]
    fn a_month_is_asked_for_by_its_unpadded_number() {
        assert_eq!(
            file_path(day("2026-08-01")),
            "uk/api/exchange_rates/files/monthly_csv_2026-8.csv"
        );
        assert_eq!(
            file_path(day("2025-12-01")),
            "uk/api/exchange_rates/files/monthly_csv_2025-12.csv"
        );
        assert_eq!(first_of_month(day("2024-02-29")), day("2024-02-01"));
    }
}
