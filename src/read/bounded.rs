//! Reading a sheet without trusting the file's own numbers. calamine
//! allocates what the file declares (a shared-string count, the box spanned
//! by the outermost cells), so a crafted xlsx of a few kilobytes could ask
//! for gigabytes. Here the zip's declared sizes are checked before opening,
//! and xlsx cells are streamed with a cap on their count and on the area
//! they span before any dense table is built.

use std::io::{Cursor, Read};

use calamine::{Cell, Data, Range, Xlsb, Xlsx};

use crate::config::Limits;
use crate::findings::Reason;

/// Why a file is not read, and, for a limit, what exceeded it.
#[derive(Debug)]
pub struct Refused {
    pub why: Why,
    pub detail: String,
}

/// A reason users are told in their words, or the parser's own.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    Known(Reason),
    Parser(String),
    /// Not a refusal: a package to mend and read again (the reason, for
    /// the log).
    Mend(String),
}

impl Refused {
    pub fn new(reason: Reason) -> Self {
        Refused { why: Why::Known(reason), detail: String::new() }
    }

    /// The parser's own words.
    pub fn parser(text: impl Into<String>) -> Self {
        Refused { why: Why::Parser(text.into()), detail: String::new() }
    }

    pub fn too_large(detail: impl Into<String>) -> Self {
        Refused { why: Why::Known(Reason::TooLarge), detail: detail.into() }
    }

    /// A broken structure; what exactly is broken helps only developers.
    pub fn damaged(detail: impl std::fmt::Display) -> Self {
        log::debug!("damaged file refused: {detail}");
        Refused::new(Reason::Damaged)
    }
}

/// Whether a zip package is an xlsb, by the content type of its workbook
/// part: the binary workbook's, and no XML workbook's (some writers declare
/// the binary type as a default for `.bin` in every package). A package
/// with an `xl/workbook.xml` is an xlsx without inflating anything.
fn is_xlsb(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> bool {
    if archive.index_for_name("xl/workbook.xml").is_some() {
        return false;
    }
    let Ok(entry) = archive.by_name("[Content_Types].xml") else { return false };
    let mut types = Vec::new();
    // The content types list is small; a crafted one is cut, not trusted.
    let _ = entry.take(1 << 20).read_to_end(&mut types);
    let declares = |part: &[u8]| types.windows(part.len()).any(|w| w == part);
    declares(XLSB_MAIN) && !declares(b"main+xml")
}

const XLSB_MAIN: &[u8] = b"application/vnd.ms-excel.sheet.binary.macroEnabled.main";

/// What `check_zip` learnt of a package on the way.
pub struct Package {
    /// Its workbook is an xlsb's (`is_xlsb`).
    pub binary: bool,
}

/// The most a package's parts may inflate to, together.
pub(super) fn max_inflated(limits: &Limits) -> u64 {
    limits.max_file_bytes.saturating_mul(20)
}

/// What a package's parts say they inflate to, together.
pub(super) fn declared_inflated(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> u64 {
    (0..archive.len()).filter_map(|index| archive.by_index_raw(index).ok().map(|entry| entry.size())).sum()
}

/// Refuse an xlsx or ods whose parts would inflate past the limits; the
/// package is opened once, for these checks and for telling an xlsb.
pub fn check_zip(bytes: &[u8], limits: &Limits) -> Result<Package, Refused> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Not a readable zip: the workbook reader says why.
        return Ok(Package { binary: false });
    };
    let max_inflated = max_inflated(limits);
    let total = declared_inflated(&mut archive);
    if total > max_inflated {
        return Err(Refused::too_large(format!("{total} bytes inflated > {max_inflated}")));
    }
    // calamine reserves the shared-string table's declared count up front.
    // A count past the limit is not believed: the strings are counted, and
    // a table that really is that large is refused; otherwise the package
    // is mended to its true count (`repair`) and read.
    if let Ok(mut entry) = archive.by_name("xl/sharedStrings.xml") {
        // The head, in as few reads as the inflater gives it (read_to_end's
        // growing probes cost more than the inflating, file after file).
        let mut head = vec![0; 2048];
        let mut filled = 0;
        while let Ok(n @ 1..) = entry.read(&mut head[filled..]) {
            filled += n;
        }
        head.truncate(filled);
        let declared = declared_string_counts(&head);
        if declared.iter().any(|&n| n > limits.max_cells) {
            let mut rest = Vec::new();
            let _ = entry.take(max_inflated).read_to_end(&mut rest);
            head.extend(rest);
            let actual = count_shared_strings(&head);
            if actual > limits.max_cells {
                return Err(Refused::too_large(format!("{actual} shared strings > {}", limits.max_cells)));
            }
            return Err(Refused { why: Why::Mend("a shared-string count that lies".into()), detail: String::new() });
        }
    }
    Ok(Package { binary: is_xlsb(&mut archive) })
}

