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
use std::ops::Range;

use crate::findings::{format_number, CellRef, Code, Finding, Location, Treatment};
use crate::read::{CellValue, Located, Submission};

/// Tolerance for comparing counts typed by hand with their sum.
const EPSILON: f64 = 1e-6;
/// Tolerance for a typed progress figure: a tenth of a percentage point,
/// since people type the rounded figure they see.
const PROGRESS_TOLERANCE: f64 = 0.001;

/// One KPI row's hand-typed figures, as much of the row as the checks need
/// (the file itself is not kept once it is judged). Only numbers are kept:
/// a typed figure that is not a number is checked nowhere.
#[derive(Debug, Clone)]
pub struct TypedRow {
    kpi: usize,
    /// The row's month cells that hold numbers, by fiscal month.
    months: Vec<(u8, f64)>,
    total: Option<(CellRef, f64)>,
    /// Subtotals (四半期計 …): the fiscal months each sums, its cell, its number.
    subtotals: Vec<(Range<usize>, CellRef, f64)>,
    /// The 累計 row under it: fiscal month, cell, number.
    cumulative: Vec<(u8, CellRef, f64)>,
    progress: Option<(CellRef, f64)>,
}

/// The typed figures of every KPI row `unit` reports, the first row of each
/// KPI only. Rows with nothing typed by hand are left out.
pub fn typed_rows(submission: &Submission, unit: usize, config: &Config) -> Vec<TypedRow> {
    let number = |cell: &Option<Located<CellValue>>| cell.as_ref().and_then(|c| Some((c.cell, c.value.number()?)));
    let mut done = vec![false; config.kpis.len()];
    let mut rows = Vec::new();
    for row in &submission.rows {
        if done[row.kpi] || !config.reports(row.kpi, unit) {
            continue;
        }
        done[row.kpi] = true;
        let typed = TypedRow {
            kpi: row.kpi,
            months: (0..12u8).filter_map(|m| Some((m, number(row.months.get(m as usize)?)?.1))).collect(),
            total: number(&row.total),
            subtotals: row
                .subtotals
                .iter()
                .filter_map(|(span, cell)| Some((span.clone(), cell.cell, cell.value.number()?)))
                .collect(),
            cumulative: (0..12u8)
                .filter_map(|m| number(row.cumulative.get(m as usize)?).map(|(cell, n)| (m, cell, n)))
                .collect(),
            progress: number(&row.progress),
        };
        let anything_typed = typed.total.is_some()
            || !typed.subtotals.is_empty()
            || !typed.cumulative.is_empty()
            || typed.progress.is_some();
        if anything_typed {
            rows.push(typed);
        }
    }
    rows
}

/// Check the figures one file of `unit` typed by hand (`rows`, from
/// `typed_rows`; `at` places a cell of that file). `known` is the unit's
/// year as the files up to this one give it, `[kpi][fiscal month]`.
pub fn check_typed_figures(
    rows: &[TypedRow],
    at: impl Fn(CellRef) -> Location,
    unit: usize,
    config: &Config,
    known: &[[Option<f64>; 12]],
    findings: &mut Vec<Finding>,
) {
    for row in rows {
        let kpi = &config.kpis[row.kpi];
        let finding = |code, cell: CellRef| Finding::new(code, at(cell), Treatment::Recomputed).kpi(&kpi.id);
        let mut typed = [None; 12];
        for &(month, value) in &row.months {
            typed[month as usize] = Some(value);
        }
        // The year to date as this file stands on it: its own figures, and
        // the earlier files' for months it leaves blank.
        let to_date: Vec<Option<f64>> = typed.iter().zip(&known[row.kpi]).map(|(own, known)| own.or(*known)).collect();
        if kpi.kind == KpiKind::Flow {
            let typed_sum: f64 = typed.iter().flatten().sum();
            if let Some((cell, found)) = row.total {
                if (found - typed_sum).abs() > EPSILON {
                    findings.push(
                        finding(Code::RowTotalMismatch, cell)
                            .found(format_number(found))
                            .expected(format_number(typed_sum)),
                    );
                }
            }
            // Subtotal columns (四半期計, 上期計) are checked like the total.
            for (span, cell, found) in &row.subtotals {
                let sum: f64 = typed[span.clone()].iter().flatten().sum();
                if (found - sum).abs() > EPSILON {
                    findings.push(
                        finding(Code::RowTotalMismatch, *cell)
                            .found(format_number(*found))
                            .expected(format_number(sum)),
                    );
                }
            }
            let mut previous: Option<f64> = None;
            let mut cumulative = row.cumulative.iter().peekable();
            let mut running = 0.0;
            for (month, to_date) in to_date.iter().enumerate() {
                running += to_date.unwrap_or(0.0);
                let Some(&(_, cell, found)) = cumulative.next_if(|c| c.0 as usize == month) else { continue };
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
        if let (Some((cell, found)), Some(target)) = (row.progress, config.unit_target(row.kpi, unit)) {
            let typed_total = row.total.map(|t| t.1).filter(|_| kpi.kind == KpiKind::Flow);
            let own = typed_total.or_else(|| year_to_date(kpi.kind, &typed));
            let year = year_to_date(kpi.kind, &to_date);
            if let Some(actual) = year.or(own) {
                let agrees = |basis: Option<f64>| {
                    basis.is_some_and(|b| {
                        [found, found / 100.0].iter().any(|p| (p - b / target).abs() <= PROGRESS_TOLERANCE)
                    })
                };
                if target > 0.0 && !agrees(Some(actual)) && !agrees(own) {
                    findings.push(
                        finding(Code::ProgressMismatch, cell)
                            .found(format_number(found))
                            .expected(format!("{:.1}%", actual / target * 100.0)),
                    );
                }
            }
        }
    }
}
