//! Every page and API route, driven in-process through the router.

use axum::http::StatusCode;

use crate::support::app;

#[tokio::test]
async fn the_start_page_shows_the_search_box_focus_areas_and_newest_examples() {
    let r = app().get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("text/html"));
    assert!(r.body.contains("<html lang=\"sv\">"));
    assert!(r.body.contains("href=\"#innehall\""), "skip link");
    assert!(r.body.contains("name=\"q\""));
    assert!(r.body.contains("Dialog med stockholmarna"));
    assert!(
        r.body
            .contains("En aktiv och målstyrd dialog med stockholmarna")
    );
    assert!(
        r.body.contains("/exempel/sakerhet-test"),
        "the newest example is listed"
    );
    assert!(
        !r.body.contains("zebra"),
        "unpublished examples are never listed"
    );
}

#[tokio::test]
async fn the_search_page_shows_hits_facets_snippets_and_active_filters() {
    let r = app()
        .get("/sok?q=matsvinn&focus_area=informationshantering&area=skola")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("1 träff för ”matsvinn”"), "{}", r.body);
    assert!(r.body.contains("/exempel/matsvinn-skolkok"));
    assert!(r.body.contains("<mark>"));
    assert!(r.body.contains("value=\"skola\" checked"));
    assert!(r.body.contains("Ta bort filtret"));
    assert!(r.body.contains("Rensa alla filter"));
}

#[tokio::test]
async fn zero_hits_give_a_helpful_message() {
    let r = app().get("/sok?q=kvantdator&area=bolag").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("Vi hittade inga exempel som passar din sökning.")
    );
    assert!(r.body.contains("Sök utan filter"));
}

#[tokio::test]
async fn odd_queries_give_a_normal_page() {
    let app = app();
    let long = "a".repeat(2000);
    for q in [
        "%22matsvinn",
        "AND",
        "-",
        "%F0%9F%99%82",
        "%00%07",
        "((%22",
        long.as_str(),
        "%FF%FE",
    ] {
        let r = app.get(&format!("/sok?q={q}")).await;
        assert_eq!(r.status, StatusCode::OK, "q={q}");
        assert!(r.body.contains("träff"), "q={q}");
    }
}

#[tokio::test]
async fn pagination_links_keep_the_query() {
    let r = app().get("/sok?per_page=4&page=2").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("aria-current=\"page\""));
    assert!(
        r.body.contains("href=\"/sok?per_page=4&amp;page=3\""),
        "{}",
        r.body
    );
    assert!(r.body.contains("start=\"5\""));
}

#[tokio::test]
async fn a_bad_filter_on_the_search_page_is_a_400_page_naming_it() {
    let r = app().get("/sok?focus_area=miljo").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.content_type.starts_with("text/html"));
    assert!(r.body.contains("fokusområde"), "named as visitors know it");
}

#[tokio::test]
async fn an_example_page_shows_the_example_its_facts_and_similar_examples() {
    let r = app().get("/exempel/matsvinn-skolkok").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<h1>Mindre matsvinn i skolköket</h1>"));
    assert!(r.body.contains("<h2>Genomförande</h2>"));
    assert!(r.body.contains("Lövängsskolans skolrestaurang"));
    assert!(r.body.contains("Infört och utvärderat"));
    assert!(r.body.contains("mailto:anna.berg@stockholm.se"));
    assert!(r.body.contains("14 maj 2024"));
    assert!(r.body.contains("Liknande exempel"));
    let similar = r.body.split("id=\"liknande\"").nth(1).unwrap();
    assert!(similar.contains("/exempel/svinn-forskolekok"));
    assert!(
        !similar.contains("/exempel/matsvinn-skolkok\""),
        "never the example itself"
    );
}

#[tokio::test]
async fn hostile_markup_in_a_body_never_reaches_the_page() {
    let app = app();
    let r = app.get("/exempel/sakerhet-test").await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.body.split("class=\"prose\"").nth(1).unwrap();
    assert!(!body.contains("<script"), "{body}");
    assert!(!body.contains("onerror"), "{body}");
    assert!(!body.contains("onclick"), "{body}");
    assert!(!body.contains("javascript:"), "{body}");
    assert!(r.headers.get("content-security-policy").is_some());
    let api = app.get("/api/examples/sakerhet-test").await.json();
    assert!(!api["body_html"].as_str().unwrap().contains("<script"));
    assert!(
        api["body_markdown"].as_str().unwrap().contains("<script>"),
        "the Markdown is returned as written"
    );
}

