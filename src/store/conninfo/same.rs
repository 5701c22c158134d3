//! Temporary: the split reader against the old one on generated inputs.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proptest::prelude::*;
use proptest::sample::select;

fn pool(values: &'static [&'static str]) -> BoxedStrategy<String> {
    select(values).prop_map(str::to_owned).boxed()
}

fn odd() -> BoxedStrategy<String> {
    prop_oneof![
        "[a-z]{0,6}",
        "[a-zA-Z0-9 '\\\\%@:/=&?,#\\[\\]._-]{0,10}",
        "\\PC{0,4}",
    ]
    .boxed()
}

fn value(key: &str) -> BoxedStrategy<String> {
    let known = match key {
        "host" => pool(&[
            "db1",
            "db1,db2",
            "db1,db2,db3",
            "/tmp",
            "",
            "a,,b",
            "::1",
            "localhost",
            "other",
            "/var/run/postgresql",
            "db1,",
        ]),
        "hostaddr" => pool(&[
            "10.0.0.1",
            "10.0.0.1,10.0.0.2",
            "::1",
            "x",
            "",
            "10.0.0.1,",
            "1.2.3.4,5.6.7.8,9.9.9.9",
            "0:0::1",
            "256.1.1.1",
        ]),
        "port" => pool(&[
            "5432",
            "5433",
            "5433,5434",
            "",
            ",",
            "five",
            "70000",
            "5432,,5433",
            "-1",
            " 1",
            "5432,5433,5434",
            "+5",
        ]),
        "sslmode" => pool(&[
            "disable",
            "allow",
            "prefer",
            "require",
            "verify-ca",
            "verify-full",
            "Require",
            "",
            "x",
        ]),
        "connect_timeout"
        | "keepalives"
        | "keepalives_idle"
        | "keepalives_interval"
        | "keepalives_count"
        | "tcp_user_timeout" => pool(&[
            "0",
            "1",
            "2",
            "30",
            "-1",
            "",
            "x",
            "99999999999",
            "18446744073709551616",
            "+3",
        ]),
        "target_session_attrs" => pool(&["any", "read-write", "read-only", "standby", ""]),
        "channel_binding" => pool(&["disable", "prefer", "require", "always", ""]),
        "password" => pool(&[
            "hunter2", "", "a b", "p'q", "s@cret", "x%41y", "pa:ss", "a\\b",
        ]),
        "passfile" | "sslrootcert" => {
            pool(&["@good", "@open", "@none", "system", "", "/etc/ca.pem"])
        }
        "user" | "dbname" => pool(&["fx", "ops", "rates", "", "o'neil", "a b"]),
        _ => odd(),
    };
    prop_oneof![10 => known, 1 => odd()].boxed()
}

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

fn pair() -> impl Strategy<Value = (String, String)> {
    let key = prop_oneof![30 => select(KEYS), 1 => select(&["sslcert", "Host", ""][..])];
    key.prop_flat_map(|key| value(key).prop_map(move |v| (key.to_owned(), v)))
}

/// A `key=value` string: each value bare, quoted or escaped.
fn keyword_string() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (
            pair(),
            0..12u8,
            prop_oneof![30 => select(&["=", " = ", "= "][..]), 1 => select(&["", " "][..])],
        ),
        0..6,
    )
    .prop_map(|pairs| {
        let mut text = String::new();
        for ((key, value), style, eq) in pairs {
            let value = match style {
                0 => format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'")),
                1 => value.replace('\\', "\\\\").replace(' ', "\\ "),
                2 => format!("'{value}"),
                _ => value,
            };
            text.push_str(&format!("{key}{eq}{value} "));
        }
        text
    })
}

fn encode(text: &str, all: bool) -> String {
    text.chars()
        .map(|c| match c {
            c if c.is_ascii_alphanumeric() && !all => c.to_string(),
            c => c.to_string().bytes().map(|b| format!("%{b:02X}")).collect(),
        })
        .collect()
}

fn url() -> impl Strategy<Value = String> {
    let host = prop_oneof![
        value("host").prop_map(|h| encode(&h, false)),
        pool(&[
            "[::1]",
            "[::1",
            "%2Ftmp",
            "db1",
            "",
            "db2:5433",
            "[::1]:6432",
            "h:x",
            "%zz",
            "%ff"
        ]),
    ];
    let port = pool(&["", ":5432", ":5433", ":", ":x", ":70000"]);
    let hosts = proptest::collection::vec((host, port), 0..4).prop_map(|list| {
        list.into_iter()
            .map(|(h, p)| format!("{h}{p}"))
            .collect::<Vec<_>>()
            .join(",")
    });
    let userinfo = prop_oneof![
        Just(String::new()),
        (
            value("user"),
            proptest::option::of(value("password")),
            any::<bool>()
        )
            .prop_map(|(user, password, all)| match password {
                Some(password) => format!("{}:{}@", encode(&user, all), encode(&password, all)),
                None => format!("{}@", encode(&user, all)),
            }),
        pool(&["%zz@", "u:%ff%fe@", "@", ":@", "a@b@"]),
    ];
    let path = prop_oneof![
        Just(String::new()),
        value("dbname").prop_map(|d| format!("/{}", encode(&d, false))),
        pool(&["/", "/%zz", "/a/b"])
    ];
    let query = proptest::collection::vec((pair(), any::<bool>()), 0..4).prop_map(|pairs| {
        let pairs: Vec<String> = pairs
            .into_iter()
            .map(|((k, v), raw)| {
                if raw {
                    format!("{k}={v}")
                } else {
                    format!("{k}={}", encode(&v, false))
                }
            })
            .collect();
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    });
    let query = prop_oneof![4 => query, 1 => pool(&["?", "?sslmode", "?&&", "?%zz=1", "?a=%ff"])];
    (
        select(&["postgres://", "postgresql://", " postgres://"][..]),
        userinfo,
        hosts,
        path,
        query,
    )
        .prop_map(|(scheme, userinfo, hosts, path, query)| {
            format!("{scheme}{userinfo}{hosts}{path}{query}")
        })
}

