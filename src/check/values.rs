//! Cell-level checks of one file: every month cell of every KPI row is read
//! as a count that may be used, a blank, or a value with a finding of its
//! own (text, an error value, a negative count …) that is never used.
//! Whether a blank matters, and which file's count counts, is decided on
//! the unit's merged year (`year`).

use chrono::NaiveDate;

use crate::calendar::{month_state, MonthState};
use crate::config::{Config, ValueKind};
use crate::findings::{format_count, format_number, CellRef, Code, Finding, Location, Reason, Severity, Treatment};
use crate::read::{CellValue, KpiRow, SheetNotRead, Submission};
use crate::text::{money_unit_factor, money_unit_of_label};

/// What one file says for one KPI and month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot {
    /// No row for the KPI, or no column for the month.
    Absent,
    /// A blank cell, or a zero pre-filled in a month the file does not yet
    /// report.
    Blank(CellRef),
    /// A count that may be used.
    Value(f64, CellRef),
    /// A value with a finding of its own: never used.
    Invalid(CellRef),
}

/// One file's cells, judged.
pub struct FileValues {
    /// `[kpi][fiscal month]`.
    pub slots: Vec<[Slot; 12]>,
    /// Whether the file has a row for each KPI.
    pub has_row: Vec<bool>,
    /// Findings about single cells, with their KPI and fiscal month: a
    /// later file that gives that month a usable count retires them.
    pub cell_findings: Vec<(usize, usize, Finding)>,
    /// Findings about rows (unknown labels, a KPI reported twice).
    pub row_findings: Vec<Finding>,
}

impl FileValues {
    /// The latest fiscal month this file gives a count for.
    pub fn last_filled_month(&self) -> Option<usize> {
        (0..12).rev().find(|&m| self.slots.iter().any(|row| matches!(row[m], Slot::Value(..))))
    }
}

/// Judge every KPI cell of one file of `unit`. `reports_until` is the last
/// fiscal month the file reports on (from its 基準日 or name): a zero after
/// it is a template's pre-fill, not a figure.
pub fn judge_file(
    submission: &Submission,
    unit: usize,
    config: &Config,
    as_of: NaiveDate,
    reports_until: Option<usize>,
) -> FileValues {
    let mut judged = FileValues {
        slots: vec![[Slot::Absent; 12]; config.kpis.len()],
        has_row: vec![false; config.kpis.len()],
        cell_findings: Vec::new(),
        row_findings: Vec::new(),
    };
    let mut seen: Vec<Option<&KpiRow>> = vec![None; config.kpis.len()];
    let at = |cell| submission.location(cell);
    for row in &submission.rows {
        let kpi_id = &config.kpis[row.kpi].id;
        if !config.reports(row.kpi, unit) {
            judged.row_findings.push(
                Finding::new(Code::UnknownLabel, at(row.label.cell), Treatment::Excluded)
                    .kpi(kpi_id)
                    .found(&row.label.value)
                    .reason(Reason::NotReportedByUnit),
            );
            continue;
        }
        // An amount row may be labelled with its own unit (「採択金額（千円）」).
        let amount = config.kpis[row.kpi].value == ValueKind::Amount;
        let labelled_unit = money_unit_of_label(&row.label.value).filter(|_| amount);
        let mut row_findings = Vec::new();
        let slots = judge_row(submission, row, config, (as_of, reports_until), labelled_unit, &mut row_findings);
        if let Some(first) = seen[row.kpi] {
            let same = judged.slots[row.kpi].iter().zip(&slots).all(|(a, b)| same_figure(a, b));
            judged.row_findings.push(
                Finding::new(Code::DuplicateKpi, at(row.label.cell), Treatment::Excluded)
                    .severity(if same { Severity::Info } else { Severity::Error })
                    .kpi(kpi_id)
                    .found(&row.label.value)
                    .expected(submission.cell_name(first.label.cell)),
            );
            continue;
        }
        seen[row.kpi] = Some(row);
        judged.has_row[row.kpi] = true;
        let unit = config.amount_unit(row.kpi);
        if let Some(labelled) = labelled_unit.filter(|u| *u != unit) {
            judged.row_findings.push(
                Finding::new(Code::Converted, at(row.label.cell), Treatment::Converted)
                    .kpi(kpi_id)
                    .found(labelled)
                    .expected(unit),
            );
        }
        judged.slots[row.kpi] = slots;
        judged.cell_findings.extend(row_findings.into_iter().map(|(month, f)| (row.kpi, month, f)));
    }
    // Another sheet with the same KPIs and other figures was not used (F010).
    let disagreeing = submission.sheets_not_read.iter().filter(|(_, why)| *why == SheetNotRead::Disagrees);
    for (sheet, _) in disagreeing {
        let location = Location { sheet: Some(sheet.clone()), ..Location::file(&submission.file) };
        judged.row_findings.push(
            Finding::new(Code::DisagreeingSheet, location, Treatment::Excluded)
                .found(sheet)
                .expected(submission.main_sheet()),
        );
    }
    for label in &submission.unknown_rows {
        let suggestion = config.suggest_kpi(&label.value).map(|kpi| &config.kpis[kpi].id);
        judged.row_findings.push(
            Finding::new(Code::UnknownLabel, at(label.cell), Treatment::Excluded)
                .found(&label.value)
                .suggestion(suggestion),
        );
    }
    judged
}

