//! The shapes of the knowledge base, as read from `corpus/data` and as exported.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::date::{french, Date};
use crate::id::{
    CollectivityTypeId, CompetenceId, EntryId, RuleId, SourceKey, TerritoryId, ThemeId,
};

/// What an entry is. The TOML table name (`[[levier]]`) and the `kind` of an answer's item.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A kit fiche, or a section of another document.
    Fiche,
    /// A lever: something a collectivity can do.
    Levier,
    /// A named initiative or a framed case.
    Exemple,
    /// A key figure.
    Chiffre,
    /// A follow-up or evaluation indicator.
    Indicateur,
    /// A guide, site or course to go further.
    Ressource,
    /// A network, support body or financer.
    Acteur,
    /// An acronym or a term.
    Glossaire,
    /// A legal provision.
    Texte,
    /// A dated legal value.
    Parametre,
}

impl Kind {
    /// Every kind.
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

    /// The kind whose folder is `folder`.
    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    /// The kind named `name`.
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
    pub document: SourceKey,
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
    /// Day of entry into force.
    pub since: Date,
    /// The value, checked against the parameter's unit when the corpus loads.
    pub value: ParamValue,
    /// The official text that sets the value.
    pub reference: Reference,
    /// A source document that states this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cited_by: Option<SourceKey>,
    /// What a reader should know of the value: how it was verified, what is left to verify.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The day this value was last checked against the official text (OpenFisca's
    /// `last_value_still_valid_on`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<Date>,
    /// Why the value could not be checked against the official text, when it could not: the
    /// loader wants one of `checked` and `unverified`, so that no value is silently unchecked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unverified: Option<String>,
}

/// A value a published text sets whose day of application could not be verified: said beside
/// the value in force, never used in its place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnouncedValue {
    /// The value the text sets, checked against the parameter's unit.
    pub value: ParamValue,
    /// The text that sets it.
    pub reference: Reference,
    /// The day it was published: the announcement is said from that day on.
    pub published: Date,
    /// What was read, where, and what is left to verify.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The value of a legal parameter: a number (amount, share, count) or a day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParamValue {
    /// An amount in euros, a share in per cent, a count of inhabitants or agents.
    Number(f64),
    /// A day (`unit = "date"`).
    Date(Date),
}

impl JsonSchema for ParamValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ParamValue".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let date = generator.subschema_for::<Date>();
        schemars::json_schema!({
            "description": "A number (amount, share, count), or a day when the unit is `date`.",
            "anyOf": [{ "type": "number" }, date]
        })
    }
}

impl Serialize for ParamValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ParamValue::Number(n) => serializer.serialize_f64(*n),
            ParamValue::Date(d) => d.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ParamValue, D::Error> {
        deserializer.deserialize_any(ParamValueVisitor)
    }
}

struct ParamValueVisitor;

