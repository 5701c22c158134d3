use super::*;
use crate::model::parse_date;

const RECORDED: &[u8] =
    include_bytes!("../../../tests/fixtures/banrep/trm-2026-03-20..2026-03-21.json");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn today() -> NaiveDate {
    day("2026-10-01")
}

/// A record of the TRM `valor` in force `from` to `to`.
fn record(valor: &str, from: &str, to: &str) -> String {
    format!(
        r#"{{"valor":"{valor}","unidad":"COP","vigenciadesde":"{from}T00:00:00.000","vigenciahasta":"{to}T00:00:00.000"}}"#
    )
}

fn answer(records: &[String]) -> String {
    format!("[{}]", records.join("\n,"))
}

fn refusal(body: &str) -> String {
    parse(
        body.as_bytes(),
        today(),
        day("2024-06-24"),
        day("2024-06-28"),
    )
    .expect_err(body)
}

#[test]
fn the_recorded_trms_parse_with_their_stated_validity() {
    let days = parse(RECORDED, today(), day("2026-03-20"), day("2026-03-21"))
        .expect("the recording parses");
    assert_eq!(days.len(), 2);
    assert_eq!(days[0].date(), day("2026-03-20"));
    assert_eq!(days[0].period_end(), None);
    assert_eq!(days[0].rates()[0].to_string(), "1 USD = 3692.48 COP");
    // Saturday's TRM runs over Sunday and the holiday Monday to Tuesday.
    assert_eq!(days[1].date(), day("2026-03-21"));
    assert_eq!(days[1].period_end(), Some(day("2026-03-24")));
    assert_eq!(days[1].rates()[0].to_string(), "1 USD = 3704.87 COP");
    assert_eq!(days[1].home(), COP);
}

#[test]
fn trailing_zeros_stay_dropped_as_printed() {
    let body = answer(&[record("3691.9", "2024-06-27", "2024-06-27")]);
    let days = parse(
        body.as_bytes(),
        today(),
        day("2024-06-24"),
        day("2024-06-28"),
    )
    .expect("ok");
    assert_eq!(days[0].rates()[0].to_string(), "1 USD = 3691.9 COP");
}

#[test]
fn an_empty_array_is_nothing_published() {
    let days = parse(b"[]", today(), day("2026-03-22"), day("2026-03-22")).expect("none");
    assert!(days.is_empty());
}

#[test]
fn the_query_asks_by_first_day_in_order_within_one_page() {
    assert_eq!(
        query(day("2026-03-20"), day("2026-03-21")),
        "$limit=1000&$order=vigenciadesde%20ASC\
         &$where=vigenciadesde%3E=%272026-03-20T00:00:00.000%27\
         %20AND%20vigenciadesde%3C=%272026-03-21T00:00:00.000%27"
    );
    let full = answer(&vec![
        record("4000", "2024-06-27", "2024-06-27");
        PAGE_LIMIT
    ]);
    assert_eq!(
        refusal(&full),
        "1000 records, a full page of 1000: the answer may be cut"
    );
}

#[test]
fn trms_outside_the_days_asked_for_the_history_or_ahead_are_refused() {
    assert_eq!(
        refusal(&answer(&[record("4000", "2024-06-22", "2024-06-24")])),
        "day 2024-06-22 is outside the days asked for (2024-06-24..2024-06-28)"
    );
    let early = answer(&[record("640", "1991-11-26", "1991-11-26")]);
    assert_eq!(
        parse(
            early.as_bytes(),
            today(),
            day("1991-11-01"),
            day("1991-11-30")
        )
        .expect_err("1991"),
        "day 1991-11-26 is before the first reference rates (1991-11-27)"
    );
    // Tomorrow's TRM is out today; the day after is not.
    let ahead = answer(&[record("4000", "2026-10-02", "2026-10-02")]);
    assert!(
        parse(
            ahead.as_bytes(),
            today(),
            day("2026-10-01"),
            day("2026-10-03")
        )
        .is_ok()
    );
    let ahead = answer(&[record("4000", "2026-10-03", "2026-10-05")]);
    assert_eq!(
        parse(
            ahead.as_bytes(),
            today(),
            day("2026-10-01"),
            day("2026-10-03")
        )
        .expect_err("ahead"),
        "day 2026-10-03 is in the future"
    );
}

#[test]
fn periods_that_overlap_or_run_backwards_are_refused() {
    let twice = answer(&[
        record("4000", "2024-06-27", "2024-06-27"),
        record("4001", "2024-06-27", "2024-06-27"),
    ]);
    assert_eq!(
        refusal(&twice),
        "day 2024-06-27 starts within the TRM of 2024-06-27 (to 2024-06-27): repeated or out of order"
    );
    let overlap = answer(&[
        record("4000", "2024-06-25", "2024-06-27"),
        record("4001", "2024-06-26", "2024-06-26"),
    ]);
    assert!(
        refusal(&overlap)
            .starts_with("day 2024-06-26 starts within the TRM of 2024-06-25 (to 2024-06-27)")
    );
    let backwards = refusal(&answer(&[record("4000", "2024-06-27", "2024-06-26")]));
    assert!(backwards.contains("ends before it starts"), "{backwards}");
}

#[test]
fn broken_documents_are_refused() {
    let whole = std::str::from_utf8(RECORDED).expect("UTF-8");
    assert!(refusal(&whole[..whole.len() * 2 / 3]).starts_with("the JSON document ends early"));
    assert!(refusal("<html><body>502</body></html>").starts_with("not JSON"));
    assert!(refusal(r#"{"valor":"1"}"#).starts_with("not the expected JSON document"));
    let missing = record("4000", "2024-06-27", "2024-06-27").replace(r#""valor":"4000","#, "");
    assert!(refusal(&answer(&[missing])).contains("missing field `valor`"));
    let numeric = record("4000", "2024-06-27", "2024-06-27").replace(r#""4000""#, "4000");
    assert!(refusal(&answer(&[numeric])).starts_with("not the expected JSON document"));
    assert_eq!(
        refusal(
            r#"[{"valor":"4000","unidad":"COP","vigenciadesde":"2024-06-27","vigenciahasta":"2024-06-27T00:00:00.000"}]"#
        ),
        "invalid timestamp \"2024-06-27\" (expected YYYY-MM-DDT00:00:00.000)"
    );
    let usd = record("4000", "2024-06-27", "2024-06-27").replace("COP", "USD");
    assert_eq!(
        refusal(&answer(&[usd])),
        "day 2024-06-27: unidad \"USD\", expected \"COP\""
    );
    for valor in ["4.000,5", "-4000", "0", "", " 4000"] {
        let err = refusal(&answer(&[record(valor, "2024-06-27", "2024-06-27")]));
        assert!(
            err.starts_with("day 2024-06-27, USD: invalid rate"),
            "{valor}: {err}"
        );
    }
}

#[test]
fn error_bodies_give_their_message() {
    let body = br#"{"code":"query.compiler.malformed","error":true,"message":"Could not parse SoQL query","data":{}}"#;
    assert_eq!(explain(body).as_deref(), Some("Could not parse SoQL query"));
    assert_eq!(explain(b"<html>400</html>"), None);
}
