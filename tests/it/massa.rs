//! The organisers' JSON API for Goda exempelmässa editions, and `goda check` of edition files.

use axum::http::StatusCode;

use crate::support::{TestApp, app};

fn edition(entries: serde_json::Value, published: bool) -> String {
    serde_json::json!({
        "name": "Goda exempelmässan 2026", "dates": ["2026-11-03"], "venue": "Stadshuset",
        "opening_hours": {"opens": "09:00", "closes": "16:00"}, "rooms": ["Sal A", "Sal B"],
        "published": published, "entries": entries,
    })
    .to_string()
}

fn session(room: &str, start: &str, end: &str) -> serde_json::Value {
    serde_json::json!({"kind": "seminarium", "room": room, "start": format!("2026-11-03T{start}"), "end": format!("2026-11-03T{end}")})
}

async fn put(app: &TestApp, token: &str, body: &str) -> crate::support::Reply {
    let auth = format!("Bearer {token}");
    app.request(
        "PUT",
        "/api/admin/massa/2026",
        &[
            ("authorization", &auth),
            ("content-type", "application/json"),
        ],
        body,
    )
    .await
}

#[tokio::test]
async fn an_edition_is_stored_as_toml_and_read_back() {
    let app = app();
    let token = app.api_token();
    let entries = serde_json::json!([
        {"example_id": "matsvinn-skolkok", "theme": "informationshantering", "stand": 12, "session": session("Sal A", "10:00", "10:30")},
        {"example_id": "digital-inskolning", "theme": "dialog", "stand": 3},
    ]);
    let r = put(&app, &token, &edition(entries, false)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.json()["themes"].as_array().unwrap().len(),
        6,
        "the six focus areas by default"
    );
    let stored = std::fs::read_to_string(app.corpus.path().join("massa/2026.toml")).unwrap();
    assert!(stored.contains("name = \"Goda exempelmässan 2026\""));
    let auth = format!("Bearer {token}");
    let back = app
        .request(
            "GET",
            "/api/admin/massa/2026",
            &[("authorization", &auth)],
            "",
        )
        .await;
    assert_eq!(back.status, StatusCode::OK);
    assert_eq!(back.json()["entries"][0]["stand"], 12);
    assert_eq!(
        app.request(
            "GET",
            "/api/admin/massa/2025",
            &[("authorization", &auth)],
            ""
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.request(
            "GET",
            "/api/admin/massa/abc",
            &[("authorization", &auth)],
            ""
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn every_conflict_is_listed_with_422() {
    let app = app();
    let token = app.api_token();
    let entries = serde_json::json!([
        {"example_id": "matsvinn-skolkok", "theme": "informationshantering", "stand": 12, "session": session("Sal A", "10:00", "10:30")},
        {"example_id": "digital-inskolning", "theme": "dialog", "stand": 12, "session": session("Sal A", "10:15", "10:45")},
        {"example_id": "inskickat-utkast", "theme": "dialog", "stand": 4},
        {"example_id": "bokprat-bibliotek", "theme": "metoder", "session": session("Sal C", "17:00", "17:30")},
    ]);
    let r = put(&app, &token, &edition(entries, false)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let errors: Vec<String> = r.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}: {}", e["field"], e["message"]))
        .collect();
    let all = errors.join("\n");
    for needle in [
        "stand 12 is already taken",
        "Sal A is already booked",
        "only published examples",
        "unknown room",
        "outside the opening hours",
    ] {
        assert!(all.contains(needle), "{needle} missing in\n{all}");
    }
    assert!(
        !app.corpus.path().join("massa/2026.toml").exists(),
        "nothing stored"
    );
    assert_eq!(
        put(&app, &token, "not json").await.status,
        StatusCode::BAD_REQUEST
    );
    let r = app
        .request(
            "PUT",
            "/api/admin/massa/2026",
            &[("content-type", "application/json")],
            "{}",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn changes_after_publishing_are_kept_in_the_changelog() {
    let app = app();
    let token = app.api_token();
    let first = serde_json::json!([{"example_id": "matsvinn-skolkok", "theme": "metoder", "session": session("Sal A", "10:00", "10:30")}]);
    assert_eq!(
        put(&app, &token, &edition(first.clone(), true))
            .await
            .status,
        StatusCode::OK
    );
    let moved = serde_json::json!([{"example_id": "matsvinn-skolkok", "theme": "metoder", "session": session("Sal B", "10:00", "10:30")}]);
    let r = put(&app, &token, &edition(moved, true)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let log = r.json()["changelog"].clone();
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert!(
        log[0]["text"]
            .as_str()
            .unwrap()
            .contains("Mindre matsvinn i skolköket flyttat till Sal B"),
        "{log}"
    );
}

#[test]
fn goda_check_reports_an_edition_file_with_its_line() {
    let corpus = crate::support::copy_corpus(&crate::support::fixture_corpus());
    std::fs::remove_file(corpus.path().join("trasig-fil.md")).unwrap();
    std::fs::create_dir_all(corpus.path().join("massa")).unwrap();
    let text = "name = \"M\"\ndates = [\"2026-11-03\"]\nvenue = \"S\"\nrooms = [\"Sal A\"]\n\n[opening_hours]\nopens = \"09:00\"\ncloses = \"16:00\"\n\n[[entries]]\nexample_id = \"inskickat-utkast\"\ntheme = \"dialog\"\nstand = 1\n";
    std::fs::write(corpus.path().join("massa/2026.toml"), text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_goda"))
        .arg("check")
        .arg("--corpus")
        .arg(corpus.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("massa/2026.toml:10: `entries[0].example_id`"),
        "{stdout}"
    );
}
