//! `fxrates show`: the rates in force on a day (`--date`, else today), or
//! one currency's history, as a table, CSV, JSON, a bare value or a chart.
//!
//! Read-only: it takes no lock and writes nothing. A day without publication
//! falls back to the newest stored day before it, within the look-back of
//! `fx_rate`, and every format says which day was used. Nothing stored for what was asked is
//! [`Error::NoRates`] (exit 7).

use std::fmt;

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use clap::Args;

use crate::commands::Config;
use crate::commands::args::{SourceArgs, parse_date, parse_symbol};
use crate::commands::args::{from_not_after_to, not_after_today};
use crate::error::Error;
use crate::model::{CurrencyCode, Series};
use crate::providers::Figures;
use crate::read::{
    DayTable, ReadRate, SIGNIFICANT_DIGITS, Sources, fallback_note, figures, history_source,
    period_note, read_day, source_label,
};
use crate::render::{Align, chart, table};
use crate::store::{self, Store};

/// The examples `fxrates show --help` ends with.
pub const EXAMPLES: &str = "\
Examples:
  fxrates show                                  every rate in force today
  fxrates show USD GBP --date 2024-06-15        rates in force on a day
  fxrates show GBP --base USD                   cross rate: USD→GBP
  rate=$(fxrates show USD --format value)       the bare number, for scripts
  fxrates show USD --from 2024-04-01 --to 2024-06-30 --chart
                                                a quarter's history as a chart";

/// Options of `fxrates show`. Like `fetch`, the days have no environment
/// variables; nor has the base, which changes what every number means.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Currencies to show, e.g. USD GBP (any case) [default: every stored one]
    #[arg(value_name = "SYMBOL", value_parser = parse_symbol)]
    pub symbols: Vec<CurrencyCode>,

    /// The day to show; without publication that day, the newest stored day
    /// before it [default: today (UTC)]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, conflicts_with_all = ["from", "to"])]
    pub date: Option<NaiveDate>,

    /// Show the history of one SYMBOL from this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<NaiveDate>,

    /// Last day of the history [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, requires = "from")]
    pub to: Option<NaiveDate>,

    /// Quote against this currency instead of the stored base: cross rates,
    /// rounded to 6 significant digits.
    #[arg(long, value_name = "CUR", value_parser = parse_symbol)]
    pub base: Option<CurrencyCode>,

    #[command(flatten)]
    pub sources: SourceArgs,

    /// Output format: `value` prints the bare rate of one SYMBOL.
    #[arg(long, env = "FXRATES_SHOW_FORMAT", value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,

    /// Draw the history (--from) as a line chart as wide as the terminal.
    #[arg(long, requires = "from")]
    pub chart: bool,
}

/// How `show` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    /// Aligned columns under a line naming the source, day and base.
    Table,
    /// `date,source,base,quote,rate,unit,series` rows under that header.
    Csv,
    /// One JSON object; rates are strings holding exact decimals.
    Json,
    /// The bare rate of one SYMBOL on one day, and a newline.
    Value,
}

/// Rows of the history chart.
pub const CHART_HEIGHT: usize = 10;

/// What `show` prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    /// The rates in force on one day: `--date`, else today.
    Day { date: NaiveDate },
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
    /// Where it reads, and which series.
    pub sources: Sources,
    pub format: ShowFormat,
}

