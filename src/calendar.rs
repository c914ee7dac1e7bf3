//! The fiscal calendar every stage shares: which months have ended on a
//! report date, how much of the year has elapsed (the expected pace), the
//! last day of a month, a KPI's year to date. Below the checker, the
//! consolidation and the writer alike, beside the configuration.

use chrono::{Datelike, NaiveDate};

use crate::config::{Config, KpiKind};

/// How far the fiscal month index has come by the report date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthState {
    /// Ended on or before the report date: a number is due.
    Complete,
    /// The report date falls in it: numbers may be partial or absent.
    Current,
    /// Starts after the report date.
    Future,
}

pub fn month_state(config: &Config, month: usize, as_of: NaiveDate) -> MonthState {
    let year = config.month_year(month);
    let calendar = config.calendar_month(month);
    let start = NaiveDate::from_ymd_opt(year, calendar, 1).expect("valid month");
    if start > as_of {
        return MonthState::Future;
    }
    let last_day = start.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).expect("valid month");
    if last_day <= as_of || (as_of.month() == calendar && as_of == last_day) {
        MonthState::Complete
    } else {
        MonthState::Current
    }
}

/// Share of the fiscal year elapsed on the report date: the expected pace.
pub fn elapsed_share(config: &Config, as_of: NaiveDate) -> f64 {
    let (elapsed, total) = elapsed_days(config, as_of);
    elapsed as f64 / total as f64
}

/// Days of the fiscal year elapsed on a date (within 0 and the year), and
/// the year's days: the pace as a fraction, for formulas to compute exactly.
pub fn elapsed_days(config: &Config, date: NaiveDate) -> (i64, i64) {
    let start = config.fiscal_start();
    let total = (config.fiscal_end() - start).num_days() + 1;
    (((date - start).num_days() + 1).clamp(0, total), total)
}

/// The last day of a fiscal month.
pub fn month_end(config: &Config, month: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(config.month_year(month), config.calendar_month(month), 1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .and_then(|d| d.pred_opt())
        .expect("a valid month")
}

/// A unit's year-to-date figure: the sum of a flow, the latest level of a stock.
pub fn year_to_date(kind: KpiKind, months: &[Option<f64>]) -> Option<f64> {
    match kind {
        KpiKind::Stock => months.iter().rev().flatten().next().copied(),
        _ => months.iter().flatten().copied().reduce(|a, b| a + b),
    }
}
