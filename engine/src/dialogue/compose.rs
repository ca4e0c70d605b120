//! The text of an answer: headings, the lists of levers, examples, texts and figures with
//! their citations, and the canned texts (help, greetings, off-topic).

use ess_corpus::{Date, Entry, Kind, RuleKind, ThemeId, Unit, Vocable};

use super::Dialogue;
use crate::answer::{Section, SectionKind};
use crate::french::first_sentence;
use crate::profile::Profile;
use crate::render;
use crate::understand::Understanding;
use crate::verdict::{Status, Verdict};

/// How many of the best-ranked entries a verdict must rest on to answer a yes/no question
/// by itself: further down, it is about something else the question touched.
const DIRECT_ANSWER_REACH: usize = 5;

/// A question to show as an example of what the tool answers.
const EXAMPLE_QUESTION: &str = "« Quels leviers pour la mobilité en milieu rural ? »";

impl Dialogue<'_> {
    /// The parts of the text a person reads for this turn, before the law and the notes.
    pub(super) fn compose(
        &self,
        intent: &str,
        u: &Understanding,
        date: Date,
        themes: &[ThemeId],
        profile: &Profile,
        items: &[(&Entry, f32)],
    ) -> Vec<Section> {
        let message = |text: String| vec![Section::text(SectionKind::Message, text)];
        match intent {
            "aide" => return message(self.help_text()),
            "salutation" => {
                return message(format!(
                    "Bonjour ! Je réponds aux questions des collectivités sur l'économie sociale et solidaire : leviers d'action, exemples, cadre juridique, acteurs à contacter. Par exemple : {}",
                    EXAMPLE_QUESTION
                ))
            }
            "remerciement" => {
                return message("Avec plaisir. Une autre question sur l'ESS et l'action de votre collectivité ?".to_string())
            }
            "profil" => return message(self.profile_noted(profile, date)),
            "hors_sujet" if u.out_of_scope.is_some() => {
                return message(format!(
                    "Les documents sur lesquels je m'appuie (le Kit Municipal ESS du RTES et quatre autres documents sur l'économie sociale et solidaire) ne traitent pas {} : je ne peux pas vous répondre sur ce point de façon sûre. Je réponds sur l'ESS et l'action des collectivités locales, par exemple : {}… (tapez « aide » pour la liste complète).",
                    u.out_of_scope.as_deref().unwrap_or_default(),
                    self.theme_overview(8)
                ))
            }
            "hors_sujet" if u.known_words == 0 => {
                return message(format!(
                    "Je n'ai pas compris la question. Reformulez-la en français, par exemple : {EXAMPLE_QUESTION}"
                ))
            }
            "hors_sujet" => {
                return message(format!(
                    "Cette question sort du champ de ce que je connais : je réponds sur l'économie sociale et solidaire et l'action des collectivités locales, à partir du Kit Municipal ESS du RTES et de quatre autres documents. Thèmes couverts, par exemple : {}… (tapez « aide » pour la liste complète).",
                    self.theme_overview(8)
                ))
            }
            _ => {}
        }
        if intent == "fiche" && u.missing_fiche.is_some() && !u.has_subject() {
            let listed: Vec<&Entry> = items
                .iter()
                .map(|(e, _)| *e)
                .filter(|e| e.source.fiche.is_some())
                .collect();
            let lines: Vec<String> = listed
                .iter()
                .filter_map(|e| Some(format!("• Fiche {} — {}", e.source.fiche?, e.title)))
                .collect();
            let mut section = Section::headed(
                SectionKind::Fiches,
                "Les fiches du Kit Municipal ESS (demandez par exemple « fiche 10 ») :".to_string(),
                &lines,
            );
            section.items = listed.iter().map(|e| e.id.clone()).collect();
            return vec![section];
        }
        if items.is_empty() {
            return message(self.nothing_found());
        }
        // "pourquoi ?" gives each entry in full; other answers give one sentence.
        let full = intent == "pourquoi";
        let mut out: Vec<Section> = Vec::new();
        // A term carried over from the conversation is named beside the theme it is narrowed
        // to (« « SCIC » et « culture » »), so the asker sees what the answer kept.
        let carried: Vec<&str> = u
            .carried_terms
            .iter()
            .filter_map(|&ord| self.corpus.entry_at(ord)?.term.as_deref())
            .collect();
        let subject = self.subject_phrase(&carried, themes, profile);
        let line = |e: &Entry| -> String {
            let cite = self.corpus.citation(&e.source);
            if e.kind == Kind::Parametre {
                let statement = crate::french::parameter_statement(e, date, |doc| {
                    self.corpus.source(doc).map_or_else(
                        || doc.to_string(),
                        |s| format!("Le document « {} »", s.citation),
                    )
                });
                return format!("• {statement} ({cite})");
            }
            // « la fiche complète » asks for the whole fiche, not its first sentence; terms
            // compared are given whole, side by side.
            let whole = full
                || (intent == "fiche" && e.kind == Kind::Fiche)
                || (intent == "comparaison" && e.kind == Kind::Glossaire);
            let text = if whole {
                e.text.split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                crate::french::summary_on(&e.text, 220, Some(date))
            };
            // A figure's value is stated even when its first sentence is about something else
            // (« 82,5 % de survie à 3 ans » comes after the number of SCOP).
            match &e.value {
                Some(v) if e.kind == Kind::Chiffre && !whole && !text.contains(v.as_str()) => {
                    format!("• {} : {v} — {text} ({cite})", e.title)
                }
                _ => format!("• {} — {text} ({cite})", e.title),
            }
        };
        let section =
            |heading: &str, kind: Kind, part: SectionKind, out: &mut Vec<Section>, detail: bool| {
                let of_kind: Vec<&Entry> = items
                    .iter()
                    .map(|(e, _)| *e)
                    .filter(|e| e.kind == kind)
                    .collect();
                if of_kind.is_empty() {
                    return;
                }
                let lines: Vec<String> = of_kind
                    .iter()
                    .map(|e| {
                        if detail {
                            line(e)
                        } else {
                            format!("• {} ({})", e.title, self.corpus.citation(&e.source))
                        }
                    })
                    .collect();
                let mut section = Section::headed(part, heading.to_string(), &lines);
                section.items = of_kind.iter().map(|e| e.id.clone()).collect();
                out.push(section);
            };
        let introduction = |text: String| Section::text(SectionKind::Introduction, text);
        // « combien … ? » and « quels indicateurs … ? » put their kind first, when there is some.
        let leads =
            |asked: &str, kind: Kind| intent == asked && items.iter().any(|(e, _)| e.kind == kind);
        match intent {
            "definition" => {
                // A follow-up (« et pour … ? ») may name no term: the one the search kept.
                // A follow-up that names no term is still about the conversation's term.
                let defined = u
                    .glossary
                    .first()
                    .or(u.carried_terms.first())
                    .and_then(|&o| self.corpus.entry_at(o))
                    .or_else(|| {
                        items
                            .iter()
                            .map(|(e, _)| *e)
                            .find(|e| e.kind == Kind::Glossaire)
                    });
                if let Some(g) = defined {
                    let mut definition = Section::text(
                        SectionKind::Definition,
                        format!(
                            "{} : {} ({})",
                            g.title,
                            g.text.trim(),
                            self.corpus.citation(&g.source)
                        ),
                    );
                    definition.items = vec![g.id.clone()];
                    out.push(definition);
                }
            }
            "seuil" | "obligations" => {
                out.push(introduction(format!(
                    "Ce que dit le droit au {}{subject}.",
                    crate::french::date(date)
                )));
                section(
                    "Valeurs légales en vigueur :",
                    Kind::Parametre,
                    SectionKind::ValeursLegales,
                    &mut out,
                    true,
                );
            }
            "pourquoi" => out.push(introduction("En détail, avec les sources :".to_string())),
            "date" => out.push(introduction(format!(
                "Ce que disent les documents{subject}."
            ))),
            // « combien … ? » is answered with the figures first, when there are some.
            "chiffres" if leads("chiffres", Kind::Chiffre) => {
                out.push(introduction(format!("Chiffres clés{subject}.")));
                section(
                    "Chiffres :",
                    Kind::Chiffre,
                    SectionKind::Chiffres,
                    &mut out,
                    true,
                );
            }
            // The list of examples carries the subject in its heading.
            "exemples" => {}
            // « qui peut m'aider à monter une SCIC ? »: the actors first, when there are some.
            "acteurs" if leads("acteurs", Kind::Acteur) => {
                section(
                    &format!("Acteurs à solliciter{subject} :"),
                    Kind::Acteur,
                    SectionKind::Acteurs,
                    &mut out,
                    true,
                );
            }
            "acteurs" => out.push(introduction(format!("Acteurs à solliciter{subject}."))),
            // « un guide sur les clauses sociales ? »: what to read first, when there is some.
            "ressources" if leads("ressources", Kind::Ressource) => {
                section(
                    &format!("Ressources à consulter{subject} :"),
                    Kind::Ressource,
                    SectionKind::Ressources,
                    &mut out,
                    true,
                );
            }
            // « quels indicateurs pour suivre … ? »: the indicators first, when there are some.
            "indicateurs" if leads("indicateurs", Kind::Indicateur) => {
                out.push(introduction(format!("Indicateurs de suivi{subject}.")));
                section(
                    "Indicateurs :",
                    Kind::Indicateur,
                    SectionKind::Indicateurs,
                    &mut out,
                    true,
                );
            }
            "fiche" => {}
            // « la différence entre une SCOP et une SCIC ? »: the terms, side by side, first.
            "comparaison" if leads("comparaison", Kind::Glossaire) => {
                section(
                    &format!("À comparer{subject} :"),
                    Kind::Glossaire,
                    SectionKind::Definitions,
                    &mut out,
                    true,
                );
            }
            _ => out.push(introduction(format!("Pistes d'action{subject}."))),
        }
        if intent == "fiche" {
            section("Fiche :", Kind::Fiche, SectionKind::Fiche, &mut out, true);
        }
        // What was asked for comes first.
        if intent == "exemples" {
            section(
                &format!("Exemples{subject} :"),
                Kind::Exemple,
                SectionKind::Exemples,
                &mut out,
                true,
            );
            section(
                "Leviers d'action :",
                Kind::Levier,
                SectionKind::Leviers,
                &mut out,
                true,
            );
        } else {
            section(
                "Leviers d'action :",
                Kind::Levier,
                SectionKind::Leviers,
                &mut out,
                true,
            );
            section(
                "Exemples :",
                Kind::Exemple,
                SectionKind::Exemples,
                &mut out,
                true,
            );
        }
        section(
            "Cadre juridique :",
            Kind::Texte,
            SectionKind::CadreJuridique,
            &mut out,
            true,
        );
        if !matches!(intent, "seuil" | "obligations") {
            section(
                "Valeurs légales en vigueur :",
                Kind::Parametre,
                SectionKind::ValeursLegales,
                &mut out,
                true,
            );
        }
        if !leads("acteurs", Kind::Acteur) {
            section(
                "Acteurs :",
                Kind::Acteur,
                SectionKind::Acteurs,
                &mut out,
                true,
            );
        }
        if intent != "definition" && !leads("comparaison", Kind::Glossaire) {
            section(
                "Définitions :",
                Kind::Glossaire,
                SectionKind::Definitions,
                &mut out,
                true,
            );
        }
        if !leads("chiffres", Kind::Chiffre) {
            section(
                "Chiffres :",
                Kind::Chiffre,
                SectionKind::Chiffres,
                &mut out,
                true,
            );
        }
        if !leads("indicateurs", Kind::Indicateur) {
            section(
                "Indicateurs :",
                Kind::Indicateur,
                SectionKind::Indicateurs,
                &mut out,
                true,
            );
        }
        if !leads("ressources", Kind::Ressource) {
            section(
                "Pour aller plus loin :",
                Kind::Ressource,
                SectionKind::Ressources,
                &mut out,
                false,
            );
        }
        if intent != "fiche" {
            section(
                "Fiches de référence :",
                Kind::Fiche,
                SectionKind::Fiches,
                &mut out,
                false,
            );
        }
        if out.is_empty() {
            // Entries of no kind shown for this intent: as good as none.
            return message(self.nothing_found());
        }
        out
    }

    /// The answer itself, before the details: « Oui. », « Non. », « Cela dépend … » for a
    /// yes/no question on a verdict the search put first; the value in force for a question
    /// on a threshold, an amount or a date.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn direct_answer(
        &self,
        question: &str,
        intent: &str,
        date: Date,
        verdicts: &[Verdict],
        items: &[(&Entry, f32)],
        found: &[&str],
        stated: &[String],
        said_of_asker: &[String],
        themes: &[ThemeId],
        yes_no: bool,
    ) -> Option<String> {
        if matches!(
            intent,
            "aide"
                | "hors_sujet"
                | "definition"
                | "salutation"
                | "remerciement"
                | "pourquoi"
                | "profil"
        ) {
            return None;
        }
        // « biodéchets, c'est obligatoire depuis quand ? »: the day in law the search ranked
        // high, whatever else the question asks.
        if asks_since_when(question) {
            let day_in_law = items
                .iter()
                .take(DIRECT_ANSWER_REACH)
                .map(|(e, _)| *e)
                .find(|e| e.kind == Kind::Parametre && e.unit == Some(Unit::Date));
            if let Some(e) = day_in_law {
                return Some(crate::french::parameter_statement(e, date, |doc| {
                    self.corpus.source(doc).map_or_else(
                        || doc.to_string(),
                        |s| format!("Le document « {} »", s.citation),
                    )
                }));
            }
        }
        if yes_no {
            // A verdict answers the question when it rests on a text, a value or a lever the
            // search ranked first (a fiche is too broad a link).
            let top: Vec<&str> = found
                .iter()
                .filter(|id| {
                    self.corpus.entry(id).is_some_and(|e| {
                        matches!(e.kind, Kind::Texte | Kind::Parametre | Kind::Levier)
                    })
                })
                .take(DIRECT_ANSWER_REACH)
                .copied()
                .collect();
            let on_top = |v: &&Verdict| v.reference_ids.iter().any(|r| top.contains(&r.as_str()));
            // A verdict the stated facts settle comes first — among those, one resting on what
            // the search ranked first (« 70 000 € de fournitures sans mise en concurrence » is
            // about the dispensation, not the social clause above the EU threshold that the same
            // amount also settles) —, then one on what the question says of the asker (« la
            // région peut-elle … ? »), then one resting on what the search ranked first,
            // settled before waiting for another fact.
            let settles = |v: &&Verdict| v.status != Status::Depend;
            // « peut-il aider … ? » asks who may (a competence, an eligibility) before what is
            // owed; « doit-il … ? » the reverse.
            let mut verdicts: Vec<&Verdict> = verdicts.iter().collect();
            match modality(question) {
                Some(Modality::May) => verdicts.sort_by_key(|v| {
                    !matches!(v.kind, RuleKind::Competence | RuleKind::Eligibilite)
                }),
                Some(Modality::Must) => verdicts.sort_by_key(|v| v.kind != RuleKind::Obligation),
                None => {}
            }
            // A verdict whose title names what is asked (« publicité ») comes before one the
            // modality alone prefers: « marché de 50 000 €, publicité obligatoire ? » asks of
            // the dispensation, not of the social clause also owed above another threshold.
            // The words that state a fact (« subvention de 15 000 € ») say what it is about,
            // not which verdict is asked for.
            let cue_words: Vec<String> = stated
                .iter()
                .filter_map(|f| self.corpus.fact(f))
                .flat_map(|f| f.cues.iter())
                .flat_map(|c| c.split_whitespace().map(str::to_string).collect::<Vec<_>>())
                .collect();
            let states_a_fact = |w: &str| {
                cue_words.iter().any(|c| match c.strip_suffix('*') {
                    Some(prefix) => w.starts_with(prefix),
                    None => w == c,
                })
            };
            let asked: Vec<String> = crate::analysis::fold(question)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !states_a_fact(w))
                .flat_map(crate::french::content_words)
                .collect();
            // Words in brackets are an aside: « Prévoir des conditions d'exécution
            // environnementales (et sociales au-dessus des seuils européens) » does not name
            // the social clause as the rules on it do.
            let named_in_title = |v: &Verdict| {
                let mut title = crate::french::content_words(&without_asides(&v.title));
                title.dedup();
                title.iter().filter(|w| asked.contains(w)).count()
            };
            verdicts.sort_by_key(|v| std::cmp::Reverse(named_in_title(v)));
            let verdicts = verdicts.into_iter();
            let states = |v: &&Verdict| self.condition_tests_stated_fact(&v.id, stated);
            // « notre département veut verser 300 000 € à une SCOP » : that the asker may not
            // grant such an aid comes before what the law says of its amount.
            let denied = |v: &&Verdict| {
                v.status == Status::NonApplicable && self.bears_on_stated_fact(&v.id, stated)
            };
            // Another way to reach it (a convention with the region, for a commune) that
            // applies: the denial is no « Non ».
            let reached_otherwise = verdicts.clone().any(|v| {
                v.status == Status::Applicable && self.bears_on_stated_fact(&v.id, stated)
            });
            let chosen = verdicts
                .clone()
                .find(denied)
                // « subvention de 15 000 € à une SCOP : de minimis ? » names the regime it asks
                // about: its verdict answers before the convention the same amount settles.
                .or_else(|| {
                    verdicts
                        .clone()
                        .filter(|v| named_in_title(v) > 0)
                        .filter(states)
                        .find(settles)
                })
                .or_else(|| verdicts.clone().filter(states).filter(on_top).find(settles))
                .or_else(|| verdicts.clone().filter(states).find(settles))
                // « peut-on subventionner une SCIC ? »: what the subsidy's amount decides comes
                // before a settled verdict on another subject (its capital).
                .or_else(|| verdicts.clone().find(states))
                .or_else(|| {
                    // On the question's subject: « la commune de Saint-Lô doit-elle ouvrir ses
                    // données ? » is not answered by the SRDEII, which also tests the type.
                    verdicts
                        .clone()
                        .filter(|v| self.tests_stated_fact(&v.id, said_of_asker))
                        .filter(|v| on_top(v) || v.themes.iter().any(|t| themes.contains(t)))
                        .find(settles)
                })
                // « la clause sociale est-elle obligatoire ? »: the verdict whose title names
                // more of the question than any settled one (which may name none of it)
                // answers, even when it depends on a fact (the contract's value), before a
                // settled verdict on a neighbour.
                .or_else(|| {
                    let best = verdicts.clone().next()?;
                    let settled_named = verdicts
                        .clone()
                        .filter(settles)
                        .map(named_in_title)
                        .max()
                        .unwrap_or(0);
                    (named_in_title(best) > settled_named).then_some(best)
                })
                .or_else(|| verdicts.clone().filter(on_top).find(settles))
                .or_else(|| verdicts.clone().find(on_top));
            // « un achat innovant de 90 000 €, sans mise en concurrence ? »: a settled verdict
            // whose title names more of the question (the innovative purchase) than the one the
            // amount settles (any supplies contract) says the rule asked about; its sentence
            // leads, with no « Oui » or « Non » it does not decide from the amount.
            let named_more = chosen.filter(|v| states(v) && !denied(v)).and_then(|v| {
                verdicts.clone().find(|w| {
                    named_in_title(w) > named_in_title(v)
                        && settles(w)
                        && !states(w)
                        && matches!(w.kind, RuleKind::Vigilance | RuleKind::Eligibilite)
                })
            });
            let chosen = named_more.or(chosen);
            if let Some(v) = chosen {
                // « peut-elle subventionner … sans convention ? » asks the opposite of what an
                // obligation states: its « Oui » would read as « yes, without »; its sentence
                // alone is the answer. A dispensation (« sans publicité ») says what was asked.
                let asks_without = v.kind == RuleKind::Obligation
                    && crate::analysis::fold(question)
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == "sans");
                let plain = self.corpus.rule(&v.id).is_some_and(|r| r.plain_answer);
                // « publicité obligatoire ? » answered by a dispensation (« … sans publicité »):
                // its « Oui » would read as « yes, it is compulsory ».
                let has_sans = |text: &str| {
                    crate::analysis::fold(text)
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == "sans")
                };
                let folded = crate::analysis::fold(question);
                let asks_to_do_without = has_sans(question)
                    || ["se passer", "passer de", "dispense", "eviter"]
                        .iter()
                        .any(|p| folded.contains(p));
                let dispensation_of_a_duty = has_sans(&v.title) && !asks_to_do_without;
                // « marché de 90 000 €, publicité ? » names a duty without saying which way it
                // asks: the verdict's sentence answers without a « Oui » to misread. An
                // obligation named so (« 120 millions d'achats, spaser ? ») is asked whether it
                // is owed: « Oui » or « Non » reads one way only.
                let terse = !is_yes_no(question)
                    && asks_of_a_term(question)
                    && v.kind != RuleKind::Obligation;
                let (yes, no) = if asks_without
                    || terse
                    || plain
                    || named_more.is_some()
                    || dispensation_of_a_duty
                    || (denied(&v) && reached_otherwise)
                {
                    ("", "")
                } else {
                    ("Oui. ", "Non. ")
                };
                return Some(match v.status {
                    Status::Applicable => format!("{yes}{}", first_sentence(&v.reason, 400)),
                    Status::NonApplicable => format!("{no}{}", first_sentence(&v.reason, 400)),
                    Status::Depend => {
                        let fact = v.missing.first()?;
                        format!(
                            "Cela dépend {} : {}",
                            render::missing_phrase(self.corpus, &v.missing),
                            render::question_for_verdict(self.corpus, v, fact)
                        )
                    }
                });
            }
        }
        if intent == "date" {
            return self.date_said(question, items, date);
        }
        if intent == "seuil" {
            // « quelle part … ? » asks for a share: a date or an amount that ranks higher is
            // not its answer.
            let unit = asked_unit(question);
            // A value of another subject, or one the search ranks low, is not the answer
            // either (« quelle part de la commande publique … ? » is not answered by the
            // share of organic food, eighth).
            // Of those, the one whose title names most of the question's words (« bio »
            // picks the share of organic products, not the one of quality products above it).
            let found = items
                .iter()
                .take(DIRECT_ANSWER_REACH)
                .filter(|(e, _)| {
                    e.kind == Kind::Parametre
                        && unit.is_none_or(|u| e.unit == Some(u))
                        && (themes.is_empty() || e.themes.iter().any(|t| themes.contains(t)))
                })
                .enumerate()
                .min_by_key(|(rank, (e, _))| {
                    (std::cmp::Reverse(words_named_in(question, &e.title)), *rank)
                })
                .map(|(_, item)| item);
            let Some((e, _)) = found else {
                // « quelle part de la commande publique réserver à l'ESS ? »: no such value
                // is written; said before what the documents say of the subject.
                let asked = match unit? {
                    Unit::Percent => "de part chiffrée",
                    Unit::Eur => "de montant",
                    Unit::Date => "de date",
                    _ => "de seuil",
                };
                return Some(format!(
                    "Les documents ne donnent pas {asked} sur ce point ; voici ce qu'ils en disent."
                ));
            };
            if asks_since_when(question) {
                // « depuis quand ? » asks for the history, from the first value.
                if let Some(history) = crate::french::parameter_history(e, date) {
                    return Some(history);
                }
            }
            return Some(crate::french::parameter_statement(e, date, |doc| {
                self.corpus.source(doc).map_or_else(
                    || doc.to_string(),
                    |s| format!("Le document « {} »", s.citation),
                )
            }));
        }
        None
    }

    /// « le RTES a été créé en quelle année ? »: a legal value's history when the law ranks
    /// high, else the sentence of the best entries that gives a date (a year or a month) and
    /// shares most words with the question (« fondé » picks the founding, not the renaming),
    /// with its title and source. When none of them says when, a sentence that says so.
    fn date_said(&self, question: &str, items: &[(&Entry, f32)], date: Date) -> Option<String> {
        let best: Vec<&Entry> = items
            .iter()
            .take(DIRECT_ANSWER_REACH)
            .map(|(e, _)| *e)
            .collect();
        // A date in law (« tri des biodéchets ») is stated; an amount says when it changed.
        if let Some(e) = best.iter().find(|e| e.kind == Kind::Parametre) {
            return crate::french::parameter_history(e, date).or_else(|| {
                Some(crate::french::parameter_statement(e, date, |doc| {
                    self.corpus.source(doc).map_or_else(
                        || doc.to_string(),
                        |s| format!("Le document « {} »", s.citation),
                    )
                }))
            });
        }
        let asked = crate::french::content_words(question);
        // A term the question names (« la Semaine de la finance solidaire ») is what the date
        // must be of: a sentence that names neither it nor its entry's title is about
        // something else, even if it shares words.
        let folded = crate::analysis::padded(question);
        let terms: Vec<String> = items
            .iter()
            .filter_map(|(e, _)| e.term.as_deref().filter(|_| e.kind == Kind::Glossaire))
            .map(crate::analysis::padded)
            .filter(|t| crate::analysis::contains_words(&folded, t))
            .collect();
        // The longest: « semaine de la finance solidaire », not « finance solidaire » in it.
        let terms: Vec<&String> = terms
            .iter()
            .filter(|t| {
                !terms
                    .iter()
                    .any(|o| o.len() > t.len() && o.contains(t.as_str()))
            })
            .collect();
        let names_the_term = |text: &str| {
            let text = crate::analysis::padded(text);
            terms.is_empty()
                || terms
                    .iter()
                    .any(|t| crate::analysis::contains_words(&text, t))
        };
        // « depuis quand existent les SCIC ? » asks for a birth: a sentence that tells one
        // (« créée par la loi du 17 juillet 2001 ») outweighs a later change (« depuis 2014 »).
        let asks_origin = tells_an_origin(question);
        let mut chosen: Option<(usize, &Entry, String)> = None;
        for e in best {
            for sentence in crate::french::sentences(&e.text) {
                // « la CRESS Normandie a été créée quand ? » is not answered by the law of 2014
                // that gave the CRESS their missions.
                if !crate::french::names_a_date(&sentence)
                    || !(names_the_term(&e.title) || names_the_term(&sentence))
                    || (asks_origin && !tells_an_origin(&sentence))
                {
                    continue;
                }
                let shared = crate::french::content_words(&sentence)
                    .iter()
                    .filter(|w| asked.contains(w))
                    .count();
                if chosen.as_ref().is_none_or(|(best, _, _)| shared > *best) {
                    chosen = Some((shared, e, sentence));
                }
            }
        }
        let Some((_, e, sentence)) = chosen else {
            // Said in one sentence, before what the documents say of the subject.
            return Some(match terms.first() {
                Some(term) => format!(
                    "Les documents ne donnent pas la date que vous demandez pour « {} » ; voici ce qu'ils en disent.",
                    self.term_as_written(items, term)
                ),
                None => "Les documents ne donnent pas la date que vous demandez ; voici ce qu'ils disent du sujet.".to_string(),
            });
        };
        Some(format!(
            "{} — {sentence} ({})",
            e.title,
            self.corpus.citation(&e.source)
        ))
    }

    /// « Mèli-Mélo : combien la Ville a-t-elle versé ? »: an example or actor the question
    /// names by a name of its own, said first — its opening sentence, and the one of its
    /// text that shares most words with the question when that is another.
    pub(super) fn named_said<'c>(
        &'c self,
        question: &str,
        named_alone: &[usize],
    ) -> Option<(String, &'c Entry)> {
        let e = self.corpus.entry_at(*named_alone.first()?)?;
        Some((self.entry_said(question, e, false), e))
    }

    /// « qui a réalisé l'évaluation du plan triennal de Bordeaux Métropole ? »: who carried
    /// the example the search ranked first, in the sentence of its text that names them.
    pub(super) fn who_said<'c>(
        &self,
        question: &str,
        items: &[(&'c Entry, f32)],
    ) -> Option<(String, &'c Entry)> {
        let folded = crate::analysis::fold(question);
        let asks_who = ASKS_WHO
            .iter()
            .any(|cue| folded.trim_start().starts_with(cue));
        let (e, _) = items.first().filter(|(e, _)| e.kind == Kind::Exemple)?;
        (asks_who && e.actor.is_some()).then(|| (self.entry_said(question, e, true), *e))
    }

    /// Entry `e` said in its title, its first sentence and the sentence that shares most words
    /// with the question (a date for « quand », its actor for `by_actor`).
    fn entry_said(&self, question: &str, e: &Entry, by_actor: bool) -> String {
        let sentences = crate::french::sentences(&e.text);
        let actors: Vec<String> = e
            .actor
            .iter()
            .flat_map(|a| a.split(';'))
            .map(|a| crate::analysis::fold(a.trim()))
            .filter(|a| !a.is_empty())
            .collect();
        let names_actor =
            |s: &String| by_actor && actors.iter().any(|a| crate::analysis::fold(s).contains(a));
        // The words that name the entry (« Savecom », « rénovation thermique ») point to it,
        // not to one of its sentences: « … à Commercy, les collectivités sont au capital ? ».
        let title = crate::french::content_words(&e.title);
        let asked: Vec<String> = crate::french::content_words(question)
            .into_iter()
            .filter(|w| !title.contains(w))
            .collect();
        // « depuis quand … ? » is answered by a sentence that gives a date.
        let folded = crate::analysis::fold(question);
        let asks_when = folded.contains("quand") || folded.contains("annee");
        let shared = |s: &String| {
            crate::french::content_words(s)
                .iter()
                .filter(|w| asked.contains(w))
                .count()
                + usize::from(asks_when && crate::french::names_a_date(s))
                + 2 * usize::from(names_actor(s))
        };
        let Some(first) = sentences.first() else {
            return e.title.clone();
        };
        let best = sentences
            .iter()
            .enumerate()
            .max_by_key(|(i, s)| (shared(s), std::cmp::Reverse(*i)))
            .map(|(_, s)| s)
            .filter(|s| *s != first && shared(s) > shared(first));
        let said = match best {
            Some(best) => format!("{first} {best}"),
            None => first.clone(),
        };
        format!("{} — {said} ({})", e.title, self.corpus.citation(&e.source))
    }

    /// A glossary term found folded (« cress »), as its entry writes it (« CRESS »).
    fn term_as_written(&self, items: &[(&Entry, f32)], folded: &str) -> String {
        items
            .iter()
            .filter_map(|(e, _)| e.term.as_deref())
            .find(|t| crate::analysis::padded(t) == folded)
            .unwrap_or(folded.trim())
            .to_string()
    }

    /// " pour la mobilité, en milieu rural, pour une commune" — what the answer is about.
    /// " — « mobilité », en milieu rural, pour une commune": what the answer is about, its
    /// two main themes at most (the broad one only when alone).
    fn subject_phrase(&self, terms: &[&str], themes: &[ThemeId], profile: &Profile) -> String {
        let mut parts = Vec::new();
        let named: Vec<&Vocable<ThemeId>> = themes
            .iter()
            .filter_map(|t| self.corpus.themes.iter().find(|v| &v.id == t))
            .collect();
        let specific: Vec<&&Vocable<ThemeId>> = named.iter().filter(|v| !v.broad).collect();
        let labels: Vec<String> = if specific.is_empty() {
            named.iter().map(|v| v.label.clone()).collect()
        } else {
            specific.iter().map(|v| v.label.clone()).collect()
        };
        // A term a theme's label already names (« coopératives et SCIC ») is not said twice.
        let folded_labels = crate::analysis::fold(&labels.join(" "));
        let labels: Vec<String> = terms
            .iter()
            .filter(|t| !folded_labels.contains(&crate::analysis::fold(t)))
            .map(|t| format!("« {t} »"))
            .chain(
                labels
                    .iter()
                    .take(2)
                    .map(|l| format!("« {} »", crate::french::lower_first(l))),
            )
            .collect();
        if !labels.is_empty() {
            parts.push(labels.join(" et "));
        }
        if let Some(t) = &profile.territoire {
            if let Some(v) = self.corpus.territories.iter().find(|v| &v.id == t) {
                parts.push(format!("en {}", v.label));
            }
        }
        if let Some(v) = profile
            .kind
            .as_ref()
            .and_then(|k| self.corpus.collectivity(k))
        {
            parts.push(match &v.indefinite {
                Some(phrase) => format!("pour {phrase}"),
                None => format!("pour une collectivité de type « {} »", v.label),
            });
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" — {}", parts.join(", "))
        }
    }

    /// « Je suis maire de Bréhal »: what the law asks of this asker, in brief, and what to ask
    /// next. Obligations waiting for a fact of a project (a subsidy, a contract) are left for
    /// the question that names it.
    fn profile_noted(&self, profile: &Profile, date: Date) -> String {
        let assessment = self.rules.assess_obligations(self.corpus, profile, date);
        let obligations: Vec<&crate::rules::Finding> = assessment
            .obligations
            .iter()
            .filter(|f| f.kind == RuleKind::Obligation)
            .collect();
        let title = |f: &&crate::rules::Finding| self.corpus.rule(&f.rule).map(|r| r.title.clone());
        let owed: Vec<String> = obligations
            .iter()
            .filter(|f| f.status == Status::Applicable)
            .filter_map(title)
            .collect();
        let mut missing: Vec<String> = Vec::new();
        for f in obligations.iter().filter(|f| f.status == Status::Depend) {
            for m in &f.missing {
                let of_the_asker = self.corpus.fact(m).is_some_and(|w| !w.object);
                if of_the_asker && !missing.contains(m) {
                    missing.push(m.clone());
                }
            }
        }
        let mut out = String::from("C'est noté.");
        if !owed.is_empty() {
            out.push_str(&format!(
                " Au {}, le droit vous impose notamment :",
                crate::french::date(date)
            ));
            for o in &owed {
                out.push_str(&format!("\n• {o}"));
            }
            out.push('\n');
        }
        if !missing.is_empty() {
            out.push_str(&format!(
                "D'autres obligations dépendent {} : {}\n",
                render::missing_phrase(self.corpus, &missing),
                render::question_for(self.corpus, &missing[0])
            ));
        }
        out.push_str("Posez votre question, par exemple : « quelles obligations ? » pour le détail, « quels leviers pour l'alimentation ? », « des exemples ? ».");
        out
    }

    fn nothing_found(&self) -> String {
        format!(
            "Je n'ai rien trouvé dans le corpus qui réponde à cette question. Il couvre notamment : {}…",
            self.theme_overview(8)
        )
    }

    /// The labels of the first `n` themes that are subjects of their own.
    fn theme_overview(&self, n: usize) -> String {
        self.corpus
            .themes
            .iter()
            .filter(|t| !t.broad)
            .take(n)
            .map(|t| crate::french::lower_first(&t.label))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn help_text(&self) -> String {
        format!(
            "Posez une question en français sur l'économie sociale et solidaire et l'action des collectivités, par exemple :\n\
             • « Quels leviers pour la mobilité en milieu rural ? »\n\
             • « Des exemples de SCIC soutenues par une commune ? »\n\
             • « C'est quoi un PTCE ? »\n\
             Précisez votre collectivité (type, nombre d'habitants, achats annuels) pour des réponses ajustées.\n\
             Thèmes couverts : {}.",
            self.theme_overview(usize::MAX)
        )
    }
}

