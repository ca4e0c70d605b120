//! Prepares two lookup lists in `$OUT_DIR`, so that a question can be checked for places
//! without parsing the gazetteer (see `may_name_a_place` in `src/lib.rs`):
//!
//! - `commune-keys.txt`: the folded name of every commune, sorted, once each;
//! - `epci-spellings.txt`: every way of writing every EPCI's name, folded, sorted, with the
//!   EPCI's row in `epci.tsv` (`spelling<TAB>row`).
//!
//! The spellings come from the same code the library uses (`src/spellings.rs`).

#[path = "src/fold.rs"]
#[allow(dead_code)]
mod fold;
#[path = "src/spellings.rs"]
#[allow(dead_code)]
mod spellings;

use std::path::{Path, PathBuf};

fn read(source: &str) -> String {
    println!("cargo::rerun-if-changed={source}");
    std::fs::read_to_string(source)
        .unwrap_or_else(|e| panic!("lecture de {source} impossible : {e}"))
}

fn write(out_dir: &Path, name: &str, lines: &[String]) {
    let path = out_dir.join(name);
    std::fs::write(&path, lines.join("\n"))
        .unwrap_or_else(|e| panic!("écriture de {} impossible : {e}", path.display()));
}

fn main() {
    println!("cargo::rerun-if-changed=src/fold.rs");
    println!("cargo::rerun-if-changed=src/spellings.rs");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    // The folded name is the ninth column of communes.tsv (see corpus/communes/refresh.py).
    let communes = read("../corpus/communes/communes.tsv");
    let mut keys: Vec<String> = communes
        .lines()
        .filter_map(|line| line.split('\t').nth(8))
        .filter(|key| !key.is_empty())
        .map(str::to_string)
        .collect();
    keys.sort_unstable();
    keys.dedup();
    write(&out_dir, "commune-keys.txt", &keys);

    // Rows in file order, as the gazetteer numbers them: code, name, legal form.
    let epcis = read("../corpus/communes/epci.tsv");
    let mut spellings: Vec<(String, usize)> = Vec::new();
    for (row, line) in epcis.lines().filter(|l| !l.is_empty()).enumerate() {
        let mut fields = line.split('\t');
        let (name, kind) = (fields.nth(1).unwrap_or(""), fields.next());
        let kind = spellings::epci_kind(kind);
        spellings.extend(
            spellings::epci_spellings(name, kind)
                .into_iter()
                .map(|s| (s, row)),
        );
    }
    spellings.sort();
    spellings.dedup();
    let lines: Vec<String> = spellings
        .iter()
        .map(|(s, row)| format!("{s}\t{row}"))
        .collect();
    write(&out_dir, "epci-spellings.txt", &lines);
}
