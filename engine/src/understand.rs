//! From a French question to slots: intent, themes, territory, glossary terms, profile, fiche.
//!
//! The words come from the corpus (themes, territories, collectivity types, glossary, intents);
//! the numbers and the facts they state are read by `quantities`.

use std::sync::OnceLock;

use ess_corpus::{TerritoryId, ThemeId};
use regex::Regex;

use crate::lexicon::{Lexicon, Target};
use crate::profile::Profile;

/// What a question says, as far as the engine understands it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Understanding {
    /// `leviers`, `obligations`, `exemples`, `definition`, `seuil`, `fiche`, `acteurs`,
    /// `comparaison`, `aide`; `None` when no cue was found.
    pub intent: Option<String>,
    pub themes: Vec<ThemeId>,
    /// Themes implied by the profile's words ("rural" implies ruralité), not a subject.
    pub implied_themes: Vec<ThemeId>,
    /// Words of the question the corpus never uses (nor a typo away), as written.
    pub unknown_words: Vec<String>,
    /// A fiche number the kit does not have (« fiche 99 »), set by the dialogue.
    pub missing_fiche: Option<u32>,
    /// Themes named only by the words of a stated fact (« 70 M€ d'achats »): not a subject.
    pub fact_themes: Vec<ThemeId>,
    pub territories: Vec<TerritoryId>,
    /// Glossary entries named (positions in the corpus).
    pub glossary: Vec<usize>,
    /// Glossary terms of the conversation a follow-up is still about (positions in the
    /// corpus, set by the dialogue); a follow-up that narrows them to a theme also has them
    /// in `glossary`.
    pub carried_terms: Vec<usize>,
    /// Examples and actors named by their name or place (positions in the corpus).
    pub named: Vec<usize>,
    /// Of those, the ones a name of their own names (« Epicentre Factory », not « Lille »,
    /// the place of several): the question is about them, whatever it asks.
    pub named_alone: Vec<usize>,
    /// Words of the question outside the glossary terms it names: none or one, and the
    /// question is the term itself (« Charte des engagements réciproques ? »).
    pub words_beside_terms: usize,
    /// What the question states about the asker.
    pub profile: Profile,
    /// A kit fiche number ("fiche 10", "fiche n°16").
    pub fiche: Option<u32>,
    /// The date the question asks about ("en 2021", "au 1er janvier 2025"), `YYYY-MM-DD`.
    pub date: Option<ess_corpus::Date>,
    /// How many words of the question the corpus knows: none means gibberish, not a question
    /// on another subject.
    pub known_words: usize,
    /// How many words the question has once analysed (stop words left out).
    pub word_count: usize,
    /// A subject the documents do not treat, named by the question (`hors-champ.toml`): its
    /// label.
    pub out_of_scope: Option<String>,
    /// Whether the date names a day (« au 1er janvier 2025 ») rather than a year (« en 2025 »).
    pub date_is_a_day: bool,
    /// A commune or an intercommunality the question names.
    pub place: Option<crate::places::PlaceRead>,
    /// Whether it was named as the asker's place (« maire de », a code, an EPCI), not merely
    /// after « à »: only then does it make the question one about the asker.
    pub place_is_stated: bool,
    /// What the engine read but did not retain (a negative count, an amount with no cue, a
    /// day that does not exist), said back to the asker in French.
    pub notices: Vec<String>,
    /// What the question is about, stated with a number (a subsidy, a contract: profile
    /// fields marked `object` in `faits.toml`).
    pub stated_numbers: Vec<String>,
    /// What the question is about, named with or without a number (« un marché de
    /// travaux »): the verdicts on it come first.
    pub named_objects: Vec<String>,
    /// Amounts in euros the question gives with no cue, each with the notice said of it.
    pub unattributed_amounts: Vec<(f64, String)>,
    /// Why the date the question names cannot be used (a day that does not exist, a year out
    /// of range), in French; the answer then holds for the date of the request.
    pub date_problem: Option<String>,
}

impl Understanding {
    /// Whether the question names a subject of its own (rather than following up).
    pub fn has_subject(&self) -> bool {
        !self.themes.is_empty()
            || !self.glossary.is_empty()
            || !self.named.is_empty()
            || self.fiche.is_some()
    }
}

