//! The domain types every provider produces and the store consumes: currency
//! codes, exact rates, units and one published day of them.
//!
//! Each type validates on construction, so a value that exists is a value that
//! may be stored: a `CurrencyCode` is three uppercase ASCII letters, a `Rate` is
//! a positive decimal parsed without rounding, a `Unit` is a power of ten, and
//! a `DayRates` holds at least one rate, each between the publisher's home
//! currency and another one, and no currency twice.
//!
//! A rate is kept in the publisher's direction: `unit` units of `base` cost
//! `rate` units of `quote`, as printed. The NBP prints `1 USD = 3.6056 PLN`
//! (base USD, quote PLN), the CNB `100 HUF = 6.304 CZK` (unit 100), the ECB
//! `1 EUR = 1.0705 USD`. Nothing is inverted or rescaled at ingest.
//!
//! How many decimal places an amount of a currency has is
//! [`CurrencyCode::minor_unit`], from ISO 4217's table.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};
use rust_decimal::Decimal;

mod minor_unit;
mod read_rate;

pub use minor_unit::MinorUnit;
pub use read_rate::{ReadRate, SIGNIFICANT_DIGITS, significant};

/// The date `year`-`month`-`day`, for the dates the code states (a
/// provider's first day): one that is no date fails the build.
pub const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(day) => day,
        None => panic!("not a date"),
    }
}

/// Checks a day a document says it publishes: not before `first`, the first
/// day of the provider's history (its registry entry's), and not after
/// `today` + 1 (a publisher in a time zone ahead of UTC may already date
/// tomorrow). Every parser calls this one check, so every provider refuses
/// the same days in the same words.
pub fn check_published_day(
    day: NaiveDate,
    first: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, String> {
    if day < first {
        return Err(format!(
            "day {day} is before the first reference rates ({first})"
        ));
    }
    if day > today + chrono::Days::new(1) {
        return Err(format!("day {day} is in the future"));
    }
    Ok(day)
}

/// An ISO 4217-style currency code: exactly three uppercase ASCII letters.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurrencyCode([u8; 3]);

impl CurrencyCode {
    /// The euro, base currency of the ECB reference rates.
    pub const EUR: CurrencyCode = CurrencyCode(*b"EUR");

    /// The US dollar, base currency of Open Exchange Rates.
    pub const USD: CurrencyCode = CurrencyCode(*b"USD");

    /// The code of three uppercase ASCII letters; any other bytes fail to
    /// compile where used in a constant.
    pub const fn from_static(code: &[u8; 3]) -> CurrencyCode {
        assert!(
            code[0].is_ascii_uppercase()
                && code[1].is_ascii_uppercase()
                && code[2].is_ascii_uppercase()
        );
        CurrencyCode(*code)
    }

    /// The precious metals of ISO 4217: gold, silver, platinum, palladium.
    /// Their ISO unit is one troy ounce; a publisher that prices them per
    /// gram has them stored as [`Series::PerGram`].
    pub const METALS: [CurrencyCode; 4] = [
        CurrencyCode(*b"XAU"),
        CurrencyCode(*b"XAG"),
        CurrencyCode(*b"XPT"),
        CurrencyCode(*b"XPD"),
    ];

    /// Whether the code is one of [`CurrencyCode::METALS`].
    pub fn is_metal(self) -> bool {
        CurrencyCode::METALS.contains(&self)
    }

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
    /// Parses a rate printed with commas grouping the thousands of its
    /// whole part (`1,435.400000`, `17,123.45`), as [`Rate::from_str`]
    /// does the same digits without them. Commas out of place (`1,43.5`,
    /// `,435`, a comma after the point) are refused.
    pub fn from_grouped(s: &str) -> Result<Self, String> {
        if !s.contains(',') {
            return s.parse();
        }
        let (whole, fraction) = s.split_once('.').map_or((s, None), |(w, f)| (w, Some(f)));
        let plain = ungrouped(whole, ',')
            .filter(|_| fraction.is_none_or(|fraction| !fraction.contains(',')))
            .ok_or_else(|| format!("invalid rate {s:?} (thousands commas out of place)"))?;
        let plain = match fraction {
            Some(fraction) => format!("{plain}.{fraction}"),
            None => plain,
        };
        plain
            .parse()
            .map_err(|_| format!("invalid rate {s:?} (expected a positive decimal number)"))
    }

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
    if !well_formed {
        return Err(format!("invalid date {s:?} (expected YYYY-MM-DD)"));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("invalid date {s:?} (no such day)"))
}

/// `digits` without the `separator`s that group its thousands (`1,435` and
/// `1.000.000` as a publisher prints them): plain digits as they are, or a
/// first group of one to three digits followed by groups of three. `None`
/// for anything else, a separator out of place included.
fn ungrouped(digits: &str, separator: char) -> Option<String> {
    let all_digits = |group: &str| !group.is_empty() && group.bytes().all(|b| b.is_ascii_digit());
    let mut groups = digits.split(separator);
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let grouped = rest.is_empty()
        || (first.len() <= 3
            && rest
                .iter()
                .all(|group| group.len() == 3 && all_digits(group)));
    (all_digits(first) && grouped).then(|| digits.replace(separator, ""))
}

/// The English name of a date's weekday, for messages such as "a Saturday".
pub fn weekday_name(day: NaiveDate) -> &'static str {
    name_of_weekday(day.weekday())
}

