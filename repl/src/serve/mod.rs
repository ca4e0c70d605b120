//! `ess serve`: the engine behind HTTP, for applications (a JSON API) and for people (a web
//! page at `/`, served from the binary, that works with no network).
//!
//! One [`Engine`] is shared by every request. Conversations are kept by the server, bounded
//! as the JSON-lines session bounds them ([`crate::conversations`]: 5 000, one hour idle),
//! behind a mutex held only to take a conversation out and to put it back, never while the
//! engine answers. Every error is JSON `{"error": "…"}` in French with its status: 400 for a
//! bad body, field or parameter (named), 404, 405, 413, 503 when the server is saturated or
//! too slow; 500 only for a failure of the server itself, never for what a user sent.
//!
//! Routes: `POST /api/ask`, `GET /api/obligations`, `GET /api/fiches/{n}`, `GET /api/health`,
//! `GET /api/openapi.json`, and the page (`/`, `/app.js`, `/style.css`).

mod openapi;
pub(crate) mod params;

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use ess_engine::{AskError, Conversation, Engine};
use serde_json::{json, Value};

use crate::conversations::Conversations;
use crate::jsonl;

/// The largest request body read, in bytes: far above the longest question accepted
/// ([`ess_engine::MAX_QUESTION_CHARS`] characters) with a profile.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// How long one request may take by default, waiting for a place included (`--timeout`).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Requests handled at once; the others wait for a place (within [`REQUEST_TIMEOUT`]). An
/// answer takes about a millisecond of one core: 64 keeps both cores busy without holding
/// thousands of requests in memory.
pub const MAX_IN_FLIGHT: usize = 64;

/// Worker threads of the runtime: the machine this was measured on has two cores.
pub const WORKERS: usize = 2;

/// The longest conversation id accepted, in bytes.
pub const MAX_CONVERSATION_ID: usize = 128;

/// Options of `ess serve`.
pub struct Options {
    /// Where to listen.
    pub addr: SocketAddr,
    /// Whether questions are written to the log (never by default).
    pub log_questions: bool,
    /// How long one request may take ([`REQUEST_TIMEOUT`] by default).
    pub timeout: Duration,
}

/// What every request shares.
pub struct App {
    engine: Engine,
    conversations: Mutex<Conversations>,
    permits: tokio::sync::Semaphore,
    /// Answers computed at once: one per worker. The engine's work is CPU only, so more would
    /// not go faster; waiting here is first come, first served (tokio's semaphore is fair),
    /// which keeps the slowest answers close to the median under load.
    answering: tokio::sync::Semaphore,
    log_questions: bool,
    timeout: Duration,
    started: Instant,
}

impl App {
    /// The shared state around an engine.
    pub fn new(engine: Engine, log_questions: bool, timeout: Duration) -> App {
        App {
            engine,
            conversations: Mutex::new(Conversations::session()),
            permits: tokio::sync::Semaphore::new(MAX_IN_FLIGHT),
            answering: tokio::sync::Semaphore::new(WORKERS),
            log_questions,
            timeout,
            started: Instant::now(),
        }
    }

    /// The conversations; a request that panicked while holding them leaves them usable.
    fn conversations(&self) -> MutexGuard<'_, Conversations> {
        self.conversations
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Runs the server until Ctrl-C or SIGTERM. Prints the address it listens on, as a URL, on
/// standard output (`--addr 127.0.0.1:0` picks a free port: read it there).
pub fn run(engine: Engine, options: Options) -> Result<(), String> {
    // One line per request on standard error, without colours (it is often a file).
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .enable_all()
        .build()
        .map_err(|e| format!("démarrage du serveur impossible : {}", crate::io_french(&e)))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .map_err(|e| {
                format!(
                    "impossible d'écouter sur {} : {}",
                    options.addr,
                    bind_french(&e)
                )
            })?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("adresse d'écoute inconnue : {}", crate::io_french(&e)))?;
        {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            // The address is the one thing a script needs; a closed stdout does not stop us.
            let _ = writeln!(out, "http://{addr}/");
            let _ = out.flush();
        }
        tracing::info!("ess serve à l'écoute sur http://{addr}/ (Ctrl-C pour arrêter)");
        let app = Arc::new(App::new(engine, options.log_questions, options.timeout));
        axum::serve(listener, router(app))
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| format!("le serveur s'est arrêté : {}", crate::io_french(&e)))?;
        tracing::info!("ess serve arrêté");
        Ok(())
    })
}

fn bind_french(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            "adresse déjà utilisée (un autre serveur écoute sur ce port ?)".into()
        }
        std::io::ErrorKind::AddrNotAvailable => "adresse non disponible sur cette machine".into(),
        _ => crate::io_french(e),
    }
}

/// Resolves on Ctrl-C or SIGTERM: requests under way are finished, then the server stops.
async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// Every route, the fallbacks and the limits.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(page_html))
        .route("/app.js", get(page_js))
        .route("/style.css", get(page_css))
        .route("/api/ask", post(ask))
        .route("/api/obligations", get(obligations))
        .route("/api/fiches/{n}", get(fiche))
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(openapi_json))
        // axum's own 405 (with its Allow header) is made JSON by `frame`.
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(app.clone(), frame))
        .with_state(app)
}

