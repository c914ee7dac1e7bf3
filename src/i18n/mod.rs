//! Every string a user reads, in one place per language: `ja.rs` and
//! `en.rs` hold the same `Texts` and finding messages. Labels of units and
//! KPIs come from the configuration, not from here.

mod en;
mod ja;

use crate::config::{Config, Lang};
use crate::consolidate::{Standing, UnitStatus};
use crate::findings::{Finding, Severity, Treatment};

/// Fixed words of the workbook, the templates and the command line.
pub struct Texts {
    pub summary_sheet: &'static str,
    pub submissions_sheet: &'static str,
    pub chart_sheet: &'static str,
    pub revisions_sheet: &'static str,
    pub findings_sheet: &'static str,
    pub template_sheet: &'static str,
    pub instructions_sheet: &'static str,
    pub as_of: &'static str,
    pub fiscal_year: &'static str,
    pub unit: &'static str,
    pub unit_label: &'static str,
    pub group: &'static str,
    pub kpi: &'static str,
    pub counter: &'static str,
    pub target: &'static str,
    pub actual: &'static str,
    pub progress: &'static str,
    pub expected_pace: &'static str,
    pub previous: &'static str,
    pub previous_to_date: &'static str,
    pub previous_ratio: &'static str,
    pub difference: &'static str,
    pub standing: &'static str,
    pub achievement: &'static str,
    pub total: &'static str,
    pub cumulative: &'static str,
    pub progress_row: &'static str,
    /// The target spread evenly over the months.
    pub plan_row: &'static str,
    /// Last year's running total by month.
    pub previous_cumulative: &'static str,
    pub units_header: &'static str,
    pub file: &'static str,
    pub report_date: &'static str,
    pub status: &'static str,
    pub errors: &'static str,
    pub warnings: &'static str,
    pub severity: &'static str,
    pub code: &'static str,
    pub location: &'static str,
    pub sheet: &'static str,
    pub cell: &'static str,
    pub month: &'static str,
    pub found: &'static str,
    pub expected: &'static str,
    pub treatment: &'static str,
    pub message: &'static str,
    pub no_findings: &'static str,
    pub no_revisions: &'static str,
    pub months_used: &'static str,
    /// The mail a file came in: its sender and date.
    pub sent_by: &'static str,
    pub superseded: &'static str,
    pub before: &'static str,
    pub after: &'static str,
    pub before_file: &'static str,
    pub after_file: &'static str,
    pub stock_note: &'static str,
    /// Large organisations: why the unit rows are hidden.
    pub folded_note: &'static str,
    pub page_of: &'static str,
    pub legend: &'static str,
    pub instructions: &'static [&'static str],
    pub validation_title: &'static str,
    pub validation_message: &'static str,
    pub date_validation_message: &'static str,
}

/// Words of the page (`web/`): its headings, buttons and notes. The
/// findings, the summary line and every other sentence it shows are the
/// command line's own.
#[derive(serde::Serialize)]
pub struct PageWords {
    pub title: &'static str,
    pub lead: &'static str,
    pub other_language: &'static str,
    pub choose_folder: &'static str,
    pub choose_files: &'static str,
    pub drop_here: &'static str,
    pub settings: &'static str,
    pub settings_default: &'static str,
    pub settings_in_use: &'static str,
    pub settings_remembered: &'static str,
    pub forget_settings: &'static str,
    pub choose_settings: &'static str,
    pub new_settings: &'static str,
    pub templates: &'static str,
    pub next_year: &'static str,
    pub as_of: &'static str,
    pub bad_date: &'static str,
    pub as_of_hint: &'static str,
    pub reading: &'static str,
    pub submissions: &'static str,
    pub sent_nothing: &'static str,
    pub summary: &'static str,
    pub findings: &'static str,
    pub all_units: &'static str,
    pub all_severities: &'static str,
    pub no_findings: &'static str,
    pub save_report: &'static str,
    pub save_json: &'static str,
    pub save_feedback: &'static str,
    pub save_into_folder: &'static str,
    pub saved_into_folder: &'static str,
    pub explain: &'static str,
    pub explain_hint: &'static str,
    pub stopped: &'static str,
    /// The dialog asking for a protected file's password: its title, what
    /// it says (`{file}` is the file), the field, its buttons, what is said
    /// when the password opened nothing, and the button that asks again.
    pub password_title: &'static str,
    pub password_explain: &'static str,
    pub password_label: &'static str,
    pub password_open: &'static str,
    pub password_skip: &'static str,
    pub password_wrong: &'static str,
    pub password_ask: &'static str,
    /// Above the files in the folder that were not read.
    pub files_not_read: &'static str,
    /// The button that prints the board's copy.
    pub print: &'static str,
    /// Last year's report (`--previous`): what is in use, none, choose, forget.
    pub previous_in_use: &'static str,
    pub previous_none: &'static str,
    pub choose_previous: &'static str,
    pub forget_previous: &'static str,
    /// 総括's columns for last year: the same period, and this year against it.
    pub previous_to_date: &'static str,
    pub previous_ratio: &'static str,
    /// The pictures: the section, its three headings, the pace line, the
    /// item chart's lines.
    pub pictures: &'static str,
    pub picture_progress: &'static str,
    pub picture_grid: &'static str,
    pub picture_cumulative: &'static str,
    pub pace: &'static str,
    pub this_year_cumulative: &'static str,
    pub plan_by_month: &'static str,
    pub last_year_cumulative: &'static str,
    /// The button that learns the settings from the branches' forms.
    pub learn_from_forms: &'static str,
    /// Names of the findings' filters, for screen readers.
    pub filter_unit: &'static str,
    pub filter_severity: &'static str,
    /// Column headings: unit, files, report date, status; item, target,
    /// actual, progress, standing; severity, code, file, sheet, cell,
    /// message.
    pub columns: [&'static str; 15],
}

pub fn page_words(lang: Lang) -> &'static PageWords {
    match lang {
        Lang::Ja => &ja::PAGE,
        Lang::En => &en::PAGE,
    }
}

