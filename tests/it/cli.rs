//! The `goda` binary: check, import, reindex and serve, with flags and environment variables.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::{bundled_corpus, fixture_corpus, fixtures};

/// `goda --corpus CORPUS --index INDEX`, the subcommand to follow.
fn goda_on(corpus: impl AsRef<std::ffi::OsStr>, index: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = goda(&["--corpus"]);
    cmd.arg(corpus).arg("--index").arg(index);
    cmd
}

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
fn check_finds_no_problem_in_the_bundled_corpus_only_examples_due_for_review() {
    let out = run(goda(&["check", "--corpus"]).arg(bundled_corpus()));
    let printed = text(&out.stdout);
    assert!(out.status.success(), "{printed}");
    // The bundled corpus keeps a few examples unconfirmed for years, as a real one would.
    assert!(printed.contains("varning: bekräftades senast"), "{printed}");
    for line in printed.lines() {
        assert!(line.contains(": varning: bekräftades senast "), "{line}");
    }
}

#[test]
fn check_warns_about_an_organisation_out_of_its_years_and_still_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let text_of = std::fs::read_to_string(fixture_corpus().join("maltidsvanner.md")).unwrap();
    let moved: String = text_of
        .lines()
        .map(|l| {
            if l.starts_with("organisation = ") {
                "organisation = \"Spånga-Tensta stadsdelsförvaltning\"".to_owned()
            } else if l.starts_with("year = ") {
                "year = 2025".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.path().join("maltidsvanner.md"), moved + "\n").unwrap();
    let out = run(goda(&["check", "--corpus"]).arg(dir.path()));
    assert!(out.status.success(), "{}", text(&out.stdout));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("maltidsvanner.md:") && stdout.contains("varning: `organisation`: Spånga-Tensta stadsdelsförvaltning fanns till 30 juni 2023"),
        "{stdout}"
    );
}

#[test]
fn check_names_the_line_of_a_broken_wanted_examples_file() {
    let dir = crate::support::copy_corpus(&fixture_corpus());
    std::fs::write(
        dir.path().join("efterlysta.toml"),
        "[[wanted]]\ntopic = \"drönare\"\nadded = 2026-12-01\n\n[[wanted]]\nämne = \"x\"\n",
    )
    .unwrap();
    let out = run(goda(&["check", "--corpus"]).arg(dir.path()));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("efterlysta.toml:6: rad 6 följer inte formatet"),
        "{stdout}"
    );
}

