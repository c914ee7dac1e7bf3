//! One fixture per finding code: a clean submission with one thing wrong,
//! checked by the binary; each test asserts the code, the cell and how the
//! value was treated. A small configuration keeps the fixtures readable.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

const KPIS: &str = r#"
[[kpis]]
id = "visits"
label = "巡回件数"
kind = "flow"
counter = "件"
group = "main"
unit_targets = { east = 100, west = 100 }

[[kpis]]
id = "visited"
label = "巡回先数"
kind = "stock"
monotonic = true
counter = "社"
group = "main"

[[kpis]]
id = "area"
label = "事業者数"
kind = "stock"
counter = "社"
group = "main"

[[kpis]]
id = "rate"
label = "巡回率"
kind = "ratio"
of = ["visited", "area"]
group = "main"
target = 1.0
"#;

/// A clean submission: rows 1–3 name the unit, date and year; the month
/// header is row 5; 巡回件数 is row 6 (B6 = April … E6 = July, N6 the
/// total, O6 the progress), 巡回先数 row 7, 事業者数 row 8.
fn clean(unit: &str) -> Vec<Vec<String>> {
    let mut header = month_header();
    header.push("進捗率".into());
    fn months(a: &'static str, b: &'static str, c: &'static str) -> Vec<&'static str> {
        let mut m = vec![a, b, c];
        m.extend([""; 9]);
        m
    }
    let mut visits = kpi_row("巡回件数", &months("10", "10", "5"));
    visits.push("25".into());
    visits.push("0.25".into());
    vec![
        row(&["支所名", unit]),
        row(&["基準日", "2021-06-14"]),
        row(&["年度", "令和3年度"]),
        row(&[]),
        header,
        visits,
        kpi_row("巡回先数", &months("5", "8", "9")),
        kpi_row("事業者数", &months("20", "20", "20")),
    ]
}

fn set(grid: &mut [Vec<String>], a1: &str, value: &str) {
    let col = (a1.as_bytes()[0] - b'A') as usize;
    let row: usize = a1[1..].parse::<usize>().unwrap() - 1;
    let cells = &mut grid[row];
    if cells.len() <= col {
        cells.resize(col + 1, String::new());
    }
    cells[col] = value.to_string();
}

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), two_unit_config(KPIS)).unwrap();
        std::fs::create_dir(dir.path().join("in")).unwrap();
        Case { dir }
    }

    fn inputs(&self) -> std::path::PathBuf {
        self.dir.path().join("in")
    }

    fn file(&self, name: &str, grid: &[Vec<String>]) -> &Case {
        write_grid(&self.inputs().join(name), "報告", 0, 0, grid);
        self
    }

    /// `matome check` on the folder (or on `only`), as JSON.
    fn check_paths(&self, paths: &[&Path]) -> (i32, Vec<Value>) {
        let config = self.dir.path().join("config.toml");
        let mut args = vec!["check", "--format", "json", "--as-of", "2021-06-14", "--config", config.to_str().unwrap()];
        args.extend(paths.iter().map(|p| p.to_str().unwrap()));
        let output = matome(&args);
        let json: Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
        (output.status.code().unwrap(), json["findings"].as_array().unwrap().clone())
    }

    fn check(&self) -> (i32, Vec<Value>) {
        self.check_paths(&[&self.inputs()])
    }
}

/// The one finding with `code`, asserting there is exactly one.
fn only(findings: &[Value], code: &str) -> Value {
    let matching: Vec<&Value> = findings.iter().filter(|f| f["code"] == code).collect();
    assert_eq!(matching.len(), 1, "one {code} expected in {findings:#?}");
    matching[0].clone()
}

fn assert_finding(finding: &Value, severity: &str, cell: Option<&str>, treatment: &str) {
    assert_eq!(finding["severity"], severity, "{finding:#}");
    assert_eq!(finding["location"]["cell"].as_str(), cell, "{finding:#}");
    assert_eq!(finding["treatment"], treatment, "{finding:#}");
    assert!(!finding["message"].as_str().unwrap().is_empty());
}

fn both_clean(case: &Case) {
    case.file("東支所.xlsx", &clean("東")).file("西支所.xlsx", &clean("西"));
}

