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
    /// Reports of the configuration's own organisation (F009): members too,
    /// when a federation rolls up a folder holding other members' reports.
    pub own_reports: Vec<marker::Reported>,
    pub checked: Checked,
}

impl Checkup {
    /// Every organisation's report to roll up into a federation's, when
    /// the inputs hold reports of organisations other than the
    /// configuration's: those, and one named like the configuration's
    /// (which under the embedded default may be just another member).
    pub fn reports_to_roll_up(&mut self) -> Option<Vec<marker::Reported>> {
        if self.member_reports.is_empty() {
            return None;
        }
        let mut reports = std::mem::take(&mut self.member_reports);
        reports.append(&mut self.own_reports);
        Some(reports)
    }
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
                (Ok(digest), submission.member_report.take().map(|report| (*report, false)))
            }
            // The organisation's own report: what it says is kept, in case
            // the folder is a federation's (rare enough to open it again).
            Err(finding) if finding.code == Code::OwnReport => {
                let own = read::matome_report(&file.path, &config.limits).map(|report| (report, true));
                (Err(finding), own)
            }
            Err(finding) => (Err(finding), None),
        })
        .unzip();
    let (own_reports, member_reports): (Vec<_>, Vec<_>) = member_reports.into_iter().flatten().partition(|r| r.1);
    let strip = |reports: Vec<(marker::Reported, bool)>| reports.into_iter().map(|(report, _)| report).collect();
    let (member_reports, own_reports) = (strip(member_reports), strip(own_reports));
    read.extend(scanned.findings.into_iter().map(|f| Err(Box::new(f))));
    let files_read = read.len();
    let checked = check::check_digested(read, config, options);
    Ok(Checkup { files_read, member_reports, own_reports, checked })
}
