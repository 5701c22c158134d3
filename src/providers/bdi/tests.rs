use super::*;

const RECORDED: &[u8] = include_bytes!("../../../tests/fixtures/bdi/2026-02-09.csv");
const HEAD: &str = "Country,Currency,ISO Code,UIC Code,Rate,Rate convention,Reference date (CET)\n";

fn day(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn today() -> NaiveDate {
    day("2026-03-01")
}

/// A list of 2024-06-27 of `lines`.
fn june(lines: &str) -> Result<Option<DayRates>, String> {
    parse(
        format!("{HEAD}{lines}").as_bytes(),
        today(),
        day("2024-06-27"),
    )
}

fn line(country: &str, code: &str, figure: &str) -> String {
    format!("{country},X,{code},000,{figure},{PER_EURO},2024-06-27\n")
}

fn rate_of(list: &DayRates, quote: &str) -> String {
    let published = list
        .rates()
        .iter()
        .find(|r| r.quote.as_str() == quote)
        .unwrap_or_else(|| panic!("{quote}"));
    assert_eq!(
        (published.base, published.unit.count()),
        (CurrencyCode::EUR, 1)
    );
    published.rate.to_string()
}

#[test]
fn the_recorded_list_is_stored_as_printed() {
    let list = parse(RECORDED, today(), day("2026-02-09"))
        .expect("valid")
        .expect("a list");
    assert_eq!(list.date(), day("2026-02-09"));
    // 171 lines, 154 codes (XOF ×8, XAF ×6, XCD ×6), 4 of them N.A.
    assert_eq!(list.rates().len(), 150);
    assert_eq!(rate_of(&list, "ALL"), "96.74");
    assert_eq!(rate_of(&list, "BBD"), "2.377200");
    assert_eq!(rate_of(&list, "JPY"), "185.6500");
    assert_eq!(rate_of(&list, "BHD"), "0.447");
    assert_eq!(rate_of(&list, "XDR"), "0.863189");
    assert_eq!(rate_of(&list, "XCG"), "2.1276");
    assert_eq!(rate_of(&list, "XOF"), "655.957");
    for missing in ["BYN", "IRR", "KPW", "RUB"] {
        assert!(list.rates().iter().all(|r| r.quote.as_str() != missing));
    }
    let err = parse(RECORDED, today(), day("2026-02-10")).expect_err("another day");
    assert_eq!(
        err,
        "line 2: dated 2026-02-09, not 2026-02-10, the day asked for"
    );
}

#[test]
fn the_header_without_lines_is_nothing_published() {
    assert_eq!(june(""), Ok(None));
    let disclaimer = format!("{HEAD}\n\n# DISCLAIMER\n# Banca d\u{2019}Italia, text.\n");
    assert_eq!(
        parse(disclaimer.as_bytes(), today(), day("2024-06-27")),
        Ok(None)
    );
    assert_eq!(
        june(&line("RUSSIA", "RUB", "N.A.")),
        Err("day 2024-06-27 has no rates".to_owned())
    );
}

#[test]
fn a_code_of_several_countries_is_one_rate_unless_its_figures_differ() {
    let one = june(&format!(
        "{}{}{}",
        line("BENIN", "XOF", "655.957"),
        line("USA", "USD", "1.0700"),
        line("MALI", "XOF", "655.957")
    ))
    .expect("valid")
    .expect("a list");
    assert_eq!(one.rates().len(), 2);
    let err = june(&format!(
        "{}{}",
        line("BENIN", "XOF", "655.957"),
        line("MALI", "XOF", "655.9570")
    ))
    .expect_err("two figures");
    assert_eq!(
        err,
        "conflicting figures for XOF on 2024-06-27: 655.957 (line 2) and 655.9570 (line 3)"
    );
}

#[test]
fn another_convention_is_refused_not_inverted() {
    let inverted = "USA,X,USD,001,0.9346,Euro amount for 1 unit of foreign currency.,2024-06-27\n";
    assert_eq!(
        june(inverted).expect_err("refused"),
        "line 2: the rate convention is \"Euro amount for 1 unit of foreign currency.\", \
         not \"Foreign currency amount for 1 Euro.\""
    );
}

#[test]
fn a_changed_format_or_a_bad_cell_is_refused() {
    for (text, expected) in [
        (
            "Country,Currency,ISO Code,Rate\nUSA,X,USD,1.07\n".to_owned(),
            "not the expected CSV: the header is \"Country,Currency,ISO Code,Rate\"",
        ),
        (
            format!(
                "{HEAD}{}# DISCLAIMER\nUSA,X,USD,001,1.07,{PER_EURO},2024-06-27\n",
                line("JAPAN", "JPY", "171.5")
            ),
            "a line that is not the disclaimer's after the disclaimer",
        ),
        (
            format!("{HEAD}USA,X,USD,001,1.07,{PER_EURO},27/06/2024\n"),
            "line 2: invalid date \"27/06/2024\"",
        ),
        (
            format!("{HEAD}USA,X,USD,001,1.07,{PER_EURO},2999-01-04\n"),
            "day 2999-01-04 is in the future",
        ),
        (
            format!("{HEAD}USA,X,usd,001,1.07,{PER_EURO},2024-06-27\n"),
            "line 2: invalid currency code \"usd\"",
        ),
        (
            format!("{HEAD}USA,X,USD,001,1.07,{PER_EURO},2024-06-27"),
            "the document ends early",
        ),
        (
            format!(
                "{HEAD}{}\n# DISCLAIMER\n# The exchange",
                line("JAPAN", "JPY", "171.5")
            ),
            "the document ends early, inside the disclaimer (truncated?)",
        ),
        (
            "<html><body>Service unavailable</body></html>\n".to_owned(),
            "not CSV: an HTML or XML page",
        ),
    ] {
        let err = parse(text.as_bytes(), today(), day("2024-06-27")).expect_err("refused");
        assert!(err.starts_with(expected), "{text:?}: {err}");
    }
    for (figure, expected) in [
        ("-1", "day 2024-06-27, USD: invalid rate \"-1\""),
        (
            "0.0000",
            "day 2024-06-27, USD: invalid rate \"0.0000\" (a rate must be greater than zero)",
        ),
        ("n.a.", "day 2024-06-27, USD: invalid rate \"n.a.\""),
        ("", "day 2024-06-27, USD: invalid rate \"\""),
    ] {
        let err = june(&line("USA", "USD", figure)).expect_err("refused");
        assert!(err.starts_with(expected), "{figure:?}: {err}");
    }
    let err = june(&line("EMU", "EUR", "1")).expect_err("refused");
    assert!(err.contains("EUR is quoted against itself"), "{err}");
}
