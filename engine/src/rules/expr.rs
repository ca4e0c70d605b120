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
//! `achats_annuels_ht`, `territoire`, `departement`, `region`) and `date`, the day of the
//! evaluation. Any other bare word is a constant (`commune`, `rural`…), checked against the
//! vocabulary of the fact it is compared with; inside a list, and after `type ==`, `niveau ==`
//! or `territoire ==`, a word is always a constant (`type == region` is the type « région », not
//! the profile's région). `param(id)` is the value of a dated parameter in
//! force at the evaluation date, `in_force(id)` (`en_vigueur`) says whether it has one, and
//! `has(id)` (`detient`) whether the collectivity holds a competence.
//!
//! ```
//! use ess_engine::rules::expr::parse;
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
    pub position: usize,
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "position {} : {}", self.position, self.message)
    }
}

impl std::error::Error for ExprError {}

fn error<T>(position0: usize, message: impl Into<String>) -> Result<T, ExprError> {
    Err(ExprError {
        position: position0 + 1,
        message: message.into(),
    })
}

/// A fact of the profile (or the date of evaluation) a condition can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fact {
    Type,
    Niveau,
    Population,
    Agents,
    Achats,
    Territoire,
    Departement,
    Region,
    Date,
}

impl Fact {
    pub const ALL: [Fact; 9] = [
        Fact::Type,
        Fact::Niveau,
        Fact::Population,
        Fact::Agents,
        Fact::Achats,
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

    pub fn parse(name: &str) -> Option<Fact> {
        Fact::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What kind of value the fact has.
    pub fn ty(self) -> Ty {
        match self {
            Fact::Population | Fact::Agents | Fact::Achats => Ty::Number,
            Fact::Date => Ty::Date,
            _ => Ty::Text,
        }
    }
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
    Ne,
}

impl CmpOp {
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

    fn ordered(self) -> bool {
        !matches!(self, CmpOp::Eq | CmpOp::Ne)
    }
}

/// A node of a parsed condition, with the span of text it comes from (0-based char indices).
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Bool(bool),
    Number(f64),
    /// `YYYY-MM-DD`.
    Date(String),
    /// A constant: a bare word that is not a fact, or a quoted text.
    Text(String),
    Fact(Fact),
    Param(String),
    InForce(String),
    Has(String),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    /// `item in [list]`; `negated` for `not in`.
    In {
        item: Box<Expr>,
        list: Vec<Expr>,
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

    /// The facts the condition reads, once each.
    pub fn facts(&self) -> Vec<Fact> {
        let mut nodes = Vec::new();
        self.walk(&mut nodes);
        let mut out = Vec::new();
        for n in nodes {
            if let ExprKind::Fact(f) = n.kind {
                if !out.contains(&f) {
                    out.push(f);
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Number(f64),
    Date(String),
    Text(String),
    Op(CmpOp),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    End,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Word(w) => format!("« {w} »"),
        Tok::Number(n) => format!("le nombre {n}"),
        Tok::Date(d) => format!("la date {d}"),
        Tok::Text(t) => format!("le texte \"{t}\""),
        Tok::Op(op) => format!("« {} »", op.symbol()),
        Tok::LParen => "« ( »".into(),
        Tok::RParen => "« ) »".into(),
        Tok::LBracket => "« [ »".into(),
        Tok::RBracket => "« ] »".into(),
        Tok::Comma => "« , »".into(),
        Tok::End => "la fin de la condition".into(),
    }
}

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

fn tokenize(src: &str) -> Result<Vec<Token>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let single = match c {
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            '[' => Some(Tok::LBracket),
            ']' => Some(Tok::RBracket),
            ',' => Some(Tok::Comma),
            '≥' => Some(Tok::Op(CmpOp::Ge)),
            '≤' => Some(Tok::Op(CmpOp::Le)),
            '≠' => Some(Tok::Op(CmpOp::Ne)),
            _ => None,
        };
        if let Some(tok) = single {
            i += 1;
            out.push(Token { tok, start, end: i });
            continue;
        }
        let next = chars.get(i + 1).copied();
        let op = match (c, next) {
            ('>', Some('=')) => Some((CmpOp::Ge, 2)),
            ('<', Some('=')) => Some((CmpOp::Le, 2)),
            ('=', Some('=')) => Some((CmpOp::Eq, 2)),
            ('!', Some('=')) => Some((CmpOp::Ne, 2)),
            ('>', _) => Some((CmpOp::Gt, 1)),
            ('<', _) => Some((CmpOp::Lt, 1)),
            ('=', _) => Some((CmpOp::Eq, 1)),
            _ => None,
        };
        if let Some((op, len)) = op {
            i += len;
            out.push(Token {
                tok: Tok::Op(op),
                start,
                end: i,
            });
            continue;
        }
        if c == '!' {
            return error(
                start,
                "« ! » seul n'existe pas : écrivez « not » (ou « non »), ou « != » pour « différent de »",
            );
        }
        if c == '"' {
            i += 1;
            let mut text = String::new();
            loop {
                match chars.get(i) {
                    None => return error(start, "texte entre guillemets jamais refermé"),
                    Some('"') => {
                        i += 1;
                        break;
                    }
                    Some(&ch) => {
                        text.push(ch);
                        i += 1;
                    }
                }
            }
            out.push(Token {
                tok: Tok::Text(text),
                start,
                end: i,
            });
            continue;
        }
        if c.is_ascii_digit() {
            // A date YYYY-MM-DD, or a number (digits, `_` separators, one decimal point).
            let rest: String = chars[i..chars.len().min(i + 10)].iter().collect();
            let is_date = rest.len() == 10
                && rest.chars().enumerate().all(|(k, ch)| {
                    if k == 4 || k == 7 {
                        ch == '-'
                    } else {
                        ch.is_ascii_digit()
                    }
                })
                && !chars.get(i + 10).is_some_and(|&ch| is_word_char(ch));
            if is_date {
                if !ess_corpus::is_iso_date(&rest) {
                    return error(start, format!("la date « {rest} » n'existe pas"));
                }
                i += 10;
                out.push(Token {
                    tok: Tok::Date(rest),
                    start,
                    end: i,
                });
                continue;
            }
            let mut text = String::new();
            while let Some(&ch) = chars.get(i) {
                if ch.is_ascii_digit() || ch == '.' || ch == '_' {
                    if ch != '_' {
                        text.push(ch);
                    }
                    i += 1;
                } else {
                    break;
                }
            }
            if chars.get(i).is_some_and(|&ch| is_word_char(ch)) {
                let mut word = text.clone();
                while let Some(&ch) = chars.get(i) {
                    if !is_word_char(ch) {
                        break;
                    }
                    word.push(ch);
                    i += 1;
                }
                return error(
                    start,
                    format!("« {word} » : un nombre ne peut pas être suivi de lettres (écrivez un texte entre guillemets, par exemple \"{word}\")"),
                );
            }
            if chars.get(i) == Some(&' ')
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                && chars.get(i + 2).is_some_and(char::is_ascii_digit)
                && chars.get(i + 3).is_some_and(char::is_ascii_digit)
            {
                return error(
                    start,
                    "écrivez les nombres sans espace (3500, ou 3_500), pas « 3 500 »",
                );
            }
            match text.parse::<f64>() {
                Ok(n) if text.matches('.').count() <= 1 && !text.ends_with('.') => {
                    out.push(Token {
                        tok: Tok::Number(n),
                        start,
                        end: i,
                    });
                }
                _ => return error(start, format!("nombre « {text} » invalide")),
            }
            continue;
        }
        if is_word_start(c) {
            let mut word = String::new();
            while let Some(&ch) = chars.get(i) {
                if !is_word_char(ch) {
                    break;
                }
                word.push(ch);
                i += 1;
            }
            if word.ends_with('-') {
                return error(i - 1, format!("« {word} » ne peut pas finir par un tiret"));
            }
            out.push(Token {
                tok: Tok::Word(word),
                start,
                end: i,
            });
            continue;
        }
        let hint = match c {
            '&' => " : écrivez « and » (ou « et »)",
            '|' => " : écrivez « or » (ou « ou »)",
            '\'' => " : les textes s'écrivent entre guillemets droits \"…\"",
            '+' | '*' | '/' => " : la langue des conditions ne calcule pas",
            _ => "",
        };
        return error(start, format!("caractère inattendu « {c} »{hint}"));
    }
    out.push(Token {
        tok: Tok::End,
        start: chars.len(),
        end: chars.len(),
    });
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Parser

/// Parses a condition. The result is only checked for syntax; see [`check`] for the meaning.
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
            Tok::Date(d) => leaf(ExprKind::Date(d.clone())),
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

// ---------------------------------------------------------------------------------------------
// Static check

/// The kind of value an expression has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Number,
    Date,
    Text,
}

impl Ty {
    fn french(self) -> &'static str {
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
    fn param_unit(&self, id: &str) -> Option<String>;
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
            Some(unit) if unit == "date" => Ok(Ty::Date),
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

#[cfg(test)]
mod tests {
    use super::*;

    struct Vocab;

    impl Vocabulary for Vocab {
        fn param_unit(&self, id: &str) -> Option<String> {
            match id {
                "seuil-spaser" => Some("EUR".into()),
                "date-x" => Some("date".into()),
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
}
