//! One sheet of a form, read for its items rather than its figures: the
//! label rows under a month header (across, or on its side), or the rows
//! of a month's sheet, each with what its cells say about the item — its
//! 区分, its counter, whether it is a level, its money unit, a target.

use calamine::{Data, Range};

use crate::config::Config;
use crate::read::cells::{cell_text, month_of, CellValue};
use crate::read::layout::{
    monthly_sheets, rows, transposed, CUMULATIVE_KEYS, DATE_KEYS, SUM_ROW_KEYS, UNIT_KEYS, YEAR_KEYS,
};
use crate::text::{money_unit_of_label, normalize_label, parse_month_label, without_numbering};

/// Headings of a label column that holds the 区分 (the group).
const GROUP_HEADINGS: &[&str] = &["区分", "分類", "大分類", "部門", "カテゴリ", "カテゴリー", "category", "group"];
/// Headings of the column that holds the counter (件, 社 …).
const COUNTER_HEADINGS: &[&str] = &["単位", "unit"];
/// Headings of columns that are neither label nor figure.
const IGNORED_HEADINGS: &[&str] = &["備考", "メモ", "注", "note", "notes"];
/// Headings of a column of annual targets right of the months.
const TARGET_HEADINGS: &[&str] = &["目標", "年間目標", "目標値", "年度目標", "target"];
/// Words in a label that make it a level as of a date, not a count.
const LEVEL_WORDS: &[&str] = &["月末", "末日", "期末", "時点", "残高", "現在", "在籍"];
/// Counters a 単位 column holds, besides the money units.
const COUNTERS: &[&str] = &[
    "件",
    "社",
    "人",
    "回",
    "口",
    "者",
    "先",
    "名",
    "本",
    "日",
    "時間",
    "事業所",
    "団体",
    "%",
    "％",
    "円",
    "千円",
    "万円",
    "百万円",
    "億円",
];
/// Texts that open a note rather than name an item.
const NOTE_WORDS: &[&str] = &["メモ", "備考", "注", "(注"];
/// A table ends after this many rows without a label (a note far below
/// it is no item); a new month header starts another.
const ROWS_BETWEEN_TABLES: usize = 50;
/// The mark a form puts on a level (「社 ※」 and a note under the table).
const LEVEL_MARK: char = '※';

/// An item as one form's row tells it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormRow {
    pub group: Option<String>,
    pub label: String,
    pub counter: String,
    /// Marked ※ or named as a level (月末, 残高 …).
    pub level: bool,
    pub money_unit: Option<&'static str>,
    pub target: Option<f64>,
    /// How many of its month cells hold a figure.
    pub figures: usize,
}

/// What one sheet of a form holds.
#[derive(Debug, Default)]
pub struct FormTable {
    pub rows: Vec<FormRow>,
    /// The calendar month the first month heading names.
    pub first_month: Option<u32>,
    /// Whether a column of the label area holds the 区分.
    pub has_group_column: bool,
}

/// The items of a sheet, by whichever layout it is in.
pub fn read_form_sheet(name: &str, range: &Range<Data>) -> FormTable {
    let across = across_table(range);
    if !across.rows.is_empty() {
        return across;
    }
    if transposed::has_month_column(range) {
        if let Some(turned) = transposed::turned(range) {
            return across_table(&turned);
        }
    }
    month_sheet(name, range).unwrap_or_default()
}

/// What a column of the label area holds, by its heading.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Label,
    Group,
    Counter,
    Ignored,
}

