//! One sheet per KPI group, laid out like the chamber's own tables: a block
//! per KPI with a row per unit and a column per month, then the 合計, 累計
//! and 進捗 rows as live formulas that carry their computed values.

use std::collections::HashMap;

use rayon::prelude::*;
use rust_xlsxwriter::{Format, Formula, Note, Workbook, Worksheet, XlsxError};

use super::cells::{cell, result_text, write_optional, ActualCell, Shown};
use super::{sheet_name, style, Context};
use crate::config::KpiKind;
use crate::consolidate::KpiReport;
use crate::findings::{column_name, format_count, format_number, Severity};

const LABEL_COL: u16 = 0;
/// The column of April (the fiscal year's first month) on every block's rows.
pub const FIRST_MONTH_COL: u16 = 1;
const TOTAL_COL: u16 = FIRST_MONTH_COL + 12;
const TARGET_COL: u16 = TOTAL_COL + 1;
const RATE_COL: u16 = TARGET_COL + 1;

/// Every format the KPI sheets use, built once. With many units the sheets
/// are filled in parallel and share the workbook's format table; registering
/// this whole set first, in this order, keeps the file's bytes the same
/// whichever thread gets where first.
pub struct BlockFormats {
    title: Format,
    subtitle: Format,
    block_title: Format,
    header: Format,
    label: Format,
    number: Format,
    percent: Format,
    rate: Format,
    amount: Format,
    /// By severity (error, warning, info): flagged inputs and their rows.
    marked_label: [Format; 3],
    marked_number: [Format; 3],
    marked_percent: [Format; 3],
    marked_amount: [Format; 3],
    sub_label: Format,
    sub_number: Format,
    sub_percent: Format,
    sub_rate: Format,
    sub_amount: Format,
}

impl Default for BlockFormats {
    fn default() -> Self {
        Self::new()
    }
}

impl BlockFormats {
    pub fn new() -> Self {
        let by_severity = |format: fn() -> Format| {
            [Severity::Error, Severity::Warning, Severity::Info].map(|s| style::severity(format(), s))
        };
        BlockFormats {
            title: style::title(),
            subtitle: style::subtitle(),
            block_title: style::block_title(),
            header: style::header(),
            label: style::label(),
            number: Shown::Count.format(),
            percent: Shown::Percent.format(),
            rate: style::rate(),
            amount: Shown::Amount.format(),
            marked_label: by_severity(style::label),
            marked_number: by_severity(style::number),
            marked_percent: by_severity(style::percent),
            marked_amount: by_severity(style::amount),
            sub_label: style::subtotal(style::label()),
            sub_number: style::subtotal(style::number()),
            sub_percent: style::subtotal(style::percent()),
            sub_rate: style::subtotal(style::rate()),
            sub_amount: style::subtotal(style::amount()),
        }
    }

    fn all(&self) -> impl Iterator<Item = &Format> {
        let singles = [
            &self.title,
            &self.subtitle,
            &self.block_title,
            &self.header,
            &self.label,
            &self.number,
            &self.percent,
            &self.rate,
            &self.sub_label,
            &self.sub_number,
            &self.sub_percent,
            &self.sub_rate,
            &self.amount,
            &self.sub_amount,
        ];
        singles
            .into_iter()
            .chain(&self.marked_label)
            .chain(&self.marked_number)
            .chain(&self.marked_percent)
            .chain(&self.marked_amount)
    }

    /// The value format of a KPI's figures.
    fn value(&self, shown: Shown) -> &Format {
        match shown {
            Shown::Count => &self.number,
            Shown::Percent => &self.percent,
            Shown::Amount => &self.amount,
        }
    }

    fn sub_value(&self, shown: Shown) -> &Format {
        match shown {
            Shown::Count => &self.sub_number,
            Shown::Percent => &self.sub_percent,
            Shown::Amount => &self.sub_amount,
        }
    }

    fn marked_value(&self, shown: Shown, severity: Severity) -> &Format {
        let set = match shown {
            Shown::Count => &self.marked_number,
            Shown::Percent => &self.marked_percent,
            Shown::Amount => &self.marked_amount,
        };
        &set[severity as usize]
    }
}

