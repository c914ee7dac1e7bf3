//! The findings model shared by every stage: what is wrong, where, how it
//! was treated. Codes are stable: once published a code never changes
//! meaning. Messages are made by `i18n` from these fields, so text, JSON and
//! the workbook's findings sheet are three printers of the same list.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Declares every finding code once: its variant, its stable id, its
/// default severity and what it means. The enum, `Code::ALL`, `as_str` and
/// `severity` all come from this one table; messages live in each
/// language's file (`i18n`), and a test keeps the README's findings table
/// in step with it.
macro_rules! finding_codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $id:literal, $severity:ident; )*) => {
        /// Every kind of finding. The letter says the family: F file, R row,
        /// C cell, K consistency, M between the files of one unit (merging its year).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable code users and documentation refer to.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $id, )* }
            }

            /// The severity a finding of this code has unless the check says otherwise.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }
        }
    };
}

finding_codes! {
    /// The file could not be opened as a spreadsheet.
    Unreadable = "F001", Error;
    /// No unit could be identified from the file's cells or its name.
    UnitUnidentified = "F002", Error;
    /// The unit cell and the file name name different units.
    UnitNameMismatch = "F003", Warning;
    /// The file names a unit that is not in the configuration.
    UnknownUnit = "F004", Error;
    /// A configured unit sent no file.
    NotSubmitted = "F006", Error;
    /// The file is for another fiscal year.
    WrongFiscalYear = "F007", Error;
    /// No table with a month header and known KPI rows was found.
    NoTable = "F008", Error;
    /// The file is one of matome's own reports, not a submission.
    OwnReport = "F009", Info;
    /// Another sheet holds a table of the same KPIs with other figures.
    DisagreeingSheet = "F010", Warning;
    /// A member's matome report still has errors: its figures are provisional.
    MemberErrors = "F011", Warning;
    /// Sheets of another fiscal year kept in the workbook, not counted.
    OtherYearSheets = "F012", Info;
    /// A file in the folder (or in a zip or mail) that is not a
    /// spreadsheet or a text table: not read (a PDF, a letter, a picture).
    NotRead = "F013", Info;
    /// A file protected by a password (a workbook, or the zip it came in),
    /// opened with one the user gave.
    OpenedWithPassword = "F014", Info;
    /// A KPI the unit must report has no row.
    MissingKpi = "R001", Error;
    /// A row whose label matches no KPI.
    UnknownLabel = "R002", Warning;
    /// The same KPI is reported in two rows.
    DuplicateKpi = "R003", Error;
    /// Rows breaking down an item (うち…), not counted.
    BreakdownRows = "R004", Info;
    /// A long table gives the same unit, item and month in two rows.
    RepeatedEntry = "R005", Error;
    /// Blank where a number is due.
    BlankDue = "C001", Warning;
    /// Text that is not a number.
    NotANumber = "C002", Error;
    /// An Excel error value such as #REF!.
    ErrorValue = "C003", Error;
    /// A formula with no cached value.
    FormulaWithoutValue = "C004", Error;
    /// A negative count.
    Negative = "C005", Error;
    /// A fraction where counts are whole.
    Fraction = "C006", Error;
    /// A value in a month after the report date.
    FutureMonth = "C007", Error;
    /// An amount typed with a money unit, converted to the KPI's unit.
    Converted = "C008", Info;
    /// A typed row total that is not the sum of its months.
    RowTotalMismatch = "K001", Error;
    /// A typed cumulative row that is not the running sum, or goes down.
    CumulativeMismatch = "K002", Error;
    /// A typed progress percentage that disagrees with actual ÷ target.
    ProgressMismatch = "K003", Error;
    /// A stock that cannot go down went down.
    StockDecreased = "K004", Warning;
    /// A ratio's numerator exceeds its denominator.
    RatioExceedsOne = "K005", Error;
    /// A later file of a unit changed a month an earlier file reported.
    Revised = "M001", Info;
    /// Two files of a unit, equally recent, disagree on a month.
    ConflictingFiles = "M002", Error;
}

