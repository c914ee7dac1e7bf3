//! The xlsx packages offices send, read straight from their bytes. Opening
//! a workbook with calamine parses every part it may need (fonts, fills,
//! borders, the theme's colours, every relationship) and reads the zip's
//! directory again, which for a branch's small file costs more than its
//! cells. This reader opens the zip once and reads only the workbook, its
//! relationships, the shared strings, each cell format's number format and
//! the worksheets, giving each worksheet's cells exactly as calamine would
//! (the same `Data`, dates told apart by the same rule) into the same
//! bounded grid (`bounded::CappedCells`).
//!
//! It reads only what it knows to be plain: anything else (a cell without
//! its reference, a formula without its value, an unknown cell type or
//! entity, a `_x000D_` escape or a carriage return in text, a part that is
//! missing, large or not well formed, a matome report) gives `None`, and
//! the package is read by calamine as before, with its mending and its
//! messages. `tests/plain_reader.rs` holds the two readers to the same
//! cells over the fixtures and a workbook of tricky number formats.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType, Sheet, SheetType, SheetVisible};
use quick_xml_bytes::events::{BytesStart, Event};
use quick_xml_bytes::Reader;

use super::bounded::{self, CappedCells, Grid, SheetError};
use crate::config::Limits;

/// Parts read here, together, at most: past it the package goes to
/// calamine, which holds one sheet at a time.
const MAX_PLAIN_BYTES: u64 = 16 << 20;

/// A workbook's sheets, in order, each worksheet's cells read.
pub(super) struct PlainBook {
    pub sheets: Vec<Sheet>,
    grids: HashMap<String, Result<Grid, SheetError>>,
}

impl PlainBook {
    /// A worksheet's cells, handed over once.
    pub fn take_grid(&mut self, name: &str) -> Result<Grid, SheetError> {
        self.grids.remove(name).unwrap_or_else(|| Err(SheetError::Parser(format!("no worksheet {name}"))))
    }
}

/// What a cell's number means, by its cell format's number format.
#[derive(Clone, Copy, PartialEq, Debug)]
enum NumberKind {
    Number,
    Date,
    Duration,
}

/// The workbook-wide facts a cell's value needs.
struct Context {
    strings: Vec<String>,
    kinds: Vec<NumberKind>,
    is_1904: bool,
}

/// The workbook read plainly, or `None` where it is not plain.
pub(super) fn read(bytes: &[u8], limits: &Limits) -> Option<PlainBook> {
    let mut package = Package { archive: zip::ZipArchive::new(Cursor::new(bytes)).ok()?, budget: MAX_PLAIN_BYTES };
    // The checks every package passes (`bounded::check_zip`), taken here
    // on the one reading of the zip's directory: past them the package is
    // calamine's, refused or mended there.
    if bounded::declared_inflated(&mut package.archive) > bounded::max_inflated(limits) {
        return None;
    }
    if package.part("_rels/.rels").and_then(|root| office_document(&root))? != "xl/workbook.xml" {
        return None;
    }
    let relationships = relationships(&package.part("xl/_rels/workbook.xml.rels")?)?;
    let (listed, is_1904) = sheets(&package.part("xl/workbook.xml")?, &relationships)?;
    let mut names: Vec<&str> = listed.iter().map(|(sheet, _)| sheet.name.as_str()).collect();
    names.sort_unstable();
    if names.windows(2).any(|pair| pair[0] == pair[1]) || names.binary_search(&crate::marker::SHEET).is_ok() {
        return None;
    }
    let strings = match package.optional_part("xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    if strings.len() as u64 > limits.max_cells {
        return None;
    }
    let kinds = match package.optional_part("xl/styles.xml")? {
        Some(xml) => number_kinds(&xml)?,
        None => Vec::new(),
    };
    let context = Context { strings, kinds, is_1904 };
    let (mut grids, mut area) = (HashMap::new(), 0u64);
    for (sheet, path) in &listed {
        if sheet.typ == SheetType::WorkSheet {
            let xml = package.part(path)?;
            let grid = sheet_cells(&xml, &context, &sheet.name, limits)?;
            // Every sheet is held until the tables are found; calamine
            // holds one at a time, so together they may span no more than
            // one sheet may.
            if let Ok(grid) = &grid {
                let (height, width) = grid.values.get_size();
                area += height as u64 * width as u64;
                if area > limits.max_cells {
                    return None;
                }
            }
            grids.insert(sheet.name.clone(), grid);
        }
    }
    Some(PlainBook { sheets: listed.into_iter().map(|(sheet, _)| sheet).collect(), grids })
}

