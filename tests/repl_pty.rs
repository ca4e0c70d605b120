//! The REPL in a real terminal (a pseudo-terminal): what a person at the keyboard sees.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `ess` started on a pseudo-terminal of `columns` columns, and the terminal's master side.
struct Terminal {
    child: Child,
    master: File,
    seen: String,
}

impl Terminal {
    fn start(columns: u16, data_home: &std::path::Path) -> Terminal {
        Terminal::start_sized(columns, 40, data_home)
    }

    fn start_sized(columns: u16, rows: u16, data_home: &std::path::Path) -> Terminal {
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize {
            ws_row: rows,
            ws_col: columns,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two new descriptors into the integers given; the name and
        // termios pointers may be null.
        let opened = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(opened, 0, "no pseudo-terminal on this machine");
        // SAFETY: both descriptors were just opened and are owned here only.
        let (master, slave) = unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let child = Command::new(env!("CARGO_BIN_EXE_ess"))
            .env("XDG_DATA_HOME", data_home)
            .env("NO_COLOR", "1")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave))
            .spawn()
            .expect("ess starts");
        Terminal {
            child,
            master,
            seen: String::new(),
        }
    }

    fn type_keys(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).unwrap();
    }

    /// Reads what the terminal shows until `wanted` appears (panics after 20 s).
    fn wait_for(&mut self, wanted: &str) -> String {
        self.wait_for_times(wanted, 1)
    }

    /// Reads what the terminal shows until `wanted` has appeared `times` times.
    fn wait_for_times(&mut self, wanted: &str, times: usize) -> String {
        self.wait_for_after(0, wanted, times)
    }

    /// Reads until `wanted` has appeared `times` times after the first `from` bytes seen.
    fn wait_for_after(&mut self, from: usize, wanted: &str, times: usize) -> String {
        let start = Instant::now();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&self.master);
        let mut buffer = [0u8; 65536];
        while self.seen[from..].matches(wanted).count() < times {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "« {wanted} » never came:\n{}",
                self.seen
            );
            let mut poll = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd.
            if unsafe { libc::poll(&mut poll, 1, 200) } <= 0 {
                continue;
            }
            match self.master.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buffer[..n])),
            }
        }
        self.seen.clone()
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Lines of the answer as the terminal shows them, escape sequences left out.
fn plain_lines(screen: &str) -> Vec<String> {
    let mut out = String::new();
    let mut chars = screen.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ … final byte in @..~
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if ('@'..='~').contains(&d) {
                        break;
                    }
                }
            }
            continue;
        }
        if c != '\r' {
            out.push(c);
        }
    }
    out.lines().map(str::to_string).collect()
}

