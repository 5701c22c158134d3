//! `fxrates show`: the rates stored for a day, or one currency's history,
//! as a table, CSV, JSON, a bare value or a chart.
//!
//! Read-only: it takes no lock and writes nothing. A day without publication
//! falls back to the newest stored day before it, and every format says
//! which day was used. Nothing stored for what was asked is
//! [`Error::NoRates`] (exit 7).

use std::fmt;

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use crate::cli::{ShowArgs, ShowFormat};
use crate::config::Config;
use crate::cross::{DayTable, ReadRate, SIGNIFICANT_DIGITS, pick_source};
use crate::error::Error;
use crate::model::CurrencyCode;
use crate::render::{Align, chart, table};
use crate::store::{self, Store};

/// Rows of the history chart.
pub const CHART_HEIGHT: usize = 10;

/// What `show` prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    /// The rates of one day: `date`, or the newest stored day.
    Day { date: Option<NaiveDate> },
    /// One symbol's rates from `from` to `to`, both included.
    History {
        from: NaiveDate,
        to: NaiveDate,
        /// Draw a chart this many columns wide instead of a table.
        chart_width: Option<usize>,
    },
}

/// The resolved options of `show`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShowOptions {
    /// In the order given; empty means every stored currency.
    pub symbols: Vec<CurrencyCode>,
    pub view: View,
    /// Quote against this currency instead of the stored base.
    pub base: Option<CurrencyCode>,
    /// `--source`: read only this source's rows.
    pub source: Option<String>,
    /// Without `--source`, the sources to read, first choice first.
    pub source_order: Vec<String>,
    pub format: ShowFormat,
}

impl ShowOptions {
    /// Checks the combination of flags against `today`; the chart takes the
    /// width `terminal_width` gives.
    pub fn new(
        args: &ShowArgs,
        today: NaiveDate,
        terminal_width: impl FnOnce() -> usize,
    ) -> Result<Self, Error> {
        let usage = |msg: String| Err(Error::Usage(msg));
        for (flag, day) in [
            ("--date", args.date),
            ("--from", args.from),
            ("--to", args.to),
        ] {
            if let Some(day) = day.filter(|day| *day > today) {
                return usage(format!(
                    "{flag} {day} is in the future (today is {today}, UTC)"
                ));
            }
        }
        let view = match args.from {
            Some(from) => {
                let to = args.to.unwrap_or(today);
                if from > to {
                    return usage(format!("--from {from} is after --to {to}"));
                }
                if args.symbols.len() != 1 {
                    return usage("--from shows the history of exactly one SYMBOL".to_owned());
                }
                if args.format == ShowFormat::Value {
                    return usage(
                        "--format value prints one rate: use table, csv or json with --from"
                            .to_owned(),
                    );
                }
                if args.chart && args.format != ShowFormat::Table {
                    return usage(format!(
                        "--chart draws instead of a table and cannot be combined with --format {}",
                        format_name(args.format)
                    ));
                }
                View::History {
                    from,
                    to,
                    chart_width: args.chart.then(terminal_width),
                }
            }
            None => {
                if args.format == ShowFormat::Value && args.symbols.len() != 1 {
                    return usage(format!(
                        "--format value prints the rate of exactly one SYMBOL ({} given)",
                        args.symbols.len()
                    ));
                }
                View::Day { date: args.date }
            }
        };
        Ok(ShowOptions {
            symbols: args.symbols.clone(),
            view,
            base: args.base,
            source: args.source.clone(),
            source_order: args.order.sources()?,
            format: args.format,
        })
    }
}

fn format_name(format: ShowFormat) -> &'static str {
    match format {
        ShowFormat::Table => "table",
        ShowFormat::Csv => "csv",
        ShowFormat::Json => "json",
        ShowFormat::Value => "value",
    }
}

/// What `show` found, ready to print in its format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShowReport {
    Day(DayReport),
    History(HistoryReport),
}

/// The rates of one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayReport {
    pub source: String,
    /// The day whose rates these are.
    pub date: NaiveDate,
    /// The day asked for (`--date`), when given.
    pub requested: Option<NaiveDate>,
    /// The currency every rate is quoted against.
    pub base: CurrencyCode,
    /// The base the rows were stored in, when the rates are cross rates.
    pub stored_base: Option<CurrencyCode>,
    pub rates: Vec<(CurrencyCode, ReadRate)>,
    pub format: ShowFormat,
}

/// One currency's rates over a range of days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryReport {
    pub source: String,
    pub base: CurrencyCode,
    pub quote: CurrencyCode,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Oldest first; days without the rate are left out.
    pub rates: Vec<(NaiveDate, ReadRate)>,
    pub format: ShowFormat,
    pub chart_width: Option<usize>,
}

