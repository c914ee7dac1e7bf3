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

/// Words of `check --explain`.
pub struct ExplainWords {
    /// Brackets around a remark: 「（…）」, " (…)".
    pub brackets: (&'static str, &'static str),
    pub table: &'static str,
    pub layouts: [&'static str; 3],
    pub month_headings: &'static str,
    pub totals: &'static str,
    pub unit: &'static str,
    pub report_date: &'static str,
    pub fiscal_year: &'static str,
    pub items: &'static str,
    pub rules: [&'static str; 5],
    pub months_at: &'static str,
    pub cumulative_at: &'static str,
    pub not_read: &'static str,
    pub sheet_reasons: [&'static str; 4],
    pub unknown_label: &'static str,
    pub row_without_numbers: &'static str,
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
    let subject = Subject {
        unit,
        kpi,
        what,
        found: finding.found.as_deref().unwrap_or(""),
        expected: finding.expected.as_deref().unwrap_or(""),
        file: &finding.location.file,
        previous_file: finding.previous.as_ref().map_or("", |p| p.location.file.as_str()),
        previous_value: finding.previous.as_ref().map_or("", |p| p.value.as_str()),
        suggestion: finding
            .suggestion
            .as_deref()
            .and_then(|id| config.kpi_index(id))
            .map_or("", |k| config.kpi_label(k, lang)),
    };
    match lang {
        Lang::Ja => ja::message(finding, &subject),
        Lang::En => en::message(finding, &subject),
    }
}

/// One line of a summary on stdout.
pub fn summary_line(lang: Lang, files: usize, units: usize, of_units: usize, errors: usize, warnings: usize) -> String {
    match lang {
        Lang::Ja => format!(
            "{files} ファイルを読み、{units}/{of_units} 支所分を集計しました。エラー {errors} 件、警告 {warnings} 件。"
        ),
        Lang::En => format!(
            "Read {files} files; consolidated {units} of {of_units} units. {errors} errors, {warnings} warnings."
        ),
    }
}

pub fn written_line(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Ja => format!("出力: {what}"),
        Lang::En => format!("Wrote {what}"),
    }
}

pub fn error_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "matome: 実行できませんでした",
        Lang::En => "matome: could not run",
    }
}
