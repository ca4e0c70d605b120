//! Every French commune and intercommunality (EPCI), with its département, région, population
//! and membership, found by the names people type.
//!
//! # Brief overview
//!
//! The principal type is [`Gazetteer`], built once from the extract of
//! `@etalab/decoupage-administratif` committed in `corpus/communes/` (INSEE's official
//! geographic code, the DGCL's EPCI lists, INSEE legal populations; Licence Ouverte) and
//! embedded in the binary. [`Gazetteer::builtin`] parses it on first use only, so a question
//! that names no place costs nothing. [`Gazetteer::find`] reads a question and returns the
//! places it names: a commune only where the phrasing points to a place (« maire de », « à »,
//! « commune de »…), so that a commune named like an ordinary word is not found in passing;
//! postal and INSEE codes; intercommunalities by their usual names.
//!
//! ```
//! use ess_geo::{Gazetteer, Place};
//!
//! let geo = Gazetteer::builtin();
//! let found = geo.find("je suis maire de Bréhal");
//! let Some(Place::Communes(ids)) = found.first().map(|m| &m.place) else { panic!() };
//! let brehal = geo.commune(ids[0]);
//! assert_eq!((brehal.code, brehal.departement), ("50076", "50"));
//! let epci = geo.epci(brehal.epci.unwrap());
//! assert_eq!(epci.name, "CC de Granville, Terre et Mer");
//!
//! // A name shared by several communes gives them all, to be narrowed by département.
//! let homonyms = geo.communes_named("sainte colombe");
//! assert_eq!(homonyms.len(), 12);
//! assert_eq!(geo.in_departement(&homonyms, "69").len(), 1);
//! ```

#![deny(missing_docs)]
// Library code returns errors or says why a value must be there (`expect`); tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod fold;
mod spellings;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

pub use fold::fold;
use spellings::epci_kind;
pub use spellings::EpciKind;

const COMMUNES: &str = include_str!("../../corpus/communes/communes.tsv");
const EPCIS: &str = include_str!("../../corpus/communes/epci.tsv");
const DEPARTEMENTS: &str = include_str!("../../corpus/communes/departements.tsv");
const REGIONS: &str = include_str!("../../corpus/communes/regions.tsv");
/// The version of `@etalab/decoupage-administratif` the extract comes from.
pub const VINTAGE: &str = include_str!("../../corpus/communes/VINTAGE");

/// A commune.
#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    /// Code INSEE (« 50076 »).
    pub code: &'static str,
    /// Official name (« Bréhal »).
    pub name: &'static str,
    /// Département code (« 50 », « 2A », « 974 »).
    pub departement: &'static str,
    /// Région code (« 28 »).
    pub region: &'static str,
    /// Postal codes, separated by spaces.
    pub postal_codes: &'static str,
    /// Legal population, when known.
    pub population: Option<u64>,
    /// The EPCI it belongs to (an index for [`Gazetteer::epci`]), if any.
    pub epci: Option<usize>,
}

/// An intercommunality with its own taxation (EPCI à fiscalité propre).
#[derive(Debug, Clone, PartialEq)]
pub struct Epci {
    /// SIREN.
    pub code: &'static str,
    /// Official name (« CC de Granville, Terre et Mer »).
    pub name: &'static str,
    /// Its kind.
    pub kind: EpciKind,
    /// Total population, when known.
    pub population: Option<u64>,
    /// Its member communes (indexes for [`Gazetteer::commune`]).
    pub members: Vec<usize>,
}

/// What a question names.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// One or several communes of that name (several: homonyms, or one postal code).
    Communes(Vec<usize>),
    /// An intercommunality.
    Epci(usize),
}

/// A place named in a question, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The place.
    pub place: Place,
    /// The words of the folded question that named it.
    pub words: String,
    /// Named by a strong cue (« maire de », a code, an intercommunality's name) rather than
    /// after « à » or « pour » alone.
    pub strong: bool,
}

