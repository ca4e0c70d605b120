//! Engines prepared on a `--corpus DIR`, kept in the user's cache directory so that the next
//! start on the same content skips loading, validation and indexing.
//!
//! A prepared engine is stored as the folder `$XDG_CACHE_HOME/ess/corpus-<folder>-<content>/`
//! (else `~/.cache/ess/…`), as [`Engine::prepare_in`] writes it: `engine.bin` (corpus and
//! lexicon) and `index/`, the search index's files, which the next start memory-maps in place
//! instead of reading them (at ×1000, about a gigabyte). `<folder>` is a hash of the folder's
//! path, `<content>` a hash of this
//! build's fingerprint and of every data file's path, size, modification and inode-change
//! times (in nanoseconds) and inode number. A start on a prepared content reads only the
//! files' metadata, never their text (at ×1000, 1.1 GB of TOML read and hashed cost a third of
//! the start). Any write changes a file's times, a new build of `ess` its fingerprint, so a
//! stale image is never opened; the images of other contents of the same folder are removed
//! once the new one is written.
//!
//! What metadata cannot see, and how it is closed: a file rewritten with the same size within
//! the same tick of the file system's clock (ext4 and tmpfs keep nanoseconds but advance them
//! by the kernel's tick, a few milliseconds; FAT by 2 s) keeps its stamp. As `git` does for its
//! index (« racily clean » entries), an image is not stored while a data file was modified less
//! than [`SETTLE`] before the folder was listed, nor when the listing changed while the corpus
//! was read: the next start prepares again, and caches once the folder is quiet. A modification
//! time set back by hand (`touch -d`) still changes the inode-change time, which no user can
//! set. What remains is a same-size rewrite whose modification time is then set back by hand
//! on a system without inode-change times (not Unix): accepted; touching the file or
//! `ess corpus check` shows the new content.
//!
//! Two processes preparing at once each write a folder of their own,
//! `corpus-<folder>-<content>.<pid>.partiel/`, and rename it into place: the rename is atomic
//! and refuses to replace a folder that is not empty, so the first one wins and the other
//! drops its own (both are the same). A folder in place is therefore always complete, and
//! never written again: one that does not open (damaged) is removed and prepared again. The
//! `.partiel` folders of running processes are left alone; those of processes that ended
//! without renaming theirs (killed) are removed with the stale ones. Removing a folder another
//! process is answering from is safe on Unix: its mapped files live until it unmaps them. A
//! cache that cannot be read or written costs only the time to prepare again (said once on
//! standard error when it cannot be written).

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ess_corpus::{dir_files, dir_stamps, Corpus, DataFile, FileStamp};
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

/// How long a data file must have been left alone before an image of it is stored: longer
/// than the coarsest clock of a common file system (FAT's 2 s).
const SETTLE: Duration = Duration::from_secs(3);

fn content_key(stamps: &[FileStamp]) -> String {
    hex((ess_builtin::fingerprint(), stamps))
}

/// Whether a file of the listing was modified less than [`SETTLE`] before `listed_at`, or
/// after it (a clock set back): a same-size rewrite in the same tick would go unseen.
fn recent(stamps: &[FileStamp], listed_at: SystemTime) -> bool {
    let listed_ns = listed_at
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128);
    let settle_ns = SETTLE.as_nanos() as i128;
    stamps.iter().any(|s| listed_ns - s.modified_ns < settle_ns)
}

/// The engine on the corpus in `dir`: from the cache when its content was prepared before,
/// else loaded, validated and indexed now, then cached.
pub fn engine(dir: &Path) -> Result<Engine, String> {
    let Some(cache) = cache_dir() else {
        return build(&read(dir)?);
    };
    let listed_at = SystemTime::now();
    // A folder the listing refuses is read in full, for the loader's own diagnostics.
    let Ok(stamps) = dir_stamps(dir) else {
        return build(&read(dir)?);
    };
    let folder = hex(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()));
    let prefix = format!("corpus-{folder}-");
    let path = cache.join(format!("{prefix}{}", content_key(&stamps)));
    if std::fs::symlink_metadata(&path).is_ok() {
        match Engine::open_prepared(&path) {
            Ok(engine) => return Ok(engine),
            // Complete when renamed into place, so damaged: prepared again below.
            Err(_) => remove(&path),
        }
    }
    let engine = build(&read(dir)?)?;
    let settled = !recent(&stamps, listed_at) && dir_stamps(dir).is_ok_and(|now| now == stamps);
    if !settled {
        return Ok(engine);
    }
    if let Err(why) = store(&engine, &cache, &path, &prefix) {
        eprintln!(
            "ess : le corpus préparé n'a pas pu être mis en cache dans {} : {why}",
            cache.display()
        );
    }
    Ok(engine)
}

fn read(dir: &Path) -> Result<Vec<DataFile>, String> {
    dir_files(dir).map_err(|e| e.to_string())
}

fn build(files: &[DataFile]) -> Result<Engine, String> {
    let corpus = Corpus::from_files(files).map_err(|e| e.to_string())?;
    Engine::new(corpus).map_err(|e| e.to_string())
}

/// Writes the folder beside its final name, renames it into place, then removes the folders
/// (and the single-file `.bin` images of earlier builds) of the folder's earlier contents.
fn store(engine: &Engine, cache: &Path, path: &Path, prefix: &str) -> Result<(), String> {
    std::fs::create_dir_all(cache).map_err(|e| crate::io_french(&e))?;
    let current = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let current = current.unwrap_or_default();
    let partial = cache.join(format!("{current}.{}.partiel", std::process::id()));
    // A leftover of an earlier process that had our pid.
    remove(&partial);
    if let Err(e) = engine.prepare_in(&partial) {
        remove(&partial);
        return Err(e.to_string());
    }
    if let Err(e) = std::fs::rename(&partial, path) {
        remove(&partial);
        // Another process put the same content in place first: its folder is as good.
        if !path.join("engine.bin").is_file() {
            return Err(crate::io_french(&e));
        }
    }
    for entry in std::fs::read_dir(cache).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = name.starts_with(prefix)
            && name != current
            && name.strip_suffix(".partiel").is_none_or(ended);
        if stale {
            remove(&entry.path());
        }
    }
    Ok(())
}

/// Whether the process that named a `.partiel` folder (`<name>.<pid>.partiel`) has ended:
/// only where `/proc` tells (Linux); elsewhere, or if unsure, its folder is left alone.
fn ended(stem: &str) -> bool {
    let Some(pid) = stem.rsplit('.').next().filter(|p| p.parse::<u32>().is_ok()) else {
        return false;
    };
    let proc = Path::new("/proc");
    proc.join("self").exists() && !proc.join(pid).exists()
}

/// Removes a file or a folder, if there; a failure only leaves it for a later start.
fn remove(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
}
