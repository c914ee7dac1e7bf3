//! Finding a report table in a sheet by its labels, whatever its shape.
//! Each layout is a small part that recognises one shape and yields the
//! same `Table` (values located by KPI, month and cell):
//!
//! - `rows`: months across a header row, a KPI a row (the template's shape,
//!   moved, with notes, two-level labels, subtotal columns, stacked tables);
//! - `transposed`: months down a column, a KPI a column;
//! - `monthly_sheets`: one sheet a month holding a 項目 | 実績 table;
//! - `long`: a row a month and item (年月 | 支所名 | 項目 | 実績), as
//!   systems export them, a table a unit.
//!
//! What each recognised is kept in `Recognised`, so it can be explained.
//! Shared here: the labelled cells that name the unit, the report date and
//! the fiscal year, and what a label's text means.

pub mod long;
pub mod monthly_sheets;
pub mod pairs;
pub mod rows;
pub mod transposed;

pub use rows::MIN_MONTHS_IN_HEADER;

use calamine::{Data, DataType, Range};
use chrono::NaiveDate;
use serde::Serialize;

use super::cells::{cell_text, CellValue};
use super::{KpiRow, Located, SheetNotRead};
use crate::config::Config;
use crate::findings::CellRef;
use crate::text::{label_keys, normalize_label, parse_date_text, parse_fiscal_year, without_numbering};

pub(crate) const UNIT_KEYS: &[&str] = &[
    "支所名",
    "支所",
    "支部名",
    "支部",
    "部署名",
    "部署",
    "事業所名",
    "事業所",
    "営業所名",
    "営業所",
    "店舗名",
    "店舗",
    "店名",
    "所属",
    "報告単位",
    // A federation's members (its template's 「会員名」).
    "会員名",
    "組織名",
    "団体名",
    "商工会名",
    "branch",
    "unit",
];
pub(crate) const DATE_KEYS: &[&str] =
    &["基準日", "報告基準日", "報告日", "作成日", "記入日", "asof", "reportdate", "date"];
pub(crate) const YEAR_KEYS: &[&str] = &["年度", "対象年度", "会計年度", "fiscalyear", "fy"];
pub(crate) const CUMULATIVE_KEYS: &[&str] = &["累計", "cumulative"];
/// Rows that sum several KPIs, which matome computes itself.
pub(crate) const SUM_ROW_KEYS: &[&str] = &["合計", "計", "小計", "総計", "total"];

/// Longer texts are not looked at as 支所名 / 基準日 / 年度 labels.
const MAX_META_LABEL_CHARS: usize = 14;

/// Which shape a table was recognised by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    Rows,
    Transposed,
    MonthlySheets,
    /// A row a month and item (a system's export).
    Long,
    /// A matome report of another organisation (a member, to a federation).
    Report,
}

/// What a layout recognised, for explaining how a file was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recognised {
    pub layout: Layout,
    /// The month headings found: their cells and fiscal month indexes.
    pub months: Vec<(CellRef, usize)>,
    /// The headings of the branch's own figures, checked and never used:
    /// 合計, subtotals (四半期計, 上期計 …), 進捗.
    pub totals: Vec<CellRef>,
}

#[derive(Debug, Default)]
pub struct Table {
    pub rows: Vec<KpiRow>,
    pub unknown_rows: Vec<Located<String>>,
    /// Labelled rows under a header with no number (notes, headings).
    pub rows_without_numbers: Vec<Located<String>>,
    pub unit_cell: Option<Located<String>>,
    pub report_date: Option<Located<NaiveDate>>,
    pub fiscal_year: Option<Located<i32>>,
    pub recognised: Option<Recognised>,
    /// Where a sheet without a table came closest to having one.
    pub near_miss: NearMiss,
    /// The sheet is hidden: where it repeats a visible sheet's KPIs with
    /// other figures, the visible sheet's are used.
    pub hidden: bool,
    /// A long table's columns, for explaining how it was read.
    pub long_columns: Option<long::Columns>,
    /// A long table's (unit, item, month) given again.
    pub repeated: Vec<Repeat>,
}

