//! Writing the report: atomic replacement, clear errors (exit 2) for
//! outputs that cannot be written, and branch text never becoming a formula.

mod common;

use std::io::Write;

use common::*;
use matome::write::save_atomically;

/// A writer that fails after `limit` bytes, like a disk that fills up.
struct FullDisk {
    written: usize,
    limit: usize,
    inner: std::fs::File,
}

impl Write for FullDisk {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.written + buf.len() > self.limit {
            return Err(std::io::Error::other("No space left on device"));
        }
        self.written += buf.len();
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[test]
fn a_write_that_fails_part_way_leaves_the_old_report_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.xlsx");
    std::fs::write(&path, b"the good old report").unwrap();
    let error = save_atomically(&path, &vec![7u8; 100_000], &mut |p| {
        Ok(FullDisk { written: 0, limit: 50_000, inner: std::fs::File::create(p)? })
    })
    .unwrap_err();
    assert!(error.to_string().contains("No space left on device"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), b"the good old report");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["report.xlsx"], "no temporary file is left behind");
    // And a write that succeeds replaces it whole.
    save_atomically(&path, b"new", &mut |p| std::fs::File::create(p)).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"new");
}

#[test]
fn consolidate_makes_the_folders_its_outputs_are_named_in() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("新しいフォルダ").join("集計.xlsx");
    let json = dir.path().join("別の").join("フォルダ").join("集計.json");
    let output = matome(&[
        "consolidate",
        samples_dir().to_str().unwrap(),
        "-o",
        report.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ]);
    // The samples' three wrong row totals: findings, and both files written.
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let book = read_sheet(&report, "総括");
    assert!(book.get_size().0 > 10, "the report was written and reads back");
    let parsed: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(parsed["counts"]["errors"], 3);
}

