//! The rule base against its test cases, kept as data beside the rules
//! (`corpus/rule-tests/<rules file>.toml`, one per file of `corpus/data/regles/`).
//!
//! Every case is run and every failure listed, not only the first. The test also fails when a
//! rule has no case, when a case names a rule that does not exist or lives in another file, and
//! when a case file is malformed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ess_engine::{Corpus, Date, Profile, Rulebook};
use serde::Deserialize;

/// The status of a case whose rule gives no verdict for the profile (`only_for`).
const ABSENT: &str = "absent";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    rule: String,
    name: String,
    date: toml::value::Datetime,
    #[serde(default)]
    profile: CaseProfile,
    status: String,
    #[serde(default)]
    missing: Vec<String>,
    #[serde(default)]
    reason_contains: Vec<String>,
}

/// The profile of a case, with the JSON names of [`Profile`]; an unknown key is an error.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CaseProfile {
    #[serde(rename = "type")]
    kind: Option<String>,
    population: Option<u64>,
    agents: Option<u64>,
    achats_annuels_ht: Option<f64>,
    subvention: Option<f64>,
    marche_travaux_ht: Option<f64>,
    marche_fournitures_services_ht: Option<f64>,
    part_capital_scic: Option<f64>,
    aide_entreprise: Option<f64>,
    dotation_initiale: Option<f64>,
    territoire: Option<String>,
    departement: Option<String>,
    region: Option<String>,
    #[serde(default)]
    competences: Vec<String>,
}

impl From<CaseProfile> for Profile {
    fn from(p: CaseProfile) -> Profile {
        Profile {
            kind: p.kind.map(Into::into),
            population: p.population,
            agents: p.agents,
            achats_annuels_ht: p.achats_annuels_ht,
            subvention: p.subvention,
            marche_travaux_ht: p.marche_travaux_ht,
            marche_fournitures_services_ht: p.marche_fournitures_services_ht,
            part_capital_scic: p.part_capital_scic,
            aide_entreprise: p.aide_entreprise,
            dotation_initiale: p.dotation_initiale,
            territoire: p.territoire.map(Into::into),
            departement: p.departement,
            region: p.region,
            competences: p.competences,
            ..Profile::default()
        }
    }
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/rule-tests")
}

/// A status by the name JSON gives it (`applicable`, `partenaire`…).
fn json_name(status: &impl serde::Serialize) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// What a case decided: the status, the missing facts and the reason.
fn outcome(
    corpus: &Corpus,
    rules: &Rulebook,
    rule: &str,
    profile: &Profile,
    date: Date,
) -> Option<(String, Vec<String>, String)> {
    let ev = ess_engine::evaluate(corpus, rules, profile, date);
    ev.obligations
        .iter()
        .find(|v| v.id == rule)
        .map(|v| (json_name(&v.status), v.missing.clone(), v.reason.clone()))
        .or_else(|| {
            ev.levers
                .iter()
                .find(|l| l.id == rule)
                .map(|l| (json_name(&l.status), l.missing.clone(), l.reason.clone()))
        })
}

