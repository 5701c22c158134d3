//! The session settings of a connection string: who connects to which
//! database, with what name and options, how long to wait, which server
//! of several to keep, channel binding and TCP keepalives. What the string
//! leaves out takes libpq's defaults: the process's user name, a database
//! of the user's name.

use std::time::Duration;

use postgres::config::{ChannelBinding, TargetSessionAttrs};

use super::params::Params;

/// The session settings, read and checked.
#[derive(Debug)]
pub(super) struct Session {
    /// `user`, or the process's user name.
    pub(super) user: String,
    /// `dbname`, or the user name.
    pub(super) dbname: String,
    /// `options`: server settings sent at startup.
    options: Option<String>,
    /// `application_name`, `fxrates` by default.
    application_name: String,
    /// `connect_timeout`: none waits forever.
    connect_timeout: Option<Duration>,
    /// `target_session_attrs`.
    target_session_attrs: Option<TargetSessionAttrs>,
    /// `channel_binding`.
    channel_binding: Option<ChannelBinding>,
    /// `keepalives` and its kin.
    keepalives: Keepalives,
}

impl Session {
    /// The settings `params` give, `env` naming the user when they do not.
    pub(super) fn read(
        params: &Params,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        let user = match params.get("user") {
            Some(user) => user.to_owned(),
            None => default_user(env).ok_or("no user name: set user= or PGUSER")?,
        };
        Ok(Self {
            dbname: params.get("dbname").unwrap_or(&user).to_owned(),
            options: params.get("options").map(str::to_owned),
            application_name: params
                .get("application_name")
                .unwrap_or("fxrates")
                .to_owned(),
            connect_timeout: connect_timeout(params)?,
            target_session_attrs: target_session_attrs(params)?,
            channel_binding: channel_binding(params)?,
            keepalives: Keepalives::read(params)?,
            user,
        })
    }

    /// Tells the driver the settings.
    pub(super) fn apply(&self, pg: &mut postgres::Config) {
        pg.user(&self.user);
        pg.dbname(&self.dbname);
        if let Some(options) = &self.options {
            pg.options(options);
        }
        pg.application_name(&self.application_name);
        if let Some(timeout) = self.connect_timeout {
            pg.connect_timeout(timeout);
        }
        if let Some(attrs) = self.target_session_attrs {
            pg.target_session_attrs(attrs);
        }
        if let Some(binding) = self.channel_binding {
            pg.channel_binding(binding);
        }
        self.keepalives.apply(pg);
    }
}

/// libpq's user name when none is given: `USER`, `LOGNAME`, or the
/// process's own.
fn default_user(env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    env("USER")
        .or_else(|| env("LOGNAME"))
        .filter(|user| !user.is_empty())
        .or_else(os_user)
}

/// `connect_timeout` in seconds, 30 by default; as libpq, 0 waits forever
/// and less than 2 seconds means 2.
fn connect_timeout(params: &Params) -> Result<Option<Duration>, String> {
    let seconds = match params.get("connect_timeout") {
        Some(seconds) => seconds
            .parse::<u64>()
            .map_err(|_| format!("connect_timeout {seconds:?} is not a number of seconds"))?,
        None => 30,
    };
    Ok((seconds > 0).then(|| Duration::from_secs(seconds.max(2))))
}

fn target_session_attrs(params: &Params) -> Result<Option<TargetSessionAttrs>, String> {
    params
        .get("target_session_attrs")
        .map(|attrs| match attrs {
            "any" => Ok(TargetSessionAttrs::Any),
            "read-write" => Ok(TargetSessionAttrs::ReadWrite),
            "read-only" => Ok(TargetSessionAttrs::ReadOnly),
            other => Err(format!(
                "target_session_attrs {other:?} is not supported (any, read-write, read-only)"
            )),
        })
        .transpose()
}

fn channel_binding(params: &Params) -> Result<Option<ChannelBinding>, String> {
    params
        .get("channel_binding")
        .map(|binding| match binding {
            "disable" => Ok(ChannelBinding::Disable),
            "prefer" => Ok(ChannelBinding::Prefer),
            "require" => Ok(ChannelBinding::Require),
            other => Err(format!(
                "channel_binding {other:?} is not one of disable, prefer, require"
            )),
        })
        .transpose()
}

