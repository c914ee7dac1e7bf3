//! A spreadsheet cell as the checker needs to see it: a number, a blank, or
//! something that is neither, kept with its text so a finding can quote it.

use calamine::{Data, DataType};

use crate::text::{parse_month_heading, parse_number_text, MonthHeading, ParsedText};

/// Every error value Excel shows, Excel 365's too: the newer ones reach
/// here as text (see `repair`).
const EXCEL_ERRORS: &[&str] = &[
    "#REF!",
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#VALUE!",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#BUSY!",
    "#CONNECT!",
    "#UNKNOWN!",
    "#PYTHON!",
    "#GETTING_DATA",
];

#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Blank,
    Number(f64),
    /// A figure typed with a money unit (「4,500万円」), in yen.
    Yen(f64),
    /// Text that does not read as a number, as typed.
    Text(String),
    /// An Excel error value such as `#REF!`.
    ErrorValue(String),
    /// A formula whose result was never computed, with its formula text.
    FormulaWithoutValue(String),
}

impl CellValue {
    pub fn from_data(data: &Data) -> CellValue {
        match data {
            Data::Empty => CellValue::Blank,
            Data::Int(i) => CellValue::Number(*i as f64),
            Data::Float(f) => CellValue::Number(*f),
            // Error values that arrive as text (CSV round trips, some generators).
            Data::String(s) if EXCEL_ERRORS.contains(&s.trim()) => CellValue::ErrorValue(s.trim().to_string()),
            Data::String(s) => match parse_number_text(s) {
                ParsedText::Blank => CellValue::Blank,
                ParsedText::Number(n) => CellValue::Number(n),
                ParsedText::Yen(yen) => CellValue::Yen(yen),
                ParsedText::NotANumber => CellValue::Text(s.clone()),
            },
            Data::Bool(b) => CellValue::Text(b.to_string()),
            Data::Error(e) => CellValue::ErrorValue(e.to_string()),
            Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => CellValue::Text(data.to_string()),
        }
    }

    pub fn number(&self) -> Option<f64> {
        match self {
            CellValue::Number(n) | CellValue::Yen(n) => Some(*n),
            _ => None,
        }
    }
}

/// The text of a cell, when it holds text.
pub fn cell_text(data: &Data) -> Option<&str> {
    match data {
        Data::String(s) => Some(s.trim()).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// The month a header cell names, by its text or as a date cell (whose
/// year is kept, like that of 「2021/4」).
pub fn month_of(data: &Data) -> Option<MonthHeading> {
    use chrono::Datelike;
    match data {
        Data::String(s) => parse_month_heading(s),
        Data::DateTime(_) | Data::DateTimeIso(_) => {
            data.as_date().map(|d| MonthHeading { month: d.month(), year: Some(d.year()) })
        }
        _ => None,
    }
}
