//! The rule base: which legal obligations apply to a profile at a date, which levers are within
//! its reach, and why.
//!
//! The rules are data (`corpus/data/regles/*.toml`); their conditions are written in a small
//! language ([`ess_corpus::condition`]) and evaluated with three values ([`eval`]): a fact the profile does not
//! give turns a verdict into `depend`, with the facts that would settle it — never a guess.
//! Thresholds and dates are dated parameters, read at the date asked; a reason gives the value in
//! force with its official reference, and says when a source document cites an older one.
//!
//! ```
//! use ess_engine::rules::{Rulebook, Status};
//! use ess_engine::{Corpus, Profile};
//!
//! let corpus = Corpus::builtin().unwrap();
//! let rules = Rulebook::build(&corpus);
//! let agglo = Profile {
//!     kind: Some("communaute-agglomeration".into()),
//!     achats_annuels_ht: Some(70_000_000.0),
//!     ..Profile::default()
//! };
//! let today = rules.evaluate(&corpus, &agglo, "2026-11-22".parse().unwrap());
//! let spaser = today.obligations.iter().find(|v| v.id == "obligation-spaser").unwrap();
//! assert_eq!(spaser.status, Status::Applicable);
//! let before = rules.evaluate(&corpus, &agglo, "2021-06-01".parse().unwrap());
//! let spaser = before.obligations.iter().find(|v| v.id == "obligation-spaser").unwrap();
//! assert_eq!(spaser.status, Status::NonApplicable);
//! ```

pub mod eval;

use std::collections::BTreeSet;

use ess_corpus::condition::{Expr, Fact};
use ess_corpus::{Corpus, Date, Entry, Kind, ParamValue, Reference, Rule, RuleKind, Unit};
use serde::Serialize;

use crate::profile::Profile;
use crate::Engine;
use eval::{Competences, Env, Trace, Truth};

/// The verdict of one obligation rule for a profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub id: String,
    pub title: String,
    /// `applicable`, `non_applicable` or `depend`.
    pub status: Status,
    /// Why, for a person.
    pub reason: String,
    /// Facts that would settle a `depend`.
    pub missing: Vec<String>,
    /// Official references the rule rests on.
    pub references: Vec<String>,
    /// `obligation`, `competence`, `eligibilite` or `vigilance`.
    pub kind: RuleKind,
    /// Ids of the corpus entries (texts, parameters, fiches) behind `references`.
    pub reference_ids: Vec<String>,
    /// The dated parameters the rule read, with the value in force at the date.
    pub parameters: Vec<ParamInForce>,
    /// The legal reasoning behind the rule, for a person.
    pub explanation: String,
    /// Themes of the rule (ids of `themes.toml`), to pick the verdicts a question is about.
    pub themes: Vec<String>,
}

impl Verdict {
    /// The status in words fit for the kind of rule: an obligation « s'applique », a
    /// competence or a reserved scheme is « ouvert à votre collectivité », a point of
    /// vigilance is « à vérifier » — never « s'applique » for what is only a possibility.
    pub fn status_phrase(&self) -> String {
        let (yes, no) = match self.kind {
            RuleKind::Competence | RuleKind::Eligibilite => (
                "ouvert à votre collectivité",
                "pas ouvert à votre collectivité",
            ),
            RuleKind::Vigilance => ("point à vérifier", "ne vous concerne pas"),
            RuleKind::Obligation | RuleKind::Levier => ("s'applique", "ne s'applique pas"),
        };
        match self.status {
            Status::Applicable => yes.to_string(),
            Status::NonApplicable => no.to_string(),
            Status::Depend => format!("dépend {}", missing_phrase(&self.missing)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Applicable,
    NonApplicable,
    Depend,
}

impl Status {
    /// « s'applique », « ne s'applique pas », « dépend ».
    pub fn french(self) -> &'static str {
        match self {
            Status::Applicable => "s'applique",
            Status::NonApplicable => "ne s'applique pas",
            Status::Depend => "dépend",
        }
    }
}

/// Whether a collectivity can pull a lever itself, with a partner, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeverStatus {
    /// Within its own competences.
    Direct,
    /// Through a partner that holds the competence, or by another of its competences.
    Partenaire,
    Depend,
    NonApplicable,
}

impl LeverStatus {
    pub fn french(self) -> &'static str {
        match self {
            LeverStatus::Direct => "à votre portée",
            LeverStatus::Partenaire => "avec un partenaire",
            LeverStatus::Depend => "dépend",
            LeverStatus::NonApplicable => "hors de portée",
        }
    }
}

