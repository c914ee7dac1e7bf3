//! Cell helpers the summary, the KPI sheets and the templates share: how a
//! KPI's figures are shown, A1 names, cached formula results, the cell
//! where the pace lives (on 総括, referred to from every sheet) and where
//! each KPI's actual stands (on its KPI sheet, referred to from 総括).

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::style;
use crate::config::KpiKind;
use crate::findings::column_name;

/// How a KPI's figures are shown.
#[derive(Clone, Copy, PartialEq)]
pub enum Shown {
    Count,
    Percent,
    /// Money in a unit larger than yen: one decimal (4,500.0 万円).
    Amount,
}

impl Shown {
    pub fn of(config: &crate::config::Config, kpi: usize) -> Shown {
        let entry = &config.kpis[kpi];
        let amount = entry.value == crate::config::ValueKind::Amount && config.amount_unit(kpi) != "円";
        match (entry.kind, amount) {
            (KpiKind::Ratio, _) => Shown::Percent,
            (_, true) => Shown::Amount,
            _ => Shown::Count,
        }
    }

    /// The cell format of these figures.
    pub fn format(self) -> Format {
        match self {
            Shown::Count => style::number(),
            Shown::Percent => style::percent(),
            Shown::Amount => style::amount(),
        }
    }
}

/// Where a KPI's organisation-wide actual stands, for the summary to refer to.
#[derive(Debug, Clone)]
pub struct ActualCell {
    pub sheet: String,
    pub row: u32,
    pub col: u16,
}

/// Where the 基準日 and the expected pace computed from it stand: every
/// expected-pace cell, standing word and colour refers to them, so editing
/// the date in Excel recomputes the pace and every colour.
pub const PARAMETER_ROW: u32 = 3;
pub const DATE_COL: u16 = 3;
pub const PACE_COL: u16 = 5;

/// The pace cell, as formulas refer to it (`$F$4`), here and on other sheets.
pub fn pace_cell() -> String {
    format!("${}${}", crate::findings::column_name(u32::from(PACE_COL)), PARAMETER_ROW + 1)
}

pub fn cell(row: u32, col: u16) -> String {
    format!("{}{}", column_name(u32::from(col)), row + 1)
}

/// A formula's cached result as Excel stores it: no needless exponent.
pub fn result_text(value: f64) -> String {
    // Most results are counts: a whole number is written as one, without
    // formatting ten decimals to trim them off again.
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return (value as i64).to_string();
    }
    let text = format!("{value:.10}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// A number, or a blank in the same format where there is none.
pub fn write_optional(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<f64>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Some(value) => sheet.write_number_with_format(row, col, value, format)?,
        None => sheet.write_blank(row, col, format)?,
    };
    Ok(())
}
