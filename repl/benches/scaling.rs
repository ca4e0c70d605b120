//! The scaling study of issue 12: `cargo bench -p ess --bench scaling`.
//!
//! For corpora ×1, ×10, ×100 (`ESS_SCALES=1,10,100,1000` for more), each written by
//! `scaling/generate.rs` from `corpus/data` into `ESS_SCALE_DATA` (default: a folder under the
//! system's temporary directory; never the repository), it measures with the built `ess`:
//!
//! - **first start**: `ess --corpus DIR ask` with `XDG_CACHE_HOME` pointed at an empty folder
//!   (load, validate, analyse, index, write the prepared image), wall time and peak resident
//!   set of that process (`wait4`);
//! - **later start**: the same command again, the image now in the cache (median of
//!   `ESS_SCALE_WARM_RUNS`, 5 by default), and its peak resident set;
//! - **answers**: one `ess --corpus DIR ask --json -` session (cached start), a warm-up line,
//!   then the 30 questions below `rounds` times, each line timed from its write to its answer
//!   read back; p50 and p99, and the session's peak resident set (`VmHWM` before it ends);
//! - **baselines**, in this process over the same entries (`ess --corpus DIR corpus export`):
//!   a naive linear scan (occurrences of each query word in every entry's title and text) and
//!   a plain BM25 (k1 = 1.2, b = 0.75, an inverted index built once) over the same folded
//!   words, top 10; their p50 and p99 over the same questions.
//!
//! Then it prints a Markdown table and writes three SVG plots (`ESS_SCALE_PLOTS`, default
//! `docs/`): `scaling-startup.svg`, `scaling-latency.svg`, `scaling-memory.svg`. Linux only.
//! It is not a test: `cargo test` never runs it.

#[path = "scaling/generate.rs"]
mod generate;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DATE: &str = "2026-11-22";

/// Thirty questions of `tests/questions.toml`: definitions, levers, examples, thresholds,
/// obligations with a profile, typos, a long paragraph.
const QUESTIONS: [&str; 30] = [
    "c'est quoi l'économie sociale et solidaire exactement ?",
    "a partir de quel montant d'achats le spaser devient il obligatoire ?",
    "Peut-on réserver un marché à des entreprises d'insertion ou à un ESAT ?",
    "Jusqu'à quel montant une mairie peut-elle acheter des fournitures sans publicité ni mise en concurrence ?",
    "Comment mettre des clauses sociales dans nos marchés ? on est une petite comcom rurale et on ne sait pas par où commencer, pas de service achats dédié",
    "cantinne bio et locale comment faire ??",
    "Langouët cantine 100% bio",
    "Projet alimentaire territorial solidaire : par où commencer pour une communauté de communes ?",
    "Quelle part du capital d'une SCIC une commune peut-elle détenir ?",
    "c quoi une scic",
    "Je suis maire d'une commune rurale de 900 habitants, quels leviers pour la mobilite des habitants qui n'ont pas de voiture ?",
    "garage solidaire : exemples ?",
    "covoiturage autopartage coopérative",
    "Comment développer le vélo avec les acteurs de l'ESS dans une agglo de 120 000 habitants ?",
    "plafond de minimis aujourd'hui ?",
    "SIEG c'est quoi ?",
    "À partir de quel montant de subvention faut-il signer une convention avec une asso ?",
    "Comment soutenir un lieu culturel associatif dans notre village ?",
    "urbanisme transitoire : des exemples de collectivités qui l'ont fait avec l'ESS ?",
    "Bonjour, je suis adjointe au développement économique d'une commune de 2 300 habitants dans le Finistère. On a une ancienne école vide en plein centre-bourg et plusieurs associations cherchent des locaux ; on se demande si on pourrait en faire un tiers-lieu avec une gouvernance partagée, peut-être en SCIC. Comment vous feriez ?",
    "TRANSITION ENERGETIQUE ET ESS : QUE PEUT FAIRE UNE COMMUNE ?",
    "Notre communauté d'agglomération (45 000 habitants) doit-elle adopter un PCAET ?",
    "Comment évaluer notre politique ESS ? On voudrait des indicateurs d'utilité sociale, pas seulement des emplois créés.",
    "Quel poids de l'ESS dans l'emploi en milieu rural ?",
    "Le dernier commerce du village a fermé, que peut faire la mairie ?",
    "PTCE c'est quoi ?",
    "Une commune de 5 200 hab. avec 60 agents doit-elle publier ses données en open data ?",
    "inclusion numérique : comment soutenir la médiation numérique avec l'ESS ?",
    "Une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ?",
    "creche associative en milieu rural, comment la commune peut soutenir les parents qui la portent ?",
];

