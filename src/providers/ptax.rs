//! Banco Central do Brasil: the PTAX closing rates of the real, buying and
//! selling, through the Bank's OData service (Olinda).
//!
//! One request per currency and span, below the base URL
//! (`https://olinda.bcb.gov.br/olinda/servico/PTAX/versao/v1/odata`):
//! `CotacaoMoedaPeriodo(moeda=@moeda,dataInicial=@dataInicial,dataFinalCotacao=@dataFinalCotacao)`
//! with the query `$filter=tipoBoletim eq 'Fechamento'&$format=json` and
//! the parameters `@moeda='USD'`, `@dataInicial='MM-DD-YYYY'`,
//! `@dataFinalCotacao='MM-DD-YYYY'`, percent-encoded as the service is
//! asked (`%27` for the quotes, `%20` for the spaces). A span is at most a
//! calendar year; the currencies are the fixed list [`CURRENCIES`] (the
//! service's `Moedas`), narrowed by `--symbols`, all asked for on the one
//! connection the HTTP client keeps. The latest day is the newest of the
//! last [`LATEST_DAYS`] days.
//!
//! The answer is `{"value":[{"cotacaoCompra","cotacaoVenda",
//! "dataHoraCotacao":"2026-03-02 13:09:26.433","tipoBoletim":"Fechamento",…}]}`,
//! one row per day, oldest first; it does not name the currency, which is
//! the one asked for. A row reads `1 currency = cotacaoCompra BRL` (buying)
//! and `1 currency = cotacaoVenda BRL` (selling), each read from its JSON
//! text (`5.19950` keeps its zero) and stored as a series of its own: the
//! PTAX has no mid, and fxrates makes none. The parities against the
//! dollar (`paridadeCompra`, `paridadeVenda`) are not read.
//!
//! A day is stored whole: every currency asked for must have a closing
//! rate on each day any of them has one, or the answer lacking it is
//! refused. "Nothing published" is an empty `value` for every currency
//! (weekends, Brazilian holidays).
//!
//! The closing PTAX is published on Brazilian business days shortly after
//! 13:00 Brasília time (about 16:00 UTC; Brazil keeps UTC−3 all year).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use serde::Deserialize;

use super::endpoint::endpoint;
use super::json::{self, Raw};
use super::{
    CronLine, DayRequest, Described, Figures, Home, Provider, ProviderInfo, Release, Selection,
    Week, check_asked, year_spans,
};
use crate::error::Error;
use crate::http::{Explain, Get, HttpClient};
use crate::model::date;
use crate::model::{CurrencyCode, DayRates, Published, Series, check_published_day, parse_date};

/// The Brazilian real: the quote of every rate.
const BRL: CurrencyCode = CurrencyCode::from_static(b"BRL");

/// The currencies with a PTAX rate, as the service's `Moedas` lists them,
/// in the order they are asked for.
pub const CURRENCIES: [CurrencyCode; 10] = [
    CurrencyCode::from_static(b"AUD"),
    CurrencyCode::from_static(b"CAD"),
    CurrencyCode::from_static(b"CHF"),
    CurrencyCode::from_static(b"DKK"),
    CurrencyCode::EUR,
    CurrencyCode::from_static(b"GBP"),
    CurrencyCode::from_static(b"JPY"),
    CurrencyCode::from_static(b"NOK"),
    CurrencyCode::from_static(b"SEK"),
    CurrencyCode::USD,
];

/// How many days back the latest day is looked for: two weeks cover the
/// longest run of Brazilian holidays (Carnival).
const LATEST_DAYS: u64 = 14;

/// The service's function of a currency's bulletins over a period.
const PERIOD: &str =
    "CotacaoMoedaPeriodo(moeda=@moeda,dataInicial=@dataInicial,dataFinalCotacao=@dataFinalCotacao)";

