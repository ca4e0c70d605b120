//! Three-valued evaluation of a condition against a profile at a date.
//!
//! A fact the profile does not give makes the comparison that needs it unknown; `and`, `or` and
//! `not` follow Kleene's logic (`false and unknown` is false, `true or unknown` is true), so a
//! result is unknown only when the missing facts could change it, and then it names them.

use std::collections::{BTreeMap, BTreeSet};

use ess_corpus::condition::{CmpOp, Expr, ExprKind, Fact};
use ess_corpus::{CompetenceId, Corpus, Date, DatedValue, ParamValue};

use crate::profile::Profile;

/// The value of a condition: true, false, or unknown for want of the named profile fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown(BTreeSet<&'static str>),
}

impl Truth {
    fn from_bool(b: bool) -> Truth {
        if b {
            Truth::True
        } else {
            Truth::False
        }
    }

    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            unknown => unknown,
        }
    }
}

/// A value of a term.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Number(f64),
    Date(Date),
    Text(String),
    Bool(bool),
    /// A parameter with no value in force at the date: comparisons with it are false.
    Undefined,
}

/// The competences a profile holds: what its type holds by default, plus what the user added,
/// minus what the user removed (`sans:ID`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Competences {
    /// The type's defaults; `None` when the type is unknown or its competences depend on its
    /// statutes.
    pub defaults: Option<BTreeSet<CompetenceId>>,
    pub added: BTreeSet<CompetenceId>,
    pub removed: BTreeSet<CompetenceId>,
    /// What a body of the type holds or not by its own choice: unknown unless added or
    /// removed.
    pub optional: BTreeSet<CompetenceId>,
    /// Which field settles an unknown: `type` when the type is unknown, else `competences`.
    pub settled_by: &'static str,
}

/// The prefix that removes a default competence in a profile: `sans:transports-voirie`.
pub const WITHOUT: &str = "sans:";

impl Competences {
    pub fn of(corpus: &Corpus, profile: &Profile) -> Competences {
        let mut added = BTreeSet::new();
        let mut removed = BTreeSet::new();
        for c in &profile.competences {
            match c.strip_prefix(WITHOUT) {
                Some(id) => {
                    removed.insert(CompetenceId::from(id));
                    added.remove(id);
                }
                None => {
                    added.insert(CompetenceId::from(c.as_str()));
                    removed.remove(c.as_str());
                }
            }
        }
        let kind = profile.kind.as_deref().and_then(|k| corpus.collectivity(k));
        Competences {
            defaults: kind
                .and_then(|k| k.competences.as_ref())
                .map(|list| list.iter().cloned().collect()),
            optional: kind
                .map(|k| k.optional.iter().cloned().collect())
                .unwrap_or_default(),
            added,
            removed,
            settled_by: if kind.is_some() {
                "competences"
            } else {
                "type"
            },
        }
    }

    pub fn has(&self, id: &str) -> Truth {
        if self.removed.contains(id) {
            return Truth::False;
        }
        if self.added.contains(id) {
            return Truth::True;
        }
        if self.optional.contains(id) {
            return Truth::Unknown(BTreeSet::from(["competences"]));
        }
        match &self.defaults {
            Some(set) => Truth::from_bool(set.contains(id)),
            None => Truth::Unknown(BTreeSet::from([self.settled_by])),
        }
    }

    /// The full list when it is known.
    pub fn known(&self) -> Option<Vec<CompetenceId>> {
        let set = self.defaults.as_ref()?;
        let mut out: Vec<CompetenceId> = set
            .iter()
            .chain(self.added.iter())
            .filter(|c| !self.removed.contains(*c))
            .cloned()
            .collect();
        out.sort();
        out.dedup();
        Some(out)
    }
}

/// What an evaluation read, to explain it: parameters with their value at the date, and
/// competences decided from the type's defaults.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// Parameter id → the value in force (None: no value at that date).
    pub params: BTreeMap<String, Option<DatedValue>>,
    /// Competences found absent from the defaults of the type (the user may hold them anyway).
    pub absent_by_default: BTreeSet<String>,
    /// Competences the type holds or not by its own choice, that the profile does not settle.
    pub optional_unsaid: BTreeSet<String>,
}

