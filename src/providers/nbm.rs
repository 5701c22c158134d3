//! Banca Națională a Moldovei (National Bank of Moldova): the official
//! exchange rates of the leu, one XML list per day from the Bank's web
//! site.
//!
//! One request per calendar day, below the base URL
//! (`https://www.bnm.md`): `/en/official_exchange_rates?date=DD.MM.YYYY&get_xml=1`.
//! The answer is `<ValCurs Date="06.04.2026" name="Official exchange
//! rate">` holding one `<Valute ID="47">` per currency with the children
//! `NumCode`, `CharCode`, `Nominal`, `Name` and `Value`: `Nominal` units
//! of `CharCode` = `Value` MDL (1, 10 or 100 units; 4 decimals), stored as
//! printed; the SDR (`XDR`) is a currency like any other. Gold and silver
//! are priced per gram on another page (`official_metal_rates`), which
//! fxrates does not ask for; a metal in this list would be left out.
//!
//! The Bank sets each day's rates the working day before and dates them
//! by the day they are in force, weekends included, so a run fetches up
//! to tomorrow ([`ProviderInfo::dated_ahead`]). A list is taken for the
//! day asked only when it is dated that day; one dated earlier is the list
//! still in force, not a list of the day asked, and stores nothing for it
//! (it is stored under its own day). Nothing published: the root element
//! with its `Date` and no `Valute`, or HTTP 404 (neither was recorded: the
//! first is the form the Bank's list takes, the second what a server
//! plausibly sends for a day it has no page for). The latest list is the
//! first found going back from tomorrow.

use chrono::NaiveDate;

pub use super::valcurs::List;
use super::valcurs::{self, Daily, Format, Spec};
use super::{CronLine, Described, Figures, Home, ProviderInfo, Release, Week};
use crate::model::CurrencyCode;
use crate::model::date;

/// The Moldovan leu: the quote of every rate.
const MDL: CurrencyCode = CurrencyCode::from_static(b"MDL");

/// The National Bank of Moldova's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "nbm",
    publisher: "Banca Națională a Moldovei (National Bank of Moldova)",
    default_url: "https://www.bnm.md",
    home: Home::Fixed(MDL),
    settings: &[],
    release: Release::Daily,
    week: Week::EveryDay,
    closure: 3,
    figures: Figures::Official,
    about: "official exchange rates, MDL per 1, 10 or 100 units, dated by the day they are in force",
    first_day: SPEC.format.first_day,
    dated_ahead: SPEC.dated_ahead,
    sparse: false,
    terms: "https://www.bnm.md/en/content/terms-use",
    described: Described {
        printed: "`1 EUR = 20.2754 MDL` (units 1, 10, 100)",
        history: "from the leu's introduction; the Bank documents no depth",
        published: "the working day before the day it is dated, in the afternoon (the hour is not documented)",
        per_request: "one day",
        used_for: "Moldovan accounting, tax and customs: [the official exchange rate of the leu](https://www.bnm.md/en/official_exchange_rates)",
        requests: "`/en/official_exchange_rates?date=DD.MM.YYYY&get_xml=1`, one per calendar day; latest: back from tomorrow",
        nothing_published: "`<ValCurs Date=\"…\">` without a `Valute`, or HTTP 404",
        cron: Some(CronLine {
            schedule: "30 15 * * 1-5",
            why: "National Bank of Moldova: the next day's rates (a Friday's up to Monday's) are out in the afternoon",
        }),
    },
    build: |setup| {
        Box::new(Daily {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
            progress: setup.progress,
            spec: &SPEC,
        })
    },
};

/// How the Bank is asked and how it prints its list.
const SPEC: Spec = Spec {
    name: "nbm",
    page: "en/official_exchange_rates",
    query: |day| format!("date={}&get_xml=1", day.format("%d.%m.%Y")),
    dated_ahead: 1,
    latest_days: 7,
    format: Format {
        label: "an NBM rate list",
        home: MDL,
        first_day: date(1993, 11, 29),
        decimal_comma: false,
        unread: &[],
    },
};