/// The zip, and how many bytes may still be inflated from it.
struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
}

impl Package<'_> {
    /// The entry calamine takes for a part's path: the last whose name,
    /// lower-cased with `\` as `/`, is the path lower-cased; else the path.
    fn entry_name(&self, path: &str) -> String {
        let same = |name: &str| {
            name.len() == path.len()
                && name.bytes().zip(path.bytes()).all(|(a, b)| {
                    let a = if a == b'\\' { b'/' } else { a.to_ascii_lowercase() };
                    a == b.to_ascii_lowercase()
                })
        };
        let names = self.archive.file_names().filter_map(Result::ok);
        names.filter(|name| same(name)).last().map_or_else(|| path.to_string(), |name| name.into_owned())
    }

    /// A part inflated whole, within what is left of the budget.
    fn part(&mut self, path: &str) -> Option<Vec<u8>> {
        self.optional_part(path)?
    }

    /// A part that may be absent: `Some(None)` if it is; `None` if it is
    /// there but cannot be read within the budget.
    fn optional_part(&mut self, path: &str) -> Option<Option<Vec<u8>>> {
        let Some(index) = self.archive.index_for_name(&self.entry_name(path)) else { return Some(None) };
        let entry = self.archive.by_index(index).ok()?;
        let size = entry.size();
        self.budget = self.budget.checked_sub(size)?;
        let mut bytes = Vec::with_capacity(size as usize + 1);
        entry.take(size + 1).read_to_end(&mut bytes).ok()?;
        (bytes.len() as u64 == size).then_some(Some(bytes))
    }
}

/// A reader over one part's XML, as tolerant as calamine's of end tags
/// that do not match.
fn xml_reader(xml: &[u8]) -> Option<Reader<&[u8]>> {
    // A UTF-16 part, or one declaring another encoding, is calamine's.
    let head = &xml[..xml.len().min(100)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    if let Some(at) = head.windows(9).position(|w| w == b"encoding=") {
        let declared = head.get(at + 10..at + 15)?;
        if !declared.eq_ignore_ascii_case(b"utf-8") {
            return None;
        }
    }
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    reader.config_mut().trim_text(false);
    Some(reader)
}

/// An attribute's raw value, by its exact name (`None` inside: absent).
fn attribute<'a>(element: &'a BytesStart, name: &[u8]) -> Option<Option<Cow<'a, [u8]>>> {
    for attribute in element.attributes().with_checks(false) {
        let attribute = attribute.ok()?;
        if attribute.key.as_ref() == name {
            return Some(Some(attribute.value));
        }
    }
    Some(None)
}

/// An attribute's raw value as text.
fn text_attribute(element: &BytesStart, name: &[u8]) -> Option<Option<String>> {
    Some(match attribute(element, name)? {
        Some(value) => Some(String::from_utf8(value.into_owned()).ok()?),
        None => None,
    })
}

/// The workbook's path, from the package's relationships (the last one
/// for the office document, as calamine takes it).
fn office_document(xml: &[u8]) -> Option<String> {
    let mut reader = xml_reader(xml)?;
    let mut target = None;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let kind = text_attribute(&e, b"Type")?.unwrap_or_default();
                if kind.ends_with("/relationships/officeDocument") {
                    let raw = text_attribute(&e, b"Target")??;
                    let path = quick_xml_bytes::escape::unescape(&raw).ok()?.into_owned();
                    target = Some(path.strip_prefix('/').map(str::to_string).unwrap_or(path));
                }
            }
            Event::Eof => return target,
            _ => {}
        }
    }
}

