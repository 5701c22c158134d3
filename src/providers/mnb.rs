//! The Magyar Nemzeti Bank's official exchange rates, from its SOAP web
//! service.
//!
//! Every call is a SOAP 1.1 `POST {base}/arfolyamok.asmx` (the service the
//! Bank documents at `www.mnb.hu/arfolyamok.asmx`), its operation named by
//! `SOAPAction`. `GetExchangeRates(startDate, endDate, currencyNames)`
//! answers the days from `startDate` to `endDate` of the currencies listed,
//! comma-separated; an empty list answers days without rates, so the list
//! is always explicit: the one `--symbols` names, or else what
//! `GetCurrencies` answers, every currency the service has rates of (less
//! the forint itself), asked for once per run. Asking the Bank rather than
//! keeping a list here follows its list as it changes (it added five
//! currencies in 2007, dropped others since), and a backfill gets the
//! currencies of its own years: asking for a currency not quoted on a day
//! leaves it out of that day.
//!
//! Each answer's `…Result` element holds an XML document as escaped text:
//! `<MNBExchangeRates><Day date="2025-03-28"><Rate unit="1"
//! curr="EUR">402,61</Rate>…</Day>…</MNBExchangeRates>`, newest day first.
//! A rate is HUF per `unit` units of `curr` (100 JPY, 100 KRW), written with
//! a decimal comma: stored as `unit curr = rate HUF` with a point and every
//! digit as printed (`484,00` is `484.00`). A range is asked for at most
//! [`MAX_SPAN_DAYS`] days at a time; the latest day is the newest of the
//! last [`LATEST_DAYS`] days.
//!
//! Nothing published: `<MNBExchangeRates />`, a result without any `Day`,
//! is the service's answer for days without a fixing; that answer, and only
//! it, is "nothing published". An empty result, a `Day` without rates, a
//! SOAP fault (HTTP 500, whose `faultstring` the error quotes, and which
//! is not asked again: it is the service's answer, not an outage) and
//! anything else are refused. The Bank fixes its rates at 11:00 Budapest
//! time on Hungarian business days and publishes them shortly after
//! (about 10:00 UTC in winter).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::endpoint::endpoint;
use super::soap;
use super::xml::{attributes, element_name};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, spans,
};
use crate::error::Error;
use crate::http::{Explain, Get, HttpClient, Payload};
use crate::model::date;
use crate::model::{
    CurrencyCode, DayRates, Published, Rate, Unit, check_published_day, parse_date,
};

/// The Hungarian forint: the quote of every rate.
const HUF: CurrencyCode = CurrencyCode::from_static(b"HUF");