#[test]
fn in_a_terminal_answers_fit_its_width_ctrl_c_keeps_the_session_and_history_is_written() {
    let home = std::env::temp_dir().join(format!("ess-pty-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let mut t = Terminal::start(60, &home);
    t.wait_for("ess> ");
    // Ctrl-C on a half-typed line clears it; the session goes on.
    t.type_keys("une question à moitié");
    t.wait_for("à moitié");
    t.type_keys("\x03");
    // A fresh prompt, as a person would wait for before typing on.
    t.wait_for_times("ess> ", 2);
    t.type_keys("Quels leviers pour la mobilité en milieu rural ?\r");
    let screen = t.wait_for("Leviers d'action");
    let screen = t
        .wait_for_times("ess> ", 3)
        .split_off(screen.find("Pistes d'action").unwrap());
    let lines = plain_lines(&screen);
    let answer: Vec<&String> = lines
        .iter()
        .take_while(|l| !l.starts_with("ess>"))
        .collect();
    assert!(answer.len() > 5, "{screen}");
    for line in &answer {
        assert!(
            line.chars().count() < 60,
            "wider than the terminal: « {line} »"
        );
    }
    // A bullet's next lines are indented under its text.
    assert!(
        answer
            .iter()
            .any(|l| l.starts_with("  ") && !l.starts_with("   ")),
        "{answer:#?}"
    );
    // Tab completes a command.
    t.type_keys(":sour\t\r");
    t.wait_for("Sources de la dernière réponse");
    t.type_keys(":profil Bréhal\r");
    t.wait_for("Profil pris en compte : Bréhal");
    let asked = t.seen.len();
    t.type_keys(":fiche 10\r");
    t.wait_for_after(asked, "Fiche :", 1);
    // A long fiche comes one screen at a time.
    t.wait_for_after(asked, "Entrée ou :plus pour la suite.", 1);
    // Ctrl-D is read at the prompt, once the answer is written (a key typed while the
    // terminal is not in raw mode would be taken by its line discipline).
    std::thread::sleep(Duration::from_millis(500));
    // Ctrl-D on an empty line ends the session.
    t.type_keys("\x04");
    let status = t.child.wait().expect("ess ends");
    assert!(status.success());
    let history = std::fs::read_to_string(home.join("ess/history")).expect("history written");
    for line in [
        "Quels leviers pour la mobilité en milieu rural ?",
        ":profil Bréhal",
        ":fiche 10",
    ] {
        assert!(history.contains(line), "« {line} » missing: {history}");
    }
    assert!(
        !history.contains("à moitié"),
        "a line cleared by Ctrl-C is not kept"
    );
    let _ = std::fs::remove_dir_all(&home);
}

/// Lines pasted at once are each answered, in order, none lost: as a terminal sends them with
/// bracketed paste, and as typed ahead without it. A long answer comes one screen at a time.
#[test]
fn pasted_lines_are_all_answered_and_long_answers_come_in_screens() {
    let home = std::env::temp_dir().join(format!("ess-pty-paste-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let mut t = Terminal::start_sized(100, 24, &home);
    t.wait_for("ess> ");
    let questions: Vec<String> = (1..=25)
        .map(|n| format!("c'est quoi une SCIC ? ({n})"))
        .collect();
    // Bracketed paste: the terminal wraps what is pasted between ESC[200~ and ESC[201~.
    t.type_keys(&format!("\x1b[200~{}\x1b[201~\r", questions.join("\n")));
    // Each pasted question is shown again above its answer.
    t.wait_for("ess> c'est quoi une SCIC ? (25)");
    for q in &questions {
        assert!(
            t.seen.contains(&format!("ess> {q}")),
            "« {q} » not answered"
        );
    }
    // Typed ahead, each line ended by Enter, all sent before the first answer.
    let typed: Vec<String> = (26..=50)
        .map(|n| format!("c'est quoi un PTCE ? ({n})"))
        .collect();
    t.type_keys(&format!("{}\r", typed.join("\r")));
    t.wait_for_times("PTCE (pôle territorial de coopération économique) :", 25);
    // A long answer on a screen of 24 lines: its first screen, then the rest on :plus.
    let asked = t.seen.len();
    t.type_keys("Quels leviers pour la mobilité en milieu rural ?\r");
    t.wait_for_after(asked, "Entrée ou :plus pour la suite.", 1);
    assert!(!t.seen[asked..].contains("Fiches de référence"));
    // As many screens as it takes (a :plus past the end only says there is nothing more).
    t.type_keys(":plus\r:plus\r:plus\r:plus\r:plus\r");
    let screen = t.wait_for_after(asked, "ESS & ruralité", 1);
    assert!(screen[asked..].contains("Fiches de référence"));
    assert!(
        screen[asked..].contains("ESS & ruralité"),
        "{}",
        &screen[asked..]
    );
    t.type_keys(":quitter\r");
    assert!(t.child.wait().expect("ess ends").success());
    let history = std::fs::read_to_string(home.join("ess/history")).expect("history written");
    for q in questions.iter().chain(&typed) {
        assert!(history.contains(q.as_str()), "« {q} » not in the history");
    }
    let _ = std::fs::remove_dir_all(&home);
}
