//! The numbers of a question and the facts they state. Each amount or count goes to the fact
//! whose cue (`faits.toml`) is nearest — a few words before the number or just after it —
//! or to none: « une subvention de 40 000 € » is a subsidy, « 70 M€ d'achats » annual
//! purchases, « 40 000 € » alone nothing at all. A number that cannot be a fact (negative, too
//! large, an amount with no cue) is said back in a notice, never silently changed.
//!
//! Only the shapes of numbers and units are patterns here; which words name which fact is data.

use std::sync::OnceLock;

use ess_corpus::{Corpus, Quantity};
use regex::Regex;

use crate::analysis::fold;

/// The largest amount read, in euros: beyond it a number is a typo, not a budget.
pub const MAX_AMOUNT: f64 = 1e15;

/// How many words may separate a cue written before the number from it (« une subvention
/// annuelle de 40 000 € », « une prestation d'entretien des espaces verts de 45 000 € »), and one
/// written after (« 70 M€ d'achats »), by kind of number.
fn reach(quantity: Quantity) -> (usize, usize) {
    match quantity {
        Quantity::Montant => (6, 2),
        // « 3 500 habitants », « population de 3 500 »: counts stand right by their noun.
        Quantity::Nombre => (2, 0),
        // « 60 % du capital », « détenir 60 % du capital d'une SCIC ».
        Quantity::Part => (2, 2),
    }
}

/// The cues of every fact a number can state, from the corpus.
#[derive(Debug, Default)]
pub(crate) struct Cues {
    facts: Vec<FactCues>,
}

#[derive(Debug)]
struct FactCues {
    id: String,
    object: bool,
    label: String,
    quantity: Quantity,
    /// Each cue as its words; a word ending in `*` matches any ending.
    cues: Vec<Vec<String>>,
    /// Another fact the same number states when one of these cues is in the question.
    counts_as: Option<(String, Vec<Vec<String>>)>,
    /// Words one of which the question must name for its numbers to state this fact.
    only_with: Vec<Vec<String>>,
    /// Another fact the number is instead, and when.
    instead: Option<Rather>,
}

/// The other fact a number is (`instead`): when one of `when` is in the question and none of
/// `unless`.
#[derive(Debug)]
struct Rather {
    fact: String,
    when: Vec<Vec<String>>,
    unless: Vec<Vec<String>>,
}

/// How near a cue is to a number: words between them, whether it stands before it, and its
/// length (longer first).
type Nearness = (usize, bool, std::cmp::Reverse<usize>);

impl Cues {
    pub(crate) fn build(corpus: &Corpus) -> Cues {
        let facts = corpus
            .facts
            .iter()
            .filter_map(|f| {
                Some(FactCues {
                    id: f.id.clone(),
                    object: f.object,
                    label: f.label.clone(),
                    quantity: f.quantity?,
                    cues: f.cues.iter().map(|c| words_of(c)).collect(),
                    counts_as: f.counts_as.as_ref().map(|other| {
                        (
                            other.fact.clone(),
                            other.when.iter().map(|c| words_of(c)).collect(),
                        )
                    }),
                    only_with: f.only_with.iter().map(|c| words_of(c)).collect(),
                    instead: f.instead.as_ref().map(|other| Rather {
                        fact: other.fact.clone(),
                        when: other.when.iter().map(|c| words_of(c)).collect(),
                        unless: other.unless.iter().map(|c| words_of(c)).collect(),
                    }),
                })
            })
            .collect();
        Cues { facts }
    }
}

impl FactCues {
    /// Whether the question names what the fact needs named (`only_with`), if anything.
    fn is_named(&self, tokens: &[Token]) -> bool {
        self.only_with.is_empty() || names_any(tokens, &self.only_with)
    }
}

