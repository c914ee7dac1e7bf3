//! File-level checks: which unit each file is from, whether it is for this
//! fiscal year, which file counts when a unit sent two, and who sent nothing.

use crate::config::Config;
use crate::findings::{Code, Finding, Location, Reason, Severity, Treatment};
use crate::read::Submission;

pub struct Chosen {
    /// The unit each submission was identified as.
    pub unit_of: Vec<Option<usize>>,
    /// Whether each submission's figures are used.
    pub used: Vec<bool>,
}

pub fn assign_units(
    submissions: &[Submission],
    config: &Config,
    expect_every_unit: bool,
    findings: &mut Vec<Finding>,
) -> Chosen {
    let mut unit_of = Vec::with_capacity(submissions.len());
    let mut eligible = Vec::with_capacity(submissions.len());
    for submission in submissions {
        let unit = identify_unit(submission, config, findings);
        let right_year = check_fiscal_year(submission, config, unit, findings);
        unit_of.push(unit);
        eligible.push(unit.is_some() && right_year);
    }
    let mut used = vec![false; submissions.len()];
    let mut by_unit: Vec<Vec<usize>> = vec![Vec::new(); config.units.len()];
    for (index, unit) in unit_of.iter().enumerate() {
        if let (Some(unit), true) = (unit, eligible[index]) {
            by_unit[*unit].push(index);
        }
    }
    for (unit, candidates) in by_unit.iter().enumerate() {
        // The latest report date wins; on a tie, the file last in name
        // order (a corrected copy is usually saved under a longer name).
        let Some(&winner) = candidates.iter().max_by(|&&a, &&b| {
            let date = |i: usize| submissions[i].report_date.as_ref().map(|d| d.value);
            date(a).cmp(&date(b)).then_with(|| submissions[a].file.cmp(&submissions[b].file))
        }) else {
            if expect_every_unit {
                findings.push(
                    Finding::new(Code::NotSubmitted, Location::file(""), Treatment::None).unit(&config.units[unit].id),
                );
            }
            continue;
        };
        used[winner] = true;
        for &other in candidates.iter().filter(|&&i| i != winner) {
            let date = |i: usize| submissions[i].report_date.as_ref().map(|d| d.value);
            let reason = if date(winner) != date(other) { Reason::LaterReportDate } else { Reason::LaterFileName };
            findings.push(
                Finding::new(Code::DuplicateUnit, Location::file(&submissions[other].file), Treatment::FileSkipped)
                    .unit(&config.units[unit].id)
                    .found(&submissions[winner].file)
                    .reason(reason),
            );
        }
    }
    Chosen { unit_of, used }
}

fn identify_unit(submission: &Submission, config: &Config, findings: &mut Vec<Finding>) -> Option<usize> {
    let from_name = submission.unit_from_file_name;
    let Some(cell) = &submission.unit_cell else {
        if from_name.is_none() {
            findings.push(Finding::new(
                Code::UnitUnidentified,
                Location::file(&submission.file),
                Treatment::FileSkipped,
            ));
        }
        return from_name;
    };
    let location = Location::cell(&submission.file, &submission.sheet, cell.cell);
    match (config.find_unit(&cell.value), from_name) {
        (Some(unit), Some(named)) if unit != named => {
            findings.push(
                Finding::new(Code::UnitNameMismatch, location, Treatment::None)
                    .unit(&config.units[unit].id)
                    .found(&cell.value)
                    .expected(&config.units[named].name),
            );
            Some(unit)
        }
        (Some(unit), _) => Some(unit),
        (None, Some(named)) => {
            // A typo in the cell, but the file name is clear: use it, and say so.
            findings.push(
                Finding::new(Code::UnitNameMismatch, location, Treatment::None)
                    .unit(&config.units[named].id)
                    .found(&cell.value)
                    .expected(&config.units[named].name),
            );
            Some(named)
        }
        (None, None) => {
            findings.push(Finding::new(Code::UnknownUnit, location, Treatment::FileSkipped).found(&cell.value));
            None
        }
    }
}

fn check_fiscal_year(
    submission: &Submission,
    config: &Config,
    unit: Option<usize>,
    findings: &mut Vec<Finding>,
) -> bool {
    let expected = config.organisation.fiscal_year;
    let (start, end) = (config.fiscal_start(), config.fiscal_end());
    let (found, cell) = match (&submission.fiscal_year, &submission.report_date) {
        (Some(year), _) if year.value != expected => (crate::text::japanese_fiscal_year(year.value), year.cell),
        (None, Some(date)) if !(start..=end).contains(&date.value) => (date.value.to_string(), date.cell),
        _ => return true,
    };
    let mut finding = Finding::new(
        Code::WrongFiscalYear,
        Location::cell(&submission.file, &submission.sheet, cell),
        Treatment::FileSkipped,
    )
    .severity(Severity::Error)
    .found(found)
    .expected(crate::text::japanese_fiscal_year(expected));
    if let Some(unit) = unit {
        finding = finding.unit(&config.units[unit].id);
    }
    findings.push(finding);
    false
}
