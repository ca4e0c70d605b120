//! Prints what the engine understands of a question: `cargo run -p ess-engine --example understand -- "CAE ?"`.
fn main() {
    let corpus = ess_corpus::Corpus::builtin().expect("corpus");
    let lexicon = ess_engine::lexicon::Lexicon::build(&corpus);
    for q in std::env::args().skip(1) {
        println!(
            "{q}\n{:#?}",
            ess_engine::understand::understand(&lexicon, &q)
        );
    }
}
