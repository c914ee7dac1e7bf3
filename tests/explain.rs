//! `matome check --explain FILE`: how a file was read, for a person and as
//! data — on the samples, on hand-made layouts, and on a file with no table.

mod common;

use common::*;
use serde_json::Value;

fn explain_json(file: &std::path::Path) -> Value {
    let output = matome(&["check", "--explain", "--format", "json", file.to_str().unwrap()]);
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn a_sample_names_its_header_row_and_every_kpi_row() {
    let file = samples_dir().join("勝北支所_6月分(修正).xlsx");
    let json = explain_json(&file);
    assert_eq!((&json["layout"], &json["sheets"]), (&Value::from("rows"), &serde_json::json!(["提出"])));
    let months: Vec<(String, u64)> = json["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["place"]["cell"].as_str().unwrap().to_string(), m["month"].as_u64().unwrap()))
        .collect();
    let columns = ["D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O"];
    let expected: Vec<(String, u64)> =
        columns.iter().zip([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]).map(|(c, m)| (format!("{c}6"), m)).collect();
    assert_eq!(months, expected);
    // Every one of the 28 input KPIs, by its label cell B7 … B34.
    let kpis = json["kpis"].as_array().unwrap();
    assert_eq!(kpis.len(), 28);
    for (index, kpi) in kpis.iter().enumerate() {
        assert_eq!(kpi["place"]["cell"], format!("B{}", 7 + index));
        assert_eq!(kpi["months"], format!("D{0}:O{0}", 7 + index));
    }
    assert_eq!((&kpis[0]["kpi"], &kpis[0]["rule"]), (&Value::from("visits"), &Value::from("label")));
    assert_eq!((&json["unit"]["place"]["cell"], &json["unit"]["read_as"]), (&Value::from("B3"), &Value::from("勝北")));
    assert_eq!(json["report_date"]["text"], "2021-06-14");
    let totals: Vec<&str> = json["totals"].as_array().unwrap().iter().map(|t| t["cell"].as_str().unwrap()).collect();
    assert_eq!(totals, ["P6", "R6"]);
    let not_read = json["not_read"].as_array().unwrap();
    assert!(not_read.contains(&serde_json::json!({"what": "sheet", "sheet": "記入方法", "why": "no_table"})));
    assert!(not_read.iter().any(|n| n["what"] == "row_without_numbers" && n["place"]["cell"] == "A36"));

    // As text, for a person: the same, then the file's findings.
    let output = matome(&["check", "--explain", file.to_str().unwrap()]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("  表: 提出（月が横に並ぶ表）\n"), "{text}");
    assert!(text.contains("  支所名: 提出!B3「勝北」→ 勝北\n"), "{text}");
    assert!(text.contains("    提出!B7「巡回件数」→ 巡回件数（項目名どおり; 各月のセル D7:O7）\n"), "{text}");
    assert!(text.contains("    記入方法: 表がありません\n"), "{text}");
    assert!(text.contains("提出!P32: error[K001]"), "{text}");
    assert_eq!(output.status.code(), Some(1));

    // In the organisation's own word for its units.
    let dir = tempfile::tempdir().unwrap();
    let default = String::from_utf8(matome(&["config"]).stdout).unwrap();
    let config = dir.path().join("stores.toml");
    std::fs::write(&config, default.replacen("# unit_word = \"支所\"", "unit_word = \"店舗\"", 1)).unwrap();
    let output = matome(&["check", "--explain", file.to_str().unwrap(), "--config", config.to_str().unwrap()]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("  店舗名: 提出!B3「勝北」→ 勝北\n"), "{text}");
}

#[test]
fn hand_made_layouts_say_which_rule_matched() {
    let layouts = fixtures_dir().join("layouts");
    let json = explain_json(&layouts.join("two_level/勝北.xlsx"));
    let applied = json["kpis"].as_array().unwrap().iter().find(|k| k["kpi"] == "apply_jizokuka").unwrap();
    assert_eq!((&applied["rule"], &applied["text"]), (&Value::from("two_level"), &Value::from("持続化補助金 申請")));
    let json = explain_json(&layouts.join("numbered/勝北.xlsx"));
    assert_eq!(
        (&json["kpis"][0]["text"], &json["kpis"][0]["rule"]),
        (&Value::from("①巡回件数"), &Value::from("without_numbering"))
    );
    let json = explain_json(&layouts.join("monthly_sheets/勝北.xlsx"));
    assert_eq!(json["layout"], "monthly_sheets");
    assert_eq!(json["kpis"][0]["months"], "4月!B2, 5月!B2, 6月!B2");
    assert_eq!(json["unit"]["place"], serde_json::json!({"sheet": "表紙", "cell": "B1"}));
    let json = explain_json(&layouts.join("transposed/勝北.xlsx"));
    assert_eq!(
        (&json["layout"], &json["months"][0]["place"]["cell"]),
        (&Value::from("transposed"), &Value::from("A5"))
    );
}

#[test]
fn a_file_with_no_table_says_what_came_closest() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("勝北.xlsx");
    write_grid(
        &file,
        "報告",
        0,
        0,
        &[row(&["支所名", "勝北"]), row(&["項目", "4月", "5月"]), row(&["巡回件数", "45", "44"])],
    );
    let json = explain_json(&file);
    assert_eq!(json["unreadable"]["code"], "F008");
    assert_eq!(json["unreadable"]["reason"], "few_months");
    let output = matome(&["check", "--explain", file.to_str().unwrap()]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("このファイルは読めませんでした: 2行目に月の見出しが2つしかありません"), "{text}");
    // --explain takes one file.
    let output = matome(&["check", "--explain", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
}