/// The workbook's relationships: id → (target, type), raw as written.
fn relationships(xml: &[u8]) -> Option<HashMap<String, (String, String)>> {
    let mut reader = xml_reader(xml)?;
    let mut found = HashMap::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                if let Some(id) = text_attribute(&e, b"Id")? {
                    let target = text_attribute(&e, b"Target")?.unwrap_or_default();
                    let kind = text_attribute(&e, b"Type")?.unwrap_or_default();
                    found.insert(id, (target, kind));
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"Relationships" => return Some(found),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The sheets in order with their parts' paths, and whether dates count
/// from 1904.
fn sheets(xml: &[u8], relationships: &HashMap<String, (String, String)>) -> Option<(Vec<(Sheet, String)>, bool)> {
    let mut reader = xml_reader(xml)?;
    let (mut listed, mut is_1904) = (Vec::new(), false);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"sheet" => {
                listed.push(sheet(&e, relationships)?);
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"workbookPr" => {
                if let Some(value) = attribute(&e, b"date1904")? {
                    is_1904 = value.as_ref() == b"1" || value.as_ref() == b"true";
                }
            }
            // Defined names and the rest are not needed; one with an
            // entity calamine may refuse is left to calamine.
            Event::GeneralRef(_) => return None,
            Event::End(e) if e.local_name().as_ref() == b"workbook" => return Some((listed, is_1904)),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// One `<sheet>`: its name, type, visibility and part.
fn sheet(element: &BytesStart, relationships: &HashMap<String, (String, String)>) -> Option<(Sheet, String)> {
    let (mut name, mut visible, mut id) = (String::new(), SheetVisible::Visible, None);
    for attribute in element.attributes() {
        let attribute = attribute.ok()?;
        let value = std::str::from_utf8(&attribute.value).ok()?;
        match attribute.key.as_ref() {
            b"name" => name = quick_xml_bytes::escape::unescape(value).ok()?.into_owned(),
            b"state" => {
                visible = match value {
                    "visible" => SheetVisible::Visible,
                    "hidden" => SheetVisible::Hidden,
                    "veryHidden" => SheetVisible::VeryHidden,
                    _ => return None,
                }
            }
            key if key == b"id" || key.ends_with(b":id") => id = Some(value.to_string()),
            _ => {}
        }
    }
    let (target, kind) = relationships.get(&id?)?;
    let typ = match kind.rsplit('/').next() {
        Some("worksheet") => SheetType::WorkSheet,
        Some("chartsheet") => SheetType::ChartSheet,
        Some("dialogsheet") => SheetType::DialogSheet,
        _ => return None,
    };
    let path = target.strip_prefix('/').map_or_else(|| format!("xl/{target}"), str::to_string);
    Some((Sheet { name, typ, visible }, path))
}

/// The shared-string table.
fn shared_strings(xml: &[u8]) -> Option<Vec<String>> {
    let mut reader = xml_reader(xml)?;
    let mut strings = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == b"si" => strings.push(rich_text(&mut reader, b"si")?),
            Event::Empty(e) if e.local_name().as_ref() == b"si" => strings.push(String::new()),
            Event::End(e) if e.local_name().as_ref() == b"sst" => return Some(strings),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The text of a string item (`<si>`, `<is>`) up to its end tag named
/// `closing`: its `<t>` runs joined, the phonetic guide (`<rPh>`, the
/// furigana Japanese workbooks carry) left out, each run trimmed of ASCII
/// white space unless it asks to keep it.
fn rich_text(reader: &mut Reader<&[u8]>, closing: &[u8]) -> Option<String> {
    let (mut text, mut phonetic) = (String::new(), false);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == b"rPh" => phonetic = true,
            Event::End(e) if e.local_name().as_ref() == b"rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == b"t" && !phonetic => {
                let keep_space = attribute(&e, b"xml:space")?.is_some_and(|v| v.as_ref() == b"preserve");
                let run = element_text(reader, true)?;
                let run = run.as_ref();
                text.push_str(if keep_space { run } else { run.trim_matches([' ', '\t', '\r', '\n']) });
            }
            Event::End(e) if e.name().as_ref() == closing => return Some(text),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// An element's text up to its end tag, entities resolved if `entities`
/// (calamine takes a number's text as written, so one there is left to
/// it); `None` for text calamine would change further (`_xHHHH_` escapes,
/// carriage returns) or may refuse (an unknown entity, CDATA). Borrowed
/// from the part where it is one piece.
fn element_text<'a>(reader: &mut Reader<&'a [u8]>, entities: bool) -> Option<Cow<'a, str>> {
    let mut text = Cow::Borrowed("");
    loop {
        match reader.read_event().ok()? {
            Event::Text(raw) => {
                let raw = match raw.into_inner() {
                    Cow::Borrowed(bytes) => Cow::Borrowed(std::str::from_utf8(bytes).ok()?),
                    Cow::Owned(bytes) => Cow::Owned(String::from_utf8(bytes).ok()?),
                };
                if raw.as_bytes().contains(&b'\r') {
                    return None;
                }
                if text.is_empty() {
                    text = raw;
                } else {
                    text.to_mut().push_str(&raw);
                }
            }
            Event::GeneralRef(reference) if entities => {
                let name = std::str::from_utf8(&reference).ok()?;
                match quick_xml_bytes::escape::resolve_xml_entity(name) {
                    Some(resolved) => text.to_mut().push_str(resolved),
                    None => text.to_mut().push(reference.resolve_char_ref().ok()??),
                }
            }
            Event::End(_) => break,
            _ => return None,
        }
    }
    let escaped = text.as_bytes().windows(2).any(|pair| pair == b"_x");
    (!escaped).then_some(text)
}

/// Each cell format's number kind, in order (`cellXfs`).
fn number_kinds(xml: &[u8]) -> Option<Vec<NumberKind>> {
    let mut reader = xml_reader(xml)?;
    let (mut custom, mut kinds, mut section) = (HashMap::new(), Vec::new(), Vec::new());
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if matches!(e.local_name().as_ref(), b"numFmts" | b"cellXfs") => {
                section = e.local_name().as_ref().to_vec();
            }
            Event::End(e) if e.local_name().as_ref() == section.as_slice() => section.clear(),
            Event::Start(e) | Event::Empty(e) if section == b"numFmts" && e.local_name().as_ref() == b"numFmt" => {
                if let (Some(id), Some(code)) = (text_attribute(&e, b"numFmtId")?, text_attribute(&e, b"formatCode")?) {
                    custom.insert(id, quick_xml_bytes::escape::unescape(&code).ok()?.into_owned());
                }
            }
            Event::Start(e) | Event::Empty(e) if section == b"cellXfs" && e.local_name().as_ref() == b"xf" => {
                kinds.push(match text_attribute(&e, b"numFmtId")? {
                    None => NumberKind::Number,
                    Some(id) => custom.get(&id).map_or_else(|| builtin_kind(&id), |code| custom_kind(code)),
                });
            }
            Event::Eof => return Some(kinds),
            _ => {}
        }
    }
}

/// The kind of a built-in number format, by its id as written: dates and
/// times (14–22, 45, 47, and the East Asian 27–36 and 50–58), elapsed
/// hours (46).
fn builtin_kind(id: &str) -> NumberKind {
    const DATES: [&str; 30] = [
        "14", "15", "16", "17", "18", "19", "20", "21", "22", "27", "28", "29", "30", "31", "32", "33", "34", "35",
        "36", "45", "47", "50", "51", "52", "53", "54", "55", "56", "57", "58",
    ];
    match id {
        "46" => NumberKind::Duration,
        _ if DATES.contains(&id) => NumberKind::Date,
        _ => NumberKind::Number,
    }
}

/// The kind of a custom number format, by the rule calamine applies to
/// its first section: a date or time letter (d, m, h, y, s) outside
/// quotes, brackets and escapes makes a date, as does an AM/PM marker; an
/// elapsed-time bracket (`[h]`, `[mm]`, `[s]`) makes a duration.
fn custom_kind(code: &str) -> NumberKind {
    let mut state = FormatScan::default();
    for character in code.chars() {
        if let Some(kind) = state.step(character) {
            return kind;
        }
    }
    NumberKind::Number
}

/// Where `custom_kind` is in a format code.
#[derive(Default)]
struct FormatScan {
    /// The character after `\`, `_` or `*` is taken literally.
    literal_next: bool,
    quoted: bool,
    brackets: u8,
    /// An `A` seen (AM/PM): now `P`, `M` or `/` marks a time.
    after_a: bool,
    /// Within an elapsed-time bracket (`[h`, `[mm` …).
    elapsed: bool,
    previous: char,
}

impl FormatScan {
    /// After an A (AM/PM), a P, M or `/`; otherwise a date or time letter.
    fn marks_a_date(&self, c: char) -> bool {
        if self.after_a {
            matches!(c, 'p' | 'P' | 'm' | 'M' | '/')
        } else {
            "dmhysDMHYS".contains(c)
        }
    }

    /// Read one character; the format's kind once it is known.
    fn step(&mut self, c: char) -> Option<NumberKind> {
        let at_top = self.brackets == 0;
        let previous = std::mem::replace(&mut self.previous, c);
        if self.literal_next {
            self.literal_next = false;
        } else if matches!(c, '\\' | '_' | '*') {
            self.literal_next = true;
        } else if self.quoted {
            self.quoted = c != '"';
        } else if c == '"' {
            self.quoted = true;
        } else if c == ';' {
            return Some(NumberKind::Number);
        } else if c == '[' {
            self.brackets = self.brackets.saturating_add(1);
        } else if c == ']' {
            if self.elapsed && self.brackets == 1 {
                return Some(NumberKind::Duration);
            }
            self.brackets = self.brackets.saturating_sub(1);
        } else if at_top && !self.after_a && matches!(c, 'a' | 'A') {
            self.after_a = true;
        } else if at_top && self.marks_a_date(c) {
            return Some(NumberKind::Date);
        } else if !(self.elapsed && c.eq_ignore_ascii_case(&previous)) {
            self.elapsed = previous == '[' && "mhsMHS".contains(c);
        }
        None
    }
}

/// A worksheet's cells, or `None` where anything is not plain. Its
/// `<dimension>` must be a reference calamine reads too.
fn sheet_cells(xml: &[u8], context: &Context, name: &str, limits: &Limits) -> Option<Result<Grid, SheetError>> {
    let mut reader = xml_reader(xml)?;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"dimension" => {
                let area = text_attribute(&e, b"ref")??;
                if area.split(':').count() > 2 || !area.split(':').all(|corner| cell_position(corner).is_some()) {
                    return None;
                }
            }
            Event::Start(e) if e.local_name().as_ref() == b"sheetData" => break,
            Event::Empty(e) if e.local_name().as_ref() == b"sheetData" => {
                return Some(CappedCells::new(name, limits).into_grid());
            }
            Event::Eof => return None,
            _ => {}
        }
    }
    let mut cells = CappedCells::new(name, limits);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == b"c" => {
                let (position, value) = cell(&mut reader, &e, context)?;
                if let Err(refused) = cells.push(position, value, None) {
                    return Some(Err(refused));
                }
            }
            // calamine reads the references of empty cells and of rows too,
            // and refuses a sheet where one is not a reference.
            Event::Empty(e) if e.local_name().as_ref() == b"c" => {
                if let Some(reference) = attribute(&e, b"r")? {
                    cell_position(std::str::from_utf8(&reference).ok()?)?;
                }
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"row" => {
                if let Some(row) = attribute(&e, b"r")? {
                    plain_digits(std::str::from_utf8(&row).ok()?)?.parse::<u32>().ok().filter(|&r| r >= 1)?;
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"sheetData" => return Some(cells.into_grid()),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// A cell's type, as its `t` attribute names it.
#[derive(Clone, Copy, PartialEq)]
enum CellType {
    Number,
    SharedString,
    Text,
    InlineText,
    Bool,
    Error,
    IsoDate,
}

impl CellType {
    fn named(t: &str) -> Option<CellType> {
        Some(match t {
            "n" => CellType::Number,
            "s" => CellType::SharedString,
            "str" => CellType::Text,
            "inlineStr" => CellType::InlineText,
            "b" => CellType::Bool,
            "e" => CellType::Error,
            "d" => CellType::IsoDate,
            _ => return None,
        })
    }
}

/// One `<c>` element's position and value.
fn cell(reader: &mut Reader<&[u8]>, element: &BytesStart, context: &Context) -> Option<((u32, u32), Data)> {
    let (mut position, mut style, mut kind) = (None, None, CellType::Number);
    for attribute in element.attributes().with_checks(false) {
        let attribute = attribute.ok()?;
        let value = std::str::from_utf8(&attribute.value).ok()?;
        match attribute.key.as_ref() {
            b"r" => position = Some(cell_position(value)?),
            b"s" => style = Some(plain_digits(value)?.parse::<usize>().ok()?),
            b"t" => kind = CellType::named(value)?,
            _ => {}
        }
    }
    let (mut value, mut inline, mut formula) = (None, None, false);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"v" if value.is_none() => {
                    value = Some(element_text(reader, matches!(kind, CellType::Text | CellType::IsoDate))?)
                }
                b"is" if inline.is_none() => inline = Some(rich_text(reader, e.name().as_ref())?),
                b"f" => {
                    formula = true;
                    reader.read_to_end(e.name()).ok()?;
                }
                _ => return None,
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"v" if value.is_none() => value = Some(Cow::Borrowed("")),
                b"is" if inline.is_none() => inline = Some(String::new()),
                b"f" => formula = true,
                _ => return None,
            },
            Event::End(e) if e.local_name().as_ref() == b"c" => break,
            Event::Text(_) => {}
            _ => return None,
        }
    }
    let data = cell_value(kind, style, value, inline, context)?;
    // A formula whose value was never saved is worked out by the formula
    // reader, which calamine's cells feed.
    (!(formula && data == Data::Empty)).then_some((position?, data))
}

