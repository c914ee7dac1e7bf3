//! Settings learnt from an organisation's own forms (`matome init --from`):
//! the items from the label rows of any layout matome reads, their groups
//! from a 区分 column, their counters from a 単位 column or the label's
//! unit word, levels from a ※ or a 月末時点/残高 word; the units from the
//! 支所名 cells or the file names; the fiscal year from the 年度 cell.
//! What a form cannot tell (targets it has no column for, whether an
//! unmarked row is a level, derived items) is left for the user, shaded
//! in the workbook and listed (`ToCheck`). The settings are then tried on
//! the forms themselves: every figure must read back.

mod form;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::Review;
use crate::config::{Config, Group, Kpi, KpiKind, Lang, Limits, Organisation, Place, Thresholds, Unit, ValueKind};
use crate::error::MatomeError;
use crate::findings::{Code, Finding, Location, Treatment};
use crate::i18n::{self, LearntReport, SettingsField, ToCheck};
use crate::read::layout::labelled_cells;
use crate::text::normalize_label;
use form::{read_form_sheet, FormRow};

/// Words a unit's name may end in (「勝北支所」 is 勝北), which are then the
/// organisation's word for its units.
const UNIT_WORDS: &[&str] = &["支所", "支部", "事業所", "営業所", "店舗", "部署", "出張所", "店"];

/// The settings learnt, the cells to shade, and what to tell the user.
pub struct Learnt {
    pub config: Config,
    pub review: Review,
    pub report: LearntReport,
}

/// One form, as learnt.
struct Form {
    /// Its bytes, to read it back with what was learnt.
    bytes: Vec<u8>,
    display: String,
    unit: String,
    unit_from_file_name: bool,
    unit_word: Option<String>,
    fiscal_year: Option<i32>,
    report_date: Option<NaiveDate>,
    first_month: Option<u32>,
    has_group_column: bool,
    rows: Vec<FormRow>,
}

/// Learn the settings from the forms at `inputs` (files or folders).
pub fn learn(inputs: &[PathBuf], lang: Lang) -> Result<Learnt, MatomeError> {
    let scan = crate::scan::scan(inputs, None)?;
    let limits = Limits::default();
    let mut not_forms = scan.findings;
    let mut files = Vec::new();
    for file in scan.files {
        match crate::read::file_bytes(&file.path, &file.display, &limits) {
            Ok(bytes) => files.push((file.display, bytes)),
            Err(finding) => not_forms.push(*finding),
        }
    }
    learn_from(files, not_forms, inputs, lang)
}

/// Learn the settings from forms given as their names and bytes (the
/// page's choice).
pub fn learn_from_files(files: Vec<(String, Vec<u8>)>, lang: Lang) -> Result<Learnt, MatomeError> {
    let inputs: Vec<PathBuf> = files.iter().map(|(name, _)| PathBuf::from(name)).collect();
    learn_from(files, Vec::new(), &inputs, lang)
}