#[test]
fn clean_submissions_have_no_findings() {
    let case = Case::new();
    both_clean(&case);
    let (status, findings) = case.check();
    assert_eq!(findings, Vec::<Value>::new());
    assert_eq!(status, 0);
}

#[test]
fn f001_a_file_that_is_not_a_spreadsheet() {
    let case = Case::new();
    both_clean(&case);
    std::fs::write(case.inputs().join("メモ.xlsx"), "支所名,東\n").unwrap();
    let (status, findings) = case.check();
    let finding = only(&findings, "F001");
    assert_finding(&finding, "error", None, "file_skipped");
    assert_eq!(finding["location"]["file"], "メモ.xlsx");
    assert_eq!(findings.len(), 1);
    assert_eq!(status, 1);
}

#[test]
fn f002_no_unit_in_cells_or_name() {
    let case = Case::new();
    let mut grid = clean("");
    grid[0] = row(&[]);
    case.file("西支所.xlsx", &clean("西")).file("report.xlsx", &grid);
    let (_, findings) = case.check();
    assert_finding(&only(&findings, "F002"), "error", None, "file_skipped");
    // Only 西's files are known: a branch's own folder, no F006 for 東.
    assert!(findings.iter().all(|f| f["code"] != "F006"), "{findings:#?}");
}

#[test]
fn f003_cell_and_file_name_disagree() {
    let case = Case::new();
    case.file("西支所.xlsx", &clean("東")).file("west.xlsx", &clean("西"));
    let (_, findings) = case.check();
    let finding = only(&findings, "F003");
    assert_finding(&finding, "warning", Some("B1"), "none");
    assert_eq!(finding["found"], "東");
    // The cell wins: 東 is counted from 西支所.xlsx and 西 from west.xlsx.
    assert!(findings.iter().all(|f| f["code"] != "F005"), "{findings:#?}");
}

#[test]
fn f004_a_unit_not_in_the_configuration() {
    let case = Case::new();
    both_clean(&case);
    case.file("report.xlsx", &clean("北"));
    let (_, findings) = case.check();
    let finding = only(&findings, "F004");
    assert_finding(&finding, "error", Some("B1"), "file_skipped");
    assert_eq!(finding["found"], "北");
}

#[test]
fn f006_a_unit_that_sent_nothing_when_consolidating() {
    let case = Case::new();
    case.file("東支所.xlsx", &clean("東"));
    let config = case.dir.path().join("config.toml");
    let (status, json) = consolidate_json(&case.inputs(), &["--config", config.to_str().unwrap()]);
    let finding = only(json["findings"].as_array().unwrap(), "F006");
    assert_eq!(finding["unit"], "west");
    assert_eq!(status, 1);
    // A branch checking its own folder or file is not told about the others.
    let (status, findings) = case.check();
    assert_eq!((status, findings.len()), (0, 0), "{findings:#?}");
    let (status, findings) = case.check_paths(&[&case.inputs().join("東支所.xlsx")]);
    assert_eq!((status, findings.len()), (0, 0), "{findings:#?}");
}

#[test]
fn f007_a_file_for_another_fiscal_year() {
    let case = Case::new();
    let mut grid = clean("東");
    set(&mut grid, "B3", "令和2年度");
    case.file("東支所.xlsx", &grid).file("西支所.xlsx", &clean("西"));
    let (_, findings) = case.check();
    let finding = only(&findings, "F007");
    assert_finding(&finding, "error", Some("B3"), "file_skipped");
    assert_eq!(finding["found"], "令和2年度");
}

#[test]
fn f008_no_table() {
    let case = Case::new();
    both_clean(&case);
    case.file("東支所_メモ.xlsx", &[row(&["支所名", "東"]), row(&["今月は特になし"])]);
    let (_, findings) = case.check();
    let finding = only(&findings, "F008");
    assert_finding(&finding, "error", None, "file_skipped");
    assert_eq!(finding["message"], "月の見出し（4月、5月 …）と項目名の並んだ表が見つかりません。");
}

