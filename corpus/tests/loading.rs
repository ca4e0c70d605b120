//! Loading refuses every defective corpus with a French message naming the file, the line, the
//! column and the field, loads nothing partially, and never blocks or loops on what a folder
//! may hold besides data.

use std::path::PathBuf;

use ess_corpus::{embedded_files, Corpus, CorpusError, DataFile, Problem};

/// The built-in files with `path` replaced by (or added as) `text`.
fn with(path: &str, text: &str) -> Vec<DataFile> {
    let mut files: Vec<DataFile> = embedded_files()
        .into_iter()
        .filter(|f| f.path != path)
        .collect();
    files.push(DataFile {
        path: path.into(),
        text: text.into(),
    });
    files
}

/// The built-in files with one replacement inside `path`.
fn edited(path: &str, from: &str, to: &str) -> Vec<DataFile> {
    let original = embedded_files()
        .into_iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is in the corpus"));
    assert!(original.text.contains(from), "{path} contains {from:?}");
    with(path, &original.text.replacen(from, to, 1))
}

fn problems(files: &[DataFile]) -> Vec<Problem> {
    match Corpus::from_files(files) {
        Err(CorpusError::Invalid(p)) => p,
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("the corpus should have been refused"),
    }
}

/// The only problem, checked to name its file, line, column and field.
fn single(files: &[DataFile], file: &str, field: &str) -> Problem {
    let ps = problems(files);
    assert_eq!(ps.len(), 1, "{ps:#?}");
    let p = ps.into_iter().next().unwrap();
    assert_eq!(p.file, file, "{p}");
    assert_eq!(p.field.as_deref(), Some(field), "{p}");
    assert!(p.line.is_some() && p.column.is_some(), "{p}");
    p
}

const LEVER: &str = r#"
[[levier]]
id = "essai-levier"
title = "Un levier"
text = "Un texte."
themes = ["mobilite"]
source = { document = "kit-municipal", fiche = 10, page = 21 }
"#;

const PARAM: &str = r#"
id = "seuil-essai"
title = "Seuil"
text = "Un seuil."
themes = ["commande-publique"]
source = { document = "kit-municipal", fiche = 7 }
unit = "EUR"

[[values]]
since = "2020-01-01"
value = 40000
reference = { title = "Décret" }
checked = "2026-12-07"
"#;

#[test]
fn a_valid_file_loads_and_its_entries_can_be_found_by_id() {
    let corpus = Corpus::from_files(&with("leviers/essai.toml", LEVER)).expect("valid");
    let e = corpus.entry("essai-levier").expect("found by id");
    assert_eq!(e.origin.file, "leviers/essai.toml");
    assert_eq!(e.origin.line, 3);
}

#[test]
fn a_missing_field_names_file_line_and_field_in_french() {
    let text = LEVER.replace("title = \"Un levier\"\n", "");
    let p = single(
        &with("leviers/essai.toml", &text),
        "leviers/essai.toml",
        "title",
    );
    assert_eq!(p.message, "champ obligatoire absent");
    assert!(p.to_string().starts_with("leviers/essai.toml, ligne "));
}

#[test]
fn an_unknown_field_is_refused_at_its_line() {
    let text = LEVER.replace("themes =", "theme = [\"x\"]\nthemes =");
    let p = single(
        &with("leviers/essai.toml", &text),
        "leviers/essai.toml",
        "theme",
    );
    assert!(p.message.contains("champ inconnu"), "{p}");
    assert_eq!(p.line, Some(6));
}

#[test]
fn a_wrong_type_is_explained() {
    let text = LEVER.replace("themes = [\"mobilite\"]", "themes = \"mobilite\"");
    let p = single(
        &with("leviers/essai.toml", &text),
        "leviers/essai.toml",
        "themes",
    );
    assert_eq!(p.line, Some(6));
    assert!(p.message.contains("type de valeur invalide"), "{p}");
}

#[test]
fn toml_syntax_errors_give_the_line() {
    let text = LEVER.replace("text = \"Un texte.\"", "text = \"Un texte.");
    let ps = problems(&with("leviers/essai.toml", &text));
    assert_eq!(ps[0].line, Some(5), "{}", ps[0]);
    assert!(
        ps[0].message.starts_with("syntaxe TOML invalide"),
        "{}",
        ps[0]
    );
}