/// Whether a question asks for yes or no: a verb put before its subject (« doit-elle »,
/// « peut-on », « faut-il », « y a-t-il ») or « est-ce que », and no question word asking for
/// something else (« comment », « quel », « combien »…). French grammar, not vocabulary.
/// Words that ask for something other than yes or no.
pub(super) const ASKS_FOR_SOMETHING: [&str; 15] = [
    "comment",
    "quel",
    "quelle",
    "quels",
    "quelles",
    "combien",
    "pourquoi",
    "quand",
    "ou",
    "qui",
    "lequel",
    "laquelle",
    "lesquels",
    "lesquelles",
    "quoi",
];

/// What a yes/no question asks of the asker: whether they may, or whether they must.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modality {
    May,
    Must,
}

/// Words of a question asking whether one may, and whether one must.
const MAY: [&str; 14] = [
    "peut",
    "peuvent",
    "peux",
    "pouvons",
    "pouvez",
    "pourrait",
    "pourraient",
    // « En 2012, une commune pouvait-elle … ? »
    "pouvait",
    "pouvaient",
    "pouvais",
    "pouvions",
    "pouviez",
    "possible",
    "autorise",
];
const MUST: [&str; 10] = [
    "doit",
    "doivent",
    "dois",
    "devons",
    "devez",
    "faut",
    "obligatoire",
    "oblige",
    "obliges",
    "tenu",
];

