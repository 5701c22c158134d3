//! What the JSON providers share: objects read entry by entry and numbers
//! read as their exact text.
//!
//! A JSON object is read into [`Entries`], in document order with repeats
//! kept, so that a currency or a day listed twice is refused instead of one
//! copy silently winning. A rate is read as the raw text of its JSON number
//! and parsed by [`Rate::from_json_number`], never through `f64`.

use std::fmt;
use std::marker::PhantomData;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::model::{CurrencyCode, DayRates, Rate};

/// A JSON object's entries in document order, repeated keys included.
#[derive(Debug)]
pub struct Entries<T>(pub Vec<(String, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for EntriesVisitor<T> {
            type Value = Entries<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, T>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// A JSON value kept as its text, for numbers that must stay exact.
pub type Raw = Box<RawValue>;

/// Parses a raw JSON value as a rate: a number, positive, exact.
pub fn rate(raw: &RawValue) -> Result<Rate, String> {
    let text = raw.get();
    if !text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Err(format!("invalid rate {text} (expected a number)"));
    }
    Rate::from_json_number(text)
}

/// Builds the day `date` from a `rates` object quoted against `base`. The
/// base itself, which OXR lists with the rate 1, is dropped; listed with any
/// other rate, the document contradicts itself and is refused.
pub fn day_rates(
    date: NaiveDate,
    base: CurrencyCode,
    rates: &Entries<Raw>,
) -> Result<DayRates, String> {
    let mut parsed = Vec::with_capacity(rates.0.len());
    for (code, raw) in &rates.0 {
        let quote: CurrencyCode = code.parse().map_err(|err| format!("day {date}: {err}"))?;
        let value = rate(raw).map_err(|err| format!("day {date}, {quote}: {err}"))?;
        if quote == base {
            if value.value() == rust_decimal::Decimal::ONE {
                continue;
            }
            return Err(format!(
                "day {date}: the base {base} is quoted against itself at {value}"
            ));
        }
        parsed.push((quote, value));
    }
    DayRates::against(date, base, parsed)
}

/// A serde error on one line, for an invalid-data message: where the
/// document stops making sense and why.
pub fn describe(err: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match err.classify() {
        Category::Eof => format!("the JSON document ends early (truncated?): {err}"),
        Category::Syntax => format!("not JSON: {err}"),
        Category::Data | Category::Io => format!("not the expected JSON document: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    fn day(json: &str, base: &str) -> Result<DayRates, String> {
        let rates: Entries<Raw> = serde_json::from_str(json).map_err(|err| describe(&err))?;
        day_rates(
            parse_date("2024-07-26").expect("date"),
            base.parse().expect("base"),
            &rates,
        )
    }

    #[test]
    fn rates_keep_every_digit_of_the_json_number() {
        let rates = day(
            r#"{"USD":1.08710,"JPY":166.42,"IDR":17704.510000000000001}"#,
            "EUR",
        )
        .expect("valid");
        let shown: Vec<String> = rates
            .rates()
            .iter()
            .map(|r| format!("{}={}", r.quote, r.rate))
            .collect();
        assert_eq!(
            shown,
            ["USD=1.08710", "JPY=166.42", "IDR=17704.510000000000001"]
        );
    }

    #[test]
    fn the_base_at_one_is_dropped_and_at_anything_else_refused() {
        let rates = day(r#"{"EUR":0.92,"USD":1}"#, "USD").expect("valid");
        assert_eq!(rates.rates().len(), 1);
        let err = day(r#"{"EUR":0.92,"USD":1.01}"#, "USD").expect_err("self-quote");
        assert!(err.contains("quoted against itself at 1.01"), "{err}");
    }

    #[test]
    fn repeats_bad_codes_and_bad_numbers_are_refused() {
        for (json, expected) in [
            (r#"{"USD":1.1,"USD":1.2}"#, "currency USD appears twice"),
            (r#"{"usd":1.1}"#, "invalid currency code \"usd\""),
            (r#"{"USD":-1.1}"#, "a rate must be greater than zero"),
            (r#"{"USD":"1.1"}"#, "expected a number"),
            (r#"{"USD":null}"#, "expected a number"),
            (r#"{}"#, "has no rates"),
        ] {
            let err = day(json, "EUR").expect_err(json);
            assert!(err.contains(expected), "{json}: {err}");
        }
    }

    #[test]
    fn truncated_and_non_json_documents_are_described() {
        let truncated = serde_json::from_str::<Entries<Raw>>(r#"{"USD":1.1,"#).expect_err("eof");
        assert!(describe(&truncated).contains("ends early"));
        let html = serde_json::from_str::<Entries<Raw>>("<html>").expect_err("html");
        assert!(describe(&html).starts_with("not JSON"));
    }
}
