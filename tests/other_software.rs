//! Files made by other software (openpyxl, LibreOffice), committed under
//! tests/fixtures/ by make_fixtures.py. Each is 勝北's sample submission in
//! another shape or format, so each must consolidate to 勝北's figures;
//! the tests say which findings each must give.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use serde_json::Value;

type Figures = BTreeMap<String, Value>;

fn consolidate(dir: &Path) -> (i32, Value) {
    consolidate_json(dir, &[])
}

/// One file alone in a folder.
fn consolidate_file(file: &Path) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(file, dir.path().join(file.file_name().unwrap())).unwrap();
    consolidate(dir.path())
}

fn reference() -> Figures {
    let (_, json) = consolidate_file(&samples_dir().join("勝北支所_6月分(修正).xlsx"));
    let figures = unit_figures(&json, "shohoku");
    assert_eq!(figures["visits"].as_array().unwrap()[..3], [45.0, 44.0, 24.0]);
    figures
}

/// The codes of all findings except the other units' F006.
fn codes(json: &Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] != "F006")
        .map(|f| format!("{}@{}", f["code"].as_str().unwrap(), f["location"]["cell"].as_str().unwrap_or("-")))
        .collect()
}

#[test]
fn the_same_submission_as_xlsx_xls_and_ods_gives_identical_figures() {
    let expected = reference();
    for name in ["勝北.xlsx", "勝北.xls", "勝北.ods", "勝北_openpyxl.xlsx"] {
        let (_, json) = consolidate_file(&fixtures_dir().join("formats").join(name));
        assert_eq!(unit_figures(&json, "shohoku"), expected, "{name}");
        assert_eq!(codes(&json), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn typed_text_month_forms_moved_tables_and_label_variants_read_the_same() {
    let expected = reference();
    for variant in [
        "typed_text",
        "months_english",
        "months_fullwidth",
        "months_era",
        "months_r",
        "months_iso",
        "months_dates",
        "moved",
        "labels",
    ] {
        let (_, json) = consolidate(&fixtures_dir().join("variants").join(variant));
        assert_eq!(codes(&json), Vec::<String>::new(), "{variant}");
        assert_eq!(unit_figures(&json, "shohoku"), expected, "{variant}");
        assert_eq!(json["units"][1]["file"], "勝北.xlsx", "{variant}");
    }
}

#[test]
fn formulas_without_cached_values_are_worked_out_not_read_as_zero() {
    // openpyxl saved 「=44+1」 … with no result: worked out, as Excel would.
    let (_, json) = consolidate(&fixtures_dir().join("formulas").join("no_cache"));
    assert_eq!(codes(&json).iter().filter(|c| c.starts_with('C')).count(), 0, "{:#?}", json["findings"]);
    assert_eq!(unit_figures(&json, "shohoku"), reference());
    // The same file after LibreOffice computed and saved it reads in full.
    let (_, cached) = consolidate(&fixtures_dir().join("formulas").join("cached"));
    assert_eq!(codes(&cached), Vec::<String>::new());
    assert_eq!(unit_figures(&cached, "shohoku"), reference());
}

#[test]
fn an_error_cell_is_flagged_and_excluded() {
    let (_, json) = consolidate(&fixtures_dir().join("formulas").join("error_value"));
    assert_eq!(codes(&json), ["C003@C6"]);
    let consultations = json["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "consultations").unwrap();
    assert_eq!(consultations["units"][0]["actual"], 183.0 - 70.0);
}

#[test]
fn files_as_they_arrive() {
    let (status, json) = consolidate(&fixtures_dir().join("files"));
    assert_eq!(status, 1);
    let files: Vec<(String, Value)> = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["id"].as_str().unwrap().to_string(), u["file"].clone()))
        .collect();
    assert_eq!(
        files,
        [
            ("honbu".to_string(), Value::Null),
            ("shohoku".to_string(), Value::from("2021/06/勝北支所（６月）.xlsx")),
            ("kamo".to_string(), Value::from("加茂支所.xlsx")),
            ("kume".to_string(), Value::from("久米支所.xls")),
            ("nagi".to_string(), Value::Null),
        ]
    );
    assert_eq!(
        finding_lines(&json),
        // The note beside the files is named, not passed over.
        ["F001 奈義支所.xlsx not_a_spreadsheet", "F001 本部.xlsx html", "F006  ", "F006  ", "F013 説明.txt text"]
    );
    let expected = reference();
    for unit in ["shohoku", "kamo", "kume"] {
        assert_eq!(unit_figures(&json, unit), expected, "{unit}");
    }
}

#[test]
fn templates_filled_in_by_openpyxl_consolidate_with_no_findings() {
    let (status, json) = consolidate(&fixtures_dir().join("roundtrip"));
    assert_eq!(json["findings"], Value::Array(vec![]));
    assert_eq!(status, 0);
    let expected = reference();
    for unit in ["shohoku", "kamo", "kume", "nagi"] {
        assert_eq!(unit_figures(&json, unit), expected, "{unit}");
    }
    assert_eq!(unit_figures(&json, "honbu")["visits"], expected["visits"]);
}

#[test]
fn input_templates_are_what_matome_template_writes() {
    let dir = tempfile::tempdir().unwrap();
    let output = matome(&["template", "-o", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("input_templates");
    let mut names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names.len(), 5);
    for name in names {
        let fresh = std::fs::read(dir.path().join(&name)).unwrap();
        let kept = std::fs::read(committed.join(&name)).unwrap_or_default();
        assert!(
            fresh == kept,
            "input_templates/{} is out of date: run `cargo run -- template -o input_templates`",
            name.to_string_lossy()
        );
    }
}

#[test]
fn a_template_for_one_unit_is_protected_and_accepts_only_counts() {
    let root = tempfile::tempdir().unwrap();
    // A folder that does not exist yet is made.
    let dir = root.path().join("送付用").join("令和3年度");
    let output = matome(&["template", "-o", dir.to_str().unwrap(), "--unit", "勝北支所"]);
    assert_eq!(output.status.code(), Some(0));
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["勝北_令和3年度_月次報告.xlsx"]);
    let file = std::fs::File::open(dir.join(&names[0])).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut sheet).unwrap();
    assert!(sheet.contains("<sheetProtection"), "the sheet is protected");
    // Whole numbers from 0 in the month cells (D7:O34 for 勝北's 28 KPIs).
    assert!(sheet.contains(r#"type="whole" operator="greaterThanOrEqual""#));
    assert!(sheet.contains(r#"sqref="D7:O34""#));
    assert!(sheet.contains("0 以上の整数（件数）を入力してください。"));
    assert!(sheet.contains("基準日は日付で入力してください（例: 2021/6/14）。"));
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains(r#"locked="0""#), "input cells are unlocked");
    // The unit is filled in, and the template itself reads as 勝北 with no figures yet.
    let (_, json) = consolidate_json(&dir, &[]);
    assert_eq!(json["units"][1]["file"], "勝北_令和3年度_月次報告.xlsx");
    let output = matome(&["template", "-o", dir.to_str().unwrap(), "--unit", "北支所"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("北支所"));
}

/// The first finding with `code`.
fn first<'a>(json: &'a Value, code: &str) -> &'a Value {
    json["findings"].as_array().unwrap().iter().find(|f| f["code"] == code).unwrap()
}

/// A layout fixture (tests/fixtures/layouts/NAME), consolidated alone.
fn layout(name: &str) -> (i32, Value) {
    consolidate(&fixtures_dir().join("layouts").join(name))
}

#[test]
fn layouts_people_make_by_hand_read_as_the_template_does() {
    // Each holds 勝北's sample figures: made by openpyxl, some converted by LibreOffice.
    let expected = reference();
    for name in [
        "two_level",
        "two_level_xls",
        "numbered",
        "numbered_ods",
        "transposed",
        "transposed_ods",
        "monthly_sheets",
        "monthly_sheets_ods",
        "chart_sheet",
        "far_note",
    ] {
        let out = tempfile::tempdir().unwrap();
        let (status, json) =
            consolidate_into(&fixtures_dir().join("layouts").join(name), out.path(), "2021-06-14", &[]);
        assert_eq!(codes(&json), Vec::<String>::new(), "{name}");
        assert_eq!(unit_figures(&json, "shohoku"), expected, "{name}");
        assert_eq!(status, 1, "{name}: only the other units' F006");
        // The written workbook: 勝北's 113 visits and 183 consultations.
        let summary = read_sheet(&out.path().join("report.xlsx"), "総括");
        assert_eq!(number_at(&summary, find_row(&summary, 1, "巡回件数"), 4), 113.0, "{name}");
        assert_eq!(number_at(&summary, find_row(&summary, 1, "窓口相談件数"), 4), 183.0, "{name}");
    }
}

#[test]
fn a_sparse_xls_or_ods_is_read_by_its_cells_and_names_them_where_they_are() {
    // LibreOffice's xls and ods: the table from E10 and notes far away (at
    // IV65536; at AMJ1 and A1048576): 16 million and a billion cells
    // spanned, which calamine alone would build.
    let mut expected = reference();
    expected.get_mut("visits").unwrap()[1] = Value::Null;
    for name in ["far_note_xls", "far_note_ods"] {
        let (status, json) = layout(name);
        assert_eq!(codes(&json), ["C002@G14"], "{name}");
        assert_eq!(first(&json, "C002")["location"]["sheet"], "報告", "{name}");
        assert_eq!(first(&json, "C002")["found"], "未集計", "{name}");
        assert_eq!(status, 1, "{name}");
        // Every other figure as in the sample; May's visits left out.
        assert_eq!(unit_figures(&json, "shohoku"), expected, "{name}");
    }
}

#[test]
fn two_level_labels_join_the_major_item_carried_down_with_the_minor_one() {
    let (_, json) = layout("two_level");
    let applied = json["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "apply_jizokuka").unwrap();
    // 持続化補助金 (merged down) + 申請: 勝北's applications, 1 in April and 1 in May.
    assert_eq!(applied["units"][0]["months"].as_array().unwrap()[..3], [1.0, 1.0, 0.0]);
    assert_eq!(applied["units"][0]["actual"], 2.0);
}

#[test]
fn month_sheets_keep_each_value_on_its_own_sheet() {
    let (_, report) = layout("monthly_sheets");
    assert_eq!(report["units"][1]["files"][0]["months"], serde_json::json!([4, 5, 6]));
    // A word typed on the 5月 sheet is found on that sheet, at its cell.
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (month, visits) in [("4月", "45"), ("5月", "未集計"), ("6月", "24")] {
        let sheet = workbook.add_worksheet();
        sheet.set_name(month).unwrap();
        sheet.write_string(0, 0, "支所名").unwrap();
        sheet.write_string(0, 1, "勝北").unwrap();
        sheet.write_string(2, 0, "項目").unwrap();
        sheet.write_string(2, 1, "件数").unwrap();
        sheet.write_string(3, 0, "①巡回件数").unwrap();
        match visits.parse::<f64>() {
            Ok(number) => sheet.write_number(3, 1, number).unwrap(),
            Err(_) => sheet.write_string(3, 1, visits).unwrap(),
        };
    }
    let file = dir.path().join("勝北_月別.xlsx");
    workbook.save(&file).unwrap();
    let output = matome(&["check", "--format", "json", "--as-of", "2021-06-14", file.to_str().unwrap()]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let finding = first(&json, "C002");
    assert_eq!(finding["location"], serde_json::json!({"file": file.to_str().unwrap(), "sheet": "5月", "cell": "B4"}));
    assert_eq!((&finding["month"], &finding["found"]), (&Value::from(5), &Value::from("未集計")));
}

#[test]
fn subtotal_columns_are_checked_like_the_total_and_never_read_as_months() {
    let expected = reference();
    for name in ["subtotals", "subtotals_ods"] {
        let (_, json) = layout(name);
        assert_eq!(unit_figures(&json, "shohoku"), expected, "{name}");
        // 窓口相談件数's 第1四半期計 is typed 185 over months summing to 183.
        assert_eq!(codes(&json), ["K001@E6"], "{name}");
        let finding = first(&json, "K001");
        assert_eq!((&finding["found"], &finding["expected"]), (&Value::from("185"), &Value::from("183")));
    }
    // Tables stacked on one sheet (上期 above 下期) join into one year; 上期計 is checked.
    for name in ["stacked", "stacked_xls"] {
        let (_, json) = layout(name);
        assert_eq!(unit_figures(&json, "shohoku"), expected, "{name}");
        assert_eq!(codes(&json), ["K001@H5"], "{name}");
    }
}

#[test]
fn excel_365_error_values_are_flagged_at_their_cell_and_the_rest_is_read() {
    let (_, json) = layout("error_values");
    // #CALC! in 窓口相談件数 6月 (D6) is excluded; #SPILL! in a memo cell is no concern.
    assert_eq!(codes(&json), ["C003@D6"]);
    assert_eq!(first(&json, "C003")["found"], "#CALC!");
    let mut expected = reference();
    expected.get_mut("consultations").unwrap()[2] = Value::Null;
    assert_eq!(unit_figures(&json, "shohoku"), expected);
}

#[test]
fn an_encrypted_ods_is_named_as_protection_matome_cannot_remove() {
    let (_, json) = layout("encrypted_ods");
    assert_eq!(finding_lines(&json)[0], "F001 勝北_パスワード付き.ods encrypted_unsupported");
}
