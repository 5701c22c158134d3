//! `fx_daily_rates`, the rows of the `fx_daily` view: the rate in force on
//! every calendar day, each printed pair both ways. `fetch` refreshes the
//! days its rates moved, in its own transaction; `clean` deletes by the rule
//! that deletes rates; `init-db` fills it for what an upgraded database
//! already holds. The day in force comes from `fx_days_in_force` and the
//! arithmetic is `fx_lookup`'s (`fx_per_unit`, `unit / rate`), so a row
//! always equals what `fx_rate` answers for its day and pair.

use anyhow::Context;
use chrono::NaiveDate;
use postgres::GenericClient;
use postgres::types::Type;

/// `$1` source, `$2` first and `$3` last calendar day to recompute.
const DELETE: &str = "DELETE FROM fx_daily_rates WHERE source = $1 AND day BETWEEN $2 AND $3";

/// Materialized steps: the day in force for each calendar day, each printed
/// row of those days once, then both ways. Sent as a plain statement, so it
/// is planned for its own days (a PL/pgSQL or SQL function's generic plan
/// made a full history several times slower).
const INSERT: &str = "
    WITH in_force AS MATERIALIZED (
        SELECT day, rate_date FROM fx_days_in_force($1, $2, $3)
    ), printed AS MATERIALIZED (
        SELECT c.day, c.rate_date, r.base, r.quote, r.unit, r.rate
          FROM in_force c
          JOIN rates r ON r.source = $1 AND r.rate_date = c.rate_date
    )
    INSERT INTO fx_daily_rates (source, day, base, quote, rate, rate_date)
    SELECT $1, p.day, p.base, p.quote, fx_per_unit(p.rate, p.unit), p.rate_date FROM printed p
    UNION ALL
    SELECT $1, p.day, p.quote, p.base, p.unit / p.rate, p.rate_date FROM printed p";

/// Recomputes `source`'s rows from `from` to `to`, both included.
pub(super) fn refresh(
    client: &mut impl GenericClient,
    source: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> anyhow::Result<()> {
    let params: [(&(dyn postgres::types::ToSql + Sync), Type); 3] = [
        (&source, Type::TEXT),
        (&from, Type::DATE),
        (&to, Type::DATE),
    ];
    client
        .query_typed(DELETE, &params)
        .context("deleting from fx_daily")?;
    client
        .query_typed(INSERT, &params)
        .context("inserting into fx_daily")?;
    Ok(())
}

/// Recomputes the calendar days whose rate in force a change to `source`'s
/// days from `first` to `last` may have moved: from `first` up to the next
/// stored day after `last`, or the look-back after `last`, whichever comes
/// first. Days before `first`, and from that next day on, read other
/// publications.
pub(super) fn refresh_after(
    client: &mut impl GenericClient,
    source: &str,
    first: NaiveDate,
    last: NaiveDate,
) -> anyhow::Result<()> {
    let to: NaiveDate = client
        .query_typed_one(
            "SELECT least((SELECT min(rate_date) FROM rates WHERE source = $1 AND rate_date > $2) - 1,
                          $2 + fx_lookback())",
            &[(&source, Type::TEXT), (&last, Type::DATE)],
        )
        .context("finding the days fx_daily holds of them")?
        .try_get(0)?;
    refresh(client, source, first, to)
}

/// Fills `fx_daily` for every stored source from scratch: for a database
/// upgraded to the schema that brought it.
pub(super) fn fill(client: &mut impl GenericClient) -> anyhow::Result<()> {
    let spans = client
        .query_typed(
            "SELECT source, min(rate_date), max(rate_date) FROM rates GROUP BY source",
            &[],
        )
        .context("reading each source's stored span")?;
    for span in &spans {
        let (source, first, last): (String, NaiveDate, NaiveDate) =
            (span.try_get(0)?, span.try_get(1)?, span.try_get(2)?);
        refresh_after(client, &source, first, last)?;
    }
    Ok(())
}
