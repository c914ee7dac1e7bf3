//! A finding and the totals always say the same thing. For every way a
//! flagged value is treated (excluded, taken as 0, recomputed, converted,
//! an earlier file's figure used), the finding is read from the JSON and
//! the figure from the written workbook's KPI sheet, and they must agree.
//! The folder is made by openpyxl from the samples
//! (tests/fixtures/treatments/, `make_fixtures.py treatments`).

mod common;

use calamine::{open_workbook_auto, Data, Range, Reader};
use common::*;
use serde_json::Value;

/// The written workbook's KPI blocks: (label, unit) → the unit row's twelve
/// month cells and its 合計 cell.
struct Blocks {
    sheets: Vec<Range<Data>>,
}

impl Blocks {
    fn read(book: &std::path::Path) -> Blocks {
        let mut workbook = open_workbook_auto(book).unwrap();
        let names = workbook.sheet_names().to_vec();
        Blocks { sheets: names.iter().filter_map(|n| workbook.worksheet_range(n).ok()).collect() }
    }

    /// The unit's row of the KPI's block: months (None where blank) and total.
    fn unit_row(&self, label: &str, unit: &str) -> (Vec<Option<f64>>, f64) {
        let title = format!("{label}（");
        for sheet in &self.sheets {
            let height = sheet.end().map_or(0, |e| e.0 + 1);
            let Some(top) = (0..height).find(|&r| text_at(sheet, r, 0).starts_with(&title)) else { continue };
            let row = (top + 1..height).find(|&r| text_at(sheet, r, 0) == unit).expect("a row for the unit");
            let months = (1..=12)
                .map(|c| match sheet.get_value((row, c)) {
                    Some(Data::Float(f)) => Some(*f),
                    Some(Data::Int(i)) => Some(*i as f64),
                    _ => None,
                })
                .collect();
            return (months, number_at(sheet, row, 13));
        }
        panic!("no block for {label}")
    }
}

fn label_of(json: &Value, kpi: &str) -> String {
    json["kpis"].as_array().unwrap().iter().find(|k| k["id"] == kpi).unwrap()["label"].as_str().unwrap().into()
}

fn unit_name(json: &Value, unit: &str) -> String {
    json["units"].as_array().unwrap().iter().find(|u| u["id"] == unit).unwrap()["name"].as_str().unwrap().into()
}

/// The fiscal month index (April = 0) of a finding's calendar month.
fn fiscal(finding: &Value) -> usize {
    (finding["month"].as_u64().unwrap() as usize + 12 - 4) % 12
}

fn findings_treated<'a>(json: &'a Value, treatment: &str) -> Vec<&'a Value> {
    json["findings"].as_array().unwrap().iter().filter(|f| f["treatment"] == treatment).collect()
}

