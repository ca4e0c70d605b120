//! The rule base against the real corpus: every rule at its boundaries (just under, at and over
//! each threshold; the day before and the day a new value takes effect; each collectivity type;
//! unknown facts giving `depend` with the right missing fields), and malformed rule files.

use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock};

use ess_corpus::{embedded_files, Corpus, DataFile};
use ess_engine::rules::{Evaluation, LeverStatus, Rulebook, Status};
use ess_engine::{Engine, EngineError, Profile};

const TODAY: &str = "2026-11-22";

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| Corpus::builtin().expect("the embedded corpus is valid"))
}

fn rules() -> &'static Rulebook {
    static RULES: OnceLock<Rulebook> = OnceLock::new();
    RULES.get_or_init(|| Rulebook::build(corpus()).expect("the rules of the corpus are valid"))
}

/// Rule ids the tables below exercise, to check that none is left untested.
fn covered() -> &'static Mutex<BTreeSet<String>> {
    static COVERED: OnceLock<Mutex<BTreeSet<String>>> = OnceLock::new();
    COVERED.get_or_init(|| Mutex::new(BTreeSet::new()))
}

/// A profile from a compact description: `type=commune population=900 agents=12
/// achats=70000000 territoire=rural competence=dechets competence=sans:numerique`.
fn profile(spec: &str) -> Profile {
    let mut p = Profile::default();
    for part in spec.split_whitespace() {
        let (k, v) = part.split_once('=').expect("key=value");
        match k {
            "type" => p.kind = Some(v.into()),
            "population" => p.population = Some(v.parse().unwrap()),
            "agents" => p.agents = Some(v.parse().unwrap()),
            "achats" => p.achats_annuels_ht = Some(v.parse().unwrap()),
            "territoire" => p.territoire = Some(v.into()),
            "competence" => p.competences.push(v.into()),
            other => panic!("unknown key {other}"),
        }
    }
    p
}

fn evaluate(spec: &str, date: &str) -> Evaluation {
    rules().evaluate(corpus(), &profile(spec), date)
}

/// Expected verdict: status and, for `depend`, the missing fields.
#[derive(Debug, Clone, Copy)]
enum E {
    Yes,
    No,
    Dep(&'static [&'static str]),
}

fn check_obligations(id: &str, cases: &[(&str, &str, E)]) {
    covered().lock().unwrap().insert(id.to_string());
    for &(spec, date, expected) in cases {
        let ev = evaluate(spec, date);
        let v = ev
            .obligations
            .iter()
            .find(|v| v.id == id)
            .unwrap_or_else(|| panic!("rule {id} missing"));
        let ok = match expected {
            E::Yes => v.status == Status::Applicable && v.missing.is_empty(),
            E::No => v.status == Status::NonApplicable && v.missing.is_empty(),
            E::Dep(fields) => v.status == Status::Depend && v.missing == fields,
        };
        assert!(
            ok,
            "{id} for « {spec} » on {date}: expected {expected:?}, got {:?} {:?}\n{}",
            v.status, v.missing, v.reason
        );
        assert!(!v.references.is_empty(), "{id}: no references");
        assert!(!v.reason.is_empty(), "{id}: no reason");
    }
}

/// Expected lever status.
fn check_lever(id: &str, cases: &[(&str, &str, LeverStatus, &[&str])]) {
    covered().lock().unwrap().insert(id.to_string());
    for &(spec, date, expected, missing) in cases {
        let ev = evaluate(spec, date);
        let l = ev
            .levers
            .iter()
            .find(|l| l.id == id)
            .unwrap_or_else(|| panic!("lever rule {id} missing"));
        assert_eq!(
            (l.status, l.missing.as_slice()),
            (
                expected,
                missing
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .as_slice()
            ),
            "{id} for « {spec} » on {date}\n{}",
            l.reason
        );
        assert!(!l.lever_ids.is_empty() && l.levers.len() == l.lever_ids.len());
    }
}

fn reason(id: &str, spec: &str, date: &str) -> String {
    let ev = evaluate(spec, date);
    ev.obligations
        .iter()
        .map(|v| (&v.id, &v.reason))
        .chain(ev.levers.iter().map(|l| (&l.id, &l.reason)))
        .find(|(i, _)| *i == id)
        .map(|(_, r)| r.clone())
        .unwrap_or_else(|| panic!("rule {id} missing"))
}

const ALL_TYPES: [&str; 11] = [
    "commune",
    "communaute-communes",
    "communaute-agglomeration",
    "communaute-urbaine",
    "metropole",
    "epci",
    "departement",
    "region",
    "pays-petr",
    "syndicat-mixte",
    "pnr",
];

