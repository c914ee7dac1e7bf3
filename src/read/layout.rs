//! Finding the table in a sheet by its labels: the month header row, the
//! KPI rows under it, and the labelled cells that name the unit, the report
//! date and the fiscal year. Inserted rows, moved tables, renamed sheets and
//! label variants all read the same.

use calamine::{Data, DataType, Range};
use chrono::NaiveDate;

use super::cells::{cell_text, month_of, CellValue};
use super::{KpiRow, Located};
use crate::config::Config;
use crate::findings::CellRef;
use crate::text::{label_keys, normalize_label, parse_date_text, parse_fiscal_year};

const UNIT_KEYS: &[&str] =
    &["支所名", "支所", "支部名", "支部", "部署名", "部署", "事業所名", "店舗名", "所属", "報告単位", "branch", "unit"];
const DATE_KEYS: &[&str] = &["基準日", "報告基準日", "報告日", "作成日", "記入日", "asof", "reportdate", "date"];
const YEAR_KEYS: &[&str] = &["年度", "対象年度", "会計年度", "fiscalyear", "fy"];
const TOTAL_KEYS: &[&str] = &["合計", "計", "年間合計", "累計合計", "total"];
const PROGRESS_KEYS: &[&str] = &["進捗", "進捗率", "達成率", "progress"];
const CUMULATIVE_KEYS: &[&str] = &["累計", "cumulative"];
/// Rows that sum several KPIs, which matome computes itself.
const SUM_ROW_KEYS: &[&str] = &["合計", "計", "小計", "総計", "total"];

/// Longer texts are not looked at as 支所名 / 基準日 / 年度 labels.
const MAX_META_LABEL_CHARS: usize = 14;

/// At least this many distinct months make a row the month header.
const MIN_MONTHS_IN_HEADER: usize = 3;

#[derive(Debug, Default)]
pub struct Table {
    pub rows: Vec<KpiRow>,
    pub unknown_rows: Vec<Located<String>>,
    pub unit_cell: Option<Located<String>>,
    pub report_date: Option<Located<NaiveDate>>,
    pub fiscal_year: Option<Located<i32>>,
}

struct Header {
    /// (absolute column, fiscal month index)
    months: Vec<(u32, usize)>,
    first_column: u32,
    total: Option<u32>,
    progress: Option<u32>,
}

enum RowKind {
    Kpi(usize, Located<String>),
    Cumulative,
    Skip,
    Unknown(Located<String>),
}

pub fn find_table(range: &Range<Data>, config: &Config) -> Table {
    let mut table = Table::default();
    let Some((row0, col0)) = range.start() else { return table };
    let mut header: Option<Header> = None;
    for (offset, cells) in range.rows().enumerate() {
        let row = row0 + offset as u32;
        let at = |index: usize| CellRef::new(row, col0 + index as u32);
        if table.unit_cell.is_none() || table.report_date.is_none() || table.fiscal_year.is_none() {
            read_metadata(cells, &at, &mut table);
        }
        if let Some(found) = header_of(cells, col0, config) {
            header = Some(found);
            continue;
        }
        let Some(header) = &header else { continue };
        let value_at = |col: u32| {
            let data = cells.get((col - col0) as usize).unwrap_or(&Data::Empty);
            Located { value: CellValue::from_data(data), cell: CellRef::new(row, col) }
        };
        let months = || {
            let mut months = vec![None; 12];
            for &(col, month) in &header.months {
                months[month] = Some(value_at(col));
            }
            months
        };
        match classify_row(cells, col0, header.first_column, &at, config) {
            RowKind::Kpi(kpi, label) => table.rows.push(KpiRow {
                kpi,
                label,
                months: months(),
                total: header.total.map(value_at),
                progress: header.progress.map(value_at),
                cumulative: Vec::new(),
            }),
            RowKind::Cumulative => {
                if let Some(last) = table.rows.last_mut().filter(|r| r.cumulative.is_empty()) {
                    last.cumulative = months();
                }
            }
            RowKind::Unknown(label) => {
                let has_numbers =
                    header.months.iter().any(|&(col, _)| matches!(value_at(col).value, CellValue::Number(_)));
                if has_numbers {
                    table.unknown_rows.push(label);
                }
            }
            RowKind::Skip => {}
        }
    }
    table
}

