//! The command line and the database lifecycle through the built binary:
//! usage errors exit 2 before touching anything, database problems exit 5
//! with a hint, and `init-db` is safe to repeat and to run concurrently.

use crate::common::env::{Env, FRANKFURTER, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, rates_checksum, stored};
use fxrates::store::LATEST_VERSION;
use predicates::prelude::*;
use predicates::str::contains;

/// Runs `args` and checks it is refused as a usage error mentioning `expected`,
/// without a single request to the provider.
fn assert_usage_error(env: &Env, args: &[&str], expected: &str) {
    env.fxrates()
        .args(args)
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(expected));
    assert!(env.http.requests().is_empty(), "{args:?} made a request");
}

#[test]
fn bad_command_lines_are_usage_errors() {
    let env = Env::new();
    assert_usage_error(
        &env,
        &["fetch", "--yesterday"],
        "unexpected argument '--yesterday'",
    );
    assert_usage_error(
        &env,
        &["fetch", "--date", "2024-13-01"],
        "invalid date \"2024-13-01\" (no such day)",
    );
    assert_usage_error(
        &env,
        &["fetch", "--date", "28.06.2024"],
        "expected YYYY-MM-DD",
    );
    assert_usage_error(
        &env,
        &["fetch", "--from", "2024-06-02", "--to", "2024-06-01"],
        "--from 2024-06-02 is after --to 2024-06-01",
    );
    assert_usage_error(
        &env,
        &["fetch", "--date", "2999-01-01"],
        "--date 2999-01-01 is in the future",
    );
    assert_usage_error(
        &env,
        &["fetch", "--from", "2999-01-01"],
        "--from 2999-01-01 is in the future",
    );
    assert_usage_error(
        &env,
        &["fetch", "--to", "2024-06-01"],
        "--from <YYYY-MM-DD>",
    );
    assert_usage_error(
        &env,
        &["fetch", "--date", "2024-06-01", "--from", "2024-05-01"],
        "cannot be used with",
    );
    assert_usage_error(
        &env,
        &["fetch", "--http-timeout", "soon"],
        "invalid duration \"soon\"",
    );
    assert_usage_error(&env, &["clean"], "--older-than <AGE>");
    assert_usage_error(&env, &["frobnicate"], "unrecognized subcommand");
    assert_usage_error(
        &env,
        &["fetch", "--date", "1998-12-31"],
        "--date 1998-12-31 is before 1999-01-04, the first day of ecb's rates",
    );
    assert_usage_error(
        &env,
        &["fetch", "--provider", "cnb", "--from", "1990-06-01"],
        "--from 1990-06-01 is before 1991-01-01, the first day of cnb's rates",
    );
}

#[test]
fn a_usage_error_is_one_line_without_the_usage() {
    let env = Env::new();
    for (args, line) in [
        (
            &["--provider", "ecb", "fetch"][..],
            "error: unexpected argument '--provider' found; tip: 'fetch --provider' exists\n",
        ),
        (
            &["clean", "--dry-run"],
            "error: the following required arguments were not provided: --older-than <AGE>\n",
        ),
    ] {
        env.fxrates()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(line);
    }
}

#[test]
fn options_of_fetch_belong_to_fetch_alone() {
    let env = Env::with_schema();
    for args in [
        &["convert", "100", "EUR", "USD", "--base", "GBP"][..],
        &["init-db", "--symbols", "USD"],
        &[
            "clean",
            "--older-than",
            "1m",
            "--ecb-url",
            "https://example.com",
        ],
        &["status", "--http-timeout", "1s"],
    ] {
        assert_usage_error(&env, args, "unexpected argument");
    }
    // Their variables, set for the scheduled fetch, do not concern the other
    // commands: not even a URL that fetch would refuse.
    env.fxrates()
        .args(["clean", "--older-than", "1m", "--dry-run"])
        .env("FXRATES_ECB_URL", "http://mirror.example.com/eurofxref")
        .env("FXRATES_BASE", "USD")
        .assert()
        .success();
}

#[test]
fn dry_run_has_no_variable_to_leave_behind() {
    let env = Env::with_schema();
    env.fxrates()
        .arg("fetch")
        .env("FXRATES_DRY_RUN", "1")
        .assert()
        .success();
    assert_eq!(count_rates(&mut env.client(), "ecb"), 30, "nothing stored");
}

