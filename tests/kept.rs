//! Workbooks as offices really keep them, made by openpyxl and converted by
//! LibreOffice (tests/fixtures/kept, `make_fixtures.py kept`): last year's
//! sheet kept beside this year's, 計画 beside 実績 under each month, months
//! as bare numbers, a level told by the 単位 column; and a branch checking
//! its own folder. Each holds the sample figures of 勝北 under its unit.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

fn kept(name: &str) -> PathBuf {
    fixtures_dir().join("kept").join(name)
}

/// 勝北's figures from its sample file.
fn reference() -> BTreeMap<String, Value> {
    shohoku_sample_figures()
}

/// The findings as "code file sheet!cell found reason", sorted, without
/// the units that sent nothing (F006).
fn findings(json: &Value) -> Vec<String> {
    let mut lines: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] != "F006")
        .map(|f| {
            let text = |v: &Value| v.as_str().unwrap_or("").to_string();
            let place = format!("{}!{}", text(&f["location"]["sheet"]), text(&f["location"]["cell"]));
            let reason = text(&f["reason"]);
            format!("{} {} {place} {} {reason}", text(&f["code"]), text(&f["location"]["file"]), text(&f["found"]))
        })
        .collect();
    lines.sort();
    lines
}

/// What `check --explain` prints of one file.
fn explained(file: &Path) -> String {
    String::from_utf8(matome(&["check", "--explain", file.to_str().unwrap()]).stdout).unwrap()
}

/// Consolidate `dir` as of 2021-06-14 into `out`: the status, the JSON and
/// the written workbook's 巡回件数 実績 on its summary sheet (総括).
fn consolidate_read_back(dir: &Path, out: &Path) -> (i32, Value, f64) {
    let (status, json) = consolidate_into(dir, out, "2021-06-14", &[]);
    let summary = read_sheet(&out.join("report.xlsx"), "総括");
    let visits = number_at(&summary, find_row(&summary, 1, "巡回件数"), 4);
    (status, json, visits)
}

