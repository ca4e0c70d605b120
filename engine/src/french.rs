//! Writing numbers, amounts and dates the French way, for the answers people read.

use ess_corpus::{Date, Entry, ParamValue, Unit};

/// The months, in French.
pub(crate) const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A day the French way: 2023-01-01 → "1er janvier 2023".
pub fn date(day: Date) -> String {
    let month = MONTHS[day.month() as usize - 1];
    match day.day() {
        1 => format!("1er {month} {}", day.year()),
        d => format!("{d} {month} {}", day.year()),
    }
}

/// 50000000 → "50 000 000"; 57.5 → "57,5"; at most two decimals, rounded (1.999 → "2").
pub fn number(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    let cents = (n.abs() * 100.0).round();
    let (int, frac) = ((cents / 100.0).trunc() as u64, (cents % 100.0) as u64);
    let digits = int.to_string();
    let mut out = String::new();
    if n < 0.0 && cents > 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            // A narrow no-break space would be typographically right, but terminals and
            // existing scripts expect the plain space.
            out.push(' ');
        }
        out.push(c);
    }
    if frac > 0 {
        let decimals = format!("{frac:02}");
        out.push(',');
        out.push_str(decimals.trim_end_matches('0'));
    }
    out
}

/// 50000000 → "50 M€"; 300000 → "300 000 €".
pub fn euros(n: f64) -> String {
    if n >= 1e6 && (n / 1e5).fract() == 0.0 {
        format!("{} M€", number(n / 1e6))
    } else {
        format!("{} €", number(n))
    }
}

/// A parameter value with its unit: "50 M€", "57,5 %", "3 500 habitants", "1er janvier 2024".
pub fn with_unit(unit: Unit, v: &ParamValue) -> String {
    match (unit, v) {
        (_, ParamValue::Date(d)) => date(*d),
        (Unit::Eur, ParamValue::Number(n)) => euros(*n),
        (Unit::Percent, ParamValue::Number(n)) => format!("{} %", number(*n)),
        (Unit::Date, ParamValue::Number(n)) => number(*n),
        (Unit::Inhabitants, ParamValue::Number(n)) => format!("{} habitants", number(*n)),
        (Unit::Agents, ParamValue::Number(n)) => format!("{} agents", number(*n)),
    }
}

/// The value of a parameter entry, with the entry's unit.
pub fn value(entry: &Entry, v: &ParamValue) -> String {
    match entry.unit {
        Some(unit) => with_unit(unit, v),
        None => match v {
            ParamValue::Number(n) => number(*n),
            ParamValue::Date(d) => date(*d),
        },
    }
}

/// "commune inconnue" → "Commune inconnue": a message that starts a sentence.
pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Mobilité" → "mobilité", but "L'ESS : définition" → "l'ESS : définition" and "SPASER" stays:
/// only the first letter, and never inside an acronym.
pub fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(_), Some(second)) if second.is_uppercase() => label.to_string(),
        (Some(first), _) => first.to_lowercase().chain(label.chars().skip(1)).collect(),
        _ => String::new(),
    }
}

/// What a dated parameter says at `at`: the value in force, since when and by which text, and
/// the older value a source document cites when it differs.
pub fn parameter_statement(entry: &Entry, at: Date, citation: impl Fn(&str) -> String) -> String {
    let Some(current) = entry.value_at(at) else {
        let first = entry.values.as_deref().and_then(|v| v.first());
        return match first {
            Some(first) => format!(
                "{} : aucune valeur en vigueur au {} ; la première, {}, vaut à compter du {} ({}).",
                entry.title,
                date(at),
                value(entry, &first.value),
                date(first.since),
                first.reference.title
            ),
            None => format!("{} : aucune valeur connue.", entry.title),
        };
    };
    // A date is not "in force at" another date: « le 21 août 2026 », as the text in force says.
    let mut out = if entry.unit == Some(Unit::Date) {
        format!(
            "{} : le {} ({} ; {}).",
            entry.title,
            value(entry, &current.value),
            current.reference.title,
            verification(current)
        )
    } else {
        format!(
            "{} : {} au {} (en vigueur depuis le {} ; {} ; {}).",
            entry.title,
            value(entry, &current.value),
            date(at),
            date(current.since),
            current.reference.title,
            verification(current)
        )
    };
    let older_cited = entry
        .values
        .iter()
        .flatten()
        .filter(|v| v.since < current.since && v.value != current.value)
        .filter_map(|v| v.cited_by.as_deref().map(|doc| (v, doc)))
        .max_by(|a, b| a.0.since.cmp(&b.0.since));
    if let Some((old, doc)) = older_cited {
        out.push_str(&format!(
            " {} cite la valeur antérieure, {}, qui n'est plus en vigueur.",
            citation(doc),
            value(entry, &old.value)
        ));
    }
    out.push_str(&announcements(entry, at));
    out
}

