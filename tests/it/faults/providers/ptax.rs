//! The PTAX's faults: a backfill of the week is one request per currency
//! on one path, the currency in the query; the faults are set up on the
//! path, so the first request (AUD) meets them. The week's fixture, written
//! by hand in the service's shape, answers every currency where a case
//! heals. Its empty `value` means "nothing published", so the generic
//! `a_document_without_a_day` case does not apply: tested below.

use super::formats::{json_rate, json_rate_refusal};
use super::*;

/// The Banco Central do Brasil's OData service, asked for AUD first.
pub(super) const PTAX: ProviderFaults = ProviderFaults {
    source: "ptax",
    base: "BRL",
    name: "ptax",
    url_var: "FXRATES_PTAX_URL",
    path: "/CotacaoMoedaPeriodo(moeda=@moeda,dataInicial=@dataInicial,dataFinalCotacao=@dataFinalCotacao)",
    query: "?$filter=tipoBoletim%20eq%20%27Fechamento%27&$format=json\
            &@dataFinalCotacao=%2706-28-2024%27&@dataInicial=%2706-24-2024%27&@moeda=%27AUD%27",
    fixture: "ptax/2024-06-24-2024-06-28.json",
    rest: &[],
    secrets: &[],
    document: ptax_document,
    refusal: ptax_refusal,
    html_refusal: "not JSON: expected value at line 1 column 1",
    content_type: "application/json;charset=UTF-8;odata.metadata=minimal",
};

provider_fault_tests!(&PTAX, where_nothing_published_is an_empty_document);

/// A closing row of `at` (`YYYY-MM-DD hh:mm:ss.sss`).
fn row(at: &str, buying: &str, selling: &str) -> String {
    format!(
        r#"{{"paridadeCompra":1.00000,"paridadeVenda":1.00000,"cotacaoCompra":{buying},"cotacaoVenda":{selling},"dataHoraCotacao":"{at}","tipoBoletim":"Fechamento"}}"#
    )
}

/// An answer holding `rows`.
fn answer(rows: &str) -> String {
    format!(
        r#"{{"@odata.context":"https://was-p.bcnet.bcb.gov.br/olinda/servico/PTAX/versao/v1/odata$metadata#_CotacaoMoedaPeriodo","value":[{rows}]}}"#
    )
}

const MONDAY: &str = "2024-06-24 13:04:25.771";

// The cases in the service's JSON, on Monday: "unknown root" the rows
// without their object, "missing attribute" a row without `cotacaoVenda`,
// "currency repeated" the day's row twice (the answer is one currency's).
fn ptax_document(bad: BadDocument) -> Vec<u8> {
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(PTAX.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => answer(""),
        BadDocument::UnknownRoot => format!("[{}]", row(MONDAY, "3.58710", "3.58990")),
        BadDocument::MissingAttribute => {
            answer(&row(MONDAY, "3.58710", "3.58990").replace(r#""cotacaoVenda":3.58990,"#, ""))
        }
        BadDocument::Rate(rate) => answer(&row(MONDAY, &json_rate(rate), "3.58990")),
        BadDocument::FutureDate => answer(&row("2999-01-04 13:04:25.771", "3.58710", "3.58990")),
        BadDocument::RepeatedCurrency => answer(&format!(
            "{},{}",
            row(MONDAY, "3.58710", "3.58990"),
            row(MONDAY, "3.58720", "3.59000")
        )),
    };
    text.into_bytes()
}

fn ptax_refusal(bad: BadDocument) -> String {
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

/// The target of `currency`'s request of the week.
fn target(currency: &str) -> String {
    let aud = format!("{}{}", PTAX.path, PTAX.query);
    aud.replace("%27AUD%27", &format!("%27{currency}%27"))
}

/// Serves `document` for the first currency and expects it refused with
/// `says`.
fn refused(world: &World, document: String, says: &str) -> Fault {
    world.env.http.route(PTAX.path, Reply::ok_json(document));
    Fault::fails(4, shown_url(world, &PTAX)).also(says)
}

#[test]
fn an_intermediate_bulletin() {
    run_fault(&PTAX, |world, _| {
        let document = answer(
            &row("2024-06-24 10:08:22.219", "3.58710", "3.58990")
                .replace("Fechamento", "Intermediário"),
        );
        refused(
            world,
            document,
            "day 2024-06-24, AUD: a bulletin of type \"Intermediário\", not the closing (Fechamento)",
        )
    });
}

#[test]
fn a_day_outside_the_backfill() {
    run_fault(&PTAX, |world, _| {
        let document = answer(&row("2024-06-21 13:02:26.110", "3.58710", "3.58990"));
        refused(
            world,
            document,
            "day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
        )
    });
}

/// Every currency answers the week but JPY, which lacks Wednesday: the
/// week is refused whole, naming JPY's request, though the other answers
/// were good.
#[test]
fn a_day_one_currency_lacks() {
    run_fault(&PTAX, |world, _| {
        let week = crate::common::env::fixture(PTAX.fixture);
        let wednesday = week
            .split("},{")
            .find(|row| row.contains("2024-06-26"))
            .expect("Wednesday's row")
            .to_owned();
        let without = week.replace(&format!("{wednesday}}},{{"), "");
        assert_ne!(without, week);
        world
            .env
            .http
            .route_target(&target("JPY"), Reply::ok_json(without));
        Fault::fails(4, world.env.http.url(&target("JPY"))).also(
            "day 2024-06-26: no closing rate of JPY, though AUD, CAD, CHF, DKK, EUR, GBP, \
             NOK, SEK, USD have one (a day is stored whole)",
        )
    });
}

/// An empty `value` from every currency is the PTAX's "nothing
/// published": the run succeeds, says so, stores nothing, records a
/// successful run and sends no email.
#[test]
fn an_empty_value_for_every_currency_is_no_rates_published_and_nothing_stored() {
    let world = World::new();
    world.env.http.route(PTAX.path, Reply::ok_json(answer("")));
    world.seed(PTAX.source, PTAX.base);
    let before = checksum(&world);

    let backfill: Vec<&str> = BACKFILL
        .iter()
        .copied()
        .filter(|arg| *arg != "--quiet")
        .collect();
    let output = world
        .fxrates()
        .args(&backfill)
        .env("FXRATES_PROVIDER", PTAX.name)
        .env(PTAX.url_var, world.env.http.base_url())
        .output()
        .expect("run fxrates");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "ptax: no rates published from 2024-06-24 to 2024-06-28; nothing stored\n"
    );
    let asked: Vec<String> = [
        "AUD", "CAD", "CHF", "DKK", "EUR", "GBP", "JPY", "NOK", "SEK", "USD",
    ]
    .map(target)
    .into();
    assert_eq!(world.env.http.targets(), asked);
    assert_eq!(checksum(&world), before, "the table changed");
    assert_eq!(runs(&mut world.env.client()), [(true, None)]);
    assert!(world.smtp.mails().is_empty(), "a success sent an email");
}
