//! SDMX-CSV, as central banks' SDMX REST services answer a data query in
//! CSV: a header naming the columns (dimensions, attributes, `TIME_PERIOD`,
//! `OBS_VALUE`), then one observation per line. The reader is plain CSV
//! with a header, so other CSV answers (the Bank of England's) use it too,
//! and so does a table whose header comes below lines of notes (the Reserve
//! Bank of Australia's, [`Csv::parse_below_notes`]).
//!
//! Providers read columns by their header name, never by position, so a
//! column added or moved by the publisher changes nothing, and a column
//! missing refuses the document. Fields are RFC 4180: separated by commas
//! (or the separator a provider names, [`Csv::parse_separated`]),
//! optionally quoted, with `""` for a quote inside quotes; lines end in LF
//! or CRLF. The reader is strict where leniency would hide damage: a
//! document must end with a line break (so a body cut inside its last line
//! is refused, not read with a shortened number), every line must have as
//! many fields as the header, and an HTML page or a JSON document is named
//! as such.
//!
//! [`rate_days`] reads the observations of exchange-rate series (Norges
//! Bank's, the Bank of Israel's) into days: 10^`UNIT_MULT` units of the
//! series' currency cost `OBS_VALUE` units of the bank's own, on
//! `TIME_PERIOD`. Each provider picks its columns and checks its series;
//! the dates, units, values and days are read here, once.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::check_asked;
use crate::model::{
    CurrencyCode, DayRates, Published, Rate, Unit, check_published_day, parse_date,
};

/// An SDMX-CSV document: its header and its lines, every field as text.
#[derive(Debug)]
pub struct Csv {
    /// The lines above the header, of any width; none for plain CSV.
    notes: Vec<Record>,
    header: Vec<String>,
    records: Vec<Record>,
}

/// One line of data, with its line number in the document (the header is
/// line 1), for messages.
#[derive(Debug)]
struct Record {
    line: usize,
    fields: Vec<String>,
}

/// The fields of one line named by [`Csv::rows`], in the order asked for.
#[derive(Debug)]
pub struct Row<'a, const N: usize> {
    /// The line number in the document, the header being line 1.
    pub line: usize,
    pub values: [&'a str; N],
}

impl Csv {
    /// Reads `body` as CSV with a header line. Refuses text that is not
    /// UTF-8, an HTML or XML page, JSON, an empty document, a header naming a
    /// column twice, a line with more or fewer fields than the header, a
    /// stray quote, and a document that ends inside a line (truncated).
    /// Blank lines are ignored. (A UTF-8 byte-order mark never reaches
    /// here: [`crate::http`] takes it off every body.)
    pub fn parse(body: &[u8]) -> Result<Csv, String> {
        Csv::read(body, None, ',')
    }

    /// [`Csv::parse`] for a table whose header is the first line opening
    /// with the field `first` (the RBA's `Series ID`): the lines above it
    /// are notes of any width (a title, descriptions, units), read by
    /// [`Csv::note`]. Refuses a document without such a line.
    pub fn parse_below_notes(body: &[u8], first: &str) -> Result<Csv, String> {
        Csv::read(body, Some(first), ',')
    }

    /// [`Csv::parse`] for fields separated by `separator` rather than a
    /// comma (Statistics Denmark's `;`).
    pub fn parse_separated(body: &[u8], separator: char) -> Result<Csv, String> {
        Csv::read(body, None, separator)
    }

