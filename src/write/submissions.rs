//! 提出状況: every file of every configured unit — its report date, the
//! months whose figures came from it, its errors and warnings — under the
//! unit's status (its worst finding in any file, or that it sent nothing).

use rust_xlsxwriter::{Url, Workbook, Worksheet, XlsxError};

use super::{style, write_headings, Context};
use crate::consolidate::UnitStatus;
use crate::findings::Severity;
use crate::i18n;

pub fn write(context: &Context, workbook: &mut Workbook) -> Result<Worksheet, XlsxError> {
    let texts = context.texts;
    let lang = context.lang;
    let mut sheet =
        context.listing_sheet(workbook, listed_rows(context), texts.submissions_sheet, texts.submissions_sheet)?;
    let headings = [
        texts.unit,
        texts.status,
        texts.file,
        texts.report_date,
        texts.months_used,
        texts.errors,
        texts.warnings,
        texts.sent_by,
    ];
    let header_row = 3;
    write_headings(&mut sheet, header_row, &headings)?;
    let (label, number) = (style::label(), style::number());
    let clean = style::standing(style::label(), crate::consolidate::Standing::OnPace);
    let warned = style::severity(style::label(), Severity::Warning);
    let failed = style::severity(style::label(), Severity::Error);
    let mut row = header_row + 1;
    for (index, unit) in context.report.units.iter().enumerate() {
        let status_format = match unit.status {
            UnitStatus::Clean => &clean,
            UnitStatus::Warnings => &warned,
            UnitStatus::Errors | UnitStatus::Missing => &failed,
        };
        sheet.write_string_with_format(row, 0, context.config.unit_name(index, lang), &label)?;
        sheet.write_string_with_format(row, 1, i18n::status_name(lang, unit.status), status_format)?;
        if unit.files.is_empty() {
            for col in 2..5 {
                sheet.write_blank(row, col, &label)?;
            }
            sheet.write_number_with_format(row, 5, unit.errors as f64, &number)?;
            sheet.write_number_with_format(row, 6, unit.warnings as f64, &number)?;
            sheet.write_blank(row, 7, &label)?;
            row += 1;
            continue;
        }
        for (position, file) in unit.files.iter().enumerate() {
            if position > 0 {
                // The unit's name on every row keeps the table filterable.
                sheet.write_string_with_format(row, 0, context.config.unit_name(index, lang), &label)?;
                sheet.write_blank(row, 1, &label)?;
            }
            let used = &file.used;
            write_file_link(&mut sheet, context, row, 2, &used.file)?;
            let date = used.report_date.map(|date| i18n::report_date_text(lang, date, used.report_date_inferred));
            match date {
                Some(date) => sheet.write_string_with_format(row, 3, date, &label)?,
                None => sheet.write_blank(row, 3, &label)?,
            };
            let months =
                if used.superseded { texts.superseded.to_string() } else { i18n::month_list(lang, &used.months) };
            sheet.write_string_with_format(row, 4, months, &label)?;
            sheet.write_number_with_format(row, 5, file.errors as f64, &number)?;
            sheet.write_number_with_format(row, 6, file.warnings as f64, &number)?;
            // Mail headers are data, written as text.
            match &used.sender {
                Some(sender) => sheet.write_string_with_format(row, 7, sender, &label)?,
                None => sheet.write_blank(row, 7, &label)?,
            };
            row += 1;
        }
    }
    let widths = [12.0, 12.0, 40.0, 20.0, 22.0, 8.0, 8.0, 44.0];
    context.finish_table(&mut sheet, header_row, row, &widths, "")?;
    sheet.set_freeze_panes(header_row + 1, 1)?;
    Ok(sheet)
}

/// A row for each file a unit sent, or one for a unit that sent none.
fn listed_rows(context: &Context) -> usize {
    context.report.units.iter().map(|unit| unit.files.len().max(1)).sum()
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
