//! TLS to PostgreSQL through the built binary, against a test cluster with
//! `ssl=on` and a certificate for `localhost` signed by a throwaway CA: with
//! that CA the connection is encrypted; without it, or to a name the
//! certificate does not list, it is refused as a database error (exit 5); an
//! unusable CA file is a configuration error (exit 2).
//!
//! Every connection here is TCP as the role [`TLS_ONLY_USER`], which the
//! cluster refuses without TLS, so a connection that succeeds was encrypted;
//! `pg_stat_ssl` confirms it for a running fetch.

use std::path::Path;

use crate::common::env::{Env, scalar};
use crate::common::pg::{CERT_HOST, TLS_ONLY_USER, ca_file, count_rates, local_test_db};
use assert_cmd::Command;
use predicates::str::contains;

/// A fresh database on the TLS test cluster, owned by [`TLS_ONLY_USER`] so
/// that this role may create the schema.
fn tls_env() -> Env {
    let env = Env::on(local_test_db());
    env.client()
        .batch_execute(&format!(
            "ALTER DATABASE \"{}\" OWNER TO {TLS_ONLY_USER}",
            env.db.name
        ))
        .expect("hand the database to the TLS-only role");
    env
}

/// `fxrates` connecting over TCP to `host` as [`TLS_ONLY_USER`] with
/// `sslmode`, trusting `ca` through `FXRATES_DATABASE_CA_FILE` if given.
fn fxrates_over_tcp(env: &Env, host: &str, sslmode: &str, ca: Option<&Path>) -> Command {
    let url = format!(
        "{} sslmode={sslmode}",
        env.db.tcp_url_as(host, TLS_ONLY_USER)
    );
    let mut cmd = env.fxrates();
    cmd.env("FXRATES_DATABASE_URL", url);
    if let Some(ca) = ca {
        cmd.env("FXRATES_DATABASE_CA_FILE", ca);
    }
    cmd
}

/// The start of the error line for a failed connection to `host`.
fn connect_error(env: &Env, host: &str) -> String {
    format!(
        "error: cannot connect to the database (host={host} port={} user={TLS_ONLY_USER} dbname={}): ",
        env.db.tcp_port(),
        env.db.name
    )
}

/// Runs `cmd`, checks it exits with `code` and prints nothing on stdout, and
/// returns its stderr, which must be a single line.
fn error_line(cmd: &mut Command, code: i32) -> String {
    let output = cmd.output().expect("run fxrates");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 stderr");
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr:?}");
    stderr
}

/// Whether `fxrates init-db` left anything in the test database.
fn has_schema(env: &Env) -> bool {
    scalar(
        &mut env.client(),
        "SELECT to_regclass('schema_migrations') IS NOT NULL",
    ) == "true"
}

#[test]
fn require_with_the_test_ca_connects_encrypted() {
    let env = tls_env();
    let ca = ca_file();

    // The proof below rests on this refusal: the role cannot log in in the clear.
    let refused = error_line(
        fxrates_over_tcp(&env, CERT_HOST, "disable", Some(&ca)).arg("init-db"),
        5,
    );
    assert_eq!(
        refused,
        format!(
            "{}db error: FATAL: pg_hba.conf rejects connection for host \"127.0.0.1\", \
             user \"{TLS_ONLY_USER}\", database \"{}\", no encryption\n",
            connect_error(&env, CERT_HOST),
            env.db.name
        )
    );
    assert!(!has_schema(&env));

    fxrates_over_tcp(&env, CERT_HOST, "require", Some(&ca))
        .arg("init-db")
        .assert()
        .success()
        .stdout(contains("schema version"))
        .stderr("");
    let mut client = env.client();
    assert_eq!(
        scalar(
            &mut client,
            "SELECT tableowner FROM pg_tables WHERE tablename = 'rates'"
        ),
        TLS_ONLY_USER,
        "the schema was not created over the TLS connection"
    );

    // The command-line flag works as the variable does, COPY included.
    fxrates_over_tcp(&env, CERT_HOST, "require", None)
        .arg("fetch")
        .arg("--database-ca-file")
        .arg(&ca)
        .assert()
        .success()
        .stderr("");
    assert!(count_rates(&mut client, "ecb") > 0, "fetch stored no rates");
}

#[test]
fn a_certificate_from_an_unknown_ca_is_refused_with_the_fix() {
    let env = tls_env();
    // `prefer` (the default) must not fall back to plain text either.
    for sslmode in ["require", "prefer"] {
        let stderr = error_line(
            fxrates_over_tcp(&env, CERT_HOST, sslmode, None).arg("init-db"),
            5,
        );
        assert_eq!(
            stderr,
            format!(
                "{}error performing TLS handshake: server certificate not trusted (UnknownIssuer): \
                 set FXRATES_DATABASE_CA_FILE (or sslrootcert) to the PEM file of the CA that signed it\n",
                connect_error(&env, CERT_HOST)
            ),
            "sslmode={sslmode}"
        );
    }
    assert!(!has_schema(&env));
}

