//! End-to-end tests of the `ess` binary, driven as scripts and users drive it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod common;
use common::{cache_home, ess};

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("output is UTF-8")
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn with_stdin(args: &[&str], input: &str) -> Output {
    with_stdin_cached(args, input, &cache_home())
}

/// [`with_stdin`] with `XDG_CACHE_HOME` set to `cache`.
fn with_stdin_cached(args: &[&str], input: &str, cache: &std::path::Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ess"))
        .env("XDG_CACHE_HOME", cache)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ess binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("stdin accepts the input");
    child.wait_with_output().expect("ess finishes")
}

const MOBILITY_RURAL: &str = "Quels leviers pour la mobilité en milieu rural ?";

#[test]
fn mobility_in_rural_areas_is_answered_in_french_with_cited_levers_and_examples() {
    let out = ess(&["ask", MOBILITY_RURAL]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.contains("Leviers d'action"), "{text}");
    assert!(text.contains("Exemples"), "{text}");
    assert!(
        text.contains("Kit Municipal ESS (éd. 2020), fiche 10, p. 21"),
        "{text}"
    );
    assert!(
        text.contains("Kit Municipal ESS (éd. 2020), fiche 16"),
        "{text}"
    );
}

#[test]
fn json_answer_follows_the_contract() {
    let out = ess(&["ask", "--json", "--date", "2026-11-22", MOBILITY_RURAL]);
    assert!(out.status.success());
    let answers = json_lines(&stdout(&out));
    assert_eq!(answers.len(), 1);
    let a = &answers[0];
    assert_eq!(a["question"], MOBILITY_RURAL);
    assert_eq!(a["date"], "2026-11-22");
    assert_eq!(a["intent"], "leviers");
    assert_eq!(a["profile"]["territoire"], "rural");
    assert!(a["text"].as_str().is_some_and(|t| t.contains("fiche 10")));
    assert!(a["obligations"].is_array());
    assert!(a.get("follow_up").is_some());
    let items = a["items"].as_array().expect("items is an array");
    assert!(!items.is_empty());
    let kinds: Vec<&str> = items.iter().filter_map(|i| i["kind"].as_str()).collect();
    assert!(
        kinds.contains(&"levier") && kinds.contains(&"exemple"),
        "{kinds:?}"
    );
    for item in items {
        for field in ["kind", "id", "title", "score", "source"] {
            assert!(item.get(field).is_some(), "item without {field}: {item}");
        }
        assert!(item["source"]["document"].is_string());
    }
    let fiches: Vec<i64> = items
        .iter()
        .filter_map(|i| i["source"]["fiche"].as_i64())
        .collect();
    assert!(fiches.contains(&10) && fiches.contains(&16), "{fiches:?}");
    let scores: Vec<f64> = items.iter().map(|i| i["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "items ranked best first: {scores:?}"
    );
}

#[test]
fn several_questions_are_turns_of_one_conversation() {
    let out = ess(&[
        "ask",
        "--json",
        "Quels leviers pour la mobilité ?",
        "et en milieu rural ?",
    ]);
    assert!(out.status.success());
    let answers = json_lines(&stdout(&out));
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[1]["profile"]["territoire"], "rural");
    // The follow-up keeps the subject of the first turn.
    assert!(answers[1]["themes"]
        .as_array()
        .unwrap()
        .contains(&Value::from("mobilite")));
}

