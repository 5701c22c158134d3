//! The central banks' own rates, fetched from a loopback mirror of each
//! bank's real API serving recorded answers: every published value stored
//! exactly (direction, unit, printed digits), nothing else, a re-run that
//! rewrites nothing, a catch-up that stores only the new days, and each
//! bank's own "nothing published" answer.

mod boc;
mod boe;
mod boi;
mod cnb;
mod fred;
mod mnb;
mod nbp;
mod nbu;
mod norgesbank;
mod ptax;
mod rba;
mod riksbank;
mod tcmb;
