//! Rate providers: each turns a request for days into validated [`DayRates`].
//!
//! A provider knows its HTTP API and its document format and nothing of the
//! database; what it returns has passed every check in [`crate::model`],
//! holds only the currencies a [`Selection`] keeps, and lies within the days
//! asked for, oldest first (see [`DayRequest::Day`] for the one exception).

pub mod ecb;
pub mod frankfurter;
mod json;
pub mod oxr;

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::model::{CurrencyCode, DayRates};

/// The days a fetch asks a provider for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayRequest {
    /// The newest day the provider has published.
    Latest,
    /// The rates of one day. A provider that answers a day without
    /// publication with the previous business day (Frankfurter) returns that
    /// day, under its own date; the others return nothing.
    Day(NaiveDate),
    /// Every published day from `from` to `to`, both included.
    Range { from: NaiveDate, to: NaiveDate },
}

/// As a log line names it: `the latest published day`, `2024-06-28`,
/// `2024-06-20..2024-06-28`.
impl fmt::Display for DayRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DayRequest::Latest => f.write_str("the latest published day"),
            DayRequest::Day(day) => write!(f, "{day}"),
            DayRequest::Range { from, to } if from == to => write!(f, "{from}"),
            DayRequest::Range { from, to } => write!(f, "{from}..{to}"),
        }
    }
}

/// The providers fxrates knows, by the `source` value their rows carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProviderName {
    /// The European Central Bank's XML files.
    Ecb,
    /// Frankfurter's JSON API over the ECB data.
    Frankfurter,
    /// Open Exchange Rates (needs an app id).
    Oxr,
}

impl ProviderName {
    /// Every provider, in the order `--help` lists them.
    pub const ALL: [ProviderName; 3] = [
        ProviderName::Ecb,
        ProviderName::Frankfurter,
        ProviderName::Oxr,
    ];

    /// The `source` value of its rows, and its name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderName::Ecb => "ecb",
            ProviderName::Frankfurter => "frankfurter",
            ProviderName::Oxr => "oxr",
        }
    }

    /// Whether the provider can quote against `base`: the ECB only against
    /// the euro, Frankfurter and OXR against any currency they list (OXR
    /// only on paid plans, which its answer tells).
    pub fn supports_base(self, base: CurrencyCode) -> bool {
        match self {
            ProviderName::Ecb => base == CurrencyCode::EUR,
            ProviderName::Frankfurter | ProviderName::Oxr => true,
        }
    }
}

impl FromStr for ProviderName {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProviderName::ALL
            .into_iter()
            .find(|name| name.as_str() == s)
            .ok_or_else(|| {
                let known: Vec<&str> = ProviderName::ALL.iter().map(|p| p.as_str()).collect();
                format!("unknown provider {s:?} (known: {})", known.join(", "))
            })
    }
}

impl fmt::Display for ProviderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which rates to keep: `--base` and `--symbols`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The base currency asked for; `None` takes the provider's own.
    pub base: Option<CurrencyCode>,
    /// The quote currencies to keep; empty keeps all.
    pub symbols: Vec<CurrencyCode>,
}

impl Selection {
    /// `day` reduced to the selected quotes. Refuses a day quoted against
    /// another base than the one asked for, or lacking a selected quote: a
    /// day is stored whole or not at all.
    pub fn apply(&self, day: DayRates) -> Result<DayRates, String> {
        if let Some(base) = self.base {
            if day.base() != base {
                return Err(format!(
                    "day {}: rates are against {}, not the {base} asked for",
                    day.date(),
                    day.base()
                ));
            }
        }
        if self.symbols.is_empty() {
            return Ok(day);
        }
        let missing: Vec<String> = self
            .symbols
            .iter()
            .filter(|symbol| day.rates().iter().all(|(quote, _)| quote != *symbol))
            .map(ToString::to_string)
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "day {}: no rate for {} (asked for by --symbols)",
                day.date(),
                missing.join(", ")
            ));
        }
        let kept = day
            .rates()
            .iter()
            .filter(|(quote, _)| self.symbols.contains(quote))
            .copied()
            .collect();
        DayRates::new(day.date(), day.base(), kept)
    }

    /// `symbols=USD,GBP` for a query string, or `None` when all are kept.
    fn symbols_query(&self) -> Option<String> {
        (!self.symbols.is_empty()).then(|| {
            let codes: Vec<&str> = self.symbols.iter().map(CurrencyCode::as_str).collect();
            format!("symbols={}", codes.join(","))
        })
    }
}

