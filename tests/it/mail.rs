//! E-mail through a real SMTP server (aiosmtpd, started here): the unit's receipt with its
//! private link, the editors' notice, a word at each status change with the comment, and a
//! mail that waits in the outbox while the server is down and arrives when it is back.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::http::StatusCode;

use crate::support::{TestApp, app_with, fixture_corpus};

/// A running SMTP server, stopped when dropped (also when a test fails).
pub(crate) struct Smtp(Child);

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An SMTP server on `port` that keeps every message in the Maildir `mbox`.
pub(crate) fn smtp_server(port: u16, mbox: &Path) -> Smtp {
    let child = Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        .arg(mbox)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("aiosmtpd runs (scripts/setup installs it)");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "aiosmtpd did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Smtp(child)
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Every message in the Maildir, decoded by Python's own mail parser: its recipient,
/// subject, content types and text parts.
fn messages(mbox: &Path) -> String {
    const DECODE: &str = r#"
import mailbox, sys
from email.header import decode_header, make_header
for m in mailbox.Maildir(sys.argv[1], create=False):
    print("To:", m["To"])
    print("Subject:", str(make_header(decode_header(m["Subject"]))))
    for part in m.walk():
        print("Content-Type:", part.get_content_type())
        if part.get_content_maintype() == "text":
            print(part.get_payload(decode=True).decode("utf-8"))
    print("----")
"#;
    let out = Command::new("python3")
        .args(["-c", DECODE])
        .arg(mbox)
        .output()
        .expect("python3 runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The decoded messages once one contains `needle`.
pub(crate) fn arrives(mbox: &Path, needle: &str) -> String {
    let started = Instant::now();
    loop {
        let text = if mbox.exists() {
            messages(mbox)
        } else {
            String::new()
        };
        if text.contains(needle) {
            return text;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no mail with {needle:?} arrived: {text}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn mailing_app(port: u16) -> TestApp {
    let mail = goda::mail::MailSettings {
        server: "127.0.0.1".into(),
        port,
        security: goda::mail::Security::None,
        sender: "Goda exempel <goda-exempel@stockholm.example>".into(),
        username: None,
        retry_seconds: 1,
    };
    let app = app_with(
        &fixture_corpus(),
        goda::web::Settings {
            mail: Some(mail),
            public_url: Some("https://goda.example.se".into()),
            ..Default::default()
        },
    );
    // The organiser anna asks for a notice of each new submission.
    let config = std::fs::read_to_string(&app.config).unwrap();
    let config = config.replace(
        "[[organiser]]\nname = \"anna\"",
        "[[organiser]]\nname = \"anna\"\nemail = \"anna@stockholm.example\"",
    );
    std::fs::write(&app.config, config).unwrap();
    app
}

#[tokio::test]
async fn units_and_editors_get_mail_and_none_is_lost_while_the_server_is_down() {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let mbox: PathBuf = dir.path().join("mbox");
    let server = smtp_server(port, &mbox);
    let app = mailing_app(port);
    let draft = serde_json::json!({
        "title": "Lärcaféer för pedagoger", "summary": "Pedagoger delar metoder.", "unit": "Förskolan Ugglan",
        "organisation": "Bromma stadsdelsförvaltning", "area": "forskola", "focus_areas": ["metoder"],
        "maturity": "pilot", "year": 2026, "contact_email": "ugglan@stockholm.example",
        "body": "## Bakgrund och utmaning\n\nVi ville lära av varandra."
    });
    let r = app.post_json("/api/examples", &draft.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let receipt = r.json();
    let (id, link) = (
        receipt["id"].as_str().unwrap().to_owned(),
        receipt["edit_url"].as_str().unwrap().to_owned(),
    );
    let mail = arrives(&mbox, "Vi har tagit emot ert exempel");
    assert!(mail.contains("To: ugglan@stockholm.example"));
    assert!(
        mail.contains(&link),
        "the receipt has the full private link"
    );
    assert!(
        mail.contains("Content-Type: text/html"),
        "plain text and HTML"
    );
    let notice = arrives(&mbox, "Nytt exempel att granska");
    assert!(notice.contains("anna@stockholm.example"));
    assert!(notice.contains(&format!("/admin/exempel/{id}")));

    // The server is down while the editors ask for changes: the mail waits in the outbox.
    drop(server);
    let token = app.api_token();
    let changed = app
        .request(
            "POST",
            &format!("/api/admin/examples/{id}/status"),
            &[
                ("authorization", &format!("Bearer {token}")),
                ("content-type", "application/json"),
            ],
            r#"{"status": "changes_requested", "comment": "Lägg till vad det kostade."}"#,
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let outbox = goda::mail::Outbox::new(app.corpus.path().join(goda::mail::OUTBOX_DIR));
    let started = Instant::now();
    while outbox.is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the mail was not queued"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(outbox.len(), 1, "it waits while the server is down");
    let _back = smtp_server(port, &mbox);
    let word = arrives(&mbox, "Lägg till vad det kostade.");
    assert!(word.contains("Ändringar begärda"));
    let started = Instant::now();
    while !outbox.is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "a sent mail left the outbox"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