impl<'de> Visitor<'de> for ParamValueVisitor {
    type Value = ParamValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("un nombre ou une date AAAA-MM-JJ")
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<ParamValue, E> {
        Ok(ParamValue::Number(n as f64))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<ParamValue, E> {
        Ok(ParamValue::Number(n as f64))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<ParamValue, E> {
        Ok(ParamValue::Number(n))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<ParamValue, E> {
        s.parse().map(ParamValue::Date).map_err(|why: crate::date::DateError| {
            // A real date shape naming no day says so; anything else is neither form.
            let message = if let crate::date::DateError::NoSuchDay(_) = why {
                why.to_string()
            } else {
                format!(
                    "« {s} » n'est ni un nombre (écrivez 100000000, sans guillemets) ni une date AAAA-MM-JJ"
                )
            };
            E::custom(french(message))
        })
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<ParamValue, A::Error> {
        Date::deserialize(de::value::MapAccessDeserializer::new(map)).map(ParamValue::Date)
    }
}

/// The unit of a legal parameter: what its values are and how they read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Unit {
    /// An amount in euros, excluding tax unless the title says otherwise.
    #[serde(rename = "EUR")]
    Eur,
    /// A share, from 0 to 100.
    #[serde(rename = "pourcent")]
    Percent,
    /// A number of inhabitants.
    #[serde(rename = "habitants")]
    Inhabitants,
    /// A number of agents (staff).
    #[serde(rename = "agents")]
    Agents,
    /// A day.
    #[serde(rename = "date")]
    Date,
}

impl Unit {
    /// The name written in the data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Eur => "EUR",
            Unit::Percent => "pourcent",
            Unit::Inhabitants => "habitants",
            Unit::Agents => "agents",
            Unit::Date => "date",
        }
    }

    /// Why `value` cannot be a value of this unit, in French; `None` when it can.
    pub fn refuses(self, value: &ParamValue) -> Option<String> {
        match (self, value) {
            (Unit::Date, ParamValue::Date(_)) => None,
            (Unit::Date, ParamValue::Number(n)) => Some(format!(
                "le nombre {n} n'est pas une date : écrivez \"AAAA-MM-JJ\", par exemple \"2025-01-01\""
            )),
            (_, ParamValue::Date(d)) => Some(format!(
                "la date {d} n'est pas une valeur en « {} » : un nombre est attendu",
                self.as_str()
            )),
            (_, ParamValue::Number(n)) if !n.is_finite() || *n < 0.0 => Some(format!(
                "{n} : un montant, une part ou un effectif ne peut pas être négatif"
            )),
            (Unit::Percent, ParamValue::Number(n)) if *n > 100.0 => {
                Some(format!("{n} : une part en pourcent va de 0 à 100"))
            }
            (Unit::Inhabitants | Unit::Agents, ParamValue::Number(n)) if n.fract() != 0.0 => {
                Some(format!("{n} : un effectif est un nombre entier"))
            }
            _ => None,
        }
    }
}

/// The kind of a kit fiche (`category`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FicheCategory {
    /// The kit's introductory fiches (1 to 3).
    Introductive,
    /// A fiche on one lever of action.
    Levier,
    /// A fiche on a theme of public policy.
    Thematique,
    /// A section of another document, kept as a fiche.
    Section,
}

/// An official text: its title and where to read it, and, for a legal text, what the title
/// names as data: the text's number, the article, the date. Answers compare references by
/// these fields, not by their wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The text's title, with its number and date.
    pub title: String,
    /// The official number of the text, as the title writes it (`2022-767`, `2014-856`,
    /// `2023/2831`, `2012/21/UE`); checked to appear in the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Numbers of the other texts the title names as setting the value with it (an
    /// ordonnance, an implementing décret, the law that wrote the article), not those it
    /// amends or applies; each checked to appear in the title.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// The article that sets the value, without « art. » (`58`, `1er`, `1er et 94`,
    /// `D. 2111-3`): of the text itself, or of the code it writes into when the title names
    /// only that one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The day the text was signed, as its title dates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Where to read it (Légifrance, EUR-Lex…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An entry of the knowledge base. Common fields first, then the fields of some kinds
/// (see [`Kind::specific_fields`]); absent fields are left out of the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// What the entry is (set from its folder).
    #[serde(default = "default_kind")]
    pub kind: Kind,
    /// Its id, unique across the corpus.
    pub id: EntryId,
    /// Its title, for a person.
    pub title: String,
    /// Its text, in our own words.
    pub text: String,
    /// Themes of the taxonomy (`themes.toml`).
    pub themes: Vec<ThemeId>,
    /// Where it comes from.
    pub source: Provenance,
    /// Kinds of territory it fits (`territoires.toml`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub territories: Vec<TerritoryId>,
    /// Collectivity types it is meant for (`collectivites.toml`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<CollectivityTypeId>,
    /// Words that should find it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Ids of entries to read with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<EntryId>,

    // fiche
    /// Fiches: the kit's fiche number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// Fiches: the kind of fiche.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<FicheCategory>,
    /// Fiches: its pages in the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<Vec<u32>>,
    /// Fiches: numbers of the kit fiches it refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub see_also: Option<Vec<u32>>,
    // exemple
    /// Examples: the place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Examples: the département code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departement: Option<String>,
    /// Examples and actors: the région.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Examples: who carries the initiative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Examples: the collectivity involved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collectivity: Option<String>,
    /// Examples: the population of the place, as the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    /// The year the entry refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Examples: key facts, each a short sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<Vec<String>>,
    // chiffre
    /// Figures: the figure, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Figures: what the figure covers; actors: `local`, `regional`, `national` or `europeen`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    // ressource, acteur
    /// Resources and actors: a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Resources: the author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    // glossaire
    /// Glossary: the term or acronym.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// Glossary: what an acronym stands for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expansion: Option<String>,
    /// Where the expansion was checked, when the source documents do not spell the acronym out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expansion_source: Option<Reference>,
    /// Glossary: other ways of writing the term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synonyms: Option<Vec<String>>,
    // texte
    /// Legal texts: the key of the law in `sources.toml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law: Option<SourceKey>,
    /// Legal texts: the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// Legal texts: the day the provision came into force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Legal texts: the last day the provision was in force, when it was replaced or repealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    // parametre
    /// Parameters: the unit of the values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// Parameters: the dated values, in date order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<DatedValue>>,
    /// Parameters: values a published text sets from a day not yet verified.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub announced: Vec<AnnouncedValue>,

    /// Where the entry was read: file and line of its `id`. Not part of the data.
    #[serde(skip)]
    pub origin: Origin,
}

