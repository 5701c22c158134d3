//! The European Central Bank's euro foreign exchange reference rates.
//!
//! The ECB publishes three files, all in the `gesmes:Envelope` format: the
//! latest day, about the last 90 calendar days, and every day since
//! 1999-01-04. [`Ecb::fetch`] downloads the smallest one that covers the days
//! asked for, and moves on to a larger one when what it got starts too late.
//! [`parse`] streams the XML (no DOM) and refuses the whole document at the
//! first thing that is not a valid day of rates.

use std::collections::HashSet;

use anyhow::Context;
use chrono::{Days, NaiveDate};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

use super::endpoint::endpoint;
use super::xml::{self, attribute, attributes};
use super::{
    DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection, Week,
};
use crate::calendar::business_day_between;
use crate::error::Error;
use crate::http::HttpClient;
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Rate, check_published_day, parse_date};

/// The ECB's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "ecb",
    publisher: "European Central Bank",
    default_url: "https://www.ecb.europa.eu/stats/eurofxref",
    home: Home::Fixed(CurrencyCode::EUR),
    settings: &[],
    release: Release::Daily,
    week: Week::Target,
    closure: 0,
    figures: Figures::Official,
    about: "euro reference rates, foreign currency per 1 EUR",
    first_day: date(1999, 1, 4),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.ecb.europa.eu/services/disclaimer/html/index.en.html",
    described: Described {
        printed: "`1 EUR = 1.0705 USD`",
        history: "",
        published: "~15:00 (16:00 CET), TARGET days",
        per_request: "one file: the day, 90 days or all",
        used_for: "the euro reference rates; the default",
        requests: "`/eurofxref-daily.xml`, `/eurofxref-hist-90d.xml`, `/eurofxref-hist.xml`",
        nothing_published: "a range the file holds no day of",
        cron: None,
    },
    build: |setup| {
        Box::new(Ecb::new(
            setup.http,
            setup.url,
            setup.selection,
            setup.today,
        ))
    },
};

const EUROFXREF_NS: &[u8] = b"http://www.ecb.int/vocabulary/2002-08-01/eurofxref";
const GESMES_NS: &[u8] = b"http://www.gesmes.org/xml/2002-08-01";

/// The 90-day file is trusted to reach back this many days; a request that
/// starts earlier goes straight to the full history.
const LAST_90_DAYS_REACH: u64 = 85;

/// One of the ECB's published files, smallest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum File {
    Latest,
    Last90Days,
    History,
}

impl File {
    fn name(self) -> &'static str {
        match self {
            File::Latest => "eurofxref-daily.xml",
            File::Last90Days => "eurofxref-hist-90d.xml",
            File::History => "eurofxref-hist.xml",
        }
    }

    fn larger(self) -> Option<File> {
        match self {
            File::Latest => Some(File::Last90Days),
            File::Last90Days => Some(File::History),
            File::History => None,
        }
    }

    /// The smallest file expected to hold every day from `from` when fetched
    /// on `today`: the latest-day file when at most today may be missing.
    fn smallest_for(from: NaiveDate, today: NaiveDate) -> File {
        if !business_day_between(from, today) {
            File::Latest
        } else if from >= today - Days::new(LAST_90_DAYS_REACH) {
            File::Last90Days
        } else {
            File::History
        }
    }
}

/// The ECB provider, reading the files below one base URL.
#[derive(Debug)]
pub struct Ecb<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl<'a> Ecb<'a> {
    /// A provider reading `{base_url}/eurofxref-*.xml`, for a run on `today`
    /// (UTC), which decides which file covers a request and which dates are
    /// too far in the future to be true, keeping what `selection` asks for.
    pub fn new(
        http: &'a HttpClient,
        base_url: &str,
        selection: Selection,
        today: NaiveDate,
    ) -> Self {
        Ecb {
            http,
            base_url: base_url.to_owned(),
            selection,
            today,
        }
    }

    fn download(&self, file: File) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(&self.base_url, file.name(), "");
        let body = self
            .http
            .get(&url, "application/xml, text/xml;q=0.9, */*;q=0.1")?;
        let days = parse(&body, self.today).map_err(|reason| Error::InvalidData {
            url: url.clone(),
            reason,
        })?;
        log::info!(
            "{url}: {} days from {} to {}",
            days.len(),
            days.first().map_or(INFO.first_day, DayRates::date),
            days.last().map_or(INFO.first_day, DayRates::date),
        );
        Ok(days)
    }

    /// The days of `file` kept by the selection: only the days asked for are
    /// checked, so that a currency missing from older days of a long file
    /// does not refuse a recent range.
    fn select(&self, file: File, days: Vec<DayRates>) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(&self.base_url, file.name(), "");
        Ok(self.selection.keep(&url, Ok(days))?)
    }
}