/// The counts a shared-string table's head declares (`count`,
/// `uniqueCount`); a number too long to parse counts as endless.
fn declared_string_counts(head: &[u8]) -> Vec<u64> {
    [&b"uniqueCount=\""[..], &b" count=\""[..]]
        .iter()
        .filter_map(|attribute| {
            let start = head.windows(attribute.len()).position(|w| w == *attribute)? + attribute.len();
            let digits = head[start..].iter().take_while(|b| b.is_ascii_digit()).count();
            Some(std::str::from_utf8(&head[start..start + digits]).ok()?.parse::<u64>().unwrap_or(u64::MAX))
        })
        .collect()
}

/// How many strings (`<si>` elements, with or without a namespace prefix)
/// a shared-string table really holds.
pub fn count_shared_strings(xml: &[u8]) -> u64 {
    let opens = |tag: &[u8]| xml.windows(tag.len()).filter(|w| *w == tag).count() as u64;
    opens(b"<si>") + opens(b"<si ") + opens(b":si>") + opens(b":si ")
}

/// A sheet's cells as a dense table. Where the cells present are few but
/// spread far (a note typed in XFD1048576), empty rows and columns are left
/// out: `rows` and `cols` then give each table row's and column's real
/// position.
pub struct Grid {
    pub values: Range<Data>,
    /// For xlsx, the formulas of cells without a value.
    pub formulas: Option<Range<String>>,
    pub rows: Option<Vec<u32>>,
    pub cols: Option<Vec<u32>>,
}

impl Grid {
    pub fn dense(values: Range<Data>, formulas: Option<Range<String>>) -> Grid {
        Grid { values, formulas, rows: None, cols: None }
    }

    /// The real position of a cell of `values`.
    pub fn real(&self, row: u32, col: u32) -> (u32, u32) {
        // Past the ranks (a cell the parser holds that the compaction did
        // not count), the positions carry on after the last one.
        let pick = |map: &Option<Vec<u32>>, index: u32| match map.as_deref() {
            None => index,
            Some(ranks) => ranks.get(index as usize).copied().unwrap_or_else(|| {
                let last = ranks.last().copied().unwrap_or(0);
                last.saturating_add(index + 1 - ranks.len() as u32)
            }),
        };
        (pick(&self.rows, row), pick(&self.cols, col))
    }
}

/// One xlsx sheet's values and, for cells without a value, their formulas,
/// streamed with a cap on their count: memory is bounded by the cells
/// present, never by the area they span.
pub fn xlsx_sheet(book: &mut Xlsx<Cursor<&[u8]>>, name: &str, limits: &Limits) -> Result<Grid, SheetError> {
    let mut reader = book.worksheet_cells_reader(name).map_err(SheetError::from)?;
    let mut cells = CappedCells::new(name, limits);
    while let Some(cell) = reader.next_cell_with_formula().map_err(SheetError::from)? {
        let value = match cell.value {
            // Never copied whole into every cell that names it.
            calamine::DataRef::SharedString(text) if text.len() > MAX_CELL_TEXT => Data::String(cut(text)),
            other => Data::from(other),
        };
        let formula = cell.formula.filter(|f| !f.is_empty() && value == Data::Empty);
        cells.push(cell.pos, value, formula)?;
    }
    cells.into_grid()
}

/// Text a cell keeps: far more than any label, figure or note needs. A
/// crafted file names one huge shared string from thousands of cells.
pub(super) const MAX_CELL_TEXT: usize = 1024;

/// `text` cut to `MAX_CELL_TEXT` bytes, at a character's boundary.
pub(super) fn cut(text: &str) -> String {
    let end = (0..=MAX_CELL_TEXT).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    format!("{}…", &text[..end])
}