#[test]
fn outputs_that_cannot_be_written_exit_2_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let samples = samples_dir();
    // A folder under a file cannot be made.
    let a_file = dir.path().join("notes.txt");
    std::fs::write(&a_file, "not a folder").unwrap();
    let impossible = a_file.join("report.xlsx");
    let output = matome(&["consolidate", samples.to_str().unwrap(), "-o", impossible.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("notes.txt"), "{stderr}");

    // The output is one of the inputs: refused, and the input is untouched.
    let copy = dir.path().join("in");
    std::fs::create_dir(&copy).unwrap();
    let input = copy.join("勝北支所_6月分(修正).xlsx");
    std::fs::copy(samples.join("勝北支所_6月分(修正).xlsx"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let output = matome(&["consolidate", copy.to_str().unwrap(), "-o", input.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("は読み込むファイルの一つです。上書きしないよう"));
    assert_eq!(std::fs::read(&input).unwrap(), before);

    // No such input folder; a configuration that does not parse; a bad date.
    let output = matome(&["consolidate", dir.path().join("nowhere").to_str().unwrap(), "-o", "x.xlsx"]);
    assert_eq!(output.status.code(), Some(2));
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[organisation\n").unwrap();
    let output = matome(&["check", samples.to_str().unwrap(), "--config", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("の 1 行目: 書き方に誤りがあります"));
    let output = matome(&["check", "--as-of", "next tuesday"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn text_from_branch_files_is_never_written_as_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let mut months = vec!["'=HYPERLINK(\"http://example.invalid\",\"x\")", "5", "5"];
    months.extend([""; 9]);
    let rows = vec![
        row(&["支所名", "勝北"]),
        row(&["基準日", "2021-06-14"]),
        row(&[]),
        month_header(),
        kpi_row("巡回件数", &months),
        kpi_row("@SUM(A1:A9)", &["1", "2", "3"]),
        kpi_row("+cmd|' /C calc'!A0", &["1", "2", "3"]),
    ];
    write_grid(&inputs.join("-勝北=1+1.xlsx"), "報告", 0, 0, &rows);
    let out = dir.path().join("report.xlsx");
    let output = matome(&["consolidate", inputs.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let findings = read_sheet(&out, "チェック結果");
    let texts: Vec<String> = findings.cells().map(|(_, _, d)| d.to_string()).collect();
    for typed in ["=HYPERLINK(\"http://example.invalid\",\"x\")", "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-勝北=1+1.xlsx"]
    {
        assert!(texts.iter().any(|t| t == typed), "{typed} is kept as text");
    }
    let mut workbook = calamine::open_workbook_auto(&out).unwrap();
    use calamine::Reader;
    for sheet in ["チェック結果", "提出状況"] {
        let formulas = workbook.worksheet_formula(sheet).unwrap();
        assert!(formulas.cells().all(|(_, _, f)| f.is_empty()), "{sheet} has no formulas");
    }
}

/// A folder of inputs in a temporary directory, and the settings of an
/// organisation of that name with one KPI group (a, 巡回) to add to.
fn organisation_folder(name: &str) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let config =
        format!("[organisation]\nname = \"{name}\"\nfiscal_year = 2021\n\n[[groups]]\nid = \"a\"\nlabel = \"巡回\"\n");
    (dir, inputs, config)
}

#[test]
fn a_large_organisation_written_in_parallel_gives_the_same_bytes_every_time() {
    // Past 50 units the KPI sheets are filled in parallel and share the
    // workbook's format table: the bytes must not depend on thread timing.
    let (dir, inputs, mut config) = organisation_folder("大きな連合会");
    config.push_str(
        "\n[[groups]]\nid = \"b\"\nlabel = \"相談\"\n\n[[kpis]]\nid = \"visits\"\nlabel = \"巡回件数\"\nkind = \"flow\"\n\
         group = \"a\"\ntarget = 9000\n\n[[kpis]]\nid = \"talks\"\nlabel = \"窓口相談件数\"\nkind = \"flow\"\ngroup = \"b\"\n",
    );
    for unit in 0..60 {
        config.push_str(&format!("\n[[units]]\nid = \"u{unit}\"\nname = \"支所{unit}\"\n"));
        let april = if unit % 7 == 3 { "-1".to_string() } else { (unit % 9).to_string() };
        let rows = vec![
            row(&["支所名", &format!("支所{unit}")]),
            row(&["基準日", "2021-06-14"]),
            row(&[]),
            month_header(),
            kpi_row("巡回件数", &[&april, "3", "4"]),
            kpi_row("窓口相談件数", &["2", "", "1"]),
        ];
        write_grid(&inputs.join(format!("{unit}.xlsx")), "報告", 0, 0, &rows);
    }
    let config_path = dir.path().join("config.toml");
    std::fs::write(&config_path, config).unwrap();
    let reports: Vec<Vec<u8>> = (0..4)
        .map(|run| {
            let out = dir.path().join(format!("report{run}.xlsx"));
            let args = [
                "consolidate",
                inputs.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--config",
                config_path.to_str().unwrap(),
            ];
            assert_eq!(matome(&args).status.code(), Some(1));
            std::fs::read(out).unwrap()
        })
        .collect();
    assert!(reports.windows(2).all(|pair| pair[0] == pair[1]), "the reports differ between runs");
}

#[test]
fn dependencies_log_lines_show_only_with_vv() {
    let xls = fixtures_dir().join("formats").join("勝北.xls");
    let stderr = |flag: &str| {
        let output = matome(&["check", flag, "--as-of", "2021-06-14", xls.to_str().unwrap()]);
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    assert!(!stderr("-v").contains("calamine"), "{}", stderr("-v"));
    assert!(stderr("-vv").contains("calamine::"), "calamine's own lines are there to show");
}

#[test]
fn an_organisation_s_own_unit_word_is_in_its_messages_headings_and_templates() {
    let dir = tempfile::tempdir().unwrap();
    let settings = String::from_utf8(matome(&["config"]).stdout)
        .unwrap()
        .replace("start_month = 4\n", "start_month = 4\nunit_word = \"店舗\"\nunit_word_en = \"store\"\n");
    let config = dir.path().join("店舗.toml");
    std::fs::write(&config, settings).unwrap();
    let report = dir.path().join("集計.xlsx");
    let samples = samples_dir();
    let args = ["consolidate", samples.to_str().unwrap(), "--config", config.to_str().unwrap(), "-o"];
    let output = matome(&[&args[..], &[report.to_str().unwrap()]].concat());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("5/5 店舗分を集計しました"), "{stdout}");
    assert_eq!(read_sheet(&report, "提出状況").get_value((3, 0)).map(|d| d.to_string()).as_deref(), Some("店舗"));
    let english = matome(&["--lang", "en", "check", samples.to_str().unwrap(), "--config", config.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&english.stdout).contains("consolidated 5 of 5 stores"));
    // The template says 店舗名, and a template so labelled reads back as the unit's.
    let templates = dir.path().join("templates");
    matome(&["template", "--config", config.to_str().unwrap(), "-o", templates.to_str().unwrap(), "--unit", "kamo"]);
    let template = std::fs::read_dir(&templates).unwrap().next().unwrap().unwrap().path();
    assert_eq!(read_sheet(&template, "提出").get_value((2, 0)).map(|d| d.to_string()).as_deref(), Some("店舗名"));
    let checked = matome(&["check", templates.to_str().unwrap(), "--config", config.to_str().unwrap()]);
    let checked = String::from_utf8_lossy(&checked.stdout);
    assert!(checked.contains("1/5 店舗分"), "{checked}");
    assert!(!checked.contains("F002"), "the unit is found by its 店舗名 cell: {checked}");
}

#[test]
fn help_and_argument_errors_are_in_japanese_by_default_and_english_with_lang_en() {
    let help = String::from_utf8(matome(&["--help"]).stdout).unwrap();
    assert!(help.contains("使い方: matome [OPTIONS] <COMMAND>"), "{help}");
    assert!(help.contains("new-year     今年度の設定と年度末の集計表から、翌年度の設定を書きます"), "{help}");
    assert!(help.contains("-h, --help         この説明を表示します"), "{help}");
    let check = matome(&["check", "--help"]);
    assert_eq!(check.status.code(), Some(0));
    let check = String::from_utf8(check.stdout).unwrap();
    let as_of = check.lines().find(|line| line.contains("--as-of <AS_OF>")).unwrap_or_default();
    assert!(as_of.ends_with("基準日（例: 2021-06-14、令和3年6月14日）。省略するとファイル中の最新の日付"), "{check}");
    assert!(check.contains("パスワード付きのブックや zip のパスワード"), "{check}");
    assert!(!check.contains("[default"), "defaults are told in Japanese: {check}");
    let english = String::from_utf8(matome(&["--lang", "en", "check", "--help"]).stdout).unwrap();
    assert!(english.contains("Usage: matome check") && english.contains("Exit with 1 on warnings too"), "{english}");

    let wrong = matome(&["chek", "samples"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(wrong.stderr).unwrap().trim(),
        "matome: 実行できませんでした: 「chek」というコマンドはありません。使い方は matome --help で確かめてください。"
    );
    let missing = matome(&["new-year"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8(missing.stderr).unwrap().contains("必要な引数 --report <REPORT> がありません。"));
    let english = matome(&["--lang", "en", "chek"]);
    assert_eq!(english.status.code(), Some(2));
    assert!(String::from_utf8(english.stderr).unwrap().contains("unrecognized subcommand 'chek'"));
}

#[test]
fn a_years_thousands_of_files_revisions_and_findings_are_all_listed() {
    // Past 5,000 rows a listing is written out row by row, not held until
    // the workbook is saved: every row must still be there, in order.
    let (dir, inputs, mut config) = organisation_folder("大きな商工会");
    for (id, label) in [("visits", "巡回件数"), ("talks", "窓口相談件数"), ("members", "会員数")] {
        config.push_str(&format!("\n[[kpis]]\nid = \"{id}\"\nlabel = \"{label}\"\nkind = \"flow\"\ngroup = \"a\"\n"));
    }
    config.push_str("\n[[units]]\nid = \"kamo\"\nname = \"加茂\"\n\n[[units]]\nid = \"nagi\"\nname = \"奈義\"\n");
    let config_path = dir.path().join("config.toml");
    std::fs::write(&config_path, config).unwrap();
    let months = ["4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月"];
    let mut names = Vec::new();
    // 加茂 reports every day of the year, each day every month so far anew.
    let first = chrono::NaiveDate::from_ymd_opt(2021, 4, 1).unwrap();
    for day in 0..365 {
        let date = first + chrono::Days::new(day);
        let month = (chrono::Datelike::month0(&date) + 9) % 12;
        let mut text = format!("支所名,加茂\n基準日,{}\n\n項目,{}\n", date.format("%Y/%m/%d"), months.join(","));
        for (kpi, label) in ["巡回件数", "窓口相談件数", "会員数"].iter().enumerate() {
            let figures: Vec<String> = (0..=month).map(|m| (day as usize + m as usize + kpi).to_string()).collect();
            text.push_str(&format!("{label},{}\n", figures.join(",")));
        }
        names.push(format!("加茂_{day:03}.csv"));
        std::fs::write(inputs.join(names.last().unwrap()), text).unwrap();
    }
    // 奈義 sends 4,700 versions of one day's report.
    for k in 0..4700 {
        names.push(format!("奈義_{k:04}.csv"));
        let text = format!("支所名,奈義\n基準日,2021/6/14\n\n項目,4月,5月,6月\n巡回件数,{k},3,4\n");
        std::fs::write(inputs.join(names.last().unwrap()), text).unwrap();
    }
    // As of the last day's report.
    let (_, json) = consolidate_into(&inputs, dir.path(), "2022-03-31", &["--config", config_path.to_str().unwrap()]);
    let out = dir.path().join("report.xlsx");
    // The last day's figures are the ones counted: March's 364 + 11 + 0.
    assert_eq!(unit_figures(&json, "kamo")["visits"][11], 375.0);
    // Equally recent, the last in name order is used.
    assert_eq!(unit_figures(&json, "nagi")["visits"][0], 4699.0);

    let listed = read_sheet(&out, "提出状況");
    let mut files: Vec<String> = (4..listed.height() as u32).map(|row| text_at(&listed, row, 2)).collect();
    files.sort();
    names.sort();
    assert_eq!(files, names);
    assert_eq!(xlsx_part(&out, "xl/worksheets/sheet3.xml").matches("<hyperlink ").count(), names.len());

    // Each day changed every month the day before had given, of three KPIs.
    let revisions = read_sheet(&out, "改訂履歴");
    let changed: u32 = (0..364)
        .map(|day_before| {
            let date = first + chrono::Days::new(day_before);
            3 * ((chrono::Datelike::month0(&date) + 9) % 12 + 1)
        })
        .sum();
    assert_eq!(revisions.height() as u32 - 4, changed);
    assert_eq!(text_at(&revisions, 4, 5), "加茂_000.csv");
    assert_eq!(text_at(&revisions, 4 + changed - 1, 6), "加茂_364.csv");

    let findings = read_sheet(&out, "チェック結果");
    let listed_findings = json["findings"].as_array().unwrap();
    let count = listed_findings.len();
    assert!(count > 5000, "{count}");
    assert_eq!(findings.height() - 4, count);
    // The same findings in the same order: each row's code and file.
    for (row, finding) in (4..).zip(listed_findings) {
        assert_eq!(text_at(&findings, row, 1), finding["code"].as_str().unwrap());
        assert_eq!(text_at(&findings, row, 5), finding["location"]["file"].as_str().unwrap());
    }
}
