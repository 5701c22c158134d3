//! Splitting a connection string into its `key=value` pairs, as libpq
//! does: a `key=value` string or a `postgres://` URL, percent-decoded, an
//! unknown key refused by name. What the pairs mean is for the other
//! modules.

use crate::percent;

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
pub(super) fn parse(text: &str) -> Result<Vec<(String, String)>, String> {
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
        pairs.extend(host_pairs(hostlist)?);
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

/// The `host` and `port` pairs of a URL's `host[:port],…` list, an IPv6
/// address in brackets; `port` only when some host has one.
fn host_pairs(hostlist: &str) -> Result<Vec<(String, String)>, String> {
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
    let mut pairs = vec![("host".to_owned(), hosts.join(","))];
    if ports.iter().any(|port| !port.is_empty()) {
        pairs.push(("port".to_owned(), ports.join(",")));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn keyword_strings_take_quotes_and_escapes() {
        let pairs = keyword_pairs(r"host=/tmp  dbname = 'my db' password=a\ b user='o\'neil'")
            .expect("parses");
        assert_eq!(
            pairs,
            [
                ("host".to_owned(), "/tmp".to_owned()),
                ("dbname".to_owned(), "my db".to_owned()),
                ("password".to_owned(), "a b".to_owned()),
                ("user".to_owned(), "o'neil".to_owned()),
            ]
        );
        assert!(keyword_pairs("host").is_err());
        assert!(keyword_pairs("dbname='open").is_err());
    }

    #[test]
    fn urls_give_each_part_its_key() {
        assert_eq!(
            parse("postgresql://app:s%40cret@db1:5433,[::1]/fx%20rates?sslmode=require")
                .expect("parses"),
            pairs(&[
                ("user", "app"),
                ("password", "s@cret"),
                ("host", "db1,::1"),
                ("port", "5433,"),
                ("dbname", "fx rates"),
                ("sslmode", "require"),
            ])
        );
        assert_eq!(
            parse("postgres://%2Ftmp").expect("socket"),
            pairs(&[("host", "/tmp")])
        );
        assert_eq!(
            url_pairs("[::1:5432/x").expect_err("bracket"),
            "host \"[::1:5432\" has no closing ]"
        );
        assert_eq!(
            url_pairs("h/x?sslmode").expect_err("no value"),
            "\"sslmode\" has no value (expected key=value)"
        );
        assert_eq!(
            url_pairs("u%zz@h").expect_err("escape"),
            "the user name has an invalid %-escape"
        );
    }

    #[test]
    fn unknown_keys_are_refused_and_the_fallback_name_is_a_default() {
        assert_eq!(
            parse("host=/tmp sslcert=/x.pem").expect_err("unknown"),
            "unknown or unsupported key \"sslcert\""
        );
        assert_eq!(
            parse("fallback_application_name=a").expect("fallback"),
            pairs(&[("application_name", "a")])
        );
        assert_eq!(
            parse("fallback_application_name=a application_name=b").expect("named"),
            pairs(&[("application_name", "b")])
        );
    }
}
