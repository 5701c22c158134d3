//! The Bank of Thailand parser against its recording and hand-written
//! answers.

use super::*;

const RECORDED: &[u8] =
    include_bytes!("../../../tests/fixtures/bot/DAILY_AVG_EXG_RATE-2026-04-03.json");
const NOTHING: &[u8] = include_bytes!("../../../tests/fixtures/bot/nothing-published.json");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

/// A record of `period` for `code` named `name`, its figures buying
/// sight, buying transfer, selling and mid.
fn record(period: &str, code: &str, name: &str, figures: [&str; 4]) -> String {
    let [sight, transfer, selling, mid] = figures;
    format!(
        r#"{{"period":"{period}","currency_id":"{code}","currency_name_th":"","currency_name_eng":"{name}","buying_sight":"{sight}","buying_transfer":"{transfer}","selling":"{selling}","mid_rate":"{mid}"}}"#
    )
}

/// A USD record of `period` with `figures`.
fn usd(period: &str, figures: [&str; 4]) -> String {
    record(period, "USD", "USA : DOLLAR (USD) ", figures)
}

const USD: [&str; 4] = ["36.6172000", "36.6780000", "36.9706000", "36.8243000"];

/// An answer holding `records`, for the window 2024-06-24..2024-06-28.
fn answer(records: &[String]) -> Result<Vec<DayRates>, String> {
    let body = format!(
        r#"{{"result":{{"timestamp":"2024-06-29 09:00:00","api":"x","data":{{"data_header":{{}},"data_detail":[{}]}}}}}}"#,
        records.join(",")
    );
    parse(
        body.as_bytes(),
        day("2024-07-01"),
        day("2024-06-24"),
        day("2024-06-28"),
    )
}

fn refusal(records: &[String]) -> String {
    answer(records).expect_err("refused")
}

fn shown(day: &DayRates) -> Vec<String> {
    day.rates().iter().map(ToString::to_string).collect()
}

#[test]
fn the_recorded_day_parses_to_every_series_digit_and_unit() {
    let asked = day("2026-04-03");
    let days = parse(RECORDED, day("2026-04-05"), asked, asked).expect("valid");
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].date(), asked);
    assert_eq!(days[0].home(), THB);
    assert_eq!(days[0].rates().len(), 19 * 4);
    let shown = shown(&days[0]);
    for printed in [
        "1 USD = 32.6448000 THB",
        "1 USD = 32.8039000 THB (selling)",
        "1 USD = 32.4857000 THB (buying)",
        "1 USD = 32.4127000 THB (buying-sight)",
        "100 JPY = 20.4832000 THB",
        "1000 IDR = 1.7699000 THB (buying-sight)",
        "1 GBP = 43.1528000 THB",
    ] {
        assert!(shown.contains(&printed.to_owned()), "{printed}: {shown:?}");
    }
}

#[test]
fn a_blank_record_or_no_record_is_nothing_published() {
    let asked = day("2026-04-05");
    assert_eq!(parse(NOTHING, asked, asked, asked), Ok(Vec::new()));
    assert_eq!(answer(&[]), Ok(Vec::new()));
}

#[test]
fn an_empty_figure_is_no_value_and_a_record_without_any_no_rate() {
    let days = answer(&[
        usd("2024-06-27", ["", "36.8209000", "37.1162000", ""]),
        record(
            "2024-06-27",
            "PKR",
            "PAKISTAN : RUPEE (PKR)",
            ["", "", "", ""],
        ),
        record(
            "2024-06-28",
            "PKR",
            "PAKISTAN : RUPEE (PKR)",
            ["", "", "", ""],
        ),
    ])
    .expect("valid");
    assert_eq!(days.len(), 1);
    assert_eq!(
        shown(&days[0]),
        [
            "1 USD = 37.1162000 THB (selling)",
            "1 USD = 36.8209000 THB (buying)"
        ]
    );
}

