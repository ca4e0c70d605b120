//! The `ess` engine: answers French local authorities' questions about the social and
//! solidarity economy from the knowledge base of `ess-corpus`.
//!
//! # Brief overview
//!
//! The principal type is [`Engine`]: a validated [`Corpus`] with its search index, its
//! gazetteers and its [`Rulebook`]. Build it once, then [`Engine::ask`] answers the turns of
//! any number of [`Conversation`]s with an [`Answer`] (the French text people read, the ranked
//! items with their sources, the legal verdicts), and [`Engine::evaluate`] says which
//! obligations and levers apply to a [`Profile`] at a date.
//!
//! A question goes through layers, one module each: `analysis` (French text analysis for
//! tantivy), `lexicon` and `understand` (what the question says), `index` (full-text search),
//! `rules` (the law decided as structure: [`Finding`]s), [`render`] (the one layer that writes
//! French about the law), `dialogue` (a conversation's turns: decisions, retrieval and ranking,
//! composition) and `answer` (what is returned). `docs/ARCHITECTURE.md` draws the path.
//!
//! ```
//! use ess_engine::{Conversation, Engine, Profile, Status};
//!
//! let engine = Engine::builtin().expect("the embedded corpus is valid");
//! let mut conversation = Conversation::new();
//! let answer = engine
//!     .ask(&mut conversation, "Quels leviers pour la mobilité en milieu rural ?", "2026-11-22")
//!     .expect("a well-formed question gets an answer");
//! assert_eq!(answer.intent, "leviers");
//! assert!(answer.items.iter().any(|item| item.source.fiche == Some(10)));
//! println!("{}", answer.text);
//!
//! // The law for a profile, at a date.
//! let agglo = Profile {
//!     kind: Some("communaute-agglomeration".into()),
//!     achats_annuels_ht: Some(70_000_000.0),
//!     ..Profile::default()
//! };
//! let law = engine.evaluate(&agglo, "2026-11-22".parse().unwrap());
//! let spaser = law.obligations.iter().find(|v| v.id == "obligation-spaser").unwrap();
//! assert_eq!(spaser.status, Status::Applicable);
//! assert!(spaser.reason.contains("50 M€"));
//! ```

#![deny(missing_docs)]
// Library code returns errors or says why a value must be there (`expect`); tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod analysis;
mod answer;
mod dialogue;
pub mod french;
mod frozen;
mod index;
mod lexicon;
mod places;
mod prepared;
mod profile;
mod quantities;
mod ranking;
mod renamings;
pub mod render;
mod rules;
mod scope;
mod understand;
mod verdict;

pub use analysis::{fold, french_analyzer, slug, terms};
pub use answer::{answer_line_schema, Answer, ErrorLine, Item, ItemSource, Section, SectionKind};
pub use dialogue::{AskError, Conversation, MAX_QUESTION_CHARS};
pub use ess_corpus::{Corpus, CorpusError, Date, EntryId};
pub use index::IndexError;
pub use places::locate;
pub use profile::{CommuneRef, EpciRef, Profile};
pub use quantities::MAX_AMOUNT;
pub use rules::{Assessment, Finding, Rulebook};
pub use verdict::{
    Evaluation, LeverCase, LeverFit, LeverRef, LeverStatus, OfficialText, ParamInForce, Status,
    Verdict,
};

use index::SearchIndex;
use lexicon::Lexicon;

/// The engine: a validated corpus with its index, gazetteers and rules. Build it once, then
/// answer any number of conversations.
pub struct Engine {
    corpus: Corpus,
    index: SearchIndex,
    lexicon: Lexicon,
    rules: Rulebook,
}

/// Why the engine could not start.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The corpus is invalid (every problem, with file, line and column, in French).
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// The search index could not be built.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// A prepared image ([`Engine::from_prepared`]) could not be read.
    #[error("image préparée du moteur illisible : {0}")]
    Prepared(String),
    /// A prepared folder ([`Engine::prepare_in`]) could not be written: the file and why.
    #[error("{0}")]
    PreparedWrite(String),
}

impl Engine {
    /// The engine on the corpus compiled into the binary, loaded, validated and indexed now
    /// (about 150 ms). The `ess-builtin` crate opens the same engine prepared at build time,
    /// in a few milliseconds.
    pub fn builtin() -> Result<Engine, EngineError> {
        Engine::new(Corpus::builtin()?)
    }

    /// The engine on a corpus.
    pub fn new(corpus: Corpus) -> Result<Engine, EngineError> {
        let rules = Rulebook::build(&corpus);
        let index = SearchIndex::build(&corpus)?;
        let lexicon = Lexicon::build(&corpus);
        Ok(Engine {
            corpus,
            index,
            lexicon,
            rules,
        })
    }

    /// Answers one turn of a conversation, at `date` (`YYYY-MM-DD`): the law is the law in
    /// force that day, unless the question names another.
    pub fn ask(
        &self,
        conversation: &mut Conversation,
        question: &str,
        date: &str,
    ) -> Result<Answer, AskError> {
        let dialogue = dialogue::Dialogue {
            corpus: &self.corpus,
            index: &self.index,
            lexicon: &self.lexicon,
            rules: &self.rules,
            ranking: &ranking::Ranking::DEFAULT,
        };
        dialogue.turn(conversation, question, date)
    }

    /// Which obligations apply to a profile at a date, which levers are within its reach, and
    /// why, in French.
    pub fn evaluate(&self, profile: &Profile, date: Date) -> Evaluation {
        evaluate(&self.corpus, &self.rules, profile, date)
    }

    /// The search index alone, for evaluation baselines: the entries whose analysed text
    /// matches `text`, best first, with their scores — no understanding (glossary expansions,
    /// themes, profile), no ranking bonuses, quotas or cut-off, no rules. What
    /// `tests/evaluation.rs` compares the whole engine with.
    pub fn search_only(&self, text: &str, limit: usize) -> Result<Vec<(EntryId, f32)>, IndexError> {
        let request = index::SearchRequest {
            text: text.to_string(),
            limit,
            ..index::SearchRequest::default()
        };
        let hits = self.index.search(&request, &ranking::Ranking::DEFAULT)?;
        Ok(hits
            .into_iter()
            .filter_map(|h| Some((self.corpus.entry_at(h.ord)?.id.clone(), h.score)))
            .collect())
    }

    /// The knowledge base.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// The rule base.
    pub fn rulebook(&self) -> &Rulebook {
        &self.rules
    }
}

/// The law for a profile at a date, in French, without building an engine (no search index):
/// what `ess obligations` prints.
pub fn evaluate(corpus: &Corpus, rules: &Rulebook, profile: &Profile, date: Date) -> Evaluation {
    render::evaluation(corpus, &rules.assess(corpus, profile, date))
}

/// Today's date in the local time zone.
pub fn today() -> Date {
    chrono::Local::now().date_naive().into()
}

/// The README's Rust snippets compile and run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
