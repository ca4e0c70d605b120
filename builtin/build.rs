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
    let path = PathBuf::from(out_dir).join("engine.bin");
    if let Err(e) = std::fs::write(&path, image) {
        eprintln!("écriture de {} impossible : {e}", path.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