impl Table {
    /// Move every cell the table names (a table read from a transposed or
    /// compacted grid names cells of that grid).
    pub fn map_cells(&mut self, to: impl Fn(CellRef) -> CellRef) {
        for row in &mut self.rows {
            row.label.cell = to(row.label.cell);
            let cells = row.months.iter_mut().chain(row.cumulative.iter_mut()).flatten();
            for cell in cells.chain(row.total.iter_mut()).chain(row.progress.iter_mut()) {
                cell.cell = to(cell.cell);
            }
        }
        for label in &mut self.unknown_rows {
            label.cell = to(label.cell);
        }
        if let Some(unit) = &mut self.unit_cell {
            unit.cell = to(unit.cell);
        }
        if let Some(date) = &mut self.report_date {
            date.cell = to(date.cell);
        }
        if let Some(year) = &mut self.fiscal_year {
            year.cell = to(year.cell);
        }
    }

    pub fn has_blank_inputs(&self) -> bool {
        self.rows.iter().flat_map(|r| r.months.iter().flatten()).any(|c| c.value == CellValue::Blank)
    }

    pub fn mark_formulas_without_value(&mut self, formulas: &Range<String>) {
        for cell in self.rows.iter_mut().flat_map(|r| r.months.iter_mut().flatten()) {
            if cell.value == CellValue::Blank {
                if let Some(formula) = formulas.get_value((cell.cell.row, cell.cell.col)).filter(|f| !f.is_empty()) {
                    cell.value = CellValue::FormulaWithoutValue(format!("={}", formula.trim_start_matches('=')));
                }
            }
        }
    }
}

fn header_of(cells: &[Data], col0: u32, config: &Config) -> Option<Header> {
    let mut months: Vec<(u32, usize)> = Vec::new();
    for (index, data) in cells.iter().enumerate() {
        if let Some(month) = month_of(data) {
            let month = config.month_index(month);
            if !months.iter().any(|&(_, m)| m == month) {
                months.push((col0 + index as u32, month));
            }
        }
    }
    if months.len() < MIN_MONTHS_IN_HEADER {
        return None;
    }
    let first_column = months.iter().map(|&(c, _)| c).min()?;
    // A total or progress column counts only to the right of the months.
    let mut total = None;
    let mut progress = None;
    for (index, data) in cells.iter().enumerate().skip((first_column - col0) as usize) {
        let Some(text) = cell_text(data) else { continue };
        let key = normalize_label(text);
        if total.is_none() && TOTAL_KEYS.contains(&key.as_str()) {
            total = Some(col0 + index as u32);
        } else if progress.is_none() && PROGRESS_KEYS.contains(&key.as_str()) {
            progress = Some(col0 + index as u32);
        }
    }
    Some(Header { first_column, total, progress, months })
}

fn classify_row(
    cells: &[Data],
    col0: u32,
    first_month_column: u32,
    at: &dyn Fn(usize) -> CellRef,
    config: &Config,
) -> RowKind {
    let label_area = (first_month_column.saturating_sub(col0) as usize).min(cells.len());
    let mut first_label: Option<Located<String>> = None;
    for (index, data) in cells[..label_area].iter().enumerate() {
        let Some(text) = cell_text(data) else { continue };
        match label_class(text, config) {
            LabelClass::Input(kpi) => return RowKind::Kpi(kpi, Located { value: text.to_string(), cell: at(index) }),
            LabelClass::Computed => return RowKind::Skip,
            LabelClass::Cumulative => return RowKind::Cumulative,
            LabelClass::Other => {
                first_label.get_or_insert(Located { value: text.to_string(), cell: at(index) });
            }
        }
    }
    first_label.map_or(RowKind::Skip, RowKind::Unknown)
}

