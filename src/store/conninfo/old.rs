//! The connection string as it was read before it was split by concern,
//! kept only to compare the two on generated inputs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use postgres::config::{ChannelBinding, SslMode, TargetSessionAttrs};

use crate::error::Error;
use crate::percent;
use crate::render::count;

/// How TLS is used, by `sslmode`. Whenever TLS is used the server's
/// certificate chain is verified; the host name too but with `verify-ca`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// `disable`: never.
    Disable,
    /// `allow`, `prefer` (the default): when the server offers it.
    Prefer,
    /// `require`, `verify-full`: always, the certificate and the host name
    /// verified.
    VerifyFull,
    /// `verify-ca`: always, the certificate verified, not the host name.
    VerifyCa,
}

/// The CA certificates to trust: `sslrootcert`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RootCert {
    /// Not set, or `system`: the system's and the webpki roots (and
    /// `FXRATES_DATABASE_CA_FILE`).
    System,
    /// These and no others.
    File(PathBuf),
}

/// A connection string resolved against the environment.
#[derive(Debug)]
pub struct ConnInfo {
    pub pg: postgres::Config,
    pub tls: TlsMode,
    pub root_cert: RootCert,
}

/// The variables that fill in a key the string leaves out, as libpq has them.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("host", "PGHOST"),
    ("hostaddr", "PGHOSTADDR"),
    ("port", "PGPORT"),
    ("dbname", "PGDATABASE"),
    ("user", "PGUSER"),
    ("password", "PGPASSWORD"),
    ("passfile", "PGPASSFILE"),
    ("options", "PGOPTIONS"),
    ("application_name", "PGAPPNAME"),
    ("connect_timeout", "PGCONNECT_TIMEOUT"),
    ("sslmode", "PGSSLMODE"),
    ("sslrootcert", "PGSSLROOTCERT"),
    ("target_session_attrs", "PGTARGETSESSIONATTRS"),
    ("channel_binding", "PGCHANNELBINDING"),
];

/// Whether any of libpq's connection variables is set: then an absent
/// database URL means "as libpq would connect", not a forgotten setting.
pub fn environment_names_a_database(env: &dyn Fn(&str) -> Option<String>) -> bool {
    ["PGHOST", "PGHOSTADDR", "PGDATABASE", "PGPORT", "PGUSER"]
        .iter()
        .any(|name| env(name).is_some_and(|value| !value.is_empty()))
}

/// Where libpq looks for the server's socket when no host is given.
const SOCKET_DIRECTORIES: &[&str] = &["/var/run/postgresql", "/run/postgresql", "/tmp"];