pub fn understand(lexicon: &Lexicon, question: &str) -> Understanding {
    let mut u = Understanding {
        intent: lexicon
            .intent(question)
            .map(str::to_string)
            .or_else(|| asks_what_was_done(question).then(|| "exemples".to_string())),
        ..Understanding::default()
    };
    // Territories and collectivity types first, longest matches first: "politique de la
    // ville" is a territory before "ville" is a commune. A theme or glossary term found inside
    // such a span ("milieu rural" also names the theme ruralité) is implied by the profile, not
    // a subject of its own: "et en milieu rural ?" follows up on the previous subject.
    let reading = lexicon.read(question);
    let found = reading.found;
    let mut covered: Vec<(usize, usize)> = Vec::new();
    // Each collectivity type the question names, where it does: the first one named is the
    // asker's (« notre PETR regroupe quatre communautés de communes » is a PETR).
    let mut kinds: Vec<(usize, &ess_corpus::CollectivityTypeId)> = Vec::new();
    let overlaps = |covered: &[(usize, usize)], start: usize, len: usize| {
        covered
            .iter()
            .any(|&(s, l)| start < s + l && s < start + len)
    };
    // « notre village » is a rural territory and, when nothing else names the asker, a
    // commune: a type named on the very words of a territory is kept aside for that case.
    let mut territory_spans: Vec<(usize, usize)> = Vec::new();
    let mut kinds_on_territories: Vec<(usize, &ess_corpus::CollectivityTypeId)> = Vec::new();
    for f in &found {
        match &f.target {
            Target::Territory(id) if !overlaps(&covered, f.start, f.len) => {
                push_unique(&mut u.territories, id);
                covered.push((f.start, f.len));
                territory_spans.push((f.start, f.len));
            }
            Target::Collectivity(id) if !overlaps(&covered, f.start, f.len) => {
                kinds.push((f.start, id));
                covered.push((f.start, f.len));
            }
            Target::Collectivity(id) if territory_spans.contains(&(f.start, f.len)) => {
                kinds_on_territories.push((f.start, id));
            }
            Target::Departement(code)
                if !overlaps(&covered, f.start, f.len) && u.profile.departement.is_none() =>
            {
                u.profile.departement = Some(code.clone());
                covered.push((f.start, f.len));
            }
            Target::Region(name)
                if !overlaps(&covered, f.start, f.len) && u.profile.region.is_none() =>
            {
                u.profile.region = Some(name.clone());
                covered.push((f.start, f.len));
            }
            _ => {}
        }
    }
    if kinds.is_empty() {
        kinds = kinds_on_territories;
    }
    u.profile.kind = kinds
        .iter()
        .min_by_key(|(start, _)| *start)
        .map(|(_, id)| (*id).clone());
    let inside = |start: usize, len: usize| {
        covered
            .iter()
            .any(|&(s, l)| s <= start && start + len <= s + l)
    };
    // The words of the field's own name ("sociale" in "économie sociale et solidaire") are
    // not themes of their own. Other nested themes stay: "foncier agricole" is about both.
    let within_longer_phrase = |f: &crate::lexicon::Found| {
        found.iter().any(|g| {
            matches!(&g.target, Target::Theme(broad) if lexicon.is_broad_theme(broad))
                && g.len > f.len
                && g.start <= f.start
                && f.start + f.len <= g.start + g.len
        })
    };
    for f in &found {
        match &f.target {
            Target::Theme(_) if within_longer_phrase(f) => {}
            Target::Theme(id) if inside(f.start, f.len) => push_unique(&mut u.implied_themes, id),
            Target::Theme(id) => push_unique(&mut u.themes, id),
            Target::Glossary(ord) if !inside(f.start, f.len) && !u.glossary.contains(ord) => {
                u.glossary.push(*ord)
            }
            Target::Named(ord) if !inside(f.start, f.len) && !u.named.contains(ord) => {
                u.named.push(*ord)
            }
            _ => {}
        }
    }
    for f in &found {
        let Target::Named(ord) = f.target else {
            continue;
        };
        let shared = found.iter().any(|g| {
            matches!(g.target, Target::Named(other) if other != ord)
                && g.start == f.start
                && g.len == f.len
        });
        if u.named.contains(&ord) && !shared && !u.named_alone.contains(&ord) {
            u.named_alone.push(ord);
        }
    }
    // « … plein de services chez nous (eco, social, dechets, culture) … » lists examples in
    // an aside: themes named only between brackets are not the subject when the rest of the
    // question names one.
    if question.contains('(') && u.themes.len() > 1 {
        let outside = without_asides(question);
        let themes_outside: Vec<ThemeId> = themes_in(lexicon, &outside)
            .into_iter()
            .filter(|t| u.themes.contains(t))
            .collect();
        if !themes_outside.is_empty() {
            let (kept, aside): (Vec<ThemeId>, Vec<ThemeId>) = std::mem::take(&mut u.themes)
                .into_iter()
                .partition(|t| themes_outside.contains(t));
            u.themes = kept;
            for t in aside {
                push_unique(&mut u.implied_themes, &t);
            }
        }
    }
    // The question's subject comes first: "l'ESS" is named by nearly every question.
    u.themes.sort_by_key(|t| lexicon.is_broad_theme(t));
    let mut in_terms: Vec<usize> = found
        .iter()
        .filter(|f| matches!(f.target, Target::Glossary(_)))
        .flat_map(|f| f.start..f.start + f.len)
        .collect();
    in_terms.sort_unstable();
    in_terms.dedup();
    u.words_beside_terms = reading.word_count.saturating_sub(in_terms.len());
    u.profile.territoire = u.territories.first().cloned();
    let mut numbers = crate::quantities::read(&lexicon.quantity_cues, question);
    lexicon
        .quantity_cues
        .add_second_readings(question, &mut numbers);
    for (fact, value) in &numbers.facts {
        u.profile.set_number(fact, *value);
    }
    u.stated_numbers = numbers
        .facts
        .iter()
        .filter(|(id, _)| lexicon.quantity_cues.is_object(id))
        .map(|(id, _)| id.clone())
        .collect();
    u.named_objects = lexicon.quantity_cues.named_objects(question);
    u.profile.competences = stated_competences(&lexicon.competence_names, question);
    // « notre communauté de communes a la compétence déchets, … une ressourcerie » states what
    // the asker holds: the word « compétence » makes the competences no subject of its own.
    if !u.profile.competences.is_empty() {
        let without: String = question
            .split_whitespace()
            .filter(|w| !crate::analysis::fold(w).starts_with("competence"))
            .collect::<Vec<_>>()
            .join(" ");
        let left = themes_in(lexicon, &without);
        if left.iter().any(|t| u.themes.contains(t)) {
            u.themes.retain(|t| left.contains(t));
        }
    }
    u.unattributed_amounts = numbers.unattributed;
    u.notices = numbers.notices;
    // « 70 M€ d'achats » names the theme of public purchasing only to state a fact: read
    // without the facts stated, the question may have no subject of its own.
    if !numbers.spans.is_empty() {
        let mut without_facts = question.to_string();
        for span in &numbers.spans {
            without_facts.replace_range(span.clone(), &" ".repeat(span.len()));
        }
        let themes_left = themes_in(lexicon, &without_facts);
        u.fact_themes = u
            .themes
            .iter()
            .filter(|t| !themes_left.contains(t))
            .cloned()
            .collect();
    }
    if u.profile.departement.is_none() {
        u.profile.departement =
            departement_code(question).filter(|code| lexicon.departement_region(code).is_some());
    }
    if let Some((place, strong)) = crate::places::read(question, u.profile.departement.as_deref()) {
        crate::places::fill(&mut u.profile, &place, strong);
        u.place = Some(place);
        u.place_is_stated = strong;
    }
    // The département's région, or the one the question names (« en Normandie »).
    if let Some(region) = u
        .profile
        .departement
        .as_deref()
        .and_then(|code| lexicon.departement_region(code))
    {
        u.profile.region = Some(region.to_string());
    }
    u.fiche = fiche(question);
    u.known_words = reading.known_words;
    u.word_count = reading.word_count;
    // Names are not subjects: the words of the place recognised, and a word written with a
    // capital inside the question (« Trifouilly »), are not unknown words. Acronyms
    // (« DETR ») and ordinary words are.
    let place_words = crate::analysis::padded(&format!(
        "{} {}",
        u.profile.commune.as_ref().map_or("", |c| c.nom.as_str()),
        u.profile.epci.as_ref().map_or("", |e| e.nom.as_str())
    ));
    let opening = question.split_whitespace().next().unwrap_or("");
    u.unknown_words = reading
        .unknown
        .into_iter()
        .filter(|w| !crate::analysis::contains_words(&place_words, &crate::analysis::padded(w)))
        .filter(|w| {
            let mut letters = w.chars();
            let capitalised =
                letters.next().is_some_and(char::is_uppercase) && letters.any(char::is_lowercase);
            !capitalised || opening.starts_with(w.as_str())
        })
        .collect();
    match asked_date(question) {
        Some(AskedDate::Day(day)) => {
            u.date = Some(day);
            u.date_is_a_day = true;
        }
        Some(AskedDate::Year(day)) => u.date = Some(day),
        Some(AskedDate::Unusable(why)) => u.date_problem = Some(why),
        None => {}
    }
    // « Comment Plouguerneau a sécurisé son soutien … ? »: how a named example or place did it
    // asks for what was done there, not for levers.
    let names_a_doer = !u.named.is_empty() || u.place.is_some();
    if u.intent.as_deref() == Some("leviers") && names_a_doer && tells_what_was_done(question) {
        u.intent = Some("exemples".to_string());
    }
    u
}

