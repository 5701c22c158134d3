//! Each provider's own behaviour, beyond what the conformance suite
//! (`tests/it/conformance.rs`) checks of every one: how it answers the
//! latest day, how it cuts a long range, what `show` and SQL read back of
//! its series and references, the usage errors of its settings, and the
//! faults of its own format (in a `faults` module each, run as cron runs
//! them like the fault table). Frankfurter, Frankfurter v2 and OXR have
//! files of their own (`frankfurter.rs`, `frankfurter2.rs`, `oxr.rs`), the
//! ECB's other fetches are `fetch.rs`'s.

mod banrep;
mod banxico;
mod bcch;
mod bcra;
mod bcrp;
mod bdi;
mod bnr;
mod boc;
mod boe;
mod boi;
mod boj;
mod bot;
mod cba;
mod cbbh;
mod cbr;
mod cbu;
mod cnb;
mod dnb;
mod ecb;
mod fbil;
mod fred;
mod hkma;
mod hmrc;
mod hnb;
mod imf;
mod inforeuro;
mod mnb;
mod nbg;
mod nbk;
mod nbm;
mod nbp;
mod nbrb;
mod nbu;
mod norgesbank;
mod ptax;
mod rba;
mod riksbank;
mod sarb;
mod sbi;
mod tcmb;
mod ust;