#[test]
fn spaser_threshold_amount_and_date() {
    use E::*;
    check_obligations(
        "obligation-spaser",
        &[
            // Today: 50 M€, and the law says « supérieur à ».
            ("type=communaute-agglomeration achats=49999999", TODAY, No),
            ("type=communaute-agglomeration achats=50000000", TODAY, No),
            ("type=communaute-agglomeration achats=50000001", TODAY, Yes),
            ("type=communaute-agglomeration achats=70000000", TODAY, Yes),
            // 100 M€ until 31 December 2022, 50 M€ from 1 January 2023.
            (
                "type=communaute-agglomeration achats=70000000",
                "2021-06-01",
                No,
            ),
            (
                "type=communaute-agglomeration achats=70000000",
                "2022-12-31",
                No,
            ),
            (
                "type=communaute-agglomeration achats=70000000",
                "2023-01-01",
                Yes,
            ),
            ("type=region achats=100000000", "2022-12-31", No),
            ("type=region achats=100000001", "2022-12-31", Yes),
            // Before the décret of 2015 there was no threshold in force.
            ("type=region achats=900000000", "2015-01-31", No),
            ("type=region achats=900000000", "2015-02-01", Yes),
            // Unknown purchases: depends on them, whatever the type.
            ("type=commune", TODAY, Dep(&["achats_annuels_ht"])),
            ("", TODAY, Dep(&["achats_annuels_ht"])),
        ],
    );
    for t in ALL_TYPES {
        check_obligations(
            "obligation-spaser",
            &[(&format!("type={t} achats=70000000"), TODAY, E::Yes)],
        );
    }
}

#[test]
fn spaser_reason_gives_the_value_in_force_its_reference_and_the_older_value() {
    let today = reason(
        "obligation-spaser",
        "type=communaute-agglomeration achats=70000000",
        TODAY,
    );
    assert!(today.contains("50 M€"), "{today}");
    assert!(today.contains("Décret n° 2022-767"), "{today}");
    assert!(
        today.contains("Le Kit Municipal ESS (2020) cite le seuil de 100 M€, abaissé depuis."),
        "{today}"
    );
    let before = reason(
        "obligation-spaser",
        "type=communaute-agglomeration achats=70000000",
        "2021-06-01",
    );
    assert!(before.contains("100 M€"), "{before}");
    assert!(before.contains("Décret n° 2015-90"), "{before}");
    assert!(!before.contains("abaissé"), "{before}");
}

#[test]
fn open_data_population_agents_type_and_dates() {
    use E::*;
    check_obligations(
        "obligation-open-data",
        &[
            // « moins de 3 500 habitants » and « moins de 50 agents » are exempt: 3 500 and 50 are subject.
            ("type=commune population=3500 agents=50", TODAY, Yes),
            ("type=commune population=3499 agents=50", TODAY, No),
            ("type=commune population=3500 agents=49", TODAY, No),
            ("type=commune population=3501 agents=50", TODAY, Yes),
            ("type=commune population=3501 agents=49", TODAY, No),
            ("type=commune population=3499 agents=500", TODAY, No),
            ("type=commune population=3501", TODAY, Dep(&["agents"])),
            ("type=commune agents=50", TODAY, Dep(&["population"])),
            ("type=commune", TODAY, Dep(&["agents", "population"])),
            ("type=commune population=100", TODAY, No),
            ("agents=50 population=3000", TODAY, Dep(&["type"])),
            ("agents=50 population=5000", TODAY, Yes),
            // An intercommunality is not a collectivité territoriale: only its staff counts.
            ("type=communaute-agglomeration agents=50", TODAY, Yes),
            ("type=communaute-agglomeration agents=49", TODAY, No),
            ("type=syndicat-mixte agents=120", TODAY, Yes),
            ("type=departement population=500000 agents=2000", TODAY, Yes),
            // The 50-agent exemption of the décret of 28 December 2016, in force on 1 January 2017.
            (
                "type=region population=5000000 agents=5000",
                "2016-12-31",
                No,
            ),
            (
                "type=region population=5000000 agents=5000",
                "2017-01-01",
                Yes,
            ),
        ],
    );
}