#[test]
fn f008_names_what_came_closest() {
    // Two months only in the header row (row 5): too few to be one.
    let case = Case::new();
    let mut grid = clean("東");
    grid[4].truncate(3);
    for row in &mut grid[5..] {
        row.truncate(3);
    }
    case.file("東支所.xlsx", &grid);
    let (_, findings) = case.check_paths(&[&case.inputs().join("東支所.xlsx")]);
    let finding = only(&findings, "F008");
    assert_finding(&finding, "error", Some("B5"), "file_skipped");
    assert_eq!((&finding["reason"], &finding["found"]), (&Value::from("few_months"), &Value::from("2")));
    assert_eq!(
        finding["message"],
        "5行目に月の見出しが2つしかありません（3つ以上必要です）。4月〜3月の見出しを並べてください。"
    );
    // Item labels with no month header above them.
    let case = Case::new();
    let mut grid = clean("東");
    grid.remove(4);
    case.file("東支所.xlsx", &grid);
    let (_, findings) = case.check_paths(&[&case.inputs().join("東支所.xlsx")]);
    let finding = only(&findings, "F008");
    assert_finding(&finding, "error", Some("A5"), "file_skipped");
    assert_eq!((&finding["reason"], &finding["expected"]), (&Value::from("no_month_header"), &Value::from("3")));
    assert_eq!(
        finding["message"],
        "項目名（「巡回件数」など 3 個）は見つかりましたが、その上に月の見出し行（4月、5月 …）がありません。"
    );
}

#[test]
fn f009_a_report_in_the_input_folder_is_skipped() {
    let case = Case::new();
    both_clean(&case);
    let config = case.dir.path().join("config.toml");
    let report = case.inputs().join("集計.xlsx");
    let inputs = case.inputs();
    let args =
        ["consolidate", inputs.to_str().unwrap(), "-o", report.to_str().unwrap(), "--config", config.to_str().unwrap()];
    assert_eq!(matome(&args).status.code(), Some(0));
    let (status, findings) = case.check();
    let finding = only(&findings, "F009");
    assert_finding(&finding, "info", None, "file_skipped");
    assert_eq!(status, 0);
    // Consolidating again replaces the report it recognises as its own.
    assert_eq!(matome(&args).status.code(), Some(0));
}

#[test]
fn r001_a_missing_kpi_row() {
    let case = Case::new();
    let mut grid = clean("東");
    grid.truncate(7);
    case.file("東支所.xlsx", &grid).file("西支所.xlsx", &clean("西"));
    let (_, findings) = case.check();
    let finding = only(&findings, "R001");
    assert_eq!(finding["kpi"], "area");
    assert_finding(&finding, "error", None, "excluded");
}

#[test]
fn r002_a_label_that_matches_no_kpi() {
    let case = Case::new();
    let mut grid = clean("東");
    grid.push(kpi_row("巡回件教", &["3", "1", "0"]));
    case.file("東支所.xlsx", &grid).file("西支所.xlsx", &clean("西"));
    let (status, findings) = case.check();
    let finding = only(&findings, "R002");
    assert_finding(&finding, "warning", Some("A9"), "excluded");
    assert_eq!(finding["found"], "巡回件教");
    // A near miss names the KPI it was probably meant to be.
    assert_eq!(finding["suggestion"], "visits");
    assert_eq!(
        finding["message"],
        "項目名「巡回件教」が設定のどの項目とも一致しません。「巡回件数」の誤りではありませんか。"
    );
    assert_eq!(status, 0);
    // A warning fails the check only when asked to.
    let config = case.dir.path().join("config.toml");
    let inputs = case.inputs();
    let base = ["check", "--as-of", "2021-06-14", "--config", config.to_str().unwrap(), inputs.to_str().unwrap()];
    assert_eq!(matome(&base).status.code(), Some(0));
    let strict: Vec<&str> = base.iter().copied().chain(["--deny-warnings"]).collect();
    assert_eq!(matome(&strict).status.code(), Some(1));
}

