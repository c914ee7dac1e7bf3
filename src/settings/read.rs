//! A configuration from the settings workbook. Sheets and headings are
//! found by name in either language, so columns may be moved; every value
//! is checked where it is typed, and what `Config::assemble` refuses is
//! placed back at the sheet and cell it came from.

// A problem is its place and what it is, returned once per workbook read:
// its size costs nothing worth boxing it for.
#![allow(clippy::result_large_err)]

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader};

use super::{
    GROUP_COLUMNS, ITEM_COLUMNS, KINDS, LAST_YEAR_COLUMNS, LIST_SEPARATORS, ORGANISATION_ROWS, TARGET_COLUMNS,
    UNIT_COLUMNS, VALUE_KINDS,
};
use crate::config::{
    Config, ConfigProblem, Group, Kpi, Lang, Limits, Organisation, Place, Subject, Thresholds, Unit, ValueKind,
};
use crate::error::MatomeError;
use crate::i18n::{self, SettingsField, SettingsSheet};
use crate::text::{normalize_label, parse_fiscal_year, parse_number_text, ParsedText};
use crate::write::cells::cell;

const LANGS: [Lang; 2] = [Lang::Ja, Lang::En];

/// How many rows above the headings a sheet may have (a title someone added).
const HEADING_SEARCH_ROWS: u32 = 10;

/// Read and check the settings workbook at `path`.
pub fn read_settings(path: &Path) -> Result<Config, MatomeError> {
    let bytes = std::fs::read(path).map_err(|e| MatomeError::Config {
        path: path.to_path_buf(),
        place: Place::Whole,
        problem: Box::new(ConfigProblem::Unreadable(e.to_string())),
    })?;
    read_settings_bytes(&bytes, path)
}

/// The configuration a settings workbook's bytes hold; `path` names it in
/// messages.
pub fn read_settings_bytes(bytes: &[u8], path: &Path) -> Result<Config, MatomeError> {
    let unreadable = |why: String| MatomeError::Config {
        path: path.to_path_buf(),
        place: Place::Whole,
        problem: Box::new(ConfigProblem::NotSettingsWorkbook(why)),
    };
    let mut workbook = crate::read::open(bytes, &Limits::default()).map_err(|refused| unreadable(refused.detail))?;
    let mut sheets = BTreeMap::new();
    for name in workbook.sheet_names() {
        if let Ok(range) = workbook.worksheet_range(&name) {
            sheets.insert(name, range);
        }
    }
    Settings { path: path.to_path_buf(), sheets }.read()
}

struct Settings {
    path: PathBuf,
    sheets: BTreeMap<String, Range<Data>>,
}

/// One sheet's table: where its headings are, and the rows below them.
struct Table<'a> {
    sheet: String,
    range: &'a Range<Data>,
    heading_row: u32,
    columns: HashMap<SettingsField, u32>,
    /// The language its headings are in: choices are named in it.
    lang: Lang,
}

type Problem = (Place, ConfigProblem);

impl Settings {
    fn read(&self) -> Result<Config, MatomeError> {
        self.assemble().map_err(|(place, problem)| MatomeError::Config {
            path: self.path.clone(),
            place,
            problem: Box::new(problem),
        })
    }

    fn assemble(&self) -> Result<Config, Problem> {
        let (organisation, thresholds, limits) = self.organisation()?;
        let units_table = self.units_table(&organisation)?;
        let units = read_units(&units_table)?;
        let groups_table = self.table(SettingsSheet::Groups, &GROUP_COLUMNS)?;
        let groups = read_groups(&groups_table)?;
        let items_table = self.table(SettingsSheet::Items, &ITEM_COLUMNS)?;
        let mut kpis = read_items(&items_table, &units, &groups)?;
        let targets_table = self.table(SettingsSheet::Targets, &TARGET_COLUMNS)?;
        read_targets(&targets_table, &units, &mut kpis)?;
        let last_year_table = self.table(SettingsSheet::LastYear, &LAST_YEAR_COLUMNS)?;
        read_last_year(&last_year_table, &mut kpis)?;
        let tables = Tables {
            units: units_table,
            groups: groups_table,
            items: items_table,
            targets: targets_table,
            last_year: last_year_table,
        };
        Config::assemble(organisation, thresholds, limits, units, groups, kpis)
            .map_err(|(subject, problem)| (tables.place_of(&subject, &problem), problem))
    }