/// Reads what `options` asks for; never writes, takes no lock.
pub fn run(config: &Config, options: &ShowOptions) -> anyhow::Result<ShowReport> {
    let mut store = store::connect(&config.database)?;
    store.check_schema()?;
    match options.view {
        View::Day { date } => {
            let day = read_day(
                &mut store,
                options.source.as_deref(),
                &options.source_order,
                date,
                options.base,
            )?;
            let base = options.base.unwrap_or(day.table.base);
            let symbols = if options.symbols.is_empty() {
                day.table.currencies_besides(base)
            } else {
                options.symbols.clone()
            };
            let rates = day.rates(base, &symbols)?;
            Ok(ShowReport::Day(DayReport {
                stored_base: (base != day.table.base).then_some(day.table.base),
                source: day.source,
                date: day.date,
                requested: date,
                base,
                rates,
                format: options.format,
            }))
        }
        View::History {
            from,
            to,
            chart_width,
        } => {
            let quote = options.symbols[0];
            history(&mut store, options, quote, from, to).map(|history| {
                ShowReport::History(HistoryReport {
                    chart_width,
                    ..history
                })
            })
        }
    }
}

/// The stored rates of the day a reader asked for.
#[derive(Clone, Debug)]
pub(crate) struct StoredDay {
    pub source: String,
    /// The day read: the one asked for, or the newest stored before it.
    pub date: NaiveDate,
    pub requested: Option<NaiveDate>,
    pub table: DayTable,
}

impl StoredDay {
    /// The rate of each of `symbols` against `base`, or [`Error::NoRates`]
    /// naming every symbol without one, and the day.
    pub fn rates(
        &self,
        base: CurrencyCode,
        symbols: &[CurrencyCode],
    ) -> Result<Vec<(CurrencyCode, ReadRate)>, Error> {
        if !self.table.knows(base) {
            return Err(self.missing(&[base]));
        }
        let mut rates = Vec::with_capacity(symbols.len());
        let mut missing = Vec::new();
        for &symbol in symbols {
            match self.table.rate(base, symbol) {
                Some(rate) => rates.push((symbol, rate)),
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
            self.fallback_note()
        ))
    }

    /// The day asked for, when the day read is an earlier one.
    pub fn fell_back_from(&self) -> Option<NaiveDate> {
        self.requested.filter(|asked| *asked != self.date)
    }

    /// `" (the newest day on or before 2024-06-30)"` after a fallback.
    fn fallback_note(&self) -> String {
        self.fell_back_from().map_or_else(String::new, |asked| {
            format!(" (the newest day on or before {asked})")
        })
    }
}

/// Finds the source (`source`, or else the first of `order` with rates) and
/// the day to read for `requested` (the newest stored day when `None`) and
/// loads that day's rates in (preferably) `base`.
pub(crate) fn read_day(
    store: &mut Store,
    source: Option<&str>,
    order: &[String],
    requested: Option<NaiveDate>,
    base: Option<CurrencyCode>,
) -> anyhow::Result<StoredDay> {
    let available = store.sources_between(None, requested)?;
    let Some(picked) = pick_source(source, order, &available) else {
        let what = match source {
            Some(name) => format!("no {name} rates stored"),
            None => "no rates stored".to_owned(),
        };
        let message = match requested {
            Some(day) => format!("{what} on or before {day}"),
            None if available.is_empty() => format!("{what} yet: run `fxrates fetch`"),
            None => format!(
                "{what} (sources with rates: {})",
                available
                    .iter()
                    .map(|(name, _)| name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return Err(Error::NoRates(message).into());
    };
    let date = available
        .iter()
        .find(|(name, _)| *name == picked)
        .map(|(_, day)| *day)
        .ok_or_else(|| anyhow::anyhow!("source {picked} vanished"))?;
    let rows = store.day_rates(&picked, date)?;
    let table = DayTable::from_rows(&rows, base)
        .ok_or_else(|| Error::NoRates(format!("no rates stored by {picked} for {date}")))?;
    Ok(StoredDay {
        source: picked,
        date,
        requested,
        table,
    })
}

/// `quote`'s history (without a chart).
fn history(
    store: &mut Store,
    options: &ShowOptions,
    quote: CurrencyCode,
    from: NaiveDate,
    to: NaiveDate,
) -> anyhow::Result<HistoryReport> {
    let available = store.sources_between(Some(from), Some(to))?;
    let source = options.source.as_deref();
    let Some(picked) = pick_source(source, &options.source_order, &available) else {
        let what = source.map_or_else(String::new, |name| format!("{name} "));
        return Err(Error::NoRates(format!("no {what}rates stored from {from} to {to}")).into());
    };
    let mut wanted = vec![quote];
    wanted.extend(options.base);
    let rows = store.rates_between(&picked, from, to, &wanted)?;
    let mut rates = Vec::new();
    let mut base_used = options.base;
    for day_rows in rows.chunk_by(|a, b| a.0 == b.0) {
        let date = day_rows[0].0;
        let stored: Vec<_> = day_rows.iter().map(|(_, row)| *row).collect();
        let Some(table) = DayTable::from_rows(&stored, options.base) else {
            continue;
        };
        let base = *base_used.get_or_insert(table.base);
        if let Some(rate) = table.rate(base, quote) {
            rates.push((date, rate));
        }
    }
    match (base_used, rates.is_empty()) {
        (Some(base), false) => Ok(HistoryReport {
            source: picked,
            base,
            quote,
            from,
            to,
            rates,
            format: options.format,
            chart_width: None,
        }),
        _ => Err(Error::NoRates(format!(
            "no {quote}{} rate stored by {picked} from {from} to {to}",
            options
                .base
                .map_or_else(String::new, |base| format!(" per {base}"))
        ))
        .into()),
    }
}

/// CSV's header line, shared by both views.
const CSV_HEADER: &str = "date,source,base,quote,rate";

impl fmt::Display for ShowReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShowReport::Day(day) => day.fmt(f),
            ShowReport::History(history) => history.fmt(f),
        }
    }
}

