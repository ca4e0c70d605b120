//! The condition language of the rules: a tokenizer, a recursive-descent parser and a static
//! check against the corpus vocabularies. Errors give a position (in characters, from 1) and say
//! what is wrong in French.
//!
//! ```text
//! condition  := ou
//! ou         := et (("or" | "ou") et)*
//! et         := non (("and" | "et") non)*
//! non        := ("not" | "non") non | comparaison
//! comparaison:= terme (op terme | ("in" | "dans") liste | ("not" | "non") ("in" | "dans") liste)?
//! op         := ">=" | "≥" | ">" | "<=" | "≤" | "<" | "==" | "=" | "!=" | "≠"
//! terme      := nombre | date | "texte" | vrai | faux | fait | constante
//!             | param(id) | in_force(id) | has(id) | "(" condition ")"
//! liste      := "[" (terme ("," terme)*)? "]"
//! ```
//!
//! Facts are the fields of a profile (`type`, `niveau`, `population`, `agents`,
//! `achats_annuels_ht`, `subvention`, `marche_travaux_ht`, `marche_fournitures_services_ht`,
//! `territoire`, `departement`, `region`) and `date`, the day of the
//! evaluation. Any other bare word is a constant (`commune`, `rural`…), checked against the
//! vocabulary of the fact it is compared with; inside a list, and after `type ==`, `niveau ==`
//! or `territoire ==`, a word is always a constant (`type == region` is the type « région », not
//! the profile's région). `param(id)` is the value of a dated parameter in
//! force at the evaluation date, `in_force(id)` (`en_vigueur`) says whether it has one, and
//! `has(id)` (`detient`) whether the collectivity holds a competence.
//!
//! ```
//! use ess_corpus::condition::parse;
//!
//! let e = parse("type in [commune, metropole] et population >= 3500").unwrap();
//! assert_eq!(e.to_string(), "(type in [commune, metropole] and population >= 3500)");
//! let err = parse("population >= ").unwrap_err();
//! assert_eq!(err.position, 12);
//! assert!(err.to_string().starts_with("position 12 : valeur attendue après « >= »"));
//! ```

use std::fmt;

/// A syntax or consistency error in a condition, at a position (1-based, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// Where, in characters from 1.
    pub position: usize,
    /// What is wrong, in French.
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "position {} : {}", self.position, self.message)
    }
}

impl std::error::Error for ExprError {}

pub(crate) fn error<T>(position0: usize, message: impl Into<String>) -> Result<T, ExprError> {
    Err(ExprError {
        position: position0 + 1,
        message: message.into(),
    })
}

/// A fact of the profile (or the date of evaluation) a condition can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fact {
    /// The collectivity type (`commune`…).
    Type,
    /// Its level (`bloc-communal`, `departement`…), from its type.
    Niveau,
    /// Inhabitants.
    Population,
    /// Agents (staff).
    Agents,
    /// Annual purchases, euros excluding tax.
    Achats,
    /// The annual amount of one subsidy to a private body, euros.
    Subvention,
    /// The estimated value of one works contract, euros excluding tax.
    MarcheTravaux,
    /// The estimated value of one supplies or services contract, euros excluding tax.
    MarcheFournituresServices,
    /// The share of a SCIC's capital the collectivities would hold together, per cent.
    PartCapitalScic,
    /// The amount of aid to one undertaking, with its other de minimis aid over three years,
    /// euros.
    AideEntreprise,
    /// The initial endowment its founders bring to a fonds de dotation, euros.
    DotationInitiale,
    /// The kind of territory (`rural`…).
    Territoire,
    /// The département code.
    Departement,
    /// The région.
    Region,
    /// The day of the evaluation.
    Date,
}

