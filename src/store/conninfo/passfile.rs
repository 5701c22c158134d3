//! The password file, as libpq reads it: `passfile`, else `PGPASSFILE`
//! (both through [`Params`]), else `~/.pgpass`; consulted only when no
//! password is given.

use std::path::{Path, PathBuf};

use super::params::Params;

/// The password from the password file for the first of `servers` (each
/// a host and its port) with a line for `dbname` and `user`, when a file
/// is named or `HOME` has one.
pub(super) fn find(
    params: &Params,
    env: &dyn Fn(&str) -> Option<String>,
    servers: &[(String, u16)],
    dbname: &str,
    user: &str,
) -> Option<String> {
    let file = params
        .get("passfile")
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|home| Path::new(&home).join(".pgpass")))?;
    password_from_file(&file, servers, dbname, user)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_file_matches_as_libpq_does() {
        let dir = std::env::temp_dir().join(format!("fxrates-pgpass-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:5432:*:*:no\ndb1:*:rates:fx:pa\\:ss\nlocalhost:5432:*:*:local\n",
        )
        .expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        let at = |h: &str, port: u16| vec![(h.to_owned(), port)];
        assert_eq!(
            password_from_file(&file, &at("db1", 6432), "rates", "fx").as_deref(),
            Some("pa:ss")
        );
        assert_eq!(
            password_from_file(&file, &at("db1", 5432), "other", "fx"),
            None
        );
        assert_eq!(
            password_from_file(&file, &at("/var/run/postgresql", 5432), "x", "y").as_deref(),
            Some("local")
        );
        // Each host with its own port: `other` is on 5432, `dbx` is not listed.
        let servers = [("dbx".to_owned(), 5432), ("other".to_owned(), 5432)];
        assert_eq!(
            password_from_file(&file, &servers, "x", "y").as_deref(),
            Some("no")
        );
        let servers = [("db0".to_owned(), 5432), ("other".to_owned(), 6432)];
        assert_eq!(password_from_file(&file, &servers, "x", "y"), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
            assert_eq!(
                password_from_file(&file, &at("db1", 6432), "rates", "fx"),
                None,
                "a file others may read is ignored"
            );
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