/// One size's numbers.
struct Row {
    factor: usize,
    entries: usize,
    files: usize,
    megabytes: f64,
    cold: Duration,
    cold_rss: u64,
    warm: Duration,
    warm_rss: u64,
    image_bytes: u64,
    engine: Latency,
    session_rss: u64,
    errors: usize,
    scan: Latency,
    bm25: Latency,
    bm25_build: Duration,
}

#[derive(Clone, Copy)]
struct Latency {
    p50: Duration,
    p99: Duration,
    samples: usize,
}

impl Latency {
    fn of(mut times: Vec<Duration>) -> Latency {
        times.sort();
        Latency {
            p50: quantile(&times, 0.5),
            p99: quantile(&times, 0.99),
            samples: times.len(),
        }
    }
}

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `command` to its end; its wall time and its own peak resident set (`wait4`), in bytes.
fn run_measured(command: &mut Command) -> (Duration, u64) {
    let start = Instant::now();
    let child = command.stdout(Stdio::null()).spawn().expect("ess démarre");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: wait4 writes only the status and the struct it is given; the child is ours and
    // is waited for once (its `Child` is dropped without waiting).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(waited, pid, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "ess a échoué : {command:?}"
    );
    drop(child);
    (elapsed, usage.ru_maxrss as u64 * 1024)
}

/// `VmHWM` (peak resident set) of process `pid`, in bytes.
fn vm_hwm(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}

/// The resident set at this moment, split as the kernel counts it: `RssAnon` (the process's
/// own allocations) and `RssFile` (pages of mapped files, the cached index's among them).
fn rss_split(pid: u32) -> String {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .filter(|l| l.starts_with("RssAnon:") || l.starts_with("RssFile:"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

fn ess(dir: &Path, cache: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ess"));
    c.env("XDG_CACHE_HOME", cache).arg("--corpus").arg(dir);
    c
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            let m = e.metadata().ok();
            match m {
                Some(m) if m.is_dir() => dir_bytes(&e.path()),
                Some(m) => m.len(),
                None => 0,
            }
        })
        .sum()
}

/// The JSON-lines session: each question `rounds` times, one line at a time.
fn session(dir: &Path, cache: &Path, rounds: usize) -> (Latency, u64, usize) {
    let mut child = ess(dir, cache)
        .args(["ask", "--json", "--date", DATE, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("ess démarre");
    let pid = child.id();
    let mut input = child.stdin.take().expect("stdin");
    let mut output = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    let mut ask = |q: &str, line: &mut String| -> (Duration, bool) {
        let request = serde_json::json!({ "q": q }).to_string();
        let start = Instant::now();
        writeln!(input, "{request}").expect("écrire une ligne");
        input.flush().expect("flush");
        line.clear();
        output.read_line(line).expect("lire une réponse");
        (start.elapsed(), line.starts_with("{\"error\""))
    };
    ask("C'est quoi une SCIC ?", &mut line); // warm-up: the start is measured elsewhere
    let mut times = Vec::new();
    let mut errors = 0;
    for _ in 0..rounds {
        for q in QUESTIONS {
            let (t, error) = ask(q, &mut line);
            times.push(t);
            errors += error as usize;
        }
    }
    let peak = vm_hwm(pid);
    eprintln!("session : mémoire résidente à la fin : {}", rss_split(pid));
    drop(input);
    assert!(child.wait().expect("attendre ess").success());
    (Latency::of(times), peak, errors)
}

/// Lowercase, French accents removed, cut at anything not a letter or a digit.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            c => c,
        };
        if c.is_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The words of a question the baselines look for: three letters or more.
fn query_words(q: &str) -> Vec<String> {
    let mut w: Vec<String> = words(q).into_iter().filter(|w| w.len() >= 3).collect();
    w.sort();
    w.dedup();
    w
}

/// The ten best of `scores` (document, score), best first.
fn top10(mut scored: Vec<(u32, f32)>) -> Vec<(u32, f32)> {
    let by_score = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1);
    if scored.len() > 10 {
        scored.select_nth_unstable_by(9, by_score);
        scored.truncate(10);
    }
    scored.sort_by(by_score);
    scored
}

/// Naive linear scan: every entry's folded title and text, searched for every query word.
fn linear_scan(docs: &[String], q: &str) -> Vec<(u32, f32)> {
    let terms = query_words(q);
    let mut scored = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let hits: usize = terms.iter().map(|t| d.matches(t.as_str()).count()).sum();
        if hits > 0 {
            scored.push((i as u32, hits as f32));
        }
    }
    top10(scored)
}

