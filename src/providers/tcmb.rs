//! Türkiye Cumhuriyet Merkez Bankası (Central Bank of the Republic of
//! Türkiye): its daily indicative exchange rates, from the XML files of its
//! web site. No key is needed (the Bank's EVDS API needs one; fxrates does
//! not use it).
//!
//! Requests, below the base URL (`https://www.tcmb.gov.tr`):
//! - `/kurlar/today.xml`: the latest bulletin (`Latest`), dated by its own
//!   attributes;
//! - `/kurlar/YYYYMM/DDMMYYYY.xml`: the bulletin of one day (`Day`). A range
//!   is one request per calendar day, one at a time, weekends included:
//!   HTTP 404, a day without a bulletin, is "nothing published" for that
//!   day, and the only such answer.
//!
//! A bulletin is `<Tarih_Date Tarih="DD.MM.YYYY" Date="MM/DD/YYYY"
//! Bulten_No="2026/45">` holding one `<Currency CurrencyCode="USD">` per
//! currency, with the children `Unit`, `ForexBuying`, `ForexSelling`,
//! `BanknoteBuying` and `BanknoteSelling` (and names and cross rates, not
//! read). Each figure reads `Unit code = figure TRY`: the base is the
//! foreign currency, the quote TRY, the unit as printed (1, 100 for JPY and
//! IRR), the figure as printed (`0.89660` keeps its zero). The Bank prints
//! no mid: each of the four is stored as a series of its own (`buying`,
//! `selling`, `banknote-buying`, `banknote-selling`), never averaged. An
//! empty element is a figure not printed (many currencies have no banknote
//! rates; the SDR, `XDR`, has only a forex buying figure) and stores
//! nothing. The bulletin number (`Bulten_No`) is kept as the day's
//! reference.
//!
//! The rates are set at 15:30 Istanbul time (12:30 UTC; Türkiye keeps UTC+3
//! all year) on Turkish business days. The new lira (TRY) replaced the old
//! one (TRL) at a million to one on 2005-01-01; the files before it price in
//! old lira, so fxrates asks for none of them.

use chrono::{Datelike, NaiveDate};
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::dates::NumericDate;
use super::endpoint::endpoint;
use super::oxr::each_day;
use super::xml::{self, attribute, attributes};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week,
};
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, Series, Unit, check_published_day};

/// The Turkish lira: the quote of every figure of the bulletin.
const TRY: CurrencyCode = CurrencyCode::from_static(b"TRY");

/// The TCMB's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "tcmb",
    publisher: "Türkiye Cumhuriyet Merkez Bankası (Central Bank of the Republic of Türkiye)",
    default_url: "https://www.tcmb.gov.tr",
    home: Home::Fixed(TRY),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 6,
    figures: Figures::Official,
    about: "indicative rates, TRY per 1 or 100 units of foreign currency: forex and banknote buying and selling, no mid",
    first_day: date(2005, 1, 1),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.tcmb.gov.tr/wps/wcm/connect/EN/TCMB+EN/Bottom+Menu/Other/Terms+of+Use",
    described: Described {
        printed: "`1 USD = 43.8570 TRY (selling)` (units 1, 100); buying, selling, banknote buying and selling, no mid",
        history: "the new lira; the archive reaches the 1990s",
        published: "12:30 all year (15:30 Istanbul)",
        per_request: "one day",
        used_for: "Turkish accounting and tax: the forex buying or selling rate, by purpose (check with your adviser)",
        requests: "`/kurlar/YYYYMM/DDMMYYYY.xml`, one per calendar day; latest `/kurlar/today.xml`",
        nothing_published: "HTTP 404 for a day",
        cron: Some(CronLine {
            schedule: "45 14 * * 1-5",
            why: "TCMB, 15:30 Istanbul time all year (13:30 here in winter, 14:30 in summer)",
        }),
    },
    build: |setup| {
        Box::new(Tcmb {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
            progress: setup.progress,
        })
    },
};

