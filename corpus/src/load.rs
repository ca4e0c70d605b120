//! Parsing the data files and validating the whole: the one complete load that `corpus check`,
//! `ess ask`, `ess obligations` and the library all run.
//!
//! Each file is parsed once by the TOML parser, which gives the span of every value; the spans
//! are kept beside the entries so that every problem, found while deserialising or while
//! checking across files, points at the line and column of the text at fault.

use std::collections::{HashMap, HashSet};

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::de::DeTable;
use toml::Spanned;

use crate::condition::{self, Fact, Vocabulary};
use crate::date::{Date, FRENCH_MARK};
use crate::error::{CorpusError, Problem};
use crate::files::DataFile;
use crate::id::{EntryId, RuleId, ThemeId};
use crate::model::{
    Competence, Condition, DatedValue, Entry, FactWording, Kind, Origin, OutOfScope, Reference,
    Renaming, Rule, RuleKind, SourceDoc, Unit, Vocable,
};
use crate::position::{SourceText, Spans};
use crate::Corpus;

/// The top-level files, each with the name of its array of tables.
const TOP_FILES: [(&str, &str); 10] = [
    ("faits.toml", "fait"),
    ("hors-champ.toml", "sujet"),
    ("renommages.toml", "renommage"),
    ("sources.toml", "source"),
    ("themes.toml", "theme"),
    ("territoires.toml", "territoire"),
    ("collectivites.toml", "collectivite"),
    ("competences.toml", "competence"),
    ("departements.toml", "departement"),
    ("intentions.toml", "intention"),
];

/// Top-level files a corpus may leave out.
const OPTIONAL_TOP_FILES: [&str; 2] = ["hors-champ.toml", "renommages.toml"];

/// What an actor's `scope` may be.
const ACTOR_SCOPES: [&str; 5] = ["local", "departemental", "regional", "national", "europeen"];

/// The intents the dialogue knows how to answer (`intentions.toml` gives their cue words).
const INTENTS: [&str; 16] = [
    "aide",
    "comparaison",
    "seuil",
    "date",
    "chiffres",
    "indicateurs",
    "obligations",
    "definition",
    "pourquoi",
    "exemples",
    "acteurs",
    "ressources",
    "fiche",
    "leviers",
    "salutation",
    "remerciement",
];

/// A rule as written, before its conditions are compiled.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: RuleId,
    kind: RuleKind,
    title: String,
    condition: Spanned<String>,
    then: String,
    #[serde(default)]
    otherwise: Option<String>,
    explanation: String,
    #[serde(default)]
    references: Vec<String>,
    #[serde(default)]
    themes: Vec<ThemeId>,
    #[serde(default)]
    levers: Vec<EntryId>,
    #[serde(default)]
    partner_condition: Option<Spanned<String>>,
    #[serde(default)]
    partner: Option<String>,
    #[serde(default)]
    plain_answer: bool,
    #[serde(default)]
    bears_on: Vec<String>,
    #[serde(default)]
    only_for: Vec<crate::CollectivityTypeId>,
}

/// Where each loaded item was written: its file and the spans of its fields, parallel to the
/// corpus's own lists.
#[derive(Default)]
struct Places {
    entries: Vec<(usize, Spans)>,
    rules: Vec<(usize, Spans)>,
    competences: Vec<(usize, Spans)>,
    /// Vocabulary files (`collectivites.toml`…): file and the spans of each item.
    vocabularies: HashMap<&'static str, (usize, Vec<Spans>)>,
}