/// One xlsb sheet's values, streamed like an xlsx sheet's: calamine's own
/// `worksheet_range` reserves the area the sheet declares.
pub fn xlsb_sheet(book: &mut Xlsb<Cursor<&[u8]>>, name: &str, limits: &Limits) -> Result<Grid, SheetError> {
    let parser = |e: calamine::XlsbError| SheetError::Parser(e.to_string());
    let mut reader = book.worksheet_cells_reader(name).map_err(parser)?;
    let mut cells = CappedCells::new(name, limits);
    while let Some(cell) = reader.next_cell().map_err(parser)? {
        let position = cell.get_position();
        cells.push(position, Data::from(cell.get_value().clone()), None)?;
    }
    let mut grid = cells.into_grid()?;
    // Formulas are asked of calamine only where a value is blank, and only
    // for a grid in the sheet's own coordinates (not compacted).
    if grid.rows.is_none() {
        grid.formulas = None;
    }
    Ok(grid)
}

/// A sheet's cells as they stream in, refused past `max_cells`, or past
/// twice the file size limit in text: many cells naming one huge shared
/// string would otherwise each hold a copy of it.
pub(super) struct CappedCells<'a> {
    name: &'a str,
    limits: &'a Limits,
    values: Vec<Cell<Data>>,
    formulas: Vec<Cell<String>>,
    text_bytes: u64,
}

impl<'a> CappedCells<'a> {
    pub(super) fn new(name: &'a str, limits: &'a Limits) -> Self {
        CappedCells { name, limits, values: Vec::new(), formulas: Vec::new(), text_bytes: 0 }
    }

    pub(super) fn push(
        &mut self,
        position: (u32, u32),
        value: Data,
        formula: Option<String>,
    ) -> Result<(), SheetError> {
        if value == Data::Empty && formula.is_none() {
            return Ok(());
        }
        if (self.values.len() + self.formulas.len()) as u64 >= self.limits.max_cells {
            let detail = format!("{}: more than {} cells", self.name, self.limits.max_cells);
            return Err(SheetError::Refused(Refused::too_large(detail)));
        }
        let value = match value {
            Data::String(text) if text.len() > MAX_CELL_TEXT => Data::String(cut(&text)),
            other => other,
        };
        if let Data::String(text) = &value {
            self.text_bytes += text.len() as u64;
            let budget = self.limits.max_file_bytes.saturating_mul(2);
            if self.text_bytes > budget {
                let detail = format!("{}: more than {budget} bytes of text", self.name);
                return Err(SheetError::Refused(Refused::too_large(detail)));
            }
        }
        match formula {
            Some(formula) => self.formulas.push(Cell::new(position, formula)),
            None => self.values.push(Cell::new(position, value)),
        }
        Ok(())
    }

    /// The cells as a dense grid; where they are few but spread far, with
    /// the empty rows and columns left out.
    pub(super) fn into_grid(self) -> Result<Grid, SheetError> {
        let CappedCells { name, limits, values, formulas, .. } = self;
        let positions = || values.iter().map(|c| c.get_position()).chain(formulas.iter().map(|c| c.get_position()));
        let (rows, cols) = positions().fold(((u32::MAX, 0), (u32::MAX, 0)), |(r, c), (row, col)| {
            ((r.0.min(row), r.1.max(row)), (c.0.min(col), c.1.max(col)))
        });
        let area = if rows.0 > rows.1 { 0 } else { u64::from(rows.1 - rows.0 + 1) * u64::from(cols.1 - cols.0 + 1) };
        if area <= limits.max_cells {
            return Ok(Grid::dense(Range::from_sparse(values), Some(Range::from_sparse(formulas))));
        }
        let mut used_rows: Vec<u32> = positions().map(|(r, _)| r).collect();
        let mut used_cols: Vec<u32> = positions().map(|(_, c)| c).collect();
        for used in [&mut used_rows, &mut used_cols] {
            used.sort_unstable();
            used.dedup();
        }
        let compact_area = used_rows.len() as u64 * used_cols.len() as u64;
        if compact_area > limits.max_cells {
            return Err(SheetError::Refused(Refused::too_large(format!(
                "{name}: cells spread over {area} positions > {}",
                limits.max_cells
            ))));
        }
        let index = |used: &[u32], at: u32| used.binary_search(&at).expect("a used position") as u32;
        let compact = |(row, col): (u32, u32)| (index(&used_rows, row), index(&used_cols, col));
        let values: Vec<Cell<Data>> =
            values.into_iter().map(|c| Cell::new(compact(c.get_position()), c.get_value().clone())).collect();
        let formulas: Vec<Cell<String>> =
            formulas.into_iter().map(|c| Cell::new(compact(c.get_position()), c.get_value().clone())).collect();
        log::info!("{name}: cells spread over {area} positions, read as {compact_area}");
        Ok(Grid {
            values: Range::from_sparse(values),
            formulas: Some(Range::from_sparse(formulas)),
            rows: Some(used_rows),
            cols: Some(used_cols),
        })
    }
}