/// Words of `check --explain`.
pub struct ExplainWords {
    /// Brackets around a remark: 「（…）」, " (…)".
    pub brackets: (&'static str, &'static str),
    pub table: &'static str,
    pub layouts: [&'static str; 5],
    pub month_headings: &'static str,
    pub totals: &'static str,
    pub unit: &'static str,
    pub report_date: &'static str,
    pub fiscal_year: &'static str,
    pub items: &'static str,
    /// A word for each `Rule`, in its order.
    pub rules: [&'static str; 6],
    pub months_at: &'static str,
    pub cumulative_at: &'static str,
    pub not_read: &'static str,
    /// Why a sheet was not read, by `SheetNotRead` (but `OtherYear`).
    pub sheet_reasons: [&'static str; 6],
    /// After the fiscal year's name: a sheet of another year, not read.
    pub other_year_sheet: &'static str,
    pub unknown_label: &'static str,
    pub row_without_numbers: &'static str,
    /// A row breaking down the item above it (うち…), not counted.
    pub breakdown_row: &'static str,
    /// Before a long table's columns: which were read.
    pub long_columns: &'static str,
    /// The names of a long table's columns: month, unit, item, value.
    pub long_column_names: [&'static str; 4],
    pub not_found: &'static str,
    pub unreadable: &'static str,
}

/// Words of the feedback workbooks sent to a unit.
pub struct FeedbackWords {
    /// File name: 「{unit}_確認事項_{date}.xlsx」.
    pub file_word: &'static str,
    pub cover_sheet: &'static str,
    pub findings_sheet: &'static str,
    pub figures_sheet: &'static str,
    pub title: &'static str,
    pub reminder_title: &'static str,
    pub unit: &'static str,
    pub report_date: &'static str,
    pub files: &'static str,
    pub what_to_do: &'static [&'static str],
    pub reminder: &'static [&'static str],
    pub typed_label: &'static str,
    pub label_cell: &'static str,
    pub figures_note: &'static str,
}

/// A fixed text in the organisation's own word for a unit: 「支所」 becomes
/// 「店舗」, "unit(s)" becomes "store(s)". Unchanged for the default words.
pub fn own_words(config: &Config, lang: Lang, text: &str) -> String {
    let word = config.unit_word(lang);
    match lang {
        _ if !has_own_word(config, lang) => text.to_string(),
        Lang::Ja => text.replace(crate::config::DEFAULT_UNIT_WORD, word),
        Lang::En => english_unit_words(text, word),
    }
}

/// Whether the organisation calls its units something other than the default.
fn has_own_word(config: &Config, lang: Lang) -> bool {
    let default = match lang {
        Lang::Ja => crate::config::DEFAULT_UNIT_WORD,
        Lang::En => crate::config::DEFAULT_UNIT_WORD_EN,
    };
    config.unit_word(lang) != default
}

/// "unit", "units", "Unit", "Units" as whole words, in another word.
fn english_unit_words(text: &str, word: &str) -> String {
    static WORDS: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let pattern = WORDS.get_or_init(|| regex::Regex::new(r"\b([Uu])nit(s?)\b").expect("a valid pattern"));
    let plural = match word {
        w if w.ends_with('s') || w.ends_with("sh") || w.ends_with("ch") || w.ends_with('x') => format!("{w}es"),
        w if w.ends_with('y') && !w.ends_with("ey") => format!("{}ies", &w[..w.len() - 1]),
        w => format!("{w}s"),
    };
    pattern
        .replace_all(text, |found: &regex::Captures| {
            let chosen = if found[2].is_empty() { word } else { plural.as_str() };
            match &found[1] {
                "U" => chosen
                    .chars()
                    .next()
                    .map_or(String::new(), |c| c.to_uppercase().chain(chosen.chars().skip(1)).collect()),
                _ => chosen.to_string(),
            }
        })
        .into_owned()
}

/// Leaked once per word and language: the fixed words are `&'static`, and an
/// organisation's own word is one of a handful per process.
fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

type WordCache<T> = std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<(String, Lang), &'static T>>>;

/// A table of fixed words rebuilt once per own word and language.
fn in_own_words<T: 'static>(
    cache: &'static WordCache<T>,
    config: &Config,
    lang: Lang,
    base: &'static T,
    build: impl FnOnce(&dyn Fn(&str) -> &'static str) -> T,
) -> &'static T {
    if !has_own_word(config, lang) {
        return base;
    }
    let mut cache = cache.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    cache.entry((config.unit_word(lang).to_string(), lang)).or_insert_with(|| {
        let own = |text: &str| leak(own_words(config, lang, text));
        Box::leak(Box::new(build(&own)))
    })
}

/// Lines of fixed words in the organisation's own word.
fn own_lines(own: &dyn Fn(&str) -> &'static str, lines: &[&str]) -> &'static [&'static str] {
    Box::leak(lines.iter().map(|line| own(line)).collect::<Vec<_>>().into_boxed_slice())
}

/// The workbook's fixed words in the organisation's own word for a unit.
pub fn texts_for(config: &Config, lang: Lang) -> &'static Texts {
    static CACHE: WordCache<Texts> = std::sync::OnceLock::new();
    let base = texts(lang);
    in_own_words(&CACHE, config, lang, base, |own| Texts {
        unit: own(base.unit),
        unit_label: own(base.unit_label),
        units_header: own(base.units_header),
        folded_note: own(base.folded_note),
        instructions: own_lines(own, base.instructions),
        ..*base
    })
}

/// The feedback workbook's words in the organisation's own word for a unit.
pub fn feedback_words_for(config: &Config, lang: Lang) -> &'static FeedbackWords {
    static CACHE: WordCache<FeedbackWords> = std::sync::OnceLock::new();
    let base = feedback_words(lang);
    in_own_words(&CACHE, config, lang, base, |own| FeedbackWords {
        unit: own(base.unit),
        what_to_do: own_lines(own, base.what_to_do),
        reminder: own_lines(own, base.reminder),
        ..*base
    })
}

