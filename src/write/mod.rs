//! Report + findings → the consolidated xlsx: 総括 (summary), one sheet per
//! KPI group, 提出状況 (submissions), 改訂履歴 (revisions), チェック結果
//! (findings) and a hidden marker sheet. The same inputs always give the same bytes, and the file is
//! replaced atomically, so a failed write never leaves half a report.

pub mod cells;
pub mod feedback;
mod findings_sheet;
pub mod json;
pub mod kpi_sheets;
mod revisions;
mod submissions;
pub mod summary;
pub mod template;

pub mod style;

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

use crate::config::{Config, Lang};
use crate::consolidate::Report;
use crate::error::MatomeError;
use crate::i18n::{self, Texts};
use crate::text::japanese_date;

pub use kpi_sheets::Marks;

/// What every sheet writer needs.
pub struct Context<'a> {
    pub report: &'a Report,
    pub config: &'a Config,
    pub lang: Lang,
    pub texts: &'static Texts,
    pub marks: Marks,
    /// The way from the report's folder to the folder the sources' paths
    /// are relative to ("../in/"), worked out once: links to source files
    /// are relative, so the report and its folder can move together.
    pub link_prefix: Option<String>,
    /// Whether empty unit cells get borders. For thousands of units they
    /// would outnumber the figures several times over, in time and size.
    pub draw_empty_cells: bool,
}

/// Up to this many units the KPI sheets draw every cell of the grid.
const FULL_GRID_UNITS: usize = 50;

/// The longest listing (files, revisions, findings) held in memory until
/// the workbook is saved; a longer one is written out row by row.
const LISTING_ROWS_HELD: usize = 5_000;

impl Context<'_> {
    pub fn as_of_line(&self) -> String {
        let date = self.report.as_of;
        let when = match self.lang {
            Lang::Ja => format!("{}（{date}）", japanese_date(date)),
            Lang::En => date.to_string(),
        };
        format!("{}: {when}　{}: {:.1}%", self.texts.as_of, self.texts.expected_pace, self.report.expected_pace * 100.0)
    }

    pub fn page_setup(&self, sheet: &mut Worksheet) {
        let title = format!(
            "{} {}",
            crate::i18n::fiscal_year_name(self.lang, self.report.fiscal_year),
            self.config.report_title(self.lang)
        );
        let date = match self.lang {
            Lang::Ja => format!("{}現在", japanese_date(self.report.as_of)),
            Lang::En => format!("as of {}", self.report.as_of),
        };
        style::page_setup(sheet, self.config.organisation_name(self.lang), &title, &date, self.texts.page_of);
    }

    /// A link target for a source file, relative to the report's folder.
    /// A part of a file (a sheet of a unit, a zip's entry, a mail's
    /// attachment) links to the file that arrived.
    pub fn link_to(&self, display: &str) -> Option<String> {
        let arrived = crate::read::arrived_file(display);
        Some(format!("file:///{}{arrived}", self.link_prefix.as_ref()?))
    }

    /// A sheet named `name` with `title` and the report-date line on top.
    pub fn titled_sheet(&self, name: &str, title: &str) -> Result<Worksheet, XlsxError> {
        self.title(Worksheet::new(), name, title)
    }

    /// A sheet listing `rows` files, figures or findings, titled like
    /// `titled_sheet`. A long one (a federation's year lists tens of
    /// thousands) has its rows written out as they are filled, in order,
    /// instead of held until the workbook is saved: at 1,000 units × 12
    /// files that is a third of the peak memory. A short one is held, which
    /// orders the workbook's strings and formats as it always has.
    pub fn listing_sheet(
        &self,
        workbook: &mut Workbook,
        rows: usize,
        name: &str,
        title: &str,
    ) -> Result<Worksheet, XlsxError> {
        let sheet = if rows > LISTING_ROWS_HELD { workbook.new_worksheet_with_low_memory()? } else { Worksheet::new() };
        self.title(sheet, name, title)
    }

    fn title(&self, mut sheet: Worksheet, name: &str, title: &str) -> Result<Worksheet, XlsxError> {
        sheet.set_name(name)?;
        sheet.write_string_with_format(0, 0, title, &style::title())?;
        sheet.write_string_with_format(1, 0, self.as_of_line(), &style::subtitle())?;
        Ok(sheet)
    }

    /// Close a table of `widths.len()` columns whose heading is on
    /// `header_row` and whose rows end before `next_row`: filters on (or
    /// `empty` said where it has no rows), widths, frozen and repeated
    /// headings, page set-up.
    pub fn finish_table(
        &self,
        sheet: &mut Worksheet,
        header_row: u32,
        next_row: u32,
        widths: &[f64],
        empty: &str,
    ) -> Result<(), XlsxError> {
        if next_row == header_row + 1 {
            sheet.write_string_with_format(next_row, 0, empty, &style::base())?;
        } else {
            sheet.autofilter(header_row, 0, next_row - 1, (widths.len() - 1) as u16)?;
        }
        for (col, width) in widths.iter().enumerate() {
            sheet.set_column_width(col as u16, *width)?;
        }
        sheet.set_repeat_rows(header_row, header_row)?;
        self.page_setup(sheet);
        Ok(())
    }

    /// Sheet names the group sheets must not take.
    fn reserved_names(&self) -> Vec<String> {
        [
            self.texts.summary_sheet,
            self.texts.chart_sheet,
            self.texts.submissions_sheet,
            self.texts.revisions_sheet,
            self.texts.findings_sheet,
            crate::marker::SHEET,
        ]
        .map(String::from)
        .to_vec()
    }
}

