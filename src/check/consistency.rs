//! Consistency checks of one file: figures a branch typed by hand. A row
//! total (合計, 四半期計) sums the file's own months. A cumulative row (累計)
//! and a progress figure (進捗) are the year to date, which a file holding
//! only its own month takes from the files before it: they are checked
//! against the unit's year as known at that file (its own months, the
//! earlier files' elsewhere), and a progress figure may also be the file's
//! own total ÷ target, as the template computes it. Hand-typed figures are
//! never used; matome computes its own. Stocks and ratios are checked on the
//! unit's merged year (`year`).

use crate::calendar::year_to_date;
use crate::config::{Config, KpiKind};
use crate::findings::{format_number, Code, Finding, Treatment};
use crate::read::{CellValue, Located, Submission};

/// Tolerance for comparing counts typed by hand with their sum.
const EPSILON: f64 = 1e-6;
/// Tolerance for a typed progress figure: a tenth of a percentage point,
/// since people type the rounded figure they see.
const PROGRESS_TOLERANCE: f64 = 0.001;

/// Check the figures one file of `unit` typed by hand. `known` is the
/// unit's year as the files up to this one give it, `[kpi][fiscal month]`.
pub fn check_typed_figures(
    submission: &Submission,
    unit: usize,
    config: &Config,
    known: &[[Option<f64>; 12]],
    findings: &mut Vec<Finding>,
) {
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
        // The year to date as this file stands on it: its own figures, and
        // the earlier files' for months it leaves blank.
        let to_date: Vec<Option<f64>> = typed.iter().zip(&known[row.kpi]).map(|(own, known)| own.or(*known)).collect();
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
                running += to_date[month].unwrap_or(0.0);
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
        // Progress is the year to date ÷ target, or the branch's own
        // arithmetic: its own total (or months) ÷ target. Wrong inputs are
        // K001's or the cells' findings, not a second error here.
        if let (Some(progress), Some(target)) = (&row.progress, config.unit_target(row.kpi, unit)) {
            let typed_total = row.total.as_ref().and_then(|t| t.value.number()).filter(|_| kpi.kind == KpiKind::Flow);
            let own = typed_total.or_else(|| year_to_date(kpi.kind, &typed));
            let year = year_to_date(kpi.kind, &to_date);
            if let (Some(found), Some(actual)) = (progress.value.number(), year.or(own)) {
                let agrees = |basis: Option<f64>| {
                    basis.is_some_and(|b| {
                        [found, found / 100.0].iter().any(|p| (p - b / target).abs() <= PROGRESS_TOLERANCE)
                    })
                };
                if target > 0.0 && !agrees(Some(actual)) && !agrees(own) {
                    findings.push(
                        finding(Code::ProgressMismatch, progress)
                            .found(format_number(found))
                            .expected(format!("{:.1}%", actual / target * 100.0)),
                    );
                }
            }
        }
    }
}