/// The communes, intercommunalities, départements and régions.
pub struct Gazetteer {
    communes: Vec<Commune>,
    epcis: Vec<Epci>,
    /// Code → name.
    departements: HashMap<&'static str, &'static str>,
    regions: HashMap<&'static str, &'static str>,
    /// The départements' names, folded (« la creuse » is the département's, not a commune's).
    departement_names: HashSet<String>,
    by_name: HashMap<&'static str, Vec<usize>>,
    by_code: HashMap<&'static str, usize>,
    by_postal: HashMap<&'static str, Vec<usize>>,
    /// Folded ways of writing each EPCI's name, by their first word, longest first.
    epci_names: &'static EpciNames,
    /// Words that may start a commune's name, to skip quickly what starts none.
    first_words: HashMap<&'static str, usize>,
    /// One-word names by first letter and length, for typos.
    one_word: HashMap<(char, usize), Vec<&'static str>>,
}

/// Words after which a name is a place: « maire de », « commune de »… The last two are weak
/// (« à », « pour »): a name after them is a place only if written with a capital or not an
/// ordinary word (« à son capital », « il a gagné » name no commune), and never with a typo.
const CUES: [&[&str]; 16] = [
    &["maire", "de"],
    &["maire", "d"],
    &["mairie", "de"],
    &["mairie", "d"],
    &["commune", "de"],
    &["commune", "d"],
    &["ville", "de"],
    &["ville", "d"],
    &["village", "de"],
    &["village", "d"],
    &["habitants", "de"],
    &["habitants", "d"],
    &["elu", "de"],
    &["elue", "de"],
    &["a"],
    &["pour"],
];

/// How many of [`CUES`], at the end, are weak.
const WEAK_CUES: usize = 2;

/// Ordinary words that are also names of communes (« Son », « Plus »…): after a weak cue,
/// they are not taken for places unless written with a capital.
const ORDINARY: [&str; 48] = [
    "a", "au", "aux", "bien", "bon", "bonne", "ce", "ces", "cet", "cette", "elle", "en", "eux",
    "la", "le", "les", "leur", "leurs", "lui", "ma", "mes", "mon", "moins", "nos", "notre", "nous",
    "on", "ou", "plus", "sa", "ses", "si", "son", "ta", "tes", "ton", "tous", "tout", "toute",
    "toutes", "un", "une", "vos", "votre", "vous", "y", "cote", "terre",
];

/// Longest commune name, in words (« Saint-Germain-de-la-Rivière-… »).
const MAX_NAME_WORDS: usize = 8;

