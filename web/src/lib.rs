//! The page's crate: matome's core (`matome::job`) in WebAssembly, as
//! ruff's wasm crate sits over its linter. It turns what the page hands it
//! (each file's name and bytes, the settings file, the report date) into
//! what the page shows and saves (the JSON report, the workbooks as bytes).
//! It does no I/O: the page reads the files and saves the results.

use std::io::Write;
use std::path::Path;

use matome::check::{CheckOptions, ExpectedUnits};
use matome::config::{Config, Lang};
use matome::{job, Checked, Report};
use wasm_bindgen::prelude::*;

/// The language a page's `lang` names (ja by default).
fn lang_of(lang: &str) -> Lang {
    if lang == "en" {
        Lang::En
    } else {
        Lang::Ja
    }
}

/// The page's words (headings, buttons) as JSON, from matome's tables.
#[wasm_bindgen]
pub fn page_words(lang: &str) -> String {
    serde_json::to_string(matome::i18n::page_words(lang_of(lang))).expect("the words serialise")
}

/// The names the page shows for the report's codes, in `lang`, as JSON:
/// each standing, unit status and severity the JSON report gives.
#[wasm_bindgen]
pub fn code_names(lang: &str) -> String {
    use matome::consolidate::{Standing, UnitStatus};
    use matome::i18n::{severity_name, standing_name, status_name};
    use matome::Severity;
    let lang = lang_of(lang);
    let standings =
        names(&[Standing::OnPace, Standing::SlightlyBehind, Standing::FarBehind], |s| standing_name(lang, s));
    let statuses = names(&[UnitStatus::Clean, UnitStatus::Warnings, UnitStatus::Errors, UnitStatus::Missing], |s| {
        status_name(lang, s)
    });
    let severities = names(&[Severity::Error, Severity::Warning, Severity::Info], |s| severity_name(lang, s));
    serde_json::json!({ "standing": standings, "status": statuses, "severity": severities }).to_string()
}

/// Each code as the JSON report writes it → its name.
fn names<T: serde::Serialize + Copy>(codes: &[T], name: impl Fn(T) -> &'static str) -> serde_json::Value {
    let pairs = codes.iter().map(|&code| {
        let key = serde_json::json!(code).as_str().unwrap_or_default().to_string();
        (key, serde_json::Value::from(name(code)))
    });
    serde_json::Value::Object(pairs.collect())
}

/// Whether a file of this relative name is looked at (a folder walk's
/// rules): read, or named as not read.
#[wasm_bindgen]
pub fn is_candidate(name: &str) -> bool {
    job::is_candidate(name)
}

/// Whether the page need read a file's bytes: not for one whose name says
/// it is not read (a PDF, a picture), named from its name alone.
#[wasm_bindgen]
pub fn needs_bytes(name: &str) -> bool {
    job::needs_bytes(name)
}

/// Judge a sample branch's form `rounds` times, and consolidate it, while
/// the page waits for the user's files. A browser first runs WebAssembly
/// through a quick compiler and compiles again to its fastest only the
/// code that runs often; done here, that second compile (about a second of
/// a core on the year's folder) is over before the files are chosen.
#[wasm_bindgen]
pub fn warm_up(rounds: u32) {
    const NAME: &str = "加茂支所_6月分.xlsx";
    const SAMPLE: &[u8] = include_bytes!("../../samples/加茂支所_6月分.xlsx");
    let config = Config::default_config();
    let mut outcomes = Vec::new();
    for _ in 0..rounds {
        let judged = job::encode_outcomes(&job::read_file(NAME, SAMPLE, &config, PAGE_OPTIONS));
        outcomes = job::decode_outcomes(&judged).unwrap_or_default();
    }
    let checkup = job::gather(outcomes, &config, PAGE_OPTIONS);
    let last_year = matome::marker::LastYear::from_config(&config);
    let report = matome::consolidate::consolidate_with(&checkup.checked, &config, &last_year);
    std::hint::black_box(matome::write::json::report_json(&report, &config, Lang::Ja));
}

/// How the page checks: every unit expected, each figure's source cell
/// kept (for the workbook's links and the feedback), as of the files' own
/// dates unless a session is given one.
const PAGE_OPTIONS: CheckOptions =
    CheckOptions { as_of: None, expected_units: ExpectedUnits::Every, keep_sources: true };

