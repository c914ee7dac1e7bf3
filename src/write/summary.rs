//! 総括: one row per KPI with a target — target, actual, progress, the
//! expected pace, the difference and a colour for where it stands — and
//! each unit's target, actual and 達成率 beside it.

use std::collections::HashMap;

use rust_xlsxwriter::{ConditionalFormatDataBar, Formula, Worksheet, XlsxError};

use super::cells::{
    cell, pace_cell, result_text, write_optional, ActualCell, Shown, DATE_COL, PACE_COL, PARAMETER_ROW,
};
use super::{quote_sheet, style, Context};
use crate::config::{Config, KpiKind};
use crate::consolidate::Standing;
use crate::findings::format_number;
use crate::i18n;

/// Beyond this many units the per-unit columns would not fit a page; they
/// are left to the KPI sheets.
pub const MAX_UNIT_COLUMNS: usize = 12;

const FIXED_COLUMNS: u16 = 9;
/// 前年度実績, 前年同期 and 前年同期比, when last year's figures are known.
const LAST_YEAR_COLUMNS: u16 = 3;
/// The two heading rows (5 and 6 as Excel numbers them), and the first KPI row under them.
const HEADING_ROWS: (u32, u32) = (4, 5);
const FIRST_KPI_ROW: u32 = HEADING_ROWS.1 + 1;

/// Which columns 総括 has beyond the fixed ones.
#[derive(Clone, Copy)]
struct Columns {
    /// 前年度実績, 前年同期, 前年同期比 (when last year's figures are known).
    last_year: bool,
    /// Target, actual and progress of each unit, when there are few enough.
    units: bool,
    first_unit_col: u16,
}

pub fn write(context: &Context, actual_cells: &HashMap<usize, ActualCell>) -> Result<Worksheet, XlsxError> {
    let (config, lang) = (context.config, context.lang);
    let title = format!(
        "{} {} {}",
        config.organisation_name(lang),
        crate::i18n::fiscal_year_name(lang, context.report.fiscal_year),
        config.report_title(lang)
    );
    let mut sheet = context.titled_sheet(context.texts.summary_sheet, &title)?;
    sheet.write_string_with_format(2, 0, context.texts.legend, &style::subtitle())?;
    write_pace(&mut sheet, context)?;
    let last_year = context.report.kpis.iter().any(|k| k.previous.is_some() || k.previous_to_date.is_some());
    let columns = Columns {
        last_year,
        units: config.units.len() <= MAX_UNIT_COLUMNS,
        first_unit_col: if last_year { FIXED_COLUMNS + LAST_YEAR_COLUMNS } else { FIXED_COLUMNS },
    };
    write_headings(&mut sheet, context, columns)?;
    let mut row = FIRST_KPI_ROW;
    for index in (0..context.report.kpis.len()).filter(|&i| context.report.kpis[i].target.is_some()) {
        write_kpi_row(&mut sheet, context, index, row, actual_cells.get(&index), columns)?;
        row += 1;
    }
    if columns.units && row > FIRST_KPI_ROW {
        // Each unit's 達成率 as a bar: who is ahead reads at a glance.
        let bars = ConditionalFormatDataBar::new().set_fill_color(style::BAR_COLOR).set_solid_fill(true);
        for unit in 0..config.units.len() {
            let col = columns.first_unit_col + 3 * unit as u16 + 2;
            sheet.add_conditional_format(FIRST_KPI_ROW, col, row - 1, col, &bars)?;
        }
    }
    lay_out(&mut sheet, context, columns)?;
    Ok(sheet)
}

/// The two heading rows: the fixed columns', last year's and each unit's.
fn write_headings(sheet: &mut Worksheet, context: &Context, columns: Columns) -> Result<(), XlsxError> {
    let (config, texts) = (context.config, context.texts);
    let header = style::header();
    let (top, sub) = HEADING_ROWS;
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
    if columns.last_year {
        let headings = [texts.previous, texts.previous_to_date, texts.previous_ratio];
        for (offset, heading) in headings.iter().enumerate() {
            let col = FIXED_COLUMNS + offset as u16;
            sheet.merge_range(top, col, sub, col, heading, &header)?;
        }
    }
    if columns.units {
        for unit in 0..config.units.len() {
            let col = columns.first_unit_col + 3 * unit as u16;
            sheet.merge_range(top, col, top, col + 2, config.unit_name(unit, context.lang), &header)?;
            for (offset, heading) in [texts.target, texts.actual, texts.achievement].iter().enumerate() {
                sheet.write_string_with_format(sub, col + offset as u16, *heading, &header)?;
            }
        }
    }
    Ok(())
}

/// A formula with its cached value, in `format`.
fn write_live(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    formula: String,
    value: f64,
    format: &rust_xlsxwriter::Format,
) -> Result<(), XlsxError> {
    sheet.write_formula_with_format(row, col, Formula::new(formula).set_result(result_text(value)), format)?;
    Ok(())
}

