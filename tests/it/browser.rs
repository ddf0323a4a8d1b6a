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
    "/massa",
    "/massa/2026",
    "/massa/2026?kind=workshop&q=dialog",
    "/om-webbplatsen",
    "/tillganglighet",
    "/personuppgifter",
    "/kontakt",
    "/oppna-data",
    "/efterlysta",
    "/utmarkelser",
    "/utmarkelser/kvalitetsutmarkelsen",
    "/exempel/digital-nattillsyn-hemtjansten-farsta",
    "/exempel/landstrom-for-fartyg-vartahamnen",
    "/exempel/walk-and-talk-ragsvedsparken/infort",
    "/sok?sort=spread&spread=1&award=kvalitetsutmarkelsen&current=1",
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
    let log_dir = tempfile::tempdir().unwrap();
    let log = goda::insights::SearchLog::open(log_dir.path(), 400).unwrap();
    let test_app = crate::support::app_with(
        &bundled_corpus(),
        goda::web::Settings {
            search_log: Some(log.clone()),
            ..Default::default()
        },
    );
    // Searches with and without hits, and a wanted example, for the insights page.
    for uri in [
        "/sok?q=matsvinn",
        "/sok?q=matsvinn",
        "/sok?q=drönare",
        "/exempel/matsvinnsmatning-skolrestaurang-hasselby",
    ] {
        test_app.get(uri).await;
    }
    log.flush().unwrap();
    std::fs::write(
        test_app.corpus.path().join("efterlysta.toml"),
        "[[wanted]]\ntopic = \"drönare\"\nfocus_area = \"metoder\"\nasked_by = \"Sökningar utan träffar\"\nadded = 2026-12-01\n",
    )
    .unwrap();
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
            // errors, "Min mässa", and the admin queue, review page, list of examples (all and
            // filtered), list of editions, catalogue builder, synonym list, list of organisations,
            // notices, insights and an example page as an organiser sees it at two widths each;
            // the builder's refused change; and the no-JavaScript search and submission; the
            // filters applied at once at 375 px.
            // The reports, examples due for review, the awards and one award's form.
            PAGES.len() * 2 + 42
        )),
        "{stdout}\n{stderr}"
    );
}