impl ShowOptions {
    /// Checks the combination of flags against `today`; the chart takes the
    /// width `terminal_width` gives.
    pub fn from_args(
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
            if let Some(day) = day {
                not_after_today(flag, day, today)?;
            }
        }
        if args.chart && args.from.is_none() {
            return usage("--chart draws a history: give --from (and --to)".to_owned());
        }
        let view = match args.from {
            Some(from) => {
                let to = args.to.unwrap_or(today);
                from_not_after_to(from, to)?;
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
                View::Day {
                    date: args.date.unwrap_or(today),
                }
            }
        };
        Ok(ShowOptions {
            symbols: args.symbols.clone(),
            view,
            base: args.base,
            sources: args.sources.resolve()?,
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
    /// The series read.
    pub series: Series,
    /// The day whose rates these are.
    pub date: NaiveDate,
    /// The day asked for: `--date`, else today.
    pub requested: NaiveDate,
    /// The currency every pair shown is quoted against, when they all are
    /// against one (the ECB's EUR, any `--base`): JSON's `base`, and its
    /// `rates` per one unit of it. `None` for a central bank's pairs, each
    /// against its own currency (`100 HUF = 6.304 CZK`, `1 EUR = 24.170 CZK`).
    pub base: Option<CurrencyCode>,
    /// The home currency the rates were stored against, when some were
    /// computed through it.
    pub stored_base: Option<CurrencyCode>,
    /// Each pair shown: `(base, quote, rate)`.
    pub rates: Vec<(CurrencyCode, CurrencyCode, ReadRate)>,
    /// The publisher's reference for the day (an NBP table number).
    pub reference: Option<String>,
    /// The last day the figures shown are in force, when their publisher
    /// states a period.
    pub valid_until: Option<NaiveDate>,
    /// Whose figures they are: a blend is said to be one.
    pub figures: Figures,
    pub format: ShowFormat,
}

/// One currency's rates over a range of days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryReport {
    pub source: String,
    /// The series read.
    pub series: Series,
    pub base: CurrencyCode,
    pub quote: CurrencyCode,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Oldest first; days without the rate are left out.
    pub rates: Vec<(NaiveDate, ReadRate)>,
    /// Whose figures they are: a blend is said to be one.
    pub figures: Figures,
    pub format: ShowFormat,
    pub chart_width: Option<usize>,
}

/// Reads what `options` asks for; never writes, takes no lock.
pub fn run(config: &Config, options: &ShowOptions) -> anyhow::Result<ShowReport> {
    let mut store = store::connect(&config.database)?;
    store.check_schema()?;
    match options.view {
        View::Day { date } => {
            let day = read_day(&mut store, &options.sources, date)?;
            let rates = match options.base {
                Some(base) => {
                    let symbols = if options.symbols.is_empty() {
                        day.table.currencies_besides(base)
                    } else {
                        options.symbols.clone()
                    };
                    day.rates(&mut store, base, &symbols)?
                        .into_iter()
                        .map(|(quote, rate)| (base, quote, rate))
                        .collect()
                }
                None => day.printed(&options.symbols)?,
            };
            let uniform = rates
                .first()
                .map(|(base, _, _)| *base)
                .filter(|first| rates.iter().all(|(base, _, _)| base == first));
            let computed = rates.iter().any(|(_, _, rate)| !rate.exact);
            let reference = store.publication(&day.source, day.date)?;
            Ok(ShowReport::Day(DayReport {
                stored_base: computed.then_some(day.table.home),
                figures: figures(&day.source),
                source: day.source,
                series: day.series,
                date: day.date,
                requested: date,
                base: uniform,
                rates,
                reference,
                valid_until: day.valid_until,
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

/// `quote`'s history (without a chart): against `--base` by the
/// database's rule, else in the pair the publisher printed it in, exactly.
fn history(
    store: &mut Store,
    options: &ShowOptions,
    quote: CurrencyCode,
    from: NaiveDate,
    to: NaiveDate,
) -> anyhow::Result<HistoryReport> {
    let Some((picked, series)) = history_source(store, &options.sources, from, to)? else {
        let what = options
            .sources
            .explicit
            .as_deref()
            .map_or_else(String::new, |name| format!("{name} "));
        return Err(Error::NoRates(format!("no {what}rates stored from {from} to {to}")).into());
    };
    let (pair, rates) = match options.base {
        Some(base) => (
            Some((base, quote)),
            store.lookups_between(&picked, from, to, base, quote, series)?,
        ),
        None => printed_history(store, &picked, series, from, to, quote)?,
    };
    match (pair, rates.is_empty()) {
        (Some((base, quote)), false) => Ok(HistoryReport {
            figures: figures(&picked),
            source: picked,
            series,
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

/// A pair of currencies: `(base, quote)`.
type Pair = (CurrencyCode, CurrencyCode);

/// The pair a history was printed in, and its rate on each day.
type PrintedHistory = (Option<Pair>, Vec<(NaiveDate, ReadRate)>);

/// `quote` as `source` printed it in `series` from `from` to `to`: the pair
/// of its first day (against the day's home currency, in the publisher's
/// direction), exactly.
fn printed_history(
    store: &mut Store,
    source: &str,
    series: Series,
    from: NaiveDate,
    to: NaiveDate,
    quote: CurrencyCode,
) -> anyhow::Result<PrintedHistory> {
    let mut pair_used = None;
    let mut rates = Vec::new();
    for day in store.printed_between(source, from, to, quote, series)? {
        let table = DayTable::around(day.printed.as_slice(), day.home);
        let Some((base, printed_quote, rate)) = table.printed(quote) else {
            continue;
        };
        let pair = *pair_used.get_or_insert((base, printed_quote));
        if pair == (base, printed_quote) {
            rates.push((day.date, rate));
        }
    }
    Ok((pair_used, rates))
}

/// ` (blended from several publishers, not an official rate)` after a
/// title, for a source whose figures are a blend.
fn figures_note(figures: Figures) -> String {
    figures
        .note()
        .map_or_else(String::new, |note| format!(" ({note})"))
}

/// CSV's header line, shared by both views.
const CSV_HEADER: &str = "date,source,base,quote,rate,unit,series";

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
        fallback_note(self.requested, self.date)
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
            "requested_date": self.requested.to_string(),
            "source": self.source,
            "series": self.series.as_str(),
            "base": self.base.map(|base| base.as_str().to_owned()),
            "cross": self.stored_base.is_some(),
            "official": self.figures == Figures::Official,
            "reference": self.reference,
            "valid_until": self.valid_until.map(|until| until.to_string()),
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
                        "\n{},{},{base},{quote},{},{},{}",
                        self.date,
                        self.source,
                        rate.shown_printed(),
                        rate.unit,
                        self.series
                    )?;
                }
                Ok(())
            }
            ShowFormat::Table => self.write_table(f),
        }
    }
}

impl DayReport {
    /// The table: a line naming the source, the day and the base, then a
    /// column of rates per one unit of one base, or the pairs as printed.
    fn write_table(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} rates for {}{}{}{}{}",
            source_label(&self.source, self.series),
            self.date,
            self.reference_note(),
            period_note(self.valid_until),
            self.fallback_note(),
            figures_note(self.figures),
        )?;
        // A printed pair keeps its unit (`100 HUF = 6.304 CZK`), so
        // only pairs all per one unit of one base are a column.
        let per_one = self
            .base
            .filter(|_| self.rates.iter().all(|(_, _, rate)| rate.unit.count() == 1));
        if let Some(base) = per_one {
            write!(f, ", 1 {base} =")?;
        }
        if let Some(stored) = self.stored_base {
            let marked = if per_one.is_some() {
                "cross rates"
            } else {
                "* computed"
            };
            write!(
                f,
                " ({marked} via {stored}, {SIGNIFICANT_DIGITS} significant digits)"
            )?;
        }
        if per_one.is_some() {
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

impl HistoryReport {
    /// How many units of base the rates shown are for: as the publisher
    /// printed them (100 for the CNB's HUF), 1 for computed rates.
    fn unit(&self) -> u32 {
        self.rates.first().map_or(1, |(_, rate)| rate.unit.count())
    }

    /// The first line of the table and the chart: the days shown, and the
    /// range asked for when the stored days do not span all of it.
    fn title(&self) -> String {
        let days = crate::render::count(self.rates.len() as u64, "day");
        let (Some((first, _)), Some((last, _))) = (self.rates.first(), self.rates.last()) else {
            return format!(
                "{} {} per {} {}, {} to {}: {days}{}",
                source_label(&self.source, self.series),
                self.quote,
                self.unit(),
                self.base,
                self.from,
                self.to,
                figures_note(self.figures),
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
            "{} {} per {} {}, {shown}: {days}{asked}{}",
            source_label(&self.source, self.series),
            self.quote,
            self.unit(),
            self.base,
            figures_note(self.figures),
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
                    "series": self.series.as_str(),
                    "official": self.figures == Figures::Official,
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
                        "\n{date},{},{},{},{},{},{}",
                        self.source,
                        self.base,
                        self.quote,
                        rate.shown_printed(),
                        rate.unit,
                        self.series
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