#[test]
fn pcaet_for_intercommunalities_over_20000() {
    use E::*;
    check_obligations(
        "obligation-pcaet",
        &[
            ("type=communaute-communes population=19999", TODAY, No),
            ("type=communaute-communes population=20000", TODAY, No),
            ("type=communaute-communes population=20001", TODAY, Yes),
            ("type=metropole population=500000", TODAY, Yes),
            ("type=commune population=50000", TODAY, No),
            ("type=departement population=50000", TODAY, No),
            ("type=communaute-urbaine", TODAY, Dep(&["population"])),
            ("population=30000", TODAY, Dep(&["type"])),
            ("population=3000", TODAY, No),
            (
                "type=communaute-communes population=30000",
                "2015-08-18",
                No,
            ),
            (
                "type=communaute-communes population=30000",
                "2015-08-19",
                Yes,
            ),
        ],
    );
}

#[test]
fn biowaste_sorting_and_waste_sites_follow_the_waste_competence_and_the_date() {
    use E::*;
    check_obligations(
        "obligation-tri-biodechets",
        &[
            ("type=communaute-communes", "2023-12-31", No),
            ("type=communaute-communes", "2024-01-01", Yes),
            ("type=communaute-communes", "2020-02-11", No),
            ("type=communaute-communes", "2020-02-12", No),
            ("type=commune", "2024-01-01", No),
            ("type=commune competence=dechets", "2024-01-01", Yes),
            (
                "type=communaute-communes competence=sans:dechets",
                TODAY,
                No,
            ),
            ("type=syndicat-mixte", TODAY, Dep(&["competences"])),
            ("type=syndicat-mixte competence=dechets", TODAY, Yes),
            ("", TODAY, Dep(&["type"])),
            // Before the date, nothing to settle: the date alone decides.
            ("", "2023-12-31", No),
        ],
    );
    check_obligations(
        "obligation-dechetteries-ess",
        &[
            ("type=metropole", "2020-02-11", No),
            ("type=metropole", "2020-02-12", Yes),
            ("type=commune", TODAY, No),
            ("type=pnr", TODAY, Dep(&["competences"])),
            ("type=departement", TODAY, No),
        ],
    );
}

#[test]
fn dated_obligations_of_public_procurement() {
    use E::*;
    check_obligations(
        "obligation-clauses-environnementales",
        &[
            // Décret n° 2022-767: consultations launched from 21 August 2026.
            ("type=commune", "2026-08-20", No),
            ("type=commune", "2026-08-21", Yes),
            ("", TODAY, Yes),
        ],
    );
    check_obligations(
        "obligation-achats-reemploi",
        &[
            ("type=region", "2020-12-31", No),
            ("type=region", "2021-01-01", Yes),
            ("", TODAY, Yes),
        ],
    );
}

#[test]
fn competences_after_the_loi_notre() {
    use E::*;
    check_obligations(
        "competence-clause-generale",
        &[
            ("type=commune", TODAY, Yes),
            ("type=departement", "2015-08-08", Yes),
            ("type=departement", "2015-08-09", No),
            ("type=region", "2015-08-08", Yes),
            ("type=region", TODAY, No),
            ("type=communaute-agglomeration", TODAY, No),
            ("type=metropole", "2010-01-01", No),
            ("", TODAY, Dep(&["type"])),
        ],
    );
    let mut cases = Vec::new();
    for t in ALL_TYPES {
        let expected = match t {
            "departement" | "region" => No,
            "pays-petr" | "syndicat-mixte" | "pnr" => Dep(&["competences"]),
            _ => Yes,
        };
        cases.push((format!("type={t}"), expected));
    }
    let cases: Vec<(&str, &str, E)> = cases.iter().map(|(s, e)| (s.as_str(), TODAY, *e)).collect();
    check_obligations("competence-immobilier-entreprise", &cases);
    check_obligations(
        "competence-immobilier-entreprise",
        &[
            ("", TODAY, Dep(&["type"])),
            ("type=pnr competence=immobilier-entreprise", TODAY, Yes),
        ],
    );
    check_obligations(
        "competence-aides-entreprises",
        &[
            ("type=region", TODAY, Yes),
            ("type=commune", TODAY, No),
            ("", TODAY, Dep(&["type"])),
        ],
    );
    check_obligations(
        "competence-departement-solidarites",
        &[
            ("type=departement", TODAY, Yes),
            ("type=region", TODAY, No),
            ("", TODAY, Dep(&["type"])),
        ],
    );
    check_obligations(
        "competence-metropole-creation-reprise",
        &[
            ("type=metropole", TODAY, Yes),
            ("type=communaute-agglomeration", TODAY, No),
            ("type=syndicat-mixte", TODAY, Dep(&["competences"])),
        ],
    );
}

