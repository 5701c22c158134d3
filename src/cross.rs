//! Rates read back from the table, in the base a reader asks for.
//!
//! A stored rate means 1 base = rate quote. A rate against another base X is
//! a cross rate: X→Q = (B→Q) ÷ (B→X), computed in decimal arithmetic (never
//! through binary floating point) and shown rounded to [`SIGNIFICANT_DIGITS`]
//! significant digits, half away from zero. A stored rate is shown exactly as
//! stored. Which source answers is decided by [`pick_source`].

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::CurrencyCode;

/// How many significant digits a computed (cross) rate is shown with.
pub const SIGNIFICANT_DIGITS: u32 = 6;

/// One rate as a reader sees it: stored (exact) or computed from stored ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadRate {
    /// The unrounded value; a computed one carries up to 28 digits.
    pub value: Decimal,
    /// True when the value is a stored rate (or exactly 1), false when it was
    /// divided out of two stored rates.
    pub exact: bool,
}

impl ReadRate {
    /// What is printed: a stored rate as stored, a computed one rounded to
    /// [`SIGNIFICANT_DIGITS`] significant digits (trailing zeros kept).
    pub fn shown(&self) -> Decimal {
        if self.exact {
            self.value
        } else {
            significant(self.value, SIGNIFICANT_DIGITS)
        }
    }
}

impl fmt::Display for ReadRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.shown(), f)
    }
}

/// `value` rounded half away from zero to `digits` significant digits, with
/// exactly that many digits shown (`0.5` → `0.500000`).
pub fn significant(value: Decimal, digits: u32) -> Decimal {
    value
        .round_sf_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero)
        .unwrap_or(value)
}

/// The rates one source stored for one day against one base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayTable {
    pub base: CurrencyCode,
    /// Quote → rate (1 base = rate quote).
    pub rates: BTreeMap<CurrencyCode, Decimal>,
}

impl DayTable {
    /// Picks, among the stored rows of one day `(base, quote, rate)`, the base
    /// to read from: `wanted` itself when stored as a base, else the base with
    /// the most quotes (the first in alphabetical order on a tie). `None`
    /// when `rows` is empty.
    pub fn from_rows(
        rows: &[(CurrencyCode, CurrencyCode, Decimal)],
        wanted: Option<CurrencyCode>,
    ) -> Option<DayTable> {
        let mut by_base: BTreeMap<CurrencyCode, BTreeMap<CurrencyCode, Decimal>> = BTreeMap::new();
        for &(base, quote, rate) in rows {
            by_base.entry(base).or_default().insert(quote, rate);
        }
        let base = match wanted.filter(|w| by_base.contains_key(w)) {
            Some(base) => base,
            None => {
                let most = by_base.values().map(BTreeMap::len).max()?;
                *by_base.iter().find(|(_, rates)| rates.len() == most)?.0
            }
        };
        let rates = by_base.remove(&base)?;
        Some(DayTable { base, rates })
    }

    /// 1 `from` = ? `to`, or `None` when either currency is missing.
    pub fn rate(&self, from: CurrencyCode, to: CurrencyCode) -> Option<ReadRate> {
        let one = ReadRate {
            value: Decimal::ONE,
            exact: true,
        };
        if from == to {
            return Some(one);
        }
        let against_base = |code: CurrencyCode| {
            if code == self.base {
                Some(Decimal::ONE)
            } else {
                self.rates.get(&code).copied()
            }
        };
        if from == self.base {
            return self
                .rates
                .get(&to)
                .map(|&value| ReadRate { value, exact: true });
        }
        let (base_to_from, base_to_to) = (against_base(from)?, against_base(to)?);
        let value = base_to_to.checked_div(base_to_from)?;
        Some(ReadRate {
            value,
            exact: false,
        })
    }

    /// Every currency this day can be quoted in against `from`, `from`
    /// itself excluded: the stored quotes and the stored base.
    pub fn currencies_besides(&self, from: CurrencyCode) -> Vec<CurrencyCode> {
        let mut all: Vec<CurrencyCode> = self.rates.keys().copied().collect();
        all.push(self.base);
        all.sort();
        all.retain(|code| *code != from);
        all
    }

    /// Whether `code` can be read from this day (as the base or a quote).
    pub fn knows(&self, code: CurrencyCode) -> bool {
        code == self.base || self.rates.contains_key(&code)
    }
}