/// A cell's value from its type, style and what it held.
fn cell_value(
    kind: CellType,
    style: Option<usize>,
    value: Option<Cow<str>>,
    inline: Option<String>,
    context: &Context,
) -> Option<Data> {
    if kind == CellType::InlineText {
        return (value.is_none()).then(|| inline.map_or(Data::Empty, Data::String));
    }
    if inline.is_some() {
        return None;
    }
    let Some(value) = value else { return Some(Data::Empty) };
    match kind {
        CellType::Text => Some(Data::String(value.into_owned())),
        CellType::IsoDate => Some(Data::DateTimeIso(value.into_owned())),
        _ if value.is_empty() => Some(Data::Empty),
        CellType::SharedString => {
            let index: usize = plain_digits(&value)?.parse().ok()?;
            let text = context.strings.get(index)?;
            Some(Data::String(if text.len() > bounded::MAX_CELL_TEXT { bounded::cut(text) } else { text.clone() }))
        }
        CellType::Bool => match value.as_ref() {
            "0" => Some(Data::Bool(false)),
            "1" => Some(Data::Bool(true)),
            _ => None,
        },
        CellType::Error => value.parse::<CellErrorType>().ok().map(Data::Error),
        CellType::Number => number(&value, style, context),
        CellType::InlineText => None,
    }
}