#[test]
fn semantic_errors_point_at_the_field_and_show_the_text() {
    let text = LEVER
        .replace("[\"mobilite\"]", "[\"mobilite\", \"licornes\"]")
        .replace("kit-municipal", "kit-inconnu");
    let ps = problems(&with("leviers/essai.toml", &text));
    let theme = ps
        .iter()
        .find(|p| p.field.as_deref() == Some("themes"))
        .unwrap();
    assert_eq!((theme.line, theme.column), (Some(6), Some(10)));
    assert!(theme.message.contains("thème inconnu « licornes »"));
    assert!(
        theme
            .to_string()
            .contains("6 | themes = [\"mobilite\", \"licornes\"]"),
        "{theme}"
    );
    let source = ps
        .iter()
        .find(|p| p.field.as_deref() == Some("source"))
        .unwrap();
    assert_eq!(source.line, Some(7));
}

#[test]
fn a_duplicate_id_is_reported_at_its_second_occurrence() {
    let text = format!("{LEVER}{}", LEVER.replace("Un levier", "Un autre levier"));
    let p = single(
        &with("leviers/essai.toml", &text),
        "leviers/essai.toml",
        "id",
    );
    assert_eq!(p.line, Some(10), "{p}");
    assert!(
        p.message
            .contains("déjà utilisé (leviers/essai.toml, ligne 3)"),
        "{p}"
    );
}

#[test]
fn dangling_references_are_refused() {
    let text = LEVER.replace("themes =", "related = [\"nulle-part\"]\nthemes =");
    let p = single(
        &with("leviers/essai.toml", &text),
        "leviers/essai.toml",
        "related",
    );
    assert!(p.message.contains("« nulle-part »"));
}

#[test]
fn kind_specific_fields_stay_with_their_kind() {
    let text = LEVER.replace("themes =", "population = 900\nthemes =");
    let p = single(
        &with("leviers/essai.toml", &text),
        "leviers/essai.toml",
        "population",
    );
    assert!(p
        .message
        .contains("non permis pour une entrée de type « levier »"));
}

#[test]
fn a_table_in_the_wrong_folder_is_refused() {
    let p = &problems(&with("exemples/essai.toml", LEVER))[0];
    assert!(
        p.message
            .contains("ne contient que des entrées [[exemple]]"),
        "{p}"
    );
    assert_eq!(p.line, Some(2));
}

#[test]
fn a_condition_that_does_not_parse_is_refused_by_the_corpus_itself() {
    let files = edited(
        "regles/obligations.toml",
        r#"condition = "achats_annuels_ht > param(seuil-spaser)""#,
        r#"condition = "population >= 3500 et (agents > 50""#,
    );
    let p = single(&files, "regles/obligations.toml", "condition");
    // The caret is under the end of the condition, where « ) » is missing.
    let excerpt = p.excerpt.as_deref().unwrap();
    let column = p.column.unwrap();
    assert_eq!(excerpt.chars().nth(column - 1), Some('"'), "{p}");
    assert!(p.message.contains("position 35 de la condition"), "{p}");
}

#[test]
fn a_condition_naming_an_unknown_parameter_or_competence_is_refused() {
    let files = edited(
        "regles/obligations.toml",
        "param(seuil-spaser)",
        "param(seuil-inconnu)",
    );
    let p = single(&files, "regles/obligations.toml", "condition");
    assert!(
        p.message.contains("paramètre « seuil-inconnu » inconnu"),
        "{p}"
    );
}

#[test]
fn closed_vocabularies_are_enforced() {
    let p = single(
        &edited(
            "regles/obligations.toml",
            r#"kind = "obligation""#,
            r#"kind = "devoir""#,
        ),
        "regles/obligations.toml",
        "kind",
    );
    assert_eq!(
        p.message,
        "valeur « devoir » non permise ; valeurs permises : obligation, competence, eligibilite, vigilance, levier"
    );
    let p = single(
        &with(
            "parametres/seuil-essai.toml",
            &PARAM.replace("\"EUR\"", "\"euros\""),
        ),
        "parametres/seuil-essai.toml",
        "unit",
    );
    assert!(p.message.contains("« euros »"), "{p}");
}

#[test]
fn values_must_fit_their_unit() {
    let cases = [
        ("value = 40000", "value = \"cent millions\"", "ni un nombre"),
        ("value = 40000", "value = -100000000", "négatif"),
        ("unit = \"EUR\"", "unit = \"pourcent\"", "de 0 à 100"),
    ];
    for (from, to, says) in cases {
        let text = PARAM.replace(from, to);
        let p = single(
            &with("parametres/seuil-essai.toml", &text),
            "parametres/seuil-essai.toml",
            "value",
        );
        assert!(p.message.contains(says), "{to}: {p}");
        assert_eq!(p.line, Some(11), "{p}");
    }
    let date_param = PARAM.replace("unit = \"EUR\"", "unit = \"date\"");
    for (value, says) in [
        ("2024", "n'est pas une date"),
        ("20250101", "n'est pas une date"),
        ("\"2025-02-30\"", "n'existe pas"),
    ] {
        let text = date_param.replace("value = 40000", &format!("value = {value}"));
        let p = single(
            &with("parametres/seuil-essai.toml", &text),
            "parametres/seuil-essai.toml",
            "value",
        );
        assert!(p.message.contains(says), "{value}: {p}");
    }
    let text = date_param.replace("value = 40000", "value = 2025-01-01");
    assert!(Corpus::from_files(&with("parametres/seuil-essai.toml", &text)).is_ok());
}

