//! Consistency checks within one file: figures a branch typed by hand (row
//! totals, cumulative rows, progress percentages) against that file's own
//! months. Hand-typed figures are never used; matome computes its own.
//! Stocks and ratios are checked on the unit's merged year (`year`).

use crate::config::{Config, KpiKind};
use crate::findings::{format_number, Code, Finding, Treatment};
use crate::read::{CellValue, Located, Submission};

/// Tolerance for comparing counts typed by hand with their sum.
const EPSILON: f64 = 1e-6;
/// Tolerance for a typed progress figure: a tenth of a percentage point,
/// since people type the rounded figure they see.
const PROGRESS_TOLERANCE: f64 = 0.001;

/// Check the figures one file of `unit` typed by hand.
pub fn check_typed_figures(submission: &Submission, unit: usize, config: &Config, findings: &mut Vec<Finding>) {
    let at = |cell| submission.location(cell);
    let mut done = vec![false; config.kpis.len()];
    for row in &submission.rows {
        if done[row.kpi] || !config.reports(row.kpi, unit) {
            continue;
        }
        done[row.kpi] = true;
        let kpi = &config.kpis[row.kpi];
        let finding =
            |code, cell: &Located<CellValue>| Finding::new(code, at(cell.cell), Treatment::Recomputed).kpi(&kpi.id);
        let typed: Vec<Option<f64>> = row.months.iter().map(|c| c.as_ref().and_then(|c| c.value.number())).collect();
        if kpi.kind == KpiKind::Flow {
            let typed_sum: f64 = typed.iter().flatten().sum();
            if let Some(total) = row.total.as_ref().filter(|t| t.value.number().is_some()) {
                let found = total.value.number().unwrap_or_default();
                if (found - typed_sum).abs() > EPSILON {
                    findings.push(
                        finding(Code::RowTotalMismatch, total)
                            .found(format_number(found))
                            .expected(format_number(typed_sum)),
                    );
                }
            }
            // Subtotal columns (四半期計, 上期計) are checked like the total.
            for (span, cell) in &row.subtotals {
                let Some(found) = cell.value.number() else { continue };
                let sum: f64 = typed[span.clone()].iter().flatten().sum();
                if (found - sum).abs() > EPSILON {
                    findings.push(
                        finding(Code::RowTotalMismatch, cell).found(format_number(found)).expected(format_number(sum)),
                    );
                }
            }
            let mut running = 0.0;
            let mut previous: Option<f64> = None;
            for (month, cell) in row.cumulative.iter().enumerate() {
                running += typed[month].unwrap_or(0.0);
                let Some(cell) = cell else { continue };
                let Some(found) = cell.value.number() else { continue };
                let month_number = config.calendar_month(month);
                if previous.is_some_and(|p| found < p) {
                    findings.push(
                        finding(Code::CumulativeMismatch, cell)
                            .month(month_number)
                            .found(format_number(found))
                            .expected(format!(">= {}", format_number(previous.unwrap_or_default()))),
                    );
                } else if (found - running).abs() > EPSILON {
                    findings.push(
                        finding(Code::CumulativeMismatch, cell)
                            .month(month_number)
                            .found(format_number(found))
                            .expected(format_number(running)),
                    );
                }
                previous = Some(found);
            }
        }
        // The branch's own arithmetic: its progress against its own total
        // (or months). Wrong inputs are K001's or the cells' findings, not
        // a second error here.
        if let (Some(progress), Some(target)) = (&row.progress, config.unit_target(row.kpi, unit)) {
            let typed_total = row.total.as_ref().and_then(|t| t.value.number()).filter(|_| kpi.kind == KpiKind::Flow);
            let basis = typed_total.or_else(|| year_to_date(kpi.kind, &typed));
            if let (Some(found), Some(actual)) = (progress.value.number(), basis) {
                let expected = actual / target;
                let agrees = |p: f64| (p - expected).abs() <= PROGRESS_TOLERANCE;
                if target > 0.0 && !agrees(found) && !agrees(found / 100.0) {
                    findings.push(
                        finding(Code::ProgressMismatch, progress)
                            .found(format_number(found))
                            .expected(format!("{:.1}%", expected * 100.0)),
                    );
                }
            }
        }
    }
}

/// A unit's year-to-date figure: the sum of a flow, the latest level of a stock.
pub fn year_to_date(kind: KpiKind, months: &[Option<f64>]) -> Option<f64> {
    match kind {
        KpiKind::Stock => months.iter().rev().flatten().next().copied(),
        _ => months.iter().flatten().copied().reduce(|a, b| a + b),
    }
}
