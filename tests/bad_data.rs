//! Bad answers from the provider never reach the table: each one fails the
//! run with its exit code and one line naming the URL and the problem, and
//! leaves every stored row exactly as it was.

mod common;

use std::time::{Duration, Instant};

use common::env::{Env, HISTORY};
use common::http::Reply;
use common::pg::rates_checksum;

/// An ECB document around `cubes`, the day elements.
fn ecb_document(cubes: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
	<gesmes:subject>Reference rates</gesmes:subject>
	<Cube>
{cubes}
	</Cube>
</gesmes:Envelope>
"#
    )
}

/// One day with a USD rate and `extra` further rate elements.
fn one_day(date: &str, usd: &str, extra: &str) -> String {
    ecb_document(&format!(
        "<Cube time='{date}'><Cube currency='USD' rate='{usd}'/>{extra}</Cube>"
    ))
}

/// Stores the latest day, then lets a catch-up (which reads the history file)
/// meet `reply`, and checks the run fails with `code` and a one-line message
/// containing `expected`, and that the table did not change.
fn assert_refused(reply: Reply, code: i32, expected: &str) {
    let env = Env::with_schema();
    env.fxrates().arg("fetch").assert().success();
    let mut client = env.client();
    let before = rates_checksum(&mut client);

    env.http.route(HISTORY, reply);
    let output = env.fxrates().arg("fetch").output().expect("fxrates runs");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert!(
        output.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "not one line: {stderr}");
    let url = env.http.url(HISTORY);
    assert!(
        lines[0].starts_with("error: fetching ecb rates: "),
        "{stderr}"
    );
    assert!(lines[0].contains(&url), "{url} not named: {stderr}");
    assert!(lines[0].contains(expected), "{expected:?} not in: {stderr}");
    assert_eq!(rates_checksum(&mut client), before, "the table changed");
}

#[test]
fn http_500_is_a_provider_error() {
    assert_refused(Reply::status(500), 3, "HTTP 500 Internal Server Error");
}

#[test]
fn http_404_is_a_provider_error() {
    assert_refused(Reply::status(404), 3, "HTTP 404 Not Found");
}

#[test]
fn an_html_page_with_status_200_is_invalid_data() {
    assert_refused(Reply::html_200(), 4, "the root element is <html>");
}

#[test]
fn a_truncated_document_is_invalid_data() {
    let document = common::env::fixture("ecb/eurofxref-hist.xml");
    let cut = document.len() * 2 / 3;
    assert_refused(Reply::ok_xml(&document.as_bytes()[..cut]), 4, "ends early");
}

#[test]
fn a_connection_closed_mid_body_is_a_provider_error() {
    let document = common::env::fixture("ecb/eurofxref-hist.xml").into_bytes();
    let declared_len = document.len();
    let body = document[..declared_len / 2].to_vec();
    assert_refused(
        Reply::Truncated { body, declared_len },
        3,
        "reading the response",
    );
}

#[test]
fn a_document_without_a_day_is_invalid_data() {
    assert_refused(
        Reply::ok_xml(ecb_document("")),
        4,
        "the document holds no day of rates",
    );
}

#[test]
fn a_changed_root_element_is_invalid_data() {
    assert_refused(
        Reply::ok_xml("<?xml version='1.0'?><rates><day date='2024-06-28'/></rates>"),
        4,
        "the root element is <rates>",
    );
}

#[test]
fn a_missing_attribute_is_invalid_data() {
    let document =
        ecb_document("<Cube time='2024-07-01'><Cube currency='USD' value='1.07'/></Cube>");
    assert_refused(Reply::ok_xml(document), 4, "lacks the rate attribute");
}

#[test]
fn a_lowercase_currency_code_is_invalid_data() {
    let document = one_day("2024-07-01", "1.07", "<Cube currency='gbp' rate='0.85'/>");
    assert_refused(Reply::ok_xml(document), 4, "invalid currency code \"gbp\"");
}

#[test]
fn a_negative_rate_is_invalid_data() {
    assert_refused(
        Reply::ok_xml(one_day("2024-07-01", "-1.07", "")),
        4,
        "invalid rate \"-1.07\"",
    );
}

#[test]
fn a_zero_rate_is_invalid_data() {
    assert_refused(
        Reply::ok_xml(one_day("2024-07-01", "0.0000", "")),
        4,
        "greater than zero",
    );
}

#[test]
fn a_nan_rate_is_invalid_data() {
    assert_refused(
        Reply::ok_xml(one_day("2024-07-01", "NaN", "")),
        4,
        "invalid rate \"NaN\"",
    );
}

#[test]
fn an_infinite_rate_is_invalid_data() {
    assert_refused(
        Reply::ok_xml(one_day("2024-07-01", "1e999", "")),
        4,
        "invalid rate \"1e999\"",
    );
}

#[test]
fn a_non_numeric_rate_is_invalid_data() {
    assert_refused(
        Reply::ok_xml(one_day("2024-07-01", "n/a", "")),
        4,
        "invalid rate \"n/a\"",
    );
}

#[test]
fn a_date_in_the_future_is_invalid_data() {
    assert_refused(
        Reply::ok_xml(one_day("2999-01-04", "1.07", "")),
        4,
        "day 2999-01-04 is in the future",
    );
}

#[test]
fn a_date_before_the_first_rates_is_invalid_data() {
    assert_refused(
        Reply::ok_xml(one_day("1998-12-31", "1.07", "")),
        4,
        "before the first reference rates",
    );
}

#[test]
fn an_unparseable_date_is_invalid_data() {
    assert_refused(
        Reply::ok_xml(one_day("01/07/2024", "1.07", "")),
        4,
        "invalid date \"01/07/2024\"",
    );
}

#[test]
fn a_currency_repeated_within_a_day_is_invalid_data() {
    let document = one_day("2024-07-01", "1.07", "<Cube currency='USD' rate='1.08'/>");
    assert_refused(Reply::ok_xml(document), 4, "currency USD appears twice");
}

#[test]
fn one_bad_day_among_good_ones_refuses_them_all() {
    let good = common::env::fixture("ecb/eurofxref-hist.xml");
    let bad = good.replacen(
        "<Cube currency=\"JPY\" rate=\"",
        "<Cube currency=\"JPY\" rate=\"-",
        7,
    );
    assert_refused(Reply::ok_xml(bad), 4, "invalid rate \"-");
}

#[test]
fn a_server_that_never_answers_times_out() {
    let env = Env::with_schema();
    env.http.route(common::env::DAILY, Reply::Hang);
    let started = Instant::now();

    let output = env
        .fxrates()
        .arg("fetch")
        .env("FXRATES_HTTP_TIMEOUT", "1s")
        .output()
        .expect("fxrates runs");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("timed out"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(common::pg::count_rates(&mut env.client(), "ecb"), 0);
}

#[test]
fn a_refused_connection_is_a_provider_error() {
    let env = Env::with_schema();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let url = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);

    let output = env
        .fxrates()
        .arg("fetch")
        .env("FXRATES_ECB_URL", &url)
        .output()
        .expect("fxrates runs");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!("{url}/eurofxref-daily.xml: connection refused")),
        "{stderr}"
    );
    assert_eq!(common::pg::count_rates(&mut env.client(), "ecb"), 0);
}