/// Whether a question asks what one may do, or what one must (the first word that says so).
/// `text` without its bracketed asides.
pub(super) fn without_asides(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect()
}

fn modality(question: &str) -> Option<Modality> {
    let folded = crate::analysis::fold(question);
    folded.split(|c: char| !c.is_alphanumeric()).find_map(|w| {
        if MAY.contains(&w) {
            Some(Modality::May)
        } else if MUST.contains(&w) {
            Some(Modality::Must)
        } else {
            None
        }
    })
}

/// « … on peut se passer de publicité ? »: whether one may, asked by intonation. About a
/// stated amount it is a yes/no question on the law; alone (« on peut aider une épicerie
/// solidaire ? ») it asks for ways and means.
pub(super) fn asks_whether_allowed(question: &str) -> bool {
    let folded = crate::analysis::fold(question);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    folded.trim_end().ends_with('?')
        && !words.iter().any(|w| ASKS_FOR_SOMETHING.contains(w))
        && words.iter().any(|w| MAY.contains(w))
}

/// « aide de 250 000 € à une entreprise : de minimis ? », « 70 M€ d'achats : SPASER ? »: a
/// few words after the last colon or comma, asked by intonation. About a stated amount they
/// ask whether that regime or duty holds.
pub(super) fn asks_of_a_term(question: &str) -> bool {
    let folded = crate::analysis::fold(question);
    let Some(asked) = folded.trim_end().strip_suffix('?') else {
        return false;
    };
    let tail = asked.rsplit([':', ',']).next().unwrap_or(asked);
    let words: Vec<&str> = tail
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // « …, une idée ? », « …, des pistes ? » ask for ideas, not whether a regime holds.
    const ASKS_FOR_IDEAS: [&str; 10] = [
        "idee",
        "idees",
        "piste",
        "pistes",
        "suggestion",
        "suggestions",
        "conseil",
        "conseils",
        "solution",
        "solutions",
    ];
    // « …, que faire ? », « …, comment agir ? » too; « … : faire un SPASER ? » does not.
    let asks_what_to_do = matches!(words.first(), Some(&("que" | "quoi" | "comment")))
        && words.iter().any(|w| matches!(*w, "faire" | "agir"));
    tail.len() < asked.len()
        && !asks_what_to_do
        && (1..=4).contains(&words.len())
        && !words
            .iter()
            .any(|w| ASKS_FOR_SOMETHING.contains(w) || ASKS_FOR_IDEAS.contains(w))
}