#[test]
fn every_treatment_agrees_with_the_written_totals() {
    let out = tempfile::tempdir().unwrap();
    let (status, json) = consolidate_into(&fixtures_dir().join("treatments"), out.path(), "2021-06-14", &[]);
    assert_eq!(status, 1);
    let blocks = Blocks::read(&out.path().join("report.xlsx"));
    let row_of = |f: &Value| {
        let (label, unit) =
            (label_of(&json, f["kpi"].as_str().unwrap()), unit_name(&json, f["unit"].as_str().unwrap()));
        blocks.unit_row(&label, &unit)
    };
    let sum = |months: &[Option<f64>]| months.iter().flatten().sum::<f64>();

    // Excluded: 久米's -3 is not in the month, nor in the total.
    let excluded = findings_treated(&json, "excluded");
    assert_eq!(excluded.len(), 1);
    let (months, total) = row_of(excluded[0]);
    assert_eq!((excluded[0]["location"]["cell"].as_str(), excluded[0]["found"].as_str()), (Some("E8"), Some("-3")));
    assert_eq!(months[fiscal(excluded[0])], None);
    assert_eq!((total, sum(&months)), (148.0, 148.0), "98 + 50, without the -3");

    // Taken as 0: 奈義's blank May is a 0 in the month and the total.
    let zero = findings_treated(&json, "taken_as_zero");
    assert_eq!(zero.len(), 1);
    let (months, total) = row_of(zero[0]);
    assert_eq!(months[fiscal(zero[0])], Some(0.0));
    assert_eq!((total, sum(&months)), (83.0, 83.0), "55 + 0 + 28");

    // An earlier file's figure: 加茂's June file has -2 for 記帳機械化 5月;
    // the finding names the May file's 1, and 1 is what the month counts.
    let earlier = findings_treated(&json, "earlier_value");
    assert_eq!(earlier.len(), 1);
    let finding = earlier[0];
    assert_eq!(finding["location"]["file"], "加茂支所_6月分.xlsx");
    assert_eq!(finding["previous"]["location"]["file"], "加茂支所_5月分.xlsx");
    assert_eq!(finding["previous"]["location"]["cell"], "E29");
    let (months, total) = row_of(finding);
    let previous: f64 = finding["previous"]["value"].as_str().unwrap().parse().unwrap();
    assert_eq!((months[fiscal(finding)], previous), (Some(1.0), 1.0));
    assert_eq!((total, sum(&months)), (2.0, 2.0), "April's 1 and the May file's 1");
    assert_eq!(
        finding["message"],
        "記帳機械化 5月 が負の数 -2 です。この値は使わず、前のファイル「加茂支所_5月分.xlsx」の 1 で集計しました。"
    );

    // Recomputed: each wrong typed total is replaced by the sum of the months.
    let recomputed = findings_treated(&json, "recomputed");
    assert_eq!(recomputed.len(), 3);
    for finding in recomputed {
        let (months, total) = row_of(finding);
        let typed: f64 = finding["found"].as_str().unwrap().parse().unwrap();
        let expected: f64 = finding["expected"].as_str().unwrap().parse().unwrap();
        assert_eq!((total, sum(&months)), (expected, expected), "{finding}");
        assert_ne!(typed, total);
    }
}

#[test]
fn an_earlier_files_figure_is_said_in_english_and_in_the_findings_sheet_too() {
    let out = tempfile::tempdir().unwrap();
    let (_, json) = consolidate_into(&fixtures_dir().join("treatments"), out.path(), "2021-06-14", &["--lang", "en"]);
    let finding = findings_treated(&json, "earlier_value")[0];
    let message = "Bookkeeping outsourcing, May is negative (-2); not used: the earlier file 加茂支所_5月分.xlsx's figure, 1, was counted instead";
    assert_eq!(finding["message"], message);
    // チェック結果 (here "Findings") carries the same message and treatment.
    let sheet = read_sheet(&out.path().join("report.xlsx"), "Findings");
    let height = sheet.end().unwrap().0 + 1;
    let width = sheet.end().unwrap().1 + 1;
    let row = (0..height).find(|&r| (0..width).any(|c| text_at(&sheet, r, c) == message)).expect("the message");
    assert!((0..width).any(|c| text_at(&sheet, row, c) == "earlier figure used"));
}

#[test]
fn a_converted_amount_is_the_figure_the_workbook_counts() {
    let config = two_unit_config(AMOUNT_KPI);
    let dir = tempfile::tempdir().unwrap();
    let config_path = dir.path().join("config.toml");
    std::fs::write(&config_path, config).unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for (unit, amounts) in [("東", ["45,000,000円", "12.5", "0"]), ("西", ["100", "0", "0"])] {
        write_submission(&inputs, unit, vec![kpi_row("補助金採択 金額", &amounts)]);
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let (_, json) = consolidate_into(&inputs, &out, "2021-06-14", &["--config", config_path.to_str().unwrap()]);
    let converted = findings_treated(&json, "converted");
    assert_eq!(converted.len(), 1);
    let (found, expected) = (converted[0]["found"].as_str().unwrap(), converted[0]["expected"].as_str().unwrap());
    assert_eq!((found, expected), ("45,000,000円", "4,500 万円"));
    let (months, total) = Blocks::read(&out.join("report.xlsx")).unit_row("補助金採択 金額", "東");
    assert_eq!(months[..3], [Some(4500.0), Some(12.5), Some(0.0)]);
    assert_eq!(total, 4512.5);
}