#[test]
fn r002_names_the_cell_the_branch_typed_beside_a_group_or_major_heading() {
    // Made by openpyxl (make_fixtures.py typos), with the default configuration.
    let found = |folder: &str| -> Vec<(String, String, Value)> {
        let path = fixtures_dir().join("typos").join(folder);
        let output = matome(&["check", "--format", "json", "--as-of", "2021-06-14", path.to_str().unwrap()]);
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "R002")
            .map(|f| {
                let cell =
                    format!("{}!{}", f["location"]["sheet"].as_str().unwrap(), f["location"]["cell"].as_str().unwrap());
                (cell, f["found"].as_str().unwrap().to_string(), f["suggestion"].clone())
            })
            .collect()
    };
    // The template: the typo in B7, not the 区分 「巡回・窓口相談」 in A7.
    assert_eq!(found("template"), [("提出!B7".into(), "巡回件教".into(), Value::from("visits"))]);
    // Two-level labels: a numbered typo in the 大項目 column, and a 小項目
    // typo beside its merged 大項目, named with it.
    assert_eq!(
        found("two_level"),
        [
            ("報告!A5".into(), "①巡回件教".into(), Value::from("visits")),
            ("報告!B9".into(), "持続化補助金 申清".into(), Value::from("apply_jizokuka")),
        ]
    );
}

#[test]
fn r002_suggests_only_when_confident() {
    let case = Case::new();
    let mut grid = clean("東");
    // Short words (every edit is another word) and a label near no KPI get
    // no suggestion; a missing 数 does.
    for (label, value) in [("その他", "1"), ("巡回先事業者", "2"), ("事業者", "3"), ("巡回先", "4")] {
        grid.push(kpi_row(label, &[value]));
    }
    case.file("東支所.xlsx", &grid).file("西支所.xlsx", &clean("西"));
    let (_, findings) = case.check();
    let suggestions: Vec<(String, Value)> = findings
        .iter()
        .filter(|f| f["code"] == "R002")
        .map(|f| (f["found"].as_str().unwrap().to_string(), f["suggestion"].clone()))
        .collect();
    assert_eq!(
        suggestions,
        [
            ("その他".to_string(), Value::Null),
            ("巡回先事業者".to_string(), Value::Null),
            ("事業者".to_string(), Value::from("area")),
            ("巡回先".to_string(), Value::from("visited")),
        ]
    );
}

#[test]
fn r003_the_same_kpi_twice_with_different_values() {
    let case = Case::new();
    let mut grid = clean("東");
    grid.push(kpi_row("巡回 件数（件）", &["10", "11", "5"]));
    case.file("東支所.xlsx", &grid).file("西支所.xlsx", &clean("西"));
    let (_, findings) = case.check();
    let finding = only(&findings, "R003");
    assert_finding(&finding, "error", Some("A9"), "excluded");
    assert_eq!(finding["expected"], "A6");
}

fn one_cell_case(a1: &str, value: &str) -> Vec<Value> {
    let case = Case::new();
    let mut grid = clean("東");
    set(&mut grid, a1, value);
    case.file("東支所.xlsx", &grid).file("西支所.xlsx", &clean("西"));
    case.check().1
}

#[test]
fn c001_blank_where_a_number_is_due_counts_as_zero() {
    let findings = one_cell_case("B6", "");
    let finding = only(&findings, "C001");
    assert_finding(&finding, "warning", Some("B6"), "taken_as_zero");
    assert_eq!(finding["month"], 4);
    // The June cell is blank too in a file sent mid-June: not yet due.
    let findings = one_cell_case("D6", "");
    assert!(findings.iter().all(|f| f["code"] != "C001"), "{findings:#?}");
}

#[test]
fn c002_text_that_is_not_a_number() {
    let finding = only(&one_cell_case("C6", "未集計"), "C002");
    assert_finding(&finding, "error", Some("C6"), "excluded");
    assert_eq!(finding["found"], "未集計");
    // Numbers as people type them are read, not flagged.
    for typed in ["１０", "10件", "'10", "1,0"] {
        let findings = one_cell_case("C6", typed);
        assert!(findings.iter().all(|f| f["code"] != "C002"), "{typed}: {findings:#?}");
    }
}