    fn sheet(&self, names: &[String]) -> Option<(&String, &Range<Data>)> {
        self.sheets.iter().find(|(name, _)| names.iter().any(|n| normalize_label(n) == normalize_label(name)))
    }

    fn missing_sheet(name: &str) -> Problem {
        (Place::Cell { sheet: name.to_string(), cell: String::new() }, ConfigProblem::MissingSheet)
    }

    fn table(&self, which: SettingsSheet, fields: &[SettingsField]) -> Result<Table<'_>, Problem> {
        let names: Vec<String> = LANGS.iter().map(|&lang| i18n::settings_sheet(lang, which).to_string()).collect();
        let (sheet, range) = self.sheet(&names).ok_or_else(|| Self::missing_sheet(&names[0]))?;
        Table::find(sheet, range, fields)
    }

    /// The units' sheet is named by the unit word (「支所」, 「店舗」) or
    /// 「Units」.
    fn units_table(&self, organisation: &Organisation) -> Result<Table<'_>, Problem> {
        let mut names: Vec<String> = vec![crate::config::DEFAULT_UNIT_WORD.to_string(), "Units".to_string()];
        names.extend(organisation.unit_word.iter().cloned());
        let (sheet, range) = self.sheet(&names).ok_or_else(|| {
            Self::missing_sheet(organisation.unit_word.as_deref().unwrap_or(crate::config::DEFAULT_UNIT_WORD))
        })?;
        Table::find(sheet, range, &UNIT_COLUMNS)
    }

    /// The organisation sheet: a row per setting, found by its label.
    fn organisation(&self) -> Result<(Organisation, Thresholds, Limits), Problem> {
        let table = self.table(
            SettingsSheet::Organisation,
            &[SettingsField::Setting, SettingsField::Entry, SettingsField::Meaning],
        )?;
        let mut values: HashMap<SettingsField, u32> = HashMap::new();
        for row in table.rows() {
            let label = normalize_label(&table.text(row, SettingsField::Setting));
            let field = ORGANISATION_ROWS.iter().find(|&&field| {
                LANGS.iter().any(|&lang| normalize_label(i18n::settings_field(lang, field).0) == label)
            });
            if let Some(&field) = field {
                values.entry(field).or_insert(row);
            }
        }
        let row_of = |field: SettingsField| {
            values.get(&field).copied().ok_or_else(|| {
                let place = Place::Cell { sheet: table.sheet.clone(), cell: String::new() };
                (place, ConfigProblem::MissingHeading(i18n::settings_field(table.lang, field).0))
            })
        };
        let text = |field| row_of(field).map(|row| table.text(row, SettingsField::Entry));
        let optional = |field| text(field).map(|t| Some(t).filter(|t| !t.is_empty()));
        let required_number = |field| {
            let row = row_of(field)?;
            table
                .number(row, SettingsField::Entry)?
                .ok_or_else(|| table.problem(row, SettingsField::Entry, ConfigProblem::Required))
        };
        let whole = |field| {
            let row = row_of(field)?;
            let value = required_number(field)?;
            whole_number(value).ok_or_else(|| {
                table.problem(row, SettingsField::Entry, ConfigProblem::NotWhole(table.text(row, SettingsField::Entry)))
            })
        };
        let name = text(SettingsField::OrganisationName)?;
        if name.is_empty() {
            let row = row_of(SettingsField::OrganisationName)?;
            return Err(table.problem(row, SettingsField::Entry, ConfigProblem::Required));
        }
        let report_title = optional(SettingsField::ReportTitle)?.unwrap_or_else(|| "進捗状況".to_string());
        let organisation = Organisation {
            name,
            name_en: optional(SettingsField::OrganisationNameEn)?,
            report_title,
            report_title_en: optional(SettingsField::ReportTitleEn)?,
            fiscal_year: table.fiscal_year(row_of(SettingsField::FiscalYear)?)?,
            start_month: start_month(&table, row_of(SettingsField::StartMonth)?, whole(SettingsField::StartMonth)?)?,
            unit_word: optional(SettingsField::UnitWord)?,
            unit_word_en: optional(SettingsField::UnitWordEn)?,
        };
        let thresholds = Thresholds {
            ahead: required_number(SettingsField::Ahead)?,
            behind: required_number(SettingsField::Behind)?,
        };
        let limits =
            Limits { max_file_bytes: whole(SettingsField::MaxFileBytes)?, max_cells: whole(SettingsField::MaxCells)? };
        Ok((organisation, thresholds, limits))
    }
}