/// An error as the API writes every error.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    json_response(status, json!({ "error": message.into() }).to_string())
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// Around every request: a place among [`MAX_IN_FLIGHT`], the timeout, errors made JSON
/// (axum's own 405 or 413 are plain text), and one log line.
async fn frame(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let handled = tokio::time::timeout(app.timeout, async {
        let _permit = app.permits.acquire().await;
        next.run(request).await
    })
    .await;
    let response = match handled {
        Ok(response) => as_json_error(response, &method, &path),
        Err(_) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "la requête n'a pas abouti dans le délai de {} s : réessayez dans un instant",
                app.timeout.as_secs()
            ),
        ),
    };
    let elapsed = start.elapsed();
    tracing::info!(
        "{method} {path} {} {:.2} ms",
        response.status().as_u16(),
        elapsed.as_secs_f64() * 1000.0
    );
    response
}

/// An error response that is not JSON yet (axum's own) gets its French JSON body.
fn as_json_error(response: Response, method: &Method, path: &str) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return response;
    }
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            // axum writes its Allow header outside this layer: the routes say it here.
            let allowed = if path == "/api/ask" { "POST" } else { "GET" };
            format!("la méthode {method} n'est pas permise pour « {path} » : utilisez {allowed}")
        }
        StatusCode::PAYLOAD_TOO_LARGE => too_large(),
        StatusCode::NOT_FOUND => not_found_message(path),
        s if s.is_client_error() => "requête invalide".to_string(),
        _ => "erreur interne du serveur".to_string(),
    };
    error(status, message)
}

fn too_large() -> String {
    format!(
        "le corps de la requête est trop grand (au plus {} Kio) : raccourcissez la question",
        MAX_BODY_BYTES / 1024
    )
}

fn not_found_message(path: &str) -> String {
    format!(
        "aucune ressource à l'adresse « {path} » : les routes sont décrites par /api/openapi.json"
    )
}

async fn not_found(request: Request) -> Response {
    error(
        StatusCode::NOT_FOUND,
        not_found_message(request.uri().path()),
    )
}

// --- The page ---

const INDEX_HTML: &str = include_str!("../../web/index.html");
const APP_JS: &str = include_str!("../../web/app.js");
const STYLE_CSS: &str = include_str!("../../web/style.css");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Nothing but the binary's own files: no CDN, no inline script, no frame.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

async fn page_html() -> Response {
    asset(INDEX_HTML, "text/html; charset=utf-8")
}

async fn page_js() -> Response {
    asset(APP_JS, "text/javascript; charset=utf-8")
}

async fn page_css() -> Response {
    asset(STYLE_CSS, "text/css; charset=utf-8")
}

// --- The API ---

/// A fresh conversation id: 32 hex digits from a per-process random key and a counter. It
/// keeps conversations apart; it is not a secret that guards anything.
fn new_conversation_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static KEYS: std::sync::OnceLock<(RandomState, RandomState)> = std::sync::OnceLock::new();
    let (a, b) = KEYS.get_or_init(|| (RandomState::new(), RandomState::new()));
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let half = |keys: &RandomState| keys.hash_one((n, nanos));
    format!("{:016x}{:016x}", half(a), half(b))
}

fn body_rejection(rejection: BytesRejection) -> Response {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        error(StatusCode::PAYLOAD_TOO_LARGE, too_large())
    } else {
        error(
            StatusCode::BAD_REQUEST,
            "le corps de la requête n'a pas pu être lu en entier",
        )
    }
}

