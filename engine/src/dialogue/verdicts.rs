//! Which legal verdicts go with an answer: all that bear on a legal question, a few that apply
//! on the theme of a practical one.

use std::collections::HashSet;

use ess_corpus::{Date, Entry, Kind, RuleKind};

use super::Dialogue;
use crate::profile::Profile;
use crate::verdict::{Status, Verdict};

impl Dialogue<'_> {
    /// The verdicts of the rule base that bear on the question: rules resting on a text or a
    /// parameter the answer cites, then rules on its themes, those resting on what the search
    /// ranked higher (`found`, best first) before the others.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn relevant_verdicts(
        &self,
        intent: &str,
        legal: bool,
        profile: &Profile,
        date: Date,
        themes: &[String],
        items: &[(&Entry, f32)],
        found: &[&str],
        stated: &[String],
    ) -> Vec<Verdict> {
        if matches!(
            intent,
            "aide" | "hors_sujet" | "definition" | "salutation" | "remerciement"
        ) {
            return Vec::new();
        }
        // A lever or a text the answer cites brings the rule that rests on it (a fiche is too
        // broad a link).
        let cited: HashSet<&str> = items
            .iter()
            .filter(|(e, _)| matches!(e.kind, Kind::Texte | Kind::Parametre | Kind::Levier))
            .map(|(e, _)| e.id.as_str())
            .collect();
        if !legal && profile.kind.is_none() {
            return Vec::new();
        }
        // Verdicts resting on what the search ranked higher come first.
        let rank = |v: &Verdict| {
            v.reference_ids
                .iter()
                .filter_map(|r| found.iter().position(|f| f == r))
                .min()
                .unwrap_or(usize::MAX)
        };
        let evaluation = self.evaluate(profile, date);
        let mut picked: Vec<Verdict> = evaluation
            .obligations
            .iter()
            .filter(|v| v.reference_ids.iter().any(|r| cited.contains(r.as_str())))
            .filter(|v| legal || v.status != Status::NonApplicable)
            .cloned()
            .collect();
        picked.sort_by_key(rank);
        // A verdict on a fact the question states comes first: « une subvention de 40 000 € »
        // asks what the law says of that subsidy.
        let on_stated: Vec<Verdict> = evaluation
            .obligations
            .iter()
            .filter(|v| self.tests_stated_fact(v, stated))
            .cloned()
            .collect();
        picked.retain(|v| !on_stated.iter().any(|s| s.id == v.id));
        picked.splice(0..0, on_stated);
        let specific_subject = themes.iter().any(|t| !self.lexicon.is_broad_theme(t));
        if legal && !specific_subject && profile.kind.is_some() {
            // "Quelles sont les obligations d'une métropole ?": all of them, not a sample,
            // and none of what does not apply.
            picked.retain(|v| v.status != Status::NonApplicable);
            for v in &evaluation.obligations {
                let owed = v.kind == RuleKind::Obligation && v.status != Status::NonApplicable;
                if owed && !picked.iter().any(|p| p.id == v.id) {
                    picked.push(v.clone());
                }
            }
            picked.sort_by_key(|v| (v.kind != RuleKind::Obligation, v.status == Status::Depend));
            return picked;
        }
        if legal && !picked.is_empty() {
            return picked;
        }
        // What the law asks of this collectivity in the domain of the question.
        let mut on_question = evaluation.obligations;
        on_question.sort_by_key(rank);
        for v in on_question {
            let on_theme = v.themes.iter().any(|t| themes.contains(t));
            let concerns = legal || v.status == Status::Applicable;
            if on_theme && concerns && !picked.iter().any(|p| p.id == v.id) {
                picked.push(v);
            }
        }
        if !legal {
            picked.truncate(self.ranking.verdicts_beside);
        }
        picked
    }

    /// Whether the rule of `v` tests one of the `stated` facts (profile fields).
    pub(super) fn tests_stated_fact(&self, v: &Verdict, stated: &[String]) -> bool {
        self.corpus.rule(&v.id).is_some_and(|r| {
            r.condition
                .expr
                .facts()
                .iter()
                .any(|f| stated.iter().any(|s| s == f.profile_field()))
        })
    }
}
