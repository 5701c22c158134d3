//! `bcrp`'s own behaviour: the latest (the newest day of the last 14), a
//! day with one of its two rates `n.d.` (the other stored), the Spanish
//! month labels, and a figure's trailing zeros as dropped.

use crate::common::env::scalar;
use crate::common::pg::count_rates;
use crate::conformance::case::{at, mirrored, recorded, route};
use crate::conformance::cases::bcrp::{RECORDED, answer, case, html, html_file, range};

#[test]
fn the_latest_is_the_newest_day_of_the_last_fourteen() {
    let env = recorded("bcrp", &case());
    route(
        &env,
        "bcrp",
        &[at(range("2026-08-25", "2026-09-08"), html_file(RECORDED))],
    );
    let out = env
        .run_at("2026-09-08", &["fetch", "--provider", "bcrp"])
        .expect("the latest");
    assert_eq!(
        out,
        "bcrp: 1 day (2026-09-07), 2 rates: 2 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.http.targets(),
        [mirrored("bcrp", &range("2026-08-25", "2026-09-08"))]
    );
}

#[test]
fn spanish_labels_and_a_half_published_day_are_read() {
    let env = recorded("bcrp", &case());
    // `Ago`, `Dic`: the labels without `/ing`; the selling rate `n.d.`.
    let body = answer(&[("31.Ago.26", "3.4"), ("01.Set.26", "3.41")]).replacen("3.794", "n.d.", 1);
    route(
        &env,
        "bcrp",
        &[at(range("2026-08-31", "2026-09-01"), html(body))],
    );
    let out = env
        .run_at(
            "2026-09-08",
            &[
                "fetch",
                "--provider",
                "bcrp",
                "--from",
                "2026-08-31",
                "--to",
                "2026-09-01",
            ],
        )
        .expect("read");
    assert_eq!(
        out,
        "bcrp: 2 days (2026-08-31..2026-09-01), 3 rates: 3 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(count_rates(&mut env.client(), "bcrp"), 3);
    let buying = "SELECT rate::text FROM rates WHERE source = 'bcrp' AND rate_date = '2026-08-31' \
                  AND series = 'buying'";
    assert_eq!(scalar(&mut env.client(), buying), "3.4");
    let selling = "SELECT count(*) FROM rates WHERE source = 'bcrp' AND rate_date = '2026-08-31' \
                   AND series = 'selling'";
    assert_eq!(scalar(&mut env.client(), selling), "0");
}