/// TCP keepalives and the user timeout, each a whole number.
#[derive(Debug)]
struct Keepalives {
    /// `keepalives`: 0 turns them off.
    enabled: Option<bool>,
    /// `keepalives_idle`, in seconds.
    idle: Option<Duration>,
    /// `keepalives_interval`, in seconds.
    interval: Option<Duration>,
    /// `keepalives_count`.
    count: Option<u32>,
    /// `tcp_user_timeout`, in milliseconds.
    tcp_user_timeout: Option<Duration>,
}

impl Keepalives {
    fn read(params: &Params) -> Result<Self, String> {
        let number = |key: &str| {
            params
                .get(key)
                .map(|value| {
                    value
                        .parse::<u64>()
                        .map_err(|_| format!("{key} {value:?} is not a number"))
                })
                .transpose()
        };
        Ok(Self {
            enabled: number("keepalives")?.map(|n| n != 0),
            idle: number("keepalives_idle")?.map(Duration::from_secs),
            interval: number("keepalives_interval")?.map(Duration::from_secs),
            count: number("keepalives_count")?.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
            tcp_user_timeout: number("tcp_user_timeout")?.map(Duration::from_millis),
        })
    }

    fn apply(&self, pg: &mut postgres::Config) {
        if let Some(enabled) = self.enabled {
            pg.keepalives(enabled);
        }
        if let Some(idle) = self.idle {
            pg.keepalives_idle(idle);
        }
        if let Some(interval) = self.interval {
            pg.keepalives_interval(interval);
        }
        if let Some(count) = self.count {
            pg.keepalives_retries(count);
        }
        if let Some(timeout) = self.tcp_user_timeout {
            pg.tcp_user_timeout(timeout);
        }
    }
}

/// The name of the user this process runs as, from the password database,
/// as libpq takes it when neither the string nor the environment names one.
fn os_user() -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
        let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
        passwd.lines().find_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            (fields.nth(1)? == uid).then(|| name.to_owned())
        })
    }
    #[cfg(not(unix))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<Session, String> {
        Session::read(&Params::of(pairs), &|name| {
            (name == "USER").then(|| "ops".to_owned())
        })
    }

    #[test]
    fn the_user_and_database_default_as_libpq_has_them() {
        let session = read(&[]).expect("defaults");
        assert_eq!(
            (session.user.as_str(), session.dbname.as_str()),
            ("ops", "ops")
        );
        assert_eq!(session.application_name, "fxrates");
        let session = read(&[("user", "fx")]).expect("user");
        assert_eq!(
            (session.user.as_str(), session.dbname.as_str()),
            ("fx", "fx")
        );
    }

    #[test]
    fn connect_timeout_zero_waits_forever_and_one_second_means_two() {
        let timeout = |value| read(&[("connect_timeout", value)]).map(|s| s.connect_timeout);
        assert_eq!(
            read(&[]).map(|s| s.connect_timeout),
            Ok(Some(Duration::from_secs(30)))
        );
        assert_eq!(timeout("0"), Ok(None));
        assert_eq!(timeout("1"), Ok(Some(Duration::from_secs(2))));
        assert_eq!(
            timeout("-1").map(|_| ()),
            Err("connect_timeout \"-1\" is not a number of seconds".to_owned())
        );
    }

    #[test]
    fn bad_values_name_their_key() {
        for (pairs, says) in [
            (
                ("target_session_attrs", "standby"),
                "target_session_attrs \"standby\" is not supported (any, read-write, read-only)",
            ),
            (
                ("channel_binding", "always"),
                "channel_binding \"always\" is not one of disable, prefer, require",
            ),
            (
                ("keepalives_count", "x"),
                "keepalives_count \"x\" is not a number",
            ),
        ] {
            assert_eq!(read(&[pairs]).map(|_| ()), Err(says.to_owned()));
        }
    }

    #[test]
    fn keepalives_are_whole_numbers_the_count_capped() {
        let keepalives = read(&[
            ("keepalives", "0"),
            ("keepalives_count", "99999999999"),
            ("tcp_user_timeout", "1500"),
        ])
        .expect("reads")
        .keepalives;
        assert_eq!(keepalives.enabled, Some(false));
        assert_eq!(keepalives.count, Some(u32::MAX));
        assert_eq!(
            keepalives.tcp_user_timeout,
            Some(Duration::from_millis(1500))
        );
        assert_eq!(keepalives.idle, None);
    }
}
