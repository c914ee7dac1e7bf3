//! English, with `--lang en`.

use super::{ExplainWords, FeedbackWords, PageWords, SettingsField, SettingsSheet, Subject, Texts};
use crate::config::{ConfigProblem, KpiKind, Place, ValueKind};
use crate::consolidate::{Standing, UnitStatus};
use crate::error::{MatomeError, ReportProblem, UsageProblem};
use crate::findings::{Code, Finding, Reason, Severity, Treatment};

pub const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

pub const TEXTS: Texts = Texts {
    summary_sheet: "Summary",
    chart_sheet: "Charts",
    submissions_sheet: "Submissions",
    revisions_sheet: "Revisions",
    findings_sheet: "Findings",
    template_sheet: "Report",
    instructions_sheet: "How to fill in",
    as_of: "As of",
    fiscal_year: "Fiscal year",
    unit: "Unit",
    unit_label: "Unit",
    group: "Group",
    kpi: "Item",
    counter: "Counted in",
    target: "Annual target",
    actual: "Actual",
    progress: "Progress",
    previous: "Last year",
    previous_to_date: "Last year, same months",
    previous_ratio: "vs last year",
    expected_pace: "Expected pace",
    difference: "Difference",
    standing: "Standing",
    achievement: "Achieved",
    total: "Total",
    cumulative: "Cumulative",
    previous_cumulative: "Last year, cumulative",
    plan_row: "Plan",
    progress_row: "Progress",
    units_header: "By unit",
    file: "File",
    report_date: "Report date",
    status: "Status",
    errors: "Errors",
    warnings: "Warnings",
    severity: "Severity",
    code: "Code",
    location: "Location",
    sheet: "Sheet",
    cell: "Cell",
    month: "Month",
    found: "Found",
    expected: "Expected",
    treatment: "Treatment",
    message: "Message",
    no_findings: "No problems found.",
    no_revisions: "No figure was revised.",
    months_used: "Months used",
    sent_by: "Mail (sender, date)",
    superseded: "(replaced by a later file)",
    before: "Before",
    after: "After",
    before_file: "File before",
    after_file: "File after",
    folded_note: "Note: the units' rows are hidden so that the totals print; unhide the rows to see them.",
    stock_note: "* Enter the level at the end of the month (not added up month by month)",
    page_of: "Page &P of &N",
    legend: "Colour: green = on pace, yellow = slightly behind, red = far behind",
    instructions: &[
        "How to fill in this workbook",
        "",
        "1. Type only into the shaded cells of the Report sheet; the rest is protected.",
        "2. Enter the report date (for example 2021-06-14) in the As of cell.",
        "3. For each item, enter the month's count. Enter 0 for a month with nothing.",
        "4. Items marked * take the level at the end of the month, not the month's count.",
        "5. Leave months that have not come yet blank.",
        "6. Totals and progress are calculated for you; do not type them.",
        "7. Do not insert or delete rows or columns; write notes outside the table.",
        "8. Save and send the file to headquarters without renaming it.",
        "",
        "Headquarters consolidates every unit's report with matome and will ask about anything missing or inconsistent.",
    ],
    validation_title: "Not accepted",
    validation_message: "Enter a whole number of 0 or more.",
    date_validation_message: "Enter the report date as a date (for example 2021-06-14).",
};

pub const FEEDBACK: FeedbackWords = FeedbackWords {
    file_word: "to_check",
    cover_sheet: "Please check",
    findings_sheet: "Findings",
    figures_sheet: "Figures as read",
    title: "Monthly report: points to check",
    reminder_title: "Monthly report: not yet received",
    unit: "Unit",
    report_date: "Report date",
    files: "Files received",
    what_to_do: &[
        "Headquarters consolidated the report you sent and found points to check.",
        "1. For each row of the Findings sheet, open the file, sheet and cell it names.",
        "2. Errors must be corrected; a warning may stand if the figure is right.",
        "3. The Figures as read sheet holds the figures headquarters counted; coloured cells carry a note saying why.",
        "4. Send the corrected file back with \"(corrected)\" at the end of its name.",
    ],
    reminder: &[
        "This month's report has not reached headquarters yet.",
        "Please send the workbook with each month's counts up to the report date.",
        "If you cannot find the workbook to fill in, please tell headquarters.",
    ],
    typed_label: "Label as typed",
    label_cell: "Where",
    figures_note: "The figures headquarters counted (blank: not reported or excluded).",
};

