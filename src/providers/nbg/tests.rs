use super::*;
use crate::model::parse_date;

const RECORDED: &[u8] = include_bytes!("../../../tests/fixtures/nbg/2026-02-28.json");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn today() -> NaiveDate {
    day("2026-03-02")
}

/// An entry of the list dated `valid_from`: `quantity code = rate GEL`.
fn entry(code: &str, quantity: &str, rate: &str, valid_from: &str) -> String {
    format!(
        r#"{{"code":"{code}","quantity":{quantity},"rateFormated":"{rate}","diffFormated":"0.0018","name":"x","date":"2024-06-21T17:01:00.093Z","validFromDate":"{valid_from}T00:00:00.000Z"}}"#
    )
}

/// An entry of the list of 2024-06-25.
fn usd(quantity: &str, rate: &str) -> String {
    entry("USD", quantity, rate, "2024-06-25")
}

fn list(entries: &[String]) -> String {
    format!(
        r#"[{{"date":"2024-06-25T00:00:00.000Z","currencies":[{}]}}]"#,
        entries.join(",")
    )
}

fn refusal(body: &str) -> String {
    parse(body.as_bytes(), today()).expect_err(body)
}

fn shown(list: &DayRates, code: &str) -> String {
    list.rates()
        .iter()
        .find(|rate| rate.base.as_str() == code)
        .unwrap_or_else(|| panic!("{code}"))
        .to_string()
}

#[test]
fn the_recorded_list_is_dated_by_its_valid_from_date_with_every_printed_digit() {
    let list = parse(RECORDED, today()).expect("parses").expect("a list");
    // Asked for Monday 2026-03-02: the list in force, Saturday's.
    assert_eq!(list.date(), day("2026-02-28"));
    assert_eq!(list.home(), GEL);
    assert_eq!(list.rates().len(), 42);
    assert_eq!(shown(&list, "USD"), "1 USD = 2.6759 GEL");
    assert_eq!(shown(&list, "AMD"), "1000 AMD = 7.0960 GEL");
    assert_eq!(shown(&list, "IRR"), "10000 IRR = 0.0204 GEL");
    assert_eq!(shown(&list, "UZS"), "1000 UZS = 0.2200 GEL");
    assert_eq!(shown(&list, "CAD"), "1 CAD = 1.9576 GEL");
    assert_eq!(list.reference(), None);
}

#[test]
fn an_empty_array_or_list_is_nothing_published() {
    assert_eq!(parse(b"[]", today()), Ok(None));
    assert_eq!(parse(b" [ ]\n", today()), Ok(None));
    assert_eq!(parse(list(&[]).as_bytes(), today()), Ok(None));
}

#[test]
fn the_list_in_force_answers_its_day_and_later_ones_a_later_list_is_refused() {
    let list = || parse(RECORDED, today()).expect("parses");
    for asked in ["2026-02-28", "2026-03-01", "2026-03-02"] {
        let answered = in_force_on(day(asked), list()).expect("in force");
        assert_eq!(answered.map(|list| list.date()), Some(day("2026-02-28")));
    }
    assert_eq!(in_force_on(day("2026-03-02"), None), Ok(None));
    assert_eq!(
        in_force_on(day("2026-02-27"), list()),
        Err("asked for 2026-02-27, the list in force is dated 2026-02-28".to_owned())
    );
}

#[test]
fn a_metal_is_left_out() {
    let body = list(&[
        usd("1", "2.6759"),
        entry("XAU", "1", "391.2000", "2024-06-25"),
    ]);
    let list = parse(body.as_bytes(), today())
        .expect("parses")
        .expect("a list");
    let codes: Vec<&str> = list.rates().iter().map(|rate| rate.base.as_str()).collect();
    assert_eq!(codes, ["USD"]);
}

#[test]
fn broken_documents_are_refused() {
    let whole = std::str::from_utf8(RECORDED).expect("UTF-8");
    assert!(refusal(&whole[..whole.len() * 2 / 3]).starts_with("the JSON document ends early"));
    assert!(refusal("<html><body>Not Found</body></html>").starts_with("not JSON"));
    assert!(refusal("{}").starts_with("not the expected JSON document"));
    let without = list(&[usd("1", "2.6759").replace(r#""rateFormated":"2.6759","#, "")]);
    assert!(refusal(&without).contains("missing field `rateFormated`"));
    let two = format!(
        "[{},{}]",
        &list(&[])[1..list(&[]).len() - 1],
        &list(&[])[1..list(&[]).len() - 1]
    );
    assert_eq!(refusal(&two), "the answer holds 2 lists, not one");
    let mixed = list(&[
        usd("1", "2.6759"),
        entry("EUR", "1", "3.1581", "2024-06-26"),
    ]);
    assert_eq!(
        refusal(&mixed),
        "the list mixes dates: 2024-06-25T00:00:00.000Z (USD) and 2024-06-26T00:00:00.000Z (EUR)"
    );
}

#[test]
fn bad_rates_units_codes_and_dates_are_refused_naming_the_day_and_currency() {
    for (rate, expected) in [
        ("-2.6759", "day 2024-06-25, USD: invalid rate \"-2.6759\""),
        ("0.0000", "(a rate must be greater than zero)"),
        ("2,6759", "day 2024-06-25, USD: invalid rate \"2,6759\""),
        ("", "day 2024-06-25, USD: invalid rate \"\""),
    ] {
        let body = list(&[usd("1", "1")]).replace(
            r#""rateFormated":"1""#,
            &format!(r#""rateFormated":"{rate}""#),
        );
        let err = refusal(&body);
        assert!(err.contains(expected), "{rate}: {err}");
    }
    assert!(
        refusal(&list(&[usd("50", "1")])).starts_with("day 2024-06-25, USD: invalid unit \"50\"")
    );
    assert!(
        refusal(&list(&[usd("1.0", "1")])).starts_with("day 2024-06-25, USD: invalid unit \"1.0\"")
    );
    assert!(
        refusal(&list(&[entry("usd", "1", "1", "2024-06-25")]))
            .contains("invalid currency code \"usd\"")
    );
    assert_eq!(
        refusal(&list(&[usd("1", "1"), usd("1", "2")])),
        "day 2024-06-25: currency USD appears twice"
    );
    assert_eq!(
        refusal(&list(&[entry("GEL", "1", "1", "2024-06-25")])),
        "day 2024-06-25: GEL is quoted against itself"
    );
    assert_eq!(
        refusal(&list(&[entry("USD", "1", "1", "2999-01-04")])),
        "day 2999-01-04 is in the future"
    );
    assert_eq!(
        refusal(&list(&[usd("1", "1")]).replace("2024-06-25T00:00:00.000Z\"}", "2024-06-25\"}")),
        "invalid validFromDate \"2024-06-25\" (expected YYYY-MM-DDT00:00:00.000Z)"
    );
}
