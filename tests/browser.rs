//! The page of `ess serve` in headless Chromium, driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`, which `.ci/run` installs): a question typed, the answer waited for, a
//! citation and an official link checked, a follow-up in the same conversation, « Nouvelle
//! conversation », the page at a phone's width, and a screenshot saved under `target/`.
//!
//! Without `chromedriver` on the PATH this test fails and says how to install it. To leave it
//! out on purpose, set `ESS_SKIP_BROWSER_TEST=1`: it then says so on standard error.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

#[path = "common/server.rs"]
mod server;
use server::Server;

/// The key WebDriver gives an element under.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// A chromedriver on a free loopback port, and one browser session.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
    _profile: TempDir,
}

/// An empty folder for the browser's profile, removed at the end.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Browser {
    fn start(driver: &Path, chromium: &Path) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(driver)
            .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".into()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = agent
                .get(format!("{base}/status"))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_to_string().ok())
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not start in 20 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile =
            std::env::temp_dir().join(format!("ess-browser-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&profile).expect("a profile folder");
        let mut browser = Browser {
            driver: child,
            base,
            session: String::new(),
            agent,
            _profile: TempDir(profile.clone()),
        };
        let created = browser.call(
            "POST",
            "/session",
            Some(json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium.to_string_lossy(),
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,1800",
                        format!("--user-data-dir={}", profile.display()),
                    ]
                }
            }}})),
        );
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {created}"))
            .to_string();
        browser
    }

    /// One WebDriver command; returns its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let result = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, body) => self
                .agent
                .post(&url)
                .header("content-type", "application/json")
                .send(body.unwrap_or(json!({})).to_string()),
        };
        let mut response = result.unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"));
        let text = response.body_mut().read_to_string().unwrap_or_default();
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if value["value"]["error"].is_string() {
            panic!("WebDriver {method} {path}: {}", value["value"]);
        }
        value["value"].clone()
    }

    fn session(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn open(&self, url: &str) {
        self.session("POST", "/url", Some(json!({ "url": url })));
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        self.session(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|e| e[ELEMENT].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
    }

    fn find(&self, css: &str) -> String {
        self.find_all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element « {css} » on the page"))
    }

    fn text(&self, element: &str) -> String {
        self.session("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn attribute(&self, element: &str, name: &str) -> Option<String> {
        self.session("GET", &format!("/element/{element}/attribute/{name}"), None)
            .as_str()
            .map(str::to_string)
    }

    fn type_into(&self, element: &str, text: &str) {
        self.session(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn click(&self, element: &str) {
        self.session("POST", &format!("/element/{element}/click"), None);
    }

    fn script(&self, script: &str) -> Value {
        self.session(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Waits until `css` matches `count` elements.
    fn wait_for(&self, css: &str, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.find_all(css).len() != count {
            assert!(
                Instant::now() < deadline,
                "« {css} »: {} elements after 30 s, {count} expected; status: {}",
                self.find_all(css).len(),
                self.text(&self.find("#status"))
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, path: &Path) {
        let data = self.session("GET", "/screenshot", None);
        let png = base64_decode(data.as_str().expect("a screenshot in base64"));
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        std::fs::write(path, png).expect("the screenshot is written");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .agent
                .delete(format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (what WebDriver screenshots are), without a dependency for it.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0);
    for v in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn a_person_asks_reads_the_sources_and_follows_up_in_a_browser() {
    let driver = find_program(&["chromedriver"]);
    let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]);
    let (Some(driver), Some(chromium)) = (driver, chromium) else {
        if std::env::var_os("ESS_SKIP_BROWSER_TEST").is_some() {
            eprintln!("browser test left out: ESS_SKIP_BROWSER_TEST is set");
            return;
        }
        panic!(
            "the browser test needs Chromium and chromedriver on the PATH: \
             apt-get install chromium chromium-driver (what .ci/run does), \
             or set ESS_SKIP_BROWSER_TEST=1 to leave this test out on purpose"
        );
    };
    let server = Server::start(&[]);
    let browser = Browser::start(&driver, &chromium);
    browser.open(&server.url("/"));
    let title = browser.session("GET", "/title", None);
    assert!(
        title.as_str().unwrap_or_default().contains("ESS"),
        "{title}"
    );

    // Every control has its label.
    let unlabelled = browser.script(
        "return [...document.querySelectorAll('textarea, input, select')]
            .filter(e => !document.querySelector('label[for=\"' + e.id + '\"]')).length",
    );
    assert_eq!(unlabelled, 0);

    // A question, typed and sent with the button.
    let question = browser.find("#question");
    browser.type_into(
        &question,
        "Quels leviers pour la mobilité en milieu rural ?",
    );
    browser.click(&browser.find("#send"));
    browser.wait_for(".turn", 1);
    let answer = browser.text(&browser.find(".turn .answer-body"));
    assert!(answer.contains("Leviers d'action"), "{answer}");
    // Its sections are headings and lists, not one block of text.
    assert!(!browser.find_all(".turn .answer-body h3").is_empty());
    assert!(browser.find_all(".turn .answer-body li").len() >= 3);
    // The citations are shown, with the kit's fiche and page.
    let citations: Vec<String> = browser
        .find_all(".turn .citation")
        .iter()
        .map(|c| browser.text(c))
        .collect();
    assert!(
        citations
            .iter()
            .any(|c| c.contains("Kit Municipal ESS (éd. 2020), fiche 10, p. 21")),
        "{citations:#?}"
    );
    // The official texts are linked.
    let official = browser.find(".turn .official-list a");
    let href = browser.attribute(&official, "href").unwrap_or_default();
    assert!(
        href.starts_with("https://www.legifrance.gouv.fr/"),
        "{href}"
    );
    // The first answer from the top: the picture of the README (docs/serve.png).
    browser.script("window.scrollTo(0, 0); return null");
    browser.screenshot(&PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ess-serve-answer.png"));
    // Focus moves to the answer, for keyboards and screen readers.
    let focused = browser.script("return document.activeElement.className");
    assert_eq!(focused, "answer-title");

    // A follow-up in the same conversation, sent with Enter.
    let question = browser.find("#question");
    browser.type_into(&question, "des exemples ?\u{E007}");
    browser.wait_for(".turn", 2);
    let turns = browser.find_all(".turn .answer-body");
    let follow_up = browser.text(&turns[1]);
    assert!(follow_up.contains("Exemples"), "{follow_up}");
    assert!(
        follow_up.contains("mobilité"),
        "the context was lost: {follow_up}"
    );

    // What the server sends is shown as text, never read as HTML.
    let question = browser.find("#question");
    browser.type_into(
        &question,
        "<img src=x onerror=\"document.title='x'\"> SCIC ?",
    );
    browser.click(&browser.find("#send"));
    browser.wait_for(".turn", 3);
    assert_eq!(
        browser.script("return document.querySelectorAll('.turn img').length"),
        0
    );
    let asked = browser.find_all(".turn .asked-text");
    assert!(
        browser.text(&asked[2]).starts_with("<img"),
        "{}",
        browser.text(&asked[2])
    );

    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ess-serve-browser.png");
    browser.screenshot(&shot);
    eprintln!("screenshot: {}", shot.display());

    // « Nouvelle conversation » forgets the context.
    browser.click(&browser.find("#reset"));
    browser.wait_for(".turn", 0);
    let question = browser.find("#question");
    browser.type_into(&question, "des exemples ?");
    browser.click(&browser.find("#send"));
    browser.wait_for(".turn", 1);
    let fresh = browser.text(&browser.find(".turn .answer-body"));
    assert!(
        !fresh.contains("« mobilité »"),
        "the context was kept: {fresh}"
    );

    // The profile panel: a commune chosen there is the asker's.
    browser.click(&browser.find("#profile-panel summary"));
    let commune = browser.find("#p-commune");
    browser.type_into(&commune, "Bréhal");
    let question = browser.find("#question");
    browser.type_into(
        &question,
        "Sommes-nous obligés de publier nos données en open data ?",
    );
    browser.click(&browser.find("#send"));
    browser.wait_for(".turn", 2);
    let turns = browser.find_all(".turn .answer-body");
    let located = browser.text(&turns[1]);
    // Without a profile the engine answers « Cela dépend … »; Bréhal's 3 487 inhabitants settle it.
    assert!(located.starts_with("Non."), "{located}");
    assert!(located.contains("3 487 habitants"), "{located}");

    // Annual purchases typed with their unit in the panel settle the SPASER question.
    browser.click(&browser.find("#reset"));
    browser.wait_for(".turn", 0);
    browser.script("document.getElementById('p-commune').value = ''");
    browser.script("document.getElementById('p-type').value = 'communaute-agglomeration'");
    browser.type_into(&browser.find("#p-achats"), "70 M€");
    browser.type_into(
        &browser.find("#question"),
        "Devons-nous adopter un SPASER ?",
    );
    browser.click(&browser.find("#send"));
    browser.wait_for(".turn", 1);
    let spaser = browser.text(&browser.find(".turn .answer-body"));
    assert!(spaser.starts_with("Oui"), "{spaser}");
    assert!(spaser.contains("70 M€ d'achats annuels"), "{spaser}");

    // At a phone's width nothing overflows sideways.
    browser.session(
        "POST",
        "/window/rect",
        Some(json!({"width": 375, "height": 812})),
    );
    let overflow = browser.script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
    );
    assert_eq!(overflow, 0, "the page is wider than a phone");
    browser.screenshot(&PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ess-serve-phone.png"));
}
