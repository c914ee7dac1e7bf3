//! The columns under one month heading. The most common progress sheet
//! (進捗管理表) merges each month's heading over two columns and names them
//! on the row below: 計画 | 実績, 目標 | 実績, 前年 | 本年. Only the actual
//! column is the month's figure; a plan is never counted, nor checked.

use calamine::Data;

use crate::read::cells::cell_text;
use crate::text::normalize_label;

/// Words of a column that is not this year's actual: a plan, a target, a
/// forecast, last year's figure. Tried first: 「前年実績」 is last year's.
const NOT_ACTUAL: &[&str] =
    &["計画", "目標", "予定", "見込", "見通", "予測", "前年", "昨年", "plan", "target", "budget"];
/// Words of the actual column.
const ACTUAL: &[&str] = &["実績", "実数", "結果", "本年", "今年", "当年", "actual", "result"];

/// What a column's sub-heading says it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Actual,
    NotActual,
}

fn kind_of(data: &Data) -> Option<Kind> {
    let key = normalize_label(cell_text(data)?);
    if NOT_ACTUAL.iter().any(|w| key.contains(w)) {
        Some(Kind::NotActual)
    } else {
        ACTUAL.iter().any(|w| key.contains(w)).then_some(Kind::Actual)
    }
}

/// What the row under a header says of the columns under each heading.
#[derive(Debug, PartialEq)]
pub enum Columns {
    /// Not a row of sub-headings: each heading's own column is its figure.
    Single,
    /// For each heading column given, the column of its actual figure.
    Actual(Vec<(u32, u32)>),
    /// A heading with no actual column under it: its column, and the
    /// sub-headings it has (「計画、見込」).
    NoActual(u32, String),
}

/// The columns under `headings` (the absolute columns of the months and
/// totals of a header, in any order) named by `cells` (the row below,
/// from column `col0`). A heading's columns run to the next heading; the
/// last one's are as wide as the one before it.
pub fn under(headings: &[u32], cells: &[Data], col0: u32) -> Columns {
    let mut sorted = headings.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let kind_at = |col: u32| cells.get(col.checked_sub(col0)? as usize).and_then(kind_of);
    let (Some(&first), Some(&last)) = (sorted.first(), sorted.last()) else { return Columns::Single };
    let named = (first..=last + 1).filter(|&col| kind_at(col).is_some()).count();
    // One word under the headings is a note; a row of sub-headings names
    // the columns under most of them.
    if named < 2 || named * 2 < sorted.len() {
        return Columns::Single;
    }
    let mut actual = Vec::new();
    for (index, &heading) in sorted.iter().enumerate() {
        let width = match (sorted.get(index + 1), index.checked_sub(1).map(|i| sorted[i])) {
            (Some(&next), _) => next - heading,
            (None, Some(previous)) => heading - previous,
            (None, None) => 1,
        };
        let span = heading..heading + width.max(1);
        let kinds: Vec<(u32, Kind)> = span.clone().filter_map(|col| Some((col, kind_at(col)?))).collect();
        match kinds.iter().find(|(_, kind)| *kind == Kind::Actual) {
            Some(&(col, _)) => actual.push((heading, col)),
            None if kinds.is_empty() => actual.push((heading, heading)),
            None => {
                let words: Vec<&str> =
                    span.filter_map(|col| cell_text(cells.get(col.checked_sub(col0)? as usize)?)).collect();
                return Columns::NoActual(heading, words.join("、"));
            }
        }
    }
    Columns::Actual(actual)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(cells: &[&str]) -> Vec<Data> {
        cells.iter().map(|t| if t.is_empty() { Data::Empty } else { Data::String(t.to_string()) }).collect()
    }

    #[test]
    fn the_actual_column_under_each_heading() {
        let row = texts(&["", "計画", "実績", "目標", "実績", "前年実績", "本年"]);
        assert_eq!(under(&[1, 3, 5], &row, 0), Columns::Actual(vec![(1, 2), (3, 4), (5, 6)]));
        // Actual first, plan second; a single 進捗 column with nothing under it.
        let row = texts(&["", "実績", "計画", "実績", "計画", ""]);
        assert_eq!(under(&[1, 3, 5], &row, 0), Columns::Actual(vec![(1, 1), (3, 3), (5, 5)]));
    }

    #[test]
    fn a_plan_with_no_actual_and_rows_that_are_no_sub_headings() {
        let row = texts(&["", "計画", "見込", "計画", "実績"]);
        assert_eq!(under(&[1, 3], &row, 0), Columns::NoActual(1, "計画、見込".into()));
        let row = texts(&["巡回件数", "45", "44", "24"]);
        assert_eq!(under(&[1, 2, 3], &row, 0), Columns::Single);
        let row = texts(&["", "", "※実績は速報値", ""]);
        assert_eq!(under(&[1, 2, 3], &row, 0), Columns::Single);
    }
}
