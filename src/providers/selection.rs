//! Which rates of an answer to keep: `--base` and `--symbols`
//! ([`Selection`]), and the quotes asked for that the newest day lacks
//! ([`Absent`]).

use chrono::NaiveDate;

use crate::error::Error;
use crate::model::{CurrencyCode, DayRates};

/// Which rates to keep: `--base` and `--symbols`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The base currency asked for; `None` takes the provider's own.
    pub base: Option<CurrencyCode>,
    /// The quote currencies to keep; empty keeps all.
    pub symbols: Vec<CurrencyCode>,
}

/// A quote of `--symbols` missing from the newest day a provider answered
/// with: one the publisher stopped, or never published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Absent {
    pub code: CurrencyCode,
    /// The newest day of the answer that had it, if any did.
    pub last_seen: Option<NaiveDate>,
}

impl Selection {
    /// Refuses a day quoted against another base than the one asked for.
    /// The quotes are kept: [`Selection::reduce`] selects them from all the
    /// days of a fetch.
    pub fn apply(&self, day: DayRates) -> Result<DayRates, String> {
        self.check_base(&day)?;
        Ok(day)
    }

    /// Refuses a day quoted against another base than the one asked for.
    fn check_base(&self, day: &DayRates) -> Result<(), String> {
        match self.base {
            Some(base) if day.home() != base => Err(format!(
                "day {}: rates are against {}, not the {base} asked for",
                day.date(),
                day.home(),
            )),
            _ => Ok(()),
        }
    }

    /// `days` (oldest first) reduced to the selected quotes, and the
    /// selected quotes missing from the newest of them. A quote missing
    /// from a day but present on a later one makes that day partial, and
    /// refuses the lot: a day is stored whole or not at all. A quote missing
    /// from the newest days only is the publisher's to stop publishing:
    /// [`Absent`]. Days holding none of the quotes are left out. `sparse`
    /// days (see [`Provider::sparse_days`]) hold only the quotes with a new
    /// figure: a quote missing from one is neither a hole nor absent.
    pub fn reduce(
        &self,
        days: Vec<DayRates>,
        sparse: bool,
    ) -> Result<(Vec<DayRates>, Vec<Absent>), String> {
        if self.symbols.is_empty() {
            return Ok((days, Vec::new()));
        }
        let has = |day: &DayRates, code: CurrencyCode| {
            day.rates()
                .iter()
                .any(|rate| rate.other(day.home()) == code)
        };
        let mut absent = Vec::new();
        for &code in self.symbols.iter().filter(|_| !sparse) {
            let last = days.iter().rposition(|day| has(day, code));
            if let Some(gap) = last.and_then(|last| days[..last].iter().find(|day| !has(day, code)))
            {
                return Err(format!(
                    "day {}: no rate for {code} (asked for by --symbols), though a later day has one",
                    gap.date()
                ));
            }
            if !days.is_empty() && last.is_none_or(|last| last + 1 < days.len()) {
                absent.push(Absent {
                    code,
                    last_seen: last.map(|last| days[last].date()),
                });
            }
        }
        let kept = days
            .into_iter()
            .filter_map(|day| {
                let home = day.home();
                day.retain(|rate| self.symbols.contains(&rate.other(home)))
            })
            .collect();
        Ok((kept, absent))
    }

    /// The days a parser made of the answer of `url`, each checked against
    /// the selection's base. A refusal, the parser's or the selection's,
    /// refuses the whole answer as invalid data of `url`.
    pub fn keep(
        &self,
        url: &str,
        parsed: Result<Vec<DayRates>, String>,
    ) -> Result<Vec<DayRates>, Error> {
        parsed
            .and_then(|days| days.into_iter().map(|day| self.apply(day)).collect())
            .map_err(|reason| Error::InvalidData {
                url: url.to_owned(),
                reason,
            })
    }

    /// The entries of a provider's fixed `table` of series (one currency
    /// each, `code` of an entry) that `--symbols` asks for, all of them
    /// without it; or the usage error naming a currency the table lacks:
    /// `--symbols PLN: the H.10 has no PLN rate (it has AUD, BRL, …)`,
    /// `whose` naming the table.
    pub fn of_table<T: Copy>(
        &self,
        table: &[T],
        code: fn(&T) -> CurrencyCode,
        whose: &str,
    ) -> Result<Vec<T>, Error> {
        if let Some(missing) = self
            .symbols
            .iter()
            .find(|symbol| table.iter().all(|entry| code(entry) != **symbol))
        {
            let codes: Vec<CurrencyCode> = table.iter().map(code).collect();
            let codes: Vec<&str> = codes.iter().map(CurrencyCode::as_str).collect();
            return Err(Error::Usage(format!(
                "--symbols {missing}: {whose} has no {missing} rate (it has {})",
                codes.join(", ")
            )));
        }
        Ok(table
            .iter()
            .filter(|entry| self.symbols.is_empty() || self.symbols.contains(&code(entry)))
            .copied()
            .collect())
    }