fn learn_from(
    files: Vec<(String, Vec<u8>)>,
    mut not_forms: Vec<Finding>,
    inputs: &[PathBuf],
    lang: Lang,
) -> Result<Learnt, MatomeError> {
    let limits = Limits::default();
    let mut forms = Vec::new();
    for (display, bytes) in files {
        match read_form(bytes, &display, &limits) {
            Ok(form) => forms.push(form),
            Err(finding) => not_forms.push(*finding),
        }
    }
    let Some(first) = forms.first() else {
        return Err(MatomeError::NoForms { inputs: inputs.to_vec(), files: not_forms });
    };
    let start_month = first.first_month.unwrap_or(4);
    let (fiscal_year, year_told) = fiscal_year(&forms, start_month);
    let units = units(&forms);
    let unit_word = forms.iter().find_map(|f| f.unit_word.clone());
    let has_group_column = forms.iter().any(|f| f.has_group_column);
    let items = merged_items(&forms);
    let groups = groups(&items, has_group_column, lang);
    let kpis = kpis(&items, &units, &groups);
    let organisation = Organisation {
        name: i18n::organisation_to_fill(lang).to_string(),
        name_en: None,
        report_title: crate::config::default_report_title(),
        report_title_en: None,
        fiscal_year,
        start_month,
        unit_word: unit_word.filter(|word| word != crate::config::DEFAULT_UNIT_WORD),
        unit_word_en: None,
    };
    let config = Config::assemble(organisation, Thresholds::default(), limits, units, groups, kpis).map_err(
        |(_, problem)| MatomeError::Config { path: inputs[0].clone(), place: Place::Whole, problem: Box::new(problem) },
    )?;

    let mut to_check = vec![ToCheck::OrganisationName];
    if !year_told {
        to_check.push(ToCheck::FiscalYear { year: fiscal_year, told: forms.iter().any(|f| f.report_date.is_some()) });
    }
    let without = config.kpis.iter().filter(|k| k.target.is_none() && k.unit_targets.is_empty()).count();
    if without > 0 {
        to_check.push(ToCheck::Targets { without, items: config.kpis.len() });
    }
    if !has_group_column {
        to_check.push(ToCheck::OneGroup);
    }
    let levels: Vec<String> =
        config.kpis.iter().filter(|k| k.kind == KpiKind::Stock).map(|k| k.label.clone()).collect();
    if !levels.is_empty() {
        to_check.push(ToCheck::Levels(levels));
    }
    to_check.push(ToCheck::CountsAndDerived);
    for form in forms.iter().filter(|f| f.unit_from_file_name) {
        let unit = split_unit_word(&form.unit).0;
        to_check.push(ToCheck::UnitFromFileName { file: form.display.clone(), unit });
    }
    let (figures, figures_read_back) = read_back(&forms, &config, &mut to_check);
    let review = Review {
        targets_carried: false,
        blank_targets: without > 0,
        item_fields: if has_group_column {
            vec![SettingsField::Kind]
        } else {
            vec![SettingsField::Kind, SettingsField::Group]
        },
        organisation_fields: if year_told {
            vec![SettingsField::OrganisationName]
        } else {
            vec![SettingsField::OrganisationName, SettingsField::FiscalYear]
        },
    };
    let report = LearntReport { forms: forms.len(), not_forms, to_check, figures, figures_read_back };
    Ok(Learnt { config, review, report })
}