/// A plain BM25 over the same folded words.
struct Bm25 {
    postings: HashMap<String, Vec<(u32, u32)>>,
    lengths: Vec<u32>,
    average: f32,
}

impl Bm25 {
    fn build(docs: &[String]) -> Bm25 {
        let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        let mut lengths = Vec::with_capacity(docs.len());
        for (i, d) in docs.iter().enumerate() {
            let w = words(d);
            lengths.push(w.len() as u32);
            let mut tf: HashMap<String, u32> = HashMap::new();
            for t in w {
                *tf.entry(t).or_default() += 1;
            }
            for (t, n) in tf {
                postings.entry(t).or_default().push((i as u32, n));
            }
        }
        let average = lengths.iter().map(|&l| l as f32).sum::<f32>() / lengths.len() as f32;
        Bm25 {
            postings,
            lengths,
            average,
        }
    }

    fn search(&self, q: &str) -> Vec<(u32, f32)> {
        let (k1, b) = (1.2f32, 0.75f32);
        let n = self.lengths.len() as f32;
        let mut scores: HashMap<u32, f32> = HashMap::new();
        for t in query_words(q) {
            let Some(list) = self.postings.get(&t) else {
                continue;
            };
            let df = list.len() as f32;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for &(doc, tf) in list {
                let tf = tf as f32;
                let norm = 1.0 - b + b * self.lengths[doc as usize] as f32 / self.average;
                *scores.entry(doc).or_default() += idf * tf * (k1 + 1.0) / (tf + k1 * norm);
            }
        }
        top10(scores.into_iter().collect())
    }
}

/// The entries' folded titles and texts, as `ess corpus export` gives them.
fn exported(dir: &Path, cache: &Path) -> Vec<String> {
    let out = ess(dir, cache)
        .args(["corpus", "export"])
        .stderr(Stdio::inherit())
        .output()
        .expect("ess corpus export");
    assert!(out.status.success(), "ess corpus export");
    out.stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_slice(l).expect("une ligne JSON");
            let title = v["title"].as_str().unwrap_or("");
            let text = v["text"].as_str().unwrap_or("");
            words(&format!("{title} {text}")).join(" ")
        })
        .collect()
}

fn baseline(rounds: usize, mut search: impl FnMut(&str) -> Vec<(u32, f32)>) -> Latency {
    let mut times = Vec::new();
    for _ in 0..rounds {
        for q in QUESTIONS {
            let start = Instant::now();
            std::hint::black_box(search(q));
            times.push(start.elapsed());
        }
    }
    Latency::of(times)
}

