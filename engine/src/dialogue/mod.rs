//! The conversational layer: one turn = understand the question, merge it with the context of
//! the conversation, retrieve a diverse set of entries, compose a cited French answer.
//!
//! In parts: this module decides a turn (what is asked, what carries over from the previous
//! turns); `retrieval` searches and ranks by the knobs of [`Ranking`]; `verdicts` picks the
//! legal verdicts that bear on the question; `compose` writes the answer's text.

mod compose;
mod retrieval;
mod verdicts;

use ess_corpus::{Corpus, Date, Entry, EntryId, Kind, ThemeId};

use retrieval::Retrieved;

use crate::answer::{join, Answer, Item, Section, SectionKind};
use crate::index::{IndexError, SearchIndex};
use crate::lexicon::Lexicon;
use crate::places::{self, PlaceRead};
use crate::profile::Profile;
use crate::ranking::Ranking;
use crate::render;
use crate::rules::Rulebook;
use crate::understand::{understand, Understanding};
use crate::verdict::Status;

/// Longest question accepted, in characters.
pub const MAX_QUESTION_CHARS: usize = 10_000;

/// At most this many words, a question that names only a new theme narrows the conversation's
/// term (« des exemples dans la culture ? ») rather than changing the subject.
const NARROWING_WORDS: usize = 8;

/// A yes/no question is a legal one when a text or a value is among this many best matches.
const LEGAL_REACH: usize = 3;

/// What a conversation remembers between turns. `Default` is a fresh conversation.
///
/// It serialises (serde, e.g. to JSON) so that an application can hold it for its user between
/// requests, or store it, and give it back for the next turn: a conversation read back
/// continues as the original would. Missing fields read as a fresh conversation's.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Conversation {
    profile: Profile,
    themes: Vec<ThemeId>,
    /// The text that carried the subject (the last question that named one).
    subject: String,
    /// The glossary terms the subject names (« SCIC »), kept when a short follow-up only
    /// narrows it to a theme (« des exemples dans la culture ? »).
    terms: Vec<EntryId>,
    intent: Option<String>,
    /// The date a turn asked about ("et en 2021 ?"), kept for the follow-ups of that subject.
    date: Option<Date>,
    last_items: Vec<EntryId>,
    /// Whether the subject was asked as a yes/no question: « et si c'est 30 000 € ? » then
    /// gets its « Oui » or « Non » too.
    yes_no: bool,
    /// Communes of one name the last turn could not tell apart, waiting for a département.
    #[serde(with = "crate::places::saved_homonyms")]
    homonyms: Option<PlaceRead>,
    /// The themes and subject before a fragment narrowed the term to a theme (« SCIC ? »
    /// before « des exemples dans la culture ? »): « et combien il y en a en France ? »
    /// widens back to them.
    #[serde(default)]
    before_narrowing: Option<(Vec<ThemeId>, String)>,
    /// The rules the last legal answer gave verdicts of: « et si c'est 20 000 ? » weighs the
    /// same ones again with the new fact.
    #[serde(default)]
    last_verdicts: Vec<ess_corpus::RuleId>,
    /// The objects (a subsidy, a contract: `object` in `faits.toml`) the conversation named:
    /// « il fait 45 000 € HT » after « le marché de nettoyage » is that contract's value.
    #[serde(default)]
    named_objects: Vec<String>,
    /// Whether the date asked was a year (« et en 2020 ? »), answered on its first day.
    #[serde(default)]
    date_is_a_year: bool,
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

    /// A conversation that starts from a known profile (an application that knows its user).
    pub fn with_profile(profile: Profile) -> Conversation {
        Conversation {
            profile,
            ..Conversation::default()
        }
    }

    /// Replaces what is known of the asker (the REPL's `:profil`).
    pub fn set_profile(&mut self, profile: Profile) {
        self.profile = profile;
    }

    /// Ids of the items of the last answer.
    pub fn last_items(&self) -> &[EntryId] {
        &self.last_items
    }
}

/// Why a question got no answer. Messages are for the user, in French.
#[derive(Debug, thiserror::Error)]
pub enum AskError {
    /// Nothing but spaces.
    #[error("la question est vide")]
    EmptyQuestion,
    /// Longer than [`MAX_QUESTION_CHARS`] characters (the length given).
    #[error("la question est trop longue ({0} caractères, au plus {max}) : reformulez-la plus brièvement", max = MAX_QUESTION_CHARS)]
    TooLong(usize),
    /// The date given is not a real day written `AAAA-MM-JJ`.
    #[error("date « {0} » invalide : {reason}", reason = .1.reason())]
    BadDate(String, ess_corpus::DateError),
    /// The search failed.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// The parts of an engine a turn reads.
pub(crate) struct Dialogue<'e> {
    pub corpus: &'e Corpus,
    pub index: &'e SearchIndex,
    pub lexicon: &'e Lexicon,
    pub rules: &'e Rulebook,
    pub ranking: &'e Ranking,
}