/// Parses and validates a set of files into a corpus, collecting every problem.
pub(crate) fn load(files: &[DataFile]) -> Result<Corpus, CorpusError> {
    let texts: Vec<SourceText<'_>> = files
        .iter()
        .map(|f| SourceText::new(&f.path, &f.text))
        .collect();
    let mut problems = Vec::new();
    let mut corpus = Corpus::default();
    let mut entries = Vec::new();
    let mut places = Places::default();
    let mut raw_rules: Vec<RawRule> = Vec::new();
    let mut seen_top = HashSet::new();

    for (index, source) in texts.iter().enumerate() {
        let (folder, name) = match source.path.rsplit_once('/') {
            Some((folder, name)) => (Some(folder), name),
            None => (None, source.path),
        };
        match folder {
            None => {
                let Some(&(file, table)) = TOP_FILES.iter().find(|(f, _)| *f == name) else {
                    problems.push(Problem::in_file(
                        source.path.to_string(),
                        "fichier inattendu à la racine du corpus (voir corpus/FORMAT.md)".into(),
                    ));
                    continue;
                };
                seen_top.insert(file);
                if file == "competences.toml" {
                    for (s, c) in parse_tables::<Competence>(source, table, &mut problems)
                        .unwrap_or_default()
                    {
                        corpus.competences.push(Competence {
                            origin: origin(source, &s),
                            ..c
                        });
                        places.competences.push((index, s));
                    }
                    continue;
                }
                if file == "faits.toml" {
                    let items = parse_tables::<FactWording>(source, table, &mut problems);
                    let (spans, facts): (Vec<Spans>, Vec<FactWording>) =
                        items.unwrap_or_default().into_iter().unzip();
                    corpus.facts = facts;
                    places.vocabularies.insert(file, (index, spans));
                    continue;
                }
                if file == "hors-champ.toml" {
                    let items = parse_tables::<OutOfScope>(source, table, &mut problems);
                    let (spans, subjects): (Vec<Spans>, Vec<OutOfScope>) =
                        items.unwrap_or_default().into_iter().unzip();
                    corpus.out_of_scope = subjects;
                    places.vocabularies.insert(file, (index, spans));
                    continue;
                }
                if file == "renommages.toml" {
                    let items = parse_tables::<Renaming>(source, table, &mut problems);
                    let (spans, renamings): (Vec<Spans>, Vec<Renaming>) =
                        items.unwrap_or_default().into_iter().unzip();
                    corpus.renamings = renamings;
                    places.vocabularies.insert(file, (index, spans));
                    continue;
                }
                if file == "sources.toml" {
                    let items = parse_tables::<SourceDoc>(source, table, &mut problems);
                    let (spans, sources): (Vec<Spans>, Vec<SourceDoc>) =
                        items.unwrap_or_default().into_iter().unzip();
                    corpus.sources = sources;
                    places.vocabularies.insert(file, (index, spans));
                    continue;
                }
                // Each vocabulary has its own kind of id.
                let spans = match file {
                    "themes.toml" => vocables(source, table, &mut problems, &mut corpus.themes),
                    "territoires.toml" => {
                        vocables(source, table, &mut problems, &mut corpus.territories)
                    }
                    "collectivites.toml" => {
                        vocables(source, table, &mut problems, &mut corpus.collectivities)
                    }
                    "departements.toml" => {
                        vocables(source, table, &mut problems, &mut corpus.departements)
                    }
                    _ => vocables(source, table, &mut problems, &mut corpus.intents),
                };
                if let Some(spans) = spans {
                    places.vocabularies.insert(file, (index, spans));
                }
            }
            Some("regles") => {
                for (s, rule) in
                    parse_tables::<RawRule>(source, "regle", &mut problems).unwrap_or_default()
                {
                    raw_rules.push(rule);
                    places.rules.push((index, s));
                }
            }
            Some(folder) => match Kind::from_folder(folder) {
                Some(Kind::Parametre) => {
                    if let Some((s, mut entry)) = parse_entry::<Entry>(source, &mut problems) {
                        entry.kind = Kind::Parametre;
                        entry.origin = origin(source, &s);
                        entries.push(entry);
                        places.entries.push((index, s));
                    }
                }
                Some(kind) => {
                    for (s, mut entry) in parse_tables::<Entry>(source, kind.as_str(), &mut problems)
                        .unwrap_or_default()
                    {
                        entry.kind = kind;
                        entry.origin = origin(source, &s);
                        entries.push(entry);
                        places.entries.push((index, s));
                    }
                }
                None => problems.push(Problem::in_file(
                    source.path.to_string(),
                    format!("dossier « {folder} » inconnu (voir corpus/FORMAT.md pour les dossiers permis)"),
                )),
            },
        }
    }
    for (required, _) in TOP_FILES {
        if !seen_top.contains(required) && !OPTIONAL_TOP_FILES.contains(&required) {
            problems.push(Problem::in_file(
                required.into(),
                "fichier obligatoire absent".into(),
            ));
        }
    }
    let mut corpus = corpus.with_entries(entries);
    if problems.is_empty() {
        let checker = Checker {
            corpus: &corpus,
            texts: &texts,
            places: &places,
            problems: &mut problems,
            ids: HashMap::new(),
        };
        let rules = checker.run(&raw_rules);
        corpus.rules = rules;
    }
    if problems.is_empty() {
        Ok(corpus)
    } else {
        Err(CorpusError::Invalid(problems))
    }
}

/// Where an item is: its file and the line of its `id` (of the table when it has none).
fn origin(source: &SourceText<'_>, spans: &Spans) -> Origin {
    Origin {
        file: source.path.to_string(),
        line: source.locate(spans.field("id")).0,
    }
}

/// Parses a file that is one entry (a parameter): its spans and content, or a French problem
/// at the place the parser stopped.
fn parse_entry<T: DeserializeOwned>(
    source: &SourceText<'_>,
    problems: &mut Vec<Problem>,
) -> Option<(Spans, T)> {
    let root = match DeTable::parse(source.text()) {
        Ok(root) => root,
        Err(err) => {
            problems.push(toml_problem(source, err.span(), err.message()));
            return None;
        }
    };
    let spans = Spans::of(root.get_ref(), root.span());
    match T::deserialize(toml::de::Deserializer::from(root)) {
        Ok(value) => Some((spans, value)),
        Err(err) => {
            problems.push(toml_problem(source, err.span(), err.message()));
            None
        }
    }
}

/// Parses a file of `[[table]]` entries, each with its spans. Every entry that fails is
/// reported; the file is refused when one does.
/// The vocables of one file into `target`, and their spans; `None` when the file does not parse.
fn vocables<I: DeserializeOwned>(
    source: &SourceText<'_>,
    table: &str,
    problems: &mut Vec<Problem>,
    target: &mut Vec<Vocable<I>>,
) -> Option<Vec<Spans>> {
    let (spans, items) = parse_tables::<Vocable<I>>(source, table, problems)?
        .into_iter()
        .unzip();
    *target = items;
    Some(spans)
}

fn parse_tables<T: DeserializeOwned>(
    source: &SourceText<'_>,
    table: &str,
    problems: &mut Vec<Problem>,
) -> Option<Vec<(Spans, T)>> {
    let root = match DeTable::parse(source.text()) {
        Ok(root) => root,
        Err(err) => {
            problems.push(toml_problem(source, err.span(), err.message()));
            return None;
        }
    };
    let before = problems.len();
    let mut out = Vec::new();
    for (key, value) in root.into_inner() {
        if key.get_ref().as_ref() != table {
            let folder = source.path.rsplit_once('/').map_or("", |(f, _)| f);
            let place = if folder.is_empty() {
                "ce fichier".to_string()
            } else {
                format!("le dossier « {folder} »")
            };
            problems.push(source.problem_at(
                key.span().start,
                None,
                format!(
                    "{place} ne contient que des entrées [[{table}]], pas « {} »",
                    key.get_ref()
                ),
            ));
            continue;
        }
        let span = value.span();
        let toml::de::DeValue::Array(items) = value.into_inner() else {
            problems.push(source.problem_at(
                span.start,
                Some(table),
                format!("des entrées [[{table}]] sont attendues"),
            ));
            continue;
        };
        for item in items.iter().cloned() {
            let toml::de::DeValue::Table(t) = item.get_ref() else {
                problems.push(source.problem_at(
                    item.span().start,
                    Some(table),
                    format!("des entrées [[{table}]] sont attendues"),
                ));
                continue;
            };
            let spans = Spans::of(t, item.span());
            match T::deserialize(toml::de::ValueDeserializer::from(item)) {
                Ok(value) => out.push((spans, value)),
                Err(err) => problems.push(toml_problem(source, err.span(), err.message())),
            }
        }
    }
    (problems.len() == before).then_some(out)
}

