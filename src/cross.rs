//! Rates read back from the table, for the pair a reader asks for.
//!
//! A stored rate means `unit` base = `rate` quote, in the publisher's
//! direction, one side of it the publisher's home currency. A pair the
//! publisher printed is read exactly as printed. Any other pair — the
//! reverse of a printed one, or two currencies priced against the home
//! currency — is computed through the home currency in decimal arithmetic
//! (never through binary floating point), and shown rounded to
//! [`SIGNIFICANT_DIGITS`] significant digits, half away from zero. Which
//! source answers is decided by [`pick_source`].

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::{CurrencyCode, Unit};
use crate::store::StoredRate;

/// How many significant digits a computed (cross) rate is shown with.
pub const SIGNIFICANT_DIGITS: u32 = 6;

/// One rate as a reader sees it: printed by the publisher (exact) or
/// computed from printed ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadRate {
    /// Units of quote per ONE unit of base, unrounded; a computed one
    /// carries up to 28 digits.
    pub value: Decimal,
    /// True when the pair was printed as such (or is a currency against
    /// itself), false when it was computed.
    pub exact: bool,
    /// As printed: `unit` base = `printed` quote. A computed rate is per 1.
    pub unit: Unit,
    pub printed: Decimal,
}

impl ReadRate {
    fn exact(unit: Unit, printed: Decimal) -> Option<ReadRate> {
        // Dividing by a power of ten moves the point: exact, and the
        // printed digits (trailing zeros included) stay.
        let mut value = printed;
        value.set_scale(printed.scale() + unit.exponent()).ok()?;
        Some(ReadRate {
            value,
            exact: true,
            unit,
            printed,
        })
    }

    fn computed(value: Decimal) -> ReadRate {
        ReadRate {
            value,
            exact: false,
            unit: Unit::ONE,
            printed: value,
        }
    }

    /// The value per one unit of base as printed: a printed rate exactly
    /// (`6.304` per 100 HUF is `0.06304`), a computed one rounded to
    /// [`SIGNIFICANT_DIGITS`] significant digits (trailing zeros kept).
    pub fn shown(&self) -> Decimal {
        if self.exact {
            self.value
        } else {
            significant(self.value, SIGNIFICANT_DIGITS)
        }
    }

    /// The figure as printed for [`ReadRate::unit`] units: a printed rate
    /// with its digits and trailing zeros, a computed one as
    /// [`ReadRate::shown`].
    pub fn shown_printed(&self) -> Decimal {
        if self.exact {
            self.printed
        } else {
            self.shown()
        }
    }
}

impl fmt::Display for ReadRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.exact && self.unit == Unit::ONE {
            fmt::Display::fmt(&self.printed, f)
        } else {
            fmt::Display::fmt(&self.shown(), f)
        }
    }
}

/// `value` rounded half away from zero to `digits` significant digits, with
/// exactly that many digits shown (`0.5` → `0.500000`).
pub fn significant(value: Decimal, digits: u32) -> Decimal {
    value
        .round_sf_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero)
        .unwrap_or(value)
}

/// The rates one source stored for one day against one home currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayTable {
    /// The currency on one side of every rate read.
    pub home: CurrencyCode,
    /// The other currency of each rate → the rate as stored.
    pub rates: BTreeMap<CurrencyCode, StoredRate>,
}

impl DayTable {
    /// Picks, among the stored rows of one day, the home currency to read
    /// through: `fixed_home` (a central bank's own currency) when it is
    /// stored; else `wanted` when stored as a base; else the base with the
    /// most quotes (the first in alphabetical order on a tie). Only the rows
    /// involving it are read. `None` when `rows` is empty.
    pub fn from_rows(
        rows: &[StoredRate],
        wanted: Option<CurrencyCode>,
        fixed_home: Option<CurrencyCode>,
    ) -> Option<DayTable> {
        let involves = |code: CurrencyCode| rows.iter().any(|r| r.base == code || r.quote == code);
        let home = match fixed_home.filter(|home| involves(*home)) {
            Some(home) => home,
            None => {
                let mut by_base: BTreeMap<CurrencyCode, usize> = BTreeMap::new();
                for row in rows {
                    *by_base.entry(row.base).or_default() += 1;
                }
                match wanted.filter(|w| by_base.contains_key(w)) {
                    Some(base) => base,
                    None => {
                        let most = by_base.values().copied().max()?;
                        *by_base.iter().find(|(_, n)| **n == most)?.0
                    }
                }
            }
        };
        let mut rates = BTreeMap::new();
        for row in rows {
            let other = if row.base == home {
                row.quote
            } else if row.quote == home {
                row.base
            } else {
                continue;
            };
            rates.entry(other).or_insert(*row);
        }
        (!rates.is_empty()).then_some(DayTable { home, rates })
    }

    /// `code` priced in the home currency, as a fraction `(num, den)`: one
    /// unit of `code` = num / den home. Kept as a fraction so that a cross
    /// rate divides once, as `(B→Q) ÷ (B→X)` always did.
    fn in_home(&self, code: CurrencyCode) -> Option<(Decimal, Decimal)> {
        if code == self.home {
            return Some((Decimal::ONE, Decimal::ONE));
        }
        let row = self.rates.get(&code)?;
        let unit = Decimal::from(row.unit.count());
        Some(if row.base == code {
            (row.rate, unit)
        } else {
            (unit, row.rate)
        })
    }

