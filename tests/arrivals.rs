//! Files as they really arrive (tests/fixtures/arrivals, `make_fixtures.py
//! arrivals`): a workbook of a sheet a unit, a system's export, a month's
//! folder of a zip, a mail, a CSV and a PDF, an Outlook mail, zips with a
//! password, breakdown rows, formulas saved without results. Each unit's
//! file holds 勝北's sample figures (本部: its visits only); the figures
//! are read back from the written report, the findings from the JSON.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

fn arrivals(name: &str) -> PathBuf {
    fixtures_dir().join("arrivals").join(name)
}

/// 勝北's figures from its sample file.
fn reference() -> BTreeMap<String, Value> {
    shohoku_sample_figures()
}

/// Every finding as "code file place found", sorted.
fn findings(json: &Value) -> Vec<String> {
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    let mut lines: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let place = format!("{}!{}", text(&f["location"]["sheet"]), text(&f["location"]["cell"]));
            format!("{} {} {place} {}", text(&f["code"]), text(&f["location"]["file"]), text(&f["found"]))
        })
        .collect();
    lines.sort();
    lines
}

/// Consolidate `dir` into a fresh folder: the status, the JSON, and the
/// written report's 総括 巡回件数 実績.
fn consolidate_read_back(dir: &Path, extra: &[&str]) -> (i32, Value, f64) {
    let out = tempfile::tempdir().unwrap();
    let (status, json) = consolidate_into(dir, out.path(), "2021-06-14", extra);
    let summary = read_sheet(&out.path().join("report.xlsx"), "総括");
    let visits = number_at(&summary, find_row(&summary, 1, "巡回件数"), 4);
    (status, json, visits)
}

/// Each unit's files as the JSON names them.
fn files_of(json: &Value, unit: &str) -> Vec<String> {
    let unit = json["units"].as_array().unwrap().iter().find(|u| u["id"] == unit).unwrap();
    unit["files"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap().to_string()).collect()
}

fn assert_every_unit_reads_the_sample(json: &Value, units: &[&str]) {
    let expected = reference();
    for unit in units {
        match *unit {
            "honbu" => assert_eq!(unit_figures(json, unit)["visits"], expected["visits"]),
            _ => assert_eq!(unit_figures(json, unit), expected, "{unit}"),
        }
    }
}

#[test]
fn a_workbook_of_a_sheet_a_unit_is_every_units_submission() {
    // openpyxl's xlsx and LibreOffice's ods of it: 本部, 勝北 and 久米 name
    // themselves in a 支所名 cell, 加茂支所 and 奈義 only by the sheet's
    // name; 集計 sums them and is not counted.
    let units = ["honbu", "shohoku", "kamo", "kume", "nagi"];
    for (folder, book) in [("units_book", "作州津山_支所別実績.xlsx"), ("units_book_ods", "作州津山_支所別実績.ods")]
    {
        let (status, json, visits) = consolidate_read_back(&arrivals(folder), &[]);
        assert_eq!(findings(&json), Vec::<String>::new(), "{folder}");
        assert_eq!(status, 0);
        assert_every_unit_reads_the_sample(&json, &units);
        assert_eq!(visits, 5.0 * 113.0, "{folder}");
        assert_eq!(files_of(&json, "kamo"), [format!("{book} › 加茂支所")]);
        assert_eq!(files_of(&json, "honbu"), [format!("{book} › 本部")]);
    }
    let explained = String::from_utf8(
        matome(&["check", "--explain", arrivals("units_book").join("作州津山_支所別実績.xlsx").to_str().unwrap()])
            .stdout,
    )
    .unwrap();
    assert!(explained.contains("作州津山_支所別実績.xlsx › 奈義\n"), "{explained}");
    assert!(explained.contains("集計: ほかのシートを合計した集計シート"), "{explained}");
}

