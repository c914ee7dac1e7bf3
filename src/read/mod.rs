//! One file that arrived → its `Submission`s. The reader opens a zip or a
//! mail and reads what it holds (`unpack`), opens any spreadsheet format
//! calamine knows (by its bytes, not its extension) and CSV (`text_table`),
//! finds the table by its labels rather than by fixed addresses, gives a
//! workbook of several units a submission a unit (`units`), works out
//! formulas saved without results (`formula`), and keeps every cell as
//! found: judging the values is the checker's job. It knows nothing of
//! other files.

mod bounded;
pub(crate) mod cells;
mod compact_ods;
mod compact_xls;
mod formula;
pub mod last_year;
pub mod layout;
mod member_report;
mod plain_xlsx;
mod repair;
mod slim;
mod text_table;
mod units;
pub mod unpack;

pub use crate::findings::{arrived_file, innermost_part, PART_SEPARATOR};

use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx};
use chrono::NaiveDate;

pub use cells::CellValue;

use bounded::{Grid, Refused, SheetError, Why};
use compact_xls::SheetRanks;

use crate::config::{Config, Limits};
use crate::findings::{CellRef, Code, Finding, Location, Reason, Treatment};

/// A value and the cell it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub cell: CellRef,
}

/// One KPI row as found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiRow {
    /// Index into `Config::kpis`.
    pub kpi: usize,
    pub label: Located<String>,
    /// One entry per fiscal month; `None` where the table has no column.
    pub months: Vec<Option<Located<CellValue>>>,
    /// The hand-typed row total (合計), never trusted.
    pub total: Option<Located<CellValue>>,
    /// The hand-typed progress (進捗), never trusted.
    pub progress: Option<Located<CellValue>>,
    /// A hand-typed cumulative row (累計) under this one, by fiscal month.
    pub cumulative: Vec<Option<Located<CellValue>>>,
    /// Hand-typed subtotals (四半期計, 上期計 …) and the fiscal months each sums.
    pub subtotals: Vec<(std::ops::Range<usize>, Located<CellValue>)>,
    /// The rule its label matched by (a 大項目 and a 小項目 read together, …).
    pub rule: layout::Rule,
}

impl KpiRow {
    /// A row of months alone, with nothing typed beside them to check.
    pub fn of_months(
        kpi: usize,
        label: Located<String>,
        months: Vec<Option<Located<CellValue>>>,
        rule: layout::Rule,
    ) -> KpiRow {
        KpiRow { kpi, label, months, total: None, progress: None, cumulative: Vec::new(), subtotals: Vec::new(), rule }
    }
}

/// Everything matome takes from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// The file's path relative to the scanned folder, as users see it.
    pub file: String,
    /// The sheets the table was read from (`CellRef::sheet` indexes them):
    /// one, one a month, or one a group of KPIs.
    pub sheets: Vec<String>,
    /// The unit as named in a labelled cell (支所名 …).
    pub unit_cell: Option<Located<String>>,
    /// The unit the file name names, as an index into `Config::units`.
    pub unit_from_file_name: Option<usize>,
    /// The calendar month the file name says it reports (「6月分」).
    pub month_from_file_name: Option<u32>,
    /// How many correction marks the file name carries (「(修正)」, 「_2」).
    pub correction_marks: u32,
    pub report_date: Option<Located<NaiveDate>>,
    pub fiscal_year: Option<Located<i32>>,
    pub rows: Vec<KpiRow>,
    /// Rows with numbers whose label matches no KPI.
    pub unknown_rows: Vec<Located<String>>,
    /// Rows breaking down the KPI above them (「うち小規模事業者」): not
    /// counted, and no finding of their own.
    pub breakdown_rows: Vec<Located<String>>,
    /// A long table's (unit, item, month) given again.
    pub repeated: Vec<layout::Repeat>,
    /// A long table's columns, for explaining how it was read.
    pub long_columns: Option<layout::long::Columns>,
    /// The mail it came in: its sender and date.
    pub sender: Option<String>,
    /// What a password opened to reach it (the first of a file's
    /// submissions only, so that a file says it once).
    pub protected: Option<unpack::Protected>,
    /// What the layout recognised (its shape, the month and total headings).
    pub recognised: Option<layout::Recognised>,
    /// Labelled rows with no number, which were not read.
    pub rows_without_numbers: Vec<Located<String>>,
    /// Sheets not read, and why.
    pub sheets_not_read: Vec<(String, SheetNotRead)>,
    /// For another organisation's matome report (a member's), what its
    /// marker sheet tells: the errors its findings left open, and what a
    /// federation's settings are derived from.
    pub member_report: Option<Box<crate::marker::Reported>>,
}

/// Why a sheet of a workbook was not read.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetNotRead {
    /// A chart, dialog or macro sheet.
    NotAWorksheet,
    /// The parser could not read it.
    Unreadable,
    /// It holds no report table.
    NoTable,
    /// Its table repeats the KPIs with other figures (F010).
    Disagrees,
    /// A hidden sheet whose table repeats the KPIs of the visible one used,
    /// with other figures (F010).
    HiddenDisagrees,
    /// A sheet of another fiscal year (last year's, kept in the workbook).
    OtherYear(i32),
    /// A sheet summing the units' sheets of a workbook of several units.
    Summary,
}