#[test]
fn json_lines_mode_answers_each_line_and_survives_bad_ones() {
    let input = [
        r#"{"q": "Quels leviers pour la mobilité ?", "conversation": "a"}"#,
        "ceci n'est pas du JSON",
        r#"{"q": "   "}"#,
        r#"{"q": "et en milieu rural ?", "conversation": "a", "date": "2025-01-01"}"#,
        r#"{"q": "C'est quoi une SCIC ?", "date": "2025-13-45"}"#,
        r#"{"question": "champ mal nommé"}"#,
        r#"{"q": "Des exemples de garages solidaires ?"}"#,
    ]
    .join("\n");
    let out = with_stdin(&["ask", "--json", "-"], &input);
    assert!(out.status.success());
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 7, "one output line per input line");
    assert_eq!(lines[0]["intent"], "leviers");
    for (i, n) in [(1, 2), (2, 3), (4, 5), (5, 6)] {
        assert_eq!(lines[i]["line"], n, "{}", lines[i]);
        let msg = lines[i]["error"].as_str().expect("an error message");
        assert!(!msg.is_empty());
    }
    assert!(lines[2]["error"].as_str().unwrap().contains("vide"));
    assert!(lines[4]["error"].as_str().unwrap().contains("date"));
    assert_eq!(lines[3]["date"], "2025-01-01");
    assert_eq!(lines[3]["profile"]["territoire"], "rural");
    assert!(lines[3]["themes"]
        .as_array()
        .unwrap()
        .contains(&Value::from("mobilite")));
    assert_eq!(lines[6]["intent"], "exemples");
}

