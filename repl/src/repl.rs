//! The interactive session: rustyline with a history file written after every entry, a
//! conversation that keeps its context, and a few `:` commands. With standard input not a
//! terminal (`ess < questions.txt`), no banner and no history: one answer per line.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use std::borrow::Cow;

use ess_engine::{Answer, Conversation, Engine};

use crate::pager::Pager;
use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

/// The session's commands: name, what follows it, what it does. Help, completion and the
/// suggestion for a mistyped command all read this table.
const COMMANDS: [(&str, &str, &str); 13] = [
    (":aide", "", "cette aide"),
    (
        ":profil",
        "[commune]",
        "ce que la conversation sait de votre collectivité, ou la fixer",
    ),
    (
        ":date",
        "[AAAA-MM-JJ]",
        "la date à laquelle le droit est évalué, ou la changer",
    ),
    (
        ":plus",
        "",
        "la suite d'une longue réponse (aussi Entrée sur une ligne vide)",
    ),
    (":exemples", "", "des exemples sur le sujet en cours"),
    (
        ":obligations",
        "",
        "les obligations de votre collectivité sur le sujet en cours",
    ),
    (
        ":pourquoi",
        "",
        "la dernière réponse en détail, avec ses fondements",
    ),
    (":fiches", "", "les fiches du Kit Municipal ESS"),
    (
        ":fiche",
        "N",
        "la fiche n° N en entier, avec ses leviers et ses exemples",
    ),
    (
        ":sources",
        "",
        "les adresses des textes et documents cités par la dernière réponse",
    ),
    (
        ":json",
        "",
        "la dernière réponse en JSON, comme ess ask --json",
    ),
    (":reset", "", "oublier la conversation"),
    (
        ":quitter",
        "",
        "sortir (aussi quit, exit, Ctrl-D) ; Ctrl-C efface la ligne en cours",
    ),
];

/// The help: examples of questions, then the commands.
fn help() -> String {
    let mut out = String::from(
        "Posez votre question en français, par exemple :\n\
  « Quels leviers pour la mobilité en milieu rural ? »\n\
  « Une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ? »\n\
Commandes (Tab complète) :",
    );
    for (name, argument, what) in COMMANDS {
        let head = format!("{name} {argument}");
        out.push_str(&format!("\n  {head:<20} {what}"));
    }
    out
}

/// A text wrapped at `width` columns between words; a bullet's next lines are indented under
/// its text, as are a verdict's « Références » lines.
fn wrap(text: &str, width: usize) -> String {
    let width = width.max(20);
    text.lines()
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            let rest = &line[indent..];
            let under = " ".repeat(if rest.starts_with("• ") {
                indent + 2
            } else {
                indent
            });
            let options = textwrap::Options::new(width)
                .initial_indent(&line[..indent])
                .subsequent_indent(&under)
                .break_words(false);
            textwrap::fill(rest, options)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The command closest to a mistyped one (« :fiche » for « :fihce »), if one is near.
fn closest_command(typed: &str) -> Option<&'static str> {
    let word = typed.split_whitespace().next().unwrap_or(typed);
    COMMANDS
        .iter()
        .map(|(name, _, _)| (strsim::levenshtein(word, name), *name))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, name)| name)
}

/// Completion and hints of `:` commands at the prompt.
struct Commands {
    /// Hints shown dimmed (a terminal without `NO_COLOR`).
    styled: bool,
}

impl Commands {
    /// The commands that start with what is typed, when only a command is being typed.
    fn matching(line: &str, pos: usize) -> Vec<&'static str> {
        let typed = &line[..pos];
        if !typed.starts_with(':') || typed.contains(' ') || pos != line.len() {
            return Vec::new();
        }
        COMMANDS
            .iter()
            .map(|(name, _, _)| *name)
            .filter(|name| name.starts_with(typed))
            .collect()
    }
}

impl Completer for Commands {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        Ok((
            0,
            Commands::matching(line, pos)
                .into_iter()
                .map(String::from)
                .collect(),
        ))
    }
}

impl Hinter for Commands {
    type Hint = String;

    /// The rest of the only command that starts with what is typed.
    fn hint(&self, line: &str, pos: usize, _: &Context<'_>) -> Option<String> {
        match Commands::matching(line, pos).as_slice() {
            [only] if only.len() > pos => Some(only[pos..].to_string()),
            _ => None,
        }
    }
}

impl Highlighter for Commands {
    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.styled {
            Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
        } else {
            Cow::Borrowed(hint)
        }
    }
}

impl Validator for Commands {}

