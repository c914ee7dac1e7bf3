//! A sparse ods read by the cells it holds. calamine expands every table of
//! an ods when it opens the file, over the rows from the first non-empty
//! one to the last and as wide as the widest, so a note typed a million
//! rows under the table asks for tens of millions of cells (`check_ods`
//! refuses that). Here content.xml is rewritten first: rows with nothing
//! in them are dropped and each run of empty cells keeps only the columns
//! some row of the table uses, so every cell moves to its row's and
//! column's rank; the ranks are kept to name each cell where it really is
//! (`Grid::real`), as for a compacted xls.

use std::io::{Cursor, Read, Write};

use quick_xml::events::{BytesStart, Event};

use super::bounded::{ods_cell_holds_something, ods_repeats, Refused, ODS_MAX_COLUMNS, ODS_MAX_ROWS};
use super::compact_xls::SheetRanks;
use crate::config::Limits;

/// Half-open runs of used positions, in order and apart.
#[derive(Default)]
struct Runs(Vec<(u64, u64)>);

impl Runs {
    /// Add `[start, end)`, which starts at or after every run so far.
    fn push(&mut self, start: u64, end: u64) {
        match self.0.last_mut() {
            Some(last) if last.1 >= start => last.1 = last.1.max(end),
            _ => self.0.push((start, end)),
        }
    }

    fn merged(mut runs: Vec<(u64, u64)>) -> Runs {
        runs.sort_unstable();
        let mut merged = Runs::default();
        for (start, end) in runs {
            merged.push(start, end);
        }
        merged
    }

    fn count(&self) -> u64 {
        self.0.iter().map(|(s, e)| e - s).sum()
    }

    /// How many used positions lie in `[start, end)`.
    fn within(&self, start: u64, end: u64) -> u64 {
        self.0.iter().map(|&(s, e)| e.min(end).saturating_sub(s.max(start))).sum()
    }

    fn positions(&self) -> Vec<u32> {
        self.0.iter().flat_map(|&(s, e)| (s..e).map(|p| p as u32)).collect()
    }
}

/// One table's used rows and columns, and which of its row elements hold
/// anything, in document order.
#[derive(Default)]
struct Table {
    name: String,
    rows: Runs,
    cols: Vec<(u64, u64)>,
    /// How many runs `cols` had when last merged.
    merged: usize,
    row_used: Vec<bool>,
}

fn is_cell(name: &str) -> bool {
    name == "table:table-cell" || name == "table:covered-table-cell"
}

/// The ods `bytes` with every table compacted, and each table's ranks;
/// refused if a table's used rows × columns exceed the limit.
pub fn compact_file(bytes: &[u8], limits: &Limits) -> Result<(Vec<u8>, SheetRanks), Refused> {
    let damaged = |e: zip::result::ZipError| Refused::damaged(e);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut content = Vec::new();
    let budget = limits.max_file_bytes.saturating_mul(20);
    archive
        .by_name("content.xml")
        .map_err(damaged)?
        .take(budget)
        .read_to_end(&mut content)
        .map_err(Refused::damaged)?;
    let tables = used(&content, limits)?;
    let rewritten = rewrite(&content, &tables).map_err(Refused::damaged)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(damaged)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(damaged)?.to_string();
        out.start_file(&name, options).map_err(damaged)?;
        if name == "content.xml" {
            out.write_all(&rewritten).map_err(Refused::damaged)?;
        } else {
            let mut part = Vec::new();
            entry.by_ref().take(budget).read_to_end(&mut part).map_err(Refused::damaged)?;
            out.write_all(&part).map_err(Refused::damaged)?;
        }
    }
    let ranks = tables.into_iter().map(|t| (t.name, (t.rows.positions(), Runs(t.cols).positions()))).collect();
    Ok((out.finish().map_err(damaged)?.into_inner(), ranks))
}

/// Pass 1: each table's used rows and columns.
fn used(content: &[u8], limits: &Limits) -> Result<Vec<Table>, Refused> {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut tables: Vec<Table> = Vec::new();
    let (mut row, mut row_repeats, mut column, mut row_holds) = (0u64, 1u64, 0u64, false);
    loop {
        let event = reader.read_event().map_err(Refused::damaged)?;
        let is_start = matches!(event, Event::Start(_));
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => match e.name().as_ref() {
                "table:table" => {
                    let name = e.try_get_attribute("table:name").ok().flatten();
                    let name = name.map(|a| a.value.into_owned()).unwrap_or_default();
                    tables.push(Table { name, ..Table::default() });
                    row = 0;
                }
                "table:table-row" => {
                    (row_repeats, column, row_holds) =
                        (ods_repeats(e, "table:number-rows-repeated").min(ODS_MAX_ROWS), 0, false);
                    if !is_start {
                        if let Some(table) = tables.last_mut() {
                            table.row_used.push(false);
                        }
                        row = (row + row_repeats).min(ODS_MAX_ROWS);
                    }
                }
                name if is_cell(name) => {
                    let count = ods_repeats(e, "table:number-columns-repeated");
                    let end = column.saturating_add(count).min(ODS_MAX_COLUMNS);
                    if ods_cell_holds_something(e, is_start) && end > column {
                        if let Some(table) = tables.last_mut() {
                            table.cols.push((column, end));
                        }
                        row_holds = true;
                    }
                    column = end;
                }
                _ => {}
            },
            Event::End(ref e) if e.name().as_ref() == "table:table-row" => {
                if let Some(table) = tables.last_mut() {
                    table.row_used.push(row_holds);
                    let end = (row + row_repeats).min(ODS_MAX_ROWS);
                    if row_holds {
                        table.rows.push(row, end);
                    }
                    // The columns' runs, unmerged, overcount: merged (now
                    // and then, so as not to sort on every row) they count
                    // exactly before a table is refused.
                    let over = |cols: &[(u64, u64)]| {
                        let upper: u64 = cols.iter().map(|(s, e)| e - s).sum();
                        table.rows.count().saturating_mul(upper) > limits.max_cells
                    };
                    if over(&table.cols) || table.cols.len() > 2 * table.merged + 64 {
                        table.cols = Runs::merged(std::mem::take(&mut table.cols)).0;
                        table.merged = table.cols.len();
                        if over(&table.cols) {
                            let cells = table.rows.count().saturating_mul(Runs(table.cols.clone()).count());
                            let detail = format!("{}: {cells} cells even compacted > {}", table.name, limits.max_cells);
                            return Err(Refused::too_large(detail));
                        }
                    }
                    row = end;
                }
            }
            Event::Eof => {
                // Merged, the runs count each used column once (`Runs::within`).
                for table in &mut tables {
                    table.cols = Runs::merged(std::mem::take(&mut table.cols)).0;
                }
                return Ok(tables);
            }
            _ => {}
        }
    }
}

