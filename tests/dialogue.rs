//! The acceptance set: realistic questions and conversations (tests/questions.toml), each with
//! what its answer must contain. Every failure is listed, not only the first.

use std::collections::BTreeMap;

use ess_engine::fold;
use ess_engine::{Answer, Conversation, Engine, SectionKind};
use serde::Deserialize;

const TODAY: &str = "2026-11-22";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Set {
    #[serde(default)]
    question: Vec<Expect>,
    #[serde(default)]
    conversation: Vec<Dialogue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Dialogue {
    name: String,
    turn: Vec<Expect>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expect {
    q: String,
    #[serde(default)]
    who: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    intent: Option<String>,
    #[serde(default)]
    profile: BTreeMap<String, toml::Value>,
    #[serde(default)]
    themes: Vec<String>,
    /// Theme ids that must not be among the understood themes (a word misread as one).
    #[serde(default)]
    not_themes: Vec<String>,
    #[serde(default)]
    fiches: Vec<u32>,
    #[serde(default)]
    items: Vec<String>,
    #[serde(default)]
    any_items: Vec<String>,
    #[serde(default)]
    text: Vec<String>,
    /// Substrings the answer text must not contain (beside the point).
    #[serde(default)]
    not_text: Vec<String>,
    #[serde(default)]
    obligations: BTreeMap<String, String>,
    /// Rule ids whose verdicts must not be in the answer (beside the point).
    #[serde(default)]
    not_obligations: Vec<String>,
    #[serde(default)]
    follow_up: Option<bool>,
    /// The answer proper (after « À noter » and « Collectivité reconnue » lines) opens with this.
    #[serde(default)]
    opens_with: Option<String>,
    /// Substrings that must be among the notices (what the engine did not retain).
    #[serde(default)]
    notices: Vec<String>,
    /// Profile fields that must stay unknown.
    #[serde(default)]
    unset: Vec<String>,
    /// Substrings the answer text must contain exactly once (a reference cited once).
    #[serde(default)]
    once: Vec<String>,
    /// Substrings the answer text must contain in this order (what was asked for first).
    #[serde(default)]
    order: Vec<String>,
    /// A known shortcoming, with why: reported on every run, and a failure once it is fixed
    /// (so that the note is removed and the expectation guards the fix).
    #[serde(default)]
    known_gap: Option<String>,
}

/// Sorts a checked expectation into failures or known gaps.
fn record(e: &Expect, label: String, wrong: Vec<String>, failures: &mut Vec<String>) {
    match (&e.known_gap, wrong.is_empty()) {
        (None, true) => {}
        (None, false) => failures.push(format!("{label}\n  - {}", wrong.join("\n  - "))),
        (Some(gap), false) => eprintln!("écart connu : {label} — {gap}"),
        (Some(_), true) => failures.push(format!(
            "{label} : réussit désormais, retirez « known_gap » de tests/questions.toml"
        )),
    }
}

/// What is wrong with an answer, or nothing.
fn check(e: &Expect, a: &Answer) -> Vec<String> {
    let mut wrong = sections_wrong(a);
    if let Some(intent) = &e.intent {
        if &a.intent != intent {
            wrong.push(format!("intent {} au lieu de {intent}", a.intent));
        }
    }
    let profile = serde_json::to_value(&a.profile).expect("a profile serialises");
    for (key, want) in &e.profile {
        let got = &profile[key];
        let same = match want {
            toml::Value::String(s) => got.as_str() == Some(s.as_str()),
            toml::Value::Integer(n) => got.as_f64() == Some(*n as f64),
            toml::Value::Float(f) => got.as_f64() == Some(*f),
            toml::Value::Boolean(b) => got.as_bool() == Some(*b),
            toml::Value::Array(list) => {
                let want: Vec<Option<&str>> = list.iter().map(toml::Value::as_str).collect();
                let got: Vec<Option<&str>> = got
                    .as_array()
                    .map(|a| a.iter().map(serde_json::Value::as_str).collect())
                    .unwrap_or_default();
                want == got
            }
            _ => false,
        };
        if !same {
            wrong.push(format!("profil.{key} = {got} au lieu de {want}"));
        }
    }
    for key in &e.unset {
        if !profile[key].is_null() {
            wrong.push(format!("profil.{key} = {} au lieu d'inconnu", profile[key]));
        }
    }
    for t in &e.themes {
        if !a.themes.iter().any(|x| x == t) {
            wrong.push(format!("thème {t} absent de {:?}", a.themes));
        }
    }
    for t in &e.not_themes {
        if a.themes.iter().any(|x| x == t) {
            wrong.push(format!("thème {t} lu à tort dans {:?}", a.themes));
        }
    }
    let fiches: Vec<u32> = a.items.iter().filter_map(|i| i.source.fiche).collect();
    for f in &e.fiches {
        if !fiches.contains(f) {
            wrong.push(format!("fiche {f} absente des items {fiches:?}"));
        }
    }
    let ids: Vec<&str> = a.items.iter().map(|i| i.id.as_str()).collect();
    for id in &e.items {
        if !ids.contains(&id.as_str()) {
            wrong.push(format!("item {id} absent"));
        }
    }
    if !e.any_items.is_empty() && !e.any_items.iter().any(|id| ids.contains(&id.as_str())) {
        wrong.push(format!("aucun de {:?} parmi les items", e.any_items));
    }
    // Compared without accents, case or the kind of space ("300 000 €" with a no-break space).
    let plain = |s: &str| fold(s).replace(['\u{a0}', '\u{202f}'], " ");
    let text = plain(&a.text);
    for t in &e.text {
        if !text.contains(&plain(t)) {
            wrong.push(format!("texte sans « {t} »"));
        }
    }
    for t in &e.not_text {
        if text.contains(&plain(t)) {
            wrong.push(format!("texte avec « {t} », hors de propos"));
        }
    }
    for t in &e.once {
        let n = text.matches(&plain(t)).count();
        if n != 1 {
            wrong.push(format!("« {t} » présent {n} fois au lieu d'une"));
        }
    }
    let positions: Vec<Option<usize>> = e.order.iter().map(|t| text.find(&plain(t))).collect();
    if !e.order.is_empty()
        && !positions
            .windows(2)
            .all(|w| matches!(w, [Some(a), Some(b)] if a < b))
    {
        wrong.push(format!("textes absents ou hors de l'ordre {:?}", e.order));
    }
    if let Some(opening) = &e.opens_with {
        let first = a
            .sections
            .iter()
            .find(|s| !matches!(s.kind, SectionKind::ANoter | SectionKind::Lieu));
        let body = first.map_or("", |s| s.text.as_str());
        if first.map(|s| s.kind) != Some(SectionKind::Reponse)
            || !plain(body).starts_with(&plain(opening))
        {
            wrong.push(format!(
                "la réponse ne commence pas par « {opening} » : {body:.120}"
            ));
        }
    }
    for n in &e.notices {
        if !a.notices.iter().any(|got| plain(got).contains(&plain(n))) {
            wrong.push(format!("aucune remarque « {n} » parmi {:?}", a.notices));
        }
    }
    for (id, status) in &e.obligations {
        match a.obligations.iter().find(|o| &o.id == id) {
            None => wrong.push(format!("obligation {id} absente")),
            Some(o) => {
                let got = serde_json::to_value(o.status).expect("a status serialises");
                if got.as_str() != Some(status.as_str()) {
                    wrong.push(format!("obligation {id} : {got} au lieu de {status}"));
                }
            }
        }
    }
    for id in &e.not_obligations {
        if a.obligations.iter().any(|o| &o.id == id) {
            wrong.push(format!("obligation {id} donnée à tort"));
        }
    }
    if let Some(want) = e.follow_up {
        if a.follow_up.is_some() != want {
            wrong.push(format!("follow_up = {:?}", a.follow_up));
        }
    }
    if !wrong.is_empty() {
        wrong.push(format!(
            "    (items : {:?})",
            ids.iter().take(14).collect::<Vec<_>>()
        ));
    }
    wrong
}

/// What is wrong with an answer's sections: they must make up its text exactly, cite only its
/// items (or the definition asked for), give the verdicts it holds, and put the direct answer
/// before anything but a notice or the place recognised.
fn sections_wrong(a: &Answer) -> Vec<String> {
    let mut wrong = Vec::new();
    let texts: Vec<&str> = a.sections.iter().map(|s| s.text.as_str()).collect();
    if texts.join("\n\n") != a.text {
        wrong.push("les sections ne forment pas le texte de la réponse".to_string());
    }
    for section in &a.sections {
        if section.text.trim().is_empty() {
            wrong.push(format!("section {:?} vide", section.kind));
        }
        if let Some(heading) = &section.heading {
            if !section.text.starts_with(heading.as_str()) {
                wrong.push(format!("section {:?} sans son titre", section.kind));
            }
        }
        let foreign: Vec<&str> = section
            .items
            .iter()
            .filter(|id| !a.items.iter().any(|i| &i.id == *id))
            .map(|id| id.as_str())
            .collect();
        if !foreign.is_empty() && section.kind != SectionKind::Definition {
            wrong.push(format!(
                "section {:?} : entrées hors des items {foreign:?}",
                section.kind
            ));
        }
    }
    let verdicts: Vec<&str> = a
        .sections
        .iter()
        .flat_map(|s| s.verdicts.iter().map(|v| v.as_str()))
        .collect();
    let held: Vec<&str> = a.obligations.iter().map(|v| v.id.as_str()).collect();
    if verdicts != held {
        wrong.push(format!(
            "verdicts des sections {verdicts:?} au lieu de {held:?}"
        ));
    }
    let direct = a
        .sections
        .iter()
        .position(|s| s.kind == SectionKind::Reponse);
    let before = a.sections[..direct.unwrap_or(0)]
        .iter()
        .any(|s| !matches!(s.kind, SectionKind::ANoter | SectionKind::Lieu));
    if before {
        wrong.push("la réponse directe n'est pas en tête".to_string());
    }
    wrong
}

fn load() -> Set {
    let text = include_str!("questions.toml");
    toml::from_str(text).unwrap_or_else(|e| panic!("tests/questions.toml : {e}"))
}

fn ask(engine: &Engine, c: &mut Conversation, e: &Expect) -> Answer {
    let date = e.date.as_deref().unwrap_or(TODAY);
    engine
        .ask(c, &e.q, date)
        .unwrap_or_else(|err| panic!("« {} » : {err}", e.q))
}

#[test]
fn realistic_questions_get_the_expected_answers() {
    let set = load();
    assert!(set.question.len() >= 60, "{} questions", set.question.len());
    let engine = Engine::builtin().expect("the built-in corpus is valid");
    let mut failures = Vec::new();
    for e in &set.question {
        let a = ask(&engine, &mut Conversation::new(), e);
        let who = e.who.as_deref().unwrap_or("");
        record(
            e,
            format!("« {} » ({who})", e.q),
            check(e, &a),
            &mut failures,
        );
    }
    assert!(
        failures.is_empty(),
        "{} question(s) sur {} en échec :\n{}",
        failures.len(),
        set.question.len(),
        failures.join("\n")
    );
}

#[test]
fn conversations_keep_their_context() {
    let set = load();
    assert!(
        set.conversation.len() >= 10,
        "{} conversations",
        set.conversation.len()
    );
    let engine = Engine::builtin().expect("the built-in corpus is valid");
    let mut failures = Vec::new();
    for d in &set.conversation {
        let mut c = Conversation::new();
        for (n, e) in d.turn.iter().enumerate() {
            let a = ask(&engine, &mut c, e);
            let label = format!("{}, tour {} « {} »", d.name, n + 1, e.q);
            record(e, label, check(e, &a), &mut failures);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Same input, same output: two engines (each with its own hash seeds) give every question of
/// the acceptance set the same answer, scores and order included.
#[test]
fn answers_are_the_same_at_every_run() {
    let set = load();
    let (first, second) = (Engine::builtin().unwrap(), Engine::builtin().unwrap());
    for e in &set.question {
        let a = ask(&first, &mut Conversation::new(), e);
        let b = ask(&second, &mut Conversation::new(), e);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap(),
            "« {} »",
            e.q
        );
    }
}

/// An application may hold the conversation itself: saved to JSON after every turn and read
/// back for the next one, it answers every turn of every conversation exactly as the one kept
/// in memory, communes of one name waiting for their département included.
#[test]
fn a_conversation_saved_and_read_back_continues_the_same() {
    let set = load();
    let engine = Engine::builtin().expect("the built-in corpus is valid");
    let homonyms = Dialogue {
        name: "homonymes".into(),
        turn: [
            "je suis maire de Sainte-Colombe, quels leviers ?",
            "dans le Rhône",
        ]
        .into_iter()
        .map(|q| Expect {
            q: q.into(),
            ..Expect::default()
        })
        .collect(),
    };
    for d in set.conversation.iter().chain([&homonyms]) {
        let (mut kept, mut saved) = (Conversation::new(), String::new());
        for e in &d.turn {
            let mut restored: Conversation = if saved.is_empty() {
                Conversation::new()
            } else {
                serde_json::from_str(&saved).expect("a saved conversation reads back")
            };
            let a = ask(&engine, &mut kept, e);
            let b = ask(&engine, &mut restored, e);
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                serde_json::to_string(&b).unwrap(),
                "{} : « {} »",
                d.name,
                e.q
            );
            saved = serde_json::to_string(&restored).unwrap();
        }
    }
    // What an application sends back may be partial: missing fields are a fresh start's.
    let partial: Conversation = serde_json::from_str(r#"{"profile": {"type": "commune"}}"#)
        .expect("a partial conversation reads");
    assert_eq!(partial.profile().kind.as_deref(), Some("commune"));
}

/// One engine shared by 16 threads at once (as `ess serve` shares it): every thread gets for
/// every question the answer a single thread gets, byte for byte.
#[test]
fn sixteen_threads_sharing_one_engine_get_the_same_answers() {
    let set = load();
    let engine = Engine::builtin().expect("the built-in corpus is valid");
    let alone: Vec<String> = set
        .question
        .iter()
        .map(|e| serde_json::to_string(&ask(&engine, &mut Conversation::new(), e)).unwrap())
        .collect();
    std::thread::scope(|scope| {
        let threads: Vec<_> = (0..16)
            .map(|t| {
                let (engine, set, alone) = (&engine, &set, &alone);
                scope.spawn(move || {
                    // Each thread asks 40 questions from another start, so that different
                    // questions run at the same time (and the test stays short in debug).
                    let n = set.question.len();
                    for k in 0..40.min(n) {
                        let i = (k + t * 7) % n;
                        let e = &set.question[i];
                        let got = serde_json::to_string(&ask(engine, &mut Conversation::new(), e))
                            .unwrap();
                        assert_eq!(got, alone[i], "thread {t}: « {} »", e.q);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("a thread finishes without panicking");
        }
    });
}

/// Found by the fuzz target `ask` (fuzz/): a follow-up that names no term after a definition
/// got an answer with no text. Every answer has text, whatever the turns before it.
#[test]
fn a_follow_up_of_a_definition_still_gets_a_text() {
    let engine = Engine::builtin().expect("the built-in corpus is valid");
    let mut c = Conversation::new();
    for q in ["Et po22", "Et pour dè travau22", "Et po22"] {
        let a = engine.ask(&mut c, q, TODAY).expect("an answer");
        assert!(!a.text.trim().is_empty(), "« {q} » : réponse vide");
        assert!(sections_wrong(&a).is_empty(), "{:?}", sections_wrong(&a));
    }
}

/// A full question after a term (« SCIC ? » then « quels leviers pour la mobilité ? ») changes
/// the subject: only a fragment (« des exemples dans la culture ? ») narrows the term.
#[test]
fn a_full_question_after_a_term_leaves_the_term() {
    let engine = Engine::builtin().expect("the built-in corpus is valid");
    let mut c = Conversation::new();
    engine.ask(&mut c, "SCIC ?", TODAY).expect("an answer");
    let a = engine
        .ask(&mut c, "quels leviers pour la mobilité ?", TODAY)
        .expect("an answer");
    let heading = a.text.lines().next().unwrap_or_default();
    assert!(heading.contains("« mobilité »"), "{heading}");
    assert!(!heading.contains("SCIC"), "{heading}");
    assert!(
        a.items.iter().all(|i| !i.id.contains("scic")),
        "{:?}",
        a.items.iter().map(|i| &i.id).collect::<Vec<_>>()
    );
}

/// A département named in lower case is read (« dans la creuse »), unless its name is also an
/// ordinary word (« pas cher », « un seul lot »): that one needs its capital.
#[test]
fn departements_in_lower_case_unless_their_name_is_a_word() {
    let engine = Engine::builtin().expect("the built-in corpus is valid");
    let departement = |q: &str| {
        let a = engine
            .ask(&mut Conversation::new(), q, TODAY)
            .expect("an answer");
        a.profile.departement.clone()
    };
    assert_eq!(
        departement("une commune de la creuse peut-elle aider un bistrot ?").as_deref(),
        Some("23")
    );
    assert_eq!(
        departement("élue en dordogne, quels leviers ?").as_deref(),
        Some("24")
    );
    assert_eq!(departement("une commune du Cher").as_deref(), Some("18"));
    assert_eq!(departement("c'est trop cher pour une petite commune"), None);
    assert_eq!(departement("un marché en un seul lot ?"), None);
    assert_eq!(
        departement("les inégalités se creusent dans nos quartiers"),
        None
    );
}

/// « quand … ? » about a term is answered by a date of that term, or by none: « la Semaine de
/// la finance solidaire » is not dated by a sentence on crowdfunding « depuis 2015 ».
/// Abbreviations people type (« les asso ») are read in full.
#[test]
fn a_date_is_of_the_term_asked_about() {
    let engine = Engine::builtin().expect("the built-in corpus is valid");
    let ask = |q: &str| {
        engine
            .ask(&mut Conversation::new(), q, TODAY)
            .expect("an answer")
    };
    let week = ask("quand a lieu la semaine de la finance solidaire ?");
    let first = week.text.lines().next().unwrap_or_default();
    assert!(!first.contains("2015"), "{first}");
    let rtes = ask("quand a été créé le RTES ?");
    assert!(rtes
        .text
        .lines()
        .next()
        .unwrap_or_default()
        .contains("2001"));
    let asso = ask("depuis quand les asso doivent signer le contrat d engagement republicain ?");
    assert_ne!(asso.intent, "hors_sujet");
    assert!(asso.text.contains("2 janvier 2022"), "{}", asso.text);
}
