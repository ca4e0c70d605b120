//! `ess search`: the entries of the knowledge base that match some words, or all the entries
//! of a kind, a theme or a document — a look at the corpus itself, without the dialogue.

use ess_corpus::{Entry, Kind};
use ess_engine::{Engine, Item};

/// The options of `ess search`.
#[derive(clap::Args)]
pub struct Args {
    /// Les mots cherchés (sans mots : toutes les entrées retenues par les filtres).
    #[arg(value_name = "MOTS")]
    words: Vec<String>,
    /// Seulement ce type d'entrée : fiche, levier, exemple, chiffre, indicateur, ressource,
    /// acteur, glossaire, texte, parametre.
    #[arg(long, value_name = "TYPE")]
    kind: Option<String>,
    /// Seulement ce thème (identifiant de themes.toml : mobilite, alimentation…).
    #[arg(long, value_name = "THEME")]
    theme: Option<String>,
    /// Seulement ce document source (clé de sources.toml : kit-municipal, rapport-cotentin…).
    #[arg(long, value_name = "DOCUMENT")]
    document: Option<String>,
    /// Nombre d'entrées au plus, par défaut 10.
    #[arg(long, value_name = "N", default_value_t = 10, hide_default_value = true, value_parser = crate::args::count)]
    limite: u64,
    /// Une entrée par ligne en JSON (les champs des « items » de ess ask --json).
    #[arg(long)]
    json: bool,
}

/// What `ess search` writes, or a French message naming the option at fault.
pub fn run(engine: &Engine, args: &Args) -> Result<String, String> {
    let corpus = engine.corpus();
    let kind = match &args.kind {
        None => None,
        Some(k) => Some(
            Kind::ALL
                .into_iter()
                .find(|kind| kind.as_str() == ess_engine::fold(k.trim()))
                .ok_or_else(|| {
                    let all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                    format!(
                        "type « {k} » inconnu ; types possibles : {}",
                        all.join(", ")
                    )
                })?,
        ),
    };
    if let Some(t) = &args.theme {
        if !corpus.themes.iter().any(|v| v.id == t.as_str()) {
            let all: Vec<&str> = corpus.themes.iter().map(|v| v.id.as_str()).collect();
            return Err(format!(
                "thème « {t} » inconnu ; thèmes possibles : {}",
                all.join(", ")
            ));
        }
    }
    if let Some(d) = &args.document {
        if corpus.source(d).is_none_or(|s| s.kind != "document") {
            let all: Vec<&str> = corpus
                .sources
                .iter()
                .filter(|s| s.kind == "document")
                .map(|s| s.key.as_str())
                .collect();
            return Err(format!(
                "document « {d} » inconnu ; documents possibles : {}",
                all.join(", ")
            ));
        }
    }
    let keeps = |e: &Entry| {
        kind.is_none_or(|k| e.kind == k)
            && args
                .theme
                .as_ref()
                .is_none_or(|t| e.themes.iter().any(|x| x == t))
            && args
                .document
                .as_ref()
                .is_none_or(|d| e.source.document == d.as_str())
    };
    let limit = usize::try_from(args.limite).unwrap_or(usize::MAX).max(1);
    let text = args.words.join(" ");
    let found: Vec<(&Entry, f32)> = if text.trim().is_empty() {
        corpus
            .entries()
            .filter(|e| keeps(e))
            .take(limit)
            .map(|e| (e, 0.0))
            .collect()
    } else {
        // The filters apply to the best matches of the whole index.
        engine
            .search_only(&text, corpus.entry_count().max(1))
            .map_err(|e| format!("recherche impossible : {e}"))?
            .into_iter()
            .filter_map(|(id, score)| Some((corpus.entry(&id)?, score)))
            .filter(|(e, _)| keeps(e))
            .take(limit)
            .collect()
    };
    let items: Vec<Item> = found
        .iter()
        .map(|(e, score)| Item::new(corpus, e, *score))
        .collect();
    if args.json {
        let lines: Vec<String> = items
            .iter()
            .map(|i| serde_json::to_string(i).unwrap_or_default())
            .collect();
        return Ok(lines.join("\n"));
    }
    if items.is_empty() {
        return Ok("Aucune entrée ne correspond.".into());
    }
    let lines: Vec<String> = items
        .iter()
        .map(|i| {
            format!(
                "• [{}] {} — {} ({})",
                i.kind.as_str(),
                i.title,
                i.summary,
                i.citation
            )
        })
        .collect();
    Ok(lines.join("\n"))
}