/// The Magyar Nemzeti Bank's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "mnb",
    publisher: "Magyar Nemzeti Bank",
    default_url: "https://www.mnb.hu",
    home: Home::Fixed(HUF),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 4,
    figures: Figures::Official,
    about: "official exchange rates, HUF per 1 or 100 units of foreign currency",
    first_day: date(1949, 1, 3),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.mnb.hu/en/arfolyam-lekerdezes",
    described: Described {
        printed: "`1 EUR = 402.61 HUF` (units 1, 100)",
        history: "",
        published: "after 10:00 (fixed at 11:00 Budapest)",
        per_request: "a year (366 days), after one call for the currency list",
        used_for: "Hungarian accounting and tax: the MNB's official rate",
        requests: "SOAP `POST /arfolyamok.asmx`: `GetCurrencies`, then `GetExchangeRates(startDate, endDate, currencyNames)`; latest: the last 14 days",
        nothing_published: "`<MNBExchangeRates />`, a result without a day",
        cron: Some(CronLine {
            schedule: "15 12 * * 1-5",
            why: "MNB official rates, fixed at 11:00 Budapest time (the same time here)",
        }),
    },
    build: |setup| {
        Box::new(Mnb {
            http: setup.http,
            url: endpoint(setup.url, SERVICE, ""),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// The service below the base URL.
const SERVICE: &str = "arfolyamok.asmx";

/// The namespace of the service's operations and answers.
const MNB_NS: &str = "http://www.mnb.hu/webservices/";

/// The longest span one request asks for, in days: a year of every
/// currency is about 450 kB.
const MAX_SPAN_DAYS: u64 = 366;

/// How many days back the latest day is looked for: two weeks cover the
/// longest closure (Christmas to the new year).
const LATEST_DAYS: u64 = 14;

/// The MNB provider at one service URL.
#[derive(Debug)]
pub struct Mnb<'a> {
    http: &'a HttpClient,
    /// `{base}/arfolyamok.asmx`.
    url: String,
    selection: Selection,
    today: NaiveDate,
}

impl Mnb<'_> {
    /// The `…Result` document of `operation` called with `parameters`
    /// (the elements inside the operation's own), as text. `call` names
    /// the call in the messages of a refused answer.
    fn call(&self, operation: &str, parameters: &str, call: &str) -> anyhow::Result<String> {
        let envelope = soap::call(MNB_NS, operation, parameters);
        let action = format!("\"{MNB_NS}MNBArfolyamServiceSoap/{operation}\"");
        let body = self.http.post_with(
            &Get {
                url: &self.url,
                accept: "*/*",
                headers: &[("SOAPAction", &action)],
                explain: Some(Explain::Refusal(soap::fault)),
            },
            &Payload {
                content_type: "text/xml; charset=utf-8",
                body: envelope.as_bytes(),
            },
        )?;
        soap::result(&body, MNB_NS, operation).map_err(|reason| self.invalid(call, reason).into())
    }

    /// The refusal of the answer to `call`.
    fn invalid(&self, call: &str, reason: String) -> Error {
        Error::InvalidData {
            url: self.url.clone(),
            reason: format!("{call}: {reason}"),
        }
    }

    /// The currencies to ask for: `--symbols`, or every one the service
    /// lists.
    fn currencies(&self) -> anyhow::Result<Vec<CurrencyCode>> {
        if !self.selection.symbols.is_empty() {
            return Ok(self.selection.symbols.clone());
        }
        const OPERATION: &str = "GetCurrencies";
        let result = self.call(OPERATION, "", OPERATION)?;
        let currencies =
            parse_currencies(&result).map_err(|reason| self.invalid(OPERATION, reason))?;
        log::info!("{}: {} currencies", self.url, currencies.len());
        Ok(currencies)
    }

    fn range(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        const OPERATION: &str = "GetExchangeRates";
        // The service has days from 1949; fxrates stores none before its first.
        let from = from.max(INFO.first_day);
        if from > to {
            return Ok(Vec::new());
        }
        let currencies = self.currencies()?;
        let names: Vec<&str> = currencies.iter().map(CurrencyCode::as_str).collect();
        let names = names.join(",");
        let mut days = Vec::new();
        for (from, to) in spans(from, to, MAX_SPAN_DAYS) {
            let parameters = format!(
                "<web:startDate>{from}</web:startDate><web:endDate>{to}</web:endDate>\
                 <web:currencyNames>{names}</web:currencyNames>"
            );
            let call = format!("{OPERATION} {from}..{to}");
            let result = self.call(OPERATION, &parameters, &call)?;
            let parsed = parse_rates(&result, self.today, from, to)
                .map_err(|reason| format!("{call}: {reason}"));
            let span = self.selection.keep(&self.url, parsed)?;
            log::info!("{} {call}: {} days", self.url, span.len());
            days.extend(span);
        }
        Ok(days)
    }
}

impl Provider for Mnb<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.range(from, to))
    }
}

/// A reader of a result document: its events, with the position of an
/// error.
fn next_event<'a>(reader: &mut Reader<&'a [u8]>, xml: &str) -> Result<Event<'a>, String> {
    reader.read_event().map_err(|err| {
        if reader.buffer_position() >= xml.len() as u64 {
            format!("the result ends early (truncated?): {err}")
        } else {
            format!(
                "the result is not well-formed XML at byte {}: {err}",
                reader.error_position()
            )
        }
    })
}

