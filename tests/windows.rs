//! matome.exe (built by .ci/release) under wine: the same summary and the
//! same report figures as the Linux binary (files as they arrive among
//! them), a folder with a Japanese name
//! dropped onto it, and settings found beside the program. Without the exe
//! or wine the tests say so and pass, unless MATOME_REQUIRE_WINE is set (as
//! `.ci/run` sets it).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::*;

const WINE: &str = "/usr/lib/wine/wine64";

/// A folder holding matome.exe and, for wine only, the ProcessPrng
/// stand-in (tests/windows/bcryptprimitives.c); or why there is none.
fn program() -> Option<tempfile::TempDir> {
    let exe = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/windows/x86_64-pc-windows-gnu/release/matome.exe");
    let missing = if !exe.exists() {
        Some("matome.exe is not built (.ci/release)")
    } else if !Path::new(WINE).exists() || Command::new("x86_64-w64-mingw32-gcc").arg("--version").output().is_err() {
        Some("wine64 and gcc-mingw-w64-x86-64 are not installed")
    } else {
        None
    };
    if let Some(why) = missing {
        assert!(std::env::var_os("MATOME_REQUIRE_WINE").is_none(), "wine tests required: {why}");
        eprintln!("skipped: {why}");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&exe, dir.path().join("matome.exe")).unwrap();
    let shim = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/windows/bcryptprimitives.c");
    let built = Command::new("x86_64-w64-mingw32-gcc")
        .args(["-shared", "-O2", "-o"])
        .arg(dir.path().join("bcryptprimitives.dll"))
        .arg(shim)
        .arg("-ladvapi32")
        .status()
        .unwrap();
    assert!(built.success());
    Some(dir)
}

/// A Linux path as the Windows program sees it (wine's Z: drive).
fn windows_path(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

/// Run matome.exe in `program` with `args`, its input not a console.
fn run(program: &Path, args: &[String]) -> Output {
    Command::new(WINE)
        .arg(program.join("matome.exe"))
        .args(args)
        .env("WINEPREFIX", program.join("prefix"))
        .env("WINEDEBUG", "-all")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn summary_of(report: &Path) -> calamine::Range<calamine::Data> {
    read_sheet(report, "総括")
}

#[test]
fn the_exe_consolidates_as_the_linux_binary_does() {
    let Some(program) = program() else { return };
    // And files as they arrive: a zip with a CP932 name, a mail, a CSV and a
    // PDF; a workbook of a sheet a unit; a system's export.
    let arrivals = fixtures_dir().join("arrivals");
    let folders = [samples_dir(), fixtures_dir().join("year"), arrivals.join("month"), arrivals.join("units_book")];
    for inputs in folders.into_iter().chain([arrivals.join("export")]) {
        let out = tempfile::tempdir().unwrap();
        let report = out.path().join("exe.xlsx");
        let args = ["consolidate".to_string(), windows_path(&inputs), "-o".into(), windows_path(&report)];
        let args: Vec<String> = args.into_iter().chain(["--as-of".into(), "2021-06-14".into()]).collect();
        let exe = run(program.path(), &args);
        let linux = matome(&[
            "consolidate",
            inputs.to_str().unwrap(),
            "-o",
            out.path().join("linux.xlsx").to_str().unwrap(),
            "--as-of",
            "2021-06-14",
        ]);
        let first_line =
            |output: &Output| String::from_utf8_lossy(&output.stdout).lines().next().unwrap_or("").to_string();
        assert_eq!(first_line(&exe), first_line(&linux), "{}", String::from_utf8_lossy(&exe.stderr));
        assert_eq!(exe.status.code(), linux.status.code());
        assert_eq!(summary_of(&report), summary_of(&out.path().join("linux.xlsx")));
    }
}

#[test]
fn a_folder_with_a_japanese_name_dropped_onto_the_exe() {
    let Some(program) = program() else { return };
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("令和3年度 支所報告");
    copy_samples_into(&folder);
    // Settings beside the program are found and said.
    let default = String::from_utf8(matome(&["config"]).stdout).unwrap();
    std::fs::write(program.path().join("matome.toml"), default).unwrap();
    let output = run(program.path(), &[windows_path(&folder)]);
    let printed = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{printed}{}", String::from_utf8_lossy(&output.stderr));
    assert!(printed.contains("matome.toml を使います。"), "{printed}");
    assert!(printed.contains("5 ファイルを読み、5/5 支所分を集計しました。エラー 3 件、警告 0 件。"), "{printed}");
    assert!(!printed.contains("Enter"), "no wait when the input is not a console: {printed}");
    let report: PathBuf = root.path().join("令和3年度 支所報告_進捗表.xlsx");
    let summary = summary_of(&report);
    assert_eq!(number_at(&summary, find_row(&summary, 1, "巡回件数"), 4), 927.0);
    assert_eq!(std::fs::read_dir(root.path().join("令和3年度 支所報告_返信")).unwrap().count(), 3);
}

#[test]
fn protected_files_in_a_dropped_folder_are_opened_with_passwords_given_through_its_input() {
    // The samples protected as offices do (tests/fixtures/protected): the
    // office's password and 奈義's own, typed into the window's input.
    let Some(program) = program() else { return };
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("6月分");
    std::fs::create_dir(&folder).unwrap();
    for entry in std::fs::read_dir(fixtures_dir().join("protected").join("month")).unwrap().flatten() {
        std::fs::copy(entry.path(), folder.join(entry.file_name())).unwrap();
    }
    let mut child = Command::new(WINE)
        .arg(program.path().join("matome.exe"))
        .arg(windows_path(&folder))
        .env("WINEPREFIX", program.path().join("prefix"))
        .env("WINEDEBUG", "-all")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"shoko2021\r\nnagi-2021\r\n").unwrap();
    let output = child.wait_with_output().unwrap();
    let (printed, asked) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(1), "{printed}{asked}");
    assert!(asked.contains("はパスワードで保護されています。パスワードを入力してください"), "{asked}");
    assert!(asked.contains("「奈義支所 月次報告 6月.xlsx」"), "{asked}");
    assert!(printed.contains("5 ファイルを読み、5/5 支所分を集計しました。エラー 3 件、警告 0 件。"), "{printed}");
    assert!(printed.contains("info[F014]"), "{printed}");
    for password in ["shoko2021", "nagi-2021"] {
        assert!(!printed.contains(password) && !asked.contains(password));
    }
    let summary = summary_of(&root.path().join("6月分_進捗表.xlsx"));
    assert_eq!(number_at(&summary, find_row(&summary, 1, "巡回件数"), 4), 927.0);
}

