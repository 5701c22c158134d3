//! What every provider must do, checked for every entry of
//! `fxrates::providers::REGISTRY` from its case in `conformance/cases/`:
//! its recorded answers, where the mirror serves them, and the rows and
//! requests each run must give. Each check is a test of its own per
//! provider (`conformance::cnb::stores_the_recorded_window_exactly`):
//!
//! - the recorded window is stored exactly: every row's digits, unit,
//!   direction and series, the count, the currencies, nothing else
//!   ([`case`]);
//! - a re-run rewrites no row; a catch-up asks only for the new days; the
//!   provider's documented "nothing published" answer stores nothing and
//!   succeeds; `--symbols` keeps only those currencies ([`case`]);
//! - a base URL with a query of its own keeps it, and a body after a
//!   byte-order mark is read alike ([`input`]);
//! - its parsers never panic, on any bytes or on an edited recording
//!   ([`parsers`]), and each has a fuzz target in `fuzz/`;
//! - every fault of the table, run as cron runs it ([`faults`]).
//!
//! A provider's own behaviour beyond these is tested beside it, in
//! `tests/it/providers/<name>.rs`. A registry entry without a case here
//! fails [`every_provider_of_the_registry_has_a_case`].

pub mod case;
pub mod faults;
pub mod input;
pub mod parsers;
pub mod secrets;

/// Lists the providers that have a case: declares each case module
/// (`conformance/cases/<name>.rs`, which holds `case()`, `FAULTS` and
/// `PARSER`) and generates every check as a test of its own in a module
/// named after the provider.
macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        /// Each provider's case: its fixtures, the rows and requests
        /// expected of it, its documents for the fault table, its parsers.
        pub mod cases {
            $(pub mod $name;)*
        }

        /// The providers that have a case, with their parsers.
        pub const PROVIDERS: &[(&str, &parsers::Parser)] = &[
            $((stringify!($name), &cases::$name::PARSER)),*
        ];

        $(
            mod $name {
                use super::cases::$name as provider;

                const NAME: &str = stringify!($name);

                #[test]
                fn stores_the_recorded_window_exactly() {
                    super::case::stores_the_recorded_window_exactly(NAME, &provider::case(), &provider::FAULTS);
                }

                #[test]
                fn a_rerun_rewrites_no_row() {
                    super::case::a_rerun_rewrites_no_row(NAME, &provider::case(), &provider::FAULTS);
                }

                #[test]
                fn a_catch_up_asks_only_for_the_new_days() {
                    super::case::a_catch_up_asks_only_for_the_new_days(NAME, &provider::case(), &provider::FAULTS);
                }

                #[test]
                fn nothing_published_stores_nothing_and_succeeds() {
                    super::case::nothing_published_stores_nothing_and_succeeds(
                        NAME,
                        &provider::case(),
                        &provider::FAULTS,
                    );
                }

                #[test]
                fn symbols_keep_only_those_currencies() {
                    super::case::symbols_keep_only_those_currencies(NAME, &provider::case(), &provider::FAULTS);
                }

                #[test]
                fn a_base_url_with_a_query_keeps_it() {
                    super::input::a_base_url_query_is_kept(&provider::FAULTS);
                }

                #[test]
                fn a_body_after_a_byte_order_mark_is_read_alike() {
                    super::input::a_byte_order_mark_changes_nothing(&provider::FAULTS);
                }

                #[test]
                fn the_parser_never_panics_on_any_bytes() {
                    super::parsers::never_panics_on_any_bytes(&provider::PARSER);
                }

                #[test]
                fn the_parser_never_panics_on_an_edited_recording() {
                    super::parsers::never_panics_on_an_edited_recording(&provider::PARSER);
                }

                mod faults {
                    fault_tests!(&super::provider::FAULTS);
                }
            }
        )*
    };
}

/// One test per case of the fault table ([`faults::cases`]) for `$faults`,
/// a provider's [`faults::ProviderFaults`].
macro_rules! fault_tests {
    ($faults:expr) => {
        fault_tests!($faults;
            http_404,
            a_document_without_a_day,
            http_500,
            http_502,
            http_503,
            http_429_with_retry_after_is_retried_and_succeeds,
            connection_refused,
            a_server_that_never_answers,
            a_body_trickling_a_byte_a_second,
            a_connection_closed_mid_body,
            an_html_page_with_status_200,
            a_truncated_document,
            an_unknown_root_element,
            a_missing_attribute,
            a_negative_rate,
            a_zero_rate,
            a_nan_rate,
            an_overflowing_rate,
            a_non_numeric_rate,
            a_date_in_the_future,
            a_currency_repeated_in_a_day,
            a_body_over_the_size_cap,
            a_redirect_to_another_host_over_http,
            a_redirect_to_another_host_over_https_is_followed,
            a_redirect_on_the_same_host_is_followed,
        );
    };
    ($faults:expr; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                $crate::conformance::faults::run_fault($faults, $crate::conformance::faults::cases::$case);
            }
        )*
    };
}

suite! {
    ecb,
    frankfurter,
    oxr,
    nbp,
    cnb,
    boc,
    norgesbank,
    boe,
    riksbank,
    rba,
    nbu,
    mnb,
    boi,
    fred,
    frankfurter2,
    tcmb,
    ptax,
    inforeuro,
    ust,
    hmrc,
    cbbh,
    bdi,
    cbu,
    nbk,
    dnb,
    nbm,
    hnb,
    nbg,
    bnr,
    cbr,
    nbrb,
    sbi,
    cba,
    banxico,
    bcch,
    banrep,
    bcra,
    bcrp,
    imf,
    sarb,
    hkma,
    fbil,
    boj,
    bot,
}

/// A provider added to the registry without a case here would go
/// untested: the suite must cover the registry exactly.
#[test]
fn every_provider_of_the_registry_has_a_case() {
    let registry: Vec<&str> = fxrates::providers::REGISTRY
        .iter()
        .map(|info| info.name)
        .collect();
    let cased: Vec<&str> = PROVIDERS.iter().map(|(name, _)| *name).collect();
    let missing: Vec<&&str> = registry.iter().filter(|n| !cased.contains(n)).collect();
    assert!(
        missing.is_empty(),
        "no conformance case for {missing:?}: add tests/it/conformance/cases/<name>.rs \
         and its name to `suite!` in tests/it/conformance.rs"
    );
    let unknown: Vec<&&str> = cased.iter().filter(|n| !registry.contains(n)).collect();
    assert!(unknown.is_empty(), "cases for no provider: {unknown:?}");
}

/// Every parser the suite checks has a cargo-fuzz target, listed in
/// `fuzz/Cargo.toml` with its file in `fuzz/fuzz_targets/`.
#[test]
fn every_provider_parser_has_a_fuzz_target() {
    let fuzz = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let manifest = std::fs::read_to_string(fuzz.join("Cargo.toml")).expect("fuzz/Cargo.toml");
    for (name, parser) in PROVIDERS {
        let target = parser.fuzz_target;
        let entry = format!("[[bin]]\nname = \"{target}\"\npath = \"fuzz_targets/{target}.rs\"\n");
        assert!(
            manifest.contains(&entry),
            "{name}: no [[bin]] {target} in fuzz/Cargo.toml"
        );
        let file = fuzz.join("fuzz_targets").join(format!("{target}.rs"));
        assert!(file.is_file(), "{name}: no {}", file.display());
    }
}
