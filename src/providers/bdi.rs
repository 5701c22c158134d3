//! Banca d'Italia: its daily rates of the euro against the currencies of
//! the world ("terze valute"), from its exchange-rate portal's REST service.
//!
//! `GET {base}/terzevalute-wf-web/rest/v1.0/dailyRates?referenceDate=YYYY-MM-DD&currencyIsoCode=EUR&lang=en`
//! answers the list of one day as CSV (UTF-8):
//! `Country,Currency,ISO Code,UIC Code,Rate,Rate convention,Reference date (CET)`,
//! then one line per country, about 170:
//! `ALBANIA,Lek,ALL,047,96.74,Foreign currency amount for 1 Euro.,2026-02-09`,
//! then blank lines and a disclaimer, each line opening with `#`. Each
//! figure is units of the currency per one euro (base EUR), stored as
//! printed: 0 to 6 decimals, not normalised (`96.74`, `2.377200`). Only
//! that convention is read: a line of any other refuses the document
//! rather than be inverted. `N.A.` is no rate that day (BYN, IRR, KPW,
//! RUB in 2026) and stores nothing. One line per country means a code
//! repeats (XOF under eight countries): its lines are one rate when they
//! print the same figure; two figures for one code refuse the document.
//! The codes are stored as printed, the SDR (`XDR`) and the Caribbean
//! guilder (`XCG`) included; the list prints no metal.
//!
//! A range is one request per calendar day, one at a time. A day without a
//! list (a weekend, a holiday) was not recorded: the header without lines
//! is taken as nothing published, and so is HTTP 404, the status the
//! service may plausibly send instead. Every line must be dated the day
//! asked for. The rates of the day are published at about 16:00 CET with
//! the ECB's; the portal's history starts in 1999 (the lira's before).

use chrono::NaiveDate;

use super::endpoint::endpoint;
use super::oxr::each_day;
use super::sdmx::Csv;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week,
};
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, check_published_day, parse_date};

/// Banca d'Italia's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "bdi",
    publisher: "Banca d'Italia",
    default_url: "https://tassidicambio.bancaditalia.it",
    home: Home::Fixed(CurrencyCode::EUR),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 3,
    figures: Figures::Official,
    about: "daily rates of about 150 currencies, foreign currency per 1 EUR",
    first_day: date(1999, 1, 4),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.bancaditalia.it/footer/note-legali/index.html?com.dotmarketing.htmlpage.language=1",
    described: Described {
        printed: "`1 EUR = 96.74 ALL`, as printed (0 to 6 decimals)",
        history: "the euro's rates; the portal holds the lira's before",
        published: "about 15:00 (16:00 Rome), with the ECB's",
        per_request: "one day",
        used_for: "Italian law: the rates the state administrations adopt (DPR 482/2001) and Italian tax conversions: [Banca d'Italia's exchange rates](https://tassidicambio.bancaditalia.it)",
        requests: "`/terzevalute-wf-web/rest/v1.0/dailyRates?referenceDate=YYYY-MM-DD&currencyIsoCode=EUR&lang=en`, one per calendar day; latest: the last 7 days",
        nothing_published: "the header without lines, or HTTP 404 (not recorded)",
        cron: Some(CronLine {
            schedule: "30 16 * * 1-5",
            why: "Banca d'Italia daily rates, about 16:00 Rome time",
        }),
    },
    build: |setup| {
        Box::new(Bdi {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
            progress: setup.progress,
        })
    },
};

/// The header of every list, column for column.
pub const HEADER: [&str; 7] = [
    "Country",
    "Currency",
    "ISO Code",
    "UIC Code",
    "Rate",
    "Rate convention",
    "Reference date (CET)",
];

/// The one convention read: units of the currency per one euro.
pub const PER_EURO: &str = "Foreign currency amount for 1 Euro.";

/// The figure of a currency without a rate that day.
const NOT_AVAILABLE: &str = "N.A.";

/// How many days back the latest list is looked for.
const LATEST_DAYS: u64 = 7;

/// The service's path below the base URL.
const PATH: &str = "terzevalute-wf-web/rest/v1.0/dailyRates";

/// The Banca d'Italia provider below one base URL.
#[derive(Debug)]
pub struct Bdi<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
    progress: bool,
}

impl Bdi<'_> {
    /// The list of `day`: none on a 404 or a list without lines.
    fn day(&self, day: NaiveDate) -> anyhow::Result<Option<DayRates>> {
        let query = format!("referenceDate={day}&currencyIsoCode=EUR&lang=en");
        let url = endpoint(&self.base_url, PATH, &query);
        let get = Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: None,
        };
        let Some(body) = self.http.get_unless(&get, 404)? else {
            log::info!("{url}: 404, no list");
            return Ok(None);
        };
        let parsed = parse(&body, self.today, day).map(|list| list.into_iter().collect());
        let mut days = self.selection.keep(&url, parsed)?;
        log::info!("{url}: {} lists", days.len());
        Ok(days.pop())
    }

    /// Every list of `from` to `to`, one request per calendar day.
    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = (from.max(INFO.first_day), to.min(self.today));
        each_day(INFO.name, self.progress, from, to, |day| self.day(day))
    }
}

