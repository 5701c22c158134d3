//! The TCMB's bulletin files, one per calendar day: a week of bulletins
//! (2026-03-02..06, nine currencies each), each printed figure a row of
//! its series (forex and banknote buying and selling, no mid), the
//! bulletin number kept. The bulletins are written by hand in the format
//! of the Bank's published files; their figures are illustrative, not
//! recorded. A day without a file is the mirror's 404: nothing published.

use fxrates::providers::tcmb;

use crate::common::env::fixture;
use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{BadDocument, NothingIs, ProviderFaults, truncated};
use crate::conformance::parsers::{Parser, check_days, today};

/// The path of the bulletin of `ddmmyyyy`, e.g. `02032026`.
pub fn day_file(ddmmyyyy: &str) -> String {
    let (month, year) = (&ddmmyyyy[2..4], &ddmmyyyy[4..]);
    format!("/kurlar/{year}{month}/{ddmmyyyy}.xml")
}

/// The latest bulletin.
pub const TODAY: &str = "/kurlar/today.xml";

/// The week's days with a bulletin.
pub const BULLETINS: [&str; 5] = ["02032026", "03032026", "04032026", "05032026", "06032026"];

/// Monday to Sunday: five bulletins and a weekend without.
pub const WEEK: &[&str] = &["--from", "2026-03-02", "--to", "2026-03-08"];

/// The paths of the days `ddmmyyyy`.
fn files(days: &[&str]) -> Vec<String> {
    days.iter().map(|day| day_file(day)).collect()
}

const NUMBERS: &str = "2026-03-02 2026/41, 2026-03-03 2026/42, 2026-03-04 2026/43, \
                       2026-03-05 2026/44, 2026-03-06 2026/45";

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let mut routes: Vec<_> = BULLETINS
        .iter()
        .map(|day| {
            let path = day_file(day);
            let fixture = format!("tcmb/{}", &path["/kurlar/".len()..]);
            at(path, Reply::file(&fixture))
        })
        .collect();
    routes.push(at(TODAY, Reply::file("tcmb/202603/06032026.xml")));
    // Monday's bulletin, as the Friday's with the figures of another day.
    let monday = fixture("tcmb/202603/06032026.xml")
        .replace("06.03.2026", "09.03.2026")
        .replace("03/06/2026", "03/09/2026")
        .replace("2026/45", "2026/46")
        .replace("43.9451", "44.0107");
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes,
            args: WEEK,
            days: "5 days (2026-03-02..2026-03-06)",
            count: 145,
            // One request per calendar day, the weekend's answered 404.
            requests: files(&[
                "02032026", "03032026", "04032026", "05032026", "06032026", "07032026",
                "08032026",
            ]),
            // Nine currencies print a forex buying figure, eight a selling
            // one (not the SDR), six banknote figures; TRY is the quote of
            // every row, per 100 for JPY and IRR.
            shape: &[
                "1 X TRY banknote-buying: 25",
                "1 X TRY banknote-selling: 25",
                "1 X TRY buying: 35",
                "1 X TRY selling: 30",
                "100 X TRY banknote-buying: 5",
                "100 X TRY banknote-selling: 5",
                "100 X TRY buying: 10",
                "100 X TRY selling: 10",
            ],
            currencies: "AUD,CNY,EUR,GBP,IRR,JPY,SEK,USD,XDR",
            rows: &[
                ("2026-03-02", "buying", "1 USD TRY 43.7782"),
                ("2026-03-02", "selling", "1 USD TRY 43.8570"),
                ("2026-03-02", "banknote-buying", "1 USD TRY 43.6642"),
                ("2026-03-02", "banknote-selling", "1 USD TRY 43.9710"),
                ("2026-03-02", "banknote-buying", "1 AUD TRY 28.0600"),
                ("2026-03-02", "selling", "1 SEK TRY 4.68658"),
                ("2026-03-02", "selling", "100 IRR TRY 0.10442"),
                ("2026-03-06", "buying", "100 JPY TRY 28.1483"),
                ("2026-03-06", "buying", "1 XDR TRY 60.1060"),
                ("2026-03-02", "selling", "XDR TRY NULL"),
                ("2026-03-02", "banknote-buying", "CNY TRY NULL"),
                ("2026-03-02", "mid", "USD TRY NULL"),
            ],
            references: NUMBERS,
        },
        catch_up: CatchUp {
            first: WEEK,
            routes: vec![at(day_file("09032026"), Reply::ok_xml(monday))],
            today: "2026-03-10",
            args: &[],
            summary: "1 day (2026-03-09), 29 rates: 29 inserted, 0 revised, 0 unchanged",
            requests: files(&["07032026", "08032026", "09032026", "10032026"]),
            total: 145 + 29,
            rows: &[("2026-03-09", "buying", "1 USD TRY 44.0107")],
            references: "2026-03-02 2026/41, 2026-03-03 2026/42, 2026-03-04 2026/43, \
                         2026-03-05 2026/44, 2026-03-06 2026/45, 2026-03-09 2026/46",
        },
        nothing: vec![
            Nothing {
                routes: vec![],
                args: &["--date", "2026-03-07"],
                at: None,
                says: "no rates published for 2026-03-07 (a Saturday); nothing stored",
                requests: files(&["07032026"]),
            },
            Nothing {
                routes: vec![],
                args: &["--from", "2024-06-24", "--to", "2024-06-28"],
                at: None,
                says: "no rates published from 2024-06-24 to 2024-06-28; nothing stored",
                requests: files(&["24062024", "25062024", "26062024", "27062024", "28062024"]),
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-03-02", "--to", "2026-03-06", "--symbols", "USD,XDR"],
            days: "5 days (2026-03-02..2026-03-06)",
            count: 25,
            currencies: "USD,XDR",
            requests: files(&BULLETINS),
        },
    }
}

