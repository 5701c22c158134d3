//! The read path of `show` and `convert`: which source and which day answer,
//! and the rate of a pair on that day.
//!
//! The rules live in the database, in the functions applications call too
//! (`fx_in_force`, `fx_lookup`; see `sql/0006_read_path.sql`), so that
//! `fxrates show` and `SELECT fx_rate(…)` cannot disagree: a read asks for a
//! day (`--date`, else today, as `fx_rate(…, current_date)`); a day without
//! publication reads the newest publication day before it, within the
//! look-back; a pair the publisher printed is read exactly as printed;
//! any other pair is computed through the publisher's home currency in
//! `numeric` (never binary floating point). This module asks and presents:
//! a computed rate is shown rounded to [`SIGNIFICANT_DIGITS`] significant
//! digits, half away from zero; a printed one as printed.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::Error;
use crate::model::{CurrencyCode, Series, Unit};
pub use crate::model::{ReadRate, SIGNIFICANT_DIGITS, significant};
use crate::providers::{Figures, ProviderName};
use crate::store::{InForce, Store, StoredRate};

/// `ptax selling`, or `ecb` for a mid: how outputs name what they read.
pub fn source_label(source: &str, series: Series) -> String {
    match series {
        Series::Mid => source.to_owned(),
        series => format!("{source} {series}"),
    }
}

/// Whose figures a source's rows are: its provider's, official for a
/// source fxrates has no provider for.
pub fn figures(source: &str) -> Figures {
    ProviderName::find(source).map_or(Figures::Official, |provider| provider.info().figures)
}

/// Where a read looks: `--source`, or the provider order (then any other
/// source with rates); and which of the source's rates it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sources {
    /// `--source`: this one only.
    pub explicit: Option<String>,
    /// Without `--source`, the sources to read, first choice first.
    pub order: Vec<String>,
    /// `--series`: which rate of a pair; `None` reads the mid (a source
    /// without one needs a series named).
    pub series: Option<Series>,
}

impl Sources {
    /// The list and whether other sources may answer, as the SQL rule takes them.
    fn as_sql(&self) -> (Vec<String>, bool) {
        match &self.explicit {
            Some(source) => (vec![source.clone()], false),
            None => (self.order.clone(), true),
        }
    }
}

/// The rows printed on the day a reader asked for, and by whom.
#[derive(Clone, Debug)]
pub struct StoredDay {
    pub source: String,
    /// The day read: the one asked for, or the newest publication before it.
    pub date: NaiveDate,
    /// The day asked for: `--date`, else today.
    pub requested: NaiveDate,
    /// The series read.
    pub series: Series,
    pub table: DayTable,
    /// The last day the figures read are all in force, when their
    /// publisher states a period (HMRC's month): the earliest end among
    /// them.
    pub valid_until: Option<NaiveDate>,
}

/// Finds the source and the day that answer for `requested` by the rule of
/// `fx_in_force` (the one `fx_rate` follows), and loads that day's printed
/// rows around its home currency. Nothing in force is [`Error::NoRates`].
pub fn read_day(
    store: &mut Store,
    sources: &Sources,
    requested: NaiveDate,
) -> anyhow::Result<StoredDay> {
    let (list, others) = sources.as_sql();
    let Some(InForce { source, date, home }) = store.in_force(requested, &list, others)? else {
        return Err(nothing_in_force(store, sources, requested)?.into());
    };
    let series = store.series_in_force(&source, date, sources.series)?;
    let figures = store.day_rates(&source, requested, series)?;
    if figures.is_empty() {
        return Err(Error::NoRates(format!("no rates stored by {source} for {date}")).into());
    }
    let rows: Vec<StoredRate> = figures.iter().map(|figure| figure.row).collect();
    Ok(StoredDay {
        table: DayTable::around(&rows, home),
        valid_until: figures.iter().filter_map(|figure| figure.valid_until).min(),
        source,
        date,
        requested,
        series,
    })
}

/// Why nothing answers on `day`: no rates at all, none of that source,
/// stored days that all end before the look-back (the store has fallen
/// behind: a fetch catches up), or none in the look-back before a day
/// with newer ones stored after it.
fn nothing_in_force(store: &mut Store, sources: &Sources, day: NaiveDate) -> anyhow::Result<Error> {
    let what = match &sources.explicit {
        Some(name) => format!("no {name} rates"),
        None => "no rates".to_owned(),
    };
    let stored = store.stored_sources()?;
    // Without --source any source may answer (`others`), so any one's days count.
    let newest = stored
        .iter()
        .filter(|(name, _)| sources.explicit.as_ref().is_none_or(|only| only == name))
        .map(|(_, newest)| *newest)
        .max();
    Ok(Error::NoRates(nothing_in_force_message(
        &what, &stored, newest, day,
    )))
}