#[test]
fn quiet_does_not_swallow_what_a_dry_run_was_run_for() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    env.fxrates()
        .args(["clean", "--older-than", "1d", "--dry-run"])
        .env("FXRATES_QUIET", "1")
        .assert()
        .success()
        .stdout(contains("dry run"));
    assert_eq!(count_rates(&mut env.client(), "ecb"), 30);
}

#[test]
fn symbols_and_base_of_fetch_take_any_case() {
    let env = Env::with_schema();
    let asked = format!("{FRANKFURTER}/latest?base=USD&symbols=EUR,GBP,JPY");
    env.http
        .route_target(&asked, Reply::file("frankfurter/latest-usd.json"));
    env.fxrates()
        .args(["fetch", "--provider", "frankfurter", "--base", "usd"])
        .args(["--symbols", "eur,Gbp,jPY"])
        .assert()
        .success();
    assert_eq!(env.http.targets(), [asked]);
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(base || quote, ',' ORDER BY quote) FROM rates"
        ),
        "USDEUR,USDGBP,USDJPY"
    );
}

#[test]
fn a_malformed_age_names_the_accepted_forms() {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    let before = rates_checksum(&mut env.client());
    for age in ["banana", "-3d", "3x", "1.5m", ""] {
        env.fxrates()
            .args(["clean", "--older-than", age])
            .assert()
            .code(2)
            .stderr(contains("e.g. 30d, 4w, 1m, 1y"));
    }
    env.fxrates()
        .args(["clean", "--older-than", "99999y"])
        .assert()
        .code(2)
        .stderr("error: --older-than 99999y reaches before the year 1\n");
    env.fxrates()
        .args(["status", "--max-age", "99999y"])
        .assert()
        .code(2)
        .stderr("error: --max-age 99999y reaches before the year 1\n");
    assert_eq!(rates_checksum(&mut env.client()), before);
}

#[test]
fn a_missing_database_url_names_both_variables() {
    let env = Env::new();
    env.fxrates()
        .arg("fetch")
        .env_remove("FXRATES_DATABASE_URL")
        .assert()
        .code(2)
        .stderr("error: no database given: set FXRATES_DATABASE_URL (or DATABASE_URL, or libpq's PGHOST and PGDATABASE), or pass --database-url\n");
    assert!(env.http.requests().is_empty());
}

#[test]
fn database_url_falls_back_to_the_standard_variable() {
    let env = Env::new();
    env.fxrates()
        .arg("init-db")
        .env_remove("FXRATES_DATABASE_URL")
        .env("DATABASE_URL", &env.db.url)
        .assert()
        .success()
        .stdout(contains("schema version 9"));
}

#[test]
fn an_empty_database_url_is_unset() {
    let env = Env::new();
    env.fxrates()
        .arg("init-db")
        .env("FXRATES_DATABASE_URL", "")
        .env("DATABASE_URL", &env.db.url)
        .assert()
        .success()
        .stdout(contains("schema version 9"));
    env.fxrates()
        .arg("status")
        .env("FXRATES_DATABASE_URL", " ")
        .env("DATABASE_URL", "")
        .assert()
        .code(2)
        .stderr("error: no database given: set FXRATES_DATABASE_URL (or DATABASE_URL, or libpq's PGHOST and PGDATABASE), or pass --database-url\n");
}

#[test]
fn an_unreachable_database_is_a_database_error_without_the_password() {
    let env = Env::new();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    let url = format!("postgres://fxrates:s3cret-sentinel@127.0.0.1:{port}/fxrates");

    env.fxrates()
        .arg("fetch")
        .env("FXRATES_DATABASE_URL", &url)
        .assert()
        .code(5)
        .stderr(contains(format!(
            "error: cannot connect to the database (host=127.0.0.1 port={port} user=fxrates dbname=fxrates)"
        )))
        .stderr(contains("s3cret-sentinel").not());
    assert!(
        env.http.requests().is_empty(),
        "fetched before the database was known to work"
    );
}

#[test]
fn a_malformed_database_url_is_a_configuration_error() {
    let env = Env::new();
    env.fxrates()
        .arg("init-db")
        .env("FXRATES_DATABASE_URL", "host=/tmp sslmode=sometimes")
        .assert()
        .code(2)
        .stderr(contains("invalid database URL"));
}

