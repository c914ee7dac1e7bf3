//! The table across: a header row of months (at least three), a KPI a row
//! under it, the label in the cells left of the months. Also read here:
//! a 合計 and a 進捗 column right of the months, subtotal columns among
//! them (四半期計, 上期計 …), a 累計 row under a KPI row, two-level labels
//! (a 大項目 merged down its rows beside 小項目 like 申請 / 採択), numbered
//! labels, and tables stacked on one sheet, each with its own header (a
//! KPI's months are joined across them).

use calamine::{Data, Range};

use super::{label_class, pairs, read_metadata, LabelClass, Layout, Recognised, Rule, Table};
use crate::config::Config;
use crate::findings::CellRef;
use crate::read::cells::{cell_text, month_of, CellValue};
use crate::read::{KpiRow, Located};
use crate::text::{normalize_label, one_year_apart, subtotal_months, MonthHeading};

const TOTAL_KEYS: &[&str] = &["合計", "計", "年間合計", "年計", "累計合計", "total"];
pub(crate) const PROGRESS_KEYS: &[&str] = &["進捗", "進捗率", "達成率", "progress"];

/// At least this many distinct months make a row the month header.
pub const MIN_MONTHS_IN_HEADER: usize = 3;

/// A report's month header is near its top: a sheet with none in its first
/// rows is a list or a note, not a report, and is not read further.
pub const HEADER_SEARCH_ROWS: usize = 300;

/// How many label cells left of a 小項目 may hold its 大項目: the nearest
/// ones, so that a wide label area costs no more than its cells.
const MAJOR_CANDIDATES: usize = 2;

pub(crate) struct Header {
    /// (absolute column, fiscal month index)
    pub(crate) months: Vec<(u32, usize)>,
    pub(crate) first_column: u32,
    total: Option<u32>,
    progress: Option<u32>,
    /// (absolute column, the fiscal months it sums)
    subtotals: Vec<(u32, std::ops::Range<usize>)>,
}

enum RowKind {
    /// A KPI's row: its label, and the rule it matched by.
    Kpi(usize, Located<String>, Rule),
    Cumulative,
    Skip,
    Unknown(UnknownRow),
}

/// A row with labels that name no KPI: every text of its label cells, left
/// to right, and each text joined with the 大項目 nearest left of it (at
/// the 小項目's cell).
struct UnknownRow {
    texts: Vec<Located<String>>,
    joined: Vec<Located<String>>,
}

pub fn find(range: &Range<Data>, config: &Config) -> Table {
    let Some((row0, col0)) = range.start() else { return Table::default() };
    let mut scan = Scan::new(col0, config);
    let mut above: &[Data] = &[];
    for (offset, cells) in range.rows().enumerate() {
        if scan.header.is_none() && offset >= HEADER_SEARCH_ROWS {
            break;
        }
        scan.row(cells, above, row0 + offset as u32);
        above = cells;
    }
    scan.finish()
}

/// A sheet read row by row, top to bottom.
struct Scan<'a> {
    config: &'a Config,
    col0: u32,
    table: Table,
    header: Option<Header>,
    /// The header was the row before: this row may name the columns under
    /// each month (計画 | 実績).
    header_above: bool,
    /// The last label typed in each label column, carried down over blanks:
    /// a 大項目 merged down its rows is one cell, the rest blank.
    carried: Vec<Option<String>>,
    recognised: Recognised,
    unknown_rows: Vec<UnknownRow>,
}