    /// `symbols=USD,GBP` for a query string, or `None` when all are kept.
    pub fn symbols_query(&self) -> Option<String> {
        (!self.symbols.is_empty()).then(|| {
            let codes: Vec<&str> = self.symbols.iter().map(CurrencyCode::as_str).collect();
            format!("symbols={}", codes.join(","))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rate, parse_date};

    fn code(s: &str) -> CurrencyCode {
        s.parse().expect("code")
    }

    fn sample_day() -> DayRates {
        let rate: Rate = "1.5".parse().expect("rate");
        DayRates::against(
            parse_date("2024-07-26").expect("date"),
            CurrencyCode::EUR,
            vec![
                (code("USD"), rate),
                (code("GBP"), rate),
                (code("JPY"), rate),
            ],
        )
        .expect("day")
    }

    #[test]
    fn a_selection_keeps_the_symbols_in_published_order() {
        let selection = Selection {
            base: Some(CurrencyCode::EUR),
            symbols: vec![code("JPY"), code("USD")],
        };
        let day = selection.apply(sample_day()).expect("kept");
        let (days, absent) = selection.reduce(vec![day], false).expect("kept");
        assert_eq!(absent, []);
        let quotes: Vec<String> = days[0]
            .rates()
            .iter()
            .map(|r| r.quote.to_string())
            .collect();
        assert_eq!(quotes, ["USD", "JPY"]);
        assert_eq!(
            selection.symbols_query().as_deref(),
            Some("symbols=JPY,USD")
        );
        assert_eq!(Selection::default().symbols_query(), None);
    }

    /// `sample_day` on `date`, without `dropped`.
    fn sample_on(date: &str, dropped: &str) -> DayRates {
        let day = DayRates::against(
            crate::model::parse_date(date).expect("date"),
            CurrencyCode::EUR,
            sample_day()
                .rates()
                .iter()
                .map(|rate| (rate.quote, rate.rate))
                .collect(),
        )
        .expect("day");
        day.retain(|rate| rate.quote.as_str() != dropped)
            .expect("rates")
    }

    #[test]
    fn sparse_days_keep_the_quotes_they_have_and_name_none_absent() {
        let selection = Selection {
            base: None,
            symbols: vec![code("USD"), code("JPY")],
        };
        let days = vec![
            sample_on("2024-07-25", "JPY"),
            sample_on("2024-07-26", "-"),
            sample_on("2024-07-29", "JPY"),
        ];
        let (kept, absent) = selection.reduce(days, true).expect("kept");
        assert_eq!(absent, []);
        let counts: Vec<usize> = kept.iter().map(|day| day.rates().len()).collect();
        assert_eq!(counts, [1, 2, 1]);
    }

    #[test]
    fn a_symbol_missing_before_a_day_that_has_it_refuses_the_answer() {
        let selection = Selection {
            base: None,
            symbols: vec![code("USD"), code("JPY")],
        };
        let days = vec![
            sample_on("2024-07-25", "-"),
            sample_on("2024-07-26", "JPY"),
            sample_on("2024-07-29", "-"),
        ];
        assert_eq!(
            selection.reduce(days, false).expect_err("a hole"),
            "day 2024-07-26: no rate for JPY (asked for by --symbols), though a later day has one"
        );
    }

    #[test]
    fn a_symbol_missing_from_the_newest_days_is_absent_and_the_rest_is_kept() {
        let selection = Selection {
            base: None,
            symbols: vec![code("USD"), code("JPY"), code("CHF")],
        };
        let days = vec![
            sample_on("2024-07-25", "-"),
            sample_on("2024-07-26", "JPY"),
            sample_on("2024-07-29", "JPY"),
        ];
        let (kept, absent) = selection.reduce(days, false).expect("kept");
        assert_eq!(kept.len(), 3);
        assert_eq!(kept[2].rates().len(), 1, "USD only");
        let day = |s| Some(crate::model::parse_date(s).expect("date"));
        assert_eq!(
            absent,
            [
                Absent {
                    code: code("JPY"),
                    last_seen: day("2024-07-25")
                },
                Absent {
                    code: code("CHF"),
                    last_seen: None
                },
            ]
        );
        // Nothing answered: nothing is absent.
        assert_eq!(
            selection.reduce(Vec::new(), false),
            Ok((Vec::new(), Vec::new()))
        );
    }

    #[test]
    fn a_selection_refuses_another_base() {
        let other_base = Selection {
            base: Some(code("USD")),
            symbols: vec![],
        };
        let err = other_base.apply(sample_day()).expect_err("EUR base");
        assert!(err.contains("against EUR, not the USD asked for"), "{err}");
    }

    #[test]
    fn a_table_is_cut_to_the_symbols_and_a_currency_it_lacks_refused() {
        const TABLE: [(&str, &str); 3] = [("S1", "USD"), ("S2", "EUR"), ("S3", "JPY")];
        let code_of = |(_, iso): &(&str, &str)| iso.parse().expect("code");
        let of = |symbols: &[&str]| Selection {
            base: None,
            symbols: symbols.iter().map(|s| code(s)).collect(),
        };
        fn ids(picked: Vec<(&'static str, &'static str)>) -> Vec<&'static str> {
            picked.into_iter().map(|(id, _)| id).collect()
        }
        let pick = |symbols: &[&str]| {
            of(symbols)
                .of_table(&TABLE, code_of, "the H.10")
                .map(ids)
                .map_err(|err| err.to_string())
        };
        assert_eq!(pick(&[]), Ok(vec!["S1", "S2", "S3"]));
        assert_eq!(pick(&["JPY", "USD"]), Ok(vec!["S1", "S3"]));
        assert_eq!(
            pick(&["USD", "PLN"]),
            Err("--symbols PLN: the H.10 has no PLN rate (it has USD, EUR, JPY)".to_owned())
        );
    }
}
