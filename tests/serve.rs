//! `ess serve` over real HTTP on loopback: every route, the limits, the errors, conversations,
//! the logs, and real responses checked against the OpenAPI document the server publishes.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

#[path = "common/server.rs"]
mod server;
use server::Server;

const MOBILITY_RURAL: &str = "Quels leviers pour la mobilité en milieu rural ?";

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// Status, content type and JSON body of a response.
struct Reply {
    status: u16,
    content_type: String,
    body: Value,
    allow: Option<String>,
}

fn reply(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut response = result.expect("the server answers");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header("content-type").unwrap_or_default();
    let allow = header("allow");
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .read_to_string()
        .expect("the body is text");
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("status {status}: not JSON ({e}): {text}"));
    Reply {
        status,
        content_type,
        body,
        allow,
    }
}

fn post(server: &Server, path: &str, body: &str) -> Reply {
    reply(
        agent()
            .post(server.url(path))
            .header("content-type", "application/json")
            .send(body),
    )
}

fn get(server: &Server, path: &str) -> Reply {
    reply(agent().get(server.url(path)).call())
}

fn ask(server: &Server, body: Value) -> Reply {
    post(server, "/api/ask", &body.to_string())
}

/// An error reply: the status, JSON, one French message that contains `words`.
fn assert_error(reply: &Reply, status: u16, words: &[&str]) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert!(
        reply.content_type.starts_with("application/json"),
        "{}",
        reply.content_type
    );
    let message = reply.body["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no error field: {}", reply.body));
    assert_eq!(
        reply.body.as_object().map(|o| o.len()),
        Some(1),
        "{}",
        reply.body
    );
    for w in words {
        assert!(message.contains(w), "« {w} » not in « {message} »");
    }
}

#[test]
fn a_question_gets_the_answer_of_ess_ask_json_with_a_conversation_and_links() {
    let server = Server::start(&[]);
    let r = ask(&server, json!({"q": MOBILITY_RURAL, "date": "2026-11-22"}));
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.content_type.starts_with("application/json"));
    let id = r.body["conversation"].as_str().expect("a conversation id");
    assert!(id.len() >= 16, "{id}");
    assert_eq!(r.body["intent"], "leviers");
    assert_eq!(r.body["date"], "2026-11-22");
    assert!(r.body["text"]
        .as_str()
        .unwrap()
        .contains("Leviers d'action"));
    assert!(r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["citation"] == "Kit Municipal ESS (éd. 2020), fiche 10, p. 21"));
    // The very answer the command line writes, field for field (ids and links aside).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ess"))
        .args(["ask", "--json", "--date", "2026-11-22", MOBILITY_RURAL])
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut http = r.body.clone();
    let object = http.as_object_mut().unwrap();
    object.remove("conversation");
    object.remove("links");
    assert_eq!(http, cli);
    // Links point to official pages.
    for link in r.body["links"].as_array().unwrap() {
        assert!(
            link["url"].as_str().unwrap().starts_with("https://"),
            "{link}"
        );
    }
    // A fresh question gets a fresh conversation.
    let other = ask(&server, json!({"q": MOBILITY_RURAL}));
    assert_ne!(other.body["conversation"], r.body["conversation"]);
}

#[test]
fn a_follow_up_in_the_same_conversation_keeps_its_context() {
    let server = Server::start(&[]);
    let first = ask(&server, json!({"q": MOBILITY_RURAL}));
    let id = first.body["conversation"].clone();
    let next = ask(&server, json!({"q": "des exemples ?", "conversation": id}));
    assert_eq!(next.status, 200, "{}", next.body);
    assert_eq!(next.body["conversation"], id);
    assert_eq!(next.body["intent"], "exemples");
    assert!(
        next.body["themes"]
            .as_array()
            .unwrap()
            .contains(&json!("mobilite")),
        "{}",
        next.body["themes"]
    );
    assert_eq!(next.body["profile"]["territoire"], "rural");
    // The same words without the id have no subject to carry.
    let alone = ask(&server, json!({"q": "des exemples ?"}));
    assert!(!alone.body["themes"]
        .as_array()
        .unwrap()
        .contains(&json!("mobilite")));
    assert_ne!(alone.body["profile"]["territoire"], "rural");
    // An id chosen by the client works as well, a number included.
    ask(&server, json!({"q": MOBILITY_RURAL, "conversation": 42}));
    let again = ask(
        &server,
        json!({"q": "des exemples ?", "conversation": "42"}),
    );
    assert_eq!(again.body["profile"]["territoire"], "rural");
}

