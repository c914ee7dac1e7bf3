//! `matome config`: print the embedded default configuration.

use crate::config::DEFAULT_CONFIG_TOML;
use crate::error::MatomeError;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<i32, MatomeError> {
    print!("{DEFAULT_CONFIG_TOML}");
    Ok(super::EXIT_CLEAN)
}
