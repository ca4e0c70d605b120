//! Embedding the engine in an application: a conversation held by the application between
//! requests (as JSON), and the law for a profile it knows.
//!
//! ```sh
//! cargo run -p ess-engine --example embed
//! ```

use ess_engine::{Conversation, Engine, Profile};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::builtin()?;
    let date = "2026-12-04";

    // First request: the application knows its user is a rural commune of 900 inhabitants.
    let mut conversation = Conversation::with_profile(Profile {
        kind: Some("commune".into()),
        population: Some(900),
        territoire: Some("rural".into()),
        ..Profile::default()
    });
    let answer = engine.ask(&mut conversation, "Quels leviers pour la mobilité ?", date)?;
    println!("{}\n", answer.text.lines().next().unwrap_or_default());
    for item in answer.items.iter().take(3) {
        println!("• {} — {} ({})", item.title, item.summary, item.citation);
    }

    // Between requests the application keeps the conversation where it likes (a cookie, a
    // database row): it is plain JSON.
    let saved = serde_json::to_string(&conversation)?;

    // Next request: the conversation read back goes on where it stopped.
    let mut conversation: Conversation = serde_json::from_str(&saved)?;
    let next = engine.ask(&mut conversation, "des exemples ?", date)?;
    println!("\n{}", next.text.lines().next().unwrap_or_default());

    // The law for the profile, as `ess obligations` gives it.
    let law = engine.evaluate(conversation.profile(), date.parse()?);
    for verdict in &law.obligations {
        println!("{:?} — {}", verdict.status, verdict.title);
    }
    Ok(())
}
