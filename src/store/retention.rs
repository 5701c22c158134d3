//! The queries of `clean`: deleting rates past the retention window (a
//! trigger takes their days out of `fx_days`), what `publications` holds
//! of the days deleted, and the `fetch_runs` rows as old.
//!
//! Each source's newest stored day is never deleted, however old: a catch-up
//! fetches what was published after it, so without it an outage longer than
//! the window could no longer heal, and `show` and `convert` would have
//! nothing to read. That day stays whole (every row of it).

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

/// `kept (source, day)`: each source's newest stored day when it is older
/// than the cutoff `$1`, from `fx_stored_sources()`, the one "newest day per
/// source" query (a loose scan of the primary key: its cost grows with the
/// number of sources, not of rows).
const KEPT: &str = "
    kept (source, day) AS (
        SELECT source, newest FROM fx_stored_sources() WHERE newest < $1
    )";

/// The rates dated before the cutoff `$1`, but for the [`KEPT`] days, which
/// the same statement works out: both see the same rows.
const OLD_RATES: &str = "
    rate_date < $1 AND (source, rate_date) NOT IN (SELECT source, day FROM kept)";

/// The `fetch_runs` rows started before the cutoff `$1` (UTC midnight).
const OLD_RUNS: &str = "started_at < $1::date::timestamp AT TIME ZONE 'UTC'";

impl Store {
    /// What [`Store::delete_before`] would delete, leaving the database as it was.
    pub fn count_before(&mut self, cutoff: NaiveDate) -> anyhow::Result<Pruned> {
        let kept = kept_before(&mut self.client, cutoff)?;
        let row = self
            .client
            .query_one(
                &format!(
                    "WITH {KEPT}
                     SELECT (SELECT count(*) FROM rates WHERE {OLD_RATES}) AS rates,
                            (SELECT count(*) FROM fetch_runs WHERE {OLD_RUNS}) AS runs"
                ),
                &[&cutoff],
            )
            .context("counting old rates")?;
        Ok(Pruned {
            rates: count(&row, "rates")?,
            runs: count(&row, "runs")?,
            kept,
        })
    }

    /// Deletes every rate dated before `cutoff`, of any source, except each
    /// source's newest stored day, and the `fetch_runs` rows started before
    /// `cutoff`, in one transaction.
    pub fn delete_before(&mut self, cutoff: NaiveDate) -> anyhow::Result<Pruned> {
        let mut tx = self
            .client
            .transaction()
            .context("starting a transaction")?;
        // For the summary. The deletion works its kept days out again, in
        // its own snapshot: a fetch committing meanwhile only adds days.
        let kept = kept_before(&mut tx, cutoff)?;
        let rates = tx
            .execute(
                &format!("WITH {KEPT} DELETE FROM rates WHERE {OLD_RATES}"),
                &[&cutoff],
            )
            .context("deleting old rates")?;
        // A reference goes with the last rate of its day: the same rule,
        // never a second copy of the window.
        tx.execute(
            "DELETE FROM publications p
              WHERE NOT EXISTS (SELECT 1 FROM rates r
                                 WHERE r.source = p.source AND r.rate_date = p.rate_date)",
            &[],
        )
        .context("deleting the references of deleted days")?;
        let runs = tx
            .execute(
                &format!("DELETE FROM fetch_runs WHERE {OLD_RUNS}"),
                &[&cutoff],
            )
            .context("deleting old fetch_runs")?;
        tx.commit().context("committing the deletion")?;
        Ok(Pruned { rates, runs, kept })
    }
}

/// Each source whose newest day is older than `cutoff`, with that day.
fn kept_before(
    client: &mut impl postgres::GenericClient,
    cutoff: NaiveDate,
) -> anyhow::Result<Vec<(String, NaiveDate)>> {
    let rows = client
        .query(
            &format!("WITH {KEPT} SELECT source, day FROM kept ORDER BY source"),
            &[&cutoff],
        )
        .context("reading the newest day of each source")?;
    rows.iter()
        .map(|row| Ok((row.try_get("source")?, row.try_get("day")?)))
        .collect()
}
