//! One unit's year from all its files. A unit may send a file a month, a
//! quarter's, a cumulative workbook, and corrected copies: they are put in
//! the order they speak in (基準日, then correction marks, then name), and
//! each KPI's month takes the latest usable count any file gives. A blank
//! never erases a count. Changes from one file to a later one are
//! revisions (M001); equally recent files that disagree are M002. Blank
//! due months, figures in months to come, stocks and ratios are judged on
//! the merged year, at the latest file's cell.

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::Serialize;

use super::consistency::{check_typed_figures, typed_rows, TypedRow};
use super::files::effective_date;
use super::values::{judge_file, CellFinding, FileValues, Slot};
use super::Accepted;
use crate::calendar::{month_state, year_to_date, MonthState};
use crate::config::{Config, KpiKind};
use crate::findings::{format_number, CellRef, Code, Finding, Location, Reason, Treatment};
use crate::read::{cell_location, main_sheet_location, Submission};

/// One file of a unit as it was used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsedFile {
    pub file: String,
    /// Its 基準日; inferred (the end of the month its name gives, or of the
    /// latest month it fills) where the file has none.
    pub report_date: Option<NaiveDate>,
    pub report_date_inferred: bool,
    /// Calendar months, in fiscal order, for which this file's count is the
    /// one used (for at least one KPI).
    pub months: Vec<u32>,
    /// Every count it gave is given again by a later file: nothing of it is
    /// used, and its findings no longer apply.
    pub superseded: bool,
    /// The mail it came in: its sender and date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    /// The sheets its table was read from (`CellRef::sheet` indexes them).
    #[serde(skip)]
    pub sheets: Vec<String>,
}

/// A KPI's label cell and text, in the latest file with its row.
pub type KpiLabel = Option<(Source, String)>;

/// A cell of one of a unit's files: the file's index in `Accepted::files`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Source {
    pub file: usize,
    pub cell: CellRef,
}

/// A file of the unit, judged as it was read: all the merge needs of it,
/// so that the file itself need not be kept until the report date is known.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct JudgedFile {
    file: String,
    /// The mail it came in: sender and date.
    sender: Option<String>,
    sheets: Vec<String>,
    correction_marks: u32,
    report_date: Option<NaiveDate>,
    month_from_file_name: Option<u32>,
    values: FileValues,
    typed: Vec<TypedRow>,
    /// `[kpi]`: its first row's label cell and text (empty unless sources
    /// are kept).
    labels: Vec<Option<(CellRef, String)>>,
    /// How the file names its unit (F003), if that is wrong.
    name_finding: Option<Box<Finding>>,
    /// A member's report: the errors its own findings left open.
    open_errors: Option<usize>,
    /// When it speaks for, once its slots are resolved (`effective_date`).
    date: Option<(NaiveDate, bool)>,
}

impl JudgedFile {
    /// Judge `submission`, a file of `unit`.
    pub fn new(
        submission: &Submission,
        unit: usize,
        name_finding: Option<Finding>,
        config: &Config,
        keep_sources: bool,
    ) -> Self {
        let (start, end) = (config.fiscal_start(), config.fiscal_end());
        let dated_month = submission
            .report_date
            .as_ref()
            .filter(|d| (start..=end).contains(&d.value))
            .map(|d| config.month_index(chrono::Datelike::month(&d.value)));
        let reports_until = dated_month.or(submission.month_from_file_name.map(|m| config.month_index(m)));
        let kept = if keep_sources { config.kpis.len() } else { 0 };
        let labels = (0..kept)
            .map(|kpi| {
                let row = submission.rows.iter().find(|r| r.kpi == kpi)?;
                Some((row.label.cell, row.label.value.clone()))
            })
            .collect();
        let mut values = judge_file(submission, unit, config, reports_until);
        let typed = typed_rows(submission, unit, config, &mut values.row_findings);
        JudgedFile {
            file: submission.file.clone(),
            sender: submission.sender.clone(),
            sheets: submission.sheets.clone(),
            correction_marks: submission.correction_marks,
            report_date: submission.report_date.as_ref().map(|d| d.value),
            month_from_file_name: submission.month_from_file_name,
            values,
            typed,
            labels,
            name_finding: name_finding.map(Box::new),
            open_errors: submission.member_report.as_ref().and_then(|report| report.errors),
            date: None,
        }
    }

    fn at(&self, cell: CellRef) -> Location {
        cell_location(&self.file, &self.sheets, cell)
    }