impl<'a> Table<'a> {
    /// Find the headings `fields` (in either language) in the sheet's first rows.
    fn find(sheet: &str, range: &'a Range<Data>, fields: &[SettingsField]) -> Result<Table<'a>, Problem> {
        let (start_row, start_col) = range.start().unwrap_or((0, 0));
        let (end_row, end_col) = range.end().unwrap_or((0, 0));
        let cell_key = |row: u32, col: u32| range.get_value((row, col)).map(|v| normalize_label(&v.to_string()));
        // The headings in the language that has them all; failing that,
        // the first heading missing in the language that has most of them.
        let mut best: Option<(usize, Lang, SettingsField)> = None;
        for row in start_row..=end_row.min(start_row + HEADING_SEARCH_ROWS) {
            for &lang in &LANGS {
                let mut columns = HashMap::new();
                for &field in fields {
                    let wanted = normalize_label(i18n::settings_field(lang, field).0);
                    if let Some(col) = (start_col..=end_col).find(|&col| cell_key(row, col).as_deref() == Some(&wanted))
                    {
                        columns.insert(field, col);
                    }
                }
                match fields.iter().find(|f| !columns.contains_key(f)) {
                    None => return Ok(Table { sheet: sheet.to_string(), range, heading_row: row, columns, lang }),
                    Some(&missing) if best.is_none_or(|(found, ..)| columns.len() > found) => {
                        best = Some((columns.len(), lang, missing))
                    }
                    Some(_) => {}
                }
            }
        }
        let (_, lang, missing) = best.unwrap_or((0, Lang::Ja, fields[0]));
        let place = Place::Cell { sheet: sheet.to_string(), cell: String::new() };
        Err((place, ConfigProblem::MissingHeading(i18n::settings_field(lang, missing).0)))
    }

    /// The rows below the headings.
    fn rows(&self) -> std::ops::RangeInclusive<u32> {
        let end = self.range.end().map_or(0, |(row, _)| row);
        self.heading_row + 1..=end
    }

    /// The rows with anything in the given columns: the entries.
    fn entries(&self, fields: &[SettingsField]) -> Vec<u32> {
        self.rows().filter(|&row| fields.iter().any(|&field| !self.text(row, field).is_empty())).collect()
    }

    fn value(&self, row: u32, col: u32) -> &Data {
        self.range.get_value((row, col)).unwrap_or(&Data::Empty)
    }

    fn text_at(&self, row: u32, col: u32) -> String {
        match self.value(row, col) {
            Data::Empty | Data::Error(_) => String::new(),
            Data::Float(f) => crate::write::cells::result_text(*f),
            other => other.to_string().trim().to_string(),
        }
    }

    fn text(&self, row: u32, field: SettingsField) -> String {
        self.columns.get(&field).map_or_else(String::new, |&col| self.text_at(row, col))
    }

    fn place(&self, row: u32, col: u32) -> Place {
        Place::Cell { sheet: self.sheet.clone(), cell: cell(row, col as u16) }
    }

    fn problem(&self, row: u32, field: SettingsField, problem: ConfigProblem) -> Problem {
        (self.place(row, self.columns.get(&field).copied().unwrap_or(0)), problem)
    }

    fn number_at(&self, row: u32, col: u32) -> Result<Option<f64>, Problem> {
        let not_a_number = || (self.place(row, col), ConfigProblem::NotNumber(self.text_at(row, col)));
        match self.value(row, col) {
            Data::Empty => Ok(None),
            Data::Float(f) => Ok(Some(*f)),
            Data::Int(i) => Ok(Some(*i as f64)),
            Data::String(text) => match parse_number_text(text) {
                ParsedText::Blank => Ok(None),
                ParsedText::Number(n) => Ok(Some(n)),
                ParsedText::Yen(_) | ParsedText::NotANumber => Err(not_a_number()),
            },
            _ => Err(not_a_number()),
        }
    }

    fn number(&self, row: u32, field: SettingsField) -> Result<Option<f64>, Problem> {
        match self.columns.get(&field) {
            Some(&col) => self.number_at(row, col),
            None => Ok(None),
        }
    }

    fn fiscal_year(&self, row: u32) -> Result<i32, Problem> {
        let typed = self.text(row, SettingsField::Entry);
        let year = match self.value(row, self.columns[&SettingsField::Entry]) {
            Data::Float(f) => whole_number(*f).and_then(|y| i32::try_from(y).ok()),
            Data::Int(i) => i32::try_from(*i).ok(),
            _ => parse_fiscal_year(&typed),
        };
        match year {
            Some(year) if (1900..=2200).contains(&year) => Ok(year),
            _ if typed.is_empty() => Err(self.problem(row, SettingsField::Entry, ConfigProblem::Required)),
            _ => Err(self.problem(row, SettingsField::Entry, ConfigProblem::NotYear(typed))),
        }
    }

    /// The id typed, or the name when the id is left blank.
    fn id(&self, row: u32) -> String {
        let id = self.text(row, SettingsField::Id);
        if id.is_empty() {
            self.text(row, SettingsField::Name)
        } else {
            id
        }
    }

    fn list(&self, row: u32, field: SettingsField) -> Vec<String> {
        self.text(row, field)
            .split(LIST_SEPARATORS)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }

    fn optional_text(&self, row: u32, field: SettingsField) -> Option<String> {
        Some(self.text(row, field)).filter(|t| !t.is_empty())
    }

    fn required_text(&self, row: u32, field: SettingsField) -> Result<String, Problem> {
        self.optional_text(row, field).ok_or_else(|| self.problem(row, field, ConfigProblem::Required))
    }

    /// A closed set's value, named in either language.
    fn choice<T: Copy>(
        &self,
        row: u32,
        field: SettingsField,
        choices: &[T],
        name: fn(Lang, T) -> &'static str,
    ) -> Result<Option<T>, Problem> {
        let typed = self.text(row, field);
        if typed.is_empty() {
            return Ok(None);
        }
        let key = normalize_label(&typed);
        let found =
            choices.iter().find(|&&choice| LANGS.iter().any(|&lang| normalize_label(name(lang, choice)) == key));
        match found {
            Some(&choice) => Ok(Some(choice)),
            None => {
                let names = choices.iter().map(|&choice| name(self.lang, choice)).collect();
                Err(self.problem(row, field, ConfigProblem::NotChoice(typed, names)))
            }
        }
    }

    /// The row of each entry's id, to place what `Config::assemble` refuses.
    fn row_of(&self, id: &str) -> Option<u32> {
        self.rows().find(|&row| self.id(row) == id)
    }
}

fn start_month(table: &Table, row: u32, value: u64) -> Result<u32, Problem> {
    u32::try_from(value)
        .ok()
        .filter(|month| (1..=12).contains(month))
        .ok_or_else(|| table.problem(row, SettingsField::Entry, ConfigProblem::StartMonth))
}

fn whole_number(value: f64) -> Option<u64> {
    (value >= 0.0 && value.fract() == 0.0 && value < u64::MAX as f64).then_some(value as u64)
}

fn read_units(table: &Table) -> Result<Vec<Unit>, Problem> {
    let mut units = Vec::new();
    for row in table.entries(&[SettingsField::Id, SettingsField::Name]) {
        units.push(Unit {
            id: table.id(row),
            name: table.required_text(row, SettingsField::Name)?,
            name_en: table.optional_text(row, SettingsField::NameEn),
            aliases: table.list(row, SettingsField::Aliases),
        });
    }
    Ok(units)
}

fn read_groups(table: &Table) -> Result<Vec<Group>, Problem> {
    let mut groups = Vec::new();
    for row in table.entries(&[SettingsField::Id, SettingsField::Name]) {
        groups.push(Group {
            id: table.id(row),
            label: table.required_text(row, SettingsField::Name)?,
            label_en: table.optional_text(row, SettingsField::NameEn),
        });
    }
    Ok(groups)
}

/// A unit named by its id, name or an alias.
fn unit_id(units: &[Unit], typed: &str) -> Option<String> {
    let key = normalize_label(typed);
    units
        .iter()
        .find(|u| {
            u.id == typed
                || std::iter::once(&u.name).chain(&u.aliases).chain(&u.name_en).any(|n| normalize_label(n) == key)
        })
        .map(|u| u.id.clone())
}

fn read_items(table: &Table, units: &[Unit], groups: &[Group]) -> Result<Vec<Kpi>, Problem> {
    use SettingsField as F;
    let mut kpis: Vec<Kpi> = Vec::new();
    let kind_name: fn(Lang, crate::config::KpiKind) -> &'static str = i18n::kind_name;
    let value_name: fn(Lang, ValueKind) -> &'static str = i18n::value_kind_name;
    for row in table.entries(&[F::Id, F::Name]) {
        let typed_group = table.required_text(row, F::Group)?;
        let key = normalize_label(&typed_group);
        let group = groups
            .iter()
            .find(|g| g.id == typed_group || normalize_label(&g.label) == key)
            .ok_or_else(|| table.problem(row, F::Group, ConfigProblem::UnknownGroupName(typed_group.clone())))?;
        let kind = table.choice(row, F::Kind, &KINDS, kind_name)?;
        let kind = kind.ok_or_else(|| table.problem(row, F::Kind, ConfigProblem::Required))?;
        let reporters = table.list(row, F::Reporters);
        let units_listed = if reporters.is_empty() {
            None
        } else {
            let ids = reporters.iter().map(|typed| {
                unit_id(units, typed)
                    .ok_or_else(|| table.problem(row, F::Reporters, ConfigProblem::UnknownUnitName(typed.clone())))
            });
            Some(ids.collect::<Result<Vec<_>, _>>()?)
        };
        let parts = table.list(row, F::Parts).into_iter().map(|typed| {
            let key = normalize_label(&typed);
            kpis.iter()
                .find(|k| k.id == typed || normalize_label(&k.label) == key)
                .map(|k| k.id.clone())
                .ok_or_else(|| table.problem(row, F::Parts, ConfigProblem::UnknownItem(typed.clone())))
        });
        let of = parts.collect::<Result<Vec<_>, _>>()?;
        let monotonic = table.choice(row, F::Monotonic, &[true, false], |lang, flag| match (flag, lang) {
            (true, _) => i18n::yes(lang),
            (false, Lang::Ja) => "いいえ",
            (false, Lang::En) => "no",
        })?;
        kpis.push(Kpi {
            id: table.id(row),
            label: table.required_text(row, F::Name)?,
            label_en: table.optional_text(row, F::NameEn),
            aliases: table.list(row, F::Aliases),
            kind,
            counter: table.text(row, F::Counter),
            group: group.id.clone(),
            units: units_listed,
            target: None,
            unit_targets: BTreeMap::new(),
            of,
            opening: table.number(row, F::Opening)?,
            monotonic: monotonic.unwrap_or(false),
            value: table.choice(row, F::Value, &VALUE_KINDS, value_name)?.unwrap_or_default(),
            unit: table.optional_text(row, F::MoneyUnit),
            previous: None,
            previous_months: None,
        });
    }
    Ok(kpis)
}

/// The item a row of the targets or last year's sheet is about: by id, or
/// by name when the id is blank.
fn item_of<'k>(table: &Table, row: u32, kpis: &'k mut [Kpi]) -> Result<&'k mut Kpi, Problem> {
    let id = table.text(row, SettingsField::Id);
    let name = normalize_label(&table.text(row, SettingsField::Name));
    let field = if id.is_empty() { SettingsField::Name } else { SettingsField::Id };
    let typed = table.text(row, field);
    kpis.iter_mut()
        .find(|k| if id.is_empty() { normalize_label(&k.label) == name } else { k.id == id })
        .ok_or_else(|| table.problem(row, field, ConfigProblem::UnknownItem(typed)))
}