pub fn feedback_words(lang: Lang) -> &'static FeedbackWords {
    match lang {
        Lang::Ja => &ja::FEEDBACK,
        Lang::En => &en::FEEDBACK,
    }
}

pub fn explain_words(lang: Lang) -> &'static ExplainWords {
    match lang {
        Lang::Ja => &ja::EXPLAIN,
        Lang::En => &en::EXPLAIN,
    }
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Ja => &ja::TEXTS,
        Lang::En => &en::TEXTS,
    }
}

pub fn month_name(lang: Lang, calendar_month: u32) -> String {
    match lang {
        Lang::Ja => format!("{calendar_month}月"),
        Lang::En => en::MONTHS[(calendar_month - 1) as usize].to_string(),
    }
}

/// Months in fiscal order, runs shortened: [4, 5, 6, 9] → 「4〜6月・9月」,
/// "Apr–Jun, Sep"; 「—」 for none.
pub fn month_list(lang: Lang, months: &[u32]) -> String {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &month in months {
        match runs.last_mut() {
            Some((_, end)) if *end % 12 + 1 == month => *end = month,
            _ => runs.push((month, month)),
        }
    }
    if runs.is_empty() {
        return "—".to_string();
    }
    let parts: Vec<String> = runs
        .iter()
        .map(|&(start, end)| match (lang, start == end) {
            (_, true) => month_name(lang, start),
            (Lang::Ja, false) => format!("{start}〜{end}月"),
            (Lang::En, false) => format!("{}–{}", month_name(lang, start), month_name(lang, end)),
        })
        .collect();
    parts.join(if lang == Lang::Ja { "・" } else { ", " })
}

/// A file's report date; an inferred one says so.
pub fn report_date_text(lang: Lang, date: chrono::NaiveDate, inferred: bool) -> String {
    match (lang, inferred) {
        (_, false) => date.to_string(),
        (Lang::Ja, true) => format!("{date}（推定）"),
        (Lang::En, true) => format!("{date} (inferred)"),
    }
}

