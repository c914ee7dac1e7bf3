//! The hidden sheet that marks a workbook as one of matome's reports, and
//! carries what a later run reads back: for next year's `--previous`, each
//! KPI's id, result and twelve months; for the level above (a federation
//! rolling up its members' reports), the organisation, its fiscal year and
//! start month, the report date, the errors left open, and each KPI's
//! label, kind, group, counter, value kind, money unit, target and parts.
//! One layout, one encode (for the writer) and one decode (for the
//! readers), below both, so that neither reaches into the other.
//!
//! Row 2 holds key | value pairs across; a KPI a row below it, its id, result
//! and months first (where reports of every version keep them), what it is
//! after them.

use std::collections::HashMap;

use calamine::{Data, Range};
use chrono::NaiveDate;
use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::config::{Config, KpiKind, ValueKind};

/// The marker sheet's name: a workbook holding it is never read as a branch's submission.
pub const SHEET: &str = "_matome_report";
const NOTICE: &str = "This workbook is a report written by matome, not a submission.";
const FISCAL_YEAR_KEY: &str = "fiscal_year";
const START_MONTH_KEY: &str = "start_month";
const ORGANISATION_KEY: &str = "organisation";
const AS_OF_KEY: &str = "as_of";
const ERRORS_KEY: &str = "errors";
const WARNINGS_KEY: &str = "warnings";
/// The row of the key | value pairs.
const HEADER_ROW: u32 = 1;
/// The first KPI row; the rows above hold the notice and the pairs.
const FIRST_KPI_ROW: u32 = 2;
/// The column of a KPI row's first month; its result is in the one before.
const FIRST_MONTH_COLUMN: u16 = 2;
/// The first column after the months: what the KPI is.
const FIRST_FACT_COLUMN: u16 = FIRST_MONTH_COLUMN + 12;

/// What the report is of.
pub struct Header<'a> {
    pub organisation: &'a str,
    pub fiscal_year: i32,
    pub start_month: u32,
    pub as_of: NaiveDate,
    /// Errors and warnings left in the report's findings.
    pub errors: usize,
    pub warnings: usize,
}

/// One KPI's line on the marker sheet: its result and its twelve months
/// (counts, or month-end levels), and what it is.
pub struct Line<'a> {
    pub id: &'a str,
    pub actual: Option<f64>,
    pub months: &'a [Option<f64>],
    pub label: &'a str,
    pub kind: KpiKind,
    pub group: &'a str,
    pub counter: &'a str,
    pub value: ValueKind,
    pub unit: Option<&'a str>,
    pub target: Option<f64>,
    /// The ids of a derived KPI's parts.
    pub parts: &'a [String],
    /// Where the report shows these months to its readers: the sheet, and
    /// the row and column of the first month (the rest follow it).
    pub shown_at: Option<(&'a str, u32, u16)>,
}

/// The hidden marker sheet for a report.
pub fn encode<'a>(header: &Header, lines: impl IntoIterator<Item = Line<'a>>) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(SHEET)?;
    sheet.write_string(0, 0, NOTICE)?;
    let pairs: [(&str, Data); 6] = [
        (FISCAL_YEAR_KEY, Data::Float(f64::from(header.fiscal_year))),
        (START_MONTH_KEY, Data::Float(f64::from(header.start_month))),
        (ORGANISATION_KEY, Data::String(header.organisation.to_string())),
        (AS_OF_KEY, Data::String(header.as_of.format("%Y-%m-%d").to_string())),
        (ERRORS_KEY, Data::Float(header.errors as f64)),
        (WARNINGS_KEY, Data::Float(header.warnings as f64)),
    ];
    for (index, (key, value)) in pairs.iter().enumerate() {
        let col = 2 * index as u16;
        sheet.write_string(HEADER_ROW, col, *key)?;
        match value {
            Data::Float(number) => sheet.write_number(HEADER_ROW, col + 1, *number)?,
            other => sheet.write_string(HEADER_ROW, col + 1, other.to_string())?,
        };
    }
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
        let facts = [
            line.label.to_string(),
            key_of(&line.kind),
            line.group.to_string(),
            line.counter.to_string(),
            key_of(&line.value),
            line.unit.unwrap_or_default().to_string(),
        ];
        for (offset, fact) in facts.iter().enumerate() {
            if !fact.is_empty() {
                sheet.write_string(row, FIRST_FACT_COLUMN + offset as u16, fact)?;
            }
        }
        if let Some(target) = line.target {
            sheet.write_number(row, FIRST_FACT_COLUMN + facts.len() as u16, target)?;
        }
        if !line.parts.is_empty() {
            sheet.write_string(row, FIRST_FACT_COLUMN + facts.len() as u16 + 1, line.parts.join(" "))?;
        }
        if let Some((shown_sheet, shown_row, shown_col)) = line.shown_at {
            let col = FIRST_FACT_COLUMN + facts.len() as u16 + 2;
            sheet.write_string(row, col, shown_sheet)?;
            sheet.write_number(row, col + 1, f64::from(shown_row))?;
            sheet.write_number(row, col + 2, f64::from(shown_col))?;
        }
    }
    sheet.set_hidden(true);
    Ok(sheet)
}

/// The name serde gives a kind (`flow`, `amount` …).
fn key_of(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn from_key<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(key.to_string())).ok()
}