pub const EXPLORER_INSTRUCTIONS: &str = "matome: consolidates the files the branches sent.

Drag the year's folder of branch files onto this matome.exe. The report
(<folder>_report.xlsx) and the branches' feedback (<folder>_feedback) are
written beside the folder. Drag branch files onto it to see their findings only.
A settings workbook (matome設定.xlsx) in that folder or beside matome.exe is used.

To use matome in a browser, open matome.html.";

pub const PAGE: PageWords = PageWords {
    title: "matome monthly consolidation",
    lead: "Choose the folder of files the branches sent: it is consolidated on this PC alone. No file is sent anywhere.",
    other_language: "日本語",
    choose_folder: "Choose a folder",
    choose_files: "Choose files",
    drop_here: "Drop a folder or files here",
    settings: "Settings",
    settings_default: "The built-in settings (an example chamber)",
    settings_in_use: "Settings in use",
    settings_remembered: "(remembered in this browser)",
    forget_settings: "Forget the settings",
    choose_settings: "Choose a settings file (xlsx, toml)",
    new_settings: "Save a settings workbook",
    templates: "Save the branches' forms",
    next_year: "Next year's settings from the year-end report",
    as_of: "Report date",
    bad_date: "the report date is not a date (for example 2021-06-14)",
    as_of_hint: "blank: from the files' report dates",
    reading: "Reading",
    submissions: "Submissions",
    sent_nothing: "nothing sent",
    summary: "Summary",
    findings: "Findings",
    all_units: "All units",
    all_severities: "All severities",
    no_findings: "No problems found.",
    save_report: "Save the report (xlsx)",
    save_json: "Save the JSON",
    save_feedback: "Save the branches' feedback (zip)",
    save_into_folder: "Save into the chosen folder",
    saved_into_folder: "Saved into the folder",
    explain: "How it was read",
    explain_hint: "Choose one file to see where its table is and which label was read as which item (for a branch, before sending).",
    stopped: "reading stopped in this file, so it was left out",
    password_title: "A password-protected file",
    password_explain: "{file} is protected by a password. Enter it and the files are read again. The password is used in this page only and saved nowhere (closing the page forgets it).",
    password_label: "Password",
    password_open: "Open",
    password_skip: "Skip",
    password_wrong: "Wrong password. Enter it again (branches may each have their own).",
    password_ask: "Enter a password",
    files_not_read: "Files not read",
    print: "Print (for the board)",
    previous_in_use: "Last year's report",
    previous_none: "none (the settings' last-year figures are used)",
    choose_previous: "Choose last year's report (xlsx)",
    forget_previous: "Forget last year's report",
    previous_to_date: "Last year, same period",
    previous_ratio: "Against last year",
    learn_from_forms: "Settings from the branches' forms",
    pictures: "Pictures",
    picture_progress: "Each item's progress (the line is the year's pace)",
    picture_grid: "Each unit's progress",
    picture_cumulative: "By month:",
    pace: "Pace",
    this_year_cumulative: "This year, cumulative",
    plan_by_month: "Target spread by month",
    last_year_cumulative: "Last year, cumulative",
    filter_unit: "Show the findings of one unit",
    filter_severity: "Show the findings of one severity",
    columns: [
        "Unit", "Files", "Report date", "Status", "Item", "Target", "Actual", "Progress", "Standing", "Severity", "Code",
        "File", "Sheet", "Cell", "Message",
    ],
};

pub const EXPLAIN: ExplainWords = ExplainWords {
    brackets: (" (", ")"),
    table: "Table",
    layouts: [
        "months across",
        "months down",
        "a sheet a month",
        "a member's matome report",
        "a row a month and item (a system's export)",
    ],
    month_headings: "Month headings",
    totals: "Total and subtotal columns",
    unit: "Unit",
    report_date: "Report date",
    fiscal_year: "Fiscal year",
    items: "Items",
    rules: [
        "as configured",
        "alias",
        "without the counter word",
        "without numbering",
        "major and minor item together",
        "by its id",
    ],
    months_at: "months in",
    cumulative_at: "cumulative row at",
    not_read: "Not read",
    sheet_reasons: [
        "a chart or macro sheet",
        "a sheet that cannot be opened",
        "no table",
        "same items, other figures (F010)",
        "hidden, with other figures than the visible sheet (F010)",
        "sums the other sheets (not counted twice)",
    ],
    other_year_sheet: " sheet (not this year's, so not counted; F012)",
    unknown_label: "a row whose label matches no item (R002)",
    row_without_numbers: "a row without numbers",
    breakdown_row: "breaks down the item above (not counted)",
    long_columns: "Columns read",
    long_column_names: ["month", "unit", "item", "value"],
    not_found: "not found",
    unreadable: "This file could not be read",
};

pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

pub fn treatment(treatment: Treatment) -> &'static str {
    match treatment {
        Treatment::None => "-",
        Treatment::Excluded => "excluded",
        Treatment::TakenAsZero => "counted as 0",
        Treatment::Recomputed => "recomputed",
        Treatment::FileSkipped => "file skipped",
        Treatment::UsedAsReported => "used as reported",
        Treatment::Converted => "converted",
        Treatment::EarlierValue => "earlier figure used",
    }
}

pub fn standing(standing: Standing) -> &'static str {
    match standing {
        Standing::OnPace => "on pace",
        Standing::SlightlyBehind => "slightly behind",
        Standing::FarBehind => "far behind",
    }
}

pub fn status(status: UnitStatus) -> &'static str {
    match status {
        UnitStatus::Clean => "clean",
        UnitStatus::Warnings => "warnings",
        UnitStatus::Errors => "errors",
        UnitStatus::Missing => "not received",
    }
}

/// What became of a value that could not be used: left out, or the month
/// counted from an earlier file.
fn not_used(f: &Finding, s: &Subject) -> String {
    match f.treatment {
        Treatment::EarlierValue => {
            format!(
                "not used: the earlier file {}'s figure, {}, was counted instead",
                s.previous_file, s.previous_value
            )
        }
        _ => "excluded".into(),
    }
}

/// What a branch is asked to do with a file matome cannot read.
const SAVE_AS_XLSX: &str = "open it in Excel or LibreOffice and save it as .xlsx";

/// The findings about a whole file or sheet (F…).
fn file_message(f: &Finding, s: &Subject) -> String {
    let &Subject { unit, found, expected, .. } = s;
    match f.code {
        Code::Unreadable => unreadable(f, expected),
        Code::UnitUnidentified => "which unit sent this file is unknown: fill in the unit name cell".into(),
        Code::UnitNameMismatch => {
            format!("the unit cell says \"{found}\" but the file name says \"{expected}\"; counted as {unit}")
        }
        Code::UnknownUnit => format!("unit \"{found}\" is not in the configuration"),
        Code::NotSubmitted if !found.is_empty() => {
            format!("no file received from {unit} ({found} is not a spreadsheet, so it was not read)")
        }
        Code::NotSubmitted => format!("no file received from {unit}"),
        Code::NotRead => not_read(f, found),
        Code::OpenedWithPassword => opened_with_password(found),
        Code::WrongFiscalYear => format!("the file is for {found}, not {expected}; not counted"),
        Code::NoTable => no_table(f, found, expected),
        Code::OwnReport => "a report written by matome; skipped".into(),
        Code::MemberErrors => {
            format!("{unit}'s report still has {found} errors: its figures may be provisional.")
        }
        Code::DisagreeingSheet if f.reason == Some(Reason::HiddenSheet) => format!(
            "hidden sheet \"{found}\" holds a table of the same items with other figures; the visible sheet \"{expected}\" was used: which is right?"
        ),
        Code::OtherYearSheets => format!(
            "sheets of another fiscal year ({found}) were not counted; this year's sheet \"{expected}\" was"
        ),
        Code::DisagreeingSheet => format!(
            "sheet \"{found}\" holds a table of the same items with other figures; the table on \"{expected}\" (more items) was used: which is right?"
        ),
        _ => unreachable!("only the file findings are worded here"),
    }
}

