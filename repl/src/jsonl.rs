//! `ess ask --json -`: JSON lines in, one JSON answer per line out, flushed line by line.
//!
//! A line that cannot be answered gets `{"error": …, "line": N}` naming the field at fault, and
//! the stream goes on. A line longer than [`MAX_LINE_BYTES`] is refused without being held in
//! memory whole. A read error (standard input is a folder, the device failed) ends the stream
//! with one error line: reading again would only repeat it. Conversations are kept in bounded
//! memory ([`crate::conversations`]): one forgotten starts fresh.

use std::io::{BufRead, ErrorKind, Write};
use std::time::Instant;

use ess_engine::{Answer, Conversation, Engine};

use crate::conversations::Conversations;
use serde::Deserialize;
use serde_json::Value;

/// The longest line read, in bytes: far above the longest question accepted
/// ([`ess_engine::MAX_QUESTION_CHARS`] characters, each at most 6 bytes once escaped in JSON).
pub const MAX_LINE_BYTES: usize = 256 * 1024;

/// A request as written; the fields are checked one by one, to name the one at fault.
#[derive(Deserialize)]
struct RawRequest {
    q: Option<Value>,
    #[serde(default)]
    conversation: Option<Value>,
    #[serde(default)]
    date: Option<Value>,
    #[serde(default)]
    profile: Option<Value>,
}

/// Why the stream stopped early.
#[derive(Debug)]
pub enum StreamError {
    /// Standard input could not be read (the message is already written as a line).
    Read(std::io::Error),
    /// Standard output could not be written.
    Write(std::io::Error),
}

/// An answer as one JSON line.
pub fn to_line(answer: &Answer) -> String {
    // An answer is strings, numbers and lists: serialising it cannot fail.
    serde_json::to_string(answer).unwrap_or_else(|e| error_line(&e.to_string(), 0))
}

/// The one shape of an error line.
pub fn error_line(message: &str, line: usize) -> String {
    let error = ess_engine::ErrorLine {
        error: message.to_string(),
        line,
    };
    serde_json::to_string(&error).unwrap_or_default()
}

/// One line read: its bytes, or the fact that it was too long (its length so far).
enum Read {
    Line(Vec<u8>),
    TooLong(usize),
}

/// Reads up to the next `\n`, keeping at most `MAX_LINE_BYTES` bytes. `None` at the end.
fn read_line(input: &mut impl BufRead) -> std::io::Result<Option<Read>> {
    let mut line = Vec::new();
    let mut length = 0usize;
    let mut any = false;
    loop {
        let buffer = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match buffer.iter().position(|&b| b == b'\n') {
            Some(i) => (&buffer[..i], Some(i + 1)),
            None => (buffer, None),
        };
        length += chunk.len();
        if length <= MAX_LINE_BYTES {
            line.extend_from_slice(chunk);
        }
        let used = done.unwrap_or(chunk.len());
        input.consume(used);
        if done.is_some() {
            break;
        }
    }
    Ok(match (any, length > MAX_LINE_BYTES) {
        (false, _) => None,
        (true, true) => Some(Read::TooLong(length)),
        (true, false) => Some(Read::Line(line)),
    })
}

/// Answers every line of `input`, in order.
pub fn serve(
    engine: &Engine,
    default_date: &str,
    mut input: impl BufRead,
    mut output: impl Write,
) -> Result<(), StreamError> {
    let mut conversations = Conversations::session();
    let mut n = 0;
    loop {
        n += 1;
        let (reply, stop) = match read_line(&mut input) {
            Ok(None) => return Ok(()),
            Ok(Some(Read::Line(bytes))) => (
                answer_line(engine, default_date, &bytes, n, &mut conversations),
                None,
            ),
            Ok(Some(Read::TooLong(length))) => (
                error_line(
                    &format!(
                        "ligne trop longue ({length} octets, au plus {MAX_LINE_BYTES}) : elle n'a pas été lue"
                    ),
                    n,
                ),
                None,
            ),
            Err(e) => (
                error_line(
                    &format!("lecture impossible : {} ; fin du flux", crate::io_french(&e)),
                    n,
                ),
                Some(e),
            ),
        };
        // A blank line carries no question: it gets no answer.
        if !reply.is_empty() {
            writeln!(output, "{reply}").map_err(StreamError::Write)?;
            output.flush().map_err(StreamError::Write)?;
        }
        if let Some(e) = stop {
            return Err(StreamError::Read(e));
        }
    }
}

