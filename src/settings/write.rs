//! The settings workbook from a configuration: headings with a note saying
//! what each means, the cells to fill unlocked and shaded, dropdowns for
//! every closed set, and the rest protected (without a password: rows can
//! be added and removed, and 「シート保護の解除」 opens the rest).

use std::path::Path;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, Format, Formula, Note, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

use super::{
    sheet_name, units_sheet_name, Review, GROUP_COLUMNS, ITEM_COLUMNS, KINDS, LAST_YEAR_COLUMNS, MONEY_UNITS,
    ORGANISATION_ROWS, TARGET_COLUMNS, UNIT_COLUMNS, VALUE_KINDS,
};
use crate::config::{Config, Kpi, Lang};
use crate::error::MatomeError;
use crate::i18n::{self, SettingsField, SettingsSheet};
use crate::write::cells::cell;
use crate::write::style;

/// The fill of cells to review: targets carried over from last year,
/// settings guessed from the forms.
const TO_REVIEW_FILL: u32 = 0xFCE4D6;

/// Rows below the last entry kept open for what the user adds.
const ROOM: u32 = 60;

/// Write the settings workbook to `path`, the cells in `review` shaded.
pub fn write_settings(config: &Config, lang: Lang, path: &Path, review: &Review) -> Result<(), MatomeError> {
    let failed = |e: XlsxError| MatomeError::Write { path: path.to_path_buf(), message: e.to_string() };
    let book = settings_workbook(config, lang, review);
    let bytes = book.and_then(|mut book| book.save_to_buffer()).map_err(failed)?;
    crate::write::save_atomically(path, &bytes, &mut |p| std::fs::File::create(p))
}

pub fn settings_workbook(config: &Config, lang: Lang, review: &Review) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_author("matome").set_title(format!(
        "{} {}",
        config.organisation_name(lang),
        i18n::fiscal_year_name(lang, config.organisation.fiscal_year)
    )));
    workbook.push_worksheet(organisation_sheet(config, lang, review)?);
    workbook.push_worksheet(units_sheet(config, lang)?);
    workbook.push_worksheet(groups_sheet(config, lang)?);
    workbook.push_worksheet(items_sheet(config, lang, review)?);
    workbook.push_worksheet(targets_sheet(config, lang, review)?);
    workbook.push_worksheet(last_year_sheet(config, lang)?);
    Ok(workbook)
}

/// A sheet with its headings in row 1, each with a note, frozen below them
/// and protected but for the cells `open` formats.
fn sheet_with_headings(name: &str, headings: &[(String, String)]) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(name)?;
    let header = style::header();
    for (col, (text, meaning)) in headings.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, text, &header)?;
        if !meaning.is_empty() {
            sheet.insert_note(0, col, &Note::new(meaning).set_author("matome").set_width(300).set_height(90))?;
        }
        sheet.set_column_width(col, style::display_width(text).max(8.0) + 2.0)?;
    }
    sheet.set_row_height(0, 30)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0).set_repeat_rows(0, 0)?;
    let options = ProtectionOptions {
        insert_rows: true,
        delete_rows: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
    Ok(sheet)
}

fn field_headings(lang: Lang, fields: &[SettingsField]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|&field| {
            let (text, meaning) = i18n::settings_field(lang, field);
            (text.to_string(), meaning.to_string())
        })
        .collect()
}

fn open_text() -> Format {
    style::input(style::text())
}

fn to_review(format: Format) -> Format {
    format.set_background_color(TO_REVIEW_FILL)
}

fn open_number() -> Format {
    style::input(style::base().set_num_format("#,##0.####").set_border(rust_xlsxwriter::FormatBorder::Thin))
}

/// Leave columns `cols` open to typing from row 2 down, past the entries.
fn open_columns(sheet: &mut Worksheet, first_row: u32, last_row: u32, cols: &[u16]) -> Result<(), XlsxError> {
    let blank = open_text();
    for &col in cols {
        for row in first_row..=last_row {
            sheet.write_blank(row, col, &blank)?;
        }
    }
    Ok(())
}

