//! French text analysis, as a tantivy pipeline of small filters.
//!
//! `FrenchTokenizer` (NFKC normalisation, words with their inner apostrophes) → `RemoveLongFilter`
//! → `LowerCaser` → [`remove_elision`] (l', d', qu', jusqu'…) → [`mark_adjective_communes`] →
//! French `StopWordFilter` (and « a », « à » without its accent, and the marked adjective) →
//! `AsciiFoldingFilter` (accents, œ, æ) → [`remove_plural_s`] → French Snowball `Stemmer`.
//!
//! Accents are folded *before* stemming so that "mobilité" and "mobilite" reduce to the same
//! stem: users often type without accents, and the stemmer treats accented and plain suffixes
//! differently. The same analyzer runs on documents and on queries.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, StopWordFilter,
    TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};
use unicode_normalization::UnicodeNormalization;

/// The name under which the analyzer is registered in the index.
pub const FRENCH: &str = "fr";

/// Builds the French analyzer: « L’économie des coopératives » and « economie cooperative »
/// give the same terms.
pub fn french_analyzer() -> TextAnalyzer {
    let stop_words = StopWordFilter::new(Language::French)
        .expect("tantivy is built with its French stop-word list");
    TextAnalyzer::builder(FrenchTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(WordFilter(remove_elision))
        .filter(WordFilter(expand_abbreviation))
        .filter(WordFilter(mark_words_kept_apart))
        .filter(PairFilter(mark_adjective_communes))
        .filter(stop_words)
        // « appels a projets »: « à » typed without its accent (the list has « à », not « a »);
        // « des actions communes »: the adjective says nothing of the subject.
        .filter(StopWordFilter::remove([
            "a".to_string(),
            ADJECTIVE_COMMUNES.to_string(),
        ]))
        .filter(AsciiFoldingFilter)
        .filter(WordFilter(remove_plural_s))
        .filter(Stemmer::new(Language::French))
        .filter(WordFilter(merge_stem_families))
        .build()
}

/// The terms the analyzer produces for `text`, in order.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Lowercase, accents and ligatures folded, typographic apostrophes made plain: the form used
/// to match phrases of the gazetteers (themes, glossary, places) against a question.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // ASCII is its own decomposition and never reorders with what surrounds it, so only
        // the runs of other characters go through NFKD: the same result, several times
        // cheaper on French text (an answer's text is folded at every turn).
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        let start = out.len();
        out.push_str(&rest[..ascii]);
        // ASCII folds to ASCII of the same length, in place.
        out[start..].make_ascii_lowercase();
        if out[start..].contains('`') {
            let folded = out[start..].replace('`', "'");
            out.truncate(start);
            out.push_str(&folded);
        }
        rest = &rest[ascii..];
        let other = rest.find(|c: char| c.is_ascii()).unwrap_or(rest.len());
        fold_other(&mut out, &rest[..other]);
        rest = &rest[other..];
    }
    out
}

/// A run of non-ASCII text, folded: the letters of French (é, à, ç, É…) and its typography
/// (’, «, », non-breaking spaces) from a table, the rest through NFKD. The same result as
/// NFKD throughout, since the table's letters decompose to a base letter and accents that
/// are dropped, and canonical reordering keeps the other marks in their order.
fn fold_other(out: &mut String, run: &str) {
    let mut rest = run;
    while !rest.is_empty() {
        let known = rest
            .char_indices()
            .find(|&(_, c)| french_fold(c).is_none())
            .map_or(rest.len(), |(i, _)| i);
        rest[..known].chars().for_each(|c| {
            if let Some(folded) = french_fold(c) {
                out.push_str(folded);
            }
        });
        rest = &rest[known..];
        let unknown = rest
            .char_indices()
            .find(|&(_, c)| french_fold(c).is_some())
            .map_or(rest.len(), |(i, _)| i);
        rest[..unknown].nfkd().for_each(|c| push_folded(out, c));
        rest = &rest[unknown..];
    }
}

/// The folded form of a character French text uses often, as NFKD and [`push_folded`] give it.
fn french_fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' | 'Â' | 'Ä' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Ö' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ÿ' | 'Ÿ' => "y",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        '’' | '‘' => "'",
        '«' => "«",
        '»' => "»",
        '\u{a0}' | '\u{202f}' => " ",
        '€' => "€",
        '–' => "–",
        '—' => "—",
        _ => return None,
    })
}

/// One character of an NFKD decomposition, folded.
fn push_folded(out: &mut String, c: char) {
    match c {
        '\u{0300}'..='\u{036f}' => {}
        '’' | 'ʼ' | '‘' | '`' | '´' => out.push('\''),
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        c => out.extend(c.to_lowercase()),
    }
}

