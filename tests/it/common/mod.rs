//! Shared harness for the integration tests: a throwaway PostgreSQL cluster
//! ([`pg`]), a loopback HTTP server with canned and faulty replies ([`http`]),
//! a loopback SMTP server that records what it is sent ([`smtp`]), both built
//! on [`loopback`], one test's world built from the first two ([`env`]),
//! the real date for the tests of the binary's own clock ([`clock`]), and
//! the regions of committed files held to what writes them ([`regions`]).

pub mod clock;
pub mod env;
pub mod http;
pub mod loopback;
pub mod pg;
pub mod regions;
pub mod smtp;