fn dropdown(sheet: &mut Worksheet, col: u16, last_row: u32, choices: &[&str]) -> Result<(), XlsxError> {
    let rule = DataValidation::new().allow_list_strings(choices)?.set_error_style(DataValidationErrorStyle::Stop);
    sheet.add_data_validation(1, col, last_row, col, &rule)?;
    Ok(())
}

fn write_text(sheet: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
    write_text_as(sheet, row, col, text, &open_text())
}

fn write_text_as(sheet: &mut Worksheet, row: u32, col: u16, text: &str, format: &Format) -> Result<(), XlsxError> {
    if text.is_empty() {
        sheet.write_blank(row, col, format)?;
    } else {
        sheet.write_string_with_format(row, col, text, format)?;
    }
    Ok(())
}

fn write_number(sheet: &mut Worksheet, row: u32, col: u16, value: Option<f64>) -> Result<(), XlsxError> {
    match value {
        Some(value) => sheet.write_number_with_format(row, col, value, &open_number())?,
        None => sheet.write_blank(row, col, &open_number())?,
    };
    Ok(())
}

fn joined(items: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    items.into_iter().map(|s| s.as_ref().to_string()).collect::<Vec<_>>().join("、")
}

fn organisation_sheet(config: &Config, lang: Lang, review: &Review) -> Result<Worksheet, XlsxError> {
    let fields = [SettingsField::Setting, SettingsField::Entry, SettingsField::Meaning];
    let mut sheet = sheet_with_headings(sheet_name(lang, SettingsSheet::Organisation), &field_headings(lang, &fields))?;
    let org = &config.organisation;
    let optional = |value: &Option<String>| value.clone().unwrap_or_default();
    // Numbers sit at the left, like the texts around them.
    for (index, &field) in ORGANISATION_ROWS.iter().enumerate() {
        let row = index as u32 + 1;
        let (label, meaning) = i18n::settings_field(lang, field);
        sheet.write_string_with_format(row, 0, label, &style::label())?;
        sheet.write_string_with_format(row, 2, meaning, &style::text())?;
        let shaded = |format: Format| match review.organisation_fields.contains(&field) {
            true => to_review(format),
            false => format,
        };
        let left = shaded(open_number().set_align(rust_xlsxwriter::FormatAlign::Left));
        let text = shaded(open_text());
        let write_text = |sheet: &mut Worksheet, row, col, value: &str| write_text_as(sheet, row, col, value, &text);
        match field {
            SettingsField::OrganisationName => write_text(&mut sheet, row, 1, &org.name)?,
            SettingsField::OrganisationNameEn => write_text(&mut sheet, row, 1, &optional(&org.name_en))?,
            SettingsField::ReportTitle => write_text(&mut sheet, row, 1, &org.report_title)?,
            SettingsField::ReportTitleEn => write_text(&mut sheet, row, 1, &optional(&org.report_title_en))?,
            // 「令和3年度」 as people say it; the reader takes 2021 as well.
            SettingsField::FiscalYear => match lang {
                Lang::Ja => write_text(&mut sheet, row, 1, &crate::text::japanese_fiscal_year(org.fiscal_year))?,
                Lang::En => sheet.write_number_with_format(row, 1, f64::from(org.fiscal_year), &left).map(|_| ())?,
            },
            SettingsField::StartMonth => {
                sheet.write_number_with_format(row, 1, f64::from(org.start_month), &left).map(|_| ())?
            }
            SettingsField::UnitWord => write_text(&mut sheet, row, 1, &optional(&org.unit_word))?,
            SettingsField::UnitWordEn => write_text(&mut sheet, row, 1, &optional(&org.unit_word_en))?,
            SettingsField::Ahead => {
                sheet.write_number_with_format(row, 1, config.thresholds.ahead, &left).map(|_| ())?
            }
            SettingsField::Behind => {
                sheet.write_number_with_format(row, 1, config.thresholds.behind, &left).map(|_| ())?
            }
            SettingsField::MaxFileBytes => {
                sheet.write_number_with_format(row, 1, config.limits.max_file_bytes as f64, &left).map(|_| ())?
            }
            SettingsField::MaxCells => {
                sheet.write_number_with_format(row, 1, config.limits.max_cells as f64, &left).map(|_| ())?
            }
            _ => unreachable!("ORGANISATION_ROWS holds the organisation's settings only"),
        }
    }
    sheet.set_column_width(0, 26)?;
    sheet.set_column_width(1, 36)?;
    sheet.set_column_width(2, 70)?;
    Ok(sheet)
}