/// Why a marker sheet gave no figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undecodable {
    /// Written by a matome from before the sheet carried figures.
    OlderReport,
}

/// A report as its marker sheet tells it. What a report of an earlier
/// version does not carry is `None` or empty.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reported {
    pub fiscal_year: Option<i32>,
    pub start_month: Option<u32>,
    pub organisation: Option<String>,
    pub as_of: Option<NaiveDate>,
    pub errors: Option<usize>,
    pub warnings: Option<usize>,
    /// The organisation's, the report date's and the fiscal year's cells
    /// on the marker sheet.
    pub organisation_cell: (u32, u32),
    pub as_of_cell: (u32, u32),
    pub fiscal_year_cell: (u32, u32),
    pub lines: Vec<ReportedLine>,
}

/// One KPI of a report.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportedLine {
    /// Its row on the marker sheet, from 0.
    pub row: u32,
    pub id: String,
    pub actual: Option<f64>,
    pub months: Vec<Option<f64>>,
    pub label: Option<String>,
    pub kind: Option<KpiKind>,
    pub group: Option<String>,
    pub counter: String,
    pub value: Option<ValueKind>,
    pub unit: Option<String>,
    pub target: Option<f64>,
    pub parts: Vec<String>,
    /// The visible sheet, row and first month column of its months.
    pub shown_at: Option<(String, u32, u32)>,
}

/// A KPI line's month (fiscal index) where its report shows it: the
/// visible sheet's name and cell when the report says, else `None` and the
/// marker sheet's cell.
pub fn month_cell(line: &ReportedLine, month: usize) -> (Option<&str>, u32, u32) {
    match &line.shown_at {
        Some((sheet, row, col)) => (Some(sheet.as_str()), *row, col + month as u32),
        None => (None, line.row, u32::from(FIRST_MONTH_COLUMN) + month as u32),
    }
}

/// Everything a marker sheet tells.
pub fn decode_report(sheet: &Range<Data>) -> Result<Reported, Undecodable> {
    let number = |row: u32, col: u32| match sheet.get_value((row, col)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    };
    let text = |row: u32, col: u32| match sheet.get_value((row, col)) {
        Some(Data::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    };
    if text(HEADER_ROW, 0).as_deref() != Some(FISCAL_YEAR_KEY) {
        return Err(Undecodable::OlderReport);
    }
    let mut report = Reported::default();
    let width = sheet.end().map_or(0, |(_, col)| col);
    for col in (0..=width).step_by(2) {
        let value = col + 1;
        match text(HEADER_ROW, col).as_deref() {
            Some(FISCAL_YEAR_KEY) => {
                report.fiscal_year = number(HEADER_ROW, value).map(|y| y as i32);
                report.fiscal_year_cell = (HEADER_ROW, value);
            }
            Some(START_MONTH_KEY) => report.start_month = number(HEADER_ROW, value).map(|m| m as u32),
            Some(ORGANISATION_KEY) => {
                report.organisation = text(HEADER_ROW, value);
                report.organisation_cell = (HEADER_ROW, value);
            }
            Some(AS_OF_KEY) => {
                report.as_of = text(HEADER_ROW, value).and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok());
                report.as_of_cell = (HEADER_ROW, value);
            }
            Some(ERRORS_KEY) => report.errors = number(HEADER_ROW, value).map(|n| n as usize),
            Some(WARNINGS_KEY) => report.warnings = number(HEADER_ROW, value).map(|n| n as usize),
            _ => {}
        }
    }
    let rows = sheet.end().map_or(0, |(row, _)| row);
    let fact = |row: u32, offset: u16| text(row, u32::from(FIRST_FACT_COLUMN + offset));
    for row in FIRST_KPI_ROW..=rows {
        let Some(id) = text(row, 0) else { continue };
        report.lines.push(ReportedLine {
            row,
            id,
            actual: number(row, u32::from(FIRST_MONTH_COLUMN) - 1),
            months: (0..12).map(|m| number(row, u32::from(FIRST_MONTH_COLUMN) + m)).collect(),
            label: fact(row, 0),
            kind: fact(row, 1).and_then(|k| from_key(&k)),
            group: fact(row, 2),
            counter: fact(row, 3).unwrap_or_default(),
            value: fact(row, 4).and_then(|v| from_key(&v)),
            unit: fact(row, 5),
            target: number(row, u32::from(FIRST_FACT_COLUMN) + 6),
            parts: fact(row, 7).map(|p| p.split_whitespace().map(str::to_string).collect()).unwrap_or_default(),
            shown_at: fact(row, 8).and_then(|name| {
                let at = |offset: u16| number(row, u32::from(FIRST_FACT_COLUMN + offset)).map(|n| n as u32);
                Some((name, at(9)?, at(10)?))
            }),
        });
    }
    Ok(report)
}

/// Last year's figures from a marker sheet. KPIs are matched by id; those
/// the configuration lacks are left out.
pub fn decode(sheet: &Range<Data>, config: &Config) -> Result<LastYear, Undecodable> {
    let report = decode_report(sheet)?;
    let mut last_year = LastYear { fiscal_year: report.fiscal_year, ..LastYear::default() };
    for line in report.lines.into_iter().filter(|line| config.kpi_index(&line.id).is_some()) {
        let months = line.months.iter().any(Option::is_some).then_some(line.months);
        last_year.kpis.insert(line.id, (line.actual, months));
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
