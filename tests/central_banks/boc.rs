//! `boc` against a loopback mirror of its API.