fn units_sheet(config: &Config, lang: Lang) -> Result<Worksheet, XlsxError> {
    let mut sheet = sheet_with_headings(&units_sheet_name(config, lang), &field_headings(lang, &UNIT_COLUMNS))?;
    let last = config.units.len() as u32 + ROOM;
    open_columns(&mut sheet, 1, last, &[0, 1, 2, 3])?;
    for (index, unit) in config.units.iter().enumerate() {
        let row = index as u32 + 1;
        write_text(&mut sheet, row, 0, &unit.id)?;
        write_text(&mut sheet, row, 1, &unit.name)?;
        write_text(&mut sheet, row, 2, unit.name_en.as_deref().unwrap_or(""))?;
        write_text(&mut sheet, row, 3, &joined(&unit.aliases))?;
    }
    for (col, width) in [(0, 12.0), (1, 18.0), (2, 20.0), (3, 40.0)] {
        sheet.set_column_width(col, width)?;
    }
    // The open rows below the entries are for typing, not printing.
    sheet.set_print_area(0, 0, config.units.len() as u32, UNIT_COLUMNS.len() as u16 - 1)?;
    Ok(sheet)
}

fn groups_sheet(config: &Config, lang: Lang) -> Result<Worksheet, XlsxError> {
    let mut sheet =
        sheet_with_headings(sheet_name(lang, SettingsSheet::Groups), &field_headings(lang, &GROUP_COLUMNS))?;
    let last = config.groups.len() as u32 + ROOM;
    open_columns(&mut sheet, 1, last, &[0, 1, 2])?;
    for (index, group) in config.groups.iter().enumerate() {
        let row = index as u32 + 1;
        write_text(&mut sheet, row, 0, &group.id)?;
        write_text(&mut sheet, row, 1, &group.label)?;
        write_text(&mut sheet, row, 2, group.label_en.as_deref().unwrap_or(""))?;
    }
    for (col, width) in [(0, 14.0), (1, 30.0), (2, 36.0)] {
        sheet.set_column_width(col, width)?;
    }
    // The open rows below the entries are for typing, not printing.
    sheet.set_print_area(0, 0, config.groups.len() as u32, GROUP_COLUMNS.len() as u16 - 1)?;
    Ok(sheet)
}

fn items_sheet(config: &Config, lang: Lang, review: &Review) -> Result<Worksheet, XlsxError> {
    let mut sheet = sheet_with_headings(sheet_name(lang, SettingsSheet::Items), &field_headings(lang, &ITEM_COLUMNS))?;
    let last = config.kpis.len() as u32 + ROOM;
    let all: Vec<u16> = (0..ITEM_COLUMNS.len() as u16).collect();
    open_columns(&mut sheet, 1, last, &all)?;
    for (index, kpi) in config.kpis.iter().enumerate() {
        write_item(&mut sheet, config, lang, index as u32 + 1, kpi, review)?;
    }
    let col = |field: SettingsField| ITEM_COLUMNS.iter().position(|&f| f == field).expect("an item column") as u16;
    let kinds: Vec<&str> = KINDS.iter().map(|&k| i18n::kind_name(lang, k)).collect();
    dropdown(&mut sheet, col(SettingsField::Kind), last, &kinds)?;
    let values: Vec<&str> = VALUE_KINDS.iter().map(|&v| i18n::value_kind_name(lang, v)).collect();
    dropdown(&mut sheet, col(SettingsField::Value), last, &values)?;
    dropdown(&mut sheet, col(SettingsField::MoneyUnit), last, &MONEY_UNITS)?;
    dropdown(&mut sheet, col(SettingsField::Monotonic), last, &[i18n::yes(lang)])?;
    // The group is one of the groups sheet's names, as they are typed there.
    let groups =
        format!("='{}'!$B$2:$B${}", sheet_name(lang, SettingsSheet::Groups), config.groups.len() as u32 + ROOM);
    let rule =
        DataValidation::new().allow_list_formula(Formula::new(groups)).set_error_style(DataValidationErrorStyle::Stop);
    sheet.add_data_validation(1, col(SettingsField::Group), last, col(SettingsField::Group), &rule)?;
    let widths = [20.0, 16.0, 30.0, 30.0, 30.0, 12.0, 10.0, 10.0, 8.0, 24.0, 30.0, 10.0, 8.0];
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 3)?;
    // The open rows below the entries are for typing, not printing.
    sheet.set_print_area(0, 0, config.kpis.len() as u32, ITEM_COLUMNS.len() as u16 - 1)?;
    Ok(sheet)
}

