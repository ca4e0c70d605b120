//! The rule base: which legal obligations apply to a profile at a date, which levers are within
//! its reach — as structure, not prose.
//!
//! The rules are data (`corpus/data/regles/*.toml`); their conditions are written in the
//! language of [`ess_corpus::condition`], compiled when the corpus loads, and evaluated here
//! with three values ([`eval`]): a fact the profile does not give turns a finding into
//! `depend`, with the facts that would settle it — never a guess. Thresholds and dates are
//! dated parameters, read at the date asked. A [`Finding`] says what was decided and from
//! what (facts read, parameters in force, competences assumed, references); the French is
//! written by the rendering layer (`render`).

pub(crate) mod eval;

use std::collections::BTreeSet;

use ess_corpus::condition::{Expr, Fact};
use ess_corpus::{
    CompetenceId, Corpus, Date, DatedValue, Kind, ParamValue, Rule, RuleId, RuleKind,
};

use crate::analysis::slug;
use crate::profile::Profile;
use crate::verdict::{LeverCase, LeverStatus, Status};
use eval::{Competences, Env, Trace, Truth};

/// What one rule decides for a profile at a date, and what the decision rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule's id.
    pub rule: RuleId,
    /// What the rule is about.
    pub kind: RuleKind,
    /// For every rule but levers: applies, does not, or depends on a missing fact.
    pub status: Status,
    /// For lever rules: how the lever is within reach, and by which way it was decided.
    pub lever: Option<(LeverStatus, LeverCase)>,
    /// Profile fields that would settle an undecided finding.
    pub missing: Vec<String>,
    /// The facts the rule's conditions read, once each.
    pub facts: Vec<Fact>,
    /// The dated parameters the rule reads, with the value in force at the date (if any).
    pub parameters: Vec<(String, Option<DatedValue>)>,
    /// When the rule did not exist yet at the date: the parameter that had no value yet, and
    /// the day of its first value.
    pub not_yet_in_force: Option<(String, Date)>,
    /// Competences found absent from the type's defaults (the user may hold them anyway).
    pub absent_by_default: Vec<String>,
    /// Competences the type holds or not by its own choice, that the profile does not say.
    pub optional_unsaid: Vec<String>,
    /// Ids of the texts, parameters, fiches or sources the rule rests on, in order, once each.
    pub reference_ids: Vec<String>,
}

/// Everything the rule base decides for a profile at a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The day of the evaluation.
    pub date: Date,
    /// The profile, spelled as the corpus spells ids.
    pub profile: Profile,
    /// The competences taken into account (type defaults and user's changes), `None` when
    /// unknown.
    pub competences: Option<Vec<CompetenceId>>,
    /// Obligations, competences, eligibility and points of vigilance: applicable first, then
    /// those that depend on a missing fact, then the others.
    pub obligations: Vec<Finding>,
    /// Lever rules ranked by fit: within reach first, then with a partner, then undecided,
    /// then out of reach.
    pub levers: Vec<Finding>,
}

/// A rule with the parameters its conditions and texts read.
#[derive(Debug, Clone)]
struct Compiled {
    def: Rule,
    params: Vec<String>,
}

/// The rules of a corpus. Build it once; assess any number of profiles.
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
                params.extend(def.placeholders().into_iter().map(|(_, id)| id));
                let mut seen = BTreeSet::new();
                params.retain(|id| seen.insert(id.clone()));
                Compiled {
                    def: def.clone(),
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

    /// Whether there is no rule at all.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Ids of the rules, in the order of the corpus.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.def.id.as_str())
    }

    /// Decides every rule for a profile at a date.
    pub fn assess(&self, corpus: &Corpus, profile: &Profile, date: Date) -> Assessment {
        self.assess_some(corpus, profile, date, true)
    }

    /// Decides the rules that are not about levers (an answer's verdicts), for a profile at
    /// a date; `levers` is left empty.
    pub fn assess_obligations(&self, corpus: &Corpus, profile: &Profile, date: Date) -> Assessment {
        self.assess_some(corpus, profile, date, false)
    }

    fn assess_some(
        &self,
        corpus: &Corpus,
        profile: &Profile,
        date: Date,
        levers: bool,
    ) -> Assessment {
        let profile = normalized(profile);
        let competences = Competences::of(corpus, &profile);
        let env = Env {
            corpus,
            profile: &profile,
            date,
            competences: &competences,
        };
        let (mut levers, mut obligations): (Vec<Finding>, Vec<Finding>) = self
            .rules
            .iter()
            .filter(|rule| levers || rule.def.kind != RuleKind::Levier)
            .filter(|rule| about_the_type(&rule.def, &profile))
            .map(|rule| match rule.def.kind {
                RuleKind::Levier => lever(rule, &env),
                _ => obligation(rule, &env),
            })
            .partition(|f| f.kind == RuleKind::Levier);
        let rank = |s: Status| match s {
            Status::Applicable => 0,
            Status::Depend => 1,
            Status::NonApplicable => 2,
        };
        obligations.sort_by_key(|f| rank(f.status));
        levers.sort_by_key(|f| f.lever.map(|(s, _)| s));
        Assessment {
            date,
            competences: competences.known(),
            profile,
            obligations,
            levers,
        }
    }
}

/// Whether the rule is about the profile's type of collectivity: any rule when the type is
/// unknown; a rule limited to some types (`only_for`) for those only.
fn about_the_type(rule: &ess_corpus::Rule, profile: &Profile) -> bool {
    match profile.kind.as_deref() {
        Some(kind) if !rule.only_for.is_empty() => rule.only_for.iter().any(|t| t == kind),
        _ => true,
    }
}