impl Provider for Ecb<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = match request {
            DayRequest::Latest => {
                let mut days = self.download(File::Latest)?;
                // `parse` never returns an empty list; keep the newest day.
                let newest = days.pop().into_iter().collect();
                return self.select(File::Latest, newest);
            }
            DayRequest::Day(day) => (day, day),
            DayRequest::Range { from, to } => (from, to),
        };
        let mut file = File::smallest_for(from, self.today);
        loop {
            let mut days = self.download(file)?;
            let oldest = days.first().map(DayRates::date).context("empty document")?;
            let covered = oldest <= from || !business_day_between(from, oldest);
            match file.larger() {
                Some(larger) if !covered => {
                    log::info!(
                        "{} starts on {oldest}, after {from}: trying {}",
                        file.name(),
                        larger.name()
                    );
                    file = larger;
                }
                _ => {
                    days.retain(|day| (from..=to).contains(&day.date()));
                    return self.select(file, days);
                }
            }
        }
    }
}

/// Parses an ECB reference-rate document into its days, oldest first.
///
/// Refuses the whole document, with a one-line reason, when it is not
/// well-formed XML or not the eurofxref format, is truncated, holds no day, or
/// holds a day that is repeated, unparseable, or outside the window of
/// [`check_published_day`] for a run on `today`, a currency code that is not three uppercase letters, a
/// rate that is not a positive decimal, or a currency twice in one day.
pub fn parse(xml: &[u8], today: NaiveDate) -> Result<Vec<DayRates>, String> {
    let mut reader = NsReader::from_reader(xml);
    reader.config_mut().trim_text(true);
    let mut reading = Reading::default();
    loop {
        let next = reader
            .read_resolved_event()
            .map(|(resolved, event)| (Vocabulary::of(&resolved), event));
        let (vocabulary, event) = next.map_err(|err| xml::read_error(&reader, xml.len(), err))?;
        match event {
            Event::Start(ref element) => reading.element(element, vocabulary, false, today)?,
            Event::Empty(ref element) => {
                reading.element(element, vocabulary, true, today)?;
                reading.close()?;
            }
            Event::End(_) => reading.close()?,
            Event::Text(text) if reading.cube_depth > 0 && !text.is_empty() => {
                return Err("unexpected text inside <Cube>".to_owned());
            }
            Event::Eof => return reading.finish(),
            _ => {}
        }
    }
}

/// The namespace of an element, as far as the format cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Vocabulary {
    /// The rates: `<Cube>`.
    Eurofxref,
    /// The envelope: `<gesmes:Envelope>` and its header.
    Gesmes,
    Other,
}

impl Vocabulary {
    fn of(resolved: &ResolveResult<'_>) -> Vocabulary {
        match resolved {
            ResolveResult::Bound(Namespace(ns)) if *ns == EUROFXREF_NS => Vocabulary::Eurofxref,
            ResolveResult::Bound(Namespace(ns)) if *ns == GESMES_NS => Vocabulary::Gesmes,
            _ => Vocabulary::Other,
        }
    }
}

/// A document as read so far: the elements open, the day being read, and
/// the days read before it.
#[derive(Debug, Default)]
struct Reading {
    /// Names of the open elements; the ECB's nesting is Envelope/Cube/Cube/Cube.
    open: Vec<String>,
    /// How many of the open elements are `<Cube>`s: inside the rates
    /// container only `<Cube>`s may open, so they are the innermost ones.
    cube_depth: usize,
    saw_root: bool,
    saw_rates_container: bool,
    day: Option<(NaiveDate, Vec<(CurrencyCode, Rate)>)>,
    days: Vec<DayRates>,
    seen_days: HashSet<NaiveDate>,
}

