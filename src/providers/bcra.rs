//! Banco Central de la República Argentina: the Bank's daily quotations of
//! foreign currencies in pesos, from its "estadísticas cambiarias" API
//! (v1.0). No key is needed.
//!
//! One request per calendar day, below the base URL
//! (`https://api.bcra.gob.ar/estadisticascambiarias/v1.0`):
//! `/Cotizaciones?fecha=YYYY-MM-DD`. A range asks for each of its days, one
//! at a time, weekends included; the latest is the newest list of the
//! [`LATEST_DAYS`] days up to today.
//!
//! The answer is `{"status":200,"results":{"fecha":"2026-03-19",
//! "detalle":[{"codigoMoneda":"AUD","descripcion":"DOLAR AUSTRALIA",
//! "tipoPase":0.70550000,"tipoCotizacion":983.81975000}]}}`. A row reads
//! `unit codigoMoneda = tipoCotizacion ARS`: the base is the foreign
//! currency, the quote ARS, the figure the raw text of its JSON number,
//! padded to 8 decimals and stored so, never through binary floating point.
//! The unit is written only in the description, `"DONG VIETNAM (C/1.000
//! UNIDADES)"` (per 1,000, the dot a thousands separator); 1 otherwise.
//! `tipoPase`, the parity against the US dollar, is not read.
//!
//! Rows that are no rate of a currency in pesos are left out: `ARS` (the
//! peso itself, quoted 0), `REF` (the Com. A 3500 reference dollar, a
//! figure of another kind), the metals (`XAU`, `XAG`, quoted 0 in pesos) and
//! any row quoted 0 (not quoted that day); a list left with no rate at all
//! is refused. `XDR` (the SDR) is kept like any currency. The Bank's own
//! codes are stored as printed: `MXP` for the Mexican peso (ISO `MXN`
//! since 1993), `VEB` for the bolívar (ISO `VES` today), and `CNH` (the
//! offshore yuan, no ISO code) next to `CNY`.
//!
//! The list is dated by its `fecha`: it must be the day asked for; one
//! dated earlier is none of that day ([`super::day_list::of_day`]), one
//! dated later is refused. A day without quotes (a weekend, a holiday, a
//! day not yet published) answers `{"status":200,"results":{"fecha":null,
//! "detalle":[]}}`: nothing published. Nothing else is, HTTP 404 included.

use chrono::NaiveDate;
use serde::Deserialize;

use super::day_list::{list_of_day, lists_between};
use super::endpoint::endpoint;
use super::json::{self, Raw};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week,
};
use crate::http::{Get, HttpClient};
use crate::model::{CurrencyCode, DayRates, Published, Unit, check_published_day};
use crate::model::{date, parse_date};

/// The peso: the quote of every rate of the list.
const ARS: CurrencyCode = CurrencyCode::from_static(b"ARS");

/// The rows that are no rate of a foreign currency in pesos: the peso
/// itself and the Com. A 3500 reference dollar.
const NOT_RATES: [&str; 2] = ["ARS", "REF"];

/// How many days back from today the latest list is looked for: a weekend
/// and the longest holidays (carnival, Easter).
pub const LATEST_DAYS: u64 = 7;

/// The Central Bank of Argentina's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "bcra",
    publisher: "Banco Central de la República Argentina",
    default_url: "https://api.bcra.gob.ar/estadisticascambiarias/v1.0",
    home: Home::Fixed(ARS),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 5,
    figures: Figures::Official,
    about: "daily quotations, ARS per 1 or 1000 units of foreign currency",
    first_day: date(2000, 1, 3),
    dated_ahead: 0,
    sparse: false,
    terms: "https://www.bcra.gob.ar/BCRAyVos/catalogo-de-APIs-banco-central.asp",
    described: Described {
        printed: "`1 AUD = 983.81975000 ARS` (units 1, 1000), a JSON number padded to 8 decimals",
        history: "how far back the API answers was not checked; `MXP`, `VEB` and `CNH` stored as the Bank codes them; `ARS`, `REF`, metals and zero rows left out",
        published: "after the close of the exchange market (Buenos Aires, UTC−3), about 18:00 UTC",
        per_request: "one day",
        used_for: "the Bank's daily quotations of foreign currencies in pesos, for valuation at the official rate ([cotizaciones](https://www.bcra.gob.ar/PublicacionesEstadisticas/Evolucion_moneda.asp))",
        requests: "`/Cotizaciones?fecha=YYYY-MM-DD`, one per calendar day; latest: the newest of the last 7 days",
        nothing_published: "`{\"status\":200,\"results\":{\"fecha\":null,\"detalle\":[]}}` for a day; for one day, a list dated earlier",
        cron: Some(CronLine {
            schedule: "0 20 * * 1-5",
            why: "BCRA, the day's quotations after the close in Buenos Aires",
        }),
    },
    build: |setup| {
        Box::new(Bcra {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
            progress: setup.progress,
        })
    },
};

