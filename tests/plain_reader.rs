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
    let files: Vec<PathBuf> = ["tests/fixtures", "samples"].iter().flat_map(|dir| xlsx_under(&root.join(dir))).collect();
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
