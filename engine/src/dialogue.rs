//! The conversational layer: one turn = understand the question, merge it with the context of
//! the conversation, retrieve a diverse set of entries, compose a cited French answer.

use std::collections::HashSet;

use ess_corpus::{Date, Entry, Kind, RuleKind, Vocable};

use crate::answer::{Answer, Item};
use crate::french::first_sentence;
use crate::index::{Hit, SearchRequest};
use crate::profile::Profile;
use crate::render;
use crate::understand::{understand, Understanding};
use crate::verdict::{Status, Verdict};
use crate::{AskError, Engine};

/// Verdicts shown beside an answer that is not about the law.
const MAX_VERDICTS_BESIDE: usize = 3;

/// Entries scoring below this share of the best one are left out of an answer.
const RELATIVE_CUTOFF: f32 = 0.2;

/// Score factor for an entry of the asker's kind of territory.
const TERRITORY_BONUS: f32 = 1.25;
/// Factor for entries meant for the asker's kind of collectivity, and for entries meant only
/// for other kinds (« la Région peut… » read by a commune).
const LEVEL_BONUS: f32 = 1.3;
const OTHER_LEVEL_FACTOR: f32 = 0.75;
/// Factor for entries on the theme the question names first (its subject, as a rule), and on
/// any other theme it names: a long question that lists many services still has one subject.
const MAIN_THEME_BONUS: f32 = 1.5;
const OTHER_THEME_BONUS: f32 = 1.15;

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
    /// The date a turn asked about ("et en 2021 ?"), kept for the follow-ups of that subject.
    date: Option<Date>,
    last_items: Vec<String>,
}

impl Conversation {
    /// A fresh conversation.
    pub fn new() -> Conversation {
        Conversation::default()
    }

    /// Forgets everything (the REPL's `:reset`).
    pub fn reset(&mut self) {
        *self = Conversation::default();
    }

    /// What is known of the asker so far.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Ids of the items of the last answer.
    pub fn last_items(&self) -> &[String] {
        &self.last_items
    }
}

/// What a search brings: the entries an answer shows, with their scores, and the ids of every
/// entry found, best first (they rank the verdicts that go with the answer).
#[derive(Default)]
struct Retrieved<'a> {
    items: Vec<(&'a Entry, f32)>,
    found: Vec<&'a str>,
}

/// How many entries of each kind an answer shows, by intent: diversity over a single list.
fn quotas(intent: &str) -> &'static [(Kind, usize)] {
    match intent {
        "exemples" => &[(Kind::Exemple, 6), (Kind::Levier, 1), (Kind::Fiche, 1)],
        "chiffres" => &[
            (Kind::Chiffre, 5),
            (Kind::Indicateur, 1),
            (Kind::Fiche, 1),
            (Kind::Levier, 1),
        ],
        "definition" => &[
            (Kind::Glossaire, 2),
            (Kind::Fiche, 1),
            (Kind::Levier, 2),
            (Kind::Texte, 1),
        ],
        "comparaison" => &[
            (Kind::Glossaire, 3),
            (Kind::Fiche, 1),
            (Kind::Levier, 2),
            (Kind::Texte, 1),
        ],
        "acteurs" => &[
            (Kind::Acteur, 5),
            (Kind::Levier, 2),
            (Kind::Ressource, 2),
            (Kind::Fiche, 1),
        ],
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

/// The conversational layer over an engine's parts.
pub(crate) struct Dialogue<'e> {
    corpus: &'e ess_corpus::Corpus,
    index: &'e crate::index::SearchIndex,
    lexicon: &'e crate::lexicon::Lexicon,
    engine: &'e Engine,
}

