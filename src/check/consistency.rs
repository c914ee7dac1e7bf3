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

use crate::findings::{format_number, CellRef, Code, Finding, Location, Treatment};
use crate::read::{CellValue, Located, Submission};

/// Tolerance for comparing counts typed by hand with their sum.
const EPSILON: f64 = 1e-6;
/// Tolerance for a typed progress figure: a tenth of a percentage point,
/// since people type the rounded figure they see.
const PROGRESS_TOLERANCE: f64 = 0.001;

/// What one KPI row's typed 累計 and 進捗 need of it to be checked on the
/// year as known at its file (the file itself is not kept once it is
/// judged). Only numbers are kept: a typed figure that is not a number is
/// checked nowhere.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct TypedRow {
    kpi: u16,
    /// The row's month cells that hold numbers, by fiscal month.
    months: Box<[(u8, f64)]>,
    /// Its typed total (合計), part of the file's own arithmetic.
    total: Option<f64>,
    /// The 累計 row under it: fiscal month, cell, number.
    cumulative: Box<[(u8, CellRef, f64)]>,
    progress: Option<(CellRef, f64)>,
}

/// Check the totals `unit` typed in one file (合計 and subtotals, which sum
/// the file's own months) into `findings`, and give what its 累計 and 進捗
/// figures need to be checked once the year is known at the file: the
/// first row of each KPI only, and only rows with such figures.
pub fn typed_rows(submission: &Submission, unit: usize, config: &Config, findings: &mut Vec<Finding>) -> Vec<TypedRow> {
    let number = |cell: &Option<Located<CellValue>>| cell.as_ref().and_then(|c| Some((c.cell, c.value.number()?)));
    let mut done = vec![false; config.kpis.len()];
    let mut rows = Vec::new();
    for row in &submission.rows {
        if done[row.kpi] || !config.reports(row.kpi, unit) {
            continue;
        }
        done[row.kpi] = true;
        let kpi = &config.kpis[row.kpi];
        let finding = |cell: CellRef, found: f64, expected: f64| {
            Finding::new(Code::RowTotalMismatch, submission.location(cell), Treatment::Recomputed)
                .kpi(&kpi.id)
                .found(format_number(found))
                .expected(format_number(expected))
        };
        let mut typed = [None; 12];
        for (month, cell) in row.months.iter().enumerate().take(12) {
            typed[month] = number(cell).map(|(_, n)| n);
        }
        let total = number(&row.total);
        if kpi.kind == KpiKind::Flow {
            let typed_sum: f64 = typed.iter().flatten().sum();
            if let Some((cell, found)) = total.filter(|(_, found)| (found - typed_sum).abs() > EPSILON) {
                findings.push(finding(cell, found, typed_sum));
            }
            // Subtotal columns (四半期計, 上期計) are checked like the total.
            for (span, cell) in &row.subtotals {
                let Some(found) = cell.value.number() else { continue };
                let sum: f64 = typed[span.clone()].iter().flatten().sum();
                if (found - sum).abs() > EPSILON {
                    findings.push(finding(cell.cell, found, sum));
                }
            }
        }
        // Only a flow's 累計 is checked.
        let cumulative: Box<[_]> = (0..12u8)
            .filter(|_| kpi.kind == KpiKind::Flow)
            .filter_map(|m| number(row.cumulative.get(m as usize)?).map(|(cell, n)| (m, cell, n)))
            .collect();
        let progress = number(&row.progress);
        if cumulative.is_empty() && progress.is_none() {
            continue;
        }
        rows.push(TypedRow {
            kpi: row.kpi as u16,
            months: (0..12u8).filter_map(|m| Some((m, typed[m as usize]?))).collect(),
            total: total.map(|(_, n)| n),
            cumulative,
            progress,
        });
    }
    rows.shrink_to_fit();
    rows
}

/// Check the 累計 and 進捗 figures one file of `unit` typed by hand (`rows`,
/// from `typed_rows`; `at` places a cell of that file). `known` is the
/// unit's year as the files up to this one give it, `[kpi][fiscal month]`.
pub fn check_typed_figures(
    rows: &[TypedRow],
    at: impl Fn(CellRef) -> Location,
    unit: usize,
    config: &Config,
    known: &[[Option<f64>; 12]],
    findings: &mut Vec<Finding>,
) {
    for row in rows {
        let kpi_index = row.kpi as usize;
        let kpi = &config.kpis[kpi_index];
        let finding = |code, cell: CellRef| Finding::new(code, at(cell), Treatment::Recomputed).kpi(&kpi.id);
        let mut typed = [None; 12];
        for &(month, value) in row.months.iter() {
            typed[month as usize] = Some(value);
        }
        // The year to date as this file stands on it: its own figures, and
        // the earlier files' for months it leaves blank.
        let to_date: Vec<Option<f64>> =
            typed.iter().zip(&known[kpi_index]).map(|(own, known)| own.or(*known)).collect();
        if kpi.kind == KpiKind::Flow {
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
        if let (Some((cell, found)), Some(target)) = (row.progress, config.unit_target(kpi_index, unit)) {
            let typed_total = row.total.filter(|_| kpi.kind == KpiKind::Flow);
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
