use super::*;

const RECORDED: &[u8] = include_bytes!("../../../tests/fixtures/bnr/nbrfxrates2026.xml");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn today() -> NaiveDate {
    day("2026-08-19")
}

/// A file holding `cubes`.
fn file(cubes: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><DataSet xmlns="https://www.bnr.ro/xsd"><Header><Publisher>National Bank of Romania</Publisher><PublishingDate>2024-06-28</PublishingDate><MessageType>DR</MessageType></Header><Body><Subject>Reference rates</Subject><OrigCurrency>RON</OrigCurrency>{cubes}</Body></DataSet>"#
    )
}

/// A `<Cube>` of 2024-06-25 holding `rates`.
fn cube(rates: &str) -> String {
    format!(r#"<Cube date="2024-06-25">{rates}</Cube>"#)
}

fn usd(value: &str) -> String {
    format!(r#"<Rate currency="USD">{value}</Rate>"#)
}

fn refusal(body: &str) -> String {
    parse(body.as_bytes(), today()).expect_err(body)
}

fn shown(day: &DayRates) -> Vec<String> {
    day.rates().iter().map(ToString::to_string).collect()
}

#[test]
fn the_recorded_file_parses_to_every_printed_digit_gold_per_gram() {
    let days = parse(RECORDED, today()).expect("parses");
    assert_eq!(days.len(), 15);
    assert_eq!(days[0].date(), day("2026-01-05"));
    assert_eq!(days[14].date(), day("2026-01-27"));
    let first = shown(&days[0]);
    assert_eq!(first.len(), 37);
    for printed in [
        "1 EUR = 5.0905 RON",
        "100 HUF = 1.3247 RON",
        "100 IDR = 0.0260 RON",
        "1 XDR = 5.9535 RON",
        "1 XAU = 621.3365 RON (per-gram)",
    ] {
        assert!(first.contains(&printed.to_owned()), "{printed}: {first:?}");
    }
}

#[test]
fn a_file_without_a_cube_is_nothing_published() {
    assert_eq!(parse(file("").as_bytes(), today()), Ok(Vec::new()));
}

#[test]
fn days_outside_the_range_are_dropped_a_day_of_another_year_is_refused() {
    let days = || parse(RECORDED, today()).expect("parses");
    let kept = within(days(), 2026, day("2026-01-08"), day("2026-01-09")).expect("kept");
    let dates: Vec<NaiveDate> = kept.iter().map(DayRates::date).collect();
    assert_eq!(dates, [day("2026-01-08"), day("2026-01-09")]);
    assert_eq!(
        within(days(), 2025, day("2025-01-01"), day("2025-12-31")).expect_err("refused"),
        "day 2026-01-05 is in the file of 2025, not its own year"
    );
}

#[test]
fn broken_files_are_refused() {
    let whole = std::str::from_utf8(RECORDED).expect("UTF-8");
    assert!(refusal(&whole[..whole.len() * 2 / 3]).contains("ends early"));
    assert_eq!(refusal(""), "not a BNR rate file: no <DataSet> element");
    assert_eq!(
        refusal("<html><body>Not found</body></html>"),
        "not a BNR rate file: the root element is <html>, not <DataSet>"
    );
    assert_eq!(
        refusal(&file("").replace(" xmlns=\"https://www.bnr.ro/xsd\"", "")),
        "not a BNR rate file: the root element is <DataSet>, not <DataSet>"
    );
    assert_eq!(
        refusal(&file(&cube(&usd("4.3557").replace("Rate", "Value")))),
        "unexpected <Value> in <DataSet><Body><Cube>"
    );
    assert_eq!(
        refusal(&file(&cube(r#"<Rate currency="USD"/>"#))),
        "day 2024-06-25, USD: no value"
    );
    assert_eq!(
        refusal(&file(&cube("<Rate>4.3557</Rate>"))),
        "day 2024-06-25: <Rate> lacks the currency attribute"
    );
    assert_eq!(
        refusal(&file("").replace(">RON<", ">EUR<")),
        "the rates are in \"EUR\", not in RON"
    );
    assert_eq!(
        refusal(&file(&format!("{}{}", cube(&usd("1")), cube(&usd("1"))))),
        "day 2024-06-25 follows 2024-06-25: repeated or out of order"
    );
    assert_eq!(
        refusal(&file(&cube(&format!("stray{}", usd("1"))))),
        "unexpected text \"stray\" in <DataSet><Body><Cube>"
    );
}

#[test]
fn bad_values_multipliers_codes_and_dates_are_refused() {
    for (value, expected) in [
        ("-4.3557", "day 2024-06-25, USD: invalid rate \"-4.3557\""),
        ("0.0000", "(a rate must be greater than zero)"),
        ("4,3557", "day 2024-06-25, USD: invalid rate \"4,3557\""),
        ("NaN", "invalid rate \"NaN\""),
    ] {
        let err = refusal(&file(&cube(&usd(value))));
        assert!(err.contains(expected), "{value}: {err}");
    }
    let fifty = r#"<Rate currency="HUF" multiplier="50">1.3247</Rate>"#;
    assert!(refusal(&file(&cube(fifty))).starts_with("day 2024-06-25, HUF: invalid unit \"50\""));
    assert!(
        refusal(&file(&cube(r#"<Rate currency="usd">1</Rate>"#)))
            .contains("invalid currency code \"usd\"")
    );
    assert_eq!(
        refusal(&file(&cube(&format!("{}{}", usd("1"), usd("2"))))),
        "day 2024-06-25: currency USD appears twice"
    );
    assert_eq!(
        refusal(&file(&cube(r#"<Rate currency="RON">1</Rate>"#))),
        "day 2024-06-25: RON is quoted against itself"
    );
    assert_eq!(
        refusal(&file(&cube(&usd("1")).replace("2024-06-25", "2999-01-04"))),
        "day 2999-01-04 is in the future"
    );
    assert_eq!(
        refusal(&file(&cube(&usd("1")).replace(" date=\"2024-06-25\"", ""))),
        "<Cube> lacks the date attribute"
    );
}
