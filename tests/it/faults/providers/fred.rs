//! FRED's faults: a backfill of the week is one request per H.10 series,
//! all on one path, the series in the query with the API key; the faults
//! are set up on the path, so the first request (`DEXUSAL`) meets them,
//! and the key, a sentinel, must show nowhere. The week's fixture, written
//! by hand in FRED's shape, answers every series where a case heals. An
//! answer without an observation is nothing published, so the generic
//! `a_document_without_a_day` case does not apply: tested below.

use super::*;

/// The sentinel FRED API key: it goes in every request's query, and must
/// show nowhere. A macro, so that the query below can be built from it.
macro_rules! fred_api_key {
    () => {
        "SENTINEL-fred-api-key-7c4a"
    };
}

/// FRED below the mirror's root, asked for `DEXUSAL` (AUD) first.
pub(super) const FRED: ProviderFaults = ProviderFaults {
    source: "fred",
    base: "USD",
    name: "fred",
    url_var: "FXRATES_FRED_URL",
    path: "/series/observations",
    query: concat!(
        "?series_id=DEXUSAL&observation_start=2024-06-24&observation_end=2024-06-28",
        "&file_type=json&api_key=",
        fred_api_key!()
    ),
    fixture: "fred/2024-06-24..2024-06-28.json",
    rest: &[],
    secrets: &[("FXRATES_FRED_API_KEY", fred_api_key!())],
    document: fred_document,
    refusal: fred_refusal,
    html_refusal: "DEXUSAL: not JSON: expected value at line 1 column 1",
    content_type: "application/json; charset=UTF-8",
};

provider_fault_tests!(&FRED, where_nothing_published_is an_empty_document);

/// One observation: `value` is text in FRED's answers, a number or `"."`.
fn observation(date: &str, value: &str) -> String {
    format!(
        r#"{{"realtime_start":"2024-07-01","realtime_end":"2024-07-01","date":"{date}","value":"{value}"}}"#
    )
}

/// An answer of one series holding `observations`.
fn answer(observations: &str) -> String {
    format!(
        r#"{{"realtime_start":"2024-07-01","realtime_end":"2024-07-01","observation_start":"2024-06-24","observation_end":"2024-06-28","units":"lin","output_type":1,"file_type":"json","order_by":"observation_date","sort_order":"asc","offset":0,"limit":100000,"observations":[{observations}]}}"#
    )
}