/// The line of [`nothing_in_force`], from what is stored: every source's
/// newest day, and the newest of those a read of `what` may use.
fn nothing_in_force_message(
    what: &str,
    stored: &[(String, NaiveDate)],
    newest: Option<NaiveDate>,
    day: NaiveDate,
) -> String {
    match newest {
        None if stored.is_empty() => format!("{what} stored yet: run `fxrates fetch`"),
        None => format!(
            "{what} stored (sources with rates: {})",
            stored
                .iter()
                .map(|(name, _)| name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Some(newest) if newest < day => format!(
            "{what} in force on {day}: the newest stored day is {newest}, {} before \
             (run `fxrates fetch`)",
            crate::render::count(
                day.signed_duration_since(newest).num_days().unsigned_abs(),
                "day"
            )
        ),
        Some(_) => format!(
            "{what} in force on {day} (none stored from {} to {day})",
            day - chrono::Days::new(u64::from(LOOKBACK_DAYS))
        ),
    }
}

/// How many days back a day without publication looks for the rate in
/// force: `fx_lookback()` of the schema, which a test holds to this value.
pub const LOOKBACK_DAYS: u32 = 10;

impl StoredDay {
    /// The rate of each of `symbols` against `base` on this day, by the
    /// database's rule, or [`Error::NoRates`] naming every symbol without one.
    pub fn rates(
        &self,
        store: &mut Store,
        base: CurrencyCode,
        symbols: &[CurrencyCode],
    ) -> anyhow::Result<Vec<(CurrencyCode, ReadRate)>> {
        if !self.table.knows(base) {
            return Err(self.missing(&[base]).into());
        }
        let mut rates = Vec::with_capacity(symbols.len());
        let mut missing = Vec::new();
        for &symbol in symbols {
            match store.lookup(base, symbol, self.date, &self.source, self.series)? {
                Some(rate) => rates.push((symbol, rate)),
                None => missing.push(symbol),
            }
        }
        if missing.is_empty() {
            Ok(rates)
        } else {
            Err(self.missing(&missing).into())
        }
    }

    /// Each of `symbols` (every stored currency when empty) in the pair the
    /// publisher printed it in, exactly as printed.
    pub fn printed(
        &self,
        symbols: &[CurrencyCode],
    ) -> Result<Vec<(CurrencyCode, CurrencyCode, ReadRate)>, Error> {
        let all: Vec<CurrencyCode>;
        let symbols = if symbols.is_empty() {
            all = self.table.currencies_besides(self.table.home);
            &all
        } else {
            symbols
        };
        let mut rates = Vec::with_capacity(symbols.len());
        let mut missing = Vec::new();
        for &symbol in symbols {
            match self.table.printed(symbol) {
                Some(rate) => rates.push(rate),
                None => missing.push(symbol),
            }
        }
        if missing.is_empty() {
            Ok(rates)
        } else {
            Err(self.missing(&missing))
        }
    }

    fn missing(&self, codes: &[CurrencyCode]) -> Error {
        let names: Vec<&str> = codes.iter().map(CurrencyCode::as_str).collect();
        Error::NoRates(format!(
            "no {} rate stored by {} for {}{}",
            names.join(", "),
            self.source,
            self.date,
            fallback_note(self.requested, self.date)
        ))
    }

    /// The day asked for, when the day read is an earlier one.
    pub fn fell_back_from(&self) -> Option<NaiveDate> {
        Some(self.requested).filter(|asked| *asked != self.date)
    }
}

/// `" (the newest day on or before 2024-06-30)"` when the day read is not
/// the day asked for: the one wording every output uses.
pub fn fallback_note(requested: NaiveDate, read: NaiveDate) -> String {
    if requested == read {
        String::new()
    } else {
        format!(" (the newest day on or before {requested})")
    }
}

/// `", in force to 2026-08-31"` after the day read, when its publisher
/// states the period its figures are in force: the one wording of it.
pub fn period_note(valid_until: Option<NaiveDate>) -> String {
    valid_until.map_or_else(String::new, |until| format!(", in force to {until}"))
}

/// The source a history reads, and its series: `--source`, else the first
/// of the order with rates from `from` to `to`, else any other source with
/// some (the newest first, then by name), by the rule of
/// `fx_history_source`. The series is the one in force on the source's
/// newest day of the range, by the rule of `fx_series`.
pub fn history_source(
    store: &mut Store,
    sources: &Sources,
    from: NaiveDate,
    to: NaiveDate,
) -> anyhow::Result<Option<(String, Series)>> {
    let (list, others) = sources.as_sql();
    let Some((source, newest)) = store.history_source(from, to, &list, others)? else {
        return Ok(None);
    };
    let series = store.series_in_force(&source, newest, sources.series)?;
    Ok(Some((source, series)))
}

/// The rows one source printed for one day, around one home currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayTable {
    /// The currency on one side of every row read.
    pub home: CurrencyCode,
    /// The other currency of each row → the row as stored.
    pub rates: BTreeMap<CurrencyCode, StoredRate>,
}

impl DayTable {
    /// The rows of one day that involve `home`, the currency the schema
    /// reads that day around (`fx_days.home`, by the rule of
    /// `fx_day_homes`), by the other currency of each.
    pub fn around(rows: &[StoredRate], home: CurrencyCode) -> DayTable {
        let mut rates = BTreeMap::new();
        for row in rows {
            let other = if row.base == home {
                row.quote
            } else if row.quote == home {
                row.base
            } else {
                continue;
            };
            rates.entry(other).or_insert(*row);
        }
        DayTable { home, rates }
    }

    /// `code` in the pair it was printed in, `(base, quote, rate)`, exactly
    /// as printed; `None` when the day lacks it. The home currency against
    /// itself is 1.
    pub fn printed(&self, code: CurrencyCode) -> Option<(CurrencyCode, CurrencyCode, ReadRate)> {
        if code == self.home {
            return Some((code, code, ReadRate::printed(Unit::ONE, Decimal::ONE)?));
        }
        let row = self.rates.get(&code)?;
        Some((row.base, row.quote, ReadRate::printed(row.unit, row.rate)?))
    }

    /// Every currency this day can be quoted in against `from`, `from`
    /// itself excluded: the stored ones and the home currency.
    pub fn currencies_besides(&self, from: CurrencyCode) -> Vec<CurrencyCode> {
        let mut all: Vec<CurrencyCode> = self.rates.keys().copied().collect();
        all.push(self.home);
        all.sort();
        all.retain(|code| *code != from);
        all
    }

    /// Whether `code` can be read from this day (as the home or another currency).
    pub fn knows(&self, code: CurrencyCode) -> bool {
        code == self.home || self.rates.contains_key(&code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> CurrencyCode {
        s.parse().expect("test code")
    }

    fn dec(s: &str) -> Decimal {
        s.parse().expect("test decimal")
    }

    fn row(base: &str, quote: &str, unit: u32, rate: &str) -> StoredRate {
        StoredRate {
            base: code(base),
            quote: code(quote),
            unit: Unit::from_count(&unit.to_string()).expect("unit"),
            rate: dec(rate),
        }
    }

    #[test]
    fn a_printed_pair_is_read_per_its_unit_keeping_its_digits() {
        let rows = vec![
            row("HUF", "CZK", 100, "6.304"),
            row("EUR", "CZK", 1, "24.170"),
            row("IDR", "CZK", 1000, "1.233"),
        ];
        let day = DayTable::around(&rows, code("CZK"));
        let (base, quote, huf) = day.printed(code("HUF")).expect("HUF");
        assert_eq!((base, quote), (code("HUF"), code("CZK")));
        assert!(huf.exact);
        assert_eq!(huf.unit.count(), 100);
        assert_eq!(huf.shown_printed().to_string(), "6.304");
        assert_eq!(huf.to_string(), "0.06304");
        let (_, _, eur) = day.printed(code("EUR")).expect("EUR");
        assert_eq!(eur.to_string(), "24.170");
        let (_, _, idr) = day.printed(code("IDR")).expect("IDR");
        assert_eq!(idr.to_string(), "0.001233");
        assert_eq!(day.printed(code("USD")), None);
    }

    #[test]
    fn the_fallback_note_is_one_wording() {
        let day = |s| crate::model::parse_date(s).expect("date");
        assert_eq!(
            fallback_note(day("2024-06-30"), day("2024-06-28")),
            " (the newest day on or before 2024-06-30)"
        );
        assert_eq!(fallback_note(day("2024-06-28"), day("2024-06-28")), "");
    }

    #[test]
    fn nothing_in_force_names_the_newest_stored_day_when_the_store_fell_behind() {
        let day = |s| crate::model::parse_date(s).expect("date");
        let stored = vec![("ecb".to_owned(), day("2026-10-30"))];
        let message =
            |newest, asked| nothing_in_force_message("no ecb rates", &stored, newest, asked);
        assert_eq!(
            message(Some(day("2026-10-30")), day("2026-12-06")),
            "no ecb rates in force on 2026-12-06: the newest stored day is 2026-10-30, \
             37 days before (run `fxrates fetch`)"
        );
        // Newer days stored after the day asked for: a gap, which a
        // catch-up does not fill.
        assert_eq!(
            message(Some(day("2026-10-30")), day("2024-05-26")),
            "no ecb rates in force on 2024-05-26 (none stored from 2024-05-16 to 2024-05-26)"
        );
        assert_eq!(
            nothing_in_force_message("no oxr rates", &stored, None, day("2026-12-06")),
            "no oxr rates stored (sources with rates: ecb)"
        );
        assert_eq!(
            nothing_in_force_message("no rates", &[], None, day("2026-12-06")),
            "no rates stored yet: run `fxrates fetch`"
        );
    }
}