impl Reading {
    /// Opens `element`, in the namespace `vocabulary`: the root, a `<Cube>`
    /// or an element of the header. An `empty` element is opened, then
    /// closed.
    fn element(
        &mut self,
        element: &BytesStart<'_>,
        vocabulary: Vocabulary,
        empty: bool,
        today: NaiveDate,
    ) -> Result<(), String> {
        let is_cube =
            vocabulary == Vocabulary::Eurofxref && element.local_name().as_ref() == b"Cube";
        if self.open.is_empty() {
            if self.saw_root {
                // A well-formed document has one root; quick-xml reads on.
                return Err(format!(
                    "<{}> after the end of <gesmes:Envelope>",
                    xml::element_name(element)
                ));
            }
            check_root(element, vocabulary)?;
            self.saw_root = true;
        } else if is_cube {
            self.cube(element, today)?;
        } else if self.cube_depth > 0 {
            return Err(unexpected_inside_cube(element));
        }
        // The names are for messages about an element left open, which an
        // empty one never is: a rate's element needs no owned name.
        let name = if empty {
            String::new()
        } else {
            xml::element_name(element)
        };
        self.open.push(name);
        self.cube_depth += usize::from(is_cube);
        Ok(())
    }

    /// Reads a `<Cube>` by how deep it is: the rates container (a child of
    /// the root), a day, or one rate of the day.
    fn cube(&mut self, element: &BytesStart<'_>, today: NaiveDate) -> Result<(), String> {
        match self.cube_depth {
            0 if self.open.len() == 1 => self.saw_rates_container = true,
            1 => self.start_day(element, today)?,
            2 => {
                let (date, rates) = self.day.as_mut().ok_or("<Cube currency> outside a day")?;
                rates.push(rate_attributes(element, *date)?);
            }
            _ => return Err(unexpected_inside_cube(element)),
        }
        Ok(())
    }

    /// Starts the day of a `<Cube time='…'>`.
    fn start_day(&mut self, element: &BytesStart<'_>, today: NaiveDate) -> Result<(), String> {
        let date = day_attribute(element, today, &mut self.seen_days)?;
        // Days have about as many rates as the one before.
        let capacity = self.days.last().map_or(0, |day| day.rates().len());
        self.day = Some((date, Vec::with_capacity(capacity)));
        Ok(())
    }

    /// Adds the day being read, if any, to the days read.
    fn finish_day(&mut self) -> Result<(), String> {
        if let Some((date, rates)) = self.day.take() {
            self.days
                .push(DayRates::against(date, CurrencyCode::EUR, rates)?);
        }
        Ok(())
    }

    /// Closes the innermost open element; closing a day's `<Cube>` (one
    /// without rates, `<Cube time='…'/>`, included) finishes the day.
    fn close(&mut self) -> Result<(), String> {
        self.open.pop();
        if self.cube_depth > 0 {
            self.cube_depth -= 1;
            if self.cube_depth == 1 {
                self.finish_day()?;
            }
        }
        Ok(())
    }

    /// The days read, oldest first, once the document has ended: refused
    /// when it ends inside an element, has no rates container or no day.
    fn finish(self) -> Result<Vec<DayRates>, String> {
        if let Some(element) = self.open.last() {
            return Err(xml::ends_inside(element));
        }
        if !self.saw_rates_container {
            return Err("not an ECB reference-rate document: no <Cube> element".to_owned());
        }
        if self.days.is_empty() {
            return Err("the document holds no day of rates".to_owned());
        }
        // The files list the newest day first; the rest of fxrates works oldest first.
        let mut days = self.days;
        days.sort_by_key(DayRates::date);
        Ok(days)
    }
}

/// Refuses a root element other than `<gesmes:Envelope>`.
fn check_root(element: &BytesStart<'_>, vocabulary: Vocabulary) -> Result<(), String> {
    if vocabulary == Vocabulary::Gesmes && element.local_name().as_ref() == b"Envelope" {
        return Ok(());
    }
    Err(format!(
        "not an ECB reference-rate document: the root element is <{}>, not <gesmes:Envelope>",
        xml::element_name(element)
    ))
}

/// What an element in the wrong place within the rates container is told.
fn unexpected_inside_cube(element: &BytesStart<'_>) -> String {
    format!("unexpected <{}> inside <Cube>", xml::element_name(element))
}

/// The date of a `<Cube time='…'>` element, checked against the days seen
/// before it, and added to them.
fn day_attribute(
    element: &BytesStart<'_>,
    today: NaiveDate,
    seen_days: &mut HashSet<NaiveDate>,
) -> Result<NaiveDate, String> {
    let time = attribute(element, "time")?;
    let date = check_published_day(parse_date(&time)?, INFO.first_day, today)?;
    if !seen_days.insert(date) {
        return Err(format!("day {date} appears twice"));
    }
    Ok(date)
}

