//! Cell-level checks: every month cell of every KPI row is accepted,
//! excluded or taken as zero, with a finding for anything but a plain count.

use chrono::NaiveDate;

use super::{month_state, MonthState};
use crate::config::{Config, KpiKind};
use crate::findings::{format_number, Code, Finding, Location, Reason, Severity, Treatment};
use crate::read::{CellValue, KpiRow, Submission};

/// Accepted values `[kpi][month]` of one unit's file.
pub fn accept_values(
    submission: &Submission,
    unit: usize,
    config: &Config,
    as_of: NaiveDate,
    findings: &mut Vec<Finding>,
) -> Vec<Vec<Option<f64>>> {
    let mut values = vec![vec![None; 12]; config.kpis.len()];
    let mut seen: Vec<Option<&KpiRow>> = vec![None; config.kpis.len()];
    let at = |cell| Location::cell(&submission.file, &submission.sheet, cell);
    for row in &submission.rows {
        let kpi_id = &config.kpis[row.kpi].id;
        if !config.reports(row.kpi, unit) {
            findings.push(
                Finding::new(Code::UnknownLabel, at(row.label.cell), Treatment::Excluded)
                    .kpi(kpi_id)
                    .found(&row.label.value)
                    .reason(Reason::NotReportedByUnit),
            );
            continue;
        }
        let mut row_findings = Vec::new();
        let row_values = accept_row(submission, row, config, as_of, &mut row_findings);
        if let Some(first) = seen[row.kpi] {
            let same = values[row.kpi] == row_values;
            findings.push(
                Finding::new(Code::DuplicateKpi, at(row.label.cell), Treatment::Excluded)
                    .severity(if same { Severity::Info } else { Severity::Error })
                    .kpi(kpi_id)
                    .found(&row.label.value)
                    .expected(first.label.cell.to_string()),
            );
            continue;
        }
        seen[row.kpi] = Some(row);
        values[row.kpi] = row_values;
        findings.extend(row_findings);
    }
    for label in &submission.unknown_rows {
        findings.push(Finding::new(Code::UnknownLabel, at(label.cell), Treatment::Excluded).found(&label.value));
    }
    for (kpi, first) in seen.iter().enumerate() {
        if config.reports(kpi, unit) && first.is_none() {
            findings.push(
                Finding::new(
                    Code::MissingKpi,
                    Location { sheet: Some(submission.sheet.clone()), ..Location::file(&submission.file) },
                    Treatment::Excluded,
                )
                .kpi(&config.kpis[kpi].id),
            );
        }
    }
    values
}

fn accept_row(
    submission: &Submission,
    row: &KpiRow,
    config: &Config,
    as_of: NaiveDate,
    findings: &mut Vec<Finding>,
) -> Vec<Option<f64>> {
    let kpi = &config.kpis[row.kpi];
    let mut accepted = vec![None; 12];
    for (month, cell) in row.months.iter().enumerate() {
        let Some(cell) = cell else { continue };
        let state = month_state(config, month, as_of);
        let finding = |code: Code, treatment: Treatment| {
            Finding::new(code, Location::cell(&submission.file, &submission.sheet, cell.cell), treatment)
                .kpi(&kpi.id)
                .month(config.calendar_month(month))
        };
        accepted[month] = match &cell.value {
            CellValue::Number(n) if *n != 0.0 && state == MonthState::Future => {
                findings.push(finding(Code::FutureMonth, Treatment::Excluded).found(format_number(*n)).expected("0"));
                None
            }
            CellValue::Number(n) if *n < 0.0 => {
                findings.push(finding(Code::Negative, Treatment::Excluded).found(format_number(*n)));
                None
            }
            CellValue::Number(n) if n.fract() != 0.0 => {
                findings.push(finding(Code::Fraction, Treatment::Excluded).found(format_number(*n)));
                None
            }
            // A zero in a month still to come is how templates are often pre-filled.
            CellValue::Number(_) if state == MonthState::Future => None,
            CellValue::Number(n) => Some(*n),
            CellValue::Blank if state == MonthState::Complete => {
                // A stock is a level: a blank month leaves the latest level standing.
                if kpi.kind == KpiKind::Stock {
                    findings.push(finding(Code::BlankDue, Treatment::Excluded));
                    None
                } else {
                    findings.push(finding(Code::BlankDue, Treatment::TakenAsZero));
                    Some(0.0)
                }
            }
            CellValue::Blank => None,
            CellValue::Text(text) => {
                findings.push(finding(Code::NotANumber, Treatment::Excluded).found(text));
                None
            }
            CellValue::ErrorValue(error) => {
                findings.push(finding(Code::ErrorValue, Treatment::Excluded).found(error));
                None
            }
            CellValue::FormulaWithoutValue(formula) => {
                findings.push(finding(Code::FormulaWithoutValue, Treatment::Excluded).found(formula));
                None
            }
        };
    }
    accepted
}
