//! The workbook each unit fills in: its own KPIs by group, a column per
//! month, totals and progress by formula, input cells unlocked and shaded,
//! everything else protected, whole numbers from 0 only, and a 記入方法
//! sheet. The sample submissions are this template, filled in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, Format, Formula, Workbook, Worksheet,
    XlsxError,
};

use super::cells::{cell, result_text};
use super::style;
use crate::config::{Config, KpiKind, Lang};
use crate::error::MatomeError;
use crate::i18n;
use crate::text::japanese_fiscal_year;

const HEADER_ROW: u32 = 5;
const FIRST_MONTH_COL: u16 = 3;
const TOTAL_COL: u16 = FIRST_MONTH_COL + 12;
const TARGET_COL: u16 = TOTAL_COL + 1;
const RATE_COL: u16 = TARGET_COL + 1;

/// What a unit typed into its template (used to make samples and tests).
#[derive(Debug, Clone, Default)]
pub struct Filling {
    pub report_date: Option<NaiveDate>,
    /// (KPI index, fiscal month) → the count typed.
    pub values: BTreeMap<(usize, usize), f64>,
    /// KPI index → a total typed over the SUM formula, as branches do.
    pub typed_totals: BTreeMap<usize, f64>,
}

/// The file name of a unit's template: 「勝北_令和3年度_月次報告.xlsx」.
pub fn file_name(config: &Config, unit: usize, lang: Lang) -> String {
    let clean = safe_file_name(config.unit_name(unit, lang));
    match lang {
        Lang::Ja => format!("{clean}_{}_月次報告.xlsx", japanese_fiscal_year(config.organisation.fiscal_year)),
        Lang::En => format!("{clean}_FY{}_monthly_report.xlsx", config.organisation.fiscal_year),
    }
}

/// A name as part of a file name: no path separators or characters Windows
/// refuses.
pub fn safe_file_name(name: &str) -> String {
    name.chars().map(|c| if "\\/:*?\"<>|".contains(c) || c.is_control() { '_' } else { c }).collect()
}

/// Write one unit's template into `dir`; returns its path.
pub fn write_template(config: &Config, unit: usize, lang: Lang, dir: &Path) -> Result<PathBuf, MatomeError> {
    let path = dir.join(file_name(config, unit, lang));
    let failed = |e: XlsxError| MatomeError::Write { path: path.clone(), message: e.to_string() };
    let mut workbook = build_template(config, unit, lang, None).map_err(failed)?;
    let bytes = workbook.save_to_buffer().map_err(failed)?;
    super::save_atomically(&path, &bytes, &mut |p| std::fs::File::create(p))?;
    Ok(path)
}