/// A problem from the TOML parser or from serde, said in French, at its span.
fn toml_problem(
    source: &SourceText<'_>,
    span: Option<std::ops::Range<usize>>,
    message: &str,
) -> Problem {
    let at = span.as_ref().map_or(0, |s| s.start);
    let (line, _) = source.locate(at);
    let (field, text) = translate(message, key_on_line(source.line_text(line)));
    let mut p = source.problem_at(at, None, text);
    p.field = field;
    if span.is_none() {
        p.line = None;
        p.column = None;
        p.excerpt = None;
    }
    p
}

/// Says in French what toml/serde said in English; passes our own French messages on.
fn translate(message: &str, key_at_line: Option<String>) -> (Option<String>, String) {
    let quoted = |m: &str| m.split('`').nth(1).map(str::to_string);
    let first = message.lines().next().unwrap_or(message).trim();
    if let Some(french) = message.find(FRENCH_MARK) {
        let text = &message[french + FRENCH_MARK.len()..];
        let text = text.lines().next().unwrap_or(text);
        return (key_at_line, text.to_string());
    }
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
    } else if let Some(rest) = first.strip_prefix("unknown variant ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = expected.trim_start_matches("one of ").replace('`', "");
        (
            key_at_line,
            format!(
                "valeur « {} » non permise ; valeurs permises : {expected}",
                got.trim_matches('`')
            ),
        )
    } else if first.starts_with("duplicate key") {
        (
            quoted(first).or(key_at_line),
            "clé présente deux fois".into(),
        )
    } else if first.starts_with("invalid value") || first.starts_with("invalid length") {
        (key_at_line, format!("valeur invalide ({first})"))
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

/// The key assigned on a line (`themes = [...]` gives `themes`).
fn key_on_line(line: &str) -> Option<String> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.contains(' ') && !key.starts_with('#')).then(|| key.to_string())
}

/// The checks across files: ids, vocabularies, references, kind-specific fields, dated values,
/// and the rules with their conditions.
struct Checker<'a, 't> {
    corpus: &'a Corpus,
    texts: &'a [SourceText<'t>],
    places: &'a Places,
    problems: &'a mut Vec<Problem>,
    /// Every id of an entry or a rule: the file and byte offset of its first `id`.
    ids: HashMap<&'a str, (usize, usize)>,
}