impl Code {
    /// Whether this code's `found` is a word for programs (F001's reason,
    /// what F013's file is, what F014 opened) rather than what a cell
    /// held: the message says it in the user's words, the JSON keeps it.
    pub fn found_is_a_code(self) -> bool {
        matches!(self, Code::Unreadable | Code::NotRead | Code::OpenedWithPassword)
    }

    /// Codes once published and no longer given, never to be reused:
    /// F005 meant "a second file from the same unit, skipped" before a
    /// unit's files were merged month by month.
    pub const RETIRED: [&'static str; 1] = ["F005"];
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        Code::ALL
            .iter()
            .copied()
            .find(|code| code.as_str() == id)
            .ok_or_else(|| serde::de::Error::custom(format!("no finding code {id}")))
    }
}

/// How matome treated the value a finding is about, so the totals can be
/// explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    /// Nothing was changed; the finding is for information.
    None,
    /// The value was left out of every total.
    Excluded,
    /// A blank was counted as 0.
    TakenAsZero,
    /// A hand-typed figure was not used; matome computes its own.
    Recomputed,
    /// The whole file was left out.
    FileSkipped,
    /// The value was used as reported.
    UsedAsReported,
    /// The value was converted to the KPI's unit (円 → 万円).
    Converted,
    /// The value was not used; an earlier file's valid figure for the same
    /// month (`previous`) was counted instead.
    EarlierValue,
}

/// Why, where the code alone does not say. Its names in JSON are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// M002: equally recent files; the one used comes later in name order.
    LaterFileName,
    /// R002: the KPI exists, but this unit does not report it.
    NotReportedByUnit,
    /// F008: the nearest row to a header names too few months (`found`).
    FewMonths,
    /// F008: KPI labels (the first in `found`, how many in `expected`)
    /// with no month header.
    NoMonthHeader,
    /// F008: a month heading with only plan columns under it (計画 | 見込;
    /// the sub-headings in `found`), no actual one (実績).
    NoActualColumn,
    /// F001: a file of 0 bytes.
    Empty,
    /// F001: protected by a password, and none was given.
    Encrypted,
    /// F001: a web page saved under a spreadsheet's name.
    Html,
    /// F001: neither a spreadsheet nor a web page.
    NotASpreadsheet,
    /// F001: past a limit (what exceeded it in `expected`).
    TooLarge,
    /// F001: a zip or compound file that does not hold together.
    Damaged,
    /// F001: an Excel 2, 3 or 4 worksheet, a format from before 1995.
    OldExcel,
    /// F001: the parser failed on a file that may well be valid.
    ParserFailed,
    /// F001: an xls in a character set the parser does not know (the
    /// codepage in `expected`).
    UnknownCodepage,
    /// F001: made to exhaust a reader (entities that expand without end).
    Unsafe,
    /// F001: the file could not be opened (open in another program, or
    /// no permission to read it).
    CannotOpen,
    /// F010: the sheet not used is hidden, the one used visible.
    HiddenSheet,
    /// F013: a zip or a mail with no file in it.
    NothingInside,
    /// F001: a zip or mail nested deeper than matome opens.
    TooDeep,
    /// F001: protected by a password, and none of those given opens it.
    WrongPassword,
    /// F001: protected by a kind of encryption matome cannot undo (an
    /// xls's RC4, an ods's), whatever the password.
    EncryptedUnsupported,
}

impl Reason {
    /// The name JSON gives it, also kept in an F001's `found`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::LaterFileName => "later_file_name",
            Reason::NotReportedByUnit => "not_reported_by_unit",
            Reason::FewMonths => "few_months",
            Reason::NoMonthHeader => "no_month_header",
            Reason::NoActualColumn => "no_actual_column",
            Reason::Empty => "empty",
            Reason::Encrypted => "encrypted",
            Reason::Html => "html",
            Reason::NotASpreadsheet => "not_a_spreadsheet",
            Reason::TooLarge => "too_large",
            Reason::Damaged => "damaged",
            Reason::OldExcel => "old_excel",
            Reason::ParserFailed => "parser_failed",
            Reason::UnknownCodepage => "unknown_codepage",
            Reason::HiddenSheet => "hidden_sheet",
            Reason::Unsafe => "unsafe",
            Reason::CannotOpen => "cannot_open",
            Reason::NothingInside => "nothing_inside",
            Reason::TooDeep => "too_deep",
            Reason::WrongPassword => "wrong_password",
            Reason::EncryptedUnsupported => "encrypted_unsupported",
        }
    }
}

