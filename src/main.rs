//! The `matome` binary: parse arguments, run, map the outcome to an exit
//! status (0 clean, 1 findings, 2 could not run).

use matome::cli;

// Reading a year's folder interleaves each file's short-lived buffers with
// the small judged records that stay; glibc's allocator then keeps about
// three times the live heap resident, mimalloc (as `allocator` sets it)
// little more than it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    matome::allocator::tune_mimalloc();
    // `matome check … | head` closes the pipe early: end quietly, as other
    // command-line tools do, instead of failing to print.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // Users never see a Rust panic dump: a reader panic is caught and becomes
    // a finding; anything else is one line asking for a report.
    std::panic::set_hook(Box::new(|info| {
        if matome::read::in_reader() {
            log::debug!("reader panic (reported as a finding): {info}");
        } else {
            eprintln!("matome: internal error ({info}); please report it with the files that caused it");
        }
    }));
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // A folder dropped on matome.exe, or a double-click with nothing.
    if let Some(status) = cli::explorer::run_if_started_from_explorer(&args) {
        std::process::exit(status);
    }
    let cli = match cli::parse(args) {
        Ok(cli) => cli,
        Err((_, cli::ParseOutcome::Print(text))) => {
            print!("{text}");
            std::process::exit(cli::EXIT_CLEAN);
        }
        Err((lang, cli::ParseOutcome::Refused(error, shown))) => {
            match shown {
                Some(text) => eprint!("{text}"),
                None => {
                    eprintln!("{}: {}", matome::i18n::error_prefix(lang), matome::i18n::error_message(lang, &error))
                }
            }
            std::process::exit(cli::EXIT_FAILED);
        }
    };
    let level = match (cli.quiet, cli.verbose) {
        (true, _) => log::LevelFilter::Error,
        (false, 0) => log::LevelFilter::Warn,
        (false, 1) => log::LevelFilter::Info,
        (false, _) => log::LevelFilter::Debug,
    };
    // Dependencies' own log lines (calamine's "Invalid ifmt value" …) mean
    // nothing to office staff: they show only with -vv.
    let dependencies = if cli.verbose >= 2 { level } else { log::LevelFilter::Off };
    env_logger::Builder::new().filter_level(dependencies).filter_module("matome", level).format_timestamp(None).init();
    let lang = cli.lang;
    let status = match cli::run(cli) {
        Ok(status) => status,
        Err(error) => {
            eprintln!("{}: {}", matome::i18n::error_prefix(lang), matome::i18n::error_message(lang, &error));
            cli::EXIT_FAILED
        }
    };
    std::process::exit(status);
}
