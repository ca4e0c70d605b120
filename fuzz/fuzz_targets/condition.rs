//! The condition language of the rules: parsing then checking any text must return a value or
//! a located French error, never panic, and an error's position must lie inside the text.
#![no_main]

use ess_corpus::condition::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    match parse(src) {
        Ok(expr) => {
            let _ = expr.params();
            let _ = expr.facts();
        }
        // Positions count characters from 1; the end of the text is one past its last one.
        Err(e) => assert!(
            (1..=src.chars().count() + 1).contains(&e.position),
            "error position {} outside the text",
            e.position
        ),
    }
});