/// The Banco Central do Brasil's entry in the provider registry.
pub const INFO: ProviderInfo = ProviderInfo {
    name: "ptax",
    publisher: "Banco Central do Brasil (PTAX)",
    default_url: "https://olinda.bcb.gov.br/olinda/servico/PTAX/versao/v1/odata",
    home: Home::Fixed(BRL),
    settings: &[],
    release: Release::Daily,
    week: Week::Weekdays,
    closure: 2,
    figures: Figures::Official,
    about: "PTAX closing rates, BRL per 1 unit of foreign currency: buying and selling, no mid",
    first_day: date(1999, 1, 4),
    dated_ahead: 0,
    sparse: false,
    terms: "https://dadosabertos.bcb.gov.br/",
    described: Described {
        printed: "`1 USD = 5.20010 BRL (selling)`; buying and selling, no mid",
        history: "not documented; fxrates asks from here",
        published: "~16:00 all year (13:00 Brasília)",
        per_request: "one currency, a calendar year",
        used_for: "Brazilian tax and accounting: mostly the PTAX selling rate (check with your adviser)",
        requests: "`/CotacaoMoedaPeriodo(moeda=@moeda,dataInicial=@dataInicial,dataFinalCotacao=@dataFinalCotacao)?$filter=tipoBoletim%20eq%20%27Fechamento%27&$format=json&@dataFinalCotacao=%27MM-DD-YYYY%27&@dataInicial=%27MM-DD-YYYY%27&@moeda=%27USD%27`, one per currency; latest: the last 14 days",
        nothing_published: r#"`"value": []` for every currency"#,
        cron: Some(CronLine {
            schedule: "30 18 * * 1-5",
            why: "Banco Central do Brasil, PTAX closing rates after 13:00 Brasília time all year (17:00 here in winter, 18:00 in summer)",
        }),
    },
    build: |setup| {
        Box::new(Ptax {
            http: setup.http,
            base_url: setup.url.to_owned(),
            selection: setup.selection,
            today: setup.today,
        })
    },
};

/// `{"@odata.context":"…","value":[…]}`
#[derive(Debug, Deserialize)]
struct Answer {
    value: Vec<Row>,
}

/// One bulletin of the currency asked for; the parities are not read.
#[derive(Debug, Deserialize)]
struct Row {
    #[serde(rename = "cotacaoCompra")]
    buying: Raw,
    #[serde(rename = "cotacaoVenda")]
    selling: Raw,
    #[serde(rename = "dataHoraCotacao")]
    published_at: String,
    #[serde(rename = "tipoBoletim")]
    bulletin: String,
}

/// An OData error body: `{"error":{"code":"…","message":"…"}}`.
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    error: ErrorDetail,
}

#[derive(Debug, Deserialize)]
struct ErrorDetail {
    message: String,
}

/// The PTAX provider below one base URL.
#[derive(Debug)]
pub struct Ptax<'a> {
    http: &'a HttpClient,
    base_url: String,
    selection: Selection,
    today: NaiveDate,
}

/// One currency's closing rates of a span: each day's buying and selling
/// rate, and the URL that answered them.
#[derive(Debug)]
struct Answered {
    currency: CurrencyCode,
    url: String,
    days: BTreeMap<NaiveDate, [Published; 2]>,
}

