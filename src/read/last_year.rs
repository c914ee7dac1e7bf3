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

/// Last year's figures for this year's report: the configuration's own
/// (`previous`, which win where given), then those of last year's report
/// (its bytes; `path` names it in messages), which must be of the fiscal
/// year before the configuration's. The command line's `--previous` and the
/// page's 前年度の集計表 both come here.
pub fn last_year_with_report(bytes: &[u8], path: &Path, config: &Config) -> Result<LastYear, MatomeError> {
    let read = last_year_in(bytes, path, config)?;
    let expected = config.organisation.fiscal_year - 1;
    if let Some(year) = read.fiscal_year.filter(|&y| y != expected) {
        let problem = ReportProblem::WrongYear { expected, found: year };
        return Err(MatomeError::Report { path: path.to_path_buf(), problem });
    }
    Ok(LastYear::from_config(config).or(read))
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