/// The fiscal year as users name it: 「令和3年度」, or "FY2021".
pub fn fiscal_year_name(lang: Lang, year: i32) -> String {
    match lang {
        Lang::Ja => crate::text::japanese_fiscal_year(year),
        Lang::En => format!("FY{year}"),
    }
}

pub fn severity_name(lang: Lang, severity: Severity) -> &'static str {
    match lang {
        Lang::Ja => ja::severity(severity),
        Lang::En => en::severity(severity),
    }
}

pub fn treatment_name(lang: Lang, treatment: Treatment) -> &'static str {
    match lang {
        Lang::Ja => ja::treatment(treatment),
        Lang::En => en::treatment(treatment),
    }
}

pub fn standing_name(lang: Lang, standing: Standing) -> &'static str {
    match lang {
        Lang::Ja => ja::standing(standing),
        Lang::En => en::standing(standing),
    }
}

pub fn status_name(lang: Lang, status: UnitStatus) -> &'static str {
    match lang {
        Lang::Ja => ja::status(status),
        Lang::En => en::status(status),
    }
}

/// The names a finding's message needs, resolved from the configuration.
/// Empty where a finding has none.
pub struct Subject<'a> {
    pub unit: &'a str,
    pub kpi: &'a str,
    /// The KPI and month together: 「巡回件数 5月」, "Visits, May".
    pub what: String,
    pub found: &'a str,
    pub expected: &'a str,
    /// The file the finding is in, and another file's figure for the same
    /// cell (M001, M002).
    pub file: &'a str,
    pub previous_file: &'a str,
    pub previous_value: &'a str,
    /// The label of the KPI an unknown label was probably meant to be.
    pub suggestion: &'a str,
}

/// The message for a finding, in words office staff can act on.
pub fn message(lang: Lang, finding: &Finding, config: &Config) -> String {
    let unit = finding.unit.as_deref().and_then(|id| config.unit_index(id)).map_or("", |u| config.unit_name(u, lang));
    let kpi = finding.kpi.as_deref().and_then(|id| config.kpi_index(id)).map_or("", |k| config.kpi_label(k, lang));
    let what = match (finding.month, lang) {
        (Some(month), Lang::Ja) => format!("{kpi} {}", month_name(lang, month)),
        (Some(month), Lang::En) => format!("{kpi}, {}", month_name(lang, month)),
        (None, _) => kpi.to_string(),
    };
    let suggestion =
        finding.suggestion.as_deref().and_then(|id| config.kpi_index(id)).map_or("", |k| config.kpi_label(k, lang));
    let values = [
        unit,
        kpi,
        what.as_str(),
        finding.found.as_deref().unwrap_or(""),
        finding.expected.as_deref().unwrap_or(""),
        &finding.location.file,
        finding.previous.as_ref().map_or("", |p| p.location.file.as_str()),
        finding.previous.as_ref().map_or("", |p| p.value.as_str()),
        suggestion,
    ];
    // The message is put in the organisation's own words with each name and
    // figure held out, so a unit named 「勝北支所」 stays as it is.
    let own = has_own_word(config, lang);
    let held: Vec<String> = (0..values.len()).map(|i| format!("\u{E000}{i}\u{E001}")).collect();
    let shown: Vec<&str> = if own { held.iter().map(String::as_str).collect() } else { values.to_vec() };
    let subject = Subject {
        unit: shown[0],
        kpi: shown[1],
        what: shown[2].to_string(),
        found: shown[3],
        expected: shown[4],
        file: shown[5],
        previous_file: shown[6],
        previous_value: shown[7],
        suggestion: shown[8],
    };
    let text = match lang {
        Lang::Ja => ja::message(finding, &subject),
        Lang::En => en::message(finding, &subject),
    };
    if !own {
        return text;
    }
    let mut text = own_words(config, lang, &text);
    for (mark, value) in held.iter().zip(values) {
        text = text.replace(mark.as_str(), value);
    }
    text
}

/// One line of a summary on stdout.
pub fn summary_line(
    config: &Config,
    lang: Lang,
    files: usize,
    units: usize,
    of_units: usize,
    errors: usize,
    warnings: usize,
) -> String {
    match lang {
        Lang::Ja => format!(
            "{files} ファイルを読み、{units}/{of_units} {}分を集計しました。エラー {errors} 件、警告 {warnings} 件。",
            config.unit_word(lang)
        ),
        Lang::En => format!(
            "Read {files} files; consolidated {units} of {of_units} {}. {errors} errors, {warnings} warnings.",
            own_words(config, lang, "units")
        ),
    }
}

pub fn written_line(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Ja => format!("出力: {what}"),
        Lang::En => format!("Wrote {what}"),
    }
}