/// The English name of `weekday`: "Monday".
pub fn name_of_weekday(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// How many units of the base currency a rate prices: 1, 10, 100, … up to
/// 1,000,000. Always a power of ten, so `rate / unit` is exact.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Unit(u32);

impl Unit {
    /// One unit: the rate is per one unit of the base.
    pub const ONE: Unit = Unit(1);

    /// The largest unit accepted; no publisher prices more at once.
    const MAX_EXPONENT: u32 = 6;

    /// `10^exponent` units, as SDMX's `UNIT_MULT` states it.
    pub fn from_exponent(exponent: u32) -> Result<Unit, String> {
        if exponent > Self::MAX_EXPONENT {
            return Err(format!(
                "invalid unit multiplier {exponent} (expected 0 to {})",
                Self::MAX_EXPONENT
            ));
        }
        Ok(Unit(10u32.pow(exponent)))
    }

    /// The unit printed as a count whose thousands are grouped by
    /// `separator` (`1.000` at the BCRA, `1,000` at the Bank of Thailand),
    /// or not grouped at all: [`Unit::from_count`] of its digits.
    pub fn from_grouped(count: &str, separator: char) -> Result<Unit, String> {
        let digits = ungrouped(count, separator).ok_or_else(|| {
            format!("invalid unit {count:?} (expected 1, 10, 100, … 1000000, thousands grouped by {separator:?})")
        })?;
        Unit::from_count(&digits)
    }

    /// The unit printed as a count of units (`1`, `100`, `1000`): a power of ten.
    pub fn from_count(count: &str) -> Result<Unit, String> {
        let invalid = || format!("invalid unit {count:?} (expected 1, 10, 100, … 1000000)");
        let digits = count.strip_prefix('1').ok_or_else(invalid)?;
        if digits.bytes().any(|b| b != b'0') {
            return Err(invalid());
        }
        let exponent = u32::try_from(digits.len()).map_err(|_| invalid())?;
        Unit::from_exponent(exponent).map_err(|_| invalid())
    }

    /// The number of units.
    pub fn count(self) -> u32 {
        self.0
    }

    /// The power of ten: 0 for one unit, 2 for 100.
    pub fn exponent(self) -> u32 {
        self.0.ilog10()
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

/// Which of a pair's rates a figure is. Most publishers print one rate a
/// pair, the mid; some (TCMB, PTAX) print buying and selling rates instead,
/// and no mid. Each is stored as printed, never averaged into another.
///
/// A metal priced per gram (BNR's and the CBA's gold) is a series of its
/// own, `per-gram`: ISO 4217's `XAU` is a troy ounce, so a price per gram
/// is never read as one, and no currency of the day shares the series, so
/// no cross reaches it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Series {
    #[default]
    Mid,
    /// The buying rate; of transfers where a publisher also prints that of
    /// sight bills.
    Buying,
    /// The buying rate of sight bills (the Bank of Thailand's).
    BuyingSight,
    Selling,
    BanknoteBuying,
    BanknoteSelling,
    /// The price of one gram of a metal (`XAU`, `XAG`, `XPT`, `XPD`).
    PerGram,
}

impl Series {
    /// Every series, in the order help and errors list them.
    pub const ALL: [Series; 7] = [
        Series::Mid,
        Series::Buying,
        Series::BuyingSight,
        Series::Selling,
        Series::BanknoteBuying,
        Series::BanknoteSelling,
        Series::PerGram,
    ];

    /// The name the `series` column and `--series` use.
    pub fn as_str(self) -> &'static str {
        match self {
            Series::Mid => "mid",
            Series::Buying => "buying",
            Series::BuyingSight => "buying-sight",
            Series::Selling => "selling",
            Series::BanknoteBuying => "banknote-buying",
            Series::BanknoteSelling => "banknote-selling",
            Series::PerGram => "per-gram",
        }
    }
}

impl fmt::Display for Series {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name in any case: `selling`, `Banknote-Buying`.
impl FromStr for Series {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Series::ALL
            .into_iter()
            .find(|series| series.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = Series::ALL.iter().map(|series| series.as_str()).collect();
                format!(
                    "unknown series {s:?} (expected one of {})",
                    names.join(", ")
                )
            })
    }
}

