//! `ptax` against a loopback mirror of the Banco Central do Brasil's OData
//! service: the recorded closing rates of USD and JPY for 2026-03-01..07
//! stored exactly, buying and selling each a series, asked for with the
//! very requests that were recorded; every PTAX currency asked for in turn
//! when `--symbols` names none; and the reads that must name a series.

use crate::common::env::{Env, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, row_versions, stored_series};

/// The mirror's path of the service's period function.
const PERIOD: &str = "/ptax/CotacaoMoedaPeriodo(moeda=@moeda,dataInicial=@dataInicial,dataFinalCotacao=@dataFinalCotacao)";

/// The mirror's target of `currency`'s closing bulletins from `from` to
/// `to` (`MM-DD-YYYY`), encoded as the recorded requests were.
fn target(currency: &str, from: &str, to: &str) -> String {
    format!(
        "{PERIOD}?$filter=tipoBoletim%20eq%20%27Fechamento%27&$format=json\
         &@dataFinalCotacao=%27{to}%27&@dataInicial=%27{from}%27&@moeda=%27{currency}%27"
    )
}

/// The currencies the PTAX publishes, in the order fxrates asks for them.
const CURRENCIES: [&str; 10] = [
    "AUD", "CAD", "CHF", "DKK", "EUR", "GBP", "JPY", "NOK", "SEK", "USD",
];

/// An answer holding one closing row per `(day, buying, selling)`.
fn answer(rows: &[(&str, &str, &str)]) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|(day, buying, selling)| {
            format!(
                r#"{{"paridadeCompra":1.00000,"paridadeVenda":1.00000,"cotacaoCompra":{buying},"cotacaoVenda":{selling},"dataHoraCotacao":"{day} 13:06:27.512","tipoBoletim":"Fechamento"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"@odata.context":"https://was-p.bcnet.bcb.gov.br/olinda/servico/PTAX/versao/v1/odata$metadata#_CotacaoMoedaPeriodo","value":[{}]}}"#,
        rows.join(",")
    )
}

/// An environment with the schema and the recorded week of USD and JPY
/// routed at the requests that recorded them.
fn env() -> Env {
    let env = Env::with_schema();
    for currency in ["USD", "JPY"] {
        env.http.route_target(
            &target(currency, "03-01-2026", "03-07-2026"),
            Reply::file(&format!("ptax/{currency}-2026-03-01-2026-03-07.json")),
        );
    }
    env
}

/// The recorded week, of USD and JPY.
const WEEK: [&str; 6] = [
    "--from",
    "2026-03-01",
    "--to",
    "2026-03-07",
    "--symbols",
    "USD,JPY",
];

#[test]
fn the_recorded_week_is_stored_exactly_buying_and_selling() {
    let env = env();
    env.fetch("ptax")
        .args(WEEK)
        .assert()
        .success()
        .stdout("ptax: 5 days (2026-03-02..2026-03-06), 20 rates: 20 inserted, 0 updated, 0 unchanged\n")
        .stderr("");

    // The very requests recorded, one per currency.
    assert_eq!(
        env.http.targets(),
        [
            target("JPY", "03-01-2026", "03-07-2026"),
            target("USD", "03-01-2026", "03-07-2026"),
        ]
    );
    let request = env.http.recorded().pop().expect("a request");
    assert_eq!(request.header("accept"), Some("*/*"));
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "ptax"), 20);
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE source <> 'ptax'"
        ),
        "0"
    );
    // Every row is `1 foreign = rate BRL`, buying and selling alike.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(series || ':' || n, ',' ORDER BY series) FROM \
             (SELECT series, count(*) AS n FROM rates \
               WHERE quote = 'BRL' AND unit = 1 AND base IN ('USD', 'JPY') GROUP BY series) AS s"
        ),
        "buying:10,selling:10"
    );
    for (date, code, series, expected) in [
        ("2026-03-02", "USD", "buying", "1 USD BRL 5.19950"),
        ("2026-03-02", "USD", "selling", "1 USD BRL 5.20010"),
        ("2026-03-06", "USD", "selling", "1 USD BRL 5.28780"),
        ("2026-03-02", "JPY", "buying", "1 JPY BRL 0.03296"),
        ("2026-03-03", "JPY", "selling", "1 JPY BRL 0.03350"),
        ("2026-03-06", "JPY", "buying", "1 JPY BRL 0.03355"),
        ("2026-03-06", "JPY", "selling", "1 JPY BRL 0.03355"),
    ] {
        assert_eq!(
            stored_series(&mut client, "ptax", date, code, "BRL", series),
            expected,
            "{date} {code}"
        );
    }
    // fx_daily holds both series too, the weekend in force from Friday.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(series || ' ' || rate, ', ' ORDER BY series) FROM fx_daily \
             WHERE source = 'ptax' AND day = '2026-03-07' AND base = 'USD' AND quote = 'BRL'"
        ),
        "buying 5.28720, selling 5.28780"
    );
}