/// Why a sheet could not be read: a limit, or the parser's words.
#[derive(Debug)]
pub enum SheetError {
    Refused(Refused),
    /// A cell error value calamine does not know (Excel 365's #SPILL! …):
    /// the package can be repaired and read again.
    UnknownErrorValue(String),
    Parser(String),
}

impl From<calamine::XlsxError> for SheetError {
    fn from(error: calamine::XlsxError) -> Self {
        match error {
            calamine::XlsxError::CellError(value) => SheetError::UnknownErrorValue(value),
            other => SheetError::Parser(other.to_string()),
        }
    }
}

/// Sector ids at or above this are markers (end of chain, free, FAT…).
const MAX_REGULAR_SECTOR: u32 = 0xFFFF_FFFA;

/// Refuse an xls (OLE compound file) that calamine cannot be trusted with.
/// calamine follows each sector chain to its end marker and builds a dense
/// table spanning the outermost cells, so a looping chain or a cell at row
/// 65,535 and column 65,535 makes it allocate without bound (both found by
/// fuzzing). No well-kept crate checks either, so the FAT and mini FAT are
/// read here and checked for cycles, then the Workbook stream's cell
/// records for the area they span.
pub fn check_cfb(bytes: &[u8], limits: &Limits) -> Result<(), Refused> {
    let file = CompoundFile::parse(bytes).map_err(Refused::damaged)?;
    let stream = file.workbook_stream().map_err(Refused::damaged)?;
    // An encrypted workbook's cell records are ciphertext: say why it cannot
    // be read before judging what they seem to span.
    if has_filepass(&stream) {
        return Err(Refused::new(Reason::EncryptedUnsupported));
    }
    let area = biff_cell_area(&stream);
    if area > limits.max_cells {
        // A sparse sheet is read compacted (`compact_xls`), if it is few cells.
        return Err(Refused { why: Why::Mend(format!("cells spread over {area} positions")), detail: String::new() });
    }
    Ok(())
}

pub(crate) struct CompoundFile<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
}

