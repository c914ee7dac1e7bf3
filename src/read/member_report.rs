//! Another organisation's matome report, read as a submission for the
//! level above: a chamber's report in its federation's folder. The member
//! is the unit its organisation name names; each KPI line of the hidden
//! marker sheet is a row, matched by id and then by label, with its months
//! (counts, or month-end levels) as the month cells. A report of the
//! organisation the settings describe is never a submission (F009).

use std::path::Path;

use crate::config::{Config, Lang};
use crate::findings::CellRef;
use crate::marker::{self, Reported, ReportedLine};
use crate::text::{money_unit_factor, normalize_label};

use super::layout::{self, Layout, Recognised, Rule};
use super::{CellValue, KpiRow, Located, Submission};

/// Whether a report is of an organisation other than the configuration's.
/// A report that names none (written by an earlier matome) is taken as the
/// organisation's own.
pub fn is_other_organisation(reported: &Reported, config: &Config) -> bool {
    let Some(name) = reported.organisation.as_deref().map(normalize_label) else { return false };
    let own = [Some(config.organisation_name(Lang::Ja)), Some(config.organisation_name(Lang::En))];
    !own.iter().flatten().any(|own| normalize_label(own) == name)
}

/// The member's report as a submission.
pub fn submission(reported: Box<Reported>, path: &Path, display: &str, config: &Config) -> Submission {
    let at = |(row, col): (u32, u32)| CellRef::new(row, col);
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    // Cells are named on the sheets the report shows its months on, where
    // it says; else on the marker sheet (sheet 0).
    let mut sheets = vec![marker::SHEET.to_string()];
    for line in &reported.lines {
        if let Some((name, ..)) = &line.shown_at {
            if !sheets.contains(name) {
                sheets.push(name.clone());
            }
        }
    }
    let rows = reported.lines.iter().filter_map(|line| row_of(line, config, &sheets)).collect();
    Submission {
        file: display.to_string(),
        sheets,
        unit_cell: reported
            .organisation
            .clone()
            .map(|name| Located { value: name, cell: at(reported.organisation_cell) }),
        unit_from_file_name: super::unit_in_file_name(&stem, config),
        // The report date says which month it speaks for; a name's 「6月」 does not.
        month_from_file_name: None,
        correction_marks: crate::text::correction_marks(&stem),
        report_date: reported.as_of.map(|date| Located { value: date, cell: at(reported.as_of_cell) }),
        fiscal_year: reported.fiscal_year.map(|year| Located { value: year, cell: at(reported.fiscal_year_cell) }),
        rows,
        unknown_rows: Vec::new(),
        breakdown_rows: Vec::new(),
        repeated: Vec::new(),
        long_columns: None,
        sender: None,
        protected: None,
        recognised: Some(Recognised { layout: Layout::Report, months: Vec::new(), totals: Vec::new() }),
        rows_without_numbers: Vec::new(),
        sheets_not_read: Vec::new(),
        member_report: Some(reported),
    }
}

/// The row a KPI line gives, if the configuration has an input KPI it is:
/// by id, else by its label (or an alias). A member's figures in another
/// money unit are converted to the KPI's.
fn row_of(line: &ReportedLine, config: &Config, sheets: &[String]) -> Option<KpiRow> {
    let by_id = config.kpi_index(&line.id).filter(|&k| config.kpis[k].kind.is_input());
    let (kpi, rule) = match by_id {
        Some(kpi) => (kpi, Rule::Id),
        None => match layout::label_class(line.label.as_deref()?, config) {
            layout::LabelClass::Input(kpi, rule) => (kpi, rule),
            _ => return None,
        },
    };
    let factor = match (line.unit.as_deref(), config.kpis[kpi].unit.as_deref()) {
        (Some(from), Some(to)) if from != to => money_unit_factor(from)? / money_unit_factor(to)?,
        _ => 1.0,
    };
    let cell = |(sheet, row, col): (Option<&str>, u32, u32)| {
        let index = sheet.and_then(|name| sheets.iter().position(|s| s == name)).unwrap_or(0);
        CellRef::new(row, col).on_sheet(index as u16)
    };
    let months: Vec<_> = (0..12)
        .map(|month| {
            let value = line.months.get(month).copied().flatten();
            let value = value.map_or(CellValue::Blank, |v| CellValue::Number(v * factor));
            Some(Located { value, cell: cell(marker::month_cell(line, month)) })
        })
        .collect();
    // The row's label cell: left of its months where the report shows them.
    let first = months[0].as_ref().map_or(CellRef::new(line.row, 0), |m| m.cell);
    let label_cell = CellRef { col: first.col.saturating_sub(1), ..first };
    let label = Located { value: line.label.clone().unwrap_or_else(|| line.id.clone()), cell: label_cell };
    Some(KpiRow::of_months(kpi, label, months, rule))
}
