//! The organisation: its units, KPIs, targets and thresholds, read from TOML
//! and checked once, so every later stage can index into it without doubt.
//! The embedded default is the chamber of commerce in `default_config.toml`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::MatomeError;
pub use crate::error::{ConfigProblem, Place};
use crate::text::normalize_label;

/// What a unit is called when the configuration does not say.
pub const DEFAULT_UNIT_WORD: &str = "支所";
pub const DEFAULT_UNIT_WORD_EN: &str = "unit";

/// The commented default configuration, as `matome config` prints it.
pub const DEFAULT_CONFIG_TOML: &str = include_str!("default_config.toml");

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub organisation: Organisation,
    #[serde(default)]
    pub thresholds: Thresholds,
    #[serde(default)]
    pub limits: Limits,
    pub units: Vec<Unit>,
    pub groups: Vec<Group>,
    pub kpis: Vec<Kpi>,
    /// Passwords to try on a zip's protected entries (given on the command
    /// line or in the page, never saved with the settings).
    #[serde(skip)]
    pub passwords: Vec<String>,
    /// Lookups built on first use; thousands of units are looked up by
    /// thousands of files. A configuration is not changed after loading (to
    /// derive one, edit it and load it again through `from_toml`).
    #[serde(skip)]
    index: OnceLock<Index>,
}

#[derive(Debug, Clone, Default)]
struct Index {
    unit_ids: HashMap<String, usize>,
    kpi_ids: HashMap<String, usize>,
    /// Normalised unit names and aliases → unit.
    unit_names: HashMap<String, usize>,
    /// Normalised KPI labels and aliases → KPI, inputs and derived apart.
    input_labels: HashMap<String, usize>,
    derived_labels: HashMap<String, usize>,
    /// Finds unit names inside file names in one pass, however many units.
    unit_name_finder: Option<(aho_corasick::AhoCorasick, Vec<usize>)>,
    /// Distinguishes this configuration in caches kept outside it.
    id: u64,
    /// Per KPI, which units report it: `None` for every unit (and for
    /// derived KPIs, which no unit reports).
    reporters: Vec<Option<Vec<bool>>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    pub name_en: Option<String>,
    #[serde(default = "default_report_title")]
    pub report_title: String,
    pub report_title_en: Option<String>,
    /// The calendar year the fiscal year starts in.
    pub fiscal_year: i32,
    #[serde(default = "default_start_month")]
    pub start_month: u32,
    /// What the organisation calls its units (支所, 店舗, 事業所, 営業所 …),
    /// used in every message and heading; 支所 when absent.
    pub unit_word: Option<String>,
    /// The same in English ("branch", "store"); "unit" when absent.
    pub unit_word_en: Option<String>,
}

pub(crate) fn default_report_title() -> String {
    "進捗状況".to_string()
}

