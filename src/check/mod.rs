//! Submissions → findings and the values that may be counted. Every value
//! the consolidation uses passes through here, so the totals always agree
//! with how each finding says its cell was treated.
//!
//! One function per family of checks: `files` (which unit, which year, in
//! which order a unit's files speak, who sent nothing), `values` (each
//! cell of one file), `consistency` (one file's hand-typed totals,
//! cumulative and progress figures) and `year` (a unit's files merged month
//! by month: revisions, blank and future months, stocks, ratios).

mod consistency;
mod files;
mod values;
mod year;
use year::JudgedFile;
pub use year::{Source, UsedFile};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::Config;
use crate::findings::{sort_findings, Code, Finding, Location, Treatment};
use crate::read::Submission;

/// One unit's year, merged from all its files, as far as it passed the checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    pub unit: usize,
    /// Every file of the unit, in the order they speak (the last has the
    /// last word on a month).
    pub files: Vec<UsedFile>,
    /// `[kpi][fiscal month]`: `None` for nothing to count (not reported,
    /// excluded, or a month not yet due).
    pub values: Vec<Vec<Option<f64>>>,
    /// `[kpi][fiscal month]`: the cell each count used came from (empty
    /// unless `CheckOptions::keep_sources`).
    pub sources: Vec<[Option<Source>; 12]>,
    /// `[kpi]`: its label cell and text, in the latest file with its row
    /// (empty unless `CheckOptions::keep_sources`).
    pub labels: Vec<Option<(Source, String)>>,
    /// Ratio KPIs this unit is left out of, because its figures contradict.
    pub excluded_ratios: Vec<usize>,
}

/// Everything the consolidation needs, and every finding.
#[derive(Debug, Clone)]
pub struct Checked {
    pub as_of: NaiveDate,
    /// One per unit that sent a usable file, in unit order.
    pub accepted: Vec<Accepted>,
    pub findings: Vec<Finding>,
}

/// Options that change what counts as a finding.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// The report date; else the latest date in the files; else today.
    pub as_of: Option<NaiveDate>,
    /// Which units are expected to have sent a file (F006 for the others).
    pub expected_units: ExpectedUnits,
    /// Keep where each count came from (`Accepted::sources`, `labels`), for
    /// the feedback workbooks; otherwise left empty, saving memory.
    pub keep_sources: bool,
}

/// Which units must have sent a file: headquarters consolidating expects
/// every unit; a branch checking its own file or folder expects none but
/// itself, and so sees only its own files' findings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ExpectedUnits {
    /// No F006: the files checked are all there is to check.
    #[default]
    None,
    /// Every configured unit (consolidate).
    Every,
    /// Every unit, when the files are of more than one (a folder checked:
    /// headquarters' folder, not one branch's own).
    EveryIfSeveralSent,
}

/// One read file, judged as far as it can be without the other files: its
/// unit, its findings so far and its cells. Judging files as they are read
/// means no file's cells need be held until the report date is known.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Digest {
    report_date: Option<NaiveDate>,
    findings: Vec<Finding>,
    /// Its unit and its cells, when its figures may be merged.
    judged: Option<(usize, JudgedFile)>,
}

/// Judge one read file.
pub fn digest(submission: &Submission, config: &Config, options: CheckOptions) -> Digest {
    let mut findings = Vec::new();
    let (unit, name_finding) = files::assign_unit(submission, config, &mut findings);
    let judged = unit.map(|unit| (unit, JudgedFile::new(submission, unit, name_finding, config, options.keep_sources)));
    Digest { report_date: submission.report_date.as_ref().map(|d| d.value), findings, judged }
}

/// Check every read file (or the finding that says why it could not be read).
pub fn check(read: Vec<Result<Submission, Box<Finding>>>, config: &Config, options: CheckOptions) -> Checked {
    let digested = read.into_par_iter().map(|outcome| outcome.map(|s| digest(&s, config, options))).collect();
    check_digested(digested, config, options)
}