impl SheetNotRead {
    /// Its place in the tables of words (`OtherYear` is worded with its year).
    pub fn index(&self) -> usize {
        match self {
            SheetNotRead::NotAWorksheet => 0,
            SheetNotRead::Unreadable => 1,
            SheetNotRead::NoTable => 2,
            SheetNotRead::Disagrees => 3,
            SheetNotRead::HiddenDisagrees | SheetNotRead::OtherYear(_) => 4,
            SheetNotRead::Summary => 5,
        }
    }
}

impl Submission {
    /// The sheet the table starts on.
    pub fn main_sheet(&self) -> &str {
        self.sheets.first().map_or("", String::as_str)
    }

    /// Where a cell of this submission is, for a finding.
    pub fn location(&self, cell: CellRef) -> Location {
        cell_location(&self.file, &self.sheets, cell)
    }

    /// A cell as a message names it: 「A6」, or 「控え!A6」 when the table
    /// spans sheets.
    pub fn cell_name(&self, cell: CellRef) -> String {
        match self.sheets.get(cell.sheet as usize).filter(|_| self.sheets.len() > 1) {
            Some(sheet) => format!("{sheet}!{cell}"),
            None => cell.to_string(),
        }
    }

    /// The file and its main sheet, for a finding about no one cell.
    pub fn sheet_location(&self) -> Location {
        main_sheet_location(&self.file, &self.sheets)
    }
}

/// Where a cell of `file` is, `sheets` being the sheets its table was read
/// from (`CellRef::sheet` indexes them; the first is the main sheet).
pub fn cell_location(file: &str, sheets: &[String], cell: CellRef) -> Location {
    let sheet = sheets.get(cell.sheet as usize).or(sheets.first()).map_or("", String::as_str);
    Location::cell(file, sheet, cell)
}

/// `file` and its main sheet, for a finding about no one cell.
pub fn main_sheet_location(file: &str, sheets: &[String]) -> Location {
    Location { sheet: Some(sheets.first().map_or("", String::as_str).to_string()), ..Location::file(file) }
}

/// Read one file from disk: every submission in it. A file (or a part of
/// one) that cannot be used becomes a finding about it.
pub fn read_file(path: &Path, display: &str, config: &Config) -> Vec<Result<Submission, Box<Finding>>> {
    match file_bytes(path, display, &config.limits) {
        Ok(bytes) => read_bytes(&bytes, display, config),
        Err(finding) => vec![Err(finding)],
    }
}

/// A file's bytes, if it is within the size limit.
pub fn file_bytes(path: &Path, display: &str, limits: &Limits) -> Result<Vec<u8>, Box<Finding>> {
    let io_error =
        |e: std::io::Error| unreadable(display, Refused { why: Why::Known(Reason::CannotOpen), detail: e.to_string() });
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if size > limits.max_file_bytes {
        let detail = format!("{size} > {} bytes", limits.max_file_bytes);
        return Err(unreadable(display, Refused::too_large(detail)));
    }
    std::fs::read(path).map_err(io_error)
}

/// The finding for a file that is not read: one of the reasons users are
/// told in their words; what the parser said goes to `detail` and the log.
fn unreadable(display: &str, refused: Refused) -> Box<Finding> {
    let reason = match &refused.why {
        Why::Known(reason) => *reason,
        Why::Parser(text) | Why::Mend(text) => reason_of_parser_error(text),
    };
    let mut finding = Finding::unreadable(display, reason);
    if reason == Reason::UnknownCodepage {
        finding = finding.expected(&refused.detail);
    }
    let detail = match refused.why {
        Why::Parser(text) | Why::Mend(text) if refused.detail.is_empty() => text,
        Why::Parser(text) | Why::Mend(text) => format!("{text}: {}", refused.detail),
        Why::Known(_) => refused.detail,
    };
    if !detail.is_empty() {
        log::info!("{display}: {detail}");
        finding = finding.detail(detail);
    }
    Box::new(finding)
}

/// Which of the users' reasons a parser's error is: a structure that does
/// not hold together, entities made to expand without end, or a parser
/// failing on what may be a valid file.
fn reason_of_parser_error(text: &str) -> Reason {
    const DAMAGED: &[&str] = &[
        "Zip error",
        "EOCD",
        "End of stream",
        "record length",
        "Cfb error",
        "Xml error",
        "Ill-formed",
        "ill-formed",
        "Unexpected end",
        "UnexpectedEof",
        "unexpected end",
        "invalid",
        "Invalid",
    ];
    if text.contains("entity") {
        Reason::Unsafe
    } else if DAMAGED.iter().any(|word| text.contains(word)) {
        Reason::Damaged
    } else {
        Reason::ParserFailed
    }
}

/// Every submission in a file already in memory (`display` is its name
/// as users see it): a zip's or a mail's files opened, a workbook of
/// several units split, a file not read named.
pub fn read_bytes(bytes: &[u8], display: &str, config: &Config) -> Vec<Result<Submission, Box<Finding>>> {
    let arrived = match guarded(display, || Ok(unpack::unpack(display, bytes, config))) {
        Ok(arrived) => arrived,
        Err(finding) => return vec![Err(finding)],
    };
    let mut read = Vec::new();
    for arrived in arrived {
        match arrived {
            Ok(arrived) => read.extend(read_arrived(&arrived, config)),
            Err(finding) => read.push(Err(finding)),
        }
    }
    read
}

