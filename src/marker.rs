//! The hidden sheet that marks a workbook as one of matome's reports, and
//! carries what a later run reads back: the fiscal year, and each KPI's id,
//! result and twelve months. One layout, one encode (for the writer) and one
//! decode (for `--previous`), below both, so that neither reaches into the
//! other; and `LastYear`, what the decode gives.

use std::collections::HashMap;

use calamine::{Data, Range};
use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::config::Config;

/// The marker sheet's name: a workbook holding it is never read as a submission.
pub const SHEET: &str = "_matome_report";
const NOTICE: &str = "This workbook is a report written by matome, not a submission.";
const FISCAL_YEAR_KEY: &str = "fiscal_year";
/// The first KPI row; the rows above hold the notice and the fiscal year.
const FIRST_KPI_ROW: u32 = 2;
/// The column of a KPI row's first month; its result is in the one before.
const FIRST_MONTH_COLUMN: u16 = 2;

/// One KPI's line on the marker sheet: its result and its twelve months
/// (counts, or month-end levels).
pub struct Line<'a> {
    pub id: &'a str,
    pub actual: Option<f64>,
    pub months: &'a [Option<f64>],
}

/// The hidden marker sheet for a report of `fiscal_year`.
pub fn encode<'a>(fiscal_year: i32, lines: impl IntoIterator<Item = Line<'a>>) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(SHEET)?;
    sheet.write_string(0, 0, NOTICE)?;
    sheet.write_string(1, 0, FISCAL_YEAR_KEY)?;
    sheet.write_number(1, 1, f64::from(fiscal_year))?;
    for (index, line) in lines.into_iter().enumerate() {
        let row = FIRST_KPI_ROW + index as u32;
        sheet.write_string(row, 0, line.id)?;
        if let Some(actual) = line.actual {
            sheet.write_number(row, FIRST_MONTH_COLUMN - 1, actual)?;
        }
        for (month, value) in line.months.iter().enumerate() {
            if let Some(value) = value {
                sheet.write_number(row, FIRST_MONTH_COLUMN + month as u16, *value)?;
            }
        }
    }
    sheet.set_hidden(true);
    Ok(sheet)
}

/// Why a marker sheet gave no figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undecodable {
    /// Written by a matome from before the sheet carried figures.
    OlderReport,
}

/// Last year's figures from a marker sheet. KPIs are matched by id; those
/// the configuration lacks are left out.
pub fn decode(sheet: &Range<Data>, config: &Config) -> Result<LastYear, Undecodable> {
    let number = |row: u32, col: u32| match sheet.get_value((row, col)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    };
    let text = |row: u32, col: u32| match sheet.get_value((row, col)) {
        Some(Data::String(s)) => Some(s.clone()),
        _ => None,
    };
    if text(1, 0).as_deref() != Some(FISCAL_YEAR_KEY) {
        return Err(Undecodable::OlderReport);
    }
    let mut last_year = LastYear { fiscal_year: number(1, 1).map(|y| y as i32), ..LastYear::default() };
    let rows = sheet.end().map_or(0, |(row, _)| row);
    for row in FIRST_KPI_ROW..=rows {
        let Some(id) = text(row, 0).filter(|id| config.kpi_index(id).is_some()) else { continue };
        let months: Vec<Option<f64>> = (0..12).map(|m| number(row, u32::from(FIRST_MONTH_COLUMN) + m)).collect();
        let months = months.iter().any(Option::is_some).then_some(months);
        last_year.kpis.insert(id, (number(row, u32::from(FIRST_MONTH_COLUMN) - 1), months));
    }
    Ok(last_year)
}

/// One KPI's figures last year: the result and, where known, the months
/// (a flow's monthly counts; a level's month-end levels).
pub type LastYearFigures = (Option<f64>, Option<Vec<Option<f64>>>);

/// Last fiscal year's figures of each KPI, by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LastYear {
    pub fiscal_year: Option<i32>,
    pub kpis: HashMap<String, LastYearFigures>,
}

impl LastYear {
    /// The configuration's `previous` and `previous_months`.
    pub fn from_config(config: &Config) -> LastYear {
        let kpis = config
            .kpis
            .iter()
            .filter(|k| k.previous.is_some() || k.previous_months.is_some())
            .map(|k| {
                (k.id.clone(), (k.previous, k.previous_months.as_ref().map(|m| m.iter().map(|v| Some(*v)).collect())))
            })
            .collect();
        LastYear { fiscal_year: None, kpis }
    }

    /// These figures, with `other`'s for the KPIs these lack.
    pub fn or(mut self, other: LastYear) -> LastYear {
        for (kpi, figures) in other.kpis {
            self.kpis.entry(kpi).or_insert(figures);
        }
        self.fiscal_year = self.fiscal_year.or(other.fiscal_year);
        self
    }
}