fn missing_of(fields: &BTreeSet<&'static str>) -> Vec<String> {
    fields.iter().map(|s| s.to_string()).collect()
}

/// A rule that is not about a lever: its condition decides the status.
fn obligation(rule: &Compiled, env: &Env<'_>) -> Finding {
    let mut trace = Trace::default();
    let truth = env.truth(&rule.def.condition.expr, &mut trace);
    let (status, missing) = match truth {
        Truth::True => (Status::Applicable, Vec::new()),
        Truth::False => (Status::NonApplicable, Vec::new()),
        Truth::Unknown(m) => (Status::Depend, missing_of(&m)),
    };
    if status == Status::Applicable {
        // What applies needs no competence it lacks.
        trace.absent_by_default.clear();
    }
    let not_yet = match status {
        Status::NonApplicable => not_yet_in_force(&rule.params, env),
        _ => None,
    };
    finding(rule, env, status, None, missing, trace, not_yet)
}

/// A lever rule: directly within reach, through a partner, undecided or out of reach.
fn lever(rule: &Compiled, env: &Env<'_>) -> Finding {
    let mut trace = Trace::default();
    let direct = env.truth(&rule.def.condition.expr, &mut trace);
    let mut partner_trace = Trace::default();
    let partner = rule
        .def
        .partner_condition
        .as_ref()
        .map(|p| env.truth(&p.expr, &mut partner_trace));
    let (status, case, missing) = match (direct, partner) {
        (Truth::True, _) => (LeverStatus::Direct, LeverCase::Direct, Vec::new()),
        (Truth::False, Some(Truth::True)) => {
            (LeverStatus::Partenaire, LeverCase::Partner, Vec::new())
        }
        (Truth::False, Some(Truth::Unknown(m))) => (
            LeverStatus::Depend,
            LeverCase::PartnerDepends,
            missing_of(&m),
        ),
        (Truth::False, _) => (LeverStatus::NonApplicable, LeverCase::Out, Vec::new()),
        (Truth::Unknown(mut m), p) => {
            let partner_possible = p == Some(Truth::True);
            if let Some(Truth::Unknown(pm)) = p {
                m.extend(pm);
            }
            (
                LeverStatus::Depend,
                LeverCase::Depends { partner_possible },
                missing_of(&m),
            )
        }
    };
    match status {
        // Within reach: competences it does not need are beside the point.
        LeverStatus::Direct => trace.absent_by_default.clear(),
        // Through a partner: what matters is the competence the direct way lacks.
        LeverStatus::Partenaire => {}
        _ => trace
            .absent_by_default
            .extend(partner_trace.absent_by_default),
    }
    let status_of_rule = match status {
        LeverStatus::Direct | LeverStatus::Partenaire => Status::Applicable,
        LeverStatus::Depend => Status::Depend,
        LeverStatus::NonApplicable => Status::NonApplicable,
    };
    finding(
        rule,
        env,
        status_of_rule,
        Some((status, case)),
        missing,
        trace,
        None,
    )
}

fn finding(
    rule: &Compiled,
    env: &Env<'_>,
    status: Status,
    lever: Option<(LeverStatus, LeverCase)>,
    missing: Vec<String>,
    trace: Trace,
    not_yet_in_force: Option<(String, Date)>,
) -> Finding {
    let parameters = rule
        .params
        .iter()
        .filter_map(|id| {
            let entry = env.corpus.entry(id)?;
            Some((id.clone(), entry.value_at(env.date).cloned()))
        })
        .collect();
    let mut reference_ids: Vec<String> = Vec::new();
    for id in rule.def.references.iter().chain(&rule.params) {
        if !reference_ids.contains(id) {
            reference_ids.push(id.clone());
        }
    }
    Finding {
        rule: rule.def.id.clone(),
        kind: rule.def.kind,
        status,
        lever,
        missing,
        facts: facts_read(&rule.def.condition.expr),
        parameters,
        not_yet_in_force,
        absent_by_default: trace.absent_by_default.into_iter().collect(),
        optional_unsaid: trace.optional_unsaid.into_iter().collect(),
        reference_ids,
    }
}

fn facts_read(condition: &Expr) -> Vec<Fact> {
    condition.facts()
}

/// When a parameter the rule reads had no value yet at the date, the rule did not exist then.
fn not_yet_in_force(params: &[String], env: &Env<'_>) -> Option<(String, Date)> {
    params.iter().find_map(|id| {
        let e = env.corpus.entry(id)?;
        if e.kind != Kind::Parametre || e.value_at(env.date).is_some() {
            return None;
        }
        let first = e.values.as_deref()?.first()?;
        // A date the text sets later than its own start (the loi Climat of August 2021 makes
        // social clauses compulsory from 22 August 2026) is when the rule begins.
        let begins = match first.value {
            ParamValue::Date(day) => day.max(first.since),
            ParamValue::Number(_) => first.since,
        };
        Some((id.clone(), begins))
    })
}

/// The same profile with ids spelled as the corpus spells them (`communaute_agglomeration`).
fn normalized(profile: &Profile) -> Profile {
    let competence = |c: &String| match c.trim().strip_prefix(eval::WITHOUT) {
        Some(id) => format!("{}{}", eval::WITHOUT, slug(id)),
        None => slug(c),
    };
    Profile {
        kind: profile.kind.as_deref().map(|k| slug(k).into()),
        territoire: profile.territoire.as_deref().map(|t| slug(t).into()),
        competences: profile.competences.iter().map(competence).collect(),
        ..profile.clone()
    }
}
