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

/// Sector ids at or above this are markers (end of chain, free, FAT…).
const MAX_REGULAR_SECTOR: u32 = 0xFFFF_FFFA;

/// Refuse an xls (OLE compound file) whose sector chains loop: calamine
/// follows a chain until its end marker, so a cycle in the FAT or the mini
/// FAT makes it allocate without bound (found by fuzzing). No well-kept
/// crate checks for cycles, so the FAT is read here: the header, the DIFAT,
/// then every chain followed with a visited mark.
pub fn check_cfb(bytes: &[u8]) -> Result<(), String> {
    let u16_at = |offset: usize| bytes.get(offset..offset + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |offset: usize| bytes.get(offset..offset + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let shift = u16_at(0x1E).ok_or("no header")?;
    if !(7..=16).contains(&shift) {
        return Err(format!("sector shift {shift}"));
    }
    let sector_size = 1usize << shift;
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize + 1).checked_mul(sector_size)?;
        bytes.get(start..start + sector_size)
    };
    let sector_count = bytes.len() / sector_size;
    // The DIFAT: 109 FAT sector ids in the header, the rest in a chain of
    // DIFAT sectors, each ending with the id of the next.
    let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(0x4C + 4 * i)).collect();
    let mut difat = u32_at(0x44).ok_or("no header")?;
    let mut hops = 0;
    while difat <= MAX_REGULAR_SECTOR {
        hops += 1;
        if hops > sector_count {
            return Err("DIFAT chain loops".into());
        }
        let data = sector(difat).ok_or("DIFAT sector outside the file")?;
        let mut ids = data.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let count = sector_size / 4 - 1;
        fat_sectors.extend(ids.clone().take(count));
        difat = ids.next_back().unwrap_or(u32::MAX);
    }
    let mut fat: Vec<u32> = Vec::new();
    for id in fat_sectors.into_iter().filter(|&id| id <= MAX_REGULAR_SECTOR) {
        let data = sector(id).ok_or("FAT sector outside the file")?;
        fat.extend(data.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
    }
    fat.truncate(sector_count.max(1));
    acyclic(&fat).map_err(|at| format!("FAT chain loops at sector {at}"))?;
    // The mini FAT lives in a regular chain, now known to end.
    let mut mini_fat: Vec<u32> = Vec::new();
    let mut id = u32_at(0x3C).ok_or("no header")?;
    while id <= MAX_REGULAR_SECTOR && (id as usize) < fat.len() {
        let data = sector(id).ok_or("mini FAT sector outside the file")?;
        mini_fat.extend(data.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
        id = fat[id as usize];
    }
    acyclic(&mini_fat).map_err(|at| format!("mini FAT chain loops at sector {at}"))
}

/// Whether following `next` from any entry always ends; else where it loops.
fn acyclic(next: &[u32]) -> Result<(), usize> {
    // 0 unvisited, 1 on the current path, 2 known to end.
    let mut state = vec![0u8; next.len()];
    for start in 0..next.len() {
        let mut path = Vec::new();
        let mut at = start;
        while at < next.len() && state[at] == 0 {
            state[at] = 1;
            path.push(at);
            let to = next[at];
            if to > MAX_REGULAR_SECTOR {
                break;
            }
            at = to as usize;
        }
        if at < next.len() && state[at] == 1 && next[*path.last().unwrap_or(&at)] <= MAX_REGULAR_SECTOR {
            return Err(at);
        }
        for visited in path {
            state[visited] = 2;
        }
    }
    Ok(())
}
