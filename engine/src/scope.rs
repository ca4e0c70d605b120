//! Subjects the source documents do not treat (`hors-champ.toml`): a question that names one
//! is answered plainly that the documents do not cover it, rather than with levers that share
//! one word with it.

use ess_corpus::{Corpus, OutOfScope};

use crate::analysis::{contains_words, padded};

/// The first subject outside the documents that `question` names, if any.
pub(crate) fn outside<'c>(corpus: &'c Corpus, question: &str) -> Option<&'c OutOfScope> {
    if corpus.out_of_scope.is_empty() {
        return None;
    }
    let asked = padded(question);
    corpus.out_of_scope.iter().find(|subject| {
        subject
            .phrases
            .iter()
            .any(|phrase| contains_words(&asked, &padded(phrase)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(question: &str) -> Option<String> {
        let corpus = Corpus::builtin().expect("the embedded corpus is valid");
        outside(&corpus, question).map(|s| s.label.clone())
    }

    #[test]
    fn subjects_outside_the_documents_are_recognised_whatever_the_accents() {
        assert!(
            label("comment augmenter la TAXE FONCIERE ?").is_some_and(|l| l.contains("fiscalité"))
        );
        assert!(label("délai d'un permis de construire ?").is_some_and(|l| l.contains("urbanisme")));
        assert!(label("recruter un agent contractuel").is_some_and(|l| l.contains("personnel")));
    }

    #[test]
    fn questions_of_the_documents_are_not_outside() {
        for q in [
            "Quels leviers pour la mobilité en milieu rural ?",
            "comment mobiliser le foncier pour l'ESS ?",
            "co-construire une politique ESS",
            "former les agents à l'ESS",
        ] {
            assert_eq!(label(q), None, "{q}");
        }
    }
}
