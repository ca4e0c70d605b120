//! Which legal verdicts go with an answer: all that bear on a legal question, a few that apply
//! on the theme of a practical one.

use std::collections::HashSet;

use ess_corpus::{Date, Entry, Kind, RuleKind, ThemeId};

use super::Dialogue;
use crate::profile::Profile;
use crate::render;
use crate::rules::Finding;
use crate::verdict::{LeverStatus, Status, Verdict};

/// How many of the entries the search ranked first make a verdict resting on one of them
/// part of the answer, whatever its theme.
const TOP_FOUND: usize = 5;

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
        themes: &[ThemeId],
        fact_themes: &[ThemeId],
        items: &[(&Entry, f32)],
        found: &[&str],
        stated: &[String],
    ) -> Vec<Verdict> {
        if matches!(
            intent,
            "aide" | "hors_sujet" | "definition" | "salutation" | "remerciement" | "profil"
        ) {
            return Vec::new();
        }
        // A lever, a text or a partner the answer cites brings the rule that rests on it (a
        // fiche is too broad a link).
        let cited: HashSet<&str> = items
            .iter()
            .filter(|(e, _)| {
                matches!(
                    e.kind,
                    Kind::Texte | Kind::Parametre | Kind::Levier | Kind::Acteur
                )
            })
            .map(|(e, _)| e.id.as_str())
            .collect();
        // A practical question about an unnamed asker brings no verdict, unless it states a
        // subsidy, a contract or an aid: the law on it goes with the answer.
        if !legal && profile.kind.is_none() && stated.is_empty() {
            return Vec::new();
        }
        // Verdicts resting on what the search ranked higher come first.
        let rank = |f: &&Finding| {
            f.reference_ids
                .iter()
                .filter_map(|r| found.iter().position(|x| x == r))
                .min()
                .unwrap_or(usize::MAX)
        };
        // Chosen on the structure of the findings; only those chosen are written in French.
        // A lever within the asker's reach joins them only when it bears on a stated fact: for « peut-on aider une
        // entreprise ? », the convention with the region is the way a commune reaches it.
        let bears_on_stated = stated.iter().any(|s| {
            self.corpus
                .rules
                .iter()
                .any(|r| r.kind == RuleKind::Levier && r.bears_on.contains(s))
        });
        let assessment = if bears_on_stated {
            self.rules.assess(self.corpus, profile, date)
        } else {
            self.rules.assess_obligations(self.corpus, profile, date)
        };
        let findings: Vec<&Finding> = assessment
            .obligations
            .iter()
            .chain(
                assessment
                    .levers
                    .iter()
                    .filter(|f| matches!(f.lever, Some((LeverStatus::Direct, _))))
                    .filter(|f| self.bears_on_stated_fact(&f.rule, stated)),
            )
            .collect();
        let render = |picked: Vec<&Finding>| render::verdicts(self.corpus, &assessment, picked);
        // A question on a theme of its own (« un local à disposition ») is not answered by a
        // point of attention of another theme that rests on an entry the search also found (a
        // lever of « monnaie locale »): those hold for everyone, and matter only on their
        // subject.
        let mut specific: Vec<&ThemeId> = themes
            .iter()
            .filter(|t| !self.lexicon.is_broad_theme(t) && !fact_themes.contains(t))
            .collect();
        // « on verse 30 000 € à l'asso du foot » has no theme but those of the rules on its
        // subsidy: the points of attention on other subjects (local currencies) stay out.
        if specific.is_empty() && !stated.is_empty() {
            for rule in self
                .corpus
                .rules
                .iter()
                .filter(|r| self.tests_stated_fact(&r.id, stated))
            {
                for t in &rule.themes {
                    if !self.lexicon.is_broad_theme(t) && !specific.contains(&t) {
                        specific.push(t);
                    }
                }
            }
        }
        // Nor is « PCAET obligatoire ? » answered by the clauses of public contracts, which
        // cite the same law: an obligation of another theme joins only when it rests on
        // what the search ranked first.
        let on_the_subject = |f: &&Finding| {
            specific.is_empty()
                || !matches!(f.kind, RuleKind::Vigilance | RuleKind::Obligation)
                || (f.kind == RuleKind::Obligation && rank(f) < TOP_FOUND)
                || self
                    .corpus
                    .rule(&f.rule)
                    .is_some_and(|r| r.themes.iter().any(|t| specific.contains(&t)))
        };
        let mut picked: Vec<&Finding> = findings
            .iter()
            .copied()
            .filter(|f| f.reference_ids.iter().any(|r| cited.contains(r.as_str())))
            .filter(|f| legal || f.status != Status::NonApplicable)
            .filter(on_the_subject)
            .collect();
        picked.sort_by_key(rank);
        // A verdict on a fact the question states comes first: « une subvention de 40 000 € »
        // asks what the law says of that subsidy.
        let mut on_stated: Vec<&Finding> = findings
            .iter()
            .copied()
            .filter(|f| self.tests_stated_fact(&f.rule, stated))
            .collect();
        on_stated.sort_by_key(rank);
        picked.retain(|f| !on_stated.iter().any(|s| s.rule == f.rule));
        picked.splice(0..0, on_stated);
        // « Une commune peut-elle entrer au capital d'une SCIC ? »: the ceiling answers it; a
        // verdict waiting for a share nobody gave would only add a question.
        let settled: Vec<&Finding> = picked
            .iter()
            .copied()
            .filter(|f| f.status != Status::Depend)
            .collect();
        picked.retain(|f| !self.waits_for_an_untold_object(f, &settled));
        // « 70 M€ d'achats : quelles obligations ? » asks for all of them.
        let specific_subject = themes
            .iter()
            .any(|t| !self.lexicon.is_broad_theme(t) && !fact_themes.contains(t));
        if legal && !specific_subject && profile.kind.is_some() {
            // "Quelles sont les obligations d'une métropole ?": all of them, not a sample,
            // and none of what does not apply.
            picked.retain(|f| {
                f.status != Status::NonApplicable || self.tests_stated_fact(&f.rule, stated)
            });
            for &f in &findings {
                let owed = f.kind == RuleKind::Obligation && f.status != Status::NonApplicable;
                if owed && !picked.iter().any(|p| p.rule == f.rule) {
                    picked.push(f);
                }
            }
            picked.sort_by_key(|f| (f.kind != RuleKind::Obligation, f.status == Status::Depend));
            return render(picked);
        }
        if legal && !picked.is_empty() {
            return render(picked);
        }
        // What the law asks of this collectivity in the domain of the question.
        let mut on_question = findings;
        on_question.sort_by_key(rank);
        for f in on_question {
            let on_theme = self
                .corpus
                .rule(&f.rule)
                .is_some_and(|r| r.themes.iter().any(|t| themes.contains(t)));
            let concerns = legal || f.status == Status::Applicable;
            if on_theme && concerns && !picked.iter().any(|p| p.rule == f.rule) {
                picked.push(f);
            }
        }
        if !legal {
            picked.truncate(self.ranking.verdicts_beside);
        }
        render(picked)
    }

    /// Whether a finding only waits for facts of what a question is about (a subsidy, a
    /// contract, a share: `object` in `faits.toml`) while a settled one rests on one of its
    /// values already.
    fn waits_for_an_untold_object(&self, f: &Finding, settled: &[&Finding]) -> bool {
        let waits_for_object = f.status == Status::Depend
            && !f.missing.is_empty()
            && f.missing
                .iter()
                .all(|m| self.corpus.fact(m).is_some_and(|w| w.object));
        let same_value = |s: &&Finding| {
            s.rule != f.rule
                && s.parameters
                    .iter()
                    .any(|(p, _)| f.parameters.iter().any(|(q, _)| p == q))
        };
        waits_for_object && settled.iter().any(same_value)
    }

    /// Whether rule `id` tests one of the `stated` facts (profile fields, or `has:ID` for a
    /// competence the question says is held or not), or bears on one (`bears_on`).
    pub(super) fn tests_stated_fact(&self, id: &str, stated: &[String]) -> bool {
        self.condition_tests_stated_fact(id, stated) || self.bears_on_stated_fact(id, stated)
    }

    /// Whether rule `id` bears on one of the `stated` facts without testing it: who may grant
    /// an aid, for a question stating the aid.
    pub(super) fn bears_on_stated_fact(&self, id: &str, stated: &[String]) -> bool {
        self.corpus
            .rule(id)
            .is_some_and(|r| r.bears_on.iter().any(|f| stated.contains(f)))
    }

    /// Whether the condition of rule `id` tests one of the `stated` facts.
    pub(super) fn condition_tests_stated_fact(&self, id: &str, stated: &[String]) -> bool {
        self.corpus.rule(id).is_some_and(|r| {
            let expr = &r.condition.expr;
            expr.facts()
                .iter()
                .any(|f| stated.iter().any(|s| s == f.profile_field()))
                || expr.competences().iter().any(|c| {
                    stated
                        .iter()
                        .any(|s| s.strip_prefix("has:") == Some(c.as_str()))
                })
        })
    }
}
