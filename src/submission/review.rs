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
