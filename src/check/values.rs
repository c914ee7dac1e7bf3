//! Cell-level checks of one file: every month cell of every KPI row is read
//! as a count that may be used, a blank, or a value with a finding of its
//! own (text, an error value, a negative count …) that is never used.
//! Whether a blank matters, and which file's count counts, is decided on
//! the unit's merged year (`year`).

use crate::config::{Config, ValueKind};
use crate::findings::{format_count, format_number, CellRef, Code, Finding, Location, Reason, Severity, Treatment};
use crate::read::{CellValue, KpiRow, SheetNotRead, Submission};
use crate::text::{money_unit_factor, money_unit_of_label};

/// What one file says for one KPI and month.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Slot {
    /// No row for the KPI, or no column for the month.
    Absent,
    /// A blank cell, or a zero pre-filled in a month the file does not yet
    /// report.
    Blank(CellRef),
    /// A count that may be used.
    Value(f64, CellRef),
    /// A value with a finding of its own: never used.
    Invalid(CellRef),
}

impl Slot {
    fn cell(self) -> Option<CellRef> {
        match self {
            Slot::Absent => None,
            Slot::Blank(cell) | Slot::Value(_, cell) | Slot::Invalid(cell) => Some(cell),
        }
    }

    /// Its kind in two bits: 0 absent, 1 blank, 2 a count, 3 invalid.
    fn kind(self) -> u32 {
        match self {
            Slot::Absent => 0,
            Slot::Blank(_) => 1,
            Slot::Value(..) => 2,
            Slot::Invalid(_) => 3,
        }
    }
}

/// A file's KPI rows, packed for keeping: a year's folder keeps every
/// file's until the report date is known. A row is 16 bytes (its slots'
/// kinds, two bits a month, and the line its cells are on) and 8 bytes a
/// count; a cell lies where the file's month axis puts it, and the few
/// that lie elsewhere (a table over month sheets) are listed in `moved`.
#[derive(serde::Serialize, serde::Deserialize)]
struct PackedRows {
    /// Months run across, one a column, or down, one a row.
    across: bool,
    /// By fiscal month, the column (across) or row (down) of its cells.
    axis: [u32; 12],
    rows: Vec<PackedRow>,
    counts: Vec<f64>,
    /// Row, fiscal month and cell of every cell off the axis, in order.
    moved: Vec<(u16, u8, CellRef)>,
}

#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct PackedRow {
    sheet: u16,
    /// The row (across) or column (down) its cells are on.
    line: u32,
    kinds: u32,
    /// Its first count's index in `PackedRows::counts`.
    first_count: u32,
}

/// The bit pairs of `kinds` that say "a count", each as its low bit.
fn count_bits(kinds: u32) -> u32 {
    (kinds >> 1) & !kinds & 0x0055_5555
}

impl PackedRows {
    /// Rows laid out as `rows` are: the orientation from the first row
    /// with two month cells, each month's position from the first row
    /// with a cell for it.
    fn laid_out_as(rows: &[KpiRow]) -> Self {
        let cells = |row: &KpiRow| row.months.iter().flatten().map(|c| c.cell).collect::<Vec<_>>();
        let across = rows
            .iter()
            .find_map(|row| match cells(row)[..] {
                [first, second, ..] => Some(first.row == second.row),
                _ => None,
            })
            .unwrap_or(true);
        let mut axis = [u32::MAX; 12];
        for row in rows {
            for (month, cell) in row.months.iter().enumerate().take(12) {
                if let (Some(cell), u32::MAX) = (cell, axis[month]) {
                    axis[month] = if across { cell.cell.col } else { cell.cell.row };
                }
            }
        }
        PackedRows { across, axis, rows: Vec::new(), counts: Vec::new(), moved: Vec::new() }
    }

    fn on_axis(&self, sheet: u16, line: u32, month: usize) -> CellRef {
        match self.across {
            true => CellRef { sheet, row: line, col: self.axis[month] },
            false => CellRef { sheet, row: self.axis[month], col: line },
        }
    }