impl<'e> Dialogue<'e> {
    pub(crate) fn new(engine: &'e Engine) -> Dialogue<'e> {
        Dialogue {
            corpus: engine.corpus(),
            index: &engine.index,
            lexicon: &engine.lexicon,
            engine,
        }
    }

    /// Answers one turn of a conversation, at `date` (`YYYY-MM-DD`).
    pub(crate) fn turn(
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
        let date: Date = date
            .parse()
            .map_err(|why| AskError::BadDate(date.to_string(), why))?;
        let mut u = understand(self.lexicon, question);
        if is_politeness(u.intent.as_deref()) && (u.has_subject() || !u.profile.is_empty()) {
            // "Bonjour, quels leviers pour la mobilité ?" is a question, greeting aside.
            u.intent = None;
        }
        let has_context = !conversation.subject.is_empty();
        // "et pour un SIEG ?": a new word, but the same question about it.
        let continues = has_context && starts_with_and(question);
        let follows_up = (!u.has_subject() || continues) && has_context;
        if !follows_up {
            conversation.date = None;
        }
        if let Some(asked) = u.date {
            // "en 2026" in 2026 means now, not the first of January.
            let this_year = asked.year() == date.year();
            conversation.date = Some(if this_year && !u.date_is_a_day {
                date
            } else {
                asked
            });
        }
        let today = date;
        let date = conversation.date.unwrap_or(date);
        let mut intent = u
            .intent
            .clone()
            .or_else(|| follows_up.then(|| conversation.intent.clone()).flatten())
            .unwrap_or_else(|| "leviers".to_string());
        if u.intent.is_none()
            && !follows_up
            && !u.glossary.is_empty()
            && u.words_beside_terms <= 1
            && u.named.is_empty()
            && u.profile.is_empty()
        {
            // "SPASER ?", "CAE ?", "Charte des engagements réciproques ?": a term alone asks
            // what it is.
            intent = "definition".to_string();
        }
        if intent == "pourquoi" && !follows_up {
            // "Pourquoi soutenir l'ESS ?" asks for reasons, not for the previous answer's.
            intent = "leviers".to_string();
        }
        let states_something =
            u.has_subject() || !u.profile.is_empty() || u.intent.is_some() || u.date.is_some();
        if !has_context && !states_something {
            intent = "hors_sujet".to_string();
        }
        // "la fiche complète": the fiche of the previous answer.
        let fiche = u.fiche.or_else(|| {
            (intent == "fiche" && follows_up && !u.has_subject())
                .then(|| {
                    conversation
                        .last_items
                        .iter()
                        .filter_map(|id| self.corpus.entry(id))
                        .find_map(|e| e.source.fiche)
                })
                .flatten()
        });

        conversation.profile.merge(&u.profile);
        if continues {
            for t in &u.themes {
                if !conversation.themes.contains(t) {
                    conversation.themes.push(t.clone());
                }
            }
        }
        if !follows_up {
            conversation.themes = u.themes.clone();
            for t in &u.implied_themes {
                if !conversation.themes.contains(t) {
                    conversation.themes.push(t.clone());
                }
            }
            conversation.subject = if matches!(
                intent.as_str(),
                "hors_sujet" | "aide" | "salutation" | "remerciement"
            ) {
                String::new()
            } else {
                question.to_string()
            };
        }
        if intent != "pourquoi" && !is_politeness(Some(&intent)) {
            conversation.intent = Some(intent.clone());
        }
        if follows_up && conversation.subject.len() < 2_000 {
            // "et sans publicité ?" then "et au 1er janvier 2025 ?": each follow-up adds to
            // what the conversation is about.
            conversation.subject = format!("{} {}", conversation.subject, question);
        }
        let profile = conversation.profile.clone();
        let themes = conversation.themes.clone();

        let text = if follows_up {
            format!("{} {}", conversation.subject, question)
        } else {
            question.to_string()
        };
        let Retrieved { items, found } = match intent.as_str() {
            "aide" | "hors_sujet" | "salutation" | "remerciement" => Retrieved::default(),
            // "pourquoi ?": the same entries, explained in full.
            "pourquoi" => {
                let items: Vec<(&Entry, f32)> = conversation
                    .last_items
                    .iter()
                    .filter_map(|id| self.corpus.entry(id))
                    .zip((1..).map(|rank| 1.0 / rank as f32))
                    .collect();
                let found = items.iter().map(|(e, _)| e.id.as_str()).collect();
                Retrieved { items, found }
            }
            _ => self.retrieve(&u, &intent, fiche, &text, &themes, &profile)?,
        };
        conversation.last_items = items.iter().map(|(e, _)| e.id.clone()).collect();

        // "pourquoi ?" after a legal question is still about the law.
        let legal = matches!(intent.as_str(), "obligations" | "seuil")
            || (intent == "pourquoi"
                && matches!(
                    conversation.intent.as_deref(),
                    Some("obligations" | "seuil")
                ));
        let obligations =
            self.relevant_verdicts(&intent, legal, &profile, date, &themes, &items, &found);
        let follow_up = obligations
            .iter()
            .find(|v| v.status == Status::Depend)
            .and_then(|v| v.missing.first())
            .map(|fact| render::question_for(self.corpus, fact));
        let mut body = self.compose(&intent, &u, date, &themes, &profile, &items);
        if !obligations.is_empty() {
            let heading = if date == today {
                "Réponse au regard du droit :".to_string()
            } else {
                format!(
                    "Réponse au regard du droit en vigueur au {} :",
                    crate::french::date(date)
                )
            };
            let explain = intent == "pourquoi";
            body = format!(
                "{heading}\n{}\n\n{body}",
                render::verdicts_text(self.corpus, &obligations, explain)
            );
        }
        if let Some(q) = &follow_up {
            body.push_str(&format!("\n\nPour préciser : {q}"));
        }
        Ok(Answer {
            question: question.to_string(),
            date,
            intent,
            profile,
            themes,
            text: body,
            items: items
                .iter()
                .map(|(e, score)| Item::new(self.corpus, e, *score))
                .collect(),
            obligations,
            follow_up,
        })
    }

    /// The verdicts of the rule base that bear on the question: rules resting on a text or a
    /// parameter the answer cites, then rules on its themes, those resting on what the search
    /// ranked higher (`found`, best first) before the others.
    #[allow(clippy::too_many_arguments)]
    fn relevant_verdicts(
        &self,
        intent: &str,
        legal: bool,
        profile: &Profile,
        date: Date,
        themes: &[String],
        items: &[(&Entry, f32)],
        found: &[&str],
    ) -> Vec<Verdict> {
        if matches!(
            intent,
            "aide" | "hors_sujet" | "definition" | "salutation" | "remerciement"
        ) {
            return Vec::new();
        }
        // A lever or a text the answer cites brings the rule that rests on it (a fiche is too
        // broad a link).
        let cited: HashSet<&str> = items
            .iter()
            .filter(|(e, _)| matches!(e.kind, Kind::Texte | Kind::Parametre | Kind::Levier))
            .map(|(e, _)| e.id.as_str())
            .collect();
        if !legal && profile.kind.is_none() {
            return Vec::new();
        }
        // Verdicts resting on what the search ranked higher come first.
        let rank = |v: &Verdict| {
            v.reference_ids
                .iter()
                .filter_map(|r| found.iter().position(|f| f == r))
                .min()
                .unwrap_or(usize::MAX)
        };
        let evaluation = self.engine.evaluate(profile, date);
        let mut picked: Vec<Verdict> = evaluation
            .obligations
            .iter()
            .filter(|v| v.reference_ids.iter().any(|r| cited.contains(r.as_str())))
            .filter(|v| legal || v.status != Status::NonApplicable)
            .cloned()
            .collect();
        picked.sort_by_key(rank);
        let specific_subject = themes.iter().any(|t| !self.lexicon.is_broad_theme(t));
        if legal && !specific_subject && profile.kind.is_some() {
            // "Quelles sont les obligations d'une métropole ?": all of them, not a sample,
            // and none of what does not apply.
            picked.retain(|v| v.status != Status::NonApplicable);
            for v in &evaluation.obligations {
                let owed = v.kind == RuleKind::Obligation && v.status != Status::NonApplicable;
                if owed && !picked.iter().any(|p| p.id == v.id) {
                    picked.push(v.clone());
                }
            }
            picked.sort_by_key(|v| (v.kind != RuleKind::Obligation, v.status == Status::Depend));
            return picked;
        }
        if legal && !picked.is_empty() {
            return picked;
        }
        // What the law asks of this collectivity in the domain of the question.
        let mut on_question = evaluation.obligations;
        on_question.sort_by_key(rank);
        for v in on_question {
            let on_theme = v.themes.iter().any(|t| themes.contains(t));
            let concerns = legal || v.status == Status::Applicable;
            if on_theme && concerns && !picked.iter().any(|p| p.id == v.id) {
                picked.push(v);
            }
        }
        if !legal {
            picked.truncate(MAX_VERDICTS_BESIDE);
        }
        picked
    }

    fn retrieve(
        &self,
        u: &Understanding,
        intent: &str,
        fiche: Option<u32>,
        text: &str,
        themes: &[String],
        profile: &Profile,
    ) -> Result<Retrieved<'_>, AskError> {
        let mut expansions = Vec::new();
        for &ord in &u.glossary {
            let g = &self.corpus.entries[ord];
            expansions.extend(g.term.iter().cloned());
            expansions.extend(g.expansion.iter().cloned());
            expansions.extend(g.synonyms.iter().flatten().cloned());
        }
        let has_subject =
            themes.iter().any(|t| !self.lexicon.is_broad_theme(t)) || !u.named.is_empty();
        if !has_subject {
            // "Que peut faire un PETR ?": the kind of collectivity is the subject.
            if let Some(c) = profile
                .kind
                .as_ref()
                .and_then(|k| self.corpus.collectivities.iter().find(|c| &c.id == k))
            {
                expansions.push(c.label.clone());
                expansions.extend(c.synonyms.iter().cloned());
            }
        }
        if matches!(intent, "acteurs" | "exemples") {
            // Partners and examples of the asker's own région first.
            expansions.extend(profile.region.iter().cloned());
        }
        // Entries tagged with the asker's type, or with the broader one ("epci").
        let levels: Vec<String> = profile
            .kind
            .iter()
            .flat_map(|k| {
                let broader = self.corpus.collectivities.iter().find(|c| &c.id == k);
                std::iter::once(k.clone()).chain(broader.and_then(|c| c.broader.clone()))
            })
            .collect();
        let request = SearchRequest {
            text: text.to_string(),
            expansions,
            themes: themes.to_vec(),
            territories: profile.territoire.iter().cloned().collect(),
            levels: levels.clone(),
            kinds: Vec::new(),
            fiche: if intent == "fiche" { fiche } else { None },
            limit: 80,
        };
        let mut hits = self.index.search(&request)?;
        // What the question names by its name comes first.
        let top = hits.first().map_or(1.0, |h| h.score);
        let named: Vec<Hit> = u
            .named
            .iter()
            .map(|&ord| Hit {
                ord,
                score: top * 1.2,
            })
            .collect();
        hits.retain(|h| !u.named.contains(&h.ord));
        // A broad theme ("l'ESS") tells nothing of the subject: no bonus for it.
        let subjects: Vec<&String> = themes
            .iter()
            .filter(|t| !self.lexicon.is_broad_theme(t))
            .collect();
        for h in hits.iter_mut() {
            let e = &self.corpus.entries[h.ord];
            if subjects.first().is_some_and(|t| e.themes.contains(t)) {
                h.score *= MAIN_THEME_BONUS;
            } else if subjects.iter().any(|t| e.themes.contains(t)) {
                h.score *= OTHER_THEME_BONUS;
            }
            if e.levels.iter().any(|l| levels.contains(l)) {
                h.score *= LEVEL_BONUS;
            } else if !levels.is_empty() && !e.levels.is_empty() {
                h.score *= OTHER_LEVEL_FACTOR;
            }
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        if !matches!(intent, "obligations" | "seuil" | "definition" | "fiche") {
            // Beside practical answers, a legal text must be on the question's subject, not
            // merely mention the ESS.
            hits.retain(|h| {
                let e = &self.corpus.entries[h.ord];
                !matches!(e.kind, Kind::Texte | Kind::Parametre)
                    || subjects.iter().any(|t| e.themes.contains(t))
            });
        }
        hits.splice(0..0, named);
        if intent == "fiche" && fiche.is_some() {
            // The fiche's own entries come first, in the order of the corpus.
            let all = self.index.search(&SearchRequest {
                text: String::new(),
                themes: Vec::new(),
                ..request.clone()
            });
            if let Ok(all) = all {
                hits.extend(all);
            }
            let n = fiche;
            hits.extend(
                self.corpus
                    .entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.source.fiche == n && e.source.document == "kit-municipal")
                    .map(|(ord, _)| Hit { ord, score: 0.0 }),
            );
        }
        // A whole fiche is wanted whole: no cut-off on weak matches.
        let cutoff = if intent == "fiche" {
            0.0
        } else {
            RELATIVE_CUTOFF
        };
        let found = hits
            .iter()
            .map(|h| self.corpus.entries[h.ord].id.as_str())
            .collect();
        Ok(Retrieved {
            items: self.diversify(hits, quotas(intent), profile, cutoff),
            found,
        })
    }

