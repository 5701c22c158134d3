//! The read-only queries of `show` and `convert`. They take no lock: a read
//! sees the committed state of `rates`, and a fetch commits each run whole,
//! so a reader never sees part of a day. Which source and day answer, and
//! the rate of a pair, are asked of the schema's own functions (the ones
//! `fx_rate` uses), never worked out here.

use anyhow::Context;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use postgres::types::Type;

use super::Store;
use crate::error::Error;
use crate::model::{CurrencyCode, ReadRate, Series, Unit};

/// A publication in force: its source, the day it was published, and the
/// currency its other pairs are computed through (`fx_days`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InForce {
    pub source: String,
    pub date: NaiveDate,
    pub home: CurrencyCode,
}

/// One publication day of a history: its home currency and the row that
/// prints the currency asked for against it, when the day has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrintedDay {
    pub date: NaiveDate,
    pub home: CurrencyCode,
    pub printed: Option<StoredRate>,
}

/// One stored row: `unit` units of `base` = `rate` units of `quote`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredRate {
    pub base: CurrencyCode,
    pub quote: CurrencyCode,
    pub unit: Unit,
    pub rate: Decimal,
}

/// A figure in force on a day: the row, the day it was published for, and
/// the last day of the period its publisher states, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FigureInForce {
    pub row: StoredRate,
    pub rate_date: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

impl Store {
    /// Every source with stored rates and its newest day, by name: the one
    /// "newest day per source" query, `fx_stored_sources()`, an index probe
    /// a source.
    pub fn stored_sources(&mut self) -> anyhow::Result<Vec<(String, NaiveDate)>> {
        let rows = self
            .client
            .query_typed(
                "SELECT source, newest FROM fx_stored_sources() ORDER BY source",
                &[],
            )
            .context("reading which sources have rates")?;
        rows.iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect()
    }

    /// The publication that answers a read on `day`: of the first of
    /// `sources` with one in force, or, with `others`, of any other source
    /// with one. `fx_in_force`, the rule `fx_rate` follows too.
    pub fn in_force(
        &mut self,
        day: NaiveDate,
        sources: &[String],
        others: bool,
    ) -> anyhow::Result<Option<InForce>> {
        let rows = self
            .client
            .query_typed(
                "SELECT source, rate_date, home FROM fx_in_force($1, $2, $3)",
                &[
                    (&day, Type::DATE),
                    (&sources, Type::TEXT_ARRAY),
                    (&others, Type::BOOL),
                ],
            )
            .context("finding the source in force")?;
        rows.first()
            .map(|row| {
                Ok(InForce {
                    source: row.try_get("source")?,
                    date: row.try_get("rate_date")?,
                    home: code(row, "home")?,
                })
            })
            .transpose()
    }

    /// The source a history from `from` to `to` reads, and its newest day
    /// in that range: the first of `sources` with rates in it, or, with
    /// `others`, any other source with some. `fx_history_source`.
    pub fn history_source(
        &mut self,
        from: NaiveDate,
        to: NaiveDate,
        sources: &[String],
        others: bool,
    ) -> anyhow::Result<Option<(String, NaiveDate)>> {
        let rows = self
            .client
            .query_typed(
                "SELECT source, newest FROM fx_history_source($1, $2, $3, $4)",
                &[
                    (&from, Type::DATE),
                    (&to, Type::DATE),
                    (&sources, Type::TEXT_ARRAY),
                    (&others, Type::BOOL),
                ],
            )
            .with_context(|| format!("finding the source of a history from {from} to {to}"))?;
        rows.first()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .transpose()
    }

    /// The series a read of `source` on its publication day `day` uses:
    /// `wanted`, or the mid; by `fx_series`, the rule `fx_rate` follows. A
    /// day without a rate of it is a usage error naming the series it has.
    pub fn series_in_force(
        &mut self,
        source: &str,
        day: NaiveDate,
        wanted: Option<Series>,
    ) -> anyhow::Result<Series> {
        let wanted = wanted.map(Series::as_str);
        let row = self.client.query_typed_one(
            "SELECT fx_series($1, $2, $3)",
            &[
                (&source, Type::TEXT),
                (&day, Type::DATE),
                (&wanted, Type::TEXT),
            ],
        );
        let row = match row {
            Ok(row) => row,
            Err(err) => {
                if let Some(db) = err
                    .as_db_error()
                    .filter(|db| *db.code() == postgres::error::SqlState::INVALID_PARAMETER_VALUE)
                {
                    return Err(Error::Usage(format!("{} (--series)", db.message())).into());
                }
                return Err(anyhow::Error::new(err)
                    .context(format!("reading the series of {source} on {day}")));
            }
        };
        let name: String = row.try_get(0)?;
        name.parse()
            .map_err(|err: String| anyhow::anyhow!("the rates table holds {err}"))
    }

    /// 1 `base` = ? `quote` of `series` from `source` on `day`, one of its
    /// publication days, by `fx_lookup`: the rule of `fx_rate`. `None` when
    /// the day lacks a currency.
    pub fn lookup(
        &mut self,
        base: CurrencyCode,
        quote: CurrencyCode,
        day: NaiveDate,
        source: &str,
        series: Series,
    ) -> anyhow::Result<Option<ReadRate>> {
        let rows = self
            .client
            .query_typed(
                "SELECT rate, computed, unit, printed
                   FROM fx_lookup($1, $2, $3, ARRAY[$4], false, $5)",
                &[
                    (&base, Type::BPCHAR),
                    (&quote, Type::BPCHAR),
                    (&day, Type::DATE),
                    (&source, Type::TEXT),
                    (&series.as_str(), Type::TEXT),
                ],
            )
            .with_context(|| format!("reading the {source} rate of {base} in {quote} on {day}"))?;
        rows.first().map(read_rate).transpose()
    }

