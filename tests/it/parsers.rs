//! The parsers of untrusted text never panic: any byte string fed to the ECB,
//! Frankfurter (v1 and v2), OXR or FRED document parsers, and any string fed to the date, AGE, rate and currency
//! parsers, yields a value or an error. What they accept keeps its promises
//! (days in order and in range, dates that print back as written, ages that
//! parse back from their print).
//!
//! Beside the properties, every input the fuzzers (`fuzz/`) ever crashed on
//! is kept in `fuzz/regressions/<target>/` and replayed here.

use std::path::Path;

use chrono::NaiveDate;
use fxrates::calendar::Age;
use fxrates::model::{CurrencyCode, Rate, parse_date};
use fxrates::providers::{ecb, frankfurter, frankfurter2, fred, oxr};
use proptest::prelude::*;

/// The `today` the parsers run on in these tests.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date")
}

/// The latest day a parser accepts on [`today`]: the day after.
fn latest_allowed() -> NaiveDate {
    today().succ_opt().expect("a date")
}

/// Feeds `bytes` to the ECB parser and checks what it accepts.
fn check_ecb(bytes: &[u8]) {
    if let Ok(days) = ecb::parse(bytes, today()) {
        assert!(!days.is_empty(), "accepted a document without a day");
        assert!(
            days.windows(2).all(|pair| pair[0].date() < pair[1].date()),
            "days not strictly increasing"
        );
        assert!(days.iter().all(|day| day.date() <= latest_allowed()));
        assert!(days.iter().all(|day| !day.rates().is_empty()));
    }
}

/// Feeds `bytes` to both Frankfurter parsers (one day, a time series) and
/// checks what they accept.
fn check_frankfurter(bytes: &[u8]) {
    if let Ok(day) = frankfurter::parse_day(bytes, today()) {
        assert!(day.date() <= latest_allowed().succ_opt().expect("a date"));
        assert!(!day.rates().is_empty());
    }
    if let Ok(days) = frankfurter::parse_series(bytes, today()) {
        assert!(!days.is_empty(), "accepted a series without a day");
        assert!(
            days.windows(2).all(|pair| pair[0].date() < pair[1].date()),
            "days not strictly increasing"
        );
        assert!(days.iter().all(|day| !day.rates().is_empty()));
    }
}

/// Feeds `bytes` to the OXR parser and checks what it accepts.
fn check_oxr(bytes: &[u8]) {
    if let Ok(day) = oxr::parse(bytes, today(), None) {
        assert!(day.date() <= latest_allowed().succ_opt().expect("a date"));
        assert!(!day.rates().is_empty());
        assert!(day.rates().iter().all(|rate| rate.base != rate.quote));
        let again = oxr::parse(bytes, today(), Some(day.date()));
        assert_eq!(again.map(|again| again.date()), Ok(day.date()));
    }
}

/// The days a range parser is asked for in these tests: March 2026.
fn march() -> (NaiveDate, NaiveDate) {
    let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).expect("a date");
    (day(1), day(31))
}

/// Feeds `bytes` to the Frankfurter v2 parser, for a range and for the
/// latest, and checks what it accepts: days in order, in range when a
/// range was asked for, none empty, no identity row.
fn check_frankfurter2(bytes: &[u8]) {
    let (from, to) = march();
    for asked in [Some((from, to)), None] {
        if let Ok(days) = frankfurter2::parse(bytes, today(), CurrencyCode::EUR, asked) {
            assert!(
                days.windows(2).all(|pair| pair[0].date() < pair[1].date()),
                "days not strictly increasing"
            );
            assert!(days.iter().all(|day| day.date() <= latest_allowed()));
            if asked.is_some() {
                assert!(days.iter().all(|day| (from..=to).contains(&day.date())));
            }
            assert!(days.iter().all(|day| !day.rates().is_empty()));
            assert!(
                days.iter()
                    .all(|day| day.rates().iter().all(|rate| rate.base != rate.quote))
            );
        }
    }
}