/// A settings file's configuration: the settings workbook (xlsx) or TOML,
/// by its name's extension; the message on failure is the user's.
fn settings_from(name: &str, bytes: &[u8], lang: Lang) -> Result<Config, String> {
    let path = Path::new(name);
    let loaded = if name.to_lowercase().ends_with(".toml") {
        Config::from_toml(&String::from_utf8_lossy(bytes), path)
    } else {
        matome::settings::read_settings_bytes(bytes, path)
    };
    loaded.map_err(|error| matome::i18n::error_message(lang, &error))
}

/// One month end: the settings, then every file, then the results.
#[wasm_bindgen]
pub struct Session {
    config: Config,
    /// Whether the settings were given (else the embedded default, which a
    /// folder of members' reports replaces with a federation's).
    given: bool,
    lang: Lang,
    options: CheckOptions,
    /// Each file's outcomes with its place among the files: the page's
    /// workers judge them in whatever order they finish.
    outcomes: Vec<(u32, Vec<job::Outcome>)>,
    checkup: Option<matome::Checkup>,
    done: Option<(Report, Checked, usize)>,
    /// Last year's report, as `--previous` gives it: its name and bytes.
    previous: Option<(String, Vec<u8>)>,
    /// Forms to learn settings from (`learn_settings`), and what was learnt.
    forms: Vec<(String, Vec<u8>)>,
    learnt: String,
}

#[wasm_bindgen]
impl Session {
    /// A session in `lang` (ja, en) as of `as_of` (any form `--as-of`
    /// takes; empty for the files' own dates), under the settings file
    /// given (`settings_name` empty for the embedded default).
    #[wasm_bindgen(constructor)]
    pub fn new(lang: &str, as_of: &str, settings_name: &str, settings: &[u8]) -> Result<Session, String> {
        console_error_panic_hook::set_once();
        let lang = lang_of(lang);
        let config = match settings_name {
            "" => Config::default_config(),
            name => settings_from(name, settings, lang)?,
        };
        let as_of = match as_of.trim() {
            "" => None,
            text => Some(matome::text::parse_date_text(text).ok_or_else(|| {
                let words = matome::i18n::page_words(lang);
                format!("{}: {text}", words.bad_date)
            })?),
        };
        let options = CheckOptions { as_of, ..PAGE_OPTIONS };
        let given = !settings_name.is_empty();
        Ok(Session {
            config,
            given,
            lang,
            options,
            outcomes: Vec::new(),
            checkup: None,
            done: None,
            previous: None,
            forms: Vec::new(),
            learnt: String::new(),
        })
    }

    /// The organisation the settings describe, for the page to name them.
    pub fn organisation(&self) -> String {
        self.config.organisation_name(self.lang).to_string()
    }

    /// The report's title as the workbook's pages head it: 「令和3年度 主要事業
    /// 進捗状況」, for the printed summary.
    pub fn report_title(&self) -> String {
        let year = matome::i18n::fiscal_year_name(self.lang, self.config.organisation.fiscal_year);
        format!("{year} {}", self.config.report_title(self.lang))
    }

    /// The fiscal months' names in their order (「4月」 … 「3月」), for the
    /// pictures' month axis.
    pub fn month_names(&self) -> String {
        let names: Vec<String> =
            (0..12).map(|m| matome::i18n::month_name(self.lang, self.config.calendar_month(m))).collect();
        serde_json::json!(names).to_string()
    }

    /// Read and judge the file at `place` among the files; only what is
    /// judged of it is kept.
    pub fn add_file(&mut self, place: u32, name: &str, bytes: &[u8]) {
        self.outcomes.push((place, job::read_file(name, bytes, &self.config, self.options)));
    }

    /// Read and judge one file for another session (the page judges files
    /// in several workers): what `add_judged` takes.
    pub fn judge(&self, name: &str, bytes: &[u8]) -> Vec<u8> {
        job::encode_outcomes(&job::read_file(name, bytes, &self.config, self.options))
    }

    /// What another session judged (`judge`) of the file at `place`.
    pub fn add_judged(&mut self, place: u32, judged: &[u8]) -> Result<(), String> {
        self.outcomes.push((place, job::decode_outcomes(judged)?));
        Ok(())
    }

    /// The file at `place` whose reading stopped the module: F001
    /// parser_failed.
    pub fn add_unreadable(&mut self, place: u32, name: &str) {
        self.add_refused(place, name, matome::findings::Reason::ParserFailed);
    }

    /// The file at `place` that the browser could not read (moved, deleted
    /// or locked since it was chosen): F001 cannot_open, as the command line
    /// says of a file it cannot open.
    pub fn add_unopened(&mut self, place: u32, name: &str) {
        self.add_refused(place, name, matome::findings::Reason::CannotOpen);
    }

