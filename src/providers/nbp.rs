//! Narodowy Bank Polski (National Bank of Poland): table A of average
//! ("mid") exchange rates, through the NBP Web API.
//!
//! Requests, below the base URL (`https://api.nbp.pl/api`):
//! - `/exchangerates/tables/A/?format=json`: the current table (`Latest`);
//! - `/exchangerates/tables/A/{from}/{to}/?format=json`: every table with an
//!   effective date in the range, both days included (`Day` asks for
//!   `{d}/{d}`). One request covers at most 93 days, so a longer range is
//!   asked for in consecutive 93-day spans, one at a time.
//!
//! The answer is a JSON array of tables, oldest first, each
//! `{"table":"A","no":"041/A/NBP/2026","effectiveDate":"2026-03-02","rates":[{"currency","code","mid"}]}`.
//! A row reads `1 code = mid PLN`: the base is the foreign currency, the
//! quote PLN, the unit one (the NBP prices HUF, JPY, … per single unit, with
//! six decimals). `mid` is read from its JSON text, so `2.6410` keeps its
//! trailing zero. The table number `no`, which Polish invoices and tax
//! returns quote, is kept as the day's reference. Every code of table A is
//! an ISO 4217 code, `XDR` (the IMF's SDR) included, and all are kept: table
//! A holds no index or other non-currency series to skip.
//!
//! "Nothing published" is HTTP 404 (`404 NotFound - Not Found - Brak
//! danych`) for a range without any table: that and only that is an empty
//! answer. A `200` holding no table, a table other than A, or anything else
//! unexpected refuses the whole document.
//!
//! Table A is published on Polish business days between 11:45 and 12:15
//! Warsaw time (about 10:45–11:15 UTC in winter, 09:45–10:15 UTC in summer).
//! The API's history starts with table 001/A/NBP/2002 of 2002-01-02; earlier
//! days are never asked for.

use chrono::NaiveDate;
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json::{self, Raw};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, spans,
};
use crate::http::{Explain, Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, check_published_day, parse_date};

/// The Polish złoty: the quote of every row of table A.
const PLN: CurrencyCode = CurrencyCode::from_static(b"PLN");

/// The Narodowy Bank Polski's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "nbp",
    publisher: "Narodowy Bank Polski (National Bank of Poland)",
    default_url: "https://api.nbp.pl/api",
    home: Home::Fixed(PLN),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 3,
    figures: Figures::Official,
    about: "table A mid rates, PLN per 1 unit of foreign currency, with the table number",
    first_day: date(2002, 1, 2),
    dated_ahead: 0,
    sparse: false,
    terms: "https://api.nbp.pl/en.html",
    described: Described {
        printed: "`1 USD = 3.6056 PLN`",
        history: "table A through the API",
        published: "10:45–11:15 (11:45–12:15 Warsaw)",
        per_request: "93 days",
        used_for: "Polish VAT, CIT and PIT: the mid rate of the business day before; invoices quote the table number, kept in `publications`",
        requests: "`/exchangerates/tables/A/{from}/{to}/?format=json`; latest `/exchangerates/tables/A/?format=json`",
        nothing_published: "HTTP 404 for a range",
        cron: Some(CronLine {
            schedule: "30 12 * * 1-5",
            why: "NBP table A, 11:45-12:15 Warsaw time",
        }),
    },
    build: |setup| {
        Box::new(Nbp::new(
            setup.http,
            setup.url,
            setup.selection,
            setup.today,
        ))
    },
};

/// The most days one range request may cover.
const MAX_SPAN_DAYS: u64 = 93;

/// One table of the answer.
#[derive(Debug, Deserialize)]
struct Table {
    table: String,
    no: String,
    #[serde(rename = "effectiveDate")]
    effective_date: String,
    rates: Vec<Row>,
}

