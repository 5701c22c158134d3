//! `tcmb` against a loopback mirror of the TCMB's files: a week of
//! bulletins (2026-03-02..06, nine currencies each) stored exactly, each
//! printed figure a row of its series, the bulletin number kept. The
//! bulletins are written by hand in the format of the Bank's published
//! files (`tests/fixtures/tcmb/`); their figures are illustrative, not
//! recorded. Days without a file (the weekend) are the mirror's 404.

use crate::common::env::{Env, fixture, scalar};
use crate::common::http::Reply;
use crate::common::pg::{count_rates, row_versions, stored_series};

/// The mirror's path of the bulletin of `ddmmyyyy`, e.g. `02032026`.
fn day_file(ddmmyyyy: &str) -> String {
    let (month, year) = (&ddmmyyyy[2..4], &ddmmyyyy[4..]);
    format!("/tcmb/kurlar/{year}{month}/{ddmmyyyy}.xml")
}

const TODAY: &str = "/tcmb/kurlar/today.xml";

/// The week's days with a bulletin.
const BULLETINS: [&str; 5] = ["02032026", "03032026", "04032026", "05032026", "06032026"];

/// An environment with the schema, the week's bulletins routed, and
/// `today.xml` serving the Friday's.
fn env() -> Env {
    let env = Env::with_schema();
    for day in BULLETINS {
        let fixture = format!("tcmb/{}", &day_file(day)["/tcmb/kurlar/".len()..]);
        env.http.route(&day_file(day), Reply::file(&fixture));
    }
    env.http
        .route(TODAY, Reply::file("tcmb/202603/06032026.xml"));
    env
}

/// Monday to Sunday: five bulletins and a weekend without.
const WEEK: [&str; 4] = ["--from", "2026-03-02", "--to", "2026-03-08"];

const WEEK_STORED: &str =
    "tcmb: 5 days (2026-03-02..2026-03-06), 145 rates: 145 inserted, 0 updated, 0 unchanged\n";

#[test]
fn the_week_is_stored_exactly_each_figure_in_its_series() {
    let env = env();
    env.fetch("tcmb")
        .args(WEEK)
        .assert()
        .success()
        .stdout(WEEK_STORED)
        .stderr("");

    let request = env.http.recorded().pop().expect("a request");
    assert_eq!(request.header("accept"), Some("*/*"));
    // One request per calendar day, the weekend's answered 404.
    let asked: Vec<String> = [
        "02032026", "03032026", "04032026", "05032026", "06032026", "07032026", "08032026",
    ]
    .map(day_file)
    .into();
    assert_eq!(env.http.targets(), asked);
    let mut client = env.client();
    assert_eq!(count_rates(&mut client, "tcmb"), 145);
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM rates WHERE source <> 'tcmb'"
        ),
        "0"
    );
    // Nine currencies print a forex buying figure, eight a selling one
    // (not the SDR), six banknote figures; TRY is the quote of every row.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(series || ':' || n, ',' ORDER BY series) FROM \
             (SELECT series, count(*) AS n FROM rates WHERE quote = 'TRY' GROUP BY series) AS s"
        ),
        "banknote-buying:30,banknote-selling:30,buying:45,selling:40"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(DISTINCT base || ':' || unit, ',') FROM rates WHERE unit <> 1"
        ),
        "IRR:100,JPY:100"
    );
    for (date, code, series, expected) in [
        ("2026-03-02", "USD", "buying", "1 USD TRY 43.7782"),
        ("2026-03-02", "USD", "selling", "1 USD TRY 43.8570"),
        ("2026-03-02", "USD", "banknote-buying", "1 USD TRY 43.6642"),
        ("2026-03-02", "USD", "banknote-selling", "1 USD TRY 43.9710"),
        ("2026-03-02", "AUD", "banknote-buying", "1 AUD TRY 28.0600"),
        ("2026-03-02", "SEK", "selling", "1 SEK TRY 4.68658"),
        ("2026-03-02", "IRR", "selling", "100 IRR TRY 0.10442"),
        ("2026-03-06", "JPY", "buying", "100 JPY TRY 28.1483"),
        ("2026-03-06", "XDR", "buying", "1 XDR TRY 60.1060"),
    ] {
        assert_eq!(
            stored_series(&mut client, "tcmb", date, code, "TRY", series),
            expected,
            "{date} {code}"
        );
    }
    for (code, series) in [("XDR", "selling"), ("CNY", "banknote-buying")] {
        assert_eq!(
            stored_series(&mut client, "tcmb", "2026-03-02", code, "TRY", series),
            "NULL",
            "{code}"
        );
    }
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(reference, ', ' ORDER BY rate_date) \
             FROM publications WHERE source = 'tcmb'"
        ),
        "2026/41, 2026/42, 2026/43, 2026/44, 2026/45"
    );
}