/// A cell position, zero-based; shown in A1 form. `sheet` tells which of
/// a submission's sheets it is on, by index (0, the sheet its table is on,
/// unless the table spans sheets, one a month); a finding names the sheet
/// in its `Location`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    pub sheet: u16,
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub fn new(row: u32, col: u32) -> Self {
        CellRef { sheet: 0, row, col }
    }

    pub fn on_sheet(self, sheet: u16) -> Self {
        CellRef { sheet, ..self }
    }
}

/// Column letters of a zero-based column: 0 → A, 27 → AB.
pub fn column_name(col: u32) -> String {
    let mut n = col + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        name.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", column_name(self.col), self.row + 1)
    }
}

/// In JSON (the report's), a cell is its A1 name; handed between the
/// page's workers (`job::encode_outcomes`, not human-readable) it keeps its
/// sheet too.
impl Serialize for CellRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            (self.sheet, self.row, self.col).serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for CellRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (sheet, row, col) = <(u16, u32, u32)>::deserialize(deserializer)?;
        Ok(CellRef { sheet, row, col })
    }
}

/// Where a finding is: a file, maybe a sheet, maybe a cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    /// The file's path relative to the folder that was scanned.
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<CellRef>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location { file: file.into(), sheet: None, cell: None }
    }

    pub fn cell(file: impl Into<String>, sheet: impl Into<String>, cell: CellRef) -> Self {
        Location { file: file.into(), sheet: Some(sheet.into()), cell: Some(cell) }
    }
}

/// Between a file that arrived and a part of it (a zip's entry, a mail's
/// attachment, a unit's sheet of a workbook of several units), in the
/// name users see: 「勝北_6月分.zip › 勝北支所.xlsx」.
pub const PART_SEPARATOR: &str = " › ";

/// The file that arrived, of a name that may name a part of it.
pub fn arrived_file(name: &str) -> &str {
    name.split(PART_SEPARATOR).next().unwrap_or(name)
}

/// The innermost part a name names: the file itself where it is no part.
pub fn innermost_part(name: &str) -> &str {
    name.rsplit(PART_SEPARATOR).next().unwrap_or(name)
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        // A unit's sheet of a workbook of several units is named once:
        // 「支所別.xlsx › 勝北!C5」, not 「支所別.xlsx › 勝北:勝北!C5」.
        let named_by_sheet = |sheet: &str| self.file.strip_suffix(sheet).is_some_and(|f| f.ends_with(PART_SEPARATOR));
        match (&self.sheet, &self.cell) {
            (Some(sheet), Some(cell)) if named_by_sheet(sheet) => write!(f, "!{cell}"),
            (Some(sheet), None) if named_by_sheet(sheet) => Ok(()),
            (Some(sheet), Some(cell)) => write!(f, ":{sheet}!{cell}"),
            (Some(sheet), None) => write!(f, ":{sheet}"),
            _ => Ok(()),
        }
    }
}

/// One problem in one place. Units and KPIs are their configuration ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub location: Location,
    pub unit: Option<String>,
    pub kpi: Option<String>,
    /// Calendar month, 1 to 12.
    pub month: Option<u32>,
    pub found: Option<String>,
    pub expected: Option<String>,
    pub reason: Option<Reason>,
    /// Another file's figure for the same cell: the one this finding's value
    /// replaced (M001), or the equally recent one not used (M002).
    pub previous: Option<Figure>,
    /// R002: the KPI (its id) an unknown label was probably meant to be.
    pub suggestion: Option<String>,
    pub treatment: Treatment,
    /// F001: what the parser or a limit said, in its own words; never in
    /// the message users read (only in JSON and with `-v`).
    pub detail: Option<String>,
    /// C004: the other cells of the file where the same holds (one
    /// finding a file says them all).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub also: Vec<String>,
}

/// A figure as a file gave it, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub location: Location,
    pub value: String,
}