/// `{"status":200,"results":{…}}`, or an error's `status` and
/// `errorMessages`.
#[derive(Debug, Deserialize)]
struct Answer {
    status: u16,
    #[serde(rename = "errorMessages", default)]
    error_messages: Vec<String>,
    results: Option<Results>,
}

/// `{"fecha":"2026-03-19","detalle":[…]}`; `fecha` null on a day without
/// quotes.
#[derive(Debug, Deserialize)]
struct Results {
    fecha: Option<String>,
    detalle: Vec<Row>,
}

/// `{"codigoMoneda":"VND","descripcion":"DONG VIETNAM (C/1.000 UNIDADES)",
/// "tipoPase":0.038036,"tipoCotizacion":53.04096500}`; the parity
/// (`tipoPase`) is not read.
#[derive(Debug, Deserialize)]
struct Row {
    #[serde(rename = "codigoMoneda")]
    code: String,
    #[serde(rename = "descripcion")]
    description: String,
    #[serde(rename = "tipoCotizacion")]
    rate: Raw,
}

/// The BCRA provider below one base URL.
#[derive(Debug)]
pub struct Bcra<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
    progress: bool,
}

impl Bcra<'_> {
    /// The list of `day`, reduced to the selection: none when nothing was
    /// published on it.
    fn list(&self, day: NaiveDate) -> anyhow::Result<Option<DayRates>> {
        let url = endpoint(&self.base_url, "Cotizaciones", &format!("fecha={day}"));
        let get = Get {
            url: &url,
            accept: "application/json",
            headers: &[],
            explain: None,
        };
        // Not `day_list`: a 404 is no "nothing published" here.
        let body = self.http.get_with(&get)?;
        Ok(list_of_day(
            &self.selection,
            &url,
            day,
            parse(&body, self.today),
        )?)
    }

    /// The published lists of `from..=to`, oldest first, one request per
    /// calendar day.
    fn days(&self, from: NaiveDate, to: NaiveDate) -> anyhow::Result<Vec<DayRates>> {
        lists_between(&INFO, self.today, self.progress, (from, to), |day| {
            self.list(day)
        })
    }
}

impl Provider for Bcra<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        request.by_ranges(self.today, LATEST_DAYS, |from, to| self.days(from, to))
    }
}

/// Parses the list of one day for a run on `today`: `None` for a null
/// `fecha` without rows (nothing published), else each row `unit code =
/// tipoCotizacion ARS`, the day its `fecha`, the rows that are no rate in
/// pesos left out. Refuses a `status` other than 200, a dated list without
/// rows or with none but rows left out, rows without a date, a day outside
/// [`check_published_day`], a unit it cannot read, a code listed twice and
/// any figure that is not a positive JSON number.
pub fn parse(body: &[u8], today: NaiveDate) -> Result<Option<DayRates>, String> {
    let answer: Answer = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    if answer.status != 200 {
        return Err(format!(
            "the service answered status {}: {}",
            answer.status,
            answer.error_messages.join("; ")
        ));
    }
    let results = answer.results.ok_or("an answer without `results`")?;
    let Some(fecha) = results.fecha else {
        return match results.detalle.len() {
            0 => Ok(None),
            n => Err(format!("{n} rows without a date (`fecha` is null)")),
        };
    };
    let day = parse_date(&fecha).map_err(|err| format!("{err} in fecha"))?;
    let day = check_published_day(day, INFO.first_day, today)?;
    if results.detalle.is_empty() {
        return Err(format!("day {day}: a list without rows"));
    }
    let mut rates = Vec::with_capacity(results.detalle.len());
    for row in &results.detalle {
        rates.extend(published(row, day)?);
    }
    if rates.is_empty() {
        return Err(format!(
            "day {day}: no currency quoted in pesos among its {} rows",
            results.detalle.len()
        ));
    }
    DayRates::new(day, ARS, rates).map(Some)
}

/// One row of `day`: `unit code = tipoCotizacion ARS`, or none for a row
/// that is no rate of a currency in pesos (see the module's docs).
fn published(row: &Row, day: NaiveDate) -> Result<Option<Published>, String> {
    if NOT_RATES.contains(&row.code.as_str()) {
        return Ok(None);
    }
    let code: CurrencyCode = row
        .code
        .parse()
        .map_err(|err| format!("day {day}: {err}"))?;
    let at = |err: String| format!("day {day}, {code}: {err}");
    if code.is_metal() || is_zero(row.rate.get()) {
        return Ok(None);
    }
    let unit = unit(&row.description).map_err(at)?;
    let rate = json::rate(&row.rate).map_err(at)?;
    Ok(Some(Published::per(unit, code, ARS, rate)))
}

