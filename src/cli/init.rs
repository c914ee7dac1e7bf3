//! `matome init`: write the settings workbook to fill in, from the embedded
//! default (or the configuration given).

use std::path::PathBuf;

use crate::config::Lang;
use crate::error::MatomeError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The settings workbook to write (default: matome設定.xlsx, or matome_settings.xlsx with --lang en).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Start from this configuration (TOML or workbook) rather than the embedded default.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Replace the workbook if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, lang: Lang) -> Result<i32, MatomeError> {
    let config = super::load_config(args.config.as_ref())?;
    let path = args.output.unwrap_or_else(|| PathBuf::from(crate::i18n::settings_file_name(lang)));
    super::refuse_to_replace(&path, args.force)?;
    super::make_folder_for(&path)?;
    crate::settings::write_settings(&config, lang, &path, false)?;
    println!("{}", crate::i18n::written_line(lang, &path.display().to_string()));
    println!("{}", crate::i18n::settings_next_step(lang, &path.display().to_string()));
    Ok(super::EXIT_CLEAN)
}
