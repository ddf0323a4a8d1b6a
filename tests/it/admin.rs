//! Organisers: login, sessions and tokens, the review queue, status changes that reach the
//! public pages at once, edits, the admin API, the Atom feed and the submission limit.

use axum::http::StatusCode;

use crate::support::{TestApp, app, app_with_limit, fixture_corpus};

async fn submit(app: &TestApp, title: &str) -> String {
    crate::support::submit_via_api(app, title).await
}

#[tokio::test]
async fn admin_pages_and_api_need_a_login() {
    let app = app();
    let r = app.get("/admin").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers["location"], "/login?next=%2Fadmin");
    for (method, uri) in [
        ("GET", "/api/admin/queue"),
        ("POST", "/api/admin/examples/x/status"),
        ("PUT", "/api/admin/examples/x"),
    ] {
        let r = app.request(method, uri, &[], "{}").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
        assert_eq!(r.json()["error"], "unauthorized");
    }
    let wrong = app
        .request(
            "GET",
            "/api/admin/queue",
            &[("authorization", "Bearer fel")],
            "",
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_organiser_logs_in_with_a_session_cookie_and_out_again() {
    let app = app();
    let csrf = app.csrf().await;
    let bad = app
        .post_form_raw(
            "/login",
            &format!("csrf={csrf}&name=anna&password=fel+fel+fel+fel"),
            Some(&csrf),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert!(bad.body.contains("Fel användarnamn eller lösenord."));
    let (cookie, csrf) = app.login().await;
    assert!(cookie.starts_with("goda_session="));
    let queue = app
        .request("GET", "/admin", &[("cookie", &cookie)], "")
        .await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains("Inloggad som"));
    let out = app
        .post_as(&cookie, "/logout", &format!("csrf={csrf}"))
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(
        out.headers["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        app.request("GET", "/admin", &[("cookie", &cookie)], "")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn repeated_failed_logins_are_slowed_and_then_refused() {
    let app = app();
    let csrf = app.csrf().await;
    for _ in 0..goda_max_failed() {
        let r = app
            .post_form_raw(
                "/login",
                &format!("csrf={csrf}&name=anna&password=gissning+nummer+ett"),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let body = format!("csrf={csrf}&name=anna&password=ett+l%C3%A5ngt+l%C3%B6senord");
    let refused = app.post_form_raw("/login", &body, Some(&csrf)).await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password is refused for a while"
    );
    assert!(refused.body.contains("För många misslyckade inloggningar"));
}

fn goda_max_failed() -> u32 {
    5
}

#[tokio::test]
async fn the_queue_lists_submissions_oldest_first_with_similar_examples_and_invalid_files() {
    let app = app();
    let first = submit(&app, "Vi väger matsvinnet i Akalla").await;
    let second = submit(&app, "Vi väger matsvinnet i Akalla igen").await;
    let (cookie, _) = app.login().await;
    let page = app
        .request("GET", "/admin", &[("cookie", &cookie)], "")
        .await;
    assert!(
        page.body.find(&first).unwrap() < page.body.find(&second).unwrap(),
        "oldest first"
    );
    assert!(
        page.body.contains("/exempel/matsvinn-skolkok"),
        "a similar published example is shown"
    );
    assert!(
        page.body.contains("trasig-fil.md:1: fälten överst saknas"),
        "invalid corpus files are listed"
    );
}

#[tokio::test]
async fn publishing_makes_an_example_public_at_once_and_archiving_removes_it() {
    let app = app();
    let id = submit(&app, "Vi väger matsvinnet i Akalla").await;
    let (cookie, csrf) = app.login().await;
    let asked = app
        .post_as(
            &cookie,
            &format!("/admin/exempel/{id}/status"),
            &format!("csrf={csrf}&status=published"),
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "publishing asks first");
    assert!(asked.body.contains("Vill du publicera exemplet?"));
    assert!(asked.body.contains("Ja, publicera exemplet"));
    assert_eq!(
        app.get(&format!("/exempel/{id}")).await.status,
        StatusCode::NOT_FOUND,
        "nothing is public before the confirmation"
    );
    let r = app
        .post_as(
            &cookie,
            &format!("/admin/exempel/{id}/status"),
            &format!("csrf={csrf}&status=published&confirm=ja"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.get(&format!("/exempel/{id}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/search?q=akalla").await.json()["hits"][0]["id"],
        id.as_str()
    );
    let asked = app
        .post_as(
            &cookie,
            &format!("/admin/exempel/{id}/status"),
            &format!("csrf={csrf}&status=archived"),
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "archiving asks first");
    assert!(asked.body.contains("Vill du arkivera exemplet?"));
    assert!(asked.body.contains(r#"name="confirm" value="ja""#));
    assert_eq!(
        app.get(&format!("/exempel/{id}")).await.status,
        StatusCode::OK,
        "nothing changed before the confirmation"
    );
    let r = app
        .post_as(
            &cookie,
            &format!("/admin/exempel/{id}/status"),
            &format!("csrf={csrf}&status=archived&confirm=ja"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&format!("/exempel/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/api/search?q=akalla").await.json()["total"], 0);
    let review = app
        .request(
            "GET",
            &format!("/admin/exempel/{id}"),
            &[("cookie", &cookie)],
            "",
        )
        .await;
    assert!(
        review.body.contains("<td>anna</td>"),
        "who changed it is recorded"
    );
    assert!(review.body.contains("<td>Arkiverat</td>"));
}

#[tokio::test]
async fn requesting_changes_needs_a_comment_that_the_unit_sees() {
    let app = app();
    let draft = serde_json::json!({
        "title": "Lärcaféer", "summary": "S.", "unit": "U", "organisation": "O", "area": "skola",
        "focus_areas": ["metoder"], "maturity": "pilot", "year": 2026, "body": "Text"
    });
    let receipt = app
        .post_json("/api/examples", &draft.to_string())
        .await
        .json();
    let (id, link) = (
        receipt["id"].as_str().unwrap().to_owned(),
        receipt["edit_url"].as_str().unwrap().to_owned(),
    );
    let (cookie, csrf) = app.login().await;
    let missing = app
        .post_as(
            &cookie,
            &format!("/admin/exempel/{id}/status"),
            &format!("csrf={csrf}&status=changes_requested"),
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("Skriv en kommentar till enheten"));
    let body = format!("csrf={csrf}&status=changes_requested&comment=L%C3%A4gg+till+resultaten.");
    assert_eq!(
        app.post_as(&cookie, &format!("/admin/exempel/{id}/status"), &body)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let unit_page = app.get(&link).await;
    assert!(unit_page.body.contains("Lägg till resultaten."));
    assert!(unit_page.body.contains("Redaktionen ber dig ändra något."));
    let forged = app
        .post_as(
            &cookie,
            &format!("/admin/exempel/{id}/status"),
            "csrf=fel&status=published&confirm=ja",
        )
        .await;
    assert_eq!(
        forged.status,
        StatusCode::FORBIDDEN,
        "a status change needs the CSRF token"
    );
}

#[tokio::test]
async fn an_organiser_edits_any_field_and_a_published_edit_is_searchable() {
    let app = app();
    let (cookie, csrf) = app.login().await;
    let page = app
        .request(
            "GET",
            "/admin/exempel/matsvinn-skolkok/redigera",
            &[("cookie", &cookie)],
            "",
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"Mindre matsvinn i skolköket\""));
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("csrf", csrf.as_str()),
        ("title", "Mindre matsvinn med giraffer"),
        ("summary", "S."),
        ("unit", "U"),
        ("organisation", "O"),
        ("area", "skola"),
        ("focus_areas", "metoder"),
        ("maturity", "infort"),
        ("year", "2024"),
        ("body", "Text"),
    ] {
        form.append_pair(k, v);
    }
    let r = app
        .post_as(
            &cookie,
            "/admin/exempel/matsvinn-skolkok/redigera",
            &form.finish(),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.get("/api/search?q=giraffer").await.json()["hits"][0]["id"],
        "matsvinn-skolkok"
    );
}

#[tokio::test]
async fn the_admin_api_works_with_a_bearer_token() {
    let app = app();
    let id = submit(&app, "Vi väger matsvinnet i Akalla").await;
    let bearer = format!("Bearer {}", app.api_token());
    let auth = [
        ("authorization", bearer.as_str()),
        ("content-type", "application/json"),
    ];
    let queue = app
        .request("GET", "/api/admin/queue", &auth, "")
        .await
        .json();
    let queued: Vec<&serde_json::Value> = queue["queue"].as_array().unwrap().iter().collect();
    assert_eq!(
        queued[0]["id"], "inskickat-utkast",
        "the oldest submission comes first"
    );
    let mine = queued
        .iter()
        .find(|q| q["id"] == id.as_str())
        .expect("the new submission is queued");
    assert!(!mine["similar"].as_array().unwrap().is_empty());
    let bad = app
        .request(
            "POST",
            &format!("/api/admin/examples/{id}/status"),
            &auth,
            r#"{"status": "rejected"}"#,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["errors"][0]["field"], "comment");
    let not_allowed = app
        .request(
            "POST",
            "/api/admin/examples/matsvinn-skolkok/status",
            &auth,
            r#"{"status": "rejected", "comment": "x"}"#,
        )
        .await;
    assert_eq!(not_allowed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(not_allowed.json()["errors"][0]["field"], "status");
    let ok = app
        .request(
            "POST",
            &format!("/api/admin/examples/{id}/status"),
            &auth,
            r#"{"status": "published"}"#,
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.json()["status"], "published");
    assert_eq!(
        app.get(&format!("/api/examples/{id}")).await.status,
        StatusCode::OK
    );
    let unknown = app
        .request(
            "POST",
            "/api/admin/examples/finns-inte/status",
            &auth,
            r#"{"status": "published"}"#,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let edit = serde_json::json!({"title": "Ny rubrik om giraffer", "summary": "S.", "unit": "U", "organisation": "O",
        "area": "skola", "focus_areas": ["metoder"], "maturity": "pilot", "year": 2026, "body": "Text"});
    let replacing: Vec<(&str, &str)> = auth.iter().copied().chain([("if-match", "*")]).collect();
    let put = app
        .request(
            "PUT",
            &format!("/api/admin/examples/{id}"),
            &replacing,
            &edit.to_string(),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    assert_eq!(
        app.get("/api/search?q=giraffer").await.json()["hits"][0]["id"],
        id.as_str()
    );
    let invalid = app
        .request(
            "PUT",
            &format!("/api/admin/examples/{id}"),
            &replacing,
            r#"{"title": " "}"#,
        )
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_atom_feed_lists_the_newest_published_examples() {
    let r = app().get("/flode.atom").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("application/atom+xml"));
    let feed: atom_syndication::Feed = r.body.parse().expect("valid Atom");
    assert_eq!(feed.entries().len(), 9);
    assert!(
        feed.entries()[0].links()[0]
            .href()
            .ends_with("/exempel/sakerhet-test"),
        "newest first"
    );
    assert!(!r.body.contains("zebra"), "unpublished examples stay out");
}

#[tokio::test]
async fn submissions_are_rate_limited_per_address() {
    let app = app_with_limit(&fixture_corpus(), 2);
    for i in 0..2 {
        submit(&app, &format!("Exempel nummer {i}")).await;
    }
    let draft = serde_json::json!({"title": "Ett till"}).to_string();
    let r = app.post_json("/api/examples", &draft).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.json()["error"], "too_many_requests");
    let form = app
        .post_form("/skicka", &[("title", "Ett till"), ("action", "submit")])
        .await;
    assert_eq!(form.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(form.body.contains("Vänta en minut och skicka igen"));
    assert!(
        form.body.contains("value=\"Ett till\""),
        "nothing typed is lost"
    );
}

#[tokio::test]
async fn the_review_page_chooses_no_status_and_says_a_saved_change_as_a_success() {
    let app = app();
    let id = submit(&app, "Vi väger matsvinnet i Akalla").await;
    let (cookie, csrf) = app.login().await;
    let page = app
        .request(
            "GET",
            &format!("/admin/exempel/{id}"),
            &[("cookie", &cookie)],
            "",
        )
        .await;
    assert!(page.body.contains(r#"name="status""#));
    assert!(
        !page.body.contains("checked"),
        "no status is chosen in advance"
    );
    let none = app
        .post_as(
            &cookie,
            &format!("/admin/exempel/{id}/status"),
            &format!("csrf={csrf}"),
        )
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("Välj en status."));
    let rejecting = app
        .post_as(
            &cookie,
            &format!("/admin/exempel/{id}/status"),
            &format!("csrf={csrf}&status=rejected&comment=Finns+redan"),
        )
        .await;
    assert!(rejecting.body.contains("Vill du avböja exemplet?"));
    assert!(
        rejecting
            .body
            .contains(r#"name="comment" value="Finns redan""#)
    );
    let published = app
        .post_as(
            &cookie,
            &format!("/admin/exempel/{id}/status"),
            &format!("csrf={csrf}&status=published&confirm=ja"),
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "publishing needs no second step"
    );
    let saved = app
        .request(
            "GET",
            &format!("/admin/exempel/{id}?sparat=1"),
            &[("cookie", &cookie)],
            "",
        )
        .await;
    assert!(
        saved
            .body
            .contains(r#"class="notice success" role="status""#)
    );
}

#[tokio::test]
async fn organisers_list_every_example_by_status_area_organisation_and_words() {
    let app = app();
    let id = submit(&app, "Vi väger matsvinnet i Akalla").await;
    assert_eq!(
        app.get("/admin/exempel").await.status,
        StatusCode::SEE_OTHER,
        "organisers only"
    );
    let (cookie, _) = app.login().await;
    let list = |query: &str| {
        let path = format!("/admin/exempel{query}");
        let cookie = cookie.clone();
        let app = &app;
        async move {
            app.request("GET", &path, &[("cookie", &cookie)], "")
                .await
                .body
        }
    };
    let all = list("").await;
    assert!(
        all.contains(&format!("/admin/exempel/{id}")),
        "a submission is listed"
    );
    assert!(
        all.contains("/admin/exempel/arkiverat"),
        "so is an archived example"
    );
    let submitted = list("?status=submitted").await;
    assert!(submitted.contains(&id) && !submitted.contains("/admin/exempel/arkiverat"));
    let words = list("?q=AKALLA").await;
    assert!(words.contains(&id) && !words.contains("/admin/exempel/matsvinn-skolkok"));
    let nothing = list("?area=aldreomsorg&q=akalla").await;
    assert!(nothing.contains("0 exempel"));
    let odd = list("?status=nonsens&sida=abc").await;
    assert!(
        odd.contains("/admin/exempel/arkiverat"),
        "unknown values filter nothing"
    );
}

#[tokio::test]
async fn an_example_page_leads_back_to_the_search_it_came_from_and_offers_organisers_an_edit() {
    let app = app();
    let from_search = app
        .request(
            "GET",
            "/exempel/matsvinn-skolkok",
            &[("referer", "http://127.0.0.1:3000/sok?q=matsvinn&area=skola")],
            "",
        )
        .await;
    assert!(
        from_search
            .body
            .contains(r#"href="/sok?q=matsvinn&amp;area=skola""#)
    );
    assert!(!from_search.body.contains("Redigera"));
    let elsewhere = app
        .request(
            "GET",
            "/exempel/matsvinn-skolkok",
            &[("referer", "https://evil.example/sok?q=x")],
            "",
        )
        .await;
    assert!(elsewhere.body.contains(r#"href="/sok">← Till sökningen"#));
    let (cookie, _) = app.login().await;
    let organiser = app
        .request(
            "GET",
            "/exempel/matsvinn-skolkok",
            &[("cookie", &cookie)],
            "",
        )
        .await;
    assert!(
        organiser
            .body
            .contains(r#"href="/admin/exempel/matsvinn-skolkok/redigera""#)
    );
}

#[tokio::test]
async fn a_unit_whose_example_was_reviewed_while_it_wrote_keeps_what_it_typed() {
    let app = app();
    let receipt = app
        .post_json(
            "/api/examples",
            &serde_json::json!({
                "title": "Lärcaféer", "summary": "S.", "unit": "U", "organisation": "O", "area": "skola",
                "focus_areas": ["metoder"], "maturity": "pilot", "year": 2026, "body": "Text"
            })
            .to_string(),
        )
        .await
        .json();
    let (id, link) = (
        receipt["id"].as_str().unwrap().to_owned(),
        receipt["edit_url"].as_str().unwrap().to_owned(),
    );
    let key = link.split("nyckel=").nth(1).unwrap().to_owned();
    // The unit opens its form (with the revision it is written on) before the review.
    let form = app.get(&link).await;
    let revision = crate::support::revision_in(&form.body);
    let (cookie, admin_csrf) = app.login().await;
    let published = app
        .post_as(
            &cookie,
            &format!("/admin/exempel/{id}/status"),
            &format!("csrf={admin_csrf}&status=published&confirm=ja"),
        )
        .await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    let pairs = [
        ("nyckel", key.as_str()),
        ("revision", revision.as_str()),
        ("title", "Lärcaféer"),
        ("summary", "S."),
        ("unit", "U"),
        ("organisation", "O"),
        ("area", "skola"),
        ("focus_areas", "metoder"),
        ("maturity", "pilot"),
        ("year", "2026"),
        ("body", "Ett nytt stycke som enheten skrev"),
        ("action", "submit"),
    ];
    let r = app.post_form(&format!("/redigera/{id}"), &pairs).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body.contains("Ett nytt stycke som enheten skrev"),
        "what was typed is kept"
    );
    // Published meanwhile: the unit's save on the older revision is refused, and the page
    // shows the version stored now beside what it typed.
    assert!(
        r.body.contains("Någon annan har sparat exemplet"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_change_posted_after_the_session_ended_keeps_what_was_typed() {
    let app = app();
    let r = app
        .post_form_raw(
            "/admin/exempel/matsvinn-skolkok/redigera",
            "csrf=x&revision=abc&title=En+ny+rubrik+som+inte+f%C3%A5r+f%C3%B6rsvinna&body=Hela+texten",
            Some("x"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("Du har blivit utloggad"));
    assert!(r.body.contains("En ny rubrik som inte får försvinna"));
    assert!(r.body.contains("Hela texten"));
    assert!(
        !r.body.contains(">abc<"),
        "the page's machinery is left out"
    );
    assert!(
        r.body
            .contains("/login?next=%2Fadmin%2Fexempel%2Fmatsvinn-skolkok%2Fredigera")
    );
    let file = std::fs::read_to_string(app.corpus.path().join("matsvinn-skolkok.md")).unwrap();
    assert!(!file.contains("En ny rubrik"), "nothing was saved");
}

#[tokio::test]
async fn a_confirmation_is_asked_only_for_a_change_that_could_be_made_on_the_revision_reviewed() {
    let app = app();
    let id = submit(&app, "Vi väger matsvinnet i Akalla").await;
    let (cookie, csrf) = app.login().await;
    let status = |body: String| {
        let cookie = cookie.clone();
        let app = &app;
        let uri = format!("/admin/exempel/{id}/status");
        async move { app.post_as(&cookie, &uri, &body).await }
    };
    let stale = status(format!(
        "csrf={csrf}&revision=deadbeef&status=rejected&comment=nej"
    ))
    .await;
    assert_eq!(
        stale.status,
        StatusCode::CONFLICT,
        "a stale page is told, not asked"
    );
    let not_allowed = status(format!("csrf={csrf}&status=archived")).await;
    assert_eq!(
        not_allowed.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a submission cannot be archived"
    );
    assert!(!not_allowed.body.contains("Vill du arkivera"));
    let long = "a".repeat(2_001);
    let too_long = status(format!(
        "csrf={csrf}&status=changes_requested&comment={long}"
    ))
    .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.body.contains("Kommentaren är för lång"));
    let list = app
        .request("GET", "/admin/exempel?sida=999", &[("cookie", &cookie)], "")
        .await;
    assert!(
        !list.body.contains("sida 999"),
        "a page past the end shows the last"
    );
}

#[tokio::test]
async fn the_session_warnings_button_keeps_the_session_and_needs_a_login() {
    let app = app();
    let anonymous = app.get("/admin/session").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    let (cookie, _) = app.login().await;
    let kept = app
        .request("GET", "/admin/session", &[("cookie", &cookie)], "")
        .await;
    assert_eq!(kept.status, StatusCode::NO_CONTENT);
    assert_eq!(kept.headers["cache-control"], "no-store");
    let script = include_str!("../../src/views/suggest.js");
    assert!(script.contains("Fortsätt vara inloggad") && script.contains("/admin/session"));
}

#[tokio::test]
async fn an_organiser_chooses_how_to_hear_of_new_submissions() {
    let app = app();
    let (cookie, csrf) = app.login().await;
    let as_organiser = [("cookie", cookie.as_str())];
    let config_before = std::fs::read_to_string(&app.config).unwrap();
    let page = app.request("GET", "/admin/konto", &as_organiser, "").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("E-post för varje exempel som skickas in")
    );

    let bad = app
        .post_as(
            &cookie,
            "/admin/konto",
            &format!("csrf={csrf}&email=anna%40stockholm&notices=daily"),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("E-postadress: skriv en hel adress"));
    assert!(
        bad.body.contains(r#"value="anna@stockholm""#),
        "what was typed stays"
    );
    let none = app
        .post_as(
            &cookie,
            "/admin/konto",
            &format!("csrf={csrf}&email=&notices=daily"),
        )
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = app
        .post_as(
            &cookie,
            "/admin/konto",
            &format!("csrf={csrf}&email=anna%40stockholm.se&notices=varje-timme"),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let forged = app
        .post_as(
            &cookie,
            "/admin/konto",
            "csrf=fel&email=anna%40stockholm.se&notices=never",
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let saved = app
        .post_as(
            &cookie,
            "/admin/konto",
            &format!("csrf={csrf}&email=anna%40stockholm.se&notices=daily"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        std::fs::read_to_string(&app.config).unwrap(),
        config_before,
        "the operator's config file is not touched"
    );
    let config = goda::config::Config::load(&app.config).unwrap();
    let choices = goda::config::NoticeChoices::load(app.corpus.path());
    assert_eq!(config.digest_recipients(&choices), ["anna@stockholm.se"]);
    assert!(
        config.notified(&choices).is_empty(),
        "no mail per submission"
    );
    let page = app
        .request("GET", "/admin/konto?sparat=1", &as_organiser, "")
        .await;
    assert!(page.body.contains("Dina val är sparade."));
    assert!(page.body.contains(r#"value="daily" checked"#));
}

#[tokio::test]
async fn organisers_edit_the_list_of_organisations_that_the_form_offers_and_names_follow() {
    let app = app();
    let (cookie, csrf) = app.login().await;
    let as_organiser = [("cookie", cookie.as_str())];
    let page = app
        .request("GET", "/admin/organisationer", &as_organiser, "")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Järva stadsdelsförvaltning; från 2023-07-01; bildades av Rinkeby-Kista")
    );
    let version = page
        .body
        .split(r#"name="version" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let encode = |text: &str| {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("csrf", &csrf)
            .append_pair("version", &version)
            .append_pair("organisationer", text)
            .finish()
    };

    // Every wrong line is named, and nothing is saved.
    let bad = app
        .post_as(
            &cookie,
            "/admin/organisationer",
            &encode("Bromma stadsdelsförvaltning\nJärva; från 2023-13-01\nbromma stadsdelsförvaltning\n"),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Rad 2: "), "{}", bad.body);
    assert!(
        bad.body
            .contains("Rad 3: bromma stadsdelsförvaltning står redan i listan")
    );
    let forged = app
        .post_as(
            &cookie,
            "/admin/organisationer",
            "csrf=fel&version=x&organisationer=A",
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let list = "Bromma stadsdelsförvaltning\nStockholm Business Region\nGamla förvaltningen; till 2019-12-31; blev Bromma\n";
    let saved = app
        .post_as(&cookie, "/admin/organisationer", &encode(list))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stale = app
        .post_as(
            &cookie,
            "/admin/organisationer",
            &encode("Bromma stadsdelsförvaltning\n"),
        )
        .await;
    assert_eq!(
        stale.status,
        StatusCode::CONFLICT,
        "a save on an old version"
    );
    assert!(stale.body.contains("Någon annan har sparat listan"));
    let page = app
        .request("GET", "/admin/organisationer?sparat", &as_organiser, "")
        .await;
    assert!(page.body.contains("Listan är sparad."));
    assert!(
        page.body.contains("Stockholm Business Region"),
        "the history and the text"
    );
    assert!(
        std::fs::read_to_string(app.corpus.path().join("organisationer.toml"))
            .unwrap()
            .contains("name = \"Stockholm Business Region\"")
    );

    // The form offers what exists today; a name typed another way is stored as the list
    // writes it.
    let form = app.get("/skicka").await;
    assert!(
        form.body
            .contains(r#"<option value="Stockholm Business Region">"#)
    );
    assert!(
        !form
            .body
            .contains(r#"<option value="Gamla förvaltningen">"#)
    );
    assert!(
        !form
            .body
            .contains(r#"<option value="Järva stadsdelsförvaltning">"#)
    );
    let draft = serde_json::json!({"title": "Företagslotsar för nya företag", "summary": "En väg in.",
        "unit": "Företagslotsarna", "organisation": "stockholm business region", "area": "stadsmiljo",
        "focus_areas": ["dialog"], "maturity": "pilot", "year": 2026,
        "body": "## Bakgrund och utmaning\n\nFöretag visste inte vart de skulle vända sig."});
    let r = app.post_json("/api/examples", &draft.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let stored = std::fs::read_to_string(app.corpus.path().join(format!("{id}.md"))).unwrap();
    assert!(
        stored.contains("organisation = \"Stockholm Business Region\""),
        "{stored}"
    );
}