#[test]
fn user_text_with_query_syntax_characters_is_harmless() {
    for q in [
        "(mobilité: \"rurale\" -vélo) AND OR *",
        "???",
        "🙂🚲",
        "l'",
        "\u{202e}texte inversé",
    ] {
        let out = ess(&["ask", "--json", q]);
        assert!(
            out.status.success(),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let a = &json_lines(&stdout(&out))[0];
        assert!(a["text"].as_str().is_some_and(|t| !t.is_empty()), "{q}");
    }
}

#[test]
fn empty_and_huge_questions_get_a_clear_french_error() {
    let out = ess(&["ask", "  "]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("la question est vide"));
    let huge = "mobilité ".repeat(5_000);
    let out = ess(&["ask", &huge]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("trop longue"));
}

#[test]
fn a_bad_date_is_refused_in_french() {
    let out = ess(&["ask", "--date", "22/11/2026", "SPASER ?"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("AAAA-MM-JJ"));
}

#[test]
fn corpus_export_gives_every_entry_with_its_provenance() {
    let out = ess(&["corpus", "export"]);
    assert!(out.status.success());
    let entries = json_lines(&stdout(&out));
    assert!(entries.len() > 500, "{} entries", entries.len());
    for e in &entries {
        for field in ["kind", "id", "title", "text", "themes", "source"] {
            assert!(e.get(field).is_some(), "entry without {field}: {e}");
        }
        assert!(e["source"]["document"].is_string());
    }
    let kit_fiches: Vec<i64> = entries
        .iter()
        .filter(|e| e["kind"] == "fiche" && e["source"]["document"] == "kit-municipal")
        .filter_map(|e| e["source"]["fiche"].as_i64())
        .collect();
    for n in 1..=24 {
        assert!(
            kit_fiches.contains(&n),
            "kit fiche {n} missing from the export"
        );
    }
}

#[test]
fn a_broken_corpus_folder_is_reported_with_file_line_and_field() {
    let dir = std::env::temp_dir().join(format!("ess-broken-corpus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/data")),
        &dir,
    );
    let lever = dir.join("leviers/kit-10.toml");
    let text = std::fs::read_to_string(&lever).unwrap();
    let broken = text.replacen("themes = [\"", "themes = [\"inexistant\", \"", 1);
    std::fs::write(&lever, broken).unwrap();
    let out = ess(&["--corpus", dir.to_str().unwrap(), "ask", "vélo"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("leviers/kit-10.toml, ligne "), "{err}");
    assert!(err.contains("champ « themes »"), "{err}");
    assert!(err.contains("thème inconnu « inexistant »"), "{err}");
}

#[test]
fn a_missing_corpus_folder_is_reported() {
    let out = ess(&["--corpus", "/nonexistent/ess", "ask", "vélo"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/ess"));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The published schema is the one generated from the types; `ESS_WRITE_SCHEMA=1 cargo test`
/// rewrites it after a change of the answer's types.
#[test]
fn the_published_schema_is_generated_from_the_types() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/answer.schema.json");
    let generated = serde_json::to_string_pretty(&ess_engine::answer_line_schema()).unwrap() + "\n";
    if std::env::var_os("ESS_WRITE_SCHEMA").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap();
    assert!(
        committed == generated,
        "repl/schema/answer.schema.json differs from the types: run ESS_WRITE_SCHEMA=1 cargo test -p ess --test cli"
    );
}

/// Every kind of line `ess ask --json -` writes (answers of each intent, a conversation's
/// follow-ups, verdicts that depend on a missing fact, errors) validates against the schema
/// published in `repl/schema/answer.schema.json`.
#[test]
fn every_json_line_follows_the_published_schema() {
    let schema: Value = serde_json::from_str(include_str!("../repl/schema/answer.schema.json"))
        .expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema");
    let questions = [
        r#"{"q": "Quels leviers pour la mobilité en milieu rural ?", "conversation": "a"}"#,
        r#"{"q": "des exemples ?", "conversation": "a"}"#,
        r#"{"q": "pourquoi ?", "conversation": "a"}"#,
        r#"{"q": "la fiche complète", "conversation": "a"}"#,
        r#"{"q": "une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ?"}"#,
        r#"{"q": "doit-on adopter un SPASER ?", "conversation": "b"}"#,
        r#"{"q": "quel seuil SPASER ?", "date": "2021-06-01"}"#,
        r#"{"q": "SCIC ?"}"#,
        r#"{"q": "combien de salariés dans l'ESS ?"}"#,
        r#"{"q": "qui contacter en Normandie pour un projet ESS, département 50 ?"}"#,
        r#"{"q": "aide"}"#,
        r#"{"q": "quelle est la recette de la tarte tatin ?"}"#,
        r#"{"q": ""}"#,
        r#"{"q": "SCIC ?", "date": "2021-13-45"}"#,
        "ceci n'est pas du JSON",
    ];
    let out = with_stdin(&["ask", "--json", "-"], &questions.join("\n"));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), questions.len(), "one line per line read");
    let mut intents = std::collections::HashSet::new();
    for (line, q) in lines.iter().zip(questions) {
        let problems: Vec<String> = validator
            .iter_errors(line)
            .map(|e| format!("{} (à {})", e, e.instance_path()))
            .collect();
        assert!(problems.is_empty(), "{q}\n{problems:#?}\n{line}");
        intents.extend(line["intent"].as_str().map(str::to_string));
    }
    // The sample covers the shapes of the contract, not one lucky case.
    assert!(lines.iter().any(|l| l["error"].is_string()));
    assert!(lines.iter().any(|l| l["follow_up"].is_string()));
    assert!(lines
        .iter()
        .any(|l| l["obligations"][0]["parameters"][0]["value"].is_number()));
    assert!(intents.len() >= 6, "{intents:?}");
    // And the schema does reject what breaks the contract.
    let mut broken = lines[0].clone();
    broken["items"][0]["source"]["fiche"] = Value::from("dix");
    assert!(!validator.is_valid(&broken));
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn help_and_usage_errors_are_in_french_with_documented_exit_codes() {
    let out = ess(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    for french in [
        "Utilisation : ess",
        "Commandes",
        "Affiche cette aide",
        "Codes de sortie",
    ] {
        assert!(help.contains(french), "{french}\n{help}");
    }
    for english in ["Usage:", "Print help", "Commands:"] {
        assert!(!help.contains(english), "{english}\n{help}");
    }
    let cases: [(&[&str], &str); 5] = [
        (&["frobnicate"], "commande inconnue « frobnicate »"),
        (
            &["ask", "--colour", "x"],
            "option ou argument inattendu « --colour »",
        ),
        (
            &["obligations", "--population", "-5"],
            "un nombre entier positif est attendu",
        ),
        (
            &["obligations", "--departement", "999"],
            "département « 999 » inconnu",
        ),
        (&["ask", "-"], "ajoutez --json"),
    ];
    for (args, says) in cases {
        let out = ess(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains("error:"), "{args:?}: {err}");
    }
    let out = ess(&["--corpus", "/nulle/part/ess", "corpus", "check"]);
    assert_eq!(out.status.code(), Some(2), "a corpus that cannot be read");
}

#[test]
fn a_closed_pipe_is_a_quiet_success() {
    for args in [&["obligations"][..], &["corpus", "export"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ess"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the ess binary starts");
        // Read nothing and close: the next write meets a closed pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("ess finishes");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(stderr(&out).is_empty(), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn json_lines_name_the_field_at_fault_and_strip_a_bom() {
    let input = [
        "\u{feff}{\"q\": \"C'est quoi une SCIC ?\"}",
        r#"{"q": "a", "q": "b"}"#,
        r#"{"q": "seuil SPASER", "date": 20250101}"#,
        r#"{"q": "seuil SPASER", "date": "2026-02-30"}"#,
        r#"{"question": "SCIC ?"}"#,
    ]
    .join("\n");
    let out = with_stdin(&["ask", "--json", "-"], &input);
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines[0]["intent"], "definition", "{}", lines[0]);
    let errors: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l["error"].as_str().unwrap())
        .collect();
    assert!(
        errors[0].contains("« q » est présent deux fois"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].contains("« date » doit être un texte"),
        "{}",
        errors[1]
    );
    assert!(errors[2].contains("ce jour n'existe pas"), "{}", errors[2]);
    assert!(errors[3].contains("champ « q » absent"), "{}", errors[3]);
    assert_eq!(lines[4]["line"], 5);
}

#[cfg(unix)]
#[test]
fn a_read_error_ends_the_stream_with_one_error_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_ess"))
        .args(["ask", "--json", "-"])
        .stdin(std::fs::File::open(std::env::temp_dir()).expect("the temp folder opens"))
        .output()
        .expect("ess finishes");
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 1, "one error, not one per attempt");
    assert!(lines[0]["error"]
        .as_str()
        .unwrap()
        .contains("lecture impossible"));
}

#[test]
fn errors_of_questions_given_as_arguments_have_the_one_json_error_shape() {
    let out = ess(&["ask", "--json", "", "SCIC ?"]);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines[0]["line"], 1);
    assert!(lines[0]["error"].as_str().unwrap().contains("vide"));
    assert_eq!(lines[1]["intent"], "definition");
}

