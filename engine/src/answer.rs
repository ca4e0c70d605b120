//! The answer: what a person reads, and the JSON that applications rely on (see the README's
//! "Answers in JSON" section and `../shared/GUIDE.md` §3).

use ess_corpus::{Corpus, Entry, Kind};
use serde::Serialize;

use crate::profile::Profile;
use crate::verdict::Verdict;

/// One answer to one question.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The question as asked.
    pub question: String,
    /// The date the answer holds for (`YYYY-MM-DD` in JSON).
    pub date: ess_corpus::Date,
    /// What the question asks for (`leviers`, `obligations`, `seuil`…).
    pub intent: String,
    /// What was understood of the asker (with what earlier turns said).
    pub profile: Profile,
    /// Theme ids the question was understood to be about.
    pub themes: Vec<String>,
    /// The answer for a person, in French, with its citations.
    pub text: String,
    /// Entries found, best first.
    pub items: Vec<Item>,
    /// Legal obligations evaluated for the profile.
    pub obligations: Vec<Verdict>,
    /// A clarifying question, when one fact would sharpen the answer.
    pub follow_up: Option<String>,
}

/// An entry of the knowledge base, as cited by an answer.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// What the entry is.
    pub kind: Kind,
    /// Its id in the corpus.
    pub id: String,
    /// Its title.
    pub title: String,
    /// How well it matches, higher is better.
    pub score: f32,
    /// Where it comes from.
    pub source: ItemSource,
    /// "Kit Municipal ESS, fiche 10, p. 21".
    pub citation: String,
}

#[derive(Debug, Clone, Serialize)]
/// Where an item comes from: document, kit fiche and page.
pub struct ItemSource {
    /// The document's key (`kit-municipal`…).
    pub document: String,
    /// The kit fiche's number, for the kit.
    pub fiche: Option<u32>,
    /// The page, when known.
    pub page: Option<u32>,
}

impl Item {
    /// The item for an entry of the corpus, with its score.
    pub fn new(corpus: &Corpus, entry: &Entry, score: f32) -> Item {
        Item {
            kind: entry.kind,
            id: entry.id.clone(),
            title: entry.title.clone(),
            score: (score * 1000.0).round() / 1000.0,
            source: ItemSource {
                document: entry.source.document.clone(),
                fiche: entry.source.fiche,
                page: entry.source.page,
            },
            citation: corpus.citation(&entry.source),
        }
    }
}