/// `workbook` is asked for the sheets when the organisation is large: they
/// are then written in constant memory, row by row (as this module does).
/// The sheets are independent, so they are filled in parallel.
pub fn write(
    context: &Context,
    workbook: &mut Workbook,
) -> Result<(Vec<Worksheet>, HashMap<usize, ActualCell>), XlsxError> {
    let config = context.config;
    let formats = BlockFormats::new();
    if !context.draw_empty_cells {
        // Constant-memory sheets share the workbook's format table: fill it
        // in a fixed order before the threads start (see BlockFormats).
        let mut scratch = workbook.new_worksheet_with_constant_memory()?;
        for (index, format) in formats.all().enumerate() {
            scratch.write_blank(0, index as u16, format)?;
        }
    }
    let mut sheets: Vec<(Worksheet, Vec<usize>)> = Vec::new();
    for group in 0..config.groups.len() {
        let kpis: Vec<usize> = config.group_kpis(group).collect();
        if kpis.is_empty() {
            continue;
        }
        let mut names = context.reserved_names();
        names.extend(sheets.iter().map(|(s, _)| s.name()));
        let name = sheet_name(config.group_label(group, context.lang), &names);
        let mut sheet =
            if context.draw_empty_cells { Worksheet::new() } else { workbook.new_worksheet_with_constant_memory()? };
        sheet.set_name(&name)?;
        let title = format!("{} {}", config.organisation_name(context.lang), config.group_label(group, context.lang));
        sheet.write_string_with_format(0, 0, &title, &formats.title)?;
        sheet.write_string_with_format(1, 0, context.as_of_line(), &formats.subtitle)?;
        // The live pace, from the 基準日 on 総括: this sheet's colours follow it.
        sheet.write_string_with_format(1, TARGET_COL, context.texts.expected_pace, &formats.header)?;
        let pace = format!("={}!{}", super::quote_sheet(context.texts.summary_sheet), super::cells::pace_cell());
        write_formula(&mut sheet, 1, RATE_COL, &pace, context.report.expected_pace, &formats.rate)?;
        // Rows are written in order: a large organisation's sheet streams them.
        if !context.draw_empty_cells {
            sheet.write_string_with_format(2, 0, context.texts.folded_note, &formats.subtitle)?;
        }
        sheets.push((sheet, kpis));
    }
    let filled: Vec<Result<Vec<(usize, ActualCell)>, XlsxError>> =
        sheets.par_iter_mut().map(|(sheet, kpis)| fill_sheet(sheet, context, &formats, kpis)).collect();
    let mut actual_cells = HashMap::new();
    for cells in filled {
        actual_cells.extend(cells?);
    }
    Ok((sheets.into_iter().map(|(sheet, _)| sheet).collect(), actual_cells))
}

/// The KPI blocks of one group sheet, then its widths and page setup.
fn fill_sheet(
    sheet: &mut Worksheet,
    context: &Context,
    formats: &BlockFormats,
    kpis: &[usize],
) -> Result<Vec<(usize, ActualCell)>, XlsxError> {
    let name = sheet.name();
    let mut actual_cells = Vec::new();
    let mut row = 3;
    // Each block's first row and the rows it prints (unit rows of a large
    // organisation are folded away), to break pages between blocks.
    let mut blocks: Vec<(u32, u32)> = Vec::new();
    for &kpi in kpis {
        let start = row;
        let actual = write_block(sheet, context, formats, kpi, &mut row)?;
        actual_cells.push((kpi, ActualCell { sheet: name.clone(), row: actual.0, col: actual.1 }));
        let folded = if context.draw_empty_cells { 0 } else { context.report.kpis[kpi].units.len() as u32 };
        blocks.push((start, row - start - folded));
        row += 1;
    }
    sheet.set_page_breaks(&page_breaks(&blocks))?;
    sheet.set_repeat_rows(0, 1)?;
    // The tables print; the charts beside them are for the screen.
    sheet.set_print_area(0, 0, row.saturating_sub(1).max(1), RATE_COL)?;
    sheet.set_column_width(LABEL_COL, 14)?;
    for col in FIRST_MONTH_COL..TOTAL_COL {
        sheet.set_column_width(col, 7.5)?;
    }
    sheet.set_column_width(TOTAL_COL, 9)?;
    sheet.set_column_width(TARGET_COL, 9)?;
    sheet.set_column_width(RATE_COL, 8)?;
    sheet.set_freeze_panes(3, 1)?;
    context.page_setup(sheet);
    Ok(actual_cells)
}