#[test]
fn a_systems_export_is_read_unit_by_unit() {
    // 年月 | 支所名 | 区分 | 項目 | 実績, 年月 dates shown as 2021年4月.
    let (status, json, visits) = consolidate_read_back(&arrivals("export"), &[]);
    assert_eq!(findings(&json), Vec::<String>::new());
    assert_eq!(status, 0);
    assert_every_unit_reads_the_sample(&json, &["honbu", "shohoku", "kamo", "kume", "nagi"]);
    assert_eq!(visits, 5.0 * 113.0);
    assert_eq!(files_of(&json, "nagi"), ["基幹システム出力_202106.xlsx › 奈義支所"]);
    let file = arrivals("export").join("基幹システム出力_202106.xlsx");
    let explained = String::from_utf8(matome(&["check", "--explain", file.to_str().unwrap()]).stdout).unwrap();
    assert!(
        explained.contains("読んだ列: 年月 実績一覧!A1, 支所名 実績一覧!B1, 項目 実績一覧!D1, 実績 実績一覧!E1"),
        "{explained}"
    );
}

#[test]
fn a_unit_item_and_month_given_twice_is_named_at_both_rows() {
    // 奈義's 巡回件数 4月 is row 257 (45) and again row 341 (46).
    let (status, json, _) = consolidate_read_back(&arrivals("export_repeated"), &[]);
    let file = "基幹システム出力_202106.xlsx › 奈義支所";
    assert_eq!(findings(&json), [format!("R005 {file} 実績一覧!E257 "), format!("R005 {file} 実績一覧!E341 ")]);
    assert_eq!(status, 1);
    assert_eq!(unit_figures(&json, "nagi")["visits"].as_array().unwrap()[0], 45.0);
}

#[test]
fn a_months_folder_as_it_arrives_is_read_whole() {
    // 勝北 zipped on Japanese Windows, 加茂 by mail (ISO-2022-JP), 久米 CSV
    // in CP932, 奈義 a workbook, 本部 a PDF only.
    let (status, json, visits) = consolidate_read_back(&arrivals("month"), &[]);
    assert_every_unit_reads_the_sample(&json, &["shohoku", "kamo", "kume", "nagi"]);
    assert_eq!(visits, 4.0 * 113.0);
    assert_eq!(files_of(&json, "shohoku"), ["勝北_6月分.zip › 勝北支所_6月分(修正).xlsx"]);
    assert_eq!(files_of(&json, "kamo"), ["加茂支所より_6月分.eml › 加茂支所_6月分.xlsx"]);
    assert_eq!(files_of(&json, "kume"), ["久米支所_6月分.csv"]);
    let kamo = &json["units"].as_array().unwrap()[2]["files"][0];
    assert_eq!(kamo["sender"], "加茂支所 田中 <kamo@example.jp>, 2021-06-14 10:30");
    assert_eq!(findings(&json), ["F006  ! 本部_6月分.pdf", "F013 本部_6月分.pdf ! pdf"]);
    let missing = json["findings"].as_array().unwrap().iter().find(|f| f["code"] == "F006").unwrap();
    assert_eq!(
        missing["message"],
        "本部のファイルが届いていません（本部_6月分.pdf は表計算ファイルではないため読んでいません）。"
    );
    assert_eq!(status, 1);
}

#[test]
fn the_mail_a_file_came_in_is_on_the_submissions_sheet() {
    let out = tempfile::tempdir().unwrap();
    consolidate_into(&arrivals("month"), out.path(), "2021-06-14", &[]);
    let sheet = read_sheet(&out.path().join("report.xlsx"), "提出状況");
    let row = find_row(&sheet, 0, "加茂");
    assert_eq!(text_at(&sheet, row, 2), "加茂支所より_6月分.eml › 加茂支所_6月分.xlsx");
    assert_eq!(text_at(&sheet, row, 7), "加茂支所 田中 <kamo@example.jp>, 2021-06-14 10:30");
}

#[test]
fn a_folder_of_csv_alone_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(arrivals("month").join("久米支所_6月分.csv"), dir.path().join("久米支所_6月分.csv")).unwrap();
    let output = matome(&["check", "--as-of", "2021-06-14", dir.path().to_str().unwrap()]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("1 ファイルを読み、1/5 支所分を集計しました。エラー 0 件"), "{stdout}");
    let (_, json) = consolidate_json(dir.path(), &[]);
    assert_eq!(unit_figures(&json, "kume"), reference());
}