#[test]
fn the_region_and_its_srdeii() {
    use E::*;
    for t in ALL_TYPES {
        let region = t == "region";
        let spec = format!("type={t}");
        check_obligations(
            "obligation-srdeii",
            &[(&spec, TODAY, if region { Yes } else { No })],
        );
        check_obligations(
            "obligation-conference-regionale-ess",
            &[(&spec, TODAY, if region { Yes } else { No })],
        );
        check_obligations(
            "obligation-compatibilite-srdeii",
            &[(&spec, TODAY, if region { No } else { Yes })],
        );
    }
    check_obligations("obligation-srdeii", &[("", TODAY, Dep(&["type"]))]);
    check_obligations(
        "obligation-compatibilite-srdeii",
        &[("", TODAY, Dep(&["type"]))],
    );
    check_obligations(
        "obligation-conference-regionale-ess",
        &[("", TODAY, Dep(&["type"]))],
    );
}

#[test]
fn scheme_reserved_to_communes_under_10000() {
    use E::*;
    check_obligations(
        "eligibilite-territoires-conseils",
        &[
            ("type=commune population=9999", TODAY, Yes),
            ("type=commune population=10000", TODAY, No),
            ("type=commune population=10001", TODAY, No),
            ("type=communaute-communes population=5000", TODAY, No),
            ("type=commune", TODAY, Dep(&["population"])),
            ("population=900", TODAY, Dep(&["type"])),
            ("population=20000", TODAY, No),
        ],
    );
    check_lever(
        "levier-territoires-conseils",
        &[
            (
                "type=commune population=9999",
                TODAY,
                LeverStatus::Direct,
                &[],
            ),
            (
                "type=commune population=10000",
                TODAY,
                LeverStatus::NonApplicable,
                &[],
            ),
            ("type=commune", TODAY, LeverStatus::Depend, &["population"]),
        ],
    );
}

/// (rule, day before, day of the change, value shown before, value shown from that day).
const DATED_LIMITS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "vigilance-de-minimis",
        "2023-12-31",
        "2024-01-01",
        "200 000 €",
        "300 000 €",
    ),
    (
        "vigilance-de-minimis-sieg",
        "2023-12-31",
        "2024-01-01",
        "500 000 €",
        "750 000 €",
    ),
    (
        "vigilance-marches-sans-publicite-fournitures-services",
        "2026-03-31",
        "2026-04-01",
        "40 000 €",
        "60 000 €",
    ),
    (
        "vigilance-marches-sans-publicite-travaux",
        "2020-07-23",
        "2020-07-24",
        "40 000 €",
        "70 000 €",
    ),
    (
        "vigilance-procedure-formalisee",
        "2025-12-31",
        "2026-01-01",
        "221 000 €",
        "216 000 €",
    ),
    (
        "vigilance-decision-sieg",
        "2012-01-30",
        "2012-01-31",
        "30 M€",
        "15 M€",
    ),
    (
        "vigilance-capital-scic",
        "2014-08-01",
        "2014-08-02",
        "20 %",
        "50 %",
    ),
    ("levier-scic", "2014-08-01", "2014-08-02", "20 %", "50 %"),
    (
        "levier-petits-marches",
        "2026-03-31",
        "2026-04-01",
        "40 000 €",
        "60 000 €",
    ),
    (
        "levier-spaser",
        "2022-12-31",
        "2023-01-01",
        "100 M€",
        "50 M€",
    ),
];

#[test]
fn limits_take_the_value_in_force_from_the_day_it_changes() {
    for &(id, before, on, old, new) in DATED_LIMITS {
        covered().lock().unwrap().insert(id.to_string());
        let r = reason(id, "type=commune", before);
        assert!(r.contains(old), "{id} on {before}: {r}");
        let r = reason(id, "type=commune", on);
        assert!(r.contains(new), "{id} on {on}: {r}");
    }
    // The kit's older value is named once it has changed.
    let r = reason("vigilance-de-minimis", "type=commune", "2024-01-01");
    assert!(
        r.contains("Le Kit Municipal ESS (2020) cite le plafond de 200 000 €, relevé depuis."),
        "{r}"
    );
    let r = reason("vigilance-de-minimis", "type=commune", "2023-12-31");
    assert!(!r.contains("cite le plafond"), "{r}");
    let r = reason(
        "obligation-tri-biodechets",
        "type=communaute-communes",
        TODAY,
    );
    assert!(
        r.contains("cite la date du 1er janvier 2025, avancée depuis"),
        "{r}"
    );
}