fn push_unique<I: Clone + PartialEq>(list: &mut Vec<I>, id: &I) {
    if !list.contains(id) {
        list.push(id.clone());
    }
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("the built-in patterns are valid"))
}

/// The themes a text names.
fn themes_in(lexicon: &Lexicon, text: &str) -> Vec<ThemeId> {
    lexicon
        .read(text)
        .found
        .into_iter()
        .filter_map(|f| match f.target {
            Target::Theme(id) => Some(id),
            _ => None,
        })
        .collect()
}

/// The question with what stands between brackets blanked out, the words outside untouched.
fn without_asides(question: &str) -> String {
    let mut depth = 0usize;
    question
        .chars()
        .map(|c| match c {
            '(' => {
                depth += 1;
                ' '
            }
            ')' => {
                depth = depth.saturating_sub(1);
                ' '
            }
            _ if depth > 0 => ' ',
            _ => c,
        })
        .collect()
}

/// A département code as written after a place: "Crest (26)", "dans le 26", "département 2A".
fn departement_code(q: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        r"(?i)(?:\(|\bdans le\s+|\bd[ée]partement\s+(?:n°\s*)?)(\d{2,3}|2a|2b)\b\)?",
    );
    re.captures(q).map(|c| c[1].to_uppercase())
}

fn fiche(q: &str) -> Option<u32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        r"(?i)\bfiches?\s*(?:n\s*°|n°|no\.?|num[ée]ro|n)?\s*(\d{1,2})\b",
    );
    re.captures(q)?[1].parse().ok().filter(|n| *n >= 1)
}

