//! Versioned schema migrations: the files in `sql/`, embedded in the binary
//! and applied in order, each recorded in `schema_migrations`.
//!
//! `init-db` applies all pending migrations in one transaction while holding
//! the maintenance lock ([`super::Lock::Maintenance`]), so two runs at once
//! apply each migration exactly once and a failed migration leaves the schema
//! as it was.

use anyhow::Context;
use postgres::{Client, Transaction};

use crate::error::Error;

/// One schema change.
struct Migration {
    version: i32,
    name: &'static str,
    sql: &'static str,
}

/// Every migration, in the order they apply. Append only: a published
/// migration never changes.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "rates",
        sql: include_str!("../../sql/0001_rates.sql"),
    },
    Migration {
        version: 2,
        name: "fetch_runs",
        sql: include_str!("../../sql/0002_fetch_runs.sql"),
    },
    Migration {
        version: 3,
        name: "units_and_publications",
        sql: include_str!("../../sql/0003_units_and_publications.sql"),
    },
    Migration {
        version: 4,
        name: "sql_interface",
        sql: include_str!("../../sql/0004_sql_interface.sql"),
    },
    Migration {
        version: 5,
        name: "series",
        sql: include_str!("../../sql/0005_series.sql"),
    },
];

/// The schema version this binary reads and writes.
pub const LATEST_VERSION: i32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

/// What [`migrate`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationReport {
    /// The version found before migrating; 0 for a database without the schema.
    pub from: i32,
    /// The version now in place.
    pub to: i32,
    /// The migrations applied, as `0001_rates`.
    pub applied: Vec<String>,
}

/// The migration that brought `fx_daily_rates`, which then needs filling
/// for the rates a database already holds.
const FX_DAILY_VERSION: i32 = 4;

/// Applies every migration newer than the database's version, then
/// `fill_daily` when the one that brought `fx_daily_rates` was among them
/// (after the last, so that it writes the newest shape). The caller holds
/// the maintenance lock.
pub fn migrate(
    client: &mut Client,
    fill_daily: fn(&mut Transaction<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<MigrationReport> {
    let mut tx = client.transaction().context("starting a transaction")?;
    let exists: bool = tx
        .query_typed_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])
        .context("looking for schema_migrations")?
        .get(0);
    if !exists {
        tx.batch_execute(
            "CREATE TABLE schema_migrations (
                 version integer PRIMARY KEY,
                 name text NOT NULL,
                 applied_at timestamptz NOT NULL DEFAULT now()
             )",
        )
        .context("creating schema_migrations")?;
    }
    let from = current_version(&mut tx)?;
    if from > LATEST_VERSION {
        return Err(Error::SchemaTooNew {
            found: from,
            expected: LATEST_VERSION,
        }
        .into());
    }
    let mut applied = Vec::new();
    for migration in MIGRATIONS.iter().filter(|m| m.version > from) {
        let label = format!("{:04}_{}", migration.version, migration.name);
        log::info!("applying migration {label}");
        tx.batch_execute(migration.sql)
            .with_context(|| format!("applying migration {label}"))?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
            &[&migration.version, &migration.name],
        )
        .with_context(|| format!("recording migration {label}"))?;
        applied.push(label);
    }
    if from < FX_DAILY_VERSION {
        fill_daily(&mut tx).context("filling fx_daily for the stored rates")?;
    }
    tx.commit().context("committing the migrations")?;
    Ok(MigrationReport {
        from,
        to: LATEST_VERSION,
        applied,
    })
}

/// Fails with a hint unless the schema is at [`LATEST_VERSION`].
pub fn check(client: &mut Client) -> anyhow::Result<()> {
    let exists: bool = client
        .query_typed_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])
        .context("looking for schema_migrations")?
        .get(0);
    if !exists {
        return Err(Error::SchemaMissing.into());
    }
    let found = current_version(client)?;
    match found.cmp(&LATEST_VERSION) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Less if found == 0 => Err(Error::SchemaMissing.into()),
        std::cmp::Ordering::Less => Err(Error::SchemaOutdated {
            found,
            expected: LATEST_VERSION,
        }
        .into()),
        std::cmp::Ordering::Greater => Err(Error::SchemaTooNew {
            found,
            expected: LATEST_VERSION,
        }
        .into()),
    }
}

fn current_version(client: &mut impl postgres::GenericClient) -> anyhow::Result<i32> {
    let row = client
        .query_typed_one(
            "SELECT coalesce(max(version), 0) FROM schema_migrations",
            &[],
        )
        .context("reading the schema version")?;
    Ok(row.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_from_one_without_gaps() {
        for (i, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                migration.version,
                i32::try_from(i + 1).expect("small"),
                "{}",
                migration.name
            );
            assert!(!migration.sql.trim().is_empty(), "{}", migration.name);
        }
    }
}
