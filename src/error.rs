//! Errors that stop matome from running at all (exit status 2). Problems in
//! the submissions are not errors: they are findings. What each error says
//! to users, in their language, is `i18n::error_message`; `Display` is its
//! English form (for logs and tests).

use std::path::PathBuf;

#[derive(Debug)]
pub enum MatomeError {
    /// The configuration (TOML or settings workbook) cannot be used.
    Config {
        path: PathBuf,
        place: Place,
        // Boxed: errors travel up every call, and this one is the largest.
        problem: Box<ConfigProblem>,
    },
    InputMissing {
        path: PathBuf,
    },
    OutputIsInput {
        path: PathBuf,
    },
    OutputIsFolder {
        path: PathBuf,
    },
    /// The file exists and `--force` was not given.
    WouldReplace {
        path: PathBuf,
    },
    /// The file to replace is open in another program (Excel locks the
    /// workbooks it has open); nothing was written.
    OpenElsewhere {
        path: PathBuf,
    },
    /// Writing failed; `message` is the system's reason.
    Write {
        path: PathBuf,
        message: String,
    },
    /// `template --unit` names no unit of the configuration.
    UnknownUnit {
        name: String,
    },
    /// The command line could not be understood.
    Usage(UsageProblem),
    /// `check --explain` needs exactly one file.
    ExplainOneFile,
    /// `init --from` found no form with months and labels in `inputs`;
    /// `files` says why each file there is none.
    NoForms {
        inputs: Vec<PathBuf>,
        files: Vec<crate::findings::Finding>,
    },
    /// A report given as last year's (`--previous`) or this year's
    /// (`new-year --report`) cannot be used.
    Report {
        path: PathBuf,
        problem: ReportProblem,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportProblem {
    Unreadable(String),
    NotMatomeReport,
    OlderReport,
    /// The report is of `found`, where `expected` was needed (fiscal years).
    WrongYear {
        expected: i32,
        found: i32,
    },
}

/// What is wrong with the command line (clap's complaint, in our words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageProblem {
    UnknownArgument(String),
    UnknownCommand(String),
    BadValue {
        arg: String,
        value: String,
    },
    Missing(String),
    NoCommand,
    /// Anything else, as clap words it.
    Other(String),
}

impl std::error::Error for MatomeError {}

/// Where in the configuration a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Whole,
    /// A line of a TOML file, from 1.
    Line(usize),
    /// A sheet and cell of the settings workbook ("C7"); the cell may be
    /// empty when the whole sheet is meant.
    Cell {
        sheet: String,
        cell: String,
    },
}

/// Why a configuration cannot be used; `i18n` words it in each language.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigProblem {
    Unreadable(String),
    /// The TOML parser's own words, and the text they are about.
    Syntax {
        message: String,
        near: String,
    },
    StartMonth,
    NoUnits,
    UnitTwice(String),
    UnitNameTwice {
        name: String,
        first: String,
        second: String,
    },
    GroupTwice(String),
    KpiTwice(String),
    UnknownGroup {
        kpi: String,
        group: String,
    },
    LabelTwice {
        label: String,
        first: String,
        second: String,
    },
    UnknownUnit {
        kpi: String,
        unit: String,
    },
    TargetTwice(String),
    MoneyUnit(String),
    PreviousMonths(String),
    PartsCount(String),
    PartNotAbove {
        kpi: String,
        part: String,
    },
    NoOpening(String),
    // The settings workbook's own problems.
    NotSettingsWorkbook(String),
    MissingSheet,
    MissingHeading(&'static str),
    NotNumber(String),
    NotWhole(String),
    NotYear(String),
    NotChoice(String, Vec<&'static str>),
    UnknownUnitName(String),
    UnknownGroupName(String),
    UnknownItem(String),
    Required,
}