pub(crate) fn le32(data: &[u8], offset: usize) -> Option<u32> {
    data.get(offset..offset + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

pub(super) fn le16(data: &[u8], offset: usize) -> Option<u16> {
    data.get(offset..offset + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

impl<'a> CompoundFile<'a> {
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Self, String> {
        let shift = le16(bytes, 0x1E).ok_or("no header")?;
        if !(7..=16).contains(&shift) {
            return Err(format!("sector shift {shift}"));
        }
        let mut file = CompoundFile { bytes, sector_size: 1 << shift, fat: Vec::new(), mini_fat: Vec::new() };
        let sector_count = bytes.len().div_ceil(file.sector_size);
        // The DIFAT: 109 FAT sector ids in the header, the rest in a chain
        // of DIFAT sectors, each ending with the id of the next.
        let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| le32(bytes, 0x4C + 4 * i)).collect();
        let mut difat = le32(bytes, 0x44).ok_or("no header")?;
        let mut hops = 0;
        while difat <= MAX_REGULAR_SECTOR {
            hops += 1;
            if hops > sector_count {
                return Err("DIFAT chain loops".into());
            }
            let data = file.sector(difat).ok_or("DIFAT sector outside the file")?;
            let ids: Vec<u32> = (0..file.sector_size / 4).filter_map(|i| le32(data, 4 * i)).collect();
            let (next, listed) = ids.split_last().ok_or("empty DIFAT sector")?;
            fat_sectors.extend(listed);
            difat = *next;
        }
        for id in fat_sectors.into_iter().filter(|&id| id <= MAX_REGULAR_SECTOR) {
            let data = file.sector(id).ok_or("FAT sector outside the file")?;
            file.fat.extend((0..file.sector_size / 4).filter_map(|i| le32(data, 4 * i)));
        }
        file.fat.truncate(sector_count.max(1));
        acyclic(&file.fat).map_err(|at| format!("FAT chain loops at sector {at}"))?;
        // The mini FAT lives in a regular chain, now known to end.
        let mini_fat = file.chain(le32(bytes, 0x3C).ok_or("no header")?, usize::MAX);
        file.mini_fat = (0..mini_fat.len() / 4).filter_map(|i| le32(&mini_fat, 4 * i)).collect();
        acyclic(&file.mini_fat).map_err(|at| format!("mini FAT chain loops at sector {at}"))?;
        Ok(file)
    }

    /// A sector's bytes; the last may be cut short (some writers, Apache
    /// POI among them, do not pad the file to a whole sector).
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize + 1).checked_mul(self.sector_size)?;
        (start < self.bytes.len()).then(|| &self.bytes[start..(start + self.sector_size).min(self.bytes.len())])
    }

    /// The bytes of a regular chain, at most `limit` of them.
    fn chain(&self, mut id: u32, limit: usize) -> Vec<u8> {
        let mut data = Vec::new();
        while id <= MAX_REGULAR_SECTOR && data.len() < limit {
            let Some(sector) = self.sector(id) else { break };
            data.extend_from_slice(sector);
            id = self.fat.get(id as usize).copied().unwrap_or(u32::MAX);
        }
        data.truncate(limit);
        data
    }

    /// The workbook's BIFF stream ("Workbook", or "Book" in older files).
    pub(super) fn workbook_stream(&self) -> Result<Vec<u8>, String> {
        // Not a workbook without one: calamine will say so.
        Ok(self.stream(&["Workbook", "Book"], usize::MAX)?.unwrap_or_default())
    }

    /// The first of the streams named that the file has, at most `limit`
    /// bytes of it.
    pub(crate) fn stream(&self, names: &[&str], limit: usize) -> Result<Option<Vec<u8>>, String> {
        let directory = self.chain(le32(self.bytes, 0x30).ok_or("no header")?, usize::MAX);
        let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
        let root = entries.first().ok_or("no directory")?;
        // The stream calamine will read, found as calamine finds it: the
        // name up to its first NUL whatever its length field says, in any
        // case, the names in the order given; a mini stream below 4,096
        // bytes whatever the header's cutoff says (a crafted file lies in
        // both).
        let name_of = |entry: &[u8]| {
            let units: Vec<u16> = (0..32).map_while(|i| le16(entry, 2 * i).filter(|&u| u != 0)).collect();
            String::from_utf16_lossy(&units)
        };
        let named = |name: &&str| entries.iter().find(|e| name_of(e).eq_ignore_ascii_case(name));
        let Some(entry) = names.iter().find_map(named) else {
            return Ok(None);
        };
        let start = le32(entry, 0x74).unwrap_or(u32::MAX);
        let size = le32(entry, 0x78).unwrap_or(0) as usize;
        if size >= 4096 {
            return Ok(Some(self.chain(start, size.min(limit))));
        }
        // Small streams live in 64-byte mini sectors inside the root's chain.
        let mini_stream = self.chain(le32(root, 0x74).unwrap_or(u32::MAX), usize::MAX);
        let mut data = Vec::new();
        let mut id = start;
        while id <= MAX_REGULAR_SECTOR && data.len() < size.min(limit) {
            let offset = id as usize * 64;
            let Some(mini) = mini_stream.get(offset..offset + 64) else { break };
            data.extend_from_slice(mini);
            id = self.mini_fat.get(id as usize).copied().unwrap_or(u32::MAX);
        }
        data.truncate(size.min(limit));
        Ok(Some(data))
    }
}

/// Whether the workbook globals carry a FILEPASS record: RC4 encryption or
/// XOR obfuscation with a password.
fn has_filepass(stream: &[u8]) -> bool {
    const FILEPASS: u16 = 0x002F;
    const EOF: u16 = 0x000A;
    let mut offset = 0;
    while let (Some(kind), Some(length)) = (le16(stream, offset), le16(stream, offset + 2)) {
        match kind {
            FILEPASS => return true,
            EOF => return false,
            _ => offset += 4 + length as usize,
        }
    }
    false
}

/// Whether an OpenDocument package is encrypted (its manifest says how).
pub fn is_encrypted_ods(bytes: &[u8]) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return false };
    let Ok(entry) = archive.by_name("META-INF/manifest.xml") else { return false };
    let mut manifest = String::new();
    entry.take(1 << 20).read_to_string(&mut manifest).is_ok() && manifest.contains("encryption-data")
}

