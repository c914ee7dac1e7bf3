//! A fiscal year's folder, as headquarters keeps it: several files per unit
//! (monthly, quarterly, cumulative, corrected, an uncorrected duplicate),
//! made by openpyxl and LibreOffice (tests/fixtures/year/, written by
//! make_fixtures.py from the samples). Each unit's files are merged month
//! by month; the tests read the written workbook and the JSON back.

mod common;

use std::path::PathBuf;

use std::io::BufRead;

use common::*;
use serde_json::Value;

fn year_dir() -> PathBuf {
    fixtures_dir().join("year")
}

fn kpi<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["kpis"].as_array().unwrap().iter().find(|k| k["id"] == id).unwrap()
}

fn unit_months(json: &Value, kpi_id: &str, unit: &str) -> Vec<Value> {
    let line = kpi(json, kpi_id)["units"].as_array().unwrap().iter().find(|u| u["unit"] == unit).unwrap();
    line["months"].as_array().unwrap()[..6].to_vec()
}

fn unit<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["units"].as_array().unwrap().iter().find(|u| u["id"] == id).unwrap()
}

/// (file, months used, superseded) of each of a unit's files, in order.
fn files_of(json: &Value, id: &str) -> Vec<(String, Vec<u64>, bool)> {
    unit(json, id)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let months = f["months"].as_array().unwrap().iter().map(|m| m.as_u64().unwrap()).collect();
            (f["file"].as_str().unwrap().to_string(), months, f["superseded"].as_bool().unwrap())
        })
        .collect()
}

