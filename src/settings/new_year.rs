//! Next fiscal year's settings from this year's settings and this year's
//! final report (`matome new-year`): the year moves on, each item's result
//! and months become last year's, each balance opens at the level it
//! closed at, and the targets are carried over for headquarters to review.

use crate::config::{Config, ConfigProblem, Place};
use crate::consolidate::is_level;
use crate::error::{MatomeError, ReportProblem};
use crate::marker::LastYear;

/// Next year's settings, and what the user should look at in them.
pub struct NextYear {
    pub config: Config,
    /// How many of the year's months the report has figures for (12 in a
    /// year-end report); the months after them are filled as gaps are.
    pub months_reported: usize,
    /// Items with a month missing among those: a count's missing month is
    /// taken as 0, a level's as the level before it.
    pub months_filled: Vec<String>,
    /// Items the report has no figures for: no last year's figures.
    pub not_in_report: Vec<String>,
}

/// Next year's configuration. `report` must be of the configuration's year.
pub fn next_year(config: &Config, report: &LastYear, report_path: &std::path::Path) -> Result<NextYear, MatomeError> {
    let expected = config.organisation.fiscal_year;
    if let Some(found) = report.fiscal_year.filter(|&year| year != expected) {
        let problem = ReportProblem::WrongYear { expected, found };
        return Err(MatomeError::Report { path: report_path.to_path_buf(), problem });
    }
    let mut organisation = config.organisation.clone();
    organisation.fiscal_year += 1;
    let mut kpis = config.kpis.clone();
    let (mut months_filled, mut not_in_report) = (Vec::new(), Vec::new());
    let last_month = |months: &[Option<f64>]| months.iter().rposition(Option::is_some).map_or(0, |m| m + 1);
    let months_reported =
        report.kpis.values().filter_map(|(_, months)| months.as_deref().map(last_month)).max().unwrap_or(0);
    for kpi in &mut kpis {
        // Figures from two years back are never last year's.
        kpi.previous = None;
        kpi.previous_months = None;
        let Some((actual, months)) = report.kpis.get(&kpi.id) else {
            not_in_report.push(kpi.label.clone());
            continue;
        };
        kpi.previous = *actual;
        if let Some(months) = months {
            let twelve = whole_year(months, is_level(kpi.kind));
            if months.iter().take(months_reported).any(Option::is_none) {
                months_filled.push(kpi.label.clone());
            }
            kpi.previous_months = twelve;
        }
        if kpi.kind == crate::config::KpiKind::Balance {
            // The year opens where it closed: the report's result of a
            // balance is its latest level.
            kpi.opening = actual.or(kpi.opening);
        }
    }
    let next = Config::assemble(
        organisation,
        config.thresholds.clone(),
        config.limits.clone(),
        config.units.clone(),
        config.groups.clone(),
        kpis,
    )
    .map_err(|(_, problem): (_, ConfigProblem)| MatomeError::Config {
        path: report_path.to_path_buf(),
        place: Place::Whole,
        problem: Box::new(problem),
    })?;
    Ok(NextYear { config: next, months_reported, months_filled, not_in_report })
}

/// Twelve months from a report's. A count
/// missing a month counted nothing that month (the report's total agrees);
/// a level keeps the level it had. A level with no month before its first
/// figure has no twelve months.
fn whole_year(months: &[Option<f64>], level: bool) -> Option<Vec<f64>> {
    let mut last = None;
    let mut twelve = Vec::with_capacity(12);
    for month in months.iter().take(12) {
        let value = match (month, level) {
            (Some(value), _) => Some(*value),
            (None, false) => Some(0.0),
            (None, true) => last,
        };
        match value {
            Some(value) => twelve.push(value),
            None => return None,
        }
        last = value;
    }
    Some(twelve).filter(|t| t.len() == 12)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_s_missing_months_are_zero_and_a_level_s_carry_on() {
        let months = [Some(5.0), None, Some(2.0), None, None, None, None, None, None, None, None, None];
        assert_eq!(whole_year(&months, false).unwrap(), [5.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(whole_year(&months, true).unwrap(), [5.0, 5.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0]);
        let late = [None, Some(3.0), None, None, None, None, None, None, None, None, None, None];
        assert_eq!(whole_year(&late, true), None);
        let full: Vec<Option<f64>> = (1..=12).map(|m| Some(m as f64)).collect();
        assert_eq!(whole_year(&full, true), Some((1..=12).map(f64::from).collect()));
    }
}
