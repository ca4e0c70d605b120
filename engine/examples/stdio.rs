//! Serving answers to another process over standard input and output: one JSON request per
//! line in, one JSON line out, in order, flushed each time — what a program written in any
//! language can drive through a pipe. (`ess ask --json -` is the full version, with
//! conversations that expire, line limits and every error case.)
//!
//! ```sh
//! printf '%s\n' '{"q": "C'"'"'est quoi une SCIC ?", "conversation": "a"}' \
//!               '{"q": "des exemples ?", "conversation": "a"}' \
//!   | cargo run -p ess-engine --example stdio
//! ```

use std::collections::HashMap;
use std::io::{BufRead, Write};

use ess_engine::{Conversation, Engine};
use serde::Deserialize;

/// One request: the question, and the conversation it belongs to (turns of one id share
/// their context).
#[derive(Deserialize)]
struct Request {
    q: String,
    #[serde(default)]
    conversation: String,
    date: Option<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::builtin()?;
    let today = ess_engine::today().to_string();
    let mut conversations: HashMap<String, Conversation> = HashMap::new();
    let mut out = std::io::stdout().lock();
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        // A line that cannot be answered gets an error line and the stream goes on.
        let reply = match serde_json::from_str::<Request>(&line?) {
            Ok(request) => {
                let conversation = conversations.entry(request.conversation).or_default();
                let date = request.date.as_deref().unwrap_or(&today);
                match engine.ask(conversation, &request.q, date) {
                    Ok(answer) => serde_json::to_string(&answer)?,
                    Err(e) => {
                        serde_json::json!({"error": e.to_string(), "line": n + 1}).to_string()
                    }
                }
            }
            // serde_json's own message is in English: say what is expected instead.
            Err(_) => serde_json::json!({
                "error": "requête illisible : une ligne est un objet JSON {\"q\": \"…\", \"conversation\": \"…\"}",
                "line": n + 1
            })
            .to_string(),
        };
        writeln!(out, "{reply}")?;
        out.flush()?;
    }
    Ok(())
}