fn located(json: &Value) -> Vec<String> {
    let mut lines: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let text = |v: &Value| v.as_str().unwrap_or("-").to_string();
            format!("{} {}!{}", text(&f["code"]), text(&f["location"]["file"]), text(&f["location"]["cell"]))
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn every_units_files_are_merged_month_by_month() {
    let out = tempfile::tempdir().unwrap();
    let (status, json) = consolidate_into(&year_dir(), out.path(), "2021-06-14", &[]);
    assert_eq!(status, 1);
    let n = |v: f64| Value::from(v);
    // 勝北: one file a month, each holding only its month, make the sample's year.
    assert_eq!(unit_months(&json, "visits", "shohoku")[..3], [n(45.0), n(44.0), n(24.0)]);
    assert_eq!(unit_months(&json, "visits", "shohoku")[3], Value::Null);
    assert_eq!(
        files_of(&json, "shohoku"),
        [
            ("勝北支所_4月分.xlsx".to_string(), vec![4], false),
            ("勝北支所_5月分.xlsx".to_string(), vec![5], false),
            ("勝北支所_6月分.xlsx".to_string(), vec![6], false),
        ]
    );
    // 加茂: the cumulative June file (ods, by LibreOffice) revises May and replaces the May file.
    assert_eq!(unit_months(&json, "visits", "kamo")[..3], [n(60.0), n(62.0), n(34.0)]);
    assert_eq!(
        files_of(&json, "kamo"),
        [("加茂支所_5月分.xlsx".to_string(), vec![], true), ("加茂支所_6月分.ods".to_string(), vec![4, 5, 6], false)]
    );
    // 久米: the corrected copy wins at the same 基準日, though "(" sorts before ".".
    assert_eq!(unit_months(&json, "consultations", "kume")[..3], [n(98.0), n(95.0), n(50.0)]);
    assert_eq!(files_of(&json, "kume")[1], ("久米_R3.6報告(修正).xlsx".to_string(), vec![4, 5, 6], false));
    assert!(files_of(&json, "kume")[0].2, "the uncorrected file is replaced");
    // 奈義: equally recent files disagree; the later name is used, and it is an error.
    assert_eq!(unit_months(&json, "visits", "nagi")[..3], [n(55.0), n(53.0), n(29.0)]);
    // 本部: no 基準日, so the quarter its name gives dates it.
    let honbu = &unit(&json, "honbu")["files"][0];
    assert_eq!(
        (&honbu["report_date"], &honbu["report_date_inferred"]),
        (&Value::from("2021-06-30"), &Value::from(true))
    );
    assert_eq!(unit_months(&json, "visits", "honbu")[..3], [n(130.0), n(120.0), n(66.0)]);

    // The seed's 927 visits, plus 奈義's disputed extra one; consultations as the seed.
    assert_eq!((&kpi(&json, "visits")["actual"], &kpi(&json, "consultations")["actual"]), (&n(928.0), &n(752.0)));
    assert_eq!(
        located(&json),
        [
            "K001 加茂支所_6月分.ods!P32",
            "K001 勝北支所_6月分.xlsx!P32",
            "K001 奈義支所_6月分_控え.xlsx!P32",
            "M001 久米_R3.6報告(修正).xlsx!E8",
            "M001 加茂支所_6月分.ods!E7",
            "M002 奈義支所_6月分_控え.xlsx!F7",
        ]
    );
    let revisions = json["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[0]["unit"], "kamo");
    assert_eq!(
        (&revisions[0]["before"]["value"], &revisions[0]["after"]["value"], &revisions[0]["month"]),
        (&Value::from("60"), &Value::from("62"), &Value::from(5))
    );
    assert_eq!(revisions[0]["before"]["location"]["file"], "加茂支所_5月分.xlsx");
    assert_eq!(unit(&json, "kamo")["status"], "errors");
    assert_eq!(unit(&json, "kume")["status"], "clean");

    // The workbook says the same.
    let report = out.path().join("report.xlsx");
    let sheet = read_sheet(&report, "改訂履歴");
    let row = find_row(&sheet, 0, "加茂");
    assert_eq!(
        (0..8).map(|c| text_at(&sheet, row, c)).collect::<Vec<_>>(),
        ["加茂", "巡回件数", "5月", "60", "62", "加茂支所_5月分.xlsx", "加茂支所_6月分.ods", "E7"]
    );
    let row = find_row(&sheet, 0, "久米");
    assert_eq!((number_at(&sheet, row, 3), number_at(&sheet, row, 4)), (90.0, 95.0));
    let sheet = read_sheet(&report, "提出状況");
    let first = find_row(&sheet, 2, "勝北支所_4月分.xlsx");
    assert_eq!(
        (first..first + 3).map(|r| (text_at(&sheet, r, 0), text_at(&sheet, r, 4))).collect::<Vec<_>>(),
        [("勝北".into(), "4月".into()), ("勝北".into(), "5月".into()), ("勝北".into(), "6月".into())]
    );
    assert_eq!(text_at(&sheet, first, 1), "エラーあり");
    let replaced = find_row(&sheet, 2, "加茂支所_5月分.xlsx");
    assert_eq!(text_at(&sheet, replaced, 4), "（後のファイルで差し替え済み）");
    assert_eq!(text_at(&sheet, find_row(&sheet, 2, "加茂支所_6月分.ods"), 4), "4〜6月");
    assert_eq!(text_at(&sheet, find_row(&sheet, 2, "本部_第1四半期.xlsx"), 3), "2021-06-30（推定）");
    let summary = read_sheet(&report, "総括");
    assert_eq!(number_at(&summary, find_row(&summary, 1, "巡回件数"), 4), 928.0);
    assert_eq!(number_at(&summary, find_row(&summary, 1, "窓口相談件数"), 4), 752.0);
    // The KPI sheet's 巡回件数 合計 for June holds 奈義's 29.
    let sheet = read_sheet(&report, "巡回・窓口相談");
    let block = find_row(&sheet, 0, "巡回件数（件）　年間目標: 3,200");
    let nagi = (block..).find(|&r| text_at(&sheet, r, 0) == "奈義").unwrap();
    assert_eq!(number_at(&sheet, nagi, 3), 29.0);
}

#[test]
fn quarterly_files_without_a_date_follow_the_quarter_their_name_gives() {
    let out = tempfile::tempdir().unwrap();
    let (_, json) = consolidate_into(&fixtures_dir().join("year_quarters"), out.path(), "2021-09-30", &[]);
    let months: Vec<Value> = unit_months(&json, "visits", "honbu");
    assert_eq!(months, [130.0, 120.0, 66.0, 70.0, 75.0, 80.0].map(Value::from));
    let dates: Vec<&Value> =
        unit(&json, "honbu")["files"].as_array().unwrap().iter().map(|f| &f["report_date"]).collect();
    assert_eq!(dates, [&Value::from("2021-06-30"), &Value::from("2021-09-30")]);
    let honbu: Vec<&Value> = json["findings"].as_array().unwrap().iter().filter(|f| f["unit"] == "honbu").collect();
    assert!(honbu.is_empty(), "{honbu:#?}");
}

#[test]
fn file_order_and_times_do_not_change_the_bytes() {
    let files: Vec<PathBuf> = std::fs::read_dir(year_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    let mut reports = Vec::new();
    for reverse in [false, true] {
        let out = tempfile::tempdir().unwrap();
        let inputs = out.path().join("in");
        std::fs::create_dir(&inputs).unwrap();
        let mut order = files.clone();
        order.sort();
        if reverse {
            order.reverse();
        }
        for (index, file) in order.iter().enumerate() {
            let copy = inputs.join(file.file_name().unwrap());
            std::fs::copy(file, &copy).unwrap();
            // Each copy is newer than the one before: newest-first in one run, oldest-first in the other.
            let time =
                std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000 + index as u64 * 3600);
            std::fs::File::options().write(true).open(&copy).unwrap().set_modified(time).unwrap();
        }
        consolidate_into(&inputs, out.path(), "2021-06-14", &[]);
        reports.push(std::fs::read(out.path().join("report.xlsx")).unwrap());
    }
    // Files are linked relative to the report: its folder and the inputs move together.
    let links = hyperlink_targets(&reports[0]);
    for file in ["in/加茂支所_5月分.xlsx", "in/加茂支所_6月分.ods", "in/久米_R3.6報告(修正).xlsx"] {
        assert!(links.iter().any(|l| l == file), "no link to {file} in {links:?}");
    }
    assert!(reports[0] == reports[1], "the same folder gave different workbooks");
}

/// Every hyperlink target in a workbook's sheets.
fn hyperlink_targets(xlsx: &[u8]) -> Vec<String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut targets = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        if !entry.name().unwrap().starts_with("xl/worksheets/_rels/") {
            continue;
        }
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        targets.extend(text.split("Target=\"").skip(1).filter_map(|t| t.split('"').next()).map(String::from));
    }
    targets
}