#[test]
fn commands_without_the_schema_say_to_run_init_db() {
    let env = Env::new();
    for args in [&["fetch"][..], &["clean", "--older-than", "1m"]] {
        env.fxrates()
            .args(args)
            .assert()
            .code(5)
            .stdout("")
            .stderr("error: the database has no fxrates schema: run `fxrates init-db` first\n");
    }
    assert!(env.http.requests().is_empty());
}

#[test]
fn a_schema_newer_than_the_binary_is_refused() {
    let env = Env::with_schema();
    let mut client = env.client();
    client
        .batch_execute(
            "INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')",
        )
        .expect("insert");

    env.fxrates().arg("fetch").assert().code(5).stderr(contains(
        "schema is at version 99, newer than this fxrates knows (version 9)",
    ));
    env.fxrates()
        .arg("init-db")
        .assert()
        .code(5)
        .stderr(contains("version 99"));
    assert_eq!(count_rates(&mut client, "ecb"), 0);
}

#[test]
fn init_db_twice_creates_then_finds_the_schema_up_to_date() {
    let env = Env::new();
    env.fxrates().arg("init-db").assert().success().stdout(
        "schema version 9: created (0001_rates, 0002_fetch_runs, 0003_units_and_publications, 0004_sql_interface, 0005_series, 0006_read_path, 0007_validity_periods, 0008_metals_per_gram, 0009_buying_sight); fx_rate reads ecb when a call names no source\n",
    );
    env.fxrates().arg("init-db").assert().success().stdout(
        "schema version 9: already up to date; fx_rate reads ecb when a call names no source\n",
    );

    let mut client = env.client();
    assert_eq!(
        scalar(&mut client, "SELECT count(*) FROM schema_migrations"),
        LATEST_VERSION.to_string()
    );
    assert_eq!(
        scalar(&mut client, "SELECT to_regclass('rates') IS NOT NULL"),
        "true"
    );
}

#[test]
fn an_old_schema_is_refused_until_init_db_upgrades_it() {
    let env = Env::new();
    let mut client = env.client();
    // The schema as version 2 left it, with a rate stored then.
    schema_at(&mut client, 2);
    client
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate)
                  VALUES ('ecb', '2024-06-27', 'EUR', 'USD', 1.0714)",
        )
        .expect("a rate stored by version 2");

    env.fxrates().arg("fetch").assert().code(5).stderr(
        "error: the database schema is at version 2 but this fxrates needs version 9: run `fxrates init-db` to upgrade it\n",
    );
    env.fxrates()
        .arg("init-db")
        .assert()
        .success()
        .stdout(
            "schema version 9: upgraded from version 2 (0003_units_and_publications, 0004_sql_interface, 0005_series, 0006_read_path, 0007_validity_periods, 0008_metals_per_gram, 0009_buying_sight); fx_rate reads ecb when a call names no source\n",
        );
    // A rate stored before units existed keeps its meaning: per one unit;
    // and the upgrade put it in force for the SQL functions and fx_daily.
    assert_eq!(
        stored(&mut client, "ecb", "2024-06-27", "EUR", "USD"),
        "1 EUR USD 1.0714"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('USD', 'EUR', '2024-06-30') = (SELECT rate FROM fx_daily
              WHERE source = 'ecb' AND day = '2024-06-30' AND base = 'USD' AND quote = 'EUR')"
        ),
        "true"
    );
    env.fxrates().arg("fetch").assert().success();
}

