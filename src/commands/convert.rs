//! `fxrates convert AMOUNT FROM TO`: an amount at a stored rate, with the
//! rate and the day used.
//!
//! Read-only, with `show`'s fallback (the newest stored day on or before the
//! day asked for) and precision: the amount is AMOUNT × the unrounded rate,
//! rounded half away from zero to the decimal places of TO's ISO 4217 minor
//! unit (JPY 0, EUR 2, KWD 3, CLF 4), or left unrounded, and said to be, for
//! a code without one (gold, the SDR, a code outside the table); the rate is
//! shown as stored, or to 6 significant digits when it is a cross rate.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use clap::Args;

use crate::commands::Config;
use crate::commands::args::not_after_today;
use crate::commands::args::{SourceArgs, parse_date, parse_symbol};
use crate::error::Error;
use crate::model::{CurrencyCode, MinorUnit, Series};
use crate::read::{ReadRate, Sources, figures, period_note, read_day, source_label};
use crate::store;

/// Options of `fxrates convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The amount, a plain decimal: 100, 1250.50, -20 (no exponent, no separators).
    #[arg(value_parser = parse_amount, allow_negative_numbers = true)]
    pub amount: Decimal,

    /// The currency of the amount (any case).
    #[arg(value_parser = parse_symbol)]
    pub from: CurrencyCode,

    /// The currency to convert to (any case).
    #[arg(value_parser = parse_symbol)]
    pub to: CurrencyCode,

    /// Convert at the rates of this day, or of the newest stored day before
    /// it [default: today (UTC)]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,

    #[command(flatten)]
    pub sources: SourceArgs,
}

/// A plain decimal amount: an optional `-`, digits, and optionally a point
/// and more digits. Exponents, separators and digits beyond what a 96-bit
/// decimal holds are refused, never rounded.
fn parse_amount(s: &str) -> Result<Decimal, String> {
    let invalid =
        || format!("invalid amount {s:?} (expected a plain decimal number such as 100 or 12.50)");
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) {
        return Err(invalid());
    }
    Decimal::from_str_exact(s).map_err(|_| {
        // A plain decimal, but with more digits than a 96-bit decimal holds.
        if Decimal::from_str_exact(int).is_err() {
            too_large(s)
        } else {
            format!("amount {s} has more decimal places than can be held exactly")
        }
    })
}

/// The resolved options of `convert`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConvertOptions {
    pub amount: Decimal,
    pub from: CurrencyCode,
    pub to: CurrencyCode,
    /// The day asked for: `--date`, else today.
    pub date: NaiveDate,
    /// Where it reads, and which series (`None`: the mid).
    pub sources: Sources,
}

impl ConvertOptions {
    /// Refuses a day after `today`; without `--date`, asks for `today`.
    pub fn from_args(args: &ConvertArgs, today: NaiveDate) -> Result<Self, Error> {
        if let Some(day) = args.date {
            not_after_today("--date", day, today)?;
        }
        Ok(ConvertOptions {
            amount: args.amount,
            from: args.from,
            to: args.to,
            date: args.date.unwrap_or(today),
            sources: args.sources.resolve()?,
        })
    }
}

/// A conversion and what it was made with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversion {
    pub amount: Decimal,
    pub from: CurrencyCode,
    pub to: CurrencyCode,
    /// The converted amount, rounded to the minor unit of `to` (see
    /// [`convert`]).
    pub converted: Decimal,
    /// 1 `from` = rate `to`.
    pub rate: ReadRate,
    pub source: String,
    /// The series of the rate.
    pub series: Series,
    pub date: NaiveDate,
    /// The day asked for, when the rate is of an earlier day.
    pub fell_back_from: Option<NaiveDate>,
    /// The last day the rate is in force, when its publisher states a period.
    pub valid_until: Option<NaiveDate>,
}

/// Converts at the rate stored for the day asked for; never writes.
pub fn run(config: &Config, options: &ConvertOptions) -> anyhow::Result<Conversion> {
    let mut store = store::connect(&config.database)?;
    store.check_schema()?;
    let day = read_day(&mut store, &options.sources, options.date)?;
    let rate = day.rates(&mut store, options.from, &[options.to])?[0].1;
    Ok(Conversion {
        amount: options.amount,
        from: options.from,
        to: options.to,
        converted: convert(options.amount, rate.value, options.to)?,
        rate,
        source: day.source.clone(),
        series: day.series,
        date: day.date,
        fell_back_from: day.fell_back_from(),
        valid_until: day.valid_until,
    })
}