impl Cues {
    /// The fact a number its cue gives to `fact` is, once the rest of the question is read
    /// (`instead`).
    fn rather<'c>(&'c self, fact: &'c FactCues, tokens: &[Token]) -> &'c FactCues {
        let Some(rather) = &fact.instead else {
            return fact;
        };
        if !names_any(tokens, &rather.when) || names_any(tokens, &rather.unless) {
            return fact;
        }
        self.facts
            .iter()
            .find(|f| f.id == rather.fact)
            .unwrap_or(fact)
    }
}

/// Whether one of `cues` is written somewhere in the question.
fn names_any(tokens: &[Token], cues: &[Vec<String>]) -> bool {
    cues.iter()
        .any(|cue| (0..tokens.len()).any(|start| cue_at(tokens, start, cue)))
}

impl Cues {
    /// The facts of what a question is about (`object`) that it names, with or without a
    /// number: « un marché de travaux » names the works contract whose value a verdict waits for.
    /// Only a cue that is a name of its own counts (several words, not ending on the
    /// preposition a number follows): « aider », « aide de » name nothing without an amount.
    pub(crate) fn named_objects(&self, question: &str) -> Vec<String> {
        let tokens = tokens(question);
        let names = |cue: &&Vec<String>| {
            cue.len() >= 2
                && !cue
                    .last()
                    .is_some_and(|w| matches!(w.as_str(), "de" | "a" | "du" | "d"))
        };
        let said = |cues: &[Vec<String>]| names_any(&tokens, cues);
        let mut named: Vec<String> = Vec::new();
        // « on achète pour 70 M€ par an » names the year's purchases, no contract (`instead`).
        for f in self.facts.iter().filter(|f| f.object) {
            let own: Vec<Vec<String>> = f.cues.iter().filter(names).cloned().collect();
            let rather = self.rather(f, &tokens);
            if said(&own) && rather.object && !named.contains(&rather.id) {
                named.push(rather.id.clone());
            }
        }
        // « subventionner une SCIC » names an aid to an undertaking too (`counts_as`).
        let second: Vec<String> = self
            .facts
            .iter()
            .filter(|f| named.contains(&f.id))
            .filter_map(|f| f.counts_as.as_ref())
            .filter(|(other, when)| !named.contains(other) && said(when))
            .map(|(other, _)| other.clone())
            .collect();
        for other in second {
            if !named.contains(&other) {
                named.push(other);
            }
        }
        named
    }

    /// The facts of what a question is about that an amount in euros states (a subsidy, a
    /// contract, an aid), with their labels.
    pub(crate) fn object_amounts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.facts
            .iter()
            .filter(|f| f.object && f.quantity == Quantity::Montant)
            .map(|f| (f.id.as_str(), f.label.as_str()))
    }

    /// Adds to `reading` the second fact each stated number is (`counts_as`) when the question
    /// names one of its cues and does not state that fact itself: « verser 300 000 € à une
    /// SCOP » is a subsidy and an aid to an undertaking.
    pub(crate) fn add_second_readings(&self, question: &str, reading: &mut Reading) {
        let tokens = tokens(question);
        let named = |cues: &[Vec<String>]| {
            cues.iter()
                .any(|cue| (0..tokens.len()).any(|start| cue_at(&tokens, start, cue)))
        };
        let mut added = Vec::new();
        for (id, value) in &reading.facts {
            let Some(f) = self.facts.iter().find(|f| &f.id == id) else {
                continue;
            };
            let Some((other, when)) = &f.counts_as else {
                continue;
            };
            let stated = reading.facts.iter().any(|(g, _)| g == other);
            if !stated && named(when) {
                added.push((other.clone(), *value));
            }
        }
        reading.facts.extend(added);
    }

    /// Whether fact `id` is what a question is about (`object` in `faits.toml`).
    pub(crate) fn is_object(&self, id: &str) -> bool {
        self.facts.iter().any(|f| f.id == id && f.object)
    }
}