impl<'a> Scan<'a> {
    fn new(col0: u32, config: &'a Config) -> Scan<'a> {
        Scan {
            config,
            col0,
            table: Table::default(),
            header: None,
            header_above: false,
            carried: Vec::new(),
            recognised: Recognised { layout: Layout::Rows, months: Vec::new(), totals: Vec::new() },
            unknown_rows: Vec::new(),
        }
    }

    /// Read one row (`above` being the row before it): labelled cells, a
    /// header, the sub-headings under it, or a row of the table.
    fn row(&mut self, cells: &[Data], above: &[Data], row: u32) {
        let col0 = self.col0;
        let at = |index: usize| CellRef::new(row, col0 + index as u32);
        let table = &mut self.table;
        if table.unit_cell.is_none() || table.report_date.is_none() || table.fiscal_year.is_none() {
            read_metadata(cells, &at, table);
        }
        if std::mem::take(&mut self.header_above) && self.sub_headings(cells, row) {
            return;
        }
        if self.header(cells, above, row) {
            return;
        }
        let Some(header) = &self.header else { return };
        match classify_row(cells, &mut self.carried, &at, self.config) {
            RowKind::Kpi(kpi, label, rule) => {
                let row = kpi_row(header, cells, row, col0, kpi, label, rule);
                add_row(&mut self.table, row, header);
            }
            RowKind::Cumulative => {
                if let Some(last) = self.table.rows.last_mut().filter(|r| r.cumulative.is_empty()) {
                    last.cumulative = month_cells(header, cells, row, col0);
                }
            }
            RowKind::Unknown(mut unknown) => {
                let number =
                    |&(col, _): &(u32, usize)| matches!(value_at(cells, row, col0, col).value, CellValue::Number(_));
                if header.months.iter().any(number) {
                    self.unknown_rows.push(unknown);
                } else {
                    self.table.rows_without_numbers.push(unknown.texts.swap_remove(0));
                }
            }
            RowKind::Skip => {}
        }
    }

    /// Whether the row is a header (then taken, its headings recognised).
    /// Under a header, a row with fewer texts and dates than a header has
    /// months (a KPI row: a label and numbers) is no second header.
    fn header(&mut self, cells: &[Data], above: &[Data], row: u32) -> bool {
        // A header has three headings (texts or dates), and three cells that
        // may be months: a text with a digit or an English name, a date, or
        // a bare month number. A KPI row's label, unit and figures seldom
        // are both, and are passed over without the header's search.
        let could_be_header = || {
            let heading = |d: &&Data| matches!(d, Data::String(_) | Data::DateTime(_) | Data::DateTimeIso(_));
            let may_be_month = |d: &&Data| match d {
                Data::String(s) => crate::text::may_be_month_heading(s),
                Data::DateTime(_) | Data::DateTimeIso(_) => true,
                Data::Int(i) => (1..=12).contains(i),
                Data::Float(f) => f.fract() == 0.0 && (1.0..=12.0).contains(f),
                _ => false,
            };
            let enough = |count: usize| count >= MIN_MONTHS_IN_HEADER;
            enough(cells.iter().filter(heading).take(MIN_MONTHS_IN_HEADER).count())
                && enough(cells.iter().filter(may_be_month).take(MIN_MONTHS_IN_HEADER).count())
        };
        if self.header.is_some() && !could_be_header() {
            return false;
        }
        // Bare month numbers only start a table, never one under a header.
        let above = if self.header.is_none() { above } else { &[] };
        let found = match header_of(cells, above, self.col0, self.config) {
            Ok(found) => found,
            Err(few) => {
                if self.header.is_none() {
                    self.table.near_miss.note_row(cells, self.col0, row, few, self.config);
                }
                return false;
            }
        };
        let recognised = &mut self.recognised;
        recognised.months.extend(found.months.iter().map(|&(col, m)| (CellRef::new(row, col), m)));
        let totals = found.total.iter().chain(found.subtotals.iter().map(|(col, _)| col)).chain(found.progress.iter());
        recognised.totals.extend(totals.map(|&col| CellRef::new(row, col)));
        self.carried = vec![None; (found.first_column - self.col0) as usize];
        self.header = Some(found);
        self.header_above = true;
        true
    }

    /// Whether the row under the header names the columns under each of its
    /// headings (計画 | 実績): then the header reads each heading's actual
    /// column, and the row is taken. A heading with no actual column under
    /// it leaves the sheet without a table, and says why.
    fn sub_headings(&mut self, cells: &[Data], row: u32) -> bool {
        let Some(header) = &mut self.header else { return false };
        let headings: Vec<u32> = header.heading_columns().collect();
        match pairs::under(&headings, cells, self.col0) {
            pairs::Columns::Single => false,
            pairs::Columns::Actual(actual) => {
                let moved = |col: u32| actual.iter().find(|&&(heading, _)| heading == col).map_or(col, |&(_, a)| a);
                header.move_columns(moved);
                // The headings explained are the sub-headings read.
                let recognised = &mut self.recognised;
                let on_this_row = |cell: &mut CellRef| {
                    if cell.row + 1 == row {
                        *cell = CellRef::new(row, moved(cell.col));
                    }
                };
                recognised.months.iter_mut().for_each(|(cell, _)| on_this_row(cell));
                recognised.totals.iter_mut().for_each(on_this_row);
                true
            }
            pairs::Columns::NoActual(col, words) => {
                self.table.near_miss.no_actual = Some((CellRef::new(row, col), words));
                self.header = None;
                self.recognised.months.retain(|(cell, _)| cell.row + 1 != row);
                self.recognised.totals.retain(|cell| cell.row + 1 != row);
                true
            }
        }
    }

    fn finish(mut self) -> Table {
        if self.header.is_some() {
            self.table.recognised = Some(self.recognised);
        }
        let label_column = label_column(&self.table.rows);
        for unknown in self.unknown_rows {
            self.table.unknown_rows.push(label_typed(unknown, label_column, self.config));
        }
        self.table
    }
}

/// A KPI's row under `header`: its months, and the figures typed beside them.
fn kpi_row(
    header: &Header,
    cells: &[Data],
    row: u32,
    col0: u32,
    kpi: usize,
    label: Located<String>,
    rule: Rule,
) -> KpiRow {
    let cell = |col| value_at(cells, row, col0, col);
    KpiRow {
        kpi,
        label,
        months: month_cells(header, cells, row, col0),
        total: header.total.map(cell),
        progress: header.progress.map(cell),
        cumulative: Vec::new(),
        subtotals: header.subtotals.iter().map(|(col, span)| (span.clone(), cell(*col))).collect(),
        rule,
    }
}

impl Header {
    /// The columns of its headings: months, total, subtotals, progress.
    fn heading_columns(&self) -> impl Iterator<Item = u32> + '_ {
        let months = self.months.iter().map(|&(col, _)| col);
        months.chain(self.total).chain(self.subtotals.iter().map(|&(col, _)| col)).chain(self.progress)
    }