impl DayReport {
    fn fallback_note(&self) -> String {
        match self.requested {
            Some(asked) if asked != self.date => {
                format!(" (newest day on or before {asked})")
            }
            _ => String::new(),
        }
    }

    fn to_json(&self) -> Value {
        let rates: Map<String, Value> = self
            .rates
            .iter()
            .map(|(quote, rate)| (quote.to_string(), Value::String(rate.to_string())))
            .collect();
        json!({
            "date": self.date.to_string(),
            "requested_date": self.requested.map(|day| day.to_string()),
            "source": self.source,
            "base": self.base.as_str(),
            "cross": self.stored_base.is_some(),
            "rates": rates,
        })
    }
}

impl fmt::Display for DayReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.format {
            ShowFormat::Value => match self.rates.first() {
                Some((_, rate)) => write!(f, "{rate}"),
                None => Ok(()),
            },
            ShowFormat::Json => write!(f, "{}", self.to_json()),
            ShowFormat::Csv => {
                f.write_str(CSV_HEADER)?;
                for (quote, rate) in &self.rates {
                    write!(
                        f,
                        "\n{},{},{},{quote},{rate}",
                        self.date, self.source, self.base
                    )?;
                }
                Ok(())
            }
            ShowFormat::Table => {
                write!(
                    f,
                    "{} rates for {}{}, 1 {} =",
                    self.source,
                    self.date,
                    self.fallback_note(),
                    self.base
                )?;
                if let Some(stored) = self.stored_base {
                    write!(
                        f,
                        " (cross rates via {stored}, {SIGNIFICANT_DIGITS} significant digits)"
                    )?;
                }
                let rows: Vec<Vec<String>> = self
                    .rates
                    .iter()
                    .map(|(quote, rate)| vec![quote.to_string(), rate.to_string()])
                    .collect();
                write!(
                    f,
                    "\n{}",
                    table(&["QUOTE", "RATE"], &[Align::Left, Align::Decimal], &rows)
                )
            }
        }
    }
}

impl HistoryReport {
    /// The first line of the table and the chart: the days shown, and the
    /// range asked for when the stored days do not span all of it.
    fn title(&self) -> String {
        let days = self.rates.len();
        let (Some((first, _)), Some((last, _))) = (self.rates.first(), self.rates.last()) else {
            return format!(
                "{} {} per 1 {}, {} to {}: 0 days",
                self.source, self.quote, self.base, self.from, self.to
            );
        };
        let shown = if first == last {
            first.to_string()
        } else {
            format!("{first} to {last}")
        };
        let asked = if (*first, *last) == (self.from, self.to) {
            String::new()
        } else {
            format!(" (asked for {} to {})", self.from, self.to)
        };
        format!(
            "{} {} per 1 {}, {shown}: {days} day{}{asked}",
            self.source,
            self.quote,
            self.base,
            if days == 1 { "" } else { "s" }
        )
    }
}

impl fmt::Display for HistoryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.format {
            ShowFormat::Json => {
                let rates: Vec<Value> = self
                    .rates
                    .iter()
                    .map(|(date, rate)| json!({"date": date.to_string(), "rate": rate.to_string()}))
                    .collect();
                let value = json!({
                    "source": self.source,
                    "base": self.base.as_str(),
                    "quote": self.quote.as_str(),
                    "from": self.from.to_string(),
                    "to": self.to.to_string(),
                    "rates": rates,
                });
                write!(f, "{value}")
            }
            ShowFormat::Csv => {
                f.write_str(CSV_HEADER)?;
                for (date, rate) in &self.rates {
                    write!(
                        f,
                        "\n{date},{},{},{},{rate}",
                        self.source, self.base, self.quote
                    )?;
                }
                Ok(())
            }
            // Refused when the options are resolved; printed as a table.
            ShowFormat::Table | ShowFormat::Value => {
                writeln!(f, "{}", self.title())?;
                match self.chart_width {
                    Some(width) => {
                        let series: Vec<_> = self
                            .rates
                            .iter()
                            .map(|(date, rate)| (*date, rate.shown()))
                            .collect();
                        f.write_str(&chart::render(&series, width, CHART_HEIGHT))
                    }
                    None => {
                        let rows: Vec<Vec<String>> = self
                            .rates
                            .iter()
                            .map(|(date, rate)| vec![date.to_string(), rate.to_string()])
                            .collect();
                        f.write_str(&table(
                            &["DATE", "RATE"],
                            &[Align::Left, Align::Decimal],
                            &rows,
                        ))
                    }
                }
            }
        }
    }
}