#[test]
fn piped_into_the_repl_questions_get_one_answer_each_and_no_banner() {
    let out = with_stdin(&[], "C'est quoi une SCIC ?\n\n:profil\nquit\nSCIC ?\n");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(!text.contains("Tapez :aide"), "{text}");
    assert!(text.starts_with("SCIC"), "{text}");
    assert!(text.contains("Rien n'est encore connu"), "{text}");
    // `quit` ends the session: the last question is not answered.
    let (_, after_profile) = text.split_once("Rien n'est encore connu").unwrap();
    assert!(!after_profile.contains("SCIC (société"), "{text}");
}

#[test]
fn the_repl_profile_command_takes_a_commune_or_an_epci() {
    let out = with_stdin(
        &[],
        ":profil Bréhal\n:profil Brehall\n:profil CC Granville Terre et Mer\n",
    );
    let text = stdout(&out);
    assert!(text.contains("Profil pris en compte : Bréhal (50076), membre de « CC de Granville, Terre et Mer », commune, 3 487 habitants"), "{text}");
    assert!(text.contains("vouliez-vous dire « Bréhal »"), "{text}");
    assert!(
        text.contains(
            "Profil pris en compte : CC de Granville, Terre et Mer, communauté de communes"
        ),
        "{text}"
    );
}