/// The done-when of "examples that spread", in Chromium: a unit reports an adoption, an
/// organiser approves it, and it shows on the example page, on search hits, in "Mest spridda"
/// and in the feed; a unit confirms its due example and it leaves the organisers' list.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_adoption_is_reported_approved_and_seen_and_a_due_example_confirmed_in_a_browser() {
    require_setup();
    let (corpus, key) = crate::spread::with_a_stale_example();
    let test_app = app_for(corpus.path());
    let app = test_app.router.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let due_link = format!("/redigera/gamla-rutiner?nyckel={key}");
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .current_dir(browser_dir())
            .arg("spread.mjs")
            .env("GODA_ORGANISER", crate::support::ORGANISER.0)
            .env("GODA_PASSWORD", crate::support::ORGANISER.1)
            .arg(format!("http://{addr}"))
            .args([
                "bokprat-i-forskolor-hogdalens-bibliotek",
                due_link.as_str(),
                "gamla-rutiner",
            ])
            .output()
            .expect("node runs (install Node.js)")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    // Form, form with errors, the unit's page, the reports, the example, the sorted search
    // at two widths; the list of due examples, the unit's page of one and the organisers'
    // review of its update at 375 px.
    assert!(
        stdout.contains("spread: 15 checks, 0 problems"),
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
    // The organisers' list of editions and the catalogue builder, also with a refused change.
    let (cookie, csrf) = app.login().await;
    let as_organiser = [("cookie", cookie.as_str())];
    let editions = app.request("GET", "/admin/massa", &as_organiser, "").await;
    let all_examples = app
        .request("GET", "/admin/exempel?status=published", &as_organiser, "")
        .await;
    let review = app
        .request(
            "GET",
            "/admin/exempel/bokprat-i-forskolor-hogdalens-bibliotek",
            &as_organiser,
            "",
        )
        .await;
    let confirm = app
        .post_as(
            &cookie,
            "/admin/exempel/bokprat-i-forskolor-hogdalens-bibliotek/status",
            &format!("csrf={csrf}&status=archived"),
        )
        .await;
    let example_as_organiser = app
        .request(
            "GET",
            "/exempel/bokprat-i-forskolor-hogdalens-bibliotek",
            &as_organiser,
            "",
        )
        .await;
    let builder = app
        .request("GET", "/admin/massa/2026", &as_organiser, "")
        .await;
    let refused = app
        .post_as(
            &cookie,
            "/admin/massa/2026",
            &format!("csrf={csrf}&name=&dates=2026-13-01&opens=9&closes=16%3A00&rooms=Sal+A&entries=1&e0_example=walk-and-talk-ragsvedsparken&e0_theme=dialog&e0_stand=x&e0_kind=workshop&action=save"),
        )
        .await;
    assert_eq!(refused.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    // The synonym list, and its refused state with every wrong line named.
    let synonyms = app
        .request("GET", "/admin/synonymer", &as_organiser, "")
        .await;
    let insights = app
        .request("GET", "/admin/insikter", &as_organiser, "")
        .await;
    let synonyms_refused = app
        .post_as(
            &cookie,
            "/admin/synonymer",
            &format!("csrf={csrf}&groups=ensam&expansions=utan+pil&version=x"),
        )
        .await;
    assert_eq!(
        synonyms_refused.status,
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    );
    let organisations = app
        .request("GET", "/admin/organisationer", &as_organiser, "")
        .await;
    let organisations_refused = app
        .post_as(
            &cookie,
            "/admin/organisationer",
            &format!("csrf={csrf}&organisationer=A%3B+fr%C3%A5n+2023-13-01&version=x"),
        )
        .await;
    assert_eq!(
        organisations_refused.status,
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    );
    let account = app.request("GET", "/admin/konto", &as_organiser, "").await;
    let account_refused = app
        .post_as(
            &cookie,
            "/admin/konto",
            &format!("csrf={csrf}&email=anna%40stockholm&notices=daily"),
        )
        .await;
    // Examples that spread: a report with errors and the unit's page of a sent one, the
    // organisers' reports (one waiting), the list of due examples, the awards and a refused
    // award form.
    let report_refused = app
        .post_form(
            "/exempel/walk-and-talk-ragsvedsparken/infort",
            &[("since", "2099-01"), ("stage", "slutat")],
        )
        .await;
    assert_eq!(
        report_refused.status,
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    );
    let sent = app
        .post_form(
            "/exempel/walk-and-talk-ragsvedsparken/infort",
            &[
                ("unit", "Parkenheten"),
                ("organisation", "Farsta stadsdelsförvaltning"),
                ("area", "stadsmiljo"),
                ("since", "2026-03"),
                ("stage", "infort"),
                ("text", "Vi gick två kvällar."),
            ],
        )
        .await;
    let report_page = app.get(sent.headers["location"].to_str().unwrap()).await;
    let reports = app
        .request("GET", "/admin/spridning", &as_organiser, "")
        .await;
    let due = app
        .request("GET", "/admin/oversyn", &as_organiser, "")
        .await;
    let awards_admin = app
        .request("GET", "/admin/utmarkelser", &as_organiser, "")
        .await;
    let award_refused = app
        .post_as(
            &cookie,
            "/admin/utmarkelser",
            &format!(
                "csrf={csrf}&name=Pris&given.0.year=2099&given.0.result=x&given.0.examples=nej"
            ),
        )
        .await;
    assert_eq!(
        award_refused.status,
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    );
    for (name, reply) in [
        ("report-refused", report_refused),
        ("report-page", report_page),
        ("reports", reports),
        ("due", due),
        ("awards-admin", awards_admin),
        ("award-refused", award_refused),
        ("organisations", organisations),
        ("organisations-refused", organisations_refused),
        ("account", account),
        ("account-refused", account_refused),
        ("synonyms", synonyms),
        ("insights", insights),
        ("synonyms-refused", synonyms_refused),
        ("form-with-errors", with_errors),
        ("form-preview", preview),
        ("admin-editions", editions),
        ("admin-examples", all_examples),
        ("admin-review", review),
        ("admin-confirm", confirm),
        ("example-as-organiser", example_as_organiser),
        ("builder", builder),
        ("builder-refused", refused),
    ] {
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

/// The text of pages `first..=last` of a PDF, by poppler's `pdftotext`.
fn pdf_text(pdf: &std::path::Path, first: u32, last: u32) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &first.to_string(), "-l", &last.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (install poppler-utils: scripts/setup)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalogue_prints_on_a4_with_a_cover_programme_exhibitors_and_stand_plan() {
    require_setup();
    let test_app = app_for(&bundled_corpus());
    let app = test_app.router.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("katalog.pdf");
    let target = pdf.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .current_dir(browser_dir())
            .arg("pdf.mjs")
            .arg(format!("http://{addr}/massa/2026"))
            .arg(&target)
            .output()
            .expect("node runs (install Node.js)")
    })
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    assert!(info.contains("(A4)"), "A4 pages: {info}");
    assert!((5..=20).contains(&pages), "{pages} pages");
    let cover = pdf_text(&pdf, 1, 1);
    assert!(cover.contains("Goda exempelmässan 2026"), "{cover}");
    assert!(cover.contains("Katalog med program"), "{cover}");
    assert!(
        !cover.contains("Program\n"),
        "the cover stands alone: {cover}"
    );
    let all = pdf_text(&pdf, 1, pages);
    for heading in ["Program", "Utställare", "Monterkarta"] {
        assert!(all.contains(heading), "{heading} missing");
    }
    let starts_with_line = |page: u32, heading: &str| {
        pdf_text(&pdf, page, page)
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .is_some_and(|l| l == heading)
    };
    // The changes to the programme come first on its page, while they are news (before the
    // fair ends); after it the programme itself does.
    let programme_page = (2..=pages)
        .find(|p| starts_with_line(*p, "Ändringar i programmet") || starts_with_line(*p, "Program"))
        .expect("the programme starts a page");
    assert!(
        pdf_text(&pdf, programme_page, programme_page)
            .lines()
            .any(|l| l.trim() == "Program")
    );
    let exhibitors_page = (programme_page..=pages)
        .find(|p| starts_with_line(*p, "Utställare"))
        .expect("the exhibitors start a page");
    let plan_page = (exhibitors_page..=pages)
        .find(|p| starts_with_line(*p, "Monterkarta"))
        .expect("the stand plan starts a page");
    assert!(programme_page < exhibitors_page && exhibitors_page < plan_page);
    for chrome in [
        "Hoppa till innehållet",
        "Skicka in exempel",
        "Sök i katalogen",
        "Spara i Min mässa",
        "Ladda ner",
    ] {
        assert!(!all.contains(chrome), "{chrome} is printed");
    }
    assert!(
        all.contains("Beslutsbrev i klarspråk"),
        "an exhibitor is printed"
    );
}
