use super::*;
use crate::model::parse_date;

const RECORDED: &[u8] =
    include_bytes!("../../../tests/fixtures/banxico/2026-03-02..2026-03-04.json");

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn march(body: &[u8]) -> Result<Vec<DayRates>, String> {
    parse(
        body,
        &SERIES,
        day("2026-03-16"),
        day("2026-03-02"),
        day("2026-03-04"),
    )
}

/// An answer holding one series, the FIX, with `datos` (a JSON array's
/// contents, or `None` for no `datos` at all).
fn fix(datos: Option<&str>) -> String {
    let datos = datos.map_or(String::new(), |datos| format!(r#","datos":[{datos}]"#));
    format!(
        r#"{{"bmx":{{"series":[{{"idSerie":"SF43718","titulo":"Tipo de cambio Pesos por dólar E.U.A. Tipo de cambio para solventar obligaciones denominadas en moneda extranjera Fecha de determinación (FIX)"{datos}}}]}}}}"#
    )
}

fn dato(fecha: &str, value: &str) -> String {
    format!(r#"{{"fecha":"{fecha}","dato":"{value}"}}"#)
}

fn fix_only(body: &str) -> Result<Vec<DayRates>, String> {
    parse(
        body.as_bytes(),
        &SERIES[..1],
        day("2026-03-16"),
        day("2026-03-02"),
        day("2026-03-04"),
    )
}

fn shown(day: &DayRates) -> Vec<String> {
    day.rates().iter().map(ToString::to_string).collect()
}

#[test]
fn the_recorded_answer_keeps_every_printed_digit_whatever_the_series_order() {
    let days = march(RECORDED).expect("the recording parses");
    assert_eq!(days.len(), 3);
    assert_eq!(days[0].date(), day("2026-03-02"));
    assert_eq!(days[0].home(), MXN);
    // In the answer's order: USD, JPY, EUR, CAD, GBP.
    assert_eq!(
        shown(&days[0]),
        [
            "1 USD = 17.3485 MXN",
            "1 JPY = 0.1105 MXN",
            "1 EUR = 20.3541 MXN",
            "1 CAD = 12.6646 MXN",
            "1 GBP = 23.2652 MXN",
        ]
    );
    assert_eq!(shown(&days[2])[0], "1 USD = 17.5445 MXN");
    assert!(days.iter().all(|day| day.reference().is_none()));
}

#[test]
fn no_value_and_no_observation_are_nothing_published() {
    for body in [
        fix(None),
        fix(Some("")),
        fix(Some(&dato("02/03/2026", "N/E"))),
    ] {
        assert_eq!(fix_only(&body), Ok(Vec::new()), "{body}");
    }
    let days = fix_only(&fix(Some(&format!(
        "{},{}",
        dato("02/03/2026", "N/E"),
        dato("03/03/2026", "17.7228")
    ))))
    .expect("one day");
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].date(), day("2026-03-03"));
}

#[test]
fn thousands_commas_are_dropped_and_the_digits_kept() {
    let days = fix_only(&fix(Some(&dato("02/03/2026", "17,123.4500")))).expect("valid");
    assert_eq!(shown(&days[0]), ["1 USD = 17123.4500 MXN"]);
}

#[test]
fn a_series_not_asked_for_twice_missing_or_renamed_is_refused() {
    let eur_as_fix = fix(Some(&dato("02/03/2026", "17.3485"))).replace("SF43718", "SF46410");
    assert_eq!(
        fix_only(&eur_as_fix),
        Err("series \"SF46410\" was not asked for".to_owned())
    );
    assert_eq!(
        parse(
            eur_as_fix.as_bytes(),
            &SERIES,
            day("2026-03-16"),
            day("2026-03-02"),
            day("2026-03-04"),
        ),
        Err(
            "SF46410: the title \"Tipo de cambio Pesos por dólar E.U.A. Tipo de cambio para solventar \
             obligaciones denominadas en moneda extranjera Fecha de determinación (FIX)\" does not name \
             \"Respecto al peso mexicano Euro\": the series changed"
                .to_owned()
        )
    );
    let one = fix(Some(&dato("02/03/2026", "17.3485")));
    let series = one
        .trim_start_matches(r#"{"bmx":{"series":["#)
        .trim_end_matches("]}}");
    let twice = format!(r#"{{"bmx":{{"series":[{series},{series}]}}}}"#);
    assert_eq!(
        fix_only(&twice),
        Err("series SF43718 is listed twice".to_owned())
    );
    assert_eq!(
        parse(
            one.as_bytes(),
            &SERIES[..2],
            day("2026-03-16"),
            day("2026-03-02"),
            day("2026-03-04"),
        ),
        Err("series SF46410 is missing from the answer".to_owned())
    );
}

#[test]
fn bad_dates_and_figures_are_refused_naming_the_series() {
    for (datos, refusal) in [
        (
            dato("2026-03-02", "17.3485"),
            "SF43718: invalid date \"2026-03-02\" in fecha (expected DD/MM/YYYY)",
        ),
        (
            dato("30/02/2026", "17.3485"),
            "SF43718: invalid date \"30/02/2026\" in fecha (no such day)",
        ),
        (
            dato("05/03/2026", "17.3485"),
            "SF43718: day 2026-03-05 is outside the days asked for (2026-03-02..2026-03-04)",
        ),
        (
            format!(
                "{},{}",
                dato("03/03/2026", "17.7"),
                dato("02/03/2026", "17.3")
            ),
            "SF43718: day 2026-03-02 is repeated or out of order",
        ),
        (
            dato("02/03/2026", "-17.3485"),
            "SF43718: day 2026-03-02: invalid rate \"-17.3485\" (expected a positive decimal number)",
        ),
        (
            dato("02/03/2026", "0.0000"),
            "SF43718: day 2026-03-02: invalid rate \"0.0000\" (a rate must be greater than zero)",
        ),
        (
            dato("02/03/2026", "17,34.85"),
            "SF43718: day 2026-03-02: invalid rate \"17,34.85\" (thousands commas out of place)",
        ),
        (
            dato("02/03/2026", ""),
            "SF43718: day 2026-03-02: invalid rate \"\" (expected a positive decimal number)",
        ),
    ] {
        assert_eq!(
            fix_only(&fix(Some(&datos))),
            Err(refusal.to_owned()),
            "{datos}"
        );
    }
}

#[test]
fn a_changed_shape_is_refused() {
    for body in [
        "",
        "<html></html>",
        r#"{"bmx":{}}"#,
        r#"{"series":[]}"#,
        "[]",
    ] {
        assert!(fix_only(body).is_err(), "{body:?} accepted");
    }
}

#[test]
fn the_error_answer_is_explained_with_its_detail() {
    assert_eq!(
        explain(
            r#"{"error":{"url":"/x","mensaje":"Token inválido","detalle":"El token no existe"}}"#
                .as_bytes()
        ),
        Some("Token inválido (El token no existe)".to_owned())
    );
    assert_eq!(
        explain(r#"{"error":{"mensaje":"Token inválido","detalle":"Token inválido"}}"#.as_bytes()),
        Some("Token inválido".to_owned())
    );
    assert_eq!(explain(b"<html>"), None);
}
