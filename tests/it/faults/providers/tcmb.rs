//! The TCMB's faults: a backfill of the week is one request per day, the
//! faults set up on its first (2024-06-24). Its 404 means "no bulletin
//! that day", so the generic `http_404` case does not apply: a 404 is a
//! success that stores nothing, tested below.

use super::*;

/// The Türkiye Cumhuriyet Merkez Bankası: one bulletin file per day.
pub(super) const TCMB: ProviderFaults = ProviderFaults {
    source: "tcmb",
    base: "TRY",
    name: "tcmb",
    url_var: "FXRATES_TCMB_URL",
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
    document: tcmb_document,
    refusal: tcmb_refusal,
    html_refusal: "not a TCMB bulletin: the root element is <html>, not <Tarih_Date>",
    content_type: "application/xml",
};

provider_fault_tests!(&TCMB, where_nothing_published_is http_404);

/// A bulletin of `tarih` (DD.MM.YYYY) holding `currencies`.
fn bulletin(tarih: &str, currencies: &str) -> String {
    let (day, month, year) = (&tarih[..2], &tarih[3..5], &tarih[6..]);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <?xml-stylesheet type=\"text/xsl\" href=\"isokur.xsl\"?>\n\
         <Tarih_Date Tarih=\"{tarih}\" Date=\"{month}/{day}/{year}\"  Bulten_No=\"2024/116\" >\n\
         {currencies}</Tarih_Date>\n"
    )
}

/// A bulletin of 24.06.2024 holding JPY, then `usd`.
fn first_day(usd: &str) -> String {
    let jpy = currency("JPY", "100", "20.5421", "20.6455");
    bulletin("24.06.2024", &format!("{jpy}{usd}"))
}

/// A `<Currency>` with forex figures only, as for many currencies.
fn currency(code: &str, unit: &str, buying: &str, selling: &str) -> String {
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
fn tcmb_document(bad: BadDocument) -> Vec<u8> {
    let usd = |buying: &str| currency("USD", "1", buying, "32.9114");
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(TCMB.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
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

fn tcmb_refusal(bad: BadDocument) -> String {
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

/// Serves `document` for the first day and expects it refused with `says`.
fn refused(world: &World, document: String, says: &str) -> Fault {
    world.env.http.route(TCMB.path, Reply::ok_xml(document));
    Fault::fails(4, shown_url(world, &TCMB)).also(says)
}

#[test]
fn a_bulletin_of_another_day() {
    run_fault(&TCMB, |world, _| {
        let document = crate::common::env::fixture("tcmb/202406/25062024.xml");
        refused(
            world,
            document,
            "asked for 2024-06-24, the bulletin is dated 2024-06-25",
        )
    });
}

#[test]
fn dates_that_disagree() {
    run_fault(&TCMB, |world, _| {
        let document = first_day("").replace("06/24/2024", "06/25/2024");
        refused(
            world,
            document,
            "the bulletin is dated 2024-06-24 (Tarih 24.06.2024) and 2024-06-25 (Date 06/25/2024)",
        )
    });
}

#[test]
fn a_unit_that_is_not_a_power_of_ten() {
    run_fault(&TCMB, |world, _| {
        let document = bulletin("24.06.2024", &currency("IRR", "50", "0.0780", "0.0790"));
        refused(world, document, "day 2024-06-24, IRR: invalid unit \"50\"")
    });
}

/// A bad bulletin on Thursday refuses the whole backfill: the bulletins
/// of Monday to Wednesday, fetched before it, are not stored either.
#[test]
fn one_bad_day_among_good_ones_refuses_them_all() {
    run_fault(&TCMB, |world, _| {
        let thursday = "/kurlar/202406/27062024.xml";
        let document = crate::common::env::fixture("tcmb/202406/27062024.xml").replacen(
            "<ForexBuying>",
            "<ForexBuying>-",
            1,
        );
        world.env.http.route(thursday, Reply::ok_xml(document));
        Fault::fails(4, world.env.http.url(thursday))
            .also("day 2024-06-27, USD ForexBuying: invalid rate \"-")
    });
}

/// The TCMB answers a day without a bulletin with 404: a week of them is
/// a success that says so, stores nothing, and sends no email.
#[test]
fn a_404_for_every_day_is_no_rates_published_and_nothing_stored() {
    let world = World::new();
    world.seed(TCMB.source, TCMB.base);
    let before = checksum(&world);

    let backfill: Vec<&str> = BACKFILL
        .iter()
        .copied()
        .filter(|arg| *arg != "--quiet")
        .collect();
    let output = world
        .fxrates()
        .args(&backfill)
        .env("FXRATES_PROVIDER", TCMB.name)
        .env(TCMB.url_var, world.env.http.base_url())
        .output()
        .expect("run fxrates");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "tcmb: no rates published from 2024-06-24 to 2024-06-28; nothing stored\n"
    );
    let days: Vec<&str> = std::iter::once(TCMB.path)
        .chain(TCMB.rest.iter().map(|(path, _)| *path))
        .collect();
    assert_eq!(world.env.http.requests(), days);
    assert_eq!(checksum(&world), before, "the table changed");
    assert_eq!(runs(&mut world.env.client()), [(true, None)]);
    assert!(world.smtp.mails().is_empty(), "a success sent an email");
}