    /// Read each heading's figures from another column.
    fn move_columns(&mut self, moved: impl Fn(u32) -> u32) {
        self.months.iter_mut().for_each(|(col, _)| *col = moved(*col));
        self.total = self.total.map(&moved);
        self.progress = self.progress.map(&moved);
        self.subtotals.iter_mut().for_each(|(col, _)| *col = moved(*col));
    }
}

/// The cell at column `col` of a row (`cells`, from column `col0`).
fn value_at(cells: &[Data], row: u32, col0: u32, col: u32) -> Located<CellValue> {
    let data = cells.get((col - col0) as usize).unwrap_or(&Data::Empty);
    Located { value: CellValue::from_data(data), cell: CellRef::new(row, col) }
}

/// A row's cells under the header's months, by fiscal month.
fn month_cells(header: &Header, cells: &[Data], row: u32, col0: u32) -> Vec<Option<Located<CellValue>>> {
    let mut months = vec![None; 12];
    for &(col, month) in &header.months {
        months[month] = Some(value_at(cells, row, col0, col));
    }
    months
}

/// The column most KPI labels of the table are in (the 小項目's, for
/// two-level labels).
fn label_column(rows: &[KpiRow]) -> Option<u32> {
    let mut counts: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
    for row in rows {
        *counts.entry(row.label.cell.col).or_default() += 1;
    }
    counts.into_iter().max_by_key(|&(col, count)| (count, std::cmp::Reverse(col))).map(|(col, _)| col)
}

/// Which text of a row that matches no KPI is its label, for R002 to name
/// the cell the branch typed: one a typo away from a KPI's label (「巡回件教」
/// beside its 区分 「巡回・窓口相談」), else a 大項目 + 小項目 pair that is
/// (「持続化補助金」 + 「申清」, at the 小項目), else the text in the table's
/// label column, else the first.
fn label_typed(unknown: UnknownRow, label_column: Option<u32>, config: &Config) -> Located<String> {
    let UnknownRow { mut texts, mut joined } = unknown;
    if texts.len() == 1 && joined.is_empty() {
        return texts.swap_remove(0);
    }
    let near = |label: &Located<String>| config.suggest_kpi(&label.value).is_some();
    if let Some(index) = texts.iter().rposition(near) {
        return texts.swap_remove(index);
    }
    if let Some(index) = joined.iter().position(near) {
        return joined.swap_remove(index);
    }
    let index = texts.iter().position(|l| Some(l.cell.col) == label_column).unwrap_or(0);
    texts.swap_remove(index)
}

