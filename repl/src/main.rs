//! `ess`: ask the ESS knowledge base questions, from a REPL, the command line or JSON lines.
//!
//! Exit codes: 0 when everything was answered, 1 for bad input (a question, an argument, a
//! date), 2 when the corpus or the system failed (invalid corpus, unreadable input, write
//! error). A closed pipe (`ess corpus export | head`) is the reader's choice: quiet success.

mod args;
mod cache;
mod conversations;
mod jsonl;
mod obligations;
mod pager;
mod repl;
mod search;
mod serve;

use std::io::Write;
use std::mem::ManuallyDrop;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use ess_engine::{Conversation, Corpus, Engine};

#[derive(Parser)]
#[command(
    name = "ess",
    version,
    about = "Questions et réponses sur l'économie sociale et solidaire pour les collectivités",
    long_about = "Questions et réponses sur l'économie sociale et solidaire pour les collectivités.\n\
                  Sans commande, ouvre une session interactive (REPL).",
    after_help = "Exemples :\n  \
                  ess ask \"Quels leviers pour la mobilité en milieu rural ?\"\n  \
                  ess ask --json \"C'est quoi une SCIC ?\"\n  \
                  echo '{\"q\": \"seuil SPASER ?\"}' | ess ask --json -\n  \
                  ess obligations --type communaute-agglomeration --achats 70000000\n  \
                  ess search --kind exemple --theme mobilite covoiturage\n  \
                  ess serve --addr 127.0.0.1:8080\n\n\
                  Codes de sortie : 0 répondu, 1 entrée invalide, 2 erreur du corpus ou du système."
)]
struct Cli {
    /// Dossier d'un corpus à utiliser à la place du corpus intégré (même organisation que corpus/data).
    #[arg(long, global = true, value_name = "DOSSIER")]
    corpus: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Pose une ou plusieurs questions (tours successifs d'une même conversation).
    Ask {
        /// Répond en JSON, un objet par ligne.
        #[arg(long)]
        json: bool,
        /// Date à laquelle le droit est évalué (AAAA-MM-JJ ; par défaut aujourd'hui).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: Option<String>,
        /// Les questions ; « - » avec --json lit des lignes JSON sur l'entrée standard.
        #[arg(required = true, value_name = "QUESTION")]
        questions: Vec<String>,
    },
    /// Obligations légales et leviers d'une collectivité, selon son profil, à une date.
    // Boxed: its many options make it far larger than the other commands.
    Obligations(Box<obligations::Args>),
    /// Cherche dans la base de connaissances : des mots, ou toutes les entrées d'un type,
    /// d'un thème ou d'un document.
    Search(search::Args),
    /// Une fiche du Kit Municipal ESS en entier, avec ses leviers et ses exemples.
    Fiche {
        /// Son numéro (de 1 à 24).
        #[arg(value_name = "N", allow_hyphen_values = true)]
        numero: String,
        /// Répond en JSON, comme ess ask --json.
        #[arg(long)]
        json: bool,
        /// Date à laquelle le droit est évalué (AAAA-MM-JJ ; par défaut aujourd'hui).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: Option<String>,
    },
    /// Serveur HTTP : l'API JSON (/api/…) et une page web (/) pour poser les questions.
    Serve {
        /// Adresse d'écoute, par défaut 127.0.0.1:8080 (« 127.0.0.1:0 » choisit un port libre,
        /// écrit sur la sortie standard).
        #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080", hide_default_value = true, value_parser = args::socket_addr)]
        addr: std::net::SocketAddr,
        /// Écrit aussi le texte des questions dans le journal (jamais par défaut).
        #[arg(long)]
        log_questions: bool,
        /// Délai maximal d'une requête, en secondes, par défaut 10 (attente d'une place comprise).
        #[arg(long, value_name = "SECONDES", default_value_t = serve::REQUEST_TIMEOUT.as_secs(), hide_default_value = true, value_parser = args::seconds)]
        timeout: u64,
    },
    /// Opérations sur le corpus.
    Corpus {
        #[command(subcommand)]
        action: CorpusAction,
    },
}

#[derive(Subcommand)]
enum CorpusAction {
    /// Écrit chaque entrée du corpus en JSON, une par ligne.
    Export,
    /// Vérifie le corpus et résume son contenu.
    Check,
}

/// Why `ess` stopped, by exit code.
enum Failure {
    /// Bad input: exit 1.
    Input(String),
    /// The corpus or the system failed: exit 2.
    System(String),
    /// The reader closed the pipe: stop quietly.
    ClosedPipe,
}

impl Failure {
    fn write(e: std::io::Error) -> Failure {
        match e.kind() {
            std::io::ErrorKind::BrokenPipe => Failure::ClosedPipe,
            _ => Failure::System(format!("écriture impossible : {}", io_french(&e))),
        }
    }
}

fn main() -> ExitCode {
    let matches = match args::french(Cli::command()).try_get_matches() {
        Ok(matches) => matches,
        Err(e) => {
            use clap::error::ErrorKind::{DisplayHelp, DisplayVersion};
            if matches!(e.kind(), DisplayHelp | DisplayVersion) {
                // Help and version go to standard output; a closed pipe is fine.
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            eprintln!("ess : {}", args::error_message(&e));
            return ExitCode::from(1);
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => {
            eprintln!("ess : {}", args::error_message(&e));
            return ExitCode::from(1);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(Failure::ClosedPipe) => ExitCode::SUCCESS,
        Err(Failure::Input(message)) => {
            eprintln!("ess : {message}");
            ExitCode::from(1)
        }
        Err(Failure::System(message)) => {
            eprintln!("ess : {message}");
            ExitCode::from(2)
        }
    }
}

/// A system error in French: the common kinds by name, the rest by the system's own words.
pub fn io_french(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "introuvable".into(),
        PermissionDenied => "accès refusé".into(),
        IsADirectory => "c'est un dossier, pas un fichier".into(),
        BrokenPipe => "le lecteur a fermé le tube".into(),
        InvalidData => "données invalides".into(),
        UnexpectedEof => "fin inattendue des données".into(),
        StorageFull => "disque plein".into(),
        _ => format!("erreur du système ({e})"),
    }
}

fn load_corpus(dir: &Option<PathBuf>) -> Result<Corpus, Failure> {
    match dir {
        Some(dir) => Corpus::from_dir(dir),
        None => Corpus::builtin(),
    }
    .map_err(|e| Failure::System(e.to_string()))
}

/// The engine: on the built-in corpus, the one prepared at build time (it opens in a few
/// milliseconds); on a folder, the one prepared on its content before (`cache.rs`), else the
/// corpus loaded, validated and indexed now.
///
/// It is never dropped: it lives as long as the process, whose end gives its memory back at
/// once, whereas freeing its allocations one by one (every entry's strings, the lexicon's
/// tables) took a third of a cached `ess --corpus DIR ask` at ×100 (`perf`, 2026-12-06), and
/// grows with the corpus.
fn load_engine(dir: &Option<PathBuf>) -> Result<ManuallyDrop<Engine>, Failure> {
    match dir {
        Some(dir) => cache::engine(dir).map_err(Failure::System),
        None => ess_builtin::engine().map_err(|e| Failure::System(e.to_string())),
    }
    .map(ManuallyDrop::new)
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        // `corpus check` validates the files themselves, so it always reads them.
        Some(Command::Corpus { action }) => corpus_command(&load_corpus(&cli.corpus)?, action),
        Some(Command::Obligations(args)) => {
            let engine = load_engine(&cli.corpus)?;
            let text = obligations::run(engine.corpus(), *args).map_err(Failure::Input)?;
            writeln!(std::io::stdout().lock(), "{text}").map_err(Failure::write)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Search(args)) => {
            let engine = load_engine(&cli.corpus)?;
            let text = search::run(&engine, &args).map_err(Failure::Input)?;
            writeln!(std::io::stdout().lock(), "{text}").map_err(Failure::write)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Fiche { numero, json, date }) => {
            let engine = load_engine(&cli.corpus)?;
            let question = repl::fiche_question(&engine, &numero).map_err(Failure::Input)?;
            let date = checked_date(date)?;
            ask(&engine, &date, json, &[question])
        }
        Some(Command::Ask {
            json,
            date,
            questions,
        }) => {
            let date = checked_date(date)?;
            if questions == ["-"] && !json {
                return Err(Failure::Input(
                    "« - » lit des lignes JSON sur l'entrée standard : ajoutez --json (ess ask --json -)"
                        .into(),
                ));
            }
            let engine = load_engine(&cli.corpus)?;
            if json && questions == ["-"] {
                return match jsonl::serve(
                    &engine,
                    &date,
                    std::io::stdin().lock(),
                    std::io::stdout(),
                ) {
                    Ok(()) => Ok(ExitCode::SUCCESS),
                    Err(jsonl::StreamError::Write(e)) => Err(Failure::write(e)),
                    Err(jsonl::StreamError::Read(e)) => Err(Failure::System(format!(
                        "lecture de l'entrée standard impossible : {}",
                        io_french(&e)
                    ))),
                };
            }
            ask(&engine, &date, json, &questions)
        }
        Some(Command::Serve {
            addr,
            log_questions,
            timeout,
        }) => {
            let engine = load_engine(&cli.corpus)?;
            serve::run(
                ManuallyDrop::into_inner(engine),
                serve::Options {
                    addr,
                    log_questions,
                    timeout: std::time::Duration::from_secs(timeout),
                },
            )
            .map_err(Failure::System)?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let engine = load_engine(&cli.corpus)?;
            repl::run(&engine).map_err(Failure::System)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The day asked (`--date`), checked, or today.
fn checked_date(date: Option<String>) -> Result<String, Failure> {
    match date {
        None => Ok(ess_engine::today().to_string()),
        Some(d) => match d.parse::<ess_corpus::Date>() {
            Ok(day) => Ok(day.to_string()),
            Err(why) => Err(Failure::Input(format!(
                "date « {d} » invalide : {}",
                why.reason()
            ))),
        },
    }
}

fn ask(engine: &Engine, date: &str, json: bool, questions: &[String]) -> Result<ExitCode, Failure> {
    let mut conversation = Conversation::new();
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for (i, question) in questions.iter().enumerate() {
        let result = engine.ask(&mut conversation, question, date);
        let written = match (&result, json) {
            (Ok(answer), true) => writeln!(out, "{}", jsonl::to_line(answer)),
            (Ok(answer), false) => {
                if i > 0 {
                    writeln!(out).map_err(Failure::write)?;
                }
                writeln!(out, "{}", answer.text)
            }
            (Err(e), true) => {
                failed = true;
                writeln!(out, "{}", jsonl::error_line(&e.to_string(), i + 1))
            }
            (Err(e), false) => {
                failed = true;
                eprintln!("ess : question {} : {e}", i + 1);
                Ok(())
            }
        };
        written.map_err(Failure::write)?;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn corpus_command(corpus: &Corpus, action: CorpusAction) -> Result<ExitCode, Failure> {
    let mut out = std::io::stdout().lock();
    match action {
        CorpusAction::Export => {
            for entry in corpus.entries() {
                let line =
                    serde_json::to_string(entry).map_err(|e| Failure::System(e.to_string()))?;
                writeln!(out, "{line}").map_err(Failure::write)?;
            }
        }
        CorpusAction::Check => {
            let mut counts = std::collections::BTreeMap::new();
            for e in corpus.entries() {
                *counts.entry(e.kind.as_str()).or_insert(0) += 1;
            }
            let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
            writeln!(
                out,
                "Corpus valide : {} entrées ({}), {} règles.",
                corpus.entry_count(),
                summary.join(", "),
                corpus.rules.len()
            )
            .map_err(Failure::write)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
