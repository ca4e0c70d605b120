//! The ESS knowledge base: the data files under `corpus/data`, and the code that loads and
//! validates them.
//!
//! The data is plain TOML, one folder per kind of entry (levers, examples, legal texts, dated
//! parameters…), described in `corpus/FORMAT.md`. The files are embedded in the binary at
//! compile time, so the default corpus needs no set-up; another folder can replace it at run
//! time. Loading checks everything (unknown or missing fields, duplicate ids, unknown themes or
//! documents, dangling references) and reports each problem with its file, line and field, in
//! French.
//!
//! ```
//! let corpus = ess_corpus::Corpus::builtin().expect("the embedded corpus is valid");
//! let fiche = corpus.entry("kit-10").expect("kit fiche 10 is in the corpus");
//! assert_eq!(fiche.source.fiche, Some(10));
//! assert!(corpus.citation(&fiche.source).starts_with("Kit Municipal ESS, fiche 10"));
//! ```

mod error;
mod load;
pub mod model;

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use error::{CorpusError, Problem};
pub use load::{dir_files, embedded_files, is_iso_date, load, DataFile};
pub use model::{
    Competence, DatedValue, Entry, Kind, Origin, ParamValue, Provenance, Reference, SourceDoc,
    Vocable,
};

/// The whole knowledge base, validated.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub sources: Vec<SourceDoc>,
    pub themes: Vec<Vocable>,
    pub territories: Vec<Vocable>,
    pub collectivities: Vec<Vocable>,
    /// The competence taxonomy (`competences.toml`).
    pub competences: Vec<Competence>,
    /// What a question can ask for, with the words that signal it (first match wins).
    pub intents: Vec<Vocable>,
    /// Départements: code (`id`), name (`label`) and région.
    pub departements: Vec<Vocable>,
    pub entries: Vec<Entry>,
    pub rules: Vec<RuleDef>,
    by_id: HashMap<String, usize>,
}

/// The kinds of rule: what a rule's verdict says.
pub const RULE_KINDS: [&str; 5] = [
    "obligation",
    "competence",
    "eligibilite",
    "vigilance",
    "levier",
];

/// A rule of the rule base, as written in `corpus/data/regles/*.toml`. Its condition is parsed
/// and checked by the engine (the expression language lives there).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    /// `obligation`, `competence` (who holds what), `eligibilite` (a support scheme),
    /// `vigilance` (a limit to respect) or `levier` (whether a lever is within reach).
    pub kind: String,
    pub title: String,
    /// The condition, in the rule language (see `corpus/FORMAT.md`).
    pub condition: String,
    /// What holds when the condition is true, written for a person.
    pub then: String,
    /// What holds when it is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<String>,
    /// Why: the reasoning, for a person.
    pub explanation: String,
    /// Ids of entries (texts, parameters, fiches, levers) the rule rests on.
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    /// `levier` rules: ids of the levers (`leviers/*.toml`) whose reach the rule settles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levers: Vec<String>,
    /// `levier` rules: when the collectivity cannot pull the lever itself, the condition under
    /// which it can still pull it with a partner that holds the competence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_condition: Option<String>,
    /// `levier` rules: how, with which partner (shown when `partner_condition` holds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
    /// Where the text of `condition` starts in its file (line, column), for error messages.
    #[serde(skip)]
    pub condition_at: (usize, usize),
    /// Same for `partner_condition`.
    #[serde(skip)]
    pub partner_condition_at: (usize, usize),
}

impl Corpus {
    /// The corpus compiled into the binary.
    pub fn builtin() -> Result<Corpus, CorpusError> {
        Corpus::from_files(&embedded_files())
    }

    /// A corpus read from a folder laid out like `corpus/data`.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Corpus, CorpusError> {
        let dir = dir.as_ref();
        if !dir.is_dir() {
            return Err(CorpusError::Io {
                path: dir.display().to_string(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "ce dossier n'existe pas",
                ),
            });
        }
        Corpus::from_files(&dir_files(dir)?)
    }

    pub fn from_files(files: &[DataFile]) -> Result<Corpus, CorpusError> {
        let mut corpus = load(files)?;
        corpus.by_id = corpus
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Ok(corpus)
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// A competence of the taxonomy.
    pub fn competence(&self, id: &str) -> Option<&Competence> {
        self.competences.iter().find(|c| c.id == id)
    }

    /// A collectivity type, by id.
    pub fn collectivity(&self, id: &str) -> Option<&Vocable> {
        self.collectivities.iter().find(|c| c.id == id)
    }

    pub fn source(&self, key: &str) -> Option<&SourceDoc> {
        self.sources.iter().find(|s| s.key == key)
    }

    pub fn entries_of(&self, kind: Kind) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.kind == kind)
    }

    /// How a person cites a provenance: "Kit Municipal ESS, fiche 10, p. 21".
    pub fn citation(&self, p: &Provenance) -> String {
        let mut out = self
            .source(&p.document)
            .map_or_else(|| p.document.clone(), |s| s.citation.clone());
        if let Some(n) = p.fiche {
            out.push_str(&format!(", fiche {n}"));
        }
        if let Some(page) = p.page {
            out.push_str(&format!(", p. {page}"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_corpus_is_valid() {
        if let Err(e) = Corpus::builtin() {
            panic!("{e}");
        }
    }
}
