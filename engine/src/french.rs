//! Writing numbers, amounts and dates the French way, for the answers people read.

use ess_corpus::{Entry, ParamValue};

const MONTHS: [&str; 12] = [
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

/// "2023-01-01" → "1er janvier 2023"; anything else is returned as is.
pub fn date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return iso.to_string();
    };
    let (Ok(m), Ok(d)) = (m.parse::<usize>(), d.parse::<u32>()) else {
        return iso.to_string();
    };
    let Some(month) = m.checked_sub(1).and_then(|i| MONTHS.get(i)) else {
        return iso.to_string();
    };
    let day = if d == 1 {
        "1er".to_string()
    } else {
        d.to_string()
    };
    format!("{day} {month} {y}")
}

/// 50000000 → "50 000 000"; 57.5 → "57,5".
pub fn number(n: f64) -> String {
    let negative = n < 0.0;
    let n = n.abs();
    let int = n.trunc() as u64;
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    let frac = n - n.trunc();
    if frac > 1e-9 {
        let decimals = format!("{frac:.2}");
        let decimals = decimals.trim_start_matches('0').trim_end_matches('0');
        grouped.push_str(&decimals.replace('.', ","));
    }
    if negative {
        format!("-{grouped}")
    } else {
        grouped
    }
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
pub fn with_unit(unit: &str, v: &ParamValue) -> String {
    match v {
        ParamValue::Text(t) if unit == "date" => date(t),
        ParamValue::Text(t) => t.clone(),
        ParamValue::Number(n) => match unit {
            "EUR" => euros(*n),
            "pourcent" => format!("{} %", number(*n)),
            "" | "date" => number(*n),
            other => format!("{} {other}", number(*n)),
        },
    }
}

/// The value of a parameter entry, with the entry's unit.
pub fn value(entry: &Entry, v: &ParamValue) -> String {
    with_unit(entry.unit.as_deref().unwrap_or(""), v)
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
pub fn parameter_statement(entry: &Entry, at: &str, citation: impl Fn(&str) -> String) -> String {
    let Some(current) = entry.value_at(at) else {
        let first = entry
            .values
            .as_deref()
            .and_then(|v| v.iter().map(|v| v.since.as_str()).min())
            .unwrap_or("?");
        return format!(
            "{} : aucune valeur en vigueur au {} (première valeur à compter du {}).",
            entry.title,
            date(at),
            date(first)
        );
    };
    // A date is not "in force at" another date: « le 21 août 2026 », as the text in force says.
    let mut out = if entry.unit.as_deref() == Some("date") {
        format!(
            "{} : le {} ({}).",
            entry.title,
            value(entry, &current.value),
            current.reference.title
        )
    } else {
        format!(
            "{} : {} au {} (en vigueur depuis le {} ; {}).",
            entry.title,
            value(entry, &current.value),
            date(at),
            date(&current.since),
            current.reference.title
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_french() {
        assert_eq!(date("2023-01-01"), "1er janvier 2023");
        assert_eq!(date("2026-08-22"), "22 août 2026");
        assert_eq!(date("n'importe quoi"), "n'importe quoi");
        assert_eq!(date("2023-13-01"), "2023-13-01");
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
    }
}
