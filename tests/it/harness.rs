//! Self-tests of the shared harness in `tests/it/common/`: if these fail, every
//! other integration test is suspect.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::env::scalar;
use crate::common::http::{HttpServer, Reply};
use crate::common::pg::{count_rates, local_test_db, rates_checksum, test_db};

#[test]
fn each_test_gets_its_own_empty_database() {
    let first = test_db();
    let second = test_db();
    assert_ne!(first.name, second.name);

    let mut a = first.client();
    let mut b = second.client();
    let one: i32 = a.query_one("select 1", &[]).expect("select 1").get(0);
    assert_eq!(one, 1);
    let current: String = b
        .query_one("select current_database()", &[])
        .expect("current_database")
        .get(0);
    assert_eq!(current, second.name);

    a.batch_execute("create table only_in_first (x int)")
        .expect("create table");
    let seen: bool = b
        .query_one("select to_regclass('only_in_first') is not null", &[])
        .expect("look up table")
        .get(0);
    assert!(
        !seen,
        "a table created in one test database shows in another"
    );
}

#[test]
fn dropping_a_test_db_drops_the_database() {
    let keeper = test_db();
    let gone = test_db();
    let name = gone.name.clone();
    drop(gone);
    let exists: bool = keeper
        .client()
        .query_one(
            "select exists (select 1 from pg_database where datname = $1)",
            &[&name],
        )
        .expect("look up database")
        .get(0);
    assert!(!exists, "database {name} outlived its TestDb");
}

#[test]
fn rates_checksum_sees_every_change() {
    let db = test_db();
    let mut client = db.client();
    assert_eq!(rates_checksum(&mut client), "absent");

    client
        .batch_execute(
            "create table rates (source text, rate_date date, base text, quote text,
                                 rate numeric, fetched_at timestamptz)",
        )
        .expect("create rates");
    let empty = rates_checksum(&mut client);
    assert_eq!(empty, "0:");

    client
        .batch_execute(
            "insert into rates values
               ('ecb', '2024-01-02', 'EUR', 'USD', 1.0956, '2024-01-02 16:00:00+00'),
               ('ecb', '2024-01-02', 'EUR', 'JPY', 155.52, '2024-01-02 16:00:00+00')",
        )
        .expect("insert rates");
    let two_rows = rates_checksum(&mut client);
    assert!(two_rows.starts_with("2:"), "{two_rows}");
    assert_eq!(count_rates(&mut client, "ecb"), 2);
    assert_eq!(count_rates(&mut client, "frankfurter"), 0);
    assert_eq!(
        rates_checksum(&mut client),
        two_rows,
        "checksum is not stable"
    );

    // Every column counts, one the checksum does not name too.
    client
        .batch_execute("alter table rates add column series text not null default 'mid'")
        .expect("add a column");
    let mut seen = vec![rates_checksum(&mut client)];
    for change in [
        "update rates set fetched_at = fetched_at + interval '1 second'",
        "update rates set rate = 1.0957 where quote = 'USD'",
        "update rates set rate = 1.09570 where quote = 'USD'",
        "update rates set series = 'buying' where quote = 'JPY'",
        "insert into rates values
           ('ecb', '2024-01-02', 'EUR', 'JPY', 155.52, '2024-01-02 16:00:00+00', 'selling')",
        "delete from rates where series = 'buying'",
        "alter table rates add column valid_until date",
        "update rates set valid_until = '2024-01-31' where quote = 'USD'",
    ] {
        client.batch_execute(change).expect(change);
        let checksum = rates_checksum(&mut client);
        let added_empty = change.starts_with("alter table");
        assert_eq!(
            seen.contains(&checksum),
            added_empty,
            "a column added NULL leaves the checksum, any other change moves it: {change}"
        );
        seen.push(checksum);
    }
}