    /// Add a row; its index.
    fn push(&mut self, slots: &[Slot; 12]) -> usize {
        let index = self.rows.len();
        let first = slots.iter().find_map(|s| s.cell()).unwrap_or(CellRef::new(0, 0));
        let line = if self.across { first.row } else { first.col };
        let mut row = PackedRow { sheet: first.sheet, line, kinds: 0, first_count: self.counts.len() as u32 };
        for (month, slot) in slots.iter().enumerate() {
            row.kinds |= slot.kind() << (2 * month);
            if let Slot::Value(value, _) = slot {
                self.counts.push(*value);
            }
            if let Some(cell) = slot.cell().filter(|&c| c != self.on_axis(row.sheet, line, month)) {
                self.moved.push((index as u16, month as u8, cell));
            }
        }
        self.rows.push(row);
        index
    }

    fn get(&self, index: usize, month: usize) -> Slot {
        let row = self.rows[index];
        let kind = (row.kinds >> (2 * month)) & 3;
        if kind == 0 {
            return Slot::Absent;
        }
        let cell = match self.moved.binary_search_by_key(&(index as u16, month as u8), |m| (m.0, m.1)) {
            Ok(found) => self.moved[found].2,
            Err(_) => self.on_axis(row.sheet, row.line, month),
        };
        match kind {
            1 => Slot::Blank(cell),
            2 => {
                let before = (count_bits(row.kinds) & ((1 << (2 * month)) - 1)).count_ones();
                Slot::Value(self.counts[(row.first_count + before) as usize], cell)
            }
            _ => Slot::Invalid(cell),
        }
    }

    fn row(&self, index: usize) -> [Slot; 12] {
        std::array::from_fn(|month| self.get(index, month))
    }

    /// The same rows with `change` applied to their slots.
    fn rebuilt(&self, mut change: impl FnMut(usize, &mut [Slot; 12])) -> Self {
        let mut rebuilt = PackedRows { rows: Vec::new(), counts: Vec::new(), moved: Vec::new(), ..*self };
        for index in 0..self.rows.len() {
            let mut slots = self.row(index);
            change(index, &mut slots);
            rebuilt.push(&slots);
        }
        rebuilt.shrink_to_fit();
        rebuilt
    }

    fn shrink_to_fit(&mut self) {
        self.rows.shrink_to_fit();
        self.counts.shrink_to_fit();
        self.moved.shrink_to_fit();
    }
}

/// A finding about one cell, with its KPI and fiscal month: a later file
/// that gives that month a usable count retires it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CellFinding {
    pub kpi: usize,
    pub month: usize,
    pub finding: Finding,
    /// It stands only if its month has begun (a negative or fractional
    /// figure in a month to come is a C007 instead).
    unless_future: bool,
}

/// A KPI's second row in one file (R003): whether it is only a repeat (an
/// info) or says otherwise (an error) is known once the report date is.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct DuplicateRow {
    /// Its finding's index in `FileValues::row_findings`.
    finding: usize,
    /// By fiscal month, whether the two rows agree there if the month has
    /// begun, and if it is still to come.
    agrees: [(bool, bool); 12],
}

/// One file's cells, judged. Judging needs no report date: the slots are
/// as for months that have begun, and what a month still to come changes
/// waits in `if_future` until `resolve`.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct FileValues {
    /// `[kpi]`: its row's index in `rows`, `NO_ROW` for a KPI with none.
    row_of: Vec<u16>,
    /// The slots of each KPI row the file has, by fiscal month.
    rows: PackedRows,
    /// KPI, fiscal month and the slot it has instead if the month is still
    /// to come: any figure but a zero is then judged as one in a month to
    /// come (C007, on the merged year), and a zero is a template's pre-fill.
    if_future: Vec<(u16, u8, Slot)>,
    pub cell_findings: Vec<CellFinding>,
    /// Findings about rows (unknown labels, a KPI reported twice).
    pub row_findings: Vec<Finding>,
    duplicates: Vec<DuplicateRow>,
}