/// Options for writing the report.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    pub lang: Lang,
    /// The folder the findings' file paths are relative to (for links).
    pub input_root: Option<PathBuf>,
}

/// Build the workbook in memory.
pub fn build_workbook(
    report: &Report,
    config: &Config,
    options: &WriteOptions,
    output: Option<&Path>,
) -> Result<Workbook, XlsxError> {
    let lang = options.lang;
    let context = Context {
        report,
        config,
        lang,
        texts: i18n::texts_for(config, lang),
        marks: marks(report, config, lang),
        link_prefix: link_prefix(output, options.input_root.as_deref()),
        draw_empty_cells: config.units.len() <= FULL_GRID_UNITS,
    };
    let mut workbook = Workbook::new();
    // A fixed creation time keeps the bytes identical for identical inputs.
    let created = report.as_of.and_hms_opt(0, 0, 0).expect("midnight exists");
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", config.organisation_name(lang), config.report_title(lang)))
            .set_author("matome")
            .set_creation_datetime(&created),
    );
    let (kpi_sheets, actual_cells) = kpi_sheets::write(&context, &mut workbook)?;
    let mut summary = summary::write(&context, &actual_cells)?;
    summary.set_active(true);
    workbook.push_worksheet(summary);
    if let Some(charts) = summary::chart_sheet(&context)? {
        workbook.push_worksheet(charts);
    }
    for sheet in kpi_sheets {
        workbook.push_worksheet(sheet);
    }
    // The listings, each given the workbook to stream a long one into.
    for listing in [submissions::write, revisions::write, findings_sheet::write] {
        let sheet = listing(&context, &mut workbook)?;
        workbook.push_worksheet(sheet);
    }
    workbook.push_worksheet(marker_sheet(report, config, &actual_cells)?);
    Ok(workbook)
}

/// The hidden marker sheet (`marker`): each KPI's result and twelve months,
/// counts or month-end levels, for next year's `--previous`; and what the
/// report and each KPI are, for the level above to roll it up.
fn marker_sheet(
    report: &Report,
    config: &Config,
    actual_cells: &std::collections::HashMap<usize, cells::ActualCell>,
) -> Result<Worksheet, XlsxError> {
    let (errors, warnings, _) = crate::findings::count(&report.findings);
    let header = crate::marker::Header {
        organisation: &config.organisation.name,
        fiscal_year: report.fiscal_year,
        start_month: config.organisation.start_month,
        as_of: report.as_of,
        errors,
        warnings,
    };
    let lines = report.kpis.iter().zip(&config.kpis).enumerate().map(|(index, (kpi, configured))| {
        let levels = crate::consolidate::is_level(configured.kind);
        let group = config.groups.iter().find(|g| g.id == configured.group).map_or("", |g| g.label.as_str());
        crate::marker::Line {
            id: &kpi.id,
            actual: kpi.actual,
            months: if levels { &kpi.cumulative } else { &kpi.months },
            label: &configured.label,
            kind: configured.kind,
            group,
            counter: &configured.counter,
            value: configured.value,
            unit: configured.unit.as_deref(),
            target: kpi.target,
            parts: &configured.of,
            // The months stand on the actual's row.
            shown_at: actual_cells.get(&index).map(|c| (c.sheet.as_str(), c.row, kpi_sheets::FIRST_MONTH_COL)),
        }
    });
    crate::marker::encode(&header, lines)
}

