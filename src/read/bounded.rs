//! Reading a sheet without trusting the file's own numbers. calamine
//! allocates what the file declares (a shared-string count, the box spanned
//! by the outermost cells), so a crafted xlsx of a few kilobytes could ask
//! for gigabytes. Here the zip's declared sizes are checked before opening,
//! and xlsx cells are streamed with a cap on their count and on the area
//! they span before any dense table is built.

use std::io::{Cursor, Read};

use calamine::{Cell, Data, Range, Xlsx};

use crate::config::Limits;

/// Refuse an xlsx or ods whose parts would inflate past the limits.
pub fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), String> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // Not a readable zip: the workbook reader says why.
    };
    let max_inflated = limits.max_file_bytes.saturating_mul(20);
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(index) else { continue };
        total = total.saturating_add(entry.size());
    }
    if total > max_inflated {
        return Err(format!("{total} bytes inflated > {max_inflated}"));
    }
    // The shared-string table's declared count is reserved up front.
    if let Ok(entry) = archive.by_name("xl/sharedStrings.xml") {
        let mut head = Vec::with_capacity(2048);
        let _ = entry.take(2048).read_to_end(&mut head);
        let head = String::from_utf8_lossy(&head);
        for attribute in ["uniqueCount=\"", "count=\""] {
            if let Some(start) = head.find(attribute) {
                let digits: String = head[start + attribute.len()..].chars().take_while(char::is_ascii_digit).collect();
                if digits.parse::<u64>().map_or(digits.len() > 18, |n| n > limits.max_cells) {
                    return Err(format!("{digits} shared strings > {}", limits.max_cells));
                }
            }
        }
    }
    Ok(())
}

/// One xlsx sheet's values and, for cells without a value, their formulas,
/// streamed within the limits.
pub fn xlsx_sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<(Range<Data>, Range<String>), String> {
    let mut reader = book.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
    let mut values: Vec<Cell<Data>> = Vec::new();
    let mut formulas: Vec<Cell<String>> = Vec::new();
    let (mut rows, mut cols) = ((u32::MAX, 0u32), (u32::MAX, 0u32));
    while let Some(cell) = reader.next_cell_with_formula().map_err(|e| e.to_string())? {
        let value = Data::from(cell.value);
        let formula = cell.formula.filter(|f| !f.is_empty() && value == Data::Empty);
        if value == Data::Empty && formula.is_none() {
            continue;
        }
        if (values.len() + formulas.len()) as u64 >= limits.max_cells {
            return Err(format!("more than {} cells", limits.max_cells));
        }
        let (row, col) = cell.pos;
        rows = (rows.0.min(row), rows.1.max(row));
        cols = (cols.0.min(col), cols.1.max(col));
        let area = u64::from(rows.1 - rows.0 + 1) * u64::from(cols.1 - cols.0 + 1);
        if area > limits.max_cells {
            return Err(format!("cells spread over {area} positions > {}", limits.max_cells));
        }
        match formula {
            Some(formula) => formulas.push(Cell::new(cell.pos, formula)),
            None => values.push(Cell::new(cell.pos, value)),
        }
    }
    Ok((Range::from_sparse(values), Range::from_sparse(formulas)))
}