fn measure(root: &Path, factor: usize, warm_runs: usize) -> Row {
    let dir = root.join(format!("x{factor}"));
    let done = dir.join(".complet");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let t = Instant::now();
        let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/data");
        let g = generate::generate(data.as_ref(), &dir, factor).expect("générer le corpus");
        std::fs::write(&done, format!("{} {} {}\n", g.entries, g.files, g.bytes)).expect("marque");
        eprintln!(
            "×{factor} : corpus écrit dans {} en {:.1?}",
            g.dir.display(),
            t.elapsed()
        );
        // `ess` caches no image of files modified less than 3 s before it lists them (a
        // same-size rewrite in the same clock tick would go unseen, repl/src/cache.rs): on a
        // corpus just written, the first start would not store its image, and the second
        // would prepare it again and be counted as a later start.
        std::thread::sleep(Duration::from_secs(4));
    }
    let mark = std::fs::read_to_string(&done).unwrap_or_default();
    let mut mark = mark
        .split_whitespace()
        .map(|n| n.parse::<u64>().unwrap_or(0));
    let (entries, files, bytes) = (
        mark.next().unwrap_or(0) as usize,
        mark.next().unwrap_or(0) as usize,
        mark.next().unwrap_or(0),
    );
    let cache = root.join(format!("cache-x{factor}"));
    let _ = std::fs::remove_dir_all(&cache);
    std::fs::create_dir_all(&cache).expect("dossier de cache");
    let question = QUESTIONS[28];
    let ask = |c: &mut Command| {
        c.args(["ask", "--date", DATE, question]);
    };
    let mut cold_cmd = ess(&dir, &cache);
    ask(&mut cold_cmd);
    let (cold, cold_rss) = run_measured(&mut cold_cmd);
    eprintln!(
        "×{factor} : premier démarrage {cold:.2?}, {:.0} Mo",
        cold_rss as f64 / 1e6
    );
    let image_bytes = dir_bytes(&cache);
    let mut warm_times = Vec::new();
    let mut warm_rss = 0;
    for _ in 0..if factor > 100 {
        warm_runs.min(3)
    } else {
        warm_runs
    }
    .max(1)
    {
        let mut c = ess(&dir, &cache);
        ask(&mut c);
        let (t, rss) = run_measured(&mut c);
        warm_times.push(t);
        warm_rss = warm_rss.max(rss);
    }
    warm_times.sort();
    let warm = quantile(&warm_times, 0.5);
    eprintln!("×{factor} : démarrage suivant {warm:.2?}");
    // Fewer rounds where a round is long (the linear scan of ×1000 reads 1.7 GB per question).
    let rounds = match factor {
        0..=10 => 10,
        11..=100 => 5,
        _ => 2,
    };
    let (engine, session_rss, errors) = session(&dir, &cache, rounds);
    eprintln!(
        "×{factor} : réponses p50 {:.2?}, p99 {:.2?}",
        engine.p50, engine.p99
    );
    let docs = exported(&dir, &cache);
    // The scan of ×1000 reads 1.7 GB per question: one round there.
    let scan_rounds = if factor > 100 { 1 } else { rounds.min(3) };
    let scan = baseline(scan_rounds, |q| linear_scan(&docs, q));
    let t = Instant::now();
    let bm25 = Bm25::build(&docs);
    let bm25_build = t.elapsed();
    let bm25_latency = baseline(rounds, |q| bm25.search(q));
    eprintln!(
        "×{factor} : balayage p50 {:.2?}, BM25 p50 {:.2?}",
        scan.p50, bm25_latency.p50
    );
    let entries = entries.max(docs.len());
    drop(bm25);
    drop(docs);
    let _ = std::fs::remove_dir_all(&cache);
    Row {
        factor,
        entries,
        files,
        megabytes: bytes as f64 / 1e6,
        cold,
        cold_rss,
        warm,
        warm_rss,
        image_bytes,
        engine,
        session_rss,
        errors,
        scan,
        bm25: bm25_latency,
        bm25_build,
    }
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1e6)
}

