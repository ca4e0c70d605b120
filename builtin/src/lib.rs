//! The `ess` engine on its built-in corpus, opened from an image prepared at build time.
//!
//! [`ess_engine::Engine::builtin`] loads the TOML files, validates them, indexes every entry and
//! analyses every phrase at each start (about 150 ms). This crate's build script does all that
//! once, when the corpus or the engine changes — a corpus error then fails the build with the
//! same French diagnostics as `ess corpus check` — and embeds the result, so [`engine`] only
//! reads it back: a few milliseconds, with the same answers.
//!
//! ```
//! let engine = ess_builtin::engine().expect("the image made by this build opens");
//! let mut conversation = ess_engine::Conversation::new();
//! let answer = engine
//!     .ask(&mut conversation, "C'est quoi une SCIC ?", "2026-12-04")
//!     .expect("an answer");
//! assert_eq!(answer.intent, "definition");
//! ```

#![deny(missing_docs)]
// Library code returns errors or says why a value must be there (`expect`); tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

use ess_engine::{Engine, EngineError};

/// The image written by `build.rs`.
static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/engine.bin"));

/// What identifies this build of the engine (a hash of its prepared image, 16 hex digits): a
/// cache of engines prepared on other corpora keys on it, so a new build never opens an image
/// an older one wrote.
pub fn fingerprint() -> &'static str {
    include_str!(concat!(env!("OUT_DIR"), "/fingerprint"))
}

/// The engine on the built-in corpus, as prepared at build time.
pub fn engine() -> Result<Engine, EngineError> {
    Engine::from_prepared(IMAGE)
}
