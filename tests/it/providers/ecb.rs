//! The ECB's own faults, run as the fault table runs its cases: what its
//! XML may hold wrong beyond the table's cases. Its fetches are tested in
//! `tests/it/fetch.rs`.

mod faults {
    use crate::common::env::fixture;
    use crate::conformance::cases::ecb::{FAULTS, envelope};
    use crate::conformance::faults::{refused, run_fault};

    fn one_day(date: &str, usd: &str, extra: &str) -> String {
        envelope(&format!(
            "<Cube time='{date}'><Cube currency='USD' rate='{usd}'/>{extra}</Cube>"
        ))
    }

    #[test]
    fn a_lowercase_currency_code() {
        run_fault(&FAULTS, |world, provider| {
            let document = one_day("2024-06-27", "1.07", "<Cube currency='gbp' rate='0.85'/>");
            refused(world, provider, document, "invalid currency code \"gbp\"")
        });
    }

    /// Regression: text quoted from a document reached stderr, the email
    /// and `fetch_runs` raw, terminal escape codes and 5,000 characters
    /// included.
    #[test]
    fn a_root_element_with_escape_codes_and_5000_characters() {
        run_fault(&FAULTS, |world, provider| {
            let name = format!("x\u{1b}[2J{}", "y".repeat(5000));
            let document = format!("<?xml version='1.0'?><{name}/>");
            refused(
                world,
                provider,
                document,
                "the root element is <x\\u{1b}[2Jyyy",
            )
            .also("… (4129 more characters)")
        });
    }

    #[test]
    fn a_date_before_the_first_rates() {
        run_fault(&FAULTS, |world, provider| {
            let document = one_day("1998-12-31", "1.07", "");
            refused(
                world,
                provider,
                document,
                "before the first reference rates",
            )
        });
    }

    #[test]
    fn an_unparseable_date() {
        run_fault(&FAULTS, |world, provider| {
            let document = one_day("27/06/2024", "1.07", "");
            refused(world, provider, document, "invalid date \"27/06/2024\"")
        });
    }

    #[test]
    fn a_day_repeated_in_a_document() {
        run_fault(&FAULTS, |world, provider| {
            let day = "<Cube time='2024-06-27'><Cube currency='USD' rate='1.07'/></Cube>";
            refused(
                world,
                provider,
                envelope(&format!("{day}{day}")),
                "day 2024-06-27 appears twice",
            )
        });
    }

    #[test]
    fn one_bad_day_among_good_ones_refuses_them_all() {
        run_fault(&FAULTS, |world, provider| {
            let mut document = fixture("ecb/eurofxref-hist.xml");
            // The JPY rate of 2024-06-19, a day before the backfill.
            let jpy = "<Cube currency=\"JPY\" rate=\"";
            let (at, _) = document.match_indices(jpy).nth(7).expect("eight JPY rates");
            document.insert(at + jpy.len(), '-');
            refused(
                world,
                provider,
                document,
                "day 2024-06-19, JPY: invalid rate \"-",
            )
        });
    }
}