impl Dialogue<'_> {
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
        // « fiche 99 »: a number the kit has no fiche for is said back, not searched.
        let kit = self.corpus.fiches_of("kit-municipal");
        let missing_fiche = u.fiche.filter(|n| !kit.iter().any(|(f, _)| f == n));
        if let (Some(n), Some((first, _)), Some((last, _))) =
            (missing_fiche, kit.first(), kit.last())
        {
            u.fiche = None;
            u.missing_fiche = Some(n);
            u.notices.push(format!(
                "le Kit Municipal ESS n'a pas de fiche {n} : ses fiches sont numérotées de {first} à {last}."
            ));
        }
        if is_politeness(u.intent.as_deref()) && (u.has_subject() || !u.profile.is_empty()) {
            // "Bonjour, quels leviers pour la mobilité ?" is a question, greeting aside.
            u.intent = None;
        }
        // « dans le Rhône » after « Il existe 12 communes nommées Sainte-Colombe » settles it.
        if u.place.is_none() {
            if let Some(PlaceRead::Homonyms { communes, .. }) = &conversation.homonyms {
                // « 69 » alone answers « dans quel département ? ».
                let bare = question
                    .trim()
                    .trim_end_matches(['.', '?', '!'])
                    .trim()
                    .to_uppercase();
                let departement = u.profile.departement.clone().or(Some(bare));
                let settled = places::named_among(question, communes)
                    .or_else(|| places::narrow(communes, departement.as_deref()))
                    .filter(|p| matches!(p, PlaceRead::Commune(_)));
                if let Some(place @ PlaceRead::Commune(_)) = settled {
                    places::fill(&mut u.profile, &place, true);
                    u.place = Some(place);
                    u.place_is_stated = true;
                }
            }
        }
        places::switch_to_epci(&mut u.profile, &conversation.profile);
        // « … financer la fête de village d'une commune ? », asked by a département: the
        // commune is whom the asker would fund, not the asker.
        if let (Some(asker), Some(named)) = (&conversation.profile.kind, &u.profile.kind) {
            if asker != named
                && !starts_with_and(question)
                && self.named_only_as_another(question, named)
            {
                u.profile.kind = None;
            }
        }
        conversation.homonyms = match &u.place {
            Some(place @ PlaceRead::Homonyms { .. }) => Some(place.clone()),
            Some(_) => None,
            None => conversation.homonyms.take(),
        };
        let has_context = !conversation.subject.is_empty();
        // "et pour un SIEG ?": a new word, but the same question about it.
        let continues = has_context && starts_with_and(question);
        let follows_up = (!u.has_subject() || continues) && has_context;
        // « il fait 45 000 € HT » points back to the contract of the last turn, whatever
        // subject it names besides; « une association nous demande 20 000 € pour son projet »
        // is a new question.
        if follows_up || (has_context && says_the_amount_of_it(question)) {
            self.amount_of_the_current_object(conversation, &mut u);
        }
        for o in &u.named_objects {
            if !conversation.named_objects.contains(o) {
                conversation.named_objects.push(o.clone());
            }
        }
        // « … on peut se passer de publicité ? » about a stated amount asks yes or no too.
        let asks_yes_no = compose::is_yes_no(question)
            || (!u.stated_numbers.is_empty() && compose::asks_whether_allowed(question))
            || ((!u.stated_numbers.is_empty() || !u.profile.is_empty())
                && compose::asks_of_a_term(question)
                // « exemple de …, dans le Calvados ? » asks for examples, not yes or no.
                && !matches!(
                    u.intent.as_deref(),
                    Some("exemples" | "acteurs" | "ressources" | "chiffres" | "definition" | "fiche")
                ));
        // « SCIC ? » then « des exemples dans la culture ? » (or « et dans la culture ? »,
        // « comment on finance ça ? »): a short fragment that names only a theme the conversation has not met narrows the
        // term it is about, rather than leaving it. A full question (« quels leviers pour la
        // mobilité ? ») or one that names a term, a name or a fiche of its own starts afresh.
        let narrows = has_context
            && (continues || is_elliptical(question) || refers_back(question))
            && !conversation.terms.is_empty()
            && !u.themes.is_empty()
            && u.glossary.is_empty()
            && u.named.is_empty()
            && u.fiche.is_none()
            && u.profile.is_empty()
            && question.split_whitespace().count() <= NARROWING_WORDS
            && u.themes.iter().all(|t| !conversation.themes.contains(t));
        // « SCIC ? » then « des exemples ? »: a follow-up is still about the same terms, and
        // says so. Only a narrowing one searches with them again: a plain follow-up's text
        // already holds them.
        if narrows || (follows_up && u.glossary.is_empty()) {
            // Only the terms the conversation wrote (« SCIC »), not those a word happened to
            // name (« commune » for « bloc communal »).
            let said = crate::analysis::fold(&conversation.subject);
            u.carried_terms = conversation
                .terms
                .iter()
                .filter_map(|id| self.corpus.position(id))
                .filter(|&ord| {
                    self.corpus
                        .entry_at(ord)
                        .and_then(|e| e.term.as_deref())
                        .is_some_and(|t| said.contains(&crate::analysis::fold(t)))
                })
                .collect();
        }
        if narrows {
            u.glossary = u.carried_terms.clone();
        }
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
            conversation.date_is_a_year = !this_year && !u.date_is_a_day;
        } else if !follows_up {
            conversation.date_is_a_year = false;
        }
        let today = date;
        let date = conversation.date.unwrap_or(date);
        let mut intent = u
            .intent
            .clone()
            .or_else(|| follows_up.then(|| conversation.intent.clone()).flatten())
            .unwrap_or_else(|| "leviers".to_string());
        if u.intent.is_none() && follows_up && intent == "definition" && !u.profile.is_empty() {
            // « c'est quoi une CRESS ? » then « et en Normandie ? »: who, there; « et pour une
            // commune ? »: what it can do.
            let somewhere = u.profile.region.is_some() || u.profile.departement.is_some();
            intent = if somewhere { "acteurs" } else { "leviers" }.to_string();
        }
        if u.intent.is_none() && follows_up && intent == "definition" && asks_yes_no {
            // « les marchés réservés c'est quoi ? » then « une commune peut-elle en passer ? »:
            // the same subject, but what the asker may do, not the definition again.
            intent = "leviers".to_string();
        }
        if u.intent.is_none()
            && !u.stated_numbers.is_empty()
            && says_any(question, &ASKS_WHAT_IS_NEEDED)
        {
            // « on verse 30 000 € à l'asso, il faut quoi ? »: what the law asks of that
            // subsidy (« il faut quoi comme partenaires ? » with no amount asks for partners).
            intent = "obligations".to_string();
        }
        if intent == "chiffres" && self.names_a_legal_value(question) {
            // « de minimis SIEG combien ? »: the value in force of a ceiling the question
            // names, not the figures of the documents.
            intent = "seuil".to_string();
        }
        if u.intent.is_none() && u.fiche.is_some() {
            // « fiche 16 ? » with no other cue asks for the fiche itself.
            intent = "fiche".to_string();
        }
        if u.intent.is_none()
            && !follows_up
            && !asks_yes_no
            && !u.glossary.is_empty()
            && u.words_beside_terms == 0
            && u.named.is_empty()
            && u.profile.is_empty()
        {
            // "SPASER ?", "CAE ?", "Charte des engagements réciproques ?": a term alone asks
            // what it is.
            intent = "definition".to_string();
        }
        // The kind of the first entry the question names by its name.
        let first_named = u
            .named
            .first()
            .and_then(|&ord| Some(self.corpus.entry_at(ord)?.kind));
        if u.intent.is_none() && !follows_up && u.glossary.is_empty() && u.themes.is_empty() {
            // « eusko bayonne », « Dromolib ? »: a name alone asks about what it names.
            match first_named {
                Some(Kind::Exemple) => intent = "exemples".to_string(),
                Some(Kind::Acteur) => intent = "acteurs".to_string(),
                Some(Kind::Ressource) => intent = "ressources".to_string(),
                _ => {}
            }
        }
        if u.intent.is_none()
            && !follows_up
            && !asks_yes_no
            && !u.glossary.is_empty()
            && question.split_whitespace().count() <= 8
            && first_named == Some(Kind::Exemple)
            && u.named_alone.first() == u.named.first()
        {
            // « espace partagé géré en SCIC à L'Île-Saint-Denis ? »: a term said of what one
            // example names, in a few words, asks about that example.
            intent = "exemples".to_string();
        }
        if intent == "exemples" && asks_if_known(question) {
            // « vous connaissez le RTES ? », « … le SPASER ? »: what is named says what is
            // asked; « une association qui …, vous connaissez ? » asks for examples.
            match first_named {
                Some(Kind::Acteur) => intent = "acteurs".to_string(),
                Some(Kind::Ressource) => intent = "ressources".to_string(),
                // « vous connaissez le SPASER ? »: a term, asked of in a few words.
                None if !u.glossary.is_empty() && question.split_whitespace().count() <= 6 => {
                    intent = "definition".to_string()
                }
                _ => {}
            }
        }
        if u.intent.is_none() && !u.stated_numbers.is_empty() && asks_yes_no {
            // « notre interco peut-elle détenir 60 % du capital d'une SCIC ? »: a yes/no
            // question on a stated amount or share asks what the law allows: whether the
            // amount is within a threshold when it asks what one may do, else what one must.
            intent = if compose::asks_whether_allowed(question) {
                "seuil"
            } else {
                "obligations"
            }
            .to_string();
        }
        // « Je suis maire de Bréhal », « bonjour, nous sommes une commune rurale de 2 000
        // habitants »: who asks, and nothing asked yet.
        let states_only_the_asker = !has_context
            && u.intent.is_none()
            && !u.has_subject()
            && !u.profile.is_empty()
            && u.place.as_ref().is_none_or(|_| u.place_is_stated)
            && u.stated_numbers.is_empty()
            && u.date.is_none()
            && is_elliptical(question);
        if states_only_the_asker {
            intent = "profil".to_string();
        }
        if intent == "pourquoi" && !follows_up {
            // "Pourquoi soutenir l'ESS ?" asks for reasons, not for the previous answer's.
            intent = "leviers".to_string();
        }
        // A place named in passing (« demain à Caen ») does not make a question about the asker.
        let profile_stated = !u.profile.is_empty() && (u.place.is_none() || u.place_is_stated);
        let states_something =
            u.has_subject() || profile_stated || u.intent.is_some() || u.date.is_some();
        if !has_context && !states_something {
            intent = if missing_fiche.is_some() {
                "fiche".to_string()
            } else {
                "hors_sujet".to_string()
            };
        }
        // A subject the documents do not treat is said to be outside them, even when the
        // question shares a word with some lever (« taxe foncière », « permis de construire »).
        u.out_of_scope = crate::scope::outside(self.corpus, question).map(|s| s.label.clone());
        // A question with no subject of its own that uses words the documents never use
        // (« déneigement », « DETR ») is about something they do not treat: said plainly,
        // rather than levers that share a common word with it.
        // A question that states a subsidy, a contract or an aid (« on verse 30 000 € à l'asso
        // du foot ») has the law for its subject, whatever else it names.
        let specific_subject = u.themes.iter().any(|t| !self.lexicon.is_broad_theme(t))
            || !u.glossary.is_empty()
            || !u.named.is_empty()
            || u.fiche.is_some()
            || !u.named_objects.is_empty()
            || !u.stated_numbers.is_empty();
        // Nor does one whose words the documents never use make a third or more of it, two
        // words at least (« le terrain de foot synthétique »): a theme one word brings is not
        // enough to make it a question of theirs.
        let mostly_unknown =
            u.unknown_words.len() >= 2 && 3 * u.unknown_words.len() >= u.word_count;
        // A follow-up is read in the light of the conversation, unless it is a whole question
        // of its own that points nowhere back (« comment gérer les horaires de la piscine
        // municipale ? » after « c koi une cae »).
        let stands_alone = !continues && !is_elliptical(question) && !refers_back(question);
        if u.out_of_scope.is_none()
            && (!follows_up || stands_alone)
            && (!specific_subject || mostly_unknown)
            && !u.unknown_words.is_empty()
            && !matches!(
                intent.as_str(),
                "aide" | "salutation" | "remerciement" | "fiche" | "hors_sujet"
            )
        {
            let phrases = in_runs(question, &u.unknown_words);
            u.out_of_scope = Some(format!("de « {} »", phrases.join(" », « ")));
        }
        if u.out_of_scope.is_some() {
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
        // « SCIC ? », « des exemples dans la culture ? », then « et combien il y en a en
        // France ? »: the whole country widens the narrowed term back to what it was.
        if follows_up && u.themes.is_empty() && widens_to_the_country(question) {
            if let Some((themes, subject)) = conversation.before_narrowing.take() {
                conversation.themes = themes;
                conversation.subject = subject;
            }
        }
        // The state before the first narrowing: « et dans l'alimentation ? » after « … dans la
        // culture ? » narrows the same term again.
        if narrows {
            if conversation.before_narrowing.is_none() {
                conversation.before_narrowing =
                    Some((conversation.themes.clone(), conversation.subject.clone()));
            }
        } else if !follows_up {
            conversation.before_narrowing = None;
        }
        // « et pour l'alimentation ? » after a mobility answer: a theme the conversation has
        // not met replaces the subject; the profile, the intent and the date stay.
        // A broad theme (« l'ESS ») shifts nothing.
        let specific_themes: Vec<&ThemeId> = u
            .themes
            .iter()
            .filter(|t| !self.lexicon.is_broad_theme(t))
            .collect();
        let shifts_theme = continues
            && !specific_themes.is_empty()
            && specific_themes
                .iter()
                .all(|t| !conversation.themes.contains(t));
        // The narrowed term stays in the subject its follow-ups are searched with.
        let narrowed = || {
            let terms: Vec<&str> = u
                .glossary
                .iter()
                .filter_map(|&ord| self.corpus.entry_at(ord)?.term.as_deref())
                .collect();
            format!("{} {question}", terms.join(" "))
        };
        if shifts_theme {
            conversation.themes = u.themes.clone();
            conversation.subject = if narrows {
                narrowed()
            } else {
                question.to_string()
            };
        } else if continues {
            for t in &u.themes {
                if !conversation.themes.contains(t) {
                    conversation.themes.push(t.clone());
                }
            }
        }
        if !follows_up {
            // « une commune rurale » makes rurality a subject only when nothing specific is:
            // « l'économie circulaire dans une comcom rurale » is about waste, in the
            // countryside (the territory still favours rural examples).
            conversation.themes = u.themes.clone();
            if u.themes.iter().all(|t| self.lexicon.is_broad_theme(t)) {
                for t in &u.implied_themes {
                    if !conversation.themes.contains(t) {
                        conversation.themes.push(t.clone());
                    }
                }
            }
            conversation.subject = if matches!(
                intent.as_str(),
                "hors_sujet" | "aide" | "salutation" | "remerciement" | "profil"
            ) {
                String::new()
            } else if narrows {
                narrowed()
            } else {
                question.to_string()
            };
            conversation.terms = u
                .glossary
                .iter()
                .filter_map(|&ord| Some(self.corpus.entry_at(ord)?.id.clone()))
                .collect();
        } else {
            for e in u
                .glossary
                .iter()
                .filter_map(|&ord| self.corpus.entry_at(ord))
            {
                let id = &e.id;
                if !conversation.terms.contains(id) {
                    conversation.terms.push(id.clone());
                }
            }
        }
        if intent != "pourquoi" && !is_politeness(Some(&intent)) {
            conversation.intent = Some(intent.clone());
        }
        if follows_up && !shifts_theme && conversation.subject.len() < 2_000 {
            // "et sans publicité ?" then "et au 1er janvier 2025 ?": each follow-up adds to
            // what the conversation is about.
            conversation.subject = format!("{} {}", conversation.subject, question);
        }
        let profile = conversation.profile.clone();
        let themes = conversation.themes.clone();

        // A follow-up's own words weigh more than the conversation's: « on ne trouve personne
        // pour porter le projet » after an épicerie asks about carriers, on that subject.
        let own_words = crate::french::content_words(question).len();
        // « et … », « pour l'écrire, … » lean on what was said: their words come with it.
        let (text, context) = if follows_up && !continues && !shifts_theme && own_words >= 3 {
            (question.to_string(), conversation.subject.clone())
        } else if follows_up && !shifts_theme {
            (
                format!("{} {}", conversation.subject, question),
                String::new(),
            )
        } else if narrows {
            (conversation.subject.clone(), String::new())
        } else {
            (question.to_string(), String::new())
        };
        let Retrieved { items, found } = match intent.as_str() {
            "aide" | "hors_sujet" | "salutation" | "remerciement" | "profil" => {
                Retrieved::default()
            }
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
            // « fiche 99 » alone: the kit's fiches, to choose from.
            "fiche" if fiche.is_none() && u.missing_fiche.is_some() => {
                let items: Vec<(&Entry, f32)> =
                    kit.iter()
                        .filter_map(|(n, _)| {
                            self.corpus.entries_of_fiche(*n).map(|(_, e)| e).find(|e| {
                                e.kind == Kind::Fiche && e.source.document == "kit-municipal"
                            })
                        })
                        .map(|e| (e, 0.0))
                        .collect();
                let found = items.iter().map(|(e, _)| e.id.as_str()).collect();
                Retrieved { items, found }
            }
            _ => self.retrieve(&u, &intent, fiche, (&text, &context), &themes, &profile)?,
        };
        conversation.last_items = items.iter().map(|(e, _)| e.id.clone()).collect();

        // "pourquoi ?" after a legal question is still about the law.
        // « Un marché de travaux de 80 000 € peut-il être passé sans publicité ? »: a yes/no
        // question that states an amount or a count asks what the law says of it.
        // « Peut-on passer un marché de travaux sans publicité ? »: a yes/no question whose
        // best match is a legal text or value asks what the law allows.
        let law_ranked_first = found.iter().take(LEGAL_REACH).any(|id| {
            self.corpus
                .entry(id)
                .is_some_and(|e| matches!(e.kind, Kind::Texte | Kind::Parametre))
        });
        // « l'emploi de l'ESS a-t-il progressé ? » is answered by figures, not by the law.
        let asks_figures = matches!(intent.as_str(), "chiffres" | "indicateurs");
        // « des associations peuvent-elles nous conseiller ? » asks who, not what the law says.
        let asks_for_people_or_reading =
            matches!(intent.as_str(), "acteurs" | "exemples" | "ressources");
        let legal = matches!(intent.as_str(), "obligations" | "seuil")
            // « un département peut-il aider une entreprise ? »: what this asker may or must do.
            || ((!u.stated_numbers.is_empty() || law_ranked_first || !u.profile.is_empty())
                && asks_yes_no
                && !matches!(intent.as_str(), "aide" | "hors_sujet" | "definition")
                && !asks_figures
                && !asks_for_people_or_reading)
            || (intent == "pourquoi"
                && matches!(
                    conversation.intent.as_deref(),
                    Some("obligations" | "seuil")
                ));
        // « et si c'est 30 000 € ? » after « … convention obligatoire ? », « on achète pour
        // 60 millions par an » after « faut-il un SPASER ? »: a new fact for the same yes/no
        // question.
        let gives_a_fact =
            !u.stated_numbers.is_empty() || !u.profile.is_empty() || u.date.is_some();
        let yes_no = (asks_yes_no && !asks_figures && !asks_for_people_or_reading)
            || (follows_up && conversation.yes_no && gives_a_fact);
        if !follows_up || gives_a_fact {
            conversation.yes_no = yes_no;
        }
        // « avec 55 M€ d'achats, notre ville était-elle tenue d'adopter un SPASER ? » names
        // no cue of the law, yet asks what it requires: said so to programs, and remembered
        // for « pourquoi ? ».
        if legal && intent == "leviers" {
            intent = "obligations".to_string();
            conversation.intent = Some(intent.clone());
        }
        // The verdicts on what the question names (« un marché de travaux »), stated with a
        // number or not, come first.
        let mut asked_facts = u.stated_numbers.clone();
        // « et si on a 40 agents ? »: a follow-up that changes a fact of the asker asks what
        // that changes, including what no longer applies.
        let changed = if follows_up {
            u.profile.known_fields()
        } else {
            Vec::new()
        };
        for f in u.named_objects.iter().chain(&changed) {
            if !asked_facts.contains(f) {
                asked_facts.push(f.clone());
            }
        }
        // « notre comcom n'a pas pris la compétence mobilité : sommes-nous AOM ? »: the rules
        // on that competence answer.
        for c in &u.profile.competences {
            let id = c.strip_prefix("sans:").unwrap_or(c);
            asked_facts.push(format!("has:{id}"));
        }
        let rest = legal && says_any(question, &ASKS_FOR_THE_REST);
        // « pour une région, la conférence régionale de l'ESS c'est obligatoire ? » has no
        // theme of its own, but names a rule: its themes are the question's subject.
        let named_rule_themes = if rest || themes.iter().any(|t| !self.lexicon.is_broad_theme(t)) {
            Vec::new()
        } else {
            self.themes_of_the_rule_named(question)
        };
        let verdict_themes: &[ThemeId] = if rest {
            &[]
        } else if !named_rule_themes.is_empty() {
            &named_rule_themes
        } else {
            &themes
        };
        let obligations = self.relevant_verdicts(
            &intent,
            legal,
            &profile,
            date,
            verdict_themes,
            &u.fact_themes,
            &items,
            &found,
            &asked_facts,
        );
        // « on verse 30 000 € à l'asso » is about that subsidy: a verdict that waits only for
        // the value of another object the question does not name (a works contract) is not
        // part of its answer.
        let cues = &self.lexicon.quantity_cues;
        let (obligations, beside): (Vec<crate::Verdict>, Vec<crate::Verdict>) =
            obligations.into_iter().partition(|v| {
                u.stated_numbers.is_empty()
                    || v.status != Status::Depend
                    || !v
                        .missing
                        .iter()
                        .all(|m| cues.is_object(m) && !u.named_objects.contains(m))
            });
        // Nor are the values those verdicts would have read (the works threshold).
        let items = without_values_of(&items, &beside);
        // « et si c'est 20 000 ? », « et en 2019 ? » after a legal answer: the same verdicts,
        // weighed again with the new fact, then any other that tests it.
        let only_a_new_fact = follows_up && gives_a_fact && u.themes.is_empty() && !u.has_subject();
        let obligations = if only_a_new_fact && !conversation.last_verdicts.is_empty() {
            let all = crate::evaluate(self.corpus, self.rules, &profile, date).obligations;
            let mut again: Vec<crate::Verdict> = conversation
                .last_verdicts
                .iter()
                .filter_map(|id| {
                    obligations
                        .iter()
                        .chain(&all)
                        .find(|v| &v.id == id)
                        .cloned()
                })
                .collect();
            for v in obligations {
                let tests_it = self.tests_stated_fact(&v.id, &asked_facts);
                if tests_it && !again.iter().any(|a| a.id == v.id) {
                    again.push(v);
                }
            }
            again
        } else {
            obligations
        };
        if !obligations.is_empty() {
            conversation.last_verdicts = obligations.iter().map(|v| v.id.clone()).collect();
        } else if !follows_up {
            conversation.last_verdicts.clear();
        }
        // Which of several communes comes before any fact a verdict waits for.
        let follow_up = u
            .place
            .as_ref()
            .and_then(places::which_departement)
            .or_else(|| {
                obligations
                    .iter()
                    .find(|v| v.status == Status::Depend)
                    .and_then(|v| {
                        let fact = v.missing.first()?;
                        Some(render::question_for_verdict(self.corpus, v, fact))
                    })
            });
        // A value a verdict states (with its text) is not listed again among the values.
        let stated_by_verdicts = without_values_of(&items, &obligations);
        let direct = self.direct_answer(
            question,
            &intent,
            date,
            &obligations,
            &items,
            &found,
            &asked_facts,
            &u.profile.known_fields(),
            &themes,
            yes_no,
        );
        let answered_by_law = direct.is_some() && !obligations.is_empty();
        // What the question names by its own name is said first when nothing answers it more
        // directly.
        let said = direct.is_none().then(|| {
            (!matches!(
                intent.as_str(),
                "aide"
                    | "hors_sujet"
                    | "salutation"
                    | "remerciement"
                    | "profil"
                    | "fiche"
                    | "exemples"
            ))
            .then(|| {
                // « Opale ? », « wweeddo »: the list of partners or resources already opens
                // on the entry named; said once.
                let listed_first = match intent.as_str() {
                    "acteurs" => Some(Kind::Acteur),
                    "ressources" => Some(Kind::Ressource),
                    _ => None,
                };
                let named_is_listed = u.named_alone.first().is_some_and(|&ord| {
                    self.corpus
                        .entry_at(ord)
                        .is_some_and(|e| Some(e.kind) == listed_first)
                });
                (!named_is_listed)
                    .then(|| self.named_said(question, &u.named_alone))
                    .flatten()
                    .or_else(|| self.who_said(question, &items))
            })
            .flatten()
        });
        let (direct, said_entry) = match said.flatten() {
            Some((text, entry)) => (Some(text), Some(&entry.id)),
            None => (direct, None),
        };
        // The entry the answer opens on is not repeated in the list below it.
        let listed: Vec<(&Entry, f32)> = stated_by_verdicts
            .into_iter()
            .filter(|(e, _)| Some(&e.id) != said_entry)
            .collect();
        let mut sections = self.compose(&intent, &u, date, &themes, &profile, &listed);
        if !obligations.is_empty() {
            // The law answers a legal question first; beside a practical answer (levers,
            // examples) it comes after what was asked for.
            let first = legal || direct.is_some();
            let at = if date == today {
                String::new()
            } else {
                format!(" en vigueur au {}", crate::french::date(date))
            };
            let heading = if first {
                format!("Réponse au regard du droit{at} :")
            } else {
                format!("À savoir, au regard du droit{at} :")
            };
            let explain = intent == "pourquoi";
            // What the direct answer said after its « Oui. » or « Non. ».
            let said = direct
                .as_deref()
                .map(|d| {
                    d.strip_prefix("Oui. ")
                        .or_else(|| d.strip_prefix("Non. "))
                        .unwrap_or(d)
                })
                .unwrap_or_default();
            let verdicts = render::verdicts_text(self.corpus, &obligations, explain, said);
            let mut law = Section::headed(SectionKind::Droit, heading, &[verdicts]);
            law.verdicts = obligations.iter().map(|v| v.id.clone()).collect();
            if first {
                sections.insert(0, law);
            } else {
                sections.push(law);
            }
        }
        if let Some(direct) = &direct {
            let mut reponse = Section::text(SectionKind::Reponse, direct.clone());
            reponse.items = said_entry.cloned().into_iter().collect();
            sections.insert(0, reponse);
        }
        let recognised = u
            .place
            .as_ref()
            .filter(|_| u.place_is_stated || intent != "hors_sujet");
        if let Some(line) = recognised.and_then(places::recognised) {
            sections.insert(0, Section::text(SectionKind::Lieu, line));
        }
        // Old names: those the question uses are answered first, in full; those the answer
        // only quotes get their current name in brief, at the end. JSON has every notice.
        let renamed = crate::renamings::met(self.corpus, question, &join(&sections));
        let mut notices: Vec<String> = u.notices.clone();
        let mut first: Vec<String> = u.notices.clone();
        for (r, asked) in &renamed {
            notices.push(crate::renamings::notice(r));
            if *asked {
                first.push(crate::renamings::notice(r));
            }
        }
        // « et en 2020 ? » is answered on 1 January; a value stated that changed later that
        // year is said, with its days.
        if conversation.date_is_a_year {
            // The value the answer opens on, and those its first verdict reads.
            let stated: Vec<&str> = items
                .iter()
                .take(5)
                .find(|(e, _)| e.kind == Kind::Parametre)
                .map(|(e, _)| e.id.as_str())
                .into_iter()
                .chain(
                    obligations
                        .iter()
                        .take(1)
                        .flat_map(|v| v.parameters.iter().map(|p| p.id.as_str())),
                )
                .collect();
            let mut said: Vec<&str> = Vec::new();
            for id in stated {
                if said.contains(&id) {
                    continue;
                }
                said.push(id);
                let change = self
                    .corpus
                    .entry(id)
                    .and_then(|e| crate::french::changes_in_year(e, date.year()));
                if let Some(change) = change {
                    let line = format!("{}.", crate::french::upper_first(&change));
                    notices.push(line.clone());
                    first.push(line);
                }
            }
        }
        if let Some(why) = &u.date_problem {
            let said = format!(
                "{} ; je réponds au {}.",
                crate::french::upper_first(why),
                crate::french::date(date)
            );
            notices.push(said.clone());
            first.push(said);
        }
        let texts = render::official_texts(self.corpus, &obligations, date);
        if !texts.is_empty() {
            let lines: Vec<String> = texts.iter().map(|t| t.bullet()).collect();
            sections.push(Section::text(
                SectionKind::TextesOfficiels,
                format!("Textes officiels :\n{}", lines.join("\n")),
            ));
        }
        let quoted: Vec<String> = renamed
            .iter()
            .filter(|(_, asked)| !asked)
            .map(|(r, _)| crate::renamings::current_name(r))
            .collect();
        if !quoted.is_empty() {
            sections.push(Section::text(
                SectionKind::NomsActuels,
                format!(
                    "Noms actuels des organismes cités : {}.",
                    quoted.join(" ; ")
                ),
            ));
        }
        if !first.is_empty() {
            let said: Vec<String> = first.iter().map(|n| format!("À noter : {n}")).collect();
            sections.insert(0, Section::text(SectionKind::ANoter, said.join("\n")));
        }
        let answers_the_asker = !matches!(
            intent.as_str(),
            "aide" | "hors_sujet" | "salutation" | "remerciement"
        );
        let facts = render::profile_summary(self.corpus, &profile);
        if answers_the_asker && !facts.is_empty() {
            sections.push(Section::text(
                SectionKind::Faits,
                format!("Faits retenus : {}.", facts.join(" ; ")),
            ));
        }
        if let Some(q) = &follow_up {
            sections.push(Section::text(
                SectionKind::Precision,
                format!("Pour préciser : {q}"),
            ));
        }
        // The texts the direct answer rests on are the answer's first sources.
        let items = if answered_by_law {
            self.basis_first(items, &obligations[0], date)
        } else {
            items
        };
        Ok(Answer {
            question: question.to_string(),
            date,
            intent,
            profile,
            themes,
            text: join(&sections),
            sections,
            items: items
                .iter()
                .map(|(e, score)| Item::new(self.corpus, e, *score))
                .collect(),
            obligations,
            follow_up,
            notices,
        })
    }
}