/// One KPI with a target: its figures, live where they can be (the actual
/// from its KPI sheet at `actual_cell`), its standing, last year's and each
/// unit's.
fn write_kpi_row(
    sheet: &mut Worksheet,
    context: &Context,
    index: usize,
    row: u32,
    actual_cell: Option<&ActualCell>,
    columns: Columns,
) -> Result<(), XlsxError> {
    let (config, lang) = (context.config, context.lang);
    let (kpi, entry) = (&context.report.kpis[index], &config.kpis[index]);
    let value_format = Shown::of(config, index).format();
    let group = config.groups.iter().position(|g| g.id == entry.group).map(|g| config.group_label(g, lang));
    sheet.write_string_with_format(row, 0, group.unwrap_or(""), &style::text())?;
    sheet.write_string_with_format(row, 1, config.kpi_label(index, lang), &style::text())?;
    sheet.write_string_with_format(row, 2, config.counter(index), &style::label())?;
    sheet.write_number_with_format(row, 3, kpi.target.unwrap_or(0.0), &value_format)?;
    let actual = kpi.actual.unwrap_or(0.0);
    match actual_cell {
        Some(at) => {
            let formula = format!("={}!{}", quote_sheet(&at.sheet), cell(at.row, at.col));
            write_live(sheet, (row, 4), formula, actual, &value_format)?;
        }
        None => {
            sheet.write_number_with_format(row, 4, actual, &value_format)?;
        }
    }
    let progress_formula = format!("=IF({t}=0,\"\",{a}/{t})", a = cell(row, 4), t = cell(row, 3));
    let progress = kpi.progress.unwrap_or(0.0);
    write_live(sheet, (row, 5), progress_formula, progress, &style::rate())?;
    let expected = kpi.expected_progress.unwrap_or(context.report.expected_pace);
    let pace = pace_cell();
    let expected_formula = match (entry.kind, entry.opening) {
        (KpiKind::Balance, Some(opening)) => {
            format!("=({o}+{pace}*({t}-{o}))/{t}", o = format_number(opening), t = cell(row, 3))
        }
        _ => format!("={pace}"),
    };
    write_live(sheet, (row, 6), expected_formula, expected, &style::rate())?;
    let difference = format!("={}-{}", cell(row, 5), cell(row, 6));
    write_live(sheet, (row, 7), difference, progress - expected, &style::signed_percent())?;
    write_standing(sheet, context, index, row)?;
    if columns.last_year {
        write_optional(sheet, row, FIXED_COLUMNS, kpi.previous, &value_format)?;
        write_optional(sheet, row, FIXED_COLUMNS + 1, kpi.previous_to_date, &value_format)?;
        match kpi.previous_ratio {
            Some(ratio) => {
                let formula = format!("={}/{}", cell(row, 4), cell(row, FIXED_COLUMNS + 1));
                write_live(sheet, (row, FIXED_COLUMNS + 2), formula, ratio, &style::rate())?;
            }
            None => {
                sheet.write_blank(row, FIXED_COLUMNS + 2, &style::rate())?;
            }
        };
    }
    if columns.units {
        for unit in 0..config.units.len() {
            let col = columns.first_unit_col + 3 * unit as u16;
            // A balance (members) is the organisation's alone: no unit has one.
            let line =
                kpi.units.iter().find(|l| l.unit == config.units[unit].id).filter(|_| entry.kind != KpiKind::Balance);
            write_optional(sheet, row, col, line.and_then(|l| l.target), &value_format)?;
            write_optional(sheet, row, col + 1, line.and_then(|l| l.actual), &value_format)?;
            write_optional(sheet, row, col + 2, line.and_then(|l| l.progress), &style::rate())?;
        }
    }
    Ok(())
}

/// The standing's words, worked out live from the progress and the pace,
/// and the row coloured by it.
fn write_standing(sheet: &mut Worksheet, context: &Context, index: usize, row: u32) -> Result<(), XlsxError> {
    let (config, lang) = (context.config, context.lang);
    let entry = &config.kpis[index];
    let pace = pace_cell();
    let score = standing_score(entry.kind, entry.opening, row);
    let standing_words = [Standing::OnPace, Standing::SlightlyBehind, Standing::FarBehind]
        .map(|s| i18n::standing_name(lang, s).replace('"', "\"\""));
    let standing_formula = format!(
        "=IF(ISNUMBER({p}),IF({score}>={ahead}*{pace},\"{}\",IF({score}>={behind}*{pace},\"{}\",\"{}\")),\"\")",
        standing_words[0],
        standing_words[1],
        standing_words[2],
        p = cell(row, 5),
        ahead = format_number(config.thresholds.ahead),
        behind = format_number(config.thresholds.behind),
    );
    let standing_text = context.report.kpis[index].standing.map_or("", |s| i18n::standing_name(lang, s));
    sheet.write_formula_with_format(
        row,
        8,
        Formula::new(standing_formula).set_result(standing_text),
        &style::label(),
    )?;
    colour_by_standing(sheet, config, row, &score)
}

