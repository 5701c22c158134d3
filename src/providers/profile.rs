//! How a provider publishes, as its registry entry states it: how often
//! new days come ([`Release`]), on which days of its week ([`Week`]) and
//! how long it may close ([`Rhythm`], the one rule by which `status` calls
//! a source fresh), and whose figures they are ([`Figures`], which `show`
//! says).

use std::fmt;

use chrono::{Datelike as _, Days, NaiveDate, Weekday};

use crate::calendar::{Age, is_target_business_day};

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
    /// Once a month, a rate in force for a stated month (HMRC, InforEuro):
    /// `status` counts it fresh until that month ends.
    Monthly,
    /// Once a quarter, with amendments between (the US Treasury): `status`
    /// counts it fresh until the period it states ends.
    Quarterly,
}

/// As `status` explains it: `daily`, `weekly, on Mondays`.
impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Release::Daily => f.write_str("daily"),
            Release::Weekly(weekday) => {
                write!(f, "weekly, on {}s", crate::model::name_of_weekday(*weekday))
            }
            Release::Monthly => f.write_str("monthly, for a stated month"),
            Release::Quarterly => f.write_str("quarterly, for a stated period"),
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
            // A period source is judged by the end of the period it states,
            // not by the day it was published.
            Release::Daily | Release::Monthly | Release::Quarterly => today,
            Release::Weekly(weekday) => {
                let due = today - Days::new(2);
                let since =
                    (7 + due.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
                due - Days::new(u64::from(since) + 1)
            }
        }
    }
}

/// The days a publisher dates its rates by: its own business days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Week {
    /// Monday to Friday; its holidays, which fxrates does not know, are
    /// allowed for by its [`Rhythm::closure`].
    Weekdays,
    /// TARGET business days (the ECB's), whose closing days fxrates knows
    /// ([`is_target_business_day`]).
    Target,
    /// Every calendar day, weekends and holidays included (the NBU).
    EveryDay,
    /// Tuesday to Saturday: a publisher that dates each list by the day
    /// after it is set (the CBBH's list set on Friday is Saturday's).
    TuesdayToSaturday,
}

impl Week {
    /// Whether the publisher dates rates by `day`.
    pub fn is_open(self, day: NaiveDate) -> bool {
        match self {
            Week::Weekdays => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
            Week::Target => is_target_business_day(day),
            Week::EveryDay => true,
            Week::TuesdayToSaturday => !matches!(day.weekday(), Weekday::Sun | Weekday::Mon),
        }
    }

    /// Why the publisher dates no rates by `day`, when its week says so:
    /// `a Sunday`, TARGET's `Good Friday`, or `a Monday` for a
    /// Tuesday-to-Saturday publisher; `None` for a day it is due to date.
    /// A publisher of Monday-to-Friday weeks is given TARGET's named
    /// holidays, which most central banks close on too.
    pub fn closing_reason(self, day: NaiveDate) -> Option<&'static str> {
        match self {
            Week::Target | Week::Weekdays => crate::calendar::closing_reason(day),
            Week::EveryDay => None,
            Week::TuesdayToSaturday => match day.weekday() {
                Weekday::Sun => Some("a Sunday"),
                Weekday::Mon => Some("a Monday"),
                _ => None,
            },
        }
    }

    /// Whether `day` is a known holiday of the publisher: a weekday it is
    /// closed on. Such a day does not count towards `--max-age`.
    fn is_holiday(self, day: NaiveDate) -> bool {
        !self.is_open(day) && !self.is_weekend(day)
    }

    /// Whether `day` is one of the two days of the week it never dates:
    /// Saturday and Sunday, or Sunday and Monday for a Tuesday-to-Saturday
    /// publisher.
    fn is_weekend(self, day: NaiveDate) -> bool {
        match self {
            Week::TuesdayToSaturday => matches!(day.weekday(), Weekday::Sun | Weekday::Mon),
            _ => matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The latest of its days on or before `day`.
    fn open_on_or_before(self, mut day: NaiveDate) -> NaiveDate {
        // Every week has an open day among any seven in a row.
        for _ in 0..7 {
            if self.is_open(day) {
                break;
            }
            day = day.pred_opt().unwrap_or(day);
        }
        day
    }
}

/// As the docs and `status` name it: `Monday to Friday`.
impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Week::Weekdays => "Monday to Friday",
            Week::Target => "TARGET business days",
            Week::EveryDay => "every day",
            Week::TuesdayToSaturday => "Tuesday to Saturday",
        })
    }
}

