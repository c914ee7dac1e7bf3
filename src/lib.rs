//! matome: consolidate branch offices' monthly Excel reports into the one
//! progress workbook headquarters needs, and find every missing or
//! inconsistent cell.
//!
//! The pipeline, one module a stage: [`scan`] → [`read`] → [`check`] →
//! [`consolidate`] → [`write`], sharing [`config`] (the organisation) and
//! [`findings`] (what is wrong, where). [`i18n`] holds every user-facing
//! string; [`cli`] is the thin command-line layer.

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

/// What scanning, reading and checking a set of inputs gives.
pub struct Checkup {
    pub files_read: usize,
    /// Other organisations' matome reports among the files (members'
    /// reports, for a federation), as their marker sheets tell them.
    pub member_reports: Vec<marker::Reported>,
    pub checked: Checked,
}

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
    // cells, not the whole file, wait for the others. A member's report
    // also gives what its marker sheet tells, for a federation's settings.
    let (mut read, member_reports): (Vec<Result<check::Digest, Box<Finding>>>, Vec<_>) = scanned
        .files
        .par_iter()
        .map(|file| match read::read_file(&file.path, &file.display, config) {
            Ok(mut submission) => {
                let digest = check::digest(&submission, config, options);
                (Ok(digest), submission.member_report.take().map(|report| *report))
            }
            Err(finding) => (Err(finding), None),
        })
        .unzip();
    let member_reports = member_reports.into_iter().flatten().collect();
    read.extend(scanned.findings.into_iter().map(|f| Err(Box::new(f))));
    let files_read = read.len();
    Ok(Checkup { files_read, member_reports, checked: check::check_digested(read, config, options) })
}
