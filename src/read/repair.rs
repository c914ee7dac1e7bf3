//! Mending an xlsx or xlsb package that calamine refuses whole for one odd
//! part, so that the rest of the workbook is read: an Excel 4 macro sheet
//! (calamine stops at an unknown sheet type) and, in xlsx, Excel 365 error
//! values such as #SPILL! (calamine refuses the sheet) and a shared-string
//! count that lies (calamine reserves it). Only files that
//! fail are mended; the rest are read as they are.

use std::io::{Cursor, Read, Write};

use super::bounded::Refused;
use crate::config::Limits;

/// Error values calamine knows; any other `t="e"` value is rewritten as
/// text, which the reader takes back as an error value (C003).
const KNOWN_ERRORS: &[&str] = &["#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"];

const MACRO_SHEET_TYPES: &[&str] = &[
    "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
    "http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet",
];
const DIALOG_SHEET_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet";

/// The package with macro sheets declared as dialog sheets (which matome
/// skips, as it skips chart sheets) and unknown error values stored as
/// text. An xlsb's reader knows a sheet's type by the folder its part is
/// in, so there the macro sheet is reached through the dialog sheets'
/// folder. The parts are stored uncompressed: the result is read at once.
pub fn mend_xlsx(bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, Refused> {
    let damaged = |e: zip::result::ZipError| Refused::damaged(e);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let budget = limits.max_file_bytes.saturating_mul(4);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored).large_file(false);
    let mut written: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(damaged)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(damaged)?.to_string();
        let mut content = Vec::new();
        entry.by_ref().take(budget.saturating_sub(written) + 1).read_to_end(&mut content).map_err(Refused::damaged)?;
        written += content.len() as u64;
        if written > budget {
            return Err(Refused::too_large(format!("{written} bytes to mend > {budget}")));
        }
        if name == "xl/_rels/workbook.xml.rels" {
            let mut text = String::from_utf8_lossy(&content).into_owned();
            for macro_type in MACRO_SHEET_TYPES {
                text = text.replace(macro_type, DIALOG_SHEET_TYPE);
            }
            content = text.into_bytes();
        } else if name == "xl/_rels/workbook.bin.rels" {
            let text = String::from_utf8_lossy(&content);
            content = text.replace("Target=\"macrosheets/", "Target=\"dialogsheets/../macrosheets/").into_bytes();
        } else if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            content = error_values_as_text(&content);
        } else if name == "xl/sharedStrings.xml" {
            content = true_string_count(&content);
        }
        out.start_file(name, options).map_err(damaged)?;
        out.write_all(&content).map_err(Refused::damaged)?;
    }
    Ok(out.finish().map_err(damaged)?.into_inner())
}

/// The shared-string table with its `count` and `uniqueCount` set to the
/// strings it holds, so that no parser reserves what a lying count claims.
fn true_string_count(xml: &[u8]) -> Vec<u8> {
    use std::sync::OnceLock;
    static COUNT: OnceLock<regex::bytes::Regex> = OnceLock::new();
    let count =
        COUNT.get_or_init(|| regex::bytes::Regex::new(r#"\b(count|uniqueCount)="[0-9]*""#).expect("a valid pattern"));
    let actual = super::bounded::count_shared_strings(xml);
    // Only the table's own element (<sst …>, after the XML declaration)
    // carries the counts.
    let element = xml.windows(3).position(|w| w == b"sst").unwrap_or(0);
    let head = xml[element..].iter().position(|&b| b == b'>').map_or(xml.len(), |end| element + end + 1);
    let mut mended = count.replace_all(&xml[..head], format!("${{1}}=\"{actual}\"").as_bytes()).into_owned();
    mended.extend_from_slice(&xml[head..]);
    mended
}

/// `<c … t="e"><v>#SPILL!</v></c>` → `<c … t="str"><v>#SPILL!</v></c>`
/// for every error value calamine does not know.
fn error_values_as_text(xml: &[u8]) -> Vec<u8> {
    use std::sync::OnceLock;
    static CELL: OnceLock<regex::bytes::Regex> = OnceLock::new();
    let cell = CELL.get_or_init(|| {
        // A cell with its value, never a self-closing one (no '/' in attributes).
        regex::bytes::Regex::new(r#"(?s)<c\b([^>]*?)\bt="e"([^>/]*)>(.*?)</c>"#).expect("a valid pattern")
    });
    cell.replace_all(xml, |captures: &regex::bytes::Captures| {
        let inner = &captures[3];
        let value = inner
            .windows(3)
            .position(|w| w == b"<v>")
            .and_then(|start| {
                let rest = &inner[start + 3..];
                rest.iter().position(|&b| b == b'<').map(|end| String::from_utf8_lossy(&rest[..end]).into_owned())
            })
            .unwrap_or_default();
        let kind = if KNOWN_ERRORS.contains(&value.as_str()) { "e" } else { "str" };
        let mut mended = b"<c".to_vec();
        mended.extend_from_slice(&captures[1]);
        mended.extend_from_slice(format!("t=\"{kind}\"").as_bytes());
        mended.extend_from_slice(&captures[2]);
        mended.push(b'>');
        mended.extend_from_slice(inner);
        mended.extend_from_slice(b"</c>");
        mended
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_error_values_become_text_and_known_ones_stay() {
        let xml = br#"<row><c r="A1" s="1" t="e"><f>SEQUENCE(3)</f><v>#SPILL!</v></c><c r="B1" t="e"><v>#REF!</v></c><c r="C1" t="e"/><c r="D1"><v>3</v></c></row>"#;
        let mended = String::from_utf8(error_values_as_text(xml)).unwrap();
        assert_eq!(
            mended,
            r#"<row><c r="A1" s="1" t="str"><f>SEQUENCE(3)</f><v>#SPILL!</v></c><c r="B1" t="e"><v>#REF!</v></c><c r="C1" t="e"/><c r="D1"><v>3</v></c></row>"#
        );
    }
}