#[test]
fn limits_that_apply_to_every_collectivity_once_in_force() {
    use E::*;
    let cases: &[(&str, &str, &str)] = &[
        ("vigilance-de-minimis", "2013-12-31", "2014-01-01"),
        ("vigilance-de-minimis-sieg", "2012-04-26", "2012-04-27"),
        (
            "vigilance-marches-sans-publicite-fournitures-services",
            "2011-12-11",
            "2011-12-12",
        ),
        (
            "vigilance-marches-sans-publicite-travaux",
            "2019-12-31",
            "2020-01-01",
        ),
        ("vigilance-achats-innovants", "2018-12-25", "2018-12-26"),
        ("vigilance-procedure-formalisee", "2013-12-31", "2014-01-01"),
        ("vigilance-decision-sieg", "2005-12-18", "2005-12-19"),
        (
            "vigilance-convention-subvention",
            "2001-06-05",
            "2001-06-06",
        ),
        ("vigilance-capital-scic", "2001-07-16", "2001-07-17"),
        ("vigilance-reserves-scic", "2001-07-16", "2001-07-17"),
        ("vigilance-fonds-dotation", "2015-01-24", "2015-01-25"),
    ];
    for &(id, before, on) in cases {
        check_obligations(id, &[("type=commune", before, No), ("", on, Yes)]);
        for t in ALL_TYPES {
            check_obligations(id, &[(&format!("type={t}"), TODAY, Yes)]);
        }
    }
    for id in [
        "vigilance-monnaies-locales",
        "vigilance-financement-participatif",
    ] {
        check_obligations(id, &[("", TODAY, Yes), ("type=region", "2000-01-01", Yes)]);
    }
    let r = reason("vigilance-convention-subvention", "", TODAY);
    assert!(r.contains("23 000 €"), "{r}");
    let r = reason("vigilance-reserves-scic", "", TODAY);
    assert!(r.contains("57,5 %"), "{r}");
}

#[test]
fn mobility_levers_without_the_transport_competence() {
    use LeverStatus::*;
    check_lever(
        "levier-mobilite-solidaire",
        &[
            // A commune without transport can still contract through social action.
            ("type=commune", TODAY, Partenaire, &[]),
            (
                "type=commune competence=transports-voirie",
                TODAY,
                Direct,
                &[],
            ),
            ("type=communaute-agglomeration", TODAY, Direct, &[]),
            ("type=region", TODAY, Direct, &[]),
            ("type=departement", TODAY, Partenaire, &[]),
            ("type=communaute-communes", TODAY, NonApplicable, &[]),
            (
                "type=communaute-communes competence=action-sociale-sante",
                TODAY,
                Partenaire,
                &[],
            ),
            ("type=syndicat-mixte", TODAY, Depend, &["competences"]),
            ("", TODAY, Depend, &["type"]),
        ],
    );
    check_lever(
        "levier-garages-solidaires",
        &[
            ("type=commune", TODAY, Direct, &[]),
            ("type=commune competence=sans:action-sociale-sante competence=sans:emploi-insertion", TODAY, Direct, &[]),
            ("type=communaute-communes", TODAY, Partenaire, &[]),
            ("type=departement", TODAY, Direct, &[]),
            ("", TODAY, Depend, &["type"]),
        ],
    );
    check_lever(
        "levier-mobilites-douces",
        &[
            ("type=metropole", TODAY, Direct, &[]),
            ("type=departement", TODAY, Direct, &[]),
            ("type=commune", TODAY, Partenaire, &[]),
            ("type=region", TODAY, Direct, &[]),
            ("type=pnr", TODAY, Depend, &["competences"]),
        ],
    );
    let r = reason("levier-mobilite-solidaire", "type=commune", TODAY);
    assert!(r.contains("plateforme de mobilité solidaire"), "{r}");
    assert!(r.contains("Transports, voirie"), "{r}");
}

