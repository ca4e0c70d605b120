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
//! assert!(corpus.citation(&fiche.source).starts_with("Kit Municipal ESS (éd. 2020), fiche 10"));
//! ```

#![deny(missing_docs)]
// Library code returns errors or says why a value must be there (`expect`); tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod condition;
mod date;
mod error;
mod files;
mod id;
mod load;
mod model;
mod position;
pub mod records;

use std::collections::HashMap;
use std::path::Path;

use records::{Records, RecordsError};

pub use date::{Date, DateError};
pub use error::{CorpusError, Problem};
pub use files::{
    dir_files, dir_stamps, embedded_files, io_french, DataFile, FileStamp, MAX_FILE_BYTES,
};
pub use id::{CollectivityTypeId, CompetenceId, EntryId, RuleId, SourceKey, TerritoryId, ThemeId};
pub use model::{
    AnnouncedValue, Competence, Condition, DatedValue, Entry, FactWording, FicheCategory, Kind,
    Origin, OutOfScope, ParamValue, Provenance, Quantity, Reference, Renaming, RenamingSource,
    Rule, RuleKind, SourceDoc, Unit, Vocable,
};

/// The whole knowledge base, validated: every file parsed, every id, reference, vocabulary,
/// dated value and rule condition checked. A corpus that loads is one every command can use.
///
/// It serialises so that a corpus validated once, at build time, can be read back quickly:
/// [`Corpus::to_prepared`] and [`Corpus::from_prepared`]. That form is internal to one build,
/// not a published format. A corpus read back that way decodes its entries when they are
/// first read ([`records`]); [`Corpus::entry_at`], [`Corpus::entries`] and their kin work the
/// same on both.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Corpus {
    /// The source documents and legal texts (`sources.toml`).
    pub sources: Vec<SourceDoc>,
    /// The theme taxonomy (`themes.toml`).
    pub themes: Vec<Vocable<ThemeId>>,
    /// Kinds of territory (`territoires.toml`).
    pub territories: Vec<Vocable<TerritoryId>>,
    /// Types of collectivity (`collectivites.toml`).
    pub collectivities: Vec<Vocable<CollectivityTypeId>>,
    /// The competence taxonomy (`competences.toml`).
    pub competences: Vec<Competence>,
    /// What a question can ask for, with the words that signal it (first match wins).
    pub intents: Vec<Vocable>,
    /// Départements: code (`id`), name (`label`) and région.
    pub departements: Vec<Vocable>,
    /// How answers write each fact of a profile (`faits.toml`).
    pub facts: Vec<FactWording>,
    /// Every entry, in file order: read them with [`Corpus::entry_at`], [`Corpus::entries`]…
    #[serde(skip)]
    entries: Entries,
    /// The rule base, conditions compiled.
    pub rules: Vec<Rule>,
    /// Bodies renamed or replaced since the source documents (`renommages.toml`, optional).
    pub renamings: Vec<Renaming>,
    /// Subjects the source documents do not treat (`hors-champ.toml`, optional).
    #[serde(default)]
    pub out_of_scope: Vec<OutOfScope>,
    #[serde(skip)]
    by_id: HashMap<EntryId, usize>,
    /// The fiches of each document: (document, number, title), sorted, one per number (the
    /// first title in order). Every answer reads the kit's, so they are gathered once, at
    /// load, and kept in the prepared form, which then decodes no fiche for them.
    fiches: Vec<(SourceKey, u32, String)>,
}

/// Where the entries are.
#[derive(Debug, Clone)]
enum Entries {
    /// Loaded from their files.
    Decoded(Vec<Entry>),
    /// Read back from a prepared corpus, decoded when first read.
    Encoded(Records),
}

impl Default for Entries {
    fn default() -> Entries {
        Entries::Decoded(Vec::new())
    }
}

impl Corpus {
    /// The corpus compiled into the binary.
    pub fn builtin() -> Result<Corpus, CorpusError> {
        Corpus::from_files(&embedded_files())
    }

