//! The settings workbook as headquarters meets it: `matome init` writes it,
//! `--config 設定.xlsx` reads it wherever a TOML file is read, `matome
//! config` converts both ways, and a wrong cell stops matome with a message
//! naming the sheet and cell.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use matome::config::{Config, KpiKind, Lang, ValueKind};

fn default_toml() -> String {
    String::from_utf8(matome(&["config"]).stdout).unwrap()
}

/// The default with what an organisation changes: a branch's target, its
/// own unit word, last year's months, an alias with a comma-free list.
fn edited_toml() -> String {
    let text =
        default_toml().replace("# unit_word = \"支所\"", "unit_word = \"店舗\"").replace("honbu = 800", "honbu = 850");
    assert!(text.contains("unit_word = \"店舗\"") && text.contains("honbu = 850"));
    let months = (1..=12).map(|m| (m * 10).to_string()).collect::<Vec<_>>().join(", ");
    // Last year's result and months for 会員数, after its opening.
    text.replacen("opening = 664", &format!("opening = 664\nprevious = 664\nprevious_months = [{months}]"), 1)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn as_toml(config: &Config) -> String {
    toml::to_string(config).unwrap()
}

#[test]
fn the_default_as_a_workbook_consolidates_the_samples_to_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("matome設定.xlsx");
    let output = matome_in(dir.path(), &["init"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("出力: matome設定.xlsx"));
    let (status_toml, from_toml) = consolidate_json(&samples_dir(), &[]);
    let (status_xlsx, from_xlsx) = consolidate_json(&samples_dir(), &["--config", settings.to_str().unwrap()]);
    assert_eq!(status_toml, status_xlsx);
    assert_eq!(from_toml["kpis"], from_xlsx["kpis"]);
    assert_eq!(finding_lines(&from_toml), finding_lines(&from_xlsx));
    // The figures are the samples' own: 巡回件数 against its 3,200 target.
    let visits = from_xlsx["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "visits").unwrap();
    assert_eq!((visits["target"].as_f64(), visits["actual"].as_f64()), (Some(3200.0), Some(927.0)), "{visits}");
    // A second init does not overwrite what headquarters filled in.
    let again = matome_in(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("すでにあります。置き換えるときは --force"));
}

#[test]
fn toml_to_workbook_to_toml_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let toml_path = write(dir.path(), "edited.toml", &edited_toml());
    let original = Config::load(&toml_path).unwrap();
    assert_eq!(original.kpis[0].unit_targets["honbu"], 850.0);
    for lang in ["ja", "en"] {
        let book = dir.path().join(format!("settings_{lang}.xlsx"));
        let written =
            matome(&["--lang", lang, "config", "--config", toml_path.to_str().unwrap(), "-o", book.to_str().unwrap()]);
        assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
        let read = matome::settings::read_settings(&book).unwrap();
        assert_eq!(as_toml(&read), as_toml(&original), "{lang}");
        // And back to TOML through the command, as a user converts it.
        let printed = matome(&["config", "--config", book.to_str().unwrap()]);
        let back = Config::from_toml(&String::from_utf8(printed.stdout).unwrap(), Path::new("back.toml")).unwrap();
        assert_eq!(as_toml(&back), as_toml(&original), "{lang}");
    }
    // The units' sheet is named by the organisation's own word.
    let names = sheet_names(&dir.path().join("settings_ja.xlsx"));
    assert_eq!(names, ["組織", "店舗", "区分", "項目", "目標", "前年度実績"]);
}

fn sheet_names(path: &Path) -> Vec<String> {
    use calamine::Reader;
    calamine::open_workbook_auto(path).unwrap().sheet_names()
}

/// The default settings workbook with one cell typed over, saved to `dir`.
fn settings_with(dir: &Path, sheet: &str, row: u32, col: u16, typed: &str) -> PathBuf {
    let mut workbook =
        matome::settings::settings_workbook(&Config::default_config(), Lang::Ja, &Default::default()).unwrap();
    workbook.worksheet_from_name(sheet).unwrap().write_string(row, col, typed).unwrap();
    let path = dir.join("設定.xlsx");
    workbook.save(&path).unwrap();
    path
}

fn refusal(settings: &Path, lang: &str) -> String {
    let output = matome(&[
        "--lang",
        lang,
        "consolidate",
        samples_dir().to_str().unwrap(),
        "--config",
        settings.to_str().unwrap(),
        "-o",
        settings.with_file_name("report.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!settings.with_file_name("report.xlsx").exists(), "nothing is written");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn a_wrong_cell_stops_matome_naming_its_sheet_and_cell_in_the_user_s_language() {
    let dir = tempfile::tempdir().unwrap();
    // 目標 E2: 本部's target for 巡回件数, the first item.
    let settings = settings_with(dir.path(), "目標", 1, 4, "六百x");
    let message = refusal(&settings, "ja");
    assert!(
        message
            .starts_with("matome: 実行できませんでした: 設定の「目標」シート E2 の値「六百x」は数値ではありません。"),
        "{message}"
    );
    assert!(message.contains("設定.xlsx"), "{message}");
    let message = refusal(&settings, "en");
    assert!(message.contains("sheet \"目標\", cell E2: \"六百x\" is not a number"), "{message}");

    // A closed set: 項目 F2 is 巡回件数's kind.
    let settings = settings_with(dir.path(), "項目", 1, 5, "毎月");
    let message = refusal(&settings, "ja");
    assert!(message.contains("設定の「項目」シート F2 の値「毎月」は選べる値ではありません（月々の件数・月末の数・合計・差・割合・残高）。"), "{message}");

    // What the configuration's own check refuses is placed too: two units
    // called 勝北 (支所 D4 holds 加茂's aliases).
    let settings = settings_with(dir.path(), "支所", 3, 3, "勝北");
    let message = refusal(&settings, "ja");
    assert!(
        message.contains("設定の「支所」シート A4: 名前「勝北」が単位「shohoku」と「kamo」の両方に付いています。"),
        "{message}"
    );

    // A group that is not on the groups' sheet (項目 B2).
    let settings = settings_with(dir.path(), "項目", 1, 1, "広報");
    let message = refusal(&settings, "ja");
    assert!(message.contains("設定の「項目」シート B2 の区分「広報」は「区分」シートにありません。"), "{message}");
}

#[test]
fn errors_that_stop_matome_are_in_japanese_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = default_toml().replacen("start_month = 4", "start_month = 4\nstart_month = 5", 1);
    let line = text.lines().position(|l| l == "start_month = 5").unwrap() + 1;
    let path = write(dir.path(), "c.toml", &text);
    let output = matome(&["check", samples_dir().to_str().unwrap(), "--config", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8(output.stderr).unwrap();
    let expected = format!(
        "設定ファイル「{}」の {line} 行目: 書き方に誤りがあります（「start_month」が二度書かれています）。",
        path.display()
    );
    assert!(message.contains(&expected), "{message}");

    let output = matome(&["check", "/no/such/folder"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap().trim(),
        "matome: 実行できませんでした: 「/no/such/folder」というファイルやフォルダはありません。"
    );
}

#[test]
fn the_settings_workbook_is_protected_with_dropdowns_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("s.xlsx");
    assert!(matome(&["init", "-o", book.to_str().unwrap()]).status.success());
    // Sheet 4 is 項目: protected, rows may be added, kinds chosen from a list.
    let items = archive_part(&book, "xl/worksheets/sheet4.xml").unwrap();
    assert!(items.contains("<sheetProtection") && items.contains("insertRows=\"0\""), "{items}");
    assert!(items.contains("\"月々の件数,月末の数,合計,差,割合,残高\""), "the kind dropdown");
    assert!(items.contains("'区分'!$B$2"), "the group dropdown lists the groups' sheet");
    // Every heading carries a note saying what it means.
    let notes: String = (1..=6).filter_map(|n| archive_part(&book, &format!("xl/comments{n}.xml"))).collect();
    assert!(notes.contains("件・社・人など") && notes.contains("残高のとき: 年度はじめの数"), "{notes}");
}

fn archive_part(book: &Path, name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(name).ok()?, &mut text).ok()?;
    Some(text)
}

#[test]
fn a_settings_workbook_saved_again_by_libreoffice_reads_the_same() {
    let soffice = Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success());
    if !soffice {
        assert!(std::env::var_os("MATOME_REQUIRE_LIBREOFFICE").is_none(), "LibreOffice is required here");
        eprintln!("LibreOffice is not installed here: a LibreOffice-saved settings workbook is not checked");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let toml_path = write(dir.path(), "edited.toml", &edited_toml());
    let book = dir.path().join("settings.xlsx");
    assert!(matome(&["config", "--config", toml_path.to_str().unwrap(), "-o", book.to_str().unwrap()])
        .status
        .success());
    let resaved = dir.path().join("resaved");
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let status = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir"])
        .arg(&resaved)
        .arg(&book)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let read = matome::settings::read_settings(&resaved.join("settings.xlsx")).unwrap();
    assert_eq!(as_toml(&read), as_toml(&Config::load(&toml_path).unwrap()));
}

#[test]
fn new_year_carries_this_year_s_report_into_next_year_s_settings() {
    let dir = tempfile::tempdir().unwrap();
    let (_, json) = consolidate_into(&samples_dir(), dir.path(), "2021-06-14", &[]);
    let report = dir.path().join("report.xlsx");
    let next = dir.path().join("next.xlsx");
    let output = matome(&["new-year", "--report", report.to_str().unwrap(), "-o", next.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let said = String::from_utf8(output.stdout).unwrap();
    assert!(said.contains("令和4年度の設定です。目標は前年度のまま引き継ぎました。"), "{said}");
    assert!(said.contains("この集計表には 4月〜6月 の数字しかありません。"), "{said}");

    let config = matome::settings::read_settings(&next).unwrap();
    assert_eq!(config.organisation.fiscal_year, 2022);
    let kpi = |id: &str| &config.kpis[config.kpi_index(id).unwrap()];
    // 巡回件数: the report's 927 and its months (no figures after June: 0).
    let reported = |id: &str| json["kpis"].as_array().unwrap().iter().find(|k| k["id"] == id).unwrap().clone();
    assert_eq!(reported("visits")["actual"], 927.0);
    assert_eq!(kpi("visits").previous, Some(927.0));
    let mut months = vec![370.0, 362.0, 195.0];
    months.resize(12, 0.0);
    assert_eq!(kpi("visits").previous_months.as_deref(), Some(months.as_slice()));
    // 会員数 opens next year at the level it closed at, and that is its result.
    assert_eq!((kpi("members").opening, kpi("members").previous), (Some(659.0), Some(659.0)));
    // Targets are carried over, shaded for review.
    assert_eq!(kpi("visits").unit_targets["honbu"], 800.0);
    assert_eq!(kpi("members").target, Some(680.0));

    // The new settings write 令和4年度's templates.
    let templates = dir.path().join("templates");
    let written =
        matome(&["template", "--config", next.to_str().unwrap(), "-o", templates.to_str().unwrap(), "--unit", "勝北"]);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    assert!(templates.join("勝北_令和4年度_月次報告.xlsx").is_file());

    // This year's report is not next year's: refused, saying which is which.
    let again = dir.path().join("again.toml");
    let output = matome(&[
        "new-year",
        "--config",
        next.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("は令和3年度の集計表です。令和4年度の集計表を指定してください。"), "{message}");
    assert!(!again.exists());
}

/// `matome init --from` on `forms`, writing `dir/learnt.xlsx`: what it
/// printed and the settings it wrote.
fn learn_from(dir: &Path, forms: &Path) -> (String, Config) {
    let settings = dir.join("learnt.xlsx");
    let output = matome(&["init", "--from", forms.to_str().unwrap(), "-o", settings.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    (String::from_utf8(output.stdout).unwrap(), matome::settings::read_settings(&settings).unwrap())
}

/// Each KPI's months for each unit, by label and unit name, from a
/// consolidation's JSON.
fn figures_by_label(json: &serde_json::Value, config: &Config) -> Vec<(String, String, serde_json::Value)> {
    let mut figures = Vec::new();
    for kpi in json["kpis"].as_array().unwrap() {
        for unit in kpi["units"].as_array().unwrap() {
            let name = &config.units[config.unit_index(unit["unit"].as_str().unwrap()).unwrap()].name;
            figures.push((kpi["label"].as_str().unwrap().to_string(), name.clone(), unit["months"].clone()));
        }
    }
    figures.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    figures
}

#[test]
fn init_from_two_level_forms_lists_every_item_and_reads_their_figures_back() {
    let default = Config::default_config();
    let input_labels: Vec<&str> = default.kpis.iter().filter(|k| k.kind.is_input()).map(|k| k.label.as_str()).collect();
    // The items learnt, in name order, beside the default's input items.
    let sorted = |config: &Config| {
        let mut labels: Vec<String> = config.kpis.iter().map(|k| k.label.clone()).collect();
        labels.sort();
        labels
    };
    let mut expected: Vec<String> = input_labels.iter().map(|l| l.to_string()).collect();
    expected.sort();
    // The same form by openpyxl and as LibreOffice saved it in .xls.
    for forms in ["layouts/two_level", "layouts/two_level_xls"] {
        let dir = tempfile::tempdir().unwrap();
        let forms = fixtures_dir().join(forms);
        let (said, learnt) = learn_from(dir.path(), &forms);
        assert!(said.contains("支所 1 件（勝北）、区分 1 件、項目 28 件"), "{said}");
        assert!(said.contains("数字 84 個をすべて読み取れることを確かめました"), "{said}");
        assert!(said.contains("年度のセルがないため、基準日から令和3年度としました"), "{said}");
        // Every row of the form is an item, 大項目 and 小項目 joined, in
        // the form's order (申請 and 採択 under each 補助金).
        let labels: Vec<&str> = learnt.kpis.iter().map(|k| k.label.as_str()).collect();
        assert_eq!(labels[4..6], ["持続化補助金 申請", "持続化補助金 採択"]);
        assert_eq!(sorted(&learnt), expected);

        // The settings learnt read the forms to the figures the default does.
        let settings = dir.path().join("learnt.xlsx");
        let (status, with_learnt) = consolidate_json(&forms, &["--config", settings.to_str().unwrap()]);
        let (_, with_default) = consolidate_json(&forms, &[]);
        assert_eq!(status, 0, "{}", finding_lines(&with_learnt).join("\n"));
        let learnt_figures = figures_by_label(&with_learnt, &learnt);
        let default_figures: Vec<_> = figures_by_label(&with_default, &default)
            .into_iter()
            .filter(|(label, unit, _)| unit == "勝北" && input_labels.contains(&label.as_str()))
            .collect();
        assert_eq!(learnt_figures, default_figures);
        let visits = learnt_figures.iter().find(|(label, ..)| label == "巡回件数").unwrap();
        assert_eq!(visits.2.as_array().unwrap()[..3], [45.0, 44.0, 24.0]);
    }
    // Every hand-made layout at once (across, on its side, a sheet a month,
    // stacked, with subtotals, numbered; by openpyxl and LibreOffice): the
    // same 28 items, none from their 支所名 cells or notes.
    let dir = tempfile::tempdir().unwrap();
    let (said, learnt) = learn_from(dir.path(), &fixtures_dir().join("layouts"));
    assert!(said.contains("様式 17 件から、支所 1 件（勝北）、区分 1 件、項目 28 件"), "{said}");
    assert!(said.contains("数字 1425 個をすべて読み取れることを確かめました"), "{said}");
    assert_eq!(sorted(&learnt), expected);
}

#[test]
fn init_from_a_form_with_a_unit_column_learns_groups_counters_levels_and_targets() {
    // The chamber's own form by openpyxl, and as LibreOffice saved it (.ods).
    for forms in ["own_forms/xlsx", "own_forms/ods"] {
        let dir = tempfile::tempdir().unwrap();
        let forms = fixtures_dir().join(forms);
        let (said, learnt) = learn_from(dir.path(), &forms);
        assert!(said.contains("数字 36 個をすべて読み取れることを確かめました"), "{said}");
        assert!(said.contains("支所名のセルがないため、ファイル名から「西」としました"), "{said}");
        assert!(said.contains("6 項目のうち 3 項目は様式に目標がありません"), "{said}");
        assert!(
            said.contains("月末の数（最新の月の数を使う）としました: 「会員数」、「共済加入者数（月末）」"),
            "{said}"
        );
        let units: Vec<(&str, &[String])> =
            learnt.units.iter().map(|u| (u.name.as_str(), u.aliases.as_slice())).collect();
        assert_eq!(units, [("東", &["東支所".to_string()][..]), ("西", &["西支所".to_string()][..])]);
        assert_eq!(learnt.organisation.fiscal_year, 2021);
        let groups: Vec<&str> = learnt.groups.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(groups, ["相談", "会員", "金融"]);
        // The 合計 row and the ※ note are no items.
        let items: Vec<(&str, &str, KpiKind, &str)> = learnt
            .kpis
            .iter()
            .map(|k| {
                let group = learnt.groups.iter().find(|g| g.id == k.group).unwrap().label.as_str();
                (group, k.label.as_str(), k.kind, k.counter.as_str())
            })
            .collect();
        assert_eq!(
            items,
            [
                ("相談", "巡回指導", KpiKind::Flow, "件"),
                ("相談", "窓口相談", KpiKind::Flow, "件"),
                ("相談", "専門家派遣", KpiKind::Flow, "回"),
                ("会員", "会員数", KpiKind::Stock, "社"),
                ("会員", "共済加入者数（月末）", KpiKind::Stock, "人"),
                ("金融", "融資斡旋額", KpiKind::Flow, ""),
            ]
        );
        let loans = &learnt.kpis[5];
        assert_eq!((loans.value, loans.unit.as_deref()), (ValueKind::Amount, Some("万円")));
        // Each branch's 目標 column is its target.
        let targets: Vec<Vec<f64>> = learnt.kpis.iter().map(|k| k.unit_targets.values().copied().collect()).collect();
        assert_eq!(targets[..4], [vec![300.0, 250.0], vec![400.0, 350.0], vec![], vec![220.0, 190.0]]);

        // A target the forms do not tell is shaded; one they tell is not.
        let book = dir.path().join("learnt.xlsx");
        let targets_sheet = "xl/worksheets/sheet5.xml";
        assert_ne!(cell_fill(&book, targets_sheet, "C4"), cell_fill(&book, targets_sheet, "E2"));

        // Consolidated with what was learnt: the forms' figures, levels at
        // their latest month, the amount in 万円, and nothing to report.
        let (status, json) = consolidate_json(&forms, &["--config", book.to_str().unwrap()]);
        assert_eq!(status, 0, "{}", finding_lines(&json).join("\n"));
        let actual = |label: &str| {
            json["kpis"].as_array().unwrap().iter().find(|k| k["label"] == label).unwrap()["actual"].as_f64().unwrap()
        };
        assert_eq!(
            [actual("巡回指導"), actual("会員数"), actual("共済加入者数（月末）"), actual("融資斡旋額")],
            [96.0, 396.0, 163.0, 2800.5]
        );
    }
}

#[test]
fn init_from_a_folder_without_forms_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("メモ.txt"), "様式はまだありません").unwrap();
    let output = matome(&["init", "--from", dir.path().to_str().unwrap(), "-o", "unused.xlsx"]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("月の見出し（4月、5月 …）と項目名の並んだ様式が見つかりません。"), "{message}");
    assert!(!Path::new("unused.xlsx").exists());
}
