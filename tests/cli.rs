//! End-to-end tests of the `ess` binary, driven as scripts and users drive it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod common;
use common::ess;

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("output is UTF-8")
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ess"))
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
        text.contains("Kit Municipal ESS, fiche 10, p. 21"),
        "{text}"
    );
    assert!(text.contains("Kit Municipal ESS, fiche 16"), "{text}");
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
