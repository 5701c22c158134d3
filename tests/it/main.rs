//! The integration tests: one binary, a module per topic (cargo's own
//! layout), sharing one throwaway PostgreSQL cluster, a loopback HTTP
//! server per test and the helpers in [`common`]. Each test drives the
//! built `fxrates` binary (or its library) against real components: a
//! database per test, fixture files served over loopback, a loopback SMTP
//! server.

mod common;

mod chains;
mod clean;
mod cli;
mod completions;
mod conformance;
mod convert;
mod doc_examples;
mod fallback;
mod faults;
mod fetch;
mod frankfurter;
mod frankfurter2;
mod ha;
mod harness;
mod history;
mod house;
mod libpq;
mod notify;
mod oxr;
mod parsers;
mod providers;
mod registry_lists;
mod revisions;
mod show;
mod snapshots;
mod sql;
mod tls;
mod unattended;
