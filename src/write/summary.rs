//! 総括: one row per KPI with a target — target, actual, progress, the
//! expected pace, the difference and a colour for where it stands — and
//! each unit's target, actual and 達成率 beside it.

use std::collections::HashMap;

use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

use super::kpi_sheets::{cell, result_text, ActualCell};
use super::{quote_sheet, style, Context};
use crate::config::KpiKind;

/// Beyond this many units the per-unit columns would not fit a page; they
/// are left to the KPI sheets.
pub const MAX_UNIT_COLUMNS: usize = 12;

const FIXED_COLUMNS: u16 = 9;

pub fn write(context: &Context, actual_cells: &HashMap<usize, ActualCell>) -> Result<Worksheet, XlsxError> {
    let config = context.config;
    let texts = context.texts;
    let lang = context.lang;
    let title = format!(
        "{} {} {}",
        config.organisation_name(lang),
        crate::i18n::fiscal_year_name(lang, context.report.fiscal_year),
        config.report_title(lang)
    );
    let mut sheet = context.titled_sheet(texts.summary_sheet, &title)?;
    sheet.write_string_with_format(2, 0, texts.legend, &style::subtitle())?;

    let header = style::header();
    let (top, sub) = (4u32, 5u32);
    let fixed = [
        texts.group,
        texts.kpi,
        texts.counter,
        texts.target,
        texts.actual,
        texts.progress,
        texts.expected_pace,
        texts.difference,
        texts.standing,
    ];
    for (col, heading) in fixed.iter().enumerate() {
        sheet.merge_range(top, col as u16, sub, col as u16, heading, &header)?;
    }
    let show_units = config.units.len() <= MAX_UNIT_COLUMNS;
    if show_units {
        for unit in 0..config.units.len() {
            let col = FIXED_COLUMNS + 3 * unit as u16;
            sheet.merge_range(top, col, top, col + 2, config.unit_name(unit, lang), &header)?;
            for (offset, heading) in [texts.target, texts.actual, texts.achievement].iter().enumerate() {
                sheet.write_string_with_format(sub, col + offset as u16, *heading, &header)?;
            }
        }
    }

    let mut row = sub + 1;
    for (index, kpi) in context.report.kpis.iter().enumerate() {
        let Some(target) = kpi.target else { continue };
        let entry = &config.kpis[index];
        let is_ratio = entry.kind == KpiKind::Ratio;
        let value_format = if is_ratio { style::percent() } else { style::number() };
        let group = config.groups.iter().position(|g| g.id == entry.group).map(|g| config.group_label(g, lang));
        sheet.write_string_with_format(row, 0, group.unwrap_or(""), &style::text())?;
        sheet.write_string_with_format(row, 1, config.kpi_label(index, lang), &style::text())?;
        sheet.write_string_with_format(row, 2, config.counter(index), &style::label())?;
        sheet.write_number_with_format(row, 3, target, &value_format)?;
        let actual = kpi.actual.unwrap_or(0.0);
        match actual_cells.get(&index) {
            Some(at) => {
                let formula = format!("={}!{}", quote_sheet(&at.sheet), cell(at.row, at.col));
                sheet.write_formula_with_format(
                    row,
                    4,
                    Formula::new(formula).set_result(result_text(actual)),
                    &value_format,
                )?;
            }
            None => {
                sheet.write_number_with_format(row, 4, actual, &value_format)?;
            }
        }
        let progress_formula = format!("=IF({t}=0,\"\",{a}/{t})", a = cell(row, 4), t = cell(row, 3));
        let progress_format = match kpi.standing {
            Some(standing) => style::standing(style::rate(), standing),
            None => style::rate(),
        };
        let progress = kpi.progress.unwrap_or(0.0);
        sheet.write_formula_with_format(
            row,
            5,
            Formula::new(progress_formula).set_result(result_text(progress)),
            &progress_format,
        )?;
        let expected = kpi.expected_progress.unwrap_or(context.report.expected_pace);
        sheet.write_number_with_format(row, 6, expected, &style::rate())?;
        let difference = format!("={}-{}", cell(row, 5), cell(row, 6));
        sheet.write_formula_with_format(
            row,
            7,
            Formula::new(difference).set_result(result_text(progress - expected)),
            &style::signed_percent(),
        )?;
        match kpi.standing {
            Some(standing) => sheet.write_string_with_format(
                row,
                8,
                crate::i18n::standing_name(lang, standing),
                &style::standing(style::label(), standing),
            )?,
            None => sheet.write_blank(row, 8, &style::label())?,
        };
        if show_units {
            for unit in 0..config.units.len() {
                let col = FIXED_COLUMNS + 3 * unit as u16;
                // A balance (members) is the organisation's alone: no unit has one.
                let line = kpi
                    .units
                    .iter()
                    .find(|l| l.unit == config.units[unit].id)
                    .filter(|_| entry.kind != KpiKind::Balance);
                let write = |sheet: &mut Worksheet, col: u16, value: Option<f64>, format| -> Result<(), XlsxError> {
                    match value {
                        Some(value) => sheet.write_number_with_format(row, col, value, format)?,
                        None => sheet.write_blank(row, col, format)?,
                    };
                    Ok(())
                };
                write(&mut sheet, col, line.and_then(|l| l.target), &value_format)?;
                write(&mut sheet, col + 1, line.and_then(|l| l.actual), &value_format)?;
                write(&mut sheet, col + 2, line.and_then(|l| l.progress), &style::rate())?;
            }
        }
        row += 1;
    }

    sheet.set_column_width(0, 16)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 5)?;
    for col in 3..FIXED_COLUMNS {
        sheet.set_column_width(col, 9)?;
    }
    sheet.set_column_width(8, 10)?;
    if show_units {
        for col in FIXED_COLUMNS..FIXED_COLUMNS + 3 * config.units.len() as u16 {
            sheet.set_column_width(col, 7.5)?;
        }
    }
    sheet.set_row_height(top, 18)?;
    sheet.set_freeze_panes(sub + 1, 2)?;
    sheet.set_repeat_rows(top, sub)?;
    context.page_setup(&mut sheet);
    Ok(sheet)
}
