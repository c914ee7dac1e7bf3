//! The command line: argument parsing and one thin module per subcommand.
//! Each `run` returns the exit status: 0 clean, 1 findings, 2 could not run.

mod check;
mod config;
mod consolidate;
pub mod explorer;
mod help;
mod init;
mod new_year;
pub mod password;
mod template;

use std::path::PathBuf;

use clap::builder::TypedValueParser;
use clap::{Parser, Subcommand};

use crate::config::{Config, Lang};
use crate::error::MatomeError;

#[derive(Debug, Parser)]
#[command(
    name = "matome",
    version,
    about = "Consolidate branch offices' monthly Excel reports and find every missing or inconsistent cell"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// More logging on stderr (-v, -vv).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only errors on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Language of everything written: ja (default) or en.
    #[arg(long, global = true, default_value = "ja", value_parser = lang_parser())]
    pub lang: Lang,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Consolidate a folder of submissions into the progress workbook.
    Consolidate(consolidate::Args),
    /// Check submissions and print the findings only.
    Check(check::Args),
    /// Write the workbook each unit fills in.
    Template(template::Args),
    /// Write the settings workbook to fill in (organisation, units, items, targets, last year).
    Init(init::Args),
    /// Write next fiscal year's settings from this year's settings and final report.
    NewYear(new_year::Args),
    /// Print or write the configuration as TOML or as the settings workbook.
    Config(config::Args),
}

/// `--lang ja|en`: the configuration's `Lang` knows nothing of the command line.
fn lang_parser() -> impl clap::builder::TypedValueParser<Value = Lang> {
    clap::builder::PossibleValuesParser::new(["ja", "en"]).map(|code| if code == "en" { Lang::En } else { Lang::Ja })
}

/// Parse the command line, its help and complaints in the language it asks
/// for. `Err` is help or version to print (exit 0), or an error (exit 2).
pub fn parse(args: Vec<std::ffi::OsString>) -> Result<Cli, (Lang, ParseOutcome)> {
    use clap::FromArgMatches;
    let lang = help::lang_of_args(&args);
    let parsed = help::command(lang).try_get_matches_from(args).and_then(|m| Cli::from_arg_matches(&m));
    parsed.map_err(|error| match error.kind() {
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
            (lang, ParseOutcome::Print(error.render().to_string()))
        }
        clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            (lang, ParseOutcome::Refused(help::usage_error(&error), Some(error.render().to_string())))
        }
        _ if lang == Lang::En => {
            (lang, ParseOutcome::Refused(help::usage_error(&error), Some(error.render().to_string())))
        }
        _ => (lang, ParseOutcome::Refused(help::usage_error(&error), None)),
    })
}

/// What parsing ended with, when it did not give a command to run.
pub enum ParseOutcome {
    /// Help or version text.
    Print(String),
    /// The command line is wrong; with clap's own text where it is shown
    /// (English, or the help when no command was named).
    Refused(MatomeError, Option<String>),
}

/// Exit statuses, as documented in the README.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_FAILED: i32 = 2;

pub fn run(cli: Cli) -> Result<i32, MatomeError> {
    match cli.command {
        Command::Consolidate(args) => consolidate::run(args, cli.lang),
        Command::Check(args) => check::run(args, cli.lang),
        Command::Template(args) => template::run(args, cli.lang),
        Command::Init(args) => init::run(args, cli.lang),
        Command::NewYear(args) => new_year::run(args, cli.lang),
        Command::Config(args) => config::run(args, cli.lang),
    }
}

/// The configuration given with --config (TOML, or the settings workbook
/// by its extension), or the embedded default.
pub fn load_config(path: Option<&PathBuf>) -> Result<Config, MatomeError> {
    match path {
        Some(path) if config::is_workbook(path) => crate::settings::read_settings(path),
        Some(path) => Config::load(path),
        None => Ok(Config::default_config()),
    }
}

/// Scan, read and check `inputs` under the configuration given, or the
/// embedded default; but where no configuration is given and the inputs
/// hold other organisations' matome reports, under a federation's settings
/// derived from them (read again). A folder of branch files costs nothing
/// more for it. A protected file no password given opens is asked for
/// where someone can answer, and the folder read again.
pub fn check_inputs(
    path: Option<&PathBuf>,
    inputs: &[PathBuf],
    options: crate::CheckOptions,
    exclude: Option<&std::path::Path>,
    passwords: &password::PasswordArgs,
    lang: Lang,
) -> Result<(Config, crate::Checkup), MatomeError> {
    let config = load_config(path)?;
    let read = |given: &[String]| {
        let mut config = config.clone();
        config.passwords = given.to_vec();
        check_inputs_once(path.is_none(), inputs, config, options, exclude)
    };
    password::read_asking(passwords, lang, read, |(_, checkup)| password::closed_files(&checkup.checked.findings))
}

fn check_inputs_once(
    default_config: bool,
    inputs: &[PathBuf],
    config: Config,
    options: crate::CheckOptions,
    exclude: Option<&std::path::Path>,
) -> Result<(Config, crate::Checkup), MatomeError> {
    let mut checkup = crate::check_inputs(inputs, &config, options, exclude)?;
    let reports = match checkup.reports_to_roll_up() {
        Some(reports) if default_config => reports,
        _ => return Ok((config, checkup)),
    };
    match crate::settings::roll_up_settings(crate::settings::federation_name(&inputs[0]), &inputs[0], reports)? {
        Some(mut federation) => {
            federation.passwords = config.passwords.clone();
            let checkup = crate::check_inputs(inputs, &federation, options, exclude)?;
            Ok((federation, checkup))
        }
        None => Ok((config, checkup)),
    }
}

/// The findings, one a line like a compiler's: `file:sheet!cell: error[K001]: …`.
pub fn print_findings(findings: &[crate::Finding], config: &Config, lang: Lang) {
    for finding in findings {
        let location = if finding.location.file.is_empty() { "-".to_string() } else { finding.location.to_string() };
        let message = crate::i18n::message(lang, finding, config);
        println!("{location}: {}[{}]: {message}", finding.severity.as_str(), finding.code);
    }
}

/// Settings someone may have filled in are not replaced unless asked.
pub fn refuse_to_replace(path: &std::path::Path, force: bool) -> Result<(), MatomeError> {
    if path.exists() && !force {
        return Err(MatomeError::WouldReplace { path: path.to_path_buf() });
    }
    Ok(())
}

/// Make the folder a file is to be written into, as the user named it
/// (`-o 新しいフォルダ/集計.xlsx`), the way `template -o` makes its folder.
pub fn make_folder_for(path: &std::path::Path) -> Result<(), MatomeError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => std::fs::create_dir_all(dir)
            .map_err(|e| MatomeError::Write { path: path.to_path_buf(), message: e.to_string() }),
        _ => Ok(()),
    }
}

/// Parse --as-of in any form a user may type (2021-06-14, 令和3年6月14日, R3.6.14).
pub fn parse_as_of(text: &str) -> Result<chrono::NaiveDate, String> {
    crate::text::parse_date_text(text).ok_or_else(|| format!("not a date: {text} (for example 2021-06-14)"))
}