/// A text folded (see [`fold`]) to its words — split at anything not a letter or a digit —
/// one space apart, with a space at each end: words occur in it, whole, one after the other,
/// when their own padded form is a substring ([`contains_words`]). One string, not a list of
/// words: an answer's text is read at every turn.
pub(crate) fn padded(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len() + 2);
    out.push(' ');
    // One pass: a letter or digit is kept, a run of anything else becomes one space.
    let mut word = 0;
    for (i, c) in folded.char_indices() {
        let alphanumeric = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if !alphanumeric {
            if word < i {
                out.push_str(&folded[word..i]);
                out.push(' ');
            }
            word = i + c.len_utf8();
        }
    }
    if word < folded.len() {
        out.push_str(&folded[word..]);
        out.push(' ');
    }
    out
}

/// Whether the words of `needle` occur in `hay`, both [`padded`].
pub(crate) fn contains_words(hay: &str, needle: &str) -> bool {
    needle.len() > 2 && hay.contains(needle)
}

/// An id as the corpus spells ids, from however a person or a script wrote it:
/// `communaute_agglomeration`, « Communauté d'agglomération » → `communaute-agglomeration`.
/// Folded (see [`fold`]), words joined by `-`, without the linking « d' » and « de ».
pub fn slug(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "d" && *w != "de")
        .collect::<Vec<_>>()
        .join("-")
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

/// Splits NFKC-normalised text into words. A word is a run of letters and digits; an
/// apostrophe between two letters stays inside the word (written `'`) so that the elision
/// filter can tell "l'économie" from two words.
#[derive(Clone, Default)]
pub struct FrenchTokenizer {
    tokens: Vec<Token>,
}

/// The tokens of one text, produced up front.
pub struct VecTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl Tokenizer for FrenchTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.tokens.clear();
        // Most text is NFKC already, which a quick check tells without allocating.
        let normalized: std::borrow::Cow<str> =
            match unicode_normalization::is_nfkc_quick(text.chars()) {
                unicode_normalization::IsNormalized::Yes => text.into(),
                _ => text.nfkc().collect::<String>().into(),
            };
        let chars: Vec<(usize, char)> = normalized.char_indices().collect();
        let mut word = String::new();
        let mut start = 0;
        let flush = |word: &mut String, start: usize, end: usize, tokens: &mut Vec<Token>| {
            if !word.is_empty() {
                tokens.push(Token {
                    offset_from: start,
                    offset_to: end,
                    position: tokens.len(),
                    text: std::mem::take(word),
                    position_length: 1,
                });
            }
        };
        for (i, &(offset, c)) in chars.iter().enumerate() {
            if c.is_alphanumeric() {
                if word.is_empty() {
                    start = offset;
                }
                word.push(c);
            } else if is_apostrophe(c)
                && !word.is_empty()
                && chars.get(i + 1).is_some_and(|(_, n)| n.is_alphabetic())
            {
                word.push('\'');
            } else {
                flush(&mut word, start, offset, &mut self.tokens);
            }
        }
        flush(&mut word, start, normalized.len(), &mut self.tokens);
        VecTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

