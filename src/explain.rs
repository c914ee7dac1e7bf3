//! How one file was read, for a person: the table and its layout, the
//! month headings, each label cell and the KPI it was taken as (and by which
//! rule), the unit, 基準日 and 年度 cells, and what was not read and why.
//! `matome check --explain FILE` prints it; `--format json` gives the data.

use serde::Serialize;

use crate::config::Config;
use crate::findings::{CellRef, Finding};
use crate::read::layout::Layout;
use crate::read::{KpiRow, Located, SheetNotRead, Submission};

pub use crate::read::layout::Rule;

#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub sheet: String,
    pub cell: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthHeading {
    pub place: Place,
    /// Calendar month, 1 to 12.
    pub month: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct LabelledCell {
    pub place: Place,
    pub text: String,
    /// What it was read as: the configured unit it names.
    pub read_as: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KpiLabel {
    pub place: Place,
    pub text: String,
    pub kpi: String,
    pub kpi_label: String,
    pub rule: Rule,
    /// The cells of its months: first and last (「D7:O7」).
    pub months: String,
    /// The branch's own cumulative (累計) row under it, if any: its first cell.
    pub cumulative: Option<Place>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "what")]
pub enum NotRead {
    Sheet {
        sheet: String,
        why: SheetNotRead,
    },
    RowWithoutNumbers {
        place: Place,
        text: String,
    },
    UnknownLabel {
        place: Place,
        text: String,
    },
    /// A row breaking down the item above it (うち…), not counted.
    Breakdown {
        place: Place,
        text: String,
    },
}

/// Everything a person needs to see how a file was read.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub file: String,
    /// Set when the file could not be read: the finding that says why.
    pub unreadable: Option<Finding>,
    pub sheets: Vec<String>,
    pub layout: Option<Layout>,
    pub months: Vec<MonthHeading>,
    /// Headings of the branch's own figures, checked and never used (合計,
    /// 四半期計, 進捗 …).
    pub totals: Vec<Place>,
    pub unit: Option<LabelledCell>,
    pub report_date: Option<LabelledCell>,
    pub fiscal_year: Option<LabelledCell>,
    pub kpis: Vec<KpiLabel>,
    pub not_read: Vec<NotRead>,
    /// A long table's columns: month, unit (if any), item and value, by
    /// their heading cells.
    pub long_columns: Option<LongColumns>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LongColumns {
    pub month: Place,
    pub unit: Option<Place>,
    pub item: Place,
    pub value: Place,
}

/// Explain how `outcome` (one file's reading) came about.
/// How each part of a file was read (a file, a zip's or mail's files, a
/// workbook's units): named by the part, or the file where it is one.
pub fn explain_all(file: &str, read: Vec<Result<Submission, Box<Finding>>>, config: &Config) -> Vec<Explanation> {
    read.iter()
        .map(|outcome| {
            let name = match outcome {
                Ok(submission) => submission.file.as_str(),
                Err(finding) if !finding.location.file.is_empty() => finding.location.file.as_str(),
                Err(_) => file,
            };
            explain(name, outcome.as_ref().map_err(|f| f.as_ref()), config)
        })
        .collect()
}

pub fn explain(file: &str, outcome: Result<&Submission, &Finding>, config: &Config) -> Explanation {
    let mut explanation = Explanation {
        file: file.to_string(),
        unreadable: None,
        sheets: Vec::new(),
        layout: None,
        months: Vec::new(),
        totals: Vec::new(),
        unit: None,
        report_date: None,
        fiscal_year: None,
        kpis: Vec::new(),
        not_read: Vec::new(),
        long_columns: None,
    };
    let submission = match outcome {
        Ok(submission) => submission,
        Err(finding) => {
            explanation.unreadable = Some(finding.clone());
            return explanation;
        }
    };
    let place = |cell| place(submission, cell);
    let labelled = |located: &Located<String>| LabelledCell {
        place: place(located.cell),
        text: located.value.clone(),
        read_as: config.find_unit(&located.value).map(|u| config.units[u].name.clone()),
    };
    explanation.sheets = submission.sheets.clone();
    explanation.long_columns = submission.long_columns.map(|c| {
        let heading = |col| place(CellRef::new(c.header_row, col));
        LongColumns {
            month: heading(c.month),
            unit: c.unit.map(heading),
            item: heading(c.item),
            value: heading(c.value),
        }
    });
    if let Some(recognised) = &submission.recognised {
        explanation.layout = Some(recognised.layout);
        let mut months = recognised.months.clone();
        months.sort_by_key(|&(cell, month)| (month, cell));
        explanation.months = months
            .into_iter()
            .map(|(cell, month)| MonthHeading { place: place(cell), month: config.calendar_month(month) })
            .collect();
        explanation.totals = recognised.totals.iter().map(|&cell| place(cell)).collect();
    }
    explanation.unit = submission.unit_cell.as_ref().map(labelled);
    let as_text = |value: String, cell| LabelledCell { place: place(cell), text: value, read_as: None };
    explanation.report_date = submission.report_date.as_ref().map(|d| as_text(d.value.to_string(), d.cell));
    explanation.fiscal_year =
        submission.fiscal_year.as_ref().map(|y| as_text(crate::text::japanese_fiscal_year(y.value), y.cell));
    explanation.kpis = submission.rows.iter().map(|row| kpi_label(submission, row, config)).collect();
    explanation.not_read = not_read(submission);
    explanation
}

/// A cell of `submission`, as explain names it.
fn place(submission: &Submission, cell: CellRef) -> Place {
    let location = submission.location(cell);
    Place { sheet: location.sheet.unwrap_or_default(), cell: cell.to_string() }
}

/// How one KPI row was read: its label, the rule that matched it, where its
/// months and 累計 are.
fn kpi_label(submission: &Submission, row: &KpiRow, config: &Config) -> KpiLabel {
    let cells: Vec<_> = row.months.iter().flatten().map(|c| c.cell).collect();
    let months = match (cells.iter().min(), cells.iter().max()) {
        (Some(first), Some(last)) if first.sheet != last.sheet => {
            cells.iter().map(|&c| submission.cell_name(c)).collect::<Vec<_>>().join(", ")
        }
        (Some(first), Some(last)) if first != last => format!("{first}:{last}"),
        (Some(first), _) => first.to_string(),
        _ => String::new(),
    };
    let kpi = &config.kpis[row.kpi];
    KpiLabel {
        place: place(submission, row.label.cell),
        text: row.label.value.clone(),
        kpi: kpi.id.clone(),
        kpi_label: kpi.label.clone(),
        rule: row.rule,
        months,
        cumulative: row.cumulative.iter().flatten().map(|c| c.cell).min().map(|cell| place(submission, cell)),
    }
}

/// What was not read: sheets, labels that match no KPI, rows with no numbers.
fn not_read(submission: &Submission) -> Vec<NotRead> {
    let sheets =
        submission.sheets_not_read.iter().map(|(sheet, why)| NotRead::Sheet { sheet: sheet.clone(), why: why.clone() });
    let unknown = submission
        .unknown_rows
        .iter()
        .map(|l| NotRead::UnknownLabel { place: place(submission, l.cell), text: l.value.clone() });
    let without_numbers = submission
        .rows_without_numbers
        .iter()
        .map(|l| NotRead::RowWithoutNumbers { place: place(submission, l.cell), text: l.value.clone() });
    let breakdown = submission
        .breakdown_rows
        .iter()
        .map(|l| NotRead::Breakdown { place: place(submission, l.cell), text: l.value.clone() });
    sheets.chain(unknown).chain(breakdown).chain(without_numbers).collect()
}

impl Explanation {
    /// The explanation as lines a person reads, in `lang`.
    pub fn to_text(&self, config: &Config, lang: crate::config::Lang) -> String {
        use std::fmt::Write;
        let words = crate::i18n::explain_words(lang);
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.file);
        if let Some(finding) = &self.unreadable {
            let _ = writeln!(out, "  {}: {}", words.unreadable, crate::i18n::message(lang, finding, config));
            return out;
        }
        let at = |p: &Place| format!("{}!{}", p.sheet, p.cell);
        if let Some(layout) = self.layout {
            let index = match layout {
                Layout::Rows => 0,
                Layout::Transposed => 1,
                Layout::MonthlySheets => 2,
                Layout::Report => 3,
                Layout::Long => 4,
            };
            let (open, close) = words.brackets;
            let _ = writeln!(out, "  {}: {}{open}{}{close}", words.table, self.sheets.join(", "), words.layouts[index]);
        }
        if let Some(columns) = &self.long_columns {
            let [month, unit, item, value] = words.long_column_names;
            let mut named = vec![format!("{month} {}", at(&columns.month))];
            named.extend(columns.unit.as_ref().map(|place| format!("{unit} {}", at(place))));
            named.push(format!("{item} {}", at(&columns.item)));
            named.push(format!("{value} {}", at(&columns.value)));
            let _ = writeln!(out, "  {}: {}", words.long_columns, named.join(", "));
        }
        let months: Vec<String> = self
            .months
            .iter()
            .map(|m| format!("{} {}", at(&m.place), crate::i18n::month_name(lang, m.month)))
            .collect();
        let _ = writeln!(out, "  {}: {}", words.month_headings, months.join(", "));
        if !self.totals.is_empty() {
            let totals: Vec<String> = self.totals.iter().map(at).collect();
            let _ = writeln!(out, "  {}: {}", words.totals, totals.join(", "));
        }
        // 「支所名」 in the organisation's own word (店舗名, 会員名 …).
        let unit_word = crate::i18n::own_words(config, lang, words.unit);
        for (word, cell) in [
            (unit_word.as_str(), &self.unit),
            (words.report_date, &self.report_date),
            (words.fiscal_year, &self.fiscal_year),
        ] {
            match cell {
                Some(LabelledCell { place, text, read_as: Some(read_as) }) => {
                    writeln!(out, "  {word}: {}「{text}」→ {read_as}", at(place))
                }
                Some(cell) => writeln!(out, "  {word}: {}「{}」", at(&cell.place), cell.text),
                None => writeln!(out, "  {word}: {}", words.not_found),
            }
            .ok();
        }
        let _ = writeln!(out, "  {} ({}):", words.items, self.kpis.len());
        for kpi in &self.kpis {
            let rule = words.rules[kpi.rule as usize];
            let cumulative =
                kpi.cumulative.as_ref().map_or(String::new(), |p| format!("; {} {}", words.cumulative_at, at(p)));
            let _ = writeln!(
                out,
                "    {}「{}」→ {}{}{rule}; {} {}{cumulative}{}",
                at(&kpi.place),
                kpi.text,
                kpi.kpi_label,
                words.brackets.0,
                words.months_at,
                kpi.months,
                words.brackets.1
            );
        }
        self.not_read_to_text(&mut out, lang);
        out
    }
}

