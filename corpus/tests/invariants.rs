//! The invariants of the built-in knowledge base that matter to its users.

use std::collections::{BTreeMap, HashSet};

use ess_corpus::{Corpus, Kind};

fn corpus() -> Corpus {
    Corpus::builtin().unwrap_or_else(|e| panic!("{e}"))
}

/// Page of each fiche in the Kit Municipal ESS table of contents.
const KIT_PAGES: [(u32, u32); 24] = [
    (1, 3),
    (2, 5),
    (3, 7),
    (4, 9),
    (5, 11),
    (6, 13),
    (7, 15),
    (8, 17),
    (9, 19),
    (10, 21),
    (11, 23),
    (12, 25),
    (13, 27),
    (14, 29),
    (15, 31),
    (16, 33),
    (17, 37),
    (18, 39),
    (19, 41),
    (20, 43),
    (21, 45),
    (22, 47),
    (23, 49),
    (24, 51),
];

#[test]
fn the_kit_has_its_24_fiches_with_their_pages() {
    let c = corpus();
    let fiches: BTreeMap<u32, u32> = c
        .entries_of(Kind::Fiche)
        .filter(|e| e.source.document == "kit-municipal")
        .filter_map(|e| Some((e.number?, e.source.page?)))
        .collect();
    assert_eq!(fiches.len(), 24, "{fiches:?}");
    for (n, page) in KIT_PAGES {
        assert_eq!(fiches.get(&n), Some(&page), "kit fiche {n}");
    }
    for e in c.entries_of(Kind::Fiche).filter(|e| e.number.is_some()) {
        assert_eq!(
            e.source.fiche, e.number,
            "{}: number and source.fiche agree",
            e.id
        );
    }
}

#[test]
fn every_lever_and_example_is_linked_to_an_existing_fiche_or_document() {
    let c = corpus();
    let kit: HashSet<u32> = c
        .entries_of(Kind::Fiche)
        .filter(|e| e.source.document == "kit-municipal")
        .filter_map(|e| e.number)
        .collect();
    let mut checked = 0;
    for e in c
        .entries()
        .filter(|e| matches!(e.kind, Kind::Levier | Kind::Exemple))
    {
        assert!(c.source(&e.source.document).is_some(), "{}", e.id);
        if let Some(n) = e.source.fiche {
            assert!(kit.contains(&n), "{} cites kit fiche {n}, absent", e.id);
        }
        if e.kind == Kind::Levier && e.source.document == "kit-municipal" {
            assert!(
                e.source.fiche.is_some(),
                "kit lever {} names its fiche",
                e.id
            );
        }
        checked += 1;
    }
    assert!(checked > 400, "{checked} levers and examples");
}

#[test]
fn every_kit_fiche_has_levers() {
    let c = corpus();
    for (n, _) in KIT_PAGES {
        let levers = c
            .entries_of(Kind::Levier)
            .filter(|e| e.source.fiche == Some(n))
            .count();
        assert!(levers > 0, "kit fiche {n} has no lever");
    }
}

/// Names of local structures that the Cotentin report uses as plain names and that no public
/// page we could check spells out (searched in November 2026). We do not guess an expansion.
const NO_PUBLIC_EXPANSION: [&str; 4] = [
    "ORECA",  // short food supply chains, Cherbourg; merged into Fil et Terre in 2017
    "RESSOL", // ESS network of the Centre Manche; its own pages use the name only
    "E2S",    // ESS pole of the Pays de Vannes: « E2S Pays de Vannes »
    "BNA",    // a financer in the report's list; « Basse-Normandie Active » is unconfirmed
];

#[test]
fn every_glossary_acronym_expands() {
    let c = corpus();
    let mut acronyms = 0;
    for e in c.entries_of(Kind::Glossaire) {
        let term = e.term.as_deref().unwrap_or_default();
        let is_acronym = term.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && term
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase());
        if is_acronym {
            acronyms += 1;
            let expansion = e.expansion.as_deref().unwrap_or_default();
            if NO_PUBLIC_EXPANSION.contains(&term) {
                // Kept on the list only while it is true.
                assert!(
                    expansion.is_empty(),
                    "{term} now expands: take it off NO_PUBLIC_EXPANSION"
                );
                continue;
            }
            assert!(
                !expansion.trim().is_empty(),
                "acronym {term} ({}) has no expansion",
                e.id
            );
            // An expansion the documents do not give says where it was checked.
            if let Some(checked) = &e.expansion_source {
                assert!(
                    !checked.title.trim().is_empty()
                        && checked
                            .url
                            .as_deref()
                            .is_some_and(|u| u.starts_with("http")),
                    "acronym {term} ({}): expansion_source needs a title and a link",
                    e.id
                );
            }
        }
        assert!(!e.text.trim().is_empty(), "{} has a definition", e.id);
    }
    assert!(acronyms > 100, "{acronyms} acronyms");
}

#[test]
fn every_legal_parameter_has_dated_values_with_references() {
    let c = corpus();
    let mut n = 0;
    for e in c.entries_of(Kind::Parametre) {
        let values = e.values.as_deref().unwrap_or_default();
        assert!(!values.is_empty(), "{} has no value", e.id);
        for v in values {
            assert!(!v.reference.title.trim().is_empty(), "{}: reference", e.id);
        }
        assert!(e.unit.is_some(), "{} has a unit", e.id);
        n += 1;
    }
    assert!(n >= 13, "{n} parameters");
}

#[test]
fn the_spaser_threshold_has_its_history() {
    let c = corpus();
    let spaser = c
        .entry("seuil-spaser")
        .expect("the SPASER threshold is a parameter");
    let at = |d: &str| match &spaser.value_at(d.parse().unwrap()).expect("a value").value {
        ess_corpus::ParamValue::Number(n) => *n,
        other => panic!("{other:?}"),
    };
    assert_eq!(at("2021-06-01"), 100_000_000.0);
    assert_eq!(at("2022-12-31"), 100_000_000.0);
    assert_eq!(at("2023-01-01"), 50_000_000.0);
    assert_eq!(at("2026-11-22"), 50_000_000.0);
}

#[test]
fn every_entry_has_provenance_and_themes() {
    let c = corpus();
    for e in c.entries() {
        assert!(!e.themes.is_empty(), "{}", e.id);
        assert!(!e.source.document.is_empty(), "{}", e.id);
        if e.source.fiche.is_some() {
            assert!(
                e.source.page.is_some(),
                "{}: entries from a kit fiche give its page",
                e.id
            );
        }
    }
}