/// Read one file as a form: its items from every sheet, its unit, year
/// and report date from the labelled cells.
fn read_form(bytes: Vec<u8>, display: &str, limits: &Limits) -> Result<Form, Box<Finding>> {
    let sheets = crate::read::worksheets(&bytes, display, limits)?;
    let path = Path::new(display);
    let mut form = Form {
        bytes,
        display: display.to_string(),
        unit: String::new(),
        unit_from_file_name: false,
        unit_word: None,
        fiscal_year: None,
        report_date: None,
        first_month: None,
        has_group_column: false,
        rows: Vec::new(),
    };
    let mut unit_cell = None;
    for (name, range) in &sheets {
        let table = read_form_sheet(name, range);
        form.first_month = form.first_month.or(table.first_month);
        form.has_group_column |= table.has_group_column;
        add_rows(&mut form.rows, table.rows);
        let labelled = labelled_cells(range);
        if unit_cell.is_none() {
            if let Some(cell) = labelled.unit_cell {
                form.unit_word = unit_word_left_of(range, cell.cell.row, cell.cell.col);
                unit_cell = Some(cell.value);
            }
        }
        form.fiscal_year = form.fiscal_year.or(labelled.fiscal_year.map(|y| y.value));
        form.report_date = form.report_date.or(labelled.report_date.map(|d| d.value));
    }
    if form.rows.is_empty() {
        return Err(Box::new(Finding::new(Code::NoTable, Location::file(display), Treatment::FileSkipped)));
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    form.unit_from_file_name = unit_cell.is_none();
    form.unit = unit_cell.unwrap_or_else(|| unit_in_stem(&stem));
    Ok(form)
}

/// Rows of another sheet or table: new items added, figures of one
/// already seen counted to it (a stacked table's 下期).
fn add_rows(rows: &mut Vec<FormRow>, more: Vec<FormRow>) {
    for row in more {
        let key = normalize_label(&row.label);
        match rows.iter_mut().find(|r| normalize_label(&r.label) == key) {
            Some(known) => known.figures += row.figures,
            None => rows.push(row),
        }
    }
}

/// The organisation's word for its units, from the label of the unit cell
/// (「店舗名」 → 店舗).
fn unit_word_left_of(range: &calamine::Range<calamine::Data>, row: u32, col: u32) -> Option<String> {
    let label = range.get_value((row, col.checked_sub(1)?)).and_then(crate::read::cells::cell_text)?;
    let key = normalize_label(label);
    let word = key.strip_suffix('名').unwrap_or(&key);
    UNIT_WORDS.iter().find(|&&w| w == word).map(|w| w.to_string())
}

/// The unit a file name names: its first part that is not a month, a
/// year or a word such as 報告 (「勝北支所_6月分(修正)」 → 勝北支所).
fn unit_in_stem(stem: &str) -> String {
    let not_a_name = |part: &str| {
        part.chars().any(|c| c.is_ascii_digit() || "０１２３４５６７８９".contains(c))
            || ["月", "年度", "令和", "修正", "報告", "実績", "提出", "様式", "月次", "四半期"]
                .iter()
                .any(|w| part.contains(w))
    };
    stem.split(['_', ' ', '　', '(', ')', '（', '）', '-', '・'])
        .map(str::trim)
        .find(|part| !part.is_empty() && !not_a_name(part))
        .unwrap_or(stem)
        .to_string()
}

/// The fiscal year a 年度 cell gives; else the one a report date falls in;
/// else this year's. And whether a 年度 cell told it.
fn fiscal_year(forms: &[Form], start_month: u32) -> (i32, bool) {
    if let Some(year) = forms.iter().find_map(|f| f.fiscal_year) {
        return (year, true);
    }
    let date = forms.iter().find_map(|f| f.report_date).unwrap_or_else(|| chrono::Local::now().date_naive());
    let year = if date.month() >= start_month { date.year() } else { date.year() - 1 };
    (year, false)
}

/// A unit for each name the forms give, in the order first met; a name
/// ending in a unit word (「勝北支所」) is kept as its alias.
fn units(forms: &[Form]) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    for form in forms {
        let (name, alias) = split_unit_word(&form.unit);
        if units.iter().any(|u| u.name == name) {
            continue;
        }
        let id = format!("unit{}", units.len() + 1);
        units.push(Unit { id, name, name_en: None, aliases: alias.into_iter().collect() });
    }
    units
}

fn split_unit_word(text: &str) -> (String, Option<String>) {
    let text = text.trim();
    for word in UNIT_WORDS {
        if let Some(name) = text.strip_suffix(word).map(str::trim).filter(|n| !n.is_empty()) {
            return (name.to_string(), Some(text.to_string()));
        }
    }
    (text.to_string(), None)
}

/// An item as all the forms tell it: which units' forms hold it, and each
/// one's target.
struct Item {
    row: FormRow,
    units: Vec<String>,
    targets: BTreeMap<String, f64>,
}

fn merged_items(forms: &[Form]) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for form in forms {
        let unit = split_unit_word(&form.unit).0;
        for row in &form.rows {
            let index = *by_key.entry(normalize_label(&row.label)).or_insert_with(|| {
                items.push(Item { row: row.clone(), units: Vec::new(), targets: BTreeMap::new() });
                items.len() - 1
            });
            let item = &mut items[index];
            item.row.level |= row.level;
            if item.row.group.is_none() {
                item.row.group.clone_from(&row.group);
            }
            if item.row.counter.is_empty() {
                item.row.counter.clone_from(&row.counter);
            }
            item.row.money_unit = item.row.money_unit.or(row.money_unit);
            if !item.units.contains(&unit) {
                item.units.push(unit.clone());
            }
            if let Some(target) = row.target {
                item.targets.entry(unit.clone()).or_insert(target);
            }
        }
    }
    items
}