/// What a condition is evaluated against.
pub struct Env<'a> {
    pub corpus: &'a Corpus,
    pub profile: &'a Profile,
    pub date: Date,
    pub competences: &'a Competences,
}

impl Env<'_> {
    /// Evaluates a condition, recording what it read in `trace`.
    pub fn truth(&self, e: &Expr, trace: &mut Trace) -> Truth {
        match &e.kind {
            ExprKind::Bool(b) => Truth::from_bool(*b),
            ExprKind::Not(inner) => self.truth(inner, trace).not(),
            ExprKind::And(items) => {
                let mut missing = BTreeSet::new();
                let mut any_false = false;
                for item in items {
                    match self.truth(item, trace) {
                        Truth::False => any_false = true,
                        Truth::Unknown(m) => missing.extend(m),
                        Truth::True => {}
                    }
                }
                if any_false {
                    Truth::False
                } else if missing.is_empty() {
                    Truth::True
                } else {
                    Truth::Unknown(missing)
                }
            }
            ExprKind::Or(items) => {
                let mut missing = BTreeSet::new();
                let mut any_true = false;
                for item in items {
                    match self.truth(item, trace) {
                        Truth::True => any_true = true,
                        Truth::Unknown(m) => missing.extend(m),
                        Truth::False => {}
                    }
                }
                if any_true {
                    Truth::True
                } else if missing.is_empty() {
                    Truth::False
                } else {
                    Truth::Unknown(missing)
                }
            }
            ExprKind::Has(id) => {
                let t = self.competences.has(id);
                if t == Truth::False && !self.competences.removed.contains(id.as_str()) {
                    trace.absent_by_default.insert(id.clone());
                }
                if matches!(t, Truth::Unknown(_)) && self.competences.optional.contains(id.as_str())
                {
                    trace.optional_unsaid.insert(id.clone());
                }
                t
            }
            ExprKind::InForce(id) => Truth::from_bool(self.param(id, trace) != Value::Undefined),
            ExprKind::Cmp(op, a, b) => {
                let (va, vb) = (self.value(a, trace), self.value(b, trace));
                match (va, vb) {
                    (Ok(x), Ok(y)) => Truth::from_bool(compare(*op, &x, &y)),
                    (x, y) => {
                        let mut missing = BTreeSet::new();
                        for r in [x, y] {
                            if let Err(field) = r {
                                missing.insert(field);
                            }
                        }
                        Truth::Unknown(missing)
                    }
                }
            }
            ExprKind::In {
                item,
                list,
                negated,
            } => match self.value(item, trace) {
                Err(field) => Truth::Unknown(BTreeSet::from([field])),
                Ok(x) => {
                    let found = list.iter().any(|v| {
                        self.value(v, trace)
                            .is_ok_and(|y| compare(CmpOp::Eq, &x, &y))
                    });
                    Truth::from_bool(found != *negated)
                }
            },
            // A lone value where a condition is expected is refused by the checker.
            _ => match self.value(e, trace) {
                Ok(Value::Bool(b)) => Truth::from_bool(b),
                Ok(_) => Truth::False,
                Err(field) => Truth::Unknown(BTreeSet::from([field])),
            },
        }
    }

    /// The value of a term, or the profile field it needs when that field is unknown.
    fn value(&self, e: &Expr, trace: &mut Trace) -> Result<Value, &'static str> {
        let p = self.profile;
        let missing = |f: Fact| f.profile_field();
        match &e.kind {
            ExprKind::Number(n) => Ok(Value::Number(*n)),
            ExprKind::Date(d) => Ok(Value::Date(*d)),
            ExprKind::Text(t) => Ok(Value::Text(t.clone())),
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::Param(id) => Ok(self.param(id, trace)),
            ExprKind::Fact(f) => {
                let text =
                    |v: Option<&str>| v.map(|s| Value::Text(s.to_owned())).ok_or(missing(*f));
                match f {
                    Fact::Type => text(p.kind.as_deref()),
                    Fact::Niveau => p
                        .kind
                        .as_deref()
                        .and_then(|k| self.corpus.collectivity(k))
                        .and_then(|k| k.level.clone())
                        .map(Value::Text)
                        .ok_or(missing(*f)),
                    Fact::Population => p
                        .population
                        .map(|n| Value::Number(n as f64))
                        .ok_or(missing(*f)),
                    Fact::Agents => p.agents.map(|n| Value::Number(n as f64)).ok_or(missing(*f)),
                    Fact::Achats => p.achats_annuels_ht.map(Value::Number).ok_or(missing(*f)),
                    Fact::Subvention => p.subvention.map(Value::Number).ok_or(missing(*f)),
                    Fact::MarcheTravaux => {
                        p.marche_travaux_ht.map(Value::Number).ok_or(missing(*f))
                    }
                    Fact::MarcheFournituresServices => p
                        .marche_fournitures_services_ht
                        .map(Value::Number)
                        .ok_or(missing(*f)),
                    Fact::PartCapitalScic => {
                        p.part_capital_scic.map(Value::Number).ok_or(missing(*f))
                    }
                    Fact::AideEntreprise => p.aide_entreprise.map(Value::Number).ok_or(missing(*f)),
                    Fact::DotationInitiale => {
                        p.dotation_initiale.map(Value::Number).ok_or(missing(*f))
                    }
                    Fact::Territoire => text(p.territoire.as_deref()),
                    Fact::Departement => text(p.departement.as_deref()),
                    Fact::Region => text(p.region.as_deref()),
                    Fact::Date => Ok(Value::Date(self.date)),
                }
            }
            _ => Ok(Value::Bool(self.truth(e, trace) == Truth::True)),
        }
    }

    fn param(&self, id: &str, trace: &mut Trace) -> Value {
        let dated = self
            .corpus
            .entry(id)
            .and_then(|e| e.value_at(self.date))
            .cloned();
        let value = match &dated {
            None => Value::Undefined,
            Some(v) => match &v.value {
                ParamValue::Number(n) => Value::Number(*n),
                ParamValue::Date(d) => Value::Date(*d),
            },
        };
        trace.params.entry(id.to_string()).or_insert(dated);
        value
    }
}

