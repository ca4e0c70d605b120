//! The tokenizer of the condition language: words, numbers, dates, texts and operators, each
//! with its span in characters.

use super::{error, CmpOp, ExprError};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Word(String),
    Number(f64),
    Date(crate::Date),
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
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) fn describe(tok: &Tok) -> String {
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

pub(super) fn tokenize(src: &str) -> Result<Vec<Token>, ExprError> {
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
                let Ok(day) = rest.parse::<crate::Date>() else {
                    return error(start, format!("la date « {rest} » n'existe pas"));
                };
                i += 10;
                out.push(Token {
                    tok: Tok::Date(day),
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