impl Fact {
    /// Every fact, in the order error messages list them.
    pub const ALL: [Fact; 15] = [
        Fact::Type,
        Fact::Niveau,
        Fact::Population,
        Fact::Agents,
        Fact::Achats,
        Fact::Subvention,
        Fact::MarcheTravaux,
        Fact::MarcheFournituresServices,
        Fact::PartCapitalScic,
        Fact::AideEntreprise,
        Fact::DotationInitiale,
        Fact::Territoire,
        Fact::Departement,
        Fact::Region,
        Fact::Date,
    ];

    /// The name written in conditions.
    pub fn name(self) -> &'static str {
        match self {
            Fact::Type => "type",
            Fact::Niveau => "niveau",
            Fact::Population => "population",
            Fact::Agents => "agents",
            Fact::Achats => "achats_annuels_ht",
            Fact::Subvention => "subvention",
            Fact::MarcheTravaux => "marche_travaux_ht",
            Fact::MarcheFournituresServices => "marche_fournitures_services_ht",
            Fact::PartCapitalScic => "part_capital_scic",
            Fact::AideEntreprise => "aide_entreprise",
            Fact::DotationInitiale => "dotation_initiale",
            Fact::Territoire => "territoire",
            Fact::Departement => "departement",
            Fact::Region => "region",
            Fact::Date => "date",
        }
    }

    /// The field of the profile (JSON) that gives this fact, reported as missing when unknown.
    pub fn profile_field(self) -> &'static str {
        match self {
            Fact::Niveau => "type",
            other => other.name(),
        }
    }

    /// The fact written `name` in a condition.
    pub fn parse(name: &str) -> Option<Fact> {
        Fact::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What kind of value the fact has.
    pub fn ty(self) -> Ty {
        match self {
            Fact::Population
            | Fact::Agents
            | Fact::Achats
            | Fact::Subvention
            | Fact::MarcheTravaux
            | Fact::MarcheFournituresServices
            | Fact::PartCapitalScic
            | Fact::AideEntreprise
            | Fact::DotationInitiale => Ty::Number,
            Fact::Date => Ty::Date,
            _ => Ty::Text,
        }
    }
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `>=`, `≥`
    Ge,
    /// `>`
    Gt,
    /// `<=`, `≤`
    Le,
    /// `<`
    Lt,
    /// `==`, `=`
    Eq,
    /// `!=`, `≠`
    Ne,
}

impl CmpOp {
    /// The operator as the language writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Ge => ">=",
            CmpOp::Gt => ">",
            CmpOp::Le => "<=",
            CmpOp::Lt => "<",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }

    /// For a person: "≥", "au moins"…
    pub fn french(self) -> &'static str {
        match self {
            CmpOp::Ge => "≥",
            CmpOp::Gt => ">",
            CmpOp::Le => "≤",
            CmpOp::Lt => "<",
            CmpOp::Eq => "=",
            CmpOp::Ne => "≠",
        }
    }

    pub(crate) fn ordered(self) -> bool {
        !matches!(self, CmpOp::Eq | CmpOp::Ne)
    }
}

/// A node of a parsed condition, with the span of text it comes from (0-based char indices).
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the node is.
    pub kind: ExprKind,
    /// First character of the node's text (0-based).
    pub start: usize,
    /// One past its last character.
    pub end: usize,
}