/// `POST /api/ask`: the answer of `ess ask --json`, plus `conversation` (the id to send with
/// the next question) and `links` (the official pages of the entries cited).
async fn ask(State(app): State<Arc<App>>, body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => return body_rejection(rejection),
    };
    let Ok(text) = std::str::from_utf8(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "le corps de la requête n'est pas en UTF-8 valide",
        );
    };
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "le corps de la requête est vide : un objet JSON est attendu, par exemple {\"q\": \"Quels leviers pour la mobilité ?\"}",
        );
    }
    let request = match jsonl::parse_request(text, "le corps de la requête") {
        Ok(request) => request,
        Err(message) => return error(StatusCode::BAD_REQUEST, message),
    };
    if let Some(id) = &request.conversation {
        if id.is_empty() || id.len() > MAX_CONVERSATION_ID {
            return error(
                StatusCode::BAD_REQUEST,
                format!(
                    "le champ « conversation » doit compter de 1 à {MAX_CONVERSATION_ID} octets"
                ),
            );
        }
    }
    let profile = match &request.profile {
        None => None,
        Some(value) => match params::profile_args(value)
            .and_then(|args| crate::obligations::profile(app.engine.corpus(), &args))
        {
            Ok(profile) => Some(profile),
            Err(message) => return error(StatusCode::BAD_REQUEST, message),
        },
    };
    let date = request
        .date
        .clone()
        .unwrap_or_else(|| ess_engine::today().to_string());
    let id = request.conversation.unwrap_or_else(new_conversation_id);
    if app.log_questions {
        tracing::info!(conversation = %id, "question : {}", request.question);
    }
    // The conversation is taken out for the time of the answer: the lock is not held while
    // the engine works. Two requests of one conversation at once: the last one answered wins.
    let mut conversation: Conversation = app.conversations().get(&id, Instant::now()).clone();
    if let Some(profile) = profile {
        let mut merged = conversation.profile().clone();
        merged.merge(&profile);
        conversation.set_profile(merged);
    }
    let answered = {
        let _turn = app.answering.acquire().await;
        std::panic::catch_unwind(AssertUnwindSafe(|| {
            app.engine.ask(&mut conversation, &request.question, &date)
        }))
    };
    let answer = match answered {
        Ok(Ok(answer)) => answer,
        Ok(Err(e)) => return ask_error(&e),
        Err(_) => {
            tracing::error!("le moteur a échoué sur une question (panique)");
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "erreur interne du moteur : la question n'a pas pu être traitée",
            );
        }
    };
    *app.conversations().get(&id, Instant::now()) = conversation;
    let links = params::links(app.engine.corpus(), &answer);
    // The answer's own JSON, exactly as `ess ask --json` writes it, with two fields first.
    let line = jsonl::to_line(&answer);
    let fields = line.strip_prefix('{').unwrap_or(&line);
    let body = format!(
        "{{\"conversation\":{},\"links\":{},{fields}",
        Value::from(id),
        serde_json::to_string(&links).unwrap_or_else(|_| "[]".into()),
    );
    json_response(StatusCode::OK, body)
}

fn ask_error(e: &AskError) -> Response {
    match e {
        AskError::EmptyQuestion | AskError::TooLong(_) => {
            error(StatusCode::BAD_REQUEST, format!("champ « q » : {e}"))
        }
        AskError::BadDate(..) => error(StatusCode::BAD_REQUEST, format!("champ « date » : {e}")),
        AskError::Index(_) => {
            tracing::error!("recherche impossible : {e}");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "erreur interne de la recherche : la question n'a pas pu être traitée",
            )
        }
    }
}

/// `GET /api/obligations?type=…&population=…&commune=…&date=…`: what `ess obligations --json`
/// writes.
async fn obligations(
    State(app): State<Arc<App>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let Ok(Query(pairs)) = query else {
        return error(
            StatusCode::BAD_REQUEST,
            "les paramètres de l'adresse sont illisibles (encodage invalide)",
        );
    };
    let evaluated = params::query_args(&pairs).and_then(|args| {
        let date =
            crate::obligations::date(&args).map_err(|e| format!("paramètre « date » : {e}"))?;
        let profile = crate::obligations::profile(app.engine.corpus(), &args)?;
        crate::obligations::to_json(&app.engine.evaluate(&profile, date))
    });
    match evaluated {
        Ok(body) => json_response(StatusCode::OK, body),
        Err(message) => error(StatusCode::BAD_REQUEST, message),
    }
}

/// `GET /api/fiches/{n}`: the kit fiche `n`, as `ess corpus export` writes it.
async fn fiche(State(app): State<Arc<App>>, Path(n): Path<String>) -> Response {
    let corpus = app.engine.corpus();
    let fiches: Vec<&ess_corpus::Entry> = corpus.entries_of(ess_corpus::Kind::Fiche).collect();
    let numbers = fiches.iter().filter_map(|f| f.source.fiche);
    let (first, last) = (
        numbers.clone().min().unwrap_or(0),
        numbers.max().unwrap_or(0),
    );
    let Ok(number) = n.trim().parse::<u32>() else {
        return error(
            StatusCode::BAD_REQUEST,
            format!("numéro de fiche « {n} » invalide : un nombre de {first} à {last} est attendu"),
        );
    };
    match fiches.iter().find(|f| f.source.fiche == Some(number)) {
        Some(entry) => match serde_json::to_string(entry) {
            Ok(body) => json_response(StatusCode::OK, body),
            Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "erreur interne du serveur"),
        },
        None => error(
            StatusCode::NOT_FOUND,
            format!("fiche n° {number} introuvable : le Kit Municipal ESS compte les fiches {first} à {last}"),
        ),
    }
}

/// `GET /api/health`.
async fn health(State(app): State<Arc<App>>) -> Response {
    let conversations = app.conversations().len();
    let corpus = app.engine.corpus();
    json_response(
        StatusCode::OK,
        json!({
            "status": "ok",
            "version": env!("CARGO_PKG_VERSION"),
            "entries": corpus.entry_count(),
            "rules": corpus.rules.len(),
            "conversations": conversations,
            "uptime_s": app.started.elapsed().as_secs(),
        })
        .to_string(),
    )
}

async fn openapi_json() -> Response {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let body = DOCUMENT.get_or_init(|| openapi::document().to_string());
    let mut response = json_response(StatusCode::OK, body.clone());
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}
