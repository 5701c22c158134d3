//! A synthetic ECB history for `scripts/bench.sh`, in the shape of the ECB's
//! files: every TARGET business day from 1999-01-04 to TODAY by fxrates's own
//! calendar (and TODAY itself, so that the daily run reads
//! `eurofxref-daily.xml` as a cron run does), newest first, with rates of 4
//! to 6 significant digits following a random walk, trailing zeros stripped
//! in some, and the set of currencies changing over the years.
//!
//! ```sh
//! cargo run --release --example synthetic_history -- WWW_DIR CSV_FILE TODAY
//! ```
//!
//! It writes `eurofxref-hist.xml`, `eurofxref-hist-90d.xml` and
//! `eurofxref-daily.xml` into WWW_DIR, the same rates to CSV_FILE as
//! `ecb,DAY,EUR,CODE,RATE` lines (the columns `source, rate_date, base, quote,
//! rate` of `rates`, for psql's `\copy`), and prints `DAYS RATES NEWEST_DAY
//! NEWEST_RATES` on one line.
//!
//! The walk draws from a Mersenne Twister seeded and read as Python's
//! `random` module does (`seed(19990104)`, then `gauss` and `random`), which
//! made the history before: the files are byte for byte the ones the dated
//! figures in docs/benchmarks.md were measured on.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{Days, NaiveDate};
use fxrates::calendar::is_target_business_day;
use fxrates::providers::ecb;

/// A currency of the history: its code, first rate, significant digits, and
/// the first and last days it is published (`None`: the whole history).
struct Currency {
    code: &'static str,
    first_rate: f64,
    digits: usize,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

const fn currency(
    code: &'static str,
    first_rate: f64,
    digits: usize,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Currency {
    Currency {
        code,
        first_rate,
        digits,
        from,
        until,
    }
}

const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(day) => day,
        None => panic!("a bad date in CURRENCIES"),
    }
}

const CURRENCIES: &[Currency] = &[
    currency("USD", 1.1789, 5, None, None),
    currency("JPY", 133.73, 5, None, None),
    currency("BGN", 1.9558, 5, Some(date(2000, 7, 19)), None),
    currency("CYP", 0.58231, 5, None, Some(date(2007, 12, 31))),
    currency("CZK", 35.107, 5, None, None),
    currency("DKK", 7.4501, 5, None, None),
    currency("EEK", 15.6466, 6, None, Some(date(2010, 12, 31))),
    currency("GBP", 0.7111, 4, None, None),
    currency("GRD", 327.15, 5, None, Some(date(2000, 12, 29))),
    currency("HUF", 251.48, 5, None, None),
    currency("LTL", 4.717, 4, None, Some(date(2014, 12, 31))),
    currency("LVL", 0.6668, 4, None, Some(date(2013, 12, 31))),
    currency("MTL", 0.4432, 4, None, Some(date(2007, 12, 31))),
    currency("PLN", 4.0712, 5, None, None),
    currency("RON", 3.6045, 5, Some(date(2005, 7, 1)), None),
    currency("SEK", 9.4696, 5, None, None),
    currency("SIT", 189.045, 6, None, Some(date(2006, 12, 29))),
    currency("SKK", 42.991, 5, None, Some(date(2008, 12, 31))),
    currency("CHF", 1.6168, 5, None, None),
    currency("ISK", 81.48, 4, None, Some(date(2008, 12, 9))),
    currency("NOK", 8.855, 4, None, None),
    currency("HRK", 7.4355, 5, None, Some(date(2022, 12, 30))),
    currency("RUB", 25.2069, 6, None, Some(date(2022, 3, 1))),
    currency("TRY", 1.6717, 5, Some(date(2005, 1, 3)), None),
    currency("AUD", 1.91, 4, None, None),
    currency("BRL", 3.2132, 5, Some(date(2005, 1, 3)), None),
    currency("CAD", 1.8004, 5, None, None),
    currency("CNY", 11.2124, 6, Some(date(2005, 4, 1)), None),
    currency("HKD", 9.1332, 5, None, None),
    currency("IDR", 10213.2, 6, Some(date(2005, 4, 1)), None),
    currency("ILS", 4.6145, 5, Some(date(2011, 1, 3)), None),
    currency("INR", 57.035, 5, Some(date(2005, 4, 1)), None),
    currency("KRW", 1330.3, 5, None, None),
    currency("MXN", 15.3715, 6, Some(date(2005, 4, 1)), None),
    currency("MYR", 4.8034, 5, Some(date(2005, 4, 1)), None),
    currency("NZD", 2.2229, 5, None, None),
    currency("PHP", 67.305, 5, Some(date(2005, 4, 1)), None),
    currency("SGD", 1.9554, 5, None, None),
    currency("THB", 49.53, 4, Some(date(2005, 4, 1)), None),
    currency("ZAR", 6.9358, 5, None, None),
];

const SEED: u32 = 19_990_104;
/// The daily relative change of a rate: normal, with this standard deviation.
const DAILY_SIGMA: f64 = 0.004;

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
	<gesmes:subject>Reference rates</gesmes:subject>
	<gesmes:Sender>
		<gesmes:name>European Central Bank</gesmes:name>
	</gesmes:Sender>
	<Cube>
"#;
const TAIL: &str = "\t</Cube>\n</gesmes:Envelope>\n";