impl Gazetteer {
    /// The gazetteer of the extract embedded in the binary, parsed on first use.
    pub fn builtin() -> &'static Gazetteer {
        static BUILT: OnceLock<Gazetteer> = OnceLock::new();
        BUILT.get_or_init(|| Gazetteer::parse(COMMUNES, EPCIS, DEPARTEMENTS, REGIONS))
    }

    fn parse(
        communes: &'static str,
        epcis: &'static str,
        departements: &'static str,
        regions: &'static str,
    ) -> Gazetteer {
        let rows = |text: &'static str| -> Vec<Vec<&'static str>> {
            text.lines()
                .filter(|l| !l.is_empty())
                .map(|l| l.split('\t').collect())
                .collect()
        };
        let mut epci_list: Vec<Epci> = Vec::new();
        let mut epci_index = HashMap::default();
        for r in rows(epcis) {
            let kind = epci_kind(r.get(2).copied());
            epci_index.insert(r[0], epci_list.len());
            epci_list.push(Epci {
                code: r[0],
                name: r.get(1).copied().unwrap_or(""),
                kind,
                population: r.get(3).and_then(|p| p.parse().ok()),
                members: Vec::new(),
            });
        }
        let lines = communes.lines().filter(|l| !l.is_empty());
        let mut g = Gazetteer {
            communes: Vec::with_capacity(35_000),
            epcis: Vec::new(),
            departements: HashMap::default(),
            departement_names: HashSet::default(),
            regions: HashMap::default(),
            by_name: HashMap::with_capacity_and_hasher(35_000, Default::default()),
            by_code: HashMap::with_capacity_and_hasher(40_000, Default::default()),
            by_postal: HashMap::with_capacity_and_hasher(7_000, Default::default()),
            epci_names: epci_names(),
            first_words: HashMap::default(),
            one_word: HashMap::default(),
        };
        for line in lines {
            let mut f = line.split('\t');
            let mut next = || f.next().unwrap_or("");
            let (code, name, departement, region, postal_codes) =
                (next(), next(), next(), next(), next());
            let (population, epci, former, key) = (next(), next(), next(), next());
            let i = g.communes.len();
            let epci = epci_index.get(epci).copied();
            if let Some(e) = epci {
                epci_list[e].members.push(i);
            }
            if let Some(first) = key.split(' ').next() {
                *g.first_words.entry(first).or_default() += 1;
            }
            if !key.contains(' ') {
                if let Some(c) = key.chars().next() {
                    g.one_word.entry((c, key.len())).or_default().push(key);
                }
            }
            g.by_name.entry(key).or_default().push(i);
            g.by_code.insert(code, i);
            for old in former.split_whitespace() {
                g.by_code.entry(old).or_insert(i);
            }
            for postal in postal_codes.split_whitespace() {
                g.by_postal.entry(postal).or_default().push(i);
            }
            g.communes.push(Commune {
                code,
                name,
                departement,
                region,
                postal_codes,
                population: population.parse().ok(),
                epci,
            });
        }
        g.epcis = epci_list;
        for r in rows(departements) {
            g.departements.insert(r[0], r.get(1).copied().unwrap_or(""));
            g.departement_names
                .insert(fold::fold(r.get(1).copied().unwrap_or("")));
        }
        for r in rows(regions) {
            g.regions.insert(r[0], r.get(1).copied().unwrap_or(""));
        }
        g
    }

    /// A commune by index.
    pub fn commune(&self, i: usize) -> &Commune {
        &self.communes[i]
    }

    /// An EPCI by index.
    pub fn epci(&self, i: usize) -> &Epci {
        &self.epcis[i]
    }

    /// How many communes.
    pub fn commune_count(&self) -> usize {
        self.communes.len()
    }

    /// How many EPCI.
    pub fn epci_count(&self) -> usize {
        self.epcis.len()
    }

    /// A département's name by code (« Manche » for « 50 »).
    pub fn departement_name(&self, code: &str) -> Option<&'static str> {
        self.departements.get(code).copied()
    }

    /// A région's name by code.
    pub fn region_name(&self, code: &str) -> Option<&'static str> {
        self.regions.get(code).copied()
    }

    /// The communes of a name, however written (« saint lo », « Saint-Lô »).
    pub fn communes_named(&self, name: &str) -> Vec<usize> {
        self.by_name
            .get(fold(name).as_str())
            .cloned()
            .unwrap_or_default()
    }

    /// The commune of a code INSEE, current or former (a merged commune's old code gives the
    /// commune it joined).
    pub fn commune_by_code(&self, code: &str) -> Option<usize> {
        self.by_code
            .get(code.trim().to_uppercase().as_str())
            .copied()
    }

    /// The communes of a postal code.
    pub fn communes_by_postal_code(&self, code: &str) -> Vec<usize> {
        self.by_postal.get(code.trim()).cloned().unwrap_or_default()
    }

    /// Those of `communes` in a département (by code).
    pub fn in_departement(&self, communes: &[usize], departement: &str) -> Vec<usize> {
        communes
            .iter()
            .copied()
            .filter(|&i| self.communes[i].departement == departement)
            .collect()
    }

    /// Whether the words are an article and a département's name (« la creuse »).
    fn article_and_departement(&self, words: &[&str]) -> bool {
        let [article, name @ ..] = words else {
            return false;
        };
        ["la", "le", "les", "l"].contains(article)
            && self.departement_names.contains(&name.join(" "))
    }

    /// The départements an EPCI's members lie in, sorted.
    pub fn epci_departements(&self, epci: usize) -> Vec<&str> {
        let mut out: Vec<&str> = self.epcis[epci]
            .members
            .iter()
            .map(|&m| self.communes[m].departement)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The places a question names, in the order they appear.
    pub fn find(&self, question: &str) -> Vec<Mention> {
        let cased = fold::words(question);
        let words: Vec<&str> = cased.iter().map(|(w, _)| w.as_str()).collect();
        let mut out = Vec::new();
        let offsets: Vec<usize> = words
            .iter()
            .scan(0, |at, w| {
                let here = *at;
                *at += w.len() + 1;
                Some(here)
            })
            .collect();
        // Intercommunalities by their names first: « CC Granville Terre et Mer » also holds
        // the commune « Granville ». `taken` holds word ranges.
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut k = 0;
        while k < words.len() {
            let found = epci_name_at(self.epci_names, &words, k);
            match found {
                Some((name, i)) => {
                    let len = name.split(' ').count();
                    taken.push((k, k + len));
                    out.push((
                        offsets[k],
                        Mention {
                            place: Place::Epci(i),
                            words: name,
                            strong: true,
                        },
                    ));
                    k += len;
                }
                None => k += 1,
            }
        }
        // Communes after a cue, the longest name first.
        let mut i = 0;
        while i < words.len() {
            let Some((len, weak)) = cue_at(&words, i) else {
                i += 1;
                continue;
            };
            let start = i + len;
            let capital = cased[start].1;
            // « à la mairie de X »: the cue « mairie de » will be tried at its own place.
            let inside_epci = taken.iter().any(|&(a, b)| (a..b).contains(&start));
            if !inside_epci && self.first_words.contains_key(words[start]) {
                let longest = (1..=MAX_NAME_WORDS.min(words.len() - start))
                    .rev()
                    .find_map(|n| {
                        let name = words[start..start + n].join(" ");
                        let ordinary = n == 1 && ORDINARY.contains(&name.as_str());
                        if weak && ordinary && !capital {
                            return None;
                        }
                        // « une commune de la Creuse » is in the département; the commune
                        // La Creuse (Haute-Saône) is written with its capital article. So is
                        // « de la Côte-d'Or », whose first words are the commune La Côte.
                        let longest_after = (n + 3).min(words.len() - start);
                        if n >= 2
                            && !capital
                            && (n..=longest_after)
                                .any(|m| self.article_and_departement(&words[start..start + m]))
                        {
                            return None;
                        }
                        // « pour la salle des fêtes » is a room, not La Salle (Vosges): a
                        // lowercase name opening on an article, after a weak cue and before a
                        // noun's complement, is a common noun.
                        let complement = words.get(start + n).is_some_and(|w| {
                            [
                                "des",
                                "de",
                                "du",
                                "d",
                                "polyvalente",
                                "municipale",
                                "communale",
                            ]
                            .contains(w)
                        });
                        if weak
                            && !capital
                            && n >= 2
                            && ["la", "le", "les", "l"].contains(&words[start])
                            && complement
                        {
                            return None;
                        }
                        self.by_name
                            .get(name.as_str())
                            .map(|ids| (n, name, ids.clone()))
                    });
                if let Some((n, name, ids)) = longest {
                    out.push((
                        offsets[start],
                        Mention {
                            place: Place::Communes(ids),
                            words: name,
                            strong: !weak,
                        },
                    ));
                    i = start + n;
                    continue;
                }
            } else if !weak && !inside_epci && words[start].chars().count() >= 5 {
                if let Some((name, ids)) = self.near(words[start]) {
                    out.push((
                        offsets[start],
                        Mention {
                            place: Place::Communes(ids),
                            words: name,
                            strong: true,
                        },
                    ));
                }
            }
            i = start;
        }
        // Postal codes and codes INSEE: five characters, digits (2A/2B for Corsica).
        for (k, w) in words.iter().enumerate() {
            if !is_code(w) || is_quantity(question, w) {
                continue;
            }
            let postal = self.communes_by_postal_code(w);
            let ids = if postal.is_empty() {
                self.commune_by_code(w).into_iter().collect()
            } else {
                postal
            };
            if !ids.is_empty() {
                out.push((
                    offsets[k],
                    Mention {
                        place: Place::Communes(ids),
                        words: w.to_string(),
                        strong: true,
                    },
                ));
            }
        }
        out.sort_by_key(|(at, _)| *at);
        out.into_iter().map(|(_, m)| m).collect()
    }

    /// The commune names closest to `name` (for « vouliez-vous dire … ? »), best first.
    pub fn suggest(&self, name: &str, n: usize) -> Vec<&'static str> {
        let wanted = fold(name);
        let first = wanted.chars().next();
        let mut scored: Vec<(usize, &'static str)> = self
            .by_name
            .iter()
            .filter(|(k, _)| k.chars().next() == first && k.len().abs_diff(wanted.len()) <= 2)
            .map(|(k, ids)| (strsim::osa_distance(k, &wanted), self.communes[ids[0]].name))
            .filter(|(d, _)| *d <= 2)
            .collect();
        scored.sort();
        scored.into_iter().take(n).map(|(_, name)| name).collect()
    }

    /// A one-word commune name one edit away from `word` (« brehall » for « Bréhal »), if
    /// exactly one name is.
    fn near(&self, word: &str) -> Option<(String, Vec<usize>)> {
        // A typo rarely hits the first letter: names of that letter, one length either way.
        let first = word.chars().next()?;
        let mut found: Option<&'static str> = None;
        for len in [word.len().saturating_sub(1), word.len(), word.len() + 1] {
            for name in self.one_word.get(&(first, len)).into_iter().flatten() {
                if strsim::osa_distance(name, word) == 1 {
                    if found.is_some_and(|f| f != *name) {
                        return None;
                    }
                    found = Some(name);
                }
            }
        }
        let name = found?;
        Some((name.to_string(), self.by_name.get(name)?.clone()))
    }
}

