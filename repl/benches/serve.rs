//! Load test of `ess serve` on loopback: `cargo bench -p ess --bench serve`.
//!
//! Starts the built `ess serve --addr 127.0.0.1:0`, then 32 clients (each with its own
//! keep-alive connection, all driven by one thread, as `wrk` or `oha` drive theirs, so that the
//! load generator takes as little as it can of the two cores the server runs on) send
//! `ESS_BENCH_REQUESTS` questions in all (100 000 by default)
//! to `POST /api/ask`, a mix of first questions and follow-ups in 1 600 conversations. It
//! measures answers per second, latency percentiles, errors (any status but 200, any transport
//! error, any body that is not an answer) and the server's resident memory, sampled every
//! second. Bounded: it stops after the count or after five minutes, whichever comes first.
//! Exits 1 when a target of issue 15 is missed: ≥ 2 000 answers/s, p99 ≤ 20 ms, no error,
//! memory flat (the last sample within 10 % of the one after warm-up, plus 16 MB).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

#[path = "../../tests/common/server.rs"]
mod server;

const CLIENTS: usize = 32;
const CONVERSATIONS_PER_CLIENT: usize = 50;
const TIME_LIMIT: Duration = Duration::from_secs(300);

/// First questions, then follow-ups that lean on them.
const QUESTIONS: [&str; 6] = [
    "Quels leviers pour la mobilité en milieu rural ?",
    "des exemples ?",
    "Une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ?",
    "C'est quoi une SCIC ?",
    "Des exemples de ressourceries soutenues par une intercommunalité ?",
    "et pour un département ?",
];

fn rss(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .map_or(0, |kib| kib * 1024)
}

/// CPU time the process used so far (user + system), in seconds (Linux: clock ticks of 1/100 s).
fn cpu_seconds(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
            let rest = s.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let utime: f64 = fields.get(11)?.parse().ok()?;
            let stime: f64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(0.0)
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    f64::from(sorted[rank.min(sorted.len() - 1)]) / 1000.0
}

/// What a client sends: questions to `POST /api/ask`, or `GET /api/health` (the HTTP layer
/// alone, without the engine).
#[derive(Clone, Copy, PartialEq)]
enum Load {
    Ask,
    Health,
}

/// The body of the `k`-th question of client `id`: the mix of [`QUESTIONS`] in
/// [`CONVERSATIONS_PER_CLIENT`] conversations.
fn ask_body(id: usize, k: usize) -> String {
    let question = QUESTIONS[(k + id) % QUESTIONS.len()];
    format!(
        "{{\"q\":{},\"conversation\":\"c{id}-{}\",\"date\":\"2026-12-04\"}}",
        serde_json::Value::from(question),
        (k / QUESTIONS.len()) % CONVERSATIONS_PER_CLIENT
    )
}

/// Whether a response body is what the request asked for.
fn is_expected(load: Load, body: &str) -> bool {
    match load {
        Load::Ask => body.contains("\"intent\":"),
        Load::Health => body.contains("\"status\":\"ok\""),
    }
}

/// Sends `count` requests from one client, one after the other (a blocking client, for the
/// warm-up); returns the latencies (µs) and the errors.
fn client(base: &str, load: Load, id: usize, count: usize) -> (Vec<u32>, usize) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut latencies = Vec::with_capacity(count);
    let mut errors = 0;
    for k in 0..count {
        let start = Instant::now();
        let sent = match load {
            Load::Ask => agent
                .post(format!("{base}/api/ask"))
                .header("content-type", "application/json")
                .send(ask_body(id, k)),
            Load::Health => agent.get(format!("{base}/api/health")).call(),
        };
        let ok = sent
            .ok()
            .filter(|r| r.status().as_u16() == 200)
            .and_then(|mut r| r.body_mut().read_to_string().ok())
            .is_some_and(|text| is_expected(load, &text));
        latencies.push(start.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
        if !ok {
            errors += 1;
        }
    }
    (latencies, errors)
}

