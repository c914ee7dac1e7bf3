//! Feedback workbooks, one for each unit with something to fix, that
//! headquarters can mail as they are: a cover sheet (who, as of when, the
//! counts, what to do), the unit's findings, and its figures as matome read
//! them — a KPI a row, flagged cells coloured with the message as a note.
//! A unit that sent nothing gets a one-page reminder. Branch text is always
//! written as text; the same inputs give the same bytes.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, Note, Workbook, Worksheet, XlsxError};

use super::{style, write_headings};
use crate::check::Checked;
use crate::config::{Config, KpiKind, Lang};
use crate::consolidate::Report;
use crate::error::MatomeError;
use crate::findings::{count, Code, Finding, Severity};
use crate::i18n::{self, FeedbackWords};

/// Write the feedback workbooks into `dir` (made if missing); returns their paths.
pub fn write_feedback(
    report: &Report,
    checked: &Checked,
    config: &Config,
    lang: Lang,
    dir: &Path,
) -> Result<Vec<PathBuf>, MatomeError> {
    std::fs::create_dir_all(dir).map_err(|e| MatomeError::Write { path: dir.to_path_buf(), message: e.to_string() })?;
    let mut written = Vec::new();
    let failed = |e: XlsxError| MatomeError::Write { path: dir.to_path_buf(), message: e.to_string() };
    feedback_workbooks(
        report,
        checked,
        config,
        lang,
        &mut |name, bytes| {
            let path = dir.join(name);
            super::save_atomically(&path, &bytes, &mut |p| std::fs::File::create(p))?;
            written.push(path);
            Ok(())
        },
        failed,
    )?;
    Ok(written)
}

/// The feedback workbook of each unit with errors or warnings (a reminder
/// for one that sent nothing), handed to `each` as its file name and bytes
/// as soon as it is made; `failed` turns a writer's error into `E`.
pub fn feedback_workbooks<E>(
    report: &Report,
    checked: &Checked,
    config: &Config,
    lang: Lang,
    each: &mut dyn FnMut(String, Vec<u8>) -> Result<(), E>,
    failed: impl Fn(XlsxError) -> E,
) -> Result<(), E> {
    let words = i18n::feedback_words_for(config, lang);
    for (unit, entry) in config.units.iter().enumerate() {
        let findings: Vec<&Finding> =
            report.findings.iter().filter(|f| f.unit.as_deref() == Some(entry.id.as_str())).collect();
        let (errors, warnings, _) = count(findings.iter().copied());
        let missing = findings.iter().any(|f| f.code == Code::NotSubmitted);
        if errors + warnings == 0 {
            continue;
        }
        let name = format!(
            "{}_{}_{}.xlsx",
            super::template::safe_file_name(config.unit_name(unit, lang)),
            words.file_word,
            report.as_of
        );
        let context = Feedback { report, checked, config, lang, words, unit };
        let mut workbook = if missing { context.reminder() } else { context.workbook(&findings) }.map_err(&failed)?;
        each(name, workbook.save_to_buffer().map_err(&failed)?)?;
    }
    Ok(())
}

struct Feedback<'a> {
    report: &'a Report,
    checked: &'a Checked,
    config: &'a Config,
    lang: Lang,
    words: &'static FeedbackWords,
    unit: usize,
}