/// Whether [`Gazetteer::find`] may find a place in `question`, answered without parsing the
/// gazetteer (which takes tens of milliseconds and megabytes on first use): when this says
/// no, `find` finds nothing. It looks for codes, intercommunalities' names, and, after a cue,
/// a commune's exact name in a sorted list made at build time; a strong cue (« maire de »)
/// always says yes, since `find` then also corrects typos.
///
/// ```
/// assert!(!ess_geo::may_name_a_place("Quels leviers pour la mobilité en milieu rural ?"));
/// assert!(ess_geo::may_name_a_place("Quels leviers pour Bréhal ?"));
/// assert!(ess_geo::may_name_a_place("je suis maire de Brehall"));
/// assert!(ess_geo::may_name_a_place("la CC Granville Terre et Mer"));
/// ```
pub fn may_name_a_place(question: &str) -> bool {
    let cased = fold::words(question);
    let words: Vec<&str> = cased.iter().map(|(w, _)| w.as_str()).collect();
    if words.iter().any(|w| is_code(w)) {
        return true;
    }
    let names = epci_names();
    if (0..words.len()).any(|k| epci_name_at(names, &words, k).is_some()) {
        return true;
    }
    (0..words.len()).any(|i| match cue_at(&words, i) {
        None => false,
        Some((_, false)) => true,
        Some((len, true)) => {
            let start = i + len;
            (1..=MAX_NAME_WORDS.min(words.len() - start)).any(|n| {
                commune_keys()
                    .binary_search(&words[start..start + n].join(" ").as_str())
                    .is_ok()
            })
        }
    })
}

