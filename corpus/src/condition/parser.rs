//! The recursive-descent parser of the condition language (grammar in the module's doc).

use super::lexer::{describe, tokenize, Tok, Token};
use super::{error, CmpOp, Expr, ExprError, ExprKind, Fact};

/// Parses a condition. The result is only checked for syntax; see [`check`](super::check) for the meaning.
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    let tokens = tokenize(src)?;
    if tokens.len() == 1 {
        return error(
            0,
            "condition vide : écrivez par exemple « true » ou « population >= 3500 »",
        );
    }
    let mut p = Parser { tokens, pos: 0 };
    let expr = p.or()?;
    let t = p.peek();
    if t.tok != Tok::End {
        let hint = match &t.tok {
            Tok::Word(_) | Tok::Number(_) | Tok::Date(_) | Tok::Text(_) => {
                " (un « and » ou un « or » manque-t-il ?)"
            }
            Tok::RParen => " (parenthèse fermante sans parenthèse ouvrante)",
            _ => "",
        };
        return error(
            t.start,
            format!(
                "{} inattendu après une condition complète{hint}",
                describe(&t.tok)
            ),
        );
    }
    Ok(expr)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

fn keyword(tok: &Tok, words: &[&str]) -> bool {
    matches!(tok, Tok::Word(w) if words.contains(&w.to_lowercase().as_str()))
}