#[test]
fn c003_an_excel_error_value() {
    let finding = only(&one_cell_case("C6", "#REF!"), "C003");
    assert_finding(&finding, "error", Some("C6"), "excluded");
    assert_eq!(finding["found"], "#REF!");
}

#[test]
fn c004_formulas_without_saved_results_are_worked_out_not_flagged() {
    // rust_xlsxwriter always stores a result, so this fixture is openpyxl's
    // (tests/fixtures/make_fixtures.py): 巡回件数 4月〜6月 are 「=44+1」,
    // 「=43+1」, 「=23+1」 with nothing saved; they are worked out and counted.
    let file = fixtures_dir().join("formulas").join("no_cache").join("勝北.xlsx");
    let output = matome(&["check", "--format", "json", "--as-of", "2021-06-14", file.to_str().unwrap()]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(output.status.code(), Some(0));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&file, dir.path().join("勝北.xlsx")).unwrap();
    let (_, json) = consolidate_json(dir.path(), &[]);
    assert_eq!(unit_figures(&json, "shohoku")["visits"].as_array().unwrap()[..3], [45.0, 44.0, 24.0]);
}

#[test]
fn c005_a_negative_count() {
    let finding = only(&one_cell_case("C6", "-3"), "C005");
    assert_finding(&finding, "error", Some("C6"), "excluded");
    assert_eq!(finding["found"], "-3");
}

#[test]
fn c006_a_fraction_where_counts_are_whole() {
    let finding = only(&one_cell_case("C6", "2.5"), "C006");
    assert_finding(&finding, "error", Some("C6"), "excluded");
}

#[test]
fn c007_a_value_in_a_month_after_the_report_date() {
    let finding = only(&one_cell_case("E6", "4"), "C007");
    assert_finding(&finding, "error", Some("E6"), "excluded");
    assert_eq!(finding["month"], 7);
    // A zero there is how templates are pre-filled: fine.
    assert!(one_cell_case("E6", "0").is_empty());
}

#[test]
fn k001_a_typed_row_total_that_is_not_the_sum() {
    let finding = only(&one_cell_case("N6", "30"), "K001");
    assert_finding(&finding, "error", Some("N6"), "recomputed");
    assert_eq!((finding["found"].as_str(), finding["expected"].as_str()), (Some("30"), Some("25")));
}

#[test]
fn k002_a_typed_cumulative_row_that_is_wrong_or_goes_down() {
    let case = Case::new();
    let mut grid = clean("東");
    grid.insert(6, kpi_row("累計", &["10", "20", "19"]));
    case.file("東支所.xlsx", &grid).file("西支所.xlsx", &clean("西"));
    let (_, findings) = case.check();
    let finding = only(&findings, "K002");
    assert_finding(&finding, "error", Some("D7"), "recomputed");
    assert_eq!(finding["found"], "19");
}

#[test]
fn k003_a_typed_progress_against_the_wrong_target() {
    // 25 of 100 is 25%; 0.19 is 25 of 130.
    let finding = only(&one_cell_case("O6", "0.19"), "K003");
    assert_finding(&finding, "error", Some("O6"), "recomputed");
    assert_eq!(finding["expected"], "25.0%");
    assert!(one_cell_case("O6", "25%").is_empty());
}

#[test]
fn k004_a_stock_that_went_down() {
    let finding = only(&one_cell_case("D7", "6"), "K004");
    assert_finding(&finding, "warning", Some("D7"), "used_as_reported");
    assert_eq!(finding["expected"], ">= 8");
}

#[test]
fn k005_more_visited_than_there_are() {
    let finding = only(&one_cell_case("D7", "25"), "K005");
    assert_finding(&finding, "error", Some("D7"), "excluded");
    assert_eq!(finding["found"], "25 / 20");
}

