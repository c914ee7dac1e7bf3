//! The command line in the user's language: `--help` of matome and of each
//! subcommand in Japanese by default (from `i18n`'s help table), English
//! with `--lang en`; and clap's own complaints about arguments turned into
//! one line of the user's language.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};

use super::Cli;
use crate::config::Lang;
use crate::error::{MatomeError, UsageProblem};
use crate::i18n;

/// The language asked for on the command line, before it is parsed (the
/// help and the errors of parsing are already in it).
pub fn lang_of_args(args: &[std::ffi::OsString]) -> Lang {
    let words: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    let en = words.windows(2).any(|pair| pair == ["--lang", "en"]) || words.contains(&"--lang=en");
    if en {
        Lang::En
    } else {
        Lang::Ja
    }
}

/// The command line, its help in `lang`.
pub fn command(lang: Lang) -> Command {
    let command = Cli::command().disable_help_subcommand(true);
    match lang {
        Lang::En => command,
        Lang::Ja => localised(command, "", lang),
    }
}

fn localised(mut command: Command, name: &str, lang: Lang) -> Command {
    if let Some(about) = i18n::help_text(lang, name, "") {
        command = command.about(about);
    }
    let (options, arguments) = (i18n::help_heading(lang, false), i18n::help_heading(lang, true));
    let ids: Vec<String> = command.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let text = i18n::help_text(lang, name, &id);
        command = command.mut_arg(&id, |arg| {
            // Defaults and choices are told in the help text, in its words.
            let heading = if arg.is_positional() { arguments } else { options };
            let takes_values = arg.get_action().takes_values();
            let arg = arg.help_heading(heading).hide_default_value(takes_values).hide_possible_values(takes_values);
            match text {
                Some(text) => arg.help(text),
                None => arg,
            }
        });
    }
    let help = Arg::new("help").short('h').long("help").action(ArgAction::Help).help_heading(options);
    command = command.disable_help_flag(true).arg(help.help(i18n::help_text(lang, "*", "help")));
    if name.is_empty() {
        let version = Arg::new("version").short('V').long("version").action(ArgAction::Version).help_heading(options);
        command = command
            .disable_version_flag(true)
            .arg(version.help(i18n::help_text(lang, "*", "version")))
            .subcommand_help_heading(i18n::help_heading_commands(lang));
    }
    command = command.help_template(i18n::help_template(lang));
    let names: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for sub in names {
        command = command.mut_subcommand(&sub, |s| localised(s, &sub, lang));
    }
    command
}

/// What clap refused, as matome's own error (help and version are not
/// errors: the caller prints them).
pub fn usage_error(error: &clap::Error) -> MatomeError {
    let context = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        Some(ContextValue::Strings(texts)) => texts.join(", "),
        _ => String::new(),
    };
    let problem = match error.kind() {
        ErrorKind::UnknownArgument => UsageProblem::UnknownArgument(context(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => UsageProblem::UnknownCommand(context(ContextKind::InvalidSubcommand)),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            UsageProblem::BadValue { arg: context(ContextKind::InvalidArg), value: context(ContextKind::InvalidValue) }
        }
        ErrorKind::MissingRequiredArgument => UsageProblem::Missing(context(ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => UsageProblem::NoCommand,
        _ => UsageProblem::Other(error.render().to_string().lines().next().unwrap_or("").to_string()),
    };
    MatomeError::Usage(problem)
}
