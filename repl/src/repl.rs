//! The interactive session: rustyline with a history file written after every entry, a
//! conversation that keeps its context, and a few `:` commands. With standard input not a
//! terminal (`ess < questions.txt`), no banner and no history: one answer per line.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use ess_engine::{Answer, Conversation, Engine};
use rustyline::error::ReadlineError;
use rustyline::DefaultEditor;

const HELP: &str = "Posez votre question en français, par exemple :\n\
  « Quels leviers pour la mobilité en milieu rural ? »\n\
  « Une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ? »\n\
Commandes :\n\
  :aide             cette aide\n\
  :profil [commune] ce que la conversation sait de votre collectivité, ou la fixer\n\
  :date [AAAA-MM-JJ] la date à laquelle le droit est évalué, ou la changer\n\
  :fiches           les fiches du Kit Municipal ESS\n\
  :fiche N          la fiche n° N en entier, avec ses leviers et ses exemples\n\
  :sources          les adresses des textes et documents cités par la dernière réponse\n\
  :reset            oublier la conversation\n\
  :quitter          sortir (aussi quit, exit, Ctrl-D) ; Ctrl-C efface la ligne en cours";

/// Where the history is kept: `$XDG_DATA_HOME/ess/history`, else `~/.local/share/ess/history`.
fn history_path() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(data.join("ess").join("history"))
}

/// What one line of the session does.
enum Step {
    Quit,
    Said(String),
}

/// The kit's fiches, by number, with their titles.
pub(crate) fn kit_fiches(engine: &Engine) -> Vec<(u32, &str)> {
    engine.corpus().fiches_of("kit-municipal")
}

/// The question that shows kit fiche `n` whole (`:fiche N`, `ess fiche N`), or why there is
/// none of that number.
pub(crate) fn fiche_question(engine: &Engine, n: &str) -> Result<String, String> {
    let fiches = kit_fiches(engine);
    match n.trim().parse::<u32>() {
        Ok(n) if fiches.iter().any(|(f, _)| *f == n) => Ok(format!("la fiche {n} du kit")),
        _ => Err(format!(
            "pas de fiche « {n} » : les fiches du kit sont numérotées de {} à {}",
            fiches.first().map_or(1, |f| f.0),
            fiches.last().map_or(1, |f| f.0)
        )),
    }
}

/// The session's state between lines.
struct Session<'e> {
    engine: &'e Engine,
    conversation: Conversation,
    date: String,
    /// The last answer, for `:sources`.
    last: Option<Answer>,
}