#[test]
fn a_profile_in_the_request_decides_the_verdicts() {
    let server = Server::start(&[]);
    let spaser = |body: &Value| -> Value {
        body["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == "obligation-spaser")
            .map(|v| v["status"].clone())
            .unwrap_or(Value::Null)
    };
    let q = "Devons-nous adopter un SPASER ?";
    let with = ask(
        &server,
        json!({"q": q, "date": "2026-11-22",
               "profile": {"type": "communaute_agglomeration", "achats": 70_000_000}}),
    );
    assert_eq!(with.status, 200, "{}", with.body);
    assert_eq!(spaser(&with.body), "applicable", "{}", with.body);
    assert_eq!(with.body["profile"]["type"], "communaute-agglomeration");
    let small = ask(
        &server,
        json!({"q": q, "date": "2026-11-22",
               "profile": {"type": "communaute_agglomeration", "achats": "20 000 000"}}),
    );
    // Under the threshold the obligation does not apply (the engine then leaves it out).
    assert_eq!(small.body["profile"]["achats_annuels_ht"], 20_000_000.0);
    assert!(
        matches!(spaser(&small.body).as_str(), None | Some("non_applicable")),
        "{}",
        small.body
    );
    // A profile an answer gave can be sent back as it is.
    let back = ask(
        &server,
        json!({"q": q, "date": "2026-11-22", "profile": with.body["profile"]}),
    );
    assert_eq!(spaser(&back.body), "applicable", "{}", back.body);
    // Bad fields are named.
    assert_error(
        &ask(&server, json!({"q": q, "profile": {"population": -3}})),
        400,
        &["« profile.population »", "entier positif"],
    );
    assert_error(
        &ask(&server, json!({"q": q, "profile": {"type": "royaume"}})),
        400,
        &[
            "type de collectivité « royaume » inconnu",
            "communaute-agglomeration",
        ],
    );
    assert_error(
        &ask(&server, json!({"q": q, "profile": {"taille": 3}})),
        400,
        &["champ « profile.taille » inconnu"],
    );
}

#[test]
fn bad_requests_get_400_in_french_naming_the_field() {
    let server = Server::start(&[]);
    let cases: [(&str, &[&str]); 9] = [
        (
            "pas du JSON",
            &["le corps de la requête n'est pas un objet JSON valide"],
        ),
        ("", &["le corps de la requête est vide"]),
        ("[1, 2]", &["un objet JSON est attendu"]),
        (r#"{"question": "x"}"#, &["champ « q » absent"]),
        (r#"{"q": 3}"#, &["le champ « q » doit être un texte"]),
        (r#"{"q": "   "}"#, &["champ « q »", "la question est vide"]),
        (
            r#"{"q": "a", "q": "b"}"#,
            &["le champ « q » est présent deux fois"],
        ),
        (
            r#"{"q": "SCIC ?", "date": "2021-13-45"}"#,
            &["champ « date »", "invalide"],
        ),
        (
            r#"{"q": "SCIC ?", "conversation": [1]}"#,
            &["« conversation » doit être"],
        ),
    ];
    for (body, words) in cases {
        assert_error(&post(&server, "/api/ask", body), 400, words);
    }
    let long = "mobilité ".repeat(1_200);
    assert_error(
        &ask(&server, json!({ "q": long })),
        400,
        &["champ « q »", "trop longue", "au plus 10000"],
    );
    assert_error(
        &ask(&server, json!({"q": "x", "conversation": "c".repeat(129)})),
        400,
        &["« conversation »", "128 octets"],
    );
    let not_utf8 = reply(
        agent()
            .post(server.url("/api/ask"))
            .send(&[b'{', 0xff, 0xfe, b'}'][..]),
    );
    assert_error(&not_utf8, 400, &["UTF-8"]);
}

#[test]
fn a_body_too_large_gets_413() {
    let server = Server::start(&[]);
    let huge = json!({ "q": "a".repeat(70 * 1024) }).to_string();
    assert_error(
        &post(&server, "/api/ask", &huge),
        413,
        &["trop grand", "64 Kio"],
    );
    // Without a length announced (chunked), the limit holds too.
    let chunks = std::io::Cursor::new(huge.into_bytes());
    let chunked = reply(
        agent()
            .post(server.url("/api/ask"))
            .send(ureq::SendBody::from_reader(&mut chunks.clone())),
    );
    assert_error(&chunked, 413, &["trop grand"]);
    // The server goes on.
    assert_eq!(get(&server, "/api/health").status, 200);
}

#[test]
fn unknown_routes_get_404_and_wrong_methods_405() {
    let server = Server::start(&[]);
    assert_error(
        &get(&server, "/api/nulle-part"),
        404,
        &[
            "aucune ressource à l'adresse « /api/nulle-part »",
            "/api/openapi.json",
        ],
    );
    let wrong = get(&server, "/api/ask");
    assert_error(
        &wrong,
        405,
        &["la méthode GET n'est pas permise", "utilisez POST"],
    );
    assert_eq!(wrong.allow.as_deref(), Some("POST"));
    assert_error(
        &reply(agent().delete(server.url("/api/health")).call()),
        405,
        &["DELETE", "utilisez GET"],
    );
    assert_error(
        &reply(agent().put(server.url("/api/fiches/10")).send_empty()),
        405,
        &["PUT"],
    );
}

#[test]
fn obligations_are_those_of_ess_obligations_json() {
    let server = Server::start(&[]);
    let r = get(
        &server,
        "/api/obligations?type=communaute_agglomeration&achats=70000000&date=2026-11-22",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ess"))
        .args([
            "obligations",
            "--json",
            "--type",
            "communaute_agglomeration",
            "--achats",
            "70000000",
            "--date",
            "2026-11-22",
        ])
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r.body, cli);
    let spaser = r.body["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "obligation-spaser")
        .unwrap();
    assert_eq!(spaser["status"], "applicable");
    // A commune by its name, URL-encoded, and a repeated competence.
    let brehal = get(
        &server,
        "/api/obligations?commune=Br%C3%A9hal&date=2026-11-22",
    );
    assert_eq!(brehal.status, 200, "{}", brehal.body);
    assert_eq!(brehal.body["profile"]["commune"]["code"], "50076");
    assert_eq!(brehal.body["profile"]["type"], "commune");
    // Bad parameters are named.
    assert_error(
        &get(&server, "/api/obligations?population=beaucoup"),
        400,
        &["paramètre « population »", "entier positif"],
    );
    assert_error(
        &get(&server, "/api/obligations?taille=3"),
        400,
        &["paramètre « taille » inconnu"],
    );
    assert_error(
        &get(&server, "/api/obligations?date=2025-02-30"),
        400,
        &["paramètre « date »", "invalide"],
    );
    assert_error(
        &get(&server, "/api/obligations?type=royaume"),
        400,
        &["« royaume » inconnu"],
    );
    assert_error(
        &get(&server, "/api/obligations?type=commune&type=region"),
        400,
        &["« type » est présent deux fois"],
    );
}

#[test]
fn fiches_by_number() {
    let server = Server::start(&[]);
    let r = get(&server, "/api/fiches/10");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["kind"], "fiche");
    assert_eq!(r.body["source"]["fiche"], 10);
    assert!(
        r.body["title"].as_str().unwrap().contains("mobilité"),
        "{}",
        r.body["title"]
    );
    assert_error(
        &get(&server, "/api/fiches/99"),
        404,
        &["fiche n° 99 introuvable", "1 à 24"],
    );
    assert_error(&get(&server, "/api/fiches/dix"), 400, &["« dix » invalide"]);
}

#[test]
fn health_says_ok() {
    let server = Server::start(&[]);
    let before = get(&server, "/api/health");
    assert_eq!(before.status, 200);
    assert_eq!(before.body["status"], "ok");
    assert!(before.body["entries"].as_u64().unwrap() > 1000);
    ask(&server, json!({"q": "C'est quoi une SCIC ?"}));
    let after = get(&server, "/api/health");
    assert_eq!(
        after.body["conversations"].as_u64().unwrap(),
        before.body["conversations"].as_u64().unwrap() + 1
    );
}

#[test]
fn the_page_and_its_files_are_served_from_the_binary() {
    let server = Server::start(&[]);
    for (path, kind, marker) in [
        ("/", "text/html", "<html lang=\"fr\""),
        ("/app.js", "text/javascript", "/api/ask"),
        ("/style.css", "text/css", "body"),
    ] {
        let mut response = agent().get(server.url(path)).call().unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(content_type.starts_with(kind), "{path}: {content_type}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("default-src 'none'"), "{csp}");
        let text = response.body_mut().read_to_string().unwrap();
        assert!(text.contains(marker), "{path}");
        // No CDN, no network: nothing is loaded from elsewhere.
        assert!(
            !text.contains("http://") && !text.contains("//cdn"),
            "{path}"
        );
    }
}

/// A validator for one schema of the published document.
fn validator(document: &Value, name: &str) -> jsonschema::Validator {
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/components/schemas/{name}"),
        "components": document["components"],
    });
    jsonschema::validator_for(&schema).expect("the document's schemas are valid JSON Schema")
}

fn assert_valid(validator: &jsonschema::Validator, value: &Value, what: &str) {
    let problems: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{e} (à {})", e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{what}\n{problems:#?}\n{value}");
}

#[test]
fn real_responses_follow_the_openapi_document() {
    let server = Server::start(&[]);
    let doc = get(&server, "/api/openapi.json");
    assert_eq!(doc.status, 200);
    let doc = doc.body;
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/ask",
        "/api/obligations",
        "/api/fiches/{n}",
        "/api/health",
        "/api/openapi.json",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not described");
    }
    let answers = validator(&doc, "AskResponse");
    let mut conversation = Value::Null;
    for q in [
        MOBILITY_RURAL,
        "des exemples ?",
        "pourquoi ?",
        "une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ?",
        "quel seuil SPASER ?",
        "C'est quoi une SCIC ?",
        "quelle est la recette de la tarte tatin ?",
    ] {
        let r = ask(&server, json!({"q": q, "conversation": conversation}));
        assert_eq!(r.status, 200, "{}", r.body);
        assert_valid(&answers, &r.body, q);
        conversation = r.body["conversation"].clone();
    }
    let r = ask(
        &server,
        json!({"q": "Devons-nous adopter un SPASER ?",
               "profile": {"type": "commune", "population": 900}}),
    );
    assert_valid(&answers, &r.body, "with a profile");
    // The schema rejects what breaks the contract.
    let mut broken = r.body.clone();
    broken.as_object_mut().unwrap().remove("conversation");
    assert!(!answers.is_valid(&broken));
    let mut broken = r.body.clone();
    broken["items"][0]["source"]["fiche"] = json!("dix");
    assert!(!answers.is_valid(&broken));

    let evaluation = get(&server, "/api/obligations?type=commune&population=900");
    assert_valid(
        &validator(&doc, "Evaluation"),
        &evaluation.body,
        "obligations",
    );
    assert_valid(
        &validator(&doc, "Fiche"),
        &get(&server, "/api/fiches/3").body,
        "fiche",
    );
    assert_valid(
        &validator(&doc, "Health"),
        &get(&server, "/api/health").body,
        "health",
    );
    let errors = validator(&doc, "ApiError");
    for e in [
        post(&server, "/api/ask", "{"),
        get(&server, "/api/fiches/99"),
        get(&server, "/api/ask"),
        get(&server, "/nulle-part"),
    ] {
        assert_valid(&errors, &e.body, "error");
    }
    assert!(!errors.is_valid(&json!({"error": ""})));
}

#[test]
fn many_clients_at_once_all_get_their_answer() {
    let server = Server::start(&[]);
    let url = server.url("/api/ask");
    let threads: Vec<_> = (0..32)
        .map(|i| {
            let url = url.clone();
            std::thread::spawn(move || {
                let agent = agent();
                let mut ok = 0;
                for _ in 0..5 {
                    let body = json!({"q": MOBILITY_RURAL, "conversation": format!("c{i}")});
                    let r = reply(
                        agent
                            .post(&url)
                            .header("content-type", "application/json")
                            .send(body.to_string()),
                    );
                    if r.status == 200 && r.body["intent"] == "leviers" {
                        ok += 1;
                    }
                }
                ok
            })
        })
        .collect();
    let ok: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(ok, 32 * 5);
    assert_eq!(
        get(&server, "/api/health").body["conversations"].as_u64(),
        Some(32)
    );
}

#[test]
fn a_request_slower_than_the_timeout_gets_503_in_json() {
    let server = Server::start(&["--timeout", "1"]);
    let address = server.base.trim_start_matches("http://").to_string();
    let mut stream = TcpStream::connect(&address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // A body announced and never sent in full.
    write!(
        stream,
        "POST /api/ask HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"q\": "
    )
    .unwrap();
    let start = Instant::now();
    let mut response = Vec::new();
    let mut buffer = [0u8; 4096];
    // Read until the body of the error has come (the connection may stay open).
    while !String::from_utf8_lossy(&response).contains('}') {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => response.extend_from_slice(&buffer[..n]),
        }
    }
    let elapsed = start.elapsed();
    let text = String::from_utf8_lossy(&response);
    assert!(text.starts_with("HTTP/1.1 503"), "{text}");
    assert!(text.contains("délai de 1 s"), "{text}");
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
}

#[test]
fn one_log_line_per_request_and_no_question_unless_asked() {
    let secret = "Quels leviers pour la mobilité à Trifouilly-les-Oies ?";
    let server = Server::start(&[]);
    ask(&server, json!({ "q": secret }));
    get(&server, "/api/fiches/99");
    let log = server.stop();
    let lines: Vec<&str> = log.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("POST /api/ask 200 ") && l.ends_with(" ms")),
        "{log}"
    );
    assert!(
        lines.iter().any(|l| l.contains("GET /api/fiches/99 404 ")),
        "{log}"
    );
    assert!(!log.contains("Trifouilly"), "{log}");

    let server = Server::start(&["--log-questions"]);
    ask(&server, json!({ "q": secret }));
    let log = server.stop();
    assert!(log.contains("Trifouilly-les-Oies"), "{log}");
}

