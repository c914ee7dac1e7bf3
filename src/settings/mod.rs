//! The settings workbook (`matome init`, `--config 設定.xlsx`): the whole
//! configuration as sheets office staff fill in Excel — the organisation a
//! row per setting, the units, the groups, the items, the targets as a grid
//! (an item a row, a unit a column) and last year's figures. `write` makes
//! it from a configuration, `read` makes a configuration of it, checked as
//! a TOML file is, with every problem placed at its sheet and cell.
//!
//! Headings and sheet names are in the language the workbook was written
//! in; the reader knows both languages, so a workbook keeps working
//! whichever `--lang` reads it.

mod from_forms;
mod from_reports;
mod new_year;
mod read;
mod write;

pub use from_forms::{learn, learn_from_files, Learnt};
pub use from_reports::{federation_name, roll_up_settings};
pub use new_year::{next_year, NextYear};
pub use read::{read_settings, read_settings_bytes};
pub use write::{settings_workbook, write_settings};

use crate::config::{Config, KpiKind, Lang, ValueKind};
use crate::i18n::{self, SettingsField, SettingsSheet};

/// The organisation sheet's rows, in order.
const ORGANISATION_ROWS: [SettingsField; 12] = [
    SettingsField::OrganisationName,
    SettingsField::OrganisationNameEn,
    SettingsField::ReportTitle,
    SettingsField::ReportTitleEn,
    SettingsField::FiscalYear,
    SettingsField::StartMonth,
    SettingsField::UnitWord,
    SettingsField::UnitWordEn,
    SettingsField::Ahead,
    SettingsField::Behind,
    SettingsField::MaxFileBytes,
    SettingsField::MaxCells,
];

const UNIT_COLUMNS: [SettingsField; 4] =
    [SettingsField::Id, SettingsField::Name, SettingsField::NameEn, SettingsField::Aliases];

const GROUP_COLUMNS: [SettingsField; 3] = [SettingsField::Id, SettingsField::Name, SettingsField::NameEn];

const ITEM_COLUMNS: [SettingsField; 13] = [
    SettingsField::Id,
    SettingsField::Group,
    SettingsField::Name,
    SettingsField::NameEn,
    SettingsField::Aliases,
    SettingsField::Kind,
    SettingsField::Value,
    SettingsField::MoneyUnit,
    SettingsField::Counter,
    SettingsField::Reporters,
    SettingsField::Parts,
    SettingsField::Opening,
    SettingsField::Monotonic,
];

/// The targets sheet's fixed columns; a column per unit follows.
const TARGET_COLUMNS: [SettingsField; 4] =
    [SettingsField::Id, SettingsField::Name, SettingsField::Whole, SettingsField::UnitsSum];

/// Last year's sheet's fixed columns; the twelve months follow.
const LAST_YEAR_COLUMNS: [SettingsField; 3] = [SettingsField::Id, SettingsField::Name, SettingsField::Previous];

const KINDS: [KpiKind; 6] =
    [KpiKind::Flow, KpiKind::Stock, KpiKind::Sum, KpiKind::Difference, KpiKind::Ratio, KpiKind::Balance];

const VALUE_KINDS: [ValueKind; 3] = [ValueKind::Count, ValueKind::Amount, ValueKind::Signed];

const MONEY_UNITS: [&str; 5] = ["円", "千円", "万円", "百万円", "億円"];

/// Where lists in a cell are split: 「、」 as Japanese is typed, or commas.
const LIST_SEPARATORS: [char; 4] = ['、', ',', '，', '､'];

/// The cells a written workbook asks the user to look at, shaded.
#[derive(Debug, Clone, Default)]
pub struct Review {
    /// The targets are last year's (`new-year`): every one given is shaded.
    pub targets_carried: bool,
    /// No form told the targets (`init --from`): the blank ones are shaded.
    pub blank_targets: bool,
    /// Columns of the items sheet whose every entry was guessed.
    pub item_fields: Vec<SettingsField>,
    /// Rows of the organisation sheet that were guessed or are to fill.
    pub organisation_fields: Vec<SettingsField>,
}

/// The units' sheet is named by the organisation's own word: 「支所」, 「店舗」.
fn units_sheet_name(config: &Config, lang: Lang) -> String {
    match lang {
        Lang::Ja => config.unit_word(lang).to_string(),
        Lang::En => "Units".to_string(),
    }
}

fn sheet_name(lang: Lang, sheet: SettingsSheet) -> &'static str {
    i18n::settings_sheet(lang, sheet)
}