/// The values texts published by `at` set from a day not yet verified, each in a sentence
/// that opens with a space (empty when there is none).
pub fn announcements(entry: &Entry, at: Date) -> String {
    entry
        .announced
        .iter()
        .filter(|a| a.published <= at)
        .map(|a| {
            format!(
                " Attention : un texte publié le {}, {}, fixe cette valeur à {} ; le jour où il s'applique n'a pas été vérifié, et la valeur ci-dessus peut ne plus valoir.",
                date(a.published),
                a.reference.title,
                value(entry, &a.value)
            )
        })
        .collect()
}

/// The values a parameter took later in the year `year` than its first day, when a question
/// asked of the year (« et en 2020 ? ») is answered on 1 January: « En 2020, le seuil … a
/// changé en cours d'année : 70 000 € à compter du 24 juillet 2020, puis … ».
pub fn changes_in_year(entry: &Entry, year: i32) -> Option<String> {
    let values = entry.values.as_deref()?;
    let steps: Vec<String> = values
        .iter()
        .filter(|v| v.since.year() == year && (v.since.month(), v.since.day()) != (1, 1))
        .map(|v| {
            format!(
                "{} à compter du {} ({})",
                value(entry, &v.value),
                date(v.since),
                v.reference.title
            )
        })
        .collect();
    (!steps.is_empty()).then(|| {
        format!(
            "en {year}, la valeur « {} » a changé en cours d'année : {}",
            entry.title,
            steps.join(", puis ")
        )
    })
}

/// « depuis quand ? »: every value of a parameter from the first, each with its start and
/// its text, the one in force at `at` said so; `None` for a date or a single value.
pub fn parameter_history(entry: &Entry, at: Date) -> Option<String> {
    let values = entry.values.as_deref()?;
    if entry.unit == Some(Unit::Date) || values.len() < 2 {
        return None;
    }
    let current = entry.value_at(at).map(|v| v.since);
    let steps: Vec<String> = values
        .iter()
        .map(|v| {
            let in_force = if current == Some(v.since) {
                format!(", en vigueur au {} ; {}", date(at), verification(v))
            } else {
                String::new()
            };
            format!(
                "{} à compter du {} ({}{in_force})",
                value(entry, &v.value),
                date(v.since),
                v.reference.title
            )
        })
        .collect();
    Some(format!("{} : {}.", entry.title, steps.join(", puis ")))
}

/// Whether a value was checked against the official text, and when: a value that was not is
/// never stated as certain (issue 11).
pub fn verification(v: &ess_corpus::DatedValue) -> String {
    match v.checked {
        Some(day) => format!("valeur vérifiée le {}", date(day)),
        None => "valeur non vérifiée sur le texte officiel".to_string(),
    }
}