/// A provider's publication rhythm as its registry entry states it, and the
/// one rule by which `status` judges a source fresh
/// ([`Rhythm::oldest_fresh_day`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rhythm {
    pub release: Release,
    pub week: Week,
    /// Its longest regular closure beside weekends and the holidays its
    /// [`Week`] knows, in days of its week: a holiday bridge, Christmas.
    pub closure: u32,
}

impl Rhythm {
    /// The newest day `status` requires by `today`, before `--max-age`:
    /// the latest day of the publisher's week its release is due to have
    /// covered ([`Release::covered_by`]), then [`Rhythm::closure`] days of
    /// its week further back.
    pub fn due(self, today: NaiveDate) -> NaiveDate {
        let mut due = self.week.open_on_or_before(self.release.covered_by(today));
        for _ in 0..self.closure {
            let before = due.pred_opt().unwrap_or(due);
            due = self.week.open_on_or_before(before);
        }
        due
    }

    /// The oldest day that counts as fresh by `today`: `max_age` back from
    /// the [`Rhythm::due`] day, each known holiday of the publisher inside
    /// that span adding a day. `NaiveDate::MIN` for an age reaching before
    /// the year 1.
    pub fn oldest_fresh_day(self, max_age: Age, today: NaiveDate) -> NaiveDate {
        let due = self.due(today);
        let Some(mut oldest) = max_age.cutoff(due) else {
            return NaiveDate::MIN;
        };
        let mut day = due;
        while day > oldest {
            if self.week.is_holiday(day) {
                oldest = oldest.pred_opt().unwrap_or(oldest);
            }
            day = day.pred_opt().unwrap_or(oldest);
        }
        oldest
    }
}

