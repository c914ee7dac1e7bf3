//! matome: consolidate branch offices' monthly Excel reports into the one
//! progress workbook headquarters needs, and find every missing or
//! inconsistent cell.
//!
//! The pipeline, one module a stage: [`scan`] → [`read`] → [`check`] →
//! [`consolidate`] → [`write`], sharing [`config`] (the organisation) and
//! [`findings`] (what is wrong, where). [`job`] runs it over files given as
//! named bytes, with no I/O: the command line ([`cli`], which walks
//! folders and reads files) and the page (`web/`) are two front ends over
//! it. [`i18n`] holds every user-facing string, for both.

#[cfg(not(target_arch = "wasm32"))]
pub mod allocator;
pub mod calendar;
pub mod check;
pub mod cli;
pub mod config;
pub mod consolidate;
pub mod error;
pub mod explain;
pub mod findings;
pub mod i18n;
pub mod job;
pub mod marker;
pub mod read;
pub mod scan;
pub mod settings;
pub mod text;
pub mod write;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use check::{CheckOptions, Checked};
pub use config::{Config, Lang};
pub use consolidate::Report;
pub use error::MatomeError;
pub use findings::{Code, Finding, Severity};
pub use job::Checkup;

/// Scan the inputs, read every file (in parallel) and check them.
/// `exclude` is a path never read as input (the report being written).
pub fn check_inputs(
    inputs: &[PathBuf],
    config: &Config,
    options: CheckOptions,
    exclude: Option<&Path>,
) -> Result<Checkup, MatomeError> {
    let scanned = scan::scan(inputs, exclude)?;
    // Each file is judged as soon as it is read, so that only its judged
    // cells, not the whole file, wait for the others.
    let mut outcomes: Vec<job::Outcome> = scanned
        .files
        .par_iter()
        .flat_map(|file| {
            if !job::needs_bytes(&file.display) {
                return job::read_file(&file.display, &[], config, options);
            }
            match read::file_bytes(&file.path, &file.display, &config.limits) {
                Ok(bytes) => job::read_file(&file.display, &bytes, config, options),
                Err(finding) => vec![job::Outcome::skipped(finding)],
            }
        })
        .collect();
    outcomes.extend(scanned.findings.into_iter().map(|f| job::Outcome::skipped(Box::new(f))));
    Ok(job::gather(outcomes, config, options))
}
