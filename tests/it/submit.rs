//! Units submit and edit examples: the form, its errors, the preview, the private edit link,
//! and the JSON API.

use axum::http::StatusCode;

use crate::support::{TestApp, app};

const VALID: &[(&str, &str)] = &[
    ("title", "Lärcaféer för pedagoger"),
    (
        "summary",
        "Pedagogerna träffas varje månad och delar metoder.",
    ),
    ("unit", "Förskolan Ugglan"),
    ("organisation", "Bromma stadsdelsförvaltning"),
    ("area", "forskola"),
    ("focus_areas", "metoder"),
    ("focus_areas", "dialog"),
    ("maturity", "pilot"),
    ("year", "2026"),
    ("tags", "kollegialt lärande, lärcafé"),
    ("contact_email", "anna.berg@stockholm.se"),
    (
        "body",
        "## Bakgrund och utmaning\r\n\r\nVi ville lära av varandra.",
    ),
];

fn with(overrides: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut pairs: Vec<(&str, &str)> = VALID
        .iter()
        .filter(|(k, _)| !overrides.iter().any(|(o, _)| o == k))
        .copied()
        .collect();
    pairs.extend(overrides.iter().filter(|(_, v)| !v.is_empty()).copied());
    pairs
}

/// The example files in the app's corpus.
fn md_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.corpus.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".md")
        })
        .count()
}

fn location(reply: &crate::support::Reply) -> String {
    reply.headers["location"].to_str().unwrap().to_owned()
}