/// Reads `text` (a `key=value` string or a URL; empty takes everything from
/// the environment), fills what it leaves out from `env` and libpq's
/// defaults, and finds the password in the password file when none is given.
pub fn resolve(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<ConnInfo, Error> {
    let invalid = |message: String| Error::Usage(format!("invalid database URL: {message}"));
    let mut pairs = parse(text).map_err(invalid)?;
    for (key, name) in ENVIRONMENT {
        if pairs.iter().all(|(k, _)| k != key) {
            if let Some(value) = env(name).filter(|value| !value.is_empty()) {
                pairs.push(((*key).to_owned(), value));
            }
        }
    }
    let get = |key: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    // The values the string itself may get wrong, before the defaults.
    let tls = match get("sslmode").unwrap_or("prefer") {
        "disable" => TlsMode::Disable,
        "allow" | "prefer" => TlsMode::Prefer,
        "require" | "verify-full" => TlsMode::VerifyFull,
        "verify-ca" => TlsMode::VerifyCa,
        other => {
            return Err(invalid(format!(
                "sslmode {other:?} is not one of disable, allow, prefer, require, verify-ca, verify-full"
            )));
        }
    };
    let mut pg = postgres::Config::new();
    pg.ssl_mode(match tls {
        TlsMode::Disable => SslMode::Disable,
        TlsMode::Prefer => SslMode::Prefer,
        TlsMode::VerifyFull | TlsMode::VerifyCa => SslMode::Require,
    });
    let hosts: Vec<String> = match get("host").filter(|h| !h.is_empty()) {
        Some(hosts) => hosts.split(',').map(str::to_owned).collect(),
        None if get("hostaddr").is_some() => Vec::new(),
        None => vec![default_socket_directory()],
    };
    for host in &hosts {
        pg.host(host.as_str());
    }
    if let Some(addrs) = get("hostaddr") {
        for addr in addrs.split(',') {
            let addr = addr
                .parse()
                .map_err(|_| invalid(format!("hostaddr {addr:?} is not an IP address")))?;
            pg.hostaddr(addr);
        }
    }
    let ports: Vec<u16> = match get("port").filter(|p| !p.is_empty()) {
        Some(ports) => ports
            .split(',')
            .map(|port| match port {
                "" => Ok(5432),
                port => port
                    .parse()
                    .map_err(|_| invalid(format!("port {port:?} is not a port number"))),
            })
            .collect::<Result<_, _>>()?,
        None => vec![5432],
    };
    for port in &ports {
        pg.port(*port);
    }
    // Each server is a host name, a hostaddr, or both, with its port, or
    // the one port they all share: as libpq pairs them.
    let addrs = pg.get_hostaddrs().len();
    if !hosts.is_empty() && addrs > 0 && hosts.len() != addrs {
        return Err(invalid(format!(
            "host names {} but hostaddr {addrs}",
            count(hosts.len() as u64, "server")
        )));
    }
    let servers = hosts.len().max(addrs);
    if ports.len() > 1 && ports.len() != servers {
        return Err(invalid(format!(
            "port lists {} for {}",
            count(ports.len() as u64, "port"),
            count(servers as u64, "host")
        )));
    }
    let user = match get("user") {
        Some(user) => user.to_owned(),
        None => env("USER")
            .or_else(|| env("LOGNAME"))
            .filter(|user| !user.is_empty())
            .or_else(os_user)
            .ok_or_else(|| invalid("no user name: set user= or PGUSER".to_owned()))?,
    };
    pg.user(&user);
    let dbname = get("dbname").unwrap_or(&user).to_owned();
    pg.dbname(&dbname);
    if let Some(options) = get("options") {
        pg.options(options);
    }
    pg.application_name(get("application_name").unwrap_or("fxrates"));
    let timeout = match get("connect_timeout") {
        Some(seconds) => seconds.parse::<u64>().map_err(|_| {
            invalid(format!(
                "connect_timeout {seconds:?} is not a number of seconds"
            ))
        })?,
        None => 30,
    };
    // libpq: 0 waits forever, and less than 2 seconds means 2.
    if timeout > 0 {
        pg.connect_timeout(Duration::from_secs(timeout.max(2)));
    }
    if let Some(attrs) = get("target_session_attrs") {
        pg.target_session_attrs(match attrs {
            "any" => TargetSessionAttrs::Any,
            "read-write" => TargetSessionAttrs::ReadWrite,
            "read-only" => TargetSessionAttrs::ReadOnly,
            other => {
                return Err(invalid(format!(
                    "target_session_attrs {other:?} is not supported (any, read-write, read-only)"
                )));
            }
        });
    }
    if let Some(binding) = get("channel_binding") {
        pg.channel_binding(match binding {
            "disable" => ChannelBinding::Disable,
            "prefer" => ChannelBinding::Prefer,
            "require" => ChannelBinding::Require,
            other => {
                return Err(invalid(format!(
                    "channel_binding {other:?} is not one of disable, prefer, require"
                )));
            }
        });
    }
    for (key, value) in [
        ("keepalives", get("keepalives")),
        ("keepalives_idle", get("keepalives_idle")),
        ("keepalives_interval", get("keepalives_interval")),
        ("keepalives_count", get("keepalives_count")),
        ("tcp_user_timeout", get("tcp_user_timeout")),
    ] {
        let Some(value) = value else { continue };
        let number: u64 = value
            .parse()
            .map_err(|_| invalid(format!("{key} {value:?} is not a number")))?;
        match key {
            "keepalives" => pg.keepalives(number != 0),
            "keepalives_idle" => pg.keepalives_idle(Duration::from_secs(number)),
            "keepalives_interval" => pg.keepalives_interval(Duration::from_secs(number)),
            "keepalives_count" => pg.keepalives_retries(u32::try_from(number).unwrap_or(u32::MAX)),
            _ => pg.tcp_user_timeout(Duration::from_millis(number)),
        };
    }
    let root_cert = match get("sslrootcert") {
        None | Some("system") => RootCert::System,
        Some(path) => RootCert::File(PathBuf::from(path)),
    };
    match get("password") {
        Some(password) => {
            crate::secrets::register(password);
            pg.password(password);
        }
        None => {
            let file = get("passfile")
                .map(PathBuf::from)
                .or_else(|| env("HOME").map(|home| Path::new(&home).join(".pgpass")));
            if let Some(file) = file {
                let host_names: Vec<String> = if hosts.is_empty() {
                    get("hostaddr")
                        .map(|a| a.split(',').map(str::to_owned).collect())
                        .unwrap_or_default()
                } else {
                    hosts.clone()
                };
                let servers: Vec<(String, u16)> = host_names
                    .into_iter()
                    .enumerate()
                    .map(|(i, host)| {
                        let port = ports.get(i).or(ports.first()).copied();
                        (host, port.unwrap_or(5432))
                    })
                    .collect();
                if let Some(password) = password_from_file(&file, &servers, &dbname, &user) {
                    crate::secrets::register(&password);
                    pg.password(password);
                }
            }
        }
    }
    Ok(ConnInfo { pg, tls, root_cert })
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

fn default_socket_directory() -> String {
    SOCKET_DIRECTORIES
        .iter()
        .find(|dir| Path::new(dir).is_dir())
        .unwrap_or(&"/tmp")
        .to_string()
}

/// The keys fxrates understands, libpq's names.
const KEYS: &[&str] = &[
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "options",
    "application_name",
    "fallback_application_name",
    "connect_timeout",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "sslmode",
    "sslrootcert",
    "target_session_attrs",
    "channel_binding",
];

/// The pairs of a `key=value` string or a URL, refusing an unknown key by name.
fn parse(text: &str) -> Result<Vec<(String, String)>, String> {
    let text = text.trim();
    let mut pairs = match text
        .strip_prefix("postgresql://")
        .or_else(|| text.strip_prefix("postgres://"))
    {
        Some(rest) => url_pairs(rest)?,
        None => keyword_pairs(text)?,
    };
    for (key, _) in &pairs {
        if !KEYS.contains(&key.as_str()) {
            return Err(format!("unknown or unsupported key {key:?}"));
        }
    }
    // fxrates names itself; a fallback name is only a default.
    if let Some(i) = pairs
        .iter()
        .position(|(k, _)| k == "fallback_application_name")
    {
        let (_, name) = pairs.remove(i);
        if pairs.iter().all(|(k, _)| k != "application_name") {
            pairs.push(("application_name".to_owned(), name));
        }
    }
    Ok(pairs)
}

/// `key=value key='quoted value' …`, as libpq reads it: a value in single
/// quotes may hold spaces; a backslash escapes the next character.
fn keyword_pairs(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else {
            return Ok(pairs);
        };
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && !c.is_whitespace()) {
            key.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            return Err(format!(
                "{key:?} has no value (expected key=value, at {first:?})"
            ));
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            loop {
                match chars.next() {
                    Some('\\') => value.extend(chars.next()),
                    Some('\'') => break,
                    Some(c) => value.push(c),
                    None => return Err(format!("the value of {key:?} has no closing quote")),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                if c == '\\' {
                    value.extend(chars.next());
                } else {
                    value.push(c);
                }
            }
        }
        pairs.push((key, value));
    }
}

/// `[user[:password]@][host[:port][,host[:port]…]][/dbname][?key=value&…]`,
/// each part percent-decoded; a host may be a socket directory, encoded
/// (`%2Fvar%2Frun%2Fpostgresql`).
fn url_pairs(rest: &str) -> Result<Vec<(String, String)>, String> {
    let (main, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = main.split_once('/').unwrap_or((main, ""));
    let mut pairs = Vec::new();
    let (userinfo, hostlist) = match authority.rsplit_once('@') {
        Some((userinfo, hostlist)) => (Some(userinfo), hostlist),
        None => (None, authority),
    };
    if let Some(userinfo) = userinfo {
        let (user, password) = match userinfo.split_once(':') {
            Some((user, password)) => (user, Some(password)),
            None => (userinfo, None),
        };
        if !user.is_empty() {
            pairs.push(("user".to_owned(), decode(user, "the user name")?));
        }
        if let Some(password) = password {
            pairs.push(("password".to_owned(), decode(password, "the password")?));
        }
    }
    if !hostlist.is_empty() {
        let mut hosts = Vec::new();
        let mut ports = Vec::new();
        for entry in hostlist.split(',') {
            let (host, port) = if let Some(bracketed) = entry.strip_prefix('[') {
                let (host, after) = bracketed
                    .split_once(']')
                    .ok_or_else(|| format!("host {entry:?} has no closing ]"))?;
                (host, after.strip_prefix(':').unwrap_or(""))
            } else {
                entry.split_once(':').unwrap_or((entry, ""))
            };
            hosts.push(decode(host, "a host")?);
            ports.push(port.to_owned());
        }
        pairs.push(("host".to_owned(), hosts.join(",")));
        if ports.iter().any(|port| !port.is_empty()) {
            pairs.push(("port".to_owned(), ports.join(",")));
        }
    }
    if !path.is_empty() {
        pairs.push(("dbname".to_owned(), decode(path, "the database name")?));
    }
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("{pair:?} has no value (expected key=value)"))?;
        let key = decode(key, "a key")?;
        let value = decode(value, &format!("the value of {key:?}"))?;
        pairs.push((key, value));
    }
    Ok(pairs)
}

