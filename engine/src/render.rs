//! The one layer that writes French about the law: from the rule base's structured findings to
//! the verdicts people read (reason, references, statuses), for answers, `ess obligations` and
//! the REPL alike. How each fact of a profile is worded comes from the corpus (`faits.toml`).

use ess_corpus::condition::Fact;
use ess_corpus::{Corpus, Date, DatedValue, Entry, Kind, ParamValue, Rule, RuleKind, Unit};

use crate::french;
use crate::profile::Profile;
use crate::rules::{Assessment, Finding};
use crate::verdict::{
    Evaluation, LeverCase, LeverFit, LeverRef, LeverStatus, OfficialText, ParamInForce, Status,
    Verdict,
};

/// Writes the French of an assessment.
pub fn evaluation(corpus: &Corpus, assessment: &Assessment) -> Evaluation {
    let ctx = Context {
        corpus,
        profile: &assessment.profile,
        date: assessment.date,
    };
    let obligations: Vec<Verdict> = assessment
        .obligations
        .iter()
        .filter_map(|f| ctx.verdict(f))
        .collect();
    Evaluation {
        date: assessment.date,
        profile: assessment.profile.clone(),
        competences: assessment.competences.clone(),
        official_texts: official_texts(corpus, &obligations, assessment.date),
        obligations,
        levers: assessment
            .levers
            .iter()
            .filter_map(|f| ctx.lever(f))
            .collect(),
    }
}

/// The verdicts of some of an assessment's findings, in the order given: an answer writes only
/// the verdicts it shows.
pub(crate) fn verdicts<'f>(
    corpus: &Corpus,
    assessment: &Assessment,
    findings: impl IntoIterator<Item = &'f Finding>,
) -> Vec<Verdict> {
    let ctx = Context {
        corpus,
        profile: &assessment.profile,
        date: assessment.date,
    };
    findings
        .into_iter()
        .filter_map(|f| ctx.verdict(f))
        .collect()
}

/// The status of a verdict in words fit for its kind of rule: an obligation « s'applique », a
/// competence or a reserved scheme is « ouvert à votre collectivité », a point of vigilance is
/// « à vérifier » — never « s'applique » for what is only a possibility. A scheme decided on
/// what the question is about (a contract, an aid, a share) is « possible » or not: it is the
/// project that qualifies, not the collectivity.
pub fn status_phrase(corpus: &Corpus, v: &Verdict) -> String {
    let on_an_object = || {
        corpus.rule(&v.id).is_some_and(|r| {
            r.condition
                .expr
                .facts()
                .iter()
                .any(|f| corpus.fact(f.profile_field()).is_some_and(|w| w.object))
        })
    };
    let (yes, no) = match v.kind {
        RuleKind::Eligibilite if on_an_object() => ("possible", "pas possible"),
        RuleKind::Competence | RuleKind::Eligibilite | RuleKind::Levier => (
            "ouvert à votre collectivité",
            "pas ouvert à votre collectivité",
        ),
        RuleKind::Vigilance => ("point à vérifier", "ne vous concerne pas"),
        RuleKind::Obligation => ("s'applique", "ne s'applique pas"),
    };
    match v.status {
        Status::Applicable => yes.to_string(),
        Status::NonApplicable => no.to_string(),
        Status::Depend => format!("dépend {}", missing_phrase(corpus, &v.missing)),
    }
}

/// The reach of a lever in words: « à votre portée », « dépend de la population »…
pub fn lever_status_phrase(corpus: &Corpus, l: &LeverFit) -> String {
    match l.status {
        LeverStatus::Direct => "à votre portée".into(),
        LeverStatus::Partenaire => "avec un partenaire".into(),
        LeverStatus::Depend => format!("dépend {}", missing_phrase(corpus, &l.missing)),
        LeverStatus::NonApplicable => "hors de portée".into(),
    }
}

/// The French for missing facts: « du type de collectivité et de la population ».
pub fn missing_phrase(corpus: &Corpus, missing: &[String]) -> String {
    let parts: Vec<&str> = missing
        .iter()
        .map(|m| corpus.fact(m).map_or(m.as_str(), |f| f.of.as_str()))
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    }
}

/// The question that settles what verdict `v` waits for: for its competences, the ones its
/// rule tests, by name (« votre collectivité exerce-t-elle la compétence « Transports,
/// voirie » ? »), rather than the general question.
pub fn question_for_verdict(corpus: &Corpus, v: &crate::Verdict, fact: &str) -> String {
    let tested: Vec<String> = corpus
        .rule(&v.id)
        .map(|r| r.condition.expr.competences())
        .unwrap_or_default()
        .iter()
        .filter_map(|id| corpus.competences.iter().find(|c| c.id.as_str() == id))
        .map(|c| format!("« {} »", c.label))
        .collect();
    match (fact, tested.as_slice()) {
        ("competences", [one]) => {
            format!("votre collectivité exerce-t-elle la compétence {one} ?")
        }
        ("competences", [_, ..]) => format!(
            "votre collectivité exerce-t-elle l'une de ces compétences : {} ?",
            tested.join(", ")
        ),
        _ => question_for(corpus, fact),
    }
}

