//! The queries of `clean`: deleting rates past the retention window (a
//! trigger takes their days out of `fx_days`), what `publications` holds
//! of the days deleted, and the `fetch_runs` rows as old; of every source,
//! or of some only, leaving every other source's rows as they were.
//!
//! Each source's newest stored day is never deleted, however old: a catch-up
//! fetches what was published after it, so without it an outage longer than
//! the window could no longer heal, and `show` and `convert` would have
//! nothing to read. That day stays whole (every row of it), and so does
//! every figure of an earlier day still in force beside it (a US Treasury
//! quarter beside its amendment, from `fx_days.since` on).
//!
//! A figure's revisions (`rate_revisions`) go with it.

use anyhow::Context;
use chrono::NaiveDate;

use super::{Store, count};

/// What `clean` deleted, or would delete.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    /// Rates deleted.
    pub rates: u64,
    /// `fetch_runs` rows deleted.
    pub runs: u64,
    /// Each source whose newest day is older than the cutoff, with that day:
    /// kept although it is older, by source name.
    pub kept: Vec<(String, NaiveDate)>,
}

/// Whether the row's `source` is one pruned: any when `$2`, the sources
/// named, is NULL.
const PRUNED_SOURCE: &str = "($2::text[] IS NULL OR source = ANY($2::text[]))";

/// `kept (source, day, since)`: each pruned source's newest stored day,
/// and the oldest publication day in force beside it (`fx_days.since`),
/// when that is older than the cutoff `$1`. From `fx_stored_sources()`, the
/// one "newest day per source" query (a loose scan of the primary key: its
/// cost grows with the number of sources, not of rows).
fn kept_cte() -> String {
    format!(
        "kept (source, day, since) AS (
             SELECT s.source, s.newest, coalesce(m.since, s.newest)
               FROM (SELECT source, newest FROM fx_stored_sources() WHERE {PRUNED_SOURCE}) AS s
               LEFT JOIN fx_days m ON m.source = s.source AND m.day = s.newest
              WHERE coalesce(m.since, s.newest) < $1
         )"
    )
}

/// The rates of the pruned sources dated before the cutoff `$1`, but for
/// the [`kept_cte`] days, which the same statement works out (both see the
/// same rows): the newest day whole, and each figure of an earlier day
/// still in force beside it, that no later figure of its pair replaced.
fn old_rates() -> String {
    format!(
        "rate_date < $1 AND {PRUNED_SOURCE}
         AND NOT EXISTS (
             SELECT 1 FROM kept k
              WHERE k.source = rates.source AND rates.rate_date >= k.since
                AND (rates.rate_date = k.day
                     OR NOT EXISTS (SELECT 1 FROM rates n
                                     WHERE n.source = rates.source
                                       AND n.rate_date BETWEEN rates.rate_date + 1 AND k.day
                                       AND n.base = rates.base AND n.quote = rates.quote
                                       AND n.series = rates.series)))"
    )
}

/// The `fetch_runs` rows started before the cutoff `$1` (UTC midnight); when
/// sources are named (`$2`), only the runs of those: a fetch of one of them,
/// or a clean of some of them alone (its `provider` lists them).
const OLD_RUNS: &str = "started_at < $1::date::timestamp AT TIME ZONE 'UTC'
    AND ($2::text[] IS NULL OR string_to_array(provider, ',') <@ $2::text[])";

impl Store {
    /// What [`Store::delete_before`] would delete, leaving the database as it was.
    pub fn count_before(
        &mut self,
        cutoff: NaiveDate,
        sources: Option<&[String]>,
    ) -> anyhow::Result<Pruned> {
        let kept = kept_before(&mut self.client, cutoff, sources)?;
        let row = self
            .client
            .query_one(
                &format!(
                    "WITH {}
                     SELECT (SELECT count(*) FROM rates WHERE {}) AS rates,
                            (SELECT count(*) FROM fetch_runs WHERE {OLD_RUNS}) AS runs",
                    kept_cte(),
                    old_rates()
                ),
                &[&cutoff, &sources],
            )
            .context("counting old rates")?;
        Ok(Pruned {
            rates: count(&row, "rates")?,
            runs: count(&row, "runs")?,
            kept,
        })
    }

    /// Deletes every rate dated before `cutoff`, of `sources` (every source
    /// when `None`), except each one's newest stored day, and the
    /// `fetch_runs` rows of those sources started before `cutoff`, in one
    /// transaction.
    pub fn delete_before(
        &mut self,
        cutoff: NaiveDate,
        sources: Option<&[String]>,
    ) -> anyhow::Result<Pruned> {
        let mut tx = self
            .client
            .transaction()
            .context("starting a transaction")?;
        // For the summary. The deletion works its kept days out again, in
        // its own snapshot: a fetch committing meanwhile only adds days.
        let kept = kept_before(&mut tx, cutoff, sources)?;
        let rates = tx
            .execute(
                &format!(
                    "WITH {} DELETE FROM rates WHERE {}",
                    kept_cte(),
                    old_rates()
                ),
                &[&cutoff, &sources],
            )
            .context("deleting old rates")?;
        // A reference goes with the last rate of its day: the same rule,
        // never a second copy of the window.
        tx.execute(
            "DELETE FROM publications p
              WHERE ($1::text[] IS NULL OR p.source = ANY($1::text[]))
                AND NOT EXISTS (SELECT 1 FROM rates r
                                 WHERE r.source = p.source AND r.rate_date = p.rate_date)",
            &[&sources],
        )
        .context("deleting the references of deleted days")?;
        tx.execute(
            "DELETE FROM rate_revisions v
              WHERE ($1::text[] IS NULL OR v.source = ANY($1::text[])) AND v.rate_date < $2
                AND NOT EXISTS (SELECT 1 FROM rates r
                                 WHERE r.source = v.source AND r.rate_date = v.rate_date
                                   AND r.base = v.base AND r.quote = v.quote
                                   AND r.series = v.series)",
            &[&sources, &cutoff],
        )
        .context("deleting the revisions of deleted rates")?;
        let runs = tx
            .execute(
                &format!("DELETE FROM fetch_runs WHERE {OLD_RUNS}"),
                &[&cutoff, &sources],
            )
            .context("deleting old fetch_runs")?;
        tx.commit().context("committing the deletion")?;
        Ok(Pruned { rates, runs, kept })
    }
}

/// Each of `sources` (every source when `None`) whose newest day is older
/// than `cutoff`, with that day.
fn kept_before(
    client: &mut impl postgres::GenericClient,
    cutoff: NaiveDate,
    sources: Option<&[String]>,
) -> anyhow::Result<Vec<(String, NaiveDate)>> {
    let rows = client
        .query(
            &format!(
                "WITH {} SELECT source, day FROM kept WHERE day < $1 ORDER BY source",
                kept_cte()
            ),
            &[&cutoff, &sources],
        )
        .context("reading the newest day of each source")?;
    rows.iter()
        .map(|row| Ok((row.try_get("source")?, row.try_get("day")?)))
        .collect()
}