/// The groups: the 区分 the forms name, in order (and one for items
/// without), or a single group when no form has a 区分 column.
fn groups(items: &[Item], has_group_column: bool, lang: Lang) -> Vec<Group> {
    let mut labels: Vec<String> = Vec::new();
    let fallback = i18n::items_group_name(lang).to_string();
    for item in items {
        let label = item.row.group.clone().filter(|_| has_group_column).unwrap_or_else(|| fallback.clone());
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    labels
        .into_iter()
        .enumerate()
        .map(|(index, label)| Group { id: format!("group{}", index + 1), label, label_en: None })
        .collect()
}

fn kpis(items: &[Item], units: &[Unit], groups: &[Group]) -> Vec<Kpi> {
    let unit_id = |name: &str| units.iter().find(|u| u.name == name).map(|u| u.id.clone());
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let row = &item.row;
            let group = row
                .group
                .as_ref()
                .and_then(|label| groups.iter().find(|g| &g.label == label))
                .unwrap_or(&groups[groups.len() - 1]);
            let reporters: Vec<String> = item.units.iter().filter_map(|name| unit_id(name)).collect();
            Kpi {
                id: format!("item{}", index + 1),
                label: row.label.clone(),
                label_en: None,
                aliases: Vec::new(),
                kind: if row.level { KpiKind::Stock } else { KpiKind::Flow },
                counter: if row.money_unit.is_some() { String::new() } else { row.counter.clone() },
                group: group.id.clone(),
                units: (reporters.len() < units.len()).then_some(reporters),
                target: None,
                unit_targets: item.targets.iter().filter_map(|(name, &t)| Some((unit_id(name)?, t))).collect(),
                of: Vec::new(),
                opening: None,
                monotonic: false,
                value: if row.money_unit.is_some() { ValueKind::Amount } else { ValueKind::Count },
                unit: row.money_unit.map(str::to_string),
                previous: None,
                previous_months: None,
            }
        })
        .collect()
}

/// Read every form with the settings learnt, as `consolidate` will: the
/// figures it holds and the figures read back; labels not read are noted.
fn read_back(forms: &[Form], config: &Config, to_check: &mut Vec<ToCheck>) -> (usize, usize) {
    let (mut figures, mut read_back) = (0, 0);
    for form in forms {
        figures += form.rows.iter().map(|r| r.figures).sum::<usize>();
        let read = crate::read::read_bytes(&form.bytes, &form.display, config);
        let Some(Ok(submission)) = read.into_iter().next() else {
            to_check.push(ToCheck::NotReadBack {
                file: form.display.clone(),
                labels: form.rows.iter().map(|r| r.label.clone()).collect(),
            });
            continue;
        };
        let read: Vec<&str> = submission.rows.iter().map(|r| config.kpis[r.kpi].label.as_str()).collect();
        read_back += submission
            .rows
            .iter()
            .flat_map(|r| r.months.iter().flatten())
            .filter(|cell| cell.value.number().is_some())
            .count();
        let missing: Vec<String> =
            form.rows.iter().filter(|r| !read.contains(&r.label.as_str())).map(|r| r.label.clone()).collect();
        if !missing.is_empty() {
            to_check.push(ToCheck::NotReadBack { file: form.display.clone(), labels: missing });
        }
    }
    (figures, read_back)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_names_its_unit_past_months_and_words() {
        assert_eq!(unit_in_stem("勝北支所_6月分(修正)"), "勝北支所");
        assert_eq!(unit_in_stem("R3_加茂_第1四半期"), "加茂");
        assert_eq!(unit_in_stem("月次報告 久米"), "久米");
        assert_eq!(split_unit_word("奈義支所"), ("奈義".to_string(), Some("奈義支所".to_string())));
        assert_eq!(split_unit_word("本部"), ("本部".to_string(), None));
    }
}
