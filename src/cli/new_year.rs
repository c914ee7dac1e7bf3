//! `matome new-year`: next fiscal year's settings from this year's settings
//! and this year's final report.

use std::path::PathBuf;

use crate::config::Lang;
use crate::error::MatomeError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// This year's settings (TOML or workbook); the embedded default when absent.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// This year's final report, written by matome consolidate.
    #[arg(long)]
    pub report: PathBuf,
    /// Next year's settings (default: matome設定_令和4年度.xlsx); a .toml name writes TOML.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, lang: Lang) -> Result<i32, MatomeError> {
    let config = super::load_config(args.config.as_ref())?;
    if !args.report.is_file() {
        return Err(MatomeError::InputMissing { path: args.report.clone() });
    }
    let report = crate::read::last_year::read_last_year(&args.report, &config)?;
    let next_year = crate::settings::next_year(&config, &report, &args.report)?;
    let next = &next_year.config;
    let year = next.organisation.fiscal_year;
    let path = args.output.unwrap_or_else(|| PathBuf::from(crate::i18n::next_settings_file_name(lang, year)));
    super::refuse_to_replace(&path, args.force)?;
    super::make_folder_for(&path)?;
    if super::config::is_workbook(&path) {
        let review = crate::settings::Review { targets_carried: true, ..Default::default() };
        crate::settings::write_settings(next, lang, &path, &review)?;
    } else {
        let text = next.to_toml();
        crate::write::save_atomically(&path, text.as_bytes(), &mut |p| std::fs::File::create(p))?;
    }
    println!("{}", crate::i18n::written_line(lang, &path.display().to_string()));
    for line in crate::i18n::new_year_lines(
        lang,
        year,
        next_year.months_reported,
        next.organisation.start_month,
        &next_year.months_filled,
        &next_year.not_in_report,
    ) {
        println!("{line}");
    }
    Ok(super::EXIT_CLEAN)
}
