use super::*;
use crate::model::parse_date;

const RECORDED: &[u8] =
    include_bytes!("../../../tests/fixtures/hkma/er-eeri-daily-2026-02-27..2026-02-28.json");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn today() -> NaiveDate {
    day("2026-04-15")
}

fn february(body: &[u8]) -> Result<Page, String> {
    parse(body, today(), day("2026-02-01"), day("2026-02-28"))
}

fn refusal(body: &str) -> String {
    february(body.as_bytes()).expect_err(body)
}

/// A page holding `records`, its `datasize` their count.
fn page(records: &[&str]) -> String {
    format!(
        r#"{{"header":{{"success":true,"err_code":"0000","err_msg":"No error found"}},"result":{{"datasize":{},"records":[{}]}}}}"#,
        records.len(),
        records.join(",")
    )
}

fn shown(day: &DayRates) -> Vec<String> {
    day.rates().iter().map(ToString::to_string).collect()
}

#[test]
fn every_figure_is_hkd_per_unit_as_the_json_number_was_sent() {
    let page = february(RECORDED).expect("the recording parses");
    assert_eq!(page.records, 2);
    let [friday, saturday] = &page.days[..] else {
        panic!("two days: {:?}", page.days);
    };
    assert_eq!(friday.date(), day("2026-02-27"));
    assert_eq!(friday.home(), HKD);
    assert_eq!(
        shown(friday),
        [
            "1 USD = 7.825 HKD",
            "1 GBP = 10.536 HKD",
            "1 JPY = 0.05015 HKD",
            "1 CAD = 5.7235 HKD",
            "1 AUD = 5.574 HKD",
            "1 SGD = 6.188 HKD",
            "1 TWD = 0.255 HKD",
            "1 CHF = 10.1195 HKD",
            "1 CNY = 1.1417 HKD",
            "1 KRW = 0.005433 HKD",
            "1 THB = 0.25235 HKD",
            "1 MYR = 2.0116 HKD",
            "1 EUR = 9.236 HKD",
            "1 PHP = 0.1345 HKD",
            "1 INR = 0.0855 HKD",
            "1 IDR = 0.0004666 HKD",
            "1 ZAR = 0.492 HKD",
            "1 XDR = 10.75757525 HKD",
        ]
    );
    // The Saturday: the noise of the publisher's binary float kept, the
    // null SDR no rate.
    assert_eq!(saturday.date(), day("2026-02-28"));
    assert_eq!(shown(saturday)[0], "1 USD = 7.8245000000000005 HKD");
    assert_eq!(saturday.rates().len(), 17);
}

#[test]
fn the_table_reads_the_seventeen_currencies_the_sdr_and_the_legacy_five() {
    let fields: Vec<&str> = CURRENCIES.iter().map(|(field, _)| *field).collect();
    assert_eq!(
        fields,
        [
            "usd",
            "gbp",
            "jpy",
            "cad",
            "aud",
            "sgd",
            "twd",
            "chf",
            "cny",
            "krw",
            "thb",
            "myr",
            "dem",
            "nlg",
            "bef",
            "frf",
            "itl",
            "eur",
            "php",
            "inr",
            "idr",
            "zar",
            "special_drawing_rights",
        ]
    );
    for (field, code) in CURRENCIES {
        if field != "special_drawing_rights" {
            assert_eq!(code.as_str(), field.to_ascii_uppercase(), "{field}");
        }
    }
    let sdr = CURRENCIES.last().expect("the SDR");
    assert_eq!(sdr.1.as_str(), "XDR");
}

#[test]
fn a_legacy_currency_with_a_figure_is_stored_under_its_former_code() {
    let old = page(&[
        r#"{"end_of_day":"1998-06-30","usd":7.748,"dem":4.2957,"eur":null,"neeri_1983_trade_wgt":129.5}"#,
    ]);
    let days = parse(
        old.as_bytes(),
        today(),
        day("1998-06-01"),
        day("1998-06-30"),
    )
    .expect("parses")
    .days;
    assert_eq!(shown(&days[0]), ["1 USD = 7.748 HKD", "1 DEM = 4.2957 HKD"]);
}

