//! The answer: what a person reads, and the JSON that applications rely on (see the README's
//! "Answers in JSON" section and `../shared/GUIDE.md` §3).

use ess_corpus::{Corpus, Entry, EntryId, Kind, RuleId, SourceKey, ThemeId};
use schemars::JsonSchema;
use serde::Serialize;

use crate::profile::Profile;
use crate::verdict::Verdict;

/// One answer to one question.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Answer {
    /// The question as asked.
    pub question: String,
    /// The date the answer holds for (`YYYY-MM-DD` in JSON).
    pub date: ess_corpus::Date,
    /// What the question asks for.
    #[schemars(extend("enum" = [
        "leviers", "obligations", "seuil", "chiffres", "indicateurs", "exemples", "definition", "acteurs",
        "ressources", "fiche", "comparaison", "date", "pourquoi", "aide", "salutation", "remerciement", "profil",
        "hors_sujet"
    ]))]
    pub intent: String,
    /// What was understood of the asker (with what earlier turns said).
    pub profile: Profile,
    /// Theme ids the question was understood to be about.
    pub themes: Vec<ThemeId>,
    /// The answer for a person, in French, with its citations: the texts of `sections`,
    /// separated by a blank line.
    #[schemars(length(min = 1))]
    pub text: String,
    /// The parts of `text`, in reading order, each with what it is and what it cites: an
    /// application shows the direct answer, the verdicts or the levers as it likes.
    pub sections: Vec<Section>,
    /// Entries found, best first.
    pub items: Vec<Item>,
    /// Legal obligations evaluated for the profile.
    pub obligations: Vec<Verdict>,
    /// A clarifying question, when one fact would sharpen the answer.
    pub follow_up: Option<String>,
    /// What the question stated that the engine did not retain, and why, in French: a
    /// negative count, an amount it could not attribute, a day that does not exist.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
}

/// One part of an answer's text.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Section {
    /// What the part is.
    pub kind: SectionKind,
    /// Its heading (« Leviers d'action : »), for a part that has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Its text as in the answer's `text`, heading included.
    pub text: String,
    /// The entries it cites, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<EntryId>,
    /// The rules whose verdicts it gives, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verdicts: Vec<RuleId>,
}

impl Section {
    /// A part made of text alone.
    pub(crate) fn text(kind: SectionKind, text: impl Into<String>) -> Section {
        Section {
            kind,
            heading: None,
            text: text.into(),
            items: Vec::new(),
            verdicts: Vec::new(),
        }
    }

    /// A part under a heading: the heading, then its lines.
    pub(crate) fn headed(kind: SectionKind, heading: String, lines: &[String]) -> Section {
        let mut text = heading.clone();
        for line in lines {
            text.push('\n');
            text.push_str(line);
        }
        Section {
            kind,
            heading: Some(heading),
            text,
            items: Vec::new(),
            verdicts: Vec::new(),
        }
    }
}

/// What a part of an answer is, in the order parts usually come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// What was not retained of the question, or an old name it used (« À noter : … »).
    ANoter,
    /// The collectivity recognised in the question.
    Lieu,
    /// The answer itself: « Oui. », « Non. », « Cela dépend … », the value in force.
    Reponse,
    /// The legal verdicts for the asker's profile, with their references.
    Droit,
    /// The sentence that says what the answer is about.
    Introduction,
    /// The definition asked for.
    Definition,
    /// The kit fiche asked for.
    Fiche,
    /// Levers a collectivity can pull.
    Leviers,
    /// Examples from territories.
    Exemples,
    /// Legal texts.
    CadreJuridique,
    /// Legal values in force at the date.
    ValeursLegales,
    /// Actors to contact.
    Acteurs,
    /// Definitions of the terms met.
    Definitions,
    /// Key figures.
    Chiffres,
    /// Indicators to follow.
    Indicateurs,
    /// Further reading.
    Ressources,
    /// The fiches of reference.
    Fiches,
    /// The official texts behind the legal verdicts, each with its address on a line of its own.
    TextesOfficiels,
    /// The current names of renamed bodies the answer cites.
    NomsActuels,
    /// The facts about the asker the answer used.
    Faits,
    /// A question that would sharpen the answer.
    Precision,
    /// A whole answer of one message: help, greeting, thanks, a question outside the documents,
    /// nothing found.
    Message,
}

/// The text of an answer made of these parts.
pub(crate) fn join(sections: &[Section]) -> String {
    let texts: Vec<&str> = sections.iter().map(|s| s.text.as_str()).collect();
    texts.join("\n\n")
}

/// An entry of the knowledge base, as cited by an answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Item {
    /// What the entry is.
    pub kind: Kind,
    /// Its id in the corpus.
    pub id: EntryId,
    /// Its title.
    pub title: String,
    /// Its text in one sentence (at most about 220 characters), for a list of results.
    pub summary: String,
    /// Where a person reads it: its own link, the official text of its law, or its source
    /// document's page.
    pub url: Option<String>,
    /// How well it matches, higher is better.
    pub score: f32,
    /// Where it comes from.
    pub source: ItemSource,
    /// "Kit Municipal ESS (éd. 2020), fiche 10, p. 21".
    pub citation: String,
}

/// Where an item comes from: document, kit fiche and page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ItemSource {
    /// The document's key (`kit-municipal`…).
    pub document: SourceKey,
    /// The kit fiche's number, for the kit.
    pub fiche: Option<u32>,
    /// The page, when known.
    pub page: Option<u32>,
}

impl Item {
    /// The item for an entry of the corpus, with its score.
    pub fn new(corpus: &Corpus, entry: &Entry, score: f32) -> Item {
        Item {
            kind: entry.kind,
            id: entry.id.clone(),
            title: entry.title.clone(),
            summary: crate::french::summary(&entry.text, 220),
            url: corpus.where_to_read(entry).map(|(_, url)| url.to_string()),
            score: (score * 1000.0).round() / 1000.0,
            source: ItemSource {
                document: entry.source.document.clone(),
                fiche: entry.source.fiche,
                page: entry.source.page,
            },
            citation: corpus.citation(&entry.source),
        }
    }
}

/// A line of `ess ask --json` that is not an answer: what went wrong, in French, and where.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ErrorLine {
    /// The message, in French.
    #[schemars(length(min = 1))]
    pub error: String,
    /// The line read (`ess ask --json -`), or the rank of the question given as argument.
    pub line: usize,
}

/// One line of `ess ask --json`.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // Only its schema is used.
enum Line {
    Answer(Box<Answer>),
    Error(ErrorLine),
}

/// The JSON Schema (draft 2020-12) of a line of `ess ask --json`: an answer or an error. The
/// file `repl/schema/answer.schema.json` is this, and a test keeps them equal.
pub fn answer_line_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut schema = serde_json::to_value(generator.into_root_schema_for::<Line>())
        .unwrap_or(serde_json::Value::Null);
    if let Some(root) = schema.as_object_mut() {
        root.insert(
            "$id".into(),
            "https://ess.example/answer.schema.json".into(),
        );
        root.insert("title".into(), "Une ligne JSON de `ess ask --json`".into());
        root.insert(
            "description".into(),
            "Chaque ligne écrite par `ess ask --json` est une réponse, ou une erreur quand la question ne peut pas être traitée. Des champs peuvent s'ajouter ; aucun n'est retiré ni renommé."
                .into(),
        );
    }
    schema
}
