//! One sheet a month: sheets named 「4月」, 「5月分」, 「R3.6」 … (or with a
//! 対象月 cell), each a small table of KPI labels and one value column
//! (実績, 件数, 当月 …; else the cell right of the label). The sheets are
//! joined into one table, each value keeping its own sheet and cell.

use calamine::{Data, Range};

use super::{label_class, read_metadata, LabelClass, Layout, Recognised, Table};
use crate::config::Config;
use crate::findings::CellRef;
use crate::read::cells::{cell_text, month_of, CellValue};
use crate::read::{KpiRow, Located};
use crate::text::{normalize_label, parse_month_label};

pub(crate) const VALUE_KEYS: &[&str] = &[
    "実績",
    "件数",
    "当月",
    "今月",
    "当月実績",
    "今月実績",
    "実績値",
    "月間実績",
    "数",
    "値",
    "actual",
    "value",
    "count",
];
const MONTH_KEYS: &[&str] = &["対象月", "報告月", "月分", "month"];

/// One month's sheet, read: its fiscal month and its table (cells on sheet 0).
pub struct MonthSheet {
    pub name: String,
    pub month: usize,
    pub table: Table,
}

/// Read a sheet that holds one month, if it is one.
pub fn read_sheet(name: &str, range: &Range<Data>, config: &Config) -> Option<MonthSheet> {
    let month = parse_month_label(name).or_else(|| month_cell(range)).map(|m| config.month_index(m))?;
    let (row0, col0) = range.start()?;
    let mut table = Table::default();
    let mut value_column: Option<(u32, u32)> = None;
    for (offset, cells) in range.rows().enumerate() {
        let row = row0 + offset as u32;
        let at = |index: usize| CellRef::new(row, col0 + index as u32);
        read_metadata(cells, &at, &mut table);
        if value_column.is_none() {
            let heading = cells
                .iter()
                .position(|d| cell_text(d).is_some_and(|t| VALUE_KEYS.contains(&normalize_label(t).as_str())));
            if let Some(index) = heading {
                value_column = Some((row, col0 + index as u32));
                continue;
            }
        }
        // The row's label is its first text, left of the value column.
        let Some((index, text)) = cells.iter().enumerate().find_map(|(i, d)| cell_text(d).map(|t| (i, t))) else {
            continue;
        };
        let col = col0 + index as u32;
        if value_column.is_some_and(|(_, value)| col >= value) {
            continue;
        }
        let value_col = match value_column {
            Some((_, value)) => value,
            // No heading: the first filled cell right of the label.
            None => cells[index + 1..].iter().position(|d| *d != Data::Empty).map_or(col + 1, |p| col + 1 + p as u32),
        };
        let data = cells.get((value_col - col0) as usize).unwrap_or(&Data::Empty);
        let value = Located { value: CellValue::from_data(data), cell: CellRef::new(row, value_col) };
        match label_class(text, config) {
            LabelClass::Input(kpi, rule) => {
                let mut months = vec![None; 12];
                months[month] = Some(value);
                let label = Located { value: text.to_string(), cell: at(index) };
                table.rows.push(KpiRow::of_months(kpi, label, months, rule));
            }
            LabelClass::Other if matches!(value.value, CellValue::Number(_)) => {
                table.unknown_rows.push(Located { value: text.to_string(), cell: at(index) });
            }
            _ => {}
        }
    }
    if table.rows.is_empty() {
        return None;
    }
    let heading = value_column.map_or(CellRef::new(row0, col0), |(row, col)| CellRef::new(row, col));
    table.recognised =
        Some(Recognised { layout: Layout::MonthlySheets, months: vec![(heading, month)], totals: Vec::new() });
    Some(MonthSheet { name: name.to_string(), month, table })
}

/// Whether a text is a 対象月 label; long texts (notes) are not looked at.
fn is_month_label(text: &str) -> bool {
    text.chars().count() <= 6 && MONTH_KEYS.contains(&normalize_label(text).as_str())
}

/// A 対象月 cell: 「対象月 | 4月」.
fn month_cell(range: &Range<Data>) -> Option<u32> {
    range.rows().find_map(|cells| {
        let index = cells.iter().position(|d| cell_text(d).is_some_and(is_month_label))?;
        cells[index + 1..].iter().find(|d| **d != Data::Empty).and_then(month_of).map(|heading| heading.month)
    })
}

/// The month sheets as one table, a KPI a row; and the sheets' names, which
/// the cells' sheet indexes point into.
pub fn join(sheets: Vec<MonthSheet>) -> (Table, Vec<String>) {
    let mut joined = Table::default();
    let mut recognised = Recognised { layout: Layout::MonthlySheets, months: Vec::new(), totals: Vec::new() };
    let mut names = Vec::with_capacity(sheets.len());
    for (index, mut sheet) in sheets.into_iter().enumerate() {
        let index = index as u16;
        sheet.table.map_cells(|cell| cell.on_sheet(index));
        names.push(sheet.name);
        if let Some(found) = sheet.table.recognised.take() {
            recognised.months.extend(found.months);
        }
        joined.unit_cell = joined.unit_cell.take().or(sheet.table.unit_cell);
        // The latest sheet's date speaks for the file.
        joined.report_date = sheet.table.report_date.or(joined.report_date.take());
        joined.fiscal_year = joined.fiscal_year.take().or(sheet.table.fiscal_year);
        joined.unknown_rows.append(&mut sheet.table.unknown_rows);
        for mut row in sheet.table.rows {
            let month = sheet.month;
            match joined.rows.iter_mut().find(|r| r.kpi == row.kpi && r.months[month].is_none()) {
                Some(existing) => existing.months[month] = row.months[month].take(),
                None => joined.rows.push(row),
            }
        }
    }
    joined.recognised = Some(recognised);
    (joined, names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::layout::tests::sheet;

    #[test]
    fn a_month_sheet_by_name_or_by_its_month_cell() {
        let config = Config::default_config();
        let by_name = read_sheet("5月分", &sheet(&[&["項目", "実績"], &["1.巡回件数", "44"]]), &config).unwrap();
        assert_eq!(by_name.month, 1);
        assert_eq!(by_name.table.rows[0].months[1].as_ref().unwrap().cell.to_string(), "B2");
        let by_cell = read_sheet("報告", &sheet(&[&["対象月", "6月"], &["巡回件数", "", "24"]]), &config).unwrap();
        assert_eq!(by_cell.month, 2);
        assert_eq!(by_cell.table.rows[0].months[2].as_ref().unwrap().value, CellValue::Number(24.0));
        assert!(read_sheet("記入方法", &sheet(&[&["巡回件数", "1"]]), &config).is_none());
    }
}