#[test]
fn ess_fiche_shows_a_whole_kit_fiche_and_refuses_a_number_that_is_none() {
    let out = ess(&["fiche", "10"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("Citiz Lille Arras et BicyclAide"));
    let json = ess(&["fiche", "10", "--json"]);
    let answer = &json_lines(&stdout(&json))[0];
    assert_eq!(answer["intent"], "fiche");
    for bad in ["99", "dix", "-1"] {
        let out = ess(&["fiche", bad]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("numérotées de 1 à 24"), "{bad} : {err}");
    }
}

#[test]
fn the_repl_lists_fiches_shows_one_and_gives_the_sources_of_the_last_answer() {
    let out = with_stdin(
        &[],
        ":sources\n:fiches\n:fiche 99\n:fiche 10\nQuels leviers pour la mobilité ?\n:sources\n",
    );
    let text = stdout(&out);
    assert!(text.contains("Pas encore de réponse"), "{text}");
    assert!(
        text.contains("10. ESS & accès à une mobilité durable"),
        "{text}"
    );
    assert!(text.contains("24. Synthèse des ressources"), "{text}");
    assert!(
        text.contains("Pas de fiche « 99 » : les fiches du kit sont numérotées de 1 à 24"),
        "{text}"
    );
    // The whole fiche, to its last sentence.
    assert!(text.contains("Citiz Lille Arras et BicyclAide"), "{text}");
    assert!(text.contains("Sources de la dernière réponse :"), "{text}");
    assert!(text.contains("https://www.legifrance.gouv.fr/"), "{text}");
}

#[test]
fn the_repl_shortcuts_json_and_a_mistyped_command() {
    let out = with_stdin(
        &[],
        ":fihce 10\n:zzz\nQuels leviers pour la mobilité en milieu rural ?\n:json\n:exemples\n",
    );
    let text = stdout(&out);
    assert!(
        text.contains("Commande inconnue « :fihce 10 » : vouliez-vous dire « :fiche » ?"),
        "{text}"
    );
    assert!(
        text.contains("Commande inconnue « :zzz » (:aide les liste)."),
        "{text}"
    );
    // :json prints the last answer as ess ask --json does, indented.
    let start = text.find("\n{\n").expect("a JSON object") + 1;
    let end = start + text[start..].find("\n}\n").expect("its end") + 2;
    let answer: Value = serde_json::from_str(&text[start..end]).expect("valid JSON");
    assert_eq!(answer["intent"], "leviers");
    // :exemples asks for examples on the current subject.
    assert!(
        text[end..].contains("Exemples — « mobilité »"),
        "{}",
        &text[end..]
    );
}

#[test]
fn search_filters_by_kind_theme_and_document_and_refuses_unknown_values() {
    let out = ess(&[
        "search",
        "--kind",
        "exemple",
        "--theme",
        "mobilite",
        "covoiturage",
    ]);
    let text = stdout(&out);
    assert!(text.contains("[exemple] SCIC Mobicoop"), "{text}");
    assert!(
        text.lines().all(|l| l.starts_with("• [exemple] ")),
        "{text}"
    );
    let out = ess(&[
        "search",
        "--document",
        "kit-municipal",
        "--kind",
        "chiffre",
        "--limite",
        "3",
        "--json",
    ]);
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines
        .iter()
        .all(|i| i["kind"] == "chiffre" && i["source"]["document"] == "kit-municipal"));
    let out = ess(&["search", "--kind", "paramètre", "SPASER"]);
    assert!(stdout(&out).contains("[parametre] Seuil d'achats annuels"));
    for (args, says) in [
        (
            vec!["search", "--kind", "levierz", "x"],
            "type « levierz » inconnu",
        ),
        (vec!["search", "--theme", "zz"], "thème « zz » inconnu"),
        (
            vec!["search", "--document", "loi-ess-2014"],
            "document « loi-ess-2014 » inconnu",
        ),
    ] {
        let out = ess(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{err}");
    }
}

/// The acceptance questions and conversations as JSON lines, each conversation under its own id.
fn acceptance_lines() -> String {
    let set: toml::Table = toml::from_str(include_str!("questions.toml")).expect("valid TOML");
    let line = |turn: &toml::Value, conversation: String| {
        let mut line = serde_json::json!({ "q": turn["q"].as_str(), "conversation": conversation });
        line["date"] = turn
            .get("date")
            .and_then(|d| d.as_str())
            .map_or(Value::from("2026-11-22"), Value::from);
        line.to_string() + "\n"
    };
    let mut out = String::new();
    for (i, question) in set["question"].as_array().into_iter().flatten().enumerate() {
        out += &line(question, format!("q{i}"));
    }
    for (i, conversation) in set["conversation"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        for turn in conversation["turn"].as_array().into_iter().flatten() {
            out += &line(turn, format!("c{i}"));
        }
    }
    out
}

#[test]
fn the_engine_prepared_at_build_time_answers_as_the_corpus_loaded_at_run_time() {
    let input = acceptance_lines();
    assert!(
        input.lines().count() > 200,
        "{} lines",
        input.lines().count()
    );
    let prepared = with_stdin(&["ask", "--json", "-"], &input);
    // A cache of its own, empty: the first run loads the folder, the second opens its cache.
    let cache = std::env::temp_dir().join(format!("ess-identity-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&cache);
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/data");
    let args = ["--corpus", data, "ask", "--json", "-"];
    let loaded = with_stdin_cached(&args, &input, &cache);
    let cached = with_stdin_cached(&args, &input, &cache);
    let _ = std::fs::remove_dir_all(&cache);
    assert!(prepared.status.success() && loaded.status.success() && cached.status.success());
    let (prepared, loaded, cached) = (stdout(&prepared), stdout(&loaded), stdout(&cached));
    assert_eq!(prepared.lines().count(), input.lines().count());
    for (i, ((a, b), c)) in prepared
        .lines()
        .zip(loaded.lines())
        .zip(cached.lines())
        .enumerate()
    {
        assert_eq!(a, b, "ligne {} (chargé à l'exécution)", i + 1);
        assert_eq!(a, c, "ligne {} (depuis le cache)", i + 1);
    }
}

/// The prepared engines in a cache directory: complete folders, renamed into place.
fn cached_images(cache: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<std::path::PathBuf> = std::fs::read_dir(cache.join("ess"))
        .map(|dir| {
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| p.join("engine.bin").is_file())
                .filter(|p| p.extension().is_none_or(|x| x != "partiel"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// What is in the cache directory besides the prepared engines (`.partiel` folders left
/// behind, stray files).
fn cache_leftovers(cache: &std::path::Path) -> Vec<std::path::PathBuf> {
    let images = cached_images(cache);
    std::fs::read_dir(cache.join("ess"))
        .map(|dir| {
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| !images.contains(p))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_corpus_folder_is_prepared_once_and_again_when_its_content_changes() {
    let root = std::env::temp_dir().join(format!("ess-cache-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (data, cache) = (root.join("data"), root.join("cache"));
    copy_dir(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/data")),
        &data,
    );
    // Files modified a moment ago are not cached (a same-size rewrite in the same tick of the
    // clock would go unseen): the copy is dated an hour back, as a folder left alone would be.
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    set_modified_all(&data, hour_ago);
    let ask = |q: &str| {
        let args = ["--corpus", data.to_str().unwrap(), "ask", "--json", "-"];
        let out = with_stdin_cached(&args, &format!("{{\"q\": \"{q}\"}}\n"), &cache);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout(&out)
    };
    let first = ask("C'est quoi une SCIC ?");
    let images = cached_images(&cache);
    assert_eq!(images.len(), 1, "{images:?}");
    let written = std::fs::metadata(&images[0]).unwrap().modified().unwrap();
    assert_eq!(ask("C'est quoi une SCIC ?"), first, "depuis le cache");
    assert_eq!(
        cached_images(&cache),
        images,
        "rien de nouveau pour le même contenu"
    );
    let read = std::fs::metadata(&images[0]).unwrap().modified().unwrap();
    assert_eq!(written, read, "l'image a été lue, pas réécrite");

    // A damaged image is prepared again, not trusted.
    let head = images[0].join("engine.bin");
    std::fs::write(&head, b"abime").unwrap();
    assert_eq!(ask("C'est quoi une SCIC ?"), first);
    assert!(std::fs::read(&head).unwrap().len() > 1000);
    assert_eq!(cached_images(&cache), images);
    // So is one whose index lost a file.
    let index = images[0].join("index");
    let files = || std::fs::read_dir(&index).map_or(0, |d| d.count());
    let complete = files();
    let lost = std::fs::read_dir(&index).unwrap().next().unwrap().unwrap();
    std::fs::remove_file(lost.path()).unwrap();
    assert_eq!(ask("C'est quoi une SCIC ?"), first);
    // Indexed again: the same number of files (segments are named anew).
    assert_eq!(files(), complete);
    assert!(
        cache_leftovers(&cache).is_empty(),
        "{:?}",
        cache_leftovers(&cache)
    );

    // New content, new image; the old one goes.
    let glossary = data.join("glossaire/termes.toml");
    let text = std::fs::read_to_string(&glossary).unwrap();
    std::fs::write(&glossary, format!("{text}\n# modifié\n")).unwrap();
    assert_eq!(ask("C'est quoi une SCIC ?"), first);
    set_modified_all(&data, hour_ago);
    assert_eq!(ask("C'est quoi une SCIC ?"), first);
    let after = cached_images(&cache);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_ne!(after, images);

    // The same size and the same modification time, set back by hand: still seen (the
    // inode-change time moved), prepared again from the new text.
    let text = std::fs::read_to_string(&glossary).unwrap();
    let changed = text.replacen("# modifié", "# modifiÉ", 1);
    assert_eq!(changed.len(), text.len());
    std::fs::write(&glossary, changed).unwrap();
    set_modified_all(&data, hour_ago);
    assert_eq!(ask("C'est quoi une SCIC ?"), first);
    let again = cached_images(&cache);
    assert_eq!(again.len(), 1, "{again:?}");
    assert_ne!(again, after, "même taille, même date : préparé à nouveau");

    // A file modified just now: answered from its new text, not cached until it settles.
    std::fs::write(&glossary, format!("{text}\n# encore\n")).unwrap();
    assert_eq!(ask("C'est quoi une SCIC ?"), first);
    assert_eq!(
        cached_images(&cache),
        again,
        "pas de cache pour un fichier à peine écrit"
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn two_processes_preparing_the_same_folder_at_once_both_answer_and_leave_one_image() {
    let root = std::env::temp_dir().join(format!("ess-cache-race-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (data, cache) = (root.join("data"), root.join("cache"));
    copy_dir(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/data")),
        &data,
    );
    set_modified_all(
        &data,
        std::time::SystemTime::now() - std::time::Duration::from_secs(3600),
    );
    let args = ["--corpus", data.to_str().unwrap(), "ask", "--json", "-"];
    let line = "{\"q\": \"C'est quoi une SCIC ?\"}\n";
    let outs: Vec<Output> = std::thread::scope(|s| {
        let runs: Vec<_> = (0..3)
            .map(|_| s.spawn(|| with_stdin_cached(&args, line, &cache)))
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    for out in &outs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(stdout(out), stdout(&outs[0]));
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    }
    let images = cached_images(&cache);
    assert_eq!(images.len(), 1, "{images:?}");
    assert!(
        cache_leftovers(&cache).is_empty(),
        "{:?}",
        cache_leftovers(&cache)
    );
    let again = with_stdin_cached(&args, line, &cache);
    assert_eq!(stdout(&again), stdout(&outs[0]), "depuis le cache");

    // The folder of a process killed while it prepared is removed by the next preparation;
    // that of a process still running would be left alone.
    let name = images[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let killed = cache.join("ess").join(format!("{name}.4000000000.partiel"));
    std::fs::create_dir_all(killed.join("index")).unwrap();
    std::fs::remove_dir_all(&images[0]).unwrap();
    assert_eq!(
        stdout(&with_stdin_cached(&args, line, &cache)),
        stdout(&outs[0])
    );
    assert_eq!(cached_images(&cache), images);
    assert!(!killed.exists(), "{}", killed.display());
    let _ = std::fs::remove_dir_all(&root);
}

/// Sets the modification time of every file under `dir`.
fn set_modified_all(dir: &std::path::Path, time: std::time::SystemTime) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            set_modified_all(&path, time);
        } else {
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(time).unwrap();
        }
    }
}
