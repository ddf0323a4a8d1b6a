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
            // Whatever is stored: these tests change one edition in turn.
            ("if-match", "*"),
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
            "/api/admin/massa/2024",
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
        "monter 12 är redan tagen",
        "Sal A är redan bokad",
        "bara publicerade exempel",
        "okänd sal",
        "utanför öppettiderna",
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

// The fixture corpus has a published edition, `massa/2025.toml`: matsvinn-skolkok at stand 12
// with a seminar, digital-inskolning at stand 3, bokprat-bibliotek in a workshop, and an
// example archived since (stand 5).

#[tokio::test]
async fn visitors_see_the_editions_and_the_catalogue() {
    let app = app();
    let list = app.get("/massa").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body
            .contains("<a href=\"/massa/2025\">Goda exempelmässan 2025</a>")
    );
    let page = app.get("/massa/2025").await;
    assert_eq!(page.status, StatusCode::OK);
    for needle in [
        "<h1>Goda exempelmässan 2025</h1>",
        "id=\"monter-12\"",
        "Monter 12",
        "<strong>10.00–10.30</strong> · Rådssalen · Seminarium",
        "href=\"/exempel/matsvinn-skolkok\"",
        "Ändrat 28 okt: Workshoppen Bokprat",
        "Mässan är avslutad.",
        "<summary>Ändringar i programmet före mässan</summary>",
        "/massa/2025/pass/matsvinn-skolkok.ics",
        "Informationshantering",
    ] {
        assert!(page.body.contains(needle), "{needle} missing");
    }
    assert!(
        !page.body.contains(r##"href="#andringar""##),
        "after the fair its changes are no longer news"
    );
    assert!(
        page.body.contains("Arkiverat exempel om zebror")
            && !page.body.contains("/exempel/arkiverat"),
        "an example archived since is listed, without a link"
    );
    assert_eq!(app.get("/massa/2031").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/massa/abc").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/massa/2025.pdf").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_catalogue_is_filtered_by_kind_focus_area_area_and_text() {
    let app = app();
    let shown = |body: &str| {
        [
            "matsvinn-skolkok",
            "digital-inskolning",
            "bokprat-bibliotek",
        ]
        .into_iter()
        .filter(|id| body.contains(&format!("data-entry=\"{id}\"")))
        .collect::<Vec<_>>()
    };
    let workshops = app.get("/massa/2025?kind=workshop").await;
    assert_eq!(shown(&workshops.body), ["bokprat-bibliotek"]);
    assert!(workshops.body.contains("Visar 1 av 4 exempel."));
    let dialog = app.get("/massa/2025?focus_area=dialog").await;
    assert_eq!(
        shown(&dialog.body),
        ["digital-inskolning", "bokprat-bibliotek"]
    );
    let school = app.get("/massa/2025?area=skola").await;
    assert_eq!(shown(&school.body), ["matsvinn-skolkok"]);
    // Swedish search within the catalogue: an inflected form finds the example.
    let text = app.get("/massa/2025?q=matsvinnet").await;
    assert_eq!(shown(&text.body), ["matsvinn-skolkok"]);
    let bad = app.get("/massa/2025?kind=monter2").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("”typ”"), "{}", bad.body);
    assert_eq!(
        app.get("/massa/2025?focus_area=miljo").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn an_unpublished_edition_is_seen_only_by_organisers() {
    let app = app();
    let token = app.api_token();
    let entries =
        serde_json::json!([{"example_id": "hemtjanst-planering", "theme": "metoder", "stand": 1}]);
    assert_eq!(
        put(&app, &token, &edition(entries, false)).await.status,
        StatusCode::OK
    );
    assert_eq!(app.get("/massa/2026").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/massa/2026.json").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!app.get("/massa").await.body.contains("/massa/2026"));
    let (cookie, _) = app.login().await;
    let preview = app
        .request("GET", "/massa/2026", &[("cookie", &cookie)], "")
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.body.contains("Mässan är inte publicerad"));
    // Not shown at a published edition, so not on the example page.
    let example = app.get("/exempel/hemtjanst-planering").await;
    assert!(!example.body.contains("Visades på"));
}

#[tokio::test]
async fn exports_parse_back_as_json_csv_and_icalendar() {
    let app = app();
    let json = app.get("/massa/2025.json").await;
    assert_eq!(json.status, StatusCode::OK);
    let data = json.json();
    assert_eq!(data["name"], "Goda exempelmässan 2025");
    assert_eq!(data["entries"].as_array().unwrap().len(), 4);
    assert_eq!(data["entries"][0]["title"], "Mindre matsvinn i skolköket");
    assert_eq!(data["entries"][0]["session"]["start"], "2025-11-04T10:00");

    let reply = app
        .request("GET", "/massa/2025.csv", &[("host", "goda.example")], "")
        .await;
    assert_eq!(reply.content_type, "text/csv; charset=utf-8");
    let bytes = reply.body.as_bytes();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with a byte order mark"
    );
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    assert_eq!(&reader.headers().unwrap()[0], "Monter");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        &rows[0][8], "Lövängsskolans skolrestaurang",
        "Swedish letters intact"
    );
    assert_eq!(&rows[0][10], "http://goda.example/exempel/matsvinn-skolkok");

    let ics = app.get("/massa/2025.ics").await;
    assert!(ics.content_type.starts_with("text/calendar"));
    let calendar: icalendar::Calendar = ics.body.parse().unwrap();
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), 2, "the two sessions");
    use icalendar::{Component, EventLike};
    assert_eq!(
        events[0].get_summary(),
        Some("Seminarium: Mindre matsvinn i skolköket")
    );
    assert_eq!(events[0].get_location(), Some("Rådssalen, Stadshuset"));
    assert!(
        ics.body
            .contains("DTSTART;TZID=Europe/Stockholm:20251104T100000")
    );
    assert!(
        ics.body.contains("TZID:Europe/Stockholm"),
        "the time zone is defined"
    );

    let one = app.get("/massa/2025/pass/bokprat-bibliotek.ics").await;
    assert_eq!(one.status, StatusCode::OK);
    let calendar: icalendar::Calendar = one.body.parse().unwrap();
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].get_summary(),
        Some("Workshop: Bokprat för förskolor på biblioteket")
    );
    for missing in [
        "/massa/2025/pass/digital-inskolning.ics",
        "/massa/2025/pass/finns-inte.ics",
        "/massa/2025/pass/..%2Fgoda.ics",
        "/massa/2025/pass/bokprat-bibliotek.txt",
    ] {
        assert_eq!(
            app.get(missing).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

#[tokio::test]
async fn example_pages_say_where_they_were_shown_and_search_filters_on_it() {
    let app = app();
    let page = app.get("/exempel/matsvinn-skolkok").await;
    assert!(
        page.body.contains("Visades på Goda exempelmässan 2025, monter 12, och på ett seminarium 4 november kl. 10.00–10.30 i Rådssalen"),
        "{}",
        page.body
    );
    assert!(page.body.contains("href=\"/massa/2025#monter-12\""));
    let r = app.get("/api/search?massa=2025").await.json();
    let mut ids: Vec<String> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "bokprat-bibliotek",
            "digital-inskolning",
            "matsvinn-skolkok"
        ]
    );
    let r = app.get("/api/search?massa=2025&q=matsvinn").await.json();
    assert_eq!(r["total"], 1);
    assert_eq!(app.get("/api/search?massa=2031").await.json()["total"], 0);
    assert_eq!(
        app.get("/api/search?massa=1999").await.status,
        StatusCode::BAD_REQUEST
    );
    let html = app.get("/sok?massa=2025").await;
    assert!(html.body.contains("name=\"massa\" value=\"2025\" checked"));
    assert!(html.body.contains("3 träffar"), "{}", html.body);
}