/// What a label cell's text means for the configuration.
#[derive(Debug, Clone, Copy)]
enum LabelClass {
    Input(usize),
    /// A derived KPI or a sum row: matome computes these itself.
    Computed,
    Cumulative,
    Other,
}

thread_local! {
    /// Every file repeats the same labels: normalise each text once per
    /// thread and configuration.
    static LABEL_CLASSES: std::cell::RefCell<std::collections::HashMap<(u64, String), LabelClass>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

fn label_class(text: &str, config: &Config) -> LabelClass {
    let key = (config.cache_id(), text.to_string());
    if let Some(class) = LABEL_CLASSES.with(|memo| memo.borrow().get(&key).copied()) {
        return class;
    }
    let keys = label_keys(text);
    let class = if let Some(kpi) = keys.iter().find_map(|k| config.input_kpi_by_label(k)) {
        LabelClass::Input(kpi)
    } else if keys.iter().any(|k| config.is_derived_label(k) || SUM_ROW_KEYS.contains(&k.as_str())) {
        LabelClass::Computed
    } else if keys.iter().any(|k| CUMULATIVE_KEYS.iter().any(|c| k.ends_with(c))) {
        LabelClass::Cumulative
    } else {
        LabelClass::Other
    };
    LABEL_CLASSES.with(|memo| {
        let mut memo = memo.borrow_mut();
        // Free text (notes) would grow it without bound: keep it small.
        if memo.len() > 10_000 {
            memo.clear();
        }
        memo.insert(key, class);
    });
    class
}

/// Labelled cells anywhere in the sheet: 「支所名 | 勝北」 or 「支所名：勝北」.
fn read_metadata(cells: &[Data], at: &dyn Fn(usize) -> CellRef, table: &mut Table) {
    for (index, data) in cells.iter().enumerate() {
        let Some(text) = cell_text(data) else { continue };
        // Labels are short; a long text is never one (and normalising every
        // cell of thousands of files costs more than reading them).
        if text.chars().count() > MAX_META_LABEL_CHARS && !text.contains([':', '：']) {
            continue;
        }
        let (key, inline) = match text.split_once([':', '：']) {
            Some((key, value)) if !value.trim().is_empty() => (normalize_label(key), Some(value.trim())),
            _ => (normalize_label(text.trim_end_matches([':', '：'])), None),
        };
        let key = key.as_str();
        let is_unit = UNIT_KEYS.contains(&key);
        let is_date = DATE_KEYS.contains(&key);
        let is_year = YEAR_KEYS.contains(&key);
        if !(is_unit || is_date || is_year) {
            continue;
        }
        let (value, cell) = match inline {
            Some(value) => (Data::String(value.to_string()), at(index)),
            None => match cells.iter().enumerate().skip(index + 1).find(|(_, d)| !d.is_empty()) {
                Some((next, data)) => (data.clone(), at(next)),
                None => continue,
            },
        };
        if is_unit && table.unit_cell.is_none() {
            if let Some(name) = cell_text(&value) {
                table.unit_cell = Some(Located { value: name.to_string(), cell });
            }
        } else if is_date && table.report_date.is_none() {
            let date = match &value {
                Data::String(s) => parse_date_text(s),
                other => other.as_date(),
            };
            if let Some(date) = date {
                table.report_date = Some(Located { value: date, cell });
            }
        } else if is_year && table.fiscal_year.is_none() {
            let year = match &value {
                Data::String(s) => parse_fiscal_year(s),
                Data::Int(i) => i32::try_from(*i).ok(),
                Data::Float(f) if f.fract() == 0.0 => Some(*f as i32),
                _ => None,
            };
            if let Some(year) = year {
                table.fiscal_year = Some(Located { value: year, cell });
            }
        }
    }
}