/// Writes one KPI block from `row` on; returns the cell of its actual.
fn write_block(
    sheet: &mut Worksheet,
    context: &Context,
    f: &BlockFormats,
    kpi: usize,
    row: &mut u32,
) -> Result<(u32, u16), XlsxError> {
    let block = Block { context, f, kpi };
    write_block_headings(sheet, &block, row)?;
    let first_unit_row = *row;
    write_unit_rows(sheet, &block, row)?;
    let last_unit_row = row.saturating_sub(1).max(first_unit_row);
    let total_row = *row;
    write_total_row(sheet, &block, (first_unit_row, last_unit_row), total_row)?;
    *row += 1;
    let entry = &context.config.kpis[kpi];
    if !matches!(entry.kind, KpiKind::Flow | KpiKind::Sum | KpiKind::Difference | KpiKind::Balance) {
        return Ok((total_row, TOTAL_COL));
    }
    let cumulative_row = *row;
    write_cumulative_row(sheet, &block, total_row, cumulative_row)?;
    *row += 1;
    if let Some(plan) = &context.report.kpis[kpi].plan {
        // A balance's target is on its cumulative row; the others' on the total's.
        let target_row = if entry.kind == KpiKind::Balance { cumulative_row } else { total_row };
        let target_cell = format!("${}${}", column_name(u32::from(TARGET_COL)), target_row + 1);
        write_progress_row(sheet, &block, cumulative_row, &target_cell, row)?;
        let plan_row = *row;
        write_plan_row(sheet, &block, plan, &target_cell, row)?;
        let previous_row = write_previous_row(sheet, &block, row)?;
        let lines = [Some(cumulative_row), Some(plan_row), previous_row];
        insert_progress_chart(sheet, context, kpi, &lines, first_unit_row - 2, *row)?;
    }
    // A balance's count to date is its cumulative row's total.
    Ok(if entry.kind == KpiKind::Balance { (cumulative_row, TOTAL_COL) } else { (total_row, TOTAL_COL) })
}

/// One KPI's block being written: what every row of it needs.
#[derive(Clone, Copy)]
struct Block<'a> {
    context: &'a Context<'a>,
    f: &'a BlockFormats,
    kpi: usize,
}

/// The block's title (label, counter, target) and its column headings.
fn write_block_headings(sheet: &mut Worksheet, block: &Block, row: &mut u32) -> Result<(), XlsxError> {
    let Block { context, f, kpi } = *block;
    let (config, texts) = (context.config, context.texts);
    let entry = &config.kpis[kpi];
    let mut heading = config.kpi_label(kpi, context.lang).to_string();
    let counter = config.counter(kpi);
    if !counter.is_empty() {
        heading.push_str(&format!("（{counter}）"));
    }
    if let Some(target) = context.report.kpis[kpi].target {
        let target =
            if entry.kind == KpiKind::Ratio { format!("{:.0}%", target * 100.0) } else { format_count(target) };
        heading.push_str(&format!("　{}: {target}", texts.target));
    }
    sheet.write_string_with_format(*row, LABEL_COL, &heading, &f.block_title)?;
    if entry.kind == KpiKind::Stock {
        sheet.write_string_with_format(*row, FIRST_MONTH_COL + 6, texts.stock_note, &f.subtitle)?;
    }
    *row += 1;
    let header = &f.header;
    sheet.write_string_with_format(*row, LABEL_COL, texts.unit, header)?;
    for month in 0..12 {
        let name = crate::i18n::month_name(context.lang, config.calendar_month(month));
        sheet.write_string_with_format(*row, FIRST_MONTH_COL + month as u16, &name, header)?;
    }
    let total_heading = match entry.kind {
        KpiKind::Stock | KpiKind::Ratio => texts.actual,
        _ => texts.total,
    };
    sheet.write_string_with_format(*row, TOTAL_COL, total_heading, header)?;
    sheet.write_string_with_format(*row, TARGET_COL, texts.target, header)?;
    sheet.write_string_with_format(*row, RATE_COL, texts.achievement, header)?;
    *row += 1;
    Ok(())
}

/// A note on a cell a finding marks.
fn finding_note(message: &str) -> Note {
    Note::new(message).set_author("matome").set_width(320).set_height(120)
}