const NO_ROW: u16 = u16::MAX;

impl FileValues {
    /// What the file says for `kpi` in fiscal month `month`.
    pub fn slot(&self, kpi: usize, month: usize) -> Slot {
        match self.row_of[kpi] {
            NO_ROW => Slot::Absent,
            row => self.rows.get(row as usize, month),
        }
    }

    /// Whether the file has a row for `kpi`.
    pub fn has_row(&self, kpi: usize) -> bool {
        self.row_of[kpi] != NO_ROW
    }

    /// The KPIs the file has a row for.
    pub fn kpis_with_rows(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.row_of.len()).filter(|&kpi| self.has_row(kpi))
    }

    fn row_slots(&self, kpi: usize) -> [Slot; 12] {
        std::array::from_fn(|month| self.slot(kpi, month))
    }

    /// The latest fiscal month this file gives a count for.
    pub fn last_filled_month(&self) -> Option<usize> {
        let counted = self.rows.rows.iter().fold(0, |any, row| any | count_bits(row.kinds));
        (0..12).rev().find(|&month| counted & (1 << (2 * month)) != 0)
    }

    /// A KPI's second row (`slots`, and `if_future` as `judge_row` gives
    /// it) with its R003 `finding`: whether it only repeats the first is
    /// settled with the report date (`resolve`).
    fn second_row(&mut self, kpi: usize, slots: [Slot; 12], if_future: &[(usize, Slot)], finding: Finding) {
        let first_slots = self.row_slots(kpi);
        let first_if_future = self.if_future.iter().filter(|o| o.0 as usize == kpi).map(|o| (o.1 as usize, o.2));
        let (first_to_come, second_to_come) =
            (with_future(first_slots, first_if_future), with_future(slots, if_future.iter().copied()));
        let agrees = std::array::from_fn(|m| {
            (same_figure(&first_slots[m], &slots[m]), same_figure(&first_to_come[m], &second_to_come[m]))
        });
        self.duplicates.push(DuplicateRow { finding: self.row_findings.len(), agrees });
        self.row_findings.push(finding);
    }

    /// Settle what waited for the report date, `future[m]` telling whether
    /// fiscal month m is still to come.
    pub fn resolve(&mut self, future: &[bool; 12]) {
        let if_future = std::mem::take(&mut self.if_future);
        if if_future.iter().any(|&(_, month, _)| future[month as usize]) {
            let row_of = &self.row_of;
            self.rows = self.rows.rebuilt(|index, slots| {
                let instead = if_future
                    .iter()
                    .filter(|&&(kpi, month, _)| row_of[kpi as usize] as usize == index && future[month as usize]);
                for &(_, month, slot) in instead {
                    slots[month as usize] = slot;
                }
            });
        }
        self.cell_findings.retain(|f| !(f.unless_future && future[f.month]));
        for duplicate in std::mem::take(&mut self.duplicates) {
            let same = duplicate.agrees.iter().zip(future).all(
                |(&(begun, to_come), &future)| {
                    if future {
                        to_come
                    } else {
                        begun
                    }
                },
            );
            self.row_findings[duplicate.finding].severity = if same { Severity::Info } else { Severity::Error };
        }
    }
}

