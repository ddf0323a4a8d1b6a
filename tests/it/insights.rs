//! Insights: a scripted session of searches (some without hits) shows on `/admin/insikter`
//! with the right counts, its tables download as CSV, a search without hits becomes a wanted
//! example in one step, and the public page links to the form with the topic filled in.

use axum::http::StatusCode;

use crate::support::{TestApp, app_with, fixture_corpus};

fn logged_app() -> (TestApp, goda::insights::SearchLog, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let log = goda::insights::SearchLog::open(dir.path(), 400).unwrap();
    let app = app_with(
        &fixture_corpus(),
        goda::web::Settings {
            search_log: Some(log.clone()),
            ..Default::default()
        },
    );
    (app, log, dir)
}

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

#[tokio::test]
async fn a_session_of_searches_shows_with_its_counts_zero_hits_and_charts() {
    let (app, log, dir) = logged_app();
    for uri in [
        "/sok?q=matsvinn",
        "/sok?q=Matsvinn",
        "/sok?q=matsvinn&area=skola",
        "/api/search?q=matsvinn",
        "/sok?q=matsvinn&page=2",
        "/sok?q=drönare",
        "/sok?q=dr%C3%B6nare",
        "/sok?q=flygande+mattor",
        "/sok?area=skola",
        "/sok",
        "/api/suggest?q=mat",
        "/exempel/maltidsvanner",
        "/exempel/maltidsvanner",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::OK, "{uri}");
    }
    log.flush().unwrap();
    // Nothing about who searched is kept.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(
            !text.contains("127.0.0.1") && !text.contains("Mozilla"),
            "{text}"
        );
    }

    let anonymous = app.get("/admin/insikter").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "a login is needed");
    let (cookie, csrf) = app.login().await;
    let page = app
        .request("GET", "/admin/insikter", &[("cookie", &cookie)], "")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    // matsvinn: twice as typed (any case), once with a filter, once by the API; the second
    // page and the completions are not searches of their own.
    assert!(
        body.contains(r#"<th scope="row">matsvinn</th><td>3</td>"#),
        "{body}"
    );
    assert!(body.contains(r#"<th scope="row">drönare</th><td>2</td><td>0</td>"#));
    assert!(body.contains("flygande mattor"));
    assert!(body.contains("Sökningar utan träffar"));
    assert!(body.contains(r#"<svg class="chart" role="img""#));
    assert!(body.contains("<title id=\"sokningar-titel\">Vanligaste sökningarna</title>"));
    assert!(body.contains("Mest lästa exemplen"));
    assert!(
        body.contains(r#"<td>2</td><td>maltidsvanner</td>"#),
        "two readings"
    );
    assert!(
        body.contains("8 sökningar</strong> under perioden"),
        "a filter alone is a search too"
    );

    let today = jiff::Zoned::now().date();
    let csv = app
        .request(
            "GET",
            &format!("/admin/insikter/utan-traffar.csv?fran={today}&till={today}"),
            &[("cookie", &cookie)],
            "",
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert!(csv.body.starts_with('\u{feff}'));
    assert!(csv.body.contains("drönare;2;0;–"), "{}", csv.body);
    let unknown = app
        .request("GET", "/admin/insikter/x.csv", &[("cookie", &cookie)], "")
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let backwards = app
        .request(
            "GET",
            "/admin/insikter?fran=2026-12-01&till=2026-11-01",
            &[("cookie", &cookie)],
            "",
        )
        .await;
    assert_eq!(backwards.status, StatusCode::OK);
    assert!(backwards.body.contains("startdagen ligger efter slutdagen"));

    // A search without hits becomes a wanted example in one step.
    assert!(body.contains(r#"action="/admin/efterlysta""#));
    let wanted = app
        .post_as(
            &cookie,
            "/admin/efterlysta",
            &form(&[
                ("csrf", &csrf),
                ("topic", "drönare"),
                ("asked_by", "Sökningar utan träffar"),
            ]),
        )
        .await;
    assert_eq!(wanted.status, StatusCode::SEE_OTHER);
    let public = app.get("/efterlysta").await;
    assert!(public.body.contains("Vi söker exempel på"));
    assert!(public.body.contains("drönare"));
    assert!(public.body.contains(r#"href="/skicka?amne=dr%C3%B6nare""#));
    let prefilled = app.get("/skicka?amne=dr%C3%B6nare").await;
    assert!(prefilled.body.contains(r#"name="title" value="drönare""#));
    assert!(
        std::fs::read_to_string(app.corpus.path().join("efterlysta.toml"))
            .unwrap()
            .contains("topic = \"drönare\"")
    );

    let short = app
        .post_as(
            &cookie,
            "/admin/efterlysta",
            &form(&[("csrf", &csrf), ("topic", "x"), ("focus_area", "miljo")]),
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("minst två tecken"));
    assert!(short.body.contains("okänt fokusområde"));
    let forged = app
        .post_as(
            &cookie,
            "/admin/efterlysta",
            &form(&[("csrf", "fel"), ("topic", "robotar")]),
        )
        .await;
    assert_ne!(
        forged.status,
        StatusCode::SEE_OTHER,
        "no CSRF token, no note"
    );

    let removed = app
        .post_as(
            &cookie,
            "/admin/efterlysta/ta-bort",
            &form(&[("csrf", &csrf), ("topic", "drönare")]),
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(!app.get("/efterlysta").await.body.contains("drönare"));
}

#[tokio::test]
async fn a_broken_wanted_examples_file_leaves_the_public_page_up_and_is_named_to_organisers() {
    let (app, _log, _dir) = logged_app();
    std::fs::write(app.corpus.path().join("efterlysta.toml"), "[[wanted]\n").unwrap();
    let public = app.get("/efterlysta").await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("inga särskilda ämnen"));
    let (cookie, _) = app.login().await;
    let page = app
        .request("GET", "/admin/insikter", &[("cookie", &cookie)], "")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("efterlysta.toml går inte att läsa: rad 1"),
        "{}",
        page.body
    );
}