/// The one refusal of an amount whose conversion cannot be held exactly,
/// whether the amount itself or its product is too large.
pub fn too_large(amount: impl fmt::Display) -> String {
    format!("amount {amount} is too large to convert")
}

/// `amount × rate` in `to`: rounded half away from zero to the places of
/// its minor unit, or as multiplied (what `fx_convert` returns) for a code
/// without one. A result too large to be shown with exactly those places is
/// refused, like a product too large for a decimal.
fn convert(amount: Decimal, rate: Decimal, to: CurrencyCode) -> Result<Decimal, Error> {
    let too_large = || Error::Usage(too_large(amount));
    let product = amount.checked_mul(rate).ok_or_else(too_large)?;
    let MinorUnit::Places(places) = to.minor_unit() else {
        return Ok(product);
    };
    let mut rounded =
        product.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    // `rescale` quietly keeps fewer places when the digits would not fit in
    // 96 bits.
    rounded.rescale(places);
    if rounded.scale() != places {
        return Err(too_large());
    }
    Ok(rounded)
}

/// Why an amount in `to` is not rounded, when it is not.
fn unrounded(to: CurrencyCode) -> Option<String> {
    match to.minor_unit() {
        MinorUnit::Places(_) => None,
        MinorUnit::NotApplicable => Some(format!("unrounded: {to} has no minor unit")),
        MinorUnit::Unlisted => Some(format!("unrounded: no minor unit known for {to}")),
    }
}