#[test]
fn totals_agree_with_how_flagged_cells_were_treated() {
    let case = Case::new();
    let mut east = clean("東");
    set(&mut east, "B6", ""); // blank, due: counted as 0
    set(&mut east, "C6", "未集計"); // excluded
    set(&mut east, "D6", "7"); // counted
    set(&mut east, "E6", "4"); // a month to come: excluded
    set(&mut east, "N6", "");
    set(&mut east, "O6", "");
    let mut west = clean("西");
    set(&mut west, "D7", "25"); // 25 visited of 20: west left out of the rate
    case.file("東支所.xlsx", &east).file("西支所.xlsx", &west);
    let config = case.dir.path().join("config.toml");
    let out = case.dir.path().join("report.xlsx");
    let output = matome(&[
        "consolidate",
        case.inputs().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--as-of",
        "2021-06-14",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let summary = read_sheet(&out, "総括");
    let visits = find_row(&summary, 1, "巡回件数");
    // East: 0 + 7 = 7; west: 10 + 10 + 5 = 25.
    assert_eq!(number_at(&summary, visits, 4), 32.0);
    assert_eq!(number_at(&summary, visits, 10), 7.0);
    let rate = find_row(&summary, 1, "巡回率");
    assert!((number_at(&summary, rate, 4) - 9.0 / 20.0).abs() < 1e-12);
    // The flagged cells are marked where the number is, in the KPI sheet.
    let sheet = read_sheet(&out, "主要");
    let east_row = find_row(&sheet, 0, "東");
    assert_eq!(number_at(&sheet, east_row, 1), 0.0);
    assert_eq!(text_at(&sheet, east_row, 2), "");
}

#[test]
fn m001_a_later_file_revises_a_month() {
    let case = Case::new();
    let mut older = clean("東");
    set(&mut older, "B2", "2021-06-10");
    set(&mut older, "B6", "99");
    set(&mut older, "N6", "114");
    set(&mut older, "O6", "");
    // A typo in the unit cell (F003) of a file replaced whole no longer applies either.
    set(&mut older, "B1", "東x");
    case.file("東支所_6月分.xlsx", &older).file("東支所_6月分(修正).xlsx", &clean("東")).file("西.xlsx", &clean("西"));
    let (status, findings) = case.check();
    // The corrected file has the last word; the older one is replaced whole.
    assert_eq!(status, 0, "{findings:#?}");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = only(&findings, "M001");
    assert_finding(&finding, "info", Some("B6"), "used_as_reported");
    assert_eq!(finding["location"]["file"], "東支所_6月分(修正).xlsx");
    assert_eq!((&finding["found"], &finding["month"]), (&Value::from("10"), &Value::from(4)));
    assert_eq!(finding["previous"]["value"], "99");
    assert_eq!(finding["previous"]["location"]["file"], "東支所_6月分.xlsx");
    assert_eq!(finding["previous"]["location"]["cell"], "B6");
    assert_eq!(
        finding["message"],
        "巡回件数 4月: 99 → 10（東支所_6月分.xlsx → 東支所_6月分(修正).xlsx）。新しいファイルの値で集計しました。"
    );
}

#[test]
fn m002_equally_recent_files_that_disagree() {
    let case = Case::new();
    let mut other = clean("東");
    set(&mut other, "C6", "12");
    set(&mut other, "N6", "27");
    set(&mut other, "O6", "0.27");
    case.file("東支所_a.xlsx", &clean("東")).file("東支所_b.xlsx", &other).file("西.xlsx", &clean("西"));
    let (status, findings) = case.check();
    assert_eq!(status, 1);
    let finding = only(&findings, "M002");
    assert_finding(&finding, "error", Some("C6"), "used_as_reported");
    assert_eq!(finding["location"]["file"], "東支所_b.xlsx");
    assert_eq!((&finding["found"], &finding["reason"]), (&Value::from("12"), &Value::from("later_file_name")));
    assert_eq!(
        (&finding["previous"]["value"], &finding["previous"]["location"]["file"]),
        (&Value::from("10"), &Value::from("東支所_a.xlsx"))
    );
    assert!(findings.iter().all(|f| f["code"] == "M002"), "{findings:#?}");
}

#[test]
fn a_blank_in_a_later_file_never_erases_and_pre_filled_zeros_are_not_figures() {
    let case = Case::new();
    // May's file: April and May, June pre-filled with 0 (after its 基準日).
    let mut may = clean("東");
    set(&mut may, "B2", "2021-05-31");
    set(&mut may, "D6", "0");
    for cell in ["N6", "O6"] {
        set(&mut may, cell, "");
    }
    // June's file: only June; April and May left blank.
    let mut june = clean("東");
    for cell in ["B6", "C6", "B7", "C7", "B8", "C8", "N6", "O6"] {
        set(&mut june, cell, "");
    }
    case.file("東支所_5月分.xlsx", &may).file("東支所_6月分.xlsx", &june).file("西.xlsx", &clean("西"));
    let (status, findings) = case.check();
    // No revision of June's pre-filled 0, and no blank April or May.
    assert_eq!((status, findings.len()), (0, 0), "{findings:#?}");
}

#[test]
fn a_cell_finding_is_retired_by_a_later_files_count() {
    let case = Case::new();
    let mut first = clean("東");
    set(&mut first, "B2", "2021-06-10");
    set(&mut first, "C6", "未集計");
    set(&mut first, "D6", "-5");
    let mut second = clean("東");
    set(&mut second, "D6", "");
    for grid in [&mut first, &mut second] {
        set(grid, "N6", "");
        set(grid, "O6", "");
    }
    case.file("東支所_6月分.xlsx", &first).file("東支所_6月分_再提出.xlsx", &second).file("西.xlsx", &clean("西"));
    let (_, findings) = case.check();
    // May was corrected by the later file; June's negative stands, since the
    // later file left June blank, and the blank is not reported twice.
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = only(&findings, "C005");
    assert_eq!(finding["location"]["file"], "東支所_6月分.xlsx");
    assert_finding(&finding, "error", Some("D6"), "excluded");
}

/// A workbook of several sheets, each a grid written from A1.
fn write_sheets(path: &Path, sheets: &[(&str, Vec<Vec<String>>)]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (name, grid) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, cells) in grid.iter().enumerate() {
            for (c, text) in cells.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
                match text.parse::<f64>() {
                    Ok(number) => sheet.write_number(r as u32, c as u16, number).unwrap(),
                    Err(_) => sheet.write_string(r as u32, c as u16, text).unwrap(),
                };
            }
        }
    }
    workbook.save(path).unwrap();
}