fn default_kind() -> Kind {
    Kind::Levier
}

/// A place in the corpus files, for error messages and for whoever edits the data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// Path relative to the corpus root.
    pub file: String,
    /// Line of the item's `id`, from 1.
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

    /// Whether a legal text was in force on `day`: from its `date` (if given) to its `until`
    /// (if any). Entries of other kinds always are.
    pub fn in_force_on(&self, day: Date) -> bool {
        self.date.is_none_or(|from| from <= day) && self.until.is_none_or(|to| day <= to)
    }

    /// The value of a dated parameter in force on `date`, if any. Values are in date order
    /// (checked when the corpus loads).
    pub fn value_at(&self, date: Date) -> Option<&DatedValue> {
        self.values
            .as_deref()?
            .iter()
            .rev()
            .find(|v| v.since <= date)
    }
}

/// A source: one of the five documents, or a legal text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDoc {
    /// The key entries cite it by (`kit-municipal`, `loi-ess-2014`).
    pub key: SourceKey,
    /// `document`, `loi`, `code`, `reglement`, `decret`, `decision`.
    pub kind: String,
    /// Its full title.
    pub title: String,
    /// Who wrote or published it.
    #[serde(default)]
    pub author: Option<String>,
    /// When (`2020-09`, `2014-07-31`…).
    #[serde(default)]
    pub date: Option<String>,
    /// Legal texts: the official number (`2014-856`, `2023/2831`), when the text has one;
    /// checked to appear in the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Short form used in citations ("Kit Municipal ESS").
    pub citation: String,
    /// Where to read it.
    #[serde(default)]
    pub url: Option<String>,
}

/// A theme of the taxonomy, a kind of territory or a type of collectivity: an id, a label and
/// the words users type for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocable<I = String> {
    /// Its id.
    pub id: I,
    /// Its name, for a person.
    pub label: String,
    /// Words users type for it.
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
    pub broader: Option<CollectivityTypeId>,
    /// For collectivity types only: the competences the type holds by default (ids of
    /// `competences.toml`), which a user's profile can override. Absent when they depend on
    /// the statutes of each body (syndicat mixte, PETR…): the rules then treat them as unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competences: Option<Vec<CompetenceId>>,
    /// For collectivity types only: competences a body of the type holds or not, by its own
    /// choice (a communauté de communes that took the mobility competence): unknown until the
    /// profile says so, whatever the defaults.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub optional: Vec<CompetenceId>,
    /// For départements: the région they belong to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// For départements: a one-word name that is also an ordinary French word (« Lot »,
    /// « Cher », « Somme »), read as the département only when written with its capital.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ordinary_word: bool,
    /// For intents: a cue that holds only when the question says little else (« aide ? » asks
    /// for help; « quelle aide pour créer une ressourcerie ? » does not).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub alone: bool,
}

/// A competence of the taxonomy (`competences.toml`): a field of public action that a level of
/// collectivity holds, as the sources and the law allocate it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competence {
    /// Its id.
    pub id: CompetenceId,
    /// Its name, for a person.
    pub label: String,
    /// Words users type for it.
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// What the competence covers, in our own words.
    pub text: String,
    /// Collectivity types (ids of `collectivites.toml`) that hold it by law or commonly.
    #[serde(default)]
    pub levels: Vec<CollectivityTypeId>,
    /// Where the taxonomy takes it from.
    pub source: Provenance,
    /// Where it is written.
    #[serde(skip)]
    pub origin: Origin,
}