impl Explanation {
    /// The lines saying what was not read, and why.
    fn not_read_to_text(&self, out: &mut String, lang: crate::config::Lang) {
        use std::fmt::Write;
        let words = crate::i18n::explain_words(lang);
        let at = |p: &Place| format!("{}!{}", p.sheet, p.cell);
        if !self.not_read.is_empty() {
            let _ = writeln!(out, "  {}:", words.not_read);
        }
        for item in &self.not_read {
            let _ = match item {
                NotRead::Sheet { sheet, why: SheetNotRead::OtherYear(year) } => {
                    let year = crate::i18n::fiscal_year_name(lang, *year);
                    writeln!(out, "    {sheet}: {year}{}", words.other_year_sheet)
                }
                NotRead::Sheet { sheet, why } => writeln!(out, "    {sheet}: {}", words.sheet_reasons[why.index()]),
                NotRead::UnknownLabel { place, text } => {
                    writeln!(out, "    {}「{text}」: {}", at(place), words.unknown_label)
                }
                NotRead::RowWithoutNumbers { place, text } => {
                    writeln!(out, "    {}「{text}」: {}", at(place), words.row_without_numbers)
                }
                NotRead::Breakdown { place, text } => {
                    writeln!(out, "    {}「{text}」: {}", at(place), words.breakdown_row)
                }
            };
        }
    }
}