/// A database of schema version 5, holding rates of the ECB and of a
/// Frankfurter run with `--base USD`, upgraded: every row kept with its
/// meaning, each read answering as before, and the Frankfurter day read
/// around the base it was fetched in (version 5 computed its crosses
/// through EUR, and found none).
#[test]
fn an_upgrade_from_version_5_keeps_every_rate_and_its_answers() {
    let env = Env::new();
    let mut client = env.client();
    schema_at(&mut client, 5);
    client
        .batch_execute(
            "INSERT INTO fx_sources VALUES ('ecb', 'EUR'), ('frankfurter', 'EUR');
             INSERT INTO fx_source_order VALUES (1, 'ecb');
             INSERT INTO rates (source, rate_date, base, quote, rate) VALUES
                 ('ecb', '2024-06-27', 'EUR', 'USD', 1.0714), ('ecb', '2024-06-27', 'EUR', 'JPY', 171.94),
                 ('ecb', '2024-06-28', 'EUR', 'USD', 1.0705), ('ecb', '2024-06-28', 'EUR', 'JPY', 171.94),
                 ('frankfurter', '2024-06-28', 'USD', 'EUR', 0.93414),
                 ('frankfurter', '2024-06-28', 'USD', 'JPY', 160.88),
                 ('frankfurter', '2024-06-28', 'USD', 'GBP', 0.79085)",
        )
        .expect("rates stored by version 5");
    let before = rates_checksum(&mut client);
    let answers = "SELECT concat_ws(' ', fx_rate('EUR', 'USD', '2024-06-30'),
                                    fx_rate('USD', 'EUR', '2024-06-28') = 1 / 1.0705,
                                    fx_rate('USD', 'JPY', '2024-06-27', 'ecb') = 171.94 / 1.0714,
                                    fx_rate('EUR', 'USD', '2024-07-08'),
                                    fx_rate('EUR', 'USD', '2024-07-09') IS NULL)";
    assert_eq!(scalar(&mut client, answers), "1.0705 t t 1.0705 t");

    env.fxrates().arg("init-db").assert().success().stdout(
        "schema version 9: upgraded from version 5 (0006_read_path, 0007_validity_periods, 0008_metals_per_gram, 0009_buying_sight); fx_rate reads ecb when a call names no source\n",
    );
    assert_eq!(rates_checksum(&mut client), before);
    assert_eq!(scalar(&mut client, answers), "1.0705 t t 1.0705 t");
    assert_eq!(
        scalar(
            &mut client,
            "SELECT fx_rate('JPY', 'GBP', '2024-06-30', 'frankfurter') = 0.79085 / 160.88"
        ),
        "true"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(source || ' ' || home, ', ' ORDER BY source) FROM fx_sources
              WHERE source IN ('ecb', 'frankfurter', 'oxr')"
        ),
        "ecb EUR"
    );
}

/// Builds the schema as the fxrates of schema `version` left it: its
/// published migrations, applied and recorded as it did.
fn schema_at(client: &mut postgres::Client, version: usize) {
    const PUBLISHED: [(&str, &str); 5] = [
        ("rates", include_str!("../../sql/0001_rates.sql")),
        ("fetch_runs", include_str!("../../sql/0002_fetch_runs.sql")),
        (
            "units_and_publications",
            include_str!("../../sql/0003_units_and_publications.sql"),
        ),
        (
            "sql_interface",
            include_str!("../../sql/0004_sql_interface.sql"),
        ),
        ("series", include_str!("../../sql/0005_series.sql")),
    ];
    client
        .batch_execute(
            "CREATE TABLE schema_migrations (
                 version integer PRIMARY KEY,
                 name text NOT NULL,
                 applied_at timestamptz NOT NULL DEFAULT now()
             )",
        )
        .expect("schema_migrations");
    for (number, (name, sql)) in (1..).zip(&PUBLISHED[..version]) {
        client.batch_execute(sql).expect(name);
        client
            .execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                &[&number, name],
            )
            .expect("record the migration");
    }
}

#[test]
fn concurrent_init_db_runs_apply_the_schema_once() {
    let env = Env::new();
    let runs: Vec<_> = (0..6)
        .map(|_| {
            let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("fxrates"));
            cmd.arg("init-db")
                .env("FXRATES_DATABASE_URL", &env.db.url)
                .env_remove("DATABASE_URL");
            cmd.spawn().expect("spawn fxrates")
        })
        .collect();
    for run in runs {
        let output = run.wait_with_output().expect("wait");
        assert!(output.status.success(), "{output:?}");
    }
    let mut client = env.client();
    assert_eq!(
        scalar(&mut client, "SELECT count(*) FROM schema_migrations"),
        LATEST_VERSION.to_string()
    );
}