/// A KPI's month given twice by a long table: the cell used and the repeat.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Repeat {
    pub kpi: usize,
    /// Fiscal month index.
    pub month: usize,
    pub first: CellRef,
    pub again: CellRef,
}

/// What came closest to a table, to say why none was found.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct NearMiss {
    /// The row with the most months (fewer than a header needs): the first
    /// month's cell and how many.
    pub months: Option<(CellRef, usize)>,
    /// KPI labels seen with no month header above them: the first one and
    /// how many.
    pub labels: Option<(Located<String>, usize)>,
    /// A month heading with no actual column under it (計画 | 見込): its
    /// sub-heading cell and the sub-headings it has.
    pub no_actual: Option<(CellRef, String)>,
}

impl NearMiss {
    /// Note a row before any month header: its months, and a KPI label in it.
    pub fn note_row(&mut self, cells: &[Data], col0: u32, row: u32, months: Option<(u32, usize)>, config: &Config) {
        // One date or month alone is no attempt at a header.
        if let Some((col, count)) = months.filter(|&(_, count)| count >= 2) {
            if self.months.is_none_or(|(_, best)| count > best) {
                self.months = Some((CellRef::new(row, col), count));
            }
        }
        let label = cells.iter().enumerate().find_map(|(index, data)| {
            let text = cell_text(data)?;
            matches!(label_class(text, config), LabelClass::Input(..))
                .then(|| Located { value: text.to_string(), cell: CellRef::new(row, col0 + index as u32) })
        });
        if let Some(label) = label {
            match &mut self.labels {
                Some((_, count)) => *count += 1,
                None => self.labels = Some((label, 1)),
            }
        }
    }

    /// How near a table this came: a header whose months have no actual
    /// column is nearest; then labels and months beat months alone; then
    /// more months are nearer.
    pub fn score(&self) -> (bool, usize, usize) {
        let labels = self.labels.as_ref().map_or(0, |(_, n)| (*n).min(1));
        (self.no_actual.is_some(), labels, self.months.map_or(0, |(_, n)| n))
    }
}