/// The tests of TLS never pass without it: on server binaries built without
/// SSL (a PyPI wheel's, through `FXRATES_TEST_PG_BIN`), asking for the TLS
/// cluster fails at once and says why, while the other tests still get their
/// databases, on a cluster with `ssl=off`.
#[test]
fn a_cluster_without_tls_fails_the_tests_that_need_it() {
    match std::panic::catch_unwind(local_test_db) {
        Ok(db) => {
            assert_eq!(scalar(&mut db.client(), "current_setting('ssl')"), "on");
            assert!(db.ca_file().is_file());
        }
        Err(panic) => {
            let message = panic.downcast_ref::<String>().map_or("", String::as_str);
            assert!(
                message.contains("were built without SSL support"),
                "{message}"
            );
            let external =
                std::env::var("FXRATES_TEST_DATABASE_URL").is_ok_and(|url| !url.trim().is_empty());
            if !external {
                assert_eq!(
                    scalar(&mut test_db().client(), "current_setting('ssl')"),
                    "off"
                );
            }
        }
    }
}

/// Sends a bare GET and returns the whole response as text.
fn get(server: &HttpServer, target: &str) -> String {
    let addr = server.base_url().trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&addr).expect("connect to the test HTTP server");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("set read timeout");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: harness-test/1\r\n\
         Accept: application/xml\r\n\r\n"
    )
    .expect("send request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read response");
    response
}

#[test]
fn http_server_serves_routes_404s_the_rest_and_records_requests() {
    let server = HttpServer::start();
    server.route("/rates.xml", Reply::ok_xml("<rates/>"));

    let found = get(&server, "/rates.xml?since=2024-01-01");
    assert!(found.starts_with("HTTP/1.1 200 OK\r\n"), "{found}");
    assert!(
        found.contains("Content-Type: application/xml\r\n"),
        "{found}"
    );
    assert!(found.contains("Content-Length: 8\r\n"), "{found}");
    assert!(found.contains("Connection: close\r\n"), "{found}");
    assert!(found.ends_with("\r\n\r\n<rates/>"), "{found}");

    let missing = get(&server, "/nope.xml");
    assert!(
        missing.starts_with("HTTP/1.1 404 Not Found\r\n"),
        "{missing}"
    );

    assert_eq!(server.requests(), ["/rates.xml", "/nope.xml"]);
    let recorded = server.recorded();
    assert_eq!(recorded[0].target, "/rates.xml?since=2024-01-01");
    assert_eq!(recorded[0].method, "GET");
    assert_eq!(recorded[0].header("user-agent"), Some("harness-test/1"));
    assert!(
        server.request_headers()[1]
            .iter()
            .any(|(name, value)| name == "Accept" && value == "application/xml")
    );
}

#[test]
fn http_server_plays_sequences_and_misbehaves() {
    let server = HttpServer::start();
    server.route_sequence("/flaky", vec![Reply::status(503), Reply::ok_xml("ok")]);
    server.route(
        "/short",
        Reply::Truncated {
            body: b"<gesmes".to_vec(),
            declared_len: 1000,
        },
    );
    server.route(
        "/moved",
        Reply::Redirect {
            status: 302,
            location: "/flaky".to_owned(),
        },
    );

    assert!(get(&server, "/flaky").starts_with("HTTP/1.1 503 "));
    assert_eq!(server.take_requests(), ["/flaky"]);
    assert!(get(&server, "/flaky").ends_with("\r\n\r\nok"));
    assert!(get(&server, "/flaky").ends_with("\r\n\r\nok"));

    let short = get(&server, "/short");
    assert!(short.contains("Content-Length: 1000\r\n"), "{short}");
    assert!(short.ends_with("\r\n\r\n<gesmes"), "{short}");

    assert_eq!(server.requests(), ["/flaky", "/flaky", "/short"]);

    let moved = get(&server, "/moved");
    assert!(moved.starts_with("HTTP/1.1 302 Found\r\n"), "{moved}");
    assert!(moved.contains("Location: /flaky\r\n"), "{moved}");
}

#[test]
fn http_server_hang_is_released_when_the_server_is_dropped() {
    let server = HttpServer::start();
    server.route("/hang", Reply::Hang);
    let addr = server.base_url().trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_millis(300)))
        .expect("set read timeout");
    stream
        .write_all(b"GET /hang HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("send request");
    let mut buf = [0u8; 64];
    let err = stream
        .read(&mut buf)
        .expect_err("a hanging reply sends nothing");
    assert!(
        matches!(
            err.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
        "{err}"
    );

    drop(server);
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("set read timeout");
    let n = stream.read(&mut buf).expect("connection closes after drop");
    assert_eq!(n, 0, "expected EOF once the server is dropped");
}