    fn sheet_location(&self) -> Location {
        main_sheet_location(&self.file, &self.sheets)
    }

    /// Files that speak at once: the same date and as many correction marks.
    fn equally_recent(&self, other: &JudgedFile) -> bool {
        self.date.map(|d| d.0) == other.date.map(|d| d.0) && self.correction_marks == other.correction_marks
    }

    fn order(&self, other: &JudgedFile) -> Ordering {
        (self.date.map(|d| d.0), self.correction_marks, &self.file).cmp(&(
            other.date.map(|d| d.0),
            other.correction_marks,
            &other.file,
        ))
    }
}

/// The count used for a month and the file (index in order) and cell it
/// came from.
#[derive(Debug, Clone, Copy)]
struct Sourced {
    value: f64,
    file: usize,
    cell: CellRef,
}

/// Merge every file of `unit` into its year, with every finding about them.
pub fn merge_unit(
    unit: usize,
    mut files: Vec<JudgedFile>,
    config: &Config,
    as_of: NaiveDate,
    keep_sources: bool,
) -> (Accepted, Vec<Finding>) {
    let states: [MonthState; 12] = std::array::from_fn(|month| month_state(config, month, as_of));
    let future = states.map(|state| state == MonthState::Future);
    for file in &mut files {
        file.values.resolve(&future);
        let filled = file.values.last_filled_month();
        file.date = effective_date(file.report_date, file.month_from_file_name, filled, config);
    }
    files.sort_by(|a, b| a.order(b));

    let kpi_count = config.kpis.len();
    let mut findings = Vec::new();
    let mut values = vec![vec![None; 12]; kpi_count];
    let mut sources: Vec<[Option<Sourced>; 12]> = vec![[None; 12]; kpi_count];
    let last = files.len() - 1;
    for kpi in (0..kpi_count).filter(|&k| config.kpis[k].kind.is_input() && config.reports(k, unit)) {
        let Some(latest_with_row) = files.iter().rposition(|f| f.values.has_row(kpi)) else {
            let location = files[last].sheet_location();
            findings.push(Finding::new(Code::MissingKpi, location, Treatment::Excluded).kpi(&config.kpis[kpi].id));
            continue;
        };
        for (month, &state) in states.iter().enumerate() {
            let merged = merge_month(&files, kpi, month, config, state, &mut findings);
            values[kpi][month] =
                judge_merged(&files, kpi, month, &merged, latest_with_row, config, state, &mut findings);
            // A figure in a month still to come is not used: it came from nowhere.
            sources[kpi][month] = merged.winner.filter(|_| state != MonthState::Future);
        }
    }
    stocks_that_went_down(&files, config, &values, &sources, &mut findings);
    // A member whose latest report still has errors gives provisional figures.
    if let Some(errors) = files[last].open_errors.filter(|&n| n > 0) {
        let location = Location::file(&files[last].file);
        findings.push(Finding::new(Code::MemberErrors, location, Treatment::None).found(errors.to_string()));
    }
    let excluded_ratios = ratios(&files, config, &values, &sources, &mut findings);

    let used_files = used_files(&mut files, &sources, unit, config, &mut findings);
    let (sources, labels) = if keep_sources { kept_sources(&files, &sources) } else { (Vec::new(), Vec::new()) };
    for finding in &mut findings {
        finding.unit = Some(config.units[unit].id.clone());
    }
    (Accepted { unit, files: used_files, values, sources, labels, excluded_ratios }, findings)
}

