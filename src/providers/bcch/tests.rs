use super::*;
use crate::model::parse_date;

const RECORDED: &[u8] =
    include_bytes!("../../../tests/fixtures/bcch/F073.TCO.PRE.Z.D-2026-03-01-2026-03-15.json");

const USD: &str = "F073.TCO.PRE.Z.D";

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn march(body: &[u8], series: &str) -> Result<Vec<(NaiveDate, Rate)>, Failure> {
    parse(
        body,
        series,
        day("2026-03-16"),
        day("2026-03-01"),
        day("2026-03-15"),
    )
}

/// An answer of `series` with `obs` (a JSON array's contents, or `null`).
fn answer(series: &str, obs: &str) -> String {
    format!(
        r#"{{"Codigo":0,"Descripcion":"Success","Series":{{"descripEsp":"","descripIng":"","seriesId":"{series}","Obs":{obs}}},"SeriesInfos":[]}}"#
    )
}

fn obs(date: &str, value: &str, status: &str) -> String {
    format!(r#"[{{"indexDateString":"{date}","value":"{value}","statusCode":"{status}"}}]"#)
}

fn shown(values: &[(NaiveDate, Rate)]) -> Vec<String> {
    values
        .iter()
        .map(|(date, rate)| format!("{date} {rate}"))
        .collect()
}

#[test]
fn the_recorded_answer_keeps_every_printed_digit_and_skips_the_weekend() {
    let values = march(RECORDED, USD).expect("the recording parses");
    assert_eq!(values.len(), 10);
    assert_eq!(shown(&values[..1]), ["2026-03-02 871.41"]);
    // Friday the 6th, then Monday the 9th: the weekend's NaN is no value.
    assert_eq!(
        shown(&values[4..6]),
        ["2026-03-06 907.66", "2026-03-09 921.76"]
    );
}

#[test]
fn trailing_zeros_dropped_by_the_bank_stay_dropped() {
    let body = answer("F072.CLP.JPY.N.O.D", &obs("02-03-2026", "5.7", "OK"));
    let values = march(body.as_bytes(), "F072.CLP.JPY.N.O.D").expect("parses");
    assert_eq!(shown(&values), ["2026-03-02 5.7"]);
}

#[test]
fn no_observation_and_no_value_are_nothing_published() {
    for body in [
        answer(USD, "[]"),
        answer(USD, "null"),
        answer(USD, &obs("07-03-2026", "NaN", "ND")),
        // Whatever the value, a status other than OK is no value.
        answer(USD, &obs("07-03-2026", "900.1", "ND")),
        r#"{"Codigo":0,"Descripcion":"Success","Series":{"seriesId":null,"Obs":null}}"#.to_owned(),
    ] {
        assert_eq!(march(body.as_bytes(), USD), Ok(Vec::new()), "{body}");
    }
}

#[test]
fn a_non_zero_codigo_is_the_banks_refusal_quoting_its_description() {
    let body = r#"{"Codigo":-5,"Descripcion":"Invalid username or password","Series":{"descripEsp":null,"descripIng":null,"seriesId":null,"Obs":null},"SeriesInfos":[]}"#;
    assert_eq!(
        march(body.as_bytes(), USD),
        Err(Failure::Refused(
            "the Bank refused the request: Invalid username or password (Codigo -5)".to_owned()
        ))
    );
    // Whatever else the answer holds.
    let body = r#"{"Codigo":-1,"Descripcion":" Series not found ","Series":{}}"#;
    assert_eq!(
        march(body.as_bytes(), USD),
        Err(Failure::Refused(
            "the Bank refused the request: Series not found (Codigo -1)".to_owned()
        ))
    );
}

#[test]
fn an_answer_of_another_series_or_a_bad_value_is_refused() {
    let invalid = |body: String| match march(body.as_bytes(), USD) {
        Err(Failure::Invalid(reason)) => reason,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        invalid(answer(
            "F072.CLP.EUR.N.O.D",
            &obs("02-03-2026", "1010.5", "OK")
        )),
        "the answer is of series \"F072.CLP.EUR.N.O.D\", not the one asked for"
    );
    assert_eq!(
        invalid(answer(USD, &obs("02-03-2026", "NaN", "OK"))),
        "day 2026-03-02: invalid rate \"NaN\" (expected a positive decimal number)"
    );
    assert_eq!(
        invalid(answer(USD, &obs("2026-03-02", "871.41", "OK"))),
        "invalid date \"2026-03-02\" in indexDateString (expected DD-MM-YYYY)"
    );
    assert_eq!(
        invalid(answer(USD, &obs("16-03-2026", "871.41", "OK"))),
        "day 2026-03-16 is outside the days asked for (2026-03-01..2026-03-15)"
    );
    let twice = format!(
        "[{},{}]",
        &obs("02-03-2026", "871.41", "OK")[1..].trim_end_matches(']'),
        &obs("02-03-2026", "871.42", "OK")[1..].trim_end_matches(']')
    );
    assert_eq!(
        invalid(answer(USD, &twice)),
        "day 2026-03-02 is repeated or out of order"
    );
    assert!(invalid("{".to_owned()).contains("ends early"));
}

#[test]
fn the_query_keeps_the_banks_order_and_encodes_the_user() {
    let http = HttpClient::new(&crate::http::HttpConfig::default());
    let bcch = Bcch {
        http: &http,
        base_url: INFO.default_url.to_owned(),
        user: Secret::new("me+fx@example.com"),
        password: Secret::new("s3cret&x"),
        selection: Selection::default(),
        today: day("2026-03-16"),
    };
    assert_eq!(
        bcch.url(USD, day("2026-03-01"), day("2026-03-15")),
        "https://si3.bcentral.cl/SieteRestWS/SieteRestWS.ashx?firstdate=2026-03-01\
         &function=GetSeries&lastdate=2026-03-15&pass=s3cret%26x&timeseries=F073.TCO.PRE.Z.D\
         &user=me%2Bfx%40example.com"
    );
}

#[test]
fn the_series_table_names_each_currency_once() {
    for (i, (id, code)) in SERIES.iter().enumerate() {
        assert!(
            *code == CurrencyCode::USD || *id == format!("F072.CLP.{code}.N.O.D"),
            "{id}"
        );
        assert!(SERIES[..i].iter().all(|(_, other)| other != code), "{code}");
    }
}
