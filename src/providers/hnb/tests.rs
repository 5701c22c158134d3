use super::*;
use crate::model::parse_date;

const RECORDED: &[u8] = include_bytes!("../../../tests/fixtures/hnb/2023-01-02..2023-01-03.json");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn today() -> NaiveDate {
    day("2026-10-01")
}

/// An entry of list `number` of `date` for `code`, its middle `middle`.
fn entry(number: &str, date: &str, code: &str, middle: &str) -> String {
    format!(
        r#"{{"broj_tecajnice":"{number}","datum_primjene":"{date}","drzava":"X","drzava_iso":"XXX","kupovni_tecaj":"1,068200","prodajni_tecaj":"1,065000","sifra_valute":"840","srednji_tecaj":"{middle}","valuta":"{code}"}}"#
    )
}

/// An answer of one list of 2024-06-27 holding `entries`.
fn answer(entries: &[String]) -> String {
    format!("[{}]", entries.join(","))
}

fn usd(middle: &str) -> String {
    entry("123", "2024-06-27", "USD", middle)
}

fn refusal(body: &str) -> String {
    parse(
        body.as_bytes(),
        today(),
        day("2024-06-24"),
        day("2024-06-28"),
    )
    .expect_err(body)
}

fn shown(day: &DayRates, code: &str, series: Series) -> String {
    let rate = day
        .rates()
        .iter()
        .find(|rate| rate.quote.as_str() == code && rate.series == series)
        .unwrap_or_else(|| panic!("{code} {series} on {}", day.date()));
    rate.to_string()
}

#[test]
fn the_recorded_lists_parse_to_every_printed_digit() {
    let days = parse(RECORDED, today(), day("2023-01-02"), day("2023-01-03"))
        .expect("the recording parses");
    assert_eq!(days.len(), 2);
    let first = &days[0];
    assert_eq!(first.date(), day("2023-01-02"));
    assert_eq!(first.reference(), Some("1/2023"));
    assert_eq!(days[1].reference(), Some("2/2023"));
    assert_eq!(first.rates().len(), 13 * 3);
    assert_eq!(shown(first, "USD", Series::Mid), "1 EUR = 1.066600 USD");
    assert_eq!(
        shown(first, "USD", Series::Buying),
        "1 EUR = 1.068200 USD (buying)"
    );
    assert_eq!(
        shown(first, "USD", Series::Selling),
        "1 EUR = 1.065000 USD (selling)"
    );
    assert_eq!(shown(first, "HUF", Series::Mid), "1 EUR = 400.870000 HUF");
    assert_eq!(shown(first, "CHF", Series::Mid), "1 EUR = 0.984700 CHF");
    assert_eq!(shown(&days[1], "BAM", Series::Mid), "1 EUR = 1.955830 BAM");
}

#[test]
fn an_empty_array_is_nothing_published() {
    let days = parse(b"[]", today(), day("2024-06-29"), day("2024-06-30")).expect("none");
    assert!(days.is_empty());
}

#[test]
fn a_list_outside_the_days_asked_for_before_2023_or_in_the_future_is_refused() {
    let err = parse(RECORDED, today(), day("2023-01-03"), day("2023-01-04")).expect_err("2nd");
    assert_eq!(
        err,
        "day 2023-01-02 is outside the days asked for (2023-01-03..2023-01-04)"
    );
    // Monday's list is out on Sunday's eve at the latest: accepted the day before.
    let early = parse(
        RECORDED,
        day("2023-01-02"),
        day("2023-01-02"),
        day("2023-01-03"),
    );
    assert!(early.is_ok(), "{early:?}");
    assert_eq!(
        parse(
            answer(&[entry("1", "2999-01-04", "USD", "1,0")]).as_bytes(),
            today(),
            day("2999-01-01"),
            day("2999-01-31")
        )
        .expect_err("future"),
        "day 2999-01-04 is in the future"
    );
    assert_eq!(
        parse(
            answer(&[entry("251", "2022-12-31", "USD", "1,0")]).as_bytes(),
            today(),
            day("2022-12-01"),
            day("2023-01-31")
        )
        .expect_err("kuna"),
        "day 2022-12-31 is before the first reference rates (2023-01-01)"
    );
}

#[test]
fn broken_documents_are_refused() {
    let whole = std::str::from_utf8(RECORDED).expect("UTF-8");
    assert!(refusal(&whole[..whole.len() * 2 / 3]).starts_with("the JSON document ends early"));
    assert!(refusal("<html><body>Service unavailable</body></html>").starts_with("not JSON"));
    assert!(refusal(&usd("1,066600")).starts_with("not the expected JSON document"));
    assert_eq!(
        refusal(&answer(&[entry("123", "27.06.2024", "USD", "1,0")])),
        "invalid date \"27.06.2024\" (expected YYYY-MM-DD)"
    );
    let renamed = answer(&[usd("1,066600").replace("srednji_tecaj", "srednji")]);
    assert!(
        refusal(&renamed).contains("missing field `srednji_tecaj`"),
        "{renamed}"
    );
    for number in ["0", "", "1a", "-1"] {
        assert_eq!(
            refusal(&answer(&[entry(number, "2024-06-27", "USD", "1,0")])),
            format!("day 2024-06-27: invalid list number {number:?}")
        );
    }
    let two_numbers = answer(&[usd("1,0"), entry("124", "2024-06-27", "GBP", "0,8")]);
    assert_eq!(
        refusal(&two_numbers),
        "day 2024-06-27: list numbers \"123\" and \"124\" in one list"
    );
    let split = answer(&[
        usd("1,0"),
        entry("124", "2024-06-28", "USD", "1,1"),
        entry("123", "2024-06-27", "GBP", "0,8"),
    ]);
    assert_eq!(
        refusal(&split),
        "day 2024-06-27 follows 2024-06-28: repeated or out of order"
    );
}

#[test]
fn bad_figures_and_codes_are_refused_naming_the_day_and_currency() {
    for (middle, expected) in [
        (
            "1.066600",
            "day 2024-06-27, USD srednji_tecaj: invalid rate \"1.066600\" (expected a decimal comma, no point)",
        ),
        (
            "-1,0666",
            "day 2024-06-27, USD srednji_tecaj: invalid rate \"-1,0666\"",
        ),
        (
            "0,000000",
            "day 2024-06-27, USD srednji_tecaj: invalid rate \"0,000000\"",
        ),
        ("", "day 2024-06-27, USD srednji_tecaj: invalid rate \"\""),
    ] {
        let err = refusal(&answer(&[usd(middle)]));
        assert!(err.starts_with(expected), "{middle}: {err}");
    }
    assert!(
        refusal(&answer(&[entry("123", "2024-06-27", "usd", "1,0")]))
            .contains("invalid currency code \"usd\"")
    );
    assert_eq!(
        refusal(&answer(&[usd("1,0"), usd("1,1")])),
        "day 2024-06-27: currency USD appears twice"
    );
    assert_eq!(
        refusal(&answer(&[entry("123", "2024-06-27", "EUR", "1,0")])),
        "day 2024-06-27: EUR is quoted against itself"
    );
}
