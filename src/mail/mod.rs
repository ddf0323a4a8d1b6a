//! E-mail: the outbox (every waiting mail a file, so that none is lost), the sender that
//! empties it through the city's mail server, and the mails themselves. Off when the config
//! has no `[mail]`.

mod messages;
mod outbox;
mod smtp;

pub use messages::{adoption_receipt, daily_digest, new_submission, receipt, status_changed};
pub use outbox::{Mail, Outbox};
pub use smtp::{MailError, MailSettings, Security, start_sender};

/// The outbox's folder in the corpus: backed up with it, never indexed.
pub const OUTBOX_DIR: &str = ".utkorg";
