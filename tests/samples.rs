//! The sample folder, consolidated by the binary, must reproduce the seed's
//! figures as the domain brief decodes them — read back from the written
//! workbook, not from matome's memory.

mod common;

use common::*;

fn consolidate_samples() -> (tempfile::TempDir, std::path::PathBuf, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.xlsx");
    let json = dir.path().join("report.json");
    let output = matome(&[
        "consolidate",
        samples_dir().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ]);
    (dir, out, output)
}

#[test]
fn summary_sheet_holds_the_seed_figures() {
    let (_dir, out, output) = consolidate_samples();
    assert_eq!(output.status.code(), Some(1), "three errors: {}", String::from_utf8_lossy(&output.stderr));
    let summary = read_sheet(&out, "総括");
    // (label, target, actual, progress to 4 decimals)
    let expected = [
        ("巡回件数", 3200.0, 927.0, 0.2897),
        ("窓口相談件数", 3000.0, 752.0, 0.2507),
        ("巡回率(小規模)", 1.0, 419.0 / 946.0, 0.4429),
        ("補助金採択・事業完了", 36.0, 0.0, 0.0),
        ("経営革新計画 承認", 4.0, 0.0, 0.0),
        ("マル経融資", 36.0, 4.0, 0.1111),
        ("事業承継診断", 24.0, 24.0, 1.0),
        ("CO派遣", 6.0, 2.0, 0.3333),
        ("事業承継支援 合計", 38.0, 26.0, 0.6842),
        ("事業承継診断・創業支援者数の合計", 36.0, 32.0, 0.8889),
        ("記帳機械化", 6.0, 6.0, 1.0),
        ("商工貯蓄共済", 130.0, 3.0, 0.0231),
        ("会員福祉共済", 30.0, 28.0, 0.9333),
        ("国の3共済", 20.0, 1.0, 0.05),
        ("会員純増", 16.0, -5.0, -0.3125),
        ("会員数", 680.0, 659.0, 0.9691),
    ];
    for (label, target, actual, progress) in expected {
        let row = find_row(&summary, 1, label);
        assert_eq!(number_at(&summary, row, 3), target, "{label} target");
        assert!((number_at(&summary, row, 4) - actual).abs() < 1e-9, "{label} actual");
        assert!((number_at(&summary, row, 5) - progress).abs() < 5e-5, "{label} progress");
    }
    // Per-unit 巡回件数: 本部 316 of 800 = 39.50%, 勝北 113 of 600 = 18.83%.
    let row = find_row(&summary, 1, "巡回件数");
    // Last year's result beside it (the seed's 令和2年度 約2,900件); the units after.
    assert_eq!(number_at(&summary, row, 9), 2900.0);
    assert_eq!(number_at(&summary, row, 13), 316.0);
    assert!((number_at(&summary, row, 14) - 0.395).abs() < 1e-9);
    assert_eq!(number_at(&summary, row, 16), 113.0);
    // Expected pace on 2021-06-14: 75 of 365 days.
    assert!((number_at(&summary, row, 6) - 75.0 / 365.0).abs() < 1e-9);
    // Colour words: 巡回件数 is ahead of pace, マル経融資 far behind.
    assert_eq!(text_at(&summary, row, 8), "順調");
    assert_eq!(text_at(&summary, find_row(&summary, 1, "マル経融資"), 8), "遅れ");
}

#[test]
fn kpi_blocks_have_months_totals_cumulative_and_progress() {
    let (_dir, out, _) = consolidate_samples();
    let sheet = read_sheet(&out, "金融・事業承継・創業");
    // マル経融資: 加茂 Apr 1; 久米 Jun 1; 奈義 May 1, Jun 1 → cumulative 1, 2, 4.
    let title = find_row(&sheet, 0, "マル経融資（件）　年間目標: 36");
    let total = find_row(&sheet, 0, "合計");
    assert!(total > title);
    let rows_after = |label: &str| {
        let (start, end) = (title, sheet.end().unwrap().0);
        (start..=end).find(|&r| text_at(&sheet, r, 0) == label).unwrap()
    };
    let (total, cumulative, progress) = (rows_after("合計"), rows_after("累計"), rows_after("進捗"));
    assert_eq!([1, 2, 3].map(|c| number_at(&sheet, total, c)), [1.0, 1.0, 2.0]);
    assert_eq!([1, 2, 3].map(|c| number_at(&sheet, cumulative, c)), [1.0, 2.0, 4.0]);
    let shares = [1, 2, 3].map(|c| (number_at(&sheet, progress, c) * 1000.0).round() / 10.0);
    assert_eq!(shares, [2.8, 5.6, 11.1]);
    // Months after the report month stay blank.
    assert_eq!(text_at(&sheet, cumulative, 4), "");
    let members = read_sheet(&out, "会員");
    let row = find_row(&members, 0, "会員数");
    assert_eq!([1, 2, 3].map(|c| number_at(&members, row, c)), [656.0, 659.0, 659.0]);
}

