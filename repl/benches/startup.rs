//! Whole-process cold start of `ess ask`: `cargo bench -p ess --bench startup`.
//!
//! Runs the built binary `ESS_BENCH_RUNS` times (50 by default) on one question, as a script
//! would, and reports the median and 90th percentile of the wall time and the peak resident
//! set of the children (`getrusage(RUSAGE_CHILDREN)`, the largest child so far): first on the
//! built-in corpus (prepared at build time), then on `--corpus corpus/data` (loaded, validated
//! and indexed at run time), for comparison. Exits 1 when the built-in start is over the
//! targets of issue 12 (median 20 ms, peak 30 MB), so a regression is seen. Linux only.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TARGET_MEDIAN: Duration = Duration::from_millis(20);
/// In bytes (MB as the issue counts them: 10^6).
const TARGET_PEAK_BYTES: u64 = 30_000_000;
const QUESTION: &str = "Une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ?";

/// Peak resident set of the largest child waited for so far, in bytes.
fn children_peak_rss() -> u64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as u64 * 1024
}

/// Wall times of `runs` runs of `ess` with `args`, sorted.
fn times(args: &[&str], runs: usize) -> Vec<Duration> {
    let mut out: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_ess"))
                .args(args)
                .stdout(Stdio::null())
                .status()
                .expect("ess starts");
            assert!(status.success(), "ess {args:?} : {status}");
            start.elapsed()
        })
        .collect();
    out.sort();
    out
}

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn main() {
    let runs: usize = std::env::var("ESS_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50)
        .max(1);
    let ask = ["ask", "--date", "2026-11-22", QUESTION];
    times(&ask, 3); // warm the page cache
    let builtin = times(&ask, runs);
    let builtin_peak = children_peak_rss();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/data");
    let mut from_dir = vec!["--corpus", data];
    from_dir.extend(ask);
    let loaded = times(&from_dir, runs.div_ceil(5));
    let (median, p90) = (quantile(&builtin, 0.5), quantile(&builtin, 0.9));
    println!(
        "ess ask, {runs} runs: built-in corpus (prepared at build time) median {median:.1?}, \
         p90 {p90:.1?}, peak RSS {:.1} MB (targets ≤ 20 ms, ≤ 30 MB)",
        builtin_peak as f64 / 1e6
    );
    println!(
        "ess --corpus corpus/data ask, {} runs: median {:.1?}, p90 {:.1?}",
        loaded.len(),
        quantile(&loaded, 0.5),
        quantile(&loaded, 0.9)
    );
    if median > TARGET_MEDIAN || builtin_peak > TARGET_PEAK_BYTES {
        eprintln!("au-dessus des cibles de l'issue 12");
        std::process::exit(1);
    }
}
