//! What an attacker and an operator try on the running site (the issue on being ready for the
//! city's servers): work bounded per request, login guesses limited however they are sent,
//! sessions that end with the account, a proxy in front, and the operator's endpoints.

use std::sync::Arc;

use axum::http::StatusCode;

use crate::support::{ORGANISER, TestApp, app, app_with, fixture_corpus};

fn draft_with_body(body: &str) -> Vec<(&'static str, String)> {
    vec![
        ("action", "preview".into()),
        ("title", "Listor i listor".into()),
        ("summary", "En sammanfattning.".into()),
        ("unit", "Enheten".into()),
        ("organisation", "Förvaltningen".into()),
        ("area", "skola".into()),
        ("focus_areas", "metoder".into()),
        ("maturity", "pilot".into()),
        ("year", "2026".into()),
        ("body", body.to_owned()),
    ]
}

async fn post_pairs(app: &TestApp, uri: &str, pairs: &[(&str, String)]) -> crate::support::Reply {
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form(uri, &borrowed).await
}

#[tokio::test]
async fn a_preview_of_deeply_nested_lists_is_refused_at_once_naming_the_body() {
    let app = app();
    // 50 000 nested list items, under the 100 KiB limit: a minute of rendering before.
    let deep = format!("{}a", "* ".repeat(50_000));
    let started = std::time::Instant::now();
    let r = post_pairs(&app, "/skicka", &draft_with_body(&deep)).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        &r.body[..300]
    );
    assert!(
        r.body.contains("högst 8 nivåer"),
        "the message says what is allowed"
    );
    assert!(
        r.body.contains("href=\"#body\""),
        "the summary links to the body"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // Raw HTML nested as deep is refused the same way.
    let divs = format!("{}a", "<div>".repeat(20_000));
    let r = post_pairs(&app, "/skicka", &draft_with_body(&divs)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("HTML-taggar"));
    // A wide header over many short rows: the parser would pad millions of cells.
    let table = format!(
        "{}\n{}\n{}\n",
        "a|".repeat(360),
        "-|".repeat(360),
        "b\n".repeat(700)
    );
    let r = post_pairs(&app, "/skicka", &draft_with_body(&table.repeat(3))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("celler"));
    let r = app
        .post_json(
            "/api/similar",
            &serde_json::json!({"title": "Tabell", "summary": "S", "body": table.repeat(3)})
                .to_string(),
        )
        .await;
    assert!(
        r.status.is_success() || r.status.is_client_error(),
        "{}",
        r.status
    );
}

#[tokio::test]
async fn search_answers_while_previews_are_being_rendered() {
    let app = Arc::new(app());
    let body = format!(
        "## Bakgrund\n\n{}",
        "Ett stycke med **fetstil** och en [länk](https://a.se).\n\n".repeat(1500)
    );
    let mut previews = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (app, body) = (app.clone(), body.clone());
        previews.spawn(async move {
            post_pairs(&app, "/skicka", &draft_with_body(&body))
                .await
                .status
        });
    }
    let search = app.get("/api/search?q=matsvinn").await;
    assert_eq!(search.status, StatusCode::OK);
    while let Some(status) = previews.join_next().await {
        assert_eq!(status.unwrap(), StatusCode::OK);
    }
}

#[tokio::test]
async fn previews_are_rate_limited_with_retry_after() {
    let app = crate::support::app_with_limit(&fixture_corpus(), 1);
    let pairs = draft_with_body("## Bakgrund\n\nKort.");
    let limit = goda::web::PREVIEWS_PER_SUBMISSION;
    for _ in 0..limit {
        assert_eq!(
            post_pairs(&app, "/skicka", &pairs).await.status,
            StatusCode::OK
        );
    }
    let refused = post_pairs(&app, "/skicka", &pairs).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.body.contains("förhandsgranskningar"));
    assert!(refused.headers.contains_key("retry-after"));
}

async fn wrong_login(app: &TestApp, peer: &str, forwarded: Option<&str>) -> crate::support::Reply {
    let csrf = app.csrf().await;
    let cookie = format!("goda_csrf={csrf}");
    let mut headers = vec![
        ("content-type", "application/x-www-form-urlencoded"),
        ("cookie", cookie.as_str()),
    ];
    if let Some(f) = forwarded {
        headers.push(("x-forwarded-for", f));
    }
    let body = format!("csrf={csrf}&name=anna&password=fel+gissning+igen");
    app.request_from(peer, "POST", "/login", &headers, &body)
        .await
}

