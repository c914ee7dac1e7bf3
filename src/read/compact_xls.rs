//! A sparse xls read by the cells it holds. calamine builds each xls sheet
//! dense over the span of its cell records, so four cells at the corners of
//! A1:IV65536 ask for 16 million. A workbook whose cells span more than the
//! limit but are few is rewritten here: every cell record's row and column
//! is moved to its rank among the rows and columns the sheet uses, the
//! DIMENSIONS and the ranges of shared formulas, arrays and merged cells
//! with them, and the stream is put in a compound file of its own. The
//! reader then reads that, and names each cell where it really is
//! (`Grid::real`, from the ranks kept here). The sheets are walked as
//! calamine walks them; a stream that cannot be walked alike is refused.

use std::collections::HashMap;
use std::io::{Cursor, Write};

use super::bounded::{biff_cell_area, cell_records, le16, le32, CompoundFile, Refused};
use crate::config::Limits;

/// By sheet name, the real rows and columns of the compacted sheet's, in
/// order: compacted row `i` is real row `rows[i]`.
pub type SheetRanks = HashMap<String, (Vec<u32>, Vec<u32>)>;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const ROW: u16 = 0x0208;
const FORMULA: u16 = 0x0006;
const MERGECELLS: u16 = 0x00E5;
const MULRK: u16 = 0x00BD;
const MULBLANK: u16 = 0x00BE;
/// Records that open with a RefU range (first and last row as u16, first
/// and last column as u8): SHRFMLA, ARRAY, TABLE.
const RANGE_RECORDS: [u16; 3] = [0x04BC, 0x0221, 0x0236];
const BIFF8: u16 = 0x0600;

/// One sheet's used rows and columns, sorted.
struct Used {
    rows: Vec<u16>,
    cols: Vec<u16>,
}

impl Used {
    fn rank(used: &[u16], at: u16) -> Option<u16> {
        used.binary_search(&at).ok().map(|i| i as u16)
    }

    /// A range's ends moved to the used rows or columns within it; `None`
    /// if it holds none.
    fn range(used: &[u16], first: u16, last: u16) -> Option<(u16, u16)> {
        let start = used.partition_point(|&u| u < first);
        let end = used.partition_point(|&u| u <= last);
        (start < end).then(|| (start as u16, (end - 1) as u16))
    }
}

/// The xls `bytes` with its sheets compacted (`compact`).
pub fn compact_file(bytes: &[u8], limits: &Limits) -> Result<(Vec<u8>, SheetRanks), Refused> {
    let file = CompoundFile::parse(bytes).map_err(Refused::damaged)?;
    let stream = file.workbook_stream().map_err(Refused::damaged)?;
    compact(&stream, limits)
}

/// The workbook stream `stream` (BIFF8) rewritten to compacted positions,
/// in a compound file, with each sheet's ranks; refused if even compacted
/// a sheet spans more than the limit.
fn compact(stream: &[u8], limits: &Limits) -> Result<(Vec<u8>, SheetRanks), Refused> {
    // What is not compacted is refused as it spans.
    let as_it_spans = || {
        let area = biff_cell_area(stream);
        Refused::too_large(format!("cells spread over {area} positions > {}", limits.max_cells))
    };
    // Older BIFF versions are not compacted.
    if le16(stream, 0) != Some(BOF) || le16(stream, 4) != Some(BIFF8) {
        return Err(as_it_spans());
    }
    let names = sheet_names(stream);
    // Pass 1: each sheet's used rows and columns, by the offset of its BOF.
    let mut used: HashMap<usize, Used> = HashMap::new();
    for_each_sheet_record(stream, names.keys().copied(), |sheet, kind, body| {
        let entry = used.entry(sheet).or_insert(Used { rows: Vec::new(), cols: Vec::new() });
        if let Some((row, first, last)) = cell_records(kind, &stream[body]) {
            entry.rows.push(row);
            entry.cols.extend(first..=last);
        }
    })
    .ok_or_else(as_it_spans)?;
    for sheet in used.values_mut() {
        for list in [&mut sheet.rows, &mut sheet.cols] {
            list.sort_unstable();
            list.dedup();
        }
        let area = sheet.rows.len() as u64 * sheet.cols.len() as u64;
        if area > limits.max_cells {
            return Err(Refused::too_large(format!("{} cells even compacted > {}", area, limits.max_cells)));
        }
    }
    // Pass 2: rewrite the positions in place.
    let mut out = stream.to_vec();
    for_each_sheet_record(stream, names.keys().copied(), |sheet, kind, body| {
        rewrite(kind, &mut out[body], &used[&sheet])
    });
    let widen = |list: Vec<u16>| list.into_iter().map(u32::from).collect();
    let ranks = used.into_iter().map(|(at, sheet)| (names[&at].clone(), (widen(sheet.rows), widen(sheet.cols))));
    let ranks = ranks.collect();
    Ok((compound_file(&out).map_err(Refused::damaged)?, ranks))
}