#[test]
fn units_are_read_from_the_english_name() {
    for (name, count) in [
        ("JAPAN : YEN (100 YEN) (JPY) ", 100),
        ("INDONESIA : RUPIAH (1,000 RUPIAH) (IDR)", 1000),
        ("VIETNAM : DONG (1000 DONG) (VND)", 1000),
        ("UNITED KINGDOM : POUND STERING (GBP)", 1),
        ("", 1),
    ] {
        assert_eq!(unit(name).map(Unit::count), Ok(count), "{name}");
    }
    for (name, refusal) in [
        ("X (1.000 RUPIAH) (IDR)", "invalid unit \"1.000\""),
        ("X (10,00 RUPIAH) (IDR)", "invalid unit \"10,00\""),
        ("X (1000,000 RUPIAH) (IDR)", "invalid unit \"1000,000\""),
        ("X (100) (JPY)", "invalid unit \"100)\""),
        ("X (1000RUPIAH)", "unreadable unit"),
    ] {
        assert!(unit(name).expect_err(name).starts_with(refusal), "{name}");
    }
    assert!(
        unit("X (5 YEN) (JPY)")
            .expect_err("5")
            .starts_with("invalid unit \"5\"")
    );
}

#[test]
fn bad_figures_days_and_repeats_are_refused_naming_the_day_and_currency() {
    assert_eq!(
        refusal(&[usd("2024-06-27", ["36.6", "-1", "37.1", "36.8"])]),
        "day 2024-06-27, USD buying: invalid rate \"-1\" (expected a positive decimal number)"
    );
    assert!(
        refusal(&[usd("2024-06-27", ["36.6", "36.7", "37.1", "36,8"])])
            .starts_with("day 2024-06-27, USD mid: invalid rate \"36,8\"")
    );
    assert_eq!(
        refusal(&[usd("2024-06-27", USD), usd("2024-06-27", USD)]),
        "day 2024-06-27: currency USD appears twice"
    );
    assert_eq!(
        refusal(&[usd("2024-07-05", USD)]),
        "day 2024-07-05 is in the future"
    );
    assert_eq!(
        refusal(&[usd("2024-06-21", USD)]),
        "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)"
    );
    assert_eq!(
        refusal(&[usd("27/06/2024", USD)]),
        "invalid date \"27/06/2024\" (expected YYYY-MM-DD) in period"
    );
    assert_eq!(
        refusal(&[usd("", USD)]),
        "invalid date \"\" (expected YYYY-MM-DD) in period"
    );
    assert!(
        refusal(&[record("2024-06-27", "", "X", USD)])
            .starts_with("day 2024-06-27: invalid currency code \"\"")
    );
}

#[test]
fn broken_documents_are_refused() {
    let text = std::str::from_utf8(RECORDED).expect("UTF-8");
    let refused = |text: &str| {
        let asked = day("2026-04-03");
        parse(text.as_bytes(), day("2026-04-05"), asked, asked).expect_err(text)
    };
    assert!(refused(&text[..text.len() / 2]).starts_with("the JSON document ends early"));
    assert!(refused("<html><body>Error</body></html>").starts_with("not JSON"));
    assert!(refused(r#"{"message":"Unauthorized"}"#).contains("missing field `result`"));
    let without_mid = text.replacen(r#","mid_rate":"32.6448000""#, "", 1);
    assert!(refused(&without_mid).contains("missing field `mid_rate`"));
}

#[test]
fn the_gateway_error_body_is_quoted() {
    assert_eq!(
        explain(br#"{"httpCode":"401","httpMessage":"Unauthorized","moreInformation":"Invalid client id or secret."}"#)
            .as_deref(),
        Some("Invalid client id or secret.")
    );
    assert_eq!(
        explain(br#"{"message":"Unauthorized"}"#).as_deref(),
        Some("Unauthorized")
    );
    assert_eq!(explain(b"<html>401</html>"), None);
    assert_eq!(explain(b"{}"), None);
}
