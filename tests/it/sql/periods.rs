//! Figures with a stated validity period (`rates.valid_until`): in force
//! on every day of it and on no day after, a newer figure of the same pair
//! replacing one from its own day on (a US Treasury amendment), and every
//! reader (`fx_rate`, `fx_rate_detail`, `fx_daily`, `show`, `convert`,
//! `clean`) following the one rule. The rows are the Treasury's recorded
//! 2026 figures (USD per… as printed), stored by hand.

use crate::common::env::{Env, scalar};

/// The quarter of 2026-03-31 with its amendment of ILS from 2026-05-29,
/// and the quarter of 2026-06-30, each in force to the next quarter's end.
fn treasury() -> Env {
    let env = Env::with_schema();
    env.client()
        .batch_execute(
            "INSERT INTO fx_sources VALUES ('ust', 'USD') ON CONFLICT DO NOTHING;
             INSERT INTO rates (source, rate_date, base, quote, rate, valid_until) VALUES
                 ('ust', '2026-03-31', 'USD', 'EUR', 0.87, '2026-06-30'),
                 ('ust', '2026-03-31', 'USD', 'ILS', 3.165, '2026-06-30'),
                 ('ust', '2026-03-31', 'USD', 'JPY', 159.41, '2026-06-30');
             INSERT INTO rates (source, rate_date, base, quote, rate, valid_until) VALUES
                 ('ust', '2026-05-29', 'USD', 'ILS', 2.807, '2026-06-30');
             INSERT INTO rates (source, rate_date, base, quote, rate, valid_until) VALUES
                 ('ust', '2026-06-30', 'USD', 'EUR', 0.877, '2026-09-30'),
                 ('ust', '2026-06-30', 'USD', 'ILS', 2.977, '2026-09-30'),
                 ('ust', '2026-06-30', 'USD', 'JPY', 162.38, '2026-09-30');",
        )
        .expect("the Treasury's quarters");
    env
}

#[test]
fn a_figure_is_in_force_through_its_period_and_an_amendment_replaces_it_from_its_day() {
    let env = treasury();
    let mut client = env.client();
    let answers = scalar(
        &mut client,
        "SELECT string_agg(concat_ws(' ', d, coalesce(fx_rate('USD', 'ILS', d, 'ust')::text, '-'),
                                    coalesce(fx_rate('USD', 'JPY', d, 'ust')::text, '-'),
                                    coalesce(fx_rate('ILS', 'JPY', d, 'ust')::text, '-')), '; ' ORDER BY d)
           FROM unnest('{2026-03-30,2026-03-31,2026-05-28,2026-05-29,2026-06-29,2026-06-30,
                         2026-09-30,2026-10-01}'::date[]) AS d",
    );
    assert_eq!(
        answers,
        "2026-03-30 - - -; \
         2026-03-31 3.165 159.41 50.3665086887835703; \
         2026-05-28 3.165 159.41 50.3665086887835703; \
         2026-05-29 2.807 159.41 56.7901674385464909; \
         2026-06-29 2.807 159.41 56.7901674385464909; \
         2026-06-30 2.977 162.38 54.5448438024857239; \
         2026-09-30 2.977 162.38 54.5448438024857239; \
         2026-10-01 - - -"
    );
    // The detail names the figure read: a cross from the newer of its legs.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(concat_ws(' ', d.rate, d.rate_date, d.computed, d.valid_until), '; ')
               FROM unnest(ARRAY['JPY', 'ILS']) AS c,
                    fx_rate_detail('USD', c, '2026-06-01', 'ust') AS d"
        ),
        "159.41 2026-03-31 f 2026-06-30; 2.807 2026-05-29 f 2026-06-30"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT concat_ws(' ', d.rate_date, d.computed, d.valid_until)
               FROM fx_rate_detail('EUR', 'JPY', '2026-06-01', 'ust') AS d"
        ),
        "2026-03-31 t 2026-06-30"
    );
}

#[test]
fn fx_daily_holds_each_pair_in_force_once_a_direction_as_fx_rate_reads_it() {
    let env = treasury();
    let mut client = env.client();
    // 2026-03-31..2026-09-30: three pairs both ways on each of 184 days.
    assert_eq!(
        scalar(
            &mut client,
            "SELECT count(*) FROM fx_daily WHERE source = 'ust'"
        ),
        (184 * 6).to_string()
    );
    crate::sql::check_fx_daily_agrees(&mut client, "ust");
}

#[test]
fn show_and_convert_read_every_figure_in_force_and_say_to_when() {
    let env = treasury();
    let show = env
        .fxrates()
        .args(["show", "--source", "ust", "--date", "2026-06-01"])
        .output()
        .expect("show");
    assert!(show.status.success(), "{show:?}");
    let stdout = String::from_utf8_lossy(&show.stdout);
    assert!(
        stdout.starts_with("ust rates for 2026-05-29, in force to 2026-06-30"),
        "{stdout}"
    );
    for row in ["2.807", "159.41", "0.87"] {
        assert!(stdout.contains(row), "{row} missing: {stdout}");
    }
    env.fxrates()
        .args([
            "convert",
            "100",
            "USD",
            "ILS",
            "--source",
            "ust",
            "--date",
            "2026-06-01",
        ])
        .assert()
        .success()
        .stdout(
            "100 USD = 280.70 ILS (rate 2.807, ust 2026-05-29, in force to 2026-06-30, \
             the newest day on or before 2026-06-01)\n",
        );
    // After the period, nothing is in force: exit 7, and no guess.
    env.fxrates()
        .args([
            "convert",
            "100",
            "USD",
            "ILS",
            "--source",
            "ust",
            "--date",
            "2026-10-01",
        ])
        .assert()
        .code(7);
}

#[test]
fn clean_keeps_the_quarter_in_force_beside_its_newest_amendment() {
    let env = treasury();
    let mut client = env.client();
    client
        .batch_execute(
            "INSERT INTO rates (source, rate_date, base, quote, rate, valid_until) VALUES
                 ('ust', '2026-07-15', 'USD', 'ILS', 3.001, '2026-09-30')",
        )
        .expect("an amendment");
    env.run_at(
        "2026-08-01",
        &["clean", "--older-than", "10d", "--source", "ust"],
    )
    .expect("clean");
    assert_eq!(
        scalar(
            &mut client,
            "SELECT string_agg(DISTINCT rate_date::text, ',') FROM rates WHERE source = 'ust'"
        ),
        "2026-06-30,2026-07-15"
    );
    assert_eq!(
        scalar(
            &mut client,
            "SELECT concat_ws(' ', fx_rate('USD', 'JPY', '2026-08-01', 'ust'),
                                   fx_rate('USD', 'ILS', '2026-08-01', 'ust'))"
        ),
        "162.38 3.001"
    );
}