    fn add_refused(&mut self, place: u32, name: &str, reason: matome::findings::Reason) {
        let finding = matome::Finding::unreadable(name, reason);
        self.outcomes.push((place, vec![job::Outcome::skipped(Box::new(finding))]));
    }

    /// Every outcome so far, in the files' order.
    fn take_outcomes(&mut self) -> Vec<job::Outcome> {
        let mut outcomes = std::mem::take(&mut self.outcomes);
        outcomes.sort_by_key(|(place, _)| *place);
        outcomes.into_iter().flat_map(|(_, outcomes)| outcomes).collect()
    }

    /// Check every file together. Where no settings were given and the
    /// files are other organisations' matome reports, the settings become
    /// the federation's (named `folder`) derived from them, as on the
    /// command line, and the answer is true: give every file again.
    pub fn needs_roll_up(&mut self, folder: &str) -> Result<bool, String> {
        let outcomes = self.take_outcomes();
        let mut checkup = job::gather(outcomes, &self.config, self.options);
        let reports = match checkup.reports_to_roll_up() {
            Some(reports) if !self.given => reports,
            _ => {
                self.checkup = Some(checkup);
                return Ok(false);
            }
        };
        let derived = matome::settings::roll_up_settings(folder.to_string(), Path::new(folder), reports);
        match derived.map_err(|error| matome::i18n::error_message(self.lang, &error))? {
            Some(federation) => {
                self.config = federation;
                self.given = true;
                Ok(true)
            }
            None => {
                self.checkup = Some(checkup);
                Ok(false)
            }
        }
    }

    /// The settings in use as TOML: after `needs_roll_up`, the federation's
    /// derived from the members' reports, for the page's helpers to judge
    /// the second pass under.
    pub fn settings_toml(&self) -> String {
        self.config.to_toml()
    }

    /// Consolidate what was checked; the JSON report (the same as
    /// `consolidate --json`).
    pub fn finish(&mut self) -> Result<String, String> {
        let outcomes = self.take_outcomes();
        let checkup = match self.checkup.take() {
            Some(checkup) => checkup,
            None => job::gather(outcomes, &self.config, self.options),
        };
        let last_year = match &self.previous {
            Some((name, bytes)) => {
                matome::read::last_year::last_year_with_report(bytes, Path::new(name), &self.config)
                    .map_err(|error| matome::i18n::error_message(self.lang, &error))?
            }
            None => matome::marker::LastYear::from_config(&self.config),
        };
        let report = matome::consolidate::consolidate_with(&checkup.checked, &self.config, &last_year);
        let json = matome::write::json::report_json(&report, &self.config, self.lang);
        self.done = Some((report, checkup.checked, checkup.files_read));
        Ok(json)
    }

    /// Last year's report (`--previous`): its 前年, 前年同期 and 前年比 go
    /// into this year's. Read when the files are consolidated.
    pub fn set_previous(&mut self, name: &str, bytes: &[u8]) {
        self.previous = (!bytes.is_empty()).then(|| (name.to_string(), bytes.to_vec()));
    }

    /// The summary line `consolidate` prints.
    pub fn summary_line(&self) -> String {
        let Some((report, _, files_read)) = &self.done else { return String::new() };
        let (errors, warnings, _) = matome::findings::count(&report.findings);
        let used = report.units.iter().filter(|u| u.file.is_some()).count();
        let units = self.config.units.len();
        matome::i18n::summary_line(&self.config, self.lang, *files_read, used, units, errors, warnings)
    }

    /// The report workbook, as `consolidate` writes it.
    pub fn report_workbook(&self) -> Result<Vec<u8>, String> {
        let (report, ..) = self.done.as_ref().ok_or("not consolidated yet")?;
        job::report_workbook(report, &self.config, self.lang, None, None).map_err(|e| e.to_string())
    }

    /// The feedback workbooks for the units, in one zip.
    pub fn feedback_zip(&self) -> Result<Vec<u8>, String> {
        let (report, checked, _) = self.done.as_ref().ok_or("not consolidated yet")?;
        let mut zip = ZipOut::new();
        let failed = |e: rust_xlsxwriter::XlsxError| e.to_string();
        matome::write::feedback::feedback_workbooks(
            report,
            checked,
            &self.config,
            self.lang,
            &mut |n, b| zip.add(&n, &b),
            failed,
        )?;
        zip.finish()
    }