/// The folded names of every commune, sorted, once each (written by `build.rs`).
fn commune_keys() -> &'static [&'static str] {
    static KEYS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| {
        include_str!(concat!(env!("OUT_DIR"), "/commune-keys.txt"))
            .lines()
            .collect()
    })
}

/// Folded spellings of EPCI names, sorted, with the EPCI's index (several EPCIs may share
/// one), and the most words a spelling has: written by `build.rs` (`epci-spellings.txt`, one
/// `spelling<TAB>index` per line), read here without any folding.
struct EpciNames {
    spellings: Vec<(&'static str, usize)>,
    max_words: usize,
}

/// The spellings of every EPCI's name.
fn epci_names() -> &'static EpciNames {
    static NAMES: OnceLock<EpciNames> = OnceLock::new();
    NAMES.get_or_init(|| {
        let spellings: Vec<(&'static str, usize)> =
            include_str!(concat!(env!("OUT_DIR"), "/epci-spellings.txt"))
                .lines()
                .filter_map(|line| {
                    let (spelling, index) = line.split_once('\t')?;
                    Some((spelling, index.parse().ok()?))
                })
                .collect();
        let max_words = spellings
            .iter()
            .map(|(s, _)| s.split(' ').count())
            .max()
            .unwrap_or(0);
        EpciNames {
            spellings,
            max_words,
        }
    })
}

/// The longest EPCI name written from word `k` on: its words and the EPCI's index (the first
/// EPCI of that name).
fn epci_name_at(names: &EpciNames, words: &[&str], k: usize) -> Option<(String, usize)> {
    (1..=names.max_words.min(words.len() - k))
        .rev()
        .find_map(|n| {
            let wanted = words[k..k + n].join(" ");
            let at = names
                .spellings
                .partition_point(|(s, _)| *s < wanted.as_str());
            let (spelling, i) = names.spellings.get(at)?;
            (*spelling == wanted).then_some((wanted, *i))
        })
}

/// The cue of [`CUES`] at word `i`, if one is there with a word after it: its length in words
/// and whether it is weak.
fn cue_at(words: &[&str], i: usize) -> Option<(usize, bool)> {
    CUES.iter().enumerate().find_map(|(n, cue)| {
        let weak = n >= CUES.len() - WEAK_CUES;
        (words.len() > i + cue.len() && words[i..i + cue.len()] == cue[..])
            .then_some((cue.len(), weak))
    })
}

/// Whether the five digits are written as an amount or a count (« 25000 euros », « 50000 €,
/// « 12000 habitants », « 15000 hab »), not as a code: the word after them is a unit.
fn is_quantity(question: &str, digits: &str) -> bool {
    const UNITS: [&str; 29] = [
        "€",
        "euro",
        "eur",
        "k€",
        "m€",
        "%",
        "hab",
        "agent",
        "salarié",
        "salarie",
        "emploi",
        "repas",
        "âme",
        "ame",
        "administré",
        "administre",
        "personne",
        "logement",
        "élève",
        "eleve",
        "ménage",
        "menage",
        "tonne",
        "usager",
        "adhérent",
        "adherent",
        "bénéficiaire",
        "beneficiaire",
        "enfant",
    ];
    question.match_indices(digits).any(|(at, _)| {
        let after = question[at + digits.len()..].trim_start().to_lowercase();
        UNITS.iter().any(|unit| after.starts_with(unit))
    })
}

/// A postal code or code INSEE: five characters, digits (2A/2B for Corsica).
fn is_code(w: &str) -> bool {
    w.len() == 5
        && w.chars().enumerate().all(|(j, c)| {
            c.is_ascii_digit() || (j == 1 && (c == 'a' || c == 'b') && w.starts_with('2'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geo() -> &'static Gazetteer {
        Gazetteer::builtin()
    }

    fn communes_in(q: &str) -> Vec<Vec<String>> {
        geo()
            .find(q)
            .into_iter()
            .filter_map(|m| match m.place {
                Place::Communes(ids) => Some(
                    ids.iter()
                        .map(|&i| geo().commune(i).code.to_string())
                        .collect(),
                ),
                Place::Epci(_) => None,
            })
            .collect()
    }

    /// « CC de 15000 hab » is a population, not the postal code of Aurillac.
    #[test]
    fn five_digits_before_a_unit_are_no_postal_code() {
        assert!(communes_in("CC de 15000 hab, PCAET obligatoire ?").is_empty());
        assert!(communes_in("une commune de 15000 habitants").is_empty());
        assert!(communes_in("notre cantine sert 25000 repas par an").is_empty());
        assert!(communes_in("intercommunalité de 31000 administrés").is_empty());
        assert!(!communes_in("je suis maire au 15000").is_empty());
    }

    /// « pour la salle des fêtes » names a room; « maire de La Salle » the commune.
    #[test]
    fn a_common_noun_after_an_article_no_commune() {
        assert!(communes_in("un permis pour la salle des fêtes").is_empty());
        assert!(!communes_in("je suis maire de La Salle dans les Vosges").is_empty());
    }

    /// « une commune de la Creuse » is in the département; « maire de La Creuse », with the
    /// capital article, names the commune of Haute-Saône.
    #[test]
    fn an_article_and_a_departement_name_no_commune() {
        assert!(communes_in("une commune de la Creuse").is_empty());
        assert!(communes_in("une commune de la creuse").is_empty());
        assert!(communes_in("une commune de la Côte-d'Or").is_empty());
        let named = communes_in("maire de La Creuse");
        assert_eq!(named.len(), 1, "{named:?}");
        assert!(
            named[0].iter().all(|code| code.starts_with("70")),
            "{named:?}"
        );
    }

    #[test]
    fn the_extract_holds_every_commune_and_epci() {
        assert_eq!(geo().commune_count(), 34_969);
        assert_eq!(geo().epci_count(), 1_255);
        let mut names: HashMap<&str, usize> = HashMap::default();
        for c in &geo().communes {
            *names.entry(c.name).or_default() += 1;
        }
        assert_eq!(names.values().filter(|&&n| n > 1).count(), 1_441);
        let across = (0..geo().epci_count())
            .filter(|&e| geo().epci_departements(e).len() > 1)
            .count();
        assert_eq!(across, 89);
        assert!(geo().communes.iter().any(|c| c.epci.is_none()));
    }

    #[test]
    fn the_extract_folds_names_as_this_crate_does() {
        let mut seen = 0;
        for (key, ids) in &geo().by_name {
            for &i in ids {
                assert_eq!(
                    *key,
                    fold(geo().commune(i).name),
                    "{}",
                    geo().commune(i).name
                );
                seen += 1;
            }
        }
        assert_eq!(seen, geo().commune_count());
    }

    #[test]
    fn communes_by_name_without_accents_hyphens_or_capitals() {
        assert_eq!(communes_in("je suis maire de Bréhal"), [["50076"]]);
        assert_eq!(communes_in("à saint lo"), [["50502"]]);
        assert_eq!(communes_in("pour la commune de ST-LO ?"), [["50502"]]);
        assert_eq!(
            communes_in("les habitants de brehall"),
            [["50076"]],
            "one typo"
        );
    }

    #[test]
    fn codes_find_communes() {
        assert!(communes_in("on donne 25000 euros par an a une asso").is_empty());
        assert!(communes_in("une subvention de 25000 € ?").is_empty());
        assert!(communes_in("une commune de 12000 habitants").is_empty());
        let by_postal = communes_in("code postal 50290");
        assert_eq!(by_postal.len(), 1);
        assert_eq!(by_postal[0].len(), 6, "50290 serves six communes");
        assert!(by_postal[0].contains(&"50076".to_string()));
        // A former code INSEE of a merged commune gives the commune it joined.
        assert_eq!(
            geo()
                .commune_by_code("50459")
                .map(|i| geo().commune(i).name),
            Some("Saint-Lô")
        );
        assert!(geo().communes_by_postal_code("75001").len() == 1);
    }

    #[test]
    fn homonyms_are_all_given_and_narrowed_by_departement() {
        let all = geo().communes_named("Sainte-Colombe");
        assert_eq!(all.len(), 12);
        let rhone = geo().in_departement(&all, "69");
        assert_eq!(rhone.len(), 1);
        assert_eq!(geo().departement_name("69"), Some("Rhône"));
    }

    #[test]
    fn intercommunalities_by_their_usual_names() {
        let epci_in = |q: &str| -> Vec<String> {
            geo()
                .find(q)
                .into_iter()
                .filter_map(|m| match m.place {
                    Place::Epci(i) => Some(geo().epci(i).name.to_string()),
                    Place::Communes(_) => None,
                })
                .collect()
        };
        assert_eq!(
            epci_in("la CC Granville Terre et Mer"),
            ["CC de Granville, Terre et Mer"]
        );
        assert_eq!(epci_in("pour Brest métropole ?"), ["Brest Métropole"]);
        assert_eq!(
            epci_in("la communauté d'agglomération du Cotentin"),
            ["CA du Cotentin"]
        );
        assert_eq!(epci_in("l'agglo du Cotentin"), ["CA du Cotentin"]);
        // The commune inside an EPCI's name is not taken for a place of its own.
        assert!(communes_in("la CC Granville Terre et Mer").is_empty());
    }

    #[test]
    fn the_epci_of_a_commune_comes_from_the_member_lists() {
        let brehal = geo().commune(geo().communes_named("Bréhal")[0]);
        let epci = geo().epci(brehal.epci.expect("Bréhal is in an EPCI"));
        assert_eq!(epci.kind, EpciKind::CommunauteCommunes);
        assert!(epci.members.len() > 10);
    }

    #[test]
    fn weak_cues_take_no_ordinary_word_and_no_typo() {
        assert!(communes_in("une commune peut-elle entrer à son capital ?").is_empty());
        assert!(communes_in("qui a gagné le match hier soir ?").is_empty());
        assert!(communes_in("le dernier commerce du village a fermé").is_empty());
        assert!(communes_in("vers qui se tourner pour lancer une politique").is_empty());
        assert_eq!(
            communes_in("Quel temps fera-t-il demain à Caen ?"),
            [["14118"]]
        );
        assert_eq!(communes_in("à saint lo"), [["50502"]]);
    }

    #[test]
    fn ordinary_words_are_not_places_without_a_cue() {
        // « Plan », « Mobile »-like words: commune names, but not places here.
        assert!(communes_in("un plan de mobilité pour la ville").is_empty());
        assert!(communes_in("quels leviers pour la mobilite en milieu rural").is_empty());
    }

    #[test]
    fn the_pre_check_says_yes_to_every_question_that_names_a_place() {
        for q in [
            "je suis maire de Bréhal",
            "maire de brehall, que faire ?",
            "des exemples à Langouët",
            "pour Saint-Lô",
            "code postal 50400",
            "la CA du Cotentin",
            "Rennes Métropole soutient-elle l'ESS ?",
        ] {
            assert!(!geo().find(q).is_empty(), "{q}");
            assert!(may_name_a_place(q), "{q}");
        }
        for q in [
            "Quels leviers pour la mobilité en milieu rural ?",
            "Une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ?",
            "qu'est-ce qu'une SCIC ?",
        ] {
            assert!(!may_name_a_place(q), "{q}");
        }
    }

    #[test]
    fn the_spellings_written_at_build_time_are_those_of_every_epci() {
        let mut expected: Vec<(String, usize)> = (0..geo().epci_count())
            .flat_map(|i| {
                let e = geo().epci(i);
                spellings::epci_spellings(e.name, e.kind)
                    .into_iter()
                    .map(move |s| (s, i))
            })
            .collect();
        expected.sort();
        expected.dedup();
        let written: Vec<(String, usize)> = epci_names()
            .spellings
            .iter()
            .map(|(s, i)| (s.to_string(), *i))
            .collect();
        assert!(written.len() > 3_000, "{}", written.len());
        assert_eq!(written, expected);
    }

    /// Words that make up questions: cues, names of communes and EPCIs, ordinary words.
    const WORDS: [&str; 24] = [
        "à",
        "pour",
        "maire",
        "de",
        "d'",
        "commune",
        "la",
        "le",
        "Bréhal",
        "brehall",
        "Saint-Lô",
        "Langouët",
        "Plan",
        "plan",
        "CC",
        "Granville",
        "Terre",
        "et",
        "Mer",
        "Cotentin",
        "CA",
        "50400",
        "mobilité",
        "rural",
    ];

    proptest::proptest! {
        #[test]
        fn any_question_is_read_without_panic(q in "\\PC{0,80}") {
            let _ = geo().find(&q);
            let _ = may_name_a_place(&q);
        }

        #[test]
        fn when_the_pre_check_says_no_find_finds_nothing(
            picks in proptest::collection::vec(0..WORDS.len(), 0..9)
        ) {
            let q: Vec<&str> = picks.iter().map(|&i| WORDS[i]).collect();
            let q = q.join(" ");
            if !may_name_a_place(&q) {
                proptest::prop_assert!(geo().find(&q).is_empty(), "{}", q);
            }
        }
    }
}
