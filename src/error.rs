//! Errors that stop matome from running at all (exit status 2). Problems in
//! the submissions are not errors: they are findings.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum MatomeError {
    #[error("configuration {}: {message}", path.display())]
    Config { path: PathBuf, message: String },
    #[error("{}: no such file or folder", path.display())]
    InputMissing { path: PathBuf },
    #[error("{}: the report would overwrite one of the input files", path.display())]
    OutputIsInput { path: PathBuf },
    #[error("could not write {}: {message}", path.display())]
    Write { path: PathBuf, message: String },
    #[error("{0}")]
    Usage(String),
}
