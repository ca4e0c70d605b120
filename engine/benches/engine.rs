//! The engine's costs, with criterion's statistics: `cargo bench -p ess-engine --bench engine`.
//!
//! - `analysis`: the French analyzer over every entry's title and text (throughput in bytes);
//! - `start`: an engine from the image [`Engine::prepare`] makes (what `ess` does at start),
//!   and, for comparison, from the corpus at run time (load, validation, index, gazetteers);
//! - `answer`: one turn of a new conversation, per kind of question;
//! - `law`: the obligations and levers of a profile at a date (`ess obligations`).
//!
//! The whole-process start (`ess ask` as a script runs it) is measured by the `startup` bench
//! of the `ess` crate.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use ess_engine::{Conversation, Corpus, Engine, Profile};

const QUESTIONS: [(&str, &str); 5] = [
    (
        "leviers",
        "Quels leviers pour la mobilité en milieu rural ?",
    ),
    (
        "obligations",
        "Une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ?",
    ),
    ("definition", "C'est quoi une SCIC ?"),
    (
        "exemples",
        "Des exemples de ressourceries soutenues par une intercommunalité ?",
    ),
    (
        "commune",
        "je suis maire de Bréhal, quels leviers pour l'alimentation ?",
    ),
];

fn analysis(c: &mut Criterion) {
    let corpus = Corpus::builtin().expect("valid corpus");
    let texts: Vec<String> = corpus
        .entries()
        .map(|e| format!("{} {}", e.title, e.text))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(bytes as u64));
    let mut analyzer = ess_engine::french_analyzer();
    group.bench_function("every entry", |b| {
        b.iter(|| {
            for t in &texts {
                std::hint::black_box(ess_engine::terms(&mut analyzer, t));
            }
        })
    });
    group.finish();
}

fn start(c: &mut Criterion) {
    let image = Engine::builtin()
        .and_then(|e| e.prepare())
        .expect("the built-in corpus prepares");
    let mut group = c.benchmark_group("start");
    group.bench_function("from the prepared image", |b| {
        b.iter(|| Engine::from_prepared(&image).expect("the image opens"))
    });
    group.sample_size(10);
    group.bench_function("from the corpus at run time", |b| {
        b.iter_batched(
            || Corpus::builtin().expect("valid corpus"),
            |corpus| Engine::new(corpus).expect("the engine builds"),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn answer(c: &mut Criterion) {
    let engine = Engine::builtin().expect("valid corpus");
    let mut group = c.benchmark_group("answer");
    for (name, q) in QUESTIONS {
        // The gazetteer is parsed once per process, at the first question naming a place.
        let _ = engine.ask(&mut Conversation::new(), q, "2026-12-04");
        group.bench_function(name, |b| {
            b.iter(|| {
                engine
                    .ask(&mut Conversation::new(), q, "2026-12-04")
                    .expect("an answer")
            })
        });
    }
    group.finish();
}

fn law(c: &mut Criterion) {
    let engine = Engine::builtin().expect("valid corpus");
    let agglo = Profile {
        kind: Some("communaute-agglomeration".into()),
        population: Some(120_000),
        achats_annuels_ht: Some(70_000_000.0),
        ..Profile::default()
    };
    let date = "2026-12-04".parse().expect("a date");
    c.bench_function("law/agglomération de 120 000 habitants", |b| {
        b.iter(|| engine.evaluate(&agglo, date))
    });
}

criterion_group!(benches, analysis, start, answer, law);
criterion_main!(benches);
