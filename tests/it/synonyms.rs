//! The organisers' synonym list: `/admin/synonymer`, its rules, and search using it at once.

use axum::http::StatusCode;

use crate::support::{app_for as app, bundled_corpus};

fn form(csrf: &str, groups: &str, expansions: &str, version: &str) -> String {
    let mut f = form_urlencoded::Serializer::new(String::new());
    f.append_pair("csrf", csrf)
        .append_pair("groups", groups)
        .append_pair("expansions", expansions)
        .append_pair("version", version);
    f.finish()
}

fn version_in(page: &str) -> String {
    let at = page
        .find("name=\"version\" value=\"")
        .expect("a version field")
        + 22;
    page[at..at + 64].to_owned()
}

#[tokio::test]
async fn the_synonym_page_needs_a_login() {
    let app = app(&bundled_corpus());
    let r = app.get("/admin/synonymer").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .post_form("/admin/synonymer", &[("groups", "a, b")])
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "nothing saved");
    assert!(
        r.body.contains("Du har blivit utloggad") && r.body.contains("a, b"),
        "what was typed is shown"
    );
}

#[tokio::test]
async fn a_saved_list_is_used_by_the_next_search_and_kept_in_the_history() {
    let app = app(&bundled_corpus());
    let (cookie, csrf) = app.login().await;
    let page = app
        .request("GET", "/admin/synonymer", &[("cookie", &cookie)], "")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("vårdnadshavare, förälder"),
        "{}",
        page.body
    );
    let before = app.get("/api/search?q=kalasplanering").await.json();
    assert_eq!(before["total"], 0);
    let body = form(
        &csrf,
        "vårdnadshavare, förälder\nkalasplanering, matsvinn",
        "stockholmare => invånare",
        &version_in(&page.body),
    );
    let r = app.post_as(&cookie, "/admin/synonymer", &body).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = app.get("/api/search?q=kalasplanering").await.json();
    assert!(after["total"].as_u64().unwrap() > 0, "{after}");
    let text = std::fs::read_to_string(app.corpus.path().join("synonymer.toml")).unwrap();
    assert!(text.contains("\"kalasplanering\", \"matsvinn\""), "{text}");
    let page = app
        .request("GET", "/admin/synonymer?sparat", &[("cookie", &cookie)], "")
        .await;
    assert!(page.body.contains("Listan är sparad"));
    assert!(page.body.contains("kalasplanering, matsvinn"));
    assert!(page.body.contains(crate::support::ORGANISER.0));
    assert!(
        page.body.contains("brukare, omsorgstagare, kund"),
        "the removed group is in the history"
    );
}

#[tokio::test]
async fn wrong_lines_are_named_and_nothing_typed_is_lost() {
    let app = app(&bundled_corpus());
    let (cookie, csrf) = app.login().await;
    let page = app
        .request("GET", "/admin/synonymer", &[("cookie", &cookie)], "")
        .await;
    let before = std::fs::read_to_string(app.corpus.path().join("synonymer.toml")).unwrap();
    let body = form(
        &csrf,
        "ensam\nok, <script>",
        "utan pil",
        &version_in(&page.body),
    );
    let r = app.post_as(&cookie, "/admin/synonymer", &body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Grupper, rad 1"), "{}", r.body);
    assert!(r.body.contains("Grupper, rad 2"));
    assert!(r.body.contains("Utvidgningar, rad 1"));
    assert!(
        r.body.contains("ok, &lt;script&gt;"),
        "the text is kept, escaped"
    );
    assert!(!r.body.contains("<script>"));
    assert!(r.body.contains("aria-invalid=\"true\""));
    let after = std::fs::read_to_string(app.corpus.path().join("synonymer.toml")).unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_save_after_someone_elses_is_refused_with_the_text_kept() {
    let app = app(&bundled_corpus());
    let (cookie, csrf) = app.login().await;
    let page = app
        .request("GET", "/admin/synonymer", &[("cookie", &cookie)], "")
        .await;
    let opened = version_in(&page.body);
    let first = form(&csrf, "brukare, kund", "", &opened);
    assert_eq!(
        app.post_as(&cookie, "/admin/synonymer", &first)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let second = form(&csrf, "personal, medarbetare, kollega", "", &opened);
    let r = app.post_as(&cookie, "/admin/synonymer", &second).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Någon annan har sparat listan"));
    assert!(r.body.contains("personal, medarbetare, kollega"));
    let text = std::fs::read_to_string(app.corpus.path().join("synonymer.toml")).unwrap();
    assert!(text.contains("\"brukare\", \"kund\"") && !text.contains("kollega"));
}

#[tokio::test]
async fn a_post_without_the_csrf_token_is_refused_and_keeps_the_text() {
    let app = app(&bundled_corpus());
    let (cookie, _) = app.login().await;
    let body = form("fel", "brukare, kund", "", "x");
    let r = app.post_as(&cookie, "/admin/synonymer", &body).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("brukare, kund"));
}

#[test]
fn goda_check_names_the_line_of_a_wrong_synonym() {
    let corpus = crate::support::copy_corpus(&bundled_corpus());
    std::fs::write(
        corpus.path().join("synonymer.toml"),
        "[[group]]\nterms = [\"a\", \"b\"]\n\n[[expand]]\nfrom = \"x\"\nto = []\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_goda"))
        .args(["check", "--corpus"])
        .arg(corpus.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("synonymer.toml:6:"), "{stdout}");
}
