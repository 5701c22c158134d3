//! The read-only queries of `show` and `convert`. They take no lock: a read
//! sees the committed state of `rates`, and a fetch commits each run whole,
//! so a reader never sees part of a day.

use anyhow::Context;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Store;
use crate::model::{CurrencyCode, Unit};

/// One stored row: `unit` units of `base` = `rate` units of `quote`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredRate {
    pub base: CurrencyCode,
    pub quote: CurrencyCode,
    pub unit: Unit,
    pub rate: Decimal,
}

impl Store {
    /// Each source with rows dated from `from` (when given) until `until`
    /// (when given), with its newest day in that window.
    pub fn sources_between(
        &mut self,
        from: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> anyhow::Result<Vec<(String, NaiveDate)>> {
        let rows = self
            .client
            .query(
                "SELECT source, max(rate_date) FROM rates
                  WHERE ($1::date IS NULL OR rate_date >= $1)
                    AND ($2::date IS NULL OR rate_date <= $2)
                  GROUP BY source ORDER BY source",
                &[&from, &until],
            )
            .context("reading which sources have rates")?;
        Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
    }

    /// Every rate `source` stored for `day`.
    pub fn day_rates(&mut self, source: &str, day: NaiveDate) -> anyhow::Result<Vec<StoredRate>> {
        let rows = self
            .client
            .query(
                "SELECT base, quote, unit, rate FROM rates
                  WHERE source = $1 AND rate_date = $2 ORDER BY base, quote",
                &[&source, &day],
            )
            .with_context(|| format!("reading the {source} rates of {day}"))?;
        rows.iter().map(|row| stored(row, 0)).collect()
    }

    /// The rates `source` stored from `from` to `to` (both included) that
    /// involve `currencies` (as base or quote), oldest day first.
    pub fn rates_between(
        &mut self,
        source: &str,
        from: NaiveDate,
        to: NaiveDate,
        currencies: &[CurrencyCode],
    ) -> anyhow::Result<Vec<(NaiveDate, StoredRate)>> {
        let codes: Vec<&str> = currencies.iter().map(CurrencyCode::as_str).collect();
        let rows = self
            .client
            .query(
                "SELECT rate_date, base, quote, unit, rate FROM rates
                  WHERE source = $1 AND rate_date BETWEEN $2 AND $3
                    AND (quote = ANY($4::bpchar[]) OR base = ANY($4::bpchar[]))
                  ORDER BY rate_date, base, quote",
                &[&source, &from, &to, &codes],
            )
            .with_context(|| format!("reading the {source} rates from {from} to {to}"))?;
        rows.iter()
            .map(|row| Ok((row.try_get(0)?, stored(row, 1)?)))
            .collect()
    }
}

impl Store {
    /// The publisher's reference for `source`'s rates of `day`, if it gave one.
    pub fn publication(&mut self, source: &str, day: NaiveDate) -> anyhow::Result<Option<String>> {
        let row = self
            .client
            .query_opt(
                "SELECT reference FROM publications WHERE source = $1 AND rate_date = $2",
                &[&source, &day],
            )
            .with_context(|| format!("reading the {source} publication of {day}"))?;
        Ok(row.map(|row| row.try_get(0)).transpose()?)
    }
}

/// The row's `base, quote, unit, rate` from column `first` on.
fn stored(row: &postgres::Row, first: usize) -> anyhow::Result<StoredRate> {
    let unit: i32 = row.try_get(first + 2)?;
    let unit = u32::try_from(unit)
        .ok()
        .and_then(|unit| Unit::from_count(&unit.to_string()).ok())
        .ok_or_else(|| anyhow::anyhow!("the rates table holds the unit {unit}"))?;
    Ok(StoredRate {
        base: code(row, first)?,
        quote: code(row, first + 1)?,
        unit,
        rate: row.try_get(first + 3)?,
    })
}

/// A currency code column; a row written by hand with a bad code is an error
/// rather than a silently missing rate.
fn code(row: &postgres::Row, column: usize) -> anyhow::Result<CurrencyCode> {
    let text: String = row.get(column);
    text.parse()
        .map_err(|err: String| anyhow::anyhow!("the rates table holds {err}"))
}