impl Helper for Commands {}

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
    /// `:plus`: the next screen of the last answer.
    More,
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
            ":aide" | ":help" | ":h" | "?" => return Step::Said(help()),
            ":plus" | ":suite" => return Step::More,
            ":exemples" => return self.ask("des exemples ?"),
            ":obligations" => return self.ask("quelles sont nos obligations ?"),
            ":pourquoi" => return self.ask("pourquoi ?"),
            ":json" => return Step::Said(self.json()),
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
            return Step::Said(match closest_command(&command) {
                Some(name) => format!(
                    "Commande inconnue « {line} » : vouliez-vous dire « {name} » ? (:aide les liste)"
                ),
                None => format!("Commande inconnue « {line} » (:aide les liste)."),
            });
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

    /// `:json`: the last answer as `ess ask --json` writes it, indented.
    fn json(&self) -> String {
        match &self.last {
            Some(answer) => serde_json::to_string_pretty(answer)
                .unwrap_or_else(|e| format!("Réponse impossible à écrire en JSON : {e}.")),
            None => "Pas encore de réponse : posez d'abord une question.".into(),
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

/// What `:plus` says when the last answer was shown whole.
const NOTHING_MORE: &str = "Rien de plus : la dernière réponse est affichée en entier.";

/// Prints a screen of an answer, and under it how to see the rest.
fn show(screen: Vec<String>, pager: &Pager) {
    if screen.is_empty() {
        return;
    }
    println!("{}", screen.join("\n"));
    match pager.footer() {
        Some(footer) => println!("{footer}"),
        None => println!(),
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
            let said = match session.line(line) {
                Step::Quit => break,
                Step::Said(text) => text,
                // Piped answers are written whole: there is nothing more to show.
                Step::More => NOTHING_MORE.to_string(),
            };
            let mut out = std::io::stdout().lock();
            match writeln!(out, "{said}\n").and_then(|()| out.flush()) {
                Ok(()) => {}
                // A reader that stopped (`ess < q.txt | head`) wants no more: a quiet end.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
                Err(e) => return Err(format!("écriture impossible : {}", crate::io_french(&e))),
            }
        }
        return Ok(());
    }
    let mut editor: Editor<Commands, FileHistory> =
        Editor::new().map_err(|e| format!("terminal indisponible : {e}"))?;
    editor.set_helper(Some(Commands {
        styled: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }));
    let history = history_path();
    if let Some(path) = &history {
        // No history yet is the normal first run.
        let _ = editor.load_history(path);
    }
    let mut history_failed = false;
    println!(
        "ess — l'économie sociale et solidaire pour les collectivités ({} entrées).\n\
         Tapez :aide pour l'aide, :quitter pour sortir.",
        engine.corpus().entry_count()
    );
    let mut pager = Pager::default();
    loop {
        match editor.readline("ess> ") {
            Ok(entry) => {
                // Several pasted lines are several questions, answered in turn; a long answer
                // is paged only when it is the one answer of the entry.
                let lines: Vec<&str> = entry
                    .split(['\n', '\r'])
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                let screen = editor.dimensions().map_or((100, 40), |(columns, rows)| {
                    (usize::from(columns), usize::from(rows))
                });
                if lines.is_empty() {
                    // Enter on an empty line goes on with a long answer.
                    show(pager.next(screen.1.saturating_sub(2)), &pager);
                    continue;
                }
                let paged = lines.len() == 1;
                for line in lines {
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
                    if !paged {
                        println!("ess> {line}");
                    }
                    match session.line(line) {
                        Step::Quit => return Ok(()),
                        Step::More if pager.left() == 0 => println!("{NOTHING_MORE}\n"),
                        Step::More => show(pager.next(screen.1.saturating_sub(2)), &pager),
                        Step::Said(text) => {
                            // At the terminal's width, read when the answer comes (it may have
                            // been resized); one column spare, as terminals wrap at the last.
                            let text = wrap(&text, screen.0.saturating_sub(1));
                            let lines: Vec<String> = text.lines().map(str::to_string).collect();
                            if paged {
                                // The screen's last two lines: the footer and the prompt.
                                show(pager.start(lines, screen.1.saturating_sub(2)), &pager);
                            } else {
                                println!("{text}\n");
                            }
                        }
                    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_complete_only_while_a_command_is_typed() {
        assert_eq!(Commands::matching(":fi", 3), vec![":fiches", ":fiche"]);
        assert_eq!(Commands::matching(":j", 2), vec![":json"]);
        assert!(Commands::matching("SCIC :fi", 8).is_empty());
        assert!(Commands::matching(":fiche 1", 8).is_empty());
        assert!(
            Commands::matching(":fi", 2).is_empty(),
            "cursor inside the word"
        );
    }

    #[test]
    fn answers_wrap_between_words_with_bullets_indented() {
        let text = "Leviers d'action :\n• Mobilité soutenable : s'associer aux plateformes de l'ESS en milieu rural (Kit)\n  Références : Code de la commande publique, art. L. 2111-3";
        let wrapped = wrap(text, 30);
        for line in wrapped.lines() {
            assert!(line.chars().count() <= 30, "« {line} »");
        }
        let lines: Vec<&str> = wrapped.lines().collect();
        assert_eq!(lines[0], "Leviers d'action :");
        assert!(lines[1].starts_with("• Mobilité"));
        assert!(
            lines[2].starts_with("  ") && !lines[2].starts_with("   "),
            "{wrapped}"
        );
        // Words are kept whole, in order.
        let words = |t: &str| t.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert_eq!(words(&wrapped), words(text));
    }

    #[test]
    fn a_mistyped_command_gets_the_nearest_one() {
        assert_eq!(closest_command(":fihce 3"), Some(":fiche"));
        assert_eq!(closest_command(":profl"), Some(":profil"));
        assert_eq!(closest_command(":zzzzzz"), None);
        assert!(help().contains(":json"), "the help lists every command");
    }
}