/// A number, a date or a duration, by the cell format's kind.
fn number(text: &str, style: Option<usize>, context: &Context) -> Option<Data> {
    if !is_plain_number(text) {
        return None;
    }
    let value: f64 = text.parse().ok()?;
    let kind = style.and_then(|index| context.kinds.get(index).copied()).unwrap_or(NumberKind::Number);
    Some(match kind {
        NumberKind::Number => Data::Float(value),
        NumberKind::Date => Data::DateTime(ExcelDateTime::new(value, ExcelDateTimeType::DateTime, context.is_1904)),
        NumberKind::Duration => {
            Data::DateTime(ExcelDateTime::new(value, ExcelDateTimeType::TimeDelta, context.is_1904))
        }
    })
}

/// `text` if it is one or more ASCII digits.
fn plain_digits(text: &str) -> Option<&str> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then_some(text)
}

/// A number as spreadsheets write one: a sign, digits with a point, an
/// exponent; anything else (`inf`, spaces) is calamine's to judge.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    !whole.is_empty() && digits(whole) && digits(fraction) && exponent_ok
}

/// An A1 reference's zero-based (row, column): capital letters then
/// digits, within a sheet's bounds.
fn cell_position(reference: &str) -> Option<(u32, u32)> {
    let letters = reference.bytes().take_while(u8::is_ascii_uppercase).count();
    let (column, row) = reference.split_at(letters);
    if !(1..=3).contains(&letters) || plain_digits(row).is_none() || row.len() > 7 {
        return None;
    }
    let column = column.bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1);
    let row: u32 = row.parse().ok()?;
    ((1..=1_048_576).contains(&row) && column <= 16_384).then(|| (row - 1, column - 1))
}