async fn submitted(app: &TestApp) -> String {
    let mut pairs = VALID.to_vec();
    pairs.push(("action", "submit"));
    let r = app.post_form("/skicka", &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    location(&r)
}

#[tokio::test]
async fn the_form_has_every_field_a_csrf_token_and_the_section_headings() {
    let r = app().get("/skicka").await;
    assert_eq!(r.status, StatusCode::OK);
    for name in [
        "title",
        "summary",
        "unit",
        "organisation",
        "area",
        "focus_areas",
        "maturity",
        "year",
        "tags",
        "contact_name",
        "contact_email",
        "avsnitt_bakgrund",
        "avsnitt_andra",
        "avsnitt_ovrigt",
    ] {
        assert!(
            r.body.contains(&format!("name=\"{name}\"")),
            "no field {name}"
        );
    }
    assert!(r.body.contains("name=\"csrf\""));
    // The organisation field suggests the city's current administrations, not merged ones.
    assert!(
        r.body
            .contains("<select id=\"organisation\" name=\"organisation\"")
    );
    assert!(
        r.body
            .contains("<option value=\"annan\">Annan (skriv namnet nedan)</option>")
    );
    assert!(r.body.contains("name=\"organisation_annan\""));
    assert!(
        r.body
            .contains("<option value=\"Järva stadsdelsförvaltning\">")
    );
    assert!(
        !r.body
            .contains("<option value=\"Rinkeby-Kista stadsdelsförvaltning\">")
    );
    // One field per recommended section, each with its line of guidance.
    for (key, heading, guidance) in goda::submission::SECTIONS {
        assert!(
            r.body
                .contains(&format!("<label for=\"avsnitt_{key}\">{heading}</label>")),
            "{heading}"
        );
        assert!(r.body.contains(guidance), "{guidance}");
    }
    assert!(
        r.body.contains("En aktiv och målstyrd dialog"),
        "focus areas come with their descriptions"
    );
    let cookie = r.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
}

#[tokio::test]
async fn a_post_without_the_csrf_token_is_refused_and_keeps_what_was_typed() {
    let app = app();
    let body = "title=Mitt+exempel&summary=Sparas+ej&action=submit";
    let r = app.post_form_raw("/skicka", body, None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.body.contains("value=\"Mitt exempel\""),
        "the title is kept"
    );
    assert!(r.body.contains("formuläret behövde förnyas"));
    let forged = app
        .post_form_raw(
            "/skicka",
            &format!("csrf={}&{body}", "0".repeat(64)),
            Some(&"1".repeat(64)),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn wrong_fields_get_swedish_messages_beside_them_and_nothing_typed_is_lost() {
    let app = app();
    let pairs = with(&[
        ("title", "   "),
        ("year", "tjugotjugo"),
        ("focus_areas", ""),
        ("summary", "Min sammanfattning"),
        ("action", "submit"),
    ]);
    let r = app.post_form("/skicka", &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Något behöver rättas"));
    assert!(r.body.contains("id=\"title-fel\""));
    assert!(r.body.contains("Skriv en rubrik på högst 120 tecken"));
    assert!(r.body.contains("Skriv årtalet med fyra siffror"));
    assert!(r.body.contains("Välj ett, två eller tre fokusområden"));
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert!(r.body.contains("Min sammanfattning"), "the summary is kept");
    assert!(
        r.body.contains("value=\"tjugotjugo\""),
        "the wrong year is kept"
    );
    assert!(
        r.body.contains("Vi ville lära av varandra."),
        "the body is kept"
    );
    assert!(md_files(&app) == 12, "nothing was stored");
}

#[tokio::test]
async fn the_preview_renders_as_published_and_shows_similar_examples() {
    let app = app();
    let pairs = with(&[
        ("title", "Vi mäter matsvinnet i skolköket"),
        ("summary", "Skolköket väger matsvinnet varje dag."),
        (
            "body",
            "## Bakgrund och utmaning\n\nMatsvinnet i skolköket var stort, så vi började mäta tallrikssvinnet varje dag.",
        ),
        ("action", "preview"),
    ]);
    let r = app.post_form("/skicka", &pairs).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Förhandsgranskning"));
    assert!(
        r.body
            .contains(r#"<h2 class="article-title">Vi mäter matsvinnet i skolköket</h2>"#)
    );
    assert!(r.body.contains("<h2>Bakgrund och utmaning</h2>"));
    assert!(r.body.contains("Liknande exempel som redan finns"));
    assert!(r.body.contains("/exempel/matsvinn-skolkok"));
}

#[tokio::test]
async fn hostile_text_is_stored_inert_and_never_rendered_as_markup() {
    let app = app();
    let pairs = with(&[
        ("title", "<script>alert(1)</script>"),
        (
            "body",
            "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>",
        ),
        ("action", "preview"),
    ]);
    let r = app.post_form("/skicka", &pairs).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("<script>alert"), "{}", r.body);
    assert!(!r.body.contains("href=\"javascript:"));
    let preview = r
        .body
        .split("class=\"preview-frame\"")
        .nth(1)
        .unwrap()
        .split("<form")
        .next()
        .unwrap();
    assert!(!preview.contains("onerror"), "{preview}");
    assert!(
        r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the typed text is kept, escaped"
    );
}

#[tokio::test]
async fn a_submission_is_stored_unpublished_with_a_private_edit_link() {
    let app = app();
    let link = submitted(&app).await;
    assert!(
        link.starts_with("/redigera/larcafeer-for-pedagoger?nyckel=") && link.ends_with("&ny=1"),
        "{link}"
    );
    let stored =
        std::fs::read_to_string(app.corpus.path().join("larcafeer-for-pedagoger.md")).unwrap();
    assert!(stored.contains("status = \"submitted\""));
    let token = link
        .split("nyckel=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let review = std::fs::read_to_string(
        app.corpus
            .path()
            .join(".review/larcafeer-for-pedagoger.json"),
    )
    .unwrap();
    assert!(!review.contains(token), "only the token's hash is stored");
    let page = app.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Tack! Exemplet är inskickat."));
    assert!(page.body.contains("Inskickat – väntar på granskning."));
    assert_eq!(
        app.get("/redigera/larcafeer-for-pedagoger?nyckel=fel")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/redigera/..%2F..%2Fetc%2Fpasswd?nyckel=x")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/exempel/larcafeer-for-pedagoger").await.status,
        StatusCode::NOT_FOUND,
        "not public"
    );
    assert_eq!(app.get("/api/search?q=lärcaféer").await.json()["total"], 0);
    let again = submitted(&app).await;
    assert!(
        again.starts_with("/redigera/larcafeer-for-pedagoger-2?"),
        "{again}"
    );
}

#[tokio::test]
async fn the_unit_edits_its_submission_through_the_link() {
    let app = app();
    let link = submitted(&app).await;
    let token = link
        .split("nyckel=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    let mut pairs = with(&[("title", "Lärcaféer för alla pedagoger")]);
    pairs.push(("nyckel", &token));
    let r = app
        .post_form("/redigera/larcafeer-for-pedagoger", &pairs)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(location(&r).ends_with("&sparat=1"));
    let stored =
        std::fs::read_to_string(app.corpus.path().join("larcafeer-for-pedagoger.md")).unwrap();
    assert!(stored.contains("title = \"Lärcaféer för alla pedagoger\""));
    assert!(
        app.get(&location(&r))
            .await
            .body
            .contains("Ändringarna är sparade.")
    );
    let mut wrong = with(&[]);
    wrong.push(("nyckel", "fel"));
    assert_eq!(
        app.post_form("/redigera/larcafeer-for-pedagoger", &wrong)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

fn api_draft(overrides: serde_json::Value) -> String {
    let mut draft = serde_json::json!({
        "title": "Lärcaféer för pedagoger",
        "summary": "Pedagogerna delar metoder.",
        "unit": "Förskolan Ugglan",
        "organisation": "Bromma stadsdelsförvaltning",
        "area": "forskola",
        "focus_areas": ["metoder"],
        "maturity": "pilot",
        "year": 2026,
        "body": "## Bakgrund och utmaning\n\nText."
    });
    for (k, v) in overrides.as_object().unwrap() {
        draft[k] = v.clone();
    }
    draft.to_string()
}

#[tokio::test]
async fn the_api_stores_a_submission_and_answers_201() {
    let r = app()
        .post_json("/api/examples", &api_draft(serde_json::json!({})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let j = r.json();
    assert_eq!(j["id"], "larcafeer-for-pedagoger");
    assert_eq!(j["status"], "submitted");
    assert!(
        j["edit_url"]
            .as_str()
            .unwrap()
            .starts_with("/redigera/larcafeer-for-pedagoger?nyckel=")
    );
}

#[tokio::test]
async fn the_api_names_every_wrong_field_with_422() {
    let app = app();
    let tags: Vec<String> = (0..1000).map(|i| format!("t{i}")).collect();
    let bad = serde_json::json!({
        "title": "   ",
        "focus_areas": ["metoder", "dialog", "partnerskap", "finansiering"],
        "area": "hav",
        "tags": tags,
        "body": "x".repeat(100 * 1024 + 1),
        "id": "../../etc/passwd",
        "status": "published",
    });
    let r = app.post_json("/api/examples", &api_draft(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields: Vec<String> = r.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        fields,
        ["id", "status"],
        "fields the service sets are refused first"
    );
    let r = app.post_json("/api/examples", &api_draft(serde_json::json!({
        "title": "   ", "focus_areas": ["metoder", "dialog", "partnerskap", "finansiering"], "area": "hav",
        "tags": (0..1000).map(|i| format!("t{i}")).collect::<Vec<_>>(), "body": "x".repeat(100 * 1024 + 1),
    }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = r.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    for f in ["title", "area", "focus_areas", "tags", "body"] {
        assert!(
            fields.contains(&f.to_owned()),
            "{f} not named in {fields:?}"
        );
    }
    let unknown = app
        .post_json(
            "/api/examples",
            &api_draft(serde_json::json!({"focus_areas": ["miljo"]})),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.post_json("/api/examples", "[1]").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(md_files(&app), 12, "nothing was stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_submissions_are_each_stored_once_and_all_become_searchable() {
    let app = std::sync::Arc::new(app());
    let mut tasks = Vec::new();
    for i in 0..50 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let summary = format!("Inlämning nummer {i}.");
            let r = app
                .post_json(
                    "/api/examples",
                    &api_draft(serde_json::json!({ "summary": summary })),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            r.json()["id"].as_str().unwrap().to_owned()
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap());
    }
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 50);
    let mut summaries = Vec::new();
    for id in &ids {
        let text = std::fs::read_to_string(app.corpus.path().join(format!("{id}.md"))).unwrap();
        summaries.push(
            text.lines()
                .find(|l| l.starts_with("summary"))
                .unwrap()
                .to_owned(),
        );
    }
    let distinct: std::collections::HashSet<_> = summaries.iter().collect();
    assert_eq!(
        distinct.len(),
        50,
        "each submission is stored once, none overwritten"
    );
    let leftovers = std::fs::read_dir(app.corpus.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0);
    let token = format!("Bearer {}", app.api_token());
    let auth = [
        ("authorization", token.as_str()),
        ("content-type", "application/json"),
    ];
    for id in &ids {
        let r = app
            .request(
                "POST",
                &format!("/api/admin/examples/{id}/status"),
                &auth,
                r#"{"status": "published"}"#,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let found = app
        .get("/api/search?q=inlämning+nummer&per_page=100")
        .await
        .json();
    assert_eq!(found["total"], 50, "every one is searchable once published");
}

#[tokio::test]
async fn a_body_that_is_not_utf8_is_a_clear_error_or_stored_inert() {
    let app = app();
    let mut json = br#"{"title": "Trasig text", "body": ""#.to_vec();
    json.extend_from_slice(b"\xff\xfe");
    json.extend_from_slice(br#""}"#);
    let r = app
        .post_bytes("/api/examples", "application/json", json)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["parameter"], "body");
    let csrf = app.csrf().await;
    let mut form = format!("csrf={csrf}&action=preview&title=Trasig&body=").into_bytes();
    form.extend_from_slice(b"\xff\xfe%FF");
    let reply = app.post_bytes_with_cookie("/skicka", form, &csrf).await;
    assert!(
        reply.status == StatusCode::UNPROCESSABLE_ENTITY || reply.status == StatusCode::OK,
        "{}",
        reply.status
    );
    assert!(
        reply.body.contains("\u{fffd}"),
        "undecodable bytes are kept as replacement characters"
    );
}

#[tokio::test]
async fn a_request_body_over_2_mb_is_a_clear_error() {
    let app = app();
    let huge = format!(
        r#"{{"title": "x", "body": "{}"}}"#,
        "x".repeat(3 * 1024 * 1024)
    );
    let r = app.post_json("/api/examples", &huge).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["parameter"], "body");
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("at most 2 MB")
    );
    let form = app
        .post_bytes_with_cookie("/skicka", vec![b'x'; 3 * 1024 * 1024], "0")
        .await;
    assert_eq!(form.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(form.body.contains("Formuläret kunde inte tas emot"));
    assert!(form.content_type.starts_with("text/html"));
}

#[tokio::test]
async fn the_sections_a_unit_writes_become_the_body_and_open_into_their_fields_again() {
    let app = app();
    let mut pairs = with(&[("body", "")]);
    pairs.extend([
        (
            "avsnitt_bakgrund",
            "Pedagogerna arbetade var för sig.\r\n- en\r\n- två",
        ),
        ("avsnitt_resultat", "Tolv pedagoger provade nya metoder."),
        ("avsnitt_syfte", "   "),
        ("avsnitt_ovrigt", "## Tack\r\n\r\nTill alla som var med."),
        ("action", "submit"),
    ]);
    let r = app.post_form("/skicka", &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let link = r.headers["location"].to_str().unwrap().to_owned();
    let id = link
        .split("/redigera/")
        .nth(1)
        .and_then(|rest| rest.split('?').next())
        .unwrap();
    let stored = std::fs::read_to_string(app.corpus.path().join(format!("{id}.md"))).unwrap();
    assert!(
        stored.contains(
            "## Bakgrund och utmaning\n\nPedagogerna arbetade var för sig.\n- en\n- två\n\n## Resultat\n\nTolv pedagoger provade nya metoder.\n\n## Tack\n\nTill alla som var med.\n"
        ),
        "{stored}"
    );
    assert!(
        !stored.contains("## Syfte och mål"),
        "an empty section is left out"
    );
    // The unit's page opens the body into the same fields.
    let page = app.get(&link).await;
    assert!(page.body.contains(
        "id=\"avsnitt_resultat\" name=\"avsnitt_resultat\" rows=\"5\" data-section aria-describedby=\"avsnitt_resultat-hjalp\">Tolv pedagoger provade nya metoder.</textarea>"
    ), "{}", page.body);
    assert!(
        page.body
            .contains("## Tack\n\nTill alla som var med.</textarea>")
    );

    // Nothing written in any section: the description is asked for.
    let mut empty = with(&[("body", "")]);
    empty.extend([("avsnitt_bakgrund", " "), ("action", "submit")]);
    let r = app.post_form("/skicka", &empty).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("href=\"#body\""),
        "the summary links to the description"
    );
}

#[tokio::test]
async fn annan_chosen_without_a_name_is_asked_for_and_stays_chosen() {
    let app = app();
    let mut pairs = with(&[("organisation", "annan")]);
    pairs.push(("action", "submit"));
    let r = app.post_form("/skicka", &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("<option value=\"annan\" selected>"),
        "the choice stays"
    );
    assert!(
        r.body
            .contains("aria-describedby=\"organisation_annan-hjalp organisation-fel\"")
    );
    let mut named = with(&[("organisation", "annan")]);
    named.extend([("organisation_annan", "Nacka kommun"), ("action", "submit")]);
    let r = app.post_form("/skicka", &named).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}
