//! Prints what the engine understood of questions (intent, profile, themes, date), as the
//! answer reports it: `cargo run -p ess-engine --example understand -- "CAE ?"`.
fn main() {
    let engine = ess_engine::Engine::builtin().expect("the built-in corpus is valid");
    let today = ess_engine::today().to_string();
    for q in std::env::args().skip(1) {
        match engine.ask(&mut ess_engine::Conversation::new(), &q, &today) {
            Ok(a) => println!(
                "{q}\n  intention : {}\n  profil : {:?}\n  thèmes : {:?}\n  date : {}",
                a.intent, a.profile, a.themes, a.date
            ),
            Err(e) => println!("{q}\n  erreur : {e}"),
        }
    }
}