/// A date named in the question: "le 1er janvier 2025", "au 15/03/2024", "en 2021" (a year
/// alone means its first day, when thresholds usually change).
#[cfg(test)]
fn date(q: &str) -> Option<String> {
    match asked_date(q)? {
        AskedDate::Day(d) | AskedDate::Year(d) => Some(d.to_string()),
        AskedDate::Unusable(_) => None,
    }
}

/// Years a question may ask about: the law of the documents and of today, not the far past
/// or future, where an answer would be a guess.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// A date as the question writes it: a day, a year, or a date that cannot be used (why, in
/// French: « le 31 février 2025 n'existe pas (février 2025 compte 28 jours) »).
#[derive(Debug, Clone, PartialEq)]
enum AskedDate {
    Day(ess_corpus::Date),
    Year(ess_corpus::Date),
    Unusable(String),
}

/// The day a text writes (« le 1er avril 2026 »; a year alone reads as its first day), if any.
pub(crate) fn day_written(text: &str) -> Option<ess_corpus::Date> {
    match asked_date(text)? {
        AskedDate::Day(day) | AskedDate::Year(day) => Some(day),
        AskedDate::Unusable(_) => None,
    }
}

/// The date a question asks about: « au 1er janvier 2025 », « le 15/03/2024 », « au
/// 2021-01-01 » name a day; « en 2025 » a year, read as its first day.
fn asked_date(q: &str) -> Option<AskedDate> {
    static FULL: OnceLock<Regex> = OnceLock::new();
    static NUMERIC: OnceLock<Regex> = OnceLock::new();
    static ISO: OnceLock<Regex> = OnceLock::new();
    static YEAR: OnceLock<Regex> = OnceLock::new();
    static MONTH: OnceLock<Regex> = OnceLock::new();
    static LAST_YEAR: OnceLock<Regex> = OnceLock::new();
    let folded = crate::analysis::fold(q);
    let full = regex(
        &FULL,
        r"\b(\d{1,2})(?:er)?\s+(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\s+(\d{4})\b",
    );
    let day_of = |y: &str, m: u32, d: &str, written: &str| -> Option<AskedDate> {
        let (y, d): (i32, u32) = (y.parse().ok()?, d.parse().ok()?);
        if !YEARS.contains(&y) {
            return Some(AskedDate::Unusable(out_of_range(y)));
        }
        if !(1..=12).contains(&m) {
            return Some(AskedDate::Unusable(format!(
                "« {written} » n'est pas une date : il n'y a pas de mois {m}"
            )));
        }
        Some(match ess_corpus::Date::from_ymd(y, m, d) {
            Some(day) => AskedDate::Day(day),
            None => {
                let month = crate::french::MONTHS[m as usize - 1];
                let last = (28..=31)
                    .rev()
                    .find(|&n| ess_corpus::Date::from_ymd(y, m, n).is_some())
                    .unwrap_or(28);
                AskedDate::Unusable(format!(
                    "le {d} {month} {y} n'existe pas ({month} {y} compte {last} jours)"
                ))
            }
        })
    };
    if let Some(c) = full.captures(&folded) {
        let m = crate::french::MONTHS
            .iter()
            .position(|m| crate::analysis::fold(m) == c[2])?
            + 1;
        return day_of(&c[3], m as u32, &c[1], &c[0]);
    }
    let numeric = regex(&NUMERIC, r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b");
    if let Some(c) = numeric.captures(&folded) {
        return day_of(&c[3], c[2].parse().ok()?, &c[1], &c[0]);
    }
    let iso = regex(&ISO, r"\b(\d{4})-(\d{2})-(\d{2})\b");
    if let Some(c) = iso.captures(&folded) {
        return day_of(&c[1], c[2].parse().ok()?, &c[3], &c[0]);
    }
    let month = regex(
        &MONTH,
        r"\b(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\s+(\d{4})\b",
    );
    if let Some(c) = month.captures(&folded) {
        // « en novembre 2021 »: the law of that month is read on its first day, as a year is.
        let m = crate::french::MONTHS
            .iter()
            .position(|m| crate::analysis::fold(m) == c[1])?
            + 1;
        return day_of(&c[2], m as u32, "1", &c[0]);
    }
    let year = regex(&YEAR, r"\ben\s+(?:l'an\s+)?(\d{4})\b");
    // « seuil de minimis 2022 ? »: a year that ends the question is the date asked, unless it
    // names a text (« la loi de 2014 », « décret 2022 »).
    let last_year = regex(
        &LAST_YEAR,
        r"(?:^|[\s,:(])(?:(de|du|loi|decret|ordonnance|arrete|reglement|directive|n°|no)\s+)?(20\d\d)\s*[?!.)]*\s*$",
    );
    let c = match year.captures(&folded) {
        Some(c) => c,
        None => last_year.captures(&folded).filter(|c| c.get(1).is_none())?,
    };
    let y: i32 = c[c.len() - 1].parse().ok()?;
    if !YEARS.contains(&y) {
        return Some(AskedDate::Unusable(out_of_range(y)));
    }
    ess_corpus::Date::from_ymd(y, 1, 1).map(AskedDate::Year)
}

fn out_of_range(year: i32) -> String {
    format!(
        "l'année {year} est hors de la période sur laquelle je réponds ({} à {})",
        YEARS.start(),
        YEARS.end()
    )
}

/// Words before « compétence » that say it is not held (« n'a pas pris la compétence »).
const NOT_HELD: [&str; 5] = ["pas", "plus", "sans", "jamais", "aucune"];
/// Words before it that say it is held (« nous exerçons la compétence déchets »).
const HELD: [&str; 12] = [
    "a",
    "avons",
    "ont",
    "exerce",
    "exercons",
    "exercent",
    "detient",
    "detenons",
    "detiennent",
    "pris",
    "dispose",
    "disposons",
];
/// Words before it that make it a question (« qui a la compétence mobilité ? »).
const ASKING: [&str; 6] = ["qui", "quel", "quelle", "quels", "quelles", "si"];

/// « Notre comcom n'a pas pris la compétence mobilité », « nous exerçons la compétence
/// déchets »: the competences a question says the asker holds or does not (`sans:ID`), read
/// only after the word « compétence » and a verb that says so.
fn stated_competences(names: &[(String, Vec<String>)], question: &str) -> Vec<String> {
    let folded = crate::analysis::fold(question);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if !w.starts_with("competence") {
            continue;
        }
        // The name follows, after an article or « de »: « compétence (de la) mobilité ».
        let mut start = i + 1;
        while words
            .get(start)
            .is_some_and(|w| matches!(*w, "de" | "des" | "du" | "la" | "le" | "l" | "en"))
        {
            start += 1;
        }
        let after = words[start.min(words.len())..].join(" ");
        let named = names.iter().find(|(_, forms)| {
            forms
                .iter()
                .any(|f| after == *f || after.starts_with(&format!("{f} ")))
        });
        let Some((id, _)) = named else { continue };
        let before = &words[i.saturating_sub(6)..i];
        if before.iter().any(|w| ASKING.contains(w)) {
            continue;
        }
        let held = if before.iter().any(|w| NOT_HELD.contains(w)) {
            Some(format!("sans:{id}"))
        } else if before.iter().any(|w| HELD.contains(w)) {
            Some(id.clone())
        } else {
            None
        };
        if let Some(c) = held.filter(|c| !out.contains(c)) {
            out.push(c);
        }
    }
    out
}