impl Feedback<'_> {
    fn new_workbook(&self) -> Workbook {
        let mut workbook = Workbook::new();
        let created = self.report.as_of.and_hms_opt(0, 0, 0).expect("midnight exists");
        workbook.set_properties(
            &DocProperties::new()
                .set_title(format!("{} {}", self.config.organisation_name(self.lang), self.words.title))
                .set_author("matome")
                .set_creation_datetime(&created),
        );
        workbook
    }

    /// The cover: organisation, unit, report date, and the lines under it.
    fn cover(&self, title: &str, lines: &[String]) -> Result<Worksheet, XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(self.words.cover_sheet)?;
        let year = i18n::fiscal_year_name(self.lang, self.report.fiscal_year);
        sheet.write_string_with_format(
            0,
            0,
            format!("{} {year} {title}", self.config.organisation_name(self.lang)),
            &style::title(),
        )?;
        let facts = [
            (self.words.unit, self.config.unit_name(self.unit, self.lang).to_string()),
            (self.words.report_date, crate::text::japanese_date(self.report.as_of)),
        ];
        for (index, (label, value)) in facts.iter().enumerate() {
            sheet.write_string_with_format(2 + index as u32, 0, *label, &style::header())?;
            sheet.write_string_with_format(2 + index as u32, 1, value, &style::label())?;
        }
        for (index, line) in lines.iter().enumerate() {
            sheet.write_string_with_format(5 + index as u32, 0, line, &style::base())?;
        }
        sheet.set_column_width(0, 14)?;
        sheet.set_column_width(1, 60)?;
        sheet.set_portrait();
        sheet.set_paper_size(9);
        sheet.set_print_fit_to_pages(1, 1);
        Ok(sheet)
    }

    fn reminder(&self) -> Result<Workbook, XlsxError> {
        let mut workbook = self.new_workbook();
        let lines: Vec<String> = self.words.reminder.iter().map(|l| l.to_string()).collect();
        workbook.push_worksheet(self.cover(self.words.reminder_title, &lines)?);
        Ok(workbook)
    }

    fn workbook(&self, findings: &[&Finding]) -> Result<Workbook, XlsxError> {
        let mut workbook = self.new_workbook();
        let texts = i18n::texts_for(self.config, self.lang);
        let (errors, warnings, _) = count(findings.iter().copied());
        let mut lines: Vec<String> =
            vec![format!("{} {errors}　{} {warnings}", texts.errors, texts.warnings), String::new()];
        lines.extend(self.words.what_to_do.iter().map(|l| l.to_string()));
        lines.push(String::new());
        lines.push(format!("{}:", self.words.files));
        let unit_report = &self.report.units[self.unit];
        lines.extend(unit_report.files.iter().map(|f| format!("　{}", f.used.file)));
        workbook.push_worksheet(self.cover(self.words.title, &lines)?);
        workbook.push_worksheet(self.findings_sheet(findings)?);
        workbook.push_worksheet(self.figures_sheet(findings)?);
        Ok(workbook)
    }

    fn findings_sheet(&self, findings: &[&Finding]) -> Result<Worksheet, XlsxError> {
        use super::findings_sheet::{write_header, write_rows, Column};
        // A branch needs neither its own name nor how headquarters counted.
        let columns: Vec<Column> =
            Column::ALL.into_iter().filter(|c| !matches!(c, Column::Unit | Column::Treatment)).collect();
        let mut sheet = Worksheet::new();
        sheet.set_name(self.words.findings_sheet)?;
        write_header(&mut sheet, 0, &columns, i18n::texts_for(self.config, self.lang))?;
        // File names as text: a link to headquarters' copy would not open at the branch.
        let plain = |sheet: &mut Worksheet, row, col, file: &str, format: &rust_xlsxwriter::Format| {
            sheet.write_string_with_format(row, col, file, format).map(|_| ())
        };
        write_rows(&mut sheet, 1, findings.iter().copied(), &columns, (self.config, self.lang), &plain)?;
        sheet.set_freeze_panes(1, 0)?;
        sheet.set_landscape();
        sheet.set_paper_size(9);
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0)?;
        Ok(sheet)
    }

    /// The unit's figures as matome read them: each KPI it reports, the label
    /// and where it was, and the months; a flagged cell is coloured and notes
    /// the message.
    fn figures_sheet(&self, findings: &[&Finding]) -> Result<Worksheet, XlsxError> {
        let (lang, config, texts) = (self.lang, self.config, i18n::texts_for(self.config, self.lang));
        let mut sheet = Worksheet::new();
        sheet.set_name(self.words.figures_sheet)?;
        sheet.write_string_with_format(0, 0, self.words.figures_note, &style::subtitle())?;
        let mut headings =
            vec![texts.kpi.to_string(), self.words.typed_label.to_string(), self.words.label_cell.to_string()];
        headings.extend((0..12).map(|m| i18n::month_name(lang, config.calendar_month(m))));
        headings.push(texts.total.to_string());
        let heading_refs: Vec<&str> = headings.iter().map(String::as_str).collect();
        write_headings(&mut sheet, 2, &heading_refs)?;
        let accepted = self.checked.accepted.iter().find(|a| a.unit == self.unit);
        let mut row = 3;
        for (kpi, entry) in config.kpis.iter().enumerate() {
            if !matches!(entry.kind, KpiKind::Flow | KpiKind::Stock) || !config.reports(kpi, self.unit) {
                continue;
            }
            sheet.write_string_with_format(row, 0, config.kpi_label(kpi, lang), &style::label())?;
            let label = accepted.and_then(|a| a.labels.get(kpi)?.as_ref().map(|(source, text)| (a, source, text)));
            match label {
                Some((accepted, source, text)) => {
                    let file = &accepted.files[source.file];
                    let sheet_name = file.sheets.get(source.cell.sheet as usize).map_or("", String::as_str);
                    sheet.write_string_with_format(row, 1, text, &style::label())?;
                    sheet.write_string_with_format(
                        row,
                        2,
                        format!("{} {sheet_name}!{}", file.file, source.cell),
                        &style::label(),
                    )?;
                }
                None => {
                    sheet.write_blank(row, 1, &style::label())?;
                    sheet.write_blank(row, 2, &style::label())?;
                }
            }
            let values = accepted.map(|a| a.values[kpi].as_slice()).unwrap_or(&[]);
            // The months, then the year to date: a flagged cell coloured, its message as a note.
            for col in 3..16u16 {
                let month = (col < 15).then(|| col as usize - 3);
                let calendar = month.map(|m| config.calendar_month(m));
                let flagged = findings
                    .iter()
                    .filter(|f| f.kpi.as_deref() == Some(entry.id.as_str()) && f.month == calendar)
                    .filter(|f| f.severity != Severity::Info)
                    .min_by_key(|f| f.severity);
                let base = if month.is_none() { style::subtotal(style::number()) } else { style::number() };
                let format = match flagged {
                    Some(finding) => style::severity(base, finding.severity),
                    None => base,
                };
                let value = match month {
                    Some(month) => values.get(month).copied().flatten(),
                    None => crate::calendar::year_to_date(entry.kind, values),
                };
                match value {
                    Some(value) => sheet.write_number_with_format(row, col, value, &format)?,
                    None => sheet.write_blank(row, col, &format)?,
                };
                if let Some(finding) = flagged {
                    let message = i18n::message(lang, finding, config);
                    let note = Note::new(message).set_author("matome").set_width(320).set_height(120);
                    sheet.insert_note(row, col, &note)?;
                }
            }
            row += 1;
        }
        sheet.set_column_width(0, 22)?;
        sheet.set_column_width(1, 22)?;
        sheet.set_column_width(2, 30)?;
        for col in 3..16 {
            sheet.set_column_width(col, 6.5)?;
        }
        sheet.set_freeze_panes(3, 1)?;
        sheet.set_landscape();
        sheet.set_paper_size(9);
        sheet.set_print_fit_to_pages(1, 0);
        Ok(sheet)
    }
}