    /// A fresh settings workbook of these settings (`matome init`).
    pub fn settings_workbook(&self) -> Result<Vec<u8>, String> {
        let review = matome::settings::Review::default();
        let book = matome::settings::settings_workbook(&self.config, self.lang, &review);
        book.and_then(|mut book| book.save_to_buffer()).map_err(|e| e.to_string())
    }

    /// Settings learnt from the organisation's own forms (`init --from`),
    /// given as their names and bytes one at a time (`add_form`): the
    /// settings workbook's bytes, what was learnt in `learnt_lines`.
    pub fn learn_settings(&mut self) -> Result<Vec<u8>, String> {
        let forms = std::mem::take(&mut self.forms);
        let learnt = matome::settings::learn_from_files(forms, self.lang)
            .map_err(|error| matome::i18n::error_message(self.lang, &error))?;
        let mut lines = matome::i18n::learnt_lines(self.lang, &learnt.config, &learnt.report);
        lines.push(matome::i18n::settings_next_step(self.lang, &learnt.config, &self.learnt_name()));
        self.learnt = lines.join("\n");
        let book = matome::settings::settings_workbook(&learnt.config, self.lang, &learnt.review);
        book.and_then(|mut book| book.save_to_buffer()).map_err(|e| e.to_string())
    }

    /// A form for `learn_settings`.
    pub fn add_form(&mut self, name: &str, bytes: &[u8]) {
        self.forms.push((name.to_string(), bytes.to_vec()));
    }

    /// What `learn_settings` learnt and what to check, a line each.
    pub fn learnt_lines(&self) -> String {
        self.learnt.clone()
    }

    /// The name the learnt settings are saved under (matome設定.xlsx).
    pub fn learnt_name(&self) -> String {
        matome::i18n::settings_file_name(self.lang).to_string()
    }

    /// Next year's settings workbook from this year's final report
    /// (`matome new-year`); what to check is in its shaded cells.
    pub fn next_year(&self, report_name: &str, report: &[u8]) -> Result<Vec<u8>, String> {
        let path = Path::new(report_name);
        let message = |error: matome::MatomeError| matome::i18n::error_message(self.lang, &error);
        let last_year = matome::read::last_year::last_year_in(report, path, &self.config).map_err(message)?;
        let next = matome::settings::next_year(&self.config, &last_year, path).map_err(message)?;
        let review = matome::settings::Review { targets_carried: true, ..Default::default() };
        let book = matome::settings::settings_workbook(&next.config, self.lang, &review);
        book.and_then(|mut book| book.save_to_buffer()).map_err(|e| e.to_string())
    }

    /// Every unit's form to fill in (`matome template`), in one zip.
    pub fn templates_zip(&self) -> Result<Vec<u8>, String> {
        let mut zip = ZipOut::new();
        for unit in 0..self.config.units.len() {
            let name = matome::write::template::file_name(&self.config, unit, self.lang);
            let book = matome::write::template::build_template(&self.config, unit, self.lang, None);
            let bytes = book.and_then(|mut book| book.save_to_buffer()).map_err(|e| e.to_string())?;
            zip.add(&name, &bytes)?;
        }
        zip.finish()
    }

    /// How one file was read (`check --explain`), as text: each part of a
    /// zip, a mail or a workbook of several units.
    pub fn explain(&self, name: &str, bytes: &[u8]) -> String {
        let read = matome::read::read_bytes(bytes, name, &self.config);
        let explanations = matome::explain::explain_all(name, read, &self.config);
        explanations.iter().map(|one| one.to_text(&self.config, self.lang)).collect()
    }

    /// Passwords to try on protected workbooks and zips (asked for when
    /// one was met), one a line; kept for this session only.
    pub fn set_passwords(&mut self, passwords: &str) {
        // One a line, each as typed (spaces are part of a password).
        self.config.passwords = passwords.lines().filter(|p| !p.is_empty()).map(String::from).collect();
    }
}

/// A zip written in memory.
struct ZipOut(zip::ZipWriter<std::io::Cursor<Vec<u8>>>);

impl ZipOut {
    fn new() -> ZipOut {
        ZipOut(zip::ZipWriter::new(std::io::Cursor::new(Vec::new())))
    }

    fn add(&mut self, name: &str, bytes: &[u8]) -> Result<(), String> {
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        self.0.start_file(name, options).map_err(|e| e.to_string())?;
        self.0.write_all(bytes).map_err(|e| e.to_string())
    }

    fn finish(self) -> Result<Vec<u8>, String> {
        self.0.finish().map(|cursor| cursor.into_inner()).map_err(|e| e.to_string())
    }
}
