//! The table on its side: months down a column, a KPI a column, labels in
//! a row above. Read by turning the sheet a quarter and reading it across
//! (`rows`), then naming the cells where they really are.

use calamine::{Data, Range};

use super::{rows, Layout, Table};
use crate::config::Config;
use crate::findings::CellRef;
use crate::read::cells::month_of;
use crate::text::{one_year_apart, MonthHeading};

/// Whether some column holds at least three distinct months in the
/// sheet's first rows (its dated ones within one year, as across).
pub fn has_month_column(range: &Range<Data>) -> bool {
    let mut by_column: std::collections::HashMap<usize, Vec<MonthHeading>> = std::collections::HashMap::new();
    for (row, col, data) in range.used_cells() {
        // Months down a column head it, as months across head a table.
        if row >= rows::HEADER_SEARCH_ROWS {
            break;
        }
        if let Some(heading) = month_of(data) {
            by_column.entry(col).or_default().push(heading);
        }
    }
    by_column.into_values().any(|headings| {
        let dated_ok = one_year_apart(headings.iter().copied());
        let months =
            headings.iter().filter(|h| h.year.is_none() || dated_ok).fold(0u16, |seen, h| seen | 1 << (h.month - 1));
        months.count_ones() >= 3
    })
}

pub fn find(range: &Range<Data>, config: &Config) -> Table {
    let Some(turned) = turned(range) else { return Table::default() };
    let mut table = rows::find(&turned, config);
    table.map_cells(|cell| CellRef::new(cell.col, cell.row));
    // Labelled cells (支所名 | 勝北) read the right way round, not sideways.
    let labelled = super::labelled_cells(range);
    (table.unit_cell, table.report_date, table.fiscal_year) =
        (labelled.unit_cell, labelled.report_date, labelled.fiscal_year);
    if let Some(recognised) = &mut table.recognised {
        recognised.layout = Layout::Transposed;
    }
    table
}

/// The sheet turned a quarter: rows become columns.
pub(crate) fn turned(range: &Range<Data>) -> Option<Range<Data>> {
    let (start, end) = (range.start()?, range.end()?);
    let mut turned = Range::new((start.1, start.0), (end.1, end.0));
    for (row, col, data) in range.used_cells() {
        let (row, col) = (start.0 + row as u32, start.1 + col as u32);
        turned.set_value((col, row), data.clone());
    }
    Some(turned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::layout::tests::sheet;

    #[test]
    fn months_down_a_column_name_their_real_cells() {
        let config = Config::default_config();
        let range = sheet(&[
            &["支所名", "勝北"],
            &["月", "巡回件数", "窓口相談件数"],
            &["4月", "45", "75"],
            &["5月", "44", "70"],
            &["6月", "24", "38"],
        ]);
        assert!(has_month_column(&range));
        let table = find(&range, &config);
        let visits = &table.rows[0];
        assert_eq!(visits.label.cell.to_string(), "B2");
        assert_eq!(visits.months[1].as_ref().unwrap().cell.to_string(), "B4");
        assert_eq!(table.unit_cell.unwrap().value, "勝北");
        assert_eq!(table.recognised.unwrap().layout, Layout::Transposed);
    }
}
