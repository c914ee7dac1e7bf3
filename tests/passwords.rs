//! Password-protected files (tests/fixtures/protected, `make_fixtures.py
//! protected`): the samples with 加茂's and 奈義's workbooks encrypted by
//! msoffcrypto-tool (Agile), 勝北's by LibreOffice (Standard), 久米's in a
//! zip with a password; the office's password 「shoko2021」, 奈義's own
//! 「nagi-2021」. With the passwords they read as the plain samples do;
//! without, each is named; a password is never shown or written.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

const OFFICE_PASSWORD: &str = "shoko2021";
const NAGI_PASSWORD: &str = "nagi-2021";

fn protected() -> PathBuf {
    fixtures_dir().join("protected").join("month")
}

/// A file of both passwords, one a line, as a script keeps them.
fn password_file(dir: &Path) -> PathBuf {
    let path = dir.join("passwords.txt");
    std::fs::write(&path, format!("{OFFICE_PASSWORD}\n{NAGI_PASSWORD}\n")).unwrap();
    path
}

#[test]
fn protected_workbooks_and_zips_read_as_the_plain_samples_with_their_passwords() {
    let out = tempfile::tempdir().unwrap();
    let (plain_status, plain) = consolidate_into(&samples_dir(), &out.path().join("plain"), "2021-06-14", &[]);
    let file = password_file(out.path());
    let (status, json) = consolidate_into(
        &protected(),
        &out.path().join("opened"),
        "2021-06-14",
        &["--password-file", file.to_str().unwrap()],
    );
    assert_eq!(status, plain_status);
    for unit in ["honbu", "shohoku", "kamo", "kume", "nagi"] {
        assert_eq!(unit_figures(&json, unit), unit_figures(&plain, unit), "{unit}");
    }
    // 総括's visits, read back from the written report.
    let visits = |dir: &str| {
        let summary = read_sheet(&out.path().join(dir).join("report.xlsx"), "総括");
        number_at(&summary, find_row(&summary, 1, "巡回件数"), 4)
    };
    assert_eq!(visits("opened"), visits("plain"));
    assert_eq!(visits("opened"), 927.0);
    // The same findings, and each protected file said to be opened.
    let kume_in_zip = "久米_R3.6報告.zip › 久米_R3.6報告.xlsx";
    let (opened, others): (Vec<String>, Vec<String>) =
        finding_lines(&json).into_iter().partition(|line| line.starts_with("F014"));
    assert_eq!(
        opened,
        [
            format!("F014 {kume_in_zip} zip"),
            "F014 加茂支所_6月分.xlsx workbook".to_string(),
            "F014 勝北支所_6月分(修正).xlsx workbook".to_string(),
            "F014 奈義支所 月次報告 6月.xlsx workbook".to_string(),
        ]
    );
    // On the report's findings sheet the F014 row says it in words; its
    // 入力値 stays empty (the JSON's `found` is a word for programs).
    let sheet = read_sheet(&out.path().join("opened").join("report.xlsx"), "チェック結果");
    let row = find_row(&sheet, 1, "F014");
    let header = find_row(&sheet, 8, "入力値");
    assert_eq!(text_at(&sheet, row, 8), "");
    assert!(
        text_at(&sheet, row, 11).contains("指定されたパスワードで開いて読みました"),
        "{}",
        text_at(&sheet, row, 11)
    );
    assert!(row > header);
    let mut expected: Vec<String> =
        finding_lines(&plain).into_iter().map(|line| line.replace("久米_R3.6報告.xlsx", kume_in_zip)).collect();
    expected.sort();
    assert_eq!(others, expected);
}

#[test]
fn without_the_right_password_each_protected_file_is_named() {
    // No password, and no terminal to ask at: each protected file is F001.
    let (_, json) = consolidate_json(&protected(), &[]);
    let refused: Vec<String> = finding_lines(&json).into_iter().filter(|line| line.starts_with("F001")).collect();
    assert_eq!(
        refused,
        [
            "F001 久米_R3.6報告.zip › 久米_R3.6報告.xlsx encrypted",
            "F001 加茂支所_6月分.xlsx encrypted",
            "F001 勝北支所_6月分(修正).xlsx encrypted",
            "F001 奈義支所 月次報告 6月.xlsx encrypted",
        ]
    );
    assert_eq!(unit_figures(&json, "honbu"), unit_figures(&consolidate_json(&samples_dir(), &[]).1, "honbu"));
    // The office's password alone: 奈義's own is still wanted, and said to
    // be wrong, in the user's words.
    let output = Command::new(env!("CARGO_BIN_EXE_matome"))
        .args(["check", protected().to_str().unwrap(), "--as-of", "2021-06-14"])
        .env("MATOME_PASSWORD", OFFICE_PASSWORD)
        .output()
        .unwrap();
    let printed = String::from_utf8(output.stdout).unwrap();
    assert!(
        printed.contains("奈義支所 月次報告 6月.xlsx: error[F001]: パスワードが違います（指定されたパスワードでは開けませんでした）。"),
        "{printed}"
    );
    assert!(printed.contains(
        "加茂支所_6月分.xlsx: info[F014]: パスワードで保護されたファイルを、指定されたパスワードで開いて読みました。"
    ));
    assert!(printed.contains("5 ファイルを読み、4/5 支所分を集計しました。"), "{printed}");
}