#[tokio::test]
async fn unknown_invalid_and_unpublished_examples_are_404_pages() {
    let app = app();
    for uri in [
        "/exempel/finns-inte",
        "/exempel/inskickat-utkast",
        "/exempel/arkiverat",
        "/exempel/..%2F..%2Fetc%2Fpasswd",
        "/exempel/TRASIG",
        "/ingen-sida",
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(r.body.contains("Sidan finns inte"), "{uri}");
        assert!(r.body.contains("<html lang=\"sv\">"), "{uri}");
    }
}

#[tokio::test]
async fn focus_area_pages_explain_and_list_their_examples() {
    let app = app();
    let r = app.get("/fokusomraden/leverantorer").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("främja innovationer i upphandlingar"));
    assert!(
        r.body
            .contains("/exempel/innovationsupphandling-hjalpmedel")
    );
    assert!(!r.body.contains("/exempel/matsvinn-skolkok"));
    let all = app.get("/fokusomraden").await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.body.contains("/fokusomraden/partnerskap"));
    assert_eq!(
        app.get("/fokusomraden/miljo").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_stylesheet_is_served_with_a_long_cache_lifetime() {
    let app = app();
    let page = app.get("/").await;
    let href = page
        .body
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert!(href.starts_with("/static/style.") && href.ends_with(".css"));
    let css = app.get(&href).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.content_type.starts_with("text/css"));
    assert!(
        css.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(
        app.get("/static/style.css").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_search_api_returns_hits_and_facets() {
    let r = app().get("/api/search?q=matsvinn&per_page=1").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("application/json"));
    let j = r.json();
    assert_eq!(j["total"], 2);
    assert_eq!(j["page"], 1);
    assert_eq!(j["per_page"], 1);
    let hit = &j["hits"][0];
    for key in [
        "id",
        "title",
        "summary",
        "unit",
        "organisation",
        "area",
        "focus_areas",
        "maturity",
        "year",
        "score",
        "snippet",
    ] {
        assert!(!hit[key].is_null(), "hit lacks {key}: {hit}");
    }
    for facet in ["focus_area", "area", "maturity", "organisation", "year"] {
        let values = j["facets"][facet].as_array().unwrap();
        assert!(
            values
                .iter()
                .all(|v| v["value"].is_string() && v["label"].is_string() && v["count"].is_u64()),
            "{facet}"
        );
    }
}

#[tokio::test]
async fn repeated_filter_parameters_mean_any_of_them() {
    let app = app();
    let one = app.get("/api/search?area=skola").await.json();
    let two = app.get("/api/search?area=skola&area=forskola").await.json();
    assert_eq!(one["total"], 1);
    assert_eq!(two["total"], 3);
}

#[tokio::test]
async fn an_empty_query_lists_every_published_example() {
    let j = app().get("/api/search?q=&per_page=100").await.json();
    assert_eq!(j["total"], 9);
    assert_eq!(j["hits"].as_array().unwrap().len(), 9);
}

#[tokio::test]
async fn bad_api_parameters_are_400_with_a_json_error_naming_them() {
    let app = app();
    for (query, param) in [
        ("page=0", "page"),
        ("per_page=100000", "per_page"),
        ("per_page=0", "per_page"),
        ("focus_area=miljo", "focus_area"),
        ("area=hav", "area"),
        ("maturity=klar", "maturity"),
        ("year=abc", "year"),
        ("sort=random", "sort"),
    ] {
        let r = app.get(&format!("/api/search?{query}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}");
        let j = r.json();
        assert_eq!(j["error"], "bad_parameter", "{query}");
        assert_eq!(j["parameter"], param, "{query}");
        assert!(j["message"].as_str().unwrap().contains(param), "{query}");
    }
    let r = app
        .get("/api/examples/matsvinn-skolkok/similar?limit=0")
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["parameter"], "limit");
}

#[tokio::test]
async fn the_example_api_returns_every_field_and_both_bodies() {
    let j = app().get("/api/examples/digital-inskolning").await.json();
    for key in [
        "id",
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
        "status",
        "created",
        "updated",
        "body_markdown",
        "body_html",
    ] {
        assert!(!j[key].is_null(), "lacks {key}");
    }
    assert_eq!(j["status"], "published");
    assert_eq!(j["created"], "2023-03-01");
    assert!(
        j["body_html"]
            .as_str()
            .unwrap()
            .contains("<h2>Genomförande</h2>")
    );
}

#[tokio::test]
async fn unknown_ids_and_routes_are_json_404s_under_the_api() {
    let app = app();
    for uri in [
        "/api/examples/finns-inte",
        "/api/examples/inskickat-utkast",
        "/api/examples/..%2Fx",
        "/api/examples/arkiverat/similar",
        "/api/nothing",
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(r.json()["error"], "not_found", "{uri}");
    }
}

#[tokio::test]
async fn the_similar_api_never_returns_the_example_itself() {
    let j = app()
        .get("/api/examples/svinn-forskolekok/similar?limit=3")
        .await
        .json();
    let hits = j["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3);
    assert_eq!(hits[0]["id"], "matsvinn-skolkok");
    assert!(hits.iter().all(|h| h["id"] != "svinn-forskolekok"));
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_parameter() {
    let j = app().get("/api/openapi.json").await.json();
    assert!(j["openapi"].as_str().unwrap().starts_with("3."));
    let paths = j["paths"].as_object().unwrap();
    for p in [
        "/api/search",
        "/api/suggest",
        "/api/similar",
        "/api/examples/{id}",
        "/api/examples/{id}/similar",
        "/api/openapi.json",
    ] {
        assert!(paths.contains_key(p), "missing {p}");
    }
    let params: Vec<&str> = j["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        params,
        [
            "q",
            "focus_area",
            "area",
            "maturity",
            "organisation",
            "year",
            "massa",
            "sort",
            "page",
            "per_page"
        ]
    );
    let responses = j["paths"]["/api/search"]["get"]["responses"]
        .as_object()
        .unwrap();
    assert!(responses.contains_key("200") && responses.contains_key("400"));
    let example_responses = j["paths"]["/api/examples/{id}"]["get"]["responses"]
        .as_object()
        .unwrap();
    assert!(example_responses.contains_key("404"));
    assert!(j["paths"]["/api/similar"]["post"]["requestBody"].is_object());
    let schemas = j["components"]["schemas"].as_object().unwrap();
    for s in ["SearchResponse", "HitDto", "ExampleDto", "ErrorBody"] {
        assert!(schemas.contains_key(s), "missing schema {s}");
    }
}

#[tokio::test]
async fn the_server_starts_with_invalid_files_and_skips_them() {
    let (_, problems, _dir) = crate::support::service_for(&crate::support::fixture_corpus());
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .to_string()
            .contains("trasig-fil.md:1: fälten överst saknas")
    );
    assert_eq!(app().get("/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn suggest_completes_titles_and_terms() {
    let app = app();
    let r = app.get("/api/suggest?q=mats").await;
    assert_eq!(r.status, StatusCode::OK);
    let completions = r.json()["completions"].as_array().unwrap().clone();
    assert!(!completions.is_empty() && completions.len() <= 8);
    assert!(
        completions
            .iter()
            .any(|c| c["kind"] == "title" && c["id"] == "matsvinn-skolkok"),
        "{completions:?}"
    );
    assert!(
        completions
            .iter()
            .any(|c| c["kind"] == "term" && c["text"] == "matsvinn"),
        "{completions:?}"
    );
    let two_words = app.get("/api/suggest?q=mindre%20mats").await.json();
    assert_eq!(
        two_words["completions"][0]["text"],
        "Mindre matsvinn i skolköket"
    );
    for q in ["", "%20", "zzzzqqq", "%F0%9F%99%82"] {
        let r = app.get(&format!("/api/suggest?q={q}")).await;
        assert_eq!(r.status, StatusCode::OK, "{q}");
    }
    assert_eq!(
        app.get("/api/suggest").await.json()["completions"],
        serde_json::json!([])
    );
}

#[tokio::test]
async fn a_misspelled_query_offers_did_you_mean() {
    let app = app();
    let j = app.get("/api/search?q=matsvimn").await.json();
    assert_eq!(j["suggestion"], "matsvinn");
    assert!(
        j["total"].as_u64().unwrap() >= 1,
        "the typo still finds matsvinn"
    );
    assert!(app.get("/api/search?q=matsvinn").await.json()["suggestion"].is_null());
    let page = app.get("/sok?q=matsvimn").await;
    assert!(
        page.body
            .contains("Menade du: <a href=\"/sok?q=matsvinn\">matsvinn</a>?"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn similar_examples_are_found_for_a_draft() {
    let app = app();
    let draft = serde_json::json!({
        "title": "Vi väger matsvinnet i köket",
        "summary": "Köket mäter svinnet varje dag.",
        "body": "## Bakgrund och utmaning\n\nMatsvinnet i skolköket och förskolans kök var stort."
    })
    .to_string();
    let draft = draft.as_str();
    let r = app.post_json("/api/similar", draft).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let hits = r.json()["hits"].as_array().unwrap().clone();
    assert!(!hits.is_empty() && hits.len() <= 5);
    let first_two: Vec<&str> = hits
        .iter()
        .take(2)
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert!(
        first_two.contains(&"matsvinn-skolkok") && first_two.contains(&"svinn-forskolekok"),
        "{first_two:?}"
    );
    let blank = app.post_json("/api/similar", r#"{"title": "  "}"#).await;
    assert_eq!(blank.status, StatusCode::OK);
    assert_eq!(blank.json()["hits"], serde_json::json!([]));
}

#[tokio::test]
async fn a_bad_draft_is_a_400_naming_the_field() {
    let app = app();
    let long_title = format!(r#"{{"title": "{}"}}"#, "x".repeat(2001));
    for (body, param) in [
        ("not json", "body"),
        ("[1, 2]", "body"),
        (r#"{"titel": "x"}"#, "body"),
        (r#"{"title": 5}"#, "body"),
        (long_title.as_str(), "title"),
    ] {
        let r = app.post_json("/api/similar", body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(r.json()["parameter"], param, "{body}");
    }
}

#[tokio::test]
async fn pages_and_json_are_compressed_when_the_client_accepts_it() {
    let app = crate::support::app();
    for (encoding, expected) in [("br", "br"), ("gzip", "gzip"), ("gzip, br", "br")] {
        let r = app
            .request(
                "GET",
                "/sok?q=matsvinn",
                &[("accept-encoding", encoding)],
                "",
            )
            .await;
        assert_eq!(r.headers["content-encoding"], expected, "{encoding}");
    }
    let plain = app.get("/api/search?q=matsvinn").await;
    assert!(plain.headers.get("content-encoding").is_none());
    assert!(plain.json()["total"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn readiness_says_the_site_answers_and_how_it_searches() {
    let app = crate::support::app();
    let r = app.get("/readyz").await;
    assert_eq!(r.status, StatusCode::OK);
    let json = r.json();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["search"], "lexical");
    assert_eq!(json["meaning"]["ready"], false);
    assert!(json["meaning"]["unavailable"].as_str().is_some());
    assert!(json["examples"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn the_pages_about_the_service_answer_and_every_page_links_them() {
    let app = crate::support::app_with(
        &crate::support::fixture_corpus(),
        goda::web::Settings {
            editors_email: Some("redaktionen@stockholm.se".into()),
            ..Default::default()
        },
    );
    for (path, heading) in [
        ("/om-webbplatsen", "Om webbplatsen"),
        ("/tillganglighet", "Tillgänglighet för Goda exempel"),
        ("/personuppgifter", "Så hanterar vi personuppgifter"),
        ("/kontakt", "Kontakta redaktionen"),
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains(&format!("<h1>{heading}</h1>")), "{path}");
        assert!(
            page.body.contains("08-508 000 00"),
            "{path}: the switchboard"
        );
    }
    let contact = app.get("/kontakt").await;
    assert!(
        contact
            .body
            .contains(r#"href="mailto:redaktionen@stockholm.se""#)
    );
    let home = app.get("/").await;
    for link in [
        "/om-webbplatsen",
        "/tillganglighet",
        "/personuppgifter",
        "/kontakt",
    ] {
        assert!(
            home.body.contains(&format!(r#"href="{link}""#)),
            "the footer links {link}"
        );
    }
    let form = app.get("/skicka").await;
    assert!(
        form.body
            .contains(r#"type="email" id="contact_email" name="contact_email""#)
    );
    assert!(
        form.body.contains(r#"autocomplete="email""#)
            && form.body.contains(r#"autocomplete="name""#)
    );
    assert!(
        form.body.contains(r#"href="/personuppgifter""#),
        "the notice beside the contact fields"
    );
}

#[test]
fn an_editors_address_that_mail_cannot_reach_is_a_config_error() {
    let config: goda::config::Config =
        toml::from_str("editors_email = \"redaktionen@stockholm\"").unwrap();
    let err = config.editors_address().unwrap_err().to_string();
    assert!(
        err.contains("editors_email") && err.contains("redaktionen@stockholm"),
        "{err}"
    );
    let fine: goda::config::Config =
        toml::from_str("editors_email = \"redaktionen@stockholm.se\"").unwrap();
    assert_eq!(
        fine.editors_address().unwrap().as_deref(),
        Some("redaktionen@stockholm.se")
    );
}

#[test]
fn the_pages_use_the_words_of_the_glossary() {
    // docs/ordlista.md: words the site's own text does not use (an example's text is the
    // unit's own and may use any).
    let rejected = [
        "mejl",
        "matcha",
        " ned ",
        " ned.",
        "arrangör",
        "förhandsvis",
        "Förhandsvis",
        " poster",
        "klockan ",
    ];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for dir in [
        "views",
        "web",
        "web/pages",
        "web/api",
        "catalogue",
        "submission",
        "mail",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs" || e == "js") {
                files.push(path);
            }
        }
    }
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for (n, line) in source.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") || code.starts_with("///") || code.starts_with("//!") {
                continue;
            }
            // The text between quotes on the line: labels and messages.
            for (i, text) in code.split('"').enumerate() {
                if i % 2 == 1 {
                    for word in rejected {
                        assert!(
                            !text.contains(word),
                            "{}:{}: {word:?} in {text:?}",
                            file.display(),
                            n + 1
                        );
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn the_published_corpus_is_open_data_that_loads_back_with_import() {
    let app = crate::support::app();
    let page = app.get("/oppna-data").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<h1>Öppna data</h1>")
            && page.body.contains("har inte angett någon licens")
    );
    let lines = app.get("/oppna-data/exempel.jsonl").await;
    assert_eq!(lines.status, StatusCode::OK);
    assert!(lines.headers.contains_key("last-modified") && lines.headers.contains_key("etag"));
    let etag = lines.headers["etag"].to_str().unwrap().to_owned();
    let again = app
        .request(
            "GET",
            "/oppna-data/exempel.jsonl",
            &[("if-none-match", &etag)],
            "",
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::NOT_MODIFIED,
        "a harvester downloads only changes"
    );
    // Another municipality loads it into an empty corpus of its own.
    let other = tempfile::tempdir().unwrap();
    let defaults = goda::corpus::Defaults {
        today: crate::support::TODAY,
        fill_workflow: true,
        organisations: None,
    };
    let report = goda::corpus::import_jsonl(
        lines.body.as_bytes(),
        other.path(),
        goda::corpus::WriteMode::CreateNew,
        &defaults,
    )
    .unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let ours = goda::corpus::load_dir(app.corpus.path(), crate::support::TODAY).unwrap();
    let theirs = goda::corpus::load_dir(other.path(), crate::support::TODAY).unwrap();
    let published: Vec<_> = ours.examples.iter().filter(|e| e.is_public()).collect();
    assert_eq!(theirs.examples.len(), published.len());
    for e in published {
        let copy = theirs.examples.iter().find(|x| x.id == e.id).unwrap();
        assert_eq!(
            (&copy.title, &copy.body, copy.status),
            (&e.title, &e.body, e.status)
        );
    }
    let table = app.get("/oppna-data/exempel.csv").await;
    assert!(
        table.body.starts_with('\u{feff}'),
        "a byte order mark for Excel"
    );
    assert!(table.body.contains("id;rubrik;sammanfattning"));
    assert!(
        !table.body.contains("zebror"),
        "unpublished examples stay out"
    );
}
