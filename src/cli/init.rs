//! `matome init`: write the settings workbook to fill in, from the embedded
//! default, the configuration given, or the organisation's own forms.

use std::path::PathBuf;

use crate::config::Lang;
use crate::error::MatomeError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The settings workbook to write (default: matome設定.xlsx, or matome_settings.xlsx with --lang en).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Start from this configuration (TOML or workbook) rather than the embedded default.
    #[arg(long, conflicts_with = "from")]
    pub config: Option<PathBuf>,
    /// Learn the settings from the organisation's own forms: files or folders of them, filled or blank.
    #[arg(long, num_args = 1.., value_name = "PATH")]
    pub from: Vec<PathBuf>,
    /// Replace the workbook if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, lang: Lang) -> Result<i32, MatomeError> {
    let path = args.output.unwrap_or_else(|| PathBuf::from(crate::i18n::settings_file_name(lang)));
    super::refuse_to_replace(&path, args.force)?;
    let (config, review, lines) = if args.from.is_empty() {
        (super::load_config(args.config.as_ref())?, Default::default(), Vec::new())
    } else if let Some(config) = federation_settings(&args.from)? {
        // Members' matome reports: a federation's settings.
        let review = crate::settings::Review {
            organisation_fields: vec![crate::i18n::SettingsField::OrganisationName],
            ..Default::default()
        };
        let lines = crate::i18n::roll_up_lines(lang, &config);
        (config, review, lines)
    } else {
        let learnt = crate::settings::learn(&args.from, lang)?;
        let lines = crate::i18n::learnt_lines(lang, &learnt.config, &learnt.report);
        (learnt.config, learnt.review, lines)
    };
    super::make_folder_for(&path)?;
    crate::settings::write_settings(&config, lang, &path, &review)?;
    println!("{}", crate::i18n::written_line(lang, &path.display().to_string()));
    for line in lines {
        println!("{line}");
    }
    println!("{}", crate::i18n::settings_next_step(lang, &config, &path.display().to_string()));
    Ok(super::EXIT_CLEAN)
}

/// A federation's settings, when the forms given are members' matome
/// reports (read as `consolidate` reads them).
fn federation_settings(from: &[PathBuf]) -> Result<Option<crate::config::Config>, MatomeError> {
    let default = crate::config::Config::default_config();
    let mut checkup = crate::check_inputs(from, &default, crate::CheckOptions::default(), None)?;
    match checkup.reports_to_roll_up() {
        None => Ok(None),
        Some(reports) => {
            crate::settings::roll_up_settings(crate::settings::federation_name(&from[0]), &from[0], reports)
        }
    }
}
