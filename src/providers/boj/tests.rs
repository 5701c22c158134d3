use super::*;
use crate::model::parse_date;

const MARCH: &[u8] = include_bytes!("../../../tests/fixtures/boj/FM08-2026-03.json");
const RECORDED: &[u8] = include_bytes!("../../../tests/fixtures/boj/FXERD34-2026-03.json");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn today() -> NaiveDate {
    day("2026-10-01")
}

fn march(body: &[u8]) -> Result<Vec<DayRates>, String> {
    parse(body, today(), day("2026-03-01"), day("2026-03-31"))
}

fn refusal(body: &str) -> String {
    march(body.as_bytes()).expect_err(body)
}

/// An answer holding `series`, status 200.
fn answer(series: &[String]) -> String {
    format!(
        r#"{{"STATUS":200,"MESSAGEID":"M181000I","MESSAGE":"Successfully completed","NEXTPOSITION":null,"RESULTSET":[{}]}}"#,
        series.join(",")
    )
}

fn series(code: &str, unit: &str, dates: &str, values: &str) -> String {
    format!(
        r#"{{"SERIES_CODE":"{code}","UNIT":"{unit}","VALUES":{{"SURVEY_DATES":[{dates}],"VALUES":[{values}]}}}}"#
    )
}

fn yen(values: &str) -> String {
    series(
        "FXERD04",
        "Yen per U.S. Dollar",
        "20260302,20260303",
        values,
    )
}

fn euro(values: &str) -> String {
    series(
        "FXERD34",
        "U.S. Dollar per Euro",
        "20260302,20260303",
        values,
    )
}

fn shown(day: &DayRates) -> Vec<String> {
    day.rates().iter().map(ToString::to_string).collect()
}

#[test]
fn each_series_is_stored_in_the_direction_its_unit_prints() {
    let days = march(MARCH).expect("the fixture parses");
    assert_eq!(days.len(), 19);
    assert_eq!(days[0].date(), day("2026-03-02"));
    assert_eq!(days[0].home(), USD);
    assert_eq!(
        shown(&days[0]),
        ["1 USD = 156.92 JPY", "1 EUR = 1.1716 USD"]
    );
    // Trailing zeros dropped by the Bank stay dropped.
    let tenth = days
        .iter()
        .find(|d| d.date() == day("2026-03-10"))
        .expect("10th");
    assert_eq!(shown(tenth), ["1 USD = 159.1 JPY", "1 EUR = 1.166 USD"]);
    // Weekends and the holiday of 20 March are null: no day.
    assert!(days.iter().all(|d| d.date() != day("2026-03-20")));
}

#[test]
fn days_of_the_months_outside_the_days_asked_for_are_left_out() {
    let days = parse(MARCH, today(), day("2026-03-10"), day("2026-03-12")).expect("parses");
    let dates: Vec<NaiveDate> = days.iter().map(DayRates::date).collect();
    assert_eq!(
        dates,
        [day("2026-03-10"), day("2026-03-11"), day("2026-03-12")]
    );
    assert_eq!(
        parse(MARCH, today(), day("2026-04-01"), day("2026-04-30")).expect_err("April"),
        "day 2026-03-01 is outside the days asked for (2026-04-01..2026-04-30)"
    );
}

#[test]
fn no_data_and_all_null_are_nothing_published() {
    let none =
        br#"{"STATUS":200,"MESSAGEID":"M181030I","MESSAGE":"There is no data.","RESULTSET":[]}"#;
    assert_eq!(march(none), Ok(Vec::new()));
    let nulls = answer(&[yen("null,null"), euro("null,null")]);
    assert_eq!(march(nulls.as_bytes()), Ok(Vec::new()));
}

#[test]
fn the_query_names_both_series_and_the_months() {
    assert_eq!(
        query(day("2026-03-20"), day("2026-12-31")),
        "format=json&lang=en&db=FM08&code=FXERD04,FXERD34&startDate=202603&endDate=202612"
    );
}

#[test]
fn the_banks_refusals_and_more_pages_are_refused() {
    let bad =
        r#"{"STATUS":400,"MESSAGEID":"M181005E","MESSAGE":"Invalid DB name.","RESULTSET":[]}"#;
    assert_eq!(
        refusal(bad),
        "the Bank refused the request: Invalid DB name. (M181005E)"
    );
    assert_eq!(
        explain(bad.as_bytes()).as_deref(),
        Some("Invalid DB name. (M181005E)")
    );
    assert_eq!(explain(b"<html>500</html>"), None);
    let more = answer(&[yen("1,2"), euro("1,2")])
        .replace(r#""NEXTPOSITION":null"#, r#""NEXTPOSITION":251"#);
    assert_eq!(
        refusal(&more),
        "the answer continues at NEXTPOSITION 251: not read"
    );
}

#[test]
fn series_missing_repeated_unknown_or_of_another_unit_are_refused() {
    // The recording holds the euro's series alone.
    assert_eq!(
        march(RECORDED).expect_err("one series"),
        "series FXERD04 is missing from the answer"
    );
    assert_eq!(
        refusal(&answer(&[yen("1,2"), yen("1,2"), euro("1,2")])),
        "series FXERD04 appears twice"
    );
    let other = series("FXERD01", "Yen per U.S. Dollar", "20260302", "150");
    assert_eq!(
        refusal(&answer(&[yen("1,2"), euro("1,2"), other])),
        "unknown series \"FXERD01\""
    );
    let per_yen = yen("1,2").replace("Yen per U.S. Dollar", "U.S. Dollar per Yen");
    assert_eq!(
        refusal(&answer(&[per_yen, euro("1,2")])),
        "series FXERD04: unit \"U.S. Dollar per Yen\", expected \"Yen per U.S. Dollar\""
    );
}

#[test]
fn bad_dates_and_values_are_refused() {
    let whole = std::str::from_utf8(MARCH).expect("UTF-8");
    assert!(refusal(&whole[..whole.len() * 2 / 3]).starts_with("the JSON document ends early"));
    assert!(refusal("<html></html>").starts_with("not JSON"));
    assert!(refusal("[]").starts_with("not the expected JSON document"));
    assert_eq!(
        refusal(&answer(&[yen("1"), euro("1,2")])),
        "series FXERD04: 2 dates and 1 values"
    );
    let swapped = series("FXERD04", "Yen per U.S. Dollar", "20260303,20260302", "1,2");
    assert_eq!(
        refusal(&answer(&[swapped, euro("1,2")])),
        "series FXERD04: day 2026-03-02 repeated or out of order"
    );
    let bad_date = series("FXERD04", "Yen per U.S. Dollar", "20260332", "1");
    assert_eq!(
        refusal(&answer(&[bad_date, euro("1,2")])),
        "series FXERD04: invalid date 20260332 (expected YYYYMMDD)"
    );
    for value in ["-1", "0", "\"158.8\""] {
        let err = refusal(&answer(&[yen(&format!("{value},2")), euro("1,2")]));
        assert!(
            err.starts_with("day 2026-03-02, FXERD04: invalid rate"),
            "{value}: {err}"
        );
    }
    let ahead = series("FXERD04", "Yen per U.S. Dollar", "20261003", "150");
    let ahead = answer(&[
        ahead,
        series("FXERD34", "U.S. Dollar per Euro", "20261003", "null"),
    ]);
    assert_eq!(
        parse(
            ahead.as_bytes(),
            today(),
            day("2026-10-01"),
            day("2026-10-31")
        )
        .expect_err("ahead"),
        "day 2026-10-03 is in the future"
    );
}
