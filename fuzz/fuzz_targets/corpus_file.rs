//! The corpus loader on a damaged file: the first byte picks one of the built-in data files,
//! the rest replaces its text. Loading must return the corpus or French problems naming the
//! file, never panic; each
//! problem names a file of the corpus and a line inside it.
#![no_main]

use std::sync::OnceLock;

use ess_corpus::{embedded_files, Corpus, CorpusError, DataFile};
use libfuzzer_sys::fuzz_target;

fn files() -> &'static [DataFile] {
    static FILES: OnceLock<Vec<DataFile>> = OnceLock::new();
    FILES.get_or_init(embedded_files)
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut files = files().to_vec();
    let target = usize::from(pick) % files.len();
    files[target].text = text.to_owned();
    if let Err(CorpusError::Invalid(problems)) = Corpus::from_files(&files) {
        assert!(!problems.is_empty(), "an invalid corpus says why");
        for problem in &problems {
            let file = files.iter().find(|f| f.path == problem.file);
            let file = file.unwrap_or_else(|| panic!("a problem names no file: {problem:?}"));
            if let Some(line) = problem.line {
                // A defect at the very end of a text is on the line after its last newline.
                assert!(line >= 1 && line <= file.text.lines().count() + 1, "{problem:?}");
            }
        }
    }
});
