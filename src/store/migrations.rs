//! Versioned schema migrations: the files in `sql/`, embedded in the binary
//! and applied in order, each recorded in `schema_migrations`.
//!
//! `init-db` applies all pending migrations in one transaction while holding
//! the maintenance lock ([`super::Lock::Maintenance`]), so two runs at once
//! apply each migration exactly once and a failed migration leaves the schema
//! as it was. Each is recorded with the SHA-256 of its text, and a database
//! whose applied migration differs from this binary's is refused: a
//! published migration never changes (a new one does what a change would).

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
    Migration {
        version: 6,
        name: "read_path",
        sql: include_str!("../../sql/0006_read_path.sql"),
    },
    Migration {
        version: 7,
        name: "validity_periods",
        sql: include_str!("../../sql/0007_validity_periods.sql"),
    },
    Migration {
        version: 8,
        name: "metals_per_gram",
        sql: include_str!("../../sql/0008_metals_per_gram.sql"),
    },
    Migration {
        version: 9,
        name: "buying_sight",
        sql: include_str!("../../sql/0009_buying_sight.sql"),
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

/// Applies every migration newer than the database's version. The caller
/// holds the maintenance lock.
pub fn migrate(client: &mut Client) -> anyhow::Result<MigrationReport> {
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
    // Databases made before checksums were recorded gain the column; their
    // rows take this binary's checksums below, on trust.
    tx.batch_execute("ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text")
        .context("adding schema_migrations.checksum")?;
    let from = current_version(&mut tx)?;
    if from > LATEST_VERSION {
        return Err(Error::SchemaTooNew {
            found: from,
            expected: LATEST_VERSION,
        }
        .into());
    }
    check_applied(&mut tx)?;
    let mut applied = Vec::new();
    for migration in MIGRATIONS.iter().filter(|m| m.version > from) {
        let label = format!("{:04}_{}", migration.version, migration.name);
        log::info!("applying migration {label}");
        tx.batch_execute(migration.sql)
            .with_context(|| format!("applying migration {label}"))?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
            &[
                &migration.version,
                &migration.name,
                &checksum(migration.sql),
            ],
        )
        .with_context(|| format!("recording migration {label}"))?;
        applied.push(label);
    }
    tx.commit().context("committing the migrations")?;
    Ok(MigrationReport {
        from,
        to: LATEST_VERSION,
        applied,
    })
}

/// The SHA-256 of a migration's text, in hex.
fn checksum(sql: &str) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(sql.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Refuses a database whose applied migrations differ from this binary's;
/// records the checksums of those applied before checksums were kept.
fn check_applied(tx: &mut Transaction<'_>) -> anyhow::Result<()> {
    let rows = tx
        .query(
            "SELECT version, checksum FROM schema_migrations ORDER BY version",
            &[],
        )
        .context("reading schema_migrations")?;
    for row in &rows {
        let (version, recorded): (i32, Option<String>) = (row.try_get(0)?, row.try_get(1)?);
        let Some(migration) = MIGRATIONS.iter().find(|m| m.version == version) else {
            continue;
        };
        let ours = checksum(migration.sql);
        match recorded {
            None => {
                tx.execute(
                    "UPDATE schema_migrations SET checksum = $2 WHERE version = $1",
                    &[&version, &ours],
                )
                .context("recording a migration's checksum")?;
            }
            Some(recorded) if recorded != ours => {
                return Err(Error::SchemaEdited {
                    migration: format!("{:04}_{}", migration.version, migration.name),
                }
                .into());
            }
            Some(_) => {}
        }
    }
    Ok(())
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
            "SELECT coalesce(max(version), 0) AS version FROM schema_migrations",
            &[],
        )
        .context("reading the schema version")?;
    Ok(row.try_get("version")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first 16 hex digits of each migration's SHA-256
    /// (`sha256sum sql/*.sql`), as published.
    const PUBLISHED: [&str; 9] = [
        "0001 9934c00cb5bab4d3",
        "0002 0628c7318ba85ae8",
        "0003 186457cbaca029e0",
        "0004 d797040650a21ce7",
        "0005 ef7ac08fd23766db",
        "0006 bc083c4d957cd74d",
        "0007 65fc8063d636b4a3",
        "0008 2a23107363f5e248",
        "0009 681a30a7c49744a3",
    ];

    /// A published migration never changes: an edit of one of these fails
    /// here before it reaches a database (where `init-db` would refuse it).
    #[test]
    fn published_migrations_keep_their_checksums() {
        let checksums: Vec<String> = MIGRATIONS
            .iter()
            .map(|m| format!("{:04} {}", m.version, &checksum(m.sql)[..16]))
            .collect();
        assert_eq!(checksums, PUBLISHED);
    }

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