pub fn message(f: &Finding, s: &Subject) -> String {
    let &Subject { unit, kpi, ref what, found, expected, file, previous_file, previous_value, suggestion } = s;
    match f.code {
        Code::Unreadable
        | Code::UnitUnidentified
        | Code::UnitNameMismatch
        | Code::UnknownUnit
        | Code::NotSubmitted
        | Code::NotRead
        | Code::OpenedWithPassword
        | Code::WrongFiscalYear
        | Code::NoTable
        | Code::OwnReport
        | Code::MemberErrors
        | Code::DisagreeingSheet
        | Code::OtherYearSheets => file_message(f, s),
        Code::BreakdownRows => {
            format!("breakdown rows ({found}) are part of the item above and were not counted ({expected} rows)")
        }
        Code::RepeatedEntry => format!(
            "{what} is also given at {expected} (the same unit, item and month twice); the upper row was used: which is right?"
        ),
        Code::MissingKpi => format!("no row for \"{kpi}\""),
        Code::UnknownLabel if f.reason == Some(Reason::NotReportedByUnit) => {
            format!("\"{found}\" is not reported by {unit}; not counted")
        }
        Code::UnknownLabel if !suggestion.is_empty() => {
            format!("the label \"{found}\" matches no configured item; did you mean \"{suggestion}\"?")
        }
        Code::UnknownLabel => format!("the label \"{found}\" matches no configured item; check for a typo"),
        Code::DuplicateKpi if f.severity == Severity::Error => {
            format!("\"{kpi}\" is reported again (first at {expected}) with different values; the first row was used")
        }
        Code::DuplicateKpi => format!("\"{kpi}\" is reported again (first at {expected}) with the same values"),
        Code::BlankDue if f.treatment == Treatment::TakenAsZero => {
            format!("{what} is blank; counted as 0 (enter 0 when there was nothing)")
        }
        Code::BlankDue => format!("{what} is blank; the previous month's level was used"),
        Code::NotANumber => format!("{what} holds \"{found}\", which is not a number; {}", not_used(f, s)),
        Code::ErrorValue => format!("{what} is the error value {found}; {}", not_used(f, s)),
        Code::FormulaWithoutValue if !f.also.is_empty() => {
            let first: Vec<&str> = f.also.iter().take(3).map(String::as_str).collect();
            let more = if f.also.len() > 3 { " and more" } else { "" };
            format!(
                "{what}'s formula {found} and {} others ({}{more}) have no saved result and could not be worked out from the workbook's cells; not counted: open the file in Excel and save it again",
                f.also.len(),
                first.join(", ")
            )
        }
        Code::FormulaWithoutValue if f.treatment == Treatment::EarlierValue => format!(
            "{what} is the formula {found} with no saved result; {}; open and save it in Excel",
            not_used(f, s)
        ),
        Code::FormulaWithoutValue => {
            format!("{what} is the formula {found} with no saved result; open and save it in Excel")
        }
        Code::Negative => format!("{what} is negative ({found}); {}", not_used(f, s)),
        Code::Fraction => format!("{what} is not a whole number ({found}); {}", not_used(f, s)),
        Code::FutureMonth => format!("{what} is after the report date but holds {found}; excluded"),
        Code::Converted => format!("{what}: {found} was converted to {expected}"),
        Code::RowTotalMismatch => format!("{what}: the typed total {found} is not the sum of the months, {expected}"),
        Code::CumulativeMismatch => format!("{what}: the typed cumulative {found} should be {expected}"),
        Code::ProgressMismatch => {
            format!("{what}: the typed progress {found} disagrees with actual ÷ target, {expected}")
        }
        Code::StockDecreased => format!("{what} went down to {found} (was {expected}); this level cannot go down"),
        Code::RatioExceedsOne => {
            format!("{kpi}: the numerator exceeds the denominator ({found}); this unit is left out of the rate")
        }
        Code::Revised => {
            format!("{what}: {previous_value} → {found} ({previous_file} → {file}); the later file's figure is used")
        }
        Code::ConflictingFiles => format!(
            "{what}: \"{previous_file}\" gives {previous_value} and this file {found}, with the same report date and \
             no correction mark in either name; this file's {found} is used (later in name order): which is right?"
        ),
    }
}

/// F008, saying what came closest to a table.
fn no_table(f: &Finding, found: &str, expected: &str) -> String {
    match f.reason {
        Some(Reason::FewMonths) => {
            let row = f.location.cell.map_or(0, |c| c.row + 1);
            format!("row {row} names only {found} months ({expected} or more needed): put the months April to March in one row")
        }
        Some(Reason::NoMonthHeader) => format!(
            "item labels were found (\"{found}\" and {expected} in all) but no row of month headings (Apr, May, ...) above them"
        ),
        Some(Reason::NoActualColumn) => format!(
            "under the month heading there are only \"{found}\" columns, no actual one: head the actual figures' column 「実績」"
        ),
        _ => "no table with month headings (Apr, May, ...) and item labels was found".into(),
    }
}

