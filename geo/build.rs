//! Writes the folded names of every commune, sorted and once each, to `$OUT_DIR/commune-keys.txt`:
//! [`may_name_a_place`](src/lib.rs) looks names up there by binary search, without parsing the
//! whole gazetteer.

fn main() {
    let source = "../corpus/communes/communes.tsv";
    println!("cargo::rerun-if-changed={source}");
    let text = std::fs::read_to_string(source)
        .unwrap_or_else(|e| panic!("lecture de {source} impossible : {e}"));
    // The folded name is the ninth column (see corpus/communes/README.md).
    let mut keys: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split('\t').nth(8))
        .filter(|key| !key.is_empty())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("commune-keys.txt");
    std::fs::write(&out, keys.join("\n"))
        .unwrap_or_else(|e| panic!("écriture de {} impossible : {e}", out.display()));
}