fn default_start_month() -> u32 {
    4
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub ahead: f64,
    pub behind: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { ahead: 1.0, behind: 0.8 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Files larger than this are not opened.
    pub max_file_bytes: u64,
    /// Sheets whose used range holds more cells than this are not read.
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 20_000_000, max_cells: 2_000_000 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub label: String,
    pub label_en: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiKind {
    Flow,
    Stock,
    Sum,
    Difference,
    Ratio,
    Balance,
}

impl KpiKind {
    /// Reported by units in their files, as opposed to computed by matome.
    pub fn is_input(self) -> bool {
        matches!(self, KpiKind::Flow | KpiKind::Stock)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    pub id: String,
    pub label: String,
    pub label_en: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: KpiKind,
    #[serde(default)]
    pub counter: String,
    pub group: String,
    /// Unit ids that report this KPI; all units when absent (inputs only).
    pub units: Option<Vec<String>>,
    pub target: Option<f64>,
    #[serde(default)]
    pub unit_targets: BTreeMap<String, f64>,
    #[serde(default)]
    pub of: Vec<String>,
    pub opening: Option<f64>,
    #[serde(default)]
    pub monotonic: bool,
    /// What kind of figure it is: a count (whole, not negative), an amount
    /// (decimals, in `unit`) or a signed figure (negatives allowed).
    #[serde(default)]
    pub value: ValueKind,
    /// An amount's unit: 円, 千円, 万円, 百万円 or 億円.
    pub unit: Option<String>,
    /// Last fiscal year's result, for 前年度実績 and 前年同期比.
    pub previous: Option<f64>,
    /// Last fiscal year's figure for each month (fiscal order, 12 values).
    pub previous_months: Option<Vec<f64>>,
}

/// What a KPI's figures are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// Whole numbers, never negative: the default.
    #[default]
    Count,
    /// Money, decimals allowed, in the KPI's `unit`.
    Amount,
    /// Whole numbers that may be negative.
    Signed,
}

/// Which language users read. Japanese unless asked otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

/// What a configuration problem is about, so that a TOML file can show
/// its line and the settings workbook its sheet and cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    StartMonth,
    Units,
    Unit(String),
    Group(String),
    Kpi(String),
}

impl Config {
    /// The embedded default organisation.
    pub fn default_config() -> Config {
        Config::from_toml(DEFAULT_CONFIG_TOML, Path::new("<default>"))
            .expect("the embedded default configuration is valid")
    }

    pub fn load(path: &Path) -> Result<Config, MatomeError> {
        let text = std::fs::read_to_string(path).map_err(|e| MatomeError::Config {
            path: path.to_path_buf(),
            place: Place::Whole,
            problem: Box::new(ConfigProblem::Unreadable(e.to_string())),
        })?;
        Config::from_toml(&text, path)
    }

    /// The configuration as TOML, every setting written out (no comments);
    /// `from_toml` reads it back to the same configuration (passwords are
    /// never written).
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a configuration serialises as TOML")
    }

    /// Parse and validate; errors name the line of the offending entry.
    pub fn from_toml(text: &str, path: &Path) -> Result<Config, MatomeError> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let config: Config = toml::from_str(text).map_err(|e| {
            let span = e.span().filter(|span| text.get(span.clone()).is_some());
            let near = span.clone().map_or("", |span| text[span].trim()).chars().take(60).collect();
            MatomeError::Config {
                path: path.to_path_buf(),
                place: span.map_or(Place::Whole, |span| Place::Line(line_of(span.start))),
                problem: Box::new(ConfigProblem::Syntax { message: e.message().trim_end().to_string(), near }),
            }
        })?;
        config.validate().map_err(|(needle, problem)| {
            let place = text.lines().position(|l| l.contains(&needle)).map_or(Place::Whole, |n| Place::Line(n + 1));
            MatomeError::Config { path: path.to_path_buf(), place, problem: Box::new(problem) }
        })?;
        Ok(config)
    }

    /// A configuration from its parts (as the settings workbook holds them),
    /// checked as a TOML file is. The error names what it is about (the id
    /// of the unit, group or KPI, or the setting) so the caller can place it.
    pub fn assemble(
        organisation: Organisation,
        thresholds: Thresholds,
        limits: Limits,
        units: Vec<Unit>,
        groups: Vec<Group>,
        kpis: Vec<Kpi>,
    ) -> Result<Config, (Subject, ConfigProblem)> {
        let config = Config {
            organisation,
            thresholds,
            limits,
            units,
            groups,
            kpis,
            passwords: Vec::new(),
            index: OnceLock::new(),
        };
        config.check().map(|()| config)
    }

    /// `check`'s answer with the text to look for in a TOML file.
    fn validate(&self) -> Result<(), (String, ConfigProblem)> {
        self.check().map_err(|(subject, problem)| {
            let needle = match subject {
                Subject::StartMonth => "start_month".to_string(),
                Subject::Units => "[organisation]".to_string(),
                Subject::Unit(id) | Subject::Group(id) | Subject::Kpi(id) => quoted_id(&id),
            };
            (needle, problem)
        })
    }

    fn check(&self) -> Result<(), (Subject, ConfigProblem)> {
        if !(1..=12).contains(&self.organisation.start_month) {
            return Err((Subject::StartMonth, ConfigProblem::StartMonth));
        }
        self.check_units()?;
        let mut group_ids = std::collections::HashSet::new();
        for group in &self.groups {
            if !group_ids.insert(group.id.as_str()) {
                return Err((Subject::Group(group.id.clone()), ConfigProblem::GroupTwice(group.id.clone())));
            }
        }
        let mut label_keys: BTreeMap<String, &str> = BTreeMap::new();
        // A set: a federation's targets name a thousand units, each KPI.
        let unit_ids: std::collections::HashSet<&str> = self.units.iter().map(|u| u.id.as_str()).collect();
        for (index, kpi) in self.kpis.iter().enumerate() {
            let here = || Subject::Kpi(kpi.id.clone());
            let earlier: Vec<&str> = self.kpis[..index].iter().map(|k| k.id.as_str()).collect();
            if earlier.contains(&kpi.id.as_str()) {
                return Err((here(), ConfigProblem::KpiTwice(kpi.id.clone())));
            }
            if !group_ids.contains(kpi.group.as_str()) {
                return Err((here(), ConfigProblem::UnknownGroup { kpi: kpi.id.clone(), group: kpi.group.clone() }));
            }
            self.check_kpi(kpi, &earlier, &unit_ids).map_err(|problem| (here(), problem))?;
            if kpi.kind.is_input() {
                for label in std::iter::once(&kpi.label).chain(&kpi.aliases) {
                    if let Some(other) = label_keys.insert(normalize_label(label), &kpi.id) {
                        let problem = ConfigProblem::LabelTwice {
                            label: label.clone(),
                            first: other.to_string(),
                            second: kpi.id.clone(),
                        };
                        return Err((here(), problem));
                    }
                }
            }
        }
        Ok(())
    }

    /// At least one unit; ids used once; no name or alias for two units.
    fn check_units(&self) -> Result<(), (Subject, ConfigProblem)> {
        if self.units.is_empty() {
            return Err((Subject::Units, ConfigProblem::NoUnits));
        }
        let mut seen = std::collections::HashSet::new();
        for unit in &self.units {
            if !seen.insert(unit.id.as_str()) {
                return Err((Subject::Unit(unit.id.clone()), ConfigProblem::UnitTwice(unit.id.clone())));
            }
        }
        let mut unit_keys: BTreeMap<String, &str> = BTreeMap::new();
        for unit in &self.units {
            for name in std::iter::once(&unit.name).chain(&unit.aliases) {
                if let Some(other) = unit_keys.insert(normalize_label(name), &unit.id) {
                    if other != unit.id {
                        let problem = ConfigProblem::UnitNameTwice {
                            name: name.clone(),
                            first: other.to_string(),
                            second: unit.id.clone(),
                        };
                        return Err((Subject::Unit(unit.id.clone()), problem));
                    }
                }
            }
        }
        Ok(())
    }

    /// One KPI's own settings: the units it names, its target, money unit,
    /// last year's months, and the KPIs (`earlier`, defined above it) it is
    /// computed from.
    fn check_kpi(
        &self,
        kpi: &Kpi,
        earlier: &[&str],
        unit_ids: &std::collections::HashSet<&str>,
    ) -> Result<(), ConfigProblem> {
        let id = || kpi.id.clone();
        for unit_id in kpi.units.iter().flatten().chain(kpi.unit_targets.keys()) {
            if !unit_ids.contains(unit_id.as_str()) {
                return Err(ConfigProblem::UnknownUnit { kpi: id(), unit: unit_id.clone() });
            }
        }
        if kpi.target.is_some() && !kpi.unit_targets.is_empty() {
            return Err(ConfigProblem::TargetTwice(id()));
        }
        if kpi.unit.as_deref().is_some_and(|u| crate::text::money_unit_factor(u).is_none()) {
            return Err(ConfigProblem::MoneyUnit(id()));
        }
        if kpi.previous_months.as_ref().is_some_and(|m| m.len() != 12) {
            return Err(ConfigProblem::PreviousMonths(id()));
        }
        let needed = match kpi.kind {
            KpiKind::Flow | KpiKind::Stock => 0..=0,
            KpiKind::Sum => 1..=usize::MAX,
            KpiKind::Difference | KpiKind::Ratio => 2..=2,
            KpiKind::Balance => 1..=1,
        };
        if !needed.contains(&kpi.of.len()) {
            return Err(ConfigProblem::PartsCount(id()));
        }
        if let Some(input) = kpi.of.iter().find(|input| !earlier.contains(&input.as_str())) {
            return Err(ConfigProblem::PartNotAbove { kpi: id(), part: input.clone() });
        }
        if kpi.kind == KpiKind::Balance && kpi.opening.is_none() {
            return Err(ConfigProblem::NoOpening(id()));
        }
        Ok(())
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let mut index =
                Index { id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed), ..Index::default() };
            for (i, unit) in self.units.iter().enumerate() {
                index.unit_ids.entry(unit.id.clone()).or_insert(i);
                for name in std::iter::once(&unit.name).chain(&unit.aliases) {
                    index.unit_names.entry(normalize_label(name)).or_insert(i);
                }
            }
            index.reporters = self
                .kpis
                .iter()
                .map(|kpi| {
                    let listed: std::collections::HashSet<&str> =
                        kpi.units.as_ref()?.iter().map(String::as_str).collect();
                    Some(self.units.iter().map(|u| listed.contains(u.id.as_str())).collect())
                })
                .collect();
            for (i, kpi) in self.kpis.iter().enumerate() {
                index.kpi_ids.entry(kpi.id.clone()).or_insert(i);
                let labels = if kpi.kind.is_input() { &mut index.input_labels } else { &mut index.derived_labels };
                for label in std::iter::once(&kpi.label).chain(&kpi.aliases).chain(&kpi.label_en) {
                    labels.entry(normalize_label(label)).or_insert(i);
                }
            }
            index.unit_names.remove("");
            let (patterns, units): (Vec<&String>, Vec<usize>) = index.unit_names.iter().map(|(k, &u)| (k, u)).unzip();
            index.unit_name_finder = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(patterns)
                .ok()
                .map(|finder| (finder, units));
            index
        })
    }

    pub fn unit_index(&self, id: &str) -> Option<usize> {
        self.index().unit_ids.get(id).copied()
    }

    pub fn kpi_index(&self, id: &str) -> Option<usize> {
        self.index().kpi_ids.get(id).copied()
    }

    /// The unit a name refers to, by its name or an alias, compared after
    /// normalisation (so 「勝北支所」 and 「勝北 支所」 are the same).
    pub fn find_unit(&self, name: &str) -> Option<usize> {
        self.index().unit_names.get(&normalize_label(name)).copied()
    }

    /// An id unique to this loaded configuration in this process, for
    /// caches of what depends on it.
    pub fn cache_id(&self) -> u64 {
        self.index().id
    }

    /// The input KPI a normalised label names.
    pub fn input_kpi_by_label(&self, key: &str) -> Option<usize> {
        self.index().input_labels.get(key).copied()
    }

    /// The one KPI a label that matches none was probably meant to be: a
    /// typo within an edit or two of a KPI's label or alias (「巡回件教」 →
    /// 巡回件数), or one missing or adding 件数 / 数. Only a confident
    /// answer: never for short labels, where every edit is another word,
    /// and never when two KPIs are as close.
    pub fn suggest_kpi(&self, typed: &str) -> Option<usize> {
        let unnumbered = crate::text::without_numbering(typed);
        let key = crate::text::normalize_label(unnumbered.as_deref().unwrap_or(typed));
        let length = key.chars().count();
        if length < 2 {
            return None;
        }
        let allowed = if length >= 8 { 2 } else { 1 };
        let mut best: Option<(usize, usize)> = None;
        let mut tied = false;
        for (label, &kpi) in &self.index().input_labels {
            let suffix_only = [("件数", ""), ("数", ""), ("", "件数"), ("", "数")]
                .iter()
                .any(|(extra, missing)| format!("{key}{extra}") == format!("{label}{missing}"));
            // Edits other than 件数 / 数 only on labels long enough that one
            // edit does not make another word.
            let distance = if suffix_only {
                1
            } else if length >= 4 && label.chars().count() >= 4 {
                strsim::levenshtein(&key, label)
            } else {
                continue;
            };
            if distance > allowed {
                continue;
            }
            match best {
                Some((d, k)) if d == distance && k != kpi => tied = true,
                Some((d, _)) if d <= distance => {}
                _ => {
                    best = Some((distance, kpi));
                    tied = false;
                }
            }
        }
        best.filter(|_| !tied).map(|(_, kpi)| kpi)
    }

    /// Whether a normalised label names a derived KPI (computed, not read).
    pub fn is_derived_label(&self, key: &str) -> bool {
        self.index().derived_labels.contains_key(key)
    }

    /// The unit whose name or alias is the longest found in a normalised
    /// text (a file name); the earliest on a tie.
    pub fn unit_named_in(&self, text: &str) -> Option<usize> {
        let (finder, units) = self.index().unit_name_finder.as_ref()?;
        finder
            .find_iter(text)
            .max_by(|a, b| a.len().cmp(&b.len()).then(b.start().cmp(&a.start())))
            .map(|m| units[m.pattern().as_usize()])
    }

    /// Whether a unit reports an input KPI.
    pub fn reports(&self, kpi: usize, unit: usize) -> bool {
        self.kpis[kpi].kind.is_input() && self.index().reporters[kpi].as_ref().is_none_or(|units| units[unit])
    }

    /// A unit's own annual target, if it has one.
    pub fn unit_target(&self, kpi: usize, unit: usize) -> Option<f64> {
        self.kpis[kpi].unit_targets.get(&self.units[unit].id).copied()
    }

    /// The organisation's annual target: the one given, or the units' sum.
    pub fn target(&self, kpi: usize) -> Option<f64> {
        let kpi = &self.kpis[kpi];
        kpi.target.or_else(|| (!kpi.unit_targets.is_empty()).then(|| kpi.unit_targets.values().sum()))
    }

    /// Calendar month of the fiscal month index 0..12.
    pub fn calendar_month(&self, index: usize) -> u32 {
        (self.organisation.start_month - 1 + index as u32) % 12 + 1
    }

    /// Fiscal month index 0..12 of a calendar month.
    pub fn month_index(&self, calendar_month: u32) -> usize {
        ((calendar_month + 12 - self.organisation.start_month) % 12) as usize
    }

    /// Calendar year of the fiscal month index.
    pub fn month_year(&self, index: usize) -> i32 {
        let start = self.organisation.start_month as usize;
        self.organisation.fiscal_year + i32::from(start + index > 12)
    }

    /// The fiscal year a date falls in, under this start month.
    pub fn fiscal_year_of(&self, date: chrono::NaiveDate) -> i32 {
        use chrono::Datelike;
        date.year() - i32::from(date.month() < self.organisation.start_month)
    }

    pub fn fiscal_start(&self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.organisation.fiscal_year, self.organisation.start_month, 1)
            .expect("validated start month")
    }

    /// The last day of the fiscal year.
    pub fn fiscal_end(&self) -> chrono::NaiveDate {
        let start = self.organisation.start_month;
        chrono::NaiveDate::from_ymd_opt(self.organisation.fiscal_year + 1, start, 1)
            .expect("validated start month")
            .pred_opt()
            .expect("not the first day of the calendar")
    }

    pub fn kpi_label(&self, kpi: usize, lang: Lang) -> &str {
        let kpi = &self.kpis[kpi];
        match lang {
            Lang::En => kpi.label_en.as_deref().unwrap_or(&kpi.label),
            Lang::Ja => &kpi.label,
        }
    }

    pub fn unit_name(&self, unit: usize, lang: Lang) -> &str {
        let unit = &self.units[unit];
        match lang {
            Lang::En => unit.name_en.as_deref().unwrap_or(&unit.name),
            Lang::Ja => &unit.name,
        }
    }

    pub fn group_label(&self, group: usize, lang: Lang) -> &str {
        let group = &self.groups[group];
        match lang {
            Lang::En => group.label_en.as_deref().unwrap_or(&group.label),
            Lang::Ja => &group.label,
        }
    }

    pub fn organisation_name(&self, lang: Lang) -> &str {
        let org = &self.organisation;
        match lang {
            Lang::En => org.name_en.as_deref().unwrap_or(&org.name),
            Lang::Ja => &org.name,
        }
    }

    /// What the organisation calls a unit, in `lang`.
    pub fn unit_word(&self, lang: Lang) -> &str {
        let organisation = &self.organisation;
        match lang {
            Lang::Ja => organisation.unit_word.as_deref().unwrap_or(DEFAULT_UNIT_WORD),
            Lang::En => organisation.unit_word_en.as_deref().unwrap_or(DEFAULT_UNIT_WORD_EN),
        }
    }

    pub fn report_title(&self, lang: Lang) -> &str {
        let org = &self.organisation;
        match lang {
            Lang::En => org.report_title_en.as_deref().unwrap_or(&org.report_title),
            Lang::Ja => &org.report_title,
        }
    }

    /// The word a KPI is counted in; a derived KPI takes its first input's
    /// (a ratio has none).
    pub fn counter(&self, kpi: usize) -> &str {
        let entry = &self.kpis[kpi];
        if entry.value == ValueKind::Amount {
            return self.amount_unit(kpi);
        }
        if !entry.counter.is_empty() || entry.kind == KpiKind::Ratio {
            return &entry.counter;
        }
        entry.of.first().and_then(|id| self.kpi_index(id)).map_or("", |k| self.counter(k))
    }

    /// An amount KPI's unit (円 unless configured).
    pub fn amount_unit(&self, kpi: usize) -> &str {
        self.kpis[kpi].unit.as_deref().unwrap_or("円")
    }

    /// KPI indices of a group, in configuration order.
    pub fn group_kpis(&self, group: usize) -> impl Iterator<Item = usize> + '_ {
        let id = &self.groups[group].id;
        (0..self.kpis.len()).filter(move |&k| self.kpis[k].group == *id)
    }

    /// The units whose rows a KPI's block shows: reporters for inputs, the
    /// units reporting any input for derived KPIs.
    pub fn kpi_units(&self, kpi: usize) -> Vec<usize> {
        let mut shown = vec![false; self.units.len()];
        self.mark_kpi_units(kpi, &mut shown);
        (0..self.units.len()).filter(|&u| shown[u]).collect()
    }

    fn mark_kpi_units(&self, kpi: usize, shown: &mut [bool]) {
        let entry = &self.kpis[kpi];
        if entry.kind.is_input() {
            for (unit, shown) in shown.iter_mut().enumerate() {
                *shown |= self.reports(kpi, unit);
            }
        } else {
            for input in entry.of.iter().filter_map(|id| self.kpi_index(id)) {
                self.mark_kpi_units(input, shown);
            }
        }
    }
}

