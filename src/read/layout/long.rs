//! A long table, as systems export them: a row a month and item, under a
//! header naming a month column (年月: dates, 2021年4月, R3.4, 4月,
//! 2021/04), an item column (項目) and a value column (実績), and
//! optionally a unit column (支所名) so that one file serves many units.
//! Each unit's rows become a table of its own, its unit cell the first of
//! its rows' unit cells; a (unit, item, month) given twice is kept as a
//! repeat, named at both rows.

use calamine::{Data, Range};
use chrono::Datelike;

use super::{label_class, LabelClass, Recognised, Repeat, Table, UNIT_KEYS};
use crate::config::Config;
use crate::findings::CellRef;
use crate::read::cells::{cell_text, month_of, CellValue};
use crate::read::{KpiRow, Located};
use crate::text::{normalize_label, parse_date_text};

const MONTH_KEYS: &[&str] = &["年月", "月", "対象月", "報告月", "実績月", "年月日", "期間", "month", "period"];
const ITEM_KEYS: &[&str] = &["項目", "項目名", "事業", "事業名", "指標", "指標名", "報告項目", "item", "kpi"];
const VALUE_KEYS: &[&str] = &["実績", "実績値", "件数", "値", "数値", "数量", "value", "actual"];

/// Longer texts are never a long table's headings.
const MAX_HEADING_CHARS: usize = 8;

/// The columns of a long table's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Columns {
    pub header_row: u32,
    pub month: u32,
    pub item: u32,
    pub value: u32,
    pub unit: Option<u32>,
}

/// The header: the first row (of the first twenty) naming a month, an
/// item and a value column.
fn header(range: &Range<Data>) -> Option<Columns> {
    let (row0, col0) = range.start()?;
    for (offset, cells) in range.rows().take(20).enumerate() {
        // Headings are short: only short texts are normalised, each once
        // (most sheets tried here hold no long table, and many texts).
        let headings: Vec<Option<String>> = cells
            .iter()
            .map(|d| cell_text(d).filter(|t| t.chars().count() <= MAX_HEADING_CHARS).map(normalize_label))
            .collect();
        if !headings.iter().flatten().any(|h| ITEM_KEYS.contains(&h.as_str())) {
            continue;
        }
        let find = |keys: &[&str]| headings.iter().position(|h| h.as_deref().is_some_and(|h| keys.contains(&h)));
        let (Some(month), Some(item), Some(value)) = (find(MONTH_KEYS), find(ITEM_KEYS), find(VALUE_KEYS)) else {
            continue;
        };
        let at = |index: usize| col0 + index as u32;
        let unit = find(UNIT_KEYS).map(at);
        return Some(Columns {
            header_row: row0 + offset as u32,
            month: at(month),
            item: at(item),
            value: at(value),
            unit,
        });
    }
    None
}

/// The calendar month and year (where given) a month cell names.
fn month_and_year(data: &Data) -> Option<(u32, Option<i32>)> {
    if let Some(heading) = month_of(data) {
        return Some((heading.month, heading.year));
    }
    let date = parse_date_text(cell_text(data)?)?;
    Some((date.month(), Some(date.year())))
}

/// Each unit's table (one table when there is no unit column), or `None`
/// when the sheet has no long table's header.
pub fn find(range: &Range<Data>, config: &Config) -> Option<Vec<Table>> {
    let columns = header(range)?;
    let mut tables: Vec<(String, Table)> = Vec::new();
    let get = |row: u32, col: u32| range.get_value((row, col)).unwrap_or(&Data::Empty);
    let end = range.end()?.0;
    for row in columns.header_row + 1..=end {
        let Some(label) = cell_text(get(row, columns.item)) else { continue };
        let Some((month, year)) = month_and_year(get(row, columns.month)) else { continue };
        let first_day = year.and_then(|y| chrono::NaiveDate::from_ymd_opt(y, month, 1));
        if first_day.is_some_and(|day| config.fiscal_year_of(day) != config.organisation.fiscal_year) {
            continue;
        }
        let unit_text = columns.unit.and_then(|col| cell_text(get(row, col)).map(|t| (t.to_string(), col)));
        let key = unit_text.as_ref().map_or(String::new(), |(t, _)| normalize_label(t));
        let index = match tables.iter().position(|(k, _)| *k == key) {
            Some(index) => index,
            None => {
                let mut table = Table {
                    recognised: Some(Recognised {
                        layout: super::Layout::Long,
                        months: Vec::new(),
                        totals: Vec::new(),
                    }),
                    long_columns: Some(columns),
                    ..Table::default()
                };
                table.unit_cell = unit_text.map(|(value, col)| Located { value, cell: CellRef::new(row, col) });
                tables.push((key, table));
                tables.len() - 1
            }
        };
        let table = &mut tables[index].1;
        let located_label = Located { value: label.to_string(), cell: CellRef::new(row, columns.item) };
        let value =
            Located { value: CellValue::from_data(get(row, columns.value)), cell: CellRef::new(row, columns.value) };
        add(table, located_label, config.month_index(month), value, config);
    }
    let tables: Vec<Table> = tables.into_iter().map(|(_, t)| t).collect();
    (!tables.is_empty()).then_some(tables)
}

/// One row's value into its KPI's row, or its label among the unknown.
fn add(table: &mut Table, label: Located<String>, month: usize, value: Located<CellValue>, config: &Config) {
    let (kpi, rule) = match label_class(&label.value, config) {
        LabelClass::Input(kpi, rule) => (kpi, rule),
        LabelClass::Other => {
            if !table.unknown_rows.iter().any(|known| known.value == label.value) {
                table.unknown_rows.push(label);
            }
            return;
        }
        LabelClass::Computed | LabelClass::Cumulative => return,
    };
    let position = match table.rows.iter().position(|row| row.kpi == kpi) {
        Some(position) => position,
        None => {
            table.rows.push(KpiRow::of_months(kpi, label, vec![None; 12], rule));
            table.rows.len() - 1
        }
    };
    let slot = &mut table.rows[position].months[month];
    match slot {
        Some(first) => table.repeated.push(Repeat { kpi, month, first: first.cell, again: value.cell }),
        None => *slot = Some(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::layout::tests::sheet;

    #[test]
    fn a_system_export_is_read_unit_by_unit() {
        let config = Config::default_config();
        let range = sheet(&[
            &["年月", "支所名", "区分", "項目", "実績"],
            &["2021年4月", "勝北", "経営", "巡回件数", "45"],
            &["2021年5月", "勝北", "経営", "巡回件数", "44"],
            &["2021年4月", "加茂", "経営", "巡回件数", "7"],
            &["2021年4月", "加茂", "経営", "巡回件数", "8"],
        ]);
        let tables = find(&range, &config).unwrap();
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].unit_cell.as_ref().unwrap().value, "勝北");
        let visits = &tables[0].rows[0];
        assert_eq!(visits.months[1].as_ref().unwrap().value, CellValue::Number(44.0));
        assert_eq!(visits.months[1].as_ref().unwrap().cell, CellRef::new(2, 4));
        let repeat = Repeat { kpi: visits.kpi, month: 0, first: CellRef::new(3, 4), again: CellRef::new(4, 4) };
        assert_eq!(tables[1].repeated, [repeat]);
    }
}