#[test]
fn levers_by_competence() {
    use LeverStatus::*;
    type Cases = &'static [(&'static str, LeverStatus, &'static [&'static str])];
    let table: &[(&str, Cases)] = &[
        (
            "levier-dechets-reemploi",
            &[
                ("type=communaute-communes", Direct, &[]),
                ("type=commune", Partenaire, &[]),
            ],
        ),
        (
            "levier-clause-generale-commune",
            &[
                ("type=commune", Direct, &[]),
                ("type=departement", NonApplicable, &[]),
                ("", Depend, &["type"]),
            ],
        ),
        (
            "levier-immobilier-entreprise",
            &[
                ("type=commune", Direct, &[]),
                ("type=region", Partenaire, &[]),
                ("type=departement", Partenaire, &[]),
                ("type=pnr", Depend, &["competences"]),
                ("", Depend, &["type"]),
            ],
        ),
        (
            "levier-conventions-region",
            &[
                ("type=commune", Direct, &[]),
                ("type=region", Direct, &[]),
                ("type=departement", Partenaire, &[]),
                ("type=pnr", NonApplicable, &[]),
            ],
        ),
        (
            "levier-creation-reprise-entreprises",
            &[
                ("type=metropole", Direct, &[]),
                ("type=region", Direct, &[]),
                ("type=commune", Partenaire, &[]),
                ("type=departement", Partenaire, &[]),
            ],
        ),
        (
            "levier-action-sociale-sante",
            &[
                ("type=departement", Direct, &[]),
                ("type=communaute-communes", Partenaire, &[]),
            ],
        ),
        (
            "levier-developpement-economique",
            &[
                ("type=communaute-communes", Direct, &[]),
                ("type=commune", Partenaire, &[]),
                ("type=pays-petr", Depend, &["competences"]),
            ],
        ),
        (
            "levier-emploi-insertion",
            &[
                ("type=commune", Direct, &[]),
                ("type=region", Direct, &[]),
                ("type=communaute-communes", Partenaire, &[]),
            ],
        ),
        (
            "levier-environnement-energie",
            &[
                ("type=communaute-urbaine", Direct, &[]),
                ("type=communaute-communes", Partenaire, &[]),
            ],
        ),
        (
            "levier-restauration-collective",
            &[
                ("type=commune", Direct, &[]),
                ("type=departement", Direct, &[]),
                ("type=region", Direct, &[]),
                ("type=communaute-communes", Partenaire, &[]),
            ],
        ),
        (
            "levier-logement-cadre-de-vie",
            &[
                ("type=communaute-agglomeration", Direct, &[]),
                ("type=communaute-communes", Partenaire, &[]),
            ],
        ),
        (
            "levier-culture-jeunesse-sports",
            &[
                ("type=region", Direct, &[]),
                ("type=communaute-agglomeration", Partenaire, &[]),
            ],
        ),
        (
            "levier-numerique",
            &[
                ("type=commune", Direct, &[]),
                ("type=departement", Direct, &[]),
                ("type=communaute-communes", Partenaire, &[]),
            ],
        ),
        (
            "levier-gens-du-voyage",
            &[
                ("type=communaute-communes", Direct, &[]),
                ("type=commune", Partenaire, &[]),
                ("type=region", NonApplicable, &[]),
            ],
        ),
        (
            "levier-programme-departemental",
            &[
                ("type=departement", Direct, &[]),
                ("type=commune", Partenaire, &[]),
                ("type=region", NonApplicable, &[]),
            ],
        ),
        (
            "levier-programme-regional",
            &[
                ("type=region", Direct, &[]),
                ("type=commune", Partenaire, &[]),
                ("", Depend, &["type"]),
            ],
        ),
        (
            "levier-commande-publique-responsable",
            &[("", Direct, &[]), ("type=pnr", Direct, &[])],
        ),
        ("levier-finance-solidaire", &[("", Direct, &[])]),
        (
            "levier-politique-ess-coconstruite",
            &[("type=region", Direct, &[])],
        ),
        ("levier-achats-innovants", &[("type=commune", Direct, &[])]),
    ];
    for (id, cases) in table {
        let cases: Vec<(&str, &str, LeverStatus, &[&str])> =
            cases.iter().map(|&(s, st, m)| (s, TODAY, st, m)).collect();
        check_lever(id, &cases);
    }
    check_lever(
        "levier-achats-innovants",
        &[
            ("type=commune", "2018-12-25", NonApplicable, &[]),
            ("type=commune", "2018-12-26", Direct, &[]),
        ],
    );
}

#[test]
fn levers_by_territory() {
    use LeverStatus::*;
    check_lever(
        "levier-ruralite",
        &[
            ("type=commune territoire=rural", TODAY, Direct, &[]),
            ("type=metropole territoire=urbain", TODAY, Partenaire, &[]),
            ("type=commune territoire=qpv", TODAY, NonApplicable, &[]),
            ("type=commune", TODAY, Depend, &["territoire"]),
        ],
    );
    check_lever(
        "levier-politique-de-la-ville",
        &[
            (
                "type=communaute-agglomeration territoire=qpv",
                TODAY,
                Direct,
                &[],
            ),
            (
                "type=communaute-communes territoire=qpv",
                TODAY,
                Partenaire,
                &[],
            ),
            (
                "type=communaute-agglomeration territoire=rural",
                TODAY,
                NonApplicable,
                &[],
            ),
            (
                "type=communaute-agglomeration",
                TODAY,
                Depend,
                &["territoire"],
            ),
        ],
    );
}

