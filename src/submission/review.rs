//! What the review workflow keeps beside an example: the hash of its private edit token and
//! the history of its status changes, in `{corpus}/.review/{id}.json` (a hidden folder, so
//! the corpus loader never reads it as an example).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::corpus::{CorpusError, WriteMode, write_atomically};
use crate::model::{ExampleId, Status};

/// The folder of review records inside the corpus.
pub const REVIEW_DIR: &str = ".review";

/// One status change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusChange {
    /// When, as an RFC 3339 timestamp.
    pub at: String,
    /// Who: an organiser's name, or `enheten` for the submitting unit.
    pub by: String,
    /// The status before (none when the example was submitted).
    pub from: Option<Status>,
    /// The status after.
    pub to: Status,
    /// A comment the unit sees (request for changes, reason for rejection).
    pub comment: Option<String>,
}

/// The review record of one example.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReviewRecord {
    /// SHA-256 of the unit's edit token, in hex. The token itself is never stored.
    pub edit_token_sha256: String,
    /// Every status change, oldest first.
    pub history: Vec<StatusChange>,
}

/// SHA-256 of `token`, in hex.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new random edit token (see [`crate::corpus::new_token`]).
pub use crate::corpus::new_token;

fn dir(corpus: &Path) -> PathBuf {
    corpus.join(REVIEW_DIR)
}

/// Reads the review record of `id`; `None` when there is none or it is unreadable.
pub fn read(corpus: &Path, id: &ExampleId) -> Option<ReviewRecord> {
    let bytes = std::fs::read(dir(corpus).join(format!("{id}.json"))).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Writes the review record of `id` atomically.
pub fn write(corpus: &Path, id: &ExampleId, record: &ReviewRecord) -> Result<(), CorpusError> {
    let dir = dir(corpus);
    std::fs::create_dir_all(&dir).map_err(|source| CorpusError::Write {
        path: dir.clone(),
        source,
    })?;
    let json = serde_json::to_vec_pretty(record).expect("a review record serialises");
    write_atomically(&dir, &format!("{id}.json"), &json, WriteMode::Replace)?;
    Ok(())
}

/// The suffix of a waiting update's file beside the review record.
const UPDATE_SUFFIX: &str = ".uppdatering.md";

/// Keeps `update` as the waiting update of its example, atomically (replacing one waiting).
pub fn write_update(corpus: &Path, update: &crate::model::Example) -> Result<(), CorpusError> {
    let dir = dir(corpus);
    std::fs::create_dir_all(&dir).map_err(|source| CorpusError::Write {
        path: dir.clone(),
        source,
    })?;
    let text = crate::corpus::example_to_file_text(update);
    write_atomically(
        &dir,
        &format!("{}{UPDATE_SUFFIX}", update.id),
        text.as_bytes(),
        WriteMode::Replace,
    )?;
    Ok(())
}

/// The waiting update of `id`, if there is one that reads as an example.
pub fn read_update(
    corpus: &Path,
    id: &ExampleId,
    today: jiff::civil::Date,
) -> Option<crate::model::Example> {
    let path = dir(corpus).join(format!("{id}{UPDATE_SUFFIX}"));
    let bytes = std::fs::read(&path).ok()?;
    // Read as the example's own file would be: its name is the id's.
    crate::corpus::parse_example(dir(corpus).join(id.file_name()), &bytes, today).ok()
}

/// Drops the waiting update of `id` (none: nothing to do).
pub fn remove_update(corpus: &Path, id: &ExampleId) -> Result<(), CorpusError> {
    let path = dir(corpus).join(format!("{id}{UPDATE_SUFFIX}"));
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(CorpusError::Write { path, source }),
    }
}

/// The examples with a waiting update, the oldest update first.
pub fn updates(corpus: &Path) -> Vec<ExampleId> {
    let Ok(entries) = std::fs::read_dir(dir(corpus)) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, ExampleId)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let id = ExampleId::parse(name.strip_suffix(UPDATE_SUFFIX)?).ok()?;
            let modified = e.metadata().and_then(|m| m.modified()).ok()?;
            Some((modified, id))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, id)| id).collect()
}

/// Whether `token` opens the example `id`: its hash equals the stored one, compared in
/// constant time.
pub fn token_opens(record: &ReviewRecord, token: &str) -> bool {
    let a = token_hash(token);
    let b = &record.edit_token_sha256;
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_opens_only_its_own_record() {
        let token = new_token().unwrap();
        assert_eq!(token.len(), 64);
        let record = ReviewRecord {
            edit_token_sha256: token_hash(&token),
            history: Vec::new(),
        };
        assert!(token_opens(&record, &token));
        assert!(!token_opens(&record, &new_token().unwrap()));
        assert!(!token_opens(&record, ""));
    }
}
