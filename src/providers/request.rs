//! The days a fetch asks a provider for ([`DayRequest`]), and the
//! arithmetic of cutting them to what one request of an API may ask
//! ([`spans`], [`year_spans`]) and of checking an answer against them
//! ([`check_asked`]).

use std::fmt;

use chrono::NaiveDate;

use crate::model::DayRates;

/// The days a fetch asks a provider for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayRequest {
    /// The newest day the provider has published.
    Latest,
    /// The rates of one day. A provider that answers a day without
    /// publication with the previous business day (Frankfurter) returns that
    /// day, under its own date; the others return nothing.
    Day(NaiveDate),
    /// Every published day from `from` to `to`, both included.
    Range { from: NaiveDate, to: NaiveDate },
}

impl DayRequest {
    /// Answers the request through `range`, for an API asked for days only
    /// by ranges: the latest published day is the newest of the `lookback`
    /// days up to `today`.
    pub fn by_ranges(
        self,
        today: NaiveDate,
        lookback: u64,
        range: impl FnOnce(NaiveDate, NaiveDate) -> anyhow::Result<Vec<DayRates>>,
    ) -> anyhow::Result<Vec<DayRates>> {
        match self {
            DayRequest::Latest => {
                let mut days = range(today - chrono::Days::new(lookback), today)?;
                Ok(days.pop().into_iter().collect())
            }
            DayRequest::Day(day) => range(day, day),
            DayRequest::Range { from, to } => range(from, to),
        }
    }
}

/// As a log line names it: `the latest published day`, `2024-06-28`,
/// `2024-06-20..2024-06-28`.
impl fmt::Display for DayRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DayRequest::Latest => f.write_str("the latest published day"),
            DayRequest::Day(day) => write!(f, "{day}"),
            DayRequest::Range { from, to } if from == to => write!(f, "{from}"),
            DayRequest::Range { from, to } => write!(f, "{from}..{to}"),
        }
    }
}

/// Checks the promises of the days a provider or one of its parsers
/// answered with: strictly increasing, none after `latest` (the day after
/// the last one the provider may have published: a publisher a time zone
/// ahead), each within `asked` when a range was asked for. `fetch` checks
/// every answer with it before anything is stored, and the parsers'
/// property tests and fuzz targets hold them to it.
pub fn check_answer(
    days: &[DayRates],
    asked: Option<(NaiveDate, NaiveDate)>,
    latest: NaiveDate,
) -> Result<(), String> {
    if let Some(pair) = days
        .windows(2)
        .find(|pair| pair[0].date() >= pair[1].date())
    {
        return Err(format!(
            "day {} comes after day {}",
            pair[0].date(),
            pair[1].date()
        ));
    }
    for day in days {
        if day.date() > latest {
            return Err(format!("day {} is after {latest}", day.date()));
        }
        if let Some((from, to)) = asked {
            // A day with a stated period answers every day of it: HMRC's
            // month dated the 1st answers a request for the 17th.
            if day
                .period_end()
                .is_none_or(|end| end < from || day.date() > to)
            {
                check_asked(day.date(), from, to)?;
            }
        }
    }
    Ok(())
}

/// Checks that `date` lies within the days asked for, `from` to `to`: a
/// document answering a range with a day outside it is refused whole.
pub fn check_asked(date: NaiveDate, from: NaiveDate, to: NaiveDate) -> Result<(), String> {
    if date < from || date > to {
        return Err(format!(
            "day {date} is outside the days asked for ({from}..{to})"
        ));
    }
    Ok(())
}

/// Splits `from..=to` into consecutive spans of at most `days` days each,
/// for APIs that limit the range of one request.
pub fn spans(from: NaiveDate, to: NaiveDate, days: u64) -> Vec<(NaiveDate, NaiveDate)> {
    let mut spans = Vec::new();
    let mut start = from;
    while start <= to {
        let end = (start + chrono::Days::new(days.max(1) - 1)).min(to);
        spans.push((start, end));
        start = end + chrono::Days::new(1);
    }
    spans
}

