//! The `ess` engine: answers French local authorities' questions about the social and
//! solidarity economy from the knowledge base of `ess-corpus`.
//!
//! Layers, one module each: [`analysis`] (French text analysis for tantivy), [`index`]
//! (full-text search), [`rules`] (legal obligations by profile and date), [`lexicon`] and
//! [`understand`] (what a question says), [`dialogue`] (a conversation's turns) and [`answer`]
//! (what is returned, for people and programs).
//!
//! ```
//! use ess_engine::{Conversation, Engine};
//!
//! let engine = Engine::builtin().expect("the embedded corpus is valid");
//! let mut conversation = Conversation::new();
//! let answer = engine
//!     .ask(&mut conversation, "Quels leviers pour la mobilité en milieu rural ?", "2026-11-22")
//!     .expect("a well-formed question gets an answer");
//! assert_eq!(answer.intent, "leviers");
//! assert!(answer.items.iter().any(|item| item.source.fiche == Some(10)));
//! println!("{}", answer.text);
//! ```

pub mod analysis;
pub mod answer;
pub mod dialogue;
pub mod french;
pub mod index;
pub mod lexicon;
pub mod profile;
pub mod rules;
pub mod understand;

pub use answer::{Answer, Item};
pub use dialogue::Conversation;
pub use ess_corpus::{Corpus, CorpusError};
pub use profile::Profile;
pub use rules::{Evaluation, LeverFit, LeverStatus, Status, Verdict};

use index::{IndexError, SearchIndex};
use lexicon::Lexicon;

/// The engine: a validated corpus with its index and gazetteers. Build it once, then answer
/// any number of conversations.
pub struct Engine {
    corpus: Corpus,
    index: SearchIndex,
    lexicon: Lexicon,
    rules: rules::Rulebook,
}

/// Why the engine could not start.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// Why a question got no answer. Messages are for the user, in French.
#[derive(Debug, thiserror::Error)]
pub enum AskError {
    #[error("la question est vide")]
    EmptyQuestion,
    #[error("la question est trop longue ({0} caractères, au plus {max}) : reformulez-la plus brièvement", max = dialogue::MAX_QUESTION_CHARS)]
    TooLong(usize),
    #[error("date « {0} » invalide : {reason}", reason = .1.reason())]
    BadDate(String, ess_corpus::DateError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

impl Engine {
    /// The engine on the corpus compiled into the binary.
    pub fn builtin() -> Result<Engine, EngineError> {
        Engine::new(Corpus::builtin()?)
    }

    pub fn new(corpus: Corpus) -> Result<Engine, EngineError> {
        let rules = rules::Rulebook::build(&corpus);
        let index = SearchIndex::build(&corpus)?;
        let lexicon = Lexicon::build(&corpus);
        Ok(Engine {
            corpus,
            index,
            lexicon,
            rules,
        })
    }

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }
}

/// Today's date in the local time zone, `YYYY-MM-DD`.
pub fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// The README's Rust snippets compile and run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