#[test]
fn every_rule_meets_its_test_cases() {
    let corpus = Corpus::builtin().expect("the built-in corpus is valid");
    let rules = Rulebook::build(&corpus);
    // Which rules file defines each rule, by stem (`obligations` for regles/obligations.toml).
    let home: BTreeMap<&str, String> = corpus
        .rules
        .iter()
        .map(|r| {
            let stem = Path::new(&r.origin.file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (r.id.as_str(), stem)
        })
        .collect();
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder())
        .expect("corpus/rule-tests exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no case file in corpus/rule-tests");

    let mut failures = Vec::new();
    let mut tested = BTreeSet::new();
    let mut count = 0;
    for path in &files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).expect("a readable case file");
        let cases: CaseFile = match toml::from_str(&text) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{file} : fichier de cas invalide : {e}"));
                continue;
            }
        };
        for case in cases.case {
            count += 1;
            let label = format!("{file}, « {} » ({})", case.name, case.rule);
            match home.get(case.rule.as_str()) {
                None => {
                    failures.push(format!("{label} : règle inconnue"));
                    continue;
                }
                Some(h) if *h != stem => {
                    failures.push(format!("{label} : la règle est dans regles/{h}.toml"));
                    continue;
                }
                Some(_) => {}
            }
            tested.insert(case.rule.clone());
            let Ok(date) = case.date.to_string().parse::<Date>() else {
                failures.push(format!("{label} : date {} invalide", case.date));
                continue;
            };
            let profile = Profile::from(case.profile);
            let Some((status, missing, reason)) =
                outcome(&corpus, &rules, &case.rule, &profile, date)
            else {
                // `status = "absent"`: the rule is about other types of collectivity.
                if case.status != ABSENT {
                    failures.push(format!("{label} : règle absente de l'évaluation"));
                }
                continue;
            };
            if case.status == ABSENT {
                failures.push(format!(
                    "{label} : attendu aucun verdict, obtenu {status}\n      {reason}"
                ));
                continue;
            }
            if status != case.status || missing != case.missing {
                failures.push(format!(
                    "{label} : attendu {} {:?}, obtenu {status} {missing:?}\n      {reason}",
                    case.status, case.missing
                ));
            }
            for words in &case.reason_contains {
                if !reason.contains(words.as_str()) {
                    failures.push(format!("{label} : « {words} » absent de : {reason}"));
                }
            }
        }
    }
    for rule in home.keys().filter(|r| !tested.contains(**r)) {
        failures.push(format!(
            "règle « {rule} » sans cas de test (corpus/rule-tests/{}.toml)",
            home[rule]
        ));
    }
    assert!(
        failures.is_empty(),
        "{} échec(s) sur {count} cas :\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 300, "{count} cases");
}

/// Every case as written, its profile kept as a table: `(rule, date, profile)`.
fn raw_cases() -> Vec<(String, Date, toml::Table)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(folder()).expect("corpus/rule-tests exists") {
        let path = entry.expect("a readable entry").path();
        if path.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a readable case file");
        let file: toml::Table = toml::from_str(&text).expect("a valid case file");
        for case in file["case"].as_array().into_iter().flatten() {
            let rule = case["rule"].as_str().unwrap_or_default().to_string();
            let date = case["date"].to_string().trim_matches('"').parse();
            let profile = case
                .get("profile")
                .and_then(|p| p.as_table())
                .cloned()
                .unwrap_or_default();
            if let Ok(date) = date {
                out.push((rule, date, profile));
            }
        }
    }
    out
}

/// The day before.
fn eve(day: Date) -> Date {
    Date::from(day.naive().pred_opt().expect("a day after year 1"))
}