/// The submissions in one file as it arrived or came out of a zip or mail.
fn read_arrived(arrived: &unpack::Arrived<'_>, config: &Config) -> Vec<Result<Submission, Box<Finding>>> {
    match guarded(&arrived.name, || read_unguarded(&arrived.bytes, arrived.kind, &arrived.name, config)) {
        Ok(submissions) => submissions
            .into_iter()
            .enumerate()
            .map(|(index, mut submission)| {
                submission.sender.clone_from(&arrived.sender);
                submission.protected = arrived.protected.filter(|_| index == 0);
                Ok(submission)
            })
            .collect(),
        // A .txt is read only in case it is a table: one that is not is a
        // note, named as not read rather than an error.
        Err(finding) if finding.code == Code::NoTable && unpack::extension(&arrived.name) == "txt" => {
            vec![Err(Box::new(unpack::not_read_finding(&arrived.name, unpack::NotRead::Text)))]
        }
        Err(finding) => vec![Err(finding)],
    }
}

/// Run a read of one file with the parsers' panics caught. The parsers
/// underneath are not ours and a crafted file can make one panic (fuzzing
/// found one in calamine's xls reader): a panic becomes an unreadable-file
/// finding for that file alone.
fn guarded<T>(display: &str, read: impl FnOnce() -> Result<T, Box<Finding>>) -> Result<T, Box<Finding>> {
    let guarded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        IN_READER.with(|flag| flag.set(true));
        let result = read();
        IN_READER.with(|flag| flag.set(false));
        result
    }));
    // A parser that panics has met something it does not handle; that does
    // not make the file broken (Excel may open it), so say what helps.
    guarded.unwrap_or_else(|_| {
        IN_READER.with(|flag| flag.set(false));
        Err(unreadable(display, Refused::new(Reason::ParserFailed)))
    })
}