/// How many of the question's words (three letters or more, not the words of any question)
/// begin a word of `title`: « bio » begins « biologiques ».
pub(super) fn words_named_in(question: &str, title: &str) -> usize {
    const COMMON: [&str; 18] = [
        "les", "des", "dans", "pour", "une", "quel", "quelle", "quels", "quelles", "part", "est",
        "sur", "avec", "par", "aux", "qui", "que", "combien",
    ];
    let title = crate::analysis::fold(title);
    let title_words: Vec<&str> = title.split(|c: char| !c.is_alphanumeric()).collect();
    let question = crate::analysis::fold(question);
    let mut words: Vec<&str> = question
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !COMMON.contains(w))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
        .iter()
        .filter(|w| title_words.iter().any(|t| t.starts_with(*w)))
        .count()
}

/// Whether a text tells or asks of a birth: a creation, a founding, an existence.
fn tells_an_origin(text: &str) -> bool {
    crate::analysis::fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| {
            [
                "cree", "creee", "crees", "creees", "creation", "fonde", "fondee", "fondes",
            ]
            .contains(&w)
                || w.starts_with("exist")
                || w.starts_with("institu")
                || w.starts_with("naissance")
        })
}

/// How a question asks from when a rule or a value holds.
const SINCE_WHEN: [&str; 6] = [
    "depuis quand",
    "depuis quelle date",
    "a partir de quand",
    "depuis combien de temps",
    "date d'entree en vigueur",
    "entre en vigueur quand",
];