/// How well a group of levers fits a profile, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeverFit {
    /// The id of the rule.
    pub id: String,
    pub title: String,
    pub status: LeverStatus,
    pub reason: String,
    pub missing: Vec<String>,
    /// The levers (`leviers/*.toml`) the rule is about.
    pub lever_ids: Vec<String>,
    pub levers: Vec<LeverRef>,
    pub references: Vec<String>,
    pub reference_ids: Vec<String>,
    pub explanation: String,
    pub themes: Vec<String>,
}

/// A lever named by a rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeverRef {
    pub id: String,
    pub title: String,
    /// "Kit Municipal ESS, fiche 10, p. 21".
    pub source: String,
}

/// A dated parameter as a rule read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamInForce {
    pub id: String,
    pub title: String,
    pub unit: Unit,
    /// The value in force at the date, `null` when there was none.
    pub value: Option<ParamValue>,
    /// The value written for a person ("50 M€", "1er janvier 2024").
    pub display: Option<String>,
    pub since: Option<Date>,
    pub reference: Option<Reference>,
    /// When a source document cites another value: what it says, for a person.
    pub cited_note: Option<String>,
}

/// Everything the rule base says about a profile at a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub date: Date,
    pub profile: Profile,
    /// The competences taken into account (type defaults and user's changes), `null` when
    /// unknown.
    pub competences: Option<Vec<String>>,
    /// Obligations, competences, eligibility and points of vigilance: applicable first, then
    /// those that depend on a missing fact, then the others.
    pub obligations: Vec<Verdict>,
    /// Levers ranked by fit: within reach first, then with a partner, then undecided, then out
    /// of reach.
    pub levers: Vec<LeverFit>,
}

// ---------------------------------------------------------------------------------------------
// The rule book

/// A rule with its conditions parsed.
#[derive(Debug, Clone)]
struct Compiled {
    def: Rule,
    condition: Expr,
    partner: Option<Expr>,
    /// Parameters read by the conditions and the texts, in order.
    params: Vec<String>,
}

/// The rules of a corpus, parsed and checked. Build it once; evaluate any number of profiles.
#[derive(Debug, Clone, Default)]
pub struct Rulebook {
    rules: Vec<Compiled>,
}

impl Rulebook {
    /// The rules of a corpus. Their conditions were compiled and checked when the corpus
    /// loaded; here each rule gathers the parameters its conditions and texts read.
    pub fn build(corpus: &Corpus) -> Rulebook {
        let rules = corpus
            .rules
            .iter()
            .map(|def| {
                let mut params = def.condition.expr.params();
                if let Some(p) = &def.partner_condition {
                    params.extend(p.expr.params());
                }
                for (_, id) in def.placeholders() {
                    params.push(id);
                }
                let mut seen = BTreeSet::new();
                params.retain(|id| seen.insert(id.clone()));
                Compiled {
                    def: def.clone(),
                    condition: def.condition.expr.clone(),
                    partner: def.partner_condition.as_ref().map(|c| c.expr.clone()),
                    params,
                }
            })
            .collect();
        Rulebook { rules }
    }

