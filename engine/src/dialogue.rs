//! The conversational layer: one turn = understand the question, merge it with the context of
//! the conversation, retrieve a diverse set of entries, compose a cited French answer.

use std::collections::HashSet;

use ess_corpus::{Entry, Kind};

use crate::answer::{first_sentence, Answer, Item};
use crate::index::{Hit, SearchRequest};
use crate::profile::Profile;
use crate::understand::{understand, Understanding};
use crate::{AskError, Engine};

/// Score factor for an entry of the asker's kind of territory.
const TERRITORY_BONUS: f32 = 1.25;

/// Longest question accepted, in characters.
pub const MAX_QUESTION_CHARS: usize = 10_000;

/// What a conversation remembers between turns. `Default` is a fresh conversation.
#[derive(Debug, Clone, Default)]
pub struct Conversation {
    profile: Profile,
    themes: Vec<String>,
    /// The text that carried the subject (the last question that named one).
    subject: String,
    intent: Option<String>,
    last_items: Vec<String>,
}

impl Conversation {
    pub fn new() -> Conversation {
        Conversation::default()
    }

    /// Forgets everything (the REPL's `:reset`).
    pub fn reset(&mut self) {
        *self = Conversation::default();
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Ids of the items of the last answer.
    pub fn last_items(&self) -> &[String] {
        &self.last_items
    }
}

/// How many entries of each kind an answer shows, by intent: diversity over a single list.
fn quotas(intent: &str) -> &'static [(Kind, usize)] {
    match intent {
        "exemples" => &[(Kind::Exemple, 6), (Kind::Levier, 1), (Kind::Fiche, 1)],
        "definition" => &[
            (Kind::Glossaire, 2),
            (Kind::Fiche, 1),
            (Kind::Levier, 2),
            (Kind::Texte, 1),
        ],
        "acteurs" => &[(Kind::Acteur, 5), (Kind::Levier, 1), (Kind::Ressource, 2)],
        "obligations" | "seuil" => &[
            (Kind::Parametre, 2),
            (Kind::Texte, 3),
            (Kind::Levier, 2),
            (Kind::Fiche, 1),
        ],
        "fiche" => &[
            (Kind::Fiche, 1),
            (Kind::Levier, 12),
            (Kind::Exemple, 8),
            (Kind::Ressource, 4),
        ],
        _ => &[
            (Kind::Levier, 4),
            (Kind::Exemple, 3),
            (Kind::Fiche, 2),
            (Kind::Texte, 1),
            (Kind::Acteur, 2),
        ],
    }
}

impl Engine {
    /// Answers one turn of a conversation, at `date` (`YYYY-MM-DD`).
    pub fn ask(
        &self,
        conversation: &mut Conversation,
        question: &str,
        date: &str,
    ) -> Result<Answer, AskError> {
        let question = question.trim();
        if question.is_empty() {
            return Err(AskError::EmptyQuestion);
        }
        let chars = question.chars().count();
        if chars > MAX_QUESTION_CHARS {
            return Err(AskError::TooLong(chars));
        }
        if !ess_corpus::is_iso_date(date) {
            return Err(AskError::BadDate(date.to_string()));
        }
        let u = understand(&self.lexicon, question);
        let follows_up = !u.has_subject() && !conversation.subject.is_empty();
        let intent = u
            .intent
            .clone()
            .or_else(|| follows_up.then(|| conversation.intent.clone()).flatten())
            .unwrap_or_else(|| "leviers".to_string());

        conversation.profile.merge(&u.profile);
        if follows_up {
            // "et en milieu rural ?": same subject, new slots.
        } else {
            conversation.themes = u.themes.clone();
            for t in &u.implied_themes {
                if !conversation.themes.contains(t) {
                    conversation.themes.push(t.clone());
                }
            }
            conversation.subject = question.to_string();
        }
        conversation.intent = Some(intent.clone());
        let profile = conversation.profile.clone();
        let themes = conversation.themes.clone();

        let text = if follows_up {
            format!("{} {}", conversation.subject, question)
        } else {
            question.to_string()
        };
        let items = if intent == "aide" {
            Vec::new()
        } else {
            self.retrieve(&u, &intent, &text, &themes, &profile)?
        };
        conversation.last_items = items.iter().map(|(e, _)| e.id.clone()).collect();

        let body = self.compose(&intent, &u, &themes, &profile, &items);
        Ok(Answer {
            question: question.to_string(),
            date: date.to_string(),
            intent,
            profile,
            themes,
            text: body,
            items: items
                .iter()
                .map(|(e, score)| Item::new(&self.corpus, e, *score))
                .collect(),
            obligations: Vec::new(),
            follow_up: None,
        })
    }

