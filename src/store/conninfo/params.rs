//! The connection parameters: the pairs of the string, with libpq's `PG*`
//! environment variables filling in the keys the string leaves out.

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

/// Every key's value: the string's, or else its variable's when that is
/// set and not empty. A key given twice in the string takes the last value.
pub(super) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// The string's `pairs` with `env` filling in the keys they leave out.
    pub(super) fn new(
        mut pairs: Vec<(String, String)>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Self {
        for (key, name) in ENVIRONMENT {
            if pairs.iter().all(|(k, _)| k != key) {
                if let Some(value) = env(name).filter(|value| !value.is_empty()) {
                    pairs.push(((*key).to_owned(), value));
                }
            }
        }
        Self { pairs }
    }

    /// The value of `key`, if the string or the environment gives one.
    pub(super) fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
impl Params {
    /// The parameters of `pairs` alone, no environment: for tests.
    pub(super) fn of(pairs: &[(&str, &str)]) -> Self {
        let pairs = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Self::new(pairs, &|_| None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "PGHOST" => Some("db.example.com".to_owned()),
            "PGUSER" => Some("ops".to_owned()),
            "PGDATABASE" => Some(String::new()),
            "USER" => Some("nobody".to_owned()),
            _ => None,
        }
    }

    #[test]
    fn the_string_wins_and_empty_variables_count_for_nothing() {
        let pairs = vec![
            ("user".to_owned(), "fx".to_owned()),
            ("user".to_owned(), "app".to_owned()),
        ];
        let params = Params::new(pairs, &env);
        assert_eq!(params.get("user"), Some("app"), "the last pair wins");
        assert_eq!(params.get("host"), Some("db.example.com"));
        assert_eq!(params.get("dbname"), None, "PGDATABASE is empty");
        assert_eq!(params.get("port"), None);
    }

    #[test]
    fn only_connection_variables_name_a_database() {
        assert!(environment_names_a_database(&env));
        assert!(!environment_names_a_database(&|name| {
            (name == "USER" || name == "PGHOST").then(String::new)
        }));
    }
}