fn across_table(range: &Range<Data>) -> FormTable {
    let mut table = FormTable::default();
    let Some((row0, col0)) = range.start() else { return table };
    // The reader's own header rule; only the columns matter here, so any
    // start month will do.
    let config = Config::default_config();
    let mut columns: Vec<Column> = Vec::new();
    let mut month_columns: Vec<u32> = Vec::new();
    let mut target_column = None;
    let mut carried: Vec<Option<String>> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut header_row = None;
    let mut rows_without_label = 0;
    let mut notes = Vec::new();
    let mut above: &[Data] = &[];
    for (offset, cells) in range.rows().enumerate() {
        if header_row.is_none() && offset >= rows::HEADER_SEARCH_ROWS {
            break;
        }
        // Bare month numbers only start a table (as the reader has it).
        let header = rows::header_of(cells, if header_row.is_none() { above } else { &[] }, col0, &config);
        above = cells;
        if let Ok(header) = header {
            let label_area = (header.first_column - col0) as usize;
            columns = label_columns(&cells[..label_area], range, offset);
            month_columns = header.months.iter().map(|&(col, _)| col).collect();
            target_column = cells.iter().enumerate().skip(label_area).find_map(|(index, data)| {
                let text = cell_text(data)?;
                TARGET_HEADINGS.contains(&normalize_label(text).as_str()).then_some(col0 + index as u32)
            });
            if table.first_month.is_none() {
                table.first_month = cells.get(label_area).and_then(month_of).map(|heading| heading.month);
            }
            table.has_group_column |= columns.contains(&Column::Group);
            carried = vec![None; label_area];
            header_row = Some(row0 + offset as u32);
            rows_without_label = 0;
            continue;
        }
        if header_row.is_none() || rows_without_label > ROWS_BETWEEN_TABLES {
            continue;
        }
        let number = |col: u32| {
            let data = cells.get((col - col0) as usize).unwrap_or(&Data::Empty);
            CellValue::from_data(data).number()
        };
        let figures = month_columns.iter().filter(|&&col| number(col).is_some()).count();
        let label_area = &cells[..columns.len().min(cells.len())];
        rows_without_label = if label_area.iter().any(|d| cell_text(d).is_some()) { 0 } else { rows_without_label + 1 };
        let Some(mut row) = label_row(label_area, &columns, &mut carried) else {
            notes.extend(level_note(label_area));
            continue;
        };
        row.figures = figures;
        row.target = target_column.and_then(number);
        // Stacked tables (上期 above 下期) repeat their labels.
        if seen.insert(normalize_label(&row.label)) {
            table.rows.push(row);
        }
    }
    apply_level_notes(&mut table.rows, &notes);
    table
}

/// The roles of the label area's columns, by their headings; a column
/// without one whose texts are all counters is the 単位 column.
fn label_columns(headings: &[Data], range: &Range<Data>, header_offset: usize) -> Vec<Column> {
    headings
        .iter()
        .enumerate()
        .map(|(index, data)| {
            let key = cell_text(data).map(normalize_label).unwrap_or_default();
            if GROUP_HEADINGS.contains(&key.as_str()) {
                Column::Group
            } else if COUNTER_HEADINGS.contains(&key.as_str()) {
                Column::Counter
            } else if IGNORED_HEADINGS.contains(&key.as_str()) || is_metadata_key(&key) {
                // A sheet turned on its side brings its 支所名 and 基準日
                // cells into the label area.
                Column::Ignored
            } else if key.is_empty() && holds_counters(range, header_offset, index) {
                Column::Counter
            } else {
                Column::Label
            }
        })
        .collect()
}

fn is_metadata_key(key: &str) -> bool {
    [UNIT_KEYS, DATE_KEYS, YEAR_KEYS].iter().any(|keys| keys.contains(&key))
}

fn holds_counters(range: &Range<Data>, header_offset: usize, index: usize) -> bool {
    let texts: Vec<&str> =
        range.rows().skip(header_offset + 1).filter_map(|cells| cells.get(index).and_then(cell_text)).collect();
    !texts.is_empty() && texts.iter().all(|text| COUNTERS.contains(&counter_of(text).0.as_str()))
}

/// A counter cell's counter, and whether it says the item is a level: the
/// mark (「社 ※」) or a level word in brackets after it (「人（月末）」).
fn counter_of(text: &str) -> (String, bool) {
    let marked = text.contains(LEVEL_MARK);
    let counter: String = text.chars().filter(|&c| c != LEVEL_MARK && !c.is_whitespace()).collect();
    match bracketed_end(&counter) {
        Some((before, inside)) if LEVEL_WORDS.iter().any(|word| inside.contains(word)) => (before, true),
        _ => (counter, marked),
    }
}

/// A note under the table (「※ 会員数は月末の人数です」) that says the items
/// it names are levels: its text, if it is one.
fn level_note(label_area: &[Data]) -> Option<String> {
    let text = label_area.iter().find_map(cell_text)?;
    let is_note =
        text.trim_start().starts_with([LEVEL_MARK, '＊', '*']) || NOTE_WORDS.iter().any(|w| text.starts_with(w));
    (is_note && LEVEL_WORDS.iter().any(|word| text.contains(word))).then(|| normalize_label(text))
}

