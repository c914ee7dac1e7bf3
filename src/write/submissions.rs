//! 提出状況: one row per configured unit — which file was used, its report
//! date, and whether it was clean, had warnings, had errors or never came.

use rust_xlsxwriter::{Url, Worksheet, XlsxError};

use super::{style, write_headings, Context};
use crate::consolidate::UnitStatus;
use crate::findings::Severity;

pub fn write(context: &Context) -> Result<Worksheet, XlsxError> {
    let texts = context.texts;
    let lang = context.lang;
    let mut sheet = context.titled_sheet(texts.submissions_sheet, texts.submissions_sheet)?;
    let headings = [texts.unit, texts.status, texts.file, texts.report_date, texts.errors, texts.warnings];
    write_headings(&mut sheet, 3, &headings)?;
    let (label, number) = (style::label(), style::number());
    let clean = style::standing(style::label(), crate::consolidate::Standing::OnPace);
    let warned = style::severity(style::label(), Severity::Warning);
    let failed = style::severity(style::label(), Severity::Error);
    for (index, unit) in context.report.units.iter().enumerate() {
        let row = 4 + index as u32;
        sheet.write_string_with_format(row, 0, context.config.unit_name(index, lang), &label)?;
        let status_format = match unit.status {
            UnitStatus::Clean => &clean,
            UnitStatus::Warnings => &warned,
            UnitStatus::Errors | UnitStatus::Missing => &failed,
        };
        sheet.write_string_with_format(row, 1, crate::i18n::status_name(lang, unit.status), status_format)?;
        match &unit.file {
            Some(file) => write_file_link(&mut sheet, context, row, 2, file)?,
            None => sheet.write_blank(row, 2, &label).map(|_| ())?,
        }
        match unit.report_date {
            Some(date) => sheet.write_string_with_format(row, 3, date.to_string(), &label)?,
            None => sheet.write_blank(row, 3, &label)?,
        };
        sheet.write_number_with_format(row, 4, unit.errors as f64, &number)?;
        sheet.write_number_with_format(row, 5, unit.warnings as f64, &number)?;
    }
    let widths = [12.0, 12.0, 44.0, 12.0, 8.0, 8.0];
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_freeze_panes(4, 1)?;
    context.page_setup(&mut sheet);
    Ok(sheet)
}

/// The file's name, linked to the file where a relative link can be made.
/// File names are data: always written as text, never as a formula.
pub fn write_file_link(
    sheet: &mut Worksheet,
    context: &Context,
    row: u32,
    col: u16,
    file: &str,
) -> Result<(), XlsxError> {
    if let Some(target) = context.link_to(file) {
        let url = Url::new(target).set_text(file);
        if sheet.write_url_with_format(row, col, url, &style::link()).is_ok() {
            return Ok(());
        }
    }
    sheet.write_string_with_format(row, col, file, &style::label())?;
    Ok(())
}