impl Finding {
    pub fn new(code: Code, location: Location, treatment: Treatment) -> Self {
        Finding {
            code,
            severity: code.severity(),
            location,
            unit: None,
            kpi: None,
            month: None,
            found: None,
            expected: None,
            reason: None,
            previous: None,
            suggestion: None,
            detail: None,
            also: Vec::new(),
            treatment,
        }
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = Some(unit.into());
        self
    }

    pub fn kpi(mut self, kpi: impl Into<String>) -> Self {
        self.kpi = Some(kpi.into());
        self
    }

    pub fn month(mut self, month: u32) -> Self {
        self.month = Some(month);
        self
    }

    pub fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn reason(mut self, reason: Reason) -> Self {
        self.reason = Some(reason);
        self
    }

    /// F001 for `file`: it is skipped, for `reason` (also in `found`).
    pub fn unreadable(file: &str, reason: Reason) -> Self {
        Finding::new(Code::Unreadable, Location::file(file), Treatment::FileSkipped)
            .found(reason.as_str())
            .reason(reason)
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn suggestion(mut self, kpi: Option<impl Into<String>>) -> Self {
        self.suggestion = kpi.map(Into::into);
        self
    }

    pub fn previous(mut self, location: Location, value: impl Into<String>) -> Self {
        self.previous = Some(Figure { location, value: value.into() });
        self
    }

    /// This cell's value is not used, and the month counts an earlier
    /// file's figure instead: the finding says which, so that it agrees
    /// with the totals.
    pub fn earlier_value_used(self, location: Location, value: impl Into<String>) -> Self {
        Finding { treatment: Treatment::EarlierValue, ..self.previous(location, value) }
    }
}

/// Errors first, then by file, sheet, cell and code: the order every
/// printer uses, independent of the order files were read in.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.severity, &a.location, a.code, &a.kpi, a.month).cmp(&(b.severity, &b.location, b.code, &b.kpi, b.month))
    });
}

/// Counts by severity: (errors, warnings, infos).
pub fn count<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> (usize, usize, usize) {
    findings.into_iter().fold((0, 0, 0), |(e, w, i), f| match f.severity {
        Severity::Error => (e + 1, w, i),
        Severity::Warning => (e, w + 1, i),
        Severity::Info => (e, w, i + 1),
    })
}

/// Formats a number as people read it: no needless decimals.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A count with thousands separators: 3200 → 「3,200」.
pub fn format_count(value: f64) -> String {
    let text = format_number(value.abs());
    let (whole, fraction) = text.split_once('.').map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if value < 0.0 { "-" } else { "" };
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_cells_print_in_a1_form() {
        let mut codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), Code::ALL.len());
        assert!(codes.iter().all(|c| !Code::RETIRED.contains(c)), "a retired code is reused");
        assert_eq!(CellRef::new(11, 5).to_string(), "F12");
        assert_eq!(CellRef::new(0, 27).to_string(), "AB1");
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_count(3200.0), "3,200");
        assert_eq!(format_count(-1234567.5), "-1,234,567.5");
        assert_eq!(format_count(680.0), "680");
    }

    /// The README's findings table: each row's code and severity column.
    fn readme_codes() -> Vec<(String, String)> {
        let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
        let table = readme.split("\n## Findings").nth(1).expect("a Findings section");
        table
            .lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                let code = *cells.get(1)?;
                let family_and_number = code.len() == 4 && code[1..].chars().all(|c| c.is_ascii_digit());
                (family_and_number && code.starts_with(['F', 'R', 'C', 'K', 'M']))
                    .then(|| (code.to_string(), cells.get(2).copied().unwrap_or("").to_string()))
            })
            .collect()
    }

    #[test]
    fn the_readme_lists_every_code_once_with_its_severity() {
        let listed = readme_codes();
        let mut expected: Vec<(String, String)> =
            Code::ALL.iter().map(|c| (c.as_str().to_string(), c.severity().as_str().to_string())).collect();
        expected.extend(Code::RETIRED.iter().map(|c| (c.to_string(), "—".to_string())));
        expected.sort();
        let mut found: Vec<(String, String)> = listed
            .into_iter()
            // 「error (info if equal)」: the default severity comes first.
            .map(|(code, severity)| (code, severity.split(' ').next().unwrap_or("").to_string()))
            .collect();
        found.sort();
        assert_eq!(found, expected, "the README's findings table and the registry differ");
    }
}