/// What the numbers of a question say.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Reading {
    /// Facts stated, as (profile field, value), in the order of the question.
    pub facts: Vec<(String, f64)>,
    /// Numbers not retained, and why, in French.
    pub notices: Vec<String>,
    /// Where each retained fact is written, number and cue (bytes of the question).
    pub spans: Vec<std::ops::Range<usize>>,
    /// Amounts in euros with no cue, each with the notice said of it: a follow-up may give
    /// one to the subsidy or contract the conversation is about.
    pub unattributed: Vec<(f64, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    Euro,
    Percent,
    /// « 2 millions »: a multiplier without a unit, an amount or a count.
    Scaled,
    None,
}

#[derive(Debug)]
struct Number {
    /// Where it is in the question (bytes), unit included.
    span: std::ops::Range<usize>,
    value: Option<f64>,
    negative: bool,
    unit: Unit,
    /// « moins de » (-1), « plus de » (+1): the nearest whole value the words allow, so that a
    /// threshold worded « moins de » or « au moins » is decided the way the law reads it.
    bound: i8,
}

enum Token {
    /// A folded word and where it is in the question (bytes).
    Word(String, std::ops::Range<usize>),
    Number(Number),
}

/// Reads the numbers of `question` against the cues.
pub(crate) fn read(cues: &Cues, question: &str) -> Reading {
    let tokens = tokens(question);
    let mut reading = Reading::default();
    let mut taken: Vec<&str> = Vec::new();
    for (at, token) in tokens.iter().enumerate() {
        let Token::Number(n) = token else { continue };
        let nearest = nearest_fact(cues, &tokens, at, n.unit)
            .map(|(fact, span)| (cues.rather(fact, &tokens), span));
        // Said back as written, with the cue: « -5 habitants », « une subvention de -3 € ».
        let written = |span: &std::ops::Range<usize>| question[span.clone()].trim().to_string();
        let Some((fact, cue_span)) = nearest else {
            let written = written(&n.span);
            // « et si c'est 20 000 ? », « et pour 25 000, il faut quoi ? »: a number of
            // thousands that ends a clause is a value whose unit went unsaid — not a year
            // (« et en 2019 ? »), which the dates read.
            let stands_alone = n.unit == Unit::None
                && n.value
                    .is_some_and(|v| v >= 1_000.0 && !(1900.0..=2100.0).contains(&v))
                && ends_a_clause(question, &tokens, at, &n.span);
            if n.unit == Unit::Euro || stands_alone {
                let kinds: &[Quantity] = if n.unit == Unit::Euro {
                    &[Quantity::Montant]
                } else {
                    &[Quantity::Montant, Quantity::Nombre]
                };
                let labels: Vec<&str> = cues
                    .facts
                    .iter()
                    .filter(|f| kinds.contains(&f.quantity) && f.is_named(&tokens))
                    .map(|f| f.label.as_str())
                    .collect();
                let what = if n.unit == Unit::Euro {
                    "ce montant"
                } else {
                    "ce nombre"
                };
                let notice = format!(
                    "« {written} » : je ne sais pas à quoi correspond {what} ({} ?) ; il n'est pas retenu.",
                    or_list(&labels)
                );
                if let Some(v) = n.value.filter(|v| v.is_finite() && *v <= MAX_AMOUNT) {
                    if !n.negative {
                        reading.unattributed.push((v, notice.clone()));
                    }
                }
                reading.notices.push(notice);
            }
            continue;
        };
        let whole = n.span.start.min(cue_span.start)..n.span.end.max(cue_span.end);
        let written = written(&whole);
        if n.negative {
            reading.notices.push(format!(
                "« {} » : un nombre négatif ne peut pas être {} ; il n'est pas retenu.",
                written,
                with_article(&fact.label)
            ));
            continue;
        }
        let limit = match fact.quantity {
            Quantity::Montant => MAX_AMOUNT,
            Quantity::Nombre => u64::MAX as f64,
            Quantity::Part => 100.0,
        };
        let Some(value) = n.value.filter(|v| v.is_finite() && *v <= limit) else {
            reading.notices.push(format!(
                "« {} » : ce nombre est trop grand pour être {} ; il n'est pas retenu.",
                written,
                with_article(&fact.label)
            ));
            continue;
        };
        if fact.quantity == Quantity::Nombre && value.fract() != 0.0 {
            reading.notices.push(format!(
                "« {} » : {} est un nombre entier ; ce nombre n'est pas retenu.",
                written,
                upper_article(&fact.label)
            ));
            continue;
        }
        if taken.contains(&fact.id.as_str()) {
            // The first number of a fact is the one stated; another one is said back.
            reading.notices.push(format!(
                "« {} » : {} est déjà donné(e) plus haut dans la question ; ce second nombre n'est pas retenu.",
                written,
                with_article(&fact.label)
            ));
            continue;
        }
        taken.push(&fact.id);
        let value = (value + f64::from(n.bound)).max(0.0);
        reading.facts.push((fact.id.clone(), value));
        reading.spans.push(whole);
    }
    reading
}

