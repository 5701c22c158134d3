//! Қазақстан Республикасының Ұлттық Банкі (National Bank of the Republic
//! of Kazakhstan): the official (market) rates of the tenge, from the
//! RSS-like XML of its web site. No key is needed.
//!
//! One request per calendar day, below the base URL
//! (`https://nationalbank.kz`): `/rss/get_rates.cfm?fdate=DD.MM.YYYY`. A
//! range asks for each of its days, one at a time, weekends included; the
//! latest is the newest list of the [`LATEST_DAYS`] days up to tomorrow.
//!
//! The answer is `<rates>` holding a header (`generator`, `title`, `link`,
//! `description`, `copyright`, `date`) and one `<item>` per currency:
//! `<fullname>АРМЯНСКИЙ ДРАМ</fullname><title>AMD</title><description>
//! 12.72</description><quant>10</quant><index>DOWN</index><change>-0.08
//! </change>`. An item reads `quant title = description KZT`: the base is
//! the foreign currency, the quote KZT, the unit as printed (1; 10 AMD and
//! HUF, 100 KRW and UZS, 1000 IRR), the figure as printed: two decimals as
//! a rule, but not padded (`179.5`, JPY `3`), and stored so. The name, the
//! direction (`index`) and the change are not read. The list holds 39
//! currencies, `XDR` (the SDR) among them, and no metal.
//!
//! The list is dated by its `<date>` (DD.MM.YYYY), the day the rates apply
//! (they are set from the exchange's session of the business day before):
//! it must be the day asked for; one dated earlier is the list in force,
//! none of that day ([`super::day_list::of_day`]), one dated later is refused.
//!
//! "Nothing published" for a day was not recorded: the header with its
//! `<date>` and no `<item>` is taken as such, and so is HTTP 404, the error
//! status the site plausibly sends for a page it lacks; nothing else is.

use chrono::{Datelike, Days, NaiveDate};
use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::dates::NumericDate;
use super::day_list::{day_list, lists_between};
use super::endpoint::endpoint;
use super::xml;
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week,
};
use crate::http::{Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Rate, Unit, check_published_day};

/// The tenge: the quote of every item of the list.
const KZT: CurrencyCode = CurrencyCode::from_static(b"KZT");

/// How many days back from tomorrow the latest list is looked for.
pub const LATEST_DAYS: u64 = 7;

/// The children of `<rates>` besides `<item>`: the header.
const HEADER: [&str; 6] = [
    "generator",
    "title",
    "link",
    "description",
    "copyright",
    "date",
];

/// The children of `<item>`; the first three are read.
const FIELDS: [&str; 6] = [
    "title",
    "description",
    "quant",
    "fullname",
    "index",
    "change",
];

/// The National Bank of Kazakhstan's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "nbk",
    publisher: "Қазақстан Республикасының Ұлттық Банкі (National Bank of the Republic of Kazakhstan)",
    default_url: "https://nationalbank.kz",
    home: Home::Fixed(KZT),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 5,
    figures: Figures::Official,
    about: "official (market) rates, KZT per 1, 10, 100 or 1000 units of foreign currency",
    first_day: date(1993, 11, 15),
    dated_ahead: 1,
    sparse: false,
    terms: "https://nationalbank.kz/en/news/metadannye/7252",
    described: Described {
        printed: "`10 AMD = 12.72 KZT` (units 1, 10, 100, 1000), decimals not padded (`179.5`)",
        history: "from the tenge's introduction; how far back the service answers was not checked",
        published: "from the exchange's session of the business day before (15:30 Astana, 10:30 UTC)",
        per_request: "one day",
        used_for: "Kazakh accounting, tax and customs: the market exchange rate ([rates](https://nationalbank.kz/en/exchangerates/ezhednevnye-oficialnye-rynochnye-kursy-valyut))",
        requests: "`/rss/get_rates.cfm?fdate=DD.MM.YYYY`, one per calendar day; latest: the newest of the last 7 days to tomorrow",
        nothing_published: "the header without `<item>`, or HTTP 404, for a day (not recorded); for one day, a list dated earlier",
        cron: Some(CronLine {
            schedule: "0 13 * * 1-5",
            why: "NBK, the next day's rates after the exchange's session in Astana",
        }),
    },
    build: |setup| {
        Box::new(Nbk {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
            progress: setup.progress,
        })
    },
};

/// The NBK provider below one base URL.
#[derive(Debug)]
pub struct Nbk<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
    progress: bool,
}

