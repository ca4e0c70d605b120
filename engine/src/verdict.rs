//! The results of the rule base, as programs receive them (`ess obligations --json`, the
//! `obligations` of an answer): statuses, and each verdict with its French reason and
//! references, written by the rendering layer from the findings of the rule base.

use ess_corpus::{
    CompetenceId, Date, EntryId, ParamValue, Reference, RuleId, RuleKind, ThemeId, Unit,
};
use schemars::JsonSchema;
use serde::Serialize;

use crate::profile::Profile;

/// Whether a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// It applies (for an obligation), it is open (a competence, a scheme).
    Applicable,
    /// It does not.
    NonApplicable,
    /// It depends on a fact the profile does not give.
    Depend,
}

/// How a lever rule was decided, for the wording of its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeverCase {
    /// The collectivity can pull it itself.
    Direct,
    /// Not itself, but with a partner.
    Partner,
    /// Not itself; with a partner, it depends on a missing fact.
    PartnerDepends,
    /// Neither itself nor with a partner.
    Out,
    /// Itself, it depends on a missing fact; `partner_possible` when a partner would do.
    Depends {
        /// A partner would make it possible anyway.
        partner_possible: bool,
    },
}

/// The verdict of one obligation rule for a profile.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Verdict {
    /// The rule's id.
    pub id: RuleId,
    /// What the rule decides.
    pub title: String,
    /// `applicable`, `non_applicable` or `depend`.
    pub status: Status,
    /// Why, for a person.
    pub reason: String,
    /// Facts that would settle a `depend`.
    pub missing: Vec<String>,
    /// Official references the rule rests on.
    pub references: Vec<String>,
    /// `obligation`, `competence`, `eligibilite` or `vigilance`.
    pub kind: RuleKind,
    /// Ids of the corpus entries (texts, parameters, fiches) behind `references`.
    pub reference_ids: Vec<String>,
    /// The dated parameters the rule read, with the value in force at the date.
    pub parameters: Vec<ParamInForce>,
    /// The legal reasoning behind the rule, for a person.
    pub explanation: String,
    /// Themes of the rule (ids of `themes.toml`), to pick the verdicts a question is about.
    pub themes: Vec<ThemeId>,
}

/// Whether a collectivity can pull a lever itself, with a partner, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeverStatus {
    /// Within its own competences.
    Direct,
    /// Through a partner that holds the competence, or by another of its competences.
    Partenaire,
    /// It depends on a fact the profile does not give.
    Depend,
    /// Out of reach, even with a partner.
    NonApplicable,
}

/// How well a group of levers fits a profile, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeverFit {
    /// The id of the rule.
    pub id: RuleId,
    /// What the rule decides.
    pub title: String,
    /// How the levers are within reach.
    pub status: LeverStatus,
    /// Why, for a person.
    pub reason: String,
    /// Facts that would settle a `depend`.
    pub missing: Vec<String>,
    /// The levers (`leviers/*.toml`) the rule is about.
    pub lever_ids: Vec<EntryId>,
    /// The levers, with their titles and sources.
    pub levers: Vec<LeverRef>,
    /// Official references the rule rests on.
    pub references: Vec<String>,
    /// Ids of the corpus entries behind `references`.
    pub reference_ids: Vec<String>,
    /// The reasoning behind the rule, for a person.
    pub explanation: String,
    /// Themes of the rule.
    pub themes: Vec<ThemeId>,
}

/// A lever named by a rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeverRef {
    /// The lever's id.
    pub id: EntryId,
    /// Its title.
    pub title: String,
    /// "Kit Municipal ESS (éd. 2020), fiche 10, p. 21".
    pub source: String,
}

/// A dated parameter as a rule read it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ParamInForce {
    /// The parameter's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The unit of its values.
    pub unit: Unit,
    /// The value in force at the date, `null` when there was none.
    pub value: Option<ParamValue>,
    /// The value written for a person ("50 M€", "1er janvier 2024").
    pub display: Option<String>,
    /// The day the value in force took effect.
    pub since: Option<Date>,
    /// The official text that set it.
    pub reference: Option<Reference>,
    /// When a source document cites another value: what it says, for a person.
    pub cited_note: Option<String>,
}

/// Everything the rule base says about a profile at a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The day of the evaluation.
    pub date: Date,
    /// The profile evaluated, ids spelled as the corpus spells them.
    pub profile: Profile,
    /// The competences taken into account (type defaults and user's changes), `null` when
    /// unknown.
    pub competences: Option<Vec<CompetenceId>>,
    /// Obligations, competences, eligibility and points of vigilance: applicable first, then
    /// those that depend on a missing fact, then the others.
    pub obligations: Vec<Verdict>,
    /// Levers ranked by fit: within reach first, then with a partner, then undecided, then out
    /// of reach.
    pub levers: Vec<LeverFit>,
    /// The official texts behind the verdicts, in force at the date, each once.
    #[serde(rename = "textes_officiels")]
    pub official_texts: Vec<OfficialText>,
}

/// An official text a verdict rests on: a short label (« Décret n° 2022-767 ») and where to read
/// it, when the corpus knows an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct OfficialText {
    /// The kind of text and its number, or its title when it has none.
    pub label: String,
    /// Its official address (Légifrance, EUR-Lex).
    pub url: Option<String>,
}

impl OfficialText {
    /// The text as a list item: its label, and its address on a line of its own.
    pub fn bullet(&self) -> String {
        match &self.url {
            Some(url) => format!("• {}\n  {url}", self.label),
            None => format!("• {}", self.label),
        }
    }
}