/// The builder form of the fixture edition as pairs, as a browser would send it; a fourth
/// stand of `-` leaves the fourth entry out.
fn builder_form(csrf: &str, action: &str, stands: [&str; 4]) -> String {
    let count = if stands[3] == "-" { "3" } else { "4" };
    let mut f = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("csrf", csrf),
        ("name", "Goda exempelmässan 2025"),
        ("venue", "Stadshuset"),
        ("dates", "2025-11-04"),
        ("opens", "09:00"),
        ("closes", "16:00"),
        ("rooms", "Rådssalen\r\nPrinsens galleri"),
        ("themes", ""),
        ("entries", count),
        ("e0_example", "matsvinn-skolkok"),
        ("e0_theme", "informationshantering"),
        ("e0_stand", stands[0]),
        ("e0_kind", "seminarium"),
        ("e0_room", "Rådssalen"),
        ("e0_day", "2025-11-04"),
        ("e0_start", "10:00"),
        ("e0_end", "10:30"),
        ("e1_example", "digital-inskolning"),
        ("e1_theme", "dialog"),
        ("e1_stand", stands[1]),
        ("e1_kind", ""),
        ("e2_example", "bokprat-bibliotek"),
        ("e2_theme", "metoder"),
        ("e2_stand", stands[2]),
        ("e2_kind", "workshop"),
        ("e2_room", "Prinsens galleri"),
        ("e2_day", "2025-11-04"),
        ("e2_start", "10:15"),
        ("e2_end", "11:15"),
        ("e3_example", "arkiverat"),
        ("e3_theme", "metoder"),
        ("e3_stand", stands[3]),
        ("action", action),
    ] {
        f.append_pair(k, v);
    }
    f.finish()
}