#[test]
fn findings_sheet_lists_the_three_typed_totals_at_their_cells() {
    let (_dir, out, output) = consolidate_samples();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("エラー 3 件"), "{stdout}");
    let findings = read_sheet(&out, "チェック結果");
    let header = find_row(&findings, 0, "重要度");
    let rows: Vec<(String, String, String, String, String, String)> = (header + 1..=findings.end().unwrap().0)
        .map(|r| {
            (
                text_at(&findings, r, 0),
                text_at(&findings, r, 1),
                text_at(&findings, r, 2),
                text_at(&findings, r, 5),
                text_at(&findings, r, 7),
                text_at(&findings, r, 8),
            )
        })
        .collect();
    let expected = [
        ("エラー", "K001", "加茂", "加茂支所_6月分.xlsx", "P32", "0"),
        ("エラー", "K001", "勝北", "勝北支所_6月分(修正).xlsx", "P32", "1"),
        ("エラー", "K001", "奈義", "奈義支所 月次報告 6月.xlsx", "P32", "1"),
    ]
    .map(|(a, b, c, d, e, f)| (a.into(), b.into(), c.into(), d.into(), e.into(), f.into()));
    assert_eq!(rows, expected);
    let submissions = read_sheet(&out, "提出状況");
    let row = find_row(&submissions, 0, "勝北");
    assert_eq!(text_at(&submissions, row, 1), "エラーあり");
    assert_eq!(text_at(&submissions, row, 2), "勝北支所_6月分(修正).xlsx");
    assert_eq!(text_at(&submissions, find_row(&submissions, 0, "久米"), 1), "問題なし");
}

#[test]
fn json_report_carries_the_same_figures() {
    let (dir, _out, _) = consolidate_samples();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(json["as_of"], "2021-06-14");
    let kpi = |id: &str| json["kpis"].as_array().unwrap().iter().find(|k| k["id"] == id).unwrap().clone();
    assert_eq!(kpi("visits")["actual"], 927.0);
    assert_eq!(kpi("visits")["units"][0]["actual"], 316.0);
    assert_eq!(kpi("members")["actual"], 659.0);
    assert_eq!(json["counts"]["errors"], 3);
    let codes: Vec<&str> = json["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["K001", "K001", "K001"]);
    assert_eq!(json["findings"][0]["location"]["cell"], "P32");
    assert_eq!(json["findings"][0]["treatment"], "recomputed");
}

#[test]
fn check_prints_compiler_style_lines_and_exits_1() {
    let output = matome(&["check", samples_dir().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(lines[1].starts_with("勝北支所_6月分(修正).xlsx:提出!P32: error[K001]: "), "{stdout}");
    let english = matome(&["check", "--lang", "en", samples_dir().join("久米_R3.6報告.xlsx").to_str().unwrap()]);
    assert_eq!(english.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&english.stdout).contains("0 errors, 0 warnings"));
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    // Two copies of the samples, written in opposite orders (so the file
    // system lists and dates them differently), each with its report beside
    // it in out/ (links to sources are relative to the report).
    let mut names: Vec<_> = std::fs::read_dir(samples_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let mut reports = Vec::new();
    for reverse in [false, true] {
        let copy = tempfile::tempdir().unwrap();
        let inputs = copy.path().join("in");
        std::fs::create_dir_all(inputs.join("sub")).unwrap();
        std::fs::create_dir(copy.path().join("out")).unwrap();
        let ordered: Vec<_> = if reverse { names.iter().rev().collect() } else { names.iter().collect() };
        for path in ordered {
            std::fs::copy(path, inputs.join(path.file_name().unwrap())).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let out = copy.path().join("out").join("report.xlsx");
        let output = matome(&["consolidate", inputs.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1));
        reports.push((std::fs::read(&out).unwrap(), copy));
    }
    assert!(reports[0].0 == reports[1].0, "the two reports differ");
}
