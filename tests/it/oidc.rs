//! The city login end to end, with every component real: the site on a TCP port, the OpenID
//! provider `oidc-provider` (npm, `tests/browser/oidc-provider.mjs`), the SMTP server aiosmtpd,
//! and headless Chromium driving the pages (`tests/browser/city-login.mjs`).
//!
//! A unit submits and gets its receipt by mail; the organiser logs in at the provider, asks for
//! changes, and the unit gets the comment by mail, edits through its link, and is told by mail
//! when the organiser has published (after a confirmation), a mail that waits while the SMTP
//! server is down. A person the provider knows but who is not in the organisers' group is
//! refused, and an answer with a forged state logs no one in.
//!
//! Needs what `scripts/setup` installs: Node.js with `npm ci` in `tests/browser`, Chromium
//! and aiosmtpd.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::mail::{arrives, free_port, smtp_server};
use crate::support::{app_with, fixture_corpus};

fn browser_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// The provider's process, ended when dropped.
struct Provider(Child);

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The OpenID provider on `port`, sending people back to `redirect`.
fn provider(port: u16, redirect: &str) -> Provider {
    assert!(
        browser_dir().join("node_modules/oidc-provider").exists(),
        "oidc-provider is missing: run `scripts/setup` (or `npm ci --prefix tests/browser`)"
    );
    let child = Command::new("node")
        .current_dir(browser_dir())
        .arg("oidc-provider.mjs")
        .arg(port.to_string())
        .arg(redirect)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("node runs (scripts/setup installs it)");
    let started = Instant::now();
    let discovery = "/.well-known/openid-configuration";
    loop {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            let _ = write!(
                s,
                "GET {discovery} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            );
            let mut answer = String::new();
            let _ = s.read_to_string(&mut answer);
            if answer.starts_with("HTTP/1.1 200") {
                break;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the OpenID provider did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Provider(child)
}

/// One step of `city-login.mjs` in Chromium: its JSON line.
fn step(base: &str, state: &Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new("node")
        .current_dir(browser_dir())
        .arg("city-login.mjs")
        .arg(base)
        .arg(state)
        .args(args)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "step {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(line.trim()).unwrap_or_else(|e| panic!("{e}: {line}"))
}

/// The mails once one contains `needle` (waiting on a blocking thread).
async fn mail_with(mbox: &Path, needle: &str) -> String {
    let (mbox, needle) = (mbox.to_owned(), needle.to_owned());
    tokio::task::spawn_blocking(move || arrives(&mbox, &needle))
        .await
        .unwrap()
}

/// The axe-core violations a step found (none expected).
fn axe_clean(v: &serde_json::Value) {
    let found = v["axe"].as_array().expect("the step ran axe-core");
    assert!(found.is_empty(), "axe-core: {found:?}");
}

fn text(v: &serde_json::Value) -> &str {
    v["text"].as_str().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_and_an_organiser_with_the_city_login_review_an_example_by_mail() {
    let (smtp_port, provider_port) = (free_port(), free_port());
    let dir = tempfile::tempdir().unwrap();
    let mbox = dir.path().join("mbox");
    let state = dir.path().join("organiser.json");
    let mut smtp = Some(smtp_server(smtp_port, &mbox));

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let _provider = provider(provider_port, &format!("{base}/login/oidc/callback"));
    let app = app_with(
        &fixture_corpus(),
        goda::web::Settings {
            public_url: Some(base.clone()),
            mail: Some(goda::mail::MailSettings {
                server: "127.0.0.1".into(),
                port: smtp_port,
                security: goda::mail::Security::None,
                sender: "Goda exempel <goda-exempel@stockholm.example>".into(),
                username: None,
                retry_seconds: 1,
            }),
            oidc: Some(goda::config::OidcSettings {
                issuer: format!("http://127.0.0.1:{provider_port}"),
                client_id: "goda-exempel".into(),
                client_secret: Some("hemlig-nyckel".into()),
                organiser_claim: "groups".into(),
                organiser_value: "goda-exempel-redaktion".into(),
                name_claim: "preferred_username".into(),
                scopes: vec!["groups".into()],
            }),
            ..Default::default()
        },
    );
    let outbox = goda::mail::Outbox::new(app.corpus.path().join(goda::mail::OUTBOX_DIR));
    let router = app.router.clone();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let run = |args: Vec<String>| {
        let (base, state) = (base.clone(), state.clone());
        async move {
            tokio::task::spawn_blocking(move || {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                step(&base, &state, &args)
            })
            .await
            .unwrap()
        }
    };
    let owned = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();

    // The unit submits and its receipt brings the private link.
    let sent = run(owned(&["submit"])).await;
    assert!(
        text(&sent).contains("Tack! Exemplet är inskickat."),
        "{sent}"
    );
    let receipt = mail_with(&mbox, "Vi har tagit emot ert exempel").await;
    let private = receipt
        .split_whitespace()
        .find(|w| w.starts_with(&format!("{base}/redigera/")))
        .unwrap_or_else(|| panic!("the receipt has the full private link: {receipt}"))
        .to_owned();
    let id = private
        .split("/redigera/")
        .nth(1)
        .and_then(|rest| rest.split('?').next())
        .expect("the private link names the example")
        .to_owned();
    assert!(
        sent["url"]
            .as_str()
            .unwrap()
            .contains(&format!("/redigera/{id}")),
        "the unit is shown its private page: {sent}"
    );

    // Someone the provider knows, but not in the organisers' group, is refused.
    let refused = run(owned(&["login", "olle"])).await;
    assert!(
        text(&refused).contains("inte redaktör för Goda exempel"),
        "{refused}"
    );
    axe_clean(&refused);
    let _ = std::fs::remove_file(&state);

    // The organiser logs in at the provider and lands on the review queue.
    let login = run(owned(&["login", "anna"])).await;
    assert_eq!(login["url"], format!("{base}/admin"), "{login}");
    assert!(text(&login).contains("Inloggad som anna"), "{login}");
    axe_clean(&login);

    // Changes asked for: the unit gets the comment by mail.
    let comment = "Berätta gärna hur många pedagoger som var med.";
    let asked = run(owned(&["review", &id, "Begär ändringar", comment])).await;
    assert!(
        asked["question"].is_null(),
        "no confirmation for changes: {asked}"
    );
    let mail = mail_with(&mbox, comment).await;
    assert!(mail.contains("To: ugglan@stockholm.example"));

    // The unit edits through the link of its mail and sends the example in again.
    let edited = run(owned(&["edit", &private])).await;
    assert!(
        !text(&edited).contains("Rätta"),
        "the edit was accepted: {edited}"
    );

    // The SMTP server is down while the organiser publishes, after a confirmation: the
    // notice waits in the outbox and arrives once the server is back.
    drop(smtp.take());
    let published = run(owned(&["review", &id, "Publicera"])).await;
    assert_eq!(
        published["question"], "Vill du publicera exemplet?",
        "{published}"
    );
    let shown = app.get(&format!("/exempel/{id}")).await;
    assert_eq!(shown.status, axum::http::StatusCode::OK);
    let started = Instant::now();
    while outbox.is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no notice was queued"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(outbox.len(), 1, "the notice waits while the server is down");
    let _back = smtp_server(smtp_port, &mbox);
    let notice = mail_with(&mbox, "är publicerat och syns nu för alla").await;
    assert!(notice.contains("To: ugglan@stockholm.example"));

    // An answer that comes back with another state than the login was sent with logs no one
    // in.
    let _ = std::fs::remove_file(&state);
    let forged = run(owned(&["forged"])).await;
    assert_eq!(forged["status"], 400, "{forged}");
    assert!(
        text(&forged).contains("Inloggningen kunde inte slutföras"),
        "{forged}"
    );
    assert_eq!(forged["admin"], "/login", "{forged}");
    axe_clean(&forged);
}

/// The city login's settings for a provider at `issuer`.
fn city(issuer: &str) -> goda::config::OidcSettings {
    goda::config::OidcSettings {
        issuer: issuer.into(),
        client_id: "goda-exempel".into(),
        client_secret: None,
        organiser_claim: "groups".into(),
        organiser_value: "goda-exempel-redaktion".into(),
        name_claim: "preferred_username".into(),
        scopes: Vec::new(),
    }
}

/// The app with the city login of a provider that nothing answers for (no port listens).
fn app_with_unanswering_city_login() -> crate::support::TestApp {
    app_with(
        &fixture_corpus(),
        goda::web::Settings {
            public_url: Some("https://goda.example.se".into()),
            oidc: Some(city(&format!("http://127.0.0.1:{}", free_port()))),
            ..Default::default()
        },
    )
}

#[tokio::test]
async fn password_login_can_be_turned_off_and_then_ends_password_sessions() {
    let app = app_with_unanswering_city_login();
    let page = app.get("/login").await;
    assert!(
        page.body
            .contains("Logga in med ditt konto i Stockholms stad")
    );
    assert!(
        page.body.contains(r#"name="password""#),
        "both ways by default"
    );
    let (cookie, _csrf) = app.login().await;
    let as_organiser = [("cookie", cookie.as_str())];
    assert_eq!(
        app.request("GET", "/admin", &as_organiser, "").await.status,
        axum::http::StatusCode::OK
    );

    let config = std::fs::read_to_string(&app.config).unwrap();
    std::fs::write(&app.config, format!("password_login = false\n{config}")).unwrap();
    let page = app.get("/login").await;
    assert!(
        page.body
            .contains("Logga in med ditt konto i Stockholms stad")
    );
    assert!(
        !page.body.contains(r#"name="password""#),
        "no password form"
    );
    let admin = app.request("GET", "/admin", &as_organiser, "").await;
    assert_eq!(
        admin.status,
        axum::http::StatusCode::SEE_OTHER,
        "the password session ended"
    );
    let csrf = app.csrf().await;
    let body = format!(
        "csrf={csrf}&name={}&password={}",
        crate::support::ORGANISER.0,
        crate::support::ORGANISER.1.replace(' ', "+")
    );
    let refused = app.post_form_raw("/login", &body, Some(&csrf)).await;
    assert_eq!(refused.status, axum::http::StatusCode::FORBIDDEN);
    assert!(refused.body.contains("Inloggning med lösenord är avstängd"));
}

#[tokio::test]
async fn a_provider_that_does_not_answer_and_a_callback_without_a_login_get_a_clear_page() {
    // Nothing listens at the issuer's port.
    let app = app_with_unanswering_city_login();
    let down = app.get("/login/oidc?next=/admin").await;
    assert_eq!(down.status, axum::http::StatusCode::SERVICE_UNAVAILABLE);
    assert!(down.body.contains("Stadens inloggning svarar inte just nu"));
    let stray = app.get("/login/oidc/callback?code=x&state=y").await;
    assert_eq!(stray.status, axum::http::StatusCode::BAD_REQUEST);
    assert!(stray.body.contains("Inloggningen kunde inte slutföras"));

    // Without the city login there is nothing at its addresses.
    let plain = crate::support::app();
    assert_eq!(
        plain.get("/login/oidc").await.status,
        axum::http::StatusCode::NOT_FOUND
    );
    assert!(
        !plain
            .get("/login")
            .await
            .body
            .contains("Logga in med ditt konto")
    );
}

#[test]
fn city_login_settings_say_what_is_wrong() {
    let ok = city("https://login.stockholm.se/realms/stad");
    assert!(ok.check(Some("https://goda.example.se")).is_ok());
    let message =
        |s: goda::config::OidcSettings, url: Option<&str>| s.check(url).unwrap_err().to_string();
    assert!(message(ok.clone(), None).contains("public_url"));
    assert!(
        message(city("login.stockholm.se"), Some("https://goda.example.se")).contains("issuer")
    );
    assert!(
        message(
            city("http://login.stockholm.se"),
            Some("https://goda.example.se")
        )
        .contains("https")
    );
    assert!(
        city("http://127.0.0.1:4000")
            .check(Some("https://goda.example.se"))
            .is_ok()
    );
    let no_client = goda::config::OidcSettings {
        client_id: " ".into(),
        ..ok.clone()
    };
    assert!(message(no_client, Some("https://x.se")).contains("client_id"));
    let no_value = goda::config::OidcSettings {
        organiser_value: String::new(),
        ..ok
    };
    assert!(message(no_value, Some("https://x.se")).contains("organiser_value"));
    let parsed: goda::config::Config = toml::from_str(
        "[oidc]\nissuer = \"https://login.stockholm.se\"\nclient_id = \"g\"\norganiser_value = \"r\"\n",
    )
    .unwrap();
    let oidc = parsed.oidc.unwrap();
    assert_eq!(oidc.organiser_claim, "groups");
    assert_eq!(oidc.name_claim, "preferred_username");
    assert!(parsed.password_login);
}