/// Percent-decodes `text`, which `what` names in an error.
fn decode(text: &str, what: &str) -> Result<String, String> {
    percent::decode(text).map_err(|invalid| match invalid {
        percent::Invalid::Escape => format!("{what} has an invalid %-escape"),
        percent::Invalid::NotUtf8 => format!("{what} is not UTF-8"),
    })
}

/// The password for the first of `servers` (each a host and its port,
/// then `dbname`, `user`) that a line of the password file `file` matches,
/// as libpq finds it: the fields `host:port:dbname:user:password`, `*`
/// matching anything, `\` escaping `:` and `\`, `localhost` also matching
/// a socket directory. One password serves every server, so the first
/// server with a line decides. A file that others may read is ignored with
/// a warning, as libpq does.
fn password_from_file(
    file: &Path,
    servers: &[(String, u16)],
    dbname: &str,
    user: &str,
) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(file).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            log::warn!(
                "password file {} has group or world access; permissions should be u=rw (0600) or less",
                file.display()
            );
            return None;
        }
    }
    servers.iter().find_map(|(host, port)| {
        let port = port.to_string();
        text.lines()
            .filter(|line| !line.trim_start().starts_with('#'))
            .find_map(|line| {
                let fields = split_fields(line);
                let [h, p, d, u, password] = fields.as_slice() else {
                    return None;
                };
                let host_matches =
                    h == "*" || h == host || (h == "localhost" && host.starts_with('/'));
                let matches = |field: &str, value: &str| field == "*" || field == value;
                (host_matches && matches(p, &port) && matches(d, dbname) && matches(u, user))
                    .then(|| password.clone())
            })
    })
}

/// The `:`-separated fields of a password file line, `\` escaping the next
/// character.
fn split_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields
                .last_mut()
                .map(|f| f.extend(chars.next()))
                .unwrap_or(()),
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().map(|f| f.push(c)).unwrap_or(()),
        }
    }
    fields
}
