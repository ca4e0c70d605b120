//! End-to-end tests of `ess obligations`: the obligations and levers of a profile at a date.

use std::process::Output;

use serde_json::Value;

mod common;
use common::ess;

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "ess failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("output is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("errors are UTF-8")
}

/// The block of the human output about one obligation: from its bullet to the next one.
fn block<'a>(text: &'a str, title_start: &str) -> &'a str {
    let start = text
        .find(&format!("• {title_start}"))
        .unwrap_or_else(|| panic!("no « {title_start} » in:\n{text}"));
    let rest = &text[start..];
    let bullet = "•".len();
    let end = rest[bullet..]
        .find("\n• ")
        .map_or(rest.len(), |i| i + bullet);
    &rest[..end]
}

/// `ess obligations --json` for an agglomeration buying 70 M€ a year, at `date`.
fn agglomeration_buying_70_millions(date: &str) -> Value {
    json(&[
        "obligations",
        "--json",
        "--type",
        "communaute-agglomeration",
        "--achats",
        "70000000",
        "--date",
        date,
    ])
}

fn json(args: &[&str]) -> Value {
    let text = stdout(&ess(args));
    assert_eq!(text.lines().count(), 1, "one JSON object: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn verdict<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["obligations"]
        .as_array()
        .expect("obligations is an array")
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no obligation {id}"))
}

#[test]
fn spaser_applies_today_to_an_agglomeration_buying_70_millions() {
    for args in [
        vec![
            "obligations",
            "--type",
            "communaute_agglomeration",
            "--achats",
            "70000000",
        ],
        vec![
            "obligations",
            "--type",
            "communaute-agglomeration",
            "--achats",
            "70000000",
            "--date",
            "2026-11-22",
        ],
    ] {
        let text = stdout(&ess(&args));
        assert!(text.contains("communauté d'agglomération"), "{text}");
        let spaser = block(&text, "Adopter un schéma de promotion des achats publics");
        assert!(spaser.contains("SPASER) — s'applique\n"), "{spaser}");
        assert!(spaser.contains("50 M€"), "{spaser}");
        assert!(
            spaser.contains("Décret n° 2022-767 du 2 mai 2022"),
            "{spaser}"
        );
        assert!(
            spaser.contains("en vigueur depuis le 1er janvier 2023"),
            "{spaser}"
        );
        assert!(
            spaser.contains(
                "Le Kit Municipal ESS (éd. 2020) cite le seuil de 100 M€, abaissé depuis."
            ),
            "{spaser}"
        );
        assert!(
            spaser.contains(
                "Références : Code de la commande publique (CCP), art. L. 2111-3 et D. 2111-3"
            ),
            "{spaser}"
        );
    }
}

#[test]
fn spaser_did_not_apply_on_1_june_2021_with_the_100_million_threshold() {
    let text = stdout(&ess(&[
        "obligations",
        "--type",
        "communaute_agglomeration",
        "--achats",
        "70000000",
        "--date",
        "2021-06-01",
    ]));
    assert!(
        text.starts_with("Obligations et leviers au 1er juin 2021"),
        "{text}"
    );
    let spaser = block(&text, "Adopter un schéma de promotion des achats publics");
    assert!(spaser.contains("SPASER) — ne s'applique pas\n"), "{spaser}");
    assert!(spaser.contains("100 M€"), "{spaser}");
    assert!(
        spaser.contains("Décret n° 2015-90 du 28 janvier 2015"),
        "{spaser}"
    );
    assert!(!spaser.contains("50 M€"), "{spaser}");
}

#[test]
fn json_gives_date_profile_obligations_and_levers() {
    let today = json(&[
        "obligations",
        "--json",
        "--type",
        "communaute_agglomeration",
        "--achats",
        "70000000",
        "--date",
        "2026-11-22",
    ]);
    assert_eq!(today["date"], "2026-11-22");
    assert_eq!(today["profile"]["type"], "communaute-agglomeration");
    assert_eq!(today["profile"]["achats_annuels_ht"], 70000000.0);
    let spaser = verdict(&today, "obligation-spaser");
    assert_eq!(spaser["status"], "applicable");
    assert_eq!(spaser["missing"], serde_json::json!([]));
    assert!(spaser["references"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r.as_str().unwrap().contains("Décret n° 2022-767")));
    assert_eq!(spaser["parameters"][0]["id"], "seuil-spaser");
    assert_eq!(spaser["parameters"][0]["value"], 50000000.0);
    assert!(today["levers"].as_array().is_some_and(|l| !l.is_empty()));

    let before = agglomeration_buying_70_millions("2021-06-01");
    let spaser = verdict(&before, "obligation-spaser");
    assert_eq!(spaser["status"], "non_applicable");
    assert_eq!(spaser["parameters"][0]["value"], 100000000.0);
    assert!(spaser["references"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r.as_str().unwrap().contains("Décret n° 2015-90")));
}

#[test]
fn unknown_facts_give_depend_with_the_missing_fields() {
    let v = json(&[
        "obligations",
        "--json",
        "--type",
        "commune",
        "--population",
        "5000",
    ]);
    let open_data = verdict(&v, "obligation-open-data");
    assert_eq!(open_data["status"], "depend");
    assert_eq!(open_data["missing"], serde_json::json!(["agents"]));
    let spaser = verdict(&v, "obligation-spaser");
    assert_eq!(spaser["missing"], serde_json::json!(["achats_annuels_ht"]));

    let text = stdout(&ess(&[
        "obligations",
        "--type",
        "commune",
        "--population",
        "5000",
    ]));
    let block = block(&text, "Publier en ligne ses documents");
    assert!(block.contains("— dépend du nombre d'agents"), "{block}");
}

#[test]
fn a_commune_without_transport_reaches_mobility_through_a_partner() {
    let text = stdout(&ess(&[
        "obligations",
        "--type",
        "commune",
        "--population",
        "900",
        "--territoire",
        "rural",
    ]));
    let mobility = block(&text, "Mobilité solidaire");
    assert!(mobility.contains("— avec un partenaire"), "{mobility}");
    assert!(
        mobility.contains("plateforme de mobilité solidaire"),
        "{mobility}"
    );
    let garage = block(&text, "Soutenir un garage solidaire");
    assert!(garage.contains("— à votre portée"), "{garage}");

    let with_transport = json(&[
        "obligations",
        "--json",
        "--type",
        "commune",
        "--competence",
        "transports-voirie",
    ]);
    let lever = with_transport["levers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "levier-mobilite-solidaire")
        .unwrap();
    assert_eq!(lever["status"], "direct");
    assert!(lever["lever_ids"]
        .as_array()
        .unwrap()
        .iter()
        .any(|id| id == "kit10-plateformes-mobilite-solidaire"));
}

#[test]
fn bad_options_are_refused_in_french() {
    let out = ess(&["obligations", "--type", "canton"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("type de collectivité « canton » inconnu"),
        "{err}"
    );
    assert!(err.contains("communaute-agglomeration"), "{err}");

    let out = ess(&["obligations", "--date", "2021-13-01"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("date « 2021-13-01 » invalide"));

    let out = ess(&["obligations", "--competence", "teleportation"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("compétence « teleportation » inconnu"));
}

#[test]
fn a_commune_or_an_epci_by_name_or_code_sets_the_profile() {
    let out = ess(&["obligations", "--json", "--commune", "brehal"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ev: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ev["profile"]["type"], "commune");
    assert_eq!(ev["profile"]["departement"], "50");
    assert_eq!(ev["profile"]["commune"]["code"], "50076");
    assert_eq!(ev["profile"]["epci"]["type"], "communaute-communes");
    let by_code = ess(&["obligations", "--json", "--commune", "50076"]);
    let by_code: serde_json::Value = serde_json::from_slice(&by_code.stdout).unwrap();
    assert_eq!(by_code["profile"], ev["profile"]);

    let out = ess(&["obligations", "--epci", "CC Granville Terre et Mer"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Obligations et leviers au "), "{text}");
    assert!(
        text.contains("communauté de communes, 46 959 habitants (population légale, INSEE)"),
        "{text}"
    );
    assert!(text.contains("PCAET) — s'applique"), "{text}");
}

#[test]
fn an_ambiguous_or_unknown_commune_is_explained() {
    let out = ess(&["obligations", "--commune", "Sainte-Colombe"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("il existe 12 communes nommées Sainte-Colombe"),
        "{err}"
    );
    assert!(err.contains("Rhône (69)"), "{err}");
    let out = ess(&[
        "obligations",
        "--commune",
        "Sainte-Colombe",
        "--departement",
        "69",
    ]);
    assert!(out.status.success());
    let out = ess(&["obligations", "--commune", "Brehall"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("vouliez-vous dire « Bréhal »"));
}

/// The obligations (applicable or depending on a fact) of `ess obligations --json` for a
/// profile, by id.
fn owed(args: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = json(args)["obligations"]
        .as_array()
        .expect("a list of verdicts")
        .iter()
        .filter(|v| v["kind"] == "obligation" && v["status"] != "non_applicable")
        .map(|v| v["id"].as_str().expect("an id").to_string())
        .collect();
    ids.sort();
    ids
}

/// The obligations among the verdicts of `ess ask --json` for a question, by id.
fn answered(question: &str) -> Vec<String> {
    let text = stdout(&ess(&["ask", "--json", question, "--date", "2026-12-04"]));
    let answer: Value = serde_json::from_str(text.lines().next().expect("a line")).unwrap();
    let mut ids: Vec<String> = answer["obligations"]
        .as_array()
        .expect("a list of verdicts")
        .iter()
        .filter(|v| v["kind"] == "obligation")
        .map(|v| v["id"].as_str().expect("an id").to_string())
        .collect();
    ids.sort();
    ids
}

/// « Quelles sont nos obligations ? » gives the obligations `ess obligations` gives for the
/// same profile, a stated amount included (« 70 M€ d'achats » states a fact, not a subject).
#[test]
fn a_question_on_obligations_gets_the_set_of_ess_obligations() {
    let cases: [(&str, &[&str]); 3] = [
        (
            "nous sommes une communauté d'agglomération de 120 000 habitants avec 70 M€ d'achats par an : quelles sont nos obligations ?",
            &["--type", "communaute-agglomeration", "--population", "120000", "--achats", "70000000"],
        ),
        (
            "quelles obligations pour une commune de 800 habitants ?",
            &["--type", "commune", "--population", "800"],
        ),
        (
            "Quelles sont les obligations d'une métropole ?",
            &["--type", "metropole"],
        ),
    ];
    for (question, profile) in cases {
        let mut args = vec!["obligations", "--json", "--date", "2026-12-04"];
        args.extend_from_slice(profile);
        let expected = owed(&args);
        assert!(expected.len() >= 5, "{profile:?}: {expected:?}");
        assert_eq!(answered(question), expected, "{question}");
    }
}

#[test]
fn the_official_texts_in_force_are_listed_with_their_address_on_a_line_of_their_own() {
    let lines = |date: &str| -> Vec<String> {
        let text = stdout(&ess(&[
            "obligations",
            "--type",
            "communaute-agglomeration",
            "--achats",
            "70000000",
            "--date",
            date,
        ]));
        let start = text
            .find("\nTextes officiels\n")
            .unwrap_or_else(|| panic!("no list of official texts in:\n{text}"));
        text[start..].lines().skip(2).map(str::to_string).collect()
    };
    let today = lines("2026-12-07");
    let at = today
        .iter()
        .position(|l| l == "• Décret n° 2022-767")
        .unwrap_or_else(|| panic!("{today:#?}"));
    assert_eq!(
        today[at + 1],
        "  https://www.legifrance.gouv.fr/eli/decret/2022/5/2/2022-767/jo/texte"
    );
    assert!(!today.iter().any(|l| l.contains("2015-90")), "{today:#?}");
    let then = lines("2021-06-01");
    assert!(then.iter().any(|l| l == "• Décret n° 2015-90"), "{then:#?}");
    assert!(!then.iter().any(|l| l.contains("2022-767")), "{then:#?}");
    let labels: Vec<&String> = today.iter().filter(|l| l.starts_with("• ")).collect();
    let mut once = labels.clone();
    once.sort();
    once.dedup();
    assert_eq!(once.len(), labels.len(), "each text once: {labels:#?}");
    // The same list in the JSON, as label and address.
    let v = agglomeration_buying_70_millions("2026-12-07");
    let texts = v["textes_officiels"].as_array().expect("textes_officiels");
    assert!(
        texts.iter().any(|t| t["label"] == "Décret n° 2022-767"
            && t["url"] == "https://www.legifrance.gouv.fr/eli/decret/2022/5/2/2022-767/jo/texte"),
        "{texts:#?}"
    );
    assert_eq!(texts.len(), labels.len(), "{texts:#?}");
}

#[test]
fn a_subsidy_a_contract_an_aid_a_share_and_an_endowment_can_be_given() {
    let status = |args: &[&str], rule: &str| -> String {
        let mut all = vec!["obligations", "--json", "--type", "commune"];
        all.extend_from_slice(args);
        verdict(&json(&all), rule)["status"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let cases: [(&[&str], &str, &str); 14] = [
        (
            &["--subvention", "23000"],
            "obligation-convention-subvention",
            "non_applicable",
        ),
        (
            &["--subvention", "23 001 €"],
            "obligation-convention-subvention",
            "applicable",
        ),
        (&[], "obligation-convention-subvention", "depend"),
        (
            &["--marche-travaux", "99999"],
            "vigilance-marches-sans-publicite-travaux",
            "applicable",
        ),
        (
            &["--marche-travaux", "100000"],
            "vigilance-marches-sans-publicite-travaux",
            "non_applicable",
        ),
        (
            &[
                "--marche-fournitures-services",
                "45000",
                "--date",
                "2025-06-01",
            ],
            "vigilance-marches-sans-publicite-fournitures-services",
            "non_applicable",
        ),
        (
            &["--marche-fournitures-services", "45000"],
            "vigilance-marches-sans-publicite-fournitures-services",
            "applicable",
        ),
        (
            &["--aide-entreprise", "300000"],
            "eligibilite-aide-de-minimis",
            "applicable",
        ),
        (
            &["--aide-entreprise", "300001"],
            "eligibilite-aide-de-minimis",
            "non_applicable",
        ),
        (
            &["--part-capital-scic", "50 %"],
            "eligibilite-part-capital-scic",
            "applicable",
        ),
        (
            &["--part-capital-scic", "51"],
            "eligibilite-part-capital-scic",
            "non_applicable",
        ),
        (
            &["--dotation-initiale", "15000"],
            "eligibilite-dotation-fonds",
            "applicable",
        ),
        (
            &["--dotation-initiale", "12000"],
            "eligibilite-dotation-fonds",
            "non_applicable",
        ),
        (&[], "eligibilite-dotation-fonds", "depend"),
    ];
    for (args, rule, expected) in cases {
        assert_eq!(status(args, rule), expected, "{args:?} {rule}");
    }

    for (option, value, says) in [
        ("--part-capital-scic", "120", "de 0 à 100"),
        ("--subvention", "-5", "montant positif"),
        ("--dotation-initiale", "beaucoup", "montant positif"),
    ] {
        let out = ess(&["obligations", option, value]);
        assert!(!out.status.success(), "{option} {value}");
        assert!(
            stderr(&out).contains(says),
            "{option} {value}: {}",
            stderr(&out)
        );
    }
}
