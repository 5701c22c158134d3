//! The domain types every provider produces and the store consumes: currency
//! codes, exact rates and one published day of them.
//!
//! Each type validates on construction, so a value that exists is a value that
//! may be stored: a `CurrencyCode` is three uppercase ASCII letters, a `Rate` is
//! a positive decimal parsed without rounding, and a `DayRates` holds at least
//! one rate and no currency twice.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};
use rust_decimal::Decimal;

/// The first day the ECB published euro reference rates. No provider has
/// reference rates before it, so an earlier date in a document is an error.
pub const FIRST_RATE_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1999, 1, 4) {
    Some(day) => day,
    None => panic!("1999-01-04 is a valid date"),
};

/// An ISO 4217-style currency code: exactly three uppercase ASCII letters.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurrencyCode([u8; 3]);

impl CurrencyCode {
    /// The euro, base currency of the ECB reference rates.
    pub const EUR: CurrencyCode = CurrencyCode(*b"EUR");

    /// The code as a string slice.
    pub fn as_str(&self) -> &str {
        // Construction admits only ASCII uppercase letters.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl FromStr for CurrencyCode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => {
                Ok(CurrencyCode([a, b, c]))
            }
            _ => Err(format!(
                "invalid currency code {s:?} (expected three uppercase letters)"
            )),
        }
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

/// A positive exchange rate, held exactly as it was published: `0.83380`
/// keeps its trailing zero and is never rounded through a binary float.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(Decimal);

impl Rate {
    /// The exact decimal value.
    pub fn value(&self) -> Decimal {
        self.0
    }
}

impl FromStr for Rate {
    type Err = String;

    /// Accepts plain decimal notation only (`123`, `1.0705`): no sign, no
    /// exponent, no separators, no surrounding space. Digits beyond what a
    /// 96-bit decimal holds are refused rather than rounded.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || format!("invalid rate {s:?} (expected a positive decimal number)");
        let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(int) || !digits(frac) {
            return Err(invalid());
        }
        let value = Decimal::from_str_exact(s).map_err(|_| invalid())?;
        if value <= Decimal::ZERO {
            return Err(format!(
                "invalid rate {s:?} (a rate must be greater than zero)"
            ));
        }
        Ok(Rate(value))
    }
}

impl Rate {
    /// Parses the text of a JSON number exactly, as JSON providers write
    /// them: plain notation as [`Rate::from_str`] accepts, or an exponent
    /// (`6.1e-05`) when the value still fits a 96-bit decimal exactly.
    /// Negative, zero, and out-of-range values are refused.
    pub fn from_json_number(s: &str) -> Result<Self, String> {
        if s.starts_with('-') {
            return Err(format!(
                "invalid rate {s} (a rate must be greater than zero)"
            ));
        }
        if !s.contains(['e', 'E']) {
            return s.parse();
        }
        let invalid = || format!("invalid rate {s} (expected a positive decimal number)");
        let value = Decimal::from_scientific(s).map_err(|_| invalid())?;
        if value <= Decimal::ZERO {
            return Err(format!(
                "invalid rate {s} (a rate must be greater than zero)"
            ));
        }
        Ok(Rate(value))
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

/// Parses a calendar date written exactly as `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let well_formed = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    well_formed
        .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| format!("invalid date {s:?} (expected YYYY-MM-DD)"))
}

/// The English name of a date's weekday, for messages such as "a Saturday".
pub fn weekday_name(day: NaiveDate) -> &'static str {
    match day.weekday() {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// Every rate one provider published for one day against one base currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayRates {
    date: NaiveDate,
    base: CurrencyCode,
    rates: Vec<(CurrencyCode, Rate)>,
}