    fn read(body: &[u8], header_first: Option<&str>, separator: char) -> Result<Csv, String> {
        let text = std::str::from_utf8(body).map_err(|err| format!("not UTF-8 text: {err}"))?;
        let start = text.trim_start();
        if start.starts_with('<') {
            let tag: String = start.chars().take_while(|c| *c != '>').take(40).collect();
            return Err(format!("not CSV: an HTML or XML page ({tag}>…)"));
        }
        if start.starts_with(['{', '[']) {
            return Err("not CSV: a JSON document".to_owned());
        }
        if start.is_empty() {
            return Err("the document is empty".to_owned());
        }
        if !text.ends_with('\n') {
            return Err(format!(
                "the document ends early, inside line {} (truncated?)",
                text.lines().count()
            ));
        }
        let mut records = split(text, separator)?;
        let at = match header_first {
            None => 0,
            Some(first) => records
                .iter()
                .position(|record| record.fields[0] == first)
                .ok_or_else(|| format!("not the expected CSV: no line opens with {first}"))?,
        };
        let notes: Vec<Record> = records.drain(..at).collect();
        let mut records = records.into_iter();
        let header = records
            .next()
            .map(|record| record.fields)
            .ok_or("the document has no header")?;
        for (i, name) in header.iter().enumerate() {
            if header[..i].contains(name) {
                return Err(format!("the header names the column {name} twice"));
            }
        }
        let records: Vec<Record> = records.collect();
        if let Some(record) = records.iter().find(|r| r.fields.len() != header.len()) {
            return Err(format!(
                "line {} has {} fields, the header {}",
                record.line,
                record.fields.len(),
                header.len()
            ));
        }
        Ok(Csv {
            notes,
            header,
            records,
        })
    }

    /// The fields of the first line of notes opening with `first`
    /// (`Units`), that field included; `None` when no note does.
    pub fn note(&self, first: &str) -> Option<&[String]> {
        self.notes
            .iter()
            .find(|record| record.fields[0] == first)
            .map(|record| record.fields.as_slice())
    }

    /// The column names, in document order.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Every line: its number and all its fields, in header order.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &[String])> {
        self.records
            .iter()
            .map(|record| (record.line, record.fields.as_slice()))
    }

    /// Every line's fields of the columns `names`, in that order; refuses
    /// a document lacking one of them (a changed format).
    pub fn rows<const N: usize>(&self, names: [&str; N]) -> Result<Vec<Row<'_, N>>, String> {
        let mut columns = [0; N];
        for (column, name) in columns.iter_mut().zip(names) {
            *column = self
                .header
                .iter()
                .position(|header| header == name)
                .ok_or_else(|| {
                    format!(
                        "not the expected CSV: no column {name} (the header is {})",
                        shorten(&self.header.join(","))
                    )
                })?;
        }
        Ok(self
            .records
            .iter()
            .map(|record| Row {
                line: record.line,
                values: columns.map(|column| record.fields[column].as_str()),
            })
            .collect())
    }
}

/// One observation of an exchange-rate series, as its line gives it:
/// 10^`unit_mult` units of `base` cost `value` units of the home currency
/// on `period`.
#[derive(Clone, Copy, Debug)]
pub struct RateObservation<'a> {
    /// The line number in the document, for messages.
    pub line: usize,
    /// `BASE_CUR`, `BASE_CURRENCY`: the currency priced.
    pub base: &'a str,
    /// `TIME_PERIOD`: the day, `YYYY-MM-DD`.
    pub period: &'a str,
    /// `UNIT_MULT`: the power of ten of the units priced.
    pub unit_mult: &'a str,
    /// `OBS_VALUE`: the price, a plain decimal.
    pub value: &'a str,
    /// The number of decimals published, where the service states it apart
    /// (Norges Bank's `DECIMALS`): the trailing zeros `value` lost are
    /// restored. `None` stores `value` as it is.
    pub decimals: Option<&'a str>,
}

