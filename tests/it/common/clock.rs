//! The real date, for the few tests whose point is that the built binary
//! reads the clock itself. The binary reads it a moment after the test
//! does, so around midnight (UTC) the two can see different days: such a
//! test reads the date before the run and again after it, and accepts the
//! answer for either day. Every other test fixes the day instead
//! ([`Env::run_at`](super::env::Env::run_at), or explicit dates).

use chrono::{NaiveDate, Utc};

/// Today's date (UTC) as the test reads it. A binary run after it may
/// already be on the next day: only for what either day answers alike
/// (a row dated today is fresh on both), else use [`RealToday`].
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The days a run of the binary may have taken for today: from the date
/// read when this was made to the date when its answer is checked.
#[derive(Debug)]
pub struct RealToday {
    first: NaiveDate,
}

impl RealToday {
    /// Reads the date: before the run, and before storing anything dated
    /// from it.
    pub fn read() -> RealToday {
        RealToday { first: today() }
    }

    /// The date read first, to date what the test stores.
    pub fn first(&self) -> NaiveDate {
        self.first
    }

    /// Asserts that `actual` is `expected(day)` for a day from the first
    /// date read to today's: what the run printed, taking that day for today.
    pub fn assert_answer(&self, actual: &str, expected: impl Fn(NaiveDate) -> String) {
        let last = today();
        let answers: Vec<String> = self
            .first
            .iter_days()
            .take_while(|day| *day <= last)
            .map(expected)
            .collect();
        assert!(
            answers.iter().any(|answer| answer == actual),
            "{actual:?} is not the answer for any day from {} to {last}: {answers:?}",
            self.first
        );
    }
}
