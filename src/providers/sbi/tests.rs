use super::*;
use crate::model::parse_date;

const RECORDED: &[u8] = include_bytes!("../../../tests/fixtures/sbi/2026-03-24..2026-03-25.xml");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn today() -> NaiveDate {
    day("2026-04-01")
}

/// A series `id` described as `description`, holding `entries`.
fn series(id: u32, description: &str, entries: &str) -> String {
    let data = if entries.is_empty() {
        "<TimeSeriesData />".to_owned()
    } else {
        format!("<TimeSeriesData>{entries}</TimeSeriesData>")
    };
    format!(
        "<TimeSeries ID=\"{id}\"><FameName><![CDATA[]]></FameName><Name><![CDATA[X]]></Name>\
         <Description><![CDATA[{description}]]></Description>{data}</TimeSeries>"
    )
}

/// An entry of `date` (`M/D/YYYY`) reading `value`.
fn entry(date: &str, value: &str) -> String {
    format!("<Entry><Date>{date} 12:00:00 AM</Date><Value>{value}</Value></Entry>")
}

/// A group 9 answer of `series`.
fn answer(series: &str) -> String {
    format!(
        "<?xml version=\"1.0\"  encoding=\"utf-8\"?><Group ID=\"9\"><Name><![CDATA[Opinbert \
         viðmiðunargengi SÍ]]></Name>{series}</Group>"
    )
}

/// The USD middle series reading `value` on 27 June 2024.
fn usd(value: &str) -> String {
    series(
        4055,
        "Bandaríkjadalur, skráð miðgengi.",
        &entry("6/27/2024", value),
    )
}

fn parsed(xml: &str) -> Result<Vec<DayRates>, String> {
    parse(
        xml.as_bytes(),
        today(),
        day("2024-06-24"),
        day("2024-06-28"),
    )
}

fn refusal(xml: &str) -> String {
    parsed(xml).expect_err(xml)
}

fn shown(day: &DayRates) -> Vec<String> {
    day.rates().iter().map(ToString::to_string).collect()
}

#[test]
fn the_recorded_group_parses_to_every_printed_digit() {
    let days = parse(RECORDED, today(), day("2026-03-24"), day("2026-03-25")).expect("parses");
    assert_eq!(days.len(), 2);
    assert_eq!(days[0].date(), day("2026-03-24"));
    assert!(
        days.iter()
            .all(|d| d.rates().len() == 10 && d.home() == ISK)
    );
    let first = shown(&days[0]);
    for printed in [
        "1 USD = 124.440000 ISK",
        "1 EUR = 144.000000 ISK",
        "1 JPY = 0.783000 ISK",
        "1 XDR = 169.600000 ISK",
        "1 SEK = 13.304000 ISK",
    ] {
        assert!(first.contains(&printed.to_owned()), "{printed}: {first:?}");
    }
    assert!(shown(&days[1]).contains(&"1 GBP = 165.670000 ISK".to_owned()));
}

#[test]
fn every_series_empty_is_nothing_published() {
    let empty = answer(&format!(
        "{}{}",
        series(4055, "Bandaríkjadalur, skráð miðgengi.", ""),
        series(4051, "Austurrískur skildingur, skráð kaupgengi.", "")
    ));
    assert_eq!(parsed(&empty), Ok(Vec::new()));
    assert_eq!(parsed(&answer("")), Ok(Vec::new()));
}

#[test]
fn buying_and_selling_are_stored_as_printed_beside_the_middle() {
    let xml = answer(&format!(
        "{}{}{}",
        series(
            4054,
            "Bandaríkjadalur, skráð kaupgengi.",
            &entry("6/27/2024", "138.590000")
        ),
        usd("138.790000"),
        series(
            4056,
            "Bandaríkjadalur, skráð sölugengi.",
            &entry("6/27/2024", "138.990000")
        ),
    ));
    let days = parsed(&xml).expect("valid");
    assert_eq!(
        shown(&days[0]),
        [
            "1 USD = 138.590000 ISK (buying)",
            "1 USD = 138.790000 ISK",
            "1 USD = 138.990000 ISK (selling)",
        ]
    );
}

#[test]
fn the_series_table_names_every_series_of_the_group() {
    assert_eq!(
        series_of(4054),
        Some((CurrencyCode::from_static(b"USD"), Series::Buying))
    );
    assert_eq!(
        series_of(4097),
        Some((CurrencyCode::from_static(b"XDR"), Series::Mid))
    );
    assert_eq!(
        series_of(4113),
        Some((CurrencyCode::from_static(b"DEM"), Series::Selling))
    );
    // The recording lists 63 series: 21 currencies, three each.
    let ids: Vec<u32> = (4051..=4113).collect();
    assert!(ids.iter().all(|&id| series_of(id).is_some()));
    assert_eq!(series_of(4050), None);
    assert_eq!(series_of(4114), None);
    assert_eq!(series_of(0), None);
    let text = std::str::from_utf8(RECORDED).expect("UTF-8");
    for (id, code) in MIDDLE {
        assert!(
            text.contains(&format!("<TimeSeries ID=\"{id}\">")),
            "{code}"
        );
    }
}

