//! `matome config`: the configuration (the embedded default, or the one
//! given) in either form — TOML printed or written, or the settings
//! workbook written.

use std::path::{Path, PathBuf};

use crate::config::{Lang, DEFAULT_CONFIG_TOML};
use crate::error::MatomeError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Form {
    Toml,
    Xlsx,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The configuration to convert (TOML or settings workbook); the embedded default when absent.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The form to write: toml or xlsx (by default, from -o's extension; toml when printing).
    #[arg(long, value_enum)]
    pub format: Option<Form>,
    /// The file to write; printed to the terminal when absent (TOML only).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, lang: Lang) -> Result<i32, MatomeError> {
    let form = args.format.unwrap_or(match &args.output {
        Some(path) if is_workbook(path) => Form::Xlsx,
        _ => Form::Toml,
    });
    let config = super::load_config(args.config.as_ref())?;
    let output = match (&args.output, form) {
        (Some(path), _) => Some(path.clone()),
        (None, Form::Xlsx) => Some(PathBuf::from(crate::i18n::settings_file_name(lang))),
        (None, Form::Toml) => None,
    };
    if let Some(path) = &output {
        super::refuse_to_replace(path, args.force)?;
        super::make_folder_for(path)?;
    }
    match (form, output) {
        (Form::Xlsx, Some(path)) => {
            crate::settings::write_settings(&config, lang, &path, &Default::default())?;
            println!("{}", crate::i18n::written_line(lang, &path.display().to_string()));
        }
        (Form::Toml, output) => {
            // The default keeps its comments; any other is written out whole.
            let text = match &args.config {
                None => DEFAULT_CONFIG_TOML.to_string(),
                Some(_) => config.to_toml(),
            };
            match output {
                Some(path) => {
                    crate::write::save_atomically(&path, text.as_bytes(), &mut |p| std::fs::File::create(p))?;
                    println!("{}", crate::i18n::written_line(lang, &path.display().to_string()));
                }
                None => print!("{text}"),
            }
        }
        (Form::Xlsx, None) => unreachable!("a workbook always has a file name"),
    }
    Ok(super::EXIT_CLEAN)
}

/// A settings workbook, as opposed to a TOML file, by its extension.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["xlsx", "xlsm", "xls", "ods"].contains(&e.to_ascii_lowercase().as_str()))
}
