//! Prepares the engine on the built-in corpus: the same complete load `ess corpus check` runs,
//! the search index and the gazetteers, written to `$OUT_DIR/engine.bin` for `src/lib.rs` to
//! embed.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    // The corpus is embedded by ess-corpus; a change to any of its files makes a new image.
    println!("cargo::rerun-if-changed=../corpus/data");
    let image = match ess_engine::Engine::builtin().and_then(|engine| engine.prepare()) {
        Ok(image) => image,
        Err(e) => {
            eprintln!("le corpus intégré ne peut pas être préparé :\n{e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("OUT_DIR n'est pas défini : ce script est lancé par cargo");
        return ExitCode::FAILURE;
    };
    // What identifies this build's engine and corpus: caches of prepared engines key on it.
    let fingerprint = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        image.hash(&mut hasher);
        format!("{:016x}", hasher.finish())
    };
    let out_dir = PathBuf::from(out_dir);
    for (name, bytes) in [
        ("engine.bin", image.as_slice()),
        ("fingerprint", fingerprint.as_bytes()),
    ] {
        let path = out_dir.join(name);
        if let Err(e) = std::fs::write(&path, bytes) {
            eprintln!("écriture de {} impossible : {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