#[test]
fn a_withdrawn_currency_is_stored_under_its_former_code() {
    let xml = answer(&series(
        4112,
        "Þýskt mark, skráð miðgengi.",
        &entry("6/27/2024", "43.210000"),
    ));
    assert_eq!(
        shown(&parsed(&xml).expect("valid")[0]),
        ["1 DEM = 43.210000 ISK"]
    );
}

#[test]
fn unknown_or_misdescribed_series_with_rates_are_refused() {
    let unknown = answer(&series(
        29,
        "Kínverskt júan, skráð miðgengi.",
        &entry("6/27/2024", "19"),
    ));
    assert_eq!(
        refusal(&unknown),
        "series 29 (\"Kínverskt júan, skráð miðgengi.\") carries rates but is no series of group 9 fxrates knows"
    );
    // Without entries an unknown series is skipped.
    assert_eq!(
        parsed(&answer(&series(29, "Kínverskt júan", ""))),
        Ok(Vec::new())
    );
    let renumbered = answer(&series(
        4055,
        "Bandaríkjadalur, skráð kaupgengi.",
        &entry("6/27/2024", "1"),
    ));
    assert_eq!(
        refusal(&renumbered),
        "series 4055 is described \"Bandaríkjadalur, skráð kaupgengi.\", not as the USD miðgengi (mid)"
    );
}

#[test]
fn another_document_or_group_is_refused() {
    let cut = parse(
        &RECORDED[..RECORDED.len() / 2],
        today(),
        day("2026-03-24"),
        day("2026-03-25"),
    );
    assert!(cut.expect_err("cut").contains("ends early"));
    assert_eq!(
        refusal(""),
        "not a Seðlabanki time series: no <Group> element"
    );
    assert_eq!(
        refusal("<html><body>Villa</body></html>"),
        "not a Seðlabanki time series: the root element is <html>, not <Group>"
    );
    assert_eq!(
        refusal(&answer("").replace("ID=\"9\"", "ID=\"7\"")),
        "group 7 answered, not the official reference rate's group 9"
    );
    assert_eq!(
        refusal(&answer(&usd("1").replace("Value>", "Rate>"))),
        "unexpected <Rate> in <Group><TimeSeries><TimeSeriesData><Entry>"
    );
    assert_eq!(
        refusal(&answer(&usd("1").replace("<Value>1</Value>", ""))),
        "series 4055 (USD mid): an <Entry> lacks <Value>"
    );
    assert_eq!(
        refusal(&answer(
            &usd("1").replace("</Date>", "</Date><Date>6/27/2024</Date>")
        )),
        "<Date> appears twice in an <Entry>"
    );
    assert!(
        refusal(&answer(&format!("stray{}", usd("1")))).starts_with("unexpected text \"stray\"")
    );
    assert_eq!(
        refusal(&format!("{}<Group ID=\"9\"/>", answer(""))),
        "<Group> after the group's end"
    );
}

#[test]
fn bad_dates_values_and_repeats_are_refused() {
    for date in [
        "2024-06-27",
        "6/27/2024 00:00:00",
        "13/1/2024",
        "6/31/2024",
        "6/27/24",
        "6//2024",
    ] {
        let xml = answer(&series(
            4055,
            "Bandaríkjadalur, skráð miðgengi.",
            &format!("<Entry><Date>{date}</Date><Value>1</Value></Entry>"),
        ));
        let err = refusal(&xml);
        assert!(
            err.starts_with("series 4055 (USD mid): invalid date"),
            "{date}: {err}"
        );
    }
    assert_eq!(
        parse_entry_date("12/31/2025 12:00:00 AM"),
        Ok(day("2025-12-31"))
    );
    assert_eq!(
        refusal(&answer(&series(4055, "miðgengi", &entry("6/21/2024", "1")))),
        "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)"
    );
    assert_eq!(
        refusal(&answer(&series(4055, "miðgengi", &entry("1/4/2999", "1")))),
        "day 2999-01-04 is in the future"
    );
    for (value, expected) in [
        (
            "-138.79",
            "day 2024-06-27, USD mid: invalid rate \"-138.79\"",
        ),
        ("0.000000", "(a rate must be greater than zero)"),
        ("138,79", "invalid rate \"138,79\""),
        ("NaN", "invalid rate \"NaN\""),
    ] {
        let err = refusal(&answer(&usd(value)));
        assert!(err.contains(expected), "{value}: {err}");
    }
    let twice = series(
        4055,
        "miðgengi",
        &format!("{}{}", entry("6/27/2024", "1"), entry("6/27/2024", "2")),
    );
    assert_eq!(
        refusal(&answer(&twice)),
        "day 2024-06-27: currency USD appears twice"
    );
}

#[test]
fn the_query_asks_group_9_for_the_days() {
    assert_eq!(
        query(day("2026-03-24"), day("2026-03-25")),
        "DagsFra=2026-03-24&DagsTil=2026-03-25&GroupID=9&Type=xml"
    );
}