/// Parses a day's list for a run on `today`: its date and every currency
/// but a metal as `Nominal CharCode = Value MDL` ([`valcurs::parse`]).
pub fn parse(xml: &[u8], today: NaiveDate) -> Result<List, String> {
    valcurs::parse(&SPEC.format, xml, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    const LIST: &[u8] = include_bytes!("../../tests/fixtures/nbm/06.04.2026.xml");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-04-06")
    }

    /// A list of 24.06.2024 holding `valutes`.
    fn list(valutes: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <ValCurs Date=\"24.06.2024\" name=\"Official exchange rate\">\n{valutes}</ValCurs>\n"
        )
    }

    /// A `<Valute>` of `code`, `nominal` units = `value` MDL.
    fn valute(code: &str, nominal: &str, value: &str) -> String {
        format!(
            "  <Valute ID=\"44\">\n    <NumCode>840</NumCode>\n    <CharCode>{code}</CharCode>\n    \
             <Nominal>{nominal}</Nominal>\n    <Name>US Dollar</Name>\n    <Value>{value}</Value>\n  </Valute>\n"
        )
    }

    fn refusal(xml: &str) -> String {
        parse(xml.as_bytes(), today()).expect_err(xml)
    }

    #[test]
    fn the_recorded_list_parses_to_the_printed_digits() {
        let list = parse(LIST, today()).expect("the list parses");
        assert_eq!(list.date, day("2026-04-06"));
        let rates = list.day.expect("rates");
        assert_eq!(rates.home(), MDL);
        assert_eq!(rates.rates().len(), 40);
        let shown: Vec<String> = rates.rates().iter().map(ToString::to_string).collect();
        for printed in [
            "1 EUR = 20.2754 MDL",
            "1 USD = 17.6124 MDL",
            "1 RUB = 0.2197 MDL",
            "100 UZS = 0.1442 MDL",
            "1 XDR = 23.9652 MDL",
        ] {
            assert!(shown.contains(&printed.to_owned()), "{printed}: {shown:?}");
        }
        assert!(
            shown.iter().any(|rate| rate.starts_with("10 ")),
            "{shown:?}"
        );
    }

    #[test]
    fn a_root_without_valutes_is_a_list_without_rates() {
        for empty in [
            "<ValCurs Date=\"24.06.2024\" name=\"Official exchange rate\"/>",
            "<?xml version=\"1.0\"?><ValCurs Date=\"24.06.2024\"></ValCurs>",
        ] {
            let list = parse(empty.as_bytes(), today()).expect(empty);
            assert_eq!(
                list,
                List {
                    date: day("2024-06-24"),
                    day: None
                }
            );
        }
    }

    #[test]
    fn a_metal_is_left_out() {
        let xml = list(&format!(
            "{}{}",
            valute("USD", "1", "17.8890"),
            valute("XAU", "1", "2617.7179")
        ));
        let rates = parse(xml.as_bytes(), today())
            .expect("valid")
            .day
            .expect("rates");
        let shown: Vec<String> = rates.rates().iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["1 USD = 17.8890 MDL"]);
    }

    #[test]
    fn broken_lists_are_refused() {
        let whole = std::str::from_utf8(LIST).expect("UTF-8");
        assert!(refusal(&whole[..whole.len() * 2 / 3]).contains("ends early"));
        assert_eq!(refusal(""), "not an NBM rate list: no <ValCurs> element");
        assert_eq!(
            refusal("<html><body>Not found</body></html>"),
            "not an NBM rate list: the root element is <html>, not <ValCurs>"
        );
        assert_eq!(
            refusal(&list(
                &valute("USD", "1", "17.8890").replace("Value>", "Rate>")
            )),
            "unexpected <Rate> in <ValCurs><Valute>"
        );
        assert_eq!(
            refusal(&list(
                &valute("USD", "1", "17.8890").replace("<Value>17.8890</Value>", "")
            )),
            "day 2024-06-24, USD: no <Value>"
        );
        assert_eq!(
            refusal(&list(
                &valute("USD", "1", "1").replace("<CharCode>USD</CharCode>", "")
            )),
            "day 2024-06-24, <Valute ID=\"44\"> lacks <CharCode>"
        );
        let twice = valute("USD", "1", "1").replace(
            "<Nominal>1</Nominal>",
            "<Nominal>1</Nominal><Nominal>1</Nominal>",
        );
        assert_eq!(
            refusal(&list(&twice)),
            "<Nominal> appears twice in a <Valute>"
        );
        let stray = list(&format!("stray{}", valute("USD", "1", "1")));
        assert!(refusal(&stray).starts_with("unexpected text \"stray\""));
        let after = format!("{}<ValCurs Date=\"25.06.2024\"/>", list(""));
        assert_eq!(refusal(&after), "<ValCurs> after the list's end");
    }

    #[test]
    fn bad_values_nominals_codes_and_dates_are_refused() {
        for (value, expected) in [
            ("-17.8890", "day 2024-06-24, USD: invalid rate \"-17.8890\""),
            ("0.0000", "(a rate must be greater than zero)"),
            ("17,8890", "day 2024-06-24, USD: invalid rate \"17,8890\""),
            ("NaN", "invalid rate \"NaN\""),
            ("1e999", "invalid rate \"1e999\""),
        ] {
            let err = refusal(&list(&valute("USD", "1", value)));
            assert!(err.contains(expected), "{value}: {err}");
        }
        assert!(
            refusal(&list(&valute("USD", "50", "1")))
                .starts_with("day 2024-06-24, USD: invalid unit \"50\"")
        );
        assert!(refusal(&list(&valute("usd", "1", "1"))).contains("invalid currency code \"usd\""));
        let twice = format!("{}{}", valute("USD", "1", "1"), valute("USD", "1", "2"));
        assert_eq!(
            refusal(&list(&twice)),
            "day 2024-06-24: currency USD appears twice"
        );
        assert_eq!(
            refusal(&list(&valute("MDL", "1", "1"))),
            "day 2024-06-24: MDL is quoted against itself"
        );
        let dated = |date: &str| list(&valute("USD", "1", "1")).replace("24.06.2024", date);
        assert_eq!(
            refusal(&dated("2024-06-24")),
            "invalid date \"2024-06-24\" (expected DD.MM.YYYY)"
        );
        assert_eq!(
            refusal(&dated("04.01.2999")),
            "day 2999-01-04 is in the future"
        );
        assert_eq!(
            refusal(&list("").replace(" Date=\"24.06.2024\"", "")),
            "<ValCurs> lacks the Date attribute"
        );
    }
}