/// The settings workbook's file name when `-o` does not give one.
/// What a double-click on matome.exe with nothing dropped says.
pub fn explorer_instructions(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => ja::EXPLORER_INSTRUCTIONS,
        Lang::En => en::EXPLORER_INSTRUCTIONS,
    }
}

/// Asking for the password of a protected file (on stderr or the
/// terminal, never in what is printed for other programs).
pub fn password_prompt(lang: Lang, file: &str, again: bool) -> String {
    match (lang, again) {
        (Lang::Ja, false) => format!(
            "「{file}」はパスワードで保護されています。パスワードを入力してください（入力した文字は表示されません。空のまま Enter で飛ばします）: "
        ),
        (Lang::Ja, true) => format!(
            "パスワードが違います。「{file}」のパスワードを入力してください（空のまま Enter で飛ばします）: "
        ),
        (Lang::En, false) => {
            format!("{file} is protected by a password. Type the password (it is not shown; Enter alone skips): ")
        }
        (Lang::En, true) => format!("Wrong password. Type the password of {file} (Enter alone skips): "),
    }
}

pub fn press_enter(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "Enter キーを押すと閉じます。",
        Lang::En => "Press Enter to close.",
    }
}

/// The report and the feedback folder written beside a dropped folder.
pub fn dropped_outputs(lang: Lang, folder: &str) -> (String, String) {
    match lang {
        Lang::Ja => (format!("{folder}_進捗表.xlsx"), format!("{folder}_返信")),
        Lang::En => (format!("{folder}_report.xlsx"), format!("{folder}_feedback")),
    }
}

/// Which settings a dropped folder was read with.
pub fn settings_used(lang: Lang, path: Option<&std::path::Path>) -> String {
    match (lang, path) {
        (Lang::Ja, Some(path)) => format!("設定: {} を使います。", path.display()),
        (Lang::Ja, None) => "設定: 組み込みの設定（作州津山商工会の例）を使います。".into(),
        (Lang::En, Some(path)) => format!("Settings: {}", path.display()),
        (Lang::En, None) => "Settings: the built-in ones (an example chamber)".into(),
    }
}

pub fn settings_file_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "matome設定.xlsx",
        Lang::En => "matome_settings.xlsx",
    }
}

/// What `matome init` tells the user to do next.
pub fn settings_next_step(lang: Lang, config: &Config, path: &str) -> String {
    match lang {
        Lang::Ja => format!(
            "Excel で開き、色の付いたセルに組織・{}・項目・目標を入力してから、--config {path} を付けて集計してください。",
            config.unit_word(lang)
        ),
        Lang::En => format!("Fill in the shaded cells in Excel, then consolidate with --config {path}."),
    }
}

/// The organisation's name in settings learnt from forms, which give none.
pub fn organisation_to_fill(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "（組織名を入力）",
        Lang::En => "(your organisation's name)",
    }
}

/// What a federation calls its members, when its settings come from
/// their reports.
pub fn member_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "会員",
        Lang::En => "member",
    }
}

/// The one group of items learnt from forms without a 区分 column.
pub fn items_group_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "項目",
        Lang::En => "Items",
    }
}

/// The note on the targets no form told.
pub fn targets_to_fill(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "色の付いた目標は様式からわからなかったものです。年間目標を入力してください。",
        Lang::En => "The forms did not tell the shaded targets: type the year's targets.",
    }
}

/// What `init --from` read and what the user should check.
pub struct LearntReport {
    /// Files read as forms.
    pub forms: usize,
    /// Files that are not forms, and why.
    pub not_forms: Vec<Finding>,
    pub to_check: Vec<ToCheck>,
    /// Figures in the forms, and how many of them the settings read back.
    pub figures: usize,
    pub figures_read_back: usize,
}

/// Something a form could not tell, for the user to check.
#[derive(Debug, Clone, PartialEq)]
pub enum ToCheck {
    /// Items without a target (a form with no 目標 column has none).
    Targets { without: usize, items: usize },
    /// No form has a 区分 column: every item is in one group.
    OneGroup,
    /// Items read as levels (latest value counts) by their ※ or wording.
    Levels(Vec<String>),
    /// Every other item is taken as a monthly count; derived items
    /// (sums, ratios, balances) a form never shows.
    CountsAndDerived,
    /// The fiscal year came from a report date or the month headings, or
    /// nothing told it and this year's is used.
    FiscalYear { year: i32, told: bool },
    /// A form names no unit in a cell: its file name did.
    UnitFromFileName { file: String, unit: String },
    /// Labels the settings do not read back from a form.
    NotReadBack { file: String, labels: Vec<String> },
    /// The organisation's name, which no form gives.
    OrganisationName,
}