/// The largest area (rows × columns) any sheet's cell records span, or its
/// DIMENSIONS record declares, as calamine will allocate it.
pub(super) fn biff_cell_area(stream: &[u8]) -> u64 {
    const BOF: u16 = 0x0809;
    const DIMENSIONS: u16 = 0x0200;
    let mut largest = 0u64;
    let mut bounds: Option<(u16, u16, u16, u16)> = None;
    let area = |b: Option<(u16, u16, u16, u16)>| {
        b.map_or(0, |(r0, r1, c0, c1)| (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1))
    };
    let mut offset = 0;
    while let (Some(kind), Some(length)) = (le16(stream, offset), le16(stream, offset + 2)) {
        let body = stream.get(offset + 4..offset + 4 + length as usize).unwrap_or(&[]);
        let mut cover = |row: u16, first: u16, last: u16| {
            let (r0, r1, c0, c1) = bounds.unwrap_or((row, row, first, last));
            bounds = Some((r0.min(row), r1.max(row), c0.min(first), c1.max(last.max(first))));
        };
        if kind == BOF {
            largest = largest.max(area(bounds));
            bounds = None;
        } else if kind == DIMENSIONS {
            // calamine reserves (last − first + 1) rows × columns, wrapping.
            let (rows_declared, col_offset) = match body.len() {
                10 => (le16(body, 0).map(u32::from).zip(le16(body, 2).map(u32::from)), 4),
                14 | 16 => (le32(body, 0).zip(le32(body, 4)), 8),
                _ => (None, 0),
            };
            let columns = le16(body, col_offset).zip(le16(body, col_offset + 2));
            if let (Some((first_row, last_row)), Some((first_col, last_col))) = (rows_declared, columns) {
                let rows = u64::from(last_row.wrapping_sub(first_row).wrapping_add(1));
                let first_col = if first_col > 0xFF { 0 } else { first_col };
                let cols = u64::from(u32::from(last_col).wrapping_sub(u32::from(first_col)).wrapping_add(1));
                largest = largest.max(rows.saturating_mul(cols));
            }
        } else if let Some((row, first, last)) = cell_records(kind, body) {
            cover(row, first, last);
        }
        offset += 4 + length as usize;
    }
    largest.max(area(bounds))
}

