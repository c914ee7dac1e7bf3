//! The plain xlsx reader (`read::plain_xlsx`) against calamine, whose
//! cells it must give exactly: every xlsx the project keeps (fixtures made
//! by openpyxl, LibreOffice and Excel, public corpora, the samples), and a
//! workbook made here of the number formats, texts and sheets that decide
//! a value's type. With MATOME_CORPUS set, every xlsx under that folder too
//! (the ignored test; `tests/tools/corpus.py` fetches the corpora).

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook};

fn xlsx_under(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|path| {
            let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            matches!(extension.as_str(), "xlsx" | "xlsm")
        })
        .collect();
    files.sort();
    files
}

/// (read here, left to calamine, disagreements).
fn compare(files: &[PathBuf]) -> (usize, usize, Vec<String>) {
    let (mut read, mut left, mut disagreements) = (0, 0, Vec::new());
    for file in files {
        let bytes = std::fs::read(file).expect("reads the file");
        match matome::read::plain_reader_agrees(&bytes) {
            Ok(true) => read += 1,
            Ok(false) => left += 1,
            Err(why) => disagreements.push(format!("{}: {why}", file.display())),
        }
    }
    (read, left, disagreements)
}

#[test]
fn every_kept_xlsx_is_read_as_calamine_reads_it_or_left_to_calamine() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files: Vec<PathBuf> =
        ["tests/fixtures", "samples"].iter().flat_map(|dir| xlsx_under(&root.join(dir))).collect();
    assert!(files.len() >= 100, "{} files", files.len());
    let (read, left, disagreements) = compare(&files);
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    // Those with formulas saved without values (most fixtures, made with
    // openpyxl), Excel 365's error values, encrypted, damaged or not
    // really xlsx files are calamine's; Excel's and LibreOffice's own are
    // read here.
    println!("{} files: {read} read here, {left} left to calamine", files.len());
    assert!(read >= 30 && left >= 30, "read {read}, left {left} of {}", files.len());
}

#[test]
#[ignore = "needs MATOME_CORPUS, a folder of public workbooks"]
fn every_xlsx_of_a_corpus_is_read_as_calamine_reads_it_or_left_to_calamine() {
    let corpus = std::env::var("MATOME_CORPUS").expect("MATOME_CORPUS names a folder");
    let files = xlsx_under(Path::new(&corpus));
    let (read, left, disagreements) = compare(&files);
    println!("{} files: {read} read here, {left} left to calamine", files.len());
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// Number formats whose dates, times and durations calamine tells apart
/// by rule (quotes, escapes, brackets, AM/PM, sections), each on a number.
const FORMATS: &[&str] = &[
    "General",
    "yyyy/m/d",
    "[$-411]ggge\"年\"m\"月\"d\"日\"",
    "m\"月\"d\"日\"",
    "#,##0",
    "0.0%",
    "[h]:mm:ss",
    "[mm]:ss",
    "[ss].0",
    "[hh]",
    "[Hh]:mm",
    "mm:ss",
    "h:mm AM/PM",
    "A/P",
    "am",
    "a0",
    "\"d\"0",
    "\\d0",
    "_d0",
    "*d0",
    "\"a\\\"m\"0",
    "0;yyyy",
    "[Red]0",
    "[Blue]#,##0;[Red]-#,##0",
    "[$¥-411]#,##0",
    "[>=100]0;0",
    "[DBNum1]0",
    "[$-F800]dddd, mmmm dd, yyyy",
    "#\"m\"",
    "0\"h\"",
    "[a]m",
    "e",
    "ggg",
    "@",
    "0.00E+00",
    "[[h]]",
    "[h",
    "]d",
];

#[test]
fn dates_durations_texts_and_sheets_come_out_as_calamine_gives_them() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("書式").unwrap();
    for (row, code) in FORMATS.iter().enumerate() {
        sheet.write_number_with_format(row as u32, 0, 45_383.75, &Format::new().set_num_format(*code)).unwrap();
        sheet.write_string(row as u32, 1, *code).unwrap();
    }
    for id in 0..=58u8 {
        let format = Format::new().set_num_format_index(id);
        sheet.write_number_with_format(u32::from(id), 2, 0.5 + f64::from(id), &format).unwrap();
    }
    let texts = workbook.add_worksheet().set_name("文字 & <記号>").unwrap();
    let strings = ["  前後に空白  ", "a & b < c > d \"e\" 'f'", "改行\nあり", "勝北支所", "", "=SUM(A1)", "x_y"];
    for (row, text) in strings.iter().enumerate() {
        texts.write_string(row as u32, 0, *text).unwrap();
    }
    texts.write_boolean(0, 1, true).unwrap();
    texts.write_boolean(1, 1, false).unwrap();
    texts.write_formula(2, 1, "=1+2").unwrap().set_formula_result(2, 1, "3");
    texts.write_number(3, 1, -1.25e-7).unwrap();
    texts.write_number(4, 1, 1.0e21).unwrap();
    texts.write_string(1_000, 300, "遠いセル").unwrap();
    workbook.add_worksheet().set_name("隠し").unwrap().set_hidden(true).write_number(0, 0, 7).unwrap();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("='書式'!$A$1:$A$3");
    workbook.add_chartsheet().set_name("グラフ").unwrap().insert_chart(0, 0, &chart).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    assert_eq!(matome::read::plain_reader_agrees(&bytes), Ok(true));
}

