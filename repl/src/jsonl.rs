//! `ess ask --json -`: JSON lines in, one JSON answer per line out, flushed line by line.
//! A bad line gets `{"error": …, "line": N}` and the stream goes on.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use ess_engine::{Answer, Conversation, Engine};
use serde::Deserialize;

#[derive(Deserialize)]
struct Request {
    q: String,
    #[serde(default)]
    conversation: Option<serde_json::Value>,
    #[serde(default)]
    date: Option<String>,
}

pub fn to_line(answer: &Answer) -> String {
    serde_json::to_string(answer).expect("an answer always serialises")
}

fn error_line(message: &str, line: usize) -> String {
    serde_json::json!({"error": message, "line": line}).to_string()
}

/// Answers every line of `input`; only a failure to write stops the stream.
pub fn serve(
    engine: &Engine,
    default_date: &str,
    input: impl BufRead,
    mut output: impl Write,
) -> std::io::Result<()> {
    let mut conversations: HashMap<String, Conversation> = HashMap::new();
    for (i, line) in input.split(b'\n').enumerate() {
        let n = i + 1;
        let reply = match line {
            Err(e) => error_line(&format!("ligne illisible : {e}"), n),
            Ok(bytes) => answer_line(engine, default_date, &bytes, n, &mut conversations),
        };
        // A blank line carries no question: it gets no answer.
        if !reply.is_empty() {
            writeln!(output, "{reply}")?;
            output.flush()?;
        }
    }
    Ok(())
}

fn answer_line(
    engine: &Engine,
    default_date: &str,
    bytes: &[u8],
    n: usize,
    conversations: &mut HashMap<String, Conversation>,
) -> String {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return error_line("la ligne n'est pas en UTF-8 valide", n);
    };
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let request: Request = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) if e.is_data() => return error_line(
            "objet JSON inattendu : il faut au moins un champ « q » contenant la question (texte)",
            n,
        ),
        Err(_) => return error_line("la ligne n'est pas un objet JSON valide", n),
    };
    let key = match &request.conversation {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };
    let date = request.date.as_deref().unwrap_or(default_date);
    let result = match key {
        Some(key) => engine.ask(conversations.entry(key).or_default(), &request.q, date),
        None => engine.ask(&mut Conversation::new(), &request.q, date),
    };
    match result {
        Ok(answer) => to_line(&answer),
        Err(e) => error_line(&e.to_string(), n),
    }
}