/// Each comparison of a fact with a dated parameter, in any rule, is tested at its boundaries
/// (issue 11): for every value of the parameter, cases at value − 1, value and value + 1
/// within the value's period; for a date, cases the day before and the day itself; and, for
/// every value after the first, cases the day before it starts and the day it does.
#[test]
fn every_threshold_is_tested_at_its_boundaries() {
    use ess_corpus::condition::{CmpOp, Expr, ExprKind, Fact};
    use ess_corpus::ParamValue;

    let corpus = Corpus::builtin().expect("the built-in corpus is valid");
    let cases = raw_cases();
    let mut missing = Vec::new();
    let mut compared = 0;
    let date_values = |p: &str| -> Vec<Date> {
        let entry = corpus.entry(p).expect("a known parameter");
        let values = entry.values.as_deref().unwrap_or(&[]);
        values
            .iter()
            .filter_map(|v| match v.value {
                ParamValue::Date(d) => Some(d),
                ParamValue::Number(_) => None,
            })
            .collect()
    };
    for rule in &corpus.rules {
        // A rule that holds only from a day on (« date >= param(…) and … », or a conjunct
        // whose parameter has no value yet) cannot turn on an amount before that day: earlier
        // thresholds are not its boundaries.
        let parts = match &rule.condition.expr.kind {
            ExprKind::And(parts) => parts.iter().collect(),
            _ => vec![&rule.condition.expr],
        };
        let first_since = |p: &str| {
            let entry = corpus.entry(p).expect("a known parameter");
            entry
                .values
                .as_deref()
                .unwrap_or(&[])
                .first()
                .map(|v| v.since)
        };
        let from = parts
            .iter()
            .filter_map(|e| match &e.kind {
                ExprKind::Cmp(op, a, b) => match (&a.kind, &b.kind) {
                    (ExprKind::Fact(Fact::Date), ExprKind::Param(p)) if *op == CmpOp::Ge => {
                        date_values(p).into_iter().min()
                    }
                    (ExprKind::Param(p), _) | (_, ExprKind::Param(p)) => first_since(p),
                    _ => None,
                },
                ExprKind::InForce(p) => first_since(p),
                _ => None,
            })
            .max();
        let mut nodes: Vec<&Expr> = Vec::new();
        rule.condition.expr.walk(&mut nodes);
        if let Some(partner) = &rule.partner_condition {
            partner.expr.walk(&mut nodes);
        }
        for node in nodes {
            let ExprKind::Cmp(_, a, b) = &node.kind else {
                continue;
            };
            let (fact, param) = match (&a.kind, &b.kind) {
                (ExprKind::Fact(f), ExprKind::Param(p))
                | (ExprKind::Param(p), ExprKind::Fact(f)) => (*f, p),
                _ => continue,
            };
            compared += 1;
            let entry = corpus.entry(param).expect("a known parameter");
            let values = entry.values.as_deref().unwrap_or(&[]);
            let of_rule: Vec<&(String, Date, toml::Table)> = cases
                .iter()
                .filter(|(r, _, _)| *r == rule.id.as_str())
                .collect();
            let dated = |day: Date| of_rule.iter().any(|(_, d, _)| *d == day);
            for (i, v) in values.iter().enumerate() {
                let until = values.get(i + 1).map(|next| next.since);
                let start = match from {
                    Some(day) if fact != Fact::Date => v.since.max(day),
                    _ => v.since,
                };
                if until.is_some_and(|u| u <= start) {
                    continue;
                }
                let in_period = |d: Date| d >= start && until.is_none_or(|u| d < u);
                let label = format!(
                    "{} ({} {param}, valeur du {})",
                    rule.id,
                    fact.name(),
                    v.since
                );
                match (&v.value, fact) {
                    (ParamValue::Date(day), Fact::Date) => {
                        // A day superseded before it comes is no boundary.
                        for d in [eve(*day), *day].into_iter().filter(|d| in_period(*d)) {
                            if !dated(d) {
                                missing.push(format!("{label} : aucun cas au {d}"));
                            }
                        }
                    }
                    (ParamValue::Number(n), _) => {
                        let field = fact.profile_field();
                        for x in [n - 1.0, *n, n + 1.0] {
                            let found = of_rule.iter().any(|(_, d, p)| {
                                in_period(*d)
                                    && p.get(field).and_then(|f| {
                                        f.as_float().or(f.as_integer().map(|i| i as f64))
                                    }) == Some(x)
                            });
                            if !found {
                                missing.push(format!("{label} : aucun cas à {field} = {x}"));
                            }
                        }
                    }
                    _ => missing.push(format!("{label} : valeur et fait de types différents")),
                }
                if i > 0 && fact != Fact::Date && start == v.since {
                    // A case of that day that states the fact: one that leaves it unknown
                    // tests nothing of the change.
                    let field = fact.profile_field();
                    let states = |day: Date| {
                        of_rule
                            .iter()
                            .any(|(_, d, p)| *d == day && p.contains_key(field))
                    };
                    for d in [eve(v.since), v.since] {
                        if !states(d) {
                            missing.push(format!("{label} : aucun cas au {d}"));
                        }
                    }
                }
            }
        }
    }
    assert!(compared >= 20, "{compared} comparisons");
    assert!(
        missing.is_empty(),
        "{} cas de bord manquants :\n{}",
        missing.len(),
        missing.join("\n")
    );
}