impl Ptax<'_> {
    /// The currencies to ask for: all of [`CURRENCIES`], or those
    /// `--symbols` names, each of which must be one of them.
    fn currencies(&self) -> Result<Vec<CurrencyCode>, Error> {
        let symbols = &self.selection.symbols;
        if let Some(other) = symbols.iter().find(|code| !CURRENCIES.contains(code)) {
            let known: Vec<&str> = CURRENCIES.iter().map(CurrencyCode::as_str).collect();
            return Err(Error::Usage(format!(
                "the ptax provider publishes no rate of {other}: its currencies are {} (--symbols)",
                known.join(", ")
            )));
        }
        Ok(CURRENCIES
            .into_iter()
            .filter(|code| symbols.is_empty() || symbols.contains(code))
            .collect())
    }

    /// The URL of `currency`'s closing bulletins from `from` to `to`.
    fn url(&self, currency: CurrencyCode, from: NaiveDate, to: NaiveDate) -> String {
        let query = format!(
            "$filter=tipoBoletim%20eq%20%27Fechamento%27&$format=json\
             &@dataFinalCotacao=%27{}%27&@dataInicial=%27{}%27&@moeda=%27{currency}%27",
            query_date(to),
            query_date(from),
        );
        endpoint(&self.base_url, PERIOD, &query)
    }

    /// The days from `from` to `to` (one span), every currency of
    /// `currencies` on each, reduced to the selection.
    fn span(
        &self,
        currencies: &[CurrencyCode],
        from: NaiveDate,
        to: NaiveDate,
    ) -> anyhow::Result<Vec<DayRates>> {
        let mut answered = Vec::with_capacity(currencies.len());
        for &currency in currencies {
            let url = self.url(currency, from, to);
            let body = self.http.get_with(&Get {
                url: &url,
                accept: "*/*",
                headers: &[],
                explain: Some(Explain::Says(explain)),
            })?;
            let days = parse(&body, currency, self.today, (from, to)).map_err(|reason| {
                Error::InvalidData {
                    url: url.clone(),
                    reason,
                }
            })?;
            log::info!("{url}: {} days", days.len());
            answered.push(Answered {
                currency,
                url,
                days,
            });
        }
        let days = whole_days(&answered)?;
        let first = answered.first().map_or_else(String::new, |a| a.url.clone());
        Ok(self.selection.keep(&first, Ok(days))?)
    }
}

impl Provider for Ptax<'_> {
    fn source(&self) -> &'static str {
        INFO.name
    }

    fn fetch(&self, request: DayRequest) -> anyhow::Result<Vec<DayRates>> {
        let currencies = self.currencies()?;
        match request {
            DayRequest::Latest => {
                let from = self.today - Days::new(LATEST_DAYS);
                let mut days = self.span(&currencies, from, self.today)?;
                Ok(days.pop().into_iter().collect())
            }
            DayRequest::Day(day) if day < INFO.first_day => Ok(Vec::new()),
            DayRequest::Day(day) => self.span(&currencies, day, day),
            DayRequest::Range { from, to } => {
                let mut days = Vec::new();
                for (from, to) in year_spans(from.max(INFO.first_day), to.min(self.today)) {
                    days.extend(self.span(&currencies, from, to)?);
                }
                Ok(days)
            }
        }
    }
}

/// `03-01-2026`: a date as the service's parameters take it.
fn query_date(day: NaiveDate) -> String {
    format!("{:02}-{:02}-{:04}", day.month(), day.day(), day.year())
}

/// The days any currency has, each holding every currency's buying and
/// selling rate in the order asked for. A day one currency lacks refuses
/// that currency's answer: a day is stored whole or not at all.
fn whole_days(answered: &[Answered]) -> Result<Vec<DayRates>, Error> {
    let dates: BTreeSet<NaiveDate> = answered
        .iter()
        .flat_map(|answer| answer.days.keys().copied())
        .collect();
    let mut days = Vec::with_capacity(dates.len());
    for date in dates {
        let mut rates = Vec::with_capacity(answered.len() * 2);
        for answer in answered {
            let Some(both) = answer.days.get(&date) else {
                let others: Vec<&str> = answered
                    .iter()
                    .filter(|other| other.days.contains_key(&date))
                    .map(|other| other.currency.as_str())
                    .collect();
                return Err(Error::InvalidData {
                    url: answer.url.clone(),
                    reason: format!(
                        "day {date}: no closing rate of {}, though {} {} one (a day is stored whole)",
                        answer.currency,
                        others.join(", "),
                        if others.len() == 1 { "has" } else { "have" },
                    ),
                });
            };
            rates.extend(both);
        }
        let day = DayRates::new(date, BRL, rates).map_err(|reason| Error::InvalidData {
            url: answered.first().map_or_else(String::new, |a| a.url.clone()),
            reason,
        })?;
        days.push(day);
    }
    Ok(days)
}

