//! Peak memory of one JSON-lines session: `cargo bench -p ess --bench memory`.
//!
//! Starts the built `ess ask --json -`, sends `ESS_BENCH_IDS` lines (100 000 by default), each
//! with a new conversation id, reads every answer, then reads the child's peak resident set
//! (`VmHWM` in `/proc/PID/status`) while it still waits for input: every line has been answered,
//! so the number is the session's true peak, with no race and no extra tool. Linux only.
//! Exits 1 when the peak is over the target of issue 12 (60 MB), so a regression is seen.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The target of issue 12, in bytes (MB as `/usr/bin/time` and the issue count them: 10^6).
const TARGET_BYTES: u64 = 60_000_000;

/// Questions that leave something in a conversation (profile, themes, subject, items).
const QUESTIONS: [&str; 4] = [
    "Quels leviers pour la mobilité en milieu rural ?",
    "Une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ?",
    "C'est quoi une SCIC ?",
    "Des exemples de ressourceries soutenues par une intercommunalité ?",
];

/// `VmHWM` (peak resident set) of process `pid`, in bytes.
fn peak_rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn main() {
    let ids: usize = std::env::var("ESS_BENCH_IDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_ess"))
        .args(["ask", "--json", "--date", "2026-11-22", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start ess");
    let pid = child.id();
    let start = Instant::now();
    let stdin = child.stdin.take().expect("stdin");
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    // Writing in its own thread: the pipes are small, ess answers while we still send.
    let writer = std::thread::spawn(move || {
        let mut input = BufWriter::new(stdin);
        for i in 0..ids {
            let q = QUESTIONS[i % QUESTIONS.len()];
            writeln!(input, r#"{{"q": "{q}", "conversation": "id-{i}"}}"#).expect("write a line");
        }
        input.flush().expect("flush");
        // Standard input stays open until the peak is read: ess must still be alive then.
        let _ = done_rx.recv();
        drop(input);
    });
    let mut answers = 0;
    let mut errors = 0;
    for line in BufReader::new(child.stdout.take().expect("stdout")).lines() {
        let line = line.expect("read an answer");
        answers += 1;
        if line.starts_with("{\"error\"") {
            errors += 1;
        }
        if answers == ids {
            break;
        }
    }
    let elapsed = start.elapsed();
    let peak = peak_rss(pid).expect("VmHWM in /proc (Linux only)");
    let _ = done_tx.send(());
    writer.join().expect("writer thread");
    let status = child.wait().expect("wait for ess");
    println!(
        "{ids} conversation ids, {answers} answers ({errors} errors) in {elapsed:.1?}; \
         peak resident memory (VmHWM): {:.1} MB (target ≤ {} MB); ess exit: {status}",
        peak as f64 / 1e6,
        TARGET_BYTES / 1_000_000
    );
    if answers != ids || errors > 0 || peak > TARGET_BYTES {
        std::process::exit(1);
    }
}