/// `{"currency":"dolar amerykański","code":"USD","mid":3.6056}`; the
/// Polish name is not needed.
#[derive(Debug, Deserialize)]
struct Row {
    code: String,
    mid: Raw,
}

/// The NBP provider below one base URL.
#[derive(Debug)]
pub struct Nbp<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

impl<'a> Nbp<'a> {
    /// A provider reading `{base_url}/exchangerates/…` for a run on `today`
    /// (UTC), keeping what `selection` asks for.
    pub fn new(
        http: &'a HttpClient,
        base_url: &str,
        selection: Selection,
        today: NaiveDate,
    ) -> Self {
        Nbp {
            http,
            base_url: base_url.to_owned(),
            selection,
            today,
        }
    }

    /// The tables at `path` (below `/exchangerates/tables/A/`): for a range
    /// (`asked`, the days they must lie in) none on the NBP's 404, for the
    /// latest table (`asked` is `None`) a 404 is an error like any other.
    fn tables(
        &self,
        path: &str,
        asked: Option<(NaiveDate, NaiveDate)>,
    ) -> anyhow::Result<Vec<DayRates>> {
        let url = endpoint(
            &self.base_url,
            &format!("exchangerates/tables/A/{path}"),
            "format=json",
        );
        let get = Get {
            url: &url,
            accept: "*/*",
            headers: &[],
            explain: Some(Explain::Says(explain)),
        };
        let body = match asked {
            Some(_) => match self.http.get_unless(&get, 404)? {
                Some(body) => body,
                None => {
                    log::info!("{url}: 404, no table published");
                    return Ok(Vec::new());
                }
            },
            None => self.http.get_with(&get)?,
        };
        let days = self.selection.keep(&url, parse(&body, self.today, asked))?;
        log::info!("{url}: {} tables", days.len());
        Ok(days)
    }
}

impl Provider for Nbp<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let (from, to) = match request {
            DayRequest::Latest => {
                let mut days = self.tables("", None)?;
                // `parse` never returns an empty list; keep the newest table.
                return Ok(days.pop().into_iter().collect());
            }
            DayRequest::Day(day) => (day, day),
            DayRequest::Range { from, to } => (from, to),
        };
        // No table before the first one nor after today: asking would only
        // bring a 400 Bad Request.
        let (from, to) = (from.max(INFO.first_day), to.min(self.today));
        let mut days = Vec::new();
        for (from, to) in spans(from, to, MAX_SPAN_DAYS) {
            days.extend(self.tables(&format!("{from}/{to}/"), Some((from, to)))?);
        }
        Ok(days)
    }
}

