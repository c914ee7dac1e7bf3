//! A federation's report from its members' matome reports: each member a
//! unit, its figures those of its latest report, a revised month a
//! revision, a member's open errors a warning; with the federation's own
//! settings or with settings derived from the reports; a member without
//! matome filling the federation's form beside them; and the same again
//! one level up.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// An item one member has and the others do not (a sum of two it reports).
const EXTRA_ITEM: &str = r#"
[[kpis]]
id = "visits_and_consultations"
label = "巡回・相談 合計"
kind = "sum"
of = ["visits", "consultations"]
group = "visits"
"#;

/// The default configuration renamed to `organisation`, plus `extra`.
fn member_config(dir: &Path, organisation: &str, extra: &str) -> PathBuf {
    let default = String::from_utf8(matome(&["config"]).stdout).unwrap();
    let renamed = default.replacen("name = \"作州津山商工会\"", &format!("name = \"{organisation}\""), 1);
    assert_ne!(renamed, default);
    let path = dir.join(format!("{organisation}.toml"));
    std::fs::write(&path, renamed + extra).unwrap();
    path
}

/// A member organisation's report of its branches' `inputs` as of `as_of`,
/// written as `folder/file`; and its JSON.
fn member_report(folder: &Path, organisation: &str, inputs: &Path, as_of: &str, extra: &str, file: &str) -> Value {
    let scratch = tempfile::tempdir().unwrap();
    let config = member_config(scratch.path(), organisation, extra);
    let (_, json) = consolidate_into(inputs, scratch.path(), as_of, &["--config", config.to_str().unwrap()]);
    std::fs::create_dir_all(folder).unwrap();
    std::fs::copy(scratch.path().join("report.xlsx"), folder.join(file)).unwrap();
    json
}

fn kpi<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["kpis"].as_array().unwrap().iter().find(|k| k["id"] == id).unwrap_or_else(|| panic!("no {id}"))
}

fn unit_id(json: &Value, name: &str) -> String {
    let unit = json["units"].as_array().unwrap().iter().find(|u| u["name"] == name);
    unit.unwrap_or_else(|| panic!("no unit {name}"))["id"].as_str().unwrap().to_string()
}

fn unit_line<'a>(kpi: &'a Value, unit: &str) -> &'a Value {
    kpi["units"].as_array().unwrap().iter().find(|u| u["unit"] == unit).unwrap()
}

fn findings_of<'a>(json: &'a Value, code: &str) -> Vec<&'a Value> {
    json["findings"].as_array().unwrap().iter().filter(|f| f["code"] == code).collect()
}

