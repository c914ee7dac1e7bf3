//! Passwords for protected workbooks and zips, from wherever a person or a
//! script gives them: asked at the terminal without showing what is typed
//! (or, in matome.exe's own window, read from its input), a file of them,
//! `MATOME_PASSWORD`, or `--password` (which others see in the list of
//! processes, as the README warns). One mechanism for every protected file;
//! the passwords live in memory for the run and are never logged, printed
//! or written.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::config::Lang;
use crate::error::MatomeError;
use crate::findings::{Code, Reason};
use crate::i18n;

#[derive(Debug, Default, clap::Args)]
pub struct PasswordArgs {
    /// A password for protected workbooks and zips, given again for each to
    /// try. Others on the PC can see it in the list of processes: prefer
    /// typing it when asked, --password-file or MATOME_PASSWORD.
    #[arg(long = "password", value_name = "PASSWORD")]
    pub passwords: Vec<String>,
    /// A file of passwords to try, one a line.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// Whether to ask, when a protected file is not opened by any password
    /// given.
    #[arg(skip)]
    pub ask: Ask,
}

/// Where a password is asked for.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// At the terminal, when there is one (never in a script or a pipe).
    #[default]
    AtTerminal,
    /// At the terminal, else a line of the program's input: matome.exe
    /// dropped on, whose window is its own.
    AtTerminalOrInput,
}

/// How many passwords in a row that open nothing new are asked for before
/// giving up (a mistyped one is asked again).
const TRIES: usize = 3;

impl PasswordArgs {
    /// The passwords given before reading: the arguments', the file's, then
    /// MATOME_PASSWORD's (one a line).
    pub fn given(&self) -> Result<Vec<String>, MatomeError> {
        let from_file = match &self.password_file {
            Some(path) => {
                std::fs::read_to_string(path).map_err(|_| MatomeError::InputMissing { path: path.clone() })?
            }
            None => String::new(),
        };
        let from_environment = std::env::var("MATOME_PASSWORD").unwrap_or_default();
        // A line is a password as it is, spaces and all (`lines` takes a
        // Windows line end off).
        let lines = |text: &str| -> Vec<String> { text.lines().filter(|p| !p.is_empty()).map(String::from).collect() };
        Ok(self.passwords.iter().cloned().chain(lines(&from_file)).chain(lines(&from_environment)).collect())
    }

    /// Whether anyone can be asked here.
    fn can_ask(&self) -> bool {
        self.ask == Ask::AtTerminalOrInput || std::io::stdin().is_terminal()
    }
}

/// Read, asking for another password while protected files stay closed
/// and someone is there to answer: `read` runs with the passwords known,
/// `closed` names the protected files it could not open.
pub fn read_asking<T>(
    args: &PasswordArgs,
    lang: Lang,
    mut read: impl FnMut(&[String]) -> Result<T, MatomeError>,
    closed: impl Fn(&T) -> Vec<String>,
) -> Result<T, MatomeError> {
    let mut passwords = args.given()?;
    let mut result = read(&passwords)?;
    let mut still_closed = closed(&result);
    let mut tries = 0;
    while !still_closed.is_empty() && tries < TRIES && args.can_ask() {
        let Some(password) = ask(args.ask, lang, &still_closed[0], tries > 0) else { break };
        passwords.push(password);
        result = read(&passwords)?;
        let now_closed = closed(&result);
        tries = if now_closed.len() < still_closed.len() { 0 } else { tries + 1 };
        still_closed = now_closed;
    }
    Ok(result)
}

/// The files a password would open: F001 for want of one, or for a wrong one.
pub fn closed_files(findings: &[crate::Finding]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.code == Code::Unreadable && matches!(f.reason, Some(Reason::Encrypted | Reason::WrongPassword)))
        .map(|f| f.location.file.clone())
        .collect()
}

/// One password, typed without being shown; `None` for an empty answer or
/// none to be had.
fn ask(ask: Ask, lang: Lang, file: &str, again: bool) -> Option<String> {
    let prompt = i18n::password_prompt(lang, file, again);
    let answer = if std::io::stdin().is_terminal() {
        rpassword_prompt(&prompt)
    } else if ask == Ask::AtTerminalOrInput {
        // Given through the program's input: nothing is echoed to hide.
        eprint!("{prompt}");
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).ok().map(|_| line)
    } else {
        None
    };
    answer.map(|line| line.trim_end_matches(['\r', '\n']).to_string()).filter(|p| !p.is_empty())
}

#[cfg(not(target_arch = "wasm32"))]
fn rpassword_prompt(prompt: &str) -> Option<String> {
    rpassword::prompt_password(prompt).ok()
}

#[cfg(target_arch = "wasm32")]
fn rpassword_prompt(_prompt: &str) -> Option<String> {
    None
}