impl Table {
    /// Move every cell the table names (a table read from a transposed or
    /// compacted grid names cells of that grid).
    pub fn map_cells(&mut self, to: impl Fn(CellRef) -> CellRef) {
        for row in &mut self.rows {
            row.label.cell = to(row.label.cell);
            let cells = row.months.iter_mut().chain(row.cumulative.iter_mut()).flatten();
            let subtotals = row.subtotals.iter_mut().map(|(_, cell)| cell);
            for cell in cells.chain(row.total.iter_mut()).chain(row.progress.iter_mut()).chain(subtotals) {
                cell.cell = to(cell.cell);
            }
        }
        for repeat in &mut self.repeated {
            (repeat.first, repeat.again) = (to(repeat.first), to(repeat.again));
        }
        for label in self.unknown_rows.iter_mut().chain(self.rows_without_numbers.iter_mut()) {
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
        if let Some(recognised) = &mut self.recognised {
            for (cell, _) in &mut recognised.months {
                *cell = to(*cell);
            }
            for cell in &mut recognised.totals {
                *cell = to(*cell);
            }
        }
    }

    pub fn has_blank_inputs(&self) -> bool {
        self.rows.iter().flat_map(|r| r.months.iter().flatten()).any(|c| c.value == CellValue::Blank)
    }

    /// Blank cells that hold a formula with no saved result: worked out
    /// by `evaluate` where it can, else marked as such.
    pub fn mark_formulas_without_value(
        &mut self,
        formulas: &Range<String>,
        mut evaluate: impl FnMut(&str) -> Option<f64>,
    ) {
        for cell in self.rows.iter_mut().flat_map(|r| r.months.iter_mut().flatten()) {
            if cell.value == CellValue::Blank {
                if let Some(formula) = formulas.get_value((cell.cell.row, cell.cell.col)).filter(|f| !f.is_empty()) {
                    cell.value = match evaluate(formula) {
                        Some(value) => CellValue::Number(value),
                        None => CellValue::FormulaWithoutValue(format!("={}", formula.trim_start_matches('='))),
                    };
                }
            }
        }
    }
}

/// A workbook's table, joined from its sheets.
pub struct Joined {
    pub table: Table,
    /// The sheets its cells are on (`CellRef::sheet` indexes them).
    pub sheets: Vec<String>,
    /// Sheets with a table of the same KPIs and other figures, not used.
    pub disagreeing: Vec<(String, SheetNotRead)>,
}

impl Joined {
    /// Take the unit, date and year cells the table lacks from another
    /// sheet (a cover sheet), which then joins the sheets its cells are on.
    pub fn take_labelled_cells(&mut self, mut other: Table, sheet: String) {
        let lacks = |mine: bool, theirs: bool| !mine && theirs;
        let wanted = lacks(self.table.unit_cell.is_some(), other.unit_cell.is_some())
            || lacks(self.table.report_date.is_some(), other.report_date.is_some())
            || lacks(self.table.fiscal_year.is_some(), other.fiscal_year.is_some());
        if !wanted {
            return;
        }
        let index = self.sheets.len() as u16;
        other.map_cells(|cell| cell.on_sheet(index));
        self.sheets.push(sheet);
        self.table.unit_cell = self.table.unit_cell.take().or(other.unit_cell);
        self.table.report_date = self.table.report_date.take().or(other.report_date);
        self.table.fiscal_year = self.table.fiscal_year.take().or(other.fiscal_year);
    }
}

/// The sheets' tables as one: the visible table with the most KPI rows,
/// and the rows of other sheets for KPIs it lacks (a sheet a group of
/// KPIs). A sheet repeating KPIs with the same figures (a copy for
/// printing) adds nothing; one repeating them with other figures is not
/// used, and named.
pub fn join_sheets(mut tables: Vec<(Table, String)>) -> Option<Joined> {
    let best = (0..tables.len()).rev().max_by_key(|&i| (!tables[i].0.hidden, tables[i].0.rows.len()))?;
    let (table, name) = tables.remove(best);
    let mut joined = Joined { table, sheets: vec![name], disagreeing: Vec::new() };
    for (mut table, name) in tables {
        let figures =
            |row: &KpiRow| row.months.iter().map(|c| c.as_ref().and_then(|c| c.value.number())).collect::<Vec<_>>();
        let disagrees = table
            .rows
            .iter()
            .any(|row| joined.table.rows.iter().any(|used| used.kpi == row.kpi && figures(used) != figures(row)));
        if disagrees {
            let why = if table.hidden && !joined.table.hidden {
                SheetNotRead::HiddenDisagrees
            } else {
                SheetNotRead::Disagrees
            };
            joined.disagreeing.push((name, why));
            continue;
        }
        let index = joined.sheets.len() as u16;
        table.map_cells(|cell| cell.on_sheet(index));
        let new: Vec<KpiRow> =
            table.rows.into_iter().filter(|row| !joined.table.rows.iter().any(|used| used.kpi == row.kpi)).collect();
        if !new.is_empty() {
            joined.table.rows.extend(new);
            joined.sheets.push(name);
        }
    }
    Some(joined)
}

/// What a layout found on one sheet.
pub enum Found {
    /// A table of the sheet's own: across or sideways; with no rows, the
    /// sheet's labelled cells and how near it came to a table.
    Table(Table),
    /// One month's sheet of a workbook with a sheet a month, joined with
    /// the others afterwards (`monthly_sheets::join`).
    MonthSheet(monthly_sheets::MonthSheet),
    /// A long table's rows, a table a unit (`long`).
    Units(Vec<Table>),
}

/// A layout's recogniser: what it finds on a sheet (its name and cells),
/// `None` if the sheet is not of its shape.
pub struct Recogniser {
    pub layout: Layout,
    pub recognise: fn(&str, &Range<Data>, &Config) -> Option<Found>,
}

/// The layouts, in the order they are tried: the first that finds KPI rows
/// reads the sheet. Only a sheet with no table across is looked for a long
/// table's header; only one with neither, and months down some column, is
/// looked at sideways; only one with none of these is a month's sheet.
pub const LAYOUTS: [Recogniser; 4] = [
    Recogniser { layout: Layout::Rows, recognise: |_, range, config| Some(Found::Table(rows::find(range, config))) },
    Recogniser { layout: Layout::Long, recognise: |_, range, config| long::find(range, config).map(Found::Units) },
    Recogniser {
        layout: Layout::Transposed,
        recognise: |_, range, config| {
            transposed::has_month_column(range).then(|| Found::Table(transposed::find(range, config)))
        },
    },
    Recogniser {
        layout: Layout::MonthlySheets,
        recognise: |name, range, config| monthly_sheets::read_sheet(name, range, config).map(Found::MonthSheet),
    },
];

/// Read a sheet by the first layout (`LAYOUTS`) that finds KPI rows on it;
/// if none does, the first layout's empty table.
pub fn find_table(name: &str, range: &Range<Data>, config: &Config) -> Found {
    let mut first_miss: Option<Table> = None;
    for layout in &LAYOUTS {
        match (layout.recognise)(name, range, config) {
            Some(Found::Table(table)) if table.rows.is_empty() => {
                first_miss.get_or_insert(table);
            }
            Some(found) => return found,
            None => {}
        }
    }
    Found::Table(first_miss.unwrap_or_default())
}

/// How a label cell was matched to its KPI: the rules the reader tries,
/// recorded on each row it reads (`KpiRow::rule`) for `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The KPI's label, as configured (spaces, width and a unit aside).
    Label,
    /// One of the KPI's aliases.
    Alias,
    /// The label without a counter word (件, 社 …) after it.
    WithoutCounter,
    /// The label with the numbering before it (①, 1., (3)) removed.
    WithoutNumbering,
    /// A 大項目 and a 小項目 read together.
    TwoLevel,
    /// A member's report names the KPI by its id.
    Id,
}

