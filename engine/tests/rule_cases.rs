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
                failures.push(format!("{label} : règle absente de l'évaluation"));
                continue;
            };
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