/// Mark as levels the items the notes name.
fn apply_level_notes(rows: &mut [FormRow], notes: &[String]) {
    for row in rows.iter_mut() {
        let label = normalize_label(&row.label);
        row.level |= !label.is_empty() && notes.iter().any(|note| note.contains(&label));
    }
}

/// The item a row of the label area names, if it names one: its label
/// from the label columns (a 大項目 carried down over blanks and joined
/// with the 小項目 beside it), its 区分 and its counter. Sum, cumulative,
/// progress and note rows name none.
fn label_row(cells: &[Data], columns: &[Column], carried: &mut [Option<String>]) -> Option<FormRow> {
    let mut row = FormRow::default();
    let mut parts: Vec<String> = Vec::new();
    let label_columns: Vec<usize> = (0..columns.len()).filter(|&i| columns[i] == Column::Label).collect();
    let own = |index: usize| cells.get(index).and_then(cell_text).map(str::to_string);
    let last_filled = label_columns.iter().rposition(|&i| own(i).is_some());
    for (position, &index) in label_columns.iter().enumerate() {
        match own(index) {
            Some(text) => parts.push(text),
            // A 大項目 merged down its rows: the 小項目 right of it is filled.
            None if last_filled.is_some_and(|last| position < last) => parts.extend(carried[index].clone()),
            None => {}
        }
    }
    for (index, column) in columns.iter().enumerate() {
        let Some(text) = own(index) else { continue };
        match column {
            Column::Group => row.group = Some(text.clone()),
            Column::Counter => {
                let (counter, marked) = counter_of(&text);
                row.level |= marked;
                row.counter = counter;
            }
            Column::Label | Column::Ignored => {}
        }
        carried[index] = Some(text);
    }
    if row.group.is_none() {
        row.group = columns.iter().position(|&c| c == Column::Group).and_then(|i| carried[i].clone());
    }
    let label = parts.join(" ");
    if label.is_empty() || is_not_an_item(&label) {
        return None;
    }
    describe(&mut row, &label);
    Some(row)
}

/// Rows whose label is a sum, a 累計 or 進捗 row, or a note.
fn is_not_an_item(label: &str) -> bool {
    let key = normalize_label(label);
    let is_note = label.trim_start().starts_with([LEVEL_MARK, '＊', '*'])
        || NOTE_WORDS.iter().any(|word| key.starts_with(word))
        || label.contains([':', '：']);
    is_note
        || SUM_ROW_KEYS.contains(&key.as_str())
        || key.ends_with("合計")
        || key.ends_with("小計")
        || CUMULATIVE_KEYS.iter().any(|word| key.ends_with(word))
        || rows::PROGRESS_KEYS.iter().any(|word| key.ends_with(word))
}

/// The item's label as the settings keep it, with what the label itself
/// says: a ※ or a level word, a money unit or counter in brackets at its
/// end, numbering before it.
fn describe(row: &mut FormRow, typed: &str) {
    let mut label = typed.replace(LEVEL_MARK, " ").split_whitespace().collect::<Vec<_>>().join(" ");
    row.level |= typed.contains(LEVEL_MARK) || LEVEL_WORDS.iter().any(|word| label.contains(word));
    if let Some(numberless) = without_numbering(&label) {
        label = numberless;
    }
    if let Some((before, inside)) = bracketed_end(&label) {
        if let Some(unit) = money_unit_of_label(&label) {
            row.money_unit = Some(unit);
            label = before;
        } else if COUNTERS.contains(&inside.as_str()) {
            if row.counter.is_empty() {
                row.counter = inside;
            }
            label = before;
        }
    }
    if row.money_unit.is_none() {
        row.money_unit = crate::settings::MONEY_UNITS.iter().find(|&&unit| unit == row.counter).copied();
    }
    row.label = label;
}

/// A label's bracketed end: 「巡回件数（件）」 → (「巡回件数」, 「件」).
fn bracketed_end(label: &str) -> Option<(String, String)> {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = label.nfkc().collect();
    let trimmed = folded.trim_end();
    let close = trimmed.chars().last().filter(|c| matches!(c, ')' | ']' | '】' | '〉'))?;
    let open = match close {
        ')' => '(',
        ']' => '[',
        '】' => '【',
        _ => '〈',
    };
    let at = trimmed.rfind(open)?;
    let inside = trimmed[at + open.len_utf8()..trimmed.len() - close.len_utf8()].trim().to_string();
    let before = trimmed[..at].trim_end().to_string();
    (!before.is_empty()).then_some((before, inside))
}