/// Auxiliaries of a question in the past tense, inverted with their subject.
const PAST_AUXILIARIES: [&str; 4] = ["ont-elles", "ont-ils", "a-t-elle", "a-t-il"];

/// Words after such an auxiliary that make it a verb of possession (« ont-elles la
/// compétence ? »), not a past tense.
const NOT_A_PARTICIPLE: [&str; 12] = [
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "droit", "besoin",
];

/// « des structures ont-elles répondu ensemble … ? », « une commune a-t-elle déjà créé … ? »:
/// a question on what was done asks for examples.
fn asks_what_was_done(question: &str) -> bool {
    let folded = crate::analysis::fold(question);
    let words: Vec<&str> = folded
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    // « a-t-il encore la compétence ? »: an adverb stands between the verb and what follows.
    const ADVERBS: [&str; 10] = [
        "encore", "toujours", "deja", "vraiment", "bien", "aussi", "jamais", "souvent", "plus",
        "pas",
    ];
    (0..words.len()).any(|i| {
        PAST_AUXILIARIES.contains(&words[i])
            && words[i + 1..]
                .iter()
                .find(|w| !ADVERBS.contains(w))
                .is_some_and(|w| {
                    let next = w.split('-').next().unwrap_or_default();
                    !NOT_A_PARTICIPLE.contains(&next)
                })
    })
}

