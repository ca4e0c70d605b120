//! Gazetteers built from the corpus: the phrases that name a theme, a territory, a type of
//! collectivity, an intent or a glossary term, matched against questions.
//!
//! Phrases are matched on analysed terms (so plurals, elisions and missing accents match),
//! except short all-capital acronyms ("CA", "CC"), which must appear as written: in lowercase
//! they are ordinary words ("ça").

use std::collections::{HashMap, HashSet};

use ess_corpus::{CollectivityTypeId, Corpus, Kind, TerritoryId, ThemeId, Vocable};
use serde::{Deserialize, Serialize};
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::{fold, french_analyzer, padded, terms};

/// What a phrase points to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    Theme(ThemeId),
    Territory(TerritoryId),
    Collectivity(CollectivityTypeId),
    /// A département, by its code.
    Departement(String),
    /// A région, by its name (« Normandie », « Bretagne »).
    Region(String),
    /// A glossary entry, by its position in the corpus.
    Glossary(usize),
    /// An example or an actor named in the question (place, name), by its position.
    Named(usize),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Phrase {
    terms: Vec<String>,
    /// For short acronyms: the exact form required.
    exact: Option<String>,
    /// For an acronym written in lower case (« scic », « caf »): the word itself, folded, is
    /// required, not a word of the same stem (« café »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    folded: Option<String>,
    /// A theme's one word written without accents (« ferme »): a word the question writes
    /// with an accent (« a fermé ») is another word of the same stem, not this one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    unaccented: bool,
    /// A phrase written `=…` in the data (« =une ferme »): the question must write these very
    /// words, folded, not others of the same stems (« fermer »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    written: Option<String>,
    target: Target,
}

/// A match in a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub target: Target,
    /// Position of the first matched term and number of terms: longer matches win.
    pub start: usize,
    pub len: usize,
}

/// The gazetteers. They serialise (JSON) for a prepared engine: the analysis of every phrase
/// and of the vocabulary is what costs at start-up; the rest is rebuilt from the corpus.
#[derive(Serialize, Deserialize)]
pub struct Lexicon {
    phrases: Vec<Phrase>,
    /// Département code → région.
    regions: std::collections::HashMap<String, String>,
    /// Every analysed term of the corpus: a word found here is a real word, not a typo.
    vocabulary: HashSet<String>,
    /// Intent id, its cues (folded), and whether a cue holds only alone.
    intents: Vec<(String, Vec<String>, bool)>,
    /// The words of the phrases, sorted: what a typo can be corrected to.
    phrase_terms: Vec<String>,
    /// Themes that are the subject of a question only when no other is named.
    broad_themes: HashSet<ThemeId>,
    #[serde(skip, default = "french_analyzer")]
    analyzer: TextAnalyzer,
    /// Which words name which numeric fact (`faits.toml`).
    #[serde(skip)]
    pub(crate) quantity_cues: crate::quantities::Cues,
    /// Each competence of the taxonomy and its names, folded (« mobilite », « dechets »).
    #[serde(skip)]
    pub(crate) competence_names: Vec<(String, Vec<String>)>,
    /// The phrases by their first term, in phrase order: a question is matched against the
    /// phrases that start with one of its words, not against all of them.
    #[serde(skip)]
    by_first_term: HashMap<String, Vec<usize>>,
    /// The number of letters of each of `phrase_terms`: a typo is compared only with words
    /// of a length it can reach.
    #[serde(skip)]
    phrase_term_lengths: Vec<usize>,
    /// The letters of each of `phrase_terms`, as a [`letters`] mask.
    #[serde(skip)]
    phrase_term_letters: Vec<u64>,
    /// The vocabulary by number of letters: what a word unknown to it may be a typo of.
    #[serde(skip)]
    vocabulary_by_length: HashMap<usize, Vec<(String, u64)>>,
}