const VARIABLES: &[(&str, &str)] = &[
    ("PGHOST", "host"),
    ("PGHOSTADDR", "hostaddr"),
    ("PGPORT", "port"),
    ("PGDATABASE", "dbname"),
    ("PGUSER", "user"),
    ("PGPASSWORD", "password"),
    ("PGPASSFILE", "passfile"),
    ("PGOPTIONS", "options"),
    ("PGAPPNAME", "application_name"),
    ("PGCONNECT_TIMEOUT", "connect_timeout"),
    ("PGSSLMODE", "sslmode"),
    ("PGSSLROOTCERT", "sslrootcert"),
    ("PGTARGETSESSIONATTRS", "target_session_attrs"),
    ("PGCHANNELBINDING", "channel_binding"),
    ("USER", "user"),
    ("LOGNAME", "user"),
    ("HOME", "home"),
];

fn environment() -> impl Strategy<Value = BTreeMap<String, String>> {
    let each: Vec<_> = VARIABLES
        .iter()
        .map(|(name, key)| {
            let value = if *key == "home" {
                pool(&["@home", "@none", ""])
            } else {
                value(key)
            };
            proptest::option::weighted(0.25, value)
                .prop_map(move |v| v.map(|v| (name.to_string(), v)))
        })
        .collect();
    each.prop_map(|list| list.into_iter().flatten().collect())
}

struct Files {
    dir: PathBuf,
}

impl Files {
    fn new() -> Self {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = std::env::temp_dir().join(format!("fxrates-same-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("home")).expect("dir");
        let lines = "# c\ndb1:5432:*:*:one\ndb2:*:rates:*:two\nlocalhost:*:*:ops:local\n10.0.0.1:5433:*:*:addr\n::1:*:*:*:six\nother:*:*:fx:pa\\:ss\n";
        for (name, mode) in [("good", 0o600), ("open", 0o644), ("home/.pgpass", 0o600)] {
            let file = dir.join(name);
            let text = if name == "home/.pgpass" {
                "*:*:fx:*:home\n"
            } else {
                lines
            };
            std::fs::write(&file, text).expect("write");
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).expect("chmod");
        }
        Self { dir }
    }

    fn place(&self, text: &str) -> String {
        text.replace("@home", &self.dir.join("home").display().to_string())
            .replace("@good", &self.dir.join("good").display().to_string())
            .replace("@open", &self.dir.join("open").display().to_string())
            .replace("@none", &self.dir.join("none").display().to_string())
    }
}

type Outcome = Result<(String, Option<Vec<u8>>, String, String), String>;

fn new(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Outcome {
    super::resolve(text, env)
        .map(|info| {
            (
                format!("{:?}", info.pg),
                info.pg.get_password().map(<[u8]>::to_vec),
                format!("{:?}", info.tls),
                format!("{:?}", info.root_cert),
            )
        })
        .map_err(|err| err.to_string())
}

fn old(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Outcome {
    super::old::resolve(text, env)
        .map(|info| {
            (
                format!("{:?}", info.pg),
                info.pg.get_password().map(<[u8]>::to_vec),
                format!("{:?}", info.tls),
                format!("{:?}", info.root_cert),
            )
        })
        .map_err(|err| err.to_string())
}

#[test]
fn the_split_reader_agrees_with_the_old_one() {
    let files = Files::new();
    let cases: u32 = std::env::var("FXRATES_SAME_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let outcomes = std::cell::RefCell::new(BTreeMap::<&str, u32>::new());
    let text = prop_oneof![3 => keyword_string(), 3 => url(), 1 => odd()];
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(cases));
    runner
        .run(&(text, environment()), |(text, env)| {
            let text = files.place(&text);
            let env: BTreeMap<String, String> =
                env.into_iter().map(|(k, v)| (k, files.place(&v))).collect();
            let get = |name: &str| env.get(name).cloned();
            let (old, new) = (old(&text, &get), new(&text, &get));
            prop_assert_eq!(&old, &new, "{:?} with {:?}", text, env);
            let kind = match &new {
                Ok((_, Some(_), _, _)) => "ok with password",
                Ok(_) => "ok without",
                Err(err) => err.split('"').next().unwrap_or(err).to_owned().leak(),
            };
            *outcomes.borrow_mut().entry(kind).or_default() += 1;
            Ok(())
        })
        .expect("the same");
    eprintln!("compared {cases} inputs: {:#?}", outcomes.borrow());
    std::fs::remove_dir_all(&files.dir).ok();
}
