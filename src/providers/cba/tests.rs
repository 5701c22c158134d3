use super::*;
use crate::model::parse_date;

const RECORDED: &[u8] = include_bytes!("../../../tests/fixtures/cba/2026-03-02..2026-03-03.xml");
const EMPTY: &[u8] = include_bytes!("../../../tests/fixtures/cba/empty.xml");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn today() -> NaiveDate {
    day("2026-04-01")
}

/// A row of `iso` on `date` (`YYYY-MM-DD`): `amount` units = `rate` AMD.
fn row(iso: &str, amount: &str, rate: &str, date: &str) -> String {
    format!(
        "<ExchangeRatesByRange diffgr:id=\"ExchangeRatesByRange1\" msdata:rowOrder=\"0\">\
         <Rate>{rate}</Rate><Amount>{amount}</Amount><ISO>{iso}</ISO><Diff>-0.12</Diff>\
         <RateDate>{date}T00:00:00+04:00</RateDate></ExchangeRatesByRange>"
    )
}

/// An answer whose diffgram holds `rows`.
fn answer(rows: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope \
         xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
         <ExchangeRatesByDateRangeByISOResponse xmlns=\"http://www.cba.am/\">\
         <ExchangeRatesByDateRangeByISOResult><xs:schema id=\"NewDataSet\" xmlns=\"\" \
         xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"NewDataSet\"/></xs:schema>\
         <diffgr:diffgram xmlns:msdata=\"urn:schemas-microsoft-com:xml-msdata\" \
         xmlns:diffgr=\"urn:schemas-microsoft-com:xml-diffgram-v1\"><DocumentElement xmlns=\"\">\
         {rows}</DocumentElement></diffgr:diffgram></ExchangeRatesByDateRangeByISOResult>\
         </ExchangeRatesByDateRangeByISOResponse></soap:Body></soap:Envelope>"
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
fn the_recorded_range_parses_to_the_written_digits() {
    let days = parse(RECORDED, today(), day("2026-03-02"), day("2026-03-03")).expect("parses");
    assert_eq!(days.len(), 2);
    assert_eq!(days[0].date(), day("2026-03-02"));
    assert!(
        days.iter()
            .all(|d| d.rates().len() == 30 && d.home() == AMD)
    );
    let first = shown(&days[0]);
    for printed in [
        "1 USD = 376.88 AMD",
        "100 IRR = 0.028685 AMD",
        "10 JPY = 24.02 AMD",
        "1 XDR = 518.12 AMD",
        "1 NZD = 224.7 AMD",
    ] {
        assert!(first.contains(&printed.to_owned()), "{printed}: {first:?}");
    }
    let metals: Vec<&Published> = days[0]
        .rates()
        .iter()
        .filter(|rate| rate.series == Series::PerGram)
        .collect();
    assert_eq!(metals.len(), 2);
    assert!(metals.iter().all(|rate| rate.unit == Unit::ONE));
    assert_eq!(metals[0].rate.to_string(), "63278");
}

#[test]
fn an_empty_diffgram_is_nothing_published() {
    let days = parse(EMPTY, today(), day("2026-03-07"), day("2026-03-08")).expect("none");
    assert!(days.is_empty());
    assert_eq!(parsed(&answer("")), Ok(Vec::new()));
}

#[test]
fn a_metal_other_than_per_gram_is_refused() {
    assert_eq!(
        refusal(&answer(&row("XAU", "10", "63278", "2024-06-27"))),
        "day 2024-06-27, XAU: a price per gram for \"10\" grams"
    );
}

#[test]
fn the_parameters_name_the_codes_and_days() {
    assert_eq!(
        parameters("USD,XAU", day("2026-03-02"), day("2026-03-03")),
        "<web:ISOCodes>USD,XAU</web:ISOCodes><web:DateFrom>2026-03-02</web:DateFrom>\
         <web:DateTo>2026-03-03</web:DateTo>"
    );
}

#[test]
fn broken_answers_are_refused() {
    let cut = parse(
        &RECORDED[..RECORDED.len() * 2 / 3],
        today(),
        day("2026-03-02"),
        day("2026-03-03"),
    );
    assert!(cut.expect_err("cut").starts_with("the document ends early"));
    assert_eq!(
        refusal("<html><body>Error</body></html>"),
        "not a SOAP answer: the root element is <html>, not <Envelope>"
    );
    let no_diffgram = answer("")
        .replace("<diffgr:diffgram", "<diffgr:other")
        .replace("</diffgr:diffgram>", "</diffgr:other>");
    assert_eq!(
        refusal(&no_diffgram),
        "unexpected <diffgr:other> in the result"
    );
    let only_schema = answer("").split("<diffgr:diffgram").next().map(|head| {
        format!("{head}</ExchangeRatesByDateRangeByISOResult></ExchangeRatesByDateRangeByISOResponse></soap:Body></soap:Envelope>")
    });
    assert_eq!(
        refusal(&only_schema.expect("a head")),
        "not the expected DataSet: no <diffgr:diffgram>"
    );
    let usd = row("USD", "1", "376.88", "2024-06-27");
    assert_eq!(
        refusal(&answer(&usd.replace("Rate>", "Price>"))),
        "unexpected <Price> in <ExchangeRatesByRange>"
    );
    assert_eq!(
        refusal(&answer(&usd.replace("<Amount>1</Amount>", ""))),
        "day 2024-06-27, USD: no <Amount>"
    );
    assert_eq!(
        refusal(&answer(&usd.replace("<ISO>USD</ISO>", ""))),
        "a row lacks <ISO>"
    );
    assert_eq!(
        refusal(&answer(
            &usd.replace("<ISO>USD</ISO>", "<ISO>USD</ISO><ISO>EUR</ISO>")
        )),
        "<ISO> appears twice in a row"
    );
    assert!(refusal(&answer(&format!("stray{usd}"))).starts_with("unexpected text \"stray\""));
}

#[test]
fn bad_values_amounts_dates_and_repeats_are_refused() {
    for (rate, expected) in [
        ("-376.88", "day 2024-06-27, USD: invalid rate \"-376.88\""),
        ("0", "(a rate must be greater than zero)"),
        ("376,88", "invalid rate \"376,88\""),
        ("NaN", "invalid rate \"NaN\""),
    ] {
        let err = refusal(&answer(&row("USD", "1", rate, "2024-06-27")));
        assert!(err.contains(expected), "{rate}: {err}");
    }
    assert!(
        refusal(&answer(&row("USD", "5", "1", "2024-06-27")))
            .starts_with("day 2024-06-27, USD: invalid unit \"5\"")
    );
    assert_eq!(
        refusal(&answer(&row("USD", "1", "1", "2024-06-21"))),
        "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)"
    );
    assert_eq!(
        refusal(&answer(&row("USD", "1", "1", "2999-01-04"))),
        "day 2999-01-04 is in the future"
    );
    assert_eq!(
        refusal(&answer(&row("USD", "1", "1", "27.06.2024"))),
        "USD: invalid date \"27.06.2024T00:00:00+04:00\" (expected e.g. 2026-03-02T00:00:00+04:00)"
    );
    assert_eq!(rate_day("2026-03-02T00:00:00"), Ok(day("2026-03-02")));
    assert!(rate_day("2026-03-02").is_err());
    assert!(rate_day("2026-03-02T0:00").is_err());
    let twice = format!(
        "{}{}",
        row("USD", "1", "1", "2024-06-27"),
        row("USD", "1", "2", "2024-06-27")
    );
    assert_eq!(
        refusal(&answer(&twice)),
        "day 2024-06-27: currency USD appears twice"
    );
    assert!(
        refusal(&answer(&row("usd", "1", "1", "2024-06-27")))
            .contains("invalid currency code \"usd\"")
    );
}
