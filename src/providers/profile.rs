//! How a provider publishes, as its registry entry states it: how often
//! new days come ([`Release`], which `status` allows for) and whose figures
//! they are ([`Figures`], which `show` says).

use std::fmt;

use chrono::{Datelike as _, Days, NaiveDate, Weekday};

/// Whose figures a provider's rates are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figures {
    /// A publisher's own reference rates, as it printed them (a central
    /// bank's, or relayed unchanged, as Frankfurter's v1 relays the ECB's).
    Official,
    /// A blend the service computes from several publishers' rates: no
    /// publisher's official figure.
    Blended,
}

impl Figures {
    /// What `show` says of such rates, if anything: the one wording of it.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Figures::Official => None,
            Figures::Blended => Some("blended from several publishers, not an official rate"),
        }
    }
}

/// How often a provider publishes new days: what `status` allows for
/// before it calls a source stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Release {
    /// Each of its business days, the day itself.
    Daily,
    /// Once a week, on this weekday, with the days up to the one before
    /// (the Fed's H.10 comes on Mondays with the week before).
    Weekly(Weekday),
}

/// As `status` explains it: `daily`, `weekly, on Mondays`.
impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Release::Daily => f.write_str("daily"),
            Release::Weekly(weekday) => {
                write!(f, "weekly, on {}s", crate::model::name_of_weekday(*weekday))
            }
        }
    }
}

impl Release {
    /// The newest day a provider of this rhythm is due to have published
    /// by `today`, from which `status` counts `--max-age` back: `today` for
    /// a daily one. For a weekly one, the day before its latest release
    /// day, a release counted as due only from the second day after its
    /// weekday (a holiday may move it a day, and the run that fetches it
    /// may come after midnight UTC).
    pub fn covered_by(self, today: NaiveDate) -> NaiveDate {
        match self {
            Release::Daily => today,
            Release::Weekly(weekday) => {
                let due = today - Days::new(2);
                let since =
                    (7 + due.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
                due - Days::new(u64::from(since) + 1)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    #[test]
    fn a_weekly_release_covers_the_days_before_its_weekday_from_two_days_after() {
        let day = |s| parse_date(s).expect("date");
        let mondays = Release::Weekly(Weekday::Mon);
        // 2026-03-16 is a Monday: its release covers up to Sunday 03-15,
        // and is due from Wednesday on; until then, the one before is.
        for (today, covered) in [
            ("2026-03-16", "2026-03-08"),
            ("2026-03-17", "2026-03-08"),
            ("2026-03-18", "2026-03-15"),
            ("2026-03-19", "2026-03-15"),
            ("2026-03-22", "2026-03-15"),
            ("2026-03-24", "2026-03-15"),
            ("2026-03-25", "2026-03-22"),
        ] {
            assert_eq!(mondays.covered_by(day(today)), day(covered), "{today}");
        }
        assert_eq!(
            Release::Daily.covered_by(day("2026-03-19")),
            day("2026-03-19")
        );
        assert_eq!(mondays.to_string(), "weekly, on Mondays");
    }
}