impl Provider for Bdi<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        if request == DayRequest::Latest {
            // Newest first: the first list found is the latest.
            for back in 0..=LATEST_DAYS {
                let day = self.today - chrono::Days::new(back);
                if let Some(list) = self.day(day)? {
                    return Ok(vec![list]);
                }
            }
            return Ok(Vec::new());
        }
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// Parses the list asked for `day` on `today`: `None` for the header
/// without lines (nothing published), else one day, one rate per code
/// (`1 EUR = rate code`, as printed), in the list's order.
///
/// Refuses the whole document when it is not CSV (an HTML page), its
/// header is not [`HEADER`], a line follows the `#` disclaimer, a line is
/// dated another day than `day` or has another convention than
/// [`PER_EURO`], a code is not three uppercase letters, a figure is
/// neither `N.A.` nor a positive plain decimal, one code is printed with
/// two figures, or no line has a figure.
pub fn parse(body: &[u8], today: NaiveDate, day: NaiveDate) -> Result<Option<DayRates>, String> {
    let csv = Csv::parse(without_disclaimer(body)?)?;
    if csv.header() != HEADER {
        return Err(format!(
            "not the expected CSV: the header is {:?}, not {:?}",
            csv.header().join(","),
            HEADER.join(",")
        ));
    }
    let mut lines = csv.lines().peekable();
    if lines.peek().is_none() {
        return Ok(None);
    }
    check_published_day(day, INFO.first_day, today)?;
    // Each code with its figure as printed, its rate (none for `N.A.`)
    // and its first line.
    let mut figures: Vec<(CurrencyCode, &str, Option<Rate>, usize)> = Vec::new();
    for (line, fields) in lines {
        // The CSV reader holds every line to the header's seven fields.
        let [_, _, code, _, figure, convention, dated] = fields else {
            return Err(format!(
                "line {line} has {} fields, the header 7",
                fields.len()
            ));
        };
        let (code, figure) = (code.as_str(), figure.as_str());
        let at_line = |err: String| format!("line {line}: {err}");
        let dated =
            check_published_day(parse_date(dated).map_err(at_line)?, INFO.first_day, today)?;
        if dated != day {
            return Err(format!(
                "line {line}: dated {dated}, not {day}, the day asked for"
            ));
        }
        if convention != PER_EURO {
            return Err(format!(
                "line {line}: the rate convention is {convention:?}, not {PER_EURO:?}"
            ));
        }
        let code: CurrencyCode = code.parse().map_err(at_line)?;
        let rate = match figure {
            NOT_AVAILABLE => None,
            _ => Some(
                figure
                    .parse()
                    .map_err(|err| format!("day {day}, {code}: {err}"))?,
            ),
        };
        match figures.iter().find(|(known, ..)| *known == code) {
            // One currency of several countries: one rate.
            Some((_, printed, _, _)) if *printed == figure => {}
            Some((_, printed, _, first)) => {
                return Err(format!(
                    "conflicting figures for {code} on {day}: {printed} (line {first}) and {figure} (line {line})"
                ));
            }
            None => figures.push((code, figure, rate, line)),
        }
    }
    let rates = figures
        .into_iter()
        .filter_map(|(code, _, rate, _)| Some(Published::new(CurrencyCode::EUR, code, rate?)))
        .collect();
    DayRates::new(day, CurrencyCode::EUR, rates).map(Some)
}

/// The list without the disclaimer after it: the lines from the first one
/// opening with `#` on. Refuses a line after it that is neither blank nor
/// another line of it, and a disclaimer cut inside a line (truncated).
fn without_disclaimer(body: &[u8]) -> Result<&[u8], String> {
    let start = body
        .split_inclusive(|b| *b == b'\n')
        .scan(0, |at, line| {
            let begins = *at;
            *at += line.len();
            Some((begins, line))
        })
        .find(|(_, line)| line.starts_with(b"#"));
    let Some((start, _)) = start else {
        return Ok(body);
    };
    let stray = body[start..]
        .split(|b| *b == b'\n')
        .position(|line| !line.starts_with(b"#") && !line.trim_ascii().is_empty());
    if stray.is_some() {
        return Err("a line that is not the disclaimer's after the disclaimer".to_owned());
    }
    if !body.ends_with(b"\n") {
        return Err("the document ends early, inside the disclaimer (truncated?)".to_owned());
    }
    Ok(&body[..start])
}

#[cfg(test)]
mod tests;
