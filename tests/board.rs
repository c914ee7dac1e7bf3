//! The report as the board reads it: colours that follow edits (conditional
//! formats on live progress against a pace computed from the 基準日 cell),
//! charts drawn from the workbook's own cells, last year's figures, print
//! set-up. Read back from the written xlsx's parts.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

const VISITS: &str = r#"
[[kpis]]
id = "visits"
label = "巡回件数"
kind = "flow"
counter = "件"
group = "main"
unit_targets = { east = 100, west = 100 }
"#;

/// A unit's file: 巡回件数 by month from April.
fn submission(dir: &Path, unit: &str, date: &str, year: &str, months: &[&str]) {
    let grid = vec![
        row(&["支所名", unit]),
        row(&["基準日", date]),
        row(&["年度", year]),
        row(&[]),
        month_header(),
        kpi_row("巡回件数", months),
    ];
    write_grid(&dir.join(format!("{unit}.xlsx")), "報告", 0, 0, &grid);
}

/// A folder of this year's two files (10, 10, 5 visits each) and a config.
fn this_year(config_extra: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, two_unit_config(&format!("{VISITS}{config_extra}"))).unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for unit in ["東", "西"] {
        submission(&inputs, unit, "2021-06-14", "令和3年度", &["10", "10", "5"]);
    }
    (dir, config, inputs)
}

