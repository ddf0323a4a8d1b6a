//! The `goda` binary: check, import, reindex and serve, with flags and environment variables.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::{bundled_corpus, fixture_corpus, fixtures};

fn goda(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_goda"));
    cmd.args(args)
        .env_remove("GODA_CORPUS")
        .env_remove("GODA_INDEX")
        .env_remove("GODA_ADDR");
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("goda runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_prints_nothing_for_the_bundled_corpus() {
    let out = run(goda(&["check", "--corpus"]).arg(bundled_corpus()));
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
}

#[test]
fn check_names_file_line_and_field_and_fails_on_a_broken_corpus() {
    let broken = fixtures().join("broken");
    let out = run(goda(&["--corpus"]).arg(&broken).arg("check"));
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let expected = format!(
        "{}:8: `focus_areas`: unknown focus area `miljo`",
        broken.join("unknown-focus-area.md").display()
    );
    assert!(stdout.contains(&expected), "{stdout}");
    assert!(stdout.lines().all(|l| l.contains(".md:")), "{stdout}");
}

#[test]
fn the_corpus_can_be_given_by_environment_variable() {
    let out = run(goda(&["check"]).env("GODA_CORPUS", fixture_corpus()));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("trasig-fil.md:1:"));
}

#[test]
fn import_writes_valid_lines_reports_bad_ones_and_indexes() {
    let corpus = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    let line = |id: &str, area: &str| {
        format!(
            r###"{{"id":"{id}","title":"Lärcaféer för personalen","summary":"Personalen delar metoder.","unit":"Förskolan Ugglan","organisation":"Bromma stadsdelsförvaltning","area":"{area}","focus_areas":["metoder"],"maturity":"pilot","year":2026,"tags":["kollegialt lärande"],"body":"## Bakgrund och utmaning\n\nVi ville lära av varandra."}}"###
        )
    };
    let input = format!(
        "{}\n{}\n{}\n{}\n",
        line("larcafe", "forskola"),
        line("larcafe-2", "skola"),
        line("larcafe-3", "hav"),
        line("larcafe", "forskola")
    );
    let file = corpus.path().join("in.jsonl");
    std::fs::write(&file, input).unwrap();
    let import = |extra: &[&str]| {
        run(goda(&["import"])
            .arg(&file)
            .args(extra)
            .arg("--corpus")
            .arg(corpus.path())
            .arg("--index")
            .arg(index.path()))
    };
    let out = import(&[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(":3: `area`: unknown area `hav`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(":4: `id`: id `larcafe` appears on an earlier line"),
        "{stderr}"
    );
    assert!(
        text(&out.stdout)
            .contains("imported 2 examples, rejected 2 lines; 2 published examples indexed"),
        "{}",
        text(&out.stdout)
    );
    let written = std::fs::read_to_string(corpus.path().join("larcafe.md")).unwrap();
    assert!(written.starts_with("+++\nid = \"larcafe\""));
    assert!(written.contains("status = \"published\""));
    let again = import(&[]);
    assert!(
        text(&again.stderr)
            .contains(":1: `id`: id `larcafe` already exists in the corpus; pass --replace")
    );
    let replaced = import(&["--replace"]);
    assert!(
        text(&replaced.stdout).contains("imported 2 examples"),
        "{}",
        text(&replaced.stdout)
    );
    let check = run(goda(&["check", "--corpus"]).arg(corpus.path()));
    assert!(
        check.status.success(),
        "imported files are valid: {}",
        text(&check.stdout)
    );
}

#[test]
fn reindex_rebuilds_the_index_from_the_corpus() {
    let index = tempfile::tempdir().unwrap();
    let out = run(goda(&["reindex"])
        .env("GODA_CORPUS", fixture_corpus())
        .env("GODA_INDEX", index.path()));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("indexed 9 published examples; 1 invalid files skipped"));
    assert!(text(&out.stderr).contains("trasig-fil.md:1:"));
    assert!(index.path().join("meta.json").exists());
}

fn http_get(addr: &str, path: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).expect("server accepts");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

fn start_server(cmd: &mut Command) -> (std::process::Child, String) {
    let mut child = cmd
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("goda starts");
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
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
fn with_no_subcommand_goda_serves_and_the_address_can_come_from_the_environment() {
    let index = tempfile::tempdir().unwrap();
    let (mut child, addr) = start_server(
        goda(&["--corpus"])
            .arg(fixture_corpus())
            .arg("--index")
            .arg(index.path())
            .env("GODA_ADDR", "127.0.0.1:0"),
    );
    let home = http_get(&addr, "/");
    let api = http_get(&addr, "/api/search?q=matsvinn");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        home.starts_with("HTTP/1.0 200") || home.starts_with("HTTP/1.1 200"),
        "{home}"
    );
    assert!(home.contains("Goda exempel"));
    assert!(api.contains("\"total\":2"), "{api}");
}

#[test]
fn serve_accepts_the_addr_flag_after_the_subcommand() {
    let index = tempfile::tempdir().unwrap();
    let (mut child, addr) = start_server(
        goda(&["serve", "--addr", "127.0.0.1:0", "--corpus"])
            .arg(fixture_corpus())
            .arg("--index")
            .arg(index.path()),
    );
    let reply = http_get(&addr, "/exempel/finns-inte");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(reply.contains(" 404 "), "{reply}");
}

#[test]
fn a_missing_corpus_is_a_clear_error() {
    let out = run(goda(&["reindex", "--corpus", "/finns/inte", "--index"])
        .arg(Path::new("/tmp/goda-test-none")));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("error: cannot open the index"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("/finns/inte"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn eval_prints_words_meaning_fused_and_baseline_figures_side_by_side() {
    let index = tempfile::tempdir().unwrap();
    let out = run(goda(&["eval", "--corpus"])
        .arg(bundled_corpus())
        .arg("--index")
        .arg(index.path())
        .current_dir(env!("CARGO_MANIFEST_DIR")));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for needle in [
        "nDCG@10",
        "lexical",
        "dense",
        "hybrid",
        "baseline",
        "inflection",
        "compound",
        "typo",
        "overall",
        "fallback noise",
        "recall@3",
        "title+summary",
        "median ms",
    ] {
        assert!(stdout.contains(needle), "{needle} missing:\n{stdout}");
    }
}

#[test]
fn organisers_are_added_with_a_password_from_stdin_and_get_api_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("goda.toml");
    let add = |password: &str| {
        let mut child = goda(&["organiser", "add", "anna", "--config"])
            .arg(&config)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(password.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let short = add("kort\n");
    assert_eq!(short.status.code(), Some(1));
    assert!(
        text(&short.stderr).contains("too short"),
        "{}",
        text(&short.stderr)
    );
    assert!(add("ett långt lösenord\n").status.success());
    let stored = std::fs::read_to_string(&config).unwrap();
    assert!(stored.contains("$argon2") && !stored.contains("ett långt lösenord"));
    let out = run(goda(&["organiser", "token", "anna"]).env("GODA_CONFIG", &config));
    assert!(out.status.success());
    let token = text(&out.stdout).trim().to_owned();
    assert_eq!(token.len(), 64, "the token alone on standard output");
    let loaded = goda::config::Config::load(&config).unwrap();
    assert_eq!(loaded.organiser_for_token(&token), Some("anna"));
    let unknown = run(goda(&["organiser", "token", "bo", "--config"]).arg(&config));
    assert_eq!(unknown.status.code(), Some(1));
}

#[test]
fn a_bad_submission_limit_in_the_environment_is_a_clear_error() {
    let index = tempfile::tempdir().unwrap();
    let out = run(goda(&["--corpus"])
        .arg(fixture_corpus())
        .arg("--index")
        .arg(index.path())
        .env("GODA_ADDR", "127.0.0.1:0")
        .env("GODA_SUBMIT_RATE_PER_MINUTE", "många"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("GODA_SUBMIT_RATE_PER_MINUTE is \"många\""),
        "{}",
        text(&out.stderr)
    );
}