#[test]
fn levers_are_ranked_by_fit_and_obligations_by_status() {
    for spec in [
        "type=commune population=900 territoire=rural",
        "",
        "type=region",
    ] {
        let ev = evaluate(spec, TODAY);
        assert!(
            ev.levers.windows(2).all(|w| w[0].status <= w[1].status),
            "{spec}"
        );
        let rank = |s: Status| match s {
            Status::Applicable => 0,
            Status::Depend => 1,
            Status::NonApplicable => 2,
        };
        assert!(ev
            .obligations
            .windows(2)
            .all(|w| rank(w[0].status) <= rank(w[1].status)));
        assert_eq!(ev.obligations.len() + ev.levers.len(), rules().len());
    }
}

#[test]
fn profile_spellings_and_competences_are_normalised() {
    let ev = rules().evaluate(
        corpus(),
        &Profile {
            kind: Some("communaute_agglomeration".into()),
            ..Profile::default()
        },
        TODAY,
    );
    assert_eq!(ev.profile.kind.as_deref(), Some("communaute-agglomeration"));
    let competences = ev.competences.clone().expect("known from the type");
    assert!(competences.contains(&"transports-voirie".to_string()));
    assert!(evaluate("type=syndicat-mixte", TODAY).competences.is_none());
    let json = serde_json::to_value(&ev).unwrap();
    for key in ["date", "profile", "obligations", "levers"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let first = &json["obligations"][0];
    for key in ["id", "title", "status", "reason", "missing", "references"] {
        assert!(first.get(key).is_some(), "{key}");
    }
}

#[test]
fn obligations_in_force_since_2022() {
    use E::*;
    // Contrat d'engagement républicain: requests presented from 2 January 2022 (décret 2021-1947).
    check_obligations(
        "obligation-contrat-engagement-republicain",
        &[
            ("type=commune population=900", "2022-01-01", No),
            ("type=commune population=900", "2022-01-02", Yes),
            ("type=departement", TODAY, Yes),
            ("", "2021-06-01", No),
        ],
    );
    // EGalim: 50 % sustainable and quality products, 20 % organic, by 1 January 2022.
    check_obligations(
        "obligation-egalim-restauration-collective",
        &[
            ("type=commune population=3500", "2021-12-31", No),
            ("type=commune population=3500", "2022-01-01", Yes),
            ("type=communaute-communes", TODAY, Yes),
        ],
    );
    let egalim = reason(
        "obligation-egalim-restauration-collective",
        "type=commune",
        "2022-01-01",
    );
    assert!(
        egalim.contains("50 %") && egalim.contains("20 %"),
        "{egalim}"
    );
    // LOM: a communauté de communes that took the mobility competence is AOM by 1 July 2021.
    check_obligations(
        "competence-aom-communaute-communes",
        &[
            (
                "type=communaute-communes competence=transports-voirie",
                "2021-06-30",
                No,
            ),
            (
                "type=communaute-communes competence=transports-voirie",
                "2021-07-01",
                Yes,
            ),
            ("type=communaute-communes", TODAY, No),
            ("type=communaute-agglomeration", TODAY, No),
            ("competence=transports-voirie", TODAY, Dep(&["type"])),
        ],
    );
}

#[test]
fn every_rule_is_tested() {
    // Run the tables (tests may run in any order) before looking at what they covered.
    spaser_threshold_amount_and_date();
    open_data_population_agents_type_and_dates();
    pcaet_for_intercommunalities_over_20000();
    biowaste_sorting_and_waste_sites_follow_the_waste_competence_and_the_date();
    dated_obligations_of_public_procurement();
    competences_after_the_loi_notre();
    the_region_and_its_srdeii();
    scheme_reserved_to_communes_under_10000();
    limits_take_the_value_in_force_from_the_day_it_changes();
    limits_that_apply_to_every_collectivity_once_in_force();
    mobility_levers_without_the_transport_competence();
    levers_by_competence();
    levers_by_territory();
    obligations_in_force_since_2022();
    let covered = covered().lock().unwrap().clone();
    let untested: Vec<&str> = rules().ids().filter(|id| !covered.contains(*id)).collect();
    assert!(untested.is_empty(), "rules without a test: {untested:?}");
}

// ---------------------------------------------------------------------------------------------
// Malformed rules and competences

fn files_with(extra: &[(&str, &str)]) -> Vec<DataFile> {
    let mut files = embedded_files();
    for (path, text) in extra {
        files.retain(|f| f.path != *path);
        files.push(DataFile {
            path: path.to_string(),
            text: text.to_string(),
        });
    }
    files
}

const BROKEN: &str = r#"# Une règle dont la condition est mal formée.

[[regle]]
id = "regle-cassee"
kind = "obligation"
title = "Règle cassée"
condition = "population >= 3500 et (agents > 50"
then = "Rien."
explanation = "Pour le test."
references = ["kit-07"]

[[regle]]
id = "regle-cassee-multiligne"
kind = "obligation"
title = "Autre règle cassée"
condition = """
population >= 3500
  and agnts > 3"""
then = "Rien."
explanation = "Pour le test."
references = ["kit-07"]
"#;

#[test]
fn a_malformed_rule_file_names_file_line_and_column_in_french() {
    let corpus = Corpus::from_files(&files_with(&[("regles/casse.toml", BROKEN)]))
        .expect("the conditions are the engine's to check");
    let err = Rulebook::build(&corpus).expect_err("two malformed conditions");
    assert_eq!(err.0.len(), 2, "{err}");
    let first = &err.0[0];
    assert_eq!((first.file.as_str(), first.line), ("regles/casse.toml", 7));
    // `condition = "` is 13 characters: the condition starts in column 14, and the missing
    // parenthesis is reported at its end (position 35 of the condition).
    assert_eq!(first.column, Some(14 + 34));
    assert!(first
        .message
        .contains("« ) » attendue pour fermer la parenthèse ouverte en position 23"));
    let second = &err.0[1];
    assert_eq!((second.line, second.column), (18, Some(7)));
    assert!(second.message.contains("« agnts » n'est pas un fait connu"));
    let text = err.to_string();
    assert!(
        text.starts_with("la base de règles contient 2 erreurs :"),
        "{text}"
    );
    assert!(text.contains("regles/casse.toml, ligne 7, colonne 48, champ « condition » (règle « regle-cassee ») :"), "{text}");
    assert!(text.contains("  and agnts > 3\n            ^"), "{text}");

    // The engine refuses to start on it.
    match Engine::new(corpus) {
        Err(EngineError::Rules(e)) => assert_eq!(e, err),
        Err(other) => panic!("unexpected error: {other}"),
        Ok(_) => panic!("the engine started on malformed rules"),
    }
}

#[test]
fn unknown_parameters_and_placeholders_are_refused() {
    let text = r#"[[regle]]
id = "regle-parametre-inconnu"
kind = "vigilance"
title = "Paramètre inconnu"
condition = "achats_annuels_ht > param(seuil-imaginaire)"
then = "Au-delà de {param:autre-seuil-imaginaire}."
explanation = "Pour le test."
references = ["kit-07"]
"#;
    let corpus = Corpus::from_files(&files_with(&[("regles/inconnu.toml", text)])).unwrap();
    let err = Rulebook::build(&corpus).unwrap_err();
    let messages: Vec<String> = err.0.iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("paramètre « seuil-imaginaire » inconnu")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("{param:autre-seuil-imaginaire}")),
        "{messages:?}"
    );
}