/// Why each file given to `init --from` is no form, a line each.
fn why_not_forms(files: &[Finding], lang: Lang) -> String {
    let words = Config::default_config();
    files.iter().map(|f| format!("\n  {}: {}", f.location.file, message(lang, f, &words))).collect()
}

/// What `matome init --from` a folder of members' reports tells the user.
pub fn roll_up_lines(lang: Lang, config: &Config) -> Vec<String> {
    let year = fiscal_year_name(lang, config.organisation.fiscal_year);
    let (members, items) = (config.units.len(), config.kpis.len());
    match lang {
        Lang::Ja => vec![
            format!("会員 {members} 団体の集計表から、{year}・項目 {items} 件の設定を作りました（どの会員も報告している項目です）。"),
            format!("組織名はフォルダ名の「{}」にしました。確かめてください。", config.organisation.name),
            "会員ごとの目標は各会員の集計表のものです。連合会として決める目標は「目標」シートに入力してください。".to_string(),
        ],
        Lang::En => vec![
            format!("Settings for {year} from {members} members' reports: the {items} items every member reports."),
            format!("The organisation is named after the folder, \"{}\": check it.", config.organisation.name),
            "Each member's targets are its report's; type the federation's own on the Targets sheet.".to_string(),
        ],
    }
}

/// What `matome init --from` tells the user: what it read, whether the
/// forms read back, and what to check.
pub fn learnt_lines(lang: Lang, config: &Config, learnt: &LearntReport) -> Vec<String> {
    let word = config.unit_word(lang);
    let units: Vec<String> = config.units.iter().map(|u| u.name.clone()).collect();
    let year = fiscal_year_name(lang, config.organisation.fiscal_year);
    let start = month_name(lang, config.organisation.start_month);
    let mut lines = vec![match lang {
        Lang::Ja => format!(
            "様式 {} 件から、{word} {} 件（{}）、区分 {} 件、項目 {} 件を読み取りました。{year}、{start}始まりです。",
            learnt.forms,
            units.len(),
            units.join("、"),
            config.groups.len(),
            config.kpis.len()
        ),
        Lang::En => format!(
            "From {} form(s): {} {} ({}), {} group(s), {} items; {year}, starting in {start}.",
            learnt.forms,
            units.len(),
            own_words(config, lang, "units"),
            units.join(", "),
            config.groups.len(),
            config.kpis.len()
        ),
    }];
    let items = config.kpis.len();
    lines.push(match (lang, learnt.figures, learnt.figures_read_back == learnt.figures) {
        (Lang::Ja, 0, _) => format!(
            "この設定で様式を読み直し、{items} 項目すべての行を読み取れることを確かめました（数字はまだありません）。"
        ),
        (Lang::Ja, figures, true) => {
            format!("この設定で様式を読み直し、数字 {figures} 個をすべて読み取れることを確かめました。")
        }
        (Lang::Ja, figures, false) => format!(
            "この設定で様式を読み直すと、数字 {figures} 個のうち {} 個しか読み取れません。下の点を確かめてください。",
            learnt.figures_read_back
        ),
        (Lang::En, 0, _) => {
            format!("Read the forms again with these settings: every row of the {items} items reads (no figures yet).")
        }
        (Lang::En, figures, true) => {
            format!("Read the forms again with these settings: all {figures} figures read back.")
        }
        (Lang::En, figures, false) => format!(
            "Read the forms again with these settings: {} of {figures} figures read back. See below.",
            learnt.figures_read_back
        ),
    });
    for finding in &learnt.not_forms {
        lines.push(format!("{}: {}", finding.location.file, message(lang, finding, config)));
    }
    lines.push(match lang {
        Lang::Ja => "確かめてください（色の付いたセル）:".to_string(),
        Lang::En => "To check (the shaded cells):".to_string(),
    });
    for check in &learnt.to_check {
        lines.push(format!("・{}", to_check_line(lang, config, check)));
    }
    lines
}