/// A KPI row; joined to the same KPI's row of an earlier table on the sheet
/// when this table holds other months (上期 above, 下期 below). That
/// table's 合計 is then a subtotal of its own months.
fn add_row(table: &mut Table, mut row: KpiRow, header: &Header) {
    let months: Vec<usize> = header.months.iter().map(|&(_, m)| m).collect();
    let earlier = table.rows.iter_mut().find(|r| r.kpi == row.kpi && months.iter().all(|&m| r.months[m].is_none()));
    let Some(earlier) = earlier else {
        table.rows.push(row);
        return;
    };
    for &month in &months {
        earlier.months[month] = row.months[month].take();
    }
    if let Some(total) = row.total.take() {
        let (first, last) = (months.iter().min().copied().unwrap_or(0), months.iter().max().copied().unwrap_or(0));
        earlier.subtotals.push((first..last + 1, total));
    }
    earlier.subtotals.append(&mut row.subtotals);
}

/// The header a row is, or how many months it names (with the first one's
/// column) when it has too few to be one. `above` is the row before it,
/// whose heading (「月別実績」) may say that bare numbers are months.
pub(crate) fn header_of(
    cells: &[Data],
    above: &[Data],
    col0: u32,
    config: &Config,
) -> Result<Header, Option<(u32, usize)>> {
    let headings: Vec<(usize, MonthHeading)> =
        cells.iter().enumerate().filter_map(|(index, data)| Some((index, month_of(data)?))).collect();
    // Year-months that span more than a year are codes, not a header.
    let dated_ok = one_year_apart(headings.iter().map(|&(_, h)| h));
    let mut months: Vec<(u32, usize)> = Vec::new();
    for (index, heading) in headings {
        if heading.year.is_some() && !dated_ok {
            continue;
        }
        let month = config.month_index(heading.month);
        if !months.iter().any(|&(_, m)| m == month) {
            months.push((col0 + index as u32, month));
        }
    }
    if months.len() < MIN_MONTHS_IN_HEADER {
        if let Some(bare) = bare_months(cells, above, col0) {
            months = bare.into_iter().map(|(col, month)| (col, config.month_index(month))).collect();
        }
    }
    let first_column = months.iter().map(|&(c, _)| c).min();
    let Some(first_column) = first_column.filter(|_| months.len() >= MIN_MONTHS_IN_HEADER) else {
        return Err(first_column.map(|col| (col, months.len())));
    };
    // Totals and subtotals count only among and right of the months.
    let mut header = Header { first_column, total: None, progress: None, subtotals: Vec::new(), months };
    for (index, data) in cells.iter().enumerate().skip((first_column - col0) as usize) {
        let Some(text) = cell_text(data) else { continue };
        let col = col0 + index as u32;
        let key = normalize_label(text);
        if header.total.is_none() && TOTAL_KEYS.contains(&key.as_str()) {
            header.total = Some(col);
        } else if header.progress.is_none() && PROGRESS_KEYS.contains(&key.as_str()) {
            header.progress = Some(col);
        } else if let Some(span) = subtotal_months(text) {
            header.subtotals.push((col, span));
        }
    }
    Ok(header)
}

/// Months written as bare numbers (4 5 6 … 3) under a heading that says
/// they are months (「月別実績」 over them, or 「月」 left of them): the
/// longest run of at least three consecutive months, as (absolute column,
/// calendar month). Numbers without such a heading (a No. column, codes,
/// amounts) never are months.
fn bare_months(cells: &[Data], above: &[Data], col0: u32) -> Option<Vec<(u32, u32)>> {
    let number = |data: &Data| -> Option<u32> {
        let value = match data {
            Data::Int(i) => *i as f64,
            Data::Float(f) => *f,
            Data::String(s) => s.trim().parse().ok()?,
            _ => return None,
        };
        (value.fract() == 0.0 && (1.0..=12.0).contains(&value)).then_some(value as u32)
    };
    let mut best: Vec<(usize, u32)> = Vec::new();
    let mut run: Vec<(usize, u32)> = Vec::new();
    for (index, data) in cells.iter().enumerate() {
        match number(data) {
            Some(month) if run.last().is_some_and(|&(_, last)| month == last % 12 + 1) => run.push((index, month)),
            Some(month) => run = vec![(index, month)],
            // Subtotal columns (四半期計) may stand among the months.
            None if cell_text(data).is_some_and(|t| subtotal_months(t).is_some()) => continue,
            None => run.clear(),
        }
        if run.len() > best.len() {
            best = run.clone();
        }
    }
    let (&(first, _), &(last, _)) = (best.first()?, best.last()?);
    if best.len() < MIN_MONTHS_IN_HEADER {
        return None;
    }
    let says_months = |data: &Data| {
        cell_text(data).is_some_and(|t| {
            let key = normalize_label(t);
            (key.contains('月') || key == "month" || key == "months") && month_of(data).is_none()
        })
    };
    let over = above.iter().skip(first.saturating_sub(1)).take(last + 1 - first.saturating_sub(1)).any(says_months);
    let left = first.checked_sub(1).and_then(|i| cells.get(i)).is_some_and(says_months);
    (over || left).then(|| best.into_iter().map(|(index, month)| (col0 + index as u32, month)).collect())
}

