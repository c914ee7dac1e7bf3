//! Helpers shared by the integration tests: run the binary, write small
//! workbooks from a grid of strings, read written workbooks back.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{open_workbook_auto, Data, Range, Reader};
use rust_xlsxwriter::{Formula, Workbook};

pub fn matome(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_matome")).args(args).output().expect("the binary runs")
}

pub fn matome_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_matome")).current_dir(dir).args(args).output().expect("the binary runs")
}

/// `matome consolidate` on a folder as of 2021-06-14, with extra
/// arguments (a --config), writing into a fresh temporary folder. Returns
/// the exit status and the JSON report; fails on exit 2 or a panic.
pub fn consolidate_json(inputs: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let out = tempfile::tempdir().unwrap();
    consolidate_into(inputs, out.path(), "2021-06-14", extra)
}

/// `matome consolidate` on a folder as of `as_of`, writing
/// `out/report.xlsx` and `out/report.json`; as `consolidate_json`.
pub fn consolidate_into(inputs: &Path, out: &Path, as_of: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    let report = out.join("report.xlsx");
    let json = out.join("report.json");
    let mut args = vec![
        "consolidate",
        inputs.to_str().unwrap(),
        "-o",
        report.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
        "--as-of",
        as_of,
    ];
    args.extend(extra);
    let output = matome(&args);
    let status = output.status.code().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(status < 2 && !stderr.contains("panicked"), "{stderr}");
    (status, serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap())
}

/// A unit's figures in a JSON report: each counted or level KPI's id → its
/// twelve months for `unit` (a unit id).
pub fn unit_figures(json: &serde_json::Value, unit: &str) -> std::collections::BTreeMap<String, serde_json::Value> {
    json["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["kind"] == "flow" || k["kind"] == "stock")
        .filter_map(|k| {
            let line = k["units"].as_array().unwrap().iter().find(|u| u["unit"] == unit)?;
            Some((k["id"].as_str().unwrap().to_string(), line["months"].clone()))
        })
        .collect()
}

/// The findings of a JSON report as sorted "code file found" lines.
pub fn finding_lines(json: &serde_json::Value) -> Vec<String> {
    let mut lines: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
            format!("{} {} {}", text(&f["code"]), text(&f["location"]["file"]), text(&f["found"]))
        })
        .collect();
    lines.sort();
    lines
}

pub fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// `folder` made, holding a copy of every sample file.
pub fn copy_samples_into(folder: &Path) {
    std::fs::create_dir_all(folder).unwrap();
    for entry in std::fs::read_dir(samples_dir()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
    }
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

/// Write a workbook with one sheet holding `rows` from (row0, col0).
/// A cell "" is blank, a number is a number, "=..." a formula with no cached
/// value, "'..." text exactly as given, anything else text.
pub fn write_grid(path: &Path, sheet: &str, row0: u32, col0: u16, rows: &[Vec<String>]) {
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet).unwrap();
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            let (row, col) = (row0 + r as u32, col0 + c as u16);
            if text.is_empty() {
                continue;
            } else if let Some(formula) = text.strip_prefix('=') {
                // An empty result, as openpyxl leaves it: no cached value.
                worksheet.write_formula(row, col, Formula::new(formula).set_result("")).unwrap();
            } else if let Some(raw) = text.strip_prefix('\'') {
                worksheet.write_string(row, col, raw).unwrap();
            } else if let Ok(number) = text.parse::<f64>() {
                worksheet.write_number(row, col, number).unwrap();
            } else {
                worksheet.write_string(row, col, text).unwrap();
            }
        }
    }
    workbook.save(path).unwrap();
}

pub fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

/// A KPI row: label then April to March.
pub fn kpi_row(label: &str, months: &[&str]) -> Vec<String> {
    let mut cells = vec![label.to_string()];
    cells.extend(months.iter().map(|s| s.to_string()));
    cells
}

pub fn month_header() -> Vec<String> {
    let mut cells = vec!["項目".to_string()];
    cells.extend([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].iter().map(|m| format!("{m}月")));
    cells.push("合計".to_string());
    cells
}

