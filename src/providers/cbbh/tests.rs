use super::*;
use crate::model::parse_date;

const RECORDED: &[u8] = include_bytes!("../../../tests/fixtures/cbbh/2026-09-24..2026-09-24.json");
const OLD: &[u8] = include_bytes!("../../../tests/fixtures/cbbh/1998-01-06..1998-01-06.json");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn today() -> NaiveDate {
    day("2026-10-01")
}

/// An answer of one list of 2024-06-27 holding `items` (JSON text).
fn list(date: &str, items: &str) -> String {
    format!(r#"[{{"CurrencyExchangeItems":[{items}],"Date":"{date}","Comments":[],"Number":123}}]"#)
}

fn item(code: &str, units: &str, buy: &str, middle: &str, sell: &str) -> String {
    format!(
        r#"{{"Country":"X","NumCode":"840","AlphaCode":"{code}","Units":"{units}","Buy":"{buy}","Middle":"{middle}","Sell":"{sell}","Star":null}}"#
    )
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
        .find(|rate| rate.base.as_str() == code && rate.series == series)
        .unwrap_or_else(|| panic!("{code} {series} on {}", day.date()));
    rate.to_string()
}

#[test]
fn the_recorded_list_parses_to_every_printed_digit() {
    let asked = day("2026-09-24");
    let days = parse(RECORDED, today(), asked, asked).expect("the recording parses");
    assert_eq!(days.len(), 1);
    let list = &days[0];
    assert_eq!(list.date(), asked);
    assert_eq!(list.reference(), Some("188/2026"));
    // 16 currencies print three figures, the SDR only its middle.
    assert_eq!(list.rates().len(), 16 * 3 + 1);
    assert_eq!(shown(list, "EUR", Series::Mid), "1 EUR = 1.95583 BAM");
    assert_eq!(
        shown(list, "USD", Series::Buying),
        "1 USD = 1.709702 BAM (buying)"
    );
    assert_eq!(shown(list, "USD", Series::Mid), "1 USD = 1.713987 BAM");
    assert_eq!(
        shown(list, "USD", Series::Selling),
        "1 USD = 1.718272 BAM (selling)"
    );
    assert_eq!(
        shown(list, "HUF", Series::Selling),
        "100 HUF = 0.53823 BAM (selling)"
    );
    assert_eq!(shown(list, "RSD", Series::Mid), "100 RSD = 1.665592 BAM");
    assert_eq!(shown(list, "XDR", Series::Mid), "1 XDR = 2.328279 BAM");
    let xdr: Vec<Series> = list
        .rates()
        .iter()
        .filter(|rate| rate.base.as_str() == "XDR")
        .map(|rate| rate.series)
        .collect();
    assert_eq!(xdr, [Series::Mid]);
}

#[test]
fn the_1998_codes_and_the_peg_are_stored_as_published_and_empty_figures_skipped() {
    let first = day("1998-01-06");
    let days = parse(OLD, today(), first, first).expect("the 1998 list parses");
    let list = &days[0];
    assert_eq!(list.reference(), Some("1/1998"));
    assert_eq!(shown(list, "DEM", Series::Mid), "100 DEM = 100 BAM");
    assert_eq!(shown(list, "ESB", Series::Mid), "100 ESB = 1.18212341 BAM");
    assert_eq!(
        shown(list, "XBA", Series::Buying),
        "1 XBA = 1.97048735 BAM (buying)"
    );
    assert!(list.rates().iter().all(|rate| rate.base.as_str() != "KWD"));
    assert_eq!(list.rates().len(), 12);
}

#[test]
fn a_list_outside_the_days_asked_for_or_in_the_future_is_refused() {
    let err = parse(RECORDED, today(), day("2026-09-25"), day("2026-09-26")).expect_err("24th");
    assert_eq!(
        err,
        "day 2026-09-24 is outside the days asked for (2026-09-25..2026-09-26)"
    );
    // Tomorrow's list is out the afternoon before: accepted.
    let early = parse(
        RECORDED,
        day("2026-09-23"),
        day("2026-09-24"),
        day("2026-09-24"),
    );
    assert!(early.is_ok(), "{early:?}");
    let usd = item("USD", "1", "1.8", "1.81", "1.82");
    assert_eq!(
        parse(
            list("2999-01-04T00:00:00", &usd).as_bytes(),
            today(),
            day("2999-01-01"),
            day("2999-01-31")
        )
        .expect_err("future"),
        "day 2999-01-04 is in the future"
    );
    assert_eq!(
        parse(
            list("1997-12-30T00:00:00", &usd).as_bytes(),
            today(),
            day("1997-12-01"),
            day("1998-01-31")
        )
        .expect_err("before"),
        "day 1997-12-30 is before the first reference rates (1998-01-06)"
    );
}

#[test]
fn broken_documents_are_refused() {
    let whole = std::str::from_utf8(RECORDED).expect("UTF-8");
    assert!(refusal(&whole[..whole.len() * 2 / 3]).starts_with("the JSON document ends early"));
    assert!(refusal("<html><body>Service unavailable</body></html>").starts_with("not JSON"));
    assert_eq!(refusal("[]"), "the answer holds no list");
    assert!(refusal(r#""Problem with export""#).starts_with("not the expected JSON document"));
    let usd = item("USD", "1", "1.8", "1.81", "1.82");
    assert_eq!(
        refusal(&list("2024-06-27T00:00:00", "")),
        "day 2024-06-27 has no rates"
    );
    assert_eq!(
        refusal(&list("2024-06-27", &usd)),
        "invalid date \"2024-06-27\" (expected YYYY-MM-DDT00:00:00)"
    );
    assert_eq!(
        refusal(&list("2024-06-27T00:00:00", &usd).replace("123", "0")),
        "day 2024-06-27: the list is numbered 0"
    );
    let renamed = list("2024-06-27T00:00:00", &usd.replace("Middle", "Srednji"));
    assert!(
        refusal(&renamed).contains("missing field `Middle`"),
        "{renamed}"
    );
    let one = list("2024-06-27T00:00:00", &usd);
    let twice = format!("[{},{}]", &one[1..one.len() - 1], &one[1..one.len() - 1]);
    assert_eq!(
        refusal(&twice),
        "day 2024-06-27 follows 2024-06-27: repeated or out of order"
    );
}

#[test]
fn bad_figures_units_and_codes_are_refused_naming_the_day_and_currency() {
    for (units, middle, expected) in [
        (
            "1",
            "-1.81",
            "day 2024-06-27, USD Middle: invalid rate \"-1.81\"",
        ),
        (
            "1",
            "0.000000",
            "day 2024-06-27, USD Middle: invalid rate \"0.000000\" (a rate must be greater than zero)",
        ),
        (
            "1",
            "1,81",
            "day 2024-06-27, USD Middle: invalid rate \"1,81\"",
        ),
        (
            "1",
            "NaN",
            "day 2024-06-27, USD Middle: invalid rate \"NaN\"",
        ),
        ("50", "1.81", "day 2024-06-27, USD: invalid unit \"50\""),
        ("", "1.81", "day 2024-06-27, USD: invalid unit \"\""),
    ] {
        let body = list(
            "2024-06-27T00:00:00",
            &item("USD", units, "1.8", middle, "1.82"),
        );
        let err = refusal(&body);
        assert!(err.starts_with(expected), "{units} {middle}: {err}");
    }
    let lower = list(
        "2024-06-27T00:00:00",
        &item("usd", "1", "1.8", "1.81", "1.82"),
    );
    assert!(refusal(&lower).contains("invalid currency code \"usd\""));
    let usd = item("USD", "1", "1.8", "1.81", "1.82");
    let twice = list("2024-06-27T00:00:00", &format!("{usd},{usd}"));
    assert_eq!(
        refusal(&twice),
        "day 2024-06-27: currency USD appears twice"
    );
    let home = list("2024-06-27T00:00:00", &item("BAM", "1", "1", "1", "1"));
    assert_eq!(
        refusal(&home),
        "day 2024-06-27: BAM is quoted against itself"
    );
}

#[test]
fn only_the_documented_404_body_is_nothing_published() {
    assert!(is_nothing_published(br#""Problem with export""#));
    assert!(is_nothing_published(b"\"Problem with export\"\r\n"));
    for other in [
        &br#""Problem with something else""#[..],
        b"Problem with export",
        br#"["Problem with export"]"#,
        b"<html>Not Found</html>",
        b"",
    ] {
        assert!(
            !is_nothing_published(other),
            "{}",
            String::from_utf8_lossy(other)
        );
    }
    assert_eq!(
        explain(br#""Invalid date""#).as_deref(),
        Some("Invalid date")
    );
    assert_eq!(explain(b"<html>Not Found</html>"), None);
}
