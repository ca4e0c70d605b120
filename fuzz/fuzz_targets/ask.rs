//! A conversation of arbitrary turns: the first line is the date asked, each further line a
//! question. No input may panic; every question gets an answer or a French error.
#![no_main]

use std::sync::OnceLock;

use ess_engine::{Conversation, Engine};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| ess_builtin::engine().expect("the built-in image opens"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let date = lines.next().unwrap_or_default();
    let mut conversation = Conversation::new();
    for question in lines.take(6) {
        if let Ok(answer) = engine().ask(&mut conversation, question, date) {
            assert!(!answer.text.is_empty(), "an answer has text");
        }
    }
});