/// A dry run prints the buying and the selling rate of a day each on a
/// line of its own, its series last: two lines of one pair that differ
/// only in the figure would not say which is which.
#[test]
fn a_dry_run_names_the_series_of_each_rate() {
    let env = env();
    let output = env
        .fetch("ptax")
        .args(["--from", "2026-03-01", "--to", "2026-03-07"])
        .args(["--symbols", "USD", "--dry-run"])
        .output()
        .expect("fxrates runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 11, "{stdout}");
    assert_eq!(
        lines[..2],
        [
            "ptax\t2026-03-02\tUSD\tBRL\t1\t5.19950\tbuying",
            "ptax\t2026-03-02\tUSD\tBRL\t1\t5.20010\tselling",
        ]
    );
    assert_eq!(
        lines[10],
        "dry run: ptax: 5 days (2026-03-02..2026-03-06), 10 rates: would insert 10, update 0, \
         leave 0 unchanged; nothing written"
    );
    assert_eq!(count_rates(&mut env.client(), "ptax"), 0);
}

#[test]
fn a_rerun_rewrites_nothing() {
    let env = env();
    env.fetch("ptax").args(WEEK).assert().success();
    let mut client = env.client();
    let before = row_versions(&mut client, "ptax", None);
    env.fetch("ptax").args(WEEK).assert().success().stdout(
        "ptax: 5 days (2026-03-02..2026-03-06), 20 rates: 0 inserted, 0 updated, 20 unchanged\n",
    );
    assert_eq!(
        row_versions(&mut client, "ptax", None),
        before,
        "a row was rewritten"
    );
}

#[test]
fn a_catch_up_asks_only_for_the_days_after_the_newest_bulletin() {
    let env = env();
    env.fetch("ptax").args(WEEK).assert().success();
    env.http.take_requests();
    for (currency, buying, selling) in
        [("JPY", "0.03361", "0.03362"), ("USD", "5.30120", "5.30180")]
    {
        env.http.route_target(
            &target(currency, "03-07-2026", "03-10-2026"),
            Reply::ok_json(answer(&[("2026-03-09", buying, selling)])),
        );
    }
    let out = env
        .run_at(
            "2026-03-10",
            &["fetch", "--provider", "ptax", "--symbols", "USD,JPY"],
        )
        .expect("catch-up");
    assert_eq!(
        out,
        "ptax: 1 day (2026-03-09), 4 rates: 4 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(
        env.http.targets(),
        [
            target("JPY", "03-07-2026", "03-10-2026"),
            target("USD", "03-07-2026", "03-10-2026"),
        ]
    );
    assert_eq!(count_rates(&mut env.client(), "ptax"), 20 + 4);
    assert_eq!(
        stored_series(
            &mut env.client(),
            "ptax",
            "2026-03-09",
            "USD",
            "BRL",
            "selling"
        ),
        "1 USD BRL 5.30180"
    );
}

/// Without `--symbols`, one day is one request per PTAX currency, in
/// turn; every currency must answer the day.
#[test]
fn every_ptax_currency_is_asked_for_in_turn() {
    let env = Env::with_schema();
    for (i, currency) in CURRENCIES.iter().enumerate() {
        let buying = format!("{}.{:05}", 1 + i, 1000 * i + 1);
        let selling = format!("{}.{:05}", 1 + i, 1000 * i + 7);
        env.http.route_target(
            &target(currency, "03-02-2026", "03-02-2026"),
            Reply::ok_json(answer(&[("2026-03-02", &buying, &selling)])),
        );
    }
    env.fetch("ptax")
        .args(["--date", "2026-03-02"])
        .assert()
        .success()
        .stdout("ptax: 1 day (2026-03-02), 20 rates: 20 inserted, 0 updated, 0 unchanged\n");
    let asked: Vec<String> = CURRENCIES
        .iter()
        .map(|currency| target(currency, "03-02-2026", "03-02-2026"))
        .collect();
    assert_eq!(env.http.targets(), asked);
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(base || ' ' || rate, ', ' ORDER BY base) FROM rates \
             WHERE series = 'selling' AND base IN ('AUD', 'USD')"
        ),
        "AUD 1.00007, USD 10.09007"
    );
}