/// One published rate: `unit` units of `base` = `rate` units of `quote`, of
/// one [`Series`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Published {
    pub base: CurrencyCode,
    pub quote: CurrencyCode,
    pub unit: Unit,
    pub rate: Rate,
    pub series: Series,
}

impl Published {
    /// `1 base = rate quote`, a mid.
    pub fn new(base: CurrencyCode, quote: CurrencyCode, rate: Rate) -> Self {
        Published::per(Unit::ONE, base, quote, rate)
    }

    /// `unit base = rate quote`, a mid.
    pub fn per(unit: Unit, base: CurrencyCode, quote: CurrencyCode, rate: Rate) -> Self {
        Published {
            base,
            quote,
            unit,
            rate,
            series: Series::Mid,
        }
    }

    /// The same figure as a rate of `series`.
    pub fn of(self, series: Series) -> Self {
        Published { series, ..self }
    }

    /// The currency that is not `home`: the one the rate is about.
    pub fn other(&self, home: CurrencyCode) -> CurrencyCode {
        if self.base == home {
            self.quote
        } else {
            self.base
        }
    }
}

/// As a publisher prints it: `100 HUF = 6.304 CZK`.
impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} = {} {}",
            self.unit, self.base, self.rate, self.quote
        )?;
        if self.series != Series::Mid {
            write!(f, " ({})", self.series)?;
        }
        Ok(())
    }
}

/// Every rate one provider published for one day, each between the
/// publisher's home currency and one other currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayRates {
    date: NaiveDate,
    home: CurrencyCode,
    rates: Vec<Published>,
    reference: Option<String>,
    valid_until: Option<NaiveDate>,
}

impl DayRates {
    /// How many days after its first day a stated period may end at most.
    pub const LONGEST_PERIOD: u64 = 366;

    /// Builds a day, refusing one with no rates, a currency quoted against
    /// itself, a rate that does not involve `home`, a price per gram of
    /// anything but a metal, or a currency listed twice in one series. Rates are kept in the order given.
    pub fn new(date: NaiveDate, home: CurrencyCode, rates: Vec<Published>) -> Result<Self, String> {
        if rates.is_empty() {
            return Err(format!("day {date} has no rates"));
        }
        for (i, published) in rates.iter().enumerate() {
            let Published { base, quote, .. } = *published;
            if base == quote {
                return Err(format!("day {date}: {quote} is quoted against itself"));
            }
            if base != home && quote != home {
                return Err(format!(
                    "day {date}: a rate of {base} in {quote} is not against {home}"
                ));
            }
            let other = published.other(home);
            if published.series == Series::PerGram && !other.is_metal() {
                return Err(format!(
                    "day {date}: {other} is no metal, so it has no price per gram"
                ));
            }
            if rates[..i]
                .iter()
                .any(|earlier| earlier.other(home) == other && earlier.series == published.series)
            {
                return Err(match published.series {
                    Series::Mid => format!("day {date}: currency {other} appears twice"),
                    series => format!("day {date}: the {series} rate of {other} appears twice"),
                });
            }
        }
        Ok(DayRates {
            date,
            home,
            rates,
            reference: None,
            valid_until: None,
        })
    }

