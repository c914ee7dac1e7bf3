//! matome started as Explorer starts it: a folder or files dropped onto the
//! program arrive as its arguments (absolute paths, no command). The
//! folder's report and feedback are written beside it; files are checked.
//! Here the input is never a console, so it never waits for Enter.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

fn dropped(paths: &[&Path]) -> (i32, String) {
    let output =
        Command::new(env!("CARGO_BIN_EXE_matome")).args(paths).stdin(Stdio::null()).output().expect("the binary runs");
    (output.status.code().unwrap(), String::from_utf8(output.stdout).unwrap())
}

#[test]
fn a_folder_dropped_is_consolidated_beside_itself() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("令和3年度 支所報告");
    copy_samples_into(&folder);
    let (status, printed) = dropped(&[&folder]);
    assert_eq!(status, 1, "{printed}");
    assert!(printed.starts_with("設定: 組み込みの設定（作州津山商工会の例）を使います。"), "{printed}");
    assert_eq!(printed.matches("error[K001]").count(), 3, "{printed}");
    assert!(printed.contains("5 ファイルを読み、5/5 支所分を集計しました。エラー 3 件、警告 0 件。"), "{printed}");
    let report = root.path().join("令和3年度 支所報告_進捗表.xlsx");
    let summary = read_sheet(&report, "総括");
    assert_eq!(number_at(&summary, find_row(&summary, 1, "巡回件数"), 4), 927.0);
    let feedback = root.path().join("令和3年度 支所報告_返信");
    let mut names: Vec<String> =
        std::fs::read_dir(&feedback).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        ["加茂_確認事項_2021-06-14.xlsx", "勝北_確認事項_2021-06-14.xlsx", "奈義_確認事項_2021-06-14.xlsx"]
    );
    // Dropped again: the report it wrote is replaced, nothing else read.
    let (again, printed) = dropped(&[&folder]);
    assert_eq!(again, 1);
    assert!(printed.contains("5 ファイルを読み"), "{printed}");
}

#[test]
fn settings_in_the_dropped_folder_are_used_and_said() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("年度");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(samples_dir().join("本部_6月分.xlsx"), folder.join("本部_6月分.xlsx")).unwrap();
    let default = String::from_utf8(matome(&["config"]).stdout).unwrap();
    let settings = folder.join("matome.toml");
    std::fs::write(&settings, default.replacen("name = \"作州津山商工会\"", "name = \"真庭東商工会\"", 1)).unwrap();
    let (_, printed) = dropped(&[&folder]);
    assert!(printed.starts_with(&format!("設定: {} を使います。", settings.display())), "{printed}");
    let summary = read_sheet(&root.path().join("年度_進捗表.xlsx"), "総括");
    assert!(text_at(&summary, 0, 0).contains("真庭東商工会"), "{}", text_at(&summary, 0, 0));
}

#[test]
fn files_dropped_are_checked_as_a_branch_checks_its_own() {
    let file = samples_dir().join("加茂支所_6月分.xlsx");
    let (status, printed) = dropped(&[&file]);
    assert_eq!(status, 1);
    assert!(
        printed.contains("提出!P32: error[K001]: 国の3共済 の合計欄 0 が各月の合計 1 と一致しません。"),
        "{printed}"
    );
    assert!(printed.contains("1 ファイルを読み、1/5 支所分を集計しました。エラー 1 件、警告 0 件。"), "{printed}");
    assert!(!printed.contains("F006"), "{printed}");
}

#[test]
fn a_command_or_a_relative_path_is_never_taken_for_a_drop() {
    // `matome samples` (relative) is not a command: the usual refusal, exit 2.
    let output = Command::new(env!("CARGO_BIN_EXE_matome"))
        .arg("samples")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