#[test]
fn check_on_the_folder_reports_the_same() {
    let output = matome(&["check", year_dir().to_str().unwrap(), "--as-of", "2021-06-14"]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.lines().any(|l| l
            == "加茂支所_6月分.ods:提出!E7: info[M001]: 巡回件数 5月: 60 → 62（加茂支所_5月分.xlsx → 加茂支所_6月分.ods）。新しいファイルの値で集計しました。"),
        "{text}"
    );
    assert_eq!(text.lines().filter(|l| l.contains("error[")).count(), 4, "{text}");
    assert!(text.ends_with("10 ファイルを読み、5/5 支所分を集計しました。エラー 4 件、警告 0 件。\n"), "{text}");
    // One file alone is checked as it is: the uncorrected 久米 file's May is just its own figure.
    let output = matome(&["check", year_dir().join("久米_R3.6報告.xlsx").to_str().unwrap(), "--as-of", "2021-06-14"]);
    assert_eq!((output.status.code(), output.stdout.lines().count()), (Some(0), 1));
}

#[test]
fn typed_cumulative_and_progress_in_month_only_files_are_the_year_to_date() {
    // 勝北's quarter as three one-month files (make_fixtures.py month_only),
    // each with typed 累計 and 進捗率 for the year so far: only the two
    // wrong figures in the June file are findings.
    let out = tempfile::tempdir().unwrap();
    let (_, json) = consolidate_into(&fixtures_dir().join("month_only"), out.path(), "2021-06-14", &[]);
    let typed: Vec<(String, String, String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "K002" || f["code"] == "K003")
        .map(|f| {
            let text = |v: &Value| v.as_str().unwrap_or("").to_string();
            let at = format!("{}!{}", text(&f["location"]["file"]), text(&f["location"]["cell"]));
            (text(&f["code"]), at, text(&f["found"]), text(&f["expected"]))
        })
        .collect();
    assert_eq!(
        typed,
        [
            ("K003".to_string(), "勝北支所_6月分.xlsx!O7".to_string(), "0.5".to_string(), "22.9%".to_string()),
            ("K002".to_string(), "勝北支所_6月分.xlsx!D8".to_string(), "180".to_string(), "183".to_string()),
        ]
    );
    // The year itself is the three months merged.
    assert_eq!(
        unit_months(&json, "consultations", "shohoku")[..3],
        [Value::from(75.0), Value::from(70.0), Value::from(38.0)]
    );
}