/// Column widths, frozen headings and the page: 総括 prints on one page.
fn lay_out(sheet: &mut Worksheet, context: &Context, columns: Columns) -> Result<(), XlsxError> {
    let (top, sub) = HEADING_ROWS;
    sheet.set_column_width(0, 16)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 5)?;
    for col in 3..columns.first_unit_col {
        sheet.set_column_width(col, 9)?;
    }
    sheet.set_column_width(8, 10)?;
    if columns.units {
        for col in columns.first_unit_col..columns.first_unit_col + 3 * context.config.units.len() as u16 {
            sheet.set_column_width(col, 7.5)?;
        }
    }
    sheet.set_row_height(top, 18)?;
    sheet.set_freeze_panes(FIRST_KPI_ROW, 2)?;
    sheet.set_repeat_rows(top, sub)?;
    context.page_setup(sheet);
    sheet.set_print_fit_to_pages(1, 1);
    Ok(())
}

/// グラフ: each target's progress beside the pace expected on the report
/// date, drawn from 総括's own cells (so it follows edits there).
pub fn chart_sheet(context: &Context) -> Result<Option<Worksheet>, XlsxError> {
    use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType};
    let targets = context.report.kpis.iter().filter(|k| k.target.is_some()).count() as u32;
    if targets == 0 {
        return Ok(None);
    }
    let (texts, summary) = (context.texts, context.texts.summary_sheet);
    let (first, last) = (FIRST_KPI_ROW, FIRST_KPI_ROW + targets - 1);
    let mut chart = Chart::new(ChartType::Bar);
    for (col, heading) in [(5, texts.progress), (6, texts.expected_pace)] {
        chart
            .add_series()
            .set_name(heading)
            .set_categories((summary, first, 1, last, 1))
            .set_values((summary, first, col, last, col));
    }
    chart.title().set_name(&format!("{} / {}", texts.progress, texts.expected_pace));
    // The table's order, top to bottom.
    chart.y_axis().set_reverse();
    // Labels at the left edge, clear of bars below zero (members lost).
    chart.y_axis().set_label_position(rust_xlsxwriter::ChartAxisLabelPosition::Low);
    chart.x_axis().set_num_format("0%");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(900).set_height((160 + 36 * targets).min(1400));
    let mut sheet = context.titled_sheet(texts.chart_sheet, texts.chart_sheet)?;
    sheet.insert_chart(3, 0, &chart)?;
    context.page_setup(&mut sheet);
    sheet.set_print_fit_to_pages(1, 1);
    Ok(Some(sheet))
}

/// The 基準日 as a date a reader may edit, and the expected pace computed
/// from it: the elapsed share of the fiscal year.
fn write_pace(sheet: &mut Worksheet, context: &Context) -> Result<(), XlsxError> {
    let (config, texts) = (context.config, context.texts);
    let as_of = context.report.as_of;
    sheet.write_string_with_format(PARAMETER_ROW, DATE_COL - 1, texts.as_of, &style::header())?;
    sheet.write_date_with_format(PARAMETER_ROW, DATE_COL, as_of, &style::editable_date())?;
    sheet.write_string_with_format(PARAMETER_ROW, PACE_COL - 1, texts.expected_pace, &style::header())?;
    let (start, next) = (config.fiscal_start(), config.fiscal_end().succ_opt().expect("a day after the year"));
    let date = |d: chrono::NaiveDate| {
        use chrono::Datelike;
        format!("DATE({},{},{})", d.year(), d.month(), d.day())
    };
    let formula = format!(
        "=MAX(0,MIN(1,({at}-{start}+1)/({next}-{start})))",
        at = cell(PARAMETER_ROW, DATE_COL),
        start = date(start),
        next = date(next)
    );
    sheet.write_formula_with_format(
        PARAMETER_ROW,
        PACE_COL,
        Formula::new(formula).set_result(result_text(context.report.expected_pace)),
        &style::rate(),
    )?;
    Ok(())
}

/// What is compared with the pace on a row: the progress (F), or for a
/// balance the share of the planned gain made ((actual − opening) ÷
/// (target − opening)).
fn standing_score(kind: KpiKind, opening: Option<f64>, row: u32) -> String {
    match (kind, opening) {
        (KpiKind::Balance, Some(opening)) => {
            let o = format_number(opening);
            format!("(({a}-{o})/({t}-{o}))", a = cell(row, 4), t = cell(row, 3))
        }
        _ => cell(row, 5),
    }
}

/// Conditional formats on a row's progress and standing cells: green at or
/// above the `ahead` share of the pace, yellow above `behind`, red below.
fn colour_by_standing(sheet: &mut Worksheet, config: &Config, row: u32, score: &str) -> Result<(), XlsxError> {
    let progress = format!("${}", cell(row, 5));
    for rule in style::standing_rules(&progress, score, &pace_cell(), &config.thresholds) {
        for col in [5, 8] {
            sheet.add_conditional_format(row, col, row, col, &rule)?;
        }
    }
    Ok(())
}
