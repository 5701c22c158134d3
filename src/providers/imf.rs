//! The International Monetary Fund's representative exchange rates: the
//! rates the central banks of its members report to the Fund each day,
//! against the US dollar, from which the Fund derives the SDR values it
//! uses in its transactions.
//!
//! `GET {base}/rms_mth.aspx?SelectDate=YYYY-MM-DD&reportType=REP&tsvflag=Y`
//! answers the report of the month holding `SelectDate` as tab-separated
//! text (CRLF line ends, served as `application/vnd.ms-excel`): a title
//! line `Representative Exchange Rates for Selected Currencies for March
//! 2026`, then blocks of days, each opening with
//! `Currency<TAB>March 02, 2026<TAB>…` and followed by one line per
//! currency; the next block's title ends in `Continued`; notes follow the
//! tables, opening with a line `Notes:` (they end mid-sentence). The
//! currencies are English names, not ISO codes: one table ([`CURRENCIES`])
//! maps each name the Fund prints to its code, and a name it does not
//! know refuses the report rather than be guessed at.
//!
//! A figure is units of the currency per US dollar (`1 USD = 156.400000
//! JPY`), except on a line whose name ends in `(1)` (`Euro(1)`), which
//! prints US dollars per unit of the currency (`1 EUR = 1.169800 USD`):
//! each is stored in the direction printed, its digits as printed (six
//! decimals padded) without the thousands commas (`1,435.400000` is
//! `1435.400000`). `NA` is no value that day (each currency is
//! reported on its own central bank's business days, so a day may lack
//! any of them); the `U.S. dollar` line (always 1) is not stored. A date
//! column of `NA` only is no day.
//!
//! A range is one request per month it touches, `SelectDate` the month's
//! last day (today for this month). A month with nothing published yet
//! comes back without any date column, possibly empty: both are nothing
//! published. Every date must lie within the month asked for, and the
//! title must name that month.

use chrono::{Months, NaiveDate};

use super::dates::{first_of_month, last_of_month};
use super::endpoint::endpoint;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week,
};
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, check_published_day};

/// The US dollar: one side of every rate.
const USD: CurrencyCode = CurrencyCode::USD;

/// The International Monetary Fund's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "imf",
    publisher: "International Monetary Fund",
    default_url: "https://www.imf.org/external/np/fin/data",
    home: Home::Fixed(USD),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 4,
    figures: Figures::Official,
    about: "representative rates of about 36 currencies, per 1 USD or USD per 1 unit as printed",
    first_day: date(1994, 1, 3),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.imf.org/external/terms.htm",
    described: Described {
        printed: "`1 USD = 156.400000 JPY`; `(1)` lines `1 EUR = 1.169800 USD`",
        history: "the query tool's monthly reports",
        published: "each business day's rates in the US afternoon, as the central banks report them",
        per_request: "one month",
        used_for: "the IMF's own operations: the SDR value of each currency is derived from its representative rate: [IMF exchange rates](https://www.imf.org/external/np/fin/data/param_rms_mth.aspx)",
        requests: "`/rms_mth.aspx?SelectDate=YYYY-MM-DD&reportType=REP&tsvflag=Y`, one per month; latest: this month's, else last month's",
        nothing_published: "a report without date columns, or an empty body (not recorded)",
        cron: Some(CronLine {
            schedule: "0 23 * * 1-5",
            why: "IMF representative rates, reported through the US business day",
        }),
    },
    build: |setup| {
        Box::new(Imf {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// Each currency name the Fund prints (without the `(1)` mark) and its
/// code, as its reports and SDR tables name them.
pub const CURRENCIES: &[(&str, &str)] = &[
    ("Algerian dinar", "DZD"),
    ("Australian dollar", "AUD"),
    ("Botswana pula", "BWP"),
    ("Brazilian real", "BRL"),
    ("Brunei dollar", "BND"),
    ("Canadian dollar", "CAD"),
    ("Chilean peso", "CLP"),
    ("Chinese yuan", "CNY"),
    ("Colombian peso", "COP"),
    ("Czech koruna", "CZK"),
    ("Danish krone", "DKK"),
    ("Euro", "EUR"),
    ("Indian rupee", "INR"),
    ("Israeli New Shekel", "ILS"),
    ("Japanese yen", "JPY"),
    ("Korean won", "KRW"),
    ("Kuwaiti dinar", "KWD"),
    ("Malaysian ringgit", "MYR"),
    ("Mauritian rupee", "MUR"),
    ("Mexican peso", "MXN"),
    ("New Zealand dollar", "NZD"),
    ("Norwegian krone", "NOK"),
    ("Omani rial", "OMR"),
    ("Peruvian sol", "PEN"),
    ("Philippine peso", "PHP"),
    ("Polish zloty", "PLN"),
    ("Qatari riyal", "QAR"),
    ("Russian ruble", "RUB"),
    ("Saudi Arabian riyal", "SAR"),
    ("Singapore dollar", "SGD"),
    ("South African rand", "ZAR"),
    ("Swedish krona", "SEK"),
    ("Swiss franc", "CHF"),
    ("Thai baht", "THB"),
    ("Trinidadian dollar", "TTD"),
    ("U.A.E. dirham", "AED"),
    ("U.K. pound", "GBP"),
    ("U.S. dollar", "USD"),
];

/// The title of every report, before its month.
pub const TITLE: &str = "Representative Exchange Rates for Selected Currencies for ";

/// The mark of a line printing US dollars per unit of the currency.
const PER_UNIT: &str = "(1)";

/// The error of a report cut before its notes.
const TRUNCATED: &str = "the document ends early, before its notes (truncated?)";

/// The figure of a currency without a value that day.
const NOT_AVAILABLE: &str = "NA";

/// The IMF provider below one base URL.
#[derive(Debug)]
pub struct Imf<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Imf<'_> {
    /// The report of the month starting on `month`: its days, none when
    /// nothing is published yet.
    fn month(&self, month: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(&self.base_url, "rms_mth.aspx", &query(month, self.today));
        let get = Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: None,
        };
        let body = self.http.get_with(&get)?;
        let days = self.selection.keep(&url, parse(&body, self.today, month))?;
        log::info!("{url}: {} days", days.len());
        Ok(days)
    }

    /// Every day from `from` to `to`, one request per month.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = (from.max(INFO.first_day), to.min(self.today));
        let mut month = first_of_month(from);
        let mut days = Vec::new();
        while month <= to {
            days.extend(
                self.month(month)?
                    .into_iter()
                    .filter(|day| (from..=to).contains(&day.date())),
            );
            month = month + Months::new(1);
        }
        Ok(days)
    }
}