/// Judge every KPI cell of one file of `unit`. `reports_until` is the last
/// fiscal month the file reports on (from its 基準日 or name): a zero after
/// it is a template's pre-fill, not a figure.
pub fn judge_file(submission: &Submission, unit: usize, config: &Config, reports_until: Option<usize>) -> FileValues {
    let mut judged = FileValues {
        row_of: vec![NO_ROW; config.kpis.len()],
        rows: PackedRows::laid_out_as(&submission.rows),
        if_future: Vec::new(),
        cell_findings: Vec::new(),
        row_findings: Vec::new(),
        duplicates: Vec::new(),
    };
    let mut seen: Vec<Option<&KpiRow>> = vec![None; config.kpis.len()];
    let at = |cell| submission.location(cell);
    for row in &submission.rows {
        let kpi_id = &config.kpis[row.kpi].id;
        if !config.reports(row.kpi, unit) {
            judged.row_findings.push(
                Finding::new(Code::UnknownLabel, at(row.label.cell), Treatment::Excluded)
                    .kpi(kpi_id)
                    .found(&row.label.value)
                    .reason(Reason::NotReportedByUnit),
            );
            continue;
        }
        // An amount row may be labelled with its own unit (「採択金額（千円）」).
        let amount = config.kpis[row.kpi].value == ValueKind::Amount;
        let labelled_unit = if amount { money_unit_of_label(&row.label.value) } else { None };
        let mut row_findings = Vec::new();
        let mut if_future = Vec::new();
        let slots = judge_row(submission, row, config, reports_until, labelled_unit, &mut if_future, &mut row_findings);
        if let Some(first) = seen[row.kpi] {
            let finding = Finding::new(Code::DuplicateKpi, at(row.label.cell), Treatment::Excluded)
                .kpi(kpi_id)
                .found(&row.label.value)
                .expected(submission.cell_name(first.label.cell));
            judged.second_row(row.kpi, slots, &if_future, finding);
            continue;
        }
        seen[row.kpi] = Some(row);
        let unit = config.amount_unit(row.kpi);
        if let Some(labelled) = labelled_unit.filter(|u| *u != unit) {
            judged.row_findings.push(
                Finding::new(Code::Converted, at(row.label.cell), Treatment::Converted)
                    .kpi(kpi_id)
                    .found(labelled)
                    .expected(unit),
            );
        }
        // A file has one row a KPI at most here, far fewer than u16 counts.
        judged.row_of[row.kpi] = u16::try_from(judged.rows.push(&slots)).unwrap_or(NO_ROW);
        judged.if_future.extend(if_future.into_iter().map(|(month, slot)| (row.kpi as u16, month as u8, slot)));
        judged.cell_findings.extend(row_findings.into_iter().map(|(month, finding, unless_future)| CellFinding {
            kpi: row.kpi,
            month,
            finding,
            unless_future,
        }));
    }
    sheet_and_label_findings(submission, config, &mut judged.row_findings);
    // Kept until every file is read: no spare capacity.
    judged.rows.shrink_to_fit();
    judged.if_future.shrink_to_fit();
    judged.cell_findings.shrink_to_fit();
    judged.row_findings.shrink_to_fit();
    judged
}