/// What the gazetteers read in a question, from one analysis of it.
pub struct Reading {
    /// Every phrase found in the question, longest first, without overlaps between targets
    /// of the same sort.
    pub found: Vec<Found>,
    /// How many words the question has, stop words aside: the positions `found` counts in.
    pub word_count: usize,
    /// How many of them the corpus uses.
    pub known_words: usize,
    /// The question's words the corpus never uses, nor anything a typo away (« déneigement »,
    /// « DETR »), as written: a sign that the question is about something else.
    pub unknown: Vec<String>,
}

/// « SCIC Mèli-Mélo » is named « Mèli-Mélo » too: an actor's name without the legal form
/// it opens with.
fn without_legal_form(actor: &str) -> Option<&str> {
    const FORMS: [&str; 6] = [
        "SCIC ",
        "SCOP ",
        "Scop ",
        "Association ",
        "association ",
        "Coopérative ",
    ];
    FORMS
        .iter()
        .find_map(|f| actor.strip_prefix(f))
        .map(str::trim)
        .filter(|rest| rest.chars().count() >= 4)
}

/// Whether the question writes `term` only with accents (« fermé » and no « ferme »). A word
/// corrected from a typo is written neither way: it is not.
fn only_accented(analyzer: &mut TextAnalyzer, raw_words: &[&str], term: &str) -> bool {
    let mut accented = false;
    for w in raw_words {
        if terms(analyzer, w).first().map(String::as_str) == Some(term) {
            if w.is_ascii() {
                return false;
            }
            accented = true;
        }
    }
    accented
}

