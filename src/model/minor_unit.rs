//! How many decimal places an amount of each currency is written with: the
//! minor unit of ISO 4217 (JPY 0, EUR 2, KWD 3, CLF 4), the one table of it.
//!
//! The table is ISO 4217's List One as published on 2026-01-01, and the
//! codes withdrawn from it that the ECB's reference rates since 1999 hold,
//! each with the minor unit it was listed with. A code ISO lists without a
//! minor unit (gold, the SDR) is [`MinorUnit::NotApplicable`]; any other
//! code (an older withdrawn currency, a code of a provider's own) is
//! [`MinorUnit::Unlisted`]. Neither is ever guessed to be 2.

use super::CurrencyCode;

/// The decimal places of a currency's amounts, by ISO 4217.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MinorUnit {
    /// Amounts are written with this many decimal places.
    Places(u32),
    /// ISO 4217 lists the code with no minor unit ("N.A."): the precious
    /// metals, the SDR (`XDR`), the bond-market units, `XSU`, `XUA`, the
    /// testing code `XTS` and `XXX`.
    NotApplicable,
    /// The code is not in the table.
    Unlisted,
}

/// Every code of the table, grouped by its minor unit (`None`: ISO gives
/// none), each group in alphabetical order; the withdrawn codes apart.
const TABLE: [(Option<u32>, &[&str]); 6] = [
    (
        Some(0),
        &[
            "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
            "VND", "VUV", "XAF", "XOF", "XPF",
        ],
    ),
    (
        Some(2),
        &[
            "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
            "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF",
            "CHE", "CHF", "CHW", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP",
            "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD",
            "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IRR", "JMD", "KES",
            "KGS", "KHR", "KPW", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL",
            "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR",
            "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR",
            "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP",
            "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TOP",
            "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "USN", "UYU", "UZS", "VED", "VES", "WST",
            "XAD", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG",
        ],
    ),
    // Withdrawn, and in the ECB's reference rates.
    (
        Some(2),
        &[
            "BGN", "CYP", "EEK", "GRD", "HRK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK",
        ],
    ),
    (Some(3), &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]),
    (Some(4), &["CLF", "UYW"]),
    (
        None,
        &[
            "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA",
            "XXX",
        ],
    ),
];

impl CurrencyCode {
    /// The decimal places of this currency's amounts, by ISO 4217.
    pub fn minor_unit(self) -> MinorUnit {
        TABLE
            .iter()
            .find(|(_, codes)| codes.contains(&self.as_str()))
            .map_or(MinorUnit::Unlisted, |(places, _)| {
                places.map_or(MinorUnit::NotApplicable, MinorUnit::Places)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str) -> MinorUnit {
        code.parse::<CurrencyCode>().expect("code").minor_unit()
    }

    #[test]
    fn each_currency_has_its_iso_4217_minor_unit() {
        for (code, places) in [
            ("JPY", 0),
            ("KRW", 0),
            ("ISK", 0),
            ("CLP", 0),
            ("VND", 0),
            ("XOF", 0),
            ("EUR", 2),
            ("USD", 2),
            ("GBP", 2),
            ("HUF", 2),
            ("IDR", 2),
            ("UAH", 2),
            ("BHD", 3),
            ("KWD", 3),
            ("JOD", 3),
            ("OMR", 3),
            ("TND", 3),
            ("LYD", 3),
            ("IQD", 3),
            ("CLF", 4),
            ("UYW", 4),
            // Withdrawn, but in the ECB's history.
            ("BGN", 2),
            ("HRK", 2),
        ] {
            assert_eq!(unit(code), MinorUnit::Places(places), "{code}");
        }
    }

    #[test]
    fn metals_and_the_sdr_have_none_and_other_codes_are_unlisted() {
        for code in ["XAU", "XAG", "XPT", "XPD", "XDR", "XXX"] {
            assert_eq!(unit(code), MinorUnit::NotApplicable, "{code}");
        }
        // A withdrawn code outside the ECB's history, a provider's own, none at all.
        for code in ["TRL", "CNH", "BTC", "ABC"] {
            assert_eq!(unit(code), MinorUnit::Unlisted, "{code}");
        }
    }

    #[test]
    fn the_table_holds_each_code_once_each_group_sorted() {
        let mut all: Vec<&str> = Vec::new();
        for (places, codes) in TABLE {
            let mut sorted = codes.to_vec();
            sorted.sort_unstable();
            assert_eq!(codes, sorted, "the group {places:?} is not in order");
            for code in codes {
                assert!(code.parse::<CurrencyCode>().is_ok(), "{code}");
            }
            all.extend(codes.iter());
        }
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count, "a code is listed twice");
    }
}
