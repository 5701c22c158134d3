//! One module per subcommand, each with a `run` that takes the resolved
//! [`Config`](crate::config::Config) and returns a summary whose `Display` is
//! what the command prints on success.

pub mod clean;
pub mod fetch;
pub mod init_db;