#[test]
fn a_rerun_rewrites_nothing() {
    let env = env();
    env.fetch("tcmb").args(WEEK).assert().success();
    let mut client = env.client();
    let before = row_versions(&mut client, "tcmb", None);

    env.fetch("tcmb").args(WEEK).assert().success().stdout(
        "tcmb: 5 days (2026-03-02..2026-03-06), 145 rates: 0 inserted, 0 updated, 145 unchanged\n",
    );
    assert_eq!(
        row_versions(&mut client, "tcmb", None),
        before,
        "a row was rewritten"
    );
}

#[test]
fn a_catch_up_asks_only_for_the_days_after_the_newest_bulletin() {
    let env = env();
    env.fetch("tcmb").args(WEEK).assert().success();
    env.requested();
    // Monday's bulletin, as the Friday's with the figures of another day.
    let monday = fixture("tcmb/202603/06032026.xml")
        .replace("06.03.2026", "09.03.2026")
        .replace("03/06/2026", "03/09/2026")
        .replace("2026/45", "2026/46")
        .replace("43.9451", "44.0107");
    env.http.route(&day_file("09032026"), Reply::ok_xml(monday));

    let out = env
        .run_at("2026-03-10", &["fetch", "--provider", "tcmb"])
        .expect("catch-up");
    assert_eq!(
        out,
        "tcmb: 1 day (2026-03-09), 29 rates: 29 inserted, 0 updated, 0 unchanged"
    );
    assert_eq!(
        env.requested(),
        ["07032026", "08032026", "09032026", "10032026"].map(day_file)
    );
    assert_eq!(count_rates(&mut env.client(), "tcmb"), 145 + 29);
    assert_eq!(
        stored_series(
            &mut env.client(),
            "tcmb",
            "2026-03-09",
            "USD",
            "TRY",
            "buying"
        ),
        "1 USD TRY 44.0107"
    );
}

#[test]
fn a_day_without_a_bulletin_is_nothing_published() {
    let env = env();
    env.fetch("tcmb")
        .args(["--date", "2026-03-07"])
        .assert()
        .success()
        .stdout("tcmb: no rates published for 2026-03-07 (a Saturday); nothing stored\n")
        .stderr("");
    assert_eq!(env.requested(), [day_file("07032026")]);
    assert_eq!(count_rates(&mut env.client(), "tcmb"), 0);
}

#[test]
fn one_day_and_the_latest_bulletin() {
    let env = env();
    env.fetch("tcmb")
        .args(["--date", "2026-03-04"])
        .assert()
        .success()
        .stdout("tcmb: 1 day (2026-03-04), 29 rates: 29 inserted, 0 updated, 0 unchanged\n");
    env.client()
        .batch_execute("DELETE FROM rates")
        .expect("forget the day");
    // Nothing stored: a catch-up starts from the latest bulletin, dated
    // by its own attributes.
    env.fetch("tcmb")
        .assert()
        .success()
        .stdout("tcmb: 1 day (2026-03-06), 29 rates: 29 inserted, 0 updated, 0 unchanged\n");
    assert_eq!(env.requested(), [day_file("04032026"), TODAY.to_owned()]);
}

#[test]
fn symbols_keep_only_the_currencies_asked_for() {
    let env = env();
    env.fetch("tcmb")
        .args(["--from", "2026-03-02", "--to", "2026-03-06"])
        .args(["--symbols", "USD,XDR"])
        .assert()
        .success()
        .stdout(
            "tcmb: 5 days (2026-03-02..2026-03-06), 25 rates: 25 inserted, 0 updated, 0 unchanged\n",
        );
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT string_agg(DISTINCT base, ',') FROM rates WHERE source = 'tcmb'"
        ),
        "USD,XDR"
    );
}

/// Each series reads as printed; the Bank prints no mid, so a read must
/// name one; SQL agrees with `show`, on the weekend too (Friday's figures).
#[test]
fn each_series_reads_as_printed_and_a_read_without_one_names_them() {
    let env = env();
    env.fetch("tcmb").args(WEEK).assert().success();
    env.fxrates()
        .args([
            "show",
            "USD",
            "JPY",
            "--provider",
            "tcmb",
            "--series",
            "selling",
            "--date",
            "2026-03-04",
        ])
        .assert()
        .success()
        .stdout(
            "tcmb selling rates for 2026-03-04, 2026/43\n\
             AMOUNT        RATE  IN\n\
             1 USD =    43.9415  TRY\n\
             100 JPY =  28.1460  TRY\n",
        );
    env.fxrates()
        .args(["show", "USD", "--provider", "tcmb"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: tcmb published no mid rate for 2026-03-06: name a series \
             (banknote-buying, banknote-selling, buying, selling) (--series)\n",
        );
    assert_eq!(
        scalar(
            &mut env.client(),
            "SELECT fx_rate('USD', 'TRY', '2026-03-08', 'tcmb', 'banknote-selling')"
        ),
        stored_series(
            &mut env.client(),
            "tcmb",
            "2026-03-06",
            "USD",
            "TRY",
            "banknote-selling"
        )
        .trim_start_matches("1 USD TRY ")
    );
}
