//! The page (web/dist/matome.html, built by web/build.sh) in a real
//! browser: headless Chromium driven through WebDriver (chromedriver), as
//! headquarters staff use it. The files are given to the page's file input
//! as a user's choice would; the saved report is read back with calamine.
//! Without the built page or the browser the tests say so and pass, unless
//! MATOME_REQUIRE_BROWSER is set (as `.ci/run` sets it).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

/// The built page, or why the tests cannot run.
fn page() -> Option<PathBuf> {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("web/dist/matome.html");
    let missing = if !page.exists() {
        Some("web/dist/matome.html is not built (web/build.sh)")
    } else if !Path::new("/usr/bin/chromedriver").exists() || !Path::new("/usr/bin/chromium").exists() {
        Some("chromium and chromium-driver are not installed")
    } else {
        None
    };
    match missing {
        Some(why) if std::env::var_os("MATOME_REQUIRE_BROWSER").is_some() => panic!("browser tests required: {why}"),
        Some(why) => {
            eprintln!("skipped: {why}");
            None
        }
        None => Some(page),
    }
}

/// A headless Chromium under chromedriver, one WebDriver session.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    downloads: tempfile::TempDir,
}

impl Browser {
    fn open(page: &Path) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new("/usr/bin/chromedriver").arg(format!("--port={port}")).spawn().unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let downloads = tempfile::tempdir().unwrap();
        let profile = downloads.path().join("profile");
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.display()),
        ];
        let capabilities = json!({ "capabilities": { "alwaysMatch": { "browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium", "args": args,
            "prefs": {
                "download.default_directory": downloads.path().join("saved"),
                "download.prompt_for_download": false,
                // A user answers Chrome's question about several downloads once.
                "profile.default_content_setting_values.automatic_downloads": 1,
            },
        } } } });
        let created: Value =
            ureq::post(&format!("{base}/session")).send_json(&capabilities).unwrap().body_mut().read_json().unwrap();
        let session = created["value"]["sessionId"].as_str().unwrap().to_string();
        let mut browser = Browser { driver, base, session, downloads };
        browser.command("url", json!({ "url": format!("file://{}", page.display()) }));
        browser.wait_for("return !document.getElementById('app').hidden");
        browser
    }

    fn command(&mut self, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}/{path}", self.base, self.session);
        let mut response = ureq::post(&url).config().http_status_as_error(false).build().send_json(&body).unwrap();
        let value: Value = response.body_mut().read_json().unwrap();
        assert!(value["value"].get("error").is_none(), "{path}: {value}");
        value["value"].clone()
    }

    fn script(&mut self, script: &str) -> Value {
        self.command("execute/sync", json!({ "script": script, "args": [] }))
    }

    fn wait_for(&mut self, condition: &str) {
        let started = Instant::now();
        while self.script(condition) != Value::Bool(true) {
            if started.elapsed() > Duration::from_secs(60) {
                let error = self.text("error");
                panic!("waited in vain for: {condition} (the page says: {error})");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Choose `files` in the page's file input, as a user would.
    fn choose(&mut self, files: &[PathBuf]) {
        self.choose_in("files", files);
    }

    /// Give `paths` to the file input `input`, as a user's choice would,
    /// without waiting for the page.
    fn send_to(&mut self, input: &str, paths: &[PathBuf]) {
        let found = self.command("element", json!({ "using": "css selector", "value": format!("#{input}") }));
        let id = found.as_object().unwrap().values().next().unwrap().as_str().unwrap().to_string();
        let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        self.command(&format!("element/{id}/value"), json!({ "text": paths.join("\n") }));
    }

    /// Choose a folder in the page's folder input.
    fn choose_folder(&mut self, folder: &Path) {
        self.choose_in("folder", &[folder.to_path_buf()]);
    }

    /// Choose `files` in the file input `input` (`folder` takes a folder),
    /// and wait for the page's answer.
    fn choose_in(&mut self, input: &str, files: &[PathBuf]) {
        // A second choice replaces the first, as a user's does.
        self.script(&format!("document.getElementById('{input}').value = ''"));
        self.script("document.getElementById('summary-line').textContent = ''");
        self.send_to(input, files);
        self.wait_for("return document.getElementById('summary-line').textContent !== ''");
    }

    /// Drop `files` (JavaScript expressions, each a File) on the page's drop
    /// zone as a mail program drops attachments: no file system entries.
    /// Waits for the page's answer.
    fn drop_files(&mut self, files: &[String]) {
        self.script("document.getElementById('summary-line').textContent = ''");
        self.script(&format!(
            "const files = [{}]; \
             const dataTransfer = {{ items: files.map(() => ({{ webkitGetAsEntry: () => null }})), files }}; \
             const drop = new Event('drop', {{ bubbles: true, cancelable: true }}); \
             Object.defineProperty(drop, 'dataTransfer', {{ value: dataTransfer }}); \
             document.getElementById('drop-zone').dispatchEvent(drop);",
            files.join(",")
        ));
        self.wait_for("return document.getElementById('summary-line').textContent !== ''");
    }

    fn text(&mut self, id: &str) -> String {
        self.script(&format!("return document.getElementById('{id}').innerText")).as_str().unwrap().to_string()
    }

    /// A picture of the page (`docs/page.png` is one), where
    /// MATOME_PAGE_SCREENSHOT names a file for it.
    fn screenshot(&mut self) {
        let Some(path) = std::env::var_os("MATOME_PAGE_SCREENSHOT") else { return };
        self.command("window/rect", json!({ "width": 1280, "height": 1500 }));
        let url = format!("{}/session/{}/screenshot", self.base, self.session);
        let value: Value = ureq::get(&url).call().unwrap().body_mut().read_json().unwrap();
        let png = decode_base64(value["value"].as_str().unwrap());
        std::fs::write(path, png).unwrap();
    }

    /// Type `text` into the field `id`, key by key, as a user does.
    fn type_into(&mut self, id: &str, text: &str) {
        let found = self.command("element", json!({ "using": "css selector", "value": format!("#{id}") }));
        let element = found.as_object().unwrap().values().next().unwrap().as_str().unwrap().to_string();
        self.command(&format!("element/{element}/value"), json!({ "text": text }));
    }

    fn click(&mut self, id: &str) {
        self.script(&format!("document.getElementById('{id}').click()"));
    }

    /// The JSON the browser saved, once it reads whole (the file may be
    /// seen before its last bytes are written).
    fn saved_json(&self) -> Value {
        let started = Instant::now();
        loop {
            match serde_json::from_str(&std::fs::read_to_string(self.saved(".json")).unwrap_or_default()) {
                Ok(value) => return value,
                Err(error) => assert!(started.elapsed() < Duration::from_secs(30), "the saved JSON: {error}"),
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The file the browser saved, once it is whole.
    fn saved(&self, name_ends: &str) -> PathBuf {
        let dir = self.downloads.path().join("saved");
        let started = Instant::now();
        loop {
            let found = std::fs::read_dir(&dir).ok().and_then(|entries| {
                entries.flatten().map(|e| e.path()).find(|p| p.to_string_lossy().ends_with(name_ends))
            });
            if let Some(path) = found {
                return path;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "nothing saved ending {name_ends}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    digits
        .chunks(4)
        .flat_map(|chunk| {
            let n = chunk.iter().enumerate().fold(0u32, |n, (i, &d)| n | u32::from(d) << (18 - 6 * i));
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            bytes.into_iter().take(chunk.len() - 1)
        })
        .collect()
}

/// A sample as a JavaScript File made from its bytes, to drop on the page.
fn sample_as_file(name: &str) -> String {
    let bytes = std::fs::read(samples_dir().join(name)).unwrap();
    let numbers: Vec<String> = bytes.iter().map(u8::to_string).collect();
    format!("new File([new Uint8Array([{}])], {name:?})", numbers.join(","))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    files
}

#[test]
fn the_samples_month_end_in_the_page_is_the_command_lines() {
    let Some(page) = page() else { return };
    let mut browser = Browser::open(&page);
    browser.choose(&files_in(&samples_dir()));
    assert_eq!(browser.text("summary-line"), "5 ファイルを読み、5/5 支所分を集計しました。エラー 3 件、警告 0 件。");
    assert_eq!(browser.text("as-of-used"), "基準日: 2021-06-14");
    // The three wrong row totals, at 提出!P32 and its siblings, in check's words.
    let findings = browser.text("findings");
    assert_eq!(findings.matches("K001").count(), 3, "{findings}");
    assert!(findings.contains("国の3共済 の合計欄 0 が各月の合計 1 と一致しません。"), "{findings}");
    assert!(findings.contains("P32"), "{findings}");
    browser.screenshot();
    // The saved report reads back as the command line's.
    browser.click("save-report");
    let saved = browser.saved(".xlsx");
    let summary = read_sheet(&saved, "総括");
    assert_eq!(number_at(&summary, find_row(&summary, 1, "巡回件数"), 4), 927.0);
    let out = tempfile::tempdir().unwrap();
    let (_, json) = consolidate_into(&samples_dir(), out.path(), "2021-06-14", &[]);
    let native = read_sheet(&out.path().join("report.xlsx"), "総括");
    assert_eq!(summary, native);
    assert_eq!(json["counts"]["errors"], 3);
    // Nothing was requested but the page itself.
    let requests = browser.script("return performance.getEntriesByType('resource').map(e => e.name)");
    assert_eq!(requests, json!([]));
}

#[test]
fn files_that_cannot_be_read_and_markup_in_a_file_are_shown_as_text() {
    let Some(page) = page() else { return };
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join("<img src=x onerror=window.pwned=1>.xlsx");
    let grid =
        [row(&["支所名", "<script>window.pwned=2</script>"]), month_header(), kpi_row("巡回件数", &["1", "2", "3"])];
    write_grid(&hostile, "報告", 0, 0, &grid);
    let labelled = dir.path().join("勝北支所.xlsx");
    let grid = [
        row(&["支所名", "勝北"]),
        month_header(),
        kpi_row("巡回件数", &["1", "2", "3"]),
        kpi_row("<b onmouseover=window.pwned=3>巡回</b>", &["1", "2", "3"]),
    ];
    write_grid(&labelled, "報告", 0, 0, &grid);
    let public = fixtures_dir().join("public");
    // A workbook cut short in the mail: a zip without its end.
    let damaged = dir.path().join("久米支所.xlsx");
    let whole = std::fs::read(samples_dir().join("久米_R3.6報告.xlsx")).unwrap();
    std::fs::write(&damaged, &whole[..whole.len() / 2]).unwrap();
    let files = vec![
        damaged,
        hostile,
        labelled,
        public.join("protected_passtika.xlsx"),
        public.join("testEXCEL_4.xls"),
        fixtures_dir().join("files/奈義支所.xlsx"),
    ];
    let mut browser = Browser::open(&page);
    browser.choose(&files);
    let findings = browser.text("findings");
    assert!(findings.contains("ファイルの構造が壊れているため読めません。"), "{findings}");
    assert!(findings.contains("パスワードで保護されているため開けません。"), "{findings}");
    assert!(findings.contains("古い Excel 形式（Excel 4.0 以前）です。"), "{findings}");
    assert!(findings.contains("表計算ファイル（xlsx・xls・ods）ではありません。"), "{findings}");
    assert!(findings.contains("<img src=x onerror=window.pwned=1>.xlsx"), "{findings}");
    assert!(findings.contains("<script>window.pwned=2</script>"), "{findings}");
    assert!(findings.contains("<b onmouseover=window.pwned=3>巡回</b>"), "{findings}");
    assert_eq!(browser.script("return window.pwned === undefined && document.images.length === 0"), json!(true));
    // Who sent nothing is said in 提出状況.
    let submissions = browser.text("submissions");
    assert!(submissions.contains("本部\t未提出"), "{submissions}");
    // The English switch: the same findings in English.
    browser.script("document.getElementById('summary-line').textContent = ''");
    browser.click("language");
    browser.wait_for("return document.getElementById('summary-line').textContent !== ''");
    // The findings are the second run's, in English, once it is done.
    browser.wait_for("return document.getElementById('findings').textContent.includes('protected by a password')");
    assert!(browser.text("summary-line").starts_with("Read 6 files"), "{}", browser.text("summary-line"));
}

#[test]
fn a_file_that_stops_the_module_is_named_and_the_rest_read_again() {
    // POI's Simple.xlsb panics inside calamine: in the page the panic stops
    // the module (in the worker or a helper, whichever judged it); the
    // page starts them again and reads every file but that one.
    let Some(page) = page() else { return };
    let mut files = files_in(&samples_dir());
    files.insert(2, fixtures_dir().join("public/Simple.xlsb"));
    let mut browser = Browser::open(&page);
    browser.choose(&files);
    assert_eq!(browser.text("summary-line"), "6 ファイルを読み、5/5 支所分を集計しました。エラー 4 件、警告 0 件。");
    let findings = browser.text("findings");
    assert!(findings.contains("Simple.xlsb"), "{findings}");
    assert!(findings.contains("matome ではこのファイルを読み取れませんでした。"), "{findings}");
    browser.click("save-json");
    let saved = browser.saved_json();
    assert_eq!(saved["counts"]["errors"], 4);
    let out = tempfile::tempdir().unwrap();
    let (_, native) = consolidate_into(&samples_dir(), out.path(), "2021-06-14", &[]);
    assert_eq!(unit_figures(&saved, "shohoku"), unit_figures(&native, "shohoku"));
}

#[test]
fn a_years_folder_chosen_as_a_folder_gives_the_command_lines_figures() {
    let Some(page) = page() else { return };
    let year = fixtures_dir().join("year");
    let mut browser = Browser::open(&page);
    browser.script("document.getElementById('as-of').value = '2021-06-14'");
    browser.choose_folder(&year);
    browser.click("save-json");
    let saved = browser.saved_json();
    let out = tempfile::tempdir().unwrap();
    let (_, native) = consolidate_into(&year, out.path(), "2021-06-14", &[]);
    assert_eq!(saved["kpis"], native["kpis"]);
    assert_eq!(saved["units"], native["units"]);
    assert_eq!(saved["findings"], native["findings"]);
    assert_eq!(kpi_actual(&saved, "visits"), kpi_actual(&native, "visits"));
}

fn kpi_actual(json: &Value, id: &str) -> f64 {
    json["kpis"].as_array().unwrap().iter().find(|k| k["id"] == id).unwrap()["actual"].as_f64().unwrap()
}

/// The page against the native binary on one thread, on the same folders
/// (a benchmark, not a test: `cargo test --release --test browser --
/// --ignored --nocapture`, with BENCH_DIRS naming `label=folder[=config]`
/// entries separated by `;`). Prints each pair's seconds, their ratio and
/// the core's peak memory in the page (its WebAssembly memory).
#[test]
#[ignore]
fn page_against_native() {
    let Some(page) = page() else { return };
    let dirs = std::env::var("BENCH_DIRS").unwrap_or_else(|_| format!("samples={}", samples_dir().display()));
    for entry in dirs.split(';') {
        let mut parts = entry.split('=');
        let (label, dir, config) = (parts.next().unwrap(), PathBuf::from(parts.next().unwrap()), parts.next());
        let out = tempfile::tempdir().unwrap();
        let report = out.path().join("r.xlsx");
        let mut args = vec![
            "consolidate".to_string(),
            dir.display().to_string(),
            "-o".into(),
            report.display().to_string(),
            "-q".into(),
        ];
        if let Some(config) = config {
            args.extend(["--config".to_string(), config.to_string()]);
        }
        let started = Instant::now();
        let status =
            Command::new(env!("CARGO_BIN_EXE_matome")).args(&args).env("RAYON_NUM_THREADS", "1").status().unwrap();
        let native = started.elapsed().as_secs_f64();
        assert!(status.code().unwrap() < 2);
        let mut browser = Browser::open(&page);
        if let Some(config) = config {
            browser.send_to("settings-file", &[PathBuf::from(config)]);
        }
        browser.choose_folder(&dir);
        // From the files' choice to the results, as the page timed it.
        let in_page = browser.script("return Number(document.body.dataset.runMs)").as_f64().unwrap() / 1000.0;
        let memory = browser.script("return Number(document.body.dataset.wasmMemory)").as_f64().unwrap() / 1048576.0;
        let spent = browser.script("return document.body.dataset.spent");
        println!("{label}: in the page's worker, milliseconds: {}", spent.as_str().unwrap_or(""));
        println!("{label}: page {in_page:.2} s, native (1 thread) {native:.2} s, ratio {:.2}; page's core memory {memory:.0} MiB", in_page / native);
    }
}

/// `examples/synth.rs` (built by `cargo test` beside this test), writing a
/// synthetic organisation into `out`.
fn synthetic_folder(out: &Path, args: &[&str]) {
    let test = std::env::current_exe().unwrap();
    let synth = test.parent().unwrap().parent().unwrap().join("examples").join("synth");
    let status = Command::new(&synth).args(args).arg("--out").arg(out).stdout(std::process::Stdio::null()).status();
    assert!(
        status.is_ok_and(|status| status.success()),
        "{} (cargo test builds it; cargo build --examples)",
        synth.display()
    );
}

#[test]
fn a_years_folder_of_hundreds_of_files_in_batches_gives_the_command_lines_figures() {
    // 30 units × 12 monthly files: the page reads them in batches for the
    // worker and its helper, whose answers come back out of order; one
    // unit in four sends the month before again with corrected figures. A
    // file's bytes handed under another's name changes the units' figures.
    let Some(page) = page() else { return };
    let root = tempfile::tempdir().unwrap();
    synthetic_folder(root.path(), &["--units", "30", "--files-per-unit", "12"]);
    let (folder, config) = (root.path().join("submissions"), root.path().join("config.toml"));
    let mut browser = Browser::open(&page);
    browser.send_to("settings-file", std::slice::from_ref(&config));
    browser.script("document.getElementById('as-of').value = '2022-03-31'");
    browser.choose_folder(&folder);
    assert!(browser.text("summary-line").starts_with("360 ファイルを読み、30/30 支所分を集計しました。"));
    browser.click("save-json");
    let saved = browser.saved_json();
    let out = tempfile::tempdir().unwrap();
    let (_, native) = consolidate_into(&folder, out.path(), "2022-03-31", &["--config", config.to_str().unwrap()]);
    assert_eq!(saved["kpis"], native["kpis"]);
    assert_eq!(saved["units"], native["units"]);
    assert_eq!(saved["findings"], native["findings"]);
}

#[test]
fn a_federations_folder_of_members_reports_rolls_up_as_on_the_command_line() {
    let Some(page) = page() else { return };
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("岡山県商工会連合会");
    std::fs::create_dir_all(&folder).unwrap();
    // Two members' reports: the samples' (作州津山商工会) and the same figures as 真庭東商工会's.
    let scratch = tempfile::tempdir().unwrap();
    consolidate_into(&samples_dir(), scratch.path(), "2021-06-14", &[]);
    std::fs::copy(scratch.path().join("report.xlsx"), folder.join("作州津山商工会_6月.xlsx")).unwrap();
    let default = String::from_utf8(matome(&["config"]).stdout).unwrap();
    let config = scratch.path().join("higashi.toml");
    std::fs::write(&config, default.replacen("name = \"作州津山商工会\"", "name = \"真庭東商工会\"", 1)).unwrap();
    consolidate_into(&samples_dir(), scratch.path(), "2021-06-14", &["--config", config.to_str().unwrap()]);
    std::fs::copy(scratch.path().join("report.xlsx"), folder.join("真庭東商工会_6月.xlsx")).unwrap();

    let mut browser = Browser::open(&page);
    browser.script("document.getElementById('as-of').value = '2021-06-14'");
    browser.choose_folder(&folder);
    assert_eq!(browser.text("summary-line"), "2 ファイルを読み、2/2 会員分を集計しました。エラー 0 件、警告 2 件。");
    browser.click("save-json");
    let saved = browser.saved_json();
    let out = tempfile::tempdir().unwrap();
    let (_, native) = consolidate_into(&folder, out.path(), "2021-06-14", &[]);
    assert_eq!(saved["organisation"], "岡山県商工会連合会");
    assert_eq!(saved["kpis"], native["kpis"]);
    assert_eq!(kpi_actual(&saved, "visits"), 2.0 * 927.0);
}

#[test]
fn the_years_tools_in_the_page_write_what_the_commands_write() {
    let Some(page) = page() else { return };
    let mut browser = Browser::open(&page);
    // A branch's own file, explained as `check --explain` does.
    browser.send_to("explain-file", &[samples_dir().join("勝北支所_6月分(修正).xlsx")]);
    browser.wait_for("return document.getElementById('explain-text').textContent !== ''");
    let explained = browser.text("explain-text");
    assert!(explained.contains("表: 提出（月が横に並ぶ表）"), "{explained}");
    assert!(explained.contains("支所名: 提出!B3「勝北」→ 勝北"), "{explained}");
    // A fresh settings workbook reads back as the embedded default.
    browser.click("new-settings");
    let settings = matome::settings::read_settings(&browser.saved("matome設定.xlsx")).unwrap();
    assert_eq!(settings.units.len(), 5);
    assert_eq!(settings.organisation.fiscal_year, 2021);
    // Next year's settings from the samples' report.
    let out = tempfile::tempdir().unwrap();
    consolidate_into(&samples_dir(), out.path(), "2021-06-14", &[]);
    browser.send_to("next-year-report", &[out.path().join("report.xlsx")]);
    let next = matome::settings::read_settings(&browser.saved("翌年度.xlsx")).unwrap();
    assert_eq!(next.organisation.fiscal_year, 2022);
    let visits = next.kpis.iter().find(|k| k.id == "visits").unwrap();
    assert_eq!(visits.previous, Some(927.0));
}

#[test]
fn files_as_they_arrive_give_the_command_lines_figures_in_the_page() {
    // A workbook of a sheet a unit, a system's export, June's folder of a
    // zip, a mail, a CSV and a PDF, an Outlook mail, formulas saved
    // without results (tests/arrivals.rs reads each on the command line).
    let Some(page) = page() else { return };
    let mut browser = Browser::open(&page);
    browser.script("document.getElementById('as-of').value = '2021-06-14'");
    for folder in ["export", "units_book", "month", "outlook", "formulas"] {
        let dir = fixtures_dir().join("arrivals").join(folder);
        browser.choose_folder(&dir);
        let _ = std::fs::remove_dir_all(browser.downloads.path().join("saved"));
        browser.click("save-json");
        let saved = browser.saved_json();
        let out = tempfile::tempdir().unwrap();
        let (_, native) = consolidate_into(&dir, out.path(), "2021-06-14", &[]);
        assert_eq!(saved["kpis"], native["kpis"], "{folder}");
        assert_eq!(saved["units"], native["units"], "{folder}");
        assert_eq!(saved["findings"], native["findings"], "{folder}");
        if folder == "month" {
            // The PDF is named under 提出状況, with why it was not read.
            let not_read = browser.text("not-read");
            assert!(not_read.contains("本部_6月分.pdf: PDFなので読んでいません。"), "{not_read}");
            let submissions = browser.text("submissions");
            assert!(submissions.contains("勝北_6月分.zip › 勝北支所_6月分(修正).xlsx"), "{submissions}");
            browser.screenshot();
        }
    }
}

#[test]
fn protected_files_ask_for_a_password_in_a_dialog_and_keep_it_nowhere() {
    // The samples protected as offices do (Agile, Standard, a zip): the
    // office's password 「shoko2021」, 奈義's own 「nagi-2021」.
    let Some(page) = page() else { return };
    let dir = fixtures_dir().join("protected").join("month");
    let mut browser = Browser::open(&page);
    browser.script("document.getElementById('as-of').value = '2021-06-14'");
    browser.choose_folder(&dir);
    let dialog_open = "return document.getElementById('password-dialog').open";
    browser.wait_for(dialog_open);
    assert!(browser.text("password-explain").contains("はパスワードで保護されています。"));
    assert!(browser.text("password-explain").contains("どこにも保存しません"));
    assert_eq!(browser.script("return document.activeElement.id"), json!("password-input"));
    assert_eq!(accessibility_violations(&mut browser), json!([]), "the dialog");
    // Skipped: the files are named, and a button asks again.
    browser.click("password-skip");
    browser.wait_for("return !document.getElementById('password-dialog').open");
    assert!(browser.text("not-read").contains("パスワードで保護されているため開けません。"));
    browser.click("ask-password");
    browser.wait_for(dialog_open);
    // A mistyped password, typed and entered by keyboard: asked again.
    let answer = |browser: &mut Browser, password: &str| {
        browser.script("document.getElementById('summary-line').textContent = ''");
        browser.type_into("password-input", password);
        browser.press("\u{E007}");
        browser.wait_for("return document.getElementById('summary-line').textContent !== ''");
    };
    answer(&mut browser, "shokou2021");
    browser.wait_for(dialog_open);
    assert_eq!(
        browser.text("password-wrong"),
        "パスワードが違います。もう一度入れてください（支所ごとに違うこともあります）。"
    );
    // The office's opens three files; 奈義's is asked for by name.
    answer(&mut browser, "shoko2021");
    browser.wait_for(dialog_open);
    assert_eq!(browser.text("password-wrong"), "");
    assert!(browser.text("password-explain").contains("「奈義支所 月次報告 6月.xlsx」"));
    answer(&mut browser, "nagi-2021");
    assert_eq!(browser.text("summary-line"), "5 ファイルを読み、5/5 支所分を集計しました。エラー 3 件、警告 0 件。");
    assert_eq!(browser.script("return document.getElementById('ask-password').hidden"), json!(true));
    // The figures are the command line's with the same passwords.
    browser.click("save-json");
    let page_json = browser.saved_json();
    let out = tempfile::tempdir().unwrap();
    let passwords = out.path().join("passwords.txt");
    std::fs::write(&passwords, "shoko2021\nnagi-2021\n").unwrap();
    let (_, native) =
        consolidate_into(&dir, out.path(), "2021-06-14", &["--password-file", passwords.to_str().unwrap()]);
    for field in ["kpis", "units", "findings"] {
        assert_eq!(page_json[field], native[field], "{field}");
    }
    // Nowhere kept: not in the browser's storage, not in the page, not in
    // what it saved.
    let kept = browser.script(
        "return [JSON.stringify(Object.entries(localStorage)), JSON.stringify(Object.entries(sessionStorage)), \
         document.cookie, document.documentElement.outerHTML].join('\\n')",
    );
    let saved = std::fs::read(browser.saved(".json")).unwrap();
    for password in ["shokou2021", "shoko2021", "nagi-2021"] {
        assert!(!kept.as_str().unwrap().contains(password), "{password} kept");
        assert!(!String::from_utf8_lossy(&saved).contains(password));
    }
    let databases = browser.command(
        "execute/async",
        json!({
            "script": "const done = arguments[0]; indexedDB.databases().then((list) => done(list.length));",
            "args": [],
        }),
    );
    assert_eq!(databases, json!(0));
}

#[test]
fn files_dropped_with_no_file_system_entry_are_read() {
    // As a mail program's attachments arrive: Files in dataTransfer.files,
    // none with an entry (webkitGetAsEntry gives null).
    let Some(page) = page() else { return };
    let mut browser = Browser::open(&page);
    browser.drop_files(&[sample_as_file("勝北支所_6月分(修正).xlsx"), sample_as_file("加茂支所_6月分.xlsx")]);
    // Errors: the three units that sent nothing and the two files' wrong row totals.
    assert_eq!(browser.text("summary-line"), "2 ファイルを読み、2/5 支所分を集計しました。エラー 5 件、警告 0 件。");
    let submissions = browser.text("submissions");
    assert!(submissions.contains("勝北支所_6月分(修正).xlsx"), "{submissions}");
}

#[test]
fn a_file_gone_before_the_browser_reads_it_is_named_as_not_opened() {
    // A file chosen, then moved away before the page read it: the browser
    // cannot read it, and the page says so of that file, as the command
    // line does of a file it cannot open; the other file is read.
    let Some(page) = page() else { return };
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("勝北支所_6月分.xlsx");
    std::fs::copy(samples_dir().join("勝北支所_6月分(修正).xlsx"), &gone).unwrap();
    let mut browser = Browser::open(&page);
    // The File taken from an input of its own, which the page does not watch.
    browser.script(
        "const input = document.createElement('input'); input.type = 'file'; input.id = 'elsewhere'; \
         document.body.appendChild(input);",
    );
    browser.send_to("elsewhere", std::slice::from_ref(&gone));
    std::fs::remove_file(&gone).unwrap();
    browser
        .drop_files(&["document.getElementById('elsewhere').files[0]".into(), sample_as_file("加茂支所_6月分.xlsx")]);
    let findings = browser.text("findings");
    assert!(findings.contains("勝北支所_6月分.xlsx"), "{findings}");
    assert!(findings.contains("ファイルを開けませんでした。"), "{findings}");
    let submissions = browser.text("submissions");
    assert!(submissions.contains("加茂支所_6月分.xlsx"), "{submissions}");
}

#[test]
fn the_page_prints_the_boards_copy_without_its_controls() {
    // Chromium's print to PDF (WebDriver's print, A4 landscape), read back
    // with poppler's pdftotext.
    let Some(page) = page() else { return };
    let mut browser = Browser::open(&page);
    browser.choose(&files_in(&samples_dir()));
    assert_eq!(browser.script("return document.getElementById('print').textContent"), json!("印刷（理事会資料）"));
    let printed = browser.command(
        "print",
        json!({ "orientation": "landscape", "page": { "width": 29.7, "height": 21.0 }, "background": true }),
    );
    let pdf = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(pdf.path(), decode_base64(printed.as_str().unwrap())).unwrap();
    // Kept to look at, where MATOME_PAGE_PRINT names a file for it.
    if let Some(keep) = std::env::var_os("MATOME_PAGE_PRINT") {
        std::fs::copy(pdf.path(), keep).unwrap();
    }
    let text = Command::new("pdftotext").args(["-layout"]).arg(pdf.path()).arg("-").output();
    let Ok(text) = text.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()) else {
        assert!(std::env::var_os("MATOME_REQUIRE_BROWSER").is_none(), "pdftotext (poppler-utils) is needed");
        return;
    };
    assert!(text.contains("作州津山商工会"), "{text}");
    assert!(text.contains("令和3年度 主要事業 進捗状況"), "{text}");
    assert!(text.contains("基準日: 2021-06-14"), "{text}");
    assert!(text.contains("巡回件数"), "{text}");
    assert!(text.contains("927"), "{text}");
    // The pictures print too, their words as text.
    assert!(text.contains("経過率 20.5%"), "{text}");
    for control in
        ["進捗表（xlsx）を保存", "フォルダを選ぶ", "チェック結果", "提出状況", "印刷（理事会資料）", "ファイルを読み"]
    {
        assert!(!text.contains(control), "{control} printed: {text}");
    }
}

#[test]
fn last_years_report_gives_the_command_lines_last_year_figures() {
    // This year is 令和4年度 (the default settings a year on); last year's
    // report is the samples' (令和3年度, 927 visits), chosen once and kept.
    let Some(page) = page() else { return };
    let dir = tempfile::tempdir().unwrap();
    let last = dir.path().join("令和3年度_進捗表.xlsx");
    let output = matome(&["consolidate", samples_dir().to_str().unwrap(), "-o", last.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let settings = dir.path().join("matome.toml");
    let toml = String::from_utf8(matome(&["config"]).stdout).unwrap();
    // Without the settings' own last-year figures, which would win.
    let toml: Vec<&str> = toml.lines().filter(|line| !line.starts_with("previous")).collect();
    std::fs::write(&settings, toml.join("\n").replace("fiscal_year = 2021", "fiscal_year = 2022")).unwrap();
    let inputs = dir.path().join("令和4年度");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::copy(samples_dir().join("勝北支所_6月分(修正).xlsx"), inputs.join("勝北支所_4月分.xlsx")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let extra = ["--config", settings.to_str().unwrap(), "--previous", last.to_str().unwrap()];
    let (_, native) = consolidate_into(&inputs, out.path(), "2022-06-14", &extra);
    let visits = |json: &Value| json["kpis"].as_array().unwrap().iter().find(|k| k["id"] == "visits").unwrap().clone();
    assert_eq!(visits(&native)["previous"], 927.0);

    let mut browser = Browser::open(&page);
    browser.send_to("settings-file", &[settings]);
    browser.send_to("previous-file", &[last]);
    browser.wait_for("return document.getElementById('previous-name').textContent.startsWith('令和3年度_進捗表.xlsx')");
    browser.script("document.getElementById('as-of').value = '2022-06-14'");
    browser.choose_folder(&inputs);
    let overview = browser.text("overview");
    assert!(overview.contains("前年同期") && overview.contains("前年比"), "{overview}");
    browser.click("save-json");
    let saved = browser.saved_json();
    assert_eq!(saved["kpis"], native["kpis"]);
    assert_eq!(visits(&saved)["previous"], 927.0);
    // Remembered: the page opened again has it still, and forgets it when asked.
    browser.command("refresh", json!({}));
    browser.wait_for("return !document.getElementById('app').hidden");
    assert!(browser.text("previous-name").starts_with("令和3年度_進捗表.xlsx"), "{}", browser.text("previous-name"));
    browser.click("forget-previous");
    assert_eq!(browser.text("previous-name"), "なし（設定の前年度実績を使います）");
}

#[test]
fn every_control_has_a_name_and_is_reached_by_keyboard() {
    // What a screen reader says of each control: its label's text, its
    // aria-label or its own text; none may be nameless, none out of Tab's
    // reach (a file input inside its label is hidden from sight only).
    let Some(page) = page() else { return };
    let mut browser = Browser::open(&page);
    browser.choose(&files_in(&samples_dir()));
    let nameless = browser.script(
        "const named = (el) => (el.getAttribute('aria-label') || '').trim() || \
             Array.from(el.labels || []).map((l) => l.textContent.trim()).join('') || \
             (el.tagName === 'BUTTON' ? el.textContent.trim() : ''); \
         return Array.from(document.querySelectorAll('input, select, button, progress')) \
             .filter((el) => !el.closest('[hidden]') && !named(el)).map((el) => el.id || el.outerHTML)",
    );
    assert_eq!(nameless, json!([]));
    let unreachable = browser.script(
        "return Array.from(document.querySelectorAll('input, select, button')) \
             .filter((el) => !el.closest('[hidden]') && (el.tabIndex < 0 || getComputedStyle(el).display === 'none')) \
             .map((el) => el.id)",
    );
    assert_eq!(unreachable, json!([]));
    // Landmarks: the page's content is in its main region, and the summary
    // line is announced when the results arrive.
    let outside = browser.script(
        "return Array.from(document.querySelectorAll('#app > *'))              .filter((el) => !['HEADER', 'MAIN'].includes(el.tagName) && getComputedStyle(el).display !== 'none')              .map((el) => el.outerHTML.slice(0, 60))",
    );
    assert_eq!(outside, json!([]));
    assert_eq!(
        browser.script("return document.getElementById('summary-line').getAttribute('aria-live')"),
        json!("polite")
    );
    // The file inputs' labels read in Japanese, in the controls' order.
    let folder = browser.script("return document.getElementById('folder').labels[0].textContent");
    assert_eq!(folder, json!("フォルダを選ぶ"));
}

#[test]
fn settings_learnt_from_the_forms_in_the_page_are_init_froms_and_used_at_once() {
    // The chamber's own form for 東 and 西 (tests/fixtures/own_forms).
    let Some(page) = page() else { return };
    let forms = fixtures_dir().join("own_forms").join("xlsx");
    let dir = tempfile::tempdir().unwrap();
    let native = dir.path().join("learnt.xlsx");
    let output = matome(&["init", "--from", forms.to_str().unwrap(), "-o", native.to_str().unwrap()]);
    assert!(output.status.success());
    let mut browser = Browser::open(&page);
    browser.send_to("learn-forms", &files_in(&forms));
    browser.wait_for("return document.getElementById('learnt').textContent !== ''");
    let learnt = browser.text("learnt");
    assert!(learnt.contains("様式 2 件から、支所 2 件（東、西）"), "{learnt}");
    let saved = browser.saved("matome設定.xlsx");
    // The same settings as the command line's, read back as TOML.
    let as_toml =
        |settings: &Path| String::from_utf8(matome(&["config", "--config", settings.to_str().unwrap()]).stdout);
    assert_eq!(as_toml(&saved).unwrap(), as_toml(&native).unwrap());
    // In use at once: the forms read under them.
    assert!(browser.text("settings-name").starts_with("matome設定.xlsx"), "{}", browser.text("settings-name"));
    browser.choose(&files_in(&forms));
    assert!(browser.text("summary-line").contains("2/2 支所分"), "{}", browser.text("summary-line"));
}

#[test]
fn the_pictures_are_drawn_from_the_figures_of_the_summary() {
    let Some(page) = page() else { return };
    let mut browser = Browser::open(&page);
    browser.choose(&files_in(&samples_dir()));
    let svg_text = |browser: &mut Browser, id: &str| {
        let script = format!("const svg = document.querySelector('#{id} svg'); return svg ? svg.textContent : ''");
        browser.script(&script).as_str().unwrap().to_string()
    };
    // 巡回件数: 927 of 3,200 (29.0 %), on pace with 20.5 % of the year gone, as 総括 says.
    let overview = browser.text("overview");
    assert!(overview.contains("巡回件数\t3,200\t927\t29.0%\t順調"), "{overview}");
    browser.wait_for("return !!document.querySelector('#picture-progress svg')");
    let progress = svg_text(&mut browser, "picture-progress");
    for words in ["巡回件数", "29.0%  順調", "経過率 20.5%"] {
        assert!(progress.contains(words), "{words}: {progress}");
    }
    // The bar's colour is its standing's.
    let fill = browser.script(
        "return Array.from(document.querySelectorAll('#picture-progress path[fill]')).map((p) => p.getAttribute('fill').toUpperCase())",
    );
    let on_pace = |f: &Value| f.as_str().is_some_and(|f| f == "#009E73" || f.contains("0,158,115"));
    assert!(fill.as_array().unwrap().iter().any(on_pace), "{fill}");
    // Each unit's standing on each item, in words: 勝北's visits are 113 of 600.
    let grid = browser.text("picture-grid");
    assert!(grid.contains("勝北\t18.8% やや遅れ"), "{grid}");
    // An item chosen: its cumulative by month against the target spread by month.
    browser.script(
        "const item = document.getElementById('picture-item'); item.value = 'consultations'; \
         item.dispatchEvent(new Event('change'))",
    );
    browser.wait_for(
        "return (document.querySelector('#picture-cumulative svg') || {}).textContent.includes('窓口相談件数')",
    );
    // The months on the axis are the picture's text; the legend's is the page's.
    let cumulative = svg_text(&mut browser, "picture-cumulative") + &browser.text("picture-cumulative");
    for words in ["今年度の累計", "目標の月割り", "4月", "3月"] {
        assert!(cumulative.contains(words), "{words}: {cumulative}");
    }
}

/// What axe-core (npm, in web/node_modules beside the page's own chart
/// library; never put into the page) finds wrong on the page as it stands:
/// each violation's rule, impact and first place.
fn accessibility_violations(browser: &mut Browser) -> Value {
    let axe = Path::new(env!("CARGO_MANIFEST_DIR")).join("web/node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&axe).expect("web/build.sh installs axe-core for the tests");
    browser.script(&source);
    browser.command(
        "execute/async",
        json!({ "script": "const done = arguments[arguments.length - 1]; \
            axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }) \
              .then((r) => done(r.violations.map((v) => [v.id, v.impact, v.nodes.length, v.nodes[0].target.join(' ')])))",
            "args": [] }),
    )
}

#[test]
fn axe_core_finds_no_violation_in_the_page() {
    // WCAG 2.1 A and AA and axe's best practices, as JIS X 8341-3 asks: on
    // the page empty, with the samples' results, with the findings
    // filtered, with a file explained, and all of it again in English.
    let Some(page) = page() else { return };
    let mut browser = Browser::open(&page);
    let mut found = vec![("empty", accessibility_violations(&mut browser))];
    browser.choose(&files_in(&samples_dir()));
    found.push(("results", accessibility_violations(&mut browser)));
    browser.script(
        "const severity = document.getElementById('filter-severity'); severity.value = 'error';          severity.dispatchEvent(new Event('change'))",
    );
    found.push(("filtered", accessibility_violations(&mut browser)));
    browser.send_to("explain-file", &[samples_dir().join("勝北支所_6月分(修正).xlsx")]);
    browser.wait_for("return document.getElementById('explain-text').textContent !== ''");
    found.push(("explained", accessibility_violations(&mut browser)));
    browser.script("document.getElementById('summary-line').textContent = ''");
    browser.click("language");
    browser.wait_for("return document.getElementById('summary-line').textContent !== ''");
    found.push(("in English", accessibility_violations(&mut browser)));
    for (state, violations) in found {
        assert_eq!(violations, json!([]), "{state}");
    }
}

impl Browser {
    /// Press one key (a WebDriver key code: Tab is \u{E004}, Enter \u{E007}).
    fn press(&mut self, key: &str) {
        let key_actions = json!([{ "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }]);
        self.command("actions", json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": key_actions }] }));
    }

    /// Tab until the control `id` has the focus, as a keyboard user does.
    fn tab_to(&mut self, id: &str) {
        for _ in 0..60 {
            if self.script("return document.activeElement.id") == json!(id) {
                return;
            }
            self.press("\u{E004}");
        }
        panic!("Tab never reached #{id}");
    }
}

#[test]
fn the_months_job_by_keyboard_alone() {
    // Choose the files (the picker's input reached by Tab), read 総括,
    // show the errors only, and save the report: Tab, arrows and Enter.
    let Some(page) = page() else { return };
    let mut browser = Browser::open(&page);
    browser.tab_to("files");
    browser.script("document.getElementById('summary-line').textContent = ''");
    browser.send_to("files", &files_in(&samples_dir()));
    browser.wait_for("return document.getElementById('summary-line').textContent !== ''");
    assert!(browser.text("overview").contains("巡回件数\t3,200\t927\t29.0%\t順調"));
    browser.tab_to("filter-severity");
    browser.press("\u{E015}"); // Arrow down: the first severity, エラー.
    browser.wait_for("return document.getElementById('filter-severity').value === 'error'");
    let findings = browser.text("findings");
    assert_eq!(findings.matches("K001").count(), 3, "{findings}");
    assert!(!findings.contains("警告\t"), "{findings}");
    browser.tab_to("save-report");
    browser.press("\u{E007}");
    let saved = read_sheet(&browser.saved(".xlsx"), "総括");
    assert_eq!(number_at(&saved, find_row(&saved, 1, "巡回件数"), 4), 927.0);
    // Where the focus is, is seen: an outline around the focused control.
    let outline = browser.script("return getComputedStyle(document.activeElement).outlineStyle");
    assert_eq!(outline, json!("solid"));
}