/// The days of `observations`, oldest first, each rate `10^UNIT_MULT base
/// = value home` as published. With `asked`, a day outside it refuses the
/// document; no observation is no day.
///
/// Refuses, at the first observation that has one (or at an `Err` among
/// them, a provider's refusal of a line): a base that is not a currency
/// code, a day that is not a date or lies out of the window of
/// [`check_published_day`] for a run on `today`, a value that is not a
/// positive plain decimal or has more decimals than stated, a unit
/// multiplier that is not 0 to 6, and a currency twice on one day.
pub fn rate_days<'a>(
    observations: impl IntoIterator<Item = Result<RateObservation<'a>, String>>,
    home: CurrencyCode,
    first: NaiveDate,
    today: NaiveDate,
    asked: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<DayRates>, String> {
    let mut days: BTreeMap<NaiveDate, Vec<Published>> = BTreeMap::new();
    for observation in observations {
        let RateObservation {
            line,
            base,
            period,
            unit_mult,
            value,
            decimals,
        } = observation?;
        let base: CurrencyCode = base.parse().map_err(|err| format!("line {line}: {err}"))?;
        let date = check_published_day(
            parse_date(period).map_err(|err| format!("line {line}, {base}: {err}"))?,
            first,
            today,
        )?;
        if let Some((from, to)) = asked {
            check_asked(date, from, to)?;
        }
        let rate =
            observed_rate(value, decimals).map_err(|err| format!("day {date}, {base}: {err}"))?;
        let unit = unit_mult
            .parse::<u32>()
            .map_err(|_| format!("invalid unit multiplier {unit_mult:?}"))
            .and_then(Unit::from_exponent)
            .map_err(|err| format!("day {date}, {base}: {err}"))?;
        days.entry(date)
            .or_default()
            .push(Published::per(unit, base, home, rate));
    }
    days.into_iter()
        .map(|(date, rates)| DayRates::new(date, home, rates))
        .collect()
}

/// `value` as a rate, with its trailing zeros restored to the `decimals`
/// published, if stated: `2.857` with 4 decimals is `2.8570`.
fn observed_rate(value: &str, decimals: Option<&str>) -> Result<Rate, String> {
    if value.is_empty() {
        return Err("no OBS_VALUE".to_owned());
    }
    let rate = value.parse::<Rate>()?;
    let Some(decimals) = decimals else {
        return Ok(rate);
    };
    let decimals: usize = decimals
        .parse()
        .ok()
        .filter(|decimals| *decimals <= 12)
        .ok_or_else(|| format!("invalid DECIMALS {decimals:?} (expected 0 to 12)"))?;
    let places = value
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len());
    if places > decimals {
        return Err(format!(
            "invalid rate {value:?} (more decimals than the {decimals} published)"
        ));
    }
    let mut text = value.to_owned();
    if places == 0 && decimals > 0 {
        text.push('.');
    }
    text.extend(std::iter::repeat_n('0', decimals - places));
    text.parse()
}

