//! `matome template`: write the workbook each unit fills in.

use std::path::PathBuf;

use crate::config::Lang;
use crate::error::MatomeError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to write the templates into.
    #[arg(short, long, default_value = ".")]
    pub output: PathBuf,
    /// Only this unit (its name or id).
    #[arg(long)]
    pub unit: Option<String>,
    /// Organisation settings (TOML or settings workbook); the embedded default otherwise.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

pub fn run(args: Args, lang: Lang) -> Result<i32, MatomeError> {
    let config = super::load_config(args.config.as_ref())?;
    let units: Vec<usize> = match &args.unit {
        Some(name) => {
            let unit = config
                .unit_index(name)
                .or_else(|| config.find_unit(name))
                .ok_or_else(|| MatomeError::UnknownUnit { name: name.clone() })?;
            vec![unit]
        }
        None => (0..config.units.len()).collect(),
    };
    // A folder of templates is the output itself: make it, as the user named it.
    std::fs::create_dir_all(&args.output)
        .map_err(|e| MatomeError::Write { path: args.output.clone(), message: e.to_string() })?;
    for unit in units {
        let path = crate::write::template::write_template(&config, unit, lang, &args.output)?;
        println!("{}", crate::i18n::written_line(lang, &path.display().to_string()));
    }
    Ok(super::EXIT_CLEAN)
}