/// What a label cell's text means for the configuration.
#[derive(Debug, Clone, Copy)]
pub enum LabelClass {
    /// An input KPI's row, and the rule its label matched by.
    Input(usize, Rule),
    /// A derived KPI or a sum row: matome computes these itself.
    Computed,
    Cumulative,
    Other,
}

const LABEL_CACHE_ENTRIES: usize = 10_000;

/// What each text seen was found to be, for one configuration. Every file
/// repeats the same labels, and normalising a text costs more than reading
/// its cell: each is judged once per thread. Free text (notes, lists) would
/// grow it without bound: once full it keeps what it has (a report's
/// labels come first and recur) rather than emptying and refilling with
/// every new text.
struct TextMemo<V> {
    config: u64,
    known: std::collections::HashMap<Box<str>, V>,
}

type Memo<V> = std::thread::LocalKey<std::cell::RefCell<TextMemo<V>>>;

thread_local! {
    static LABEL_CLASSES: std::cell::RefCell<TextMemo<LabelClass>> = TextMemo::empty();
    static META_KEYS: std::cell::RefCell<TextMemo<MetaKey>> = TextMemo::empty();
}

impl<V: Copy> TextMemo<V> {
    fn empty() -> std::cell::RefCell<Self> {
        std::cell::RefCell::new(TextMemo { config: 0, known: Default::default() })
    }

    /// What `text` is under the configuration `config` identifies: as
    /// remembered, or as `judge` finds it.
    fn recall(memo: &'static Memo<V>, config: u64, text: &str, judge: impl FnOnce() -> V) -> V {
        let known = memo.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.config != config {
                memo.config = config;
                memo.known.clear();
            }
            memo.known.get(text).copied()
        });
        if let Some(value) = known {
            return value;
        }
        let value = judge();
        memo.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.known.len() < LABEL_CACHE_ENTRIES {
                memo.known.insert(text.into(), value);
            }
        });
        value
    }
}

pub fn label_class(text: &str, config: &Config) -> LabelClass {
    TextMemo::recall(&LABEL_CLASSES, config.cache_id(), text, || classify_label(text, config))
}

