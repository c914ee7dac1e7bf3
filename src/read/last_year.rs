//! Last year's figures, read back from last year's matome report (its hidden
//! marker sheet holds each KPI's result and months), for `--previous`.

use std::path::Path;

use calamine::{Data, Reader};

use super::REPORT_MARKER_SHEET;
use crate::config::{Config, Limits};
use crate::consolidate::LastYear;
use crate::error::MatomeError;

pub const FISCAL_YEAR_KEY: &str = "fiscal_year";
/// The marker sheet's first KPI row; the rows above are the marker and the year.
pub const FIRST_KPI_ROW: u32 = 2;

/// Read last year's figures from a report matome wrote. KPIs are matched by
/// id; those this year's configuration lacks are left out.
pub fn read_last_year(path: &Path, config: &Config) -> Result<LastYear, MatomeError> {
    let refuse = |why: &str| MatomeError::Usage(format!("{}: {why}", path.display()));
    let bytes = std::fs::read(path).map_err(|e| refuse(&e.to_string()))?;
    let mut workbook = super::open(&bytes, &Limits::default()).map_err(|_| refuse("not a report written by matome"))?;
    let range = workbook.worksheet_range(REPORT_MARKER_SHEET).map_err(|_| refuse("not a report written by matome"))?;
    let number = |row: u32, col: u32| match range.get_value((row, col)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    };
    let text = |row: u32, col: u32| match range.get_value((row, col)) {
        Some(Data::String(s)) => Some(s.clone()),
        _ => None,
    };
    if text(1, 0).as_deref() != Some(FISCAL_YEAR_KEY) {
        return Err(refuse("a report from an older matome, without last year's figures"));
    }
    let mut last_year = LastYear { fiscal_year: number(1, 1).map(|y| y as i32), ..LastYear::default() };
    let rows = range.end().map_or(0, |(row, _)| row);
    for row in FIRST_KPI_ROW..=rows {
        let Some(id) = text(row, 0).filter(|id| config.kpi_index(id).is_some()) else { continue };
        let months: Vec<Option<f64>> = (0..12).map(|m| number(row, 2 + m)).collect();
        let months = months.iter().any(Option::is_some).then_some(months);
        last_year.kpis.insert(id, (number(row, 1), months));
    }
    Ok(last_year)
}