/// The kinds of node of a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `vrai` or `faux`.
    Bool(bool),
    /// A number (`3500`, `2.5`).
    Number(f64),
    /// A day, written `YYYY-MM-DD`.
    Date(crate::Date),
    /// A constant: a bare word that is not a fact, or a quoted text.
    Text(String),
    /// A fact of the profile, or the date.
    Fact(Fact),
    /// `param(id)`: a dated parameter's value in force.
    Param(String),
    /// `in_force(id)`: whether a dated parameter has a value at the date.
    InForce(String),
    /// `has(id)`: whether the collectivity holds a competence.
    Has(String),
    /// `not …`
    Not(Box<Expr>),
    /// `… and …`
    And(Vec<Expr>),
    /// `… or …`
    Or(Vec<Expr>),
    /// A comparison of two terms.
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    /// `item in [list]`; `negated` for `not in`.
    In {
        /// The value looked for.
        item: Box<Expr>,
        /// The values it may be.
        list: Vec<Expr>,
        /// `not in` rather than `in`.
        negated: bool,
    },
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Bool(b) => write!(f, "{b}"),
            ExprKind::Number(n) => write!(f, "{n}"),
            ExprKind::Date(d) => write!(f, "{d}"),
            ExprKind::Text(t) => write!(f, "{t}"),
            ExprKind::Fact(fact) => write!(f, "{}", fact.name()),
            ExprKind::Param(id) => write!(f, "param({id})"),
            ExprKind::InForce(id) => write!(f, "in_force({id})"),
            ExprKind::Has(id) => write!(f, "has({id})"),
            ExprKind::Not(e) => write!(f, "not {e}"),
            ExprKind::And(es) | ExprKind::Or(es) => {
                let op = if matches!(self.kind, ExprKind::And(_)) {
                    " and "
                } else {
                    " or "
                };
                let parts: Vec<String> = es.iter().map(ToString::to_string).collect();
                write!(f, "({})", parts.join(op))
            }
            ExprKind::Cmp(op, a, b) => write!(f, "{a} {} {b}", op.symbol()),
            ExprKind::In {
                item,
                list,
                negated,
            } => {
                let parts: Vec<String> = list.iter().map(ToString::to_string).collect();
                let not = if *negated { "not " } else { "" };
                write!(f, "{item} {not}in [{}]", parts.join(", "))
            }
        }
    }
}

impl Expr {
    /// Every node, depth first, this one included.
    pub fn walk<'a>(&'a self, out: &mut Vec<&'a Expr>) {
        out.push(self);
        match &self.kind {
            ExprKind::Not(e) => e.walk(out),
            ExprKind::And(es) | ExprKind::Or(es) => es.iter().for_each(|e| e.walk(out)),
            ExprKind::Cmp(_, a, b) => {
                a.walk(out);
                b.walk(out);
            }
            ExprKind::In { item, list, .. } => {
                item.walk(out);
                list.iter().for_each(|e| e.walk(out));
            }
            _ => {}
        }
    }

    /// Ids of the competences the condition tests with `has(id)`, once each.
    pub fn competences(&self) -> Vec<String> {
        let mut nodes = Vec::new();
        self.walk(&mut nodes);
        let mut out: Vec<String> = Vec::new();
        for n in nodes {
            if let ExprKind::Has(id) = &n.kind {
                if !out.contains(id) {
                    out.push(id.clone());
                }
            }
        }
        out
    }

    /// Ids of the dated parameters the condition reads, in order of appearance, once each.
    pub fn params(&self) -> Vec<String> {
        let mut nodes = Vec::new();
        self.walk(&mut nodes);
        let mut out: Vec<String> = Vec::new();
        for n in nodes {
            if let ExprKind::Param(id) | ExprKind::InForce(id) = &n.kind {
                if !out.contains(id) {
                    out.push(id.clone());
                }
            }
        }
        out
    }

    /// The facts the condition reads, once each. `has(id)` reads the type, whose default
    /// competences it looks up.
    pub fn facts(&self) -> Vec<Fact> {
        let mut nodes = Vec::new();
        self.walk(&mut nodes);
        let mut out = Vec::new();
        for n in nodes {
            let read = match n.kind {
                ExprKind::Fact(f) => f,
                ExprKind::Has(_) => Fact::Type,
                _ => continue,
            };
            if !out.contains(&read) {
                out.push(read);
            }
        }
        out
    }
}

mod check;
mod lexer;
mod parser;

pub use check::{check, Ty, Vocabulary};
pub use parser::parse;

#[cfg(test)]
mod tests {
    use super::*;

    struct Vocab;