/// Whether this reader reads a file (`Ok(false)`: it leaves it to
/// calamine) and, where it does, gives the same sheets and cells as
/// calamine: the tests' and the corpus tool's yardstick for this module.
pub fn agrees_with_calamine(bytes: &[u8], limits: &Limits) -> Result<bool, String> {
    let Some(mut plain) = read(bytes, limits) else { return Ok(false) };
    // A shared-string count calamine would not believe is mended first.
    let mended;
    let bytes = match bounded::check_zip(bytes, limits) {
        Err(bounded::Refused { why: bounded::Why::Mend(_), .. }) => {
            mended = super::repair::mend_xlsx(bytes, limits).map_err(|e| format!("not mended: {:?}", e.why))?;
            &mended
        }
        _ => bytes,
    };
    let mut book = match super::open(bytes, limits) {
        Ok(calamine::Sheets::Xlsx(book)) => book,
        Ok(_) => return Err("calamine opens it as another format".into()),
        Err(refused) => return Err(format!("calamine refuses it: {:?}", refused.why)),
    };
    let sheets = calamine::Reader::sheets_metadata(&book).to_vec();
    if sheets != plain.sheets {
        return Err(format!("sheets differ: {sheets:?} against {:?}", plain.sheets));
    }
    for sheet in sheets.iter().filter(|sheet| sheet.typ == SheetType::WorkSheet) {
        let ours = plain.take_grid(&sheet.name);
        match (bounded::xlsx_sheet(&mut book, &sheet.name, limits), ours) {
            (Ok(theirs), Ok(ours)) => same_grid(&sheet.name, &theirs, &ours)?,
            (Err(SheetError::Refused(_)), Err(SheetError::Refused(_))) => {}
            (theirs, ours) => {
                let describe = |read: &Result<Grid, SheetError>| match read {
                    Ok(_) => "cells".to_string(),
                    Err(error) => format!("{error:?}"),
                };
                return Err(format!(
                    "{}: calamine gives {}, this reader {}",
                    sheet.name,
                    describe(&theirs),
                    describe(&ours)
                ));
            }
        }
    }
    Ok(true)
}