pub fn read_sheet(path: &Path, sheet: &str) -> Range<Data> {
    let mut workbook = open_workbook_auto(path).expect("the written workbook opens");
    workbook.worksheet_range(sheet).expect("the sheet exists")
}

/// The row (0-based, absolute) whose cell in `col` is `text`.
pub fn find_row(range: &Range<Data>, col: u32, text: &str) -> u32 {
    let (row0, _) = range.start().unwrap();
    (row0..=range.end().unwrap().0)
        .find(|&r| range.get_value((r, col)).is_some_and(|d| *d == text))
        .unwrap_or_else(|| panic!("no row with {text:?} in column {col}"))
}

pub fn number_at(range: &Range<Data>, row: u32, col: u32) -> f64 {
    match range.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("no number at ({row}, {col}): {other:?}"),
    }
}

pub fn text_at(range: &Range<Data>, row: u32, col: u32) -> String {
    range.get_value((row, col)).map(|d| d.to_string()).unwrap_or_default()
}

/// A part of an xlsx (a zip), as text: `xl/workbook.xml`, a sheet's XML …
pub fn xlsx_part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The fill (its index in styles.xml) a cell of a sheet part is drawn with.
pub fn cell_fill(book: &Path, sheet_part: &str, cell: &str) -> usize {
    let attribute = |text: &str, name: &str| -> usize {
        text.split(&format!("{name}=\"")).nth(1).and_then(|t| t.split('"').next()).map_or(0, |v| v.parse().unwrap())
    };
    let sheet = xlsx_part(book, sheet_part);
    let tag = sheet.split(&format!("<c r=\"{cell}\"")).nth(1).unwrap_or_else(|| panic!("no cell {cell}"));
    let style = attribute(tag.split('>').next().unwrap(), "s");
    let styles = xlsx_part(book, "xl/styles.xml");
    let cell_formats = styles.split("<cellXfs").nth(1).unwrap().split("</cellXfs>").next().unwrap();
    attribute(cell_formats.split("<xf ").nth(style + 1).unwrap(), "fillId")
}

/// A configuration of two units (東, 西) and one group, with `kpis`.
pub fn two_unit_config(kpis: &str) -> String {
    format!(
        r#"
[organisation]
name = "テスト商工会"
fiscal_year = 2021

[[units]]
id = "east"
name = "東"
aliases = ["東支所"]

[[units]]
id = "west"
name = "西"
aliases = ["西支所"]

[[groups]]
id = "main"
label = "主要"
{kpis}"#
    )
}

/// An amount KPI in 万円, for `two_unit_config`: 補助金採択 金額.
pub const AMOUNT_KPI: &str = r#"
[[kpis]]
id = "adopted_amount"
label = "補助金採択 金額"
kind = "flow"
value = "amount"
unit = "万円"
group = "main"
target = 4500
"#;

/// A unit's submission as of 2021-06-14, its KPI rows under the month
/// header on row 5, written to `dir/UNIT.xlsx` (sheet 報告).
pub fn write_submission(dir: &Path, unit: &str, kpi_rows: Vec<Vec<String>>) {
    let mut grid = vec![row(&["支所名", unit]), row(&["基準日", "2021-06-14"]), row(&[]), row(&[]), month_header()];
    grid.extend(kpi_rows);
    write_grid(&dir.join(format!("{unit}.xlsx")), "報告", 0, 0, &grid);
}

/// 勝北's figures as its sample file gives them (each KPI's id → its twelve
/// months), which every fixture made from that file must read back.
pub fn shohoku_sample_figures() -> std::collections::BTreeMap<String, serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(samples_dir().join("勝北支所_6月分(修正).xlsx"), dir.path().join("勝北支所.xlsx")).unwrap();
    let (_, json) = consolidate_json(dir.path(), &[]);
    let figures = unit_figures(&json, "shohoku");
    assert_eq!(figures["visits"].as_array().unwrap()[..3], [45.0, 44.0, 24.0]);
    figures
}