impl TokenStream for VecTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// The French elided articles, pronouns and conjunctions, without their apostrophe.
const ELIDED: [&str; 13] = [
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Removes an elided prefix: "l'économie" → "économie", "jusqu'au" → "au". Runs after
/// lowercasing; other apostrophes ("aujourd'hui") are kept.
pub fn remove_elision(word: &mut String) {
    if let Some((prefix, rest)) = word.split_once('\'') {
        if ELIDED.contains(&prefix) && !rest.is_empty() {
            *word = rest.to_string();
        }
    }
}

/// The short forms people type for words the documents write in full.
const ABBREVIATIONS: [(&str, &str); 2] = [("asso", "association"), ("assos", "associations")];

/// Writes an abbreviation in full: « les assos » meets « les associations ». Runs after
/// lowercasing.
pub fn expand_abbreviation(word: &mut String) {
    if let Some((_, full)) = ABBREVIATIONS.iter().find(|(short, _)| short == word) {
        *word = full.to_string();
    }
}

/// Words the stemmer would merge with a word of another sense, each with the term that keeps
/// it apart: the feminine adjective « locale(s) » is not « local », also a noun (premises: « un
/// local à disposition » does not meet « monnaie locale »); the verb « bâtir » (« bâtir une
/// stratégie ») is not « bâtiment ». Matched after lowercasing, with or without accents.
const KEPT_APART: [(&[&str], &str); 2] = [
    (&["locale", "locales"], "locale_f"),
    (
        &[
            "bâtir",
            "batir",
            "bâtit",
            "batit",
            "bâtissons",
            "batissons",
            "bâtissez",
            "batissez",
            "bâtissent",
            "batissent",
        ],
        "batir_v",
    ),
];

/// Gives the words of [`KEPT_APART`] the term that keeps them apart. Runs after lowercasing.
pub fn mark_words_kept_apart(word: &mut String) {
    if let Some((_, term)) = KEPT_APART
        .iter()
        .find(|(forms, _)| forms.contains(&word.as_str()))
    {
        *word = term.to_string();
    }
}

/// Words before « communes » that keep it a noun (« nos communes », « petites communes »):
/// after any other plural word it is an adjective (« des formations communes »).
const BEFORE_THE_NOUN_COMMUNES: [&str; 40] = [
    "les",
    "des",
    "nos",
    "vos",
    "leurs",
    "ces",
    "mes",
    "tes",
    "ses",
    "aux",
    "dans",
    "sous",
    "plus",
    "moins",
    "tous",
    "toutes",
    "mais",
    "puis",
    "plusieurs",
    "certaines",
    "quelques",
    "autres",
    "petites",
    "grandes",
    "nouvelles",
    "nombreuses",
    "differentes",
    "différentes",
    "diverses",
    "mêmes",
    "memes",
    "moyennes",
    "grosses",
    "seules",
    "premières",
    "dernières",
    "trois",
    "vingts",
    "quelles",
    "anciennes",
];

/// The mark of « communes » as an adjective, dropped with the stop words.
const ADJECTIVE_COMMUNES: &str = "communes_adj";

/// « formations communes », « actions communes »: « communes » qualifying the plural word
/// right before it (no comma between: « intercommunalités, communes » lists both) is an
/// adjective, not collectivities: it is marked to be dropped. Runs after lowercasing.
pub fn mark_adjective_communes(previous: &str, adjacent: bool, word: &mut String) {
    let plural_noun_before = adjacent
        && previous.chars().count() >= 3
        && previous.ends_with('s')
        && !previous.chars().any(|c| c.is_ascii_digit())
        && !BEFORE_THE_NOUN_COMMUNES.contains(&previous);
    if word == "communes" && plural_noun_before {
        *word = ADJECTIVE_COMMUNES.to_string();
    }
}

/// Stems the Snowball stemmer leaves apart within one family of words, each with the stem of
/// the family: « financer » and « outils financiers », « alimentation » and « alimentaire »,
/// « énergie » and « énergétique » meet.
const STEM_FAMILIES: [(&str, &str); 15] = [
    ("financi", "financ"),
    ("financier", "financ"),
    ("alimentair", "aliment"),
    ("energet", "energ"),
    ("agricultur", "agricol"),
    ("culturel", "cultur"),
    ("recyclag", "recycl"),
    ("handicape", "handicap"),
    ("sportif", "sport"),
    ("tourist", "tourism"),
    ("jeuness", "jeun"),
    ("mobil", "mobilit"),
    ("inser", "insert"),
    ("porteur", "port"),
    ("portag", "port"),
];

/// Gives a stem of [`STEM_FAMILIES`] the stem of its family. Runs after the stemmer.
pub fn merge_stem_families(word: &mut String) {
    if let Some((_, family)) = STEM_FAMILIES.iter().find(|(stem, _)| stem == word) {
        *word = family.to_string();
    }
}

/// Drops the plural "s" of a folded word of five letters or more ("emplois" → "emploi"),
/// which the Snowball stemmer keeps after a vowel. Runs on documents and queries alike, so
/// the few words it clips ("frais") still meet themselves.
pub fn remove_plural_s(word: &mut String) {
    if word.len() >= 5 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        word.pop();
    }
}

/// A filter that rewrites each token's text in place with a plain function: each small step
/// of the pipeline (elisions, plurals) is one function, not one more set of tantivy types.
#[derive(Clone, Copy)]
pub struct WordFilter(pub fn(&mut String));

impl TokenFilter for WordFilter {
    type Tokenizer<T: Tokenizer> = WordFilterTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> WordFilterTokenizer<T> {
        WordFilterTokenizer(tokenizer, self.0)
    }
}

#[derive(Clone)]
pub struct WordFilterTokenizer<T>(T, fn(&mut String));

impl<T: Tokenizer> Tokenizer for WordFilterTokenizer<T> {
    type TokenStream<'a> = WordFilterTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        WordFilterTokenStream(self.0.token_stream(text), self.1)
    }
}

