//! What the end-to-end tests of the `ess` binary share.

use std::process::{Command, Output};

/// The cache directory the tests give `ess` (`XDG_CACHE_HOME`), under cargo's temporary
/// folder for tests: prepared `--corpus` engines never go to the user's own cache.
#[allow(dead_code)]
pub fn cache_home() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache-home")
}

/// Runs the built `ess` binary with `args`.
#[allow(dead_code)]
pub fn ess(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ess"))
        .env("XDG_CACHE_HOME", cache_home())
        .args(args)
        .output()
        .expect("the ess binary runs")
}
