//! Synthetic corpora ×N made from the real one, for the scaling study (`benches/scaling.rs`,
//! `examples/scale_corpus.rs`).
//!
//! A corpus ×N is `corpus/data` copied as it is (vocabularies, rules, parameters, facts and
//! every original entry, so that the rules' references hold), plus N − 1 variants of every
//! entry of the entry folders (`fiches/`, `leviers/`, `exemples/`, …; parameters excepted:
//! one file each, they are legal values, not search material). Variant `k` of an entry:
//!
//! - its id is the original's with `-x` and `k` on four digits (`kit10-garages-solidaires-x0042`);
//! - its `related` ids point to the variants `k` of the entries they named, which exist too;
//! - its title ends with « (variante k) » and has a few words swapped for synonyms;
//! - its text has its sentences rotated by `k` and a few words swapped for synonyms, a
//!   different choice of swaps for each `k`, so that the index holds different documents, not
//!   N copies of one;
//! - every other field (themes, levels, sources, glossary terms, places…) is kept.
//!
//! Variants are written ten to a file (`leviers/kit-10-x0001.toml` holds variants 1 to 10 of
//! the entries of `leviers/kit-10.toml`), which keeps every file far under the loader's 4 MiB.
//! Parsing and writing go through the `toml` crate the loader uses, so the output is valid
//! TOML by construction. Deterministic: the same N gives the same files.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Folders whose `[[…]]` tables are entries to vary.
const ENTRY_FOLDERS: &[&str] = &[
    "fiches",
    "leviers",
    "exemples",
    "chiffres",
    "indicateurs",
    "ressources",
    "acteurs",
    "glossaire",
    "textes",
];

/// Variants per written file.
const PER_FILE: usize = 10;

/// Whole-word swaps, applied or not depending on the variant: plain French, same meaning.
const SYNONYMS: &[(&str, &str)] = &[
    ("peut", "est en mesure de"),
    ("soutenir", "appuyer"),
    ("aider", "épauler"),
    ("structures", "organisations"),
    ("développer", "renforcer"),
    ("favoriser", "encourager"),
    ("projets", "initiatives"),
    ("acteurs", "partenaires"),
    ("habitants", "résidents"),
    ("notamment", "en particulier"),
    ("aussi", "également"),
    ("permet", "rend possible"),
    ("mettre en place", "instaurer"),
    ("emplois", "postes"),
    ("collectivité", "collectivité territoriale"),
    ("accompagner", "suivre"),
    ("créer", "fonder"),
    ("important", "notable"),
    ("ainsi", "de cette façon"),
    ("plusieurs", "divers"),
];

/// What a generation wrote.
pub struct Generated {
    pub dir: PathBuf,
    pub entries: usize,
    pub files: usize,
    pub bytes: u64,
}

/// The id of variant `k` of `id`.
pub fn variant_id(id: &str, k: usize) -> String {
    format!("{id}-x{k:04}")
}