/// What a program prints to a terminal, gathered as it comes.
struct Terminal {
    input: std::process::ChildStdin,
    seen: Arc<Mutex<String>>,
    child: std::process::Child,
}

impl Terminal {
    /// `matome` with a terminal of its own (util-linux's `script`), its
    /// keyboard our writes.
    fn run(args: &str) -> Terminal {
        let command = format!("{} {args}", env!("CARGO_BIN_EXE_matome"));
        let mut child = Command::new("script")
            .args(["-qfec", &command, "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("util-linux's script runs");
        let (input, mut output) = (child.stdin.take().unwrap(), child.stdout.take().unwrap());
        let seen = Arc::new(Mutex::new(String::new()));
        let gathered = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n @ 1..) = output.read(&mut buffer) {
                gathered.lock().unwrap().push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        Terminal { input, seen, child }
    }

    /// Wait until the screen holds `text` `count` times; what it holds.
    fn wait_for(&self, text: &str, count: usize) -> String {
        let start = Instant::now();
        loop {
            let seen = self.seen.lock().unwrap().clone();
            if seen.matches(text).count() >= count {
                return seen;
            }
            assert!(start.elapsed() < Duration::from_secs(60), "never saw {text:?} {count} times:\n{seen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Type a line once the prompt has turned echo off.
    fn type_line(&mut self, line: &str) {
        std::thread::sleep(Duration::from_millis(300));
        self.input.write_all(format!("{line}\n").as_bytes()).unwrap();
        self.input.flush().unwrap();
    }
}

#[test]
fn the_terminal_asks_for_each_password_without_showing_it() {
    let mut terminal = Terminal::run(&format!("check '{}' --as-of 2021-06-14", protected().display()));
    // A mistyped password is asked for again, then the office's opens three
    // files, and 奈義's is asked for by name.
    let asked = terminal.wait_for("パスワードを入力してください", 1);
    assert!(asked.contains("はパスワードで保護されています。"), "{asked}");
    assert!(asked.contains("入力した文字は表示されません"), "{asked}");
    terminal.type_line("shokou2021");
    terminal.wait_for("パスワードが違います。", 1);
    terminal.type_line(OFFICE_PASSWORD);
    let asked = terminal.wait_for("パスワードを入力してください", 3);
    assert!(asked.contains("「奈義支所 月次報告 6月.xlsx」はパスワードで保護されています。"), "{asked}");
    terminal.type_line(NAGI_PASSWORD);
    let status = terminal.child.wait().unwrap();
    let screen = terminal.wait_for("支所分を集計しました", 1);
    assert_eq!(status.code(), Some(1), "{screen}");
    assert!(screen.contains("5 ファイルを読み、5/5 支所分を集計しました。"), "{screen}");
    // What was typed was never shown.
    for typed in ["shokou2021", OFFICE_PASSWORD, NAGI_PASSWORD] {
        assert!(!screen.contains(typed), "{typed} shown:\n{screen}");
    }
}

#[test]
fn a_password_is_written_nowhere() {
    let out = tempfile::tempdir().unwrap();
    let (report, json) = (out.path().join("report.xlsx"), out.path().join("report.json"));
    let output = Command::new(env!("CARGO_BIN_EXE_matome"))
        .args(["-vv", "consolidate", protected().to_str().unwrap(), "-o", report.to_str().unwrap()])
        .args(["--json", json.to_str().unwrap(), "--feedback", out.path().join("返信").to_str().unwrap()])
        .args(["--password", OFFICE_PASSWORD])
        .env("MATOME_PASSWORD", NAGI_PASSWORD)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let mut written = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    written += &std::fs::read_to_string(&json).unwrap();
    let mut workbooks = vec![report];
    workbooks.extend(std::fs::read_dir(out.path().join("返信")).unwrap().flatten().map(|e| e.path()));
    for workbook in workbooks {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&workbook).unwrap()).unwrap();
        for index in 0..archive.len() {
            let mut part = String::new();
            archive.by_index(index).unwrap().read_to_string(&mut part).ok();
            written += &part;
        }
    }
    assert!(written.contains("奈義") && written.contains("F014"), "what was written was read");
    assert!(!written.contains(OFFICE_PASSWORD) && !written.contains(NAGI_PASSWORD));
}

#[test]
fn public_encrypted_workbooks_open_with_the_passwords_their_tests_name() {
    let public = fixtures_dir().join("public");
    let check = |file: &str, passwords: &[&str]| {
        let path = public.join(file);
        let mut args = vec!["check", path.to_str().unwrap(), "--format", "json"];
        passwords.iter().for_each(|p| args.extend(["--password", p]));
        let output = matome(&args);
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        finding_lines(&json).into_iter().map(|line| line.replace(path.to_str().unwrap(), "")).collect::<Vec<_>>()
    };
    // POI's Standard-encrypted workbook with Excel's default password opens
    // unasked (no report table in it: F008, not F001).
    assert_eq!(check("protect.xlsx", &[]), ["F008  "]);
    // Agile, password 「tika」.
    assert_eq!(check("protected_passtika.xlsx", &[]), ["F001  encrypted"]);
    assert_eq!(check("protected_passtika.xlsx", &["wrong"]), ["F001  wrong_password"]);
    assert_eq!(check("protected_passtika.xlsx", &["wrong", "tika"]), ["F008  "]);
    // The right password, an encryption office-crypto does not undo.
    assert_eq!(check("60320-protected.xlsx", &["Test001!!"]), ["F001  encrypted_unsupported"]);
}
