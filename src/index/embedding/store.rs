//! Vectors on disk, keyed by the SHA-256 of the model and the text embedded, so that a
//! restart or a reindex embeds only what changed.
//!
//! One append-only file, `vectors.bin` in the index folder: records of the key (32 bytes), the
//! quantised vector ([`Quantized::BYTES`]) and a CRC-32 of both. A record is appended and the
//! file synced before its vector is used, so nothing acknowledged is lost; a record cut short
//! by a crash, or one that fails its checksum, is dropped when the file is read (and the file
//! is cut back to its last good record). When more than half the records are for texts no
//! longer in the index, the file is rewritten with the live ones (a temporary file, synced,
//! then renamed over it).

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::model::MODEL_ID;
use super::vector::Quantized;

/// The key of a vector: SHA-256 of the model id and the text.
pub type Key = [u8; 32];

const RECORD: usize = 32 + Quantized::BYTES + 4;
/// The file's name in the index folder.
pub const FILE: &str = "vectors.bin";

/// The key of `text` embedded by this crate's model.
pub fn key_of(text: &str) -> Key {
    let mut hash = Sha256::new();
    hash.update(MODEL_ID.as_bytes());
    hash.update([0]);
    hash.update(text.as_bytes());
    hash.finalize().into()
}

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
#[error("vector store {path}: {source}")]
pub struct StoreError {
    /// The file.
    pub path: PathBuf,
    /// What failed.
    pub source: std::io::Error,
}

/// The vectors known on disk.
pub struct VectorStore {
    path: PathBuf,
    file: File,
    vectors: HashMap<Key, Arc<Quantized>>,
    records: usize,
}

fn checksum(bytes: &[u8]) -> [u8; 4] {
    crc32fast::hash(bytes).to_le_bytes()
}

impl VectorStore {
    /// Opens (or creates) the store in the folder `dir`.
    pub fn open(dir: &Path) -> Result<VectorStore, StoreError> {
        let path = dir.join(FILE);
        let err = |source| StoreError {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(err)?;
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(err)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(err)?;
        let mut vectors = HashMap::new();
        let mut good = 0;
        for record in bytes.chunks_exact(RECORD) {
            let (body, sum) = record.split_at(RECORD - 4);
            if checksum(body) != sum {
                break;
            }
            let key: Key = body[..32].try_into().expect("32 bytes");
            if let Some(v) = Quantized::from_bytes(&body[32..]) {
                vectors.insert(key, Arc::new(v));
            }
            good += RECORD;
        }
        if good < bytes.len() {
            tracing::warn!(
                file = %path.display(),
                dropped_bytes = bytes.len() - good,
                "the vector store ended in a damaged record; it was dropped"
            );
            file.set_len(good as u64).map_err(err)?;
        }
        Ok(VectorStore {
            path,
            file,
            records: good / RECORD,
            vectors,
        })
    }

    /// The vector stored for `key`.
    pub fn get(&self, key: &Key) -> Option<Arc<Quantized>> {
        self.vectors.get(key).cloned()
    }

    /// The number of vectors stored.
    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    /// Whether no vector is stored.
    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }

    /// Appends vectors and syncs the file; they are in the store once this returns `Ok`.
    pub fn put(&mut self, entries: &[(Key, Arc<Quantized>)]) -> Result<(), StoreError> {
        let mut bytes = Vec::with_capacity(entries.len() * RECORD);
        for (key, vector) in entries {
            let start = bytes.len();
            bytes.extend_from_slice(key);
            vector.to_bytes(&mut bytes);
            let sum = checksum(&bytes[start..]);
            bytes.extend_from_slice(&sum);
        }
        let err = |source| StoreError {
            path: self.path.clone(),
            source,
        };
        self.file.write_all(&bytes).map_err(err)?;
        self.file.sync_data().map_err(err)?;
        for (key, vector) in entries {
            self.vectors.insert(*key, vector.clone());
        }
        self.records += entries.len();
        Ok(())
    }

    /// Rewrites the file with only the vectors of `live` keys when most records are stale.
    pub fn compact(&mut self, live: &HashSet<Key>) -> Result<(), StoreError> {
        if self.records < 64 || live.len() * 2 > self.records {
            return Ok(());
        }
        let err = |source| StoreError {
            path: self.path.clone(),
            source,
        };
        self.vectors.retain(|k, _| live.contains(k));
        let tmp = self.path.with_extension("bin.tmp");
        let mut out = File::create(&tmp).map_err(err)?;
        let mut bytes = Vec::with_capacity(self.vectors.len() * RECORD);
        for (key, vector) in &self.vectors {
            let start = bytes.len();
            bytes.extend_from_slice(key);
            vector.to_bytes(&mut bytes);
            let sum = checksum(&bytes[start..]);
            bytes.extend_from_slice(&sum);
        }
        out.write_all(&bytes).map_err(err)?;
        out.sync_all().map_err(err)?;
        std::fs::rename(&tmp, &self.path).map_err(err)?;
        if let Some(dir) = self.path.parent() {
            File::open(dir).and_then(|d| d.sync_all()).map_err(err)?;
        }
        self.file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(&self.path)
            .map_err(err)?;
        self.records = self.vectors.len();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(x: f32) -> Arc<Quantized> {
        let mut v = [0.0f32; super::super::model::DIM];
        v[0] = x;
        v[1] = (1.0 - x * x).sqrt();
        Arc::new(Quantized::new(&v))
    }

    #[test]
    fn stored_vectors_are_there_after_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = VectorStore::open(dir.path()).unwrap();
        store
            .put(&[(key_of("a"), vector(0.6)), (key_of("b"), vector(0.8))])
            .unwrap();
        drop(store);
        let store = VectorStore::open(dir.path()).unwrap();
        assert_eq!(store.len(), 2);
        assert_eq!(store.get(&key_of("a")), Some(vector(0.6)));
    }

    #[test]
    fn a_record_cut_short_by_a_crash_is_dropped_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = VectorStore::open(dir.path()).unwrap();
        store.put(&[(key_of("a"), vector(0.6))]).unwrap();
        drop(store);
        let path = dir.path().join(FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(&[7u8; 100]);
        std::fs::write(&path, &bytes).unwrap();
        let mut store = VectorStore::open(dir.path()).unwrap();
        assert_eq!(store.len(), 1);
        assert_eq!(std::fs::metadata(&path).unwrap().len() as usize, RECORD);
        store.put(&[(key_of("b"), vector(0.8))]).unwrap();
        drop(store);
        assert_eq!(VectorStore::open(dir.path()).unwrap().len(), 2);
    }

    #[test]
    fn compaction_keeps_only_live_vectors() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = VectorStore::open(dir.path()).unwrap();
        let entries: Vec<_> = (0..100)
            .map(|i| (key_of(&i.to_string()), vector(0.5)))
            .collect();
        store.put(&entries).unwrap();
        let live: HashSet<Key> = [key_of("1"), key_of("2")].into_iter().collect();
        store.compact(&live).unwrap();
        drop(store);
        let store = VectorStore::open(dir.path()).unwrap();
        assert_eq!(store.len(), 2);
        assert!(store.get(&key_of("1")).is_some());
    }
}