/// Parses the answer for `currency` from `asked.0` to `asked.1`, for a run
/// on `today`: each day's buying and selling rate, oldest first. An empty
/// `value` is no day at all. Refuses a row of another bulletin than the
/// closing, a day outside the days asked for or out of order, and any
/// rate that is not a positive number.
pub fn parse(
    body: &[u8],
    currency: CurrencyCode,
    today: NaiveDate,
    asked: (NaiveDate, NaiveDate),
) -> Result<BTreeMap<NaiveDate, [Published; 2]>, String> {
    let answer: Answer = serde_json::from_slice(body).map_err(|err| json::describe(&err))?;
    let mut days = BTreeMap::new();
    let mut previous: Option<NaiveDate> = None;
    for row in &answer.value {
        let date = check_published_day(published_day(&row.published_at)?, INFO.first_day, today)?;
        check_asked(date, asked.0, asked.1)?;
        if let Some(previous) = previous.filter(|previous| date <= *previous) {
            return Err(format!(
                "day {date} follows {previous}: repeated or out of order"
            ));
        }
        previous = Some(date);
        if row.bulletin != "Fechamento" {
            return Err(format!(
                "day {date}, {currency}: a bulletin of type {:?}, not the closing (Fechamento)",
                row.bulletin
            ));
        }
        let rate = |raw: &Raw, field: &str| {
            json::rate(raw).map_err(|err| format!("day {date}, {currency} {field}: {err}"))
        };
        let buying = rate(&row.buying, "cotacaoCompra")?;
        let selling = rate(&row.selling, "cotacaoVenda")?;
        days.insert(
            date,
            [
                Published::new(currency, BRL, buying).of(Series::Buying),
                Published::new(currency, BRL, selling).of(Series::Selling),
            ],
        );
    }
    Ok(days)
}

/// The day of `2026-03-02 13:09:26.433`, Brasília time as published.
fn published_day(text: &str) -> Result<NaiveDate, String> {
    let invalid = || format!("invalid dataHoraCotacao {text:?} (expected YYYY-MM-DD hh:mm:ss.sss)");
    let (date, time) = text.split_once(' ').ok_or_else(invalid)?;
    NaiveTime::parse_from_str(time, "%H:%M:%S%.f").map_err(|_| invalid())?;
    parse_date(date).map_err(|_| invalid())
}