impl Dialogue<'_> {
    /// The themes of the one rule whose title (asides left out) shares most content words
    /// with the question, two at least; none when two rules tie.
    fn themes_of_the_rule_named(&self, question: &str) -> Vec<ThemeId> {
        let asked = crate::french::content_words(question);
        let named = |title: &str| {
            let mut words = crate::french::content_words(&compose::without_asides(title));
            words.sort_unstable();
            words.dedup();
            words.iter().filter(|w| asked.contains(w)).count()
        };
        let mut scored: Vec<(usize, &ess_corpus::Rule)> = self
            .corpus
            .rules
            .iter()
            .filter(|r| r.kind != ess_corpus::RuleKind::Levier)
            .map(|r| (named(&r.title), r))
            .collect();
        scored.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
        match scored.as_slice() {
            [(best, rule), rest @ ..]
                if *best >= 2 && rest.first().is_none_or(|(n, _)| n < best) =>
            {
                rule.themes.clone()
            }
            _ => Vec::new(),
        }
    }

    /// Whether every mention of a collectivity type in the question is the complement of a
    /// noun (« la fête de village d'une commune », « les associations du département »), not
    /// the asker (« notre commune », « pour une commune »).
    fn named_only_as_another(&self, question: &str, kind: &str) -> bool {
        const OF: [&str; 6] = ["d une", "d un", "de la", "du", "des", "de"];
        // « maire de la commune », « élue du département »: the asker after all.
        const ROLES: [&str; 14] = [
            "maire",
            "mairie",
            "elu",
            "elue",
            "elus",
            "adjoint",
            "adjointe",
            "conseiller",
            "conseillere",
            "president",
            "presidente",
            "dgs",
            "secretaire",
            "agent",
        ];
        let Some(c) = self.corpus.collectivities.iter().find(|c| c.id == kind) else {
            return false;
        };
        let asked = crate::analysis::padded(question);
        let mut mentions = 0;
        for name in std::iter::once(&c.label).chain(&c.synonyms) {
            let name = crate::analysis::padded(name);
            for (at, _) in asked.match_indices(name.as_str()) {
                mentions += 1;
                let before = asked[..at + 1].trim_end();
                let Some(of) = OF.iter().find(|of| before.ends_with(&format!(" {of}"))) else {
                    return false;
                };
                let owner = before[..before.len() - of.len()].split_whitespace().last();
                if owner.is_some_and(|w| ROLES.contains(&w)) {
                    return false;
                }
            }
        }
        mentions > 0
    }

    /// Whether the question names a dated legal value by more of its title's words (two at
    /// least) than it names of any figure or example of the documents, and counts nothing
    /// (« combien de fonds de dotation ont été créés ? » asks for a count).
    fn names_a_legal_value(&self, question: &str) -> bool {
        if says_any(question, &["combien de ", "combien d'", "combien d "]) {
            return false;
        }
        let best_of = |kind: Kind| {
            self.corpus
                .entries()
                .filter(|e| e.kind == kind)
                .map(|e| compose::words_named_in(question, &e.title))
                .max()
                .unwrap_or(0)
        };
        let value = best_of(Kind::Parametre);
        value >= 2 && value > best_of(Kind::Chiffre).max(best_of(Kind::Exemple))
    }
}