impl Lexicon {
    pub fn build(corpus: &Corpus) -> Lexicon {
        let mut analyzer = french_analyzer();
        let mut phrases = Vec::new();
        let mut add =
            |text: &str, target: Target, analyzer: &mut TextAnalyzer, lowercase_acronym: bool| {
                let text = text.trim();
                let (text, written) = match text.strip_prefix('=') {
                    Some(words) => (words.trim(), Some(padded(&fold(words)))),
                    None => (text, None),
                };
                let is_acronym = text.chars().count() <= 3
                    && text.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
                let terms = terms(analyzer, text);
                if terms.is_empty() {
                    return;
                }
                let unaccented = matches!(target, Target::Theme(_))
                    && terms.len() == 1
                    && !text.contains(char::is_whitespace)
                    && text.is_ascii();
                phrases.push(Phrase {
                    terms,
                    exact: is_acronym.then(|| text.to_string()),
                    folded: lowercase_acronym.then(|| fold(text)),
                    unaccented: unaccented && written.is_none(),
                    written,
                    target,
                });
            };
        fn vocab<I>(v: &Vocable<I>) -> Vec<String> {
            std::iter::once(v.label.clone())
                .chain(v.synonyms.iter().cloned())
                .collect()
        }
        for v in &corpus.themes {
            for p in vocab(v) {
                add(&p, Target::Theme(v.id.clone()), &mut analyzer, false);
            }
        }
        for v in &corpus.territories {
            for p in vocab(v) {
                add(&p, Target::Territory(v.id.clone()), &mut analyzer, false);
            }
        }
        for v in &corpus.collectivities {
            for p in vocab(v) {
                add(&p, Target::Collectivity(v.id.clone()), &mut analyzer, false);
            }
        }
        for ord in 0..corpus.entry_count() {
            let Some(e) = corpus.entry_at(ord).filter(|e| e.kind == Kind::Glossaire) else {
                continue;
            };
            let forms = e
                .term
                .iter()
                .chain(e.expansion.iter())
                .chain(e.synonyms.iter().flatten());
            // « caf » for CAF, « scic » for SCIC: the acronym as typed in lower case.
            let acronym = e.term.as_deref().filter(|t| {
                t.chars().any(char::is_alphabetic)
                    && t.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
            });
            for p in forms {
                let lowercase_acronym = acronym
                    .is_some_and(|t| p.as_str() != t && p.to_uppercase() == t.to_uppercase());
                add(p, Target::Glossary(ord), &mut analyzer, lowercase_acronym);
            }
        }
        // A one-word name that is also an ordinary word (« Lot », « Somme », « Cher »: marked
        // in the data, or written in lower case by the documents) names the département only
        // when written with its capital; any other (« dans la creuse ») is read in any case,
        // as the word itself (« creusent » is not the Creuse).
        let ordinary = ordinary_words(corpus);
        let mentions = term_mentions(corpus, &mut analyzer);
        for d in &corpus.departements {
            let terms = terms(&mut analyzer, &d.label);
            if terms.is_empty() {
                continue;
            }
            let single_word = !d.label.contains(['-', ' ', '\'']);
            let ordinary_word = d.ordinary_word || ordinary.contains(&fold(&d.label));
            phrases.push(Phrase {
                terms,
                exact: (single_word && ordinary_word).then(|| d.label.clone()),
                folded: (single_word && !ordinary_word).then(|| fold(&d.label)),
                unaccented: false,
                written: None,
                target: Target::Departement(d.id.clone()),
            });
        }
        // Régions by their names (« en Normandie »): one word must be written with its capital
        // (« centre », « est » are ordinary words).
        let mut regions_named: Vec<&str> = corpus
            .departements
            .iter()
            .filter_map(|d| d.region.as_deref())
            .collect();
        regions_named.sort_unstable();
        regions_named.dedup();
        for name in regions_named {
            let terms = terms(&mut analyzer, name);
            if terms.is_empty() {
                continue;
            }
            let single_word = !name.contains(['-', ' ', '\'']);
            phrases.push(Phrase {
                terms,
                exact: single_word.then(|| name.to_string()),
                folded: None,
                unaccented: false,
                written: None,
                target: Target::Region(name.to_string()),
            });
        }
        // Names of examples and actors, and the places of examples: "Langouët", "Dromolib".
        // A one-word name that the documents also write as an ordinary word (« lot »,
        // « somme ») must be written with its capital, as for départements; one they only
        // ever write with a capital (« Bayonne », « Audruicq ») is read in any case.
        // A kind of body the glossary defines (« CRESS », « CAE ») is no name of its own: an
        // example carried by « la CRESS » is not what « le rôle d'une CRESS » names.
        let kinds_of_body: HashSet<String> = corpus
            .entries()
            .filter(|e| e.kind == Kind::Glossaire)
            .filter_map(|e| e.term.as_deref())
            .map(|t| fold(t.trim()))
            .collect();
        for ord in 0..corpus.entry_count() {
            let Some(e) = corpus.entry_at(ord) else {
                continue;
            };
            let mut names: Vec<(&str, usize)> = match e.kind {
                // « Bayonne (Pyrénées-Atlantiques) »: the place is named without its département.
                Kind::Exemple => e
                    .place
                    .iter()
                    .map(|p| p.split(" (").next().unwrap_or(p))
                    .chain(e.actor.as_deref())
                    .chain(e.actor.as_deref().and_then(without_legal_form))
                    .filter(|n| !kinds_of_body.contains(&fold(n.trim())))
                    .map(|n| (n, 1))
                    .collect(),
                Kind::Acteur => vec![(e.title.split(" (").next().unwrap_or(&e.title), 1)],
                // « La plateforme Wweeddo »: the proper names a resource's title carries.
                Kind::Ressource => proper_names(&e.title, &ordinary, &mentions, &mut analyzer)
                    .into_iter()
                    .map(|n| (n, 1))
                    .collect(),
                Kind::Levier => Vec::new(),
                _ => continue,
            };
            // A name a title quotes (« Ici je monte ma boîte », « Osez l'ESS »), of two words
            // at least: one word in quotes is as often an ordinary one.
            names.extend(quoted(&e.title).into_iter().map(|n| (n, 2)));
            for (name, fewest) in names {
                let terms = terms(&mut analyzer, name);
                if terms.len() < fewest || terms.len() > 6 || (fewest == 1 && terms.len() > 4) {
                    continue;
                }
                let single_word = terms.len() == 1;
                let also_ordinary = ordinary.contains(&fold(name.trim()));
                phrases.push(Phrase {
                    terms,
                    exact: (single_word && also_ordinary).then(|| name.trim().to_string()),
                    // A one-word name is that word, not its stem: « café » is no « CAF ».
                    folded: (single_word && !also_ordinary).then(|| fold(name.trim())),
                    unaccented: false,
                    written: None,
                    target: Target::Named(ord),
                });
            }
        }
        let mut vocabulary: HashSet<String> = phrases
            .iter()
            .flat_map(|p| p.terms.iter().cloned())
            .collect();
        for e in corpus.entries() {
            vocabulary.extend(terms(&mut analyzer, &e.title));
            vocabulary.extend(terms(&mut analyzer, &e.text));
        }
        // The words that ask (« bonjour », « merci », « exemples ») are words of the engine
        // too: « bonjour, je suis élue … » is not about a subject the documents ignore.
        for v in &corpus.intents {
            for cue in &v.synonyms {
                vocabulary.extend(terms(&mut analyzer, cue));
            }
        }
        // So are the words that state a fact (« nous achetons pour 70 M€ »).
        for f in &corpus.facts {
            for cue in &f.cues {
                vocabulary.extend(terms(&mut analyzer, &cue.replace('*', "")));
            }
        }
        let intents = corpus
            .intents
            .iter()
            .map(|v| {
                let cues = v
                    .synonyms
                    .iter()
                    .map(|c| normalise_spaces(&fold(c)))
                    .collect();
                (v.id.clone(), cues, v.alone)
            })
            .collect();
        let regions = corpus
            .departements
            .iter()
            .filter_map(|d| Some((d.id.clone(), d.region.clone()?)))
            .collect();
        let broad_themes = corpus
            .themes
            .iter()
            .filter(|t| t.broad)
            .map(|t| t.id.clone())
            .collect();
        let mut phrase_terms: Vec<String> = phrases
            .iter()
            .filter(|p| p.exact.is_none())
            .flat_map(|p| p.terms.iter().cloned())
            .collect();
        phrase_terms.sort();
        phrase_terms.dedup();
        Lexicon {
            phrase_terms,
            phrases,
            regions,
            vocabulary,
            intents,
            broad_themes,
            analyzer,
            quantity_cues: crate::quantities::Cues::build(corpus),
            competence_names: competence_names(corpus),
            by_first_term: HashMap::new(),
            phrase_term_lengths: Vec::new(),
            phrase_term_letters: Vec::new(),
            vocabulary_by_length: HashMap::new(),
        }
        .with_lookups()
    }