/// What a rule's verdict says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// Something the collectivity must do.
    Obligation,
    /// Who holds a competence.
    Competence,
    /// Whether a support scheme is open to the collectivity.
    Eligibilite,
    /// A limit to respect.
    Vigilance,
    /// Whether a lever is within reach.
    Levier,
}

impl RuleKind {
    /// The name written in the data files and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Obligation => "obligation",
            RuleKind::Competence => "competence",
            RuleKind::Eligibilite => "eligibilite",
            RuleKind::Vigilance => "vigilance",
            RuleKind::Levier => "levier",
        }
    }
}

/// A condition of the rule language, as written and as compiled when the corpus loaded.
/// Serialised as its text; read back, the text is parsed again (it was checked when the
/// corpus was first loaded).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The text of the condition in its file.
    pub text: String,
    /// The parsed and checked condition.
    pub expr: crate::condition::Expr,
}

/// A rule of the rule base (`corpus/data/regles/*.toml`), its conditions compiled and checked
/// against the corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Its id, unique across the corpus.
    pub id: RuleId,
    /// What the verdict says.
    pub kind: RuleKind,
    /// What the rule decides, for a person.
    pub title: String,
    /// When the rule holds.
    pub condition: Condition,
    /// What holds when the condition is true, written for a person; `{param:ID}` shows the
    /// value of a dated parameter in force at the date asked.
    pub then: String,
    /// What holds when it is false.
    pub otherwise: Option<String>,
    /// Why: the reasoning, for a person.
    pub explanation: String,
    /// Ids of entries (texts, parameters, fiches, levers) or source keys the rule rests on.
    pub references: Vec<String>,
    /// Themes of the taxonomy.
    pub themes: Vec<ThemeId>,
    /// `levier` rules: ids of the levers whose reach the rule settles.
    pub levers: Vec<EntryId>,
    /// `levier` rules: when the collectivity cannot pull the lever itself, the condition under
    /// which it can with a partner that holds the competence.
    pub partner_condition: Option<Condition>,
    /// `levier` rules: how, with which partner (shown when `partner_condition` holds).
    pub partner: Option<String>,
    /// The verdict answers a yes/no question in its own sentence, with no « Oui. » or
    /// « Non. » before it: its negative does not deny what is asked (« Cette aide ne peut pas
    /// relever du seul régime de minimis » is no « Non » to « la région peut-elle aider … ? »).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub plain_answer: bool,
    /// Facts (profile fields) the verdict bears on although its condition does not test them:
    /// who may aid an undertaking matters to a question stating an aid's amount.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bears_on: Vec<String>,
    /// Types of collectivity the rule is about, when it is about some only: a collectivity
    /// of another known type gets no verdict from it (a communauté d'agglomération is not
    /// told on what terms a communauté de communes organises mobility).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub only_for: Vec<CollectivityTypeId>,
    /// Where the rule is written.
    pub origin: Origin,
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Condition, D::Error> {
        let text = String::deserialize(deserializer)?;
        let expr = crate::condition::parse(&text).map_err(de::Error::custom)?;
        Ok(Condition { text, expr })
    }
}

impl Rule {
    /// `{param:ID}` placeholders of the rule's texts, with the field each is in.
    pub fn placeholders(&self) -> Vec<(&'static str, String)> {
        let texts = [
            ("then", Some(&self.then)),
            ("otherwise", self.otherwise.as_ref()),
            ("partner", self.partner.as_ref()),
            ("explanation", Some(&self.explanation)),
        ];
        let mut out = Vec::new();
        for (field, text) in texts {
            let mut rest = text.map_or("", String::as_str);
            while let Some(i) = rest.find("{param:") {
                let after = &rest[i + 7..];
                let Some(j) = after.find('}') else { break };
                out.push((field, after[..j].trim().to_string()));
                rest = &after[j + 1..];
            }
        }
        out
    }
}