/// The first sentence (or so) of a text, for a one-line summary. A long sentence is given
/// whole when it ends soon after `max_chars`, else up to its last clause (« ; ») within
/// them, else cut at a word with « … ».
pub fn first_sentence(text: &str, max_chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = &text[..first_sentence_end(&text)];
    let length = sentence.chars().count();
    if length <= max_chars + max_chars / 2 {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(max_chars).collect();
    if let Some((clause, _)) = cut.rsplit_once("; ") {
        if clause.chars().count() >= max_chars / 2 && balanced(clause) {
            return format!("{}.", clause.trim_end());
        }
    }
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Whether every bracket and quotation mark `text` opens it also closes.
fn balanced(text: &str) -> bool {
    let count = |c: char| text.chars().filter(|&x| x == c).count();
    count('(') == count(')') && count('«') == count('»')
}

/// The first sentence of `text`, and the later one that says what has changed since the
/// documents (« Depuis le 1er avril 2026, ce seuil est de 60 000 € HT… »), if any: a figure of
/// the kit is not shown without its update.
pub fn summary(text: &str, max_chars: usize) -> String {
    summary_on(text, max_chars, None)
}

/// [`summary`] of an answer at date `at`: an update whose day is still to come at that date
/// is not told as done (at 1 June 2021, the ceiling of 2024 is not « depuis »).
pub fn summary_on(text: &str, max_chars: usize, at: Option<Date>) -> String {
    let first = first_sentence(text, max_chars);
    let happened =
        |s: &str| at.is_none_or(|at| crate::understand::day_written(s).is_none_or(|day| day <= at));
    let update = sentences(text)
        .into_iter()
        .skip(1)
        .find(|s| tells_an_update(s) && happened(s));
    match update {
        Some(u) if !first.ends_with('…') => format!("{first} {}", first_sentence(&u, max_chars)),
        _ => first,
    }
}

/// Whether a sentence says what holds since a day after the documents were written
/// (« Depuis le 1er avril 2026, … », « Ce seuil est de 60 000 € HT depuis le 1er avril
/// 2026 »): « depuis le » or « à compter du » before a year from 2020 on.
fn tells_an_update(sentence: &str) -> bool {
    ["Depuis le ", "depuis le ", "à compter du ", "À compter du "]
        .iter()
        .flat_map(|cue| sentence.match_indices(cue))
        .any(|(at, cue)| {
            let after: String = sentence[at + cue.len()..].chars().take(24).collect();
            after
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|w| w.parse::<u32>().ok())
                .any(|year| (2020..2100).contains(&year))
        })
}

/// Where the first sentence of `text` (spaces already collapsed) ends, in bytes.
fn first_sentence_end(text: &str) -> usize {
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
            // After a closing « » » or « ) » the full stop ends the sentence.
            let closes = word_before.ends_with(['»', ')']);
            let abbreviation = c == '.' && letters <= 3 && !closes;
            if next.is_none_or(|n| n == ' ') && !abbreviation {
                return i + c.len_utf8();
            }
        }
    }
    text.len()
}

/// Whether a sentence gives a date: a year (« en 2001 ») or a month (« en novembre »).
pub fn names_a_date(sentence: &str) -> bool {
    sentence.split(|c: char| !c.is_alphanumeric()).any(|w| {
        MONTHS.contains(&w.to_lowercase().as_str())
            || (w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y)))
    })
}

/// The words of five letters or more, folded and cut to their first five letters: a rough
/// stem that matches « fondé » with « fondée », « créé » does not reach it, « créée » does.
pub fn content_words(text: &str) -> Vec<String> {
    crate::analysis::fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 5)
        .map(|w| w.chars().take(5).collect())
        .collect()
}