    /// The gazetteers of `corpus` as [`Lexicon::to_json`] wrote them (the same corpus).
    pub fn from_json(json: &str, corpus: &Corpus) -> serde_json::Result<Lexicon> {
        let mut lexicon: Lexicon = serde_json::from_str(json)?;
        lexicon.quantity_cues = crate::quantities::Cues::build(corpus);
        lexicon.competence_names = competence_names(corpus);
        Ok(lexicon.with_lookups())
    }

    /// The lookups derived from the phrases (cheap to rebuild, so not serialised).
    fn with_lookups(mut self) -> Lexicon {
        let mut by_first_term: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in self.phrases.iter().enumerate() {
            by_first_term.entry(p.terms[0].clone()).or_default().push(i);
        }
        self.by_first_term = by_first_term;
        self.phrase_term_lengths = self
            .phrase_terms
            .iter()
            .map(|t| t.chars().count())
            .collect();
        self.phrase_term_letters = self.phrase_terms.iter().map(|t| letters(t)).collect();
        let mut by_length: HashMap<usize, Vec<(String, u64)>> = HashMap::new();
        for t in &self.vocabulary {
            by_length
                .entry(t.chars().count())
                .or_default()
                .push((t.clone(), letters(t)));
        }
        for terms in by_length.values_mut() {
            terms.sort();
        }
        self.vocabulary_by_length = by_length;
        self
    }