#[test]
fn a_report_open_in_excel_is_named_so_and_left_as_it_was() {
    let Some(program) = program() else { return };
    // A stand-in for Excel holding the report open with no sharing.
    let holder = program.path().join("hold_open.exe");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/windows/hold_open.c");
    let built = Command::new("x86_64-w64-mingw32-gcc")
        .args(["-municode", "-O2", "-o"])
        .arg(&holder)
        .arg(source)
        .status()
        .unwrap();
    assert!(built.success());
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("進捗表.xlsx");
    let args = ["consolidate".to_string(), windows_path(&samples_dir()), "-o".into(), windows_path(&report)];
    assert_eq!(run(program.path(), &args).status.code(), Some(1));
    let before = std::fs::read(&report).unwrap();
    let mut held = Command::new(WINE)
        .arg(&holder)
        .arg(windows_path(&report))
        .env("WINEPREFIX", program.path().join("prefix"))
        .env("WINEDEBUG", "-all")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(held.stdout.as_mut().unwrap()), &mut line).unwrap();
    assert_eq!(line.trim(), "held");
    let output = run(program.path(), &args);
    let _ = held.kill();
    let _ = held.wait();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("進捗表.xlsx は Excel で開かれています。閉じてからもう一度実行してください。"), "{said}");
    assert_eq!(std::fs::read(&report).unwrap(), before);
}

#[test]
fn the_release_zip_unpacks_to_one_folder_with_what_to_open_first() {
    let Some(program) = program() else { return };
    let zip = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist/matome-windows-x86_64.zip");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).expect(".ci/release writes the zip")).unwrap();
    archive.extract(program.path().join("unpacked")).unwrap();
    let folder = program.path().join("unpacked").join("matome");
    let mut top: Vec<String> =
        std::fs::read_dir(&folder).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    top.sort();
    assert_eq!(
        top,
        [
            "LICENSE.txt",
            "images",
            "matome.exe",
            "matome.html",
            "samples",
            "はじめにお読みください.txt",
            "利用の手引き.html"
        ]
    );
    // Every picture the manual shows is in images/.
    let manual = std::fs::read_to_string(folder.join("利用の手引き.html")).unwrap();
    let pictures: Vec<&str> = manual.split("src=\"").skip(1).map(|rest| rest.split('"').next().unwrap()).collect();
    let manual_md = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/manual.md")).unwrap();
    assert_eq!(pictures.len(), manual_md.matches(".png)").count(), "{pictures:?}");
    for picture in pictures {
        assert!(picture.starts_with("images/") && folder.join(picture).is_file(), "{picture}");
    }
    let read_me = std::fs::read(folder.join("はじめにお読みください.txt")).unwrap();
    assert!(read_me.starts_with(b"\xef\xbb\xbf") && String::from_utf8_lossy(&read_me).contains("matome.html"));
    // The unpacked program consolidates the unpacked samples.
    std::fs::copy(program.path().join("bcryptprimitives.dll"), folder.join("bcryptprimitives.dll")).unwrap();
    let report = program.path().join("report.xlsx");
    let args = ["consolidate", &windows_path(&folder.join("samples")), "-o", &windows_path(&report)];
    let output = run(&folder, &args.map(String::from));
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(printed.starts_with("5 ファイルを読み、5/5 支所分を集計しました。エラー 3 件、警告 0 件。"), "{printed}");
}