/// Each file as it was used: the months it gave the counts of, whether
/// later files replaced it whole, and (unless they did) its own findings,
/// its typed 累計 and 進捗 checked on the year as known at it.
fn used_files(
    files: &mut [JudgedFile],
    sources: &[[Option<Sourced>; 12]],
    unit: usize,
    config: &Config,
    findings: &mut Vec<Finding>,
) -> Vec<UsedFile> {
    let mut contributed = vec![[false; 12]; files.len()];
    for row in sources {
        for (month, source) in row.iter().enumerate() {
            if let Some(source) = source {
                contributed[source.file][month] = true;
            }
        }
    }
    let last = files.len() - 1;
    let standing = standing_cell_findings(files, sources);
    let mut used_files = Vec::with_capacity(files.len());
    // The year as known at each file in turn, for its typed 累計 and 進捗.
    let mut known = vec![[None; 12]; config.kpis.len()];
    for ((index, file), standing) in files.iter_mut().enumerate().zip(standing) {
        for kpi in file.values.kpis_with_rows() {
            for (month, known) in known[kpi].iter_mut().enumerate() {
                if let Slot::Value(value, _) = file.values.slot(kpi, month) {
                    *known = Some(value);
                }
            }
        }
        let superseded = index < last && !contributed[index].iter().any(|&c| c) && standing.is_empty();
        findings.extend(standing);
        if !superseded {
            findings.extend(file.name_finding.take().map(|f| *f));
            check_typed_figures(&file.typed, |cell| file.at(cell), unit, config, &known, findings);
            findings.append(&mut file.values.row_findings);
        }
        used_files.push(UsedFile {
            file: file.file.clone(),
            sender: file.sender.clone(),
            report_date: file.date.map(|d| d.0),
            report_date_inferred: file.date.is_some_and(|d| d.1),
            months: (0..12).filter(|&m| contributed[index][m]).map(|m| config.calendar_month(m)).collect(),
            superseded,
            sheets: file.sheets.clone(),
        });
    }
    used_files
}

/// Where each count used came from, and each KPI's label in the latest
/// file with its row: what a branch is shown of how its file was read.
fn kept_sources(files: &[JudgedFile], sources: &[[Option<Sourced>; 12]]) -> (Vec<[Option<Source>; 12]>, Vec<KpiLabel>) {
    let kept = sources.iter().map(|months| months.map(|s| s.map(|s| Source { file: s.file, cell: s.cell }))).collect();
    let labels = (0..sources.len())
        .map(|kpi| {
            let index = files.iter().rposition(|f| f.values.has_row(kpi))?;
            let (cell, label) = files[index].labels[kpi].clone()?;
            Some((Source { file: index, cell }, label))
        })
        .collect();
    (kept, labels)
}

/// Each file's own cell findings that still stand on the merged year. A
/// later file's count for the month retires them. Where an earlier file's
/// count is the one used, the finding says so and names it: the value it
/// flags is not counted, but the month is not empty either.
fn standing_cell_findings(files: &mut [JudgedFile], sources: &[[Option<Sourced>; 12]]) -> Vec<Vec<Finding>> {
    let mut standing = Vec::with_capacity(files.len());
    for index in 0..files.len() {
        let cell_findings = std::mem::take(&mut files[index].values.cell_findings);
        let kept = cell_findings
            .into_iter()
            .filter_map(|CellFinding { kpi, month, finding, .. }| match sources[kpi][month] {
                Some(used) if used.file > index => None,
                Some(used) if used.file < index => {
                    Some(finding.earlier_value_used(files[used.file].at(used.cell), format_number(used.value)))
                }
                _ => Some(finding),
            })
            .collect();
        standing.push(kept);
    }
    standing
}

/// What the files say of one KPI month, merged.
struct MergedMonth {
    winner: Option<Sourced>,
    /// The latest file with a cell for the month, and the cell.
    latest_cell: Option<(usize, CellRef)>,
    /// Some file has a value with a finding of its own there.
    any_invalid: bool,
}

/// The latest usable count wins; every change on the way is a revision.
fn merge_month(
    files: &[JudgedFile],
    kpi: usize,
    month: usize,
    config: &Config,
    state: MonthState,
    findings: &mut Vec<Finding>,
) -> MergedMonth {
    let mut merged = MergedMonth { winner: None, latest_cell: None, any_invalid: false };
    let future = state == MonthState::Future;
    for (index, file) in files.iter().enumerate() {
        let (value, cell) = match file.values.slot(kpi, month) {
            Slot::Absent => continue,
            Slot::Blank(cell) => {
                merged.latest_cell = Some((index, cell));
                continue;
            }
            Slot::Invalid(cell) => {
                merged.latest_cell = Some((index, cell));
                merged.any_invalid = true;
                continue;
            }
            Slot::Value(value, cell) => (value, cell),
        };
        merged.latest_cell = Some((index, cell));
        if let Some(previous) = merged.winner.filter(|p| p.value != value && !future) {
            let earlier = &files[previous.file];
            let conflict = earlier.equally_recent(file);
            let code = if conflict { Code::ConflictingFiles } else { Code::Revised };
            let mut finding = Finding::new(code, file.at(cell), Treatment::UsedAsReported)
                .kpi(&config.kpis[kpi].id)
                .month(config.calendar_month(month))
                .found(format_number(value))
                .previous(earlier.at(previous.cell), format_number(previous.value));
            if conflict {
                finding = finding.reason(Reason::LaterFileName);
            }
            findings.push(finding);
        }
        merged.winner = Some(Sourced { value, file: index, cell });
    }
    merged
}