/// `words` grouped as the question writes them: those that follow each other make one phrase
/// (« frelons asiatiques », not « frelons », « asiatiques »).
fn in_runs(question: &str, words: &[String]) -> Vec<String> {
    let mut runs: Vec<String> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    for token in question.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        if token.is_empty() {
            continue;
        }
        if words.iter().any(|w| w == token) {
            run.push(token);
        } else if !run.is_empty() {
            runs.push(run.join(" "));
            run.clear();
        }
    }
    if !run.is_empty() {
        runs.push(run.join(" "));
    }
    // A word the question writes otherwise (elided, hyphenated) is still said.
    for w in words {
        if !runs.iter().any(|r| r.split(' ').any(|t| t == w)) {
            runs.push(w.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    runs.retain(|r| seen.insert(r.clone()));
    runs
}

impl Dialogue<'_> {
    /// `items` with the legal texts in force that `verdict` rests on first, in the order the
    /// rule cites them, added when the search did not find them.
    fn basis_first<'c>(
        &'c self,
        items: Vec<(&'c Entry, f32)>,
        verdict: &crate::Verdict,
        date: Date,
    ) -> Vec<(&'c Entry, f32)> {
        let top = items.first().map_or(0.0, |(_, score)| *score);
        let basis: Vec<&Entry> = verdict
            .reference_ids
            .iter()
            .filter_map(|id| self.corpus.entry(id))
            .filter(|e| e.kind == Kind::Texte && e.in_force_on(date))
            .collect();
        let mut out: Vec<(&Entry, f32)> = basis.iter().map(|e| (*e, top)).collect();
        out.extend(
            items
                .into_iter()
                .filter(|(e, _)| !basis.iter().any(|b| b.id == e.id)),
        );
        out
    }

    /// « et si c'est 30 000 € ? » after a question on a subsidy: an amount with no cue, in a
    /// follow-up, is the new value of the one subsidy, contract or aid the conversation is
    /// about — and the answer says so. With none or several, it stays unattributed.
    fn amount_of_the_current_object(&self, conversation: &Conversation, u: &mut Understanding) {
        let known = conversation.profile.known_fields();
        let of = |fields: &[String]| -> Vec<(&str, &str)> {
            self.lexicon
                .quantity_cues
                .object_amounts()
                .filter(|(id, _)| fields.iter().any(|k| k == id))
                .collect()
        };
        // An object named and still without its value is the one an amount gives (only one:
        // with several, the amount stays unattributed); else the one whose value is known.
        let unvalued: Vec<String> = conversation
            .named_objects
            .iter()
            .filter(|o| !known.contains(o))
            .cloned()
            .collect();
        let mut current = of(&unvalued);
        if unvalued.is_empty() {
            current = of(&known);
        }
        let ([(id, label)], Some((value, notice))) =
            (current.as_slice(), u.unattributed_amounts.first().cloned())
        else {
            return;
        };
        if !u.profile.set_number(id, value) {
            return;
        }
        u.stated_numbers.push(id.to_string());
        u.notices.retain(|n| *n != notice);
        u.notices.push(format!(
            "{} € compris comme {} dont nous parlions.",
            crate::french::number(value),
            crate::quantities::with_article(label)
        ));
    }
}

/// Greetings and thanks: answered as such, and no change to the conversation's subject.
fn is_politeness(intent: Option<&str>) -> bool {
    intent.is_some_and(crate::lexicon::is_politeness)
}

/// Verbs of a question inverted with its subject (« peut-elle », « faut-il »), besides the
/// words that ask for something: a question without any is a fragment that leans on the
/// previous turn (« des exemples dans la culture ? »).
const INVERTED_VERBS: [&str; 6] = ["que", "qu", "est", "peut", "faut", "doit"];

/// Whether a question is a fragment with no question word of its own.
fn is_elliptical(question: &str) -> bool {
    let folded = crate::analysis::fold(question);
    !folded
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| compose::ASKS_FOR_SOMETHING.contains(&w) || INVERTED_VERBS.contains(&w))
}