/// The texts of every cell of a sheet, a row a line.
fn sheet_text(path: &Path, sheet: &str) -> String {
    read_sheet(path, sheet)
        .rows()
        .map(|cells| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|"))
        .collect::<Vec<_>>()
        .join("\n")
}

struct Members {
    east: Value,
    may: Value,
    june: Value,
    bizen: Value,
}

/// Three members' reports in `folder`: 真庭東 (the samples, errors left
/// open), 美作 (a May report from the year's first files, then June's from
/// the whole year, which revises May), 備前 (clean, with an item of its own).
fn three_members(folder: &Path) -> Members {
    let year = fixtures_dir().join("year");
    let first_files = tempfile::tempdir().unwrap();
    for file in ["勝北支所_4月分.xlsx", "勝北支所_5月分.xlsx", "加茂支所_5月分.xlsx"] {
        std::fs::copy(year.join(file), first_files.path().join(file)).unwrap();
    }
    Members {
        east: member_report(folder, "真庭東商工会", &samples_dir(), "2021-06-14", "", "真庭東商工会_6月.xlsx"),
        may: member_report(folder, "美作商工会", first_files.path(), "2021-05-31", "", "美作商工会_5月.xlsx"),
        june: member_report(folder, "美作商工会", &year, "2021-06-30", "", "美作商工会_6月.xlsx"),
        bizen: member_report(
            folder,
            "備前商工会",
            &fixtures_dir().join("roundtrip"),
            "2021-06-14",
            EXTRA_ITEM,
            "備前商工会_6月.xlsx",
        ),
    }
}

#[test]
fn a_federation_rolls_up_its_members_reports_under_settings_derived_from_them() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("岡山県商工会連合会");
    let members = three_members(&folder);
    let out = root.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (status, json) = consolidate_into(&folder, &out, "2021-06-30", &[]);
    assert_eq!(status, 0, "{}", finding_lines(&json).join("\n"));
    assert_eq!(json["organisation"], "岡山県商工会連合会");

    // Each member is a unit, named as its report names it.
    let mut names: Vec<&str> = json["units"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["備前商工会", "真庭東商工会", "美作商工会"]);
    // The items all of them report: 備前's own item is not one.
    let ids: Vec<&str> = json["kpis"].as_array().unwrap().iter().map(|k| k["id"].as_str().unwrap()).collect();
    let member_ids: Vec<&str> =
        members.east["kpis"].as_array().unwrap().iter().map(|k| k["id"].as_str().unwrap()).collect();
    assert_eq!(ids, member_ids);
    assert!(kpi(&members.bizen, "visits_and_consultations")["actual"].as_f64().is_some());

    // Every member's figures are its latest report's, and every total their sum.
    let latest = [("真庭東商工会", &members.east), ("美作商工会", &members.june), ("備前商工会", &members.bizen)];
    for id in ["visits", "consultations", "apply_jizokuka", "joined", "small_in_area", "members"] {
        let federation = kpi(&json, id);
        let mut sum = 0.0;
        for (name, report) in latest {
            let member = kpi(report, id);
            let figures =
                if matches!(member["kind"].as_str(), Some("stock" | "balance")) { "cumulative" } else { "months" };
            assert_eq!(unit_line(federation, &unit_id(&json, name))["months"], member[figures], "{id} {name}");
            sum += member["actual"].as_f64().unwrap();
        }
        assert_eq!(federation["actual"].as_f64(), Some(sum), "{id}");
    }
    // 真庭東's part is the samples' 927.
    assert_eq!(unit_line(kpi(&json, "visits"), &unit_id(&json, "真庭東商工会"))["actual"], 927.0);
    // A member's target is its report's; the federation's their sum.
    let visits_target: f64 = latest.iter().map(|(_, r)| kpi(r, "visits")["target"].as_f64().unwrap()).sum();
    assert_eq!(kpi(&json, "visits")["target"].as_f64(), Some(visits_target));

    // 美作's June report revised its May report's May.
    let mimasaka = unit_id(&json, "美作商工会");
    let revision = json["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == mimasaka.as_str() && r["kpi"] == "visits" && r["month"] == 5)
        .expect("a revision of 美作's May");
    let may_visits = kpi(&members.may, "visits")["months"][1].as_f64().unwrap();
    let june_visits = kpi(&members.june, "visits")["months"][1].as_f64().unwrap();
    assert_ne!(may_visits, june_visits);
    assert_eq!(revision["before"]["value"], may_visits.to_string());
    assert_eq!(revision["after"]["value"], june_visits.to_string());
    assert_eq!(revision["after"]["location"]["file"], "美作商工会_6月.xlsx");
    // Both are named where the member's report shows them to its readers.
    for (side, file) in [("before", "美作商工会_5月.xlsx"), ("after", "美作商工会_6月.xlsx")] {
        let location = &revision[side]["location"];
        assert_eq!(location["sheet"], "巡回・窓口相談");
        let cell = location["cell"].as_str().unwrap();
        let (col, row) = cell.split_at(cell.find(|c: char| c.is_ascii_digit()).unwrap());
        let col = col.bytes().fold(0, |n, b| n * 26 + u32::from(b - b'A') + 1) - 1;
        let shown = number_at(&read_sheet(&folder.join(file), "巡回・窓口相談"), row.parse::<u32>().unwrap() - 1, col);
        assert_eq!(shown.to_string(), revision[side]["value"].as_str().unwrap(), "{side}");
    }

    // Open errors make a member's figures provisional: a warning on it.
    let open: Vec<(String, String)> = findings_of(&json, "F011")
        .iter()
        .map(|f| (f["unit"].as_str().unwrap().to_string(), f["message"].as_str().unwrap().to_string()))
        .collect();
    let errors_of = |report: &Value| report["counts"]["errors"].as_u64().unwrap();
    assert_eq!(errors_of(&members.bizen), 0);
    assert_eq!(
        open,
        [
            (
                unit_id(&json, "真庭東商工会"),
                format!(
                    "真庭東商工会の報告にはエラーが {} 件残っています。数値は確定していない可能性があります。",
                    errors_of(&members.east)
                )
            ),
            (
                mimasaka.clone(),
                format!(
                    "美作商工会の報告にはエラーが {} 件残っています。数値は確定していない可能性があります。",
                    errors_of(&members.june)
                )
            ),
        ]
    );

    // How a member's report was read, for whoever asks.
    let explained = matome(&["check", "--explain", folder.join("美作商工会_6月.xlsx").to_str().unwrap()]);
    let explained = String::from_utf8(explained.stdout).unwrap();
    assert!(explained.contains("（会員の matome 集計表）"), "{explained}");
    assert!(
        explained.contains("巡回・窓口相談!A11「巡回件数」→ 巡回件数（項目 ID で; 各月のセル B11:M11）"),
        "{explained}"
    );
    assert!(explained.contains("_matome_report!H2「2021-06-30」"), "{explained}");

    // What the federation's staff read: the warning, the revision, each member's report and its date.
    let report = out.join("report.xlsx");
    assert!(sheet_text(&report, "チェック結果").contains("真庭東商工会の報告にはエラーが"));
    let revisions = sheet_text(&report, "改訂履歴");
    assert!(revisions.lines().any(|l| l.contains("美作商工会") && l.contains("巡回件数")), "{revisions}");
    let submitted = sheet_text(&report, "提出状況");
    assert!(submitted.contains("美作商工会_6月.xlsx") && submitted.contains("備前商工会_6月.xlsx"), "{submitted}");

    // The federation's own report saved into its folder is never a member's.
    std::fs::copy(&report, folder.join("岡山県商工会連合会_6月.xlsx")).unwrap();
    let (_, again) = consolidate_into(&folder, &out, "2021-06-30", &[]);
    let own = findings_of(&again, "F009");
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["location"]["file"], "岡山県商工会連合会_6月.xlsx");
    assert_eq!(again["kpis"], json["kpis"]);

    // The same settings as a workbook for the federation's staff to edit
    // (init --from the reports): they consolidate to the same figures.
    let settings = root.path().join("連合会設定.xlsx");
    let written = matome(&["init", "--from", folder.to_str().unwrap(), "-o", settings.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&written.stdout);
    assert!(said.contains("会員 3 団体の集計表から、令和3年度・項目"), "{said}");
    let config = matome::settings::read_settings(&settings).unwrap();
    assert_eq!(config.organisation.name, "岡山県商工会連合会");
    assert_eq!(config.units.len(), 3);
    let (_, edited) = consolidate_into(&folder, &out, "2021-06-30", &["--config", settings.to_str().unwrap()]);
    assert_eq!(edited["kpis"], json["kpis"]);
}

#[test]
fn with_its_own_settings_a_federation_takes_its_items_targets_and_names_and_a_form_beside_the_reports() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("reports");
    let members = three_members(&folder);
    let config = fixtures_dir().join("federation").join("federation.toml");
    // 吉備中央 has no matome: it fills the federation's form, which this
    // matome still writes as it did for the fixture (by openpyxl) filled in.
    let form = tempfile::tempdir().unwrap();
    let written = matome(&["template", "--config", config.to_str().unwrap(), "-o", form.path().to_str().unwrap()]);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    let template = form.path().join("吉備中央商工会_令和3年度_月次報告.xlsx");
    let committed = fixtures_dir().join("federation").join("吉備中央商工会_令和3年度_月次報告.xlsx");
    assert_eq!(read_sheet(&template, "提出"), read_sheet(&committed, "提出"));
    assert_eq!(text_at(&read_sheet(&template, "提出"), 2, 0), "会員名");
    let filled = fixtures_dir().join("federation").join("filled").join("吉備中央商工会_6月.xlsx");
    std::fs::copy(&filled, folder.join("吉備中央商工会_6月.xlsx")).unwrap();

    let out = root.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (_, json) = consolidate_into(&folder, &out, "2021-06-30", &["--config", config.to_str().unwrap()]);
    // Its names for its members, its items, its targets.
    let names: Vec<&str> = json["units"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["真庭東", "美作商工会", "備前商工会", "吉備中央商工会"]);
    let ids: Vec<&str> = json["kpis"].as_array().unwrap().iter().map(|k| k["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["visits", "members", "combined"]);
    assert_eq!(kpi(&json, "visits")["target"], 9500.0);
    assert_eq!(kpi(&json, "members")["target"], 2100.0);
    let visits = kpi(&json, "visits");
    assert_eq!(unit_line(visits, "maniwa_east")["actual"], kpi(&members.east, "visits")["actual"]);
    assert_eq!(unit_line(visits, "kibi")["actual"], 75.0);
    // 会員数, a balance in the members' settings, is a level here: their
    // latest month-end levels, with 吉備中央's from its form.
    let levels: Vec<f64> = [&members.east, &members.june, &members.bizen]
        .iter()
        .map(|r| kpi(r, "members")["cumulative"][2].as_f64().unwrap())
        .collect();
    assert_eq!(kpi(&json, "members")["actual"].as_f64(), Some(levels.iter().sum::<f64>() + 303.0));
    // 備前 reports the combined figure (its own sum item, matched by label);
    // 真庭東 must report it and does not: a finding naming the member.
    assert_eq!(
        unit_line(kpi(&json, "combined"), "bizen")["actual"],
        kpi(&members.bizen, "visits_and_consultations")["actual"]
    );
    let missing: Vec<&str> = findings_of(&json, "R001").iter().map(|f| f["unit"].as_str().unwrap()).collect();
    assert_eq!(missing, ["maniwa_east"]);
    let message = findings_of(&json, "R001")[0]["message"].as_str().unwrap();
    assert!(message.contains("巡回・相談 合計"), "{message}");
}

#[test]
fn a_national_report_rolls_up_two_federations_reports() {
    let root = tempfile::tempdir().unwrap();
    let national = root.path().join("全国商工会連合会");
    let mut federations = Vec::new();
    for (federation, members) in [
        ("岡山県商工会連合会", ["真庭東商工会", "美作商工会"]),
        ("広島県商工会連合会", ["世羅町商工会", "神石高原商工会"]),
    ] {
        let folder = root.path().join(federation);
        for member in members {
            member_report(&folder, member, &samples_dir(), "2021-06-14", "", &format!("{member}_6月.xlsx"));
        }
        let out = root.path().join(format!("{federation}_out"));
        std::fs::create_dir_all(&out).unwrap();
        let (_, json) = consolidate_into(&folder, &out, "2021-06-14", &[]);
        std::fs::create_dir_all(&national).unwrap();
        std::fs::copy(out.join("report.xlsx"), national.join(format!("{federation}_6月.xlsx"))).unwrap();
        federations.push((federation, json));
    }
    let out = root.path().join("national_out");
    std::fs::create_dir_all(&out).unwrap();
    let (_, json) = consolidate_into(&national, &out, "2021-06-14", &[]);
    assert_eq!(json["organisation"], "全国商工会連合会");
    for id in ["visits", "members", "small_in_area", "apply_jizokuka"] {
        let national_kpi = kpi(&json, id);
        let mut sum = 0.0;
        for (federation, report) in &federations {
            let line = unit_line(national_kpi, &unit_id(&json, federation));
            assert_eq!(line["actual"], kpi(report, id)["actual"], "{id} {federation}");
            sum += kpi(report, id)["actual"].as_f64().unwrap();
        }
        assert_eq!(national_kpi["actual"].as_f64(), Some(sum), "{id}");
    }
    // Four chambers' 巡回件数, each the samples' 927, through two levels.
    assert_eq!(kpi(&json, "visits")["actual"], 4.0 * 927.0);
    // Each federation warned of its members' open errors; warnings are no
    // errors, so the national level has none to warn of.
    for (_, report) in &federations {
        assert_eq!((report["counts"]["errors"].as_u64(), findings_of(report, "F011").len()), (Some(0), 2));
    }
    assert!(findings_of(&json, "F011").is_empty());
}

#[test]
fn two_reports_of_one_date_that_disagree_are_m002_and_another_year_s_report_is_f007() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("岡山県商工会連合会");
    member_report(&folder, "真庭東商工会", &samples_dir(), "2021-06-14", "", "真庭東商工会_6月.xlsx");
    // 美作 sent its June report twice, of one date, with other figures (a
    // copy, 控え, not a correction: 再送 or 修正 would make it the later).
    let first = member_report(&folder, "美作商工会", &samples_dir(), "2021-06-14", "", "美作商工会_6月.xlsx");
    let second = member_report(
        &folder,
        "美作商工会",
        &fixtures_dir().join("roundtrip"),
        "2021-06-14",
        "",
        "美作商工会_6月_控え.xlsx",
    );
    assert_ne!(kpi(&first, "visits")["months"], kpi(&second, "visits")["months"]);
    // 備前's report is of last year.
    let scratch = tempfile::tempdir().unwrap();
    let config = member_config(scratch.path(), "備前商工会", "");
    let text = std::fs::read_to_string(&config).unwrap().replacen("fiscal_year = 2021", "fiscal_year = 2020", 1);
    std::fs::write(&config, text).unwrap();
    consolidate_into(&samples_dir(), scratch.path(), "2021-03-31", &["--config", config.to_str().unwrap()]);
    std::fs::copy(scratch.path().join("report.xlsx"), folder.join("備前商工会_3月.xlsx")).unwrap();

    let out = root.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (status, json) = consolidate_into(&folder, &out, "2021-06-30", &[]);
    assert_eq!(status, 1);
    assert_eq!(json["fiscal_year"], 2021);
    let conflicts = findings_of(&json, "M002");
    assert!(!conflicts.is_empty());
    assert!(conflicts.iter().all(|f| f["unit"] == unit_id(&json, "美作商工会").as_str()));
    let other_year = findings_of(&json, "F007");
    assert_eq!(other_year.len(), 1);
    assert_eq!(other_year[0]["location"]["file"], "備前商工会_3月.xlsx");
    assert_eq!(other_year[0]["found"], "令和2年度");
}

#[test]
fn a_chamber_s_folder_with_its_own_report_in_it_stays_a_chamber_s() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("勝北・加茂・久米・奈義・本部");
    copy_samples_into(&folder);
    let out = root.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (_, before) = consolidate_into(&folder, &out, "2021-06-14", &[]);
    std::fs::copy(out.join("report.xlsx"), folder.join("集計_6月.xlsx")).unwrap();
    let (_, after) = consolidate_into(&folder, &out, "2021-06-14", &[]);
    assert_eq!(after["organisation"], "作州津山商工会");
    assert_eq!(after["kpis"], before["kpis"]);
    assert_eq!(findings_of(&after, "F009").len(), 1);
    assert_eq!(kpi(&after, "visits")["actual"], 927.0);
}

