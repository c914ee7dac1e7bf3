//! Hostile and broken inputs: each gives a clear finding for that file,
//! nothing panics, memory stays bounded by the configured limits, and every
//! other file is still consolidated. The files are built here (zip bombs,
//! entity bombs, lying dimensions) or committed (a real encrypted workbook).

mod common;

use std::io::Write;
use std::path::Path;

use common::*;
use serde_json::Value;

/// The default configuration with tight limits, so bombs stay small.
fn tight_config(dir: &Path) -> std::path::PathBuf {
    let text = matome(&["config"]).stdout;
    let text = String::from_utf8(text)
        .unwrap()
        .replace("max_file_bytes = 20_000_000", "max_file_bytes = 1_000_000")
        .replace("max_cells = 2_000_000", "max_cells = 100_000");
    let path = dir.join("tight.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// A minimal xlsx with one sheet, built part by part.
fn xlsx(sheet_xml: &str, shared_strings: Option<&str>) -> Vec<u8> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let mut part = |name: &str, body: &str| {
            zip.start_file(name, options).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        };
        part(
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
        );
        part(
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        );
        part(
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        );
        let mut rels = String::from(
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
        );
        if shared_strings.is_some() {
            rels.push_str(r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#);
        }
        rels.push_str("</Relationships>");
        part("xl/_rels/workbook.xml.rels", &rels);
        part("xl/worksheets/sheet1.xml", sheet_xml);
        if let Some(strings) = shared_strings {
            part("xl/sharedStrings.xml", strings);
        }
        zip.finish().unwrap();
    }
    buffer.into_inner()
}

/// Column letters of a one-based column number.
fn column(mut n: usize) -> String {
    let mut name = Vec::new();
    while n > 0 {
        name.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap()
}

fn sheet(cells: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>"#
    )
}

#[test]
fn hostile_files_each_give_a_finding_and_the_rest_is_consolidated() {
    let dir = tempfile::tempdir().unwrap();
    let config = tight_config(dir.path());
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    // Two good submissions that must still count.
    for name in ["勝北支所_6月分(修正).xlsx", "加茂支所_6月分.xlsx"] {
        std::fs::copy(samples_dir().join(name), inputs.join(name)).unwrap();
    }
    let write = |name: &str, bytes: &[u8]| std::fs::write(inputs.join(name), bytes).unwrap();
    write("zero.xlsx", b"");
    let sample = std::fs::read(samples_dir().join("久米_R3.6報告.xlsx")).unwrap();
    write("truncated.xlsx", &sample[..sample.len() / 2]);
    // 60 MB of spaces inside a sheet: a few kilobytes compressed.
    let padding = " ".repeat(60_000_000);
    write("zip_bomb.xlsx", &xlsx(&sheet(&padding), None));
    // Billion laughs in the shared strings.
    let mut entities = String::from(r#"<!DOCTYPE sst [<!ENTITY a0 "ha">"#);
    for level in 1..10 {
        let previous = format!("&a{};", level - 1);
        entities.push_str(&format!(r#"<!ENTITY a{level} "{}">"#, previous.repeat(10)));
    }
    entities.push(']');
    let strings = format!(
        r#"<?xml version="1.0"?>{entities}><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&a9;</t></si></sst>"#
    );
    write("entity_bomb.xlsx", &xlsx(&sheet(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#), Some(&strings)));
    // A declared shared-string count of two billion over one string: not
    // believed, and the file read by the string it holds.
    let huge_count = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2000000000" uniqueCount="2000000000"><si><t>x</t></si></sst>"#;
    write("string_count.xlsx", &xlsx(&sheet(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#), Some(huge_count)));
    // Two cells at opposite corners: a dense table would be 17 billion
    // cells; read as the two cells they are (and no table).
    let corners = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
    write("corners.xlsx", &xlsx(&sheet(corners), None));
    // A diagonal: few cells, yet every row and column they use is distinct.
    let diagonal: String =
        (1..=400).map(|i| format!(r#"<row r="{i}"><c r="{}{i}"><v>1</v></c></row>"#, column(i))).collect();
    write("diagonal.xlsx", &xlsx(&sheet(&diagonal), None));
    // A dimension that claims a million rows over a few real cells.
    let claim = r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#;
    write("dimension.xlsx", &xlsx(claim, None));
    write("really.csv.xlsx", "支所名,久米\n巡回件数,80,83,43\n".as_bytes());
    std::fs::copy(
        fixtures_dir().join("encrypted").join("勝北_パスワード付き.xlsx"),
        inputs.join("奈義_パスワード付き.xlsx"),
    )
    .unwrap();
    std::fs::create_dir(inputs.join("folder.xlsx")).unwrap();
    std::os::unix::fs::symlink(&inputs, inputs.join("loop")).unwrap();
    std::os::unix::fs::symlink(inputs.join("gone.xlsx"), inputs.join("dangling.xlsx")).unwrap();
    // Over the 1 MB file limit.
    write("huge.xlsx", &vec![b'x'; 1_200_000]);

    let (status, json) = consolidate_json(&inputs, &["--config", config.to_str().unwrap()]);
    assert_eq!(status, 1);
    let found: Vec<String> =
        finding_lines(&json).into_iter().filter(|l| l.starts_with("F001") || l.starts_with("F008")).collect();
    let reason = |line: &str| line.split(' ').nth(2).unwrap_or("").to_string();
    let by_file = |file: &str| {
        found.iter().find(|l| l.split(' ').nth(1) == Some(file)).unwrap_or_else(|| panic!("{file}: {found:#?}")).clone()
    };
    assert_eq!(reason(&by_file("zero.xlsx")), "empty");
    assert_eq!(reason(&by_file("truncated.xlsx")), "damaged");
    assert_eq!(reason(&by_file("zip_bomb.xlsx")), "too_large");
    assert!(by_file("string_count.xlsx").starts_with("F008"), "{found:#?}");
    assert!(by_file("corners.xlsx").starts_with("F008"));
    assert_eq!(reason(&by_file("diagonal.xlsx")), "too_large");
    assert_eq!(reason(&by_file("huge.xlsx")), "too_large");
    assert_eq!(reason(&by_file("really.csv.xlsx")), "not_a_spreadsheet");
    assert_eq!(reason(&by_file("奈義_パスワード付き.xlsx")), "encrypted");
    assert_eq!(reason(&by_file("dangling.xlsx")), "cannot_open");
    assert_eq!(reason(&by_file("loop")), "cannot_open");
    // The entity bomb is refused, never expanded.
    assert_eq!(reason(&by_file("entity_bomb.xlsx")), "unsafe");
    // What the parser or the file system said is kept for developers, and
    // never in the sentence users read.
    let f001 = json["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "F001");
    for finding in f001 {
        let message = finding["message"].as_str().unwrap();
        assert!(!message.contains("error") && !message.contains("entity"), "{message}");
        if finding["location"]["file"] == "loop" {
            assert!(finding["detail"].as_str().unwrap().contains("symbolic link loop"), "{finding:#}");
        }
    }
    assert!(by_file("dimension.xlsx").starts_with("F008"));
    // The good files still count: 勝北 45 + 44 + 24 and 加茂 60 + 62 + 34 visits.
    let visits = json["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "visits").unwrap();
    assert_eq!(visits["actual"], 113.0 + 156.0);
}

#[test]
fn files_that_break_the_xls_parser_are_one_finding_each_and_no_dump() {
    // Found by fuzzing (fuzz/): calamine's xls reader panics on the first
    // and follows a looping sector chain on the second.
    for (name, reason) in [("calamine_cfb_slice_panic.xls", "damaged"), ("calamine_cfb_chain_loop.xls", "damaged")] {
        let file = fixtures_dir().join("fuzz").join(name);
        let output = matome(&["check", "--format", "json", file.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.is_empty(), "{name}: {stderr}");
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["findings"][0]["code"], "F001", "{name}");
        assert_eq!(json["findings"][0]["found"], reason, "{name}");
        assert_eq!(output.status.code(), Some(1));
    }
    // Read by their cells, compacted: the LibreOffice xls of the sample with
    // cells added at row and column 65,535, which calamine alone builds as
    // a 19.5 GB table (fuzzing also changed a label, 脱会 → 脱ؚ: only that is
    // wrong); one whose DIMENSIONS record declares 6 GB of cells; and one
    // whose Workbook stream's name length lies, so that only a search by
    // name as calamine searches finds the stream it reads (24 GB otherwise).
    for (name, expected) in [
        ("calamine_xls_far_cells.xls", &["R001 -", "R002 A32"][..]),
        ("calamine_xls_dimensions.xls", &["F008 -"][..]),
        ("calamine_xls_stream_name.xls", &["F002 -"][..]),
    ] {
        let file = fixtures_dir().join("fuzz").join(name);
        let output = matome(&["check", "--format", "json", file.to_str().unwrap()]);
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        let found: Vec<_> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{} {}", f["code"].as_str().unwrap(), f["location"]["cell"].as_str().unwrap_or("-")))
            .collect();
        assert_eq!(found, expected, "{name}");
    }
}

#[test]
fn real_workbooks_with_chart_macro_and_encrypted_parts_are_read_or_named_as_protected() {
    // Apache POI's public test files (tests/fixtures/public, with their notice).
    let poi = fixtures_dir().join("public");
    for (name, code, found) in [
        // Worksheets beside a chart sheet, an Excel 4 macro sheet: read, and no report table in them.
        ("WithChartSheet.xlsx", "F008", Value::Null),
        ("SimpleScatterChart.xlsx", "F008", Value::Null),
        ("47813.xlsx", "F008", Value::Null),
        ("57181.xlsm", "F008", Value::Null),
        ("xlmmacro.xlsm", "F008", Value::Null),
        // A worksheet beside chart, macro and dialog sheets: the xlsb reads
        // like its .xls twin (the macro sheet skipped, not the file refused).
        ("BlankSheetTypes.xlsb", "F008", Value::Null),
        ("BlankSheetTypes.xls", "F008", Value::Null),
        // RC4 and XOR-obfuscated xls: no password opens them here (resave);
        // an encrypted xlsx with no password given: asks for it.
        ("password.xls", "F001", Value::from("encrypted_unsupported")),
        ("xor-encryption-abc.xls", "F001", Value::from("encrypted_unsupported")),
        ("protected_passtika.xlsx", "F001", Value::from("encrypted")),
        // A shared-string count of 8.9 trillion over 12 cells: read.
        ("MalformedSSTCount.xlsx", "F008", Value::Null),
        // Sparse xls: 4 cells at the corners of A1:IV65536, and 64 cells with
        // shared formulas down to row 32,770: read compacted, not refused.
        ("51535.xls", "F008", Value::Null),
        ("SharedFormulaTest.xls", "F008", Value::Null),
        // Excel 3 and 4 worksheets: the old format, not "not a spreadsheet".
        ("testEXCEL_3.xls", "F001", Value::from("old_excel")),
        ("testEXCEL_4.xls", "F001", Value::from("old_excel")),
        // A valid xlsb on which the parser fails: not called damaged.
        ("Simple.xlsb", "F001", Value::from("parser_failed")),
    ] {
        let output = matome(&["check", "--format", "json", poi.join(name).to_str().unwrap()]);
        assert!(output.stderr.is_empty(), "{name}: {}", String::from_utf8_lossy(&output.stderr));
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(
            (&json["findings"][0]["code"], &json["findings"][0]["found"]),
            (&Value::from(code), &found),
            "{name}"
        );
    }
}

#[test]
fn an_xls_in_a_codepage_the_parser_does_not_know_is_named_as_such() {
    // The LibreOffice-made 勝北.xls with its CODEPAGE record (0x0042) set to
    // 8001, a codepage calamine has no table for.
    let mut bytes = std::fs::read(fixtures_dir().join("formats/勝北.xls")).unwrap();
    let record = [0x42, 0x00, 0x02, 0x00, 0xB0, 0x04];
    let at = bytes.windows(record.len()).position(|w| w == record).expect("a CODEPAGE record of 1200");
    bytes[at + 4..at + 6].copy_from_slice(&8001u16.to_le_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("勝北.xls");
    std::fs::write(&path, bytes).unwrap();
    for (lang, message) in [
        ("ja", "文字コード（コードページ 8001）に対応していないため読めません。Excel か LibreOffice で開き、.xlsx で保存し直してください。"),
        ("en", "written in a character set matome does not know (codepage 8001): open it in Excel or LibreOffice and save it as .xlsx"),
    ] {
        let output = matome(&["--lang", lang, "check", "--format", "json", path.to_str().unwrap()]);
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        let finding = &json["findings"][0];
        assert_eq!((&finding["code"], &finding["found"], &finding["expected"]), (&Value::from("F001"), &Value::from("unknown_codepage"), &Value::from("8001")));
        assert_eq!(finding["message"], message);
        assert_eq!(finding["reason"], "unknown_codepage", "the JSON names the reason too");
    }
}

#[test]
fn an_old_excel_worksheet_is_told_to_be_saved_again_in_either_language() {
    let book = fixtures_dir().join("public/testEXCEL_4.xls");
    for (lang, message) in [
        ("ja", "古い Excel 形式（Excel 4.0 以前）です。Excel か LibreOffice で開き、.xlsx で保存し直してください。"),
        ("en", "an old Excel format (Excel 4.0 or earlier): open it in Excel or LibreOffice and save it as .xlsx"),
    ] {
        let output = matome(&["--lang", lang, "check", "--format", "json", book.to_str().unwrap()]);
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["findings"][0]["message"], message, "{lang}");
    }
}

#[test]
fn lists_that_are_not_reports_are_given_up_on_with_f008() {
    // 4,000-row lists made by openpyxl (make_fixtures.py lists): product
    // codes that look like year-months, and month dates only in the last
    // rows. Neither is a table of months; before recognition was linear in
    // the cells these took 30 s and more (examples/bench_lists times them).
    for name in ["price_list.xlsx", "late_dates.xlsx"] {
        let path = fixtures_dir().join("lists").join(name);
        let output = matome(&["check", "--format", "json", path.to_str().unwrap()]);
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        let findings = json["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{name}: {findings:?}");
        assert_eq!((&findings[0]["code"], &findings[0]["reason"]), (&Value::from("F008"), &Value::Null), "{name}");
    }
}

/// A minimal ods with one table of the given rows, built part by part.
fn ods(rows_xml: &str) -> Vec<u8> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buffer);
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
        let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("META-INF/manifest.xml", deflated).unwrap();
        zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        zip.start_file("content.xml", deflated).unwrap();
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    buffer.into_inner()
}

#[test]
fn an_ods_that_repeats_its_cells_into_the_millions_is_refused_before_it_is_expanded() {
    let dir = tempfile::tempdir().unwrap();
    // Under a kilobyte: one cell repeated 9,000 columns across and 10,000
    // rows down, 90 million cells for the parser to expand (5 GB and more).
    let bomb = dir.path().join("repeats.ods");
    let row = r#"<table:table-row table:number-rows-repeated="10000"><table:table-cell table:number-columns-repeated="9000" office:value-type="float" office:value="1"/></table:table-row>"#;
    std::fs::write(&bomb, ods(row)).unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1024);
    // LibreOffice's own trailing rows: a million empty rows a thousand cells
    // wide, after one labelled cell. Nothing to expand: read.
    let trailing = dir.path().join("trailing.ods");
    let rows = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>支所名</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    std::fs::write(&trailing, ods(rows)).unwrap();
    for (path, code, found) in [(&bomb, "F001", Value::from("too_large")), (&trailing, "F008", Value::Null)] {
        let output = matome(&["check", "--format", "json", path.to_str().unwrap()]);
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        let finding = &json["findings"][0];
        assert_eq!((&finding["code"], &finding["found"]), (&Value::from(code), &found), "{}", path.display());
    }
}

#[test]
fn packages_other_software_opens_are_mended_and_read() {
    // Each was refused whole by the parser ("Relationship not found",
    // "Range is missing the expected row component"); openpyxl opens them.
    let public = fixtures_dir().join("public");
    let limits = matome::config::Limits::default();
    let sheets = |name: &str| {
        let bytes = std::fs::read(public.join(name)).unwrap();
        let sheets = matome::read::worksheets(&bytes, name, &limits).unwrap_or_else(|f| panic!("{name}: {f:?}"));
        sheets.into_iter().map(|(sheet, cells)| (sheet, cells.used_cells().count())).collect::<Vec<_>>()
    };
    // An empty relationship id on a VBA module: the (empty) worksheet is read, the module dropped.
    assert_eq!(sheets("60825.xlsx"), [("Sheet1".to_string(), 0)]);
    // Two sheets without their relationship: each takes the worksheet no other sheet names.
    let names: Vec<String> = sheets("closedxml_SheetsWithoutRelId.xlsx").into_iter().map(|(s, _)| s).collect();
    assert_eq!(names, ["Sheet1", "Sheet without relId", "Pivot Sheet without relId"]);
    // LibreOffice's macro modules listed as sheets: every worksheet is read,
    // hidden ones too (openpyxl counts the same cells but in merged areas).
    let counts: Vec<usize> = sheets("closedxml_tdf111974.xlsm").into_iter().map(|(_, n)| n).collect();
    assert_eq!(counts, [0, 2360, 18, 156, 167, 163, 38, 156]);
    let bytes = std::fs::read(public.join("closedxml_tdf111974.xlsm")).unwrap();
    let book = matome::read::worksheets(&bytes, "tdf", &limits).unwrap();
    let (name, plan) = &book[1];
    assert_eq!(name, "OP PLAN");
    let text =
        |row, col| calamine::DataType::get_string(plan.get_value((row, col)).unwrap()).unwrap().trim().to_string();
    // B2 and D4, as openpyxl reads them.
    assert_eq!(text(1, 1), "Program  # 847-4  Plant Operating Plan Weekly Summary");
    assert_eq!(text(3, 3), "Customer Orders Scheduled");
    // Zero-based references: every cell read, placed in written order, from
    // A1: 4,000 rows of 3 (openpyxl's 11,997 leaves out its row 「0」).
    let bytes = std::fs::read(public.join("poc-shared-strings.xlsx")).unwrap();
    let poc = matome::read::worksheets(&bytes, "poc", &limits).unwrap();
    let (_, cells) = &poc[0];
    assert_eq!((cells.used_cells().count(), cells.start()), (12_000, Some((0, 0))));
    // One megabyte of shared string, named by every cell, is cut short in each.
    let longest =
        cells.used_cells().filter_map(|(_, _, d)| calamine::DataType::get_string(d).map(str::len)).max().unwrap();
    assert!(longest <= 1030, "{longest}");
    for name in
        ["60825.xlsx", "closedxml_SheetsWithoutRelId.xlsx", "closedxml_tdf111974.xlsm", "poc-shared-strings.xlsx"]
    {
        let output = matome(&["check", "--format", "json", public.join(name).to_str().unwrap()]);
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["findings"][0]["code"], "F008", "{name}: read, and no report table in it");
    }
}
