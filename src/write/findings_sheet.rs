//! チェック結果: every finding as a table row, errors first, coloured by
//! severity, with filters on and the source file as a link.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::submissions::write_file_link;
use super::{style, write_headings, Context};
use crate::i18n;

/// The message column's width, in Excel's character units.
const MESSAGE_WIDTH: f64 = 60.0;

pub fn write(context: &Context) -> Result<Worksheet, XlsxError> {
    let texts = context.texts;
    let lang = context.lang;
    let config = context.config;
    let mut sheet = context.titled_sheet(texts.findings_sheet, texts.findings_sheet)?;
    let headings = [
        texts.severity,
        texts.code,
        texts.unit,
        texts.kpi,
        texts.month,
        texts.file,
        texts.sheet,
        texts.cell,
        texts.found,
        texts.expected,
        texts.treatment,
        texts.message,
    ];
    let header_row = 3;
    write_headings(&mut sheet, header_row, &headings)?;
    let findings = &context.report.findings;
    let mut row = header_row + 1;
    for finding in findings {
        let tint = |format| style::severity(format, finding.severity);
        let unit = finding.unit.as_deref().and_then(|id| config.unit_index(id)).map(|u| config.unit_name(u, lang));
        let kpi = finding.kpi.as_deref().and_then(|id| config.kpi_index(id)).map(|k| config.kpi_label(k, lang));
        let month = finding.month.map(|m| i18n::month_name(lang, m));
        let cells: [Option<String>; 12] = [
            Some(i18n::severity_name(lang, finding.severity).to_string()),
            Some(finding.code.as_str().to_string()),
            unit.map(String::from),
            kpi.map(String::from),
            month,
            None,
            finding.location.sheet.clone(),
            finding.location.cell.map(|c| c.to_string()),
            finding.found.clone(),
            finding.expected.clone(),
            Some(i18n::treatment_name(lang, finding.treatment).to_string()),
            Some(i18n::message(lang, finding, config)),
        ];
        for (col, value) in cells.iter().enumerate() {
            let format = if col == 11 { tint(style::text()) } else { tint(style::label()) };
            match value {
                Some(text) => sheet.write_string_with_format(row, col as u16, text, &format)?,
                None => sheet.write_blank(row, col as u16, &format)?,
            };
        }
        if finding.location.file.is_empty() {
            sheet.write_blank(row, 5, &tint(style::label()))?;
        } else {
            write_file_link(&mut sheet, context, row, 5, &finding.location.file)?;
        }
        // LibreOffice and Excel do not grow a row for wrapped text written
        // this way: give long messages the lines they need.
        let lines = (style::display_width(cells[11].as_deref().unwrap_or("")) / MESSAGE_WIDTH).ceil();
        if lines > 1.0 {
            sheet.set_row_height(row, 13.5 * lines)?;
        }
        row += 1;
    }
    let widths = [7.0, 6.0, 8.0, 18.0, 5.0, 28.0, 8.0, 6.0, 16.0, 12.0, 12.0, MESSAGE_WIDTH];
    context.finish_table(&mut sheet, header_row, row, &widths, texts.no_findings)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(sheet)
}