#[test]
fn the_corpus_rejects_unknown_competences_levers_and_references() {
    let collectivites = embedded_files()
        .into_iter()
        .find(|f| f.path == "collectivites.toml")
        .unwrap()
        .text
        .replacen(
            "\"immobilier-entreprise\"]",
            "\"immobilier-entreprise\", \"teleportation\"]",
            1,
        );
    let err = Corpus::from_files(&files_with(&[("collectivites.toml", &collectivites)]))
        .expect_err("unknown competence");
    let p = &err.problems()[0];
    assert_eq!(p.file, "collectivites.toml");
    assert_eq!(p.field.as_deref(), Some("competences"));
    assert!(
        p.message.contains("compétence inconnue « teleportation »"),
        "{p}"
    );
    let line = collectivites
        .lines()
        .position(|l| l.contains("teleportation"))
        .unwrap()
        + 1;
    assert_eq!(p.line, Some(line));

    let rule = r#"[[regle]]
id = "regle-levier-inconnu"
kind = "levier"
title = "Levier inconnu"
condition = "true"
then = "Rien."
explanation = "Pour le test."
levers = ["kit99-levier-imaginaire"]
references = ["texte-imaginaire"]
"#;
    let err = Corpus::from_files(&files_with(&[("regles/x.toml", rule)])).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(
            "regles/x.toml, ligne 8, champ « levers » : levier « kit99-levier-imaginaire » inconnu"
        ),
        "{text}"
    );
    assert!(text.contains("regles/x.toml, ligne 9, champ « references » : référence « texte-imaginaire » inconnue"), "{text}");
}