fn write_item(
    sheet: &mut Worksheet,
    config: &Config,
    lang: Lang,
    row: u32,
    kpi: &Kpi,
    review: &Review,
) -> Result<(), XlsxError> {
    let group = config.groups.iter().find(|g| g.id == kpi.group).map_or(kpi.group.as_str(), |g| g.label.as_str());
    let reporters = kpi.units.as_ref().map(|ids| {
        joined(ids.iter().map(|id| config.unit_index(id).map_or(id.as_str(), |u| config.units[u].name.as_str())))
    });
    let parts =
        joined(kpi.of.iter().map(|id| config.kpi_index(id).map_or(id.as_str(), |k| config.kpis[k].label.as_str())));
    for (col, field) in ITEM_COLUMNS.iter().enumerate() {
        let col = col as u16;
        let format = match review.item_fields.contains(field) {
            true => to_review(open_text()),
            false => open_text(),
        };
        let write_text = |sheet: &mut Worksheet, row, col, text: &str| write_text_as(sheet, row, col, text, &format);
        match field {
            SettingsField::Id => write_text(sheet, row, col, &kpi.id)?,
            SettingsField::Group => write_text(sheet, row, col, group)?,
            SettingsField::Name => write_text(sheet, row, col, &kpi.label)?,
            SettingsField::NameEn => write_text(sheet, row, col, kpi.label_en.as_deref().unwrap_or(""))?,
            SettingsField::Aliases => write_text(sheet, row, col, &joined(&kpi.aliases))?,
            SettingsField::Kind => write_text(sheet, row, col, i18n::kind_name(lang, kpi.kind))?,
            SettingsField::Value => write_text(sheet, row, col, i18n::value_kind_name(lang, kpi.value))?,
            SettingsField::MoneyUnit => write_text(sheet, row, col, kpi.unit.as_deref().unwrap_or(""))?,
            SettingsField::Counter => write_text(sheet, row, col, &kpi.counter)?,
            SettingsField::Reporters => write_text(sheet, row, col, reporters.as_deref().unwrap_or(""))?,
            SettingsField::Parts => write_text(sheet, row, col, &parts)?,
            SettingsField::Opening => write_number(sheet, row, col, kpi.opening)?,
            SettingsField::Monotonic => write_text(sheet, row, col, if kpi.monotonic { i18n::yes(lang) } else { "" })?,
            _ => unreachable!("ITEM_COLUMNS holds the items' columns only"),
        }
    }
    Ok(())
}

