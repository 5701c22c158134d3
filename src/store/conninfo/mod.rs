//! The connection string, read the way libpq reads it, so that what works
//! for `psql` works for fxrates: `key=value` strings and `postgres://` URLs
//! (several hosts included), the `PG*` environment variables for what the
//! string leaves out, libpq's defaults (the local socket, the user name of
//! the process), the password file (`passfile`, `PGPASSFILE`, `~/.pgpass`),
//! and `sslmode` up to `verify-full` with `sslrootcert`.
//!
//! One module a concern, as sqlx splits its connect options: [`parse`]
//! splits the string into pairs, [`params`] fills them in from the
//! environment, then [`servers`], [`tls`] and [`session`] each read their
//! keys, and [`passfile`] finds a password the string does not give.
//!
//! A string that cannot be used is a [`Error::Usage`] naming the key, never
//! quoting a password.

mod params;
mod parse;
mod passfile;
mod servers;
mod session;
mod tls;

pub use params::environment_names_a_database;
pub use tls::{RootCert, TlsMode};

use crate::error::Error;

use params::Params;
use servers::Servers;
use session::Session;

/// A connection string resolved against the environment.
#[derive(Debug)]
pub struct ConnInfo {
    pub pg: postgres::Config,
    pub tls: TlsMode,
    pub root_cert: RootCert,
}

/// Reads `text` (a `key=value` string or a URL; empty takes everything from
/// the environment), fills what it leaves out from `env` and libpq's
/// defaults, and finds the password in the password file when none is given.
pub fn resolve(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<ConnInfo, Error> {
    let invalid = |message: String| Error::Usage(format!("invalid database URL: {message}"));
    let params = Params::new(parse::parse(text).map_err(invalid)?, env);
    let tls = TlsMode::read(&params).map_err(invalid)?;
    let servers = Servers::read(&params).map_err(invalid)?;
    let session = Session::read(&params, env).map_err(invalid)?;
    let root_cert = RootCert::read(&params);
    let mut pg = postgres::Config::new();
    pg.ssl_mode(tls.ssl_mode());
    servers.apply(&mut pg);
    session.apply(&mut pg);
    let password = match params.get("password") {
        Some(password) => Some(password.to_owned()),
        None => passfile::find(
            &params,
            env,
            &servers.named(),
            &session.dbname,
            &session.user,
        ),
    };
    if let Some(password) = password {
        crate::secrets::register(&password);
        pg.password(password);
    }
    Ok(ConnInfo { pg, tls, root_cert })
}

#[cfg(test)]
mod tests {
    use super::*;
    use postgres::config::Host;

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    fn hosts(info: &ConnInfo) -> Vec<String> {
        info.pg
            .get_hosts()
            .iter()
            .map(|host| match host {
                Host::Tcp(name) => name.clone(),
                Host::Unix(path) => path.display().to_string(),
            })
            .collect()
    }

    #[test]
    fn urls_take_several_hosts_sockets_and_query_keys() {
        let env = env_of(&[]);
        let info = resolve(
            "postgresql://app:s%40cret@db1:5433,db2/fx%20rates?sslmode=verify-full&sslrootcert=/etc/ca.pem&target_session_attrs=read-write",
            &env,
        )
        .expect("resolves");
        assert_eq!(hosts(&info), ["db1", "db2"]);
        assert_eq!(info.pg.get_ports(), [5433, 5432]);
        assert_eq!(info.pg.get_user(), Some("app"));
        assert_eq!(info.pg.get_password(), Some(&b"s@cret"[..]));
        assert_eq!(info.pg.get_dbname(), Some("fx rates"));
        assert_eq!(info.tls, TlsMode::VerifyFull);
        assert_eq!(info.root_cert, RootCert::File("/etc/ca.pem".into()));
        let socket = resolve("postgres://app@%2Fvar%2Frun%2Fpostgresql/fx", &env).expect("socket");
        assert_eq!(hosts(&socket), ["/var/run/postgresql"]);
    }

    #[test]
    fn what_the_string_leaves_out_comes_from_the_environment_then_libpqs_defaults() {
        let env = env_of(&[
            ("PGHOST", "db.example.com"),
            ("PGPORT", "6432"),
            ("PGDATABASE", "rates"),
            ("PGSSLMODE", "verify-ca"),
            ("PGAPPNAME", "nightly"),
            ("USER", "ops"),
        ]);
        let info = resolve("user=fx", &env).expect("resolves");
        assert_eq!(hosts(&info), ["db.example.com"]);
        assert_eq!(info.pg.get_ports(), [6432]);
        assert_eq!(info.pg.get_dbname(), Some("rates"));
        assert_eq!(info.pg.get_user(), Some("fx"), "the string wins");
        assert_eq!(info.pg.get_application_name(), Some("nightly"));
        assert_eq!(info.tls, TlsMode::VerifyCa);

        let bare = resolve("", &env_of(&[("USER", "ops")])).expect("defaults");
        assert_eq!(bare.pg.get_user(), Some("ops"));
        assert_eq!(bare.pg.get_dbname(), Some("ops"));
        assert!(hosts(&bare)[0].starts_with('/'), "the local socket");
        assert_eq!(bare.pg.get_application_name(), Some("fxrates"));
    }

    #[test]
    fn bad_strings_name_the_key_and_never_the_password() {
        let env = env_of(&[("USER", "ops")]);
        for (text, says) in [
            (
                "host=/tmp sslmode=verify-everything",
                "sslmode \"verify-everything\"",
            ),
            (
                "host=/tmp sslcert=/x.pem",
                "unknown or unsupported key \"sslcert\"",
            ),
            ("host=/tmp port=five", "port \"five\""),
            ("postgres://u:hunter2@h:x/db", "port \"x\""),
            (
                "host=/tmp target_session_attrs=standby",
                "target_session_attrs \"standby\"",
            ),
            (
                "host=db1,db2,db3 port=5432,5433",
                "port lists 2 ports for 3 hosts",
            ),
            (
                "postgres://u:hunter2@db1:5432,db2:5433,db3:5434/x?port=1,2",
                "port lists 2 ports for 3 hosts",
            ),
            (
                "host=db1,db2 hostaddr=10.0.0.1",
                "host names 2 servers but hostaddr 1",
            ),
            // Regression: "for 1 hosts".
            ("host=db1 port=5432,5433", "port lists 2 ports for 1 host"),
        ] {
            let err = resolve(text, &env).expect_err(text).to_string();
            assert!(err.starts_with("invalid database URL: "), "{err}");
            assert!(err.contains(says), "{text}: {err}");
            assert!(!err.contains("hunter2"), "{err}");
        }
    }
}
