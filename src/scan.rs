//! Which files to look at: a deterministic walk of the input folder that
//! skips Excel's lock files and hidden entries. Every other file is handed
//! on, to be read or named as not read (what a file is, is the reader's
//! to tell). It knows nothing about KPIs or units.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::MatomeError;
use crate::findings::{Finding, Reason};

/// A file to read, with the path users see (relative to the folder given).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    pub display: String,
}

#[derive(Debug, Default)]
pub struct Scan {
    pub files: Vec<Candidate>,
    /// Entries that could not be walked (a loop, no permission).
    pub findings: Vec<Finding>,
}

/// Walk every input (folders recursively, files as given), in name order.
/// `exclude` is a path never to read (the report being written).
pub fn scan(inputs: &[PathBuf], exclude: Option<&Path>) -> Result<Scan, MatomeError> {
    let mut result = Scan::default();
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    for input in inputs {
        if !input.exists() {
            return Err(MatomeError::InputMissing { path: input.clone() });
        }
        if input.is_file() {
            result.files.push(Candidate { path: input.clone(), display: display_name(input, None) });
            continue;
        }
        let walker = WalkDir::new(input).follow_links(true).sort_by_file_name().into_iter();
        for entry in walker.filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name())) {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let place = error.path().map(|p| display_name(p, Some(input))).unwrap_or_default();
                    log::warn!("{place}: {error}");
                    result
                        .findings
                        .push(Finding::unreadable(&place, Reason::CannotOpen).detail(walk_error_text(&error)));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let name = entry.file_name().to_string_lossy();
            if name.starts_with("~$") {
                log::info!("skipped Excel lock file {}", path.display());
                continue;
            }
            // Names first: resolving every path would cost syscalls per file.
            let same_name = exclude.as_ref().is_some_and(|e| e.file_name() == Some(entry.file_name()));
            if same_name && path.canonicalize().ok() == exclude {
                log::info!("skipped {} (the report being written)", path.display());
                continue;
            }
            result.files.push(Candidate { path: path.to_path_buf(), display: display_name(path, Some(input)) });
        }
    }
    result.files.sort();
    result.files.dedup();
    Ok(result)
}

fn walk_error_text(error: &walkdir::Error) -> String {
    if error.loop_ancestor().is_some() {
        "symbolic link loop".to_string()
    } else {
        error.io_error().map(|e| e.to_string()).unwrap_or_else(|| error.to_string())
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// The path as users should see it: relative to the folder they named,
/// with forward slashes so findings read the same on every system.
fn display_name(path: &Path, root: Option<&Path>) -> String {
    let relative = root.and_then(|r| path.strip_prefix(r).ok()).unwrap_or(path);
    relative.to_string_lossy().replace('\\', "/")
}