/// The currencies of a `GetCurrencies` result, `<MNBCurrencies><Currencies>
/// <Curr>HUF</Curr><Curr>EUR</Curr>…`, in its order, without the forint
/// and without repeats. Refuses another root, a code that is not three
/// uppercase letters, and a list without a foreign currency.
pub fn parse_currencies(xml: &str) -> Result<Vec<CurrencyCode>, String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(true);
    let mut rooted = false;
    // The open elements, and whether the innermost is a <Curr>.
    let mut depth = 0usize;
    let mut in_curr = false;
    let mut currencies: Vec<CurrencyCode> = Vec::new();
    loop {
        let event = next_event(&mut reader, xml)?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) if !rooted => {
                if element.name().as_ref() != b"MNBCurrencies" {
                    return Err(format!(
                        "not a currency list: the root element is <{}>, not <MNBCurrencies>",
                        element_name(element)
                    ));
                }
                rooted = true;
                depth += usize::from(matches!(event, Event::Start(_)));
            }
            Event::Start(element) => {
                depth += 1;
                in_curr = element.name().as_ref() == b"Curr";
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                in_curr = false;
            }
            Event::Text(text) if in_curr => {
                let code = text.decode().map_err(|err| err.to_string())?;
                let code: CurrencyCode = code.parse()?;
                if code != HUF && !currencies.contains(&code) {
                    currencies.push(code);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !rooted {
        return Err("the result is empty".to_owned());
    }
    if depth > 0 {
        return Err("the result ends early (truncated?)".to_owned());
    }
    if currencies.is_empty() {
        return Err("the currency list holds no currency but the forint".to_owned());
    }
    Ok(currencies)
}

/// Parses a `GetExchangeRates` result for the days `from` to `to`, asked
/// on `today`: its days, oldest first, each rate as printed (HUF per `unit`
/// units, the decimal comma a point). `<MNBExchangeRates />` is no day.
///
/// Refuses another root or element, a day outside the days asked for or
/// the window of [`check_published_day`], a day twice, a day without
/// rates, a rate without its value or unit, a unit that is not a power of
/// ten, a value that is not a positive decimal with a comma, and a
/// currency twice on one day.
pub fn parse_rates(
    xml: &str,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRates>, String> {
    if xml.trim().is_empty() {
        return Err("the result is empty".to_owned());
    }
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(true);
    let mut list = RatesList {
        today,
        from,
        to,
        rooted: false,
        closed: false,
        days: BTreeMap::new(),
        day: None,
        rate: None,
    };
    loop {
        let event = next_event(&mut reader, xml)?;
        match event {
            Event::Start(ref element) => list.open(element, false)?,
            Event::Empty(ref element) => list.open(element, true)?,
            Event::Text(text) => {
                let text = text.decode().map_err(|err| err.to_string());
                list.value(text)?;
            }
            Event::End(ref element) => list.close(element.name().as_ref())?,
            Event::GeneralRef(_) => {
                return Err("unexpected entity in the exchange-rate list".to_owned());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !list.rooted {
        return Err("not an exchange-rate list: no <MNBExchangeRates>".to_owned());
    }
    if !list.closed {
        return Err("the result ends early, inside <MNBExchangeRates> (truncated?)".to_owned());
    }
    list.days
        .into_iter()
        .map(|(date, rates)| DayRates::new(date, HUF, rates))
        .collect()
}

/// A `GetExchangeRates` result as read so far, for the days `from` to `to`
/// asked on `today`.
struct RatesList {
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    /// `<MNBExchangeRates>` opened, and closed.
    rooted: bool,
    closed: bool,
    days: BTreeMap<NaiveDate, Vec<Published>>,
    /// The day being read, and the rate whose value comes next.
    day: Option<NaiveDate>,
    rate: Option<(CurrencyCode, Unit)>,
}

impl RatesList {
    /// An element opened (`empty`: and closed at once, `<Day ... />`).
    fn open(&mut self, element: &BytesStart<'_>, empty: bool) -> Result<(), String> {
        match (element.name().as_ref(), self.rooted, self.day, self.rate) {
            (b"MNBExchangeRates", false, _, _) => {
                self.rooted = true;
                self.closed = empty;
            }
            (_, false, _, _) => {
                return Err(format!(
                    "not an exchange-rate list: the root element is <{}>, not <MNBExchangeRates>",
                    element_name(element)
                ));
            }
            (b"Day", true, None, None) if !self.closed => {
                let [date] = attributes(element, ["date"])?;
                let date = check_published_day(parse_date(&date)?, INFO.first_day, self.today)?;
                check_asked(date, self.from, self.to)?;
                if self.days.insert(date, Vec::new()).is_some() {
                    return Err(format!("day {date} appears twice"));
                }
                if empty {
                    return Err(format!("day {date} has no rates"));
                }
                self.day = Some(date);
            }
            (b"Rate", true, Some(date), None) => {
                let [unit, currency] = attributes(element, ["unit", "curr"])?;
                let currency: CurrencyCode = currency
                    .parse()
                    .map_err(|err| format!("day {date}: {err}"))?;
                let unit = Unit::from_count(&unit)
                    .map_err(|err| format!("day {date}, {currency}: {err}"))?;
                if empty {
                    return Err(format!("day {date}, {currency}: no rate"));
                }
                self.rate = Some((currency, unit));
            }
            _ => {
                return Err(format!(
                    "unexpected <{}> in the exchange-rate list",
                    element_name(element)
                ));
            }
        }
        Ok(())
    }

    /// Text: the value of the rate just opened, decoded (or why not).
    fn value(&mut self, text: Result<std::borrow::Cow<'_, str>, String>) -> Result<(), String> {
        let (Some(date), Some((currency, unit))) = (self.day, self.rate.take()) else {
            return Err("unexpected text in the exchange-rate list".to_owned());
        };
        let value = comma_rate(&text?).map_err(|err| format!("day {date}, {currency}: {err}"))?;
        self.days
            .entry(date)
            .or_default()
            .push(Published::per(unit, currency, HUF, value));
        Ok(())
    }

    /// The element `name` closed.
    fn close(&mut self, name: &[u8]) -> Result<(), String> {
        match name {
            b"Rate" => {
                if let (Some(date), Some((currency, _))) = (self.day, self.rate) {
                    return Err(format!("day {date}, {currency}: no rate"));
                }
            }
            b"Day" => self.day = None,
            // The root: only <Day>, and <Rate> inside it, are opened.
            _ => self.closed = true,
        }
        Ok(())
    }
}

/// A rate printed with a decimal comma, `402,61`: the same digits with a
/// point. Refuses a point (a thousands separator, or another format) and
/// what is not a positive decimal.
pub(super) fn comma_rate(text: &str) -> Result<Rate, String> {
    if text.contains('.') {
        return Err(format!(
            "invalid rate {text:?} (expected a decimal comma, no point)"
        ));
    }
    let pointed = text.replacen(',', ".", 1);
    pointed
        .parse()
        .map_err(|err: String| err.replace(&format!("{pointed:?}"), &format!("{text:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    const SAMPLE: &str =
        include_str!("../../tests/fixtures/mnb/GetExchangeRates-2025-03-24-2025-03-28.xml");
    const CURRENCIES: &str = include_str!("../../tests/fixtures/mnb/GetCurrencies.xml");

    /// A result of `days` for the window 2024-06-24..2024-06-28.
    fn rates(days: &str) -> Result<Vec<DayRates>, String> {
        parse_rates(
            &format!("<MNBExchangeRates>{days}</MNBExchangeRates>"),
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        )
    }

    fn rejected(days: &str) -> String {
        rates(days).expect_err("result accepted")
    }

    /// A day of 2024-06-27 whose USD rate is `usd`.
    fn usd(usd: &str) -> String {
        format!(
            r#"<Day date="2024-06-27"><Rate unit="1" curr="EUR">395,12</Rate><Rate unit="1" curr="USD">{usd}</Rate></Day>"#
        )
    }

    #[test]
    fn the_recorded_week_parses_to_the_printed_digits() {
        let result = soap::result(SAMPLE.as_bytes(), MNB_NS, "GetExchangeRates").expect("a result");
        let days = parse_rates(
            &result,
            day("2025-03-28"),
            day("2025-03-24"),
            day("2025-03-28"),
        )
        .expect("valid");
        let dates: Vec<String> = days.iter().map(|d| d.date().to_string()).collect();
        assert_eq!(
            dates,
            [
                "2025-03-24",
                "2025-03-25",
                "2025-03-26",
                "2025-03-27",
                "2025-03-28"
            ]
        );
        assert!(
            days.iter()
                .all(|d| d.rates().len() == 32 && d.home() == HUF)
        );
        let newest: Vec<String> = days[4].rates().iter().map(ToString::to_string).collect();
        for printed in [
            "1 EUR = 402.61 HUF",
            "1 GBP = 484.00 HUF",
            "1 THB = 11.00 HUF",
            "100 JPY = 248.17 HUF",
            "100 IDR = 2.26 HUF",
            "1 USD = 373.72 HUF",
        ] {
            assert!(
                newest.contains(&printed.to_owned()),
                "{printed}: {newest:?}"
            );
        }
    }

    #[test]
    fn the_currency_list_leaves_out_the_forint() {
        let result =
            soap::result(CURRENCIES.as_bytes(), MNB_NS, "GetCurrencies").expect("a result");
        let currencies = parse_currencies(&result).expect("valid");
        assert_eq!(currencies.len(), 74);
        assert_eq!(
            currencies[..3],
            ["EUR", "AUD", "BGN"].map(|c| c.parse().expect("code"))
        );
        assert!(!currencies.contains(&HUF));
        let list = |codes: &str| {
            parse_currencies(&format!(
                "<MNBCurrencies><Currencies>{codes}</Currencies></MNBCurrencies>"
            ))
        };
        assert_eq!(
            list("<Curr>HUF</Curr>"),
            Err("the currency list holds no currency but the forint".to_owned())
        );
        assert_eq!(
            list("<Curr>EUR</Curr><Curr>EUR</Curr>").map(|c| c.len()),
            Ok(1)
        );
        assert!(
            list("<Curr>eur</Curr>")
                .expect_err("lowercase")
                .contains("invalid currency code")
        );
        assert!(
            parse_currencies("<MNBExchangeRates/>")
                .expect_err("another root")
                .contains("the root element is <MNBExchangeRates>")
        );
        assert!(
            parse_currencies("<MNBCurrencies><Currencies><Curr>EUR</Curr>")
                .expect_err("cut")
                .contains("ends early")
        );
    }

    #[test]
    fn a_result_without_a_day_is_nothing_published() {
        for empty in [
            "<MNBExchangeRates />",
            "<MNBExchangeRates></MNBExchangeRates>",
        ] {
            let days = parse_rates(
                empty,
                day("2024-07-01"),
                day("2024-06-29"),
                day("2024-06-30"),
            );
            assert_eq!(days, Ok(Vec::new()), "{empty}");
        }
        let err = parse_rates("", day("2024-07-01"), day("2024-06-29"), day("2024-06-30"));
        assert_eq!(err, Err("the result is empty".to_owned()));
    }

    #[test]
    fn a_day_without_rates_is_refused() {
        // What the service answers for an empty currency list.
        assert_eq!(
            rejected(r#"<Day date="2024-06-27" />"#),
            "day 2024-06-27 has no rates"
        );
        assert_eq!(
            rejected(r#"<Day date="2024-06-27"></Day>"#),
            "day 2024-06-27 has no rates"
        );
    }

    #[test]
    fn bad_values_are_refused_with_their_day_and_currency() {
        let cases = [
            ("-1,0714", "day 2024-06-27, USD: invalid rate \"-1,0714\""),
            (
                "0,0000",
                "day 2024-06-27, USD: invalid rate \"0,0000\" (a rate must be greater than zero)",
            ),
            ("NaN", "day 2024-06-27, USD: invalid rate \"NaN\""),
            ("1e999", "day 2024-06-27, USD: invalid rate \"1e999\""),
            (
                "1.234,56",
                "day 2024-06-27, USD: invalid rate \"1.234,56\" (expected a decimal comma, no point)",
            ),
            ("367,6,0", "day 2024-06-27, USD: invalid rate \"367,6,0\""),
            ("", "day 2024-06-27, USD: no rate"),
        ];
        for (value, expected) in cases {
            let err = rejected(&usd(value));
            assert!(err.starts_with(expected), "{value:?}: {err}");
        }
        let err = rejected(r#"<Day date="2024-06-27"><Rate unit="1" curr="USD"/></Day>"#);
        assert_eq!(err, "day 2024-06-27, USD: no rate");
        let err = rejected(r#"<Day date="2024-06-27"><Rate unit="50" curr="USD">1</Rate></Day>"#);
        assert!(
            err.starts_with("day 2024-06-27, USD: invalid unit \"50\""),
            "{err}"
        );
        let err = rejected(r#"<Day date="2024-06-27"><Rate curr="USD">1</Rate></Day>"#);
        assert_eq!(err, "<Rate> lacks the unit attribute");
        let err = rejected(r#"<Day date="2024-06-27"><Rate unit="1" curr="usd">1</Rate></Day>"#);
        assert!(
            err.starts_with("day 2024-06-27: invalid currency code \"usd\""),
            "{err}"
        );
    }

    #[test]
    fn days_outside_the_window_twice_or_in_the_future_are_refused() {
        assert_eq!(
            rejected(r#"<Day date="2024-06-21"><Rate unit="1" curr="USD">1</Rate></Day>"#),
            "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)"
        );
        let future = parse_rates(
            r#"<MNBExchangeRates><Day date="2999-01-04"><Rate unit="1" curr="USD">1</Rate></Day></MNBExchangeRates>"#,
            day("2024-07-01"),
            day("2024-06-24"),
            day("2999-01-05"),
        );
        assert_eq!(future, Err("day 2999-01-04 is in the future".to_owned()));
        let twice = format!("{}{}", usd("367,60"), usd("367,61"));
        assert_eq!(rejected(&twice), "day 2024-06-27 appears twice");
        let repeated = r#"<Day date="2024-06-27"><Rate unit="1" curr="USD">1</Rate><Rate unit="1" curr="USD">2</Rate></Day>"#;
        assert_eq!(
            rejected(repeated),
            "day 2024-06-27: currency USD appears twice"
        );
        assert!(rejected(r#"<Day date="27.06.2024"/>"#).contains("invalid date"));
    }

    #[test]
    fn another_shape_is_refused() {
        let err = rates("<Week/>").expect_err("unknown element");
        assert_eq!(err, "unexpected <Week> in the exchange-rate list");
        let err = parse_rates(
            "<MNBCurrentExchangeRates/>",
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        )
        .expect_err("another root");
        assert!(
            err.contains("the root element is <MNBCurrentExchangeRates>"),
            "{err}"
        );
        let err = parse_rates(
            r#"<MNBExchangeRates><Day date="2024-06-27"><Rate unit="1" curr="USD">1</Rate>"#,
            day("2024-07-01"),
            day("2024-06-24"),
            day("2024-06-28"),
        )
        .expect_err("cut");
        assert!(err.contains("ends early"), "{err}");
        assert_eq!(
            rejected("stray"),
            "unexpected text in the exchange-rate list"
        );
    }
}