/// The targets grid: the organisation's target, or one per unit column.
fn read_targets(table: &Table, units: &[Unit], kpis: &mut [Kpi]) -> Result<(), Problem> {
    let fixed: Vec<u32> = table.columns.values().copied().collect();
    let (_, end_col) = table.range.end().unwrap_or((0, 0));
    let mut unit_columns = Vec::new();
    for col in 0..=end_col {
        let heading = table.text_at(table.heading_row, col);
        if fixed.contains(&col) || heading.is_empty() {
            continue;
        }
        let id = unit_id(units, &heading)
            .ok_or_else(|| (table.place(table.heading_row, col), ConfigProblem::UnknownUnitName(heading.clone())))?;
        unit_columns.push((col, id));
    }
    for row in table.entries(&[SettingsField::Id, SettingsField::Name]) {
        let target = table.number(row, SettingsField::Whole)?;
        let mut unit_targets = BTreeMap::new();
        for (col, id) in &unit_columns {
            if let Some(value) = table.number_at(row, *col)? {
                unit_targets.insert(id.clone(), value);
            }
        }
        let kpi = item_of(table, row, kpis)?;
        kpi.target = target;
        kpi.unit_targets = unit_targets;
    }
    Ok(())
}

/// Last year's result and months; the twelve months follow the fixed
/// columns in fiscal order.
fn read_last_year(table: &Table, kpis: &mut [Kpi]) -> Result<(), Problem> {
    let first_month = table.columns[&SettingsField::Previous] + 1;
    for row in table.entries(&[SettingsField::Id, SettingsField::Name]) {
        let previous = table.number(row, SettingsField::Previous)?;
        let mut months = Vec::with_capacity(12);
        for col in first_month..first_month + 12 {
            months.push((col, table.number_at(row, col)?));
        }
        let previous_months = if months.iter().all(|(_, v)| v.is_none()) {
            None
        } else {
            let filled =
                months.iter().map(|&(col, value)| value.ok_or((table.place(row, col), ConfigProblem::Required)));
            Some(filled.collect::<Result<Vec<f64>, _>>()?)
        };
        let kpi = item_of(table, row, kpis)?;
        kpi.previous = previous;
        kpi.previous_months = previous_months;
    }
    Ok(())
}