fn compare(op: CmpOp, a: &Value, b: &Value) -> bool {
    use std::cmp::Ordering;
    let ord = match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.partial_cmp(y),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Text(x), Value::Text(y)) => {
            return match op {
                CmpOp::Eq => x == y,
                CmpOp::Ne => x != y,
                _ => false,
            }
        }
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    };
    let Some(ord) = ord else {
        return false;
    };
    match op {
        CmpOp::Ge => ord != Ordering::Less,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ess_corpus::condition::parse;

    fn corpus() -> &'static Corpus {
        use std::sync::OnceLock;
        static CORPUS: OnceLock<Corpus> = OnceLock::new();
        CORPUS.get_or_init(|| Corpus::builtin().expect("the embedded corpus is valid"))
    }

    fn eval(src: &str, profile: &Profile, date: &str) -> Truth {
        let competences = Competences::of(corpus(), profile);
        let env = Env {
            corpus: corpus(),
            profile,
            date: date.parse().unwrap(),
            competences: &competences,
        };
        env.truth(&parse(src).unwrap(), &mut Trace::default())
    }

    fn unknown(fields: &[&'static str]) -> Truth {
        Truth::Unknown(fields.iter().copied().collect())
    }

    #[test]
    fn kleene_logic_keeps_unknown_only_when_it_matters() {
        let nobody = Profile::default();
        let small = Profile {
            population: Some(900),
            ..Profile::default()
        };
        let cases: &[(&str, &Profile, Truth)] = &[
            ("population >= 3500", &nobody, unknown(&["population"])),
            ("population >= 3500", &small, Truth::False),
            ("population >= 3500 and agents >= 50", &small, Truth::False),
            (
                "population < 3500 and agents >= 50",
                &small,
                unknown(&["agents"]),
            ),
            ("population < 3500 or agents >= 50", &small, Truth::True),
            (
                "population >= 3500 or agents >= 50",
                &small,
                unknown(&["agents"]),
            ),
            (
                "not (population >= 3500)",
                &nobody,
                unknown(&["population"]),
            ),
            (
                "population >= 3500 and agents >= 50",
                &nobody,
                unknown(&["agents", "population"]),
            ),
            ("false and population >= 1", &nobody, Truth::False),
            ("true or population >= 1", &nobody, Truth::True),
            ("niveau == region", &nobody, unknown(&["type"])),
            ("type in [commune]", &nobody, unknown(&["type"])),
            (
                "achats_annuels_ht > 1",
                &nobody,
                unknown(&["achats_annuels_ht"]),
            ),
            ("territoire == rural", &nobody, unknown(&["territoire"])),
        ];
        for (src, profile, expected) in cases {
            assert_eq!(&eval(src, profile, "2026-11-22"), expected, "{src}");
        }
    }

    #[test]
    fn facts_of_the_type_and_membership() {
        let ca = Profile {
            kind: Some("communaute-agglomeration".into()),
            ..Profile::default()
        };
        assert_eq!(
            eval("niveau == bloc-communal", &ca, "2026-11-22"),
            Truth::True
        );
        assert_eq!(
            eval("type in [commune, metropole]", &ca, "2026-11-22"),
            Truth::False
        );
        assert_eq!(
            eval("type not in [commune, metropole]", &ca, "2026-11-22"),
            Truth::True
        );
        assert_eq!(eval("type != commune", &ca, "2026-11-22"), Truth::True);
    }

    #[test]
    fn parameters_take_the_value_in_force_at_the_date() {
        let p = Profile {
            achats_annuels_ht: Some(70_000_000.0),
            ..Profile::default()
        };
        let rule = "achats_annuels_ht > param(seuil-spaser)";
        assert_eq!(eval(rule, &p, "2022-12-31"), Truth::False);
        assert_eq!(eval(rule, &p, "2023-01-01"), Truth::True);
        // Before the first value, the parameter is undefined and comparisons are false.
        assert_eq!(eval(rule, &p, "2010-01-01"), Truth::False);
        assert_eq!(
            eval("in_force(seuil-spaser)", &p, "2010-01-01"),
            Truth::False
        );
        assert_eq!(
            eval("in_force(seuil-spaser)", &p, "2015-02-01"),
            Truth::True
        );
        let bio = "date >= param(date-generalisation-tri-biodechets)";
        // « au plus tard le 31 décembre 2023 » (loi AGEC, art. 88): that day included.
        assert_eq!(eval(bio, &p, "2023-12-30"), Truth::False);
        assert_eq!(eval(bio, &p, "2023-12-31"), Truth::True);
    }

    #[test]
    fn competences_come_from_the_type_and_the_user() {
        let commune = Profile {
            kind: Some("commune".into()),
            ..Profile::default()
        };
        assert_eq!(
            eval("has(action-sociale-sante)", &commune, "2026-11-22"),
            Truth::True
        );
        assert_eq!(
            eval("has(transports-voirie)", &commune, "2026-11-22"),
            Truth::False
        );
        let with_transport = Profile {
            competences: vec![
                "transports-voirie".into(),
                "sans:action-sociale-sante".into(),
            ],
            ..commune.clone()
        };
        assert_eq!(
            eval("has(transports-voirie)", &with_transport, "2026-11-22"),
            Truth::True
        );
        assert_eq!(
            eval("has(action-sociale-sante)", &with_transport, "2026-11-22"),
            Truth::False
        );
        // Unknown type: the type settles it; statutory body: its competences do.
        assert_eq!(
            eval("has(dechets)", &Profile::default(), "2026-11-22"),
            unknown(&["type"])
        );
        let syndicat = Profile {
            kind: Some("syndicat-mixte".into()),
            ..Profile::default()
        };
        assert_eq!(
            eval("has(dechets)", &syndicat, "2026-11-22"),
            unknown(&["competences"])
        );
        let syndicat_dechets = Profile {
            competences: vec!["dechets".into()],
            ..syndicat
        };
        assert_eq!(
            eval("has(dechets)", &syndicat_dechets, "2026-11-22"),
            Truth::True
        );
    }
}
