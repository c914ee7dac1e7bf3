//! Mending an xlsx or xlsb package that calamine refuses whole for one odd
//! part, so that the rest of the workbook is read: an Excel 4 macro sheet
//! (calamine stops at an unknown sheet type) and, in xlsx, Excel 365 error
//! values such as #SPILL! (calamine refuses the sheet), a shared-string
//! count that lies (calamine reserves it), a sheet listed without its
//! relationship (an old VBA module, a sheet some generator left unlinked)
//! and cell references without a row (「A0」, written zero-based). Only
//! files that fail are mended; the rest are read as they are.

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
    let relationships = workbook_relationships(&mut archive, budget)?;
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
        } else if name == "xl/workbook.xml" {
            content = sheets_with_relationships(&String::from_utf8_lossy(&content), &relationships).into_bytes();
        } else if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            content = references_with_rows(&error_values_as_text(&content));
        } else if name == "xl/sharedStrings.xml" {
            content = true_string_count(&content);
        }
        out.start_file(name, options).map_err(damaged)?;
        out.write_all(&content).map_err(Refused::damaged)?;
    }
    Ok(out.finish().map_err(damaged)?.into_inner())
}

/// The workbook's worksheet relationships (Id, in the order of their
/// numbers), from its relationships part.
fn workbook_relationships(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, budget: u64) -> Result<Vec<String>, Refused> {
    use std::sync::OnceLock;
    static RELATIONSHIP: OnceLock<regex::Regex> = OnceLock::new();
    static ID: OnceLock<regex::Regex> = OnceLock::new();
    let Ok(entry) = archive.by_name("xl/_rels/workbook.xml.rels") else { return Ok(Vec::new()) };
    let mut text = String::new();
    entry.take(budget).read_to_string(&mut text).map_err(Refused::damaged)?;
    let relationship =
        RELATIONSHIP.get_or_init(|| regex::Regex::new(r"<Relationship\b[^>]*>").expect("a valid pattern"));
    let id = ID.get_or_init(|| regex::Regex::new(r#"\bId="([^"]*)""#).expect("a valid pattern"));
    let mut ids: Vec<String> = relationship
        .find_iter(&text)
        .filter(|element| element.as_str().contains("/relationships/worksheet\""))
        .filter_map(|element| Some(id.captures(element.as_str())?[1].to_string()))
        .collect();
    let number = |id: &String| id.trim_start_matches(|c: char| !c.is_ascii_digit()).parse::<u64>().unwrap_or(u64::MAX);
    ids.sort_by_key(number);
    Ok(ids)
}

/// The workbook's sheet list with every sheet linked to a worksheet: a
/// sheet whose `r:id` is empty or names no worksheet takes the next
/// worksheet no other sheet names (in the order of their ids); one left
/// without is dropped (an old VBA module has no part to read).
fn sheets_with_relationships(workbook: &str, worksheets: &[String]) -> String {
    use std::sync::OnceLock;
    static SHEET: OnceLock<regex::Regex> = OnceLock::new();
    static REL_ID: OnceLock<regex::Regex> = OnceLock::new();
    let sheet = SHEET.get_or_init(|| regex::Regex::new(r"(?s)<sheet\b[^>]*?/>").expect("a valid pattern"));
    let rel_id = REL_ID.get_or_init(|| regex::Regex::new(r#"\br:id="([^"]*)""#).expect("a valid pattern"));
    let linked =
        |element: &str| rel_id.captures(element).map(|c| c[1].to_string()).filter(|id| worksheets.contains(id));
    let named: Vec<String> = sheet.find_iter(workbook).filter_map(|m| linked(m.as_str())).collect();
    let mut spare = worksheets.iter().filter(|id| !named.contains(id));
    sheet
        .replace_all(workbook, |captures: &regex::Captures| {
            let element = &captures[0];
            if linked(element).is_some() {
                return element.to_string();
            }
            match spare.next() {
                Some(id) if rel_id.is_match(element) => rel_id.replace(element, format!("r:id=\"{id}\"")).into_owned(),
                Some(id) => element.replacen("<sheet", &format!("<sheet r:id=\"{id}\""), 1),
                None => String::new(),
            }
        })
        .into_owned()
}

/// A sheet whose cell references name no row (「A0」, 「A」: written
/// zero-based, or cut short) with every row's and cell's reference
/// removed, so that cells are placed in the order they are written.
fn references_with_rows(xml: &[u8]) -> Vec<u8> {
    use std::sync::OnceLock;
    static ROWLESS: OnceLock<regex::bytes::Regex> = OnceLock::new();
    static REFERENCE: OnceLock<regex::bytes::Regex> = OnceLock::new();
    let rowless = ROWLESS.get_or_init(|| {
        regex::bytes::Regex::new(r#"<(?:row|c)\b[^>]*?\sr="(?:0+|[A-Za-z]{1,3}0*)""#).expect("a valid pattern")
    });
    if !rowless.is_match(xml) {
        return xml.to_vec();
    }
    let reference = REFERENCE
        .get_or_init(|| regex::bytes::Regex::new(r#"(<(?:row|c)\b[^>]*?)\sr="[^"]*""#).expect("a valid pattern"));
    reference.replace_all(xml, &b"$1"[..]).into_owned()
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
    fn sheets_without_a_relationship_take_a_spare_worksheet_or_go() {
        let workbook = r#"<sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B"
 sheetId="2" r:id=""/><sheet name="Module" sheetId="3" r:id=""/></sheets>"#;
        let mended = sheets_with_relationships(workbook, &["rId1".to_string(), "rId2".to_string()]);
        assert_eq!(mended, "<sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"B\"\n sheetId=\"2\" r:id=\"rId2\"/></sheets>");
    }

    #[test]
    fn references_without_a_row_are_removed_and_good_ones_kept() {
        let zero_based = br#"<row r="0"><c r="A0" t="s"><v>0</v></c><c r="B0"><v>1</v></c></row>"#;
        assert_eq!(references_with_rows(zero_based), br#"<row><c t="s"><v>0</v></c><c><v>1</v></c></row>"#);
        let good = br#"<row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>3</v></c></row>"#;
        assert_eq!(references_with_rows(good), good.to_vec());
    }

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