#[test]
fn the_schema_is_the_documented_contract() {
    let env = Env::with_schema();
    let mut client = env.client();
    let columns = scalar(
        &mut client,
        "SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable, ', ' ORDER BY ordinal_position)
           FROM information_schema.columns WHERE table_name = 'rates'",
    );
    assert_eq!(
        columns,
        "source text NO, rate_date date NO, base character NO, quote character NO, rate numeric NO, fetched_at timestamp with time zone NO, unit integer NO, series text NO, valid_until date YES"
    );
    let backwards = client.batch_execute(
        "INSERT INTO rates (source, rate_date, base, quote, rate, valid_until)
         VALUES ('hmrc', '2026-08-01', 'GBP', 'USD', 1.3452, '2026-07-31')",
    );
    assert!(
        backwards.is_err(),
        "a period ending before it starts was accepted"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'rates_pkey'"
        ),
        "PRIMARY KEY (source, rate_date, base, quote, series)"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT to_regclass('rates_rate_date_idx') IS NOT NULL"
        ),
        "true"
    );
    let negative = client.batch_execute(
        "INSERT INTO rates (source, rate_date, base, quote, rate) VALUES ('ecb', '2024-06-28', 'EUR', 'USD', -1)",
    );
    assert!(negative.is_err(), "a negative rate was accepted");
    let odd_unit = client.batch_execute(
        "INSERT INTO rates (source, rate_date, base, quote, unit, rate) VALUES ('cnb', '2024-06-28', 'HUF', 'CZK', 50, 3.1)",
    );
    assert!(
        odd_unit.is_err(),
        "a unit that is not a power of ten was accepted"
    );
    for (what, row) in [
        (
            "a lower-case code",
            "'ecb', '2024-06-28', 'eur', 'USD', 'mid'",
        ),
        ("a short code", "'ecb', '2024-06-28', 'EUR', 'US', 'mid'"),
        (
            "a currency against itself",
            "'ecb', '2024-06-28', 'EUR', 'EUR', 'mid'",
        ),
        (
            "an unknown series",
            "'ecb', '2024-06-28', 'EUR', 'USD', 'average'",
        ),
    ] {
        let refused = client.batch_execute(&format!(
            "INSERT INTO rates (source, rate_date, base, quote, series, rate) VALUES ({row}, 1.5)"
        ));
        assert!(refused.is_err(), "{what} was accepted");
    }
    // The buying and selling rates of one pair and day are rows of their own.
    client
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, series, rate)
             VALUES ('ptax', '2024-06-28', 'USD', 'BRL', 'buying', 5.5643),
                    ('ptax', '2024-06-28', 'USD', 'BRL', 'selling', 5.5649)",
        )
        .expect("two series of one pair");
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)
               FROM information_schema.columns WHERE table_name = 'publications'"
        ),
        "source text, rate_date date, reference text, fetched_at timestamp with time zone"
    );
}

#[test]
fn help_lists_the_exit_codes() {
    let env = Env::new();
    env.fxrates()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("Exit codes:"))
        .stdout(contains("4  provider sent invalid data"));
}

/// Regression: a bad value from the environment was reported under its
/// flag (`--format`), which the crontab line may not have.
#[test]
fn a_bad_value_from_a_variable_names_the_variable() {
    let env = Env::new();
    env.fxrates()
        .args(["show", "USD"])
        .env("FXRATES_SHOW_FORMAT", "xml")
        .env("FXRATES_FORMAT", "json")
        .assert()
        .code(2)
        .stderr(
            "error: invalid value 'xml' for '--format <FORMAT>'; \
             [possible values: table, csv, json, value] (set by FXRATES_SHOW_FORMAT)\n",
        );
    env.fxrates()
        .args(["show", "USD", "--format", "xml"])
        .env("FXRATES_SHOW_FORMAT", "csv")
        .assert()
        .code(2)
        .stderr(
            "error: invalid value 'xml' for '--format <FORMAT>'; \
             [possible values: table, csv, json, value]\n",
        );
}

/// Regression: `show USD --date D --chart` ignored `--chart` silently.
#[test]
fn a_chart_without_a_history_is_a_usage_error() {
    let env = Env::new();
    env.fxrates()
        .args(["show", "USD", "--date", "2024-06-28", "--chart"])
        .assert()
        .code(2)
        .stderr("error: --chart draws a history: give --from (and --to)\n");
}

