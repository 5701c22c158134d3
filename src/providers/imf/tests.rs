use super::*;
use crate::model::parse_date;

const MARCH: &[u8] = include_bytes!("../../../tests/fixtures/imf/rms_mth-2026-03.tsv");
const JUNE_2024: &[u8] = include_bytes!("../../../tests/fixtures/imf/rms_mth-2024-06.tsv");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

/// A June 2024 report of `lines` after its title, with its notes, asked
/// for June on 1 July 2024.
fn june(lines: &str) -> Result<Vec<DayRates>, String> {
    let body = format!("{TITLE}June 2024\r\n{lines}\r\nNotes:\r\n\r\nThese");
    parse(body.as_bytes(), day("2024-07-01"), day("2024-06-01"))
}

/// `1 base = rate quote` of `code` on `day`, as stored.
fn rate_of(day: &DayRates, code: &str) -> String {
    let published = day
        .rates()
        .iter()
        .find(|r| r.other(USD).as_str() == code)
        .unwrap_or_else(|| panic!("{code}"));
    assert_eq!(published.unit.count(), 1);
    format!("{} {} {}", published.base, published.quote, published.rate)
}

#[test]
fn the_recorded_month_is_every_day_in_the_direction_printed() {
    let days = parse(MARCH, day("2026-04-01"), day("2026-03-01")).expect("valid");
    assert_eq!(days.len(), 22);
    assert_eq!(days[0].date(), day("2026-03-02"));
    assert_eq!(days[21].date(), day("2026-03-31"));
    let first = &days[0];
    // Eight currencies: the dollar's own line is not stored, and the won
    // has no value that day.
    assert_eq!(first.rates().len(), 7);
    assert_eq!(rate_of(first, "JPY"), "USD JPY 156.400000");
    assert_eq!(rate_of(first, "EUR"), "EUR USD 1.169800");
    assert_eq!(rate_of(first, "GBP"), "GBP USD 1.341050");
    assert_eq!(rate_of(first, "AUD"), "AUD USD 0.709400");
    assert!(first.rates().iter().all(|r| r.other(USD).as_str() != "KRW"));
    assert_eq!(rate_of(&days[1], "KRW"), "USD KRW 1435.400000");
    // The block after `Continued`.
    assert_eq!(days[11].date(), day("2026-03-17"));
    assert_eq!(rate_of(&days[11], "MXN"), "USD MXN 17.692200");
}

#[test]
fn nothing_published_is_an_empty_body_or_no_date_column() {
    let asked = |body: &str| parse(body.as_bytes(), day("2026-04-02"), day("2026-04-01"));
    assert_eq!(asked("").expect("empty"), []);
    assert_eq!(asked("\r\n").expect("blank"), []);
    let title = format!("{TITLE}April 2026\r\n");
    assert_eq!(asked(&title).expect("title alone"), []);
    let no_dates = format!("{title}Currency\r\nJapanese yen\r\n\r\nNotes:\r\n");
    assert_eq!(asked(&no_dates).expect("no date column"), []);
}

#[test]
fn every_name_of_the_table_is_known_and_unknown_ones_are_refused() {
    for (name, code) in CURRENCIES {
        assert_eq!(code_of(name).expect("known").as_str(), *code);
    }
    let mut codes: Vec<&str> = CURRENCIES.iter().map(|(_, code)| *code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), CURRENCIES.len(), "a code twice in the table");
    let err = june("Currency\tJune 03, 2024\r\nUruguayan peso\t39.1\r\n").expect_err("unknown");
    assert_eq!(
        err,
        "line 3: unknown currency name \"Uruguayan peso\" (not in the table of IMF names)"
    );
    let err = june("Currency\tJune 03, 2024\r\njapanese yen\t159.1\r\n").expect_err("case");
    assert!(
        err.contains("unknown currency name \"japanese yen\""),
        "{err}"
    );
}

#[test]
fn the_fault_week_reads_both_blocks() {
    let days = parse(JUNE_2024, day("2024-07-01"), day("2024-06-01")).expect("valid");
    let dates: Vec<String> = days.iter().map(|d| d.date().to_string()).collect();
    assert_eq!(
        dates,
        [
            "2024-06-24",
            "2024-06-25",
            "2024-06-26",
            "2024-06-27",
            "2024-06-28"
        ]
    );
    assert!(days.iter().all(|d| d.rates().len() == 3));
}