thread_local! {
    static IN_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside the reader, whose panics are caught and
/// reported as findings (so the panic hook need not print them).
pub fn in_reader() -> bool {
    IN_READER.with(|flag| flag.get())
}

/// Whether a panic at this source location is in a dependency (a parser we
/// contain) rather than in matome itself, which must never panic. Tests and
/// the fuzz target use it to fail on our own panics only.
pub fn is_foreign_panic(location: Option<&std::panic::Location<'_>>) -> bool {
    location.is_some_and(|l| l.file().contains("/registry/src/") || l.file().starts_with("/rustc/"))
}

fn read_unguarded(
    bytes: &[u8],
    kind: unpack::Kind,
    display: &str,
    config: &Config,
) -> Result<Vec<Submission>, Box<Finding>> {
    let found = if kind == unpack::Kind::Text {
        read_text_table(bytes, display, config)
    } else {
        with_mending(bytes, &config.limits, display, |bytes, ranks| read_tables(bytes, config, ranks))
    };
    // The file's own name, after the zip or mail it came in.
    let path = Path::new(innermost_part(display));
    let parts = match found {
        Err(Unread::Report(reported)) if member_report::is_other_organisation(&reported, config) => {
            return Ok(vec![member_report::submission(reported, path, display, config)])
        }
        other => other.map_err(|unread| unread.finding(display))?,
    };
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(parts.into_iter().map(|part| submission_of(part, &stem, display, config)).collect())
}

/// One unit's table of a file (the file's only one, or one of several).
struct Part {
    /// The sheet (or unit) naming the part, in a workbook of several units.
    name: Option<String>,
    /// In a workbook of several units, the unit the part's sheet names.
    unit_by_sheet_name: Option<usize>,
    joined: layout::Joined,
    not_read: Vec<(String, SheetNotRead)>,
}

fn submission_of(part: Part, stem: &str, display: &str, config: &Config) -> Submission {
    let Part { name, unit_by_sheet_name, joined, mut not_read } = part;
    let layout::Joined { table, sheets, disagreeing } = joined;
    not_read.extend(disagreeing);
    let (file, unit_from_file_name) = match name {
        Some(name) => (format!("{display}{PART_SEPARATOR}{name}"), unit_by_sheet_name),
        None => (display.to_string(), unit_in_file_name(stem, config)),
    };
    let (breakdown_rows, unknown_rows) =
        table.unknown_rows.into_iter().partition(|label| crate::text::is_breakdown_label(&label.value));
    Submission {
        file,
        sheets,
        unit_cell: table.unit_cell,
        unit_from_file_name,
        month_from_file_name: crate::text::month_in_file_name(stem, config.organisation.start_month),
        correction_marks: crate::text::correction_marks(stem),
        report_date: table.report_date,
        fiscal_year: table.fiscal_year,
        rows: table.rows,
        unknown_rows,
        breakdown_rows,
        repeated: table.repeated,
        long_columns: table.long_columns,
        recognised: table.recognised,
        rows_without_numbers: table.rows_without_numbers,
        sheets_not_read: not_read,
        member_report: None,
        sender: None,
        protected: None,
    }
}

/// A CSV or tab-separated file, read as a one-sheet workbook whose sheet
/// is named as the file is.
fn read_text_table(bytes: &[u8], display: &str, config: &Config) -> Result<Vec<Part>, Unread> {
    let grid = text_table::grid(bytes, config.limits.max_cells).map_err(|e| Unread::Refused(Refused::too_large(e)))?;
    let name =
        Path::new(innermost_part(display)).file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let mut collected = Collected { worksheets: 1, ..Collected::default() };
    let read = match layout::find_table(&name, &grid, config) {
        layout::Found::MonthSheet(sheet) => SheetRead::MonthSheet(Box::new(sheet)),
        layout::Found::Table(table) => SheetRead::Tables(vec![table]),
        layout::Found::Units(tables) => SheetRead::Tables(tables),
    };
    collected.add(name, false, read);
    collected.finish(config)
}

/// Try `attempt` on the file; where calamine refuses a whole xlsx or xlsb
/// for a macro sheet, or an xlsx for one Excel 365 error value, believes a
/// shared-string count, or builds a sparse xls or ods dense, mend or
/// compact the file and try again (`ranks` then places compacted cells).
fn with_mending<T>(
    bytes: &[u8],
    limits: &Limits,
    display: &str,
    attempt: impl Fn(&[u8], &SheetRanks) -> Result<T, Unread>,
) -> Result<T, Unread> {
    match attempt(bytes, &SheetRanks::new()) {
        Err(Unread::Mendable(why)) if bytes.starts_with(&COMPOUND_FILE) || is_ods(bytes) => {
            log::info!("{display}: compacted before reading ({why})");
            let compact = if is_ods(bytes) { compact_ods::compact_file } else { compact_xls::compact_file };
            let (compacted, ranks) = compact(bytes, limits).map_err(Unread::Refused)?;
            // Cells no sheet holds still spanning too far: refused as such.
            attempt(&compacted, &ranks).map_err(|unread| match unread {
                Unread::Mendable(why) => Unread::Refused(Refused::too_large(why)),
                other => other,
            })
        }
        Err(Unread::Mendable(why)) => {
            log::info!("{display}: mended before reading ({why})");
            let mended = repair::mend_xlsx(bytes, limits).map_err(Unread::Refused)?;
            attempt(&mended, &SheetRanks::new())
        }
        other => other,
    }
}

/// The cells of every worksheet of a file, read within the limits and
/// mended as a submission is, for learning a form's layout
/// (`settings::from_forms`). A matome report is refused, as it is in a
/// folder of submissions.
pub fn worksheets(bytes: &[u8], display: &str, limits: &Limits) -> Result<Vec<(String, Range<Data>)>, Box<Finding>> {
    guarded(display, || {
        with_mending(bytes, limits, display, |bytes, ranks| {
            let mut workbook = open_workbook(bytes, limits)?;
            let mut grids = Vec::new();
            for sheet in workbook.sheets_metadata().to_vec() {
                if sheet.typ != calamine::SheetType::WorkSheet {
                    continue;
                }
                match bounded_grid(&mut workbook, &sheet.name, limits, ranks)? {
                    Ok(grid) => grids.push((sheet.name, grid.values)),
                    Err(message) => log::info!("skipped sheet {}: {message}", sheet.name),
                }
            }
            Ok(grids)
        })
        .map_err(|unread| unread.finding(display))
    })
}

/// Why no table came out of a workbook.
enum Unread {
    Refused(Refused),
    /// An xlsx calamine refuses for a part that can be mended.
    Mendable(String),
    OwnReport,
    /// A matome report, as its marker sheet tells it: the organisation's
    /// own (F009), or a member's for the level above.
    Report(Box<crate::marker::Reported>),
    /// No table; the sheet that came closest, and how.
    NoTable(Option<Box<(String, layout::NearMiss)>>),
}

impl Unread {
    /// The finding that skips the file.
    fn finding(self, display: &str) -> Box<Finding> {
        match self {
            Unread::Refused(refusal) => unreadable(display, refusal),
            Unread::Mendable(why) => unreadable(display, Refused::parser(why)),
            Unread::OwnReport | Unread::Report(_) => {
                Box::new(Finding::new(Code::OwnReport, Location::file(display), Treatment::FileSkipped))
            }
            Unread::NoTable(nearest) => Box::new(no_table(display, nearest.map(|boxed| *boxed))),
        }
    }
}

/// The F008 finding, saying what came closest to a table: a row with too
/// few months, or KPI labels with no month header.
fn no_table(display: &str, nearest: Option<(String, layout::NearMiss)>) -> Finding {
    let finding = Finding::new(Code::NoTable, Location::file(display), Treatment::FileSkipped);
    let Some((sheet, miss)) = nearest else { return finding };
    let at = |cell| Location::cell(display, &sheet, cell);
    if let Some((cell, words)) = miss.no_actual {
        return Finding { location: at(cell), ..finding }.reason(Reason::NoActualColumn).found(words);
    }
    match (miss.months, miss.labels) {
        (Some((cell, count)), _) => Finding { location: at(cell), ..finding }
            .reason(Reason::FewMonths)
            .found(count.to_string())
            .expected(layout::MIN_MONTHS_IN_HEADER.to_string()),
        (None, Some((label, count))) => Finding { location: at(label.cell), ..finding }
            .reason(Reason::NoMonthHeader)
            .found(label.value)
            .expected(count.to_string()),
        (None, None) => finding,
    }
}

/// The workbook's tables, a part a unit: the worksheets' tables (across,
/// sideways or long) joined, or the month sheets joined; split by unit
/// where they name several. Chart, dialog and macro sheets are skipped; a
/// worksheet the parser cannot read is skipped too, unless no worksheet
/// can be read. `ranks` places the cells of sheets `compact_xls` compacted.
/// A plain xlsx is read straight from its bytes (`plain_xlsx`), anything
/// else by calamine.
fn read_tables(bytes: &[u8], config: &Config, ranks: &SheetRanks) -> Result<Vec<Part>, Unread> {
    if let Some(mut book) = plain_book(bytes, &config.limits) {
        let sheets = std::mem::take(&mut book.sheets);
        return collect_sheets(&mut book, sheets, config, ranks)?.finish(config);
    }
    let slim = slim::slimmed(bytes);
    let mut workbook = open_workbook(slim.as_deref().unwrap_or(bytes), &config.limits)?;
    let sheets = workbook.sheets_metadata().to_vec();
    collect_sheets(&mut workbook, sheets, config, ranks)?.finish(config)
}

/// An xlsx read by `plain_xlsx`; `None` for any other file, or an xlsx
/// that is not plain.
fn plain_book(bytes: &[u8], limits: &Limits) -> Option<plain_xlsx::PlainBook> {
    (bytes.starts_with(b"PK\x03\x04") && !is_ods(bytes)).then(|| plain_xlsx::read(bytes, limits)).flatten()
}

/// Each sheet's table, or why it gave none.
fn collect_sheets(
    source: &mut impl SheetSource,
    sheets: Vec<calamine::Sheet>,
    config: &Config,
    ranks: &SheetRanks,
) -> Result<Collected, Unread> {
    let mut collected = Collected::default();
    for sheet in sheets {
        if sheet.typ != calamine::SheetType::WorkSheet {
            log::info!("skipped sheet {} ({:?})", sheet.name, sheet.typ);
            collected.not_read.push((sheet.name, SheetNotRead::NotAWorksheet));
            continue;
        }
        collected.worksheets += 1;
        let (name, hidden) = (sheet.name, sheet.visible != calamine::SheetVisible::Visible);
        let read = read_sheet(source, &name, config, ranks)?;
        collected.add(name, hidden, read);
    }
    Ok(collected)
}

/// Where a workbook's worksheets come from: calamine, or `plain_xlsx`.
trait SheetSource {
    /// A worksheet's cells within the limits.
    fn grid(&mut self, name: &str, limits: &Limits) -> Result<Grid, SheetError>;
    /// A worksheet's formulas, where its grid did not come with them.
    fn formulas(&mut self, name: &str) -> Option<Range<String>>;
}

impl SheetSource for Sheets<Cursor<&[u8]>> {
    fn grid(&mut self, name: &str, limits: &Limits) -> Result<Grid, SheetError> {
        sheet_grid(self, name, limits)
    }

    fn formulas(&mut self, name: &str) -> Option<Range<String>> {
        self.worksheet_formula(name).ok()
    }
}

impl SheetSource for plain_xlsx::PlainBook {
    fn grid(&mut self, name: &str, _limits: &Limits) -> Result<Grid, SheetError> {
        self.take_grid(name)
    }

    /// A plain workbook has no formula without its value.
    fn formulas(&mut self, _name: &str) -> Option<Range<String>> {
        None
    }
}

/// What the sheets of a workbook gave, as they are read.
#[derive(Default)]
struct Collected {
    tables: Vec<(layout::Table, String)>,
    month_sheets: Vec<layout::monthly_sheets::MonthSheet>,
    not_read: Vec<(String, SheetNotRead)>,
    nearest: Option<(String, layout::NearMiss)>,
    first_failure: Option<Refused>,
    worksheets: usize,
}

impl Collected {
    fn add(&mut self, name: String, hidden: bool, read: SheetRead) {
        match read {
            SheetRead::Unreadable(message) => {
                log::info!("skipped sheet {name}: {message}");
                self.first_failure.get_or_insert(Refused::parser(format!("{name}: {message}")));
                self.not_read.push((name, SheetNotRead::Unreadable));
            }
            SheetRead::MonthSheet(sheet) => self.month_sheets.push(*sheet),
            SheetRead::Tables(tables) => {
                for mut table in tables {
                    table.hidden = hidden;
                    if table.rows.is_empty() {
                        let miss = std::mem::take(&mut table.near_miss);
                        if self.nearest.as_ref().is_none_or(|(_, best)| miss.score() > best.score()) {
                            self.nearest = Some((name.clone(), miss));
                        }
                    }
                    self.tables.push((table, name.clone()));
                }
            }
        }
    }

    /// The parts: one, or one a unit in a workbook of several units.
    fn finish(mut self, config: &Config) -> Result<Vec<Part>, Unread> {
        let read_any = !self.tables.is_empty() || !self.month_sheets.is_empty();
        set_aside_other_years(&mut self.tables, &mut self.month_sheets, &mut self.not_read, config);
        if self.month_sheets.is_empty() {
            let (mut with_rows, without): (Vec<_>, Vec<_>) =
                self.tables.into_iter().partition(|(t, _)| !t.rows.is_empty());
            if let Some(units) = units::split(&mut with_rows, config, &mut self.not_read) {
                return Ok(parts_of_units(units, without, self.not_read));
            }
            self.tables = with_rows.into_iter().chain(without).collect();
        }
        let mut not_read = self.not_read;
        match join_tables(self.tables, self.month_sheets, &mut not_read) {
            Some(joined) => Ok(vec![Part { name: None, unit_by_sheet_name: None, joined, not_read }]),
            // Not one worksheet could be read: that is the file's fault.
            _ if self.worksheets > 0 && !read_any => {
                Err(Unread::Refused(self.first_failure.unwrap_or_else(|| Refused::new(Reason::Damaged))))
            }
            _ => Err(Unread::NoTable(self.nearest.filter(|(_, m)| m.score() != (false, 0, 0)).map(Box::new))),
        }
    }
}

/// Each unit's tables joined as a part of its own. A cover sheet's report
/// date and fiscal year hold for every unit (its 支所名 for none); what
/// was not read is said once, with the first unit.
fn parts_of_units(
    units: Vec<units::UnitTables>,
    without_rows: Vec<(layout::Table, String)>,
    mut not_read: Vec<(String, SheetNotRead)>,
) -> Vec<Part> {
    let mut covers = Vec::new();
    for (table, name) in without_rows {
        if table.report_date.is_some() || table.fiscal_year.is_some() {
            covers.push((table.report_date, table.fiscal_year, name));
        } else {
            not_read.push((name, SheetNotRead::NoTable));
        }
    }
    let mut parts = Vec::with_capacity(units.len());
    for unit in units {
        let Some(mut joined) = layout::join_sheets(unit.tables) else { continue };
        for (report_date, fiscal_year, name) in &covers {
            let cover = layout::Table {
                report_date: report_date.clone(),
                fiscal_year: fiscal_year.clone(),
                ..Default::default()
            };
            joined.take_labelled_cells(cover, name.clone());
        }
        let not_read = if parts.is_empty() { std::mem::take(&mut not_read) } else { Vec::new() };
        parts.push(Part { name: Some(unit.name), unit_by_sheet_name: unit.unit_by_sheet_name, joined, not_read });
    }
    parts
}

/// A sheet's own fiscal year: its 年度 cell, else its 基準日, else its name
/// (「R2」, 「令和2年度」, 「前年度」); `None` when it says nothing.
fn sheet_year(name: &str, table: &layout::Table, config: &Config) -> Option<i32> {
    table
        .fiscal_year
        .as_ref()
        .map(|year| year.value)
        .or_else(|| table.report_date.as_ref().map(|date| config.fiscal_year_of(date.value)))
        .or_else(|| crate::text::fiscal_year_in_sheet_name(name, config.organisation.fiscal_year))
}

/// Offices keep last year's sheet in this year's workbook (hidden, or as
/// 「R2」). The sheets of another fiscal year are set aside, so long as a
/// table of this year, or of no stated year, is left to read; a file is of
/// another year (F007) only when every table in it is.
fn set_aside_other_years(
    tables: &mut Vec<(layout::Table, String)>,
    month_sheets: &mut Vec<layout::monthly_sheets::MonthSheet>,
    not_read: &mut Vec<(String, SheetNotRead)>,
    config: &Config,
) {
    let this_year = config.organisation.fiscal_year;
    let other_year = |name: &str, table: &layout::Table| sheet_year(name, table, config).filter(|&y| y != this_year);
    let tables_of_this_year = tables.iter().filter(|(t, name)| !t.rows.is_empty() && other_year(name, t).is_none());
    let month_sheets_of_this_year = month_sheets.iter().filter(|m| other_year(&m.name, &m.table).is_none());
    if tables_of_this_year.count() + month_sheets_of_this_year.count() == 0 {
        return;
    }
    let mut set_aside = |name: &str, table: &layout::Table| match other_year(name, table) {
        Some(year) => {
            not_read.push((name.to_string(), SheetNotRead::OtherYear(year)));
            false
        }
        None => true,
    };
    tables.retain(|(table, name)| set_aside(name, table));
    month_sheets.retain(|sheet| set_aside(&sheet.name, &sheet.table));
}

/// Open a workbook to read; a part calamine refuses that can be mended is
/// said so, and a matome report is not a submission.
fn open_workbook<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Sheets<Cursor<&'a [u8]>>, Unread> {
    let mut workbook = open(bytes, limits).map_err(unread)?;
    if workbook.sheets_metadata().iter().any(|s| s.name == crate::marker::SHEET) {
        // What the report is of decides whether it is read (a member's, for
        // the level above) or skipped (the organisation's own).
        let marker = bounded_grid(&mut workbook, crate::marker::SHEET, limits, &SheetRanks::new())?;
        return Err(match marker.ok().map(|grid| crate::marker::decode_report(&grid.values)) {
            Some(Ok(reported)) => Unread::Report(Box::new(reported)),
            _ => Unread::OwnReport,
        });
    }
    Ok(workbook)
}