#[test]
fn last_years_sheet_kept_in_the_workbook_is_set_aside_and_this_years_read() {
    // 勝北 xlsx with 「R2」 visible and first; 加茂 ods with a hidden
    // 「前年度」; 久米 xls with a hidden 「令和2年度」.
    let expected = reference();
    let out = tempfile::tempdir().unwrap();
    let (status, json, visits) = consolidate_read_back(&kept("years"), out.path());
    for unit in ["shohoku", "kamo", "kume"] {
        assert_eq!(unit_figures(&json, unit), expected, "{unit}");
    }
    assert_eq!(visits, 3.0 * 113.0);
    assert_eq!(
        findings(&json),
        ["F012 久米支所.xls 令和2年度! 令和2年度 ", "F012 加茂支所.ods 前年度! 前年度 ", "F012 勝北支所.xlsx R2! R2 ",]
    );
    // Only 本部 and 奈義 sent nothing.
    assert_eq!(status, 1);
    assert_eq!(json["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "F006").count(), 2);

    // --explain names the sheet read and the one set aside, with its year.
    let text = explained(&kept("years").join("勝北支所.xlsx"));
    assert!(text.contains("表: R3（月が横に並ぶ表）"), "{text}");
    assert!(text.contains("R2: 令和2年度のシート（今年度ではないので集計しません。F012）"), "{text}");
}

#[test]
fn a_file_of_last_years_sheets_only_is_another_years_file() {
    let (status, json) = consolidate_json(&kept("last_year_only"), &[]);
    assert_eq!(status, 1);
    let f007 = json["findings"].as_array().unwrap().iter().find(|f| f["code"] == "F007").unwrap();
    assert_eq!(
        (f007["location"]["sheet"].as_str(), f007["location"]["cell"].as_str()),
        (Some("令和2年度"), Some("B2"))
    );
    let counted = unit_figures(&json, "shohoku").into_values().flat_map(|m| m.as_array().unwrap().clone());
    assert!(counted.into_iter().all(|v| v.is_null()));
}

#[test]
fn a_hidden_copy_that_disagrees_gives_way_to_the_visible_sheet() {
    // The hidden 「報告 (2)」 comes first and holds other figures.
    let out = tempfile::tempdir().unwrap();
    let (_, json, visits) = consolidate_read_back(&kept("hidden_copy"), out.path());
    assert_eq!(unit_figures(&json, "shohoku"), reference());
    assert_eq!(visits, 113.0);
    assert_eq!(findings(&json), ["F010 勝北支所.xlsx 報告 (2)! 報告 (2) hidden_sheet"]);
}

#[test]
fn the_actual_column_under_each_month_is_read_and_the_plan_never() {
    // 計画 | 実績 (勝北), 目標 | 実績 by LibreOffice (加茂), 実績 | 計画
    // (久米), 前年 | 本年 (奈義): a plan of 50 in every month, the year's
    // too, and a typed total for each column of the 合計 pair.
    let expected = reference();
    let out = tempfile::tempdir().unwrap();
    let (status, json, visits) = consolidate_read_back(&kept("paired"), out.path());
    for unit in ["shohoku", "kamo", "kume", "nagi"] {
        assert_eq!(unit_figures(&json, unit), expected, "{unit}");
    }
    assert_eq!(visits, 4.0 * 113.0);
    // No future month's plan is a C007, no plan total a K001.
    assert_eq!(findings(&json), Vec::<String>::new());
    assert_eq!(status, 1, "only 本部's F006");

    // Sideways: months down the rows, 計画 | 実績 beside each.
    let (_, json) = consolidate_json(&kept("paired_sideways"), &[]);
    assert_eq!(unit_figures(&json, "shohoku"), expected);
    assert_eq!(findings(&json), Vec::<String>::new());

    // --explain names the actual column's sub-heading as the month read.
    let text = explained(&kept("paired").join("勝北支所.xlsx"));
    assert!(text.contains("月の見出し: 報告!C5 4月, 報告!E5 5月"), "{text}");
    assert!(text.contains("合計・小計の列: 報告!AA5"), "{text}");
}

#[test]
fn a_month_with_only_plan_columns_under_it_says_so() {
    let (_, json) = consolidate_json(&kept("paired_no_actual"), &[]);
    assert_eq!(findings(&json), ["F008 勝北支所.xlsx 報告!B5 計画、見込 no_actual_column"]);
    let output = matome(&["check", kept("paired_no_actual").to_str().unwrap()]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("月の見出しの下に「計画、見込」の列しかなく、実績の列がありません。"), "{text}");
}

#[test]
fn bare_month_numbers_under_a_heading_that_says_months_are_months() {
    let out = tempfile::tempdir().unwrap();
    let (_, json, visits) = consolidate_read_back(&kept("bare_months"), out.path());
    assert_eq!(unit_figures(&json, "shohoku"), reference());
    assert_eq!(visits, 113.0);
    assert_eq!(findings(&json), Vec::<String>::new());
    // The same numbers with no heading saying months: no header, and the
    // No. column (1, 2, 3 … down the rows) is never one either.
    let (_, json) = consolidate_json(&kept("bare_numbers"), &[]);
    assert_eq!(findings(&json), ["F008 勝北支所.xlsx 報告!B6 巡回件数 no_month_header"]);
}

#[test]
fn init_from_learns_a_level_from_the_unit_cell_and_from_a_note() {
    // 会員数 says 「人（月末）」 in its 単位 cell; a ※ note under the table
    // says 共済加入者数 is counted at each month's end.
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("learnt.xlsx");
    let forms = kept("unit_levels");
    let output = matome(&["init", "--from", forms.to_str().unwrap(), "-o", settings.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let (status, json) = consolidate_json(&forms, &["--config", settings.to_str().unwrap()]);
    assert_eq!(status, 0, "{}", finding_lines(&json).join("\n"));
    let actual = |label: &str| {
        json["kpis"].as_array().unwrap().iter().find(|k| k["label"] == label).unwrap()["actual"].as_f64().unwrap()
    };
    // Levels at their latest month (386 + 385, 123 + 91); counts summed.
    assert_eq!([actual("巡回件数"), actual("会員数"), actual("共済加入者数")], [188.0, 771.0, 214.0]);
}

#[test]
fn a_branch_checking_its_own_folder_sees_only_its_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("勝北のフォルダ");
    std::fs::create_dir(&own).unwrap();
    std::fs::copy(samples_dir().join("勝北支所_6月分(修正).xlsx"), own.join("勝北支所_6月分(修正).xlsx")).unwrap();
    let output = matome(&["check", own.to_str().unwrap(), "--format", "json"]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<&str> = json["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    // The sample's own wrong row total, and no unit that sent nothing.
    assert_eq!(codes, ["K001"]);
    // A folder of several units' files is headquarters': who sent nothing counts.
    std::fs::copy(samples_dir().join("加茂支所_6月分.xlsx"), own.join("加茂支所_6月分.xlsx")).unwrap();
    let output = matome(&["check", own.to_str().unwrap(), "--format", "json"]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let missing = json["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "F006").count();
    assert_eq!(missing, 3);
}