/// What a row is, by the label cells left of the months. A cell's own text
/// is tried first; then a 大項目 (typed or carried down) with a 小項目
/// right of it, as one label: 「持続化補助金」 + 「申請」.
fn classify_row(
    cells: &[Data],
    carried: &mut [Option<String>],
    at: &dyn Fn(usize) -> CellRef,
    config: &Config,
) -> RowKind {
    let label_area = carried.len().min(cells.len());
    let own: Vec<Option<&str>> = cells[..label_area].iter().map(cell_text).collect();
    let mut texts: Vec<Located<String>> = Vec::new();
    let mut kind = None;
    for (index, text) in own.iter().enumerate() {
        let Some(text) = text else { continue };
        match label_class(text, config) {
            LabelClass::Input(kpi, rule) => {
                kind = Some(RowKind::Kpi(kpi, Located { value: text.to_string(), cell: at(index) }, rule))
            }
            LabelClass::Computed => kind = Some(RowKind::Skip),
            LabelClass::Cumulative => kind = Some(RowKind::Cumulative),
            LabelClass::Other => {
                texts.push(Located { value: text.to_string(), cell: at(index) });
                continue;
            }
        }
        break;
    }
    let mut joined_labels = Vec::new();
    if kind.is_none() {
        'pairs: for (minor, text) in own.iter().enumerate() {
            let Some(text) = text else { continue };
            let majors = (0..minor).rev().filter_map(|major| own[major].or(carried[major].as_deref()));
            for (nearness, major_text) in majors.take(MAJOR_CANDIDATES).enumerate() {
                let joined = Located { value: format!("{major_text} {text}"), cell: at(minor) };
                if let LabelClass::Input(kpi, _) = label_class(&joined.value, config) {
                    kind = Some(RowKind::Kpi(kpi, joined, Rule::TwoLevel));
                    break 'pairs;
                }
                // Only the nearest pair is kept to name a typo by.
                if nearness == 0 {
                    joined_labels.push(joined);
                }
            }
        }
    }
    for (index, text) in own.iter().enumerate() {
        if let Some(text) = text {
            carried[index] = Some(text.to_string());
        }
    }
    match kind {
        Some(kind) => kind,
        None if texts.is_empty() => RowKind::Skip,
        None => RowKind::Unknown(UnknownRow { texts, joined: joined_labels }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::layout::tests::sheet;

    #[test]
    fn two_level_numbered_labels_and_subtotals() {
        let config = Config::default_config();
        let range = sheet(&[
            &["支所名", "勝北"],
            &["大項目", "小項目", "4月", "5月", "6月", "第1四半期計", "合計"],
            &["持続化補助金", "申請", "1", "1", "0", "3", "2"],
            &["", "採択", "0", "0", "0", "0", "0"],
            &["①巡回件数", "", "45", "44", "24", "113", "113"],
        ]);
        let table = find(&range, &config);
        let labels: Vec<(&str, String)> =
            table.rows.iter().map(|r| (config.kpis[r.kpi].id.as_str(), r.label.cell.to_string())).collect();
        assert_eq!(labels, [("apply_jizokuka", "B3".into()), ("adopt_jizokuka", "B4".into()), ("visits", "A5".into())]);
        assert_eq!(table.rows[0].subtotals[0].0, 0..3);
        assert_eq!(table.rows[0].subtotals[0].1.cell.to_string(), "F3");
        let recognised = table.recognised.unwrap();
        assert_eq!((recognised.layout, recognised.months.len()), (Layout::Rows, 3));
        assert_eq!(recognised.totals.iter().map(|c| c.to_string()).collect::<Vec<_>>(), ["G2", "F2"]);
    }
}