    /// 1 `base` = ? `quote` of `series` on each publication day of `source`
    /// with rates of it from `from` to `to`, oldest first, by the same rule
    /// as [`Store::lookup`]; days lacking a currency are left out.
    pub fn lookups_between(
        &mut self,
        source: &str,
        from: NaiveDate,
        to: NaiveDate,
        base: CurrencyCode,
        quote: CurrencyCode,
        series: Series,
    ) -> anyhow::Result<Vec<(NaiveDate, ReadRate)>> {
        let rows = self
            .client
            .query_typed(
                "SELECT d.rate_date, l.rate, l.computed, l.unit, l.printed
                   FROM (SELECT DISTINCT rate_date FROM rates
                          WHERE source = $1 AND rate_date BETWEEN $2 AND $3
                            AND series = $6) AS d
                  CROSS JOIN LATERAL fx_lookup($4, $5, d.rate_date, ARRAY[$1], false, $6) AS l
                  ORDER BY d.rate_date",
                &[
                    (&source, Type::TEXT),
                    (&from, Type::DATE),
                    (&to, Type::DATE),
                    (&base, Type::BPCHAR),
                    (&quote, Type::BPCHAR),
                    (&series.as_str(), Type::TEXT),
                ],
            )
            .with_context(|| format!("reading the {source} rates from {from} to {to}"))?;
        rows.iter()
            .map(|row| Ok((row.try_get("rate_date")?, read_rate(row)?)))
            .collect()
    }

    /// Every figure of `series` of `source` in force on `day`, as printed:
    /// `fx_printed_on`, the rule of `fx_rate`.
    pub fn day_rates(
        &mut self,
        source: &str,
        day: NaiveDate,
        series: Series,
    ) -> anyhow::Result<Vec<FigureInForce>> {
        let rows = self
            .client
            .query_typed(
                "SELECT base, quote, unit, rate, rate_date, valid_until
                   FROM fx_printed_on($1, $2, $3) ORDER BY base, quote",
                &[
                    (&source, Type::TEXT),
                    (&day, Type::DATE),
                    (&series.as_str(), Type::TEXT),
                ],
            )
            .with_context(|| format!("reading the {source} rates in force on {day}"))?;
        rows.iter()
            .map(|row| {
                Ok(FigureInForce {
                    row: stored(row)?,
                    rate_date: row.try_get("rate_date")?,
                    valid_until: row.try_get("valid_until")?,
                })
            })
            .collect()
    }

    /// Each publication day of `source` from `from` to `to` (both
    /// included), oldest first, with its home currency (`fx_days`) and the
    /// row of `series` that prints `currency` against it, if any.
    pub fn printed_between(
        &mut self,
        source: &str,
        from: NaiveDate,
        to: NaiveDate,
        currency: CurrencyCode,
        series: Series,
    ) -> anyhow::Result<Vec<PrintedDay>> {
        let rows = self
            .client
            .query_typed(
                "SELECT m.rate_date, m.home, r.base, r.quote, r.unit, r.rate
                   FROM fx_days m
                   LEFT JOIN rates r
                     ON r.source = m.source AND r.rate_date = m.rate_date AND r.series = $5
                    AND ((r.base = m.home AND r.quote = $4) OR (r.base = $4 AND r.quote = m.home))
                  WHERE m.source = $1 AND m.day BETWEEN $2 AND $3 AND m.day = m.rate_date
                  ORDER BY m.rate_date",
                &[
                    (&source, Type::TEXT),
                    (&from, Type::DATE),
                    (&to, Type::DATE),
                    (&currency, Type::BPCHAR),
                    (&series.as_str(), Type::TEXT),
                ],
            )
            .with_context(|| format!("reading the {source} rates from {from} to {to}"))?;
        rows.iter()
            .map(|row| {
                let printed = match row.try_get::<_, Option<String>>("base")? {
                    Some(_) => Some(stored(row)?),
                    None => None,
                };
                Ok(PrintedDay {
                    date: row.try_get("rate_date")?,
                    home: code(row, "home")?,
                    printed,
                })
            })
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

/// The row's `base`, `quote`, `unit` and `rate`, read by name.
fn stored(row: &postgres::Row) -> anyhow::Result<StoredRate> {
    Ok(StoredRate {
        base: code(row, "base")?,
        quote: code(row, "quote")?,
        unit: unit(row.try_get("unit")?)?,
        rate: row.try_get("rate")?,
    })
}

/// A unit column; the schema admits powers of ten only.
fn unit(unit: i32) -> anyhow::Result<Unit> {
    u32::try_from(unit)
        .ok()
        .and_then(|count| Unit::from_count(&count.to_string()).ok())
        .ok_or_else(|| anyhow::anyhow!("the rates table holds the unit {unit}"))
}

/// `fx_lookup`'s `rate`, `computed`, `unit` and `printed`, read by name.
fn read_rate(row: &postgres::Row) -> anyhow::Result<ReadRate> {
    let value: Decimal = row.try_get("rate")?;
    Ok(ReadRate {
        value,
        exact: !row.try_get::<_, bool>("computed")?,
        unit: unit(row.try_get("unit")?)?,
        printed: row
            .try_get::<_, Option<Decimal>>("printed")?
            .unwrap_or(value),
    })
}

/// A currency code column; a row written by hand with a bad code is an error
/// rather than a silently missing rate.
fn code(row: &postgres::Row, column: &str) -> anyhow::Result<CurrencyCode> {
    let text: String = row.try_get(column)?;
    text.parse()
        .map_err(|err: String| anyhow::anyhow!("the rates table holds {err}"))
}
