//! Examples that spread: adoption reports ("Vi har infört detta"), award history and review
//! dates, through the pages and the API of an app over a copy of the bundled corpus.

use axum::http::StatusCode;

use crate::support::{TestApp, app_for, bundled_corpus, copy_corpus};

/// A published example of the bundled corpus that nobody has reported adopting.
const EXAMPLE: &str = "klarsprak-i-beslutsmallar-farsta";

fn report(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = [
        ("unit", "Socialtjänsten i Spånga"),
        ("organisation", "Spånga-Tensta stadsdelsförvaltning"),
        ("area", "socialtjanst"),
        ("since", "2026-02"),
        ("stage", "infort"),
        (
            "text",
            "Vi skrev om våra beslutsmallar med samma checklista.",
        ),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (k, v) in pairs {
        all.retain(|(key, _)| key != k);
        all.push(((*k).to_owned(), (*v).to_owned()));
    }
    all
}

async fn post_report(
    app: &TestApp,
    example: &str,
    pairs: &[(String, String)],
) -> crate::support::Reply {
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_form(&format!("/exempel/{example}/infort"), &borrowed)
        .await
}

fn location(r: &crate::support::Reply) -> String {
    r.headers["location"].to_str().unwrap().to_owned()
}

async fn hits_of(app: &TestApp, query: &str) -> serde_json::Value {
    let r = app.get(&format!("/api/search?{query}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

fn ids(json: &serde_json::Value) -> Vec<String> {
    json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_report_with_bad_fields_names_each_in_swedish_and_keeps_what_was_typed() {
    let app = app_for(&bundled_corpus());
    let long = "å".repeat(1001);
    let r = post_report(
        &app,
        EXAMPLE,
        &report(&[
            ("unit", ""),
            ("since", "2099-01"),
            ("stage", "slutat"),
            ("text", &long),
            ("contact_email", "inte-en-adress"),
        ]),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Enhetens namn saknas",
        "2099-01 ligger i framtiden",
        "skälet saknas",
        "1001 tecken; högst 1000",
        "ingen e-postadress",
    ] {
        assert!(r.body.contains(message), "{message} missing");
    }
    assert!(
        r.body.contains("Spånga-Tensta stadsdelsförvaltning"),
        "typed kept"
    );
    assert!(
        r.body
            .contains("<title>Fel i formuläret: 5 saker att rätta")
    );
    // An unknown example, an example that is not published, a bad id: not found.
    for missing in ["finns-inte", "..%2Fetc", "x".repeat(300).as_str()] {
        let r = post_report(&app, missing, &report(&[])).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{missing}");
    }
    // A forged form stores nothing and keeps the text.
    let r = app
        .post_form_raw(
            &format!("/exempel/{EXAMPLE}/infort"),
            "csrf=fel&unit=Eken&text=Det+vi+skrev",
            Some("annan"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Det vi skrev"));
    assert!(!app.corpus.path().join("spridning").join(EXAMPLE).exists());
}

#[tokio::test]
async fn an_approved_adoption_shows_on_the_page_in_the_counts_the_sort_the_filter_and_the_feed() {
    let app = app_for(&bundled_corpus());
    let before = hits_of(&app, "spread=1&per_page=100").await;
    assert!(!ids(&before).contains(&EXAMPLE.to_owned()));
    let r = post_report(&app, EXAMPLE, &report(&[("contact_name", "Mona Berg")])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let private = location(&r);
    assert!(
        private.starts_with(&format!("/exempel/{EXAMPLE}/infort/1?nyckel=")),
        "{private}"
    );
    let page = app.get(&private).await;
    assert!(page.body.contains("Väntar på granskning"), "{}", page.body);
    // Not shown before an organiser approves it.
    let example = app.get(&format!("/exempel/{EXAMPLE}")).await;
    assert!(!example.body.contains("Socialtjänsten i Spånga"));
    // A wrong key opens nothing.
    let wrong = app
        .get(&format!("/exempel/{EXAMPLE}/infort/1?nyckel=fel"))
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);

    let (cookie, csrf) = app.login().await;
    let queue = app
        .request("GET", "/admin/spridning", &[("cookie", &cookie)], "")
        .await;
    assert!(
        queue.body.contains("Socialtjänsten i Spånga"),
        "{}",
        queue.body
    );
    let revision = queue
        .body
        .split("name=\"revision\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    // Anonymous decisions are refused.
    let anonymous = app
        .post_form(
            &format!("/admin/spridning/{EXAMPLE}/1"),
            &[("status", "published")],
        )
        .await;
    assert_ne!(anonymous.status, StatusCode::SEE_OTHER);
    let decided = app
        .post_as(
            &cookie,
            &format!("/admin/spridning/{EXAMPLE}/1"),
            &format!("csrf={csrf}&status=published&revision={revision}&comment=Tack"),
        )
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);

    let example = app.get(&format!("/exempel/{EXAMPLE}")).await;
    assert!(example.body.contains("Infört av 1 enhet"));
    assert!(example.body.contains("Socialtjänsten i Spånga"));
    assert!(example.body.contains("Mona Berg"));
    let spread = hits_of(&app, "spread=1&per_page=100").await;
    assert!(ids(&spread).contains(&EXAMPLE.to_owned()));
    assert_eq!(
        spread["total"].as_u64().unwrap(),
        before["total"].as_u64().unwrap() + 1
    );
    let hit = hits_of(&app, "q=klarspr%C3%A5k").await["hits"][0].clone();
    assert_eq!(hit["id"], EXAMPLE);
    assert_eq!(hit["adoptions"], 1);
    // "Mest spridda": the bundled example with three adoptions first, then those with one.
    let sorted = ids(&hits_of(&app, "sort=spread&per_page=10").await);
    assert_eq!(sorted[0], "digital-nattillsyn-hemtjansten-farsta");
    assert!(sorted[..6].contains(&EXAMPLE.to_owned()), "{sorted:?}");
    let feed = app.get("/infort.atom").await;
    assert!(feed.content_type.starts_with("application/atom+xml"));
    assert!(feed.body.contains("Socialtjänsten i Spånga har infört"));
    // The unit's comment from the organiser shows on its private page.
    let page = app.get(&private).await;
    assert!(page.body.contains("Tack"));

    // A change by the unit sends the report back to review: off the page until approved.
    let key = private
        .split("nyckel=")
        .nth(1)
        .and_then(|k| k.split('&').next())
        .unwrap()
        .to_owned();
    let mut pairs = report(&[("text", "Vi ändrade också mallen för avslag.")]);
    pairs.push(("nyckel".into(), key));
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let edited = app
        .post_form(&format!("/exempel/{EXAMPLE}/infort/1"), &borrowed)
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);
    let example = app.get(&format!("/exempel/{EXAMPLE}")).await;
    assert!(!example.body.contains("Socialtjänsten i Spånga"));
}

#[tokio::test]
async fn the_api_takes_reports_names_bad_fields_and_lets_organisers_decide() {
    let app = app_for(&bundled_corpus());
    let uri = format!("/api/examples/{EXAMPLE}/adoptions");
    let bad = serde_json::json!({
        "unit": "Eken", "organisation": "X", "area": "skog", "since": "2025-13",
        "stage": "infort", "text": "", "title": "x"
    });
    let r = app.post_json(&uri, &bad.to_string()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields: Vec<String> = r.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    fields.sort();
    assert_eq!(fields, ["area", "since", "text", "title"]);
    assert_eq!(
        app.post_json(&uri, "[1]").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.post_json("/api/examples/finns-inte/adoptions", "{}")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let good = serde_json::json!({
        "unit": "Eken", "organisation": "Farsta stadsdelsförvaltning", "area": "administration",
        "since": "2025-11", "stage": "provar", "text": "Vi provar mallarna."
    });
    let r = app.post_json(&uri, &good.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["status"], "submitted");
    assert!(
        app.get(&uri).await.json()["adoptions"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        app.get("/api/admin/adoptions").await.status,
        StatusCode::UNAUTHORIZED
    );
    let token = app.api_token();
    let auth = format!("Bearer {token}");
    let waiting = app
        .request(
            "GET",
            "/api/admin/adoptions",
            &[("authorization", &auth)],
            "",
        )
        .await
        .json();
    assert_eq!(waiting["waiting"][0]["unit"], "Eken");
    let decide = format!("/api/admin/adoptions/{EXAMPLE}/1/status");
    let headers = [
        ("authorization", auth.as_str()),
        ("content-type", "application/json"),
    ];
    let archived = app
        .request("POST", &decide, &headers, r#"{"status":"archived"}"#)
        .await;
    assert_eq!(archived.status, StatusCode::UNPROCESSABLE_ENTITY);
    let stale = app
        .request(
            "POST",
            &decide,
            &headers,
            r#"{"status":"published","revision":"0"}"#,
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let ok = app
        .request("POST", &decide, &headers, r#"{"status":"published"}"#)
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let again = app
        .request("POST", &decide, &headers, r#"{"status":"published"}"#)
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    let listed = app.get(&uri).await.json();
    assert_eq!(listed["adoptions"][0]["unit"], "Eken");
    assert!(listed["adoptions"][0].get("contact_email").is_none());
    let openapi = app.get("/api/openapi.json").await.body;
    assert!(openapi.contains("/api/examples/{id}/adoptions"));
    assert!(openapi.contains("/api/admin/adoptions/{id}/{number}/status"));
}

#[tokio::test]
async fn awards_show_as_badges_on_their_pages_and_as_a_facet() {
    let app = app_for(&bundled_corpus());
    let list = app.get("/utmarkelser").await;
    for name in ["Kvalitetsutmärkelsen", "Förnyelsepriset", "Framsteget"] {
        assert!(list.body.contains(name), "{name}");
    }
    let page = app.get("/utmarkelser/kvalitetsutmarkelsen").await;
    assert!(
        page.body
            .contains("/exempel/uteforskola-skogsglantan-skarpnack")
    );
    assert_eq!(
        app.get("/utmarkelser/finns-inte").await.status,
        StatusCode::NOT_FOUND
    );
    let example = app.get("/exempel/uteforskola-skogsglantan-skarpnack").await;
    assert!(example.body.contains("Vinnare, Kvalitetsutmärkelsen 2025"));
    let framsteget = hits_of(&app, "award=framsteget&per_page=50").await;
    assert_eq!(framsteget["total"], 5);
    assert!(
        framsteget["hits"][0]["awards"][0]["name"]
            .as_str()
            .unwrap()
            .contains("Framsteget")
    );
    let facet = &hits_of(&app, "").await["facets"]["award"];
    let values: Vec<&str> = facet
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_str().unwrap())
        .collect();
    assert!(values.contains(&"fornyelsepriset"), "{values:?}");
    // Open data: the awards and the approved adoptions, without e-mail addresses.
    let awards = app.get("/oppna-data/utmarkelser.jsonl").await.body;
    assert_eq!(awards.lines().count(), 3);
    assert!(awards.contains("\"kvalitetsutmarkelsen\""));
    let adoptions = app.get("/oppna-data/infort.jsonl").await.body;
    assert_eq!(adoptions.lines().count(), 6);
    assert!(!adoptions.contains("contact_email"));
    let sok = app.get("/sok?award=kvalitetsutmarkelsen").await;
    assert!(sok.body.contains("Vinnare, Kvalitetsutmärkelsen"));
    assert_eq!(
        app.get("/sok?award=..%2Fx").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn organisers_record_awards_and_every_wrong_field_is_named() {
    let app = app_for(&bundled_corpus());
    let (cookie, csrf) = app.login().await;
    assert_ne!(
        app.get("/admin/utmarkelser").await.status,
        StatusCode::OK,
        "organisers only"
    );
    let form = app
        .request("GET", "/admin/utmarkelser/ny", &[("cookie", &cookie)], "")
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let bad = format!(
        "csrf={csrf}&name=Stadsdelspriset&given.0.year=2099&given.0.result=vinnare&given.0.examples={EXAMPLE}\
         &given.1.year=2024&given.1.result=segrare&given.1.examples={EXAMPLE}\
         &given.2.year=2024&given.2.result=finalist&given.2.examples=finns-inte"
    );
    let r = app.post_as(&cookie, "/admin/utmarkelser", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "2099 ligger i framtiden",
        "okänt resultat",
        "segrare",
        "inget exempel med id",
        "Resultat 1, år",
    ] {
        assert!(r.body.contains(message), "{message}");
    }
    let good = format!(
        "csrf={csrf}&name=Stadsdelspriset&description=Ett+pris&given.0.year=2024&given.0.category=Klarspr%C3%A5k&given.0.result=vinnare&given.0.examples={EXAMPLE}"
    );
    let r = app.post_as(&cookie, "/admin/utmarkelser", &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        app.corpus
            .path()
            .join("utmarkelser/stadsdelspriset.toml")
            .exists()
    );
    let example = app.get(&format!("/exempel/{EXAMPLE}")).await;
    assert!(example.body.contains("Vinnare, Stadsdelspriset 2024"));
    assert_eq!(hits_of(&app, "award=stadsdelspriset").await["total"], 1);
    // The same name again: refused, not overwritten.
    let again = app.post_as(&cookie, "/admin/utmarkelser", &good).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // A save on a stale revision is refused.
    let stale = format!("{good}&revision=0000");
    let r = app
        .post_as(&cookie, "/admin/utmarkelser/stadsdelspriset", &stale)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Någon annan har sparat"));
}

/// A copy of the bundled corpus with an example last confirmed in 2021, and its unit's key.
pub(crate) fn with_a_stale_example() -> (tempfile::TempDir, &'static str) {
    let dir = copy_corpus(&bundled_corpus());
    std::fs::write(
        dir.path().join("gamla-rutiner.md"),
        "+++\nid = \"gamla-rutiner\"\ntitle = \"Gamla rutiner för nyckelhantering\"\n\
         summary = \"Nycklar lämnas i ett skåp med kod.\"\nunit = \"Fastighetsgruppen\"\n\
         organisation = \"Serviceförvaltningen\"\narea = \"administration\"\n\
         focus_areas = [\"metoder\"]\nmaturity = \"infort\"\nyear = 2020\ntags = [\"nycklar\"]\n\
         contact_email = \"fastighet@stockholm.se\"\nstatus = \"published\"\n\
         created = 2020-03-01\nupdated = 2020-03-01\nreviewed = 2021-05-01\n+++\n\n\
         ## Bakgrund och utmaning\n\nNycklarna försvann.\n",
    )
    .unwrap();
    let key = "hemlig-nyckel-till-gamla-rutiner";
    std::fs::create_dir_all(dir.path().join(".review")).unwrap();
    let record = goda::submission::ReviewRecord {
        edit_token_sha256: goda::submission::token_hash(key),
        history: Vec::new(),
    };
    std::fs::write(
        dir.path().join(".review/gamla-rutiner.json"),
        serde_json::to_string(&record).unwrap(),
    )
    .unwrap();
    (dir, key)
}

#[tokio::test]
async fn a_due_example_is_flagged_listed_and_leaves_the_list_when_its_unit_confirms_it() {
    let (corpus, key) = with_a_stale_example();
    let app = app_for(corpus.path());
    let page = app.get("/exempel/gamla-rutiner").await;
    assert!(page.body.contains("Exemplet kan vara inaktuellt"));
    assert!(
        page.body
            .contains("Uppgifterna bekräftades senast 1 maj 2021")
    );
    let current = ids(&hits_of(&app, "q=nycklar&current=1").await);
    assert!(!current.contains(&"gamla-rutiner".to_owned()));
    assert!(ids(&hits_of(&app, "q=nycklar").await).contains(&"gamla-rutiner".to_owned()));
    let (cookie, csrf) = app.login().await;
    let list = app
        .request("GET", "/admin/oversyn", &[("cookie", &cookie)], "")
        .await;
    assert!(
        list.body.contains("/admin/exempel/gamla-rutiner"),
        "{}",
        list.body
    );

    let link = format!("/redigera/gamla-rutiner?nyckel={key}");
    let unit = app.get(&link).await;
    assert!(unit.body.contains("Fortfarande aktuellt"));
    assert!(unit.body.contains("uppdatera=1"));
    let update = app.get(&format!("{link}&uppdatera=1")).await;
    assert!(update.body.contains("Uppdatera exemplet"));
    // A confirmation with a forged form or a wrong key changes nothing.
    let forged = app
        .post_form_raw(
            "/redigera/gamla-rutiner/aktuellt",
            &format!("csrf=fel&nyckel={key}"),
            Some("annan"),
        )
        .await;
    assert!(location(&forged).contains("forlegad=1"));
    let wrong = app
        .post_form("/redigera/gamla-rutiner/aktuellt", &[("nyckel", "fel")])
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    let confirmed = app
        .post_form("/redigera/gamla-rutiner/aktuellt", &[("nyckel", key)])
        .await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    assert!(location(&confirmed).contains("bekraftat=1"));
    let page = app.get("/exempel/gamla-rutiner").await;
    assert!(!page.body.contains("Exemplet kan vara inaktuellt"));
    let list = app
        .request("GET", "/admin/oversyn", &[("cookie", &cookie)], "")
        .await;
    assert!(!list.body.contains("/admin/exempel/gamla-rutiner"));
    assert!(ids(&hits_of(&app, "q=nycklar&current=1").await).contains(&"gamla-rutiner".to_owned()));
    let _ = csrf;
}

#[test]
fn check_warns_about_due_examples_without_failing_and_fails_on_a_broken_award() {
    let (corpus, _) = with_a_stale_example();
    let check = |dir: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_goda"))
            .args(["check", "--corpus"])
            .arg(dir)
            .output()
            .unwrap()
    };
    let out = check(corpus.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("gamla-rutiner.md:1: varning: bekräftades senast 2021-05-01"),
        "{text}"
    );
    std::fs::write(
        corpus.path().join("utmarkelser/trasig.toml"),
        "name = \"Trasig\"\n\n[[given]]\nyear = 2024\nresult = \"vinnare\"\nexamples = [\"finns-inte\"]\n",
    )
    .unwrap();
    let out = check(corpus.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(
        text.contains("trasig.toml:6: det finns inget exempel med id \"finns-inte\""),
        "{text}"
    );
}

#[tokio::test]
async fn organisers_see_the_hint_spread_only_when_two_other_organisations_adopted_it() {
    let app = app_for(&bundled_corpus());
    let (cookie, _) = app.login().await;
    let get = |uri: String| {
        let cookie = cookie.clone();
        let app = &app;
        async move {
            app.request("GET", &uri, &[("cookie", &cookie)], "")
                .await
                .body
        }
    };
    // Two other organisations have it in use (a third only tries it).
    let spread = "digital-nattillsyn-hemtjansten-farsta";
    assert!(
        get(format!("/admin/exempel/{spread}/redigera"))
            .await
            .contains("Spritt till fler enheter?")
    );
    assert!(
        get(format!("/exempel/{spread}"))
            .await
            .contains("Till redaktionen:")
    );
    // One other unit: no hint; and never to visitors.
    let once = "walk-and-talk-ragsvedsparken";
    assert!(
        !get(format!("/admin/exempel/{once}/redigera"))
            .await
            .contains("Spritt till fler enheter?")
    );
    assert!(
        !app.get(&format!("/exempel/{spread}"))
            .await
            .body
            .contains("Till redaktionen:")
    );
}

#[tokio::test]
async fn a_units_update_of_its_published_example_waits_for_review_and_the_published_one_stays() {
    let (corpus, key) = with_a_stale_example();
    let app = app_for(corpus.path());
    let link = format!("/redigera/gamla-rutiner?nyckel={key}");
    let form = app.get(&format!("{link}&uppdatera=1")).await;
    let revision = crate::support::revision_in(&form.body);
    let pairs = [
        ("nyckel", key),
        ("revision", revision.as_str()),
        ("title", "Nya rutiner för nyckelhantering"),
        ("summary", "Nycklar lämnas i ett skåp med kod och loggas."),
        ("unit", "Fastighetsgruppen"),
        ("organisation", "Serviceförvaltningen"),
        ("area", "administration"),
        ("focus_areas", "metoder"),
        ("maturity", "infort"),
        ("year", "2020"),
        (
            "avsnitt_ovrigt",
            "## Bakgrund och utmaning\n\nNycklarna försvann, nu loggas de.",
        ),
        ("action", "submit"),
    ];
    let sent = app.post_form("/redigera/gamla-rutiner", &pairs).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert!(location(&sent).contains("uppdaterat=1"));
    // Readers still see the published version, and it is still due.
    let page = app.get("/exempel/gamla-rutiner").await;
    assert!(page.body.contains("Gamla rutiner för nyckelhantering"));
    assert!(page.body.contains("Exemplet kan vara inaktuellt"));
    let unit = app.get(&format!("{link}&uppdaterat=1")).await;
    assert!(
        unit.body
            .contains("Uppdateringen är skickad till redaktionen")
    );
    assert!(unit.body.contains("Er uppdatering väntar på granskning"));

    let (cookie, csrf) = app.login().await;
    let queue = app
        .request("GET", "/admin", &[("cookie", &cookie)], "")
        .await;
    assert!(
        queue
            .body
            .contains("/admin/exempel/gamla-rutiner/uppdatering")
    );
    let review = app
        .request(
            "GET",
            "/admin/exempel/gamla-rutiner/uppdatering",
            &[("cookie", &cookie)],
            "",
        )
        .await;
    assert!(review.body.contains("Nya rutiner för nyckelhantering"));
    // Declining needs a word to the unit; nothing changes without it.
    let declined = app
        .post_as(
            &cookie,
            "/admin/exempel/gamla-rutiner/uppdatering",
            &format!("csrf={csrf}&beslut=avboj"),
        )
        .await;
    assert_eq!(declined.status, StatusCode::UNPROCESSABLE_ENTITY);
    let anonymous = app
        .post_form(
            "/admin/exempel/gamla-rutiner/uppdatering",
            &[("beslut", "publicera")],
        )
        .await;
    assert_ne!(anonymous.status, StatusCode::SEE_OTHER);
    let published = app
        .post_as(
            &cookie,
            "/admin/exempel/gamla-rutiner/uppdatering",
            &format!("csrf={csrf}&beslut=publicera"),
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let page = app.get("/exempel/gamla-rutiner").await;
    assert!(page.body.contains("Nya rutiner för nyckelhantering"));
    assert!(
        !page.body.contains("Exemplet kan vara inaktuellt"),
        "published today: confirmed"
    );
    let hits = ids(&hits_of(&app, "q=loggas").await);
    assert!(
        hits.contains(&"gamla-rutiner".to_owned()),
        "searchable at once: {hits:?}"
    );
    assert_eq!(
        app.request(
            "GET",
            "/admin/exempel/gamla-rutiner/uppdatering",
            &[("cookie", &cookie)],
            ""
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn reports_of_an_example_that_is_no_longer_published_are_shown_nowhere() {
    let app = app_for(&bundled_corpus());
    let archived = "walk-and-talk-ragsvedsparken";
    assert!(
        app.get("/infort.atom")
            .await
            .body
            .contains("Trygghetssamordnarna Skärholmen")
    );
    let (cookie, csrf) = app.login().await;
    let r = app
        .post_as(
            &cookie,
            &format!("/admin/exempel/{archived}/status"),
            &format!("csrf={csrf}&status=archived&confirm=ja"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        !app.get("/infort.atom")
            .await
            .body
            .contains("Trygghetssamordnarna Skärholmen")
    );
    assert!(
        !app.get("/oppna-data/infort.jsonl")
            .await
            .body
            .contains(archived)
    );
    assert_eq!(
        app.get(&format!("/api/examples/{archived}/adoptions"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Its report cannot be approved again while the example is not published.
    let auth = format!("Bearer {}", app.api_token());
    let headers = [
        ("authorization", auth.as_str()),
        ("content-type", "application/json"),
    ];
    let decide = format!("/api/admin/adoptions/{archived}/1/status");
    let rejected = app
        .request("POST", &decide, &headers, r#"{"status":"rejected"}"#)
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.body);
    let again = app
        .request("POST", &decide, &headers, r#"{"status":"published"}"#)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    // Its award (Framsteget, nominerad 2024) is left out of the award's page and the open data.
    assert!(
        !app.get("/utmarkelser/framsteget")
            .await
            .body
            .contains(archived)
    );
    assert!(
        !app.get("/oppna-data/utmarkelser.jsonl")
            .await
            .body
            .contains(archived)
    );
}

#[tokio::test]
async fn the_current_facet_counts_without_being_chosen_and_the_report_form_keeps_its_revision() {
    let (corpus, _) = with_a_stale_example();
    let app = app_for(corpus.path());
    let all = hits_of(&app, "per_page=1").await;
    let current = all["facets"]["current"]["count"].as_u64().unwrap();
    let total = all["total"].as_u64().unwrap();
    assert!(current > 0 && current < total, "{current} of {total}");
    assert_eq!(
        hits_of(&app, "current=1").await["total"].as_u64().unwrap(),
        current
    );
    assert_eq!(
        all["facets"]["current"]["label"],
        "Bekräftade senaste två åren"
    );

    // A refused save keeps the revision the form was opened on: a later save is still
    // checked against it and cannot overwrite what someone saved meanwhile.
    let r = post_report(&app, EXAMPLE, &report(&[])).await;
    let private = location(&r);
    let key = private
        .split("nyckel=")
        .nth(1)
        .and_then(|k| k.split('&').next())
        .unwrap()
        .to_owned();
    let opened = app.get(&private).await;
    let revision = crate::support::revision_in(&opened.body);
    let edit = |text: &'static str| {
        let mut pairs = report(&[("text", text)]);
        pairs.push(("nyckel".into(), key.clone()));
        pairs.push(("revision".into(), revision.clone()));
        pairs
    };
    let post = |pairs: Vec<(String, String)>| {
        let app = &app;
        async move {
            let borrowed: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            app.post_form(&format!("/exempel/{EXAMPLE}/infort/1"), &borrowed)
                .await
        }
    };
    assert_eq!(
        post(edit("Flik B:s text")).await.status,
        StatusCode::SEE_OTHER
    );
    let refused = post(edit("")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains(&format!(r#"name="revision" value="{revision}""#))
    );
    let stale = post(edit("Flik A:s text")).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let stored = std::fs::read_to_string(
        app.corpus
            .path()
            .join(format!("spridning/{EXAMPLE}/1.toml")),
    )
    .unwrap();
    assert!(stored.contains("Flik B:s text"));
}

#[tokio::test]
async fn the_original_unit_sees_the_approved_reports_on_its_private_page() {
    let (corpus, key) = with_a_stale_example();
    let app = app_for(corpus.path());
    let r = post_report(
        &app,
        "gamla-rutiner",
        &report(&[("unit", "Fastighetsgruppen i Farsta")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let link = format!("/redigera/gamla-rutiner?nyckel={key}");
    assert!(
        !app.get(&link)
            .await
            .body
            .contains("Fastighetsgruppen i Farsta"),
        "not before approval"
    );
    let (cookie, csrf) = app.login().await;
    let decided = app
        .post_as(
            &cookie,
            "/admin/spridning/gamla-rutiner/1",
            &format!("csrf={csrf}&status=published"),
        )
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let page = app.get(&link).await.body;
    assert!(page.contains("Enheter som har provat eller infört exemplet"));
    assert!(page.contains("Fastighetsgruppen i Farsta"));
    // The queue keeps the decision in its history of recent decisions.
    let queue = app
        .request("GET", "/admin/spridning", &[("cookie", &cookie)], "")
        .await
        .body;
    assert!(queue.contains("Senast granskade"));
}
