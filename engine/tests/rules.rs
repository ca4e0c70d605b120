//! The rule base against the real corpus, beyond its per-rule cases (which are data, in
//! `corpus/rule-tests/`, run by `rule_cases.rs`): the wording of reasons, the order of verdicts,
//! the spelling of profiles, and malformed rule files.

use std::sync::OnceLock;

use ess_corpus::{embedded_files, Corpus, DataFile};
use ess_engine::Profile;
use ess_engine::{Evaluation, Rulebook, Status};

const TODAY: &str = "2026-11-22";

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| Corpus::builtin().expect("the embedded corpus is valid"))
}

fn rules() -> &'static Rulebook {
    static RULES: OnceLock<Rulebook> = OnceLock::new();
    RULES.get_or_init(|| Rulebook::build(corpus()))
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
    ess_engine::evaluate(
        corpus(),
        rules(),
        &profile(spec),
        date.parse().expect("a real day"),
    )
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

/// The references of a verdict, for a person.
fn references(id: &str, spec: &str, date: &str) -> Vec<String> {
    evaluate(spec, date)
        .obligations
        .into_iter()
        .find(|v| v.id == id)
        .map(|v| v.references)
        .unwrap_or_else(|| panic!("rule {id} missing"))
}

#[test]
fn spaser_reason_gives_the_value_in_force_its_reference_and_the_older_value() {
    let agglo = "type=communaute-agglomeration achats=70000000";
    let today = reason("obligation-spaser", agglo, TODAY);
    assert!(today.contains("50 M€"), "{today}");
    assert!(
        today.contains("Le Kit Municipal ESS (éd. 2020) cite le seuil de 100 M€, abaissé depuis."),
        "{today}"
    );
    // The decree that sets the value is cited once, with the verdict's references.
    assert!(!today.contains("Décret n° 2022-767"), "{today}");
    let cited = references("obligation-spaser", agglo, TODAY);
    assert_eq!(
        cited
            .iter()
            .filter(|r| r.contains("Décret n° 2022-767"))
            .count(),
        1,
        "{cited:?}"
    );
    let before = reason("obligation-spaser", agglo, "2021-06-01");
    assert!(before.contains("100 M€"), "{before}");
    assert!(!before.contains("abaissé"), "{before}");
    let cited = references("obligation-spaser", agglo, "2021-06-01");
    assert!(
        cited.iter().any(|r| r.contains("Décret n° 2015-90")),
        "{cited:?}"
    );
    assert!(
        !cited.iter().any(|r| r.contains("2022-767")),
        "a text of 2022 cited in 2021: {cited:?}"
    );
}

/// Wordings the data cases do not check: the older value a source document cites, and the
/// competences a lever needs.
#[test]
fn reasons_name_the_older_value_and_the_competence_that_is_missing() {
    let r = reason("vigilance-de-minimis", "type=commune", "2024-01-01");
    assert!(
        r.contains("Le Kit Municipal ESS (éd. 2020) cite le plafond de 200 000 €, relevé depuis."),
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
    let r = reason("obligation-convention-subvention", "", TODAY);
    assert!(r.contains("23 000 €"), "{r}");
    let r = reason("vigilance-reserves-scic", "", TODAY);
    assert!(r.contains("57,5 %"), "{r}");
    let r = reason("levier-mobilite-solidaire", "type=commune", TODAY);
    assert!(r.contains("plateforme de mobilité solidaire"), "{r}");
    assert!(r.contains("Transports, voirie"), "{r}");
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
        // Every rule gives a verdict, but those about other types of collectivity (`only_for`).
        let about_the_type = corpus()
            .rules
            .iter()
            .filter(|r| {
                r.only_for.is_empty()
                    || ev
                        .profile
                        .kind
                        .as_deref()
                        .is_none_or(|k| r.only_for.iter().any(|t| t.as_str() == k))
            })
            .count();
        assert_eq!(
            ev.obligations.len() + ev.levers.len(),
            about_the_type,
            "{spec}"
        );
        assert!(about_the_type < rules().len() || spec.is_empty(), "{spec}");
    }
}

#[test]
fn profile_spellings_and_competences_are_normalised() {
    let ev = ess_engine::evaluate(
        corpus(),
        rules(),
        &Profile {
            kind: Some("communaute_agglomeration".into()),
            ..Profile::default()
        },
        TODAY.parse().unwrap(),
    );
    assert_eq!(ev.profile.kind.as_deref(), Some("communaute-agglomeration"));
    let competences = ev.competences.clone().expect("known from the type");
    assert!(competences.iter().any(|c| c == "transports-voirie"));
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
    let err = Corpus::from_files(&files_with(&[("regles/casse.toml", BROKEN)]))
        .expect_err("the corpus itself refuses malformed conditions");
    let problems = err.problems();
    assert_eq!(problems.len(), 2, "{err}");
    let first = &problems[0];
    assert_eq!(
        (first.file.as_str(), first.line),
        ("regles/casse.toml", Some(7))
    );
    // `condition = "` is 13 characters: the condition starts in column 14, and the missing
    // parenthesis is reported at its end (position 35 of the condition).
    assert_eq!(first.column, Some(14 + 34));
    assert!(first
        .message
        .contains("« ) » attendue pour fermer la parenthèse ouverte en position 23"));
    let second = &problems[1];
    assert_eq!((second.line, second.column), (Some(18), Some(7)));
    assert!(second.message.contains("« agnts » n'est pas un fait connu"));
    let text = err.to_string();
    assert!(text.starts_with("le corpus contient 2 erreurs :"), "{text}");
    assert!(
        text.contains("regles/casse.toml, ligne 7, colonne 48, champ « condition » :"),
        "{text}"
    );
    assert!(
        text.contains("18 |   and agnts > 3\"\"\"\n         |       ^"),
        "{text}"
    );
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
    let err = Corpus::from_files(&files_with(&[("regles/inconnu.toml", text)])).unwrap_err();
    let messages: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
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
            "regles/x.toml, ligne 8, colonne 10, champ « levers » : levier « kit99-levier-imaginaire » inconnu"
        ),
        "{text}"
    );
    assert!(text.contains("regles/x.toml, ligne 9, colonne 14, champ « references » : référence « texte-imaginaire » inconnue"), "{text}");
}

/// Before a text existed, a rule with a start date says when it begins: the date the text
/// sets, not the day the text itself came into force.
#[test]
fn a_rule_not_yet_in_force_says_the_day_it_begins() {
    let why = reason(
        "obligation-conditions-sociales-fournitures-services",
        "type=commune",
        "2021-06-01",
    );
    assert!(why.contains("22 août 2026"), "{why}");
    assert!(!why.contains("25 août 2021"), "{why}");
}