/// Whether a JSON number's text is a zero (`0`, `0.00000000`): a row not
/// quoted that day.
fn is_zero(text: &str) -> bool {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    !int.is_empty() && int.bytes().all(|b| b == b'0') && frac.bytes().all(|b| b == b'0')
}

/// The unit a description states: `(C/1.000 UNIDADES)` is 1000, the dot a
/// thousands separator; no `C/` is 1.
fn unit(description: &str) -> Result<Unit, String> {
    let Some((_, after)) = description.split_once("C/") else {
        return Ok(Unit::ONE);
    };
    let count = after.strip_suffix(" UNIDADES)").ok_or_else(|| {
        format!("unreadable unit in {description:?} (expected \"(C/1.000 UNIDADES)\")")
    })?;
    Unit::from_grouped(count, '.').map_err(|err| format!("{err} in {description:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::day_list::of_day;

    const LIST: &[u8] = include_bytes!("../../tests/fixtures/bcra/Cotizaciones-2026-03-19.json");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-03-20")
    }

    /// A row: the figure a JSON token as written.
    fn row(code: &str, description: &str, rate: &str) -> String {
        format!(
            r#"{{"codigoMoneda":"{code}","descripcion":"{description}","tipoPase":0.5,"tipoCotizacion":{rate}}}"#
        )
    }

    /// The list of 2026-03-19 holding `rows`.
    fn list(rows: &[String]) -> String {
        format!(
            r#"{{"status":200,"results":{{"fecha":"2026-03-19","detalle":[{}]}}}}"#,
            rows.join(",")
        )
    }

    fn refusal(body: &str) -> String {
        parse(body.as_bytes(), today()).expect_err(body)
    }

    fn shown(list: &DayRates, code: &str) -> Option<String> {
        list.rates()
            .iter()
            .find(|rate| rate.base.as_str() == code)
            .map(ToString::to_string)
    }

    #[test]
    fn the_recorded_list_parses_to_every_printed_digit_and_unit() {
        let list = parse(LIST, today()).expect("parses").expect("a list");
        assert_eq!(list.date(), day("2026-03-19"));
        assert_eq!(list.home(), ARS);
        // 39 rows, less ARS, REF, XAU and XAG.
        assert_eq!(list.rates().len(), 35);
        let shown = |code| shown(&list, code);
        assert_eq!(shown("AUD").as_deref(), Some("1 AUD = 983.81975000 ARS"));
        assert_eq!(shown("USD").as_deref(), Some("1 USD = 1394.50000000 ARS"));
        assert_eq!(shown("VND").as_deref(), Some("1000 VND = 53.04096500 ARS"));
        assert_eq!(shown("VEB").as_deref(), Some("1 VEB = 3.13045430 ARS"));
        assert_eq!(shown("MXP").as_deref(), Some("1 MXP = 78.43832100 ARS"));
        assert_eq!(shown("XDR").as_deref(), Some("1 XDR = 1894.56770000 ARS"));
        for left_out in ["ARS", "REF", "XAU", "XAG"] {
            assert_eq!(shown(left_out), None, "{left_out}");
        }
    }

    #[test]
    fn a_day_without_quotes_is_nothing_published() {
        let holiday = br#"{"status":200,"results":{"fecha":null,"detalle":[]}}"#;
        assert_eq!(parse(holiday, today()), Ok(None));
    }

    #[test]
    fn units_are_read_from_the_description() {
        for (description, count) in [
            ("DONG VIETNAM (C/1.000 UNIDADES)", 1000),
            ("YENS (C/100 UNIDADES)", 100),
            ("RUPIA (C/1.000.000 UNIDADES)", 1_000_000),
            ("DONG (C/1000 UNIDADES)", 1000),
            ("DOLAR E.E.U.U.", 1),
        ] {
            assert_eq!(
                unit(description).map(Unit::count),
                Ok(count),
                "{description}"
            );
        }
        for (description, refusal) in [
            ("DONG (C/1.000)", "unreadable unit"),
            ("DONG (C/1,000 UNIDADES)", "invalid unit \"1,000\""),
            ("DONG (C/10.00 UNIDADES)", "invalid unit \"10.00\""),
            ("DONG (C/ UNIDADES)", "invalid unit \"\""),
        ] {
            let err = unit(description).expect_err(description);
            assert!(err.starts_with(refusal), "{err}");
        }
        assert!(
            unit("DONG (C/5 UNIDADES)")
                .expect_err("5")
                .starts_with("invalid unit \"5\"")
        );
    }

    #[test]
    fn zero_rows_and_rows_that_are_no_rates_are_left_out() {
        let rows = [
            row("ARS", "PESO", "0.00000000"),
            row("REF", "DOLAR REFERENCIA COM 3500", "1395.51420000"),
            row("XAU", "ORO FINO (1 ONZA)", "0.00000000"),
            row("XAG", "PLATA - ONZA TROY", "12.5"),
            row("BOB", "BOLIVIANOS", "0"),
            row("USD", "DOLAR E.E.U.U.", "1394.50000000"),
        ];
        let kept = parse(list(&rows).as_bytes(), today())
            .expect("ok")
            .expect("a list");
        let codes: Vec<&str> = kept.rates().iter().map(|r| r.base.as_str()).collect();
        assert_eq!(codes, ["USD"]);
        assert_eq!(
            refusal(&list(&rows[..5])),
            "day 2026-03-19: no currency quoted in pesos among its 5 rows"
        );
        assert!(is_zero("0") && is_zero("0.00000000") && is_zero("00.0"));
        assert!(!is_zero("0.00000001") && !is_zero(".0") && !is_zero("-0.5"));
    }

    #[test]
    fn broken_documents_and_error_answers_are_refused() {
        let whole = std::str::from_utf8(LIST).expect("UTF-8");
        assert!(refusal(&whole[..whole.len() * 2 / 3]).starts_with("the JSON document ends early"));
        assert!(refusal("<html><body>Not Found</body></html>").starts_with("not JSON"));
        assert!(refusal("[]").starts_with("not the expected JSON document"));
        assert_eq!(
            refusal(r#"{"status":400,"errorMessages":["La fecha no es válida."]}"#),
            "the service answered status 400: La fecha no es válida."
        );
        assert_eq!(refusal(r#"{"status":200}"#), "an answer without `results`");
        let without = list(&[row("USD", "X", "1").replace(r#","tipoCotizacion":1"#, "")]);
        assert!(refusal(&without).contains("missing field `tipoCotizacion`"));
        assert_eq!(
            refusal(
                &list(&[])
                    .replace("\"2026-03-19\"", "null")
                    .replace("[]", &format!("[{}]", row("USD", "X", "1")))
            ),
            "1 rows without a date (`fecha` is null)"
        );
        assert_eq!(refusal(&list(&[])), "day 2026-03-19: a list without rows");
    }

    #[test]
    fn bad_rates_codes_and_dates_are_refused_naming_the_day_and_currency() {
        for (rate, expected) in [
            ("-1.5", "day 2026-03-19, USD: invalid rate -1.5"),
            (
                "\"1394.5\"",
                "day 2026-03-19, USD: invalid rate \"1394.5\" (expected a number)",
            ),
            (
                "null",
                "day 2026-03-19, USD: invalid rate null (expected a number)",
            ),
        ] {
            let err = refusal(&list(&[row("USD", "X", rate)]));
            assert!(err.starts_with(expected), "{rate}: {err}");
        }
        assert!(refusal(&list(&[row("usd", "X", "1")])).contains("invalid currency code \"usd\""));
        let twice = list(&[row("USD", "X", "1.5"), row("USD", "X", "1.6")]);
        assert_eq!(
            refusal(&twice),
            "day 2026-03-19: currency USD appears twice"
        );
        let dated = |date: &str| list(&[row("USD", "X", "1.5")]).replace("2026-03-19", date);
        assert_eq!(
            refusal(&dated("19.03.2026")),
            "invalid date \"19.03.2026\" (expected YYYY-MM-DD) in fecha"
        );
        assert_eq!(
            refusal(&dated("2999-01-04")),
            "day 2999-01-04 is in the future"
        );
        assert_eq!(
            refusal(&dated("1999-12-31")),
            "day 1999-12-31 is before the first reference rates (2000-01-03)"
        );
    }

    #[test]
    fn a_list_answers_its_own_day_an_earlier_one_none_a_later_one_is_refused() {
        let list = || parse(LIST, today()).expect("parses");
        assert!(of_day(day("2026-03-19"), list()).expect("ok").is_some());
        assert_eq!(of_day(day("2026-03-21"), list()), Ok(None));
        assert_eq!(
            of_day(day("2026-03-18"), list()),
            Err("asked for 2026-03-18, the list is dated 2026-03-19".to_owned())
        );
    }
}
