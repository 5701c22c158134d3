//! The Banco Central do Brasil's PTAX OData service: one request per
//! currency, the closing bulletin's buying and selling rates each a series
//! (BRL per one unit, no mid); the recorded week of USD and JPY
//! (2026-03-01..07), asked for with the very requests that were recorded.
//! An empty `value` for every currency is nothing published.

use fxrates::model::{CurrencyCode, Series};
use fxrates::providers::ptax;

use crate::common::http::Reply;
use crate::conformance::case::{Case, CatchUp, Nothing, Symbols, Window, at, target};
use crate::conformance::faults::{
    BadDocument, NothingIs, ProviderFaults, json_rate, json_rate_refusal, truncated,
};
use crate::conformance::parsers::{Parser, asked, today};

/// The service's period function.
pub const PERIOD: &str = "/CotacaoMoedaPeriodo(moeda=@moeda,dataInicial=@dataInicial,dataFinalCotacao=@dataFinalCotacao)";

/// The request of `currency`'s closing bulletins from `from` to `to`
/// (`MM-DD-YYYY`), encoded as the recorded requests were.
pub fn period(currency: &str, from: &str, to: &str) -> String {
    format!(
        "{PERIOD}?$filter=tipoBoletim%20eq%20%27Fechamento%27&$format=json\
         &@dataFinalCotacao=%27{to}%27&@dataInicial=%27{from}%27&@moeda=%27{currency}%27"
    )
}

/// The currencies the PTAX publishes, in the order fxrates asks for them.
pub const CURRENCIES: [&str; 10] = [
    "AUD", "CAD", "CHF", "DKK", "EUR", "GBP", "JPY", "NOK", "SEK", "USD",
];

/// The request of every currency from `from` to `to`, in turn.
fn every_currency(from: &str, to: &str) -> Vec<String> {
    CURRENCIES
        .iter()
        .map(|currency| period(currency, from, to))
        .collect()
}

/// An answer holding one closing row per `(day, buying, selling)`,
/// written by hand in the service's shape.
pub fn answer(rows: &[(&str, &str, &str)]) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|(day, buying, selling)| row(&format!("{day} 13:06:27.512"), buying, selling))
        .collect();
    document_of(&rows.join(","))
}

/// The recorded week, of USD and JPY.
pub const WEEK: &[&str] = &[
    "--from",
    "2026-03-01",
    "--to",
    "2026-03-07",
    "--symbols",
    "USD,JPY",
];

/// What the conformance suite runs and expects of this provider.
pub fn case() -> Case {
    let recorded = |currency| period(currency, "03-01-2026", "03-07-2026");
    let monday = |buying, selling| Reply::ok_json(answer(&[("2026-03-09", buying, selling)]));
    Case {
        request: target,
        method: "GET",
        accept: "*/*",
        window: Window {
            routes: ["USD", "JPY"]
                .map(|currency| {
                    at(
                        recorded(currency),
                        Reply::file(&format!("ptax/{currency}-2026-03-01-2026-03-07.json")),
                    )
                })
                .into(),
            args: WEEK,
            days: "5 days (2026-03-02..2026-03-06)",
            count: 20,
            // The very requests recorded, one per currency.
            requests: vec![recorded("JPY"), recorded("USD")],
            // Every row is `1 foreign = rate BRL`, buying and selling alike.
            shape: &["1 X BRL buying: 10", "1 X BRL selling: 10"],
            currencies: "JPY,USD",
            rows: &[
                ("2026-03-02", "buying", "1 USD BRL 5.19950"),
                ("2026-03-02", "selling", "1 USD BRL 5.20010"),
                ("2026-03-06", "selling", "1 USD BRL 5.28780"),
                ("2026-03-02", "buying", "1 JPY BRL 0.03296"),
                ("2026-03-03", "selling", "1 JPY BRL 0.03350"),
                ("2026-03-06", "buying", "1 JPY BRL 0.03355"),
                ("2026-03-06", "selling", "1 JPY BRL 0.03355"),
                ("2026-03-02", "mid", "USD BRL NULL"),
            ],
            references: "NULL",
        },
        catch_up: CatchUp {
            first: WEEK,
            routes: vec![
                at(period("JPY", "03-07-2026", "03-10-2026"), monday("0.03361", "0.03362")),
                at(period("USD", "03-07-2026", "03-10-2026"), monday("5.30120", "5.30180")),
            ],
            today: "2026-03-10",
            args: &["--symbols", "USD,JPY"],
            summary: "1 day (2026-03-09), 4 rates: 4 inserted, 0 revised, 0 unchanged",
            requests: vec![
                period("JPY", "03-07-2026", "03-10-2026"),
                period("USD", "03-07-2026", "03-10-2026"),
            ],
            total: 20 + 4,
            rows: &[("2026-03-09", "selling", "1 USD BRL 5.30180")],
            references: "NULL",
        },
        nothing: vec![
            Nothing {
                routes: vec![at(PERIOD, Reply::ok_json(answer(&[])))],
                args: &["--date", "2026-03-07"],
                at: None,
                says: "no rates published for 2026-03-07 (a Saturday); nothing stored",
                requests: every_currency("03-07-2026", "03-07-2026"),
            },
            Nothing {
                routes: vec![at(PERIOD, Reply::ok_json(answer(&[])))],
                args: &["--from", "2024-06-24", "--to", "2024-06-28"],
                at: None,
                says: "no rates published from 2024-06-24 to 2024-06-28; nothing stored",
                requests: every_currency("06-24-2024", "06-28-2024"),
            },
        ],
        symbols: Symbols {
            args: &["--from", "2026-03-01", "--to", "2026-03-07", "--symbols", "USD"],
            days: "5 days (2026-03-02..2026-03-06)",
            count: 10,
            currencies: "USD",
            requests: vec![recorded("USD")],
        },
    }
}