/// Splits `from..=to` at the turns of the calendar year, for APIs that
/// answer one year per request.
pub fn year_spans(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    use chrono::Datelike as _;
    let mut spans = Vec::new();
    let mut start = from;
    while start <= to {
        let year_end = NaiveDate::from_ymd_opt(start.year(), 12, 31).unwrap_or(to);
        let end = year_end.min(to);
        spans.push((start, end));
        start = end + chrono::Days::new(1);
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    #[test]
    fn a_day_with_a_stated_period_answers_any_day_of_it() {
        use crate::model::{CurrencyCode, Rate};
        let day = |s| parse_date(s).expect("date");
        let rate: Rate = "1.3452".parse().expect("rate");
        let august = DayRates::against(
            day("2026-08-01"),
            CurrencyCode::from_static(b"GBP"),
            vec![(CurrencyCode::USD, rate)],
        )
        .expect("day");
        let latest = day("2026-12-31");
        let asked = |from, to| Some((day(from), day(to)));
        let daily = std::slice::from_ref(&august);
        assert!(check_answer(daily, asked("2026-08-17", "2026-09-30"), latest).is_err());
        let month = [august.valid_until(day("2026-08-31")).expect("period")];
        assert!(check_answer(&month, asked("2026-08-17", "2026-09-30"), latest).is_ok());
        assert!(check_answer(&month, asked("2026-07-01", "2026-08-01"), latest).is_ok());
        assert!(check_answer(&month, asked("2026-09-01", "2026-09-30"), latest).is_err());
        assert!(check_answer(&month, asked("2026-07-01", "2026-07-31"), latest).is_err());
    }

    #[test]
    fn a_request_shows_as_plain_days_not_debug_output() {
        let day = |s| parse_date(s).expect("date");
        assert_eq!(DayRequest::Latest.to_string(), "the latest published day");
        assert_eq!(DayRequest::Day(day("2024-06-28")).to_string(), "2024-06-28");
        let range = DayRequest::Range {
            from: day("2024-06-20"),
            to: day("2026-11-28"),
        };
        assert_eq!(range.to_string(), "2024-06-20..2026-11-28");
        let one_day = DayRequest::Range {
            from: day("2024-06-28"),
            to: day("2024-06-28"),
        };
        assert_eq!(one_day.to_string(), "2024-06-28");
    }

    #[test]
    fn long_ranges_split_into_spans_and_calendar_years() {
        let day = |s| parse_date(s).expect("date");
        assert_eq!(
            spans(day("2026-01-01"), day("2026-01-10"), 4),
            [
                (day("2026-01-01"), day("2026-01-04")),
                (day("2026-01-05"), day("2026-01-08")),
                (day("2026-01-09"), day("2026-01-10")),
            ]
        );
        assert_eq!(
            year_spans(day("2024-12-30"), day("2026-01-02")),
            [
                (day("2024-12-30"), day("2024-12-31")),
                (day("2025-01-01"), day("2025-12-31")),
                (day("2026-01-01"), day("2026-01-02")),
            ]
        );
        assert_eq!(
            check_asked(day("2026-01-03"), day("2026-01-01"), day("2026-01-02")),
            Err("day 2026-01-03 is outside the days asked for (2026-01-01..2026-01-02)".to_owned())
        );
    }

    #[test]
    fn an_answer_must_be_in_order_asked_for_and_not_too_new() {
        let day = |s| parse_date(s).expect("date");
        let on = |date| {
            DayRates::against(
                day(date),
                crate::model::CurrencyCode::EUR,
                vec![("USD".parse().expect("code"), "1.5".parse().expect("rate"))],
            )
            .expect("day")
        };
        let days = [on("2026-01-05"), on("2026-01-06")];
        let asked = Some((day("2026-01-05"), day("2026-01-06")));
        assert_eq!(check_answer(&days, asked, day("2026-01-07")), Ok(()));
        assert_eq!(check_answer(&[], asked, day("2026-01-07")), Ok(()));
        assert_eq!(
            check_answer(
                &[on("2026-01-06"), on("2026-01-06")],
                None,
                day("2026-01-07")
            ),
            Err("day 2026-01-06 comes after day 2026-01-06".to_owned())
        );
        assert_eq!(
            check_answer(&days, None, day("2026-01-05")),
            Err("day 2026-01-06 is after 2026-01-05".to_owned())
        );
        assert_eq!(
            check_answer(
                &days,
                Some((day("2026-01-06"), day("2026-01-06"))),
                day("2026-01-07")
            ),
            Err("day 2026-01-05 is outside the days asked for (2026-01-06..2026-01-06)".to_owned())
        );
    }
}
