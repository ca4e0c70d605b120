//! The shapes of the knowledge base, as read from `corpus/data` and as exported.

use serde::{Deserialize, Serialize};

/// What an entry is. The TOML table name (`[[levier]]`) and the `kind` of an answer's item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Fiche,
    Levier,
    Exemple,
    Chiffre,
    Indicateur,
    Ressource,
    Acteur,
    Glossaire,
    Texte,
    Parametre,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Fiche,
        Kind::Levier,
        Kind::Exemple,
        Kind::Chiffre,
        Kind::Indicateur,
        Kind::Ressource,
        Kind::Acteur,
        Kind::Glossaire,
        Kind::Texte,
        Kind::Parametre,
    ];

    /// The name used in TOML tables and JSON (`levier`, `exemple`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Fiche => "fiche",
            Kind::Levier => "levier",
            Kind::Exemple => "exemple",
            Kind::Chiffre => "chiffre",
            Kind::Indicateur => "indicateur",
            Kind::Ressource => "ressource",
            Kind::Acteur => "acteur",
            Kind::Glossaire => "glossaire",
            Kind::Texte => "texte",
            Kind::Parametre => "parametre",
        }
    }

    /// The folder of `corpus/data` that holds entries of this kind.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Fiche => "fiches",
            Kind::Levier => "leviers",
            Kind::Exemple => "exemples",
            Kind::Chiffre => "chiffres",
            Kind::Indicateur => "indicateurs",
            Kind::Ressource => "ressources",
            Kind::Acteur => "acteurs",
            Kind::Glossaire => "glossaire",
            Kind::Texte => "textes",
            Kind::Parametre => "parametres",
        }
    }

    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The optional fields an entry of this kind may carry beyond the common ones.
    /// Kept as data so that the validator and FORMAT.md say the same thing.
    pub fn specific_fields(self) -> &'static [&'static str] {
        match self {
            Kind::Fiche => &["number", "category", "pages", "see_also"],
            Kind::Levier | Kind::Indicateur => &[],
            Kind::Exemple => &[
                "place",
                "departement",
                "region",
                "actor",
                "collectivity",
                "population",
                "year",
                "facts",
            ],
            Kind::Chiffre => &["value", "year", "scope"],
            Kind::Ressource => &["url", "author", "year"],
            Kind::Acteur => &["scope", "region", "url"],
            Kind::Glossaire => &["term", "expansion", "expansion_source", "synonyms"],
            Kind::Texte => &["law", "article", "date", "until"],
            Kind::Parametre => &["unit", "values"],
        }
    }
}

/// Where an entry comes from: a source document, and where in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// A key of `sources.toml` (`kit-municipal`, `rapport-cotentin`…).
    pub document: String,
    /// The kit fiche number, when the entry comes from the Kit Municipal ESS.
    #[serde(default)]
    pub fiche: Option<u32>,
    /// The page of the PDF, when known.
    #[serde(default)]
    pub page: Option<u32>,
    /// The line of the seed text file, for whoever checks the restatement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// One dated value of a legal parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedValue {
    /// Date of entry into force, `YYYY-MM-DD`.
    pub since: String,
    pub value: ParamValue,
    pub reference: Reference,
    /// A source document that states this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cited_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The day this value was last checked against the official text, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<String>,
}

/// A number (amount, share, count) or a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    Number(f64),
    Text(String),
}

/// An official text: its title and where to read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An entry of the knowledge base. Common fields first, then the fields of some kinds
/// (see [`Kind::specific_fields`]); absent fields are left out of the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    #[serde(default = "default_kind")]
    pub kind: Kind,
    pub id: String,
    pub title: String,
    pub text: String,
    pub themes: Vec<String>,
    pub source: Provenance,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub territories: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,

    // fiche
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<Vec<u32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub see_also: Option<Vec<u32>>,
    // exemple
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collectivity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<Vec<String>>,
    // chiffre
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    // ressource, acteur
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    // glossaire
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expansion: Option<String>,
    /// Where the expansion was checked, when the source documents do not spell the acronym out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expansion_source: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synonyms: Option<Vec<String>>,
    // texte
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Last day the text was in force (`YYYY-MM-DD`), when it was replaced or repealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    // parametre
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<DatedValue>>,

    /// Where the entry was read: file and line of its `id`. Not part of the data.
    #[serde(skip)]
    pub origin: Origin,
}