fn classify_label(text: &str, config: &Config) -> LabelClass {
    let keys = label_keys(text);
    let matched = keys.iter().enumerate().find_map(|(i, k)| Some((i, config.input_kpi_by_label(k)?)));
    if let Some((index, kpi)) = matched {
        // The rules in the order they are tried: the text itself (the label
        // or an alias), then without a counter word.
        let rule = match index {
            0 if keys[0] == normalize_label(&config.kpis[kpi].label) => Rule::Label,
            0 => Rule::Alias,
            _ => Rule::WithoutCounter,
        };
        LabelClass::Input(kpi, rule)
    } else if let Some(kpi) =
        without_numbering(text).and_then(|t| label_keys(&t).iter().find_map(|k| config.input_kpi_by_label(k)))
    {
        // 「①巡回件数」, 「1.窓口相談件数」: numbering is not part of the label.
        LabelClass::Input(kpi, Rule::WithoutNumbering)
    } else if keys.iter().any(|k| config.is_derived_label(k) || SUM_ROW_KEYS.contains(&k.as_str())) {
        LabelClass::Computed
    } else if keys.iter().any(|k| CUMULATIVE_KEYS.iter().any(|c| k.ends_with(c))) {
        LabelClass::Cumulative
    } else {
        LabelClass::Other
    }
}

/// A table holding only a sheet's labelled cells (unit, date, year).
pub fn labelled_cells(range: &Range<Data>) -> Table {
    let mut table = Table::default();
    let Some((row0, col0)) = range.start() else { return table };
    for (offset, cells) in range.rows().enumerate() {
        let row = row0 + offset as u32;
        read_metadata(cells, &|index| CellRef::new(row, col0 + index as u32), &mut table);
    }
    table
}

/// What a label names among a sheet's labelled cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MetaKey {
    Unit,
    Date,
    Year,
    None,
}

/// Which metadata label `text` is, if any (the same under every
/// configuration).
fn meta_key(text: &str) -> MetaKey {
    TextMemo::recall(&META_KEYS, 0, text, || {
        let key = normalize_label(text);
        let key = key.as_str();
        if UNIT_KEYS.contains(&key) {
            MetaKey::Unit
        } else if DATE_KEYS.contains(&key) {
            MetaKey::Date
        } else if YEAR_KEYS.contains(&key) {
            MetaKey::Year
        } else {
            MetaKey::None
        }
    })
}

/// Labelled cells anywhere in the sheet: 「支所名 | 勝北」 or 「支所名：勝北」.
pub fn read_metadata(cells: &[Data], at: &dyn Fn(usize) -> CellRef, table: &mut Table) {
    for (index, data) in cells.iter().enumerate() {
        let Some(text) = cell_text(data) else { continue };
        // Labels are short; a long text is never one (and normalising every
        // cell of thousands of files costs more than reading them).
        if text.chars().count() > MAX_META_LABEL_CHARS && !text.contains([':', '：']) {
            continue;
        }
        let (key, inline) = match text.split_once([':', '：']) {
            Some((key, value)) if !value.trim().is_empty() => (meta_key(key), Some(value.trim())),
            _ => (meta_key(text.trim_end_matches([':', '：'])), None),
        };
        let (is_unit, is_date, is_year) = (key == MetaKey::Unit, key == MetaKey::Date, key == MetaKey::Year);
        if key == MetaKey::None {
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

#[cfg(test)]
pub(crate) mod tests {
    use calamine::{Data, Range};

    /// A sheet from rows of text ("" for blank; numbers as numbers), from A1.
    pub fn sheet(rows: &[&[&str]]) -> Range<Data> {
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(1).max(1) as u32;
        let mut range = Range::new((0, 0), (rows.len() as u32 - 1, width - 1));
        for (r, cells) in rows.iter().enumerate() {
            for (c, text) in cells.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
                let data = text.parse::<f64>().map_or_else(|_| Data::String(text.to_string()), Data::Float);
                range.set_value((r as u32, c as u32), data);
            }
        }
        range
    }
}