    /// The gazetteers as JSON, for a prepared engine.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string(self)
    }

    /// The phrases of the question and its word counts, from one analysis.
    pub fn read(&self, question: &str) -> Reading {
        let mut analyzer = self.analyzer.clone();
        let analysed = terms(&mut analyzer, question);
        let known_words = analysed
            .iter()
            .filter(|t| self.vocabulary.contains(*t))
            .count();
        let raw_words: Vec<&str> = question
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        // Each distinct term is looked up once: an unknown one costs edit distances against the
        // vocabulary, and the words are looked at again one by one below.
        let mut seen: HashMap<String, bool> = HashMap::new();
        let mut is_unknown =
            |t: &String| *seen.entry(t.clone()).or_insert_with(|| self.is_unknown(t));
        let unknown = if analysed.iter().any(&mut is_unknown) {
            // Said as written: each word of the question analysed alone.
            raw_words
                .iter()
                .filter(|w| terms(&mut analyzer, w).iter().any(&mut is_unknown))
                .map(|w| w.to_string())
                .collect()
        } else {
            Vec::new()
        };
        let words: Vec<String> = analysed.into_iter().map(|w| self.correct(w)).collect();
        let asked = padded(&fold(question));
        // (phrase, start) of every match; sorted below as a scan of the phrases in order
        // would have found them, so that ties keep the order of the files.
        let mut matches: Vec<(usize, usize)> = Vec::new();
        for (start, word) in words.iter().enumerate() {
            for &i in self.by_first_term.get(word).map_or(&[][..], Vec::as_slice) {
                let p = &self.phrases[i];
                if p.exact
                    .as_ref()
                    .is_some_and(|exact| !raw_words.contains(&exact.as_str()))
                    || p.folded
                        .as_ref()
                        .is_some_and(|f| !raw_words.iter().any(|w| fold(w) == *f))
                    || (p.unaccented && only_accented(&mut analyzer, &raw_words, word))
                    || p.written
                        .as_ref()
                        .is_some_and(|w| !crate::analysis::contains_words(&asked, w))
                {
                    continue;
                }
                let n = p.terms.len();
                if words.len() - start >= n && words[start..start + n] == p.terms[..] {
                    matches.push((i, start));
                }
            }
        }
        matches.sort_unstable();
        // The first of equal matches is kept. A set, not a scan of `found`: at ×1000 a word
        // of the question may start thousands of phrases (every variant's name), and the
        // scan was quadratic in them (a third of a session's time, `perf`, 2026-12-07).
        let mut seen = HashSet::new();
        let mut found: Vec<Found> = Vec::new();
        for (i, start) in matches {
            let p = &self.phrases[i];
            if seen.insert((&p.target, start, p.terms.len())) {
                found.push(Found {
                    target: p.target.clone(),
                    start,
                    len: p.terms.len(),
                });
            }
        }
        found.sort_by(|a, b| b.len.cmp(&a.len).then(a.start.cmp(&b.start)));
        Reading {
            found,
            word_count: words.len(),
            known_words,
            unknown,
        }
    }

    /// Whether an analysed term is a word of at least four letters that the corpus never uses,
    /// nor any word a typo away from it.
    fn is_unknown(&self, term: &str) -> bool {
        let letters = term.chars().count();
        if letters < 4 || term.chars().any(|c| c.is_ascii_digit()) || self.vocabulary.contains(term)
        {
            return false;
        }
        let Some(max) = typo_distance(term) else {
            return true;
        };
        let mask = self::letters(term);
        !(letters.saturating_sub(max)..=letters + max).any(|len| {
            self.vocabulary_by_length.get(&len).is_some_and(|near| {
                near.iter().any(|(v, m)| {
                    may_be_within(mask, *m, max) && strsim::osa_distance(term, v) <= max
                })
            })
        })
    }

    /// A word unknown to the corpus may be a typo of a word of a phrase ("mobilte",
    /// "econnomie sociale"): it is read as that word when exactly one is closest.
    fn correct(&self, word: String) -> String {
        let Some(max) = typo_distance(&word) else {
            return word;
        };
        if self.vocabulary.contains(&word) {
            return word;
        }
        let mut best: Option<(usize, &String)> = None;
        let mut tie = false;
        let letters = word.chars().count();
        let mask = self::letters(&word);
        for term in self
            .phrase_terms
            .iter()
            .zip(&self.phrase_term_lengths)
            .zip(&self.phrase_term_letters)
            // Words of 4 letters or fewer are not corrected to; a word whose length differs
            // by more than `max` is more than `max` edits away, and so is one whose letters
            // differ too much.
            .filter(|((_, &len), &m)| {
                len > 4 && len.abs_diff(letters) <= max && may_be_within(mask, m, max)
            })
            .map(|((t, _), _)| t)
        {
            // Levenshtein with a transposition counted as one edit (« ecnoom » for « econom »).
            let d = strsim::osa_distance(&word, term);
            match best {
                _ if d > max => {}
                Some((b, _)) if d > b => {}
                Some((b, _)) if d == b => tie = true,
                _ => {
                    best = Some((d, term));
                    tie = false;
                }
            }
        }
        match best {
            Some((_, term)) if !tie => term.clone(),
            _ => word,
        }
    }

    /// The phrases that signal `intent`, folded.
    pub fn cues<'a>(&'a self, intent: &'a str) -> impl Iterator<Item = &'a str> {
        self.intents
            .iter()
            .filter(move |(id, _, _)| id == intent)
            .flat_map(|(_, cues, _)| cues.iter().map(String::as_str))
    }

    /// Whether a theme is the subject of a question only when no other theme is named.
    pub fn is_broad_theme(&self, id: &str) -> bool {
        self.broad_themes.contains(id)
    }

    /// The région of a département code, if the code exists.
    pub fn departement_region(&self, code: &str) -> Option<&str> {
        self.regions.get(code).map(String::as_str)
    }

    /// The first intent (in the order of `intentions.toml`) one of whose phrases the question
    /// contains.
    pub fn intent<'a>(&'a self, question: &str) -> Option<&'a str> {
        let folded = normalise_spaces(&fold(question));
        let mut analyzer = self.analyzer.clone();
        let asked = terms(&mut analyzer, question);
        // A cue marked `alone` holds only when the question says nothing else the corpus
        // knows, in two words at most besides it: « aide ? », « de l'aide svp » ask for help,
        // « de l'aide pour la mobilité » does not. Stop words do not count.
        let holds = |cue: &str, alone: bool| {
            if !alone {
                return true;
            }
            let mut beside = asked.clone();
            for t in terms(&mut self.analyzer.clone(), cue) {
                if let Some(i) = beside.iter().position(|b| *b == t) {
                    beside.remove(i);
                }
            }
            beside.len() <= 2 && !beside.iter().any(|t| self.vocabulary.contains(t))
        };
        // The opening words decide first, after a greeting (« Bonjour, comment … »).
        let mut opening = format!(" {folded} ");
        if let Some(greeting) = self.longest_opening_cue(&opening, is_politeness) {
            let rest = opening[greeting.len() + 1..].to_string();
            if !rest.trim().is_empty() {
                opening = rest;
            }
        }
        let opening_cue = |opening: &str| {
            self.intents
                .iter()
                .flat_map(|(id, cues, alone)| {
                    cues.iter()
                        .filter(|c| holds(c, *alone) && starts_with_words(opening, c))
                        .map(move |c| (c.len(), id))
                })
                // The longest cue wins; among equals, the first intent in the file.
                .fold(
                    None,
                    |best: Option<(usize, &String)>, (len, id)| match best {
                        Some((b, _)) if b >= len => best,
                        _ => Some((len, id)),
                    },
                )
        };
        // « c'est quoi la différence entre … », « c'est quoi le seuil … »: what a « what is »
        // asks about is itself a cue, and says what is asked.
        let refine = |id: &'a String, after: &str| -> &'a str {
            if id != "definition" {
                return id;
            }
            let mut rest = after.trim_start();
            for article in ["les ", "le ", "la ", "l'", "un ", "une ", "des ", "du "] {
                if let Some(after) = rest.strip_prefix(article) {
                    rest = after;
                    break;
                }
            }
            let refined = opening_cue(&format!(" {rest}")).map(|(_, id)| id);
            refined.filter(|r| *r != id).unwrap_or(id)
        };
        let opened = opening_cue(&opening);
        // « Comment … ? Des exemples ? » asks two things: read it whole.
        // A question goes on after its « ? » (« … ? il me semble que Strasbourg fait quelque
        // chose ») asks more than its opening says.
        let sentences = question.matches('?').count()
            + usize::from(question.rsplit('?').next().is_some_and(|rest| {
                question.contains('?') && rest.chars().any(char::is_alphanumeric)
            }));
        if let Some((len, id)) = opened.filter(|_| sentences <= 1) {
            return Some(refine(id, &opening.trim_start()[len..]));
        }
        // Anywhere in the question, the longest cue wins too (« quel pourcentage de l'emploi »
        // asks for figures, « quel pourcentage » alone for a legal share); among equals, the
        // first intent in the file.
        let padded = format!(" {folded} ");
        let (cue, id) = self
            .intents
            .iter()
            .flat_map(|(id, cues, alone)| {
                cues.iter()
                    .filter(|c| holds(c, *alone) && contains_words(&padded, c))
                    .map(move |c| (c, id))
            })
            .fold(
                None,
                |best: Option<(&String, &String)>, (cue, id)| match best {
                    Some((b, _)) if b.len() >= cue.len() => best,
                    _ => Some((cue, id)),
                },
            )?;
        let after = padded
            .find(&format!(" {cue} "))
            .map_or("", |at| &padded[at + cue.len() + 1..]);
        Some(refine(id, after))
    }

    /// The longest cue, of the intents `of` accepts, that opens the padded text.
    fn longest_opening_cue(&self, padded: &str, of: impl Fn(&str) -> bool) -> Option<&str> {
        self.intents
            .iter()
            .filter(|(id, _, _)| of(id))
            .flat_map(|(_, cues, _)| cues.iter())
            .filter(|c| starts_with_words(padded, c))
            .max_by_key(|c| c.len())
            .map(String::as_str)
    }
}