const AND: &[&str] = &["and", "et"];
const OR: &[&str] = &["or", "ou"];
const NOT: &[&str] = &["not", "non"];
const IN: &[&str] = &["in", "dans"];
const TRUE: &[&str] = &["true", "vrai"];
const FALSE: &[&str] = &["false", "faux"];
const PARAM: &[&str] = &["param", "parametre"];
const IN_FORCE: &[&str] = &["in_force", "en_vigueur"];
const HAS: &[&str] = &["has", "detient"];

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos]
    }

    fn next(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        let first = self.and()?;
        let mut items = vec![first];
        while keyword(&self.peek().tok, OR) {
            let op = self.next();
            items.push(self.operand_after(&op, Self::and)?);
        }
        Ok(fold(items, ExprKind::Or))
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        let first = self.not()?;
        let mut items = vec![first];
        while keyword(&self.peek().tok, AND) {
            let op = self.next();
            items.push(self.operand_after(&op, Self::not)?);
        }
        Ok(fold(items, ExprKind::And))
    }

    fn operand_after(
        &mut self,
        op: &Token,
        parse: fn(&mut Parser) -> Result<Expr, ExprError>,
    ) -> Result<Expr, ExprError> {
        if self.peek().tok == Tok::End {
            let Tok::Word(w) = &op.tok else {
                unreachable!()
            };
            return error(op.start, format!("condition attendue après « {w} »"));
        }
        parse(self)
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        if keyword(&self.peek().tok, NOT) {
            let op = self.next();
            let inner = self.operand_after(&op, Self::not)?;
            let end = inner.end;
            return Ok(Expr {
                kind: ExprKind::Not(Box::new(inner)),
                start: op.start,
                end,
            });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, ExprError> {
        let left = self.term()?;
        let t = self.peek().clone();
        match &t.tok {
            Tok::Op(op) => {
                self.next();
                let mut right = self.term_after(&t)?;
                let mut left = left;
                // `type == region`: after a fact with a vocabulary, a word that also names a
                // fact (`region`, `departement`) is the constant of that vocabulary.
                if matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    if has_vocabulary(&left) {
                        as_constant(&mut right);
                    } else if has_vocabulary(&right) {
                        as_constant(&mut left);
                    }
                }
                let (start, end) = (left.start, right.end);
                Ok(Expr {
                    kind: ExprKind::Cmp(*op, Box::new(left), Box::new(right)),
                    start,
                    end,
                })
            }
            tok if keyword(tok, IN) => {
                self.next();
                self.list(left, false)
            }
            tok if keyword(tok, NOT)
                && keyword(
                    &self.tokens[(self.pos + 1).min(self.tokens.len() - 1)].tok,
                    IN,
                ) =>
            {
                self.next();
                self.next();
                self.list(left, true)
            }
            _ => Ok(left),
        }
    }

    fn term_after(&mut self, op: &Token) -> Result<Expr, ExprError> {
        if self.peek().tok == Tok::End {
            return error(
                op.start,
                format!(
                    "valeur attendue après {} (un nombre, un fait, param(…)…)",
                    describe(&op.tok)
                ),
            );
        }
        self.term()
    }

    fn list(&mut self, item: Expr, negated: bool) -> Result<Expr, ExprError> {
        let open = self.next();
        if open.tok != Tok::LBracket {
            return error(
                open.start,
                format!(
                    "« [ » attendu pour ouvrir la liste après « in », et non {}",
                    describe(&open.tok)
                ),
            );
        }
        let mut list = Vec::new();
        if self.peek().tok == Tok::RBracket {
            return error(
                open.start,
                "liste vide : donnez au moins une valeur entre [ et ]",
            );
        }
        loop {
            let t = self.peek().clone();
            if t.tok == Tok::End {
                return error(open.start, "liste jamais refermée : « ] » manquant");
            }
            let mut value = self.term()?;
            as_constant(&mut value);
            if !matches!(
                value.kind,
                ExprKind::Text(_) | ExprKind::Number(_) | ExprKind::Date(_)
            ) {
                return error(
                    value.start,
                    "une liste ne contient que des constantes (identifiants, nombres, dates ou textes)",
                );
            }
            list.push(value);
            let sep = self.next();
            match sep.tok {
                Tok::Comma => continue,
                Tok::RBracket => {
                    let start = item.start;
                    return Ok(Expr {
                        kind: ExprKind::In {
                            item: Box::new(item),
                            list,
                            negated,
                        },
                        start,
                        end: sep.end,
                    });
                }
                Tok::End => return error(open.start, "liste jamais refermée : « ] » manquant"),
                other => {
                    return error(
                        sep.start,
                        format!(
                            "« , » ou « ] » attendu dans la liste, et non {}",
                            describe(&other)
                        ),
                    )
                }
            }
        }
    }

    fn term(&mut self) -> Result<Expr, ExprError> {
        let t = self.next();
        let leaf = |kind| {
            Ok(Expr {
                kind,
                start: t.start,
                end: t.end,
            })
        };
        match &t.tok {
            Tok::Number(n) => leaf(ExprKind::Number(*n)),
            Tok::Date(d) => leaf(ExprKind::Date(*d)),
            Tok::Text(s) => leaf(ExprKind::Text(s.clone())),
            Tok::LParen => {
                if self.peek().tok == Tok::RParen {
                    return error(t.start, "parenthèses vides");
                }
                let inner = self.or()?;
                let close = self.next();
                if close.tok != Tok::RParen {
                    return error(
                        close.start,
                        format!(
                            "« ) » attendue pour fermer la parenthèse ouverte en position {}, et non {}",
                            t.start + 1,
                            describe(&close.tok)
                        ),
                    );
                }
                Ok(Expr {
                    start: t.start,
                    end: close.end,
                    ..inner
                })
            }
            Tok::Word(w) => {
                let lower = w.to_lowercase();
                let w = w.as_str();
                if TRUE.contains(&lower.as_str()) {
                    return leaf(ExprKind::Bool(true));
                }
                if FALSE.contains(&lower.as_str()) {
                    return leaf(ExprKind::Bool(false));
                }
                if PARAM.contains(&lower.as_str()) {
                    let (id, end) = self.call_arg(&t, w)?;
                    return Ok(Expr {
                        kind: ExprKind::Param(id),
                        start: t.start,
                        end,
                    });
                }
                if IN_FORCE.contains(&lower.as_str()) {
                    let (id, end) = self.call_arg(&t, w)?;
                    return Ok(Expr {
                        kind: ExprKind::InForce(id),
                        start: t.start,
                        end,
                    });
                }
                if HAS.contains(&lower.as_str()) {
                    let (id, end) = self.call_arg(&t, w)?;
                    return Ok(Expr {
                        kind: ExprKind::Has(id),
                        start: t.start,
                        end,
                    });
                }
                let reserved = [AND, OR, NOT, IN].concat();
                if reserved.contains(&lower.as_str()) {
                    return error(
                        t.start,
                        format!("« {w} » est un mot réservé : une valeur ou une condition est attendue ici"),
                    );
                }
                if self.peek().tok == Tok::LParen {
                    return error(
                        t.start,
                        format!(
                            "fonction « {w} » inconnue : param(…), in_force(…) ou has(…) attendue"
                        ),
                    );
                }
                match Fact::parse(w) {
                    Some(f) => leaf(ExprKind::Fact(f)),
                    None => leaf(ExprKind::Text(w.to_string())),
                }
            }
            Tok::End => error(
                t.start,
                "la condition s'arrête trop tôt : une valeur est attendue",
            ),
            other => error(
                t.start,
                format!(
                    "{} inattendu : une valeur ou une condition est attendue",
                    describe(other)
                ),
            ),
        }
    }

    /// `(` identifier `)` after `param`, `in_force` or `has`.
    fn call_arg(&mut self, name: &Token, w: &str) -> Result<(String, usize), ExprError> {
        let open = self.next();
        if open.tok != Tok::LParen {
            return error(
                open.start,
                format!(
                    "« ( » attendue après « {w} », et non {}",
                    describe(&open.tok)
                ),
            );
        }
        let arg = self.next();
        let Tok::Word(id) = &arg.tok else {
            return error(
                arg.start,
                format!(
                    "identifiant attendu dans {w}(…), et non {}",
                    describe(&arg.tok)
                ),
            );
        };
        let close = self.next();
        if close.tok != Tok::RParen {
            return error(
                close.start,
                format!(
                    "« ) » attendue pour fermer {w}( ouverte en position {}, et non {}",
                    name.start + 1,
                    describe(&close.tok)
                ),
            );
        }
        Ok((id.clone(), close.end))
    }
}

/// A fact whose values are ids of a vocabulary (`type`, `niveau`, `territoire`).
fn has_vocabulary(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Fact(Fact::Type | Fact::Niveau | Fact::Territoire)
    )
}

/// Reads a bare word that names a fact as a constant of the same spelling.
fn as_constant(e: &mut Expr) {
    if let ExprKind::Fact(f) = e.kind {
        e.kind = ExprKind::Text(f.name().to_string());
    }
}

fn fold(mut items: Vec<Expr>, make: fn(Vec<Expr>) -> ExprKind) -> Expr {
    if items.len() == 1 {
        return items.pop().expect("one item");
    }
    let start = items.first().map_or(0, |e| e.start);
    let end = items.last().map_or(0, |e| e.end);
    Expr {
        kind: make(items),
        start,
        end,
    }
}