#[test]
fn check_names_file_line_and_field_and_fails_on_a_broken_corpus() {
    let broken = fixtures().join("broken");
    let out = run(goda(&["--corpus"]).arg(&broken).arg("check"));
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let expected = format!(
        "{}:8: `focus_areas`: okänt fokusområde `miljo`",
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
        stderr.contains(":3: `area`: okänt värde `hav` i `area`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(":4: `id`: id `larcafe` står redan på en tidigare rad"),
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
            .contains(":1: `id`: id `larcafe` finns redan i exempelsamlingen; ange --replace")
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

#[test]
fn import_and_reindex_beside_a_running_server_are_handed_over_to_it() {
    let corpus = crate::support::copy_corpus(&fixture_corpus());
    let index = tempfile::tempdir().unwrap();
    let (mut child, addr) =
        start_server(goda_on(corpus.path(), index.path()).args(["serve", "--addr", "127.0.0.1:0"]));
    assert!(index.path().join("server.pid").exists());
    let line = r###"{"id":"lasfixaren","title":"Läsfixaren på biblioteket","summary":"Unga läser högt för yngre barn.","unit":"Biblioteket Hornstull","organisation":"Kulturförvaltningen","area":"kultur-fritid","focus_areas":["dialog"],"maturity":"pilot","year":2026,"body":"## Bakgrund och utmaning\n\nLäsfixare läser för barn."}"###;
    let file = corpus.path().join("in.jsonl");
    std::fs::write(&file, format!("{line}\n")).unwrap();
    let out = run(goda_on(corpus.path(), index.path())
        .arg("import")
        .arg(&file));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("is adding them to its index"),
        "{}",
        text(&out.stdout)
    );
    let found = |q: &str| {
        (0..100).any(|_| {
            let hit = http_get(&addr, &format!("/api/search?q={q}")).contains("lasfixaren");
            if !hit {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            hit
        })
    };
    assert!(
        found("l%C3%A4sfixare"),
        "the server indexed the imported example"
    );
    std::fs::remove_file(corpus.path().join("lasfixaren.md")).unwrap();
    let out = run(goda_on(corpus.path(), index.path()).arg("reindex"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("re-reading every file"));
    let gone = (0..100).any(|_| {
        let hit = http_get(&addr, "/api/search?q=l%C3%A4sfixare").contains("lasfixaren");
        if hit {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        !hit
    });
    // SAFETY: kill(2) with a pid this test started.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    child.wait().unwrap();
    assert!(gone, "a full re-read drops the removed file");
    assert!(
        !index.path().join("server.pid").exists(),
        "removed at shutdown"
    );
}

#[test]
fn a_restarted_server_reads_the_files_changed_while_it_was_down_and_says_when_it_has() {
    let corpus = crate::support::copy_corpus(&fixture_corpus());
    let index = tempfile::tempdir().unwrap();
    let out = run(goda_on(corpus.path(), index.path()).arg("reindex"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Published by hand while no server runs.
    let file = corpus.path().join("arkiverat.md");
    let published = std::fs::read_to_string(&file)
        .unwrap()
        .replace("status = \"archived\"", "status = \"published\"");
    std::fs::write(&file, published).unwrap();
    let (mut child, addr) =
        start_server(goda_on(corpus.path(), index.path()).args(["serve", "--addr", "127.0.0.1:0"]));
    let synced = (0..200).any(|_| {
        let ready = http_get(&addr, "/readyz");
        assert!(ready.contains("\"status\":\"ok\""), "{ready}");
        let done = ready.contains("\"synced\":true");
        if !done {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        done
    });
    let found = http_get(&addr, "/api/search?q=zebror");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(synced, "the start-up sync ends");
    assert!(found.contains("\"arkiverat\""), "{found}");
}

fn http_get(addr: &str, path: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).expect("server accepts");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

fn start_server(cmd: &mut Command) -> (std::process::Child, String) {
    let mut child = spawn_server(cmd);
    let addr = address_of(&mut child);
    (child, addr)
}

/// The server of `cmd`, started with its log piped.
fn spawn_server(cmd: &mut Command) -> std::process::Child {
    cmd.stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("goda starts")
}

/// The address the server says it serves at (its log is drained from then on); panics with
/// its exit status if it ends first.
fn address_of(child: &mut std::process::Child) -> String {
    let stderr = child.stderr.take().expect("the log is piped");
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let Some(Ok(line)) = lines.next() else {
            panic!(
                "the server ended before saying its address: {:?}",
                child.wait()
            );
        };
        if let Some(rest) = line.split("serving Goda exempel at http://").nth(1) {
            break rest.trim().to_owned();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    addr
}

#[test]
fn with_no_subcommand_goda_serves_and_the_address_can_come_from_the_environment() {
    let index = tempfile::tempdir().unwrap();
    let (mut child, addr) =
        start_server(goda_on(fixture_corpus(), index.path()).env("GODA_ADDR", "127.0.0.1:0"));
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
fn without_a_corpus_named_the_site_works_on_a_working_copy_and_never_on_the_checkout() {
    // A checkout: the bundled corpus beside an empty var/.
    let checkout = tempfile::tempdir().unwrap();
    let bundled = checkout.path().join("examples-corpus");
    std::fs::create_dir(&bundled).unwrap();
    for entry in std::fs::read_dir(fixture_corpus()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), bundled.join(entry.file_name())).unwrap();
        }
    }
    std::fs::create_dir(bundled.join(".review")).unwrap();
    std::fs::write(bundled.join(".review/pagaende.toml"), "x").unwrap();
    let before: Vec<_> = std::fs::read_dir(&bundled).unwrap().collect();
    let out = run(goda(&["--model", "/finns/inte", "reindex"]).current_dir(checkout.path()));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("var/corpus"),
        "it says where: {}",
        text(&out.stderr)
    );
    let copy = checkout.path().join("var/corpus");
    assert!(copy.join("bokprat-bibliotek.md").exists());
    assert!(
        checkout.path().join("var/index").is_dir(),
        "its index beside it"
    );
    assert!(
        !copy.join(".review").exists(),
        "submissions in progress stay behind"
    );
    assert!(
        !checkout.path().join("index").exists(),
        "nothing in the checkout's index/"
    );
    assert_eq!(
        std::fs::read_dir(&bundled).unwrap().count(),
        before.len(),
        "the bundled corpus is untouched"
    );
    // A second run uses the copy as it is (a change made on the site stays).
    std::fs::write(copy.join("markering.txt"), "kvar").unwrap();
    let again = run(goda(&["--model", "/finns/inte", "reindex"]).current_dir(checkout.path()));
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(copy.join("markering.txt").exists());
    // `check` reads the bundled corpus itself (the fixture has one invalid file).
    let check = run(goda(&["check"]).current_dir(checkout.path()));
    let said = text(&check.stdout) + &text(&check.stderr);
    assert!(said.contains("examples-corpus/"), "{said}");
    assert!(!said.contains("var/corpus"), "{said}");

    // Elsewhere, without a bundled corpus, the error says what to do.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = run(goda(&["--model", "/finns/inte", "reindex"]).current_dir(elsewhere.path()));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--corpus or GODA_CORPUS"),
        "{}",
        text(&out.stderr)
    );
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
    let out = run(goda_on(fixture_corpus(), index.path())
        .env("GODA_ADDR", "127.0.0.1:0")
        .env("GODA_SUBMIT_RATE_PER_MINUTE", "många"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("GODA_SUBMIT_RATE_PER_MINUTE is \"många\""),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn sigterm_lets_requests_in_flight_finish_and_every_request_is_logged_with_its_fields() {
    let index = tempfile::tempdir().unwrap();
    let mut child = goda(&["serve", "--addr", "127.0.0.1:0", "--corpus"])
        .arg(fixture_corpus())
        .arg("--index")
        .arg(index.path())
        .env("GODA_LOG_FORMAT", "json")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("goda starts");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("the server logs its address").unwrap();
        if let Some(rest) = line.split("serving Goda exempel at http://").nth(1) {
            break rest.split('"').next().unwrap_or(rest).trim().to_owned();
        }
    };
    let rest = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>());
    // Requests whose bodies are still on their way when the signal comes.
    let body = "title=a&summary=b";
    let mut in_flight: Vec<std::net::TcpStream> = (0..4)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(&addr).expect("server accepts");
            write!(
                s,
                "POST /skicka HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\ntitle=",
                body.len()
            )
            .unwrap();
            s
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(300));
    // SAFETY: kill(2) with a pid this test started.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    std::thread::sleep(std::time::Duration::from_millis(200));
    for s in &mut in_flight {
        s.write_all(&body.as_bytes()["title=".len()..]).unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        assert!(
            answer.starts_with("HTTP/1.1 403"),
            "answered, not dropped: {answer}"
        );
    }
    let status = child.wait().unwrap();
    assert!(status.success(), "a clean exit after SIGTERM: {status:?}");
    let logs = rest.join().unwrap();
    let line = logs
        .iter()
        .find(|l| l.contains("\"route\":\"/skicka\""))
        .unwrap_or_else(|| panic!("no request line in {logs:?}"));
    let json: serde_json::Value = serde_json::from_str(line).expect("a JSON log line");
    let fields = &json["fields"];
    assert_eq!(fields["client"], "127.0.0.1");
    assert_eq!(fields["method"], "POST");
    assert_eq!(fields["status"], 403);
    assert!(fields["latency_ms"].is_number());
    assert!(
        fields["request_id"]
            .as_str()
            .is_some_and(|id| id.len() == 16)
    );
}

fn serve_and_get(corpus: &Path, config: &Path, paths: &[&str]) -> Vec<String> {
    let index = tempfile::tempdir().unwrap();
    let (mut child, addr) = start_server(
        goda(&["serve", "--addr", "127.0.0.1:0", "--corpus"])
            .arg(corpus)
            .arg("--index")
            .arg(index.path())
            .arg("--config")
            .arg(config)
            .arg("--model")
            .arg("/finns/inte")
            // Absolute links the same whatever port the server gets.
            .env("GODA_PUBLIC_URL", "https://goda.example.se"),
    );
    let bodies = paths
        .iter()
        .map(|p| {
            let reply = http_get(&addr, p);
            // Without the headers, whose date and request id differ each time.
            reply
                .split_once("\r\n\r\n")
                .map(|(_, b)| b.to_owned())
                .unwrap_or(reply)
        })
        .collect();
    child.kill().unwrap();
    child.wait().unwrap();
    bodies
}

#[test]
fn a_backup_restored_into_a_wiped_folder_checks_clean_and_serves_the_same() {
    let root = tempfile::tempdir().unwrap();
    let corpus = root.path().join("corpus");
    let config = root.path().join("goda.toml");
    let copy = crate::support::copy_corpus(&bundled_corpus());
    std::fs::rename(copy.path(), &corpus).unwrap();
    let mut c = goda::config::Config::default();
    c.add_organiser("anna", "ett långt lösenord").unwrap();
    c.save(&config).unwrap();
    // A review record and a leftover temporary file, as a running server leaves them.
    std::fs::create_dir_all(corpus.join(".review")).unwrap();
    std::fs::write(corpus.join(".review/x.json"), "{}").unwrap();
    std::fs::write(corpus.join(".halvskriven.md.99.0.tmp"), "x").unwrap();
    let pages = [
        "/api/search?q=matsvinn",
        "/massa/2026.json",
        "/exempel/matsvinnsmatning-skolrestaurang-hasselby",
        // Adoption reports and awards are part of the corpus, and of its backup.
        "/api/examples/digital-nattillsyn-hemtjansten-farsta/adoptions",
        "/utmarkelser/kvalitetsutmarkelsen",
    ];
    let before = serve_and_get(&corpus, &config, &pages);
    assert!(before.iter().any(|p| p.contains("Hemtjänsten Vällingby")));

    let archive = root.path().join("backup.tar.gz");
    let script = |name: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scripts")
            .join(name)
    };
    let out = run(Command::new(script("backup"))
        .arg(&corpus)
        .arg(&config)
        .arg(&archive));
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::remove_dir_all(&corpus).unwrap();
    std::fs::remove_file(&config).unwrap();
    let out = run(Command::new(script("restore"))
        .arg(&archive)
        .arg(&corpus)
        .arg(&config)
        .arg(env!("CARGO_BIN_EXE_goda")));
    assert!(
        out.status.success(),
        "restore and goda check: {}",
        text(&out.stderr)
    );
    assert!(corpus.join(".review/x.json").exists());
    assert!(!corpus.join(".halvskriven.md.99.0.tmp").exists());
    assert!(
        goda::config::Config::load(&config)
            .unwrap()
            .verify_password("anna", "ett långt lösenord")
    );
    assert_eq!(serve_and_get(&corpus, &config, &pages), before);
    // Restoring over a corpus is refused.
    let again = run(Command::new(script("restore"))
        .arg(&archive)
        .arg(&corpus)
        .arg(root.path().join("ny.toml")));
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("is not empty"));
}

#[test]
fn a_handover_signal_during_start_up_waits_for_the_server_instead_of_ending_it() {
    let index = tempfile::tempdir().unwrap();
    let mut child = spawn_server(goda_on(bundled_corpus(), index.path()).args([
        "serve",
        "--addr",
        "127.0.0.1:0",
    ]));
    let pid_file = index.path().join("server.pid");
    let started = std::time::Instant::now();
    while !pid_file.exists() {
        assert!(started.elapsed().as_secs() < 30, "no server.pid");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // As `goda import` does the moment it finds the server: at once, while the index opens.
    // SAFETY: kill(2) with a pid this test started.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGHUP) }, 0);
    let addr = address_of(&mut child);
    assert!(http_get(&addr, "/healthz").ends_with("ok"));
    assert!(child.try_wait().unwrap().is_none(), "still running");
    // SAFETY: as above.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    child.wait().unwrap();
}

#[test]
fn a_left_over_server_pid_never_gets_another_process_signalled() {
    let corpus = crate::support::copy_corpus(&fixture_corpus());
    let index = tempfile::tempdir().unwrap();
    // Another process, named like the server, whose pid a killed server's file names.
    let mut other = Command::new("bash")
        .args(["-c", "exec -a goda sleep 60"])
        .spawn()
        .unwrap();
    std::fs::write(index.path().join("server.pid"), other.id().to_string()).unwrap();
    let line = r###"{"id":"lasfixaren","title":"Läsfixaren","summary":"Unga läser högt.","unit":"Biblioteket","organisation":"Kulturförvaltningen","area":"kultur-fritid","focus_areas":["dialog"],"maturity":"pilot","year":2026,"body":"Text"}"###;
    let file = corpus.path().join("in.jsonl");
    std::fs::write(&file, format!("{line}\n")).unwrap();
    let out = run(goda_on(corpus.path(), index.path())
        .arg("import")
        .arg(&file));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("published examples indexed"),
        "indexed by the command itself: {}",
        text(&out.stdout)
    );
    assert!(
        other.try_wait().unwrap().is_none(),
        "the other process was not signalled"
    );
    other.kill().unwrap();
    other.wait().unwrap();
}