#[test]
fn dated_values_are_real_days_in_date_order() {
    let text = PARAM.replace("2020-01-01", "2020-02-30");
    let p = single(
        &with("parametres/seuil-essai.toml", &text),
        "parametres/seuil-essai.toml",
        "since",
    );
    assert!(p.message.contains("n'existe pas"), "{p}");
    let later =
        "\n[[values]]\nsince = \"2019-01-01\"\nvalue = 30000\nreference = { title = \"Décret\" }\nunverified = \"Non lu.\"\n";
    let text = format!("{PARAM}{later}");
    let p = single(
        &with("parametres/seuil-essai.toml", &text),
        "parametres/seuil-essai.toml",
        "since",
    );
    assert!(p.message.contains("dans l'ordre des dates"), "{p}");
    assert_eq!(p.line, Some(16));
}

#[test]
fn a_dated_value_says_when_it_was_checked_or_why_not() {
    let unchecked = PARAM.replace("checked = \"2026-12-07\"\n", "");
    let p = single(
        &with("parametres/seuil-essai.toml", &unchecked),
        "parametres/seuil-essai.toml",
        "checked",
    );
    assert!(p.message.contains("unverified"), "{p}");
    assert_eq!(p.line, Some(10), "{p}");
    let both = PARAM.replace(
        "checked = \"2026-12-07\"",
        "checked = \"2026-12-07\"\nunverified = \"Article non lu.\"",
    );
    let p = single(
        &with("parametres/seuil-essai.toml", &both),
        "parametres/seuil-essai.toml",
        "unverified",
    );
    assert!(
        p.message.contains("ne peut pas être dite non vérifiée"),
        "{p}"
    );
    let empty = PARAM.replace("checked = \"2026-12-07\"", "unverified = \"  \"");
    single(
        &with("parametres/seuil-essai.toml", &empty),
        "parametres/seuil-essai.toml",
        "unverified",
    );
    let before_signature = PARAM.replace(
        "reference = { title = \"Décret\" }\nchecked = \"2026-12-07\"",
        "reference = { title = \"Décret du 2 mai 2022\", date = \"2022-05-02\" }\nchecked = \"2022-05-01\"",
    );
    let p = single(
        &with("parametres/seuil-essai.toml", &before_signature),
        "parametres/seuil-essai.toml",
        "checked",
    );
    assert!(p.message.contains("avant la signature"), "{p}");
    let to_come = PARAM.replace("checked = \"2026-12-07\"", "checked = \"2206-12-07\"");
    let p = single(
        &with("parametres/seuil-essai.toml", &to_come),
        "parametres/seuil-essai.toml",
        "checked",
    );
    assert!(p.message.contains("pas encore venu"), "{p}");
    let said = PARAM.replace(
        "checked = \"2026-12-07\"",
        "unverified = \"Article non lu.\"",
    );
    assert!(Corpus::from_files(&with("parametres/seuil-essai.toml", &said)).is_ok());
}

