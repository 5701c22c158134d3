//! A rate as a reader sees it: printed by its publisher, exact, or computed
//! from printed ones and shown to [`SIGNIFICANT_DIGITS`] significant digits.
//! What the store's reads return and what `show` and `convert` present.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

use super::Unit;

/// How many significant digits a computed (cross) rate is shown with.
pub const SIGNIFICANT_DIGITS: u32 = 6;

/// One rate as a reader sees it: printed by the publisher (exact) or
/// computed from printed ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadRate {
    /// Units of quote per ONE unit of base, unrounded: exactly as the
    /// database gives it.
    pub value: Decimal,
    /// True when the pair was printed as such (or is a currency against
    /// itself), false when it was computed.
    pub exact: bool,
    /// As printed: `unit` base = `printed` quote. A computed rate is per 1.
    pub unit: Unit,
    pub printed: Decimal,
}

impl ReadRate {
    /// A printed rate: `unit` base = `printed` quote.
    pub fn printed(unit: Unit, printed: Decimal) -> Option<ReadRate> {
        // Dividing by a power of ten moves the point: exact, and the
        // printed digits (trailing zeros included) stay, as fx_per_unit does.
        let mut value = printed;
        value.set_scale(printed.scale() + unit.exponent()).ok()?;
        Some(ReadRate {
            value,
            exact: true,
            unit,
            printed,
        })
    }

    /// A rate computed from printed ones.
    pub fn computed(value: Decimal) -> ReadRate {
        ReadRate {
            value,
            exact: false,
            unit: Unit::ONE,
            printed: value,
        }
    }

    /// The value per one unit of base as shown: a printed rate exactly
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

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("test decimal")
    }

    #[test]
    fn computed_rates_show_six_significant_digits() {
        let rate = ReadRate::computed(dec("0.93414292386735170481"));
        assert_eq!(rate.to_string(), "0.934143");
        assert_eq!(rate.shown_printed().to_string(), "0.934143");
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
}
