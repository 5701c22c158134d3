//! The Treasury's answers parsed: the recorded quarters with their
//! amendments, the labels, and every refusal.

use super::*;

const SAMPLE: &[u8] =
    include_bytes!("../../../tests/fixtures/ust/rates_of_exchange-5-currencies-2026.json");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn today() -> NaiveDate {
    day("2026-12-06")
}

/// An answer of `rows`, one page.
fn answer(rows: &[String]) -> String {
    let (data, count) = (rows.join(","), rows.len());
    format!(
        r#"{{"data":[{data}],"meta":{{"count":{count},"total-count":{count},"total-pages":1}},"links":{{}}}}"#
    )
}

fn row(record: &str, effective: &str, label: &str, rate: &str) -> String {
    format!(
        r#"{{"record_date":"{record}","effective_date":"{effective}","country_currency_desc":"{label}","exchange_rate":"{rate}"}}"#
    )
}

fn refusal(rows: &[String]) -> String {
    parse(answer(rows).as_bytes(), today(), None).expect_err("refused")
}

fn shown(day: &DayRates) -> Vec<String> {
    day.rates().iter().map(ToString::to_string).collect()
}

#[test]
fn the_recorded_quarters_parse_by_effective_date_with_their_periods() {
    let days = parse(SAMPLE, today(), None).expect("the sample parses");
    let dates: Vec<String> = days
        .iter()
        .map(|day| format!("{}..{}", day.date(), day.last_day()))
        .collect();
    assert_eq!(
        dates,
        [
            "2026-03-31..2026-06-30",
            "2026-04-30..2026-06-30",
            "2026-05-29..2026-06-30",
            "2026-06-30..2026-09-30",
            "2026-07-15..2026-09-30",
            "2026-08-31..2026-09-30",
        ]
    );
    assert_eq!(
        shown(&days[0]),
        [
            "1 USD = 0.87 EUR",
            "1 USD = 3.165 ILS",
            "1 USD = 159.41 JPY",
            "1 USD = 81.55 RUB",
            "1 USD = 472.686 VES",
        ]
    );
    assert_eq!(shown(&days[1]), ["1 USD = 73.2 RUB"]);
    assert_eq!(
        shown(&days[2]),
        ["1 USD = 2.807 ILS", "1 USD = 547.998 VES"]
    );
    assert_eq!(shown(&days[5]), ["1 USD = 86.6 RUB"]);
    assert_eq!(days[3].rates().len(), 5);
}

#[test]
fn a_range_keeps_the_days_in_force_on_some_day_of_it() {
    let asked = Some((day("2026-05-01"), day("2026-05-31")));
    let days = parse(SAMPLE, today(), asked).expect("parses");
    let dates: Vec<NaiveDate> = days.iter().map(DayRates::date).collect();
    assert_eq!(
        dates,
        [day("2026-03-31"), day("2026-04-30"), day("2026-05-29")]
    );
}

#[test]
fn figures_keep_every_printed_digit() {
    let body = answer(&[row("2026-03-31", "2026-03-31", "Korea-Won", "1420.0")]);
    let days = parse(body.as_bytes(), today(), None).expect("parses");
    assert_eq!(shown(&days[0]), ["1 USD = 1420.0 KRW"]);
}

#[test]
fn an_empty_list_is_nothing_published() {
    let body = br#"{"data":[],"meta":{"count":0,"total-count":0,"total-pages":0},"links":{}}"#;
    assert_eq!(parse(body, today(), None), Ok(Vec::new()));
}

#[test]
fn quarters_end_and_periods_run_to_the_end_of_the_next() {
    for (record, until) in [
        ("2026-03-31", "2026-06-30"),
        ("2026-06-30", "2026-09-30"),
        ("2026-09-30", "2026-12-31"),
        ("2025-12-31", "2026-03-31"),
    ] {
        assert_eq!(in_force_until(day(record)), day(until), "{record}");
    }
    for (from, end) in [
        ("2024-06-24", "2024-03-31"),
        ("2024-06-30", "2024-06-30"),
        ("2026-01-01", "2025-12-31"),
        ("2026-12-31", "2026-12-31"),
        ("2026-10-01", "2026-09-30"),
    ] {
        assert_eq!(quarter_end_on_or_before(day(from)), day(end), "{from}");
    }
}

#[test]
fn labels_of_one_currency_are_one_rate_when_they_agree_and_refused_when_not() {
    let agree = answer(&[
        row("2026-03-31", "2026-03-31", "Benin-Cfa Franc", "570.0"),
        row("2026-03-31", "2026-03-31", "Togo-Cfa Franc", "570.0"),
        row("2026-03-31", "2026-03-31", "Euro Zone-Euro", "0.87"),
        row("2026-03-31", "2026-03-31", "Germany-Euro", "0.870"),
    ]);
    let days = parse(agree.as_bytes(), today(), None).expect("agree");
    assert_eq!(shown(&days[0]), ["1 USD = 570.0 XOF", "1 USD = 0.87 EUR"]);
    assert_eq!(
        refusal(&[
            row("2026-03-31", "2026-03-31", "Benin-Cfa Franc", "570.0"),
            row("2026-03-31", "2026-03-31", "Togo-Cfa Franc", "571.0"),
        ]),
        "day 2026-03-31: XOF is 570.0 under \"Benin-Cfa Franc\" and 571.0 under \"Togo-Cfa Franc\""
    );
}

