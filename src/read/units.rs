//! A workbook of several units: how a region office collects its
//! branches, or how headquarters kept its own workbook, a sheet a unit (or
//! a long table with a unit column). Each table names its unit by its own
//! 支所名 cell or by its sheet's name; when the tables name two units or
//! more, each unit's tables are a submission of their own. A sheet naming
//! no unit whose name says it sums the others (集計, 合計 …), or whose
//! figures are their sums, is set aside, not counted twice.

use super::layout::Table;
use super::unit_in_file_name;
use super::SheetNotRead;
use crate::config::Config;
use crate::text::normalize_label;

/// Words in the name of a sheet that sums the units' sheets.
const SUMMARY_WORDS: &[&str] = &["集計", "合計", "総計", "総括", "全体", "全支所", "total", "summary"];

/// One unit's tables of a workbook of several units.
pub struct UnitTables {
    /// How the part is named after the workbook's name: its sheet, or for
    /// a long table's unit, the unit as written.
    pub name: String,
    /// The unit its sheet's name names (not the workbook's name, which
    /// may name another: 「本部集計.xlsx」).
    pub unit_by_sheet_name: Option<usize>,
    pub tables: Vec<(Table, String)>,
}

/// The unit a table names: its 支所名 cell, else its sheet's name (found
/// in it as in a file's name).
fn unit_of(table: &Table, sheet: &str, config: &Config) -> Option<usize> {
    let by_cell = table.unit_cell.as_ref().and_then(|cell| config.find_unit(&cell.value));
    by_cell.or_else(|| unit_in_file_name(sheet, config))
}

/// The tables (those with rows) split by unit, when they name two units or
/// more; `None` when the workbook is one unit's. Sheets that sum the
/// others go to `not_read`.
pub fn split(
    tables: &mut Vec<(Table, String)>,
    config: &Config,
    not_read: &mut Vec<(String, SheetNotRead)>,
) -> Option<Vec<UnitTables>> {
    let units: Vec<Option<usize>> = tables.iter().map(|(t, name)| unit_of(t, name, config)).collect();
    let mut named: Vec<usize> = units.iter().flatten().copied().collect();
    named.sort_unstable();
    named.dedup();
    if named.len() < 2 {
        return None;
    }
    let mut groups: Vec<(Option<usize>, UnitTables)> = Vec::new();
    let mut unnamed = Vec::new();
    for ((table, sheet), unit) in std::mem::take(tables).into_iter().zip(units) {
        let Some(unit) = unit else {
            unnamed.push((table, sheet));
            continue;
        };
        match groups.iter_mut().find(|(u, _)| *u == Some(unit)) {
            Some((_, group)) => group.tables.push((table, sheet)),
            None => {
                let unit_by_sheet_name = unit_in_file_name(&sheet, config);
                let name = sheet.clone();
                groups.push((Some(unit), UnitTables { name, unit_by_sheet_name, tables: vec![(table, sheet)] }));
            }
        }
    }
    for (table, sheet) in unnamed {
        if is_summary(&sheet, &table, &groups) {
            not_read.push((sheet, SheetNotRead::Summary));
        } else {
            // A sheet of no unit is read as a file of no unit would be (F002).
            groups.push((
                None,
                UnitTables { name: sheet.clone(), unit_by_sheet_name: None, tables: vec![(table, sheet)] },
            ));
        }
    }
    name_long_tables_by_unit(&mut groups);
    Some(groups.into_iter().map(|(_, group)| group).collect())
}

/// Units sharing one sheet (a long table's) are named by their unit.
fn name_long_tables_by_unit(groups: &mut [(Option<usize>, UnitTables)]) {
    let shared: Vec<bool> =
        groups.iter().map(|(_, g)| groups.iter().filter(|(_, other)| other.name == g.name).count() > 1).collect();
    for ((_, group), shared) in groups.iter_mut().zip(shared) {
        let unit_text = group.tables[0].0.unit_cell.as_ref().map(|cell| cell.value.clone());
        if let (true, Some(text)) = (shared, unit_text) {
            group.name = text;
        }
    }
}

/// Whether a sheet naming no unit sums the units' sheets: its name says so,
/// or each of its figures is the sum of theirs.
fn is_summary(sheet: &str, table: &Table, groups: &[(Option<usize>, UnitTables)]) -> bool {
    let name = normalize_label(sheet);
    if SUMMARY_WORDS.iter().any(|word| name.contains(word)) {
        return true;
    }
    let figure = |row: &super::KpiRow, month: usize| row.months[month].as_ref().and_then(|c| c.value.number());
    let mut compared = 0;
    for row in &table.rows {
        for month in 0..row.months.len() {
            let Some(value) = figure(row, month) else { continue };
            let sum: f64 = groups
                .iter()
                .flat_map(|(_, g)| g.tables.iter())
                .flat_map(|(t, _)| t.rows.iter().filter(|r| r.kpi == row.kpi))
                .filter_map(|r| figure(r, month))
                .sum();
            if (sum - value).abs() > 1e-6 {
                return false;
            }
            compared += 1;
        }
    }
    compared > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::layout::{rows, tests::sheet};

    fn unit_sheet(unit: &str, visits: &str) -> Table {
        let header = ["項目", "4月", "5月", "6月"];
        let table = rows::find(&sheet(&[&["支所名", unit], &header, &["巡回件数", visits, "1", "2"]]), &config());
        assert!(table.unit_cell.is_some(), "the sheet names its unit");
        table
    }

    fn config() -> Config {
        Config::default_config()
    }

    #[test]
    fn a_sheet_of_the_units_sums_is_set_aside_and_one_of_no_unit_is_kept() {
        let config = config();
        let sums = rows::find(&sheet(&[&["項目", "4月", "5月", "6月"], &["巡回件数", "7", "2", "4"]]), &config);
        let other = rows::find(&sheet(&[&["項目", "4月", "5月", "6月"], &["巡回件数", "9", "9", "9"]]), &config);
        let mut tables = vec![
            (unit_sheet("勝北", "3"), "Sheet1".to_string()),
            (unit_sheet("加茂", "4"), "Sheet2".to_string()),
            (sums, "Sheet3".to_string()),
            (other, "Sheet4".to_string()),
        ];
        let mut not_read = Vec::new();
        let units = split(&mut tables, &config, &mut not_read).unwrap();
        assert_eq!(not_read, [("Sheet3".to_string(), SheetNotRead::Summary)]);
        let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["Sheet1", "Sheet2", "Sheet4"]);
        assert_eq!(units[2].unit_by_sheet_name, None);
    }

    #[test]
    fn one_units_workbook_is_not_split() {
        let config = config();
        let mut tables =
            vec![(unit_sheet("勝北", "3"), "提出".to_string()), (unit_sheet("勝北", "3"), "控え".to_string())];
        assert!(split(&mut tables, &config, &mut Vec::new()).is_none());
        assert_eq!(tables.len(), 2);
    }
}
