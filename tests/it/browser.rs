//! The pages in a real browser and against the Nu HTML Checker: headless Chromium runs axe-core
//! (WCAG 2.1 A and AA) at desktop width and at 375 px, and vnu.jar validates the HTML.
//!
//! Needs Node.js, Chromium (`/usr/bin/chromium`, or `CHROMIUM`), Java, and `npm ci` run in
//! `tests/browser`; `scripts/setup` installs all of them.

use std::path::PathBuf;
use std::process::Command;

use crate::support::{app_for, bundled_corpus};

/// The pages every check covers: start, search with filters, zero hits, an example, the focus
/// area pages, the 404 page and a 400 page.
const PAGES: &[&str] = &[
    "/",
    "/sok?q=matsvinn&focus_area=informationshantering&focus_area=metoder&area=skola",
    "/sok?q=inskolning&sort=newest",
    "/sok?q=kvantdatorer&area=bolag",
    "/sok?per_page=5&page=2",
    "/exempel/matsvinnsmatning-skolrestaurang-hasselby",
    "/fokusomraden",
    "/fokusomraden/dialog",
    "/skicka",
    "/finns-inte",
    "/sok?page=0",
];

fn browser_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

fn require_setup() {
    let modules = browser_dir().join("node_modules");
    assert!(
        modules.join("playwright-core").exists()
            && modules.join("axe-core").exists()
            && modules.join("vnu-jar").exists(),
        "the browser test tools are missing: run `scripts/setup` (or `npm ci --prefix tests/browser`)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_at_desktop_width_and_375_px_and_works_without_javascript() {
    require_setup();
    let test_app = app_for(&bundled_corpus());
    // A submission in the queue, for the admin pages.
    let draft = serde_json::json!({"title": "Lärcaféer för pedagoger", "summary": "Pedagoger delar metoder.",
        "unit": "Förskolan Ugglan", "organisation": "Bromma stadsdelsförvaltning", "area": "forskola",
        "focus_areas": ["metoder"], "maturity": "pilot", "year": 2026, "body": "## Bakgrund och utmaning\n\nText."});
    assert_eq!(
        test_app
            .post_json("/api/examples", &draft.to_string())
            .await
            .status,
        axum::http::StatusCode::CREATED
    );
    let app = test_app.router.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .current_dir(browser_dir())
            .arg("axe.mjs")
            .env("GODA_ORGANISER", crate::support::ORGANISER.0)
            .env("GODA_PASSWORD", crate::support::ORGANISER.1)
            .arg(format!("http://{addr}"))
            .args(PAGES)
            .output()
            .expect("node runs (install Node.js)")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "axe found problems:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(&format!(
            "{} page views checked, 0 problems",
            // Every page at two widths; the combobox, similar examples while typing, the form's
            // errors, the admin queue and the review page at two widths each; and the
            // no-JavaScript search and submission.
            PAGES.len() * 2 + 12
        )),
        "{stdout}\n{stderr}"
    );
}

#[tokio::test]
async fn every_page_is_valid_html() {
    require_setup();
    let app = app_for(&bundled_corpus());
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, page) in PAGES.iter().enumerate() {
        let reply = app.get(page).await;
        assert!(reply.content_type.starts_with("text/html"), "{page}");
        let file = dir.path().join(format!("page-{i}.html"));
        std::fs::write(&file, reply.body).unwrap();
        files.push(file);
    }
    // The form with errors, and its preview, are answers to POSTs.
    let with_errors = app
        .post_form(
            "/skicka",
            &[("title", " "), ("year", "x"), ("action", "submit")],
        )
        .await;
    let preview_pairs = [
        ("title", "Lärcaféer"),
        ("summary", "Pedagoger delar metoder."),
        ("unit", "Förskolan Ugglan"),
        ("organisation", "Bromma stadsdelsförvaltning"),
        ("area", "forskola"),
        ("focus_areas", "metoder"),
        ("maturity", "pilot"),
        ("year", "2026"),
        (
            "body",
            "## Bakgrund och utmaning\n\nText om matsvinn och metoder.",
        ),
        ("action", "preview"),
    ];
    let preview = app.post_form("/skicka", &preview_pairs).await;
    for (name, reply) in [("form-with-errors", with_errors), ("form-preview", preview)] {
        let file = dir.path().join(format!("{name}.html"));
        std::fs::write(&file, reply.body).unwrap();
        files.push(file);
    }
    let jar = browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar");
    let output = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&files)
        .output()
        .expect("java runs (install a Java runtime)");
    let report = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    let named: String = PAGES
        .iter()
        .enumerate()
        .map(|(i, p)| format!("page-{i}.html = {p}\n"))
        .collect();
    assert!(
        output.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker found errors:\n{report}\n{named}"
    );
}