/// A month's sheet (「4月」): a label and its value a row, under a 項目 |
/// 実績 heading or without one.
fn month_sheet(name: &str, range: &Range<Data>) -> Option<FormTable> {
    parse_month_label(name)?;
    let mut table = FormTable::default();
    for cells in range.rows() {
        let Some((index, text)) = cells.iter().enumerate().find_map(|(i, d)| cell_text(d).map(|t| (i, t))) else {
            continue;
        };
        let key = normalize_label(text);
        if monthly_sheets::VALUE_KEYS.contains(&key.as_str()) || cells[index + 1..].iter().any(is_value_heading) {
            continue;
        }
        let value = cells[index + 1..].iter().find(|d| **d != Data::Empty);
        if value.and_then(|d| CellValue::from_data(d).number()).is_none() || is_not_an_item(text) {
            continue;
        }
        let mut row = FormRow { figures: 1, ..FormRow::default() };
        describe(&mut row, text);
        table.rows.push(row);
    }
    (!table.rows.is_empty()).then_some(table)
}

fn is_value_heading(data: &Data) -> bool {
    cell_text(data).is_some_and(|text| monthly_sheets::VALUE_KEYS.contains(&normalize_label(text).as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::layout::tests::sheet;

    /// (group, label, counter, level, money unit)
    type Learnt = (Option<String>, String, String, bool, Option<&'static str>);

    fn learnt(rows: &[&[&str]]) -> Vec<Learnt> {
        let table = read_form_sheet("報告", &sheet(rows));
        table.rows.into_iter().map(|r| (r.group, r.label, r.counter, r.level, r.money_unit)).collect()
    }

    #[test]
    fn a_label_area_tells_group_counter_level_and_money() {
        let rows = learnt(&[
            &["区分", "項目", "", "4月", "5月", "6月", "合計"],
            &["相談", "①巡回件数", "件", "4", "5", "6", "15"],
            &["", "会員数", "社 ※", "200", "201", "203", ""],
            &["金融", "融資額（千円）", "", "1000", "", "", ""],
            &["", "小計", "", "1004", "", "", ""],
            &["", "融資残高", "", "5000", "", "", ""],
            &["※ 月末時点の数", "", "", "", "", "", ""],
        ]);
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            rows,
            [
                (some("相談"), "巡回件数".into(), "件".into(), false, None),
                (some("相談"), "会員数".into(), "社".into(), true, None),
                (some("金融"), "融資額".into(), "".into(), false, Some("千円")),
                (some("金融"), "融資残高".into(), "".into(), true, None),
            ]
        );
    }

    #[test]
    fn a_level_from_the_unit_cell_or_a_note_naming_it() {
        let rows = learnt(&[
            &["項目", "単位", "4月", "5月", "6月"],
            &["巡回件数", "件", "4", "5", "6"],
            &["会員数", "人（月末）", "200", "201", "203"],
            &["共済加入者数", "人", "50", "51", "52"],
            &["融資件数", "件", "1", "0", "2"],
            &["※ 共済加入者数は各月末日の人数", "", "", "", ""],
        ]);
        let levels: Vec<(&str, &str, bool)> = rows.iter().map(|r| (r.1.as_str(), r.2.as_str(), r.3)).collect();
        assert_eq!(
            levels,
            [
                ("巡回件数", "件", false),
                ("会員数", "人", true),
                ("共済加入者数", "人", true),
                ("融資件数", "件", false)
            ]
        );
    }

    #[test]
    fn a_merged_major_joins_the_minors_beside_it_and_months_down_a_column_read_too() {
        let rows = learnt(&[
            &["大項目", "小項目", "4月", "5月", "6月"],
            &["補助金", "申請", "1", "0", "2"],
            &["", "採択", "0", "0", "1"],
            &["マル経融資", "", "0", "1", "0"],
        ]);
        let labels: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
        assert_eq!(labels, ["補助金 申請", "補助金 採択", "マル経融資"]);

        let table = read_form_sheet(
            "報告",
            &sheet(&[&["月", "巡回件数", "加入（件）"], &["4月", "4", "1"], &["5月", "5", "0"], &["6月", "6", "2"]]),
        );
        let labels: Vec<(&str, &str, usize)> =
            table.rows.iter().map(|r| (r.label.as_str(), r.counter.as_str(), r.figures)).collect();
        assert_eq!(labels, [("巡回件数", "", 3), ("加入", "件", 3)]);
    }
}
