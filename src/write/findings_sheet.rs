//! チェック結果: every finding as a table row, errors first, coloured by
//! severity, with filters on and the source file as a link. The rows are
//! also what a unit's feedback workbook lists (`write_rows`).

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::submissions::write_file_link;
use super::{style, write_headings, Context};
use crate::config::{Config, Lang};
use crate::findings::Finding;
use crate::i18n::{self, Texts};

/// Writes a file's name into a cell of a findings row (in the row's format).
pub type FileCell<'a> = dyn Fn(&mut Worksheet, u32, u16, &str, &Format) -> Result<(), XlsxError> + 'a;

/// The message column's width, in Excel's character units.
const MESSAGE_WIDTH: f64 = 60.0;

/// A column of a findings table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Severity,
    Code,
    Unit,
    Kpi,
    Month,
    File,
    Sheet,
    Cell,
    Found,
    Expected,
    Treatment,
    Message,
}

impl Column {
    /// Every column, as headquarters' チェック結果 shows them.
    pub const ALL: [Column; 12] = [
        Column::Severity,
        Column::Code,
        Column::Unit,
        Column::Kpi,
        Column::Month,
        Column::File,
        Column::Sheet,
        Column::Cell,
        Column::Found,
        Column::Expected,
        Column::Treatment,
        Column::Message,
    ];

    fn heading(self, texts: &Texts) -> &'static str {
        match self {
            Column::Severity => texts.severity,
            Column::Code => texts.code,
            Column::Unit => texts.unit,
            Column::Kpi => texts.kpi,
            Column::Month => texts.month,
            Column::File => texts.file,
            Column::Sheet => texts.sheet,
            Column::Cell => texts.cell,
            Column::Found => texts.found,
            Column::Expected => texts.expected,
            Column::Treatment => texts.treatment,
            Column::Message => texts.message,
        }
    }

    fn width(self) -> f64 {
        match self {
            Column::Severity => 7.0,
            Column::Code | Column::Cell => 6.0,
            Column::Unit | Column::Sheet => 8.0,
            Column::Kpi => 18.0,
            Column::Month => 5.0,
            Column::File => 28.0,
            Column::Found => 16.0,
            Column::Expected => 12.0,
            // The longest treatment, 「単位を換算して集計」 or "earlier figure used".
            Column::Treatment => 20.0,
            Column::Message => MESSAGE_WIDTH,
        }
    }

    fn text(self, finding: &Finding, config: &Config, lang: Lang) -> Option<String> {
        match self {
            Column::Severity => Some(i18n::severity_name(lang, finding.severity).to_string()),
            Column::Code => Some(finding.code.as_str().to_string()),
            Column::Unit => {
                finding.unit.as_deref().and_then(|id| config.unit_index(id)).map(|u| config.unit_name(u, lang).into())
            }
            Column::Kpi => {
                finding.kpi.as_deref().and_then(|id| config.kpi_index(id)).map(|k| config.kpi_label(k, lang).into())
            }
            Column::Month => finding.month.map(|m| i18n::month_name(lang, m)),
            Column::File => Some(finding.location.file.clone()).filter(|f| !f.is_empty()),
            Column::Sheet => finding.location.sheet.clone(),
            Column::Cell => finding.location.cell.map(|c| c.to_string()),
            Column::Found => finding.found.clone().filter(|_| !finding.code.found_is_a_code()),
            Column::Expected => finding.expected.clone(),
            Column::Treatment => Some(i18n::treatment_name(lang, finding.treatment).to_string()),
            Column::Message => Some(i18n::message(lang, finding, config)),
        }
    }
}

/// The headings of `columns` on `row`, and their widths.
pub fn write_header(sheet: &mut Worksheet, row: u32, columns: &[Column], texts: &Texts) -> Result<(), XlsxError> {
    let headings: Vec<&str> = columns.iter().map(|c| c.heading(texts)).collect();
    write_headings(sheet, row, &headings)?;
    for (col, column) in columns.iter().enumerate() {
        sheet.set_column_width(col as u16, column.width())?;
    }
    Ok(())
}

/// One row a finding from `first_row` on, tinted by severity; a file name is
/// written by `file_cell` (a link, or text in the row's format). Returns the
/// row after the last.
pub fn write_rows<'a>(
    sheet: &mut Worksheet,
    first_row: u32,
    findings: impl IntoIterator<Item = &'a Finding>,
    columns: &[Column],
    (config, lang): (&Config, Lang),
    file_cell: &FileCell,
) -> Result<u32, XlsxError> {
    let mut row = first_row;
    for finding in findings {
        for (col, column) in columns.iter().enumerate() {
            let col = col as u16;
            let base = if *column == Column::Message { style::text() } else { style::label() };
            let format = style::severity(base, finding.severity);
            match (column, column.text(finding, config, lang)) {
                (Column::File, Some(file)) => file_cell(sheet, row, col, &file, &format)?,
                (Column::Message, Some(message)) => {
                    sheet.write_string_with_format(row, col, &message, &format)?;
                    // LibreOffice and Excel do not grow a row for wrapped text
                    // written this way: give long messages the lines they need.
                    let lines = (style::display_width(&message) / MESSAGE_WIDTH).ceil();
                    if lines > 1.0 {
                        sheet.set_row_height(row, 13.5 * lines)?;
                    }
                }
                (_, Some(text)) => sheet.write_string_with_format(row, col, &text, &format).map(|_| ())?,
                (_, None) => sheet.write_blank(row, col, &format).map(|_| ())?,
            }
        }
        row += 1;
    }
    Ok(row)
}

pub fn write(context: &Context, workbook: &mut Workbook) -> Result<Worksheet, XlsxError> {
    let texts = context.texts;
    let mut sheet =
        context.listing_sheet(workbook, context.report.findings.len(), texts.findings_sheet, texts.findings_sheet)?;
    let header_row = 3;
    write_header(&mut sheet, header_row, &Column::ALL, texts)?;
    let link =
        |sheet: &mut Worksheet, row, col, file: &str, _: &Format| write_file_link(sheet, context, row, col, file);
    let findings = &context.report.findings;
    let row = write_rows(&mut sheet, header_row + 1, findings, &Column::ALL, (context.config, context.lang), &link)?;
    let widths: Vec<f64> = Column::ALL.iter().map(|c| c.width()).collect();
    context.finish_table(&mut sheet, header_row, row, &widths, texts.no_findings)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(sheet)
}