fn answer_line(
    engine: &Engine,
    default_date: &str,
    bytes: &[u8],
    n: usize,
    conversations: &mut Conversations,
) -> String {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return error_line("la ligne n'est pas en UTF-8 valide", n);
    };
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return String::new();
    }
    let Request {
        question,
        conversation,
        date,
        ..
    } = match parse_request(text, "la ligne") {
        Ok(r) => r,
        Err(message) => return error_line(&message, n),
    };
    let date = date.as_deref().unwrap_or(default_date);
    let result = match conversation {
        Some(key) => engine.ask(conversations.get(&key, Instant::now()), &question, date),
        None => engine.ask(&mut Conversation::new(), &question, date),
    };
    match result {
        Ok(answer) => to_line(&answer),
        Err(e) => error_line(&e.to_string(), n),
    }
}

/// A request read from one JSON object: a line of `ess ask --json -`, or the body of
/// `POST /api/ask` (`ess serve`), which may also carry a `profile`.
pub struct Request {
    /// The question (`q`).
    pub question: String,
    /// The conversation key, a number read as its text.
    pub conversation: Option<String>,
    /// The date the law is evaluated at, unchecked (the engine checks it).
    pub date: Option<String>,
    /// The `profile` object as written, when present and not null (read by `ess serve`).
    pub profile: Option<Value>,
}

/// The fields of a request, or what is wrong with it, in French. `subject` names what was
/// read: « la ligne », « le corps de la requête ».
pub fn parse_request(text: &str, subject: &str) -> Result<Request, String> {
    let invalid = || format!("{subject} n'est pas un objet JSON valide");
    let value: Value = serde_json::from_str(text).map_err(|_| invalid())?;
    if !value.is_object() {
        return Err(
            "un objet JSON est attendu, par exemple {\"q\": \"Quels leviers pour la mobilité ?\"}"
                .into(),
        );
    }
    // Deserialising the text again, not the value, catches a field written twice.
    let request: RawRequest = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        match message.split('`').nth(1) {
            Some(field) if message.starts_with("duplicate field") => {
                format!("le champ « {field} » est présent deux fois")
            }
            _ => invalid(),
        }
    })?;
    let question = match request.q {
        None | Some(Value::Null) => {
            return Err(
                "champ « q » absent : il contient la question, par exemple {\"q\": \"Quels leviers pour la mobilité ?\"}"
                    .into(),
            )
        }
        Some(Value::String(q)) => q,
        Some(_) => return Err("le champ « q » doit être un texte (la question)".into()),
    };
    let conversation = match request.conversation {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err("le champ « conversation » doit être un texte ou un nombre".into()),
    };
    let date = match request.date {
        None | Some(Value::Null) => None,
        Some(Value::String(d)) => Some(d),
        Some(other) => {
            return Err(format!(
                "le champ « date » doit être un texte AAAA-MM-JJ, par exemple \"2025-01-01\", pas {other}"
            ))
        }
    };
    let profile = match request.profile {
        None | Some(Value::Null) => None,
        Some(p) => Some(p),
    };
    Ok(Request {
        question,
        conversation,
        date,
        profile,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_at_fault_is_named() {
        let parse = |t: &str| parse_request(t, "la ligne");
        let err = |t: &str| parse(t).err().unwrap();
        assert!(err(r#"{"question": "x"}"#).starts_with("champ « q » absent"));
        assert!(err(r#"{"q": 3}"#).contains("« q » doit être un texte"));
        assert!(err(r#"{"q": "a", "q": "b"}"#).contains("« q » est présent deux fois"));
        assert!(err(r#"{"q": "a", "date": 20250101}"#).contains("« date » doit être un texte"));
        assert!(err(r#"["q"]"#).starts_with("un objet JSON est attendu"));
        assert!(err("pas du JSON").contains("pas un objet JSON valide"));
        let r = parse(r#"{"q": "a", "conversation": 7, "date": "2025-01-01"}"#)
            .ok()
            .unwrap();
        assert_eq!(
            (
                r.question.as_str(),
                r.conversation.as_deref(),
                r.date.as_deref()
            ),
            ("a", Some("7"), Some("2025-01-01"))
        );
        assert!(r.profile.is_none());
        let with_profile = parse(r#"{"q": "a", "profile": {"type": "commune"}}"#)
            .ok()
            .unwrap();
        assert_eq!(with_profile.profile.unwrap()["type"], "commune");
        assert!(parse_request("{", "le corps de la requête")
            .err()
            .unwrap()
            .starts_with("le corps de la requête n'est pas"));
    }

    #[test]
    fn a_long_line_is_cut_while_reading_and_the_next_one_is_read() {
        let mut input = Vec::new();
        input.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 10));
        input.extend_from_slice(b"\n{\"q\": \"a\"}\n");
        let mut reader = std::io::BufReader::with_capacity(1024, input.as_slice());
        assert!(matches!(
            read_line(&mut reader).unwrap(),
            Some(Read::TooLong(n)) if n == MAX_LINE_BYTES + 10
        ));
        assert!(
            matches!(read_line(&mut reader).unwrap(), Some(Read::Line(l)) if l == b"{\"q\": \"a\"}")
        );
        assert!(read_line(&mut reader).unwrap().is_none());
    }
}