/// The sheets `Config::assemble`'s problems are placed in.
struct Tables<'a> {
    units: Table<'a>,
    groups: Table<'a>,
    items: Table<'a>,
    targets: Table<'a>,
    last_year: Table<'a>,
}

impl Tables<'_> {
    /// Where a problem `Config::assemble` found was typed.
    fn place_of(&self, subject: &Subject, problem: &ConfigProblem) -> Place {
        let whole = |table: &Table| Place::Cell { sheet: table.sheet.clone(), cell: String::new() };
        let at = |table: &Table, id: &str, field: SettingsField| match table.row_of(id) {
            Some(row) => table.problem(row, field, ConfigProblem::Required).0,
            None => whole(table),
        };
        let items = &self.items;
        match subject {
            Subject::StartMonth | Subject::Units => whole(&self.units),
            Subject::Unit(id) => at(&self.units, id, SettingsField::Id),
            Subject::Group(id) => at(&self.groups, id, SettingsField::Id),
            Subject::Kpi(id) => match problem {
                ConfigProblem::TargetTwice(_) => at(&self.targets, id, SettingsField::Whole),
                ConfigProblem::PreviousMonths(_) => at(&self.last_year, id, SettingsField::Previous),
                ConfigProblem::NoOpening(_) => at(items, id, SettingsField::Opening),
                ConfigProblem::MoneyUnit(_) => at(items, id, SettingsField::MoneyUnit),
                ConfigProblem::PartsCount(_) | ConfigProblem::PartNotAbove { .. } => {
                    at(items, id, SettingsField::Parts)
                }
                ConfigProblem::UnknownGroup { .. } => at(items, id, SettingsField::Group),
                ConfigProblem::LabelTwice { .. } => at(items, id, SettingsField::Name),
                ConfigProblem::UnknownUnit { .. } => at(items, id, SettingsField::Reporters),
                _ => at(items, id, SettingsField::Id),
            },
        }
    }
}
