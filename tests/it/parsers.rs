//! The parsers of untrusted text never panic: any string fed to the date,
//! AGE, rate and currency parsers yields a value or an error, and what
//! they accept is what they document: a date or a rate prints back as
//! written (a rate without its leading zeros), an age parses back from its
//! print, a currency code is three uppercase letters and nothing else.
//! Each provider's document parsers are checked by the conformance suite
//! (`conformance::<name>::the_parser_never_panics_*`).
//!
//! Beside the properties, every input the fuzzers (`fuzz/`) ever crashed on
//! is kept in `fuzz/regressions/<target>/` and replayed here, through the
//! checks of the parsers each target feeds.

use std::path::Path;

use chrono::NaiveDate;
use fxrates::calendar::Age;
use fxrates::model::{CurrencyCode, Rate, parse_date};
use proptest::prelude::*;

use crate::conformance::PROVIDERS;

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

proptest! {
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
    fn a_rate_parsed_from_any_string_is_plain_positive_decimal_notation(text in any::<String>()) {
        check_rate(&text);
    }

    #[test]
    fn a_rate_parsed_from_a_decimal_shaped_string_prints_back_as_written(
        text in "[0-9]{1,16}(\\.[0-9]{1,16})?"
    ) {
        check_rate(&text);
    }

    #[test]
    fn a_currency_code_is_accepted_only_as_three_uppercase_letters(
        text in prop_oneof![any::<String>(), "[A-Za-z0-9 ]{2,4}"]
    ) {
        let shaped = text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase());
        prop_assert_eq!(text.parse::<CurrencyCode>().is_ok(), shaped, "{:?}", text);
    }
}

/// Feeds `text` to the rate parser and checks what it accepts: plain
/// decimal notation only (digits, at most one point with digits on both
/// sides), greater than zero, printed back as written but for leading
/// zeros (`007.50` is `7.50`: its trailing zero kept), and parsed back
/// from its print.
fn check_rate(text: &str) {
    let Ok(rate) = text.parse::<Rate>() else {
        return;
    };
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    assert!(
        !int.is_empty() && digits(int) && digits(frac) && frac.is_empty() != text.contains('.'),
        "{text:?} accepted as a rate"
    );
    assert!(
        rate.value() > rust_decimal::Decimal::ZERO,
        "{text:?} accepted"
    );
    let int = match int.trim_start_matches('0') {
        "" => "0",
        int => int,
    };
    let written = if frac.is_empty() {
        int.to_owned()
    } else {
        format!("{int}.{frac}")
    };
    assert_eq!(rate.to_string(), written);
    assert_eq!(rate.to_string().parse::<Rate>(), Ok(rate));
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

/// What a fuzz target's input goes through.
type Check = fn(&[u8]);

#[test]
fn inputs_the_fuzzers_crashed_on_are_parsed_without_a_panic() {
    let mut targets: Vec<(&str, Check)> = vec![
        ("age", |bytes| check_age(&String::from_utf8_lossy(bytes))),
        ("date", |bytes| check_date(&String::from_utf8_lossy(bytes))),
    ];
    targets.extend(
        PROVIDERS
            .iter()
            .map(|(_, parser)| (parser.fuzz_target, parser.check)),
    );
    let mut replayed = 0;
    for (target, check) in targets {
        for (path, bytes) in regressions(target) {
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(outcome.is_ok(), "{path} panics again");
            replayed += 1;
        }
    }
    // The `age` target found one; a lost directory must not pass silently.
    assert!(replayed >= 1, "no regression input found");
}