/// The children of `<Currency>` that hold a figure, and the series of each.
const FIGURES: [(&str, Series); 4] = [
    ("ForexBuying", Series::Buying),
    ("ForexSelling", Series::Selling),
    ("BanknoteBuying", Series::BanknoteBuying),
    ("BanknoteSelling", Series::BanknoteSelling),
];

/// The other children of `<Currency>`: its unit, then what is not read.
const UNIT: &str = "Unit";
const NOT_READ: [&str; 4] = ["Isim", "CurrencyName", "CrossRateUSD", "CrossRateOther"];

/// The TCMB provider below one base URL.
#[derive(Debug)]
pub struct Tcmb<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
    progress: bool,
}

impl Tcmb<'_> {
    /// The bulletin at `path` (below `/kurlar/`), reduced to the selection:
    /// for one day (`expected`), none on a 404 and refused when dated
    /// otherwise; for `today.xml` (`expected` is `None`), a 404 is an error
    /// like any other.
    fn bulletin(&self, path: &str, expected: Option<NaiveDate>) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(&self.base_url, &format!("kurlar/{path}"), "");
        let get = Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: None,
        };
        let body = match expected {
            Some(_) => match self.http.get_unless(&get, 404)? {
                Some(body) => body,
                None => return Ok(Vec::new()),
            },
            None => self.http.get_with(&get)?,
        };
        let parsed = parse(&body, self.today).and_then(|day| match expected {
            Some(expected) if day.date() != expected => Err(format!(
                "asked for {expected}, the bulletin is dated {}",
                day.date()
            )),
            _ => Ok(vec![day]),
        });
        let days = self.selection.keep(&url, parsed)?;
        let number = days.first().and_then(DayRates::reference);
        log::info!("{url}: bulletin {}", number.unwrap_or("without a number"));
        Ok(days)
    }
}

impl Provider for Tcmb<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = match request {
            DayRequest::Latest => return self.bulletin("today.xml", None),
            DayRequest::Day(day) => (day, day),
            DayRequest::Range { from, to } => (from, to.min(self.today)),
        };
        let from = from.max(INFO.first_day);
        each_day(INFO.name, self.progress, from, to, |day| {
            self.bulletin(&day_path(day), Some(day))
        })
    }
}

/// `202603/02032026.xml`: the file of `day` below `/kurlar/`.
fn day_path(day: NaiveDate) -> String {
    let (y, m, d) = (day.year(), day.month(), day.day());
    format!("{y:04}{m:02}/{d:02}{m:02}{y:04}.xml")
}