#[test]
fn a_certificate_for_another_host_name_is_refused() {
    let env = tls_env();
    let ca = ca_file();
    // The certificate names localhost only; 127.0.0.1 is the same server.
    let stderr = error_line(
        fxrates_over_tcp(&env, "127.0.0.1", "require", Some(&ca)).arg("init-db"),
        5,
    );
    let expected = format!(
        "{}error performing TLS handshake: invalid peer certificate: \
         certificate not valid for name \"127.0.0.1\"",
        connect_error(&env, "127.0.0.1")
    );
    assert!(
        stderr.starts_with(&expected),
        "expected {expected:?}…, got {stderr:?}"
    );
    assert!(!has_schema(&env));

    fxrates_over_tcp(&env, CERT_HOST, "require", Some(&ca))
        .arg("init-db")
        .assert()
        .success();
    assert!(has_schema(&env));
}

#[test]
fn an_unusable_ca_file_is_a_configuration_error() {
    let env = tls_env();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let missing = dir.path().join("missing.pem");
    let no_certificate = dir.path().join("notes.txt");
    std::fs::write(&no_certificate, "the CA is on the wiki\n").expect("write a non-PEM file");

    let cases = [
        (
            &missing,
            "I/O error: No such file or directory (os error 2)",
        ),
        (&no_certificate, "no PEM certificate in the file"),
    ];
    for (ca, reason) in cases {
        let stderr = error_line(
            fxrates_over_tcp(&env, CERT_HOST, "require", Some(ca)).arg("init-db"),
            2,
        );
        assert_eq!(
            stderr,
            format!(
                "error: FXRATES_DATABASE_CA_FILE {}: {reason}\n",
                ca.display()
            )
        );
    }
    assert!(!has_schema(&env));
    assert!(env.http.requests().is_empty());
}

#[test]
fn pg_stat_ssl_shows_the_connection_of_a_fetch_encrypted() {
    let env = tls_env();
    let ca = ca_file();
    fxrates_over_tcp(&env, CERT_HOST, "require", Some(&ca))
        .arg("init-db")
        .assert()
        .success();
    // Holding the ECB fetch lock keeps the run connected while we look.
    let mut holder = env.client();
    holder
        .batch_execute("SELECT pg_advisory_lock(x'66787274'::int, hashtext('fetch ecb'))")
        .expect("take the fetch lock");
    let mut child = env
        .command()
        .env(
            "FXRATES_DATABASE_URL",
            format!(
                "{} sslmode=require",
                env.db.tcp_url_as(CERT_HOST, TLS_ONLY_USER)
            ),
        )
        .env("FXRATES_DATABASE_CA_FILE", &ca)
        .arg("fetch")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn fxrates");

    let mut observer = env.client();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let (ssl, version) = loop {
        let row = observer
            .query_opt(
                "SELECT s.ssl, s.version FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
                  WHERE a.datname = current_database() AND a.application_name = 'fxrates'",
                &[],
            )
            .expect("read pg_stat_ssl");
        if let Some(row) = row {
            break (row.get::<_, bool>(0), row.get::<_, Option<String>>(1));
        }
        assert!(
            std::time::Instant::now() < deadline,
            "fxrates never connected"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    holder
        .batch_execute("SELECT pg_advisory_unlock_all()")
        .expect("release the fetch lock");
    assert!(child.wait().expect("wait for fxrates").success());

    assert!(ssl, "the connection of fxrates is not encrypted");
    assert!(
        matches!(version.as_deref(), Some("TLSv1.2" | "TLSv1.3")),
        "{version:?}"
    );
}

/// `sslmode` as libpq documents it, with `sslrootcert` naming the only CA to
/// trust: `verify-full` checks the chain and the host name, `verify-ca` the
/// chain only. Both refuse a certificate from an unknown CA.
#[test]
fn verify_full_and_verify_ca_with_sslrootcert() {
    let env = tls_env();
    let ca = ca_file();
    let url = |host: &str, sslmode: &str, root: &str| {
        format!(
            "{} sslmode={sslmode} sslrootcert={root}",
            env.db.tcp_url_as(host, TLS_ONLY_USER)
        )
    };
    let run = |url: String| {
        let mut cmd = env.fxrates();
        cmd.env("FXRATES_DATABASE_URL", url).arg("init-db");
        cmd
    };
    let ca = ca.display().to_string();
    run(url(CERT_HOST, "verify-full", &ca)).assert().success();
    run(url("127.0.0.1", "verify-ca", &ca)).assert().success();
    let line = error_line(&mut run(url("127.0.0.1", "verify-full", &ca)), 5);
    assert!(
        line.starts_with(&connect_error(&env, "127.0.0.1")),
        "{line}"
    );
    assert!(line.contains("certificate not valid for name"), "{line}");
    // sslrootcert is the only CA trusted: the system's do not vouch for the
    // test CA, so a file with another CA refuses the server.
    let other_file = tempfile::NamedTempFile::new().expect("a file");
    std::fs::write(other_file.path(), other_ca_pem()).expect("write a CA");
    let other = other_file.path().display().to_string();
    let line = error_line(&mut run(url("127.0.0.1", "verify-ca", &other)), 5);
    assert!(line.contains("UnknownIssuer"), "{line}");
    drop(other_file);
    // A URL takes the same keys.
    let url = format!(
        "postgresql://{TLS_ONLY_USER}@{CERT_HOST}:{}/{}?sslmode=verify-full&sslrootcert={ca}",
        env.db.tcp_port(),
        env.db.name
    );
    run(url).assert().success();
}

/// A certificate in PEM that did not sign the cluster's.
fn other_ca_pem() -> String {
    let cert = rcgen::generate_simple_self_signed(vec!["elsewhere.example".to_owned()])
        .expect("a certificate");
    cert.cert.pem()
}
