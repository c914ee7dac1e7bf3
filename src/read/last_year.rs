//! Last year's figures, read back from last year's matome report (its hidden
//! marker sheet, `marker`), for `--previous`.

use std::path::Path;

use calamine::Reader;

use crate::config::{Config, Limits};
use crate::error::{MatomeError, ReportProblem};
use crate::marker::{self, LastYear, Undecodable};

/// Read last year's figures from a report matome wrote.
pub fn read_last_year(path: &Path, config: &Config) -> Result<LastYear, MatomeError> {
    let refuse = |problem: ReportProblem| MatomeError::Report { path: path.to_path_buf(), problem };
    let bytes = std::fs::read(path).map_err(|e| refuse(ReportProblem::Unreadable(e.to_string())))?;
    last_year_in(&bytes, path, config)
}

/// Last year's figures from a report's bytes; `path` names it in messages.
pub fn last_year_in(bytes: &[u8], path: &Path, config: &Config) -> Result<LastYear, MatomeError> {
    let refuse = |problem: ReportProblem| MatomeError::Report { path: path.to_path_buf(), problem };
    let mut workbook = super::open(bytes, &Limits::default()).map_err(|_| refuse(ReportProblem::NotMatomeReport))?;
    let range = workbook.worksheet_range(marker::SHEET).map_err(|_| refuse(ReportProblem::NotMatomeReport))?;
    marker::decode(&range, config).map_err(|why| match why {
        Undecodable::OlderReport => refuse(ReportProblem::OlderReport),
    })
}