#[test]
fn nothing_published_is_an_empty_page() {
    let none = february(page(&[]).as_bytes()).expect("empty");
    assert_eq!((none.records, none.days.len()), (0, 0));
    // A record whose every figure is null is a record, not a day.
    let nulls = february(
        page(&[r#"{"end_of_day":"2026-02-27","usd":null,"neeri_2020_trade_wgt":101.1}"#])
            .as_bytes(),
    )
    .expect("parses");
    assert_eq!((nulls.records, nulls.days.len()), (1, 0));
}

#[test]
fn the_query_pages_newest_first() {
    assert_eq!(
        query(day("2026-02-27"), day("2026-02-28"), 200),
        "choose=end_of_day&from=2026-02-27&to=2026-02-28&sortby=end_of_day&sortorder=desc\
         &pagesize=100&offset=200"
    );
}

#[test]
fn the_pages_are_bounded_by_the_days_asked_for() {
    assert_eq!(max_pages(day("2026-02-27"), day("2026-02-28")), 1);
    assert_eq!(max_pages(day("2024-01-01"), day("2024-04-09")), 2);
    assert_eq!(max_pages(day("2024-01-01"), day("2024-12-31")), 4);
}

#[test]
fn the_services_refusals_are_quoted() {
    let refused =
        r#"{"header":{"success":false,"err_code":"0102","err_msg":"Invalid parameter: pagesize"}}"#;
    assert_eq!(
        refusal(refused),
        "the HKMA refused the request: Invalid parameter: pagesize (err_code 0102)"
    );
    assert_eq!(
        explain(refused.as_bytes()).as_deref(),
        Some("the HKMA refused the request: Invalid parameter: pagesize (err_code 0102)")
    );
    assert_eq!(explain(b"<html>500</html>"), None);
    let odd_code = page(&[]).replace("\"0000\"", "\"0201\"");
    assert!(refusal(&odd_code).ends_with("(err_code 0201)"));
    let no_result = r#"{"header":{"success":true,"err_code":"0000","err_msg":"No error found"}}"#;
    assert_eq!(
        refusal(no_result),
        "the answer has no result (success, yet no records)"
    );
}

#[test]
fn unknown_fields_with_a_value_are_refused_and_null_ones_ignored() {
    let unknown = page(&[r#"{"end_of_day":"2026-02-27","usd":7.825,"nzd":4.6}"#]);
    assert_eq!(
        refusal(&unknown),
        "day 2026-02-27: unknown field \"nzd\" with the value 4.6: not read"
    );
    let null = page(&[r#"{"end_of_day":"2026-02-27","usd":7.825,"nzd":null}"#]);
    assert_eq!(february(null.as_bytes()).expect("parses").days.len(), 1);
}

#[test]
fn bad_pages_records_days_and_figures_are_refused() {
    let whole = std::str::from_utf8(RECORDED).expect("UTF-8");
    assert!(refusal(&whole[..whole.len() * 2 / 3]).starts_with("the JSON document ends early"));
    assert!(refusal("<html></html>").starts_with("not JSON"));
    assert!(refusal("[]").starts_with("not the expected JSON document"));
    let friday = r#"{"end_of_day":"2026-02-27","usd":7.825}"#;
    let thursday = r#"{"end_of_day":"2026-02-26","usd":7.826}"#;
    assert_eq!(
        refusal(&page(&[friday]).replace("\"datasize\":1", "\"datasize\":2")),
        "datasize 2 but 1 records"
    );
    assert_eq!(
        refusal(&page(&[thursday, friday])),
        "day 2026-02-27 is repeated or out of order"
    );
    assert_eq!(
        refusal(&page(&[friday, friday])),
        "day 2026-02-27 is repeated or out of order"
    );
    assert_eq!(
        refusal(&page(&[r#"{"usd":7.825}"#])),
        "a record has no end_of_day"
    );
    assert_eq!(
        refusal(&page(&[
            r#"{"end_of_day":"2026-02-27","end_of_day":"2026-02-26"}"#
        ])),
        "a record has end_of_day twice"
    );
    assert_eq!(
        refusal(&page(&[r#"{"end_of_day":20260227}"#])),
        "end_of_day 20260227 is not a string"
    );
    assert!(refusal(&page(&[r#"{"end_of_day":"27/02/2026"}"#])).starts_with("invalid date"));
    assert_eq!(
        refusal(&page(&[r#"{"end_of_day":"2026-03-02","usd":7.8}"#])),
        "day 2026-03-02 is outside the days asked for (2026-02-01..2026-02-28)"
    );
    assert_eq!(
        refusal(&page(&[
            r#"{"end_of_day":"2026-02-27","usd":7.825,"usd":7.826}"#
        ])),
        "day 2026-02-27: currency USD appears twice"
    );
    for value in ["-1", "0", "\"7.825\""] {
        let bad = format!(r#"{{"end_of_day":"2026-02-27","usd":{value}}}"#);
        let err = refusal(&page(&[&bad]));
        assert!(
            err.starts_with("day 2026-02-27, USD: invalid rate"),
            "{value}: {err}"
        );
    }
    let ahead = page(&[r#"{"end_of_day":"2026-04-17","usd":7.8}"#]);
    assert_eq!(
        parse(
            ahead.as_bytes(),
            today(),
            day("2026-04-01"),
            day("2026-04-30")
        )
        .expect_err("ahead"),
        "day 2026-04-17 is in the future"
    );
    let many: Vec<String> = (0..=PAGE_SIZE)
        .map(|n| format!(r#"{{"end_of_day":"2026-02-{:02}","usd":7.8}}"#, 28 - n % 28))
        .collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(
        refusal(&page(&many)),
        "101 records, more than the pagesize of 100"
    );
}