/// Why a workbook was not opened, as the reader acts on it: mended and
/// read again, or refused.
fn unread(refused: Refused) -> Unread {
    match refused {
        Refused { why: Why::Mend(why), .. } => Unread::Mendable(why),
        Refused { why: Why::Parser(text), .. } if MENDABLE.iter().any(|m| text.contains(m)) => Unread::Mendable(text),
        other => Unread::Refused(other),
    }
}

/// What calamine says of a workbook it refuses that `repair` mends: an
/// unknown sheet type (a macro sheet), a sheet without its relationship.
const MENDABLE: &[&str] = &["Unrecognized sheet:type", "Unrecognized BoundSheet8:dt", "Relationship not found"];

/// What calamine says of a sheet whose cell references name no row.
const ROWLESS_REFERENCE: &str = "missing the expected row component";

/// What one worksheet gave.
enum SheetRead {
    /// A table across or sideways, or none (its near miss kept); or a
    /// long table's, one a unit.
    Tables(Vec<layout::Table>),
    /// One month's sheet of a workbook with a sheet a month.
    MonthSheet(Box<layout::monthly_sheets::MonthSheet>),
    /// The parser could not read it: the reason.
    Unreadable(String),
}

/// Read worksheet `name` within the limits (`ranks` placing a compacted
/// sheet's cells) and find its table.
fn read_sheet(
    workbook: &mut impl SheetSource,
    name: &str,
    config: &Config,
    ranks: &SheetRanks,
) -> Result<SheetRead, Unread> {
    let grid = match bounded_grid(workbook, name, &config.limits, ranks)? {
        Ok(grid) => grid,
        Err(message) => return Ok(SheetRead::Unreadable(message)),
    };
    Ok(match layout::find_table(name, &grid.values, config) {
        layout::Found::MonthSheet(mut sheet) => {
            mark_formulas(&mut sheet.table, &grid, workbook, name, &config.limits);
            SheetRead::MonthSheet(Box::new(sheet))
        }
        layout::Found::Table(mut table) => {
            mark_formulas(&mut table, &grid, workbook, name, &config.limits);
            SheetRead::Tables(vec![table])
        }
        layout::Found::Units(mut tables) => {
            for table in &mut tables {
                mark_formulas(table, &grid, workbook, name, &config.limits);
            }
            SheetRead::Tables(tables)
        }
    })
}