/// How a password is given, in each front end.
const GIVE_PASSWORD: &str =
    "give its password to read it (typed when the command asks, in the page's password dialog, or in matome.exe's window)";

/// F014: a protected file opened, so that headquarters sees who still
/// protects theirs.
fn opened_with_password(found: &str) -> String {
    let what = if found == "zip" { "a password-protected zip" } else { "a password-protected file" };
    format!("{what}, opened with the password given and read")
}

/// F013, by what the file is.
fn not_read(f: &Finding, found: &str) -> String {
    if f.reason == Some(Reason::NothingInside) {
        return "the zip or mail holds no file to read".into();
    }
    let what = match found {
        "pdf" => "a PDF",
        "word" => "a document (Word or the like)",
        "picture" => "a picture or film",
        "text" => "text that is not a table",
        _ => "not a spreadsheet",
    };
    format!("{what}, so not read; figures must come as a spreadsheet (xlsx, xls, ods or csv)")
}

/// F001, by the reason the file could not be read.
fn unreadable(f: &Finding, expected: &str) -> String {
    match f.reason {
        Some(Reason::TooLarge) => "not read: the file is larger than matome reads at once".into(),
        Some(Reason::Unsafe) => {
            "not read: the file holds parts made to grow without end when read; ask whoever made it".into()
        }
        Some(Reason::CannotOpen) => {
            "the file could not be opened: is it open in another program (Excel), and may it be read?".into()
        }
        Some(Reason::TooDeep) => {
            "zips or mails nested too deep: not opened further; take the files out and put them in the folder".into()
        }
        Some(Reason::Empty) => "the file is empty (0 bytes)".into(),
        // The password opens it here, with nothing resaved.
        Some(Reason::Encrypted) => format!("not read: protected by a password; {GIVE_PASSWORD}"),
        Some(Reason::WrongPassword) => "wrong password: none of the passwords given opens the file; ask the branch".into(),
        Some(Reason::EncryptedUnsupported) => {
            "matome cannot remove this kind of password protection; open the file in Excel, remove the password and save it as .xlsx".into()
        }
        Some(Reason::Html) => "this is a web page (HTML), not a spreadsheet; save it in Excel format".into(),
        Some(Reason::NotASpreadsheet) => "not a spreadsheet (xlsx, xls or ods)".into(),
        Some(Reason::Damaged) => "the file's structure is broken; open it and save it again".into(),
        Some(Reason::OldExcel) => format!("an old Excel format (Excel 4.0 or earlier): {SAVE_AS_XLSX}"),
        Some(Reason::UnknownCodepage) => {
            format!("written in a character set matome does not know (codepage {expected}): {SAVE_AS_XLSX}")
        }
        _ => format!("matome could not read this file: {SAVE_AS_XLSX}"),
    }
}

pub fn settings_sheet(sheet: SettingsSheet) -> &'static str {
    match sheet {
        SettingsSheet::Organisation => "Organisation",
        SettingsSheet::Groups => "Groups",
        SettingsSheet::Items => "Items",
        SettingsSheet::Targets => "Targets",
        SettingsSheet::LastYear => "Last year",
        SettingsSheet::Guide => "How to use",
    }
}