/// The question that settles a missing fact.
pub fn question_for(corpus: &Corpus, fact: &str) -> String {
    corpus.fact(fact).map_or_else(
        || "pouvez-vous préciser le profil de votre collectivité ?".to_string(),
        |f| f.question.clone(),
    )
}

/// A known fact of a profile, as every answer writes it (« 4 000 habitants »), `None` when the
/// profile does not give it.
pub fn fact_value(corpus: &Corpus, profile: &Profile, fact: &str) -> Option<String> {
    fn label<I: AsRef<str>>(id: &str, list: &[ess_corpus::Vocable<I>]) -> String {
        list.iter()
            .find(|v| v.id.as_ref() == id)
            .map_or(id.to_string(), |v| v.label.clone())
    }
    let value = match fact {
        "type" => label(profile.kind.as_deref()?, &corpus.collectivities),
        "population" => french::number(profile.population? as f64),
        "agents" => french::number(profile.agents? as f64),
        "achats_annuels_ht" => french::euros(profile.achats_annuels_ht?),
        "subvention" => french::euros(profile.subvention?),
        "marche_travaux_ht" => french::euros(profile.marche_travaux_ht?),
        "marche_fournitures_services_ht" => french::euros(profile.marche_fournitures_services_ht?),
        "part_capital_scic" => format!("{} %", french::number(profile.part_capital_scic?)),
        "aide_entreprise" => french::euros(profile.aide_entreprise?),
        "dotation_initiale" => french::euros(profile.dotation_initiale?),
        "territoire" => label(profile.territoire.as_deref()?, &corpus.territories).to_lowercase(),
        "departement" => profile.departement.clone()?,
        "region" => profile.region.clone()?,
        _ => return None,
    };
    let shown = corpus.fact(fact).map_or("{}", |f| f.shown.as_str());
    let mut out = shown.replacen("{}", &value, 1);
    if fact == "population" && (profile.commune.is_some() || profile.epci.is_some()) {
        // The figure comes from the administrative data, not from the asker: say so.
        out.push_str(" (population légale, INSEE)");
    }
    Some(out)
}

/// Every known fact of a profile, in the order of `faits.toml` (« communauté
/// d'agglomération, 70 M€ d'achats annuels HT »).
pub fn profile_summary(corpus: &Corpus, profile: &Profile) -> Vec<String> {
    corpus
        .facts
        .iter()
        .filter_map(|f| fact_value(corpus, profile, &f.id))
        .collect()
}