#[test]
fn a_reference_says_what_its_title_says() {
    let spaser = "parametres/seuil-spaser.toml";
    let line_of = |file: &str, text: &str| {
        let original = embedded_files().into_iter().find(|f| f.path == file);
        original.and_then(|f| f.text.lines().position(|l| l.contains(text)).map(|i| i + 1))
    };
    let cases = [
        (
            spaser,
            "number = \"2022-767\"",
            "number = \"2022-676\"",
            "number",
            "« 2022-676 »",
        ),
        (
            spaser,
            "article = \"D. 2111-3\"",
            "article = \"D. 2111-4\"",
            "article",
            "l'article",
        ),
        (
            spaser,
            "date = \"2022-05-02\"",
            "date = \"2022-05-20\"",
            "date",
            "« 20 mai 2022 »",
        ),
        (
            "parametres/part-reserves-impartageables-scic.toml",
            "also = [\"2001-624\"]",
            "also = [\"2001-642\"]",
            "also",
            "« 2001-642 »",
        ),
    ];
    for (file, from, to, field, says) in cases {
        let p = single(&edited(file, from, to), file, field);
        assert!(
            p.message.contains(says) && p.message.contains("titre"),
            "{to}: {p}"
        );
        assert_eq!(p.line, line_of(file, from), "{p}");
    }
    // The date is a real day; refused while reading, at the reference's line and the
    // column of the date.
    let p = single(
        &edited(spaser, "date = \"2022-05-02\"", "date = \"2022-02-30\""),
        spaser,
        "reference",
    );
    assert!(p.message.contains("« 2022-02-30 » n'existe pas"), "{p}");
    assert_eq!(p.line, line_of(spaser, "date = \"2022-05-02\""), "{p}");
    // A legal text's number in sources.toml is in its title too.
    let p = single(
        &edited(
            "sources.toml",
            "number = \"2014-856\"",
            "number = \"2014-865\"",
        ),
        "sources.toml",
        "number",
    );
    assert!(p.message.contains("« 2014-865 »"), "{p}");
}

/// A scratch folder holding a copy of the built-in corpus.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("ess-corpus-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for f in embedded_files() {
            let path = dir.join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, f.text).unwrap();
        }
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_folder_loads_like_the_embedded_corpus_and_skips_hidden_and_other_files() {
    let scratch = Scratch::new("hidden");
    std::fs::write(scratch.0.join("leviers/.brouillon.toml"), "pas du TOML").unwrap();
    std::fs::write(scratch.0.join("leviers/LISEZMOI.md"), "notes").unwrap();
    let corpus = Corpus::from_dir(&scratch.0).expect("hidden and non-TOML files are skipped");
    assert_eq!(
        corpus.entry_count(),
        Corpus::builtin().unwrap().entry_count()
    );
}

#[test]
fn a_file_not_in_utf8_is_refused_with_its_line() {
    let scratch = Scratch::new("latin1");
    std::fs::write(
        scratch.0.join("leviers/latin1.toml"),
        b"[[levier]]\nid = \"x\"\ntitle = \"d\xe9finir\"\n",
    )
    .unwrap();
    let p = single_dir(&scratch);
    assert_eq!(p.file, "leviers/latin1.toml");
    assert_eq!(p.line, Some(3));
    assert!(p.message.contains("UTF-8"), "{p}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_being_read_whole() {
    let scratch = Scratch::new("large");
    let file = std::fs::File::create(scratch.0.join("leviers/enorme.toml")).unwrap();
    file.set_len(ess_corpus::MAX_FILE_BYTES + 1).unwrap();
    let p = single_dir(&scratch);
    assert!(p.message.contains("trop volumineux"), "{p}");
}

#[cfg(unix)]
#[test]
fn special_files_and_symlink_loops_neither_block_nor_loop() {
    let scratch = Scratch::new("special");
    let fifo = scratch.0.join("leviers/tube.toml");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        return; // No mkfifo here: the symlink part below still runs in other tests' place.
    }
    std::os::unix::fs::symlink(&scratch.0, scratch.0.join("leviers/boucle")).unwrap();
    let p = single_dir(&scratch);
    assert_eq!(p.file, "leviers/tube.toml");
    assert!(p.message.contains("pas un fichier ordinaire"), "{p}");
}