#[test]
fn an_outlook_mails_attachments_are_read_and_named() {
    // 勝北's workbook in a mail made from POI's attachment_test_msg.msg;
    // the mail's other attachment, a Word file, is named as not read.
    let (_, json, visits) = consolidate_read_back(&arrivals("outlook"), &[]);
    assert_every_unit_reads_the_sample(&json, &["shohoku"]);
    assert_eq!(visits, 113.0);
    assert_eq!(files_of(&json, "shohoku"), ["勝北支所より.msg › 勝北支所_6月分.xlsx"]);
    let not_read: Vec<String> = findings(&json).into_iter().filter(|f| f.starts_with("F013")).collect();
    assert_eq!(not_read, ["F013 勝北支所より.msg › test-unicode.doc ! word"]);
    // Apache POI's own mails: each attachment named with what it is.
    let (_, json) = consolidate_json(&fixtures_dir().join("public").join("hsmf"), &[]);
    let not_read: Vec<String> = findings(&json).into_iter().filter(|f| f.starts_with("F013")).collect();
    assert_eq!(
        not_read,
        [
            "F013 attachment_msg_pdf.msg › Test Attachment ! other",
            "F013 attachment_msg_pdf.msg › smbprn.00009008.KdcPjl.pdf ! pdf",
            "F013 attachment_test_msg.msg › pj1.txt ! text",
            "F013 attachment_test_msg.msg › test-unicode.doc ! word",
        ]
    );
}

#[test]
fn a_zip_with_a_password_is_opened_with_the_password_given() {
    // ZipCrypto (Info-ZIP's zip, 加茂) and AES-256 (7-Zip, 勝北).
    let (status, json) = consolidate_json(&arrivals("passwords"), &[]);
    assert_eq!(status, 1);
    let refused: Vec<String> = findings(&json).into_iter().filter(|f| f.starts_with("F001")).collect();
    assert_eq!(
        refused,
        [
            "F001 加茂_6月分.zip › 加茂支所_6月分.xlsx ! encrypted",
            "F001 勝北_6月分.zip › 勝北支所_6月分.xlsx ! encrypted"
        ]
    );
    // A password that opens nothing: F001 says it is wrong.
    let (_, json) = consolidate_json(&arrivals("passwords"), &["--password", "wrong"]);
    let refused: Vec<String> = findings(&json).into_iter().filter(|f| f.starts_with("F001")).collect();
    assert_eq!(
        refused,
        [
            "F001 加茂_6月分.zip › 加茂支所_6月分.xlsx ! wrong_password",
            "F001 勝北_6月分.zip › 勝北支所_6月分.xlsx ! wrong_password"
        ]
    );
    let (_, json) = consolidate_json(&arrivals("passwords"), &["--password", "wrong", "--password", "shoko2021"]);
    // Each protected file opened is said (F014, info), so that
    // headquarters sees who still protects theirs.
    let opened: Vec<String> = findings(&json).into_iter().filter(|f| !f.starts_with("F006")).collect();
    assert_eq!(
        opened,
        ["F014 加茂_6月分.zip › 加茂支所_6月分.xlsx ! zip", "F014 勝北_6月分.zip › 勝北支所_6月分.xlsx ! zip"]
    );
    assert_every_unit_reads_the_sample(&json, &["shohoku", "kamo"]);
    // A script gives them in MATOME_PASSWORD (one a line), out of the process list.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_matome"))
        .args(["check", arrivals("passwords").to_str().unwrap(), "--as-of", "2021-06-14"])
        .env("MATOME_PASSWORD", "wrong\nshoko2021\n")
        .output()
        .unwrap();
    let printed = String::from_utf8(output.stdout).unwrap();
    assert!(printed.contains("2 ファイルを読み、2/5 支所分を集計しました。"), "{printed}");
    assert!(!printed.contains("shoko2021"), "{printed}");
}