/// « Plouguerneau a sécurisé … », « la métropole a mis en place … »: a past tense, inverted
/// or not (« a » or « ont » then a participle).
fn tells_what_was_done(question: &str) -> bool {
    const ENDINGS: [&str; 8] = ["e", "es", "i", "is", "it", "u", "us", "ert"];
    let folded = crate::analysis::fold(question);
    let words: Vec<&str> = folded
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    asks_what_was_done(question)
        || words.windows(2).any(|pair| {
            matches!(pair[0], "a" | "ont")
                && !NOT_A_PARTICIPLE.contains(&pair[1])
                && pair[1].chars().count() >= 3
                && !["ses", "ces", "nos", "vos", "plus", "pas", "aussi"].contains(&pair[1])
                && ENDINGS.iter().any(|e| pair[1].ends_with(e))
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_past_tense_tells_what_was_done() {
        assert!(super::tells_what_was_done(
            "Comment Plouguerneau a sécurisé son soutien ?"
        ));
        assert!(super::tells_what_was_done(
            "comment la métropole a mis en place son SPASER"
        ));
        assert!(!super::tells_what_was_done(
            "Comment Plouguerneau peut-elle soutenir ?"
        ));
        assert!(!super::tells_what_was_done(
            "Un département a-t-il encore la clause générale de compétence ?"
        ));
        assert!(super::tells_what_was_done(
            "une commune a-t-elle déjà créé une SCIC ?"
        ));
        assert!(!super::tells_what_was_done(
            "Comment la commune a une politique ESS ?"
        ));
    }

    #[test]
    fn competences_said_held_or_not() {
        let names = vec![
            (
                "transports-voirie".to_string(),
                vec!["mobilite".to_string()],
            ),
            ("dechets".to_string(), vec!["dechets".to_string()]),
        ];
        assert_eq!(
            super::stated_competences(
                &names,
                "Notre comcom n'a pas pris la compétence mobilité en 2021"
            ),
            ["sans:transports-voirie"]
        );
        assert_eq!(
            super::stated_competences(&names, "nous exerçons la compétence déchets"),
            ["dechets"]
        );
        assert!(super::stated_competences(&names, "qui a la compétence mobilité ?").is_empty());
        assert!(
            super::stated_competences(&names, "la compétence mobilité, c'est quoi ?").is_empty()
        );
    }

    #[test]
    fn a_question_on_what_was_done_asks_for_examples() {
        assert!(super::asks_what_was_done(
            "des structures ont-elles répondu ensemble à un appel d'offres ?"
        ));
        assert!(super::asks_what_was_done(
            "une commune a-t-elle déjà créé une SCIC ?"
        ));
        assert!(!super::asks_what_was_done(
            "les EPCI ont-ils la compétence mobilité ?"
        ));
        assert!(!super::asks_what_was_done(
            "la commune a-t-elle le droit de subventionner ?"
        ));
    }

    use super::*;

    #[test]
    fn dates_as_written() {
        assert_eq!(date("au 1er janvier 2025"), Some("2025-01-01".into()));
        assert_eq!(date("le 15 mars 2024 ?"), Some("2024-03-15".into()));
        assert_eq!(date("le 31 février 2024"), None);
        assert_eq!(date("au 01/06/2021"), Some("2021-06-01".into()));
        assert_eq!(date("et en 2021 ?"), Some("2021-01-01".into()));
        assert_eq!(date("un budget de 2021 euros"), None);
        // "la loi de 2014" names a law, not the date to evaluate the law at.
        assert_eq!(date("la loi de 2014"), None);
        assert_eq!(
            date("seuil SPASER au 2021-01-01"),
            Some("2021-01-01".into())
        );
        assert_eq!(date("en l'an 2030"), Some("2030-01-01".into()));
        assert_eq!(
            date("en novembre 2021, fallait-il"),
            Some("2021-11-01".into())
        );
        assert_eq!(
            date("seuil procedure formalisee travaux 2024"),
            Some("2024-01-01".into())
        );
        assert_eq!(date("seuil de minimis 2022 ?"), Some("2022-01-01".into()));
        assert_eq!(date("que change la loi de 2014"), None);
        assert_eq!(date("le décret 2022"), None);
        assert_eq!(date("une subvention de 2024"), None);
    }

    #[test]
    fn unusable_dates_are_said_back() {
        let why = |q: &str| match asked_date(q) {
            Some(AskedDate::Unusable(why)) => why,
            other => panic!("{q}: {other:?}"),
        };
        assert_eq!(
            why("au 31 février 2025"),
            "le 31 février 2025 n'existe pas (février 2025 compte 28 jours)"
        );
        assert!(why("au 29/02/2023").contains("28 jours"));
        assert!(why("en l'an 3000").contains("3000"));
        assert!(why("au 2025-13-01").contains("mois 13"));
    }

    #[test]
    fn departement_codes() {
        assert_eq!(departement_code("à Crest (26)"), Some("26".into()));
        assert_eq!(departement_code("dans le 2a"), Some("2A".into()));
        assert_eq!(departement_code("le département 974"), Some("974".into()));
        assert_eq!(departement_code("900 habitants"), None);
    }

    #[test]
    fn fiche_numbers() {
        assert_eq!(fiche("la fiche 10"), Some(10));
        assert_eq!(fiche("fiche n°16 ?"), Some(16));
        assert_eq!(fiche("fiche numéro 3"), Some(3));
        // Read as said: the dialogue checks the number against the kit's fiches.
        assert_eq!(fiche("fiche 99"), Some(99));
        assert_eq!(fiche("fiche 0"), None);
    }
}