/// Pass 2: content.xml without the empty rows, each empty run of cells
/// cut to the used columns it spans.
fn rewrite(content: &[u8], tables: &[Table]) -> Result<Vec<u8>, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(content.len()));
    let (mut table, mut row_element, mut column) = (usize::MAX, 0usize, 0u64);
    let mut cols = Runs::default();
    // The depth of an element being dropped, with everything in it.
    let mut dropping = 0usize;
    loop {
        let event = reader.read_event()?;
        if dropping > 0 {
            match event {
                Event::Start(_) => dropping += 1,
                Event::End(_) => dropping -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        let is_start = matches!(event, Event::Start(_));
        match event {
            Event::Start(ref e) | Event::Empty(ref e) if e.name().as_ref() == "table:table" => {
                table = table.wrapping_add(1);
                row_element = 0;
                cols = Runs(tables.get(table).map(|t| t.cols.clone()).unwrap_or_default());
            }
            Event::Start(ref e) | Event::Empty(ref e) if e.name().as_ref() == "table:table-row" => {
                let used = tables.get(table).and_then(|t| t.row_used.get(row_element)).copied().unwrap_or(true);
                row_element += 1;
                column = 0;
                if !used {
                    dropping = usize::from(is_start);
                    continue;
                }
            }
            Event::Start(ref e) | Event::Empty(ref e) if is_cell(e.name().as_ref()) => {
                let count = ods_repeats(e, "table:number-columns-repeated");
                let end = column.saturating_add(count).min(ODS_MAX_COLUMNS);
                let start = std::mem::replace(&mut column, end);
                if !ods_cell_holds_something(e, is_start) {
                    let kept = cols.within(start, end);
                    if kept == 0 {
                        dropping = usize::from(is_start);
                        continue;
                    }
                    let mut cell = BytesStart::new(e.name().as_ref().to_string());
                    let others = e.attributes().flatten().filter(|a| a.key.as_ref() != "table:number-columns-repeated");
                    cell.extend_attributes(others);
                    if kept > 1 {
                        cell.push_attribute(("table:number-columns-repeated", kept.to_string().as_str()));
                    }
                    writer.write_event(if is_start { Event::Start(cell) } else { Event::Empty(cell) })?;
                    continue;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        writer.write_event(event)?;
    }
    Ok(writer.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_rows_go_and_empty_runs_keep_only_the_columns_other_rows_use() {
        // Row 1: a value at D1 after three empty cells. Rows 2–1,000,000:
        // empty. Rows 1,000,001 and 1,000,002: a value at B; the first also
        // at N, after eleven empty cells. Used: rows 0, 1,000,000 and
        // 1,000,001; columns B, D and N (B by two rows, counted once).
        let value = |v: &str| format!(r#"<table:table-cell office:value-type="float" office:value="{v}"/>"#);
        let empty = |n: u32| format!(r#"<table:table-cell table:number-columns-repeated="{n}"/>"#);
        let content = format!(
            concat!(
                r#"<table:table table:name="S"><table:table-row>{}{}</table:table-row>"#,
                r#"<table:table-row table:number-rows-repeated="999999"><table:table-cell/></table:table-row>"#,
                r#"<table:table-row><table:table-cell/>{}{}{}</table:table-row>"#,
                r#"<table:table-row><table:table-cell/>{}</table:table-row></table:table>"#
            ),
            empty(3),
            value("1"),
            value("2"),
            empty(11),
            value("3"),
            value("4")
        );
        let tables = used(content.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(tables[0].rows.positions(), [0, 1_000_000, 1_000_001]);
        assert_eq!(Runs(tables[0].cols.clone()).positions(), [1, 3, 13]);
        let rewritten = String::from_utf8(rewrite(content.as_bytes(), &tables).unwrap()).unwrap();
        let rows: Vec<&str> = rewritten.split("<table:table-row>").skip(1).collect();
        // Row 1: of A–C only B is used elsewhere: one empty cell before D.
        assert!(rows[0].starts_with(&format!("<table:table-cell/>{}", value("1"))), "{rewritten}");
        assert!(!rewritten.contains("999999"), "{rewritten}");
        // Row 1,000,001: A is used nowhere; of E–M only nothing, so B, then
        // one empty cell for D, then N.
        assert!(rows[1].starts_with(&format!("{}<table:table-cell/>{}", value("2"), value("3"))), "{rewritten}");
        assert!(rows[2].starts_with(&value("4")), "{rewritten}");
    }
}
