//! The read-only queries of `show` and `convert`. They take no lock: a read
//! sees the committed state of `rates`, and a fetch commits each run whole,
//! so a reader never sees part of a day.

use anyhow::Context;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Store;
use crate::model::CurrencyCode;

/// One stored row: `(base, quote, rate)`.
pub type StoredRate = (CurrencyCode, CurrencyCode, Decimal);

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
                "SELECT base, quote, rate FROM rates
                  WHERE source = $1 AND rate_date = $2 ORDER BY base, quote",
                &[&source, &day],
            )
            .with_context(|| format!("reading the {source} rates of {day}"))?;
        rows.iter()
            .map(|row| Ok((code(row, 0)?, code(row, 1)?, row.get(2))))
            .collect()
    }

    /// The rates `source` stored from `from` to `to` (both included) for the
    /// quotes in `quotes`, oldest day first.
    pub fn rates_between(
        &mut self,
        source: &str,
        from: NaiveDate,
        to: NaiveDate,
        quotes: &[CurrencyCode],
    ) -> anyhow::Result<Vec<(NaiveDate, StoredRate)>> {
        let quotes: Vec<&str> = quotes.iter().map(CurrencyCode::as_str).collect();
        let rows = self
            .client
            .query(
                "SELECT rate_date, base, quote, rate FROM rates
                  WHERE source = $1 AND rate_date BETWEEN $2 AND $3
                    AND quote = ANY($4::text[])
                  ORDER BY rate_date, base, quote",
                &[&source, &from, &to, &quotes],
            )
            .with_context(|| format!("reading the {source} rates from {from} to {to}"))?;
        rows.iter()
            .map(|row| Ok((row.get(0), (code(row, 1)?, code(row, 2)?, row.get(3)))))
            .collect()
    }
}

/// A currency code column; a row written by hand with a bad code is an error
/// rather than a silently missing rate.
fn code(row: &postgres::Row, column: usize) -> anyhow::Result<CurrencyCode> {
    let text: String = row.get(column);
    text.parse()
        .map_err(|err: String| anyhow::anyhow!("the rates table holds {err}"))
}