/// Feeds `bytes` to the FRED parser and checks what it accepts: days in
/// order and in the range asked for.
fn check_fred(bytes: &[u8]) {
    let (from, to) = march();
    if let Ok(values) = fred::parse(bytes, today(), from, to) {
        assert!(
            values.windows(2).all(|pair| pair[0].0 < pair[1].0),
            "days not strictly increasing"
        );
        assert!(values.iter().all(|(day, _)| (from..=to).contains(day)));
    }
}

/// Feeds `text` to the AGE parser and checks what it accepts: an age parses
/// back from its print, and cuts off the first and the last day without a
/// panic.
fn check_age(text: &str) {
    if let Ok(age) = text.parse::<Age>() {
        assert_eq!(age.to_string().parse::<Age>(), Ok(age));
        let _ = age.cutoff(NaiveDate::MIN);
        let _ = age.cutoff(NaiveDate::MAX);
    }
}

/// Feeds `text` to the date parser and checks what it accepts.
fn check_date(text: &str) {
    if let Ok(date) = parse_date(text) {
        assert_eq!(date.format("%Y-%m-%d").to_string(), text);
    }
}

/// The fixtures `names` in `tests/fixtures/`, the seeds that mutations start from.
fn fixtures(names: &[&str]) -> Vec<Vec<u8>> {
    names
        .iter()
        .map(|name| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name);
            std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        })
        .collect()
}

fn ecb_fixtures() -> Vec<Vec<u8>> {
    fixtures(&[
        "ecb/eurofxref-daily.xml",
        "ecb/eurofxref-hist-90d.xml",
        "ecb/eurofxref-hist.xml",
    ])
}

fn frankfurter_fixtures() -> Vec<Vec<u8>> {
    fixtures(&[
        "frankfurter/latest.json",
        "frankfurter/2024-06-28.json",
        "frankfurter/2024-06-24..2024-06-28.json",
    ])
}

fn frankfurter2_fixtures() -> Vec<Vec<u8>> {
    fixtures(&[
        "frankfurter2/latest.ndjson",
        "frankfurter2/2024-06-24..2024-06-28.ndjson",
        "frankfurter2/invalid-currency.json",
    ])
}

fn fred_fixtures() -> Vec<Vec<u8>> {
    fixtures(&[
        "fred/DEXJPUS-2026-03.json",
        "fred/DEXUSEU-2026-03.json",
        "fred/api-key-not-registered.json",
    ])
}

fn oxr_fixtures() -> Vec<Vec<u8>> {
    fixtures(&[
        "oxr/latest.json",
        "oxr/historical/2024-06-28.json",
        "oxr/errors/invalid_app_id.json",
    ])
}

/// One edit of a document: overwrite, insert or delete a byte at a position
/// given as a fraction of its length.
#[derive(Clone, Debug)]
enum Edit {
    Overwrite(f64, u8),
    Insert(f64, u8),
    Delete(f64),
    Truncate(f64),
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = 0.0..1.0f64;
    prop_oneof![
        (at.clone(), any::<u8>()).prop_map(|(at, byte)| Edit::Overwrite(at, byte)),
        (at.clone(), any::<u8>()).prop_map(|(at, byte)| Edit::Insert(at, byte)),
        at.clone().prop_map(Edit::Delete),
        at.prop_map(Edit::Truncate),
    ]
}

fn apply(document: &mut Vec<u8>, edit: &Edit) {
    let index = |at: f64, len: usize| ((at * len as f64) as usize).min(len.saturating_sub(1));
    match *edit {
        Edit::Overwrite(at, byte) if !document.is_empty() => {
            let i = index(at, document.len());
            document[i] = byte;
        }
        Edit::Insert(at, byte) => {
            let i = index(at, document.len() + 1);
            document.insert(i, byte);
        }
        Edit::Delete(at) if !document.is_empty() => {
            let i = index(at, document.len());
            document.remove(i);
        }
        Edit::Truncate(at) => document.truncate(index(at, document.len() + 1)),
        _ => {}
    }
}

