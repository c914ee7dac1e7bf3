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
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    #[arg(long)]
    pub config: Option<PathBuf>,
    #[arg(long, value_parser = super::parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
}

pub fn run(args: Args, lang: Lang) -> Result<i32, MatomeError> {
    let config = super::load_config(args.config.as_ref())?;
    // Units that sent nothing matter only when a whole folder is checked.
    let expect_every_unit = args.inputs.iter().any(|p| p.is_dir());
    let options = CheckOptions { as_of: args.as_of, expect_every_unit };
    let checkup = crate::check_inputs(&args.inputs, &config, options, None)?;
    let findings = &checkup.checked.findings;
    let (errors, warnings, _) = count(findings);
    match args.format {
        Format::Json => println!("{}", crate::write::json::findings_json(&checkup.checked, &config, lang)),
        Format::Text => {
            for finding in findings {
                let location =
                    if finding.location.file.is_empty() { "-".to_string() } else { finding.location.to_string() };
                println!(
                    "{location}: {}[{}]: {}",
                    finding.severity.as_str(),
                    finding.code,
                    i18n::message(lang, finding, &config)
                );
            }
            let used = checkup.checked.accepted.len();
            println!("{}", i18n::summary_line(lang, checkup.files_read, used, config.units.len(), errors, warnings));
        }
    }
    let failing = errors > 0 || (args.deny_warnings && warnings > 0);
    Ok(if failing { super::EXIT_FINDINGS } else { super::EXIT_CLEAN })
}
