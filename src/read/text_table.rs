//! CSV and tab-separated text as a one-sheet workbook: decoded from UTF-8
//! (with or without its BOM) or, where it is not UTF-8, from CP932 (what
//! Excel on Japanese Windows writes), split by the delimiter its lines
//! share, numbers made numbers. The layouts then read it as any sheet.

use calamine::{Data, Range};

/// The delimiters tried, most likely first.
const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];

/// The text, decoded.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let units: Vec<u16> = rest.chunks_exact(2).map(|pair| u16::from_le_bytes([pair[0], pair[1]])).collect();
        return String::from_utf16_lossy(&units);
    }
    encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes).0.into_owned()
}

/// The delimiter the first lines share most steadily, if any does.
fn delimiter(text: &str) -> Option<u8> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    DELIMITERS.into_iter().max_by_key(|&d| lines.iter().filter(|l| l.as_bytes().contains(&d)).count()).filter(|&d| {
        let with = lines.iter().filter(|l| l.as_bytes().contains(&d)).count();
        with >= 2 && with * 2 >= lines.len()
    })
}

/// Whether a .txt file is a table (most of its lines split by one
/// delimiter) rather than a note.
pub fn is_delimited(bytes: &[u8]) -> bool {
    !bytes[..bytes.len().min(4096)].contains(&0) && delimiter(&decode(&bytes[..bytes.len().min(64 * 1024)])).is_some()
}

/// The text's cells, as a sheet from A1; at most `max_cells` of them.
pub fn grid(bytes: &[u8], max_cells: u64) -> Result<Range<Data>, String> {
    let text = decode(bytes);
    let delimiter = delimiter(&text).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows: Vec<Vec<Data>> = Vec::new();
    let mut cells = 0u64;
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        cells += record.len() as u64;
        if cells > max_cells {
            return Err(format!("more than {max_cells} cells"));
        }
        rows.push(record.iter().map(cell).collect());
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if rows.is_empty() || width == 0 {
        return Ok(Range::empty());
    }
    let mut range = Range::new((0, 0), (rows.len() as u32 - 1, width as u32 - 1));
    for (r, row) in rows.into_iter().enumerate() {
        for (c, data) in row.into_iter().enumerate().filter(|(_, d)| *d != Data::Empty) {
            range.set_value((r as u32, c as u32), data);
        }
    }
    Ok(range)
}

/// A field as a spreadsheet would hold it: a number where it is one
/// (「1,234」 and full-width digits too), else text.
fn cell(field: &str) -> Data {
    let field = field.trim();
    if field.is_empty() {
        return Data::Empty;
    }
    let plain: String = field
        .chars()
        .filter(|&c| c != ',')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            '．' => '.',
            other => other,
        })
        .collect();
    match plain.parse::<f64>() {
        Ok(number) if number.is_finite() && !plain.starts_with('+') => Data::Float(number),
        _ => Data::String(field.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp932_csv_from_japanese_excel_reads_as_a_sheet() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("支所名,久米\r\n項目,4月,5月\r\n巡回件数,\"1,234\",５\r\n");
        let range = grid(&bytes, 100).unwrap();
        assert_eq!(range.get_value((0, 1)), Some(&Data::String("久米".into())));
        assert_eq!(range.get_value((2, 1)), Some(&Data::Float(1234.0)));
        assert_eq!(range.get_value((2, 2)), Some(&Data::Float(5.0)));
    }

    #[test]
    fn utf8_with_its_bom_and_tabs() {
        let range = grid("\u{feff}項目\t4月\n巡回件数\t3\n".as_bytes(), 100).unwrap();
        assert_eq!(range.get_value((0, 0)), Some(&Data::String("項目".into())));
        assert_eq!(range.get_value((1, 1)), Some(&Data::Float(3.0)));
        assert!(grid("a,b\n1,2\n".as_bytes(), 3).is_err());
    }
}