    /// How many rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Ids of the rules, in the order of the corpus.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.def.id.as_str())
    }

    /// Evaluates every rule for a profile at a date (`YYYY-MM-DD`).
    pub fn evaluate(&self, corpus: &Corpus, profile: &Profile, date: Date) -> Evaluation {
        let profile = normalized(profile);
        let competences = Competences::of(corpus, &profile);
        let env = Env {
            corpus,
            profile: &profile,
            date,
            competences: &competences,
        };
        let mut obligations = Vec::new();
        let mut levers = Vec::new();
        for rule in &self.rules {
            if rule.def.kind == RuleKind::Levier {
                levers.push(self.lever_fit(rule, &env));
            } else {
                obligations.push(self.verdict(rule, &env));
            }
        }
        let rank = |s: Status| match s {
            Status::Applicable => 0,
            Status::Depend => 1,
            Status::NonApplicable => 2,
        };
        obligations.sort_by_key(|v| rank(v.status));
        levers.sort_by_key(|l| l.status);
        Evaluation {
            date,
            competences: competences.known(),
            profile,
            obligations,
            levers,
        }
    }

    fn verdict(&self, rule: &Compiled, env: &Env<'_>) -> Verdict {
        let mut trace = Trace::default();
        let truth = env.truth(&rule.condition, &mut trace);
        let def = &rule.def;
        let (status, missing, head) = match truth {
            Truth::True => (Status::Applicable, Vec::new(), render(&def.then, env)),
            Truth::False => (
                Status::NonApplicable,
                Vec::new(),
                not_yet_in_force(&rule.params, env).unwrap_or_else(|| {
                    def.otherwise.as_deref().map_or_else(
                        || "La condition n'est pas remplie pour ce profil.".to_string(),
                        |t| render(t, env),
                    )
                }),
            ),
            Truth::Unknown(m) => {
                let missing: Vec<String> = m.iter().map(|s| s.to_string()).collect();
                // The `then` text speaks to whom the rule applies; here the rule itself is
                // what helps: the first sentence of its legal reasoning.
                let head = crate::answer::first_sentence(&render(&def.explanation, env), 400);
                (Status::Depend, missing, head)
            }
        };
        let (parameters, notes) = self.parameters(rule, env, &mut trace);
        if status == Status::Applicable {
            trace.absent_by_default.clear();
        }
        let reason = join_reason(head, &rule.condition, env, &trace, &notes);
        let (references, reference_ids) = references(env.corpus, def, &rule.params, env.date);
        Verdict {
            id: def.id.clone(),
            title: def.title.clone(),
            status,
            reason,
            missing,
            references,
            kind: def.kind,
            reference_ids,
            parameters,
            explanation: render(&def.explanation, env),
            themes: def.themes.clone(),
        }
    }

    fn lever_fit(&self, rule: &Compiled, env: &Env<'_>) -> LeverFit {
        let def = &rule.def;
        let mut trace = Trace::default();
        let direct = env.truth(&rule.condition, &mut trace);
        let mut partner_trace = Trace::default();
        let partner = rule
            .partner
            .as_ref()
            .map(|p| env.truth(p, &mut partner_trace));
        let partner_text = def.partner.as_deref().map(|t| render(t, env));
        let otherwise = def.otherwise.as_deref().map(|t| render(t, env));
        let (status, missing, head) = match (direct, partner) {
            (Truth::True, _) => (LeverStatus::Direct, Vec::new(), render(&def.then, env)),
            (Truth::False, Some(Truth::True)) => (
                LeverStatus::Partenaire,
                Vec::new(),
                join_sentences([otherwise, partner_text]),
            ),
            (Truth::False, Some(Truth::Unknown(m))) => {
                let missing: Vec<String> = m.iter().map(|s| s.to_string()).collect();
                let head = format!(
                    "{} Avec un partenaire, cela dépend {} : {}",
                    otherwise.unwrap_or_else(|| "Vous ne pouvez pas l'actionner seul.".into()),
                    missing_phrase(&missing),
                    crate::french::lower_first(partner_text.as_deref().unwrap_or(""))
                );
                (LeverStatus::Depend, missing, head)
            }
            (Truth::False, _) => (
                LeverStatus::NonApplicable,
                Vec::new(),
                otherwise.unwrap_or_else(|| "Hors des compétences de ce profil.".into()),
            ),
            (Truth::Unknown(m), p) => {
                let mut missing: BTreeSet<&str> = m;
                let mut head = format!(
                    "Cela dépend {} : si oui, {}",
                    missing_phrase(&missing.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
                    crate::french::lower_first(&render(&def.then, env))
                );
                match p {
                    Some(Truth::True) => {
                        head.push_str(" Sinon, avec un partenaire : ");
                        head.push_str(&crate::french::lower_first(
                            partner_text.as_deref().unwrap_or(""),
                        ));
                    }
                    Some(Truth::Unknown(pm)) => missing.extend(pm),
                    _ => {}
                }
                (
                    LeverStatus::Depend,
                    missing.iter().map(|s| s.to_string()).collect(),
                    head,
                )
            }
        };
        let (_, notes) = self.parameters(rule, env, &mut trace);
        trace.params.extend(partner_trace.params);
        match status {
            // Within reach: competences it does not need are beside the point.
            LeverStatus::Direct => trace.absent_by_default.clear(),
            // Through a partner: what matters is the competence the direct way lacks.
            LeverStatus::Partenaire => {}
            _ => trace
                .absent_by_default
                .extend(partner_trace.absent_by_default),
        }
        let reason = join_reason(head, &rule.condition, env, &trace, &notes);
        let (references, reference_ids) = references(env.corpus, def, &rule.params, env.date);
        let levers = def
            .levers
            .iter()
            .filter_map(|id| env.corpus.entry(id))
            .map(|e| LeverRef {
                id: e.id.clone(),
                title: e.title.clone(),
                source: env.corpus.citation(&e.source),
            })
            .collect();
        LeverFit {
            id: def.id.clone(),
            title: def.title.clone(),
            status,
            reason,
            missing,
            lever_ids: def.levers.clone(),
            levers,
            references,
            reference_ids,
            explanation: render(&def.explanation, env),
            themes: def.themes.clone(),
        }
    }

    /// The parameters a rule reads, at the date, and a sentence for each.
    fn parameters(
        &self,
        rule: &Compiled,
        env: &Env<'_>,
        trace: &mut Trace,
    ) -> (Vec<ParamInForce>, Vec<String>) {
        let mut out = Vec::new();
        let mut notes = Vec::new();
        for id in &rule.params {
            let Some(entry) = env.corpus.entry(id) else {
                continue;
            };
            let dated = entry.value_at(env.date).cloned();
            trace.params.entry(id.clone()).or_insert(dated.clone());
            let Some(unit) = entry.unit else {
                continue;
            };
            let cited_note = dated
                .as_ref()
                .and_then(|v| cited_note(env.corpus, entry, v));
            let display = dated
                .as_ref()
                .map(|v| crate::french::with_unit(unit, &v.value));
            match (&dated, &display) {
                (Some(v), Some(shown)) => {
                    let mut s = if unit == Unit::Date {
                        format!("{} : le {shown} ({}).", entry.title, v.reference.title)
                    } else {
                        format!(
                            "{} au {} : {shown} ({}, en vigueur depuis le {}).",
                            entry.title,
                            crate::french::date(env.date),
                            v.reference.title,
                            crate::french::date(v.since)
                        )
                    };
                    if let Some(n) = &cited_note {
                        s.push(' ');
                        s.push_str(n);
                    }
                    notes.push(s);
                }
                _ => notes.push(format!(
                    "{} : aucune valeur en vigueur au {}.",
                    entry.title,
                    crate::french::date(env.date)
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
}

/// When a parameter the rule reads had no value yet at the date, the rule did not exist then:
/// say so, rather than a text written for the values in force.
fn not_yet_in_force(params: &[String], env: &Env<'_>) -> Option<String> {
    params.iter().find_map(|id| {
        let e = env.corpus.entry(id)?;
        if e.value_at(env.date).is_some() {
            return None;
        }
        let first = e.values.as_deref()?.first()?.since;
        Some(format!(
            "Au {}, cette règle ne s'appliquait pas encore : « {} » n'est fixé qu'à compter du {}.",
            crate::french::date(env.date),
            crate::french::lower_first(&e.title),
            crate::french::date(first)
        ))
    })
}

/// The same profile with ids spelled as the corpus spells them (`communaute_agglomeration`).
fn normalized(profile: &Profile) -> Profile {
    let id = |s: &Option<String>| {
        s.as_ref()
            .map(|v| v.trim().to_lowercase().replace('_', "-"))
    };
    Profile {
        kind: id(&profile.kind),
        territoire: id(&profile.territoire),
        competences: profile
            .competences
            .iter()
            .map(|c| c.trim().to_lowercase().replace('_', "-"))
            .collect(),
        ..profile.clone()
    }
}

fn join_sentences<const N: usize>(parts: [Option<String>; N]) -> String {
    parts
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The reason: the head, then the facts read, the parameters and a note on default competences.
fn join_reason(
    head: String,
    condition: &Expr,
    env: &Env<'_>,
    trace: &Trace,
    notes: &[String],
) -> String {
    let mut parts = vec![head.trim().to_string()];
    let facts = known_facts(condition, env);
    if !facts.is_empty() {
        parts.push(format!("Profil pris en compte : {}.", facts.join(", ")));
    }
    parts.extend(notes.iter().cloned());
    if !trace.absent_by_default.is_empty() {
        if let Some(kind) = env
            .profile
            .kind
            .as_deref()
            .and_then(|k| env.corpus.collectivity(k))
        {
            let names: Vec<String> = trace
                .absent_by_default
                .iter()
                .map(|c| {
                    let label = env
                        .corpus
                        .competence(c)
                        .map_or(c.as_str(), |x| x.label.as_str());
                    format!("« {label} »")
                })
                .collect();
            parts.push(format!(
                "Compétences retenues : celles d'une {} par défaut, sans {} ; si votre collectivité l'exerce, précisez-le.",
                kind.label,
                names.join(", ")
            ));
        }
    }
    parts.join(" ")
}

/// "population 4 000 habitants", "achats annuels HT 70 000 000 €"… for the facts a condition
/// reads that the profile gives.
fn known_facts(condition: &Expr, env: &Env<'_>) -> Vec<String> {
    let p = env.profile;
    let mut out = Vec::new();
    for f in condition.facts() {
        let shown = match f {
            Fact::Type | Fact::Niveau => p.kind.as_deref().map(|k| {
                let label = env.corpus.collectivity(k).map_or(k, |c| c.label.as_str());
                label.to_string()
            }),
            Fact::Population => p
                .population
                .map(|n| format!("{} habitants", crate::french::number(n as f64))),
            Fact::Agents => p
                .agents
                .map(|n| format!("{} agents", crate::french::number(n as f64))),
            Fact::Achats => p
                .achats_annuels_ht
                .map(|n| format!("{} d'achats annuels HT", crate::french::euros(n))),
            Fact::Territoire => p.territoire.as_deref().map(|t| {
                let label = env
                    .corpus
                    .territories
                    .iter()
                    .find(|v| v.id == t)
                    .map_or(t, |v| v.label.as_str());
                format!("territoire {}", label.to_lowercase())
            }),
            Fact::Departement => p.departement.as_ref().map(|d| format!("département {d}")),
            Fact::Region => p.region.as_ref().map(|r| format!("région {r}")),
            Fact::Date => None,
        };
        if let Some(s) = shown {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// The French for the missing fields: « du type de collectivité et de la population ».
pub fn missing_phrase(missing: &[String]) -> String {
    let parts: Vec<&str> = missing
        .iter()
        .map(|m| match m.as_str() {
            "type" => "du type de collectivité",
            "population" => "de la population",
            "agents" => "du nombre d'agents",
            "achats_annuels_ht" => "du montant annuel des achats HT",
            "territoire" => "du territoire",
            "competences" => "des compétences exercées",
            "departement" => "du département",
            "region" => "de la région",
            other => other,
        })
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    }
}

/// Replaces `{param:ID}` with the value in force and `{date}` with the date, in French.
fn render(text: &str, env: &Env<'_>) -> String {
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
            Some(crate::french::date(env.date))
        } else if let Some(id) = key.strip_prefix("param:") {
            let id = id.trim();
            env.corpus.entry(id).map(|e| match e.value_at(env.date) {
                Some(v) => crate::french::value(e, &v.value),
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

/// When a source document cites a value other than the one in force: « Le Kit Municipal ESS
/// (2020) cite le seuil de 100 M€, abaissé depuis. »
fn cited_note(corpus: &Corpus, entry: &Entry, current: &ess_corpus::DatedValue) -> Option<String> {
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
    let year = source
        .and_then(|s| s.date.as_deref())
        .map(|d| format!(" ({})", &d[..d.len().min(4)]))
        .unwrap_or_default();
    let (noun, feminine) = noun_of(&entry.id);
    let old = crate::french::with_unit(unit, &older.value);
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
            crate::french::date(older.since)
        ),
    })
}

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

/// The references of a rule for a person, and their ids: texts as "law, article", parameters
/// by the official text of the value in force, fiches and levers by their citation.
fn references(
    corpus: &Corpus,
    def: &Rule,
    params: &[String],
    date: Date,
) -> (Vec<String>, Vec<String>) {
    let mut ids: Vec<String> = Vec::new();
    for id in def.references.iter().chain(params) {
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    let mut shown: Vec<String> = Vec::new();
    for id in &ids {
        let text = match corpus.entry(id) {
            Some(e) => match e.kind {
                Kind::Texte => {
                    let law = e
                        .law
                        .as_deref()
                        .and_then(|l| corpus.source(l))
                        .map_or_else(|| e.title.clone(), |s| s.citation.clone());
                    match &e.article {
                        Some(a)
                            if a.starts_with("art.")
                                || a.starts_with("ensemble")
                                || a.starts_with("titre") =>
                        {
                            format!("{law}, {a}")
                        }
                        Some(a) => format!("{law}, art. {a}"),
                        None => law,
                    }
                }
                // The text that set the value in force; none before the first one.
                Kind::Parametre => match e.value_at(date) {
                    Some(v) => v.reference.title.clone(),
                    None => continue,
                },
                _ => format!("{} (« {} »)", corpus.citation(&e.source), e.title),
            },
            None => match corpus.source(id) {
                Some(s) => s.citation.clone(),
                None => id.clone(),
            },
        };
        // One provision worded two ways is shown once, in its fuller wording.
        match shown
            .iter()
            .position(|s| covers(s, &text) || covers(&text, s))
        {
            Some(i) if covers(&shown[i], &text) => {}
            Some(i) => shown[i] = text,
            None => shown.push(text),
        }
    }
    (shown, ids)
}

/// Whether reference `a` says all that `b` says, however worded: « Loi pour une République
/// numérique n° 2016-1321 du 7 octobre 2016, art. 6 » covers « Loi n° 2016-1321 du 7 octobre
/// 2016 pour une République numérique, art. 6 ». Same first article, and every text number
/// of `b` (« n° 2016-1321 ») also in `a`.
fn covers(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let numbers = |s: &str| -> Vec<String> {
        s.split("n° ")
            .skip(1)
            .filter_map(|rest| rest.split_whitespace().next())
            .map(|n| n.trim_end_matches([',', ';', ')']).to_string())
            .collect()
    };
    let article = |s: &str| -> Option<String> {
        let rest = s.split("art. ").nth(1)?;
        Some(rest.split([',', ';', '(', ')']).next()?.trim().to_string())
    };
    let (na, nb) = (numbers(a), numbers(b));
    !nb.is_empty()
        && article(a).is_some()
        && article(a) == article(b)
        && nb.iter().all(|n| na.contains(n))
}

impl Engine {
    /// Which obligations apply to a profile at a date (`YYYY-MM-DD`), which levers are within
    /// its reach, and why.
    pub fn evaluate(&self, profile: &Profile, date: Date) -> Evaluation {
        self.rules.evaluate(&self.corpus, profile, date)
    }

    /// The rule base.
    pub fn rulebook(&self) -> &Rulebook {
        &self.rules
    }
}

#[cfg(test)]
mod reference_tests {
    use super::covers;

    #[test]
    fn one_provision_worded_two_ways_is_one_reference() {
        assert!(covers(
            "Loi pour une République numérique n° 2016-1321 du 7 octobre 2016, art. 6 (CGCT, art. L. 1112-23)",
            "Loi n° 2016-1321 du 7 octobre 2016 pour une République numérique, art. 6 (CGCT, art. L. 1112-23)"
        ));
        // The wording that also names the décret says more: it is kept.
        let law = "Loi AGEC n° 2020-105 du 10 février 2020, art. 58";
        let with_decree = "Loi n° 2020-105 du 10 février 2020 (loi AGEC), art. 58 ; décret n° 2021-254 du 9 mars 2021";
        assert!(covers(with_decree, law));
        assert!(!covers(law, with_decree));
        assert!(!covers(
            "Loi n° 2020-105 du 10 février 2020 (loi AGEC), art. 58",
            "Loi n° 2020-105 du 10 février 2020 (loi AGEC), art. 57"
        ));
        assert!(!covers(
            "Code de la commande publique (CCP), art. L. 2111-3",
            "Code de la commande publique (CCP), art. R. 2122-8"
        ));
    }
}