#[test]
fn breakdown_rows_are_not_counted_and_named_once() {
    // 「うち小規模事業者」「（うち新規）」「内 青年部」, each with figures.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(arrivals("breakdown").join("勝北支所.xlsx"), dir.path().join("勝北支所.xlsx")).unwrap();
    let (status, json) = consolidate_json(dir.path(), &[]);
    let own: Vec<String> = findings(&json).into_iter().filter(|f| !f.starts_with("F006")).collect();
    assert_eq!(own, ["R004 勝北支所.xlsx 報告!A6 うち小規模事業者、（うち新規）、内 青年部"]);
    assert_eq!(status, 1);
    assert_eq!(unit_figures(&json, "shohoku"), reference());
}

#[test]
fn formulas_saved_without_results_are_worked_out_from_the_workbook() {
    // 提出 holds 「=入力!C4」…; two cells a VLOOKUP, which is not worked
    // out: one finding for the file, naming both cells.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(arrivals("formulas").join("勝北支所.xlsx"), dir.path().join("勝北支所.xlsx")).unwrap();
    let (_, json) = consolidate_json(dir.path(), &[]);
    let formula: Vec<&Value> = json["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "C004").collect();
    assert_eq!(formula.len(), 1, "{formula:#?}");
    assert_eq!(formula[0]["location"]["cell"], "B6");
    assert_eq!(formula[0]["also"], serde_json::json!(["提出!C6"]));
    let mut expected = reference();
    let consultations = expected.get_mut("consultations").unwrap().as_array_mut().unwrap();
    (consultations[0], consultations[1]) = (Value::Null, Value::Null);
    assert_eq!(unit_figures(&json, "shohoku"), expected);
}

#[test]
fn a_note_in_columns_is_named_not_refused_and_a_csv_without_a_table_is() {
    // A .txt is read in case it is a table: a tab-separated price list is
    // a note (F013), while a .csv meant as data with no table is F008.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("備品メモ.txt"), "品名\t金額\n鉛筆\t100\n消しゴム\t50\n").unwrap();
    std::fs::write(dir.path().join("加茂支所.csv"), "品名,金額\n鉛筆,100\n").unwrap();
    let (_, json) = consolidate_json(dir.path(), &[]);
    let own: Vec<String> = findings(&json).into_iter().filter(|f| !f.starts_with("F006")).collect();
    assert_eq!(own, ["F008 加茂支所.csv ! ", "F013 備品メモ.txt ! text"]);
}

/// A zip of `files` (name, bytes), written with the zip crate.
fn zipped(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn a_mail_in_a_zip_is_opened_and_nesting_is_bounded() {
    let month = arrivals("month");
    let mail = std::fs::read(month.join("加茂支所より_6月分.eml")).unwrap();
    let csv = std::fs::read(month.join("久米支所_6月分.csv")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("6月分.zip"), zipped(&[("加茂支所より_6月分.eml", mail), ("久米/報告.csv", csv)]))
        .unwrap();
    // Four zips deep: the innermost is not opened.
    let mut nested = std::fs::read(samples_dir().join("奈義支所 月次報告 6月.xlsx")).unwrap();
    for depth in 0..4 {
        nested = zipped(&[(if depth == 0 { "奈義.xlsx" } else { "中.zip" }, nested)]);
    }
    std::fs::write(dir.path().join("奈義.zip"), nested).unwrap();
    let (_, json) = consolidate_json(dir.path(), &[]);
    assert_eq!(files_of(&json, "kamo"), ["6月分.zip › 加茂支所より_6月分.eml › 加茂支所_6月分.xlsx"]);
    assert_eq!(files_of(&json, "kume"), ["6月分.zip › 久米/報告.csv"]);
    assert_every_unit_reads_the_sample(&json, &["kamo", "kume"]);
    let too_deep = json["findings"].as_array().unwrap().iter().find(|f| f["code"] == "F001").unwrap();
    assert_eq!(too_deep["location"]["file"], "奈義.zip › 中.zip › 中.zip › 中.zip");
    assert_eq!(too_deep["reason"], "too_deep");
}