/// One `<Currency>` as read so far: its day and code, the children seen,
/// its unit and its printed figures.
#[derive(Debug)]
struct Row {
    date: NaiveDate,
    code: CurrencyCode,
    seen: Vec<&'static str>,
    unit: Option<String>,
    figures: Vec<(Series, &'static str, String)>,
}

/// Parses a bulletin for a run on `today`: its day (the `Tarih` and `Date`
/// attributes, which must agree), every printed figure as a rate of its
/// series, the bulletin number as the reference. Refuses the whole
/// document at the first thing that is not a valid bulletin: another root
/// element, an unknown child, a `<Currency>` lacking a figure's element or
/// its unit, a figure that is not a positive plain decimal, a currency
/// twice, no figure at all, a day outside [`check_published_day`].
pub fn parse(xml: &[u8], today: NaiveDate) -> Result<DayRates, String> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(true);
    let mut bulletin = Bulletin {
        today,
        open: Vec::new(),
        day: None,
        row: None,
        field: None,
        rates: Vec::new(),
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|err| xml::read_error(&reader, xml.len(), err))?;
        match event {
            Event::Start(ref element) => bulletin.start(element, false)?,
            Event::Empty(ref element) => bulletin.start(element, true)?,
            Event::End(_) => bulletin.end()?,
            Event::Text(text) => {
                let text = text.decode().map_err(|err| format!("bad text: {err}"))?;
                bulletin.text(&text)?;
            }
            Event::GeneralRef(_) | Event::CData(_) => match &bulletin.field {
                Some((name, _)) if NOT_READ.contains(name) => {}
                _ => {
                    return Err(format!(
                        "unexpected markup in <{}>",
                        bulletin.open.join("><")
                    ));
                }
            },
            Event::Eof => {
                if let Some(element) = bulletin.open.last() {
                    return Err(xml::ends_inside(element));
                }
                break;
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    let (date, reference) = bulletin
        .day
        .ok_or("not a TCMB bulletin: no <Tarih_Date> element")?;
    let day = DayRates::new(date, TRY, bulletin.rates)?;
    Ok(match reference {
        Some(reference) => day.with_reference(reference),
        None => day,
    })
}

/// A bulletin as read so far, for a run on `today`.
struct Bulletin {
    today: NaiveDate,
    /// The elements open, the root first.
    open: Vec<String>,
    /// The bulletin's day and number, from its root.
    day: Option<(NaiveDate, Option<String>)>,
    row: Option<Row>,
    /// The child of `<Currency>` being read, and its text so far.
    field: Option<(&'static str, String)>,
    rates: Vec<Published>,
}

impl Bulletin {
    /// An element opened (`empty`: and closed at once, `<BanknoteBuying/>`).
    fn start(&mut self, element: &BytesStart<'_>, empty: bool) -> Result<(), String> {
        let name = String::from_utf8_lossy(element.name().as_ref()).into_owned();
        match self.open.len() {
            0 if self.day.is_some() => {
                return Err(format!("<{name}> after the bulletin's end"));
            }
            0 if name == "Tarih_Date" => {
                self.day = Some(bulletin_day(element, self.today)?);
            }
            0 => {
                return Err(format!(
                    "not a TCMB bulletin: the root element is <{name}>, not <Tarih_Date>"
                ));
            }
            1 if name == "Currency" => {
                // The root is `<Tarih_Date>`, so its day is known.
                let date = self.day.as_ref().map(|(date, _)| *date);
                self.row = Some(currency(element, date.ok_or("no day")?)?);
            }
            2 => {
                let row = self.row.as_mut().ok_or("a figure outside <Currency>")?;
                let known = child(&name)
                    .ok_or_else(|| format!("{}: unexpected <{name}> in <Currency>", row.code))?;
                if row.seen.contains(&known) {
                    return Err(format!("{}: <{known}> appears twice", row.code));
                }
                row.seen.push(known);
                self.field = Some((known, String::new()));
            }
            _ => return Err(format!("unexpected <{name}> in <{}>", self.open.join("><"))),
        }
        if empty {
            // `<BanknoteBuying/>`: an element without a figure, or a
            // `<Currency/>` without children.
            finish_field(&mut self.field, &mut self.row)?;
            finish_currency(self.open.len(), &mut self.row, &mut self.rates)
        } else {
            self.open.push(name);
            Ok(())
        }
    }

    /// The element open last closed.
    fn end(&mut self) -> Result<(), String> {
        self.open.pop();
        finish_field(&mut self.field, &mut self.row)?;
        finish_currency(self.open.len(), &mut self.row, &mut self.rates)
    }

    /// Text: the figure of the child of `<Currency>` open, in part.
    fn text(&mut self, text: &str) -> Result<(), String> {
        match &mut self.field {
            Some((_, value)) if self.open.len() == 3 => {
                value.push_str(text);
                Ok(())
            }
            _ => Err(format!(
                "unexpected text {text:?} in <{}>",
                self.open.join("><")
            )),
        }
    }
}

/// The known child of `<Currency>` called `name`.
fn child(name: &str) -> Option<&'static str> {
    FIGURES
        .iter()
        .map(|(figure, _)| *figure)
        .chain([UNIT])
        .chain(NOT_READ)
        .find(|known| *known == name)
}

/// The day of the bulletin and its number, from the root's attributes.
fn bulletin_day(
    element: &BytesStart<'_>,
    today: NaiveDate,
) -> Result<(NaiveDate, Option<String>), String> {
    let [tarih, date] = attributes(element, ["Tarih", "Date"])?;
    let day = NumericDate::DOTS.parse_in(&tarih, "Tarih")?;
    let us = NumericDate::US_SLASHES.parse_in(&date, "Date")?;
    if day != us {
        return Err(format!(
            "the bulletin is dated {day} (Tarih {tarih}) and {us} (Date {date})"
        ));
    }
    let day = check_published_day(day, INFO.first_day, today)?;
    let number = attribute(element, "Bulten_No").ok();
    let number = number
        .map(|number| number.trim().to_owned())
        .filter(|number| !number.is_empty());
    Ok((day, number))
}

/// A `<Currency>` of `date` opened: its code (`CurrencyCode`, and `Kod`
/// agreeing).
fn currency(element: &BytesStart<'_>, date: NaiveDate) -> Result<Row, String> {
    let at = |err: String| format!("day {date}: {err}");
    let [code, kod] = attributes(element, ["CurrencyCode", "Kod"]).map_err(at)?;
    if code != kod {
        return Err(at(format!(
            "<Currency> has CurrencyCode {code:?} but Kod {kod:?}"
        )));
    }
    let code = code.parse().map_err(at)?;
    Ok(Row {
        date,
        code,
        seen: Vec::new(),
        unit: None,
        figures: Vec::new(),
    })
}

/// Files the text of the child just closed into its `<Currency>`.
fn finish_field(
    field: &mut Option<(&'static str, String)>,
    row: &mut Option<Row>,
) -> Result<(), String> {
    let (Some((name, text)), Some(row)) = (field.take(), row.as_mut()) else {
        return Ok(());
    };
    if name == UNIT {
        row.unit = Some(text);
    } else if let Some((_, series)) = FIGURES.iter().find(|(figure, _)| *figure == name) {
        if !text.is_empty() {
            row.figures.push((*series, name, text));
        }
    }
    Ok(())
}

/// When `<Currency>` has just closed (`depth` is back to 1), its printed
/// figures as rates of its day.
fn finish_currency(
    depth: usize,
    row: &mut Option<Row>,
    rates: &mut Vec<Published>,
) -> Result<(), String> {
    if depth != 1 {
        return Ok(());
    }
    let Some(row) = row.take() else {
        return Ok(());
    };
    let (date, code) = (row.date, row.code);
    for name in FIGURES.iter().map(|(figure, _)| *figure).chain([UNIT]) {
        if !row.seen.contains(&name) {
            return Err(format!("day {date}, {code}: <Currency> lacks <{name}>"));
        }
    }
    if row.figures.is_empty() {
        // Listed without a figure: nothing printed, nothing stored.
        return Ok(());
    }
    let unit = row.unit.unwrap_or_default();
    let unit = Unit::from_count(&unit).map_err(|err| format!("day {date}, {code}: {err}"))?;
    for (series, name, text) in row.figures {
        let rate: Rate = text
            .parse()
            .map_err(|err| format!("day {date}, {code} {name}: {err}"))?;
        rates.push(Published::per(unit, code, TRY, rate).of(series));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    const BULLETIN: &[u8] = include_bytes!("../../tests/fixtures/tcmb/202603/02032026.xml");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-03-06")
    }

    /// A bulletin of 24.06.2024 holding `currencies`.
    fn bulletin(currencies: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <?xml-stylesheet type=\"text/xsl\" href=\"isokur.xsl\"?>\n\
             <Tarih_Date Tarih=\"24.06.2024\" Date=\"06/24/2024\"  Bulten_No=\"2024/116\" >\n\
             {currencies}\n</Tarih_Date>"
        )
    }

    /// A `<Currency>` of `code` with these four figures (empty: not printed).
    fn currency(code: &str, unit: &str, figures: [&str; 4]) -> String {
        let [fb, fs, bb, bs] = figures;
        format!(
            "<Currency CrossOrder=\"0\" Kod=\"{code}\" CurrencyCode=\"{code}\">\
             <Unit>{unit}</Unit><Isim>X</Isim><CurrencyName>X</CurrencyName>\
             <ForexBuying>{fb}</ForexBuying><ForexSelling>{fs}</ForexSelling>\
             <BanknoteBuying>{bb}</BanknoteBuying><BanknoteSelling>{bs}</BanknoteSelling>\
             <CrossRateUSD/><CrossRateOther/></Currency>"
        )
    }

    fn usd(figures: [&str; 4]) -> String {
        currency("USD", "1", figures)
    }

    fn refusal(xml: &str) -> String {
        parse(xml.as_bytes(), today()).expect_err(xml)
    }

    fn shown(day: &DayRates) -> Vec<String> {
        day.rates().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_bulletin_parses_to_every_printed_figure_of_each_series() {
        let day = parse(BULLETIN, today()).expect("the bulletin parses");
        assert_eq!(day.date(), self::day("2026-03-02"));
        assert_eq!(day.home(), TRY);
        assert_eq!(day.reference(), Some("2026/41"));
        let shown = shown(&day);
        for expected in [
            "1 USD = 43.7782 TRY (buying)",
            "1 USD = 43.8570 TRY (selling)",
            "1 USD = 43.6642 TRY (banknote-buying)",
            "1 USD = 43.9710 TRY (banknote-selling)",
            "1 AUD = 28.0600 TRY (banknote-buying)",
            "100 JPY = 28.0414 TRY (buying)",
            "1 SEK = 4.68658 TRY (selling)",
            "1 CNY = 6.0292 TRY (buying)",
            "100 IRR = 0.10442 TRY (selling)",
            "1 XDR = 59.8776 TRY (buying)",
        ] {
            assert!(
                shown.contains(&expected.to_owned()),
                "{expected}: {shown:?}"
            );
        }
        // Banknote figures only where printed; the SDR has one figure.
        let of = |code: &str| shown.iter().filter(|r| r.contains(code)).count();
        assert_eq!((of("USD"), of("CNY"), of("IRR"), of("XDR")), (4, 2, 2, 1));
        assert_eq!(day.rates().len(), 6 * 4 + 2 * 2 + 1);
    }

    #[test]
    fn the_paths_of_a_day_and_the_month_it_is_in() {
        assert_eq!(day_path(day("2026-03-02")), "202603/02032026.xml");
        assert_eq!(day_path(day("2005-01-03")), "200501/03012005.xml");
    }

    #[test]
    fn an_empty_figure_is_not_printed_and_a_currency_without_any_is_skipped() {
        let xml = bulletin(&format!(
            "{}{}",
            usd(["32.1234", "32.2000", "", ""]),
            currency("RUB", "1", ["", "", "", ""])
        ));
        let day = parse(xml.as_bytes(), today()).expect("valid");
        assert_eq!(
            shown(&day),
            [
                "1 USD = 32.1234 TRY (buying)",
                "1 USD = 32.2000 TRY (selling)"
            ]
        );
        assert_eq!(day.reference(), Some("2024/116"));
    }

    #[test]
    fn a_bulletin_without_a_number_has_no_reference() {
        let xml = bulletin(&usd(["32.1234", "", "", ""])).replace("Bulten_No=\"2024/116\"", "");
        let day = parse(xml.as_bytes(), today()).expect("valid");
        assert_eq!(day.reference(), None);
    }

    #[test]
    fn broken_documents_are_refused() {
        let whole = std::str::from_utf8(BULLETIN).expect("UTF-8");
        assert!(refusal(&whole[..whole.len() * 2 / 3]).contains("ends early"));
        assert!(refusal("").contains("no <Tarih_Date>"));
        assert_eq!(
            refusal("<html><body>Request Rejected</body></html>"),
            "not a TCMB bulletin: the root element is <html>, not <Tarih_Date>"
        );
        assert_eq!(refusal(&bulletin("")), "day 2024-06-24 has no rates");
        let renamed = usd(["32.1", "32.2", "", ""]).replace("ForexSelling", "DovizSatis");
        assert_eq!(
            refusal(&bulletin(&renamed)),
            "USD: unexpected <DovizSatis> in <Currency>"
        );
        let without =
            usd(["32.1", "32.2", "", ""]).replace("<BanknoteSelling></BanknoteSelling>", "");
        assert_eq!(
            refusal(&bulletin(&without)),
            "day 2024-06-24, USD: <Currency> lacks <BanknoteSelling>"
        );
        let twice =
            usd(["32.1", "32.2", "", ""]).replace("<Unit>1</Unit>", "<Unit>1</Unit><Unit>1</Unit>");
        assert_eq!(refusal(&bulletin(&twice)), "USD: <Unit> appears twice");
        let nested = usd(["<b>32.1</b>", "", "", ""]);
        assert!(refusal(&bulletin(&nested)).starts_with("unexpected <b>"));
        let text = bulletin(&format!("stray{}", usd(["32.1", "", "", ""])));
        assert!(refusal(&text).starts_with("unexpected text \"stray\""));
        let twice = format!("{}{}", bulletin(""), bulletin(&usd(["32.1", "", "", ""])));
        let twice = twice.replacen("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "", 1);
        assert!(
            refusal(&twice).contains("after the bulletin's end"),
            "{twice}"
        );
    }

    #[test]
    fn bad_figures_units_and_codes_are_refused_naming_the_day_and_currency() {
        for (figure, expected) in [
            (
                "-32.1",
                "day 2024-06-24, USD ForexBuying: invalid rate \"-32.1\" (expected a positive decimal number)",
            ),
            (
                "0.0000",
                "day 2024-06-24, USD ForexBuying: invalid rate \"0.0000\" (a rate must be greater than zero)",
            ),
            ("32,1", "USD ForexBuying: invalid rate \"32,1\""),
            ("NaN", "USD ForexBuying: invalid rate \"NaN\""),
            ("1e999", "USD ForexBuying: invalid rate \"1e999\""),
            (
                "&amp;",
                "unexpected markup in <Tarih_Date><Currency><ForexBuying>",
            ),
        ] {
            let err = refusal(&bulletin(&usd([figure, "32.2", "", ""])));
            assert!(err.contains(expected), "{figure}: {err}");
        }
        let err = refusal(&bulletin(&currency("JPY", "50", ["21.1", "", "", ""])));
        assert_eq!(
            err,
            "day 2024-06-24, JPY: invalid unit \"50\" (expected 1, 10, 100, … 1000000)"
        );
        let err = refusal(&bulletin(&currency("usd", "1", ["32.1", "", "", ""])));
        assert!(err.contains("invalid currency code \"usd\""), "{err}");
        let err = refusal(&bulletin(
            &usd(["32.1", "", "", ""]).replace("Kod=\"USD\"", "Kod=\"EUR\""),
        ));
        assert_eq!(
            err,
            "day 2024-06-24: <Currency> has CurrencyCode \"USD\" but Kod \"EUR\""
        );
        let twice = format!("{}{}", usd(["32.1", "", "", ""]), usd(["32.2", "", "", ""]));
        assert_eq!(
            refusal(&bulletin(&twice)),
            "day 2024-06-24: the buying rate of USD appears twice"
        );
        let home = currency("TRY", "1", ["1", "", "", ""]);
        assert_eq!(
            refusal(&bulletin(&home)),
            "day 2024-06-24: TRY is quoted against itself"
        );
    }

    #[test]
    fn the_two_dates_must_be_valid_and_agree() {
        let dated = |tarih: &str, date: &str| {
            bulletin(&usd(["32.1", "", "", ""]))
                .replace("24.06.2024", tarih)
                .replace("06/24/2024", date)
        };
        assert_eq!(
            refusal(&dated("24.06.2024", "06/25/2024")),
            "the bulletin is dated 2024-06-24 (Tarih 24.06.2024) and 2024-06-25 (Date 06/25/2024)"
        );
        assert_eq!(
            refusal(&dated("2024-06-24", "06/24/2024")),
            "invalid date \"2024-06-24\" in Tarih (expected DD.MM.YYYY)"
        );
        assert_eq!(
            refusal(&dated("30.02.2024", "02/30/2024")),
            "invalid date \"30.02.2024\" in Tarih (no such day)"
        );
        assert_eq!(
            refusal(&dated("04.01.2999", "01/04/2999")),
            "day 2999-01-04 is in the future"
        );
        let undated = bulletin("").replace("Date=\"06/24/2024\"", "");
        assert_eq!(refusal(&undated), "<Tarih_Date> lacks the Date attribute");
    }
}