/// The template as a workbook, optionally filled in.
pub fn build_template(
    config: &Config,
    unit: usize,
    lang: Lang,
    filling: Option<&Filling>,
) -> Result<Workbook, XlsxError> {
    let t = i18n::texts_for(config, lang);
    let mut workbook = Workbook::new();
    let created = config.fiscal_start().and_hms_opt(0, 0, 0).expect("midnight exists");
    workbook.set_properties(&DocProperties::new().set_author("matome").set_creation_datetime(&created));
    let mut sheet = Worksheet::new();
    sheet.set_name(t.template_sheet)?;
    let title = write_template_heading(&mut sheet, config, unit, lang, filling)?;
    let header = style::header();
    let headings = [t.group, t.kpi, t.counter];
    for (col, heading) in headings.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *heading, &header)?;
    }
    for month in 0..12 {
        let name = i18n::month_name(lang, config.calendar_month(month));
        sheet.write_string_with_format(HEADER_ROW, FIRST_MONTH_COL + month as u16, &name, &header)?;
    }
    sheet.write_string_with_format(HEADER_ROW, TOTAL_COL, t.total, &header)?;
    sheet.write_string_with_format(HEADER_ROW, TARGET_COL, t.target, &header)?;
    sheet.write_string_with_format(HEADER_ROW, RATE_COL, t.progress, &header)?;

    let mut row = HEADER_ROW + 1;
    let first_row = row;
    for group in 0..config.groups.len() {
        for kpi in config.group_kpis(group).filter(|&k| config.reports(k, unit)) {
            write_kpi_row(&mut sheet, config, unit, lang, kpi, group, row, filling)?;
            row += 1;
        }
    }
    let last_row = row.saturating_sub(1).max(first_row);
    let counts = DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title(t.validation_title)?
        .set_error_message(t.validation_message)?;
    sheet.add_data_validation(first_row, FIRST_MONTH_COL, last_row, TOTAL_COL - 1, &counts)?;
    sheet.write_string_with_format(row + 1, 0, t.stock_note, &style::subtitle())?;

    sheet.set_column_width(0, 16)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 6)?;
    for col in FIRST_MONTH_COL..TOTAL_COL {
        sheet.set_column_width(col, 6.5)?;
    }
    for col in [TOTAL_COL, TARGET_COL, RATE_COL] {
        sheet.set_column_width(col, 9)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, FIRST_MONTH_COL)?;
    sheet.protect();
    let org = config.organisation_name(lang);
    style::page_setup(&mut sheet, org, &title, "", t.page_of);
    workbook.push_worksheet(sheet);
    workbook.push_worksheet(instructions_sheet(config, lang)?);
    Ok(workbook)
}

/// The title and the cells above the table: fiscal year, unit, and the
/// 基準日 to fill in (a date within reason). Returns the title.
fn write_template_heading(
    sheet: &mut Worksheet,
    config: &Config,
    unit: usize,
    lang: Lang,
    filling: Option<&Filling>,
) -> Result<String, XlsxError> {
    let t = i18n::texts_for(config, lang);
    let org = config.organisation_name(lang);
    let year = config.organisation.fiscal_year;
    let title = match lang {
        Lang::Ja => format!("{org} {} 月次報告（{}）", japanese_fiscal_year(year), config.unit_name(unit, lang)),
        Lang::En => format!("{org} FY{year} monthly report ({})", config.unit_name(unit, lang)),
    };
    sheet.merge_range(0, 0, 0, RATE_COL, &title, &style::title())?;
    let label = style::label().set_bold();
    sheet.write_string_with_format(1, 0, t.fiscal_year, &label)?;
    sheet.write_string_with_format(1, 1, japanese_fiscal_year(year), &style::label())?;
    let end = config.fiscal_end();
    let span = format!(
        "{}/{} – {}/{}",
        year,
        config.organisation.start_month,
        chrono::Datelike::year(&end),
        chrono::Datelike::month(&end)
    );
    sheet.write_string_with_format(1, 2, &span, &style::subtitle())?;
    sheet.write_string_with_format(2, 0, t.unit_label, &label)?;
    sheet.write_string_with_format(2, 1, config.unit_name(unit, lang), &style::label())?;
    sheet.write_string_with_format(3, 0, t.as_of, &label)?;
    let date_format = style::input(style::label().set_num_format("yyyy/m/d"));
    match filling.and_then(|f| f.report_date) {
        Some(date) => sheet.write_date_with_format(3, 1, date, &date_format)?,
        None => sheet.write_blank(3, 1, &date_format)?,
    };
    let date_rule = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            rust_xlsxwriter::ExcelDateTime::from_ymd(year as u16, 1, 1)?,
            rust_xlsxwriter::ExcelDateTime::from_ymd(year as u16 + 2, 12, 31)?,
        ))
        .set_error_title(t.validation_title)?
        .set_error_message(t.date_validation_message)?;
    sheet.add_data_validation(3, 1, 3, 1, &date_rule)?;
    Ok(title)
}