impl DayRates {
    /// Builds a day, refusing one with no rates, a quote equal to the base, or a
    /// currency listed twice. Rates are kept in the order given.
    pub fn new(
        date: NaiveDate,
        base: CurrencyCode,
        rates: Vec<(CurrencyCode, Rate)>,
    ) -> Result<Self, String> {
        if rates.is_empty() {
            return Err(format!("day {date} has no rates"));
        }
        for (i, (quote, _)) in rates.iter().enumerate() {
            if *quote == base {
                return Err(format!("day {date}: {quote} is quoted against itself"));
            }
            if rates[..i].iter().any(|(earlier, _)| earlier == quote) {
                return Err(format!("day {date}: currency {quote} appears twice"));
            }
        }
        Ok(DayRates { date, base, rates })
    }

    /// The day the rates were published for.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The currency every rate is quoted against (1 base = rate × quote).
    pub fn base(&self) -> CurrencyCode {
        self.base
    }

    /// The quote currencies and their rates, in published order.
    pub fn rates(&self) -> &[(CurrencyCode, Rate)] {
        &self.rates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    #[test]
    fn currency_codes_are_three_uppercase_letters() {
        assert_eq!(
            "USD".parse::<CurrencyCode>().map(|c| c.to_string()),
            Ok("USD".into())
        );
        for bad in ["usd", "US", "USDX", "", "U$D", "ÜSD", "US "] {
            assert!(bad.parse::<CurrencyCode>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn rates_keep_their_exact_digits() {
        let rate: Rate = "0.83380".parse().expect("valid");
        assert_eq!(rate.to_string(), "0.83380");
        assert_eq!(
            "395.10".parse::<Rate>().map(|r| r.to_string()),
            Ok("395.10".into())
        );
        assert_eq!("7".parse::<Rate>().map(|r| r.to_string()), Ok("7".into()));
    }

    #[test]
    fn rates_that_are_not_positive_plain_decimals_are_refused() {
        for bad in [
            "0", "0.000", "-1.2", "+1.2", "1e3", "1e999", "NaN", "inf", "", ".5", "5.", "1,5",
            "1_000", " 1.2", "1.2 ", "0x10", "1.2.3",
        ] {
            assert!(bad.parse::<Rate>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn rates_with_more_digits_than_fit_are_refused_not_rounded() {
        assert!("1.00000000000000000000000000001".parse::<Rate>().is_err());
        assert!("99999999999999999999999999999999".parse::<Rate>().is_err());
    }

    #[test]
    fn json_numbers_parse_exactly_with_or_without_exponent() {
        let parse = |s: &str| Rate::from_json_number(s).map(|r| r.to_string());
        assert_eq!(parse("1.5248"), Ok("1.5248".into()));
        assert_eq!(parse("0.812511"), Ok("0.812511".into()));
        assert_eq!(parse("6.1e-05"), Ok("0.000061".into()));
        assert_eq!(parse("1.5E2"), Ok("150".into()));
        for bad in [
            "-1.2", "0", "0.0", "-6.1e-05", "0e5", "1e999", "1e-999", "\"1.2\"", "null",
        ] {
            assert!(Rate::from_json_number(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn dates_must_be_iso_calendar_dates() {
        assert_eq!(parse_date("2024-06-28"), Ok(day("2024-06-28")));
        for bad in [
            "2024-6-28",
            "2024-02-30",
            "28.06.2024",
            "2024-06-28T00:00",
            "",
            "20240628",
        ] {
            assert!(parse_date(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn a_day_refuses_no_rates_duplicates_and_self_quotes() {
        let usd: CurrencyCode = "USD".parse().expect("code");
        let one: Rate = "1.07".parse().expect("rate");
        let date = day("2024-06-28");
        assert!(DayRates::new(date, CurrencyCode::EUR, vec![]).is_err());
        assert!(DayRates::new(date, CurrencyCode::EUR, vec![(usd, one), (usd, one)]).is_err());
        assert!(DayRates::new(date, CurrencyCode::EUR, vec![(CurrencyCode::EUR, one)]).is_err());
        assert!(DayRates::new(date, CurrencyCode::EUR, vec![(usd, one)]).is_ok());
    }
}
