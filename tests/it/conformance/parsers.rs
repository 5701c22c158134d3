//! The parsers of a provider's documents never panic: any bytes, and any
//! edit of a recorded answer, yield days or an error (property tests run
//! with proptest's runner, so that each provider's are tests of its own).
//! What a parser accepts keeps the promises of [`check_days`].

use std::path::Path;

use chrono::NaiveDate;
use fxrates::model::DayRates;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// A provider's parsers as the suite and the fuzzers check them.
#[derive(Debug)]
pub struct Parser {
    /// Feeds the bytes to each of the provider's parsers, the way a run
    /// would, and checks what they accept; panics otherwise.
    pub check: fn(&[u8]),
    /// Recorded answers in `tests/fixtures/`, the seeds of the edits.
    pub seeds: &'static [&'static str],
    /// Its cargo-fuzz target in `fuzz/fuzz_targets/`, whose crashes are
    /// kept in `fuzz/regressions/<target>/` and replayed by
    /// `tests/it/parsers.rs`.
    pub fuzz_target: &'static str,
}

/// The `today` the parsers run on in these tests.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date")
}

/// The days a range parser is asked for: every recording's.
pub fn asked() -> (NaiveDate, NaiveDate) {
    let day = |year, month, day| NaiveDate::from_ymd_opt(year, month, day).expect("a date");
    (day(2024, 1, 1), day(2026, 12, 31))
}

/// Checks the promises of the days a parser accepted
/// ([`fxrates::providers::check_answer`], the check `fetch` makes of every
/// answer): strictly increasing, none after the day after [`today`] (a
/// publisher a timezone ahead), each within `asked` when a range was
/// asked for.
pub fn check_days(days: &[DayRates], asked: Option<(NaiveDate, NaiveDate)>) {
    let latest = today().succ_opt().expect("a date");
    if let Err(reason) = fxrates::providers::check_answer(days, asked, latest) {
        panic!("{reason}");
    }
}

/// The test runner: proptest's configuration (`PROPTEST_CASES` applies),
/// no file of failures to persist, since the regressions are kept in
/// `fuzz/regressions/`.
fn runner() -> TestRunner {
    TestRunner::new(Config {
        failure_persistence: None,
        ..Config::default()
    })
}

/// Any bytes at all.
pub fn never_panics_on_any_bytes(parser: &Parser) {
    runner()
        .run(&prop::collection::vec(any::<u8>(), 0..2048), |bytes| {
            (parser.check)(&bytes);
            Ok(())
        })
        .unwrap_or_else(|err| panic!("{err}"));
}

/// A few edits of a recorded answer: bytes overwritten, inserted,
/// deleted, the document cut.
pub fn never_panics_on_an_edited_recording(parser: &Parser) {
    let seeds = fixtures(parser.seeds);
    let strategy = (0..seeds.len(), prop::collection::vec(edit(), 1..8));
    runner()
        .run(&strategy, |(which, edits)| {
            let mut document = seeds[which].clone();
            for edit in &edits {
                apply(&mut document, edit);
            }
            (parser.check)(&document);
            Ok(())
        })
        .unwrap_or_else(|err| panic!("{err}"));
}

/// The fixtures `names` in `tests/fixtures/`.
pub fn fixtures(names: &[&str]) -> Vec<Vec<u8>> {
    names
        .iter()
        .map(|name| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name);
            std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        })
        .collect()
}

/// One edit of a document: overwrite, insert or delete a byte at a position
/// given as a fraction of its length, or cut it there.
#[derive(Clone, Debug)]
enum Edit {
    Overwrite(f64, u8),
    Insert(f64, u8),
    Delete(f64),
    Truncate(f64),
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = 0.0..1.0f64;
    prop_oneof![
        (at.clone(), any::<u8>()).prop_map(|(at, byte)| Edit::Overwrite(at, byte)),
        (at.clone(), any::<u8>()).prop_map(|(at, byte)| Edit::Insert(at, byte)),
        at.clone().prop_map(Edit::Delete),
        at.prop_map(Edit::Truncate),
    ]
}

fn apply(document: &mut Vec<u8>, edit: &Edit) {
    let index = |at: f64, len: usize| ((at * len as f64) as usize).min(len.saturating_sub(1));
    match *edit {
        Edit::Overwrite(at, byte) if !document.is_empty() => {
            let i = index(at, document.len());
            document[i] = byte;
        }
        Edit::Insert(at, byte) => {
            let i = index(at, document.len() + 1);
            document.insert(i, byte);
        }
        Edit::Delete(at) if !document.is_empty() => {
            let i = index(at, document.len());
            document.remove(i);
        }
        Edit::Truncate(at) => document.truncate(index(at, document.len() + 1)),
        _ => {}
    }
}