/// One thing to check, as a sentence.
fn to_check_line(lang: Lang, config: &Config, check: &ToCheck) -> String {
    let word = config.unit_word(lang);
    let listed = |labels: &[String]| match lang {
        Lang::Ja => labels.iter().map(|l| format!("「{l}」")).collect::<Vec<_>>().join("、"),
        Lang::En => labels.iter().map(|l| format!("\"{l}\"")).collect::<Vec<_>>().join(", "),
    };
    match (lang, check) {
        (Lang::Ja, ToCheck::OrganisationName) => "組織名は様式からわかりません。「組織」シートに入力してください。".to_string(),
        (Lang::En, ToCheck::OrganisationName) => "The forms do not name the organisation: type it on the Organisation sheet.".to_string(),
        (Lang::Ja, ToCheck::FiscalYear { year, told }) => format!(
            "年度のセルがないため、{}から{}としました。",
            if *told { "基準日" } else { "今日の日付" },
            fiscal_year_name(lang, *year)
        ),
        (Lang::En, ToCheck::FiscalYear { year, told }) => format!(
            "No form names its fiscal year: {} was taken from {}.",
            fiscal_year_name(lang, *year),
            if *told { "the report date" } else { "today's date" }
        ),
        (Lang::Ja, ToCheck::Targets { without, items }) => format!(
            "目標: {items} 項目のうち {without} 項目は様式に目標がありません。「目標」シートに入力してください。"
        ),
        (Lang::En, ToCheck::Targets { without, items }) => {
            format!("Targets: {without} of {items} items have none in the forms; type them on the Targets sheet.")
        }
        (Lang::Ja, ToCheck::OneGroup) => format!(
            "区分: 様式に区分の列がないため、すべての項目を「{}」にまとめました。集計表では区分ごとにシートが分かれます。",
            items_group_name(lang)
        ),
        (Lang::En, ToCheck::OneGroup) => format!(
            "Groups: the forms have no group column, so every item is in \"{}\"; the report has a sheet per group.",
            items_group_name(lang)
        ),
        (Lang::Ja, ToCheck::Levels(labels)) => {
            format!("※ 印や「月末」「残高」などの言葉から、月末の数（最新の月の数を使う）としました: {}", listed(labels))
        }
        (Lang::En, ToCheck::Levels(labels)) => {
            format!("Taken as levels (the latest month counts) by their ※ or wording: {}", listed(labels))
        }
        (Lang::Ja, ToCheck::CountsAndDerived) => "ほかの項目は月々の件数（合計する）としました。会員数のような月末の数は「種類」を直し、合計・割合・残高など計算で出す項目は「項目」シートに加えてください。".to_string(),
        (Lang::En, ToCheck::CountsAndDerived) => "Every other item is a monthly count (summed). Change the kind of any level, and add the items matome computes (sums, ratios, balances) on the Items sheet.".to_string(),
        (Lang::Ja, ToCheck::UnitFromFileName { file, unit }) => {
            format!("{file}: {word}名のセルがないため、ファイル名から「{unit}」としました。")
        }
        (Lang::En, ToCheck::UnitFromFileName { file, unit }) => {
            format!("{file}: no cell names its {word}; \"{unit}\" was taken from the file name.")
        }
        (Lang::Ja, ToCheck::NotReadBack { file, labels }) => {
            format!("{file}: この設定では読み取れない行があります: {}", listed(labels))
        }
        (Lang::En, ToCheck::NotReadBack { file, labels }) => {
            format!("{file}: these rows do not read back with these settings: {}", listed(labels))
        }
}
}

/// The note on carried targets in next year's settings workbook.
pub fn targets_to_review(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "色の付いた目標は前年度から引き継いだものです。今年度の目標に直してください。",
        Lang::En => "Shaded targets are carried over from last year: set this year's.",
    }
}

/// What `matome new-year` tells the user to check.
pub fn new_year_lines(
    lang: Lang,
    year: i32,
    months_reported: usize,
    start_month: u32,
    filled: &[String],
    not_in_report: &[String],
) -> Vec<String> {
    let listed = |labels: &[String]| match lang {
        Lang::Ja => labels.join("、"),
        Lang::En => labels.join(", "),
    };
    let mut lines = vec![match lang {
        Lang::Ja => format!(
            "{}の設定です。目標は前年度のまま引き継ぎました。「目標」シートで今年度の目標に直してください。",
            fiscal_year_name(lang, year)
        ),
        Lang::En => format!(
            "Settings for {}. The targets are last year's: set this year's on the Targets sheet.",
            fiscal_year_name(lang, year)
        ),
    }];
    if months_reported < 12 {
        let last = (start_month - 1 + months_reported.max(1) as u32 - 1) % 12 + 1;
        lines.push(match lang {
            Lang::Ja => format!(
                "この集計表には {}〜{} の数字しかありません。年度末の集計表か確かめてください。その後の月は、件数は 0、月末の数は最後の月の数としました。",
                month_name(lang, start_month),
                month_name(lang, last)
            ),
            Lang::En => format!(
                "The report has figures for {} to {} only: is it the year-end report? Later months were taken as 0 for counts and as the last month's level for levels.",
                month_name(lang, start_month),
                month_name(lang, last)
            ),
        });
    }
    if !filled.is_empty() {
        lines.push(match lang {
            Lang::Ja => format!(
                "月の数がそろっていない項目は、空いた月を、件数は 0、月末の数は前月の数として前年度実績にしました: {}",
                listed(filled)
            ),
            Lang::En => format!(
                "Months missing from the report were taken as 0 for counts and as the month before for levels: {}",
                listed(filled)
            ),
        });
    }
    if !not_in_report.is_empty() {
        lines.push(match lang {
            Lang::Ja => format!("集計表に数字のない項目は、前年度実績を空欄にしました: {}", listed(not_in_report)),
            Lang::En => {
                format!("Items the report has no figures for have no last year's figures: {}", listed(not_in_report))
            }
        });
    }
    lines
}