#[test]
fn the_dollars_own_labels_at_one_are_no_rate_and_at_anything_else_refused() {
    let body = answer(&[
        row("2026-03-31", "2026-03-31", "Ecuador-Dolares", "1.0"),
        row("2026-03-31", "2026-03-31", "Palau-Dollar", "1"),
        row("2026-03-31", "2026-03-31", "Bermuda-Dollar", "1.0"),
    ]);
    let days = parse(body.as_bytes(), today(), None).expect("parses");
    assert_eq!(shown(&days[0]), ["1 USD = 1.0 BMD"]);
    assert_eq!(
        refusal(&[row("2026-03-31", "2026-03-31", "Panama-Dolares", "1.01")]),
        "day 2026-03-31: Panama-Dolares is the US dollar, listed at 1.01 instead of 1"
    );
}

#[test]
fn an_unknown_label_is_refused_naming_it() {
    assert_eq!(
        refusal(&[row("2026-03-31", "2026-03-31", "Atlantis-Doubloon", "3.5")]),
        "day 2026-03-31: unknown currency label \"Atlantis-Doubloon\" (not in fxrates' table of the Treasury's labels)"
    );
}

#[test]
fn every_label_of_the_recording_is_known() {
    let answer: Answer = serde_json::from_slice(SAMPLE).expect("JSON");
    for row in &answer.data {
        assert!(
            labels::meaning(&row.country_currency_desc).is_some(),
            "{}",
            row.country_currency_desc
        );
    }
}

#[test]
fn one_effective_date_of_two_record_dates_is_refused() {
    assert_eq!(
        refusal(&[
            row("2026-03-31", "2026-06-30", "Japan-Yen", "160.0"),
            row("2026-06-30", "2026-06-30", "Euro Zone-Euro", "0.877"),
        ]),
        "day 2026-06-30: rows of the record dates 2026-03-31 and 2026-06-30 take effect on it; \
         which quarter's period it starts is unclear"
    );
}

#[test]
fn an_amendment_after_its_period_is_refused() {
    assert_eq!(
        refusal(&[row("2026-03-31", "2026-07-15", "Japan-Yen", "160.0")]),
        "day 2026-07-15: a period ending on 2026-06-30 ends before it starts"
    );
}

#[test]
fn bad_rates_dates_and_documents_are_refused() {
    for (rate, expected) in [
        (
            "-1",
            "invalid rate \"-1\" (expected a positive decimal number)",
        ),
        (
            "0.0",
            "invalid rate \"0.0\" (a rate must be greater than zero)",
        ),
        ("n/a", "invalid rate \"n/a\""),
        ("1e3", "invalid rate \"1e3\""),
        ("", "invalid rate \"\""),
    ] {
        let err = refusal(&[row("2026-03-31", "2026-03-31", "Japan-Yen", rate)]);
        assert!(
            err.starts_with(&format!("day 2026-03-31, Japan-Yen: {expected}")),
            "{err}"
        );
    }
    let null = answer(&[String::from(
        r#"{"record_date":"2026-03-31","effective_date":"2026-03-31","country_currency_desc":"Japan-Yen","exchange_rate":null}"#,
    )]);
    assert_eq!(
        parse(null.as_bytes(), today(), None),
        Err("day 2026-03-31, Japan-Yen: no rate".to_owned())
    );
    assert_eq!(
        refusal(&[row("2999-03-31", "2999-03-31", "Japan-Yen", "150.0")]),
        "day 2999-03-31 is in the future"
    );
    assert_eq!(
        refusal(&[row("2000-12-31", "2000-12-31", "Japan-Yen", "150.0")]),
        "day 2000-12-31 is before the first reference rates (2001-03-31)"
    );
    let whole = std::str::from_utf8(SAMPLE).expect("UTF-8");
    let cut = parse(&SAMPLE[..whole.len() * 2 / 3], today(), None).expect_err("cut");
    assert!(cut.starts_with("the JSON document ends early"), "{cut}");
    let html = parse(b"<html>502</html>", today(), None).expect_err("html");
    assert!(html.starts_with("not JSON"), "{html}");
    let no_meta = parse(br#"{"data":[]}"#, today(), None).expect_err("no meta");
    assert!(no_meta.contains("missing field `meta`"), "{no_meta}");
}

#[test]
fn error_bodies_give_their_message() {
    let body = br#"{"error":"Invalid Query Param","message":"Invalid query parameter 'sorts' with value '[record_date]'."}"#;
    assert_eq!(
        explain(body).as_deref(),
        Some("Invalid query parameter 'sorts' with value '[record_date]'.")
    );
    assert_eq!(explain(b"<html>502</html>"), None);
}
