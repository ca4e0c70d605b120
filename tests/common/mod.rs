//! What the end-to-end tests of the `ess` binary share.

use std::process::{Command, Output};

/// Runs the built `ess` binary with `args`.
pub fn ess(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ess"))
        .args(args)
        .output()
        .expect("the ess binary runs")
}
