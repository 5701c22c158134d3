//! `fxrates convert AMOUNT FROM TO`: an amount at a stored rate, with the
//! rate and the day used.
//!
//! Read-only, with `show`'s fallback (the newest stored day on or before the
//! day asked for) and precision: the amount is AMOUNT × the unrounded rate,
//! rounded to [`AMOUNT_DECIMALS`] decimal places half away from zero; the
//! rate is shown as stored, or to 6 significant digits when it is a cross rate.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::cli::ConvertArgs;
use crate::config::{Config, not_after_today};
use crate::error::Error;
use crate::model::{CurrencyCode, Series};
use crate::read::{ReadRate, Sources, figures, read_day, source_label};
use crate::store;

/// Decimal places of a converted amount.
pub const AMOUNT_DECIMALS: u32 = 2;

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
    /// The converted amount, rounded to [`AMOUNT_DECIMALS`] places.
    pub converted: Decimal,
    /// 1 `from` = rate `to`.
    pub rate: ReadRate,
    pub source: String,
    /// The series of the rate.
    pub series: Series,
    pub date: NaiveDate,
    /// The day asked for, when the rate is of an earlier day.
    pub fell_back_from: Option<NaiveDate>,
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
        converted: convert(options.amount, rate.value)?,
        rate,
        source: day.source.clone(),
        series: day.series,
        date: day.date,
        fell_back_from: day.fell_back_from(),
    })
}

/// The one refusal of an amount whose conversion cannot be held exactly,
/// whether the amount itself or its product is too large.
pub fn too_large(amount: impl fmt::Display) -> String {
    format!("amount {amount} is too large to convert")
}

/// `amount × rate` rounded to [`AMOUNT_DECIMALS`] places, half away from
/// zero. A result too large to be shown with exactly that many places is
/// refused, like a product too large for a decimal.
fn convert(amount: Decimal, rate: Decimal) -> Result<Decimal, Error> {
    let too_large = || Error::Usage(too_large(amount));
    let product = amount.checked_mul(rate).ok_or_else(too_large)?;
    let mut rounded =
        product.round_dp_with_strategy(AMOUNT_DECIMALS, RoundingStrategy::MidpointAwayFromZero);
    // `rescale` quietly keeps fewer places when the digits would not fit in
    // 96 bits.
    rounded.rescale(AMOUNT_DECIMALS);
    if rounded.scale() != AMOUNT_DECIMALS {
        return Err(too_large());
    }
    Ok(rounded)
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
        if let Some(asked) = self.fell_back_from {
            write!(f, ", the newest day on or before {asked}")?;
        }
        if let Some(note) = figures(&self.source).note() {
            write!(f, "; {note}")?;
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    fn shown(amount: &str, rate: &str) -> String {
        convert(dec(amount), dec(rate))
            .expect("converts")
            .to_string()
    }

    #[test]
    fn amounts_round_half_away_from_zero_to_two_places() {
        assert_eq!(shown("100", "1.0705"), "107.05");
        assert_eq!(shown("1", "0.125"), "0.13");
        assert_eq!(shown("-1", "0.125"), "-0.13");
        assert_eq!(shown("3", "171.94"), "515.82");
        assert_eq!(shown("0", "1.07"), "0.00");
    }

    #[test]
    fn an_amount_too_large_is_refused() {
        let huge = dec("79228162514264337593543950335");
        assert!(matches!(convert(huge, dec("1.5")), Err(Error::Usage(_))));
    }

    #[test]
    fn a_result_too_large_for_two_decimal_places_is_refused_not_shown_with_one() {
        // 10^25 × 171.94 fits a decimal, but not with 2 places: rescale(2)
        // kept 1 and the amount showed as 1719400000000000000000000000.0.
        let err = convert(dec("10000000000000000000000000"), dec("171.94"))
            .expect_err("too large for 2 places");
        assert_eq!(
            err.to_string(),
            "amount 10000000000000000000000000 is too large to convert"
        );
        // Ten times smaller still fits, with both places.
        assert_eq!(
            shown("1000000000000000000000000", "171.94"),
            "171940000000000000000000000.00"
        );
        assert_eq!(
            shown("-1000000000000000000000000", "171.94"),
            "-171940000000000000000000000.00"
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
        };
        assert_eq!(
            conversion.to_string(),
            "100 USD = 93.41 EUR (rate 0.934143, ecb 2024-06-28, the newest day on or before 2024-06-30)"
        );
    }
}
