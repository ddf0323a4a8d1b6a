//! SIGKILL during a stream of submissions and publications: every acknowledged submission is
//! stored whole, every acknowledged publication is searchable after the restart, and no
//! corpus file is broken.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{TODAY, copy_corpus, fixture_corpus};

fn http(
    addr: &str,
    method: &str,
    path: &str,
    auth: Option<&str>,
    body: &str,
) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let auth = auth
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    Some((
        status,
        response
            .split("\r\n\r\n")
            .nth(1)
            .unwrap_or_default()
            .to_owned(),
    ))
}

fn start(
    corpus: &std::path::Path,
    index: &std::path::Path,
    config: &std::path::Path,
) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_goda"))
        .args(["serve", "--addr", "127.0.0.1:0", "--corpus"])
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .arg("--config")
        .arg(config)
        .env("GODA_SUBMIT_RATE_PER_MINUTE", "0")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("goda starts");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("the server logs its address").unwrap();
        if let Some(rest) = line.split("serving Goda exempel at http://").nth(1) {
            break rest.trim().to_owned();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    (child, addr)
}

#[test]
fn a_killed_server_loses_nothing_it_acknowledged() {
    let corpus = copy_corpus(&fixture_corpus());
    let index = tempfile::tempdir().unwrap();
    let config = corpus.path().join(".goda.toml");
    let mut settings = goda::config::Config::default();
    settings
        .add_organiser("anna", "ett långt lösenord")
        .unwrap();
    let token = settings.new_token("anna").unwrap();
    settings.save(&config).unwrap();

    let (mut server, addr) = start(corpus.path(), index.path(), &config);
    let submitted = Arc::new(Mutex::new(Vec::<String>::new()));
    let published = Arc::new(Mutex::new(Vec::<String>::new()));
    let stream = {
        let (submitted, published, addr, token) = (
            submitted.clone(),
            published.clone(),
            addr.clone(),
            token.clone(),
        );
        std::thread::spawn(move || {
            for i in 0..10_000 {
                let draft = serde_json::json!({
                    "title": format!("Krocktest nummer {i}"), "summary": format!("Inlämning {i}."), "unit": "U",
                    "organisation": "O", "area": "skola", "focus_areas": ["metoder"], "maturity": "pilot",
                    "year": 2026, "body": format!("## Bakgrund och utmaning\n\n{}", "Text om krocktest. ".repeat(200)),
                });
                let Some((201, body)) =
                    http(&addr, "POST", "/api/examples", None, &draft.to_string())
                else {
                    break;
                };
                let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                submitted.lock().unwrap().push(id.clone());
                if i % 2 == 0 {
                    let path = format!("/api/admin/examples/{id}/status");
                    let Some((200, _)) = http(
                        &addr,
                        "POST",
                        &path,
                        Some(&token),
                        r#"{"status": "published"}"#,
                    ) else {
                        break;
                    };
                    published.lock().unwrap().push(id);
                }
            }
        })
    };
    std::thread::sleep(Duration::from_millis(1500));
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    stream.join().unwrap();

    let submitted = submitted.lock().unwrap().clone();
    let published = published.lock().unwrap().clone();
    eprintln!(
        "acknowledged before SIGKILL: {} submissions, {} publications",
        submitted.len(),
        published.len()
    );
    assert!(
        submitted.len() >= 5,
        "the stream ran ({} acknowledged)",
        submitted.len()
    );
    let loaded = goda::corpus::load_dir(corpus.path(), TODAY).unwrap();
    assert_eq!(
        loaded.problems.len(),
        1,
        "only the fixture's own broken file: {:?}",
        loaded.problems
    );
    for id in &submitted {
        let example = loaded.examples.iter().find(|e| e.id.as_str() == id);
        assert!(example.is_some(), "acknowledged submission {id} is stored");
    }

    let (mut again, addr) = start(corpus.path(), index.path(), &config);
    for id in &published {
        let reply = http(&addr, "GET", &format!("/api/examples/{id}"), None, "");
        assert_eq!(
            reply.map(|r| r.0),
            Some(200),
            "acknowledged publication {id} is public after the restart"
        );
    }
    again.kill().unwrap();
    again.wait().unwrap();
}

/// The search log's lines in every day file of `dir`: (parsed, lines that did not parse, and
/// whether each such line was the last of its file).
fn log_lines(dir: &std::path::Path) -> (Vec<goda::insights::log::Line>, Vec<bool>) {
    let mut parsed = Vec::new();
    let mut torn = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            match serde_json::from_str(line) {
                Ok(l) => parsed.push(l),
                Err(_) => torn.push(i + 1 == lines.len()),
            }
        }
    }
    (parsed, torn)
}

#[test]
fn a_killed_server_keeps_its_search_log_whole_but_for_the_last_second() {
    use std::sync::atomic::{AtomicU64, Ordering};
    let corpus = copy_corpus(&fixture_corpus());
    let index = tempfile::tempdir().unwrap();
    let log = tempfile::tempdir().unwrap();
    let config = index.path().join("goda.toml");
    let settings = goda::config::Config {
        search_log_dir: Some(log.path().display().to_string()),
        ..Default::default()
    };
    settings.save(&config).unwrap();
    let index_dir = index.path().join("index");
    let (mut server, addr) = start(corpus.path(), &index_dir, &config);
    let acknowledged = Arc::new(AtomicU64::new(0));
    let burst = {
        let (acknowledged, addr) = (acknowledged.clone(), addr.clone());
        std::thread::spawn(move || {
            while let Some((200, _)) = http(&addr, "GET", "/api/search?q=matsvinn", None, "") {
                acknowledged.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    std::thread::sleep(Duration::from_millis(2500));
    let written_by_now = acknowledged.load(Ordering::SeqCst);
    // The writer runs once a second: what was acknowledged 1.5 s before the kill is on disk.
    std::thread::sleep(Duration::from_millis(1500));
    server.kill().unwrap();
    server.wait().unwrap();
    burst.join().unwrap();
    let total = acknowledged.load(Ordering::SeqCst);
    assert!(
        written_by_now > 10,
        "the burst ran ({written_by_now} searches)"
    );

    let (lines, torn) = log_lines(log.path());
    assert!(
        torn.iter().all(|last| *last),
        "only a last line may be torn: {torn:?}"
    );
    let logged: u64 = lines
        .iter()
        .map(|l| match l {
            goda::insights::log::Line::Search { q, n, .. } if q == "matsvinn" => *n,
            _ => 0,
        })
        .sum();
    assert!(
        logged >= written_by_now && logged <= total + 1,
        "logged {logged}, acknowledged {written_by_now} a second and a half before the kill and {total} in all"
    );

    // The log opens again after the crash and goes on counting.
    let (mut again, addr) = start(corpus.path(), &index_dir, &config);
    assert_eq!(
        http(&addr, "GET", "/api/search?q=robotar", None, "").map(|r| r.0),
        Some(200)
    );
    std::thread::sleep(Duration::from_millis(1500));
    again.kill().unwrap();
    again.wait().unwrap();
    let (lines, _) = log_lines(log.path());
    assert!(
        lines
            .iter()
            .any(|l| matches!(l, goda::insights::log::Line::Search { q, .. } if q == "robotar"))
    );
}