#[test]
fn an_empty_answer_for_every_currency_is_nothing_published() {
    let env = Env::with_schema();
    env.http.route(PERIOD, Reply::ok_json(answer(&[])));
    env.fetch("ptax")
        .args(["--date", "2026-03-07"])
        .assert()
        .success()
        .stdout("ptax: no rates published for 2026-03-07 (a Saturday); nothing stored\n")
        .stderr("");
    assert_eq!(env.http.targets().len(), CURRENCIES.len());
    assert_eq!(count_rates(&mut env.client(), "ptax"), 0);
}

#[test]
fn a_symbol_the_ptax_does_not_publish_is_a_usage_error() {
    let env = Env::with_schema();
    env.fetch("ptax")
        .args(["--symbols", "USD,CNY"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: fetching ptax rates: the ptax provider publishes no rate of CNY: its \
             currencies are AUD, CAD, CHF, DKK, EUR, GBP, JPY, NOK, SEK, USD (--symbols)\n",
        );
    assert!(env.http.targets().is_empty());
}

/// The PTAX prints no mid: a read names its series, and SQL gives the
/// figure as printed.
#[test]
fn show_and_fx_rate_read_each_series_as_printed() {
    let env = env();
    env.fetch("ptax").args(WEEK).assert().success();
    env.fxrates()
        .args(["show", "USD", "--provider", "ptax", "--series", "selling"])
        .assert()
        .success()
        .stdout(
            "ptax selling rates for 2026-03-06, 1 USD =\n\
             QUOTE     RATE\n\
             BRL    5.28780\n",
        );
    env.fxrates()
        .args(["show", "USD", "--provider", "ptax"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: ptax published no mid rate for 2026-03-06: name a series (buying, selling) (--series)\n",
        );
    let mut client = env.client();
    for (day, series, printed) in [
        ("2026-03-04", "selling", "5.20910"),
        ("2026-03-04", "buying", "5.20850"),
        ("2026-03-08", "selling", "5.28780"),
    ] {
        assert_eq!(
            scalar(
                &mut client,
                &format!("SELECT fx_rate('USD', 'BRL', '{day}', 'ptax', '{series}')")
            ),
            printed,
            "{day} {series}"
        );
    }
    env.fxrates()
        .args([
            "convert",
            "100",
            "USD",
            "BRL",
            "--source",
            "ptax",
            "--series",
            "selling",
            "--date",
            "2026-03-04",
        ])
        .assert()
        .success()
        .stdout("100 USD = 520.91 BRL (rate 5.20910, ptax selling 2026-03-04)\n");
}