/// The fault table's week: one request per currency on one path, the
/// currency in the query; the faults are set up on the path, so the first
/// request (AUD) meets them. The week's fixture, written by hand in the
/// service's shape, answers every currency where a case heals.
pub const FAULTS: ProviderFaults = ProviderFaults {
    name: "ptax",
    path: PERIOD,
    query: "?$filter=tipoBoletim%20eq%20%27Fechamento%27&$format=json\
            &@dataFinalCotacao=%2706-28-2024%27&@dataInicial=%2706-24-2024%27&@moeda=%27AUD%27",
    fixture: "ptax/2024-06-24-2024-06-28.json",
    rest: &[],
    secrets: &[],
    document,
    refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json;charset=UTF-8;odata.metadata=minimal",
    nothing_published: NothingIs::NoDay,
};

/// A closing row of `at` (`YYYY-MM-DD hh:mm:ss.sss`).
pub fn row(at: &str, buying: &str, selling: &str) -> String {
    format!(
        r#"{{"paridadeCompra":1.00000,"paridadeVenda":1.00000,"cotacaoCompra":{buying},"cotacaoVenda":{selling},"dataHoraCotacao":"{at}","tipoBoletim":"Fechamento"}}"#
    )
}

/// An answer holding `rows`.
pub fn document_of(rows: &str) -> String {
    format!(
        r#"{{"@odata.context":"https://was-p.bcnet.bcb.gov.br/olinda/servico/PTAX/versao/v1/odata$metadata#_CotacaoMoedaPeriodo","value":[{rows}]}}"#
    )
}

const MONDAY: &str = "2024-06-24 13:04:25.771";

// The cases in the service's JSON, on Monday: "no day" an empty `value`
// (nothing published), "unknown root" the rows without their object,
// "missing attribute" a row without `cotacaoVenda`, "currency repeated"
// the day's row twice (the answer is one currency's).
fn document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => truncated(FAULTS.fixture),
        BadDocument::NoDay => document_of(""),
        BadDocument::UnknownRoot => format!("[{}]", row(MONDAY, "3.58710", "3.58990")),
        BadDocument::MissingAttribute => {
            document_of(&row(MONDAY, "3.58710", "3.58990").replace(r#""cotacaoVenda":3.58990,"#, ""))
        }
        BadDocument::Rate(rate) => document_of(&row(MONDAY, &json_rate(rate), "3.58990")),
        BadDocument::FutureDate => {
            document_of(&row("2999-01-04 13:04:25.771", "3.58710", "3.58990"))
        }
        BadDocument::RepeatedCurrency => document_of(&format!(
            "{},{}",
            row(MONDAY, "3.58710", "3.58990"),
            row(MONDAY, "3.58720", "3.59000")
        )),
    };
    text.into_bytes()
}

fn refusal(bad: BadDocument) -> String {
    match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an empty value is no fault for the PTAX"),
        // serde reads a struct from an array too: its first element is
        // taken for `value`, and a row is not a list.
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a sequence".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `cotacaoVenda`".to_owned()
        }
        BadDocument::Rate(rate) => json_rate_refusal("2024-06-24", "AUD cotacaoCompra", rate),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => {
            "day 2024-06-24 follows 2024-06-24: repeated or out of order".to_owned()
        }
    }
}

/// Its parsers, for the property tests and the fuzz target.
pub const PARSER: Parser = Parser {
    check,
    seeds: &[
        "ptax/USD-2026-03-01-2026-03-07.json",
        "ptax/JPY-2026-03-01-2026-03-07.json",
        "ptax/2024-06-24-2024-06-28.json",
    ],
    fuzz_target: "ptax_json",
};

/// The answer parser: the days it accepts lie in the range asked for.
fn check(bytes: &[u8]) {
    let (from, to) = asked();
    let usd: CurrencyCode = "USD".parse().expect("a code");
    if let Ok(days) = ptax::parse(bytes, usd, today(), (from, to)) {
        let latest = today().succ_opt().expect("a date");
        assert!(
            days.keys().all(|day| (from..=to.min(latest)).contains(day)),
            "a day outside the days asked for, or after today + 1"
        );
        // Each day is the asked currency's buying and selling rate in reais.
        let brl: CurrencyCode = "BRL".parse().expect("a code");
        assert!(days.values().all(|[buying, selling]| {
            [buying, selling]
                .iter()
                .all(|rate| rate.base == usd && rate.quote == brl)
                && (buying.series, selling.series) == (Series::Buying, Series::Selling)
        }));
    }
}