// Each parser's property is first that it never panics; the `check_*` it
// goes through also holds what it accepts to the promises listed there.
proptest! {
    #[test]
    fn the_ecb_parser_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_ecb(&bytes);
    }

    #[test]
    fn the_ecb_parser_never_panics_on_an_edited_fixture(
        which in 0..3usize,
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let mut document = ecb_fixtures().swap_remove(which);
        for edit in &edits {
            apply(&mut document, edit);
        }
        check_ecb(&document);
    }

    #[test]
    fn the_frankfurter_parsers_never_panic_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        check_frankfurter(&bytes);
    }

    #[test]
    fn the_frankfurter_parsers_never_panic_on_an_edited_fixture(
        which in 0..3usize,
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let mut document = frankfurter_fixtures().swap_remove(which);
        for edit in &edits {
            apply(&mut document, edit);
        }
        check_frankfurter(&document);
    }

    #[test]
    fn the_frankfurter2_parser_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        check_frankfurter2(&bytes);
    }

    #[test]
    fn the_frankfurter2_parser_never_panics_on_an_edited_fixture(
        which in 0..3usize,
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let mut document = frankfurter2_fixtures().swap_remove(which);
        for edit in &edits {
            apply(&mut document, edit);
        }
        check_frankfurter2(&document);
    }

    #[test]
    fn the_fred_parser_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        check_fred(&bytes);
    }

    #[test]
    fn the_fred_parser_never_panics_on_an_edited_fixture(
        which in 0..3usize,
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let mut document = fred_fixtures().swap_remove(which);
        for edit in &edits {
            apply(&mut document, edit);
        }
        check_fred(&document);
    }

    #[test]
    fn the_oxr_parser_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        check_oxr(&bytes);
    }

    #[test]
    fn the_oxr_parser_never_panics_on_an_edited_fixture(
        which in 0..3usize,
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let mut document = oxr_fixtures().swap_remove(which);
        for edit in &edits {
            apply(&mut document, edit);
        }
        check_oxr(&document);
    }

    #[test]
    fn an_age_parsed_from_any_string_parses_back_from_its_print(text in any::<String>()) {
        check_age(&text);
    }

    #[test]
    fn an_age_parsed_from_an_age_shaped_string_parses_back_from_its_print(text in "[0-9]{0,12}.") {
        check_age(&text);
    }

    #[test]
    fn a_date_parsed_from_any_string_prints_back_as_written(text in any::<String>()) {
        check_date(&text);
    }

    #[test]
    fn a_date_parsed_from_a_date_shaped_string_prints_back_as_written(text in "[0-9+-]{0,5}-[0-9]{1,2}-[0-9]{1,2}") {
        check_date(&text);
    }

    #[test]
    fn a_rate_or_currency_code_parsed_from_any_string_prints_back_as_written(text in any::<String>()) {
        if let Ok(rate) = text.parse::<Rate>() {
            prop_assert_eq!(rate.to_string(), text.clone());
        }
        if let Ok(code) = text.parse::<CurrencyCode>() {
            prop_assert_eq!(code.to_string(), text);
        }
    }
}

/// Every file in `fuzz/regressions/<target>/`.
fn regressions(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    entries
        .map(|entry| {
            let path = entry.expect("a directory entry").path();
            let bytes = std::fs::read(&path).expect("a regression input");
            (path.display().to_string(), bytes)
        })
        .collect()
}

#[test]
fn inputs_the_fuzzers_crashed_on_are_parsed_without_a_panic() {
    let mut replayed = 0;
    for (target, check) in [
        ("ecb_xml", check_ecb as fn(&[u8])),
        ("frankfurter_json", check_frankfurter),
        ("oxr_json", check_oxr),
        ("age", |bytes| check_age(&String::from_utf8_lossy(bytes))),
        ("date", |bytes| check_date(&String::from_utf8_lossy(bytes))),
    ] {
        for (path, bytes) in regressions(target) {
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(outcome.is_ok(), "{path} panics again");
            replayed += 1;
        }
    }
    // The `age` target found one; a lost directory must not pass silently.
    assert!(replayed >= 1, "no regression input found");
}