/// The segments of a text between « and ».
fn quoted(text: &str) -> Vec<&str> {
    text.split('«')
        .skip(1)
        .filter_map(|rest| rest.split_once('»').map(|(inside, _)| inside.trim()))
        .filter(|inside| !inside.is_empty())
        .collect()
}

/// Greetings and thanks, which open a question without saying what it asks.
pub fn is_politeness(intent: &str) -> bool {
    matches!(intent, "salutation" | "remerciement")
}

/// Whether the padded text starts with the phrase as whole words.
/// The letters a word uses, one bit each (letters that share a bit only make two words look
/// closer): a cheap bound on their edit distance.
fn letters(word: &str) -> u64 {
    word.chars().fold(0, |m, c| m | 1 << (c as u32 % 64))
}

/// Whether two words whose letters are `a` and `b` may be within `max` edits: an edit adds or
/// removes at most two letters from a word's set, so more differing letters mean more edits.
fn may_be_within(a: u64, b: u64, max: usize) -> bool {
    ((a ^ b).count_ones() as usize) <= 2 * max
}

/// The competences of the taxonomy with their label and synonyms, folded.
fn competence_names(corpus: &Corpus) -> Vec<(String, Vec<String>)> {
    corpus
        .competences
        .iter()
        .map(|c| {
            let names = std::iter::once(&c.label)
                .chain(c.synonyms.iter())
                .map(|n| normalise_spaces(&fold(n)))
                .collect();
            (c.id.to_string(), names)
        })
        .collect()
}

