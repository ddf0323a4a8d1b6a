//! Sending through the city's mail server with `lettre`: the settings (`[mail]` in the
//! config) and the background sender that empties the outbox.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};
use serde::{Deserialize, Serialize};

use super::outbox::{Mail, Outbox};

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// STARTTLS on the submission port (587): the default.
    #[default]
    Starttls,
    /// TLS from the start (port 465).
    Tls,
    /// None: only for a server on the same machine or in tests.
    None,
}

/// The mail server (`[mail]` in the config). Without it no mail is sent or queued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    /// The server's host name.
    pub server: String,
    /// Its port; 587 when left out.
    #[serde(default = "default_port")]
    pub port: u16,
    #[serde(default)]
    pub security: Security,
    /// Who the mails are from: `Goda exempel <goda-exempel@stockholm.se>`.
    pub sender: String,
    /// The user to log in as, if the server asks; the password comes from the environment
    /// variable `GODA_SMTP_PASSWORD`, never from the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The wait before the first retry of a mail that could not be sent, in seconds (doubled
    /// for every further try, at most an hour); 30 when left out.
    #[serde(default = "default_retry")]
    pub retry_seconds: u64,
}

fn default_port() -> u16 {
    587
}

fn default_retry() -> u64 {
    30
}

/// Why the mail settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The sender is not a mailbox.
    #[error(
        "mail.sender \"{0}\" is not an address like \"Goda exempel <goda-exempel@stockholm.se>\""
    )]
    BadSender(String),
    /// The server cannot be reached with these settings.
    #[error("mail.server \"{0}\": {1}")]
    Server(String, String),
}

impl MailSettings {
    fn transport(&self) -> Result<SmtpTransport, MailError> {
        let server = |e: lettre::transport::smtp::Error| {
            MailError::Server(self.server.clone(), e.to_string())
        };
        let builder = match self.security {
            Security::Starttls => SmtpTransport::starttls_relay(&self.server).map_err(server)?,
            Security::Tls => SmtpTransport::relay(&self.server).map_err(server)?,
            Security::None => SmtpTransport::builder_dangerous(&self.server),
        };
        let mut builder = builder
            .port(self.port)
            .timeout(Some(Duration::from_secs(20)));
        if let Some(user) = &self.username {
            let password = std::env::var("GODA_SMTP_PASSWORD").unwrap_or_default();
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        Ok(builder.build())
    }

    /// Checks the settings: the sender is a mailbox and the server a name TLS can use.
    pub fn check(&self) -> Result<(), MailError> {
        self.sender
            .parse::<Mailbox>()
            .map_err(|_| MailError::BadSender(self.sender.clone()))?;
        self.transport().map(|_| ())
    }
}

/// Sends `mail` through `transport`.
fn send(transport: &SmtpTransport, from: &Mailbox, mail: &Mail) -> Result<(), String> {
    let to: Mailbox = mail.to.parse().map_err(|e| format!("recipient: {e}"))?;
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|e| e.to_string())?;
    transport
        .send(&message)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Starts the thread that sends what the outbox holds, as soon as it is queued and again
/// after each wait; it runs as long as the process.
///
/// On `Err` the settings cannot be used and nothing is started.
pub fn start_sender(outbox: Outbox, settings: MailSettings) -> Result<(), MailError> {
    settings.check()?;
    let from: Mailbox = settings
        .sender
        .parse()
        .map_err(|_| MailError::BadSender(settings.sender.clone()))?;
    let transport = settings.transport()?;
    let retry = Duration::from_secs(settings.retry_seconds.max(1));
    std::thread::Builder::new()
        .name("mail".into())
        .spawn(move || {
            loop {
                for (path, mail) in outbox.due() {
                    match send(&transport, &from, &mail) {
                        Ok(()) => outbox.sent(&path),
                        Err(e) => {
                            tracing::warn!(to = %mail.to, attempts = mail.attempts + 1, "a mail could not be sent; it waits in the outbox: {e}");
                            outbox.failed(&path, mail, retry);
                        }
                    }
                }
                // Also woken by a new mail; otherwise the waiting ones are looked at again.
                outbox.wait(Duration::from_secs(1).max(retry / 4));
            }
        })
        .map_err(|e| MailError::Server(settings.server.clone(), e.to_string()))?;
    Ok(())
}