fn table(rows: &[Row]) -> String {
    let mut t = String::from(
        "| corpus | entries | files | TOML | first start | its peak RSS | later start | its peak RSS | prepared image | engine p50 | engine p99 | session peak RSS | scan p50 | scan p99 | BM25 p50 | BM25 p99 | BM25 index build |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for r in rows {
        t.push_str(&format!(
            "| ×{} | {} | {} | {:.1} MB | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r.factor,
            r.entries,
            r.files,
            r.megabytes,
            ms(r.cold),
            mb(r.cold_rss),
            ms(r.warm),
            mb(r.warm_rss),
            mb(r.image_bytes),
            ms(r.engine.p50),
            ms(r.engine.p99),
            mb(r.session_rss),
            ms(r.scan.p50),
            ms(r.scan.p99),
            ms(r.bm25.p50),
            ms(r.bm25.p99),
            ms(r.bm25_build),
        ));
    }
    t
}

mod plots {
    use plotters::prelude::*;
    use std::path::Path;

    pub type Series<'a> = (&'a str, Vec<(f64, f64)>, RGBColor, bool);

    /// One log-log plot: size on x, `unit` on y; dashed series are targets.
    pub fn draw(path: &Path, title: &str, unit: &str, series: &[Series]) -> Result<(), String> {
        let err = |e: &dyn std::fmt::Display| e.to_string();
        let points = series.iter().flat_map(|s| s.1.iter());
        let (mut x_max, mut y_min, mut y_max) = (1.0f64, f64::MAX, 0.0f64);
        for &(x, y) in points {
            x_max = x_max.max(x);
            y_min = y_min.min(y);
            y_max = y_max.max(y);
        }
        let root = SVGBackend::new(path, (760, 460)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(
                (0.8..x_max * 1.25).log_scale(),
                (y_min * 0.6..y_max * 1.8).log_scale(),
            )
            .map_err(|e| err(&e))?;
        chart
            .configure_mesh()
            .x_desc("taille du corpus (×N entrées)")
            .y_desc(unit)
            .x_label_formatter(&|x| format!("×{x:.0}"))
            .y_label_formatter(&|y| format!("{y}"))
            .draw()
            .map_err(|e| err(&e))?;
        for (name, pts, color, target) in series {
            let color = *color;
            let style = if *target {
                color.stroke_width(1)
            } else {
                color.stroke_width(2)
            };
            let line: Vec<(f64, f64)> = pts.clone();
            if *target {
                // Dashes by hand: a segment every other tenth of the span.
                let dashes = pts.windows(2).flat_map(|w| {
                    let (a, b) = (w[0], w[1]);
                    (0..10).step_by(2).map(move |i| {
                        let f = |t: f64| (a.0 * (b.0 / a.0).powf(t), a.1 * (b.1 / a.1).powf(t));
                        PathElement::new(vec![f(i as f64 / 10.0), f((i + 1) as f64 / 10.0)], style)
                    })
                });
                chart
                    .draw_series(dashes)
                    .map_err(|e| err(&e))?
                    .label(*name)
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
            } else {
                chart
                    .draw_series(LineSeries::new(line, style))
                    .map_err(|e| err(&e))?
                    .label(*name)
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                    });
                chart
                    .draw_series(pts.iter().map(|&p| Circle::new(p, 3, color.filled())))
                    .map_err(|e| err(&e))?;
            }
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(|e| err(&e))?;
        root.present().map_err(|e| err(&e))
    }
}