fn starts_with_words(padded: &str, phrase: &str) -> bool {
    let phrase = phrase.trim();
    !phrase.is_empty()
        && padded
            .strip_prefix(' ')
            .and_then(|rest| rest.strip_prefix(phrase))
            .is_some_and(|after| after.starts_with(' '))
}

/// Edits tolerated in a word of this length: none below 5 letters, where a "typo" is as likely
/// another word.
fn typo_distance(word: &str) -> Option<usize> {
    match word.chars().count() {
        0..=4 => None,
        5..=7 => Some(1),
        _ => Some(2),
    }
}

/// Words separated by single spaces; punctuation other than apostrophes and hyphens becomes a
/// space.
pub fn normalise_spaces(text: &str) -> String {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-' || c == '€'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the padded text contains the phrase as whole words.
fn contains_words(padded: &str, phrase: &str) -> bool {
    let phrase = phrase.trim();
    !phrase.is_empty()
        && padded.match_indices(phrase).any(|(at, _)| {
            padded[..at].ends_with(' ') && padded[at + phrase.len()..].starts_with(' ')
        })
}

/// How many entries' titles or texts hold each analysed term: « alternatives » and
/// « alternative » count as one.
fn term_mentions(corpus: &Corpus, analyzer: &mut TextAnalyzer) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for e in corpus.entries() {
        let mut seen: HashSet<String> = terms(analyzer, &e.title).into_iter().collect();
        seen.extend(terms(analyzer, &e.text));
        for t in seen {
            *counts.entry(t).or_insert(0) += 1;
        }
    }
    counts
}

