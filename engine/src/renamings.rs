//! Old names of bodies renamed since the source documents (`renommages.toml`): a question or
//! an answer that meets one gets a notice with the current name and the date of the change.

use ess_corpus::{Corpus, Renaming};

use crate::analysis::{contains_words, padded};

/// Whether a padded text names the old name of a renaming, in one of its spellings.
fn meets(renaming: &Renaming, hay: &str) -> bool {
    renaming
        .spellings()
        .iter()
        .any(|form| contains_words(hay, &padded(form)))
}

/// The notice of a renaming: the old name, what became of it and when, and the source.
pub(crate) fn notice(renaming: &Renaming) -> String {
    format!(
        "« {} » est un ancien nom : {} (source : {}).",
        renaming.old, renaming.text, renaming.source.title
    )
}

/// The renamings whose old name a question or an answer's text meets, in the order of
/// `renommages.toml`, each with whether the question named it. A question always brings
/// them; an answer's text only when it does not already say the new name.
pub(crate) fn met<'c>(corpus: &'c Corpus, question: &str, text: &str) -> Vec<(&'c Renaming, bool)> {
    let asked = padded(question);
    let said = padded(text);
    corpus
        .renamings
        .iter()
        .filter_map(|r| {
            if meets(r, &asked) {
                Some((r, true))
            } else {
                (meets(r, &said) && !contains_words(&said, &padded(&r.new))).then_some((r, false))
            }
        })
        .collect()
}

/// The current name in brief, for an old name an answer only quotes: « CNCRESS → ESS France
/// (depuis le 1er juillet 2020) ».
pub(crate) fn current_name(renaming: &Renaming) -> String {
    let when = renaming
        .when
        .clone()
        .unwrap_or_else(|| format!("depuis le {}", crate::french::date(renaming.date)));
    format!("{} → {} ({when})", renaming.old, renaming.new)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The notices for the old names a question or an answer's text meets.
    fn notices(corpus: &Corpus, question: &str, text: &str) -> Vec<String> {
        met(corpus, question, text)
            .into_iter()
            .map(|(r, _)| notice(r))
            .collect()
    }

    #[test]
    fn an_old_name_only_quoted_gets_its_current_name_in_brief() {
        let c = corpus();
        let quoted = met(&c, "qui aide les quartiers ?", "Étude du CGET (2018).");
        assert_eq!(quoted.len(), 1);
        assert!(!quoted[0].1, "not asked");
        assert_eq!(
            current_name(quoted[0].0),
            "CGET → ANCT (depuis le 1er janvier 2020)"
        );
        let asked = met(&c, "Que fait la direccte ?", "");
        assert!(asked[0].1);
    }

    fn corpus() -> Corpus {
        Corpus::builtin().expect("the embedded corpus is valid")
    }

    #[test]
    fn an_old_name_in_a_question_gets_the_new_one_and_the_date() {
        let c = corpus();
        let n = notices(&c, "Que fait la direccte pour l'insertion ?", "");
        assert_eq!(n.len(), 1, "{n:?}");
        assert!(
            n[0].contains("DREETS") && n[0].contains("1er avril 2021"),
            "{n:?}"
        );
        let n = notices(
            &c,
            "Le Commissariat général à l'égalité des territoires ?",
            "",
        );
        assert!(
            n[0].contains("ANCT") && n[0].contains("1er janvier 2020"),
            "{n:?}"
        );
    }

    #[test]
    fn whole_words_only_and_no_notice_without_an_old_name() {
        let c = corpus();
        assert!(notices(&c, "Que fait la DREETS ?", "").is_empty());
        assert!(notices(&c, "les mouvesques et les adcfx", "").is_empty());
        assert!(notices(&c, "des leviers pour la mobilité", "rien d'ancien ici").is_empty());
    }

    #[test]
    fn an_answer_that_already_gives_the_new_name_needs_no_notice() {
        let c = corpus();
        let text = "Le CGET, dont l'ANCT a repris les missions.";
        assert!(notices(&c, "qui aide les quartiers ?", text).is_empty());
        let n = notices(&c, "qui aide les quartiers ?", "Étude du CGET (2018).");
        assert_eq!(n.len(), 1);
        assert!(n[0].contains("ANCT"));
    }

    #[test]
    fn each_body_is_said_once_even_when_question_and_answer_name_it() {
        let c = corpus();
        let n = notices(
            &c,
            "l'AdCF ?",
            "l'Assemblée des communautés de France et le Mouves",
        );
        assert_eq!(n.len(), 2, "{n:?}");
        assert!(n[0].contains("Intercommunalités de France") && n[0].contains("octobre 2021"));
        assert!(n[1].contains("Mouvement Impact France") && n[1].contains("8 octobre 2020"));
    }
}
