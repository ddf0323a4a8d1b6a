//! Organisers' sessions, on `tower-sessions`: a new id at every login, the cookie `HttpOnly`,
//! `SameSite=Strict` and `Secure` over HTTPS, and the session bound to a fingerprint of the
//! organiser's password hash, so that it ends when the password changes or the organiser is
//! removed from the config. The records are kept by [`FileStore`] in a file beside the index,
//! so that a restart logs no one out; only the SHA-256 of each session id is stored.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::cookie::{SameSite, time};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, Session, SessionManagerLayer};

use crate::submission::token_hash;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "goda_session";
/// How long a session lasts without activity.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(8 * 60 * 60);
/// How far a session's end may move before the file is rewritten.
const FILE_SLACK_SECONDS: i64 = 300;
/// The key of the organiser in a session's data.
const ORGANISER: &str = "organiser";

/// The start of the fingerprint of a session of the city login.
pub const CITY_PREFIX: &str = "oidc:";
/// How long a session of the city login lasts at most, however active: the provider is not
/// asked again meanwhile, so someone taken out of the organisers' group keeps access until
/// then at the longest (a password session ends when the password changes instead).
pub const CITY_SESSION_MAX: Duration = Duration::from_secs(10 * 60 * 60);

/// Who a session belongs to, the fingerprint of their credentials at login, and when that
/// was (seconds since 1970).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Signed {
    name: String,
    fingerprint: String,
    #[serde(default)]
    since: i64,
}

impl Signed {
    /// Whether the session has lasted longer than it may at `now`: a session of the city login
    /// after [`CITY_SESSION_MAX`] (one from before the time was kept counts as outlived).
    fn outlived(&self, now: i64) -> bool {
        self.fingerprint.starts_with(CITY_PREFIX)
            && now - self.since > CITY_SESSION_MAX.as_secs() as i64
    }
}

/// The session layer over `store`; its cookie is `Secure` when `secure`.
pub fn layer(store: FileStore, secure: bool) -> SessionManagerLayer<FileStore> {
    let lifetime = time::Duration::seconds(SESSION_LIFETIME.as_secs() as i64);
    SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(lifetime))
        // Every request of an organiser moves the end of the session on, so that it ends
        // after eight hours without activity, not in the middle of a working day.
        .with_always_save(true)
}

/// Starts the session of organiser `name`, whose password hash has `fingerprint`, under a new
/// id (a session fixed before login cannot be taken over).
///
/// On `Err` the session store failed and no one is logged in.
pub async fn start(
    session: &Session,
    name: &str,
    fingerprint: String,
) -> session_store::Result<()> {
    session.cycle_id().await.map_err(store_error)?;
    let signed = Signed {
        name: name.to_owned(),
        fingerprint,
        since: OffsetDateTime::now_utc().unix_timestamp(),
    };
    session.insert(ORGANISER, signed).await.map_err(store_error)
}

/// The organiser of the session, if it has one and `still_valid(name, fingerprint)` says the
/// organiser's credentials are unchanged; a session that fails the check is ended.
pub async fn organiser(
    session: &Session,
    still_valid: impl FnOnce(&str, &str) -> bool,
) -> Option<String> {
    let signed: Signed = session.get(ORGANISER).await.ok().flatten()?;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    if !signed.outlived(now) && still_valid(&signed.name, &signed.fingerprint) {
        return Some(signed.name);
    }
    end(session).await;
    None
}

/// Ends the session: its record is deleted and its cookie cleared (a failure is logged).
pub async fn end(session: &Session) {
    if let Err(e) = session.flush().await {
        tracing::warn!("cannot end a session: {e}");
    }
}

fn store_error(e: tower_sessions::session::Error) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

/// A session as kept in the file: its data and when it ends (seconds since 1970).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Kept {
    data: HashMap<String, serde_json::Value>,
    expires: i64,
}

/// Session records in memory, written through to a JSON file keyed by the SHA-256 of each
/// id. Organisers are few and their sessions change only at login and logout, so the whole
/// file is rewritten (atomically) at each change.
#[derive(Debug, Clone, Default)]
pub struct FileStore {
    records: Arc<Mutex<HashMap<String, Kept>>>,
    file: Option<PathBuf>,
}

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