    /// 1 `from` = ? `to`, or `None` when either currency is missing. The
    /// pair as printed is exact; any other is computed.
    pub fn rate(&self, from: CurrencyCode, to: CurrencyCode) -> Option<ReadRate> {
        if from == to {
            return ReadRate::exact(Unit::ONE, Decimal::ONE);
        }
        if let Some(row) = self.printed(from, to) {
            return ReadRate::exact(row.unit, row.rate);
        }
        let (from_num, from_den) = self.in_home(from)?;
        let (to_num, to_den) = self.in_home(to)?;
        let value = from_num
            .checked_mul(to_den)?
            .checked_div(from_den.checked_mul(to_num)?)?;
        Some(ReadRate::computed(value))
    }

    /// The row printed as `unit from = rate to`, if there is one.
    fn printed(&self, from: CurrencyCode, to: CurrencyCode) -> Option<&StoredRate> {
        let other = if from == self.home { to } else { from };
        self.rates
            .get(&other)
            .filter(|row| row.base == from && row.quote == to)
    }

    /// The pair `code` was printed in, `(base, quote)`: against the home
    /// currency, in the publisher's direction.
    pub fn printed_pair(&self, code: CurrencyCode) -> Option<(CurrencyCode, CurrencyCode)> {
        if code == self.home {
            return Some((code, code));
        }
        self.rates.get(&code).map(|row| (row.base, row.quote))
    }

    /// Whether every rate of the day is printed per one unit of the home
    /// currency (`1 EUR = … USD`): the shape a table names once in its title.
    pub fn home_is_base(&self) -> bool {
        self.rates
            .values()
            .all(|row| row.base == self.home && row.unit == Unit::ONE)
    }

    /// Every currency this day can be quoted in against `from`, `from`
    /// itself excluded: the stored ones and the home currency.
    pub fn currencies_besides(&self, from: CurrencyCode) -> Vec<CurrencyCode> {
        let mut all: Vec<CurrencyCode> = self.rates.keys().copied().collect();
        all.push(self.home);
        all.sort();
        all.retain(|code| *code != from);
        all
    }

    /// Whether `code` can be read from this day (as the home or another currency).
    pub fn knows(&self, code: CurrencyCode) -> bool {
        code == self.home || self.rates.contains_key(&code)
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

    fn row(base: &str, quote: &str, unit: u32, rate: &str) -> StoredRate {
        StoredRate {
            base: code(base),
            quote: code(quote),
            unit: Unit::from_count(&unit.to_string()).expect("unit"),
            rate: dec(rate),
        }
    }

    fn ecb_day() -> DayTable {
        let rows: Vec<_> = [("USD", "1.0705"), ("JPY", "171.94"), ("GBP", "0.84638")]
            .into_iter()
            .map(|(quote, rate)| row("EUR", quote, 1, rate))
            .collect();
        DayTable::from_rows(&rows, None, None).expect("a day")
    }

    fn cnb_day() -> DayTable {
        let rows = vec![
            row("HUF", "CZK", 100, "6.304"),
            row("EUR", "CZK", 1, "24.170"),
            row("IDR", "CZK", 1000, "1.233"),
        ];
        DayTable::from_rows(&rows, None, Some(code("CZK"))).expect("a day")
    }

    #[test]
    fn a_printed_pair_is_read_per_its_unit_and_other_pairs_are_computed() {
        let day = cnb_day();
        let huf = day.rate(code("HUF"), code("CZK")).expect("HUF");
        assert!(huf.exact);
        assert_eq!(
            (huf.unit.count(), huf.printed.to_string()),
            (100, "6.304".to_owned())
        );
        assert_eq!(huf.value.to_string(), "0.06304");
        assert_eq!(huf.to_string(), "0.06304");
        let eur = day.rate(code("EUR"), code("CZK")).expect("EUR");
        assert_eq!(eur.to_string(), "24.170");
        // The other way round: 1 / 24.170 = 0.04137360364...
        let czk_eur = day.rate(code("CZK"), code("EUR")).expect("CZK→EUR");
        assert!(!czk_eur.exact);
        assert_eq!(czk_eur.to_string(), "0.0413736");
        // Through CZK: 24.170 / 0.06304 = 383.4073604...
        let eur_huf = day.rate(code("EUR"), code("HUF")).expect("EUR→HUF");
        assert!(!eur_huf.exact);
        assert_eq!(eur_huf.to_string(), "383.407");
        assert_eq!(
            day.printed_pair(code("IDR")),
            Some((code("IDR"), code("CZK")))
        );
        assert!(!day.home_is_base());
        assert!(ecb_day().home_is_base());
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
            row("EUR", "USD", 1, "1.07"),
            row("EUR", "GBP", 1, "0.85"),
            row("USD", "GBP", 1, "0.79"),
        ];
        assert_eq!(
            DayTable::from_rows(&rows, Some(code("USD")), None)
                .expect("day")
                .home,
            code("USD")
        );
        assert_eq!(
            DayTable::from_rows(&rows, Some(code("JPY")), None)
                .expect("day")
                .home,
            CurrencyCode::EUR
        );
        assert_eq!(DayTable::from_rows(&[], None, None), None);
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