#[test]
fn a_changed_format_or_a_bad_figure_is_refused() {
    let cases = [
        (
            "Currency\tJune 03, 2024\r\nJapanese yen\t159.1\t160.2\r\n",
            "line 3 has 2 figures, its block 1 dates",
        ),
        (
            "Japanese yen\t159.1\r\n",
            "line 2: a currency line outside a block",
        ),
        (
            "Currency\tJune 03, 2024\r\nJapanese yen\t-1\r\n",
            "day 2024-06-03, JPY: invalid rate \"-1\"",
        ),
        (
            "Currency\tJune 03, 2024\r\nJapanese yen\t0.000000\r\n",
            "day 2024-06-03, JPY: invalid rate \"0.000000\" (a rate must be greater than zero)",
        ),
        (
            "Currency\tJune 03, 2024\r\nJapanese yen\t\r\n",
            "day 2024-06-03, JPY: invalid rate \"\"",
        ),
        (
            "Currency\tJune 03, 2024\r\nJapanese yen\t159.1\r\nJapanese yen\t159.2\r\n",
            "day 2024-06-03: currency JPY appears twice",
        ),
        (
            "Currency\tJune 03, 2024\r\nEuro\t0.93\r\nEuro(1)\t1.07\r\n",
            "day 2024-06-03: currency EUR appears twice",
        ),
        (
            "Currency\tJune 03, 2024\r\nU.S. dollar\t1.100000\r\n",
            "day 2024-06-03: the U.S. dollar is printed at 1.100000",
        ),
        (
            "Currency\t2024-06-03\r\nJapanese yen\t159.1\r\n",
            "invalid date \"2024-06-03\" (expected e.g. March 02, 2026)",
        ),
        (
            "Currency\tJuly 01, 2024\r\nJapanese yen\t159.1\r\n",
            "day 2024-07-01 is not in June 2024, the month asked for",
        ),
        (
            "Currency\tJune 04, 2024\tJune 03, 2024\r\nJapanese yen\t159.1\t159.2\r\n",
            "day 2024-06-03 comes after day 2024-06-04",
        ),
        (
            "Currency\tJanuary 04, 2999\r\nJapanese yen\t159.1\r\n",
            "day 2999-01-04 is in the future",
        ),
    ];
    for (lines, expected) in cases {
        let err = june(lines).expect_err(lines);
        assert!(err.starts_with(expected), "{lines:?}: {err}");
    }
}

#[test]
fn another_document_or_month_or_a_cut_report_is_refused() {
    let asked = |body: &str| parse(body.as_bytes(), day("2024-07-01"), day("2024-06-01"));
    let cases = [
        (
            "<html><body>Error</body></html>".to_owned(),
            "not the report: an HTML or XML page (<html>…)",
        ),
        (
            "Currency units per SDR for June 2024\r\n".to_owned(),
            "not the representative rates report: it opens with \"Currency units per SDR",
        ),
        (
            format!("{TITLE}May 2024\r\n"),
            "the report is for May 2024, not June 2024, the month asked for",
        ),
        (
            format!("{TITLE}Juin 2024\r\n"),
            "the title names no month: \"Juin 2024\"",
        ),
        (
            format!("{TITLE}June 2024\r\nCurrency\tJune 03, 2024\r\nJapanese yen\t159.1\r\n"),
            "the document ends early, before its notes (truncated?)",
        ),
        (
            format!("{TITLE}June 2024\r\nCurrency\tJune 03, 2024\r\nJapanese yen\t15"),
            "the document ends early, before its notes (truncated?)",
        ),
        (
            format!("{TITLE}June 2024\r\nCurrency\tJune 03, 2024\r\nJapanese yen\t159.1\r\n\r\nNo"),
            "the document ends early, before its notes (truncated?)",
        ),
    ];
    for (body, expected) in cases {
        let err = asked(&body).expect_err(&body);
        assert!(err.starts_with(expected), "{body:?}: {err}");
    }
    assert!(parse(b"\xff\xfe", day("2024-07-01"), day("2024-06-01")).is_err());
}

#[test]
fn a_month_is_asked_for_by_its_last_day_or_today() {
    let asked = |month, today| query(day(month), day(today));
    assert_eq!(
        asked("2026-03-01", "2026-04-20"),
        "SelectDate=2026-03-31&reportType=REP&tsvflag=Y"
    );
    assert_eq!(
        asked("2026-04-01", "2026-04-20"),
        "SelectDate=2026-04-20&reportType=REP&tsvflag=Y"
    );
    assert_eq!(
        asked("2024-02-01", "2026-04-20"),
        "SelectDate=2024-02-29&reportType=REP&tsvflag=Y"
    );
}