/// Worksheet `name`'s cells within the limits (`ranks` placing a compacted
/// sheet's cells), or the parser's message when it cannot read the sheet.
fn bounded_grid(
    workbook: &mut impl SheetSource,
    name: &str,
    limits: &Limits,
    ranks: &SheetRanks,
) -> Result<Result<Grid, String>, Unread> {
    let mut grid = match workbook.grid(name, limits) {
        Ok(grid) => grid,
        Err(SheetError::UnknownErrorValue(value)) => {
            return Err(Unread::Mendable(format!("{name}: error value {value}")))
        }
        Err(SheetError::Refused(refusal)) => return Err(Unread::Refused(refusal)),
        Err(SheetError::Parser(message)) if message.contains(ROWLESS_REFERENCE) => {
            return Err(Unread::Mendable(format!("{name}: {message}")))
        }
        Err(SheetError::Parser(message)) => return Ok(Err(message)),
    };
    if let Some((rows, cols)) = ranks.get(name) {
        (grid.rows, grid.cols) = (Some(rows.clone()), Some(cols.clone()));
    }
    // Every format was held to the limits before its cells were read;
    // this is the last word on what a sheet may span.
    let (height, width) = grid.values.get_size();
    if (height as u64) * (width as u64) > limits.max_cells {
        let detail = format!("{name}: {height} × {width} > {} cells", limits.max_cells);
        return Err(Unread::Refused(Refused::too_large(detail)));
    }
    Ok(Ok(grid))
}