/// A row a unit: its months, total (live), target and progress, each cell
/// a finding marks coloured and noted.
fn write_unit_rows(sheet: &mut Worksheet, block: &Block, row: &mut u32) -> Result<(), XlsxError> {
    let Block { context, f, kpi } = *block;
    let config = context.config;
    let entry = &config.kpis[kpi];
    let result = &context.report.kpis[kpi];
    let shown = Shown::of(config, kpi);
    let value_format = f.value(shown);
    if !context.draw_empty_cells && !result.units.is_empty() {
        // A large organisation prints its totals; the unit rows stay in the
        // workbook, folded (the + in the margin opens them).
        sheet.group_rows_collapsed(*row, *row + result.units.len() as u32 - 1)?;
    }
    // Precomputed once a block: rust_xlsxwriter hashes the format of every
    // cell written, so the fewer distinct Format values built, the better.
    let plain_counts = !context.draw_empty_cells && shown == Shown::Count;
    for line in &result.units {
        let unit = config.unit_index(&line.unit).expect("report units come from the configuration");
        // A finding about the whole row (a typed total, a missing row) marks its label.
        let row_mark = context.marks.get(&(unit, kpi, 0));
        let label = match row_mark {
            Some((severity, _)) => &f.marked_label[*severity as usize],
            None => &f.label,
        };
        sheet.write_string_with_format(*row, LABEL_COL, config.unit_name(unit, context.lang), label)?;
        if let Some((_, message)) = row_mark {
            sheet.insert_note(*row, LABEL_COL, &finding_note(message))?;
        }
        for (month, value) in line.months.iter().enumerate() {
            let col = FIRST_MONTH_COL + month as u16;
            let mark = context.marks.get(&(unit, kpi, config.calendar_month(month)));
            let format = match mark {
                Some((severity, _)) => f.marked_value(shown, *severity),
                None => value_format,
            };
            match value {
                // Thousands of plain counts: General shows them the same, and
                // an unformatted cell skips hashing its format.
                Some(value) if plain_counts && mark.is_none() => sheet.write_number(*row, col, *value)?,
                Some(value) => sheet.write_number_with_format(*row, col, *value, format)?,
                None if mark.is_some() || context.draw_empty_cells => sheet.write_blank(*row, col, format)?,
                None => sheet,
            };
            if let Some((_, message)) = mark {
                sheet.insert_note(*row, col, &finding_note(message))?;
            }
        }
        match entry.kind {
            KpiKind::Stock | KpiKind::Ratio => write_optional(sheet, *row, TOTAL_COL, line.actual, value_format)?,
            _ => {
                let formula = format!("=SUM({})", month_range(*row));
                write_formula(sheet, *row, TOTAL_COL, &formula, line.actual.unwrap_or(0.0), value_format)?;
            }
        }
        if line.target.is_some() || context.draw_empty_cells {
            write_optional(sheet, *row, TARGET_COL, line.target, value_format)?;
            write_rate(sheet, *row, line.progress, line.target.is_some(), f)?;
        }
        *row += 1;
    }
    Ok(())
}

/// The 合計 row: live sums of the unit rows (`units`, first and last) for
/// months that have begun, the total, target and progress against pace.
fn write_total_row(
    sheet: &mut Worksheet,
    block: &Block,
    (first_unit_row, last_unit_row): (u32, u32),
    total_row: u32,
) -> Result<(), XlsxError> {
    let Block { context, f, kpi } = *block;
    let entry = &context.config.kpis[kpi];
    let result = &context.report.kpis[kpi];
    let sub_value = f.sub_value(Shown::of(context.config, kpi));
    sheet.write_string_with_format(total_row, LABEL_COL, context.texts.total, &f.sub_label)?;
    for month in 0..12 {
        let col = FIRST_MONTH_COL + month as u16;
        let value = result.months[month];
        let column = column_name(u32::from(col));
        // Ratios do not add up, and months to come stay blank.
        match value {
            Some(value) if entry.kind != KpiKind::Ratio && month < context.report.months_elapsed => {
                let formula = format!("=SUM({column}{}:{column}{})", first_unit_row + 1, last_unit_row + 1);
                write_formula(sheet, total_row, col, &formula, value, sub_value)?;
            }
            _ => write_optional(sheet, total_row, col, value, sub_value)?,
        }
    }
    match entry.kind {
        KpiKind::Stock | KpiKind::Ratio => {
            write_optional(sheet, total_row, TOTAL_COL, result.actual, sub_value)?;
        }
        _ => {
            let formula = format!("=SUM({})", month_range(total_row));
            let flow_total = result.actual.map(|a| a - entry.opening.unwrap_or(0.0)).unwrap_or(0.0);
            write_formula(sheet, total_row, TOTAL_COL, &formula, flow_total, sub_value)?;
        }
    }
    if entry.kind != KpiKind::Balance {
        write_optional(sheet, total_row, TARGET_COL, result.target, sub_value)?;
        write_total_rate(sheet, total_row, result, result.target.is_some(), f)?;
        colour_against_pace(sheet, context, (first_unit_row, RATE_COL), (total_row, RATE_COL), &local_pace())?;
    } else {
        sheet.write_blank(total_row, TARGET_COL, &f.sub_number)?;
        sheet.write_blank(total_row, RATE_COL, &f.sub_percent)?;
    }
    Ok(())
}