/// As `status` explains it: `daily (Monday to Friday, closures of up to 6
/// days allowed)`.
impl fmt::Display for Rhythm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}", self.release, self.week)?;
        if self.closure > 0 {
            write!(f, ", closures of up to {} days allowed", self.closure)?;
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("date")
    }

    fn four_days() -> Age {
        "4d".parse().expect("an age")
    }

    const DAILY: Rhythm = Rhythm {
        release: Release::Daily,
        week: Week::Weekdays,
        closure: 0,
    };

    #[test]
    fn each_week_names_the_days_it_never_dates() {
        let (saturday, monday, good_friday) =
            (day("2026-04-25"), day("2026-04-27"), day("2026-04-03"));
        assert_eq!(Week::Target.closing_reason(saturday), Some("a Saturday"));
        assert_eq!(
            Week::Weekdays.closing_reason(good_friday),
            Some("Good Friday")
        );
        assert_eq!(Week::Weekdays.closing_reason(monday), None);
        assert_eq!(Week::EveryDay.closing_reason(saturday), None);
        assert_eq!(Week::TuesdayToSaturday.closing_reason(saturday), None);
        assert_eq!(
            Week::TuesdayToSaturday.closing_reason(monday),
            Some("a Monday")
        );
        assert_eq!(Week::TuesdayToSaturday.closing_reason(good_friday), None);
    }

    #[test]
    fn on_weekdays_a_daily_rhythm_counts_max_age_back_from_today() {
        // Wednesday 2024-07-03: as `--max-age` always counted.
        assert_eq!(DAILY.due(day("2024-07-03")), day("2024-07-03"));
        assert_eq!(
            DAILY.oldest_fresh_day(four_days(), day("2024-07-03")),
            day("2024-06-29")
        );
    }

    #[test]
    fn a_weekend_counts_from_the_friday_before() {
        for today in ["2026-12-05", "2026-12-06"] {
            assert_eq!(DAILY.due(day(today)), day("2026-12-04"), "{today}");
            assert_eq!(
                DAILY.oldest_fresh_day(four_days(), day(today)),
                day("2026-11-30"),
                "{today}"
            );
        }
    }

    #[test]
    fn the_nbu_dates_every_day_and_counts_from_today() {
        let nbu = Rhythm {
            week: Week::EveryDay,
            ..DAILY
        };
        assert_eq!(nbu.due(day("2026-12-06")), day("2026-12-06"));
        assert_eq!(
            nbu.oldest_fresh_day(four_days(), day("2026-12-06")),
            day("2026-12-02")
        );
    }

    /// The CBBH dates its lists Tuesday to Saturday: on Sunday and Monday
    /// Saturday's list is the one due, and a Monday is no holiday.
    #[test]
    fn a_tuesday_to_saturday_week_counts_from_the_saturday_before() {
        let cbbh = Rhythm {
            week: Week::TuesdayToSaturday,
            ..DAILY
        };
        for today in ["2026-12-05", "2026-12-06", "2026-12-07"] {
            assert_eq!(cbbh.due(day(today)), day("2026-12-05"), "{today}");
        }
        assert_eq!(cbbh.due(day("2026-12-08")), day("2026-12-08"));
        assert_eq!(
            cbbh.oldest_fresh_day("7d".parse().expect("an age"), day("2026-12-07")),
            day("2026-11-28")
        );
        assert_eq!(Week::TuesdayToSaturday.to_string(), "Tuesday to Saturday");
    }

    /// A nine-day holiday bridge at the TCMB (Kurban Bayramı 2026 made one
    /// of Saturday 23 May to Sunday 31 May): its last bulletin before it is
    /// Friday's, which stays fresh until the week after.
    #[test]
    fn a_tcmb_holiday_bridge_is_no_staleness() {
        let tcmb = Rhythm {
            closure: 6,
            ..DAILY
        };
        let last = day("2026-05-22");
        for today in ["2026-05-27", "2026-05-31", "2026-06-01", "2026-06-03"] {
            assert!(
                tcmb.oldest_fresh_day(four_days(), day(today)) <= last,
                "{today}"
            );
            assert!(DAILY.oldest_fresh_day(four_days(), day(today)) > last);
        }
        assert_eq!(tcmb.due(day("2026-06-01")), last);
        // A week after it reopened, a bulletin of before it is stale.
        assert!(tcmb.oldest_fresh_day(four_days(), day("2026-06-08")) > last);
    }

    /// Christmas 2025 at the CNB: no fixing on 24, 25 and 26 December
    /// (Wednesday to Friday), then the weekend.
    #[test]
    fn christmas_at_the_cnb_is_no_staleness() {
        let cnb = Rhythm {
            closure: 3,
            ..DAILY
        };
        // Monday morning, before its fixing: the 23rd is still fresh.
        assert_eq!(cnb.due(day("2025-12-29")), day("2025-12-24"));
        assert_eq!(
            cnb.oldest_fresh_day(four_days(), day("2025-12-29")),
            day("2025-12-20")
        );
        assert!(DAILY.oldest_fresh_day(four_days(), day("2025-12-29")) > day("2025-12-23"));
    }

    /// TARGET closes on Good Friday and Easter Monday: on the Tuesday after,
    /// before the ECB publishes, its Thursday is fresh, as its Christmas Eve
    /// is on the Monday after Christmas 2025.
    #[test]
    fn target_holidays_do_not_count_towards_max_age() {
        let ecb = Rhythm {
            week: Week::Target,
            ..DAILY
        };
        assert_eq!(
            ecb.oldest_fresh_day(four_days(), day("2026-04-07")),
            day("2026-04-01")
        );
        assert_eq!(
            ecb.oldest_fresh_day(four_days(), day("2025-12-29")),
            day("2025-12-23")
        );
        // An ordinary Wednesday counts as ever.
        assert_eq!(
            ecb.oldest_fresh_day(four_days(), day("2024-07-03")),
            day("2024-06-29")
        );
    }

    /// FRED's H.10 dates Monday to Friday and comes weekly: counted from
    /// the Friday its latest due release ends with.
    #[test]
    fn a_weekly_release_counts_from_the_last_weekday_it_covers() {
        let fred = Rhythm {
            release: Release::Weekly(Weekday::Mon),
            week: Week::Weekdays,
            closure: 0,
        };
        assert_eq!(fred.due(day("2026-03-19")), day("2026-03-13"));
        assert_eq!(
            fred.oldest_fresh_day(four_days(), day("2026-03-25")),
            day("2026-03-16")
        );
        assert_eq!(fred.to_string(), "weekly, on Mondays (Monday to Friday)");
        assert_eq!(
            Rhythm {
                closure: 6,
                ..DAILY
            }
            .to_string(),
            "daily (Monday to Friday, closures of up to 6 days allowed)"
        );
    }

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
