//! The connection conventions of libpq, as `psql` follows them: the `PG*`
//! variables for what the connection string leaves out (or all of it), a
//! host-less URL meaning the socket, the password file (`~/.pgpass`,
//! `PGPASSFILE`, `passfile=`) and `PGPASSWORD`, and a bad string refused
//! with the key it names.

use std::os::unix::fs::PermissionsExt as _;

use crate::common::env::Env;
use crate::common::pg::{CERT_HOST, PASSWORD_USER, PASSWORD_USER_PASSWORD, local_test_db, test_db};

/// The value of `key` in a `key=value` connection string.
fn value_of(url: &str, key: &str) -> String {
    url.split_whitespace()
        .find_map(|pair| pair.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("no {key} in {url}"))
        .to_owned()
}

#[test]
fn pg_variables_alone_reach_the_database_and_a_host_less_url_means_the_socket() {
    let env = Env::on(test_db());
    let (socket, port) = (value_of(&env.db.url, "host"), value_of(&env.db.url, "port"));
    env.fxrates()
        .env_remove("FXRATES_DATABASE_URL")
        .env("PGHOST", &socket)
        .env("PGPORT", &port)
        .env("PGUSER", "postgres")
        .env("PGDATABASE", &env.db.name)
        .arg("init-db")
        .assert()
        .success();
    env.fxrates()
        .env(
            "FXRATES_DATABASE_URL",
            format!("postgres:///{}", env.db.name),
        )
        .env("PGHOST", &socket)
        .env("PGPORT", &port)
        .env("PGUSER", "postgres")
        .args(["status", "--max-age", "100y"])
        .assert()
        .code(7)
        .stderr("error: ecb: no rates stored yet: run `fxrates fetch`\n");
}

/// A database owned by the password role, and a URL to it over TLS without
/// the password.
fn password_env() -> (Env, String) {
    let env = Env::on(local_test_db());
    let _ = env.db.password_url();
    let url = format!(
        "postgresql://{PASSWORD_USER}@{CERT_HOST}:{}/{}?sslmode=verify-full&sslrootcert={}",
        env.db.tcp_port(),
        env.db.name,
        env.db.ca_file().display()
    );
    (env, url)
}

#[test]
fn the_password_comes_from_the_password_file_or_pgpassword() {
    let (env, url) = password_env();
    let home = tempfile::tempdir().expect("a home");
    let pgpass = home.path().join(".pgpass");
    std::fs::write(
        &pgpass,
        format!(
            "# as psql reads it\n{CERT_HOST}:{}:*:{PASSWORD_USER}:{PASSWORD_USER_PASSWORD}\n",
            env.db.tcp_port()
        ),
    )
    .expect("write .pgpass");
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let fxrates = |home: &std::path::Path| {
        let mut cmd = env.fxrates();
        cmd.env("FXRATES_DATABASE_URL", &url).env("HOME", home);
        cmd
    };
    fxrates(home.path()).arg("init-db").assert().success();
    // PGPASSFILE names another file; passfile= in the string wins over both.
    let elsewhere = tempfile::tempdir().expect("a directory");
    fxrates(elsewhere.path())
        .env("PGPASSFILE", &pgpass)
        .arg("init-db")
        .assert()
        .success();
    let mut cmd = env.fxrates();
    cmd.env(
        "FXRATES_DATABASE_URL",
        format!("{url}&passfile={}", pgpass.display()),
    )
    .env("HOME", elsewhere.path())
    .arg("init-db")
    .assert()
    .success();
    fxrates(elsewhere.path())
        .env("PGPASSWORD", PASSWORD_USER_PASSWORD)
        .arg("init-db")
        .assert()
        .success();

    // A password file others may read is ignored, as libpq ignores it.
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let output = fxrates(home.path())
        .arg("init-db")
        .output()
        .expect("run fxrates");
    assert_eq!(output.status.code(), Some(5));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("has group or world access"), "{stderr}");
    assert!(
        stderr.contains("error: cannot connect to the database"),
        "{stderr}"
    );
    assert!(!stderr.contains(PASSWORD_USER_PASSWORD), "{stderr}");
}

#[test]
fn a_string_that_cannot_be_used_names_the_key() {
    let env = Env::on(test_db());
    for (url, says) in [
        (
            "host=/tmp sslmode=verify-everything",
            "error: invalid database URL: sslmode \"verify-everything\" is not one of disable, allow, prefer, require, verify-ca, verify-full\n",
        ),
        (
            "host=/tmp sslcert=/etc/client.pem",
            "error: invalid database URL: unknown or unsupported key \"sslcert\"\n",
        ),
    ] {
        env.fxrates()
            .env("FXRATES_DATABASE_URL", url)
            .arg("init-db")
            .assert()
            .code(2)
            .stderr(says);
    }
}
