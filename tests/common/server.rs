//! A real `ess serve` on loopback, on a free port, for the HTTP, browser and load tests.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;

/// A running `ess serve`; stopped when dropped. Its log (standard error) is read as it comes,
/// so that a long run never blocks on a full pipe.
pub struct Server {
    child: Child,
    log: Option<JoinHandle<String>>,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub base: String,
}

impl Server {
    /// Starts the built binary on `127.0.0.1:0` with `extra` arguments and reads the address
    /// it prints on standard output.
    pub fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ess"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the ess binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("ess serve prints its address");
        let base = line.trim().trim_end_matches('/').to_string();
        assert!(
            base.starts_with("http://127.0.0.1:"),
            "ess serve printed « {line} » instead of its address"
        );
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let log = std::thread::spawn(move || {
            let mut log = String::new();
            let _ = stderr.read_to_string(&mut log);
            log
        });
        Server {
            child,
            log: Some(log),
            base,
        }
    }

    /// The address of `path`.
    #[allow(dead_code)] // Not every user of this module needs it.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The process id (to read its memory).
    #[allow(dead_code)] // Not every user of this module needs it.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the server (SIGTERM: it finishes what is under way) and returns its log.
    #[allow(dead_code)] // Not every user of this module needs it.
    pub fn stop(mut self) -> String {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
        self.log
            .take()
            .and_then(|reader| reader.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