/// The sentences of a text, in order, spaces collapsed.
pub fn sentences(text: &str) -> Vec<String> {
    let mut rest = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    while !rest.is_empty() {
        let end = first_sentence_end(&rest);
        out.push(rest[..end].trim().to_string());
        rest = rest[end..].trim_start().to_string();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_summary_keeps_the_update_of_a_figure() {
        let text = "Guide de 2020 sur les marchés de moins de 40 000 € HT, sous-titré « Moins de \
                    formalités ! ». Il a été diffusé auprès des acheteurs. Depuis le 1er avril 2026, ce seuil est de \
                    60 000 € HT.";
        assert_eq!(
            summary(text, 220),
            "Guide de 2020 sur les marchés de moins de 40 000 € HT, sous-titré « Moins de \
             formalités ! ». Depuis le 1er avril 2026, ce seuil est de 60 000 € HT."
        );
        assert_eq!(
            summary("Une phrase assez longue pour compter. Une autre.", 220),
            "Une phrase assez longue pour compter."
        );
        // The update may come at the end of its sentence; an older day is no update.
        let text = "La fiche cite un seuil de 40 000 € HT pour la cantine. Ce seuil est de \
                    60 000 € HT depuis le 1er avril 2026 (décret n° 2025-1386).";
        assert!(summary(text, 220).ends_with("depuis le 1er avril 2026 (décret n° 2025-1386)."));
        let text = "La fiche cite un seuil de 40 000 € HT pour la cantine. Ce seuil est de \
                    60 000 € HT depuis le 1er avril 2026 (décret n° 2025-1386).";
        assert_eq!(
            summary_on(text, 220, Some(day("2025-06-01"))),
            "La fiche cite un seuil de 40 000 € HT pour la cantine."
        );
        assert!(summary_on(text, 220, Some(day("2026-04-01"))).ends_with("(décret n° 2025-1386)."));
        let text = "Le menu végétarien est servi chaque semaine. Il est expérimenté depuis le \
                    1er novembre 2019.";
        assert_eq!(
            summary(text, 220),
            "Le menu végétarien est servi chaque semaine."
        );
    }

    #[test]
    fn a_long_sentence_ends_on_a_boundary_when_it_can() {
        let clause =
            "Une phrase qui dit une première chose utile à la collectivité et à ses partenaires";
        let sentence = format!(
            "{clause} ; puis {}.",
            "une suite encore plus longue ".repeat(12)
        );
        assert_eq!(first_sentence(&sentence, 100), format!("{clause}."));
        let whole = format!("Une phrase de {}mots.", "quelques ".repeat(12));
        assert_eq!(first_sentence(&whole, 100), whole);
        let endless = format!("Sans fin {}.", "et encore ".repeat(40));
        assert!(first_sentence(&endless, 100).ends_with('…'));
    }

    #[test]
    fn dates_in_french() {
        assert_eq!(date(day("2023-01-01")), "1er janvier 2023");
        assert_eq!(date(day("2026-08-22")), "22 août 2026");
        assert_eq!(date(day("2024-02-29")), "29 février 2024");
    }

    #[test]
    fn values_with_their_unit() {
        let n = ParamValue::Number;
        assert_eq!(with_unit(Unit::Eur, &n(50_000_000.0)), "50 M€");
        assert_eq!(with_unit(Unit::Eur, &n(5_404_000.0)), "5 404 000 €");
        assert_eq!(with_unit(Unit::Eur, &n(23_000.0)), "23 000 €");
        assert_eq!(with_unit(Unit::Inhabitants, &n(3500.0)), "3 500 habitants");
        assert_eq!(with_unit(Unit::Percent, &n(57.5)), "57,5 %");
        assert_eq!(
            with_unit(Unit::Date, &ParamValue::Date(day("2024-01-01"))),
            "1er janvier 2024"
        );
    }

    #[test]
    fn dates_are_years_or_months() {
        assert!(super::names_a_date("Réseau national, créé en 2001."));
        assert!(super::names_a_date("Chaque année en novembre."));
        assert!(!super::names_a_date(
            "Plus de 130 adhérents et 2,4 millions de salariés."
        ));
        assert!(!super::names_a_date("Un seuil de 50000 euros."));
        assert_eq!(super::content_words("Fondée en 2010"), ["fonde"]);
    }

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

    #[test]
    fn labels_inside_sentences() {
        assert_eq!(lower_first("Mobilité"), "mobilité");
        assert_eq!(lower_first("L'ESS : définition"), "l'ESS : définition");
        assert_eq!(lower_first("QPV"), "QPV");
        assert_eq!(lower_first(""), "");
    }

    #[test]
    fn numbers_in_french() {
        assert_eq!(number(50_000_000.0), "50 000 000");
        assert_eq!(number(40_000.0), "40 000");
        assert_eq!(number(57.5), "57,5");
        assert_eq!(number(999.0), "999");
        assert_eq!(euros(50_000_000.0), "50 M€");
        assert_eq!(euros(5_404_000.0), "5 404 000 €");
        assert_eq!(euros(300_000.0), "300 000 €");
        assert_eq!(number(1.999), "2");
        assert_eq!(number(0.05), "0,05");
        assert_eq!(number(-3.5), "-3,5");
        assert_eq!(number(-0.001), "0");
    }

    proptest! {
        /// Read back the French way, a number is the number rounded to two decimals.
        #[test]
        fn numbers_read_back(n in -1e12f64..1e12) {
            let shown = number(n).replace(' ', "").replace(',', ".");
            let back: f64 = shown.parse().unwrap();
            prop_assert!((back - (n * 100.0).round() / 100.0).abs() < 1e-6, "{} → {}", n, shown);
        }

        /// Every real day is written with a French month and its year.
        #[test]
        fn every_day_has_a_french_name(days in 0i64..100_000) {
            let d: Date = chrono::NaiveDate::from_ymd_opt(1950, 1, 1)
                .unwrap()
                .checked_add_signed(chrono::Duration::days(days))
                .unwrap()
                .into();
            let shown = date(d);
            prop_assert!(shown.ends_with(&d.year().to_string()));
            prop_assert!(MONTHS.iter().any(|m| shown.contains(m)));
        }
    }
}
