//! The gazetteer's costs, measured: `cargo bench -p ess-geo --bench lookup`.

use std::time::{Duration, Instant};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    // The first use parses the embedded extract: measured in a fresh process, once.
    let start = Instant::now();
    let geo = ess_geo::Gazetteer::builtin();
    let first_use = start.elapsed();
    let time = |f: &dyn Fn()| {
        median(
            (0..200)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed()
                })
                .collect(),
        )
    };
    let lookup = time(&|| {
        std::hint::black_box(geo.communes_named("Sainte-Colombe"));
    });
    let find = time(&|| {
        std::hint::black_box(geo.find(
            "Je suis maire de Bréhal, quels leviers pour la mobilité avec la CC Granville Terre et Mer ?",
        ));
    });
    let plain = time(&|| {
        std::hint::black_box(geo.find("Quels leviers pour la mobilité en milieu rural ?"));
    });
    println!(
        "first use (parse): {first_use:?}\nlookup by name: {lookup:?}\nfind in a question naming places: {find:?}\nfind in a question naming none: {plain:?}"
    );
}