/// The 累計 row, each month the last plus the month's total (a balance's
/// from its opening, with its count to date, target and progress).
fn write_cumulative_row(
    sheet: &mut Worksheet,
    block: &Block,
    total_row: u32,
    cumulative_row: u32,
) -> Result<(), XlsxError> {
    let Block { context, f, kpi } = *block;
    let entry = &context.config.kpis[kpi];
    let result = &context.report.kpis[kpi];
    let opening = entry.opening.unwrap_or(0.0);
    let balance = entry.kind == KpiKind::Balance;
    let label = if balance { context.config.kpi_label(kpi, context.lang) } else { context.texts.cumulative };
    sheet.write_string_with_format(cumulative_row, LABEL_COL, label, &f.sub_label)?;
    for month in 0..12 {
        let col = FIRST_MONTH_COL + month as u16;
        let Some(value) = result.cumulative[month] else {
            sheet.write_blank(cumulative_row, col, &f.sub_number)?;
            continue;
        };
        let this_total = format!("{}{}", column_name(u32::from(col)), total_row + 1);
        let formula = match month {
            0 if opening != 0.0 => format!("={}+{this_total}", format_number(opening)),
            0 => format!("={this_total}"),
            _ => format!("={}{}+{this_total}", column_name(u32::from(col) - 1), cumulative_row + 1),
        };
        write_formula(sheet, cumulative_row, col, &formula, value, &f.sub_number)?;
    }
    if !balance {
        sheet.write_blank(cumulative_row, TOTAL_COL, &f.sub_number)?;
        sheet.write_blank(cumulative_row, TARGET_COL, &f.sub_number)?;
        sheet.write_blank(cumulative_row, RATE_COL, &f.sub_percent)?;
        return Ok(());
    }
    // The members' count to date is the last cumulative cell.
    let last = FIRST_MONTH_COL + context.report.months_elapsed.saturating_sub(1) as u16;
    let formula = format!("={}{}", column_name(u32::from(last)), cumulative_row + 1);
    write_formula(sheet, cumulative_row, TOTAL_COL, &formula, result.actual.unwrap_or(opening), &f.sub_number)?;
    write_optional(sheet, cumulative_row, TARGET_COL, result.target, &f.sub_number)?;
    let rate_formula =
        format!("=IF({t}=0,\"\",{a}/{t})", a = cell(cumulative_row, TOTAL_COL), t = cell(cumulative_row, TARGET_COL));
    write_formula(sheet, cumulative_row, RATE_COL, &rate_formula, result.progress.unwrap_or(0.0), &f.sub_rate)?;
    Ok(())
}

