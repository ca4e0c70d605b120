//! From a French question to slots: intent, themes, territory, glossary terms, profile, fiche.
//!
//! The words come from the corpus (themes, territories, collectivity types, glossary, intents);
//! only the shapes of numbers with their units ("5 200 habitants", "70 M€") are patterns here.

use std::sync::OnceLock;

use regex::Regex;

use crate::lexicon::{Lexicon, Target};
use crate::profile::Profile;

/// What a question says, as far as the engine understands it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Understanding {
    /// `leviers`, `obligations`, `exemples`, `definition`, `seuil`, `fiche`, `acteurs`,
    /// `comparaison`, `aide`; `None` when no cue was found.
    pub intent: Option<String>,
    pub themes: Vec<String>,
    /// Themes implied by the profile's words ("rural" implies ruralité), not a subject.
    pub implied_themes: Vec<String>,
    pub territories: Vec<String>,
    /// Glossary entries named (positions in the corpus).
    pub glossary: Vec<usize>,
    /// Examples and actors named by their name or place (positions in the corpus).
    pub named: Vec<usize>,
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
    /// Whether the date names a day (« au 1er janvier 2025 ») rather than a year (« en 2025 »).
    pub date_is_a_day: bool,
    /// A commune or an intercommunality the question names.
    pub place: Option<crate::places::PlaceRead>,
    /// Whether it was named as the asker's place (« maire de », a code, an EPCI), not merely
    /// after « à »: only then does it make the question one about the asker.
    pub place_is_stated: bool,
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
        intent: lexicon.intent(question).map(str::to_string),
        ..Understanding::default()
    };
    // Territories and collectivity types first, longest matches first: "politique de la
    // ville" is a territory before "ville" is a commune. A theme or glossary term found inside
    // such a span ("milieu rural" also names the theme ruralité) is implied by the profile, not
    // a subject of its own: "et en milieu rural ?" follows up on the previous subject.
    let found = lexicon.find(question);
    let mut covered: Vec<(usize, usize)> = Vec::new();
    let overlaps = |covered: &[(usize, usize)], start: usize, len: usize| {
        covered
            .iter()
            .any(|&(s, l)| start < s + l && s < start + len)
    };
    for f in &found {
        match &f.target {
            Target::Territory(id) if !overlaps(&covered, f.start, f.len) => {
                push_unique(&mut u.territories, id);
                covered.push((f.start, f.len));
            }
            Target::Collectivity(id)
                if !overlaps(&covered, f.start, f.len) && u.profile.kind.is_none() =>
            {
                u.profile.kind = Some(id.clone());
                covered.push((f.start, f.len));
            }
            Target::Departement(code)
                if !overlaps(&covered, f.start, f.len) && u.profile.departement.is_none() =>
            {
                u.profile.departement = Some(code.clone());
                covered.push((f.start, f.len));
            }
            _ => {}
        }
    }
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
    // The question's subject comes first: "l'ESS" is named by nearly every question.
    u.themes.sort_by_key(|t| lexicon.is_broad_theme(t));
    let mut in_terms: Vec<usize> = found
        .iter()
        .filter(|f| matches!(f.target, Target::Glossary(_)))
        .flat_map(|f| f.start..f.start + f.len)
        .collect();
    in_terms.sort_unstable();
    in_terms.dedup();
    u.words_beside_terms = lexicon.word_count(question).saturating_sub(in_terms.len());
    u.profile.territoire = u.territories.first().cloned();
    u.profile.population = population(question);
    u.profile.achats_annuels_ht = purchases(question);
    u.profile.agents = agents(question);
    if u.profile.departement.is_none() {
        u.profile.departement =
            departement_code(question).filter(|code| lexicon.departement_region(code).is_some());
    }
    if let Some((place, strong)) = crate::places::read(question, u.profile.departement.as_deref()) {
        crate::places::fill(&mut u.profile, &place, strong);
        u.place = Some(place);
        u.place_is_stated = strong;
    }
    u.profile.region = u
        .profile
        .departement
        .as_deref()
        .and_then(|code| lexicon.departement_region(code))
        .map(str::to_string);
    u.fiche = fiche(question);
    u.known_words = lexicon.known_words(question);
    if let Some((day, is_a_day)) = asked_date(question) {
        u.date = Some(day);
        u.date_is_a_day = is_a_day;
    }
    u
}

fn push_unique(list: &mut Vec<String>, id: &str) {
    if !list.iter().any(|x| x == id) {
        list.push(id.to_string());
    }
}

/// A number as users write it: "5 200", "5200", "5.200", "70", "1,5".
const NUMBER: &str = r"(\d{1,3}(?:[ \u{a0}\u{202f}.]\d{3})+|\d+(?:,\d+)?)";

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("the built-in patterns are valid"))
}

fn parse_number(text: &str) -> Option<f64> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    digits.parse().ok()
}