/// The file's findings about whole sheets and labels: another sheet with
/// the same KPIs and other figures not used (F010), sheets of another
/// fiscal year not counted (F012), rows whose label matches no KPI (R002).
fn sheet_and_label_findings(submission: &Submission, config: &Config, findings: &mut Vec<Finding>) {
    let at_sheet = |sheet: &str| Location { sheet: Some(sheet.to_string()), ..Location::file(&submission.file) };
    for (sheet, why) in &submission.sheets_not_read {
        let reason = match why {
            SheetNotRead::Disagrees => None,
            SheetNotRead::HiddenDisagrees => Some(Reason::HiddenSheet),
            _ => continue,
        };
        let finding = Finding::new(Code::DisagreeingSheet, at_sheet(sheet), Treatment::Excluded)
            .found(sheet)
            .expected(submission.main_sheet());
        findings.push(match reason {
            Some(reason) => finding.reason(reason),
            None => finding,
        });
    }
    let other_years: Vec<&str> = submission
        .sheets_not_read
        .iter()
        .filter(|(_, why)| matches!(why, SheetNotRead::OtherYear(_)))
        .map(|(sheet, _)| sheet.as_str())
        .collect();
    if let Some(first) = other_years.first() {
        findings.push(
            Finding::new(Code::OtherYearSheets, at_sheet(first), Treatment::Excluded)
                .found(other_years.join("、"))
                .expected(submission.main_sheet()),
        );
    }
    if let Some(protected) = submission.protected {
        findings.push(
            Finding::new(Code::OpenedWithPassword, Location::file(&submission.file), Treatment::None)
                .found(protected.as_str()),
        );
    }
    if let Some(first) = submission.breakdown_rows.first() {
        let labels: Vec<&str> = submission.breakdown_rows.iter().take(3).map(|l| l.value.as_str()).collect();
        let more = if submission.breakdown_rows.len() > 3 { "…" } else { "" };
        findings.push(
            Finding::new(Code::BreakdownRows, submission.location(first.cell), Treatment::Excluded)
                .found(format!("{}{more}", labels.join("、")))
                .expected(submission.breakdown_rows.len().to_string()),
        );
    }
    // A long table's (unit, item, month) given twice: named at both rows.
    for repeat in &submission.repeated {
        for (at, other) in [(repeat.first, repeat.again), (repeat.again, repeat.first)] {
            findings.push(
                Finding::new(Code::RepeatedEntry, submission.location(at), Treatment::None)
                    .kpi(&config.kpis[repeat.kpi].id)
                    .month(config.calendar_month(repeat.month))
                    .expected(submission.cell_name(other)),
            );
        }
    }
    for label in &submission.unknown_rows {
        let suggestion = config.suggest_kpi(&label.value).map(|kpi| &config.kpis[kpi].id);
        findings.push(
            Finding::new(Code::UnknownLabel, submission.location(label.cell), Treatment::Excluded)
                .found(&label.value)
                .suggestion(suggestion),
        );
    }
}

/// A row's slots as they are if every month is still to come.
fn with_future(mut slots: [Slot; 12], if_future: impl Iterator<Item = (usize, Slot)>) -> [Slot; 12] {
    if_future.for_each(|(month, slot)| slots[month] = slot);
    slots
}

/// Two rows say the same where their counts are equal, wherever the cells are.
fn same_figure(a: &Slot, b: &Slot) -> bool {
    match (a, b) {
        (Slot::Value(x, _), Slot::Value(y, _)) => x == y,
        (Slot::Value(..), _) | (_, Slot::Value(..)) => false,
        _ => true,
    }
}