fn quoted_id(id: &str) -> String {
    format!("\"{id}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_describes_the_chamber() {
        let config = Config::default_config();
        assert_eq!(config.units.len(), 5);
        let visits = config.kpi_index("visits").unwrap();
        assert_eq!(config.target(visits), Some(3200.0));
        let consultations = config.kpi_index("consultations").unwrap();
        assert_eq!(config.target(consultations), Some(3000.0));
        assert!(!config.reports(consultations, config.unit_index("honbu").unwrap()));
        assert_eq!(config.calendar_month(0), 4);
        assert_eq!(config.calendar_month(11), 3);
        assert_eq!(config.month_index(3), 11);
        assert_eq!(config.month_year(9), 2022);
        assert_eq!(config.fiscal_end(), chrono::NaiveDate::from_ymd_opt(2022, 3, 31).unwrap());
        assert_eq!(config.find_unit("勝北 支所"), config.unit_index("shohoku"));
    }

    #[test]
    fn a_broken_reference_names_its_line() {
        let text = DEFAULT_CONFIG_TOML.replace("group = \"members\"\nunits", "group = \"membres\"\nunits");
        let err = Config::from_toml(&text, Path::new("x.toml")).unwrap_err().to_string();
        assert!(err.contains("group \"membres\""), "{err}");
        let line = text.lines().position(|l| l.contains("id = \"joined\"")).unwrap() + 1;
        assert!(err.contains(&format!("line {line}:")), "{err}");
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let err = Config::from_toml("[organisation]\nname = \n", Path::new("x.toml")).unwrap_err().to_string();
        assert!(err.contains("line 2"), "{err}");
    }
}
