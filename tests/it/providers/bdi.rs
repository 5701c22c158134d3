//! `bdi`'s own behaviour: a range asked for one calendar day at a time, the
//! latest list looked for from today back, a code of several countries
//! stored once, and a list printing another convention refused whole.

use crate::common::env::{Env, fixture, scalar};
use crate::common::http::Reply;
use crate::conformance::case::{mirrored, recorded};
use crate::conformance::cases::bdi::{DAILY, case, daily, no_list};

/// Asked on Tuesday 10 February before the day's list: today's is the
/// header alone, Monday's the recorded list.
#[test]
fn the_latest_list_is_looked_for_from_today_back() {
    let env = recorded("bdi", &case());
    env.http
        .route_target(&mirrored("bdi", &daily("2026-02-10")), no_list());
    let out = env
        .run_at("2026-02-10", &["fetch", "--provider", "bdi"])
        .expect("the latest list");
    assert_eq!(
        out,
        "bdi: 1 day (2026-02-09), 150 rates: 150 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.http.targets(),
        [
            mirrored("bdi", &daily("2026-02-10")),
            mirrored("bdi", &daily("2026-02-09")),
        ]
    );
}

/// A week is seven requests, the weekend's answered by the header alone.
#[test]
fn a_range_is_one_request_per_calendar_day() {
    let env = recorded("bdi", &case());
    env.http.route(&mirrored("bdi", DAILY), no_list());
    env.fetch("bdi")
        .args(["--from", "2026-02-07", "--to", "2026-02-09"])
        .assert()
        .success()
        .stdout("bdi: 1 day (2026-02-09), 150 rates: 150 inserted, 0 revised, 0 unchanged\n");
    let asked: Vec<String> = ["2026-02-07", "2026-02-08", "2026-02-09"]
        .iter()
        .map(|day| mirrored("bdi", &daily(day)))
        .collect();
    assert_eq!(env.http.targets(), asked);
    let xof = "SELECT count(*) FROM rates WHERE source = 'bdi' AND quote = 'XOF'";
    assert_eq!(scalar(&mut env.client(), xof), "1");
}

/// A list in the other direction is refused, never inverted: exit 4, the
/// line and the convention named.
#[test]
fn another_rate_convention_refuses_the_list() {
    let env = Env::with_schema();
    let inverted = fixture("bdi/2026-02-09.csv").replacen(
        "96.74,Foreign currency amount for 1 Euro.",
        "0.010337,Euro amount for 1 unit of foreign currency.",
        1,
    );
    let path = mirrored("bdi", &daily("2026-02-09"));
    env.http.route_target(
        &path,
        Reply::Body {
            status: 200,
            content_type: "text/csv",
            body: inverted.into_bytes(),
        },
    );
    env.fetch("bdi")
        .args(["--date", "2026-02-09"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(format!(
            "error: fetching bdi rates: {}: line 3: the rate convention is \"Euro amount for 1 \
             unit of foreign currency.\", not \"Foreign currency amount for 1 Euro.\"\n",
            env.http.url(&path)
        ));
}