    fn retrieve(
        &self,
        u: &Understanding,
        intent: &str,
        text: &str,
        themes: &[String],
        profile: &Profile,
    ) -> Result<Vec<(&Entry, f32)>, AskError> {
        let mut expansions = Vec::new();
        for &ord in &u.glossary {
            let g = &self.corpus.entries[ord];
            expansions.extend(g.term.iter().cloned());
            expansions.extend(g.expansion.iter().cloned());
            expansions.extend(g.synonyms.iter().flatten().cloned());
        }
        let request = SearchRequest {
            text: text.to_string(),
            expansions,
            themes: themes.to_vec(),
            territories: profile.territoire.iter().cloned().collect(),
            levels: profile.kind.iter().cloned().collect(),
            kinds: Vec::new(),
            fiche: if intent == "fiche" { u.fiche } else { None },
            limit: 80,
        };
        let mut hits = self.index.search(&request)?;
        if intent == "fiche" && u.fiche.is_some() {
            // The fiche's own entries come first, in the order of the corpus.
            let all = self.index.search(&SearchRequest {
                text: String::new(),
                themes: Vec::new(),
                ..request.clone()
            });
            if let Ok(all) = all {
                hits.extend(all);
            }
            let n = u.fiche;
            hits.extend(
                self.corpus
                    .entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.source.fiche == n && e.source.document == "kit-municipal")
                    .map(|(ord, _)| Hit { ord, score: 0.0 }),
            );
        }
        Ok(self.diversify(hits, quotas(intent), profile))
    }

    /// Picks the best entries of each kind up to its quota, then orders them best first.
    /// Examples from the asker's kind of territory come before the others.
    fn diversify(
        &self,
        hits: Vec<Hit>,
        quotas: &[(Kind, usize)],
        profile: &Profile,
    ) -> Vec<(&Entry, f32)> {
        let mut seen = HashSet::new();
        let mut picked: Vec<(&Entry, f32)> = Vec::new();
        for &(kind, quota) in quotas {
            let mut of_kind: Vec<(&Entry, f32)> = hits
                .iter()
                .map(|h| (&self.corpus.entries[h.ord], h.score))
                .filter(|(e, _)| e.kind == kind)
                .collect();
            if let Some(t) = &profile.territoire {
                // Entries from the asker's kind of territory rank higher, without letting an
                // off-topic rural example beat an on-topic one.
                for (e, score) in of_kind.iter_mut() {
                    if e.territories.contains(t) {
                        *score *= TERRITORY_BONUS;
                    }
                }
                of_kind.sort_by(|a, b| b.1.total_cmp(&a.1));
            }
            let mut n = 0;
            for (e, score) in of_kind {
                if n == quota {
                    break;
                }
                if seen.insert(e.id.as_str()) {
                    picked.push((e, score));
                    n += 1;
                }
            }
        }
        picked.sort_by(|a, b| b.1.total_cmp(&a.1));
        picked
    }

    fn compose(
        &self,
        intent: &str,
        u: &Understanding,
        themes: &[String],
        profile: &Profile,
        items: &[(&Entry, f32)],
    ) -> String {
        if intent == "aide" {
            return self.help_text();
        }
        if items.is_empty() {
            return format!(
                "Je n'ai rien trouvé dans le corpus qui réponde à cette question. Il couvre notamment : {}.",
                self.theme_overview()
            );
        }
        let mut out = String::new();
        let subject = self.subject_phrase(themes, profile);
        let section = |title: &str, kind: Kind, out: &mut String, detail: bool| {
            let of_kind: Vec<&&Entry> = items
                .iter()
                .map(|(e, _)| e)
                .filter(|e| e.kind == kind)
                .collect();
            if of_kind.is_empty() {
                return;
            }
            out.push_str(title);
            out.push('\n');
            for e in of_kind {
                let cite = self.corpus.citation(&e.source);
                if detail {
                    out.push_str(&format!(
                        "• {} — {} ({cite})\n",
                        e.title,
                        first_sentence(&e.text, 220)
                    ));
                } else {
                    out.push_str(&format!("• {} ({cite})\n", e.title));
                }
            }
            out.push('\n');
        };
        match intent {
            "definition" => {
                if let Some(g) = u.glossary.first().map(|&o| &self.corpus.entries[o]) {
                    out.push_str(&format!(
                        "{} : {} ({})\n\n",
                        g.title,
                        g.text.trim(),
                        self.corpus.citation(&g.source)
                    ));
                }
            }
            "exemples" => out.push_str(&format!("Exemples{subject} :\n\n")),
            "acteurs" => out.push_str(&format!("Acteurs à solliciter{subject} :\n\n")),
            _ => out.push_str(&format!("Voici ce que propose le corpus{subject}.\n\n")),
        }
        section("Leviers d'action :", Kind::Levier, &mut out, true);
        section("Exemples :", Kind::Exemple, &mut out, true);
        section("Cadre juridique :", Kind::Texte, &mut out, true);
        section("Valeurs légales :", Kind::Parametre, &mut out, true);
        section("Acteurs :", Kind::Acteur, &mut out, true);
        if intent != "definition" {
            section("Définitions :", Kind::Glossaire, &mut out, true);
        }
        section("Ressources :", Kind::Ressource, &mut out, false);
        section("Pour aller plus loin :", Kind::Fiche, &mut out, false);
        out.trim_end().to_string()
    }

    /// " pour la mobilité, en milieu rural, pour une commune" — what the answer is about.
    fn subject_phrase(&self, themes: &[String], profile: &Profile) -> String {
        let mut parts = Vec::new();
        let labels: Vec<String> = themes
            .iter()
            .filter_map(|t| self.corpus.themes.iter().find(|v| &v.id == t))
            .map(|v| v.label.to_lowercase())
            .collect();
        if !labels.is_empty() {
            parts.push(format!("sur le thème « {} »", labels.join(" », « ")));
        }
        if let Some(t) = &profile.territoire {
            if let Some(v) = self.corpus.territories.iter().find(|v| &v.id == t) {
                parts.push(format!("en {}", v.label));
            }
        }
        if let Some(k) = &profile.kind {
            if let Some(v) = self.corpus.collectivities.iter().find(|v| &v.id == k) {
                parts.push(format!("pour une collectivité de type « {} »", v.label));
            }
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" {}", parts.join(", "))
        }
    }

    fn theme_overview(&self) -> String {
        self.corpus
            .themes
            .iter()
            .map(|t| t.label.to_lowercase())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn help_text(&self) -> String {
        format!(
            "Posez une question en français sur l'économie sociale et solidaire et l'action des collectivités, par exemple :\n\
             • « Quels leviers pour la mobilité en milieu rural ? »\n\
             • « Des exemples de SCIC soutenues par une commune ? »\n\
             • « C'est quoi un PTCE ? »\n\
             Précisez votre collectivité (type, nombre d'habitants, achats annuels) pour des réponses ajustées.\n\
             Thèmes couverts : {}.",
            self.theme_overview()
        )
    }
}