/// An evaluation for a person, as `ess obligations` prints it: obligations by kind, then the
/// levers from the most to the least accessible.
pub fn evaluation_text(corpus: &Corpus, e: &Evaluation) -> String {
    let mut profile = profile_summary(corpus, &e.profile);
    if e.profile.kind.is_none() {
        profile.insert(0, "type de collectivité non précisé".into());
    }
    let mut out = format!(
        "Obligations et leviers au {} — {}\n",
        french::date(e.date),
        profile.join(", ")
    );
    match &e.competences {
        Some(list) if !list.is_empty() => {
            let labels: Vec<String> = list
                .iter()
                .map(|c| {
                    corpus
                        .competence(c)
                        .map_or(c.to_string(), |x| x.label.clone())
                })
                .collect();
            out.push_str(&format!("Compétences retenues : {}.\n", labels.join(" ; ")));
        }
        Some(_) => out.push_str("Compétences retenues : aucune par défaut.\n"),
        None => out.push_str(
            "Compétences : inconnues (précisez le type de collectivité ou --competence).\n",
        ),
    }
    let sections = [
        (RuleKind::Obligation, "Obligations"),
        (RuleKind::Competence, "Répartition des compétences"),
        (RuleKind::Eligibilite, "Dispositifs réservés"),
        (RuleKind::Vigilance, "Seuils et points de vigilance"),
    ];
    for (kind, heading) in sections {
        let verdicts: Vec<_> = e.obligations.iter().filter(|v| v.kind == kind).collect();
        if verdicts.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{heading}\n"));
        for v in verdicts {
            out.push_str(&format!(
                "\n• {} — {}\n  {}\n",
                v.title,
                status_phrase(corpus, v),
                v.reason
            ));
            if !v.references.is_empty() {
                out.push_str(&format!("  Références : {}.\n", v.references.join(" ; ")));
            }
        }
    }
    let (reachable, out_of_reach): (Vec<_>, Vec<_>) = e
        .levers
        .iter()
        .partition(|l| l.status != LeverStatus::NonApplicable);
    if !reachable.is_empty() {
        out.push_str("\nLeviers, du plus accessible au moins accessible\n");
        for l in reachable {
            out.push_str(&format!(
                "\n• {} — {}\n  {}\n",
                l.title,
                lever_status_phrase(corpus, l),
                l.reason
            ));
            let titles: Vec<String> = l
                .levers
                .iter()
                .map(|r| format!("« {} » ({})", r.title, r.source))
                .collect();
            if !titles.is_empty() {
                out.push_str(&format!("  Fiches leviers : {}.\n", titles.join(" ; ")));
            }
        }
    }
    if !out_of_reach.is_empty() {
        out.push_str("\nHors de portée pour ce profil\n");
        for l in out_of_reach {
            out.push_str(&format!("• {} — {}\n", l.title, l.reason));
        }
    }
    if !e.official_texts.is_empty() {
        out.push_str("\nTextes officiels\n");
        for text in &e.official_texts {
            out.push_str(&text.bullet());
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

/// The official texts behind the verdicts at `date`, each once: the legal texts in force they
/// cite (entries, or laws cited directly once published) and the texts that set the values
/// they use, in the order the verdicts come, with their address when the corpus knows one.
/// The source documents (the kit…) are not official texts: left out. The verdicts cite each
/// text in full; its link goes by a short label (« Décret n° 2022-767 »).
pub fn official_texts(corpus: &Corpus, verdicts: &[Verdict], date: Date) -> Vec<OfficialText> {
    let mut out: Vec<OfficialText> = Vec::new();
    // One line per text: a second address for the same text (an article's page beside the
    // whole law's) adds nothing a reader needs.
    let mut push = |title: &str, number: Option<&str>, url: Option<&str>| {
        let label = short_label(title, number);
        let known = out
            .iter()
            .any(|t| t.label == label || (url.is_some() && t.url.as_deref() == url));
        if !known {
            out.push(OfficialText {
                label,
                url: url.map(str::to_string),
            });
        }
    };
    let day = date.to_string();
    for verdict in verdicts {
        for id in &verdict.reference_ids {
            if let Some(entry) = corpus.entry(id) {
                if entry.kind == Kind::Texte && entry.in_force_on(date) {
                    let law = entry.law.as_deref().and_then(|l| corpus.source(l));
                    match (&entry.url, law) {
                        (Some(url), _) => push(&entry.title, None, Some(url)),
                        (None, Some(law)) => {
                            push(&law.title, law.number.as_deref(), law.url.as_deref())
                        }
                        (None, None) => {}
                    }
                }
            } else if let Some(law) = corpus.source(id) {
                // A law the rule cites directly (« loi-2021-1109 »), once published.
                let published = law.date.as_deref().is_none_or(|d| d <= day.as_str());
                if law.kind != "document" && published {
                    push(&law.title, law.number.as_deref(), law.url.as_deref());
                }
            }
        }
        for parameter in &verdict.parameters {
            if let Some(r) = &parameter.reference {
                push(&r.title, r.number.as_deref(), r.url.as_deref());
            }
        }
    }
    out
}

/// « Décret n° 2022-767 » for « Décret n° 2022-767 du 2 mai 2022 portant … », « Règlement
/// (UE) 2023/2831 » for « Règlement (UE) 2023/2831 de la Commission … »: the title up to the
/// text's number; when the title writes it late (« Décision de la Commission du 20 décembre
/// 2011 … (2012/21/UE) »), the kind of text and its number; without a number, the title.
fn short_label(title: &str, number: Option<&str>) -> String {
    const NEAR_THE_START: usize = 40;
    let Some(number) = number else {
        return title.to_string();
    };
    match title.find(number) {
        Some(at) if at <= NEAR_THE_START => title[..at + number.len()].to_string(),
        _ => {
            let kind = title.split_whitespace().next().unwrap_or_default();
            format!("{kind} {number}")
        }
    }
}

/// The verdicts as an answer's text shows them, first: the direct answer to a legal question.
/// `explain` (« pourquoi ? ») adds each rule's legal reasoning; `said`, the sentence the answer
/// opened with, is not repeated at the head of a reason.
pub fn verdicts_text(corpus: &Corpus, verdicts: &[Verdict], explain: bool, said: &str) -> String {
    let mut out = String::new();
    // The sentence the answer already opened with (« Oui. … »), a value or a text an earlier
    // verdict states, are not said twice: each verdict adds only what is new.
    let mut told: Vec<String> = french::sentences(said);
    let mut cited: Vec<&str> = Vec::new();
    for v in verdicts {
        let new: Vec<String> = french::sentences(&v.reason)
            .into_iter()
            .filter(|s| !told.contains(s))
            .collect();
        told.extend(new.iter().cloned());
        let reason = new.join(" ");
        let reason = reason.as_str();
        out.push_str(&format!(
            "• {} — {}.{}{}",
            v.title,
            status_phrase(corpus, v),
            if reason.is_empty() { "" } else { " " },
            reason
        ));
        if explain && !v.explanation.trim().is_empty() {
            out.push_str(&format!(" Fondement : {}", v.explanation.trim()));
        }
        let references: Vec<&str> = v
            .references
            .iter()
            .map(String::as_str)
            .filter(|r| !cited.contains(r))
            .collect();
        if !references.is_empty() {
            out.push_str(&format!(" (références : {})", references.join(" ; ")));
        }
        cited.extend(references);
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// What the wording of one assessment needs.
struct Context<'a> {
    corpus: &'a Corpus,
    profile: &'a Profile,
    date: Date,
}

impl Context<'_> {
    fn verdict(&self, f: &Finding) -> Option<Verdict> {
        let def = self.corpus.rule(&f.rule)?;
        let head = match f.status {
            Status::Applicable => self.fill(&def.then),
            Status::NonApplicable => match &f.not_yet_in_force {
                Some((id, first)) => self.not_yet(id, *first),
                None => def.otherwise.as_deref().map_or_else(
                    || "La condition n'est pas remplie pour ce profil.".to_string(),
                    |t| self.fill(t),
                ),
            },
            // The `then` text speaks to whom the rule applies; here the rule itself is what
            // helps: the first sentence of its legal reasoning.
            Status::Depend => french::first_sentence(&self.fill(&def.explanation), 400),
        };
        let (parameters, notes) = self.parameters(f);
        let (references, reference_ids) = self.references(f);
        Some(Verdict {
            id: def.id.clone(),
            title: def.title.clone(),
            status: f.status,
            reason: self.reason(head, f, &notes),
            missing: f.missing.clone(),
            references,
            kind: def.kind,
            reference_ids,
            parameters,
            explanation: self.fill(&def.explanation),
            themes: def.themes.clone(),
        })
    }

    fn lever(&self, f: &Finding) -> Option<LeverFit> {
        let def = self.corpus.rule(&f.rule)?;
        let (status, case) = f.lever?;
        let head = self.lever_head(def, case, &f.missing);
        let (_, notes) = self.parameters(f);
        let (references, reference_ids) = self.references(f);
        let levers = def
            .levers
            .iter()
            .filter_map(|id| self.corpus.entry(id))
            .map(|e| LeverRef {
                id: e.id.clone(),
                title: e.title.clone(),
                source: self.corpus.citation(&e.source),
            })
            .collect();
        Some(LeverFit {
            id: def.id.clone(),
            title: def.title.clone(),
            status,
            reason: self.reason(head, f, &notes),
            missing: f.missing.clone(),
            lever_ids: def.levers.clone(),
            levers,
            references,
            reference_ids,
            explanation: self.fill(&def.explanation),
            themes: def.themes.clone(),
        })
    }

    /// The first sentences of a lever's reason, by the way it was decided.
    fn lever_head(&self, def: &Rule, case: LeverCase, missing: &[String]) -> String {
        let partner = def.partner.as_deref().map(|t| self.fill(t));
        let otherwise = def.otherwise.as_deref().map(|t| self.fill(t));
        let lower = |t: Option<&str>| french::lower_first(t.unwrap_or(""));
        match case {
            LeverCase::Direct => self.fill(&def.then),
            LeverCase::Partner => [otherwise, partner]
                .into_iter()
                .flatten()
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            LeverCase::PartnerDepends => format!(
                "{} Avec un partenaire, cela dépend {} : {}",
                otherwise.unwrap_or_else(|| "Vous ne pouvez pas l'actionner seul.".into()),
                missing_phrase(self.corpus, missing),
                lower(partner.as_deref())
            ),
            LeverCase::Out => {
                otherwise.unwrap_or_else(|| "Hors des compétences de ce profil.".into())
            }
            LeverCase::Depends { partner_possible } => {
                let mut head = format!(
                    "Cela dépend {} : si oui, {}",
                    missing_phrase(self.corpus, missing),
                    french::lower_first(&self.fill(&def.then))
                );
                if partner_possible {
                    head.push_str(" Sinon, avec un partenaire : ");
                    head.push_str(&lower(partner.as_deref()));
                }
                head
            }
        }
    }

    /// The reason: the head, then the facts read, the parameters and a note on default
    /// competences.
    fn reason(&self, head: String, f: &Finding, notes: &[String]) -> String {
        let mut parts = vec![head.trim().to_string()];
        let mut facts: Vec<String> = Vec::new();
        for fact in &f.facts {
            if *fact == Fact::Date {
                continue;
            }
            if let Some(s) = fact_value(self.corpus, self.profile, fact.profile_field()) {
                if !facts.contains(&s) {
                    facts.push(s);
                }
            }
        }
        if !facts.is_empty() {
            parts.push(format!("Profil pris en compte : {}.", facts.join(", ")));
        }
        parts.extend(notes.iter().cloned());
        let kind = self
            .profile
            .kind
            .as_deref()
            .and_then(|k| self.corpus.collectivity(k));
        // Competences by their names, in quotes.
        let quoted_competences = |ids: &[String]| -> Vec<String> {
            ids.iter()
                .map(|c| {
                    let label = self
                        .corpus
                        .competence(c)
                        .map_or(c.as_str(), |x| x.label.as_str());
                    format!("« {label} »")
                })
                .collect()
        };
        if let (false, Some(kind)) = (f.optional_unsaid.is_empty(), kind) {
            let names = quoted_competences(&f.optional_unsaid);
            parts.push(format!(
                "Compétence exercée ou non au choix de chaque {} : {} ; dites si la vôtre l'exerce.",
                kind.label,
                names.join(", ")
            ));
        }
        if let (false, Some(kind)) = (f.absent_by_default.is_empty(), kind) {
            let names = quoted_competences(&f.absent_by_default);
            // « d'une commune », « d'un département »: the type with its own article.
            let of_kind = kind.indefinite.as_ref().map_or_else(
                || format!("d'une collectivité de type « {} »", kind.label),
                |phrase| format!("d'{phrase}"),
            );
            parts.push(format!(
                "Compétences retenues : celles {of_kind} par défaut, sans {} ; si votre collectivité l'exerce, précisez-le.",
                names.join(", ")
            ));
        }
        parts.join(" ")
    }

    /// Why the rule did not apply yet: the parameter it needs had no value before `first`.
    fn not_yet(&self, id: &str, first: Date) -> String {
        let title = self.corpus.entry(id).map_or(id, |e| e.title.as_str());
        format!(
            // The parameter's title may be of either gender: the sentence does not agree with it.
            "Au {}, cette règle ne s'appliquait pas encore : elle ne vaut qu'à compter du {} ({}).",
            french::date(self.date),
            french::date(first),
            french::lower_first(title)
        )
    }

    /// The parameters a finding read, at the date, and a sentence for each.
    fn parameters(&self, f: &Finding) -> (Vec<ParamInForce>, Vec<String>) {
        let mut out = Vec::new();
        let mut notes = Vec::new();
        for (id, dated) in &f.parameters {
            let Some(entry) = self.corpus.entry(id) else {
                continue;
            };
            let Some(unit) = entry.unit else {
                continue;
            };
            let cited_note = dated
                .as_ref()
                .and_then(|v| cited_note(self.corpus, entry, v));
            let display = dated.as_ref().map(|v| french::with_unit(unit, &v.value));
            match (dated, &display) {
                (Some(v), Some(shown)) => {
                    // The text that sets the value is cited once, with the verdict's other
                    // references (the parameter is one of them).
                    let mut s = if unit == Unit::Date {
                        format!(
                            "{} : le {shown} ({}).",
                            entry.title,
                            french::verification(v)
                        )
                    } else {
                        format!(
                            "{} au {} : {shown} (en vigueur depuis le {} ; {}).",
                            entry.title,
                            french::date(self.date),
                            french::date(v.since),
                            french::verification(v)
                        )
                    };
                    if let Some(n) = &cited_note {
                        s.push(' ');
                        s.push_str(n);
                    }
                    s.push_str(&french::announcements(entry, self.date));
                    notes.push(s);
                }
                _ => notes.push(format!(
                    "{} : aucune valeur en vigueur au {}.",
                    entry.title,
                    french::date(self.date)
                )),
            }
            out.push(ParamInForce {
                id: id.clone(),
                title: entry.title.clone(),
                unit,
                value: dated.as_ref().map(|v| v.value),
                display,
                since: dated.as_ref().map(|v| v.since),
                reference: dated.as_ref().map(|v| v.reference.clone()),
                cited_note,
            });
        }
        (out, notes)
    }

    /// The references of a finding for a person, and their ids: texts as "law, article",
    /// parameters by the official text of the value in force, fiches and levers by their
    /// citation.
    fn references(&self, f: &Finding) -> (Vec<String>, Vec<String>) {
        let mut shown: Vec<Cited> = Vec::new();
        for id in &f.reference_ids {
            let Some(cited) = self.cited(id) else {
                continue;
            };
            // Two parts of one page (a fiche and one of its levers) are one reference:
            // « fiche 7, p. 15 (« Développer les achats innovants », « Commande publique… ») ».
            if let Some(same_page) = shown
                .iter_mut()
                .find(|s| s.page.is_some() && s.page == cited.page)
            {
                same_page.titles.extend(cited.titles);
                same_page.text = format!(
                    "{} ({})",
                    same_page.page.as_deref().unwrap_or_default(),
                    same_page
                        .titles
                        .iter()
                        .map(|t| format!("« {t} »"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                continue;
            }
            // One provision worded two ways is shown once, in its fuller wording.
            match shown
                .iter()
                .position(|s| covers(s, &cited) || covers(&cited, s))
            {
                Some(i) if covers(&shown[i], &cited) => {}
                Some(i) => shown[i] = cited,
                None => shown.push(cited),
            }
        }
        let shown = shown.into_iter().map(|c| c.text).collect();
        (shown, f.reference_ids.clone())
    }

    /// How the reference `id` is cited at the date, with what identifies the provision;
    /// `None` for a text not in force that day or a parameter without a value yet.
    fn cited(&self, id: &str) -> Option<Cited> {
        let corpus = self.corpus;
        let Some(e) = corpus.entry(id) else {
            return Some(match corpus.source(id) {
                // A whole law, by its number: an article of it cited beside says more.
                Some(s) => Cited {
                    text: s.citation.clone(),
                    numbers: s.number.iter().cloned().collect(),
                    article: None,
                    ..Default::default()
                },
                None => Cited::wording(id.to_string()),
            });
        };
        Some(match e.kind {
            // A verdict at a date cites the texts in force that day.
            Kind::Texte if !e.in_force_on(self.date) => return None,
            Kind::Texte => Cited {
                text: text_reference(corpus, e),
                numbers: e
                    .law
                    .as_deref()
                    .and_then(|l| corpus.source(l))
                    .and_then(|s| s.number.clone())
                    .into_iter()
                    .collect(),
                article: e.article.as_deref().map(article_key),
                ..Default::default()
            },
            // The text that set the value in force; none before the first one.
            Kind::Parametre => {
                let r = &e.value_at(self.date)?.reference;
                Cited {
                    text: r.title.clone(),
                    numbers: r.number.iter().chain(&r.also).cloned().collect(),
                    article: r.article.clone(),
                    ..Default::default()
                }
            }
            _ => {
                let page = corpus.citation(&e.source);
                Cited {
                    text: format!("{page} (« {} »)", e.title),
                    page: Some(page),
                    titles: vec![e.title.clone()],
                    ..Cited::wording(String::new())
                }
            }
        })
    }

    /// Replaces `{param:ID}` with the value in force and `{date}` with the date, in French.
    fn fill(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else {
                out.push_str(&rest[i..]);
                rest = "";
                break;
            };
            let key = &after[..j];
            let value = if key == "date" {
                Some(french::date(self.date))
            } else if let Some(id) = key.strip_prefix("param:") {
                self.corpus
                    .entry(id.trim())
                    .map(|e| match e.value_at(self.date) {
                        Some(v) => french::value(e, &v.value),
                        None => "(aucune valeur en vigueur à cette date)".to_string(),
                    })
            } else {
                None
            };
            match value {
                Some(v) => out.push_str(&v),
                None => {
                    out.push('{');
                    out.push_str(key);
                    out.push('}');
                }
            }
            rest = &after[j + 1..];
        }
        out.push_str(rest);
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// A legal text as cited: "Loi ESS, art. 13".
fn text_reference(corpus: &Corpus, e: &Entry) -> String {
    let law = e
        .law
        .as_deref()
        .and_then(|l| corpus.source(l))
        .map_or_else(|| e.title.clone(), |s| s.citation.clone());
    match &e.article {
        Some(a) if a.starts_with("art.") || a.starts_with("ensemble") || a.starts_with("titre") => {
            format!("{law}, {a}")
        }
        Some(a) => format!("{law}, art. {a}"),
        None => law,
    }
}

/// When a source document cites a value other than the one in force: « Le Kit Municipal ESS
/// (2020) cite le seuil de 100 M€, abaissé depuis. »
fn cited_note(corpus: &Corpus, entry: &Entry, current: &DatedValue) -> Option<String> {
    let values = entry.values.as_deref()?;
    let unit = entry.unit?;
    let older = values
        .iter()
        .filter(|v| v.cited_by.is_some() && v.value != current.value)
        .filter(|v| {
            // Not when the same document also cites the value in force.
            !values
                .iter()
                .any(|w| w.value == current.value && w.cited_by == v.cited_by)
        })
        .max_by(|a, b| a.since.cmp(&b.since))?;
    let doc = older.cited_by.as_deref()?;
    let source = corpus.source(doc);
    let name = source.map_or(doc, |s| s.citation.as_str());
    // The year, unless the citation already says it (« Kit Municipal ESS (éd. 2020) »).
    let year = source
        .and_then(|s| s.date.as_deref())
        .map(|d| &d[..d.len().min(4)])
        .filter(|y| !name.contains(y))
        .map(|y| format!(" ({y})"))
        .unwrap_or_default();
    let (noun, feminine) = noun_of(&entry.id);
    let old = french::with_unit(unit, &older.value);
    let of = if unit == Unit::Date { "du" } else { "de" };
    let later = older.since > current.since;
    let verb = match (&older.value, &current.value) {
        _ if later => None,
        (ParamValue::Number(o), ParamValue::Number(n)) if n < o => Some(("abaissé", "abaissée")),
        (ParamValue::Number(_), ParamValue::Number(_)) => Some(("relevé", "relevée")),
        (ParamValue::Date(o), ParamValue::Date(n)) if n < o => Some(("avancé", "avancée")),
        (ParamValue::Date(_), ParamValue::Date(_)) => Some(("reporté", "reportée")),
        _ => Some(("modifié", "modifiée")),
    };
    Some(match verb {
        Some((m, f)) => format!(
            "Le {name}{year} cite {noun} {of} {old}, {} depuis.",
            if feminine { f } else { m }
        ),
        None => format!(
            "Le {name}{year} cite {noun} {of} {old}, en vigueur seulement à partir du {}.",
            french::date(older.since)
        ),
    })
}

/// The noun a parameter's id starts with, and whether it is feminine: « le seuil », « la part ».
fn noun_of(id: &str) -> (&'static str, bool) {
    let head = id.split('-').next().unwrap_or("");
    match head {
        "seuil" => ("le seuil", false),
        "plafond" => ("le plafond", false),
        "part" => ("la part", true),
        "date" => ("la date", true),
        "dotation" => ("la dotation", true),
        _ => ("la valeur", true),
    }
}

/// A reference as a verdict cites it: its wording, and what identifies the provision — the
/// numbers of the texts it names and the article (both empty for a document or a code).
#[derive(Default)]
struct Cited {
    text: String,
    numbers: Vec<String>,
    article: Option<String>,
    /// For a part of a source document: its citation (document, fiche, page) and the titles
    /// cited there.
    page: Option<String>,
    titles: Vec<String>,
}

impl Cited {
    /// A reference known only by its wording (a document, a fiche, a lever).
    fn wording(text: String) -> Cited {
        Cited {
            text,
            numbers: Vec::new(),
            article: None,
            page: None,
            titles: Vec::new(),
        }
    }
}

/// The article of a legal text entry in the form of `Reference::article`: without « art. »,
/// up to what follows it (« art. 70 (code de l'environnement, …) » → « 70 »).
fn article_key(article: &str) -> String {
    let a = article.strip_prefix("art. ").unwrap_or(article);
    let end = [" (", ",", " ;"]
        .iter()
        .filter_map(|cut| a.find(cut))
        .min()
        .unwrap_or(a.len());
    a[..end].trim().to_string()
}

/// Whether reference `a` says all that `b` says, however worded: « Loi pour une République
/// numérique n° 2016-1321 du 7 octobre 2016, art. 6 » covers « Loi n° 2016-1321 du 7 octobre
/// 2016 pour une République numérique, art. 6 ». Same article, and every text number of `b`
/// also in `a`; a whole text is covered by a citation of one of its articles; a reference
/// without a number (a document, a code) only covers its own wording.
fn covers(a: &Cited, b: &Cited) -> bool {
    let numbers_in_a = !b.numbers.is_empty() && b.numbers.iter().all(|n| a.numbers.contains(n));
    a.text == b.text
        // The same article of the same texts.
        || (numbers_in_a && a.article.is_some() && a.article == b.article)
        // A whole text (« Loi EGalim n° 2018-938 ») beside one of its articles.
        || (numbers_in_a && b.article.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_texts_are_those_in_force_at_the_date_each_once() {
        let corpus = Corpus::builtin().expect("the built-in corpus is valid");
        let rules = crate::Rulebook::build(&corpus);
        let profile = Profile {
            kind: Some("communaute-agglomeration".into()),
            achats_annuels_ht: Some(70_000_000.0),
            ..Profile::default()
        };
        let links_at = |day: &str| {
            let date: Date = day.parse().unwrap();
            let ev = crate::evaluate(&corpus, &rules, &profile, date);
            official_texts(&corpus, &ev.obligations, date)
        };
        let has = |links: &[OfficialText], part: &str| {
            links
                .iter()
                .any(|t| t.url.as_deref().is_some_and(|u| u.contains(part)))
        };
        let today = links_at("2026-12-07");
        assert!(has(&today, "/decret/2022/5/2/2022-767/"), "{today:?}");
        assert!(has(&today, "/decret/2024/2/21/2024-134/"), "{today:?}");
        assert!(!has(&today, "/decret/2015/1/28/2015-90/"), "{today:?}");
        assert!(!has(&today, "/decret/2021/3/9/2021-254/"), "{today:?}");
        let then = links_at("2021-06-01");
        assert!(has(&then, "2015-90"), "{then:?}");
        assert!(
            !has(&then, "2022-767") && !has(&then, "2024-134"),
            "{then:?}"
        );
        for links in [&today, &then] {
            let mut urls: Vec<&str> = links.iter().filter_map(|t| t.url.as_deref()).collect();
            let n = urls.len();
            urls.sort();
            urls.dedup();
            assert_eq!(urls.len(), n, "{links:?}");
            assert!(urls.iter().all(|u| u.starts_with("https://")), "{links:?}");
            let mut labels: Vec<&str> = links.iter().map(|t| t.label.as_str()).collect();
            labels.sort();
            labels.dedup();
            assert_eq!(labels.len(), links.len(), "{links:?}");
        }
        assert!(
            today.iter().any(|t| t.label == "Décret n° 2022-767"),
            "{today:?}"
        );
    }

    #[test]
    fn a_text_goes_by_its_kind_and_number() {
        assert_eq!(
            short_label(
                "Décret n° 2022-767 du 2 mai 2022 portant diverses modifications",
                Some("2022-767")
            ),
            "Décret n° 2022-767"
        );
        assert_eq!(
            short_label(
                "Règlement (UE) 2023/2831 de la Commission du 13 décembre 2023",
                Some("2023/2831")
            ),
            "Règlement (UE) 2023/2831"
        );
        assert_eq!(
            short_label(
                "Décision de la Commission du 20 décembre 2011 relative à l'application de l'article 106 (2012/21/UE)",
                Some("2012/21/UE")
            ),
            "Décision 2012/21/UE"
        );
        assert_eq!(
            short_label("Code de l'environnement", None),
            "Code de l'environnement"
        );
    }

    #[test]
    fn laws_a_rule_cites_directly_are_official_texts_once_published() {
        let corpus = Corpus::builtin().expect("the built-in corpus is valid");
        let rules = crate::Rulebook::build(&corpus);
        let texts_at = |day: &str| {
            let date: Date = day.parse().unwrap();
            let ev = crate::evaluate(&corpus, &rules, &Profile::default(), date);
            ev.official_texts
        };
        // The contrat d'engagement républicain rests on the loi n° 2021-1109, cited by the
        // rule itself, not through an entry.
        let today = texts_at("2026-12-07");
        assert!(
            today.iter().any(|t| t.label == "Loi n° 2021-1109"
                && t.url.as_deref().is_some_and(|u| u.contains("2021-1109"))),
            "{today:?}"
        );
        let before = texts_at("2021-06-01");
        assert!(
            !before.iter().any(|t| t.label == "Loi n° 2021-1109"),
            "{before:?}"
        );
        // A text the corpus has no address for is named all the same (the 2011 decree that
        // set the 15 000 € no-publicity threshold).
        let then = crate::evaluate(
            &corpus,
            &rules,
            &Profile {
                marche_fournitures_services_ht: Some(10_000.0),
                ..Profile::default()
            },
            "2013-06-01".parse().unwrap(),
        );
        assert!(
            then.official_texts
                .iter()
                .any(|t| t.label == "Décret n° 2011-1853" && t.url.is_none()),
            "{:?}",
            then.official_texts
        );
    }

    #[test]
    fn one_provision_worded_two_ways_is_one_reference() {
        let cited = |text: &str, numbers: &[&str], article: Option<&str>| Cited {
            text: text.to_string(),
            numbers: numbers.iter().map(|n| n.to_string()).collect(),
            article: article.map(str::to_string),
            ..Default::default()
        };
        let citation = cited(
            "Loi pour une République numérique n° 2016-1321 du 7 octobre 2016, art. 6 (CGCT, art. L. 1112-23)",
            &["2016-1321"],
            Some("6"),
        );
        let value = cited(
            "Loi n° 2016-1321 du 7 octobre 2016 pour une République numérique, art. 6 (CGCT, art. L. 1112-23)",
            &["2016-1321"],
            Some("6"),
        );
        assert!(covers(&citation, &value) && covers(&value, &citation));
        // The wording that also names the décret says more: it is kept.
        let law = cited(
            "Loi AGEC n° 2020-105 du 10 février 2020, art. 58",
            &["2020-105"],
            Some("58"),
        );
        let with_decree = cited(
            "Loi n° 2020-105 du 10 février 2020 (loi AGEC), art. 58 ; décret n° 2021-254 du 9 mars 2021",
            &["2020-105", "2021-254"],
            Some("58"),
        );
        assert!(covers(&with_decree, &law));
        assert!(!covers(&law, &with_decree));
        let other_article = cited(
            "Loi n° 2020-105 du 10 février 2020 (loi AGEC), art. 57",
            &["2020-105"],
            Some("57"),
        );
        assert!(!covers(&law, &other_article));
        // The whole law beside one of its articles: the article says more.
        let whole = cited(
            "Loi EGalim n° 2018-938 du 30 octobre 2018",
            &["2018-938"],
            None,
        );
        let article = cited(
            "Code rural et de la pêche maritime, art. L. 230-5-1 (loi n° 2018-938, art. 24)",
            &["2018-938"],
            Some("24"),
        );
        assert!(covers(&article, &whole));
        assert!(!covers(&whole, &article));
        assert!(!covers(&law, &whole), "another law");
        // A code has no number: two of its articles are two references.
        assert!(!covers(
            &cited(
                "Code de la commande publique (CCP), art. L. 2111-3",
                &[],
                Some("L. 2111-3")
            ),
            &cited(
                "Code de la commande publique (CCP), art. R. 2122-8",
                &[],
                Some("R. 2122-8")
            )
        ));
        assert_eq!(
            article_key("art. 70 (code de l'environnement, art. L. 541-1)"),
            "70"
        );
        assert_eq!(
            article_key("L. 230-5-1 (loi n° 2018-938, art. 24)"),
            "L. 230-5-1"
        );
        assert_eq!(article_key("art. 8, I et II"), "8");
    }

    #[test]
    fn every_fact_is_worded_once_from_the_corpus() {
        let corpus = Corpus::builtin().unwrap();
        let missing = ["type".to_string(), "achats_annuels_ht".to_string()];
        assert_eq!(
            missing_phrase(&corpus, &missing),
            "du type de collectivité et du montant annuel des achats HT"
        );
        let agglo = Profile {
            kind: Some("communaute-agglomeration".into()),
            achats_annuels_ht: Some(70_000_000.0),
            population: Some(4_000),
            ..Profile::default()
        };
        assert_eq!(
            profile_summary(&corpus, &agglo),
            [
                "communauté d'agglomération",
                "4 000 habitants",
                "70 M€ d'achats annuels HT"
            ]
        );
        assert_eq!(
            question_for(&corpus, "agents"),
            "combien d'agents votre collectivité emploie-t-elle ?"
        );
    }
}