/// Build and save the report to `path`, atomically.
pub fn write_report(report: &Report, config: &Config, options: &WriteOptions, path: &Path) -> Result<(), MatomeError> {
    let failed = |message: String| MatomeError::Write { path: path.to_path_buf(), message };
    let mut workbook = build_workbook(report, config, options, Some(path)).map_err(|e| failed(e.to_string()))?;
    let bytes = workbook.save_to_buffer().map_err(|e| failed(e.to_string()))?;
    save_atomically(path, &bytes, &mut |p: &Path| std::fs::File::create(p))
}

/// Write to a temporary file beside `path`, then rename it over `path`: a
/// failure at any point leaves the old file as it was. `create` opens the
/// temporary file (a test passes one that fails part-way).
pub fn save_atomically<W: Write>(
    path: &Path,
    bytes: &[u8],
    create: &mut dyn FnMut(&Path) -> std::io::Result<W>,
) -> Result<(), MatomeError> {
    let failed = |message: String| MatomeError::Write { path: path.to_path_buf(), message };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(failed("the folder does not exist".into()));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = create(&temporary)?;
        file.write_all(bytes)?;
        file.flush()?;
        drop(file);
        std::fs::rename(&temporary, path)
    })();
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temporary);
        if is_locked(&error) && path.exists() {
            return Err(MatomeError::OpenElsewhere { path: path.to_path_buf() });
        }
        return Err(failed(error.to_string()));
    }
    Ok(())
}

/// Whether an error is Windows refusing to replace a file another program
/// holds open (Excel locks its workbooks): a sharing or lock violation, or
/// access denied on a file that exists.
pub fn is_locked(error: &std::io::Error) -> bool {
    const ACCESS_DENIED: i32 = 5;
    const SHARING_VIOLATION: i32 = 32;
    const LOCK_VIOLATION: i32 = 33;
    cfg!(windows) && matches!(error.raw_os_error(), Some(ACCESS_DENIED | SHARING_VIOLATION | LOCK_VIOLATION))
}

/// The worst finding on each input cell, with its message, for the fill
/// and note on that cell in the KPI sheets. A revision (M001) is not a
/// problem with the figure shown: 改訂履歴 lists those.
fn marks(report: &Report, config: &Config, lang: Lang) -> Marks {
    let mut marks = Marks::new();
    for finding in report.findings.iter().filter(|f| f.code != crate::findings::Code::Revised) {
        let (Some(unit), Some(kpi)) = (&finding.unit, &finding.kpi) else { continue };
        let (Some(unit), Some(kpi)) = (config.unit_index(unit), config.kpi_index(kpi)) else { continue };
        let key = (unit, kpi, finding.month.unwrap_or(0));
        let worse = marks.get(&key).is_none_or(|(severity, _)| finding.severity < *severity);
        if worse {
            marks.insert(key, (finding.severity, i18n::message(lang, finding, config)));
        }
    }
    marks
}

/// A row of column headings.
pub fn write_headings(sheet: &mut Worksheet, row: u32, headings: &[&str]) -> Result<(), XlsxError> {
    let format = style::header();
    for (col, heading) in headings.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *heading, &format)?;
    }
    Ok(())
}

/// A sheet name Excel accepts: no []:*?/\, at most 31 characters, unique.
pub fn sheet_name(label: &str, taken: &[String]) -> String {
    let clean: String = label
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '・' } else { c })
        .collect::<String>()
        .trim_matches('\'')
        .chars()
        .take(31)
        .collect();
    let clean = if clean.is_empty() { "Sheet".to_string() } else { clean };
    let mut name = clean.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({n})");
        name = format!("{}{suffix}", clean.chars().take(31 - suffix.chars().count()).collect::<String>());
        n += 1;
    }
    name
}

/// A sheet name quoted for use in a formula: 'name' with ' doubled.
pub fn quote_sheet(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// The relative way from the report's folder to the inputs' root, with a
/// trailing slash ("" when they are the same folder).
fn link_prefix(output: Option<&Path>, input_root: Option<&Path>) -> Option<String> {
    let output_dir = output
        .and_then(|p| p.parent())
        .map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p })
        .and_then(|p| p.canonicalize().ok())?;
    let input_root = input_root?.canonicalize().ok()?;
    let relative = relative_path(&output_dir, &input_root)?;
    let text = relative.to_string_lossy().replace('\\', "/");
    Some(if text.is_empty() { text } else { format!("{text}/") })
}

fn relative_path(from_dir: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<_> = from_dir.components().collect();
    let target: Vec<_> = to.components().collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for part in &target[common..] {
        path.push(part);
    }
    Some(path)
}