fn single_dir(scratch: &Scratch) -> Problem {
    match Corpus::from_dir(&scratch.0) {
        Err(CorpusError::Invalid(ps)) => {
            assert_eq!(ps.len(), 1, "{ps:#?}");
            ps.into_iter().next().unwrap()
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("the corpus should have been refused"),
    }
}

#[test]
fn a_missing_folder_is_an_error_in_french() {
    let err = Corpus::from_dir("/nulle/part/ess").unwrap_err();
    assert_eq!(
        err.to_string(),
        "impossible de lire le corpus « /nulle/part/ess » : introuvable"
    );
}

#[test]
fn a_fact_stated_by_numbers_needs_well_formed_cues() {
    let files = edited(
        "faits.toml",
        r#"cues = ["subvention*", "subventionn*", "subvension*", "subvantion*", "subvenssion*", "subventionner une", "subventionner un", "subventionner des", "subventionner l", "subventionner les", "verser une subvention", "accorder une subvention", "verse", "versons", "verser", "donne", "donnons", "attribue", "attribuons"]"#,
        r#"cues = ["Subvention"]"#,
    );
    let p = single(&files, "faits.toml", "cues");
    assert!(p.message.contains("minuscules sans accents"), "{p}");
    let files = edited(
        "faits.toml",
        r#"cues = ["subvention*", "subventionn*", "subvension*", "subvantion*", "subvenssion*", "subventionner une", "subventionner un", "subventionner des", "subventionner l", "subventionner les", "verser une subvention", "accorder une subvention", "verse", "versons", "verser", "donne", "donnons", "attribue", "attribuons"]"#,
        "",
    );
    let p = single(&files, "faits.toml", "cues");
    assert!(p.message.contains("vont ensemble"), "{p}");
}

#[test]
fn renamings_load_and_are_optional() {
    let corpus = Corpus::builtin().unwrap();
    let direccte = corpus
        .renamings
        .iter()
        .find(|r| r.old == "DIRECCTE")
        .expect("DIRECCTE → DREETS is recorded");
    assert_eq!(direccte.new, "DREETS");
    assert_eq!(direccte.date.to_string(), "2021-04-01");
    assert!(direccte.spellings().contains(&"DIRECCTE"));
    let without: Vec<DataFile> = embedded_files()
        .into_iter()
        .filter(|f| f.path != "renommages.toml")
        .collect();
    assert!(Corpus::from_files(&without).unwrap().renamings.is_empty());
}

#[test]
fn a_renaming_whose_notice_misses_the_new_name_or_the_date_is_refused() {
    let p = single(
        &edited(
            "renommages.toml",
            "depuis le 1er avril 2021, ce sont",
            "ce sont",
        ),
        "renommages.toml",
        "text",
    );
    assert!(p.to_string().contains("1er avril 2021"), "{p}");
    let ps = problems(&edited(
        "renommages.toml",
        "new = \"DREETS\"",
        "new = \"DRETS\"",
    ));
    let fields: Vec<_> = ps.iter().map(|p| p.field.as_deref()).collect();
    assert_eq!(
        fields,
        [Some("text"), Some("entries"), Some("entries")],
        "{ps:#?}"
    );
    assert!(ps.iter().all(|p| p.message.contains("DRETS")), "{ps:#?}");
    let p = single(
        &edited(
            "renommages.toml",
            "checked = \"2026-12-04\"",
            "checked = \"2019-01-01\"",
        ),
        "renommages.toml",
        "checked",
    );
    assert!(p.to_string().contains("avant"), "{p}");
    let p = single(
        &edited("renommages.toml", "\"gl-direccte\"", "\"gl-inconnu\""),
        "renommages.toml",
        "entries",
    );
    assert!(p.to_string().contains("gl-inconnu"), "{p}");
}

#[test]
fn subjects_outside_the_documents_load_are_optional_and_checked() {
    let corpus = Corpus::builtin().unwrap();
    assert!(corpus
        .out_of_scope
        .iter()
        .any(|s| s.phrases.iter().any(|p| p == "taxe foncière")));
    let without: Vec<DataFile> = embedded_files()
        .into_iter()
        .filter(|f| f.path != "hors-champ.toml")
        .collect();
    assert!(Corpus::from_files(&without)
        .unwrap()
        .out_of_scope
        .is_empty());
    let p = single(
        &edited(
            "hors-champ.toml",
            "phrases = [\"police municipale\"]",
            "phrases = []",
        ),
        "hors-champ.toml",
        "phrases",
    );
    assert!(p.to_string().contains("au moins une expression"), "{p}");
}

#[test]
fn an_announced_value_is_checked_like_a_dated_one() {
    let path = "parametres/seuil-decision-sieg-compensation.toml";
    let files = edited(
        path,
        "value = 20000000\npublished",
        "value = -20000000\npublished",
    );
    let p = single(&files, path, "value");
    assert!(p.line.is_some_and(|l| l > 20), "{p}");
    let files = edited(path, "number = \"2025/2630\"", "number = \"2025/9999\"");
    single(&files, path, "number");
}

#[test]
fn a_rule_for_an_unknown_type_or_a_type_with_an_unknown_optional_competence_is_refused() {
    let p = single(
        &edited(
            "regles/obligations-2022.toml",
            r#"only_for = ["communaute-communes"]"#,
            r#"only_for = ["communaute-de-communes"]"#,
        ),
        "regles/obligations-2022.toml",
        "only_for",
    );
    assert!(
        p.message
            .contains("type de collectivité inconnu « communaute-de-communes »"),
        "{p}"
    );
    let p = single(
        &edited(
            "collectivites.toml",
            r#"optional = ["transports-voirie"]"#,
            r#"optional = ["transports"]"#,
        ),
        "collectivites.toml",
        "optional",
    );
    assert!(
        p.message.contains("compétence inconnue « transports »"),
        "{p}"
    );
}