/// One published day: its rates as printed, in the order of [`CURRENCIES`].
struct Day {
    day: NaiveDate,
    rates: Vec<(&'static str, String)>,
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [www, csv, today] = args.as_slice() else {
        bail!("usage: synthetic_history WWW_DIR CSV_FILE TODAY (YYYY-MM-DD)");
    };
    let today: NaiveDate = today
        .parse()
        .with_context(|| format!("TODAY {today:?} is not a YYYY-MM-DD date"))?;
    let published = history(today)?;
    let www = PathBuf::from(www);

    write_xml(&www.join("eurofxref-hist.xml"), &published)?;
    let last_90 = today - Days::new(90);
    let recent = published.partition_point(|day| day.day > last_90);
    write_xml(&www.join("eurofxref-hist-90d.xml"), &published[..recent])?;
    write_xml(&www.join("eurofxref-daily.xml"), &published[..1])?;
    write_csv(Path::new(csv), &published)?;

    let newest = &published[0];
    let rates: usize = published.iter().map(|day| day.rates.len()).sum();
    println!(
        "{} {rates} {} {}",
        published.len(),
        newest.day,
        newest.rates.len()
    );
    Ok(())
}

/// Every published day, newest first.
fn history(today: NaiveDate) -> Result<Vec<Day>> {
    let first_day = ecb::INFO.first_day;
    if today < first_day {
        bail!("TODAY {today} is before {first_day}");
    }
    let mut values: Vec<f64> = CURRENCIES.iter().map(|c| c.first_rate).collect();

    let mut random = PythonRandom::new(SEED);
    let mut published = Vec::new();
    for day in first_day.iter_days().take_while(|day| *day <= today) {
        if !is_target_business_day(day) && day != today {
            continue;
        }
        let mut rates = Vec::new();
        for (currency, value) in CURRENCIES.iter().zip(&mut values) {
            if currency.from.is_some_and(|from| day < from)
                || currency.until.is_some_and(|until| day > until)
            {
                continue;
            }
            *value *= 1.0 + random.gauss(DAILY_SIGMA);
            let strip = random.random() < 0.5;
            rates.push((currency.code, rate_text(*value, currency.digits, strip)));
        }
        published.push(Day { day, rates });
    }
    published.reverse();
    Ok(published)
}

/// `value` with `digits` significant digits (all of its integer digits when
/// it has more), its trailing zeros and point removed when `strip`.
fn rate_text(value: f64, digits: usize, strip: bool) -> String {
    let integer_digits = (value.trunc() as u64).to_string().len();
    let text = format!("{value:.*}", digits.saturating_sub(integer_digits));
    if strip && text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

fn write_xml(path: &Path, days: &[Day]) -> Result<()> {
    write_file(path, |out| {
        out.write_all(HEAD.as_bytes())?;
        for Day { day, rates } in days {
            writeln!(out, "\t\t<Cube time=\"{day}\">")?;
            for (code, rate) in rates {
                writeln!(out, "\t\t\t<Cube currency=\"{code}\" rate=\"{rate}\"/>")?;
            }
            writeln!(out, "\t\t</Cube>")?;
        }
        out.write_all(TAIL.as_bytes())
    })
}

fn write_csv(path: &Path, days: &[Day]) -> Result<()> {
    write_file(path, |out| {
        for Day { day, rates } in days {
            for (code, rate) in rates {
                writeln!(out, "ecb,{day},EUR,{code},{rate}")?;
            }
        }
        Ok(())
    })
}

fn write_file(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<()> {
    let mut out = BufWriter::new(
        File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
    );
    write(&mut out)
        .and_then(|()| out.flush())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// MT19937 as CPython's `random` module seeds and reads it, so that the same
/// seed gives the same walk.
struct PythonRandom {
    state: [u32; 624],
    index: usize,
    next_gauss: Option<f64>,
}

impl PythonRandom {
    /// `random.seed(seed)`: an integer seed below 2³² is a key of one word.
    fn new(seed: u32) -> Self {
        let mut state = [0u32; 624];
        state[0] = 19_650_218;
        for i in 1..624 {
            let previous = state[i - 1];
            state[i] = 1_812_433_253u32
                .wrapping_mul(previous ^ (previous >> 30))
                .wrapping_add(i as u32);
        }
        let mut i = 1;
        for _ in 0..624 {
            let previous = state[i - 1];
            state[i] = (state[i] ^ (previous ^ (previous >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(seed);
            i += 1;
            if i == 624 {
                state[0] = state[623];
                i = 1;
            }
        }
        for _ in 0..623 {
            let previous = state[i - 1];
            state[i] = (state[i] ^ (previous ^ (previous >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i == 624 {
                state[0] = state[623];
                i = 1;
            }
        }
        state[0] = 0x8000_0000;
        PythonRandom {
            state,
            index: 624,
            next_gauss: None,
        }
    }

    fn next_u32(&mut self) -> u32 {
        if self.index == 624 {
            for i in 0..624 {
                let y = (self.state[i] & 0x8000_0000) | (self.state[(i + 1) % 624] & 0x7fff_ffff);
                let mut next = self.state[(i + 397) % 624] ^ (y >> 1);
                if y & 1 == 1 {
                    next ^= 0x9908_b0df;
                }
                self.state[i] = next;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random.random()`: a float in [0, 1) with 53 random bits.
    fn random(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// `random.gauss(0, sigma)`: Box-Muller, the second value kept for the
    /// next call.
    fn gauss(&mut self, sigma: f64) -> f64 {
        let z = match self.next_gauss.take() {
            Some(z) => z,
            None => {
                let angle = self.random() * std::f64::consts::TAU;
                let radius = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.next_gauss = Some(angle.sin() * radius);
                angle.cos() * radius
            }
        };
        z * sigma
    }
}