/// Parses an answer of the table A endpoints for a run on `today`: at
/// least one table, oldest first, no day twice, each within `asked` when
/// given, every row kept (`1 code = mid PLN`, the table number as the
/// day's reference).
pub fn parse(
    body: &[u8],
    today: NaiveDate,
    asked: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<DayRates>, String> {
    let tables: Vec<Table> = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    // "No table" is a 404, never an empty 200.
    if tables.is_empty() {
        return Err("the answer holds no table of rates".to_owned());
    }
    let mut days: Vec<DayRates> = Vec::with_capacity(tables.len());
    for table in &tables {
        let date = check_published_day(parse_date(&table.effective_date)?, INFO.first_day, today)?;
        if let Some((from, to)) = asked {
            check_asked(date, from, to)?;
        }
        if table.table != "A" {
            return Err(format!("day {date}: table {:?}, not table A", table.table));
        }
        if table.no.trim().is_empty() {
            return Err(format!("day {date}: the table has no number"));
        }
        if let Some(previous) = days.last().map(DayRates::date) {
            if date <= previous {
                return Err(format!(
                    "day {date} follows {previous}: repeated or out of order"
                ));
            }
        }
        let mut rates = Vec::with_capacity(table.rates.len());
        for row in &table.rates {
            let base: CurrencyCode = row
                .code
                .parse()
                .map_err(|err| format!("day {date}: {err}"))?;
            let mid = json::rate(&row.mid).map_err(|err| format!("day {date}, {base}: {err}"))?;
            rates.push(Published::new(base, PLN, mid));
        }
        days.push(DayRates::new(date, PLN, rates)?.with_reference(table.no.trim()));
    }
    Ok(days)
}

/// The NBP's plain-text error body (`400 BadRequest - Przekroczony limit 93
/// dni / Limit of 93 days has been exceeded`), if it is one short line.
fn explain(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?.trim();
    let plain = !text.is_empty()
        && text.len() <= 200
        && !text.starts_with('<')
        && !text.contains(['\n', '\r']);
    plain.then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = include_bytes!("../../tests/fixtures/nbp/2026-03-01..2026-03-05.json");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn today() -> NaiveDate {
        day("2026-03-05")
    }

    /// One table of 2024-06-27 holding `rows` (JSON text).
    fn table(table: &str, date: &str, rows: &str) -> String {
        format!(
            r#"[{{"table":"{table}","no":"124/A/NBP/2024","effectiveDate":"{date}","rates":[{rows}]}}]"#
        )
    }

    fn refusal(body: &str) -> String {
        parse(body.as_bytes(), today(), None).expect_err(body)
    }

    fn shown(day: &DayRates, code: &str) -> String {
        let rate = day
            .rates()
            .iter()
            .find(|rate| rate.base.as_str() == code)
            .unwrap_or_else(|| panic!("{code} on {}", day.date()));
        rate.to_string()
    }

    #[test]
    fn the_recorded_tables_parse_to_every_printed_digit() {
        let asked = (day("2026-03-01"), day("2026-03-05"));
        let days = parse(SAMPLE, today(), Some(asked)).expect("the sample parses");
        let dates: Vec<String> = days.iter().map(|day| day.date().to_string()).collect();
        assert_eq!(
            dates,
            ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]
        );
        let references: Vec<&str> = days.iter().filter_map(DayRates::reference).collect();
        assert_eq!(
            references,
            [
                "041/A/NBP/2026",
                "042/A/NBP/2026",
                "043/A/NBP/2026",
                "044/A/NBP/2026"
            ]
        );
        assert!(days.iter().all(|day| day.rates().len() == 32));
        let first = &days[0];
        assert_eq!(shown(first, "USD"), "1 USD = 3.6056 PLN");
        assert_eq!(shown(first, "CAD"), "1 CAD = 2.6410 PLN");
        assert_eq!(shown(first, "RON"), "1 RON = 0.8300 PLN");
        assert_eq!(shown(first, "HUF"), "1 HUF = 0.011155 PLN");
        assert_eq!(shown(first, "JPY"), "1 JPY = 0.022963 PLN");
        assert_eq!(shown(first, "EUR"), "1 EUR = 4.2304 PLN");
        assert_eq!(first.rates()[0].base.as_str(), "THB");
        assert_eq!(first.rates()[31].base.as_str(), "XDR");
    }

    #[test]
    fn the_sample_outside_the_days_asked_for_is_refused() {
        let asked = Some((day("2026-03-03"), day("2026-03-05")));
        let err = parse(SAMPLE, today(), asked).expect_err("2026-03-02 not asked for");
        assert_eq!(
            err,
            "day 2026-03-02 is outside the days asked for (2026-03-03..2026-03-05)"
        );
    }

    #[test]
    fn broken_documents_are_refused() {
        let whole = std::str::from_utf8(SAMPLE).expect("UTF-8");
        let truncated = &whole[..whole.len() * 2 / 3];
        assert!(refusal(truncated).starts_with("the JSON document ends early"));
        assert!(refusal("<html><body>Request Rejected</body></html>").starts_with("not JSON"));
        assert_eq!(refusal("[]"), "the answer holds no table of rates");
        let object = r#"{"table":"A","no":"1","effectiveDate":"2024-06-27","rates":[]}"#;
        assert!(refusal(object).starts_with("not the expected JSON document"));
        let renamed = table("A", "2024-06-27", r#"{"code":"USD","kurs":3.9}"#);
        assert!(
            refusal(&renamed).contains("missing field `mid`"),
            "{renamed}"
        );
        assert_eq!(
            refusal(&table("B", "2024-06-27", r#"{"code":"USD","mid":3.9}"#)),
            "day 2024-06-27: table \"B\", not table A"
        );
        assert_eq!(
            refusal(&table("A", "2024-06-27", "")),
            "day 2024-06-27 has no rates"
        );
        let unnumbered = r#"[{"table":"A","no":" ","effectiveDate":"2024-06-27","rates":[]}]"#;
        assert_eq!(
            refusal(unnumbered),
            "day 2024-06-27: the table has no number"
        );
    }

    #[test]
    fn bad_rates_and_codes_are_refused_naming_the_day_and_currency() {
        for (mid, expected) in [
            (
                "-1",
                "day 2024-06-27, USD: invalid rate -1 (a rate must be greater than zero)",
            ),
            (
                "0",
                "day 2024-06-27, USD: invalid rate \"0\" (a rate must be greater than zero)",
            ),
            (
                "0.0000",
                "day 2024-06-27, USD: invalid rate \"0.0000\" (a rate must be greater than zero)",
            ),
            (
                "null",
                "day 2024-06-27, USD: invalid rate null (expected a number)",
            ),
            (
                "\"3.9\"",
                "day 2024-06-27, USD: invalid rate \"3.9\" (expected a number)",
            ),
            (
                "1e999",
                "day 2024-06-27, USD: invalid rate 1e999 (expected a positive decimal number)",
            ),
        ] {
            let body = table(
                "A",
                "2024-06-27",
                &format!(r#"{{"code":"USD","mid":{mid}}}"#),
            );
            assert_eq!(refusal(&body), expected, "{mid}");
        }
        let nan = table("A", "2024-06-27", r#"{"code":"USD","mid":NaN}"#);
        assert!(refusal(&nan).starts_with("not JSON"));
        let lower = table("A", "2024-06-27", r#"{"code":"usd","mid":3.9}"#);
        assert!(refusal(&lower).contains("invalid currency code \"usd\""));
        let twice = table(
            "A",
            "2024-06-27",
            r#"{"code":"USD","mid":3.9},{"code":"USD","mid":3.91}"#,
        );
        assert_eq!(
            refusal(&twice),
            "day 2024-06-27: currency USD appears twice"
        );
        let home = table("A", "2024-06-27", r#"{"code":"PLN","mid":1}"#);
        assert_eq!(
            refusal(&home),
            "day 2024-06-27: PLN is quoted against itself"
        );
    }

    #[test]
    fn days_out_of_the_window_or_out_of_order_are_refused() {
        let usd = r#"{"code":"USD","mid":3.9}"#;
        assert_eq!(
            refusal(&table("A", "2999-01-04", usd)),
            "day 2999-01-04 is in the future"
        );
        assert_eq!(
            refusal(&table("A", "27.06.2024", usd)),
            "invalid date \"27.06.2024\" (expected YYYY-MM-DD)"
        );
        let one = table("A", "2024-06-27", usd);
        let repeated = format!("[{},{}]", &one[1..one.len() - 1], &one[1..one.len() - 1]);
        assert_eq!(
            refusal(&repeated),
            "day 2024-06-27 follows 2024-06-27: repeated or out of order"
        );
    }

    #[test]
    fn error_bodies_give_their_one_line() {
        assert_eq!(
            explain(b"404 NotFound - Not Found - Brak danych").as_deref(),
            Some("404 NotFound - Not Found - Brak danych")
        );
        assert_eq!(explain(b"<html><body>502</body></html>"), None);
        assert_eq!(explain(b""), None);
    }
}