#[test]
fn a_streamed_workbook_with_inline_strings_is_read_as_calamine_reads_it() {
    // rust_xlsxwriter's low-memory sheets write strings inline (`<is>`).
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_low_memory().unwrap();
    for row in 0..50u32 {
        sheet.write_string(row, 0, format!(" 支所{row} ")).unwrap();
        sheet.write_number(row, 1, f64::from(row) * 1.5).unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    assert_eq!(matome::read::plain_reader_agrees(&bytes), Ok(true));
}

/// A package written by hand, as other writers lay parts out: phonetic
/// guides and rich runs in the shared strings, entities, kept spaces,
/// every cell type, a formula with its value, a shared-string table named
/// in capitals, and a 1904 date system.
fn handmade(sheet_data: &str) -> Vec<u8> {
    use std::io::Write;
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="R&amp;D 勝北" sheetId="1" r:id="rId1"/><sheet name="控え" sheetId="2" state="veryHidden" r:id="rId2"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>"#.to_string()),
        ("xl/SharedStrings.xml", r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>勝北</t><rPh sb="0" eb="2"><t>ショウボク</t></rPh><phoneticPr fontId="1"/></si><si><r><rPr><b/></rPr><t xml:space="preserve"> 会員 </t></r><r><t> 数 </t></r></si><si><t>A &amp; B &#x3042;&#12354;</t></si><si/></sst>"#.to_string()),
        ("xl/styles.xml", r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="[$-411]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><cellXfs count="3"><xf numFmtId="0" fontId="0"/><xf numFmtId="164" fontId="0" applyNumberFormat="1"/><xf numFmtId="46"/></cellXfs></styleSheet>"#.to_string()),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:F4"/><sheetData>{sheet_data}</sheetData></worksheet>"#)),
        ("xl/worksheets/sheet2.xml", r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>"#.to_string()),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_handmade_package_of_every_cell_type_is_read_as_calamine_reads_it() {
    let cells = concat!(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" s="1"/></row>"#,
        r#"<row r="2"><c r="A2" s="1"><v>45383</v></c><c r="B2" s="2"><v>1.5</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#DIV/0!</v></c><c r="E2" t="d"><v>2024-04-01T00:00:00</v></c></row>"#,
        r#"<row r="3"><c r="A3" t="inlineStr"><is><t> 奈義 </t></is></c><c r="B3" t="str"><f>A3&amp;"支所"</f><v>奈義 &lt;支所&gt;</v></c><c r="C3"><f>1+1</f><v>2</v></c><c r="D3"><v></v></c><c r="E3" t="n"><v>-0.5E-3</v></c></row>"#,
        r#"<row r="4"><c r="F4" s="9"><v>12</v></c></row>"#,
    );
    let bytes = handmade(cells);
    assert_eq!(matome::read::plain_reader_agrees(&bytes), Ok(true));
    // What is not plain is left to calamine: a formula saved without its
    // value, an `_x000D_` escape, a carriage return, Excel 365's #SPILL!.
    for odd in [
        r#"<row r="1"><c r="A1"><f>1+1</f></c></row>"#,
        r#"<row r="1"><c r="A1" t="str"><v>a_x000D_b</v></c></row>"#,
        "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a\rb</v></c></row>",
        r#"<row r="1"><c r="A1" t="e"><v>#SPILL!</v></c></row>"#,
        r#"<row r="1"><c t="n"><v>1</v></c></row>"#,
    ] {
        assert_eq!(matome::read::plain_reader_agrees(&handmade(odd)), Ok(false), "{odd}");
    }
}
