//! The command line in French: clap's help headings, usage and errors replaced by ours, and
//! value parsers that say in French what is wrong.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The help layout, with French headings (clap's own say « Usage », « Commands »).
const HELP: &str = "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// The `ess` command with French help on every subcommand.
pub fn french(command: Command) -> Command {
    let command = command
        .help_template(HELP)
        .subcommand_help_heading("Commandes")
        .subcommand_value_name("COMMANDE")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("aide")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Affiche cette aide"),
        );
    let command = if command.get_version().is_some() {
        command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Affiche la version"),
        )
    } else {
        command
    };
    command.mut_subcommands(french)
}

/// A clap error said in French, with what to do.
pub fn error_message(e: &clap::Error) -> String {
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    let suggestion = context(ContextKind::SuggestedArg)
        .or_else(|| context(ContextKind::SuggestedSubcommand))
        .map(|s| format!(" ; vouliez-vous dire « {s} » ?"))
        .unwrap_or_default();
    let arg = context(ContextKind::InvalidArg).unwrap_or_default();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => format!("option ou argument inattendu « {arg} »{suggestion}"),
        ErrorKind::InvalidSubcommand => {
            let sub = context(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("commande inconnue « {sub} »{suggestion}")
        }
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue)
                .map(|v| format!(" ; valeurs permises : {v}"))
                .unwrap_or_default();
            if value.is_empty() {
                format!("une valeur est attendue après « {arg} »{valid}")
            } else {
                format!("valeur « {value} » invalide pour « {arg} »{valid}")
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            format!("valeur « {value} » invalide pour « {arg} » : {why}")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("argument obligatoire absent : {arg}")
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "une commande est attendue".to_string()
        }
        ErrorKind::TooManyValues => {
            format!("« {arg} » ne s'emploie qu'une fois")
        }
        ErrorKind::ArgumentConflict => {
            let other = context(ContextKind::PriorArg).unwrap_or_default();
            format!("« {arg} » ne s'emploie pas avec « {other} »")
        }
        _ => "arguments invalides".to_string(),
    };
    format!("{message}\nPour l'aide : ess --help")
}

/// A count (inhabitants, agents): a whole number, not negative.
pub fn count(text: &str) -> Result<u64, String> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect();
    digits
        .parse::<u64>()
        .map_err(|_| "un nombre entier positif est attendu, par exemple 3500".to_string())
}

/// An amount in euros: a number, not negative (« 70000000 », « 7e7 », « 1 500,50 »), with an
/// optional unit (« 70 M€ », « 800 k€ », « 70 millions d'euros HT »).
pub fn amount(text: &str) -> Result<f64, String> {
    // Units people write after an amount, longest first, with what they multiply by.
    const UNITS: [(&str, f64); 10] = [
        ("millions d'euros", 1e6),
        ("million d'euros", 1e6),
        ("millions", 1e6),
        ("million", 1e6),
        ("euros", 1.0),
        ("m€", 1e6),
        ("k€", 1e3),
        ("eur", 1.0),
        ("€", 1.0),
        ("m", 1e6),
    ];
    let lower = text.trim().to_lowercase();
    let lower = lower
        .strip_suffix("ht")
        .map_or(lower.as_str(), str::trim_end);
    let (number, factor) = UNITS
        .iter()
        .find_map(|(unit, factor)| Some((lower.strip_suffix(unit)?, *factor)))
        .unwrap_or((lower, 1.0));
    let cleaned: String = number
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    match cleaned.parse::<f64>().map(|n| n * factor) {
        Ok(n) if n.is_finite() && n > ess_engine::MAX_AMOUNT => Err(format!(
            "montant trop grand : {} € au plus",
            ess_engine::french::number(ess_engine::MAX_AMOUNT)
        )),
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(
            "un montant positif en euros est attendu, par exemple 70000000 ou « 70 M€ »"
                .to_string(),
        ),
    }
}

/// A share in per cent, from 0 to 100 (« 30 », « 30 % », « 12,5 »).
pub fn share(text: &str) -> Result<f64, String> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    match cleaned.parse::<f64>() {
        Ok(n) if (0.0..=100.0).contains(&n) => Ok(n),
        _ => Err("une part en pour cent, de 0 à 100, est attendue, par exemple 30".to_string()),
    }
}

/// An address to listen on: « 127.0.0.1:8080 », « [::1]:8080 », « 0.0.0.0:80 ».
pub fn socket_addr(text: &str) -> Result<std::net::SocketAddr, String> {
    text.trim().parse().map_err(|_| {
        "une adresse IP et un port sont attendus, par exemple 127.0.0.1:8080".to_string()
    })
}

/// A delay in whole seconds, from 1 to 3600.
pub fn seconds(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if (1..=3600).contains(&n) => Ok(n),
        _ => Err("un nombre entier de secondes, de 1 à 3600, est attendu".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_checked_in_french() {
        assert_eq!(count("3 500"), Ok(3500));
        assert!(count("-5").unwrap_err().contains("entier positif"));
        assert_eq!(amount("1 500,50"), Ok(1500.5));
        assert_eq!(amount("70 M€"), Ok(70_000_000.0));
        assert_eq!(amount("70 millions d'euros HT"), Ok(70_000_000.0));
        assert_eq!(amount("1,5 M€ HT"), Ok(1_500_000.0));
        assert_eq!(amount("800 k€"), Ok(800_000.0));
        assert_eq!(amount("40 000 €"), Ok(40_000.0));
        assert!(amount("M€").is_err() && amount("70 MM€").is_err());
        assert!(amount("-1").is_err() && amount("inf").is_err() && amount("NaN").is_err());
        // Beyond any budget: refused with the limit, not shown saturated.
        assert!(amount("1e300").is_err_and(|e| e.contains("trop grand")));
        assert_eq!(amount("1e15"), Ok(1e15));
        assert_eq!(seconds("10"), Ok(10));
        assert!(seconds("0").unwrap_err().contains("de 1 à 3600"));
        assert!(socket_addr("127.0.0.1:0").is_ok() && socket_addr("localhost").is_err());
    }
}