/// The workbook's table: the worksheets' tables joined, or the month
/// sheets joined if they give more rows; labelled cells on a sheet without
/// a table (a cover sheet) still count. Sheets with no table go to
/// `not_read`.
fn join_tables(
    mut tables: Vec<(layout::Table, String)>,
    month_sheets: Vec<layout::monthly_sheets::MonthSheet>,
    not_read: &mut Vec<(String, SheetNotRead)>,
) -> Option<layout::Joined> {
    let mut labelled: Vec<(layout::Table, String)> = Vec::new();
    for (table, name) in tables.iter_mut().filter(|(t, _)| t.rows.is_empty()) {
        if table.unit_cell.is_some() || table.report_date.is_some() || table.fiscal_year.is_some() {
            labelled.push((std::mem::take(table), name.clone()));
        }
    }
    not_read.extend(tables.iter().filter(|(t, _)| t.rows.is_empty()).map(|(_, n)| (n.clone(), SheetNotRead::NoTable)));
    let across = layout::join_sheets(tables.into_iter().filter(|(t, _)| !t.rows.is_empty()).collect());
    let by_month = (!month_sheets.is_empty()).then(|| layout::monthly_sheets::join(month_sheets));
    let mut joined = match (across, by_month) {
        (across, Some((table, sheets))) if across.as_ref().is_none_or(|a| table.rows.len() > a.table.rows.len()) => {
            Some(layout::Joined { table, sheets, disagreeing: Vec::new() })
        }
        (across, _) => across,
    }?;
    for (table, name) in labelled {
        joined.take_labelled_cells(table, name);
    }
    Some(joined)
}

/// One worksheet's cells: xlsx and xlsb streamed within the limits
/// (`bounded`), xls and ods from calamine, already held to them on opening.
fn sheet_grid(workbook: &mut Sheets<Cursor<&[u8]>>, name: &str, limits: &Limits) -> Result<Grid, SheetError> {
    match workbook {
        Sheets::Xlsx(book) => bounded::xlsx_sheet(book, name, limits),
        Sheets::Xlsb(book) => bounded::xlsb_sheet(book, name, limits),
        other => other
            .worksheet_range(name)
            .map(|range| Grid::dense(range, None))
            .map_err(|e| SheetError::Parser(e.to_string())),
    }
}

/// A blank cell may hold a formula whose value was never computed (as
/// openpyxl writes them): worked out from the workbook's cells where it
/// can be (`formula`). xlsx formulas came with the cells; other formats
/// are asked only when there is a blank. Then the cells are named where
/// they really are, if the grid was compacted.
fn mark_formulas(table: &mut layout::Table, grid: &Grid, workbook: &mut impl SheetSource, name: &str, limits: &Limits) {
    if table.has_blank_inputs() {
        let formulas = match grid.formulas.as_ref() {
            Some(formulas) => Some(std::borrow::Cow::Borrowed(formulas)),
            None => workbook.formulas(name).map(std::borrow::Cow::Owned),
        };
        if let Some(formulas) = formulas {
            // A compacted grid's cells are not where formulas point. Other
            // sheets are loaded only if a formula refers to them.
            let compacted = grid.rows.is_some();
            let own_formulas = &formulas;
            let mut evaluator = formula::Evaluator::new(|sheet: &str| {
                if sheet == name {
                    let formulas = Some(own_formulas.clone().into_owned());
                    return Some(formula::SheetCells { values: grid.values.clone(), formulas });
                }
                let grid = workbook.grid(sheet, limits).ok()?;
                let formulas = grid.formulas.or_else(|| workbook.formulas(sheet));
                Some(formula::SheetCells { values: grid.values, formulas })
            });
            table.mark_formulas_without_value(&formulas, |text| {
                (!compacted).then(|| evaluator.evaluate(name, text)).flatten()
            });
        }
    }
    if grid.rows.is_some() {
        table.map_cells(|cell| {
            let (row, col) = grid.real(cell.row, cell.col);
            CellRef::new(row, col)
        });
    }
}