#[tokio::test]
async fn organisers_build_the_catalogue_in_the_builder() {
    let app = app();
    let anonymous = app.get("/admin/massa/2025").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "a login is needed");
    let (cookie, csrf) = app.login().await;
    let page = app
        .request("GET", "/admin/massa/2025", &[("cookie", &cookie)], "")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Förslag: exempel som inte har visats på någon mässa")
    );
    assert!(
        page.body.contains("value=\"add:cykelrakning-snorojning\""),
        "an unshown example is suggested"
    );
    let file = app.corpus.path().join("massa/2025.toml");

    // Adding an example saves the form and gives it the next free stand.
    let add = builder_form(&csrf, "add:hemtjanst-planering", ["12", "3", "", "5"]);
    let r = app.post_as(&cookie, "/admin/massa/2025", &add).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = std::fs::read_to_string(&file).unwrap();
    assert!(
        stored.contains("example_id = \"hemtjanst-planering\"\ntheme = \"metoder\"\nstand = 13"),
        "{stored}"
    );
    assert!(
        stored.contains("example_id = \"arkiverat\""),
        "the archived entry is kept"
    );
    let log = app.get("/massa/2025").await.body;
    assert!(
        log.contains("Nytt i programmet: Ny planering i hemtjänsten"),
        "a published edition logs the change"
    );

    // A stand twice is refused, named beside the field, and nothing is written.
    let before = std::fs::read_to_string(&file).unwrap();
    let twice = builder_form(&csrf, "save", ["12", "12", "", "5"]);
    let r = app.post_as(&cookie, "/admin/massa/2025", &twice).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Ändringen är inte sparad"));
    assert!(
        r.body.contains("href=\"#e1_stand\""),
        "the summary links to the field"
    );
    assert!(
        r.body
            .contains("monter 12 är redan tagen av ”Mindre matsvinn i skolköket”"),
        "{}",
        r.body
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    let not_a_number = builder_form(&csrf, "save", ["12", "tre", "", "5"]);
    let r = app
        .post_as(&cookie, "/admin/massa/2025", &not_a_number)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("”tre” är inget monternummer"));

    // Moving and removing.
    let up = builder_form(&csrf, "up:1", ["12", "3", "", "5"]);
    assert_eq!(
        app.post_as(&cookie, "/admin/massa/2025", &up).await.status,
        StatusCode::SEE_OTHER
    );
    let stored = std::fs::read_to_string(&file).unwrap();
    assert!(stored.find("digital-inskolning").unwrap() < stored.find("matsvinn-skolkok").unwrap());
    let asked = builder_form(&csrf, "remove:3", ["12", "3", "", "5"]);
    let question = app.post_as(&cookie, "/admin/massa/2025", &asked).await;
    assert_eq!(question.status, StatusCode::OK, "removing asks first");
    assert!(question.body.contains("ur katalogen?"));
    assert!(question.body.contains(r#"value="remove-confirmed:3""#));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("arkiverat"),
        "nothing removed before the confirmation"
    );
    let gone = builder_form(&csrf, "remove-confirmed:999", ["12", "3", "", "5"]);
    let refused = app.post_as(&cookie, "/admin/massa/2025", &gone).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no such entry"
    );
    assert!(refused.body.contains("posten finns inte längre"));
    // A removal by mistake is undone from the page the save leads to: the entry comes back
    // at its place with its theme, stand and session.
    let remove = builder_form(&csrf, "remove-confirmed:0", ["12", "3", "", "5"]);
    let removed = app.post_as(&cookie, "/admin/massa/2025", &remove).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("matsvinn-skolkok")
    );
    let after = app
        .request(
            "GET",
            removed.headers["location"].to_str().unwrap(),
            &[("cookie", &cookie)],
            "",
        )
        .await;
    assert!(after.body.contains("Ångra borttagningen"), "{}", after.body);
    assert!(after.body.contains(r#"value="restore:0""#));
    let json = after
        .body
        .split(r#"name="angra" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the removed entry is in the page")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let entry: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(entry["example_id"], "matsvinn-skolkok");
    assert_eq!(entry["session"]["room"], "Rådssalen");
    // The form as the page now shows it (three entries), with the removed one sent back.
    let mut pairs: Vec<(String, String)> =
        form_urlencoded::parse(builder_form(&csrf, "restore:0", ["12", "3", "", "5"]).as_bytes())
            .into_owned()
            .collect();
    let shown: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| !k.starts_with("e0_"))
        .map(
            |(k, v)| match k.strip_prefix('e').and_then(|r| r.split_once('_')) {
                Some((n, rest)) => {
                    let n: usize = n.parse().unwrap();
                    (format!("e{}_{rest}", n - 1), v.clone())
                }
                None if k == "entries" => (k.clone(), "3".to_owned()),
                None => (k.clone(), v.clone()),
            },
        )
        .collect();
    pairs = shown;
    pairs.push(("angra".into(), json.clone()));
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&pairs)
        .finish();
    let undone = app.post_as(&cookie, "/admin/massa/2025", &body).await;
    assert_eq!(undone.status, StatusCode::SEE_OTHER, "{}", undone.body);
    let stored = std::fs::read_to_string(&file).unwrap();
    let back = stored.find("matsvinn-skolkok").expect("the entry is back");
    assert!(
        back < stored.find("digital-inskolning").unwrap(),
        "at its place"
    );
    assert!(stored.contains("Rådssalen"), "with its session");
    // Putting it back twice is refused, with the form kept.
    let twice = app
        .post_as(&cookie, "/admin/massa/2025", &{
            let mut again = builder_form(&csrf, "restore:0", ["12", "3", "", "5"]);
            again.push_str("&angra=");
            again.push_str(&form_urlencoded::byte_serialize(json.as_bytes()).collect::<String>());
            again
        })
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("exemplet finns redan i katalogen"));

    let remove = builder_form(&csrf, "remove-confirmed:3", ["12", "3", "", "5"]);
    assert_eq!(
        app.post_as(&cookie, "/admin/massa/2025", &remove)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("arkiverat")
    );

    // Unpublishing hides it from visitors.
    let asked = builder_form(&csrf, "unpublish", ["12", "3", "", "-"]);
    let question = app.post_as(&cookie, "/admin/massa/2025", &asked).await;
    assert!(question.body.contains("Vill du avpublicera mässan?"));
    assert_eq!(
        app.get("/massa/2025").await.status,
        StatusCode::OK,
        "still published"
    );
    let unpublish = builder_form(&csrf, "unpublish-confirmed", ["12", "3", "", "-"]);
    assert_eq!(
        app.post_as(&cookie, "/admin/massa/2025", &unpublish)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.get("/massa/2025").await.status, StatusCode::NOT_FOUND);

    // Without the CSRF field nothing happens.
    let forged = builder_form("fel", "publish", ["12", "3", "", "-"]);
    assert_eq!(
        app.post_as(&cookie, "/admin/massa/2025", &forged)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get("/massa/2025").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn organisers_start_a_new_edition_from_the_list() {
    let app = app();
    let (cookie, csrf) = app.login().await;
    let list = app
        .request("GET", "/admin/massa", &[("cookie", &cookie)], "")
        .await;
    assert!(list.body.contains("Goda exempelmässan 2025"));
    let bad = app
        .request(
            "GET",
            "/admin/massa/ny?ar=tjugo",
            &[("cookie", &cookie)],
            "",
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("”tjugo” är inget år"));
    let go = app
        .request("GET", "/admin/massa/ny?ar=2027", &[("cookie", &cookie)], "")
        .await;
    assert_eq!(go.headers["location"], "/admin/massa/2027");
    let new = app
        .request("GET", "/admin/massa/2027", &[("cookie", &cookie)], "")
        .await;
    assert!(new.body.contains("Mässan finns inte än"));
    let mut f = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("csrf", csrf.as_str()),
        ("name", "Goda exempelmässan 2027"),
        ("venue", "Stadshuset"),
        ("dates", "2027-11-02"),
        ("opens", "09:00"),
        ("closes", "08:00"),
        ("rooms", "Sal A"),
        ("themes", "dialog Dialog"),
        ("entries", "0"),
        ("action", "publish"),
    ] {
        f.append_pair(k, v);
    }
    let r = app.post_as(&cookie, "/admin/massa/2027", &f.finish()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("saknar kolon"), "{}", r.body);
    assert!(!app.corpus.path().join("massa/2027.toml").exists());
}