/// Visit every record calamine reads as a sheet's, as calamine walks it:
/// from each BOUNDSHEET's offset to the first EOF, skipping the substreams
/// embedded after the sheet's own BOF (charts). Each visit gives the
/// sheet's offset, the record's kind and where its body is. `None` if the
/// walk cannot be mirrored record for record: two sheets sharing records,
/// or a CONTINUE after a cell record (calamine joins them, and would read
/// a MULRK's last column from the continuation).
fn for_each_sheet_record(
    stream: &[u8],
    sheets: impl Iterator<Item = usize>,
    mut visit: impl FnMut(usize, u16, std::ops::Range<usize>),
) -> Option<()> {
    const CONTINUE: u16 = 0x003C;
    let mut seen = std::collections::HashSet::new();
    for sheet in sheets {
        let (mut offset, mut depth, mut own_bof) = (sheet, 0u32, false);
        let mut after_cell = false;
        while let (Some(kind), Some(length)) = (le16(stream, offset), le16(stream, offset + 2)) {
            let body = offset + 4..(offset + 4 + length as usize).min(stream.len());
            if !seen.insert(offset) || (after_cell && kind == CONTINUE) {
                return None;
            }
            after_cell = false;
            offset += 4 + length as usize;
            match (kind, depth) {
                (BOF, 0) if !own_bof => own_bof = true,
                (BOF, _) => depth += 1,
                (EOF, 0) => break,
                (EOF, _) => depth -= 1,
                (_, 0) => {
                    after_cell = cell_records(kind, &stream[body.clone()]).is_some();
                    visit(sheet, kind, body);
                }
                _ => {}
            }
        }
    }
    Some(())
}

/// The sheets' names by the offset of their BOF (BOUNDSHEET records).
fn sheet_names(stream: &[u8]) -> HashMap<usize, String> {
    let mut names = HashMap::new();
    let mut offset = 0;
    while let (Some(kind), Some(length)) = (le16(stream, offset), le16(stream, offset + 2)) {
        let body = stream.get(offset + 4..offset + 4 + length as usize).unwrap_or(&[]);
        if kind == EOF {
            break;
        }
        if kind == BOUNDSHEET && body.len() >= 8 {
            let (count, wide) = (body[6] as usize, body[7] & 1 == 1);
            let text = &body[8..];
            let name = if wide {
                let units: Vec<u16> = (0..count.min(text.len() / 2)).filter_map(|i| le16(text, 2 * i)).collect();
                String::from_utf16_lossy(&units)
            } else {
                text.iter().take(count).map(|&b| char::from(b)).collect()
            };
            if let Some(at) = le32(body, 0) {
                names.insert(at as usize, name);
            }
        }
        offset += 4 + length as usize;
    }
    names
}

fn put16(body: &mut [u8], at: usize, value: u16) {
    if let Some(bytes) = body.get_mut(at..at + 2) {
        bytes.copy_from_slice(&value.to_le_bytes());
    }
}

fn put32(body: &mut [u8], at: usize, value: u32) {
    if let Some(bytes) = body.get_mut(at..at + 4) {
        bytes.copy_from_slice(&value.to_le_bytes());
    }
}

