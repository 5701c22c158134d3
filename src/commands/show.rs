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
use crate::providers::{Home, ProviderName};
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
    /// The currency every rate is quoted against, when they all are
    /// against one, per one unit (`1 EUR = …`); `None` for a central bank
    /// that prices other currencies in its own (`100 HUF = 6.304 CZK`).
    pub base: Option<CurrencyCode>,
    /// The home currency the rates were stored against, when some were
    /// computed through it.
    pub stored_base: Option<CurrencyCode>,
    /// Each pair shown: `(base, quote, rate)`.
    pub rates: Vec<(CurrencyCode, CurrencyCode, ReadRate)>,
    /// The publisher's reference for the day (an NBP table number).
    pub reference: Option<String>,
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
            let rates = match options.base {
                Some(base) => {
                    let symbols = if options.symbols.is_empty() {
                        day.table.currencies_besides(base)
                    } else {
                        options.symbols.clone()
                    };
                    day.rates(base, &symbols)?
                        .into_iter()
                        .map(|(quote, rate)| (base, quote, rate))
                        .collect()
                }
                None => day.printed(&options.symbols)?,
            };
            let uniform = rates.first().map(|(base, _, _)| *base).filter(|first| {
                rates
                    .iter()
                    .all(|(base, _, rate)| base == first && rate.unit.count() == 1)
            });
            let computed = rates.iter().any(|(_, _, rate)| !rate.exact);
            let reference = store.publication(&day.source, day.date)?;
            Ok(ShowReport::Day(DayReport {
                stored_base: computed.then_some(day.table.home),
                source: day.source,
                date: day.date,
                requested: date,
                base: uniform,
                rates,
                reference,
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
            let pair = self.table.printed_pair(symbol);
            match pair.and_then(|(base, quote)| Some((base, quote, self.table.rate(base, quote)?)))
            {
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
    let table = DayTable::from_rows(&rows, base, fixed_home(&picked))
        .ok_or_else(|| Error::NoRates(format!("no rates stored by {picked} for {date}")))?;
    Ok(StoredDay {
        source: picked,
        date,
        requested,
        table,
    })
}

/// The currency a source always prices in, when it is a central bank of the
/// provider registry.
fn fixed_home(source: &str) -> Option<CurrencyCode> {
    match ProviderName::find(source)?.info().home {
        Home::Fixed(home) => Some(home),
        Home::AnyBase(_) => None,
    }
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
    let home = fixed_home(&picked);
    let mut wanted = vec![quote];
    wanted.extend(options.base);
    wanted.extend(home);
    let rows = store.rates_between(&picked, from, to, &wanted)?;
    let mut rates = Vec::new();
    let mut pair_used = options.base.map(|base| (base, quote));
    for day_rows in rows.chunk_by(|a, b| a.0 == b.0) {
        let date = day_rows[0].0;
        let stored: Vec<_> = day_rows.iter().map(|(_, row)| *row).collect();
        let Some(table) = DayTable::from_rows(&stored, options.base, home) else {
            continue;
        };
        // Without --base, the pair the publisher printed, as first seen.
        let pair = match pair_used {
            Some(pair) => pair,
            None if home.is_some() => match table.printed_pair(quote) {
                Some(pair) => *pair_used.insert(pair),
                None => continue,
            },
            None => *pair_used.insert((table.home, quote)),
        };
        if let Some(rate) = table.rate(pair.0, pair.1) {
            rates.push((date, rate));
        }
    }
    match (pair_used, rates.is_empty()) {
        (Some((base, quote)), false) => Ok(HistoryReport {
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
const CSV_HEADER: &str = "date,source,base,quote,rate,unit";

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
        let pairs: Vec<Value> = self
            .rates
            .iter()
            .map(|(base, quote, rate)| {
                json!({
                    "base": base.as_str(),
                    "quote": quote.as_str(),
                    "unit": rate.unit.count(),
                    "rate": rate.shown_printed().to_string(),
                    "per_unit": rate.shown().to_string(),
                    "computed": !rate.exact,
                })
            })
            .collect();
        let mut value = json!({
            "date": self.date.to_string(),
            "requested_date": self.requested.map(|day| day.to_string()),
            "source": self.source,
            "base": self.base.map(|base| base.as_str().to_owned()),
            "cross": self.stored_base.is_some(),
            "reference": self.reference,
            "pairs": pairs,
        });
        if self.base.is_some() {
            let rates: Map<String, Value> = self
                .rates
                .iter()
                .map(|(_, quote, rate)| (quote.to_string(), Value::String(rate.to_string())))
                .collect();
            value["rates"] = Value::Object(rates);
        }
        value
    }

    /// `, 041/A/NBP/2026` after the day, when the publisher numbers its days.
    fn reference_note(&self) -> String {
        self.reference
            .as_ref()
            .map_or_else(String::new, |reference| format!(", {reference}"))
    }
}

impl fmt::Display for DayReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.format {
            ShowFormat::Value => match self.rates.first() {
                Some((_, _, rate)) => write!(f, "{}", rate.shown()),
                None => Ok(()),
            },
            ShowFormat::Json => write!(f, "{}", self.to_json()),
            ShowFormat::Csv => {
                f.write_str(CSV_HEADER)?;
                for (base, quote, rate) in &self.rates {
                    write!(
                        f,
                        "\n{},{},{base},{quote},{},{}",
                        self.date,
                        self.source,
                        rate.shown_printed(),
                        rate.unit
                    )?;
                }
                Ok(())
            }
            ShowFormat::Table => {
                write!(
                    f,
                    "{} rates for {}{}{}",
                    self.source,
                    self.date,
                    self.reference_note(),
                    self.fallback_note(),
                )?;
                if let Some(base) = self.base {
                    write!(f, ", 1 {base} =")?;
                }
                if let Some(stored) = self.stored_base {
                    let marked = if self.base.is_some() {
                        "cross rates"
                    } else {
                        "* computed"
                    };
                    write!(
                        f,
                        " ({marked} via {stored}, {SIGNIFICANT_DIGITS} significant digits)"
                    )?;
                }
                if self.base.is_some() {
                    let rows: Vec<Vec<String>> = self
                        .rates
                        .iter()
                        .map(|(_, quote, rate)| vec![quote.to_string(), rate.to_string()])
                        .collect();
                    return write!(
                        f,
                        "\n{}",
                        table(&["QUOTE", "RATE"], &[Align::Left, Align::Decimal], &rows)
                    );
                }
                // Pairs of their own, as printed: `100 HUF = 6.304 CZK`.
                let rows: Vec<Vec<String>> = self
                    .rates
                    .iter()
                    .map(|(base, quote, rate)| {
                        let mark = if rate.exact { "" } else { " *" };
                        vec![
                            format!("{} {base} =", rate.unit),
                            rate.shown_printed().to_string(),
                            format!("{quote}{mark}"),
                        ]
                    })
                    .collect();
                write!(
                    f,
                    "\n{}",
                    table(
                        &["AMOUNT", "RATE", "IN"],
                        &[Align::Left, Align::Decimal, Align::Left],
                        &rows
                    )
                )
            }
        }
    }
}

impl HistoryReport {
    /// How many units of base the rates shown are for: as the publisher
    /// printed them (100 for the CNB's HUF), 1 for computed rates.
    fn unit(&self) -> u32 {
        self.rates.first().map_or(1, |(_, rate)| rate.unit.count())
    }

    /// The first line of the table and the chart: the days shown, and the
    /// range asked for when the stored days do not span all of it.
    fn title(&self) -> String {
        let days = self.rates.len();
        let (Some((first, _)), Some((last, _))) = (self.rates.first(), self.rates.last()) else {
            return format!(
                "{} {} per {} {}, {} to {}: 0 days",
                self.source,
                self.quote,
                self.unit(),
                self.base,
                self.from,
                self.to
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
            "{} {} per {} {}, {shown}: {days} day{}{asked}",
            self.source,
            self.quote,
            self.unit(),
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
                    .map(|(date, rate)| {
                        json!({
                            "date": date.to_string(),
                            "rate": rate.shown_printed().to_string(),
                            "unit": rate.unit.count(),
                            "computed": !rate.exact,
                        })
                    })
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
                        "\n{date},{},{},{},{},{}",
                        self.source,
                        self.base,
                        self.quote,
                        rate.shown_printed(),
                        rate.unit
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
                            .map(|(date, rate)| {
                                vec![date.to_string(), rate.shown_printed().to_string()]
                            })
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