/// `items` without the dated values that one of `verdicts` reads.
fn without_values_of<'c>(
    items: &[(&'c Entry, f32)],
    verdicts: &[crate::Verdict],
) -> Vec<(&'c Entry, f32)> {
    items
        .iter()
        .filter(|(e, _)| {
            e.kind != Kind::Parametre
                || !verdicts
                    .iter()
                    .any(|v| v.parameters.iter().any(|p| e.id == p.id))
        })
        .copied()
        .collect()
}

/// « il faut quoi ? », « que faut-il ? »: what is needed, folded.
/// « spaser obligatoire et quoi d'autre ? » asks for every obligation of the asker, the one
/// named first.
const ASKS_FOR_THE_REST: [&str; 6] = [
    "quoi d'autre",
    "quoi d autre",
    "et d'autres obligations",
    "autres obligations",
    "d'autres obligations",
    "et le reste",
];

const ASKS_WHAT_IS_NEEDED: [&str; 6] = [
    "il faut quoi",
    "faut quoi",
    "que faut-il",
    "que faut il",
    "qu'est-ce qu'il faut",
    "qu'est ce qu'il faut",
];

/// « comment on finance ça ? », « comment les financer ? »: a word that points back to what
/// was said before. Not the impersonal « il » of « faut-il », « y a-t-il », nor the « ce » of
/// « est-ce que ».
fn refers_back(question: &str) -> bool {
    const POINTERS: [&str; 15] = [
        "ca", "cela", "celui", "celle", "ceux", "celles", "leur", "leurs", "son", "sa", "ses",
        "elle", "ils", "elles", "meme",
    ];
    const IMPERSONAL: [&str; 5] = ["faut", "est", "a", "t", "agit"];
    let folded = crate::analysis::fold(question);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (0..words.len()).any(|i| {
        let w = words[i];
        let before = i.checked_sub(1).map(|b| words[b]);
        let after = words.get(i + 1).copied();
        // « les financer », « la soutenir »: an object pronoun before an infinitive.
        let infinitive =
            after.is_some_and(|a| a.len() > 4 && (a.ends_with("er") || a.ends_with("ir")));
        POINTERS.contains(&w)
            || (w == "il" && !before.is_some_and(|b| IMPERSONAL.contains(&b)))
            || (matches!(w, "ce" | "cet" | "cette" | "ces")
                && !matches!(after, Some("que" | "qu" | "qui" | "quoi"))
                && before != Some("est"))
            || (matches!(w, "les" | "la" | "le" | "l") && infinitive)
    })
}

/// « il fait 45 000 € HT », « elle coûte 30 000 € », « son montant est de … »: a question that
/// gives the amount of something already named.
fn says_the_amount_of_it(question: &str) -> bool {
    const SUBJECTS: [&str; 6] = ["il", "elle", "ca", "cela", "son montant", "sa valeur"];
    const VERBS: [&str; 12] = [
        "fait",
        "fera",
        "ferait",
        "coute",
        "coutera",
        "couterait",
        "vaut",
        "vaudra",
        "represente",
        "monte",
        "s'eleve",
        "est",
    ];
    let folded = crate::analysis::fold(question);
    SUBJECTS.iter().any(|s| {
        VERBS.iter().any(|v| {
            crate::analysis::contains_words(
                &crate::analysis::padded(&folded),
                &crate::analysis::padded(&format!("{s} {v}")),
            )
        })
    })
}

/// Whether the question, folded, holds one of `cues`.
fn says_any(question: &str, cues: &[&str]) -> bool {
    let folded = crate::analysis::fold(question);
    cues.iter().any(|cue| folded.contains(cue))
}

/// « vous connaissez … ? », « connaissez-vous … ? »: whether something is known.
fn asks_if_known(question: &str) -> bool {
    says_any(
        question,
        &[
            "vous connaissez",
            "connaissez-vous",
            "connaissez vous",
            "tu connais",
            "connais-tu",
        ],
    )
}

/// « en France », « au niveau national »: the question is about the whole country.
fn widens_to_the_country(question: &str) -> bool {
    says_any(
        question,
        &[
            "en france",
            "dans toute la france",
            "au niveau national",
            "a l'echelle nationale",
            "a l'echelle de la france",
        ],
    )
}

/// Whether a question opens with "et" ("et pour une métropole ?", "et en 2021 ?").
fn starts_with_and(question: &str) -> bool {
    let folded = crate::analysis::fold(question);
    let mut words = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let first = words.next();
    // « pour l'écrire, … ? », « pour le faire … ? »: a pronoun stands for what was just said.
    // An infinitive follows it, not a noun (« pour la culture », « pour le quartier »).
    const VERBS_IN_RE: [&str; 8] = [
        "faire",
        "ecrire",
        "mettre",
        "construire",
        "produire",
        "prendre",
        "conduire",
        "decrire",
    ];
    let is_infinitive = |w: &str| {
        VERBS_IN_RE.contains(&w) || (w.ends_with("er") && !w.ends_with("ier")) || w.ends_with("ir")
    };
    let pronoun_verb = first == Some("pour")
        && matches!(words.next(), Some("l" | "le" | "la" | "les"))
        && words.next().is_some_and(is_infinitive)
        && folded.contains(',');
    first == Some("et") || pronoun_verb
}