impl FileStore {
    /// The sessions kept in `file`, read now; a missing file is no sessions, an unreadable
    /// one too (logged).
    pub fn open(file: PathBuf) -> Self {
        let records: HashMap<String, Kept> = match std::fs::read(&file) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!("ignoring the sessions in {}: {e}", file.display());
                HashMap::new()
            }),
            Err(_) => HashMap::new(),
        };
        let live = records
            .into_iter()
            .filter(|(_, k)| k.expires > now())
            .collect();
        FileStore {
            records: Arc::new(Mutex::new(live)),
            file: Some(file),
        }
    }

    /// Writes the records to the file, if there is one, dropping the ended ones.
    fn write(&self, records: &mut HashMap<String, Kept>) -> session_store::Result<()> {
        let now = now();
        records.retain(|_, k| k.expires > now);
        let Some(file) = &self.file else {
            return Ok(());
        };
        let (Some(dir), Some(name)) = (file.parent(), file.file_name().and_then(|n| n.to_str()))
        else {
            return Err(session_store::Error::Backend(format!(
                "{} is not a file path",
                file.display()
            )));
        };
        let json =
            serde_json::to_vec(records).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        // The sessions in memory go on working when the file cannot be written (logged): a
        // full disk must not lock every organiser out; only a restart would then lose them.
        if let Err(e) =
            crate::corpus::write_atomically(dir, name, &json, crate::corpus::WriteMode::Replace)
        {
            tracing::warn!("cannot keep the sessions in {}: {e}", file.display());
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Kept>> {
        self.records.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn key(id: &Id) -> String {
    token_hash(&id.to_string())
}

fn kept(record: &Record) -> Kept {
    Kept {
        data: record.data.clone(),
        expires: record.expiry_date.unix_timestamp(),
    }
}

#[async_trait]
impl SessionStore for FileStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        if record.data.is_empty() {
            // Nothing to keep: only a login puts data in a session.
            return Ok(());
        }
        let mut records = self.lock();
        while records.contains_key(&key(&record.id)) {
            record.id = Id::default();
        }
        records.insert(key(&record.id), kept(record));
        self.write(&mut records)
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let mut records = self.lock();
        // A session without data (any cookie a client makes up) is never kept: the file holds
        // organisers' sessions only, and cannot be grown by strangers.
        if record.data.is_empty() {
            if records.remove(&key(&record.id)).is_some() {
                self.write(&mut records)?;
            }
            return Ok(());
        }
        let new = kept(record);
        // Each request of an organiser moves the end on: the file is rewritten only when the
        // data changed or the end moved by minutes (a restart loses at most that much).
        let quiet = records.get(&key(&record.id)).is_some_and(|old| {
            old.data == new.data && new.expires - old.expires < FILE_SLACK_SECONDS
        });
        records.insert(key(&record.id), new);
        if quiet {
            return Ok(());
        }
        self.write(&mut records)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let records = self.lock();
        let Some(k) = records.get(&key(id)).filter(|k| k.expires > now()) else {
            return Ok(None);
        };
        let expiry_date = OffsetDateTime::from_unix_timestamp(k.expires)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data: k.data.clone(),
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let mut records = self.lock();
        if records.remove(&key(id)).is_some() {
            self.write(&mut records)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_city_session_ends_after_its_longest_lifetime_and_a_password_session_does_not() {
        let at = |fingerprint: &str, since| Signed {
            name: "anna".into(),
            fingerprint: fingerprint.into(),
            since,
        };
        let max = CITY_SESSION_MAX.as_secs() as i64;
        let now = 2_000_000_000;
        assert!(!at("oidc:abc", now - max + 60).outlived(now));
        assert!(at("oidc:abc", now - max - 60).outlived(now));
        assert!(
            at("oidc:abc", 0).outlived(now),
            "from before the time was kept"
        );
        assert!(!at("0f3a", now - 10 * max).outlived(now));
    }

    fn record(id: i128, hours: i64) -> Record {
        let mut data = HashMap::new();
        data.insert("organiser".to_owned(), serde_json::json!({"name": "anna"}));
        Record {
            id: Id(id),
            data,
            expiry_date: OffsetDateTime::now_utc() + time::Duration::hours(hours),
        }
    }

    #[tokio::test]
    async fn records_kept_in_a_file_survive_a_restart_and_only_hashes_of_ids_are_stored() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sessions.json");
        let store = FileStore::open(file.clone());
        let mut r = record(42, 8);
        store.create(&mut r).await.unwrap();
        let stored = std::fs::read_to_string(&file).unwrap();
        assert!(
            !stored.contains(&r.id.to_string()),
            "only the hash of the id"
        );
        let after = FileStore::open(file.clone());
        assert_eq!(after.load(&r.id).await.unwrap().unwrap().data, r.data);
        after.delete(&r.id).await.unwrap();
        assert!(FileStore::open(file).load(&r.id).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn an_ended_record_is_not_loaded_and_a_taken_id_is_not_reused() {
        let store = FileStore::default();
        let mut old = record(7, -1);
        store.save(&old).await.unwrap();
        assert!(store.load(&old.id).await.unwrap().is_none());
        let mut live = record(8, 1);
        store.create(&mut live).await.unwrap();
        let mut clash = record(8, 1);
        store.create(&mut clash).await.unwrap();
        assert_ne!(clash.id, live.id);
        old.id = live.id;
        assert!(store.load(&old.id).await.unwrap().is_some());
    }

    #[tokio::test]
    async fn activity_moves_the_end_on_and_the_file_follows_when_it_moved_by_minutes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sessions.json");
        let store = FileStore::open(file.clone());
        let mut r = record(9, 8);
        store.create(&mut r).await.unwrap();
        let written = std::fs::read(&file).unwrap();
        r.expiry_date += time::Duration::seconds(10);
        store.save(&r).await.unwrap();
        let loaded = store.load(&r.id).await.unwrap().unwrap();
        assert_eq!(
            loaded.expiry_date.unix_timestamp(),
            r.expiry_date.unix_timestamp()
        );
        assert_eq!(
            std::fs::read(&file).unwrap(),
            written,
            "seconds: memory only"
        );
        r.expiry_date += time::Duration::minutes(10);
        store.save(&r).await.unwrap();
        assert_ne!(
            std::fs::read(&file).unwrap(),
            written,
            "minutes: the file too"
        );
    }

    #[tokio::test]
    async fn a_session_without_data_is_never_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sessions.json");
        let store = FileStore::open(file.clone());
        for i in 0..50 {
            let mut empty = Record {
                id: Id(1000 + i),
                data: HashMap::new(),
                expiry_date: OffsetDateTime::now_utc() + time::Duration::hours(8),
            };
            store.create(&mut empty).await.unwrap();
            store.save(&empty).await.unwrap();
        }
        assert!(store.lock().is_empty(), "nothing kept for made-up cookies");
        assert!(!file.exists(), "and nothing written");
    }
}