impl fmt::Display for Conversion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} = {} {} (rate {}, {} {}",
            self.amount,
            self.from,
            self.converted,
            self.to,
            self.rate,
            source_label(&self.source, self.series),
            self.date,
        )?;
        f.write_str(&period_note(self.valid_until))?;
        if let Some(asked) = self.fell_back_from {
            write!(f, ", the newest day on or before {asked}")?;
        }
        if let Some(note) = figures(&self.source).note() {
            write!(f, "; {note}")?;
        }
        if let Some(note) = unrounded(self.to) {
            write!(f, "; {note}")?;
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_plain_decimals() {
        for (text, shown) in [
            ("100", "100"),
            ("12.50", "12.50"),
            ("-20", "-20"),
            ("0", "0"),
        ] {
            assert_eq!(parse_amount(text).map(|d| d.to_string()), Ok(shown.into()));
        }
        for bad in [
            "1e3", "1E3", "+5", "1,000", "1_000", ".5", "5.", "", "-", "NaN", " 1", "--1",
        ] {
            assert!(parse_amount(bad).is_err(), "{bad:?} accepted");
        }
        // Plain decimals with too many digits are refused as such, never rounded.
        for (too_large, expected) in [
            (
                "99999999999999999999999999999999",
                "amount 99999999999999999999999999999999 is too large to convert",
            ),
            (
                "-79228162514264337593543950336",
                "amount -79228162514264337593543950336 is too large to convert",
            ),
            (
                "0.00000000000000000000000000001",
                "amount 0.00000000000000000000000000001 has more decimal places than can be held exactly",
            ),
        ] {
            assert_eq!(parse_amount(too_large), Err(expected.to_owned()));
        }
        assert!(parse_amount("79228162514264337593543950335").is_ok());
    }

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    fn code(s: &str) -> CurrencyCode {
        s.parse().expect("code")
    }

    fn shown(amount: &str, rate: &str, to: &str) -> String {
        convert(dec(amount), dec(rate), code(to))
            .expect("converts")
            .to_string()
    }

    #[test]
    fn amounts_round_half_away_from_zero_to_two_places() {
        assert_eq!(shown("100", "1.0705", "USD"), "107.05");
        assert_eq!(shown("1", "0.125", "USD"), "0.13");
        assert_eq!(shown("-1", "0.125", "USD"), "-0.13");
        assert_eq!(shown("3", "0.84638", "GBP"), "2.54");
        assert_eq!(shown("0", "1.07", "USD"), "0.00");
    }

    /// Regression: every currency was rounded to 2 places, the yen and the
    /// won to sen and chon nobody pays in, the dinars short of their fils.
    #[test]
    fn amounts_round_to_the_minor_unit_of_the_currency_not_always_two_places() {
        assert_eq!(shown("3", "171.94", "JPY"), "516");
        assert_eq!(shown("1000000", "160.61653", "JPY"), "160616530");
        assert_eq!(shown("100", "1388.254", "KRW"), "138825");
        assert_eq!(shown("0", "171.94", "JPY"), "0");
        assert_eq!(shown("100", "0.32965", "KWD"), "32.965");
        assert_eq!(shown("3", "0.4106", "BHD"), "1.232");
        assert_eq!(shown("1", "0.0270123", "CLF"), "0.0270");
        assert_eq!(shown("1", "3.4", "TND"), "3.400");
    }

    #[test]
    fn half_away_from_zero_at_any_number_of_places() {
        // Not to even: 2.5 yen is 3, 1.23445 UF is 1.2345.
        assert_eq!(shown("1", "0.5", "JPY"), "1");
        assert_eq!(shown("1", "2.5", "JPY"), "3");
        assert_eq!(shown("-1", "2.5", "JPY"), "-3");
        assert_eq!(shown("1", "1.2345", "KWD"), "1.235");
        assert_eq!(shown("-1", "1.2345", "KWD"), "-1.235");
        assert_eq!(shown("1", "1.23445", "CLF"), "1.2345");
    }

    #[test]
    fn a_code_without_a_minor_unit_is_not_rounded() {
        // As fx_convert multiplies: every place of the amount and the rate.
        assert_eq!(shown("100", "0.000432107", "XAU"), "0.043210700");
        assert_eq!(shown("2", "0.7512345678", "XDR"), "1.5024691356");
        assert_eq!(shown("10", "7.12345", "CNH"), "71.23450");
    }

    #[test]
    fn an_amount_too_large_is_refused() {
        let huge = dec("79228162514264337593543950335");
        assert!(matches!(
            convert(huge, dec("1.5"), CurrencyCode::USD),
            Err(Error::Usage(_))
        ));
        assert!(matches!(
            convert(huge, dec("1.5"), code("XAU")),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn a_result_too_large_for_its_places_is_refused_not_shown_with_fewer() {
        // 10^25 × 395.10 fits a decimal, but not with 2 places: rescale(2)
        // kept 1 and the amount showed as 3951000000000000000000000000.0.
        let err = convert(
            dec("10000000000000000000000000"),
            dec("395.10"),
            code("HUF"),
        )
        .expect_err("too large for 2 places");
        assert_eq!(
            err.to_string(),
            "amount 10000000000000000000000000 is too large to convert"
        );
        // Ten times smaller still fits, with both places.
        assert_eq!(
            shown("1000000000000000000000000", "395.10", "HUF"),
            "395100000000000000000000000.00"
        );
        assert_eq!(
            shown("-1000000000000000000000000", "395.10", "HUF"),
            "-395100000000000000000000000.00"
        );
        // With no places to keep, yen fit where forint do not.
        assert_eq!(
            shown("10000000000000000000000000", "171.94", "JPY"),
            "1719400000000000000000000000"
        );
    }

    #[test]
    fn the_line_names_rate_source_and_day() {
        let conversion = Conversion {
            amount: dec("100"),
            from: "USD".parse().expect("code"),
            to: CurrencyCode::EUR,
            converted: dec("93.41"),
            rate: ReadRate {
                value: dec("0.9341429238673516"),
                exact: false,
                unit: crate::model::Unit::ONE,
                printed: dec("0.9341429238673516"),
            },
            source: "ecb".to_owned(),
            series: Series::Mid,
            date: crate::model::parse_date("2024-06-28").expect("date"),
            fell_back_from: Some(crate::model::parse_date("2024-06-30").expect("date")),
            valid_until: None,
        };
        assert_eq!(
            conversion.to_string(),
            "100 USD = 93.41 EUR (rate 0.934143, ecb 2024-06-28, the newest day on or before 2024-06-30)"
        );
        let gold = Conversion {
            to: code("XAU"),
            converted: dec("0.0417712"),
            fell_back_from: None,
            ..conversion.clone()
        };
        assert_eq!(
            gold.to_string(),
            "100 USD = 0.0417712 XAU (rate 0.934143, ecb 2024-06-28; unrounded: XAU has no minor unit)"
        );
        let other = Conversion {
            to: code("CNH"),
            ..gold
        };
        assert!(
            other
                .to_string()
                .ends_with("; unrounded: no minor unit known for CNH)"),
            "{other}"
        );
        let monthly = Conversion {
            to: code("USD"),
            converted: dec("134.52"),
            source: "hmrc".to_owned(),
            date: crate::model::parse_date("2026-08-01").expect("date"),
            fell_back_from: Some(crate::model::parse_date("2026-08-17").expect("date")),
            valid_until: Some(crate::model::parse_date("2026-08-31").expect("date")),
            ..conversion
        };
        assert_eq!(
            monthly.to_string(),
            "100 USD = 134.52 USD (rate 0.934143, hmrc 2026-08-01, in force to 2026-08-31, \
             the newest day on or before 2026-08-17)"
        );
    }
}