impl<'a> Checker<'a, '_> {
    fn report(&mut self, file: usize, at: usize, field: &str, message: String) {
        let p = self.texts[file].problem_at(at, Some(field), message);
        self.problems.push(p);
    }

    fn run(mut self, raw_rules: &'a [RawRule]) -> Vec<Rule> {
        self.sources();
        self.entries();
        self.competences();
        let rules = self.rules(raw_rules);
        self.related();
        self.renamings();
        self.out_of_scope();
        rules
    }

    /// Records a new id, or reports it at its second occurrence, naming the first.
    fn claim_id(&mut self, id: &'a str, file: usize, at: usize) {
        match self.ids.get(id) {
            Some(&(first_file, first_at)) => {
                let (line, _) = self.texts[first_file].locate(first_at);
                let first = self.texts[first_file].path;
                self.report(
                    file,
                    at,
                    "id",
                    format!("identifiant « {id} » déjà utilisé ({first}, ligne {line})"),
                );
            }
            None => {
                self.ids.insert(id, (file, at));
            }
        }
        if !valid_id(id) {
            self.report(file, at, "id", invalid_id(id));
        }
    }

    /// The number of each legal text appears in its title.
    fn sources(&mut self) {
        let Some((file, spans)) = self.places.vocabularies.get("sources.toml") else {
            return;
        };
        for (source, s) in self.corpus.sources.iter().zip(spans) {
            if let Some(n) = source.number.as_deref() {
                if let Some(message) = not_in_title(&source.title, "le numéro", n) {
                    self.report(*file, s.field("number"), "number", message);
                }
            }
        }
    }

    /// Every entry on its own, and its id across the corpus.
    fn entries(&mut self) {
        let corpus = self.corpus;
        let sources: HashMap<&str, &SourceDoc> =
            corpus.sources.iter().map(|s| (s.key.as_str(), s)).collect();
        let themes = ids_of(&corpus.themes);
        let territories = ids_of(&corpus.territories);
        let levels = ids_of(&corpus.collectivities);

        for (e, (file, spans)) in corpus.entries().zip(&self.places.entries) {
            let (file, at) = (*file, |f: &str| spans.field(f));
            self.claim_id(&e.id, file, at("id"));
            if e.title.trim().is_empty() {
                self.report(file, at("title"), "title", "le titre est vide".into());
            }
            if e.text.trim().is_empty() {
                self.report(file, at("text"), "text", "le texte est vide".into());
            }
            if e.themes.is_empty() {
                self.report(
                    file,
                    at("themes"),
                    "themes",
                    "au moins un thème est requis (voir themes.toml)".into(),
                );
            }
            for t in e.themes.iter().filter(|t| !themes.contains(t.as_str())) {
                self.report(
                    file,
                    at("themes"),
                    "themes",
                    format!("thème inconnu « {t} » (voir themes.toml)"),
                );
            }
            for t in e
                .territories
                .iter()
                .filter(|t| !territories.contains(t.as_str()))
            {
                self.report(
                    file,
                    at("territories"),
                    "territories",
                    format!("territoire inconnu « {t} » (voir territoires.toml)"),
                );
            }
            for t in e.levels.iter().filter(|t| !levels.contains(t.as_str())) {
                self.report(
                    file,
                    at("levels"),
                    "levels",
                    format!("type de collectivité inconnu « {t} » (voir collectivites.toml)"),
                );
            }
            let source_problem = match sources.get(e.source.document.as_str()) {
                None => Some(format!(
                    "document source inconnu « {} » (voir sources.toml)",
                    e.source.document
                )),
                Some(_) if e.source.fiche.is_some() && e.source.document != "kit-municipal" => {
                    Some(
                        "le numéro de fiche ne s'emploie que pour le document « kit-municipal »"
                            .into(),
                    )
                }
                Some(_) if e.source.fiche.is_some_and(|n| !(1..=24).contains(&n)) => {
                    Some("le Kit Municipal ESS compte 24 fiches : numéro hors de 1 à 24".into())
                }
                _ => None,
            };
            if let Some(message) = source_problem {
                self.report(file, at("source"), "source", message);
            }
            let allowed = e.kind.specific_fields();
            for field in e.set_specific_fields() {
                if !allowed.contains(&field) {
                    self.report(
                        file,
                        at(field),
                        field,
                        format!(
                            "champ non permis pour une entrée de type « {} »",
                            e.kind.as_str()
                        ),
                    );
                }
            }
            match e.kind {
                Kind::Glossaire if e.term.is_none() => self.report(
                    file,
                    at("id"),
                    "term",
                    "champ obligatoire absent pour une entrée du glossaire".into(),
                ),
                Kind::Fiche
                    if e.source.document == "kit-municipal"
                        && e.source.fiche.is_some()
                        && e.number.is_none() =>
                {
                    self.report(
                        file,
                        at("id"),
                        "number",
                        "une fiche du kit doit porter son numéro".into(),
                    )
                }
                Kind::Acteur => {
                    if let Some(scope) = e.scope.as_deref().filter(|s| !ACTOR_SCOPES.contains(s)) {
                        self.report(
                            file,
                            at("scope"),
                            "scope",
                            format!(
                                "portée « {scope} » inconnue pour un acteur : {} attendu",
                                ACTOR_SCOPES.join(", ")
                            ),
                        );
                    }
                }
                Kind::Texte if e.until.is_some_and(|to| e.date.is_some_and(|from| to < from)) => {
                    self.report(
                        file,
                        at("until"),
                        "until",
                        "un texte ne peut cesser d'être en vigueur avant d'y être entré (« until » précède « date »)".into(),
                    )
                }
                Kind::Texte => match e.law.as_deref() {
                    None => self.report(
                        file,
                        at("id"),
                        "law",
                        "champ obligatoire absent pour un texte juridique".into(),
                    ),
                    Some(law) if !sources.contains_key(law) => self.report(
                        file,
                        at("law"),
                        "law",
                        format!("texte « {law} » absent de sources.toml"),
                    ),
                    _ => {}
                },
                Kind::Parametre => self.dated_values(e, file, spans, &sources),
                _ => {}
            }
            if let Some(r) = &e.expansion_source {
                let nested = spans.nested("expansion_source", 0);
                self.reference(r, file, nested, at("expansion_source"));
            }
        }
    }

    /// A parameter's dated values: a unit, at least one value, values of that unit, in date
    /// order, each with an official reference.
    fn dated_values(
        &mut self,
        e: &Entry,
        file: usize,
        spans: &Spans,
        sources: &HashMap<&str, &SourceDoc>,
    ) {
        let Some(unit) = e.unit else {
            return self.report(
                file,
                spans.field("id"),
                "unit",
                "champ obligatoire absent pour un paramètre".into(),
            );
        };
        let values = e.values.as_deref().unwrap_or(&[]);
        if values.is_empty() {
            self.report(
                file,
                spans.field("id"),
                "values",
                "un paramètre doit avoir au moins une valeur datée [[values]]".into(),
            );
        }
        for (i, v) in values.iter().enumerate() {
            let here = spans.nested("values", i);
            let at = |f: &str| here.map_or(spans.field("values"), |s| s.field(f));
            if let Some(message) = unit.refuses(&v.value) {
                self.report(file, at("value"), "value", message);
            }
            if let Some(previous) = i.checked_sub(1).map(|j| &values[j]) {
                if v.since <= previous.since {
                    self.report(
                        file,
                        at("since"),
                        "since",
                        format!(
                            "les valeurs datées vont dans l'ordre des dates, sans doublon : le {} ne suit pas le {}",
                            v.since, previous.since
                        ),
                    );
                }
            }
            self.value_reference(&v.reference, file, here, at("reference"));
            self.value_verification(v, file, at("since"), at("checked"));
            if let Some(doc) = v.cited_by.as_deref().filter(|d| !sources.contains_key(d)) {
                self.report(
                    file,
                    at("cited_by"),
                    "cited_by",
                    format!("document « {doc} » absent de sources.toml"),
                );
            }
        }
        for (i, a) in e.announced.iter().enumerate() {
            let here = spans.nested("announced", i);
            let at = |f: &str| here.map_or(spans.field("announced"), |s| s.field(f));
            if let Some(message) = unit.refuses(&a.value) {
                self.report(file, at("value"), "value", message);
            }
            self.value_reference(&a.reference, file, here, at("reference"));
        }
    }

    /// A dated value says the day it was checked against the official text, or why it could
    /// not be; never both, and never a check before the text was signed.
    fn value_verification(&mut self, v: &DatedValue, file: usize, since: usize, checked: usize) {
        let unverified = v.unverified.as_deref().map(str::trim);
        match (v.checked, unverified) {
            (None, None) => self.report(
                file,
                since,
                "checked",
                "une valeur datée donne le jour où elle a été vérifiée sur le texte officiel (checked) ou dit pourquoi elle ne l'a pas été (unverified)".into(),
            ),
            (None, Some("")) => self.report(
                file,
                since,
                "unverified",
                "unverified dit ce qui reste à vérifier : il ne peut pas être vide".into(),
            ),
            (Some(_), Some(_)) => self.report(
                file,
                checked,
                "unverified",
                "une valeur vérifiée (checked) ne peut pas être dite non vérifiée (unverified)".into(),
            ),
            (Some(day), None) => {
                // A day to come was not a day anyone read the text: a typo in the year. A day
                // of slack for the clocks of other time zones.
                let today = chrono::Local::now().date_naive();
                let latest: Date = (today + chrono::Duration::days(1)).into();
                if day > latest {
                    self.report(
                        file,
                        checked,
                        "checked",
                        format!(
                            "vérifiée le {day}, jour qui n'est pas encore venu (nous sommes le {})",
                            Date::from(today)
                        ),
                    );
                }
                if let Some(signed) = v.reference.date.filter(|signed| day < *signed) {
                    self.report(
                        file,
                        checked,
                        "checked",
                        format!("vérifiée le {day}, avant la signature du texte ({signed})"),
                    );
                }
            }
            (None, Some(_)) => {}
        }
    }

    /// The official reference of a value (dated or announced): a title, and fields that say
    /// what it says.
    fn value_reference(&mut self, r: &Reference, file: usize, value: Option<&Spans>, at: usize) {
        if r.title.trim().is_empty() {
            self.report(
                file,
                at,
                "reference",
                "la référence officielle doit avoir un titre".into(),
            );
        }
        let spans = value.and_then(|s| s.nested("reference", 0));
        self.reference(r, file, spans, at);
    }

    /// The structured fields of an official reference say what its title says: the numbers,
    /// the article and the date are written in it. Answers compare references by these
    /// fields, so one that disagrees with its title would merge or split citations wrongly.
    fn reference(&mut self, r: &Reference, file: usize, spans: Option<&Spans>, fallback: usize) {
        let at = |f: &str| spans.map_or(fallback, |s| s.field(f));
        let mut wrong: Vec<(&str, String)> = Vec::new();
        if let Some(n) = r.number.as_deref() {
            wrong.extend(not_in_title(&r.title, "le numéro", n).map(|m| ("number", m)));
        }
        for n in &r.also {
            wrong.extend(not_in_title(&r.title, "le numéro", n).map(|m| ("also", m)));
        }
        if let Some(a) = r.article.as_deref() {
            wrong.extend(not_in_title(&r.title, "l'article", a).map(|m| ("article", m)));
        }
        if let Some(d) = r.date {
            wrong.extend(not_in_title(&r.title, "la date", &french_day(d)).map(|m| ("date", m)));
        }
        for (field, message) in wrong {
            self.report(file, at(field), field, message);
        }
    }

    /// The competence taxonomy, the default competences of each collectivity type, and the
    /// fields only some vocabularies may carry.
    fn competences(&mut self) {
        let corpus = self.corpus;
        let levels = ids_of(&corpus.collectivities);
        let mut known: HashMap<&str, usize> = HashMap::new();
        for (c, (file, spans)) in corpus.competences.iter().zip(&self.places.competences) {
            let (file, at) = (*file, |f: &str| spans.field(f));
            if !valid_id(&c.id) {
                self.report(file, at("id"), "id", invalid_id(&c.id));
            }
            if let Some(first) = known.insert(&c.id, c.origin.line) {
                self.report(
                    file,
                    at("id"),
                    "id",
                    format!("compétence « {} » déjà définie (ligne {first})", c.id),
                );
            }
            if c.label.trim().is_empty() {
                self.report(file, at("label"), "label", "le libellé est vide".into());
            }
            for l in c.levels.iter().filter(|l| !levels.contains(l.as_str())) {
                self.report(
                    file,
                    at("levels"),
                    "levels",
                    format!("type de collectivité inconnu « {l} » (voir collectivites.toml)"),
                );
            }
            if !corpus.sources.iter().any(|s| s.key == c.source.document) {
                self.report(
                    file,
                    at("source"),
                    "source",
                    format!(
                        "document source inconnu « {} » (voir sources.toml)",
                        c.source.document
                    ),
                );
            }
        }
        // (id, whether it lists competences) of the vocabularies other than collectivity types
        let vocabularies: [(&str, Vec<(&str, bool)>); 3] = [
            ("themes.toml", id_and_competences(&corpus.themes)),
            ("territoires.toml", id_and_competences(&corpus.territories)),
            ("intentions.toml", id_and_competences(&corpus.intents)),
        ];
        for (name, vocables) in vocabularies {
            let Some((file, spans)) = self.places.vocabularies.get(name) else {
                continue;
            };
            for ((id, has_competences), s) in vocables.into_iter().zip(spans) {
                if has_competences {
                    self.report(
                        *file,
                        s.field("competences"),
                        "competences",
                        "champ permis seulement pour les types de collectivité (collectivites.toml)"
                            .into(),
                    );
                }
                if name == "intentions.toml" && !INTENTS.contains(&id) {
                    self.report(
                        *file,
                        s.field("id"),
                        "id",
                        format!(
                            "intention « {id} » inconnue du dialogue : {} attendu",
                            INTENTS.join(", ")
                        ),
                    );
                }
            }
        }
        self.fact_wordings();
        if let Some((file, spans)) = self.places.vocabularies.get("collectivites.toml") {
            for (v, s) in corpus.collectivities.iter().zip(spans) {
                if let Some(b) = v.broader.as_deref().filter(|b| !levels.contains(b)) {
                    self.report(
                        *file,
                        s.field("broader"),
                        "broader",
                        format!("type de collectivité inconnu « {b} »"),
                    );
                }
                for c in v.competences.iter().flatten() {
                    if !known.contains_key(c.as_str()) {
                        self.report(
                            *file,
                            s.field("competences"),
                            "competences",
                            format!("compétence inconnue « {c} » (voir competences.toml)"),
                        );
                    }
                }
                for c in &v.optional {
                    if !known.contains_key(c.as_str()) {
                        self.report(
                            *file,
                            s.field("optional"),
                            "optional",
                            format!("compétence inconnue « {c} » (voir competences.toml)"),
                        );
                    }
                }
            }
        }
    }

    /// `faits.toml` words every fact a verdict can miss, and only those, each once with a `{}`
    /// where the value goes.
    fn fact_wordings(&mut self) {
        let Some((file, spans)) = self.places.vocabularies.get("faits.toml") else {
            return;
        };
        let file = *file;
        let mut expected: Vec<&str> = Fact::ALL
            .iter()
            .filter(|f| **f != Fact::Date)
            .map(|f| f.profile_field())
            .collect();
        expected.push("competences");
        expected.dedup();
        let mut seen = HashSet::new();
        for (f, s) in self.corpus.facts.iter().zip(spans) {
            if !expected.contains(&f.id.as_str()) {
                self.report(
                    file,
                    s.field("id"),
                    "id",
                    format!(
                        "fait « {} » inconnu : {} attendu",
                        f.id,
                        expected.join(", ")
                    ),
                );
            } else if !seen.insert(f.id.as_str()) {
                self.report(
                    file,
                    s.field("id"),
                    "id",
                    format!("fait « {} » décrit deux fois", f.id),
                );
            }
            if f.quantity.is_some() == f.cues.is_empty() {
                self.report(
                    file,
                    s.field(if f.cues.is_empty() { "quantity" } else { "cues" }),
                    if f.cues.is_empty() { "cues" } else { "quantity" },
                    "« quantity » et « cues » vont ensemble : le genre de nombre qui dit ce fait, et les mots qui l'annoncent".into(),
                );
            }
            for cue in &f.cues {
                let folded = cue.to_lowercase();
                let well_formed = !cue.trim().is_empty()
                    && folded == *cue
                    && cue.is_ascii()
                    && !cue.trim_end_matches('*').contains('*');
                if !well_formed {
                    self.report(
                        file,
                        s.field("cues"),
                        "cues",
                        format!("indice « {cue} » : écrivez-le en minuscules sans accents, une « * » finale au plus"),
                    );
                }
            }
            let other_readings = [
                (
                    "counts_as",
                    f.counts_as.as_ref().map(|o| (&o.fact, &o.when)),
                ),
                ("instead", f.instead.as_ref().map(|o| (&o.fact, &o.when))),
            ];
            for (field, other) in other_readings {
                let Some((fact, when)) = other else { continue };
                let same_kind = self
                    .corpus
                    .facts
                    .iter()
                    .any(|g| &g.id == fact && g.id != f.id && g.quantity == f.quantity);
                if !same_kind || when.is_empty() {
                    self.report(
                        file,
                        s.field(field),
                        field,
                        format!("« {field} » doit nommer un autre fait, du même genre de nombre, et les mots qui le font lire (« {fact} » ne convient pas)"),
                    );
                }
            }
            if f.shown.matches("{}").count() != 1 {
                self.report(
                    file,
                    s.field("shown"),
                    "shown",
                    "« shown » doit contenir une fois « {} », là où va la valeur".into(),
                );
            }
        }
        for missing in expected.iter().filter(|id| !seen.contains(*id)) {
            let p = Problem::in_file(
                "faits.toml".into(),
                format!("le fait « {missing} » n'a pas de formulation [[fait]]"),
            );
            self.problems.push(p);
        }
    }

    /// Every rule: its fields, references and levers, and its conditions compiled and checked
    /// against the corpus.
    fn rules(&mut self, raw_rules: &'a [RawRule]) -> Vec<Rule> {
        let corpus = self.corpus;
        let themes = ids_of(&corpus.themes);
        let vocabulary = CorpusVocabulary::new(corpus);
        let kinds: HashMap<&str, Kind> =
            corpus.entries().map(|e| (e.id.as_str(), e.kind)).collect();
        let mut rules = Vec::with_capacity(raw_rules.len());
        for (r, (file, spans)) in raw_rules.iter().zip(&self.places.rules) {
            let (file, at) = (*file, |f: &str| spans.field(f));
            let before = self.problems.len();
            self.claim_id(&r.id, file, at("id"));
            for (field, value) in [
                ("title", &r.title),
                ("then", &r.then),
                ("explanation", &r.explanation),
            ] {
                if value.trim().is_empty() {
                    self.report(file, at(field), field, "ce champ est vide".into());
                }
            }
            if r.references.is_empty() {
                self.report(
                    file,
                    at("references"),
                    "references",
                    "une règle doit citer au moins un texte ou une fiche".into(),
                );
            }
            for id in &r.references {
                let known =
                    kinds.contains_key(id.as_str()) || corpus.sources.iter().any(|s| &s.key == id);
                if !known {
                    self.report(file, at("references"), "references", format!("référence « {id} » inconnue : ni une entrée du corpus ni une clé de sources.toml"));
                }
            }
            for t in r.themes.iter().filter(|t| !themes.contains(t.as_str())) {
                self.report(
                    file,
                    at("themes"),
                    "themes",
                    format!("thème inconnu « {t} » (voir themes.toml)"),
                );
            }
            for l in &r.levers {
                match kinds.get(l.as_str()) {
                    Some(Kind::Levier) => {}
                    Some(_) => self.report(
                        file,
                        at("levers"),
                        "levers",
                        format!("« {l} » n'est pas un levier"),
                    ),
                    None => self.report(
                        file,
                        at("levers"),
                        "levers",
                        format!("levier « {l} » inconnu"),
                    ),
                }
            }
            for fact in &r.bears_on {
                if !Fact::ALL.iter().any(|f| f.profile_field() == fact) {
                    self.report(
                        file,
                        at("bears_on"),
                        "bears_on",
                        format!("fait « {fact} » inconnu : un champ du profil est attendu"),
                    );
                }
            }
            for t in r
                .only_for
                .iter()
                .filter(|t| !corpus.collectivities.iter().any(|c| c.id == t.as_str()))
            {
                self.report(
                    file,
                    at("only_for"),
                    "only_for",
                    format!("type de collectivité inconnu « {t} » (voir collectivites.toml)"),
                );
            }
            let lever_rule = r.kind == RuleKind::Levier;
            if lever_rule && r.levers.is_empty() {
                self.report(
                    file,
                    at("levers"),
                    "levers",
                    "une règle de type « levier » doit nommer au moins un levier".into(),
                );
            }
            if !lever_rule && !r.levers.is_empty() {
                self.report(
                    file,
                    at("levers"),
                    "levers",
                    "champ réservé aux règles de type « levier »".into(),
                );
            }
            if !lever_rule && (r.partner.is_some() || r.partner_condition.is_some()) {
                self.report(
                    file,
                    at("partner_condition"),
                    "partner_condition",
                    "champ réservé aux règles de type « levier »".into(),
                );
            }
            if r.partner.is_some() != r.partner_condition.is_some() {
                self.report(
                    file,
                    at("partner"),
                    "partner",
                    "« partner » et « partner_condition » vont ensemble".into(),
                );
            }
            let condition = self.compile(file, "condition", &r.condition, &vocabulary);
            let partner_condition = r
                .partner_condition
                .as_ref()
                .map(|c| self.compile(file, "partner_condition", c, &vocabulary));
            let rule = Rule {
                id: r.id.clone(),
                kind: r.kind,
                title: r.title.clone(),
                condition: condition.unwrap_or_else(placeholder_condition),
                then: r.then.clone(),
                otherwise: r.otherwise.clone(),
                explanation: r.explanation.clone(),
                references: r.references.clone(),
                themes: r.themes.clone(),
                levers: r.levers.clone(),
                partner_condition: partner_condition
                    .map(|c| c.unwrap_or_else(placeholder_condition)),
                partner: r.partner.clone(),
                plain_answer: r.plain_answer,
                bears_on: r.bears_on.clone(),
                only_for: r.only_for.clone(),
                origin: Origin {
                    file: self.texts[file].path.to_string(),
                    line: self.texts[file].locate(at("id")).0,
                },
            };
            for (field, id) in rule.placeholders() {
                if vocabulary.param_unit(&id).is_none() {
                    self.report(
                        file,
                        at(field),
                        field,
                        format!("{{param:{id}}} : paramètre « {id} » inconnu (voir corpus/data/parametres/)"),
                    );
                }
            }
            if self.problems.len() == before {
                rules.push(rule);
            }
        }
        rules
    }

    /// Parses and checks a condition; a problem points at the character at fault in the file.
    fn compile(
        &mut self,
        file: usize,
        field: &str,
        source: &Spanned<String>,
        vocabulary: &CorpusVocabulary<'_>,
    ) -> Option<Condition> {
        let text = source.get_ref();
        let compiled = condition::parse(text).and_then(|expr| {
            condition::check(&expr, vocabulary)?;
            Ok(expr)
        });
        match compiled {
            Ok(expr) => Some(Condition {
                text: text.clone(),
                expr,
            }),
            Err(err) => {
                let at = char_offset_in_file(self.texts[file].text(), source, err.position);
                self.report(
                    file,
                    at,
                    field,
                    format!(
                        "{} (position {} de la condition)",
                        err.message, err.position
                    ),
                );
                None
            }
        }
    }

    /// `related` ids name entries of the corpus.
    fn related(&mut self) {
        let corpus = self.corpus;
        for (e, (file, spans)) in corpus.entries().zip(&self.places.entries) {
            let dangling: Vec<&EntryId> = e
                .related
                .iter()
                .filter(|r| !self.ids.contains_key(r.as_str()))
                .collect();
            for r in dangling {
                self.report(
                    *file,
                    spans.field("related"),
                    "related",
                    format!("renvoi vers « {r} », qui n'existe pas dans le corpus"),
                );
            }
        }
    }
}