/// A source of daily reference rates.
pub trait Provider {
    /// The `source` value its rows are stored under, e.g. `ecb`.
    fn source(&self) -> &'static str;

    /// The published days that answer `request`, oldest first. An empty list
    /// means nothing was published in the range; a document that holds no day
    /// at all is an error, never an empty list.
    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>>;

    /// Whether the newest day it serves may still change after it was first
    /// stored (OXR's current day is a snapshot updated through the day), so
    /// that a catch-up fetches it again.
    fn revises_newest_day(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rate, parse_date};

    fn code(s: &str) -> CurrencyCode {
        s.parse().expect("code")
    }

    fn sample_day() -> DayRates {
        let rate: Rate = "1.5".parse().expect("rate");
        DayRates::new(
            parse_date("2024-07-26").expect("date"),
            CurrencyCode::EUR,
            vec![
                (code("USD"), rate),
                (code("GBP"), rate),
                (code("JPY"), rate),
            ],
        )
        .expect("day")
    }

    #[test]
    fn a_request_shows_as_plain_days_not_debug_output() {
        let day = |s| parse_date(s).expect("date");
        assert_eq!(DayRequest::Latest.to_string(), "the latest published day");
        assert_eq!(DayRequest::Day(day("2024-06-28")).to_string(), "2024-06-28");
        let range = DayRequest::Range {
            from: day("2024-06-20"),
            to: day("2026-11-28"),
        };
        assert_eq!(range.to_string(), "2024-06-20..2026-11-28");
        let one_day = DayRequest::Range {
            from: day("2024-06-28"),
            to: day("2024-06-28"),
        };
        assert_eq!(one_day.to_string(), "2024-06-28");
    }

    #[test]
    fn provider_names_round_trip_and_unknown_ones_are_refused() {
        for name in ProviderName::ALL {
            assert_eq!(name.as_str().parse::<ProviderName>(), Ok(name));
        }
        let err = "ECB".parse::<ProviderName>().expect_err("case matters");
        assert!(err.contains("known: ecb, frankfurter, oxr"), "{err}");
    }

    #[test]
    fn only_the_ecb_is_tied_to_the_euro() {
        assert!(ProviderName::Ecb.supports_base(CurrencyCode::EUR));
        assert!(!ProviderName::Ecb.supports_base(code("USD")));
        assert!(ProviderName::Frankfurter.supports_base(code("USD")));
    }

    #[test]
    fn a_selection_keeps_the_symbols_in_published_order() {
        let selection = Selection {
            base: Some(CurrencyCode::EUR),
            symbols: vec![code("JPY"), code("USD")],
        };
        let day = selection.apply(sample_day()).expect("kept");
        let quotes: Vec<String> = day.rates().iter().map(|(q, _)| q.to_string()).collect();
        assert_eq!(quotes, ["USD", "JPY"]);
        assert_eq!(
            selection.symbols_query().as_deref(),
            Some("symbols=JPY,USD")
        );
        assert_eq!(Selection::default().symbols_query(), None);
    }

    #[test]
    fn a_selection_refuses_a_missing_symbol_or_another_base() {
        let missing = Selection {
            base: None,
            symbols: vec![code("USD"), code("CHF")],
        };
        let err = missing.apply(sample_day()).expect_err("CHF missing");
        assert_eq!(
            err,
            "day 2024-07-26: no rate for CHF (asked for by --symbols)"
        );
        let other_base = Selection {
            base: Some(code("USD")),
            symbols: vec![],
        };
        let err = other_base.apply(sample_day()).expect_err("EUR base");
        assert!(err.contains("against EUR, not the USD asked for"), "{err}");
    }
}