// The cases in FRED's JSON, on Thursday: "unknown root" the observations
// without their object, "missing attribute" an observation without
// `value`, "currency repeated" the day listed twice (an answer is one
// series, so one currency). Every value is text, whatever it reads as.
fn fred_document(bad: BadDocument) -> Vec<u8> {
    let thursday = |value: &str| observation("2024-06-27", value);
    let text = match bad {
        BadDocument::Truncated => {
            let whole = crate::common::env::fixture(FRED.fixture);
            whole[..whole.len() * 2 / 3].to_owned()
        }
        BadDocument::NoDay => answer(""),
        BadDocument::UnknownRoot => format!("[{}]", thursday("0.6640")),
        BadDocument::MissingAttribute => {
            answer(&thursday("0.6640").replace(r#","value":"0.6640""#, ""))
        }
        BadDocument::Rate(rate) => answer(&thursday(rate)),
        BadDocument::FutureDate => answer(&observation("2999-01-04", "0.6640")),
        BadDocument::RepeatedCurrency => {
            answer(&format!("{},{}", thursday("0.6640"), thursday("0.6641")))
        }
    };
    text.into_bytes()
}

fn fred_refusal(bad: BadDocument) -> String {
    let refusal = match bad {
        BadDocument::Truncated => "the JSON document ends early".to_owned(),
        BadDocument::NoDay => unreachable!("an answer without an observation is no fault for FRED"),
        // serde reads a struct from an array too: its first element is
        // taken for `units`, and an observation is not a text.
        BadDocument::UnknownRoot => {
            "not the expected JSON document: invalid type: map, expected a string".to_owned()
        }
        BadDocument::MissingAttribute => {
            "not the expected JSON document: missing field `value`".to_owned()
        }
        // A value is text, read as a decimal: no JSON number to misread.
        BadDocument::Rate(rate) => format!("day 2024-06-27: invalid rate {rate:?}"),
        BadDocument::FutureDate => "day 2999-01-04 is in the future".to_owned(),
        BadDocument::RepeatedCurrency => "day 2024-06-27 is repeated or out of order".to_owned(),
    };
    format!("DEXUSAL: {refusal}")
}

/// The target of `series`'s request of the week, the key as sent.
fn target(series: &str) -> String {
    format!("{}{}", FRED.path, FRED.query).replace("DEXUSAL", series)
}

/// Serves `document` for the first series and expects it refused with
/// `says`.
fn refused(world: &World, document: String, says: &str) -> Fault {
    world.env.http.route(FRED.path, Reply::ok_json(document));
    Fault::fails(4, shown_url(world, &FRED)).also(says)
}

/// FRED can give a series as changes rather than levels (`units=pch`):
/// such an answer is not the rates as published.
#[test]
fn units_other_than_the_levels() {
    run_fault(&FRED, |world, _| {
        let document = answer(&observation("2024-06-27", "0.15")).replace("\"lin\"", "\"pch\"");
        refused(
            world,
            document,
            "DEXUSAL: units are \"pch\", not \"lin\" (the levels as published)",
        )
    });
}

#[test]
fn a_day_outside_the_backfill() {
    run_fault(&FRED, |world, _| {
        let document = answer(&observation("2024-06-21", "0.6652"));
        refused(
            world,
            document,
            "DEXUSAL: day 2024-06-21 is outside the days asked for (2024-06-24..2024-06-28)",
        )
    });
}

/// Every series answers the week but the last asked for, `DEXUSUK`, whose
/// answer is bad: the week is refused whole, naming that request (its key
/// hidden), though the 21 answers before it were good.
#[test]
fn a_bad_answer_from_the_last_series_refuses_the_week() {
    run_fault(&FRED, |world, _| {
        let last = target("DEXUSUK");
        world.env.http.route_target(
            &last,
            Reply::ok_json(answer(&observation("2024-06-27", "1.26x"))),
        );
        Fault::fails(4, hidden(&FRED, &world.env.http.url(&last)))
            .also("DEXUSUK: day 2024-06-27: invalid rate \"1.26x\"")
            .then(|world| assert_eq!(world.env.http.targets().len(), 22))
    });
}

/// An answer without an observation from every series is FRED's "nothing
/// published": the run succeeds, says so, stores nothing, records a
/// successful run and sends no email; every series was asked for, each
/// once, the key in the query.
#[test]
fn no_observation_from_any_series_is_no_rates_published_and_nothing_stored() {
    let world = World::new();
    world.env.http.route(FRED.path, Reply::ok_json(answer("")));
    world.seed(FRED.source, FRED.base);
    let before = checksum(&world);

    let backfill: Vec<&str> = BACKFILL
        .iter()
        .copied()
        .filter(|arg| *arg != "--quiet")
        .collect();
    let mut cmd = world.fxrates();
    cmd.args(&backfill)
        .env("FXRATES_PROVIDER", FRED.name)
        .env(FRED.url_var, world.env.http.base_url());
    for (name, value) in FRED.secrets {
        cmd.env(name, value);
    }
    let output = cmd.output().expect("run fxrates");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "fred: no rates published from 2024-06-24 to 2024-06-28; nothing stored\n"
    );
    let asked = world.env.http.targets();
    assert_eq!(asked.len(), 22, "{asked:?}");
    assert_eq!(asked[0], target("DEXUSAL"));
    let mut series: Vec<&str> = asked
        .iter()
        .filter_map(|target| target.split("series_id=").nth(1)?.split('&').next())
        .collect();
    series.sort_unstable();
    series.dedup();
    assert_eq!(series.len(), 22, "a series asked for twice: {asked:?}");
    assert_eq!(checksum(&world), before, "the table changed");
    assert_eq!(runs(&mut world.env.client()), [(true, None)]);
    assert!(world.smtp.mails().is_empty(), "a success sent an email");
    check_no_secret(&world, &output, &sentinel_secrets(FRED.secrets));
}