impl Provider for Imf<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        match request {
            DayRequest::Latest => {
                let this = first_of_month(self.today);
                for month in [this, this - Months::new(1)] {
                    let mut days = self.month(month)?;
                    if let Some(latest) = days.pop() {
                        return Ok(vec![latest]);
                    }
                }
                Ok(Vec::new())
            }
            DayRequest::Day(day) => self.range(day, day),
            DayRequest::Range { from, to } => self.range(from, to),
        }
    }

    /// Each currency is reported on its own central bank's business days
    /// (`NA` on the others), so a day lacking one of `--symbols` is no
    /// partial day. Its figures do not stay in force beyond their day:
    /// [`INFO`]'s `sparse` is false.
    fn sparse_days(&self) -> bool {
        true
    }
}

/// The query of the month starting on `month`, asked on `today`: its last
/// day, or today within this month.
pub fn query(month: NaiveDate, today: NaiveDate) -> String {
    format!(
        "SelectDate={}&reportType=REP&tsvflag=Y",
        last_of_month(month).min(today).max(month)
    )
}

/// The code of the currency the Fund calls `name`.
pub fn code_of(name: &str) -> Result<CurrencyCode, String> {
    let (_, code) = CURRENCIES
        .iter()
        .find(|(known, _)| *known == name)
        .ok_or_else(|| format!("unknown currency name {name:?} (not in the table of IMF names)"))?;
    code.parse()
}

/// A date of a block's header: `March 02, 2026`.
fn header_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%B %d, %Y")
        .map_err(|_| format!("invalid date {text:?} (expected e.g. March 02, 2026)"))
}

/// The month a title names: `… for March 2026`.
fn title_month(line: &str) -> Result<NaiveDate, String> {
    let named = line.strip_prefix(TITLE).ok_or_else(|| {
        let shown: String = line.chars().take(60).collect();
        format!("not the representative rates report: it opens with {shown:?}")
    })?;
    NaiveDate::parse_from_str(&format!("1 {named}"), "%d %B %Y")
        .map_err(|_| format!("the title names no month: {named:?}"))
}

/// The days of one report as they are read: each date with its rates.
#[derive(Debug, Default)]
struct Report {
    days: Vec<(NaiveDate, Vec<Published>)>,
    /// The indexes into `days` of the block being read, if any.
    block: Option<std::ops::Range<usize>>,
}

