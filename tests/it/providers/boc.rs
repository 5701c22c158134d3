//! `boc`'s own behaviour: the first run asks for the most recent
//! observation.

use crate::common::env::Env;
use crate::common::http::Reply;
use crate::conformance::case::mirrored;
use crate::conformance::cases::boc::group;

#[test]
fn the_first_run_takes_the_latest_day() {
    let env = Env::with_schema();
    let latest = mirrored("boc", &group("recent=1"));
    env.http.route_target(
        &latest,
        Reply::ok_json(
            r#"{"groupDetail":{"label":"Daily exchange rates"},"seriesDetail":{"FXUSDCAD":{"label":"USD/CAD"}},"observations":[{"d":"2026-03-18","FXUSDCAD":{"v":"1.3706"}}]}"#,
        ),
    );
    env.fetch("boc")
        .assert()
        .success()
        .stdout("boc: 1 day (2026-03-18), 1 rate: 1 inserted, 0 revised, 0 unchanged\n");
    assert_eq!(env.http.targets(), [latest]);
}