fn write_plots(rows: &[Row], out: &Path) -> Result<(), String> {
    use plotters::style::RGBColor;
    let blue = RGBColor(31, 119, 180);
    let orange = RGBColor(255, 127, 14);
    let green = RGBColor(44, 160, 44);
    let red = RGBColor(214, 39, 40);
    let purple = RGBColor(148, 103, 189);
    let grey = RGBColor(90, 90, 90);
    let x = |r: &Row| r.factor as f64;
    let pts = |f: &dyn Fn(&Row) -> f64| rows.iter().map(|r| (x(r), f(r))).collect::<Vec<_>>();
    let span: Vec<f64> = vec![rows[0].factor as f64, rows[rows.len() - 1].factor as f64];
    let flat = |v: f64| span.iter().map(|&x| (x, v)).collect::<Vec<_>>();
    let secs = |d: Duration| d.as_secs_f64();
    let msf = |d: Duration| d.as_secs_f64() * 1e3;
    plots::draw(
        &out.join("scaling-startup.svg"),
        "Démarrage de ess --corpus DIR ask (secondes)",
        "secondes",
        &[
            (
                "premier démarrage (cache vide)",
                pts(&|r| secs(r.cold)),
                red,
                false,
            ),
            (
                "démarrage suivant (image en cache)",
                pts(&|r| secs(r.warm)),
                blue,
                false,
            ),
            ("cible ×1000 : 5 s", flat(5.0), grey, true),
            ("cible ×100 : 1 s", flat(1.0), grey, true),
        ],
    )?;
    plots::draw(
        &out.join("scaling-latency.svg"),
        "Temps de réponse par question (ms)",
        "millisecondes",
        &[
            ("ess p50", pts(&|r| msf(r.engine.p50)), blue, false),
            ("ess p99", pts(&|r| msf(r.engine.p99)), red, false),
            (
                "balayage linéaire p50",
                pts(&|r| msf(r.scan.p50)),
                orange,
                false,
            ),
            ("BM25 p50", pts(&|r| msf(r.bm25.p50)), green, false),
            ("BM25 p99", pts(&|r| msf(r.bm25.p99)), purple, false),
            ("cible p99 ×100 : 20 ms", flat(20.0), grey, true),
            ("cible p99 ×1000 : 60 ms", flat(60.0), grey, true),
        ],
    )?;
    plots::draw(
        &out.join("scaling-memory.svg"),
        "Mémoire résidente maximale (Mo)",
        "Mo",
        &[
            (
                "premier démarrage",
                pts(&|r| r.cold_rss as f64 / 1e6),
                red,
                false,
            ),
            (
                "session ask --json -",
                pts(&|r| r.session_rss as f64 / 1e6),
                blue,
                false,
            ),
            ("cible ×1000 : 2 000 Mo", flat(2000.0), grey, true),
        ],
    )
}

fn main() {
    let factors: Vec<usize> = std::env::var("ESS_SCALES")
        .unwrap_or_else(|_| "1,10,100".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let root: PathBuf = std::env::var_os("ESS_SCALE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("ess-scale"));
    let plots: PathBuf = std::env::var_os("ESS_SCALE_PLOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../docs").into());
    let warm_runs = env_or("ESS_SCALE_WARM_RUNS", 5usize);
    std::fs::create_dir_all(&root).expect("dossier des corpus");
    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    eprintln!("charge au début : {}", load().trim());
    let mut rows = Vec::new();
    for &factor in &factors {
        rows.push(measure(&root, factor, warm_runs));
        eprintln!("charge : {}", load().trim());
        eprint!("{}", table(&rows));
    }
    println!("\n{}", table(&rows));
    for r in &rows {
        println!(
            "×{} : {} + {} + {} questions (ess, balayage, BM25), {} erreurs",
            r.factor, r.engine.samples, r.scan.samples, r.bm25.samples, r.errors
        );
    }
    println!("charge à la fin : {}", load().trim());
    if rows.len() >= 2 {
        write_plots(&rows, &plots).expect("écrire les graphiques");
        println!("graphiques : {}/scaling-*.svg", plots.display());
    }
}
