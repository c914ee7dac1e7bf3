//! `matome check`: the findings alone, like a compiler's diagnostics.

use std::path::PathBuf;

use crate::check::CheckOptions;
use crate::config::Lang;
use crate::error::MatomeError;
use crate::findings::count;
use crate::i18n;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folders or files to check.
    #[arg(default_value = ".")]
    pub inputs: Vec<PathBuf>,
    /// How findings are printed: text, or json for other programs.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Organisation settings (TOML or settings workbook); the embedded default otherwise.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Report date (基準日); else the latest date in the files.
    #[arg(long, value_parser = super::parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
    #[command(flatten)]
    pub passwords: super::password::PasswordArgs,
    /// Print how the file was read (the table, each label's KPI, what was
    /// not read), then its findings. Takes one file.
    #[arg(long)]
    pub explain: bool,
    /// Write a workbook of findings for each unit that has some, to mail
    /// to the branch (and a reminder to each that sent nothing).
    #[arg(long, value_name = "DIR")]
    pub feedback: Option<PathBuf>,
}

pub fn run(args: Args, lang: Lang) -> Result<i32, MatomeError> {
    if args.explain {
        let mut config = super::load_config(args.config.as_ref())?;
        config.passwords = args.passwords.given()?;
        explain(&args, &config, lang)?;
    }
    // Units that sent nothing matter only when headquarters checks a
    // folder of several units' files, not when a branch checks its own.
    let expected_units = match args.inputs.iter().any(|p| p.is_dir()) {
        true => crate::check::ExpectedUnits::EveryIfSeveralSent,
        false => crate::check::ExpectedUnits::None,
    };
    let options = CheckOptions { as_of: args.as_of, expected_units, keep_sources: args.feedback.is_some() };
    let (config, checkup) =
        super::check_inputs(args.config.as_ref(), &args.inputs, options, None, &args.passwords, lang)?;
    let findings = &checkup.checked.findings;
    let (errors, warnings, _) = count(findings);
    match args.format {
        // The explanation is the one JSON document printed.
        Format::Json if args.explain => {}
        Format::Json => println!("{}", crate::write::json::findings_json(&checkup.checked, &config, lang)),
        Format::Text => {
            super::print_findings(findings, &config, lang);
            let used = checkup.checked.accepted.len();
            println!(
                "{}",
                i18n::summary_line(&config, lang, checkup.files_read, used, config.units.len(), errors, warnings)
            );
        }
    }
    if let Some(dir) = &args.feedback {
        let report = crate::consolidate::consolidate(&checkup.checked, &config);
        for path in crate::write::feedback::write_feedback(&report, &checkup.checked, &config, lang, dir)? {
            // On stderr, so that stdout stays the findings (or their JSON).
            eprintln!("{}", i18n::written_line(lang, &path.display().to_string()));
        }
    }
    let failing = errors > 0 || (args.deny_warnings && warnings > 0);
    Ok(if failing { super::EXIT_FINDINGS } else { super::EXIT_CLEAN })
}

/// `--explain`: how the one file given was read.
fn explain(args: &Args, config: &crate::config::Config, lang: Lang) -> Result<(), MatomeError> {
    let [file] = args.inputs.as_slice() else {
        return Err(MatomeError::ExplainOneFile);
    };
    if !file.is_file() {
        return Err(if file.exists() {
            MatomeError::ExplainOneFile
        } else {
            MatomeError::InputMissing { path: file.clone() }
        });
    }
    let display = file.display().to_string();
    // A zip, a mail or a workbook of several units: each part explained.
    let explanations = crate::explain::explain_all(&display, crate::read::read_file(file, &display, config), config);
    match (args.format, explanations.as_slice()) {
        (Format::Json, [one]) => println!("{}", serde_json::to_string_pretty(one).expect("the explanation serialises")),
        (Format::Json, all) => println!("{}", serde_json::to_string_pretty(all).expect("the explanation serialises")),
        (Format::Text, all) => all.iter().for_each(|one| print!("{}", one.to_text(config, lang))),
    }
    Ok(())
}