pub struct WordFilterTokenStream<S>(S, fn(&mut String));

impl<S: TokenStream> TokenStream for WordFilterTokenStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        (self.1)(&mut self.0.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// A filter that changes a word in place, seeing the word before it (as the stream had it)
/// and whether only a space separates them.
#[derive(Clone)]
pub struct PairFilter(pub fn(&str, bool, &mut String));

impl TokenFilter for PairFilter {
    type Tokenizer<T: Tokenizer> = PairFilterTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> PairFilterTokenizer<T> {
        PairFilterTokenizer(tokenizer, self.0)
    }
}

#[derive(Clone)]
pub struct PairFilterTokenizer<T>(T, fn(&str, bool, &mut String));

impl<T: Tokenizer> Tokenizer for PairFilterTokenizer<T> {
    type TokenStream<'a> = PairFilterTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PairFilterTokenStream {
            inner: self.0.token_stream(text),
            change: self.1,
            previous: String::new(),
            previous_end: None,
        }
    }
}

pub struct PairFilterTokenStream<S> {
    inner: S,
    change: fn(&str, bool, &mut String),
    previous: String,
    previous_end: Option<usize>,
}

impl<S: TokenStream> TokenStream for PairFilterTokenStream<S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        let adjacent = self
            .previous_end
            .is_some_and(|end| token.offset_from == end + 1);
        self.previous_end = Some(token.offset_to);
        let before = std::mem::replace(&mut self.previous, token.text.clone());
        (self.change)(&before, adjacent, &mut token.text);
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text, in any script, with control characters and query syntax: analysis
        /// never panics, and folding twice is folding once.
        #[test]
        fn analysis_takes_any_text(text in "\\PC{0,60}|[\\x00-\\x1f()\\[\\]{}^~*?:+\\-!\"'’«»]{0,30}") {
            let mut fr = french_analyzer();
            let _ = terms(&mut fr, &text);
            let once = fold(&text);
            prop_assert_eq!(fold(&once), once.clone());
            let s = slug(&text);
            prop_assert!(s.chars().all(|c| c.is_alphanumeric() || c == '-'));
            prop_assert_eq!(slug(&s), s.clone());
        }

        /// Folding ASCII runs apart is exactly folding the whole text through NFKD, combining
        /// marks and other scripts included.
        #[test]
        fn folding_by_runs_is_folding_the_whole(text in "(\\PC|[a-zA-Z \u{0300}-\u{036f}\u{0591}-\u{05c7}`’])*") {
            let mut whole = String::new();
            text.nfkd().for_each(|c| push_folded(&mut whole, c));
            prop_assert_eq!(fold(&text), whole);
        }

        /// Padding is folding, then words one space apart with a space at each end.
        #[test]
        fn padding_puts_words_one_space_apart(text in "\\PC{0,80}") {
            let words: Vec<String> = fold(&text)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| format!("{w} "))
                .collect();
            prop_assert_eq!(padded(&text), format!(" {}", words.concat()));
        }

        /// The same for French text, where the table of [`french_fold`] does most of the work:
        /// every character of the table, next to combining marks and other letters.
        #[test]
        fn folding_french_is_folding_the_whole(text in "[a-zA-Z àáâäÀÁÂÄçÇèéêëÈÉÊËìíîïÌÍÎÏñÑòóôöÒÓÔÖùúûüÙÚÛÜÿŸœŒæÆ’‘«»\u{a0}\u{202f}€–—…ﬁ\u{0300}-\u{036f}\u{0591}\u{05b0}\u{0323}]*") {
            let mut whole = String::new();
            text.nfkd().for_each(|c| push_folded(&mut whole, c));
            prop_assert_eq!(fold(&text), whole);
        }
    }

    #[test]
    fn abbreviations_meet_their_full_words() {
        assert_eq!(
            fr("les assos du quartier"),
            fr("les associations du quartier")
        );
        assert_eq!(fr("une asso"), fr("une association"));
    }

    #[test]
    fn elisions_accents_and_plurals_do_not_matter() {
        let mut fr = french_analyzer();
        let terms_of = terms(&mut fr, "L’économie des coopératives");
        assert_eq!(terms_of, terms(&mut fr, "economie cooperative"));
        assert!(!terms_of.is_empty());
    }
    use tantivy::tokenizer::SimpleTokenizer;

    fn fr(text: &str) -> Vec<String> {
        terms(&mut french_analyzer(), text)
    }

    fn default_terms(text: &str) -> Vec<String> {
        let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .build();
        terms(&mut a, text)
    }

    fn same(a: &str, b: &str) {
        assert_eq!(
            fr(a),
            fr(b),
            "« {a} » et « {b} » devraient s'analyser pareil"
        );
    }

    #[test]
    fn plurals_reduce_to_the_singular_stem() {
        same("coopérative", "coopératives");
        same("levier", "leviers");
        same("collectivité", "collectivités");
        same("rural", "ruraux");
        // Snowball keeps an "s" after a vowel: "emplois" would not meet "emploi".
        same("emploi", "emplois");
        same("relais", "relai");
        assert_ne!(default_terms("ruraux"), default_terms("rural"));
    }

    #[test]
    fn feminine_forms_meet_the_masculine() {
        same("rural", "rurale");
        same("solidaire", "solidaires");
        same("social", "sociale");
        assert_ne!(default_terms("rurale"), default_terms("rural"));
    }

    #[test]
    fn words_of_one_family_meet() {
        same("financer", "financiers");
        same("financement", "financière");
        same("alimentation", "alimentaire");
        same("énergie", "énergétique");
        same("jeunes", "jeunesse");
        same("porter", "porteur");
    }

    #[test]
    fn words_of_another_sense_stay_apart() {
        assert_ne!(fr("monnaie locale"), fr("monnaie local"));
        assert_ne!(fr("bâtir"), fr("bâtiment"));
        same("bâtir", "batir");
    }

    #[test]
    fn missing_accents_and_capitals_do_not_matter() {
        same("mobilité", "MOBILITE");
        same("économie", "economie");
        same("énergétique", "energetique");
        assert_ne!(default_terms("mobilité"), default_terms("mobilite"));
    }

    #[test]
    fn elisions_are_removed_with_both_apostrophes() {
        assert_eq!(fr("l'économie"), fr("économie"));
        assert_eq!(fr("l’économie"), fr("économie"));
        assert_eq!(fr("d’insertion"), fr("insertion"));
        assert_eq!(fr("qu'elle"), fr("elle"));
        assert_eq!(fr("jusqu’au bout"), fr("au bout"));
        assert_eq!(fr("lorsqu'il"), fr("il"));
        assert_eq!(fr("puisqu’on"), fr("on"));
        // The default tokenizer keeps "l" and splits on both apostrophes differently.
        assert!(default_terms("l’économie").contains(&"l".to_string()));
    }

    #[test]
    fn other_apostrophes_stay_inside_the_word() {
        assert_eq!(fr("aujourd'hui").len(), 1);
        same("aujourd'hui", "aujourd’hui");
    }

    #[test]
    fn stop_words_are_dropped() {
        assert!(fr("le la les des du de et pour dans").is_empty());
        assert_eq!(fr("les leviers pour la mobilité").len(), 2);
        // « à » typed without its accent is dropped as « à » is.
        same("appels a projets", "appels à projets");
    }

    #[test]
    fn communes_qualifying_a_plural_word_is_an_adjective() {
        same("des formations communes", "des formations");
        same("nos communes", "nos commune");
        same("plusieurs petites communes", "plusieurs petites commune");
        same("12 communes", "12 commune");
        same("intercommunalités, communes", "intercommunalités, commune");
    }

    #[test]
    fn ligatures_are_folded() {
        same("cœur", "coeur");
        same("Œuvre", "oeuvre");
        same("ex æquo", "ex aequo");
    }

    #[test]
    fn decomposed_unicode_is_normalised() {
        // "é" written as e + combining acute accent must not split the word.
        same("e\u{301}conomie", "économie");
        assert_eq!(fr("e\u{301}conomie").len(), 1);
    }

    #[test]
    fn hyphens_split_compounds() {
        assert_eq!(fr("centre-ville"), fr("centre ville"));
    }

    #[test]
    fn slugs_are_corpus_ids() {
        assert_eq!(slug("communaute_agglomeration"), "communaute-agglomeration");
        assert_eq!(
            slug("Communauté d'agglomération"),
            "communaute-agglomeration"
        );
        assert_eq!(slug(" Pays / PETR "), "pays-petr");
        assert_eq!(slug("sans:transports-voirie"), "sans-transports-voirie");
    }

    #[test]
    fn fold_matches_the_way_users_type() {
        assert_eq!(fold("Économie d’Œuvre"), "economie d'oeuvre");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "''",
            "’",
            "l'",
            "'l",
            "🙂 vélo 🚲",
            "\u{0}",
            "a\u{301}\u{301}",
            &"x".repeat(10_000),
        ] {
            let _ = fr(text);
        }
        assert!(
            fr(&"x".repeat(100)).is_empty(),
            "over-long tokens are dropped"
        );
    }
}