    impl Vocabulary for Vocab {
        fn param_unit(&self, id: &str) -> Option<crate::Unit> {
            match id {
                "seuil-spaser" => Some(crate::Unit::Eur),
                "date-x" => Some(crate::Unit::Date),
                _ => None,
            }
        }
        fn is_competence(&self, id: &str) -> bool {
            id == "dechets"
        }
        fn values_of(&self, fact: Fact) -> Option<Vec<String>> {
            match fact {
                Fact::Type => Some(vec!["commune".into(), "communaute-communes".into()]),
                Fact::Territoire => Some(vec!["rural".into()]),
                _ => None,
            }
        }
    }

    fn ok(src: &str) -> String {
        let e = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        check(&e, &Vocab).unwrap_or_else(|e| panic!("{src}: {e}"));
        e.to_string()
    }

    fn err(src: &str) -> ExprError {
        match parse(src) {
            Err(e) => e,
            Ok(e) => check(&e, &Vocab).expect_err(src),
        }
    }

    #[test]
    fn parses_the_forms_of_the_language() {
        let cases = [
            ("population >= 3500", "population >= 3500"),
            (
                "achats_annuels_ht > param(seuil-spaser)",
                "achats_annuels_ht > param(seuil-spaser)",
            ),
            (
                "type in [commune, communaute-communes]",
                "type in [commune, communaute-communes]",
            ),
            ("type not in [commune]", "type not in [commune]"),
            ("type non dans [commune]", "type not in [commune]"),
            (
                "has(dechets) et non (type = commune)",
                "(has(dechets) and not type == commune)",
            ),
            ("a ou b et c", "(a or (b and c))"),
            ("(population < 10) ou vrai", "(population < 10 or true)"),
            ("date >= 2024-01-01", "date >= 2024-01-01"),
            ("date >= param(date-x)", "date >= param(date-x)"),
            ("in_force(seuil-spaser)", "in_force(seuil-spaser)"),
            (
                "en_vigueur(seuil-spaser) AND true",
                "(in_force(seuil-spaser) and true)",
            ),
            ("population ≥ 3_500", "population >= 3500"),
            ("departement == \"2A\"", "departement == 2A"),
            ("population >= 2.5", "population >= 2.5"),
        ];
        for (src, shown) in cases {
            assert_eq!(parse(src).unwrap().to_string(), shown, "{src}");
        }
    }

    #[test]
    fn words_naming_facts_are_constants_after_a_vocabulary_fact() {
        let e = parse("type == region or type in [departement, region]").unwrap();
        let mut nodes = Vec::new();
        e.walk(&mut nodes);
        let facts: Vec<_> = nodes
            .iter()
            .filter_map(|n| match n.kind {
                ExprKind::Fact(f) => Some(f),
                _ => None,
            })
            .collect();
        assert_eq!(facts, [Fact::Type, Fact::Type]);
        // Elsewhere the word is the fact: the profile's région.
        assert_eq!(
            parse("region == \"Bretagne\"").unwrap().facts(),
            [Fact::Region]
        );
    }

    #[test]
    fn and_binds_tighter_than_or_and_not_tighter_than_and() {
        assert_eq!(
            ok("has(dechets) or true and false"),
            "(has(dechets) or (true and false))"
        );
        assert_eq!(ok("not true and false"), "(not true and false)");
        assert_eq!(ok("not (true and false)"), "not (true and false)");
    }

    #[test]
    fn spans_cover_the_source() {
        let e = parse("  population >= 3500 ").unwrap();
        assert_eq!((e.start, e.end), (2, 20));
    }