/// Writes the corpus ×`factor` of `source` (a `corpus/data` folder) into `out`, which must not
/// exist yet or be empty.
pub fn generate(source: &Path, out: &Path, factor: usize) -> Result<Generated, String> {
    let factor = factor.max(1);
    fs::create_dir_all(out).map_err(|e| format!("{} : {e}", out.display()))?;
    let mut files = Vec::new();
    walk(source, source, &mut files)?;
    files.sort();
    // Every entry id of the entry folders: the ids whose variants exist.
    let mut varied: HashSet<String> = HashSet::new();
    let mut parsed = Vec::new();
    for rel in &files {
        let text = fs::read_to_string(source.join(rel)).map_err(|e| format!("{rel} : {e}"))?;
        let target = out.join(rel);
        fs::create_dir_all(target.parent().unwrap()).map_err(|e| e.to_string())?;
        fs::write(&target, &text).map_err(|e| format!("{} : {e}", target.display()))?;
        let folder = rel.split('/').next().unwrap_or("");
        if rel.contains('/') && ENTRY_FOLDERS.contains(&folder) {
            let table: toml::Table = text.parse().map_err(|e| format!("{rel} : {e}"))?;
            for (_, value) in table.iter() {
                for entry in value.as_array().into_iter().flatten() {
                    if let Some(id) = entry.get("id").and_then(|v| v.as_str()) {
                        varied.insert(id.to_string());
                    }
                }
            }
            parsed.push((rel.clone(), table));
        }
    }
    let mut generated = Generated {
        dir: out.to_path_buf(),
        entries: varied.len(),
        files: files.len(),
        bytes: files
            .iter()
            .map(|f| fs::metadata(source.join(f)).map(|m| m.len()).unwrap_or(0))
            .sum(),
    };
    for (rel, table) in &parsed {
        let stem = rel.trim_end_matches(".toml");
        for first in (1..factor).step_by(PER_FILE) {
            let last = (first + PER_FILE - 1).min(factor - 1);
            let mut out_table = toml::Table::new();
            for (key, value) in table.iter() {
                let Some(entries) = value.as_array() else {
                    continue;
                };
                let mut copies = Vec::new();
                for k in first..=last {
                    for entry in entries {
                        if let Some(e) = entry.as_table() {
                            copies.push(toml::Value::Table(vary(e, k, &varied)));
                            generated.entries += 1;
                        }
                    }
                }
                out_table.insert(key.clone(), toml::Value::Array(copies));
            }
            let text = format!(
                "# Variantes {first} à {last} de {rel}, écrites par repl/benches/scaling/generate.rs \
                 (étude de passage à l'échelle) : ne pas modifier à la main.\n\n{}",
                toml::to_string(&out_table).map_err(|e| e.to_string())?
            );
            let path = out.join(format!("{stem}-x{first:04}.toml"));
            fs::write(&path, &text).map_err(|e| format!("{} : {e}", path.display()))?;
            generated.files += 1;
            generated.bytes += text.len() as u64;
        }
    }
    Ok(generated)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
    for entry in fs::read_dir(dir).map_err(|e| format!("{} : {e}", dir.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if name.ends_with(".toml") {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            out.push(rel.replace('\\', "/"));
        }
    }
    Ok(())
}

/// Variant `k` of one entry.
fn vary(entry: &toml::Table, k: usize, varied: &HashSet<String>) -> toml::Table {
    let mut e = entry.clone();
    if let Some(id) = e.get("id").and_then(|v| v.as_str()).map(str::to_string) {
        e.insert("id".into(), variant_id(&id, k).into());
    }
    if let Some(title) = e.get("title").and_then(|v| v.as_str()) {
        let title = format!("{} (variante {k})", swap(title, k, 1));
        e.insert("title".into(), title.into());
    }
    if let Some(text) = e.get("text").and_then(|v| v.as_str()) {
        let text = swap(&rotate_sentences(text, k), k, 0);
        e.insert("text".into(), text.into());
    }
    if let Some(related) = e.get("related").and_then(|v| v.as_array()) {
        let related: Vec<toml::Value> = related
            .iter()
            .filter_map(|r| r.as_str())
            .map(|r| {
                if varied.contains(r) {
                    variant_id(r, k).into()
                } else {
                    r.to_string().into()
                }
            })
            .collect();
        e.insert("related".into(), toml::Value::Array(related));
    }
    e
}

/// The sentences of `text` (cut after « . », « ! » or « ? » followed by a space), rotated
/// left by `k` modulo their number.
fn rotate_sentences(text: &str, k: usize) -> String {
    let mut sentences = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1) == Some(&b' ') {
            sentences.push(text[start..=i].trim());
            start = i + 1;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        sentences.push(text[start..].trim());
    }
    if sentences.len() < 2 {
        return text.to_string();
    }
    let r = k % sentences.len();
    sentences.rotate_left(r);
    sentences.join(" ")
}

/// `text` with the swaps that variant `k` applies (about a third of the list, a different
/// third for each `k`), as whole words.
fn swap(text: &str, k: usize, salt: usize) -> String {
    let mut out = text.to_string();
    for (i, (from, to)) in SYNONYMS.iter().enumerate() {
        if (k.wrapping_mul(7) + i * 13 + salt).is_multiple_of(3) {
            out = replace_word(&out, from, to);
        }
    }
    out
}

fn replace_word(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + from.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
        out.push_str(&rest[..at]);
        if word(before) || word(after) {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    out
}