#[test]
fn a_member_named_like_the_embedded_default_is_counted_like_the_others() {
    // The samples' report is 作州津山商工会's, the name the embedded
    // default carries; beside it two other members' reports (two of 美作).
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("岡山県商工会連合会");
    let scratch = tempfile::tempdir().unwrap();
    let (_, tsuyama) = consolidate_into(&samples_dir(), scratch.path(), "2021-06-14", &[]);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(scratch.path().join("report.xlsx"), folder.join("作州津山商工会_6月.xlsx")).unwrap();
    let members = three_members(&folder);
    let out = root.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (_, json) = consolidate_into(&folder, &out, "2021-06-30", &[]);
    assert!(findings_of(&json, "F004").is_empty() && findings_of(&json, "F009").is_empty(), "{json:#}");
    let mut names: Vec<&str> = json["units"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["作州津山商工会", "備前商工会", "真庭東商工会", "美作商工会"]);
    // Its 927 visits are in the federation's total, read back from the report.
    let visits = kpi(&json, "visits");
    assert_eq!(unit_line(visits, &unit_id(&json, "作州津山商工会"))["actual"], kpi(&tsuyama, "visits")["actual"]);
    let others: f64 = [&members.east, &members.june, &members.bizen]
        .iter()
        .map(|m| kpi(m, "visits")["actual"].as_f64().unwrap())
        .sum();
    assert_eq!(visits["actual"].as_f64(), Some(927.0 + others));
    let summary = read_sheet(&out.join("report.xlsx"), "総括");
    assert_eq!(number_at(&summary, find_row(&summary, 1, "巡回件数"), 4), 927.0 + others);
    // The summary line counts the four members read.
    let output = matome(&["check", folder.to_str().unwrap(), "--as-of", "2021-06-30"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("4/4 会員分を集計しました"), "{text}");
}

#[test]
fn the_federations_settings_as_toml_judge_the_members_reports_as_the_derived_settings_do() {
    // The page's helpers judge a federation's second pass under the
    // settings derived from the members' reports, handed to them as TOML:
    // read back, those must judge every report as the derived ones do.
    use matome::check::{CheckOptions, ExpectedUnits};
    use matome::{job, Config};
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("岡山県商工会連合会");
    member_report(&folder, "勝央商工会", &samples_dir(), "2021-06-14", "", "勝央商工会_6月.xlsx");
    member_report(&folder, "真庭東商工会", &samples_dir(), "2021-06-14", EXTRA_ITEM, "真庭東商工会_6月.xlsx");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap()))
        .collect();
    files.sort();
    let options = CheckOptions { as_of: None, expected_units: ExpectedUnits::Every, keep_sources: true };
    let default = Config::default_config();
    let first_pass = files.iter().flat_map(|(name, bytes)| job::read_file(name, bytes, &default, options)).collect();
    let reports = job::gather(first_pass, &default, options).reports_to_roll_up().expect("members' reports");
    let derived = matome::settings::roll_up_settings("岡山県商工会連合会".into(), &folder, reports).unwrap().unwrap();
    assert_eq!(derived.units.len(), 2);
    // The items both report (真庭東's own sum is not one of them).
    assert!(derived.kpis.iter().any(|kpi| kpi.id == "visits"));
    assert!(derived.kpis.iter().all(|kpi| kpi.id != "visits_and_consultations"));
    let read_back = Config::from_toml(&derived.to_toml(), Path::new("federation.toml")).unwrap();
    assert_eq!(read_back.to_toml(), derived.to_toml());
    for (name, bytes) in &files {
        let judged = job::read_file(name, bytes, &derived, options);
        assert!(!judged.is_empty() && judged.iter().all(|outcome| outcome.digest.is_ok()), "{name}");
        let again = job::read_file(name, bytes, &read_back, options);
        assert_eq!(job::encode_outcomes(&again), job::encode_outcomes(&judged), "{name}");
    }
}