    /// A day of rates `1 base = rate quote`, one per quote: the shape of the
    /// ECB, Frankfurter and OXR.
    pub fn against(
        date: NaiveDate,
        base: CurrencyCode,
        rates: Vec<(CurrencyCode, Rate)>,
    ) -> Result<Self, String> {
        let rates = rates
            .into_iter()
            .map(|(quote, rate)| Published::new(base, quote, rate))
            .collect();
        DayRates::new(date, base, rates)
    }

    /// The same day carrying the publisher's reference for it, e.g. the NBP
    /// table number `041/A/NBP/2026`.
    pub fn with_reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = Some(reference.into());
        self
    }

    /// The same day in force until `until`, the last day of the period the
    /// publisher states (HMRC's end date, the month InforEuro was asked for),
    /// refusing a period that ends before it starts or more than
    /// [`DayRates::LONGEST_PERIOD`] days after (the schema's
    /// `rates_period`). Without one, a day is in force until the next one,
    /// looking back at most ten days.
    pub fn valid_until(mut self, until: NaiveDate) -> Result<Self, String> {
        if until < self.date {
            return Err(format!(
                "day {}: a period ending on {until} ends before it starts",
                self.date
            ));
        }
        if until > self.date + chrono::Days::new(Self::LONGEST_PERIOD) {
            return Err(format!(
                "day {}: a period ending on {until} is longer than a year",
                self.date
            ));
        }
        self.valid_until = Some(until);
        Ok(self)
    }

    /// The last day of the period the publisher states, if it states one.
    pub fn period_end(&self) -> Option<NaiveDate> {
        self.valid_until
    }

    /// The last day the rates may be in force: the end of the stated period,
    /// or the day itself.
    pub fn last_day(&self) -> NaiveDate {
        self.valid_until.unwrap_or(self.date)
    }

    /// The day the rates were published for: the first day they are in
    /// force.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The publisher's home currency: one side of every rate of the day.
    pub fn home(&self) -> CurrencyCode {
        self.home
    }

    /// The rates, in published order.
    pub fn rates(&self) -> &[Published] {
        &self.rates
    }

    /// The publisher's reference for the day (a table number), if it has one.
    pub fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }

    /// The day keeping only the rates `keep` accepts, or `None` when it
    /// accepts none.
    pub fn retain(mut self, keep: impl Fn(&Published) -> bool) -> Option<Self> {
        self.rates.retain(|published| keep(published));
        (!self.rates.is_empty()).then_some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    #[test]
    fn a_unit_with_its_thousands_grouped_is_a_power_of_ten() {
        for (count, separator, units) in [
            ("1.000", '.', 1000),
            ("1.000.000", '.', 1_000_000),
            ("1,000", ',', 1000),
            ("1000", ',', 1000),
            ("100", '.', 100),
        ] {
            assert_eq!(
                Unit::from_grouped(count, separator).map(Unit::count),
                Ok(units),
                "{count}"
            );
        }
        for (count, separator) in [
            ("1,000", '.'),
            ("10.00", '.'),
            ("1000,000", ','),
            ("", ','),
            ("5", '.'),
        ] {
            assert!(Unit::from_grouped(count, separator).is_err(), "{count}");
        }
        assert_eq!(
            Unit::from_grouped("10.00", '.'),
            Err(
                "invalid unit \"10.00\" (expected 1, 10, 100, … 1000000, thousands grouped by '.')"
                    .to_owned()
            )
        );
    }

    #[test]
    fn a_rate_with_thousands_commas_keeps_its_digits() {
        for (text, value) in [
            ("1,435.400000", "1435.400000"),
            ("17,123.45", "17123.45"),
            ("1,234,567.8", "1234567.8"),
            ("999.50", "999.50"),
        ] {
            assert_eq!(
                Rate::from_grouped(text).map(|rate| rate.to_string()),
                Ok(value.to_owned())
            );
        }
        for text in [
            "1,43.5", ",435.4", "1435,", "1,4350.1", "1.435,4", "1,,435", "0,000.0",
        ] {
            assert!(Rate::from_grouped(text).is_err(), "{text} accepted");
        }
        assert_eq!(
            Rate::from_grouped("12,34.5"),
            Err("invalid rate \"12,34.5\" (thousands commas out of place)".to_owned())
        );
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

    /// Regression: 2026-02-29 was refused as "(expected YYYY-MM-DD)", which
    /// it is; the day is what does not exist.
    #[test]
    fn a_well_formed_date_that_does_not_exist_says_so() {
        assert_eq!(
            parse_date("2026-02-29"),
            Err("invalid date \"2026-02-29\" (no such day)".to_owned())
        );
        assert!(parse_date("2028-02-29").is_ok());
        assert_eq!(
            parse_date("2026-2-28"),
            Err("invalid date \"2026-2-28\" (expected YYYY-MM-DD)".to_owned())
        );
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
    fn a_stated_period_ends_on_or_after_its_first_day() {
        let gbp = CurrencyCode::from_static(b"GBP");
        let usd = CurrencyCode::from_static(b"USD");
        let rate: Rate = "1.3452".parse().expect("rate");
        let august = DayRates::against(day("2026-08-01"), gbp, vec![(usd, rate)]).expect("day");
        assert_eq!(august.period_end(), None);
        assert_eq!(august.last_day(), day("2026-08-01"));
        let stated = august
            .clone()
            .valid_until(day("2026-08-31"))
            .expect("a month");
        assert_eq!(stated.period_end(), Some(day("2026-08-31")));
        assert_eq!(stated.last_day(), day("2026-08-31"));
        assert!(august.clone().valid_until(day("2026-08-01")).is_ok());
        let backwards = august
            .clone()
            .valid_until(day("2026-07-31"))
            .expect_err("ends before it starts");
        assert!(backwards.contains("ends before it starts"), "{backwards}");
        assert!(august.clone().valid_until(day("2027-08-02")).is_ok());
        let endless = august
            .valid_until(day("2027-08-03"))
            .expect_err("longer than a year");
        assert!(endless.contains("longer than a year"), "{endless}");
    }

    #[test]
    fn a_day_refuses_no_rates_duplicates_and_self_quotes() {
        let usd: CurrencyCode = "USD".parse().expect("code");
        let one: Rate = "1.07".parse().expect("rate");
        let date = day("2024-06-28");
        assert!(DayRates::against(date, CurrencyCode::EUR, vec![]).is_err());
        assert!(DayRates::against(date, CurrencyCode::EUR, vec![(usd, one), (usd, one)]).is_err());
        assert!(
            DayRates::against(date, CurrencyCode::EUR, vec![(CurrencyCode::EUR, one)]).is_err()
        );
        assert!(DayRates::against(date, CurrencyCode::EUR, vec![(usd, one)]).is_ok());
    }

    #[test]
    fn a_day_holds_each_currency_once_against_the_home_currency_either_way() {
        let code = |s: &str| s.parse::<CurrencyCode>().expect("code");
        let rate = |s: &str| s.parse::<Rate>().expect("rate");
        let (pln, usd, huf) = (code("PLN"), code("USD"), code("HUF"));
        let date = day("2026-03-02");
        let nbp = DayRates::new(
            date,
            pln,
            vec![
                Published::new(usd, pln, rate("3.6056")),
                Published::per(
                    Unit::from_count("100").expect("unit"),
                    huf,
                    pln,
                    rate("1.0912"),
                ),
            ],
        )
        .expect("valid");
        assert_eq!(nbp.rates()[1].other(pln), huf);
        assert_eq!(nbp.rates()[1].to_string(), "100 HUF = 1.0912 PLN");
        let both_ways = vec![
            Published::new(usd, pln, rate("3.6")),
            Published::new(pln, usd, rate("0.27")),
        ];
        let err = DayRates::new(date, pln, both_ways).expect_err("USD twice");
        assert_eq!(err, "day 2026-03-02: currency USD appears twice");
        let elsewhere = vec![Published::new(usd, huf, rate("360"))];
        let err = DayRates::new(date, pln, elsewhere).expect_err("not against PLN");
        assert_eq!(
            err,
            "day 2026-03-02: a rate of USD in HUF is not against PLN"
        );
    }

    #[test]
    fn the_series_of_a_pair_are_rates_of_their_own() {
        let code = |s: &str| s.parse::<CurrencyCode>().expect("code");
        let rate = |s: &str| s.parse::<Rate>().expect("rate");
        let (brl, usd) = (code("BRL"), code("USD"));
        let date = day("2026-03-02");
        let buying = Published::new(usd, brl, rate("5.19950")).of(Series::Buying);
        let selling = Published::new(usd, brl, rate("5.20010")).of(Series::Selling);
        let ptax = DayRates::new(date, brl, vec![buying, selling]).expect("two series");
        assert_eq!(ptax.rates()[1].to_string(), "1 USD = 5.20010 BRL (selling)");
        let err = DayRates::new(date, brl, vec![selling, selling]).expect_err("twice");
        assert_eq!(err, "day 2026-03-02: the selling rate of USD appears twice");
    }

    #[test]
    fn only_a_metal_has_a_price_per_gram() {
        let code = |s: &str| s.parse::<CurrencyCode>().expect("code");
        let rate = |s: &str| s.parse::<Rate>().expect("rate");
        let (ron, date) = (code("RON"), day("2026-01-05"));
        let usd = Published::new(code("USD"), ron, rate("4.3651"));
        let gold = Published::new(code("XAU"), ron, rate("621.3365")).of(Series::PerGram);
        let bnr = DayRates::new(date, ron, vec![usd, gold]).expect("a currency and a metal");
        assert_eq!(
            bnr.rates()[1].to_string(),
            "1 XAU = 621.3365 RON (per-gram)"
        );
        assert!(CurrencyCode::METALS.iter().all(|metal| metal.is_metal()));
        assert!(!code("XDR").is_metal());
        let err = DayRates::new(date, ron, vec![usd.of(Series::PerGram)]).expect_err("USD");
        assert_eq!(
            err,
            "day 2026-01-05: USD is no metal, so it has no price per gram"
        );
    }

    #[test]
    fn series_are_named_in_any_case_and_a_wrong_name_lists_them() {
        assert_eq!("Selling".parse(), Ok(Series::Selling));
        assert_eq!("banknote-BUYING".parse(), Ok(Series::BanknoteBuying));
        for series in Series::ALL {
            assert_eq!(series.as_str().parse(), Ok(series));
        }
        assert_eq!(
            "average".parse::<Series>(),
            Err(
                "unknown series \"average\" (expected one of mid, buying, buying-sight, selling, \
                 banknote-buying, banknote-selling, per-gram)"
                    .to_owned()
            )
        );
    }

    #[test]
    fn units_are_powers_of_ten() {
        for (count, units) in [
            ("1", 1),
            ("10", 10),
            ("100", 100),
            ("1000", 1000),
            ("1000000", 1_000_000),
        ] {
            assert_eq!(Unit::from_count(count).map(Unit::count), Ok(units));
        }
        for bad in ["0", "", "2", "50", "100.0", "10000000", "01", "1e3", "-1"] {
            assert!(Unit::from_count(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(Unit::from_exponent(2).map(Unit::count), Ok(100));
        assert!(Unit::from_exponent(7).is_err());
    }

    #[test]
    fn published_days_are_checked_against_one_window() {
        let today = day("2026-03-02");
        assert_eq!(
            check_published_day(day("2026-03-03"), day("1999-01-04"), today),
            Ok(day("2026-03-03"))
        );
        assert_eq!(
            check_published_day(day("2026-03-04"), day("1999-01-04"), today),
            Err("day 2026-03-04 is in the future".to_owned())
        );
        assert_eq!(
            check_published_day(day("1998-12-31"), day("1999-01-04"), today),
            Err("day 1998-12-31 is before the first reference rates (1999-01-04)".to_owned())
        );
    }
}
