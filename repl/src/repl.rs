//! The interactive session: rustyline with a history file, a conversation that keeps its
//! context, and a few `:` commands.

use ess_engine::{Conversation, Engine};
use rustyline::error::ReadlineError;
use rustyline::DefaultEditor;

const HELP: &str = "Commandes : :aide (cette aide), :reset (oublier la conversation), \
:date AAAA-MM-JJ (évaluer le droit à une autre date), :quitter.\n\
Sinon, posez votre question en français.";

pub fn run(engine: &Engine) -> Result<(), String> {
    let mut editor = DefaultEditor::new().map_err(|e| format!("terminal indisponible : {e}"))?;
    let history =
        std::env::var_os("HOME").map(|home| std::path::PathBuf::from(home).join(".ess_history"));
    if let Some(path) = &history {
        // No history yet is the normal first run.
        let _ = editor.load_history(path);
    }
    println!(
        "ess — l'économie sociale et solidaire pour les collectivités ({} entrées). \
         Tapez :aide pour l'aide, :quitter pour sortir.",
        engine.corpus().entries.len()
    );
    let mut conversation = Conversation::new();
    let mut date = ess_engine::today().to_string();
    loop {
        match editor.readline("ess> ") {
            Ok(line) => {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                let _ = editor.add_history_entry(line);
                match line {
                    ":quitter" | ":quit" | ":q" => break,
                    ":aide" | ":help" | ":h" => println!("{HELP}"),
                    ":reset" => {
                        conversation.reset();
                        println!("Conversation oubliée.");
                    }
                    _ if line.starts_with(":date") => {
                        let d = line.trim_start_matches(":date").trim();
                        if ess_corpus::is_iso_date(d) {
                            date = d.to_string();
                            println!("Le droit est désormais évalué au {date}.");
                        } else {
                            println!("Date invalide : écrivez :date AAAA-MM-JJ, par exemple :date 2025-01-01.");
                        }
                    }
                    _ if line.starts_with(':') => {
                        println!("Commande inconnue. {HELP}");
                    }
                    question => match engine.ask(&mut conversation, question, &date) {
                        Ok(answer) => println!("{}\n", answer.text),
                        Err(e) => println!("Impossible de répondre : {e}."),
                    },
                }
            }
            Err(ReadlineError::Interrupted) | Err(ReadlineError::Eof) => break,
            Err(e) => return Err(format!("lecture impossible : {e}")),
        }
    }
    if let Some(path) = &history {
        let _ = editor.save_history(path);
    }
    Ok(())
}