/// An item a row, the organisation's target, the units' sum by formula,
/// then a column per unit.
fn targets_sheet(config: &Config, lang: Lang, review: &Review) -> Result<Worksheet, XlsxError> {
    let mut headings = field_headings(lang, &TARGET_COLUMNS);
    if review.targets_carried {
        headings[2].1 = format!("{}\n{}", i18n::targets_to_review(lang), headings[2].1);
    } else if review.blank_targets {
        headings[2].1 = format!("{}\n{}", i18n::targets_to_fill(lang), headings[2].1);
    }
    let unit_note = i18n::settings_field(lang, SettingsField::UnitTarget).1;
    headings.extend((0..config.units.len()).map(|u| (config.unit_name(u, lang).to_string(), unit_note.to_string())));
    let mut sheet = sheet_with_headings(sheet_name(lang, SettingsSheet::Targets), &headings)?;
    let first_unit_col = TARGET_COLUMNS.len() as u16;
    let last_col = first_unit_col + config.units.len() as u16 - 1;
    let last = config.kpis.len() as u32 + ROOM;
    let mut open: Vec<u16> = vec![0, 1, 2];
    open.extend(first_unit_col..=last_col);
    open_columns(&mut sheet, 1, last, &open)?;
    // A zero sum shows blank: most items have the organisation's target only.
    let sum_format = style::subtotal(style::number()).set_num_format("#,##0.####;-#,##0.####;");
    for row in 1..=last {
        let units = format!("{}:{}", cell(row, first_unit_col), cell(row, last_col));
        let sum: f64 = config.kpis.get(row as usize - 1).map_or(0.0, |k| k.unit_targets.values().sum());
        let formula = Formula::new(format!("=SUM({units})")).set_result(crate::write::cells::result_text(sum));
        sheet.write_formula_with_format(row, 3, formula, &sum_format)?;
    }
    for (index, kpi) in config.kpis.iter().enumerate() {
        let row = index as u32 + 1;
        write_text(&mut sheet, row, 0, &kpi.id)?;
        write_text(&mut sheet, row, 1, &kpi.label)?;
        // An item without any target asks for one in the organisation's column.
        let untold = review.blank_targets && kpi.target.is_none() && kpi.unit_targets.is_empty();
        write_target(&mut sheet, row, 2, kpi, kpi.target, (review.targets_carried && kpi.target.is_some()) || untold)?;
        for (unit_index, unit) in config.units.iter().enumerate() {
            let col = first_unit_col + unit_index as u16;
            let target = kpi.unit_targets.get(&unit.id).copied();
            write_target(&mut sheet, row, col, kpi, target, review.targets_carried && target.is_some())?;
        }
    }
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_freeze_panes(1, 2)?;
    // The open rows below the entries are for typing, not printing.
    sheet.set_print_area(0, 0, config.kpis.len() as u32, last_col)?;
    Ok(sheet)
}

/// A target; one to review (carried from last year, or untold) stands
/// out until it is typed. A ratio's target (1 = 100%) shows as a percentage.
fn write_target(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    kpi: &Kpi,
    value: Option<f64>,
    shaded: bool,
) -> Result<(), XlsxError> {
    let mut format = open_number();
    if kpi.kind == crate::config::KpiKind::Ratio {
        format = format.set_num_format("0.0%");
    }
    if shaded {
        format = to_review(format);
    }
    match value {
        Some(value) => sheet.write_number_with_format(row, col, value, &format)?,
        None => sheet.write_blank(row, col, &format)?,
    };
    Ok(())
}

/// An item a row: last year's result and its twelve months.
fn last_year_sheet(config: &Config, lang: Lang) -> Result<Worksheet, XlsxError> {
    let mut headings = field_headings(lang, &LAST_YEAR_COLUMNS);
    let month_note = i18n::settings_field(lang, SettingsField::PreviousMonth).1;
    headings.extend((0..12).map(|m| (i18n::month_name(lang, config.calendar_month(m)), month_note.to_string())));
    let mut sheet = sheet_with_headings(sheet_name(lang, SettingsSheet::LastYear), &headings)?;
    let first_month_col = LAST_YEAR_COLUMNS.len() as u16;
    let last = config.kpis.len() as u32 + ROOM;
    let open: Vec<u16> = (0..first_month_col + 12).collect();
    open_columns(&mut sheet, 1, last, &open)?;
    for (index, kpi) in config.kpis.iter().enumerate() {
        let row = index as u32 + 1;
        write_text(&mut sheet, row, 0, &kpi.id)?;
        write_text(&mut sheet, row, 1, &kpi.label)?;
        write_number(&mut sheet, row, 2, kpi.previous)?;
        for month in 0..12 {
            let value = kpi.previous_months.as_ref().and_then(|m| m.get(month)).copied();
            write_number(&mut sheet, row, first_month_col + month as u16, value)?;
        }
    }
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(1, 30)?;
    for col in first_month_col..first_month_col + 12 {
        sheet.set_column_width(col, 8)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    // The open rows below the entries are for typing, not printing.
    sheet.set_print_area(0, 0, config.kpis.len() as u32, first_month_col + 11)?;
    Ok(sheet)
}