#[test]
fn f010_another_sheet_with_the_same_items_and_other_figures() {
    let case = Case::new();
    let mut copy = clean("東");
    set(&mut copy, "B6", "11");
    write_sheets(&case.inputs().join("東支所.xlsx"), &[("提出", clean("東")), ("控え", copy)]);
    case.file("西支所.xlsx", &clean("西"));
    let (status, findings) = case.check();
    assert_eq!(status, 0, "a warning only");
    let finding = only(&findings, "F010");
    assert_finding(&finding, "warning", None, "excluded");
    assert_eq!((&finding["location"]["sheet"], &finding["expected"]), (&Value::from("控え"), &Value::from("提出")));
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn tables_on_several_sheets_join_and_an_identical_copy_adds_nothing() {
    let case = Case::new();
    // 巡回件数 on one sheet, the two stocks on another, and a copy for printing.
    let full = clean("東");
    let visits: Vec<Vec<String>> = full[..6].to_vec();
    let mut stocks: Vec<Vec<String>> = full[..5].to_vec();
    stocks.extend(full[6..8].iter().cloned());
    write_sheets(&case.inputs().join("東支所.xlsx"), &[("巡回", visits), ("事業者", stocks), ("印刷用", full)]);
    case.file("西支所.xlsx", &clean("西"));
    let (status, findings) = case.check();
    assert_eq!((status, findings.len()), (0, 0), "{findings:#?}");
    // A word on the second sheet is found there.
    let mut stocks: Vec<Vec<String>> = clean("東")[..5].to_vec();
    stocks.extend(clean("東")[6..8].iter().cloned());
    set(&mut stocks, "C6", "不明");
    write_sheets(&case.inputs().join("東支所.xlsx"), &[("巡回", clean("東")[..6].to_vec()), ("事業者", stocks)]);
    let (_, findings) = case.check();
    let finding = only(&findings, "C002");
    assert_eq!(
        (&finding["location"]["sheet"], &finding["location"]["cell"]),
        (&Value::from("事業者"), &Value::from("C6"))
    );
}