/// The OData error body's message, if that is what it is.
fn explain(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<ErrorAnswer>(body)
        .ok()
        .map(|answer| answer.error.message)
        .filter(|message| !message.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const USD: &[u8] = include_bytes!("../../tests/fixtures/ptax/USD-2026-03-01-2026-03-07.json");
    const JPY: &[u8] = include_bytes!("../../tests/fixtures/ptax/JPY-2026-03-01-2026-03-07.json");

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn code(s: &str) -> CurrencyCode {
        s.parse().expect("code")
    }

    fn week() -> (NaiveDate, NaiveDate) {
        (day("2026-03-01"), day("2026-03-07"))
    }

    fn parse_week(body: &[u8], currency: &str) -> Result<Vec<String>, String> {
        let days = parse(body, code(currency), day("2026-03-09"), week())?;
        Ok(days
            .iter()
            .map(|(date, [buying, selling])| format!("{date} {buying} / {selling}"))
            .collect())
    }

    /// An answer holding `rows`.
    fn answer(rows: &str) -> String {
        format!(
            r#"{{"@odata.context":"https://was-p.bcnet.bcb.gov.br/olinda/servico/PTAX/versao/v1/odata$metadata#_CotacaoMoedaPeriodo","value":[{rows}]}}"#
        )
    }

    fn row(at: &str, buying: &str, selling: &str) -> String {
        format!(
            r#"{{"paridadeCompra":1.00000,"paridadeVenda":1.00000,"cotacaoCompra":{buying},"cotacaoVenda":{selling},"dataHoraCotacao":"{at}","tipoBoletim":"Fechamento"}}"#
        )
    }

    fn refusal(rows: &str) -> String {
        parse_week(answer(rows).as_bytes(), "USD").expect_err(rows)
    }

    #[test]
    fn the_recorded_weeks_parse_to_every_printed_digit() {
        assert_eq!(
            parse_week(USD, "USD"),
            Ok(vec![
                "2026-03-02 1 USD = 5.19950 BRL (buying) / 1 USD = 5.20010 BRL (selling)".into(),
                "2026-03-03 1 USD = 5.28640 BRL (buying) / 1 USD = 5.28700 BRL (selling)".into(),
                "2026-03-04 1 USD = 5.20850 BRL (buying) / 1 USD = 5.20910 BRL (selling)".into(),
                "2026-03-05 1 USD = 5.24410 BRL (buying) / 1 USD = 5.24470 BRL (selling)".into(),
                "2026-03-06 1 USD = 5.28720 BRL (buying) / 1 USD = 5.28780 BRL (selling)".into(),
            ])
        );
        let jpy = parse_week(JPY, "JPY").expect("JPY parses");
        assert_eq!(
            jpy[0],
            "2026-03-02 1 JPY = 0.03296 BRL (buying) / 1 JPY = 0.03297 BRL (selling)"
        );
        // The same figure both ways on 2026-03-06: two rows still.
        assert_eq!(
            jpy[4],
            "2026-03-06 1 JPY = 0.03355 BRL (buying) / 1 JPY = 0.03355 BRL (selling)"
        );
    }

    #[test]
    fn an_empty_value_is_no_day() {
        assert_eq!(parse_week(answer("").as_bytes(), "USD"), Ok(Vec::new()));
    }

    #[test]
    fn the_request_is_encoded_as_the_service_is_asked() {
        let http = HttpClient::new(&crate::http::HttpConfig::default());
        let ptax = Ptax {
            http: &http,
            base_url: INFO.default_url.to_owned(),
            selection: Selection::default(),
            today: day("2026-03-09"),
        };
        assert_eq!(
            ptax.url(CurrencyCode::USD, day("2026-03-01"), day("2026-03-07")),
            "https://olinda.bcb.gov.br/olinda/servico/PTAX/versao/v1/odata/\
             CotacaoMoedaPeriodo(moeda=@moeda,dataInicial=@dataInicial,dataFinalCotacao=@dataFinalCotacao)\
             ?$filter=tipoBoletim%20eq%20%27Fechamento%27&$format=json\
             &@dataFinalCotacao=%2703-07-2026%27&@dataInicial=%2703-01-2026%27&@moeda=%27USD%27"
        );
    }

    #[test]
    fn symbols_narrow_the_currencies_and_must_be_published() {
        let http = HttpClient::new(&crate::http::HttpConfig::default());
        let ptax = |symbols: &[&str]| Ptax {
            http: &http,
            base_url: INFO.default_url.to_owned(),
            selection: Selection {
                base: None,
                symbols: symbols.iter().map(|s| code(s)).collect(),
            },
            today: day("2026-03-09"),
        };
        assert_eq!(ptax(&[]).currencies().map(|c| c.len()).ok(), Some(10));
        let narrowed = ptax(&["USD", "EUR"]).currencies().expect("both published");
        assert_eq!(narrowed, [CurrencyCode::EUR, CurrencyCode::USD]);
        let err = ptax(&["USD", "CNY"]).currencies().expect_err("no CNY");
        assert_eq!(
            err.to_string(),
            "the ptax provider publishes no rate of CNY: its currencies are \
             AUD, CAD, CHF, DKK, EUR, GBP, JPY, NOK, SEK, USD (--symbols)"
        );
    }

    #[test]
    fn a_day_one_currency_lacks_refuses_its_answer() {
        let answered = |currency: &str, body: &[u8]| Answered {
            currency: code(currency),
            url: format!("https://ptax.example/{currency}"),
            days: parse(body, code(currency), day("2026-03-09"), week()).expect("parses"),
        };
        let days = whole_days(&[answered("JPY", JPY), answered("USD", USD)]).expect("whole");
        assert_eq!(days.len(), 5);
        assert!(days.iter().all(|day| day.rates().len() == 4));
        assert_eq!(
            days[0].rates()[3].to_string(),
            "1 USD = 5.20010 BRL (selling)"
        );

        let mut short = answered("JPY", JPY);
        short.days.remove(&day("2026-03-04"));
        let err = whole_days(&[answered("USD", USD), short]).expect_err("JPY lacks a day");
        assert_eq!(
            err.to_string(),
            "https://ptax.example/JPY: day 2026-03-04: no closing rate of JPY, \
             though USD has one (a day is stored whole)"
        );
    }

    #[test]
    fn broken_documents_are_refused() {
        let cut = parse_week(&USD[..USD.len() * 2 / 3], "USD");
        assert!(
            cut.expect_err("cut")
                .starts_with("the JSON document ends early")
        );
        let html = parse_week(b"<html><body>Request Rejected</body></html>", "USD");
        assert!(html.expect_err("html").starts_with("not JSON"));
        assert!(
            parse_week(b"{}", "USD")
                .expect_err("{}")
                .contains("missing field `value`")
        );
        let renamed = row("2026-03-02 13:09:26.433", "5.1995", "5.2001")
            .replace("cotacaoVenda", "cotacaoVendaX");
        assert!(refusal(&renamed).contains("missing field `cotacaoVenda`"));
    }

    #[test]
    fn bad_rows_are_refused_naming_the_day_and_currency() {
        for (buying, at, expected) in [
            (
                "-5.1",
                "2026-03-02 13:09:26.433",
                "day 2026-03-02, USD cotacaoCompra: invalid rate -5.1 (a rate must be greater than zero)",
            ),
            (
                "0.00000",
                "2026-03-02 13:09:26.433",
                "USD cotacaoCompra: invalid rate \"0.00000\"",
            ),
            (
                "\"5.1995\"",
                "2026-03-02 13:09:26.433",
                "USD cotacaoCompra: invalid rate \"5.1995\" (expected a number)",
            ),
            (
                "null",
                "2026-03-02 13:09:26.433",
                "USD cotacaoCompra: invalid rate null",
            ),
            (
                "5.1995",
                "2026-03-02",
                "invalid dataHoraCotacao \"2026-03-02\" (expected YYYY-MM-DD hh:mm:ss.sss)",
            ),
            (
                "5.1995",
                "02/03/2026 13:09:26",
                "invalid dataHoraCotacao \"02/03/2026 13:09:26\"",
            ),
            (
                "5.1995",
                "2026-03-02 25:09:26.433",
                "invalid dataHoraCotacao \"2026-03-02 25:09:26.433\"",
            ),
            (
                "5.1995",
                "2026-03-08 13:09:26.433",
                "day 2026-03-08 is outside the days asked for (2026-03-01..2026-03-07)",
            ),
            (
                "5.1995",
                "2999-01-04 13:09:26.433",
                "day 2999-01-04 is in the future",
            ),
        ] {
            let err = refusal(&row(at, buying, "5.2001"));
            assert!(err.contains(expected), "{buying} {at}: {err}");
        }
        let twice = format!(
            "{},{}",
            row("2026-03-02 13:09:26.433", "5.1995", "5.2001"),
            row("2026-03-02 13:09:26.433", "5.1995", "5.2001")
        );
        assert_eq!(
            refusal(&twice),
            "day 2026-03-02 follows 2026-03-02: repeated or out of order"
        );
        let intermediate = row("2026-03-02 10:08:22.219", "5.1995", "5.2001")
            .replace("Fechamento", "Intermediário");
        assert_eq!(
            refusal(&intermediate),
            "day 2026-03-02, USD: a bulletin of type \"Intermediário\", not the closing (Fechamento)"
        );
    }

    #[test]
    fn error_bodies_give_their_message() {
        let odata = br#"{"error":{"code":"400","message":"Parametro dataInicial invalido"}}"#;
        assert_eq!(
            explain(odata).as_deref(),
            Some("Parametro dataInicial invalido")
        );
        assert_eq!(explain(b"<html>502</html>"), None);
        assert_eq!(explain(br#"{"value":[]}"#), None);
    }
}
