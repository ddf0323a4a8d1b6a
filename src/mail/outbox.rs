//! The outbox: every mail waiting to be sent is a JSON file in a folder, written atomically,
//! so that a restart or an unreachable mail server loses none. A failed mail waits longer
//! after every try (doubling, at most an hour) and is tried again until it is sent.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::corpus::{CorpusError, WriteMode, write_atomically};

/// One mail: plain text and HTML, in Swedish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Tries made so far.
    #[serde(default)]
    pub attempts: u32,
    /// Not to be tried before this time (seconds since 1970).
    #[serde(default)]
    pub not_before: i64,
}

/// The longest wait between two tries.
const MAX_WAIT: Duration = Duration::from_secs(60 * 60);

/// The folder of waiting mails, and a bell that wakes the sender when one is added.
#[derive(Debug, Clone)]
pub struct Outbox {
    dir: PathBuf,
    bell: Arc<(Mutex<bool>, Condvar)>,
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

impl Outbox {
    /// The outbox in `dir` (made when the first mail is queued).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Outbox {
            dir: dir.into(),
            bell: Arc::new((Mutex::new(false), Condvar::new())),
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Queues `mail` to be sent as soon as possible and wakes the sender.
    ///
    /// On `Err` the mail could not be written and is not queued.
    pub fn queue(&self, mail: &Mail) -> Result<(), CorpusError> {
        std::fs::create_dir_all(&self.dir).map_err(|source| CorpusError::Write {
            path: self.dir.clone(),
            source,
        })?;
        let name = format!(
            "{}-{}.json",
            jiff::Timestamp::now().as_millisecond(),
            &crate::corpus::new_token()?[..12]
        );
        let json = serde_json::to_vec_pretty(mail).expect("a mail serialises");
        write_atomically(&self.dir, &name, &json, WriteMode::CreateNew)?;
        self.ring();
        Ok(())
    }

    fn ring(&self) {
        let (rung, bell) = &*self.bell;
        *rung.lock().unwrap_or_else(PoisonError::into_inner) = true;
        bell.notify_all();
    }

    /// Waits until a mail is queued or `timeout` has passed.
    pub fn wait(&self, timeout: Duration) {
        let (rung, bell) = &*self.bell;
        let guard = rung.lock().unwrap_or_else(PoisonError::into_inner);
        let (mut guard, _) = bell
            .wait_timeout_while(guard, timeout, |rung| !*rung)
            .unwrap_or_else(PoisonError::into_inner);
        *guard = false;
    }

    /// The mails due now, oldest first, with their files. Unreadable files are skipped (and
    /// logged): they are never deleted.
    pub fn due(&self) -> Vec<(PathBuf, Mail)> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let now = now();
        files
            .into_iter()
            .filter_map(|path| {
                let mail: Mail = std::fs::read(&path)
                    .ok()
                    .and_then(|bytes| serde_json::from_slice(&bytes).ok())
                    .or_else(|| {
                        tracing::warn!(file = %path.display(), "an unreadable mail in the outbox");
                        None
                    })?;
                (mail.not_before <= now).then_some((path, mail))
            })
            .collect()
    }

    /// How many mails wait.
    pub fn len(&self) -> usize {
        std::fs::read_dir(&self.dir).map_or(0, |entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .count()
        })
    }

    /// Whether no mail waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The mail in `path` was sent.
    pub fn sent(&self, path: &Path) {
        if let Err(e) = std::fs::remove_file(path) {
            tracing::warn!(file = %path.display(), "a sent mail could not be removed: {e}");
        }
    }

    /// The mail in `path` could not be sent: it waits `base` doubled for each try, at most an
    /// hour, before the next.
    pub fn failed(&self, path: &Path, mut mail: Mail, base: Duration) {
        mail.attempts += 1;
        let wait = base
            .saturating_mul(1 << mail.attempts.min(12).saturating_sub(1))
            .min(MAX_WAIT);
        mail.not_before = now() + wait.as_secs() as i64;
        let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str()))
        else {
            return;
        };
        let json = serde_json::to_vec_pretty(&mail).expect("a mail serialises");
        if let Err(e) = write_atomically(dir, name, &json, WriteMode::Replace) {
            tracing::warn!(file = %path.display(), "a failed mail could not be rescheduled: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail() -> Mail {
        Mail {
            to: "a@stockholm.example".into(),
            subject: "Hej".into(),
            text: "Text".into(),
            html: "<p>Text</p>".into(),
            attempts: 0,
            not_before: 0,
        }
    }

    #[test]
    fn a_queued_mail_waits_in_a_file_until_sent_and_a_failed_one_waits_longer_each_time() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path().join("utkorg"));
        outbox.queue(&mail()).unwrap();
        let again = Outbox::new(dir.path().join("utkorg"));
        let due = again.due();
        assert_eq!(due.len(), 1, "it survives a restart");
        let (path, m) = due.into_iter().next().unwrap();
        again.failed(&path, m, Duration::from_secs(30));
        assert!(again.due().is_empty(), "not due again at once");
        assert_eq!(again.len(), 1, "but still there");
        let stored: Mail = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(stored.attempts, 1);
        again.sent(&path);
        assert!(again.is_empty());
    }
}
