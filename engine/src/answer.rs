//! The answer: what a person reads, and the JSON that applications rely on (see the README's
//! "Answers in JSON" section and `../shared/GUIDE.md` §3).

use ess_corpus::{Corpus, Entry, Kind};
use serde::Serialize;

use crate::profile::Profile;
use crate::rules::Verdict;

/// One answer to one question.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub question: String,
    /// The date the answer holds for (`YYYY-MM-DD` in JSON).
    pub date: ess_corpus::Date,
    pub intent: String,
    /// What was understood of the asker (with what earlier turns said).
    pub profile: Profile,
    /// Theme ids the question was understood to be about.
    pub themes: Vec<String>,
    /// The answer for a person, in French, with its citations.
    pub text: String,
    /// Entries found, best first.
    pub items: Vec<Item>,
    /// Legal obligations evaluated for the profile.
    pub obligations: Vec<Verdict>,
    /// A clarifying question, when one fact would sharpen the answer.
    pub follow_up: Option<String>,
}

/// An entry of the knowledge base, as cited by an answer.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    pub score: f32,
    pub source: ItemSource,
    /// "Kit Municipal ESS, fiche 10, p. 21".
    pub citation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemSource {
    pub document: String,
    pub fiche: Option<u32>,
    pub page: Option<u32>,
}

impl Item {
    pub fn new(corpus: &Corpus, entry: &Entry, score: f32) -> Item {
        Item {
            kind: entry.kind,
            id: entry.id.clone(),
            title: entry.title.clone(),
            score: (score * 1000.0).round() / 1000.0,
            source: ItemSource {
                document: entry.source.document.clone(),
                fiche: entry.source.fiche,
                page: entry.source.page,
            },
            citation: corpus.citation(&entry.source),
        }
    }
}

/// The first sentence (or so) of a text, for a one-line summary.
pub fn first_sentence(text: &str, max_chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut end = text.len();
    // Inside « … » or ( … ), a full stop or an exclamation mark does not end the sentence:
    // « Moins de formalités, plus d'opportunités ! ».
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '«' | '(' => depth += 1,
            '»' | ')' => depth -= 1,
            _ => {}
        }
        if matches!(c, '.' | '!' | '?') && i > 20 && depth <= 0 {
            let next = text[i + c.len_utf8()..].chars().next();
            // "art. 13", "(art. 13", "L. 2111-3", "p. 21": a short word before the full
            // stop is an abbreviation, not the end of the sentence.
            let word_before = text[..i].rsplit(' ').next().unwrap_or("");
            let letters = word_before.chars().filter(|c| c.is_alphanumeric()).count();
            let abbreviation = c == '.' && letters <= 3;
            if next.is_none_or(|n| n == ' ') && !abbreviation {
                end = i + c.len_utf8();
                break;
            }
        }
    }
    let sentence = &text[..end];
    if sentence.chars().count() <= max_chars {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(max_chars).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_stops_at_the_full_stop() {
        assert_eq!(
            first_sentence("Une première phrase assez longue. Une seconde.", 200),
            "Une première phrase assez longue."
        );
        let long = "mot ".repeat(100);
        let s = first_sentence(&long, 30);
        assert!(s.ends_with('…') && s.chars().count() <= 31);
        assert_eq!(first_sentence("", 10), "");
        assert_eq!(
            first_sentence(
                "Depuis la loi NOTRe (art. 94), la région décide. Ensuite.",
                200
            ),
            "Depuis la loi NOTRe (art. 94), la région décide."
        );
        assert_eq!(
            first_sentence(
                "Le guide « Moins de formalités, plus d'opportunités ! » aide. Puis.",
                200
            ),
            "Le guide « Moins de formalités, plus d'opportunités ! » aide."
        );
        assert_eq!(
            first_sentence("Voir p. 21 du kit", 200),
            "Voir p. 21 du kit"
        );
    }
}
