//! matome.exe started from Explorer, without a terminal. A folder dropped
//! onto it is consolidated: the report and the branches' feedback are
//! written beside the folder (「<folder>_進捗表.xlsx」, 「<folder>_返信」),
//! the summary and the findings printed. Files dropped onto it are checked,
//! as a branch checks its own before sending. Double-clicked with nothing,
//! it says what to do. The settings are found without arguments: a
//! settings workbook or `matome.toml` in the folder, else beside the
//! program, else the embedded default; it says which. Only where the
//! console window is the program's own (Explorer opened it for it) does it
//! wait for Enter before the window closes: never in a terminal, a batch
//! file or with its input redirected.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::config::Lang;
use crate::i18n;

/// What the arguments are, when they are not a command: paths dropped
/// onto the program, or nothing in a window of its own.
pub fn run_if_started_from_explorer(args: &[OsString]) -> Option<i32> {
    let lang = Lang::Ja;
    let given: Vec<PathBuf> = args.iter().skip(1).map(PathBuf::from).collect();
    if given.is_empty() {
        if !own_console() {
            return None;
        }
        println!("{}", i18n::explorer_instructions(lang));
        wait_for_enter(lang);
        return Some(super::EXIT_CLEAN);
    }
    // A command's name or an option is never a dropped path.
    let dropped = given.iter().all(|path| path.is_absolute() && path.exists());
    if !dropped {
        return None;
    }
    let status = run_dropped(&given, lang).unwrap_or_else(|error| {
        eprintln!("{}: {}", i18n::error_prefix(lang), i18n::error_message(lang, &error));
        super::EXIT_FAILED
    });
    if own_console() {
        wait_for_enter(lang);
    }
    Some(status)
}

/// A folder dropped: consolidate it beside itself. Files dropped: check them.
fn run_dropped(paths: &[PathBuf], lang: Lang) -> Result<i32, crate::MatomeError> {
    let folder = match paths {
        [folder] if folder.is_dir() => folder.clone(),
        _ => {
            let config = settings_near(paths[0].parent().unwrap_or(Path::new(".")), lang);
            let args = super::check::Args {
                inputs: paths.to_vec(),
                format: super::check::Format::Text,
                deny_warnings: false,
                config,
                as_of: None,
                passwords: dropped_passwords(),
                explain: false,
                feedback: None,
            };
            return super::check::run(args, lang);
        }
    };
    let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let beside = folder.parent().map(Path::to_path_buf).unwrap_or_default();
    let (report, feedback) = i18n::dropped_outputs(lang, &name);
    let args = super::consolidate::Args {
        config: settings_near(&folder, lang),
        dir: folder.clone(),
        output: beside.join(report),
        as_of: None,
        passwords: dropped_passwords(),
        json: None,
        previous: None,
        feedback: Some(beside.join(feedback)),
        print_findings: true,
    };
    super::consolidate::run(args, lang)
}

/// Passwords for protected files: asked in the program's own window, or
/// read from its input when that is redirected.
fn dropped_passwords() -> super::password::PasswordArgs {
    super::password::PasswordArgs { ask: super::password::Ask::AtTerminalOrInput, ..Default::default() }
}

/// The settings to use for `folder`: a settings workbook or `matome.toml`
/// in it, else beside the program; `None` for the embedded default. Says
/// which.
fn settings_near(folder: &Path, lang: Lang) -> Option<PathBuf> {
    let program = std::env::current_exe().ok().and_then(|p| p.parent().map(Path::to_path_buf));
    let names = [i18n::settings_file_name(Lang::Ja), i18n::settings_file_name(Lang::En), "matome.toml"];
    let found = [Some(folder.to_path_buf()), program]
        .into_iter()
        .flatten()
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|path| path.is_file());
    println!("{}", i18n::settings_used(lang, found.as_deref()));
    found
}

/// Wait for Enter, so that the window Explorer opened stays readable.
fn wait_for_enter(lang: Lang) {
    println!("{}", i18n::press_enter(lang));
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

/// Whether the console is the program's own (Explorer opened it, and will
/// close it when the program ends) and reads from a keyboard.
fn own_console() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && console_processes() == Some(1)
}

/// How many processes share the console: 1 when Explorer opened it for
/// this one; more in a terminal or a batch file.
#[cfg(windows)]
fn console_processes() -> Option<u32> {
    #[link(name = "kernel32")]
    extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
    }
    let mut list = [0u32; 4];
    // SAFETY: the list is as long as the count given.
    let count = unsafe { GetConsoleProcessList(list.as_mut_ptr(), list.len() as u32) };
    (count > 0).then_some(count)
}

#[cfg(not(windows))]
fn console_processes() -> Option<u32> {
    None
}