/// The first 80 characters of `text`, for a message.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// Splits `text`, which ends with a line break, into records of fields
/// separated by `separator`.
fn split(text: &str, separator: char) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    // Whether the current field was quoted, and its closing quote seen.
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if field.is_empty() && !quoted => {
                quoted = true;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => {
                            line += usize::from(c == '\n');
                            field.push(c);
                        }
                        None => {
                            return Err(format!(
                                "the document ends early, inside a quoted field of line {record_line} (truncated?)"
                            ));
                        }
                    }
                }
                if !matches!(chars.peek(), Some(&c) if c == separator || c == '\r' || c == '\n') {
                    return Err(format!("line {line}: text after a closing quote"));
                }
            }
            '"' => return Err(format!("line {line}: a quote inside an unquoted field")),
            c if c == separator => {
                fields.push(std::mem::take(&mut field));
                quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                let blank = fields.len() == 1 && fields[0].is_empty() && !quoted;
                if !blank {
                    records.push(Record {
                        line: record_line,
                        fields: std::mem::take(&mut fields),
                    });
                }
                fields.clear();
                quoted = false;
                line += 1;
                record_line = line;
            }
            c => {
                if quoted {
                    return Err(format!("line {line}: text after a closing quote"));
                }
                field.push(c);
            }
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows<const N: usize>(
        text: &str,
        names: [&str; N],
    ) -> Result<Vec<(usize, Vec<String>)>, String> {
        let csv = Csv::parse(text.as_bytes())?;
        Ok(csv
            .rows(names)?
            .into_iter()
            .map(|row| (row.line, row.values.map(str::to_owned).to_vec()))
            .collect())
    }

    #[test]
    fn columns_are_found_by_name_whatever_their_order() {
        let text = "A,TIME_PERIOD,OBS_VALUE\r\nx,2026-03-16,1.5\r\ny,2026-03-17,2\r\n";
        assert_eq!(
            rows(text, ["OBS_VALUE", "TIME_PERIOD"]),
            Ok(vec![
                (2, vec!["1.5".to_owned(), "2026-03-16".to_owned()]),
                (3, vec!["2".to_owned(), "2026-03-17".to_owned()]),
            ])
        );
        let err = rows(text, ["OBS_VALUE", "UNIT_MULT"]).expect_err("no UNIT_MULT");
        assert_eq!(
            err,
            "not the expected CSV: no column UNIT_MULT (the header is A,TIME_PERIOD,OBS_VALUE)"
        );
    }

    #[test]
    fn quoted_fields_may_hold_commas_quotes_and_line_breaks() {
        let text = "\"A\",B,C\n\"x, \"\"y\"\"\",,\"two\nlines\"\n\nz,\"\",w\n";
        assert_eq!(
            rows(text, ["A", "B", "C"]),
            Ok(vec![
                (
                    2,
                    vec![
                        "x, \"y\"".to_owned(),
                        String::new(),
                        "two\nlines".to_owned()
                    ]
                ),
                (5, vec!["z".to_owned(), String::new(), "w".to_owned()]),
            ])
        );
    }

    #[test]
    fn a_header_only_document_has_no_rows() {
        let csv = Csv::parse(b"A,B\n").expect("valid");
        assert_eq!(csv.rows(["B", "A"]).map(|rows| rows.len()), Ok(0));
    }

    fn observation<'a>(line: usize, period: &'a str, value: &'a str) -> RateObservation<'a> {
        RateObservation {
            line,
            base: "USD",
            period,
            unit_mult: "0",
            value,
            decimals: None,
        }
    }

    fn day(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    const NOK: CurrencyCode = CurrencyCode::from_static(b"NOK");

    #[test]
    fn observations_make_days_oldest_first_in_their_units() {
        let jpy = RateObservation {
            base: "JPY",
            unit_mult: "2",
            ..observation(4, "2026-03-02", "1.971")
        };
        let observations = [
            observation(2, "2026-03-05", "3.072"),
            observation(3, "2026-03-02", "3.073"),
            jpy,
        ];
        let days = rate_days(
            observations.map(Ok),
            NOK,
            day("1999-01-04"),
            day("2026-03-06"),
            None,
        )
        .expect("valid");
        let shown: Vec<(String, Vec<String>)> = days
            .iter()
            .map(|d| {
                let rates = d.rates().iter().map(ToString::to_string).collect();
                (d.date().to_string(), rates)
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "2026-03-02".to_owned(),
                    vec![
                        "1 USD = 3.073 NOK".to_owned(),
                        "100 JPY = 1.971 NOK".to_owned()
                    ]
                ),
                (
                    "2026-03-05".to_owned(),
                    vec!["1 USD = 3.072 NOK".to_owned()]
                ),
            ]
        );
        let none = rate_days(
            std::iter::empty(),
            NOK,
            day("1999-01-04"),
            day("2026-03-06"),
            None,
        );
        assert_eq!(none, Ok(Vec::new()));
    }

    #[test]
    fn a_provider_refusal_among_observations_refuses_them_all() {
        let observations = [
            Ok(observation(2, "2026-03-05", "3.072")),
            Err("line 3: not a rate".to_owned()),
        ];
        let err = rate_days(
            observations,
            NOK,
            day("1999-01-04"),
            day("2026-03-06"),
            None,
        )
        .expect_err("refused");
        assert_eq!(err, "line 3: not a rate");
    }

    #[test]
    fn decimals_are_restored_when_stated_and_never_cut() {
        let observed = |value, decimals| observed_rate(value, decimals).map(|r| r.to_string());
        assert_eq!(observed("2.857", Some("4")), Ok("2.8570".to_owned()));
        assert_eq!(observed("148", Some("2")), Ok("148.00".to_owned()));
        assert_eq!(observed("9", Some("0")), Ok("9".to_owned()));
        assert_eq!(observed("9.7134", Some("4")), Ok("9.7134".to_owned()));
        assert_eq!(observed("3.544", None), Ok("3.544".to_owned()));
        assert_eq!(
            observed("10.71405", Some("4")),
            Err("invalid rate \"10.71405\" (more decimals than the 4 published)".to_owned())
        );
        assert!(
            observed("10.7", Some("x"))
                .expect_err("bad DECIMALS")
                .contains("invalid DECIMALS \"x\"")
        );
        assert_eq!(observed("", None), Err("no OBS_VALUE".to_owned()));
    }

    #[test]
    fn a_header_below_notes_is_found_by_its_first_field() {
        let text = "F11.1  EXCHANGE RATES\nTitle,A$1=USD,Index\n\nUnits,USD,Index\n\
                    Series ID,FXRUSD,FXRTWI\n03-Jan-2023,0.6828,61.40\n\n\n";
        let csv = Csv::parse_below_notes(text.as_bytes(), "Series ID").expect("valid");
        assert_eq!(csv.header(), ["Series ID", "FXRUSD", "FXRTWI"]);
        assert_eq!(
            csv.note("Units").map(<[String]>::to_vec),
            Some(vec![
                "Units".to_owned(),
                "USD".to_owned(),
                "Index".to_owned()
            ])
        );
        assert_eq!(csv.note("Source"), None);
        let lines: Vec<(usize, Vec<String>)> = csv
            .lines()
            .map(|(line, fields)| (line, fields.to_vec()))
            .collect();
        assert_eq!(
            lines,
            [(
                6,
                vec![
                    "03-Jan-2023".to_owned(),
                    "0.6828".to_owned(),
                    "61.40".to_owned()
                ]
            )]
        );
        let err = Csv::parse_below_notes(b"Title,A$1=USD\n03-Jan-2023,0.6828\n", "Series ID")
            .expect_err("no header");
        assert_eq!(err, "not the expected CSV: no line opens with Series ID");
        let err = Csv::parse_below_notes(b"Series ID,FXRUSD\n03-Jan-2023\n", "Series ID")
            .expect_err("short line");
        assert_eq!(err, "line 2 has 1 fields, the header 2");
    }

    #[test]
    fn damaged_documents_are_refused() {
        let cases = [
            ("", "the document is empty"),
            ("A,B\nx,1", "the document ends early, inside line 2"),
            (
                "A,B\nx,\"1\n",
                "ends early, inside a quoted field of line 2",
            ),
            ("A,B\nx\n", "line 2 has 1 fields, the header 2"),
            ("A,B\nx,1,2\n", "line 2 has 3 fields, the header 2"),
            ("A,A\nx,1\n", "the header names the column A twice"),
            ("A,B\nx,1\"\n", "line 2: a quote inside an unquoted field"),
            ("A,B\n\"x\"y,1\n", "line 2: text after a closing quote"),
            (
                "<!DOCTYPE html>\n<html></html>\n",
                "not CSV: an HTML or XML page (<!DOCTYPE html>…)",
            ),
        ];
        for (text, expected) in cases {
            let err = Csv::parse(text.as_bytes()).expect_err(text);
            assert!(err.contains(expected), "{text:?}: {err}");
        }
        assert!(
            Csv::parse(&[0xff, b'\n'])
                .expect_err("binary")
                .starts_with("not UTF-8")
        );
    }
}