/// Whether a zip package is an OpenDocument file, by the mimetype entry
/// it opens with.
fn is_ods(bytes: &[u8]) -> bool {
    bytes.len() > 80 && bytes[30..38] == *b"mimetype" && bytes[38..80].windows(11).any(|w| w == b"opendocumen")
}

/// Whether bytes that no name or zip tells apart are a workbook's (a bare
/// Excel 4 worksheet, refused with its reason when read).
pub(crate) fn is_workbook_content(bytes: &[u8]) -> bool {
    is_old_excel(bytes)
}

/// How a compound file (xls) begins.
pub(crate) const COMPOUND_FILE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether the plain xlsx reader reads a file, and reads it as calamine
/// does (`plain_xlsx::agrees_with_calamine`); for `tests/plain_reader.rs`,
/// its corpus test too.
#[doc(hidden)]
pub fn plain_reader_agrees(bytes: &[u8]) -> Result<bool, String> {
    plain_xlsx::agrees_with_calamine(bytes, &Limits::default())
}

/// What a matome report's marker sheet says of it, if the file is one.
pub fn matome_report_in(bytes: &[u8], limits: &Limits) -> Option<crate::marker::Reported> {
    guarded("", || match open_workbook(bytes, limits) {
        Err(Unread::Report(reported)) => Ok(Some(*reported)),
        _ => Ok(None),
    })
    .ok()
    .flatten()
}

/// Whether a file is a report matome wrote (and so may be replaced).
pub fn is_own_report(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else { return false };
    open(&bytes, &Limits::default()).is_ok_and(|book| book.sheet_names().iter().any(|n| n == crate::marker::SHEET))
}

/// Open by content (the extension of a branch's file may lie), after the
/// checks that keep a crafted file from making the parser allocate without
/// bound.
pub(crate) fn open<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Sheets<Cursor<&'a [u8]>>, Refused> {
    let cursor = Cursor::new(bytes);
    if bytes.is_empty() {
        return Err(Refused::new(Reason::Empty));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let package = bounded::check_zip(bytes, limits)?;
        if is_ods(bytes) {
            if bounded::is_encrypted_ods(bytes) {
                return Err(Refused::new(Reason::EncryptedUnsupported));
            }
            bounded::check_ods(bytes, limits)?;
            return open_workbook_from_rs::<Ods<_>, _>(cursor).map(Sheets::Ods).map_err(|e| parse_error(e.into()));
        }
        // The package's content types say which reader it is for, and so
        // whose error message is the true one.
        return if package.binary {
            open_workbook_from_rs::<Xlsb<_>, _>(cursor).map(Sheets::Xlsb).map_err(|e| parse_error(e.into()))
        } else {
            open_workbook_from_rs::<Xlsx<_>, _>(cursor).map(Sheets::Xlsx).map_err(|e| parse_error(e.into()))
        };
    }
    if bytes.starts_with(&COMPOUND_FILE) {
        // A settings workbook or last year's report given encrypted: no
        // password is asked for those (a branch's file is decrypted in
        // `unpack` before it gets here).
        if unpack::is_encrypted_package(bytes) {
            return Err(Refused::new(Reason::Encrypted));
        }
        bounded::check_cfb(bytes, limits)?;
        return open_workbook_from_rs::<Xls<_>, _>(cursor).map(Sheets::Xls).map_err(|e| parse_error(e.into()));
    }
    if is_old_excel(bytes) {
        return Err(Refused::new(Reason::OldExcel));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    if head.contains("<html") || head.contains("<!doctype") {
        return Err(Refused::new(Reason::Html));
    }
    Err(Refused::new(Reason::NotASpreadsheet))
}

/// The parser's own error, with the reasons users can act on named.
fn parse_error(error: calamine::Error) -> Refused {
    let text = error.to_string();
    // calamine names the codepage in hexadecimal: "Cfb error: Codepage 8001
    // not found" is codepage 32769; users' tools give it in decimal.
    if let Some(rest) = text.split("Codepage ").nth(1).filter(|rest| rest.ends_with("not found")) {
        let hex: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
        let codepage = u32::from_str_radix(&hex, 16).map_or(hex, |number| number.to_string());
        return Refused { why: Why::Known(Reason::UnknownCodepage), detail: codepage };
    }
    Refused::parser(text)
}

/// An Excel 2, 3 or 4 worksheet: a bare BIFF stream (no compound file)
/// opening with its BOF record, 0x0009, 0x0209 or 0x0409, of 4 to 8 bytes.
fn is_old_excel(bytes: &[u8]) -> bool {
    matches!(bytes, [0x09, 0x00 | 0x02 | 0x04, 4 | 6 | 8, 0x00, ..])
}

/// The unit a file name names, by the longest name or alias it contains
/// (「勝北支所_6月分(修正).xlsx」 → 勝北).
pub fn unit_in_file_name(stem: &str, config: &Config) -> Option<usize> {
    config.unit_named_in(&crate::text::normalize_label(stem))
}
