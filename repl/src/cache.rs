//! Engines prepared on a `--corpus DIR`, kept in the user's cache directory so that the next
//! start on the same content skips loading, validation and indexing.
//!
//! A prepared engine is stored as `$XDG_CACHE_HOME/ess/corpus-<folder>-<content>.bin` (else
//! `~/.cache/ess/…`): `<folder>` is a hash of the folder's path, `<content>` a hash of this
//! build's fingerprint and of every data file's path and text. Any change to a file, or a new
//! build of `ess`, gives a new name, so a stale image is never opened; the images of other
//! contents of the same folder are removed once the new one is written. Two processes preparing
//! at once each write a file of their own and rename it into place: the rename is atomic, the
//! last one wins, both images are the same. A cache that cannot be read or written costs only
//! the time to prepare again (said once on standard error when it cannot be written).

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use ess_corpus::{dir_files, Corpus, DataFile};
use ess_engine::Engine;

/// The cache directory: `$XDG_CACHE_HOME/ess`, else `~/.cache/ess`.
fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("ess"))
}

/// 16 hex digits of a hash. `DefaultHasher::new()` is the same in every process of one build;
/// if a new toolchain hashes otherwise, the names change and the images are prepared again.
fn hex(value: impl Hash) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    value.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

fn content_key(files: &[DataFile]) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    ess_builtin::fingerprint().hash(&mut hasher);
    for file in files {
        (&file.path, &file.text).hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// The engine on the corpus in `dir`: from the cache when its content was prepared before,
/// else loaded, validated and indexed now, then cached.
pub fn engine(dir: &Path) -> Result<Engine, String> {
    let files = dir_files(dir).map_err(|e| e.to_string())?;
    let Some(cache) = cache_dir() else {
        return build(&files);
    };
    let folder = hex(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()));
    let prefix = format!("corpus-{folder}-");
    let path = cache.join(format!("{prefix}{}.bin", content_key(&files)));
    if let Some(engine) = std::fs::read(&path)
        .ok()
        .and_then(|image| Engine::from_prepared(&image).ok())
    {
        return Ok(engine);
    }
    let engine = build(&files)?;
    if let Err(why) = store(&engine, &cache, &path, &prefix) {
        eprintln!(
            "ess : le corpus préparé n'a pas pu être mis en cache dans {} : {why}",
            cache.display()
        );
    }
    Ok(engine)
}

fn build(files: &[DataFile]) -> Result<Engine, String> {
    let corpus = Corpus::from_files(files).map_err(|e| e.to_string())?;
    Engine::new(corpus).map_err(|e| e.to_string())
}

/// Writes the image beside its final name, renames it into place, then removes the images of
/// the folder's earlier contents.
fn store(engine: &Engine, cache: &Path, path: &Path, prefix: &str) -> Result<(), String> {
    let image = engine.prepare().map_err(|e| e.to_string())?;
    std::fs::create_dir_all(cache).map_err(|e| crate::io_french(&e))?;
    let partial = path.with_extension(format!("{}.partiel", std::process::id()));
    std::fs::write(&partial, image).map_err(|e| crate::io_french(&e))?;
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        crate::io_french(&e)
    })?;
    let current = path.file_name();
    for entry in std::fs::read_dir(cache).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let stale = name.to_string_lossy().starts_with(prefix)
            && name.to_string_lossy().ends_with(".bin")
            && Some(name.as_os_str()) != current;
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}