/// Check files already digested (`digest`) as they were read.
pub fn check_digested(read: Vec<Result<Digest, Box<Finding>>>, config: &Config, options: CheckOptions) -> Checked {
    let dates = read.iter().filter_map(|outcome| outcome.as_ref().ok()?.report_date);
    let as_of = report_date(dates, config, options.as_of);
    let mut files_of = vec![0; config.units.len()];
    for (unit, _) in read.iter().filter_map(|outcome| outcome.as_ref().ok()?.judged.as_ref()) {
        files_of[*unit] += 1;
    }
    let mut by_unit: Vec<Vec<JudgedFile>> = files_of.into_iter().map(Vec::with_capacity).collect();
    let mut findings = Vec::new();
    for outcome in read {
        match outcome {
            Ok(digest) => {
                findings.extend(digest.findings);
                if let Some((unit, judged)) = digest.judged {
                    by_unit[unit].push(judged);
                }
            }
            Err(finding) => findings.push(*finding),
        }
    }
    let missing: Vec<usize> = (0..by_unit.len()).filter(|&unit| by_unit[unit].is_empty()).collect();
    let by_unit_count = by_unit.len();
    let merged: Vec<(Accepted, Vec<Finding>)> = by_unit
        .into_par_iter()
        .enumerate()
        .filter(|(_, files)| !files.is_empty())
        .map(|(unit, files)| year::merge_unit(unit, files, config, as_of, options.keep_sources))
        .collect();
    let several_sent = missing.len() + 1 < by_unit_count;
    let expected = match options.expected_units {
        ExpectedUnits::None => false,
        ExpectedUnits::Every => true,
        ExpectedUnits::EveryIfSeveralSent => several_sent,
    };
    if expected {
        for unit in missing {
            let mut finding =
                Finding::new(Code::NotSubmitted, Location::file(""), Treatment::None).unit(&config.units[unit].id);
            if let Some(file) = unread_file_of(unit, &findings, config) {
                finding = finding.found(file);
            }
            findings.push(finding);
        }
    }
    let mut accepted = Vec::with_capacity(merged.len());
    for (unit_year, unit_findings) in merged {
        accepted.push(unit_year);
        findings.extend(unit_findings);
    }
    collapse_formula_findings(&mut findings);
    sort_findings(&mut findings);
    Checked { as_of, accepted, findings }
}

/// A file not read (F013) whose name names `unit`: what it sent instead.
fn unread_file_of(unit: usize, findings: &[Finding], config: &Config) -> Option<String> {
    findings.iter().filter(|f| f.code == Code::NotRead).find_map(|f| {
        let file = f.location.file.rsplit(['/', '\\']).next().unwrap_or(&f.location.file);
        let file = crate::findings::innermost_part(file);
        (crate::read::unit_in_file_name(file, config) == Some(unit)).then(|| file.to_string())
    })
}

/// Formulas saved without their results that could not be worked out
/// from the workbook's own cells: one finding a file, at the first such
/// cell, saying how many (and which, the first few) rather than one a
/// cell.
fn collapse_formula_findings(findings: &mut Vec<Finding>) {
    let mut first_of_file: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut also: Vec<Vec<String>> = Vec::new();
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings.drain(..) {
        if finding.code != Code::FormulaWithoutValue {
            kept.push(finding);
            continue;
        }
        match first_of_file.get(&finding.location.file) {
            Some(&index) => {
                let cell = match (&finding.location.sheet, finding.location.cell) {
                    (Some(sheet), Some(cell)) => format!("{sheet}!{cell}"),
                    _ => String::new(),
                };
                also[index].push(cell);
            }
            None => {
                first_of_file.insert(finding.location.file.clone(), also.len());
                also.push(Vec::new());
                kept.push(finding);
            }
        }
    }
    for finding in kept.iter_mut().filter(|f| f.code == Code::FormulaWithoutValue) {
        finding.also = std::mem::take(&mut also[first_of_file[&finding.location.file]]);
    }
    *findings = kept;
}

/// The report date: given, else the latest date in files of this fiscal
/// year, else today; never outside the fiscal year.
fn report_date(dates: impl Iterator<Item = NaiveDate>, config: &Config, given: Option<NaiveDate>) -> NaiveDate {
    let (start, end) = (config.fiscal_start(), config.fiscal_end());
    let found = dates.filter(|d| (start..=end).contains(d)).max();
    let date = given.or(found).unwrap_or_else(|| chrono::Local::now().date_naive());
    date.clamp(start, end)
}
