//! Центральный банк Российской Федерации (Bank of Russia): the official
//! exchange rates of foreign currencies against the rouble, one XML list
//! per day from the Bank's XML service.
//!
//! One request per calendar day, below the base URL
//! (`https://www.cbr.ru`): `/scripts/XML_daily.asp?date_req=DD/MM/YYYY`.
//! The answer is the `<ValCurs>` list ([`super::valcurs`]), in
//! **windows-1251**: `<ValCurs Date="25.04.2026" name="Foreign Currency
//! Market">` holding one `<Valute ID="R01235">` per currency with
//! `NumCode`, `CharCode`, `Nominal`, `Name`, `Value` and `VunitRate`:
//! `Nominal` units of `CharCode` = `Value` RUB, with a **decimal comma**
//! (`75,5273`), stored as printed with a point: the unit as printed (1, 10,
//! 100, 1000, 10000; 1000000 IRR), four decimals. `VunitRate`, the same
//! rate divided down to one unit, is a computed figure and is not read. The
//! SDR (`XDR`) is a currency like any other; 54 currencies in 2026. The
//! codes are stored as printed, those of the lists of 1998 and after
//! included (`DEM`, `FRF`, `XEU` …, ISO codes of their day). Gold, silver,
//! platinum and palladium are priced per gram on another page
//! (`xml_metall.asp`, under the Bank's own codes 1 to 4), which fxrates
//! does not ask for.
//!
//! The Bank sets each list on a working day and dates it by the day it
//! takes effect, the next: lists are dated Tuesday to Saturday, the
//! Saturday list (set on Friday) in force up to Monday, and a run fetches
//! up to tomorrow. Asked for a day without a list of its own (a Sunday, a
//! Monday, a holiday), the service answers the list still in force, dated
//! earlier: that stores nothing for the day asked (it is stored under its
//! own day). A window without a list was not recorded: the root without
//! `Valute`, or HTTP 404, is taken as nothing published.
//!
//! Why a request per day: the service also answers a range, but one
//! currency a request (`XML_dynamic.asp?VAL_NM_RQ=R01235&…`, 54 requests
//! for any window), keyed by the Bank's own currency ID, with no code in the
//! answer: that needs the daily list to map IDs to codes, and an ID of the
//! past may be missing from today's list (a currency withdrawn, or given a
//! new ID: the new Belarusian rouble's is `R01090B`). The daily list names its codes, is one
//! answer per stored day, and is parsed by the one parser the NBM's list
//! shares; a daily run asks two or three days. A catch-up of years asks
//! more (365 a year), once.
//!
//! History starts with the list of 1998-01-01, the redenominated rouble's
//! first: the service answers lists back to 1992, but those are in the
//! rouble before 1998 (RUR, 1000 RUR = 1 RUB), another home currency,
//! which fxrates does not store under RUB.

use chrono::{Datelike as _, NaiveDate};

use super::valcurs::{self, Daily, Format, List, Spec};
use super::{CronLine, Described, Figures, Home, ProviderInfo, Release, Week};
use crate::model::CurrencyCode;
use crate::model::date;

/// The rouble: the quote of every rate.
const RUB: CurrencyCode = CurrencyCode::from_static(b"RUB");

/// How the Bank is asked and how it prints its list.
const SPEC: Spec = Spec {
    name: "cbr",
    page: "scripts/XML_daily.asp",
    query: |day| {
        format!(
            "date_req={:02}/{:02}/{:04}",
            day.day(),
            day.month(),
            day.year()
        )
    },
    dated_ahead: 1,
    // Beside Sunday and Monday, the New Year holidays.
    latest_days: 14,
    format: Format {
        label: "a CBR rate list",
        home: RUB,
        first_day: date(1998, 1, 1),
        decimal_comma: true,
        unread: &["VunitRate"],
    },
};

