//! Start-up and answer latency, measured: `cargo bench -p ess-engine --bench startup`.
//!
//! The index is built in RAM at every start. This bench is what that choice rests on: if
//! building ever dominates start-up, a cache keyed by the corpus content is the next step.

use std::time::{Duration, Instant};

use ess_engine::{Conversation, Corpus, Engine};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn measure(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let load = measure(10, || {
        std::hint::black_box(Corpus::builtin().expect("valid corpus"));
    });
    let start = measure(10, || {
        std::hint::black_box(Engine::builtin().expect("valid corpus"));
    });
    let engine = Engine::builtin().expect("valid corpus");
    let questions = [
        "Quels leviers pour la mobilité en milieu rural ?",
        "Une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ?",
        "C'est quoi une SCIC ?",
        "Des exemples de ressourceries soutenues par une intercommunalité ?",
    ];
    let answer = measure(20, || {
        for q in questions {
            let a = engine.ask(&mut Conversation::new(), q, "2026-11-22");
            std::hint::black_box(a.expect("an answer"));
        }
    }) / questions.len() as u32;
    println!(
        "corpus parse + validation: {load:?}\nengine start (corpus + index + lexicon + rules): {start:?}\none answer (median over {} questions): {answer:?}\nentries: {}",
        questions.len(),
        engine.corpus().entries.len()
    );
}