/// Move one record's positions to their ranks.
fn rewrite(kind: u16, body: &mut [u8], used: &Used) {
    let (rows, cols) = (&used.rows[..], &used.cols[..]);
    if let Some((row, first, last)) = cell_records(kind, body) {
        if let (Some(row), Some(first)) = (Used::rank(rows, row), Used::rank(cols, first)) {
            put16(body, 0, row);
            put16(body, 2, first);
            if matches!(kind, MULRK | MULBLANK) {
                // Its columns are all used, so their ranks are consecutive.
                let end = body.len() - 2;
                put16(body, end, Used::rank(cols, last).unwrap_or(first));
            }
        }
        // A formula based on a shared one names its base cell (PtgExp, PtgTbl).
        if kind == FORMULA && body.len() >= 27 && matches!(body[22], 0x01 | 0x02) {
            if let (Some(row), Some(col)) = (le16(body, 23), le16(body, 25)) {
                if let (Some(row), Some(col)) = (Used::rank(rows, row), Used::rank(cols, col)) {
                    put16(body, 23, row);
                    put16(body, 25, col);
                }
            }
        }
        return;
    }
    match kind {
        DIMENSIONS if body.len() >= 12 => {
            put32(body, 0, 0);
            put32(body, 4, rows.len() as u32);
            put16(body, 8, 0);
            put16(body, 10, cols.len() as u16);
        }
        ROW if body.len() >= 6 => {
            if let Some(row) = le16(body, 0).and_then(|r| Used::rank(rows, r)) {
                put16(body, 0, row);
            }
            if let (Some(first), Some(past)) = (le16(body, 2), le16(body, 4)) {
                if let Some((first, last)) = Used::range(cols, first, past.saturating_sub(1)) {
                    put16(body, 2, first);
                    put16(body, 4, last + 1);
                }
            }
        }
        MERGECELLS => {
            let count = le16(body, 0).unwrap_or(0) as usize;
            for index in 0..count {
                let at = 2 + 8 * index;
                let read = |body: &[u8], i: usize| le16(body, at + 2 * i);
                let (Some(r0), Some(r1), Some(c0), Some(c1)) =
                    (read(body, 0), read(body, 1), read(body, 2), read(body, 3))
                else {
                    break;
                };
                if let (Some((r0, r1)), Some((c0, c1))) = (Used::range(rows, r0, r1), Used::range(cols, c0, c1)) {
                    for (i, value) in [r0, r1, c0, c1].into_iter().enumerate() {
                        put16(body, at + 2 * i, value);
                    }
                }
            }
        }
        _ if RANGE_RECORDS.contains(&kind) && body.len() >= 6 => {
            let (Some(r0), Some(r1)) = (le16(body, 0), le16(body, 2)) else { return };
            let (c0, c1) = (u16::from(body[4]), u16::from(body[5]));
            if let (Some((r0, r1)), Some((c0, c1))) = (Used::range(rows, r0, r1), Used::range(cols, c0, c1)) {
                put16(body, 0, r0);
                put16(body, 2, r1);
                body[4] = c0 as u8;
                body[5] = c1 as u8;
            }
        }
        _ => {}
    }
}

/// A compound file holding `stream` as its Workbook stream.
fn compound_file(stream: &[u8]) -> std::io::Result<Vec<u8>> {
    // Version 3 (512-byte sectors): calamine refuses a version 4 file whose
    // root has no mini stream, as a stream of 4 KiB or more leaves it.
    let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))?;
    file.create_stream("/Workbook")?.write_all(stream)?;
    file.flush()?;
    Ok(file.into_inner().into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, DataType, Reader};

    #[test]
    fn a_sparse_sheet_with_shared_formulas_keeps_every_value_at_its_real_cell() {
        // Apache POI's SharedFormulaTest.xls: 64 numbers and cached formula
        // results over rows 1–32,770 and columns A–DZ; xlrd reads them
        // summing to 320, at rows 0–7, 10, 11, 32768, 32769 (0-based).
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/public/SharedFormulaTest.xls");
        let bytes = std::fs::read(path).unwrap();
        let (compacted, ranks) = compact_file(&bytes, &Limits::default()).unwrap();
        let mut book: calamine::Xls<_> = calamine::open_workbook_from_rs(Cursor::new(compacted)).unwrap();
        let name = book.sheet_names()[0].clone();
        let (rows, cols) = &ranks[&name];
        assert_eq!(rows, &[0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 32768, 32769]);
        assert_eq!(cols, &[0, 1, 2, 3, 4, 5, 6, 7, 128, 129]);
        let range = book.worksheet_range(&name).unwrap();
        assert!(range.get_size().0 * range.get_size().1 <= 12 * 10);
        let (row0, col0) = range.start().unwrap();
        let real: Vec<(u32, u32, f64)> = range
            .used_cells()
            .filter(|(_, _, d)| !matches!(d, Data::Empty))
            .filter_map(|(r, c, d)| Some((rows[r + row0 as usize], cols[c + col0 as usize], d.as_f64()?)))
            .collect();
        assert_eq!(real.len(), 64);
        assert_eq!(real.iter().map(|c| c.2).sum::<f64>(), 320.0);
        assert!(real.contains(&(0, 128, 2.0)) && real.contains(&(32769, 7, 8.0)));
    }

    #[test]
    fn a_sheet_whose_used_rows_and_columns_still_exceed_the_limit_is_refused() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/public/SharedFormulaTest.xls");
        let bytes = std::fs::read(path).unwrap();
        let limits = Limits { max_cells: 100, ..Limits::default() };
        let refused = compact_file(&bytes, &limits).expect_err("12 rows × 10 columns > 100");
        assert_eq!(refused.detail, "120 cells even compacted > 100");
    }
}