/// The Bank of Russia's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "cbr",
    publisher: "Центральный банк Российской Федерации (Bank of Russia)",
    default_url: "https://www.cbr.ru",
    home: Home::Fixed(RUB),
    settings: &[],
    release: Release::Daily,
    week: Week::TuesdayToSaturday,
    closure: 9,
    figures: Figures::Official,
    about: "official exchange rates, RUB per 1 to 1000000 units, dated the day they take effect",
    first_day: SPEC.format.first_day,
    dated_ahead: SPEC.dated_ahead,
    sparse: false,
    terms: "https://www.cbr.ru/eng/development/sxml/",
    described: Described {
        printed: "`1 USD = 75,5273 RUB` (decimal comma; units 1 to 1000000), windows-1251 XML",
        history: "from 1998-01-01, the redenominated rouble's first list (the rouble lists of 1992–1997 are left out)",
        published: "the working day before the day it is dated, in the afternoon Moscow time (about 12:30 UTC)",
        per_request: "one day",
        used_for: "Russian accounting, tax and customs: the [official exchange rates](https://www.cbr.ru/eng/currency_base/daily/) of foreign currencies against the rouble",
        requests: "`/scripts/XML_daily.asp?date_req=DD/MM/YYYY`, one per calendar day; latest: back from tomorrow",
        nothing_published: "for a day: the list still in force, dated earlier; `<ValCurs Date=\"…\">` without a `Valute`, or HTTP 404 (not recorded)",
        cron: Some(CronLine {
            schedule: "0 15 * * 1-5",
            why: "Bank of Russia, the next day's list (Friday's is Saturday's) is out in the afternoon Moscow time",
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

/// Parses a day's list for a run on `today`: its date and every currency
/// as `Nominal CharCode = Value RUB` ([`valcurs::parse`]).
pub fn parse(xml: &[u8], today: NaiveDate) -> Result<List, String> {
    valcurs::parse(&SPEC.format, xml, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    const LIST: &[u8] = include_bytes!("../../tests/fixtures/cbr/25.04.2026.xml");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-04-26")
    }

    /// A windows-1251 list of 22.06.2024 holding `valutes`.
    fn list(valutes: &str) -> Vec<u8> {
        let mut xml =
            b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><ValCurs Date=\"22.06.2024\" \
              name=\"Foreign Currency Market\">"
                .to_vec();
        xml.extend_from_slice(valutes.as_bytes());
        xml.extend_from_slice(b"</ValCurs>");
        xml
    }

    /// A `<Valute>` of `code`: `nominal` units = `value` RUB.
    fn valute(code: &str, nominal: &str, value: &str) -> String {
        format!(
            "<Valute ID=\"R01235\"><NumCode>840</NumCode><CharCode>{code}</CharCode>\
             <Nominal>{nominal}</Nominal><Name>X</Name><Value>{value}</Value>\
             <VunitRate>1</VunitRate></Valute>"
        )
    }

    fn refusal(xml: &[u8]) -> String {
        parse(xml, today()).expect_err("refused")
    }

    #[test]
    fn the_recorded_list_parses_to_the_printed_digits() {
        let list = parse(LIST, today()).expect("the list parses");
        assert_eq!(list.date, day("2026-04-25"));
        let rates = list.day.expect("rates");
        assert_eq!(rates.home(), RUB);
        assert_eq!(rates.rates().len(), 54);
        let shown: Vec<String> = rates.rates().iter().map(ToString::to_string).collect();
        for printed in [
            "1 USD = 75.5273 RUB",
            "1 EUR = 88.2826 RUB",
            "1 BYN = 26.7960 RUB",
            "100 JPY = 47.2636 RUB",
            "10000 VND = 30.0750 RUB",
            "1000000 IRR = ",
            "1 XDR = 103.3893 RUB",
        ] {
            assert!(
                shown.iter().any(|rate| rate.starts_with(printed)),
                "{printed}: {shown:?}"
            );
        }
    }

    #[test]
    fn the_names_are_read_in_windows_1251() {
        // "Доллар США" in windows-1251: read past, never mistaken for UTF-8.
        let name = b"\xc4\xee\xeb\xeb\xe0\xf0 \xd1\xd8\xc0";
        let mut xml = list(&valute("USD", "1", "75,5273"));
        let at = xml.windows(1).position(|b| b == b"X").expect("the name");
        xml.splice(at..=at, name.iter().copied());
        let rates = parse(&xml, today()).expect("valid").day.expect("rates");
        assert_eq!(rates.rates()[0].to_string(), "1 USD = 75.5273 RUB");
        assert!(
            String::from_utf8(xml.clone()).is_err(),
            "the test list is not UTF-8"
        );
        let declared: Vec<u8> = [
            &b"<?xml version=\"1.0\" encoding=\"utf-8\"?>"[..],
            &xml[45..],
        ]
        .concat();
        assert!(refusal(&declared).starts_with("the document is not valid UTF-8"));
        let unknown = String::from_utf8_lossy(&list("")).replace("windows-1251", "klingon");
        assert_eq!(
            refusal(unknown.as_bytes()),
            "unsupported encoding \"klingon\" in the XML declaration"
        );
    }

    #[test]
    fn a_point_or_a_bad_value_is_refused() {
        for (value, expected) in [
            (
                "75.5273",
                "day 2024-06-22, USD: invalid rate \"75.5273\" (expected a decimal comma, no point)",
            ),
            ("-75,5273", "day 2024-06-22, USD: invalid rate \"-75,5273\""),
            ("0,0000", "(a rate must be greater than zero)"),
            ("", "day 2024-06-22, USD: no <Value>"),
        ] {
            let err = refusal(&list(&valute("USD", "1", value)));
            assert!(err.contains(expected), "{value}: {err}");
        }
        assert!(
            refusal(&list(&valute("USD", "3", "1,0")))
                .starts_with("day 2024-06-22, USD: invalid unit \"3\"")
        );
        assert_eq!(
            refusal(&list(
                &valute("USD", "1", "1,0").replace("VunitRate", "Rate")
            )),
            "unexpected <Rate> in <ValCurs><Valute>"
        );
    }

    #[test]
    fn a_list_before_the_redenominated_rouble_is_refused() {
        let old = String::from_utf8_lossy(&list(&valute("USD", "1", "5960,00")))
            .replace("22.06.2024", "31.12.1997");
        assert_eq!(
            refusal(old.as_bytes()),
            "day 1997-12-31 is before the first reference rates (1998-01-01)"
        );
    }
}