/// The bytes of one HTTP/1.1 request on a keep-alive connection.
fn request_bytes(load: Load, id: usize, k: usize) -> Vec<u8> {
    match load {
        Load::Ask => {
            let body = ask_body(id, k);
            format!(
                "POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes()
        }
        Load::Health => b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
    }
}

/// One request and its response on the connection (opened when there is none); whether the
/// response is a 200 with the expected body.
async fn exchange(
    connection: &mut Option<BufReader<TcpStream>>,
    addr: SocketAddr,
    request: &[u8],
    load: Load,
) -> std::io::Result<bool> {
    if connection.is_none() {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        *connection = Some(BufReader::new(stream));
    }
    let Some(stream) = connection.as_mut() else {
        return Ok(false);
    };
    stream.get_mut().write_all(request).await?;
    let mut line = String::new();
    stream.read_line(&mut line).await?;
    let status_ok = line.starts_with("HTTP/1.1 200 ");
    let mut length = None;
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let length = length.ok_or_else(|| std::io::Error::other("réponse sans Content-Length"))?;
    let mut body = vec![0; length];
    stream.read_exact(&mut body).await?;
    Ok(status_ok && is_expected(load, &String::from_utf8_lossy(&body)))
}

/// Sends `count` requests from one client on its keep-alive connection; returns the
/// latencies (µs) and the errors. A broken connection is an error and is opened again.
async fn async_client(
    addr: SocketAddr,
    load: Load,
    id: usize,
    count: usize,
    stop: Arc<AtomicBool>,
) -> (Vec<u32>, usize) {
    let mut connection = None;
    let mut latencies = Vec::with_capacity(count);
    let mut errors = 0;
    for k in 0..count {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let request = request_bytes(load, id, k);
        let start = Instant::now();
        let exchanged = tokio::time::timeout(
            Duration::from_secs(10),
            exchange(&mut connection, addr, &request, load),
        )
        .await;
        let ok = matches!(exchanged, Ok(Ok(true)));
        if !matches!(exchanged, Ok(Ok(_))) {
            connection = None;
        }
        latencies.push(start.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
        if !ok {
            errors += 1;
        }
    }
    (latencies, errors)
}

/// What one phase measured.
struct Measured {
    answered: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<u32>,
    samples: Vec<u64>,
}

/// `total` requests from [`CLIENTS`] clients at once, the server's memory sampled each second.
fn phase(base: &str, pid: u32, load: Load, total: usize) -> Measured {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let samples = Arc::new(Mutex::new(vec![rss(pid)]));
    let sampler = {
        let (stop, samples) = (stop.clone(), samples.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_secs(1));
                samples.lock().unwrap().push(rss(pid));
            }
        })
    };
    let watchdog = {
        let (stop, done) = (stop.clone(), done.clone());
        std::thread::spawn(move || {
            let start = Instant::now();
            while done.load(Ordering::Relaxed) < CLIENTS && start.elapsed() < TIME_LIMIT {
                std::thread::sleep(Duration::from_millis(100));
            }
            stop.store(true, Ordering::Relaxed);
        })
    };
    let addr: SocketAddr = base
        .trim_start_matches("http://")
        .parse()
        .expect("the server's address is IP:port");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime for the clients");
    let start = Instant::now();
    let (latencies, errors) = runtime.block_on(async {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|id| {
                let (stop, done) = (stop.clone(), done.clone());
                let count = total / CLIENTS + usize::from(id < total % CLIENTS);
                tokio::spawn(async move {
                    let result = async_client(addr, load, id, count, stop).await;
                    done.fetch_add(1, Ordering::Relaxed);
                    result
                })
            })
            .collect();
        let mut latencies = Vec::with_capacity(total);
        let mut errors = 0;
        for c in clients {
            let (l, e) = c.await.expect("a client finishes");
            latencies.extend(l);
            errors += e;
        }
        (latencies, errors)
    });
    let mut latencies = latencies;
    let elapsed = start.elapsed();
    let _ = watchdog.join();
    stop.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    let mut samples = samples.lock().unwrap().clone();
    samples.push(rss(pid));
    latencies.sort_unstable();
    Measured {
        answered: latencies.len(),
        errors,
        elapsed,
        latencies,
        samples,
    }
}

fn report(what: &str, m: &Measured) -> (f64, f64) {
    let rate = m.answered as f64 / m.elapsed.as_secs_f64();
    let l = &m.latencies;
    let (p50, p90, p99, max) = (
        percentile(l, 50.0),
        percentile(l, 90.0),
        percentile(l, 99.0),
        percentile(l, 100.0),
    );
    println!(
        "{what} : {} requêtes de {CLIENTS} clients en {:.1} s",
        m.answered,
        m.elapsed.as_secs_f64()
    );
    println!("  par seconde : {rate:.0}");
    println!("  latence : p50 {p50:.2} ms, p90 {p90:.2} ms, p99 {p99:.2} ms, max {max:.2} ms");
    println!("  erreurs : {}", m.errors);
    (rate, p99)
}

fn main() {
    let total: usize = std::env::var("ESS_BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let server = server::Server::start(&[]);
    let pid = server.pid();
    let base = server.base.clone();

    // Warm-up: every question in a few conversations, the gazetteer read.
    let _ = client(&base, Load::Health, 999, 100);
    let _ = client(&base, Load::Ask, 999, 600);

    let http = phase(&base, pid, Load::Health, (total / 10).max(1_000));
    let rss_warm = rss(pid);
    let cpu_before = cpu_seconds(pid);
    let asked = phase(&base, pid, Load::Ask, total);
    let cpu = cpu_seconds(pid) - cpu_before;
    let rss_end = rss(pid);
    let _log = server.stop();

    println!(
        "ess serve sur la boucle locale ({} cœurs)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    report("GET /api/health (la couche HTTP seule)", &http);
    let (rate, p99) = report("POST /api/ask (des réponses)", &asked);
    let per_answer = cpu / asked.answered.max(1) as f64 * 1000.0;
    println!(
        "  temps de calcul du serveur : {per_answer:.2} ms par réponse, {:.0} % d'un cœur en moyenne ; deux cœurs libres permettraient au plus {:.0} réponses/s",
        cpu / asked.elapsed.as_secs_f64() * 100.0,
        2000.0 / per_answer
    );
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!(
            "  charge de la machine à la fin (loadavg) : {}",
            load.trim()
        );
    }
    let mb = |b: u64| b as f64 / 1e6;
    let peak = asked.samples.iter().copied().max().unwrap_or(0);
    println!(
        "  mémoire résidente du serveur : {:.1} MB avant, {:.1} MB à la fin, pic {:.1} MB ({} relevés)",
        mb(rss_warm),
        mb(rss_end),
        mb(peak),
        asked.samples.len()
    );
    let flat = (rss_end as f64) <= rss_warm as f64 * 1.10 + 16e6;
    let errors = http.errors + asked.errors;
    let met = rate >= 2000.0 && p99 <= 20.0 && errors == 0 && flat && asked.answered == total;
    println!(
        "objectifs (≥ 2 000 réponses/s, p99 ≤ 20 ms, aucune erreur, mémoire stable) : {}",
        if met { "atteints" } else { "NON atteints" }
    );
    if !met {
        std::process::exit(1);
    }
}