/// 記入方法: how to fill the workbook in.
fn instructions_sheet(config: &Config, lang: Lang) -> Result<Worksheet, XlsxError> {
    let t = i18n::texts_for(config, lang);
    let org = config.organisation_name(lang);
    let mut help = Worksheet::new();
    help.set_name(t.instructions_sheet)?;
    for (index, line) in t.instructions.iter().enumerate() {
        let format = if index == 0 { style::title() } else { style::base() };
        help.write_string_with_format(index as u32, 0, *line, &format)?;
    }
    help.set_column_width(0, 110)?;
    style::page_setup(&mut help, org, t.instructions_sheet, "", t.page_of);
    help.protect();
    Ok(help)
}

#[allow(clippy::too_many_arguments)]
fn write_kpi_row(
    sheet: &mut Worksheet,
    config: &Config,
    unit: usize,
    lang: Lang,
    kpi: usize,
    group: usize,
    row: u32,
    filling: Option<&Filling>,
) -> Result<(), XlsxError> {
    let entry = &config.kpis[kpi];
    let is_stock = entry.kind == KpiKind::Stock;
    sheet.write_string_with_format(row, 0, config.group_label(group, lang), &style::label())?;
    sheet.write_string_with_format(row, 1, config.kpi_label(kpi, lang), &style::label())?;
    let counter = if is_stock { format!("{} ※", entry.counter) } else { entry.counter.clone() };
    sheet.write_string_with_format(row, 2, &counter, &style::label())?;
    let input = style::input(style::number());
    let mut typed_sum = 0.0;
    let mut latest = None;
    for month in 0..12 {
        let col = FIRST_MONTH_COL + month as u16;
        match filling.and_then(|f| f.values.get(&(kpi, month))) {
            Some(value) => {
                sheet.write_number_with_format(row, col, *value, &input)?;
                typed_sum += value;
                latest = Some(*value);
            }
            None => {
                sheet.write_blank(row, col, &input)?;
            }
        }
    }
    let computed = style::subtotal(style::number());
    let months = format!("{}:{}", cell(row, FIRST_MONTH_COL), cell(row, TOTAL_COL - 1));
    if is_stock {
        // A level is not summed; the latest month's figure is the total.
        let formula = format!("=IF(COUNT({months})=0,\"\",LOOKUP(2,1/({months}<>\"\"),{months}))");
        let result = latest.map(result_text).unwrap_or_default();
        sheet.write_formula_with_format(row, TOTAL_COL, Formula::new(formula).set_result(result), &computed)?;
    } else if let Some(typed) = filling.and_then(|f| f.typed_totals.get(&kpi)) {
        sheet.write_number_with_format(row, TOTAL_COL, *typed, &computed)?;
        typed_sum = *typed;
    } else {
        let formula = Formula::new(format!("=SUM({months})")).set_result(result_text(typed_sum));
        sheet.write_formula_with_format(row, TOTAL_COL, formula, &computed)?;
    }
    let target = config.unit_target(kpi, unit);
    write_target_and_rate(sheet, row, target, if is_stock { latest } else { Some(typed_sum) })?;
    Ok(())
}

fn write_target_and_rate(
    sheet: &mut Worksheet,
    row: u32,
    target: Option<f64>,
    actual: Option<f64>,
) -> Result<(), XlsxError> {
    let computed = |f: Format| style::subtotal(f);
    match target {
        Some(target) => {
            sheet.write_number_with_format(row, TARGET_COL, target, &computed(style::number()))?;
            let formula =
                format!("=IF(OR({t}=0,{a}=\"\"),\"\",{a}/{t})", a = cell(row, TOTAL_COL), t = cell(row, TARGET_COL));
            let result = actual.filter(|_| target != 0.0).map(|a| result_text(a / target)).unwrap_or_default();
            sheet.write_formula_with_format(
                row,
                RATE_COL,
                Formula::new(formula).set_result(result),
                &computed(style::percent()),
            )?;
        }
        None => {
            sheet.write_blank(row, TARGET_COL, &computed(style::number()))?;
            sheet.write_blank(row, RATE_COL, &computed(style::percent()))?;
        }
    }
    Ok(())
}
