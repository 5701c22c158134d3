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

/// Recomputes `$1`'s rows for the calendar days whose rate in force a
/// change to its days from `$2` to `$3` may have moved: from `$2` up to the
/// next stored day after `$3`, or the look-back after `$3`, whichever comes
/// first (days before `$2`, and from that next day on, read other
/// publications). One statement, one round trip: the span, the old rows
/// deleted, then, in materialized steps, the day in force for each calendar
/// day, each printed row of those days once, and both ways. Sent as a plain
/// statement, so that it is planned for its own days (a function's generic
/// plan made a full history several times slower).
const REFRESH: &str = "
    WITH span AS (
        SELECT $2::date AS from_day,
               least((SELECT min(rate_date) FROM rates WHERE source = $1 AND rate_date > $3) - 1,
                     $3 + fx_lookback()) AS to_day
    ), gone AS (
        DELETE FROM fx_daily_rates f USING span s
         WHERE f.source = $1 AND f.day BETWEEN s.from_day AND s.to_day
    ), in_force AS MATERIALIZED (
        SELECT d.day, d.rate_date FROM span s, fx_days_in_force($1, s.from_day, s.to_day) AS d
    ), printed AS MATERIALIZED (
        SELECT c.day, c.rate_date, r.base, r.quote, r.series, r.unit, r.rate
          FROM in_force c
          JOIN rates r ON r.source = $1 AND r.rate_date = c.rate_date
    )
    INSERT INTO fx_daily_rates (source, day, base, quote, series, rate, rate_date)
    SELECT $1, p.day, p.base, p.quote, p.series, fx_per_unit(p.rate, p.unit), p.rate_date
      FROM printed p
    UNION ALL
    SELECT $1, p.day, p.quote, p.base, p.series, p.unit / p.rate, p.rate_date FROM printed p";

/// Recomputes the calendar days whose rate in force a change to `source`'s
/// days from `first` to `last` may have moved; see [`REFRESH`].
pub(super) fn refresh_after(
    client: &mut impl GenericClient,
    source: &str,
    first: NaiveDate,
    last: NaiveDate,
) -> anyhow::Result<()> {
    client
        .query_typed(
            REFRESH,
            &[
                (&source, Type::TEXT),
                (&first, Type::DATE),
                (&last, Type::DATE),
            ],
        )
        .context("refreshing fx_daily")?;
    Ok(())
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
