//! An xlsx package with its styles cut to what reading needs. calamine
//! parses every font, fill, border and theme colour of a workbook when it
//! opens one — about a fifth of the work of reading a branch's small file —
//! while a value's meaning needs only each cell format's number format (a
//! date is a number shown as one). So before opening, `xl/styles.xml` is
//! replaced by one holding just the number formats and the cell formats'
//! number format ids, in the same order, and the theme is left out; the
//! shared strings are stored inflated (they are inflated once, not once
//! for the check of their count and again by calamine); every other part
//! is copied as it is, still compressed. A package whose styles
//! are not written the plain way (a namespace prefix, no cell formats) is
//! opened as it came, and so is every package in the page: in WebAssembly
//! the copy and its checksums cost more than the styles they save (3,000
//! files of a year's folder were judged 11 % faster without it).

use std::io::{Cursor, Read, Write};

const STYLES: &str = "xl/styles.xml";
const THEME: &str = "xl/theme/theme1.xml";
const SHARED_STRINGS: &str = "xl/sharedStrings.xml";
/// Parts larger than this are left alone (the package is read as it is).
const MAX_PART_BYTES: u64 = 4 << 20;

/// The package with slim styles, or `None` to read it as it is.
pub fn slimmed(bytes: &[u8]) -> Option<Vec<u8>> {
    if cfg!(target_arch = "wasm32") || !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let styles_index = archive.index_for_name(STYLES)?;
    let styles = inflated(&mut archive, styles_index)?;
    let slim = slim_styles(&styles)?;
    let strings = match archive.index_for_name(SHARED_STRINGS) {
        Some(index) => inflated(&mut archive, index)?,
        None => Vec::new(),
    };
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).ok()?;
        let name = entry.name().ok()?.into_owned();
        // The shared strings are stored as inflated here, so that neither
        // the check of their declared count (`bounded::check_zip`) nor
        // calamine inflates them again.
        let replaced = match name.as_str() {
            THEME => continue,
            STYLES => Some(&slim),
            SHARED_STRINGS => Some(&strings),
            _ => None,
        };
        match replaced {
            Some(content) => {
                drop(entry);
                out.start_file(name, stored).ok()?;
                out.write_all(content).ok()?;
            }
            None => out.raw_copy_file(entry).ok()?,
        }
    }
    Some(out.finish().ok()?.into_inner())
}

/// A part inflated whole, or `None` past `MAX_PART_BYTES` or unreadable:
/// then the package is read as it is, and checked and refused there as it
/// would be.
fn inflated(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, index: usize) -> Option<Vec<u8>> {
    let entry = archive.by_index(index).ok()?;
    if entry.size() > MAX_PART_BYTES {
        return None;
    }
    // Room for all of it at once: reading grows no buffer step by step.
    let mut bytes = Vec::with_capacity(entry.size() as usize + 1);
    entry.take(MAX_PART_BYTES).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The number formats, verbatim, and each cell format's number format id,
/// in order; `None` where the styles are not written the plain way.
fn slim_styles(xml: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(xml).ok()?;
    // A prefixed element (`<x:xf>`) would need its namespace: read as is.
    if text.contains(":numFmt") || text.contains(":xf") || text.contains(":cellXfs") {
        return None;
    }
    let mut out = String::with_capacity(512 + text.len() / 8);
    out.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>"#
    ));
    if let Some(formats) = section(text, "numFmts") {
        for element in start_tags(formats, "numFmt") {
            out.push_str(element);
            if !element.ends_with("/>") {
                out.push_str("</numFmt>");
            }
        }
    }
    out.push_str("</numFmts><cellXfs>");
    for element in start_tags(section(text, "cellXfs")?, "xf") {
        match attribute(element, "numFmtId") {
            Some(id) => out.push_str(&format!(r#"<xf numFmtId="{id}"/>"#)),
            None => out.push_str("<xf/>"),
        }
    }
    out.push_str("</cellXfs></styleSheet>");
    Some(out.into_bytes())
}

/// The text between `<name …>` and `</name>`; empty for `<name …/>`.
fn section<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}");
    let start = text.match_indices(&open).map(|(at, _)| at).find(|&at| is_tag_end(text, at + open.len()))?;
    let body_start = start + text[start..].find('>')? + 1;
    if text[..body_start].ends_with("/>") {
        return Some("");
    }
    let end = body_start + text[body_start..].find(&format!("</{name}>"))?;
    Some(&text[body_start..end])
}

/// Each start tag `<name …>` or `<name …/>` in `text`, whole.
fn start_tags<'a>(text: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{name}");
    let starts: Vec<usize> =
        text.match_indices(&open).map(|(at, _)| at).filter(|&at| is_tag_end(text, at + open.len())).collect();
    starts.into_iter().filter_map(move |at| text[at..].find('>').map(|end| &text[at..=at + end]))
}

/// Whether the name just read ends there (`<xf ` or `<xf>`, not `<xfId`).
fn is_tag_end(text: &str, at: usize) -> bool {
    text[at..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/')
}

/// An attribute's value in a start tag, as written.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=");
    let at = tag.find(&key)? + key.len();
    let quote = tag[at..].chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &tag[at + 1..];
    Some(&value[..value.find(quote)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cell_formats_keep_their_number_formats_in_order() {
        let styles = r#"<?xml version="1.0"?><styleSheet xmlns="x"><numFmts count="1"><numFmt numFmtId="164" formatCode="m&quot;月&quot;"/></numFmts><fonts><font><b/></font></fonts><cellStyleXfs count="1"><xf numFmtId="0" fontId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" xfId="0"/><xf numFmtId="164" fontId="1" applyNumberFormat="1"><alignment horizontal="center"/></xf><xf fontId="2"/></cellXfs></styleSheet>"#;
        let slim = String::from_utf8(slim_styles(styles.as_bytes()).unwrap()).unwrap();
        assert!(slim.contains(r#"<numFmts><numFmt numFmtId="164" formatCode="m&quot;月&quot;"/></numFmts>"#), "{slim}");
        assert!(slim.contains(r#"<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf/></cellXfs>"#), "{slim}");
        assert!(!slim.contains("font"));
        // Prefixed styles are left as they are.
        assert!(slim_styles(b"<x:styleSheet><x:cellXfs><x:xf numFmtId=\"0\"/></x:cellXfs></x:styleSheet>").is_none());
    }
}