/// The currency and rate of a `<Cube currency='…' rate='…'/>` element.
fn rate_attributes(
    element: &BytesStart<'_>,
    date: NaiveDate,
) -> Result<(CurrencyCode, Rate), String> {
    let [currency, rate] = attributes(element, ["currency", "rate"])?;
    let currency: CurrencyCode = currency
        .parse()
        .map_err(|err| format!("day {date}: {err}"))?;
    let rate: Rate = rate
        .parse()
        .map_err(|err| format!("day {date}, {currency}: {err}"))?;
    Ok((currency, rate))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn envelope(cubes: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
	<gesmes:subject>Reference rates</gesmes:subject>
	<gesmes:Sender>
		<gesmes:name>European Central Bank</gesmes:name>
	</gesmes:Sender>
	<Cube>{cubes}</Cube>
</gesmes:Envelope>"#
        )
    }

    fn parse_str(xml: &str) -> Result<Vec<DayRates>, String> {
        parse(xml.as_bytes(), day("2024-07-01"))
    }

    fn rejected(cubes: &str) -> String {
        parse_str(&envelope(cubes)).expect_err("document accepted")
    }

    #[test]
    fn parses_a_daily_document_exactly() {
        let days = parse_str(&envelope(
            "<Cube time='2024-06-28'><Cube currency='USD' rate='1.0705'/><Cube currency='HUF' rate='395.10'/></Cube>",
        ))
        .expect("valid");
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].date(), day("2024-06-28"));
        assert_eq!(days[0].home(), CurrencyCode::EUR);
        let rates: Vec<String> = days[0]
            .rates()
            .iter()
            .map(|r| format!("{}={}", r.quote, r.rate))
            .collect();
        assert_eq!(rates, ["USD=1.0705", "HUF=395.10"]);
    }

    #[test]
    fn history_with_double_quotes_comes_back_oldest_first() {
        let days = parse_str(&envelope(
            r#"<Cube time="2024-06-28"><Cube currency="USD" rate="1.065"/></Cube>
               <Cube time="2024-06-27"><Cube currency="USD" rate="1.07"/></Cube>"#,
        ))
        .expect("valid");
        let dates: Vec<NaiveDate> = days.iter().map(DayRates::date).collect();
        assert_eq!(dates, [day("2024-06-27"), day("2024-06-28")]);
        assert_eq!(days[1].rates()[0].rate.to_string(), "1.065");
    }

    #[test]
    fn html_is_refused_naming_its_root() {
        let err =
            parse_str("<html><head><title>Request Rejected</title></head><body>x</body></html>")
                .expect_err("html accepted");
        assert!(err.contains("<html>"), "{err}");
    }

    #[test]
    fn malformed_html_is_refused() {
        assert!(
            parse_str("<!DOCTYPE html><html><head><meta charset=utf-8></head></html>").is_err()
        );
    }

    #[test]
    fn a_truncated_document_is_refused() {
        let xml = envelope("<Cube time='2024-06-28'><Cube currency='USD' rate='1.0705'/></Cube>");
        for cut in [xml.len() / 2, xml.len() - 20, xml.len() - 1] {
            assert!(
                parse_str(&xml[..cut]).is_err(),
                "accepted when cut at {cut}"
            );
        }
        assert!(parse_str("").is_err());
    }

    #[test]
    fn a_document_without_days_is_refused() {
        assert!(rejected("").contains("no day"));
        let no_cube = parse_str(
            r#"<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"></gesmes:Envelope>"#,
        )
        .expect_err("accepted");
        assert!(no_cube.contains("no <Cube>"), "{no_cube}");
    }

    #[test]
    fn a_day_without_rates_is_refused() {
        assert!(rejected("<Cube time='2024-06-28'></Cube>").contains("no rates"));
        assert!(rejected("<Cube time='2024-06-28'/>").contains("no rates"));
    }

    #[test]
    fn bad_values_are_refused_with_their_day() {
        let cases = [
            (
                "<Cube time='2024-06-28'><Cube currency='usd' rate='1.07'/></Cube>",
                "\"usd\"",
            ),
            (
                "<Cube time='2024-06-28'><Cube currency='USD' rate='-1.07'/></Cube>",
                "\"-1.07\"",
            ),
            (
                "<Cube time='2024-06-28'><Cube currency='USD' rate='0'/></Cube>",
                "greater than zero",
            ),
            (
                "<Cube time='2024-06-28'><Cube currency='USD' rate='NaN'/></Cube>",
                "\"NaN\"",
            ),
            (
                "<Cube time='2024-06-28'><Cube currency='USD' rate='1e999'/></Cube>",
                "\"1e999\"",
            ),
            (
                "<Cube time='2024-06-28'><Cube currency='USD'/></Cube>",
                "lacks the rate attribute",
            ),
            (
                "<Cube time='28.06.2024'><Cube currency='USD' rate='1'/></Cube>",
                "invalid date",
            ),
            (
                "<Cube time='1998-12-31'><Cube currency='USD' rate='1'/></Cube>",
                "before the first",
            ),
            (
                "<Cube time='2024-07-03'><Cube currency='USD' rate='1'/></Cube>",
                "in the future",
            ),
            (
                "<Cube time='2024-06-28'><Cube currency='USD' rate='1'/><Cube currency='USD' rate='2'/></Cube>",
                "appears twice",
            ),
            (
                "<Cube time='2024-06-28'><Cube currency='USD' rate='1'/></Cube><Cube time='2024-06-28'><Cube currency='GBP' rate='1'/></Cube>",
                "day 2024-06-28 appears twice",
            ),
            (
                "<Cube time='2024-06-28'><Rate currency='USD' rate='1'/></Cube>",
                "unexpected <Rate>",
            ),
        ];
        for (cubes, expected) in cases {
            let err = rejected(cubes);
            assert!(err.contains(expected), "{cubes}: {err}");
        }
    }

    #[test]
    fn tomorrow_is_allowed_but_not_later() {
        let cubes = "<Cube time='2024-07-01'><Cube currency='USD' rate='1'/></Cube>";
        assert!(parse_str(&envelope(cubes)).is_ok());
    }

    #[test]
    fn a_foreign_root_element_is_refused() {
        let err = parse_str("<rates><Cube time='2024-06-28'/></rates>").expect_err("accepted");
        assert!(err.contains("<rates>"), "{err}");
    }

    #[test]
    fn an_envelope_outside_the_gesmes_namespace_is_not_the_root() {
        let err = parse_str(
            r#"<Envelope xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube/></Envelope>"#,
        )
        .expect_err("accepted");
        assert_eq!(
            err,
            "not an ECB reference-rate document: the root element is <Envelope>, not <gesmes:Envelope>"
        );
    }

    /// Regression: a second root element after `</gesmes:Envelope>` was
    /// read on, and the days of two files run together were taken as one
    /// document's.
    #[test]
    fn days_after_the_end_of_the_envelope_are_refused() {
        let first = envelope("<Cube time='2024-06-28'><Cube currency='USD' rate='1'/></Cube>");
        let second = envelope("<Cube time='2024-06-27'><Cube currency='USD' rate='2'/></Cube>");
        assert_eq!(
            parse_str(&format!("{first}{second}")).expect_err("accepted"),
            "<gesmes:Envelope> after the end of <gesmes:Envelope>"
        );
        let err = parse_str(&format!("{first}<rates/>")).expect_err("accepted");
        assert_eq!(err, "<rates> after the end of <gesmes:Envelope>");
    }

    #[test]
    fn a_document_cut_between_elements_names_the_innermost_open_one() {
        let xml = envelope("<Cube time='2024-06-28'><Cube currency='USD' rate='1'/></Cube>");
        let cut = &xml[..xml.find("</Cube>").expect("a day's end")];
        assert_eq!(
            parse_str(cut).expect_err("accepted"),
            "the document ends early, inside <Cube> (truncated?)"
        );
    }

    #[test]
    fn only_days_holding_rates_are_inside_the_rates_container() {
        assert_eq!(
            rejected("<Cube time='2024-06-28'>1.07<Cube currency='USD' rate='1'/></Cube>"),
            "unexpected text inside <Cube>"
        );
        assert_eq!(
            rejected("<Cube time='2024-06-28'><Cube currency='USD' rate='1'><Cube/></Cube></Cube>"),
            "unexpected <Cube> inside <Cube>"
        );
    }

    #[test]
    fn the_smallest_file_covers_the_request() {
        let friday = day("2024-06-28");
        let monday = day("2024-07-01");
        assert_eq!(File::smallest_for(monday, monday), File::Latest);
        assert_eq!(File::smallest_for(day("2024-06-29"), monday), File::Latest);
        assert_eq!(File::smallest_for(friday, monday), File::Last90Days);
        assert_eq!(
            File::smallest_for(day("2024-04-15"), monday),
            File::Last90Days
        );
        assert_eq!(File::smallest_for(day("2024-01-02"), monday), File::History);
    }
}