impl Session<'_> {
    fn line(&mut self, line: &str) -> Step {
        let command = line.to_lowercase();
        match command.as_str() {
            ":quitter" | ":quit" | ":q" | "quit" | "exit" | "quitter" => return Step::Quit,
            ":aide" | ":help" | ":h" | "?" => return Step::Said(HELP.into()),
            ":reset" => {
                self.conversation.reset();
                return Step::Said("Conversation oubliée.".into());
            }
            ":profil" => return Step::Said(self.profile()),
            ":fiches" => return Step::Said(self.fiches()),
            ":sources" => return Step::Said(self.sources()),
            _ => {}
        }
        if let Some(n) = command.strip_prefix(":fiche ") {
            return self.fiche(n.trim());
        }
        if let Some(place) = line.strip_prefix(":profil ") {
            return Step::Said(self.set_place(place.trim()));
        }
        if let Some(rest) = command.strip_prefix(":date") {
            return Step::Said(self.set_date(rest.trim()));
        }
        if command.starts_with(':') {
            return Step::Said(format!("Commande inconnue « {line} ».\n{HELP}"));
        }
        self.ask(line)
    }

    fn ask(&mut self, question: &str) -> Step {
        match self
            .engine
            .ask(&mut self.conversation, question, &self.date)
        {
            Ok(answer) => {
                let text = answer.text.clone();
                self.last = Some(answer);
                Step::Said(text)
            }
            Err(e) => Step::Said(format!("Impossible de répondre : {e}.")),
        }
    }

    fn fiches(&self) -> String {
        let lines: Vec<String> = kit_fiches(self.engine)
            .iter()
            .map(|(n, title)| format!("  {n:>2}. {title}"))
            .collect();
        format!(
            "Les fiches du Kit Municipal ESS (RTES, 2020) — :fiche N pour en lire une :\n{}",
            lines.join("\n")
        )
    }

    /// `:fiche 10`: the same answer as « la fiche 10 du kit », in the conversation.
    fn fiche(&mut self, n: &str) -> Step {
        match fiche_question(self.engine, n) {
            Ok(question) => self.ask(&question),
            Err(why) => Step::Said(format!(
                "{} (:fiches les liste).",
                ess_engine::french::upper_first(&why)
            )),
        }
    }

    /// `:sources`: the official pages behind the last answer.
    fn sources(&self) -> String {
        let Some(answer) = &self.last else {
            return "Pas encore de réponse : posez d'abord une question.".into();
        };
        let links = crate::serve::params::links(self.engine.corpus(), answer);
        if links.is_empty() {
            return "La dernière réponse ne cite aucun texte ou document en ligne.".into();
        }
        let lines: Vec<String> = links
            .iter()
            .map(|l| format!("• {}\n  {}", l.title, l.url))
            .collect();
        format!("Sources de la dernière réponse :\n{}", lines.join("\n"))
    }

    fn profile(&self) -> String {
        let corpus = self.engine.corpus();
        let profile = self.conversation.profile();
        let mut known = ess_engine::render::profile_summary(corpus, profile);
        if let Some(epci) = &profile.epci {
            known.insert(0, format!("membre de « {} »", epci.nom));
        }
        if let Some(c) = &profile.commune {
            known.insert(0, format!("{} ({})", c.nom, c.code));
        }
        if profile.commune.is_none() {
            if let Some(epci) = &profile.epci {
                known[0] = epci.nom.clone();
            }
        }
        if known.is_empty() {
            "Rien n'est encore connu de votre collectivité : précisez-le dans une question (« pour une commune rurale de 900 habitants… »).".into()
        } else {
            format!("Profil pris en compte : {}.", known.join(", "))
        }
    }

    /// `:profil Bréhal`, `:profil 50076`, `:profil CC Granville Terre et Mer`.
    fn set_place(&mut self, place: &str) -> String {
        let mut profile = ess_engine::Profile {
            departement: self.conversation.profile().departement.clone(),
            ..ess_engine::Profile::default()
        };
        let as_commune = ess_engine::locate(&mut profile, Some(place), None);
        let result = as_commune.or_else(|commune_error| {
            let mut p = ess_engine::Profile::default();
            ess_engine::locate(&mut p, None, Some(place))
                .map(|()| profile = p)
                .map_err(|_| commune_error)
        });
        match result {
            Ok(()) => {
                self.conversation.set_profile(profile);
                self.profile()
            }
            Err(e) if e.ends_with('?') => ess_engine::french::upper_first(&e),
            Err(e) => format!("{}.", ess_engine::french::upper_first(&e)),
        }
    }

    fn set_date(&mut self, asked: &str) -> String {
        let shown = |d: &str| {
            d.parse::<ess_corpus::Date>()
                .map_or_else(|_| d.to_string(), ess_engine::french::date)
        };
        if asked.is_empty() {
            return format!("Le droit est évalué au {}.", shown(&self.date));
        }
        match asked.parse::<ess_corpus::Date>() {
            Ok(day) => {
                self.date = day.to_string();
                format!(
                    "Le droit est désormais évalué au {}.",
                    ess_engine::french::date(day)
                )
            }
            Err(why) => format!(
                "Date « {asked} » invalide : {}. Exemple : :date 2025-01-01.",
                why.reason()
            ),
        }
    }
}

/// Runs the session until `:quitter`, Ctrl-D or the end of the input.
pub fn run(engine: &Engine) -> Result<(), String> {
    let mut session = Session {
        engine,
        conversation: Conversation::new(),
        date: ess_engine::today().to_string(),
        last: None,
    };
    if !std::io::stdin().is_terminal() {
        // Piped questions: one answer each, nothing else.
        for line in std::io::stdin().lock().lines() {
            let line =
                line.map_err(|e| format!("lecture impossible : {}", crate::io_french(&e)))?;
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            match session.line(line) {
                Step::Quit => break,
                Step::Said(text) => println!("{text}\n"),
            }
        }
        return Ok(());
    }
    let mut editor = DefaultEditor::new().map_err(|e| format!("terminal indisponible : {e}"))?;
    let history = history_path();
    if let Some(path) = &history {
        // No history yet is the normal first run.
        let _ = editor.load_history(path);
    }
    let mut history_failed = false;
    println!(
        "ess — l'économie sociale et solidaire pour les collectivités ({} entrées).\n\
         Tapez :aide pour l'aide, :quitter pour sortir.",
        engine.corpus().entries.len()
    );
    loop {
        match editor.readline("ess> ") {
            Ok(line) => {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                let _ = editor.add_history_entry(line);
                if let (Some(path), false) = (&history, history_failed) {
                    // Written after every entry: closing the terminal loses nothing.
                    let saved = path
                        .parent()
                        .map_or(Ok(()), std::fs::create_dir_all)
                        .map_err(|e| e.to_string())
                        .and_then(|()| editor.append_history(path).map_err(|e| e.to_string()));
                    if let Err(e) = saved {
                        history_failed = true;
                        eprintln!("(historique non enregistré dans {} : {e})", path.display());
                    }
                }
                match session.line(line) {
                    Step::Quit => break,
                    Step::Said(text) => println!("{text}\n"),
                }
            }
            // Ctrl-C clears the line being typed, as in a shell.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(format!("lecture impossible : {e}")),
        }
    }
    Ok(())
}