pub fn settings_field(field: SettingsField) -> (&'static str, &'static str) {
    use SettingsField::*;
    match field {
        OrganisationName => ("Organisation", "The name on the report and every sheet's title"),
        OrganisationNameEn => ("Organisation (English)", "The name in --lang en output; the name when blank"),
        ReportTitle => ("Report title", "The title of the summary sheet"),
        ReportTitleEn => ("Report title (English)", "The title in --lang en output"),
        FiscalYear => ("Fiscal year", "2022 (the year it starts in) or 令和4年度"),
        StartMonth => ("Start month", "1 to 12: 4 means April to March"),
        UnitWord => ("Unit word (Japanese)", "支所, 店舗, 事業所 …: used in messages and headings; 支所 when blank"),
        UnitWordEn => ("Unit word", "branch, store …: used in --lang en output; unit when blank"),
        Ahead => ("On pace from", "Green when progress ÷ pace is at least this (e.g. 1.0)"),
        Behind => ("Slightly behind from", "Yellow when at least this, red below (e.g. 0.8)"),
        MaxFileBytes => ("Largest file (bytes)", "Larger files are not opened"),
        MaxCells => ("Largest sheet (cells)", "Sheets with more cells are not read"),
        Setting => ("Setting", "What is set"),
        Entry => ("Value", "Type here"),
        Meaning => ("Meaning", "What the setting means"),
        Id => ("Id", "A code used inside the settings only; the name when blank. Changing it loses last year's link"),
        Name => ("Name", "The name on the report and in messages"),
        NameEn => ("Name (English)", "The name in --lang en output"),
        Aliases => ("Aliases", "Other ways a file name or cell writes it, separated by commas"),
        Group => ("Group", "The report sheet the item is on (a name from the Groups sheet)"),
        Kind => {
            ("Kind", "monthly count, month-end level, sum, difference, ratio or balance; the last four matome computes")
        }
        Value => ("Value", "count (whole, not negative), amount (decimals) or signed (negatives allowed)"),
        MoneyUnit => ("Money unit", "For amounts: 円, 千円, 万円, 百万円 or 億円"),
        Counter => ("Counter", "The word after a number: 件, 社, 人 …"),
        Reporters => ("Reported by", "The units that report it, separated by commas; all when blank"),
        Parts => ("Computed from", "For sum, difference, ratio and balance: the ids of items above it"),
        Opening => ("Opening", "For a balance: the level at the start of the year"),
        Monotonic => ("Never goes down", "\"yes\" to be told when it is lower than the month before"),
        Whole => ("Whole target", "The organisation's annual target; blank when each unit has its own"),
        UnitsSum => ("Units' sum", "The sum of the units' targets (computed)"),
        Previous => ("Last year", "Last fiscal year's result"),
        UnitTarget => ("", "This unit's annual target; blank when the whole target is given"),
        PreviousMonth => ("", "Last year's figure for this month (for month-end levels, the level at month end)"),
    }
}

pub fn kind_name(kind: KpiKind) -> &'static str {
    match kind {
        KpiKind::Flow => "monthly count",
        KpiKind::Stock => "month-end level",
        KpiKind::Sum => "sum",
        KpiKind::Difference => "difference",
        KpiKind::Ratio => "ratio",
        KpiKind::Balance => "balance",
    }
}

pub fn value_kind_name(value: ValueKind) -> &'static str {
    match value {
        ValueKind::Count => "count",
        ValueKind::Amount => "amount",
        ValueKind::Signed => "signed",
    }
}

/// An error that stops matome, as a sentence.
pub fn error(error: &MatomeError) -> String {
    match error {
        MatomeError::Config { path, place, problem } => config_error(&path.display().to_string(), place, problem),
        MatomeError::InputMissing { path } => format!("{}: no such file or folder", path.display()),
        MatomeError::OutputIsInput { path } => {
            format!("{}: the report would overwrite one of the input files; name another with -o", path.display())
        }
        MatomeError::OutputIsFolder { path } => {
            format!("{}: this is a folder; name a file with -o (e.g. report.xlsx)", path.display())
        }
        MatomeError::WouldReplace { path } => format!("{}: already exists; add --force to replace it", path.display()),
        MatomeError::OpenElsewhere { path } => {
            format!("{} is open in Excel: close it and run matome again", path.display())
        }
        MatomeError::Write { path, message } => format!("could not write {}: {message}", path.display()),
        MatomeError::UnknownUnit { name } => format!("unit \"{name}\" is not in the configuration"),
        MatomeError::Usage(problem) => format!("{}; see matome --help", usage(problem)),
        MatomeError::ExplainOneFile => "--explain takes one file".to_string(),
        MatomeError::NoForms { inputs, .. } => format!(
            "{}: no form with a row of months (Apr, May, ...) and item labels was found",
            inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        ),
        MatomeError::Report { path, problem } => {
            let file = path.display();
            match problem {
                ReportProblem::Unreadable(why) => format!("{file}: cannot be read ({why})"),
                ReportProblem::NotMatomeReport => format!("{file}: not a report written by matome"),
                ReportProblem::OlderReport => {
                    format!("{file}: a report from an older matome, without the year's figures; consolidate again")
                }
                ReportProblem::WrongYear { expected, found } => {
                    format!("{file}: a report for FY{expected} is needed, not FY{found}")
                }
            }
        }
    }
}

