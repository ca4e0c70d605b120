//! Writes a synthetic corpus ×N for the scaling study:
//!
//! ```text
//! cargo run --release -p ess --example scale_corpus -- 10 /work/scale-data/x10
//! ess --corpus /work/scale-data/x10 corpus check
//! ```
//!
//! What a variant is: `benches/scaling/generate.rs`. The scaling bench
//! (`cargo bench -p ess --bench scaling`) calls the same code, so this is only for looking at
//! a corpus by hand.

#[path = "../benches/scaling/generate.rs"]
mod generate;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(factor), Some(out)) = (args.first().and_then(|n| n.parse().ok()), args.get(1)) else {
        eprintln!("usage : scale_corpus N DOSSIER (N : facteur, 1, 10, 100…)");
        std::process::exit(2);
    };
    let source = concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/data");
    match generate::generate(source.as_ref(), out.as_ref(), factor) {
        Ok(g) => println!(
            "corpus ×{factor} écrit dans {} : {} entrées, {} fichiers, {:.1} Mo",
            g.dir.display(),
            g.entries,
            g.files,
            g.bytes as f64 / 1e6
        ),
        Err(e) => {
            eprintln!("scale_corpus : {e}");
            std::process::exit(1);
        }
    }
}