/// A cell record's row and first and last column: FORMULA, RSTRING,
/// LABELSST, BLANK, NUMBER, LABEL, BOOLERR and RK hold one cell, MULRK and
/// MULBLANK a run along a row.
pub(super) fn cell_records(kind: u16, body: &[u8]) -> Option<(u16, u16, u16)> {
    const SINGLE_CELLS: [u16; 8] = [0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E];
    const MULTIPLE_CELLS: [u16; 2] = [0x00BD, 0x00BE];
    if SINGLE_CELLS.contains(&kind) {
        let (row, col) = (le16(body, 0)?, le16(body, 2)?);
        Some((row, col, col))
    } else if MULTIPLE_CELLS.contains(&kind) && body.len() >= 6 {
        let (row, first, last) = (le16(body, 0)?, le16(body, 2)?, le16(body, body.len() - 2)?);
        // calamine takes a run that ends before it starts as one cell.
        Some((row, first, last.max(first)))
    } else {
        None
    }
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

/// The cells calamine will hold for an ods, worked out from content.xml
/// before calamine opens it: calamine reads every sheet when it opens the
/// file, repeating each row and cell as many times as the file says, so an
/// 822-byte file that repeats one row 90 million times asks for gigabytes.
/// For each table: every row element's cells up to its last non-empty one
/// (as calamine keeps them), and the box from the first to the last
/// non-empty row, repeats included, as wide as the widest row (as calamine
/// expands it). A cell counts as non-empty as `ods_cell_holds_something`
/// says. A table past the limit is compacted before it is read
/// (`compact_ods`), not refused here.
pub fn check_ods(bytes: &[u8], limits: &Limits) -> Result<(), Refused> {
    use quick_xml::events::Event;
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let Ok(entry) = archive.by_name("content.xml") else { return Ok(()) };
    // The inflated size was checked with the package (`check_zip`).
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(entry));
    let mut buf = Vec::new();
    let mut table = OdsTable::default();
    let mut row_repeats: u64 = 1;
    let mut row_width: u64 = 0;
    let mut column: u64 = 0;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            // A broken document: calamine will say what is wrong with it.
            Err(_) => return Ok(()),
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => match e.name().as_ref() {
                "table:table" => {
                    table = OdsTable {
                        name: e
                            .try_get_attribute("table:name")
                            .ok()
                            .flatten()
                            .map(|a| a.value.into_owned())
                            .unwrap_or_default(),
                        ..OdsTable::default()
                    };
                }
                "table:table-row" => {
                    row_repeats = ods_repeats(e, "table:number-rows-repeated").min(ODS_MAX_ROWS);
                    row_width = 0;
                    column = 0;
                    if matches!(event, Event::Empty(_)) {
                        table.row(row_repeats, 0);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let count = ods_repeats(e, "table:number-columns-repeated");
                    column = column.saturating_add(count).min(ODS_MAX_COLUMNS);
                    if ods_cell_holds_something(e, matches!(event, Event::Start(_))) {
                        row_width = column;
                    }
                }
                _ => {}
            },
            Event::End(ref e) => {
                if e.name().as_ref() == "table:table-row" {
                    table.row(row_repeats, row_width);
                }
                if table.cells() > limits.max_cells {
                    // Read compacted (`compact_ods`) if its cells are few.
                    let why = format!("{}: {} cells > {}", table.name, table.cells(), limits.max_cells);
                    return Err(Refused { why: Why::Mend(why), detail: String::new() });
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// calamine's caps on an ods sheet's rows and columns.
pub(super) const ODS_MAX_ROWS: u64 = 1_048_576;
pub(super) const ODS_MAX_COLUMNS: u64 = 16_384;

/// An ods row's or cell's repeat count (`key`), 1 if it has none.
pub(super) fn ods_repeats(e: &quick_xml::events::BytesStart, key: &str) -> u64 {
    e.try_get_attribute(key).ok().flatten().and_then(|a| a.value.parse().ok()).unwrap_or(1)
}

/// An ods cell holds something when it has a value type, a formula or
/// content (`is_start`): an overestimate of what calamine keeps, never an
/// underestimate.
pub(super) fn ods_cell_holds_something(e: &quick_xml::events::BytesStart, is_start: bool) -> bool {
    is_start
        || e.try_get_attribute("office:value-type").ok().flatten().is_some()
        || e.try_get_attribute("table:formula").ok().flatten().is_some()
}

/// What calamine will hold of one ods table, so far.
#[derive(Default)]
struct OdsTable {
    name: String,
    /// Cells of the row elements as read, before repeats.
    stored: u64,
    /// Rows from the first non-empty row to the last, repeats included, and
    /// the rows after the last non-empty one so far.
    spanned_rows: u64,
    trailing_rows: u64,
    widest: u64,
}

impl OdsTable {
    fn row(&mut self, repeats: u64, width: u64) {
        self.stored = self.stored.saturating_add(width);
        if width == 0 {
            if self.spanned_rows > 0 {
                self.trailing_rows = self.trailing_rows.saturating_add(repeats);
            }
            return;
        }
        self.spanned_rows = self.spanned_rows.saturating_add(self.trailing_rows).saturating_add(repeats);
        self.trailing_rows = 0;
        self.widest = self.widest.max(width);
    }

    fn cells(&self) -> u64 {
        self.stored.max(self.spanned_rows.saturating_mul(self.widest))
    }
}