impl<'a> Checker<'a, '_> {
    /// A real id, said once in its file (`what`: the kind of item, for the message).
    fn check_id(
        &mut self,
        file: usize,
        at: usize,
        id: &'a str,
        what: &str,
        seen: &mut HashSet<&'a str>,
    ) {
        if !valid_id(id) {
            self.report(file, at, "id", invalid_id(id));
        }
        if !seen.insert(id) {
            self.report(file, at, "id", format!("{what} « {id} » décrit deux fois"));
        }
    }

    /// Each subject outside the documents: a real id, once; a label; phrases, none empty.
    fn out_of_scope(&mut self) {
        let Some((file, spans)) = self.places.vocabularies.get("hors-champ.toml") else {
            return;
        };
        let file = *file;
        let mut seen = HashSet::new();
        for (subject, s) in self.corpus.out_of_scope.iter().zip(spans) {
            self.check_id(file, s.field("id"), &subject.id, "sujet", &mut seen);
            if subject.label.trim().is_empty() {
                self.report(
                    file,
                    s.field("label"),
                    "label",
                    "le libellé est vide".into(),
                );
            }
            if subject.phrases.is_empty() || subject.phrases.iter().any(|p| p.trim().is_empty()) {
                self.report(
                    file,
                    s.field("phrases"),
                    "phrases",
                    "il faut au moins une expression, et aucune vide".into(),
                );
            }
        }
    }

    /// Each renaming: a real id, once; a notice that names the new name and the date (its
    /// `when`, or the day in French); spellings that are not empty; a source to read; the
    /// entries it names exist.
    fn renamings(&mut self) {
        let Some((file, spans)) = self.places.vocabularies.get("renommages.toml") else {
            return;
        };
        let file = *file;
        let mut seen = HashSet::new();
        for (r, s) in self.corpus.renamings.iter().zip(spans) {
            self.check_id(file, s.field("id"), &r.id, "renommage", &mut seen);
            if r.old.trim().is_empty() || r.new.trim().is_empty() || r.old == r.new {
                self.report(
                    file,
                    s.field("new"),
                    "new",
                    "l'ancien et le nouveau nom sont requis et diffèrent".into(),
                );
            }
            if r.forms.iter().any(|f| f.trim().is_empty()) {
                self.report(
                    file,
                    s.field("forms"),
                    "forms",
                    "une graphie de l'ancien nom est vide".into(),
                );
            }
            let day = r.when.clone().unwrap_or_else(|| french_day(r.date));
            for (what, needed) in [("le nouveau nom", r.new.as_str()), ("la date", &day)] {
                if !r.text.contains(needed) {
                    self.report(
                        file,
                        s.field("text"),
                        "text",
                        format!("le texte doit donner {what} « {needed} »"),
                    );
                }
            }
            if !(r.source.url.starts_with("https://") || r.source.url.starts_with("http://"))
                || r.source.title.trim().is_empty()
            {
                self.report(
                    file,
                    s.field("source"),
                    "source",
                    "la source doit avoir un titre et une adresse http(s)".into(),
                );
            }
            if r.checked < r.date {
                self.report(
                    file,
                    s.field("checked"),
                    "checked",
                    format!(
                        "vérifié le {} : avant le changement de nom du {}",
                        r.checked, r.date
                    ),
                );
            }
            for e in &r.entries {
                match self.corpus.entry(e.as_str()) {
                    None => self.report(
                        file,
                        s.field("entries"),
                        "entries",
                        format!("entrée « {e} » absente du corpus"),
                    ),
                    Some(x) if !x.text.contains(r.new.as_str()) => self.report(
                        file,
                        s.field("entries"),
                        "entries",
                        format!(
                            "l'entrée « {e} » doit donner le nouveau nom « {} » dans son texte",
                            r.new
                        ),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}

/// Never kept: a rule whose condition fails is reported and left out of the corpus.
fn placeholder_condition() -> Condition {
    Condition {
        text: String::new(),
        expr: condition::Expr {
            kind: condition::ExprKind::Bool(false),
            start: 0,
            end: 0,
        },
    }
}

/// The byte offset in the file of the `position`-th character (from 1) of a string value. The
/// string starts after its opening quotes (and the newline that may follow `"""`); where the
/// file's text differs from the value (escapes), the value's start is the best guess.
fn char_offset_in_file(file_text: &str, value: &Spanned<String>, position: usize) -> usize {
    let span = value.span();
    let raw = file_text.get(span.clone()).unwrap_or("");
    let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else {
        1
    };
    let mut start = span.start + quote.min(raw.len());
    if quote == 3 {
        let after = &file_text[start..];
        if let Some(rest) = after.strip_prefix("\r\n") {
            start = file_text.len() - rest.len();
        } else if let Some(rest) = after.strip_prefix('\n') {
            start = file_text.len() - rest.len();
        }
    }
    let content = &file_text[start..];
    if !content.starts_with(value.get_ref().as_str()) {
        return start;
    }
    let index = position.saturating_sub(1);
    start
        + value
            .get_ref()
            .char_indices()
            .nth(index)
            .map_or(value.get_ref().len(), |(i, _)| i)
}

/// What the condition checker needs to know of the corpus.
struct CorpusVocabulary<'a>(&'a Corpus, HashMap<&'a str, Unit>);

impl<'a> CorpusVocabulary<'a> {
    fn new(corpus: &'a Corpus) -> CorpusVocabulary<'a> {
        let units = corpus
            .entries_of(Kind::Parametre)
            .filter_map(|e| Some((e.id.as_str(), e.unit?)))
            .collect();
        CorpusVocabulary(corpus, units)
    }
}

impl Vocabulary for CorpusVocabulary<'_> {
    fn param_unit(&self, id: &str) -> Option<Unit> {
        self.1.get(id).copied()
    }

    fn is_competence(&self, id: &str) -> bool {
        self.0.competence(id).is_some()
    }

    fn values_of(&self, fact: Fact) -> Option<Vec<String>> {
        // In file order, as error messages list them.
        fn ids<I: AsRef<str>>(vocables: &[Vocable<I>]) -> Vec<String> {
            vocables.iter().map(|v| v.id.as_ref().to_owned()).collect()
        }
        match fact {
            Fact::Type => Some(ids(&self.0.collectivities)),
            Fact::Territoire => Some(ids(&self.0.territories)),
            Fact::Niveau => {
                let mut levels: Vec<String> = self
                    .0
                    .collectivities
                    .iter()
                    .filter_map(|c| c.level.clone())
                    .collect();
                levels.sort();
                levels.dedup();
                Some(levels)
            }
            _ => None,
        }
    }
}

/// Why `value` (`what`: « le numéro », « l'article »…) is not in `title`; `None` when it is.
fn not_in_title(title: &str, what: &str, value: &str) -> Option<String> {
    (value.trim().is_empty() || !title.contains(value))
        .then(|| format!("{what} « {value} » n'apparaît pas dans le titre « {title} »"))
}

/// A day as titles of French and EU texts write it: « 1er avril 2020 », « 2 mai 2022 ».
fn french_day(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let month = MONTHS[(d.month() as usize).saturating_sub(1).min(11)];
    match d.day() {
        1 => format!("1er {month} {}", d.year()),
        n => format!("{n} {month} {}", d.year()),
    }
}

fn ids_of<I: AsRef<str>>(vocables: &[Vocable<I>]) -> HashSet<&str> {
    vocables.iter().map(|v| v.id.as_ref()).collect()
}

fn id_and_competences<I: AsRef<str>>(vocables: &[Vocable<I>]) -> Vec<(&str, bool)> {
    vocables
        .iter()
        .map(|v| (v.id.as_ref(), v.competences.is_some()))
        .collect()
}

fn invalid_id(id: &str) -> String {
    format!("identifiant « {id} » invalide : lettres minuscules sans accents, chiffres et tirets seulement")
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