/// The fault table's week: one request per day, the faults set up on its
/// first (2024-06-24).
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "tcmb",
    path: "/kurlar/202406/24062024.xml",
    query: "",
    fixture: "tcmb/202406/24062024.xml",
    rest: &[
        ("/kurlar/202406/25062024.xml", "tcmb/202406/25062024.xml"),
        ("/kurlar/202406/26062024.xml", "tcmb/202406/26062024.xml"),
        ("/kurlar/202406/27062024.xml", "tcmb/202406/27062024.xml"),
        ("/kurlar/202406/28062024.xml", "tcmb/202406/28062024.xml"),
    ],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not a TCMB bulletin: the root element is <html>, not <Tarih_Date>",
    content_type: "application/xml",
    nothing_published: NothingIs::Http404,
};

/// A bulletin of `tarih` (DD.MM.YYYY) holding `currencies`.
pub fn bulletin(tarih: &str, currencies: &str) -> String {
    let (day, month, year) = (&tarih[..2], &tarih[3..5], &tarih[6..]);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <?xml-stylesheet type=\"text/xsl\" href=\"isokur.xsl\"?>\n\
         <Tarih_Date Tarih=\"{tarih}\" Date=\"{month}/{day}/{year}\"  Bulten_No=\"2024/116\" >\n\
         {currencies}</Tarih_Date>\n"
    )
}

/// A bulletin of 24.06.2024 holding JPY, then `usd`.
pub fn first_day(usd: &str) -> String {
    let jpy = currency("JPY", "100", "20.5421", "20.6455");
    bulletin("24.06.2024", &format!("{jpy}{usd}"))
}

/// A `<Currency>` with forex figures only, as for many currencies.
pub fn currency(code: &str, unit: &str, buying: &str, selling: &str) -> String {
    format!(
        "\t<Currency CrossOrder=\"0\" Kod=\"{code}\" CurrencyCode=\"{code}\">\n\
         \t\t\t<Unit>{unit}</Unit>\n\t\t\t<Isim>X</Isim>\n\t\t\t<CurrencyName>X</CurrencyName>\n\
         \t\t\t<ForexBuying>{buying}</ForexBuying>\n\t\t\t<ForexSelling>{selling}</ForexSelling>\n\
         \t\t\t<BanknoteBuying></BanknoteBuying>\n\t\t\t<BanknoteSelling></BanknoteSelling>\n\
         \t\t\t<CrossRateUSD/>\n\t\t\t<CrossRateOther/>\n\t</Currency>\n"
    )
}

// The cases in the TCMB's XML, on the day asked for first: "no day" is a
// bulletin without a currency, "unknown root" another root element,
// "missing attribute" a currency lacking its `<ForexSelling>`.
fn document(bad: BadDocument) -> Vec<u8> {
    let usd = |buying: &str| currency("USD", "1", buying, "32.9114");
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => bulletin("24.06.2024", ""),
        BadDocument::UnknownRoot => {
            "<?xml version=\"1.0\"?><Kurlar Tarih=\"24.06.2024\"><Kur Kod=\"USD\">32.8540</Kur></Kurlar>"
                .to_owned()
        }
        BadDocument::MissingAttribute => first_day(
            &usd("32.8540").replace("\t\t\t<ForexSelling>32.9114</ForexSelling>\n", ""),
        ),
        BadDocument::Rate(rate) => first_day(&usd(rate)),
        BadDocument::FutureDate => bulletin("04.01.2999", &usd("32.8540")),
        BadDocument::RepeatedCurrency => {
            first_day(&format!("{}{}", usd("32.8540"), usd("32.8541")))
        }
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the document ends early".to_owned(),
        BadDocument::NoDay => "day 2024-06-24 has no rates".to_owned(),
        BadDocument::UnknownRoot => {
            "not a TCMB bulletin: the root element is <Kurlar>, not <Tarih_Date>".to_owned()
        }
        BadDocument::MissingAttribute => {
            "day 2024-06-24, USD: <Currency> lacks <ForexSelling>".to_owned()
        }
        BadDocument::Rate(rate) => {
            format!("day 2024-06-24, USD ForexBuying: invalid rate {rate:?}")
        }
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => {
            "day 2024-06-24: the buying rate of USD appears twice".to_owned()
        }
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "tcmb/202603/02032026.xml",
        "tcmb/202603/06032026.xml",
        "tcmb/202406/24062024.xml",
    ],
    fuzz_target: "tcmb_xml",
};

/// The bulletin parser: one day.
fn check(bytes: &[u8]) {
    if let Ok(day) = tcmb::parse(bytes, today()) {
        check_days(&[day], None);
    }
}