    /// Picks the best entries of each kind up to its quota, then orders them best first.
    /// Examples from the asker's kind of territory come before the others.
    fn diversify(
        &self,
        hits: Vec<Hit>,
        quotas: &[(Kind, usize)],
        profile: &Profile,
        cutoff: f32,
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
        // Far weaker matches are noise next to the best one.
        let best = picked.first().map_or(0.0, |p| p.1);
        picked.retain(|p| p.1 >= best * cutoff);
        picked
    }

    fn compose(
        &self,
        intent: &str,
        u: &Understanding,
        date: Date,
        themes: &[String],
        profile: &Profile,
        items: &[(&Entry, f32)],
    ) -> String {
        match intent {
            "aide" => return self.help_text(),
            "salutation" => {
                return format!(
                    "Bonjour ! Je réponds aux questions des collectivités sur l'économie sociale et solidaire : leviers d'action, exemples, cadre juridique, acteurs à contacter. Par exemple : {}",
                    EXAMPLE_QUESTION
                )
            }
            "remerciement" => {
                return "Avec plaisir. Une autre question sur l'ESS et l'action de votre collectivité ?".to_string()
            }
            "hors_sujet" if u.known_words == 0 => {
                return format!(
                    "Je n'ai pas compris la question. Reformulez-la en français, par exemple : {EXAMPLE_QUESTION}"
                )
            }
            "hors_sujet" => {
                return format!(
                    "Cette question sort du champ de ce que je connais : je réponds sur l'économie sociale et solidaire et l'action des collectivités locales, à partir du Kit Municipal ESS du RTES et de quatre autres documents. Thèmes couverts, par exemple : {}… (tapez « aide » pour la liste complète).",
                    self.theme_overview(8)
                )
            }
            _ => {}
        }
        if items.is_empty() {
            return format!(
                "Je n'ai rien trouvé dans le corpus qui réponde à cette question. Il couvre notamment : {}…",
                self.theme_overview(8)
            );
        }
        // "pourquoi ?" gives each entry in full; other answers give one sentence.
        let full = intent == "pourquoi";
        let mut out = String::new();
        let subject = self.subject_phrase(themes, profile);
        let line = |e: &Entry| -> String {
            let cite = self.corpus.citation(&e.source);
            if e.kind == Kind::Parametre {
                let statement = crate::french::parameter_statement(e, date, |doc| {
                    self.corpus.source(doc).map_or_else(
                        || doc.to_string(),
                        |s| format!("Le document « {} »", s.citation),
                    )
                });
                return format!("• {statement} ({cite})\n");
            }
            let text = if full {
                e.text.split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                first_sentence(&e.text, 220)
            };
            format!("• {} — {text} ({cite})\n", e.title)
        };
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
                if detail {
                    out.push_str(&line(e));
                } else {
                    let cite = self.corpus.citation(&e.source);
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
            "seuil" | "obligations" => {
                out.push_str(&format!(
                    "Ce que dit le droit au {}{subject}.\n\n",
                    crate::french::date(date)
                ));
                section(
                    "Valeurs légales en vigueur :",
                    Kind::Parametre,
                    &mut out,
                    true,
                );
            }
            "pourquoi" => out.push_str("En détail, avec les sources :\n\n"),
            // The list of examples carries the subject in its heading.
            "exemples" => {}
            "acteurs" => out.push_str(&format!("Acteurs à solliciter{subject}.\n\n")),
            "fiche" => {}
            _ => out.push_str(&format!("Pistes d'action{subject}.\n\n")),
        }
        if intent == "fiche" {
            section("Fiche :", Kind::Fiche, &mut out, true);
        }
        // What was asked for comes first.
        if intent == "exemples" {
            section(
                &format!("Exemples{subject} :"),
                Kind::Exemple,
                &mut out,
                true,
            );
            section("Leviers d'action :", Kind::Levier, &mut out, true);
        } else {
            section("Leviers d'action :", Kind::Levier, &mut out, true);
            section("Exemples :", Kind::Exemple, &mut out, true);
        }
        section("Cadre juridique :", Kind::Texte, &mut out, true);
        if !matches!(intent, "seuil" | "obligations") {
            section(
                "Valeurs légales en vigueur :",
                Kind::Parametre,
                &mut out,
                true,
            );
        }
        section("Acteurs :", Kind::Acteur, &mut out, true);
        if intent != "definition" {
            section("Définitions :", Kind::Glossaire, &mut out, true);
        }
        section("Chiffres :", Kind::Chiffre, &mut out, true);
        section("Indicateurs :", Kind::Indicateur, &mut out, true);
        section("Pour aller plus loin :", Kind::Ressource, &mut out, false);
        if intent != "fiche" {
            section("Fiches de référence :", Kind::Fiche, &mut out, false);
        }
        out.trim_end().to_string()
    }

