//! `fbil`'s own behaviour: the latest (the newest day of the last 14), a
//! range across a new year asked a calendar year at a time, and days
//! listed newest first stored under their own dates.

use crate::common::env::scalar;
use crate::common::http::Reply;
use crate::conformance::case::{at, mirrored, recorded, route};
use crate::conformance::cases::fbil::{RECORDED, case, range, row};

#[test]
fn the_latest_is_the_newest_day_of_the_last_fourteen() {
    let env = recorded("fbil", &case());
    route(
        &env,
        "fbil",
        &[at(range("2026-03-08", "2026-03-22"), Reply::file(RECORDED))],
    );
    let out = env
        .run_at("2026-03-22", &["fetch", "--provider", "fbil"])
        .expect("the latest");
    assert_eq!(
        out,
        "fbil: 1 day (2026-03-20), 6 rates: 6 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.http.targets(),
        [mirrored("fbil", &range("2026-03-08", "2026-03-22"))]
    );
}

#[test]
fn a_range_across_a_new_year_is_asked_a_year_at_a_time_newest_first() {
    let env = recorded("fbil", &case());
    let december = format!(
        "[{},{}]",
        row("2025-12-31", "INR / 1 USD", "89.877400"),
        row("2025-12-30", "INR / 1 USD", "89.950000")
    );
    let january = format!("[{}]", row("2026-01-02", "INR / 10000 IDR", "53.760000"));
    route(
        &env,
        "fbil",
        &[
            at(range("2025-12-30", "2025-12-31"), Reply::ok_json(december)),
            at(range("2026-01-01", "2026-01-02"), Reply::ok_json(january)),
        ],
    );
    let out = env
        .run_at(
            "2026-01-05",
            &[
                "fetch",
                "--provider",
                "fbil",
                "--from",
                "2025-12-30",
                "--to",
                "2026-01-02",
            ],
        )
        .expect("read");
    assert_eq!(
        out,
        "fbil: 3 days (2025-12-30..2026-01-02), 3 rates: 3 inserted, 0 revised, 0 unchanged"
    );
    assert_eq!(
        env.http.targets(),
        [
            mirrored("fbil", &range("2025-12-30", "2025-12-31")),
            mirrored("fbil", &range("2026-01-01", "2026-01-02")),
        ]
    );
    let stored = |day: &str| {
        format!(
            "SELECT unit || ' ' || base || ' ' || rate::text FROM rates \
             WHERE source = 'fbil' AND rate_date = '{day}'"
        )
    };
    assert_eq!(
        scalar(&mut env.client(), &stored("2025-12-30")),
        "1 USD 89.950000"
    );
    assert_eq!(
        scalar(&mut env.client(), &stored("2026-01-02")),
        "10000 IDR 53.760000"
    );
}
