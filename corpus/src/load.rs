//! Reading the data files (embedded or from a folder), parsing them, and validating the whole.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use include_dir::{include_dir, Dir};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{CorpusError, Problem};
use crate::model::{Competence, Entry, Kind, Origin, SourceDoc, Vocable};
use crate::{Corpus, RuleDef, RULE_KINDS};

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/data");

/// One data file: its path relative to the corpus root, and its text.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub path: String,
    pub text: String,
}

/// The files compiled into the binary.
pub fn embedded_files() -> Vec<DataFile> {
    let mut files = Vec::new();
    collect_embedded(&EMBEDDED, &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn collect_embedded(dir: &Dir<'_>, out: &mut Vec<DataFile>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if path.ends_with(".toml") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            out.push(DataFile { path, text });
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// The `.toml` files under `root`, recursively.
pub fn dir_files(root: &Path) -> Result<Vec<DataFile>, CorpusError> {
    let mut files = Vec::new();
    walk(root, root, &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<DataFile>) -> Result<(), CorpusError> {
    let io = |e, p: &Path| CorpusError::Io {
        path: p.display().to_string(),
        source: e,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| io(e, dir))?;
    for entry in entries {
        let path = entry.map_err(|e| io(e, dir))?.path();
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if path.extension().is_some_and(|x| x == "toml") {
            let bytes = std::fs::read(&path).map_err(|e| io(e, &path))?;
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push(DataFile {
                path: rel.to_string_lossy().replace('\\', "/"),
                text: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    source: Vec<SourceDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemesFile {
    theme: Vec<Vocable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TerritoriesFile {
    territoire: Vec<Vocable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CollectivitiesFile {
    collectivite: Vec<Vocable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompetencesFile {
    competence: Vec<Competence>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartementsFile {
    departement: Vec<Vocable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IntentsFile {
    intention: Vec<Vocable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    regle: Vec<RuleDef>,
}

/// Parses and validates a set of files into a corpus, collecting every problem.
pub fn load(files: &[DataFile]) -> Result<Corpus, CorpusError> {
    let mut problems = Vec::new();
    let mut corpus = Corpus::default();
    let mut seen_top = HashSet::new();

    for file in files {
        let (folder, name) = match file.path.rsplit_once('/') {
            Some((folder, name)) => (Some(folder), name),
            None => (None, file.path.as_str()),
        };
        match folder {
            None => {
                seen_top.insert(name.to_string());
                match name {
                    "sources.toml" => {
                        if let Some(f) = parse::<SourcesFile>(file, &mut problems) {
                            corpus.sources = f.source;
                        }
                    }
                    "themes.toml" => {
                        if let Some(f) = parse::<ThemesFile>(file, &mut problems) {
                            corpus.themes = f.theme;
                        }
                    }
                    "territoires.toml" => {
                        if let Some(f) = parse::<TerritoriesFile>(file, &mut problems) {
                            corpus.territories = f.territoire;
                        }
                    }
                    "collectivites.toml" => {
                        if let Some(f) = parse::<CollectivitiesFile>(file, &mut problems) {
                            corpus.collectivities = f.collectivite;
                        }
                    }
                    "competences.toml" => {
                        if let Some(f) = parse::<CompetencesFile>(file, &mut problems) {
                            corpus.competences = f
                                .competence
                                .into_iter()
                                .map(|mut c| {
                                    c.origin = Origin {
                                        file: file.path.clone(),
                                        line: line_of_id(&file.text, &c.id),
                                    };
                                    c
                                })
                                .collect();
                        }
                    }
                    "departements.toml" => {
                        if let Some(f) = parse::<DepartementsFile>(file, &mut problems) {
                            corpus.departements = f.departement;
                        }
                    }
                    "intentions.toml" => {
                        if let Some(f) = parse::<IntentsFile>(file, &mut problems) {
                            corpus.intents = f.intention;
                        }
                    }
                    _ => problems.push(Problem {
                        file: file.path.clone(),
                        line: None,
                        field: None,
                        message: "fichier inattendu à la racine du corpus (voir corpus/FORMAT.md)"
                            .into(),
                    }),
                }
            }
            Some("regles") => {
                if let Some(f) = parse::<RulesFile>(file, &mut problems) {
                    for mut rule in f.regle {
                        let line = line_of_id(&file.text, &rule.id);
                        rule.condition_at = value_start(&file.text, line, "condition");
                        rule.partner_condition_at =
                            value_start(&file.text, line, "partner_condition");
                        rule.origin = Origin {
                            file: file.path.clone(),
                            line,
                        };
                        corpus.rules.push(rule);
                    }
                }
            }
            Some(folder) => match Kind::from_folder(folder) {
                Some(Kind::Parametre) => {
                    if let Some(mut entry) = parse::<Entry>(file, &mut problems) {
                        entry.kind = Kind::Parametre;
                        entry.origin = Origin {
                            file: file.path.clone(),
                            line: line_of_id(&file.text, &entry.id),
                        };
                        corpus.entries.push(entry);
                    }
                }
                Some(kind) => {
                    let Some(tables) = parse::<BTreeMap<String, Vec<Entry>>>(file, &mut problems)
                    else {
                        continue;
                    };
                    for (table, entries) in tables {
                        if table != kind.as_str() {
                            problems.push(Problem {
                                file: file.path.clone(),
                                line: find_line(&file.text, &format!("[[{table}]]")),
                                field: None,
                                message: format!(
                                    "le dossier « {folder} » ne contient que des entrées [[{}]], pas [[{table}]]",
                                    kind.as_str()
                                ),
                            });
                            continue;
                        }
                        for mut entry in entries {
                            entry.kind = kind;
                            entry.origin = Origin {
                                file: file.path.clone(),
                                line: line_of_id(&file.text, &entry.id),
                            };
                            corpus.entries.push(entry);
                        }
                    }
                }
                None => problems.push(Problem {
                    file: file.path.clone(),
                    line: None,
                    field: None,
                    message: format!(
                        "dossier « {folder} » inconnu (voir corpus/FORMAT.md pour les dossiers permis)"
                    ),
                }),
            },
        }
    }
    for required in [
        "sources.toml",
        "themes.toml",
        "territoires.toml",
        "collectivites.toml",
        "competences.toml",
        "intentions.toml",
        "departements.toml",
    ] {
        if !seen_top.contains(required) {
            problems.push(Problem {
                file: required.into(),
                line: None,
                field: None,
                message: "fichier obligatoire absent".into(),
            });
        }
    }
    if problems.is_empty() {
        let texts: HashMap<&str, &str> = files
            .iter()
            .map(|f| (f.path.as_str(), f.text.as_str()))
            .collect();
        validate(&corpus, &texts, &mut problems);
    }
    if problems.is_empty() {
        Ok(corpus)
    } else {
        Err(CorpusError::Invalid(problems))
    }
}

/// Deserialises one file, turning a TOML or schema error into a French problem.
fn parse<T: DeserializeOwned>(file: &DataFile, problems: &mut Vec<Problem>) -> Option<T> {
    match toml::from_str::<T>(&file.text) {
        Ok(value) => Some(value),
        Err(err) => {
            let line = err.span().map(|span| {
                file.text[..span.start.min(file.text.len())]
                    .matches('\n')
                    .count()
                    + 1
            });
            let (field, message) =
                translate(err.message(), line.and_then(|l| key_on_line(&file.text, l)));
            problems.push(Problem {
                file: file.path.clone(),
                line,
                field,
                message,
            });
            None
        }
    }
}

/// Says in French what toml/serde said in English.
fn translate(message: &str, key_at_line: Option<String>) -> (Option<String>, String) {
    let quoted = |m: &str| m.split('`').nth(1).map(str::to_string);
    let first = message.lines().next().unwrap_or(message).trim();
    if first.starts_with("missing field") {
        (quoted(first), "champ obligatoire absent".into())
    } else if first.starts_with("unknown field") {
        (
            quoted(first),
            "champ inconnu (les champs permis sont décrits dans corpus/FORMAT.md)".into(),
        )
    } else if let Some(rest) = first.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        (
            key_at_line,
            format!(
                "type de valeur invalide : {} au lieu de {}",
                french_type(got),
                french_type(expected)
            ),
        )
    } else if first.starts_with("unknown variant") {
        (key_at_line, format!("valeur non permise ({first})"))
    } else if first.starts_with("duplicate key") {
        (
            quoted(first).or(key_at_line),
            "clé présente deux fois".into(),
        )
    } else {
        (
            key_at_line,
            format!("syntaxe TOML invalide ({})", message.trim()),
        )
    }
}

fn french_type(t: &str) -> String {
    let t = t.trim();
    let map = [
        ("a string", "un texte entre guillemets"),
        ("string", "un texte"),
        ("a sequence", "une liste [ … ]"),
        ("sequence", "une liste"),
        ("integer", "un nombre entier"),
        ("u32", "un nombre entier positif"),
        ("u64", "un nombre entier positif"),
        ("i32", "un nombre entier"),
        ("f64", "un nombre"),
        ("boolean", "un booléen"),
        ("a map", "une table"),
        ("map", "une table"),
        ("struct", "une table"),
    ];
    for (en, fr) in map {
        if t == en || t.starts_with(&format!("{en} ")) {
            let rest = t[en.len()..].trim();
            return if rest.is_empty() {
                fr.to_string()
            } else {
                format!("{fr} {rest}")
            };
        }
    }
    t.to_string()
}

/// The key assigned on a 1-based line (`themes = [...]` gives `themes`).
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let (key, _) = l.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// The line where `id = "<id>"` is written (1 when it cannot be found).
fn line_of_id(text: &str, id: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.starts_with("id") && l.contains(&format!("\"{id}\""))
        })
        .map_or(1, |i| i + 1)
}

/// The line of `field = …` in the entry that starts at `start` (the entry's own line if absent).
fn field_line(text: &str, start: usize, field: &str) -> usize {
    for (i, l) in text.lines().enumerate().skip(start.saturating_sub(1)) {
        let t = l.trim_start();
        if i + 1 > start && t.starts_with("[[") {
            break;
        }
        if let Some((key, _)) = t.split_once('=') {
            if key.trim() == field {
                return i + 1;
            }
        }
    }
    start
}

/// Where the string value of `field` (in the entry starting at `start`) begins: line and column
/// (1-based, in characters) of its first character, past the opening quotes. A multi-line
/// string whose opening `"""` ends the line starts on the next line, as TOML reads it.
fn value_start(text: &str, start: usize, field: &str) -> (usize, usize) {
    let line = field_line(text, start, field);
    let Some(l) = text.lines().nth(line.saturating_sub(1)) else {
        return (line, 1);
    };
    let Some(eq) = l.find('=') else {
        return (line, 1);
    };
    let after = &l[eq + 1..];
    let value = after.trim_start();
    let offset = eq + 1 + (after.len() - value.len());
    for quote in ["\"\"\"", "'''", "\"", "'"] {
        if let Some(rest) = value.strip_prefix(quote) {
            if rest.trim().is_empty() && quote.len() == 3 {
                return (line + 1, 1);
            }
            let col = l[..offset + quote.len()].chars().count() + 1;
            return (line, col);
        }
    }
    (line, l[..offset].chars().count() + 1)
}

/// Cross-file checks: ids, vocabularies, references, kind-specific fields, dated values.
fn validate(corpus: &Corpus, texts: &HashMap<&str, &str>, problems: &mut Vec<Problem>) {
    let sources: HashMap<&str, &SourceDoc> =
        corpus.sources.iter().map(|s| (s.key.as_str(), s)).collect();
    let themes: HashSet<&str> = corpus.themes.iter().map(|t| t.id.as_str()).collect();
    let territories: HashSet<&str> = corpus.territories.iter().map(|t| t.id.as_str()).collect();
    let levels: HashSet<&str> = corpus
        .collectivities
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let mut ids: HashMap<&str, &Origin> = HashMap::new();

    for e in &corpus.entries {
        let text = texts.get(e.origin.file.as_str()).copied().unwrap_or("");
        let mut report = |field: &str, message: String| {
            problems.push(Problem {
                file: e.origin.file.clone(),
                line: Some(field_line(text, e.origin.line, field)),
                field: Some(field.to_string()),
                message,
            })
        };
        if !valid_id(&e.id) {
            report(
                "id",
                format!("identifiant « {} » invalide : lettres minuscules sans accents, chiffres et tirets seulement", e.id),
            );
        }
        if let Some(first) = ids.insert(&e.id, &e.origin) {
            report(
                "id",
                format!(
                    "identifiant « {} » déjà utilisé ({}, ligne {})",
                    e.id, first.file, first.line
                ),
            );
        }
        if e.title.trim().is_empty() {
            report("title", "le titre est vide".into());
        }
        if e.text.trim().is_empty() {
            report("text", "le texte est vide".into());
        }
        if e.themes.is_empty() {
            report(
                "themes",
                "au moins un thème est requis (voir themes.toml)".into(),
            );
        }
        for t in &e.themes {
            if !themes.contains(t.as_str()) {
                report(
                    "themes",
                    format!("thème inconnu « {t} » (voir themes.toml)"),
                );
            }
        }
        for t in &e.territories {
            if !territories.contains(t.as_str()) {
                report(
                    "territories",
                    format!("territoire inconnu « {t} » (voir territoires.toml)"),
                );
            }
        }
        for t in &e.levels {
            if !levels.contains(t.as_str()) {
                report(
                    "levels",
                    format!("type de collectivité inconnu « {t} » (voir collectivites.toml)"),
                );
            }
        }
        match sources.get(e.source.document.as_str()) {
            None => report(
                "source",
                format!(
                    "document source inconnu « {} » (voir sources.toml)",
                    e.source.document
                ),
            ),
            Some(_) if e.source.fiche.is_some() && e.source.document != "kit-municipal" => report(
                "source",
                "le numéro de fiche ne s'emploie que pour le document « kit-municipal »".into(),
            ),
            Some(_) if e.source.fiche.is_some_and(|n| !(1..=24).contains(&n)) => report(
                "source",
                "le Kit Municipal ESS compte 24 fiches : numéro hors de 1 à 24".into(),
            ),
            _ => {}
        }
        let allowed = e.kind.specific_fields();
        for field in e.set_specific_fields() {
            if !allowed.contains(&field) {
                report(
                    field,
                    format!(
                        "champ non permis pour une entrée de type « {} »",
                        e.kind.as_str()
                    ),
                );
            }
        }
        match e.kind {
            Kind::Glossaire if e.term.is_none() => report(
                "term",
                "champ obligatoire absent pour une entrée du glossaire".into(),
            ),
            Kind::Fiche
                if e.source.document == "kit-municipal"
                    && e.source.fiche.is_some()
                    && e.number.is_none() =>
            {
                report("number", "une fiche du kit doit porter son numéro".into())
            }
            Kind::Texte => match e.law.as_deref() {
                None => report(
                    "law",
                    "champ obligatoire absent pour un texte juridique".into(),
                ),
                Some(law) if !sources.contains_key(law) => {
                    report("law", format!("texte « {law} » absent de sources.toml"))
                }
                _ => {}
            },
            Kind::Parametre => {
                if e.unit.is_none() {
                    report("unit", "champ obligatoire absent pour un paramètre".into());
                }
                let values = e.values.as_deref().unwrap_or(&[]);
                if values.is_empty() {
                    report(
                        "values",
                        "un paramètre doit avoir au moins une valeur datée [[values]]".into(),
                    );
                }
                let mut dates = HashSet::new();
                for v in values {
                    if !is_iso_date(&v.since) {
                        report(
                            "since",
                            format!("date « {} » invalide (format AAAA-MM-JJ)", v.since),
                        );
                    }
                    if let Some(day) = &v.checked {
                        if !is_iso_date(day) {
                            report(
                                "checked",
                                format!("date « {day} » invalide (format AAAA-MM-JJ)"),
                            );
                        }
                    }
                    if !dates.insert(v.since.as_str()) {
                        report("since", format!("deux valeurs commencent le {}", v.since));
                    }
                    if v.reference.title.trim().is_empty() {
                        report(
                            "reference",
                            "la référence officielle doit avoir un titre".into(),
                        );
                    }
                    if let Some(doc) = &v.cited_by {
                        if !sources.contains_key(doc.as_str()) {
                            report(
                                "cited_by",
                                format!("document « {doc} » absent de sources.toml"),
                            );
                        }
                    }
                }
            }
            _ => {}
        }
        if let Some(date) = &e.date {
            if !is_iso_date(date) {
                report(
                    "date",
                    format!("date « {date} » invalide (format AAAA-MM-JJ)"),
                );
            }
        }
        if let Some(until) = &e.until {
            if !is_iso_date(until) {
                report(
                    "until",
                    format!("date « {until} » invalide (format AAAA-MM-JJ)"),
                );
            } else if e
                .date
                .as_deref()
                .is_some_and(|d| is_iso_date(d) && until.as_str() < d)
            {
                report(
                    "until",
                    format!("fin de vigueur « {until} » antérieure à la date du texte"),
                );
            }
        }
    }
    validate_competences(corpus, texts, problems);
    validate_rules(corpus, texts, &ids, problems);
    for e in &corpus.entries {
        let text = texts.get(e.origin.file.as_str()).copied().unwrap_or("");
        for r in &e.related {
            if !ids.contains_key(r.as_str()) {
                problems.push(Problem {
                    file: e.origin.file.clone(),
                    line: Some(field_line(text, e.origin.line, "related")),
                    field: Some("related".into()),
                    message: format!("renvoi vers « {r} », qui n'existe pas dans le corpus"),
                });
            }
        }
    }
}

/// The competence taxonomy, and the default competences of each collectivity type.
fn validate_competences(corpus: &Corpus, texts: &HashMap<&str, &str>, problems: &mut Vec<Problem>) {
    let levels: HashSet<&str> = corpus
        .collectivities
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let mut known: HashMap<&str, usize> = HashMap::new();
    for c in &corpus.competences {
        let text = texts.get(c.origin.file.as_str()).copied().unwrap_or("");
        let mut report = |field: &str, message: String| {
            problems.push(Problem {
                file: c.origin.file.clone(),
                line: Some(field_line(text, c.origin.line, field)),
                field: Some(field.to_string()),
                message,
            })
        };
        if !valid_id(&c.id) {
            report(
                "id",
                format!("identifiant « {} » invalide : lettres minuscules sans accents, chiffres et tirets seulement", c.id),
            );
        }
        if let Some(first) = known.insert(&c.id, c.origin.line) {
            report(
                "id",
                format!("compétence « {} » déjà définie (ligne {first})", c.id),
            );
        }
        if c.label.trim().is_empty() {
            report("label", "le libellé est vide".into());
        }
        for l in &c.levels {
            if !levels.contains(l.as_str()) {
                report(
                    "levels",
                    format!("type de collectivité inconnu « {l} » (voir collectivites.toml)"),
                );
            }
        }
        if !corpus.sources.iter().any(|s| s.key == c.source.document) {
            report(
                "source",
                format!(
                    "document source inconnu « {} » (voir sources.toml)",
                    c.source.document
                ),
            );
        }
    }
    let vocabularies = [
        ("themes.toml", &corpus.themes),
        ("territoires.toml", &corpus.territories),
        ("intentions.toml", &corpus.intents),
    ];
    for (file, vocables) in vocabularies {
        let text = texts.get(file).copied().unwrap_or("");
        for v in vocables.iter().filter(|v| v.competences.is_some()) {
            let line = line_of_id(text, &v.id);
            problems.push(Problem {
                file: file.into(),
                line: Some(field_line(text, line, "competences")),
                field: Some("competences".into()),
                message:
                    "champ permis seulement pour les types de collectivité (collectivites.toml)"
                        .into(),
            });
        }
    }
    let text = texts.get("collectivites.toml").copied().unwrap_or("");
    for v in &corpus.collectivities {
        if let Some(b) = v.broader.as_deref().filter(|b| !levels.contains(b)) {
            let line = line_of_id(text, &v.id);
            problems.push(Problem {
                file: "collectivites.toml".into(),
                line: Some(field_line(text, line, "broader")),
                field: Some("broader".into()),
                message: format!("type de collectivité inconnu « {b} »"),
            });
        }
        for c in v.competences.iter().flatten() {
            if !known.contains_key(c.as_str()) {
                let line = line_of_id(text, &v.id);
                problems.push(Problem {
                    file: "collectivites.toml".into(),
                    line: Some(field_line(text, line, "competences")),
                    field: Some("competences".into()),
                    message: format!("compétence inconnue « {c} » (voir competences.toml)"),
                });
            }
        }
    }
}

/// What the corpus can check of a rule: kind, ids, references, levers, themes. The conditions
/// themselves are parsed by the engine.
fn validate_rules(
    corpus: &Corpus,
    texts: &HashMap<&str, &str>,
    ids: &HashMap<&str, &Origin>,
    problems: &mut Vec<Problem>,
) {
    let themes: HashSet<&str> = corpus.themes.iter().map(|t| t.id.as_str()).collect();
    let mut seen: HashMap<&str, &Origin> = HashMap::new();
    for r in &corpus.rules {
        let text = texts.get(r.origin.file.as_str()).copied().unwrap_or("");
        let mut report = |field: &str, message: String| {
            problems.push(Problem {
                file: r.origin.file.clone(),
                line: Some(field_line(text, r.origin.line, field)),
                field: Some(field.to_string()),
                message,
            })
        };
        if !valid_id(&r.id) {
            report(
                "id",
                format!("identifiant « {} » invalide : lettres minuscules sans accents, chiffres et tirets seulement", r.id),
            );
        }
        if let Some(first) = seen
            .insert(&r.id, &r.origin)
            .or_else(|| ids.get(r.id.as_str()).copied())
        {
            report(
                "id",
                format!(
                    "identifiant « {} » déjà utilisé ({}, ligne {})",
                    r.id, first.file, first.line
                ),
            );
        }
        if !RULE_KINDS.contains(&r.kind.as_str()) {
            report(
                "kind",
                format!(
                    "type de règle « {} » inconnu : {} attendu",
                    r.kind,
                    RULE_KINDS.join(", ")
                ),
            );
        }
        for (field, value) in [
            ("title", &r.title),
            ("then", &r.then),
            ("explanation", &r.explanation),
        ] {
            if value.trim().is_empty() {
                report(field, "ce champ est vide".into());
            }
        }
        if r.references.is_empty() {
            report(
                "references",
                "une règle doit citer au moins un texte ou une fiche".into(),
            );
        }
        for id in &r.references {
            let known =
                ids.contains_key(id.as_str()) || corpus.sources.iter().any(|s| &s.key == id);
            if !known {
                report("references", format!("référence « {id} » inconnue : ni une entrée du corpus ni une clé de sources.toml"));
            }
        }
        for t in &r.themes {
            if !themes.contains(t.as_str()) {
                report(
                    "themes",
                    format!("thème inconnu « {t} » (voir themes.toml)"),
                );
            }
        }
        for l in &r.levers {
            match corpus.entries.iter().find(|e| &e.id == l) {
                Some(e) if e.kind == Kind::Levier => {}
                Some(_) => report("levers", format!("« {l} » n'est pas un levier")),
                None => report("levers", format!("levier « {l} » inconnu")),
            }
        }
        let lever_rule = r.kind == "levier";
        if lever_rule && r.levers.is_empty() {
            report(
                "levers",
                "une règle de type « levier » doit nommer au moins un levier".into(),
            );
        }
        if !lever_rule && !r.levers.is_empty() {
            report(
                "levers",
                "champ réservé aux règles de type « levier »".into(),
            );
        }
        if !lever_rule && (r.partner.is_some() || r.partner_condition.is_some()) {
            report(
                "partner_condition",
                "champ réservé aux règles de type « levier »".into(),
            );
        }
        if r.partner.is_some() != r.partner_condition.is_some() {
            report(
                "partner",
                "« partner » et « partner_condition » vont ensemble".into(),
            );
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `YYYY-MM-DD` naming a real day.
pub fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("2023-13-01"));
        assert!(!is_iso_date("2023-1-01"));
        assert!(!is_iso_date("hier"));
    }

    fn base_files() -> Vec<DataFile> {
        embedded_files()
            .into_iter()
            .filter(|f| !f.path.contains('/'))
            .collect()
    }

    fn with(path: &str, text: &str) -> Vec<DataFile> {
        let mut files = base_files();
        files.push(DataFile {
            path: path.into(),
            text: text.into(),
        });
        files
    }

    fn problems(files: &[DataFile]) -> Vec<Problem> {
        match load(files) {
            Err(CorpusError::Invalid(p)) => p,
            Err(e) => panic!("unexpected error {e}"),
            Ok(_) => panic!("the corpus should have been refused"),
        }
    }

    const LEVER: &str = r#"
[[levier]]
id = "essai-levier"
title = "Un levier"
text = "Un texte."
themes = ["mobilite"]
source = { document = "kit-municipal", fiche = 10, page = 21 }
"#;

    #[test]
    fn a_valid_file_loads() {
        let corpus = load(&with("leviers/essai.toml", LEVER)).expect("valid");
        let e = &corpus.entries[0];
        assert_eq!(e.kind, Kind::Levier);
        assert_eq!(
            e.origin,
            Origin {
                file: "leviers/essai.toml".into(),
                line: 3
            }
        );
    }

    #[test]
    fn a_missing_field_names_file_line_and_field_in_french() {
        let text = LEVER.replace("title = \"Un levier\"\n", "");
        let p = &problems(&with("leviers/essai.toml", &text))[0];
        assert_eq!(p.file, "leviers/essai.toml");
        assert_eq!(p.field.as_deref(), Some("title"));
        assert!(p.line.is_some());
        assert_eq!(p.message, "champ obligatoire absent");
        assert!(p.to_string().starts_with("leviers/essai.toml, ligne "));
    }

    #[test]
    fn an_unknown_field_is_refused() {
        let text = LEVER.replace("themes =", "theme = [\"x\"]\nthemes =");
        let p = &problems(&with("leviers/essai.toml", &text))[0];
        assert_eq!(p.field.as_deref(), Some("theme"));
        assert!(p.message.contains("champ inconnu"));
        assert_eq!(p.line, Some(6));
    }

    #[test]
    fn a_wrong_type_is_explained() {
        let text = LEVER.replace("themes = [\"mobilite\"]", "themes = \"mobilite\"");
        let p = &problems(&with("leviers/essai.toml", &text))[0];
        assert_eq!(p.line, Some(6));
        assert_eq!(p.field.as_deref(), Some("themes"));
        assert!(
            p.message.contains("type de valeur invalide"),
            "{}",
            p.message
        );
    }

    #[test]
    fn toml_syntax_errors_give_the_line() {
        let text = LEVER.replace("text = \"Un texte.\"", "text = \"Un texte.");
        let p = &problems(&with("leviers/essai.toml", &text))[0];
        assert_eq!(p.line, Some(5));
        assert!(
            p.message.starts_with("syntaxe TOML invalide"),
            "{}",
            p.message
        );
    }

    #[test]
    fn semantic_errors_point_at_the_field_line() {
        let text = LEVER
            .replace("[\"mobilite\"]", "[\"mobilite\", \"licornes\"]")
            .replace("kit-municipal", "kit-inconnu");
        let ps = problems(&with("leviers/essai.toml", &text));
        let theme = ps
            .iter()
            .find(|p| p.field.as_deref() == Some("themes"))
            .unwrap();
        assert_eq!(theme.line, Some(6));
        assert!(theme.message.contains("thème inconnu « licornes »"));
        let source = ps
            .iter()
            .find(|p| p.field.as_deref() == Some("source"))
            .unwrap();
        assert_eq!(source.line, Some(7));
        assert!(source
            .message
            .contains("document source inconnu « kit-inconnu »"));
    }

    #[test]
    fn duplicate_ids_and_dangling_references_are_refused() {
        let mut files = with("leviers/a.toml", LEVER);
        files.push(DataFile {
            path: "leviers/b.toml".into(),
            text: LEVER.replace("themes =", "related = [\"nulle-part\"]\nthemes ="),
        });
        let ps = problems(&files);
        assert!(ps
            .iter()
            .any(|p| p.message.contains("déjà utilisé (leviers/a.toml, ligne 3)")));
        assert!(
            ps.iter()
                .any(|p| p.field.as_deref() == Some("related")
                    && p.message.contains("« nulle-part »"))
        );
    }

    #[test]
    fn kind_specific_fields_stay_with_their_kind() {
        let text = LEVER.replace("themes =", "population = 900\nthemes =");
        let p = &problems(&with("leviers/essai.toml", &text))[0];
        assert_eq!(p.field.as_deref(), Some("population"));
        assert!(p
            .message
            .contains("non permis pour une entrée de type « levier »"));
    }

    #[test]
    fn a_table_in_the_wrong_folder_is_refused() {
        let p = &problems(&with("exemples/essai.toml", LEVER))[0];
        assert!(p
            .message
            .contains("ne contient que des entrées [[exemple]]"));
        assert_eq!(p.line, Some(2));
    }

    #[test]
    fn dated_values_are_checked() {
        let param = r#"
id = "seuil-essai"
title = "Seuil"
text = "Un seuil."
themes = ["commande-publique"]
source = { document = "kit-municipal", fiche = 7 }
unit = "EUR"

[[values]]
since = "2020-02-30"
value = 40000
reference = { title = "Décret" }
"#;
        let p = &problems(&with("parametres/seuil-essai.toml", param))[0];
        assert_eq!(p.field.as_deref(), Some("since"));
        assert!(p.message.contains("« 2020-02-30 » invalide"));
    }

    #[test]
    fn checked_days_are_real_dates() {
        let param = r#"
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
checked = "2026-02-30"
"#;
        let p = &problems(&with("parametres/seuil-essai.toml", param))[0];
        assert_eq!(p.field.as_deref(), Some("checked"));
        assert!(p.message.contains("« 2026-02-30 » invalide"));
    }

    #[test]
    fn ids() {
        assert!(valid_id("kit10-garages-solidaires"));
        assert!(!valid_id("Kit10"));
        assert!(!valid_id("kit10--x"));
        assert!(!valid_id("mobilité"));
    }
}
