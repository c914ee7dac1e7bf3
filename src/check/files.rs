//! File-level checks: which unit each file is from, whether it is for this
//! fiscal year, in which order a unit's files speak (the later file has the
//! last word on a month), and who sent nothing.

use chrono::NaiveDate;

use crate::calendar::month_end;
use crate::config::Config;
use crate::findings::{Code, Finding, Location, Severity, Treatment};
use crate::read::Submission;

/// The unit of a submission whose figures may be merged into its unit's
/// year (`None` for a file of no known unit or of another fiscal year), and
/// the finding about how the file names its unit (F003), which travels with
/// the file: it stops applying when a later file replaces this one whole.
pub fn assign_unit(
    submission: &Submission,
    config: &Config,
    findings: &mut Vec<Finding>,
) -> (Option<usize>, Option<Finding>) {
    let (unit, name_finding) = identify_unit(submission, config, findings);
    let right_year = check_fiscal_year(submission, config, unit, findings);
    match unit.filter(|_| right_year) {
        Some(unit) => (Some(unit), name_finding),
        None => {
            findings.extend(name_finding);
            (None, None)
        }
    }
}

/// When a file speaks for: its 基準日; else the end of the month its name
/// gives (「6月分」); else the end of the latest month it fills (`filled`,
/// a fiscal month index). The flag says the date was inferred.
pub fn effective_date(
    report_date: Option<NaiveDate>,
    month_from_file_name: Option<u32>,
    filled: Option<usize>,
    config: &Config,
) -> Option<(NaiveDate, bool)> {
    if let Some(date) = report_date {
        return Some((date, false));
    }
    let month = month_from_file_name.map(|m| config.month_index(m)).or(filled)?;
    Some((month_end(config, month), true))
}

/// The file's unit, and an F003 when its unit cell and name disagree. A file
/// with no unit is an F002 or F004 in `findings`.
fn identify_unit(
    submission: &Submission,
    config: &Config,
    findings: &mut Vec<Finding>,
) -> (Option<usize>, Option<Finding>) {
    let from_name = submission.unit_from_file_name;
    let Some(cell) = &submission.unit_cell else {
        if from_name.is_none() {
            findings.push(Finding::new(
                Code::UnitUnidentified,
                Location::file(&submission.file),
                Treatment::FileSkipped,
            ));
        }
        return (from_name, None);
    };
    let location = submission.location(cell.cell);
    let mismatch = |unit: usize, named: usize| {
        Finding::new(Code::UnitNameMismatch, location.clone(), Treatment::None)
            .unit(&config.units[unit].id)
            .found(&cell.value)
            .expected(&config.units[named].name)
    };
    match (config.find_unit(&cell.value), from_name) {
        (Some(unit), Some(named)) if unit != named => (Some(unit), Some(mismatch(unit, named))),
        (Some(unit), _) => (Some(unit), None),
        // A typo in the cell, but the file name is clear: use it, and say so.
        (None, Some(named)) => (Some(named), Some(mismatch(named, named))),
        (None, None) => {
            findings.push(Finding::new(Code::UnknownUnit, location, Treatment::FileSkipped).found(&cell.value));
            (None, None)
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
        (None, Some(date)) if !(start..=end).contains(&date.value) => {
            (crate::text::japanese_fiscal_year(config.fiscal_year_of(date.value)), date.cell)
        }
        _ => return true,
    };
    let mut finding = Finding::new(Code::WrongFiscalYear, submission.location(cell), Treatment::FileSkipped)
        .severity(Severity::Error)
        .found(found)
        .expected(crate::text::japanese_fiscal_year(expected));
    if let Some(unit) = unit {
        finding = finding.unit(&config.units[unit].id);
    }
    findings.push(finding);
    false
}