#[test]
fn a_bad_address_is_refused_in_french() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ess"))
        .args(["serve", "--addr", "pas-une-adresse"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("une adresse IP et un port sont attendus"),
        "{stderr}"
    );
    // A port already taken.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ess"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("adresse déjà utilisée"), "{stderr}");
}

/// Requests handled at once (`MAX_IN_FLIGHT` in repl/src/serve/mod.rs).
const MAX_IN_FLIGHT: usize = 64;

/// Opens a connection that sends the headers of a question and never its whole body.
fn slow_request(address: &str) -> TcpStream {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST /api/ask HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{"
    )
    .unwrap();
    stream
}

#[test]
fn past_the_concurrency_limit_a_request_waits_for_a_place() {
    let server = Server::start(&["--timeout", "2"]);
    let address = server.base.trim_start_matches("http://").to_string();
    let timed_health = || {
        let start = Instant::now();
        let r = get(&server, "/api/health");
        (r.status, start.elapsed())
    };
    // One place short of the limit: no wait.
    let almost: Vec<TcpStream> = (0..MAX_IN_FLIGHT - 1)
        .map(|_| slow_request(&address))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let (status, elapsed) = timed_health();
    assert_eq!(status, 200);
    assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");
    drop(almost);
    // Wait until those have given their places back (their timeout is 2 s).
    std::thread::sleep(Duration::from_millis(2_200));
    // Every place taken by a slow client: the next request waits until one is freed by the
    // timeout of the slow ones (2 s after they came), then is answered.
    let full: Vec<TcpStream> = (0..MAX_IN_FLIGHT).map(|_| slow_request(&address)).collect();
    std::thread::sleep(Duration::from_millis(300));
    let (status, elapsed) = timed_health();
    assert_eq!(status, 200);
    assert!(
        elapsed >= Duration::from_millis(1_200) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    drop(full);
}

/// Bytes that are not an HTTP request have no request to answer in JSON: the HTTP layer
/// (hyper) refuses them with an empty 400 and closes the connection; the server goes on.
#[test]
fn bytes_that_are_not_http_get_400_and_the_server_goes_on() {
    let server = Server::start(&[]);
    let address = server.base.trim_start_matches("http://").to_string();
    for garbage in [
        &b"GARBAGE\r\n\r\n"[..],
        b"\x00\xff\xfe binaire\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
    ] {
        let mut stream = TcpStream::connect(&address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream.write_all(garbage).unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let text = String::from_utf8_lossy(&response);
        assert!(text.starts_with("HTTP/1.1 400"), "{garbage:?}: {text}");
        assert!(text.contains("connection: close"), "{text}");
    }
    assert_eq!(get(&server, "/api/health").status, 200);
}