fn default_kind() -> Kind {
    Kind::Levier
}

/// A place in the corpus files, for error messages and for whoever edits the data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl Entry {
    /// Names of the optional, kind-specific fields this entry sets.
    pub fn set_specific_fields(&self) -> Vec<&'static str> {
        let set = [
            ("number", self.number.is_some()),
            ("category", self.category.is_some()),
            ("pages", self.pages.is_some()),
            ("see_also", self.see_also.is_some()),
            ("place", self.place.is_some()),
            ("departement", self.departement.is_some()),
            ("region", self.region.is_some()),
            ("actor", self.actor.is_some()),
            ("collectivity", self.collectivity.is_some()),
            ("population", self.population.is_some()),
            ("year", self.year.is_some()),
            ("facts", self.facts.is_some()),
            ("value", self.value.is_some()),
            ("scope", self.scope.is_some()),
            ("url", self.url.is_some()),
            ("author", self.author.is_some()),
            ("term", self.term.is_some()),
            ("expansion", self.expansion.is_some()),
            ("expansion_source", self.expansion_source.is_some()),
            ("synonyms", self.synonyms.is_some()),
            ("law", self.law.is_some()),
            ("article", self.article.is_some()),
            ("date", self.date.is_some()),
            ("until", self.until.is_some()),
            ("unit", self.unit.is_some()),
            ("values", self.values.is_some()),
        ];
        set.iter().filter(|(_, on)| *on).map(|(n, _)| *n).collect()
    }

    /// The value of a dated parameter in force on `date` (`YYYY-MM-DD`), if any.
    pub fn value_at(&self, date: &str) -> Option<&DatedValue> {
        self.values
            .as_deref()?
            .iter()
            .filter(|v| v.since.as_str() <= date)
            .max_by(|a, b| a.since.cmp(&b.since))
    }
}

/// A source: one of the five documents, or a legal text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDoc {
    pub key: String,
    /// `document`, `loi`, `code`, `reglement`, `decret`, `decision`.
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    /// Short form used in citations ("Kit Municipal ESS").
    pub citation: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// A theme of the taxonomy, a kind of territory or a type of collectivity: an id, a label and
/// the words users type for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocable {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// For themes: one nearly every question touches (the ESS itself). It is the subject of a
    /// question only when no other theme is named.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub broad: bool,
    /// For collectivity types: `bloc-communal`, `departement`, `region` or `autre`.
    #[serde(default)]
    pub level: Option<String>,
    /// For collectivity types: the type with its indefinite article (« une métropole »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indefinite: Option<String>,
    /// For collectivity types: the broader type entries may be tagged with instead (a
    /// communauté de communes is an `epci`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broader: Option<String>,
    /// For collectivity types only: the competences the type holds by default (ids of
    /// `competences.toml`), which a user's profile can override. Absent when they depend on
    /// the statutes of each body (syndicat mixte, PETR…): the rules then treat them as unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competences: Option<Vec<String>>,
    /// For départements: the région they belong to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// A competence of the taxonomy (`competences.toml`): a field of public action that a level of
/// collectivity holds, as the sources and the law allocate it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competence {
    pub id: String,
    pub label: String,
    /// Words users type for it.
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// What the competence covers, in our own words.
    pub text: String,
    /// Collectivity types (ids of `collectivites.toml`) that hold it by law or commonly.
    #[serde(default)]
    pub levels: Vec<String>,
    /// Where the taxonomy takes it from.
    pub source: Provenance,
    #[serde(skip)]
    pub origin: Origin,
}