    /// A corpus read from a folder laid out like `corpus/data`.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Corpus, CorpusError> {
        Corpus::from_files(&dir_files(dir.as_ref())?)
    }

    /// A corpus from files already read (paths relative to the corpus root). Nothing is
    /// loaded partially: any problem refuses the whole, with every problem found.
    pub fn from_files(files: &[DataFile]) -> Result<Corpus, CorpusError> {
        load::load(files)
    }

    /// The corpus as [`Corpus::from_prepared`] reads it back in this same build: the JSON of
    /// everything but the entries, and the entries encoded one by one ([`records`]).
    pub fn to_prepared(&self) -> serde_json::Result<(Vec<u8>, Vec<u8>)> {
        let head = serde_json::to_vec(self)?;
        let entries: Vec<&Entry> = self.entries().collect();
        Ok((head, records::encode(&entries)?))
    }

    /// A corpus that was loaded and validated before, then written by [`Corpus::to_prepared`]
    /// in the same build: nothing is checked again but the syntax of rule conditions and the
    /// tables of the entries, and no entry is decoded until it is read.
    pub fn from_prepared(head: &[u8], entries: records::Bytes) -> Result<Corpus, PreparedError> {
        let mut corpus: Corpus = serde_json::from_slice(head)?;
        corpus.entries = Entries::Encoded(Records::open(entries)?);
        Ok(corpus)
    }

    /// The corpus with these entries, looked up by id through a table built now.
    pub(crate) fn with_entries(mut self, entries: Vec<Entry>) -> Corpus {
        self.by_id = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        self.fiches = entries
            .iter()
            .filter(|e| e.kind == Kind::Fiche)
            .filter_map(|e| Some((e.source.document.clone(), e.source.fiche?, e.title.clone())))
            .collect();
        self.fiches.sort();
        self.fiches.dedup_by(|a, b| (&a.0, a.1) == (&b.0, b.1));
        self.entries = Entries::Decoded(entries);
        self
    }

    /// How many entries there are.
    pub fn entry_count(&self) -> usize {
        match &self.entries {
            Entries::Decoded(entries) => entries.len(),
            Entries::Encoded(records) => records.len(),
        }
    }

    /// The entry at `ord`, its position in file order (as the search index and the lexicon
    /// name entries). `None` past the end, or if a prepared record no longer decodes.
    pub fn entry_at(&self, ord: usize) -> Option<&Entry> {
        match &self.entries {
            Entries::Decoded(entries) => entries.get(ord),
            Entries::Encoded(records) => records.get(ord),
        }
    }

    /// An entry by id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entry_at(self.position(id)?)
    }

    /// Every entry, in file order. On a prepared corpus this decodes them all: for commands
    /// that read everything (export, check), not for answers.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        (0..self.entry_count()).filter_map(|ord| self.entry_at(ord))
    }

    /// The entries of one kind (only those are decoded).
    pub fn entries_of(&self, kind: Kind) -> impl Iterator<Item = &Entry> {
        (0..self.entry_count())
            .filter(move |&ord| self.kind_at(ord) == Some(kind))
            .filter_map(|ord| self.entry_at(ord))
    }

    /// The entries whose `source.fiche` is `number`, whatever their document, with their
    /// positions (only those are decoded).
    pub fn entries_of_fiche(&self, number: u32) -> impl Iterator<Item = (usize, &Entry)> {
        (0..self.entry_count())
            .filter(move |&ord| match &self.entries {
                Entries::Decoded(entries) => entries[ord].source.fiche == Some(number),
                Entries::Encoded(records) => records.fiche(ord) == Some(number),
            })
            .filter_map(|ord| Some((ord, self.entry_at(ord)?)))
    }

    fn kind_at(&self, ord: usize) -> Option<Kind> {
        match &self.entries {
            Entries::Decoded(entries) => entries.get(ord).map(|e| e.kind),
            Entries::Encoded(records) => records.kind(ord),
        }
    }

    /// Where an entry is in [`Corpus::entries`], by id.
    pub fn position(&self, id: &str) -> Option<usize> {
        match &self.entries {
            Entries::Decoded(_) => self.by_id.get(id).copied(),
            Entries::Encoded(records) => records.position(id),
        }
    }

    /// A competence of the taxonomy.
    pub fn competence(&self, id: &str) -> Option<&Competence> {
        self.competences.iter().find(|c| c.id == id)
    }

    /// A collectivity type, by id.
    pub fn collectivity(&self, id: &str) -> Option<&Vocable<CollectivityTypeId>> {
        self.collectivities.iter().find(|c| c.id == id)
    }

    /// A source document or legal text by key.
    pub fn source(&self, key: &str) -> Option<&SourceDoc> {
        self.sources.iter().find(|s| s.key == key)
    }

    /// Where a person reads an entry, as (title, address): its own link, else the official
    /// text of its law, else its source document's page.
    pub fn where_to_read<'c>(&'c self, entry: &'c Entry) -> Option<(&'c str, &'c str)> {
        if let Some(url) = &entry.url {
            return Some((entry.title.as_str(), url.as_str()));
        }
        let source = entry
            .law
            .as_deref()
            .and_then(|law| self.source(law))
            .filter(|s| s.url.is_some())
            .or_else(|| self.source(&entry.source.document))?;
        Some((source.title.as_str(), source.url.as_deref()?))
    }

    /// The fiches of a document, by number, with their titles, in number order
    /// (`fiches_of("kit-municipal")`: the kit's 24 fiches).
    pub fn fiches_of(&self, document: &str) -> Vec<(u32, &str)> {
        self.fiches
            .iter()
            .filter(|(d, _, _)| d == document)
            .map(|(_, n, title)| (*n, title.as_str()))
            .collect()
    }

    /// How answers write a fact of the profile (`population`, `type`…).
    pub fn fact(&self, id: &str) -> Option<&FactWording> {
        self.facts.iter().find(|f| f.id == id)
    }

    /// A rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// How a person cites a provenance: "Kit Municipal ESS (éd. 2020), fiche 10, p. 21".
    pub fn citation(&self, p: &Provenance) -> String {
        let mut out = self
            .source(&p.document)
            .map_or_else(|| p.document.to_string(), |s| s.citation.clone());
        if let Some(n) = p.fiche {
            out.push_str(&format!(", fiche {n}"));
        }
        if let Some(page) = p.page {
            out.push_str(&format!(", p. {page}"));
        }
        out
    }
}

/// Why a prepared corpus cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum PreparedError {
    /// The JSON of everything but the entries.
    #[error("corpus préparé illisible : {0}")]
    Head(#[from] serde_json::Error),
    /// The entries' tables.
    #[error(transparent)]
    Entries(#[from] RecordsError),
}

/// Whether `s` is a real day written `YYYY-MM-DD`.
pub fn is_iso_date(s: &str) -> bool {
    s.parse::<Date>().is_ok()
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