#[test]
fn colours_follow_the_live_progress_and_the_pace_cell() {
    let out = tempfile::tempdir().unwrap();
    consolidate_into(&samples_dir(), out.path(), "2021-06-14", &[]);
    let report = out.path().join("report.xlsx");
    let summary = xlsx_part(&report, "xl/worksheets/sheet1.xml");
    // The 基準日 is a date cell (D4), the pace a formula on it (F4).
    assert!(summary.contains(r#"<c r="D4" s="#), "{summary}");
    assert!(summary.contains("<f>MAX(0,MIN(1,(D4-DATE(2021,4,1)+1)/(DATE(2022,4,1)-DATE(2021,4,1))))</f>"));
    // Expected pace cells refer to it; the standing is a formula too.
    assert!(summary.contains(r#"<c r="G7" s=""#) && summary.contains("<f>$F$4</f>"));
    // 巡回件数 (row 7): three rules on its progress cell, green first, all against $F$4.
    let progress = summary.split(r#"<conditionalFormatting sqref="F7">"#).nth(1).unwrap();
    let progress = progress.split("</conditionalFormatting>").next().unwrap();
    let rules: Vec<&str> = progress.split("<cfRule ").skip(1).collect();
    assert_eq!(rules.len(), 3, "green, yellow, red");
    assert!(rules.iter().all(|r| r.contains(r#"stopIfTrue="1""#)));
    assert!(rules[0].contains("<formula>AND(ISNUMBER($F7),F7&gt;=1*$F$4)</formula>"), "{}", rules[0]);
    assert!(rules[1].contains("<formula>AND(ISNUMBER($F7),F7&gt;=0.8*$F$4)</formula>"), "{}", rules[1]);
    // No static fill is left on the progress and standing cells: the colour is the rules'.
    for cell in ["F7", "I7", "F24", "I24"] {
        assert_eq!(cell_fill(&report, "xl/worksheets/sheet1.xml", cell), 0, "{cell}");
    }
    assert_ne!(cell_fill(&report, "xl/worksheets/sheet1.xml", "D4"), 0, "the 基準日 is shaded as a cell to edit");
    let styles = xlsx_part(&report, "xl/styles.xml");
    assert!(styles.contains(r#"<dxfs count="3">"#), "green, yellow and red for the rules: {styles}");
    // 会員数 (a balance) is judged by its gain: (actual − 664) ÷ (680 − 664).
    assert!(summary.contains("(E24-664)/(D24-664))&gt;=1*$F$4"), "the balance's rule");
    // Each unit's 達成率 as data bars.
    assert!(summary.contains("<dataBar>"));
    // The KPI sheets' 達成率 and 進捗 cells are coloured against their own pace cell, from 総括.
    let visits = xlsx_part(&report, "xl/worksheets/sheet3.xml");
    assert!(visits.contains("<f>'総括'!$F$4</f>"), "the sheet's pace cell");
    assert!(visits.contains(r#"<conditionalFormatting sqref="P6:P11">"#), "達成率 of the units and the total");
    assert!(visits.contains("MIN(30/365,$P$2)"), "April's 進捗 against April's end");
}

#[test]
fn charts_are_drawn_from_the_workbooks_own_cells() {
    let out = tempfile::tempdir().unwrap();
    consolidate_into(&samples_dir(), out.path(), "2021-06-14", &[]);
    let report = out.path().join("report.xlsx");
    let workbook = xlsx_part(&report, "xl/workbook.xml");
    assert!(workbook.contains(r#"<sheet name="グラフ""#));
    let progress = xlsx_part(&report, "xl/charts/chart1.xml");
    assert!(progress.contains("<c:barChart>"));
    assert!(progress.contains("<c:f>総括!$F$7:$F$24</c:f>"), "progress of the 18 targets: {progress}");
    assert!(progress.contains("<c:f>総括!$G$7:$G$24</c:f>"), "the pace beside it");
    assert!(progress.contains("<c:f>総括!$B$7:$B$24</c:f>"), "by KPI label");
    // Beside 巡回件数's block: its 累計 (row 12) against the 計画 row (row 14), April to March.
    let block = xlsx_part(&report, "xl/charts/chart2.xml");
    assert!(block.contains("<c:lineChart>"));
    assert!(block.contains("<c:f>'巡回・窓口相談'!$B$12:$M$12</c:f>"), "{block}");
    assert!(block.contains("<c:f>'巡回・窓口相談'!$B$14:$M$14</c:f>"));
    assert!(block.contains("<c:f>'巡回・窓口相談'!$B$5:$M$5</c:f>"), "the month headings");
    let sheet = read_sheet(&report, "巡回・窓口相談");
    let plan = find_row(&sheet, 0, "計画");
    // 3,200 spread over the year: 30 of 365 days by April's end.
    assert!((number_at(&sheet, plan, 1) - 3200.0 * 30.0 / 365.0).abs() < 1e-9);
}

#[test]
fn printing_keeps_blocks_whole_and_the_summary_on_one_page() {
    let out = tempfile::tempdir().unwrap();
    consolidate_into(&samples_dir(), out.path(), "2021-06-14", &[]);
    let report = out.path().join("report.xlsx");
    let summary = xlsx_part(&report, "xl/worksheets/sheet1.xml");
    // Fitted to one page both ways (1 × 1 is the default, so no fitToHeight="0").
    assert!(summary.contains(r#"<pageSetUpPr fitToPage="1"/>"#) && !summary.contains("fitToHeight=\"0\""));
    let workbook = xlsx_part(&report, "xl/workbook.xml");
    assert!(
        workbook.contains(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="2">'巡回・窓口相談'!$1:$2</definedName>"#
        ),
        "{workbook}"
    );
    // 補助金 sheet: 11 blocks of 8 or 9 rows; breaks fall on block title rows only.
    let sheet = read_sheet(&report, "補助金・計画認定");
    let subsidies = xlsx_part(&report, "xl/worksheets/sheet4.xml");
    let breaks: Vec<u32> =
        subsidies.split("<brk id=\"").skip(1).map(|b| b.split('"').next().unwrap().parse().unwrap()).collect();
    assert!(!breaks.is_empty(), "{subsidies}");
    for row in breaks {
        // Excel's break is after the row given: the next row starts a block (its title).
        let title = text_at(&sheet, row, 0);
        assert!(title.contains("（件）"), "break before row {} «{title}»", row + 1);
    }
}

#[test]
fn last_years_figures_from_the_configuration_and_from_last_years_report() {
    // Last year's report: 8 visits a month for each unit (令和2年度, as of 2022-03-31).
    let last = tempfile::tempdir().unwrap();
    let last_config = last.path().join("config.toml");
    std::fs::write(&last_config, two_unit_config(VISITS).replace("fiscal_year = 2021", "fiscal_year = 2020")).unwrap();
    let last_inputs = last.path().join("in");
    std::fs::create_dir(&last_inputs).unwrap();
    for unit in ["東", "西"] {
        submission(&last_inputs, unit, "2021-03-31", "令和2年度", &["8"; 12]);
    }
    let (status, _) =
        consolidate_into(&last_inputs, last.path(), "2021-03-31", &["--config", last_config.to_str().unwrap()]);
    assert_eq!(status, 0);
    let last_report = last.path().join("report.xlsx");

    let (dir, config, inputs) = this_year("");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let args = ["--config", config.to_str().unwrap(), "--previous", last_report.to_str().unwrap()];
    let (_, json) = consolidate_into(&inputs, &out, "2021-06-14", &args);
    let visits = &json["kpis"][0];
    // 192 last year; 48 in April–June; this year 50 → 104.2%.
    assert_eq!((&visits["previous"], &visits["previous_to_date"]), (&Value::from(192.0), &Value::from(48.0)));
    assert!((visits["previous_ratio"].as_f64().unwrap() - 50.0 / 48.0).abs() < 1e-12);
    let summary = read_sheet(&out.join("report.xlsx"), "総括");
    let row = find_row(&summary, 1, "巡回件数");
    assert_eq!(text_at(&summary, 4, 9), "前年度実績");
    assert_eq!([9, 10].map(|c| number_at(&summary, row, c)), [192.0, 48.0]);
    assert!((number_at(&summary, row, 11) - 50.0 / 48.0).abs() < 1e-9);
    // The units' columns move right of them.
    assert_eq!(text_at(&summary, 4, 12), "東");
    // Last year's running total under the block, drawn as a third line of its chart.
    let block = read_sheet(&out.join("report.xlsx"), "主要");
    let previous = find_row(&block, 0, "前年累計");
    assert_eq!([1, 2, 3, 12].map(|c| number_at(&block, previous, c)), [16.0, 32.0, 48.0, 192.0]);
    let chart = xlsx_part(&out.join("report.xlsx"), "xl/charts/chart2.xml");
    let range = format!("<c:f>主要!$B${0}:$M${0}</c:f>", previous + 1);
    assert!(chart.contains(&range), "{chart}");

    // From the configuration: the result alone, so no same-months figure.
    let (dir, config, inputs) = this_year("previous = 2900\n");
    let (_, json) = consolidate_into(&inputs, dir.path(), "2021-06-14", &["--config", config.to_str().unwrap()]);
    assert_eq!(
        (&json["kpis"][0]["previous"], &json["kpis"][0]["previous_to_date"]),
        (&Value::from(2900.0), &Value::Null)
    );
    // By month too: last year's April–June.
    let months = "previous_months = [30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30]\n";
    let (dir, config, inputs) = this_year(months);
    let (_, json) = consolidate_into(&inputs, dir.path(), "2021-06-14", &["--config", config.to_str().unwrap()]);
    assert_eq!(
        (&json["kpis"][0]["previous"], &json["kpis"][0]["previous_to_date"]),
        (&Value::from(360.0), &Value::from(90.0))
    );

    // This year's own report is no last year's.
    let (dir, config, inputs) = this_year("");
    let this_report = dir.path().join("this.xlsx");
    matome(&[
        "consolidate",
        inputs.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "-o",
        this_report.to_str().unwrap(),
    ]);
    let output = matome(&[
        "consolidate",
        inputs.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "-o",
        dir.path().join("again.xlsx").to_str().unwrap(),
        "--previous",
        this_report.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("令和2年度"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_large_organisation_prints_its_totals_with_the_unit_rows_folded() {
    // 51 units: past 50 the KPI sheets stream row by row, and fold the unit rows.
    let mut config = two_unit_config(&VISITS.replace("unit_targets = { east = 100, west = 100 }", "target = 5000"));
    for unit in 0..49 {
        config.push_str(&format!("\n[[units]]\nid = \"u{unit}\"\nname = \"支所{unit}\"\n"));
    }
    let (dir, config_path, inputs) = this_year("");
    std::fs::write(&config_path, config).unwrap();
    let report = dir.path().join("large.xlsx");
    let output = matome(&[
        "consolidate",
        inputs.to_str().unwrap(),
        "--config",
        config_path.to_str().unwrap(),
        "-o",
        report.to_str().unwrap(),
        "--as-of",
        "2021-06-14",
    ]);
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    let sheet = xlsx_part(&report, "xl/worksheets/sheet3.xml");
    assert!(sheet.contains("<f>'総括'!$F$4</f>"), "the pace cell is written before the rows stream on");
    assert!(sheet.contains(r#"<row r="6" hidden="1""#), "the first unit row is folded: {sheet}");
    let shown = read_sheet(&report, "主要");
    assert!(text_at(&shown, 2, 0).starts_with("※ 支所別の行は"));
    assert_eq!(number_at(&shown, find_row(&shown, 0, "合計"), 13), 50.0);
}

#[test]
fn amounts_take_decimals_and_units_and_signed_figures_take_negatives() {
    let kpis = format!(
        "{}{AMOUNT_KPI}",
        r#"
[[kpis]]
id = "adopted"
label = "補助金採択 件数"
kind = "flow"
counter = "件"
group = "main"
target = 36

[[kpis]]
id = "net"
label = "会員増減"
kind = "flow"
value = "signed"
counter = "件"
group = "main"
"#
    );
    let config = two_unit_config(&kpis);
    let dir = tempfile::tempdir().unwrap();
    let config_path = dir.path().join("config.toml");
    std::fs::write(&config_path, config).unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let file = |unit: &str, amount_label: &str, amounts: &[&str], adopted: &[&str], net: &[&str]| {
        let rows = vec![kpi_row("補助金採択 件数", adopted), kpi_row(amount_label, amounts), kpi_row("会員増減", net)];
        write_submission(&inputs, unit, rows);
    };
    // Typed with units, and a fraction of 万円; west's row is in 千円.
    file("東", "補助金採択 金額", &["4,500万円", "12.5", "300000円"], &["1", "0", "2"], &["-3", "1", "0"]);
    file("西", "補助金採択 金額（千円）", &["1000", "0", "0"], &["0", "0", "1"], &["2", "0", "0"]);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let (status, json) = consolidate_into(&inputs, &out, "2021-06-14", &["--config", config_path.to_str().unwrap()]);
    let kpi = |id: &str| json["kpis"].as_array().unwrap().iter().find(|k| k["id"] == id).unwrap().clone();
    // 4,500 + 12.5 + 30 (万円) from 東, 1,000 千円 = 100 万円 from 西.
    assert_eq!(kpi("adopted_amount")["actual"], 4642.5);
    assert_eq!(kpi("adopted_amount")["units"][0]["months"].as_array().unwrap()[..3], [4500.0, 12.5, 30.0]);
    assert_eq!(kpi("net")["actual"], 0.0, "−3 + 1 + 2: negatives count");
    assert_eq!(kpi("adopted")["actual"], 4.0);
    // Each conversion is said (info), and nothing else is wrong.
    assert_eq!(status, 0);
    let mut converted: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {} → {}",
                f["code"].as_str().unwrap(),
                f["location"]["cell"].as_str().unwrap(),
                f["found"].as_str().unwrap(),
                f["expected"].as_str().unwrap()
            )
        })
        .collect();
    converted.sort();
    assert_eq!(converted, ["C008 A7 千円 → 万円", "C008 B7 45,000,000円 → 4,500 万円", "C008 D7 300,000円 → 30 万円"]);
    let message =
        json["findings"].as_array().unwrap().iter().find(|f| f["location"]["cell"] == "B7").unwrap()["message"].clone();
    assert_eq!(message, "補助金採択 金額 4月 の「45,000,000円」を 4,500 万円 に換算して集計しました。");
    // 万円 shows one decimal in the workbook; the summary names the unit.
    let report = out.join("report.xlsx");
    let summary = read_sheet(&report, "総括");
    let row = find_row(&summary, 1, "補助金採択 金額");
    assert_eq!((text_at(&summary, row, 2), number_at(&summary, row, 4)), ("万円".to_string(), 4642.5));
    assert!(xlsx_part(&report, "xl/styles.xml").contains(r##"formatCode="#,##0.0""##));
}