/// Two rows say the same where their counts are equal, wherever the cells are.
fn same_figure(a: &Slot, b: &Slot) -> bool {
    match (a, b) {
        (Slot::Value(x, _), Slot::Value(y, _)) => x == y,
        (Slot::Value(..), _) | (_, Slot::Value(..)) => false,
        _ => true,
    }
}

/// `labelled_unit` is the money unit an amount row's label names, which its
/// figures are in.
fn judge_row(
    submission: &Submission,
    row: &KpiRow,
    config: &Config,
    (as_of, reports_until): (NaiveDate, Option<usize>),
    labelled_unit: Option<&str>,
    findings: &mut Vec<(usize, Finding)>,
) -> [Slot; 12] {
    let kpi = &config.kpis[row.kpi];
    let amount = kpi.value == ValueKind::Amount;
    // An amount is counted in the KPI's unit; a row labelled with another
    // (「採択金額（千円）」) is converted, once for the row.
    let unit = money_unit_factor(config.amount_unit(row.kpi)).unwrap_or(1.0);
    let row_unit = labelled_unit.and_then(money_unit_factor).unwrap_or(unit);
    let mut slots = [Slot::Absent; 12];
    for (month, cell) in row.months.iter().enumerate() {
        let Some(cell) = cell else { continue };
        let future = month_state(config, month, as_of) == MonthState::Future;
        let finding = |code: Code, treatment: Treatment, found: String| {
            Finding::new(code, submission.location(cell.cell), treatment)
                .kpi(&kpi.id)
                .month(config.calendar_month(month))
                .found(found)
        };
        let number = match &cell.value {
            CellValue::Number(n) => *n * row_unit / unit,
            // A figure typed with its money unit: converted, and said so.
            CellValue::Yen(yen) if amount => {
                let value = yen / unit;
                let typed = format!("{}円", format_count(*yen));
                let converted = format!("{} {}", format_count(value), config.amount_unit(row.kpi));
                findings.push((month, finding(Code::Converted, Treatment::Converted, typed).expected(converted)));
                value
            }
            CellValue::Yen(yen) => *yen,
            CellValue::Blank => {
                slots[month] = Slot::Blank(cell.cell);
                continue;
            }
            other => {
                let (code, found) = match other {
                    CellValue::Text(text) => (Code::NotANumber, text.clone()),
                    CellValue::ErrorValue(error) => (Code::ErrorValue, error.clone()),
                    CellValue::FormulaWithoutValue(formula) => (Code::FormulaWithoutValue, formula.clone()),
                    _ => unreachable!("numbers and blanks are handled above"),
                };
                findings.push((month, finding(code, Treatment::Excluded, found)));
                slots[month] = Slot::Invalid(cell.cell);
                continue;
            }
        };
        let mut flag = |code: Code| {
            findings.push((month, finding(code, Treatment::Excluded, format_number(number))));
            Slot::Invalid(cell.cell)
        };
        slots[month] = match number {
            // A figure in a month still to come is judged on the merged
            // year (C007), where the latest file's cell is known.
            n if n != 0.0 && future => Slot::Value(n, cell.cell),
            n if n < 0.0 && kpi.value != ValueKind::Signed => flag(Code::Negative),
            n if n.fract() != 0.0 && !amount => flag(Code::Fraction),
            // A zero in a month still to come is how templates are often pre-filled.
            n if n == 0.0 && (future || reports_until.is_some_and(|last| month > last)) => Slot::Blank(cell.cell),
            n => Slot::Value(n, cell.cell),
        };
    }
    slots
}