/// Whether the number at `at` ends a clause: nothing after it, a punctuation mark, or a word
/// that says nothing of what it counts (« 25 000 seulement »).
fn ends_a_clause(
    question: &str,
    tokens: &[Token],
    at: usize,
    span: &std::ops::Range<usize>,
) -> bool {
    const SAYS_NOTHING: [&str; 5] = ["seulement", "environ", "pile", "finalement", "alors"];
    match tokens.get(at + 1) {
        Some(Token::Word(word, next)) => {
            SAYS_NOTHING.contains(&word.as_str())
                || question[span.end..next.start].contains([',', ';', ':', '.', '?', '!'])
        }
        _ => true,
    }
}

/// The fact whose cue is nearest the number at `at`, among those its unit allows.
fn nearest_fact<'c>(
    cues: &'c Cues,
    tokens: &[Token],
    at: usize,
    unit: Unit,
) -> Option<(&'c FactCues, std::ops::Range<usize>)> {
    let mut best: Option<(Nearness, &FactCues, std::ops::Range<usize>)> = None;
    for fact in &cues.facts {
        let fits = match (fact.quantity, unit) {
            (Quantity::Part, Unit::Percent) => true,
            (_, Unit::Percent) => false,
            (Quantity::Montant, Unit::Euro | Unit::Scaled) => true,
            (Quantity::Nombre, Unit::None | Unit::Scaled) => true,
            _ => false,
        };
        if !fits || !fact.is_named(tokens) {
            continue;
        }
        let (before, after) = reach(fact.quantity);
        for cue in &fact.cues {
            if let Some((gap, span)) = cue_distance(tokens, at, cue, before, after) {
                // At equal distance the word after the number names it: « acheter pour
                // 70 000 € de fournitures » is a contract for supplies. Then the longer cue,
                // which says more: « l'agglomération achète 70 M€ » is its purchases, where
                // « achète » alone would be one contract.
                let d = (
                    gap,
                    span.start < tokens_start(tokens, at),
                    std::cmp::Reverse(cue.len()),
                );
                if best.as_ref().is_none_or(|(b, _, _)| d < *b) {
                    best = Some((d, fact, span));
                }
            }
        }
    }
    best.map(|(_, f, span)| (f, span))
}

/// Whether `cue` is written at token `start`.
fn cue_at(tokens: &[Token], start: usize, cue: &[String]) -> bool {
    cue.iter()
        .enumerate()
        .all(|(i, w)| match tokens.get(start + i) {
            Some(Token::Word(t, _)) => match w.strip_suffix('*') {
                Some(prefix) => t.starts_with(prefix),
                None => t == w,
            },
            _ => false,
        })
}

/// Where the token at `at` starts in the question.
fn tokens_start(tokens: &[Token], at: usize) -> usize {
    match &tokens[at] {
        Token::Word(_, r) => r.start,
        Token::Number(n) => n.span.start,
    }
}