/// Whether a question asks from when something holds (« depuis quand le SPASER est-il
/// obligatoire ? »).
/// The kind of value a question asks for, by its words (« quelle part » a share, « quel
/// montant » an amount), if it says.
fn asked_unit(question: &str) -> Option<Unit> {
    const CUES: [(&str, Unit); 12] = [
        ("pourcentage", Unit::Percent),
        ("quelle part", Unit::Percent),
        ("part minimale", Unit::Percent),
        ("part maximale", Unit::Percent),
        ("quel montant", Unit::Eur),
        ("combien d'euros", Unit::Eur),
        ("quel plafond", Unit::Eur),
        ("combien d'habitants", Unit::Inhabitants),
        ("combien d'agents", Unit::Agents),
        ("quelle date", Unit::Date),
        ("date limite", Unit::Date),
        ("a partir de quand", Unit::Date),
    ];
    let folded = crate::analysis::fold(question);
    CUES.iter()
        .find(|(cue, _)| folded.contains(cue))
        .map(|(_, unit)| *unit)
}

fn asks_since_when(question: &str) -> bool {
    let folded = crate::analysis::fold(question);
    SINCE_WHEN.iter().any(|cue| folded.contains(cue))
}

pub(super) fn is_yes_no(question: &str) -> bool {
    let folded = crate::analysis::fold(question);
    let words: Vec<&str> = folded
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let opens_with_que = words
        .first()
        .is_some_and(|w| *w == "que" || w.starts_with("qu'"));
    // « est-ce que ça passe … ? » is yes or no even beside a relative « qui » (« une SCOP
    // qui n'a reçu aucune aide »); only a word that asks for something else says otherwise.
    let asks_est_ce_que = !opens_with_que
        && (folded.contains("est-ce qu") || folded.contains("est ce qu"))
        && !folded.contains("qu'est")
        && !folded.contains("qu est");
    let relative = |w: &&str| {
        matches!(
            *w,
            "qui" | "lequel" | "laquelle" | "lesquels" | "lesquelles"
        )
    };
    // « l'association qui gère le centre social, … ? », « une SCOP qui … »: « qui » right
    // after a noun its determiner introduces is a relative, not « who ? » (« Bonjour, qui
    // doit … ? », « vers qui … ? » ask who).
    const DETERMINERS: [&str; 22] = [
        "le", "la", "les", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces",
        "notre", "nos", "votre", "vos", "leur", "leurs", "son", "sa", "ses",
    ];
    let after_a_noun = |i: usize| {
        let elided = |w: &str| w.starts_with("l'") || w.starts_with("d'");
        i > 0
            && words[i] == "qui"
            && (elided(words[i - 1]) || (i > 1 && DETERMINERS.contains(&words[i - 2])))
            && folded.contains(&format!("{} qui", words[i - 1]))
    };
    // « … ou pas ? », « ou bien »: « or », not « où ».
    let or =
        |i: usize| words[i] == "ou" && matches!(words.get(i + 1), Some(&("pas" | "non" | "bien")));
    let asks_nothing_here =
        |i: usize| (asks_est_ce_que && relative(&words[i])) || after_a_noun(i) || or(i);
    let asks = |i: usize| ASKS_FOR_SOMETHING.contains(&words[i]) && !asks_nothing_here(i);
    // « quand même » (all the same) asks no « when ».
    let idiom = |i: usize| words[i] == "quand" && words.get(i + 1) == Some(&"meme");
    if opens_with_que || (0..words.len()).any(|i| asks(i) && !idiom(i)) {
        return false;
    }
    const SUBJECTS: [&str; 7] = ["il", "elle", "on", "ils", "elles", "je", "nous"];
    let inverted = words.iter().any(|w| {
        w.rsplit_once('-')
            .is_some_and(|(verb, subject)| !verb.is_empty() && SUBJECTS.contains(&subject))
    });
    // « faut il », « peut elle », « doit on »: the inversion typed without its hyphen.
    const VERBS: [&str; 6] = ["faut", "doit", "doivent", "peut", "peuvent", "est"];
    let faut_il = words
        .windows(2)
        .any(|p| VERBS.contains(&p[0]) && SUBJECTS.contains(&p[1]));
    let est_ce_que = folded.contains("est-ce qu") || folded.contains("est ce qu");
    // Asked by intonation: « le SPASER nous concerne ? », « c'est obligatoire pour nous ? ».
    // « … sans mise en concurrence, c'est possible ? » asks whether the law allows it.
    const STATES_A_DUTY: [&str; 38] = [
        // « clause sociale imposée ou pas ? »
        "impose",
        "imposee",
        "imposes",
        "imposees",
        // « on était dans les clous ? », « c'est permis ? », « ça suffit ? »
        "clous",
        "permis",
        "valable",
        "legale",
        "illegal",
        "illegale",
        "suffit",
        "suffisant",
        "regulier",
        "reguliere",
        "conforme",
        "possible",
        "autorise",
        "autorisee",
        "autorises",
        "interdit",
        "interdite",
        "legal",
        "concerne",
        "concernes",
        "concernee",
        "concernees",
        "obligatoire",
        "obligatoires",
        "oblige",
        "obliges",
        "obligee",
        "obligees",
        "applicable",
        "doit",
        "doivent",
        "devons",
        "dois",
        // « il faut une convention ? »
        "faut",
    ];
    // « … ou pas ? », « … ou non ? » asks which of the two.
    let either = words.len() >= 2 && or(words.len() - 2);
    let intonation =
        words.iter().any(|w| STATES_A_DUTY.contains(w)) || folded.contains("s'applique") || either;
    inverted || faut_il || est_ce_que || intonation
}