/// Next year's settings' file name when `-o` does not give one.
pub fn next_settings_file_name(lang: Lang, year: i32) -> String {
    match lang {
        Lang::Ja => format!("matome設定_{}.xlsx", fiscal_year_name(lang, year)),
        Lang::En => format!("matome_settings_{}.xlsx", fiscal_year_name(lang, year)),
    }
}

/// `--help`'s text for a command (`arg` empty) or argument; None keeps the
/// English the code documents.
pub fn help_text(lang: Lang, command: &str, arg: &str) -> Option<&'static str> {
    match lang {
        Lang::Ja => ja::help_text(command, arg),
        Lang::En => match arg {
            "help" => Some("Print help"),
            "version" => Some("Print version"),
            _ => None,
        },
    }
}

pub fn help_heading(lang: Lang, positional: bool) -> &'static str {
    match (lang, positional) {
        (Lang::Ja, false) => "オプション",
        (Lang::Ja, true) => "引数",
        (Lang::En, false) => "Options",
        (Lang::En, true) => "Arguments",
    }
}

pub fn help_heading_commands(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "コマンド",
        Lang::En => "Commands",
    }
}

/// clap's help layout with the headings in `lang`.
pub fn help_template(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}",
        Lang::En => "{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}",
    }
}

pub fn error_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "matome: 実行できませんでした",
        Lang::En => "matome: could not run",
    }
}

/// A heading or row of the settings workbook (`matome init`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingsField {
    // The organisation sheet, a row each.
    OrganisationName,
    OrganisationNameEn,
    ReportTitle,
    ReportTitleEn,
    FiscalYear,
    StartMonth,
    UnitWord,
    UnitWordEn,
    Ahead,
    Behind,
    MaxFileBytes,
    MaxCells,
    // Columns of the other sheets.
    Setting,
    Entry,
    Meaning,
    Id,
    Name,
    NameEn,
    Aliases,
    Group,
    Kind,
    Value,
    MoneyUnit,
    Counter,
    Reporters,
    Parts,
    Opening,
    Monotonic,
    Whole,
    UnitsSum,
    Previous,
    /// A unit's column of the targets (headed by the unit's name).
    UnitTarget,
    /// A month's column of last year's figures (headed by the month).
    PreviousMonth,
}

/// The sheets of the settings workbook; the units' sheet is named by the
/// organisation's unit word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsSheet {
    Organisation,
    Groups,
    Items,
    Targets,
    LastYear,
    Guide,
}

/// The words of the settings workbook: a field's heading and what it means.
pub fn settings_field(lang: Lang, field: SettingsField) -> (&'static str, &'static str) {
    match lang {
        Lang::Ja => ja::settings_field(field),
        Lang::En => en::settings_field(field),
    }
}

pub fn settings_sheet(lang: Lang, sheet: SettingsSheet) -> &'static str {
    match lang {
        Lang::Ja => ja::settings_sheet(sheet),
        Lang::En => en::settings_sheet(sheet),
    }
}

/// A KPI kind as the settings workbook names it (its dropdown's choices).
pub fn kind_name(lang: Lang, kind: crate::config::KpiKind) -> &'static str {
    match lang {
        Lang::Ja => ja::kind_name(kind),
        Lang::En => en::kind_name(kind),
    }
}

pub fn value_kind_name(lang: Lang, value: crate::config::ValueKind) -> &'static str {
    match lang {
        Lang::Ja => ja::value_kind_name(value),
        Lang::En => en::value_kind_name(value),
    }
}

/// 「はい」 / "yes": a flag's word in the settings workbook.
pub fn yes(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "はい",
        Lang::En => "yes",
    }
}

/// An error that stops matome, in the user's language.
pub fn error_message(lang: Lang, error: &crate::error::MatomeError) -> String {
    let message = match lang {
        Lang::Ja => ja::error(error),
        Lang::En => en::error(error),
    };
    match error {
        crate::error::MatomeError::NoForms { files, .. } => message + &why_not_forms(files, lang),
        _ => message,
    }
}

impl std::fmt::Display for crate::error::MatomeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&en::error(self))
    }
}