/// `labelled_unit` is the money unit an amount row's label names, which its
/// figures are in. The slots are as for months that have begun; what a
/// month still to come has instead goes to `if_future`. Each finding comes
/// with its fiscal month and whether it stands only if that month has begun.
fn judge_row(
    submission: &Submission,
    row: &KpiRow,
    config: &Config,
    reports_until: Option<usize>,
    labelled_unit: Option<&str>,
    if_future: &mut Vec<(usize, Slot)>,
    findings: &mut Vec<(usize, Finding, bool)>,
) -> [Slot; 12] {
    let kpi = &config.kpis[row.kpi];
    let amount = kpi.value == ValueKind::Amount;
    // An amount is counted in the KPI's unit; a row labelled with another
    // (「採択金額（千円）」) is converted, once for the row.
    let unit = money_unit_factor(config.amount_unit(row.kpi)).unwrap_or(1.0);
    let row_unit = labelled_unit.and_then(money_unit_factor).unwrap_or(unit);
    let mut slots = [Slot::Absent; 12];
    for (month, cell) in row.months.iter().enumerate() {
        let Some(cell) = cell else { continue };
        let finding = |code: Code, treatment: Treatment, found: String| {
            Finding::new(code, submission.location(cell.cell), treatment)
                .kpi(&kpi.id)
                .month(config.calendar_month(month))
                .found(found)
        };
        let number = match &cell.value {
            CellValue::Number(n) => *n * row_unit / unit,
            // A figure typed with its money unit: converted, and said so.
            CellValue::Yen(yen) if amount => {
                let value = yen / unit;
                let typed = format!("{}円", format_count(*yen));
                let converted = format!("{} {}", format_count(value), config.amount_unit(row.kpi));
                findings.push((
                    month,
                    finding(Code::Converted, Treatment::Converted, typed).expected(converted),
                    false,
                ));
                value
            }
            CellValue::Yen(yen) => *yen,
            CellValue::Blank => {
                slots[month] = Slot::Blank(cell.cell);
                continue;
            }
            other => {
                let (code, found) = match other {
                    CellValue::Text(text) => (Code::NotANumber, text.clone()),
                    CellValue::ErrorValue(error) => (Code::ErrorValue, error.clone()),
                    CellValue::FormulaWithoutValue(formula) => (Code::FormulaWithoutValue, formula.clone()),
                    _ => unreachable!("numbers and blanks are handled above"),
                };
                findings.push((month, finding(code, Treatment::Excluded, found), false));
                slots[month] = Slot::Invalid(cell.cell);
                continue;
            }
        };
        let mut flag = |code: Code| {
            findings.push((month, finding(code, Treatment::Excluded, format_number(number)), true));
            if_future.push((month, Slot::Value(number, cell.cell)));
            Slot::Invalid(cell.cell)
        };
        slots[month] = match number {
            n if n < 0.0 && kpi.value != ValueKind::Signed => flag(Code::Negative),
            n if n.fract() != 0.0 && !amount => flag(Code::Fraction),
            n if n == 0.0 && reports_until.is_some_and(|last| month > last) => Slot::Blank(cell.cell),
            0.0 => {
                if_future.push((month, Slot::Blank(cell.cell)));
                Slot::Value(0.0, cell.cell)
            }
            n => Slot::Value(n, cell.cell),
        };
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(slots: &[[Slot; 12]]) -> PackedRows {
        let mut rows = PackedRows { across: true, axis: [u32::MAX; 12], rows: vec![], counts: vec![], moved: vec![] };
        for (month, position) in rows.axis.iter_mut().enumerate() {
            *position = 3 + month as u32;
        }
        for row in slots {
            rows.push(row);
        }
        rows
    }

    #[test]
    fn packed_rows_give_back_every_slot_on_and_off_the_axis() {
        let at = |sheet: u16, row: u32, col: u32| CellRef { sheet, row, col };
        let mut first = [Slot::Absent; 12];
        first[0] = Slot::Value(-2.5, at(0, 6, 3));
        first[1] = Slot::Blank(at(0, 6, 4));
        first[2] = Slot::Value(7.0, at(0, 6, 5));
        first[5] = Slot::Invalid(at(0, 6, 8));
        first[11] = Slot::Value(1e9, at(0, 6, 14));
        // A row whose March lies on another sheet, at the far corner.
        let mut second = [Slot::Blank(at(0, 7, 0)); 12];
        for (month, slot) in second.iter_mut().enumerate() {
            *slot = Slot::Value(month as f64, at(0, 7, 3 + month as u32));
        }
        second[11] = Slot::Value(11.0, at(9, 1_048_575, 16_383));
        let rows = rows_of(&[first, second]);
        assert_eq!(rows.row(0), first);
        assert_eq!(rows.row(1), second);
        assert_eq!(rows.moved, vec![(1, 11, at(9, 1_048_575, 16_383))]);
        assert_eq!(rows.counts.len(), 3 + 12);
        let rebuilt = rows.rebuilt(|index, slots| {
            if index == 0 {
                slots[0] = Slot::Blank(at(0, 6, 3));
            }
        });
        assert_eq!(rebuilt.get(0, 0), Slot::Blank(at(0, 6, 3)));
        assert_eq!(rebuilt.get(0, 2), Slot::Value(7.0, at(0, 6, 5)));
        assert_eq!(rebuilt.row(1), second);
    }
}