#[tokio::test]
async fn guesses_sent_all_at_once_are_limited_like_guesses_sent_one_by_one() {
    let app = Arc::new(app());
    let mut guesses = tokio::task::JoinSet::new();
    for _ in 0..30 {
        let app = app.clone();
        guesses.spawn(async move {
            let r = wrong_login(&app, "203.0.113.5", None).await;
            (r.status, r.headers.contains_key("retry-after"))
        });
    }
    let (mut checked, mut refused) = (0, 0);
    while let Some(answer) = guesses.join_next().await {
        match answer.unwrap() {
            (StatusCode::UNAUTHORIZED, _) => checked += 1,
            (StatusCode::TOO_MANY_REQUESTS, true) => refused += 1,
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert!(
        checked <= 5,
        "{checked} guesses were checked, at most 5 may be"
    );
    assert_eq!(checked + refused, 30);
}

#[tokio::test]
async fn a_session_ends_when_the_password_changes_or_the_organiser_is_removed() {
    let app = app();
    let (cookie, _) = app.login().await;
    let admin = |cookie: String| {
        let app = &app;
        async move {
            app.request("GET", "/admin", &[("cookie", &cookie)], "")
                .await
                .status
        }
    };
    assert_eq!(admin(cookie.clone()).await, StatusCode::OK);
    let mut config = goda::config::Config::load(&app.config).unwrap();
    config
        .add_organiser(ORGANISER.0, "ett helt nytt lösenord")
        .unwrap();
    config.save(&app.config).unwrap();
    assert_eq!(
        admin(cookie).await,
        StatusCode::SEE_OTHER,
        "the old session no longer works"
    );

    let app2 = crate::support::app();
    let (cookie, _) = app2.login().await;
    let mut config = goda::config::Config::load(&app2.config).unwrap();
    config.organisers.clear();
    config.save(&app2.config).unwrap();
    let r = app2
        .request("GET", "/api/admin/queue", &[("cookie", &cookie)], "")
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "a removed organiser cannot use the API"
    );
}

fn behind_proxy() -> TestApp {
    app_with(
        &fixture_corpus(),
        goda::web::Settings {
            public_url: Some("https://goda.example.se".into()),
            trusted_proxies: vec![goda::config::Network::parse("10.0.0.0/8").unwrap()],
            ..Default::default()
        },
    )
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_login_budget() {
    let app = behind_proxy();
    for _ in 0..5 {
        let r = wrong_login(&app, "10.0.0.2", Some("198.51.100.7")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let locked = wrong_login(&app, "10.0.0.2", Some("198.51.100.7")).await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "this client is locked out"
    );
    // Another client behind the same proxy is not, nor one that passed a chain of proxies.
    let other = wrong_login(&app, "10.0.0.2", Some("198.51.100.8")).await;
    assert_eq!(other.status, StatusCode::UNAUTHORIZED);
    let chained = wrong_login(&app, "10.0.0.2", Some("198.51.100.9, 10.0.0.3")).await;
    assert_eq!(chained.status, StatusCode::UNAUTHORIZED);
    // A client that is not a trusted proxy cannot pick its address by the header.
    for _ in 0..5 {
        wrong_login(&app, "203.0.113.9", Some("198.51.100.20")).await;
    }
    let spoofed = wrong_login(&app, "203.0.113.9", Some("198.51.100.21")).await;
    assert_eq!(spoofed.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn links_cookies_and_hsts_follow_the_configured_public_url() {
    let app = behind_proxy();
    let feed = app
        .request("GET", "/flode.atom", &[("host", "evil.example")], "")
        .await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.body.contains("https://goda.example.se/exempel/"),
        "{}",
        &feed.body[..400]
    );
    assert!(!feed.body.contains("evil.example"));
    assert!(
        feed.headers["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
    let (cookie_header, _) = {
        let csrf = app.csrf().await;
        let body = format!(
            "csrf={csrf}&name={}&password={}&next=%2Fadmin",
            ORGANISER.0,
            ORGANISER.1.replace(' ', "+")
        );
        let r = app.post_form_raw("/login", &body, Some(&csrf)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        (r.headers["set-cookie"].to_str().unwrap().to_owned(), csrf)
    };
    assert!(cookie_header.contains("; Secure"), "{cookie_header}");
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = app();
    let health = app.get("/healthz").await;
    assert_eq!(
        (health.status, health.body.as_str()),
        (StatusCode::OK, "ok")
    );
    assert_eq!(app.get("/readyz").await.status, StatusCode::OK);
}

fn etag(reply: &crate::support::Reply) -> String {
    reply.headers["etag"].to_str().unwrap().to_owned()
}

fn hidden_value(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker).expect("hidden field") + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

/// An organiser's API change of matsvinn-skolkok to `body`, sent with `if_match` when given.
async fn put_example(
    app: &crate::support::TestApp,
    bearer: &str,
    body: &str,
    if_match: Option<String>,
) -> crate::support::Reply {
    let mut headers = vec![
        ("authorization", bearer),
        ("content-type", "application/json"),
    ];
    if let Some(tag) = &if_match {
        headers.push(("if-match", tag.as_str()));
    }
    app.request(
        "PUT",
        "/api/admin/examples/matsvinn-skolkok",
        &headers,
        body,
    )
    .await
}

#[tokio::test]
async fn a_change_sent_on_an_example_whose_file_changed_since_the_index_read_it_is_refused() {
    let app = app();
    let path = app.corpus.path().join("matsvinn-skolkok.md");
    let original = std::fs::read_to_string(&path).unwrap();
    // Edited by hand, as while a server was stopped: the index has not read it yet.
    let edited = original.replacen("title = \"", "title = \"Nytt: ", 1);
    assert_ne!(edited, original);
    std::fs::write(&path, &edited).unwrap();
    let shown = app.get("/api/examples/matsvinn-skolkok").await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(!shown.json()["title"].as_str().unwrap().starts_with("Nytt"));
    let bearer = format!("Bearer {}", app.api_token());
    let body = serde_json::json!({"title": "T", "summary": "S.", "unit": "U",
        "organisation": "O", "area": "skola", "focus_areas": ["metoder"], "maturity": "pilot",
        "year": 2025, "body": "Text"})
    .to_string();
    let put = |if_match: Option<String>| put_example(&app, &bearer, &body, if_match);
    // What was shown carries no revision of the file: a change sent with its tag is refused.
    let shown_tag = shown
        .headers
        .get("etag")
        .map(|t| t.to_str().unwrap().to_owned());
    if shown_tag.is_some() {
        assert_eq!(put(shown_tag).await.status, StatusCode::CONFLICT);
    }
    assert_eq!(put(None).await.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        edited,
        "the hand edit stays"
    );
    // The file holds what the index holds again: its revision is sent, and works.
    std::fs::write(&path, &original).unwrap();
    let again = app.get("/api/examples/matsvinn-skolkok").await;
    assert_eq!(put(Some(etag(&again))).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_change_made_on_a_stale_version_gets_409_in_the_api_and_none_428() {
    let app = app();
    let token = app.api_token();
    let bearer = format!("Bearer {token}");
    let example = app.get("/api/examples/matsvinn-skolkok").await;
    let opened = etag(&example);
    let body =
        serde_json::json!({"title": "Matsvinnet vägs varje dag", "summary": "S.", "unit": "U",
        "organisation": "O", "area": "skola", "focus_areas": ["metoder"], "maturity": "pilot",
        "year": 2025, "body": "Text"})
        .to_string();
    let put = |if_match: Option<String>| put_example(&app, &bearer, &body, if_match);
    let first = put(Some(opened.clone())).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_ne!(etag(&first), opened);
    let stale = put(Some(opened.clone())).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json()["error"], "conflict");
    let none = put(None).await;
    assert_eq!(none.status, StatusCode::PRECONDITION_REQUIRED);
    assert!(
        none.json()["message"]
            .as_str()
            .unwrap()
            .contains("If-Match")
    );
    assert_eq!(put(Some(etag(&first))).await.status, StatusCode::OK);

    let edition = app
        .request(
            "GET",
            "/api/admin/massa/2025",
            &[("authorization", &bearer)],
            "",
        )
        .await;
    let opened = etag(&edition);
    let put_edition = |tag: String| {
        let headers = [
            ("authorization", bearer.clone()),
            ("content-type", "application/json".to_owned()),
            ("if-match", tag),
        ];
        let (app, body) = (&app, edition.body.clone());
        async move {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.request("PUT", "/api/admin/massa/2025", &headers, &body)
                .await
        }
    };
    let saved = put_edition(opened.clone()).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    // Someone changes the venue; then someone who opened the edition before saves.
    let mut moved: serde_json::Value = edition.json();
    moved["venue"] = "Kulturhuset".into();
    let headers = [
        ("authorization", bearer.as_str()),
        ("content-type", "application/json"),
        ("if-match", "*"),
    ];
    let first = app
        .request("PUT", "/api/admin/massa/2025", &headers, &moved.to_string())
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let mut changed: serde_json::Value = edition.json();
    changed["venue"] = "Stadshuset, Blå hallen".into();
    let before_move = etag(&saved);
    let headers = [
        ("authorization", bearer.as_str()),
        ("content-type", "application/json"),
        ("if-match", before_move.as_str()),
    ];
    let stale = app
        .request(
            "PUT",
            "/api/admin/massa/2025",
            &headers,
            &changed.to_string(),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
}

#[tokio::test]
async fn the_second_of_two_organisers_editing_one_example_sees_both_versions() {
    let app = app();
    let (cookie, csrf) = app.login().await;
    let form = app
        .request(
            "GET",
            "/admin/exempel/matsvinn-skolkok/redigera",
            &[("cookie", &cookie)],
            "",
        )
        .await;
    let revision = hidden_value(&form.body, "revision");
    let save = |title: &'static str| {
        let body = {
            let mut f = form_urlencoded::Serializer::new(String::new());
            for (k, v) in [
                ("csrf", csrf.as_str()),
                ("revision", revision.as_str()),
                ("title", title),
                ("summary", "Köket väger svinnet."),
                ("unit", "Skolköket"),
                ("organisation", "Utbildningsförvaltningen"),
                ("area", "skola"),
                ("focus_areas", "metoder"),
                ("maturity", "pilot"),
                ("year", "2025"),
                ("body", "## Bakgrund\n\nText."),
            ] {
                f.append_pair(k, v);
            }
            f.finish()
        };
        let (app, cookie) = (&app, cookie.clone());
        async move {
            app.post_as(&cookie, "/admin/exempel/matsvinn-skolkok/redigera", &body)
                .await
        }
    };
    assert_eq!(
        save("Först sparad rubrik").await.status,
        StatusCode::SEE_OTHER
    );
    let second = save("Sedan skriven rubrik").await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(
        second.body.contains("Sedan skriven rubrik"),
        "what was typed is kept"
    );
    assert!(
        second.body.contains("Först sparad rubrik"),
        "the stored version is shown"
    );
    assert!(second.body.contains("Någon annan har sparat exemplet"));
    let stored = std::fs::read_to_string(app.corpus.path().join("matsvinn-skolkok.md")).unwrap();
    assert!(
        stored.contains("Först sparad rubrik"),
        "nothing was overwritten"
    );
    assert_ne!(
        hidden_value(&second.body, "revision"),
        revision,
        "saving again is deliberate"
    );
}

#[tokio::test]
async fn an_edition_survives_a_broken_example_file_and_is_never_written_over() {
    let corpus = crate::support::copy_corpus(&fixture_corpus());
    std::fs::write(
        corpus.path().join("digital-inskolning.md"),
        "+++\ntitle = \"Trunk",
    )
    .unwrap();
    let app = app_with(corpus.path(), goda::web::Settings::default());
    let page = app.get("/massa/2025").await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "the published edition is still there"
    );
    assert!(page.body.contains("Goda exempelmässan 2025"));
    let csv = app.get("/massa/2025.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let (cookie, _) = app.login().await;
    let admin = app
        .request("GET", "/admin", &[("cookie", &cookie)], "")
        .await;
    assert!(
        admin.body.contains("digital-inskolning"),
        "organisers are told which entry is broken"
    );

    // An edition file that cannot be read is not replaced by the builder.
    let broken = app.corpus.path().join("massa/2024.toml");
    std::fs::write(&broken, "name = \"Goda exempelmässan 2024\"\nentries = [").unwrap();
    let app = app_with(app.corpus.path(), goda::web::Settings::default());
    let (cookie, csrf) = app.login().await;
    let body = format!("csrf={csrf}&revision=&name=Ny&venue=Stadshuset&entries=0&action=save");
    let r = app.post_as(&cookie, "/admin/massa/2024", &body).await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "{}",
        &r.body[..r.body.len().min(500)]
    );
    assert!(
        std::fs::read_to_string(&broken)
            .unwrap()
            .contains("entries = [")
    );
}

#[tokio::test]
async fn the_cookie_authenticated_api_refuses_cross_site_posts() {
    let app = app();
    let (cookie, _) = app.login().await;
    let uri = "/api/admin/examples/inskickat-utkast/status";
    let body = r#"{"status": "published"}"#;
    let plain = app
        .request(
            "POST",
            uri,
            &[("cookie", &cookie), ("content-type", "text/plain")],
            body,
        )
        .await;
    assert_eq!(plain.status, StatusCode::FORBIDDEN);
    assert_eq!(plain.json()["error"], "forbidden");
    let foreign = app
        .request(
            "POST",
            uri,
            &[
                ("cookie", &cookie),
                ("content-type", "application/json"),
                ("origin", "https://evil.example"),
                ("host", "goda.example.se"),
            ],
            body,
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let same = app
        .request(
            "POST",
            uri,
            &[
                ("cookie", &cookie),
                ("content-type", "application/json"),
                ("origin", "http://goda.example.se"),
                ("host", "goda.example.se"),
            ],
            body,
        )
        .await;
    assert_eq!(same.status, StatusCode::OK, "{}", same.body);
}

#[tokio::test]
async fn a_write_failure_keeps_the_form_and_says_why_in_swedish() {
    let corpus = crate::support::copy_corpus(&fixture_corpus());
    let app = app_with(corpus.path(), goda::web::Settings::default());
    // Review records cannot be written: `.review` is a file, not a folder.
    let review = app.corpus.path().join(".review");
    let _ = std::fs::remove_dir_all(&review);
    std::fs::write(&review, "inte en mapp").unwrap();
    let mut pairs = draft_with_body("## Bakgrund\n\nVi provar.");
    pairs[0].1 = "submit".into();
    pairs[1].1 = "Ett exempel som inte kan sparas".into();
    let before = std::fs::read_dir(app.corpus.path()).unwrap().count();
    let r = post_pairs(&app, "/skicka", &pairs).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.body.contains("kunde inte sparas"));
    assert!(
        r.body.contains("Ett exempel som inte kan sparas"),
        "the form is kept"
    );
    assert_eq!(
        std::fs::read_dir(app.corpus.path()).unwrap().count(),
        before,
        "no half-stored submission is left"
    );
    // The API says what happened, with a stable code, and stores nothing either.
    let draft = serde_json::json!({"title": "Via API", "summary": "S.", "unit": "U", "organisation": "O",
        "area": "skola", "focus_areas": ["metoder"], "maturity": "pilot", "year": 2026, "body": "Text"});
    let r = app.post_json("/api/examples", &draft.to_string()).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.json()["error"], "storage_unavailable");
    assert_eq!(
        std::fs::read_dir(app.corpus.path()).unwrap().count(),
        before
    );
}

#[tokio::test]
async fn robots_sitemap_and_icon_are_served() {
    let app = behind_proxy();
    let robots = app.get("/robots.txt").await;
    assert_eq!(robots.status, StatusCode::OK);
    assert!(robots.body.contains("Disallow: /admin"));
    assert!(
        robots
            .body
            .contains("Sitemap: https://goda.example.se/sitemap.xml")
    );
    let sitemap = app.get("/sitemap.xml").await;
    assert!(sitemap.content_type.starts_with("application/xml"));
    assert!(
        sitemap
            .body
            .contains("<loc>https://goda.example.se/exempel/matsvinn-skolkok</loc><lastmod>")
    );
    assert!(
        !sitemap.body.contains("inskickat-utkast"),
        "only published examples"
    );
    assert!(sitemap.body.contains("https://goda.example.se/massa/2025"));
    for icon in ["/favicon.ico", "/favicon.svg"] {
        let r = app.get(icon).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.starts_with("<svg"));
    }
}

#[tokio::test]
async fn an_example_page_has_its_own_description_canonical_link_and_open_graph() {
    let app = behind_proxy();
    let page = app.get("/exempel/matsvinn-skolkok").await;
    assert!(page.body.contains(
        "<link rel=\"canonical\" href=\"https://goda.example.se/exempel/matsvinn-skolkok\">"
    ));
    assert!(page.body.contains("<meta property=\"og:title\""));
    assert!(page.body.contains(
        "<meta property=\"og:url\" content=\"https://goda.example.se/exempel/matsvinn-skolkok\">"
    ));
    let description = page
        .body
        .split("<meta name=\"description\" content=\"")
        .nth(1)
        .unwrap();
    assert!(
        !description.starts_with("Goda exempel: Stockholms stads"),
        "the example's own summary"
    );
}

#[tokio::test]
async fn unchanged_pages_feeds_and_exports_answer_304_to_their_etag() {
    let app = app();
    for uri in [
        "/exempel/matsvinn-skolkok",
        "/flode.atom",
        "/massa/2025.csv",
        "/api/search?q=matsvinn",
        "/",
    ] {
        let first = app.get(uri).await;
        assert_eq!(first.status, StatusCode::OK, "{uri}");
        let tag = etag(&first);
        let again = app
            .request("GET", uri, &[("if-none-match", &tag)], "")
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(again.body.is_empty());
        assert_eq!(etag(&again), tag);
        let other = app
            .request("GET", uri, &[("if-none-match", "W/\"0000\"")], "")
            .await;
        assert_eq!(other.status, StatusCode::OK);
    }
    // A form page sets the CSRF cookie: it is never answered from a cache.
    assert!(!app.get("/skicka").await.headers.contains_key("etag"));
}

#[tokio::test]
async fn metrics_count_requests_by_route_for_tokens_and_the_machine_itself() {
    let app = app();
    app.get("/api/search?q=matsvinn").await;
    app.get("/exempel/matsvinn-skolkok").await;
    assert_eq!(app.get("/metrics").await.status, StatusCode::UNAUTHORIZED);
    let from_outside = app
        .request_from("203.0.113.4", "GET", "/metrics", &[], "")
        .await;
    assert_eq!(from_outside.status, StatusCode::UNAUTHORIZED);
    let local = app
        .request_from("127.0.0.1", "GET", "/metrics", &[], "")
        .await;
    assert_eq!(local.status, StatusCode::OK);
    // A proxy on the same machine connects over loopback for everyone.
    let proxied = app
        .request_from(
            "127.0.0.1",
            "GET",
            "/metrics",
            &[("x-forwarded-for", "203.0.113.4")],
            "",
        )
        .await;
    assert_eq!(proxied.status, StatusCode::UNAUTHORIZED);
    app.get("/finns-inte").await;
    let bearer = format!("Bearer {}", app.api_token());
    let r = app
        .request("GET", "/metrics", &[("authorization", &bearer)], "")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains(
            "goda_http_requests_total{route=\"/api/search\",method=\"GET\",status=\"200\"} 1"
        ),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("goda_http_request_duration_seconds_bucket{le=")
    );
    assert!(r.body.contains("goda_published_examples 9"));
    assert!(
        r.body
            .contains("route=\"(unmatched)\",method=\"GET\",status=\"404\""),
        "unknown addresses are counted too: {}",
        r.body
    );
    assert!(r.body.contains("goda_index_bytes "));
}

#[tokio::test]
async fn a_config_file_that_cannot_be_read_lets_no_one_in_but_ends_no_session() {
    let app = app();
    let (cookie, _) = app.login().await;
    let good = std::fs::read_to_string(&app.config).unwrap();
    std::fs::write(&app.config, "[[organiser]\nname = ").unwrap();
    let during = app
        .request("GET", "/admin", &[("cookie", &cookie)], "")
        .await;
    assert_eq!(during.status, StatusCode::SEE_OTHER);
    std::fs::write(&app.config, good).unwrap();
    let after = app
        .request("GET", "/admin", &[("cookie", &cookie)], "")
        .await;
    assert_eq!(after.status, StatusCode::OK, "the session is still there");
}

#[tokio::test]
async fn publishing_what_the_unit_changed_after_the_review_page_was_opened_is_refused() {
    let app = app();
    let (cookie, csrf) = app.login().await;
    let page = app
        .request(
            "GET",
            "/admin/exempel/inskickat-utkast",
            &[("cookie", &cookie)],
            "",
        )
        .await;
    let reviewed = hidden_value(&page.body, "revision");
    // The unit edits the submission meanwhile (as an organiser's edit would change it too).
    let token = app.api_token();
    let bearer = format!("Bearer {token}");
    let edit = serde_json::json!({"title": "Ny rubrik efter granskningen", "summary": "S.", "unit": "U",
        "organisation": "O", "area": "skola", "focus_areas": ["metoder"], "maturity": "pilot",
        "year": 2026, "body": "Annan text."});
    let put = app
        .request(
            "PUT",
            "/api/admin/examples/inskickat-utkast",
            &[
                ("authorization", &bearer),
                ("content-type", "application/json"),
                ("if-match", "*"),
            ],
            &edit.to_string(),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let body = format!("csrf={csrf}&revision={reviewed}&status=published&comment=&confirm=ja");
    let r = app
        .post_as(&cookie, "/admin/exempel/inskickat-utkast/status", &body)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Enheten har ändrat exemplet"));
    assert!(
        r.body.contains("Ny rubrik efter granskningen"),
        "the new version is shown"
    );
    let stored = std::fs::read_to_string(app.corpus.path().join("inskickat-utkast.md")).unwrap();
    assert!(stored.contains("status = \"submitted\""), "not published");
    // Reviewed again, it goes through.
    let again = hidden_value(&r.body, "revision");
    let body = format!("csrf={csrf}&revision={again}&status=published&comment=&confirm=ja");
    let r = app
        .post_as(&cookie, "/admin/exempel/inskickat-utkast/status", &body)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn over_https_the_form_cookie_is_secure_too() {
    let app = behind_proxy();
    let form = app.get("/skicka").await;
    let cookie = form.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("goda_csrf=") && cookie.contains("Secure"),
        "{cookie}"
    );
}

#[tokio::test]
async fn a_status_change_that_the_index_cannot_follow_still_stands_and_says_so_truthfully() {
    let app = app();
    let id = crate::support::submit_via_api(&app, "Vi väger matsvinnet i Akalla").await;
    // The derived index is gone from under the server: the file is still the record.
    std::fs::remove_dir_all(app.index.path()).unwrap();
    let token = app.api_token();
    let r = app
        .request(
            "POST",
            &format!("/api/admin/examples/{id}/status"),
            &[
                ("authorization", &format!("Bearer {token}")),
                ("content-type", "application/json"),
            ],
            r#"{"status": "published"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let file = std::fs::read_to_string(app.corpus.path().join(format!("{id}.md"))).unwrap();
    assert!(file.contains("status = \"published\""));
}

#[tokio::test]
async fn builder_steps_beyond_any_entry_are_plain_saves_and_never_panic() {
    let app = app();
    let (cookie, csrf) = app.login().await;
    for action in ["down:18446744073709551615", "up:0", "remove:99999999999"] {
        let r = app
            .post_as(
                &cookie,
                "/admin/massa/2025",
                &format!("csrf={csrf}&name=M&dates=2025-10-28&opens=09%3A00&closes=16%3A00&rooms=Sal+A&entries=0&action={action}"),
            )
            .await;
        assert!(
            r.status.is_client_error() || r.status.is_redirection(),
            "{action}: {}",
            r.status
        );
    }
}

#[tokio::test]
async fn an_expired_builder_form_shows_the_edition_as_published_when_it_is() {
    let app = app();
    let (cookie, _) = app.login().await;
    let r = app
        .post_as(
            &cookie,
            "/admin/massa/2025",
            "name=Goda+exempelm%C3%A4ssan+2025&entries=0&action=save",
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.body.contains("value=\"unpublish\""),
        "the published edition offers Avpublicera"
    );
}

#[tokio::test]
async fn made_up_session_cookies_are_never_kept() {
    let app = app();
    for i in 0..30 {
        let cookie = format!("goda_session={i:02}AAAAAAAAAAAAAAAAAAAA");
        app.request("GET", "/", &[("cookie", &cookie)], "").await;
    }
    let file = app.index.path().join("sessions.json");
    let kept = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        kept.len() < 10,
        "no session is stored for strangers: {kept}"
    );
}

#[tokio::test]
async fn a_form_larger_than_allowed_gets_a_swedish_answer() {
    let app = app();
    let big = format!("csrf=x&body={}", "a".repeat(3 * 1024 * 1024));
    let r = app.post_form_raw("/skicka", &big, Some("x")).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.body.contains("Formuläret kunde inte tas emot"),
        "{}",
        &r.body[..200.min(r.body.len())]
    );
    let page = app.get("/sok?q=a&page=0").await;
    assert!(
        page.body.contains("i ”sida”"),
        "parameters by their Swedish names"
    );
}