impl Nbk<'_> {
    /// The list of `day`, reduced to the selection: none when nothing was
    /// published on it.
    fn list(&self, day: NaiveDate) -> anyhow::Result<Option<DayRates>> {
        let query = format!(
            "fdate={:02}.{:02}.{:04}",
            day.day(),
            day.month(),
            day.year()
        );
        let url = endpoint(&self.base_url, "rss/get_rates.cfm", &query);
        let get = Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: None,
        };
        day_list(self.http, &self.selection, &get, day, |body| {
            parse(body, self.today)
        })
    }

    /// The published lists of `from..=to`, oldest first, one request per
    /// calendar day.
    fn days(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        lists_between(&INFO, self.today, self.progress, (from, to), |day| {
            self.list(day)
        })
    }
}

impl Provider for Nbk<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let last = self.today + Days::new(INFO.dated_ahead);
        request.by_ranges(last, LATEST_DAYS, |from, to| self.days(from, to))
    }
}

/// One `<item>` as read: its children's names and texts.
type Item = Vec<(&'static str, String)>;

/// The document as read: the header's `<date>` and the items.
#[derive(Debug, Default)]
struct Read {
    date: Option<String>,
    items: Vec<Item>,
}

/// Parses the list of one day for a run on `today`: `None` for a header
/// without items (nothing published), else each item `quant title =
/// description KZT`, the day its `<date>`. Refuses another root element,
/// an unknown or repeated child, an item lacking a figure's element, a
/// figure that is not a positive plain decimal, a code listed twice and a
/// day outside [`check_published_day`].
pub fn parse(body: &[u8], today: NaiveDate) -> Result<Option<DayRates>, String> {
    let read = read(body)?;
    let date = read.date.ok_or("not an NBK rates document: no <date>")?;
    let date = NumericDate::DOTS.parse_in(&date, "<date>")?;
    let date = check_published_day(date, INFO.first_day, today)?;
    if read.items.is_empty() {
        return Ok(None);
    }
    let mut rates = Vec::with_capacity(read.items.len());
    for item in &read.items {
        rates.push(published(item, date)?);
    }
    DayRates::new(date, KZT, rates).map(Some)
}

/// One item of `date`: `quant title = description KZT`.
fn published(item: &Item, date: NaiveDate) -> Result<Published, String> {
    let field = |name: &str| {
        item.iter()
            .find(|(field, _)| *field == name)
            .map(|(_, text)| text.as_str())
    };
    let code = field("title").ok_or_else(|| format!("day {date}: <item> lacks <title>"))?;
    let code: CurrencyCode = code.parse().map_err(|err| format!("day {date}: {err}"))?;
    let lacks = |name: &str| format!("day {date}, {code}: <item> lacks <{name}>");
    let unit = field("quant").ok_or_else(|| lacks("quant"))?;
    let unit = Unit::from_count(unit).map_err(|err| format!("day {date}, {code}: {err}"))?;
    let rate = field("description").ok_or_else(|| lacks("description"))?;
    let rate: Rate = rate
        .parse()
        .map_err(|err| format!("day {date}, {code}: {err}"))?;
    Ok(Published::per(unit, code, KZT, rate))
}

/// Reads the document's structure: the root `<rates>`, its header and its
/// items, each leaf's text; refuses anything else.
fn read(body: &[u8]) -> Result<Read, String> {
    let mut reader = Reader::from_reader(body);
    reader.config_mut().trim_text(true);
    let mut open: Vec<String> = Vec::new();
    let mut read = Read::default();
    // The leaf being read: its name, its text so far.
    let mut leaf: Option<(&'static str, String)> = None;
    let mut item: Option<Item> = None;
    let mut ended = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|err| xml::read_error(&reader, body.len(), err))?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let name = xml::element_name(element);
                match open.len() {
                    0 if ended => return Err(format!("<{name}> after the end of <rates>")),
                    0 if name == "rates" => {}
                    0 => {
                        return Err(format!(
                            "not an NBK rates document: the root element is <{name}>, not <rates>"
                        ));
                    }
                    1 if name == "item" => item = Some(Item::new()),
                    1 => leaf = Some((known(&HEADER, &name, "rates")?, String::new())),
                    2 if item.is_some() => {
                        let field = known(&FIELDS, &name, "item")?;
                        let item = item.as_ref().map_or(&[][..], Vec::as_slice);
                        if item.iter().any(|(seen, _)| *seen == field) {
                            return Err(format!("<{field}> appears twice in one <item>"));
                        }
                        leaf = Some((field, String::new()));
                    }
                    _ => return Err(format!("unexpected <{name}> in <{}>", open.join("><"))),
                }
                if matches!(event, Event::Start(_)) {
                    open.push(name);
                } else {
                    close(open.len(), &mut leaf, &mut item, &mut read)?;
                }
            }
            Event::End(_) => {
                open.pop();
                ended = open.is_empty();
                close(open.len(), &mut leaf, &mut item, &mut read)?;
            }
            Event::Text(text) => {
                let text = text.decode().map_err(|err| format!("bad text: {err}"))?;
                match &mut leaf {
                    Some((_, value)) => value.push_str(&text),
                    None => {
                        return Err(format!("unexpected text {text:?} in <{}>", open.join("><")));
                    }
                }
            }
            Event::GeneralRef(_) | Event::CData(_) => {
                // Only in what is not read: names, the header's words.
                let read_here = matches!(&leaf, Some((name, _))
                    if *name == "date" || (item.is_some() && FIELDS[..3].contains(name)));
                if leaf.is_none() || read_here {
                    return Err(format!("unexpected markup in <{}>", open.join("><")));
                }
            }
            Event::Eof => {
                if let Some(element) = open.last() {
                    return Err(xml::ends_inside(element));
                }
                if !ended {
                    return Err("not an NBK rates document: no <rates> element".to_owned());
                }
                return Ok(read);
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
}

/// The known child of `parent` called `name`.
fn known(names: &[&'static str], name: &str, parent: &str) -> Result<&'static str, String> {
    names
        .iter()
        .find(|known| **known == name)
        .copied()
        .ok_or_else(|| format!("unexpected <{name}> in <{parent}>"))
}

/// Files what has just closed, now that `depth` elements are open: a leaf
/// into its item or the header, an item into the list.
fn close(
    depth: usize,
    leaf: &mut Option<(&'static str, String)>,
    item: &mut Option<Item>,
    read: &mut Read,
) -> Result<(), String> {
    match (depth, leaf.take(), item.as_mut()) {
        (2, Some(field), Some(item)) => item.push(field),
        (1, Some(("date", text)), None) => {
            if read.date.is_some() {
                return Err("<date> appears twice".to_owned());
            }
            read.date = Some(text);
        }
        (1, None, Some(_)) => read.items.extend(item.take()),
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    const LIST: &[u8] = include_bytes!("../../tests/fixtures/nbk/get_rates-2026-04-01.xml");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-04-02")
    }

    /// A list of 01.04.2026 holding `items`.
    fn list(items: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rates>\n<generator>Alternate RSS Builder</generator>\
             <title>Official exchange rates</title><link>www.nationalbank.kz</link>\
             <description>Official exchange rates</description><copyright>www.nationalbank.kz</copyright>\
             <date>01.04.2026</date>\n{items}</rates>\n"
        )
    }

    fn item(code: &str, rate: &str, quant: &str) -> String {
        format!(
            "<item><fullname>X</fullname><title>{code}</title><description>{rate}</description>\
             <quant>{quant}</quant><index>DOWN</index><change>-0.08</change></item>\n"
        )
    }

    fn refusal(xml: &str) -> String {
        parse(xml.as_bytes(), today()).expect_err(xml)
    }

    fn shown(list: &DayRates, code: &str) -> String {
        list.rates()
            .iter()
            .find(|rate| rate.base.as_str() == code)
            .unwrap_or_else(|| panic!("{code}"))
            .to_string()
    }

    #[test]
    fn the_recorded_list_parses_to_every_printed_digit_and_unit() {
        let list = parse(LIST, today()).expect("parses").expect("a list");
        assert_eq!(list.date(), day("2026-04-01"));
        assert_eq!(list.home(), KZT);
        assert_eq!(list.rates().len(), 39);
        assert_eq!(shown(&list, "USD"), "1 USD = 478.77 KZT");
        assert_eq!(shown(&list, "AMD"), "10 AMD = 12.72 KZT");
        assert_eq!(shown(&list, "GEL"), "1 GEL = 179.5 KZT");
        assert_eq!(shown(&list, "JPY"), "1 JPY = 3 KZT");
        assert_eq!(shown(&list, "UZS"), "100 UZS = 3.93 KZT");
        assert_eq!(shown(&list, "IRR"), "1000 IRR = 0.4 KZT");
        assert_eq!(shown(&list, "XDR"), "1 XDR = 650.07 KZT");
    }

    #[test]
    fn a_header_without_items_is_nothing_published() {
        assert_eq!(parse(list("").as_bytes(), today()), Ok(None));
        assert_eq!(
            refusal(&list("").replace("01.04.2026", "04.01.2999")),
            "day 2999-01-04 is in the future"
        );
    }

    #[test]
    fn broken_documents_are_refused() {
        let whole = std::str::from_utf8(LIST).expect("UTF-8");
        assert!(refusal(&whole[..whole.len() * 2 / 3]).contains("ends early"));
        assert_eq!(
            refusal("<html><body>Error</body></html>"),
            "not an NBK rates document: the root element is <html>, not <rates>"
        );
        assert_eq!(refusal(""), "not an NBK rates document: no <rates> element");
        let twice = list("").replace("</copyright>", "</copyright><date>02.04.2026</date>");
        assert_eq!(refusal(&twice), "<date> appears twice");
        let undated = list("").replace("<date>01.04.2026</date>", "");
        assert_eq!(refusal(&undated), "not an NBK rates document: no <date>");
        let renamed = item("USD", "478.77", "1").replace("quant>", "units>");
        assert_eq!(refusal(&list(&renamed)), "unexpected <units> in <item>");
        let without = item("USD", "478.77", "1").replace("<quant>1</quant>", "");
        assert_eq!(
            refusal(&list(&without)),
            "day 2026-04-01, USD: <item> lacks <quant>"
        );
        let twice = item("USD", "478.77", "1")
            .replace("<quant>1</quant>", "<quant>1</quant><quant>1</quant>");
        assert_eq!(
            refusal(&list(&twice)),
            "<quant> appears twice in one <item>"
        );
        let nested = item("USD", "<b>478.77</b>", "1");
        assert!(refusal(&list(&nested)).starts_with("unexpected <b>"));
        let stray = list(&format!("stray{}", item("USD", "478.77", "1")));
        assert!(refusal(&stray).starts_with("unexpected text \"stray\""));
        let after = format!("{}<rates/>", list(&item("USD", "478.77", "1")));
        assert_eq!(refusal(&after), "<rates> after the end of <rates>");
    }

    #[test]
    fn bad_figures_units_codes_and_dates_are_refused_naming_the_day_and_currency() {
        for (rate, expected) in [
            ("-478.77", "day 2026-04-01, USD: invalid rate \"-478.77\""),
            (
                "0.00",
                "day 2026-04-01, USD: invalid rate \"0.00\" (a rate must be greater than zero)",
            ),
            ("478,77", "day 2026-04-01, USD: invalid rate \"478,77\""),
            ("", "day 2026-04-01, USD: invalid rate \"\""),
            ("&amp;", "unexpected markup in <rates><item><description>"),
        ] {
            let err = refusal(&list(&item("USD", rate, "1")));
            assert!(err.starts_with(expected), "{rate}: {err}");
        }
        assert_eq!(
            refusal(&list(&item("AMD", "12.72", "5"))),
            "day 2026-04-01, AMD: invalid unit \"5\" (expected 1, 10, 100, … 1000000)"
        );
        assert!(refusal(&list(&item("usd", "1", "1"))).contains("invalid currency code \"usd\""));
        let twice = format!(
            "{}{}",
            item("USD", "478.77", "1"),
            item("USD", "478.78", "1")
        );
        assert_eq!(
            refusal(&list(&twice)),
            "day 2026-04-01: currency USD appears twice"
        );
        assert_eq!(
            refusal(&list(&item("KZT", "1", "1"))),
            "day 2026-04-01: KZT is quoted against itself"
        );
        let dated = |date: &str| list(&item("USD", "478.77", "1")).replace("01.04.2026", date);
        assert_eq!(
            refusal(&dated("2026-04-01")),
            "invalid date \"2026-04-01\" in <date> (expected DD.MM.YYYY)"
        );
        assert_eq!(
            refusal(&dated("31.04.2026")),
            "invalid date \"31.04.2026\" in <date> (no such day)"
        );
        assert!(parse(dated("03.04.2026").as_bytes(), today()).is_ok());
        assert_eq!(
            refusal(&dated("04.04.2026")),
            "day 2026-04-04 is in the future"
        );
    }
}