/// A fact of a collectivity's profile and how answers write it (`faits.toml`): one wording for
/// reasons, follow-up questions and profile summaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactWording {
    /// The profile's JSON field (`population`, `achats_annuels_ht`…).
    pub id: String,
    /// Its name (« nombre d'agents »).
    pub label: String,
    /// After « dépend » (« du nombre d'agents »).
    pub of: String,
    /// The question that asks for it.
    pub question: String,
    /// A known value, `{}` standing for it (« {} habitants »).
    pub shown: String,
    /// The kind of number that states the fact in a question, when one can.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Quantity>,
    /// Words next to such a number that say it is this fact (« subvention », « achat* »):
    /// written folded, a final `*` for any ending.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<String>,
    /// Whether the fact is what a question is about (a subsidy, a contract) rather than who
    /// asks (population, purchases): a verdict on it then answers the question first.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub object: bool,
    /// Another fact the same number states when the question names one of its words: a
    /// subsidy to a SCOP is also an aid to an undertaking, weighed by the de minimis ceiling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts_as: Option<CountsAs>,
    /// Another fact the number is rather than this one when the question names one of its
    /// words and none of its `unless` words: « aider une association de 5 000 € » is a
    /// subsidy, « acheter 70 M€ par an » the year's purchases, not one contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instead: Option<Instead>,
    /// Words one of which the question must name for a number to state this fact at all
    /// (« fonds de dotation »: « on apporte 20 000 € » alone is no endowment); written folded,
    /// a final `*` for any ending.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub only_with: Vec<String>,
}

/// A second reading of a fact's number (`counts_as` in `faits.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountsAs {
    /// The other fact's id.
    pub fact: String,
    /// Words of the question that make the number that fact too: written folded, a final `*`
    /// for any ending.
    pub when: Vec<String>,
}

/// The fact a number is rather than the one its cue names (`instead` in `faits.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instead {
    /// The other fact's id.
    pub fact: String,
    /// Words of the question that make the number that fact: written folded, a final `*` for
    /// any ending.
    pub when: Vec<String>,
    /// Words that keep it this fact all the same (« un marché de services de 300 000 € par
    /// an » is still one contract).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<String>,
}

/// The kind of number a question states a fact with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Quantity {
    /// An amount in euros (« 40 000 € », « 70 M€ »).
    Montant,
    /// A count (« 3 500 habitants »).
    Nombre,
    /// A share, in per cent (« 60 % du capital »).
    Part,
}

/// A body that changed its name or was replaced since the source documents were written
/// (`renommages.toml`): answers that meet the old name say the current one and the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renaming {
    /// Its id.
    pub id: String,
    /// The old name, as the documents write it (« DIRECCTE »).
    pub old: String,
    /// The spellings that meet the old name in a question or an answer, matched as whole
    /// words once folded (case and accents ignored); the old name itself is always one.
    #[serde(default)]
    pub forms: Vec<String>,
    /// The current name (« DREETS »).
    pub new: String,
    /// The day of the change (entry into force of the text, or the day the body decided it).
    pub date: Date,
    /// How answers word the date when the day is not the exact one (« en octobre 2021 »);
    /// without it, the day itself (« le 1er avril 2021 »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// The notice, in French, in our own words: it names the new name and the date.
    pub text: String,
    /// Where the change is stated.
    pub source: RenamingSource,
    /// The day the change was last checked against its source.
    pub checked: Date,
    /// What was read, what is left to verify.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Entries (glossary, actors) written under the old name, which mention the new one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<EntryId>,
}

impl Renaming {
    /// The spellings to look for: `forms`, and the old name when they leave it out.
    pub fn spellings(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.forms.iter().map(String::as_str).collect();
        if !out.contains(&self.old.as_str()) {
            out.insert(0, self.old.as_str());
        }
        out
    }
}

/// The source of a renaming: a title and where to read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenamingSource {
    /// The title of the text or page.
    pub title: String,
    /// Its address.
    pub url: String,
}

/// A subject the source documents do not treat (`hors-champ.toml`): a question about it is
/// told so plainly, instead of getting levers that share one word with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutOfScope {
    /// Its id.
    pub id: String,
    /// What it is, after « ne traitent pas », with its preposition (« de la fiscalité
    /// locale », « des autorisations d'urbanisme »).
    pub label: String,
    /// Phrases that name it in a question, matched as whole words once folded (case and
    /// accents ignored).
    pub phrases: Vec<String>,
    /// The day the documents were last searched for it.
    pub checked: Date,
    /// How its absence was checked.
    pub note: String,
}