/// The 進捗 row: the cumulative row over the target, each month coloured
/// against the pace at its end.
fn write_progress_row(
    sheet: &mut Worksheet,
    block: &Block,
    cumulative_row: u32,
    target_cell: &str,
    row: &mut u32,
) -> Result<(), XlsxError> {
    let Block { context, f, kpi } = *block;
    let (config, entry, result) = (context.config, &context.config.kpis[kpi], &context.report.kpis[kpi]);
    let progress_row = *row;
    sheet.write_string_with_format(progress_row, LABEL_COL, context.texts.progress_row, &f.sub_label)?;
    let target = result.target.unwrap_or(0.0);
    for month in 0..12 {
        let col = FIRST_MONTH_COL + month as u16;
        match result.cumulative[month] {
            Some(value) if target != 0.0 => {
                let formula = format!("={}/{target_cell}", cell(cumulative_row, col));
                write_formula(sheet, progress_row, col, &formula, value / target, &f.sub_percent)?;
                if entry.kind != KpiKind::Balance {
                    // Against the pace at the month's end (or today's, for the month under way).
                    let (days, year) = crate::calendar::elapsed_days(config, crate::calendar::month_end(config, month));
                    let expected = format!("MIN({days}/{year},{})", local_pace());
                    colour_against_pace(sheet, context, (progress_row, col), (progress_row, col), &expected)?;
                }
            }
            _ => sheet.write_blank(progress_row, col, &f.sub_percent).map(|_| ())?,
        }
    }
    blank_totals(sheet, progress_row, &f.sub_percent)?;
    *row += 1;
    Ok(())
}

/// A running row's total, target and progress cells, left blank.
fn blank_totals(sheet: &mut Worksheet, row: u32, format: &Format) -> Result<(), XlsxError> {
    for col in [TOTAL_COL, TARGET_COL, RATE_COL] {
        sheet.write_blank(row, col, format)?;
    }
    Ok(())
}

/// The plan (`KpiReport::plan`), live: the target cell times the share of
/// the year's days gone at each month's end, as the plan is worked out.
fn write_plan_row(
    sheet: &mut Worksheet,
    block: &Block,
    plan: &[f64],
    target_cell: &str,
    row: &mut u32,
) -> Result<(), XlsxError> {
    let Block { context, f, kpi } = *block;
    let (config, entry) = (context.config, &context.config.kpis[kpi]);
    let plan_row = *row;
    sheet.write_string_with_format(plan_row, LABEL_COL, context.texts.plan_row, &f.sub_label)?;
    for (month, &value) in plan.iter().enumerate() {
        let col = FIRST_MONTH_COL + month as u16;
        let (days, year) = crate::calendar::elapsed_days(config, crate::calendar::month_end(config, month));
        let formula = match entry.opening.filter(|_| entry.kind == KpiKind::Balance) {
            Some(opening) => format!("={o}+({target_cell}-{o})*{days}/{year}", o = format_number(opening)),
            None => format!("={target_cell}*{days}/{year}"),
        };
        write_formula(sheet, plan_row, col, &formula, value, &f.sub_number)?;
    }
    blank_totals(sheet, plan_row, &f.sub_number)?;
    *row += 1;
    Ok(())
}

/// Last year's running total, when its months are known: the chart's
/// third line. Its row, if written.
fn write_previous_row(sheet: &mut Worksheet, block: &Block, row: &mut u32) -> Result<Option<u32>, XlsxError> {
    let Block { context, f, kpi } = *block;
    let Some(previous) = &context.report.kpis[kpi].previous_cumulative else { return Ok(None) };
    let previous_row = *row;
    sheet.write_string_with_format(previous_row, LABEL_COL, context.texts.previous_cumulative, &f.sub_label)?;
    for (month, value) in previous.iter().enumerate() {
        write_optional(sheet, previous_row, FIRST_MONTH_COL + month as u16, *value, &f.sub_number)?;
    }
    blank_totals(sheet, previous_row, &f.sub_number)?;
    *row += 1;
    Ok(Some(previous_row))
}

/// Beside a block: the cumulative actual by month against the plan line
/// (and last year's, when known), drawn from the block's own rows, so it
/// follows edits.
fn insert_progress_chart(
    sheet: &mut Worksheet,
    context: &Context,
    kpi: usize,
    lines: &[Option<u32>],
    block_start: u32,
    block_end: u32,
) -> Result<(), XlsxError> {
    use rust_xlsxwriter::{Chart, ChartType};
    let name = sheet.name();
    let (first, last) = (FIRST_MONTH_COL, TOTAL_COL - 1);
    let mut chart = Chart::new(ChartType::Line);
    // The actual with markers, the plan dashed, last year plain.
    for (index, row) in lines.iter().enumerate() {
        let Some(row) = *row else { continue };
        let marker = index == 0;
        let series = chart
            .add_series()
            .set_name((name.as_str(), row, LABEL_COL))
            .set_categories((name.as_str(), block_start + 1, first, block_start + 1, last))
            .set_values((name.as_str(), row, first, row, last));
        if marker {
            series.set_marker(rust_xlsxwriter::ChartMarker::new().set_automatic());
        } else {
            series
                .set_format(rust_xlsxwriter::ChartLine::new().set_dash_type(rust_xlsxwriter::ChartLineDashType::Dash));
        }
    }
    chart.title().set_name(context.config.kpi_label(kpi, context.lang));
    chart.legend().set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    let height = ((block_end - block_start) * 20).max(200);
    chart.set_width(420).set_height(height);
    sheet.insert_chart_with_offset(block_start, RATE_COL + 2, &chart, 5, 0)?;
    Ok(())
}