/// How many words separate the number at `at` from the nearest occurrence of `cue`, within
/// `before` words before it or `after` words after it, with no other number in between; and
/// where that occurrence is in the question.
fn cue_distance(
    tokens: &[Token],
    at: usize,
    cue: &[String],
    before: usize,
    after: usize,
) -> Option<(usize, std::ops::Range<usize>)> {
    let matches_at = |start: usize| cue_at(tokens, start, cue);
    let span = |start: usize| {
        let at = |i: usize| match &tokens[i] {
            Token::Word(_, r) => r.clone(),
            Token::Number(n) => n.span.clone(),
        };
        at(start).start..at(start + cue.len() - 1).end
    };
    let mut best: Option<(usize, usize)> = None;
    // Cue ending before the number.
    for gap in 0..=before {
        let Some(start) = at.checked_sub(gap + cue.len()) else {
            break;
        };
        if (start + cue.len()..at).any(|i| matches!(tokens[i], Token::Number(_))) {
            break;
        }
        if matches_at(start) {
            best = Some((gap, start));
            break;
        }
    }
    // Cue starting after it.
    for gap in 0..=after {
        let start = at + 1 + gap;
        if start >= tokens.len() || matches!(tokens[start - 1], Token::Number(_)) && gap > 0 {
            break;
        }
        if matches_at(start) {
            if best.is_none_or(|(b, _)| gap < b) {
                best = Some((gap, start));
            }
            break;
        }
    }
    best.map(|(gap, start)| (gap, span(start)))
}

/// The words and numbers of a question, folded; each number with the unit written after it.
fn tokens(question: &str) -> Vec<Token> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)(?P<sign>[-−–]\s?)?",
            r"(?P<num>\d+(?:[.,]\d+)?e[+-]?\d+|\d{1,3}(?:[ \u{a0}\u{202f}.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)",
            r"(?:\s*(?P<unit>milliards?\s+d['’]\s?euros|millions?\s+d['’]\s?euros|milliards?\s*(?:€|eur\b)|millions?\s*(?:€|eur\b)|md€|m€|meur\b|m\s?eur\b|k€|keur\b|€|eur\b|euros?\b|%|pour\s?cent\b|milliards?\b|millions?\b|e\b))?",
        ))
        .expect("the built-in pattern is valid")
    });
    let mut tokens = Vec::new();
    let mut last = 0;
    for caps in re.captures_iter(question) {
        let whole = caps.get(0).expect("a match has a whole");
        // A number glued to a letter or another number (« 1e », « 2021-2025 », « A75 ») is
        // not a quantity.
        let before = question[..whole.start()].chars().next_back();
        let glued = before
            .is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '/' || c == '.' || c == ',');
        let sign = caps.name("sign");
        let sign_glued = sign.is_some() && before.is_some_and(|c| c.is_alphanumeric());
        if glued || sign_glued {
            continue;
        }
        push_words(&mut tokens, question, last..whole.start());
        last = whole.end();
        tokens.push(Token::Number(number(&caps, whole.range())));
    }
    push_words(&mut tokens, question, last..question.len());
    // Bounds: the words right before a number.
    for i in 0..tokens.len() {
        if !matches!(tokens[i], Token::Number(_)) {
            continue;
        }
        let word = |k: usize| match i.checked_sub(k).map(|j| &tokens[j]) {
            Some(Token::Word(w, _)) => w.as_str(),
            _ => "",
        };
        let bound = match (word(3), word(2), word(1)) {
            (_, "moins", "de") | (_, "inferieur", "a") | (_, "inferieure", "a") => -1,
            ("au", "dela", "de")
            | (_, "plus", "de")
            | (_, "superieur", "a")
            | (_, "superieure", "a") => 1,
            _ => 0,
        };
        // « au moins 50 » is 50, not 49.
        let bound = if bound == -1 && word(3) == "au" && word(2) == "moins" {
            0
        } else {
            bound
        };
        if let Token::Number(n) = &mut tokens[i] {
            n.bound = bound;
        }
    }
    tokens
}