    #[test]
    fn syntax_errors_give_a_position_and_a_french_message() {
        let cases: &[(&str, usize, &str)] = &[
            ("population >= ", 12, "valeur attendue après « >= »"),
            (
                "population >= 3500 et",
                20,
                "condition attendue après « et »",
            ),
            (
                "(population >= 3500",
                20,
                "« ) » attendue pour fermer la parenthèse ouverte en position 1",
            ),
            (
                "population >= 3500)",
                19,
                "parenthèse fermante sans parenthèse ouvrante",
            ),
            (
                "population >= 3500 population",
                20,
                "un « and » ou un « or » manque-t-il",
            ),
            ("type in commune", 9, "« [ » attendu pour ouvrir la liste"),
            ("type in [commune", 9, "liste jamais refermée"),
            ("type in [commune; rural]", 17, "caractère inattendu « ; »"),
            ("type in []", 9, "liste vide"),
            ("param seuil-spaser", 7, "« ( » attendue après « param »"),
            ("param(3)", 7, "identifiant attendu dans param(…)"),
            ("has(dechets", 12, "« ) » attendue pour fermer has("),
            ("foo(bar)", 1, "fonction « foo » inconnue"),
            ("population >= 3 500", 15, "sans espace"),
            ("population >= 1.2.3", 15, "nombre « 1.2.3 » invalide"),
            (
                "date >= 2023-02-30",
                9,
                "la date « 2023-02-30 » n'existe pas",
            ),
            ("population && true", 12, "écrivez « and »"),
            ("!true", 1, "« ! » seul n'existe pas"),
            ("", 1, "condition vide"),
            ("and true", 1, "mot réservé"),
            ("departement == \"2A", 16, "jamais refermé"),
            (
                "population >= 12abc",
                15,
                "un nombre ne peut pas être suivi de lettres",
            ),
        ];
        for &(src, position, message) in cases {
            let e = parse(src).expect_err(src);
            assert_eq!(e.position, position, "{src}: {e}");
            assert!(e.message.contains(message), "{src}: {e}");
        }
    }

    #[test]
    fn meaning_errors_give_a_position_and_a_french_message() {
        let cases: &[(&str, usize, &str)] = &[
            (
                "populaton >= 3500",
                1,
                "« populaton » n'est pas un fait connu",
            ),
            (
                "type == comune",
                9,
                "« comune » n'est pas une valeur connue de « type »",
            ),
            (
                "type in [commune, metropol]",
                19,
                "« metropol » n'est pas une valeur connue",
            ),
            (
                "achats_annuels_ht > param(seuil-inconnu)",
                21,
                "paramètre « seuil-inconnu » inconnu",
            ),
            ("has(mobilite)", 1, "compétence « mobilite » inconnue"),
            ("population", 1, "une condition est attendue, pas un nombre"),
            (
                "population >= 2024-01-01",
                15,
                "comparaison impossible entre un nombre et une date",
            ),
            (
                "type >= 3",
                1,
                "« >= » compare des nombres ou des dates, pas un texte",
            ),
            ("true and population", 10, "« and » relie des conditions"),
            ("commune == rural", 1, "« commune » n'est pas un fait connu"),
            (
                "type in [3]",
                10,
                "la liste doit contenir un texte, pas un nombre",
            ),
            (
                "date >= param(seuil-spaser)",
                9,
                "comparaison impossible entre une date et un nombre",
            ),
        ];
        for &(src, position, message) in cases {
            let e = err(src);
            assert_eq!(e.position, position, "{src}: {e}");
            assert!(e.message.contains(message), "{src}: {e}");
        }
    }

    #[test]
    fn lists_params_and_facts_once_each() {
        let e = parse("param(a) > population and population < param(a) or in_force(b)").unwrap();
        assert_eq!(e.params(), ["a", "b"]);
        assert_eq!(e.facts(), [Fact::Population]);
    }

    #[test]
    fn lists_the_competences_tested() {
        let e = parse("has(dechets) and (has(mobilite) or has(dechets))").unwrap();
        assert_eq!(e.competences(), ["dechets", "mobilite"]);
    }

    #[test]
    fn a_competence_reads_the_type() {
        let e = parse("has(dechets) and population > 3500").unwrap();
        assert_eq!(e.facts(), [Fact::Type, Fact::Population]);
    }
}