/// Rows a printed A4 landscape page holds below the repeated title rows,
/// at the widths these sheets have (they fit the page width unscaled).
const ROWS_PER_PAGE: u32 = 36;

/// Page breaks between blocks, never inside one: a block that would not
/// fit on the page begun starts the next (one longer than a page still
/// starts on its own).
fn page_breaks(blocks: &[(u32, u32)]) -> Vec<u32> {
    let mut breaks = Vec::new();
    let mut used = 0;
    for (index, &(start, rows)) in blocks.iter().enumerate() {
        let needed = rows + 1;
        if index > 0 && used + needed > ROWS_PER_PAGE {
            breaks.push(start);
            used = 0;
        }
        used += needed;
    }
    breaks
}

/// The pace cell each group sheet holds (beside the 基準日 line), taken from 総括.
fn local_pace() -> String {
    format!("${}$2", column_name(u32::from(RATE_COL)))
}

/// Colour progress cells by where they stand against `pace` (a cell or an
/// expression): green at or above the `ahead` share, yellow above `behind`,
/// red below — conditional formats, so the colours follow any edit.
fn colour_against_pace(
    sheet: &mut Worksheet,
    context: &Context,
    (first_row, first_col): (u32, u16),
    (last_row, last_col): (u32, u16),
    pace: &str,
) -> Result<(), XlsxError> {
    let top_left = cell(first_row, first_col);
    for rule in style::standing_rules(&top_left, &top_left, pace, &context.config.thresholds) {
        sheet.add_conditional_format(first_row, first_col, last_row, last_col, &rule)?;
    }
    Ok(())
}

fn month_range(row: u32) -> String {
    // The columns' names, once: a range is written for every unit row.
    static COLUMNS: std::sync::LazyLock<(String, String)> =
        std::sync::LazyLock::new(|| (column_name(u32::from(FIRST_MONTH_COL)), column_name(u32::from(TOTAL_COL - 1))));
    let (first, last) = &*COLUMNS;
    let row = row + 1;
    format!("{first}{row}:{last}{row}")
}

fn write_formula(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    formula: &str,
    value: f64,
    format: &Format,
) -> Result<(), XlsxError> {
    let formula = Formula::new(formula).set_result(result_text(value));
    sheet.write_formula_with_format(row, col, formula, format)?;
    Ok(())
}

fn write_rate(
    sheet: &mut Worksheet,
    row: u32,
    progress: Option<f64>,
    has_target: bool,
    f: &BlockFormats,
) -> Result<(), XlsxError> {
    if has_target {
        let formula = format!("=IF({t}=0,\"\",{a}/{t})", a = cell(row, TOTAL_COL), t = cell(row, TARGET_COL));
        write_formula(sheet, row, RATE_COL, &formula, progress.unwrap_or(0.0), &f.rate)
    } else {
        sheet.write_blank(row, RATE_COL, &f.rate)?;
        Ok(())
    }
}

fn write_total_rate(
    sheet: &mut Worksheet,
    row: u32,
    result: &KpiReport,
    has_target: bool,
    f: &BlockFormats,
) -> Result<(), XlsxError> {
    let format = &f.sub_rate;
    if has_target {
        let formula = format!("=IF({t}=0,\"\",{a}/{t})", a = cell(row, TOTAL_COL), t = cell(row, TARGET_COL));
        write_formula(sheet, row, RATE_COL, &formula, result.progress.unwrap_or(0.0), format)
    } else {
        sheet.write_blank(row, RATE_COL, format)?;
        Ok(())
    }
}

/// The severity and message of the worst finding on each input cell,
/// keyed by (unit index, KPI index, calendar month); month 0 is the whole
/// row. Indices, not ids: every input cell of every unit is looked up.
pub type Marks = HashMap<(usize, usize, u32), (Severity, String)>;