fn title_words(title: &str) -> impl Iterator<Item = &str> {
    title
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
}

/// The proper names in a title: capitalised words after its first that the documents never
/// write as ordinary words and whose term two entries at most hold (« Wweeddo », not « RTES »,
/// « Covid » nor « Alternatives », which « alternative » shares).
fn proper_names<'t>(
    title: &'t str,
    ordinary: &HashSet<String>,
    mentions: &HashMap<String, usize>,
    analyzer: &mut TextAnalyzer,
) -> Vec<&'t str> {
    title_words(title)
        .skip(1)
        .filter(|w| w.chars().count() >= 3 && w.chars().next().is_some_and(char::is_uppercase))
        .filter(|w| {
            let rare = terms(analyzer, w)
                .iter()
                .all(|t| mentions.get(t).is_some_and(|&n| n <= 2));
            !ordinary.contains(&fold(w)) && rare
        })
        .collect()
}

/// The words the corpus writes at least once without a capital (folded): ordinary words, as
/// opposed to names that it only ever writes capitalised.
fn ordinary_words(corpus: &Corpus) -> HashSet<String> {
    let mut words = HashSet::new();
    for e in corpus.entries() {
        for text in [&e.title, &e.text] {
            for w in text.split(|c: char| !c.is_alphanumeric() && c != '-') {
                if w.chars().next().is_some_and(char::is_lowercase) {
                    words.insert(fold(w));
                }
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use strsim::osa_distance as edit_distance;

    use proptest::prelude::*;

    proptest! {
        /// The letter masks never rule out a pair of words within the edits allowed.
        #[test]
        fn letter_masks_never_hide_a_near_word(a in "[a-zéèàç]{1,9}", b in "[a-zéèàç]{1,9}") {
            let d = edit_distance(&a, &b);
            for max in 0..=3 {
                if d <= max {
                    prop_assert!(super::may_be_within(super::letters(&a), super::letters(&b), max));
                }
            }
        }
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("mobilit", "mobilt"), 1);
        assert_eq!(edit_distance("cantin", "cantinn"), 1);
        assert_eq!(edit_distance("econom", "ecnoom"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("velo", "velo"), 0);
    }
}
