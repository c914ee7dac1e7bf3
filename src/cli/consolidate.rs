//! `matome consolidate`: scan, read, check, consolidate, write.

use std::path::PathBuf;

use crate::check::CheckOptions;
use crate::config::Lang;
use crate::error::MatomeError;
use crate::findings::count;
use crate::i18n;
use crate::write::{write_report, WriteOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of submissions (searched recursively).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The workbook to write.
    #[arg(short, long, default_value = "matome-report.xlsx")]
    pub output: PathBuf,
    /// Organisation settings (TOML or settings workbook); the embedded default otherwise.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Report date (基準日); else the latest date in the files.
    #[arg(long, value_parser = super::parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
    #[command(flatten)]
    pub passwords: super::password::PasswordArgs,
    /// Also write the figures and findings as JSON.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Last year's matome report: its figures give 前年度実績 and 前年同期比
    /// (the configuration's `previous` values win where given).
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// Write a workbook of findings for each unit that has some, to mail
    /// to the branch (and a reminder to each that sent nothing).
    #[arg(long, value_name = "DIR")]
    pub feedback: Option<PathBuf>,
    /// Print each finding before the summary (a folder dropped on the
    /// program: its window is all the user sees).
    #[arg(skip)]
    pub print_findings: bool,
}

pub fn run(args: Args, lang: Lang) -> Result<i32, MatomeError> {
    refuse_to_overwrite_input(&args.output)?;
    let options = CheckOptions {
        as_of: args.as_of,
        expected_units: crate::check::ExpectedUnits::Every,
        keep_sources: args.feedback.is_some(),
    };
    let inputs = std::slice::from_ref(&args.dir);
    let (config, crate::Checkup { files_read, checked, .. }) =
        super::check_inputs(args.config.as_ref(), inputs, options, Some(&args.output), &args.passwords, lang)?;
    let last_year = match &args.previous {
        Some(previous) => {
            let unreadable = |e: std::io::Error| MatomeError::Report {
                path: previous.clone(),
                problem: crate::error::ReportProblem::Unreadable(e.to_string()),
            };
            let bytes = std::fs::read(previous).map_err(unreadable)?;
            crate::read::last_year::last_year_with_report(&bytes, previous, &config)?
        }
        None => crate::marker::LastYear::from_config(&config),
    };
    let report = crate::consolidate::consolidate_with(&checked, &config, &last_year);
    // Only the feedback workbooks need the checked files beside the report:
    // a year's folder writes its report in less memory without them.
    let checked = args.feedback.is_some().then_some(checked);
    for output in std::iter::once(&args.output).chain(&args.json) {
        super::make_folder_for(output)?;
    }
    let write_options = WriteOptions { lang, input_root: Some(args.dir.clone()) };
    write_report(&report, &config, &write_options, &args.output)?;
    if let Some(json) = &args.json {
        let text = crate::write::json::report_json(&report, &config, lang);
        crate::write::save_atomically(json, text.as_bytes(), &mut |p| std::fs::File::create(p))?;
    }
    let (errors, warnings, _) = count(&report.findings);
    if args.print_findings {
        super::print_findings(&report.findings, &config, lang);
    }
    let used = report.units.iter().filter(|u| u.file.is_some()).count();
    println!("{}", i18n::summary_line(&config, lang, files_read, used, config.units.len(), errors, warnings));
    println!("{}", i18n::written_line(lang, &args.output.display().to_string()));
    if let Some(json) = &args.json {
        println!("{}", i18n::written_line(lang, &json.display().to_string()));
    }
    if let (Some(dir), Some(checked)) = (&args.feedback, &checked) {
        for path in crate::write::feedback::write_feedback(&report, checked, &config, lang, dir)? {
            println!("{}", i18n::written_line(lang, &path.display().to_string()));
        }
    }
    Ok(if errors > 0 { super::EXIT_FINDINGS } else { super::EXIT_CLEAN })
}

/// Never replace a workbook that matome did not write: it may be a
/// submission, or someone's own work.
fn refuse_to_overwrite_input(output: &std::path::Path) -> Result<(), MatomeError> {
    if output.is_dir() {
        return Err(MatomeError::OutputIsFolder { path: output.to_path_buf() });
    }
    // Excel holds the report it has open: say so, rather than take the
    // file it cannot read for someone else's.
    if let Err(error) = std::fs::File::open(output) {
        if output.exists() && crate::write::is_locked(&error) {
            return Err(MatomeError::OpenElsewhere { path: output.to_path_buf() });
        }
    }
    if output.exists() && !crate::read::is_own_report(output) {
        return Err(MatomeError::OutputIsInput { path: output.to_path_buf() });
    }
    Ok(())
}