/// Openings of a question that asks who carried an initiative.
const ASKS_WHO: [&str; 8] = [
    "qui a ",
    "qui ont ",
    "par qui ",
    "qui est-ce qui a ",
    "qui a-t-il ",
    "c'est qui qui a ",
    "qui l'a ",
    "qui porte ",
];

#[cfg(test)]
mod tests {
    use super::is_yes_no;

    #[test]
    fn yes_no_questions_by_their_shape() {
        assert!(is_yes_no(
            "Une commune peut-elle entrer au capital d'une SCIC ?"
        ));
        assert!(is_yes_no("faut il une convention ?"));
        assert!(is_yes_no(
            "30000 euros a une asso, il faut une convention ?"
        ));
        assert!(!is_yes_no("que faut-il pour créer une SCIC ?"));
        assert!(is_yes_no(
            "ma commune peut elle subventionner une asso de 30000 euros sans convention"
        ));
        assert!(is_yes_no(
            "un marché de 45 000 € sans mise en concurrence, c'est possible ?"
        ));
        assert!(!is_yes_no(
            "quelles aides possibles pour une ressourcerie ?"
        ));
        assert!(!is_yes_no("que peut faire une commune pour l'ESS ?"));
        assert!(is_yes_no("sommes-nous quand même autorité organisatrice ?"));
        assert!(!is_yes_no("quand même, quand le SPASER s'applique-t-il ?"));
        assert!(super::asks_whether_allowed(
            "marché de travaux de 90 000 €, on peut se passer de publicité ?"
        ));
        assert!(!super::asks_whether_allowed(
            "comment peut-on aider une épicerie ?"
        ));
        assert!(is_yes_no(
            "verser 280 000 € à une SCOP qui n'a reçu aucune aide : est-ce que ça passe ?"
        ));
        assert!(!is_yes_no("est-ce que vous savez comment faire ?"));
        assert!(super::asks_of_a_term(
            "aide de 250 000 € à une entreprise d'insertion : de minimis ?"
        ));
        assert!(super::asks_of_a_term("70 M€ d'achats, SPASER ?"));
        assert!(!super::asks_of_a_term("SPASER ?"));
        assert!(!super::asks_of_a_term(
            "70 M€ d'achats : quelles obligations ?"
        ));
        assert!(is_yes_no(
            "Est-ce que le SPASER est obligatoire pour nous ?"
        ));
        assert!(is_yes_no("une agglomération doit-elle adopter un SPASER ?"));
        assert!(!is_yes_no(
            "Comment une commune peut-elle soutenir une SCIC ?"
        ));
        assert!(!is_yes_no(
            "À partir de quel montant faut-il une convention ?"
        ));
        assert!(!is_yes_no("Quels leviers pour la mobilité ?"));
        assert!(!is_yes_no("le porte-monnaie local"));
        assert!(is_yes_no("le SPASER nous concerne ? on est une comcom"));
        assert!(!is_yes_no("quelles obligations pour une métropole ?"));
        assert!(is_yes_no("et le SPASER, on doit l'adopter ?"));
        assert!(!is_yes_no("Que doit faire une commune pour l'ESS ?"));
    }
}