fn config_error(file: &str, place: &Place, problem: &ConfigProblem) -> String {
    let at = match place {
        Place::Whole => format!("configuration {file}"),
        Place::Line(line) => format!("configuration {file}: line {line}"),
        Place::Cell { sheet, cell } if cell.is_empty() => format!("settings {file}, sheet \"{sheet}\""),
        Place::Cell { sheet, cell } => format!("settings {file}, sheet \"{sheet}\", cell {cell}"),
    };
    format!("{at}: {}", config_problem(problem))
}

fn config_problem(problem: &ConfigProblem) -> String {
    match problem {
        ConfigProblem::Unreadable(why) => format!("cannot be read ({why})"),
        ConfigProblem::Syntax { message, near } if near.is_empty() => message.clone(),
        ConfigProblem::Syntax { message, near } => format!("{message}: {near}"),
        ConfigProblem::NotSettingsWorkbook(why) => format!("not a matome settings workbook ({why})"),
        ConfigProblem::StartMonth => "start_month must be 1 to 12".into(),
        ConfigProblem::NoUnits => "at least one [[units]] entry is needed".into(),
        ConfigProblem::UnitTwice(id) => format!("unit id \"{id}\" is used twice"),
        ConfigProblem::UnitNameTwice { name, first, second } => {
            format!("the name \"{name}\" belongs to both unit \"{first}\" and unit \"{second}\"")
        }
        ConfigProblem::GroupTwice(id) => format!("group id \"{id}\" is used twice"),
        ConfigProblem::KpiTwice(id) => format!("KPI id \"{id}\" is used twice"),
        ConfigProblem::UnknownGroup { kpi, group } => {
            format!("KPI \"{kpi}\" names group \"{group}\", which is not defined")
        }
        ConfigProblem::LabelTwice { label, first, second } => {
            format!("the label \"{label}\" belongs to both KPI \"{first}\" and KPI \"{second}\"")
        }
        ConfigProblem::UnknownUnit { kpi, unit } => {
            format!("KPI \"{kpi}\" names unit \"{unit}\", which is not defined")
        }
        ConfigProblem::TargetTwice(kpi) => format!("KPI \"{kpi}\" has both target and unit_targets: give one"),
        ConfigProblem::MoneyUnit(kpi) => format!("KPI \"{kpi}\": unit must be 円, 千円, 万円, 百万円 or 億円"),
        ConfigProblem::PreviousMonths(kpi) => {
            format!("KPI \"{kpi}\": previous_months needs 12 values, April to March")
        }
        ConfigProblem::PartsCount(kpi) => {
            format!("KPI \"{kpi}\": `of` has the wrong number of entries for its kind")
        }
        ConfigProblem::PartNotAbove { kpi, part } => {
            format!("KPI \"{kpi}\" is computed from \"{part}\", which must be defined above it")
        }
        ConfigProblem::NoOpening(kpi) => format!("KPI \"{kpi}\" is a balance and needs `opening`"),
        ConfigProblem::NotNumber(value) => format!("\"{value}\" is not a number"),
        ConfigProblem::NotWhole(value) => format!("\"{value}\" is not a whole number from 0"),
        ConfigProblem::NotYear(value) => format!("\"{value}\" is not a fiscal year (e.g. 2022)"),
        ConfigProblem::NotChoice(value, choices) => {
            format!("\"{value}\" is not one of the choices ({})", choices.join(", "))
        }
        ConfigProblem::UnknownUnitName(value) => format!("\"{value}\" is not on the units' sheet"),
        ConfigProblem::UnknownGroupName(value) => format!("group \"{value}\" is not on the Groups sheet"),
        ConfigProblem::UnknownItem(value) => format!("item \"{value}\" is not on the Items sheet"),
        ConfigProblem::Required => "is blank; fill it in".into(),
        ConfigProblem::MissingSheet => "is missing; compare with settings made by matome init".into(),
        ConfigProblem::MissingHeading(heading) => format!("has no heading \"{heading}\""),
    }
}

fn usage(problem: &UsageProblem) -> String {
    match problem {
        UsageProblem::UnknownArgument(arg) => format!("there is no argument {arg}"),
        UsageProblem::UnknownCommand(name) => format!("there is no command {name}"),
        UsageProblem::BadValue { arg, value } => format!("{arg} cannot be \"{value}\""),
        UsageProblem::Missing(arg) => format!("{arg} is needed"),
        UsageProblem::NoCommand => "name a command (consolidate, check …)".to_string(),
        UsageProblem::Other(text) => text.clone(),
    }
}