impl Report {
    /// Opens a block with the dates of its header line.
    fn header(&mut self, dates: &[&str], today: NaiveDate, month: NaiveDate) -> Result<(), String> {
        let start = self.days.len();
        for text in dates {
            let day = check_published_day(header_date(text)?, INFO.first_day, today)?;
            if first_of_month(day) != month {
                return Err(format!(
                    "day {day} is not in {}, the month asked for",
                    month.format("%B %Y")
                ));
            }
            if let Some((last, _)) = self.days.last()
                && *last >= day
            {
                return Err(format!("day {day} comes after day {last}"));
            }
            self.days.push((day, Vec::new()));
        }
        self.block = Some(start..self.days.len());
        Ok(())
    }

    /// Reads a currency line of the block being read.
    fn currency(&mut self, line: usize, fields: &[&str]) -> Result<(), String> {
        let Some(block) = self.block.clone() else {
            return Err(format!("line {line}: a currency line outside a block"));
        };
        let (name, figures) = fields.split_first().unwrap_or((&"", &[]));
        let (name, per_unit) = match name.strip_suffix(PER_UNIT) {
            Some(name) => (name.trim_end(), true),
            None => (name.trim_end(), false),
        };
        let code = code_of(name).map_err(|err| format!("line {line}: {err}"))?;
        if figures.len() != block.len() {
            return Err(format!(
                "line {line} has {} figures, its block {} dates",
                figures.len(),
                block.len()
            ));
        }
        for (figure, (day, rates)) in figures.iter().zip(&mut self.days[block]) {
            if *figure == NOT_AVAILABLE {
                continue;
            }
            let rate =
                Rate::from_grouped(figure).map_err(|err| format!("day {day}, {code}: {err}"))?;
            if code == USD {
                if rate.value() != rust_decimal::Decimal::ONE {
                    return Err(format!("day {day}: the U.S. dollar is printed at {figure}"));
                }
                continue;
            }
            rates.push(match per_unit {
                true => Published::new(code, USD, rate),
                false => Published::new(USD, code, rate),
            });
        }
        Ok(())
    }
}

/// Parses the report asked for the month starting on `month`, on `today`:
/// its days, oldest first, each `1 USD = rate CUR` or, on a `(1)` line,
/// `1 CUR = rate USD`, as printed; none for an empty body or a report
/// without date columns (nothing published yet).
///
/// Refuses the whole report when it is not text, an HTML page, has
/// another title or one of another month, a date outside that month, in
/// the future or not after the one before, an unknown currency name, a
/// line with more or fewer figures than its block has dates, a figure
/// neither `NA` nor a positive decimal (commas grouping thousands), a
/// currency twice in a day, or no notes after its tables (truncated).
pub fn parse(body: &[u8], today: NaiveDate, month: NaiveDate) -> Result<Vec<DayRates>, String> {
    let text = std::str::from_utf8(body).map_err(|err| format!("not UTF-8 text: {err}"))?;
    let start = text.trim_start();
    if start.is_empty() {
        return Ok(Vec::new());
    }
    if start.starts_with('<') {
        let tag: String = start.chars().take_while(|c| *c != '>').take(40).collect();
        return Err(format!("not the report: an HTML or XML page ({tag}>…)"));
    }
    let lines: Vec<&str> = start
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .collect();
    let (title, lines) = lines.split_first().unwrap_or((&"", &[]));
    let named = title_month(title)?;
    if named != month {
        return Err(format!(
            "the report is for {}, not {}, the month asked for",
            named.format("%B %Y"),
            month.format("%B %Y")
        ));
    }
    let continued = format!("{title} Continued");
    let mut report = Report::default();
    let mut notes = false;
    for (at, line) in lines.iter().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        // Cut before the notes: the last line is a part of one.
        if at + 1 == lines.len() && !line.is_empty() && *line != "Notes:" {
            return Err(TRUNCATED.to_owned());
        }
        match fields[0] {
            "Notes:" => {
                notes = true;
                break;
            }
            "" if fields.len() == 1 => report.block = None,
            "Currency" => report.header(&fields[1..], today, month)?,
            _ if *line == continued && report.block.is_none() => {}
            _ => report.currency(at + 2, &fields)?,
        }
    }
    if report.days.is_empty() {
        return Ok(Vec::new());
    }
    if !notes {
        return Err(TRUNCATED.to_owned());
    }
    report
        .days
        .into_iter()
        .filter(|(_, rates)| !rates.is_empty())
        .map(|(day, rates)| DayRates::new(day, USD, rates))
        .collect()
}

#[cfg(test)]
mod tests;
