//! 改訂履歴: every month's figure that a later file of a unit changed —
//! figures headquarters may already have reported — with both files linked.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::submissions::write_file_link;
use super::{style, write_headings, Context};
use crate::i18n;

pub fn write(context: &Context, workbook: &mut Workbook) -> Result<Worksheet, XlsxError> {
    let texts = context.texts;
    let (lang, config) = (context.lang, context.config);
    let mut sheet = context.listing_sheet(
        workbook,
        context.report.revisions.len(),
        texts.revisions_sheet,
        texts.revisions_sheet,
    )?;
    let headings = [
        texts.unit,
        texts.kpi,
        texts.month,
        texts.before,
        texts.after,
        texts.before_file,
        texts.after_file,
        texts.cell,
    ];
    let header_row = 3;
    write_headings(&mut sheet, header_row, &headings)?;
    let (label, number) = (style::label(), style::number());
    let mut row = header_row + 1;
    for revision in &context.report.revisions {
        let unit = config.unit_index(&revision.unit).map_or(revision.unit.as_str(), |u| config.unit_name(u, lang));
        let kpi = config.kpi_index(&revision.kpi).map_or(revision.kpi.as_str(), |k| config.kpi_label(k, lang));
        sheet.write_string_with_format(row, 0, unit, &label)?;
        sheet.write_string_with_format(row, 1, kpi, &label)?;
        sheet.write_string_with_format(row, 2, i18n::month_name(lang, revision.month), &label)?;
        for (col, figure) in [(3, &revision.before), (4, &revision.after)] {
            match figure.value.parse::<f64>() {
                Ok(value) => sheet.write_number_with_format(row, col, value, &number)?,
                Err(_) => sheet.write_string_with_format(row, col, &figure.value, &label)?,
            };
        }
        write_file_link(&mut sheet, context, row, 5, &revision.before.location.file)?;
        write_file_link(&mut sheet, context, row, 6, &revision.after.location.file)?;
        let cell = revision.after.location.cell.map(|c| c.to_string()).unwrap_or_default();
        sheet.write_string_with_format(row, 7, cell, &label)?;
        row += 1;
    }
    let widths = [12.0, 22.0, 6.0, 9.0, 9.0, 36.0, 36.0, 7.0];
    context.finish_table(&mut sheet, header_row, row, &widths, texts.no_revisions)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(sheet)
}