/// The count a merged month contributes, with the findings about a month
/// no file filled or one that has not come yet.
#[allow(clippy::too_many_arguments)]
fn judge_merged(
    files: &[JudgedFile],
    kpi: usize,
    month: usize,
    merged: &MergedMonth,
    latest_with_row: usize,
    config: &Config,
    state: MonthState,
    findings: &mut Vec<Finding>,
) -> Option<f64> {
    let entry = &config.kpis[kpi];
    let finding = |code: Code, location: Location, treatment: Treatment| {
        Finding::new(code, location, treatment).kpi(&entry.id).month(config.calendar_month(month))
    };
    match state {
        MonthState::Future => {
            let source = merged.winner.filter(|s| s.value != 0.0)?;
            findings.push(
                finding(Code::FutureMonth, files[source.file].at(source.cell), Treatment::Excluded)
                    .found(format_number(source.value))
                    .expected("0"),
            );
            None
        }
        _ if merged.winner.is_some() => merged.winner.map(|s| s.value),
        MonthState::Complete if !merged.any_invalid => {
            let location = match merged.latest_cell {
                Some((file, cell)) => files[file].at(cell),
                None => files[latest_with_row].sheet_location(),
            };
            // A stock is a level: a blank month leaves the latest level standing.
            if entry.kind == KpiKind::Stock {
                findings.push(finding(Code::BlankDue, location, Treatment::Excluded));
                None
            } else {
                findings.push(finding(Code::BlankDue, location, Treatment::TakenAsZero));
                Some(0.0)
            }
        }
        _ => None,
    }
}

fn stocks_that_went_down(
    files: &[JudgedFile],
    config: &Config,
    values: &[Vec<Option<f64>>],
    sources: &[[Option<Sourced>; 12]],
    findings: &mut Vec<Finding>,
) {
    for (kpi, entry) in config.kpis.iter().enumerate().filter(|(_, k)| k.kind == KpiKind::Stock && k.monotonic) {
        let mut highest: Option<f64> = None;
        for (month, value) in values[kpi].iter().enumerate() {
            let Some(value) = *value else { continue };
            if let (Some(high), Some(source)) = (highest, sources[kpi][month]) {
                if value < high {
                    findings.push(
                        Finding::new(
                            Code::StockDecreased,
                            files[source.file].at(source.cell),
                            Treatment::UsedAsReported,
                        )
                        .kpi(&entry.id)
                        .month(config.calendar_month(month))
                        .found(format_number(value))
                        .expected(format!(">= {}", format_number(high))),
                    );
                }
            }
            highest = Some(highest.map_or(value, |h| h.max(value)));
        }
    }
}

/// Ratios whose numerator exceeds the denominator on the merged year; the
/// unit is left out of those.
fn ratios(
    files: &[JudgedFile],
    config: &Config,
    values: &[Vec<Option<f64>>],
    sources: &[[Option<Sourced>; 12]],
    findings: &mut Vec<Finding>,
) -> Vec<usize> {
    let mut excluded = Vec::new();
    for (index, kpi) in config.kpis.iter().enumerate().filter(|(_, k)| k.kind == KpiKind::Ratio) {
        let parts: Vec<usize> = kpi.of.iter().filter_map(|id| config.kpi_index(id)).collect();
        let [numerator, denominator] = parts[..] else { continue };
        if !config.kpis[numerator].kind.is_input() || !config.kpis[denominator].kind.is_input() {
            continue;
        }
        let value = |k: usize| year_to_date(config.kpis[k].kind, &values[k]);
        let (Some(top), Some(bottom)) = (value(numerator), value(denominator)) else { continue };
        if top > bottom {
            let location = match sources[numerator].iter().rev().flatten().next() {
                Some(source) => files[source.file].at(source.cell),
                None => Location::file(&files[files.len() - 1].file),
            };
            findings.push(
                Finding::new(Code::RatioExceedsOne, location, Treatment::Excluded)
                    .kpi(&kpi.id)
                    .found(format!("{} / {}", format_number(top), format_number(bottom)))
                    .expected(format!("<= {}", format_number(bottom))),
            );
            excluded.push(index);
        }
    }
    excluded
}