fn same_grid(name: &str, theirs: &Grid, ours: &Grid) -> Result<(), String> {
    let cells = |grid: &Grid| grid.values.cells().map(|(r, c, v)| (r, c, v.clone())).collect::<Vec<_>>();
    if theirs.values.start() != ours.values.start() || cells(theirs) != cells(ours) {
        let first = cells(theirs).into_iter().zip(cells(ours)).find(|(a, b)| a != b);
        return Err(format!("{name}: cells differ, first {first:?}"));
    }
    if theirs.formulas.as_ref().is_some_and(|f| f.used_cells().any(|(_, _, f)| !f.is_empty())) {
        return Err(format!("{name}: calamine finds formulas without values"));
    }
    if (&theirs.rows, &theirs.cols) != (&ours.rows, &ours.cols) {
        return Err(format!("{name}: compacted differently"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats_are_told_apart_as_calamine_tells_them() {
        let cases = [
            ("General", NumberKind::Number),
            ("#,##0;[Red]-#,##0", NumberKind::Number),
            ("yyyy/m/d", NumberKind::Date),
            ("[$-411]ggge\"年\"m\"月\"d\"日\"", NumberKind::Date),
            ("\"d\"0", NumberKind::Number),
            ("\\d0", NumberKind::Number),
            ("[h]:mm:ss", NumberKind::Duration),
            ("[Red]0", NumberKind::Number),
            ("0;yyyy", NumberKind::Number),
            ("AM/PM", NumberKind::Date),
            ("0.0_)", NumberKind::Number),
        ];
        for (code, kind) in cases {
            assert_eq!(custom_kind(code), kind, "{code}");
        }
        assert_eq!(builtin_kind("57"), NumberKind::Date);
        assert_eq!(builtin_kind("46"), NumberKind::Duration);
        assert_eq!(builtin_kind("014"), NumberKind::Number);
    }

    #[test]
    fn only_plain_references_and_numbers_are_read_here() {
        assert_eq!(cell_position("A1"), Some((0, 0)));
        assert_eq!(cell_position("AB12"), Some((11, 27)));
        for odd in ["a1", "A0", "A", "1", "$A$1", "XFE1", "A1048577"] {
            assert_eq!(cell_position(odd), None, "{odd}");
        }
        for plain in ["0", "-1.5", "1e-7", "2.5E+10", "3."] {
            assert!(is_plain_number(plain), "{plain}");
        }
        for odd in ["", "inf", " 1", "1 ", "+1", ".5", "1e", "0x1"] {
            assert!(!is_plain_number(odd), "{odd}");
        }
    }
}