/// The words of `question[range]`, folded, with their places.
fn push_words(tokens: &mut Vec<Token>, question: &str, range: std::ops::Range<usize>) {
    let mut start = None;
    let text = &question[range.clone()];
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = fold(&text[s..i]);
                tokens.push(Token::Word(word, range.start + s..range.start + i));
                start = None;
            }
            _ => {}
        }
    }
}

fn words_of(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !(c.is_alphanumeric() || c == '*'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn number(caps: &regex::Captures<'_>, span: std::ops::Range<usize>) -> Number {
    let digits: String = caps["num"]
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    // « 5.200 » groups thousands; « 1.5 » and « 1,5 » are decimals.
    let grouped = digits.contains('.')
        && digits.split('.').skip(1).all(|g| g.len() == 3)
        && !digits.contains(',');
    let plain: String = if grouped {
        digits.replace('.', "")
    } else {
        digits.replace(',', ".")
    };
    let unit_text = caps
        .name("unit")
        .map(|u| fold(u.as_str()))
        .unwrap_or_default();
    let (unit, factor) = if unit_text.is_empty() {
        (Unit::None, 1.0)
    } else if unit_text.starts_with('%') || unit_text.starts_with("pour") {
        (Unit::Percent, 1.0)
    } else {
        let factor = if unit_text.starts_with("milliard") || unit_text.starts_with("md") {
            1e9
        } else if unit_text.starts_with('m') {
            1e6
        } else if unit_text.starts_with('k') {
            1e3
        } else {
            1.0
        };
        // « 15000e » is typed for euros; « 1e » (premier) is no amount.
        let typed_e = unit_text == "e" && plain.len() >= 3;
        if unit_text == "e" && !typed_e {
            (Unit::None, 1.0)
        } else {
            let euro = unit_text.contains('€') || unit_text.contains("eur") || typed_e;
            (if euro { Unit::Euro } else { Unit::Scaled }, factor)
        }
    };
    Number {
        span,
        value: plain.parse::<f64>().ok().map(|v| v * factor),
        negative: caps.name("sign").is_some(),
        unit,
        bound: 0,
    }
}

/// « la population », « le montant de la subvention », « l'effectif ».
pub(crate) fn with_article(label: &str) -> String {
    let feminine = ["population", "valeur"];
    let first = label.split_whitespace().next().unwrap_or("");
    if first.starts_with(|c: char| "aeiouhéè".contains(c)) {
        format!("l'{label}")
    } else if feminine.contains(&first) {
        format!("la {label}")
    } else {
        format!("le {label}")
    }
}

fn upper_article(label: &str) -> String {
    crate::french::upper_first(&with_article(label))
}

/// « a, b ou c ».
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} ou {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues() -> Cues {
        Cues::build(&Corpus::builtin().expect("the built-in corpus loads"))
    }

    fn facts(q: &str) -> Vec<(String, f64)> {
        read(&cues(), q).facts
    }

    fn one(id: &str, v: f64) -> Vec<(String, f64)> {
        vec![(id.to_string(), v)]
    }

    #[test]
    fn each_amount_goes_to_the_fact_its_cue_names() {
        assert_eq!(
            facts("on verse une subvention de 40 000 euros a une association"),
            one("subvention", 40_000.0)
        );
        assert_eq!(
            facts("70 M€ d'achats par an"),
            one("achats_annuels_ht", 70e6)
        );
        assert_eq!(
            facts("nous achetons pour 70 millions d'euros par an"),
            one("achats_annuels_ht", 70e6)
        );
        assert_eq!(
            facts("peut-on acheter pour 70 000 € de fournitures ?"),
            one("marche_fournitures_services_ht", 70_000.0)
        );
        assert_eq!(
            facts("un marché de travaux de 80 000 € HT"),
            one("marche_travaux_ht", 80_000.0)
        );
        assert_eq!(
            facts("une agglomération de 70 M€ d'achats qui verse une subvention de 30 000 €"),
            vec![
                ("achats_annuels_ht".to_string(), 70e6),
                ("subvention".to_string(), 30_000.0)
            ]
        );
    }

    #[test]
    fn the_rest_of_the_question_can_make_a_number_another_fact() {
        // Aid to an association is a subsidy; to an undertaking, an aid.
        assert_eq!(
            facts("on aide l'association du village à hauteur de 30 000 €"),
            one("subvention", 30_000.0)
        );
        assert_eq!(
            facts("on aide l'entreprise à hauteur de 30 000 €"),
            one("aide_entreprise", 30_000.0)
        );
        // Bought per year: the year's purchases; one contract per year stays a contract.
        assert_eq!(
            facts("notre agglomération achète 70 M€ par an"),
            one("achats_annuels_ht", 70e6)
        );
        assert_eq!(
            facts("on achète pour 70 M€ par an"),
            one("achats_annuels_ht", 70e6)
        );
        assert_eq!(
            facts("un marché de services de 300 000 € par an"),
            one("marche_fournitures_services_ht", 300_000.0)
        );
        let c = cues();
        assert!(c
            .named_objects("on achète pour 70 M€ par an")
            .iter()
            .all(|id| id != "marche_fournitures_services_ht"));
    }

    #[test]
    fn a_number_of_thousands_standing_alone_is_an_amount_left_unattributed() {
        let r = read(&cues(), "et si c'est 20 000 ?");
        assert!(r.facts.is_empty());
        assert_eq!(r.unattributed.first().map(|(v, _)| *v), Some(20_000.0));
        // Followed by its noun, or too small to be an amount, it is something else.
        assert!(read(&cues(), "on a 3 écoles").unattributed.is_empty());
        assert!(read(&cues(), "et si c'est 20 ?").unattributed.is_empty());
    }

    #[test]
    fn money_given_is_a_subsidy() {
        assert_eq!(
            facts("on donne 25000 euros par an a une asso"),
            vec![("subvention".to_string(), 25_000.0)]
        );
        assert_eq!(
            facts("nous versons 12 000 € au centre social"),
            vec![("subvention".to_string(), 12_000.0)]
        );
    }

    #[test]
    fn an_amount_without_a_cue_states_nothing_and_is_said_back() {
        let r = read(&cues(), "on a 40 000 € pour l'association");
        assert!(r.facts.is_empty());
        assert_eq!(r.notices.len(), 1);
        assert!(r.notices[0].contains("40 000 €"), "{:?}", r.notices);
    }

    #[test]
    fn counts_stand_by_their_noun() {
        assert_eq!(
            facts("une commune de 3 500 habitants et 60 agents"),
            vec![
                ("population".to_string(), 3500.0),
                ("agents".to_string(), 60.0)
            ]
        );
        assert_eq!(facts("moins de 3 500 habitants"), one("population", 3499.0));
        assert_eq!(facts("au moins 50 agents"), one("agents", 50.0));
        assert_eq!(
            facts("plus de 50 M€ d'achats"),
            one("achats_annuels_ht", 50e6 + 1.0)
        );
        // Years, fiche numbers and codes are not counts.
        assert!(facts("la fiche 10 en 2021 dans le 26").is_empty());
    }

    #[test]
    fn sign_and_magnitude_are_kept_or_the_number_refused_with_a_word() {
        for q in [
            "-5 habitants",
            "1e309 habitants",
            "99999999999999999999999 habitants",
        ] {
            let r = read(&cues(), q);
            assert!(r.facts.is_empty(), "{q}: {:?}", r.facts);
            assert_eq!(r.notices.len(), 1, "{q}");
            assert!(r.notices[0].contains("population"), "{:?}", r.notices);
        }
        assert!(read(&cues(), "pour -5 habitants ?").notices[0].starts_with("« -5 habitants » :"));
        assert_eq!(facts("1e6 habitants"), one("population", 1e6));
        // A range is not a negative number.
        assert!(read(&cues(), "les années 2021-2025").notices.is_empty());
    }
}