/// Chooses the source to read from. `explicit` (`--source`) wins whenever
/// given. Otherwise the first source in `order` (the provider order) that has
/// rows, else the other source with the newest day (by name on a tie).
/// `available` lists each source with rows in the window asked for and its
/// newest day there.
pub fn pick_source(
    explicit: Option<&str>,
    order: &[String],
    available: &[(String, NaiveDate)],
) -> Option<String> {
    if let Some(source) = explicit {
        return available
            .iter()
            .any(|(name, _)| name == source)
            .then(|| source.to_owned());
    }
    if let Some(first) = order
        .iter()
        .find(|name| available.iter().any(|(stored, _)| stored == *name))
    {
        return Some(first.clone());
    }
    available
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(name, _)| name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> CurrencyCode {
        s.parse().expect("test code")
    }

    fn dec(s: &str) -> Decimal {
        s.parse().expect("test decimal")
    }

    fn ecb_day() -> DayTable {
        let rows: Vec<_> = [("USD", "1.0705"), ("JPY", "171.94"), ("GBP", "0.84638")]
            .into_iter()
            .map(|(quote, rate)| (CurrencyCode::EUR, code(quote), dec(rate)))
            .collect();
        DayTable::from_rows(&rows, None).expect("a day")
    }

    #[test]
    fn stored_rates_come_back_exactly() {
        let rate = ecb_day().rate(CurrencyCode::EUR, code("GBP")).expect("GBP");
        assert!(rate.exact);
        assert_eq!(rate.to_string(), "0.84638");
    }

    #[test]
    fn cross_rates_match_hand_computed_decimals() {
        let day = ecb_day();
        // 0.84638 / 1.0705 = 0.790639887902849...
        let usd_gbp = day.rate(code("USD"), code("GBP")).expect("USD→GBP");
        assert!(!usd_gbp.exact);
        assert_eq!(usd_gbp.to_string(), "0.790640");
        // 171.94 / 1.0705 = 160.616534329752...
        assert_eq!(
            day.rate(code("USD"), code("JPY")).expect("JPY").to_string(),
            "160.617"
        );
        // 1 / 1.0705 = 0.934142923867351...
        assert_eq!(
            day.rate(code("USD"), CurrencyCode::EUR)
                .expect("EUR")
                .to_string(),
            "0.934143"
        );
        assert_eq!(
            day.rate(code("USD"), code("USD")).expect("USD").to_string(),
            "1"
        );
        assert_eq!(day.rate(code("USD"), code("CHF")), None);
        assert_eq!(day.rate(code("CHF"), code("USD")), None);
    }

    #[test]
    fn six_significant_digits_keep_trailing_zeros_and_round_half_away() {
        assert_eq!(significant(dec("0.5"), 6).to_string(), "0.500000");
        assert_eq!(significant(dec("2"), 6).to_string(), "2.00000");
        assert_eq!(significant(dec("1.2345650"), 6).to_string(), "1.23457");
        assert_eq!(significant(dec("-1.2345650"), 6).to_string(), "-1.23457");
        assert_eq!(
            significant(dec("0.000123456789"), 6).to_string(),
            "0.000123457"
        );
        assert_eq!(significant(dec("16335.9551"), 6).to_string(), "16336.0");
        assert_eq!(
            significant(dec("1234567890.5"), 6).to_string(),
            "1234570000"
        );
    }

    #[test]
    fn the_base_asked_for_is_read_when_stored() {
        let rows = vec![
            (CurrencyCode::EUR, code("USD"), dec("1.07")),
            (CurrencyCode::EUR, code("GBP"), dec("0.85")),
            (code("USD"), code("GBP"), dec("0.79")),
        ];
        assert_eq!(
            DayTable::from_rows(&rows, Some(code("USD")))
                .expect("day")
                .base,
            code("USD")
        );
        assert_eq!(
            DayTable::from_rows(&rows, Some(code("JPY")))
                .expect("day")
                .base,
            CurrencyCode::EUR
        );
        assert_eq!(DayTable::from_rows(&[], None), None);
    }

    #[test]
    fn sources_follow_the_explicit_choice_then_the_order_then_the_newest() {
        let day = |s: &str| crate::model::parse_date(s).expect("date");
        let order = vec!["ecb".to_owned(), "oxr".to_owned()];
        let available = vec![
            ("frankfurter".to_owned(), day("2024-06-28")),
            ("oxr".to_owned(), day("2024-06-27")),
            ("test".to_owned(), day("2024-06-28")),
        ];
        assert_eq!(
            pick_source(None, &order, &available).as_deref(),
            Some("oxr")
        );
        assert_eq!(
            pick_source(None, &order[..1], &available).as_deref(),
            Some("frankfurter")
        );
        assert_eq!(
            pick_source(Some("test"), &order, &available).as_deref(),
            Some("test")
        );
        assert_eq!(pick_source(Some("ecb"), &order, &available), None);
        assert_eq!(pick_source(None, &order, &[]), None);
    }
}
