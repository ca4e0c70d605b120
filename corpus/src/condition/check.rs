//! The static check of a parsed condition against the corpus vocabularies.

use super::{error, Expr, ExprError, ExprKind, Fact};
use crate::model::Unit;

/// The kind of value an expression has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A condition: true or false.
    Bool,
    /// A number.
    Number,
    /// A day.
    Date,
    /// A text or a vocabulary id.
    Text,
}

impl Ty {
    pub(crate) fn french(self) -> &'static str {
        match self {
            Ty::Bool => "une condition (vrai ou faux)",
            Ty::Number => "un nombre",
            Ty::Date => "une date",
            Ty::Text => "un texte",
        }
    }
}

/// What the checker needs to know of the corpus.
pub trait Vocabulary {
    /// The unit of a dated parameter (`EUR`, `date`…), `None` if there is no such parameter.
    fn param_unit(&self, id: &str) -> Option<Unit>;
    /// Whether `id` is a competence of the taxonomy.
    fn is_competence(&self, id: &str) -> bool;
    /// The ids a text fact can take (`type`: collectivity types…), `None` when free.
    fn values_of(&self, fact: Fact) -> Option<Vec<String>>;
}

/// Checks that a parsed condition means something: a condition at the top, comparable values
/// on each side of an operator, known parameters, competences and vocabulary ids.
pub fn check(expr: &Expr, vocab: &dyn Vocabulary) -> Result<(), ExprError> {
    let ty = type_of(expr, vocab)?;
    if ty != Ty::Bool {
        return error(
            expr.start,
            format!(
                "une condition est attendue, pas {} : comparez-le, par exemple « population >= 3500 »",
                ty.french()
            ),
        );
    }
    Ok(())
}

fn unknown_fact(e: &Expr, word: &str) -> Result<Ty, ExprError> {
    let facts: Vec<&str> = Fact::ALL.iter().map(|f| f.name()).collect();
    error(
        e.start,
        format!(
            "« {word} » n'est pas un fait connu ; les faits sont : {}",
            facts.join(", ")
        ),
    )
}

fn type_of(e: &Expr, vocab: &dyn Vocabulary) -> Result<Ty, ExprError> {
    match &e.kind {
        ExprKind::Bool(_) => Ok(Ty::Bool),
        ExprKind::Number(_) => Ok(Ty::Number),
        ExprKind::Date(_) => Ok(Ty::Date),
        ExprKind::Text(_) => Ok(Ty::Text),
        ExprKind::Fact(f) => Ok(f.ty()),
        ExprKind::Param(id) => match vocab.param_unit(id) {
            Some(Unit::Date) => Ok(Ty::Date),
            Some(_) => Ok(Ty::Number),
            None => error(
                e.start,
                format!("paramètre « {id} » inconnu (voir corpus/data/parametres/)"),
            ),
        },
        ExprKind::InForce(id) => match vocab.param_unit(id) {
            Some(_) => Ok(Ty::Bool),
            None => error(
                e.start,
                format!("paramètre « {id} » inconnu (voir corpus/data/parametres/)"),
            ),
        },
        ExprKind::Has(id) => {
            if vocab.is_competence(id) {
                Ok(Ty::Bool)
            } else {
                error(
                    e.start,
                    format!("compétence « {id} » inconnue (voir corpus/data/competences.toml)"),
                )
            }
        }
        ExprKind::Not(inner) => {
            expect_bool(inner, vocab, "« not »")?;
            Ok(Ty::Bool)
        }
        ExprKind::And(items) | ExprKind::Or(items) => {
            let op = if matches!(e.kind, ExprKind::And(_)) {
                "« and »"
            } else {
                "« or »"
            };
            for item in items {
                expect_bool(item, vocab, op)?;
            }
            Ok(Ty::Bool)
        }
        ExprKind::Cmp(op, a, b) => {
            let (ta, tb) = (type_of(a, vocab)?, type_of(b, vocab)?);
            if op.ordered() {
                for (side, ty) in [(a, ta), (b, tb)] {
                    if ty == Ty::Text || ty == Ty::Bool {
                        if let ExprKind::Text(w) = &side.kind {
                            return unknown_fact(side, w);
                        }
                        return error(
                            side.start,
                            format!(
                                "« {} » compare des nombres ou des dates, pas {}",
                                op.symbol(),
                                ty.french()
                            ),
                        );
                    }
                }
            }
            if ta != tb {
                if let ExprKind::Text(w) = &a.kind {
                    return unknown_fact(a, w);
                }
                if let ExprKind::Text(w) = &b.kind {
                    return unknown_fact(b, w);
                }
                return error(
                    b.start,
                    format!(
                        "comparaison impossible entre {} et {}",
                        ta.french(),
                        tb.french()
                    ),
                );
            }
            if ta == Ty::Text {
                match (&a.kind, &b.kind) {
                    (ExprKind::Fact(f), _) => check_value(*f, b, vocab)?,
                    (_, ExprKind::Fact(f)) => check_value(*f, a, vocab)?,
                    (ExprKind::Text(w), _) => return unknown_fact(a, w),
                    _ => {}
                }
            }
            Ok(Ty::Bool)
        }
        ExprKind::In { item, list, .. } => {
            let ti = type_of(item, vocab)?;
            if ti == Ty::Bool {
                return error(
                    item.start,
                    "« in » s'applique à une valeur, pas à une condition",
                );
            }
            if let ExprKind::Text(w) = &item.kind {
                return unknown_fact(item, w);
            }
            for v in list {
                let tv = type_of(v, vocab)?;
                if tv != ti {
                    return error(
                        v.start,
                        format!(
                            "la liste doit contenir {}, pas {}",
                            ti.french(),
                            tv.french()
                        ),
                    );
                }
                if let ExprKind::Fact(f) = item.kind {
                    check_value(f, v, vocab)?;
                }
            }
            Ok(Ty::Bool)
        }
    }
}

fn expect_bool(e: &Expr, vocab: &dyn Vocabulary, op: &str) -> Result<(), ExprError> {
    let ty = type_of(e, vocab)?;
    if ty != Ty::Bool {
        if let ExprKind::Text(w) = &e.kind {
            return unknown_fact(e, w).map(|_| ());
        }
        return error(
            e.start,
            format!("{op} relie des conditions, pas {}", ty.french()),
        );
    }
    Ok(())
}

/// A constant compared with a text fact must belong to that fact's vocabulary.
fn check_value(fact: Fact, value: &Expr, vocab: &dyn Vocabulary) -> Result<(), ExprError> {
    let ExprKind::Text(v) = &value.kind else {
        return Ok(());
    };
    if let Some(allowed) = vocab.values_of(fact) {
        if !allowed.iter().any(|a| a == v) {
            return error(
                value.start,
                format!(
                    "« {v} » n'est pas une valeur connue de « {} » ; valeurs permises : {}",
                    fact.name(),
                    allowed.join(", ")
                ),
            );
        }
    }
    Ok(())
}