    /// " pour la mobilité, en milieu rural, pour une commune" — what the answer is about.
    /// " — « mobilité », en milieu rural, pour une commune": what the answer is about, its
    /// two main themes at most (the broad one only when alone).
    fn subject_phrase(&self, themes: &[String], profile: &Profile) -> String {
        let mut parts = Vec::new();
        let named: Vec<&Vocable> = themes
            .iter()
            .filter_map(|t| self.corpus.themes.iter().find(|v| &v.id == t))
            .collect();
        let specific: Vec<&&Vocable> = named.iter().filter(|v| !v.broad).collect();
        let labels: Vec<String> = if specific.is_empty() {
            named.iter().map(|v| v.label.clone()).collect()
        } else {
            specific.iter().map(|v| v.label.clone()).collect()
        };
        let labels: Vec<String> = labels
            .iter()
            .take(2)
            .map(|l| format!("« {} »", crate::french::lower_first(l)))
            .collect();
        if !labels.is_empty() {
            parts.push(labels.join(" et "));
        }
        if let Some(t) = &profile.territoire {
            if let Some(v) = self.corpus.territories.iter().find(|v| &v.id == t) {
                parts.push(format!("en {}", v.label));
            }
        }
        if let Some(v) = profile
            .kind
            .as_ref()
            .and_then(|k| self.corpus.collectivity(k))
        {
            parts.push(match &v.indefinite {
                Some(phrase) => format!("pour {phrase}"),
                None => format!("pour une collectivité de type « {} »", v.label),
            });
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" — {}", parts.join(", "))
        }
    }

    /// The labels of the first `n` themes that are subjects of their own.
    fn theme_overview(&self, n: usize) -> String {
        self.corpus
            .themes
            .iter()
            .filter(|t| !t.broad)
            .take(n)
            .map(|t| crate::french::lower_first(&t.label))
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
            self.theme_overview(usize::MAX)
        )
    }
}

/// A question to show as an example of what the tool answers.
const EXAMPLE_QUESTION: &str = "« Quels leviers pour la mobilité en milieu rural ? »";

/// Greetings and thanks: answered as such, and no change to the conversation's subject.
fn is_politeness(intent: Option<&str>) -> bool {
    matches!(intent, Some("salutation" | "remerciement"))
}

/// Whether a question opens with "et" ("et pour une métropole ?", "et en 2021 ?").
fn starts_with_and(question: &str) -> bool {
    let folded = crate::analysis::fold(question);
    let mut words = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    words.next() == Some("et")
}
