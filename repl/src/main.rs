//! `ess`: ask the ESS knowledge base questions, from a REPL, the command line or JSON lines.

mod jsonl;
mod obligations;
mod repl;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ess_engine::{Conversation, Corpus, Engine};

#[derive(Parser)]
#[command(
    name = "ess",
    version,
    about = "Questions et réponses sur l'économie sociale et solidaire pour les collectivités",
    long_about = "Sans commande, ouvre une session interactive (REPL)."
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
    Obligations(obligations::Args),
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("ess : {message}");
            ExitCode::FAILURE
        }
    }
}

/// A closed pipe (`ess corpus export | head`) is the reader's choice, not an error.
fn write_error(e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    format!("écriture impossible : {e}")
}

fn load_corpus(dir: &Option<PathBuf>) -> Result<Corpus, String> {
    match dir {
        Some(dir) => Corpus::from_dir(dir),
        None => Corpus::builtin(),
    }
    .map_err(|e| e.to_string())
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let corpus = load_corpus(&cli.corpus)?;
    match cli.command {
        Some(Command::Corpus { action }) => corpus_command(&corpus, action),
        Some(Command::Obligations(args)) => obligations::run(&corpus, args),
        Some(Command::Ask {
            json,
            date,
            questions,
        }) => {
            let engine = Engine::new(corpus).map_err(|e| e.to_string())?;
            if let Some(d) = &date {
                if let Err(why) = d.parse::<ess_corpus::Date>() {
                    return Err(format!("date « {d} » invalide : {}", why.reason()));
                }
            }
            let date = date.unwrap_or_else(|| ess_engine::today().to_string());
            if json && questions == ["-"] {
                return jsonl::serve(&engine, &date, std::io::stdin().lock(), std::io::stdout())
                    .map(|()| ExitCode::SUCCESS)
                    .map_err(write_error);
            }
            ask(&engine, &date, json, &questions)
        }
        None => {
            let engine = Engine::new(corpus).map_err(|e| e.to_string())?;
            repl::run(&engine).map(|()| ExitCode::SUCCESS)
        }
    }
}

fn ask(engine: &Engine, date: &str, json: bool, questions: &[String]) -> Result<ExitCode, String> {
    let mut conversation = Conversation::new();
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for (i, question) in questions.iter().enumerate() {
        let result = engine.ask(&mut conversation, question, date);
        let written = match (&result, json) {
            (Ok(answer), true) => writeln!(out, "{}", jsonl::to_line(answer)),
            (Ok(answer), false) => {
                if i > 0 {
                    writeln!(out).ok();
                }
                writeln!(out, "{}", answer.text)
            }
            (Err(e), true) => {
                failed = true;
                let line = serde_json::json!({"error": e.to_string(), "question": question});
                writeln!(out, "{line}")
            }
            (Err(e), false) => {
                failed = true;
                eprintln!("ess : question {} : {e}", i + 1);
                Ok(())
            }
        };
        written.map_err(write_error)?;
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn corpus_command(corpus: &Corpus, action: CorpusAction) -> Result<ExitCode, String> {
    let mut out = std::io::stdout().lock();
    match action {
        CorpusAction::Export => {
            for entry in &corpus.entries {
                let line = serde_json::to_string(entry).map_err(|e| e.to_string())?;
                writeln!(out, "{line}").map_err(write_error)?;
            }
        }
        CorpusAction::Check => {
            let mut counts = std::collections::BTreeMap::new();
            for e in &corpus.entries {
                *counts.entry(e.kind.as_str()).or_insert(0) += 1;
            }
            let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
            writeln!(
                out,
                "Corpus valide : {} entrées ({}), {} règles.",
                corpus.entries.len(),
                summary.join(", "),
                corpus.rules.len()
            )
            .map_err(|e| e.to_string())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
