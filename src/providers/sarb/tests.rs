use super::*;
use crate::model::parse_date;

const EXCB120D: &str =
    include_str!("../../../tests/fixtures/sarb/EXCB120D-2026-03-23-2026-03-27.json");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn week(body: &str, direction: Direction) -> Result<Vec<(NaiveDate, Rate)>, String> {
    let yen = ("EXCB120D", CurrencyCode::from_static(b"JPY"), direction);
    parse(
        body.as_bytes(),
        &yen,
        day("2026-03-27"),
        day("2026-03-23"),
        day("2026-03-27"),
    )
}

fn observation(period: &str, text: &str, value: &str) -> String {
    format!(
        r#"{{"Period":"{period}","Timeseries":"{text}","Description":"…","Value":{value},"FormatNumber":"0.0000","FormatDate":"yyyy-MM-dd"}}"#
    )
}

#[test]
fn the_recorded_series_keeps_its_printed_digits_oldest_first() {
    let yen = week(EXCB120D, Direction::PerRand).expect("valid");
    let shown: Vec<String> = yen.iter().map(|(d, r)| format!("{d} {r}")).collect();
    // 2026-03-23 has no rate: absent. 9.4160 keeps its trailing zero.
    assert_eq!(
        shown,
        [
            "2026-03-24 9.3617",
            "2026-03-25 9.4160",
            "2026-03-26 9.3581",
            "2026-03-27 9.3324"
        ]
    );
    assert_eq!(week("[]", Direction::PerRand), Ok(Vec::new()));
}

#[test]
fn a_series_read_the_other_way_than_the_table_says_is_refused() {
    let err = week(EXCB120D, Direction::RandPerUnit).expect_err("direction");
    assert!(
        err.contains(r#"printed as "Japan: Yen per Rand", not "Rand per …""#),
        "{err}"
    );
    for text in ["Rand per US Dollar", "Yen", "Rand per Rand", ""] {
        let body = format!("[{}]", observation("2026-03-24T00:00:00", text, "9.3617"));
        let err = week(&body, Direction::PerRand).expect_err(text);
        assert!(err.contains("not \"… per Rand\""), "{text}: {err}");
    }
    let mixed = format!(
        "[{},{}]",
        observation("2026-03-25T00:00:00", "Japan: Yen per Rand", "9.4160"),
        observation("2026-03-24T00:00:00", "China: Yuan per Rand", "0.4068")
    );
    let err = week(&mixed, Direction::PerRand).expect_err("mixed");
    assert!(err.contains("and as \"China: Yuan per Rand\""), "{err}");
}

#[test]
fn bad_periods_values_and_orders_are_refused() {
    let yen = |period: &str, value: &str| observation(period, "Japan: Yen per Rand", value);
    for (body, expected) in [
        (yen("2026-03-24T00:00:00", "-1.5"), "greater than zero"),
        (yen("2026-03-24T00:00:00", r#""9.36""#), "expected a number"),
        (yen("2026-03-24T00:00:00", "null"), "expected a number"),
        (yen("2026-03-24T12:00:00", "9.36"), "invalid period"),
        (yen("24/03/2026", "9.36"), "invalid period"),
        (yen("2026-03-20T00:00:00", "9.36"), "outside the days asked"),
        (yen("2999-01-04T00:00:00", "9.36"), "in the future"),
        (
            format!(
                "{},{}",
                yen("2026-03-24T00:00:00", "9.36"),
                yen("2026-03-25T00:00:00", "9.37")
            ),
            "day 2026-03-25 is repeated or out of order",
        ),
        (
            format!(
                "{},{}",
                yen("2026-03-24T00:00:00", "9.36"),
                yen("2026-03-24T00:00:00", "9.37")
            ),
            "day 2026-03-24 is repeated",
        ),
    ] {
        let err = week(&format!("[{body}]"), Direction::PerRand).expect_err(&body);
        assert!(err.contains(expected), "{body}: {err}");
    }
    let no_value = r#"[{"Period":"2026-03-24T00:00:00","Timeseries":"Japan: Yen per Rand"}]"#;
    assert!(
        week(no_value, Direction::PerRand)
            .expect_err("missing")
            .contains("missing field `Value`")
    );
    assert!(
        week("<html>", Direction::PerRand)
            .expect_err("html")
            .starts_with("not JSON")
    );
    assert!(
        week(r#"{"Period":"x"}"#, Direction::PerRand)
            .expect_err("object")
            .starts_with("not the expected JSON document")
    );
}

#[test]
fn the_table_has_each_code_and_currency_once_three_in_rand() {
    for (i, (id, code, _)) in SERIES.iter().enumerate() {
        assert!(id.starts_with("EXC") && id.ends_with('D'), "{id}");
        assert!(SERIES[..i].iter().all(|(earlier, _, _)| earlier != id));
        assert!(SERIES[..i].iter().all(|(_, earlier, _)| earlier != code));
        assert_ne!(*code, ZAR);
    }
    let in_rand: Vec<&str> = SERIES
        .iter()
        .filter(|(_, _, direction)| *direction == Direction::RandPerUnit)
        .map(|(id, code, _)| {
            assert!(["USD", "GBP", "EUR"].contains(&code.as_str()), "{id}");
            *id
        })
        .collect();
    assert_eq!(in_rand, ["EXCX135D", "EXCZ001D", "EXCZ002D"]);
    let yen = SERIES.iter().find(|(id, ..)| *id == "EXCB120D");
    assert_eq!(
        yen,
        Some(&("EXCB120D", "JPY".parse().expect("code"), Direction::PerRand))
    );
}

#[test]
fn paths_carry_the_code_and_midnight_dates() {
    assert_eq!(
        path("EXCB120D", day("2026-03-23"), day("2026-03-27")),
        "GetTimeseriesObservations/EXCB120D/2026-03-23T00:00:00/2026-03-27T00:00:00"
    );
}

#[test]
fn the_bank_is_official_and_at_home_in_rand() {
    assert_eq!(INFO.home, Home::Fixed(ZAR));
    assert_eq!(INFO.figures, Figures::Official);
    assert!(ZMW_FROM == day("2013-01-01"));
}