/// A count as the question bounds it: « 900 habitants » is 900; « moins de 3 500 habitants »
/// is read as 3 499 and « plus de 3 500 » as 3 501, the nearest counts the words allow, so
/// that a threshold worded « moins de » or « au moins » is decided the way the law reads it.
fn bounded_count(caps: &regex::Captures<'_>) -> Option<u64> {
    let n = parse_number(&caps[2])? as u64;
    Some(match caps.get(1).map(|m| m.as_str().to_lowercase()) {
        Some(bound) if bound.starts_with("moins") => n.saturating_sub(1),
        Some(bound) if bound.starts_with("plus") => n.saturating_add(1),
        _ => n,
    })
}

fn population(q: &str) -> Option<u64> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        &format!(r"(?i)(?:(moins|plus)\s+de\s+)?{NUMBER}\s*(?:habitants|hab\b|hab\.)"),
    );
    bounded_count(&re.captures(q)?)
}

fn agents(q: &str) -> Option<u64> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        &format!(r"(?i)(?:(moins|plus)\s+de\s+)?{NUMBER}\s*(?:agents|salariés|salaries)\b"),
    );
    bounded_count(&re.captures(q)?)
}

fn purchases(q: &str) -> Option<f64> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        &format!(
            r"(?i){NUMBER}\s*(m€|meur\b|m\s*eur\b|millions?\s+d['’]euros|millions?\s*€|millions?\b|k€|keur\b|€|eur\b|euros\b)"
        ),
    );
    let caps = re.captures(q)?;
    let n = parse_number(&caps[1])?;
    let unit = caps[2].to_lowercase();
    let factor = if unit.starts_with('m') {
        1e6
    } else if unit.starts_with('k') {
        1e3
    } else {
        1.0
    };
    Some(n * factor)
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
    re.captures(q)?[1]
        .parse()
        .ok()
        .filter(|n| (1..=24).contains(n))
}

/// A date named in the question: "le 1er janvier 2025", "au 15/03/2024", "en 2021" (a year
/// alone means its first day, when thresholds usually change).
#[cfg(test)]
fn date(q: &str) -> Option<String> {
    asked_date(q).map(|(day, _)| day.to_string())
}

/// The date a question asks about, and whether it names a day (« au 1er janvier 2025 ») or
/// only a year (« en 2025 », read as its first day).
fn asked_date(q: &str) -> Option<(ess_corpus::Date, bool)> {
    static FULL: OnceLock<Regex> = OnceLock::new();
    static NUMERIC: OnceLock<Regex> = OnceLock::new();
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let folded = crate::analysis::fold(q);
    let full = regex(
        &FULL,
        r"\b(\d{1,2})(?:er)?\s+(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\s+((?:19|20)\d{2})\b",
    );
    let iso = |y: &str, m: usize, d: u32| ess_corpus::Date::from_ymd(y.parse().ok()?, m as u32, d);
    if let Some(c) = full.captures(&folded) {
        let m = crate::french::MONTHS
            .iter()
            .position(|m| crate::analysis::fold(m) == c[2])?
            + 1;
        return iso(&c[3], m, c[1].parse().ok()?).map(|d| (d, true));
    }
    let numeric = regex(&NUMERIC, r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b");
    if let Some(c) = numeric.captures(&folded) {
        return iso(&c[3], c[2].parse().ok()?, c[1].parse().ok()?).map(|d| (d, true));
    }
    let year = regex(&YEAR, r"\ben\s+((?:19|20)\d{2})\b");
    let c = year.captures(&folded)?;
    ess_corpus::Date::from_ymd(c[1].parse().ok()?, 1, 1).map(|d| (d, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_counts_are_read_the_way_thresholds_are_worded() {
        assert_eq!(population("une commune de 900 habitants"), Some(900));
        assert_eq!(population("moins de 3 500 habitants"), Some(3499));
        assert_eq!(population("plus de 20 000 habitants"), Some(20_001));
        assert_eq!(agents("moins de 50 agents"), Some(49));
    }

    #[test]
    fn populations_as_written() {
        assert_eq!(population("une commune de 900 habitants"), Some(900));
        assert_eq!(population("5 200 hab."), Some(5200));
        assert_eq!(population("5\u{202f}200 habitants"), Some(5200));
        assert_eq!(population("12.000 hab"), Some(12000));
        assert_eq!(population("la mobilité"), None);
    }

    #[test]
    fn purchases_as_written() {
        assert_eq!(purchases("70 M€ d'achats"), Some(70e6));
        assert_eq!(purchases("70 millions d'euros"), Some(70e6));
        assert_eq!(purchases("150 000 000 €"), Some(150e6));
        assert_eq!(purchases("1,5 million"), Some(1.5e6));
        assert_eq!(purchases("40 k€"), Some(40e3));
    }

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
        assert_eq!(fiche("fiche 99"), None);
    }
}