/// A published migration never changes: a database whose applied migration
/// differs from the binary's is refused, and one made before checksums
/// were kept takes the binary's.
#[test]
fn init_db_refuses_a_database_whose_applied_migration_differs() {
    let env = Env::with_schema();
    let mut client = env.client();
    let recorded = |client: &mut postgres::Client| {
        scalar(
            client,
            "SELECT count(*) FILTER (WHERE checksum ~ '^[0-9a-f]{64}$') || '/' || count(*)
               FROM schema_migrations",
        )
    };
    assert_eq!(
        recorded(&mut client),
        format!("{LATEST_VERSION}/{LATEST_VERSION}")
    );
    client
        .batch_execute("UPDATE schema_migrations SET checksum = NULL")
        .expect("a database from before checksums");
    env.fxrates().arg("init-db").assert().success();
    assert_eq!(
        recorded(&mut client),
        format!("{LATEST_VERSION}/{LATEST_VERSION}")
    );

    client
        .batch_execute("UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE version = 3")
        .expect("an edited migration");
    env.fxrates()
        .arg("init-db")
        .assert()
        .code(5)
        .stdout("")
        .stderr(
            "error: migration 0003_units_and_publications was applied to this database with other \
         contents than this fxrates carries: a published migration never changes; use the \
         fxrates that created the database, or restore it\n",
        );
    assert_eq!(
        recorded(&mut client),
        format!("{LATEST_VERSION}/{LATEST_VERSION}")
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT checksum FROM schema_migrations WHERE version = 3"
        ),
        "0".repeat(64)
    );
}

/// Every test that docs/guarantees.md cites as a promise's proof exists: a
/// proof renamed or removed fails here, not silently in the docs.
#[test]
fn the_guarantees_cite_tests_that_exist() {
    use std::path::{Path, PathBuf};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("docs/guarantees.md")).expect("the guarantees");
    // The file cited, and the files of its modules at any depth
    // (`tests/it/conformance/faults/cases.rs` beside
    // `tests/it/conformance.rs`), where a case may be written.
    let sources = |file: &str| -> Vec<(PathBuf, String)> {
        let path = root.join(file);
        let mut files = vec![path.clone()];
        let mut dirs = vec![path.with_extension("")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).into_iter().flatten() {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    dirs.push(path.clone());
                }
                files.push(path);
            }
        }
        files
            .into_iter()
            .filter_map(|path| Some((path.clone(), std::fs::read_to_string(path).ok()?)))
            .collect()
    };
    let mut cited = 0;
    for span in text.split('`').skip(1).step_by(2) {
        let Some((file, path)) = span.split_once(".rs::") else {
            continue;
        };
        let file = format!("{file}.rs");
        let sources = sources(&file);
        assert!(!sources.is_empty(), "{span}: no file {file}");
        let mut segments: Vec<&str> = path.split("::").collect();
        let name = segments.pop().expect("a name");
        let found = if name == "*" {
            let module = segments.last().expect("a module");
            sources.iter().any(|(path, text)| {
                text.contains(&format!("mod {module}")) || path.ends_with(format!("{module}.rs"))
            })
        } else {
            sources
                .iter()
                .any(|(_, text)| text.contains(&format!("fn {name}(")))
        };
        assert!(found, "{span}: no such test");
        cited += 1;
    }
    assert!(cited >= 20, "only {cited} tests cited");
}

/// Every table docs/schema.md draws (`CREATE TABLE name (` … `);` in a
/// `sql` block) lists the columns the schema has, in its order: the
/// documentation cannot fall behind a migration.
#[test]
fn the_documented_tables_have_the_schema_columns() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/schema.md"))
        .expect("docs/schema.md");
    let env = Env::with_schema();
    let mut client = env.client();
    let mut tables = 0;
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let Some(table) = line
            .strip_prefix("CREATE TABLE ")
            .and_then(|rest| rest.split_whitespace().next())
        else {
            continue;
        };
        let documented: Vec<&str> = lines
            .by_ref()
            .take_while(|line| !line.starts_with(");"))
            .filter_map(|line| line.split_whitespace().next())
            .filter(|word| {
                !["CHECK", "PRIMARY", "UNIQUE", "FOREIGN", "CONSTRAINT", "--"]
                    .iter()
                    .any(|keyword| word.starts_with(keyword))
            })
            .collect();
        let actual = scalar(
            &mut client,
            &format!(
                "SELECT string_agg(column_name, ' ' ORDER BY ordinal_position)
                   FROM information_schema.columns WHERE table_name = '{table}'"
            ),
        );
        assert_eq!(documented.join(" "), actual, "the columns of {table}");
        tables += 1;
    }
    assert!(tables >= 4, "found only {tables} tables in docs/schema.md");
}
